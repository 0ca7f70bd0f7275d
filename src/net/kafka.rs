//! The Kafka client of `consume` and `send kafka://…` (librdkafka, through `rdkafka`): its
//! configuration from the command line, a context that keeps the errors librdkafka would only
//! log (so that a wrong password ends the run instead of being retried forever), and a producer.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, ConsumerContext, Rebalance};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::producer::{BaseRecord, DeliveryResult, Producer, ProducerContext, ThreadedProducer};
use rdkafka::{ClientContext, Message};

use crate::cli::KafkaAccess;
use crate::render::sanitize;

/// Where the SASL password may come from besides `--sasl-password-file`.
pub const PASSWORD_ENV: &str = "CICB_SASL_PASSWORD";

/// The client configuration: brokers, the access flags, then `base` (what the command needs),
/// then `-F`, then `-X`, so that a user's property always wins.
pub fn config(bootstrap: &str, access: &KafkaAccess, base: &[(&str, String)]) -> anyhow::Result<ClientConfig> {
    let mut c = ClientConfig::new();
    // Warnings reach `Watch::log` (the default follows the `log` crate, which cicb does not use).
    c.set_log_level(rdkafka::config::RDKafkaLogLevel::Warning);
    c.set("bootstrap.servers", bootstrap);
    // A broker that is down is tried again soon, not after librdkafka's growing backoff.
    c.set("reconnect.backoff.max.ms", "1000");
    if let Some(p) = access.security_protocol {
        c.set("security.protocol", p.as_str());
    }
    if let Some(m) = access.sasl_mechanism {
        c.set("sasl.mechanism", m.as_str());
    }
    if let Some(u) = &access.sasl_username {
        c.set("sasl.username", u);
    }
    if let Some(p) = password(access)? {
        c.set("sasl.password", p);
    } else if access.sasl_username.is_some() {
        bail!("--sasl-username needs a password: --sasl-password-file FILE or the {PASSWORD_ENV} environment variable");
    }
    if let Some(ca) = &access.ssl_ca_location {
        if !ca.is_file() {
            bail!("--ssl-ca-location: {} is not a file", ca.display());
        }
        c.set("ssl.ca.location", ca.display().to_string());
    }
    for (k, v) in base {
        c.set(*k, v);
    }
    if let Some(file) = &access.property_file {
        let text = std::fs::read_to_string(file).with_context(|| format!("failed to read {}", file.display()))?;
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (k, v) =
                crate::cli::parse_property(line).map_err(|e| anyhow::anyhow!("{}:{}: {e}", file.display(), n + 1))?;
            c.set(k, v);
        }
    }
    for (k, v) in &access.property {
        c.set(k, v);
    }
    Ok(c)
}

/// True when a client of configuration `c` logs in with SASL, however its `security.protocol` was set
/// (`--security-protocol`, `-F` or `-X`): a timeout then names a failed login as the likely cause.
pub fn uses_sasl(c: &ClientConfig) -> bool {
    c.get("security.protocol").is_some_and(|p| p.to_ascii_uppercase().starts_with("SASL"))
}

/// The SASL password: the first line of `--sasl-password-file`, else `CICB_SASL_PASSWORD`.
fn password(access: &KafkaAccess) -> anyhow::Result<Option<String>> {
    if let Some(file) = &access.sasl_password_file {
        let text = std::fs::read_to_string(file).with_context(|| format!("failed to read {}", file.display()))?;
        let first = text.lines().next().unwrap_or_default().to_string();
        if first.is_empty() {
            bail!("{} is empty: its first line is the SASL password", file.display());
        }
        return Ok(Some(first));
    }
    Ok(std::env::var(PASSWORD_ENV).ok().filter(|p| !p.is_empty()))
}

/// What librdkafka reported on the side: errors it would retry forever, and rebalances.
#[derive(Default)]
pub struct Watch {
    errors: Mutex<Vec<String>>,
    fatal: Mutex<Option<String>>,
    rebalanced: AtomicBool,
}

impl Watch {
    /// An error that ends the run: a failed login, a fatal client error.
    pub fn fatal(&self) -> Option<String> {
        self.fatal.lock().ok().and_then(|f| f.clone())
    }

    /// The errors reported since the last call (for a warning, or the reason of a timeout).
    pub fn take_errors(&self) -> Vec<String> {
        self.errors.lock().map(|mut e| std::mem::take(&mut *e)).unwrap_or_default()
    }

    /// True once after partitions were assigned or revoked.
    pub fn rebalanced(&self) -> bool {
        self.rebalanced.swap(false, Ordering::Relaxed)
    }
}

/// A failed login (SASL, SSL) or a fatal error: retrying cannot help.
fn is_fatal(e: &KafkaError) -> bool {
    matches!(
        e.rdkafka_error_code(),
        Some(
            RDKafkaErrorCode::Authentication
                | RDKafkaErrorCode::SaslAuthenticationFailed
                | RDKafkaErrorCode::SSL
                | RDKafkaErrorCode::Fatal
                | RDKafkaErrorCode::InvalidArgument
                | RDKafkaErrorCode::GroupAuthorizationFailed
                | RDKafkaErrorCode::TopicAuthorizationFailed
        )
    )
}

impl ClientContext for Watch {
    // librdkafka's warnings are kept with the errors: some failures (a broker that closes the
    // connection during SASL authentication) are only logged.
    fn log(&self, level: rdkafka::config::RDKafkaLogLevel, fac: &str, line: &str) {
        use rdkafka::config::RDKafkaLogLevel as L;
        if matches!(level, L::Emerg | L::Alert | L::Critical | L::Error | L::Warning) {
            if let Ok(mut e) = self.errors.lock() {
                if e.len() < 64 {
                    e.push(format!("{fac}: {}", sanitize(line)));
                }
            }
        }
    }

    fn error(&self, error: KafkaError, reason: &str) {
        let text = format!("{error}: {}", sanitize(reason));
        if is_fatal(&error) {
            if let Ok(mut f) = self.fatal.lock() {
                f.get_or_insert(text.clone());
            }
        }
        if let Ok(mut e) = self.errors.lock() {
            if e.len() < 64 {
                e.push(text);
            }
        }
    }
}

impl ConsumerContext for Watch {
    fn post_rebalance(&self, _consumer: &BaseConsumer<Self>, _rebalance: &Rebalance<'_>) {
        self.rebalanced.store(true, Ordering::Relaxed);
    }
}

/// Waits until the brokers answer a metadata request that lists every topic, or fails: no broker
/// within `timeout`, a failed login (as soon as it is reported), a topic that does not exist.
/// Returns each topic's partition count.
pub fn check_topics(
    fetch: impl Fn(Duration) -> rdkafka::error::KafkaResult<rdkafka::metadata::Metadata>,
    watch: &Watch,
    bootstrap: &str,
    topics: &[String],
    timeout: Duration,
    sasl: bool,
) -> anyhow::Result<Vec<usize>> {
    let start = Instant::now();
    let metadata = loop {
        if let Some(f) = watch.fatal() {
            bail!("Kafka at {}: {f}", sanitize(bootstrap));
        }
        let left = timeout.saturating_sub(start.elapsed());
        match fetch(left.min(Duration::from_millis(500))) {
            Ok(m) => break m,
            Err(_) if start.elapsed() < timeout => continue,
            Err(e) => {
                let seen = watch.take_errors();
                let why = seen.last().cloned().unwrap_or_else(|| e.to_string());
                // A broker may close the connection on a failed SASL login without saying why.
                let login = if sasl {
                    "; with SASL, a broker that closes the connection has usually refused the login \
                     (authentication failed?): check --sasl-username, the password and --sasl-mechanism"
                } else {
                    ""
                };
                bail!("no Kafka broker at {} answered within {timeout:?}: {why}{login}", sanitize(bootstrap));
            }
        }
    };
    let mut counts = Vec::new();
    for t in topics {
        match metadata.topics().iter().find(|m| m.name() == t) {
            Some(m) if m.error().is_none() && !m.partitions().is_empty() => counts.push(m.partitions().len()),
            Some(m) if m.error().is_some() => {
                let code: RDKafkaErrorCode = m.error().map(Into::into).unwrap_or(RDKafkaErrorCode::Unknown);
                bail!("topic {}: {code}", sanitize(t));
            }
            _ => {
                let known: Vec<&str> = metadata.topics().iter().map(|m| m.name()).collect();
                let hint = crate::spec::did_you_mean(crate::spec::suggest(t, known.iter().copied()))
                    .map(|s| format!(": {}", sanitize(&s)))
                    .unwrap_or_default();
                bail!("topic {} does not exist on {}{hint}", sanitize(t), sanitize(bootstrap));
            }
        }
    }
    Ok(counts)
}

/// Where a produced message went, or why it did not.
pub type Delivered = Result<(i32, i64), String>;

/// Gathers delivery reports by the message's index.
#[derive(Default)]
pub struct Deliveries {
    watch: Watch,
    reports: Mutex<Vec<(usize, Delivered)>>,
}

impl ClientContext for Deliveries {
    fn log(&self, level: rdkafka::config::RDKafkaLogLevel, fac: &str, line: &str) {
        self.watch.log(level, fac, line);
    }

    fn error(&self, error: KafkaError, reason: &str) {
        self.watch.error(error, reason);
    }
}

impl ProducerContext for Deliveries {
    type DeliveryOpaque = Box<usize>;

    fn delivery(&self, result: &DeliveryResult<'_>, i: Box<usize>) {
        let r = match result {
            Ok(m) => Ok((m.partition(), m.offset())),
            Err((e, _)) => Err(e.to_string()),
        };
        if let Ok(mut v) = self.reports.lock() {
            v.push((*i, r));
        }
    }
}

/// Produces each body to `topic` (in order, no key) and waits for every delivery report, at
/// most `timeout` after the last one was queued. Reports come in the order of `bodies`.
pub fn produce(
    bootstrap: &str,
    access: &KafkaAccess,
    topic: &str,
    bodies: &[&[u8]],
    timeout: Duration,
) -> anyhow::Result<Vec<Delivered>> {
    let c = config(bootstrap, access, &[("message.timeout.ms", timeout.as_millis().max(1).to_string())])?;
    let producer: ThreadedProducer<Deliveries> =
        c.create_with_context(Deliveries::default()).context("failed to start the Kafka producer")?;
    let client = producer.client();
    check_topics(
        |t| client.fetch_metadata(None, t),
        &producer.context().watch,
        bootstrap,
        &[topic.to_string()],
        timeout,
        uses_sasl(&c),
    )?;
    for (i, body) in bodies.iter().enumerate() {
        let mut record: BaseRecord<'_, [u8], [u8], Box<usize>> =
            BaseRecord::with_opaque_to(topic, Box::new(i)).payload(*body);
        loop {
            match producer.send(record) {
                Ok(()) => break,
                Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), back)) => {
                    record = back;
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err((e, _)) => bail!("failed to produce to {}: {e}", sanitize(topic)),
            }
        }
    }
    producer.flush(timeout + Duration::from_secs(1)).context("the producer did not finish in time")?;
    let mut reports = producer.context().reports.lock().map(|mut r| std::mem::take(&mut *r)).unwrap_or_default();
    reports.sort_by_key(|(i, _)| *i);
    Ok(reports.into_iter().map(|(_, r)| r).collect())
}

/// A Kafka message's key and headers as owned bytes.
pub fn headers_of<M: Message>(m: &M) -> Vec<(String, Option<Vec<u8>>)> {
    use rdkafka::message::Headers;
    match m.headers() {
        Some(h) => h.iter().map(|h| (h.key.to_string(), h.value.map(<[u8]>::to_vec))).collect(),
        None => Vec::new(),
    }
}
