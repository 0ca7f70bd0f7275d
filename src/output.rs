//! Writing results: to stdout, or atomically to a file.

use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::Context as _;

/// Runs `write` against `path` atomically (a temporary file in the same directory, renamed over
/// `path` only when everything succeeded), or against `stdout` when `path` is `None` or `-`.
pub fn write_to(
    path: Option<&Path>,
    stdout: &mut dyn Write,
    write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let Some(path) = path.filter(|p| p.as_os_str() != "-") else {
        write(stdout)?;
        return stdout.flush().map_err(Into::into);
    };
    let shown = path.display();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if path.is_dir() {
        anyhow::bail!("failed to write {shown}: it is a directory");
    }
    // Keep an existing file's permissions; a new file gets the usual rw-r--r--.
    let permissions = std::fs::metadata(path).ok().map(|m| m.permissions()).or_else(default_permissions);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".cicb-").suffix(".tmp");
    if let Some(p) = permissions {
        builder.permissions(p);
    }
    let tmp = builder.tempfile_in(dir).with_context(|| format!("failed to write {shown}"))?;
    let mut w = BufWriter::new(tmp);
    write(&mut w)?;
    let tmp = w.into_inner().map_err(|e| e.into_error()).with_context(|| format!("failed to write {shown}"))?;
    tmp.as_file().sync_all().with_context(|| format!("failed to write {shown}"))?;
    tmp.persist(path).map_err(|e| e.error).with_context(|| format!("failed to write {shown}"))?;
    Ok(())
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}
