//! Exit codes, defined once. Documented in `--help` (cli.rs) and README.md.

/// Success.
pub const OK: u8 = 0;
/// The input data is invalid: malformed, not a callback, a `--get` path not found, a failed job
/// with `--exit-status`, or a fixture with errors.
pub const INVALID: u8 = 1;
/// `diff`: the bodies differ (as diff(1)).
pub const DIFFERENT: u8 = 1;
/// Usage or I/O error.
pub const USAGE: u8 = 2;
