//! `send --set PATH=VALUE`: replace one value's bytes in the original body, escaped for the
//! body's format, and keep every other byte as it was.
//!
//! The node is found with the `parse --get` path syntax ([`crate::commands::parse::select`]);
//! its value starts at `Node::value_start`, and where it ends is found here by scanning the
//! source (the tree keeps no value end yet).

use crate::commands::parse::select;
use crate::decode::tree::NodeId;
use crate::decode::{schema, Document, Format, Shape};
use crate::render::sanitize;

/// Splits `PATH=VALUE` at the first `=`.
pub fn parse_assignment(s: &str) -> Result<(&str, &str), String> {
    s.split_once('=')
        .filter(|(p, _)| !p.is_empty())
        .ok_or_else(|| format!("`{}` is not an assignment: use PATH=VALUE, e.g. JobsDetail.State=Failed", sanitize(s)))
}

/// The body `doc` was decoded from (`source`, BOM excluded) with the value at `path` set to
/// `value`. The path must name exactly one leaf (text, number, boolean or null).
pub fn set_value(source: &str, doc: &Document<'_>, path: &str, value: &str) -> Result<String, String> {
    let ids = select(&doc.tree, path)?;
    let id = match ids.as_slice() {
        [] => return Err(format!("path not found: {}", sanitize(path))),
        [id] => *id,
        more => {
            return Err(format!(
                "{} matches {} values; pick one with [n], e.g. {}[0]",
                sanitize(path),
                more.len(),
                sanitize(path)
            ))
        }
    };
    let n = doc.tree.node(id);
    if matches!(n.shape, Shape::Object | Shape::EmptyArray) {
        return Err(format!("{} is not a single value (it holds other nodes)", sanitize(path)));
    }
    let (range, replacement) = match doc.format {
        Format::Xml => xml_edit(source, doc, id, value)?,
        Format::Json => json_edit(source, n.value_start as usize, n.shape, value)?,
    };
    let mut out = String::with_capacity(source.len() + replacement.len());
    out.push_str(&source[..range.start]);
    out.push_str(&replacement);
    out.push_str(&source[range.end..]);
    Ok(out)
}

fn xml_edit(
    source: &str,
    doc: &Document<'_>,
    id: NodeId,
    value: &str,
) -> Result<(std::ops::Range<usize>, String), String> {
    let n = doc.tree.node(id);
    if n.attribute {
        return Err("--set cannot change an XML attribute yet; set an element's text".to_string());
    }
    let escaped = xml_escape(value)?;
    let (start, value_start) = (n.start as usize, n.value_start as usize);
    let tag = &source[start..value_start];
    if tag.ends_with("/>") {
        // `<A/>` becomes `<A>value</A>`.
        let name = &tag[1..].split(|c: char| c.is_whitespace() || c == '/' || c == '>').next().unwrap_or("");
        return Ok((value_start - 2..value_start, format!(">{escaped}</{name}>")));
    }
    Ok((value_start..xml_text_end(source, value_start)?, escaped))
}

/// Where the content of a leaf element ends: at its closing tag, past any CDATA section,
/// comment or processing instruction.
fn xml_text_end(source: &str, from: usize) -> Result<usize, String> {
    let b = source.as_bytes();
    let mut i = from;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &source[i..];
        let skip = |open: &str, close: &str| {
            rest.strip_prefix(open).and_then(|r| r.find(close)).map(|at| open.len() + at + close.len())
        };
        if rest.starts_with("</") {
            return Ok(i);
        } else if let Some(len) = skip("<![CDATA[", "]]>").or_else(|| skip("<!--", "-->")).or_else(|| skip("<?", "?>"))
        {
            i += len;
        } else {
            break;
        }
    }
    Err("the element's closing tag was not found".to_string())
}

/// Text content as XML writes it: `&`, `<` and `>` as entities, CR as a character reference
/// (a literal one would be read back as a line feed).
fn xml_escape(value: &str) -> Result<String, String> {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                return Err(format!("U+{:04X} cannot be written in XML 1.0", c as u32))
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

fn json_edit(source: &str, at: usize, shape: Shape, value: &str) -> Result<(std::ops::Range<usize>, String), String> {
    let b = source.as_bytes();
    let end = if b.get(at) == Some(&b'"') {
        let mut i = at + 1;
        loop {
            match b.get(i) {
                Some(b'\\') => i += 2,
                Some(b'"') => break i + 1,
                Some(_) => i += 1,
                None => return Err("the string's closing quote was not found".to_string()),
            }
        }
    } else {
        at + b[at..]
            .iter()
            .position(|c| matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
            .unwrap_or(b.len() - at)
    };
    // Keep the value's JSON type when the new value can have it; otherwise write a string.
    let raw = match shape {
        Shape::Number => schema::is_json_number(value),
        Shape::Bool => value == "true" || value == "false",
        _ => false,
    };
    let replacement = if raw { value.to_string() } else { serde_json::to_string(value).map_err(|e| e.to_string())? };
    Ok((at..end, replacement))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{decode, Limits};

    fn set(src: &str, path: &str, value: &str) -> Result<String, String> {
        let doc = decode(src, None, &Limits::default()).unwrap();
        set_value(src, &doc, path, value)
    }

    #[test]
    fn xml_text_is_replaced_and_escaped() {
        let src = "<Response>\n  <JobsDetail><State>Success</State><Code/></JobsDetail>\n</Response>\n";
        assert_eq!(
            set(src, "JobsDetail.State", "Failed & <gone>").unwrap(),
            "<Response>\n  <JobsDetail><State>Failed &amp; &lt;gone&gt;</State><Code/></JobsDetail>\n</Response>\n"
        );
        assert_eq!(
            set(src, "Response.JobsDetail.Code", "X").unwrap(),
            "<Response>\n  <JobsDetail><State>Success</State><Code>X</Code></JobsDetail>\n</Response>\n"
        );
        assert_eq!(set("<R><A><![CDATA[a<b]]></A></R>", "A", "c").unwrap(), "<R><A>c</A></R>");
        assert!(set(src, "JobsDetail", "x").unwrap_err().contains("not a single value"));
        assert!(set(src, "JobsDetail.Nope", "x").unwrap_err().contains("not found"));
        assert!(set(src, "JobsDetail.State", "\u{1}").is_err());
    }

    #[test]
    fn json_keeps_types_and_escapes_strings() {
        let src = r#"{"Response": {"EventName": "TaskFinish", "n": 5, "ok": true, "z": null, "a": ["x", "y"]}}"#;
        assert_eq!(
            set(src, "EventName", "a\"b").unwrap(),
            r#"{"Response": {"EventName": "a\"b", "n": 5, "ok": true, "z": null, "a": ["x", "y"]}}"#
        );
        assert!(set(src, "n", "7").unwrap().contains(r#""n": 7,"#));
        assert!(set(src, "n", "seven").unwrap().contains(r#""n": "seven","#));
        assert!(set(src, "ok", "false").unwrap().contains(r#""ok": false,"#));
        assert!(set(src, "z", "").unwrap().contains(r#""z": "","#));
        assert!(set(src, "a[1]", "w").unwrap().contains(r#"["x", "w"]"#));
        assert!(set(src, "a", "w").unwrap_err().contains("matches 2"));
    }

    #[test]
    fn assignments() {
        assert_eq!(parse_assignment("A.B=c=d"), Ok(("A.B", "c=d")));
        assert!(parse_assignment("=x").is_err());
        assert!(parse_assignment("nothing").is_err());
    }
}
