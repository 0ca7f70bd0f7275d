//! The typed model over the tree: what kind of callback this is, its workflow, tasks and jobs.
//!
//! Every field borrows from the tree and remembers nothing the tree does not hold; every node,
//! known or not, stays reachable through [`Job::node`], [`Workflow::node`] and the tree.

use chrono::{DateTime, FixedOffset};
use serde::{Serialize, Serializer};

use crate::spec::time::parse_time;
pub use crate::spec::{detect_kind, is_failed_state, Kind};
use crate::tree::{NodeId, Tree};

/// A timestamp as written, and its value when it parses in one of the published formats.
/// Serialized as RFC 3339 when it parses, as written otherwise.
#[derive(Debug, Clone, Copy)]
pub struct Timestamp<'t> {
    /// The text as written.
    pub raw: &'t str,
    /// The element holding it.
    pub node: NodeId,
    /// Its value, when it parses in a published format ([`crate::spec::time`]).
    pub value: Option<DateTime<FixedOffset>>,
}

impl<'t> Timestamp<'t> {
    fn of(tree: &'t Tree<'_>, parent: NodeId, name: &str) -> Option<Self> {
        let node = tree.child(parent, name)?;
        let raw = tree.leaf_text(node)?;
        Some(Timestamp { raw, node, value: parse_time(raw) })
    }
}

impl Serialize for Timestamp<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.value {
            Some(v) => s.serialize_str(&v.to_rfc3339()),
            None => s.serialize_str(self.raw),
        }
    }
}

/// Seconds from `a` to `b` when both parse.
pub fn duration(a: Option<&Timestamp<'_>>, b: Option<&Timestamp<'_>>) -> Option<i64> {
    Some((b?.value? - a?.value?).num_seconds())
}

/// One `Key`/`Value` custom header.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Header<'t> {
    /// `Key` (or the key of the audit map form).
    pub key: &'t str,
    /// `Value` (empty when absent).
    pub value: &'t str,
}

/// How a job was started when a workflow started it (`JobsDetail/Workflow`).
#[derive(Debug, Clone, Copy)]
pub struct Trigger<'t> {
    /// The `Workflow` element.
    pub node: NodeId,
    /// `Name`: the workflow node that ran the job.
    pub name: Option<&'t str>,
    /// `RunId`.
    pub run_id: Option<&'t str>,
    /// `WorkflowId`.
    pub workflow_id: Option<&'t str>,
    /// `WorkflowName`.
    pub workflow_name: Option<&'t str>,
}

/// The input object of a job.
#[derive(Debug, Clone)]
pub struct Input<'t> {
    /// The `Input` element (`JobsDetail` itself for audit Detail bodies, `data` for Simple ones).
    pub node: NodeId,
    /// `BucketId` (or `Bucket`).
    pub bucket: Option<&'t str>,
    /// `Region`.
    pub region: Option<&'t str>,
    /// `Object`: the input object key (`url` in audit Simple bodies).
    pub object: Option<&'t str>,
    /// `CosHeaders`, in order.
    pub cos_headers: Vec<Header<'t>>,
}

/// One job (`JobsDetail`), or the job an audit Simple body describes.
#[derive(Debug, Clone)]
pub struct Job<'t> {
    /// The `JobsDetail` element (`data` for an audit Simple body).
    pub node: NodeId,
    /// `JobId` (`job_id` or `trace_id` in audit Simple bodies).
    pub job_id: Option<&'t str>,
    /// `Tag`: the job type ([`crate::spec::tags`]); `event` in audit Simple bodies.
    pub tag: Option<&'t str>,
    /// `SubTag` (DigitalWatermark jobs).
    pub sub_tag: Option<&'t str>,
    /// `State`: `Success`, `Failed`, ...
    pub state: Option<&'t str>,
    /// `Code`: why it failed (`code` in audit Simple bodies).
    pub code: Option<&'t str>,
    /// `Message` (`message` in audit Simple bodies).
    pub message: Option<&'t str>,
    /// `Progress`, in percent.
    pub progress: Option<&'t str>,
    /// `QueueId`.
    pub queue_id: Option<&'t str>,
    /// `CreationTime`.
    pub creation_time: Option<Timestamp<'t>>,
    /// `StartTime`.
    pub start_time: Option<Timestamp<'t>>,
    /// `EndTime`.
    pub end_time: Option<Timestamp<'t>>,
    /// The input object.
    pub input: Option<Input<'t>>,
    /// The `Operation` element: the parameter echo and the results.
    pub operation: Option<NodeId>,
    /// The workflow that started the job, when one did.
    pub trigger: Option<Trigger<'t>>,
}

/// One task of a workflow run (`WorkflowExecution/Tasks`).
#[derive(Debug, Clone)]
pub struct Task<'t> {
    /// The `Tasks` element.
    pub node: NodeId,
    /// `Type`: a job Tag, or `HighSpeedHd`.
    pub task_type: Option<&'t str>,
    /// `Name`: the workflow node.
    pub name: Option<&'t str>,
    /// `State`.
    pub state: Option<&'t str>,
    /// `JobId`: the job the task ran.
    pub job_id: Option<&'t str>,
    /// `TemplateId`.
    pub template_id: Option<&'t str>,
    /// `TemplateName`.
    pub template_name: Option<&'t str>,
    /// `Code` (failed tasks).
    pub code: Option<&'t str>,
    /// `Message` (failed tasks).
    pub message: Option<&'t str>,
    /// `CreateTime`.
    pub create_time: Option<Timestamp<'t>>,
    /// `StartTime`.
    pub start_time: Option<Timestamp<'t>>,
    /// `EndTime`.
    pub end_time: Option<Timestamp<'t>>,
}

/// A workflow run (`WorkflowExecution`).
#[derive(Debug, Clone)]
pub struct Workflow<'t> {
    /// The `WorkflowExecution` element.
    pub node: NodeId,
    /// `WorkflowId`.
    pub workflow_id: Option<&'t str>,
    /// `WorkflowName`.
    pub workflow_name: Option<&'t str>,
    /// `RunId`.
    pub run_id: Option<&'t str>,
    /// `State`: `Success` or `Failed`.
    pub state: Option<&'t str>,
    /// `BucketId`.
    pub bucket_id: Option<&'t str>,
    /// `Object`: the input object key.
    pub object: Option<&'t str>,
    /// `CreateTime`.
    pub create_time: Option<Timestamp<'t>>,
    /// `CosHeaders`, in order.
    pub cos_headers: Vec<Header<'t>>,
    /// `Tasks`, in order.
    pub tasks: Vec<Task<'t>>,
}

/// The typed view of one callback body.
#[derive(Debug, Clone)]
pub struct Model<'t> {
    /// Which callback shape the body has.
    pub kind: Kind,
    /// `EventName`, when present.
    pub event: Option<&'t str>,
    /// The workflow run of a workflow callback.
    pub workflow: Option<Workflow<'t>>,
    /// The jobs of a job or audit callback, in order.
    pub jobs: Vec<Job<'t>>,
}

impl<'t> Model<'t> {
    /// The model of `tree`.
    pub fn new(tree: &'t Tree<'_>) -> Self {
        let kind = detect_kind(tree);
        if tree.is_empty() {
            return Model { kind, event: None, workflow: None, jobs: Vec::new() };
        }
        let root = tree.root();
        let event = tree.child_text(root, "EventName");
        let workflow = tree.child(root, "WorkflowExecution").map(|w| workflow(tree, w));
        let mut jobs: Vec<Job<'t>> = tree.children_named(root, "JobsDetail").map(|j| job(tree, j)).collect();
        if kind == Kind::AuditSimple {
            if let Some(data) = tree.child(root, "data") {
                jobs.push(audit_simple(tree, root, data));
            }
        }
        Model { kind, event, workflow, jobs }
    }

    /// True when the workflow or any job or task says `Failed`.
    pub fn failed(&self) -> bool {
        let is_failed = |s: Option<&str>| s.is_some_and(is_failed_state);
        self.jobs.iter().any(|j| is_failed(j.state))
            || self.workflow.as_ref().is_some_and(|w| is_failed(w.state) || w.tasks.iter().any(|t| is_failed(t.state)))
    }
}

fn text<'t>(tree: &'t Tree<'_>, parent: NodeId, name: &str) -> Option<&'t str> {
    tree.child_text(parent, name)
}

fn headers<'t>(tree: &'t Tree<'_>, parent: NodeId) -> Vec<Header<'t>> {
    let mut out = Vec::new();
    for h in tree.children_named(parent, "CosHeaders") {
        match (text(tree, h, "Key"), text(tree, h, "Value")) {
            (Some(key), value) => out.push(Header { key, value: value.unwrap_or("") }),
            // The audit form is a map: {"x-cos-meta-id": "xxxx"}.
            (None, _) => out.extend(
                tree.elements(h).filter_map(|c| Some(Header { key: tree.node(c).name, value: tree.leaf_text(c)? })),
            ),
        }
    }
    out
}

fn job<'t>(tree: &'t Tree<'_>, j: NodeId) -> Job<'t> {
    let operation = tree.child(j, "Operation");
    // Workflow-started speech jobs carry their input under Operation/Input.
    let input_node = tree.child(j, "Input").or_else(|| operation.and_then(|o| tree.child(o, "Input")));
    let input = input_node.map(|i| Input {
        node: i,
        bucket: text(tree, i, "BucketId").or_else(|| text(tree, i, "Bucket")),
        region: text(tree, i, "Region"),
        object: text(tree, i, "Object"),
        cos_headers: headers(tree, i),
    });
    // Audit Detail bodies name the object, its bucket and region directly under JobsDetail.
    let input = input.or_else(|| {
        text(tree, j, "Object").map(|object| Input {
            node: j,
            bucket: text(tree, j, "BucketId"),
            region: text(tree, j, "Region"),
            object: Some(object),
            cos_headers: headers(tree, j),
        })
    });
    let trigger = tree.child(j, "Workflow").filter(|&w| tree.has_children(w)).map(|w| Trigger {
        node: w,
        name: text(tree, w, "Name"),
        run_id: text(tree, w, "RunId"),
        workflow_id: text(tree, w, "WorkflowId"),
        workflow_name: text(tree, w, "WorkflowName"),
    });
    Job {
        node: j,
        job_id: text(tree, j, "JobId"),
        tag: text(tree, j, "Tag"),
        sub_tag: text(tree, j, "SubTag"),
        state: text(tree, j, "State"),
        code: text(tree, j, "Code"),
        message: text(tree, j, "Message"),
        progress: text(tree, j, "Progress"),
        queue_id: text(tree, j, "QueueId"),
        creation_time: Timestamp::of(tree, j, "CreationTime"),
        start_time: Timestamp::of(tree, j, "StartTime"),
        end_time: Timestamp::of(tree, j, "EndTime"),
        input,
        operation,
        trigger,
    }
}

fn audit_simple<'t>(tree: &'t Tree<'_>, root: NodeId, data: NodeId) -> Job<'t> {
    let object = text(tree, data, "url");
    Job {
        node: data,
        job_id: text(tree, data, "job_id").or_else(|| text(tree, data, "trace_id")),
        tag: text(tree, data, "event"),
        sub_tag: None,
        state: None,
        code: text(tree, root, "code"),
        message: text(tree, root, "message"),
        progress: None,
        queue_id: None,
        creation_time: None,
        start_time: None,
        end_time: None,
        input: object.map(|o| Input {
            node: data,
            bucket: None,
            region: None,
            object: Some(o),
            cos_headers: Vec::new(),
        }),
        operation: None,
        trigger: None,
    }
}

fn workflow<'t>(tree: &'t Tree<'_>, w: NodeId) -> Workflow<'t> {
    let tasks = tree
        .children_named(w, "Tasks")
        .map(|t| Task {
            node: t,
            task_type: text(tree, t, "Type"),
            name: text(tree, t, "Name"),
            state: text(tree, t, "State"),
            job_id: text(tree, t, "JobId"),
            template_id: text(tree, t, "TemplateId"),
            template_name: text(tree, t, "TemplateName"),
            code: text(tree, t, "Code"),
            message: text(tree, t, "Message"),
            create_time: Timestamp::of(tree, t, "CreateTime"),
            start_time: Timestamp::of(tree, t, "StartTime"),
            end_time: Timestamp::of(tree, t, "EndTime"),
        })
        .collect();
    Workflow {
        node: w,
        workflow_id: text(tree, w, "WorkflowId"),
        workflow_name: text(tree, w, "WorkflowName"),
        run_id: text(tree, w, "RunId"),
        state: text(tree, w, "State"),
        bucket_id: text(tree, w, "BucketId"),
        object: text(tree, w, "Object"),
        create_time: Timestamp::of(tree, w, "CreateTime"),
        cos_headers: headers(tree, w),
        tasks,
    }
}
