//! The disk guard: below a floor of free space a receiver saves nothing (`listen` answers 507),
//! so that a flood cannot fill the disk that the system and the captures already kept need.

use std::fs::File;
use std::io;
use std::path::Path;

/// How much space must stay free: bytes, or a share of the file system.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MinFree {
    /// At least this many bytes.
    Bytes(u64),
    /// At least this percentage of the file system's size.
    Percent(f64),
    /// The default: 1 GiB or 5 %, whichever is smaller.
    Default,
}

impl MinFree {
    /// Parses `1G`, `500M`, `5%` or `0` (no floor).
    pub fn parse(s: &str) -> Result<MinFree, String> {
        let t = s.trim();
        if let Some(p) = t.strip_suffix('%') {
            return match p.trim().parse::<f64>() {
                Ok(v) if (0.0..=100.0).contains(&v) => Ok(MinFree::Percent(v)),
                _ => Err(format!("expected a percentage from 0% to 100%, not `{s}`")),
            };
        }
        crate::cli::parse_size(t).map(|n| MinFree::Bytes(n as u64))
    }

    /// The floor in bytes on a file system of `total` bytes.
    pub fn bytes(self, total: u64) -> u64 {
        let share = |p: f64| (total as f64 * p / 100.0) as u64;
        match self {
            MinFree::Bytes(n) => n,
            MinFree::Percent(p) => share(p),
            MinFree::Default => (1u64 << 30).min(share(5.0)),
        }
    }
}

/// The free space of one folder's file system, against a floor.
#[derive(Debug)]
pub struct Guard {
    dir: File,
    /// The floor, in bytes.
    pub floor: u64,
}

/// Free space below the floor: what was free, what must stay free.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Low {
    /// Bytes free (for an unprivileged process).
    pub free: u64,
    /// The floor.
    pub floor: u64,
}

impl Guard {
    /// A guard over `dir`'s file system with `min` resolved against its size.
    pub fn new(dir: &Path, min: MinFree) -> io::Result<Guard> {
        let dir = File::open(dir)?;
        let (_, total) = stat(&dir)?;
        Ok(Guard { dir, floor: min.bytes(total) })
    }

    /// Whether `incoming` more bytes leave at least the floor free.
    pub fn check(&self, incoming: u64) -> Result<(), Low> {
        if self.floor == 0 {
            return Ok(());
        }
        match stat(&self.dir) {
            Ok((free, _)) if free >= self.floor.saturating_add(incoming) => Ok(()),
            Ok((free, _)) => Err(Low { free, floor: self.floor }),
            // A file system that cannot say: the writes themselves will tell.
            Err(_) => Ok(()),
        }
    }
}

/// Bytes available to an unprivileged process, and the file system's size.
#[cfg(unix)]
fn stat(dir: &File) -> io::Result<(u64, u64)> {
    use std::os::fd::AsRawFd;
    // SAFETY: all-zero bytes are a valid statvfs (plain integers); fstatvfs only writes into it.
    let mut s: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: the descriptor is open for the whole call and `s` is ours.
    if unsafe { libc::fstatvfs(dir.as_raw_fd(), &mut s) } != 0 {
        return Err(io::Error::last_os_error());
    }
    let unit = s.f_frsize as u64;
    Ok(((s.f_bavail as u64).saturating_mul(unit), (s.f_blocks as u64).saturating_mul(unit)))
}

#[cfg(not(unix))]
fn stat(_dir: &File) -> io::Result<(u64, u64)> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floors_parse_and_resolve() {
        assert_eq!(MinFree::parse("5%").unwrap().bytes(1000), 50);
        assert_eq!(MinFree::parse("1K").unwrap(), MinFree::Bytes(1024));
        assert_eq!(MinFree::parse("0").unwrap().bytes(1 << 40), 0);
        assert!(MinFree::parse("120%").is_err() && MinFree::parse("lots").is_err());
        assert_eq!(MinFree::Default.bytes(1 << 40), 1 << 30, "1 GiB on a big disk");
        assert_eq!(MinFree::Default.bytes(1 << 30), (1u64 << 30) / 20, "5 % on a small one");
    }

    #[test]
    fn a_floor_above_the_free_space_is_low() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Guard::new(dir.path(), MinFree::Bytes(0)).unwrap().check(u64::MAX).is_ok(), "no floor");
        let g = Guard::new(dir.path(), MinFree::Bytes(1)).unwrap();
        assert!(g.check(0).is_ok());
        let low = g.check(u64::MAX).unwrap_err();
        assert_eq!(low.floor, 1);
        let all = Guard::new(dir.path(), MinFree::Percent(100.0)).unwrap();
        assert!(all.check(0).is_err(), "nobody has 100 % free");
    }
}
