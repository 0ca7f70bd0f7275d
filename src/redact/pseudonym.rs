//! Pseudonyms from a keyed hash: the same original and salt give the same pseudonym, in the
//! shape of the original (letters for letters, digits for digits, hex for hex, separators kept).

use crate::spec::ids::IdShape;

/// Makes pseudonyms under one salt.
#[derive(Clone)]
pub struct Pseudonyms {
    key: [u8; 32],
}

impl std::fmt::Debug for Pseudonyms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pseudonyms { .. }")
    }
}

/// How one character may be replaced.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Keep,
    Hex,
    Digit,
    /// A digit that is not a leading zero stays nonzero (numbers keep their magnitude and syntax).
    NonZero,
    Lower,
    Upper,
}

const HEX: &[u8] = b"0123456789abcdef";
const DIGITS: &[u8] = b"0123456789";
const NONZERO: &[u8] = b"123456789";
const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";

impl Pseudonyms {
    /// Pseudonyms keyed by `salt` (any bytes: a passphrase, or random bytes).
    pub fn new(salt: &[u8]) -> Self {
        Pseudonyms { key: blake3::derive_key("cicb redact pseudonyms v1", salt) }
    }

    /// Replaces every character `class` does not keep, from a keyed hash of `domain` and
    /// `original`; tries again (a few times) when the result equals the original.
    fn scramble(&self, domain: &str, original: &str, class: impl Fn(usize, char) -> Class) -> String {
        let mut out = String::with_capacity(original.len());
        for attempt in 0u8..8 {
            let mut h = blake3::Hasher::new_keyed(&self.key);
            h.update(domain.as_bytes()).update(&[0, attempt]).update(original.as_bytes());
            let mut stream = h.finalize_xof();
            let mut next = || {
                let mut b = [0u8; 2];
                stream.fill(&mut b);
                u16::from_le_bytes(b) as usize
            };
            out.clear();
            for (i, c) in original.chars().enumerate() {
                let mut pick = |set: &[u8]| set[next() % set.len()] as char;
                out.push(match class(i, c) {
                    Class::Keep => c,
                    Class::Hex => pick(HEX),
                    Class::Digit => pick(DIGITS),
                    Class::NonZero => pick(NONZERO),
                    Class::Lower => pick(LOWER),
                    Class::Upper => pick(UPPER),
                });
            }
            if out != original {
                break;
            }
        }
        out
    }

    /// Free text: letters and digits replaced (other scripts by ASCII letters), everything else
    /// kept, so punctuation, spaces and `${Number}`-style variables keep the text's shape.
    pub fn text(&self, original: &str) -> String {
        let vars = variable_spans(original);
        self.scramble("text", original, |i, c| if in_spans(&vars, i) { Class::Keep } else { general(c) })
    }

    /// One word of free text (a run of letters and digits, or one CJK character): the same word
    /// gets the same pseudonym wherever it appears, so a transcript and its word list still agree.
    pub fn word(&self, original: &str) -> String {
        self.scramble("word", original, |_, c| general(c))
    }

    /// A hash: hex stays hex, quotes and other punctuation kept.
    pub fn hash(&self, original: &str) -> String {
        self.scramble("hash", original, |_, c| if c.is_ascii_hexdigit() { Class::Hex } else { general(c) })
    }

    /// An e-mail address: the local part and every label of the domain but the last replaced.
    pub fn email(&self, original: &str) -> String {
        match original.rsplit_once('@') {
            Some((local, domain)) => {
                format!("{}@{}", self.scramble("email", local, |_, c| general(c)), self.host(domain))
            }
            None => self.text(original),
        }
    }

    /// An IP address: IPv4 stays four numbers of at most three digits (each 0-255), IPv6 keeps its
    /// colons; a port after it is kept.
    pub fn ip(&self, original: &str) -> String {
        if original.contains(':') && !original.contains('.') {
            return self.scramble("ip", original, |_, c| if c.is_ascii_hexdigit() { Class::Hex } else { Class::Keep });
        }
        let (addr, port) = original.split_once(':').map_or((original, None), |(a, p)| (a, Some(p)));
        let mut h = blake3::Hasher::new_keyed(&self.key);
        h.update(b"ip\0").update(addr.as_bytes());
        let b = h.finalize();
        let b = b.as_bytes();
        // 10.x.y.z: a private address, never a real one.
        let mut out = format!("10.{}.{}.{}", b[0], b[1], b[2].max(1));
        if let Some(p) = port {
            out.push(':');
            out.push_str(p);
        }
        out
    }

    /// A JSON number's text: only its digits change (a nonzero digit stays nonzero).
    pub fn number(&self, original: &str) -> String {
        self.scramble("number", original, |_, c| match c {
            '0' => Class::Digit,
            '1'..='9' => Class::NonZero,
            _ => Class::Keep,
        })
    }

    /// An id: its first letter kept and the rest in its shape (hex stays hex); ids the docs
    /// already masked (`p6617fd40…xxxxxxxx`) keep their `x`s.
    pub fn id(&self, original: &str, shape: Option<&IdShape>) -> String {
        let rest = original.get(1..).unwrap_or("");
        let hex = !rest.is_empty() && rest.bytes().all(|b| HEX.contains(&b));
        let masked = original.contains("xxxx");
        let fits = shape.is_some_and(|s| s.fits(original));
        self.scramble("id", original, |i, c| {
            if (i == 0 && (fits || c.is_ascii_alphabetic())) || (masked && c == 'x') {
                Class::Keep
            } else if hex && HEX.contains(&(c as u8)) && c.is_ascii() {
                Class::Hex
            } else {
                general(c)
            }
        })
    }

    /// An APPID: the same number of digits, not starting with 0.
    pub fn appid(&self, original: &str) -> String {
        self.scramble("appid", original, |i, c| match c {
            '0'..='9' if i == 0 => Class::NonZero,
            '0'..='9' => Class::Digit,
            c => general(c),
        })
    }

    /// A bucket name: `name-APPID` keeps its shape, the name and the APPID replaced on their own
    /// (so an APPID maps to the same pseudonym in every bucket and wherever else it appears).
    pub fn bucket(&self, original: &str) -> String {
        match split_bucket(original) {
            Some((name, appid)) => {
                format!("{}-{}", self.scramble("bucket", name, |_, c| general(c)), self.appid(appid))
            }
            None => self.scramble("bucket", original, |_, c| general(c)),
        }
    }

    /// An object key: each `/`-separated segment replaced on its own (keys sharing a folder
    /// still share it), the extension kept.
    pub fn object_key(&self, original: &str) -> String {
        original.split('/').map(|seg| self.segment(seg)).collect::<Vec<_>>().join("/")
    }

    /// One path segment: the extension, `${...}` variables and `%XX` escapes kept.
    fn segment(&self, seg: &str) -> String {
        if seg.is_empty() {
            return String::new();
        }
        let (base, ext) = match seg.rfind('.') {
            Some(at)
                if at > 0
                    && (1..=6).contains(&(seg.len() - at - 1))
                    && seg[at + 1..].bytes().all(|b| b.is_ascii_alphanumeric()) =>
            {
                seg.split_at(at)
            }
            _ => (seg, ""),
        };
        let mut keep = variable_spans(base);
        let chars: Vec<char> = base.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if c == '%' && chars.get(i + 1).is_some_and(char::is_ascii_hexdigit) {
                keep.push((i, i + 2));
            }
        }
        let base = self.scramble("segment", base, |i, c| if in_spans(&keep, i) { Class::Keep } else { general(c) });
        base + ext
    }

    /// A URL: the host (a bucket's, with the COS domain kept; or every label but the last), the
    /// path as an object key, query values and the fragment replaced; scheme, port and query
    /// names kept.
    pub fn url(&self, original: &str) -> String {
        let lead = original.len() - original.trim_start().len();
        let (space, url) = original.split_at(lead);
        let Some((scheme, authority, mut tail)) = split_url(url) else { return format!("{space}{}", self.text(url)) };
        let mut out = format!("{space}{scheme}{}", self.authority(authority));
        let path_end = tail.find(['?', '#']).unwrap_or(tail.len());
        let path = &tail[..path_end];
        out.push_str(&path.split('/').map(|s| self.segment(s)).collect::<Vec<_>>().join("/"));
        tail = &tail[path_end..];
        if let Some(q) = tail.strip_prefix('?') {
            let q_end = q.find('#').unwrap_or(q.len());
            out.push('?');
            let pairs: Vec<String> = q[..q_end]
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((k, v)) => format!("{k}={}", self.segment(v)),
                    None => pair.to_string(),
                })
                .collect();
            out.push_str(&pairs.join("&"));
            tail = &q[q_end..];
        }
        if let Some(f) = tail.strip_prefix('#') {
            out.push('#');
            out.push_str(&self.segment(f));
        }
        out
    }

    fn authority(&self, authority: &str) -> String {
        let (user, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) if p.bytes().all(|b| b.is_ascii_digit()) => (h, Some(p)),
            _ => (hostport, None),
        };
        let mut out = String::new();
        if let Some(u) = user {
            out.push_str(&self.text(u));
            out.push('@');
        }
        out.push_str(&self.host(host));
        if let Some(p) = port {
            out.push(':');
            out.push_str(p);
        }
        out
    }

    /// A host name: `bucket-APPID.cos.<region>.myqcloud.com` keeps everything but the bucket;
    /// other hosts keep their last label (`com`).
    pub fn host(&self, host: &str) -> String {
        if let Some((first, domain)) = host.split_once('.') {
            if split_bucket(first).is_some() && is_tencent_domain(domain) {
                return format!("{}.{domain}", self.bucket(first));
            }
        }
        match host.rsplit_once('.') {
            Some((labels, tld)) => format!("{}.{tld}", self.scramble("host", labels, |_, c| general(c))),
            None => self.scramble("host", host, |_, c| general(c)),
        }
    }
}

/// The domains of COS and CI endpoints (the bucket is the first label).
const TENCENT_DOMAINS: &[&str] =
    &["myqcloud.com", "tencentcos.cn", "tencentcos.com", "qcloud.com", "tencent-cloud.com"];

fn is_tencent_domain(domain: &str) -> bool {
    let d = domain.to_ascii_lowercase();
    TENCENT_DOMAINS.iter().any(|t| d == *t || d.ends_with(&format!(".{t}")))
}

/// A URL cut in three: `scheme://`, the authority (user info, host and port) and the rest
/// (path, query, fragment); `None` without `://`.
pub(crate) fn split_url(url: &str) -> Option<(&str, &str, &str)> {
    let colon = url.find("://")?;
    let (scheme, rest) = url.split_at(colon + 3);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    Some((scheme, authority, tail))
}

/// `examplebucket-1250000000` → (`examplebucket`, `1250000000`): a name, `-`, and an APPID of
/// 5 or more digits.
pub fn split_bucket(bucket: &str) -> Option<(&str, &str)> {
    let (name, appid) = bucket.rsplit_once('-')?;
    (!name.is_empty() && appid.len() >= 5 && appid.bytes().all(|b| b.is_ascii_digit())).then_some((name, appid))
}

/// The character indexes of `${...}` variables (kept as they are).
fn variable_spans(s: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = s.chars().collect();
    let mut spans = Vec::new();
    let mut i = 0;
    while i + 1 < chars.len() {
        if chars[i] == '$' && chars[i + 1] == '{' {
            if let Some(len) = chars[i..].iter().position(|&c| c == '}') {
                spans.push((i, i + len));
                i += len + 1;
                continue;
            }
        }
        i += 1;
    }
    spans
}

fn in_spans(spans: &[(usize, usize)], i: usize) -> bool {
    spans.iter().any(|&(a, b)| (a..=b).contains(&i))
}

fn general(c: char) -> Class {
    match c {
        '0'..='9' => Class::Digit,
        'a'..='z' => Class::Lower,
        'A'..='Z' => Class::Upper,
        c if c.is_alphanumeric() => Class::Lower,
        _ => Class::Keep,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::ids;

    #[test]
    fn shapes_are_kept() {
        let p = Pseudonyms::new(b"salt");
        let b = p.bucket("examplebucket-1250000000");
        let (name, appid) = split_bucket(&b).unwrap();
        assert_eq!((name.len(), appid.len()), (13, 10));
        assert_ne!(appid, "1250000000");
        assert!(b.ends_with(&p.appid("1250000000")), "one APPID, one pseudonym");
        let job = p.id("j035aca66f86211ec8a5a87e016101404", Some(&ids::JOB_ID));
        assert!(ids::JOB_ID.fits(&job) && job.starts_with('j') && job != "j035aca66f86211ec8a5a87e016101404");
        let t = p.id("t1f16e1dfbdc9ds4105b31632d45710642a", Some(&ids::TEMPLATE_ID));
        assert!(ids::TEMPLATE_ID.fits(&t), "{t}");
        let masked = p.id("p6617fd4048fa41faxxxxxxxxxxxx", Some(&ids::QUEUE_ID));
        assert!(masked.ends_with("xxxxxxxxxxxx") && ids::QUEUE_ID.fits(&masked), "{masked}");
        let key = p.object_key("output/smartcover-${Number}.jpg");
        assert!(key.ends_with("-${Number}.jpg") && key.len() == "output/smartcover-${Number}.jpg".len(), "{key}");
        assert_eq!(p.object_key("output/a.mp4").split('/').next(), p.object_key("output/b.mp4").split('/').next());
        let url = p.url("https://examplebucket-1250000000.cos.ap-shanghai.myqcloud.com/dir/a%20b.txt?sign=abc#x");
        assert!(
            url.starts_with(&format!("https://{}.cos.ap-shanghai.myqcloud.com/", p.bucket("examplebucket-1250000000")))
        );
        assert!(url.contains("%20") && url.contains("?sign=") && url.contains(".txt"), "{url}");
        let other = p.url("http://my.server.example:8080/cb");
        assert!(
            other.starts_with("http://") && other.contains(".example:8080/") && !other.contains("server"),
            "{other}"
        );
        assert!(p.host("callback.example.com").ends_with(".com"));
        assert_eq!(p.number("1024").len(), 4);
        assert!(!p.number("1024").starts_with('0'));
        assert_eq!(p.text("数据 x-1"), p.text("数据 x-1"));
        assert_ne!(Pseudonyms::new(b"other").text("hello world"), p.text("hello world"));
    }
}
