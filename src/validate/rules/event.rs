//! The `event` rule.

use crate::spec::{self};
use crate::validate::Level;

use super::{shown, Checker, Rule, RuleInfo};

/// The rule, what it checks at each severity (doc/guide.md's rule table), and its pass.
pub const RULE: Rule = Rule(&RuleInfo {
    name: "event",
    checks: &[
        (Level::Error, "`EventName` is one of `TaskFinish`, `WorkflowFinish`, `ReviewImage`, `ReviewText`, `ReviewAudio`, `ReviewVideo`, `ReviewDocument`, `ReviewHtml`, or absent (legacy and audit Simple bodies); a near miss gets \"did you mean `TaskFinish`?\""),
    ],
    pass: Some(|c| c.event()),
});

impl Checker<'_, '_> {
    pub(super) fn event(&mut self) {
        let root = self.tree.root();
        let Some(event) = self.tree.child(root, "EventName") else { return };
        match self.tree.leaf_text(event).map(str::trim) {
            None => self.at_node(
                super::event::RULE,
                Level::Error,
                event,
                "EventName holds child nodes; it is one word, such as TaskFinish".into(),
                None,
            ),
            Some("") => self.at_node(
                super::event::RULE,
                Level::Error,
                event,
                "EventName is empty; leave it out only in the legacy shapes".into(),
                None,
            ),
            Some(e) if !spec::enums::EVENT_NAMES.contains(&e) => {
                let help = spec::did_you_mean(spec::suggest(e, spec::enums::EVENT_NAMES.iter().copied()));
                let message = format!(
                    "unknown EventName `{}` (expected one of {})",
                    shown(e),
                    spec::enums::EVENT_NAMES.join(", ")
                );
                self.at_value(super::event::RULE, Level::Error, event, message, help);
            }
            Some(_) => {}
        }
    }
}
