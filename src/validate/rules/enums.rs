//! The `enum` rule.

use crate::spec::{self};
use crate::tree::NodeId;
use crate::validate::Level;

use super::{shown, Checker, Rule, RuleInfo};

/// The rule, what it checks at each severity (doc/guide.md's rule table), and its pass.
pub const RULE: Rule = Rule(&RuleInfo {
    name: "enum",
    checks: &[
        (Level::Error, "job `State` (`Submitted`, `Running`, `Success`, `Failed`, `Pause`, `Cancel`), workflow and task `State` (`Success`, `Failed`), `DigitalWatermark/State` (`Running`, `Success`, `Failed`)"),
        (Level::Warning, "a job `Tag` or task `Type` that is none of the 32 documented Tags"),
    ],
    pass: Some(|c| c.enums()),
});

impl Checker<'_, '_> {
    /// Checks the value of `parent/name` against `allowed`.
    fn one_of(&mut self, parent: NodeId, name: &str, allowed: &[&str], level: Level, what: &str) {
        let Some(id) = self.tree.child(parent, name) else { return };
        let Some(value) = self.tree.leaf_text(id).map(str::trim) else { return };
        if value.is_empty() || allowed.contains(&value) {
            return;
        }
        let help = spec::did_you_mean(spec::suggest(value, allowed.iter().copied()));
        let message = if allowed.len() <= 6 {
            format!("unknown {what} `{}` (expected one of {})", shown(value), allowed.join(", "))
        } else {
            format!("unknown {what} `{}`", shown(value))
        };
        self.at_value(super::enums::RULE, level, id, message, help);
    }

    pub(super) fn enums(&mut self) {
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
                    let help = spec::did_you_mean(spec::suggest(value, spec::tags::names().iter().copied()));
                    self.at_value(
                        super::enums::RULE,
                        Level::Warning,
                        ty,
                        format!("unknown task Type `{}`", shown(value)),
                        help,
                    );
                }
            }
        }
    }
}
