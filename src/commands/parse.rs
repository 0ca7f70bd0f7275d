//! `cicb parse`: the decoded body as a tree, as the typed model in JSON, or single values.

use std::io::Write;

use serde::Serialize;

use crate::cli::{ParseArgs, ParseFormat};
use crate::commands::Tally;
use crate::decode::model::{self, Header, Job, Model, Task, Timestamp, Workflow};
use crate::decode::Document;
use crate::encode::json::{self, JsonOptions};
use crate::path::Path;
use crate::render::{sanitize, Style};
use crate::spec::shapes as schema;
use crate::tree::{groups, NodeId, Shape, Tree};
use crate::walk::Source;
use crate::{input, Context, Missing, Outcome};

/// Runs `cicb parse`. Several inputs (or a folder) are read in order; a bad one is reported
/// in its place and the others are still read; the worst exit code wins.
pub fn run(args: &ParseArgs, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    let w = super::inputs(&args.inputs, &args.exclude, ctx, err)?;
    let several = w.several();
    let mut tally = Tally::new(several, w.sources.len());
    // How many inputs lacked each `--get` path (in the order given).
    let mut missing = vec![0usize; args.get.len()];
    for (i, source) in w.sources.iter().enumerate() {
        let result = one(source, args, ctx, several, i == 0, out);
        let lacked = result.as_ref().err().and_then(|e| e.downcast_ref::<Missing>()).map(|m| m.path.clone());
        if tally.take(result, ctx, out, err)?.is_none() {
            if let Some(at) = lacked.and_then(|p| args.get.iter().position(|g| g.as_str() == p)) {
                missing[at] += 1;
            }
        }
    }
    out.flush()?;
    // `2 of 5 inputs have no JobsDetail.JobId`, then the inputs that could not be read at all.
    let (bad, total) = tally.counts();
    let mut parts: Vec<String> = args
        .get
        .iter()
        .zip(&missing)
        .filter(|(_, &n)| n > 0)
        .map(|(p, n)| format!("{n} of {total} inputs have no {}", sanitize(p.as_str())))
        .collect();
    let unread = bad - missing.iter().sum::<usize>();
    if unread > 0 {
        parts.push(format!("{unread} of {total} inputs not read"));
    }
    tally.finish_with(parts.join("; "))
}

/// One input: its values (prefixed with its name when there are several, as grep does), its
/// model as JSON (one line each when several), or its tree (under a `==> name <==` heading).
fn one(
    source: &Source,
    args: &ParseArgs,
    ctx: &Context,
    several: bool,
    first: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let input = input::read_source(source, args.input_args.max_size)?;
    let doc = input.decode(&args.input_args, ctx.err_style)?;
    let name = several.then(|| sanitize(&input.origin).into_owned());
    if !args.get.is_empty() {
        return get(&doc, &args.get, name.as_deref(), ctx, out);
    }
    match args.format {
        ParseFormat::Json => {
            let view = ModelView::new(&doc, &doc.model());
            crate::render::json::to_writer(out, &view, !several)?;
            out.write_all(b"\n")?;
        }
        ParseFormat::Tree => {
            if let Some(name) = &name {
                let gap = if first { "" } else { "\n" };
                writeln!(out, "{gap}==> {name} <==")?;
            }
            tree_view(&doc, ctx.out_style, out)?;
        }
    }
    Ok(())
}

/// `--get`: each path's values, one per line, after `name:` when several inputs are read.
fn get(
    doc: &Document<'_>,
    paths: &[Path],
    name: Option<&str>,
    ctx: &Context,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    for path in paths {
        let ids = path.select(&doc.tree).map_err(|e| Missing {
            path: path.as_str().to_string(),
            message: match name {
                Some(name) => format!("{name}: {e}"),
                None => e.to_string(),
            },
        })?;
        for id in ids {
            match name {
                Some(name) => writeln!(out, "{name}:{}", ctx.value(&value_text(doc, id)))?,
                None => writeln!(out, "{}", ctx.value(&value_text(doc, id)))?,
            }
        }
    }
    Ok(())
}

/// A leaf's text, or a container as compact JSON (the JSON `convert` writes).
fn value_text(doc: &Document<'_>, id: NodeId) -> String {
    match doc.tree.leaf_text(id) {
        Some(t) => t.to_string(),
        None => {
            let mut buf = Vec::new();
            let opts = JsonOptions { compact: true, ..JsonOptions::default() };
            // Writing into a Vec cannot fail.
            let _ = json::write_value(&doc.tree, id, &opts, &mut buf);
            String::from_utf8_lossy(&buf).into_owned()
        }
    }
}

/// The human view: a heading from the model, then the whole tree, indented.
fn tree_view(doc: &Document<'_>, style: Style, out: &mut dyn Write) -> std::io::Result<()> {
    let m = doc.model();
    let event = m.event.map(|e| format!(" ({})", sanitize(e))).unwrap_or_default();
    writeln!(out, "{} {}{event}", style.bold("kind:"), m.kind.as_str())?;
    writeln!(out, "{} {}", style.bold("format:"), doc.format.name())?;
    if let Some(w) = &m.workflow {
        writeln!(out, "{} {} task(s)", style.bold("workflow:"), w.tasks.len())?;
    }
    if !m.jobs.is_empty() {
        writeln!(out, "{} {}", style.bold("jobs:"), m.jobs.len())?;
    }
    writeln!(out)?;
    let tree = &doc.tree;
    node_view(tree, tree.root(), None, 0, style, out)
}

fn node_view(
    tree: &Tree<'_>,
    id: NodeId,
    index: Option<usize>,
    depth: usize,
    style: Style,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let n = tree.node(id);
    let indent = "  ".repeat(depth);
    let name = n.label();
    let label = match index {
        Some(i) => format!("{}[{i}]", sanitize(&name)),
        None => sanitize(&name).into_owned(),
    };
    match n.shape {
        Shape::Object => {
            writeln!(out, "{indent}{}", style.blue(&label))?;
            if !n.text.is_empty() {
                writeln!(out, "{indent}  #text = {}", sanitize(n.text))?;
            }
            for g in groups(tree, id) {
                let listed = schema::is_list(tree, &g);
                for (i, m) in g.members().enumerate() {
                    node_view(tree, m, listed.then_some(i), depth + 1, style, out)?;
                }
            }
            Ok(())
        }
        Shape::EmptyArray => writeln!(out, "{indent}{label} = []"),
        Shape::Null => writeln!(out, "{indent}{label} = null"),
        _ if n.text.is_empty() => writeln!(out, "{indent}{label} = {}", style.dim("\"\"")),
        _ => writeln!(out, "{indent}{label} = {}", sanitize(n.text)),
    }
}

// ---- the typed model as JSON ----------------------------------------------------------------

/// `parse --format json`: a stable, documented shape (see doc/guide.md).
#[derive(Serialize)]
struct ModelView<'a> {
    kind: &'static str,
    event: Option<&'a str>,
    format: &'static str,
    workflow: Option<WorkflowView<'a>>,
    jobs: Vec<JobView<'a>>,
}

#[derive(Serialize)]
struct WorkflowView<'a> {
    path: String,
    workflow_id: Option<&'a str>,
    workflow_name: Option<&'a str>,
    run_id: Option<&'a str>,
    state: Option<&'a str>,
    bucket_id: Option<&'a str>,
    object: Option<&'a str>,
    create_time: Option<Timestamp<'a>>,
    cos_headers: Vec<Header<'a>>,
    tasks: Vec<TaskView<'a>>,
}

#[derive(Serialize)]
struct TaskView<'a> {
    path: String,
    #[serde(rename = "type")]
    task_type: Option<&'a str>,
    name: Option<&'a str>,
    state: Option<&'a str>,
    job_id: Option<&'a str>,
    template_id: Option<&'a str>,
    template_name: Option<&'a str>,
    code: Option<&'a str>,
    message: Option<&'a str>,
    create_time: Option<Timestamp<'a>>,
    start_time: Option<Timestamp<'a>>,
    end_time: Option<Timestamp<'a>>,
    duration_seconds: Option<i64>,
}

#[derive(Serialize)]
struct JobView<'a> {
    path: String,
    job_id: Option<&'a str>,
    tag: Option<&'a str>,
    sub_tag: Option<&'a str>,
    state: Option<&'a str>,
    code: Option<&'a str>,
    message: Option<&'a str>,
    progress: Option<&'a str>,
    queue_id: Option<&'a str>,
    creation_time: Option<Timestamp<'a>>,
    start_time: Option<Timestamp<'a>>,
    end_time: Option<Timestamp<'a>>,
    duration_seconds: Option<i64>,
    input: Option<InputView<'a>>,
    workflow: Option<TriggerView<'a>>,
}

#[derive(Serialize)]
struct InputView<'a> {
    bucket: Option<&'a str>,
    region: Option<&'a str>,
    object: Option<&'a str>,
    cos_headers: Vec<Header<'a>>,
}

#[derive(Serialize)]
struct TriggerView<'a> {
    name: Option<&'a str>,
    run_id: Option<&'a str>,
    workflow_id: Option<&'a str>,
    workflow_name: Option<&'a str>,
}

impl<'a> ModelView<'a> {
    fn new(doc: &'a Document<'_>, m: &Model<'a>) -> Self {
        let tree = &doc.tree;
        ModelView {
            kind: m.kind.as_str(),
            event: m.event,
            format: doc.format.ext(),
            workflow: m.workflow.as_ref().map(|w| workflow_view(tree, w)),
            jobs: m.jobs.iter().map(|j| job_view(tree, j)).collect(),
        }
    }
}

fn workflow_view<'a>(tree: &Tree<'_>, w: &Workflow<'a>) -> WorkflowView<'a> {
    WorkflowView {
        path: crate::path::indexed_path(tree, w.node),
        workflow_id: w.workflow_id,
        workflow_name: w.workflow_name,
        run_id: w.run_id,
        state: w.state,
        bucket_id: w.bucket_id,
        object: w.object,
        create_time: w.create_time,
        cos_headers: w.cos_headers.clone(),
        tasks: w.tasks.iter().map(|t| task_view(tree, t)).collect(),
    }
}

fn task_view<'a>(tree: &Tree<'_>, t: &Task<'a>) -> TaskView<'a> {
    let start = t.start_time.as_ref().or(t.create_time.as_ref());
    TaskView {
        path: crate::path::indexed_path(tree, t.node),
        task_type: t.task_type,
        name: t.name,
        state: t.state,
        job_id: t.job_id,
        template_id: t.template_id,
        template_name: t.template_name,
        code: t.code,
        message: t.message,
        create_time: t.create_time,
        start_time: t.start_time,
        end_time: t.end_time,
        duration_seconds: model::duration(start, t.end_time.as_ref()),
    }
}

fn job_view<'a>(tree: &Tree<'_>, j: &Job<'a>) -> JobView<'a> {
    let start = j.start_time.as_ref().or(j.creation_time.as_ref());
    JobView {
        path: crate::path::indexed_path(tree, j.node),
        job_id: j.job_id,
        tag: j.tag,
        sub_tag: j.sub_tag,
        state: j.state,
        code: j.code,
        message: j.message,
        progress: j.progress,
        queue_id: j.queue_id,
        creation_time: j.creation_time,
        start_time: j.start_time,
        end_time: j.end_time,
        duration_seconds: model::duration(start, j.end_time.as_ref()),
        input: j.input.as_ref().map(|i| InputView {
            bucket: i.bucket,
            region: i.region,
            object: i.object,
            cos_headers: i.cos_headers.clone(),
        }),
        workflow: j.trigger.as_ref().map(|t| TriggerView {
            name: t.name,
            run_id: t.run_id,
            workflow_id: t.workflow_id,
            workflow_name: t.workflow_name,
        }),
    }
}
