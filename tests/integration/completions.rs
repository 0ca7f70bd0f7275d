//! completions/ and doc/cicb.1 are what the current CLI generates. Refresh: SNAPSHOTS=overwrite.

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
fn man_page_is_fresh() {
    check("doc/cicb.1", cicb::commands::man::page().unwrap());
}
