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
/// (`cicb-summarize.1`, ...), each listing every option.
pub fn pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut pages = vec![("cicb.1".to_string(), render(cmd.clone())?)];
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("cicb-{}", sub.get_name());
        pages.push((format!("{name}.1"), render(sub.clone().name(name))?));
    }
    Ok(pages)
}

fn render(cmd: clap::Command) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut buf)?;
    Ok(buf)
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
