//! What `inspect` knows of a folder: one entry per index line (and per body copied in without
//! one), kept in memory and extended as the index grows, so a list request filters entries
//! instead of reading the index again.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;
use serde_json::{json, Value};

use crate::decode::{self, Limits};
use crate::store::durable::INDEX;
use crate::store::index::DAMAGED;
use crate::summary::Summary;

/// Most bytes of a body a text search reads.
const SEARCH_BODY: u64 = 1 << 20;

/// One capture, or one refusal, as the list shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Its place in the folder's list, from 0 (index order; loose files where they were found).
    pub n: usize,
    /// The body's file: a plain name in the folder, or none (a refusal, or a name that would
    /// leave the folder).
    pub file: Option<String>,
    /// When it arrived.
    pub time: Option<String>,
    /// `job`, `workflow`, `not-a-callback`, `probe`, `rejected`, …
    pub kind: String,
    /// The body's `EventName`.
    pub event: Option<String>,
    /// A job's Tag, or a workflow's name.
    pub tag: Option<String>,
    /// The State as written.
    pub state: Option<String>,
    /// `ok`, `failed`, `invalid` (not a callback) or `rejected` (refused, nothing saved).
    pub status: &'static str,
    /// A job's JobId or a run's RunId.
    pub id: Option<String>,
    /// Bytes.
    pub size: Option<u64>,
    /// The peer, or `topic/partition@offset`.
    pub source: Option<String>,
    /// Why it is not a callback, or why it was refused.
    pub error: Option<String>,
    /// The body is in the folder but not in the index (copied in by hand).
    pub loose: bool,
    /// Lowercased ids, keys and names a text search looks in.
    #[serde(skip)]
    haystack: String,
    /// The index line, as read (`null` for a loose body).
    #[serde(skip)]
    pub meta: Value,
}

fn text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A file name in the folder itself (the store's plain-name check), neither hidden nor the
/// index.
pub fn is_plain_name(name: &str) -> bool {
    crate::store::index::is_plain_name(name) && !name.starts_with('.') && name != INDEX
}

impl Entry {
    /// An entry from an index line; `None` when the line is not a JSON object.
    pub fn from_line(n: usize, line: &[u8]) -> Option<Entry> {
        let v: Value = serde_json::from_slice(line).ok()?;
        if !v.is_object() {
            return None;
        }
        Some(Entry::from_value(n, v, false))
    }

    fn from_value(n: usize, v: Value, loose: bool) -> Entry {
        let rejected = v.get("rejected").and_then(Value::as_bool).unwrap_or(false);
        let file = text(&v, "file").filter(|f| is_plain_name(f));
        let kind = if rejected { "rejected".to_string() } else { text(&v, "kind").unwrap_or_else(|| "unknown".into()) };
        let state = text(&v, "state");
        let failed = state.as_deref().is_some_and(|s| s.to_ascii_lowercase().contains("fail"));
        let status = if rejected {
            "rejected"
        } else if kind == "not-a-callback" || file.is_none() {
            "invalid"
        } else if failed {
            "failed"
        } else {
            "ok"
        };
        let source = match (text(&v, "topic"), v.get("partition"), v.get("offset")) {
            (Some(t), Some(p), Some(o)) => Some(format!("{t}/{p}@{o}")),
            _ => text(&v, "peer"),
        };
        let error = text(&v, "error").or_else(|| text(&v, "reason")).or_else(|| text(&v, "message"));
        let mut haystack = String::new();
        for key in ["file", "id", "run_id", "tag", "event", "state", "kind", "peer", "path", "topic", "error", "reason"]
        {
            if let Some(s) = text(&v, key) {
                haystack.push_str(&s);
                haystack.push('\n');
            }
        }
        for key in ["job_ids", "key"] {
            if let Some(k) = v.get(key) {
                haystack.push_str(&k.to_string());
                haystack.push('\n');
            }
        }
        Entry {
            n,
            time: text(&v, "time"),
            event: text(&v, "event"),
            tag: text(&v, "tag"),
            id: text(&v, "id"),
            size: v.get("size").and_then(Value::as_u64),
            file,
            kind,
            state,
            status,
            source,
            error,
            loose,
            haystack: haystack.to_lowercase(),
            meta: if loose { Value::Null } else { v },
        }
    }

    /// An entry for a body found in the folder without an index line: what it says, decoded.
    pub fn loose(n: usize, name: &str, bytes: &[u8], time: Option<String>) -> Entry {
        let limits = Limits::default();
        let mut v = json!({ "file": name, "time": time, "size": bytes.len() });
        match decode::decode_bytes(bytes, None, &limits) {
            Ok(doc) => match Summary::new(name, &doc) {
                Some(s) => {
                    let run = s.workflow.as_ref().filter(|w| w.node.is_none());
                    let first = s.jobs.first();
                    v["kind"] = json!(s.kind.as_str());
                    v["event"] = json!(s.event);
                    v["state"] = json!(s.state);
                    v["tag"] = json!(run.and_then(|w| w.name).or_else(|| first.and_then(|r| r.kind)));
                    v["id"] = json!(run.and_then(|w| w.run_id).or_else(|| first.and_then(|r| r.job_id)));
                }
                None => {
                    v["kind"] = json!("not-a-callback");
                    v["error"] = json!("not a CI callback body: no JobsDetail, WorkflowExecution or audit data");
                }
            },
            Err(e) => {
                v["kind"] = json!("not-a-callback");
                v["error"] = json!(format!("{} (line {}, column {})", e.message(), e.line(), e.column()));
            }
        }
        Entry::from_value(n, v, true)
    }
}

/// What a list request asks for (from its query string).
#[derive(Debug, Default, Clone)]
pub struct Filter {
    /// `ok`, `failed`, `invalid`, `rejected`.
    pub status: Option<String>,
    /// An exact kind.
    pub kind: Option<String>,
    /// An exact Tag.
    pub tag: Option<String>,
    /// Text searched in ids, keys, names and the body.
    pub q: Option<String>,
    /// Failures (failed, invalid, rejected) before the others.
    pub failures_first: bool,
    /// Entries skipped.
    pub offset: usize,
    /// Entries returned.
    pub limit: usize,
}

impl Filter {
    /// The filter a query string (`a=1&b=x%20y`) describes.
    pub fn parse(query: &str) -> Filter {
        let mut f = Filter { limit: 100, ..Filter::default() };
        for (k, v) in query_pairs(query) {
            let v = Some(v).filter(|v| !v.is_empty());
            match k.as_str() {
                "status" => f.status = v,
                "kind" => f.kind = v,
                "tag" => f.tag = v,
                "q" => f.q = v.map(|q| q.to_lowercase()),
                "failures" => f.failures_first = v.is_some_and(|v| v != "0"),
                "offset" => f.offset = v.and_then(|v| v.parse().ok()).unwrap_or(0),
                "limit" => f.limit = v.and_then(|v| v.parse().ok()).unwrap_or(100).clamp(1, 1000),
                _ => {}
            }
        }
        f
    }
}

/// The pairs of a query string, percent-decoded (`+` is a space).
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    let decode = |s: &str| percent_encoding::percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned();
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Every entry of a folder.
#[derive(Debug, Default)]
pub struct Captures {
    entries: Vec<Entry>,
    by_file: HashMap<String, usize>,
    /// Bumped on every change; what the event stream sends.
    pub generation: u64,
}

impl Captures {
    /// Forgets everything (the index is read again).
    pub fn clear(&mut self) {
        self.entries.clear();
        self.by_file.clear();
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds an index line (one naming a body already found loose takes its place).
    pub fn add_line(&mut self, line: &[u8]) {
        let Some(mut e) = Entry::from_line(self.entries.len(), line) else { return };
        if let Some(&i) = e.file.as_ref().and_then(|f| self.by_file.get(f)) {
            e.n = i;
            self.entries[i] = e;
            return;
        }
        if let Some(f) = &e.file {
            self.by_file.insert(f.clone(), e.n);
        }
        self.entries.push(e);
    }

    /// Whether `name` is a capture of the folder.
    pub fn knows(&self, name: &str) -> bool {
        self.by_file.contains_key(name)
    }

    /// Adds a body found in the folder without an index line.
    pub fn add_loose(&mut self, name: &str, bytes: &[u8], time: Option<String>) {
        if self.knows(name) || !is_plain_name(name) {
            return;
        }
        let e = Entry::loose(self.entries.len(), name, bytes, time);
        self.by_file.insert(name.to_string(), e.n);
        self.entries.push(e);
    }

    /// The entry of a file, if the folder lists it.
    pub fn get(&self, name: &str) -> Option<&Entry> {
        self.by_file.get(name).and_then(|&i| self.entries.get(i))
    }

    /// A page of the list, newest first: `{total, matched, offset, items, kinds, tags}`.
    pub fn list(&self, f: &Filter, dir: &Path) -> Value {
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        let mut tags: BTreeMap<&str, usize> = BTreeMap::new();
        let mut statuses: BTreeMap<&str, usize> = BTreeMap::new();
        for e in &self.entries {
            *kinds.entry(&e.kind).or_default() += 1;
            *statuses.entry(e.status).or_default() += 1;
            if let Some(t) = &e.tag {
                *tags.entry(t).or_default() += 1;
            }
        }
        let mut matched: Vec<&Entry> = self.entries.iter().rev().filter(|e| self.matches(e, f, dir)).collect();
        if f.failures_first {
            // A stable sort: newest first within each group.
            matched.sort_by_key(|e| e.status == "ok");
        }
        let items: Vec<&Entry> = matched.iter().skip(f.offset).take(f.limit).copied().collect();
        json!({
            "total": self.entries.len(),
            "matched": matched.len(),
            "offset": f.offset,
            "generation": self.generation,
            "items": items,
            "kinds": kinds,
            "tags": tags,
            "statuses": statuses,
        })
    }

    fn matches(&self, e: &Entry, f: &Filter, dir: &Path) -> bool {
        if f.status.as_deref().is_some_and(|s| s != e.status)
            || f.kind.as_deref().is_some_and(|k| k != e.kind)
            || f.tag.as_ref().is_some_and(|t| Some(t) != e.tag.as_ref())
        {
            return false;
        }
        let Some(q) = &f.q else { return true };
        e.haystack.contains(q.as_str()) || e.file.as_ref().is_some_and(|name| body_contains(&dir.join(name), q))
    }
}

/// Whether the start of a file holds `q` (ASCII case ignored; `q` is lowercased).
fn body_contains(path: &Path, q: &str) -> bool {
    use std::io::Read;
    let mut buf = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(SEARCH_BODY).read_to_end(&mut buf));
    let q = q.as_bytes();
    read.is_ok() && !q.is_empty() && buf.windows(q.len()).any(|w| w.eq_ignore_ascii_case(q))
}

/// Names of the files in `dir` that may be bodies (plain names, not the index or its side
/// files), with their modification time.
pub fn scan(dir: &Path) -> Vec<(String, std::time::SystemTime)> {
    let Ok(read) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut found: Vec<(String, std::time::SystemTime)> = read
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let skip = !is_plain_name(&name) || name == DAMAGED || name.ends_with(".ndjson");
            let time = e.metadata().and_then(|m| m.modified()).ok()?;
            (!skip).then_some((name, time))
        })
        .collect();
    found.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_every_kind_become_entries() {
        let mut c = Captures::default();
        c.add_line(br#"{"file":"a.xml","time":"t1","seq":1,"peer":"127.0.0.1:1","size":3,"kind":"job","tag":"Transcode","state":"Failed","id":"j1","job_ids":["j1"],"new_key":1}"#);
        c.add_line(br#"{"rejected":true,"status":413,"peer":"127.0.0.1:2","reason":"too large"}"#);
        c.add_line(br#"{"file":"../etc/passwd","kind":"job"}"#);
        c.add_line(b"not json");
        c.add_line(br#"{"file":"k.bin","topic":"cb","partition":2,"offset":41,"kind":"not-a-callback","error":"x"}"#);
        assert_eq!(c.len(), 4);
        let list = c.list(&Filter::parse(""), Path::new("/nonexistent"));
        let items = list["items"].as_array().unwrap();
        let statuses: Vec<&str> = items.iter().map(|i| i["status"].as_str().unwrap()).collect();
        assert_eq!(statuses, ["invalid", "invalid", "rejected", "failed"], "newest first");
        assert_eq!(items[0]["source"], "cb/2@41");
        assert_eq!(items[1]["file"], Value::Null, "a name leaving the folder is not served");
        assert!(!c.knows("../etc/passwd"));
        let failed = c.list(&Filter::parse("status=failed"), Path::new("/nonexistent"));
        assert_eq!(failed["matched"], 1);
        let search = c.list(&Filter::parse("q=J1"), Path::new("/nonexistent"));
        assert_eq!(search["matched"], 1);
        let first = c.list(&Filter::parse("failures=1&limit=1&offset=3"), Path::new("/nonexistent"));
        assert_eq!(first["items"][0]["status"], "failed");
    }

    #[test]
    fn an_index_line_takes_the_place_of_a_loose_body() {
        let mut c = Captures::default();
        c.add_loose(
            "a.xml",
            b"<Response><JobsDetail><Tag>Snapshot</Tag><State>Success</State></JobsDetail></Response>",
            None,
        );
        assert_eq!(c.get("a.xml").map(|e| (e.loose, e.tag.clone())), Some((true, Some("Snapshot".into()))));
        c.add_line(br#"{"file":"a.xml","kind":"job","tag":"Snapshot","state":"Success"}"#);
        assert_eq!(c.len(), 1);
        assert_eq!(c.get("a.xml").map(|e| e.loose), Some(false));
    }

    #[test]
    fn query_strings() {
        let f = Filter::parse("q=%E6%95%B0+x&limit=5000&failures=1&kind=");
        assert_eq!(f.q.as_deref(), Some("数 x"));
        assert_eq!((f.limit, f.failures_first, f.kind), (1000, true, None));
    }
}
