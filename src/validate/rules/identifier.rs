//! The `identifier` rule.

use crate::spec::ids::IdShape;
use crate::spec::{self, values};
use crate::tree::NodeId;
use crate::validate::Level;

use super::{shown, Checker, Rule, RuleInfo};

/// The rule, what it checks at each severity (doc/guide.md's rule table), and its pass.
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
        // The containers the model knows, each checked against the spec's identifier table.
        let model = self.model;
        let mut parents = Vec::new();
        for job in &model.jobs {
            parents.push(job.node);
            parents.extend(job.trigger.as_ref().map(|t| t.node));
            parents.extend(job.operation);
        }
        if let Some(w) = &model.workflow {
            parents.push(w.node);
            parents.extend(w.tasks.iter().map(|t| t.node));
        }
        for parent in parents {
            for (pattern, name, shape) in values::IDENTIFIERS {
                if spec::matches(self.tree, parent, pattern) {
                    self.id(parent, name, shape, shape.what);
                }
            }
        }
    }
}
