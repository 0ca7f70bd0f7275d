//! A redacted body decodes, in the same format, with the same kind and the same element paths,
//! validates with as many errors as its original, and is the same under the same salt.
#![no_main]

use cicb::validate::check_bytes;
use cicb::decode::{decode_bytes, Limits};
use cicb::redact::{redact, Options, Pseudonyms};
use cicb::tree::Tree;
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
});
