//! The `identifier` rule.

use crate::spec::ids::{self, IdShape};
use crate::tree::NodeId;
use crate::validate::Level;

use super::{shown, Checker, Rule, RuleInfo};

/// The rule, what it checks at each severity (the README's rule table), and its pass.
pub const RULE: Rule = Rule(&RuleInfo {
    name: "identifier",
    checks: &[
        (Level::Warning, "`JobId`, `QueueId`, `RunId`, `WorkflowId`, `TemplateId` (and `TranscodeTemplateId`, `WatermarkTemplateId`) shaped as the published bodies show them: a letter and 32 hex digits (`j…`, `c…`, `i…`), `w…` / `p…` and 32 hex digits, `t` and 32–34 letters and digits; IDs the docs redacted (`…xxxx`) pass, audit job IDs are not checked"),
    ],
    pass: Some(|c| c.identifiers()),
});

impl Checker<'_, '_> {
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
            self.at_value(super::identifier::RULE, Level::Warning, id, message, None);
        }
    }

    pub(super) fn identifiers(&mut self) {
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
