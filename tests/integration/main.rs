//! The one integration-test binary.

// Tests print notes (skipped corpus, counts) to stderr for the log.
#![allow(clippy::print_stderr)]

mod cli;
mod completions;
mod corpus;
mod files;
mod hostile;
mod props;
mod roundtrip;
mod summarize;
mod support;
mod validate;
mod xmlread;
