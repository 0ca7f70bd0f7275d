//! A capture folder redacted (`cicb redact DIR -o OUT/`): each file name and `index.ndjson` line
//! gets the pseudonyms its body got, and every other index value that could identify someone
//! (peer addresses, paths, header values, Kafka topics and keys, errors, a handler's answer) is
//! replaced too. An index key this module does not know is replaced (fail closed).

use std::collections::BTreeMap;

use super::capture::safe_name;
use crate::decode::{decode, Format, Limits};
use crate::redact::text::{self, Needles};
use crate::redact::{apply, edit, Pseudonyms};
use crate::tree::Shape;

/// Index keys whose values say nothing of a customer: times, counters, sizes, kinds, states,
/// Kafka positions, a forward's status and duration.
const HARMLESS: &[&str] = &[
    "time",
    "seq",
    "method",
    "size",
    "kind",
    "event",
    "state",
    "probe",
    "content_version",
    "partition",
    "offset",
    "timestamp",
    "rejected",
    "status",
    "ms",
    // Refusal lines: cicb's own reason, and a flood's counts.
    "reason",
    "count",
    "statuses",
    "seconds",
];

/// A capture's file name with the pseudonyms of its body: `…-job-Transcode-j8a9….xml` names the
/// pseudonym of the job id (file-name parts are safe names: `[A-Za-z0-9._-]`, at most 64 characters).
pub fn file_name(name: &str, mapping: &BTreeMap<String, String>) -> String {
    let safe: BTreeMap<String, String> = mapping.iter().map(|(k, v)| (safe_name(k), safe_name(v))).collect();
    text::replace_needles(name, &Needles::new(&safe))
}

/// One `index.ndjson` line redacted, in place (its key order and layout kept); `mapping` is what
/// the folder's bodies were given. An error when the line is not JSON.
pub fn index_line(line: &str, mapping: &BTreeMap<String, String>, names: &Pseudonyms) -> Result<String, String> {
    let doc = decode(line, Some(Format::Json), &Limits::default()).map_err(|e| e.message().to_string())?;
    let tree = &doc.tree;
    let root = tree.root();
    let needles = Needles::new(mapping);
    let mut edits = Vec::new();
    for id in tree.descendants(root) {
        let n = tree.node(id);
        if matches!(n.shape, Shape::Object | Shape::EmptyArray | Shape::Bool | Shape::Null) || n.text.is_empty() {
            continue;
        }
        let mut top = id;
        while let Some(p) = tree.parent(top).filter(|&p| p != root) {
            top = p;
        }
        let key = if top == root { "" } else { tree.name(top) };
        let value = n.text;
        let harmless = HARMLESS.contains(&key) || (key == "forward" && HARMLESS.contains(&n.name));
        if harmless {
            continue;
        }
        let new = match key {
            _ if n.shape == Shape::Number => names.number(value),
            "file" => file_name(value, mapping),
            "tag" if !mapping.contains_key(value) && crate::spec::tags::names().contains(&value) => continue,
            "tag" | "id" | "job_ids" | "run_id" => {
                mapping.get(value).cloned().unwrap_or_else(|| text::redact(value, &needles, names, true))
            }
            "path" => names.object_key(value),
            "peer" => text::redact(value, &needles, names, true),
            _ => text::redact(value, &needles, names, true),
        };
        if new != value {
            edits.push(edit(&doc, id, &new));
        }
    }
    Ok(apply(line, edits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_lines_keep_their_layout_and_share_pseudonyms() {
        let names = Pseudonyms::new(b"i");
        let mut mapping = BTreeMap::new();
        mapping
            .insert("j0123456789abcdef0123456789abcdef".to_string(), "jfedcba9876543210fedcba9876543210".to_string());
        let line = r#"{"file":"20261201T221403.123Z-000001-job-Transcode-j0123456789abcdef0123456789abcdef.xml","time":"2026-12-01T22:14:03.123Z","seq":1,"peer":"192.168.7.9:5122","method":"POST","path":"/cb/s3cret?t=abc","headers":{"user-agent":"acme-bot","x-secret":"tok"},"size":10,"kind":"job","event":"TaskFinish","tag":"Transcode","state":"Success","id":"j0123456789abcdef0123456789abcdef","job_ids":["j0123456789abcdef0123456789abcdef"],"run_id":null,"probe":false,"mystery":"who","n":12345678,"forward":{"status":200,"ms":3,"answer":"ok acme"}}"#;
        let out = index_line(line, &mapping, &names).unwrap();
        for gone in ["0123456789abcdef", "192.168", "s3cret", "acme", "tok\"", "who", "12345678"] {
            assert!(!out.contains(gone), "{gone}: {out}");
        }
        for kept in [
            "\"time\":\"2026-12-01T22:14:03.123Z\",\"seq\":1,",
            "\"tag\":\"Transcode\"",
            "\"status\":200,\"ms\":3,",
            "\"user-agent\":",
        ] {
            assert!(out.contains(kept), "{kept}: {out}");
        }
        assert!(out.contains("-job-Transcode-jfedcba9876543210fedcba9876543210.xml"), "{out}");
        assert_eq!(out.matches("jfedcba9876543210fedcba9876543210").count(), 3, "{out}");
        let keys = |l: &str| serde_json::from_str::<serde_json::Value>(l).unwrap().as_object().unwrap().len();
        assert_eq!(keys(&out), keys(line));
        assert!(index_line("not json", &mapping, &names).is_err());
    }
}
