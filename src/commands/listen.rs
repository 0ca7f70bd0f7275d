//! `cicb listen`: an HTTP(S) server for CI callbacks. Each POST body is saved byte for byte
//! (durable before the answer goes out, see [`crate::store::durable`]), summarized in one line
//! on stdout and, with `--forward-to`, passed on to the user's handler. On a public host the
//! front ([`crate::net::front`]) refuses what is not a callback before its body is read, and
//! every refusal is one line on stdout and one in the index.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use anyhow::Context as _;
use axum::http::{StatusCode, Uri};
use chrono::{DateTime, Utc};
use tokio::sync::{mpsc, watch};

use crate::cli::ListenArgs;
use crate::net::client::{self, Client};
use crate::net::front::{self, Front, Refused};
use crate::net::server::{self, Handler, Head, Refuse, Reply, Request};
use crate::net::tls::Tls;
use crate::net::StopSignal;
use crate::render::{sanitize, Style};
use crate::store::capture::{self, Forwarded, LineFormat, Record, Refusal, Source};
use crate::store::durable::{self, Rotation};
use crate::store::space::{self, Guard, MinFree};
use crate::{Context, Outcome};

/// How long a forwarded request may take.
const FORWARD_TIMEOUT: Duration = Duration::from_secs(10);

/// Refusals from one client shown one by one in a minute; the rest are counted.
const SHOWN_PER_MINUTE: u32 = 5;

/// Clients whose refusals are counted apart; more share one count.
const MAX_FLOOD_PEERS: usize = 4096;

/// How often captures older than `--max-age` are looked for.
const AGE_CHECK_EVERY: Duration = Duration::from_secs(60);

enum Event {
    /// A capture was saved (and forwarded, if asked): its line for stdout.
    Captured(String),
    /// A request was refused.
    Refused(Refusal),
    /// Below `--min-free`.
    Low(space::Low),
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
    let secret = match (&args.path, args.secret_path) {
        (Some(p), _) => Some(p.clone()),
        (None, true) => Some(front::secret_path().context("failed to make a secret path")?),
        (None, false) => None,
    };
    let front = Front::new(secret.as_deref(), args.allow.clone(), args.trust_proxy.clone(), args.rate)
        .map_err(anyhow::Error::msg)?;
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(c), Some(k)) => Some(Tls::load(c, k)?),
        _ => None,
    };
    let shown_dir = args.dir.display().to_string();
    let store = crate::store::open(&args.dir)?;
    // JSON lines name files by their full path.
    let abs_dir = std::fs::canonicalize(&args.dir).map_or_else(|_| shown_dir.clone(), |d| d.display().to_string());
    let guard = Guard::new(&args.dir, args.min_free.unwrap_or(MinFree::Default))
        .with_context(|| format!("failed to read the free space of {shown_dir}"))?;
    let listener = tokio::net::TcpListener::bind((args.host, args.port))
        .await
        .with_context(|| format!("failed to listen on {}", SocketAddr::new(args.host, args.port)))?;
    let addr = listener.local_addr().context("failed to listen")?;
    let mut stop_signal = StopSignal::new()?;
    let mut hangup = Hangup::new()?;

    let (events, mut rx) = mpsc::unbounded_channel();
    let (stop, stopped) = watch::channel(false);
    let format: LineFormat = args.format.into();
    let width = ctx.line_width();
    let handler = Arc::new(Capture {
        writer: store.writer.clone(),
        events,
        seq: AtomicU64::new(0),
        status,
        format,
        style: ctx.out_style,
        width,
        dir: abs_dir,
        max_body: args.max_body,
        forward: forward.map(|u| (u, Client::new(FORWARD_TIMEOUT, 64))),
        front,
        guard,
    });
    banner(args, addr, secret.as_deref(), tls.is_some(), &handler, &shown_dir, ctx, err)?;
    if let Some(port) = args.serve.inspect {
        writeln!(err, "inspect page: {}", super::inspect::Page::spawn(&args.dir, port)?)?;
    }
    for r in &store.repairs {
        writeln!(err, "cicb: {}: {}: {r}", ctx.err_style.yellow("warning"), sanitize(&shown_dir))?;
    }

    let defaults = server::Options::default();
    let wanted = usize::try_from(args.max_connections).unwrap_or(usize::MAX);
    let opts = server::Options {
        max_body: args.max_body,
        max_connections: server::fit_connections(wanted),
        header_timeout: args.header_timeout,
        body_timeout: args.body_timeout,
        ..defaults
    };
    let mut until = stopped.clone();
    let shutdown = async move {
        let _ = until.wait_for(|s| *s).await;
    };
    // The loop below keeps no sender of `events`: it ends once the server and every forward
    // task are done.
    let printer = Printer { writer: handler.writer.clone(), format, style: ctx.out_style, width };
    let serving = handler as Arc<dyn Handler>;
    let mut server = tokio::spawn(server::serve(listener, opts, tls.clone(), serving, shutdown));
    let rotation = Rotation {
        max_captures: args.max_captures.map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
        max_age: args.max_age,
    };
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let mut shown = Shown { count: 0, floods: Floods::default(), last_low: None };
    let mut rotor = Rotor { rotation, at_open: store.index.captures, removed: 0, last_age_check: None };
    let (mut stopping, mut failed): (bool, Option<anyhow::Error>) = (false, None);
    let mut served = false;
    loop {
        tokio::select! {
            event = rx.recv() => match event {
                None => break,
                Some(first) => {
                    let written = show(first, &mut rx, &mut shown, &printer, ctx, out, err);
                    if let Err(e) = written {
                        failed.get_or_insert(e.into());
                        let _ = stop.send(true);
                    }
                    if args.count.is_some_and(|n| shown.count >= n) {
                        let _ = stop.send(true);
                    }
                }
            },
            () = stop_signal.recv(), if !stopping => {
                stopping = true;
                let _ = writeln!(err, "stopping: finishing the requests in flight");
                let _ = stop.send(true);
            },
            () = hangup.recv(), if tls.is_some() => {
                if let Some(tls) = &tls {
                    match tls.reload() {
                        Ok(()) => { let _ = writeln!(err, "reloaded the TLS certificate and key (SIGHUP)"); }
                        Err(e) => {
                            let _ = writeln!(err, "cicb: {}: SIGHUP: {e:#}; the certificate in use stays", ctx.err_style.yellow("warning"));
                        }
                    }
                }
            },
            _ = tick.tick() => {
                if rotor.due(shown.count) {
                    match printer.writer.prune(rotation).await {
                        Ok(n) => rotor.pruned(n, err),
                        Err(e) => { let _ = writeln!(err, "cicb: {}: failed to remove old captures: {e}", ctx.err_style.yellow("warning")); }
                    }
                }
                if let Err(e) = shown.floods.flush(false, &printer, out) {
                    failed.get_or_insert(e.into());
                    let _ = stop.send(true);
                }
            },
            timed_out = &mut server, if !served => {
                served = true;
                // Connections still open after the drain timeout keep the handler alive: stop
                // waiting for them (what they still send is not acknowledged).
                if timed_out.unwrap_or(false) {
                    if let Ok(first) = rx.try_recv() {
                        let _ = show(first, &mut rx, &mut shown, &printer, ctx, out, err);
                    }
                    break;
                }
            },
        }
    }
    let _ = shown.floods.flush(true, &printer, out);
    // The refusals' lines are written without waiting: wait for them now.
    if let Err(e) = printer.writer.flush().await {
        writeln!(err, "cicb: {}: failed to write {}: {e}", ctx.err_style.yellow("warning"), durable::INDEX)?;
    }
    out.flush()?;
    if let Some(e) = failed {
        return Err(e);
    }
    let count = shown.count;
    writeln!(err, "stopped: {count} capture{} saved in {}", plural(count as usize), sanitize(&shown_dir))?;
    Ok(Outcome::Success)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The start lines on stderr, each within 80 columns: where it listens, where it saves, the URL
/// to paste into the CI console, and a note when the address is public.
#[allow(clippy::too_many_arguments)]
fn banner(
    args: &ListenArgs,
    addr: SocketAddr,
    secret: Option<&str>,
    tls: bool,
    handler: &Capture,
    shown_dir: &str,
    ctx: &Context,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    let scheme = if tls { "https" } else { "http" };
    let shown_path = secret.map_or_else(|| "/".to_string(), |s| handler.front.shown_path(s).into_owned());
    writeln!(err, "listening on {scheme}://{addr}{shown_path} (Ctrl-C to stop)")?;
    let forwarding = handler.forward.as_ref().map(|(u, _)| format!(", forwarding to {u}")).unwrap_or_default();
    writeln!(err, "saving to {}{forwarding}", sanitize(shown_dir))?;
    if handler.guard.floor > 0 {
        writeln!(err, "keeping {} free on its disk (--min-free)", crate::units::byte_size(handler.guard.floor))?;
    }
    if args.secret_path {
        if let Some(s) = secret {
            let host = if addr.ip().is_unspecified() { "YOUR-HOST".to_string() } else { addr.ip().to_string() };
            let host = if host.contains(':') { format!("[{host}]") } else { host };
            writeln!(err, "callback URL for the CI console (keep it secret):")?;
            writeln!(err, "  {scheme}://{host}:{}{s}", addr.port())?;
        }
    }
    if !addr.ip().is_loopback() {
        let missing: Vec<&str> =
            [(secret.is_none(), "--secret-path"), (args.allow.is_empty(), "--allow"), (!tls, "--tls-cert")]
                .into_iter()
                .filter_map(|(m, flag)| m.then_some(flag))
                .collect();
        let advice = if missing.is_empty() { String::new() } else { format!("; consider {}", missing.join(", ")) };
        writeln!(
            err,
            "{}: {} is public: anyone who reaches it can send{advice}",
            ctx.err_style.yellow("note"),
            addr.ip()
        )?;
    }
    err.flush()
}

/// When to remove old captures: past `--max-captures` (with 5 % slack, so that the index is
/// not rewritten for every new capture), and once a minute for `--max-age`.
struct Rotor {
    rotation: Rotation,
    /// Captures in the folder at open.
    at_open: usize,
    /// Captures removed since.
    removed: usize,
    last_age_check: Option<Instant>,
}

impl Rotor {
    /// Captures in the folder now, `saved` of them since open.
    fn now(&self, saved: u64) -> usize {
        let saved = usize::try_from(saved).unwrap_or(usize::MAX);
        self.at_open.saturating_add(saved).saturating_sub(self.removed)
    }

    fn due(&mut self, saved: u64) -> bool {
        let now = self.now(saved);
        let over = self.rotation.max_captures.is_some_and(|m| now > m.saturating_add(m / 20));
        let aged =
            self.rotation.max_age.is_some() && self.last_age_check.is_none_or(|t| t.elapsed() >= AGE_CHECK_EVERY);
        if aged {
            self.last_age_check = Some(Instant::now());
        }
        over || aged
    }

    fn pruned(&mut self, removed: usize, err: &mut dyn Write) {
        self.removed = self.removed.saturating_add(removed);
        if removed > 0 {
            let _ = writeln!(
                err,
                "rotated: removed the {removed} oldest capture{} (--max-captures, --max-age)",
                plural(removed)
            );
        }
    }
}

/// What the event loop keeps between events.
struct Shown {
    count: u64,
    floods: Floods,
    /// When the last low-disk warning was printed.
    last_low: Option<Instant>,
}

/// Shows `first` and every event already queued behind it: captures and refusals on `out` in
/// one write (under load there are several), warnings on `err`.
fn show(
    first: Event,
    rx: &mut mpsc::UnboundedReceiver<Event>,
    shown: &mut Shown,
    printer: &Printer,
    ctx: &Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    let mut next = Some(first);
    let mut lines = String::new();
    while let Some(event) = next.take() {
        match event {
            Event::Captured(line) => {
                shown.count += 1;
                lines.push_str(&line);
            }
            Event::Refused(r) => {
                if let Some(line) = shown.floods.admit(&r, printer) {
                    lines.push_str(&line);
                }
            }
            Event::Low(low) => {
                if shown.last_low.is_none_or(|t| t.elapsed() >= Duration::from_secs(60)) {
                    shown.last_low = Some(Instant::now());
                    let _ = writeln!(
                        err,
                        "cicb: {}: {} free, below --min-free {}: answering 507 and saving nothing",
                        ctx.err_style.yellow("warning"),
                        crate::units::byte_size(low.free),
                        crate::units::byte_size(low.floor)
                    );
                }
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

/// Refusals per client per minute: the first few are shown and indexed one by one, the rest
/// counted and summarized in one line when their minute ends.
#[derive(Default)]
struct Floods {
    peers: HashMap<String, Window>,
}

struct Window {
    start: Instant,
    started: DateTime<Utc>,
    shown: u32,
    more: BTreeMap<u16, u64>,
}

impl Floods {
    /// The line to show for `r` (its index line is written), or `None` when it is counted.
    fn admit(&mut self, r: &Refusal, printer: &Printer) -> Option<String> {
        // The address without its port: each connection has a port of its own.
        let address = r.peer.parse::<SocketAddr>().map_or_else(|_| r.peer.clone(), |a| a.ip().to_string());
        let key = if self.peers.len() >= MAX_FLOOD_PEERS && !self.peers.contains_key(&address) {
            "other addresses".to_string()
        } else {
            address
        };
        let w = self.peers.entry(key).or_insert_with(|| Window {
            start: Instant::now(),
            started: r.time,
            shown: 0,
            more: BTreeMap::new(),
        });
        if w.shown < SHOWN_PER_MINUTE {
            w.shown += 1;
            printer.writer.note(r.index_line());
            Some(r.line(printer.format, printer.style, printer.width))
        } else {
            *w.more.entry(r.status).or_insert(0) += 1;
            None
        }
    }

    /// Summarizes the windows older than a minute (every one when `all`) on `out` and in the
    /// index.
    fn flush(&mut self, all: bool, printer: &Printer, out: &mut dyn Write) -> std::io::Result<()> {
        let mut lines = String::new();
        self.peers.retain(|peer, w| {
            let seconds = w.start.elapsed().as_secs();
            if !all && seconds < 60 {
                return true;
            }
            if !w.more.is_empty() {
                let (index, line) = capture::flood_lines(
                    w.started + chrono::Duration::seconds(seconds.min(60) as i64),
                    peer,
                    &w.more,
                    seconds.clamp(1, 60),
                    printer.format,
                    printer.style,
                    printer.width,
                );
                printer.writer.note(index);
                lines.push_str(&line);
            }
            false
        });
        if !lines.is_empty() {
            out.write_all(lines.as_bytes())?;
            out.flush()?;
        }
        Ok(())
    }
}

/// What the event loop writes with: the index, and how lines look.
struct Printer {
    writer: durable::Writer,
    format: LineFormat,
    style: Style,
    width: Option<usize>,
}

/// SIGHUP, where there is one.
struct Hangup {
    #[cfg(unix)]
    signal: tokio::signal::unix::Signal,
}

impl Hangup {
    fn new() -> anyhow::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(Hangup { signal: signal(SignalKind::hangup()).context("failed to handle SIGHUP")? })
        }
        #[cfg(not(unix))]
        Ok(Hangup {})
    }

    async fn recv(&mut self) {
        #[cfg(unix)]
        {
            self.signal.recv().await;
        }
        #[cfg(not(unix))]
        std::future::pending::<()>().await;
    }
}

/// The handler behind the server.
struct Capture {
    writer: durable::Writer,
    events: mpsc::UnboundedSender<Event>,
    seq: AtomicU64,
    status: StatusCode,
    format: LineFormat,
    style: Style,
    width: Option<usize>,
    /// The capture folder's full path.
    dir: String,
    max_body: usize,
    forward: Option<(Uri, Client)>,
    front: Front,
    guard: Guard,
}

/// The address a line shows: the peer with its port, or the client a proxy forwarded for.
fn shown_peer(peer: SocketAddr, client: IpAddr) -> String {
    if front::canonical(peer.ip()) == client {
        peer.to_string()
    } else {
        client.to_string()
    }
}

impl Handler for Capture {
    fn admit(&self, head: &Head<'_>, declared: Option<u64>) -> Result<IpAddr, Refuse> {
        let forwarded = head.headers.get_all("x-forwarded-for").iter().map(|v| v.as_bytes());
        let client = match self.front.check(head.peer.ip(), head.path, forwarded, Instant::now()) {
            Ok(a) => a.client,
            Err((why, client)) => {
                let (status, reason) = match why {
                    Refused::NotAllowed => (StatusCode::FORBIDDEN, "not in --allow"),
                    Refused::NotFound => (StatusCode::NOT_FOUND, "not the callback path"),
                    Refused::TooMany => (StatusCode::TOO_MANY_REQUESTS, "over --rate"),
                };
                return Err(Refuse { status, reason, client });
            }
        };
        if let Err(low) = self.guard.check(declared.unwrap_or(0)) {
            let _ = self.events.send(Event::Low(low));
            return Err(Refuse { status: StatusCode::INSUFFICIENT_STORAGE, reason: "below --min-free", client });
        }
        Ok(client)
    }

    fn refused(&self, head: &Head<'_>, refuse: Refuse, size: Option<u64>) {
        let mut r = Refusal::new(
            SystemTime::now().into(),
            refuse.status.as_u16(),
            refuse.reason,
            shown_peer(head.peer, refuse.client),
            head.method.as_str(),
            &self.front.shown_path(head.path),
        );
        r.size = size;
        let _ = self.events.send(Event::Refused(r));
    }

    fn handle(&self, request: Request) -> Pin<Box<dyn std::future::Future<Output = Reply> + Send + '_>> {
        Box::pin(self.capture(request))
    }
}

impl Capture {
    async fn capture(&self, request: Request) -> Reply {
        let seq = self.seq.fetch_add(1, Ordering::Relaxed) + 1;
        let time: DateTime<Utc> = SystemTime::now().into();
        let Request { peer, client, path, headers, body } = request;
        let peer_shown = shown_peer(peer, client);
        let source = Source::http(peer_shown.clone(), self.front.shown_path(&path).into_owned(), &headers);
        let record = Record::new(&body, source, self.max_body, &self.dir, time, seq, self.format);
        let (name, probe) = (record.name().to_string(), record.is_probe());
        // Written here, so that the writer only puts the file name in front.
        let index = (self.forward.is_none()).then(|| record.index_builder());
        let body_for_forward = self.forward.as_ref().map(|_| body.clone());
        let size = body.len() as u64;
        let file = match self.writer.save(name, body, index).await {
            Ok(f) => f,
            Err(e) => {
                // A full disk answers 507, anything else 500; nothing partial is left (see
                // `durable`), and the refusal is on record.
                let full = matches!(e.kind(), std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded);
                let (status, reason) = if full {
                    (StatusCode::INSUFFICIENT_STORAGE, "the disk is full")
                } else {
                    (StatusCode::INTERNAL_SERVER_ERROR, "the capture could not be saved")
                };
                let _ = self.events.send(Event::Warning(format!("failed to save a capture: {e}")));
                let mut r =
                    Refusal::new(time, status.as_u16(), reason, peer_shown, "POST", &self.front.shown_path(&path));
                r.size = Some(size);
                let _ = self.events.send(Event::Refused(r));
                return Reply { status, body: format!("cicb listen could not save the body ({reason})\n") };
            }
        };
        // Human lines name the file in the folder; JSON lines by its full path.
        let shown_file = match self.format {
            LineFormat::Human => file.clone(),
            LineFormat::Json => format!("{}/{file}", self.dir.trim_end_matches('/')),
        };
        match (&self.forward, body_for_forward) {
            (Some((base, client)), Some(body)) => {
                let url = client::join(base, &self.front.forwarded_path(&path));
                let client = client.clone();
                let (events, writer) = (self.events.clone(), self.writer.clone());
                let (format, style, width) = (self.format, self.style, self.width);
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
                    let _ =
                        events.send(Event::Captured(record.line(&shown_file, Some(&forward), format, style, width)));
                });
            }
            _ => {
                let line = record.line(&shown_file, None, self.format, self.style, self.width);
                let _ = self.events.send(Event::Captured(line));
            }
        }
        let status = if probe { StatusCode::OK } else { self.status };
        let body =
            if status.is_success() { "ok\n".to_string() } else { format!("cicb listen answers {status} (--status)\n") };
        Reply { status, body }
    }
}
