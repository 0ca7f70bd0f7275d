//! completions/ and doc/*.1 are what the current CLI generates. Refresh: SNAPSHOTS=overwrite.

use crate::support::repo;

fn check(rel: &str, fresh: Vec<u8>) {
    let path = repo().join(rel);
    if std::env::var_os("SNAPSHOTS").is_some_and(|v| v == "overwrite") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read(&path).unwrap_or_default();
    assert!(committed == fresh, "{rel} is stale: run `SNAPSHOTS=overwrite cargo test --locked completions`");
}

#[test]
fn completions_are_fresh() {
    use clap_complete::Shell;
    for (shell, file) in [
        (Shell::Bash, "completions/cicb.bash"),
        (Shell::Zsh, "completions/_cicb"),
        (Shell::Fish, "completions/cicb.fish"),
        (Shell::PowerShell, "completions/_cicb.ps1"),
        (Shell::Elvish, "completions/cicb.elv"),
    ] {
        check(file, cicb::commands::completions::script(shell));
    }
}

#[test]
fn man_pages_are_fresh() {
    let pages = cicb::commands::man::pages().unwrap();
    let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
    for sub in ["cicb.1", "cicb-summarize.1", "cicb-convert.1", "cicb-parse.1", "cicb-validate.1", "cicb-man.1"] {
        assert!(names.contains(&sub), "no {sub} among {names:?}");
    }
    for (name, page) in pages {
        check(&format!("doc/{name}"), page);
    }
}

/// `cicb man --dir` writes the committed pages.
#[test]
fn man_dir_writes_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(crate::support::bin())
        .args(["man", "--dir"])
        .arg(dir.path().join("man1"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(cicb::commands::man::is_fresh(&dir.path().join("man1")).unwrap());
    assert!(cicb::commands::man::is_fresh(&crate::support::repo().join("doc")).unwrap());
}

/// Completions offer what each argument takes: `cicb sample` names and task types, `--format`
/// values, folders for `--dir`, files for inputs and `-o`.
#[test]
fn completions_offer_sample_names_formats_and_paths() {
    use clap_complete::Shell;
    let bash = String::from_utf8(cicb::commands::completions::script(Shell::Bash)).unwrap();
    let sample = &bash[bash.find("cicb__subcmd__sample)").unwrap()..];
    let sample = &sample[..sample.find(";;\n        cicb__").unwrap_or(sample.len())];
    let opts = sample.lines().find(|l| l.trim_start().starts_with("opts=")).unwrap();
    for name in cicb::sample::names() {
        assert!(opts.split(['"', ' ']).any(|w| w == name), "`cicb sample` does not complete {name}");
    }
    let tasks = &sample[sample.find("--tasks)").unwrap()..];
    assert!(tasks.lines().nth(1).unwrap().contains(" Transcode Translation "), "{tasks}");
    let summarize = &bash[bash.find("cicb__subcmd__summarize)").unwrap()..];
    assert!(summarize.contains("compgen -W \"human json markdown\""), "--format values");
    let zsh = String::from_utf8(cicb::commands::completions::script(Shell::Zsh)).unwrap();
    assert!(zsh.contains(":DIR:_files -/"), "--dir completes folders");
    assert!(zsh.contains(":FILE:_files"), "-o completes files");
    assert!(zsh.contains("WordsGeneralize workflow legacy-job"), "zsh completes sample names");
}
