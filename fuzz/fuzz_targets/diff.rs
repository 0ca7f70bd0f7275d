//! A body equals itself and its own conversion: `diff --all` of a body and cicb's JSON for it
//! (and its XML, when the tree can be XML) reports nothing, either way round.
#![no_main]

use cicb::decode::{decode_bytes, Limits};
use cicb::diff::{diff, Options};
use cicb_fuzz_support::{json_of, xml_of};
use libfuzzer_sys::fuzz_target;

#[path = "../support.rs"]
mod cicb_fuzz_support;

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    let Ok(doc) = decode_bytes(data, None, &limits) else { return };
    let all = Options { all: true, ..Options::default() };
    assert!(diff(&doc.tree, &doc.tree, &all).changes.is_empty(), "a body differs from itself");
    let mut converted = vec![json_of(&doc.tree)];
    converted.extend(xml_of(&doc.tree));
    for bytes in &converted {
        let other = decode_bytes(bytes, None, &limits).expect("cicb's output must decode");
        let there = diff(&doc.tree, &other.tree, &all);
        assert!(there.changes.is_empty(), "a body differs from its conversion: {:?}", there.changes);
        let back = diff(&other.tree, &doc.tree, &all);
        assert!(back.changes.is_empty(), "a conversion differs from its body: {:?}", back.changes);
    }
});
