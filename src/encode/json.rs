//! Tree → JSON in Tencent's callback form.
//!
//! * repeating nodes (the schema's, and anything that repeats or was an array in JSON) are arrays;
//! * every leaf is a string, byte-exact — except JSON numbers and booleans read from JSON, and
//!   audit fields the schema knows as numbers;
//! * attributes are `"@name"`, text beside child elements is `"#text"`.

use std::io::{self, Write};

use crate::decode::schema;
use crate::decode::tree::{grouped, NodeId, Shape, Tree};
use crate::decode::Document;

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

pub fn write<W: Write + ?Sized>(doc: &Document<'_>, opts: &JsonOptions, out: &mut W) -> io::Result<()> {
    let mut w = Writer { tree: &doc.tree, opts, out, audit: doc.kind().is_audit(), depth: 0 };
    let root = doc.tree.root();
    if opts.wrap {
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
    w.out.write_all(b"\n")
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
                } else if self.audit && schema::is_audit_number(&n.name) && schema::is_json_number(&n.text) {
                    self.out.write_all(n.text.as_bytes())
                } else {
                    self.string(&n.text)
                }
            }
        }
    }

    fn object(&mut self, id: NodeId) -> io::Result<()> {
        let tree = self.tree;
        let text = &tree.node(id).text;
        let mut groups = grouped(tree, id);
        if self.opts.omit_empty {
            for g in &mut groups {
                g.1.retain(|&c| !is_empty_leaf(tree, c));
            }
            groups.retain(|g| !g.1.is_empty());
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
        for (head, members) in &groups {
            if !first {
                self.out.write_all(b",")?;
            }
            first = false;
            self.newline()?;
            let n = tree.node(*head);
            if n.attribute {
                let mut key = String::with_capacity(n.name.len() + 1);
                key.push('@');
                key.push_str(&n.name);
                self.string(&key)?;
                self.out.write_all(sep)?;
                self.string(&n.text)?;
                continue;
            }
            self.string(&n.name)?;
            self.out.write_all(sep)?;
            let array = if is_root && n.name == "JobsDetail" {
                members.len() > 1 || self.opts.jobs_detail_array
            } else {
                members.len() > 1 || n.in_array || schema::is_repeating(tree, *head)
            };
            if array && n.shape != Shape::EmptyArray {
                self.out.write_all(b"[")?;
                self.depth += 1;
                for (i, &m) in members.iter().enumerate() {
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

/// Writes `s` as a JSON string: `"`, `\` and control characters escaped, everything else as is.
pub fn write_string<W: Write + ?Sized>(out: &mut W, s: &str) -> io::Result<()> {
    out.write_all(b"\"")?;
    let bytes = s.as_bytes();
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0C => b"\\f",
            0..=0x1F | 0x7F => b"",
            _ => continue,
        };
        out.write_all(&bytes[run..i])?;
        if esc.is_empty() {
            write!(out, "\\u{b:04x}")?;
        } else {
            out.write_all(esc)?;
        }
        run = i + 1;
    }
    out.write_all(&bytes[run..])?;
    out.write_all(b"\"")
}
