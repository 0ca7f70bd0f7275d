//! Any sample, from any name, seed, state, trigger and format (and any --tasks for workflows),
//! decodes, validates clean under --strict, summarizes, and round-trips (XML → JSON → XML is
//! stable).
//!
//! Each body is decoded once per form: the body itself (XML or JSON, as the flags pick) is what
//! validate, summarize and the round trip's first step read.
#![no_main]

use std::sync::OnceLock;

use cicb::decode::{decode_bytes, Limits};
use cicb::sample::{self, Options, Sample, State, Trigger};
use cicb::summary::Summary;
use cicb::validate::check;
use cicb_fuzz_support::{json_of, xml_of};
use libfuzzer_sys::fuzz_target;

#[path = "../support.rs"]
mod cicb_fuzz_support;

/// Every sample and its name, found once.
fn samples() -> &'static [(String, Sample)] {
    static ALL: OnceLock<Vec<(String, Sample)>> = OnceLock::new();
    ALL.get_or_init(|| {
        sample::names().into_iter().map(|n| (n.clone(), sample::find(&n).expect("listed names are found"))).collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let byte = |i: usize| data.get(i).copied().unwrap_or(0);
    let all = samples();
    let (name, which) = &all[usize::from(byte(0)) % all.len()];
    let mut seed = [0u8; 8];
    for (i, b) in seed.iter_mut().enumerate() {
        *b = byte(2 + i);
    }
    let flags = byte(1);
    let workflow = name == "workflow" || name == "legacy-workflow";
    let tags = cicb::spec::tags::names();
    let tasks: Vec<String> = if workflow {
        data.iter().skip(10).take(4).map(|b| tags[usize::from(*b) % tags.len()].to_string()).collect()
    } else {
        Vec::new()
    };
    let opts = Options {
        // `--trigger workflow` is for job samples only (an error on the others).
        trigger: if flags & 1 == 0 || !which.takes_trigger() { Trigger::Api } else { Trigger::Workflow },
        state: if flags & 2 == 0 { State::Success } else { State::Failed },
        seed: Some(u64::from_le_bytes(seed)),
        tasks,
        ..Options::default()
    };
    let tree = sample::build(*which, &opts).expect("a sample builds");
    let limits = Limits::default();
    let xml = xml_of(&tree).expect("a sample can be XML");
    let as_json = flags & 4 != 0;
    let json = if as_json { json_of(&tree) } else { Vec::new() };
    let body = if as_json { &json } else { &xml };
    let doc = decode_bytes(body, None, &limits).expect("a sample decodes");
    // `validate --strict`: every finding is an error.
    let found = check(&doc);
    assert!(found.is_empty(), "{name} {opts:?}: {found:?}");
    assert!(Summary::new(name, &doc).is_some(), "{name}: a sample summarizes");
    let decoded;
    let from_xml = if as_json {
        decoded = decode_bytes(&xml, None, &limits).expect("a sample's XML decodes");
        &decoded
    } else {
        &doc
    };
    let again = xml_of(&decode_bytes(&json_of(&from_xml.tree), None, &limits).expect("its JSON decodes").tree);
    assert_eq!(again.as_deref(), Some(xml.as_slice()), "{name}: XML → JSON → XML changed the XML");
});
