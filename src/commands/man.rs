//! `cicb man`: the man page from the clap definition.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::Cli;
use crate::Outcome;

pub fn run(out: &mut dyn Write) -> anyhow::Result<Outcome> {
    out.write_all(&page()?)?;
    out.flush()?;
    Ok(Outcome::Success)
}

/// The roff man page, exactly as committed as `doc/cicb.1`.
pub fn page() -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
    Ok(buf)
}
