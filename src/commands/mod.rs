//! One file per subcommand; dispatch is one match.

pub mod completions;
pub mod convert;
pub mod diff;
pub mod listen;
pub mod man;
pub mod parse;
pub mod redact;
pub mod sample;
pub mod schema;
pub mod send;
pub mod summarize;
pub mod validate;

use std::io::Write;

use crate::cli::{Cli, Command};
use crate::{Context, Outcome};

pub fn dispatch(cli: &Cli, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    match &cli.command {
        Command::Summarize(args) => summarize::run(args, ctx, out, err),
        Command::Convert(args) => convert::run(args, ctx, out),
        Command::Parse(args) => parse::run(args, ctx, out, err),
        Command::Validate(args) => validate::run(args, ctx, out, err),
        Command::Diff(args) => diff::run(args, ctx, out, err),
        Command::Redact(args) => redact::run(args, ctx, out, err),
        Command::Sample(args) => sample::run(args, ctx, out),
        Command::Schema(args) => schema::run(args, out, err),
        Command::Listen(args) => listen::run(args, ctx, out, err),
        Command::Send(args) => send::run(args, ctx, out, err),
        Command::Completions(args) => completions::run(args, out),
        Command::Man(args) => man::run(args, out, err),
    }
}

/// How a command that reads several inputs ends: a bad input is reported in its place (once, as
/// main reports errors) and the others are still read; the worst exit code wins. With one input,
/// its error is the command's.
pub(crate) struct Tally {
    several: bool,
    total: usize,
    bad: usize,
    worst: Outcome,
}

impl Tally {
    /// A tally over `total` inputs; `several` when more than one was asked for (or a folder).
    pub(crate) fn new(several: bool, total: usize) -> Self {
        Tally { several, total, bad: 0, worst: Outcome::Success }
    }

    /// Takes one input's result: its value, or `None` once its error is reported. An error
    /// ends the run with one input, and always for a closed pipe.
    pub(crate) fn take<T>(
        &mut self,
        result: anyhow::Result<T>,
        ctx: &Context,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> anyhow::Result<Option<T>> {
        match result {
            Ok(t) => Ok(Some(t)),
            Err(e) if !self.several || crate::is_broken_pipe(&e) => Err(e),
            Err(e) => {
                out.flush()?;
                crate::report_error(&e, ctx.err_style, err)?;
                self.worst = self.worst.max(crate::exit_code(&e));
                self.bad += 1;
                Ok(None)
            }
        }
    }

    /// Success when every input was read; otherwise `N of M inputs not {done}`, exit 1 or 2.
    pub(crate) fn finish(self, done: &str) -> anyhow::Result<Outcome> {
        let summary = format!("{} of {} inputs not {done}", self.bad, self.total);
        match self.worst {
            Outcome::Success => Ok(Outcome::Success),
            Outcome::Invalid => Err(crate::DataError(summary).into()),
            Outcome::Usage => Err(anyhow::anyhow!(summary)),
        }
    }
}
