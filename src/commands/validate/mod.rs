//! `cicb validate`: lint callback fixtures. Every file is decoded by the one decoder and checked
//! by every rule in [`rules`]; files are checked in parallel and reported in the order given.

pub mod rules;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::bail;
use serde::Serialize;

use crate::cli::{ValidateArgs, ValidateFormat};
use crate::decode::error::line_column;
use crate::decode::Limits;
use crate::input::{self, Input};
use crate::render::diagnostic::{self, Level};
use crate::render::{sanitize, Style};
use crate::{Context, Outcome};

pub use rules::{Finding, Rule};

/// One diagnostic as every output format reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The path as given (a file found in a directory: the directory joined with its name), or
    /// `<stdin>`.
    pub file: String,
    /// 1-based line and column (in characters); `None` for a file that could not be read.
    pub line: Option<usize>,
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

/// What checking one input gave.
#[derive(Debug)]
struct Report {
    /// The input as given.
    file: String,
    /// Read: the findings (with their human rendering when asked for). Not read: why.
    outcome: Result<Vec<Checked>, String>,
}

#[derive(Debug)]
struct Checked {
    diagnostic: Diagnostic,
    level: Level,
    rendered: Option<String>,
}

/// One input to check.
enum Source {
    File(PathBuf),
    Stdin(Input),
    Unreadable(String, String),
}

/// How to check and render, shared by every worker.
struct Options {
    limits: Limits,
    strict: bool,
    /// Human output: render each diagnostic with this style while the source is at hand.
    render: Option<Style>,
}

pub fn run(args: &ValidateArgs, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    let (sources, notes) = sources(&args.paths, args.max_size)?;
    for note in &notes {
        writeln!(err, "cicb: {}: {}", ctx.err_style.yellow("warning"), sanitize(note))?;
    }
    let opts = Options {
        limits: Limits { max_size: args.max_size, ..Limits::default() },
        strict: args.strict,
        render: (args.format == ValidateFormat::Human).then_some(ctx.err_style),
    };
    let reports = check_all(&sources, &opts);

    let mut summary = Summary::default();
    for r in &reports {
        summary.add(r);
    }
    match args.format {
        ValidateFormat::Human => human(&reports, ctx.err_style, err)?,
        ValidateFormat::Json => {
            let all: Vec<Diagnostic> = reports.iter().flat_map(diagnostics).collect();
            crate::render::json::to_writer(out, &all, true)?;
            out.write_all(b"\n")?;
        }
        ValidateFormat::Github => github(&reports, out)?,
    }
    out.flush()?;
    if !args.quiet {
        writeln!(err, "{}", summary.line())?;
    }
    err.flush()?;
    if summary.unreadable > 0 {
        let s = if summary.unreadable == 1 { "path" } else { "paths" };
        bail!("{} {s} could not be read", summary.unreadable);
    }
    Ok(if summary.invalid > 0 { Outcome::Invalid } else { Outcome::Success })
}

/// Checks one body; `origin` names it in the diagnostics. Warnings become errors with `strict`.
pub fn check_bytes(origin: &str, bytes: &[u8], limits: &Limits, strict: bool) -> Vec<Diagnostic> {
    let input = Input::new(origin.to_string(), bytes.to_vec(), limits.max_size);
    let opts = Options { limits: *limits, strict, render: None };
    check_input(&input, &opts).into_iter().map(|c| c.diagnostic).collect()
}

fn check_input(input: &Input, opts: &Options) -> Vec<Checked> {
    let (findings, source) = match input.document(None, &opts.limits) {
        Ok(doc) => (rules::check(&doc), input.source_bytes()),
        Err(e) => (vec![rules::decode_failure(&e)], input.echo(&e)),
    };
    findings.into_iter().map(|f| checked(&input.origin, source, f, opts)).collect()
}

fn checked(file: &str, source: &[u8], f: Finding, opts: &Options) -> Checked {
    let level = if opts.strict { Level::Error } else { f.level };
    let (line, column) = line_column(source, f.span.start);
    let rendered = opts.render.map(|style| {
        let mut notes = Vec::new();
        if let Some(p) = &f.path {
            notes.push(format!("path: {p}"));
        }
        if let Some(h) = &f.help {
            notes.push(format!("help: {h}"));
        }
        diagnostic::Report {
            level,
            code: Some(f.rule.name()),
            title: &f.message,
            origin: file,
            source,
            span: f.span.clone(),
            notes: &notes,
        }
        .render(style)
    });
    // Messages and paths quote the payload: no control or bidi characters in any format.
    let message = match &f.help {
        Some(h) => format!("{}; {h}", sanitize(&f.message)),
        None => sanitize(&f.message).into_owned(),
    };
    let diagnostic = Diagnostic {
        file: file.to_string(),
        line: Some(line),
        column: Some(column),
        path: f.path.map(|p| sanitize(&p).into_owned()),
        rule: f.rule.name(),
        severity: severity(level),
        message,
    };
    Checked { diagnostic, level, rendered }
}

fn severity(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
    }
}

fn check_source(source: &Source, opts: &Options) -> Report {
    match source {
        Source::File(path) => {
            let file = path.display().to_string();
            match input::read(Some(path), opts.limits.max_size) {
                Ok(input) => Report { outcome: Ok(check_input(&input, opts)), file },
                Err(e) => Report { file, outcome: Err(format!("{e:#}")) },
            }
        }
        Source::Stdin(input) => Report { file: input.origin.clone(), outcome: Ok(check_input(input, opts)) },
        Source::Unreadable(file, why) => Report { file: file.clone(), outcome: Err(why.clone()) },
    }
}

/// Checks every source on up to `available_parallelism` threads; the reports come back in the
/// order of `sources`. Workers take the next file from a shared counter, so one large file does
/// not hold up a fixed share of the others.
fn check_all(sources: &[Source], opts: &Options) -> Vec<Report> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(sources.len());
    if workers <= 1 {
        return sources.iter().map(|s| check_source(s, opts)).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, Report)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(source) = sources.get(i) else { break };
                        mine.push((i, check_source(source, opts)));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(mine) => mine,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// The inputs, in the order given: files as they are, directories expanded (recursively, their
/// `*.xml` and `*.json` files, sorted), `-` (or nothing) as stdin. Also returns notes for
/// directories that hold nothing to check.
fn sources(paths: &[PathBuf], max_size: usize) -> anyhow::Result<(Vec<Source>, Vec<String>)> {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    let stdin = [PathBuf::from("-")];
    let paths = if paths.is_empty() { &stdin[..] } else { paths };
    if paths.iter().filter(|p| input::is_stdin(Some(p))).count() > 1 {
        bail!("`-` (stdin) given more than once");
    }
    for path in paths {
        if input::is_stdin(Some(path)) {
            out.push(Source::Stdin(input::read(None, max_size)?));
        } else if path.is_dir() {
            let before = out.len();
            walk(path, &mut out);
            if out.len() == before {
                notes.push(format!("no *.xml or *.json files under {}", path.display()));
            }
        } else {
            out.push(Source::File(path.clone()));
        }
    }
    Ok((out, notes))
}

/// True for the files a directory walk picks up.
fn is_fixture(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xml") || e.eq_ignore_ascii_case("json"))
}

/// Appends the fixtures under `dir`, sorted by path. Symbolic links to directories are not
/// followed (no cycles); unreadable directories are reported in place.
fn walk(dir: &Path, out: &mut Vec<Source>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            let shown = dir.display().to_string();
            out.push(Source::Unreadable(shown.clone(), format!("failed to read {shown}: {e}")));
            return;
        }
    };
    let mut children: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => {
                let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
                children.push((e.path(), is_dir));
            }
            Err(e) => {
                let shown = dir.display().to_string();
                out.push(Source::Unreadable(shown.clone(), format!("failed to read {shown}: {e}")));
            }
        }
    }
    children.sort();
    for (path, is_dir) in children {
        if is_dir {
            walk(&path, out);
        } else if is_fixture(&path) {
            out.push(Source::File(path));
        }
    }
}

/// The diagnostics of one report; a file that could not be read gives one of rule `io`.
fn diagnostics(r: &Report) -> Vec<Diagnostic> {
    match &r.outcome {
        Ok(checked) => checked.iter().map(|c| c.diagnostic.clone()).collect(),
        Err(why) => vec![Diagnostic {
            file: r.file.clone(),
            line: None,
            column: None,
            path: None,
            rule: "io",
            severity: "error",
            message: why.clone(),
        }],
    }
}

#[derive(Default)]
struct Summary {
    checked: usize,
    invalid: usize,
    warnings: usize,
    unreadable: usize,
}

impl Summary {
    fn add(&mut self, r: &Report) {
        match &r.outcome {
            Err(_) => self.unreadable += 1,
            Ok(found) => {
                self.checked += 1;
                if found.iter().any(|c| c.level == Level::Error) {
                    self.invalid += 1;
                }
                self.warnings += found.iter().filter(|c| c.level == Level::Warning).count();
            }
        }
    }

    fn line(&self) -> String {
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

/// rustc-style diagnostics, each followed by a blank line. Buffered: stderr is not.
fn human(reports: &[Report], style: Style, err: &mut dyn Write) -> std::io::Result<()> {
    let mut err = std::io::BufWriter::with_capacity(64 * 1024, err);
    for r in reports {
        match &r.outcome {
            Ok(found) => {
                for c in found {
                    if let Some(text) = &c.rendered {
                        writeln!(err, "{text}")?;
                    }
                }
            }
            Err(why) => writeln!(err, "{}: {}\n", style.red("error[io]"), sanitize(why))?,
        }
    }
    err.flush()
}

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
fn github(reports: &[Report], out: &mut dyn Write) -> std::io::Result<()> {
    for r in reports {
        for d in diagnostics(r) {
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
        let mut s = Summary { checked: 3, invalid: 1, warnings: 1, unreadable: 0 };
        assert_eq!(s.line(), "checked 3 files: 2 valid, 1 invalid, 1 warning");
        s.unreadable = 2;
        assert_eq!(s.line(), "checked 3 files: 2 valid, 1 invalid, 1 warning, 2 unreadable");
    }
}
