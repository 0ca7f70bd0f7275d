//! Free text (what the media says, messages, header values, unclassified leaves): replaced word
//! by word so that it keeps its shape (length, word count, punctuation, `${Number}`-style
//! variables), after the values replaced elsewhere in the body and the key-, URL-, IP- and
//! e-mail-shaped substrings got the pseudonyms they get everywhere.

use std::collections::BTreeMap;

use super::Pseudonyms;

/// Values shorter than this are not looked for inside text (their words are replaced anyway).
const MIN_NEEDLE: usize = 3;

/// The values replaced elsewhere in a body, longest first.
pub struct Needles<'m> {
    list: Vec<(&'m str, &'m str)>,
}

impl<'m> Needles<'m> {
    /// The originals of `mapping` worth looking for, and their pseudonyms.
    pub fn new(mapping: &'m BTreeMap<String, String>) -> Self {
        let mut list: Vec<(&str, &str)> = mapping
            .iter()
            .filter(|(k, _)| k.chars().count() >= MIN_NEEDLE)
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        list.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
        Needles { list }
    }
}

/// `text` with every needle, and every key-, URL-, IP- or e-mail-shaped token, replaced by its
/// pseudonym, and (when `scramble`) every other word.
pub fn redact(text: &str, needles: &Needles<'_>, names: &Pseudonyms, scramble: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (a, b, v) in spans(text, needles) {
        gap(&text[at..a], names, scramble, &mut out);
        out.push_str(v);
        at = b;
    }
    gap(&text[at..], names, scramble, &mut out);
    out
}

/// `text` with only the needles replaced (a capture's file name).
pub fn replace_needles(text: &str, needles: &Needles<'_>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (a, b, v) in spans(text, needles) {
        out.push_str(&text[at..a]);
        out.push_str(v);
        at = b;
    }
    out.push_str(&text[at..]);
    out
}

/// Where the needles are in `text` (whole tokens, longest first, none overlapping), in order.
fn spans<'n>(text: &str, needles: &Needles<'n>) -> Vec<(usize, usize, &'n str)> {
    let mut spans: Vec<(usize, usize, &str)> = Vec::new();
    for (k, v) in &needles.list {
        for (i, _) in text.match_indices(k) {
            let end = i + k.len();
            if is_token(text, i, end, k) && !spans.iter().any(|&(a, b, _)| i < b && a < end) {
                spans.push((i, end, v));
            }
        }
    }
    spans.sort_unstable();
    spans
}

/// True when `needle` at `i..end` of `text` is not part of a longer word or number (a digit next
/// to an APPID's digits, or a letter next to a name's letters, makes it part of another token).
fn is_token(text: &str, i: usize, end: usize, needle: &str) -> bool {
    let clash = |edge: Option<char>, next: Option<char>| match (edge, next) {
        (Some(e), Some(n)) if e.is_ascii_digit() => n.is_ascii_digit(),
        (Some(_), Some(n)) => n.is_alphanumeric(),
        _ => false,
    };
    !clash(needle.chars().next(), text[..i].chars().next_back())
        && !clash(needle.chars().next_back(), text[end..].chars().next())
}

/// Separates tokens: white space, quotes, brackets, `,` `;`, and punctuation outside ASCII.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '"' | '\'' | '<' | '>' | '(' | ')' | '[' | ']' | '{' | '}' | ',' | ';' | '`')
        || (!c.is_ascii() && !c.is_alphanumeric())
}

/// Text between needles: `${...}` variables kept, tokens by shape, the rest word by word.
fn gap(s: &str, names: &Pseudonyms, scramble: bool, out: &mut String) {
    let mut rest = s;
    while !rest.is_empty() {
        if rest.starts_with("${") {
            if let Some(end) = rest.find('}') {
                out.push_str(&rest[..=end]);
                rest = &rest[end + 1..];
                continue;
            }
        }
        let stop = rest.find("${").filter(|&i| i > 0).unwrap_or(rest.len());
        let (part, tail) = rest.split_at(stop);
        tokens(part, names, scramble, out);
        rest = tail;
    }
}

fn tokens(s: &str, names: &Pseudonyms, scramble: bool, out: &mut String) {
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if is_separator(c) {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let end = rest.find(is_separator).unwrap_or(rest.len());
        let (token, tail) = rest.split_at(end);
        let core = token.trim_end_matches(['.', ':', '!', '?']);
        match shaped(core, names) {
            Some(new) => {
                out.push_str(&new);
                out.push_str(&token[core.len()..]);
            }
            None => words(token, names, scramble, out),
        }
        rest = tail;
    }
}

/// The pseudonym of a URL, e-mail address, IP address or object key (the part of a token from
/// its scheme on, for a URL).
fn shaped(t: &str, names: &Pseudonyms) -> Option<String> {
    if let Some(p) = t.find("://") {
        let start = t[..p].rfind(|c: char| !c.is_ascii_alphanumeric() && c != '+' && c != '-').map_or(0, |i| i + 1);
        let mut out = String::new();
        words(&t[..start], names, true, &mut out);
        out.push_str(&names.url(&t[start..]));
        return Some(out);
    }
    if let Some((local, domain)) = t.rsplit_once('@') {
        if !local.is_empty()
            && domain.contains('.')
            && domain.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        {
            return Some(names.email(t));
        }
    }
    if is_ip(t) {
        return Some(names.ip(t));
    }
    let has_ext = t.rsplit_once('.').is_some_and(|(base, ext)| {
        base.chars().any(char::is_alphanumeric)
            && (2..=5).contains(&ext.len())
            && ext.bytes().all(|b| b.is_ascii_alphanumeric())
            && ext.bytes().any(|b| b.is_ascii_alphabetic())
    });
    let has_path = t.contains('/') && t.chars().any(char::is_alphanumeric);
    (has_ext || has_path).then(|| names.object_key(t))
}

/// `192.168.0.1`, `192.168.0.1:8080`, `fe80::1`, `2001:db8:0:0:0:0:0:1`.
fn is_ip(t: &str) -> bool {
    let v4 = t.split_once(':').map_or(t, |(a, p)| if p.bytes().all(|b| b.is_ascii_digit()) { a } else { "" });
    let parts: Vec<&str> = v4.split('.').collect();
    if parts.len() == 4 && parts.iter().all(|p| (1..=3).contains(&p.len()) && p.parse::<u8>().is_ok()) {
        return true;
    }
    let groups = t.split(':').count();
    t.bytes().all(|b| b.is_ascii_hexdigit() || b == b':')
        && groups >= 3
        && (t.contains("::") || groups >= 6)
        && t.split(':').all(|g| g.len() <= 4)
}

/// Word by word: a run of letters and digits, or one CJK character (CJK text has no spaces, and
/// a word list splits it by character); punctuation kept.
fn words(s: &str, names: &Pseudonyms, scramble: bool, out: &mut String) {
    if !scramble {
        out.push_str(s);
        return;
    }
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let len = if is_cjk(c) {
            c.len_utf8()
        } else if c.is_alphanumeric() {
            rest.find(|d: char| !d.is_alphanumeric() || is_cjk(d)).unwrap_or(rest.len())
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        };
        out.push_str(&names.word(&rest[..len]));
        rest = &rest[len..];
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// The raw XML text between an element's children (mixed content): comments and processing
/// instructions kept, the words of text and CDATA sections replaced, a character reference to a
/// letter or digit replaced by a pseudonym character.
pub fn redact_raw(raw: &str, names: &Pseudonyms) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while !rest.is_empty() {
        let markup = ["<!--", "<?", "<![CDATA[", "&"].into_iter().filter_map(|m| rest.find(m).map(|i| (i, m))).min();
        let Some((at, m)) = markup else {
            words(rest, names, true, &mut out);
            break;
        };
        words(&rest[..at], names, true, &mut out);
        rest = &rest[at..];
        let close = match m {
            "<!--" => "-->",
            "<?" => "?>",
            "<![CDATA[" => "]]>",
            _ => ";",
        };
        let end = rest[m.len()..].find(close).map_or(rest.len(), |i| m.len() + i + close.len());
        let unit = &rest[..end];
        match m {
            "<![CDATA[" if unit.ends_with("]]>") => {
                out.push_str(m);
                words(&unit[m.len()..unit.len() - 3], names, true, &mut out);
                out.push_str("]]>");
            }
            "&" => match char_ref(unit) {
                Some(c) if c.is_alphanumeric() => {
                    out.push_str(&names.word(&c.to_string()).chars().take(1).collect::<String>())
                }
                _ => out.push_str(unit),
            },
            _ => out.push_str(unit),
        }
        rest = &rest[end..];
    }
    out
}

/// The character `&#65;` or `&#x41;` names.
fn char_ref(unit: &str) -> Option<char> {
    let body = unit.strip_prefix("&#")?.strip_suffix(';')?;
    let n = match body.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => body.parse().ok()?,
    };
    char::from_u32(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Pseudonyms {
        Pseudonyms::new(b"t")
    }

    #[test]
    fn text_keeps_its_shape_and_shares_pseudonyms() {
        let p = names();
        let mut mapping = BTreeMap::new();
        mapping.insert("examplebucket-1250000000".to_string(), p.bucket("examplebucket-1250000000"));
        let needles = Needles::new(&mapping);
        let msg = "cannot read customers/acme/ceo-interview.mp4 in examplebucket-1250000000: ask ops@acme.com from 192.168.1.20, see https://acme.com/x?a=1.";
        let out = redact(msg, &needles, &p, true);
        for gone in ["customers", "acme", "ceo", "interview", "examplebucket", "1250000000", "ops", "192.168", "cannot"]
        {
            assert!(!out.contains(gone), "{gone} in {out}");
        }
        assert!(out.contains(&p.bucket("examplebucket-1250000000")), "{out}");
        assert!(out.contains(&p.object_key("customers/acme/ceo-interview.mp4")), "{out}");
        assert!(out.contains(&p.ip("192.168.1.20")) && out.contains(&p.email("ops@acme.com")), "{out}");
        assert_eq!(out.split(' ').count(), msg.split(' ').count(), "{out}");
        assert!(out.ends_with('.') && out.contains(".mp4 "), "{out}");
        // Kept text: only what is replaced elsewhere and what is shaped like a key, URL, IP or address.
        let kept = redact(msg, &needles, &p, false);
        assert!(kept.starts_with("cannot read ") && !kept.contains("acme"), "{kept}");
        // A transcript and its word list agree: CJK is replaced character by character.
        let sentence = redact("悯农，李绅", &needles, &p, true);
        let word = redact("悯", &needles, &p, true);
        assert!(sentence.starts_with(&word) && sentence.contains('，'), "{sentence} {word}");
        assert_eq!(sentence.chars().count(), 5);
        assert_eq!(redact("out-${Number}.jpg", &needles, &p, true).matches("${Number}").count(), 1);
        assert!(!is_ip("15:29:42") && is_ip("fe80::1") && is_ip("10.0.0.1:80") && !is_ip("1.2.3"));
    }

    #[test]
    fn raw_text_keeps_its_markup() {
        let p = names();
        let raw = " secret <!-- c --> &amp; &#x41;B <![CDATA[hidden]]> <?pi x?> ";
        let out = redact_raw(raw, &p);
        assert!(out.contains("<!-- c -->") && out.contains("&amp;") && out.contains("<?pi x?>"), "{out}");
        assert!(!out.contains("secret") && !out.contains("hidden") && !out.contains("&#x41;"), "{out}");
        assert!(out.contains("<![CDATA[") && out.contains("]]>"), "{out}");
    }
}
