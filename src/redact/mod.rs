//! Redaction, fail-closed: every leaf that is not harmless replaced by a pseudonym, in place in
//! the source text.
//!
//! What each leaf is comes from [`crate::spec::classes::classify`]: ids, object keys, buckets,
//! URLs, free text, names the customer chose, hashes and header values are replaced, and so is a
//! leaf no rule names ([`Class::Unclassified`]); only [`Class::Harmless`] leaves (enums, times,
//! numbers, sizes, codecs) stay. Each value is replaced by a pseudonym of the same shape
//! ([`Pseudonyms`]), the same original giving the same pseudonym under one salt. Free text
//! ([`text`]) keeps its shape word by word, and every value replaced elsewhere in the body, and
//! every key-, URL-, IP- or e-mail-shaped substring, gets the pseudonym it gets everywhere.
//!
//! Only the bytes of replaced values change (`Node::value_start..value_end`, the replacement
//! escaped for the body's format): indentation, order, comments and every other value stay
//! byte for byte, so the result decodes to the same tree shape, the same kind and the same
//! diagnostics. Nothing is cached between calls: a redaction allocates only what its result
//! holds.

pub mod pseudonym;
pub mod text;

use std::collections::BTreeMap;

pub use pseudonym::Pseudonyms;

use crate::decode::{Document, Format};
use crate::path::{IndexedPaths, Path, PathError, Selection};
use crate::spec::classes::{classify, Class, APPIDS};
use crate::spec::values::id_shape;
use crate::tree::{NodeId, Shape, Tree};

/// What to leave alone.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Paths (`crate::path` syntax) whose nodes, and everything below them, are kept.
    pub keep: Vec<Path>,
    /// Classes that are kept (`--keep text`); values replaced elsewhere are still replaced
    /// inside kept text.
    pub classes: Vec<Class>,
}

/// What `--keep` names: a class (`text`), or a path.
#[derive(Debug, Clone)]
pub enum Keep {
    /// Every value of this class.
    Class(Class),
    /// The nodes at this path and below.
    Path(Path),
}

impl std::str::FromStr for Keep {
    type Err = String;

    /// A class name ([`Class::as_str`]) or else a path.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match Class::parse(s) {
            Some(c) => Ok(Keep::Class(c)),
            None => Path::parse(s).map(Keep::Path).map_err(|e| e.to_string()),
        }
    }
}

impl Options {
    /// The options `--keep` asks for.
    pub fn new(keep: &[Keep]) -> Options {
        let mut opts = Options::default();
        for k in keep {
            match k {
                Keep::Class(c) => opts.classes.push(*c),
                Keep::Path(p) => opts.keep.push(p.clone()),
            }
        }
        opts
    }
}

/// A redacted body and what was replaced.
#[derive(Debug, Clone)]
pub struct Redacted {
    /// The body with the replacements made.
    pub text: String,
    /// How many values of each class were replaced.
    pub counts: BTreeMap<Class, usize>,
    /// What was replaced, in source order: its class and its path (`--explain`).
    pub replaced: Vec<(Class, String)>,
    /// How many values `--keep` left alone although they are not harmless.
    pub kept: usize,
    /// The `keep` paths that select nothing (a likely typo: the value they meant is redacted).
    pub unmatched: Vec<PathError>,
    /// Each whole value replaced (trimmed) and its pseudonym: what a capture's file name and
    /// index line say of the body get the same ones.
    pub mapping: BTreeMap<String, String>,
}

/// One replacement in the source: a byte range and its new text.
pub struct Edit {
    /// The bytes replaced.
    pub range: std::ops::Range<usize>,
    /// What replaces them.
    pub text: String,
}

/// `source` with `edits` (which do not overlap) made.
pub fn apply(source: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| e.range.start);
    let mut text = String::with_capacity(source.len());
    let mut at = 0;
    for e in edits {
        text.push_str(&source[at..e.range.start]);
        text.push_str(&e.text);
        at = e.range.end;
    }
    text.push_str(&source[at..]);
    text
}

/// Redacts `doc` (decoded from `doc.source`) with `names`.
pub fn redact(doc: &Document<'_>, names: &Pseudonyms, opts: &Options) -> Redacted {
    let tree = &doc.tree;
    let (keep, errors) = Selection::new(&opts.keep, tree);
    let mut r = Redacted {
        text: String::new(),
        counts: BTreeMap::new(),
        replaced: Vec::new(),
        kept: 0,
        unmatched: errors.into_iter().flatten().collect(),
        mapping: BTreeMap::new(),
    };
    if tree.is_empty() {
        r.text = doc.source.to_string();
        return r;
    }
    let mut out = Out { edits: Vec::new(), paths: IndexedPaths::new(tree) };
    // First the values replaced whole; free text is then searched for them.
    let mut texts = Vec::new();
    let mut mixed = Vec::new();
    for id in tree.descendants(tree.root()) {
        let n = tree.node(id);
        let value = if n.shape == Shape::Object {
            if n.text.trim().is_empty() {
                continue;
            }
            if tree.elements(id).next().is_some() {
                mixed.push(id);
                continue;
            }
            n.text
        } else {
            n.text
        };
        let class = classify(tree, id);
        if class == Class::Harmless || value.trim().is_empty() {
            continue;
        }
        if keep.covers(tree, id) {
            r.kept += 1;
            continue;
        }
        if matches!(class, Class::Text | Class::Unclassified | Class::Header) {
            texts.push((id, class));
            continue;
        }
        if opts.classes.contains(&class) {
            r.kept += 1;
            continue;
        }
        let core = value.trim();
        let new = if n.shape == Shape::Number {
            names.number(core)
        } else {
            match class {
                Class::Bucket => note_bucket(&mut r.mapping, names, core).unwrap_or_else(|| names.bucket(core)),
                Class::Id if APPIDS.contains(&n.name) => {
                    let new = names.appid(core);
                    r.mapping.insert(core.to_string(), new.clone());
                    new
                }
                Class::Id => names.id(core, id_shape(n.name)),
                Class::Url => {
                    if let Some(first) = url_host(core).and_then(|h| h.split('.').next()) {
                        note_bucket(&mut r.mapping, names, first);
                    }
                    names.url(core)
                }
                Class::Key => names.object_key(core),
                Class::Hash => names.hash(core),
                _ => names.text(core),
            }
        };
        r.mapping.insert(core.to_string(), new.clone());
        replace(doc, id, class, value, &new, &mut r, &mut out);
    }
    let mapping = std::mem::take(&mut r.mapping);
    let needles = text::Needles::new(&mapping);
    for (id, class) in texts {
        let n = tree.node(id);
        let scramble = !opts.classes.contains(&class);
        let new = if n.shape == Shape::Number {
            if scramble {
                names.number(n.text)
            } else {
                n.text.to_string()
            }
        } else {
            text::redact(n.text, &needles, names, scramble)
        };
        if !scramble {
            r.kept += 1;
        }
        replace(doc, id, class, n.text, &new, &mut r, &mut out);
    }
    drop(needles);
    r.mapping = mapping;
    for id in mixed {
        if keep.covers(tree, id) {
            r.kept += 1;
            continue;
        }
        let class = classify(tree, id);
        let mut changed = false;
        for gap in gaps(tree, id) {
            let raw = &doc.source[gap.clone()];
            let new = text::redact_raw(raw, names);
            if new != raw {
                changed = true;
                out.edits.push(Edit { range: gap, text: new });
            }
        }
        if changed {
            *r.counts.entry(class).or_insert(0) += 1;
            r.replaced.push((class, format!("{}.#text", out.paths.path(id))));
        }
    }
    r.text = apply(doc.source, out.edits);
    r
}

/// The edits a redaction makes, and the paths of what they replace.
struct Out<'t, 'a> {
    edits: Vec<Edit>,
    paths: IndexedPaths<'t, 'a>,
}

/// Records a replacement of node `id` (`old` → `new`, whitespace around `old` kept).
fn replace(
    doc: &Document<'_>,
    id: NodeId,
    class: Class,
    old: &str,
    new: &str,
    r: &mut Redacted,
    out: &mut Out<'_, '_>,
) {
    let core = old.trim();
    let at = old.len() - old.trim_start().len();
    let new = format!("{}{new}{}", &old[..at], &old[at + core.len()..]);
    if new == old {
        return;
    }
    *r.counts.entry(class).or_insert(0) += 1;
    r.replaced.push((class, out.paths.path(id)));
    out.edits.push(edit(doc, id, &new));
}

/// The byte ranges of an element's own text between its child elements.
fn gaps(tree: &Tree<'_>, id: NodeId) -> Vec<std::ops::Range<usize>> {
    let n = tree.node(id);
    let mut out = Vec::new();
    let mut at = n.value_start as usize;
    for c in tree.elements(id) {
        let c = tree.node(c);
        out.push(at..(c.start as usize).max(at));
        at = c.end as usize;
    }
    out.push(at..(n.value_end as usize).max(at));
    out.retain(|g| !g.is_empty());
    out
}

/// Remembers a bucket name and its APPID, to be replaced wherever else they appear; the
/// bucket's pseudonym when it is a `name-APPID` one.
fn note_bucket(mapping: &mut BTreeMap<String, String>, names: &Pseudonyms, bucket: &str) -> Option<String> {
    let (_, appid) = pseudonym::split_bucket(bucket)?;
    let new = names.bucket(bucket);
    mapping.insert(bucket.to_string(), new.clone());
    mapping.insert(appid.to_string(), names.appid(appid));
    Some(new)
}

/// The host of a URL (`https://host:port/...`).
fn url_host(url: &str) -> Option<&str> {
    let (_, authority, _) = pseudonym::split_url(url)?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    Some(host.split(':').next().unwrap_or(host))
}

/// The edit that puts `new` in place of node `id`'s value, escaped for the source format.
pub fn edit(doc: &Document<'_>, id: NodeId, new: &str) -> Edit {
    let tree: &Tree<'_> = &doc.tree;
    let n = tree.node(id);
    let range = n.value_start as usize..n.value_end as usize;
    let text = match doc.format {
        Format::Json if n.shape == Shape::Number => new.to_string(),
        Format::Json => {
            let mut out = Vec::with_capacity(new.len() + 2);
            // Writing to a Vec cannot fail.
            let _ = crate::encode::json::write_string(&mut out, new);
            String::from_utf8(out).unwrap_or_default()
        }
        Format::Xml => {
            // Comments and processing instructions inside the value stay, after the new text.
            let raw = &doc.source[range.clone()];
            let mut text = crate::edit::xml_escape(new, n.attribute);
            let mut rest = raw;
            while let Some(at) = rest.find("<!--").into_iter().chain(rest.find("<?")).min() {
                let close = if rest[at..].starts_with("<!--") { "-->" } else { "?>" };
                let Some(end) = rest[at..].find(close) else { break };
                text.push_str(&rest[at..at + end + close.len()]);
                rest = &rest[at + end + close.len()..];
            }
            text
        }
    };
    Edit { range, text }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{decode, Limits};

    fn run(src: &str, keep: &[&str], classes: &[Class]) -> Redacted {
        let doc = decode(src, None, &Limits::default()).unwrap();
        let opts = Options { keep: keep.iter().map(|k| Path::parse(k).unwrap()).collect(), classes: classes.to_vec() };
        redact(&doc, &Pseudonyms::new(b"test"), &opts)
    }

    const XML: &str = "<Response>\n  <!-- keep me -->\n  <JobsDetail>\n    <JobId>j035aca66f86211ec8a5a87e016101404</JobId>\n\
        \x20   <Message>bucket examplebucket-1250000000 &amp; 1250000000 in/a &amp; b.mp4</Message>\n    <Input><BucketId>examplebucket-1250000000</BucketId>\
        <Object>in/a &amp; b.mp4</Object></Input>\n    <Operation><UserData>order 42</UserData><Tag>x</Tag></Operation>\n  </JobsDetail>\n</Response>\n";

    #[test]
    fn replaces_in_place() {
        let r = run(XML, &[], &[]);
        assert!(r.text.starts_with("<Response>\n  <!-- keep me -->\n  <JobsDetail>\n    <JobId>j"), "{}", r.text);
        for gone in ["examplebucket", "1250000000", "j035aca66f86211ec8a5a87e016101404", "order", "in/a", "<Tag>x<"] {
            assert!(!r.text.contains(gone), "{gone} left in {}", r.text);
        }
        assert!(r.text.contains(" &amp; "), "the message keeps its escaped ampersand: {}", r.text);
        let again = decode(&r.text, None, &Limits::default()).unwrap();
        let t = &again.tree;
        let paths = |t: &Tree<'_>| t.descendants(t.root()).map(|i| t.path(i)).collect::<Vec<_>>();
        assert_eq!(paths(t), paths(&decode(XML, None, &Limits::default()).unwrap().tree));
        let counts: Vec<(&str, usize)> = r.counts.iter().map(|(k, n)| (k.as_str(), *n)).collect();
        assert_eq!(counts, [("id", 1), ("key", 1), ("bucket", 1), ("text", 2), ("unclassified", 1)]);
        assert_eq!(
            r.replaced.first().map(|(c, p)| (*c, p.as_str())),
            Some((Class::Id, "Response.JobsDetail[0].JobId"))
        );
        // The bucket, its APPID and the key get the same pseudonyms inside the message.
        let bucket = &r.mapping["examplebucket-1250000000"];
        assert_eq!(r.text.matches(bucket.as_str()).count(), 2, "{}", r.text);
        assert_eq!(r.text.matches(r.mapping["1250000000"].as_str()).count(), 3, "{}", r.text);
        assert_eq!(run(XML, &[], &[]).text, r.text, "deterministic");
    }

    #[test]
    fn comments_and_mixed_content() {
        let src = "<Response><JobsDetail><Operation><UserData>order<!-- c --> 42<?pi x?></UserData></Operation>\
            <Note lang='en'>secret words</Note><Mixed>hidden<A>1</A>tail</Mixed></JobsDetail></Response>";
        let r = run(src, &[], &[]);
        assert!(r.text.contains("<!-- c --><?pi x?></UserData>"), "{}", r.text);
        for gone in ["order", "secret", "hidden", "tail<", "'en'"] {
            assert!(!r.text.contains(gone), "{gone}: {}", r.text);
        }
        assert!(r.replaced.iter().any(|(_, p)| p == "Response.JobsDetail[0].Mixed.#text"), "{:?}", r.replaced);
    }

    #[test]
    fn keep_paths_and_classes() {
        let r = run(XML, &["JobsDetail.Input"], &[]);
        assert!(r.text.contains("<BucketId>examplebucket-1250000000</BucketId>"));
        assert_eq!(r.kept, 2);
        let r = run(XML, &[], &[Class::Text]);
        assert!(r.text.contains("<UserData>order 42</UserData>"), "{}", r.text);
        assert!(r.text.contains("<Message>bucket ") && !r.text.contains("examplebucket"), "{}", r.text);
        let json = r#"{"JobsDetail": {"JobId": "j035aca66f86211ec8a5a87e016101404", "Operation": {"UserData": "say \"hi\""}}}"#;
        let r = run(json, &[], &[]);
        let v: serde_json::Value = serde_json::from_str(&r.text).unwrap();
        assert_eq!(v["JobsDetail"]["Operation"]["UserData"].as_str().unwrap().len(), "say \"hi\"".len());
        assert!(r.text.starts_with(r#"{"JobsDetail": {"JobId": "j"#));
    }
}
