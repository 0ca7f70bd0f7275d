//! One capture: what its body says (decoded once), the name it is saved under, its
//! `index.ndjson` line and its stdout line. The same for every receiver; only the [`Source`]
//! metadata differs (an HTTP request, a Kafka message).

use chrono::{DateTime, Utc};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::Serialize;
use serde_json::{json, Value};

use crate::decode::{self, Document, Limits};
use crate::net::client;
use crate::render::json::to_string;
use crate::render::{sanitize, Style};
use crate::summary::Summary;

/// What the console sends when a moderation callback URL is set ("Test request when setting
/// callback url", `trace_id` `test_trace_id`): it must get a 200.
const PROBE_MESSAGE: &str = "Test request when setting callback url";
const PROBE_TRACE_ID: &str = "test_trace_id";

impl From<crate::cli::NetFormat> for LineFormat {
    fn from(f: crate::cli::NetFormat) -> Self {
        match f {
            crate::cli::NetFormat::Human => LineFormat::Human,
            crate::cli::NetFormat::Json => LineFormat::Json,
        }
    }
}

/// How a receiver writes its stdout lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineFormat {
    /// One line a person reads.
    Human,
    /// The summarize JSON object and the capture's fields, one object per line.
    Json,
}

/// What `--forward-to` got.
pub enum Forwarded {
    /// The handler answered.
    Answer(client::Answer),
    /// The handler could not be reached: why.
    Failed(String),
}

impl Forwarded {
    fn json(&self) -> Value {
        match self {
            Forwarded::Answer(a) => json!({
                "status": a.status,
                "ms": client::ms(a.elapsed),
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
    /// The file name it is saved under (unless that exists).
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
pub(crate) fn safe_name(s: &str) -> String {
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

/// Where a capture came from: the metadata its receiver adds to the index and stdout lines.
#[derive(Debug, Clone)]
pub enum Source {
    /// An HTTP request (`listen`).
    Http {
        /// The peer's address (or the client's, from a trusted proxy).
        peer: String,
        /// Path and query as sent (a secret path shown with its token hidden).
        path: String,
        /// Repeated headers joined with `, `, in the order they came.
        headers: Vec<(String, String)>,
        /// `X-Ci-Content-Version` (moderation callbacks: `Simple` or `Detail`).
        content_version: Option<String>,
    },
    /// A Kafka message (`consume`).
    Kafka {
        /// Its topic.
        topic: String,
        /// Its partition.
        partition: i32,
        /// Its offset in the partition.
        offset: i64,
        /// Its key, if it has one (any bytes).
        key: Option<Vec<u8>>,
        /// Its timestamp (create or log-append time), RFC 3339.
        timestamp: Option<String>,
        /// Its headers, in order, repeats kept (values are any bytes, or none).
        headers: Vec<(String, Option<Vec<u8>>)>,
    },
}

impl Source {
    /// The HTTP metadata of a request: its headers read once, repeated ones joined.
    pub fn http(peer: String, path: String, headers: &axum::http::HeaderMap) -> Source {
        let joined = headers
            .keys()
            .map(|k| {
                let values: Vec<_> = headers.get_all(k).iter().map(|v| String::from_utf8_lossy(v.as_bytes())).collect();
                (k.as_str().to_string(), values.join(", "))
            })
            .collect();
        let content_version = headers.get("x-ci-content-version").and_then(|v| v.to_str().ok()).map(str::to_string);
        Source::Http { peer, path, headers: joined, content_version }
    }

    /// Where a capture came from, in a few words: the peer, or `topic/partition@offset`.
    pub fn origin(&self) -> String {
        match self {
            Source::Http { peer, .. } => peer.clone(),
            Source::Kafka { topic, partition, offset, .. } => format!("{topic}/{partition}@{offset}"),
        }
    }
}

/// Bytes in JSON: a string when they are UTF-8, else `{"hex": "…"}` (any JSON reader gets them
/// back exactly; the terminal-safe writer escapes what a terminal would act on).
struct Raw<'a>(&'a [u8]);

impl Serialize for Raw<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(self.0) {
            Ok(text) => s.serialize_str(text),
            Err(_) => {
                let hex: String = self.0.iter().map(|b| format!("{b:02x}")).collect();
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("hex", &hex)?;
                m.end()
            }
        }
    }
}

/// A source's members in the index and JSON lines, after `time` and `seq`.
struct SourceFields<'a>(&'a Source);

impl Serialize for SourceFields<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        match self.0 {
            Source::Http { peer, path, headers, .. } => {
                m.serialize_entry("peer", peer)?;
                // Always POST: other methods are refused and not captured.
                m.serialize_entry("method", "POST")?;
                m.serialize_entry("path", path)?;
                m.serialize_entry("headers", &Headers(headers))?;
            }
            Source::Kafka { topic, partition, offset, key, timestamp, headers } => {
                m.serialize_entry("topic", topic)?;
                m.serialize_entry("partition", partition)?;
                m.serialize_entry("offset", offset)?;
                m.serialize_entry("key", &key.as_deref().map(Raw))?;
                m.serialize_entry("timestamp", timestamp)?;
                m.serialize_entry("headers", &KafkaHeaders(headers))?;
            }
        }
        m.end()
    }
}

/// A request's headers as a JSON object.
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

/// A Kafka message's headers as a list of `[name, value]` pairs: names repeat, values may be
/// any bytes or none.
struct KafkaHeaders<'a>(&'a [(String, Option<Vec<u8>>)]);

impl Serialize for KafkaHeaders<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for (k, v) in self.0 {
            seq.serialize_element(&(k, v.as_deref().map(Raw)))?;
        }
        seq.end()
    }
}

/// One capture's facts and where it came from, for its stdout line and its index line.
pub struct Record {
    facts: Facts,
    source: Source,
    /// When it arrived.
    at: DateTime<Utc>,
    /// RFC 3339, milliseconds, UTC.
    time: String,
    seq: u64,
}

/// An index line's members after `file`, before the source's.
#[derive(Serialize)]
struct Head<'a> {
    time: &'a str,
    seq: u64,
}

/// What an index line says of the body, after the source's members, in this order.
#[derive(Serialize)]
struct BodyFields<'a> {
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
    /// HTTP only.
    #[serde(skip_serializing_if = "Option::is_none")]
    content_version: Option<Option<&'a str>>,
    /// What is not a callback: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    forward: Value,
}

/// The capture fields `--format json` appends to the summarize JSON, before the source's.
#[derive(Serialize)]
struct CaptureFields<'a> {
    probe: bool,
    tag: Option<&'a str>,
    id: Option<&'a str>,
    time: &'a str,
    seq: u64,
}

/// The capture fields `--format json` writes after the source's, in this order.
#[derive(Serialize)]
struct CaptureTail<'a> {
    size: usize,
    /// HTTP only.
    #[serde(skip_serializing_if = "Option::is_none")]
    content_version: Option<Option<&'a str>>,
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

/// Members joined with commas, empty ones left out.
fn join(parts: &[&str]) -> String {
    parts.iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join(",")
}

impl Record {
    /// Decodes `body` once (at most `max_size` bytes are read as a document) and names its file
    /// from `time` and `seq`; the summarize JSON, whose `input` is `dir/name`, is built for
    /// [`LineFormat::Json`] only.
    pub fn new(
        body: &[u8],
        source: Source,
        max_size: usize,
        dir: &str,
        time: DateTime<Utc>,
        seq: u64,
        format: LineFormat,
    ) -> Record {
        let facts = Facts::of(body, max_size, dir, &time, seq, format == LineFormat::Json);
        Record { facts, source, at: time, time: time.to_rfc3339_opts(chrono::SecondsFormat::Millis, true), seq }
    }

    /// The name the body is saved under (unless that exists: see [`super::durable::Writer::save`]).
    pub fn name(&self) -> &str {
        &self.facts.name
    }

    /// The console's test request: answered 200 whatever `--status` says.
    pub fn is_probe(&self) -> bool {
        self.facts.probe
    }

    /// Where it came from.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// The `index.ndjson` line: file, time, seq, the source's metadata, size, kind, event, tag,
    /// state, ids, probe, content version (HTTP), error, forward result.
    pub fn index_line(&self, file: &str, forward: Option<&Forwarded>) -> String {
        index_line(file, &self.index_rest(forward))
    }

    /// What the writer calls with the name it saved the body under: the index line without a
    /// forward result, built now.
    pub fn index_builder(&self) -> super::durable::IndexLine {
        let rest = self.index_rest(None);
        Box::new(move |file: &str| index_line(file, &rest))
    }

    /// The index line's members after `file`.
    fn index_rest(&self, forward: Option<&Forwarded>) -> String {
        let f = &self.facts;
        let callback = f.diagnostic.is_none();
        let head = members(&Head { time: &self.time, seq: self.seq });
        let body = BodyFields {
            size: f.size,
            kind: &f.kind,
            event: f.event.as_deref(),
            tag: f.tag.as_deref(),
            state: f.state.as_deref(),
            id: f.id.as_deref(),
            job_ids: callback.then_some(f.job_ids.as_slice()),
            run_id: callback.then_some(f.run_id.as_deref()),
            probe: f.probe,
            content_version: self.content_version(),
            error: f.diagnostic.as_deref(),
            forward: forward.map_or(Value::Null, Forwarded::json),
        };
        join(&[&head, &members(&SourceFields(&self.source)), &members(&body)])
    }

    fn content_version(&self) -> Option<Option<&str>> {
        match &self.source {
            Source::Http { content_version, .. } => Some(content_version.as_deref()),
            Source::Kafka { .. } => None,
        }
    }

    /// The stdout line (with a second line for the forward result, human format). `file` is
    /// shown as given: relative to the folder in human lines, the full path in JSON. A human
    /// line fits `width` columns when one is given.
    pub fn line(
        &self,
        file: &str,
        forward: Option<&Forwarded>,
        format: LineFormat,
        style: Style,
        width: Option<usize>,
    ) -> String {
        let f = &self.facts;
        match format {
            LineFormat::Json => {
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
                };
                let tail = CaptureTail {
                    size: f.size,
                    content_version: self.content_version(),
                    file,
                    forward: forward.map_or(Value::Null, Forwarded::json),
                };
                let all = join(&[&summary, &members(&capture), &members(&SourceFields(&self.source)), &members(&tail)]);
                format!("{{{all}}}\n")
            }
            LineFormat::Human => {
                let mut line = human_line(&self.facts, &self.at, file, style, width);
                line.push('\n');
                match forward {
                    Some(Forwarded::Answer(a)) => {
                        let status = a.status.to_string();
                        let status = if a.is_success() { style.green(&status) } else { style.red(&status) };
                        let answer = a.start(width.map_or(80, |w| w.saturating_sub(30).max(10)));
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

/// One field of a human line: its text (sanitized), and how it is painted.
struct Field {
    text: String,
    paint: Paint,
    /// Dropped first when the line is too wide (lowest first); 0 is never dropped.
    drop: u8,
    /// Shortened (middle elided) to at most this many columns when the line is too wide.
    shorten: Option<usize>,
}

#[derive(Clone, Copy)]
enum Paint {
    Plain,
    Good,
    Bad,
    Warn,
    Dim,
}

fn field(text: impl Into<String>, paint: Paint, drop: u8, shorten: Option<usize>) -> Field {
    Field { text: text.into(), paint, drop, shorten }
}

/// `22:14:03Z  job/TaskFinish  Transcode  Success  j8a9…  -  2 outputs  FILE`, every value
/// sanitized. Within `width` columns: the outputs, the kind and the code go first, then the id,
/// the tag and the file name are elided in the middle.
fn human_line(f: &Facts, time: &DateTime<Utc>, file: &str, style: Style, width: Option<usize>) -> String {
    let t = time.format("%H:%M:%SZ").to_string();
    let v = |s: &Option<String>| s.as_deref().map_or_else(|| "-".to_string(), |s| sanitize(s).into_owned());
    let file = field(sanitize(file), Paint::Dim, 0, Some(24));
    let fields = if f.probe {
        let what = f.tag.clone().or_else(|| f.event.clone());
        vec![
            field(t, Paint::Plain, 0, None),
            field("probe", Paint::Plain, 0, None),
            field(v(&what), Paint::Plain, 0, Some(16)),
            field("console test request (answered 200)", Paint::Plain, 1, None),
            file,
        ]
    } else if let Some(d) = &f.diagnostic {
        vec![
            field(t, Paint::Plain, 0, None),
            field("not-a-callback", Paint::Plain, 0, None),
            field(sanitize(d), Paint::Plain, 0, Some(20)),
            file,
        ]
    } else {
        let kind = match &f.event {
            Some(e) => format!("{}/{}", f.kind, sanitize(e)),
            None => f.kind.clone(),
        };
        let outputs = if f.outputs == 1 { "1 output".to_string() } else { format!("{} outputs", f.outputs) };
        vec![
            field(t, Paint::Plain, 0, None),
            field(kind, Paint::Plain, 2, None),
            field(v(&f.tag), Paint::Plain, 0, Some(16)),
            field(v(&f.state), if f.failed { Paint::Bad } else { Paint::Good }, 0, None),
            field(v(&f.id), Paint::Plain, 0, Some(13)),
            field(v(&f.code), Paint::Plain, 3, Some(16)),
            field(outputs, Paint::Plain, 1, None),
            file,
        ]
    };
    fit(fields, width, style)
}

/// Joins `fields` with two spaces, dropping and shortening them to fit `width` columns.
fn fit(mut fields: Vec<Field>, width: Option<usize>, style: Style) -> String {
    let cols = |s: &str| textwrap::core::display_width(s);
    let total =
        |fields: &[Field]| fields.iter().map(|f| cols(&f.text)).sum::<usize>() + 2 * fields.len().saturating_sub(1);
    if let Some(w) = width {
        for level in 1..=3 {
            if total(&fields) <= w {
                break;
            }
            fields.retain(|f| f.drop != level);
        }
        // Shorten the longest shortenable field first, until the line fits or none can give more.
        while total(&fields) > w {
            let over = total(&fields) - w;
            let Some(f) = fields
                .iter_mut()
                .filter(|f| f.shorten.is_some_and(|m| cols(&f.text) > m))
                .max_by_key(|f| cols(&f.text) - f.shorten.unwrap_or(0))
            else {
                break;
            };
            let floor = f.shorten.unwrap_or(0);
            let target = cols(&f.text).saturating_sub(over).max(floor);
            f.text = elide_middle(&f.text, target);
        }
    }
    let painted: Vec<String> = fields
        .iter()
        .map(|f| match f.paint {
            Paint::Plain => f.text.clone(),
            Paint::Good if style.color && f.text != "-" => style.green(&f.text),
            Paint::Bad if style.color && f.text != "-" => style.red(&f.text),
            Paint::Warn => style.yellow(&f.text),
            Paint::Dim => style.dim(&f.text),
            Paint::Good | Paint::Bad => f.text.clone(),
        })
        .collect();
    painted.join("  ")
}

/// `s` in at most `cols` columns: its start, `…`, its end.
fn elide_middle(s: &str, cols: usize) -> String {
    let width = |c: char| textwrap::core::display_width(c.encode_utf8(&mut [0; 4]));
    if textwrap::core::display_width(s) <= cols || cols < 3 {
        return s.to_string();
    }
    let budget = cols - 1;
    let mut head = String::new();
    let mut used = 0;
    for c in s.chars() {
        if used + width(c) > budget.div_ceil(2) {
            break;
        }
        used += width(c);
        head.push(c);
    }
    let mut tail: Vec<char> = Vec::new();
    for c in s.chars().rev() {
        if used + width(c) > budget {
            break;
        }
        used += width(c);
        tail.push(c);
    }
    head.push('…');
    head.extend(tail.iter().rev());
    head
}

/// Longest request path kept in a refusal's lines (a scanner's path can be long).
const MAX_SHOWN_PATH: usize = 256;

/// A request refused before anything was saved: its `index.ndjson` line (`"rejected": true`, no
/// file) and its stdout line.
#[derive(Debug, Clone)]
pub struct Refusal {
    /// When it came.
    pub time: DateTime<Utc>,
    /// The status answered: 400, 403, 404, 405, 408, 413, 429, 500 or 507.
    pub status: u16,
    /// Why, in a few words.
    pub reason: &'static str,
    /// The client's address.
    pub peer: String,
    /// The request's method.
    pub method: String,
    /// Its path and query (a secret path's token hidden), at most 256 characters.
    pub path: String,
    /// The bytes seen: the body read, or its declared length.
    pub size: Option<u64>,
}

/// A refusal's index line, in this order.
#[derive(Serialize)]
struct RefusalLine<'a> {
    rejected: bool,
    time: &'a str,
    status: u16,
    reason: &'a str,
    peer: &'a str,
    method: &'a str,
    path: &'a str,
    size: Option<u64>,
}

/// The index line that stands for the refusals of one client not shown one by one.
#[derive(Serialize)]
struct FloodLine<'a> {
    rejected: bool,
    time: &'a str,
    peer: &'a str,
    /// How many.
    count: u64,
    /// How many of each status.
    statuses: &'a std::collections::BTreeMap<u16, u64>,
    /// The window they came in, seconds.
    seconds: u64,
}

impl Refusal {
    /// A refusal; `path` is cut to 256 characters.
    pub fn new(time: DateTime<Utc>, status: u16, reason: &'static str, peer: String, method: &str, path: &str) -> Self {
        let path = match path.char_indices().nth(MAX_SHOWN_PATH) {
            Some((i, _)) => format!("{}…", &path[..i]),
            None => path.to_string(),
        };
        Refusal { time, status, reason, peer, method: method.to_string(), path, size: None }
    }

    fn rfc3339(&self) -> String {
        self.time.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }

    /// Its `index.ndjson` line.
    pub fn index_line(&self) -> String {
        let time = self.rfc3339();
        let line = RefusalLine {
            rejected: true,
            time: &time,
            status: self.status,
            reason: self.reason,
            peer: &self.peer,
            method: &self.method,
            path: &self.path,
            size: self.size,
        };
        format!("{}\n", to_string(&line))
    }

    /// Its stdout line, within `width` columns when one is given:
    /// `22:14:03Z  refused  404  203.0.113.7  GET /wp-login.php  not the secret path`.
    pub fn line(&self, format: LineFormat, style: Style, width: Option<usize>) -> String {
        match format {
            LineFormat::Json => self.index_line(),
            LineFormat::Human => {
                let fields = vec![
                    field(self.time.format("%H:%M:%SZ").to_string(), Paint::Plain, 0, None),
                    field("refused", Paint::Warn, 0, None),
                    field(self.status.to_string(), Paint::Bad, 0, None),
                    field(sanitize(&self.peer), Paint::Plain, 0, Some(15)),
                    field(format!("{} {}", sanitize(&self.method), sanitize(&self.path)), Paint::Plain, 0, Some(16)),
                    field(self.reason, Paint::Dim, 1, None),
                ];
                let mut line = fit(fields, width, style);
                line.push('\n');
                line
            }
        }
    }
}

/// The refusals of `peer` not shown one by one in the last `seconds`: an index line and a stdout
/// line (`… and 1,204 more refusals from 203.0.113.7 in the last minute`).
pub fn flood_lines(
    time: DateTime<Utc>,
    peer: &str,
    statuses: &std::collections::BTreeMap<u16, u64>,
    seconds: u64,
    format: LineFormat,
    style: Style,
    width: Option<usize>,
) -> (String, String) {
    let count: u64 = statuses.values().sum();
    let t = time.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let index = format!("{}\n", to_string(&FloodLine { rejected: true, time: &t, peer, count, statuses, seconds }));
    let shown = match format {
        LineFormat::Json => index.clone(),
        LineFormat::Human => {
            let codes: Vec<String> = statuses.iter().map(|(s, n)| format!("{}× {s}", thousands(*n))).collect();
            let s = if count == 1 { "" } else { "s" };
            let window = if seconds == 60 { "the last minute".to_string() } else { format!("the last {seconds} s") };
            let text = format!("… and {} more refusal{s} from {} in {window}", thousands(count), sanitize(peer));
            let fields = vec![
                field(time.format("%H:%M:%SZ").to_string(), Paint::Plain, 0, None),
                field(text, Paint::Warn, 0, Some(40)),
                field(format!("({})", codes.join(", ")), Paint::Dim, 1, None),
            ];
            let mut line = fit(fields, width, style);
            line.push('\n');
            line
        }
    };
    (index, shown)
}

/// `1204` → `1,204`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
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
        let mut headers = axum::http::HeaderMap::new();
        headers.append("content-type", "application/xml".parse().unwrap());
        headers.append("x-a", "1".parse().unwrap());
        headers.append("x-a", "2".parse().unwrap());
        let source = Source::http("127.0.0.1:9".into(), "/cb?x=1".into(), &headers);
        let record = Record::new(xml, source, 1 << 20, "d", time, 7, LineFormat::Json);
        let summary = record.facts.summary_json.clone().unwrap_or_default();
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

        let line = record.line("d/a.xml", None, LineFormat::Json, Style { color: false }, None);
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

    #[test]
    fn kafka_lines_carry_the_message_metadata_safely() {
        let time: DateTime<Utc> = DateTime::from_timestamp(0, 0).unwrap();
        let source = Source::Kafka {
            topic: "cb".into(),
            partition: 2,
            offset: 41,
            key: Some(b"\xff\x00k".to_vec()),
            timestamp: Some("1970-01-01T00:00:01.000Z".into()),
            headers: vec![("h".into(), Some(b"\x1b[31m\xe2\x80\xae".to_vec())), ("h".into(), None)],
        };
        let record = Record::new(b"\x00garbage", source, 1 << 20, "d", time, 1, LineFormat::Json);
        let index = record.index_line("a.bin", None);
        assert!(
            index.starts_with(
                r#"{"file":"a.bin","time":"1970-01-01T00:00:00.000Z","seq":1,"topic":"cb","partition":2,"offset":41,"key":{"hex":"ff006b"},"timestamp":"1970-01-01T00:00:01.000Z","headers":[["h","\u001b[31m\u202e"],["h",null]],"size":8,"kind":"not-a-callback""#
            ),
            "{index}"
        );
        assert!(!index.contains("content_version"), "{index}");
        let v: Value = serde_json::from_str(&index).unwrap();
        assert_eq!(v["headers"][0][1], "\u{1b}[31m\u{202e}");
        let line = record.line("d/a.bin", None, LineFormat::Json, Style { color: false }, None);
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!((v["topic"].as_str(), v["offset"].as_i64()), (Some("cb"), Some(41)));
        assert!(line.is_ascii() && !line.contains('\u{1b}'), "{line}");
    }

    #[test]
    fn human_lines_fit_the_width() {
        let xml =
            b"<Response><EventName>TaskFinish</EventName><JobsDetail><JobId>j035aca66f86211ec8a5a87e016101404</JobId>\
<Tag>Transcode</Tag><State>Failed</State><Code>InternalError</Code></JobsDetail></Response>";
        let time: DateTime<Utc> = DateTime::from_timestamp(0, 0).unwrap();
        let source =
            Source::Kafka { topic: "t".into(), partition: 0, offset: 0, key: None, timestamp: None, headers: vec![] };
        let r = Record::new(xml, source, 1 << 20, "d", time, 1, LineFormat::Human);
        let name = r.name().to_string();
        let wide = r.line(&name, None, LineFormat::Human, Style { color: false }, None);
        assert!(
            wide.contains(
                "job/TaskFinish  Transcode  Failed  j035aca66f86211ec8a5a87e016101404  InternalError  0 outputs"
            ),
            "{wide}"
        );
        assert!(wide.trim_end().ends_with(&name));
        for w in [80, 100, 120] {
            let line = r.line(&name, None, LineFormat::Human, Style { color: false }, Some(w));
            let cols = textwrap::core::display_width(line.trim_end());
            assert!(cols <= w, "{w}: {cols}: {line}");
            assert!(line.contains("Transcode") && line.contains("Failed") && line.contains("j035"), "{line}");
            assert!(line.trim_end().ends_with(".xml"), "{line}");
        }
        let painted = r.line(&name, None, LineFormat::Human, Style { color: true }, Some(80));
        assert!(painted.contains("\u{1b}[31mFailed"), "{painted}");
        // A combining mark takes no column (fuzz/capture_line: an 80-column line of 81 characters).
        let source = Source::Kafka {
            topic: "t".into(),
            partition: 0,
            offset: 0,
            key: Some(vec![2]),
            timestamp: None,
            headers: vec![],
        };
        let r = Record::new("<\u{65d}<o>b".as_bytes(), source, 1 << 20, "d", time, 1, LineFormat::Human);
        let line = r.line(r.name(), None, LineFormat::Human, Style { color: false }, Some(80));
        assert!(line.contains('\u{65d}') && textwrap::core::display_width(line.trim_end()) <= 80, "{line}");
        assert_eq!(elide_middle("abcdefghij", 5), "ab…ij");
        assert_eq!(elide_middle("数据万象数据万象", 7), "数…万象");
    }

    #[test]
    fn refusal_lines_are_safe_and_say_what_happened() {
        let time: DateTime<Utc> = DateTime::from_timestamp(0, 0).unwrap();
        let mut r = Refusal::new(
            time,
            404,
            "not the secret path",
            "192.0.2.1:5".into(),
            "GET",
            &format!("/\u{1b}[2J{}", "x".repeat(400)),
        );
        r.size = Some(3);
        let index = r.index_line();
        assert!(
            index.starts_with(r#"{"rejected":true,"time":"1970-01-01T00:00:00.000Z","status":404,"reason":"not the secret path","peer":"192.0.2.1:5","method":"GET","path":"/\u001b[2J"#),
            "{index}"
        );
        assert!(index.ends_with("…\",\"size\":3}\n"), "{index}");
        let v: Value = serde_json::from_str(&index).unwrap();
        assert_eq!(v["path"].as_str().unwrap().chars().count(), MAX_SHOWN_PATH + 1);
        let human = r.line(LineFormat::Human, Style { color: false }, None);
        assert!(human.starts_with("00:00:00Z  refused  404  192.0.2.1:5  GET /\\x1b[2J"), "{human}");
        let mut statuses = std::collections::BTreeMap::new();
        statuses.insert(404, 1200);
        statuses.insert(429, 4);
        let (index, human) =
            flood_lines(time, "203.0.113.7", &statuses, 60, LineFormat::Human, Style { color: false }, None);
        assert_eq!(
            human,
            "00:00:00Z  … and 1,204 more refusals from 203.0.113.7 in the last minute  (1,200× 404, 4× 429)\n"
        );
        let (_, narrow) =
            flood_lines(time, "203.0.113.7", &statuses, 60, LineFormat::Human, Style { color: false }, Some(80));
        assert_eq!(narrow, "00:00:00Z  … and 1,204 more refusals from 203.0.113.7 in the last minute\n");
        let v: Value = serde_json::from_str(&index).unwrap();
        assert_eq!((v["count"].as_u64(), v["statuses"]["404"].as_u64()), (Some(1204), Some(1200)));
        assert!(v.get("file").is_none());
    }
}
