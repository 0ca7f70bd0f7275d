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
    if !dir.is_dir() {
        anyhow::bail!("failed to write {shown}: the folder {} does not exist", dir.display());
    }
    // Keep an existing file's permissions; a new file gets the usual rw-r--r--.
    let permissions = std::fs::metadata(path).ok().map(|m| m.permissions()).or_else(default_permissions);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".cicb-").suffix(".tmp");
    if let Some(p) = permissions {
        builder.permissions(p);
    }
    // Errors name the user's path, never the temporary file's.
    let tmp = builder.tempfile_in(dir).map_err(without_path).with_context(|| format!("failed to write {shown}"))?;
    let mut w = BufWriter::new(tmp);
    write(&mut w)?;
    let tmp = w.into_inner().map_err(|e| e.into_error()).with_context(|| format!("failed to write {shown}"))?;
    tmp.as_file().sync_all().with_context(|| format!("failed to write {shown}"))?;
    tmp.persist(path).map_err(|e| without_path(e.error)).with_context(|| format!("failed to write {shown}"))?;
    Ok(())
}

/// tempfile's errors name the temporary file; keep only the operating system's reason.
fn without_path(e: std::io::Error) -> std::io::Error {
    let inner = e.get_ref().and_then(|i| i.source()).and_then(|s| s.downcast_ref::<std::io::Error>());
    match inner.and_then(std::io::Error::raw_os_error) {
        Some(code) => std::io::Error::from_raw_os_error(code),
        None => std::io::Error::from(e.kind()),
    }
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
