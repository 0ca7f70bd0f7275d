//! `send --set`: after a successful edit the body still decodes, the path reads back as the new
//! value, and every other leaf (path and text) is unchanged.
//!
//! Input: two bytes that pick a leaf, one byte for the value's length, the value, then the body.
#![no_main]

use cicb::decode::{decode_bytes, Document, Limits, Shape};
use cicb::edit::set_value;
use cicb::path::{indexed_path, Path};
use cicb::tree::{NodeId, Tree};
use libfuzzer_sys::fuzz_target;

/// Every leaf and attribute: its indexed path and its text.
fn leaves(doc: &Document<'_>) -> Vec<(String, String)> {
    let tree = &doc.tree;
    let mut out = Vec::new();
    for id in tree.descendants(tree.root()) {
        let n = tree.node(id);
        if !matches!(n.shape, Shape::Object | Shape::EmptyArray) {
            out.push((indexed_path(tree, id), n.text.to_string()));
        }
    }
    out
}

/// The `pick`-th leaf, as [`leaves`] counts them.
fn leaf_id(tree: &Tree<'_>, pick: usize) -> Option<NodeId> {
    tree.descendants(tree.root())
        .filter(|&id| !matches!(tree.node(id).shape, Shape::Object | Shape::EmptyArray))
        .nth(pick)
}

fuzz_target!(|data: &[u8]| {
    let Some((head, rest)) = data.split_first_chunk::<3>() else { return };
    let len = usize::from(head[2] % 32).min(rest.len());
    let (value, body) = rest.split_at(len);
    let value = String::from_utf8_lossy(value);
    let limits = Limits::default();
    let Ok(doc) = decode_bytes(body, None, &limits) else { return };
    let before = leaves(&doc);
    if before.is_empty() {
        return;
    }
    let pick = usize::from(u16::from_le_bytes([head[0], head[1]])) % before.len();
    let path = before[pick].0.clone();
    let id = leaf_id(&doc.tree, pick).expect("the picked leaf exists");
    let parsed = Path::parse(&path).expect("an indexed path parses");
    assert_eq!(parsed.select(&doc.tree).ok(), Some(vec![id]), "the indexed path {path} must select its leaf");
    let Ok(edited) = set_value(doc.source, &doc, &path, &value) else { return };
    let after_doc = decode_bytes(edited.as_bytes(), None, &limits).expect("an edited body must decode");
    let ids = parsed.select(&after_doc.tree).expect("the edited path must still select");
    assert_eq!(ids.len(), 1, "the edited path must select one node");
    assert_eq!(after_doc.tree.node(ids[0]).text, &*value, "the path must read back as the value");
    let after = leaves(&after_doc);
    assert_eq!(after.len(), before.len(), "the edit changed the number of leaves");
    for (i, (b, a)) in before.iter().zip(&after).enumerate() {
        if i == pick {
            assert_eq!(a.0, b.0, "the edited leaf moved");
        } else {
            assert_eq!(a, b, "a leaf that was not edited changed");
        }
    }
});
