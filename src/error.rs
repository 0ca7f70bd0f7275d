//! The CLI's error types: what exits 1 (the input is at fault) rather than 2.

use std::fmt;

/// An input that failed to decode, with its rendered diagnostic. Exit code 1.
#[derive(Debug)]
pub struct InputError {
    /// The message, sanitized for the terminal.
    pub message: String,
    /// The `--> file:line:col` block and source snippet.
    pub detail: String,
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

/// A `--get` path the input lacks (`parse`): exit code 1, as a [`DataError`]; the path is kept
/// so that a run over several inputs can say how many lacked it.
#[derive(Debug)]
pub struct Missing {
    /// The path as given.
    pub path: String,
    /// What was not found, and where.
    pub message: String,
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Missing {}
