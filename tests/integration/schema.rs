//! `cicb schema`: the generated JSON Schema, checked with a real validator (the `jsonschema`
//! crate) against its metaschema, the samples, the published bodies and mutated bodies.

use std::path::Path;
use std::process::Command;

use cicb::encode::json::JsonOptions;
use cicb::schema::{self, Draft, Family, Options};
use jsonschema::Validator;
use serde_json::{json, Value};

use crate::corpus::{corpus, manifest};
use crate::support::*;

const DRAFTS: [Draft; 2] = [Draft::Draft202012, Draft::Draft7];

fn validator(schema: &Value) -> Validator {
    jsonschema::validator_for(schema).unwrap_or_else(|e| panic!("the schema does not compile: {e}"))
}

fn errors(v: &Validator, body: &Value) -> String {
    v.iter_errors(body).take(3).map(|e| format!("{} at {}", e, e.instance_path())).collect::<Vec<_>>().join("; ")
}

/// Every JSON shape `cicb convert` can write: wrap on/off, JobsDetail object/array, omit-empty on/off.
fn shapes() -> Vec<JsonOptions> {
    let mut out = Vec::new();
    for wrap in [false, true] {
        for jobs_detail_array in [false, true] {
            for omit_empty in [false, true] {
                out.push(JsonOptions { wrap, jobs_detail_array, omit_empty, compact: false });
            }
        }
    }
    out
}

/// The files of the corpus `cicb validate` reports errors in (the six malformed bodies, and the
/// legacy "all nodes" templates whose every required node is empty).
fn invalid_by_validate(dir: &Path) -> Vec<String> {
    let out = Command::new(bin()).args(["validate", "--format", "json"]).arg(dir.join("raw")).output().unwrap();
    let diags: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut files: Vec<String> = diags
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| Path::new(d["file"].as_str().unwrap()).strip_prefix(dir).unwrap().display().to_string())
        .collect();
    files.sort();
    files.dedup();
    files
}

/// A body to validate: its file, the shape it was converted to (none for published JSON), and
/// whether `cicb validate` finds no error in the file.
struct Body {
    name: String,
    file: String,
    json: Value,
    valid: bool,
}

/// Every published JSON body and every XML body converted in every shape; `None` without the
/// corpus. Also the numbers of JSON and XML files.
fn corpus_bodies() -> Option<(Vec<Body>, usize, usize)> {
    let dir = corpus()?;
    let invalid = invalid_by_validate(&dir);
    let (mut bodies, mut json_files, mut xml_files) = (Vec::new(), 0, 0);
    for e in manifest(&dir) {
        if e.notes.contains("NOT well-formed") {
            assert!(invalid.contains(&e.file), "{}", e.file);
            continue;
        }
        let bytes = std::fs::read(dir.join(&e.file)).unwrap();
        let valid = !invalid.contains(&e.file);
        let body = |name: String, json| Body { name, file: e.file.clone(), json, valid };
        if e.file.ends_with(".json") {
            json_files += 1;
            bodies.push(body(e.file.clone(), serde_json::from_slice(&bytes).unwrap()));
        } else {
            xml_files += 1;
            let doc = decode(&bytes);
            for opts in shapes() {
                let name = format!("{} ({opts:?})", e.file);
                bodies.push(body(name, serde_json::from_slice(&to_json(&doc, &opts)).unwrap()));
            }
        }
    }
    Some((bodies, json_files, xml_files))
}

/// The bodies `cicb validate` finds no error in.
fn valid_corpus_bodies() -> Option<Vec<(String, Value)>> {
    let (bodies, _, _) = corpus_bodies()?;
    Some(bodies.into_iter().filter(|b| b.valid).map(|b| (b.name, b.json)).collect())
}

/// The valid samples of this repository, converted the same ways.
fn sample_bodies() -> Vec<(String, Value)> {
    let mut bodies = Vec::new();
    for path in files(&repo().join("samples"), &["xml", "json"]) {
        let name = path.strip_prefix(repo()).unwrap().display().to_string();
        if name.contains("invalid") || name.contains("fixtures") || name.contains("commented") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let doc = decode(&bytes);
        if name.ends_with(".json") {
            bodies.push((name.clone(), serde_json::from_slice(&bytes).unwrap()));
        }
        for opts in shapes() {
            bodies.push((format!("{name} ({opts:?})"), serde_json::from_slice(&to_json(&doc, &opts)).unwrap()));
        }
    }
    // Every kind `cicb sample` makes (the audit Simple form among them, which no file in
    // samples/ has), so that the mutations have a body to mutate without the corpus too.
    for name in cicb::sample::names() {
        let sample = cicb::sample::find(&name).unwrap();
        let opts = cicb::sample::Options { seed: Some(7), ..Default::default() };
        let tree = cicb::sample::build(sample, &opts).unwrap();
        let mut json = Vec::new();
        cicb::encode::json::write(&tree, &Default::default(), &mut json).unwrap();
        bodies.push((format!("cicb sample {name}"), serde_json::from_slice(&json).unwrap()));
    }
    bodies
}

#[test]
fn the_schema_passes_its_metaschema_in_both_drafts() {
    let mut checked = 0;
    for draft in DRAFTS {
        for strict in [false, true] {
            let opts = Options { draft, strict };
            let mut docs = vec![schema::document(&Family::ALL, &opts)];
            docs.extend(Family::ALL.iter().map(|&f| schema::document(&[f], &opts)));
            docs.extend(schema::files(&opts).into_iter().map(|(_, v)| v));
            for doc in &docs {
                assert_eq!(doc["$schema"], draft.uri());
                let meta = match draft {
                    Draft::Draft202012 => jsonschema::draft202012::meta::validate(doc),
                    Draft::Draft7 => jsonschema::draft7::meta::validate(doc),
                };
                meta.unwrap_or_else(|e| panic!("{draft:?}: not a valid schema: {e} at {}", e.instance_path()));
                checked += 1;
            }
        }
    }
    eprintln!("schema: {checked} generated schema documents pass their metaschema");
}

#[test]
fn every_definition_has_a_description() {
    for draft in DRAFTS {
        let doc = schema::document(&Family::ALL, &Options { draft, strict: false });
        let defs = doc[if draft == Draft::Draft7 { "definitions" } else { "$defs" }].as_object().unwrap();
        assert!(defs.len() > 90, "{} definitions", defs.len());
        for (key, def) in defs {
            let text = def["description"].as_str().unwrap_or_else(|| panic!("{key} has no description"));
            assert!(!text.is_empty(), "{key}");
        }
        // The doc tables' own words reach the definitions and their leaves.
        assert_eq!(defs["WorkflowExecutionTasks"]["description"], "Job information list.");
        let state = &defs["ResponseJobsDetail"]["properties"]["State"];
        assert!(state["description"].as_str().unwrap().starts_with("Job status."), "{state}");
    }
}

fn count_valid(validator: &Validator, bodies: &[(String, Value)]) -> usize {
    let mut failures = Vec::new();
    for (name, body) in bodies {
        if !validator.is_valid(body) {
            failures.push(format!("{name}: {}", errors(validator, body)));
        }
    }
    assert!(failures.is_empty(), "{} bodies do not validate:\n{}", failures.len(), failures.join("\n"));
    bodies.len()
}

#[test]
fn the_samples_validate() {
    let bodies = sample_bodies();
    assert!(bodies.len() >= 100, "{} sample bodies", bodies.len());
    for draft in DRAFTS {
        let v = validator(&schema::document(&Family::ALL, &Options { draft, strict: false }));
        count_valid(&v, &bodies);
    }
}

#[test]
fn every_published_body_validates_in_every_shape() {
    let Some((bodies, json_files, xml_files)) = corpus_bodies() else { return };
    assert_eq!(json_files + xml_files, 124, "the 130 published bodies but the six malformed ones");
    let (valid, rejected): (Vec<&Body>, Vec<&Body>) = bodies.iter().partition(|b| b.valid);
    let mut templates: Vec<&str> = rejected.iter().map(|b| b.file.as_str()).collect();
    templates.dedup();
    assert_eq!(
        templates,
        ["raw/legacy-job/console-queue-callback-allnodes.xml", "raw/legacy-workflow/legacy-workflow-allnodes.xml"],
        "the well-formed bodies cicb validate finds errors in: node templates with every value empty"
    );
    let valid: Vec<(String, Value)> = valid.iter().map(|b| (b.name.clone(), b.json.clone())).collect();
    for draft in DRAFTS {
        let all = validator(&schema::document(&Family::ALL, &Options { draft, strict: false }));
        let n = count_valid(&all, &valid);
        // The schema rejects what the validator rejects.
        for b in &rejected {
            assert!(!all.is_valid(&b.json), "{draft:?}: {} validates", b.name);
        }
        // Each body validates against its own kind's schema, and only that one.
        let mut by_kind = 0;
        for family in Family::ALL {
            let v = validator(&schema::document(&[family], &Options { draft, strict: false }));
            by_kind += valid.iter().filter(|(_, b)| v.is_valid(b)).count();
        }
        assert_eq!(by_kind, n, "{draft:?}: each body validates against exactly one kind's schema");
        eprintln!(
            "schema ({draft:?}): {n} bodies validate ({} of {json_files} published JSON files, {} of {xml_files} \
             XML files × {} shapes); {} bodies of the {} templates cicb validate rejects are rejected too",
            valid.iter().filter(|(n, _)| !n.contains('(')).count(),
            xml_files - templates.len(),
            shapes().len(),
            rejected.len(),
            templates.len(),
        );
    }
    // --strict: every published body carries only nodes the spec lists.
    for draft in DRAFTS {
        let strict = validator(&schema::document(&Family::ALL, &Options { draft, strict: true }));
        let rejected: Vec<&str> =
            valid.iter().filter(|(_, b)| !strict.is_valid(b)).map(|(n, _)| n.split(' ').next().unwrap()).collect();
        let mut files = rejected.clone();
        files.dedup();
        eprintln!(
            "schema --strict ({draft:?}): {} of {} bodies validate; rejected: {} bodies from {} files {files:?}",
            valid.len() - rejected.len(),
            valid.len(),
            rejected.len(),
            files.len()
        );
        assert!(rejected.is_empty(), "--strict rejects published bodies: {files:?}");
    }
}

/// `--dir`: the root references the per-kind files by `$id`; a registry holding them resolves it.
#[test]
fn the_dir_layout_resolves_and_validates() {
    let bodies = valid_corpus_bodies().unwrap_or_else(sample_bodies);
    for draft in DRAFTS {
        let files = schema::files(&Options { draft, strict: false });
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["job.schema.json", "workflow.schema.json", "audit.schema.json", "callback.schema.json"]);
        let (root, kinds) = files.split_last().unwrap();
        let mut registry = jsonschema::Registry::new();
        for (_, doc) in kinds {
            let id = doc["$id"].as_str().unwrap().to_string();
            assert!(id.starts_with(schema::ID_BASE), "{id}");
            registry = registry.add(id, doc.clone()).unwrap();
        }
        let registry = registry.prepare().unwrap();
        let v = jsonschema::options().with_registry(&registry).build(&root.1).unwrap();
        count_valid(&v, &bodies);
        assert!(!v.is_valid(&json!({"EventName": "TaskFinish"})), "a job without JobsDetail");
    }
}

/// Puts `value` at `path` (dot-separated keys; arrays step into their first item) of `body`,
/// or removes the key when `value` is `None`. False when the path is not there.
fn mutate(body: &mut Value, path: &str, value: Option<Value>) -> bool {
    let mut pointer = String::new();
    if body.get("Response").is_some() {
        pointer.push_str("/Response");
    }
    let mut parent = String::new();
    let keys: Vec<&str> = path.split('.').collect();
    for key in &keys {
        while body.pointer(&pointer).is_some_and(Value::is_array) {
            pointer.push_str("/0");
        }
        if body.pointer(&pointer).and_then(|v| v.get(key)).is_none() {
            return false;
        }
        parent = pointer.clone();
        pointer = format!("{pointer}/{key}");
    }
    match value {
        Some(v) => *body.pointer_mut(&pointer).unwrap() = v,
        None => {
            body.pointer_mut(&parent).unwrap().as_object_mut().unwrap().remove(keys[keys.len() - 1]);
        }
    }
    true
}

#[test]
fn mutated_bodies_are_rejected() {
    let bodies = valid_corpus_bodies().unwrap_or_else(sample_bodies);
    let s = |v: &str| Some(Value::String(v.to_string()));
    let mutations: &[(&str, &str, &str, Option<Value>)] = &[
        ("wrong enum", "EventName", "", s("TaskFinsh")),
        ("wrong enum", "JobsDetail.State", "", s("Finished")),
        ("wrong enum", "WorkflowExecution.State", "", s("Succeeded")),
        ("wrong enum", "WorkflowExecution.Tasks.State", "", s("Done")),
        ("wrong enum", "JobsDetail.Operation.DigitalWatermark.State", "", s("Ok")),
        ("missing required node", "JobsDetail", "", None),
        ("missing required node", "WorkflowExecution", "", None),
        ("missing required node", "JobsDetail.JobId", "", None),
        ("missing required node", "JobsDetail.CreationTime", "", None),
        ("missing required node", "JobsDetail.Operation", "", None),
        ("missing required node", "WorkflowExecution.RunId", "", None),
        ("missing required node", "WorkflowExecution.Tasks.JobId", "", None),
        ("missing required node", "JobsDetail.Workflow.RunId", "", None),
        ("missing required node", "code", "", None),
        ("container given as a string", "JobsDetail.Operation", "", s("Transcode")),
        ("container given as a string", "JobsDetail.Operation.MediaResult", "", s("out.mp4")),
        ("container given as a string", "JobsDetail.Operation.PicProcessResult", "", s("done")),
        ("container given as a string", "WorkflowExecution.Tasks", "", s("Snapshot")),
        ("container given as a string", "JobsDetail.Input", "", s("in.mp4")),
        ("malformed time", "JobsDetail.CreationTime", "", s("2022-13-45T99:00:00+0800")),
        ("malformed time", "JobsDetail.EndTime", "", s("yesterday")),
        ("malformed time", "WorkflowExecution.CreateTime", "", s("2022/08/09 14:54:17")),
        ("malformed time", "WorkflowExecution.Tasks.EndTime", "", s("2022-08-09T14:54:42")),
        ("wrong type", "JobsDetail.Score", "audit", s("90")),
        ("malformed identifier", "JobsDetail.QueueId", "job", s("queue-1")),
        ("malformed identifier", "WorkflowExecution.WorkflowId", "", s("wf-1")),
    ];
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for draft in DRAFTS {
        let v = validator(&schema::document(&Family::ALL, &Options { draft, strict: false }));
        for (what, path, only, value) in mutations {
            let mut applied = 0;
            for (name, body) in &bodies {
                let audit = name.contains("audit");
                if (*only == "audit" && !audit) || (*only == "job" && audit) {
                    continue;
                }
                // A required node is not required where the body's Tag leaves it out.
                if *what == "missing required node"
                    && value.is_none()
                    && audit
                    && path.starts_with("JobsDetail.")
                    && *path != "JobsDetail.JobId"
                {
                    continue;
                }
                let mut m = body.clone();
                if !mutate(&mut m, path, value.clone()) {
                    continue;
                }
                assert!(!v.is_valid(&m), "{draft:?}: {name} with {what} at {path} ({value:?}) still validates");
                applied += 1;
            }
            assert!(applied > 0, "{what} at {path}: no body to mutate");
            *counts.entry(what).or_default() += applied;
        }
    }
    let total: usize = counts.values().sum();
    eprintln!("schema: {total} mutated bodies rejected (both drafts): {counts:?}");
}

/// The time pattern accepts exactly what `spec::time::parse_time` reads, on hand-picked strings
/// and on every timestamp of the published bodies.
#[test]
fn the_time_pattern_agrees_with_parse_time() {
    let v = validator(&json!({ "type": "string", "pattern": cicb::spec::values::TIME_PATTERN }));
    let mut cases: Vec<String> = [
        "2022-06-30T15:29:42+0800",
        "2022-08-09 14:54:17+0800",
        "2021-08-10T21:01:10+08:00",
        "2021-08-10T21:01:10.123Z",
        "2022-13-45T99:00:00+0800",
        "2022-06-30T15:29:42",
        "2022-06-30",
        "yesterday",
        "2022-06-30T15:29:42+08",
        "2022-06-30X15:29:42+0800",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if let Some(bodies) = valid_corpus_bodies() {
        let mut found = Vec::new();
        for (_, b) in &bodies {
            collect_times(b, &mut found);
        }
        cases.extend(found);
    }
    for c in &cases {
        let parses = cicb::spec::time::parse_time(c).is_some();
        assert_eq!(v.is_valid(&json!(c)), parses, "`{c}`: pattern and parse_time disagree");
    }
    assert!(v.is_valid(&json!("")), "an empty element passes");
    eprintln!("schema: the time pattern agrees with parse_time on {} strings", cases.len());
}

fn collect_times(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                if let (true, Some(s)) = (k.ends_with("Time") && k != "AudioTime", v.as_str()) {
                    if s.len() >= 19 && s.as_bytes()[4] == b'-' {
                        out.push(s.to_string());
                    }
                }
                collect_times(v, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| collect_times(v, out)),
        _ => {}
    }
}

fn cicb(args: &[&str]) -> std::process::Output {
    Command::new(bin()).args(args).env("NO_COLOR", "1").output().unwrap()
}

#[test]
fn the_command_writes_what_the_library_generates() {
    let out = cicb(&["schema"]);
    assert!(out.status.success());
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed, schema::document(&Family::ALL, &Options::default()));

    let out = cicb(&["schema", "--kind", "workflow", "--draft", "7", "--strict"]);
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed, schema::document(&[Family::Workflow], &Options { draft: Draft::Draft7, strict: true }));

    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("job.json");
    let out = cicb(&["schema", "--kind", "job", "-o", file.to_str().unwrap()]);
    assert!(out.status.success() && out.stdout.is_empty());
    let written: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(written, schema::document(&[Family::Job], &Options::default()));

    let dir = tmp.path().join("schemas/v1");
    let out = cicb(&["schema", "--dir", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for (name, value) in schema::files(&Options::default()) {
        let written: Value = serde_json::from_slice(&std::fs::read(dir.join(&name)).unwrap()).unwrap();
        assert_eq!(written, value, "{name}");
    }
    assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 4);
    assert!(!Path::new(&dir).join("..").join("job.schema.json").exists());
}

/// Unknown nodes are allowed unless `--strict`; with it, a job's Operation holds no other Tag's
/// result container either.
#[test]
fn strict_forbids_unknown_nodes_and_other_tags_results() {
    let bytes = std::fs::read(repo().join("samples/transcode-multi-output.xml")).unwrap();
    let body: Value = serde_json::from_slice(&to_json(&decode(&bytes), &JsonOptions::default())).unwrap();
    for draft in DRAFTS {
        let loose = validator(&schema::document(&Family::ALL, &Options { draft, strict: false }));
        let strict = validator(&schema::document(&Family::ALL, &Options { draft, strict: true }));
        assert!(loose.is_valid(&body) && strict.is_valid(&body), "{}", errors(&strict, &body));
        for (path, value) in [
            ("JobsDetail.Operation.MeidaInfo", json!({})),
            ("JobsDetail.Operation.PicProcessResult", json!({ "ObjectName": "x.png" })),
            ("JobsDetail.Operation.MediaResult.OutputFile.Size", json!("1")),
            ("JobsDetail.Surprise", json!("new in 2027")),
            ("Extra", json!("x")),
        ] {
            let mut m = body.clone();
            let (parent, key) = path.rsplit_once('.').map_or(("", path), |(p, k)| (p, k));
            let mut pointer = String::new();
            for k in parent.split('.').filter(|k| !k.is_empty()) {
                pointer = format!("{pointer}/{k}");
            }
            m.pointer_mut(&pointer).unwrap().as_object_mut().unwrap().insert(key.into(), value);
            assert!(loose.is_valid(&m), "{draft:?}: {path} is rejected without --strict: {}", errors(&loose, &m));
            assert!(!strict.is_valid(&m), "{draft:?}: {path} passes --strict");
        }
    }
}

/// `cicb schema | head -c 64`: the closed pipe is no error.
#[test]
fn a_closed_pipe_exits_zero() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(bin()).arg("schema").stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut head = [0u8; 64];
    child.stdout.as_mut().unwrap().read_exact(&mut head).unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}
