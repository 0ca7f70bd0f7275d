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
