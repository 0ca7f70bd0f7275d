//! `cicb summarize`: what ran, what failed and why, and where the outputs are.
//!
//! Each input is read and decoded once; [`summary::Summary`] is built from the tree and the
//! model; a renderer writes it (human view, Markdown, JSON, or only the outputs).

pub mod highlights;
pub mod human;
pub mod outputs;
pub mod summary;

use std::io::Write;
use std::path::Path;

use anyhow::bail;

use crate::cli::{SummarizeArgs, SummaryFormat};
use crate::render::sanitize;
use crate::{input, Context, DataError, Outcome};

pub use summary::Summary;

pub fn run(args: &SummarizeArgs, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    let paths: Vec<Option<&Path>> =
        if args.inputs.is_empty() { vec![None] } else { args.inputs.iter().map(|p| Some(p.as_path())).collect() };
    if paths.iter().filter(|p| input::is_stdin(**p)).count() > 1 {
        bail!("stdin (`-`) can be read only once");
    }
    let several = paths.len() > 1;
    let (mut worst, mut bad, mut failed) = (Outcome::Success, 0, false);
    for (i, path) in paths.iter().enumerate() {
        match one(*path, args, ctx, several, i == 0, out, err) {
            Ok(f) => failed |= f,
            Err(e) if !several || crate::is_broken_pipe(&e) => return Err(e),
            Err(e) => {
                // Reported here, once, like main does; the other inputs are still summarized.
                out.flush()?;
                crate::report_error(&e, ctx.err_style, err)?;
                worst = worst.max(crate::exit_code(&e));
                bad += 1;
            }
        }
    }
    out.flush()?;
    let summary = || format!("{bad} of {} inputs not summarized", paths.len());
    match worst {
        Outcome::Success if args.exit_status && failed => Ok(Outcome::Invalid),
        Outcome::Success => Ok(Outcome::Success),
        Outcome::Invalid => Err(DataError(summary()).into()),
        _ => bail!(summary()),
    }
}

/// Summarizes one input; `Ok(true)` when its workflow, a task or a job failed.
fn one(
    path: Option<&Path>,
    args: &SummarizeArgs,
    ctx: &Context,
    several: bool,
    first: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<bool> {
    let input = input::read(path, args.input_args.max_size)?;
    let doc = input.decode(&args.input_args, ctx.err_style)?;
    let Some(s) = Summary::new(&input.origin, &doc) else {
        return Err(DataError(format!(
            "{}: not a CI callback body: no JobsDetail, WorkflowExecution or audit data (`cicb parse` shows its tree)",
            sanitize(&input.origin)
        ))
        .into());
    };
    if args.outputs {
        outputs_only(&s, args.url, ctx, out, err)?;
        return Ok(s.failed);
    }
    match args.format {
        SummaryFormat::Json => {
            // NDJSON when several inputs: one compact object per line.
            crate::render::json::to_writer(out, &s, !several)?;
            out.write_all(b"\n")?;
        }
        SummaryFormat::Human | SummaryFormat::Markdown => {
            let markdown = args.format == SummaryFormat::Markdown;
            if several {
                let name = sanitize(&input.origin);
                let sep = if first { "" } else { "\n" };
                if markdown {
                    writeln!(out, "{sep}### {}\n", crate::render::table::markdown_escape(&name))?;
                } else {
                    writeln!(out, "{sep}{}", ctx.out_style.bold(&format!("==> {name} <==")))?;
                }
            }
            let opts = human::Options { markdown, url: args.url, terminal: ctx.out_is_terminal, style: ctx.out_style };
            human::write(&s, &opts, out)?;
        }
    }
    Ok(s.failed)
}

/// `--outputs`: one location per line; raw when piped (for xargs), sanitized on a terminal.
fn outputs_only(
    s: &Summary<'_>,
    url: bool,
    ctx: &Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let (mut no_bucket, mut no_region) = (0, 0);
    for o in &s.outputs {
        let shown = human::output_location(o, url);
        no_bucket += usize::from(o.uri.is_none());
        no_region += usize::from(url && o.uri.is_some() && o.url.is_none());
        writeln!(out, "{}", ctx.value(&shown))?;
    }
    let origin = sanitize(&s.input);
    let warn = ctx.err_style.yellow("warning");
    if no_bucket > 0 {
        writeln!(
            err,
            "cicb: {warn}: {origin}: {no_bucket} output(s) with no bucket in the body, printed as bare keys"
        )?;
    }
    if no_region > 0 {
        writeln!(
            err,
            "cicb: {warn}: {origin}: {no_region} output(s) with no region in the body, printed as cos:// paths"
        )?;
    }
    Ok(())
}
