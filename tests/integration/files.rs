//! Process-level behaviour trycmd cannot express: pipes, atomic output files.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::support::{assert_closed_pipe_exits_zero, bin, repo};

fn big_body(n: usize) -> String {
    let mut s = String::from("<Response><EventName>TaskFinish</EventName><JobsDetail><Input>");
    for i in 0..n {
        s.push_str(&format!("<CosHeaders><Key>x-cos-meta-{i}</Key><Value>{}</Value></CosHeaders>", "v".repeat(200)));
    }
    s.push_str("</Input></JobsDetail></Response>");
    s
}

#[test]
fn closed_pipe_exits_zero_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.xml");
    std::fs::write(&input, big_body(20_000)).unwrap();
    for args in [["convert"], ["parse"]] {
        assert_closed_pipe_exits_zero(&args, &input);
    }
}

#[test]
fn output_file_is_written_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.json");
    std::fs::write(&target, "precious").unwrap();

    // Invalid input: the existing file is untouched and no temporary file is left behind.
    let bad = repo().join("samples/invalid/legacy-template-meidainfo.xml");
    let out = Command::new(bin()).arg("convert").arg(&bad).arg("-o").arg(&target).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "a temporary file was left behind");

    // Valid input replaces it, and stdout stays empty.
    let good = repo().join("samples/transcode-multi-output.xml");
    let out = Command::new(bin()).arg("convert").arg(&good).arg("-o").arg(&target).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    let written: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(written["JobsDetail"]["Tag"], "Transcode");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn output_into_a_missing_directory_is_a_clear_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("no/such/dir/out.json");
    let good = repo().join("samples/noise-reduction.xml");
    let out = Command::new(bin()).arg("convert").arg(&good).arg("-o").arg(&target).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("cicb: error: failed to write "), "{err}");
    assert!(err.contains("out.json"), "{err}");
    assert!(err.contains("does not exist"), "{err}");
    assert!(!err.contains(".cicb-"), "the error names cicb's temporary file: {err}");
}

#[test]
fn reads_stdin_with_and_without_dash() {
    let body = std::fs::read(repo().join("samples/workflow-finish.json")).unwrap();
    for args in
        [vec!["parse", "--get", "WorkflowExecution.RunId"], vec!["parse", "--get", "WorkflowExecution.RunId", "-"]]
    {
        let mut child = Command::new(bin()).args(&args).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(&body).unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(String::from_utf8_lossy(&out.stdout), "i166ee19017b011eda8a5525400c540df\n");
    }
}

/// Symbolic links inside a folder are followed, as `grep -R` does: a linked body is read, a
/// linked folder walked; a link back to a folder being walked is skipped with a warning, and a
/// dangling link with a body's name is an unreadable input (exit 2), said on stderr.
#[cfg(unix)]
#[test]
fn symlinks_in_a_folder_are_followed_and_loops_said() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("bodies");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    symlink(repo().join("samples/workflow-finish.xml"), root.join("linked.xml")).unwrap();
    symlink(repo().join("samples/fixtures/jobs"), root.join("jobs")).unwrap();
    let validate = |root: &std::path::Path| Command::new(bin()).arg("validate").arg(root).output().unwrap();
    let out = validate(&root);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let jobs = std::fs::read_dir(repo().join("samples/fixtures/jobs")).unwrap().count();
    assert!(stderr.contains(&format!("checked {} files", 1 + jobs)), "{stderr}");
    assert!(!stderr.contains("warning: skipped"), "{stderr}");
    // A loop: sub/up -> the folder itself.
    symlink(&root, root.join("sub/up")).unwrap();
    let out = validate(&root);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning: skipped") && stderr.contains("symbolic link loop"), "{stderr}");
    assert!(stderr.contains(&format!("checked {} files", 1 + jobs)), "{stderr}");
    // Dangling: a body's name is unreadable; any other name is passed over.
    symlink(dir.path().join("gone.txt"), root.join("notes.txt")).unwrap();
    assert!(String::from_utf8_lossy(&validate(&root).stderr).contains(&format!("checked {} files", 1 + jobs)));
    symlink(dir.path().join("gone.xml"), root.join("gone.xml")).unwrap();
    let out = validate(&root);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("gone.xml"), "{stderr}");
}

/// `validate` with nothing to read and a terminal on stdin: a usage error, not a wait.
#[test]
fn validate_without_input_on_a_terminal_is_a_usage_error() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("note: `script` (util-linux) not installed; pseudo-terminal test skipped");
        return;
    }
    let cmd = format!("{} validate; echo \"exit=$?\"", bin().display());
    let out = Command::new("script").args(["-qec", &cmd, "/dev/null"]).stdin(Stdio::null()).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).replace('\r', "");
    assert!(text.contains("give a file, a folder, or - for stdin"), "{text}");
    assert!(text.contains("exit=2"), "{text}");
}

/// Started with standard streams closed (`>&-`, `<&-`), cicb runs as with them open on /dev/null
/// (as std's runtime set-up did, which `cicb` skips): the output is swallowed (exit 0), and no
/// file cicb opens takes a closed stream's descriptor.
#[test]
fn closed_standard_streams_are_dev_null() {
    let sample = repo().join("samples/workflow-finish.xml");
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("out.json");
    let sh = |script: &str| {
        Command::new("sh").args(["-c", script, "sh"]).arg(bin()).arg(&sample).arg(&out_file).output().unwrap()
    };
    for script in [
        r#"exec "$1" summarize "$2" >&-"#,
        r#"exec "$1" summarize "$2" <&- >&-"#,
        r#"exec "$1" validate "$2" <&- >&- 2>&-"#,
        r#"exec "$1" convert "$2" -o "$3" <&- >&-"#,
    ] {
        let out = sh(script);
        assert_eq!(out.status.code(), Some(0), "{script}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.is_empty(), "{script}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let expected = Command::new(bin()).arg("convert").arg(&sample).output().unwrap().stdout;
    assert_eq!(std::fs::read(&out_file).unwrap(), expected);
    // The closed stream is /dev/null while cicb runs: read as a file, it is an empty input (exit
    // 1), not a missing file (exit 2).
    if cfg!(target_os = "linux") {
        for fd in 0..3 {
            let out = sh(&format!(r#"exec "$1" summarize /proc/self/fd/{fd} {fd}>&-"#));
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "fd {fd}: {stderr}");
            assert!(fd == 2 || stderr.contains("input is empty"), "fd {fd}: {stderr}");
        }
    }
}
