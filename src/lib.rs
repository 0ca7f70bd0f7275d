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
        std::process::ExitCode::from(outcome(run).code())
    }

    #[doc(hidden)]
    /// [`main`] for an executable that starts without std's runtime set-up (`#![no_main]`, as
    /// `cicb` does: that set-up reads `/proc/self/maps` and maps a signal stack to report a stack
    /// overflow, about a tenth of a do-nothing process). First the two parts of it cicb relies
    /// on ([`start_up`]), then [`main`], then exit with std's clean-up (it flushes stdout).
    pub fn main_without_runtime(run: Run) -> ! {
        start_up();
        let code = outcome(run).code();
        std::process::exit(i32::from(code))
    }

    /// What cicb needs of std's runtime set-up: the standard streams open (a closed one becomes
    /// `/dev/null`, so that no file cicb opens becomes its standard output) and SIGPIPE ignored
    /// (a reader that leaves is an error cicb handles, exiting 0, not a signal that kills it).
    #[cfg(unix)]
    fn start_up() {
        let mut fds = [0, 1, 2].map(|fd| libc::pollfd { fd, events: 0, revents: 0 });
        // SAFETY: `fds` is a valid array of three `pollfd`; a zero timeout does not block.
        let polled = unsafe { libc::poll(fds.as_mut_ptr(), 3, 0) } != -1;
        for pfd in fds {
            let closed = if polled {
                pfd.revents & libc::POLLNVAL != 0
            } else {
                // SAFETY: F_GETFD on any integer only reads the descriptor table.
                (unsafe { libc::fcntl(pfd.fd, libc::F_GETFD) }) == -1
            };
            // SAFETY: a constant NUL-terminated path; the lowest free descriptor is the closed
            // one, as descriptors below it are open.
            if closed && unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) } == -1 {
                std::process::abort();
            }
        }
        // SAFETY: setting a standard signal's disposition to "ignore" has no preconditions.
        unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
    }

    #[cfg(not(unix))]
    fn start_up() {}

    fn outcome(run: Run) -> Outcome {
        let cli = cli::Cli::parse_args(std::env::args_os().collect());
        let ctx = Context::new(cli.global.color);
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, MarkedStdout(stdout.lock()));
        let mut err = std::io::stderr().lock();
        let result = run(&cli, &ctx, &mut out, &mut err);
        // A reader that left is no error at the last flush either: the outcome stands.
        let result = match (result, out.flush()) {
            (Ok(_), Err(e)) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
            (result, _) => result,
        };
        match result {
            Ok(outcome) => outcome,
            Err(e) => {
                if !is_broken_pipe(&e) {
                    let _ = report_error(&e, ctx.err_style, &mut err);
                }
                exit_code(&e)
            }
        }
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
    /// The message wraps at stderr's width (a terminal's, or `$COLUMNS`), its next lines under its
    /// first word; what follows it (a diagnostic's source line) is as it is.
    pub fn report_error(err: &anyhow::Error, style: Style, w: &mut dyn Write) -> std::io::Result<()> {
        let text = format!("{err:#}");
        let (message, rest) = text.split_once('\n').map_or((text.as_str(), None), |(m, r)| (m, Some(r)));
        let name = "cicb: error";
        let lines = crate::render::diagnostic::headline(name, message, crate::render::stderr_width());
        for (i, line) in lines.iter().enumerate() {
            match i {
                0 => writeln!(w, "cicb: {}: {line}", style.red("error"))?,
                _ => writeln!(w, "{}{line}", " ".repeat(name.len() + 2))?,
            }
        }
        match rest {
            Some(rest) => writeln!(w, "{rest}"),
            None => Ok(()),
        }
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
