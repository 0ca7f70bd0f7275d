//! Any body that decodes survives XML → JSON → XML → JSON with the second JSON equal to the first
//! (when its tree can be XML at all: JSON may hold characters or keys XML cannot carry), for a
//! `<Response>` root, the only one `cicb convert` turns into JSON.
#![no_main]

use cicb::decode::{decode_bytes, Limits};
use cicb_fuzz_support::{json_of, xml_of};
use libfuzzer_sys::fuzz_target;

#[path = "../support.rs"]
mod cicb_fuzz_support;

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    let Ok(doc) = decode_bytes(data, None, &limits) else { return };
    // `cicb convert` refuses a root other than <Response>: the JSON form has no place for its name,
    // and what the spec says of its children under that name (a `Stream`'s `Audio` is a list)
    // would not survive the way back.
    if doc.tree.name(doc.tree.root()) != "Response" {
        return;
    }
    let Some(xml) = xml_of(&doc.tree) else { return };
    let from_xml = decode_bytes(&xml, None, &limits).expect("cicb's XML must decode");
    let json1 = json_of(&from_xml.tree);
    let xml2 = xml_of(&decode_bytes(&json1, None, &limits).expect("cicb's JSON must decode").tree)
        .expect("JSON written from XML must be writable as XML");
    let json2 = json_of(&decode_bytes(&xml2, None, &limits).expect("cicb's XML must decode").tree);
    assert_eq!(json1, json2, "XML → JSON → XML → JSON changed the JSON");
});
