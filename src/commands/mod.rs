//! One file per subcommand; dispatch is one match.

pub mod completions;
pub mod consume;
pub mod convert;
pub mod diff;
pub mod inspect;
pub mod listen;
pub mod man;
pub mod parse;
pub mod redact;
pub mod sample;
pub mod schema;
pub mod send;
pub mod summarize;
pub mod validate;

use std::io::Write;

use crate::cli::{Cli, Command};
use crate::{Context, Outcome};

/// Runs the command. `listen` and `send` run in the `cicb-net` executable beside this one (see
/// `net_process`), so that the other commands start without mapping the HTTP stack.
///
/// Every command but `listen` writes through a [`crate::output::PipeGuard`], on stdout and on
/// stderr (where `validate` writes its diagnostics, read with `2>&1 | head`): a reader that
/// leaves early ends the output, never the work, so the exit code is the same whether or not
/// it left.
pub fn dispatch(cli: &Cli, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    let mut guard = crate::output::PipeGuard::new(out);
    let out = &mut guard;
    let mut err_guard = crate::output::PipeGuard::new(err);
    let err = &mut err_guard;
    match &cli.command {
        Command::Summarize(args) => summarize::run(args, ctx, out, err),
        Command::Convert(args) => convert::run(args, ctx, out),
        Command::Parse(args) => parse::run(args, ctx, out, err),
        Command::Validate(args) => validate::run(args, ctx, out, err),
        Command::Diff(args) => diff::run(args, ctx, out, err),
        Command::Redact(args) => redact::run(args, ctx, out, err),
        Command::Sample(args) => sample::run(args, ctx, out),
        Command::Schema(args) => schema::run(args, out, err),
        Command::Listen(_) | Command::Send(_) | Command::Consume(_) | Command::Inspect(_) => net_process(),
        Command::Completions(args) => completions::run(args, out),
        Command::Man(args) => man::run(args, out, err),
    }
}

/// Runs `listen` and `send`: what the `cicb-net` executable calls.
/// `listen` stops when its reader leaves (a closed pipe is its end, exit 0); `send` goes on
/// sending, as [`dispatch`]'s commands go on reading.
pub fn dispatch_net(cli: &Cli, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    match &cli.command {
        Command::Listen(args) => listen::run(args, ctx, out, err),
        Command::Send(args) => send::run(args, ctx, &mut crate::output::PipeGuard::new(out), err),
        Command::Consume(args) => consume::run(args, ctx, out, err),
        Command::Inspect(args) => inspect::run(args, ctx, err),
        _ => anyhow::bail!("cicb-net runs `listen`, `send`, `consume` and `inspect`; the other commands are `cicb`'s"),
    }
}

/// Hands the command line to `cicb-net`, the executable installed beside `cicb` (as git hands
/// `git foo` to `git-foo`): it carries the HTTP server and client, which the other commands
/// would otherwise load at every start (4 times the binary, 6 times the relocations). On Unix
/// the process becomes `cicb-net` (signals, exit code and streams are its own).
fn net_process() -> anyhow::Result<Outcome> {
    use anyhow::Context as _;
    let me = std::env::current_exe().context("failed to find the cicb executable")?;
    let net = me.with_file_name(format!("cicb-net{}", std::env::consts::EXE_SUFFIX));
    if !net.is_file() {
        anyhow::bail!(
            "`listen` and `send` need {}, installed beside cicb (`cargo install --path . --locked` installs both)",
            net.display()
        );
    }
    let mut child = std::process::Command::new(&net);
    child.args(std::env::args_os().skip(1));
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let e = child.exec();
        Err(anyhow::Error::new(e).context(format!("failed to run {}", net.display())))
    }
    #[cfg(not(unix))]
    {
        let status = child.status().with_context(|| format!("failed to run {}", net.display()))?;
        std::process::exit(status.code().unwrap_or(2));
    }
}

/// The inputs of a command that reads files and folders (`--exclude` applied), after warning on
/// stderr about folders that hold nothing to read.
pub(crate) fn inputs(
    paths: &[std::path::PathBuf],
    exclude: &[String],
    ctx: &Context,
    err: &mut dyn Write,
) -> anyhow::Result<crate::walk::Walk> {
    let w = crate::walk::walk(paths, &crate::walk::excludes(exclude)?)?;
    for note in &w.notes {
        writeln!(err, "cicb: {}: {}", ctx.err_style.yellow("warning"), crate::sanitize::sanitize(note))?;
    }
    Ok(w)
}

/// How a command that reads several inputs ends: a bad input is reported in its place (once, as
/// main reports errors) and the others are still read; the worst exit code wins. With one input,
/// its error is the command's.
pub(crate) struct Tally {
    several: bool,
    total: usize,
    bad: usize,
    worst: Outcome,
}

impl Tally {
    /// A tally over `total` inputs; `several` when more than one was asked for (or a folder).
    pub(crate) fn new(several: bool, total: usize) -> Self {
        Tally { several, total, bad: 0, worst: Outcome::Success }
    }

    /// Takes one input's result: its value, or `None` once its error is reported. An error
    /// ends the run with one input, and always for a closed pipe.
    pub(crate) fn take<T>(
        &mut self,
        result: anyhow::Result<T>,
        ctx: &Context,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> anyhow::Result<Option<T>> {
        match result {
            Ok(t) => Ok(Some(t)),
            Err(e) if !self.several || crate::is_broken_pipe(&e) => Err(e),
            Err(e) => {
                out.flush()?;
                crate::report_error(&e, ctx.err_style, err)?;
                self.worst = self.worst.max(crate::exit_code(&e));
                self.bad += 1;
                Ok(None)
            }
        }
    }

    /// Success when every input was read; otherwise `N of M inputs not {done}`, exit 1 or 2.
    pub(crate) fn finish(self, done: &str) -> anyhow::Result<Outcome> {
        let summary = format!("{} of {} inputs not {done}", self.bad, self.total);
        self.finish_with(summary)
    }

    /// How many inputs were reported bad, of how many.
    pub(crate) fn counts(&self) -> (usize, usize) {
        (self.bad, self.total)
    }

    /// As [`Tally::finish`], with the closing line given.
    pub(crate) fn finish_with(self, summary: String) -> anyhow::Result<Outcome> {
        match self.worst {
            Outcome::Success => Ok(Outcome::Success),
            Outcome::Invalid => Err(crate::DataError(summary).into()),
            Outcome::Usage => Err(anyhow::anyhow!(summary)),
        }
    }
}
