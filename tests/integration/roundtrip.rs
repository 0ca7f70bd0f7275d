//! Every valid sample round-trips both ways; every sample is used by a test.

use crate::support::*;

#[test]
fn every_valid_sample_round_trips() {
    let samples = files(&repo().join("samples"), &["xml", "json"]);
    let valid: Vec<_> = samples.iter().filter(|p| !p.components().any(|c| c.as_os_str() == "invalid")).collect();
    assert!(valid.len() >= 10, "expected the bundled samples, found {}", valid.len());
    for path in valid {
        let bytes = std::fs::read(path).unwrap();
        let name = path.display().to_string();
        assert_xml_round_trip(&name, &bytes);
        if path.extension().is_some_and(|e| e == "json") {
            let [original, direct, round] = json_round_trip(&name, &bytes);
            assert_eq!(original, round, "{name}: JSON → XML → JSON changed the JSON");
            assert_eq!(direct, round, "{name}: JSON → JSON and JSON → XML → JSON differ");
        }
    }
}

#[test]
fn xml_and_json_twins_decode_to_the_same_tree() {
    for (xml, json) in
        [("workflow-finish.xml", "workflow-finish.json"), ("noise-reduction.xml", "noise-reduction.json")]
    {
        let x = std::fs::read(repo().join("samples").join(xml)).unwrap();
        let j = std::fs::read(repo().join("samples").join(json)).unwrap();
        let (dx, dj) = (decode(&x), decode(&j));
        assert_eq!(canon(&dx.tree, dx.tree.root()), canon(&dj.tree, dj.tree.root()), "{xml} vs {json}");
        // And the JSON cicb writes for the XML is the published JSON.
        let ours: serde_json::Value = serde_json::from_slice(&to_json(&dx, &json_options_like(&dj))).unwrap();
        let theirs: serde_json::Value = serde_json::from_slice(&j).unwrap();
        assert_eq!(ours, theirs, "{xml} → JSON differs from {json}");
    }
}

#[test]
fn hostile_text_survives_both_ways() {
    let xml = "<Response><A>  a &lt;b&gt; &amp; \"q\" 'a' ]]&gt; 数据万象 🎬 \t</A><B><![CDATA[<raw> & ]]></B>\
               <C x=\"1 &amp; 2\">t<D/></C><E/><E>2</E></Response>";
    assert_xml_round_trip("hostile", xml.as_bytes());
    let doc = decode(xml.as_bytes());
    let json = String::from_utf8(to_json(&doc, &Default::default())).unwrap();
    assert!(json.contains(r#""A": "  a <b> & \"q\" 'a' ]]> 数据万象 🎬 \t""#), "{json}");
    assert!(json.contains(r#""@x": "1 & 2""#), "{json}");
    assert!(json.contains(r##""#text": "t""##), "{json}");
    assert!(json.contains(r#""E": ["#), "{json}");
    let [original, direct, round] = json_round_trip("hostile", json.as_bytes());
    assert_eq!(original, round);
    assert_eq!(direct, round);
}

/// Where a test really uses a file: the string literals of test code (comments left out), the
/// command lines of trycmd cases (`$ cicb …`), and the `args` of trycmd TOML cases.
fn uses(path: &std::path::Path, text: &str) -> Vec<String> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("rs") => string_literals(text),
        Some("trycmd") => text.lines().filter_map(|l| l.strip_prefix("$ ")).map(str::to_string).collect(),
        Some("toml") => text.lines().filter(|l| l.trim_start().starts_with("args")).map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

/// The contents of the string literals of Rust source (plain and raw; comments and char
/// literals passed over). Enough of Rust's lexical grammar for test code.
fn string_literals(src: &str) -> Vec<String> {
    let b = src.as_bytes();
    let (mut out, mut i) = (Vec::new(), 0);
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => i = src[i..].find('\n').map_or(b.len(), |n| i + n),
            b'/' if b.get(i + 1) == Some(&b'*') => i = src[i + 2..].find("*/").map_or(b.len(), |n| i + 2 + n + 2),
            b'r' if matches!(b.get(i + 1), Some(b'"' | b'#')) && starts_token(b, i) => {
                let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                let open = i + 1 + hashes;
                if b.get(open) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close = format!("\"{}", "#".repeat(hashes));
                let end = src[open + 1..].find(&close).map_or(b.len(), |n| open + 1 + n);
                out.push(src[open + 1..end].to_string());
                i = end + close.len();
            }
            b'"' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                out.push(src[i + 1..j.min(b.len())].to_string());
                i = j + 1;
            }
            // A char literal ('"', '\'', 'x'); a lifetime ('a) has no closing quote after one char.
            b'\'' if b.get(i + 1) == Some(&b'\\') => i = src[i + 2..].find('\'').map_or(b.len(), |n| i + 2 + n + 1),
            b'\'' => {
                let next = src[i + 1..].chars().next().map_or(1, char::len_utf8);
                i += if b.get(i + 1 + next) == Some(&b'\'') { next + 2 } else { 1 };
            }
            _ => i += 1,
        }
    }
    out
}

/// True when `b[i]` starts a token (`r"…"`, or `br"…"` for a byte string).
fn starts_token(b: &[u8], i: usize) -> bool {
    let word = |k: usize| b[k].is_ascii_alphanumeric() || b[k] == b'_';
    match i {
        0 => true,
        1 => b[0] == b'b' || !word(0),
        _ => !word(i - 1) || (b[i - 1] == b'b' && !word(i - 2)),
    }
}

#[test]
fn uses_are_literals_and_command_lines_never_comments() {
    let rs = "// samples/a.xml\n/* samples/b.xml */ let c = '\"'; f(\"samples/c.xml\", br#\"samples/d.json\"#); \
              let e = 'x'; fn g<'a>() {} /// samples/e.xml\n\"esc \\\" samples/f.xml\"";
    let lits = string_literals(rs);
    assert_eq!(lits, ["samples/c.xml", "samples/d.json", "esc \\\" samples/f.xml"]);
    let trycmd = "Uses samples/g.xml in prose.\n\n```\n$ cicb convert samples/h.xml\nsamples/i.xml\n```\n";
    assert_eq!(uses(std::path::Path::new("x.trycmd"), trycmd), ["cicb convert samples/h.xml"]);
}

#[test]
fn every_sample_is_used_by_a_test() {
    let mut used = Vec::new();
    for f in files(&repo().join("tests"), &["rs", "toml", "trycmd"]) {
        used.extend(uses(&f, &std::fs::read_to_string(&f).unwrap()));
    }
    let root = repo().join("samples");
    for path in files(&root, &["xml", "json"]) {
        let rel = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        // Valid samples are all exercised by `every_valid_sample_round_trips`; still, each one also
        // has at least one use of its own: a string literal in test code or a trycmd command line.
        assert!(used.iter().any(|u| u.contains(&rel)), "samples/{rel} is not used by any test under tests/");
    }
}
