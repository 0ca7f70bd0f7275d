//! `cicb send` against a `cicb listen` on loopback: files, folders, --set, headers, exit codes,
//! and the load generator.

use crate::net::{captures, cicb, Listener};
use crate::support::repo;

fn sample(name: &str) -> String {
    repo().join("samples").join(name).display().to_string()
}

#[test]
fn send_files_and_folders_in_path_order_with_headers_by_content() {
    let l = Listener::start(&[]);
    let folder = sample("fixtures");
    let audit = sample("audit-image-detail.json");
    let (code, out, err) = cicb(&["send", &l.url("/cb"), &sample("legacy-job.xml"), &folder, &audit]);
    assert_eq!(code, Some(0), "{err}");
    let lines: Vec<&str> = out.lines().collect();
    // legacy-job.xml, the five fixtures under samples/fixtures (not skipped.txt), the audit body.
    assert_eq!(lines.len(), 7, "{out}");
    assert!(lines.iter().all(|l| l.starts_with("200 ")), "{out}");
    assert!(lines[1].ends_with("ok") && lines[1].contains("fixtures/jobs/picprocess-extra-node.xml"), "{out}");
    assert!(lines[5].contains("fixtures/workflows/run-misspelt-event.xml"), "{out}");
    let files = captures(l.dir.path());
    assert_eq!(files.len(), 7);
    let sent = [
        sample("legacy-job.xml"),
        sample("fixtures/jobs/picprocess-extra-node.xml"),
        sample("fixtures/jobs/transcode-failed.json"),
        sample("fixtures/jobs/transcode-finish.xml"),
        sample("fixtures/workflows/run-finish.json"),
        sample("fixtures/workflows/run-misspelt-event.xml"),
        audit.clone(),
    ];
    for (got, want) in files.iter().zip(&sent) {
        assert_eq!(std::fs::read(got).unwrap(), std::fs::read(want).unwrap(), "{want}");
    }
    let index = l.index();
    assert_eq!(index[0]["headers"]["content-type"], "application/xml");
    assert_eq!(index[2]["headers"]["content-type"], "application/json");
    assert_eq!(index[0]["headers"]["x-ci-content-version"], serde_json::Value::Null);
    assert_eq!(index[6]["headers"]["x-ci-content-version"], "Detail");
    assert_eq!(index[6]["content_version"], "Detail");
}

#[test]
fn send_set_edits_one_value_and_keeps_the_rest() {
    let l = Listener::start(&[]);
    let path = sample("noise-reduction.xml");
    let (code, _, err) = cicb(&[
        "send",
        &l.url("/"),
        &path,
        "--set",
        "JobsDetail.State=Failed & <gone>",
        "--header",
        "X-Test: yes",
        "--header",
        "Content-Type: text/plain",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let original = std::fs::read_to_string(&path).unwrap();
    assert_eq!(original.matches("<State>Success</State>").count(), 1);
    let expected = original.replace("<State>Success</State>", "<State>Failed &amp; &lt;gone&gt;</State>");
    let got = std::fs::read_to_string(&captures(l.dir.path())[0]).unwrap();
    assert_eq!(got, expected);
    let index = l.index();
    assert_eq!(index[0]["headers"]["x-test"], "yes");
    assert_eq!(index[0]["headers"]["content-type"], "text/plain");

    let json = sample("noise-reduction.json");
    let (code, _, err) = cicb(&["send", &l.url("/"), &json, "--set", "JobsDetail.Code=E\"1"]);
    assert_eq!(code, Some(0), "{err}");
    let got = std::fs::read_to_string(&captures(l.dir.path())[1]).unwrap();
    let v: serde_json::Value = serde_json::from_str(&got).unwrap();
    let code_value = v
        .pointer("/JobsDetail/0/Code")
        .or_else(|| v.pointer("/JobsDetail/Code"))
        .or_else(|| v.pointer("/Response/JobsDetail/Code"));
    assert_eq!(code_value.and_then(|c| c.as_str()), Some("E\"1"), "{got}");

    let (code, _, err) = cicb(&["send", &l.url("/"), &path, "--set", "JobsDetail.Nope=1"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("path not found"), "{err}");
}

#[test]
fn send_exit_codes() {
    let failing = Listener::start(&["--status", "503"]);
    let (code, out, _) = cicb(&["send", &failing.url("/"), &sample("legacy-job.xml")]);
    assert_eq!(code, Some(1));
    assert!(out.starts_with("503 "), "{out}");

    let (code, _, err) = cicb(&["send", "http://127.0.0.1:1/", &sample("legacy-job.xml")]);
    assert_eq!(code, Some(2));
    assert!(err.contains("connection refused"), "{err}");

    let (code, _, err) = cicb(&["send", "not a url", &sample("legacy-job.xml")]);
    assert_eq!(code, Some(2));
    assert!(err.contains("invalid URL"), "{err}");

    let (code, _, err) = cicb(&["send", &failing.url("/"), "no-such-file.xml"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("failed to read no-such-file.xml"), "{err}");
}

#[test]
fn send_repeat_and_concurrency_report_totals() {
    let l = Listener::start(&["--format", "json"]);
    let (code, out, err) = cicb(&[
        "send",
        &l.url("/"),
        &sample("legacy-job.xml"),
        "--repeat",
        "20",
        "--concurrency",
        "4",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let totals: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(totals["requests"], 20);
    assert_eq!(totals["ok"], 20);
    assert!(totals["p99_ms"].as_f64().unwrap() >= totals["p50_ms"].as_f64().unwrap());
    assert_eq!(captures(l.dir.path()).len(), 20);
}

/// Every leaf and attribute of a decoded body: its id, its indexed path and its text.
pub(crate) fn leaves(doc: &cicb::decode::Document<'_>) -> Vec<(cicb::tree::NodeId, String, String)> {
    use cicb::decode::Shape;
    let tree = &doc.tree;
    tree.descendants(tree.root())
        .filter(|&id| !matches!(tree.node(id).shape, Shape::Object | Shape::EmptyArray))
        .map(|id| (id, cicb::path::indexed_path(tree, id), tree.node(id).text.to_string()))
        .collect()
}

/// True when the path syntax can write every name from the root to `id` (no name is empty or
/// holds a `.`, `[` or `]`, no element name starts with `@`), as the `send_set` fuzz target asks.
fn writable(tree: &cicb::tree::Tree<'_>, id: cicb::tree::NodeId) -> bool {
    let mut cur = Some(id);
    while let Some(c) = cur {
        let name = tree.name(c);
        if name.is_empty() || name.contains(['.', '[', ']']) || (name.starts_with('@') && !tree.is_attribute(c)) {
            return false;
        }
        cur = tree.parent(c);
    }
    true
}

/// The invariant of the `send_set` fuzz target: the indexed path of the `pick`-th leaf selects
/// that leaf; after `send --set PATH=value` the body decodes, the path reads back as `value`,
/// and every other leaf has its path and text. Returns whether the edit was made (set_value may
/// refuse a value XML cannot carry).
pub(crate) fn set_changes_only_its_leaf(what: &str, body: &[u8], pick: usize, value: &str) -> bool {
    use cicb::decode::{decode_bytes, Limits};
    use cicb::path::Path;

    let limits = Limits::default();
    let doc = decode_bytes(body, None, &limits).unwrap_or_else(|e| panic!("{what}: {e}"));
    let before = leaves(&doc);
    let (id, path, _) = &before[pick];
    assert!(writable(&doc.tree, *id), "{what}: {path} cannot be written as a path");
    let parsed = Path::parse(path).unwrap();
    assert_eq!(parsed.select(&doc.tree).ok(), Some(vec![*id]), "{what}: {path} does not select its own leaf");
    let Ok(edited) = cicb::edit::set_value(doc.source, &doc, path, value) else { return false };
    let after_doc =
        decode_bytes(edited.as_bytes(), None, &limits).unwrap_or_else(|e| panic!("{what}: {path}={value:?}: {e}"));
    let ids = parsed.select(&after_doc.tree).unwrap();
    assert_eq!(ids.len(), 1, "{what}: {path}");
    assert_eq!(after_doc.tree.node(ids[0]).text, value, "{what}: {path}");
    let after = leaves(&after_doc);
    assert_eq!(after.len(), before.len(), "{what}: {path}={value:?} changed the number of leaves");
    for (i, (b, a)) in before.iter().zip(&after).enumerate() {
        if i != pick {
            assert_eq!((&a.1, &a.2), (&b.1, &b.2), "{what}: setting {path} to {value:?} changed {}", b.1);
        }
    }
    true
}

/// The `send_set` fuzz target's input, run as the target runs it: two bytes that pick a leaf,
/// one for the value's length, the value, the body. Returns whether an edit was checked.
pub(crate) fn send_set_input(what: &str, data: &[u8]) -> bool {
    let Some((head, rest)) = data.split_first_chunk::<3>() else { return false };
    let len = usize::from(head[2] % 32).min(rest.len());
    let (value, body) = rest.split_at(len);
    let value = String::from_utf8_lossy(value);
    let Ok(doc) = cicb::decode::decode_bytes(body, None, &cicb::decode::Limits::default()) else { return false };
    let before = leaves(&doc);
    if before.is_empty() {
        return false;
    }
    let pick = usize::from(u16::from_le_bytes([head[0], head[1]])) % before.len();
    set_changes_only_its_leaf(what, body, pick, &value)
}

/// The invariant the `send_set` fuzz target checks, on every leaf of every valid sample.
#[test]
fn set_value_changes_only_its_leaf_on_every_sample() {
    let mut edits = 0;
    for file in crate::support::files(&repo().join("samples"), &["xml", "json"]) {
        if file.components().any(|c| c.as_os_str() == "invalid") {
            continue;
        }
        let bytes = std::fs::read(&file).unwrap();
        let Ok(doc) = cicb::decode::decode_bytes(&bytes, None, &cicb::decode::Limits::default()) else { continue };
        let count = leaves(&doc).len();
        let what = file.display().to_string();
        for pick in 0..count {
            for value in ["", "x<&>\"' é\r\n", "42", "true"] {
                edits += usize::from(set_changes_only_its_leaf(&what, &bytes, pick, value));
            }
        }
    }
    assert!(edits > 500, "only {edits} edits checked");
}
