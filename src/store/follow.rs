//! Following `index.ndjson` as it grows (`inspect`): the file is read once, then only the bytes
//! appended since, by offset. A file that got shorter (truncated) or is another file under the
//! same name (rotated, or rewritten by a repair) is read again from the start.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// Whole lines out of bytes that arrive in any chunks: a line is given once its `\n` arrives,
/// without it (and without a `\r` before it). Empty lines are skipped.
#[derive(Debug, Default)]
pub struct Lines {
    partial: Vec<u8>,
}

impl Lines {
    /// Takes `chunk` and hands every line it completes to `line`, in order.
    pub fn push(&mut self, chunk: &[u8], mut line: impl FnMut(&[u8])) {
        let mut rest = chunk;
        while let Some(i) = rest.iter().position(|&b| b == b'\n') {
            let (head, tail) = (&rest[..i], &rest[i + 1..]);
            if self.partial.is_empty() {
                emit(head, &mut line);
            } else {
                self.partial.extend_from_slice(head);
                let whole = std::mem::take(&mut self.partial);
                emit(&whole, &mut line);
            }
            rest = tail;
        }
        self.partial.extend_from_slice(rest);
    }

    /// The bytes of a line whose end has not arrived yet.
    pub fn pending(&self) -> &[u8] {
        &self.partial
    }

    /// Forgets the pending bytes (the file is read again from its start).
    pub fn clear(&mut self) {
        self.partial.clear();
    }
}

fn emit(l: &[u8], line: &mut impl FnMut(&[u8])) {
    let l = l.strip_suffix(b"\r").unwrap_or(l);
    if !l.is_empty() {
        line(l);
    }
}

/// What one look at the file found.
#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    /// Lines appended since the last look (possibly none).
    Appended(Vec<Vec<u8>>),
    /// The file was truncated, replaced or removed: every line it holds now, from the start.
    Restarted(Vec<Vec<u8>>),
}

/// Follows one file by byte offset.
#[derive(Debug)]
pub struct Follower {
    path: PathBuf,
    offset: u64,
    /// The file's identity when it was last read (device and inode on Unix).
    identity: Option<(u64, u64)>,
    lines: Lines,
    /// Whether the file was looked at once.
    started: bool,
}

impl Follower {
    /// A follower of `path` that has read nothing yet (the file need not exist).
    pub fn new(path: &Path) -> Follower {
        Follower { path: path.to_path_buf(), offset: 0, identity: None, lines: Lines::default(), started: false }
    }

    /// Reads what was appended since the last call; the first call reads the whole file. A
    /// missing file reads as empty.
    pub fn poll(&mut self) -> io::Result<Change> {
        let mut file = match File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let had = self.identity.take().is_some() || self.offset > 0;
                self.offset = 0;
                self.lines.clear();
                return Ok(if had { Change::Restarted(Vec::new()) } else { Change::Appended(Vec::new()) });
            }
            Err(e) => return Err(e),
        };
        let meta = file.metadata()?;
        let identity = identity(&meta);
        let restart = self.started && (meta.len() < self.offset || identity != self.identity);
        if restart {
            self.offset = 0;
            self.lines.clear();
        }
        self.started = true;
        self.identity = identity;
        let mut out = Vec::new();
        if meta.len() > self.offset {
            file.seek(SeekFrom::Start(self.offset))?;
            let mut buf = Vec::with_capacity(usize::try_from(meta.len() - self.offset).unwrap_or(0).min(64 << 20));
            file.take(meta.len() - self.offset).read_to_end(&mut buf)?;
            self.offset += buf.len() as u64;
            self.lines.push(&buf, |l| out.push(l.to_vec()));
        }
        Ok(if restart { Change::Restarted(out) } else { Change::Appended(out) })
    }
}

#[cfg(unix)]
fn identity(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(_: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn all(chunks: &[&[u8]]) -> Vec<Vec<u8>> {
        let mut lines = Lines::default();
        let mut out = Vec::new();
        for c in chunks {
            lines.push(c, |l| out.push(l.to_vec()));
        }
        out
    }

    #[test]
    fn lines_arrive_whole_whatever_the_chunks() {
        let whole: &[u8] = b"{\"a\":1}\r\n\n{\"b\":2}\n{\"c\"";
        let at_once = all(&[whole]);
        assert_eq!(at_once, vec![b"{\"a\":1}".to_vec(), b"{\"b\":2}".to_vec()]);
        for cut in 0..whole.len() {
            assert_eq!(all(&[&whole[..cut], &whole[cut..]]), at_once, "cut at {cut}");
        }
        let bytes: Vec<&[u8]> = whole.chunks(1).collect();
        assert_eq!(all(&bytes), at_once);
    }

    #[test]
    fn a_follower_reads_appends_and_restarts_after_truncation_or_rotation() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index.ndjson");
        let mut f = Follower::new(&path);
        assert_eq!(f.poll().unwrap(), Change::Appended(vec![]), "no file yet");
        std::fs::write(&path, "a\nb").unwrap();
        assert_eq!(f.poll().unwrap(), Change::Appended(vec![b"a".to_vec()]));
        let mut w = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
        w.write_all(b"c\nd\n").unwrap();
        assert_eq!(f.poll().unwrap(), Change::Appended(vec![b"bc".to_vec(), b"d".to_vec()]));
        assert_eq!(f.poll().unwrap(), Change::Appended(vec![]));
        std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(2).unwrap();
        assert_eq!(f.poll().unwrap(), Change::Restarted(vec![b"a".to_vec()]));
        // Rotated: another file renamed over the name (as a repair does).
        let other = dir.path().join("new");
        std::fs::write(&other, "x\ny\nzzzzzzzzzzzzz\n").unwrap();
        std::fs::rename(&other, &path).unwrap();
        let got = f.poll().unwrap();
        assert_eq!(got, Change::Restarted(vec![b"x".to_vec(), b"y".to_vec(), b"zzzzzzzzzzzzz".to_vec()]));
        std::fs::remove_file(&path).unwrap();
        assert_eq!(f.poll().unwrap(), Change::Restarted(vec![]));
    }
}
