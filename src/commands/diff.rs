//! `cicb diff`: two bodies compared by meaning; exit 0 equal, 1 different, 2 error.

use std::io::Write;

use anyhow::anyhow;

use crate::cli::{DiffArgs, DiffFormat};
use crate::diff::{diff, Options};
use crate::{input, render, Context, Outcome};

pub fn run(args: &DiffArgs, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    if input::is_stdin(Some(&args.old)) && input::is_stdin(Some(&args.new)) {
        anyhow::bail!("only one of the two bodies can be read from stdin (`-`)");
    }
    let a = input::read(Some(&args.old), args.input_args.max_size)?;
    let b = input::read(Some(&args.new), args.input_args.max_size)?;
    // As diff(1): trouble reading either body is exit 2, not the "different" of exit 1.
    let plain = |e: anyhow::Error| anyhow!("{e:#}");
    let da = a.decode(&args.input_args, ctx.err_style).map_err(plain)?;
    let db = b.decode(&args.input_args, ctx.err_style).map_err(plain)?;
    let opts = Options { all: args.all, ignore: args.ignore.clone() };
    let report = diff(&da.tree, &db.tree, &opts);
    // A path that selects nothing in either body is most likely a typo: say so.
    for e in &report.unmatched {
        writeln!(err, "cicb: {}: --ignore selects nothing in either body: {e}", ctx.err_style.yellow("warning"))?;
    }
    match args.format {
        DiffFormat::Human => render::diff::human(&report, ctx.out_style, ctx.line_width(), out)?,
        DiffFormat::Json => render::diff::json(&report, out)?,
    }
    out.flush()?;
    writeln!(err, "{}", render::notice(&render::diff::summary(&report), crate::render::stderr_width()))?;
    // Exit 1 for "different", as diff(1): the code `Invalid` has (exit.rs has no outcome of its own
    // for it, and every command's match over outcomes would have to learn one).
    Ok(if report.is_equal() { Outcome::Success } else { Outcome::Invalid })
}
