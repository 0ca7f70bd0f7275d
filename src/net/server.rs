//! The HTTP/1.1 server of `listen`: axum for the request, hyper for the connection, and our own
//! accept loop so every timeout and limit is ours: a cap on open connections, a header-read
//! timeout (hyper), a body-read timeout and a body size limit (here, while reading).

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request as AxumRequest, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Router};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// Limits and timeouts of the server.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Time a client has to send its request line and headers.
    pub header_timeout: Duration,
    /// Time a client has to send its whole body.
    pub body_timeout: Duration,
    /// Largest body accepted (413 above it, nothing read further).
    pub max_body: usize,
    /// Most connections open at once; more wait in the kernel's accept queue.
    pub max_connections: usize,
    /// After a shutdown request: how long in-flight requests may take to finish.
    pub drain_timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            max_body: 16 << 20,
            max_connections: 4096,
            drain_timeout: Duration::from_secs(10),
        }
    }
}

/// A POST with its whole body, as the handler gets it.
#[derive(Debug)]
pub struct Request {
    pub peer: SocketAddr,
    /// Path and query, as sent.
    pub path: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// What to answer.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub body: String,
}

/// The application behind the server: called once per POST whose body arrived whole.
pub trait Handler: Send + Sync + 'static {
    fn handle(&self, request: Request) -> Pin<Box<dyn Future<Output = Reply> + Send + '_>>;
}

struct App {
    handler: Arc<dyn Handler>,
    opts: Options,
}

/// Serves `listener` until `shutdown` resolves, then stops accepting and lets open connections
/// finish their request (at most `opts.drain_timeout`). Returns whether the drain
/// timed out with connections still open.
pub async fn serve(
    listener: TcpListener,
    opts: Options,
    handler: Arc<dyn Handler>,
    shutdown: impl Future<Output = ()>,
) -> bool {
    let app = Arc::new(App { handler, opts });
    let router = Router::new().fallback(capture).with_state(app);
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(opts.header_timeout).keep_alive(true);
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(opts.max_connections));
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            biased;
            () = &mut shutdown => break,
            p = slots.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
        };
        let (stream, peer) = tokio::select! {
            biased;
            () = &mut shutdown => break,
            r = listener.accept() => match r {
                Ok(c) => c,
                Err(_) => {
                    // Out of file descriptors or a connection reset before accept: wait a moment
                    // rather than spin.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(router.clone().layer(Extension(peer)));
        let conn = builder.serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = conn.await;
            drop(permit);
        });
    }
    drop(listener);
    drop(router);
    tokio::time::timeout(opts.drain_timeout, graceful.shutdown()).await.is_err()
}

/// Raises this process's soft limit on open files towards its hard limit (at most 65 536) and
/// returns how many connections fit in it: each open connection may hold one more descriptor,
/// the capture file of its request, and a few are kept for the rest. At most `wanted`, at
/// least 16.
pub fn fit_connections(wanted: usize) -> usize {
    let limit = raise_open_files_limit().unwrap_or(1024);
    let fit = usize::try_from(limit.saturating_sub(64) / 2).unwrap_or(usize::MAX);
    fit.clamp(16, wanted.max(16))
}

#[cfg(unix)]
fn raise_open_files_limit() -> Option<libc::rlim_t> {
    let mut lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit writes into the struct we own; setrlimit only reads it.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return None;
        }
        let want = lim.rlim_max.min(65_536);
        if lim.rlim_cur < want {
            let raised = libc::rlimit { rlim_cur: want, rlim_max: lim.rlim_max };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                lim.rlim_cur = want;
            }
        }
    }
    Some(lim.rlim_cur)
}

#[cfg(not(unix))]
fn raise_open_files_limit() -> Option<u64> {
    None
}

fn plain(status: StatusCode, body: &str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body.to_string()).into_response()
}

async fn capture(State(app): State<Arc<App>>, Extension(peer): Extension<SocketAddr>, req: AxumRequest) -> Response {
    if req.method() != Method::POST {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "cicb listen takes POST requests (CI callbacks)\n");
        r.headers_mut().insert(header::ALLOW, header::HeaderValue::from_static("POST"));
        return r;
    }
    let max = app.opts.max_body;
    let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return too_large(max);
    }
    let (parts, body) = req.into_parts();
    let body = match tokio::time::timeout(app.opts.body_timeout, read_body(body, max)).await {
        Err(_) => return plain(StatusCode::REQUEST_TIMEOUT, "the body did not arrive in time\n"),
        Ok(Err(status)) if status == StatusCode::PAYLOAD_TOO_LARGE => return too_large(max),
        Ok(Err(status)) => return plain(status, "the body could not be read\n"),
        Ok(Ok(b)) => b,
    };
    let path = parts.uri.path_and_query().map_or_else(|| parts.uri.path().to_string(), |p| p.as_str().to_string());
    let request = Request { peer, path, headers: parts.headers, body };
    let reply = app.handler.handle(request).await;
    plain(reply.status, &reply.body)
}

async fn read_body(body: Body, max: usize) -> Result<Bytes, StatusCode> {
    match Limited::new(body, max).collect().await {
        Ok(c) => Ok(c.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => Err(StatusCode::PAYLOAD_TOO_LARGE),
        Err(_) => Err(StatusCode::BAD_REQUEST),
    }
}

fn too_large(max: usize) -> Response {
    plain(
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!("the body is larger than --max-body ({max} bytes); nothing was saved\n"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn connections_fit_in_the_open_files_limit() {
        let n = fit_connections(4096);
        assert!((16..=4096).contains(&n), "{n}");
        let mut lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: getrlimit writes into the struct we own.
        assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) }, 0);
        assert!(lim.rlim_cur >= lim.rlim_max.min(65_536), "the soft limit was raised: {}", lim.rlim_cur);
        // Two descriptors a connection (its socket, its capture), 64 kept for the rest.
        let fit = usize::try_from(lim.rlim_cur.saturating_sub(64) / 2).unwrap_or(usize::MAX);
        assert_eq!(n, fit.clamp(16, 4096));
        assert_eq!(fit_connections(8), 16, "never fewer than 16");
    }
}
