//! The index tailer (`inspect`): bytes appended in any chunks give the same lines as the whole
//! read at once, and an entry is made of any line without a panic.
#![no_main]

use cicb::commands::inspect::captures::Captures;
use cicb::store::follow::Lines;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks chunk sizes; the rest is the appended bytes.
    let Some((&seed, bytes)) = data.split_first() else { return };
    let mut whole = Vec::new();
    Lines::default().push(bytes, |l| whole.push(l.to_vec()));
    let mut lines = Lines::default();
    let mut chunked = Vec::new();
    let mut rest = bytes;
    let mut step = usize::from(seed % 17) + 1;
    while !rest.is_empty() {
        let n = step.min(rest.len());
        lines.push(&rest[..n], |l| chunked.push(l.to_vec()));
        rest = &rest[n..];
        step = step * 7 % 23 + 1;
    }
    assert_eq!(whole, chunked);
    let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    assert_eq!(lines.pending(), &bytes[complete..]);
    let mut captures = Captures::default();
    for l in &whole {
        assert!(!l.is_empty() && !l.contains(&b'\n'));
        captures.add_line(l);
    }
    assert!(captures.len() <= whole.len());
});
