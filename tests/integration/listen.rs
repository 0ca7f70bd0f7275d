//! `cicb listen` over loopback: captures, defenses, forwarding, --count and Ctrl-C.

use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::net::{post, raw, Listener, WAIT};
use crate::support::repo;

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("samples").join(name)).unwrap()
}

#[test]
fn listen_captures_xml_and_json_byte_exact() {
    let l = Listener::start(&[]);
    let xml = sample("workflow-failed.xml");
    let json = sample("noise-reduction.json");
    assert_eq!(post(l.port, "/cb", &[("Content-Type", "application/xml")], &xml).status, 200);
    let line = l.out_line();
    assert!(line.contains("workflow/WorkflowFinish") && line.contains("Failed") && line.ends_with(".xml"), "{line}");
    assert_eq!(post(l.port, "/cb?x=1", &[], &json).status, 200);
    let line = l.out_line();
    assert!(line.contains("job/TaskFinish  NoiseReduction  Success"), "{line}");
    let files = l.captures();
    assert_eq!(files.len(), 2, "{files:?}");
    assert_eq!(std::fs::read(&files[0]).unwrap(), xml);
    assert_eq!(std::fs::read(&files[1]).unwrap(), json);
    let name = files[1].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.contains("-000002-job-NoiseReduction-") && name.ends_with(".json"), "{name}");
    let index = l.index();
    assert_eq!(index.len(), 2);
    assert_eq!(index[0]["headers"]["content-type"], "application/xml");
    assert_eq!(index[1]["path"], "/cb?x=1");
    assert_eq!(index[1]["file"], name.as_str());
    assert_eq!(index[1]["size"], json.len());
    assert_eq!(index[1]["kind"], "job");
}

#[test]
fn listen_json_lines_carry_the_summary_and_the_file() {
    let l = Listener::start(&["--format", "json"]);
    let body = sample("audit-image-detail.json");
    assert_eq!(post(l.port, "/", &[("X-Ci-Content-Version", "Detail")], &body).status, 200);
    let v: serde_json::Value = serde_json::from_str(&l.out_line()).unwrap();
    assert_eq!(v["kind"], "audit-detail");
    assert_eq!(v["content_version"], "Detail");
    let file = v["file"].as_str().unwrap();
    assert!(file.ends_with(".json"), "{file}");
    let on_disk = l.dir.path().join(std::path::Path::new(file).file_name().unwrap());
    assert_eq!(std::fs::read(on_disk).unwrap(), body);
}

#[test]
fn listen_refuses_what_is_not_a_callback_post() {
    let l = Listener::start(&["--max-body", "1K"]);
    let get = raw(l.port, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(get.status, 405);
    let big = vec![b'<'; 4096];
    let too_big = post(l.port, "/", &[], &big);
    assert_eq!(too_big.status, 413);
    assert!(too_big.body.contains("--max-body"), "{}", too_big.body);
    // Chunked, no Content-Length: the limit holds while reading.
    let mut chunked = b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".to_vec();
    for _ in 0..4 {
        chunked.extend_from_slice(b"400\r\n");
        chunked.extend_from_slice(&[b'a'; 0x400]);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    assert_eq!(raw(l.port, &chunked).status, 413);
    assert_eq!(raw(l.port, b"THIS IS NOT HTTP\r\n\r\n").status, 400);
    assert!(l.captures().is_empty(), "{:?}", l.captures());
}

#[test]
fn listen_captures_garbage_and_labels_the_probe() {
    let l = Listener::start(&["--status", "500"]);
    assert_eq!(post(l.port, "/", &[], b"\x00\xffnot a body").status, 500);
    let line = l.out_line();
    assert!(line.contains("not-a-callback") && line.ends_with(".bin"), "{line}");
    let probe = br#"{"code":0,"data":{"event":"ReviewImage","trace_id":"test_trace_id"},"message":"Test request when setting callback url"}"#;
    // The console's test request always gets 200, whatever --status says.
    assert_eq!(post(l.port, "/", &[], probe).status, 200);
    let line = l.out_line();
    assert!(line.contains("probe") && line.contains("console test request"), "{line}");
    let files = l.captures();
    assert_eq!(files.len(), 2);
    assert_eq!(std::fs::read(&files[0]).unwrap(), b"\x00\xffnot a body");
    assert!(files[1].to_string_lossy().contains("-probe-"), "{files:?}");
}

#[test]
fn listen_slow_clients_do_not_keep_a_callback_out() {
    let l = Listener::start(&[]);
    let mut idle = Vec::new();
    for _ in 0..200 {
        let mut s = TcpStream::connect(("127.0.0.1", l.port)).unwrap();
        // Headers that never finish.
        s.write_all(b"POST / HTTP/1.1\r\nHost: x\r\nX-Slow: ").unwrap();
        idle.push(s);
    }
    let start = Instant::now();
    let answer = post(l.port, "/", &[], &sample("legacy-job.xml"));
    assert_eq!(answer.status, 200);
    assert!(start.elapsed() < Duration::from_secs(5), "took {:?}", start.elapsed());
    assert!(l.out_line().contains("legacy-job"));
    drop(idle);
}

#[test]
fn listen_forwards_to_a_handler_and_keeps_captures_when_it_is_down() {
    let handler = Listener::start(&["--status", "202"]);
    let l = Listener::start(&["--forward-to", &handler.url("/hook")]);
    let body = sample("transcode-failed.xml");
    assert_eq!(post(l.port, "/cb?id=7", &[("Content-Type", "text/xml"), ("X-Custom", "1")], &body).status, 200);
    let first = l.out_line();
    assert!(first.contains("job/TaskFinish  Transcode  Failed"), "{first}");
    let forwarded = l.out_line();
    assert!(forwarded.contains("forwarded: 202"), "{forwarded}");
    handler.out_line();
    let got = handler.captures();
    assert_eq!(got.len(), 1);
    assert_eq!(std::fs::read(&got[0]).unwrap(), body);
    let index = handler.index();
    assert_eq!(index[0]["path"], "/hook/cb?id=7");
    assert_eq!(index[0]["headers"]["content-type"], "text/xml");
    assert_eq!(index[0]["headers"]["x-custom"], "1");
    let own = l.index();
    assert_eq!(own[0]["forward"]["status"], 202);

    drop(handler);
    let down = Listener::start(&["--forward-to", "http://127.0.0.1:1/"]);
    assert_eq!(post(down.port, "/", &[], &body).status, 200);
    down.out_line();
    let line = down.out_line();
    assert!(line.contains("forward failed") && line.contains("capture is kept"), "{line}");
    assert_eq!(std::fs::read(&down.captures()[0]).unwrap(), body);
}

#[test]
fn listen_count_exits_after_n_captures() {
    let mut l = Listener::start(&["--count", "2"]);
    for _ in 0..2 {
        assert_eq!(post(l.port, "/", &[], &sample("noise-reduction.xml")).status, 200);
    }
    let (code, err) = l.wait();
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("stopped: 2 captures"), "{err}");
    assert_eq!(l.captures().len(), 2);
}

#[test]
fn listen_ctrl_c_exits_0_with_a_count() {
    let mut l = Listener::start(&[]);
    assert_eq!(post(l.port, "/", &[], &sample("noise-reduction.xml")).status, 200);
    l.out_line();
    l.interrupt();
    let (code, err) = l.wait();
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("stopped: 1 capture saved"), "{err}");
    // Stopped accepting.
    let deadline = Instant::now() + WAIT;
    while TcpStream::connect(("127.0.0.1", l.port)).is_ok() {
        assert!(Instant::now() < deadline, "still accepting");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn listen_inspect_serves_the_page_over_its_folder() {
    let mut l = Listener::start(&["--inspect", "0"]);
    let url = loop {
        let line = l.err_line();
        if let Some(u) = line.strip_prefix("inspect page: ") {
            break u.to_string();
        }
    };
    let (addr, token) = url.strip_prefix("http://").and_then(|u| u.split_once("/#token=")).unwrap();
    let port: u16 = addr.rsplit_once(':').unwrap().1.parse().unwrap();
    assert_eq!(post(l.port, "/", &[], &sample("noise-reduction.xml")).status, 200);
    l.out_line();
    let get = |auth: &str| {
        raw(port, format!("GET /api/captures HTTP/1.1\r\nHost: x\r\n{auth}Connection: close\r\n\r\n").as_bytes())
    };
    assert_eq!(get("").status, 401, "the token is needed");
    let deadline = Instant::now() + WAIT;
    loop {
        let a = get(&format!("Authorization: Bearer {token}\r\n"));
        assert_eq!(a.status, 200);
        if a.body.contains("NoiseReduction") {
            break;
        }
        assert!(Instant::now() < deadline, "the capture never reached the page: {}", a.body);
        std::thread::sleep(Duration::from_millis(100));
    }
}
