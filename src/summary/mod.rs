//! The summary of one callback body: what ran, what failed and why, where the outputs are.
//!
//! Plain data built from the decoded tree and model, with no terminal code: `cicb summarize`
//! hands it to a view in [`crate::render::summary`], and serializes it as-is for `--format json`
//! (the shape is documented in the README and stable). A Rust callback handler can use it too:
//!
//! ```
//! use cicb::decode::{decode_bytes, Limits};
//! use cicb::summary::{Summary, Trigger};
//!
//! let body = std::fs::read("samples/transcode-multi-output.xml").unwrap();
//! let doc = decode_bytes(&body, None, &Limits::default()).unwrap();
//! let summary = Summary::new("callback", &doc).expect("a CI callback");
//! assert!(!summary.failed);
//! assert_eq!(summary.trigger, Some(Trigger::Api));
//! assert_eq!(summary.outputs.len(), 4);
//! assert_eq!(summary.outputs[0].location(false), "cos://examplebucket-1250000000/output/hls/lecture-07.m3u8");
//! ```
#![warn(missing_docs)]

pub mod highlights;
pub mod outputs;

use serde::{Serialize, Serializer};

use crate::decode::model::{self, is_failed_state, Header, Job, Model, Task, Timestamp};
use crate::decode::Document;
use crate::path::IndexedPaths;
use crate::tree::{NodeId, Tree};

pub use crate::spec::Kind;
pub use outputs::{Image, Output, Template};

/// `Some(text)` when the leaf exists and is not blank (trimmed).
pub(crate) fn nz(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// The text of `id`'s child `name`, as [`nz`] keeps it.
pub(crate) fn text<'t>(tree: &'t Tree<'_>, id: NodeId, name: &str) -> Option<&'t str> {
    nz(tree.child_text(id, name))
}

/// What started a job or a workflow run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Trigger {
    /// A workflow run, or a job a workflow started (`JobsDetail/Workflow`).
    Workflow,
    /// A job submitted through the API.
    Api,
}

/// Why a summary lists no outputs (see [`Summary::no_outputs`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoOutputs {
    /// A workflow run's callback names no files; each job's own callback does.
    WorkflowRun,
    /// The job (or one of the jobs) failed and the body lists no file.
    Failed,
    /// The job succeeded but its body lists no file.
    NotListed,
    /// A content-moderation callback: moderation writes no files.
    Audit,
}

/// Everything `summarize` shows about one body.
#[derive(Debug, Serialize)]
pub struct Summary<'a> {
    /// The path as given, or `<stdin>`.
    pub input: String,
    /// The callback's kind; serialized as its machine name (`workflow`, `job`, `audit-detail`, …).
    #[serde(serialize_with = "kind_name")]
    pub kind: Kind,
    /// The body's `EventName`.
    pub event: Option<&'a str>,
    /// `xml` or `json`: how the body was written.
    pub format: &'static str,
    /// The workflow's State; else the job's (`Failed` when any of several jobs failed).
    pub state: Option<&'a str>,
    /// The workflow, a task or a job says `Failed` (what `--exit-status` tests).
    pub failed: bool,
    /// `workflow` for a workflow run or a job a workflow started, `api` for a job started by
    /// the API, `null` when the body does not say (audit, unknown).
    pub trigger: Option<Trigger>,
    /// The workflow run: the body's own, or the one that started the job.
    pub workflow: Option<WorkflowInfo<'a>>,
    /// The input's bucket.
    pub bucket: Option<&'a str>,
    /// The input bucket's region.
    pub region: Option<&'a str>,
    /// The input object's key.
    pub object: Option<&'a str>,
    /// When the run or the (earliest) job was created.
    pub created: Option<Timestamp<'a>>,
    /// When the last task or job ended.
    pub ended: Option<Timestamp<'a>>,
    /// From `created` to `ended`.
    pub duration_seconds: Option<i64>,
    /// The input's `CosHeaders`, in body order.
    pub cos_headers: Vec<Header<'a>>,
    /// The job's `Operation/UserData` (of the first job), passed through as submitted.
    pub user_data: Option<&'a str>,
    /// One row per workflow task or per job.
    pub jobs: Vec<Row<'a>>,
    /// The failed rows of `jobs`.
    pub failures: Vec<Failure<'a>>,
    /// What is wrong besides failed jobs.
    pub warnings: Vec<Warning>,
    /// The files the body names as written.
    pub outputs: Vec<Output<'a>>,
    /// Configured destinations with placeholders (not files).
    pub templates: Vec<Template<'a>>,
}

/// The workflow of a run, or the one that started a job.
#[derive(Debug, Serialize)]
pub struct WorkflowInfo<'a> {
    /// `WorkflowId`.
    pub id: Option<&'a str>,
    /// `WorkflowName`.
    pub name: Option<&'a str>,
    /// `RunId`: this execution.
    pub run_id: Option<&'a str>,
    /// The workflow node that started the job (`JobsDetail/Workflow/Name`); null for a run.
    pub node: Option<&'a str>,
}

/// One workflow task or one job.
#[derive(Debug, Serialize)]
pub struct Row<'a> {
    /// The `#` column, from 1.
    pub index: usize,
    /// Where it is in the body, usable with `cicb parse --get`.
    pub path: String,
    /// The task's `Type` or the job's `Tag`.
    #[serde(rename = "type")]
    pub kind: Option<&'a str>,
    /// The job's `SubTag`, when it differs from the Tag.
    pub sub_tag: Option<&'a str>,
    /// The workflow node name (`Tasks/Name`, `JobsDetail/Workflow/Name`).
    pub node: Option<&'a str>,
    /// `State` as written (`Success`, `Failed`, …).
    pub state: Option<&'a str>,
    /// `JobId`.
    pub job_id: Option<&'a str>,
    /// `TemplateName`.
    pub template_name: Option<&'a str>,
    /// `TemplateId`.
    pub template_id: Option<&'a str>,
    /// The job's error `Code`.
    pub code: Option<&'a str>,
    /// The job's `Message`.
    pub message: Option<&'a str>,
    /// `Progress`, a percentage as written.
    pub progress: Option<&'a str>,
    /// `CreateTime` / `CreationTime`.
    pub created: Option<Timestamp<'a>>,
    /// `StartTime`.
    pub started: Option<Timestamp<'a>>,
    /// `EndTime`.
    pub ended: Option<Timestamp<'a>>,
    /// From `started` (or `created`) to `ended`, as in `cicb parse`.
    pub duration_seconds: Option<i64>,
    /// One line per result family (`media: …`, `image: …`), payload values unsanitized.
    pub highlights: Vec<String>,
}

/// A failed job or task.
#[derive(Debug, Serialize)]
pub struct Failure<'a> {
    /// Its `#` in the summary (from 1).
    pub index: usize,
    /// Where it is in the body, usable with `cicb parse --get`.
    pub path: String,
    /// The task's `Type` or the job's `Tag`.
    #[serde(rename = "type")]
    pub kind: Option<&'a str>,
    /// `JobId`.
    pub job_id: Option<&'a str>,
    /// `State` as written.
    pub state: Option<&'a str>,
    /// The error `Code`.
    pub code: Option<&'a str>,
    /// The error `Message`.
    pub message: Option<&'a str>,
}

/// Something wrong that is not a failed job: an inconsistent workflow State, a failed step
/// inside a successful job.
#[derive(Debug, Serialize)]
pub struct Warning {
    /// The job or task it concerns (its `#`), if any.
    pub index: Option<usize>,
    /// The node it concerns, usable with `cicb parse --get`.
    pub path: Option<String>,
    /// What is wrong, in a sentence (payload values unsanitized).
    pub message: String,
}

fn kind_name<S: Serializer>(k: &Kind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(k.as_str())
}

fn nz_time(t: Option<Timestamp<'_>>) -> Option<Timestamp<'_>> {
    t.filter(|t| !t.raw.trim().is_empty())
}

/// The latest of some timestamps (by value; the last one written when none parses).
fn latest<'a>(times: impl Iterator<Item = Option<Timestamp<'a>>>) -> Option<Timestamp<'a>> {
    times.flatten().fold(None, |best: Option<Timestamp<'a>>, t| match (best, t.value) {
        (Some(b), Some(v)) if b.value.is_some_and(|bv| bv >= v) => Some(b),
        (Some(b), None) if b.value.is_some() => Some(b),
        _ => Some(t),
    })
}

/// The earliest of some timestamps (by value; the first one written when none parses).
fn earliest<'a>(times: impl Iterator<Item = Option<Timestamp<'a>>>) -> Option<Timestamp<'a>> {
    times.flatten().fold(None, |best: Option<Timestamp<'a>>, t| match (best, t.value) {
        (Some(b), Some(v)) if b.value.is_some_and(|bv| bv <= v) => Some(b),
        (Some(b), _) if t.value.is_none() => Some(b),
        _ => Some(t),
    })
}

impl<'a> Summary<'a> {
    /// The summary of a decoded body; `input` names it (a path, `<stdin>`). `None` for a body
    /// that is not a callback cicb knows (kind `unknown`).
    pub fn new(input: &str, doc: &'a Document<'_>) -> Option<Summary<'a>> {
        let tree = &doc.tree;
        let m: Model<'a> = doc.model();
        if m.kind == Kind::Unknown {
            return None;
        }
        let mut s = Summary {
            input: input.to_string(),
            kind: m.kind,
            event: nz(m.event),
            format: doc.format.ext(),
            state: None,
            failed: m.failed(),
            trigger: None,
            workflow: None,
            bucket: None,
            region: None,
            object: None,
            created: None,
            ended: None,
            duration_seconds: None,
            cos_headers: Vec::new(),
            user_data: None,
            jobs: Vec::new(),
            failures: Vec::new(),
            warnings: Vec::new(),
            outputs: Vec::new(),
            templates: Vec::new(),
        };
        if let Some(w) = &m.workflow {
            s.trigger = Some(Trigger::Workflow);
            s.workflow = Some(WorkflowInfo {
                id: nz(w.workflow_id),
                name: nz(w.workflow_name),
                run_id: nz(w.run_id),
                node: None,
            });
            s.state = nz(w.state);
            s.bucket = nz(w.bucket_id);
            s.object = nz(w.object);
            s.created = nz_time(w.create_time);
            s.cos_headers = w.cos_headers.clone();
            let base = crate::path::indexed_path(tree, w.node);
            for (i, t) in w.tasks.iter().enumerate() {
                s.jobs.push(task_row(t, i + 1, format!("{base}.Tasks[{i}]")));
            }
            s.ended = latest(s.jobs.iter().map(|r| r.ended));
            s.workflow_warnings(&base);
        }
        let mut paths = IndexedPaths::new(tree);
        let root_name = tree.node(tree.root()).name.to_string();
        let offset = s.jobs.len();
        for (i, j) in m.jobs.iter().enumerate() {
            let index = offset + i + 1;
            let path = if tree.node(j.node).name == "JobsDetail" {
                format!("{root_name}.JobsDetail[{i}]")
            } else {
                paths.path(j.node)
            };
            let mut row = job_row(tree, j, index, path);
            if m.kind == Kind::AuditDetail {
                // Audit Detail jobs have no Tag: the event says what was reviewed.
                row.kind = row.kind.or(s.event);
            }
            row.highlights = match m.kind {
                Kind::AuditDetail => highlights::audit_detail(tree, j.node).into_iter().collect(),
                Kind::AuditSimple => highlights::audit_simple(tree, j.node).into_iter().collect(),
                _ => highlights::job(tree, j),
            };
            s.nested_failures(&mut paths, j, index);
            let found = outputs::collect(&mut paths, j, index, j.state.is_some_and(is_failed_state));
            s.outputs.extend(found.outputs);
            s.templates.extend(found.templates);
            s.jobs.push(row);
        }
        if m.workflow.is_none() {
            s.job_header(tree, &m);
        }
        s.failures = s
            .jobs
            .iter()
            .filter(|r| r.state.is_some_and(is_failed_state))
            .map(|r| Failure {
                index: r.index,
                path: r.path.clone(),
                kind: r.kind,
                job_id: r.job_id,
                state: r.state,
                code: r.code,
                message: r.message,
            })
            .collect();
        s.duration_seconds = model::duration(s.created.as_ref(), s.ended.as_ref());
        Some(s)
    }

    /// True for the callback of a workflow run (`WorkflowFinish`, legacy workflow): it lists
    /// tasks, never files; each job's own callback names those.
    pub fn is_workflow_run(&self) -> bool {
        matches!(self.kind, Kind::Workflow | Kind::LegacyWorkflow)
    }

    /// Why the body lists no outputs; `None` when it lists some.
    pub fn no_outputs(&self) -> Option<NoOutputs> {
        if !self.outputs.is_empty() {
            None
        } else if self.kind.is_audit() {
            Some(NoOutputs::Audit)
        } else if self.is_workflow_run() {
            Some(NoOutputs::WorkflowRun)
        } else if self.failed {
            Some(NoOutputs::Failed)
        } else {
            Some(NoOutputs::NotListed)
        }
    }

    /// The header of a job body: from its first job; times across all jobs.
    fn job_header(&mut self, tree: &'a Tree<'_>, m: &Model<'a>) {
        let Some(first) = m.jobs.first() else { return };
        if let Some(input) = &first.input {
            self.bucket = nz(input.bucket);
            self.region = nz(input.region);
            self.object = nz(input.object);
            self.cos_headers = input.cos_headers.clone();
        }
        self.user_data = first.operation.and_then(|op| nz(tree.child_text(op, "UserData")));
        if let Some(t) = &first.trigger {
            self.trigger = Some(Trigger::Workflow);
            self.workflow = Some(WorkflowInfo {
                id: nz(t.workflow_id),
                name: nz(t.workflow_name),
                run_id: nz(t.run_id),
                node: nz(t.name),
            });
        } else if !m.kind.is_audit() {
            self.trigger = Some(Trigger::Api);
        }
        self.created = earliest(self.jobs.iter().map(|r| r.created));
        self.ended = latest(self.jobs.iter().map(|r| r.ended));
        let states: Vec<&'a str> = self.jobs.iter().filter_map(|r| r.state).collect();
        self.state = if let Some(failed) = states.iter().find(|s| is_failed_state(s)) {
            Some(failed)
        } else if states.windows(2).all(|w| w[0] == w[1]) {
            states.first().copied()
        } else {
            None
        };
    }

    /// The spec: a run is Failed as soon as one task failed.
    fn workflow_warnings(&mut self, base: &str) {
        let state = self.state;
        let failed: Vec<usize> =
            self.jobs.iter().filter(|r| r.state.is_some_and(is_failed_state)).map(|r| r.index).collect();
        let list = |v: &[usize]| v.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", ");
        match state {
            Some(s) if !is_failed_state(s) && !failed.is_empty() => self.warnings.push(Warning {
                index: None,
                path: Some(format!("{base}.State")),
                message: format!(
                    "the workflow says State {s} but task(s) {} failed: a run is Failed as soon as one task failed",
                    list(&failed)
                ),
            }),
            Some(s) if is_failed_state(s) && failed.is_empty() && !self.jobs.is_empty() => {
                self.warnings.push(Warning {
                    index: None,
                    path: Some(format!("{base}.State")),
                    message: format!("the workflow says State {s} but none of its {} task(s) failed", self.jobs.len()),
                })
            }
            _ => {}
        }
    }

    /// A `State` of `Failed` inside the Operation of a job (`Operation/DigitalWatermark/State`).
    fn nested_failures(&mut self, paths: &mut IndexedPaths<'_, '_>, j: &Job<'_>, index: usize) {
        let tree = paths.tree();
        let Some(op) = j.operation else { return };
        let job_failed = j.state.is_some_and(is_failed_state);
        for id in tree.descendants(op) {
            let n = tree.node(id);
            if n.name != "State" || n.attribute || !tree.leaf_text(id).is_some_and(is_failed_state) {
                continue;
            }
            let Some(parent) = tree.parent(id) else { continue };
            let path = paths.path(id);
            let rel = path.split_once(".Operation.").map_or(path.as_str(), |(_, r)| r);
            let step = tree.node(parent).name.to_string();
            let context = if job_failed { "" } else { " although the job succeeded" };
            let code = nz(tree.child_text(parent, "Code")).map(|c| format!(", Code {c}")).unwrap_or_default();
            self.warnings.push(Warning {
                index: Some(index),
                path: Some(path.clone()),
                message: format!("#{index}: {step} failed{context} (Operation.{rel} = Failed{code})"),
            });
        }
    }
}

fn task_row<'a>(t: &Task<'a>, index: usize, path: String) -> Row<'a> {
    let created = nz_time(t.create_time);
    let started = nz_time(t.start_time);
    let ended = nz_time(t.end_time);
    Row {
        index,
        path,
        kind: nz(t.task_type),
        sub_tag: None,
        node: nz(t.name),
        state: nz(t.state),
        job_id: nz(t.job_id),
        template_name: nz(t.template_name),
        template_id: nz(t.template_id),
        code: nz(t.code),
        message: nz(t.message),
        progress: None,
        created,
        started,
        ended,
        duration_seconds: model::duration(started.as_ref().or(created.as_ref()), ended.as_ref()),
        highlights: Vec::new(),
    }
}

fn job_row<'a>(tree: &'a Tree<'_>, j: &Job<'a>, index: usize, path: String) -> Row<'a> {
    let operation_text = |name| j.operation.and_then(|op| nz(tree.child_text(op, name)));
    let created = nz_time(j.creation_time);
    let started = nz_time(j.start_time);
    let ended = nz_time(j.end_time);
    Row {
        index,
        path,
        kind: nz(j.tag),
        sub_tag: nz(j.sub_tag).filter(|s| Some(*s) != nz(j.tag)),
        node: j.trigger.as_ref().and_then(|t| nz(t.name)),
        state: nz(j.state),
        job_id: nz(j.job_id),
        template_name: operation_text("TemplateName"),
        template_id: operation_text("TemplateId"),
        code: nz(j.code),
        message: nz(j.message),
        progress: nz(j.progress),
        created,
        started,
        ended,
        duration_seconds: model::duration(started.as_ref().or(created.as_ref()), ended.as_ref()),
        highlights: Vec::new(),
    }
}
