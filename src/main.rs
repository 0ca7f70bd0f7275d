use std::io::{BufWriter, Write};
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cicb::cli::Cli::parse();
    let ctx = cicb::Context::new(cli.color);
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(64 * 1024, stdout.lock());
    let mut err = std::io::stderr().lock();
    let result = cicb::run(&cli, &ctx, &mut out, &mut err).and_then(|o| out.flush().map(|()| o).map_err(Into::into));
    match result {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(e) => {
            if !cicb::is_broken_pipe(&e) {
                let _ = cicb::report_error(&e, ctx.err_style, &mut err);
            }
            ExitCode::from(cicb::exit_code(&e).code())
        }
    }
}
