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

#[test]
fn every_sample_is_used_by_a_test() {
    let mut text = String::new();
    for f in files(&repo().join("tests"), &["rs", "toml", "trycmd", "md"]) {
        text.push_str(&std::fs::read_to_string(f).unwrap());
    }
    let root = repo().join("samples");
    for path in files(&root, &["xml", "json"]) {
        let rel = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        let named = text.contains(&rel);
        // Valid samples are all exercised by `every_valid_sample_round_trips`; still, each one also
        // has at least one CLI case of its own.
        assert!(named, "samples/{rel} is not used by any test under tests/");
    }
}
