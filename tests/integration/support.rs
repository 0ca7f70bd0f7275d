//! Shared helpers: in-process conversion and tree comparison.

use std::path::{Path, PathBuf};

use serde_json::Value;

use cicb::decode::{decode_bytes, Document, Limits};
use cicb::encode::json::{self, JsonOptions};
use cicb::encode::xml::{self, XmlOptions};
use cicb::tree::{groups, NodeId, Tree};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The cicb executable. The first call takes `COLUMNS` out of this process's environment (every
/// run of cicb inherits it): piped summaries and validate's headlines fit `$COLUMNS`, and a
/// developer's exported value must not change what the tests see. Tests that want it set it on
/// their command.
pub fn bin() -> PathBuf {
    static CLEAN: std::sync::Once = std::sync::Once::new();
    CLEAN.call_once(|| std::env::remove_var("COLUMNS"));
    PathBuf::from(env!("CARGO_BIN_EXE_cicb"))
}

pub fn decode(bytes: &[u8]) -> Document<'_> {
    decode_bytes(bytes, None, &Limits::default())
        .unwrap_or_else(|e| panic!("decode failed: {e} at {}:{}", e.line(), e.column()))
}

pub fn to_json(doc: &Document<'_>, opts: &JsonOptions) -> Vec<u8> {
    let mut out = Vec::new();
    json::write(&doc.tree, opts, &mut out).unwrap();
    out
}

pub fn to_xml(doc: &Document<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    if let Err(e) = xml::write(&doc.tree, &XmlOptions::default(), &mut out) {
        panic!("xml write failed: {e:?}");
    }
    out
}

/// JSON options that reproduce the shape of a JSON source (wrapper, JobsDetail array).
pub fn json_options_like(doc: &Document<'_>) -> JsonOptions {
    let tree = &doc.tree;
    let jobs_array = tree.child(tree.root(), "JobsDetail").is_some_and(|j| tree.node(j).in_array);
    JsonOptions { wrap: doc.wrapped, jobs_detail_array: jobs_array, ..JsonOptions::default() }
}

/// A canonical form of the element tree: names, attributes, text, and children grouped by name
/// in order of first occurrence (the order the JSON mapping keeps).
#[derive(Debug, PartialEq)]
pub enum Canon {
    Leaf(String, String),
    Node(String, String, Vec<(String, Vec<Canon>)>),
}

pub fn canon(tree: &Tree<'_>, id: NodeId) -> Canon {
    let n = tree.node(id);
    let name = if n.attribute { format!("@{}", n.name) } else { n.name.to_string() };
    if !tree.has_children(id) {
        return Canon::Leaf(name, n.text.to_string());
    }
    let groups = groups(tree, id)
        .iter()
        .map(|g| {
            let h = tree.node(g.head);
            let key = if h.attribute { format!("@{}", h.name) } else { h.name.to_string() };
            (key, g.members().map(|m| canon(tree, m)).collect())
        })
        .collect();
    Canon::Node(name, n.text.to_string(), groups)
}

/// XML → JSON → XML: the element tree survives.
pub fn assert_xml_round_trip(name: &str, bytes: &[u8]) {
    let doc = decode(bytes);
    let json = to_json(&doc, &JsonOptions::default());
    let back = decode(&json);
    let xml = to_xml(&back);
    let again = decode(&xml);
    assert_eq!(
        canon(&doc.tree, doc.tree.root()),
        canon(&again.tree, again.tree.root()),
        "{name}: XML → JSON → XML changed the tree"
    );
}

/// JSON → XML → JSON. Returns the input, cicb's JSON for it (JSON → JSON) and the round trip,
/// parsed with key order kept; checks the round trip's JSON is a fixed point.
pub fn json_round_trip(name: &str, bytes: &[u8]) -> [serde_json::Value; 3] {
    let doc = decode(bytes);
    let opts = json_options_like(&doc);
    let direct = to_json(&doc, &opts);
    let xml = to_xml(&doc);
    let json = to_json(&decode(&xml), &opts);
    let again = to_json(&decode(&json), &opts);
    assert_eq!(json, again, "{name}: canonical JSON is not stable");
    [bytes, &direct, &json].map(|b| serde_json::from_slice(b).unwrap())
}

/// Equal up to cicb's two documented normalizations of published JSON, which it lists in
/// `loosened`:
/// * a node the schema lists as repeating, published as a single value, becomes a one-item array;
/// * a bare number outside audit bodies becomes the same digits as a string (XML cannot say which
///   leaves were numbers, and job bodies carry numbers as strings).
pub fn same_json(a: &Value, b: &Value, loosened: &mut Vec<String>, path: &str) -> bool {
    let last = path.rsplit('.').next().unwrap_or("");
    let repeating = cicb::spec::shapes::REPEATING.iter().any(|p| p.last() == Some(&last));
    match (a, b) {
        (x, Value::Array(items)) if !x.is_array() && repeating && items.len() == 1 => {
            loosened.push(format!("{path}: one-item array"));
            same_json(x, &items[0], loosened, path)
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|((ka, va), (kb, vb))| ka == kb && same_json(va, vb, loosened, &format!("{path}.{ka}")))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(va, vb)| same_json(va, vb, loosened, path))
        }
        (Value::Number(n), Value::String(s)) if n.to_string() == *s => {
            loosened.push(format!("{path}={n}"));
            true
        }
        _ => a == b,
    }
}

/// Files under `dir` with one of `exts`, sorted.
pub fn files(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| exts.iter().any(|e| x == *e)) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Runs cicb with `args` on `input`, reads the first bytes of its output and closes the pipe:
/// it must exit 0 with nothing on stderr.
pub fn assert_closed_pipe_exits_zero(args: &[&str], input: &Path) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child =
        Command::new(bin()).args(args).arg(input).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut head = [0u8; 64];
    child.stdout.as_mut().unwrap().read_exact(&mut head).unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// Runs cicb with `args`, `input` on its stdin; stdout and stderr captured.
pub fn run_stdin(args: &[&str], input: &[u8]) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(bin())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // The child may stop reading early (size limit): a failed write is fine.
    let _ = stdin.write_all(input);
    drop(stdin);
    child.wait_with_output().unwrap()
}
