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
use crate::tree::{groups_into, Group, Node, NodeId, Shape, Tree};

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
    let mut w = Writer::new(tree, opts, &mut chunked);
    let root = tree.root();
    // Unwrapped, such a tree would read back as its own wrapper, one level short.
    if opts.wrap || crate::decode::json_wrapper(tree).is_some() {
        w.put(b"{");
        w.depth += 1;
        w.newline();
        w.string("Response")?;
        w.put(if opts.compact { b":" } else { b": " });
        // The root is always an object (`{"#text": …}` for a root holding only text).
        w.object(root)?;
        w.depth -= 1;
        w.newline();
        w.put(b"}");
    } else {
        // The root is always an object (`{"#text": …}` for a root holding only text).
        w.object(root)?;
    }
    w.put(b"\n");
    chunked.finish()
}

/// Writes the JSON value of one node: what [`write()`] puts after its key (`cicb parse --get`).
pub fn write_value<W: Write + ?Sized>(tree: &Tree<'_>, id: NodeId, opts: &JsonOptions, out: &mut W) -> io::Result<()> {
    let mut chunked = Chunked::new(out);
    let mut w = Writer::new(tree, opts, &mut chunked);
    w.value(id)?;
    chunked.finish()
}

struct Writer<'t, 'a, 'w, W: Write + ?Sized> {
    tree: &'t Tree<'a>,
    opts: &'t JsonOptions,
    out: &'t mut Chunked<'w, W>,
    audit: bool,
    depth: usize,
    /// Vectors for the groups of children, one per level in use: reused from element to element.
    spare: Vec<Vec<Group>>,
}

/// True when a node is empty in the source: no text, no children (and not a JSON `{}` or `[]`).
pub fn is_empty_leaf(tree: &Tree<'_>, id: NodeId) -> bool {
    let n = tree.node(id);
    matches!(n.shape, Shape::Text | Shape::Null) && n.text.is_empty()
}

/// A line break and up to 32 levels of indentation, copied whole and cut to length: a few stores
/// where a copy of a length known only at run time is a call.
const INDENT: &[u8; 65] = b"\n                                                                ";

/// Strings up to this long are escaped and copied into the write buffer in one pass; longer ones
/// go to the output in pieces, never copied whole into the buffer.
const SHORT: usize = 4096;

impl<'t, 'a, 'w, W: Write + ?Sized> Writer<'t, 'a, 'w, W> {
    fn new(tree: &'t Tree<'a>, opts: &'t JsonOptions, out: &'t mut Chunked<'w, W>) -> Self {
        Writer { tree, opts, out, audit: crate::spec::is_audit(tree), depth: 0, spare: Vec::new() }
    }

    /// A piece of punctuation, into the buffer (handed on by the next [`Writer::string`] or value).
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.out.buf().extend_from_slice(bytes);
    }

    fn newline(&mut self) {
        if self.opts.compact {
            return;
        }
        let buf = self.out.buf();
        let spaces = 2 * self.depth;
        if spaces < INDENT.len() {
            let len = buf.len() + 1 + spaces;
            buf.extend_from_slice(INDENT);
            buf.truncate(len);
        } else {
            buf.push(b'\n');
            buf.resize(buf.len() + spaces, b' ');
        }
    }

    /// A line break, its indentation and `"name": "text"` in one piece when both strings are
    /// short and need no escape; false (nothing written) otherwise.
    #[inline]
    fn short_member(&mut self, name: &str, text: &str, sep: &[u8]) -> bool {
        let (name, text) = (name.as_bytes(), text.as_bytes());
        let spaces = if self.opts.compact { 0 } else { 2 * self.depth + 1 };
        if spaces >= INDENT.len() || name.len() > 64 || text.len() > 64 || !is_plain(name) || !is_plain(text) {
            return false;
        }
        let buf = self.out.buf();
        buf.reserve(spaces + name.len() + text.len() + 6);
        buf.extend_from_slice(&INDENT[..spaces]);
        buf.push(b'"');
        buf.extend_from_slice(name);
        buf.push(b'"');
        buf.extend_from_slice(sep);
        buf.push(b'"');
        buf.extend_from_slice(text);
        buf.push(b'"');
        true
    }

    fn string(&mut self, s: &str) -> io::Result<()> {
        if s.len() > SHORT {
            return write_string(self.out, s);
        }
        push_string(self.out.buf(), s);
        self.out.spill()
    }

    fn value(&mut self, id: NodeId) -> io::Result<()> {
        self.value_of(id, self.tree.node(id))
    }

    /// [`Writer::value`] of node `id`, whose view `n` the caller has already.
    fn value_of(&mut self, id: NodeId, n: Node<'_>) -> io::Result<()> {
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
        let text = tree.text(id);
        let mut groups = self.spare.pop().unwrap_or_default();
        groups_into(tree, id, &mut groups);
        let written = self.members(id, text, &mut groups);
        self.spare.push(groups);
        written
    }

    /// [`Writer::object`] with the element's groups of children at hand.
    fn members(&mut self, id: NodeId, text: &str, groups: &mut Vec<Group>) -> io::Result<()> {
        let tree = self.tree;
        if self.opts.omit_empty {
            *groups = std::mem::take(groups)
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
        self.put(b"{");
        self.depth += 1;
        let sep: &[u8] = if self.opts.compact { b":" } else { b": " };
        let mut first = true;
        if !text.is_empty() {
            self.newline();
            self.string("#text")?;
            self.put(sep);
            self.string(text)?;
            first = false;
        }
        let is_root = tree.parent(id).is_none();
        for group in groups.iter() {
            let head = &group.head;
            if !first {
                self.put(b",");
            }
            first = false;
            let n = tree.node(*head);
            let array = !n.attribute
                && if is_root && n.name == "JobsDetail" {
                    group.count() > 1 || self.opts.jobs_detail_array
                } else {
                    schema::is_list(tree, group)
                };
            // Nearly every member: one element holding a string, short and plain enough to be
            // written in one piece.
            let number = self.audit && schema::is_audit_number(n.name);
            let string = !array && !n.attribute && n.shape == Shape::Text && !n.text.is_empty() && !number;
            if string && self.short_member(n.name, n.text, sep) {
                self.out.spill()?;
                continue;
            }
            self.newline();
            if n.attribute {
                self.string(&n.label())?;
                self.put(sep);
                self.string(n.text)?;
                continue;
            }
            self.string(n.name)?;
            self.put(sep);
            if array && n.shape != Shape::EmptyArray {
                self.put(b"[");
                self.depth += 1;
                for (i, m) in group.members().enumerate() {
                    if i > 0 {
                        self.put(b",");
                    }
                    self.newline();
                    self.value(m)?;
                }
                self.depth -= 1;
                self.newline();
                self.put(b"]");
            } else {
                self.value_of(*head, n)?;
            }
        }
        self.depth -= 1;
        self.newline();
        self.out.write_all(b"}")
    }
}

/// Writes `s` as a JSON string: `"`, `\\` and control characters escaped, everything else as is.
pub fn write_string<W: Write + ?Sized>(out: &mut W, s: &str) -> io::Result<()> {
    out.write_all(b"\"")?;
    escape(out, s.as_bytes())?;
    out.write_all(b"\"")
}

/// The inside of a JSON string: `bytes` with what JSON must escape escaped.
fn escape<W: Write + ?Sized>(out: &mut W, bytes: &[u8]) -> io::Result<()> {
    let mut run = 0;
    let mut i = 0;
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
    out.write_all(&bytes[run..])
}

/// [`write_string`] into a buffer. A short string (most values and every key) is checked eight
/// bytes at a time, then copied in one piece; a long one is scanned in blocks as it is copied.
#[inline]
fn push_string(buf: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    buf.reserve(bytes.len() + 2);
    buf.push(b'"');
    if bytes.len() <= 64 && is_plain(bytes) {
        buf.extend_from_slice(bytes);
    } else {
        // Writing to a vector cannot fail.
        let _ = escape(buf, bytes);
    }
    buf.push(b'"');
}

/// True when no byte of a short string needs escaping: its whole words and its last eight bytes
/// (overlapping) go through [`needs_escape`], with one test at the end.
#[inline]
fn is_plain(bytes: &[u8]) -> bool {
    let Some(last) = bytes.last_chunk::<8>() else {
        return !bytes.iter().any(|&b| escaped(b));
    };
    let (words, _) = bytes.as_chunks::<8>();
    let found = words
        .iter()
        .fold(needs_escape(u64::from_le_bytes(*last)), |found, w| found | needs_escape(u64::from_le_bytes(*w)));
    found == 0
}

/// Nonzero when one of the eight bytes of `word` needs escaping ([`escaped`]), without looking at
/// each: a byte below 0x20 makes `word - 0x20…20` borrow into that byte's top bit, and a byte
/// equal to `c` is a zero byte of `word ^ c…c` (exact as a yes or no for the whole word).
#[inline]
fn needs_escape(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOPS: u64 = 0x8080_8080_8080_8080;
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & TOPS;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & TOPS;
    below_space | zero(word ^ (ONES * b'"' as u64)) | zero(word ^ (ONES * b'\\' as u64)) | zero(word ^ (ONES * 0x7F))
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

    #[test]
    fn the_word_check_agrees_with_the_byte_check() {
        for filler in [b'a', b' ', b'!', b'#', b'[', b']', b'~', 0x80, 0xBF, 0xFF] {
            for b in 0..=255u8 {
                for at in 0..8 {
                    let mut word = [filler; 8];
                    word[at] = b;
                    assert_eq!(needs_escape(u64::from_le_bytes(word)) != 0, escaped(b) || escaped(filler), "{word:?}");
                }
            }
        }
    }

    /// A leaf `depth` elements deep beside a sibling, written by hand as `write` should write it.
    fn nested(depth: usize, text: &str, compact: bool) -> (String, String) {
        let (mut xml, mut json) = (String::from("<Response>"), String::new());
        let nl = |d: usize| if compact { String::new() } else { format!("\n{}", "  ".repeat(d)) };
        let sep = if compact { ":" } else { ": " };
        json.push('{');
        for d in 1..=depth {
            xml.push_str(&format!("<A{d}>"));
            json.push_str(&format!("{}\"A{d}\"{sep}{{", nl(d)));
        }
        let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
        xml.push_str(&format!("<Leaf>{}</Leaf><B>b</B>", text.replace('&', "&amp;").replace('<', "&lt;")));
        json.push_str(&format!("{}\"Leaf\"{sep}\"{escaped}\",{}\"B\"{sep}\"b\"", nl(depth + 1), nl(depth + 1)));
        for d in (1..=depth).rev() {
            xml.push_str(&format!("</A{d}>"));
            json.push_str(&format!("{}}}", nl(d)));
        }
        xml.push_str("</Response>");
        json.push_str(&format!("{}}}\n", nl(0)));
        (xml, json)
    }

    #[test]
    fn members_are_laid_out_alike_at_every_depth_and_length() {
        let long = "x".repeat(64);
        let longer = "y".repeat(65);
        for depth in 0..40 {
            for text in ["v", "value-0000000-0-abcdefghijklm", &long, &longer, "a \"quote\"", "back\\slash", "数据万象"]
            {
                for compact in [false, true] {
                    let (xml, expected) = nested(depth, text, compact);
                    let doc = crate::decode::decode(&xml, None, &crate::decode::Limits::default()).unwrap();
                    let mut out = Vec::new();
                    write(&doc.tree, &JsonOptions { compact, ..JsonOptions::default() }, &mut out).unwrap();
                    assert_eq!(String::from_utf8(out).unwrap(), expected, "depth {depth}, {text:?}");
                }
            }
        }
    }

    #[test]
    fn the_buffered_string_is_the_written_one() {
        // Every length up to a few words, with nothing to escape and with an escape at each place.
        for len in 0..80 {
            let plain: String = "abcdefghijklmnopqrstuvwxyz数据万象".chars().cycle().take(len).collect();
            let mut cases = vec![plain.clone()];
            for (i, _) in plain.char_indices() {
                for c in ["\"", "\\", "\n", "\u{1}", "\u{7f}"] {
                    let mut s = plain.clone();
                    s.replace_range(i..i + s[i..].chars().next().unwrap().len_utf8(), c);
                    cases.push(s);
                }
            }
            for s in cases {
                let mut buf = b"prefix".to_vec();
                push_string(&mut buf, &s);
                assert_eq!(String::from_utf8(buf).unwrap(), format!("prefix{}", json(&s)), "{s:?}");
            }
        }
    }
}
