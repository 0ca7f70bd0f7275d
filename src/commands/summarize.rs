//! `cicb summarize`: what ran, what failed and why, and where the outputs are.
//!
//! Each input is read and decoded once; a [`Summary`] is built from the tree and the model; a
//! view in [`crate::render::summary`] writes it (human, Markdown, only the outputs), or the JSON
//! writer does.

use std::io::Write;

use crate::cli::{SummarizeArgs, SummaryFormat};
use crate::commands::Tally;
use crate::render::sanitize;
use crate::render::summary::{Human, Markdown, OutputList};
use crate::summary::Summary;
use crate::walk::{self, Source};
use crate::{input, Context, DataError, Outcome};

/// Runs `cicb summarize`. Several inputs (or folders, recursively) are summarized on every core
/// and printed in input order; a bad one is reported in its place and the others still
/// summarized; the worst exit code wins.
pub fn run(args: &SummarizeArgs, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    let w = super::inputs(&args.inputs, &args.exclude, ctx, err)?;
    let several = w.several();
    let mut tally = Tally::new(several, w.sources.len());
    let mut failed = false;
    // Decided once, not per input: the width to fit.
    let layout = Layout { several, width: crate::render::summary::fit_width(args.width, ctx.line_width()) };
    let work = |source: &Source| {
        let (mut o, mut e) = (Vec::new(), Vec::new());
        let first = std::ptr::eq(source, &w.sources[0]);
        let result = one(source, args, ctx, layout, first, &mut o, &mut e);
        (o, e, result)
    };
    walk::par_each(&w.sources, work, |(o, e, result)| -> anyhow::Result<()> {
        out.write_all(&o)?;
        err.write_all(&e)?;
        failed |= tally.take(result, ctx, out, err)?.unwrap_or(false);
        Ok(())
    })?;
    out.flush()?;
    match tally.finish("summarized")? {
        Outcome::Success if args.exit_status && failed => Ok(Outcome::Invalid),
        outcome => Ok(outcome),
    }
}

/// How every input's view is laid out.
#[derive(Clone, Copy)]
struct Layout {
    /// Several inputs: each is named (JSON: one object a line).
    several: bool,
    /// The width the human view fits (`None`: no limit).
    width: Option<usize>,
}

/// Summarizes one input; `Ok(true)` when its workflow, a task or a job failed.
fn one(
    source: &Source,
    args: &SummarizeArgs,
    ctx: &Context,
    Layout { several, width }: Layout,
    first: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<bool> {
    let input = input::read_source(source, args.input_args.max_size)?;
    let doc = input.decode(&args.input_args, ctx.err_style)?;
    let Some(s) = Summary::new(&input.origin, &doc) else {
        return Err(DataError(format!(
            "{}: not a CI callback body: no JobsDetail, WorkflowExecution or audit data (`cicb parse` shows its tree)",
            sanitize(&input.origin)
        ))
        .into());
    };
    if args.outputs {
        OutputList { url: args.url, ctx: *ctx }.write(&s, out, err)?;
        return Ok(s.failed);
    }
    match args.format {
        SummaryFormat::Json => {
            // NDJSON when several inputs: one compact object per line.
            crate::render::json::to_writer(out, &s, !several)?;
            out.write_all(b"\n")?;
        }
        SummaryFormat::Markdown => {
            let view = Markdown { url: args.url };
            if several {
                view.title(&input.origin, first, out)?;
            }
            view.write(&s, out)?;
        }
        SummaryFormat::Human => {
            let view = Human { url: args.url, width, style: ctx.out_style };
            if several {
                view.title(&input.origin, first, out)?;
            }
            view.write(&s, out)?;
        }
    }
    Ok(s.failed)
}
