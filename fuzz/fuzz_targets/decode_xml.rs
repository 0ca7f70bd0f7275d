//! Arbitrary bytes as XML: never a panic; whatever decodes is a tree that XML → JSON → XML keeps.
#![no_main]

use cicb::decode::{decode_bytes, Format, Limits};
use cicb_fuzz_support::{json_of, xml_of};
use libfuzzer_sys::fuzz_target;

#[path = "../support.rs"]
mod cicb_fuzz_support;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = decode_bytes(data, Some(Format::Xml), &Limits::default()) else { return };
    let _ = doc.model();
    // A tree read from XML can always be written as XML again, and reads back the same.
    let xml = xml_of(&doc).expect("a tree read from XML must be writable as XML");
    let again = decode_bytes(&xml, None, &Limits::default()).expect("cicb's XML must decode");
    assert_eq!(json_of(&doc), json_of(&again), "XML → XML changed the tree");
});
