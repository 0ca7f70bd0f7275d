//! `summarize --outputs`: one location per line, for `xargs` and `coscli`; on stderr, what could
//! not be shown whole (no bucket, no region), and why nothing was printed when nothing was.

use std::io::{self, Write};

use super::WORKFLOW_RUN_OUTPUTS;
use crate::context::Context;
use crate::render::sanitize;
use crate::summary::{NoOutputs, Summary};

/// Why `--outputs` printed nothing, for the note on stderr.
fn reason(s: &Summary<'_>, why: NoOutputs) -> &'static str {
    match why {
        NoOutputs::WorkflowRun => WORKFLOW_RUN_OUTPUTS,
        NoOutputs::Failed if s.jobs.len() > 1 => "a job failed: no outputs",
        NoOutputs::Failed => "the job failed: no outputs",
        NoOutputs::NotListed => "the body lists no output files",
        NoOutputs::Audit => "a content-moderation callback names no files",
    }
}

/// The outputs-only view.
#[derive(Debug, Clone, Copy)]
pub struct OutputList {
    /// https URLs instead of `cos://` paths (when the region is known).
    pub url: bool,
    /// Whether stdout is a terminal (locations are sanitized; raw when piped, for `xargs`), and
    /// the styling of the warnings on stderr.
    pub ctx: Context,
}

impl OutputList {
    /// Writes one location per line to `out`, and warnings to `err`.
    pub fn write(&self, s: &Summary<'_>, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<()> {
        let (mut no_bucket, mut no_region) = (0, 0);
        for o in &s.outputs {
            let shown = o.location(self.url);
            no_bucket += usize::from(o.uri.is_none());
            no_region += usize::from(self.url && o.uri.is_some() && o.url.is_none());
            writeln!(out, "{}", self.ctx.value(shown))?;
        }
        let origin = sanitize(&s.input);
        if let Some(why) = s.no_outputs() {
            // Still exit 0: an empty list is an answer, this says it is not a mistake.
            writeln!(err, "cicb: {}: {origin}: {}", self.ctx.err_style.blue("note"), reason(s, why))?;
        }
        let warn = self.ctx.err_style.yellow("warning");
        if no_bucket > 0 {
            writeln!(
                err,
                "cicb: {warn}: {origin}: {no_bucket} output(s) with no bucket in the body, printed as bare keys"
            )?;
        }
        if no_region > 0 {
            writeln!(
                err,
                "cicb: {warn}: {origin}: {no_region} output(s) with no region in the body, printed as cos:// paths"
            )?;
        }
        Ok(())
    }
}
