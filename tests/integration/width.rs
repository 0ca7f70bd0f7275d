//! `cicb summarize` on a terminal (issue 9, "the first screen"): at 80 and 120 columns every line
//! of the human view fits, and no JobId, state or time is split across lines; piped, the table
//! keeps every column as wide as its content. The terminal is the test-only `CICB_TERM_WIDTH`
//! override, and once a real pseudo-terminal (`script`, where it is installed).

use std::process::Command;

use serde_json::Value;

use crate::support::*;

/// A workflow, a multi-output Transcode, PicProcess (API and workflow) and SpeechRecognition.
const BODIES: [&str; 6] = [
    "samples/workflow-failed.xml",
    "samples/workflow-finish.xml",
    "samples/transcode-multi-output.xml",
    "samples/picprocess-api.xml",
    "samples/picprocess-workflow.xml",
    "samples/speechrecognition-workflow.xml",
];

const WIDTHS: [usize; 2] = [80, 120];

fn summarize(args: &[&str], width: Option<usize>) -> String {
    let mut cmd = Command::new(bin());
    cmd.arg("summarize").args(args).current_dir(repo()).env("NO_COLOR", "1").env_remove("CICB_TERM_WIDTH");
    if let Some(w) = width {
        cmd.env("CICB_TERM_WIDTH", w.to_string());
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The widest line, in terminal columns (CJK counts two).
fn widest(text: &str) -> usize {
    text.lines().map(textwrap::core::display_width).max().unwrap_or(0)
}

/// The values that must appear whole on one line: JobIds, states, and each row's created and
/// ended time as the view shows them (`HH:MM:SS`, all samples are on one day).
fn unsplittable(body: &str) -> Vec<String> {
    let json: Value = serde_json::from_str(&summarize(&["--format", "json", body], None)).unwrap();
    let mut values = Vec::new();
    for row in json["jobs"].as_array().unwrap() {
        for key in ["job_id", "state"] {
            values.extend(row[key].as_str().map(str::to_string));
        }
        for key in ["created", "ended"] {
            // RFC 3339: the time of day is bytes 11..19.
            values.extend(row[key].as_str().map(|t| t[11..19].to_string()));
        }
    }
    values.extend(json["state"].as_str().map(str::to_string));
    values
}

fn assert_fits(body: &str, width: usize, text: &str) {
    for (n, line) in text.lines().enumerate() {
        let w = textwrap::core::display_width(line);
        assert!(w <= width, "{body} at {width} columns: line {} is {w} wide:\n{line}\n\n{text}", n + 1);
    }
    for value in unsplittable(body) {
        assert!(
            text.lines().any(|l| l.contains(&value)),
            "{body} at {width} columns: {value:?} split or missing:\n{text}"
        );
    }
}

#[test]
fn every_line_fits_80_and_120_columns() {
    for body in BODIES {
        for width in WIDTHS {
            assert_fits(body, width, &summarize(&[body], Some(width)));
        }
    }
}

#[test]
fn a_table_that_fits_stays_a_table() {
    // PicProcess via the API: the full table is narrower than 120 columns once the Template fits.
    let wide = summarize(&["samples/picprocess-api.xml"], Some(200));
    assert!(wide.contains("╭") && wide.contains("┆ JobId"), "{wide}");
    assert_eq!(wide, summarize(&["--width", "0", "samples/picprocess-api.xml"], None), "a table that fits is whole");
    // Piped, 120 columns: its 135-column table becomes blocks.
    let piped = summarize(&["samples/picprocess-api.xml"], None);
    assert!(!piped.contains("╭") && piped.contains("\n#1 PicProcess — Success\n"), "{piped}");
    // Too narrow for it: blocks, no box drawing.
    let narrow = summarize(&["samples/picprocess-api.xml"], Some(80));
    assert!(!narrow.contains("╭") && narrow.contains("\n#1 PicProcess — Success\n"), "{narrow}");
    assert!(narrow.contains("\n   JobId     c93984788066911ed89ed352d4d9d2084\n"), "{narrow}");
}

#[test]
fn width_0_tables_keep_every_column_as_wide_as_its_content() {
    for body in BODIES {
        let text = summarize(&["--width", "0", body], None);
        assert!(text.contains("╭"), "{body}: piped output has no table:\n{text}");
        for value in unsplittable(body) {
            // One table row holds the JobId, the state and both times.
            assert!(text.lines().any(|l| l.contains(&value)), "{body}: {value:?} not on one line:\n{text}");
        }
    }
    // The width of the widest sample is what the table needs, not a terminal's.
    assert!(widest(&summarize(&["--width", "0", "samples/workflow-failed.xml"], None)) > 120);
}

/// Piped (a file, `less`): 120 columns, or `$COLUMNS` when set; `--width N` wins over both.
#[test]
fn piped_output_fits_120_columns_or_columns_or_width() {
    let run = |args: &[&str], columns: Option<&str>| {
        let mut cmd = Command::new(bin());
        cmd.arg("summarize").args(args).current_dir(repo()).env("NO_COLOR", "1").env_remove("CICB_TERM_WIDTH");
        if let Some(c) = columns {
            cmd.env("COLUMNS", c);
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    for body in BODIES {
        assert_fits(body, 120, &run(&[body], None));
        assert_fits(body, 80, &run(&[body], Some("80")));
        assert_fits(body, 100, &run(&["--width", "100", body], Some("80")));
        // COLUMNS that is not a width is ignored.
        assert_eq!(run(&[body], Some("wide")), run(&[body], None), "{body}");
    }
    // The widest sample's table (161 columns) becomes blocks at 120.
    assert!(run(&["samples/workflow-failed.xml"], None).contains("\n#3 Animation"));
}

#[test]
fn markdown_ignores_the_terminal_width() {
    for body in BODIES {
        let args = ["--format", "markdown", body];
        assert_eq!(summarize(&args, Some(80)), summarize(&args, None), "{body}");
    }
}

/// Under a real pseudo-terminal the terminal's own width is used (no override).
#[test]
fn a_pseudo_terminal_of_80_columns() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("note: `script` (util-linux) not installed; pseudo-terminal test skipped");
        return;
    }
    let body = "samples/workflow-failed.xml";
    let cmd = format!("stty cols 80 rows 40; NO_COLOR=1 {} summarize {body}", bin().display());
    let out = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .current_dir(repo())
        .env_remove("CICB_TERM_WIDTH")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap().replace('\r', "");
    assert!(text.contains("#3 Animation"), "not the block layout:\n{text}");
    assert_fits(body, 80, &text);
}

#[test]
fn several_inputs_fit_too() {
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join(format!("{}.xml", "callback-captured-from-the-staging-bucket-".repeat(3)));
    std::fs::copy(repo().join("samples/transcode-multi-output.xml"), &long).unwrap();
    let args = ["samples/workflow-failed.xml", long.to_str().unwrap()];
    for width in WIDTHS {
        let text = summarize(&args, Some(width));
        assert!(text.starts_with("==> samples/workflow-failed.xml <==\n"), "{text}");
        assert!(text.contains("\n\n==> "), "{text}");
        for (n, line) in text.lines().enumerate() {
            let w = textwrap::core::display_width(line);
            assert!(w <= width, "at {width} columns: line {} is {w} wide:\n{line}", n + 1);
        }
    }
    // No limit: the name line whole.
    let piped = summarize(&[&["--width", "0"][..], &args[..]].concat(), None);
    assert!(piped.contains(&format!("\n==> {} <==\n", long.display())), "{piped}");
}

/// stderr's messages at a width (`$COLUMNS`, as piped; a terminal's is read the same way): every
/// line fits, and rejoined they are the message whole.
#[test]
fn errors_notices_and_diff_lines_fit_the_width() {
    let run = |args: &[&str], columns: Option<&str>| {
        let mut cmd = Command::new(bin());
        cmd.args(args).current_dir(repo()).env("NO_COLOR", "1").env_remove("CICB_TERM_WIDTH").env_remove("COLUMNS");
        if let Some(c) = columns {
            cmd.env("COLUMNS", c);
        }
        cmd.output().unwrap()
    };
    let rejoined = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    // diff's values are cut to fit, but never below a few characters: at 80 columns every path
    // of this pair leaves them room.
    let cases: [(&[&str], usize); 3] = [
        (&["sample", "NoSuchSample"], 60),
        (&["redact", "samples/workflow-finish.xml"], 60),
        (&["diff", "samples/transcode-failed.xml", "samples/transcode-multi-output.xml"], 80),
    ];
    for (args, width) in cases {
        let whole = run(args, None);
        let narrow = run(args, Some(&width.to_string()));
        assert_eq!(narrow.status.code(), whole.status.code(), "{args:?}");
        let (w_err, n_err) = (String::from_utf8_lossy(&whole.stderr), String::from_utf8_lossy(&narrow.stderr));
        assert!(n_err.lines().all(|l| l.chars().count() <= width), "{args:?}:\n{n_err}");
        assert_eq!(rejoined(&n_err), rejoined(&w_err), "{args:?}");
        // stdout: diff's lines fit too; the others' output is data, the same at any width.
        let out = String::from_utf8_lossy(&narrow.stdout);
        if args[0] == "diff" {
            assert!(out.lines().all(|l| l.chars().count() <= width), "{out}");
            assert!(String::from_utf8_lossy(&whole.stdout).lines().any(|l| l.chars().count() > 1000));
        } else {
            assert!(w_err.lines().any(|l| l.chars().count() > width), "{args:?} needs no wrapping:\n{w_err}");
            assert_eq!(narrow.stdout.len(), whole.stdout.len(), "{args:?}");
        }
    }
}
