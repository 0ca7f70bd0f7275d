//! `cicb redact` on every sample and every published well-formed body: nothing that identifies
//! the customer left, the same kind, structure and diagnostics, everything else byte for byte,
//! one pseudonym per original, deterministic under one salt.

use std::collections::{BTreeMap, HashMap, HashSet};

use cicb::decode::{decode_bytes, Document, Limits};
use cicb::diff::{diff, Options as DiffOptions};
use cicb::encode::json::JsonOptions;
use cicb::redact::{pseudonym::split_bucket, redact, Options, Pseudonyms};
use cicb::spec::is_audit;
use cicb::spec::volatile::{identifying, Identifying};
use cicb::tree::{NodeId, Tree};
use cicb::validate::check_bytes;

use crate::corpus::{corpus, manifest};
use crate::support::*;

fn redacted(bytes: &[u8], salt: &str) -> String {
    redact(&decode(bytes), &Pseudonyms::new(salt.as_bytes()), &Options::default()).text
}

fn leaves(t: &Tree<'_>) -> Vec<NodeId> {
    t.descendants(t.root()).filter(|&i| t.leaf_text(i).is_some()).collect()
}

/// A value worth looking for: long enough not to occur by chance, and not one of the
/// documentation's placeholders (`xxxxxx`).
fn searchable(v: &str) -> bool {
    v.trim().chars().count() >= 6 && v.chars().filter(|&c| c == 'x').count() * 2 < v.len()
}

/// What the original says that must not survive: buckets, APPIDs, ids, request ids, user data,
/// trace ids, x-cos-meta values.
fn secrets(doc: &Document<'_>) -> Vec<String> {
    let t = &doc.tree;
    let audit = is_audit(t);
    let mut out = Vec::new();
    for id in leaves(t) {
        let v = t.text(id).trim();
        match identifying(t, id, audit) {
            Some(Identifying::Bucket) => {
                out.push(v.to_string());
                if let Some((_, appid)) = split_bucket(v) {
                    out.push(appid.to_string());
                }
            }
            Some(
                Identifying::Id
                | Identifying::RequestId
                | Identifying::UserData
                | Identifying::TraceId
                | Identifying::MetaHeader
                | Identifying::AppId,
            ) => out.push(v.to_string()),
            _ => {}
        }
    }
    out.retain(|v| searchable(v));
    out.sort();
    out.dedup();
    out
}

/// The source with every leaf's value cut out: what must stay byte for byte.
fn skeleton(doc: &Document<'_>) -> Vec<String> {
    let t = &doc.tree;
    let mut spans: Vec<(usize, usize)> =
        leaves(t).iter().map(|&i| (t.node(i).value_start as usize, t.node(i).value_end as usize)).collect();
    spans.sort_unstable();
    let mut out = Vec::new();
    let mut at = 0;
    for (a, b) in spans {
        if a >= at {
            out.push(doc.source[at..a].to_string());
            at = b;
        }
    }
    out.push(doc.source[at..].to_string());
    out
}

fn diagnostics(name: &str, bytes: &[u8]) -> Vec<(String, String, String)> {
    let mut d: Vec<_> = check_bytes(name, bytes, &Limits::default(), false)
        .into_iter()
        .map(|d| (d.rule.to_string(), d.severity.to_string(), d.path.unwrap_or_default()))
        .collect();
    d.sort();
    d
}

#[derive(Default)]
struct Tally {
    bodies: usize,
    values: BTreeMap<&'static str, usize>,
    secrets: usize,
    clean: usize,
}

/// Every property the issue lists, for one body; returns the secrets checked.
fn check(name: &str, bytes: &[u8], tally: &mut Tally) {
    let doc = decode(bytes);
    let names = Pseudonyms::new(b"corpus salt");
    let r = redact(&doc, &names, &Options::default());
    let text = &r.text;
    for (k, n) in &r.counts {
        *tally.values.entry(k.as_str()).or_insert(0) += n;
    }
    // Nothing identifying is left.
    let secrets = secrets(&doc);
    for s in &secrets {
        assert!(!text.contains(s.as_str()), "{name}: `{s}` is still in the redacted body:\n{text}");
    }
    tally.secrets += secrets.len();
    // Same kind, same structure, everything but values byte for byte.
    let again = decode_bytes(text.as_bytes(), None, &Limits::default())
        .unwrap_or_else(|e| panic!("{name}: the redacted body does not decode: {e}\n{text}"));
    assert_eq!(again.kind(), doc.kind(), "{name}");
    assert_eq!(again.format, doc.format, "{name}");
    let paths = |t: &Tree<'_>| t.descendants(t.root()).map(|i| t.path(i)).collect::<Vec<_>>();
    assert_eq!(paths(&again.tree), paths(&doc.tree), "{name}: structure changed");
    assert_eq!(skeleton(&again), skeleton(&doc), "{name}: bytes outside the values changed");
    // The same diagnostics: a clean body stays clean.
    let before = diagnostics(name, bytes);
    assert_eq!(diagnostics(name, text.as_bytes()), before, "{name}: validate differs after redaction");
    if before.iter().all(|d| d.1 != "error") {
        tally.clean += 1;
    }
    // One pseudonym per original (per kind of node).
    let (t, u) = (&doc.tree, &again.tree);
    let audit = is_audit(t);
    let mut seen: HashMap<(Identifying, &str), HashSet<&str>> = HashMap::new();
    for (a, b) in leaves(t).into_iter().zip(leaves(u)) {
        if let Some(kind) = identifying(t, a, audit) {
            seen.entry((kind, t.text(a))).or_default().insert(u.text(b));
        }
    }
    for ((kind, original), pseudonyms) in &seen {
        assert_eq!(pseudonyms.len(), 1, "{name}: {kind:?} `{original}` became {pseudonyms:?}");
    }
    // Deterministic under one salt, different under another.
    assert_eq!(&redact(&doc, &names, &Options::default()).text, text, "{name}");
    if !r.counts.is_empty() {
        assert_ne!(redacted(bytes, "another salt"), *text, "{name}");
    }
    // Bodies redacted under one salt stay comparable: the conversion, redacted, equals it.
    let converted = to_json(&doc, &JsonOptions::default());
    let other = redacted(&converted, "corpus salt");
    let report = diff(&again.tree, &decode(other.as_bytes()).tree, &DiffOptions { all: true, ..Default::default() });
    assert!(report.is_equal(), "{name}: redacted body and its redacted conversion differ: {:?}", report.changes);
    tally.bodies += 1;
}

#[test]
fn every_sample_is_redacted_safely() {
    let mut tally = Tally::default();
    for path in files(&repo().join("samples"), &["xml", "json"]) {
        if path.to_string_lossy().contains("/invalid/") {
            continue;
        }
        check(&path.display().to_string(), &std::fs::read(&path).unwrap(), &mut tally);
    }
    assert!(tally.bodies >= 19 && tally.secrets > 50, "{} bodies, {} secrets", tally.bodies, tally.secrets);
}

#[test]
fn every_published_body_is_redacted_safely() {
    let Some(dir) = corpus() else { return };
    let mut tally = Tally::default();
    for e in manifest(&dir).iter().filter(|e| !e.notes.contains("NOT well-formed")) {
        check(&e.file, &std::fs::read(dir.join(&e.file)).unwrap(), &mut tally);
    }
    eprintln!(
        "redact: {} published bodies ({} validate clean), {} original values searched for and absent; replaced {:?}",
        tally.bodies, tally.clean, tally.secrets, tally.values
    );
    assert_eq!(tally.bodies, 124);
}

#[test]
fn keep_leaves_a_path_alone() {
    let bytes = std::fs::read(repo().join("samples/noise-reduction.xml")).unwrap();
    let keep = vec![cicb::path::Path::parse("JobsDetail.Input.Object").unwrap()];
    let r = redact(&decode(&bytes), &Pseudonyms::new(b"k"), &Options { keep });
    assert!(r.text.contains("<Object>input/demo.mp3</Object>"));
    assert!(!r.text.contains("test-123456789"));
    assert_eq!(r.kept, 1);
}

#[test]
fn output_file_and_closed_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.xml");
    let status = std::process::Command::new(bin())
        .args(["redact", "--salt", "s", "-o"])
        .arg(&out)
        .arg(repo().join("samples/legacy-job.xml"))
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(0));
    let err = String::from_utf8_lossy(&status.stderr);
    assert!(err.starts_with("redacted ") && err.contains(" bucket"), "{err}");
    assert!(status.stdout.is_empty());
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        redacted(&std::fs::read(repo().join("samples/legacy-job.xml")).unwrap(), "s")
    );
    assert_closed_pipe_exits_zero(&["redact", "-q", "--salt", "s"], &repo().join("samples/transcode-multi-output.xml"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// The invariant of the `redact` fuzz target, on generated bodies.
    #[test]
    fn generated_bodies_keep_kind_structure_and_error_count(value in crate::diff::body()) {
        let bytes = serde_json::to_vec_pretty(&value).unwrap();
        let Ok(doc) = decode_bytes(&bytes, None, &Limits::default()) else { return Ok(()) };
        let r = redact(&doc, &Pseudonyms::new(b"p"), &Options::default());
        let again = decode_bytes(r.text.as_bytes(), None, &Limits::default()).unwrap();
        let paths = |t: &Tree<'_>| t.descendants(t.root()).map(|i| t.path(i)).collect::<Vec<_>>();
        assert_eq!(again.kind(), doc.kind());
        assert_eq!(paths(&again.tree), paths(&doc.tree));
        let errors = |b: &[u8]| check_bytes("g", b, &Limits::default(), false).iter().filter(|d| d.severity == "error").count();
        assert_eq!(errors(r.text.as_bytes()), errors(&bytes), "{}\n{}", String::from_utf8_lossy(&bytes), r.text);
        assert_eq!(skeleton(&again), skeleton(&doc));
    }
}

#[test]
fn without_a_salt_every_run_differs() {
    let run = || {
        let out = std::process::Command::new(bin())
            .args(["redact", "-q"])
            .arg(repo().join("samples/noise-reduction.json"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        out.stdout
    };
    let (a, b) = (run(), run());
    assert_ne!(a, b, "a random salt per run");
    assert_eq!(decode(&a).kind(), decode(&b).kind());
}
