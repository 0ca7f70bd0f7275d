//! The kinds of callback body the documentation describes, and how to tell them apart.

use crate::tree::Tree;

/// Which callback shape a body has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `EventName` = `WorkflowFinish`, with `WorkflowExecution`.
    Workflow,
    /// `EventName` = `TaskFinish`, with `JobsDetail`.
    Job,
    /// No `EventName`, with `JobsDetail`.
    LegacyJob,
    /// No `EventName`, with `WorkflowExecution`.
    LegacyWorkflow,
    /// Content moderation, Detail form: `EventName` = `Review*`, with `JobsDetail`.
    AuditDetail,
    /// Content moderation, Simple form: `code`, `message`, `data`.
    AuditSimple,
    /// Anything else: still fully readable and convertible.
    Unknown,
}

impl Kind {
    /// Stable machine name, used in `--format json` outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Workflow => "workflow",
            Kind::Job => "job",
            Kind::LegacyJob => "legacy-job",
            Kind::LegacyWorkflow => "legacy-workflow",
            Kind::AuditDetail => "audit-detail",
            Kind::AuditSimple => "audit-simple",
            Kind::Unknown => "unknown",
        }
    }

    /// True for the two content-moderation forms.
    pub fn is_audit(self) -> bool {
        matches!(self, Kind::AuditDetail | Kind::AuditSimple)
    }
}

/// True when the body is a content-moderation one (audit numbers are JSON numbers there, and
/// its text nodes are the customer's).
pub fn is_audit(tree: &Tree<'_>) -> bool {
    detect_kind(tree).is_audit()
}

/// Decides the kind from the root's children.
pub fn detect_kind(tree: &Tree<'_>) -> Kind {
    if tree.is_empty() {
        return Kind::Unknown;
    }
    let root = tree.root();
    let has = |name| tree.child(root, name).is_some();
    match tree.child_text(root, "EventName").map(str::trim) {
        Some("TaskFinish") => Kind::Job,
        Some("WorkflowFinish") => Kind::Workflow,
        Some(e) if e.starts_with("Review") && has("JobsDetail") => Kind::AuditDetail,
        Some(_) if has("WorkflowExecution") => Kind::Workflow,
        Some(_) if has("JobsDetail") => Kind::Job,
        Some(_) => Kind::Unknown,
        None if has("code") && has("data") => Kind::AuditSimple,
        None if has("JobsDetail") => Kind::LegacyJob,
        None if has("WorkflowExecution") => Kind::LegacyWorkflow,
        None => Kind::Unknown,
    }
}
