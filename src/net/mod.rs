//! The HTTP server and client of `listen` and `send`, and the durable capture writer. Nothing
//! here knows callbacks: the commands decode and name what goes through.

pub mod client;
pub mod durable;
pub mod server;
