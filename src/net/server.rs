//! The HTTP/1.1 server of `listen`: axum for the request, hyper for the connection, and our own
//! accept loop so every timeout and limit is ours: a cap on open connections, a TLS handshake
//! and header-read timeout, a body-read timeout and a body size limit (here, while reading).
//! Every request refused (by the handler's [`Handler::admit`] before its body is read, or here)
//! is reported to [`Handler::refused`].

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
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

/// A request before its body is read.
#[derive(Debug)]
pub struct Head<'a> {
    /// The connection's peer.
    pub peer: SocketAddr,
    pub method: &'a Method,
    /// Path and query, as sent.
    pub path: &'a str,
    pub headers: &'a HeaderMap,
}

/// A request refused: the status, why, and the client it came from.
#[derive(Debug, Clone, Copy)]
pub struct Refuse {
    pub status: StatusCode,
    pub reason: &'static str,
    pub client: IpAddr,
}

/// A POST with its whole body, as the handler gets it.
#[derive(Debug)]
pub struct Request {
    pub peer: SocketAddr,
    /// The client: the peer, or who a trusted proxy forwarded for.
    pub client: IpAddr,
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

/// The application behind the server.
pub trait Handler: Send + Sync + 'static {
    /// Before the body is read (`declared` is its Content-Length): the client's address, or
    /// a refusal.
    fn admit(&self, head: &Head<'_>, declared: Option<u64>) -> Result<IpAddr, Refuse>;

    /// A request was refused (by [`Handler::admit`] or by the server: 405, 408, 413, 400) after
    /// `size` bytes were declared or read.
    fn refused(&self, head: &Head<'_>, refuse: Refuse, size: Option<u64>);

    /// A POST whose body arrived whole.
    fn handle(&self, request: Request) -> Pin<Box<dyn Future<Output = Reply> + Send + '_>>;
}

struct App {
    handler: Arc<dyn Handler>,
    opts: Options,
}

/// A connection, plain or TLS.
trait Io: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static {}
impl<T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static> Io for T {}

/// Serves `listener` until `shutdown` resolves, then stops accepting and lets open connections
/// finish their request (at most `opts.drain_timeout`). Returns whether the drain
/// timed out with connections still open.
pub async fn serve(
    listener: TcpListener,
    opts: Options,
    tls: Option<super::tls::Tls>,
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
        match &tls {
            None => {
                let conn =
                    graceful.watch(builder.serve_connection(TokioIo::new(Box::new(stream) as Box<dyn Io>), service));
                tokio::spawn(async move {
                    let _ = conn.await;
                    drop(permit);
                });
            }
            Some(tls) => {
                // The handshake runs in the connection's task, within the header timeout; the
                // connection joins the drain once it is HTTP.
                let (acceptor, builder, watcher) = (tls.acceptor().clone(), builder.clone(), graceful.watcher());
                tokio::spawn(async move {
                    let handshake = tokio::time::timeout(opts.header_timeout, acceptor.accept(stream)).await;
                    if let Ok(Ok(stream)) = handshake {
                        let conn = builder.serve_connection(TokioIo::new(Box::new(stream) as Box<dyn Io>), service);
                        let _ = watcher.watch(conn).await;
                    }
                    drop(permit);
                });
            }
        }
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
    let (parts, body) = req.into_parts();
    let path = parts.uri.path_and_query().map_or_else(|| parts.uri.path().to_string(), |p| p.as_str().to_string());
    let head = Head { peer, method: &parts.method, path: &path, headers: &parts.headers };
    let declared = parts.headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok());
    let refuse = |refuse: Refuse, size: Option<u64>| {
        app.handler.refused(&head, refuse, size);
        refusal(refuse, app.opts.max_body)
    };
    let client = match app.handler.admit(&head, declared) {
        Ok(c) => c,
        Err(r) => return refuse(r, declared),
    };
    let at = |status: StatusCode, reason: &'static str| Refuse { status, reason, client };
    if parts.method != Method::POST {
        return refuse(at(StatusCode::METHOD_NOT_ALLOWED, "not a POST"), declared);
    }
    let max = app.opts.max_body;
    if declared.is_some_and(|n| n > max as u64) {
        return refuse(at(StatusCode::PAYLOAD_TOO_LARGE, "over --max-body"), declared);
    }
    let body = match tokio::time::timeout(app.opts.body_timeout, read_body(body, max)).await {
        Err(_) => return refuse(at(StatusCode::REQUEST_TIMEOUT, "the body did not arrive in time"), declared),
        Ok(Err((status, seen))) if status == StatusCode::PAYLOAD_TOO_LARGE => {
            return refuse(at(status, "over --max-body"), Some(seen))
        }
        Ok(Err((status, seen))) => return refuse(at(status, "the body could not be read"), Some(seen)),
        Ok(Ok(b)) => b,
    };
    let request = Request { peer, client, path, headers: parts.headers, body };
    let reply = app.handler.handle(request).await;
    plain(reply.status, &reply.body)
}

/// The answer to a refused request.
fn refusal(r: Refuse, max_body: usize) -> Response {
    let mut response = match r.status {
        StatusCode::PAYLOAD_TOO_LARGE => {
            plain(r.status, &format!("the body is larger than --max-body ({max_body} bytes); nothing was saved\n"))
        }
        StatusCode::METHOD_NOT_ALLOWED => plain(r.status, "cicb listen takes POST requests (CI callbacks)\n"),
        StatusCode::NOT_FOUND => plain(r.status, "not found\n"),
        status => plain(status, &format!("{}; nothing was saved\n", r.reason)),
    };
    let headers = response.headers_mut();
    match r.status {
        StatusCode::METHOD_NOT_ALLOWED => {
            headers.insert(header::ALLOW, header::HeaderValue::from_static("POST"));
        }
        StatusCode::TOO_MANY_REQUESTS | StatusCode::INSUFFICIENT_STORAGE => {
            headers.insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
        }
        _ => {}
    }
    response
}

/// The whole body, or the status to refuse it with and how many bytes came.
async fn read_body(body: Body, max: usize) -> Result<Bytes, (StatusCode, u64)> {
    let mut body = Limited::new(body, max);
    let mut chunks = bytes_buf::Chunks::default();
    while let Some(frame) = body.frame().await {
        match frame {
            Ok(f) => {
                if let Ok(data) = f.into_data() {
                    chunks.push(data);
                }
            }
            Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => {
                return Err((StatusCode::PAYLOAD_TOO_LARGE, chunks.len.max(max as u64 + 1)))
            }
            Err(_) => return Err((StatusCode::BAD_REQUEST, chunks.len)),
        }
    }
    Ok(chunks.into_bytes())
}

mod bytes_buf {
    use axum::body::Bytes;

    /// A body's chunks as they come, and how many bytes they hold.
    #[derive(Default)]
    pub struct Chunks {
        parts: Vec<Bytes>,
        pub len: u64,
    }

    impl Chunks {
        pub fn push(&mut self, b: Bytes) {
            self.len += b.len() as u64;
            self.parts.push(b);
        }

        /// One `Bytes`: the only chunk as it is (no copy), several joined.
        pub fn into_bytes(mut self) -> Bytes {
            if self.parts.len() == 1 {
                return self.parts.pop().unwrap_or_default();
            }
            let mut all = Vec::with_capacity(usize::try_from(self.len).unwrap_or(0));
            for p in &self.parts {
                all.extend_from_slice(p);
            }
            Bytes::from(all)
        }
    }
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
