//! Everything that turns data into terminal text: color policy, sanitizing, diagnostics.

pub mod diagnostic;
pub mod diff;
pub mod json;
pub mod redact;
pub use crate::sanitize;
pub mod summary;
pub mod table;
pub mod validate;

use std::io::IsTerminal;

pub use crate::sanitize::sanitize;

/// `--color` as the user gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Color when the stream is a terminal and NO_COLOR is unset or empty.
    #[default]
    Auto,
    Always,
    Never,
}

/// Which output stream a decision is for.
#[derive(Debug, Clone, Copy)]
pub enum Stream {
    Stdout,
    Stderr,
}

impl Stream {
    pub fn is_terminal(self) -> bool {
        match self {
            Stream::Stdout => std::io::stdout().is_terminal(),
            Stream::Stderr => std::io::stderr().is_terminal(),
        }
    }
}

impl ColorChoice {
    /// Whether to style `stream`.
    pub fn enabled(self, stream: Stream) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && stream.is_terminal(),
        }
    }
}

/// Styling decided once per stream; `plain` when color is off.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    pub fn paint(self, s: &str, color: owo_colors::AnsiColors, bold: bool) -> String {
        use owo_colors::OwoColorize;
        if !self.color {
            return s.to_string();
        }
        if bold {
            s.color(color).bold().to_string()
        } else {
            s.color(color).to_string()
        }
    }

    pub fn red(self, s: &str) -> String {
        self.paint(s, owo_colors::AnsiColors::Red, true)
    }
    pub fn green(self, s: &str) -> String {
        self.paint(s, owo_colors::AnsiColors::Green, false)
    }
    pub fn yellow(self, s: &str) -> String {
        self.paint(s, owo_colors::AnsiColors::Yellow, true)
    }
    pub fn blue(self, s: &str) -> String {
        self.paint(s, owo_colors::AnsiColors::Blue, true)
    }
    pub fn bold(self, s: &str) -> String {
        use owo_colors::OwoColorize;
        if self.color {
            s.bold().to_string()
        } else {
            s.to_string()
        }
    }
    pub fn dim(self, s: &str) -> String {
        use owo_colors::OwoColorize;
        if self.color {
            s.dimmed().to_string()
        } else {
            s.to_string()
        }
    }
}

/// The test-only override of the terminal's width (a terminal layout checked without a
/// pseudo-terminal); not a user-facing setting.
pub const WIDTH_OVERRIDE: &str = "CICB_TERM_WIDTH";

/// The width lines on `stream` fit: on a terminal its width (`$COLUMNS`, then 80, when its size
/// is unknown); otherwise `$COLUMNS` when set, else `None` (no limit). [`WIDTH_OVERRIDE`] stands
/// for the terminal's width.
pub fn width(stream: Stream, is_terminal: bool) -> Option<usize> {
    let positive = |var: &str| std::env::var(var).ok().and_then(|v| v.trim().parse::<usize>().ok()).filter(|&w| w > 0);
    if let Some(forced) = positive(WIDTH_OVERRIDE) {
        return Some(forced);
    }
    let columns = positive("COLUMNS");
    if is_terminal {
        let size = match stream {
            Stream::Stdout => terminal_size::terminal_size(),
            Stream::Stderr => terminal_size::terminal_size_of(std::io::stderr()),
        };
        return Some(size.map(|(w, _)| usize::from(w.0)).or(columns).unwrap_or(80));
    }
    columns
}

/// A closing line for stderr (what `redact` replaced, what `diff` found), wrapped at `width` at
/// spaces, its next lines indented two columns; whole without a width.
pub fn notice(text: &str, width: Option<usize>) -> String {
    match width {
        Some(w) if w > 20 => {
            textwrap::wrap(text, textwrap::Options::new(w).subsequent_indent("  ").break_words(false)).join("\n")
        }
        _ => text.to_string(),
    }
}

/// The width messages on stderr fit (see [`width`]): a log keeps long lines whole.
pub fn stderr_width() -> Option<usize> {
    width(Stream::Stderr, Stream::Stderr.is_terminal())
}
