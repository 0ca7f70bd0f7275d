//! The published bodies in ../shared/corpus. In a user's clone that folder is missing: the corpus
//! tests then pass with a note on the terminal; when `CI` is set (`.ci/run` sets it) they fail.

use std::io::Write as _;
use std::path::PathBuf;

use crate::support::*;

/// The corpus folder, or `None` (with a visible note) when it is missing outside CI. Every test
/// that reads the corpus starts here.
pub fn corpus() -> Option<PathBuf> {
    corpus_at(repo().join("../shared/corpus"), std::env::var_os("CI").is_some())
}

fn corpus_at(dir: PathBuf, ci: bool) -> Option<PathBuf> {
    if dir.join("MANIFEST.tsv").is_file() {
        return Some(dir);
    }
    let why = format!("{} not found (no MANIFEST.tsv)", dir.display());
    if ci {
        panic!("{why}, and CI is set: the corpus tests must run in CI");
    }
    // Straight to the process's stderr: libtest captures `eprintln!` of passing tests.
    let _ = writeln!(std::io::stderr().lock(), "note: {why}; corpus test skipped (set CI to make this a failure)");
    None
}

#[test]
fn a_missing_corpus_fails_in_ci_and_is_skipped_visibly_elsewhere() {
    let missing = repo().join("target/no-such-corpus");
    assert_eq!(corpus_at(missing.clone(), false), None);
    let failed = std::panic::catch_unwind(|| corpus_at(missing, true));
    assert!(failed.is_err(), "a missing corpus under CI must fail the test");
}

pub struct Entry {
    pub file: String,
    pub notes: String,
}

pub fn manifest(dir: &std::path::Path) -> Vec<Entry> {
    let text = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            Entry { file: cols[0].to_string(), notes: cols.get(6).unwrap_or(&"").to_string() }
        })
        .collect()
}

/// The line the manifest gives for a malformed body: "... line 27, column 19" / "line 61 column 9".
pub fn defect_line(notes: &str) -> usize {
    let at = notes.find("line ").expect("a NOT well-formed entry names a line");
    notes[at + 5..].chars().take_while(char::is_ascii_digit).collect::<String>().parse().unwrap()
}

#[test]
fn well_formed_bodies_decode_and_round_trip_malformed_ones_fail_at_their_line() {
    let Some(dir) = corpus() else { return };
    let entries = manifest(&dir);
    assert!(entries.len() >= 130, "manifest lists {} bodies", entries.len());
    let (mut ok, mut bad, mut loosened, mut direct_vs_round) = (0, 0, Vec::new(), Vec::new());
    for e in &entries {
        let bytes = std::fs::read(dir.join(&e.file)).unwrap();
        if e.notes.contains("NOT well-formed") {
            let err = cicb::decode::decode_bytes(&bytes, None, &Default::default())
                .err()
                .unwrap_or_else(|| panic!("{} is malformed but decoded", e.file));
            assert_eq!(err.line(), defect_line(&e.notes), "{}: {err} at {}:{}", e.file, err.line(), err.column());
            bad += 1;
            continue;
        }
        assert_xml_round_trip(&e.file, &bytes);
        if e.file.ends_with(".json") {
            let [original, direct, round] = json_round_trip(&e.file, &bytes);
            let mut here = Vec::new();
            // What README says: XML text has no types, so a bare number (or boolean) of a body that
            // is no audit body comes back as a string; nothing else differs.
            let mut typed = Vec::new();
            assert!(same_json(&direct, &round, &mut typed, ""), "{}: JSON → JSON and JSON → XML → JSON differ", e.file);
            assert!(typed.iter().all(|t| !t.ends_with("one-item array")), "{}: {typed:?}", e.file);
            direct_vs_round.extend(typed.into_iter().map(|t| format!("{}: {t}", e.file)));
            assert!(
                same_json(&original, &round, &mut here, ""),
                "{}: JSON → XML → JSON changed the JSON:\n{original}\n{round}",
                e.file
            );
            let audit = decode(&bytes).kind().is_audit();
            let numbers = here.iter().filter(|h| !h.ends_with("one-item array")).count();
            assert!(!audit || numbers == 0, "{}: audit numbers must survive exactly: {here:?}", e.file);
            loosened.extend(here.into_iter().map(|h| format!("{}: {h}", e.file)));
        }
        ok += 1;
    }
    assert_eq!(bad, 6, "MANIFEST.tsv flags six malformed bodies");
    assert_eq!(ok + bad, entries.len());
    // Numbers: only the bare `JobLevel` of a job body comes back as a string.
    let numbers: Vec<_> = loosened.iter().filter(|l| !l.ends_with("one-item array")).collect();
    assert!(numbers.iter().all(|l| l.contains("JobLevel")), "{numbers:?}");
    assert_eq!(
        direct_vs_round,
        ["raw/Transcode/transcode-tsc-s3-workflow-json.json: .JobsDetail.Operation.JobLevel=0"]
    );
    eprintln!(
        "corpus: {ok} bodies round-tripped, {bad} rejected at their line; {} one-item arrays, numbers→strings: {numbers:?}",
        loosened.len() - numbers.len()
    );
}

#[test]
fn every_well_formed_body_has_a_kind() {
    let Some(dir) = corpus() else { return };
    for e in manifest(&dir) {
        if e.notes.contains("NOT well-formed") {
            continue;
        }
        let bytes = std::fs::read(dir.join(&e.file)).unwrap();
        let doc = decode(&bytes);
        let kind = doc.kind();
        let folder = e.file.split('/').nth(1).unwrap();
        let expected = match folder {
            "workflow" => "workflow",
            "legacy-job" => "legacy-job",
            "legacy-workflow" => "legacy-workflow",
            "audit" if bytes.windows(6).any(|w| w == b"\"code\"") => "audit-simple",
            "audit" => "audit-detail",
            _ => "job",
        };
        assert_eq!(kind.as_str(), expected, "{}", e.file);
    }
}
