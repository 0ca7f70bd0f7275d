//! `cicb schema`: a JSON Schema of the callback bodies, from [`crate::schema`].

use std::io::Write;

use anyhow::Context as _;

use crate::cli::{DraftArg, SchemaArgs, SchemaKind};
use crate::schema::{self, Draft, Family, Options};
use crate::{output, render, Outcome};

pub fn run(args: &SchemaArgs, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    let opts = Options {
        draft: match args.draft {
            DraftArg::Draft202012 => Draft::Draft202012,
            DraftArg::Draft7 => Draft::Draft7,
        },
        strict: args.strict,
    };
    if let Some(dir) = &args.dir {
        std::fs::create_dir_all(dir).with_context(|| format!("failed to create {}", dir.display()))?;
        for (name, value) in schema::files(&opts) {
            let path = dir.join(name);
            output::write_to(Some(&path), out, |w| write_json(&value, w))?;
            writeln!(err, "wrote {}", render::sanitize(&path.display().to_string()))?;
        }
        return Ok(Outcome::Success);
    }
    let families: Vec<Family> = match args.kind {
        None => Family::ALL.to_vec(),
        Some(SchemaKind::Job) => vec![Family::Job],
        Some(SchemaKind::Workflow) => vec![Family::Workflow],
        Some(SchemaKind::Audit) => vec![Family::Audit],
    };
    let value = schema::document(&families, &opts);
    output::write_to(args.output.as_deref(), out, |w| write_json(&value, w))?;
    Ok(Outcome::Success)
}

fn write_json(value: &serde_json::Value, w: &mut dyn Write) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *w, value)?;
    w.write_all(b"\n")?;
    Ok(())
}
