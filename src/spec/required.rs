//! The nodes each kind of body requires, and how bad their absence is.

use super::Kind;

/// A required node: where, which, and how bad its absence is.
#[derive(Debug, Clone, Copy)]
pub struct Required {
    /// The node's name.
    pub name: &'static str,
    /// An error when missing (or empty, unless `empty_ok`); a warning otherwise.
    pub error: bool,
    /// Present but empty is fine (published bodies carry it empty).
    pub empty_ok: bool,
}

const fn error(name: &'static str) -> Required {
    Required { name, error: true, empty_ok: false }
}

const fn warning(name: &'static str) -> Required {
    Required { name, error: false, empty_ok: false }
}

const fn listed(name: &'static str) -> Required {
    Required { name, error: false, empty_ok: true }
}

/// `JobsDetail` of a job callback: the envelope of every job table. Errors for the nodes every
/// published body carries; warnings for those some omit (`Tag`, `State`, `QueueId`, `StartTime`
/// in WordsGeneralize; `StartTime` in DocProcess and the legacy examples; `Code` is documented as
/// "returned only if State is Failed"). `Input` is checked through the model (it moves to
/// `Operation/Input` in workflow-started Tts jobs); `Message` through the consistency rule.
pub const JOB: &[Required] = &[
    error("JobId"),
    error("CreationTime"),
    error("EndTime"),
    error("Operation"),
    warning("Code"),
    warning("Tag"),
    warning("State"),
    warning("StartTime"),
    warning("QueueId"),
];

/// Envelope nodes a Tag's own table leaves out: not required for that Tag (the legacy job table
/// leaves out `StartTime` too).
pub const NOT_LISTED: &[(&str, &[&str])] = &[
    ("DigitalWatermark", &["StartTime"]),
    ("DocProcess", &["StartTime", "EndTime"]),
    ("ExtractDigitalWatermark", &["StartTime"]),
    ("FileCompress", &["Input"]),
    ("NoiseReduction", &["StartTime"]),
    ("SmartCover", &["StartTime"]),
    ("Tts", &["Input"]),
];

/// True when the table for a job of `kind` and `tag` lists envelope node `name`.
pub fn job_lists(kind: Kind, tag: Option<&str>, name: &str) -> bool {
    if kind == Kind::LegacyJob && name == "StartTime" {
        return false;
    }
    let tag = tag.map(str::trim);
    !NOT_LISTED.iter().any(|(t, names)| Some(*t) == tag && names.contains(&name))
}

/// `JobsDetail/Input` (workflow-started Tts jobs have an `Operation/Input` with only `CosHeaders`).
pub const INPUT: &[Required] = &[warning("Object")];

/// `JobsDetail/Workflow` of a workflow-started job.
pub const TRIGGER: &[Required] = &[error("RunId"), error("WorkflowId"), warning("Name"), warning("WorkflowName")];

/// `CosHeaders` (jobs and workflows, `Key`/`Value` form).
pub const COS_HEADER: &[Required] = &[error("Key"), listed("Value")];

/// `WorkflowExecution`: `BucketId` and `WorkflowName` are empty in a real-run body of the Go SDK.
pub const WORKFLOW: &[Required] = &[
    error("RunId"),
    error("WorkflowId"),
    error("State"),
    error("CreateTime"),
    error("Tasks"),
    warning("Object"),
    listed("WorkflowName"),
    listed("BucketId"),
];

/// `WorkflowExecution/Tasks`. The table also lists `StartTime`, which no published body carries.
pub const TASK: &[Required] = &[
    error("Type"),
    error("State"),
    error("JobId"),
    error("CreateTime"),
    error("EndTime"),
    warning("Name"),
    warning("TemplateId"),
];

/// `JobsDetail` of an audit Detail callback (the templates leave `CreationTime` empty).
pub const AUDIT_DETAIL: &[Required] = &[error("JobId"), warning("State"), listed("CreationTime")];

/// Root of an audit Simple callback (`code` and `data` decide the kind).
pub const AUDIT_SIMPLE: &[Required] = &[warning("message")];
