//! Any sample, from any name, seed, state, trigger and format (and any --tasks for workflows),
//! decodes, validates clean under --strict, summarizes, and round-trips (XML → JSON → XML is
//! stable).
#![no_main]

use cicb::summary::Summary;
use cicb::validate::check_bytes;
use cicb::decode::{decode_bytes, Limits};
use cicb::sample::{self, Options, State, Trigger};
use cicb_fuzz_support::{json_of, xml_of};
use libfuzzer_sys::fuzz_target;

#[path = "../support.rs"]
mod cicb_fuzz_support;

fuzz_target!(|data: &[u8]| {
    let byte = |i: usize| data.get(i).copied().unwrap_or(0);
    let names = sample::names();
    let name = &names[usize::from(byte(0)) % names.len()];
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
    let which = sample::find(name).expect("listed names are found");
    let opts = Options {
        // `--trigger workflow` is for job samples only (an error on the others).
        trigger: if flags & 1 == 0 || !which.takes_trigger() { Trigger::Api } else { Trigger::Workflow },
        state: if flags & 2 == 0 { State::Success } else { State::Failed },
        seed: Some(u64::from_le_bytes(seed)),
        tasks,
        ..Options::default()
    };
    let tree = sample::build(which, &opts).expect("a sample builds");
    let limits = Limits::default();
    let xml = xml_of(&tree).expect("a sample can be XML");
    let json = json_of(&tree);
    let body = if flags & 4 == 0 { &xml } else { &json };
    let found = check_bytes(name, body, &limits, true);
    assert!(found.is_empty(), "{name} {opts:?}: {found:?}");
    let doc = decode_bytes(body, None, &limits).expect("a sample decodes");
    assert!(Summary::new(name, &doc).is_some(), "{name}: a sample summarizes");
    let from_xml = decode_bytes(&xml, None, &limits).expect("a sample's XML decodes");
    let again = xml_of(&decode_bytes(&json_of(&from_xml.tree), None, &limits).expect("its JSON decodes").tree);
    assert_eq!(again.as_deref(), Some(xml.as_slice()), "{name}: XML → JSON → XML changed the XML");
});
