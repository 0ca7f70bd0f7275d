//! `summarize --outputs`: one location per line, for `xargs` and `coscli`; what could not be
//! shown whole (no bucket, no region) is said on stderr.

use std::io::{self, Write};

use crate::render::{sanitize, Style};
use crate::summary::Summary;

/// The outputs-only view.
#[derive(Debug, Clone, Copy)]
pub struct OutputList {
    /// https URLs instead of `cos://` paths (when the region is known).
    pub url: bool,
    /// stdout is a terminal: locations are sanitized (raw when piped, for `xargs`).
    pub terminal: bool,
    /// Styling of the warnings on stderr.
    pub err_style: Style,
}

impl OutputList {
    /// Writes one location per line to `out`, and warnings to `err`.
    pub fn write(&self, s: &Summary<'_>, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<()> {
        let (mut no_bucket, mut no_region) = (0, 0);
        for o in &s.outputs {
            let shown = o.location(self.url);
            no_bucket += usize::from(o.uri.is_none());
            no_region += usize::from(self.url && o.uri.is_some() && o.url.is_none());
            if self.terminal {
                writeln!(out, "{}", sanitize(shown))?;
            } else {
                writeln!(out, "{shown}")?;
            }
        }
        let origin = sanitize(&s.input);
        let warn = self.err_style.yellow("warning");
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
