//! `cicb inspect` over loopback: the token, the list, paths outside the folder, following the
//! index. (The page itself is tested in a real browser: tests/browser.)

use std::ffi::OsStr;
use std::process::Child;
use std::time::Instant;

use crate::net::{raw, spawn, Answer, WAIT};
use crate::support::repo;

/// A running `cicb inspect`; killed when dropped.
struct Inspect {
    child: Child,
    port: u16,
    token: String,
}

impl Drop for Inspect {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Inspect {
    fn start(dir: &std::path::Path) -> Inspect {
        let args = [OsStr::new("inspect"), dir.as_os_str(), OsStr::new("--port"), OsStr::new("0")];
        let (child, _out, err) = spawn(&args);
        let line = err.recv_timeout(WAIT).expect("inspect prints its URL on stderr");
        let url = line.split(" at ").nth(1).and_then(|s| s.split_whitespace().next()).unwrap_or_default().to_string();
        assert!(url.starts_with("http://127.0.0.1:") && url.contains("/#token="), "{line}");
        let port = url["http://127.0.0.1:".len()..].split('/').next().unwrap().parse().unwrap();
        let token = url.split("#token=").nth(1).unwrap().to_string();
        assert_eq!(token.len(), 32, "128 bits in hex");
        Inspect { child, port, token }
    }

    fn get(&self, path: &str, token: Option<&str>) -> Answer {
        let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
        let req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n{auth}Connection: close\r\n\r\n", self.port);
        raw(self.port, req.as_bytes())
    }

    fn json(&self, path: &str) -> serde_json::Value {
        let a = self.get(path, Some(&self.token.clone()));
        assert_eq!(a.status, 200, "{path}: {}", a.body);
        serde_json::from_str(&a.body).unwrap_or_else(|e| panic!("{path}: {e}: {}", a.body))
    }
}

fn line(file: &str, state: &str) -> String {
    format!("{{\"file\":\"{file}\",\"time\":\"2026-01-01T00:00:00.000Z\",\"kind\":\"job\",\"tag\":\"Transcode\",\"state\":\"{state}\"}}\n")
}

#[test]
fn inspect_needs_its_token_and_serves_only_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let body = std::fs::read(repo().join("samples/transcode-failed.xml")).unwrap();
    std::fs::write(dir.path().join("a.xml"), &body).unwrap();
    std::fs::write(dir.path().join("index.ndjson"), line("a.xml", "Failed") + &line("../secret", "Success")).unwrap();
    let started = Instant::now();
    let i = Inspect::start(dir.path());
    assert_eq!(i.get("/api/captures", None).status, 401);
    assert_eq!(i.get("/api/captures", Some("0123456789abcdef0123456789abcdef")).status, 401);
    assert_eq!(i.get("/api/captures/a.xml/raw", None).status, 401);
    assert_eq!(i.get("/api/events", None).status, 401);
    let page = i.get("/", None);
    assert_eq!(page.status, 200, "the page itself holds no capture");
    assert!(page.body.contains("cicb inspect"));
    let list = i.json("/api/captures");
    assert_eq!(list["total"], 2);
    assert_eq!(list["items"][0]["file"], serde_json::Value::Null, "a name leaving the folder is not served");
    let raw = i.get("/api/captures/a.xml/raw", Some(&i.token.clone()));
    assert_eq!(raw.body.as_bytes(), &body[..]);
    for bad in ["/api/captures/..%2Findex.ndjson/raw", "/api/captures/index.ndjson/raw", "/api/captures/..%2Fsecret"] {
        assert_eq!(i.get(bad, Some(&i.token.clone())).status, 404, "{bad}");
    }
    // The redacted body's file name carries the JobId's pseudonym, not the JobId.
    std::fs::write(dir.path().join("je40e75562a686e7b19668ca663b17a28.xml"), &body).unwrap();
    let mut index = std::fs::OpenOptions::new().append(true).open(dir.path().join("index.ndjson")).unwrap();
    std::io::Write::write_all(&mut index, line("je40e75562a686e7b19668ca663b17a28.xml", "Failed").as_bytes()).unwrap();
    let redacted = loop {
        let r = i.get("/api/captures/je40e75562a686e7b19668ca663b17a28.xml/redacted", Some(&i.token.clone()));
        if r.status != 404 || Instant::now() > started + WAIT {
            break r;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(redacted.status, 200, "{}", redacted.body);
    assert!(redacted.head.contains("filename=\"redacted-j"), "{}", redacted.head);
    assert!(!redacted.head.contains("je40e75562a686e7b19668ca663b17a28"), "{}", redacted.head);
    assert!(!redacted.body.contains("je40e75562a686e7b19668ca663b17a28"));
    let d = i.json("/api/captures/a.xml");
    assert_eq!(d["summary"]["state"], "Failed");
    assert!(d["summary"]["failures"][0]["code"].is_string(), "{d}");
}

#[test]
fn inspect_follows_the_index_and_pages_ten_thousand_captures() {
    let dir = tempfile::tempdir().unwrap();
    let mut index = String::new();
    for n in 0..10_000 {
        let name = format!("c{n:05}.xml");
        std::fs::write(dir.path().join(&name), "<Response/>").unwrap();
        index.push_str(&line(&name, if n % 10 == 0 { "Failed" } else { "Success" }));
    }
    std::fs::write(dir.path().join("index.ndjson"), &index).unwrap();
    let i = Inspect::start(dir.path());
    let list = i.json("/api/captures?limit=200");
    assert_eq!((list["total"].as_u64(), list["items"].as_array().map(Vec::len)), (Some(10_000), Some(200)));
    assert_eq!(list["items"][0]["file"], "c09999.xml", "newest first");
    let failed = i.json("/api/captures?status=failed&limit=1");
    assert_eq!(failed["matched"], 1000);
    // Appended while inspect runs: seen without a restart.
    std::fs::write(dir.path().join("new.xml"), "<Response/>").unwrap();
    let mut f = std::fs::OpenOptions::new().append(true).open(dir.path().join("index.ndjson")).unwrap();
    std::io::Write::write_all(&mut f, line("new.xml", "Failed").as_bytes()).unwrap();
    let start = Instant::now();
    loop {
        let list = i.json("/api/captures?limit=1");
        if list["items"][0]["file"] == "new.xml" {
            assert_eq!(list["total"], 10_001);
            break;
        }
        assert!(start.elapsed() < WAIT, "the new capture never showed");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // Truncated: read again from the start; the bodies it no longer names are listed as
    // copied in (they do not decode as callbacks).
    std::fs::write(dir.path().join("index.ndjson"), line("c00001.xml", "Success")).unwrap();
    let start = Instant::now();
    while i.json("/api/captures")["statuses"] != serde_json::json!({"ok": 1, "invalid": 10_000}) {
        assert!(start.elapsed() < WAIT, "the truncated index was never read again");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
