//! The checks, one family a file: each file declares its [`Rule`] (name, what it checks at each
//! severity, its pass over the body) and [`RULES`] lists them. Adding a rule is a new file and
//! a line in [`RULES`]; `--help` and doc/guide.md's rule table are checked against this list.
//!
//! Pure: no I/O, no rendering. Each finding has a rule, a severity, a byte span and a node path.

mod consistency;
mod enums;
mod event;
mod identifier;
mod json_shape;
mod required;
mod structure;
mod syntax;
mod timestamp;
mod unknown_node;

use std::fmt;
use std::ops::Range;

use crate::decode::model::{Kind, Model};
use crate::decode::{DecodeError, Document, ErrorKind, Format};
use crate::tree::{NodeId, Shape, Tree};
use crate::validate::Level;

/// What a rule is: its stable name, what it checks at each severity, and its pass.
#[derive(Debug)]
pub struct RuleInfo {
    /// The kebab-case name every output format uses (`unknown-node`).
    pub name: &'static str,
    /// What it checks, one entry per severity, as doc/guide.md's rule table says it.
    pub checks: &'static [(Level, &'static str)],
    /// Its pass over a decoded body (`syntax` has none: decoding is its check).
    pass: Option<fn(&mut Checker<'_, '_>)>,
}

/// A validation rule (a handle on its [`RuleInfo`]); rules compare by name.
#[derive(Clone, Copy)]
pub struct Rule(&'static RuleInfo);

impl Rule {
    /// The kebab-case name used in every output format.
    pub fn name(self) -> &'static str {
        self.0.name
    }

    /// What the rule checks at each severity.
    pub fn checks(self) -> &'static [(Level, &'static str)] {
        self.0.checks
    }
}

impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        self.0.name == other.0.name
    }
}

impl Eq for Rule {}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name)
    }
}

/// Every rule, in the order they run and are documented.
pub const RULES: &[Rule] = &[
    syntax::RULE,
    structure::RULE,
    event::RULE,
    required::RULE,
    enums::RULE,
    timestamp::RULE,
    consistency::RULE,
    unknown_node::RULE,
    json_shape::RULE,
    identifier::RULE,
];

/// One problem found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule that found it.
    pub rule: Rule,
    /// Its severity (before `--strict`).
    pub level: Level,
    /// Byte range in the source (without a BOM) the finding points at.
    pub span: Range<usize>,
    /// Element path (`Response.JobsDetail.Operation.MeidaInfo`); `None` for syntax errors.
    pub path: Option<String>,
    /// What is wrong, quoting the payload as written.
    pub message: String,
    /// A suggestion: `did you mean `MediaInfo`?`.
    pub help: Option<String>,
}

impl Finding {
    /// Its severity as reported: every finding is an error with `strict` (`--strict`).
    pub fn effective_level(&self, strict: bool) -> Level {
        if strict {
            Level::Error
        } else {
            self.level
        }
    }
}

/// A body that did not decode: one finding of rule `syntax` (or `structure` for a JSON root that
/// is not an object), at the error's span.
pub fn decode_failure(error: &DecodeError) -> Finding {
    let rule = if error.kind() == ErrorKind::Structure { structure::RULE } else { syntax::RULE };
    Finding {
        rule,
        level: Level::Error,
        span: error.span(),
        path: None,
        message: error.message().to_string(),
        help: None,
    }
}

/// Every finding of every rule, in document order.
pub fn check(doc: &Document<'_>) -> Vec<Finding> {
    let model = doc.model();
    let mut c = Checker { doc, tree: &doc.tree, model: &model, findings: Vec::new() };
    for rule in RULES {
        if let Some(pass) = rule.0.pass {
            pass(&mut c);
        }
    }
    let mut findings = c.findings;
    findings.sort_by_key(|f| f.span.start);
    findings
}

/// A payload value as messages show it: at most 60 characters.
pub(crate) fn shown(value: &str) -> String {
    let value = value.trim();
    match value.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &value[..at]),
        None => value.to_string(),
    }
}

/// `Success` in any letter case.
pub(crate) fn is_success(s: &str) -> bool {
    s.trim().eq_ignore_ascii_case("success")
}

/// One body being checked: every rule's pass adds its findings.
pub(crate) struct Checker<'c, 'a> {
    pub(crate) doc: &'c Document<'a>,
    pub(crate) tree: &'c Tree<'a>,
    pub(crate) model: &'c Model<'c>,
    findings: Vec<Finding>,
}

impl Checker<'_, '_> {
    pub(crate) fn kind(&self) -> Kind {
        self.model.kind
    }

    pub(crate) fn push(
        &mut self,
        rule: Rule,
        level: Level,
        span: Range<usize>,
        path: String,
        message: String,
        help: Option<String>,
    ) {
        self.findings.push(Finding { rule, level, span, path: Some(path), message, help });
    }

    /// Reports at node `id` (its start tag or JSON key), with its path.
    pub(crate) fn at_node(&mut self, rule: Rule, level: Level, id: NodeId, message: String, help: Option<String>) {
        let span = self.node_span(id);
        self.push(rule, level, span, self.tree.path(id), message, help);
    }

    /// Reports at the value of node `id`, with its path.
    pub(crate) fn at_value(&mut self, rule: Rule, level: Level, id: NodeId, message: String, help: Option<String>) {
        let span = self.value_span(id);
        self.push(rule, level, span, self.tree.path(id), message, help);
    }

    // ---- spans

    /// The start tag of an element (`<MeidaInfo>`), or the key of a JSON member (an array item:
    /// the item itself).
    pub(crate) fn node_span(&self, id: NodeId) -> Range<usize> {
        let n = self.tree.node(id);
        let (start, value) = (n.start as usize, n.value_start as usize);
        match self.doc.format {
            Format::Xml => start..value.max(start + 1),
            Format::Json if n.in_array || id == self.tree.root() => self.value_span(id),
            Format::Json => {
                // The key: what lies before the `:` that precedes the value.
                let before = self.doc.source.get(start..value).unwrap_or("");
                let key = before.trim_end().strip_suffix(':').unwrap_or(before).trim_end();
                start..start + key.len().max(1)
            }
        }
    }

    /// The value of a leaf: its text in XML, the string / number / literal in JSON (the opening
    /// `{` or `[` of a container). Empty XML elements point at their tag.
    pub(crate) fn value_span(&self, id: NodeId) -> Range<usize> {
        let n = self.tree.node(id);
        let (start, end) = (n.value_start as usize, n.value_end as usize);
        match self.doc.format {
            Format::Json if matches!(n.shape, Shape::Object | Shape::EmptyArray) => start..start + 1,
            Format::Json => start..end.max(start + 1),
            Format::Xml => {
                let text = self.doc.source.get(start..end).unwrap_or("");
                if text.trim().is_empty() || n.shape == Shape::Object {
                    return self.node_span(id);
                }
                let lead = text.len() - text.trim_start().len();
                start + lead..start + text.trim_end().len()
            }
        }
    }
}

pub(crate) fn bare(shape: Shape, value: &str) -> String {
    match shape {
        Shape::Number => format!("number {value}"),
        Shape::Null => "null".to_string(),
        _ => format!("`{value}`"),
    }
}

#[cfg(test)]
mod tests;
