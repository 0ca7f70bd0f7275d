//! The one integration-test binary.

// Tests print notes (skipped corpus, counts) to stderr for the log.
#![allow(clippy::print_stderr)]

mod cli;
mod completions;
mod corpus;
mod diff;
mod docs;
mod files;
mod hostile;
mod inspect;
#[cfg(feature = "kafka")]
mod kafka;
mod listen;
mod net;
mod open;
mod props;
mod redact;
mod roundtrip;
mod sample;
mod schema;
mod send;
mod summarize;
mod support;
mod validate;
mod width;
mod xmlread;
