//! `cicb inspect`: a local web page over a capture folder, as ngrok's inspector is for a
//! tunnel. The folder's `index.ndjson` is read once and followed ([`crate::store::follow`]);
//! the page (HTML, CSS and JS embedded in the binary) and scripts share one JSON API under
//! `/api/`, which needs the token printed in the URL on every call.
//!
//! `listen` and `consume` serve the same page beside their loop with [`Page::spawn`].

mod api;
pub mod captures;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use anyhow::Context as _;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::cli::InspectArgs;
use crate::net::StopSignal;
use crate::render::sanitize;
use crate::store::durable::INDEX;
use crate::store::follow::{Change, Follower};
use crate::{Context, Outcome};

use captures::Captures;

/// How often the index (and the folder) is looked at.
const POLL: Duration = Duration::from_millis(200);

const INDEX_HTML: &str = include_str!("page/index.html");
const APP_JS: &str = include_str!("page/app.js");
const APP_CSS: &str = include_str!("page/app.css");

/// What every request handler shares.
pub(crate) struct Shared {
    pub dir: PathBuf,
    pub token: String,
    pub captures: RwLock<Captures>,
    pub changed: watch::Receiver<u64>,
}

pub fn run(args: &InspectArgs, ctx: &Context, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().context("failed to start")?;
    runtime.block_on(async {
        let mut stop = StopSignal::new()?;
        let page = Page::start(&args.dir, args.host, args.port).await?;
        writeln!(err, "inspecting {} at {} (Ctrl-C to stop)", sanitize(&args.dir.display().to_string()), page.url)?;
        err.flush()?;
        if args.open {
            if let Err(e) = open_browser(&page.url) {
                writeln!(err, "cicb: {}: could not open a browser: {e}", ctx.err_style.yellow("warning"))?;
            }
        }
        stop.recv().await;
        Ok(Outcome::Success)
    })
}

/// A page being served: its URL (token included).
pub struct Page {
    /// `http://ADDR/#token=…`, what a person opens.
    pub url: String,
}

impl Page {
    /// Binds `host:port`, reads `dir`'s index and serves the page on the current tokio
    /// runtime until it ends; the index is followed meanwhile.
    pub async fn start(dir: &Path, host: std::net::IpAddr, port: u16) -> anyhow::Result<Page> {
        let shown = dir.display();
        if !dir.is_dir() {
            anyhow::bail!(
                "{} is not a folder: give the folder listen or consume saves to",
                sanitize(&shown.to_string())
            );
        }
        let listener =
            TcpListener::bind((host, port)).await.with_context(|| format!("failed to listen on {host}:{port}"))?;
        let addr = listener.local_addr().context("failed to listen")?;
        let token = new_token()?;
        let (tx, rx) = watch::channel(0);
        let shared =
            Arc::new(Shared { dir: dir.to_path_buf(), token, captures: RwLock::new(Captures::default()), changed: rx });
        let mut follow = Follow::new(dir);
        follow.step(&shared, &tx);
        tokio::spawn(follow.run(shared.clone(), tx));
        let url = format!("http://{addr}/#token={}", shared.token);
        let app = router(shared);
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Page { url })
    }

    /// Serves the page over `dir` on 127.0.0.1:`port` on a thread and runtime of its own until
    /// the process ends, so that reading and decoding captures for the page never holds up the
    /// loop beside it (`listen`'s callbacks, `consume`'s messages); returns its URL.
    pub fn spawn(dir: &Path, port: u16) -> anyhow::Result<String> {
        let (tx, rx) = std::sync::mpsc::channel();
        let dir = dir.to_path_buf();
        std::thread::Builder::new()
            .name("cicb-inspect".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                    Ok(r) => r,
                    Err(e) => return drop(tx.send(Err(anyhow::Error::new(e)))),
                };
                runtime.block_on(async {
                    match Page::start(&dir, std::net::Ipv4Addr::LOCALHOST.into(), port).await {
                        Ok(page) => {
                            let _ = tx.send(Ok(page.url));
                            std::future::pending::<()>().await;
                        }
                        Err(e) => drop(tx.send(Err(e))),
                    }
                });
            })
            .context("failed to start the inspect page")?;
        rx.recv().context("the inspect page did not start")?
    }
}

/// A random 128-bit token, in hex.
fn new_token() -> anyhow::Result<String> {
    crate::net::front::token().context("failed to make a random token")
}

fn open_browser(url: &str) -> std::io::Result<()> {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url).stdin(std::process::Stdio::null()).stdout(std::process::Stdio::null());
    cmd.stderr(std::process::Stdio::null()).spawn().map(drop)
}

/// Follows the index and the folder (bodies copied in without an index line).
struct Follow {
    index: Follower,
    dir: PathBuf,
    dir_time: Option<SystemTime>,
}

impl Follow {
    fn new(dir: &Path) -> Follow {
        Follow { index: Follower::new(&dir.join(INDEX)), dir: dir.to_path_buf(), dir_time: None }
    }

    async fn run(mut self, shared: Arc<Shared>, tx: watch::Sender<u64>) {
        loop {
            tokio::time::sleep(POLL).await;
            self.step(&shared, &tx);
        }
    }

    /// One look at the index, then at the folder when it changed.
    fn step(&mut self, shared: &Shared, tx: &watch::Sender<u64>) {
        let change = self.index.poll();
        let dir_time = std::fs::metadata(&self.dir).and_then(|m| m.modified()).ok();
        let rescan = dir_time != self.dir_time || matches!(change, Ok(Change::Restarted(_)));
        let Ok(mut c) = shared.captures.write() else { return };
        let mut changed = false;
        match change {
            Ok(Change::Appended(lines)) => {
                changed |= !lines.is_empty();
                for l in lines {
                    c.add_line(&l);
                }
            }
            Ok(Change::Restarted(lines)) => {
                changed = true;
                c.clear();
                for l in lines {
                    c.add_line(&l);
                }
            }
            Err(_) => {}
        }
        if rescan {
            self.dir_time = dir_time;
            for (name, time) in captures::scan(&self.dir) {
                if c.knows(&name) {
                    continue;
                }
                // A body is named after its index line is written: one not in the index yet
                // may be a capture whose line this look missed. Read the index once more.
                if let Ok(Change::Appended(lines)) = self.index.poll() {
                    changed |= !lines.is_empty();
                    for l in lines {
                        c.add_line(&l);
                    }
                    if c.knows(&name) {
                        continue;
                    }
                }
                let Ok(bytes) = std::fs::read(self.dir.join(&name)) else { continue };
                let time: chrono::DateTime<chrono::Utc> = time.into();
                c.add_loose(&name, &bytes, Some(time.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)));
                changed = true;
            }
        }
        if changed {
            c.generation += 1;
            let g = c.generation;
            drop(c);
            tx.send_replace(g);
        }
    }
}

fn router(shared: Arc<Shared>) -> Router {
    let api = Router::new()
        .route("/info", get(api::info))
        .route("/captures", get(api::list))
        .route("/captures/{file}", get(api::detail))
        .route("/captures/{file}/raw", get(api::raw))
        .route("/captures/{file}/redacted", get(api::redacted))
        .route("/diff", get(api::diff))
        .route("/replay", post(api::replay))
        .route("/events", get(api::events))
        .fallback(api::not_found)
        .layer(middleware::from_fn_with_state(shared.clone(), authorize))
        .with_state(shared);
    Router::new()
        .route("/", get(|| async { page(INDEX_HTML, "text/html; charset=utf-8") }))
        .route("/app.js", get(|| async { page(APP_JS, "text/javascript; charset=utf-8") }))
        .route("/app.css", get(|| async { page(APP_CSS, "text/css; charset=utf-8") }))
        .nest("/api", api)
        .layer(middleware::from_fn(security_headers))
}

fn page(body: &'static str, content_type: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "no-cache")], body).into_response()
}

/// Every answer: no framing, no sniffing, scripts and styles from the page only.
async fn security_headers(req: Request, next: Next) -> Response {
    let mut r = next.run(req).await;
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
             base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    r
}

/// The token of a request: `Authorization: Bearer …` or `X-Cicb-Token: …`.
fn token_of(headers: &HeaderMap) -> Option<&str> {
    if let Some(t) = headers.get("x-cicb-token").and_then(|v| v.to_str().ok()) {
        return Some(t.trim());
    }
    let auth = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, t) = auth.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(t.trim())
}

/// Compares in time that does not depend on where the strings differ.
async fn authorize(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    match token_of(req.headers()) {
        Some(t) if crate::net::front::same(t.as_bytes(), shared.token.as_bytes()) => next.run(req).await,
        _ => {
            let mut r = api::error(
                StatusCode::UNAUTHORIZED,
                "this API needs the token printed by cicb inspect (Authorization: Bearer TOKEN)",
            );
            r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            r
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        let t = new_token().unwrap();
        assert_eq!(t.len(), 32);
        assert_ne!(t, new_token().unwrap());
        let mut h = HeaderMap::new();
        assert_eq!(token_of(&h), None);
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("bearer abc"));
        assert_eq!(token_of(&h), Some("abc"));
        h.insert("x-cicb-token", HeaderValue::from_static("def"));
        assert_eq!(token_of(&h), Some("def"));
        let same = |a: &str, b: &str| crate::net::front::same(a.as_bytes(), b.as_bytes());
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
    }
}
