//! JSON reader: a strict RFC 8259 parser straight into the one [`Tree`], keeping key order, each
//! node's byte span and every scalar's source text (numbers are never re-formatted).
//!
//! Written by hand because the tree needs the position of every key and value for diagnostics,
//! which serde_json does not expose.

use std::borrow::Cow;
use std::collections::HashSet;

use super::error::{DecodeError, ErrorKind};
use super::Limits;
use crate::lex as scan;
use crate::tree::{NodeId, Shape, Tree};

/// Reads a JSON body into a tree (the root named `Response`), or the first error with its span.
pub fn read<'a>(src: &'a str, limits: &Limits) -> Result<Tree<'a>, DecodeError> {
    let mut p = Parser {
        src,
        b: src.as_bytes(),
        pos: 0,
        depth: 0,
        max_depth: limits.max_depth,
        tree: Tree::new(src, src.len() / 32 + 1),
    };
    p.ws();
    match p.peek() {
        Some(b'{') => {}
        Some(b'[') => {
            return Err(p.error(ErrorKind::Structure, "the JSON root is an array; a callback body is an object"))
        }
        _ => return Err(p.unexpected("`{`")),
    }
    let start = p.pos;
    let root = p.tree.push(None, Cow::Borrowed("Response"), start, start);
    p.object(root)?;
    p.ws();
    if p.pos < p.b.len() {
        let what = p.found();
        return Err(
            p.error(ErrorKind::TrailingContent, format!("unexpected {what} after the end of the JSON document"))
        );
    }
    Ok(p.tree)
}

struct Parser<'a> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    depth: usize,
    max_depth: usize,
    tree: Tree<'a>,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn error(&self, kind: ErrorKind, msg: impl Into<String>) -> DecodeError {
        let len = self.src[self.pos.min(self.src.len())..].chars().next().map_or(0, char::len_utf8);
        DecodeError::new(kind, msg, self.b, self.pos..self.pos + len)
    }

    /// A description of the byte at the cursor, for "expected X, found Y".
    fn found(&self) -> String {
        match self.src[self.pos.min(self.src.len())..].chars().next() {
            None => "end of input".to_string(),
            Some(c) if c.is_control() => format!("character U+{:04X}", c as u32),
            Some(c) => format!("`{c}`"),
        }
    }

    fn unexpected(&self, expected: &str) -> DecodeError {
        let kind = if self.pos >= self.b.len() { ErrorKind::UnexpectedEof } else { ErrorKind::Syntax };
        self.error(kind, format!("expected {expected}, found {}", self.found()))
    }

    fn enter(&mut self) -> Result<(), DecodeError> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(self
                .error(ErrorKind::TooDeep, format!("JSON nests deeper than the limit of {} levels", self.max_depth)));
        }
        Ok(())
    }

    /// Parses `{ ... }` at the cursor into the children of `id`.
    fn object(&mut self, id: NodeId) -> Result<(), DecodeError> {
        self.enter()?;
        self.pos += 1; // `{`
        self.tree.set_shape(id, Shape::Object);
        self.tree.set_value_start(id, self.pos - 1);
        let mut keys = Keys::default();
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            self.tree.set_end(id, self.pos, self.pos);
            return Ok(());
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                if self.peek() == Some(b'}') {
                    return Err(self.error(ErrorKind::Syntax, "trailing comma before `}`"));
                }
                return Err(self.unexpected("a string key"));
            }
            let key_start = self.pos;
            let key = self.string()?;
            if !keys.insert(key.clone()) {
                self.pos = key_start;
                return Err(self.error(ErrorKind::DuplicateKey, format!("duplicate key \"{key}\" in one object")));
            }
            self.ws();
            if self.peek() != Some(b':') {
                return Err(self.unexpected("`:` after the key"));
            }
            self.pos += 1;
            self.ws();
            self.member(id, key, key_start)?;
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    self.depth -= 1;
                    self.tree.set_end(id, self.pos, self.pos);
                    return Ok(());
                }
                _ => return Err(self.unexpected("`,` or `}`")),
            }
        }
    }

    /// One `"key": value` of an object; the cursor is at the value.
    fn member(&mut self, parent: NodeId, key: Cow<'a, str>, key_start: usize) -> Result<(), DecodeError> {
        if key == "#text" {
            let (text, _) = self.scalar_for(&key)?;
            self.tree.set_text(parent, text);
            return Ok(());
        }
        if let Some(attr) = key.strip_prefix('@') {
            let name: Cow<'a, str> = match &key {
                Cow::Borrowed(b) => Cow::Borrowed(&b[1..]),
                Cow::Owned(_) => Cow::Owned(attr.to_string()),
            };
            let value_start = self.pos;
            let (text, _) = self.scalar_for(&key)?;
            let id = self.tree.push(Some(parent), name, key_start, value_start);
            self.tree.set_end(id, self.pos, self.pos);
            self.tree.set_attribute(id);
            self.tree.set_text(id, text);
            return Ok(());
        }
        if self.peek() == Some(b'[') {
            self.enter()?;
            let open = self.pos;
            self.pos += 1;
            self.ws();
            if self.peek() == Some(b']') {
                self.pos += 1;
                self.depth -= 1;
                let id = self.tree.push(Some(parent), key, key_start, open);
                self.tree.set_end(id, self.pos, self.pos);
                self.tree.set_shape(id, Shape::EmptyArray);
                self.tree.set_in_array(id);
                return Ok(());
            }
            loop {
                self.ws();
                if self.peek() == Some(b'[') {
                    return Err(self.error(
                        ErrorKind::Structure,
                        format!("an array directly inside the array \"{key}\" has no XML form"),
                    ));
                }
                if self.peek() == Some(b']') {
                    return Err(self.error(ErrorKind::Syntax, "trailing comma before `]`"));
                }
                let id = self.tree.push(Some(parent), key.clone(), key_start, self.pos);
                self.tree.set_in_array(id);
                self.value(id)?;
                self.ws();
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b']') => {
                        self.pos += 1;
                        self.depth -= 1;
                        return Ok(());
                    }
                    _ => return Err(self.unexpected("`,` or `]`")),
                }
            }
        }
        let id = self.tree.push(Some(parent), key, key_start, self.pos);
        self.value(id)
    }

    /// A value that must be a scalar (`#text` and `@attr` members).
    fn scalar_for(&mut self, key: &str) -> Result<(Cow<'a, str>, Shape), DecodeError> {
        match self.peek() {
            Some(b'{' | b'[') => {
                Err(self.error(ErrorKind::Structure, format!("\"{key}\" must hold a string, not a container")))
            }
            _ => self.scalar(),
        }
    }

    /// Any value at the cursor, stored into node `id`.
    fn value(&mut self, id: NodeId) -> Result<(), DecodeError> {
        if self.peek() == Some(b'{') {
            return self.object(id);
        }
        let (text, shape) = self.scalar()?;
        self.tree.set_end(id, self.pos, self.pos);
        self.tree.set_text(id, text);
        self.tree.set_shape(id, shape);
        Ok(())
    }

    fn scalar(&mut self) -> Result<(Cow<'a, str>, Shape), DecodeError> {
        match self.peek() {
            Some(b'"') => Ok((self.string()?, Shape::Text)),
            Some(b'-' | b'0'..=b'9') => Ok((Cow::Borrowed(self.number()?), Shape::Number)),
            Some(b't') => self.literal("true", Shape::Bool),
            Some(b'f') => self.literal("false", Shape::Bool),
            Some(b'n') => self.literal("null", Shape::Null).map(|(_, s)| (Cow::Borrowed(""), s)),
            Some(b']' | b'}') => {
                Err(self.error(ErrorKind::Syntax, format!("expected a value, found {}", self.found())))
            }
            _ => Err(self.unexpected("a value")),
        }
    }

    fn literal(&mut self, word: &'static str, shape: Shape) -> Result<(Cow<'a, str>, Shape), DecodeError> {
        if self.b[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok((Cow::Borrowed(word), shape))
        } else {
            Err(self.unexpected("a value"))
        }
    }

    fn number(&mut self) -> Result<&'a str, DecodeError> {
        let start = self.pos;
        match scan::scan_number(&self.b[start..]) {
            Ok(len) => {
                self.pos += len;
                Ok(&self.src[start..self.pos])
            }
            Err((at, expected)) => {
                self.pos = start + at;
                Err(self.unexpected(expected))
            }
        }
    }

    /// A string at the cursor (which is on its `"`); borrowed when it has no escapes.
    fn string(&mut self) -> Result<Cow<'a, str>, DecodeError> {
        self.pos += 1;
        let start = self.pos;
        let mut owned: Option<String> = None;
        let mut run = start;
        loop {
            let Some(i) = scan::find(&self.b[self.pos..], |b| (b == b'"') | (b == b'\\') | (b < 0x20)) else {
                self.pos = self.b.len();
                return Err(self.error(ErrorKind::UnexpectedEof, "unterminated string"));
            };
            self.pos += i;
            match self.b[self.pos] {
                b'"' => {
                    let s = match owned {
                        None => Cow::Borrowed(&self.src[start..self.pos]),
                        Some(mut o) => {
                            o.push_str(&self.src[run..self.pos]);
                            Cow::Owned(o)
                        }
                    };
                    self.pos += 1;
                    return Ok(s);
                }
                b'\\' => {
                    let o = owned.get_or_insert_with(String::new);
                    o.push_str(&self.src[run..self.pos]);
                    let esc_start = self.pos;
                    self.pos += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if self.b[self.pos..].starts_with(b"\\u") {
                                    self.pos += 2;
                                    let lo = self.hex4()?;
                                    if !(0xDC00..0xE000).contains(&lo) {
                                        self.pos = esc_start;
                                        return Err(self.error(
                                            ErrorKind::Syntax,
                                            format!("lone surrogate \\u{hi:04X} in a string"),
                                        ));
                                    }
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                } else {
                                    self.pos = esc_start;
                                    return Err(self
                                        .error(ErrorKind::Syntax, format!("lone surrogate \\u{hi:04X} in a string")));
                                }
                            } else if (0xDC00..0xE000).contains(&hi) {
                                self.pos = esc_start;
                                return Err(
                                    self.error(ErrorKind::Syntax, format!("lone surrogate \\u{hi:04X} in a string"))
                                );
                            } else {
                                hi
                            };
                            // Both branches above produce a valid scalar value.
                            let c = char::from_u32(code).unwrap_or('\u{FFFD}');
                            o.push(c);
                            run = self.pos;
                            continue;
                        }
                        _ => {
                            return Err(self.error(
                                ErrorKind::Syntax,
                                format!("invalid escape `\\{}` in a string", self.found().trim_matches('`')),
                            ))
                        }
                    };
                    o.push(c);
                    self.pos += 1;
                    run = self.pos;
                }
                _ => {
                    let c = self.b[self.pos];
                    return Err(self
                        .error(ErrorKind::Syntax, format!("control character U+{c:04X} in a string must be escaped")));
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, DecodeError> {
        let digits = self.b.get(self.pos..self.pos + 4).filter(|d| d.iter().all(u8::is_ascii_hexdigit));
        let Some(d) = digits else {
            return Err(self.error(ErrorKind::Syntax, "expected four hex digits after \\u"));
        };
        // Four ASCII hex digits always parse.
        let v = u32::from_str_radix(std::str::from_utf8(d).unwrap_or("0"), 16).unwrap_or(0);
        self.pos += 4;
        Ok(v)
    }
}

/// Keys seen in one object: a scan for the usual handful, a hash set past that.
#[derive(Default)]
struct Keys<'k> {
    small: Vec<Cow<'k, str>>,
    big: Option<HashSet<Cow<'k, str>>>,
}

impl<'k> Keys<'k> {
    fn insert(&mut self, key: Cow<'k, str>) -> bool {
        if let Some(set) = &mut self.big {
            return set.insert(key);
        }
        if self.small.contains(&key) {
            return false;
        }
        self.small.push(key);
        if self.small.len() > 16 {
            self.big = Some(self.small.drain(..).collect());
        }
        true
    }
}
