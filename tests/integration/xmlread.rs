//! XML as the specification reads it: end-of-line and attribute-value normalization (XML 1.0
//! §2.11, §3.3.3) and namespace well-formedness, through the library and through `convert`.

use cicb::decode::{decode_bytes, ErrorKind, Limits};

use crate::support::*;

/// `convert` of `input` from stdin: (exit code, stdout, stderr).
fn convert(args: &[&str], input: &str) -> (Option<i32>, String, String) {
    let out = run_stdin(&[&["convert"][..], args].concat(), input.as_bytes());
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code(), text(out.stdout), text(out.stderr))
}

/// XML → JSON (compact) → XML (compact), both through the binary.
fn there_and_back(xml: &str) -> (String, String) {
    let (code, json, err) = convert(&["--compact"], xml);
    assert_eq!(code, Some(0), "{xml:?}: {err}");
    let (code, back, err) = convert(&["--compact"], &json);
    assert_eq!(code, Some(0), "{json}: {err}");
    let back = back.strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n").unwrap().to_string();
    (json.trim_end().to_string(), back.trim_end().to_string())
}

#[test]
fn line_ends_read_as_lf_and_character_references_stay() {
    for (xml, json, back) in [
        // CR LF and a lone CR are LF, in text and in CDATA, as ElementTree, Go and libxml2 read them.
        (
            "<Response><UserData>line1\r\nline2</UserData></Response>",
            r#"{"UserData":"line1\nline2"}"#,
            "<Response><UserData>line1\nline2</UserData></Response>",
        ),
        (
            "<Response><UserData>a\rb\r\r\nc</UserData></Response>",
            r#"{"UserData":"a\nb\n\nc"}"#,
            "<Response><UserData>a\nb\n\nc</UserData></Response>",
        ),
        (
            "<Response><UserData><![CDATA[x\r\ny]]>\r\n</UserData></Response>",
            r#"{"UserData":"x\ny\n"}"#,
            "<Response><UserData>x\ny\n</UserData></Response>",
        ),
        // A character reference names a CR: it stays one, and is written back as a reference.
        (
            "<Response><UserData>a&#13;\nb&#xD;</UserData></Response>",
            r#"{"UserData":"a\r\nb\r"}"#,
            "<Response><UserData>a&#13;\nb&#13;</UserData></Response>",
        ),
        // Between elements a CR LF is layout, as before.
        ("<Response>\r\n  <A>1</A>\r\n</Response>\r\n", r#"{"A":"1"}"#, "<Response><A>1</A></Response>"),
        // The reader reads a first piece's CRs late (when its text is kept): a CR that ends one
        // piece and an LF that starts the next were not a pair, a reference after a CR still
        // names a CR, and text beside children keeps its line ends.
        (
            "<Response><UserData>x\r<![CDATA[\ny]]></UserData></Response>",
            r#"{"UserData":"x\n\ny"}"#,
            "<Response><UserData>x\n\ny</UserData></Response>",
        ),
        (
            "<Response><UserData>a\r\n&#13;b\r</UserData></Response>",
            r#"{"UserData":"a\n\rb\n"}"#,
            "<Response><UserData>a\n&#13;b\n</UserData></Response>",
        ),
        (
            "<Response><A>x\r\n<B>1</B>\r\ny\r\n</A></Response>",
            r##"{"A":{"#text":"x\n\ny","B":"1"}}"##,
            "<Response><A>x\n\ny<B>1</B></A></Response>",
        ),
        (
            "<Response><A>\r\n <B/>\r\n&#13;<C/>\r</A></Response>",
            r#"{"A":{"B":"","C":""}}"#,
            "<Response><A><B/><C/></A></Response>",
        ),
    ] {
        assert_eq!(there_and_back(xml), (json.to_string(), back.to_string()), "{xml:?}");
    }
}

#[test]
fn attribute_values_read_tab_cr_lf_as_spaces() {
    for (xml, json, back) in [
        (
            "<Response><A x=\"a\tb\r\nc\rd\ne\"/></Response>",
            r#"{"A":{"@x":"a b c d e"}}"#,
            "<Response><A x=\"a b c d e\"/></Response>",
        ),
        // References name what they name, and are written back as references.
        (
            "<Response><A x=\"a&#9;b&#10;c&#13;d &amp;\"/></Response>",
            r#"{"A":{"@x":"a\tb\nc\rd &"}}"#,
            "<Response><A x=\"a&#9;b&#10;c&#13;d &amp;\"/></Response>",
        ),
    ] {
        assert_eq!(there_and_back(xml), (json.to_string(), back.to_string()), "{xml:?}");
    }
}

#[test]
fn value_spans_point_at_the_source_as_written() {
    let src = "<Response><A x=\"1\r\n2\">l1\r\nl2</A><B>no cr</B></Response>";
    let doc = decode(src.as_bytes());
    let tree = &doc.tree;
    let a = tree.child(tree.root(), "A").unwrap();
    let x = tree.children(a).find(|&c| tree.node(c).attribute).unwrap();
    let b = tree.child(tree.root(), "B").unwrap();
    let span = |id| {
        let n = tree.node(id);
        &src[n.value_start as usize..n.value_end as usize]
    };
    assert_eq!((span(a), tree.node(a).text), ("l1\r\nl2", "l1\nl2"));
    assert_eq!((span(x), tree.node(x).text), ("1\r\n2", "1 2"));
    assert_eq!((span(b), tree.node(b).text), ("no cr", "no cr"));
    // Text with no CR is still a span of the source, not a copy.
    let range = src.as_bytes().as_ptr_range();
    assert!(range.contains(&tree.node(b).text.as_ptr()), "text without CR was copied");
}

/// Decodes `xml`; it must fail with a syntax error at `line:column` whose message holds `needle`.
fn refused(xml: &str, line: usize, column: usize, needle: &str) {
    let e = decode_bytes(xml.as_bytes(), None, &Limits::default()).expect_err(xml);
    assert_eq!((e.kind(), e.line(), e.column()), (ErrorKind::Syntax, line, column), "{xml}: {e}");
    assert!(e.message().contains(needle), "{xml}: {e}");
}

#[test]
fn undeclared_namespace_prefixes_are_refused() {
    refused("<Response><x:EventName>TaskFinish</x:EventName></Response>", 1, 12, "prefix `x`");
    refused("<Response>\n  <A y:id=\"1\"/>\n</Response>", 2, 6, "prefix `y`");
    // A declaration holds for its element and what is inside it, no further.
    refused("<Response><A xmlns:x=\"urn:x\"><x:B/></A><x:C/></Response>", 1, 41, "prefix `x`");
    refused("<Response><A xmlns:x=\"urn:x\"/><B x:id=\"1\"/></Response>", 1, 34, "prefix `x`");
    // A prefix declared again inside stays bound once the inner declaration ends; thousands of
    // declarations end with their elements, at whatever depth.
    let again = "<Response><A xmlns:x=\"u\"><B xmlns:x=\"v\"/><x:C/></A><x:D/></Response>";
    refused(again, 1, again.find("<x:D").unwrap() + 2, "prefix `x`");
    let many: String = (0..5000).map(|i| format!(" xmlns:p{i}=\"u{i}\"")).collect();
    let deep = format!("<Response><A{many}><p0:B/><p4999:B/></A><C xmlns:p9=\"w\"><p9:D/></C><p0:E/></Response>");
    let at = deep.find("<p0:E").unwrap() + 2;
    refused(&deep, 1, at, "prefix `p0`");
    refused("<Response><a:b:c/></Response>", 1, 12, "not namespace-well-formed");
    refused("<Response><xmlns:A/></Response>", 1, 12, "reserved");
    refused("<Response xmlns:x=\"\"/>", 1, 11, "cannot undeclare");
    // The usual diagnostic: file, line:column, caret under the name.
    let (code, out, err) = convert(&[], "<Response>\n  <x:EventName>TaskFinish</x:EventName>\n</Response>");
    assert_eq!((code, out.as_str()), (Some(1), ""));
    assert_eq!(
        err,
        "cicb: error: `x:EventName` uses the namespace prefix `x`, but no xmlns:x declaration is in scope\n \
         --> <stdin>:2:4\n  |\n2 |   <x:EventName>TaskFinish</x:EventName>\n  |    ^^^^^^^^^^^\n"
    );
}

#[test]
fn a_tag_holds_each_attribute_once_however_many_it_has() {
    let attrs: String = (0..50_000).map(|i| format!(" a{i}=\"{i}\"")).collect();
    let body = format!("<Response{attrs}/>");
    let doc = decode(body.as_bytes());
    assert_eq!(doc.tree.children(doc.tree.root()).count(), 50_000);
    let twice = format!("<Response{attrs} a7=\"again\"/>");
    let e = decode_bytes(twice.as_bytes(), None, &Limits::default()).unwrap_err();
    assert_eq!((e.kind(), e.message()), (ErrorKind::DuplicateKey, "duplicate attribute `a7` in <Response>"));
    assert_eq!(e.column(), twice.rfind(" a7=").unwrap() + 2);
    // The same local name under two prefixes is two attributes.
    decode(b"<Response xmlns:p=\"u\" a=\"1\" p:a=\"2\"/>");
}

#[test]
fn declared_prefixes_round_trip() {
    for xml in [
        "<Response xmlns:x=\"urn:x\"><x:EventName>TaskFinish</x:EventName><A x:id=\"1\"/></Response>",
        "<Response><A xmlns:x=\"urn:x\" x:id=\"1\"><x:B>2</x:B></A><C xml:lang=\"zh\"/></Response>",
        "<Response xmlns=\"urn:default\" xmlns:x=\"urn:x\"><x:A/></Response>",
    ] {
        assert_xml_round_trip(xml, xml.as_bytes());
        let (json, back) = there_and_back(xml);
        assert_eq!(there_and_back(&back), (json, back.clone()), "{xml}");
    }
}

#[test]
fn json_keys_with_undeclared_prefixes_are_not_written_as_xml() {
    let (code, out, err) = convert(&["--to", "xml"], r#"{"EventName":"TaskFinish","JobsDetail":{"a:b":"1"}}"#);
    assert_eq!((code, out.as_str()), (Some(1), ""), "{err}");
    assert!(
        err.starts_with(
            "cicb: error: key \"a:b\" at Response.JobsDetail.a:b cannot be written as XML: `a:b` uses the \
             namespace prefix `a`, but no xmlns:a declaration is in scope\n --> <stdin>:1:41\n"
        ),
        "{err}"
    );
    for (json, needle) in [
        (r#"{"A":{"@y:id":"1"}}"#, "prefix `y`"),
        (r#"{"A":{"@xmlns:y":"u"},"y:B":"1"}"#, "prefix `y`"),
        (r#"{"a:b:c":"1"}"#, "not namespace-well-formed"),
        (r#"{"A":{"@xmlns:y":""}}"#, "cannot undeclare"),
    ] {
        let (code, _, err) = convert(&["--to", "xml"], json);
        assert_eq!(code, Some(1), "{json}: {err}");
        assert!(err.contains(needle), "{json}: {err}");
    }
    // With the declaration in the JSON, the key is written, and reads back.
    let json = r#"{"@xmlns:a":"urn:a","JobsDetail":{"a:b":"1"}}"#;
    let (code, xml, err) = convert(&["--to", "xml", "--compact"], json);
    assert_eq!(code, Some(0), "{err}");
    assert!(xml.contains("<Response xmlns:a=\"urn:a\"><JobsDetail><a:b>1</a:b></JobsDetail></Response>"), "{xml}");
    let (code, again, err) = convert(&["--compact"], &xml);
    assert_eq!((code, again.trim_end()), (Some(0), json), "{err}");
}

/// Found by fuzzing decode_xml: `&#12;` in an attribute value was accepted, and the tree then had
/// no XML form. A reference must name a character XML allows, in attributes as in text; and `<`
/// is not allowed in an attribute value at all.
#[test]
fn attribute_values_hold_only_what_xml_allows() {
    for (xml, kind, column, needle) in [
        ("<Response a=\"x&#12;\"/>", ErrorKind::InvalidChar, 1, "names U+000C"),
        ("<Response><A a=\"&#x1;\"/></Response>", ErrorKind::InvalidChar, 11, "names U+0001"),
        ("<Response a=\"x<y\"/>", ErrorKind::Syntax, 15, "`<` in the value of attribute `a`"),
    ] {
        let e = decode_bytes(xml.as_bytes(), None, &Limits::default()).expect_err(xml);
        assert_eq!((e.kind(), e.line(), e.column()), (kind, 1, column), "{xml}: {e}");
        assert!(e.message().contains(needle), "{xml}: {e}");
    }
    let (json, back) = there_and_back("<Response a=\"x&lt;y&#9;&#x10FFFF;\"/>");
    assert_eq!(
        (json.as_str(), back.as_str()),
        ("{\"@a\":\"x<y\\t\u{10FFFF}\"}", "<Response a=\"x&lt;y&#9;\u{10FFFF}\"/>")
    );
}
