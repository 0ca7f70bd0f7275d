//! Arbitrary bytes as JSON: never a panic; cicb's JSON for whatever decodes is a fixed point.
#![no_main]

use cicb::decode::{decode_bytes, Format, Limits};
use cicb_fuzz_support::{json_of, xml_of};
use libfuzzer_sys::fuzz_target;

#[path = "../support.rs"]
mod cicb_fuzz_support;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = decode_bytes(data, Some(Format::Json), &Limits::default()) else { return };
    let _ = doc.model();
    let json = json_of(&doc.tree);
    let again = decode_bytes(&json, None, &Limits::default()).expect("cicb's JSON must decode");
    assert_eq!(json, json_of(&again.tree), "JSON → JSON is not stable");
    // The XML writer either refuses the tree or writes XML that decodes.
    if let Some(xml) = xml_of(&doc.tree) {
        decode_bytes(&xml, None, &Limits::default()).expect("cicb's XML must decode");
    }
});
