//! `cicb consume`: callbacks from Kafka (CKafka), as one member of a consumer group. Each
//! message value is saved in the capture store exactly as `listen` saves a request body (with
//! the message's topic, partition, offset, key and headers in its index line), and its offset is
//! committed only once the body and its line are durable (and, with `--forward-to`, the handler
//! answered 2xx). A message whose place is already in the index is not saved again.

#[cfg(not(feature = "kafka"))]
pub fn run(
    _args: &crate::cli::ConsumeArgs,
    _ctx: &crate::Context,
    _out: &mut dyn std::io::Write,
    _err: &mut dyn std::io::Write,
) -> anyhow::Result<crate::Outcome> {
    anyhow::bail!(
        "this cicb was built without Kafka: install it with `cargo install --path . --locked --features kafka` \
         (needs a C compiler, make, pkg-config, and the OpenSSL and zlib headers)"
    )
}

#[cfg(feature = "kafka")]
pub use imp::run;

#[cfg(feature = "kafka")]
mod imp {
    use std::collections::{HashMap, HashSet};
    use std::io::Write;
    use std::path::PathBuf;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use std::time::{Duration, Instant, SystemTime};

    use anyhow::{bail, Context as _};
    use axum::http::{HeaderMap, HeaderValue};
    use chrono::{DateTime, Utc};
    use hyper::body::Bytes;
    use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
    use rdkafka::error::{KafkaError, RDKafkaErrorCode};
    use rdkafka::message::OwnedMessage;
    use rdkafka::{Message, Offset, TopicPartitionList};

    use crate::cli::{ConsumeArgs, OffsetArg};
    use crate::decode::Limits;
    use crate::net::client::{self, Client};
    use crate::net::kafka::{self, Watch};
    use crate::render::sanitize;
    use crate::store::capture::{Forwarded, LineFormat, Record, Source};
    use crate::store::index::Position;
    use crate::store::{self, Store};
    use crate::{Context, Outcome};

    /// Most messages saved and committed together.
    const MAX_BATCH: usize = 512;

    /// How long one poll waits: the longest a Ctrl-C waits to be seen.
    const POLL: Duration = Duration::from_millis(100);

    /// How long a forwarded request may take.
    const FORWARD_TIMEOUT: Duration = Duration::from_secs(10);

    /// The longest wait before a message the handler refused is delivered again.
    const MAX_BACKOFF: Duration = Duration::from_secs(30);

    pub fn run(args: &ConsumeArgs, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
        let forward = match &args.forward_to {
            Some(u) => Some(client::parse_url(u).map_err(|e| anyhow::anyhow!("--forward-to: {e}"))?),
            None => None,
        };
        // `--forward-to` alone bridges Kafka to a handler and saves nothing.
        let dir = args.dir.clone().or_else(|| forward.is_none().then(|| PathBuf::from("callbacks")));
        if args.serve.inspect.is_some() && dir.is_none() {
            bail!("--inspect shows the captures of --dir: give one with --forward-to");
        }
        let reset = match (args.from_beginning, args.offset) {
            (true, _) | (false, OffsetArg::Beginning) => "earliest",
            (false, OffsetArg::End) => "latest",
            (false, OffsetArg::Stored) => "error",
        };
        let base = [
            ("group.id", args.group.clone()),
            ("enable.auto.commit", "false".to_string()),
            ("enable.auto.offset.store", "false".to_string()),
            ("auto.offset.reset", reset.to_string()),
            ("enable.partition.eof", args.exit_at_end.to_string()),
        ];
        let config = kafka::config(&args.bootstrap_server, &args.access, &base)?;
        // The folder is made once the arguments are known to be good.
        let mut store = dir.as_deref().map(store::open).transpose()?;
        let shown_dir = dir.as_ref().map(|d| d.display().to_string()).unwrap_or_default();
        if let Some(s) = &store {
            for r in &s.repairs {
                writeln!(err, "cicb: {}: {}: {r}", ctx.err_style.yellow("warning"), sanitize(&shown_dir))?;
            }
        }
        let consumer: BaseConsumer<Watch> =
            config.create_with_context(Watch::default()).context("failed to start the Kafka client")?;
        let watch = Arc::clone(consumer.context());
        kafka::check_topics(
            |t| consumer.fetch_metadata(None, t),
            &watch,
            &args.bootstrap_server,
            &args.topic,
            args.connect_timeout,
            kafka::uses_sasl(&config),
        )?;
        let topics: Vec<&str> = args.topic.iter().map(String::as_str).collect();
        consumer.subscribe(&topics).context("failed to subscribe")?;

        // One thing a line, as listen's banner, so that each fits 80 columns.
        writeln!(
            err,
            "consuming {} from {} as group {} (Ctrl-C to stop)",
            sanitize(&topics.join(",")),
            sanitize(&args.bootstrap_server),
            sanitize(&args.group)
        )?;
        if store.is_some() {
            writeln!(err, "saving to {}", sanitize(&shown_dir))?;
        }
        if let Some(u) = &forward {
            writeln!(err, "forwarding to {u}")?;
        }
        err.flush()?;

        if let (Some(port), Some(dir)) = (args.serve.inspect, dir.as_deref()) {
            writeln!(err, "inspect page: {}", crate::commands::inspect::Page::spawn(dir, port)?)?;
        }
        let stop = stop_flag()?;
        let mut run = Run {
            args,
            ctx,
            consumer: &consumer,
            watch: &watch,
            // Moved, not copied: the index's positions are only read here.
            known: store.as_mut().map(|s| std::mem::take(&mut s.index.positions)).unwrap_or_default(),
            store,
            dir: shown_dir,
            forward: forward.map(|u| (u.to_string(), Client::new(FORWARD_TIMEOUT, 1))),
            format: args.format.into(),
            seq: 0,
            counts: Counts::default(),
            backoff: Duration::ZERO,
            width: ctx.line_width(),
        };
        let result = run.consume(&stop, out, err);
        let counts = run.counts;
        drop(run);
        // Leaves the group, so that the others take its partitions at once.
        drop(consumer);
        out.flush()?;
        result?;
        let s = if counts.saved == 1 { "" } else { "s" };
        let mut tail = Vec::new();
        if counts.known > 0 {
            tail.push(format!("{} already saved", counts.known));
        }
        if counts.forwarded > 0 {
            tail.push(format!("{} forwarded", counts.forwarded));
        }
        let tail = if tail.is_empty() { String::new() } else { format!(" ({})", tail.join(", ")) };
        match &dir {
            Some(d) => writeln!(
                err,
                "stopped: {} message{}, {} capture{s} saved in {}{tail}",
                counts.messages,
                if counts.messages == 1 { "" } else { "s" },
                counts.saved,
                sanitize(&d.display().to_string())
            )?,
            None => writeln!(err, "stopped: {} messages{tail}", counts.messages)?,
        }
        Ok(Outcome::Success)
    }

    /// Set by Ctrl-C or SIGTERM; a second one ends the process at once.
    fn stop_flag() -> anyhow::Result<Arc<AtomicBool>> {
        let flag = Arc::new(AtomicBool::new(false));
        let runtime =
            tokio::runtime::Builder::new_current_thread().enable_all().build().context("failed to handle Ctrl-C")?;
        let mut signal = runtime.block_on(async { crate::net::StopSignal::new() })?;
        let set = Arc::clone(&flag);
        std::thread::Builder::new()
            .name("cicb-signal".into())
            .spawn(move || {
                runtime.block_on(signal.recv());
                set.store(true, Ordering::Relaxed);
                runtime.block_on(signal.recv());
                std::process::exit(130);
            })
            .context("failed to handle Ctrl-C")?;
        Ok(flag)
    }

    #[derive(Debug, Default, Clone, Copy)]
    struct Counts {
        messages: u64,
        saved: u64,
        known: u64,
        forwarded: u64,
    }

    struct Run<'a> {
        args: &'a ConsumeArgs,
        ctx: &'a Context,
        consumer: &'a BaseConsumer<Watch>,
        watch: &'a Watch,
        store: Option<Store>,
        /// Where every message saved in the folder came from.
        known: HashSet<Position>,
        dir: String,
        forward: Option<(String, Client)>,
        format: LineFormat,
        seq: u64,
        counts: Counts,
        /// The wait before a refused message is delivered again (doubles, up to
        /// [`MAX_BACKOFF`]).
        backoff: Duration,
        /// The columns a human line may take.
        width: Option<usize>,
    }

    /// What became of one message of a batch.
    struct Done {
        record: Record,
        /// The name it was saved under; `None` when it was already saved or nothing is saved.
        file: Option<String>,
        forward: Option<Forwarded>,
    }

    impl Run<'_> {
        fn consume(&mut self, stop: &AtomicBool, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<()> {
            let mut last = Instant::now();
            let mut at_end = false;
            loop {
                if stop.load(Ordering::Relaxed) {
                    writeln!(err, "stopping: the batch in hand is committed")?;
                    return Ok(());
                }
                if let Some(f) = self.watch.fatal() {
                    bail!("Kafka at {}: {f}", sanitize(&self.args.bootstrap_server));
                }
                for e in self.watch.take_errors() {
                    writeln!(err, "cicb: {}: Kafka: {e}", self.ctx.err_style.yellow("warning"))?;
                }
                let mut batch = Vec::new();
                if let Some(first) = self.consumer.poll(POLL) {
                    at_end |= self.take(first, &mut batch)?;
                    while batch.len() < MAX_BATCH && !self.watch.rebalanced() {
                        match self.consumer.poll(Duration::ZERO) {
                            Some(next) => at_end |= self.take(next, &mut batch)?,
                            None => break,
                        }
                    }
                }
                // A rebalance while the batch was gathered may have given some of its partitions
                // to another member: those messages are theirs now.
                if !batch.is_empty() {
                    let assigned: HashSet<(String, i32)> = self
                        .consumer
                        .assignment()
                        .map(|a| a.elements().iter().map(|e| (e.topic().to_string(), e.partition())).collect())
                        .unwrap_or_default();
                    batch.retain(|m| assigned.contains(&(m.topic().to_string(), m.partition())));
                }
                if let Some(n) = self.args.max_messages {
                    batch.truncate(n.saturating_sub(self.counts.messages) as usize);
                }
                if !batch.is_empty() {
                    last = Instant::now();
                    self.batch(batch, stop, out)?;
                }
                if self.args.max_messages.is_some_and(|n| self.counts.messages >= n) {
                    return Ok(());
                }
                if self.args.idle_timeout.is_some_and(|t| last.elapsed() >= t) {
                    writeln!(
                        err,
                        "stopping: no message for {:?} (--idle-timeout)",
                        self.args.idle_timeout.unwrap_or_default()
                    )?;
                    return Ok(());
                }
                if at_end {
                    at_end = false;
                    if self.all_at_end()? {
                        return Ok(());
                    }
                }
            }
        }

        /// Takes one poll result: a message into the batch; true for the end of a partition.
        fn take(
            &self,
            polled: Result<rdkafka::message::BorrowedMessage<'_>, KafkaError>,
            batch: &mut Vec<OwnedMessage>,
        ) -> anyhow::Result<bool> {
            match polled {
                Ok(m) => {
                    batch.push(m.detach());
                    Ok(false)
                }
                Err(KafkaError::PartitionEOF(_)) => Ok(true),
                // `-o stored` (auto.offset.reset=error) on a partition the group never committed:
                // librdkafka would say so again on every poll.
                Err(KafkaError::MessageConsumption(RDKafkaErrorCode::AutoOffsetReset)) => bail!(
                    "group `{}` has no committed offset to start {} from (-o stored); start it with -o beginning or -o end",
                    sanitize(&self.args.group),
                    sanitize(&self.args.topic.join(", "))
                ),
                Err(e @ KafkaError::MessageConsumptionFatal(_)) => {
                    bail!("Kafka at {}: {e}", sanitize(&self.args.bootstrap_server))
                }
                Err(e) => {
                    if let Some(f) = self.watch.fatal() {
                        bail!("Kafka at {}: {f}", sanitize(&self.args.bootstrap_server));
                    }
                    // Reported with the other errors on the next turn.
                    self.watch_error(e);
                    Ok(false)
                }
            }
        }

        fn watch_error(&self, e: KafkaError) {
            use rdkafka::ClientContext as _;
            self.watch.error(e, "while consuming");
        }

        /// True when every assigned partition has been read to its end (`-e`): each is empty, or
        /// this member's position or the group's committed offset is at its high watermark.
        fn all_at_end(&self) -> anyhow::Result<bool> {
            let assignment = self.consumer.assignment().context("failed to read the assignment")?;
            if assignment.count() == 0 {
                return Ok(false);
            }
            let position = self.consumer.position().context("failed to read the positions")?;
            let mut committed: Option<TopicPartitionList> = None;
            for e in assignment.elements() {
                let (t, p) = (e.topic(), e.partition());
                let (low, high) = self
                    .consumer
                    .fetch_watermarks(t, p, Duration::from_secs(5))
                    .with_context(|| format!("failed to read the end of {}/{p}", sanitize(t)))?;
                if high <= low {
                    continue;
                }
                let at = |tpl: &TopicPartitionList| matches!(tpl.find_partition(t, p).map(|e| e.offset()), Some(Offset::Offset(o)) if o >= high);
                if at(&position) {
                    continue;
                }
                if committed.is_none() {
                    committed = Some(
                        self.consumer
                            .committed(Duration::from_secs(5))
                            .context("failed to read the committed offsets")?,
                    );
                }
                if !committed.as_ref().is_some_and(at) {
                    return Ok(false);
                }
            }
            Ok(true)
        }

        /// Saves a batch (at once: one group commit), forwards it in order, shows it and commits
        /// what is done. A partition whose message the handler refused is sought back to that
        /// message, and nothing after it is committed: it comes again after a backoff.
        fn batch(&mut self, batch: Vec<OwnedMessage>, stop: &AtomicBool, out: &mut dyn Write) -> anyhow::Result<()> {
            let now: DateTime<Utc> = SystemTime::now().into();
            let mut done: Vec<Done> = Vec::with_capacity(batch.len());
            let mut waits = Vec::new();
            for (i, m) in batch.iter().enumerate() {
                self.seq += 1;
                let body = m.payload().unwrap_or_default();
                let source = Source::Kafka {
                    topic: m.topic().to_string(),
                    partition: m.partition(),
                    offset: m.offset(),
                    key: m.key().map(<[u8]>::to_vec),
                    timestamp: m
                        .timestamp()
                        .to_millis()
                        .and_then(DateTime::from_timestamp_millis)
                        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
                    headers: kafka::headers_of(m),
                };
                let record =
                    Record::new(body, source, Limits::default().max_size, &self.dir, now, self.seq, self.format);
                let place: Position = (m.topic().to_string(), m.partition(), m.offset());
                if let Some(store) = &self.store {
                    if self.known.insert(place) {
                        let saved = store.writer.submit(
                            record.name().to_string(),
                            Bytes::copy_from_slice(body),
                            Some(record.index_builder()),
                        )?;
                        waits.push((i, saved));
                    } else {
                        self.counts.known += 1;
                    }
                }
                done.push(Done { record, file: None, forward: None });
            }
            // Every save of the batch is durable, or the first failure is the run's error (after
            // the messages before it are committed).
            let mut failed: Option<(usize, std::io::Error)> = None;
            for (i, wait) in waits {
                match wait.blocking_recv().map_err(|_| store::durable::stopped()).and_then(|r| r) {
                    Ok(name) => {
                        done[i].file = Some(name);
                        self.counts.saved += 1;
                    }
                    Err(e) => {
                        failed.get_or_insert((i, e));
                    }
                }
            }
            let end = failed.as_ref().map_or(batch.len(), |(i, _)| *i);
            // Where each partition stops being done: the first message not saved or refused.
            let mut refused: HashMap<(String, i32), i64> = HashMap::new();
            for (i, m) in batch.iter().enumerate().take(end) {
                let key = (m.topic().to_string(), m.partition());
                if refused.contains_key(&key) {
                    continue;
                }
                if let Some((url, client)) = &self.forward {
                    if stop.load(Ordering::Relaxed) {
                        refused.insert(key, m.offset());
                        continue;
                    }
                    let body = m.payload().unwrap_or_default();
                    let forwarded = match client.post(url, &forward_headers(body), body) {
                        Ok(a) => Forwarded::Answer(a),
                        Err(e) => Forwarded::Failed(format!("{url}: {e}")),
                    };
                    let ok = matches!(&forwarded, Forwarded::Answer(a) if a.is_success());
                    done[i].forward = Some(forwarded);
                    if ok {
                        self.counts.forwarded += 1;
                    } else {
                        refused.insert(key, m.offset());
                        // Shown, then delivered again.
                        self.show(&done[i], out)?;
                        continue;
                    }
                }
                self.counts.messages += 1;
                self.show(&done[i], out)?;
            }
            out.flush()?;
            // Commit the next offset of each partition's done prefix.
            let mut next: HashMap<(String, i32), i64> = HashMap::new();
            for m in batch.iter().take(end) {
                let key = (m.topic().to_string(), m.partition());
                if refused.get(&key).is_some_and(|&r| m.offset() >= r) {
                    continue;
                }
                next.insert(key, m.offset() + 1);
            }
            if let Some((i, _)) = &failed {
                // Nothing after a failed save is committed.
                for m in &batch[*i..] {
                    next.entry((m.topic().to_string(), m.partition())).and_modify(|o| *o = (*o).min(m.offset()));
                }
            }
            if !next.is_empty() {
                let mut tpl = TopicPartitionList::new();
                for ((t, p), o) in &next {
                    tpl.add_partition_offset(t, *p, Offset::Offset(*o)).context("failed to commit")?;
                }
                if let Err(e) = self.consumer.commit(&tpl, CommitMode::Sync) {
                    // Saved all the same: a redelivery finds them in the index.
                    self.watch_error(e);
                }
            }
            if let Some((_, e)) = failed {
                return Err(
                    anyhow::Error::new(e).context(format!("failed to save a capture in {}", sanitize(&self.dir)))
                );
            }
            if refused.is_empty() {
                self.backoff = Duration::ZERO;
            } else {
                for ((t, p), o) in &refused {
                    self.consumer
                        .seek(t, *p, Offset::Offset(*o), Duration::from_secs(5))
                        .with_context(|| format!("failed to seek {}/{p} back to {o}", sanitize(t)))?;
                }
                self.backoff = (self.backoff * 2).clamp(Duration::from_millis(500), MAX_BACKOFF);
                let until = Instant::now() + self.backoff;
                while Instant::now() < until && !stop.load(Ordering::Relaxed) {
                    // Serves the group's heartbeats and rebalances while waiting.
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
            Ok(())
        }

        fn show(&self, d: &Done, out: &mut dyn Write) -> anyhow::Result<()> {
            // Relative to --dir in human lines, the full path in JSON.
            let file = match (&d.file, &self.store, self.format) {
                (Some(f), _, LineFormat::Json) => format!("{}/{f}", self.dir.trim_end_matches('/')),
                (Some(f), _, LineFormat::Human) => f.clone(),
                (None, Some(_), _) => "(saved before)".to_string(),
                (None, None, _) => "(not saved)".to_string(),
            };
            let line = d.record.line(&file, d.forward.as_ref(), self.format, self.ctx.out_style, self.width);
            out.write_all(line.as_bytes())?;
            Ok(())
        }
    }

    /// The Content-Type of a body that is forwarded: its format's, as `send` sets it.
    fn forward_headers(body: &[u8]) -> HeaderMap {
        let mut h = HeaderMap::new();
        let ct =
            crate::decode::sniff(body, &Limits::default()).map_or("application/octet-stream", |f| f.content_type());
        h.insert(axum::http::header::CONTENT_TYPE, HeaderValue::from_static(ct));
        h
    }
}
