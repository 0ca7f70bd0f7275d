//! The one path syntax of cicb: `parse --get`, `send --set`, `sample --set`, `diff --ignore` and
//! `redact --keep` all take it, and [`indexed_path`] writes it.
//!
//! ```text
//! JobsDetail.Operation.MediaResult.OutputFile.ObjectName[0]    the first ObjectName
//! .JobsDetail.State                                            a leading `.`, as jq and yq type it
//! Response.WorkflowExecution.Tasks[-1].State                   the root's name may lead; [-1] is the last
//! WorkflowExecution.Tasks[*].JobId                             every Tasks (as without an index)
//! JobsDetail.@id                                               an attribute
//! Input."x-cos-meta.a"[0]                                      a name with a `.`, `[`, `]` or `"`,
//!                                                              quoted (`\"` and `\\` inside)
//! ```
//!
//! A segment without an index selects every child of that name, so a path can select several
//! nodes.

use std::collections::HashMap;
use std::fmt;

use crate::spec;
use crate::tree::{NodeId, Tree};

/// A parsed path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    text: String,
    segments: Vec<Segment>,
}

/// One `.`-separated step of a [`Path`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The element or attribute name.
    pub name: String,
    /// True for `@name`.
    pub attribute: bool,
    /// Which of the children called `name`.
    pub index: Index,
}

/// Which of the same-named children a segment selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Index {
    /// No index, or `[*]`: all of them.
    All,
    /// `[i]`: the i-th, from 0; `[-1]` is the last, `[-2]` the one before.
    At(i64),
}

impl Segment {
    /// Reads one segment from the start of `s` (a `name`, `@name`, `"quoted"` or `@"quoted"`
    /// name, then an optional `[i]`); returns it and what follows it (empty, or from a `.`).
    fn parse<'s>(s: &'s str, text: &str) -> Result<(Segment, &'s str), PathError> {
        let bad = |seg: &str| {
            PathError::new(format!("invalid path segment `{}` in `{}`: write name[0]", shown(seg), shown(text)))
        };
        let (attribute, unprefixed) = match s.strip_prefix('@') {
            Some(r) => (true, r),
            None => (false, s),
        };
        let (name, after_name) = match unprefixed.strip_prefix('"') {
            Some(quoted) => unquote(quoted, text)?,
            None => {
                let end = unprefixed.find(['.', '[']).unwrap_or(unprefixed.len());
                let name = &unprefixed[..end];
                if name.contains([']', '"']) {
                    return Err(bad(&s[..s.len() - unprefixed.len() + end]));
                }
                if name.is_empty() && (attribute || unprefixed.starts_with('[')) {
                    return Err(PathError::new(format!("invalid path segment `{}`: no name", shown(first(s)))));
                }
                if name.is_empty() {
                    return Err(PathError::new(format!("invalid path `{}`: empty segment", shown(text))));
                }
                (name.to_string(), &unprefixed[end..])
            }
        };
        let (index, after) = match after_name.strip_prefix('[') {
            Some(r) => {
                let Some(close) = r.find(']') else { return Err(bad(first(s))) };
                let idx = r[..close].trim();
                let index = if idx == "*" {
                    Index::All
                } else {
                    Index::At(idx.parse().map_err(|_| {
                        PathError::new(format!(
                            "invalid index `[{}]` in path `{}`: use [0], [1], ..., [-1] for the last, or [*]",
                            shown(idx),
                            shown(text)
                        ))
                    })?)
                };
                (index, &r[close + 1..])
            }
            None => (Index::All, after_name),
        };
        if !(after.is_empty() || after.starts_with('.')) {
            return Err(bad(&s[..s.len() - after.len() + after.find('.').unwrap_or(after.len())]));
        }
        Ok((Segment { name, attribute, index }, after))
    }
}

/// The first `.`-separated part of `s`: a segment as written, for a message.
fn first(s: &str) -> &str {
    s.split('.').next().unwrap_or_default()
}

/// The name of a `"quoted"` segment (the text after its opening quote) and what follows its
/// closing quote. Inside the quotes `\"` is a quote and `\\` a backslash; any other character is
/// itself, `.`, `[` and `]` included.
fn unquote<'s>(quoted: &'s str, text: &str) -> Result<(String, &'s str), PathError> {
    let mut name = String::new();
    let mut chars = quoted.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((name, &quoted[i + 1..])),
            '\\' => match chars.next() {
                Some((_, e @ ('"' | '\\'))) => name.push(e),
                _ => {
                    return Err(PathError::new(format!(
                        "invalid escape in path `{}`: inside quotes write \\\" for a quote and \\\\ for a backslash",
                        shown(text)
                    )))
                }
            },
            c => name.push(c),
        }
    }
    Err(PathError::new(format!("invalid path `{}`: a quote is never closed", shown(text))))
}

/// `name` as a path writes it: quoted (`"a.b"`) when it is empty or holds a `.`, `[`, `]` or `"`,
/// or starts with `@`, which bare it would not give back.
pub fn written(name: &str) -> std::borrow::Cow<'_, str> {
    if !name.is_empty() && !name.starts_with('@') && !name.contains(['.', '[', ']', '"']) {
        return std::borrow::Cow::Borrowed(name);
    }
    let mut q = String::with_capacity(name.len() + 2);
    q.push('"');
    for c in name.chars() {
        if matches!(c, '"' | '\\') {
            q.push('\\');
        }
        q.push(c);
    }
    q.push('"');
    std::borrow::Cow::Owned(q)
}

/// Why a path could not be parsed, or selected nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    message: String,
}

impl PathError {
    fn new(message: impl Into<String>) -> Self {
        PathError { message: message.into() }
    }
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PathError {}

/// A user's path or a node name in a message: control and bidi characters escaped.
fn shown(s: &str) -> String {
    crate::sanitize::sanitize(s).into_owned()
}

impl Path {
    /// Parses a path; the error says which segment is wrong.
    pub fn parse(text: &str) -> Result<Path, PathError> {
        let body = text.strip_prefix('.').unwrap_or(text);
        if body.is_empty() {
            return Err(PathError::new(format!("invalid path `{}`: it names no node", shown(text))));
        }
        let mut segments = Vec::new();
        let mut rest = body;
        loop {
            let (segment, after) = Segment::parse(rest, text)?;
            segments.push(segment);
            match after.strip_prefix('.') {
                Some(next) => rest = next,
                None => break,
            }
        }
        Ok(Path { text: text.to_string(), segments })
    }

    /// The path as the user wrote it.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The steps of the path.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The segments below the root: a leading root name (`Response`) is dropped, unless the root
    /// has a child of that name ([`root_name_leads`]).
    fn below_root<'p>(&'p self, tree: &Tree<'_>) -> Result<&'p [Segment], PathError> {
        match self.segments.split_first() {
            Some((first, rest))
                if !first.attribute && first.name == tree.name(tree.root()) && root_name_leads(tree) =>
            {
                match first.index {
                    Index::All | Index::At(0) | Index::At(-1) => Ok(rest),
                    Index::At(i) => Err(PathError::new(format!(
                        "index [{i}] is out of range in `{}`: there is one {}",
                        shown(&self.text),
                        shown(&first.name)
                    ))),
                }
            }
            _ => Ok(&self.segments),
        }
    }

    /// The nodes the path selects, in document order. Selecting nothing is an error that says
    /// why: which segment found nothing, what its parent holds instead, or an index out of range.
    ///
    /// ```
    /// use cicb::decode::{decode, Limits};
    /// use cicb::path::Path;
    ///
    /// let doc = decode(r#"{"JobsDetail": {"Operation": {"MediaResult": {"OutputFile":
    ///     {"ObjectName": ["a.ts", "b.ts"]}}}}}"#, None, &Limits::default()).unwrap();
    /// let last = Path::parse(".JobsDetail.Operation.MediaResult.OutputFile.ObjectName[-1]").unwrap();
    /// let ids = last.select(&doc.tree).unwrap();
    /// assert_eq!(doc.tree.text(ids[0]), "b.ts");
    /// let typo = Path::parse("JobsDetail.Operation.MediaReslt").unwrap();
    /// assert!(typo.select(&doc.tree).unwrap_err().to_string().ends_with("did you mean MediaResult?"));
    /// ```
    pub fn select(&self, tree: &Tree<'_>) -> Result<Vec<NodeId>, PathError> {
        if tree.is_empty() {
            return Err(PathError::new(format!("path not found: {} (the body is empty)", shown(&self.text))));
        }
        let segments = self.below_root(tree)?;
        let mut current = vec![tree.root()];
        let mut walked = tree.name(tree.root()).to_string();
        for seg in segments {
            let mut named = Vec::new();
            let mut next = Vec::new();
            for &id in &current {
                named.clear();
                named.extend(
                    tree.children(id).filter(|&c| tree.is_attribute(c) == seg.attribute && tree.name(c) == seg.name),
                );
                match seg.index {
                    Index::All => next.extend_from_slice(&named),
                    Index::At(i) => {
                        let at = if i < 0 { named.len() as i64 + i } else { i };
                        if let Some(&c) = usize::try_from(at).ok().and_then(|at| named.get(at)) {
                            next.push(c);
                        } else if !named.is_empty() && current.len() == 1 {
                            let count = named.len();
                            let what = if seg.attribute { format!("@{}", seg.name) } else { seg.name.clone() };
                            return Err(PathError::new(format!(
                                "path not found: {}: index [{i}] is out of range, {} has {count} {} (indexes 0 to {}, or -1 for the last)",
                                shown(&self.text),
                                shown(&walked),
                                shown(&what),
                                count - 1
                            )));
                        }
                    }
                }
            }
            if next.is_empty() {
                return Err(PathError::new(format!(
                    "path not found: {}{}",
                    shown(&self.text),
                    hint(tree, &current, &walked, seg)
                )));
            }
            walked.push('.');
            if seg.attribute {
                walked.push('@');
            }
            walked.push_str(&seg.name);
            if let Index::At(i) = seg.index {
                walked.push_str(&format!("[{i}]"));
            }
            current = next;
        }
        Ok(current)
    }
}

/// The nodes several paths select, to ask whether a node lies at or below one of them
/// (`diff --ignore`, `redact --keep`): each path is selected once.
#[derive(Debug, Default)]
pub struct Selection {
    nodes: std::collections::HashSet<NodeId>,
}

impl Selection {
    /// Selects every path in `tree`. A path that selects nothing adds nothing; its error is in
    /// its place in the list returned beside (`None` for the paths that selected something).
    pub fn new(paths: &[Path], tree: &Tree<'_>) -> (Selection, Vec<Option<PathError>>) {
        let mut nodes = std::collections::HashSet::new();
        let errors = paths
            .iter()
            .map(|p| match p.select(tree) {
                Ok(ids) => {
                    nodes.extend(ids);
                    None
                }
                Err(e) => Some(e),
            })
            .collect();
        (Selection { nodes }, errors)
    }

    /// True when `id` itself is selected.
    pub fn contains(&self, id: NodeId) -> bool {
        self.nodes.contains(&id)
    }

    /// True when `id` or one of its parents is selected.
    pub fn covers(&self, tree: &Tree<'_>, id: NodeId) -> bool {
        let mut cur = Some(id);
        while let Some(c) = cur {
            if self.contains(c) {
                return true;
            }
            cur = tree.parent(c);
        }
        false
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::str::FromStr for Path {
    type Err = PathError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Path::parse(s)
    }
}

/// What the parents hold instead of `seg`: `; did you mean MediaInfo?` or
/// `; Response.JobsDetail.Operation has Output, UserData, JobLevel`.
fn hint(tree: &Tree<'_>, parents: &[NodeId], walked: &str, seg: &Segment) -> String {
    let mut names: Vec<&str> = Vec::new();
    for &id in parents {
        for c in tree.children(id).filter(|&c| tree.is_attribute(c) == seg.attribute) {
            let name = tree.name(c);
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    if let Some(name) = spec::suggest(&seg.name, names.iter().copied()) {
        let at = if seg.attribute { "@" } else { "" };
        return format!("; did you mean {at}{}?", shown(&written(name)));
    }
    let what = if seg.attribute { "attributes" } else { "child elements" };
    if names.is_empty() {
        return format!("; {} has no {what}", shown(walked));
    }
    let listed: Vec<String> = names.iter().take(12).map(|n| shown(&written(n))).collect();
    let more = if names.len() > 12 { ", ..." } else { "" };
    format!("; {} has {}{more}", shown(walked), listed.join(", "))
}

/// True when a path may begin with the root's name: the root has no child element of that name.
/// Otherwise a leading `sp` in `<sp><sp>…</sp></sp>` names the child, and paths start below the
/// root. The reader ([`Path::select`]) and the writer ([`indexed_path`]) both ask this.
fn root_name_leads(tree: &Tree<'_>) -> bool {
    let root = tree.root();
    tree.child(root, tree.name(root)).is_none()
}

/// The path of node `id` in this syntax, with `[i]` after every element that has same-named
/// siblings or that the spec lists as repeating: `Response.WorkflowExecution.Tasks[1].JobId`.
/// When the root has a child of its own name, the path starts below the root (`sp[1].sp` in
/// `<sp><sp/><sp><sp/></sp></sp>`), since a leading `sp` would name that child.
///
/// A name the syntax cannot write bare (a JSON key or an XML name with a `.`, say) is quoted
/// ([`written`]), so the path always selects the node it was written for. For the paths of many
/// nodes of one tree, [`IndexedPaths`] counts each list once.
pub fn indexed_path(tree: &Tree<'_>, id: NodeId) -> String {
    IndexedPaths::new(tree).path(id)
}

/// [`indexed_path`] of many nodes of one tree: the children of a parent are counted once, the
/// first time a path goes through it, where counting for each path is quadratic in a list (a
/// redaction of 100 000 `Item`s took minutes).
pub struct IndexedPaths<'t, 'a> {
    tree: &'t Tree<'a>,
    /// A counted element's place among the siblings of its name, and whether it has any.
    places: HashMap<NodeId, (usize, bool)>,
    below_root: bool,
}

impl<'t, 'a> IndexedPaths<'t, 'a> {
    /// Paths in `tree`, nothing counted yet.
    pub fn new(tree: &'t Tree<'a>) -> Self {
        IndexedPaths { tree, places: HashMap::new(), below_root: !root_name_leads(tree) }
    }

    /// The tree the paths are in.
    pub fn tree(&self) -> &'t Tree<'a> {
        self.tree
    }

    /// The [`indexed_path`] of node `id`.
    pub fn path(&mut self, id: NodeId) -> String {
        let tree = self.tree;
        let mut cur = Some(id);
        while let Some(c) = cur {
            cur = tree.parent(c);
            if let Some(p) = cur.filter(|_| !tree.is_attribute(c) && !self.places.contains_key(&c)) {
                let mut groups = Vec::new();
                crate::tree::groups_into(tree, p, &mut groups);
                for g in groups.iter().filter(|g| !tree.is_attribute(g.head)) {
                    let many = g.count() > 1;
                    self.places.extend(g.members().enumerate().map(|(i, m)| (m, (i, many))));
                }
            }
        }
        let path = tree.path_with(id, |c| {
            let &(index, many) = self.places.get(&c)?;
            (many || spec::is_repeating(tree, c)).then_some(index)
        });
        if id == tree.root() || !self.below_root {
            return path;
        }
        // `path_with` writes the root's name (never an index) and a `.` first.
        let below = written(tree.name(tree.root())).len() + 1;
        path.get(below..).map(str::to_string).unwrap_or(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{decode, Limits};

    const BODY: &str = "<Response><JobsDetail a=\"x\"><Operation><MediaResult><OutputFile>\
        <ObjectName>a.ts</ObjectName><ObjectName>b.ts</ObjectName><ObjectName>c.ts</ObjectName>\
        </OutputFile></MediaResult></Operation></JobsDetail></Response>";

    fn texts(path: &str) -> Result<Vec<String>, String> {
        let doc = decode(BODY, None, &Limits::default()).unwrap();
        let p = Path::parse(path).map_err(|e| e.to_string())?;
        let ids = p.select(&doc.tree).map_err(|e| e.to_string())?;
        Ok(ids.iter().map(|&i| doc.tree.text(i).to_string()).collect())
    }

    #[test]
    fn indexes_as_jq_users_type_them() {
        let names = "JobsDetail.Operation.MediaResult.OutputFile.ObjectName";
        assert_eq!(texts(&format!("{names}[0]")).unwrap(), ["a.ts"]);
        assert_eq!(texts(&format!(".{names}[-1]")).unwrap(), ["c.ts"]);
        assert_eq!(texts(&format!("Response.{names}[*]")).unwrap(), ["a.ts", "b.ts", "c.ts"]);
        assert_eq!(texts(names).unwrap().len(), 3);
        assert_eq!(texts("JobsDetail.@a").unwrap(), ["x"]);
    }

    #[test]
    fn failures_say_why() {
        let names = "JobsDetail.Operation.MediaResult.OutputFile.ObjectName";
        let e = texts(&format!("{names}[9]")).unwrap_err();
        assert!(e.contains("index [9] is out of range"), "{e}");
        assert!(e.contains("has 3 ObjectName (indexes 0 to 2"), "{e}");
        let e = texts("JobsDetail.Operation.MediaReslt").unwrap_err();
        assert!(e.ends_with("did you mean MediaResult?"), "{e}");
        let e = texts("JobsDetail.Operation.Zzz").unwrap_err();
        assert!(e.ends_with("Response.JobsDetail.Operation has MediaResult"), "{e}");
        assert!(texts("JobsDetail..State").unwrap_err().contains("empty segment"));
        assert!(texts("JobsDetail[x]").unwrap_err().contains("invalid index `[x]`"));
        assert!(texts(".").unwrap_err().contains("names no node"));
    }

    #[test]
    fn indexed_paths_select_their_node() {
        let doc = decode(BODY, None, &Limits::default()).unwrap();
        let t = &doc.tree;
        for id in t.descendants(t.root()) {
            let p = Path::parse(&indexed_path(t, id)).unwrap();
            assert_eq!(p.select(t).unwrap(), vec![id], "{p}");
        }
    }

    #[test]
    fn paths_counted_once_per_list_are_the_paths_counted_alone() {
        // Scattered repeats, attributes named like elements, a root with a child of its name,
        // a list the spec knows: one shared counter, asked in any order, answers as a fresh one.
        let src = r#"<R><A/><B x="1"/><A><C/><x/><C>t</C></A><B/><R/><JobsDetail><Input><CosHeaders/></Input></JobsDetail><A/></R>"#;
        let doc = decode(src, None, &Limits::default()).unwrap();
        let t = &doc.tree;
        let ids: Vec<NodeId> = t.descendants(t.root()).collect();
        let mut shared = IndexedPaths::new(t);
        for &id in ids.iter().rev().chain(&ids) {
            let path = shared.path(id);
            assert_eq!(path, IndexedPaths::new(t).path(id));
            if id != t.root() {
                assert_eq!(Path::parse(&path).unwrap().select(t).unwrap(), vec![id], "{path}");
            }
        }
        let all: Vec<String> = ids.iter().map(|&id| shared.path(id)).collect();
        assert_eq!(
            all,
            [
                "R",
                "A[0]",
                "B[0]",
                "B[0].@x",
                "A[1]",
                "A[1].C[0]",
                "A[1].x",
                "A[1].C[1]",
                "B[1]",
                "R",
                "JobsDetail",
                "JobsDetail.Input",
                "JobsDetail.Input.CosHeaders[0]",
                "A[2]"
            ]
        );
    }

    #[test]
    fn names_the_syntax_cannot_write_bare_are_quoted() {
        let src = r#"{"a.b":{"x[0]":"1","q\"\\":"2","":"3","@k":"4","plain":["5","6"]}}"#;
        let doc = decode(src, None, &Limits::default()).unwrap();
        let t = &doc.tree;
        let paths: Vec<String> = t.descendants(t.root()).skip(1).map(|id| indexed_path(t, id)).collect();
        let want = [
            r#"Response."a.b""#,
            r#"Response."a.b"."x[0]""#,
            r#"Response."a.b"."q\"\\""#,
            r#"Response."a.b"."""#,
            r#"Response."a.b".@k"#,
            r#"Response."a.b".plain[0]"#,
            r#"Response."a.b".plain[1]"#,
        ];
        assert_eq!(paths, want);
        for id in t.descendants(t.root()).skip(1) {
            let p = Path::parse(&indexed_path(t, id)).unwrap();
            assert_eq!(p.select(t).unwrap(), vec![id], "{p}");
        }
        let one = |p: &str| Path::parse(p).unwrap().select(t).map(|ids| t.text(ids[0]).to_string());
        assert_eq!(one(r#"."a.b"."x[0]""#).unwrap(), "1");
        assert_eq!(one(r#""a.b".@"k""#).unwrap(), "4");
        assert_eq!(one(r#""a.b"."plain"[-1]"#).unwrap(), "6");
        for (bad, why) in [
            (r#""a.b"#, "never closed"),
            (r#""a\x""#, "invalid escape"),
            (r#""a.b"x"#, "write name[0]"),
            ("a]b", "write name[0]"),
            ("a[0]b", "write name[0]"),
            ("a[0", "write name[0]"),
            ("@", "no name"),
            ("a.", "empty segment"),
        ] {
            let e = Path::parse(bad).unwrap_err().to_string();
            assert!(e.contains(why), "{bad}: {e}");
        }
        let e = Path::parse("zzz").unwrap().select(t).unwrap_err().to_string();
        assert!(e.ends_with(r#"Response has "a.b""#), "{e}");
        assert_eq!(written("JobId"), "JobId");
        assert_eq!(written("@x"), r#""@x""#);
    }

    #[test]
    fn a_root_with_a_child_of_its_name_is_left_out_of_paths() {
        // `sp.sp[0]` reads as the first `sp` under each `sp` child: the leaf `<sp>x</sp>` below
        // the second child, not the first child itself.
        let src = r#"<sp a="1"><sp></sp><sp><sp>x</sp></sp></sp>"#;
        let doc = decode(src, None, &Limits::default()).unwrap();
        let t = &doc.tree;
        let paths: Vec<String> = t.descendants(t.root()).map(|id| indexed_path(t, id)).collect();
        assert_eq!(paths, ["sp", "@a", "sp[0]", "sp[1]", "sp[1].sp"]);
        for id in t.descendants(t.root()).skip(1) {
            let p = Path::parse(&indexed_path(t, id)).unwrap();
            assert_eq!(p.select(t).unwrap(), vec![id], "{p}");
        }
        // Without such a child, the root's name still leads, and may be left out.
        let doc = decode("<sp><a>x</a></sp>", None, &Limits::default()).unwrap();
        let leaf = doc.tree.child(doc.tree.root(), "a").unwrap();
        assert_eq!(indexed_path(&doc.tree, leaf), "sp.a");
        assert_eq!(Path::parse("a").unwrap().select(&doc.tree).unwrap(), vec![leaf]);
    }
}
