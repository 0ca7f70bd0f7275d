//! The `unknown-node` rule.

use crate::spec::{self, known};
use crate::validate::Level;

use super::{shown, Checker, Rule, RuleInfo};

/// The rule, what it checks at each severity (doc/guide.md's rule table), and its pass.
pub const RULE: Rule = Rule(&RuleInfo {
    name: "unknown-node",
    checks: &[
        (Level::Warning, "a node the spec does not list under its parent (`src/spec/known.rs`), with \"did you mean\" when a known name is close; Tencent adds fields over time, so only `--strict` fails on it. Parameter echoes (`Operation/Transcode`, ...) and audit bodies below their envelope are not checked: their tables are not part of the spec material"),
    ],
    pass: Some(|c| c.unknown_nodes()),
});

impl Checker<'_, '_> {
    pub(super) fn unknown_nodes(&mut self) {
        let tree = self.tree;
        let kind = self.kind();
        for parent in tree.descendants(tree.root()) {
            let Some(known) = known::children(tree, parent, kind) else { continue };
            for c in tree.elements(parent) {
                let name = tree.name(c);
                if known.contains(&name) {
                    continue;
                }
                // A JSON array holds one node per item: report the first only.
                if tree.node(c).in_array && tree.children_named(parent, name).next() != Some(c) {
                    continue;
                }
                let help = spec::did_you_mean(spec::suggest(name, known.iter().copied()));
                let message = format!("unknown node `{}` under {}", shown(name), tree.name(parent));
                self.at_node(super::unknown_node::RULE, Level::Warning, c, message, help);
            }
        }
    }
}
