//! `cicb convert`: XML ↔ JSON through the one tree.

use std::io::Write;

use crate::cli::{ConvertArgs, JobsDetailShape, ShapeArgs};
use crate::decode::{DecodeError, ErrorKind, Format};
use crate::encode::json::{self, JsonOptions};
use crate::encode::xml::{self, XmlError, XmlOptions};
use crate::{input, output, Context, Outcome};

pub fn run(args: &ConvertArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let input = input::read(args.input.as_deref(), args.input_args.max_size)?;
    let doc = input.decode(&args.input_args, ctx.err_style)?;
    let target = match args.to {
        Some(f) => f.into(),
        None if doc.format == Format::Xml => Format::Json,
        None => Format::Xml,
    };
    // Comments and processing instructions are not part of the tree: converting would lose them.
    if let (Some(at), false) = (doc.skipped.first, args.drop_comments) {
        let (c, p) = (doc.skipped.comments, doc.skipped.instructions);
        let e = DecodeError::new(
            ErrorKind::Structure,
            format!(
                "the body holds {c} comment(s) and {p} processing instruction(s), which convert cannot carry over; \
                 pass --drop-comments to leave them out"
            ),
            input.source_bytes(),
            at..at + 4,
        );
        return Err(input.error(e, ctx.err_style).into());
    }
    // The JSON form is the body of a `<Response>` root: it has no place for another root's name,
    // and `{"Foo": {…}}` would read back as a `<Foo>` inside `<Response>`. Refused, not renamed.
    let root = doc.tree.root();
    let name = if doc.tree.is_empty() { "Response" } else { doc.tree.name(root) };
    if target == Format::Json && name != "Response" {
        let at = doc.tree.node(root).start as usize + 1;
        let e = DecodeError::new(
            ErrorKind::Structure,
            format!(
                "the root element is `<{name}>`, not `<Response>`: the JSON form is the body of a `<Response>` \
                 root and has no place for another name, so converting would rename it"
            ),
            input.source_bytes(),
            at..at + name.len(),
        );
        return Err(input.error(e, ctx.err_style).into());
    }
    match target {
        Format::Json => {
            let opts = json_options(&args.shape);
            output::write_to(args.output.as_deref(), out, |w| json::write(&doc.tree, &opts, w).map_err(Into::into))?;
        }
        Format::Xml => {
            // `xml::write` checks the whole tree first: nothing is written for a tree XML cannot carry.
            let opts = XmlOptions { compact: args.shape.compact };
            output::write_to(args.output.as_deref(), out, |w| match xml::write(&doc.tree, &opts, w) {
                Ok(()) => Ok(()),
                Err(XmlError::Io(e)) => Err(e.into()),
                Err(XmlError::Data(e)) => Err(input.error(e, ctx.err_style).into()),
            })?;
        }
    }
    Ok(Outcome::Success)
}

/// The JSON writer's options for the shape flags `convert` and `sample` share.
pub fn json_options(shape: &ShapeArgs) -> JsonOptions {
    JsonOptions {
        wrap: shape.wrap,
        jobs_detail_array: shape.jobs_detail == JobsDetailShape::Array,
        omit_empty: shape.omit_empty,
        compact: shape.compact,
    }
}
