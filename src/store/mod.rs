//! The capture store: a folder of bodies, each saved byte for byte under a name that says what it
//! is, and `index.ndjson`, one JSON line per capture. `listen` and `consume` write it (a capture
//! from Kafka differs from one from HTTP only in its metadata); `inspect` reads and follows it.
//!
//! - [`durable`]: the writer. A body and its index line are durable (group-committed `fsync`)
//!   before anything is acknowledged; a `kill -9` never leaves a partial file under a name.
//! - [`capture`]: what a body says (decoded once), its file name, its index line and its stdout
//!   line.
//! - [`index`]: reading the index back, and the repairs made when a folder is opened after a crash.
//! - [`follow`]: following the index as it grows, by byte offset (`inspect`).
//! - [`space`]: the disk guard (free space kept for the rest of the system).
//!
//! One process writes a folder at a time ([`open`] locks it), so names are chosen without races.

pub mod capture;
pub mod durable;
pub mod follow;
pub mod index;
pub mod redact;
pub mod space;

use std::fs::File;
use std::path::Path;

use anyhow::Context as _;

/// A capture folder opened for writing: its writer, what the index held, and what was repaired.
pub struct Store {
    /// The durable writer.
    pub writer: durable::Writer,
    /// The index as it was read at open (after repairs).
    pub index: index::Index,
    /// What was repaired, one sentence each, for stderr.
    pub repairs: Vec<String>,
    /// Held until the store is dropped: the folder's lock.
    _lock: Lock,
}

/// Opens `dir` for writing (creating it): locks it, repairs what a crash left and starts the
/// writer.
pub fn open(dir: &Path) -> anyhow::Result<Store> {
    let shown = dir.display();
    if dir.exists() && !dir.is_dir() {
        anyhow::bail!("{shown} is not a folder: --dir names the folder captures are saved in");
    }
    std::fs::create_dir_all(dir).with_context(|| format!("failed to create {shown}"))?;
    let lock = Lock::take(dir)?;
    let (index, repairs) = index::repair(dir).with_context(|| format!("failed to read {shown}/{}", durable::INDEX))?;
    let writer = durable::Writer::open(dir).with_context(|| format!("failed to write to {shown}"))?;
    Ok(Store { writer, index, repairs, _lock: lock })
}

/// The name of the lock file in a capture folder.
pub const LOCK: &str = ".cicb.lock";

/// An exclusive `flock` on the folder's lock file: a second `listen` or `consume` on the same
/// folder is refused instead of racing for names. The lock goes with the process, even after a
/// `kill -9`.
struct Lock(#[allow(dead_code)] File);

impl Lock {
    fn take(dir: &Path) -> anyhow::Result<Lock> {
        let path = dir.join(LOCK);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("failed to write to {}", dir.display()))?;
        #[cfg(unix)]
        {
            use std::os::fd::AsRawFd;
            // SAFETY: flock reads no memory of ours; the descriptor is open for the whole call.
            let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
            if r != 0 {
                let e = std::io::Error::last_os_error();
                if e.kind() == std::io::ErrorKind::WouldBlock {
                    anyhow::bail!(
                        "{} is in use by another cicb listen or consume: give each its own --dir",
                        dir.display()
                    );
                }
                return Err(anyhow::Error::new(e).context(format!("failed to lock {}", path.display())));
            }
        }
        Ok(Lock(file))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_has_one_writer() {
        let dir = tempfile::tempdir().unwrap();
        let first = open(dir.path()).unwrap();
        let second = open(dir.path()).err().map(|e| format!("{e:#}")).unwrap_or_default();
        assert!(second.contains("in use by another cicb"), "{second}");
        drop(first);
        assert!(open(dir.path()).is_ok(), "the lock goes with the store");
    }

    #[test]
    fn a_file_is_not_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, "x").unwrap();
        let e = open(&file).err().map(|e| format!("{e:#}")).unwrap_or_default();
        assert!(e.contains("is not a folder"), "{e}");
    }
}
