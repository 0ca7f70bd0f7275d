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
        let index = OpenOptions::new().create(true).append(true).open(dir.join(INDEX))?;
        let (tx, rx) = mpsc::channel();
        let committer = Committer { dir: dir.to_path_buf(), dir_file, index, tmp_seq: 0 };
        std::thread::Builder::new().name("cicb-commit".into()).spawn(move || committer.run(rx))?;
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

struct Committer {
    dir: PathBuf,
    dir_file: File,
    index: File,
    tmp_seq: u64,
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

impl Committer {
    fn run(mut self, rx: mpsc::Receiver<Msg>) {
        while let Ok(first) = rx.recv() {
            let mut batch = vec![first];
            while batch.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(m) => batch.push(m),
                    Err(_) => break,
                }
            }
            self.commit(batch);
        }
    }

    fn commit(&mut self, batch: Vec<Msg>) {
        let mut lines = Vec::new();
        let mut pending = Vec::new();
        let mut appended = Vec::new();
        for msg in batch {
            match msg {
                Msg::Index(line, done) => {
                    push_line(&mut lines, &line);
                    appended.push(done);
                }
                Msg::Save { name, bytes, index, done } => {
                    self.tmp_seq += 1;
                    let tmp = self.dir.join(format!(".tmp-{}-{}", std::process::id(), self.tmp_seq));
                    let (file, result) = match write_new(&tmp, &bytes) {
                        Ok(f) => (Some(f), Ok(())),
                        Err(e) => (None, Err(e)),
                    };
                    pending.push(Pending { tmp, name, index, file, result, done });
                }
            }
        }
        sync_all(&mut pending);
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

/// Syncs the batch's files, several at once: the file system folds concurrent syncs into one
/// journal commit.
fn sync_all(pending: &mut [Pending]) {
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
