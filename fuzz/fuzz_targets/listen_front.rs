//! The front of a public `cicb listen`: the secret path check, the path shown and forwarded, the
//! client behind a trusted proxy (`X-Forwarded-For`) and the allow-list, on any bytes.
//!
//! Invariants: nothing panics; a path that matches starts with the secret, and neither the shown
//! path nor the forwarded path holds the token; the client is the peer or an address written in
//! the header, and never a trusted proxy unless the peer itself is one that nothing else names.
//!
//! Input: a byte picking the peer, then the path and the header value, split at the first 0xff.
#![no_main]

use std::net::IpAddr;
use std::time::Instant;

use cicb::net::front::{self, Front};
use libfuzzer_sys::fuzz_target;

const SECRET: &str = "/cb/0123456789abcdef0123456789abcdef";
const TOKEN: &str = "0123456789abcdef0123456789abcdef";

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let (path, xff) = match rest.iter().position(|&b| b == 0xff) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, &[][..]),
    };
    let Ok(path) = std::str::from_utf8(path) else { return };
    let peers: [IpAddr; 4] = [
        "127.0.0.1".parse().unwrap(),
        "10.1.2.3".parse().unwrap(),
        "::1".parse().unwrap(),
        "::ffff:10.0.0.9".parse().unwrap(),
    ];
    let peer = peers[usize::from(pick) % peers.len()];
    let trust = vec![front::parse_net("127.0.0.0/8").unwrap(), front::parse_net("10.0.0.0/8").unwrap()];
    let allow = vec![front::parse_net("192.0.2.0/24").unwrap(), front::parse_net("2001:db8::/32").unwrap()];
    let f = Front::new(Some(SECRET), allow, trust, Some(1000.0)).unwrap();

    if f.path_matches(path) {
        assert!(path.starts_with(SECRET), "{path:?}");
        assert!(!f.shown_path(path).contains(TOKEN) || path[SECRET.len()..].contains(TOKEN), "{path:?}");
        let fwd = f.forwarded_path(path);
        assert!(fwd.starts_with('/'), "{fwd:?}");
        assert_eq!(fwd.trim_start_matches('/'), path[SECRET.len()..].trim_start_matches('/'));
    } else {
        assert!(
            !(path == SECRET || path.starts_with(&format!("{SECRET}/")) || path.starts_with(&format!("{SECRET}?")))
        );
        assert_eq!(f.shown_path(path), path);
    }

    let client = f.client(peer, std::iter::once(xff));
    let named: Vec<IpAddr> = xff.split(|&b| b == b',').filter_map(front::parse_hop).collect();
    assert!(client == front::canonical(peer) || named.contains(&client), "{client} from {peer} and {xff:?}");
    match f.check(peer, path, std::iter::once(xff), Instant::now()) {
        Ok(a) => {
            assert_eq!(a.client, client);
            assert!(f.path_matches(path));
        }
        Err((_, c)) => assert_eq!(c, client),
    }
    if let Ok(s) = std::str::from_utf8(xff) {
        let _ = front::parse_net(s);
    }
});
