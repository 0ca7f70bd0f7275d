//! `cicb listen`: an HTTP server for CI callbacks. Each POST body is saved byte for byte (durable
//! before the answer goes out, see [`crate::store::durable`]), summarized in one line on stdout
//! and, with `--forward-to`, passed on to the user's handler.

use std::io::Write;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use anyhow::Context as _;
use axum::http::{StatusCode, Uri};
use chrono::{DateTime, Utc};
use tokio::sync::{mpsc, watch};

use crate::cli::ListenArgs;
use crate::net::client::{self, Client};
use crate::net::server::{self, Handler, Reply, Request};
use crate::net::StopSignal;
use crate::render::{sanitize, Style};
use crate::store::capture::{Forwarded, LineFormat, Record, Source};
use crate::store::{self, durable};
use crate::{Context, Outcome};

/// How long a forwarded request may take.
const FORWARD_TIMEOUT: Duration = Duration::from_secs(10);

enum Event {
    /// A capture was saved (and forwarded, if asked): its line for stdout.
    Captured(String),
    /// Something went wrong with one request; for stderr.
    Warning(String),
}

pub fn run(args: &ListenArgs, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    let forward = match &args.forward_to {
        Some(u) => Some(client::parse_url(u).map_err(|e| anyhow::anyhow!("--forward-to: {e}"))?),
        None => None,
    };
    let status = StatusCode::from_u16(args.status).context("--status")?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().context("failed to start")?;
    runtime.block_on(listen(args, forward, status, ctx, out, err))
}

async fn listen(
    args: &ListenArgs,
    forward: Option<Uri>,
    status: StatusCode,
    ctx: &Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let shown_dir = args.dir.display().to_string();
    let store = store::open(&args.dir)?;
    for r in &store.repairs {
        writeln!(err, "cicb: {}: {}: {r}", ctx.err_style.yellow("warning"), sanitize(&shown_dir))?;
    }
    let listener = tokio::net::TcpListener::bind((args.bind, args.port))
        .await
        .with_context(|| format!("failed to listen on {}:{}", args.bind, args.port))?;
    let addr = listener.local_addr().context("failed to listen")?;
    let mut stop_signal = StopSignal::new()?;

    let (events, mut rx) = mpsc::unbounded_channel();
    let (stop, stopped) = watch::channel(false);
    let handler = Arc::new(Capture {
        writer: store.writer.clone(),
        events,
        seq: AtomicU64::new(0),
        status,
        format: args.format.into(),
        style: ctx.out_style,
        dir: shown_dir.clone(),
        max_body: args.max_body,
        forward: forward.map(|u| (u, Client::new(FORWARD_TIMEOUT, 64))),
    });
    let forwarding = handler.forward.as_ref().map(|(u, _)| format!(", forwarding to {u}")).unwrap_or_default();
    writeln!(err, "listening on http://{addr}/ … saving to {}{forwarding} (Ctrl-C to stop)", sanitize(&shown_dir))?;
    err.flush()?;

    let defaults = server::Options::default();
    let max_connections = server::fit_connections(defaults.max_connections);
    let opts = server::Options { max_body: args.max_body, max_connections, ..defaults };
    let mut until = stopped.clone();
    let shutdown = async move {
        let _ = until.wait_for(|s| *s).await;
    };
    let mut server = tokio::spawn(server::serve(listener, opts, handler, shutdown));
    let (mut count, mut stopping, mut failed): (u64, bool, Option<anyhow::Error>) = (0, false, None);
    let mut served = false;
    loop {
        tokio::select! {
            event = rx.recv() => match event {
                None => break,
                Some(first) => {
                    let written = show(first, &mut rx, &mut count, ctx, out, err);
                    if let Err(e) = written {
                        failed.get_or_insert(e.into());
                        let _ = stop.send(true);
                    }
                    if args.count.is_some_and(|n| count >= n) {
                        let _ = stop.send(true);
                    }
                }
            },
            () = stop_signal.recv(), if !stopping => {
                stopping = true;
                let _ = writeln!(err, "stopping: finishing the requests in flight");
                let _ = stop.send(true);
            },
            timed_out = &mut server, if !served => {
                served = true;
                // Connections still open after the drain timeout keep the handler alive: stop
                // waiting for them (what they still send is not acknowledged).
                if timed_out.unwrap_or(false) {
                    if let Ok(first) = rx.try_recv() {
                        let _ = show(first, &mut rx, &mut count, ctx, out, err);
                    }
                    break;
                }
            },
        }
    }
    out.flush()?;
    if let Some(e) = failed {
        return Err(e);
    }
    let s = if count == 1 { "" } else { "s" };
    writeln!(err, "stopped: {count} capture{s} saved in {}", sanitize(&shown_dir))?;
    Ok(Outcome::Success)
}

/// Shows `first` and every event already queued behind it: captures on `out` in one write (under
/// load there are several), warnings on `err`.
fn show(
    first: Event,
    rx: &mut mpsc::UnboundedReceiver<Event>,
    count: &mut u64,
    ctx: &Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    let mut next = Some(first);
    let mut lines = String::new();
    while let Some(event) = next.take() {
        match event {
            Event::Captured(line) => {
                *count += 1;
                lines.push_str(&line);
            }
            Event::Warning(w) => {
                let _ = writeln!(err, "cicb: {}: {w}", ctx.err_style.yellow("warning"));
            }
        }
        next = rx.try_recv().ok();
    }
    out.write_all(lines.as_bytes())?;
    out.flush()
}

/// The handler behind the server.
struct Capture {
    writer: durable::Writer,
    events: mpsc::UnboundedSender<Event>,
    seq: AtomicU64,
    status: StatusCode,
    format: LineFormat,
    style: Style,
    dir: String,
    max_body: usize,
    forward: Option<(Uri, Client)>,
}

impl Handler for Capture {
    fn handle(&self, request: Request) -> Pin<Box<dyn std::future::Future<Output = Reply> + Send + '_>> {
        Box::pin(self.capture(request))
    }
}

impl Capture {
    async fn capture(&self, request: Request) -> Reply {
        let seq = self.seq.fetch_add(1, Ordering::Relaxed) + 1;
        let time: DateTime<Utc> = SystemTime::now().into();
        let Request { peer, path, headers, body } = request;
        let source = Source::http(peer.to_string(), path.clone(), &headers);
        let record = Record::new(&body, source, self.max_body, &self.dir, time, seq, self.format);
        let (name, probe) = (record.name().to_string(), record.is_probe());
        // Written here, so that the writer only puts the file name in front.
        let index = (self.forward.is_none()).then(|| record.index_builder());
        let body_for_forward = self.forward.as_ref().map(|_| body.clone());
        let file = match self.writer.save(name, body, index).await {
            Ok(f) => f,
            Err(e) => {
                let _ = self
                    .events
                    .send(Event::Warning(format!("failed to save a capture in {}: {e}", sanitize(&self.dir))));
                return Reply {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    body: "cicb listen could not save the body\n".into(),
                };
            }
        };
        let shown_file = format!("{}/{file}", self.dir.trim_end_matches('/'));
        match (&self.forward, body_for_forward) {
            (Some((base, client)), Some(body)) => {
                let url = client::join(base, &path);
                let client = client.clone();
                let (events, writer) = (self.events.clone(), self.writer.clone());
                let (format, style) = (self.format, self.style);
                tokio::spawn(async move {
                    let sent =
                        tokio::task::spawn_blocking(move || client.post(&url, &headers, &body).map_err(|e| (url, e)))
                            .await;
                    let forward = match sent {
                        Ok(Ok(a)) => Forwarded::Answer(a),
                        Ok(Err((url, e))) => Forwarded::Failed(format!("{url}: {e}")),
                        Err(e) => Forwarded::Failed(e.to_string()),
                    };
                    if let Err(e) = writer.index(record.index_line(&file, Some(&forward))).await {
                        let _ = events.send(Event::Warning(format!("failed to append to {}: {e}", durable::INDEX)));
                    }
                    let _ = events.send(Event::Captured(record.line(&shown_file, Some(&forward), format, style)));
                });
            }
            _ => {
                let _ = self.events.send(Event::Captured(record.line(&shown_file, None, self.format, self.style)));
            }
        }
        let status = if probe { StatusCode::OK } else { self.status };
        let body =
            if status.is_success() { "ok\n".to_string() } else { format!("cicb listen answers {status} (--status)\n") };
        Reply { status, body }
    }
}
