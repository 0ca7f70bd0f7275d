//! `cicb redact`: everything that is not harmless replaced in place by stable pseudonyms, in a
//! body or in a capture folder.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use anyhow::Context as _;

use crate::cli::RedactArgs;
use crate::decode::{decode_bytes, Limits};
use crate::redact::{redact, Options, Pseudonyms, Redacted};
use crate::store::durable::INDEX;
use crate::{input, output, render, Context, Outcome};

const BOM: &[u8] = b"\xEF\xBB\xBF";

pub fn run(args: &RedactArgs, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    let names = match &args.salt {
        Some(salt) => Pseudonyms::new(salt.as_bytes()),
        None => {
            let mut salt = [0u8; 32];
            getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("{e}")).context("failed to make a random salt")?;
            Pseudonyms::new(&salt)
        }
    };
    let opts = Options::new(&args.keep);
    if let Some(dir) = args.input.as_deref().filter(|p| p.is_dir()) {
        return folder(args, dir, &names, &opts, ctx, err);
    }
    let input = input::read(args.input.as_deref(), args.input_args.max_size)?;
    let doc = input.decode(&args.input_args, ctx.err_style)?;
    let result = redact(&doc, &names, &opts);
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
    if args.explain {
        err.write_all(render::redact::explain(&result.replaced).as_bytes())?;
    }
    if !args.quiet {
        let report = render::redact::report(&result.counts, result.kept, args.salt.is_some());
        writeln!(err, "{}", render::notice(&report, render::stderr_width()))?;
    }
    Ok(Outcome::Success)
}

/// A capture folder: every body redacted under its name's pseudonyms, `index.ndjson` line by line,
/// into a new folder. Files that are not bodies (and index lines that are not JSON) are left out,
/// with a warning: nothing goes out unredacted.
fn folder(
    args: &RedactArgs,
    dir: &Path,
    names: &Pseudonyms,
    opts: &Options,
    ctx: &Context,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let Some(to) = args.output.as_deref() else {
        anyhow::bail!("redacting the folder {} needs -o OUT/, a new folder to write", dir.display());
    };
    if to.exists() && (!to.is_dir() || std::fs::read_dir(to)?.next().is_some()) {
        anyhow::bail!("{} must be a new or empty folder", to.display());
    }
    std::fs::create_dir_all(to).with_context(|| format!("failed to create {}", to.display()))?;
    let warn = |err: &mut dyn Write, what: String| writeln!(err, "cicb: {}: {what}", ctx.err_style.yellow("warning"));
    let limits = Limits { max_size: args.input_args.max_size, ..Limits::default() };
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("failed to read {}", dir.display()))?
        .collect::<Result<_, _>>()
        .with_context(|| format!("failed to read {}", dir.display()))?;
    entries.sort_by_key(|e| e.file_name());
    let mut bodies = Vec::new();
    let mut mapping = BTreeMap::new();
    let mut counts = BTreeMap::new();
    let mut kept = 0;
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        if name == INDEX || name.starts_with('.') || !e.file_type()?.is_file() {
            continue;
        }
        let path = e.path();
        let bytes = std::fs::read(&path).with_context(|| format!("failed to read {}", path.display()))?;
        let doc = match decode_bytes(&bytes, args.input_args.from.map(Into::into), &limits) {
            Ok(doc) => doc,
            Err(e) => {
                warn(err, format!("{name}: not a body ({}); left out", e.message()))?;
                continue;
            }
        };
        let r: Redacted = redact(&doc, names, opts);
        if args.explain {
            for (class, path) in &r.replaced {
                writeln!(err, "{name}: {:<12} {path}", class.as_str())?;
            }
        }
        for (c, n) in &r.counts {
            *counts.entry(*c).or_insert(0) += n;
        }
        kept += r.kept;
        mapping.extend(r.mapping);
        bodies.push((name, bytes.starts_with(BOM), r.text));
    }
    let files = bodies.len();
    for (name, bom, text) in bodies {
        let path = to.join(crate::store::redact::file_name(&name, &mapping));
        let body = if bom { [BOM, text.as_bytes()].concat() } else { text.into_bytes() };
        std::fs::write(&path, body).with_context(|| format!("failed to write {}", path.display()))?;
    }
    let mut lines = 0;
    let index = dir.join(INDEX);
    if index.exists() {
        let text = std::fs::read_to_string(&index).with_context(|| format!("failed to read {}", index.display()))?;
        let mut new = String::with_capacity(text.len());
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            match crate::store::redact::index_line(line, &mapping, names) {
                Ok(l) => {
                    new.push_str(&l);
                    new.push('\n');
                    lines += 1;
                }
                Err(e) => warn(err, format!("{INDEX} line {}: not JSON ({e}); left out", i + 1))?,
            }
        }
        let path = to.join(INDEX);
        std::fs::write(&path, new).with_context(|| format!("failed to write {}", path.display()))?;
    }
    if !args.quiet {
        let report = render::redact::report(&counts, kept, args.salt.is_some());
        let line = format!("{files} bodies and {lines} index lines to {}: {report}", to.display());
        writeln!(err, "{}", render::notice(&line, render::stderr_width()))?;
    }
    Ok(Outcome::Success)
}
