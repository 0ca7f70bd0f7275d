//! The `structure` rule.

use crate::decode::model::Kind;
use crate::decode::Format;
use crate::spec::{self};
use crate::tree::NodeId;
use crate::validate::Level;

use super::{shown, Checker, Rule, RuleInfo};

/// The rule, what it checks at each severity (doc/guide.md's rule table), and its pass.
pub const RULE: Rule = Rule(&RuleInfo {
    name: "structure",
    checks: &[
        (Level::Error, "the XML root is `<Response>`, the JSON root an object; a kind is decided as `parse` decides it (job, workflow, legacy job / workflow, audit Detail / Simple); one `WorkflowExecution`"),
    ],
    pass: Some(|c| c.structure()),
});

impl Checker<'_, '_> {
    pub(super) fn structure(&mut self) {
        let tree = self.tree;
        let root = tree.root();
        let name = tree.name(root);
        if self.doc.format == Format::Xml && name != "Response" {
            let help = spec::did_you_mean(spec::suggest(name, ["Response"]));
            self.at_node(
                super::structure::RULE,
                Level::Error,
                root,
                format!("the root element is <{}>; a callback body's root is <Response>", shown(name)),
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
            self.at_node(super::structure::RULE, Level::Error, root, message, None);
        }
        let runs: Vec<NodeId> = self.tree.children_named(root, "WorkflowExecution").collect();
        for &extra in runs.iter().skip(1) {
            self.at_node(
                super::structure::RULE,
                Level::Error,
                extra,
                "a second WorkflowExecution: a workflow callback describes one run (only the first is read)".into(),
                None,
            );
        }
    }
}
