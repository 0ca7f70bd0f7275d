//! The HTTP server and client of `listen` and `send`, and the stop signal of the receivers.
//! Nothing here knows callbacks: the commands decode and name what goes through.

pub mod client;
pub mod front;
#[cfg(feature = "kafka")]
pub mod kafka;
pub mod server;
pub mod tls;

use anyhow::Context as _;

/// Ctrl-C (and, on Unix, SIGTERM), registered before a receiver starts.
pub struct StopSignal {
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
}

impl StopSignal {
    #[cfg(unix)]
    pub fn new() -> anyhow::Result<Self> {
        use tokio::signal::unix::{signal, SignalKind};
        let int = signal(SignalKind::interrupt()).context("failed to handle Ctrl-C")?;
        let term = signal(SignalKind::terminate()).context("failed to handle SIGTERM")?;
        Ok(StopSignal { int, term })
    }

    #[cfg(not(unix))]
    pub fn new() -> anyhow::Result<Self> {
        Ok(StopSignal {})
    }

    #[cfg(unix)]
    pub async fn recv(&mut self) {
        tokio::select! {
            _ = self.int.recv() => {},
            _ = self.term.recv() => {},
        }
    }

    #[cfg(not(unix))]
    pub async fn recv(&mut self) {
        let _ = tokio::signal::ctrl_c().await;
    }
}
