//! What every command gets besides its arguments.

use std::borrow::Cow;

use crate::render::{self, Stream, Style};

/// Styling and terminal facts, decided once in `main`.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// Styling for data on stdout.
    pub out_style: Style,
    /// Styling for messages on stderr.
    pub err_style: Style,
    /// Whether stdout is a terminal (values are then sanitized).
    pub out_is_terminal: bool,
}

impl Context {
    /// The context for `--color WHEN` and the real streams.
    pub fn new(color: render::ColorChoice) -> Self {
        Context {
            out_style: Style { color: color.enabled(Stream::Stdout) },
            err_style: Style { color: color.enabled(Stream::Stderr) },
            out_is_terminal: Stream::Stdout.is_terminal(),
        }
    }

    /// How many columns a line on stdout may take (see [`render::width`]): the terminal's, or
    /// `$COLUMNS` when piped; `None` (no limit) when piped without it.
    pub fn line_width(&self) -> Option<usize> {
        render::width(Stream::Stdout, self.out_is_terminal)
    }

    /// A payload value for stdout: as is when piped (programs read it), sanitized on a terminal.
    pub fn value<'s>(&self, s: &'s str) -> Cow<'s, str> {
        if self.out_is_terminal {
            crate::sanitize::sanitize(s)
        } else {
            Cow::Borrowed(s)
        }
    }
}
