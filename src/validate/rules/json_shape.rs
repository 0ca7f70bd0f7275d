//! The `json-shape` rule.

use crate::decode::Format;
use crate::spec::{self, known};
use crate::tree::Shape;
use crate::validate::Level;

use super::{bare, shown, Checker, Rule, RuleInfo};

/// The rule, what it checks at each severity (doc/guide.md's rule table), and its pass.
pub const RULE: Rule = Rule(&RuleInfo {
    name: "json-shape",
    checks: &[
        (Level::Error, "JSON only: a string or number where the schema has an object (`\"MediaResult\": \"x\"`), an object where it has a string"),
        (Level::Warning, "JSON only: a bare number, boolean or `null` in a job or workflow body (they carry strings: `\"0\"`); in an audit body, a number where audit bodies carry a string or a string where they carry a number (`Score`, `HitFlag`, ...); `[]` for a node that is not a list"),
    ],
    pass: Some(|c| c.json_shapes()),
});

impl Checker<'_, '_> {
    pub(super) fn json_shapes(&mut self) {
        if self.doc.format != Format::Json {
            return;
        }
        let tree = self.tree;
        let kind = self.kind();
        let audit = kind.is_audit();
        let root = tree.root();
        for id in tree.descendants(root) {
            let n = tree.node(id);
            if id == root || n.attribute {
                continue;
            }
            let name = n.name;
            let container = known::is_container(tree, id, kind);
            let leaf = !container && known::is_leaf(tree, id, kind);
            match n.shape {
                Shape::Text | Shape::Number | Shape::Bool if container && !n.text.trim().is_empty() => {
                    let value = shown(n.text);
                    let what = match n.shape {
                        Shape::Text => format!("the string \"{value}\""),
                        Shape::Number => format!("the number {value}"),
                        _ => format!("`{value}`"),
                    };
                    let message = format!("{name} is {what}; callback bodies carry it as an object");
                    self.at_value(super::json_shape::RULE, Level::Error, id, message, None);
                }
                Shape::Object if leaf => {
                    let message = format!("{name} is an object; callback bodies carry it as a string");
                    self.at_value(super::json_shape::RULE, Level::Error, id, message, None);
                }
                Shape::Number | Shape::Bool | Shape::Null if !audit => {
                    let value = shown(n.text);
                    let quoted = if n.shape == Shape::Null { "\"\"".to_string() } else { format!("\"{value}\"") };
                    let message = format!(
                        "bare JSON {} for {name}: job and workflow callbacks carry every value as a string ({quoted})",
                        bare(n.shape, &value)
                    );
                    self.at_value(super::json_shape::RULE, Level::Warning, id, message, None);
                }
                Shape::Number if spec::is_audit_number(name) => {}
                Shape::Number | Shape::Bool | Shape::Null => {
                    let value = shown(n.text);
                    let message =
                        format!("bare JSON {} for {name}: audit callbacks carry it as a string", bare(n.shape, &value));
                    self.at_value(super::json_shape::RULE, Level::Warning, id, message, None);
                }
                Shape::Text if audit && spec::is_audit_number(name) && !n.text.trim().is_empty() => {
                    let value = shown(n.text);
                    let message = format!("{name} is the string \"{value}\"; audit callbacks carry it as a number");
                    self.at_value(super::json_shape::RULE, Level::Warning, id, message, None);
                }
                Shape::EmptyArray if !spec::is_repeating(tree, id) && (container || leaf) => {
                    let message = format!("{name} is an empty array; it is not a list in callback bodies");
                    self.at_value(super::json_shape::RULE, Level::Warning, id, message, None);
                }
                _ => {}
            }
        }
    }
}
