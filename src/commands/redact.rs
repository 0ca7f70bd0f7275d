//! `cicb redact`: what identifies a customer replaced in place by stable pseudonyms.

use std::io::Write;

use anyhow::Context as _;

use crate::cli::RedactArgs;
use crate::redact::{redact, Options, Pseudonyms};
use crate::{input, output, render, Context, Outcome};

const BOM: &[u8] = b"\xEF\xBB\xBF";

pub fn run(args: &RedactArgs, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    let input = input::read(args.input.as_deref(), args.input_args.max_size)?;
    let doc = input.decode(&args.input_args, ctx.err_style)?;
    let names = match &args.salt {
        Some(salt) => Pseudonyms::new(salt.as_bytes()),
        None => {
            let mut salt = [0u8; 32];
            getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("{e}")).context("failed to make a random salt")?;
            Pseudonyms::new(&salt)
        }
    };
    let result = redact(&doc, &names, &Options { keep: args.keep.clone() });
    // A path that selects nothing is most likely a typo: the value it meant is redacted.
    for e in &result.unmatched {
        writeln!(err, "cicb: {}: --keep selects nothing: {e}", ctx.err_style.yellow("warning"))?;
    }
    output::write_to(args.output.as_deref(), out, |w| {
        if input.bytes.starts_with(BOM) {
            w.write_all(BOM)?;
        }
        w.write_all(result.text.as_bytes()).map_err(Into::into)
    })?;
    if !args.quiet {
        writeln!(err, "{}", render::redact::report(&result, args.salt.is_some()))?;
    }
    Ok(Outcome::Success)
}
