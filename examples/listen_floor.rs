//! The performance floor for `cicb listen`'s stack: a bare hyper 1 server (same runtime, same
//! HTTP/1.1 settings) that writes each POST body to its own file, without fsync, without a
//! temporary file or rename, without decoding. `bench/listen.py` measures listen against it.
//!
//! Usage: cargo run --release --example listen_floor -- DIR
//! Prints `listening on http://127.0.0.1:PORT/` on stderr.

use std::convert::Infallible;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(std::env::args_os().nth(1).unwrap_or_else(|| "floor".into()));
    std::fs::create_dir_all(&dir)?;
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        writeln!(std::io::stderr(), "listening on http://{}/", listener.local_addr()?)?;
        let seq = Arc::new(AtomicU64::new(0));
        let dir = Arc::new(dir);
        loop {
            let (stream, _) = listener.accept().await?;
            let _ = stream.set_nodelay(true);
            let (seq, dir) = (seq.clone(), dir.clone());
            let service = service_fn(move |req: Request<Incoming>| {
                let (seq, dir) = (seq.clone(), dir.clone());
                async move {
                    let body = req.into_body().collect().await.map(|c| c.to_bytes()).unwrap_or_default();
                    let n = seq.fetch_add(1, Ordering::Relaxed);
                    let saved = std::fs::write(dir.join(format!("{n:08}.bin")), &body).is_ok();
                    let status = if saved { 200 } else { 500 };
                    let mut r = Response::new(Full::new(Bytes::from_static(b"ok\n")));
                    *r.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or_default();
                    Ok::<_, Infallible>(r)
                }
            });
            tokio::spawn(async move {
                let _ = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .keep_alive(true)
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    })
}
