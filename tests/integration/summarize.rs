//! `cicb summarize` beyond the trycmd snapshots: the outputs of every published body, the
//! documented JSON shape, terminal safety in bytes, colors, and a closed pipe.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use crate::support::*;

fn summarize(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(bin())
        .arg("summarize")
        .args(args)
        .current_dir(repo())
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        input.write_all(bytes).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

/// The NDJSON `summarize --format json` prints for `paths`, one value per input.
fn summaries(paths: &[PathBuf]) -> Vec<Value> {
    let args: Vec<&str> = ["--format", "json"].into_iter().chain(paths.iter().map(|p| p.to_str().unwrap())).collect();
    let out = summarize(&args, None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), paths.len(), "one JSON line per input");
    lines
}

/// Every `ObjectPrefix` + `ObjectName` of every `OutputFile` and `SpriteOutputFile` in a body,
/// without a leading `/` (as summarize prints keys).
fn listed_keys(bytes: &[u8]) -> BTreeSet<String> {
    let doc = decode(bytes);
    let tree = &doc.tree;
    let mut keys = BTreeSet::new();
    for id in tree.descendants(tree.root()) {
        let name = tree.name(id);
        if name != "OutputFile" && name != "SpriteOutputFile" {
            continue;
        }
        let prefix = tree.child_text(id, "ObjectPrefix").unwrap_or("").trim();
        for n in tree.children_named(id, "ObjectName") {
            let object = tree.leaf_text(n).unwrap_or("").trim();
            if !object.is_empty() {
                keys.insert(format!("{prefix}{object}").trim_start_matches('/').to_string());
            }
        }
    }
    keys
}

fn output_keys(summary: &Value) -> BTreeSet<String> {
    summary["outputs"].as_array().unwrap().iter().map(|o| o["key"].as_str().unwrap().to_string()).collect()
}

fn well_formed_corpus() -> Option<Vec<PathBuf>> {
    let dir = crate::corpus::corpus()?;
    let files = crate::corpus::manifest(&dir)
        .into_iter()
        .filter(|e| !e.notes.contains("NOT well-formed"))
        .map(|e| dir.join(e.file))
        .collect();
    Some(files)
}

#[test]
fn every_output_file_of_every_published_body_is_listed() {
    let Some(files) = well_formed_corpus() else { return };
    assert!(files.len() >= 124, "{} well-formed bodies", files.len());
    let (mut bodies_with_outputs, mut keys_checked) = (0, 0);
    for (path, summary) in files.iter().zip(summaries(&files)) {
        assert_eq!(summary["input"].as_str(), path.to_str(), "NDJSON keeps the order of the inputs");
        let listed = listed_keys(&std::fs::read(path).unwrap());
        let found = output_keys(&summary);
        let missing: Vec<_> = listed.difference(&found).collect();
        assert!(missing.is_empty(), "{}: {missing:?} not among the outputs {found:?}", path.display());
        for o in summary["outputs"].as_array().unwrap() {
            let key = o["key"].as_str().unwrap();
            assert!(!key.contains("${"), "{}: a template listed as a file: {key}", path.display());
            if let (Some(b), Some(uri)) = (o["bucket"].as_str(), o["uri"].as_str()) {
                assert_eq!(uri, format!("cos://{b}/{key}"));
            }
        }
        bodies_with_outputs += usize::from(!found.is_empty());
        keys_checked += listed.len();
    }
    assert!(keys_checked >= 100, "only {keys_checked} ObjectPrefix+ObjectName pairs in the corpus?");
    eprintln!(
        "summarize corpus: {} bodies, {bodies_with_outputs} with outputs, {keys_checked} OutputFile keys found",
        files.len()
    );
}

#[test]
fn md5_is_matched_whether_md5info_names_the_full_key_or_the_relative_name() {
    let s = &summaries(&[
        repo().join("samples/transcode-multi-output.xml"),
        repo().join("samples/superresolution-watermark-failed.xml"),
    ]);
    // Full keys in Md5Info (output/hls/…), four ObjectName relative to the prefix.
    let outputs = s[0]["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), 4);
    assert_eq!(outputs[1]["key"], "output/hls/lecture-07-0.ts");
    assert_eq!(outputs[1]["md5"], "fa4e92c50edea635b2697bf0fcd89e5f");
    // A relative name in Md5Info.
    assert_eq!(s[1]["outputs"][0]["key"], "restored/1998/interview-tape-03-sr.mp4");
    assert_eq!(s[1]["outputs"][0]["md5"], "9e107d9d372bb6826bd81d3542a419d6");
    assert_eq!(s[1]["failed"], false);
    assert_eq!(s[1]["warnings"][0]["path"], "Response.JobsDetail[0].Operation.DigitalWatermark.State");
}

/// The shape doc/guide.md documents; a change here is a breaking change for scripts.
#[test]
fn json_shape_is_the_documented_one() {
    let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    let sorted = |mut v: Vec<&str>| {
        v.sort_unstable();
        v.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let top = sorted(vec![
        "input",
        "kind",
        "event",
        "format",
        "state",
        "failed",
        "trigger",
        "workflow",
        "bucket",
        "region",
        "object",
        "created",
        "ended",
        "duration_seconds",
        "cos_headers",
        "user_data",
        "jobs",
        "failures",
        "warnings",
        "outputs",
        "templates",
    ]);
    let job = sorted(vec![
        "index",
        "path",
        "type",
        "sub_tag",
        "node",
        "state",
        "job_id",
        "template_name",
        "template_id",
        "code",
        "message",
        "progress",
        "created",
        "started",
        "ended",
        "duration_seconds",
        "highlights",
    ]);
    let output = sorted(vec!["index", "bucket", "region", "key", "uri", "url", "md5", "source", "image"]);
    let samples: Vec<PathBuf> = files(&repo().join("samples"), &["xml", "json"])
        .into_iter()
        .filter(|p| !p.components().any(|c| c.as_os_str() == "invalid" || c.as_os_str() == "fixtures"))
        .collect();
    let all = summaries(&samples);
    let sorted_keys = |v: &Value| {
        let mut k = keys(v);
        k.sort_unstable();
        k
    };
    for s in &all {
        assert_eq!(sorted_keys(s), top, "{}", s["input"]);
        for j in s["jobs"].as_array().unwrap() {
            assert_eq!(sorted_keys(j), job, "{}", s["input"]);
        }
        for o in s["outputs"].as_array().unwrap() {
            assert_eq!(sorted_keys(o), output, "{}", s["input"]);
        }
        if let Some(w) = s["workflow"].as_object() {
            assert_eq!(w.keys().collect::<Vec<_>>(), ["id", "name", "node", "run_id"]);
        }
    }
    let failed: Vec<&str> = all.iter().filter(|s| s["failed"] == true).map(|s| s["input"].as_str().unwrap()).collect();
    assert_eq!(failed.len(), 2, "{failed:?}");
}

const HOSTILE: &str = r#"{"EventName":"TaskFinish","JobsDetail":{"JobId":"j1","State":"Success","Tag":"Transcode",
  "Input":{"BucketId":"b-1250000000","Region":"ap-beijing","Object":"in/\u001b]0;owned\u0007clip.mp4"},
  "Operation":{"UserData":"\u001b[2J\u001b[31mgotcha\u009b1m\u202e","MediaResult":{"OutputFile":{
  "Bucket":"b-1250000000","Region":"ap-beijing","ObjectPrefix":"out/","ObjectName":["\u001b[31mred.mp4"]}}}}}"#;

fn has_unsafe(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(bytes).chars().any(|c| c != '\n' && cicb::render::sanitize::is_unsafe(c))
}

#[test]
fn escape_sequences_never_reach_the_output_of_the_human_views() {
    for format in ["human", "markdown"] {
        let out = summarize(&["--format", format], Some(HOSTILE.as_bytes()));
        assert_eq!(out.status.code(), Some(0));
        assert!(!has_unsafe(&out.stdout), "{format}: {}", String::from_utf8_lossy(&out.stdout));
        let text = String::from_utf8(out.stdout).unwrap();
        // Markdown escapes the backslashes and brackets once more, so that they render as such.
        let user_data = match format {
            "human" => r"\x1b[2J\x1b[31mgotcha\x9b1m\u{202e}",
            _ => r"\\x1b\[2J\\x1b\[31mgotcha\\x9b1m\\u{202e}",
        };
        assert!(text.contains(user_data), "{format}: {text}");
        assert!(text.contains(r"in/\x1b]0;owned\x07clip.mp4"), "{format}: {text}");
    }
    // JSON escapes them as JSON does.
    let out = summarize(&["--format", "json"], Some(HOSTILE.as_bytes()));
    assert!(!has_unsafe(&out.stdout));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["user_data"], "\u{1b}[2J\u{1b}[31mgotcha\u{9b}1m\u{202e}");
    // --outputs piped is for programs: the key as it is (on a terminal it is escaped).
    let out = summarize(&["--outputs"], Some(HOSTILE.as_bytes()));
    assert_eq!(out.stdout, "cos://b-1250000000/out/\u{1b}[31mred.mp4\n".as_bytes());
    let out = summarize(&["--outputs", "--url"], Some(HOSTILE.as_bytes()));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "https://b-1250000000.cos.ap-beijing.myqcloud.com/out/%1B%5B31mred.mp4\n"
    );
}

#[test]
fn colors_only_when_asked_or_on_a_terminal() {
    let sample = "samples/workflow-failed.xml";
    let plain = summarize(&["--width", "0", sample], None);
    assert!(!plain.stdout.contains(&0x1b), "piped output has no styling");
    let colored = summarize(&["--color", "always", "--width", "0", sample], None);
    let text = String::from_utf8(colored.stdout).unwrap();
    assert!(text.contains("\x1b[1m\x1b[31mFailed"), "the run's Failed is red: {text}");
    assert!(text.contains("\x1b[38;5;10m Success"), "a task's Success is green: {text}");
    assert!(text.contains("\x1b[38;5;9m Failed"), "a task's Failed is red: {text}");
    // Same text once the styling is taken out.
    let stripped = strip_ansi(&text);
    assert_eq!(stripped, String::from_utf8(plain.stdout).unwrap());
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' && chars.peek() == Some(&'[') {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn stdin_is_read_when_no_input_or_dash_is_given() {
    let body = std::fs::read(repo().join("samples/noise-reduction.json")).unwrap();
    for args in [vec!["--outputs"], vec!["--outputs", "-"]] {
        let out = summarize(&args, Some(&body));
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(String::from_utf8_lossy(&out.stdout), "cos://test-123456789/output/nr.wav\n");
    }
}

#[test]
fn closed_pipe_exits_zero_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("many.xml");
    // 20 000 output files: far more than a pipe buffer holds.
    let mut body = String::from("<Response><EventName>TaskFinish</EventName><JobsDetail><State>Success</State>");
    body.push_str("<Operation><MediaResult><OutputFile><Bucket>b-1</Bucket><ObjectPrefix>out/</ObjectPrefix>");
    for i in 0..20_000 {
        body.push_str(&format!("<ObjectName>segment-{i:05}.ts</ObjectName>"));
    }
    body.push_str("</OutputFile></MediaResult></Operation></JobsDetail></Response>");
    std::fs::write(&input, body).unwrap();
    for args in [vec!["summarize", "--outputs"], vec!["summarize"], vec!["summarize", "--format", "json"]] {
        crate::support::assert_closed_pipe_exits_zero(&args, &input);
    }
}

#[test]
fn every_sample_is_summarized_in_every_format() {
    let samples: Vec<PathBuf> = files(&repo().join("samples"), &["xml", "json"])
        .into_iter()
        .filter(|p| !p.components().any(|c| c.as_os_str() == "invalid" || c.as_os_str() == "fixtures"))
        .collect();
    let names: Vec<&str> = samples.iter().map(|p| p.to_str().unwrap()).collect();
    for format in [vec!["--format", "human"], vec!["--format", "markdown"], vec!["--outputs"]] {
        let args: Vec<&str> = format.iter().copied().chain(names.iter().copied()).collect();
        let out = summarize(&args, None);
        assert_eq!(out.status.code(), Some(0), "{format:?}: {}", String::from_utf8_lossy(&out.stderr));
        let stderr = String::from_utf8_lossy(&out.stderr);
        // `--outputs` says why it printed nothing for a body; nothing else goes to stderr.
        assert!(
            stderr.lines().all(|l| format == ["--outputs"] && l.starts_with("cicb: note: ")),
            "{format:?}: {stderr}"
        );
    }
    // And the trycmd snapshots name each of them.
    let snapshots = std::fs::read_to_string(repo().join("tests/cmd/summarize.trycmd")).unwrap();
    for p in &samples {
        let rel = p.strip_prefix(repo()).unwrap_or(Path::new(p)).to_string_lossy().replace('\\', "/");
        assert!(snapshots.contains(&format!("$ cicb summarize {rel}\n")), "no human snapshot for {rel}");
    }
}

#[test]
fn outputs_that_print_nothing_say_why() {
    for (body, why) in [
        ("samples/workflow-finish.xml", "a workflow callback names no files; each job's own callback does"),
        ("samples/workflow-failed.xml", "a workflow callback names no files; each job's own callback does"),
        ("samples/transcode-failed.xml", "the job failed: no outputs"),
        ("samples/audit-image-detail.json", "a content-moderation callback names no files"),
    ] {
        let out = summarize(&["--outputs", body], None);
        assert_eq!(out.status.code(), Some(0), "{body}");
        assert!(out.stdout.is_empty(), "{body}: {}", String::from_utf8_lossy(&out.stdout));
        assert_eq!(String::from_utf8_lossy(&out.stderr), format!("cicb: note: {body}: {why}\n"));
    }
    // A body that names files gets no note.
    let out = summarize(&["--outputs", "samples/picprocess-api.xml"], None);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "cos://test-1234567890/output/out.jpg\n");
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    // A body without JobsDetail lists no files either, and the note names it.
    let body = br#"{"EventName":"TaskFinish","JobsDetail":{"State":"Success","Tag":"Transcode","JobId":"j1"}}"#;
    let out = summarize(&["--outputs"], Some(body));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "cicb: note: <stdin>: the body lists no output files\n");
}

/// The `created` and `ended` header lines of every sample: `2023-03-14 09:12:05+0800`.
#[test]
fn header_times_share_one_format() {
    let shape = |t: &str| {
        let b = t.as_bytes();
        t.len() == 24
            && b.iter().enumerate().all(|(i, c)| match i {
                4 | 7 => *c == b'-',
                10 => *c == b' ',
                13 | 16 => *c == b':',
                19 => *c == b'+' || *c == b'-',
                _ => c.is_ascii_digit(),
            })
    };
    let mut seen = 0;
    for p in files(&repo().join("samples"), &["xml", "json"]) {
        if p.components().any(|c| c.as_os_str() == "invalid" || c.as_os_str() == "fixtures") {
            continue;
        }
        let out = summarize(&[p.to_str().unwrap()], None);
        let text = String::from_utf8(out.stdout).unwrap();
        for line in text.lines().filter(|l| l.starts_with("created ") || l.starts_with("ended ")) {
            let value = line.split_once(' ').unwrap().1.trim_start();
            let time = value.get(..24).unwrap_or(value);
            assert!(shape(time), "{}: {line:?}", p.display());
            seen += 1;
        }
    }
    assert!(seen >= 20, "only {seen} header times");
}

#[test]
fn results_and_outputs_share_one_size_unit() {
    for body in ["samples/picprocess-api.xml", "samples/picprocess-workflow.xml"] {
        let text = String::from_utf8(summarize(&[body], None).stdout).unwrap();
        let results = text.lines().find(|l| l.trim_start().starts_with("image:")).unwrap();
        let output = text.lines().find(|l| l.trim_start().starts_with("cos://")).unwrap();
        assert!(results.ends_with(", 24.3 KiB"), "{results}");
        assert!(output.ends_with(" 24.3 KiB)"), "{output}");
        assert!(!text.contains(" bytes"), "{text}");
    }
}

/// 51s from CreationTime to EndTime, 50s from StartTime: each says what it measures.
#[test]
fn header_and_row_durations_say_what_they_measure() {
    let body = "samples/transcode-multi-output.xml";
    let piped = String::from_utf8(summarize(&["--width", "0", body], None).stdout).unwrap();
    assert!(piped.contains("\nended     2023-05-22 10:05:02+0800 (51s after created)\n"), "{piped}");
    let header = piped.lines().find(|l| l.contains("┆ JobId")).unwrap();
    assert!(header.contains("┆ Ran ┆") && !header.contains("Duration"), "{header}");
    assert!(piped.lines().any(|l| l.contains("┆ 50s ┆")), "{piped}");
    let out = Command::new(bin())
        .args(["summarize", body])
        .current_dir(repo())
        .env("CICB_TERM_WIDTH", "80")
        .output()
        .unwrap();
    let narrow = String::from_utf8(out.stdout).unwrap();
    assert!(narrow.contains("(51s after created)") && narrow.contains("\n   Ran       50s\n"), "{narrow}");
}

/// `cicb summarize --format json DIR | head -1`: the reader leaves long before the last input,
/// a broken body, is reached (the output of the 400 before it is far more than a pipe holds).
/// The run still reads it and exits 1, as it does when everything is read; with no broken body
/// it exits 0 with nothing on stderr.
#[test]
fn a_closed_pipe_does_not_hide_a_failure_the_remaining_inputs_find() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let body = std::fs::read(repo().join("samples/workflow-finish.xml")).unwrap();
    for i in 0..400 {
        std::fs::write(dir.path().join(format!("a{i:03}.xml")), &body).unwrap();
    }
    let run = |head: bool| {
        let mut child = Command::new(bin())
            .args(["summarize", "--format", "json"])
            .arg(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        if head {
            let mut first = String::new();
            BufReader::new(child.stdout.as_mut().unwrap()).read_line(&mut first).unwrap();
            assert!(first.starts_with('{'), "{first}");
            drop(child.stdout.take());
        }
        let out = child.wait_with_output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (code, stderr) = run(true);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    std::fs::write(dir.path().join("z-broken.xml"), "<Response><JobsDetail></Response>").unwrap();
    assert_eq!(run(false).0, Some(1));
    for _ in 0..3 {
        let (code, stderr) = run(true);
        assert_eq!(code, Some(1), "the reader left, the failure stays: {stderr}");
        assert!(stderr.contains("z-broken.xml") && stderr.contains("1 of 401 inputs not summarized"), "{stderr}");
        assert!(!stderr.to_lowercase().contains("broken pipe"), "{stderr}");
    }
}
