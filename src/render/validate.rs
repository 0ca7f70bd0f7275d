//! validate's views: rustc-style diagnostics (human), GitHub Actions workflow commands, JSON, and
//! the closing count.

use std::io::{self, Write};

use crate::sanitize::sanitize;
use crate::validate::{Diagnostic, Finding};

use super::diagnostic::Report;
use super::Style;

/// The rustc-style rendering of one finding (`warning[unknown-node]: …`, `--> file:line:col`,
/// the source line, a caret, `= path:` and `= help:` notes).
/// The headline wraps at `width` (see [`super::diagnostic::Report::render_fit`]).
/// `at` is the line and column of the finding's start.
pub fn rendered(
    file: &str,
    source: &[u8],
    at: (usize, usize),
    f: &Finding,
    strict: bool,
    style: Style,
    width: Option<usize>,
) -> String {
    let level = f.effective_level(strict);
    let mut notes = Vec::new();
    if let Some(p) = &f.path {
        notes.push(format!("path: {p}"));
    }
    if let Some(h) = &f.help {
        notes.push(format!("help: {h}"));
    }
    Report {
        level,
        code: Some(f.rule.name()),
        title: &f.message,
        origin: file,
        source,
        span: f.span.clone(),
        notes: &notes,
        at: Some(at),
    }
    .render_fit(style, width)
}

/// A file that could not be read, as the human view reports it.
pub fn unreadable(why: &str, style: Style, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}: {}\n", style.red("error[io]"), sanitize(why))
}

/// Every diagnostic as one pretty JSON array.
pub fn json(all: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    super::json::to_writer(out, all, true)?;
    out.write_all(b"\n")
}

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
pub fn github(all: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    for d in all {
        let mut props = format!("file={}", escape_property(&d.file));
        if let (Some(line), Some(col)) = (d.line, d.column) {
            props.push_str(&format!(",line={line},col={col}"));
        }
        props.push_str(&format!(",title={}", escape_property(&format!("cicb {}", d.rule))));
        let mut message = d.message.clone();
        if let Some(p) = &d.path {
            message.push_str(&format!(" (at {p})"));
        }
        writeln!(out, "::{} {props}::{}", d.severity, escape_data(&message))?;
    }
    Ok(())
}

/// Workflow-command data: `%`, CR and LF are escaped; control characters are made visible.
fn escape_data(s: &str) -> String {
    sanitize(&s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")).into_owned()
}

/// Workflow-command properties also escape `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The counts of a run, for the closing line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    /// Files read and checked.
    pub checked: usize,
    /// Checked files with at least one error.
    pub invalid: usize,
    /// Warnings in all files.
    pub warnings: usize,
    /// Paths that could not be read.
    pub unreadable: usize,
}

impl Totals {
    /// `checked 3 files: 2 valid, 1 invalid, 1 warning`.
    pub fn line(&self) -> String {
        let files = if self.checked == 1 { "file" } else { "files" };
        let warnings = if self.warnings == 1 { "warning" } else { "warnings" };
        let mut line = format!(
            "checked {} {files}: {} valid, {} invalid, {} {warnings}",
            self.checked,
            self.checked - self.invalid,
            self.invalid,
            self.warnings
        );
        if self.unreadable > 0 {
            line.push_str(&format!(", {} unreadable", self.unreadable));
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes() {
        assert_eq!(escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(escape_property("a,b:c"), "a%2Cb%3Ac");
        assert_eq!(escape_data("\u{1b}[31m"), "\\x1b[31m");
    }

    #[test]
    fn summary_line() {
        let mut s = Totals { checked: 3, invalid: 1, warnings: 1, unreadable: 0 };
        assert_eq!(s.line(), "checked 3 files: 2 valid, 1 invalid, 1 warning");
        s.unreadable = 2;
        assert_eq!(s.line(), "checked 3 files: 2 valid, 1 invalid, 1 warning, 2 unreadable");
    }
}
