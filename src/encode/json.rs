//! Tree → JSON in Tencent's callback form.
//!
//! * repeating nodes (the schema's, and anything that repeats or was an array in JSON) are arrays;
//! * every leaf is a string, byte-exact — except JSON numbers and booleans read from JSON, and
//!   audit fields the schema knows as numbers;
//! * attributes are `"@name"`, text beside child elements is `"#text"`.
//!
//! This writes data (`convert`, containers of `parse --get`): values as they are, escaped only where JSON
//! must be. JSON for a person to read goes through `crate::render::json` instead.

use std::io::{self, Write};

use crate::lex;
use crate::spec::shapes as schema;
use crate::tree::{groups, Group, NodeId, Shape, Tree};

use super::chunked::Chunked;

/// How to shape the JSON.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonOptions {
    /// Keep a `{"Response": ...}` wrapper around the body.
    pub wrap: bool,
    /// Write `JobsDetail` as a one-element array rather than an object.
    pub jobs_detail_array: bool,
    /// Leave out elements that are empty in the source, as Tencent's JSON does.
    pub omit_empty: bool,
    /// One line, no spaces.
    pub compact: bool,
}

/// Writes `tree` as Tencent's JSON form. The tree may come from either reader or be built by hand
/// (with [`Tree::new`] over an empty source).
pub fn write<W: Write + ?Sized>(tree: &Tree<'_>, opts: &JsonOptions, out: &mut W) -> io::Result<()> {
    let mut chunked = Chunked::new(out);
    let mut w = Writer { tree, opts, out: &mut chunked, audit: crate::spec::is_audit(tree), depth: 0 };
    let root = tree.root();
    // Unwrapped, such a tree would read back as its own wrapper, one level short.
    if opts.wrap || crate::decode::json_wrapper(tree).is_some() {
        w.out.write_all(b"{")?;
        w.depth += 1;
        w.newline()?;
        w.string("Response")?;
        w.out.write_all(if opts.compact { b":" } else { b": " })?;
        // The root is always an object (`{"#text": …}` for a root holding only text).
        w.object(root)?;
        w.depth -= 1;
        w.newline()?;
        w.out.write_all(b"}")?;
    } else {
        // The root is always an object (`{"#text": …}` for a root holding only text).
        w.object(root)?;
    }
    w.out.write_all(b"\n")?;
    chunked.finish()
}

/// Writes the JSON value of one node: what [`write()`] puts after its key (`cicb parse --get`).
pub fn write_value<W: Write + ?Sized>(tree: &Tree<'_>, id: NodeId, opts: &JsonOptions, out: &mut W) -> io::Result<()> {
    let mut chunked = Chunked::new(out);
    let mut w = Writer { tree, opts, out: &mut chunked, audit: crate::spec::is_audit(tree), depth: 0 };
    w.value(id)?;
    chunked.finish()
}

struct Writer<'t, 'a, W: ?Sized> {
    tree: &'t Tree<'a>,
    opts: &'t JsonOptions,
    out: &'t mut W,
    audit: bool,
    depth: usize,
}

/// True when a node is empty in the source: no text, no children (and not a JSON `{}` or `[]`).
pub fn is_empty_leaf(tree: &Tree<'_>, id: NodeId) -> bool {
    let n = tree.node(id);
    matches!(n.shape, Shape::Text | Shape::Null) && n.text.is_empty()
}

impl<W: Write + ?Sized> Writer<'_, '_, W> {
    fn newline(&mut self) -> io::Result<()> {
        if self.opts.compact {
            return Ok(());
        }
        self.out.write_all(b"\n")?;
        for _ in 0..self.depth {
            self.out.write_all(b"  ")?;
        }
        Ok(())
    }

    fn string(&mut self, s: &str) -> io::Result<()> {
        write_string(self.out, s)
    }

    fn value(&mut self, id: NodeId) -> io::Result<()> {
        let n = self.tree.node(id);
        match n.shape {
            Shape::Object => self.object(id),
            Shape::EmptyArray => self.out.write_all(b"[]"),
            Shape::Number | Shape::Bool => self.out.write_all(n.text.as_bytes()),
            Shape::Null => self.out.write_all(b"null"),
            Shape::Text => {
                if n.text.is_empty() && schema::is_container(self.tree, id) {
                    self.out.write_all(b"{}")
                } else if self.audit && schema::is_audit_number(n.name) && lex::is_json_number(n.text) {
                    self.out.write_all(n.text.as_bytes())
                } else {
                    self.string(n.text)
                }
            }
        }
    }

    fn object(&mut self, id: NodeId) -> io::Result<()> {
        let tree = self.tree;
        let text = &tree.node(id).text;
        let mut groups = groups(tree, id);
        if self.opts.omit_empty {
            groups = groups
                .into_iter()
                .filter_map(|g| {
                    let mut kept = g.members().filter(|&c| !is_empty_leaf(tree, c));
                    let head = kept.next()?;
                    Some(Group { head, rest: kept.collect() })
                })
                .collect();
        }
        if groups.is_empty() && text.is_empty() {
            return self.out.write_all(b"{}");
        }
        self.out.write_all(b"{")?;
        self.depth += 1;
        let sep: &[u8] = if self.opts.compact { b":" } else { b": " };
        let mut first = true;
        if !text.is_empty() {
            self.newline()?;
            self.string("#text")?;
            self.out.write_all(sep)?;
            self.string(text)?;
            first = false;
        }
        let is_root = tree.parent(id).is_none();
        for group in &groups {
            let head = &group.head;
            if !first {
                self.out.write_all(b",")?;
            }
            first = false;
            self.newline()?;
            let n = tree.node(*head);
            if n.attribute {
                self.string(&n.label())?;
                self.out.write_all(sep)?;
                self.string(n.text)?;
                continue;
            }
            self.string(n.name)?;
            self.out.write_all(sep)?;
            let array = if is_root && n.name == "JobsDetail" {
                group.count() > 1 || self.opts.jobs_detail_array
            } else {
                schema::is_list(tree, group)
            };
            if array && n.shape != Shape::EmptyArray {
                self.out.write_all(b"[")?;
                self.depth += 1;
                for (i, m) in group.members().enumerate() {
                    if i > 0 {
                        self.out.write_all(b",")?;
                    }
                    self.newline()?;
                    self.value(m)?;
                }
                self.depth -= 1;
                self.newline()?;
                self.out.write_all(b"]")?;
            } else {
                self.value(*head)?;
            }
        }
        self.depth -= 1;
        self.newline()?;
        self.out.write_all(b"}")
    }
}

/// Writes `s` as a JSON string: `"`, `\\` and control characters escaped, everything else as is.
pub fn write_string<W: Write + ?Sized>(out: &mut W, s: &str) -> io::Result<()> {
    let bytes = s.as_bytes();
    let Some(first) = first_escaped(bytes) else {
        // The common case: nothing to escape. Short strings go out in one write.
        if bytes.len() <= 126 {
            let mut buf = [0u8; 128];
            buf[0] = b'"';
            buf[1..=bytes.len()].copy_from_slice(bytes);
            buf[bytes.len() + 1] = b'"';
            return out.write_all(&buf[..bytes.len() + 2]);
        }
        out.write_all(b"\"")?;
        out.write_all(bytes)?;
        return out.write_all(b"\"");
    };
    out.write_all(b"\"")?;
    let mut run = 0;
    let mut i = first;
    while i < bytes.len() {
        let Some(next) = first_escaped(&bytes[i..]) else { break };
        i += next;
        let b = bytes[i];
        out.write_all(&bytes[run..i])?;
        match b {
            b'"' => out.write_all(b"\\\"")?,
            b'\\' => out.write_all(b"\\\\")?,
            b'\n' => out.write_all(b"\\n")?,
            b'\r' => out.write_all(b"\\r")?,
            b'\t' => out.write_all(b"\\t")?,
            0x08 => out.write_all(b"\\b")?,
            0x0C => out.write_all(b"\\f")?,
            _ => write!(out, "\\u{b:04x}")?,
        }
        i += 1;
        run = i;
    }
    out.write_all(&bytes[run..])?;
    out.write_all(b"\"")
}

/// The offset of the first byte that needs escaping.
fn first_escaped(bytes: &[u8]) -> Option<usize> {
    lex::find(bytes, escaped)
}

/// True for a byte JSON strings cannot hold as is (plus DEL, escaped for terminals).
#[inline]
fn escaped(b: u8) -> bool {
    (b < 0x20) | (b == b'"') | (b == b'\\') | (b == 0x7F)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(s: &str) -> String {
        let mut out = Vec::new();
        write_string(&mut out, s).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_exactly_what_json_needs() {
        assert_eq!(json("plain text, long enough for words"), "\"plain text, long enough for words\"");
        assert_eq!(json("a\"b\\c\nd\te\u{1}f\u{7f}"), r#""a\"b\\c\nd\te\u0001f\u007f""#);
        assert_eq!(json("数据万象 🎬 ok"), "\"数据万象 🎬 ok\"");
        // Every position in a word, and words that only look close (0x20, 0x21, 0x5B, 0x5D).
        for i in 0..20 {
            let mut s = "x".repeat(20);
            s.replace_range(i..i + 1, "\"");
            assert_eq!(json(&s), format!("\"{}\"", s.replace('"', "\\\"")));
        }
        assert_eq!(json("  !![[]]  !![[]]"), "\"  !![[]]  !![[]]\"");
    }
}
