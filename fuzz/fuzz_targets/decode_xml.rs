//! Arbitrary bytes as XML: never a panic; whatever decodes is a tree that XML → JSON → XML keeps,
//! with line ends and attribute whitespace read as XML 1.0 says.
#![no_main]

use cicb::decode::{decode_bytes, Format, Limits};
use cicb_fuzz_support::{json_of, xml_of};
use libfuzzer_sys::fuzz_target;

#[path = "../support.rs"]
mod cicb_fuzz_support;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = decode_bytes(data, Some(Format::Xml), &Limits::default()) else { return };
    let _ = doc.model();
    // XML 1.0 §2.11 and §3.3.3: without a reference in the source, no CR reaches the tree, and no
    // tab or LF reaches an attribute value.
    if !data.contains(&b'&') {
        let tree = &doc.tree;
        for id in tree.descendants(tree.root()) {
            let n = tree.node(id);
            assert!(!n.text.contains('\r'), "a raw CR was kept in {}", tree.path(id));
            assert!(!n.attribute || !n.text.contains(['\t', '\n']), "raw whitespace kept in {}", tree.path(id));
        }
    }
    // A tree read from XML can always be written as XML again, and reads back the same.
    let xml = xml_of(&doc.tree).expect("a tree read from XML must be writable as XML");
    let again = decode_bytes(&xml, None, &Limits::default()).expect("cicb's XML must decode");
    assert_eq!(json_of(&doc.tree), json_of(&again.tree), "XML → XML changed the tree");
});
