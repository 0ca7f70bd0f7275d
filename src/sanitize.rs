//! Terminal safety: payload text never reaches a terminal with live control sequences.

use std::borrow::Cow;
use std::fmt::Write;

/// True for characters that move the cursor, change colors, reorder text or hide when printed.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() // C0, DEL, C1 (includes ESC, CSI 0x9B, OSC 0x9D)
        || matches!(
            c,
            '\u{200B}'..='\u{200F}' // zero-width space/joiners, LRM, RLM
                | '\u{061C}' // Arabic letter mark
                | '\u{2028}' | '\u{2029}' // line and paragraph separators
                | '\u{202A}'..='\u{202E}' // embeddings and overrides
                | '\u{2066}'..='\u{2069}' // isolates
                | '\u{FEFF}' // byte order mark / zero-width no-break space
        )
}

/// The byte offset of the first unsafe character (see [`is_unsafe`]) in `s`. ASCII, the bulk
/// of most payloads, is checked a byte at a time without decoding.
pub fn first_unsafe(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            if b < 0x20 || b == 0x7f {
                return Some(i);
            }
            i += 1;
        } else {
            let c = s.get(i..).and_then(|rest| rest.chars().next())?;
            if is_unsafe(c) {
                return Some(i);
            }
            i += c.len_utf8();
        }
    }
    None
}

/// Escapes control and bidi characters as `\t`, `\x1b`, `\u{202e}`; with `multiline`, tab and
/// newline stay. Borrowed when there is nothing to escape.
pub fn sanitize_with(s: &str, multiline: bool) -> Cow<'_, str> {
    let keep = |c: char| multiline && (c == '\t' || c == '\n');
    let Some(i) = first_unsafe(s) else { return Cow::Borrowed(s) };
    let (clean, rest) = s.split_at(i);
    if !rest.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str(clean);
    for c in rest.chars() {
        if is_unsafe(c) && !keep(c) {
            match c {
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                c if (c as u32) < 0x100 => {
                    let _ = write!(out, "\\x{:02x}", c as u32);
                }
                c => {
                    let _ = write!(out, "\\u{{{:x}}}", c as u32);
                }
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Escapes everything unsafe, tabs and newlines included: one value, one line, one cell.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    sanitize_with(s, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_escape_sequences_and_bidi() {
        assert_eq!(sanitize("a\x1b[2Jb"), "a\\x1b[2Jb");
        assert_eq!(sanitize("\u{9b}31m"), "\\x9b31m");
        assert_eq!(sanitize("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(sanitize("l1\nl2"), "l1\\nl2");
        assert_eq!(sanitize_with("l1\nl2", true), "l1\nl2");
        assert_eq!(sanitize("a\tb"), "a\\tb");
        assert_eq!(sanitize_with("a\tb\n", true), "a\tb\n");
        assert!(matches!(sanitize("数据万象 ok"), Cow::Borrowed(_)));
    }

    #[test]
    fn first_unsafe_agrees_with_is_unsafe() {
        let cases = [
            "",
            "plain ascii",
            "tab\there",
            "del\x7f",
            "数据万象\u{85}next",
            "bidi \u{202e} override",
            "é\u{200b}",
            "\u{feff}bom",
            "emoji 🎬 fine",
            "end\u{9d}",
        ];
        for s in cases {
            let expected = s.char_indices().find(|&(_, c)| is_unsafe(c)).map(|(i, _)| i);
            assert_eq!(first_unsafe(s), expected, "{s:?}");
        }
    }
}
