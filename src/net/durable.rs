//! Durable captures with group commit: a committer thread takes every write that is pending,
//! writes each body to a hidden temporary file, syncs them all, renames them to their visible
//! names, syncs the directory once and appends their index lines (synced once), then wakes every
//! waiter. A body is acknowledged only after all of that, so a `kill -9` at any moment leaves
//! each acknowledged capture whole and never a partial file under a visible name (a `.tmp-…`
//! file may remain; it is hidden and never renamed).

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use tokio::sync::oneshot;

/// The name of the index file in the capture directory.
pub const INDEX: &str = "index.ndjson";

/// Most writes committed together.
const MAX_BATCH: usize = 512;

/// Most threads syncing files of one batch at once.
const SYNC_THREADS: usize = 8;

/// Builds a capture's index line from the name it was saved under.
pub type IndexLine = Box<dyn FnOnce(&str) -> String + Send>;

enum Msg {
    Save { name: String, bytes: Vec<u8>, index: Option<IndexLine>, done: oneshot::Sender<io::Result<String>> },
    Index(String, oneshot::Sender<io::Result<()>>),
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
        std::fs::create_dir_all(dir)?;
        let dir_file = File::open(dir)?;
        let committer = Committer { dir: dir.to_path_buf(), dir_file, tmp_seq: 0 };
        let publisher = committer.publisher()?;
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new().name("cicb-commit".into()).spawn(move || committer.run(rx, publisher))?;
        Ok(Writer { tx })
    }

    /// Saves `bytes` as `name` (with a `-N` suffix when that name exists) and the line `index`
    /// builds from the name used; resolves to that name once both are durable.
    pub async fn save(&self, name: String, bytes: Vec<u8>, index: Option<IndexLine>) -> io::Result<String> {
        let (done, wait) = oneshot::channel();
        self.tx.send(Msg::Save { name, bytes, index, done }).map_err(|_| stopped())?;
        wait.await.map_err(|_| stopped())?
    }

    /// Appends a line to the index; resolves once it is durable.
    pub async fn index(&self, line: String) -> io::Result<()> {
        let (done, wait) = oneshot::channel();
        self.tx.send(Msg::Index(line, done)).map_err(|_| stopped())?;
        wait.await.map_err(|_| stopped())?
    }
}

fn stopped() -> io::Error {
    io::Error::other("the capture writer stopped")
}

/// Stage one: writes a batch to hidden files and makes their data durable.
struct Committer {
    dir: PathBuf,
    dir_file: File,
    tmp_seq: u64,
}

/// Stage two: renames what stage one synced, syncs the directory and the index, answers.
struct Publisher {
    dir: PathBuf,
    dir_file: File,
    index: File,
}

/// One body of a batch on its way to the disk.
struct Pending {
    tmp: PathBuf,
    name: String,
    index: Option<IndexLine>,
    file: Option<File>,
    result: io::Result<()>,
    done: oneshot::Sender<io::Result<String>>,
}

/// A batch whose data is durable, for stage two.
struct Synced {
    pending: Vec<Pending>,
    lines: Vec<u8>,
    appended: Vec<oneshot::Sender<io::Result<()>>>,
}

impl Committer {
    /// The two stages run at once, on two batches: while one batch is renamed and its
    /// directory synced, the next one's data is being synced.
    fn run(mut self, rx: mpsc::Receiver<Msg>, publisher: Publisher) {
        let (tx, synced) = mpsc::channel::<Synced>();
        let publish = std::thread::Builder::new().name("cicb-publish".into()).spawn(move || publisher.run(synced));
        while let Ok(first) = rx.recv() {
            let mut batch = vec![first];
            while batch.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(m) => batch.push(m),
                    Err(_) => break,
                }
            }
            let s = self.sync(batch);
            match &publish {
                Ok(_) => {
                    if tx.send(s).is_err() {
                        break;
                    }
                }
                // No second thread: publish here.
                Err(_) => {
                    let Ok(mut p) = self.publisher() else { break };
                    p.publish(vec![s]);
                }
            }
        }
        drop(tx);
        if let Ok(h) = publish {
            let _ = h.join();
        }
    }

    fn publisher(&self) -> io::Result<Publisher> {
        let index = OpenOptions::new().create(true).append(true).open(self.dir.join(INDEX))?;
        Ok(Publisher { dir: self.dir.clone(), dir_file: self.dir_file.try_clone()?, index })
    }

    fn sync(&mut self, batch: Vec<Msg>) -> Synced {
        let mut s = Synced { pending: Vec::new(), lines: Vec::new(), appended: Vec::new() };
        for msg in batch {
            match msg {
                Msg::Index(line, done) => {
                    push_line(&mut s.lines, &line);
                    s.appended.push(done);
                }
                Msg::Save { name, bytes, index, done } => {
                    self.tmp_seq += 1;
                    let tmp = self.dir.join(format!(".tmp-{}-{}", std::process::id(), self.tmp_seq));
                    let (file, result) = match write_new(&tmp, &bytes) {
                        Ok(f) => (Some(f), Ok(())),
                        Err(e) => (None, Err(e)),
                    };
                    s.pending.push(Pending { tmp, name, index, file, result, done });
                }
            }
        }
        sync_data(&mut s.pending, &self.dir_file);
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
        for b in batches {
            lines.extend_from_slice(&b.lines);
            pending.extend(b.pending);
            appended.extend(b.appended);
        }
        for p in &mut pending {
            if p.result.is_ok() {
                match self.rename(&p.tmp, &p.name) {
                    Ok(name) => p.name = name,
                    Err(e) => p.result = Err(e),
                }
            }
            match (&p.result, p.index.take()) {
                (Ok(()), Some(index)) => push_line(&mut lines, &index(&p.name)),
                (Ok(()), None) => {}
                (Err(_), _) => {
                    let _ = std::fs::remove_file(&p.tmp);
                }
            }
        }
        // The directory (for the renames) and the index are synced at the same time.
        let renamed = pending.iter().any(|p| p.result.is_ok());
        let (dir_file, index) = (&self.dir_file, &mut self.index);
        let shared = std::thread::scope(|s| {
            let lines_done =
                (!lines.is_empty()).then(|| s.spawn(|| index.write_all(&lines).and_then(|()| index.sync_data())));
            let dir_done = if renamed { dir_file.sync_all() } else { Ok(()) };
            let lines_done = lines_done
                .map_or(Ok(()), |h| h.join().unwrap_or_else(|_| Err(io::Error::other("index writer panicked"))));
            dir_done.and(lines_done)
        });
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
    }

    /// Renames without replacing: a name that exists gets `-1`, `-2`, … before its extension.
    fn rename(&self, tmp: &Path, name: &str) -> io::Result<String> {
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
        let mut candidate = name.to_string();
        for n in 1.. {
            let target = self.dir.join(&candidate);
            if std::fs::symlink_metadata(&target).is_err() {
                std::fs::rename(tmp, &target)?;
                return Ok(candidate);
            }
            candidate = if ext.is_empty() { format!("{stem}-{n}") } else { format!("{stem}-{n}.{ext}") };
        }
        unreachable!("1.. never ends")
    }
}

fn push_line(lines: &mut Vec<u8>, line: &str) {
    lines.extend_from_slice(line.trim_end_matches('\n').as_bytes());
    lines.push(b'\n');
}

fn write_new(path: &Path, bytes: &[u8]) -> io::Result<File> {
    let mut f = OpenOptions::new().write(true).create_new(true).open(path)?;
    f.write_all(bytes)?;
    Ok(f)
}

/// Makes the data of a batch's files durable. Several files: one `syncfs` (Linux), a single
/// journal commit for all of them (a file's own fsync costs a commit each, and concurrent ones
/// are not folded together on every file system). One or two files, or where `syncfs` fails or
/// does not exist: each file's own `fdatasync`, several at once.
fn sync_data(pending: &mut [Pending], dir: &File) {
    let files = pending.iter().filter(|p| p.file.is_some()).count();
    if files > 2 && sync_filesystem(dir).is_ok() {
        for p in pending.iter_mut() {
            p.file = None;
        }
        return;
    }
    let todo: Vec<&mut Pending> = pending.iter_mut().filter(|p| p.file.is_some()).collect();
    if todo.len() <= 1 {
        for p in todo {
            sync_one(p);
        }
        return;
    }
    let per_thread = todo.len().div_ceil(SYNC_THREADS);
    let mut chunks: Vec<Vec<&mut Pending>> = Vec::new();
    let mut it = todo.into_iter().peekable();
    while it.peek().is_some() {
        chunks.push(it.by_ref().take(per_thread).collect());
    }
    std::thread::scope(|s| {
        for chunk in chunks {
            s.spawn(move || chunk.into_iter().for_each(sync_one));
        }
    });
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

fn sync_one(p: &mut Pending) {
    if let Some(f) = p.file.take() {
        if let Err(e) = f.sync_data() {
            p.result = Err(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_whole_files_and_index_lines() {
        let dir = tempfile::tempdir().unwrap();
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let w = Writer::open(dir.path()).unwrap();
        let names = rt.block_on(async {
            let line = |n: u32| Some(Box::new(move |f: &str| format!("{{\"n\":{n},\"f\":\"{f}\"}}")) as IndexLine);
            let a = w.save("a.xml".into(), b"<a/>".to_vec(), line(1));
            let b = w.save("a.xml".into(), b"<b/>".to_vec(), line(2));
            let (a, b) = tokio::join!(a, b);
            [a.unwrap(), b.unwrap()]
        });
        assert_eq!(names, ["a.xml", "a-1.xml"]);
        assert_eq!(std::fs::read(dir.path().join("a.xml")).unwrap(), b"<a/>");
        assert_eq!(std::fs::read(dir.path().join("a-1.xml")).unwrap(), b"<b/>");
        rt.block_on(w.index("{\"n\":3}".into())).unwrap();
        let index = std::fs::read_to_string(dir.path().join(INDEX)).unwrap();
        assert_eq!(index, "{\"n\":1,\"f\":\"a.xml\"}\n{\"n\":2,\"f\":\"a-1.xml\"}\n{\"n\":3}\n");
        let hidden: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp-"))
            .collect();
        assert!(hidden.is_empty());
    }
}
