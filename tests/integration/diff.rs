//! `cicb diff`: every sample and every published body equals its own conversion, XML/JSON twins
//! of the corpus compared, exit codes and the closing summary (the trycmd cases pin the views).

use std::process::{Command, Stdio};

use cicb::diff::{diff, Options, Report};
use cicb::encode::json::JsonOptions;
use cicb::path::Path;

use crate::corpus::{corpus, manifest};
use crate::support::*;

fn compare(a: &[u8], b: &[u8], opts: &Options) -> Report {
    diff(&decode(a).tree, &decode(b).tree, opts)
}

fn all() -> Options {
    Options { all: true, ..Options::default() }
}

/// The conversion `cicb convert` makes (both JSON shapes), and for JSON its XML.
fn conversions(bytes: &[u8]) -> Vec<Vec<u8>> {
    let doc = decode(bytes);
    let mut out = vec![
        to_json(&doc, &JsonOptions::default()),
        to_json(&doc, &JsonOptions { omit_empty: true, jobs_detail_array: true, wrap: true, compact: true }),
    ];
    if cicb::encode::xml::check(&doc.tree).is_ok() {
        out.push(to_xml(&doc));
    }
    out
}

fn assert_equal_to_conversions(name: &str, bytes: &[u8]) {
    for (i, converted) in conversions(bytes).iter().enumerate() {
        let report = compare(bytes, converted, &all());
        let lines: Vec<String> = report.changes.iter().map(|c| format!("{c:?}")).collect();
        assert!(report.changes.is_empty(), "{name}: conversion {i} differs:\n{}", lines.join("\n"));
        assert!(compare(converted, bytes, &all()).changes.is_empty(), "{name}: conversion {i}, reversed");
    }
}

#[test]
fn every_sample_equals_its_conversion() {
    let samples = files(&repo().join("samples"), &["xml", "json"]);
    let mut n = 0;
    for path in samples.iter().filter(|p| !p.to_string_lossy().contains("/invalid/")) {
        assert_equal_to_conversions(&path.display().to_string(), &std::fs::read(path).unwrap());
        n += 1;
    }
    assert!(n >= 19, "{n} samples");
}

#[test]
fn every_published_body_equals_its_conversion_and_twins_are_compared() {
    let Some(dir) = corpus() else { return };
    let text = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let (mut bodies, mut twins, mut equal_twins) = (0, 0, 0);
    let mut twin_changes = Vec::new();
    for e in manifest(&dir).iter().filter(|e| !e.notes.contains("NOT well-formed")) {
        assert_equal_to_conversions(&e.file, &std::fs::read(dir.join(&e.file)).unwrap());
        bodies += 1;
    }
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, twin) = (cols[0], cols.get(5).copied().unwrap_or("-"));
        if twin == "-" || !file.ends_with(".xml") || line.contains("NOT well-formed") {
            continue;
        }
        let Ok(b) = std::fs::read(dir.join(twin)) else { continue };
        if cicb::decode::decode_bytes(&b, None, &Default::default()).is_err() {
            continue;
        }
        twins += 1;
        let report = compare(&std::fs::read(dir.join(file)).unwrap(), &b, &all());
        if report.is_equal() {
            equal_twins += 1;
        } else {
            twin_changes.push(format!("{file}: {} changes", report.changes.len()));
        }
    }
    eprintln!(
        "diff: {bodies} published bodies equal their conversions; {equal_twins} of {twins} XML/JSON twins equal \
         by meaning ({})",
        twin_changes.join("; ")
    );
    assert_eq!(bodies, 124);
    assert!(twins > 0 && equal_twins > 0);
}

#[test]
fn default_ignores_all_and_ignore_paths() {
    let a = std::fs::read(repo().join("samples/workflow-finish.xml")).unwrap();
    let text = String::from_utf8(a.clone()).unwrap();
    let b = text
        .replace("i166ee19017b011eda8a5525400c540df", "i266ee19017b011eda8a5525400c540df")
        .replace("2022-08-09 14:54:17+0800", "2022-08-10 09:00:00+0800")
        .replace("NjJiZDYwYTFfNjUzYTYyNjRfZjEwZl8xMmZhYzY5", "other-request")
        .replace("Snapshot_1581665960536", "Snapshot_2");
    let report = compare(&a, b.as_bytes(), &Options::default());
    let shown: Vec<&str> = report.shown().map(|c| c.path.as_str()).collect();
    assert_eq!(shown, ["Response.WorkflowExecution.Tasks[0].Name"]);
    assert_eq!(report.ignored_counts(), (3, 0));
    assert_eq!(compare(&a, b.as_bytes(), &all()).shown().count(), 4);
    let ignore = Options { all: false, ignore: vec![Path::parse("WorkflowExecution.Tasks[*].Name").unwrap()] };
    let report = compare(&a, b.as_bytes(), &ignore);
    assert!(report.is_equal());
    assert_eq!(report.ignored_counts(), (3, 1));
}

fn cicb(args: &[&str], stdin: &[u8]) -> (Option<i32>, String, String) {
    use std::io::Write;
    let mut child = Command::new(bin())
        .args(args)
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn exit_codes_follow_diff() {
    let (code, out, err) = cicb(&["diff", "samples/noise-reduction.xml", "samples/noise-reduction.json"], b"");
    assert_eq!((code, out.as_str(), err.as_str()), (Some(0), "", "no changes\n"));
    let (code, out, _) = cicb(&["diff", "samples/noise-reduction.xml", "samples/transcode-failed.xml"], b"");
    assert_eq!(code, Some(1));
    assert!(out.lines().all(|l| l.starts_with("changed ") || l.starts_with("added ") || l.starts_with("removed ")));
    let (code, _, err) = cicb(&["diff", "samples/noise-reduction.xml", "samples/invalid/unclosed.xml"], b"");
    assert_eq!(code, Some(2), "a body that does not decode is trouble, not a difference: {err}");
    let (code, _, err) = cicb(&["diff", "-", "-"], b"");
    assert_eq!(code, Some(2));
    assert!(err.contains("only one of the two bodies"), "{err}");
    let body = std::fs::read(repo().join("samples/noise-reduction.json")).unwrap();
    let (code, _, _) = cicb(&["diff", "samples/noise-reduction.xml", "-"], &body);
    assert_eq!(code, Some(0));
}

/// Bodies made of the nodes diff and redact care about (ids, times, buckets, keys, headers,
/// repeated nodes, empty values, numbers, attributes), with values that need escaping.
pub fn body() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
    use proptest::prelude::*;
    use serde_json::Value;
    let names = prop::sample::select(vec![
        "JobId",
        "RunId",
        "QueueId",
        "TemplateId",
        "CreationTime",
        "StartTime",
        "BucketId",
        "Bucket",
        "Object",
        "ObjectName",
        "UserData",
        "Url",
        "Message",
        "State",
        "Tasks",
        "CosHeaders",
        "Key",
        "Value",
        "trace_id",
        "Text",
        "Size",
        "@id",
    ]);
    let text = prop_oneof![
        Just(String::new()),
        "[a-z0-9]{1,8}",
        Just("examplebucket-1250000000".to_string()),
        Just("j035aca66f86211ec8a5a87e016101404".to_string()),
        Just("2022-06-30T15:29:42+0800".to_string()),
        Just("x-cos-request-id".to_string()),
        Just("x-cos-meta-id".to_string()),
        Just("https://b-1250000000.cos.ap-guangzhou.myqcloud.com/a%20b/c.mp4?x=1#f".to_string()),
        "[a-z/ .&<>\"'\\\\数${}-]{0,12}",
    ];
    let leaf = prop_oneof![
        6 => text.prop_map(Value::String),
        1 => (0u32..100000).prop_map(Value::from),
        1 => Just(Value::Null),
    ];
    let value = leaf.prop_recursive(3, 24, 4, move |inner| {
        prop_oneof![
            2 => prop::collection::vec((names.clone(), inner.clone()), 1..4).prop_map(|pairs| {
                let mut map = serde_json::Map::new();
                for (k, v) in pairs {
                    let v = if k.starts_with('@') { Value::String(v.as_str().unwrap_or("a").to_string()) } else { v };
                    map.insert(k.to_string(), v);
                }
                Value::Object(map)
            }),
            1 => prop::collection::vec(inner, 1..3).prop_map(Value::Array),
        ]
    });
    let event = prop::sample::select(vec!["TaskFinish", "WorkflowFinish", "ReviewText"]);
    (event, prop::collection::vec(value, 1..3))
        .prop_map(|(event, jobs)| serde_json::json!({"EventName": event, "JobsDetail": jobs}))
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    #[test]
    fn generated_bodies_equal_their_conversions(value in body()) {
        let bytes = serde_json::to_vec_pretty(&value).unwrap();
        if cicb::decode::decode_bytes(&bytes, None, &Default::default()).is_ok() {
            assert_equal_to_conversions("generated", &bytes);
        }
    }
}
