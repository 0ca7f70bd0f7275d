//! `cicb listen` on the open internet, over loopback: the secret path, every refusal on record
//! (stdout and index), floods summarized, the allow-list behind a trusted proxy, the rate limit,
//! TLS with a reload on SIGHUP, the disk guard on a small file system, rotation, crash repair and
//! lines that fit 80 columns.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::net::{post, raw, Listener, WAIT};
use crate::support::repo;

const SECRET: &str = "/cb/0123456789abcdef0123456789abcdef";

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("samples").join(name)).unwrap()
}

/// The index lines that record a refusal.
fn refusals(l: &Listener) -> Vec<Value> {
    l.index().into_iter().filter(|v| v["rejected"] == true).collect()
}

/// Waits until the index holds `n` lines that satisfy `f` (refusal lines are written without
/// waiting for the disk, so they may come a moment after the answer).
fn wait_index(l: &Listener, n: usize, f: impl Fn(&Value) -> bool) -> Vec<Value> {
    let deadline = Instant::now() + WAIT;
    loop {
        let found: Vec<Value> = l.index().into_iter().filter(|v| f(v)).collect();
        if found.len() >= n {
            return found;
        }
        assert!(Instant::now() < deadline, "{} of {n} index lines: {:?}", found.len(), l.index());
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn only_the_secret_path_is_saved_and_its_token_is_never_shown() {
    let mut l = Listener::start(&["--path", SECRET]);
    let body = sample("noise-reduction.xml");
    assert_eq!(post(l.port, "/", &[], &body).status, 404);
    assert_eq!(post(l.port, "/cb/0123456789abcdef0123456789abcdeX", &[], &body).status, 404);
    assert_eq!(post(l.port, &format!("{SECRET}?x=1"), &[], &body).status, 200);
    assert!(l.captures().len() == 1, "only the secret path saved: {:?}", l.captures());
    let mut out = Vec::new();
    for _ in 0..3 {
        out.push(l.out_line());
    }
    assert!(out[0].contains("refused  404") && out[0].contains("POST /"), "{out:?}");
    assert!(out[2].contains("NoiseReduction"), "{out:?}");
    let index = wait_index(&l, 3, |_| true);
    let captured = index.iter().find(|v| v["file"].is_string()).unwrap();
    assert_eq!(captured["path"], "/cb/…?x=1");
    assert!(!out.join("\n").contains("0123456789abcdef0123456789abcdef"), "{out:?}");
    l.interrupt();
    let (code, err) = l.wait();
    assert_eq!(code, Some(0));
    let text = std::fs::read_to_string(l.dir.path().join("index.ndjson")).unwrap();
    assert!(!text.contains("0123456789abcdef0123456789abcdef"), "{text}");
    assert!(!err.contains("0123456789abcdef0123456789abcdef"), "{err}");
}

#[test]
fn secret_path_prints_a_url_that_works() {
    let mut l = Listener::start(&["--secret-path"]);
    let mut lines = Vec::new();
    while !lines.iter().any(|l: &String| l.starts_with("  http://")) {
        lines.push(l.err_line());
    }
    let url = lines.last().unwrap().trim().to_string();
    let path = url.split_once(&format!(":{}", l.port)).unwrap().1.to_string();
    assert!(path.starts_with("/cb/") && path.len() == 4 + 32, "{url}");
    assert!(lines.iter().all(|x| x.chars().count() <= 80), "the banner fits 80 columns: {lines:?}");
    assert!(l.err_lines[0].ends_with("/cb/… (Ctrl-C to stop)"), "{:?}", l.err_lines);
    assert_eq!(post(l.port, &path, &[], &sample("noise-reduction.xml")).status, 200);
    assert_eq!(post(l.port, "/cb/", &[], &sample("noise-reduction.xml")).status, 404);
    assert_eq!(l.captures().len(), 1);
}

#[test]
fn every_refusal_is_answered_and_on_record() {
    let l = Listener::start(&["--max-body", "100", "--body-timeout", "1s"]);
    let port = l.port;
    // 405: not a POST.
    let get = raw(port, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(get.status, 405);
    // 413: declared, and sent without a length.
    assert_eq!(post(port, "/big", &[], &[b'x'; 101]).status, 413);
    let chunked = raw(
        port,
        format!(
            "POST /chunks HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{}\r\n0\r\n\r\n",
            200,
            "y".repeat(200)
        )
        .as_bytes(),
    );
    assert_eq!(chunked.status, 413);
    // 408: a body that stops coming.
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    s.write_all(b"POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n12345").unwrap();
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    // 400: a broken chunked body.
    let _ = TcpStream::connect(("127.0.0.1", port)).and_then(|mut s| {
        s.write_all(b"POST /broken HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n")?;
        s.set_read_timeout(Some(WAIT))?;
        let mut sink = Vec::new();
        let _ = s.read_to_end(&mut sink);
        Ok(())
    });
    let lines = wait_index(&l, 5, |v| v["rejected"] == true);
    let by_path = |p: &str| lines.iter().find(|v| v["path"] == p).unwrap_or_else(|| panic!("{p}: {lines:?}"));
    assert_eq!((by_path("/")["status"].as_u64(), by_path("/")["method"].as_str()), (Some(405), Some("GET")));
    assert_eq!((by_path("/big")["status"].as_u64(), by_path("/big")["size"].as_u64()), (Some(413), Some(101)));
    assert_eq!(by_path("/chunks")["status"], 413);
    assert_eq!((by_path("/slow")["status"].as_u64(), by_path("/slow")["size"].as_u64()), (Some(408), Some(50)));
    assert_eq!(by_path("/broken")["status"], 400);
    for v in &lines {
        assert!(v.get("file").is_none() && v["peer"].as_str().unwrap().starts_with("127.0.0.1:"), "{v}");
        assert!(v["reason"].as_str().is_some_and(|r| !r.is_empty()) && v["time"].is_string(), "{v}");
    }
    assert!(l.captures().is_empty(), "a refusal saves nothing");
    let mut shown = Vec::new();
    for _ in 0..5 {
        shown.push(l.out_line());
    }
    for status in ["405", "413", "408", "400"] {
        assert!(shown.iter().any(|s| s.contains(&format!("refused  {status}"))), "{status}: {shown:?}");
    }
}

#[test]
fn a_flood_of_refusals_is_summarized() {
    let mut l = Listener::start(&["--path", SECRET]);
    for i in 0..30 {
        assert_eq!(post(l.port, &format!("/wp-login.php?{i}"), &[], b"x").status, 404);
    }
    let mut shown = Vec::new();
    for _ in 0..5 {
        shown.push(l.out_line());
    }
    l.interrupt();
    let (code, _) = l.wait();
    assert_eq!(code, Some(0));
    let last = l.out_line();
    assert!(last.contains("… and 25 more refusals from 127.0.0.1") && last.contains("25× 404"), "{last}");
    let index = refusals(&l);
    assert_eq!(index.len(), 6, "five lines, then one for the rest: {index:?}");
    assert_eq!((index[5]["count"].as_u64(), index[5]["statuses"]["404"].as_u64()), (Some(25), Some(25)));
}

#[test]
fn the_allow_list_reads_the_client_behind_a_trusted_proxy() {
    let body = sample("noise-reduction.xml");
    let l = Listener::start(&["--allow", "198.51.100.0/24", "--trust-proxy", "127.0.0.1/32"]);
    let xff = |a: &'static str| [("X-Forwarded-For", a)];
    assert_eq!(post(l.port, "/", &xff("198.51.100.7"), &body).status, 200);
    assert_eq!(post(l.port, "/", &xff("198.51.100.7, 203.0.113.1"), &body).status, 403, "the last hop counts");
    assert_eq!(post(l.port, "/", &[], &body).status, 403, "the proxy itself is not allowed");
    let lines = wait_index(&l, 3, |_| true);
    assert_eq!(lines.iter().find(|v| v["file"].is_string()).unwrap()["peer"], "198.51.100.7");
    let refused: Vec<&str> = lines.iter().filter(|v| v["status"] == 403).filter_map(|v| v["peer"].as_str()).collect();
    assert!(refused.contains(&"203.0.113.1") && refused.iter().any(|p| p.starts_with("127.0.0.1:")), "{refused:?}");

    // Without --trust-proxy the header is the client's word, and not believed.
    let l = Listener::start(&["--allow", "198.51.100.0/24"]);
    assert_eq!(post(l.port, "/", &xff("198.51.100.7"), &body).status, 403);
}

#[test]
fn over_the_rate_is_429() {
    let l = Listener::start(&["--rate", "2/s"]);
    let body = sample("noise-reduction.xml");
    let statuses: Vec<u16> = (0..4).map(|_| post(l.port, "/", &[], &body).status).collect();
    assert_eq!(&statuses[..2], [200, 200], "{statuses:?}");
    assert!(statuses[2..].contains(&429), "{statuses:?}");
    wait_index(&l, 1, |v| v["status"] == 429 && v["reason"] == "over --rate");
}

#[test]
fn below_min_free_is_507_with_a_warning() {
    let mut l = Listener::start(&["--min-free", "100%"]);
    assert_eq!(post(l.port, "/", &[], &sample("noise-reduction.xml")).status, 507);
    assert!(l.out_line().contains("refused  507"));
    wait_index(&l, 1, |v| v["status"] == 507);
    assert!(l.captures().is_empty());
    l.interrupt();
    let (_, err) = l.wait();
    assert!(err.contains("below --min-free") && err.contains("answering 507"), "{err}");
}

/// Mounts a tmpfs of `size` on `dir`; false where this process may not (not root).
fn mount_tmpfs(dir: &std::path::Path, size: &str) -> bool {
    Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(dir)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn a_full_disk_leaves_no_partial_capture_nor_a_cut_line() {
    let dir = tempfile::tempdir().unwrap();
    if !mount_tmpfs(dir.path(), "1m") {
        assert!(std::env::var_os("CI").is_none(), "CI runs as root and mounts a tmpfs");
        eprintln!("note: full-disk test skipped: mounting a tmpfs needs root");
        return;
    }
    let path = dir.path().to_path_buf();
    let result = std::panic::catch_unwind(|| {
        let l = Listener::start_in(dir, &["--min-free", "0", "--max-body", "1M"], &[]);
        let mut acked = Vec::new();
        let mut refused = 0;
        for i in 0..60 {
            let mut body =
                format!("<Response><EventName>TaskFinish</EventName><JobsDetail><JobId>j{i:04}</JobId>").into_bytes();
            body.resize(60_000, b' ');
            body.extend_from_slice(b"</JobsDetail></Response>");
            match post(l.port, "/", &[], &body).status {
                200 => acked.push(body),
                507 | 500 => refused += 1,
                s => panic!("unexpected {s}"),
            }
        }
        assert!(refused > 0 && !acked.is_empty(), "{} saved, {refused} refused", acked.len());
        let index_text = std::fs::read_to_string(l.dir.path().join("index.ndjson")).unwrap();
        assert!(index_text.is_empty() || index_text.ends_with('\n'), "no cut line");
        let lines: Vec<Value> = index_text.lines().map(|x| serde_json::from_str(x).unwrap()).collect();
        let saved: Vec<&Value> = lines.iter().filter(|v| v["file"].is_string()).collect();
        assert_eq!(saved.len(), acked.len(), "every acknowledged body is in the index");
        for v in saved {
            let bytes = std::fs::read(l.dir.path().join(v["file"].as_str().unwrap())).unwrap();
            assert!(acked.contains(&bytes), "whole, as sent");
        }
        assert_eq!(crate::net::captures(l.dir.path()).len(), acked.len(), "no file outside the index");
        drop(l);
    });
    let _ = Command::new("umount").arg(&path).status();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

#[test]
fn max_captures_keeps_the_newest() {
    let mut l = Listener::start(&["--max-captures", "3"]);
    let body = sample("noise-reduction.xml");
    for _ in 0..6 {
        assert_eq!(post(l.port, "/", &[], &body).status, 200);
    }
    let deadline = Instant::now() + WAIT;
    while l.captures().len() > 3 {
        assert!(Instant::now() < deadline, "not rotated: {:?}", l.captures());
        std::thread::sleep(Duration::from_millis(50));
    }
    let index = l.index();
    let files: Vec<&str> = index.iter().filter_map(|v| v["file"].as_str()).collect();
    assert_eq!(files.len(), 3);
    assert!(
        files.iter().all(|f| f.contains("-000004-") || f.contains("-000005-") || f.contains("-000006-")),
        "{files:?}"
    );
    l.interrupt();
    let (_, err) = l.wait();
    let removed: usize = err
        .lines()
        .filter_map(|x| x.strip_prefix("rotated: removed the ")?.split(' ').next()?.parse::<usize>().ok())
        .sum();
    assert_eq!(removed, 3, "{err}");
}

#[test]
fn a_crashed_folder_is_repaired_at_start() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.ndjson"), "{\"rejected\":true,\"status\":404}\n{\"file\":\"a.x").unwrap();
    std::fs::write(dir.path().join(".tmp-1-1"), "partial").unwrap();
    let mut l = Listener::start_in(dir, &[], &[]);
    let mut err = Vec::new();
    for _ in 0..4 {
        err.push(l.err_line());
    }
    let err = err.join("\n");
    assert!(err.contains("removed 1 unfinished save") && err.contains("index.ndjson.damaged"), "{err}");
    assert_eq!(std::fs::read_to_string(l.dir.path().join("index.ndjson.damaged")).unwrap(), "{\"file\":\"a.x\n");
    assert!(!l.dir.path().join(".tmp-1-1").exists());
    assert_eq!(post(l.port, "/", &[], &sample("noise-reduction.xml")).status, 200);
    let index = wait_index(&l, 2, |_| true);
    assert_eq!(index[0]["status"], 404, "the whole lines stay, and new ones follow");
}

#[test]
fn lines_fit_80_columns() {
    let l = Listener::start_in(tempfile::tempdir().unwrap(), &[], &[("COLUMNS", "80")]);
    let mut body = sample("noise-reduction.xml");
    let long = "j".repeat(60);
    body = String::from_utf8(body).unwrap().replacen("<JobId>", &format!("<JobId>{long}"), 1).into_bytes();
    assert_eq!(post(l.port, "/", &[], &body).status, 200);
    assert_eq!(post(l.port, &format!("/{}", "p".repeat(200)), &[], b"x").status, 200);
    for _ in 0..2 {
        let line = l.out_line();
        assert!(line.chars().count() <= 80, "{} columns: {line}", line.chars().count());
        assert!(line.ends_with(".xml") || line.ends_with(".bin"), "the file name ends the line: {line}");
        assert!(!line.contains(&l.dir.path().display().to_string()), "relative to --dir: {line}");
    }
}

/// A TLS client that trusts only `ca_pem`.
fn tls_agent(ca_pem: &str) -> ureq::Agent {
    let cert = ureq::tls::Certificate::from_pem(ca_pem.as_bytes()).unwrap();
    let tls = ureq::tls::TlsConfig::builder().root_certs(ureq::tls::RootCerts::Specific(Arc::new(vec![cert]))).build();
    ureq::Agent::config_builder().tls_config(tls).http_status_as_error(false).timeout_global(Some(WAIT)).build().into()
}

fn self_signed() -> (String, String) {
    let c = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
    (c.cert.pem(), c.signing_key.serialize_pem())
}

#[test]
fn tls_serves_and_reloads_on_sighup_without_dropping_a_client() {
    let files = tempfile::tempdir().unwrap();
    let (cert_path, key_path) = (files.path().join("cert.pem"), files.path().join("key.pem"));
    let (cert_a, key_a) = self_signed();
    std::fs::write(&cert_path, &cert_a).unwrap();
    std::fs::write(&key_path, &key_a).unwrap();
    let mut l = Listener::start(&["--tls-cert", cert_path.to_str().unwrap(), "--tls-key", key_path.to_str().unwrap()]);
    let url = format!("https://127.0.0.1:{}/cb", l.port);
    let body = sample("noise-reduction.xml");
    let a = tls_agent(&cert_a);
    assert_eq!(a.post(&url).send(&body[..]).unwrap().status(), 200);

    // A client keeps sending on its keep-alive connection while the certificate changes.
    let stop = Arc::new(AtomicBool::new(false));
    let sent = Arc::new(AtomicUsize::new(0));
    let keeper = {
        let (stop, sent, url, body, agent) =
            (Arc::clone(&stop), Arc::clone(&sent), url.clone(), body.clone(), a.clone());
        std::thread::spawn(move || {
            let mut failures = Vec::new();
            let deadline = Instant::now() + WAIT;
            while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
                match agent.post(&url).send(&body[..]) {
                    Ok(r) if r.status() == 200 => {
                        sent.fetch_add(1, Ordering::Relaxed);
                    }
                    other => failures.push(format!("{other:?}")),
                }
            }
            failures
        })
    };
    while sent.load(Ordering::Relaxed) < 3 {
        std::thread::sleep(Duration::from_millis(10));
    }
    let (cert_b, key_b) = self_signed();
    std::fs::write(&cert_path, &cert_b).unwrap();
    std::fs::write(&key_path, &key_b).unwrap();
    assert!(Command::new("kill").args(["-HUP", &l.child.id().to_string()]).status().unwrap().success());
    let deadline = Instant::now() + WAIT;
    while !l.err_line().contains("reloaded the TLS certificate") {
        assert!(Instant::now() < deadline);
    }
    let before = sent.load(Ordering::Relaxed);
    while sent.load(Ordering::Relaxed) < before + 3 {
        std::thread::sleep(Duration::from_millis(10));
    }
    stop.store(true, Ordering::Relaxed);
    let failures = keeper.join().unwrap();
    assert!(failures.is_empty(), "the open connection kept working: {failures:?}");
    // New handshakes get the new certificate.
    let b = tls_agent(&cert_b);
    assert_eq!(b.post(&url).send(&body[..]).unwrap().status(), 200);
    assert!(tls_agent(&cert_a).post(&url).send(&body[..]).is_err(), "the old certificate is gone");
}

#[test]
fn a_bad_certificate_or_key_is_exit_2_at_start() {
    let files = tempfile::tempdir().unwrap();
    let (cert, _) = self_signed();
    let (_, other_key) = self_signed();
    let (c, k) = (files.path().join("c.pem"), files.path().join("k.pem"));
    std::fs::write(&c, cert).unwrap();
    std::fs::write(&k, other_key).unwrap();
    let d = tempfile::tempdir().unwrap();
    let args = ["listen", "--port", "0", "--dir", d.path().to_str().unwrap(), "--tls-cert"];
    let mut argv: Vec<&str> = args.to_vec();
    argv.extend([c.to_str().unwrap(), "--tls-key", k.to_str().unwrap()]);
    let (code, _, err) = crate::net::cicb(&argv);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("do not match"), "{err}");
    std::fs::write(&k, "not a key").unwrap();
    let (code, _, err) = crate::net::cicb(&argv);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("no PEM private key"), "{err}");
    let (code, _, err) =
        crate::net::cicb(&["listen", "--port", "0", "--dir", d.path().to_str().unwrap(), "--path", "/cb/short"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("16 characters"), "{err}");
}
