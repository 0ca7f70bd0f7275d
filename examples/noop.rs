//! The do-nothing program that bench/startup.py measures cicb's start-up against, built with
//! the same release profile.
fn main() {}
