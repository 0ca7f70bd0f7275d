//! The one writer of JSON a person may see (`parse`, `summarize` and `validate` with `--format json`):
//! JSON that is safe to print on a terminal. Besides what JSON must escape, the characters
//! [`is_unsafe`](crate::sanitize::is_unsafe) names (C1 controls such as the 8-bit CSI, bidi overrides) are written as
//! `\uXXXX` escapes. Any JSON parser reads the same strings.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use crate::sanitize::first_unsafe;

/// `value` as compact JSON in a string.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> String {
    let mut buf = Vec::new();
    // Writing to a Vec cannot fail, and JSON is UTF-8.
    let _ = to_writer(&mut buf, value, false);
    String::from_utf8(buf).unwrap_or_default()
}

/// Writes `value` as pretty (two-space) or compact JSON.
pub fn to_writer<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T, pretty: bool) -> io::Result<()> {
    if pretty {
        let mut ser = serde_json::Serializer::with_formatter(out, Safe(PrettyFormatter::new()));
        value.serialize(&mut ser).map_err(io::Error::from)
    } else {
        let mut ser = serde_json::Serializer::with_formatter(out, Safe(CompactFormatter));
        value.serialize(&mut ser).map_err(io::Error::from)
    }
}

/// A formatter that escapes terminal-unsafe characters and otherwise defers to `F`.
struct Safe<F>(F);

impl<F: Formatter> Formatter for Safe<F> {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, w: &mut W, fragment: &str) -> io::Result<()> {
        let mut rest = fragment;
        while let Some(i) = first_unsafe(rest) {
            let Some(c) = rest[i..].chars().next() else { break };
            w.write_all(&rest.as_bytes()[..i])?;
            // Every unsafe character is in the Basic Multilingual Plane.
            write!(w, "\\u{:04x}", c as u32)?;
            rest = &rest[i + c.len_utf8()..];
        }
        w.write_all(rest.as_bytes())
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_characters_are_escaped_and_parse_back() {
        let value = serde_json::json!({"a": "x\u{1b}[2J\u{9b}1m\u{202e}y 数据万象", "b": [1, "\n"]});
        for pretty in [false, true] {
            let mut out = Vec::new();
            to_writer(&mut out, &value, pretty).unwrap();
            let text = String::from_utf8(out).unwrap();
            assert!(text.contains(r#"x\u001b[2J\u009b1m\u202ey 数据万象"#), "{text}");
            assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), value);
        }
    }
}
