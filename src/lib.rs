//! cicb: read, convert, summarize and validate Tencent Cloud Infinite (CI) callback bodies.
//!
//! The library is what a Rust callback handler needs: [`decode`] a body into one [`tree`] and a
//! typed [`decode::model`], ask [`spec`] what the documentation says about its nodes, select
//! nodes with a [`path`], write it back with [`encode`], and [`validate`] it. Without the
//! default `cli` feature none of the command line's crates (clap, comfy-table, the HTTP stack)
//! are compiled:
//!
//! ```toml
//! cicb = { version = "0.1", default-features = false }
//! ```
//!
//! ```
//! use cicb::decode::{decode, Kind, Limits};
//!
//! let body = "<Response><EventName>TaskFinish</EventName><JobsDetail><JobId>j1</JobId>\
//!             <State>Success</State><Tag>Transcode</Tag></JobsDetail></Response>";
//! let doc = decode(body, None, &Limits::default()).unwrap();
//! let model = doc.model();
//! assert_eq!(model.kind, Kind::Job);
//! assert_eq!(model.jobs[0].tag, Some("Transcode"));
//!
//! // The same body in Tencent's JSON form.
//! let mut json = Vec::new();
//! cicb::encode::json::write(&doc.tree, &Default::default(), &mut json).unwrap();
//! assert!(String::from_utf8(json).unwrap().contains(r#""JobId": "j1""#));
//! ```
//!
//! Data flows one way: bytes → [`decode`] (reading [`spec`]) → a command → a view → a writer.

#![warn(missing_docs)]

pub mod decode;
pub mod diff;
pub mod edit;
pub mod encode;
pub mod lex;
pub mod path;
pub mod redact;
pub mod sample;
pub mod sanitize;
pub mod schema;
pub mod spec;
pub mod summary;
pub mod tree;
pub mod units;
pub mod validate;

// The command line: not part of the library's API.
#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod cli;
#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod commands;
#[cfg(feature = "cli")]
mod context;
#[cfg(feature = "cli")]
mod error;
#[doc(hidden)]
pub mod exit;
#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod input;
#[cfg(feature = "net")]
#[doc(hidden)]
pub mod net;
#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod output;
#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod render;
#[cfg(feature = "net")]
#[doc(hidden)]
pub mod store;
#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod walk;

#[cfg(feature = "cli")]
#[doc(hidden)]
pub use cli_glue::*;

#[cfg(feature = "cli")]
mod cli_glue {
    use std::io::Write;

    use crate::render::Style;
    use crate::{cli, commands};

    pub use crate::context::Context;
    pub use crate::error::{DataError, InputError, Missing};
    pub use crate::exit::Outcome;

    #[doc(hidden)]
    /// Runs the command line; data goes to `out`, warnings to `err`.
    pub fn run(cli: &cli::Cli, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
        commands::dispatch(cli, ctx, out, err)
    }

    #[doc(hidden)]
    /// Runs `listen` and `send` (the `cicb-net` executable).
    pub fn run_net(cli: &cli::Cli, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
        commands::dispatch_net(cli, ctx, out, err)
    }

    /// The signature of [`run`] and [`run_net`].
    pub type Run = fn(&cli::Cli, &Context, &mut dyn Write, &mut dyn Write) -> anyhow::Result<Outcome>;

    #[doc(hidden)]
    /// What `main` does: parse the arguments, decide colors, run, print an error once and map
    /// the outcome to the exit code (a closed pipe is success).
    pub fn main(run: Run) -> std::process::ExitCode {
        use clap::{CommandFactory, FromArgMatches};
        // `Cli::parse()`, without freeing the command tree and the matches one allocation at a
        // time just before the process exits (2–4 % of a small body's start-up).
        let mut cmd = cli::Cli::command();
        let mut matches = cmd.try_get_matches_from_mut(std::env::args_os()).unwrap_or_else(|e| e.exit());
        let cli = cli::Cli::from_arg_matches_mut(&mut matches).unwrap_or_else(|e| e.format(&mut cmd).exit());
        std::mem::forget((cmd, matches));
        let ctx = Context::new(cli.color);
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, MarkedStdout(stdout.lock()));
        let mut err = std::io::stderr().lock();
        let result = run(&cli, &ctx, &mut out, &mut err);
        // A reader that left is no error at the last flush either: the outcome stands.
        let result = match (result, out.flush()) {
            (Ok(_), Err(e)) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
            (result, _) => result,
        };
        let code = match result {
            Ok(outcome) => outcome,
            Err(e) => {
                if !is_broken_pipe(&e) {
                    let _ = report_error(&e, ctx.err_style, &mut err);
                }
                exit_code(&e)
            }
        };
        std::process::ExitCode::from(code.code())
    }

    #[doc(hidden)]
    /// The outcome of an error returned by [`run`]: success for a closed pipe, invalid input for
    /// an [`InputError`] or a [`DataError`], a usage or I/O error for everything else.
    pub fn exit_code(err: &anyhow::Error) -> Outcome {
        if is_broken_pipe(err) {
            return Outcome::Success;
        }
        if err.downcast_ref::<InputError>().is_some()
            || err.downcast_ref::<DataError>().is_some()
            || err.downcast_ref::<Missing>().is_some()
        {
            return Outcome::Invalid;
        }
        Outcome::Usage
    }

    #[doc(hidden)]
    /// Prints an error the one way cicb does: `cicb: error: {err:#}` (main, and the commands that go
    /// on after a bad input).
    pub fn report_error(err: &anyhow::Error, style: Style, w: &mut dyn Write) -> std::io::Result<()> {
        writeln!(w, "cicb: {}: {err:#}", style.red("error"))
    }

    #[doc(hidden)]
    /// True when the error is, somewhere in its chain, a write to standard output after its
    /// reader left ([`ReaderLeft`]). A closed socket or a child's pipe is an error like any other.
    pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
        err.chain().any(|e| {
            e.downcast_ref::<std::io::Error>().is_some_and(|io| {
                io.kind() == std::io::ErrorKind::BrokenPipe
                    && io.get_ref().is_some_and(|inner| inner.is::<ReaderLeft>())
            })
        })
    }

    /// What a write to standard output carries when it failed because the reader left (`| head`).
    #[doc(hidden)]
    #[derive(Debug)]
    pub struct ReaderLeft;

    impl std::fmt::Display for ReaderLeft {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("the reader of standard output left")
        }
    }

    impl std::error::Error for ReaderLeft {}

    /// Standard output whose closed-pipe errors carry [`ReaderLeft`].
    #[doc(hidden)]
    pub struct MarkedStdout<W>(pub W);

    impl<W: Write> Write for MarkedStdout<W> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.write(buf).map_err(mark)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            self.0.flush().map_err(mark)
        }
    }

    fn mark(e: std::io::Error) -> std::io::Error {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::io::Error::new(std::io::ErrorKind::BrokenPipe, ReaderLeft)
        } else {
            e
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use std::io::{Error, ErrorKind};

        struct Gone;

        impl Write for Gone {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Err(ErrorKind::BrokenPipe.into())
            }
        }

        #[test]
        fn only_standard_outputs_closed_pipe_is_success() {
            // A socket closed under `send` (or a pipe to another process) is an error like any other.
            let socket = anyhow::Error::from(Error::from(ErrorKind::BrokenPipe)).context("POST http://127.0.0.1:1/");
            assert!(!is_broken_pipe(&socket));
            assert_eq!(exit_code(&socket), Outcome::Usage);
            // Standard output's reader leaving is not, whatever context wraps it.
            let e = MarkedStdout(Gone).write(b"x").unwrap_err();
            assert_eq!(e.kind(), ErrorKind::BrokenPipe);
            let stdout = anyhow::Error::from(e).context("writing the summary");
            assert!(is_broken_pipe(&stdout));
            assert_eq!(exit_code(&stdout), Outcome::Success);
            let other = MarkedStdout(Vec::new()).write(b"x").unwrap();
            assert_eq!(other, 1);
        }
    }
}
