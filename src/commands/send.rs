//! `cicb send URL FILE|DIR…`: POST callback bodies to a handler, one line per answer; with
//! `--repeat`/`--concurrency`, a load generator that ends with requests/s and p50/p99.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};
use serde::Serialize;
use ureq::http::{header, HeaderMap, HeaderName, HeaderValue};

use crate::cli::{NetFormat, SendArgs};
use crate::decode::{self, Format, Kind, Limits};
use crate::input::{self, Input};
use crate::net::client::{self, Client, SendError};
use crate::render::sanitize;
use crate::{Context, DataError, Outcome};

/// One body ready to go.
struct Body {
    file: String,
    bytes: Vec<u8>,
    headers: HeaderMap,
}

/// What one request gave.
struct Sent {
    body: usize,
    result: Result<client::Answer, SendError>,
}

/// A line of `--format json`.
#[derive(Serialize)]
struct SentView<'a> {
    file: &'a str,
    status: Option<u16>,
    ms: f64,
    /// The start of the answer's body.
    answer: Option<String>,
    error: Option<&'a str>,
}

#[derive(Serialize)]
struct Totals {
    requests: usize,
    seconds: f64,
    requests_per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
    ok: usize,
    not_ok: usize,
}

pub fn run(args: &SendArgs, ctx: &Context, out: &mut dyn Write, _err: &mut dyn Write) -> anyhow::Result<Outcome> {
    let kafka_url = args.url.strip_prefix("kafka://");
    let url = match kafka_url {
        Some(_) => String::new(),
        None => client::parse_url(&args.url).map_err(anyhow::Error::msg)?.to_string(),
    };
    let extra =
        args.headers.iter().map(|h| client::header(h)).collect::<Result<Vec<_>, _>>().map_err(anyhow::Error::msg)?;
    let sets: Vec<(&str, &str)> = args.set.iter().map(|(p, v)| (p.as_str(), v.as_str())).collect();
    if !(args.timeout > 0.0 && args.timeout.is_finite()) {
        bail!("--timeout must be a positive number of seconds");
    }
    let walked = crate::walk::walk(&args.paths, &crate::walk::Excludes::default())?;
    let mut files = Vec::new();
    for source in walked.sources {
        match source {
            crate::walk::Source::File(p) => files.push(p),
            crate::walk::Source::Stdin => bail!("`send` reads files and folders, not stdin"),
            crate::walk::Source::Unreadable(_, why) => bail!(why),
        }
    }
    if let Some(note) = walked.notes.first() {
        bail!(note.clone());
    }
    let bodies = files.iter().map(|f| body(f, args, ctx, &sets, &extra)).collect::<anyhow::Result<Vec<_>>>()?;
    if let Some(kafka) = kafka_url {
        return to_kafka(kafka, &bodies, args, ctx, out);
    }

    let client = Client::new(Duration::from_secs_f64(args.timeout), args.concurrency as usize);
    let total = bodies.len() * args.repeat as usize;
    let workers = (args.concurrency as usize).min(total).max(1);
    let lines = args.repeat == 1;
    let (mut ok, mut not_ok, mut latencies, mut failure) = (0, 0, Vec::with_capacity(total), None);
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<Sent>();
    let printed: anyhow::Result<()> = std::thread::scope(|s| {
        for _ in 0..workers {
            let tx = tx.clone();
            let (client, bodies, next, stop, url) = (&client, &bodies, &next, &stop, &url);
            s.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total || stop.load(Ordering::Relaxed) {
                    break;
                }
                let b = &bodies[i % bodies.len()];
                let result = client.post(url, &b.headers, &b.bytes);
                if result.is_err() {
                    stop.store(true, Ordering::Relaxed);
                }
                if tx.send(Sent { body: i % bodies.len(), result }).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        for sent in rx {
            let b = &bodies[sent.body];
            match &sent.result {
                Ok(a) => {
                    latencies.push(a.elapsed);
                    if a.is_success() {
                        ok += 1;
                    } else {
                        not_ok += 1;
                    }
                }
                Err(e) => {
                    failure.get_or_insert_with(|| format!("failed to send {} to {url}: {e}", b.file));
                }
            }
            if lines {
                line(b, &sent.result, args.format, ctx, out).inspect_err(|_| stop.store(true, Ordering::Relaxed))?;
            }
        }
        Ok(())
    });
    printed?;
    let elapsed = started.elapsed();
    if !lines || workers > 1 {
        totals(&mut latencies, elapsed, ok, not_ok, args.format, out)?;
    }
    out.flush()?;
    if let Some(f) = failure {
        bail!(sanitize(&f).into_owned());
    }
    Ok(if not_ok > 0 { Outcome::Invalid } else { Outcome::Success })
}

/// Reads a file, applies `--set`, and picks its headers: Content-Type by content, the
/// moderation form's `X-Ci-Content-Version`, then `--header`.
fn body(
    path: &Path,
    args: &SendArgs,
    ctx: &Context,
    sets: &[(&str, &str)],
    extra: &[(HeaderName, HeaderValue)],
) -> anyhow::Result<Body> {
    let input = input::read(Some(path), args.max_size)?;
    let file = input.origin.clone();
    if input.too_large {
        bail!("{} is larger than --max-size ({} bytes)", sanitize(&file), args.max_size);
    }
    let limits = Limits { max_size: args.max_size, ..Limits::default() };
    let mut bytes = input.bytes.into_vec();
    for (path, value) in sets {
        let edited = {
            let edit = Input::new(file.clone(), std::mem::take(&mut bytes), args.max_size);
            let doc = edit.document(None, &limits).map_err(|e| edit.error(e, ctx.err_style))?;
            let source = std::str::from_utf8(edit.source_bytes()).context("the body is not UTF-8")?;
            crate::edit::set_value(source, &doc, path, value)
                .map_err(|e| DataError(format!("{}: --set: {e}", sanitize(&file))))?
        };
        bytes = edited.into_bytes();
    }
    let mut headers = content_headers(&bytes, &limits);
    let mut replaced: Vec<&HeaderName> = Vec::new();
    for (k, v) in extra {
        if !replaced.contains(&k) {
            headers.remove(k);
            replaced.push(k);
        }
        headers.append(k.clone(), v.clone());
    }
    Ok(Body { file, bytes, headers })
}

/// The headers a body is sent with: Content-Type by content, and the moderation form's
/// `X-Ci-Content-Version` (`send`, and inspect's replay).
pub(crate) fn content_headers(bytes: &[u8], limits: &Limits) -> HeaderMap {
    let mut headers = HeaderMap::new();
    let (content_type, version) = match decode::decode_bytes(bytes, None, limits) {
        Ok(doc) => (
            doc.format.content_type(),
            match doc.kind() {
                Kind::AuditDetail => Some("Detail"),
                Kind::AuditSimple => Some("Simple"),
                _ => None,
            },
        ),
        Err(_) => {
            let sniffed = decode::sniff(bytes, limits);
            (sniffed.map_or("application/octet-stream", Format::content_type), None)
        }
    };
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Some(v) = version {
        headers.insert(HeaderName::from_static("x-ci-content-version"), HeaderValue::from_static(v));
    }
    headers
}

fn line(
    b: &Body,
    result: &Result<client::Answer, SendError>,
    format: NetFormat,
    ctx: &Context,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let file = sanitize(&b.file);
    match format {
        NetFormat::Json => {
            let view = match result {
                Ok(a) => SentView {
                    file: &b.file,
                    status: Some(a.status),
                    ms: client::ms(a.elapsed),
                    answer: Some(a.start(200)),
                    error: None,
                },
                Err(e) => SentView {
                    file: &b.file,
                    status: None,
                    ms: client::ms(e.elapsed),
                    answer: None,
                    error: Some(&e.message),
                },
            };
            crate::render::json::to_writer(out, &view, false)?;
            out.write_all(b"\n")?;
        }
        // An error is reported once, as the error the command ends with.
        NetFormat::Human => {
            if let Ok(a) = result {
                let status = a.status.to_string();
                let shown = if a.is_success() { ctx.out_style.green(&status) } else { ctx.out_style.red(&status) };
                let answer = a.start(80);
                let answer =
                    if answer.is_empty() { String::new() } else { format!("  {}", ctx.out_style.dim(&answer)) };
                writeln!(out, "{shown}  {:>8.1} ms  {file}{answer}", client::ms(a.elapsed))?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// `send kafka://HOST:PORT[,HOST:PORT]/TOPIC`: each body (`--repeat` times) as one message, no
/// key; a line per message with where it went.
#[cfg(feature = "kafka")]
fn to_kafka(
    rest: &str,
    bodies: &[Body],
    args: &SendArgs,
    ctx: &Context,
    out: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let Some((brokers, topic)) = rest.split_once('/').filter(|(b, t)| !b.is_empty() && !t.is_empty()) else {
        bail!("expected kafka://HOST:PORT[,HOST:PORT]/TOPIC, not {}", sanitize(&args.url));
    };
    let access = &args.kafka;
    let repeat = args.repeat as usize;
    let all: Vec<&[u8]> = (0..repeat).flat_map(|_| bodies.iter().map(|b| b.bytes.as_slice())).collect();
    let started = Instant::now();
    let reports = crate::net::kafka::produce(brokers, access, topic, &all, Duration::from_secs_f64(args.timeout))?;
    let elapsed = started.elapsed();
    let failed = reports.iter().filter(|r| r.is_err()).count();
    #[derive(Serialize)]
    struct Produced<'a> {
        file: &'a str,
        topic: &'a str,
        partition: Option<i32>,
        offset: Option<i64>,
        error: Option<&'a str>,
    }
    if repeat == 1 {
        for (b, r) in bodies.iter().zip(&reports) {
            match args.format {
                NetFormat::Json => {
                    let (partition, offset, error) = match r {
                        Ok((p, o)) => (Some(*p), Some(*o), None),
                        Err(e) => (None, None, Some(e.as_str())),
                    };
                    let view = Produced { file: &b.file, topic, partition, offset, error };
                    crate::render::json::to_writer(out, &view, false)?;
                    out.write_all(b"\n")?;
                }
                NetFormat::Human => match r {
                    Ok((p, o)) => writeln!(
                        out,
                        "{}  {}/{p}@{o}  {}",
                        ctx.out_style.green("sent"),
                        sanitize(topic),
                        sanitize(&b.file)
                    )?,
                    Err(e) => writeln!(out, "{}  {}  {}", ctx.out_style.red("failed"), sanitize(e), sanitize(&b.file))?,
                },
            }
        }
    } else {
        let rate = all.len() as f64 / elapsed.as_secs_f64().max(1e-9);
        writeln!(
            out,
            "{} messages to {} in {:.2} s: {rate:.1} messages/s ({failed} failed)",
            all.len(),
            sanitize(topic),
            elapsed.as_secs_f64()
        )?;
    }
    out.flush()?;
    if failed > 0 {
        bail!("{failed} of {} messages were not delivered to {}", all.len(), sanitize(topic));
    }
    Ok(Outcome::Success)
}

#[cfg(not(feature = "kafka"))]
fn to_kafka(_: &str, _: &[Body], _: &SendArgs, _: &Context, _: &mut dyn Write) -> anyhow::Result<Outcome> {
    bail!(
        "kafka:// needs a cicb built with Kafka: `cargo install --path . --locked --features kafka` \
         (needs a C compiler, make, pkg-config, and the OpenSSL and zlib headers)"
    )
}

fn percentile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn totals(
    latencies: &mut [Duration],
    elapsed: Duration,
    ok: usize,
    not_ok: usize,
    format: NetFormat,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    latencies.sort_unstable();
    let n = latencies.len();
    let t = Totals {
        requests: n,
        seconds: (elapsed.as_secs_f64() * 1000.0).round() / 1000.0,
        requests_per_second: (n as f64 / elapsed.as_secs_f64().max(1e-9) * 10.0).round() / 10.0,
        p50_ms: client::ms(percentile(latencies, 0.50)),
        p99_ms: client::ms(percentile(latencies, 0.99)),
        ok,
        not_ok,
    };
    match format {
        NetFormat::Json => {
            crate::render::json::to_writer(out, &t, false)?;
            out.write_all(b"\n")?;
        }
        NetFormat::Human => writeln!(
            out,
            "{} requests in {:.2} s: {:.1} requests/s, p50 {:.2} ms, p99 {:.2} ms ({} 2xx, {} other)",
            t.requests, t.seconds, t.requests_per_second, t.p50_ms, t.p99_ms, t.ok, t.not_ok
        )?,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles() {
        let v: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&v, 0.5), Duration::from_millis(50));
        assert_eq!(percentile(&v, 0.99), Duration::from_millis(99));
        assert_eq!(percentile(&[], 0.5), Duration::ZERO);
    }

    #[test]
    fn answers_are_one_safe_line() {
        let answer = |body: &[u8]| client::Answer { status: 200, elapsed: Duration::ZERO, body: body.to_vec() };
        assert_eq!(answer(b"ok\n  done\x1b[2J").start(80), "ok done\\x1b[2J");
        assert_eq!(answer(b"abcdef").start(3), "abc…");
    }
}
