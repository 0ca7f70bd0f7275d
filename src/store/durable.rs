//! Durable captures with group commit. A committer thread takes every write that is pending and
//! writes each body to a file that has no name yet, then syncs them all at once; a second thread
//! appends their index lines, gives the files their visible names and syncs that, then wakes
//! every waiter. A body is acknowledged only after both, so a `kill -9` at any moment leaves each
//! acknowledged capture whole and never a partial file under a visible name. The two threads work
//! on two batches at once: while one batch is named, the next one's data is being synced.
//!
//! A file without a name is Linux's `O_TMPFILE`, linked to its name with `linkat`: a `kill -9`
//! before the link leaves nothing behind, and the link never replaces a file. Where that is
//! missing (another system, a file system without `O_TMPFILE`, no `/proc`), a body goes to a
//! hidden `.tmp-…` file instead, which is renamed (one may remain after a `kill -9`; it is never
//! renamed).

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;

use hyper::body::Bytes;
use tokio::sync::oneshot;

/// The name of the index file in the capture directory.
pub const INDEX: &str = "index.ndjson";

/// Most writes committed together.
const MAX_BATCH: usize = 512;

/// Most threads syncing files one by one at once (where `syncfs` cannot be used).
const SYNC_THREADS: usize = 8;

/// Resolves to the name a submitted body was saved under, once it is durable.
pub type Saved = oneshot::Receiver<io::Result<String>>;

/// Builds a capture's index line from the name it was saved under.
pub type IndexLine = Box<dyn FnOnce(&str) -> String + Send>;

enum Msg {
    Save {
        name: String,
        bytes: Bytes,
        index: Option<IndexLine>,
        done: oneshot::Sender<io::Result<String>>,
    },
    Index(String, oneshot::Sender<io::Result<()>>),
    Prune(Rotation, oneshot::Sender<io::Result<usize>>),
    /// Answered once everything sent before it is durable.
    Barrier(oneshot::Sender<io::Result<()>>),
}

/// How many captures a folder keeps, and for how long: the oldest go first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rotation {
    /// Most captures kept.
    pub max_captures: Option<usize>,
    /// Oldest capture kept.
    pub max_age: Option<std::time::Duration>,
}

/// The handle requests use to save bodies; cheap to share. The committer thread ends when the
/// last handle is dropped, after committing what was sent.
#[derive(Debug, Clone)]
pub struct Writer {
    tx: mpsc::Sender<Msg>,
}

impl Writer {
    /// Creates `dir` if needed, opens its index and starts the committer thread.
    pub fn open(dir: &Path) -> io::Result<Writer> {
        Writer::start(dir, None)
    }

    /// [`Writer::open`], with the staging chosen by the caller (tests) or probed (`None`).
    fn start(dir: &Path, staging: Option<Staging>) -> io::Result<Writer> {
        std::fs::create_dir_all(dir)?;
        let dir_file = File::open(dir)?;
        let staging = staging.unwrap_or_else(|| Staging::choose(dir, &dir_file));
        let index = OpenOptions::new().create(true).append(true).open(dir.join(INDEX))?;
        let index_len = index.metadata()?.len();
        let publisher = Publisher { dir: dir.to_path_buf(), dir_file: dir_file.try_clone()?, index, index_len };
        let (to_publish, synced) = mpsc::channel::<Synced>();
        let publishing =
            std::thread::Builder::new().name("cicb-publish".into()).spawn(move || publisher.run(synced))?;
        let committer = Committer { dir: dir.to_path_buf(), dir_file, staging, tmp_seq: 0 };
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("cicb-commit".into())
            .spawn(move || committer.run(rx, to_publish, publishing))?;
        Ok(Writer { tx })
    }

    /// Saves `bytes` as `name` (with a `-N` suffix when that name exists) and the line `index`
    /// builds from the name used; resolves to that name once both are durable.
    pub async fn save(&self, name: String, bytes: Bytes, index: Option<IndexLine>) -> io::Result<String> {
        self.submit(name, bytes, index)?.await.map_err(|_| stopped())?
    }

    /// [`Writer::save`] for a caller outside an async runtime: queues the body at once; what it
    /// returns resolves (`blocking_recv`) once the body and its line are durable.
    pub fn submit(&self, name: String, bytes: Bytes, index: Option<IndexLine>) -> io::Result<Saved> {
        let (done, wait) = oneshot::channel();
        self.tx.send(Msg::Save { name, bytes, index, done }).map_err(|_| stopped())?;
        Ok(wait)
    }

    /// Appends a line to the index; resolves once it is durable.
    pub async fn index(&self, line: String) -> io::Result<()> {
        let (done, wait) = oneshot::channel();
        self.tx.send(Msg::Index(line, done)).map_err(|_| stopped())?;
        wait.await.map_err(|_| stopped())?
    }

    /// Appends a line to the index with the next batch, without waiting (a refusal: nothing
    /// was acknowledged, so nothing waits for it).
    pub fn note(&self, line: String) {
        let (done, _) = oneshot::channel();
        let _ = self.tx.send(Msg::Index(line, done));
    }

    /// Resolves once everything sent before (lines [`Writer::note`]d included) is durable.
    pub async fn flush(&self) -> io::Result<()> {
        let (done, wait) = oneshot::channel();
        self.tx.send(Msg::Barrier(done)).map_err(|_| stopped())?;
        wait.await.map_err(|_| stopped())?
    }

    /// Removes the oldest captures past `rotation` (their files and index lines; the index is
    /// rewritten atomically) after what is queued; resolves to how many were removed.
    pub async fn prune(&self, rotation: Rotation) -> io::Result<usize> {
        let (done, wait) = oneshot::channel();
        self.tx.send(Msg::Prune(rotation, done)).map_err(|_| stopped())?;
        wait.await.map_err(|_| stopped())?
    }
}

/// The error of a body whose writer stopped before it was saved.
pub fn stopped() -> io::Error {
    io::Error::other("the capture writer stopped")
}

/// Where a body waits, written but not yet visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Staging {
    /// A file without a name (`O_TMPFILE`), linked to its name.
    Unnamed,
    /// A hidden `.tmp-…` file, renamed.
    Hidden,
}

impl Staging {
    /// Unnamed files where the directory takes them and they can be linked (tried once, with a
    /// hidden probe name that is removed at once).
    fn choose(dir: &Path, dir_file: &File) -> Staging {
        let Ok(mut file) = create_unnamed(dir) else { return Staging::Hidden };
        let probe = format!(".probe-{}", std::process::id());
        let _ = std::fs::remove_file(dir.join(&probe));
        let linked = file.write_all(b"probe").and_then(|()| link_unnamed(&file, dir_file, &probe));
        let _ = std::fs::remove_file(dir.join(&probe));
        if linked.is_ok() {
            Staging::Unnamed
        } else {
            Staging::Hidden
        }
    }
}

/// Stage one: writes a batch and makes its data durable.
struct Committer {
    dir: PathBuf,
    dir_file: File,
    staging: Staging,
    tmp_seq: u64,
}

/// Stage two: names what stage one synced, appends the index, syncs that, answers.
struct Publisher {
    dir: PathBuf,
    dir_file: File,
    index: File,
    /// The index's length after its last whole line.
    index_len: u64,
}

/// One body of a batch on its way to the disk.
struct Pending {
    /// The hidden file's path ([`Staging::Hidden`]); `None` for a file without a name.
    tmp: Option<PathBuf>,
    name: String,
    index: Option<IndexLine>,
    /// Open until the file is named (a file without a name has only this descriptor).
    file: Option<File>,
    result: io::Result<()>,
    done: oneshot::Sender<io::Result<String>>,
}

/// A batch whose data is durable, for stage two.
struct Synced {
    pending: Vec<Pending>,
    lines: Vec<u8>,
    appended: Vec<oneshot::Sender<io::Result<()>>>,
    prunes: Vec<(Rotation, oneshot::Sender<io::Result<usize>>)>,
}

impl Committer {
    /// Takes what is pending as a batch, syncs it and hands it to the publisher thread; ends
    /// (after the publisher) when every [`Writer`] is dropped.
    fn run(mut self, rx: mpsc::Receiver<Msg>, to_publish: mpsc::Sender<Synced>, publishing: JoinHandle<()>) {
        while let Ok(first) = rx.recv() {
            let mut batch = vec![first];
            while batch.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(m) => batch.push(m),
                    Err(_) => break,
                }
            }
            if to_publish.send(self.sync(batch)).is_err() {
                break;
            }
        }
        drop(to_publish);
        let _ = publishing.join();
    }

    fn sync(&mut self, batch: Vec<Msg>) -> Synced {
        let mut s = Synced { pending: Vec::new(), lines: Vec::new(), appended: Vec::new(), prunes: Vec::new() };
        for msg in batch {
            match msg {
                Msg::Index(line, done) => {
                    push_line(&mut s.lines, &line);
                    s.appended.push(done);
                }
                Msg::Prune(rotation, done) => s.prunes.push((rotation, done)),
                Msg::Barrier(done) => s.appended.push(done),
                Msg::Save { name, bytes, index, done } => {
                    let (tmp, file) = match self.staging {
                        Staging::Unnamed => (None, create_unnamed(&self.dir)),
                        Staging::Hidden => {
                            self.tmp_seq += 1;
                            let tmp = self.dir.join(format!(".tmp-{}-{}", std::process::id(), self.tmp_seq));
                            let file = OpenOptions::new().write(true).create_new(true).open(&tmp);
                            (Some(tmp), file)
                        }
                    };
                    let written = file.and_then(|mut f| f.write_all(&bytes).map(|()| f));
                    let (file, result) = match written {
                        Ok(f) => (Some(f), Ok(())),
                        Err(e) => (None, Err(e)),
                    };
                    s.pending.push(Pending { tmp, name, index, file, result, done });
                }
            }
        }
        let files: Vec<&File> = s.pending.iter().filter_map(|p| p.file.as_ref()).collect();
        let synced = sync_files(&files, &self.dir_file);
        for (p, r) in s.pending.iter_mut().filter(|p| p.file.is_some()).zip(synced) {
            if let Err(e) = r {
                p.result = Err(e);
            }
        }
        s
    }
}

impl Publisher {
    fn run(mut self, rx: mpsc::Receiver<Synced>) {
        while let Ok(first) = rx.recv() {
            let mut batches = vec![first];
            while let Ok(more) = rx.try_recv() {
                batches.push(more);
            }
            self.publish(batches);
        }
    }

    fn publish(&mut self, batches: Vec<Synced>) {
        let mut lines = Vec::new();
        let mut pending = Vec::new();
        let mut appended = Vec::new();
        let mut prunes = Vec::new();
        for b in batches {
            lines.extend_from_slice(&b.lines);
            pending.extend(b.pending);
            appended.extend(b.appended);
            prunes.extend(b.prunes);
        }
        // Each body's name first, then its index line, then the name itself: the index line is
        // the commit record. A kill -9 between the two leaves a line whose file does not exist,
        // which the next start drops (see `super::index::repair`); never a file that the index
        // does not know, which a redelivery would save a second time.
        let mut taken = HashSet::new();
        for p in &mut pending {
            if p.result.is_ok() {
                p.name = self.free_name(&p.name, &mut taken);
            }
            match (&p.result, p.index.take()) {
                (Ok(()), Some(index)) => push_line(&mut lines, &index(&p.name)),
                (Ok(()), None) | (Err(_), _) => {}
            }
        }
        let appended_ok = self.append(&lines);
        let mut linked = Vec::new();
        for p in &mut pending {
            if let Err(e) = &appended_ok {
                if p.result.is_ok() {
                    p.result = Err(io::Error::new(e.kind(), e.to_string()));
                }
            }
            if p.result.is_ok() {
                if let Err(e) = self.place(p) {
                    p.result = Err(e);
                }
            }
            if p.result.is_err() {
                if let Some(tmp) = &p.tmp {
                    let _ = std::fs::remove_file(tmp);
                }
            }
            // A linked file's link count is on its inode: that must be synced too. Every other
            // file is closed here.
            if let (Ok(()), None, Some(f)) = (&p.result, &p.tmp, p.file.take()) {
                linked.push(f);
            }
        }
        let named = pending.iter().any(|p| p.result.is_ok());
        let shared = appended_ok.and_then(|()| self.sync(!lines.is_empty(), named, &linked));
        drop(linked);
        for done in appended {
            let _ = done.send(shared.as_ref().map(|_| ()).map_err(|e| io::Error::new(e.kind(), e.to_string())));
        }
        for p in pending {
            let result = match (&shared, p.result) {
                (Ok(()), Ok(())) => Ok(p.name),
                (Err(e), Ok(())) => Err(io::Error::new(e.kind(), e.to_string())),
                (_, Err(e)) => Err(e),
            };
            let _ = p.done.send(result);
        }
        for (rotation, done) in prunes {
            let _ = done.send(self.prune(rotation, std::time::SystemTime::now().into()));
        }
    }

    /// Drops the oldest captures past `rotation`: the index is rewritten without their lines
    /// (atomically: a new file renamed over it), then their files are removed. A refusal line
    /// goes with the captures before it (`max_captures`) or when it is too old (`max_age`).
    fn prune(&mut self, rotation: Rotation, now: chrono::DateTime<chrono::Utc>) -> io::Result<usize> {
        #[derive(serde::Deserialize)]
        struct Head {
            file: Option<String>,
            time: Option<String>,
        }
        let text = std::fs::read(self.dir.join(INDEX))?;
        let lines: Vec<(&[u8], Option<Head>)> = text
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| (l, serde_json::from_slice::<Head>(l).ok()))
            .collect();
        let captures = lines.iter().filter(|(_, h)| h.as_ref().is_some_and(|h| h.file.is_some())).count();
        let mut over = rotation.max_captures.map_or(0, |m| captures.saturating_sub(m));
        let cutoff = rotation.max_age.and_then(|a| chrono::Duration::from_std(a).ok()).map(|a| now - a);
        let old = |h: &Head| {
            let time = h.time.as_deref().and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok());
            matches!((cutoff, time), (Some(c), Some(t)) if t < c)
        };
        let mut keep: Vec<&[u8]> = Vec::with_capacity(lines.len());
        let mut gone: Vec<&str> = Vec::new();
        for (line, head) in &lines {
            let Some(h) = head else {
                keep.push(line);
                continue;
            };
            let capture = h.file.is_some();
            if (over > 0) || old(h) {
                if let Some(f) = &h.file {
                    gone.push(f);
                }
                over = over.saturating_sub(usize::from(capture));
                continue;
            }
            keep.push(line);
        }
        let dropped = lines.len() - keep.len();
        if dropped == 0 {
            return Ok(0);
        }
        super::index::rewrite(&self.dir, keep.into_iter())?;
        self.index = OpenOptions::new().append(true).open(self.dir.join(INDEX))?;
        self.index_len = self.index.metadata()?.len();
        for f in &gone {
            if super::index::is_plain_name(f) {
                match std::fs::remove_file(self.dir.join(f)) {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                    _ => {}
                }
            }
        }
        self.dir_file.sync_all()?;
        Ok(gone.len())
    }

    /// Appends `lines` to the index in one write. A write that fails (a full disk) is undone:
    /// the index is cut back to its last whole line, never left with part of one.
    fn append(&mut self, lines: &[u8]) -> io::Result<()> {
        if lines.is_empty() {
            return Ok(());
        }
        match self.index.write_all(lines) {
            Ok(()) => {
                self.index_len += lines.len() as u64;
                Ok(())
            }
            Err(e) => {
                let _ = self.index.set_len(self.index_len);
                Err(e)
            }
        }
    }

    /// Makes the index (when `lines`), the directory (when `named`) and the inodes of `linked`
    /// durable: one `syncfs` for all of it where it works.
    fn sync(&mut self, lines: bool, named: bool, linked: &[File]) -> io::Result<()> {
        let many = usize::from(lines) + usize::from(named) + linked.len();
        if many > 2 && sync_filesystem(&self.dir_file).is_ok() {
            return Ok(());
        }
        // fsync, not fdatasync: a link count is metadata that reading the data does not need.
        for f in linked {
            f.sync_all()?;
        }
        if named {
            self.dir_file.sync_all()?;
        }
        if lines {
            self.index.sync_data()?;
        }
        Ok(())
    }

    /// `name`, or the first of `stem-1.ext`, `stem-2.ext`, … that no file has and no other body
    /// of this batch took. This process is the directory's only writer (see `super::Lock`).
    fn free_name(&self, name: &str, taken: &mut HashSet<String>) -> String {
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
        let mut candidate = name.to_string();
        for n in 1.. {
            if !taken.contains(&candidate) && std::fs::symlink_metadata(self.dir.join(&candidate)).is_err() {
                break;
            }
            candidate = if ext.is_empty() { format!("{stem}-{n}") } else { format!("{stem}-{n}.{ext}") };
        }
        taken.insert(candidate.clone());
        candidate
    }

    /// Gives a synced body its visible name, never replacing a file.
    fn place(&self, p: &Pending) -> io::Result<()> {
        match (&p.tmp, &p.file) {
            (None, Some(file)) => link_unnamed(file, &self.dir_file, &p.name),
            (Some(tmp), _) => {
                let target = self.dir.join(&p.name);
                if std::fs::symlink_metadata(&target).is_ok() {
                    Err(io::Error::from(io::ErrorKind::AlreadyExists))
                } else {
                    std::fs::rename(tmp, &target)
                }
            }
            (None, None) => Err(io::Error::other("the capture's file was closed before it was named")),
        }
    }
}

fn push_line(lines: &mut Vec<u8>, line: &str) {
    lines.extend_from_slice(line.trim_end_matches('\n').as_bytes());
    lines.push(b'\n');
}

/// Makes the data of a batch's files durable, a result per file. Several files: one `syncfs`
/// (Linux), a single sweep and a single cache flush for all of them. One or two files, or where
/// `syncfs` fails or does not exist: each file's own `fdatasync`, several at once.
fn sync_files(files: &[&File], dir: &File) -> Vec<io::Result<()>> {
    if files.len() > 2 && sync_filesystem(dir).is_ok() {
        return files.iter().map(|_| Ok(())).collect();
    }
    sync_files_one_by_one(files)
}

fn sync_files_one_by_one(files: &[&File]) -> Vec<io::Result<()>> {
    if files.len() <= 1 {
        return files.iter().map(|f| f.sync_data()).collect();
    }
    let per_thread = files.len().div_ceil(SYNC_THREADS);
    std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(per_thread)
            .map(|chunk| s.spawn(move || chunk.iter().map(|f| f.sync_data()).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .zip(files.chunks(per_thread))
            .flat_map(|(h, chunk)| {
                h.join()
                    .unwrap_or_else(|_| chunk.iter().map(|_| Err(io::Error::other("a sync thread panicked"))).collect())
            })
            .collect()
    })
}

/// `syncfs(2)` on the file system holding `dir`: every dirty page and inode there is written.
#[cfg(target_os = "linux")]
fn sync_filesystem(dir: &File) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    // SAFETY: syncfs reads no memory of ours; the descriptor is open for the whole call.
    let r = unsafe { libc::syncfs(dir.as_raw_fd()) };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn sync_filesystem(_dir: &File) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// A file in `dir` that has no name (`O_TMPFILE`), open for writing.
#[cfg(target_os = "linux")]
fn create_unnamed(dir: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new().write(true).custom_flags(libc::O_TMPFILE).open(dir)
}

#[cfg(not(target_os = "linux"))]
fn create_unnamed(_dir: &Path) -> io::Result<File> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Gives a file without a name the name `name` in `dir`; fails with `AlreadyExists` rather than
/// replace a file.
#[cfg(target_os = "linux")]
fn link_unnamed(file: &File, dir: &File, name: &str) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::fd::AsRawFd;
    let from = CString::new(format!("/proc/self/fd/{}", file.as_raw_fd()))?;
    let to = CString::new(name)?;
    // SAFETY: both paths are NUL-terminated strings that outlive the call; both descriptors are
    // open for the whole call.
    let r =
        unsafe { libc::linkat(libc::AT_FDCWD, from.as_ptr(), dir.as_raw_fd(), to.as_ptr(), libc::AT_SYMLINK_FOLLOW) };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn link_unnamed(_file: &File, _dir: &File, _name: &str) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_whole_files_and_index_lines() {
        let stagings: &[Option<Staging>] = if cfg!(target_os = "linux") {
            &[None, Some(Staging::Unnamed), Some(Staging::Hidden)]
        } else {
            &[None, Some(Staging::Hidden)]
        };
        for &staging in stagings {
            let dir = tempfile::tempdir().unwrap();
            let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
            let w = Writer::start(dir.path(), staging).unwrap();
            let names = rt.block_on(async {
                let line = |n: u32| Some(Box::new(move |f: &str| format!("{{\"n\":{n},\"f\":\"{f}\"}}")) as IndexLine);
                let a = w.save("a.xml".into(), Bytes::from_static(b"<a/>"), line(1));
                let b = w.save("a.xml".into(), Bytes::from_static(b"<b/>"), line(2));
                let c = w.save("a.xml".into(), Bytes::from_static(b"<c/>"), None);
                let (a, b, c) = tokio::join!(a, b, c);
                [a.unwrap(), b.unwrap(), c.unwrap()]
            });
            assert_eq!(names, ["a.xml", "a-1.xml", "a-2.xml"], "{staging:?}");
            assert_eq!(std::fs::read(dir.path().join("a.xml")).unwrap(), b"<a/>");
            assert_eq!(std::fs::read(dir.path().join("a-1.xml")).unwrap(), b"<b/>");
            assert_eq!(std::fs::read(dir.path().join("a-2.xml")).unwrap(), b"<c/>");
            rt.block_on(w.index("{\"n\":3}".into())).unwrap();
            let index = std::fs::read_to_string(dir.path().join(INDEX)).unwrap();
            assert_eq!(index, "{\"n\":1,\"f\":\"a.xml\"}\n{\"n\":2,\"f\":\"a-1.xml\"}\n{\"n\":3}\n");
            let mut left: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            left.sort();
            assert_eq!(left, ["a-1.xml", "a-2.xml", "a.xml", INDEX], "{staging:?}: nothing hidden is left");
        }
    }

    #[test]
    fn prune_drops_the_oldest_captures_and_their_lines() {
        let dir = tempfile::tempdir().unwrap();
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let w = Writer::open(dir.path()).unwrap();
        let line = |t: &'static str| {
            Some(Box::new(move |f: &str| format!("{{\"file\":\"{f}\",\"time\":\"{t}\"}}")) as IndexLine)
        };
        rt.block_on(async {
            w.save("a.xml".into(), Bytes::from_static(b"a"), line("2026-01-01T00:00:00.000Z")).await.unwrap();
            w.index("{\"rejected\":true,\"time\":\"2026-01-01T00:00:01.000Z\"}".into()).await.unwrap();
            w.save("b.xml".into(), Bytes::from_static(b"b"), line("2026-01-02T00:00:00.000Z")).await.unwrap();
            w.save("c.xml".into(), Bytes::from_static(b"c"), line("2999-01-01T00:00:00.000Z")).await.unwrap();
            let keep_two = Rotation { max_captures: Some(2), max_age: None };
            assert_eq!(w.prune(keep_two).await.unwrap(), 1);
            assert_eq!(w.prune(keep_two).await.unwrap(), 0, "nothing more to do");
            let a_day = Rotation { max_captures: None, max_age: Some(std::time::Duration::from_secs(86_400)) };
            assert_eq!(w.prune(a_day).await.unwrap(), 1);
            // The writer appends to the new index.
            w.save("d.xml".into(), Bytes::from_static(b"d"), line("2999-01-02T00:00:00.000Z")).await.unwrap();
        });
        let index = std::fs::read_to_string(dir.path().join(INDEX)).unwrap();
        let files: Vec<&str> = index.lines().map(|l| l.split('"').nth(3).unwrap()).collect();
        assert_eq!(files, ["c.xml", "d.xml"], "{index}");
        assert!(!dir.path().join("a.xml").exists() && !dir.path().join("b.xml").exists());
        assert!(dir.path().join("c.xml").exists() && dir.path().join("d.xml").exists());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn linux_files_wait_without_a_name() {
        let dir = tempfile::tempdir().unwrap();
        let dir_file = File::open(dir.path()).unwrap();
        // ext4, xfs, btrfs and tmpfs take O_TMPFILE; a file system that does not gets hidden files.
        let expected = if create_unnamed(dir.path()).is_ok() { Staging::Unnamed } else { Staging::Hidden };
        assert_eq!(Staging::choose(dir.path(), &dir_file), expected);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "the probe leaves nothing");
    }
}
