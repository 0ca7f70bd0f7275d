//! What the documentation promises a newcomer is true.

use std::process::Command;

use crate::support::{bin, repo};

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap()
}

/// The README states the minimum Rust version Cargo.toml declares, in Install and Quick start.
#[test]
fn readme_states_the_minimum_rust_version() {
    let cargo = read("Cargo.toml");
    let version = cargo.lines().find_map(|l| l.strip_prefix("rust-version = ")).unwrap().trim_matches('"');
    let readme = read("README.md");
    let install = &readme[readme.find("## Install").unwrap()..readme.find("## Quick start").unwrap()];
    assert!(install.contains(&format!("Rust {version}")), "Install does not name Rust {version}");
    assert!(install.contains("cargo install --path . --locked"));
    let quick = &readme[readme.find("## Quick start").unwrap()..];
    let quick = &quick[..quick[3..].find("\n## ").unwrap()];
    assert!(quick.contains(version), "Quick start does not name Rust {version}");
    assert!(quick.contains("cargo run --release -- summarize samples/") && quick.contains("cargo test --locked"));
}

/// The pre-commit hook's entry is a cicb command that passes on a clean fixture and fails on a bad one.
#[test]
fn pre_commit_hook_runs() {
    let hooks = read(".pre-commit-hooks.yaml");
    assert!(hooks.contains("- id: cicb-validate"));
    let entry = hooks.lines().find_map(|l| l.trim().strip_prefix("entry: ")).unwrap();
    let mut words = entry.split_whitespace();
    assert_eq!(words.next(), Some("cicb"));
    let args: Vec<&str> = words.collect();
    let run = |file: &str| Command::new(bin()).args(&args).arg(repo().join(file)).output().unwrap().status.code();
    assert_eq!(run("samples/workflow-finish.xml"), Some(0));
    assert_eq!(run("samples/invalid/rule-enum.xml"), Some(1));
}

/// Cargo.toml's `license = "MIT OR Apache-2.0"` has both texts beside it, for the cicb authors.
#[test]
fn both_licenses_are_there() {
    assert!(read("Cargo.toml").contains("license = \"MIT OR Apache-2.0\""));
    let mit = read("LICENSE-MIT");
    assert!(mit.starts_with("MIT License") && mit.contains("Copyright (c) the cicb authors"), "{mit}");
    assert!(mit.contains("THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND"));
    let apache = read("LICENSE-APACHE");
    assert!(apache.contains("Version 2.0, January 2004") && apache.contains("END OF TERMS AND CONDITIONS"));
    assert!(apache.contains("Copyright the cicb authors"));
}
