//! A JSON Schema of Tencent's JSON callback form, generated from [`crate::spec`] alone.
//!
//! The schema types what the spec knows and nothing more: the `Response` wrapper is optional;
//! repeating nodes ([`spec::shapes::REPEATING`]) are an object (a string, for leaves) or an array
//! of them; containers are objects ([`spec::shapes::CONTAINERS`] always, the other containers
//! [`spec::known`] lists may also be `""`, an empty element, which is what `cicb convert` writes
//! for them); leaves are strings; audit number fields are numbers; states and `EventName` are
//! enums; the nodes [`spec::required`] makes errors are `required`; timestamps and the firm
//! identifier shapes ([`spec::values`]) are patterns; each job Tag's result containers
//! ([`spec::tags`]) come through `if`/`then` on `Tag`. Unknown nodes stay allowed unless
//! [`Options::strict`]. Every definition carries the documentation's description
//! ([`spec::docs`]).

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::spec::{self, docs, known, required, shapes, tags, values, Kind};
use crate::tree::{NodeId, Tree};

/// Where the generated `$id`s live: a stable name, not a download address.
pub const ID_BASE: &str = "https://cicb.invalid/schema/v1/";

/// Which JSON Schema draft to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Draft {
    /// Draft 2020-12 (`$defs`).
    #[default]
    Draft202012,
    /// Draft-07 (`definitions`): ajv's default and what many generators read.
    Draft7,
}

impl Draft {
    /// The `$schema` URI of the draft.
    pub fn uri(self) -> &'static str {
        match self {
            Draft::Draft202012 => "https://json-schema.org/draft/2020-12/schema",
            Draft::Draft7 => "http://json-schema.org/draft-07/schema#",
        }
    }

    fn defs(self) -> &'static str {
        match self {
            Draft::Draft202012 => "$defs",
            Draft::Draft7 => "definitions",
        }
    }
}

/// A family of callback bodies, one schema file each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Job callbacks: `TaskFinish`, and the legacy form without `EventName`.
    Job,
    /// Workflow callbacks: `WorkflowFinish`, and the legacy form without `EventName`.
    Workflow,
    /// Content moderation callbacks: the Detail and the Simple form.
    Audit,
}

impl Family {
    /// Every family, in file order.
    pub const ALL: [Family; 3] = [Family::Job, Family::Workflow, Family::Audit];

    /// The stable machine name (`--kind`, file names).
    pub fn name(self) -> &'static str {
        match self {
            Family::Job => "job",
            Family::Workflow => "workflow",
            Family::Audit => "audit",
        }
    }

    /// The spec kind whose tables describe the family.
    fn kind(self) -> Kind {
        match self {
            Family::Job => Kind::Job,
            Family::Workflow => Kind::Workflow,
            Family::Audit => Kind::AuditDetail,
        }
    }

    /// The `EventName` values the family's bodies carry (legacy bodies carry none).
    fn events(self) -> Vec<&'static str> {
        let of_family = |e: &&str| match self {
            Family::Job => *e == "TaskFinish",
            Family::Workflow => *e == "WorkflowFinish",
            Family::Audit => e.starts_with("Review"),
        };
        spec::EVENT_NAMES.iter().copied().filter(of_family).collect()
    }

    fn title(self) -> &'static str {
        match self {
            Family::Job => "CI job callback",
            Family::Workflow => "CI workflow callback",
            Family::Audit => "CI content moderation (audit) callback",
        }
    }
}

/// How to write the schema.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Which JSON Schema draft to write.
    pub draft: Draft,
    /// Forbid nodes the spec does not list (`additionalProperties: false` where a parent's
    /// children are listed in full; per-Tag, the result containers of other Tags).
    pub strict: bool,
}

/// The file name of a family's schema (`job.schema.json`) or of the root (`callback.schema.json`).
pub fn file_name(family: Option<Family>) -> String {
    format!("{}.schema.json", family.map_or("callback", Family::name))
}

/// The `$id` of a family's schema, or of the root.
pub fn id(family: Option<Family>) -> String {
    format!("{ID_BASE}{}", file_name(family))
}

/// One self-contained schema document for `families` (all of them: the root, `callback`).
pub fn document(families: &[Family], opts: &Options) -> Value {
    let mut g = Gen { opts, defs: BTreeMap::new(), family: Family::Job };
    let mut bodies = Vec::new();
    for &f in families {
        g.family = f;
        bodies.push(g.body(f));
    }
    let single = (families.len() == 1).then(|| families[0]);
    let body = if bodies.len() == 1 { bodies.remove(0) } else { json!({ "anyOf": bodies }) };
    let mut doc = header(single, opts);
    let wrapped = g.wrapped(body.clone());
    doc.insert("anyOf".into(), json!([body, wrapped]));
    doc.insert(opts.draft.defs().into(), Value::Object(g.defs.into_iter().collect()));
    Value::Object(doc)
}

/// The files of `--dir`: one self-contained schema per family and a root that references them.
pub fn files(opts: &Options) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> =
        Family::ALL.iter().map(|&f| (file_name(Some(f)), document(&[f], opts))).collect();
    let refs: Vec<Value> = Family::ALL.iter().map(|&f| json!({ "$ref": file_name(Some(f)) })).collect();
    let mut root = header(None, opts);
    root.insert("anyOf".into(), refs.into());
    out.push((file_name(None), Value::Object(root)));
    out
}

/// `$schema`, `$id`, `title` and `description` of the schema of `family` (`None`: the root).
fn header(family: Option<Family>, opts: &Options) -> Map<String, Value> {
    let mut doc = Map::new();
    doc.insert("$schema".into(), opts.draft.uri().into());
    doc.insert("$id".into(), id(family).into());
    doc.insert("title".into(), family.map_or("Tencent Cloud Infinite (CI) callback", Family::title).into());
    doc.insert("description".into(), description(family).into());
    doc
}

fn description(family: Option<Family>) -> String {
    let what = match family {
        Some(Family::Job) => "A job callback body (EventName TaskFinish, or the legacy form without EventName)",
        Some(Family::Workflow) => {
            "A workflow callback body (EventName WorkflowFinish, or the legacy form without EventName)"
        }
        Some(Family::Audit) => {
            "A content moderation callback body (the Detail form with JobsDetail, or the Simple form)"
        }
        None => "A callback body Tencent Cloud Infinite POSTs to a callback URL: job, workflow or audit",
    };
    format!("{what}, in Tencent's JSON form, with or without a Response wrapper object. Generated by cicb.")
}

/// A path of element names and a tree holding exactly it, to ask the spec about its last node.
struct At {
    tree: Tree<'static>,
    last: NodeId,
}

impl At {
    fn new(path: &[&'static str]) -> Self {
        let mut tree = Tree::new("", path.len());
        let mut parent = None;
        let mut last = 0;
        for name in path {
            last = tree.push(parent, Cow::Borrowed(*name), 0, 0);
            parent = Some(last);
        }
        At { tree, last }
    }

    /// True when the path ends with `pattern`.
    fn matches(&self, pattern: &[&str]) -> bool {
        spec::matches(&self.tree, self.last, pattern)
    }
}

struct Gen<'o> {
    opts: &'o Options,
    defs: BTreeMap<String, Value>,
    family: Family,
}

impl Gen<'_> {
    fn reference(&self, key: &str) -> Value {
        json!({ "$ref": format!("#/{}/{key}", self.opts.draft.defs()) })
    }

    /// Adds definition `value` under the shortest path suffix (two names at least, in
    /// UpperCamelCase: `StreamVideo`, what type generators name a type) that is free or already
    /// holds the same definition; returns its key.
    fn define(&mut self, path: &[&str], value: Value) -> String {
        for n in 2.min(path.len())..=path.len() {
            let key: String = path[path.len() - n..].iter().map(|p| type_name(p)).collect();
            match self.defs.get(&key) {
                Some(v) if *v == value => return key,
                Some(_) => continue,
                None => {
                    self.defs.insert(key.clone(), value);
                    return key;
                }
            }
        }
        unreachable!("the whole path is a key of its own")
    }

    /// `{"Response": body}`.
    fn wrapped(&self, body: Value) -> Value {
        let mut w = json!({
            "type": "object",
            "description": "The body wrapped in an object whose one key is Response.",
            "properties": { "Response": body },
            "required": ["Response"],
        });
        self.close(&mut w);
        w
    }

    fn close(&self, schema: &mut Value) {
        if self.opts.strict {
            schema["additionalProperties"] = false.into();
        }
    }

    /// The body of a family (inside the wrapper), as a reference to its definition.
    fn body(&mut self, family: Family) -> Value {
        let event = |events: Vec<&str>| json!({ "type": "string", "enum": events, "description": describe("Response", "EventName") });
        let key = match family {
            Family::Job | Family::Workflow => {
                let node = if family == Family::Job { "JobsDetail" } else { "WorkflowExecution" };
                let mut props = Map::new();
                props.insert("EventName".into(), event(family.events()));
                props.insert(node.into(), self.node(&["Response", node]));
                let mut def = json!({
                    "type": "object",
                    "description": family.title(),
                    "properties": props,
                    "required": [node],
                });
                self.close(&mut def);
                self.define(&["Body", family.name()], def)
            }
            Family::Audit => {
                let value = self.audit_value();
                let detail = self.audit_detail(value.clone());
                let mut detail = json!({
                    "type": "object",
                    "description": "Content moderation callback, Detail form: EventName Review*, with JobsDetail.",
                    "properties": { "EventName": event(family.events()), "JobsDetail": detail },
                    "required": ["EventName", "JobsDetail"],
                });
                let mut simple = json!({
                    "type": "object",
                    "description": "Content moderation callback, Simple form: code, message, data.",
                    "properties": {
                        "code": { "type": "number", "description": describe("Response", "code") },
                        "message": { "type": "string", "description": describe("Response", "message") },
                        "data": {
                            "description": describe("Response", "data"),
                            "allOf": [value],
                            "type": "object",
                        },
                    },
                    // The nodes that make a body the Simple form (spec::kinds::detect_kind).
                    "required": ["code", "data"],
                });
                self.close(&mut detail);
                self.close(&mut simple);
                let detail = self.define(&["Body", "audit-detail"], detail);
                let simple = self.define(&["Body", "audit-simple"], simple);
                let def = json!({
                    "description": Family::Audit.title(),
                    "anyOf": [self.reference(&detail), self.reference(&simple)],
                });
                self.define(&["Body", family.name()], def)
            }
        };
        self.reference(&key)
    }

    /// Any node below an audit envelope: the audit number fields are numbers, the rest is open.
    fn audit_value(&mut self) -> Value {
        let mut props = Map::new();
        for name in shapes::AUDIT_NUMBERS {
            let text = format!("`{name}`: a number in audit callbacks.");
            props.insert((*name).into(), json!({ "type": "number", "description": text }));
        }
        let key = "AuditNode".to_string();
        let me = self.reference(&key);
        let def = json!({
            "description": "A node of an audit callback below its envelope: its fields are not documented \
                            in full; the audit number fields are JSON numbers wherever they appear.",
            "properties": props,
            "additionalProperties": me,
            "items": me,
        });
        self.defs.insert(key, def);
        me
    }

    /// `JobsDetail` of an audit Detail callback, one or an array of them; `value` is what
    /// [`Self::audit_value`] returned.
    fn audit_detail(&mut self, value: Value) -> Value {
        let (mut props, mut req) = (Map::new(), Vec::new());
        for r in required::AUDIT_DETAIL {
            let at = At::new(&["Response", "JobsDetail", r.name]);
            let mut leaf = self.leaf(&at, r.name, &describe("JobsDetail", r.name));
            if r.error {
                req.push(r.name);
                if !r.empty_ok {
                    leaf["minLength"] = 1.into();
                }
            }
            props.insert(r.name.into(), leaf);
        }
        let def = json!({
            "type": "object",
            "description": "Details of the moderated object: the job and its moderation result.",
            "allOf": [value],
            "properties": props,
            "required": req,
        });
        let key = self.define(&["Audit", "JobsDetail"], def);
        one_or_many(self.reference(&key), describe("Response", "JobsDetail"))
    }

    /// The schema of the node at `path` (a property value): a container's definition, or a
    /// leaf; an object-or-array when the spec says it repeats.
    fn node(&mut self, path: &[&'static str]) -> Value {
        let at = At::new(path);
        let (tree, id) = (&at.tree, at.last);
        let kind = self.family.kind();
        let name = path[path.len() - 1];
        let parent = if path.len() > 1 { path[path.len() - 2] } else { "" };
        let text = describe(parent, name);
        let single = if let Some(children) = known::children(tree, id, kind) {
            let def = self.container(path, &at, children, &text);
            let key = self.define(path, def);
            self.reference(&key)
        } else if known::is_container(tree, id, kind) {
            let def = self.open_container(&at, &text);
            let key = self.define(path, def);
            self.reference(&key)
        } else {
            self.leaf(&at, name, &text)
        };
        if shapes::is_repeating(tree, id) {
            one_or_many(single, text)
        } else {
            single
        }
    }

    fn leaf(&self, at: &At, name: &str, text: &str) -> Value {
        let mut leaf = if values::BARE_NUMBERS.contains(&name) {
            json!({ "type": ["string", "number"] })
        } else {
            json!({ "type": "string" })
        };
        leaf["description"] = text.into();
        for (pattern, node, allowed) in values::ENUMERATED {
            if *node == name && parent_matches(at, pattern) {
                leaf["enum"] = enum_values(allowed);
            }
        }
        if time_node(at) {
            leaf["pattern"] = values::TIME_PATTERN.into();
        }
        for (pattern, node, shape) in values::IDENTIFIERS {
            if *node == name && self.family != Family::Audit && parent_matches(at, pattern) {
                if let Some(p) = shape.pattern() {
                    leaf["pattern"] = p.into();
                }
            }
        }
        leaf
    }

    /// A container the spec lists no children of: an object (or `""`), anything inside.
    fn open_container(&self, at: &At, text: &str) -> Value {
        let mut def = json!({ "description": text });
        container_type(at, &mut def);
        def
    }

    /// A container whose children the spec lists.
    fn container(&mut self, path: &[&'static str], at: &At, children: &[&'static str], text: &str) -> Value {
        let mut props = Map::new();
        for c in children {
            let mut child = path.to_vec();
            child.push(c);
            let schema = self.node(&child);
            props.insert((*c).into(), schema);
        }
        let mut def = json!({ "description": text, "properties": props });
        container_type(at, &mut def);
        let name = path[path.len() - 1];
        let mut all_of = Vec::new();
        let (mut req, mut minlen) = (Vec::new(), Vec::new());
        for r in self.required(at) {
            if !r.error {
                continue;
            }
            let excluded: Vec<&str> = if name == "JobsDetail" {
                tags::names().iter().copied().filter(|t| !required::job_lists(Kind::Job, Some(t), r.name)).collect()
            } else {
                Vec::new()
            };
            if !r.empty_ok && def["properties"][r.name].get("type").is_some_and(|t| t == "string") {
                minlen.push(r.name);
            }
            if excluded.is_empty() {
                req.push(r.name);
            } else {
                all_of.push(json!({
                    "if": { "properties": { "Tag": { "enum": excluded } }, "required": ["Tag"] },
                    "else": { "required": [r.name] },
                }));
            }
        }
        for n in minlen {
            def["properties"][n]["minLength"] = 1.into();
        }
        if !req.is_empty() {
            def["required"] = json!(req);
        }
        if name == "JobsDetail" && self.family == Family::Job {
            all_of.extend(self.per_tag(path));
        }
        if !all_of.is_empty() {
            def["allOf"] = all_of.into();
        }
        self.close(&mut def);
        def
    }

    /// The required nodes the spec gives the container at `at`.
    fn required(&self, at: &At) -> &'static [required::Required] {
        values::REQUIRED_AT.iter().find(|(p, _)| at.matches(p)).map_or(&[], |(_, r)| r)
    }

    /// One `if Tag = T then Operation carries T's results` per job Tag.
    fn per_tag(&mut self, path: &[&'static str]) -> Vec<Value> {
        let mut operation = path.to_vec();
        operation.push("Operation");
        let all: Vec<&str> = {
            let mut v: Vec<&str> = tags::TAGS.iter().flat_map(|t| t.results.iter().copied()).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let mut out = Vec::new();
        for t in tags::TAGS {
            let mut props = Map::new();
            for r in t.results {
                let mut child = operation.clone();
                child.push(r);
                let schema = self.node(&child);
                props.insert((*r).into(), schema);
            }
            let mut op = json!({
                "description": format!("The Operation of a job with Tag {}: {}", t.name, t.description),
                "properties": props,
            });
            if self.opts.strict {
                let others: Vec<&str> = all.iter().copied().filter(|r| !t.results.contains(r)).collect();
                if !others.is_empty() {
                    op["propertyNames"] = json!({ "not": { "enum": others } });
                }
            }
            out.push(json!({
                "if": { "properties": { "Tag": { "const": t.name } }, "required": ["Tag"] },
                "then": { "properties": { "Operation": op } },
            }));
        }
        out
    }
}

/// True when the parent of the node at `at` matches `pattern`.
fn parent_matches(at: &At, pattern: &[&str]) -> bool {
    at.tree.parent(at.last).is_some_and(|p| spec::matches(&at.tree, p, pattern))
}

/// True when the leaf at `at` is a timestamp.
fn time_node(at: &At) -> bool {
    values::is_time_node(&at.tree, at.last)
}

/// `type` of a container: an object; a container [`spec::shapes`] does not list may also be
/// `""`, as `cicb convert` writes an empty one.
fn container_type(at: &At, def: &mut Value) {
    if shapes::is_container(&at.tree, at.last) {
        def["type"] = "object".into();
    } else {
        def["type"] = json!(["object", "string"]);
        def["maxLength"] = 0.into();
    }
}

fn one_or_many(single: Value, text: String) -> Value {
    json!({ "description": text, "anyOf": [single.clone(), { "type": "array", "items": single }] })
}

/// The allowed values, and `""` (an empty element is no value).
fn enum_values(allowed: &[&str]) -> Value {
    let mut v: Vec<&str> = allowed.to_vec();
    v.push("");
    json!(v)
}

/// `sentence_list` → `SentenceList`, `audit-detail` → `AuditDetail`, `MediaInfo` as is.
fn type_name(name: &str) -> String {
    name.split(['_', '-'])
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}

/// The documentation's description of `parent/name`, or a plain one.
fn describe(parent: &str, name: &str) -> String {
    match docs::describe(parent, name) {
        Some(d) => d.to_string(),
        None if parent.is_empty() => format!("`{name}`."),
        None => format!("`{name}` under `{parent}` (no description in the documentation)."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defs(doc: &Value) -> &Map<String, Value> {
        doc.get("$defs").or_else(|| doc.get("definitions")).and_then(Value::as_object).unwrap()
    }

    #[test]
    fn repeating_nodes_are_one_or_many_leaves_strings_containers_objects() {
        let doc = document(&[Family::Job], &Options::default());
        let d = defs(&doc);
        let file = &d["MediaResultOutputFile"]["properties"];
        // A repeating leaf: a string or an array of strings.
        let names = &file["ObjectName"]["anyOf"];
        assert_eq!(names[0]["type"], "string");
        assert_eq!(names[1]["items"]["type"], "string");
        // A repeating container: an object or an array of them.
        assert_eq!(file["Md5Info"]["anyOf"][1]["items"]["$ref"], "#/$defs/OutputFileMd5Info");
        assert_eq!(d["OutputFileMd5Info"]["type"], "object");
        // A container shapes.rs does not list may be "" (convert writes an empty one so).
        assert_eq!(d["OperationPicProcessResult"]["type"], json!(["object", "string"]));
        assert_eq!(d["OperationPicProcessResult"]["maxLength"], 0);
        // Leaves: strings, JobLevel also a bare number.
        assert_eq!(d["JobsDetailOperation"]["properties"]["UserData"]["type"], "string");
        assert_eq!(d["JobsDetailOperation"]["properties"]["JobLevel"]["type"], json!(["string", "number"]));
    }

    #[test]
    fn required_follows_required_rs_errors_and_the_tags_that_leave_a_node_out() {
        let doc = document(&[Family::Job], &Options::default());
        let jobs = &defs(&doc)["ResponseJobsDetail"];
        assert_eq!(jobs["required"], json!(["JobId", "CreationTime", "Operation"]));
        // DocProcess leaves EndTime out of its table: required for every other Tag.
        let end = &jobs["allOf"][0];
        assert_eq!(end["if"]["properties"]["Tag"]["enum"], json!(["DocProcess"]));
        assert_eq!(end["else"]["required"], json!(["EndTime"]));
        // Warnings (Code, State, ...) are not required.
        assert!(!jobs["required"].as_array().unwrap().contains(&json!("State")));
        let per_tag = jobs["allOf"].as_array().unwrap().iter().filter(|c| c.get("then").is_some()).count();
        assert_eq!(per_tag, tags::TAGS.len());
    }

    #[test]
    fn strict_closes_listed_containers_only() {
        let strict = document(&Family::ALL, &Options { draft: Draft::Draft7, strict: true });
        let d = defs(&strict);
        assert_eq!(strict["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(d["StreamVideo"]["additionalProperties"], false);
        assert!(d["OperationTranscode"].get("additionalProperties").is_none(), "a parameter echo stays open");
        assert_eq!(d["StreamVideo"]["properties"]["Width"]["type"], "string");
        let loose = document(&Family::ALL, &Options::default());
        assert!(defs(&loose).values().all(|v| v.get("additionalProperties") != Some(&json!(false))));
    }

    #[test]
    fn the_job_and_workflow_bodies_are_listed_children_of_response() {
        let root = At::new(&["Response"]);
        for (family, node) in [(Family::Job, "JobsDetail"), (Family::Workflow, "WorkflowExecution")] {
            let listed = known::children(&root.tree, root.last, family.kind()).unwrap_or_default();
            assert!(listed.contains(&node), "{node}");
        }
    }

    #[test]
    fn families_and_ids() {
        assert_eq!(Family::Audit.events().len(), 6);
        assert_eq!(Family::Job.events(), ["TaskFinish"]);
        assert_eq!(id(Some(Family::Job)), "https://cicb.invalid/schema/v1/job.schema.json");
        assert_eq!(file_name(None), "callback.schema.json");
        assert_eq!(type_name("sentence_list"), "SentenceList");
        assert_eq!(type_name("audit-detail"), "AuditDetail");
        assert_eq!(type_name("MediaInfo"), "MediaInfo");
    }
}
