//! `cicb sample`: a realistic body for a job Tag, a workflow, the legacy or the audit forms.

use std::io::Write;

use crate::cli::{FormatArg, SampleArgs, StateArg, TriggerArg};
use crate::encode::json;
use crate::encode::xml::{self, XmlError, XmlOptions};
use crate::sample::{self, Options, State, Trigger};
use crate::{output, Context, Outcome};

pub fn run(args: &SampleArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    if args.list {
        for name in sample::names() {
            writeln!(out, "{name}")?;
        }
        out.flush()?;
        return Ok(Outcome::Success);
    }
    let name = args.name.as_deref().unwrap_or_default();
    let which = sample::find(name)?;
    let opts = Options {
        trigger: match args.trigger {
            TriggerArg::Api => Trigger::Api,
            TriggerArg::Workflow => Trigger::Workflow,
        },
        state: match args.state {
            StateArg::Success => State::Success,
            StateArg::Failed => State::Failed,
        },
        bucket: args.bucket.clone(),
        region: args.region.clone(),
        object: args.object.clone(),
        seed: args.seed,
        tasks: args.tasks.iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect(),
    };
    let mut tree = sample::build(which, &opts)?;
    for (path, value) in &args.set {
        sample::set(&mut tree, which.kind(), path, value)?;
    }
    // The body is data for a program (a handler under test), written as is; a terminal gets its
    // control and bidi characters escaped (lines kept), as every payload cicb prints.
    let terminal = ctx.out_is_terminal && args.output.is_none();
    output::write_to(args.output.as_deref(), out, |w| {
        let mut body = Vec::new();
        match args.format {
            FormatArg::Json => json::write(&tree, &super::convert::json_options(&args.shape), &mut body)?,
            FormatArg::Xml => match xml::write(&tree, &XmlOptions { compact: args.shape.compact }, &mut body) {
                Ok(()) => {}
                Err(XmlError::Io(e)) => return Err(e.into()),
                Err(XmlError::Data(e)) => anyhow::bail!("{}", e.message()),
            },
        }
        let text = String::from_utf8_lossy(&body);
        let shown = if terminal { crate::render::sanitize::sanitize_with(&text, true) } else { text };
        w.write_all(shown.as_bytes())?;
        Ok(())
    })?;
    Ok(Outcome::Success)
}
