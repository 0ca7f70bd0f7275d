//! Which leaves hold timestamps and identifiers, and their shapes as regular expressions.
//!
//! The node lists follow the job, workflow and task tables (`CreationTime`, `StartTime`,
//! `EndTime`, `CreateTime`; `JobId`, `QueueId`, `RunId`, `WorkflowId`); the patterns are the
//! formats [`super::time::parse_time`] reads and the shapes [`super::ids`] describes, written as
//! ECMA-262 regular expressions (JSON Schema's `pattern`).

use super::enums;
use super::ids::{self, IdShape};
use super::required::{self, Required};
use crate::tree::{NodeId, Tree};

/// Timestamp leaves of the job, workflow and audit tables: a parent (a path suffix) and its time
/// nodes. `StartTime` only below `JobsDetail` and `Tasks`: under `MediaInfo` it is a media
/// position in seconds, not a time.
pub const TIMESTAMPS: &[(&[&str], &[&str])] = &[
    (&["JobsDetail"], &["CreationTime", "StartTime", "EndTime"]),
    (&["WorkflowExecution"], &["CreateTime"]),
    (&["Tasks"], &["CreateTime", "StartTime", "EndTime"]),
];

/// True when element `id` is one of the [`TIMESTAMPS`].
pub fn is_time_node(tree: &Tree<'_>, id: NodeId) -> bool {
    let name = tree.name(id);
    !tree.is_attribute(id)
        && tree.parent(id).is_some_and(|p| {
            TIMESTAMPS.iter().any(|(parent, nodes)| nodes.contains(&name) && super::matches(tree, p, parent))
        })
}

/// The shape of the identifier a node called `name` holds, if it is one of the [`IDENTIFIERS`].
pub fn id_shape(name: &str) -> Option<&'static IdShape> {
    IDENTIFIERS.iter().find(|(_, n, _)| *n == name).map(|(_, _, s)| *s)
}

/// Identifier leaves of job and workflow bodies (audit job IDs in the published bodies are
/// placeholders): a parent (a path suffix), the node and its shape.
pub const IDENTIFIERS: &[(&[&str], &str, &IdShape)] = &[
    (&["Response", "JobsDetail"], "JobId", &ids::JOB_ID),
    (&["Response", "JobsDetail"], "QueueId", &ids::QUEUE_ID),
    (&["JobsDetail", "Workflow"], "RunId", &ids::RUN_ID),
    (&["JobsDetail", "Workflow"], "WorkflowId", &ids::WORKFLOW_ID),
    (&["JobsDetail", "Operation"], "TemplateId", &ids::TEMPLATE_ID),
    (&["JobsDetail", "Operation"], "TranscodeTemplateId", &ids::TEMPLATE_ID),
    (&["JobsDetail", "Operation"], "WatermarkTemplateId", &ids::TEMPLATE_ID),
    (&["Response", "WorkflowExecution"], "WorkflowId", &ids::WORKFLOW_ID),
    (&["Response", "WorkflowExecution"], "RunId", &ids::RUN_ID),
    (&["WorkflowExecution", "Tasks"], "JobId", &ids::JOB_ID),
    (&["WorkflowExecution", "Tasks"], "TemplateId", &ids::TEMPLATE_ID),
];

/// Where each table of [`required`] applies: a container (a path suffix) and its required nodes
/// (`JobsDetail` of an audit body has [`required::AUDIT_DETAIL`], the Simple root
/// [`required::AUDIT_SIMPLE`]).
pub const REQUIRED_AT: &[(&[&str], &[Required])] = &[
    (&["Response", "JobsDetail"], required::JOB),
    (&["JobsDetail", "Input"], required::INPUT),
    (&["JobsDetail", "Workflow"], required::TRIGGER),
    (&["CosHeaders"], required::COS_HEADER),
    (&["Response", "WorkflowExecution"], required::WORKFLOW),
    (&["WorkflowExecution", "Tasks"], required::TASK),
];

/// Leaves some published job bodies carry as a bare JSON number although the tables type them
/// String (`"JobLevel": 0`).
pub const BARE_NUMBERS: &[&str] = &["JobLevel"];

/// Enumerated leaves: a parent (a path suffix), the node and the values its table lists. An
/// empty value is no value (the validator skips it too).
pub const ENUMERATED: &[(&[&str], &str, &[&str])] = &[
    (&["Response", "JobsDetail"], "State", enums::JOB_STATES),
    (&["Response", "WorkflowExecution"], "State", enums::WORKFLOW_STATES),
    (&["WorkflowExecution", "Tasks"], "State", enums::WORKFLOW_STATES),
    (&["Operation", "DigitalWatermark"], "State", enums::WATERMARK_STATES),
];

/// The published timestamp formats: `2022-06-30T15:29:42+0800`, `2022-08-09 14:54:17+0800`,
/// `2021-08-10T21:01:10+08:00` (fractional seconds and `Z` too), as [`super::time::parse_time`]
/// reads them; the empty string passes (an empty element).
pub const TIME_PATTERN: &str = "^$|^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[T ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])$";

impl IdShape {
    /// The shape as a regular expression, when it is firm: the prefix letter and 32 lowercase
    /// hex digits of job, run, workflow and queue IDs. Template IDs (letters past `f`, 32 to 34
    /// of them) are only observed, so they get none. The empty string passes (an empty element),
    /// and so do the IDs the docs redacted (`p6617fd40…xxxxxxxx`), as [`IdShape::fits`] lets them.
    pub fn pattern(&self) -> Option<String> {
        if !self.hex {
            return None;
        }
        let (min, max) = self.len;
        let len = if min == max { format!("{{{min}}}") } else { format!("{{{min},{max}}}") };
        let prefix = if self.prefix.len() == 26 { "a-z".to_string() } else { self.prefix.to_string() };
        Some(format!("^$|^[{prefix}][0-9a-f]{len}$|xxxx"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hex_shapes_have_patterns() {
        assert_eq!(ids::JOB_ID.pattern().as_deref(), Some("^$|^[a-z][0-9a-f]{32}$|xxxx"));
        assert_eq!(ids::WORKFLOW_ID.pattern().as_deref(), Some("^$|^[w][0-9a-f]{32}$|xxxx"));
        assert!(ids::TEMPLATE_ID.pattern().is_none());
    }
}
