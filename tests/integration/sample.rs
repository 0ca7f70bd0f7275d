//! `cicb sample`: every name, in both formats, both triggers and both states, validates clean
//! under --strict, summarizes (its Tag and outputs shown), and round-trips; each Tag's sample
//! carries the element paths of the bodies Tencent published for that Tag.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use cicb::decode::{Format, Limits};
use cicb::encode::json::{self, JsonOptions};
use cicb::render::summary::Human;
use cicb::render::Style;
use cicb::sample::{self, Options, State, Trigger};
use cicb::spec::Kind;
use cicb::summary::Summary;
use cicb::tree::{Shape, Tree};
use cicb::validate::check_bytes;

use crate::corpus::corpus;
use crate::support::*;

fn xml_bytes(tree: &Tree<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    cicb::encode::xml::write(tree, &Default::default(), &mut out).unwrap();
    out
}

fn json_bytes(tree: &Tree<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    json::write(tree, &JsonOptions::default(), &mut out).unwrap();
    out
}

fn build(name: &str, trigger: Trigger, state: State, seed: u64) -> Tree<'static> {
    let opts = Options { trigger, state, seed: Some(seed), ..Options::default() };
    sample::build(sample::find(name).unwrap(), &opts).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The triggers sample `name` takes: a job is started by an API call or a workflow; a workflow
/// or audit callback has no trigger, and `--trigger workflow` on it is an error.
fn triggers(name: &str) -> Vec<Trigger> {
    if sample::find(name).unwrap().takes_trigger() {
        vec![Trigger::Api, Trigger::Workflow]
    } else {
        vec![Trigger::Api]
    }
}

/// Leaves a sample may carry empty, as the published bodies do.
fn may_be_empty(path: &str) -> bool {
    ["Response.JobsDetail.Message", "Response.JobsDetail.VideoTag", ".Text", ".Label", ".label"]
        .iter()
        .any(|s| path.ends_with(s))
}

#[test]
fn every_sample_validates_clean_summarizes_and_round_trips() {
    let names = sample::names();
    let mut checked = 0;
    for (i, name) in names.iter().enumerate() {
        for trigger in triggers(name) {
            for state in [State::Success, State::Failed] {
                let tree = build(name, trigger, state, i as u64);
                let what = format!("{name} {trigger:?} {state:?}");
                for id in tree.descendants(tree.root()) {
                    let n = tree.node(id);
                    if n.shape != Shape::Object && n.text.is_empty() {
                        let path = tree.path(id);
                        assert!(may_be_empty(&path), "{what}: {path} is empty");
                    }
                }
                let xml = xml_bytes(&tree);
                let json = json_bytes(&tree);
                for (format, bytes) in [(Format::Xml, &xml), (Format::Json, &json)] {
                    let shown = String::from_utf8_lossy(bytes);
                    let found = check_bytes(name, bytes, &Limits::default(), true);
                    assert!(found.is_empty(), "{what} {format:?}: {found:#?}\n{shown}");
                    let doc = decode(bytes);
                    assert_eq!(doc.format, format);
                    let s = Summary::new(name, &doc).unwrap_or_else(|| panic!("{what} {format:?}: no summary"));
                    let mut view = Vec::new();
                    Human { url: false, width: None, style: Style { color: false } }.write(&s, &mut view).unwrap();
                    let view = String::from_utf8(view).unwrap();
                    let kind = doc.kind();
                    if matches!(kind, Kind::Job | Kind::LegacyJob) {
                        let tag = doc.model().jobs[0].tag.unwrap().to_string();
                        assert!(view.contains(&tag), "{what}: the summary shows no {tag}:\n{view}");
                        if state == State::Failed {
                            assert!(s.outputs.is_empty(), "{what}: a failed job lists outputs");
                            assert!(s.failed && !s.failures.is_empty(), "{what}: not summarized as failed");
                        }
                    }
                    if state == State::Success && kind != Kind::Workflow && kind != Kind::LegacyWorkflow {
                        assert!(!s.failed, "{what}: summarized as failed");
                    }
                    for o in &s.outputs {
                        assert!(view.contains(&o.key), "{what}: output {} not shown:\n{view}", o.key);
                    }
                    checked += 1;
                }
                // XML → JSON → XML is stable, and JSON → XML → JSON.
                let from_xml = decode(&xml);
                let again = to_xml(&decode(&to_json(&from_xml, &JsonOptions::default())));
                assert_eq!(String::from_utf8_lossy(&again), String::from_utf8_lossy(&xml), "{what}");
                let from_json = decode(&json);
                let back = to_json(&decode(&to_xml(&from_json)), &JsonOptions::default());
                assert_eq!(String::from_utf8_lossy(&back), String::from_utf8_lossy(&json), "{what}");
            }
        }
    }
    assert_eq!(checked, names.iter().map(|n| triggers(n).len() * 4).sum::<usize>());
}

#[test]
fn samples_with_outputs_list_them() {
    // Every Tag whose bodies name files: the summary lists at least one, built from the input's name.
    for name in sample::names() {
        let tree = build(&name, Trigger::Api, State::Success, 11);
        let xml = xml_bytes(&tree);
        let doc = decode(&xml);
        let Some(s) = Summary::new(&name, &doc) else { panic!("{name}") };
        let has_output = doc.model().jobs.iter().any(|j| {
            j.operation
                .is_some_and(|op| doc.tree.child(op, "Output").is_some() || doc.tree.child(op, "MediaResult").is_some())
        });
        if has_output && name != "QualityEstimate" {
            assert!(!s.outputs.is_empty() || !s.templates.is_empty(), "{name}: no outputs");
            assert!(s.outputs.iter().all(|o| o.key.contains("demo")), "{name}: {:?}", s.outputs);
        }
    }
}

#[test]
fn times_run_forward_and_ids_have_the_published_shapes() {
    for name in ["Transcode", "workflow", "legacy-workflow", "audit-video"] {
        let tree = build(name, *triggers(name).last().unwrap(), State::Success, 5);
        let xml = xml_bytes(&tree);
        let doc = decode(&xml);
        let m = doc.model();
        for j in &m.jobs {
            let (c, s, e) = (j.creation_time.unwrap().value.unwrap(), j.start_time, j.end_time);
            if let (Some(s), Some(e)) = (s, e) {
                assert!(c < s.value.unwrap() && s.value.unwrap() < e.value.unwrap(), "{name}");
            }
        }
        if let Some(w) = &m.workflow {
            let created = w.create_time.unwrap().value.unwrap();
            let mut last = created;
            for t in &w.tasks {
                let (c, e) = (t.create_time.unwrap().value.unwrap(), t.end_time.unwrap().value.unwrap());
                assert!(last < c && c < e, "{name}: tasks run one after the other");
                last = e;
            }
            assert!(w.create_time.unwrap().raw.contains(' '), "workflow times: `2022-08-09 14:54:17+0800`");
        }
    }
    let audit = xml_bytes(&build("audit-image", Trigger::Api, State::Success, 5));
    let doc = decode(&audit);
    assert!(doc.model().jobs[0].creation_time.unwrap().raw.ends_with("+08:00"), "audit times are RFC 3339");
}

#[test]
fn workflow_tasks_are_chosen_and_checked() {
    let opts =
        Options { tasks: vec!["HighSpeedHd".into(), "Animation".into(), "Snapshot".into()], ..Options::default() };
    let tree = sample::build(sample::find("workflow").unwrap(), &opts).unwrap();
    let xml = xml_bytes(&tree);
    let doc = decode(&xml);
    let types: Vec<&str> = doc.model().workflow.unwrap().tasks.iter().map(|t| t.task_type.unwrap()).collect();
    assert_eq!(types, ["HighSpeedHd", "Animation", "Snapshot"]);
    let bad = Options { tasks: vec!["Snapshott".into()], ..Options::default() };
    let e = sample::build(sample::find("workflow").unwrap(), &bad).unwrap_err().to_string();
    assert!(e.contains("unknown task type `Snapshott`; did you mean `Snapshot`?"), "{e}");
    let e = sample::build(sample::find("Transcode").unwrap(), &opts).unwrap_err().to_string();
    assert!(e.contains("--tasks is for the workflow samples"), "{e}");
}

/// The element paths of a body, without indexes.
fn paths(tree: &Tree<'_>) -> BTreeSet<String> {
    tree.descendants(tree.root()).filter(|&id| !tree.is_attribute(id)).map(|id| tree.path(id)).collect()
}

/// The sample names whose bodies a corpus folder holds.
fn samples_for(folder: &str) -> Vec<&'static str> {
    match folder {
        "workflow" => vec!["workflow"],
        "legacy-job" => vec!["legacy-job"],
        "legacy-workflow" => vec!["legacy-workflow"],
        _ => vec![],
    }
}

#[test]
fn each_tag_carries_the_paths_its_published_bodies_carry() {
    let Some(dir) = corpus() else { return };
    let raw = dir.join("raw");
    let mut folders: Vec<String> = std::fs::read_dir(&raw)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f != "audit")
        .collect();
    folders.sort();
    let mut table: BTreeMap<String, (usize, usize, Vec<String>)> = BTreeMap::new();
    for folder in &folders {
        let names: Vec<String> = match samples_for(folder) {
            v if !v.is_empty() => v.into_iter().map(String::from).collect(),
            _ => vec![folder.clone()],
        };
        let mut published = BTreeSet::new();
        for file in files(&raw.join(folder), &["xml", "json"]) {
            let bytes = std::fs::read(&file).unwrap();
            // The six malformed bodies are the decoder's tests, not a shape to follow.
            let Ok(doc) = cicb::decode::decode_bytes(&bytes, None, &Limits::default()) else { continue };
            published.extend(paths(&doc.tree));
        }
        let mut carried = BTreeSet::new();
        for name in &names {
            for trigger in triggers(name) {
                carried.extend(paths(&build(name, trigger, State::Success, 1)));
            }
        }
        let missing: Vec<String> = published.difference(&carried).cloned().collect();
        table.insert(folder.clone(), (published.len() - missing.len(), published.len(), missing));
    }
    eprintln!("\n| published bodies of | paths | carried by the sample | coverage |\n|---|---:|---:|---:|");
    let (mut all, mut got) = (0, 0);
    for (folder, (carried, total, missing)) in &table {
        eprintln!("| {folder} | {total} | {carried} | {:.1}% |", 100.0 * *carried as f64 / *total as f64);
        for m in missing {
            eprintln!("|   missing: {m} | | | |");
        }
        all += total;
        got += carried;
    }
    eprintln!("| all | {all} | {got} | {:.1}% |", 100.0 * got as f64 / all as f64);
    assert!(table.len() >= 30, "{} corpus folders", table.len());
    for (folder, (carried, total, missing)) in &table {
        // The legacy job bodies carry one node no table lists (NonExistJobIds, of a query answer).
        let allowed = usize::from(folder == "legacy-job");
        assert!(total - carried <= allowed, "{folder}: the sample lacks {missing:?}");
    }
}

fn cicb(args: &[&str]) -> std::process::Output {
    Command::new(bin()).args(args).env("NO_COLOR", "1").output().unwrap()
}

#[test]
fn cli_writes_files_that_validate_and_seeds_repeat() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("segment.json");
    let f = file.to_str().unwrap();
    let out = cicb(&["sample", "Segment", "--seed", "9", "--format", "json", "--trigger", "workflow", "-o", f]);
    assert!(out.status.success() && out.stdout.is_empty(), "{out:?}");
    let v = cicb(&["validate", "--strict", f]);
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stderr));
    let s = cicb(&["summarize", "--outputs", f]);
    assert!(String::from_utf8_lossy(&s.stdout).contains("cos://examplebucket-1250000000/output/demo/demo.m3u8"));
    let a = cicb(&["sample", "Transcode", "--seed", "4"]).stdout;
    assert_eq!(a, cicb(&["sample", "Transcode", "--seed", "4"]).stdout, "same seed, same bytes");
    let fresh = cicb(&["sample", "Transcode"]).stdout;
    assert_ne!(fresh, cicb(&["sample", "Transcode"]).stdout, "fresh ids without a seed");
    let set = cicb(&[
        "sample",
        "MediaInfo",
        "--set",
        "JobsDetail.Operation.UserData=a<b",
        "--set",
        "JobsDetail.Input.Object=x.mp4",
    ]);
    let text = String::from_utf8_lossy(&set.stdout);
    assert!(text.contains("<UserData>a&lt;b</UserData>") && text.contains("<Object>x.mp4</Object>"), "{text}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]

    /// What the `sample` fuzz target checks, on random seeds and task lists.
    #[test]
    fn any_seed_and_tasks_validate_clean(pick in 0usize..64, seed in proptest::prelude::any::<u64>(), flags in 0u8..8, tasks in proptest::collection::vec(0usize..64, 1..4)) {
        let names = sample::names();
        let name = &names[pick % names.len()];
        let tags = cicb::spec::tags::names();
        let workflow = name == "workflow" || name == "legacy-workflow";
        let opts = Options {
            trigger: *triggers(name).get(usize::from(flags & 1)).unwrap_or(&Trigger::Api),
            state: if flags & 2 == 0 { State::Success } else { State::Failed },
            seed: Some(seed),
            tasks: if workflow { tasks.iter().map(|t| tags[t % tags.len()].to_string()).collect() } else { Vec::new() },
            ..Options::default()
        };
        let tree = sample::build(sample::find(name).unwrap(), &opts).unwrap();
        let body = if flags & 4 == 0 { xml_bytes(&tree) } else { json_bytes(&tree) };
        let found = check_bytes(name, &body, &Limits::default(), true);
        proptest::prop_assert!(found.is_empty(), "{} {:?}: {:?}", name, opts, found);
    }
}

/// A failed sample says what a failed job of its kind sends: a Code and a Message that fit its
/// input (an image audit never says "no video stream"), no Progress (the docs return it only
/// while Submitted, Running, Success or Pause), and no results for summarize to show.
#[test]
fn failed_samples_carry_what_a_failed_job_of_that_kind_sends() {
    let mut audits = 0;
    for (i, name) in sample::names().iter().enumerate() {
        let tree = build(name, Trigger::Api, State::Failed, i as u64);
        let body = xml_bytes(&tree);
        let doc = decode(&body);
        let paths: Vec<String> = doc.tree.descendants(doc.tree.root()).map(|id| doc.tree.path(id)).collect();
        for gone in ["Response.JobsDetail.Progress", "Response.JobsDetail.Operation.DigitalWatermark"] {
            assert!(!paths.iter().any(|p| p.starts_with(gone)), "{name}: a failed sample carries {gone}");
        }
        let text = String::from_utf8_lossy(&body);
        if name.starts_with("audit-") && name != "audit-video" {
            assert!(!text.contains("video stream"), "{name}: {text}");
            audits += 1;
        }
        if name == "audit-image" || name == "audit-simple" {
            assert!(text.contains("image"), "{name}: {text}");
        }
        let out = run_stdin(&["summarize", "--format", "json"], &body);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for job in v["jobs"].as_array().into_iter().flatten() {
            assert_eq!(job["progress"], serde_json::Value::Null, "{name}: {job}");
            // Translation's one line names the languages asked for (its request's echo), not a result.
            let results = job["highlights"].as_array().into_iter().flatten();
            let results = results.filter(|h| !h.as_str().is_some_and(|h| h.starts_with("translation: "))).count();
            assert_eq!(results, 0, "{name}: a failed job shows results: {job}");
            if name != "workflow" && name != "legacy-workflow" {
                assert!(job["code"].as_str().is_some_and(|c| c != "Success"), "{name}: {job}");
                assert!(job["message"].as_str().is_some_and(|m| !m.is_empty()), "{name}: {job}");
            }
        }
    }
    assert!(audits >= 5, "{audits}");
}
