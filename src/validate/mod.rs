//! Validation of callback bodies against the spec: every rule of [`rules`] over one decoded body,
//! with each finding located (byte span, line:column, node path).
//!
//! ```
//! let body = br#"<Response><EventName>TaskFinsh</EventName><JobsDetail/></Response>"#;
//! let found = cicb::validate::check_bytes("body.xml", body, &Default::default(), false);
//! let event = found.iter().find(|d| d.rule == "event").unwrap();
//! assert_eq!((event.line, event.column), (Some(1), Some(22)));
//! assert!(event.message.contains("did you mean `TaskFinish`?"));
//! ```

pub mod rules;

use serde::Serialize;

use crate::decode::error::{line_column, Positions};
use crate::decode::{self, Limits};
use crate::sanitize::sanitize;

pub use rules::{check, decode_failure, Finding, Rule, RuleInfo, RULES};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// The body is invalid.
    Error,
    /// Suspicious; an error under `--strict`.
    Warning,
}

impl Level {
    /// `error` or `warning`, as every output format names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

/// One diagnostic as every output format reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The path as given (a file found in a directory: the directory joined with its name), or
    /// `<stdin>`.
    pub file: String,
    /// 1-based line (`None` for a file that could not be read).
    pub line: Option<usize>,
    /// 1-based column, in characters.
    pub column: Option<usize>,
    /// Element path, `Response.JobsDetail.Operation.MeidaInfo`; `None` for syntax errors.
    pub path: Option<String>,
    /// A rule name from [`Rule::name`], or `io` for a file that could not be read.
    pub rule: &'static str,
    /// `error` or `warning` (`--strict` makes every warning an error).
    pub severity: &'static str,
    /// The message, with its suggestion: `unknown node `MeidaInfo` under Operation; did you mean `MediaInfo`?`.
    pub message: String,
}

impl Diagnostic {
    /// The diagnostic of `finding` in `file`, whose text (the spans' source) is `source`.
    /// Messages and paths quote the payload: control and bidi characters are escaped.
    pub fn new(file: &str, source: &[u8], finding: &Finding, strict: bool) -> Self {
        Diagnostic::at(file, line_column(source, finding.span.start), finding, strict)
    }

    /// [`Diagnostic::new`] with the line and column of the finding's start already counted (see
    /// [`diagnostics`]).
    pub fn at(file: &str, (line, column): (usize, usize), finding: &Finding, strict: bool) -> Self {
        let level = finding.effective_level(strict);
        let message = match &finding.help {
            Some(h) => format!("{}; {h}", sanitize(&finding.message)),
            None => sanitize(&finding.message).into_owned(),
        };
        Diagnostic {
            file: file.to_string(),
            line: Some(line),
            column: Some(column),
            path: finding.path.as_ref().map(|p| sanitize(p).into_owned()),
            rule: finding.rule.name(),
            severity: level.as_str(),
            message,
        }
    }

    /// The diagnostic for a file that could not be read (rule `io`).
    pub fn unreadable(file: &str, why: &str) -> Self {
        Diagnostic {
            file: file.to_string(),
            line: None,
            column: None,
            path: None,
            rule: "io",
            severity: Level::Error.as_str(),
            message: sanitize(why).into_owned(),
        }
    }
}

/// Every finding of one body, and the bytes their spans refer to (the input without a UTF-8 BOM,
/// or nothing for an input over the size limit, which is never echoed).
pub fn findings<'b>(bytes: &'b [u8], limits: &Limits) -> (Vec<Finding>, &'b [u8]) {
    findings_of(bytes, &decode::decode_bytes(bytes, None, limits))
}

/// [`findings`] of a body already decoded (or not) from `bytes`.
pub fn findings_of<'b>(
    bytes: &'b [u8],
    decoded: &Result<decode::Document<'_>, decode::DecodeError>,
) -> (Vec<Finding>, &'b [u8]) {
    let source = decode::strip_bom(bytes);
    match decoded {
        Ok(doc) => (check(doc), source),
        Err(e) if e.kind() == decode::ErrorKind::TooLarge => (vec![decode_failure(e)], &[]),
        Err(e) => (vec![decode_failure(e)], source),
    }
}

/// Checks one body; `origin` names it in the diagnostics. Warnings become errors with `strict`.
pub fn check_bytes(origin: &str, bytes: &[u8], limits: &Limits, strict: bool) -> Vec<Diagnostic> {
    let (found, source) = findings(bytes, limits);
    diagnostics(origin, source, &found, strict)
}

/// The diagnostic of every finding in `source`, their lines and columns counted in one pass.
pub fn diagnostics(file: &str, source: &[u8], found: &[Finding], strict: bool) -> Vec<Diagnostic> {
    let positions = Positions::new(source, found.iter().map(|f| f.span.start));
    found.iter().map(|f| Diagnostic::at(file, positions.get(source, f.span.start), f, strict)).collect()
}
