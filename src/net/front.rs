//! The front of a public `listen`: what is decided from a request's address, path and headers
//! before its body is read. The secret path (compared in constant time, its token never shown),
//! the allow-list, the client's address behind a trusted proxy (`X-Forwarded-For`) and the rate
//! limit per client. Pure logic: no I/O, no clock of its own (the caller passes the time).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

use ipnet::IpNet;

/// Why a request is refused before its body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The client is not in `--allow`: 403.
    NotAllowed,
    /// Not the secret path: 404.
    NotFound,
    /// Over `--rate`: 429.
    TooMany,
}

/// What a request that passed the front is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admitted {
    /// The client: the peer, or the address a trusted proxy forwarded for.
    pub client: IpAddr,
}

/// The front's settings.
#[derive(Debug, Default)]
pub struct Front {
    /// The secret path, such as `/cb/3f9a…`: requests elsewhere get 404.
    secret: Option<String>,
    /// Where its token starts in `secret` (the last segment), for [`Front::shown_path`].
    token_at: usize,
    allow: Vec<IpNet>,
    trust: Vec<IpNet>,
    rate: Option<Limiter>,
}

impl Front {
    /// A front with a secret path (it must start with `/` and end with a segment of at least 16
    /// characters: the token), an allow-list (empty: everyone), proxies whose `X-Forwarded-For` is
    /// believed, and a rate per client per second.
    pub fn new(secret: Option<&str>, allow: Vec<IpNet>, trust: Vec<IpNet>, rate: Option<f64>) -> Result<Front, String> {
        let (secret, token_at) = match secret {
            None => (None, 0),
            Some(s) => {
                let s = s.trim_end_matches('/');
                if !s.starts_with('/') {
                    return Err(format!("--path must start with /, such as /cb/TOKEN, not `{s}`"));
                }
                if s.contains(['?', '#', '%']) || s.bytes().any(|b| !b.is_ascii_graphic()) {
                    return Err("--path takes printable ASCII without ?, # or % escapes".to_string());
                }
                let token_at = s.rfind('/').map_or(0, |i| i + 1);
                if s.len() - token_at < 16 {
                    return Err(format!(
                        "--path: its last segment is the secret and needs at least 16 characters (it has {}); \
                         --secret-path makes one",
                        s.len() - token_at
                    ));
                }
                (Some(s.to_string()), token_at)
            }
        };
        let rate = match rate {
            Some(r) if !(r.is_finite() && r > 0.0) => return Err(format!("--rate must be above 0, not {r}")),
            r => r.map(Limiter::new),
        };
        Ok(Front { secret, token_at, allow, trust, rate })
    }

    /// Decides on a request from `peer` for `path` (path and query, as sent) with these
    /// `X-Forwarded-For` values, at `now`. Order: the allow-list (403), the rate (429), the path
    /// (404), so that a client refused once is refused the same way whatever path it tries.
    pub fn check<'h>(
        &self,
        peer: IpAddr,
        path: &str,
        forwarded_for: impl Iterator<Item = &'h [u8]>,
        now: Instant,
    ) -> Result<Admitted, (Refused, IpAddr)> {
        let client = self.client(peer, forwarded_for);
        if !self.allow.is_empty() && !self.allow.iter().any(|n| n.contains(&client)) {
            return Err((Refused::NotAllowed, client));
        }
        if let Some(rate) = &self.rate {
            if !rate.take(client, now) {
                return Err((Refused::TooMany, client));
            }
        }
        if !self.path_matches(path) {
            return Err((Refused::NotFound, client));
        }
        Ok(Admitted { client })
    }

    /// The client's address: the peer, unless the peer is a trusted proxy; then the last address
    /// in `X-Forwarded-For` that is not itself a trusted proxy (a client can write anything at
    /// the start of the header; only what the proxies appended is believed).
    pub fn client<'h>(&self, peer: IpAddr, forwarded_for: impl Iterator<Item = &'h [u8]>) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let mut hops: Vec<&[u8]> = Vec::new();
        for value in forwarded_for {
            hops.extend(value.split(|&b| b == b','));
        }
        for hop in hops.iter().rev() {
            match parse_hop(hop) {
                Some(ip) if self.trusts(ip) => continue,
                Some(ip) => return ip,
                // Garbage where an address should be: nothing before it can be believed.
                None => return peer,
            }
        }
        peer
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.trust.iter().any(|n| n.contains(&canonical(ip)))
    }

    /// Whether `path` (with its query) is the secret path or below it; every path when there is
    /// no secret. The secret's bytes are compared in constant time.
    pub fn path_matches(&self, path: &str) -> bool {
        let Some(secret) = &self.secret else { return true };
        let p = path.as_bytes();
        let s = secret.as_bytes();
        let head = &p[..p.len().min(s.len())];
        // Always as many steps as the secret is long, whatever matches.
        let mut diff = u8::from(head.len() != s.len());
        for (i, &b) in s.iter().enumerate() {
            diff |= b ^ head.get(i).copied().unwrap_or(0);
        }
        diff == 0 && matches!(p.get(s.len()), None | Some(b'/' | b'?'))
    }

    /// `path` as it may be shown and saved: the secret's token replaced by `…` (a path that is
    /// not the secret is shown as sent).
    pub fn shown_path<'p>(&self, path: &'p str) -> std::borrow::Cow<'p, str> {
        match &self.secret {
            Some(s) if self.path_matches(path) => format!("{}…{}", &s[..self.token_at], &path[s.len()..]).into(),
            _ => path.into(),
        }
    }

    /// What the secret path leaves of `path` for the handler it is forwarded to: `/` and what
    /// follows the secret.
    pub fn forwarded_path(&self, path: &str) -> String {
        match &self.secret {
            Some(s) if self.path_matches(path) => {
                let rest = &path[s.len()..];
                if rest.starts_with('/') {
                    rest.to_string()
                } else {
                    format!("/{rest}")
                }
            }
            _ => path.to_string(),
        }
    }
}

/// An IPv4-mapped IPv6 address as IPv4 (a dual-stack socket reports IPv4 peers so).
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// One `X-Forwarded-For` hop: `203.0.113.7`, `2001:db8::1`, `[2001:db8::1]:443` or
/// `203.0.113.7:5000`, with spaces around.
pub fn parse_hop(hop: &[u8]) -> Option<IpAddr> {
    let s = std::str::from_utf8(hop).ok()?.trim();
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    if let Some(rest) = s.strip_prefix('[') {
        let (ip, _) = rest.split_once(']')?;
        return ip.parse().ok().map(canonical);
    }
    let (ip, port) = s.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    ip.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

/// Parses `--allow` and `--trust-proxy` values: a CIDR range or a single address.
pub fn parse_net(s: &str) -> Result<IpNet, String> {
    let t = s.trim();
    t.parse::<IpNet>()
        .or_else(|_| t.parse::<IpAddr>().map(IpNet::from))
        .map(|n| n.trunc())
        .map_err(|_| format!("expected an address or a CIDR range such as 203.0.113.0/24 or 2001:db8::/32, not `{s}`"))
}

/// Most clients the limiter remembers; past it, those whose bucket is full again are forgotten.
const MAX_CLIENTS: usize = 65_536;

/// A token bucket per client (per /64 for IPv6, the usual size of one host's network): `rate`
/// requests a second, bursts of up to `rate` (at least 1).
#[derive(Debug)]
struct Limiter {
    rate: f64,
    burst: f64,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl Limiter {
    fn new(rate: f64) -> Limiter {
        Limiter { rate, burst: rate.max(1.0), buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes a token for `client` at `now`; false when its bucket is empty.
    fn take(&self, client: IpAddr, now: Instant) -> bool {
        let key = match canonical(client) {
            IpAddr::V6(v6) => IpAddr::V6((u128::from(v6) & !((1u128 << 64) - 1)).into()),
            v4 => v4,
        };
        let Ok(mut buckets) = self.buckets.lock() else { return true };
        if buckets.len() >= MAX_CLIENTS && !buckets.contains_key(&key) {
            let (rate, burst) = (self.rate, self.burst);
            buckets.retain(|_, (tokens, at)| *tokens + now.saturating_duration_since(*at).as_secs_f64() * rate < burst);
            if buckets.len() >= MAX_CLIENTS {
                // Every remembered client is busy: a new one waits its turn.
                return false;
            }
        }
        let (tokens, at) = buckets.entry(key).or_insert((self.burst, now));
        let refilled = (*tokens + now.saturating_duration_since(*at).as_secs_f64() * self.rate).min(self.burst);
        *at = now;
        if refilled >= 1.0 {
            *tokens = refilled - 1.0;
            true
        } else {
            *tokens = refilled;
            false
        }
    }
}

/// A random secret path, `/cb/` and 128 random bits in hex.
pub fn secret_path() -> std::io::Result<String> {
    Ok(format!("/cb/{}", token()?))
}

/// 128 random bits in hex: a secret path's token, the inspect page's.
pub fn token() -> std::io::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// `a == b` in a time that depends on their lengths only, not on where they differ.
pub fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const SECRET: &str = "/cb/0123456789abcdef0123456789abcdef";

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_secret_path_and_below_it_match_nothing_else() {
        let f = Front::new(Some(SECRET), vec![], vec![], None).unwrap();
        for ok in [SECRET, &format!("{SECRET}/"), &format!("{SECRET}/x/y"), &format!("{SECRET}?a=1")] {
            assert!(f.path_matches(ok), "{ok}");
        }
        for no in ["/", "/cb/", "/cb/0123456789abcdef0123456789abcde", &format!("{SECRET}x"), "/cb/x", ""] {
            assert!(!f.path_matches(no), "{no}");
        }
        assert_eq!(f.shown_path(&format!("{SECRET}/x?y=1")), "/cb/…/x?y=1");
        assert_eq!(f.shown_path("/wp-login.php"), "/wp-login.php");
        assert_eq!(f.forwarded_path(&format!("{SECRET}?a=1")), "/?a=1");
        assert_eq!(f.forwarded_path(&format!("{SECRET}/hook")), "/hook");
        let open = Front::default();
        assert!(open.path_matches("/anything"));
        assert_eq!(open.shown_path("/anything"), "/anything");
    }

    #[test]
    fn a_short_or_odd_secret_is_refused() {
        assert!(Front::new(Some("/cb/short"), vec![], vec![], None).unwrap_err().contains("16 characters"));
        assert!(Front::new(Some("cb/0123456789abcdef"), vec![], vec![], None).unwrap_err().contains("start with /"));
        assert!(Front::new(Some("/cb/0123456789abcdef?x"), vec![], vec![], None).is_err());
        assert!(Front::new(None, vec![], vec![], Some(0.0)).is_err());
    }

    #[test]
    fn the_allow_list_takes_v4_and_v6() {
        let allow = vec![parse_net("203.0.113.0/24").unwrap(), parse_net("2001:db8::/32").unwrap()];
        let f = Front::new(None, allow, vec![], None).unwrap();
        let now = Instant::now();
        assert!(f.check(ip("203.0.113.9"), "/", std::iter::empty(), now).is_ok());
        assert!(f.check(ip("::ffff:203.0.113.9"), "/", std::iter::empty(), now).is_ok(), "v4-mapped");
        assert!(f.check(ip("2001:db8::1"), "/", std::iter::empty(), now).is_ok());
        assert_eq!(
            f.check(ip("198.51.100.1"), "/", std::iter::empty(), now),
            Err((Refused::NotAllowed, ip("198.51.100.1")))
        );
        assert!(parse_net("10.0.0.300/8").is_err());
        assert_eq!(parse_net("10.1.2.3/8").unwrap().to_string(), "10.0.0.0/8");
        assert_eq!(parse_net("::1").unwrap().to_string(), "::1/128");
    }

    #[test]
    fn forwarded_for_is_believed_from_trusted_proxies_only() {
        let f = Front::new(None, vec![], vec![parse_net("127.0.0.1").unwrap(), parse_net("10.0.0.0/8").unwrap()], None)
            .unwrap();
        let xff = |v: &'static str| std::iter::once(v.as_bytes());
        assert_eq!(f.client(ip("127.0.0.1"), xff("198.51.100.7")), ip("198.51.100.7"));
        // The client wrote the first hop itself; the proxies appended the rest.
        assert_eq!(f.client(ip("127.0.0.1"), xff("1.1.1.1, 198.51.100.7, 10.0.0.2")), ip("198.51.100.7"));
        assert_eq!(f.client(ip("127.0.0.1"), xff("[2001:db8::5]:443")), ip("2001:db8::5"));
        assert_eq!(f.client(ip("127.0.0.1"), xff("198.51.100.7:5000")), ip("198.51.100.7"));
        assert_eq!(f.client(ip("127.0.0.1"), xff("nonsense")), ip("127.0.0.1"));
        assert_eq!(f.client(ip("127.0.0.1"), std::iter::empty()), ip("127.0.0.1"));
        // Two headers read as one list.
        let two = [b"198.51.100.7".as_slice(), b"10.0.0.3".as_slice()];
        assert_eq!(f.client(ip("127.0.0.1"), two.into_iter()), ip("198.51.100.7"));
        // From anyone else the header is ignored.
        assert_eq!(f.client(ip("192.0.2.1"), xff("198.51.100.7")), ip("192.0.2.1"));
    }

    #[test]
    fn the_rate_is_a_bucket_per_client() {
        let f = Front::new(None, vec![], vec![], Some(2.0)).unwrap();
        let t0 = Instant::now();
        let go = |who: &str, at: Instant| f.check(ip(who), "/", std::iter::empty(), at).is_ok();
        assert!(go("192.0.2.1", t0) && go("192.0.2.1", t0));
        assert!(!go("192.0.2.1", t0), "a burst of 2");
        assert!(go("192.0.2.2", t0), "another client has its own bucket");
        assert!(go("192.0.2.1", t0 + Duration::from_millis(500)), "refilled at 2/s");
        assert!(go("2001:db8::1", t0) && go("2001:db8::2", t0));
        assert!(!go("2001:db8::3", t0), "one bucket per IPv6 /64");
    }

    #[test]
    fn refusals_come_in_a_fixed_order() {
        let f = Front::new(Some(SECRET), vec![parse_net("192.0.2.0/24").unwrap()], vec![], Some(1.0)).unwrap();
        let now = Instant::now();
        assert_eq!(f.check(ip("198.51.100.1"), SECRET, std::iter::empty(), now).unwrap_err().0, Refused::NotAllowed);
        assert_eq!(f.check(ip("192.0.2.1"), "/x", std::iter::empty(), now).unwrap_err().0, Refused::NotFound);
        assert_eq!(f.check(ip("192.0.2.1"), SECRET, std::iter::empty(), now).unwrap_err().0, Refused::TooMany);
    }

    #[test]
    fn secret_paths_are_random_and_long() {
        let (a, b) = (secret_path().unwrap(), secret_path().unwrap());
        assert_ne!(a, b);
        assert_eq!(a.len(), "/cb/".len() + 32);
        assert!(Front::new(Some(&a), vec![], vec![], None).is_ok());
    }
}
