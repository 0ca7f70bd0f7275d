//! `cicb inspect` in a real browser: Debian's Chromium driven through chromedriver (WebDriver)
//! by fantoccini, headless, against `cicb-net inspect` on 127.0.0.1. axe-core (npm, in
//! tests/browser/node_modules or `CICB_AXE`) checks WCAG 2 A/AA. Screenshots go to
//! `$CARGO_TARGET_DIR/screenshots/` (or target/screenshots/).
//!
//! Run: `cargo test --locked --features browser --test browser -- --test-threads 1`. Without
//! chromium, chromedriver or axe-core the tests are skipped, except under `CI`, where they fail.

#![allow(clippy::print_stderr)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use cicb::decode::{decode_bytes, Limits};
use cicb::store::capture::{LineFormat, Record, Source};
use cicb::summary::Summary;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// How long any single wait may take.
const WAIT: Duration = Duration::from_secs(20);

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Skips the test (or, under `CI`, fails it) when a tool is missing.
fn missing(what: &str) -> bool {
    if std::env::var_os("CI").is_some() {
        panic!("{what} is missing, and CI is set: the browser tests must run (.ci/run installs it)");
    }
    eprintln!("skipped: {what} is missing (set CI to make this a failure)");
    true
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?.to_str()?.split(':').map(|d| Path::new(d).join(name)).find(|p| p.is_file())
}

fn axe_source() -> Option<String> {
    let path = std::env::var_os("CICB_AXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("tests/browser/node_modules/axe-core/axe.min.js"));
    std::fs::read_to_string(path).ok()
}

fn screenshots() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| repo().join("target"));
    let dir = target.join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A child process killed when dropped.
struct Kill(Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// chromedriver and a headless Chromium session; `None` when skipped.
struct Browser {
    client: Client,
    _driver: Kill,
}

impl Browser {
    async fn start() -> Option<Browser> {
        Browser::start_with(&[]).await
    }

    /// A session whose Chromium also gets `extra` flags.
    async fn start_with(extra: &[&str]) -> Option<Browser> {
        let chromium = std::env::var_os("CHROMIUM").map(PathBuf::from).or_else(|| which("chromium"));
        let driver = std::env::var_os("CHROMEDRIVER").map(PathBuf::from).or_else(|| which("chromedriver"));
        let (Some(chromium), Some(driver)) = (chromium, driver) else {
            missing("chromium or chromedriver (apt-get install chromium chromium-driver)");
            return None;
        };
        let port = free_port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let driver = Kill(child);
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(start.elapsed() < WAIT, "chromedriver did not listen on {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        let mut args = vec![
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--window-size=1280,800",
            "--lang=en-US",
            "--no-first-run",
            "--hide-scrollbars",
        ];
        args.extend_from_slice(extra);
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), json!({ "binary": chromium, "args": args }));
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session");
        Some(Browser { client, _driver: driver })
    }

    /// Runs `js` (a function body) and returns its value.
    async fn js(&self, js: &str) -> Value {
        self.client.execute(js, vec![]).await.unwrap_or_else(|e| panic!("{js}: {e}"))
    }

    /// Waits until the expression `js` is truthy.
    async fn until(&self, js: &str, what: &str) {
        let start = Instant::now();
        loop {
            let v = self.js(&format!("return !!({js});")).await;
            if v == json!(true) {
                return;
            }
            if start.elapsed() > WAIT {
                let text = self.js("return document.body.innerText.slice(0, 2000);").await;
                panic!("timed out waiting for {what} ({js}); the page says: {text}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks the element `css` selects (found again if the list was redrawn in between).
    async fn click(&self, css: &str) {
        let start = Instant::now();
        loop {
            let found = self.client.find(Locator::Css(css)).await;
            match found {
                Ok(e) => match e.click().await {
                    Ok(()) => return,
                    Err(e) if start.elapsed() > WAIT => panic!("{css}: {e}"),
                    Err(_) => {}
                },
                Err(e) if start.elapsed() > WAIT => panic!("{css}: {e}"),
                Err(_) => {}
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn text(&self, css: &str) -> String {
        let v = self
            .js(&format!("const e = document.querySelector({}); return e ? e.textContent : null;", json!(css)))
            .await;
        v.as_str().unwrap_or_else(|| panic!("no {css}")).to_string()
    }

    async fn screenshot(&self, name: &str, width: u32, height: u32) {
        self.client.set_window_size(width, height).await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(screenshots().join(name), png).unwrap();
    }

    /// axe-core's WCAG 2 A/AA violations on the page as it is now, one line each.
    async fn axe(&self, source: &str) -> Vec<String> {
        self.js(&format!("{source}\nreturn typeof axe;")).await;
        let script = r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
              .then((r) => done(r.violations.map((v) => v.id + " (" + v.impact + "): " + v.help + " at " +
                    v.nodes.map((n) => n.target.join(" ")).join(", "))))
              .catch((e) => done(["axe failed: " + e]));
        "#;
        let v = self.client.execute_async(script, vec![]).await.expect("axe runs");
        v.as_array().unwrap().iter().map(|s| s.as_str().unwrap_or_default().to_string()).collect()
    }
}

/// A running `cicb-net inspect DIR --port 0`, and its URL.
struct Inspect {
    _child: Kill,
    url: String,
}

impl Inspect {
    fn start(dir: &Path) -> Inspect {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cicb-net"))
            .arg("inspect")
            .arg(dir)
            .args(["--port", "0"])
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let err = child.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let child = Kill(child);
        let line = rx.recv_timeout(WAIT).expect("inspect prints its URL");
        let url = line.split(" at ").nth(1).and_then(|s| s.split_whitespace().next()).unwrap().to_string();
        Inspect { _child: child, url }
    }
}

/// Saves `body` in `dir` as listen does: its file and its index line.
fn capture(dir: &Path, body: &[u8], seq: u64) -> String {
    let time = chrono::DateTime::from_timestamp(1_780_000_000 + seq as i64 * 7, 0).unwrap();
    let mut headers = axum::http::HeaderMap::new();
    headers.insert("content-type", "application/xml".parse().unwrap());
    let source = Source::http("10.0.0.7:52144".into(), "/cb".into(), &headers);
    let record = Record::new(body, source, 1 << 20, &dir.display().to_string(), time, seq, LineFormat::Human);
    let name = record.name().to_string();
    std::fs::write(dir.join(&name), body).unwrap();
    let mut index = std::fs::OpenOptions::new().create(true).append(true).open(dir.join("index.ndjson")).unwrap();
    index.write_all(record.index_line(&name, None).as_bytes()).unwrap();
    name
}

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("samples").join(name)).unwrap()
}

/// A folder of 200 captures: every sample (valid and failed) in turn, and garbage every 9th.
fn folder() -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let samples: Vec<String> = std::fs::read_dir(repo().join("samples"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xml") || n.ends_with(".json"))
        .collect();
    let mut samples = samples;
    samples.sort();
    let mut names = Vec::new();
    for seq in 1..=200u64 {
        let body = if seq % 9 == 0 {
            format!("\u{0}garbage #{seq} <<<").into_bytes()
        } else {
            sample(&samples[seq as usize % samples.len()])
        };
        names.push(capture(dir.path(), &body, seq));
    }
    (dir, names)
}

/// A test handler on 127.0.0.1: answers one POST with 202 and hands over its body.
fn handler() -> (String, mpsc::Receiver<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let Ok((mut s, _)) = listener.accept() else { return };
        let _ = s.set_read_timeout(Some(WAIT));
        let mut reader = BufReader::new(s.try_clone().unwrap());
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0; length];
        let _ = reader.read_exact(&mut body);
        let _ = s.write_all(b"HTTP/1.1 202 Accepted\r\nContent-Length: 6\r\nConnection: close\r\n\r\ngot it");
        let _ = tx.send(body);
    });
    (url, rx)
}

#[tokio::test]
async fn the_page_lists_opens_follows_and_replays() {
    let Some(b) = Browser::start().await else { return };
    let (dir, names) = folder();
    let inspect = Inspect::start(dir.path());
    b.client.goto(&inspect.url).await.unwrap();
    b.until("document.querySelectorAll('#list .row.item').length === 200", "200 rows").await;
    assert_eq!(b.text("#count").await, "200 captures");
    let garbage = b.js("return document.querySelectorAll('#list .s-invalid').length;").await;
    assert_eq!(garbage, json!(200 / 9), "every garbage body is listed as not a callback");
    // A job's State ("✗ Failed", "Success") is shown whole, not cut to "✗ Fail…", down to the
    // narrowest window that shows the list beside the detail.
    for width in [900, 1280] {
        b.client.set_window_size(width, 800).await.unwrap();
        tokio::time::sleep(Duration::from_millis(200)).await;
        let cut = b
            .js("return [...document.querySelectorAll('#list .s-failed .c-state, #list .s-ok .c-state')]
                    .filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.textContent);")
            .await;
        assert_eq!(cut, json!([]), "State cells cut short at {width} px");
    }
    b.client.set_window_size(1280, 800).await.unwrap();

    // A failed job: its Code and Message.
    let (failed, body) = names
        .iter()
        .filter(|n| n.contains("-job-"))
        .map(|n| (n, std::fs::read(dir.path().join(n)).unwrap()))
        .find(|(_, body)| {
            let doc = decode_bytes(body, None, &Limits::default()).unwrap();
            Summary::new("", &doc).is_some_and(|s| s.failures.iter().any(|f| f.code.is_some() && f.message.is_some()))
        })
        .expect("a failed job among the samples");
    let doc = decode_bytes(&body, None, &Limits::default()).unwrap();
    let summary = Summary::new("", &doc).unwrap();
    let f = summary.failures.iter().find(|f| f.code.is_some() && f.message.is_some()).unwrap();
    let (code, message) = (f.code.unwrap(), f.message.unwrap());
    b.click(&format!("#list [data-file={}]", json!(failed))).await;
    b.until("document.querySelector('.failures')", "the failures box").await;
    let failures = b.text(".failures").await;
    assert!(
        failures.contains(&format!("Code {code}")) && failures.contains(&format!("Message {message}")),
        "{failures}"
    );

    // The raw tab is the file, byte for byte.
    b.click("#tab-raw").await;
    b.until("!document.getElementById('p-raw').hidden", "the raw tab").await;
    assert_eq!(b.text("#raw").await.as_bytes(), &body[..]);
    b.click("#tab-summary").await;
    b.screenshot("inspect-1280x800.png", 1280, 800).await;
    b.screenshot("inspect-390x844.png", 390, 844).await;
    b.client.set_window_size(1280, 800).await.unwrap();

    // Saved while the page is open: it appears without a reload.
    b.js("window.__same_page = 1; return 1;").await;
    let late = capture(dir.path(), &sample("workflow-finish.xml"), 201);
    b.until(&format!("document.querySelector('#list [data-file={}]')", json!(late)), "the new capture").await;
    assert_eq!(b.js("return window.__same_page;").await, json!(1), "no reload");
    assert_eq!(b.text("#count").await, "201 captures, 200 shown", "a page of 200");

    // Replay with an edit to the raw bytes, and a --set pair.
    let (url, got) = handler();
    b.click("#tab-replay").await;
    b.client.find(Locator::Css("#replay-url")).await.unwrap().send_keys(&url).await.unwrap();
    let edited = String::from_utf8(body.clone()).unwrap().replacen("Transcode", "Transcod\u{e9}", 1);
    b.client
        .execute("document.getElementById('replay-body').value = arguments[0]; return 1;", vec![json!(edited)])
        .await
        .unwrap();
    b.client.find(Locator::Css("#replay-set")).await.unwrap().send_keys("JobsDetail.State=Success").await.unwrap();
    b.click("#replay-go").await;
    let sent = got.recv_timeout(WAIT).expect("the handler got the replay");
    let expected = edited.replacen("<State>Failed</State>", "<State>Success</State>", 1);
    assert_eq!(String::from_utf8_lossy(&sent), expected);
    b.until("document.querySelector('.replay-status') && document.querySelector('.replay-status').textContent === 'HTTP 202'", "the status").await;
    assert!(b.text("#replay-result").await.contains("got it"));
    let send = b.js("return document.getElementById('copy-send').value;").await;
    assert!(send.as_str().unwrap().starts_with("cicb send 'http://127.0.0.1:"), "{send}");
    b.click("#tab-summary").await;
    b.screenshot("inspect-replay-1280x800.png", 1280, 800).await;
    let _ = b.client.close().await;
}

#[tokio::test]
async fn a_hostile_payload_renders_inert() {
    let Some(b) = Browser::start().await else { return };
    let dir = tempfile::tempdir().unwrap();
    let hostile = json!({
        "EventName": "TaskFinish",
        "JobsDetail": {
            "Code": "<script>window.__pwned = 1</script>",
            "Message": "\u{202e}<img src=x onerror=\"window.__pwned = 2\">\u{2066}数据万象 失败",
            "JobId": "j<b>x</b>",
            "State": "Failed",
            "Tag": "Transcode\u{202e}edocsnarT",
        },
    });
    let name = capture(dir.path(), serde_json::to_string_pretty(&hostile).unwrap().as_bytes(), 1);
    let inspect = Inspect::start(dir.path());
    b.client.goto(&inspect.url).await.unwrap();
    b.until("document.querySelectorAll('#list .row.item').length === 1", "the row").await;
    b.click("#list .row.item").await;
    b.until("document.querySelector('.failures')", "the failures box").await;
    let failures = b.text(".failures").await;
    assert!(failures.contains("Code <script>window.__pwned = 1</script>"), "{failures}");
    assert!(failures.contains("<img src=x onerror="), "{failures}");
    assert!(failures.contains("数据万象 失败"), "{failures}");
    assert_eq!(b.js("return window.__pwned === undefined;").await, json!(true));
    assert_eq!(b.js("return document.querySelectorAll('script').length;").await, json!(1), "only app.js");
    assert_eq!(b.js("return document.querySelectorAll('img').length;").await, json!(0));
    let marked = b.js("return [...document.querySelectorAll('.ctl')].map((e) => e.dataset.cp);").await;
    assert!(marked.as_array().unwrap().iter().any(|c| c == "U+202E"), "{marked}");
    b.click("#tab-raw").await;
    let raw = std::fs::read_to_string(dir.path().join(&name)).unwrap();
    assert_eq!(b.text("#raw").await, raw, "raw stays byte-exact with the marks");
    b.click("#tab-summary").await;
    b.screenshot("inspect-hostile-1280x800.png", 1280, 800).await;
    let _ = b.client.close().await;
}

#[tokio::test]
async fn axe_finds_no_wcag_violations_on_the_list_and_the_detail() {
    axe_in(&[], false).await;
}

/// The dark theme (`prefers-color-scheme: dark`) has its own colors: the same check there.
#[tokio::test]
async fn axe_finds_no_wcag_violations_in_the_dark_theme() {
    axe_in(&["--force-dark-mode", "--blink-settings=preferredColorScheme=0"], true).await;
}

/// axe-core over the list and each tab of a failed workflow's detail, in a Chromium started with
/// `flags`; `dark`: the page must see `prefers-color-scheme: dark` (else the check proves nothing).
async fn axe_in(flags: &[&str], dark: bool) {
    let Some(axe) = axe_source() else {
        missing("axe-core (npm install --prefix tests/browser)");
        return;
    };
    let Some(b) = Browser::start_with(flags).await else { return };
    let (dir, names) = folder();
    let inspect = Inspect::start(dir.path());
    b.client.goto(&inspect.url).await.unwrap();
    b.until("document.querySelectorAll('#list .row.item').length === 200", "200 rows").await;
    let scheme = b.js("return matchMedia('(prefers-color-scheme: dark)').matches;").await;
    assert_eq!(scheme, json!(dark), "prefers-color-scheme: dark should be {dark}");
    let list = b.axe(&axe).await;
    assert!(list.is_empty(), "the list view:\n{}", list.join("\n"));
    let failed = names.iter().find(|n| n.contains("-workflow-")).unwrap();
    b.click(&format!("#list [data-file={}]", json!(failed))).await;
    b.until("document.querySelector('#p-summary .facts')", "the summary").await;
    let mut all = Vec::new();
    for tab in ["summary", "raw", "meta", "validate", "replay"] {
        b.click(&format!("#tab-{tab}")).await;
        for v in b.axe(&axe).await {
            all.push(format!("{tab}: {v}"));
        }
    }
    assert!(all.is_empty(), "the detail view:\n{}", all.join("\n"));
    let _ = b.client.close().await;
}
