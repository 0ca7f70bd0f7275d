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
    // A device or a pipe (`-o /dev/null`, `/dev/stdout`, a FIFO) is written in place: there is no
    // file to replace, and renaming over it would put a regular file where the device was.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let file =
            std::fs::OpenOptions::new().write(true).open(path).with_context(|| format!("failed to write {shown}"))?;
        let mut w = BufWriter::new(file);
        write(&mut w)?;
        return w.flush().with_context(|| format!("failed to write {shown}"));
    }
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

/// Stdout for a command whose exit code must not depend on when its reader leaves.
///
/// A closed pipe (`cicb summarize dir/ | head -1`) ends the output, not the work: once a write
/// fails with `BrokenPipe`, this writer drops everything written to it, and the command goes on
/// to read and check every remaining input. So a run ends with the exit code it would have
/// had with a reader that read everything (an input that fails, a failed job under
/// `--exit-status`, bodies that differ), whether the reader left before that input, after it, or
/// never; only its output is cut short. Other write errors (a full disk) pass through.
pub struct PipeGuard<'w> {
    inner: &'w mut dyn Write,
    closed: bool,
}

impl<'w> PipeGuard<'w> {
    /// Guards `inner`.
    pub fn new(inner: &'w mut dyn Write) -> Self {
        PipeGuard { inner, closed: false }
    }

    /// True once the reader has left.
    pub fn closed(&self) -> bool {
        self.closed
    }

    fn check(&mut self, r: std::io::Result<()>) -> std::io::Result<()> {
        match r {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            r => r,
        }
    }
}

impl Write for PipeGuard<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let r = self.inner.write_all(buf);
        self.check(r).map(|()| buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let r = self.inner.flush();
        self.check(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_in_place_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let null = Path::new("/dev/null");
        let mut stdout = Vec::new();
        write_to(Some(null), &mut stdout, |w| w.write_all(b"hello").map_err(Into::into)).unwrap();
        let meta = std::fs::metadata(null).unwrap();
        assert!(meta.file_type().is_char_device(), "/dev/null is still a device");
        assert!(stdout.is_empty());
    }

    #[test]
    fn a_file_is_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        std::fs::write(&path, "old").unwrap();
        let mut stdout = Vec::new();
        write_to(Some(&path), &mut stdout, |w| w.write_all(b"new").map_err(Into::into)).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
    }

    /// A reader that leaves after `room` bytes.
    struct Pipe {
        room: usize,
        got: Vec<u8>,
    }

    impl Write for Pipe {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.got.len() >= self.room {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            let n = buf.len().min(self.room - self.got.len());
            self.got.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_swallows_the_rest_and_other_errors_pass() {
        let mut pipe = Pipe { room: 4, got: Vec::new() };
        let mut g = PipeGuard::new(&mut pipe);
        g.write_all(b"abc").unwrap();
        assert!(!g.closed());
        g.write_all(b"defgh").unwrap();
        g.write_all(b"more").unwrap();
        g.flush().unwrap();
        assert!(g.closed());
        assert_eq!(pipe.got, b"abcd");

        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::from_raw_os_error(28))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut full = Full;
        let mut g = PipeGuard::new(&mut full);
        assert!(g.write_all(b"x").is_err());
        assert!(!g.closed());
    }
}
