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

/// The width messages on stderr fit: the terminal's when stderr is one (`$COLUMNS`, then 80, when
/// its size is unknown); otherwise `$COLUMNS` when set, else none (a log keeps long lines whole).
/// `CICB_TERM_WIDTH`, cicb's test-only override, stands for the terminal's width.
pub fn stderr_width() -> Option<usize> {
    let positive = |var: &str| std::env::var(var).ok().and_then(|v| v.trim().parse::<usize>().ok()).filter(|&w| w > 0);
    if let Some(forced) = positive("CICB_TERM_WIDTH") {
        return Some(forced);
    }
    let columns = positive("COLUMNS");
    if Stream::Stderr.is_terminal() {
        return Some(
            terminal_size::terminal_size_of(std::io::stderr()).map(|(w, _)| usize::from(w.0)).or(columns).unwrap_or(80),
        );
    }
    columns
}
