//! The checks: one pass per rule over a decoded body, each finding with a rule, a severity, a
//! byte span and a node path. Pure: no I/O, no rendering.

use std::ops::Range;

use crate::decode::model::{self, Kind, Model, Timestamp};
use crate::decode::{DecodeError, Document, ErrorKind, Format};
use crate::render::diagnostic::Level;
use crate::spec::ids::{self, IdShape};
use crate::spec::required::{self, Required};
use crate::spec::{self, known};
use crate::tree::{NodeId, Shape, Tree};

/// The rules, with their stable names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rule {
    Syntax,
    Structure,
    Event,
    Required,
    Enum,
    Timestamp,
    Consistency,
    UnknownNode,
    JsonShape,
    Identifier,
}

impl Rule {
    pub const ALL: [Rule; 10] = [
        Rule::Syntax,
        Rule::Structure,
        Rule::Event,
        Rule::Required,
        Rule::Enum,
        Rule::Timestamp,
        Rule::Consistency,
        Rule::UnknownNode,
        Rule::JsonShape,
        Rule::Identifier,
    ];

    /// The kebab-case name used in every output format.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Syntax => "syntax",
            Rule::Structure => "structure",
            Rule::Event => "event",
            Rule::Required => "required",
            Rule::Enum => "enum",
            Rule::Timestamp => "timestamp",
            Rule::Consistency => "consistency",
            Rule::UnknownNode => "unknown-node",
            Rule::JsonShape => "json-shape",
            Rule::Identifier => "identifier",
        }
    }
}

/// One problem found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub level: Level,
    /// Byte range in the source (without a BOM) the finding points at.
    pub span: Range<usize>,
    /// Element path (`Response.JobsDetail.Operation.MeidaInfo`); `None` for syntax errors.
    pub path: Option<String>,
    pub message: String,
    /// A suggestion: `did you mean `MediaInfo`?`.
    pub help: Option<String>,
}

/// A body that did not decode: one finding of rule `syntax` (or `structure` for a JSON root that
/// is not an object), at the error's span.
pub fn decode_failure(error: &DecodeError) -> Finding {
    let rule = if error.kind() == ErrorKind::Structure { Rule::Structure } else { Rule::Syntax };
    Finding {
        rule,
        level: Level::Error,
        span: error.span(),
        path: None,
        message: error.message().to_string(),
        help: None,
    }
}

/// Every finding of every rule, in document order.
pub fn check(doc: &Document<'_>) -> Vec<Finding> {
    let model = doc.model();
    let mut c = Checker { doc, tree: &doc.tree, model: &model, findings: Vec::new() };
    c.structure();
    c.event();
    c.required();
    c.enums();
    c.timestamps();
    c.consistency();
    c.unknown_nodes();
    c.json_shapes();
    c.identifiers();
    let mut findings = c.findings;
    findings.sort_by_key(|f| f.span.start);
    findings
}

/// A payload value as messages show it: at most 60 characters.
fn shown(value: &str) -> String {
    let value = value.trim();
    match value.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &value[..at]),
        None => value.to_string(),
    }
}

fn did_you_mean(s: Option<&str>) -> Option<String> {
    s.map(|s| format!("did you mean `{s}`?"))
}

/// `Success` in any letter case.
fn is_success(s: &str) -> bool {
    s.trim().eq_ignore_ascii_case("success")
}

struct Checker<'c, 'a> {
    doc: &'c Document<'a>,
    tree: &'c Tree<'a>,
    model: &'c Model<'c>,
    findings: Vec<Finding>,
}

impl Checker<'_, '_> {
    fn kind(&self) -> Kind {
        self.model.kind
    }

    fn push(
        &mut self,
        rule: Rule,
        level: Level,
        span: Range<usize>,
        path: String,
        message: String,
        help: Option<String>,
    ) {
        self.findings.push(Finding { rule, level, span, path: Some(path), message, help });
    }

    /// Reports at node `id` (its start tag or JSON key), with its path.
    fn at_node(&mut self, rule: Rule, level: Level, id: NodeId, message: String, help: Option<String>) {
        let span = self.node_span(id);
        self.push(rule, level, span, self.tree.path(id), message, help);
    }

    /// Reports at the value of node `id`, with its path.
    fn at_value(&mut self, rule: Rule, level: Level, id: NodeId, message: String, help: Option<String>) {
        let span = self.value_span(id);
        self.push(rule, level, span, self.tree.path(id), message, help);
    }

    fn name(&self, id: NodeId) -> &str {
        self.tree.node(id).name
    }

    // ---- spans ------------------------------------------------------------------------------

    /// The start tag of an element (`<MeidaInfo>`), or the key of a JSON member (an array item:
    /// the item itself).
    fn node_span(&self, id: NodeId) -> Range<usize> {
        let n = self.tree.node(id);
        let (start, value) = (n.start as usize, n.value_start as usize);
        match self.doc.format {
            Format::Xml => start..value.max(start + 1),
            Format::Json if n.in_array || id == self.tree.root() => self.value_span(id),
            Format::Json => {
                // The key: what lies before the `:` that precedes the value.
                let before = self.doc.source.get(start..value).unwrap_or("");
                let key = before.trim_end().strip_suffix(':').unwrap_or(before).trim_end();
                start..start + key.len().max(1)
            }
        }
    }

    /// The value of a leaf: its text in XML, the string / number / literal in JSON (the opening
    /// `{` or `[` of a container). Empty XML elements point at their tag.
    fn value_span(&self, id: NodeId) -> Range<usize> {
        let n = self.tree.node(id);
        let (start, end) = (n.value_start as usize, n.value_end as usize);
        match self.doc.format {
            Format::Json if matches!(n.shape, Shape::Object | Shape::EmptyArray) => start..start + 1,
            Format::Json => start..end.max(start + 1),
            Format::Xml => {
                let text = self.doc.source.get(start..end).unwrap_or("");
                if text.trim().is_empty() || n.shape == Shape::Object {
                    return self.node_span(id);
                }
                let lead = text.len() - text.trim_start().len();
                start + lead..start + text.trim_end().len()
            }
        }
    }

    // ---- structure and event ------------------------------------------------------------------

    fn structure(&mut self) {
        let root = self.tree.root();
        let name = self.name(root).to_string();
        if self.doc.format == Format::Xml && name != "Response" {
            let help = did_you_mean(spec::suggest(&name, ["Response"]));
            self.at_node(
                Rule::Structure,
                Level::Error,
                root,
                format!("the root element is <{}>; a callback body's root is <Response>", shown(&name)),
                help,
            );
        }
        if self.kind() == Kind::Unknown {
            let message = match self.tree.child_text(root, "EventName") {
                Some(e) => format!(
                    "not a callback body: EventName `{}` and neither JobsDetail nor WorkflowExecution under the root",
                    shown(e)
                ),
                None => "not a callback body: neither JobsDetail nor WorkflowExecution (nor the code and data of an \
                         audit Simple callback) under the root"
                    .to_string(),
            };
            self.at_node(Rule::Structure, Level::Error, root, message, None);
        }
        let runs: Vec<NodeId> = self.tree.children_named(root, "WorkflowExecution").collect();
        for &extra in runs.iter().skip(1) {
            self.at_node(
                Rule::Structure,
                Level::Error,
                extra,
                "a second WorkflowExecution: a workflow callback describes one run (only the first is read)".into(),
                None,
            );
        }
    }

    fn event(&mut self) {
        let root = self.tree.root();
        let Some(event) = self.tree.child(root, "EventName") else { return };
        match self.tree.leaf_text(event).map(str::trim) {
            None => self.at_node(
                Rule::Event,
                Level::Error,
                event,
                "EventName holds child nodes; it is one word, such as TaskFinish".into(),
                None,
            ),
            Some("") => self.at_node(
                Rule::Event,
                Level::Error,
                event,
                "EventName is empty; leave it out only in the legacy shapes".into(),
                None,
            ),
            Some(e) if !spec::enums::EVENT_NAMES.contains(&e) => {
                let help = did_you_mean(spec::suggest(e, spec::enums::EVENT_NAMES.iter().copied()));
                let message = format!(
                    "unknown EventName `{}` (expected one of {})",
                    shown(e),
                    spec::enums::EVENT_NAMES.join(", ")
                );
                self.at_value(Rule::Event, Level::Error, event, message, help);
            }
            Some(_) => {}
        }
    }

    // ---- required nodes -------------------------------------------------------------------------

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
            let message = format!("{} is empty; it needs {}", self.name(parent), needed.join(", "));
            self.at_node(Rule::Required, level, parent, message, None);
            return;
        }
        for r in list {
            let level = if r.error { Level::Error } else { Level::Warning };
            match self.tree.child(parent, r.name) {
                None => {
                    let span = self.node_span(parent);
                    let path = format!("{}.{}", self.tree.path(parent), r.name);
                    let message = format!("{} has no {}", self.name(parent), r.name);
                    self.push(Rule::Required, level, span, path, message, None);
                }
                Some(c) if !r.empty_ok && self.is_empty(c) => {
                    self.at_node(Rule::Required, level, c, format!("{} is empty", r.name), None);
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
        self.push(Rule::Required, Level::Error, span, path, format!("{what} has no {name}"), None);
    }

    fn required(&mut self) {
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
                            Rule::Required,
                            Level::Warning,
                            job.node,
                            "JobsDetail has no Input".into(),
                            None,
                        ),
                        None => {}
                        Some(input) => {
                            if self.name(input.node) == "Input" && self.tree.parent(input.node) == Some(job.node) {
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
                            Rule::Required,
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

    // ---- enumerations ---------------------------------------------------------------------------

    /// Checks the value of `parent/name` against `allowed`.
    fn one_of(&mut self, parent: NodeId, name: &str, allowed: &[&str], level: Level, what: &str) {
        let Some(id) = self.tree.child(parent, name) else { return };
        let Some(value) = self.tree.leaf_text(id).map(str::trim) else { return };
        if value.is_empty() || allowed.contains(&value) {
            return;
        }
        let help = did_you_mean(spec::suggest(value, allowed.iter().copied()));
        let message = if allowed.len() <= 6 {
            format!("unknown {what} `{}` (expected one of {})", shown(value), allowed.join(", "))
        } else {
            format!("unknown {what} `{}`", shown(value))
        };
        self.at_value(Rule::Enum, level, id, message, help);
    }

    fn enums(&mut self) {
        let model = self.model;
        let audit = self.kind().is_audit();
        for job in &model.jobs {
            self.one_of(job.node, "State", spec::enums::JOB_STATES, Level::Error, "job State");
            if !audit {
                self.one_of(job.node, "Tag", spec::tags::names(), Level::Warning, "job Tag");
            }
            if let Some(wm) = job.operation.and_then(|o| self.tree.child(o, "DigitalWatermark")) {
                self.one_of(wm, "State", spec::enums::WATERMARK_STATES, Level::Error, "DigitalWatermark State");
            }
        }
        if let Some(w) = &model.workflow {
            self.one_of(w.node, "State", spec::enums::WORKFLOW_STATES, Level::Error, "workflow State");
            for t in &w.tasks {
                self.one_of(t.node, "State", spec::enums::WORKFLOW_STATES, Level::Error, "task State");
                let Some(ty) = self.tree.child(t.node, "Type") else { continue };
                let Some(value) = self.tree.leaf_text(ty).map(str::trim) else { continue };
                if !value.is_empty() && !spec::is_task_type(value) {
                    let help = did_you_mean(spec::suggest(value, spec::tags::names().iter().copied()));
                    self.at_value(
                        Rule::Enum,
                        Level::Warning,
                        ty,
                        format!("unknown task Type `{}`", shown(value)),
                        help,
                    );
                }
            }
        }
    }

    // ---- timestamps -----------------------------------------------------------------------------

    fn time(&mut self, t: Option<&Timestamp<'_>>) {
        let Some(t) = t else { return };
        if t.value.is_none() && !t.raw.trim().is_empty() {
            self.at_value(
                Rule::Timestamp,
                Level::Error,
                t.node,
                format!(
                    "`{}` is not a time in a published format (2022-06-30T15:29:42+0800, 2022-08-09 \
                     14:54:17+0800 or 2021-08-10T21:01:10+08:00)",
                    shown(t.raw)
                ),
                None,
            );
        }
    }

    /// `EndTime` before an earlier event (`CreationTime`, `StartTime`).
    fn order(&mut self, end: Option<&Timestamp<'_>>, before: &[Option<&Timestamp<'_>>]) {
        let Some(end) = end else { return };
        let Some(end_value) = end.value else { return };
        for t in before.iter().flatten() {
            if let Some(v) = t.value.filter(|&v| v > end_value) {
                let (end_name, name) = (self.name(end.node).to_string(), self.name(t.node).to_string());
                let message = format!(
                    "{end_name} {} is before {name} {}",
                    end_value.format("%Y-%m-%d %H:%M:%S%:z"),
                    v.format("%Y-%m-%d %H:%M:%S%:z")
                );
                self.at_value(Rule::Timestamp, Level::Warning, end.node, message, None);
            }
        }
    }

    fn timestamps(&mut self) {
        let model = self.model;
        for job in &model.jobs {
            for t in [&job.creation_time, &job.start_time, &job.end_time] {
                self.time(t.as_ref());
            }
            self.order(job.end_time.as_ref(), &[job.creation_time.as_ref(), job.start_time.as_ref()]);
        }
        if let Some(w) = &model.workflow {
            self.time(w.create_time.as_ref());
            for task in &w.tasks {
                for t in [&task.create_time, &task.start_time, &task.end_time] {
                    self.time(t.as_ref());
                }
                self.order(task.end_time.as_ref(), &[task.create_time.as_ref(), task.start_time.as_ref()]);
            }
        }
    }

    // ---- consistency ----------------------------------------------------------------------------

    fn consistency(&mut self) {
        let model = self.model;
        if let Some(w) = &model.workflow {
            let failed: Vec<usize> =
                (0..w.tasks.len()).filter(|&i| w.tasks[i].state.is_some_and(model::is_failed_state)).collect();
            let state_node = self.tree.child(w.node, "State");
            match (w.state, state_node) {
                (Some(s), Some(node)) if is_success(s) && !failed.is_empty() => {
                    let tasks: Vec<String> = failed
                        .iter()
                        .map(|&i| format!("Tasks[{i}] ({})", shown(w.tasks[i].task_type.unwrap_or("?"))))
                        .collect();
                    let message = format!(
                        "the workflow State is Success but {} failed; the spec: as soon as one job fails, the \
                         workflow instance is Failed",
                        tasks.join(", ")
                    );
                    self.at_value(Rule::Consistency, Level::Error, node, message, None);
                }
                (Some(s), Some(node)) if model::is_failed_state(s) && failed.is_empty() && !w.tasks.is_empty() => {
                    self.at_value(
                        Rule::Consistency,
                        Level::Warning,
                        node,
                        "the workflow State is Failed but none of its Tasks failed".into(),
                        None,
                    );
                }
                _ => {}
            }
        }
        if self.kind().is_audit() {
            return;
        }
        let finish = matches!(self.kind(), Kind::Job | Kind::LegacyJob);
        for job in &model.jobs {
            let Some(state) = job.state.map(str::trim).filter(|s| !s.is_empty()) else { continue };
            let Some(state_node) = self.tree.child(job.node, "State") else { continue };
            let code = job.code.map(str::trim).filter(|c| !c.is_empty());
            if model::is_failed_state(state) {
                for (name, value) in [("Code", code), ("Message", job.message.map(str::trim).filter(|m| !m.is_empty()))]
                {
                    if value.is_none() {
                        let message = format!("a Failed job carries a {name} saying why; this one has none");
                        let span = self.value_span(state_node);
                        let path = format!("{}.{name}", self.tree.path(job.node));
                        self.push(Rule::Consistency, Level::Error, span, path, message, None);
                    }
                }
                if code.is_some_and(is_success) {
                    self.at_value(
                        Rule::Consistency,
                        Level::Warning,
                        state_node,
                        "the job State is Failed but its Code is Success".into(),
                        None,
                    );
                }
            } else if is_success(state) {
                if let Some(c) = code.filter(|c| !is_success(c)) {
                    let message = format!("the job State is Success but its Code is `{}`", shown(c));
                    self.at_value(Rule::Consistency, Level::Warning, state_node, message, None);
                }
            } else if finish && spec::enums::UNFINISHED_JOB_STATES.contains(&state) {
                let message = format!("a finish callback for a job that is still {state}");
                self.at_value(Rule::Consistency, Level::Warning, state_node, message, None);
            }
        }
    }

    // ---- unknown nodes --------------------------------------------------------------------------

    fn unknown_nodes(&mut self) {
        let tree = self.tree;
        let kind = self.kind();
        for parent in tree.descendants(tree.root()) {
            let Some(known) = known::children(tree, parent, kind) else { continue };
            for c in tree.elements(parent) {
                let name = self.name(c).to_string();
                if known.contains(&name.as_str()) {
                    continue;
                }
                // A JSON array holds one node per item: report the first only.
                if tree.node(c).in_array && tree.children_named(parent, &name).next() != Some(c) {
                    continue;
                }
                let help = did_you_mean(spec::suggest(&name, known.iter().copied()));
                let message = format!("unknown node `{}` under {}", shown(&name), self.name(parent));
                self.at_node(Rule::UnknownNode, Level::Warning, c, message, help);
            }
        }
    }

    // ---- JSON shapes ----------------------------------------------------------------------------

    fn json_shapes(&mut self) {
        if self.doc.format != Format::Json {
            return;
        }
        let tree = self.tree;
        let kind = self.kind();
        let audit = kind.is_audit();
        let root = tree.root();
        for id in tree.descendants(root) {
            let n = tree.node(id);
            if id == root || n.attribute {
                continue;
            }
            let name = n.name.to_string();
            let container = known::is_container(tree, id, kind);
            let leaf = !container && known::is_leaf(tree, id, kind);
            let value = shown(n.text);
            match n.shape {
                Shape::Text | Shape::Number | Shape::Bool if container && !n.text.trim().is_empty() => {
                    let what = match n.shape {
                        Shape::Text => format!("the string \"{value}\""),
                        Shape::Number => format!("the number {value}"),
                        _ => format!("`{value}`"),
                    };
                    let message = format!("{name} is {what}; callback bodies carry it as an object");
                    self.at_value(Rule::JsonShape, Level::Error, id, message, None);
                }
                Shape::Object if leaf => {
                    let message = format!("{name} is an object; callback bodies carry it as a string");
                    self.at_value(Rule::JsonShape, Level::Error, id, message, None);
                }
                Shape::Number | Shape::Bool | Shape::Null if !audit => {
                    let quoted = if n.shape == Shape::Null { "\"\"".to_string() } else { format!("\"{value}\"") };
                    let message = format!(
                        "bare JSON {} for {name}: job and workflow callbacks carry every value as a string ({quoted})",
                        bare(n.shape, &value)
                    );
                    self.at_value(Rule::JsonShape, Level::Warning, id, message, None);
                }
                Shape::Number if spec::is_audit_number(&name) => {}
                Shape::Number | Shape::Bool | Shape::Null => {
                    let message =
                        format!("bare JSON {} for {name}: audit callbacks carry it as a string", bare(n.shape, &value));
                    self.at_value(Rule::JsonShape, Level::Warning, id, message, None);
                }
                Shape::Text if audit && spec::is_audit_number(&name) && !n.text.trim().is_empty() => {
                    let message = format!("{name} is the string \"{value}\"; audit callbacks carry it as a number");
                    self.at_value(Rule::JsonShape, Level::Warning, id, message, None);
                }
                Shape::EmptyArray if !spec::is_repeating(tree, id) && (container || leaf) => {
                    let message = format!("{name} is an empty array; it is not a list in callback bodies");
                    self.at_value(Rule::JsonShape, Level::Warning, id, message, None);
                }
                _ => {}
            }
        }
    }

    // ---- identifiers ----------------------------------------------------------------------------

    fn id(&mut self, parent: NodeId, name: &str, shape: &IdShape, what: &str) {
        let ids: Vec<NodeId> = self.tree.children_named(parent, name).collect();
        for id in ids {
            let Some(value) = self.tree.leaf_text(id).map(str::trim) else { continue };
            if value.is_empty() || shape.fits(value) {
                continue;
            }
            let message = format!(
                "{name} `{}` does not look like a {what} ({}, like {})",
                shown(value),
                shape.text,
                shape.example
            );
            self.at_value(Rule::Identifier, Level::Warning, id, message, None);
        }
    }

    fn identifiers(&mut self) {
        if self.kind().is_audit() {
            // Audit job IDs in the published bodies are placeholders: no shape to hold them to.
            return;
        }
        let model = self.model;
        for job in &model.jobs {
            self.id(job.node, "JobId", &ids::JOB_ID, "CI job ID");
            self.id(job.node, "QueueId", &ids::QUEUE_ID, "CI queue ID");
            if let Some(t) = &job.trigger {
                self.id(t.node, "RunId", &ids::RUN_ID, "workflow run ID");
                self.id(t.node, "WorkflowId", &ids::WORKFLOW_ID, "workflow ID");
            }
            if let Some(op) = job.operation {
                for name in ["TemplateId", "TranscodeTemplateId", "WatermarkTemplateId"] {
                    self.id(op, name, &ids::TEMPLATE_ID, "template ID");
                }
            }
        }
        if let Some(w) = &model.workflow {
            self.id(w.node, "WorkflowId", &ids::WORKFLOW_ID, "workflow ID");
            self.id(w.node, "RunId", &ids::RUN_ID, "workflow run ID");
            for t in &w.tasks {
                self.id(t.node, "JobId", &ids::JOB_ID, "CI job ID");
                self.id(t.node, "TemplateId", &ids::TEMPLATE_ID, "template ID");
            }
        }
    }
}

fn bare(shape: Shape, value: &str) -> String {
    match shape {
        Shape::Number => format!("number {value}"),
        Shape::Null => "null".to_string(),
        _ => format!("`{value}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{decode, Limits};

    const JOB: &str = "<Response>
  <EventName>TaskFinish</EventName>
  <JobsDetail>
    <Code>Success</Code>
    <CreationTime>2023-04-11T10:02:15+0800</CreationTime>
    <EndTime>2023-04-11T10:02:31+0800</EndTime>
    <Input><BucketId>b-1250000000</BucketId><Object>in.mp3</Object><Region>ap-guangzhou</Region></Input>
    <JobId>j7a2c4e6f8b1d11edb0a3525400c1f2e3</JobId>
    <Message/>
    <Operation>
      <Output><Bucket>b-1250000000</Bucket><Object>out.wav</Object><Region>ap-guangzhou</Region></Output>
      <TemplateId>t02bd747c3867de56b259f123a469e863c</TemplateId>
    </Operation>
    <QueueId>p5b1e0c9d8a7f4e3d2c1b0a9f8e7d6c5b</QueueId>
    <StartTime>2023-04-11T10:02:16+0800</StartTime>
    <State>Success</State>
    <Tag>NoiseReduction</Tag>
  </JobsDetail>
</Response>
";

    const WORKFLOW: &str = r#"{"EventName": "WorkflowFinish", "WorkflowExecution": {
  "WorkflowId": "w3c9e1a7b5d2f4e6a8c0b2d4f6e8a0c1e", "WorkflowName": "w", "RunId": "i4d8f2b6a0c3e11edb5a7525400d2e4f6",
  "State": "Success", "BucketId": "b-1250000000", "Object": "in.mp4", "CreateTime": "2023-05-02 08:30:11+0800",
  "CosHeaders": [{"Key": "Content-Type", "Value": "video/mp4"}],
  "Tasks": [
    {"Type": "Transcode", "CreateTime": "2023-05-02 08:30:12+0800", "EndTime": "2023-05-02 08:31:02+0800",
     "State": "Success", "JobId": "j5e9a3c7b1d4f11edb6a8525400e3f5a7", "Name": "Transcode_1",
     "TemplateId": "t02bd747c3867de56b259f123a469e863c", "TemplateName": "MP4"},
    {"Type": "Snapshot", "CreateTime": "2023-05-02 08:30:12+0800", "EndTime": "2023-05-02 08:30:20+0800",
     "State": "Success", "JobId": "j6fab4d8c2e5a11edb7b9525400f4a6b8", "Name": "Snapshot_2",
     "TemplateId": "t040b41ca677fc14dcb9666947d127a37a", "TemplateName": "cover"}]}}"#;

    const AUDIT_DETAIL: &str = r#"{"EventName": "ReviewImage", "JobsDetail": {"JobId": "xxxx", "State": "Success",
  "CreationTime": "", "Object": "a.jpg", "Result": 0, "Score": 0, "Label": "Normal",
  "PornInfo": {"HitFlag": 0, "Score": 0, "Label": ""}, "CosHeaders": {"x-cos-meta-id": "1"}}}"#;

    const AUDIT_SIMPLE: &str = r#"{"code": 0, "message": "success", "data": {"forbidden_status": 0,
  "porn_info": {"hit_flag": 0, "label": "", "score": 9}, "result": 0, "trace_id": "t", "url": "u"}}"#;

    /// (rule, severity, path, message) of every finding.
    fn found(src: &str) -> Vec<(&'static str, Level, String, String)> {
        let doc = decode(src, None, &Limits::default()).unwrap_or_else(|e| panic!("{e}"));
        check(&doc).into_iter().map(|f| (f.rule.name(), f.level, f.path.unwrap_or_default(), f.message)).collect()
    }

    fn rules(src: &str) -> Vec<(&'static str, Level, String)> {
        found(src).into_iter().map(|(r, l, p, _)| (r, l, p)).collect()
    }

    fn job(from: &str, to: &str) -> String {
        assert!(JOB.contains(from), "{from}");
        JOB.replacen(from, to, 1)
    }

    fn workflow(from: &str, to: &str) -> String {
        assert!(WORKFLOW.contains(from), "{from}");
        WORKFLOW.replacen(from, to, 1)
    }

    const E: Level = Level::Error;
    const W: Level = Level::Warning;

    fn p(s: &str) -> String {
        s.to_string()
    }

    #[test]
    fn well_formed_bodies_of_every_kind_are_clean() {
        for src in [JOB, WORKFLOW, AUDIT_DETAIL, AUDIT_SIMPLE] {
            assert_eq!(found(src), vec![], "{src}");
        }
        // Legacy: no EventName, and the legacy table lists no StartTime.
        let legacy =
            job("<EventName>TaskFinish</EventName>", "").replace("<StartTime>2023-04-11T10:02:16+0800</StartTime>", "");
        assert_eq!(found(&legacy), vec![]);
    }

    #[test]
    fn syntax_and_structure_of_decode_failures() {
        let e = decode("<Response><A></B></Response>", None, &Limits::default()).unwrap_err();
        let f = decode_failure(&e);
        assert_eq!((f.rule, f.level, f.span.clone(), f.path), (Rule::Syntax, E, 13..17, None));
        let e = decode("[1]", None, &Limits::default()).unwrap_err();
        assert_eq!(decode_failure(&e).rule, Rule::Structure);
    }

    #[test]
    fn structure() {
        let src = job("<Response>", "<Respone>").replace("</Response>", "</Respone>");
        let f = found(&src);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].0, f[0].1), ("structure", E));
        assert_eq!(f[0].3, "the root element is <Respone>; a callback body's root is <Response>");
        assert_eq!(
            rules(r#"{"Foo": "1"}"#),
            vec![("structure", E, p("Response")), ("unknown-node", W, p("Response.Foo"))]
        );
        let two = WORKFLOW.replacen(r#""WorkflowExecution": {"#, r#""WorkflowExecution": [{"RunId": "x"}, {"#, 1);
        let two = format!("{}]}}", two.strip_suffix('}').unwrap());
        assert!(rules(&two).contains(&("structure", E, p("Response.WorkflowExecution"))), "{:?}", rules(&two));
    }

    #[test]
    fn event() {
        let f = found(&job("TaskFinish", "TaskFinsh"));
        assert_eq!((f[0].0, f[0].1, f[0].2.as_str()), ("event", E, "Response.EventName"));
        let src = job("TaskFinish", "TaskFinsh");
        let doc = decode(&src, None, &Limits::default()).unwrap();
        assert_eq!(check(&doc)[0].help.as_deref(), Some("did you mean `TaskFinish`?"));
        assert_eq!(rules(&job("TaskFinish", "")), vec![("event", E, p("Response.EventName"))]);
        assert_eq!(rules(&job("TaskFinish", "<X/>")), vec![("event", E, p("Response.EventName"))]);
    }

    #[test]
    fn required() {
        let src = job("<JobId>j7a2c4e6f8b1d11edb0a3525400c1f2e3</JobId>", "")
            .replace("<QueueId>p5b1e0c9d8a7f4e3d2c1b0a9f8e7d6c5b</QueueId>", "<QueueId/>");
        assert_eq!(
            rules(&src),
            vec![("required", E, p("Response.JobsDetail.JobId")), ("required", W, p("Response.JobsDetail.QueueId"))]
        );
        // The Tag's own table decides: DocProcess lists no StartTime, Tts no Input.
        let doc = job("NoiseReduction", "DocProcess").replace("<StartTime>2023-04-11T10:02:16+0800</StartTime>", "");
        assert_eq!(rules(&doc), vec![]);
        let tts = job("NoiseReduction", "Tts");
        let start = tts.find("<Input>").unwrap();
        let end = tts.find("</Input>").unwrap() + "</Input>".len();
        assert_eq!(rules(&format!("{}{}", &tts[..start], &tts[end..])), vec![]);
        assert_eq!(
            rules(&job("<Object>in.mp3</Object>", "")),
            vec![("required", W, p("Response.JobsDetail.Input.Object"))]
        );
        // An empty container is one finding, not one per missing child.
        assert_eq!(rules("<Response><JobsDetail/></Response>"), vec![("required", E, p("Response.JobsDetail"))]);
        // A job callback without a job, a workflow callback without a workflow.
        assert_eq!(
            rules("<Response><EventName>TaskFinish</EventName><WorkflowExecution/></Response>"),
            vec![("required", E, p("Response.JobsDetail"))]
        );
        let no_key = workflow(r#""Key": "Content-Type", "#, "");
        assert_eq!(rules(&no_key), vec![("required", E, p("Response.WorkflowExecution.CosHeaders.Key"))]);
        let empty_name = workflow(r#""WorkflowName": "w""#, r#""WorkflowName": """#);
        assert_eq!(rules(&empty_name), vec![], "published bodies leave WorkflowName empty");
        let no_simple_id = AUDIT_SIMPLE.replace(r#""trace_id": "t", "#, "");
        assert_eq!(rules(&no_simple_id), vec![("required", W, p("Response.data"))]);
        assert_eq!(
            rules(&AUDIT_DETAIL.replace(r#""JobId": "xxxx", "#, "")),
            vec![("required", E, p("Response.JobsDetail.JobId"))]
        );
    }

    #[test]
    fn enumerations() {
        let f = found(&job("<State>Success</State>", "<State>success</State>"));
        assert_eq!((f[0].0, f[0].1, f[0].2.as_str()), ("enum", E, "Response.JobsDetail.State"));
        assert_eq!(rules(&job("NoiseReduction", "NoiseReductoin")), vec![("enum", W, p("Response.JobsDetail.Tag"))]);
        assert_eq!(
            rules(&workflow(r#""State": "Success", "BucketId""#, r#""State": "Done", "BucketId""#)),
            vec![("enum", E, p("Response.WorkflowExecution.State"))]
        );
        assert_eq!(
            rules(&workflow(r#""Type": "Snapshot""#, r#""Type": "Snapshots""#)),
            vec![("enum", W, p("Response.WorkflowExecution.Tasks.Type"))]
        );
        let wm = job("<TemplateId>", "<DigitalWatermark><State>Ok</State></DigitalWatermark><TemplateId>");
        assert_eq!(rules(&wm), vec![("enum", E, p("Response.JobsDetail.Operation.DigitalWatermark.State"))]);
        assert_eq!(rules(&workflow(r#""Type": "Snapshot""#, r#""Type": "HighSpeedHd""#)), vec![]);
    }

    #[test]
    fn timestamps() {
        let f = found(&job("2023-04-11T10:02:15+0800", "2023/04/11 10:02:15"));
        assert_eq!((f[0].0, f[0].1, f[0].2.as_str()), ("timestamp", E, "Response.JobsDetail.CreationTime"));
        let f = found(&job("2023-04-11T10:02:31+0800", "2023-04-11T10:02:00+0800"));
        assert_eq!(f.len(), 2, "before CreationTime and StartTime: {f:?}");
        assert!(f
            .iter()
            .all(|(r, l, path, _)| (*r, *l, path.as_str()) == ("timestamp", W, "Response.JobsDetail.EndTime")));
        assert_eq!(f[0].3, "EndTime 2023-04-11 10:02:00+08:00 is before CreationTime 2023-04-11 10:02:15+08:00");
        assert_eq!(
            rules(&workflow("2023-05-02 08:30:20+0800", "2023-05-02 08:30:00+0800")),
            vec![("timestamp", W, p("Response.WorkflowExecution.Tasks.EndTime"))]
        );
        // RFC 3339 (audit) parses; an empty time is the required rule's business.
        assert_eq!(
            rules(&AUDIT_DETAIL.replace(r#""CreationTime": """#, r#""CreationTime": "2021-08-10T21:01:10+08:00""#)),
            vec![]
        );
    }

    #[test]
    fn consistency() {
        let one_failed = workflow(r#""State": "Success", "JobId": "j6fab"#, r#""State": "Failed", "JobId": "j6fab"#);
        let f = found(&one_failed);
        assert_eq!((f[0].0, f[0].1, f[0].2.as_str()), ("consistency", E, "Response.WorkflowExecution.State"));
        assert!(f[0].3.contains("Tasks[1] (Snapshot) failed"), "{}", f[0].3);
        let wf_failed = workflow(r#""State": "Success", "BucketId""#, r#""State": "Failed", "BucketId""#);
        assert_eq!(rules(&wf_failed), vec![("consistency", W, p("Response.WorkflowExecution.State"))]);
        let both_failed =
            one_failed.replacen(r#""State": "Success", "BucketId""#, r#""State": "Failed", "BucketId""#, 1);
        assert_eq!(rules(&both_failed), vec![]);

        let failed = job("<State>Success</State>", "<State>Failed</State>").replace("<Code>Success</Code>", "");
        assert_eq!(
            rules(&failed),
            vec![
                ("consistency", E, p("Response.JobsDetail.Code")),
                ("consistency", E, p("Response.JobsDetail.Message"))
            ]
        );
        let explained = failed.replace("<Message/>", "<Code>InvalidInput</Code><Message>no audio stream</Message>");
        assert_eq!(rules(&explained), vec![]);
        let contradicts = failed.replace("<Message/>", "<Code>Success</Code><Message>?</Message>");
        assert_eq!(rules(&contradicts), vec![("consistency", W, p("Response.JobsDetail.State"))]);
        assert_eq!(
            rules(&job("<Code>Success</Code>", "<Code>InternalError</Code>")),
            vec![("consistency", W, p("Response.JobsDetail.State"))]
        );
        assert_eq!(
            rules(&job("<State>Success</State>", "<State>Running</State>")),
            vec![("consistency", W, p("Response.JobsDetail.State"))]
        );
    }

    #[test]
    fn unknown_nodes() {
        let src = job("<TemplateId>", "<MeidaInfo><Format/></MeidaInfo><TemplateId>");
        let doc = decode(&src, None, &Limits::default()).unwrap();
        let f = check(&doc);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].rule, f[0].level), (Rule::UnknownNode, W));
        assert_eq!(f[0].path.as_deref(), Some("Response.JobsDetail.Operation.MeidaInfo"));
        assert_eq!(f[0].help.as_deref(), Some("did you mean `MediaInfo`?"));
        assert_eq!(&src[f[0].span.clone()], "<MeidaInfo>");
        // Parameter echoes repeat the request: their children are not checked.
        assert_eq!(rules(&job("<TemplateId>", "<Transcode><Anything/></Transcode><TemplateId>")), vec![]);
        // Audit bodies are checked at the envelope only.
        assert_eq!(rules(&AUDIT_DETAIL.replace("\"Label\": \"Normal\"", "\"Lable\": \"Normal\"")), vec![]);
        assert_eq!(rules(&AUDIT_SIMPLE.replace("\"message\"", "\"mesage\"")).len(), 2, "unknown + required message");
        // A JSON array is reported once, not once per item.
        let arr = workflow(r#""CosHeaders": ["#, r#""Extra": [{"A": "1"}, {"A": "2"}], "CosHeaders": ["#);
        assert_eq!(rules(&arr), vec![("unknown-node", W, p("Response.WorkflowExecution.Extra"))]);
    }

    #[test]
    fn json_shapes() {
        let json = r#"{"EventName": "TaskFinish", "JobsDetail": {"Code": "Success", "CreationTime": "2023-04-11T10:02:15+0800",
  "EndTime": "2023-04-11T10:02:31+0800", "Input": {"Object": "in.mp3"}, "JobId": "j7a2c4e6f8b1d11edb0a3525400c1f2e3",
  "Operation": {"MediaResult": "out.mp4", "JobLevel": 0, "UserData": true, "Output": null, "MediaInfo": {"Format": []}},
  "QueueId": "p5b1e0c9d8a7f4e3d2c1b0a9f8e7d6c5b", "StartTime": "2023-04-11T10:02:16+0800",
  "State": {"Value": "Success"}, "Tag": "Transcode"}}"#;
        assert_eq!(
            rules(json),
            vec![
                ("json-shape", E, p("Response.JobsDetail.Operation.MediaResult")),
                ("json-shape", W, p("Response.JobsDetail.Operation.JobLevel")),
                ("json-shape", W, p("Response.JobsDetail.Operation.UserData")),
                ("json-shape", W, p("Response.JobsDetail.Operation.Output")),
                ("json-shape", W, p("Response.JobsDetail.Operation.MediaInfo.Format")),
                ("json-shape", E, p("Response.JobsDetail.State")),
            ]
        );
        // cicb's own JSON for an empty container is "" (or {}): not a shape error.
        let empty = workflow(r#"[{"Key": "Content-Type", "Value": "video/mp4"}]"#, r#""""#);
        assert_eq!(rules(&empty), vec![]);
        // Audit numbers are real; a number where audit bodies carry a string is not, and the reverse.
        let audit = AUDIT_DETAIL
            .replacen(r#""Score": 0, "Label""#, r#""Score": "0", "Label""#, 1)
            .replace(r#""Object": "a.jpg""#, r#""Object": 7"#);
        assert_eq!(
            rules(&audit),
            vec![("json-shape", W, p("Response.JobsDetail.Object")), ("json-shape", W, p("Response.JobsDetail.Score"))]
        );
        // XML has no JSON shapes.
        assert_eq!(rules(&job("<Message/>", "<Message>1</Message>")), vec![]);
    }

    #[test]
    fn identifiers() {
        let f = found(&job("p5b1e0c9d8a7f4e3d2c1b0a9f8e7d6c5b", "queue-1"));
        assert_eq!((f[0].0, f[0].1, f[0].2.as_str()), ("identifier", W, "Response.JobsDetail.QueueId"));
        assert_eq!(
            f[0].3,
            "QueueId `queue-1` does not look like a CI queue ID (`p` and 32 hex digits, like p2242ab62c7c94486915508540933a2c6)"
        );
        assert_eq!(
            rules(&job("j7a2c4e6f8b1d11edb0a3525400c1f2e3", "J-1")),
            vec![("identifier", W, p("Response.JobsDetail.JobId"))]
        );
        assert_eq!(
            rules(&job("t02bd747c3867de56b259f123a469e863c", "tpl")),
            vec![("identifier", W, p("Response.JobsDetail.Operation.TemplateId"))]
        );
        assert_eq!(
            rules(&workflow("w3c9e1a7b5d2f4e6a8c0b2d4f6e8a0c1e", "workflow-1")),
            vec![("identifier", W, p("Response.WorkflowExecution.WorkflowId"))]
        );
        assert_eq!(rules(&job("p5b1e0c9d8a7f4e3d2c1b0a9f8e7d6c5b", "p5b1e0c9d8a7xxxxxxxxxxxx")), vec![], "redacted");
    }

    #[test]
    fn spans_point_at_keys_and_values() {
        let src = job("<State>Success</State>", "<State>  Done </State>");
        let doc = decode(&src, None, &Limits::default()).unwrap();
        let f = check(&doc);
        assert_eq!(&src[f[0].span.clone()], "Done");
        let json = workflow(r#""State": "Success", "BucketId""#, r#""State": "Do\"ne", "BucketId""#);
        let doc = decode(&json, None, &Limits::default()).unwrap();
        let f = check(&doc);
        assert_eq!(&json[f[0].span.clone()], r#""Do\"ne""#);
        let missing = workflow(r#""RunId": "i4d8f2b6a0c3e11edb5a7525400d2e4f6","#, "");
        let doc = decode(&missing, None, &Limits::default()).unwrap();
        let f = check(&doc);
        assert_eq!(&missing[f[0].span.clone()], r#""WorkflowExecution""#);
    }

    #[test]
    fn odd_bodies_do_not_panic() {
        for src in [
            "<Response/>",
            "<Response>text</Response>",
            "<a:Response xmlns:a='x'><a:JobsDetail/></a:Response>",
            "{}",
            r#"{"Response": {"JobsDetail": []}}"#,
            r#"{"JobsDetail": "x", "EventName": ["TaskFinish", "x"]}"#,
            r#"{"WorkflowExecution": {"Tasks": [{}, {"State": {}}], "State": null}}"#,
            "<Response><EventName>TaskFinish</EventName><JobsDetail><State>Failed</State><EndTime>x</EndTime></JobsDetail></Response>",
            "<Response><JobsDetail><JobId>数据万象\u{202e}</JobId><State>失败</State></JobsDetail></Response>",
        ] {
            let doc = decode(src, None, &Limits::default()).unwrap();
            let f = check(&doc);
            for x in &f {
                assert!(x.span.start <= x.span.end && x.span.end <= src.len(), "{src}: {x:?}");
                assert!(src.is_char_boundary(x.span.start) && src.is_char_boundary(x.span.end), "{src}: {x:?}");
            }
        }
        assert_eq!(shown(&"x".repeat(100)).chars().count(), 61);
    }
}
