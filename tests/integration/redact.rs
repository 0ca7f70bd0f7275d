//! `cicb redact` on every sample and every published well-formed body: nothing that identifies
//! the customer left, the same kind, structure and diagnostics, everything else byte for byte,
//! one pseudonym per original, deterministic under one salt.

//! `cicb redact` on every sample (name × trigger × state, XML and JSON) and every published
//! well-formed body: a distinct marker planted in every leaf that is not harmless (with the edit
//! core of `send --set`, and by editing the XML where a path cannot reach: an attribute and mixed
//! text) never survives; the same kind, structure and diagnostics, everything else byte for byte,
//! one pseudonym per original, deterministic under one salt.

use std::collections::{BTreeMap, HashMap, HashSet};

use cicb::decode::{decode_bytes, Document, Format, Limits};
use cicb::diff::{diff, Options as DiffOptions};
use cicb::encode::json::JsonOptions;
use cicb::redact::{apply, edit, redact, Options, Pseudonyms};
use cicb::sample::{self, State, Trigger};
use cicb::spec::classes::{classify, Class};
use cicb::tree::{NodeId, Shape, Tree};
use cicb::validate::check_bytes;

use crate::corpus::{corpus, manifest};
use crate::support::*;

fn redacted(bytes: &[u8], salt: &str) -> String {
    redact(&decode(bytes), &Pseudonyms::new(salt.as_bytes()), &Options::default()).text
}

fn leaves(t: &Tree<'_>) -> Vec<NodeId> {
    t.descendants(t.root()).filter(|&i| t.leaf_text(i).is_some()).collect()
}

/// `bytes` with a distinct marker in every leaf that is not harmless, and (XML) in an attribute
/// and a mixed text of the root; the markers.
fn plant(bytes: &[u8], tag: &str) -> (String, Vec<String>) {
    let doc = decode(bytes);
    let t = &doc.tree;
    let mut targets: Vec<NodeId> = leaves(t).into_iter().filter(|&i| classify(t, i) != Class::Harmless).collect();
    targets.sort_by_key(|&i| std::cmp::Reverse(t.node(i).value_start));
    let mut src = doc.source.to_string();
    let mut markers = Vec::new();
    for (k, &id) in targets.iter().enumerate() {
        let marker = if t.node(id).shape == Shape::Number {
            format!("9{:09}", 100_000 + k)
        } else {
            format!("Mk{tag}x{k:04}qz")
        };
        // The edit core of `send --set` where a path names the leaf alone; else the span.
        let path = cicb::path::indexed_path(t, id);
        src = match cicb::edit::set_value(&src, &doc, &path, &marker) {
            Ok(s) => s,
            Err(_) => apply(&src, vec![edit(&doc, id, &marker)]),
        };
        markers.push(marker);
    }
    if doc.format == Format::Xml {
        let root = t.node(t.root());
        let open = src[root.start as usize..].find('>').map(|i| i + root.start as usize).unwrap();
        let self_closing = src[..open].ends_with('/');
        if !self_closing {
            let (attr, text) = (format!("Mk{tag}attrqz"), format!("Mk{tag}mixedqz"));
            src = format!("{} m=\"{attr}\">{text}{}", &src[..open], &src[open + 1..]);
            markers.extend([attr, text]);
        }
    }
    (src, markers)
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
    values: BTreeMap<Class, usize>,
    markers: usize,
    clean: usize,
}

/// Every property the issue lists, for one body, and again for it with markers planted.
fn check(name: &str, bytes: &[u8], tally: &mut Tally) {
    let (marked, markers) = plant(bytes, &format!("{}", tally.bodies));
    let names = Pseudonyms::new(b"corpus salt");
    let r = redact(&decode(marked.as_bytes()), &names, &Options::default());
    for m in &markers {
        assert!(!r.text.contains(m.as_str()), "{name}: marker `{m}` survived:\n{}", r.text);
    }
    assert_eq!(
        diagnostics(name, r.text.as_bytes()),
        diagnostics(name, marked.as_bytes()),
        "{name}: validate differs after redacting the marked body"
    );
    tally.markers += markers.len();
    let doc = decode(bytes);
    let r = redact(&doc, &names, &Options::default());
    let text = &r.text;
    for (k, n) in &r.counts {
        *tally.values.entry(*k).or_insert(0) += n;
    }
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
    // Harmless leaves are untouched; one pseudonym per original (per class).
    let (t, u) = (&doc.tree, &again.tree);
    let mut seen: HashMap<(Class, &str), HashSet<&str>> = HashMap::new();
    for (a, b) in leaves(t).into_iter().zip(leaves(u)) {
        match classify(t, a) {
            Class::Harmless => assert_eq!(t.text(a), u.text(b), "{name}: harmless {} changed", t.path(a)),
            Class::Text | Class::Unclassified | Class::Header => {}
            class => {
                seen.entry((class, t.text(a))).or_default().insert(u.text(b));
            }
        }
    }
    for ((class, original), pseudonyms) in &seen {
        assert_eq!(pseudonyms.len(), 1, "{name}: {class:?} `{original}` became {pseudonyms:?}");
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

fn shown(values: &BTreeMap<Class, usize>) -> String {
    values.iter().map(|(c, n)| format!("{n} {}", c.as_str())).collect::<Vec<_>>().join(", ")
}

#[test]
fn every_sample_name_state_and_trigger_is_redacted_safely() {
    let mut tally = Tally::default();
    for (i, name) in sample::names().iter().enumerate() {
        for trigger in [Trigger::Api, Trigger::Workflow] {
            for state in [State::Success, State::Failed] {
                let opts = sample::Options { trigger, state, seed: Some(i as u64), ..Default::default() };
                let tree = match sample::build(sample::find(name).unwrap(), &opts) {
                    Ok(t) => t,
                    // Workflow and audit samples name no trigger.
                    Err(_) if matches!(trigger, Trigger::Workflow) => continue,
                    Err(e) => panic!("{name}: {e:?}"),
                };
                let mut xml = Vec::new();
                cicb::encode::xml::write(&tree, &Default::default(), &mut xml).unwrap();
                let mut json = Vec::new();
                cicb::encode::json::write(&tree, &JsonOptions::default(), &mut json).unwrap();
                for bytes in [xml, json] {
                    check(&format!("{name} {trigger:?} {state:?}"), &bytes, &mut tally);
                }
            }
        }
    }
    for path in files(&repo().join("samples"), &["xml", "json"]) {
        if !path.to_string_lossy().contains("/invalid/") {
            check(&path.display().to_string(), &std::fs::read(&path).unwrap(), &mut tally);
        }
    }
    eprintln!(
        "redact: {} sample bodies, {} markers planted, none survived; replaced {}",
        tally.bodies,
        tally.markers,
        shown(&tally.values)
    );
    assert!(tally.bodies >= sample::names().len() * 4 && tally.markers > 1000, "{} {}", tally.bodies, tally.markers);
}

#[test]
fn every_published_body_is_redacted_safely() {
    let Some(dir) = corpus() else { return };
    let mut tally = Tally::default();
    for e in manifest(&dir).iter().filter(|e| !e.notes.contains("NOT well-formed")) {
        check(&e.file, &std::fs::read(dir.join(&e.file)).unwrap(), &mut tally);
    }
    eprintln!(
        "redact: {} published bodies ({} validate clean), {} markers planted, none survived; replaced {}",
        tally.bodies,
        tally.clean,
        tally.markers,
        shown(&tally.values)
    );
    assert_eq!(tally.bodies, 124);
}

#[test]
fn keep_leaves_a_path_alone() {
    let bytes = std::fs::read(repo().join("samples/noise-reduction.xml")).unwrap();
    let keep = vec![cicb::path::Path::parse("JobsDetail.Input.Object").unwrap()];
    let r = redact(&decode(&bytes), &Pseudonyms::new(b"k"), &Options { keep, ..Default::default() });
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

/// Counts the bytes each thread holds, for [`a_redaction_holds_no_memory_after_it_returns`].
struct Counting;

thread_local! {
    static LIVE: std::cell::Cell<isize> = const { std::cell::Cell::new(0) };
}

fn count(delta: isize) {
    let _ = LIVE.try_with(|c| c.set(c.get() + delta));
}

// SAFETY: every call is passed on to the system allocator unchanged; only a counter is kept.
unsafe impl std::alloc::GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        let p = unsafe { std::alloc::System.alloc(layout) };
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: std::alloc::Layout) {
        unsafe { std::alloc::System.dealloc(p, layout) };
        count(-(layout.size() as isize));
    }
    unsafe fn realloc(&self, p: *mut u8, layout: std::alloc::Layout, new: usize) -> *mut u8 {
        let q = unsafe { std::alloc::System.realloc(p, layout, new) };
        if !q.is_null() {
            count(new as isize - layout.size() as isize);
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A long-running process (the inspector) redacts per request: after the first call (which
/// fills the spec's lazily built tables), a redaction keeps nothing once its result is dropped.
#[test]
fn a_redaction_holds_no_memory_after_it_returns() {
    let bytes = std::fs::read(repo().join("samples/workflow-finish.xml")).unwrap();
    let names = Pseudonyms::new(b"m");
    let run = || {
        let doc = decode(&bytes);
        let r = redact(&doc, &names, &Options::default());
        assert!(!r.counts.is_empty());
    };
    run();
    let live = || LIVE.with(|c| c.get());
    let before = live();
    for _ in 0..500 {
        run();
    }
    assert_eq!(live() - before, 0, "bytes still held after 500 redactions");
}

#[test]
fn a_capture_folder_is_redacted_with_its_names_and_index() {
    let dir = tempfile::tempdir().unwrap();
    let (from, to) = (dir.path().join("callbacks"), dir.path().join("out"));
    std::fs::create_dir(&from).unwrap();
    let job = "j035aca66f86211ec8a5a87e016101404";
    let body = std::fs::read_to_string(repo().join("samples/legacy-job.xml")).unwrap();
    let doc = decode(body.as_bytes());
    let t = &doc.tree;
    let job_id = t.descendants(t.root()).find(|&i| t.name(i) == "JobId").map(|i| t.text(i).to_string()).unwrap();
    let name = format!("20261201T221403.123Z-000001-job-Transcode-{job_id}.xml");
    std::fs::write(from.join(&name), &body).unwrap();
    std::fs::write(from.join("junk.bin"), b"\x00not a body 10.1.2.3").unwrap();
    let index = format!(
        "{{\"file\":\"{name}\",\"time\":\"2026-12-01T22:14:03.123Z\",\"seq\":1,\"peer\":\"203.0.113.9:5122\",\"method\":\"POST\",\
         \"path\":\"/cb/{job}\",\"headers\":{{\"user-agent\":\"acme-bot/1.0\"}},\"size\":{},\"kind\":\"job\",\"tag\":\"Transcode\",\
         \"id\":\"{job_id}\",\"topic\":\"acme-callbacks\",\"key\":\"acme-key\",\"newfield\":\"acme-secret\"}}\n\
         {{\"rejected\":true,\"status\":404,\"peer\":\"203.0.113.9:5122\"}}\n",
        body.len()
    );
    std::fs::write(from.join("index.ndjson"), &index).unwrap();
    let out = std::process::Command::new(bin())
        .args(["redact", "--salt", "s"])
        .arg(&from)
        .arg("-o")
        .arg(&to)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("junk.bin: not a body") && err.contains("1 bodies and 2 index lines"), "{err}");
    let mut written: Vec<String> =
        std::fs::read_dir(&to).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    written.sort();
    assert_eq!(written.len(), 2, "{written:?}");
    let index_out = std::fs::read_to_string(to.join("index.ndjson")).unwrap();
    let file = &written[0];
    assert!(file.starts_with("20261201T221403.123Z-000001-job-Transcode-") && !file.contains(&job_id), "{file}");
    assert!(index_out.contains(&format!("\"file\":\"{file}\"")), "{index_out}");
    let body_out = std::fs::read_to_string(to.join(file)).unwrap();
    assert_eq!(body_out, redacted(body.as_bytes(), "s"));
    let pseudonym = file.trim_end_matches(".xml").rsplit('-').next().unwrap();
    assert!(body_out.contains(pseudonym) && index_out.contains(&format!("\"id\":\"{pseudonym}\"")), "{index_out}");
    for gone in [job_id.as_str(), job, "203.0.113", "acme"] {
        assert!(!index_out.contains(gone) && !body_out.contains(gone), "{gone}: {index_out}");
    }
    assert!(index_out.contains("\"seq\":1,") && index_out.contains("\"status\":404"), "{index_out}");
    // The output folder must be new.
    let again =
        std::process::Command::new(bin()).args(["redact", "-q"]).arg(&from).arg("-o").arg(&to).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("must be a new or empty folder"));
}
