//! `cicb man`: the man pages from the clap definition: `cicb.1` and one `cicb-<command>.1` per
//! subcommand, printed (the main page) or written to a folder.

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;
use clap::CommandFactory;

use crate::cli::{Cli, ManArgs};
use crate::{output, Outcome};

/// Runs `cicb man`.
pub fn run(args: &ManArgs, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    let pages = pages()?;
    let Some(dir) = &args.dir else {
        out.write_all(&pages[0].1)?;
        out.flush()?;
        return Ok(Outcome::Success);
    };
    std::fs::create_dir_all(dir).with_context(|| format!("failed to create {}", dir.display()))?;
    for (name, page) in &pages {
        let path = dir.join(name);
        output::write_to(Some(&path), out, |w| w.write_all(page).map_err(Into::into))?;
    }
    writeln!(err, "wrote {} man pages to {}", pages.len(), crate::sanitize::sanitize(&dir.display().to_string()))?;
    Ok(Outcome::Success)
}

/// Every man page, as committed under `doc/`: the main page first, then one per subcommand
/// (`cicb-summarize.1`, ...), each listing every option. `cicb help` is clap's and has no page
/// of its own, so none names one.
pub fn pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = vec![("cicb.1".to_string(), render(cmd.clone())?)];
    for sub in cmd.get_subcommands() {
        let name = format!("cicb-{}", sub.get_name());
        pages.push((format!("{name}.1"), render(sub.clone().name(name))?));
    }
    Ok(pages)
}

/// clap_mangen's sections, with the text after the options split as man(7) names it: the
/// examples and notes under EXAMPLES, the exit codes under EXIT STATUS.
fn render(cmd: clap::Command) -> std::io::Result<Vec<u8>> {
    let after = cmd.get_after_help().map(|t| t.to_string()).unwrap_or_default();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut buf = Vec::new();
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut buf)?;
    }
    if cmd.has_subcommands() {
        man.render_subcommands_section(&mut buf)?;
    }
    let (notes, exit) = split_exit_codes(&after);
    if !notes.trim().is_empty() {
        let notes = notes.trim();
        let notes = notes.strip_prefix("Examples:\n").unwrap_or(notes);
        section(&mut buf, "EXAMPLES", notes)?;
    }
    if !exit.trim().is_empty() {
        let exit = exit.trim();
        let exit = exit.strip_prefix("Exit codes:").unwrap_or(exit).trim_start_matches([' ', '\n']);
        section(&mut buf, "EXIT STATUS", exit)?;
    }
    man.render_version_section(&mut buf)?;
    Ok(buf)
}

/// The text before the `Exit codes:` paragraph, and that paragraph on.
fn split_exit_codes(text: &str) -> (&str, &str) {
    let at = if text.starts_with("Exit codes:") { Some(0) } else { text.find("\n\nExit codes:").map(|i| i + 2) };
    match at {
        Some(i) => (&text[..i], &text[i..]),
        None => (text, ""),
    }
}

/// A section of preformatted lines (examples keep their layout), escaped for roff.
fn section(w: &mut Vec<u8>, name: &str, text: &str) -> std::io::Result<()> {
    writeln!(w, ".SH \"{name}\"")?;
    writeln!(w, ".nf")?;
    for line in text.lines() {
        let line = line.replace('\\', "\\e").replace('-', "\\-");
        // A line starting with `.` or `'` would be a request.
        let lead = if line.starts_with(['.', '\'']) { "\\&" } else { "" };
        writeln!(w, "{lead}{line}")?;
    }
    writeln!(w, ".fi")
}

/// True when `dir` holds exactly the pages [`pages`] makes (for tests).
pub fn is_fresh(dir: &Path) -> std::io::Result<bool> {
    for (name, page) in pages()? {
        if std::fs::read(dir.join(&name)).ok().as_deref() != Some(&page[..]) {
            return Ok(false);
        }
    }
    Ok(true)
}
