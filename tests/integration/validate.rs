//! `cicb validate`: the pinned diagnostic of every negative sample, every output format, the exit
//! codes, a directory of mixed files, deterministic order under parallelism, and the corpus.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use cicb::decode::Limits;
use cicb::validate::{check_bytes, Diagnostic};

use crate::corpus::{corpus, defect_line, manifest};
use crate::support::{bin, repo};

fn check(rel: &str) -> Vec<Diagnostic> {
    let bytes = std::fs::read(repo().join(rel)).unwrap();
    check_bytes(rel, &bytes, &Limits::default(), false)
}

/// (rule, severity, line, column, path, message)
type Pinned = (&'static str, &'static str, usize, usize, &'static str, &'static str);

fn pinned(d: &Diagnostic) -> (&str, &str, usize, usize, &str, &str) {
    (
        d.rule,
        d.severity,
        d.line.unwrap_or(0),
        d.column.unwrap_or(0),
        d.path.as_deref().unwrap_or(""),
        d.message.as_str(),
    )
}

fn cicb(args: &[&str]) -> Output {
    Command::new(bin()).args(args).current_dir(repo()).env("NO_COLOR", "1").output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn every_rule_has_a_negative_sample_with_its_pinned_diagnostic() {
    let cases: &[(&str, &[Pinned])] = &[
        (
            "samples/invalid/rule-syntax.xml",
            &[(
                "syntax",
                "error",
                20,
                32,
                "",
                "`&` starts an entity: write `&amp;`",
            )],
        ),
        (
            "samples/invalid/rule-structure.xml",
            &[(
                "structure",
                "error",
                1,
                1,
                "Respone",
                "the root element is <Respone>; a callback body's root is <Response>; did you mean `Response`?",
            )],
        ),
        (
            "samples/invalid/rule-event.xml",
            &[(
                "event",
                "error",
                2,
                14,
                "Response.EventName",
                "unknown EventName `TaskFinsh` (expected one of TaskFinish, WorkflowFinish, ReviewImage, ReviewText, \
                 ReviewAudio, ReviewVideo, ReviewDocument, ReviewHtml); did you mean `TaskFinish`?",
            )],
        ),
        (
            "samples/invalid/rule-required.json",
            &[
                ("required", "error", 3, 3, "Response.JobsDetail.JobId", "JobsDetail has no JobId"),
                ("required", "error", 5, 5, "Response.JobsDetail.CreationTime", "CreationTime is empty"),
            ],
        ),
        (
            "samples/invalid/rule-enum.xml",
            &[
                (
                    "enum",
                    "error",
                    23,
                    12,
                    "Response.JobsDetail.State",
                    "unknown job State `success` (expected one of Submitted, Running, Success, Failed, Pause, Cancel); \
                     did you mean `Success`?",
                ),
                (
                    "enum",
                    "warning",
                    24,
                    10,
                    "Response.JobsDetail.Tag",
                    "unknown job Tag `NoiseReductoin`; did you mean `NoiseReduction`?",
                ),
            ],
        ),
        (
            "samples/invalid/rule-timestamp.json",
            &[
                (
                    "timestamp",
                    "error",
                    5,
                    21,
                    "Response.JobsDetail.CreationTime",
                    "`2023/04/11 10:02:15` is not a time in a published format (2022-06-30T15:29:42+0800, 2022-08-09 \
                     14:54:17+0800 or 2021-08-10T21:01:10+08:00)",
                ),
                (
                    "timestamp",
                    "warning",
                    6,
                    16,
                    "Response.JobsDetail.EndTime",
                    "EndTime 2023-04-11 10:02:09+08:00 is before StartTime 2023-04-11 10:02:16+08:00",
                ),
            ],
        ),
        (
            "samples/invalid/rule-consistency.xml",
            &[(
                "consistency",
                "error",
                7,
                12,
                "Response.WorkflowExecution.State",
                "the workflow State is Success but Tasks[1] (Snapshot) failed; the spec: as soon as one job fails, the \
                 workflow instance is Failed",
            )],
        ),
        (
            "samples/invalid/rule-unknown-node.xml",
            &[(
                "unknown-node",
                "warning",
                20,
                7,
                "Response.JobsDetail.Operation.MeidaInfo",
                "unknown node `MeidaInfo` under Operation; did you mean `MediaInfo`?",
            )],
        ),
        (
            "samples/invalid/rule-json-shape.json",
            &[
                (
                    "json-shape",
                    "error",
                    15,
                    22,
                    "Response.JobsDetail.Operation.MediaResult",
                    "MediaResult is the string \"clips/intro.mp4\"; callback bodies carry it as an object",
                ),
                (
                    "json-shape",
                    "warning",
                    23,
                    19,
                    "Response.JobsDetail.Operation.JobLevel",
                    "bare JSON number 0 for JobLevel: job and workflow callbacks carry every value as a string (\"0\")",
                ),
            ],
        ),
        (
            "samples/invalid/rule-identifier.xml",
            &[(
                "identifier",
                "warning",
                21,
                14,
                "Response.JobsDetail.QueueId",
                "QueueId `queue-noise-1` does not look like a CI queue ID (`p` and 32 hex digits, like \
                 p2242ab62c7c94486915508540933a2c6)",
            )],
        ),
    ];
    let mut covered: Vec<&str> = Vec::new();
    for (file, expected) in cases {
        let got = check(file);
        let got: Vec<_> = got.iter().map(pinned).collect();
        let expected: Vec<_> = expected.iter().map(|&(r, s, l, c, p, m)| (r, s, l, c, p, m)).collect();
        assert_eq!(got, expected, "{file}");
        covered.extend(expected.iter().map(|e| e.0));
    }
    for rule in cicb::validate::RULES {
        assert!(covered.contains(&rule.name()), "no negative sample for rule {}", rule.name());
    }
    // The decoder's own negative samples fail validation at the same place as everywhere else.
    for (file, line, column) in [
        ("samples/invalid/legacy-template-meidainfo.xml", 27, 7),
        ("samples/invalid/trailing-comma.json", 26, 5),
        ("samples/invalid/misordered-brackets.json", 27, 4),
        ("samples/invalid/unclosed.xml", 30, 1),
    ] {
        let got = check(file);
        assert_eq!(got.len(), 1, "{file}: {got:?}");
        assert_eq!((got[0].rule, got[0].line, got[0].column), ("syntax", Some(line), Some(column)), "{file}");
    }
}

/// Every well-formed sample (`samples/*.xml`, `samples/*.json`: the negative ones live in
/// `samples/invalid/`, the fixture folders in `samples/fixtures/`) validates without a finding.
#[test]
fn every_valid_sample_is_clean() {
    let mut valid: Vec<String> = std::fs::read_dir(repo().join("samples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".xml") || name.ends_with(".json"))
        .map(|name| format!("samples/{name}"))
        .collect();
    valid.sort();
    assert!(valid.len() >= 14, "expected the bundled samples, found {valid:?}");
    for rel in &valid {
        assert_eq!(check(rel), vec![], "{rel}");
    }
}

#[test]
fn exit_codes() {
    let code = |args: &[&str]| cicb(args).status.code();
    assert_eq!(code(&["validate", "samples/noise-reduction.xml"]), Some(0), "valid");
    assert_eq!(code(&["validate", "samples/invalid/rule-identifier.xml"]), Some(0), "warnings only");
    assert_eq!(code(&["validate", "--strict", "samples/invalid/rule-identifier.xml"]), Some(1), "--strict");
    assert_eq!(code(&["validate", "samples/noise-reduction.xml", "samples/invalid/rule-event.xml"]), Some(1));
    assert_eq!(code(&["validate", "samples/invalid/rule-event.xml", "missing.xml"]), Some(2), "I/O wins");
    assert_eq!(code(&["validate", "--format", "yaml", "samples/noise-reduction.xml"]), Some(2), "usage");
    assert_eq!(code(&["validate", "-", "-"]), Some(2), "stdin twice");
}

#[test]
fn output_formats_agree() {
    let files =
        ["samples/invalid/rule-timestamp.json", "samples/invalid/rule-syntax.xml", "samples/workflow-finish.xml"];
    // JSON: the documented shape, in the order the files were given.
    let out = cicb(&[&["validate", "--format", "json"][..], &files].concat());
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = json.as_array().unwrap();
    assert_eq!(items.len(), 3);
    for item in items {
        let keys: Vec<&str> = item.as_object().unwrap().keys().map(String::as_str).collect();
        let mut want = vec!["column", "file", "line", "message", "path", "rule", "severity"];
        want.sort();
        assert_eq!(keys, want);
    }
    let order: Vec<(&str, &str)> =
        items.iter().map(|i| (i["file"].as_str().unwrap(), i["rule"].as_str().unwrap())).collect();
    assert_eq!(
        order,
        [
            ("samples/invalid/rule-timestamp.json", "timestamp"),
            ("samples/invalid/rule-timestamp.json", "timestamp"),
            ("samples/invalid/rule-syntax.xml", "syntax")
        ]
    );
    assert_eq!(text(&out.stderr), "checked 3 files: 1 valid, 2 invalid, 1 warning\n");

    // GitHub: one workflow command per diagnostic, with the same positions, on stdout.
    let out = cicb(&[&["validate", "--format", "github"][..], &files].concat());
    let lines: Vec<String> = text(&out.stdout).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 3);
    for (line, item) in lines.iter().zip(items) {
        let head = format!(
            "::{} file={},line={},col={},title=cicb {}::",
            item["severity"].as_str().unwrap(),
            item["file"].as_str().unwrap(),
            item["line"],
            item["column"],
            item["rule"].as_str().unwrap()
        );
        assert!(line.starts_with(&head), "{line}\n{head}");
    }
    assert!(lines[0].ends_with("(at Response.JobsDetail.CreationTime)"), "{}", lines[0]);

    // Human: the same diagnostics on stderr, nothing on stdout.
    let out = cicb(&[&["validate"][..], &files].concat());
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert_eq!(err.matches("error[timestamp]").count() + err.matches("warning[timestamp]").count(), 2, "{err}");
    assert!(err.contains(" --> samples/invalid/rule-syntax.xml:20:32\n"), "{err}");
    assert!(err.ends_with("checked 3 files: 1 valid, 2 invalid, 1 warning\n"), "{err}");

    // --color always styles the human output, and only it.
    let out = Command::new(bin())
        .args(["--color", "always", "validate", "samples/invalid/rule-event.xml"])
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(text(&out.stderr).contains("\u{1b}["), "{}", text(&out.stderr));
}

#[test]
fn a_directory_of_mixed_files() {
    let out = cicb(&["validate", "--format", "json", "samples/fixtures"]);
    assert_eq!(out.status.code(), Some(1));
    let json: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut by_file: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for d in &json {
        let rule = format!("{} {}", d["severity"].as_str().unwrap(), d["rule"].as_str().unwrap());
        by_file.entry(d["file"].as_str().unwrap()).or_default().push(rule);
    }
    let expected: BTreeMap<&str, Vec<String>> = [
        ("samples/fixtures/jobs/picprocess-extra-node.xml", vec!["warning unknown-node"]),
        ("samples/fixtures/jobs/transcode-failed.json", vec!["error consistency", "error consistency"]),
        ("samples/fixtures/workflows/run-misspelt-event.xml", vec!["error event"]),
    ]
    .into_iter()
    .map(|(f, r)| (f, r.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(by_file, expected);
    // The clean ones are checked too (5 files), and the text file is skipped.
    assert_eq!(text(&out.stderr), "checked 5 files: 3 valid, 2 invalid, 1 warning\n");
    for clean in ["samples/fixtures/jobs/transcode-finish.xml", "samples/fixtures/workflows/run-finish.json"] {
        assert_eq!(check(clean), vec![], "{clean}");
    }
    assert!(repo().join("samples/fixtures/skipped.txt").is_file());
    let all = cicb(&["validate", "--format", "json", "--strict", "samples/fixtures/skipped.txt"]);
    assert_eq!(all.status.code(), Some(1), "named explicitly, a .txt file is checked: it is no callback body");
}

#[test]
fn parallel_checking_reports_in_a_deterministic_order() {
    let dir = tempfile::tempdir().unwrap();
    let samples = [
        "samples/noise-reduction.xml",
        "samples/invalid/rule-enum.xml",
        "samples/workflow-finish.json",
        "samples/invalid/rule-json-shape.json",
        "samples/invalid/unclosed.xml",
        "samples/invalid/rule-unknown-node.xml",
    ];
    let mut expected = Vec::new();
    for i in 0..240 {
        let src = samples[i % samples.len()];
        let ext = Path::new(src).extension().unwrap().to_str().unwrap();
        let sub = dir.path().join(format!("d{}", i % 7));
        std::fs::create_dir_all(&sub).unwrap();
        let path = sub.join(format!("f{i:03}.{ext}"));
        std::fs::copy(repo().join(src), &path).unwrap();
        expected.push(path);
    }
    expected.sort();
    // What checking the files one by one, in sorted order, gives.
    let sequential: Vec<serde_json::Value> = expected
        .iter()
        .flat_map(|p| {
            let shown = p.display().to_string();
            check_bytes(&shown, &std::fs::read(p).unwrap(), &Limits::default(), false)
        })
        .map(|d| serde_json::to_value(d).unwrap())
        .collect();
    let root = dir.path().to_str().unwrap();
    let first = cicb(&["validate", "--format", "json", root]);
    let second = cicb(&["validate", "--format", "json", root]);
    assert_eq!(first.stdout, second.stdout);
    let parallel: Vec<serde_json::Value> = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(parallel, sequential);
    assert_eq!(text(&first.stderr), "checked 240 files: 120 valid, 120 invalid, 120 warnings\n");
}

#[test]
fn stdin_and_an_empty_directory() {
    let body = std::fs::read(repo().join("samples/invalid/rule-event.xml")).unwrap();
    let mut child = Command::new(bin())
        .args(["validate", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&body).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((json[0]["file"].as_str(), json[0]["line"].as_u64()), (Some("<stdin>"), Some(2)));

    let empty = tempfile::tempdir().unwrap();
    let out = cicb(&["validate", empty.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let err = text(&out.stderr);
    assert!(err.starts_with("cicb: warning: no *.xml or *.json files under "), "{err}");
    assert!(err.ends_with("checked 0 files: 0 valid, 0 invalid, 0 warnings\n"), "{err}");
}

/// Every well-formed published body validates without errors; the documentation templates
/// (every value empty) fail; the six malformed bodies fail with `syntax` at their line. The
/// warnings the corpus gets are pinned (and printed for the log).
#[test]
fn corpus_bodies_validate() {
    let Some(dir) = corpus() else { return };
    let mut warnings: BTreeMap<String, usize> = BTreeMap::new();
    let (mut clean, mut templates, mut malformed) = (0, 0, 0);
    for e in manifest(&dir) {
        let bytes = std::fs::read(dir.join(&e.file)).unwrap();
        let found = check_bytes(&e.file, &bytes, &Limits::default(), false);
        let errors: Vec<&Diagnostic> = found.iter().filter(|d| d.severity == "error").collect();
        if e.notes.contains("NOT well-formed") {
            assert_eq!(errors.len(), 1, "{}: {found:?}", e.file);
            assert_eq!((errors[0].rule, errors[0].line), ("syntax", Some(defect_line(&e.notes))), "{}", e.file);
            malformed += 1;
            continue;
        }
        if e.notes.contains("TEMPLATE") {
            assert!(errors.iter().any(|d| d.rule == "required"), "{}: a template must fail: {found:?}", e.file);
            templates += 1;
            continue;
        }
        assert_eq!(errors, Vec::<&Diagnostic>::new(), "{}", e.file);
        for d in &found {
            *warnings.entry(format!("{} {}: {}", d.rule, d.path.as_deref().unwrap_or(""), d.message)).or_default() += 1;
        }
        clean += 1;
    }
    assert_eq!((clean, templates, malformed), (122, 2, 6));
    eprintln!("corpus: {clean} bodies without errors, {templates} templates and {malformed} malformed bodies rejected");
    for (w, n) in &warnings {
        eprintln!("  {n:>2} x {w}");
    }
    let pinned: BTreeMap<String, usize> = [
        ("json-shape Response.JobsDetail.Operation.JobLevel: bare JSON number 0 for JobLevel: job and workflow callbacks carry every value as a string (\"0\")", 1),
        ("required Response.JobsDetail.QueueId: JobsDetail has no QueueId", 6),
        ("required Response.JobsDetail.StartTime: JobsDetail has no StartTime", 6),
        ("required Response.JobsDetail.State: JobsDetail has no State", 6),
        ("required Response.JobsDetail.Tag: JobsDetail has no Tag", 4),
    ]
    .into_iter()
    .map(|(w, n)| (w.to_string(), n))
    .collect();
    assert_eq!(warnings, pinned, "the warnings the published bodies get");
}

/// The rule table of the guide and the rule list of `validate --help` are the registry's.
#[test]
fn rule_docs_follow_the_registry() {
    let readme = std::fs::read_to_string("doc/guide.md").unwrap();
    let rows: Vec<(String, String, String)> = readme
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.strip_prefix("| `")?.strip_suffix(" |")?.splitn(3, " | ").collect();
            let name = cells.first()?.strip_suffix('`')?;
            match cells[..] {
                [_, sev @ ("error" | "warning"), text] => Some((name.to_string(), sev.to_string(), text.to_string())),
                _ => None,
            }
        })
        .collect();
    let registry: Vec<(String, String, String)> = cicb::validate::RULES
        .iter()
        .flat_map(|r| {
            r.checks().iter().map(move |(l, t)| (r.name().to_string(), l.as_str().to_string(), t.to_string()))
        })
        .collect();
    assert_eq!(rows, registry, "the rule table of doc/guide.md differs from the rule registry");

    let help = std::process::Command::new(crate::support::bin()).args(["validate", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap().replace('\n', " ");
    let names: Vec<&str> = cicb::validate::RULES.iter().map(|r| r.name()).collect();
    assert!(help.contains(&format!("Rules: {}", names.join(", "))), "validate --help lists other rules:\n{help}");
}

#[test]
fn a_reader_of_the_diagnostics_that_leaves_early_changes_no_exit_code() {
    use std::io::Read;
    // `cicb validate body.xml 2>&1 | head`: the diagnostics are on stderr, far more than a pipe
    // holds; the reader leaves after the first line. The run still ends as an invalid body does.
    let items: String = (0..20_000).map(|i| format!("<Item><N>{i}</N></Item>")).collect();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("many.xml");
    std::fs::write(
        &file,
        format!("<Response><EventName>TaskFinish</EventName><JobsDetail>{items}</JobsDetail></Response>"),
    )
    .unwrap();
    let mut child =
        Command::new(bin()).arg("validate").arg(&file).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let mut head = [0u8; 64];
    child.stderr.as_mut().unwrap().read_exact(&mut head).unwrap();
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(1), "{}", text(&head));
}
