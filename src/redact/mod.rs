//! Redaction: what identifies a customer replaced by pseudonyms, in place in the source text.
//!
//! Which nodes identify a customer is [`crate::spec::volatile::identifying`]: bucket names, APPIDs,
//! job/run/queue/workflow/template ids, `x-cos-request-id` and `x-cos-meta-*` header values,
//! `UserData`, `trace_id`, URLs, object keys, and the text of audit bodies. Each value is
//! replaced by a pseudonym of the same shape ([`Pseudonyms`]), the same original giving the
//! same pseudonym under one salt; bucket names and APPIDs found there are also replaced wherever
//! else they appear in a value (a `Message`, a URL).
//!
//! Only the bytes of replaced values change (`Node::value_start..value_end`, the replacement
//! escaped for the body's format): indentation, order, comments and every other value stay
//! byte for byte, so the result decodes to the same tree shape, the same kind and the same
//! diagnostics.

pub mod pseudonym;

use std::collections::BTreeMap;

pub use pseudonym::Pseudonyms;

use crate::decode::{Document, Format};
use crate::path::{Path, PathError, Selection};
use crate::spec::is_audit;
use crate::spec::values::id_shape;
use crate::spec::volatile::{identifying, volatile, Identifying, Volatile};
use crate::tree::{NodeId, Shape, Tree};

/// What to leave alone.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Paths (`crate::path` syntax) whose nodes, and everything below them, are kept.
    pub keep: Vec<Path>,
}

/// A redacted body and what was replaced.
#[derive(Debug, Clone)]
pub struct Redacted {
    /// The body with the replacements made.
    pub text: String,
    /// How many values of each kind were replaced.
    pub counts: BTreeMap<Kind, usize>,
    /// How many values `--keep` left alone although they identify a customer.
    pub kept: usize,
    /// The `keep` paths that select nothing (a likely typo: the value they meant is redacted).
    pub unmatched: Vec<PathError>,
}

/// A kind of replaced value, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A node [`identifying`] names.
    Node(Identifying),
    /// An APPID (or bucket name) found inside another value.
    Mention,
}

impl Kind {
    /// A word for the report.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Node(i) => i.as_str(),
            Kind::Mention => "bucket or APPID inside another value",
        }
    }
}

/// One replacement in the source: a byte range and its new text.
struct Edit {
    range: std::ops::Range<usize>,
    text: String,
}

/// Redacts `doc` (decoded from `doc.source`) with `names`.
pub fn redact(doc: &Document<'_>, names: &Pseudonyms, opts: &Options) -> Redacted {
    let tree = &doc.tree;
    let mut counts = BTreeMap::new();
    let mut kept = 0;
    let (keep, errors) = Selection::new(&opts.keep, tree);
    let unmatched = errors.into_iter().flatten().collect();
    if tree.is_empty() {
        return Redacted { text: doc.source.to_string(), counts, kept, unmatched };
    }
    let is_kept = |id: NodeId| keep.covers(tree, id);
    let audit = is_audit(tree);
    let leaves: Vec<NodeId> = tree.descendants(tree.root()).filter(|&id| tree.leaf_text(id).is_some()).collect();

    // First the nodes the spec names; the buckets and APPIDs found there are then looked for in
    // every other value.
    let mut mentions: BTreeMap<String, String> = BTreeMap::new();
    let mut edits = Vec::new();
    let mut rest = Vec::new();
    for &id in &leaves {
        let text = tree.text(id);
        let Some(what) = identifying(tree, id, audit) else {
            rest.push(id);
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        if is_kept(id) {
            kept += 1;
            continue;
        }
        let new = if tree.node(id).shape == Shape::Number {
            names.number(text)
        } else {
            match what {
                Identifying::Bucket => {
                    let trimmed = text.trim();
                    match note_bucket(&mut mentions, names, trimmed) {
                        Some(new) if trimmed == text => new,
                        _ => names.bucket(text),
                    }
                }
                Identifying::AppId => {
                    let trimmed = text.trim();
                    let new = names.appid(trimmed);
                    mentions.insert(trimmed.to_string(), new.clone());
                    if trimmed == text {
                        new
                    } else {
                        names.appid(text)
                    }
                }
                Identifying::Id | Identifying::TraceId => names.id(text, id_shape(tree.name(id))),
                Identifying::Url => {
                    if let Some(host) = url_host(text) {
                        if let Some(first) = host.split('.').next() {
                            note_bucket(&mut mentions, names, first);
                        }
                    }
                    names.url(text)
                }
                Identifying::ObjectKey => names.object_key(text),
                Identifying::RequestId | Identifying::MetaHeader | Identifying::UserData | Identifying::AuditText => {
                    names.text(text)
                }
            }
        };
        if new != text {
            *counts.entry(Kind::Node(what)).or_insert(0) += 1;
            edits.push(edit(doc, id, &new));
        }
    }
    // Longest first, so a bucket name is replaced whole before its APPID alone.
    let mut needles: Vec<(&String, &String)> = mentions.iter().filter(|(k, _)| k.len() >= 5).collect();
    needles.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
    for id in rest {
        let text = tree.text(id);
        // Timestamps are left alone: their digits are no APPID.
        if !needles.iter().any(|(k, _)| text.contains(k.as_str())) || volatile(tree, id) == Some(Volatile::Time) {
            continue;
        }
        if is_kept(id) {
            kept += 1;
            continue;
        }
        let mut new = text.to_string();
        for (k, v) in &needles {
            new = replace_tokens(&new, k, v);
        }
        if new != text && (tree.node(id).shape != Shape::Number || crate::lex::is_json_number(&new)) {
            *counts.entry(Kind::Mention).or_insert(0) += 1;
            edits.push(edit(doc, id, &new));
        }
    }
    edits.sort_by_key(|e| e.range.start);
    let mut text = String::with_capacity(doc.source.len());
    let mut at = 0;
    for e in edits {
        text.push_str(&doc.source[at..e.range.start]);
        text.push_str(&e.text);
        at = e.range.end;
    }
    text.push_str(&doc.source[at..]);
    Redacted { text, counts, kept, unmatched }
}

/// `text` with every `needle` that is not part of a longer word or number replaced.
fn replace_tokens(text: &str, needle: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (i, _) in text.match_indices(needle) {
        if i < at {
            continue;
        }
        // A digit next to an APPID's digits, or a letter next to a name's letters, makes it part
        // of another token (`12500000001` holds no APPID; `1250000000ab` does).
        let clash = |edge: Option<char>, next: Option<char>| match (edge, next) {
            (Some(e), Some(n)) if e.is_ascii_digit() => n.is_ascii_digit(),
            (Some(_), Some(n)) => n.is_alphanumeric(),
            _ => false,
        };
        if clash(needle.chars().next(), text[..i].chars().next_back())
            || clash(needle.chars().next_back(), text[i + needle.len()..].chars().next())
        {
            continue;
        }
        out.push_str(&text[at..i]);
        out.push_str(with);
        at = i + needle.len();
    }
    out.push_str(&text[at..]);
    out
}

/// Remembers a bucket name and its APPID, to be replaced wherever else they appear; the
/// bucket's pseudonym when it is a `name-APPID` one.
fn note_bucket(mentions: &mut BTreeMap<String, String>, names: &Pseudonyms, bucket: &str) -> Option<String> {
    let (_, appid) = pseudonym::split_bucket(bucket)?;
    let new = names.bucket(bucket);
    mentions.insert(bucket.to_string(), new.clone());
    mentions.insert(appid.to_string(), names.appid(appid));
    Some(new)
}

/// The host of a URL (`https://host:port/...`).
fn url_host(url: &str) -> Option<&str> {
    let (_, authority, _) = pseudonym::split_url(url)?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    Some(host.split(':').next().unwrap_or(host))
}

/// The edit that puts `new` in place of node `id`'s value, escaped for the source format.
fn edit(doc: &Document<'_>, id: NodeId, new: &str) -> Edit {
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

    fn run(src: &str, keep: &[&str]) -> Redacted {
        let doc = decode(src, None, &Limits::default()).unwrap();
        let opts = Options { keep: keep.iter().map(|k| Path::parse(k).unwrap()).collect() };
        redact(&doc, &Pseudonyms::new(b"test"), &opts)
    }

    const XML: &str = "<Response>\n  <!-- keep me -->\n  <JobsDetail>\n    <JobId>j035aca66f86211ec8a5a87e016101404</JobId>\n\
        \x20   <Message>bucket examplebucket-1250000000 &amp; 1250000000</Message>\n    <Input><BucketId>examplebucket-1250000000</BucketId>\
        <Object>in/a &amp; b.mp4</Object></Input>\n    <Operation><UserData>order 42</UserData></Operation>\n  </JobsDetail>\n</Response>\n";

    #[test]
    fn replaces_in_place() {
        let r = run(XML, &[]);
        assert!(r.text.starts_with("<Response>\n  <!-- keep me -->\n  <JobsDetail>\n    <JobId>j"), "{}", r.text);
        for gone in ["examplebucket", "1250000000", "j035aca66f86211ec8a5a87e016101404", "order 42", "in/a"] {
            assert!(!r.text.contains(gone), "{gone} left in {}", r.text);
        }
        assert!(r.text.contains(" &amp; "), "the message keeps its escaped ampersand: {}", r.text);
        let again = decode(&r.text, None, &Limits::default()).unwrap();
        let t = &again.tree;
        let paths = |t: &Tree<'_>| t.descendants(t.root()).map(|i| t.path(i)).collect::<Vec<_>>();
        assert_eq!(paths(t), paths(&decode(XML, None, &Limits::default()).unwrap().tree));
        let counts: Vec<(&str, usize)> = r.counts.iter().map(|(k, n)| (k.as_str(), *n)).collect();
        assert_eq!(
            counts,
            [
                ("bucket", 1),
                ("id", 1),
                ("user data", 1),
                ("object key", 1),
                ("bucket or APPID inside another value", 1)
            ]
        );
        assert_eq!(run(XML, &[]).text, r.text, "deterministic");
    }

    #[test]
    fn comments_inside_a_value_stay() {
        let src = "<Response><JobsDetail><Operation><UserData>order<!-- c --> 42<?pi x?></UserData></Operation></JobsDetail></Response>";
        let r = run(src, &[]);
        assert!(r.text.contains("<!-- c --><?pi x?></UserData>"), "{}", r.text);
        assert!(!r.text.contains("order"), "{}", r.text);
    }

    #[test]
    fn mentions_are_whole_tokens() {
        assert_eq!(replace_tokens("a 12345 b-12345.c 123456 x12345 12345ab", "12345", "9"), "a 9 b-9.c 123456 x9 9ab");
        assert_eq!(replace_tokens("b-1 ab-1 b-12", "b-1", "z"), "z ab-1 b-12");
    }

    #[test]
    fn keep_and_json() {
        let r = run(XML, &["JobsDetail.Input"]);
        assert!(r.text.contains("<BucketId>examplebucket-1250000000</BucketId>"));
        assert_eq!(r.kept, 2);
        let json = r#"{"JobsDetail": {"JobId": "j035aca66f86211ec8a5a87e016101404", "Operation": {"UserData": "say \"hi\""}}}"#;
        let r = run(json, &[]);
        let v: serde_json::Value = serde_json::from_str(&r.text).unwrap();
        assert_eq!(v["JobsDetail"]["Operation"]["UserData"].as_str().unwrap().len(), "say \"hi\"".len());
        assert!(r.text.starts_with(r#"{"JobsDetail": {"JobId": "j"#));
    }
}
