//! The one walker every command uses for its inputs: files as given, folders expanded
//! recursively (their `*.xml` and `*.json` files, sorted by path, symbolic links to folders not
//! followed), `-` or nothing as stdin, `--exclude` globs left out.

use std::path::{Path, PathBuf};

use anyhow::bail;
use glob::{MatchOptions, Pattern};

/// One input a command reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input (`-`, or no path at all).
    Stdin,
    /// A file, as given or found in a folder.
    File(PathBuf),
    /// A folder entry that could not be read: its name and why.
    Unreadable(String, String),
}

impl Source {
    /// The name diagnostics use: the path as given, or `<stdin>`.
    pub fn origin(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_string(),
            Source::File(p) => p.display().to_string(),
            Source::Unreadable(name, _) => name.clone(),
        }
    }

    /// The path to read, `None` for stdin.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Source::File(p) => Some(p),
            _ => None,
        }
    }
}

/// What a walk found, and notes on folders that held nothing to read.
#[derive(Debug, Default)]
pub struct Walk {
    /// The inputs, in the order given (a folder's files sorted by path).
    pub sources: Vec<Source>,
    /// `no *.xml or *.json files under DIR`, one per such folder.
    pub notes: Vec<String>,
    /// A folder was given (its files are reported as several inputs, even when it holds one).
    pub folders: bool,
}

impl Walk {
    /// True when the inputs are several (or came from a folder): each is then named in the output.
    pub fn several(&self) -> bool {
        self.sources.len() > 1 || self.folders
    }
}

/// `--exclude` globs: `*`, `?`, `[abc]`, and `**` for any number of folders.
#[derive(Debug, Clone, Default)]
pub struct Excludes(Vec<Pattern>);

impl Excludes {
    /// True when `path` (as found), the part of it below the folder given (`root`), or its file
    /// name matches one of the globs.
    fn matches(&self, path: &Path, root: Option<&Path>) -> bool {
        // `*` stops at `/`, as in a shell; `**` crosses folders.
        let opts = MatchOptions { require_literal_separator: true, ..MatchOptions::new() };
        let below = root.and_then(|r| path.strip_prefix(r).ok()).filter(|p| !p.as_os_str().is_empty());
        let name = path.file_name().map(Path::new);
        let candidates = [Some(path), below, name];
        self.0.iter().any(|p| candidates.iter().flatten().any(|c| p.matches_path_with(c, opts)))
    }
}

/// Compiles `--exclude` globs (matched against the path as found, and against the file name).
pub fn excludes(globs: &[String]) -> anyhow::Result<Excludes> {
    let mut set = Vec::new();
    for g in globs {
        match Pattern::new(g) {
            Ok(p) => set.push(p),
            Err(e) => bail!("invalid --exclude glob `{}`: {e}", crate::sanitize::sanitize(g)),
        }
    }
    Ok(Excludes(set))
}

/// True for the files a folder walk picks up.
pub fn is_body_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xml") || e.eq_ignore_ascii_case("json"))
}

/// Expands `paths` (nothing means stdin). `-` may be given once.
pub fn walk(paths: &[PathBuf], exclude: &Excludes) -> anyhow::Result<Walk> {
    let stdin = [PathBuf::from("-")];
    let paths = if paths.is_empty() { &stdin[..] } else { paths };
    if paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        bail!("`-` (stdin) given more than once");
    }
    let mut w = Walk::default();
    for path in paths {
        if path.as_os_str() == "-" {
            w.sources.push(Source::Stdin);
        } else if path.is_dir() {
            w.folders = true;
            let before = w.sources.len();
            folder(path, exclude, &mut w.sources, &mut w.notes);
            if w.sources.len() == before {
                w.notes.push(format!("no *.xml or *.json files under {}", path.display()));
            }
        } else if !exclude.matches(path, None) {
            w.sources.push(Source::File(path.clone()));
        }
    }
    Ok(w)
}

/// The body files below `dir`, in file-name order. Symbolic links are followed (a linked file
/// is read, a linked folder walked), as `grep -R` does; a link that leads back to a folder being
/// walked is skipped with a warning in `notes`, and a dangling link is unreadable when its name
/// is a body's (`*.xml`, `*.json`) and passed over otherwise.
fn folder(dir: &Path, exclude: &Excludes, out: &mut Vec<Source>, notes: &mut Vec<String>) {
    let walker = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter();
    let walker = walker.filter_entry(|e| e.depth() == 0 || !exclude.matches(e.path(), Some(dir)));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() && is_body_file(e.path()) => out.push(Source::File(e.into_path())),
            Ok(_) => {}
            Err(e) => {
                let at = e.path().unwrap_or(dir).display().to_string();
                if let Some(ancestor) = e.loop_ancestor() {
                    notes.push(format!("skipped {at}: a symbolic link loop (it leads back to {})", ancestor.display()));
                    continue;
                }
                let dangling = e.io_error().is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound);
                if dangling && !e.path().is_some_and(is_body_file) {
                    continue;
                }
                let why = e.io_error().map_or_else(|| e.to_string(), ToString::to_string);
                out.push(Source::Unreadable(at.clone(), format!("failed to read {at}: {why}")));
            }
        }
    }
}

/// Runs `work` on every source on up to `available_parallelism` threads and hands the results
/// to `emit` in the order of `sources`, a window at a time (so output starts early and memory
/// stays bounded). Workers take the next source from a shared counter, so one large file does
/// not hold up a fixed share of the others.
pub fn par_each<T: Send, E>(
    sources: &[Source],
    work: impl Fn(&Source) -> T + Sync,
    mut emit: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    const WINDOW: usize = 512;
    // One source (the common case: a body per process) needs no thread, nor the cgroup files
    // `available_parallelism` reads.
    let workers = if sources.len() <= 1 { 1 } else { std::thread::available_parallelism().map_or(1, |n| n.get()) };
    for window in sources.chunks(WINDOW) {
        if workers <= 1 || window.len() <= 1 {
            for s in window {
                emit(work(s))?;
            }
            continue;
        }
        let next = std::sync::atomic::AtomicUsize::new(0);
        let mut done: Vec<(usize, T)> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers.min(window.len()))
                .map(|_| {
                    scope.spawn(|| {
                        let mut mine = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(source) = window.get(i) else { break };
                            mine.push((i, work(source)));
                        }
                        mine
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| match h.join() {
                    Ok(mine) => mine,
                    Err(panic) => std::panic::resume_unwind(panic),
                })
                .collect()
        });
        done.sort_by_key(|(i, _)| *i);
        for (_, t) in done {
            emit(t)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_sorted_filtered_and_excluded() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["b.xml", "a.json", "notes.txt", "sub/c.XML", "skip/d.xml", "sub/e.draft.xml", "drafts/f.xml"] {
            let p = dir.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "<Response/>").unwrap();
        }
        let ex = excludes(&["skip".into(), "*.draft.xml".into(), "drafts/**".into()]).unwrap();
        let w = walk(&[dir.path().to_path_buf()], &ex).unwrap();
        let names: Vec<String> = w
            .sources
            .iter()
            .map(|s| s.path().unwrap().strip_prefix(dir.path()).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["a.json", "b.xml", "sub/c.XML"]);
        assert!(w.notes.is_empty());
        let empty = tempfile::tempdir().unwrap();
        let w = walk(&[empty.path().to_path_buf()], &ex).unwrap();
        assert_eq!(w.notes.len(), 1);
        assert!(walk(&["-".into(), "-".into()], &ex).is_err());
        assert!(excludes(&["a[".into()]).is_err());
    }

    #[test]
    fn par_each_keeps_the_order() {
        let sources: Vec<Source> = (0..1500).map(|i| Source::File(PathBuf::from(i.to_string()))).collect();
        let mut seen = Vec::new();
        par_each(
            &sources,
            |s| s.origin(),
            |o| -> Result<(), ()> {
                seen.push(o);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, (0..1500).map(|i| i.to_string()).collect::<Vec<_>>());
    }
}
