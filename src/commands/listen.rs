//! `cicb listen`: an HTTP server for CI callbacks. Each POST body is saved byte for byte (durable
//! before the answer goes out, see [`crate::net::durable`]), summarized in one line on stdout
//! and, with `--forward-to`, passed on to the user's handler.

use std::io::Write;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use anyhow::Context as _;
use axum::http::{StatusCode, Uri};
use chrono::{DateTime, Utc};
use serde::ser::SerializeMap;
use serde::Serialize;
use serde_json::{json, Value};
use tokio::sync::{mpsc, watch};

use crate::cli::{ListenArgs, NetFormat};
use crate::decode::{self, Document, Limits};
use crate::net::client::{self, Client};
use crate::net::durable;
use crate::net::server::{self, Handler, Reply, Request};
use crate::render::json::to_string;
use crate::render::{sanitize, Style};
use crate::summary::Summary;
use crate::{Context, Outcome};

/// What the console sends when a moderation callback URL is set ("Test request when setting
/// callback url", `trace_id` `test_trace_id`): it must get a 200.
const PROBE_MESSAGE: &str = "Test request when setting callback url";
const PROBE_TRACE_ID: &str = "test_trace_id";

/// How long a forwarded request may take.
const FORWARD_TIMEOUT: Duration = Duration::from_secs(10);

enum Event {
    /// A capture was saved (and forwarded, if asked): its line for stdout.
    Captured(String),
    /// Something went wrong with one request; for stderr.
    Warning(String),
}

pub fn run(args: &ListenArgs, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    let forward = match &args.forward_to {
        Some(u) => Some(client::parse_url(u).map_err(|e| anyhow::anyhow!("--forward-to: {e}"))?),
        None => None,
    };
    let status = StatusCode::from_u16(args.status).context("--status")?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().context("failed to start")?;
    runtime.block_on(listen(args, forward, status, ctx, out, err))
}

async fn listen(
    args: &ListenArgs,
    forward: Option<Uri>,
    status: StatusCode,
    ctx: &Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let shown_dir = args.dir.display().to_string();
    let writer = durable::Writer::open(&args.dir).with_context(|| format!("failed to write to {shown_dir}"))?;
    let listener = tokio::net::TcpListener::bind((args.bind, args.port))
        .await
        .with_context(|| format!("failed to listen on {}:{}", args.bind, args.port))?;
    let addr = listener.local_addr().context("failed to listen")?;
    let mut stop_signal = StopSignal::new()?;

    let (events, mut rx) = mpsc::unbounded_channel();
    let (stop, stopped) = watch::channel(false);
    let handler = Arc::new(Capture {
        writer,
        events,
        seq: AtomicU64::new(0),
        status,
        format: args.format,
        style: ctx.out_style,
        dir: shown_dir.clone(),
        max_body: args.max_body,
        forward: forward.map(|u| (u, Client::new(FORWARD_TIMEOUT, 64))),
    });
    let forwarding = handler.forward.as_ref().map(|(u, _)| format!(", forwarding to {u}")).unwrap_or_default();
    writeln!(err, "listening on http://{addr}/ … saving to {}{forwarding} (Ctrl-C to stop)", sanitize(&shown_dir))?;
    err.flush()?;

    let defaults = server::Options::default();
    let max_connections = server::fit_connections(defaults.max_connections);
    let opts = server::Options { max_body: args.max_body, max_connections, ..defaults };
    let mut until = stopped.clone();
    let shutdown = async move {
        let _ = until.wait_for(|s| *s).await;
    };
    let mut server = tokio::spawn(server::serve(listener, opts, handler, shutdown));
    let (mut count, mut stopping, mut failed): (u64, bool, Option<anyhow::Error>) = (0, false, None);
    let mut served = false;
    loop {
        tokio::select! {
            event = rx.recv() => match event {
                None => break,
                Some(first) => {
                    let written = show(first, &mut rx, &mut count, ctx, out, err);
                    if let Err(e) = written {
                        failed.get_or_insert(e.into());
                        let _ = stop.send(true);
                    }
                    if args.count.is_some_and(|n| count >= n) {
                        let _ = stop.send(true);
                    }
                }
            },
            () = stop_signal.recv(), if !stopping => {
                stopping = true;
                let _ = writeln!(err, "stopping: finishing the requests in flight");
                let _ = stop.send(true);
            },
            timed_out = &mut server, if !served => {
                served = true;
                // Connections still open after the drain timeout keep the handler alive: stop
                // waiting for them (what they still send is not acknowledged).
                if timed_out.unwrap_or(false) {
                    if let Ok(first) = rx.try_recv() {
                        let _ = show(first, &mut rx, &mut count, ctx, out, err);
                    }
                    break;
                }
            },
        }
    }
    out.flush()?;
    if let Some(e) = failed {
        return Err(e);
    }
    let s = if count == 1 { "" } else { "s" };
    writeln!(err, "stopped: {count} capture{s} saved in {}", sanitize(&shown_dir))?;
    Ok(Outcome::Success)
}

/// Shows `first` and every event already queued behind it: captures on `out` in one write (under
/// load there are several), warnings on `err`.
fn show(
    first: Event,
    rx: &mut mpsc::UnboundedReceiver<Event>,
    count: &mut u64,
    ctx: &Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    let mut next = Some(first);
    let mut lines = String::new();
    while let Some(event) = next.take() {
        match event {
            Event::Captured(line) => {
                *count += 1;
                lines.push_str(&line);
            }
            Event::Warning(w) => {
                let _ = writeln!(err, "cicb: {}: {w}", ctx.err_style.yellow("warning"));
            }
        }
        next = rx.try_recv().ok();
    }
    out.write_all(lines.as_bytes())?;
    out.flush()
}

/// Ctrl-C (and, on Unix, SIGTERM), registered before the server starts.
struct StopSignal {
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
}

impl StopSignal {
    #[cfg(unix)]
    fn new() -> anyhow::Result<Self> {
        use tokio::signal::unix::{signal, SignalKind};
        let int = signal(SignalKind::interrupt()).context("failed to handle Ctrl-C")?;
        let term = signal(SignalKind::terminate()).context("failed to handle SIGTERM")?;
        Ok(StopSignal { int, term })
    }

    #[cfg(not(unix))]
    fn new() -> anyhow::Result<Self> {
        Ok(StopSignal {})
    }

    #[cfg(unix)]
    async fn recv(&mut self) {
        tokio::select! {
            _ = self.int.recv() => {},
            _ = self.term.recv() => {},
        }
    }

    #[cfg(not(unix))]
    async fn recv(&mut self) {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// The handler behind the server.
struct Capture {
    writer: durable::Writer,
    events: mpsc::UnboundedSender<Event>,
    seq: AtomicU64,
    status: StatusCode,
    format: NetFormat,
    style: Style,
    dir: String,
    max_body: usize,
    forward: Option<(Uri, Client)>,
}

impl Handler for Capture {
    fn handle(&self, request: Request) -> Pin<Box<dyn std::future::Future<Output = Reply> + Send + '_>> {
        Box::pin(self.capture(request))
    }
}

impl Capture {
    async fn capture(&self, request: Request) -> Reply {
        let seq = self.seq.fetch_add(1, Ordering::Relaxed) + 1;
        let time: DateTime<Utc> = SystemTime::now().into();
        let json = matches!(self.format, NetFormat::Json);
        let facts = Facts::of(&request.body, self.max_body, &self.dir, &time, seq, json);
        let (name, probe) = (facts.name.clone(), facts.probe);
        let record = Record::new(facts, &request, &time, seq);
        // Written here, so that the writer only puts the file name in front.
        let index = (self.forward.is_none()).then(|| {
            let rest = record.index_rest(None);
            Box::new(move |file: &str| index_line(file, &rest)) as durable::IndexLine
        });
        let Request { peer: _, path, headers, body } = request;
        let body_for_forward = self.forward.as_ref().map(|_| body.clone());
        let file = match self.writer.save(name, body, index).await {
            Ok(f) => f,
            Err(e) => {
                let _ = self
                    .events
                    .send(Event::Warning(format!("failed to save a capture in {}: {e}", sanitize(&self.dir))));
                return Reply {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    body: "cicb listen could not save the body\n".into(),
                };
            }
        };
        let shown_file = format!("{}/{file}", self.dir.trim_end_matches('/'));
        match (&self.forward, body_for_forward) {
            (Some((base, client)), Some(body)) => {
                let url = client::join(base, &path);
                let client = client.clone();
                let (events, writer) = (self.events.clone(), self.writer.clone());
                let (format, style) = (self.format, self.style);
                tokio::spawn(async move {
                    let sent =
                        tokio::task::spawn_blocking(move || client.post(&url, &headers, &body).map_err(|e| (url, e)))
                            .await;
                    let forward = match sent {
                        Ok(Ok(a)) => Forwarded::Answer(a),
                        Ok(Err((url, e))) => Forwarded::Failed(format!("{url}: {e}")),
                        Err(e) => Forwarded::Failed(e.to_string()),
                    };
                    if let Err(e) = writer.index(record.index_line(&file, Some(&forward))).await {
                        let _ = events.send(Event::Warning(format!("failed to append to {}: {e}", durable::INDEX)));
                    }
                    let _ = events.send(Event::Captured(record.line(&shown_file, Some(&forward), format, style)));
                });
            }
            _ => {
                let _ = self.events.send(Event::Captured(record.line(&shown_file, None, self.format, self.style)));
            }
        }
        let status = if probe { StatusCode::OK } else { self.status };
        let body =
            if status.is_success() { "ok\n".to_string() } else { format!("cicb listen answers {status} (--status)\n") };
        Reply { status, body }
    }
}

/// What `--forward-to` got.
enum Forwarded {
    Answer(client::Answer),
    Failed(String),
}

impl Forwarded {
    fn json(&self) -> Value {
        match self {
            Forwarded::Answer(a) => json!({
                "status": a.status,
                "ms": crate::net::client::ms(a.elapsed),
                "answer": a.start(200),
            }),
            Forwarded::Failed(e) => json!({ "error": e }),
        }
    }
}

/// What a body says, owned: decoded once, then the document is dropped.
struct Facts {
    /// The summarize JSON object of a callback, in its documented key order (for `--format
    /// json` only).
    summary_json: Option<String>,
    job_ids: Vec<String>,
    run_id: Option<String>,
    kind: String,
    event: Option<String>,
    tag: Option<String>,
    state: Option<String>,
    failed: bool,
    id: Option<String>,
    code: Option<String>,
    outputs: usize,
    probe: bool,
    /// Why the body is not a callback.
    diagnostic: Option<String>,
    ext: &'static str,
    size: usize,
    /// The file name it is saved under (unless that exists: see [`durable::Writer::save`]).
    name: String,
}

impl Facts {
    /// Decodes `body`, and names its file: the summarize JSON's `input` is `dir/name` (written
    /// when `json` asks for it).
    fn of(body: &[u8], max_size: usize, dir: &str, time: &DateTime<Utc>, seq: u64, json: bool) -> Facts {
        let limits = Limits { max_size: max_size.max(1), ..Limits::default() };
        let mut f = Facts {
            summary_json: None,
            job_ids: Vec::new(),
            run_id: None,
            kind: "not-a-callback".into(),
            event: None,
            tag: None,
            state: None,
            failed: false,
            id: None,
            code: None,
            outputs: 0,
            probe: false,
            diagnostic: None,
            ext: "bin",
            size: body.len(),
            name: String::new(),
        };
        let doc = match decode::decode_bytes(body, None, &limits) {
            Ok(doc) => Some(doc),
            Err(e) => {
                if let Some(format) = decode::sniff(body, &limits) {
                    f.ext = format.ext();
                }
                f.diagnostic = Some(format!("{} (line {}, column {})", e.message(), e.line(), e.column()));
                None
            }
        };
        let summary = doc.as_ref().and_then(|doc| f.learn(doc));
        f.name = f.file_name(time, seq);
        if let (true, Some(mut s)) = (json, summary) {
            s.input = format!("{}/{}", dir.trim_end_matches('/'), f.name);
            f.summary_json = Some(to_string(&s));
        }
        f
    }

    /// What a decoded body says; its summary when it is a callback.
    fn learn<'d>(&mut self, doc: &'d Document<'_>) -> Option<Summary<'d>> {
        self.ext = doc.format.ext();
        self.probe = is_probe(doc);
        let Some(s) = Summary::new("", doc) else {
            self.diagnostic =
                Some("not a CI callback body: no JobsDetail, WorkflowExecution or audit data".to_string());
            return None;
        };
        self.kind = if self.probe { "probe".to_string() } else { s.kind.as_str().to_string() };
        self.event = s.event.map(str::to_string);
        let first = s.jobs.first();
        // A job's Tag and JobId; for a workflow run (its rows are tasks), the workflow's name and
        // RunId.
        let run = s.workflow.as_ref().filter(|w| w.node.is_none());
        self.tag = match run {
            Some(w) => w.name,
            None => first.and_then(|r| r.kind),
        }
        .map(str::to_string);
        self.id = run.and_then(|w| w.run_id).or_else(|| first.and_then(|r| r.job_id)).map(str::to_string);
        self.state = s.state.map(str::to_string);
        self.failed = s.failed;
        self.code = s.failures.first().and_then(|x| x.code).map(str::to_string);
        self.outputs = s.outputs.len();
        self.job_ids = s.jobs.iter().filter_map(|r| r.job_id).map(str::to_string).collect();
        self.run_id = s.workflow.as_ref().and_then(|w| w.run_id).map(str::to_string);
        Some(s)
    }

    /// `20261201T221403.123Z-000001-job-Transcode-j8a9….xml`
    fn file_name(&self, time: &DateTime<Utc>, seq: u64) -> String {
        let mut name = format!("{}-{seq:06}", time.format("%Y%m%dT%H%M%S%.3fZ"));
        // A job's Tag, a workflow run's EventName.
        let (tag, event) = (self.tag.as_deref(), self.event.as_deref());
        let label = if self.kind.contains("workflow") { event.or(tag) } else { tag.or(event) };
        for part in [Some(self.kind.as_str()), label, self.id.as_deref()].into_iter().flatten() {
            let safe = safe_name(part);
            if !safe.is_empty() {
                name.push('-');
                name.push_str(&safe);
            }
        }
        name.push('.');
        name.push_str(self.ext);
        name
    }
}

/// A file-name part: ASCII letters, digits, `.`, `_` and `-` kept, anything else `_`, at most
/// 64 characters, never a leading dot.
fn safe_name(s: &str) -> String {
    let mapped: String = s
        .trim()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' })
        .take(64)
        .collect();
    mapped.trim_start_matches('.').to_string()
}

/// The console's test request for a moderation callback URL.
fn is_probe(doc: &Document<'_>) -> bool {
    let tree = &doc.tree;
    let root = tree.root();
    tree.child_text(root, "message").is_some_and(|m| m.trim() == PROBE_MESSAGE)
        || tree.child(root, "data").and_then(|d| tree.child_text(d, "trace_id")).is_some_and(|t| t == PROBE_TRACE_ID)
}

/// One capture's facts and request data, for its stdout line and its index line.
struct Record {
    facts: Facts,
    /// When the request came.
    at: DateTime<Utc>,
    /// RFC 3339, milliseconds, UTC.
    time: String,
    seq: u64,
    peer: String,
    path: String,
    /// Repeated headers joined with `, `.
    headers: Vec<(String, String)>,
    /// `X-Ci-Content-Version` (moderation callbacks: `Simple` or `Detail`).
    content_version: Option<String>,
}

/// The request's headers as a JSON object.
struct Headers<'a>(&'a [(String, String)]);

impl Serialize for Headers<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// An `index.ndjson` line after its `file`, in this order.
#[derive(Serialize)]
struct IndexFields<'a> {
    time: &'a str,
    seq: u64,
    peer: &'a str,
    /// Always POST: other methods get 405 and are not captured.
    method: &'static str,
    path: &'a str,
    headers: Headers<'a>,
    size: usize,
    kind: &'a str,
    event: Option<&'a str>,
    tag: Option<&'a str>,
    state: Option<&'a str>,
    id: Option<&'a str>,
    /// Callbacks only.
    #[serde(skip_serializing_if = "Option::is_none")]
    job_ids: Option<&'a [String]>,
    /// Callbacks only (`null` for a job).
    #[serde(skip_serializing_if = "Option::is_none")]
    run_id: Option<Option<&'a str>>,
    probe: bool,
    content_version: Option<&'a str>,
    /// What is not a callback: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    forward: Value,
}

/// The capture fields `--format json` appends to the summarize JSON, in this order.
#[derive(Serialize)]
struct CaptureFields<'a> {
    probe: bool,
    tag: Option<&'a str>,
    id: Option<&'a str>,
    time: &'a str,
    seq: u64,
    peer: &'a str,
    /// Always POST.
    method: &'static str,
    path: &'a str,
    size: usize,
    content_version: Option<&'a str>,
    headers: Headers<'a>,
    file: &'a str,
    forward: Value,
}

/// An index line from its file name and the members after it.
fn index_line(file: &str, rest: &str) -> String {
    format!("{{\"file\":{},{rest}}}\n", to_string(file))
}

/// A JSON object's members without their braces: `{"a":1}` → `"a":1`.
fn members(object: &impl Serialize) -> String {
    braces_off(&to_string(object)).to_string()
}

/// `{…}` → `…` (one brace each side).
fn braces_off(object: &str) -> &str {
    let t = object.trim();
    t.strip_prefix('{').and_then(|t| t.strip_suffix('}')).unwrap_or(t)
}

impl Record {
    fn new(facts: Facts, r: &Request, time: &DateTime<Utc>, seq: u64) -> Record {
        let headers = r
            .headers
            .keys()
            .map(|k| {
                let values: Vec<_> =
                    r.headers.get_all(k).iter().map(|v| String::from_utf8_lossy(v.as_bytes())).collect();
                (k.as_str().to_string(), values.join(", "))
            })
            .collect();
        let content_version = r.headers.get("x-ci-content-version").and_then(|v| v.to_str().ok()).map(str::to_string);
        Record {
            facts,
            at: *time,
            time: time.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            seq,
            peer: r.peer.to_string(),
            path: r.path.clone(),
            headers,
            content_version,
        }
    }

    /// The `index.ndjson` line: file, time, peer, method, path, headers, size, kind, event, tag,
    /// state, ids, content version, forward result.
    fn index_line(&self, file: &str, forward: Option<&Forwarded>) -> String {
        index_line(file, &self.index_rest(forward))
    }

    /// The index line's members after `file`.
    fn index_rest(&self, forward: Option<&Forwarded>) -> String {
        let f = &self.facts;
        let callback = f.diagnostic.is_none();
        let fields = IndexFields {
            time: &self.time,
            seq: self.seq,
            peer: &self.peer,
            method: "POST",
            path: &self.path,
            headers: Headers(&self.headers),
            size: f.size,
            kind: &f.kind,
            event: f.event.as_deref(),
            tag: f.tag.as_deref(),
            state: f.state.as_deref(),
            id: f.id.as_deref(),
            job_ids: callback.then_some(f.job_ids.as_slice()),
            run_id: callback.then_some(f.run_id.as_deref()),
            probe: f.probe,
            content_version: self.content_version.as_deref(),
            error: f.diagnostic.as_deref(),
            forward: forward.map_or(Value::Null, Forwarded::json),
        };
        members(&fields)
    }

    /// The stdout line (with a second line for the forward result, human format).
    fn line(&self, file: &str, forward: Option<&Forwarded>, format: NetFormat, style: Style) -> String {
        let f = &self.facts;
        match format {
            NetFormat::Json => {
                // The summarize object (or what a body that is not a callback is), then the
                // capture fields.
                let summary = match &f.summary_json {
                    // As summarize wrote it, key order included.
                    Some(j) => braces_off(j).to_string(),
                    None => members(&json!({ "kind": f.kind, "error": f.diagnostic })),
                };
                let capture = CaptureFields {
                    probe: f.probe,
                    tag: f.tag.as_deref(),
                    id: f.id.as_deref(),
                    time: &self.time,
                    seq: self.seq,
                    peer: &self.peer,
                    method: "POST",
                    path: &self.path,
                    size: f.size,
                    content_version: self.content_version.as_deref(),
                    headers: Headers(&self.headers),
                    file,
                    forward: forward.map_or(Value::Null, Forwarded::json),
                };
                let comma = if summary.is_empty() { "" } else { "," };
                format!("{{{summary}{comma}{}}}\n", members(&capture))
            }
            NetFormat::Human => {
                let human = human_line(&self.facts, &self.at, style);
                let mut line = format!("{human}  {}\n", style.dim(&sanitize(file)));
                match forward {
                    Some(Forwarded::Answer(a)) => {
                        let status = a.status.to_string();
                        let status = if a.is_success() { style.green(&status) } else { style.red(&status) };
                        let answer = a.start(80);
                        let ms = a.elapsed.as_secs_f64() * 1000.0;
                        line.push_str(&format!("  ↳ forwarded: {status} in {ms:.1} ms  {answer}\n"));
                    }
                    Some(Forwarded::Failed(e)) => {
                        line.push_str(&format!(
                            "  ↳ {}: {} (the capture is kept)\n",
                            style.red("forward failed"),
                            sanitize(e)
                        ));
                    }
                    None => {}
                }
                line
            }
        }
    }
}

/// `22:14:03Z  job/TaskFinish  Transcode  Success  j8a9…  -  2 outputs`, every value sanitized.
fn human_line(f: &Facts, time: &DateTime<Utc>, style: Style) -> String {
    let t = time.format("%H:%M:%SZ");
    let v = |s: &Option<String>| s.as_deref().map_or_else(|| "-".to_string(), |s| sanitize(s).into_owned());
    if f.probe {
        let what = f.tag.clone().or_else(|| f.event.clone());
        return format!("{t}  probe  {}  console test request (answered 200)", v(&what));
    }
    if let Some(d) = &f.diagnostic {
        return format!("{t}  not-a-callback  {}", sanitize(d));
    }
    let kind = match &f.event {
        Some(e) => format!("{}/{}", f.kind, sanitize(e)),
        None => f.kind.clone(),
    };
    // The state in color: green, red when the callback failed.
    let state = match f.state.as_deref().map(sanitize) {
        Some(s) if style.color && !s.is_empty() => {
            if f.failed {
                style.red(&s)
            } else {
                style.green(&s)
            }
        }
        Some(s) => s.into_owned(),
        None => "-".to_string(),
    };
    let outputs = if f.outputs == 1 { "1 output".to_string() } else { format!("{} outputs", f.outputs) };
    format!("{t}  {kind}  {}  {state}  {}  {}  {outputs}", v(&f.tag), v(&f.id), v(&f.code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe() {
        assert_eq!(safe_name("../etc/passwd"), "_etc_passwd");
        assert_eq!(safe_name("j8a9-x_y.z"), "j8a9-x_y.z");
        assert_eq!(safe_name("数据"), "__");
        assert_eq!(safe_name(&"a".repeat(100)).len(), 64);
    }

    #[test]
    fn facts_of_a_job_and_of_garbage() {
        let xml = b"<Response><EventName>TaskFinish</EventName><JobsDetail><JobId>j1</JobId><Tag>Transcode</Tag>\
<State>Failed</State><Code>InternalError</Code></JobsDetail></Response>";
        let time: DateTime<Utc> = DateTime::from_timestamp(0, 0).unwrap();
        let f = Facts::of(xml, 1 << 20, "d", &time, 7, true);
        assert_eq!((f.kind.as_str(), f.tag.as_deref(), f.id.as_deref()), ("job", Some("Transcode"), Some("j1")));
        assert_eq!(f.code.as_deref(), Some("InternalError"));
        assert_eq!(f.name, "19700101T000000.000Z-000007-job-Transcode-j1.xml");
        let summary = f.summary_json.as_deref().unwrap_or_default();
        assert!(summary.contains(r#""input":"d/19700101T000000.000Z-000007-job-Transcode-j1.xml""#), "{summary}");
        let g = Facts::of(b"\x00\xffhello", 1 << 20, "d", &time, 1, true);
        assert_eq!((g.kind.as_str(), g.ext), ("not-a-callback", "bin"));
        assert!(g.diagnostic.is_some());
        let probe = br#"{"code":0,"data":{"event":"ReviewImage","trace_id":"test_trace_id"},"message":"Test request when setting callback url"}"#;
        let p = Facts::of(probe, 1 << 20, "d", &time, 1, false);
        assert!(p.probe);
        assert!(p.summary_json.is_none(), "the summarize JSON is written for --format json only");
        assert_eq!(p.kind, "probe");
    }

    #[test]
    fn index_and_json_lines_keep_their_order() {
        let xml = b"<Response><EventName>TaskFinish</EventName><JobsDetail><JobId>j1</JobId><Tag>Transcode</Tag>\
<State>Success</State></JobsDetail></Response>";
        let time: DateTime<Utc> = DateTime::from_timestamp(0, 0).unwrap();
        let facts = Facts::of(xml, 1 << 20, "d", &time, 7, true);
        let summary = facts.summary_json.clone().unwrap_or_default();
        let mut headers = axum::http::HeaderMap::new();
        headers.append("content-type", "application/xml".parse().unwrap());
        headers.append("x-a", "1".parse().unwrap());
        headers.append("x-a", "2".parse().unwrap());
        let request =
            Request { peer: "127.0.0.1:9".parse().unwrap(), path: "/cb?x=1".into(), headers, body: Default::default() };
        let record = Record::new(facts, &request, &time, 7);
        let index = record.index_line("a.xml", None);
        assert!(
            index.starts_with(
                r#"{"file":"a.xml","time":"1970-01-01T00:00:00.000Z","seq":7,"peer":"127.0.0.1:9","method":"POST","path":"/cb?x=1","headers":{"content-type":"application/xml","x-a":"1, 2"},"size":"#
            ),
            "{index}"
        );
        assert!(
            index.ends_with("\"run_id\":null,\"probe\":false,\"content_version\":null,\"forward\":null}\n"),
            "{index}"
        );
        let v: Value = serde_json::from_str(&index).unwrap();
        assert_eq!(v["job_ids"], json!(["j1"]));
        assert!(v.get("error").is_none());

        let line = record.line("d/a.xml", None, NetFormat::Json, Style { color: false });
        assert!(
            line.starts_with(summary.trim_end().strip_suffix('}').unwrap()),
            "the summarize object comes first: {line}"
        );
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(
            (v["file"].as_str(), v["tag"].as_str(), v["seq"].as_u64()),
            (Some("d/a.xml"), Some("Transcode"), Some(7))
        );
        assert!(line.ends_with(",\"file\":\"d/a.xml\",\"forward\":null}\n"), "{line}");
    }
}
