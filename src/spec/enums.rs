//! Enumerated values the documentation lists: event names, states, job Tags.

/// The `EventName` values the callback documentation lists.
pub const EVENT_NAMES: &[&str] = &[
    "TaskFinish",
    "WorkflowFinish",
    "ReviewImage",
    "ReviewText",
    "ReviewAudio",
    "ReviewVideo",
    "ReviewDocument",
    "ReviewHtml",
];

/// `JobsDetail/State` values the job tables list ("Valid values: Submitted, Running, Success,
/// Failed, Pause, Cancel").
pub const JOB_STATES: &[&str] = &["Submitted", "Running", "Success", "Failed", "Pause", "Cancel"];

/// The job states a finish callback should not carry: the job is still under way.
pub const UNFINISHED_JOB_STATES: &[&str] = &["Submitted", "Running", "Pause"];

/// `WorkflowExecution/State` and `Tasks/State` values the workflow callback table lists.
pub const WORKFLOW_STATES: &[&str] = &["Success", "Failed"];

/// `Operation/DigitalWatermark/State` values ("Running, Success, Failed").
pub const WATERMARK_STATES: &[&str] = &["Running", "Success", "Failed"];

/// Workflow task `Type` values: the job tags, and `HighSpeedHd`, the workflow node that runs a
/// Transcode (TSC) job (its tasks are named `HighSpeedHd_<id>` in the published bodies).
pub fn is_task_type(t: &str) -> bool {
    t == "HighSpeedHd" || super::tags::get(t).is_some()
}

/// `Failed` in any letter case (the docs are not consistent).
pub fn is_failed_state(s: &str) -> bool {
    s.trim().eq_ignore_ascii_case("failed") || s.trim().eq_ignore_ascii_case("fail")
}
