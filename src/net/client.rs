//! The HTTP client of `send` and of `listen --forward-to`: ureq (blocking, rustls), one agent
//! shared by every thread so connections are kept alive.

use std::io::Read;
use std::time::{Duration, Instant};

use ureq::http::{self, HeaderMap, HeaderName, HeaderValue, Method, Uri};

/// How much of an answer's body is kept (the start of it is shown).
pub const ANSWER_PREFIX: usize = 4096;

/// Headers that belong to one connection, not to the request: never copied.
const HOP_BY_HOP: &[&str] =
    &["host", "content-length", "transfer-encoding", "connection", "keep-alive", "te", "trailer", "upgrade", "expect"];

/// A client with a per-request timeout.
#[derive(Debug, Clone)]
pub struct Client {
    agent: ureq::Agent,
}

/// The answer to one request.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub elapsed: Duration,
    /// The first [`ANSWER_PREFIX`] bytes of the body.
    pub body: Vec<u8>,
}

impl Answer {
    /// A 2xx status.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The start of the answer's body, on one line and safe for a terminal.
    pub fn start(&self, max_chars: usize) -> String {
        let text = String::from_utf8_lossy(&self.body);
        let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut shown: String = one_line.chars().take(max_chars).collect();
        if one_line.chars().count() > max_chars {
            shown.push('…');
        }
        crate::sanitize::sanitize(&shown).into_owned()
    }
}

/// Milliseconds, to two decimals (for the JSON views of send and listen).
pub fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e5).round() / 100.0
}

/// Why a request could not be made (no answer at all).
#[derive(Debug)]
pub struct SendError {
    pub message: String,
    pub elapsed: Duration,
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SendError {}

/// Checks a URL is an absolute `http://` or `https://` URL with a host.
pub fn parse_url(url: &str) -> Result<Uri, String> {
    let uri: Uri = url.parse().map_err(|e| format!("invalid URL `{url}`: {e}"))?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        Some(other) => return Err(format!("invalid URL `{url}`: the scheme must be http or https, not {other}")),
        None => return Err(format!("invalid URL `{url}`: give an absolute URL such as http://127.0.0.1:8080/")),
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(format!("invalid URL `{url}`: no host"));
    }
    Ok(uri)
}

/// `base` with `path` (path and query of the request being passed on) appended to its path.
pub fn join(base: &Uri, path: &str) -> String {
    let s = base.to_string();
    let s = s.split(['?', '#']).next().unwrap_or(&s).trim_end_matches('/').to_string();
    if path.starts_with('/') {
        format!("{s}{path}")
    } else {
        format!("{s}/{path}")
    }
}

impl Client {
    /// A client whose requests give up after `timeout`; answers of any status are answers.
    pub fn new(timeout: Duration, pool: usize) -> Client {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .max_idle_connections(pool.max(1))
            .max_idle_connections_per_host(pool.max(1))
            .user_agent(concat!("cicb/", env!("CARGO_PKG_VERSION")))
            .build();
        Client { agent: config.new_agent() }
    }

    /// POSTs `body` with `headers` (hop-by-hop headers left out), reads the start of the answer.
    pub fn post(&self, url: &str, headers: &HeaderMap, body: &[u8]) -> Result<Answer, SendError> {
        let start = Instant::now();
        let fail = |message: String| SendError { message, elapsed: start.elapsed() };
        let mut request = http::Request::builder().method(Method::POST).uri(url);
        for (k, v) in headers {
            if !HOP_BY_HOP.contains(&k.as_str()) {
                request = request.header(k, v);
            }
        }
        let request = request.body(body).map_err(|e| fail(format!("invalid request: {e}")))?;
        let mut response = self.agent.run(request).map_err(|e| fail(describe(&e)))?;
        let status = response.status().as_u16();
        let mut prefix = Vec::new();
        let _ = response.body_mut().as_reader().take(ANSWER_PREFIX as u64).read_to_end(&mut prefix);
        Ok(Answer { status, elapsed: start.elapsed(), body: prefix })
    }
}

/// A header from `K:V` (or `K: V`).
pub fn header(s: &str) -> Result<(HeaderName, HeaderValue), String> {
    let (k, v) = s.split_once(':').ok_or_else(|| format!("`{s}` is not a header: use NAME:VALUE"))?;
    let name = HeaderName::try_from(k.trim()).map_err(|_| format!("`{}` is not a header name", k.trim()))?;
    let value = HeaderValue::try_from(v.trim()).map_err(|_| format!("`{}` is not a header value", v.trim()))?;
    Ok((name, value))
}

fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "connection refused (is the server running?)".to_string()
        }
        ureq::Error::Io(io) => io.to_string(),
        ureq::Error::Timeout(_) => "timed out".to_string(),
        ureq::Error::HostNotFound => "host not found".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert!(parse_url("http://127.0.0.1:8080/cb").is_ok());
        assert!(parse_url("ftp://x/").is_err());
        assert!(parse_url("not a url").is_err());
        assert!(parse_url("/just/a/path").is_err());
        let base = parse_url("http://127.0.0.1:3000").unwrap();
        assert_eq!(join(&base, "/cb?x=1"), "http://127.0.0.1:3000/cb?x=1");
        let base = parse_url("http://127.0.0.1:3000/api/").unwrap();
        assert_eq!(join(&base, "/cb"), "http://127.0.0.1:3000/api/cb");
    }

    #[test]
    fn headers() {
        let (k, v) = header("X-Ci-Content-Version: Detail").unwrap();
        assert_eq!((k.as_str(), v.to_str().unwrap()), ("x-ci-content-version", "Detail"));
        assert!(header("novalue").is_err());
    }
}
