//! Two bodies compared by meaning: the tree `convert` maps between XML and JSON, whatever the
//! format each body came in.
//!
//! What counts as the same:
//! * children are compared by name (and attribute or not), the order of different names aside,
//!   as a JSON object has no order; same-named children (`Tasks`, `ObjectName`) in order, so an
//!   item added or removed at the end is named as such;
//! * a one-item JSON array and a single element are the same, as are an empty element
//!   (`<Message/>`), `""`, `null`, `{}`, `[]` and an omitted node (Tencent's JSON omits empty
//!   elements);
//! * leaves are compared as text: the JSON number `12` is the XML text `12` (and `12.0`, when
//!   one side is a JSON number);
//! * text beside child elements is the `#text` of the JSON form.
//!
//! Volatile values (job, run and queue ids, times, `x-cos-request-id`, `trace_id`: the list is
//! [`spec::volatile`]) and the nodes of [`Options::ignore`] are compared too, and each change
//! there is marked with why it is ignored, so a view can say how many it left out.

use std::collections::HashMap;

use crate::encode::json::{write_value, JsonOptions};
use crate::path::{IndexedPaths, Path, PathError, Selection};
use crate::spec::volatile::{volatile, Volatile};
use crate::tree::{groups, NodeId, Shape, Tree};
use crate::{lex, spec};

/// What to leave out of the comparison.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Compare volatile values too (ids, times, request and trace ids).
    pub all: bool,
    /// Paths (`crate::path` syntax) whose nodes, and everything below them, are ignored.
    pub ignore: Vec<Path>,
}

/// The kind of a [`Change`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    /// Only in the second body.
    Added,
    /// Only in the first body.
    Removed,
    /// In both, with different values.
    Changed,
}

impl Op {
    /// The word for the change: `added`, `removed`, `changed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Added => "added",
            Op::Removed => "removed",
            Op::Changed => "changed",
        }
    }
}

/// Why a change is not reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ignored {
    /// The node is volatile (see [`spec::volatile`]).
    Volatile(Volatile),
    /// The node is below an `--ignore` path.
    Path,
}

/// One difference between the bodies; serialized as `{op, path, old, new, item}` (`old` and
/// `new` left out when absent).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Change {
    /// Added, removed or changed.
    pub op: Op,
    /// Where, in `crate::path` syntax: the first body's path, or the second's for an addition.
    pub path: String,
    /// The value in the first body (a string for a leaf, the JSON form of a subtree).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<serde_json::Value>,
    /// The value in the second body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<serde_json::Value>,
    /// True for an item of a repeated node (`Tasks[2]`) added or removed.
    pub item: bool,
    /// Set when the change is left out of the report, and why.
    #[serde(skip)]
    pub ignored: Option<Ignored>,
}

/// Every difference, the ignored ones marked.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// In document order of the first body (additions where the second body has them).
    pub changes: Vec<Change>,
    /// The `ignore` paths that select nothing in either body (a likely typo), with why in the
    /// first body.
    pub unmatched: Vec<PathError>,
}

impl Report {
    /// The changes to report.
    pub fn shown(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.ignored.is_none())
    }

    /// True when no change is left to report.
    pub fn is_equal(&self) -> bool {
        self.shown().next().is_none()
    }

    /// How many changes were ignored as volatile, and how many by `--ignore` paths.
    pub fn ignored_counts(&self) -> (usize, usize) {
        let volatile = self.changes.iter().filter(|c| matches!(c.ignored, Some(Ignored::Volatile(_)))).count();
        let paths = self.changes.iter().filter(|c| c.ignored == Some(Ignored::Path)).count();
        (volatile, paths)
    }

    /// The kinds of volatile value ignored, in a stable order.
    pub fn ignored_volatile(&self) -> Vec<Volatile> {
        let mut kinds: Vec<Volatile> = self
            .changes
            .iter()
            .filter_map(|c| match c.ignored {
                Some(Ignored::Volatile(v)) => Some(v),
                _ => None,
            })
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        kinds
    }
}

/// Compares `a` with `b`.
pub fn diff(a: &Tree<'_>, b: &Tree<'_>, opts: &Options) -> Report {
    let (ignored_a, errors_a) = Selection::new(&opts.ignore, a);
    let (ignored_b, errors_b) = Selection::new(&opts.ignore, b);
    let unmatched = errors_a.into_iter().zip(errors_b).filter_map(|(ea, eb)| ea.filter(|_| eb.is_some())).collect();
    let side = |tree, ignored| Side { tree, ignored, paths: IndexedPaths::new(tree) };
    let mut d = Differ { a: side(a, ignored_a), b: side(b, ignored_b), all: opts.all, changes: Vec::new() };
    if !a.is_empty() && !b.is_empty() {
        d.node(a.root(), b.root());
    }
    Report { changes: d.changes, unmatched }
}

struct Side<'t, 'a> {
    tree: &'t Tree<'a>,
    /// What `--ignore` selects in this body (a path that selects nothing here ignores nothing).
    ignored: Selection,
    /// The paths changes are reported at.
    paths: IndexedPaths<'t, 'a>,
}

impl Side<'_, '_> {
    /// Why a change at `id` is ignored: the node or one of its parents is.
    fn why(&self, id: NodeId, all: bool) -> Option<Ignored> {
        let mut cur = Some(id);
        while let Some(c) = cur {
            if self.ignored.contains(c) {
                return Some(Ignored::Path);
            }
            if !all {
                if let Some(v) = volatile(self.tree, c) {
                    return Some(Ignored::Volatile(v));
                }
            }
            cur = self.tree.parent(c);
        }
        None
    }

    fn value(&self, id: NodeId) -> Option<serde_json::Value> {
        let t = self.tree;
        match norm(t, id) {
            Norm::Absent => None,
            Norm::Leaf(s) => Some(serde_json::Value::String(s.to_string())),
            Norm::Object => {
                let mut out = Vec::new();
                let opts = JsonOptions { compact: true, omit_empty: true, ..JsonOptions::default() };
                write_value(t, id, &opts, &mut out).ok()?;
                serde_json::from_slice(&out).ok()
            }
        }
    }
}

/// A node as the comparison sees it.
enum Norm<'t> {
    /// `[]`: no item.
    Absent,
    /// A leaf's text (empty for `<A/>`, `""`, `null`, `{}`).
    Leaf(&'t str),
    /// Child elements, attributes or `#text`.
    Object,
}

fn norm<'t>(tree: &'t Tree<'_>, id: NodeId) -> Norm<'t> {
    let n = tree.node(id);
    match n.shape {
        Shape::EmptyArray => Norm::Absent,
        Shape::Null => Norm::Leaf(""),
        // `{}`, and `{"#text": "x"}`: the JSON of `<A/>` and `<A>x</A>`.
        Shape::Object if !tree.has_children(id) => Norm::Leaf(n.text),
        Shape::Object => Norm::Object,
        Shape::Text | Shape::Number | Shape::Bool => Norm::Leaf(tree.text(id)),
    }
}

/// True when a node says nothing: empty, an empty list, or only empty children (what
/// `convert --omit-empty` writes as `{}`).
fn is_empty(tree: &Tree<'_>, id: NodeId) -> bool {
    match norm(tree, id) {
        Norm::Absent => true,
        Norm::Leaf(s) => s.is_empty(),
        Norm::Object => tree.node(id).text.is_empty() && tree.children(id).all(|c| is_empty(tree, c)),
    }
}

/// Two leaves hold the same value: the same text, or the same number when one is a JSON number.
fn same_leaf(a: &Tree<'_>, ia: NodeId, b: &Tree<'_>, ib: NodeId) -> bool {
    let (x, y) = (a.text(ia), b.text(ib));
    if x == y {
        return true;
    }
    let numeric = |t: &Tree<'_>, i| t.node(i).shape == Shape::Number;
    (numeric(a, ia) || numeric(b, ib))
        && lex::is_json_number(x)
        && lex::is_json_number(y)
        && x.parse::<f64>().ok().zip(y.parse::<f64>().ok()).is_some_and(|(p, q)| p == q)
}

struct Differ<'t, 'a, 'b> {
    a: Side<'t, 'a>,
    b: Side<'t, 'b>,
    all: bool,
    changes: Vec<Change>,
}

/// The children of a node that share a name, the empty ones left out.
struct Members<'t> {
    name: &'t str,
    attribute: bool,
    ids: Vec<NodeId>,
    /// The spec lists the node as repeating, or the body repeats it.
    repeats: bool,
}

fn members<'t>(tree: &'t Tree<'_>, id: NodeId) -> Vec<Members<'t>> {
    groups(tree, id)
        .into_iter()
        .map(|g| Members {
            name: tree.name(g.head),
            attribute: tree.is_attribute(g.head),
            repeats: spec::is_list(tree, &g),
            ids: g.members().filter(|&m| !is_empty(tree, m)).collect(),
        })
        .collect()
}

impl Differ<'_, '_, '_> {
    fn push(&mut self, op: Op, at: (Option<NodeId>, Option<NodeId>), item: bool) {
        let old = at.0.and_then(|i| self.a.value(i));
        let new = at.1.and_then(|i| self.b.value(i));
        self.record(op, at, (old, new), item);
    }

    fn record(
        &mut self,
        op: Op,
        at: (Option<NodeId>, Option<NodeId>),
        values: (Option<serde_json::Value>, Option<serde_json::Value>),
        item: bool,
    ) {
        let (ia, ib) = at;
        let path = match (ia, ib) {
            (Some(i), _) => self.a.paths.path(i),
            (None, Some(i)) => self.b.paths.path(i),
            (None, None) => return,
        };
        let ignored = ia.and_then(|i| self.a.why(i, self.all)).or_else(|| ib.and_then(|i| self.b.why(i, self.all)));
        let (old, new) = values;
        self.changes.push(Change { op, path, old, new, item, ignored });
    }

    fn node(&mut self, ia: NodeId, ib: NodeId) {
        let (ta, tb) = (self.a.tree, self.b.tree);
        match (norm(ta, ia), norm(tb, ib)) {
            (Norm::Leaf(_), Norm::Leaf(_)) => {
                if !same_leaf(ta, ia, tb, ib) {
                    self.push(Op::Changed, (Some(ia), Some(ib)), false);
                }
            }
            (Norm::Object, Norm::Object) => self.children(ia, ib),
            (Norm::Absent, Norm::Absent) => {}
            (Norm::Leaf(""), Norm::Object) | (Norm::Absent, Norm::Object) => self.children(ia, ib),
            (Norm::Object, Norm::Leaf("")) | (Norm::Object, Norm::Absent) => self.children(ia, ib),
            _ => self.push(Op::Changed, (Some(ia), Some(ib)), false),
        }
    }

    fn children(&mut self, ia: NodeId, ib: NodeId) {
        let (ta, tb) = (self.a.tree, self.b.tree);
        let (xa, xb) = (ta.node(ia).text, tb.node(ib).text);
        if xa != xb {
            // `#text` beside child elements: reported on the element itself.
            let op = match (xa.is_empty(), xb.is_empty()) {
                (true, _) => Op::Added,
                (_, true) => Op::Removed,
                _ => Op::Changed,
            };
            let text = |x: &str| (!x.is_empty()).then(|| serde_json::Value::String(x.to_string()));
            self.record(op, (Some(ia), Some(ib)), (text(xa), text(xb)), false);
        }
        let ma = members(ta, ia);
        // Each group of `a` finds its namesake in `b` by hash, not by a scan (thousands of names).
        let theirs = members(tb, ib);
        let named: HashMap<(&str, bool), usize> =
            theirs.iter().enumerate().map(|(i, h)| ((h.name, h.attribute), i)).collect();
        let mut mb: Vec<Option<Members<'_>>> = theirs.into_iter().map(Some).collect();
        for g in &ma {
            let theirs = named.get(&(g.name, g.attribute)).and_then(|&i| mb[i].take());
            let bs = theirs.as_ref().map_or(&[][..], |h| &h.ids[..]);
            let repeats = g.repeats || theirs.as_ref().is_some_and(|h| h.repeats);
            for k in 0..g.ids.len().max(bs.len()) {
                match (g.ids.get(k), bs.get(k)) {
                    (Some(&x), Some(&y)) => self.node(x, y),
                    (Some(&x), None) => self.push(Op::Removed, (Some(x), None), repeats),
                    (None, Some(&y)) => self.push(Op::Added, (None, Some(y)), repeats),
                    (None, None) => {}
                }
            }
        }
        for h in mb.into_iter().flatten() {
            for y in h.ids {
                self.push(Op::Added, (None, Some(y)), h.repeats);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{decode, Limits};

    fn run(a: &str, b: &str, opts: &Options) -> Report {
        let (da, db) = (decode(a, None, &Limits::default()).unwrap(), decode(b, None, &Limits::default()).unwrap());
        diff(&da.tree, &db.tree, opts)
    }

    fn lines(r: &Report) -> Vec<String> {
        r.shown()
            .map(|c| {
                let v = |v: &Option<serde_json::Value>| v.as_ref().map_or("-".to_string(), |v| v.to_string());
                format!("{} {} {} {}", c.op.as_str(), c.path, v(&c.old), v(&c.new))
            })
            .collect()
    }

    const XML: &str = "<Response><EventName>TaskFinish</EventName><JobsDetail><JobId>j1</JobId>\
        <Message/><State>Success</State><Operation><MediaResult><OutputFile><ObjectName>a.ts</ObjectName>\
        </OutputFile></MediaResult><JobLevel>0</JobLevel></Operation></JobsDetail></Response>";

    #[test]
    fn formats_do_not_matter() {
        let json = r#"{"Response": {"EventName": "TaskFinish", "JobsDetail": [{"State": "Success", "JobId": "j1",
            "Operation": {"JobLevel": 0, "MediaResult": {"OutputFile": {"ObjectName": ["a.ts"]}}}}]}}"#;
        let r = run(XML, json, &Options { all: true, ..Options::default() });
        assert!(r.is_equal(), "{:?}", lines(&r));
        assert!(r.changes.is_empty());
    }

    #[test]
    fn changes_one_line_each() {
        let b = XML
            .replace("Success", "Failed")
            .replace("<ObjectName>a.ts</ObjectName>", "<ObjectName>a.ts</ObjectName><ObjectName>b.ts</ObjectName>")
            .replace("<JobLevel>0</JobLevel>", "")
            .replace("<JobId>j1</JobId>", "<JobId>j2</JobId>");
        let r = run(XML, &b, &Options::default());
        assert_eq!(
            lines(&r),
            [
                r#"changed Response.JobsDetail[0].State "Success" "Failed""#,
                r#"added Response.JobsDetail[0].Operation.MediaResult.OutputFile.ObjectName[1] - "b.ts""#,
                r#"removed Response.JobsDetail[0].Operation.JobLevel "0" -"#,
            ]
        );
        assert!(r.changes.iter().any(|c| c.item && c.op == Op::Added));
        assert_eq!(r.ignored_counts(), (1, 0));
        assert_eq!(r.ignored_volatile(), [Volatile::Id]);
        let all = run(XML, &b, &Options { all: true, ..Options::default() });
        assert_eq!(lines(&all).len(), 4);
        let ignore = Options { all: true, ignore: vec![Path::parse("JobsDetail.Operation").unwrap()] };
        let r = run(XML, &b, &ignore);
        assert_eq!(lines(&r).len(), 2, "{:?}", lines(&r));
        assert_eq!(r.ignored_counts(), (0, 2));
    }

    #[test]
    fn groups_pair_by_name_whatever_their_order() {
        // Namesakes paired across both orders (found by hash), what only `b` has reported after
        // `a`'s groups in `b`'s order, items of a long list each at their own index.
        let a = "<R><a>1</a><b>2</b><c>3</c><d x=\"1\"/></R>";
        let b = "<R><e>5</e><c>3</c><d>4</d><b>X</b><f>6</f><a>1</a><d/></R>";
        assert_eq!(
            lines(&run(a, b, &Options::default())),
            [r#"changed R.b "2" "X""#, r#"changed R.d {"@x":"1"} "4""#, r#"added R.e - "5""#, r#"added R.f - "6""#,]
        );
        let list = |n: usize| format!("<R>{}</R>", (0..n).map(|i| format!("<I>{i}</I>")).collect::<String>());
        let r = run(&list(3000), &list(2998).replace("<I>7</I>", "<I>x</I>"), &Options::default());
        assert_eq!(lines(&r)[0], r#"changed R.I[7] "7" "x""#);
        assert_eq!(lines(&r)[1..], [r#"removed R.I[2998] "2998" -"#, r#"removed R.I[2999] "2999" -"#]);
    }

    #[test]
    fn text_beside_children() {
        let r = run("<Response><A/></Response>", "<Response><A>t<B>x</B></A></Response>", &Options::default());
        assert_eq!(lines(&r), [r##"added Response.A - {"#text":"t","B":"x"}"##]);
        let r =
            run("<Response><A><B>x</B></A></Response>", "<Response><A>t<B>x</B></A></Response>", &Options::default());
        assert_eq!(lines(&r), [r#"added Response.A - "t""#]);
        let r =
            run("<Response><A>t<B>x</B></A></Response>", r##"{"A": {"#text": "t", "B": "x"}}"##, &Options::default());
        assert!(r.is_equal(), "{:?}", lines(&r));
    }

    #[test]
    fn numbers_compare_as_numbers_only_against_a_json_number() {
        let r = run(r#"{"A": 1.0, "B": "1.0"}"#, r#"{"A": "1", "B": "1"}"#, &Options::default());
        assert_eq!(lines(&r), [r#"changed Response.B "1.0" "1""#]);
    }
}
