//! `cicb consume` and `cicb send kafka://` against a real broker: tansu (an Apache Kafka
//! compatible broker), started per test on 127.0.0.1 with in-memory storage, and kafka-python as
//! an independent producer. Built with `--features kafka` only.
//!
//! The broker is `$TANSU` or `tansu` on PATH (`cargo install tansu --version 0.6.0 --locked
//! --features dynostore,libsql`); the producer is `$CICB_PYTHON` (a Python with kafka-python).
//! Where either is missing these tests say so and pass, except under `CI`, where they fail.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ffi::OsStr;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::net::{captures, spawn, tail, wait_within};

/// A broker for one test; killed when dropped.
struct Broker {
    child: Child,
    port: u16,
    exe: PathBuf,
    /// The broker's working folder, when the broker owns it.
    _data: Option<tempfile::TempDir>,
}

fn under_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}

/// `what` is missing: a failure under CI, a visible skip elsewhere.
fn missing(what: &str) -> Option<Broker> {
    assert!(!under_ci(), "{what} (the Kafka tests never skip under CI)");
    eprintln!("note: Kafka test skipped: {what}");
    None
}

fn tansu() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TANSU") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    let mut dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join(".cargo/bin"));
    }
    dirs.into_iter().map(|d| d.join("tansu")).find(|p| p.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Broker {
    /// An unauthenticated broker with in-memory storage.
    fn start() -> Option<Broker> {
        Broker::with(&[], None)
    }

    /// A broker with `extra` flags, on `storage` (a folder kept for the broker's lifetime, the
    /// broker's working folder: tansu reads a `sqlite://NAME` path from there) or in memory.
    fn with(extra: &[&str], storage: Option<(&Path, &str)>) -> Option<Broker> {
        let Some(exe) = tansu() else { return missing("tansu is not installed (set TANSU or put it on PATH)") };
        let owned = storage.is_none().then(|| tempfile::tempdir().unwrap());
        let (cwd, engine) = match (storage, &owned) {
            (Some((dir, engine)), _) => (dir.to_path_buf(), engine.to_string()),
            (None, Some(t)) => (t.path().to_path_buf(), "memory://tansu/".to_string()),
            (None, None) => unreachable!("a folder is made when none is given"),
        };
        let port = free_port();
        let url = format!("tcp://127.0.0.1:{port}");
        let child = Command::new(&exe)
            .args(["broker", "--listener-url", &url, "--advertised-listener-url", &url, "--storage-engine", &engine])
            .args(extra)
            .current_dir(&cwd)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let b = Broker { child, port, exe, _data: owned };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "tansu did not listen on {port} in time");
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(b)
    }

    fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// `tansu topic create NAME --partitions N`.
    fn topic(&self, name: &str, partitions: u32) {
        let ok = Command::new(&self.exe)
            .args(["topic", "create", name, "--partitions", &partitions.to_string(), "--broker"])
            .arg(format!("tcp://{}", self.addr()))
            .stdout(Stdio::null())
            .status()
            .unwrap()
            .success();
        assert!(ok, "tansu topic create {name} failed");
    }
}

impl Drop for Broker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The Python that has kafka-python: `$CICB_PYTHON`, else `python3` if it imports `kafka`.
fn python() -> Option<PathBuf> {
    let py = std::env::var_os("CICB_PYTHON").map_or_else(|| PathBuf::from("python3"), PathBuf::from);
    let ok = Command::new(&py).args(["-c", "import kafka"]).stderr(Stdio::null()).status().is_ok_and(|s| s.success());
    ok.then_some(py)
}

const PRODUCER: &str = r#"
import os, sys
from kafka import KafkaProducer
addr, topic, folder, parts = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
# One record per batch: tansu 0.6 answers a fetch from an offset inside a batch with the next batch,
# skipping the rest of it (a consumer that resumes mid-batch after a restart or a rebalance would
# never see those records; see CONTRIBUTING.md).
p = KafkaProducer(bootstrap_servers=addr, linger_ms=0, batch_size=1, max_request_size=1 << 24,
                  api_version=(2, 5, 0), acks=1, retries=5, max_in_flight_requests_per_connection=1)
names = sorted(os.listdir(folder))
sent = []
for i, n in enumerate(names):
    with open(os.path.join(folder, n), "rb") as f:
        sent.append(p.send(topic, f.read(), partition=i % parts, key=(b"k\xff%d" % i) if i % 7 == 0 else None,
                           headers=[("h", b"\x1b[2J")] if i % 11 == 0 else None))
p.flush(60)
# Every message is on the broker: a failed send raises here.
for s in sent:
    s.get(timeout=60)
p.close()
print(len(names))
"#;

/// Produces `bodies` with kafka-python, body `i` to partition `i % partitions` (a few with
/// binary keys and a terminal escape in a header).
fn produce(broker: &Broker, topic: &str, bodies: &[Vec<u8>], partitions: u32) -> bool {
    let Some(py) = python() else {
        missing("no Python with kafka-python (set CICB_PYTHON)");
        return false;
    };
    let folder = tempfile::tempdir().unwrap();
    for (i, b) in bodies.iter().enumerate() {
        std::fs::write(folder.path().join(format!("{i:08}")), b).unwrap();
    }
    let out = Command::new(py)
        .args(["-c", PRODUCER, &broker.addr(), topic])
        .arg(folder.path())
        .arg(partitions.to_string())
        .output()
        .unwrap();
    assert!(out.status.success(), "kafka-python failed: {}", String::from_utf8_lossy(&out.stderr));
    true
}

/// Bodies of three kinds: callbacks, broken XML, garbage bytes; each distinct.
fn bodies(n: usize) -> Vec<Vec<u8>> {
    (0..n)
        .map(|i| match i % 3 {
            0 => format!(
                "<Response><EventName>TaskFinish</EventName><JobsDetail><JobId>j{i:06}</JobId><Tag>Transcode</Tag>\
<State>Success</State><Code>Success</Code></JobsDetail></Response>"
            )
            .into_bytes(),
            1 => format!("<Response><JobsDetail><JobId>j{i:06}</JobId></Respons>").into_bytes(),
            _ => {
                let mut b = vec![0u8, 0xff, 0xfe];
                b.extend_from_slice(format!("garbage {i}\x1b[31m").as_bytes());
                b
            }
        })
        .collect()
}

/// Runs `cicb consume ARGS` to its end within `limit`: exit code, stdout, stderr.
fn consume(args: &[&OsStr], limit: Duration) -> (Option<i32>, String, String) {
    let mut argv: Vec<&OsStr> = vec![OsStr::new("consume")];
    argv.extend_from_slice(args);
    let (mut child, out, err) = spawn(&argv);
    let status = wait_within(&mut child, "cicb consume", limit);
    (status.code(), tail(&out).join("\n"), tail(&err).join("\n"))
}

fn os<'a>(args: &[&'a str]) -> Vec<&'a OsStr> {
    args.iter().map(|a| OsStr::new(*a)).collect()
}

fn index(dir: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(dir.join("index.ndjson")).unwrap_or_default();
    text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

/// (partition, offset) → the saved file's bytes, from the index; panics on a place saved twice
/// or an index line whose file is missing.
fn saved(dir: &Path) -> BTreeMap<(i64, i64), Vec<u8>> {
    let mut m = BTreeMap::new();
    for line in index(dir) {
        let place = (line["partition"].as_i64().unwrap(), line["offset"].as_i64().unwrap());
        let file = dir.join(line["file"].as_str().unwrap());
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(m.insert(place, bytes).is_none(), "{place:?} saved twice");
    }
    m
}

/// The multiset of bodies, for comparing what was produced with what was saved.
fn counted<'a>(bodies: impl Iterator<Item = &'a Vec<u8>>) -> HashMap<&'a [u8], usize> {
    let mut m = HashMap::new();
    for b in bodies {
        *m.entry(b.as_slice()).or_insert(0) += 1;
    }
    m
}

#[test]
fn consume_saves_every_message_byte_exact_and_once() {
    let Some(broker) = Broker::start() else { return };
    broker.topic("cb", 3);
    let sent = bodies(1000);
    if !produce(&broker, "cb", &sent, 3) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let args = ["-b", &broker.addr(), "-t", "cb", "-g", "g1", "--from-beginning", "-e", "--dir", d];
    let (code, out, err) = consume(&os(&args), Duration::from_secs(60));
    assert_eq!(code, Some(0), "{err}");
    let got = saved(dir.path());
    assert_eq!(got.len(), 1000, "{err}");
    assert_eq!(counted(got.values()), counted(sent.iter()), "every body byte for byte");
    assert_eq!(captures(dir.path()).len(), 1000, "one file per message, nothing else visible");
    // Offsets are per partition, from 0, without gaps.
    for p in 0..3 {
        let offsets: Vec<i64> = got.keys().filter(|(pp, _)| *pp == p).map(|(_, o)| *o).collect();
        assert_eq!(offsets, (0..offsets.len() as i64).collect::<Vec<_>>(), "partition {p}");
    }
    let lines = index(dir.path());
    let kinds: HashSet<&str> = lines.iter().filter_map(|l| l["kind"].as_str()).collect();
    assert!(kinds.contains("job") && kinds.contains("not-a-callback"), "{kinds:?}");
    let keyed = lines.iter().find(|l| l["key"].is_object()).expect("a binary key");
    assert!(keyed["key"]["hex"].as_str().unwrap().starts_with("6bff"), "{keyed}");
    let headed = lines.iter().find(|l| l["headers"].as_array().is_some_and(|h| !h.is_empty())).unwrap();
    assert_eq!(headed["headers"][0], serde_json::json!(["h", "\u{1b}[2J"]));
    assert!(!std::fs::read_to_string(dir.path().join("index.ndjson")).unwrap().contains('\u{1b}'), "escaped");
    assert_eq!(out.lines().count(), 1000, "a line per message");
    assert!(!out.contains('\u{1b}'), "lines are terminal-safe");
    assert!(err.contains("1000 captures saved"), "{err}");

    // The group committed: a second run reads nothing and saves nothing.
    let (code, out, err) = consume(&os(&args), Duration::from_secs(60));
    assert_eq!(code, Some(0), "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("0 captures saved"), "{err}");
    assert_eq!(index(dir.path()).len(), 1000);

    // summarize reads the folder as it reads listen's.
    let (code, out, _) = crate::net::cicb(&["summarize", "--format", "json", d]);
    assert_eq!(code, Some(1), "some bodies are not callbacks");
    assert!(out.lines().count() >= 334, "{}", out.lines().count());
}

#[test]
fn a_second_run_of_a_new_group_does_not_save_twice_into_the_same_folder() {
    let Some(broker) = Broker::start() else { return };
    broker.topic("cb", 2);
    let sent = bodies(40);
    if !produce(&broker, "cb", &sent, 2) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    for group in ["a", "b"] {
        let args = ["-b", &broker.addr(), "-t", "cb", "-g", group, "-o", "beginning", "-e", "-d", d];
        let (code, _, err) = consume(&os(&args), Duration::from_secs(60));
        assert_eq!(code, Some(0), "{err}");
        if group == "b" {
            assert!(err.contains("0 captures saved") && err.contains("40 already saved"), "{err}");
        }
    }
    assert_eq!(saved(dir.path()).len(), 40);
    assert_eq!(captures(dir.path()).len(), 40);
}

#[test]
fn two_members_of_a_group_save_each_message_once() {
    // The second member joins while the first is consuming (a rebalance in mid-stream); the second
    // half is produced once both are in the group, so that both take a share however fast the
    // first one reads.
    let Some(broker) = Broker::start() else { return };
    broker.topic("cb", 3);
    let sent = bodies(20_000);
    if !produce(&broker, "cb", &sent[..10_000], 3) {
        return;
    }
    let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    let member = |d: &Path| {
        let args = [
            "consume",
            "-b",
            &broker.addr(),
            "-t",
            "cb",
            "-g",
            "pair",
            "--from-beginning",
            "--idle-timeout",
            "15s",
            "-X",
            "session.timeout.ms=6000",
            "-d",
            d.to_str().unwrap(),
        ]
        .map(String::from);
        let argv: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        spawn(&argv)
    };
    let first = member(dirs[0].path());
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::fs::read(dirs[0].path().join("index.ndjson")).map_or(true, |b| b.is_empty()) {
        assert!(Instant::now() < deadline, "the first member saved nothing in 60 s");
        std::thread::sleep(Duration::from_millis(20));
    }
    let second = member(dirs[1].path());
    // A rebalance on tansu takes a second or two once the first member polls again.
    std::thread::sleep(Duration::from_secs(6));
    assert!(produce(&broker, "cb", &sent[10_000..], 3));
    let members = [first, second];
    let mut counts = Vec::new();
    for (mut child, _out, err) in members {
        let status = wait_within(&mut child, "cicb consume", Duration::from_secs(120));
        let err = tail(&err).join("\n");
        assert_eq!(status.code(), Some(0), "{err}");
        counts.push(err);
    }
    let mut all: BTreeMap<(i64, i64), Vec<u8>> = BTreeMap::new();
    let mut per_member = Vec::new();
    for d in &dirs {
        let mine = saved(d.path());
        per_member.push(mine.len());
        for (place, bytes) in mine {
            assert!(all.insert(place, bytes).is_none(), "{place:?} saved by both members");
        }
    }
    assert!(per_member.iter().all(|&n| n > 0), "both members took a share: {per_member:?} {counts:?}");
    assert_eq!(all.len(), 20_000, "{per_member:?}");
    assert_eq!(counted(all.values()), counted(sent.iter()));
}

#[test]
fn a_kill_9_then_a_restart_leaves_every_message_once_and_nothing_partial() {
    let Some(broker) = Broker::start() else { return };
    broker.topic("cb", 3);
    let sent = bodies(6000);
    if !produce(&broker, "cb", &sent, 3) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let args = ["consume", "-b", &broker.addr(), "-t", "cb", "-g", "k", "--from-beginning", "-d", d];
    let (mut child, _out, _err) = spawn(&os(&args));
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::fs::read_to_string(dir.path().join("index.ndjson")).map_or(0, |t| t.lines().count()) < 1500 {
        assert!(Instant::now() < deadline, "no captures in time");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let args = ["-b", &broker.addr(), "-t", "cb", "-g", "k", "--from-beginning", "-e", "-d", d];
    let (code, _, err) = consume(&os(&args), Duration::from_secs(60));
    assert_eq!(code, Some(0), "{err}");
    let got = saved(dir.path());
    assert_eq!(got.len(), 6000, "{err}");
    assert_eq!(counted(got.values()), counted(sent.iter()), "every body whole, none partial");
    assert_eq!(captures(dir.path()).len(), 6000, "no file outside the index");
    let hidden: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp-"))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
}

/// A handler on 127.0.0.1 that answers 500 to its first `fail` requests and 200 after; it
/// records every body it got.
fn handler(fail: usize) -> (u16, Arc<std::sync::Mutex<Vec<Vec<u8>>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let got = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = Arc::clone(&got);
    let count = AtomicUsize::new(0);
    std::thread::spawn(move || {
        for stream in listener.incoming().take(64) {
            let Ok(mut s) = stream else { break };
            s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            // Headers, then Content-Length bytes.
            let body = loop {
                let Ok(n) = s.read(&mut chunk) else { break None };
                if n == 0 {
                    break None;
                }
                buf.extend_from_slice(&chunk[..n]);
                let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else { continue };
                let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
                let len: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:").map(|v| v.trim().parse().unwrap_or(0)))
                    .unwrap_or(0);
                if buf.len() >= end + 4 + len {
                    break Some(buf[end + 4..end + 4 + len].to_vec());
                }
            };
            let Some(body) = body else { continue };
            seen.lock().unwrap().push(body);
            let n = count.fetch_add(1, Ordering::Relaxed);
            let status = if n < fail { "500 Internal Server Error" } else { "200 OK" };
            let _ = s
                .write_all(format!("HTTP/1.1 {status}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno").as_bytes());
        }
    });
    (port, got)
}

#[test]
fn forward_to_commits_only_after_the_handler_answers_2xx() {
    let Some(broker) = Broker::start() else { return };
    broker.topic("cb", 1);
    let sent = bodies(3);
    if !produce(&broker, "cb", &sent[..1], 1) {
        return;
    }
    let (port, got) = handler(2);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let url = format!("http://127.0.0.1:{port}/cb");
    let args = ["-b", &broker.addr(), "-t", "cb", "-g", "f", "--from-beginning", "-e", "-d", d, "--forward-to", &url];
    let (code, out, err) = consume(&os(&args), Duration::from_secs(60));
    assert_eq!(code, Some(0), "{err}");
    let got = got.lock().unwrap().clone();
    assert_eq!(got, vec![sent[0].clone(); 3], "delivered again after each 500");
    assert_eq!(saved(dir.path()).len(), 1, "saved once, whatever the handler said");
    assert_eq!(out.matches("forwarded: 500").count(), 2, "{out}");
    assert_eq!(out.matches("forwarded: 200").count(), 1, "{out}");
    // Committed after the 200: the group reads nothing more.
    let (code, out, err) = consume(&os(&args), Duration::from_secs(60));
    assert_eq!(code, Some(0), "{err}");
    assert!(out.is_empty(), "{out}");
}

#[test]
fn send_kafka_produces_what_consume_saves() {
    let Some(broker) = Broker::start() else { return };
    broker.topic("cb", 2);
    let url = format!("kafka://{}/cb", broker.addr());
    let samples = crate::support::repo().join("samples");
    let (code, out, err) = crate::net::cicb(&["send", &url, samples.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    let sent = out.lines().filter(|l| l.starts_with("sent  cb/")).count();
    assert!(sent >= 5, "{out}");
    let dir = tempfile::tempdir().unwrap();
    let args = ["-b", &broker.addr(), "-t", "cb", "-g", "s", "-o", "beginning", "-e", "--format", "json"];
    let mut argv = os(&args);
    argv.extend([OsStr::new("-d"), dir.path().as_os_str()]);
    let (code, out, err) = consume(&argv, Duration::from_secs(60));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out.lines().count(), sent);
    for line in out.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["topic"], "cb");
        assert!(v["file"].as_str().is_some_and(|f| Path::new(f).is_file()), "{v}");
    }
}

#[test]
fn consume_fails_fast_and_clearly() {
    // No broker at all: exit 2 within --connect-timeout.
    let port = free_port().to_string();
    let nobody = format!("127.0.0.1:{port}");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let start = Instant::now();
    let (code, _, err) = consume(
        &os(&["-b", &nobody, "-t", "cb", "-g", "g", "--connect-timeout", "2s", "-d", d]),
        Duration::from_secs(20),
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("no Kafka broker at 127.0.0.1"), "{err}");
    assert!(start.elapsed() < Duration::from_secs(8), "{:?}", start.elapsed());

    let Some(broker) = Broker::start() else { return };
    broker.topic("callbacks", 1);
    let (code, _, err) =
        consume(&os(&["-b", &broker.addr(), "-t", "callbaks", "-g", "g", "-d", d]), Duration::from_secs(20));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("topic callbaks does not exist") && err.contains("did you mean `callbacks`?"), "{err}");

    // `-o stored` for a group that never committed: exit 2 at once (librdkafka would warn on every
    // poll); once it has committed, `-o stored` starts there.
    let start = Instant::now();
    let (code, _, err) = consume(
        &os(&["-b", &broker.addr(), "-t", "callbacks", "-g", "never", "-o", "stored", "-d", d]),
        Duration::from_secs(20),
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("group `never` has no committed offset") && err.contains("-o beginning"), "{err}");
    assert!(start.elapsed() < Duration::from_secs(10), "{:?}", start.elapsed());
    if produce(&broker, "callbacks", &bodies(3), 1) {
        let run = |offset: &str| {
            consume(
                &os(&["-b", &broker.addr(), "-t", "callbacks", "-g", "g2", "-o", offset, "-e", "-d", d]),
                Duration::from_secs(30),
            )
        };
        let (code, _, err) = run("beginning");
        assert_eq!(code, Some(0), "{err}");
        assert_eq!(index(dir.path()).len(), 3);
        let (code, _, err) = run("stored");
        assert_eq!(code, Some(0), "{err}");
        assert_eq!(index(dir.path()).len(), 3, "nothing read twice");
    }

    // A password on the command line is no option; a user needs one.
    let (code, _, err) = consume(
        &os(&["-b", &broker.addr(), "-t", "callbacks", "-g", "g", "--sasl-username", "u"]),
        Duration::from_secs(20),
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("CICB_SASL_PASSWORD"), "{err}");
}

#[test]
fn a_wrong_scram_password_is_exit_2_within_the_timeout() {
    // The user is made on an unauthenticated broker over SQLite, which then restarts with
    // --authentication (tansu speaks SCRAM only).
    let data = tempfile::tempdir().unwrap();
    let storage = Some((data.path(), "sqlite://tansu.db"));
    let Some(open) = Broker::with(&[], storage) else { return };
    open.topic("cb", 1);
    let ok = Command::new(&open.exe)
        .args(["user", "create", "alice", "s3cret", "--mechanism", "scram256", "--broker"])
        .arg(format!("tcp://{}", open.addr()))
        .stdout(Stdio::null())
        .status()
        .unwrap()
        .success();
    assert!(ok, "tansu user create failed");
    drop(open);
    let Some(broker) = Broker::with(&["--authentication"], storage) else { return };
    let secret = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(secret.path(), "wrong\n").unwrap();
    let args = [
        "-b",
        &broker.addr(),
        "-t",
        "cb",
        "-g",
        "g",
        "--security-protocol",
        "SASL_PLAINTEXT",
        "--sasl-mechanism",
        "SCRAM-SHA-256",
        "--sasl-username",
        "alice",
        "--sasl-password-file",
        secret.path().to_str().unwrap(),
        "--connect-timeout",
        "5s",
    ];
    let start = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let mut argv = os(&args);
    argv.extend([OsStr::new("-d"), dir.path().as_os_str()]);
    let (code, _, err) = consume(&argv, Duration::from_secs(30));
    assert_eq!(code, Some(2), "{err}");
    assert!(start.elapsed() < Duration::from_secs(7), "{:?}: {err}", start.elapsed());
    assert!(err.to_lowercase().contains("auth"), "{err}");
    assert!(!err.contains("wrong"), "the password is never shown: {err}");

    // The right password reads the topic.
    std::fs::write(secret.path(), "s3cret\n").unwrap();
    let (code, _, err) =
        consume(&argv.iter().copied().chain([OsStr::new("-e")]).collect::<Vec<_>>(), Duration::from_secs(30));
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn ctrl_c_commits_leaves_and_exits_0() {
    let Some(broker) = Broker::start() else { return };
    broker.topic("cb", 1);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let args = ["consume", "-b", &broker.addr(), "-t", "cb", "-g", "c", "-d", d, "--inspect", "0"];
    let (mut child, _out, err) = spawn(&os(&args));
    let first = err.recv_timeout(Duration::from_secs(20)).expect("a start line");
    assert!(first.starts_with("consuming cb from 127.0.0.1:"), "{first}");
    let saving = err.recv_timeout(Duration::from_secs(20)).expect("the folder's line");
    assert_eq!(saving, format!("saving to {d}"));
    assert!(first.chars().count() <= 80 && saving.chars().count() <= 80, "{first}");
    let page = err.recv_timeout(Duration::from_secs(20)).expect("the page's line");
    assert!(page.starts_with("inspect page: http://127.0.0.1:") && page.contains("/#token="), "{page}");
    let ok = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap().success();
    assert!(ok);
    let status = wait_within(&mut child, "cicb consume", Duration::from_secs(20));
    assert_eq!(status.code(), Some(0));
    let rest = tail(&err).join("\n");
    assert!(rest.contains("stopped: 0 messages, 0 captures saved"), "{rest}");
}

#[test]
fn sasl_is_known_wherever_the_protocol_is_set() {
    // Whether a login is in use decides what a timeout names as its likely cause; `-F` and `-X` set the
    // protocol as well as the flag does, and `-X` wins over `-F`.
    use cicb::cli::{KafkaAccess, SecurityProtocol};
    use cicb::net::kafka::{config, uses_sasl};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("client.properties");
    std::fs::write(&file, "# CKafka\nsecurity.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n").unwrap();
    let x = |v: &str| vec![("security.protocol".to_string(), v.to_string())];
    let cases = [
        (KafkaAccess::default(), false),
        (KafkaAccess { security_protocol: Some(SecurityProtocol::SaslPlaintext), ..Default::default() }, true),
        (KafkaAccess { security_protocol: Some(SecurityProtocol::Ssl), ..Default::default() }, false),
        (KafkaAccess { property: x("sasl_plaintext"), ..Default::default() }, true),
        (KafkaAccess { property_file: Some(file.clone()), ..Default::default() }, true),
        (KafkaAccess { property_file: Some(file), property: x("SSL"), ..Default::default() }, false),
    ];
    for (access, sasl) in cases {
        let c = config("127.0.0.1:9", &access, &[]).unwrap();
        assert_eq!(uses_sasl(&c), sasl, "{access:?}");
    }
}
