//! `cicb completions <shell>`: completion scripts from the clap definition.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::Outcome;

pub fn run(args: &CompletionsArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    out.write_all(&script(args.shell))?;
    out.flush()?;
    Ok(Outcome::Success)
}

/// The completion script for `shell`, exactly as committed under `completions/`.
pub fn script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "cicb", &mut buf);
    buf
}
