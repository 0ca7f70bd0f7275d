//! A redacted body decodes, in the same format, with the same kind and the same element paths,
//! validates with as many errors as its original, and is the same under the same salt; and a
//! marker planted in every leaf that is not harmless never survives.
#![no_main]

use cicb::decode::{decode_bytes, Limits};
use cicb::redact::{apply, edit, redact, Options, Pseudonyms};
use cicb::spec::classes::{classify, Class};
use cicb::tree::{NodeId, Shape, Tree};
use cicb::validate::check_bytes;
use libfuzzer_sys::fuzz_target;

fn paths(t: &Tree<'_>) -> Vec<String> {
    t.descendants(t.root()).map(|i| t.path(i)).collect()
}

fn errors(bytes: &[u8]) -> usize {
    check_bytes("fuzz", bytes, &Limits::default(), false).iter().filter(|d| d.severity == "error").count()
}

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    let Ok(doc) = decode_bytes(data, None, &limits) else { return };
    let names = Pseudonyms::new(b"fuzz");
    let r = redact(&doc, &names, &Options::default());
    let again = decode_bytes(r.text.as_bytes(), None, &limits).expect("a redacted body must decode");
    assert_eq!(again.format, doc.format);
    assert_eq!(again.kind(), doc.kind(), "redaction changed the kind");
    if !doc.tree.is_empty() {
        assert_eq!(paths(&again.tree), paths(&doc.tree), "redaction changed the structure");
    }
    assert_eq!(errors(r.text.as_bytes()), errors(doc.source.as_bytes()), "redaction changed the error count");
    assert_eq!(redact(&doc, &names, &Options::default()).text, r.text, "same salt, other pseudonyms");

    // Markers in every leaf that is not harmless (the last first, so that earlier spans hold).
    let t = &doc.tree;
    if t.is_empty() {
        return;
    }
    let mut targets: Vec<NodeId> = t
        .descendants(t.root())
        .filter(|&i| t.leaf_text(i).is_some() && classify(t, i) != Class::Harmless)
        .collect();
    targets.sort_by_key(|&i| std::cmp::Reverse(t.node(i).value_start));
    let mut markers = Vec::new();
    let mut edits = Vec::new();
    for (k, &id) in targets.iter().enumerate() {
        let m = if t.node(id).shape == Shape::Number { format!("9{:09}", 100_000 + k) } else { format!("Mk{k:04}qzMk") };
        edits.push(edit(&doc, id, &m));
        markers.push(m);
    }
    // A marker the body already holds (in a harmless leaf, say) proves nothing when it survives.
    if markers.iter().any(|m| doc.source.contains(m.as_str())) {
        return;
    }
    let marked = apply(doc.source, edits);
    let Ok(mdoc) = decode_bytes(marked.as_bytes(), None, &limits) else { return };
    let out = redact(&mdoc, &names, &Options::default()).text;
    for m in &markers {
        assert!(!out.contains(m.as_str()), "marker {m} survived");
    }
});
