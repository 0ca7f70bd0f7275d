//! `cicb validate`: lint callback fixtures. Every input is decoded by the one decoder and checked
//! by every rule of [`crate::validate`]; inputs are checked in parallel and reported in the order
//! given.

use std::io::Write;

use anyhow::bail;

use crate::cli::{ValidateArgs, ValidateFormat};
use crate::decode::error::Positions;
use crate::decode::{self, Limits};
use crate::input;
use crate::render::validate::{self as view, Totals};
use crate::render::Style;
use crate::validate::{self, Diagnostic, Level};
use crate::walk::{self, Source};
use crate::{Context, Outcome};

/// What checking one input gave.
struct Checked {
    /// Read: each finding's level, and the finding as the format shows it. Not read: the `io`
    /// diagnostic.
    found: Result<Vec<(Level, Shown)>, Diagnostic>,
}

/// One finding, made into what the chosen format prints (while the source is at hand).
enum Shown {
    /// The rustc-style text of the human view.
    Text(String),
    /// The data of the JSON and GitHub views.
    Data(Diagnostic),
}

/// How to check and render, shared by every worker.
struct Options {
    limits: Limits,
    strict: bool,
    /// Human output: render each diagnostic with this style while the source is at hand.
    render: Option<Style>,
    /// Human output: the width headlines wrap at.
    width: Option<usize>,
}

/// Runs `cicb validate`.
pub fn run(args: &ValidateArgs, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    // Nothing given and a terminal on stdin: a user who forgot the path, not a pipe.
    if args.paths.is_empty() && std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        bail!("nothing to validate: give a file, a folder, or - for stdin (`cicb validate fixtures/`)");
    }
    let w = super::inputs(&args.paths, &args.exclude, ctx, err)?;
    let opts = Options {
        limits: Limits { max_size: args.max_size, ..Limits::default() },
        strict: args.strict,
        render: (args.format == ValidateFormat::Human).then_some(ctx.err_style),
        width: crate::render::stderr_width(),
    };
    let reports = check_all(&w.sources, &opts);

    let mut totals = Totals::default();
    for r in &reports {
        match &r.found {
            Err(_) => totals.unreadable += 1,
            Ok(found) => {
                totals.checked += 1;
                totals.invalid += usize::from(found.iter().any(|(l, _)| *l == Level::Error));
                totals.warnings += found.iter().filter(|(l, _)| *l == Level::Warning).count();
            }
        }
    }
    let all = |reports: Vec<Checked>| -> Vec<Diagnostic> {
        let data = |(_, shown)| match shown {
            Shown::Data(d) => Some(d),
            Shown::Text(_) => None,
        };
        reports
            .into_iter()
            .flat_map(|r| match r.found {
                Ok(found) => found.into_iter().filter_map(data).collect(),
                Err(d) => vec![d],
            })
            .collect()
    };
    match args.format {
        ValidateFormat::Human => human(&reports, ctx.err_style, err)?,
        ValidateFormat::Json => view::json(&all(reports), out)?,
        ValidateFormat::Github => view::github(&all(reports), out)?,
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
                for (_, shown) in found {
                    let Shown::Text(text) = shown else { continue };
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
    // An input over the size limit was not read whole: its error is never echoed.
    let (findings, text) = if input.too_large {
        (vec![validate::decode_failure(&decode::too_large(opts.limits.max_size))], &[][..])
    } else {
        validate::findings(&input.bytes, &opts.limits)
    };
    let positions = Positions::new(text, findings.iter().map(|f| f.span.start));
    let found = findings
        .iter()
        .map(|f| {
            let level = f.effective_level(opts.strict);
            let at = positions.get(text, f.span.start);
            let shown = match opts.render {
                Some(style) => Shown::Text(view::rendered(&input.origin, text, at, f, opts.strict, style, opts.width)),
                None => Shown::Data(Diagnostic::at(&input.origin, at, f, opts.strict)),
            };
            (level, shown)
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
