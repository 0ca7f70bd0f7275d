//! Byte-level grammar shared by the readers and the writers: the fast byte scan, the XML 1.0
//! `Name` production and character range, and the JSON number grammar.

/// The offset of the first byte of `bytes` for which `hit` holds.
///
/// Clean 64-byte blocks, then 8-byte blocks, are passed over with one branch each: the
/// branch-free fold over a fixed-size block is what the compiler vectorizes. Then byte by byte.
#[inline]
pub fn find(bytes: &[u8], hit: impl Fn(u8) -> bool + Copy) -> Option<usize> {
    let mut i = 0;
    while let Some(block) = bytes.get(i..i + 64) {
        if block.iter().fold(false, |acc, &b| acc | hit(b)) {
            break;
        }
        i += 64;
    }
    while let Some(block) = bytes.get(i..i + 8) {
        if block.iter().fold(false, |acc, &b| acc | hit(b)) {
            break;
        }
        i += 8;
    }
    bytes[i..].iter().position(|&b| hit(b)).map(|j| i + j)
}

/// The first character XML 1.0 cannot carry (a C0 control other than tab, LF, CR; U+FFFE;
/// U+FFFF) and its byte offset. Text is valid UTF-8, so surrogates cannot occur.
pub fn find_invalid_char(src: &str) -> Option<(usize, char)> {
    scan_chars(src).0
}

/// An XML 1.0 `Char`: tab, LF, CR, U+0020 to U+D7FF, U+E000 to U+FFFD, U+10000 and above. A
/// character [`find_invalid_char`] finds is not one.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// [`find_invalid_char`], and in the same pass whether `src` holds a CR (which the XML reader
/// then reads as XML 1.0 §2.11 says). Until the first CR, a CR is one more byte to stop at; after
/// it, the scan goes on as [`find_invalid_char`]'s alone.
pub fn scan_chars(src: &str) -> (Option<(usize, char)>, bool) {
    let bytes = src.as_bytes();
    // 0xEF leads U+FFFE/U+FFFF (and many other characters), so it only marks a place to look.
    let suspicious = |b: u8| ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')) | (b == 0xEF);
    let suspicious_or_cr = |b: u8| ((b < 0x20) & (b != b'\t') & (b != b'\n')) | (b == 0xEF);
    let (mut at, mut has_cr) = (0, false);
    loop {
        let next = if has_cr { find(&bytes[at..], suspicious) } else { find(&bytes[at..], suspicious_or_cr) };
        let Some(next) = next else { return (None, has_cr) };
        at += next;
        match (bytes[at], bytes.get(at + 1..at + 3)) {
            (b'\r', _) => {
                has_cr = true;
                at += 1;
            }
            (0xEF, Some([0xBF, 0xBE])) => return (Some((at, '\u{FFFE}')), has_cr),
            (0xEF, Some([0xBF, 0xBF])) => return (Some((at, '\u{FFFF}')), has_cr),
            (0xEF, _) => at += 1,
            (b, _) => return (Some((at, char::from(b))), has_cr),
        }
    }
}

/// A name of ASCII letters and digits, starting with a letter, as every callback name is: an XML
/// `Name` without a colon, decided without the tables.
#[inline]
pub fn is_ascii_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    if !bytes.first().is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    // Names of eight bytes or more go eight at a time (the last eight overlapping).
    match bytes.last_chunk::<8>() {
        Some(last) => {
            let (words, _) = bytes.as_chunks::<8>();
            words.iter().chain([last]).all(|w| alphanumeric_word(u64::from_le_bytes(*w)))
        }
        None => bytes.iter().all(u8::is_ascii_alphanumeric),
    }
}

/// Whether all eight bytes of `x` are ASCII letters or digits, without looking at each: with the
/// top bit of every byte set first, subtracting `c` from each byte never borrows from the next,
/// and leaves that top bit set exactly where the byte was at least `c`.
#[inline]
fn alphanumeric_word(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOPS: u64 = ONES * 0x80;
    let at_least = |x: u64, c: u8| ((x | TOPS) - ONES * c as u64) & TOPS;
    // Letters in lower case: `| 0x20` maps A-Z onto a-z and keeps every other byte off a-z.
    let lower = x | (ONES * 0x20);
    let letter = at_least(lower, b'a') & !at_least(lower, b'z' + 1);
    let digit = at_least(x, b'0') & !at_least(x, b'9' + 1);
    x & TOPS == 0 && letter | digit == TOPS
}

/// An XML 1.0 (fifth edition) `Name`: a `NameStartChar`, then `NameChar`s.
pub fn is_name(name: &str) -> bool {
    let start = |c: char| {
        matches!(c,
            ':' | 'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
            | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}'
            | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
            | '\u{10000}'..='\u{EFFFF}')
    };
    let rest = |c: char| {
        start(c) || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
    };
    // Callback names are ASCII letters and digits: decide those without the tables.
    if is_ascii_name(name) {
        return true;
    }
    let mut chars = name.chars();
    chars.next().is_some_and(start) && chars.all(rest)
}

/// The namespace prefixes in scope, for the XML reader and writer: each declaration with the
/// depth of the element that makes it, innermost last, and how many declarations of each prefix
/// are open. An element's end takes its declarations off the end, and a lookup is a hash: the
/// work per element does not grow with the declarations (10 000 on the root: once a scan a tag).
#[derive(Debug, Default)]
pub(crate) struct Prefixes {
    stack: Vec<(String, usize)>,
    bound: std::collections::HashMap<String, u32>,
}

impl Prefixes {
    /// Declares `prefix` on the element at `depth`.
    pub(crate) fn declare(&mut self, prefix: &str, depth: usize) {
        self.stack.push((prefix.to_string(), depth));
        *self.bound.entry(prefix.to_string()).or_default() += 1;
    }

    /// Ends the scope of the declarations made at `depth` or deeper.
    #[inline]
    pub(crate) fn close(&mut self, depth: usize) {
        while self.stack.last().is_some_and(|&(_, d)| d >= depth) {
            let Some((p, _)) = self.stack.pop() else { break };
            if let Some(n) = self.bound.get_mut(&p) {
                *n -= 1;
                if *n == 0 {
                    self.bound.remove(&p);
                }
            }
        }
    }

    /// True when a declaration of `prefix` is in scope.
    pub(crate) fn is_bound(&self, prefix: &str) -> bool {
        self.bound.contains_key(prefix)
    }
}

/// Why `xmlns:p=""` is refused wherever it would appear (read, written or edited in): Namespaces in
/// XML 1.0 has no way to undeclare a prefix.
pub const CANNOT_UNDECLARE: &str = "XML 1.0 cannot undeclare a namespace prefix";

/// True for an attribute that would undeclare a namespace prefix ([`CANNOT_UNDECLARE`]): `xmlns:p`
/// with an empty value.
pub fn undeclares_prefix(attribute: &str, value: &str) -> bool {
    value.is_empty() && attribute.starts_with("xmlns:")
}

/// Namespaces in XML 1.0 (third edition): whether `name` is a `QName` whose prefix is bound.
/// `bound(p)` says whether an `xmlns:p` declaration is in scope; `xml` is bound by definition,
/// `xmlns` is for declarations only (an attribute `xmlns:p` is itself one, and always passes
/// here). `Err` holds why not, for the reader's and the writer's messages alike.
pub fn check_qname(name: &str, attribute: bool, bound: impl Fn(&str) -> bool) -> Result<(), String> {
    let Some((prefix, local)) = name.split_once(':') else { return Ok(()) };
    if prefix.is_empty() || local.contains(':') || !is_name(local) {
        return Err(format!(
            "`{name}` is not namespace-well-formed: a colon may only separate a prefix from a local name"
        ));
    }
    match prefix {
        "xml" => Ok(()),
        "xmlns" if attribute && local != "xmlns" => Ok(()),
        "xmlns" => Err(format!("`{name}` uses the prefix `xmlns`, which is reserved for namespace declarations")),
        p if bound(p) => Ok(()),
        p => Err(format!("`{name}` uses the namespace prefix `{p}`, but no xmlns:{p} declaration is in scope")),
    }
}

/// The length of the JSON number that starts `b` (RFC 8259: `-`? int frac? exp?), or the offset
/// of the byte where it goes wrong and what was expected there. The JSON reader and
/// [`is_json_number`] share it.
pub fn scan_number(b: &[u8]) -> Result<usize, (usize, &'static str)> {
    let digits = |from: usize| from + b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = usize::from(b.first() == Some(&b'-'));
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => i = digits(i),
        _ => return Err((i, "a digit")),
    }
    if b.get(i) == Some(&b'.') {
        let end = digits(i + 1);
        if end == i + 1 {
            return Err((end, "a digit after `.`"));
        }
        i = end;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let end = digits(i);
        if end == i {
            return Err((end, "a digit in the exponent"));
        }
        i = end;
    }
    Ok(i)
}

/// True when `text` is a JSON number as written (no leading `+`, no leading zeros).
pub fn is_json_number(text: &str) -> bool {
    scan_number(text.as_bytes()) == Ok(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_check_of_names_agrees_with_the_byte_check() {
        let reference =
            |n: &[u8]| n.first().is_some_and(u8::is_ascii_alphabetic) && n.iter().all(u8::is_ascii_alphanumeric);
        for len in 1..=20 {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut name = b"aZ09zA9Mmq0aZ09zA9Mm"[..len].to_vec();
                    name[at] = b;
                    if let Ok(s) = std::str::from_utf8(&name) {
                        assert_eq!(is_ascii_name(s), reference(&name), "{name:?}");
                    }
                }
            }
        }
        assert!(!is_ascii_name(""));
        assert!(!is_ascii_name("9abcdefghij"));
        assert!(!is_ascii_name("abcdefgh数据"));
    }

    #[test]
    fn scan_finds_invalid_characters_and_crs() {
        assert_eq!(scan_chars("a\tb\nc"), (None, false));
        assert_eq!(scan_chars("a\r\nb\rc"), (None, true));
        assert_eq!(scan_chars("a\u{1}\rb"), (Some((1, '\u{1}')), false));
        assert_eq!(scan_chars("a\r\u{FFFE}"), (Some((2, '\u{FFFE}')), true));
        assert_eq!(scan_chars("\u{FEFF}\u{EF}x\r"), (None, true));
        let long = format!("{}\r{}\u{7}", "x".repeat(100), "y".repeat(100));
        assert_eq!(scan_chars(&long), (Some((201, '\u{7}')), true));
    }

    #[test]
    fn qualified_names() {
        let bound = |p: &str| p == "x";
        assert_eq!(check_qname("EventName", false, bound), Ok(()));
        assert_eq!(check_qname("x:EventName", false, bound), Ok(()));
        assert_eq!(check_qname("xml:lang", true, bound), Ok(()));
        assert_eq!(check_qname("xmlns:y", true, bound), Ok(()));
        for (name, attribute, why) in [
            ("y:EventName", false, "no xmlns:y declaration"),
            ("y:id", true, "no xmlns:y declaration"),
            ("xmlns:A", false, "reserved"),
            ("xmlns:xmlns", true, "reserved"),
            ("a:b:c", false, "not namespace-well-formed"),
            (":a", false, "not namespace-well-formed"),
            ("x:", false, "not namespace-well-formed"),
            ("x:1a", false, "not namespace-well-formed"),
        ] {
            let e = check_qname(name, attribute, bound).unwrap_err();
            assert!(e.contains(why), "{name}: {e}");
        }
    }

    #[test]
    fn finds_the_first_hit_at_every_offset() {
        for len in [0usize, 1, 7, 8, 9, 63, 64, 65, 130] {
            let clean = vec![b'a'; len];
            assert_eq!(find(&clean, |b| b == b'"'), None, "{len}");
            for at in 0..len {
                let mut v = clean.clone();
                v[at] = b'"';
                if at + 1 < len {
                    v[len - 1] = b'"';
                }
                assert_eq!(find(&v, |b| b == b'"'), Some(at), "{len} {at}");
            }
        }
    }
}
