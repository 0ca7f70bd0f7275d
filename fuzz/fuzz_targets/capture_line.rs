//! The capture store's lines for a Kafka message: whatever the key, the headers and the body
//! (any bytes), the index line and the `--format json` line are one line of valid JSON with no
//! character a terminal would act on, and they give the key and header values back exactly.
//!
//! Input: a byte for the key's length, the key, a byte for the header count, each header as a
//! length byte (0 = no value) and the value, then the body.
#![no_main]

use chrono::DateTime;
use cicb::render::Style;
use cicb::store::capture::{LineFormat, Record, Source};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn take<'a>(data: &mut &'a [u8]) -> Option<&'a [u8]> {
    let (&len, rest) = data.split_first()?;
    let len = usize::from(len).min(rest.len());
    let (v, rest) = rest.split_at(len);
    *data = rest;
    Some(v)
}

/// Bytes as the store writes them: a string when UTF-8, else `{"hex": …}`.
fn bytes_of(v: &Value) -> Vec<u8> {
    match v {
        Value::String(s) => s.as_bytes().to_vec(),
        Value::Object(m) => {
            let hex = m["hex"].as_str().expect("hex");
            (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex digits")).collect()
        }
        other => panic!("not bytes: {other}"),
    }
}

fn check_line(line: &str) -> Value {
    assert!(line.ends_with('\n') && line.matches('\n').count() == 1, "one line: {line:?}");
    assert!(
        !line.chars().any(|c| c != '\n' && (c.is_control() || cicb::sanitize::is_unsafe(c))),
        "terminal-safe: {line:?}"
    );
    serde_json::from_str(line).expect("valid JSON")
}

fuzz_target!(|data: &[u8]| {
    let mut rest = data;
    let Some(key) = take(&mut rest) else { return };
    let Some((&n, after)) = rest.split_first() else { return };
    rest = after;
    let mut headers = Vec::new();
    for i in 0..n % 8 {
        let Some(v) = take(&mut rest) else { return };
        headers.push((format!("h{i}"), (!v.is_empty()).then(|| v.to_vec())));
    }
    let source = Source::Kafka {
        topic: "t".into(),
        partition: i32::from(n),
        offset: i64::from(n) << 20,
        key: Some(key.to_vec()),
        timestamp: None,
        headers: headers.clone(),
    };
    let time = DateTime::from_timestamp(0, 0).expect("a time");
    let record = Record::new(rest, source, 1 << 20, "dir", time, 1, LineFormat::Json);
    let index = check_line(&record.index_line(record.name(), None));
    let json = check_line(&record.line(
        &format!("dir/{}", record.name()),
        None,
        LineFormat::Json,
        Style { color: false },
        None,
    ));
    for v in [&index, &json] {
        assert_eq!(bytes_of(&v["key"]), key);
        let got = v["headers"].as_array().expect("headers");
        assert_eq!(got.len(), headers.len());
        for (g, (name, value)) in got.iter().zip(&headers) {
            assert_eq!(g[0].as_str(), Some(name.as_str()));
            match value {
                Some(b) => assert_eq!(&bytes_of(&g[1]), b),
                None => assert!(g[1].is_null()),
            }
        }
        assert_eq!(v["size"].as_u64(), Some(rest.len() as u64));
    }
    assert!(!record.name().contains('/') && !record.name().starts_with('.'), "{}", record.name());
    for width in [None, Some(80), Some(40)] {
        let human = record.line(record.name(), None, LineFormat::Human, Style { color: false }, width);
        assert!(!human.chars().any(|c| c != '\n' && (c.is_control() || cicb::sanitize::is_unsafe(c))), "{human:?}");
        // The fixed fields (time, kind, state) take about 40 columns; the rest fits around them.
        // Columns, not characters: a combining mark takes none, a CJK character two.
        if let Some(w) = width.filter(|&w| w >= 80) {
            assert!(textwrap::core::display_width(human.trim_end()) <= w, "{w}: {human:?}");
        }
    }
});
