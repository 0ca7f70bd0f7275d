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
    assert!(quick.contains("for contributors"), "Quick start does not say the tests are for contributors");
}

/// Install says how to get `cicb consume`: the feature and what it needs to build.
#[test]
fn readme_install_names_the_kafka_feature() {
    let readme = read("README.md");
    let install = &readme[readme.find("## Install").unwrap()..readme.find("## Quick start").unwrap()];
    assert!(install.contains("cargo install --path . --locked --features kafka"));
    for need in ["C compiler", "make", "pkg-config", "libssl-dev", "zlib1g-dev"] {
        assert!(install.contains(need), "Install does not name {need}");
    }
}

/// The README's command table has a row for every subcommand, and each row's example names it.
#[test]
fn readme_has_an_example_per_command() {
    use clap::CommandFactory;
    let readme = read("README.md");
    let start = readme.find("## Commands").expect("a Commands section");
    let section = &readme[start..start + readme[start + 3..].find("\n## ").unwrap() + 3];
    for cmd in cicb::cli::Cli::command().get_subcommands() {
        let name = cmd.get_name();
        let row = section
            .lines()
            .find(|l| l.starts_with("| `") && l.contains(&format!("`{name}`")))
            .unwrap_or_else(|| panic!("no row for `cicb {name}` in the README's command table"));
        assert!(row.contains(&format!("`cicb {name}")), "the row of {name} has no example: {row}");
    }
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The lines of a Markdown file outside fenced code blocks (and not the fences themselves).
fn prose(text: &str) -> impl Iterator<Item = &str> {
    let mut fenced = false;
    text.lines().filter(move |line| {
        if line.starts_with("```") {
            fenced = !fenced;
            return false;
        }
        !fenced
    })
}

/// Every heading anchor of a Markdown file (outside code blocks).
fn anchors(text: &str) -> Vec<String> {
    prose(text).filter(|l| l.starts_with('#')).map(|l| slug(l.trim_start_matches('#'))).collect()
}

/// The targets of the inline links `[text](target)` of a Markdown file, outside code.
fn links(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in prose(text) {
        // Inline code spans hold no links.
        let prose: String = line.split('`').step_by(2).collect::<Vec<_>>().join(" ");
        let mut rest = prose.as_str();
        while let Some(i) = rest.find("](") {
            let after = &rest[i + 2..];
            let Some(end) = after.find(')') else { break };
            out.push(after[..end].to_string());
            rest = &after[end..];
        }
    }
    out
}

/// Every relative link of README.md, CONTRIBUTING.md and doc/*.md points to a file that exists, and
/// a `#anchor` into a Markdown file to one of its headings.
#[test]
fn relative_links_resolve() {
    let mut pages = vec![repo().join("README.md"), repo().join("CONTRIBUTING.md")];
    let mut docs: Vec<_> = std::fs::read_dir(repo().join("doc"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    assert!(docs.len() >= 5, "doc/ has {} Markdown pages", docs.len());
    pages.extend(docs);
    let mut checked = 0;
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        for link in links(&text) {
            if link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            let (file, anchor) = link.split_once('#').unwrap_or((&link, ""));
            let target = if file.is_empty() { page.clone() } else { page.parent().unwrap().join(file) };
            assert!(
                target.exists(),
                "{}: the link {link} points to {}, which does not exist",
                page.display(),
                target.display()
            );
            if !anchor.is_empty() && target.extension().is_some_and(|e| e == "md") {
                let heads = anchors(&std::fs::read_to_string(&target).unwrap());
                assert!(
                    heads.iter().any(|h| h == anchor),
                    "{}: no heading #{anchor} in {}",
                    page.display(),
                    target.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} relative links found: is the link parser broken?");
}

/// The user documentation stands alone: development notes (the corpus beside the repository) are in
/// CONTRIBUTING.md.
#[test]
fn user_docs_do_not_mention_the_corpus() {
    let mut pages = vec![repo().join("README.md")];
    pages.extend(
        std::fs::read_dir(repo().join("doc"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md")),
    );
    for page in pages {
        let text = std::fs::read_to_string(&page).unwrap();
        for word in ["../shared", "corpus"] {
            assert!(!text.contains(word), "{} mentions {word}", page.display());
        }
    }
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
