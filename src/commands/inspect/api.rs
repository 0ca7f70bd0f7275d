//! The JSON API under `/api/` (the token was checked before any of these runs): the list, one
//! capture (summary, raw bytes, the other format, metadata, findings), a redacted copy, the
//! comparison of two, replay, and the event stream.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path as UrlPath, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::Stream;
use serde::Deserialize;
use serde_json::{json, Value};

use super::captures::{query_pairs, Filter};
use super::Shared;
use crate::decode::{self, Format, Limits};
use crate::encode::json::{self as json_out, JsonOptions};
use crate::encode::xml::{self, XmlError, XmlOptions};
use crate::net::client::{self, Client};
use crate::redact::{redact, Options as RedactOptions, Pseudonyms};
use crate::render::json::to_string;
use crate::summary::Summary;

/// How long a replayed request may take.
const REPLAY_TIMEOUT: Duration = Duration::from_secs(10);

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A JSON answer.
fn ok(value: &Value) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], to_string(value)).into_response()
}

/// A JSON error: `{"error": message}`.
pub(super) fn error(status: StatusCode, message: &str) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], to_string(&json!({ "error": message }))).into_response()
}

pub(super) async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "no such API call")
}

pub(super) async fn info(State(s): State<Arc<Shared>>) -> Response {
    let dir = std::path::absolute(&s.dir).unwrap_or_else(|_| s.dir.clone());
    let total = s.captures.read().map(|c| c.len()).unwrap_or(0);
    ok(&json!({
        "dir": dir.display().to_string(),
        "version": env!("CARGO_PKG_VERSION"),
        "total": total,
    }))
}

pub(super) async fn list(State(s): State<Arc<Shared>>, RawQuery(q): RawQuery) -> Response {
    let filter = Filter::parse(q.as_deref().unwrap_or(""));
    match s.captures.read() {
        Ok(c) => ok(&c.list(&filter, &s.dir)),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "the list is unavailable"),
    }
}

/// Why a capture is not served.
struct Refused(StatusCode, &'static str);

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        error(self.0, self.1)
    }
}

/// The bytes of a capture the folder lists, and its index line; never a path outside the folder
/// (names are plain names, and a link is not followed).
fn body(s: &Shared, name: &str) -> Result<(Vec<u8>, Value), Refused> {
    let meta = match s.captures.read() {
        Ok(c) => match c.get(name) {
            Some(e) if e.file.as_deref() == Some(name) => e.meta.clone(),
            _ => return Err(Refused(StatusCode::NOT_FOUND, "no such capture in this folder")),
        },
        Err(_) => return Err(Refused(StatusCode::INTERNAL_SERVER_ERROR, "the list is unavailable")),
    };
    let path = s.dir.join(name);
    let gone = || Refused(StatusCode::NOT_FOUND, "the capture's file is gone from the folder");
    match std::fs::symlink_metadata(&path) {
        Ok(m) if m.file_type().is_file() => {}
        _ => return Err(gone()),
    }
    let bytes = std::fs::read(&path).map_err(|_| gone())?;
    Ok((bytes, meta))
}

pub(super) async fn detail(State(s): State<Arc<Shared>>, UrlPath(name): UrlPath<String>) -> Response {
    match body(&s, &name) {
        Ok((bytes, meta)) => ok(&describe(&name, &bytes, meta)),
        Err(r) => r.into_response(),
    }
}

/// What the detail view shows of one body.
fn describe(name: &str, bytes: &[u8], meta: Value) -> Value {
    let decoded = decode::decode_bytes(bytes, None, &Limits::default());
    let (found, source) = crate::validate::findings_of(bytes, &decoded);
    let findings = crate::validate::diagnostics(name, source, &found, false);
    let mut v = json!({
        "file": name,
        "size": bytes.len(),
        "utf8": std::str::from_utf8(bytes).is_ok(),
        "meta": meta,
        "findings": findings,
        "format": Value::Null,
        "error": Value::Null,
        "summary": Value::Null,
        "other": Value::Null,
    });
    match decoded {
        Ok(doc) => {
            v["format"] = json!(doc.format.ext());
            if let Some(s) = Summary::new(name, &doc) {
                v["summary"] = serde_json::to_value(&s).unwrap_or(Value::Null);
            }
            let mut out = Vec::new();
            v["other"] = match doc.format {
                Format::Xml => match json_out::write(&doc.tree, &JsonOptions::default(), &mut out) {
                    Ok(()) => json!({ "format": "json", "text": String::from_utf8_lossy(&out) }),
                    Err(e) => json!({ "format": "json", "error": e.to_string() }),
                },
                Format::Json => match xml::write(&doc.tree, &XmlOptions::default(), &mut out) {
                    Ok(()) => json!({ "format": "xml", "text": String::from_utf8_lossy(&out) }),
                    Err(XmlError::Data(e)) => json!({ "format": "xml", "error": e.message() }),
                    Err(XmlError::Io(e)) => json!({ "format": "xml", "error": e.to_string() }),
                },
            };
        }
        Err(e) => {
            v["error"] = json!({ "message": e.message(), "line": e.line(), "column": e.column() });
        }
    }
    v
}

/// A plain name for a `Content-Disposition` header.
fn attachment(name: &str) -> HeaderValue {
    let safe: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect();
    HeaderValue::from_str(&format!("attachment; filename=\"{safe}\"")).unwrap_or(HeaderValue::from_static("attachment"))
}

pub(super) async fn raw(
    State(s): State<Arc<Shared>>,
    UrlPath(name): UrlPath<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let (bytes, _) = match body(&s, &name) {
        Ok(b) => b,
        Err(r) => return r.into_response(),
    };
    let mut r = ([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response();
    if query_pairs(q.as_deref().unwrap_or("")).iter().any(|(k, v)| k == "download" && v != "0") {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, attachment(&name));
    }
    r
}

pub(super) async fn redacted(State(s): State<Arc<Shared>>, UrlPath(name): UrlPath<String>) -> Response {
    let (bytes, _) = match body(&s, &name) {
        Ok(b) => b,
        Err(r) => return r.into_response(),
    };
    let doc = match decode::decode_bytes(&bytes, None, &Limits::default()) {
        Ok(d) => d,
        Err(e) => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("cannot redact a body that does not decode: {}", e.message()),
            )
        }
    };
    let mut salt = [0u8; 32];
    if getrandom::fill(&mut salt).is_err() {
        return error(StatusCode::INTERNAL_SERVER_ERROR, "failed to make a random salt");
    }
    let result = redact(&doc, &Pseudonyms::new(&salt), &RedactOptions::default());
    let mut out = Vec::with_capacity(result.text.len() + 3);
    if bytes.starts_with(BOM) {
        out.extend_from_slice(BOM);
    }
    out.extend_from_slice(result.text.as_bytes());
    let mut r = ([(header::CONTENT_TYPE, "application/octet-stream")], out).into_response();
    // A capture's name holds its JobId or RunId: the redacted body's name has its pseudonym.
    let redacted_name = crate::store::redact::file_name(&name, &result.mapping);
    r.headers_mut().insert(header::CONTENT_DISPOSITION, attachment(&format!("redacted-{redacted_name}")));
    r
}

pub(super) async fn diff(State(s): State<Arc<Shared>>, RawQuery(q): RawQuery) -> Response {
    let pairs = query_pairs(q.as_deref().unwrap_or(""));
    let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
    let (Some(a), Some(b)) = (get("a"), get("b")) else {
        return error(StatusCode::BAD_REQUEST, "give two captures: /api/diff?a=FILE&b=FILE");
    };
    let all = get("all").is_some_and(|v| v != "0");
    let (ba, bb) = match (body(&s, a), body(&s, b)) {
        (Ok((x, _)), Ok((y, _))) => (x, y),
        (Err(r), _) | (_, Err(r)) => return r.into_response(),
    };
    let limits = Limits::default();
    let (da, db) = match (decode::decode_bytes(&ba, None, &limits), decode::decode_bytes(&bb, None, &limits)) {
        (Ok(x), Ok(y)) => (x, y),
        (Err(e), _) | (_, Err(e)) => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("cannot compare a body that does not decode: {}", e.message()),
            )
        }
    };
    let report = crate::diff::diff(&da.tree, &db.tree, &crate::diff::Options { all, ignore: Vec::new() });
    let changes: Vec<_> = report.shown().collect();
    ok(&json!({ "a": a, "b": b, "all": all, "changes": changes, "summary": crate::render::diff::summary(&report) }))
}

/// A replay request: a capture (or edited bytes) sent to a URL, with `--set` edits.
#[derive(Debug, Deserialize)]
struct Replay {
    file: String,
    url: String,
    /// The edited body; the capture's bytes when absent.
    #[serde(default)]
    body: Option<String>,
    /// `PATH=VALUE` edits, as `send --set`.
    #[serde(default)]
    set: Vec<(String, String)>,
}

/// Whether a request that makes cicb send something comes from the page itself: a browser
/// names the page's origin; a script sends none.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else { return true };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    !host.is_empty() && origin.to_str().is_ok_and(|o| o == format!("http://{host}"))
}

pub(super) async fn replay(State(s): State<Arc<Shared>>, headers: HeaderMap, request: Bytes) -> Response {
    if !same_origin(&headers) {
        return error(StatusCode::FORBIDDEN, "replay is only sent from the page cicb inspect serves (Origin)");
    }
    let r: Replay = match serde_json::from_slice(&request) {
        Ok(r) => r,
        Err(e) => {
            return error(StatusCode::BAD_REQUEST, &format!("expected {{\"file\", \"url\", \"body\"?, \"set\"?}}: {e}"))
        }
    };
    let url = match client::parse_url(&r.url) {
        Ok(u) => u.to_string(),
        Err(e) => return error(StatusCode::UNPROCESSABLE_ENTITY, &e),
    };
    let mut bytes = match r.body {
        Some(b) => {
            // The capture must still be one of the folder's.
            if let Err(resp) = body(&s, &r.file) {
                return resp.into_response();
            }
            b.into_bytes()
        }
        None => match body(&s, &r.file) {
            Ok((b, _)) => b,
            Err(resp) => return resp.into_response(),
        },
    };
    let limits = Limits::default();
    for (path, value) in &r.set {
        match set(&bytes, path, value, &limits) {
            Ok(b) => bytes = b,
            Err(e) => return error(StatusCode::UNPROCESSABLE_ENTITY, &format!("--set {path}: {e}")),
        }
    }
    let headers = crate::commands::send::content_headers(&bytes, &limits);
    let sent = bytes.len();
    let answer = tokio::task::spawn_blocking(move || Client::new(REPLAY_TIMEOUT, 1).post(&url, &headers, &bytes)).await;
    match answer {
        Ok(Ok(a)) => ok(&json!({
            "status": a.status,
            "ms": client::ms(a.elapsed),
            "answer": String::from_utf8_lossy(&a.body),
            "sent": sent,
        })),
        Ok(Err(e)) => ok(&json!({ "error": e.message, "ms": client::ms(e.elapsed), "sent": sent })),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "the replay stopped"),
    }
}

/// `bytes` with the value at `path` set, as `send --set` does (a BOM kept).
fn set(bytes: &[u8], path: &str, value: &str, limits: &Limits) -> Result<Vec<u8>, String> {
    let bom = bytes.starts_with(BOM);
    let source = std::str::from_utf8(decode::strip_bom(bytes)).map_err(|_| "the body is not UTF-8".to_string())?;
    let doc = decode::decode(source, None, limits).map_err(|e| e.message().to_string())?;
    let edited = crate::edit::set_value(source, &doc, path, value)?;
    let mut out = Vec::with_capacity(edited.len() + 3);
    if bom {
        out.extend_from_slice(BOM);
    }
    out.extend_from_slice(edited.as_bytes());
    Ok(out)
}

pub(super) async fn events(State(s): State<Arc<Shared>>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = s.changed.clone();
    let stream = futures_util::stream::unfold((rx, true), |(mut rx, first)| async move {
        if !first && rx.changed().await.is_err() {
            return None;
        }
        let generation = *rx.borrow_and_update();
        Some((Ok(Event::default().event("changed").data(generation.to_string())), (rx, false)))
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(10)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        let mut h = HeaderMap::new();
        assert!(same_origin(&h), "a script sends no Origin");
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:4040"));
        h.insert(header::ORIGIN, HeaderValue::from_static("http://127.0.0.1:4040"));
        assert!(same_origin(&h));
        h.insert(header::ORIGIN, HeaderValue::from_static("https://evil.example"));
        assert!(!same_origin(&h));
        h.remove(header::HOST);
        h.insert(header::ORIGIN, HeaderValue::from_static("http://"));
        assert!(!same_origin(&h));
    }

    #[test]
    fn describe_a_failed_job_and_garbage() {
        let xml = b"<Response><EventName>TaskFinish</EventName><JobsDetail><JobId>j1</JobId><Tag>Transcode</Tag>\
<State>Failed</State><Code>InternalError</Code><Message>boom</Message></JobsDetail></Response>";
        let v = describe("a.xml", xml, Value::Null);
        assert_eq!(v["format"], "xml");
        assert_eq!(v["summary"]["failures"][0]["code"], "InternalError");
        assert_eq!(v["other"]["format"], "json");
        assert!(v["other"]["text"].as_str().unwrap_or("").contains("\"JobId\""));
        let g = describe("g.bin", b"\xff<not", Value::Null);
        assert!(g["error"]["message"].is_string(), "{g}");
        assert!(!g["findings"].as_array().unwrap().is_empty());
    }

    #[test]
    fn set_edits_keep_the_rest_and_the_bom() {
        let body = b"\xEF\xBB\xBF<Response><JobsDetail><State>Success</State></JobsDetail></Response>";
        let out = set(body, "JobsDetail.State", "Failed", &Limits::default()).unwrap();
        assert_eq!(out, b"\xEF\xBB\xBF<Response><JobsDetail><State>Failed</State></JobsDetail></Response>");
        assert!(set(body, "Nope", "x", &Limits::default()).is_err());
    }
}
