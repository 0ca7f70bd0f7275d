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

/// The invariant the `send_set` fuzz target checks, on every leaf of every valid sample.
#[test]
fn set_value_changes_only_its_leaf_on_every_sample() {
    use cicb::decode::{decode_bytes, Document, Limits, Shape};
    use cicb::edit::set_value;
    use cicb::path::{indexed_path, Path};

    fn leaves(doc: &Document<'_>) -> Vec<(String, String)> {
        let tree = &doc.tree;
        tree.descendants(tree.root())
            .filter(|&id| !matches!(tree.node(id).shape, Shape::Object | Shape::EmptyArray))
            .map(|id| (indexed_path(tree, id), tree.node(id).text.to_string()))
            .collect()
    }

    let limits = Limits::default();
    let mut edits = 0;
    for file in crate::support::files(&repo().join("samples"), &["xml", "json"]) {
        if file.components().any(|c| c.as_os_str() == "invalid") {
            continue;
        }
        let bytes = std::fs::read(&file).unwrap();
        let Ok(doc) = decode_bytes(&bytes, None, &limits) else { continue };
        let before = leaves(&doc);
        for (pick, (path, _)) in before.iter().enumerate() {
            for value in ["", "x<&>\"' é\r\n", "42", "true"] {
                let Ok(edited) = set_value(doc.source, &doc, path, value) else { continue };
                let after_doc = decode_bytes(edited.as_bytes(), None, &limits)
                    .unwrap_or_else(|e| panic!("{}: {path}={value:?}: {e}", file.display()));
                let ids = Path::parse(path).unwrap().select(&after_doc.tree).unwrap();
                assert_eq!(ids.len(), 1, "{}: {path}", file.display());
                assert_eq!(after_doc.tree.node(ids[0]).text, value, "{}: {path}", file.display());
                let after = leaves(&after_doc);
                assert_eq!(after.len(), before.len());
                for (i, (b, a)) in before.iter().zip(&after).enumerate() {
                    if i != pick {
                        assert_eq!(a, b, "{}: setting {path} changed {}", file.display(), b.0);
                    }
                }
                edits += 1;
            }
        }
    }
    assert!(edits > 500, "only {edits} edits checked");
}
