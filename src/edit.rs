//! In-place edits (`send --set PATH=VALUE`): replace one value's bytes in the original body, escaped for the
//! body's format, and keep every other byte as it was.
//!
//! The node is found with the one path syntax ([`crate::path`]); the bytes replaced are its
//! value span (`Node::value_start..value_end`).

use std::ops::Range;

use crate::decode::{Document, Format, Shape};
use crate::encode::xml::Quotes;
use crate::lex::is_json_number;
use crate::path::Path;
use crate::sanitize::sanitize;
use crate::tree::{Node, NodeId};

/// The body `doc` was decoded from (`source`, BOM excluded) with the value at `path` set to
/// `value`. The path must name exactly one leaf (text, number, boolean or null) or attribute.
pub fn set_value(source: &str, doc: &Document<'_>, path: &str, value: &str) -> Result<String, String> {
    let parsed = Path::parse(path).map_err(|e| e.to_string())?;
    let ids = parsed.select(&doc.tree).map_err(|e| e.to_string())?;
    let id = match ids.as_slice() {
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
        Format::Json => json_edit(&n, value)?,
    };
    let mut out = String::with_capacity(source.len() + replacement.len());
    out.push_str(&source[..range.start]);
    out.push_str(&replacement);
    out.push_str(&source[range.end..]);
    Ok(out)
}

fn xml_edit(source: &str, doc: &Document<'_>, id: NodeId, value: &str) -> Result<(Range<usize>, String), String> {
    let n = doc.tree.node(id);
    let (start, value_start, value_end, end) =
        (n.start as usize, n.value_start as usize, n.value_end as usize, n.end as usize);
    if n.attribute {
        let quote = source.as_bytes().get(value_end).copied();
        if value_start <= start || !matches!(quote, Some(b'"' | b'\'')) {
            return Err("the attribute's value was not found in the source".to_string());
        }
        // What the reader refuses, the edit refuses.
        if crate::lex::undeclares_prefix(n.name, value) {
            return Err(format!("{} cannot be empty: {}", sanitize(n.name), crate::lex::CANNOT_UNDECLARE));
        }
        return Ok((value_start..value_end, checked_escape(value, true)?));
    }
    let escaped = checked_escape(value, false)?;
    if value_start == value_end && source[start..end].ends_with("/>") {
        // `<A/>` becomes `<A>value</A>`.
        let tag = &source[start + 1..end];
        let name = tag.split(|c: char| c.is_whitespace() || c == '/' || c == '>').next().unwrap_or("");
        return Ok((end - 2..end, format!(">{escaped}</{name}>")));
    }
    Ok((value_start..value_end, escaped))
}

/// `value` escaped for XML text (or an attribute value), or why XML 1.0 cannot carry it.
fn checked_escape(value: &str, attribute: bool) -> Result<String, String> {
    match crate::lex::find_invalid_char(value) {
        Some((_, c)) => Err(format!("U+{:04X} cannot be written in XML 1.0", c as u32)),
        None => Ok(xml_escape(value, attribute)),
    }
}

/// `s` escaped for XML text, or for an attribute value quoted with `"` or `'`: what an in-place
/// edit writes between the source's own tags or quotes (`redact` too).
pub(crate) fn xml_escape(s: &str, attribute: bool) -> String {
    let quotes = if attribute { Quotes::Both } else { Quotes::Text };
    let mut out = Vec::with_capacity(s.len());
    // Writing to a Vec cannot fail; ASCII replaced by ASCII is still UTF-8.
    let _ = crate::encode::xml::escape(&mut out, s, quotes);
    String::from_utf8(out).unwrap_or_default()
}

/// The JSON value replaced whole; a number or boolean stays one when the new value can be one,
/// anything else becomes a string.
fn json_edit(n: &Node<'_>, value: &str) -> Result<(Range<usize>, String), String> {
    let raw = match n.shape {
        Shape::Number => is_json_number(value),
        Shape::Bool => value == "true" || value == "false",
        _ => false,
    };
    let replacement = if raw { value.to_string() } else { serde_json::to_string(value).map_err(|e| e.to_string())? };
    Ok((n.value_start as usize..n.value_end as usize, replacement))
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
        assert_eq!(set("<R><A id='1'>x</A></R>", "A.@id", "a'b").unwrap(), "<R><A id='a&apos;b'>x</A></R>");
        assert!(set(src, "JobsDetail", "x").unwrap_err().contains("not a single value"));
        assert!(set(src, "JobsDetail.Nope", "x").unwrap_err().contains("not found"));
        assert!(set(src, "JobsDetail.State", "\u{1}").is_err());
        // A namespace prefix declaration cannot be emptied (the reader would refuse the body).
        let ns = r#"<R xmlns:n="urn:a" xmlns="urn:b"><n:A/></R>"#;
        assert!(set(ns, "@xmlns:n", "").unwrap_err().contains("cannot undeclare"));
        assert_eq!(set(ns, "@xmlns:n", "urn:c").unwrap(), r#"<R xmlns:n="urn:c" xmlns="urn:b"><n:A/></R>"#);
        assert_eq!(set(ns, "@xmlns", "").unwrap(), r#"<R xmlns:n="urn:a" xmlns=""><n:A/></R>"#);
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
}
