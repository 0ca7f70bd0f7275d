//! The views of a [`Summary`]: [`Human`] (header, task table, failures, warnings, results,
//! outputs) for a terminal or a pipe, [`Markdown`] for a pull request or a chat, and
//! [`OutputList`] for `--outputs`. Every payload value is sanitized here; `--format json` is
//! the [`Summary`] itself through [`crate::render::json`].

mod outputs;

use std::io::{self, Write};

use chrono::{DateTime, FixedOffset};
use comfy_table::{Cell, Color};

use crate::decode::model::{is_failed_state, Timestamp};
use crate::render::table::{self, TableKind};
use crate::render::{sanitize, Style};
use crate::summary::outputs::{cos_uri, normalize_key};
use crate::summary::{NoOutputs, Output, Row, Summary, Trigger};
use crate::units::{self, duration};

pub use outputs::OutputList;

/// How many CosHeaders the header line names before `(+N more)`.
const MAX_HEADERS: usize = 8;

/// Where the labelled lines of the header put their values (`created   2023-…`).
const HEADER_INDENT: usize = 10;
/// Where the labelled lines of a task block put their values (`   JobId     j…`).
const BLOCK_INDENT: usize = 13;

/// The view for a terminal or a pipe: a header, a box-drawn table of tasks or jobs, then
/// failures, warnings, results and outputs.
///
/// With a `width` (see [`fit_width`]), every line fits it: long header values and list items
/// wrap under their label, and when the full table is wider, each task or job becomes a block of
/// labelled lines. JobIds, states and times are never wrapped. Without one (`--width 0`), the
/// table has every column as wide as its content.
#[derive(Debug, Clone, Copy)]
pub struct Human {
    /// Outputs as https URLs (when the region is known).
    pub url: bool,
    /// The width in columns; `None` for no limit (see [`fit_width`]).
    pub width: Option<usize>,
    /// Colors for states and titles.
    pub style: Style,
}

/// The width the human view must fit, `None` for no limit: `--width N` (0: no limit); else the
/// width a line may take (`line_width`, from [`crate::Context::line_width`]: on a terminal its
/// width, `$COLUMNS`, then 80, when its size is unknown; piped, `$COLUMNS` when set); piped without
/// `$COLUMNS`, 120, so that a file or `less` gets the narrow layout rather than a table of 160
/// columns.
/// The environment variable `CICB_TERM_WIDTH` stands for the terminal's width; it exists for
/// cicb's own tests (a terminal layout checked without a pseudo-terminal) and is not a
/// user-facing setting.
pub fn fit_width(flag: Option<usize>, line_width: Option<usize>) -> Option<usize> {
    match flag {
        Some(n) => (n > 0).then_some(n),
        None => Some(line_width.unwrap_or(PIPED_WIDTH)),
    }
}
/// The width a piped human view fits when `$COLUMNS` is not set.
pub const PIPED_WIDTH: usize = 120;

/// The same content as GitHub-flavoured Markdown: a list for the header, a table, lists.
#[derive(Debug, Clone, Copy)]
pub struct Markdown {
    /// Outputs as https URLs (when the region is known).
    pub url: bool,
}

impl Human {
    /// Writes the view of one summary.
    pub fn write(&self, s: &Summary<'_>, out: &mut dyn Write) -> io::Result<()> {
        let opts = Options { markdown: false, url: self.url, width: self.width, style: self.style };
        write(s, &opts, out)
    }

    /// The line above each summary when there are several inputs: `==> name <==` (after a blank
    /// line unless `first`), as `head` and `tail` write it.
    pub fn title(&self, name: &str, first: bool, out: &mut dyn Write) -> io::Result<()> {
        if !first {
            writeln!(out)?;
        }
        let line = format!("==> {} <==", sanitize(name));
        match self.width {
            Some(w) if textwrap::core::display_width(&line) > w => {
                let mut text = Vec::new();
                wrapped(&mut text, self.width, "", 4, &line)?;
                write!(out, "{}", self.style.bold(String::from_utf8_lossy(&text).trim_end()))?;
                writeln!(out)
            }
            _ => writeln!(out, "{}", self.style.bold(&line)),
        }
    }
}

impl Markdown {
    /// Writes the view of one summary.
    pub fn write(&self, s: &Summary<'_>, out: &mut dyn Write) -> io::Result<()> {
        let opts = Options { markdown: true, url: self.url, width: None, style: Style { color: false } };
        write(s, &opts, out)
    }

    /// The heading above each summary when there are several inputs: `### name` (after a blank
    /// line unless `first`).
    pub fn title(&self, name: &str, first: bool, out: &mut dyn Write) -> io::Result<()> {
        let sep = if first { "" } else { "\n" };
        writeln!(out, "{sep}### {}\n", table::markdown_escape(&sanitize(name)))
    }
}

/// What the two text views share.
#[derive(Debug, Clone, Copy)]
struct Options {
    markdown: bool,
    url: bool,
    /// Lines fit this width (never in Markdown).
    width: Option<usize>,
    /// Colors (never in Markdown).
    style: Style,
}

/// Writes `first` + `text` as one line, or, with a width, wrapped at spaces (a word longer than
/// a line is cut) with the next lines indented by `indent` columns. Display width is counted in
/// terminal columns (CJK is two), ANSI styling is not counted.
fn wrapped(out: &mut dyn Write, width: Option<usize>, first: &str, indent: usize, text: &str) -> io::Result<()> {
    wrap(out, width, first, indent, text, true)
}

/// As [`wrapped`], but a word longer than a line is left whole (ids, hashes, node names: copied
/// whole, they matter more than the width below the width an id needs).
fn wrapped_whole(out: &mut dyn Write, width: Option<usize>, first: &str, indent: usize, text: &str) -> io::Result<()> {
    wrap(out, width, first, indent, text, false)
}

fn wrap(
    out: &mut dyn Write,
    width: Option<usize>,
    first: &str,
    indent: usize,
    text: &str,
    cut: bool,
) -> io::Result<()> {
    let Some(width) = width else { return writeln!(out, "{first}{text}") };
    if fits_as_is(first, text, width) {
        return writeln!(out, "{first}{text}");
    }
    let rest = " ".repeat(indent);
    let opts = textwrap::Options::new(width)
        .initial_indent(first)
        .subsequent_indent(&rest)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(cut);
    let lines = textwrap::wrap(text, opts);
    if lines.is_empty() {
        return writeln!(out, "{}", first.trim_end());
    }
    for line in lines {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// True when `first` + `text` is one line that fits `width` and that [`wrap`] would write
/// unchanged (no line break or tab, no space at either end of `text`): most lines are, and
/// measuring them is cheaper than wrapping them.
fn fits_as_is(first: &str, text: &str, width: usize) -> bool {
    let plain = |c: char| !c.is_whitespace();
    text.starts_with(plain)
        && text.ends_with(plain)
        && !text.contains(['\n', '\r', '\t'])
        && textwrap::core::display_width(first) + textwrap::core::display_width(text) <= width
}

/// Why a workflow run's summary lists no outputs, in both views.
const WORKFLOW_RUN_OUTPUTS: &str = "a workflow callback names no files; each job's own callback does";

/// Why a summary lists no outputs, as the Outputs section says it; `None` for an audit body
/// (the section is left out: moderation writes no files).
fn no_outputs_line(why: NoOutputs) -> Option<String> {
    match why {
        NoOutputs::WorkflowRun => Some(format!("none listed: {WORKFLOW_RUN_OUTPUTS}")),
        NoOutputs::Failed => Some("none (failed)".to_string()),
        NoOutputs::NotListed => Some("none listed in the body".to_string()),
        NoOutputs::Audit => None,
    }
}

/// A timestamp for a table cell: `09:12:06` on the reference day (in its offset), the date and
/// time otherwise, the text as written when it does not parse.
fn short_time(t: &Option<Timestamp<'_>>, reference: Option<DateTime<FixedOffset>>) -> String {
    let Some(t) = t else { return String::new() };
    let Some(v) = t.value else { return sanitize(t.raw.trim()).into_owned() };
    let local = reference.map_or(v, |r| v.with_timezone(r.offset()));
    let same_day = reference.is_some_and(|r| r.date_naive() == local.date_naive());
    time_text(local, !same_day, false)
}

/// A timestamp for the header: `2023-03-14 09:12:05+0800`, in the reference's offset; the text
/// as written (sanitized) when it does not parse.
fn full_time(t: &Timestamp<'_>, reference: Option<DateTime<FixedOffset>>) -> String {
    let Some(v) = t.value else { return sanitize(t.raw.trim()).into_owned() };
    let local = reference.map_or(v, |r| v.with_timezone(r.offset()));
    time_text(local, true, true)
}

/// `2023-03-14 09:12:05+0800` (`%Y-%m-%d %H:%M:%S%z`), with the date and the offset when asked: as
/// chrono's `format` writes it, without reading a format string for each time (a summary
/// writes a dozen). A year of more than four digits, a leap second or an offset with seconds
/// is left to chrono.
fn time_text(t: DateTime<FixedOffset>, date: bool, offset: bool) -> String {
    use chrono::{Datelike, Timelike};
    let zone = t.offset().local_minus_utc();
    if !(0..=9999).contains(&t.year()) || t.nanosecond() >= 1_000_000_000 || zone % 60 != 0 {
        let format = match (date, offset) {
            (true, true) => "%Y-%m-%d %H:%M:%S%z",
            (true, false) => "%Y-%m-%d %H:%M:%S",
            (false, true) => "%H:%M:%S%z",
            (false, false) => "%H:%M:%S",
        };
        return t.format(format).to_string();
    }
    let mut text = String::with_capacity(24);
    let two = |text: &mut String, n: u32| {
        text.push(char::from(b'0' + (n / 10 % 10) as u8));
        text.push(char::from(b'0' + (n % 10) as u8));
    };
    if date {
        let year = t.year().unsigned_abs();
        two(&mut text, year / 100);
        two(&mut text, year % 100);
        text.push('-');
        two(&mut text, t.month());
        text.push('-');
        two(&mut text, t.day());
        text.push(' ');
    }
    two(&mut text, t.hour());
    text.push(':');
    two(&mut text, t.minute());
    text.push(':');
    two(&mut text, t.second());
    if offset {
        text.push(if zone < 0 { '-' } else { '+' });
        let minutes = zone.unsigned_abs() / 60;
        two(&mut text, minutes / 60);
        two(&mut text, minutes % 60);
    }
    text
}

/// A value as shown: sanitized; wrapped in backticks in Markdown when it is an identifier.
struct Fmt {
    markdown: bool,
}

impl Fmt {
    fn text(&self, s: &str) -> String {
        let s = sanitize(s);
        if self.markdown {
            table::markdown_escape(&s)
        } else {
            s.into_owned()
        }
    }

    fn code(&self, s: &str) -> String {
        let s = sanitize(s);
        if self.markdown && !s.contains('`') {
            // GFM splits table cells on `|` even inside a code span, unless escaped.
            format!("`{}`", s.replace('|', "\\|"))
        } else if self.markdown {
            table::markdown_escape(&s)
        } else {
            s.into_owned()
        }
    }
}

/// A state, bold in Markdown (the terminal view colors it instead).
fn strong(f: &Fmt, state: &str) -> String {
    if f.markdown {
        format!("**{}**", f.text(state))
    } else {
        f.text(state)
    }
}

/// Green `Success`, red `Failed`, yellow anything else.
fn state_color(state: &str) -> Color {
    if is_failed_state(state) {
        Color::Red
    } else if state.trim().eq_ignore_ascii_case("success") {
        Color::Green
    } else {
        Color::Yellow
    }
}

fn paint_state(style: Style, state: &str, shown: &str) -> String {
    match state_color(state) {
        Color::Red => style.red(shown),
        Color::Green => style.green(shown),
        _ => style.yellow(shown),
    }
}

fn write(s: &Summary<'_>, opts: &Options, out: &mut dyn Write) -> io::Result<()> {
    let f = Fmt { markdown: opts.markdown };
    let style = opts.style;
    header(s, opts, &f, style, out)?;
    if !s.jobs.is_empty() {
        writeln!(out)?;
        let cells = task_cells(s, &f);
        // Measured before it is built: a table too wide is never built at all.
        match opts.width {
            Some(width) if !opts.markdown && table::natural_width(&cells.header, &cells.rows) > width => {
                task_blocks(s, &f, style, width, out)?
            }
            _ => writeln!(out, "{}", cells.table(opts).trim_fmt())?,
        }
    }
    let title = |out: &mut dyn Write, name: &str| -> io::Result<()> {
        writeln!(out)?;
        if opts.markdown {
            writeln!(out, "**{name}**\n")
        } else {
            writeln!(out, "{}", style.bold(name))
        }
    };
    let item = if opts.markdown { "- " } else { "  " };
    let width = opts.width;
    // List items continue under their text, past the bullet.
    let indent = 4;
    let many = s.jobs.len() > 1;
    let num = |i: usize| if many { format!("#{i} ") } else { String::new() };

    if !s.failures.is_empty() {
        title(out, "Failures")?;
        for fail in &s.failures {
            let what = [fail.kind.map(|k| f.text(k)), fail.job_id.map(|j| f.code(j))]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let why = match (fail.code, fail.message) {
                (Some(c), Some(m)) => format!("{}: {}", f.text(c), f.text(m)),
                (Some(c), None) => f.text(c),
                (None, Some(m)) => f.text(m),
                (None, None) if s.is_workflow_run() => {
                    "a workflow callback carries no Code or Message; the job's own callback does".to_string()
                }
                (None, None) => "no Code or Message in the body".to_string(),
            };
            let state = fail.state.map_or_else(String::new, |st| paint_state(style, st, &strong(&f, st)));
            wrapped_whole(out, width, item, indent, &format!("#{} {what}: {state} — {why}", fail.index))?;
        }
    }
    if !s.warnings.is_empty() {
        title(out, "Warnings")?;
        for w in &s.warnings {
            wrapped(out, width, item, indent, &format!("{}: {}", style.yellow("warning"), f.text(&w.message)))?;
        }
    }
    let results: Vec<(usize, &String)> =
        s.jobs.iter().flat_map(|r| r.highlights.iter().map(move |h| (r.index, h))).collect();
    if !results.is_empty() {
        title(out, "Results")?;
        for (i, h) in results {
            wrapped(out, width, item, indent, &format!("{}{}", num(i), f.text(h)))?;
        }
    }
    let why = s.no_outputs();
    if why != Some(NoOutputs::Audit) {
        title(out, "Outputs")?;
    }
    if let Some(line) = why.and_then(no_outputs_line) {
        wrapped(out, width, item, indent, &line)?;
    }
    for o in &s.outputs {
        let location = format!("{}{}", num(o.index), f.code(o.location(opts.url)));
        let details = output_details(o, &f);
        let line = format!("{item}{location}{details}");
        match width {
            // Too long for one line: the location (cut if it must be), then its details below.
            Some(w) if textwrap::core::display_width(&line) > w => {
                wrapped(out, width, item, indent, &location)?;
                if !details.is_empty() {
                    wrapped_whole(out, width, &" ".repeat(indent), indent, details.trim_start())?;
                }
            }
            _ => writeln!(out, "{line}")?,
        }
    }
    if !s.templates.is_empty() {
        title(out, "Templates (configured names, not files)")?;
        for t in &s.templates {
            let shown = match t.bucket {
                Some(b) => cos_uri(b, normalize_key(t.template)),
                None => t.template.to_string(),
            };
            wrapped(out, width, item, indent, &format!("{}{}", num(t.index), f.code(&shown)))?;
        }
    }
    Ok(())
}

fn output_details(o: &Output<'_>, f: &Fmt) -> String {
    let mut parts = Vec::new();
    if o.uri.is_none() {
        parts.push("bucket unknown".to_string());
    }
    if let Some(m) = o.md5 {
        parts.push(format!("md5 {}", f.text(m)));
    }
    if let Some(img) = &o.image {
        let dims = img.width.zip(img.height).map(|(w, h)| format!("{w}x{h}"));
        // In the unit Results use; as written when it is not a number.
        let size = img.size.map(|s| units::bytes(s).unwrap_or_else(|| format!("{s} bytes")));
        let s: Vec<String> =
            [img.format, dims.as_deref(), size.as_deref()].into_iter().flatten().map(|x| f.text(x)).collect();
        if !s.is_empty() {
            parts.push(s.join(" "));
        }
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("  ({})", parts.join(", "))
    }
}

fn header(s: &Summary<'_>, opts: &Options, f: &Fmt, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let mut lines: Vec<(&str, String)> = Vec::new();
    let event = s.event.map(|e| format!(" ({})", f.text(e))).unwrap_or_default();
    lines.push(("kind", format!("{}{event}", s.kind.as_str())));
    if let Some(w) = &s.workflow {
        let name = w.name.map(|n| f.text(n));
        let id = w.id.map(|i| f.code(i));
        let shown = match (name, id) {
            (Some(n), Some(i)) => format!("{n} ({i})"),
            (n, i) => n.or(i).unwrap_or_else(|| "-".to_string()),
        };
        lines.push(("workflow", shown));
        if let Some(node) = w.node {
            lines.push(("node", f.text(node)));
        }
        if let Some(run) = w.run_id {
            lines.push(("run", f.code(run)));
        }
    }
    if s.trigger == Some(Trigger::Api) {
        lines.push(("trigger", "API".to_string()));
    }
    let state = match s.state {
        Some(st) => paint_state(style, st, &strong(f, st)),
        None if s.jobs.len() > 1 => "mixed".to_string(),
        // Audit Simple bodies have no State, only a code and a message.
        None => match s.jobs.first().map(|r| (r.code, r.message)) {
            Some((Some(c), Some(m))) => format!("- (code {}: {})", f.text(c), f.text(m)),
            Some((Some(c), None)) => format!("- (code {})", f.text(c)),
            _ => "-".to_string(),
        },
    };
    lines.push(("state", state));
    let input = match (s.bucket, s.object) {
        (Some(b), Some(o)) => Some(f.code(&cos_uri(b, normalize_key(o)))),
        (None, Some(o)) => Some(f.code(o)),
        (Some(b), None) => Some(f.code(b)),
        (None, None) => None,
    };
    if let Some(input) = input {
        let region = s.region.map(|r| format!(" ({})", f.text(r))).unwrap_or_default();
        lines.push(("input", format!("{input}{region}")));
    }
    // Both in one format and in the offset of the creation (a body writes them as it likes:
    // `2023-03-14 09:12:05+0800` for a workflow, `…T…` for its jobs).
    let reference = time_reference(s);
    if let Some(c) = &s.created {
        lines.push(("created", full_time(c, reference)));
    }
    if let Some(e) = &s.ended {
        // Measured from `created`; a row's `Ran` is from its StartTime, so the two may differ.
        let took = s.duration_seconds.map(|d| format!(" ({} after created)", duration(d))).unwrap_or_default();
        lines.push(("ended", format!("{}{took}", full_time(e, reference))));
    }
    if !s.cos_headers.is_empty() {
        let mut shown: Vec<String> =
            s.cos_headers.iter().take(MAX_HEADERS).map(|h| f.text(&format!("{}={}", h.key, h.value))).collect();
        if s.cos_headers.len() > MAX_HEADERS {
            shown.push(format!("(+{} more)", s.cos_headers.len() - MAX_HEADERS));
        }
        lines.push(("headers", shown.join(", ")));
    }
    if let Some(u) = s.user_data {
        lines.push(("userdata", f.text(u)));
    }
    if opts.markdown {
        for (label, value) in lines {
            writeln!(out, "- **{label}**: {value}")?;
        }
    } else {
        for (label, value) in lines {
            let shown = format!("{} ", style.bold(&format!("{label:<w$}", w = HEADER_INDENT - 1)));
            match label {
                // Times are never wrapped (and their lines are short).
                "created" | "ended" => writeln!(out, "{shown}{value}")?,
                // Ids and names: wrapped between words, never inside one.
                "kind" | "workflow" | "node" | "run" | "state" => {
                    wrapped_whole(out, opts.width, &shown, HEADER_INDENT, &value)?
                }
                // Paths, headers, UserData: cut where they must be to fit.
                _ => wrapped(out, opts.width, &shown, HEADER_INDENT, &value)?,
            }
        }
    }
    Ok(())
}

/// The narrow layout of the task table: one block of labelled lines per task or job.
fn task_blocks(s: &Summary<'_>, f: &Fmt, style: Style, width: usize, out: &mut dyn Write) -> io::Result<()> {
    let reference = time_reference(s);
    let label = |name: &str| format!("   {name:<w$}", w = BLOCK_INDENT - 3);
    for (n, r) in s.jobs.iter().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        let state = r.state.map(|st| format!(" — {}", paint_state(style, st, &f.text(st)))).unwrap_or_default();
        wrapped_whole(out, Some(width), "", BLOCK_INDENT, &format!("#{} {}{state}", r.index, row_type(r, f)))?;
        // Never wrapped: ids and times are copied whole.
        if let Some(j) = r.job_id {
            writeln!(out, "{}{}", label("JobId"), f.code(j))?;
        }
        if let Some(node) = r.node {
            wrapped_whole(out, Some(width), &label("Node"), BLOCK_INDENT, &f.text(node))?;
        }
        let template = row_template(r, f);
        if !template.is_empty() {
            wrapped_whole(out, Some(width), &label("Template"), BLOCK_INDENT, &template)?;
        }
        for (name, t) in [("Created", &r.created), ("Ended", &r.ended)] {
            if t.is_some() {
                writeln!(out, "{}{}", label(name), short_time(t, reference))?;
            }
        }
        if let Some(d) = r.duration_seconds {
            writeln!(out, "{}{}", label("Ran"), duration(d))?;
        }
        if let Some(p) = r.progress {
            wrapped(out, Some(width), &label("Progress"), BLOCK_INDENT, &format!("{}%", f.text(p)))?;
        }
    }
    Ok(())
}

/// The `Type` cell: the Tag (or task Type), with the SubTag when it differs.
fn row_type(r: &Row<'_>, f: &Fmt) -> String {
    match (r.kind, r.sub_tag) {
        (Some(k), Some(sub)) => format!("{}/{}", f.text(k), f.text(sub)),
        (Some(k), None) => f.text(k),
        (None, Some(sub)) => f.text(sub),
        (None, None) => String::new(),
    }
}

/// The `Template` cell: `name (id)`, or whichever the body gives.
fn row_template(r: &Row<'_>, f: &Fmt) -> String {
    match (r.template_name, r.template_id) {
        (Some(n), Some(i)) => format!("{} ({})", f.text(n), f.code(i)),
        (n, i) => n.map(|n| f.text(n)).or(i.map(|i| f.code(i))).unwrap_or_default(),
    }
}

/// The day (and offset) row times are shown against: the summary's creation, else the first
/// row's.
fn time_reference(s: &Summary<'_>) -> Option<DateTime<FixedOffset>> {
    s.created.and_then(|c| c.value).or_else(|| s.jobs.iter().find_map(|r| r.created.and_then(|c| c.value)))
}

/// The cells of the task table, measured before a table is built: on a terminal too narrow for
/// it, [`write`] shows blocks instead, and the table is never built.
struct TaskCells<'s> {
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
    /// Each row's `State` as written, to color its cell.
    states: Vec<Option<&'s str>>,
}

fn task_cells<'s>(s: &Summary<'s>, f: &Fmt) -> TaskCells<'s> {
    let jobs = &s.jobs;
    let has = |pick: fn(&Row<'_>) -> bool| jobs.iter().any(pick);
    let node = has(|r| r.node.is_some());
    let template = has(|r| r.template_name.is_some() || r.template_id.is_some());
    let progress = has(|r| r.progress.is_some());
    let mut header = vec!["#", "Type"];
    if node {
        header.push("Node");
    }
    header.extend(["State", "JobId"]);
    if template {
        header.push("Template");
    }
    // `Ran`: from StartTime (CreationTime when there is none) to EndTime.
    header.extend(["Created", "Ended", "Ran"]);
    if progress {
        header.push("Progress");
    }
    let reference = time_reference(s);
    let mut rows = Vec::with_capacity(jobs.len());
    for r in jobs {
        let mut cells = vec![r.index.to_string(), row_type(r, f)];
        if node {
            cells.push(r.node.map(|n| f.text(n)).unwrap_or_default());
        }
        cells.push(r.state.map(|s| f.text(s)).unwrap_or_default());
        cells.push(r.job_id.map(|j| f.code(j)).unwrap_or_default());
        if template {
            cells.push(row_template(r, f));
        }
        cells.push(short_time(&r.created, reference));
        cells.push(short_time(&r.ended, reference));
        cells.push(r.duration_seconds.map(duration).unwrap_or_default());
        if progress {
            cells.push(r.progress.map(|p| format!("{}%", f.text(p))).unwrap_or_default());
        }
        rows.push(cells);
    }
    let states = jobs.iter().map(|r| r.state).collect();
    TaskCells { header, rows, states }
}

impl TaskCells<'_> {
    /// The table of these cells: every column as wide as its content (on a terminal too narrow
    /// for that, [`write`] shows blocks instead of squeezing columns to a letter a line).
    fn table(self, opts: &Options) -> comfy_table::Table {
        let kind = if opts.markdown { TableKind::Markdown } else { TableKind::Text };
        let color = opts.style.color;
        let mut t = table::new(kind, &self.header, color);
        let state_column = self.header.iter().position(|h| *h == "State");
        for (cells, state) in self.rows.into_iter().zip(self.states) {
            t.add_row(cells.into_iter().enumerate().map(|(i, c)| {
                let cell = Cell::new(c);
                match state {
                    Some(st) if color && Some(i) == state_column => cell.fg(state_color(st)),
                    _ => cell,
                }
            }));
        }
        if !opts.markdown {
            table::align_right(&mut t, 0);
            let duration_column = self.header.iter().position(|h| *h == "Ran").unwrap_or(0);
            table::align_right(&mut t, duration_column);
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::time::parse_time;

    #[test]
    fn a_line_that_fits_is_written_as_wrapping_would() {
        let texts =
            ["a", "a  b", "cos://b-1250000000/k.mp4  (md5 e26a)", "中文 字幕", "\x1b[31mFailed\x1b[0m x", "é́ x"];
        for text in texts {
            for first in ["", "  ", "#1 ", "userdata  "] {
                for width in 1..60 {
                    let (mut fast, mut slow) = (Vec::new(), Vec::new());
                    for cut in [true, false] {
                        wrap(&mut fast, Some(width), first, 4, text, cut).unwrap();
                        let opts = textwrap::Options::new(width)
                            .initial_indent(first)
                            .subsequent_indent("    ")
                            .word_splitter(textwrap::WordSplitter::NoHyphenation)
                            .break_words(cut);
                        for line in textwrap::wrap(text, opts) {
                            writeln!(slow, "{line}").unwrap();
                        }
                    }
                    assert_eq!(
                        String::from_utf8_lossy(&fast),
                        String::from_utf8_lossy(&slow),
                        "{first:?}{text:?} at {width}"
                    );
                }
            }
        }
    }

    fn wrap_to_string(width: usize, first: &str, text: &str, cut: bool) -> String {
        let mut out = Vec::new();
        wrap(&mut out, Some(width), first, 4, text, cut).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn wrapping_fits_the_width_and_keeps_words_whole() {
        let text = "Content-Type=video/mp4, x-cos-meta-course=physics-101, 数据万象=处理";
        let shown = wrap_to_string(36, "  ", text, true);
        assert_eq!(shown, "  Content-Type=video/mp4,\n    x-cos-meta-course=physics-101,\n    数据万象=处理\n");
        assert!(shown.lines().all(|l| textwrap::core::display_width(l) <= 36), "{shown}");
        // Never at a hyphen; a word too long for a line is cut, or with `cut` off left whole.
        let id = "t0c1e5a7f3b9d24e8a6f0b2d4c8e1a3f57";
        assert_eq!(wrap_to_string(20, "", &format!("HLS-H264 ({id})"), false), format!("HLS-H264\n    ({id})\n"));
        let cut = wrap_to_string(20, "", &format!("HLS-H264 ({id})"), true);
        assert!(cut.lines().all(|l| l.chars().count() <= 20) && cut.lines().count() > 2, "{cut}");
        let joined: String = cut.split_whitespace().collect();
        assert_eq!(joined, format!("HLS-H264({id})"));
        // Without a width: one line, as written.
        let mut out = Vec::new();
        wrapped(&mut out, None, "x ", 4, text).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), format!("x {text}\n"));
    }

    #[test]
    fn header_times_have_one_format() {
        let t = |raw: &'static str| Timestamp { raw, node: 0, value: parse_time(raw) };
        let reference = parse_time("2023-03-14 09:12:05+0800");
        assert_eq!(full_time(&t("2023-03-14 09:12:05+0800"), reference), "2023-03-14 09:12:05+0800");
        assert_eq!(full_time(&t("2023-03-14T09:13:41+0800"), reference), "2023-03-14 09:13:41+0800");
        assert_eq!(full_time(&t("2023-03-14T01:13:41+00:00"), reference), "2023-03-14 09:13:41+0800");
        assert_eq!(full_time(&t("2023-11-30T14:02:19+08:00"), None), "2023-11-30 14:02:19+0800");
        let raw = full_time(&t(" soon\u{1b}[2J "), reference);
        assert!(raw.starts_with("soon") && !raw.contains('\u{1b}'), "{raw}");
    }

    #[test]
    fn times_are_written_as_chrono_formats_them() {
        let offsets = [0, 8 * 3600, -5 * 3600 - 30 * 60, 14 * 3600, -12 * 3600, 45 * 60, 3600 + 59 * 60 + 30];
        let instants = [0, 1_678_756_325, -1_000_000_000, 253_402_300_799, -62_135_596_800, 86_399, 951_782_400];
        for secs in instants {
            for zone in offsets {
                let Some(offset) = FixedOffset::east_opt(zone) else { continue };
                let Some(t) = DateTime::from_timestamp(secs, 0).map(|t| t.with_timezone(&offset)) else { continue };
                assert_eq!(time_text(t, true, true), t.format("%Y-%m-%d %H:%M:%S%z").to_string(), "{t:?}");
                assert_eq!(time_text(t, true, false), t.format("%Y-%m-%d %H:%M:%S").to_string(), "{t:?}");
                assert_eq!(time_text(t, false, true), t.format("%H:%M:%S%z").to_string(), "{t:?}");
                assert_eq!(time_text(t, false, false), t.format("%H:%M:%S").to_string(), "{t:?}");
            }
        }
    }

    #[test]
    fn short_times_drop_the_reference_day() {
        let t = |raw: &'static str| Some(Timestamp { raw, node: 0, value: parse_time(raw) });
        let reference = parse_time("2023-03-14 09:12:05+0800");
        assert_eq!(short_time(&t("2023-03-14 09:13:41+0800"), reference), "09:13:41");
        assert_eq!(short_time(&t("2023-03-15T00:00:01+0800"), reference), "2023-03-15 00:00:01");
        // Another offset is shown in the reference's.
        assert_eq!(short_time(&t("2023-03-14T01:13:41+00:00"), reference), "09:13:41");
        assert_eq!(short_time(&t("soon"), reference), "soon");
        assert_eq!(short_time(&None, reference), "");
    }
}
