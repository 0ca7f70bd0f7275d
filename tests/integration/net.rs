//! Helpers for the listen and send tests: a `cicb listen` child that is killed on drop, a raw
//! HTTP/1.1 client over std's TcpStream. Loopback only; every wait is bounded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use crate::support::bin;

/// How long any single wait may take before the test fails.
pub const WAIT: Duration = Duration::from_secs(15);

/// A running `cicb listen`; killed when dropped.
pub struct Listener {
    pub child: Child,
    pub port: u16,
    pub dir: tempfile::TempDir,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
    /// Stderr lines read so far.
    pub err_lines: Vec<String>,
}

pub fn lines(r: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(r).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Starts `cicb ARGS` without colors, stdin closed: the child and its stdout and stderr lines.
pub fn spawn(args: &[&std::ffi::OsStr]) -> (Child, Receiver<String>, Receiver<String>) {
    spawn_with(args, &[])
}

/// [`spawn`] with extra environment variables.
pub fn spawn_with(args: &[&std::ffi::OsStr], env: &[(&str, &str)]) -> (Child, Receiver<String>, Receiver<String>) {
    let mut child = Command::new(bin())
        .args(args)
        .envs(env.iter().copied())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = lines(child.stdout.take().unwrap());
    let stderr = lines(child.stderr.take().unwrap());
    (child, stdout, stderr)
}

/// Waits for `child` to exit, killing it and panicking after [`WAIT`].
pub fn wait_bounded(child: &mut Child, what: &str) -> ExitStatus {
    wait_within(child, what, WAIT)
}

/// Waits for `child` to exit, killing it and panicking after `limit`.
pub fn wait_within(child: &mut Child, what: &str, limit: Duration) -> ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not finish in time");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The lines still coming from an exited process (each within 2 s of the last).
pub fn tail(rx: &Receiver<String>) -> Vec<String> {
    let mut v = Vec::new();
    while let Ok(l) = rx.recv_timeout(Duration::from_secs(2)) {
        v.push(l);
    }
    v
}

impl Listener {
    /// Starts `cicb listen --port 0 --dir <temp> ARGS` and waits for its `listening on` line.
    pub fn start(args: &[&str]) -> Listener {
        Listener::start_in(tempfile::tempdir().unwrap(), args, &[])
    }

    /// [`Listener::start`] in `dir`, with extra environment variables.
    pub fn start_in(dir: tempfile::TempDir, args: &[&str], env: &[(&str, &str)]) -> Listener {
        let mut argv: Vec<&std::ffi::OsStr> =
            ["listen", "--port", "0", "--bind", "127.0.0.1", "--dir"].iter().map(|a| a.as_ref()).collect();
        argv.push(dir.path().as_os_str());
        argv.extend(args.iter().map(std::ffi::OsStr::new));
        let (child, stdout, stderr) = spawn_with(&argv, env);
        let mut l = Listener { child, port: 0, dir, stdout, stderr, err_lines: Vec::new() };
        let line = l.err_line();
        let port = line
            .strip_prefix("listening on http://127.0.0.1:")
            .or_else(|| line.strip_prefix("listening on https://127.0.0.1:"))
            .and_then(|r| r.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("unexpected first stderr line: {line}"));
        l.port = port;
        l
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The next stdout line (panics after [`WAIT`]).
    pub fn out_line(&self) -> String {
        self.stdout.recv_timeout(WAIT).expect("no stdout line from cicb listen in time")
    }

    /// The next stderr line (panics after [`WAIT`]).
    pub fn err_line(&mut self) -> String {
        let line = self.stderr.recv_timeout(WAIT).expect("no stderr line from cicb listen in time");
        self.err_lines.push(line.clone());
        line
    }

    /// The visible captures in the directory (not the index, not hidden files), sorted.
    pub fn captures(&self) -> Vec<PathBuf> {
        captures(self.dir.path())
    }

    pub fn index(&self) -> Vec<serde_json::Value> {
        let text = std::fs::read_to_string(self.dir.path().join("index.ndjson")).unwrap_or_default();
        text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    }

    /// Sends SIGINT, as Ctrl-C does.
    pub fn interrupt(&self) {
        let ok = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status().unwrap().success();
        assert!(ok, "kill -INT failed");
    }

    /// Waits for the process to exit (panics after [`WAIT`]); returns its exit code and the rest
    /// of stderr.
    pub fn wait(&mut self) -> (Option<i32>, String) {
        let status = wait_bounded(&mut self.child, "cicb listen");
        self.err_lines.extend(tail(&self.stderr));
        (status.code(), self.err_lines.join("\n"))
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn captures(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            !name.starts_with('.') && name != "index.ndjson"
        })
        .collect();
    v.sort();
    v
}

/// An HTTP answer: status and body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    /// The status line and headers.
    pub head: String,
    pub body: String,
}

/// Writes `raw` on a new connection and reads the answer until the server closes it.
pub fn raw(port: u16, raw: &[u8]) -> Answer {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    s.set_write_timeout(Some(WAIT)).unwrap();
    // The server may answer (413) and close before the whole request is written.
    let _ = s.write_all(raw);
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status =
        text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or_else(|| panic!("no HTTP answer: {text:?}"));
    let (head, body) = text.split_once("\r\n\r\n").map_or((text.as_str(), ""), |(h, b)| (h, b));
    Answer { status, head: head.to_string(), body: body.to_string() }
}

/// POSTs `body` to `path` with `headers` (`Connection: close`).
pub fn post(port: u16, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut req = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    raw(port, &bytes)
}

/// Runs `cicb ARGS` to completion (bounded by [`WAIT`]): exit code, stdout, stderr.
pub fn cicb(args: &[&str]) -> (Option<i32>, String, String) {
    let argv: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    let (mut child, out, err) = spawn(&argv);
    let status = wait_bounded(&mut child, &format!("cicb {args:?}"));
    (status.code(), tail(&out).join("\n"), tail(&err).join("\n"))
}
