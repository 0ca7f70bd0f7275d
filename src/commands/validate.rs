//! `cicb validate`: lint callback fixtures. Every input is decoded by the one decoder and checked
//! by every rule of [`crate::validate`]; inputs are checked in parallel and reported in the order
//! given.

use std::io::Write;

use anyhow::bail;

use crate::cli::{ValidateArgs, ValidateFormat};
use crate::decode::Limits;
use crate::input;
use crate::render::validate::{self as view, Totals};
use crate::render::Style;
use crate::sanitize::sanitize;
use crate::validate::{Diagnostic, Level};
use crate::walk::{self, Source};
use crate::{Context, Outcome};

/// What checking one input gave.
struct Checked {
    /// Read: each diagnostic with its level (and its human rendering when asked for). Not
    /// read: the `io` diagnostic.
    found: Result<Vec<(Diagnostic, Level, Option<String>)>, Diagnostic>,
}

/// How to check and render, shared by every worker.
struct Options {
    limits: Limits,
    strict: bool,
    /// Human output: render each diagnostic with this style while the source is at hand.
    render: Option<Style>,
}

/// Runs `cicb validate`.
pub fn run(args: &ValidateArgs, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    let w = walk::walk(&args.paths, &walk::excludes(&args.exclude)?)?;
    for note in &w.notes {
        writeln!(err, "cicb: {}: {}", ctx.err_style.yellow("warning"), sanitize(note))?;
    }
    let opts = Options {
        limits: Limits { max_size: args.max_size, ..Limits::default() },
        strict: args.strict,
        render: (args.format == ValidateFormat::Human).then_some(ctx.err_style),
    };
    let reports = check_all(&w.sources, &opts);

    let mut totals = Totals::default();
    for r in &reports {
        match &r.found {
            Err(_) => totals.unreadable += 1,
            Ok(found) => {
                totals.checked += 1;
                totals.invalid += usize::from(found.iter().any(|(_, l, _)| *l == Level::Error));
                totals.warnings += found.iter().filter(|(_, l, _)| *l == Level::Warning).count();
            }
        }
    }
    let all = || -> Vec<Diagnostic> {
        reports
            .iter()
            .flat_map(|r| match &r.found {
                Ok(found) => found.iter().map(|(d, _, _)| d.clone()).collect(),
                Err(d) => vec![d.clone()],
            })
            .collect()
    };
    match args.format {
        ValidateFormat::Human => human(&reports, ctx.err_style, err)?,
        ValidateFormat::Json => view::json(&all(), out)?,
        ValidateFormat::Github => view::github(&all(), out)?,
    }
    out.flush()?;
    if !args.quiet {
        writeln!(err, "{}", totals.line())?;
    }
    err.flush()?;
    if totals.unreadable > 0 {
        let s = if totals.unreadable == 1 { "path" } else { "paths" };
        bail!("{} {s} could not be read", totals.unreadable);
    }
    Ok(if totals.invalid > 0 { Outcome::Invalid } else { Outcome::Success })
}

/// rustc-style diagnostics, each followed by a blank line. Buffered: stderr is not.
fn human(reports: &[Checked], style: Style, err: &mut dyn Write) -> std::io::Result<()> {
    let mut err = std::io::BufWriter::with_capacity(64 * 1024, err);
    for r in reports {
        match &r.found {
            Ok(found) => {
                for text in found.iter().filter_map(|(_, _, text)| text.as_ref()) {
                    writeln!(err, "{text}")?;
                }
            }
            Err(d) => view::unreadable(&d.message, style, &mut err)?,
        }
    }
    err.flush()
}

fn check_source(source: &Source, opts: &Options) -> Checked {
    let origin = source.origin();
    let input = match source {
        Source::Unreadable(_, why) => return Checked { found: Err(Diagnostic::unreadable(&origin, why)) },
        _ => input::read(source.path(), opts.limits.max_size),
    };
    let input = match input {
        Ok(input) => input,
        Err(e) => return Checked { found: Err(Diagnostic::unreadable(&origin, &format!("{e:#}"))) },
    };
    let (findings, text) = if input.too_large {
        let e = crate::decode::too_large(opts.limits.max_size);
        (vec![crate::validate::decode_failure(&e)], &[][..])
    } else {
        crate::validate::findings(&input.bytes, &opts.limits)
    };
    let found = findings
        .iter()
        .map(|f| {
            let d = Diagnostic::new(&input.origin, text, f, opts.strict);
            let level = if opts.strict { Level::Error } else { f.level };
            let rendered = opts.render.map(|style| view::rendered(&input.origin, text, f, opts.strict, style));
            (d, level, rendered)
        })
        .collect();
    Checked { found: Ok(found) }
}

/// Checks every source in parallel; the reports come back in the order of `sources`.
fn check_all(sources: &[Source], opts: &Options) -> Vec<Checked> {
    let mut all = Vec::with_capacity(sources.len());
    let _ = walk::par_each(
        sources,
        |s| check_source(s, opts),
        |c| -> Result<(), ()> {
            all.push(c);
            Ok(())
        },
    );
    all
}
