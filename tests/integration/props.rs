//! Property tests: arbitrary trees survive both round trips; arbitrary bytes never panic.

use proptest::prelude::*;
use serde_json::Value;

use cicb::decode::{decode_bytes, Format, Limits};
use cicb::encode::json::{self, JsonOptions};
use cicb::encode::xml::{self, XmlOptions};

use crate::support::*;

/// Text XML 1.0 can carry: markup characters, `]]>`, quotes, CJK, emoji, tab/LF/CR, spaces.
fn text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("<".to_string()),
        Just(">".to_string()),
        Just("&".to_string()),
        Just("]]>".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("&amp;".to_string()),
        Just(" ".to_string()),
        Just("\t".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("数据万象".to_string()),
        Just("🎬".to_string()),
        Just("\u{202e}".to_string()),
        "[a-zA-Z0-9./:_-]{1,8}",
    ];
    prop::collection::vec(pieces, 0..6).prop_map(|v| v.concat())
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Key".to_string()),
        Just("Value".to_string()),
        Just("ObjectName".to_string()),
        Just("CosHeaders".to_string()),
        Just("MediaResult".to_string()),
        Just("数据".to_string()),
        "[A-Z][a-z]{0,3}",
        "[a-z][a-z0-9_.-]{0,4}",
    ]
}

#[derive(Debug, Clone)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    body: Body,
}

#[derive(Debug, Clone)]
enum Body {
    Text(String),
    Children(Vec<El>),
}

fn element() -> impl Strategy<Value = El> {
    let leaf = (name(), prop::collection::vec((name(), text()), 0..2), text()).prop_map(|(name, attrs, t)| El {
        name,
        attrs: dedup(attrs),
        body: Body::Text(t),
    });
    leaf.prop_recursive(4, 48, 6, |inner| {
        (name(), prop::collection::vec((name(), text()), 0..2), prop::collection::vec(inner, 1..6))
            .prop_map(|(name, attrs, kids)| El { name, attrs: dedup(attrs), body: Body::Children(kids) })
    })
}

/// Few names, so that an element often shares its name with its parent, its siblings and the
/// root: `<sp><sp/><sp><sp>\t</sp></sp></sp>`.
fn few_names() -> impl Strategy<Value = String> {
    prop_oneof![3 => Just("sp".to_string()), 2 => Just("a".to_string()), 1 => Just("Response".to_string())]
}

fn colliding_element() -> impl Strategy<Value = El> {
    let attrs = || prop::collection::vec((few_names(), text()), 0..2);
    let leaf = (few_names(), attrs(), text()).prop_map(|(name, attrs, t)| El {
        name,
        attrs: dedup(attrs),
        body: Body::Text(t),
    });
    leaf.prop_recursive(4, 24, 4, move |inner| {
        (few_names(), attrs(), prop::collection::vec(inner, 0..4)).prop_map(|(name, attrs, kids)| El {
            name,
            attrs: dedup(attrs),
            body: Body::Children(kids),
        })
    })
}

fn dedup(mut attrs: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut seen = std::collections::HashSet::new();
    attrs.retain(|(k, _)| seen.insert(k.clone()));
    attrs
}

/// The test's own XML writer, independent of cicb's.
fn esc(s: &str, attr: bool) -> String {
    let mut o = String::new();
    for c in s.chars() {
        match c {
            '<' => o.push_str("&lt;"),
            '&' => o.push_str("&amp;"),
            '>' => o.push_str("&gt;"),
            '"' if attr => o.push_str("&quot;"),
            '\t' | '\n' | '\r' if attr => o.push_str(&format!("&#{};", c as u32)),
            c => o.push(c),
        }
    }
    o
}

fn write(el: &El, out: &mut String) {
    out.push('<');
    out.push_str(&el.name);
    for (k, v) in &el.attrs {
        out.push_str(&format!(" {k}=\"{}\"", esc(v, true)));
    }
    out.push('>');
    match &el.body {
        Body::Text(t) => out.push_str(&esc(t, false)),
        Body::Children(kids) => {
            for k in kids {
                out.push_str("\n  ");
                write(k, out);
            }
            out.push('\n');
        }
    }
    out.push_str(&format!("</{}>", el.name));
}

/// The canonical form of the generated element (what decoding it must give). Text is written
/// with raw line ends, which XML 1.0 §2.11 reads as LF (attribute values are written with
/// character references, which stay as they are).
fn expected(el: &El) -> Canon {
    let attrs = el.attrs.iter().map(|(k, v)| (format!("@{k}"), vec![Canon::Leaf(format!("@{k}"), v.clone())]));
    let lf = |t: &str| t.replace("\r\n", "\n").replace('\r', "\n");
    match &el.body {
        Body::Text(t) if el.attrs.is_empty() => Canon::Leaf(el.name.clone(), lf(t)),
        Body::Text(t) => Canon::Node(el.name.clone(), lf(t), attrs.collect()),
        Body::Children(kids) => {
            let mut groups: Vec<(String, Vec<Canon>)> = attrs.collect();
            for k in kids {
                match groups.iter_mut().find(|g| g.0 == k.name) {
                    Some(g) => g.1.push(expected(k)),
                    None => groups.push((k.name.clone(), vec![expected(k)])),
                }
            }
            Canon::Node(el.name.clone(), String::new(), groups)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn xml_trees_survive_xml_json_xml(root in element()) {
        let root = El { name: "Response".into(), ..root };
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        write(&root, &mut xml);
        let doc = decode(xml.as_bytes());
        prop_assert_eq!(canon(&doc.tree, doc.tree.root()), expected(&root));
        assert_xml_round_trip("generated", xml.as_bytes());
        // And JSON → XML → JSON from the JSON cicb wrote is exact.
        let json = to_json(&doc, &JsonOptions::default());
        let [original, direct, round] = json_round_trip("generated", &json);
        prop_assert_eq!(&original, &round);
        prop_assert_eq!(&direct, &round);
    }

    /// `send --set` on any leaf of a body (XML as written with formatting whitespace, or cicb's
    /// JSON of it) changes that leaf only, whatever names and whitespace-only text sit beside it.
    #[test]
    fn set_changes_only_its_leaf_whatever_the_names(root in colliding_element(), value in text(), json in any::<bool>()) {
        let mut xml = String::new();
        write(&root, &mut xml);
        let body = if json { to_json(&decode(xml.as_bytes()), &JsonOptions::default()) } else { xml.into_bytes() };
        let count = crate::send::leaves(&decode(&body)).len();
        for pick in 0..count {
            crate::send::set_changes_only_its_leaf("generated", &body, pick, &value);
        }
    }

    #[test]
    fn json_trees_survive_json_xml_json(value in json_object(3)) {
        let text = serde_json::to_string_pretty(&value).unwrap();
        let [original, direct, round] = json_round_trip("generated", text.as_bytes());
        prop_assert_eq!(&original, &round);
        prop_assert_eq!(&direct, &round);
    }

    #[test]
    fn control_characters_are_kept_in_json_and_refused_by_xml(c in 1u32..0x20, s in "[a-z]{0,4}") {
        let c = char::from_u32(c).unwrap();
        let value = serde_json::json!({ "A": format!("{s}{c}{s}") });
        let text = value.to_string();
        let doc = decode(text.as_bytes());
        let back: Value = serde_json::from_slice(&to_json(&doc, &JsonOptions::default())).unwrap();
        prop_assert_eq!(&back, &value);
        let mut out = Vec::new();
        let xml = xml::write(&doc.tree, &XmlOptions::default(), &mut out);
        if matches!(c, '\t' | '\n' | '\r') {
            prop_assert!(xml.is_ok());
        } else {
            prop_assert!(xml.is_err());
            prop_assert!(out.is_empty(), "nothing is written when the tree cannot be XML");
        }
    }

    #[test]
    fn hostile_values_never_reach_the_terminal(
        which in 0usize..8,
        values in prop::collection::vec(hostile_text(), 64),
    ) {
        // A real body whose every string is replaced by hostile text, in turn.
        let samples = files(&repo().join("samples"), &["json", "xml"]);
        let bytes = std::fs::read(&samples[which % samples.len()]).unwrap();
        let Ok(doc) = decode_bytes(&bytes, None, &Limits::default()) else { return Ok(()) };
        let json = to_json(&doc, &JsonOptions::default());
        let mut value: Value = serde_json::from_slice(&json).unwrap();
        let mut i = 0;
        replace_strings(&mut value, &values, &mut i);
        let text = value.to_string();
        summarize(&decode(text.as_bytes()));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        exercise(&bytes);
    }

    #[test]
    fn mutated_samples_never_panic(index in 0usize..64, cut in 0usize..4096, byte in any::<u8>(), at in 0usize..4096) {
        let samples = files(&repo().join("samples"), &["xml", "json"]);
        let mut bytes = std::fs::read(&samples[index % samples.len()]).unwrap();
        if !bytes.is_empty() {
            let at = at % bytes.len();
            bytes[at] = byte;
            bytes.truncate(cut.max(at + 1).min(bytes.len()));
        }
        exercise(&bytes);
    }
}

/// Every library entry point on arbitrary input: errors are fine, panics are not.
fn exercise(bytes: &[u8]) {
    for format in [None, Some(Format::Xml), Some(Format::Json)] {
        let Ok(doc) = decode_bytes(bytes, format, &Limits::default()) else { continue };
        let model = doc.model();
        let _ = model.failed();
        let mut out = Vec::new();
        json::write(&doc.tree, &JsonOptions { omit_empty: true, compact: true, ..Default::default() }, &mut out)
            .unwrap();
        out.clear();
        let _ = xml::write(&doc.tree, &XmlOptions::default(), &mut out);
        for path in [
            "JobsDetail.State",
            "Response.WorkflowExecution.Tasks[1]",
            "a.b[0].@c",
            "[",
            "x[99999999999999999999]",
            "x[-1]",
            ".a[*]",
        ] {
            let _ = cicb::path::Path::parse(path).and_then(|p| p.select(&doc.tree));
        }
    }
}

/// Every summarize view of a decoded body: human (plain and Markdown), JSON. A human view never
/// carries a raw control or bidi character.
pub fn summarize(doc: &cicb::decode::Document<'_>) {
    use cicb::render::summary::{Human, Markdown};
    use cicb::summary::Summary;
    let Some(summary) = Summary::new("fuzz", doc) else { return };
    let style = cicb::render::Style { color: false };
    // Markdown, then the human view piped, then on terminals of 80 and 24 columns (blocks).
    for view in 0..4 {
        let mut out = Vec::new();
        match view {
            0 => Markdown { url: true }.write(&summary, &mut out).unwrap(),
            1 => Human { url: true, width: None, style }.write(&summary, &mut out).unwrap(),
            2 => Human { url: true, width: Some(80), style }.write(&summary, &mut out).unwrap(),
            _ => Human { url: true, width: Some(24), style }.write(&summary, &mut out).unwrap(),
        }
        let text = String::from_utf8(out).unwrap();
        assert!(
            !text.chars().any(|c| cicb::render::sanitize::is_unsafe(c) && c != '\n'),
            "unsafe character in {text:?}"
        );
    }
    let mut out = Vec::new();
    cicb::render::json::to_writer(&mut out, &summary, false).unwrap();
    serde_json::from_slice::<Value>(&out).unwrap();
}

/// Text with escape sequences, C0/C1 controls and bidi overrides mixed into ordinary words.
fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("\u{1b}[2J".to_string()),
        Just("\u{1b}]0;title\u{7}".to_string()),
        Just("\u{9b}31m".to_string()),
        Just("\u{202e}".to_string()),
        Just("\u{2066}".to_string()),
        Just("\r".to_string()),
        Just("\n".to_string()),
        Just("\u{0}".to_string()),
        Just("\u{7f}".to_string()),
        Just("Failed".to_string()),
        Just("2022-06-30T15:29:42+0800".to_string()),
        "[a-z0-9/.]{1,6}",
    ];
    prop::collection::vec(pieces, 0..4).prop_map(|v| v.concat())
}

fn replace_strings(v: &mut Value, values: &[String], i: &mut usize) {
    match v {
        Value::String(s) => {
            *s = values[*i % values.len()].clone();
            *i += 1;
        }
        Value::Array(items) => items.iter_mut().for_each(|x| replace_strings(x, values, i)),
        Value::Object(map) => {
            map.iter_mut().filter(|(k, _)| *k != "EventName").for_each(|(_, x)| replace_strings(x, values, i))
        }
        _ => {}
    }
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![4 => name(), 1 => Just("@attr".to_string())]
}

/// JSON objects cicb maps both ways exactly: strings, objects, arrays of two or more items.
fn json_object(depth: u32) -> BoxedStrategy<Value> {
    let leaf = prop_oneof![text().prop_map(Value::String), "[a-z]{1,5}".prop_map(Value::String)];
    let value = if depth == 0 {
        leaf.boxed()
    } else {
        let inner = json_object(depth - 1);
        prop_oneof![
            3 => leaf.clone(),
            1 => inner.clone(),
            1 => prop::collection::vec(prop_oneof![leaf, inner], 2..4).prop_map(Value::Array),
        ]
        .boxed()
    };
    prop::collection::vec((key(), value), 1..5)
        .prop_map(|pairs| {
            let mut map = serde_json::Map::new();
            for (k, v) in pairs {
                // Attributes hold strings.
                let v = match (k.starts_with('@'), v) {
                    (true, Value::String(s)) => Value::String(s),
                    (true, _) => Value::String("x".into()),
                    (false, v) => v,
                };
                map.insert(k, v);
            }
            Value::Object(map)
        })
        .boxed()
}
