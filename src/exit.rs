//! The exit codes, defined once: documented in `--help` (cli.rs) and README.md.

/// How a run of cicb ends; `main` exits with [`Outcome::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// 0: success (and a closed pipe).
    Success = 0,
    /// 1: the input is at fault and the command has said why: malformed, not a callback, a
    /// `--get` path not found, a failed job with `--exit-status`, a fixture with errors.
    Invalid = 1,
    /// 2: usage or I/O error (a bad flag, an unreadable file, an unwritable output).
    Usage = 2,
}

impl Outcome {
    /// The process exit code.
    pub fn code(self) -> u8 {
        self as u8
    }
}
