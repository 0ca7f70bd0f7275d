//! Reading `index.ndjson` back: what a folder already holds (so that a redelivered Kafka message
//! is not saved twice), and the repairs made when a folder is opened after a crash.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

use serde::Deserialize;

use super::durable::INDEX;

/// The side file that keeps an index's damaged tail.
pub const DAMAGED: &str = "index.ndjson.damaged";

/// The members of an index line that reading it back needs (every line type has them or lacks
/// them alike).
#[derive(Debug, Deserialize)]
pub struct Line {
    /// The capture's file; absent on a line that saved nothing (a refusal).
    pub file: Option<String>,
    /// The Kafka topic a capture came from.
    pub topic: Option<String>,
    /// Its partition.
    pub partition: Option<i32>,
    /// Its offset.
    pub offset: Option<i64>,
}

/// A Kafka message's place: topic, partition, offset.
pub type Position = (String, i32, i64);

/// What an index held when its folder was opened.
#[derive(Debug, Default)]
pub struct Index {
    /// Its whole lines.
    pub lines: usize,
    /// Its lines that name a capture's file.
    pub captures: usize,
    /// Where every Kafka capture in it came from.
    pub positions: HashSet<Position>,
}

/// Reads `dir`'s index and repairs what a crash left: hidden files of unfinished saves are
/// removed, a cut last line moves to [`DAMAGED`], and lines at the end whose file was never
/// named (the process died between the two) are dropped. Returns the index and a sentence per
/// repair.
pub fn repair(dir: &Path) -> io::Result<(Index, Vec<String>)> {
    let mut repairs = Vec::new();
    let stale = remove_stale(dir)?;
    if stale > 0 {
        repairs.push(format!("removed {stale} unfinished save{} (hidden .tmp- files)", plural(stale)));
    }
    let path = dir.join(INDEX);
    let mut text = match std::fs::read(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((Index::default(), repairs)),
        Err(e) => return Err(e),
    };
    let whole = text.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    if whole < text.len() {
        let cut = text.split_off(whole);
        let mut side = OpenOptions::new().create(true).append(true).open(dir.join(DAMAGED))?;
        side.write_all(&cut)?;
        side.write_all(b"\n")?;
        side.sync_all()?;
        OpenOptions::new().write(true).open(&path)?.set_len(whole as u64)?;
        repairs.push(format!(
            "the last line of {INDEX} was cut ({} bytes): kept in {DAMAGED} and taken out of the index",
            cut.len()
        ));
    }
    let mut lines: Vec<(&[u8], Option<Line>)> = text
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| (l, serde_json::from_slice::<Line>(l).ok()))
        .collect();
    // Lines are written before their files are named: the last lines may name files that a
    // crash kept from being named. Their bodies were never acknowledged.
    let mut keep = lines.len();
    while keep > 0 {
        match &lines[keep - 1].1 {
            Some(Line { file: Some(f), .. }) if !is_plain_name(f) || !dir.join(f).exists() => keep -= 1,
            Some(Line { file: Some(_), .. }) => break,
            _ => keep -= 1,
        }
    }
    // Lines without a file (refusals) after the last saved capture stay.
    let dropped: Vec<usize> = (keep..lines.len())
        .filter(
            |&i| matches!(&lines[i].1, Some(Line { file: Some(f), .. }) if !is_plain_name(f) || !dir.join(f).exists()),
        )
        .collect();
    if !dropped.is_empty() {
        for &i in dropped.iter().rev() {
            lines.remove(i);
        }
        rewrite(dir, lines.iter().map(|(l, _)| *l))?;
        let n = dropped.len();
        repairs.push(format!(
            "dropped {n} index line{} whose file was never written (a save cut short; it was not acknowledged)",
            plural(n)
        ));
    }
    let mut index = Index { lines: lines.len(), captures: 0, positions: HashSet::new() };
    for (_, line) in lines {
        index.captures += usize::from(matches!(&line, Some(Line { file: Some(_), .. })));
        if let Some(Line { file: Some(_), topic: Some(t), partition: Some(p), offset: Some(o) }) = line {
            index.positions.insert((t, p, o));
        }
    }
    Ok((index, repairs))
}

/// A file name in the folder itself: no separator, not `.` or `..`.
pub(crate) fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', '\0'])
}

/// Replaces the index with `lines`, atomically: a new file, synced, renamed over the old one.
pub fn rewrite<'a>(dir: &Path, lines: impl Iterator<Item = &'a [u8]>) -> io::Result<()> {
    let tmp = dir.join(format!(".tmp-index-{}", std::process::id()));
    let mut f = File::create(&tmp)?;
    let mut buf = Vec::new();
    for l in lines {
        buf.extend_from_slice(l);
        buf.push(b'\n');
    }
    let written = f.write_all(&buf).and_then(|()| f.sync_all());
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, dir.join(INDEX))?;
    File::open(dir)?.sync_all()
}

/// Removes the hidden `.tmp-…` files a process that died mid-save left; returns how many.
fn remove_stale(dir: &Path) -> io::Result<usize> {
    let mut n = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if name.to_str().is_some_and(|s| s.starts_with(".tmp-")) && entry.file_type()?.is_file() {
            std::fs::remove_file(entry.path())?;
            n += 1;
        }
    }
    Ok(n)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(file: &str, offset: i64) -> String {
        format!("{{\"file\":\"{file}\",\"topic\":\"t\",\"partition\":0,\"offset\":{offset}}}\n")
    }

    #[test]
    fn a_cut_line_and_unnamed_files_are_repaired() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("a.xml"), "<a/>").unwrap();
        std::fs::write(d.join(".tmp-1-1"), "partial").unwrap();
        let index = format!(
            "{}{{\"rejected\":true,\"status\":404}}\n{}{}{{\"file\":\"c.x",
            line("a.xml", 1),
            line("b.xml", 2),
            line("../a.xml", 3)
        );
        std::fs::write(d.join(INDEX), &index).unwrap();
        let (ix, repairs) = repair(d).unwrap();
        assert_eq!(repairs.len(), 3, "{repairs:?}");
        assert_eq!(ix.lines, 2);
        assert_eq!(ix.positions, HashSet::from([("t".to_string(), 0, 1)]));
        let after = std::fs::read_to_string(d.join(INDEX)).unwrap();
        assert_eq!(after, format!("{}{{\"rejected\":true,\"status\":404}}\n", line("a.xml", 1)));
        assert_eq!(std::fs::read_to_string(d.join(DAMAGED)).unwrap(), "{\"file\":\"c.x\n");
        assert!(!d.join(".tmp-1-1").exists());
        let (again, repairs) = repair(d).unwrap();
        assert!(repairs.is_empty(), "a repaired folder needs nothing: {repairs:?}");
        assert_eq!(again.lines, 2);
    }

    #[test]
    fn no_index_is_an_empty_one() {
        let dir = tempfile::tempdir().unwrap();
        let (ix, repairs) = repair(dir.path()).unwrap();
        assert_eq!((ix.lines, repairs.len()), (0, 0));
    }
}
