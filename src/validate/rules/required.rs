//! The `required` rule.

use crate::decode::model::{self, Kind};
use crate::spec::required::{self, Required};
use crate::tree::{NodeId, Shape};
use crate::validate::Level;

use super::{Checker, Rule, RuleInfo};

/// The rule, what it checks at each severity (doc/guide.md's rule table), and its pass.
pub const RULE: Rule = Rule(&RuleInfo {
    name: "required",
    checks: &[
        (Level::Error, "missing or empty: `JobsDetail` (`JobId`, `CreationTime`, `EndTime`, `Operation`), `WorkflowExecution` (`RunId`, `WorkflowId`, `State`, `CreateTime`, `Tasks`), each task (`Type`, `State`, `JobId`, `CreateTime`, `EndTime`), a trigger `Workflow` (`RunId`, `WorkflowId`), a `CosHeaders` entry (`Key`), an audit job (`JobId`)"),
        (Level::Warning, "listed by the spec but left out by some published bodies: a job's `Code`, `Tag`, `State`, `StartTime`, `QueueId`, `Input` (and its `Object`), a task's `Name` and `TemplateId`, a trigger's `Name` and `WorkflowName`, a workflow's `Object`, an audit job's `State`, an audit Simple body's `message` and `data/trace_id`. Each Tag's own table decides: DocProcess lists no `StartTime`, Tts no `Input`, the legacy job table no `StartTime`"),
    ],
    pass: Some(|c| c.required()),
});

impl Checker<'_, '_> {
    /// True when a node holds nothing: empty or whitespace text, `null`, `[]`.
    fn is_empty(&self, id: NodeId) -> bool {
        let n = self.tree.node(id);
        match n.shape {
            Shape::Object => false,
            Shape::EmptyArray | Shape::Null => true,
            _ => n.text.trim().is_empty(),
        }
    }

    fn require(&mut self, parent: NodeId, list: &[Required]) {
        if !list.is_empty() && self.tree.elements(parent).next().is_none() {
            // One finding for an empty container, not one per missing child.
            let error = list.iter().any(|r| r.error);
            let needed: Vec<&str> = list.iter().filter(|r| r.error == error).map(|r| r.name).collect();
            let level = if error { Level::Error } else { Level::Warning };
            let message = format!("{} is empty; it needs {}", self.tree.name(parent), needed.join(", "));
            self.at_node(super::required::RULE, level, parent, message, None);
            return;
        }
        for r in list {
            let level = if r.error { Level::Error } else { Level::Warning };
            match self.tree.child(parent, r.name) {
                None => {
                    let span = self.node_span(parent);
                    let path = format!("{}.{}", self.tree.path(parent), r.name);
                    let message = format!("{} has no {}", self.tree.name(parent), r.name);
                    self.push(super::required::RULE, level, span, path, message, None);
                }
                Some(c) if !r.empty_ok && self.is_empty(c) => {
                    self.at_node(super::required::RULE, level, c, format!("{} is empty", r.name), None);
                }
                Some(_) => {}
            }
        }
    }

    /// `CosHeaders` of a job or workflow: `Key`/`Value` pairs (audit bodies use a map instead).
    fn require_headers(&mut self, parent: NodeId) {
        let headers: Vec<NodeId> =
            self.tree.children_named(parent, "CosHeaders").filter(|&h| !self.is_empty(h)).collect();
        for h in headers {
            self.require(h, required::COS_HEADER);
        }
    }

    fn require_root(&mut self, name: &str, what: &str) {
        let root = self.tree.root();
        let span = self.node_span(root);
        let path = format!("{}.{name}", self.tree.path(root));
        self.push(super::required::RULE, Level::Error, span, path, format!("{what} has no {name}"), None);
    }

    pub(super) fn required(&mut self) {
        let model = self.model;
        match self.kind() {
            Kind::Job | Kind::LegacyJob => {
                if model.jobs.is_empty() {
                    self.require_root("JobsDetail", "a job callback");
                }
                let kind = self.kind();
                for job in &model.jobs {
                    // A Failed job's Code is the consistency rule's (an error there).
                    let failed = job.state.is_some_and(model::is_failed_state);
                    let listed: Vec<Required> = required::JOB
                        .iter()
                        .filter(|r| required::job_lists(kind, job.tag, r.name) && !(failed && r.name == "Code"))
                        .copied()
                        .collect();
                    self.require(job.node, &listed);
                    let empty = self.tree.elements(job.node).next().is_none();
                    match &job.input {
                        None if !empty && required::job_lists(kind, job.tag, "Input") => self.at_node(
                            super::required::RULE,
                            Level::Warning,
                            job.node,
                            "JobsDetail has no Input".into(),
                            None,
                        ),
                        None => {}
                        Some(input) => {
                            if self.tree.name(input.node) == "Input" && self.tree.parent(input.node) == Some(job.node) {
                                self.require(input.node, required::INPUT);
                            }
                            self.require_headers(input.node);
                        }
                    }
                    if let Some(trigger) = &job.trigger {
                        self.require(trigger.node, required::TRIGGER);
                    }
                }
            }
            Kind::Workflow | Kind::LegacyWorkflow => match &model.workflow {
                None => self.require_root("WorkflowExecution", "a workflow callback"),
                Some(w) => {
                    self.require(w.node, required::WORKFLOW);
                    self.require_headers(w.node);
                    for t in &w.tasks {
                        self.require(t.node, required::TASK);
                    }
                }
            },
            Kind::AuditDetail => {
                for job in &model.jobs {
                    self.require(job.node, required::AUDIT_DETAIL);
                }
            }
            Kind::AuditSimple => {
                self.require(self.tree.root(), required::AUDIT_SIMPLE);
                for job in &model.jobs {
                    if job.job_id.is_none() {
                        self.at_node(
                            super::required::RULE,
                            Level::Warning,
                            job.node,
                            "data has neither job_id nor trace_id".into(),
                            None,
                        );
                    }
                }
            }
            Kind::Unknown => {}
        }
    }
}
