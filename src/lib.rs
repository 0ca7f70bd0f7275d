//! cicb: read, convert, summarize and validate Tencent Cloud Infinite (CI) callback bodies.
//!
//! Data flows one way: bytes → [`decode`] (one tree, one schema, one typed model) → a command in
//! [`commands`] → a renderer in [`render`] / [`encode`] → a writer.

pub mod cli;
pub mod commands;
pub mod decode;
pub mod encode;
pub mod exit;
pub mod input;
pub mod lex;
pub mod output;
pub mod path;
pub mod render;
pub mod schema;
pub mod spec;
pub mod tree;

use std::fmt;
use std::io::Write;

use render::{Stream, Style};

/// How a command ended when it did not fail outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: the input is invalid; the command has already said why.
    Invalid,
}

/// What every command gets besides its arguments.
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
    pub fn new(color: render::ColorChoice) -> Self {
        Context {
            out_style: Style { color: color.enabled(Stream::Stdout) },
            err_style: Style { color: color.enabled(Stream::Stderr) },
            out_is_terminal: Stream::Stdout.is_terminal(),
        }
    }

    /// A payload value for stdout: as is when piped (programs read it), sanitized on a terminal.
    pub fn value<'s>(&self, s: &'s str) -> std::borrow::Cow<'s, str> {
        if self.out_is_terminal {
            render::sanitize(s)
        } else {
            std::borrow::Cow::Borrowed(s)
        }
    }

    /// Plain output, as when piped: for tests.
    pub fn plain() -> Self {
        Context { out_style: Style { color: false }, err_style: Style { color: false }, out_is_terminal: false }
    }
}

/// An input that failed to decode, with its rendered diagnostic. Exit code 1.
#[derive(Debug)]
pub struct InputError {
    pub message: String,
    /// The `--> file:line:col` block and source snippet.
    pub detail: String,
    pub error: decode::DecodeError,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n{}", self.message, self.detail.trim_end())
    }
}

impl std::error::Error for InputError {}

/// The input is well-formed but lacks what was asked for (a `--get` path). Exit code 1.
#[derive(Debug)]
pub struct DataError(pub String);

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DataError {}

/// Runs the command line; data goes to `out`, warnings to `err`.
pub fn run(cli: &cli::Cli, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    commands::dispatch(cli, ctx, out, err)
}

/// The exit code for an error returned by [`run`]: 0 for a closed pipe, 1 for invalid input,
/// 2 for everything else (usage, I/O).
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if is_broken_pipe(err) {
        return exit::OK;
    }
    if err.downcast_ref::<InputError>().is_some() || err.downcast_ref::<DataError>().is_some() {
        return exit::INVALID;
    }
    exit::USAGE
}

/// Prints an error the one way cicb does: `cicb: error: {err:#}` (main, and the commands that go
/// on after a bad input).
pub fn report_error(err: &anyhow::Error, style: Style, w: &mut dyn Write) -> std::io::Result<()> {
    writeln!(w, "cicb: {}: {err:#}", style.red("error"))
}

/// True when the error is, somewhere in its chain, a write to a closed pipe.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}
