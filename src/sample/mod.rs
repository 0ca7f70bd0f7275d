//! Realistic callback bodies, built from the spec: `cicb sample`.
//!
//! A sample is a [`Tree`] built by hand: its envelope and the children of every container come
//! from [`crate::spec`] ([`known`] children in spec order, [`tags`] echoes and result containers,
//! [`bodies`] for what only some Tags carry, [`shapes`](crate::spec::shapes) for repeating nodes,
//! [`ids`](crate::spec::ids) and [`bodies::time_format`] for ids and times). The values are this
//! module's own (`values.rs`): plausible, and consistent with each other (EndTime after StartTime
//! after CreationTime, outputs named after the input, sizes that agree with durations and
//! bitrates). The tree is then written by [`crate::encode`], like any other.

mod values;

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};

use crate::path::{Index, Path};
use crate::sanitize::sanitize;
use crate::spec::tags::{self, TagSpec};
use crate::spec::{self, bodies, known, Kind};
use crate::tree::{NodeId, Shape, Tree};
use values::{Measures, Media, Rng};

/// Who started the job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Trigger {
    /// A job-submitting API call.
    #[default]
    Api,
    /// A workflow: the body carries `JobsDetail/Workflow` and the input's `CosHeaders`.
    Workflow,
}

/// How the job or workflow ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum State {
    /// It succeeded: results and outputs.
    #[default]
    Success,
    /// `Code` and `Message` say why; no results; a workflow's last task failed.
    Failed,
}

/// What a sample is about, besides its name.
#[derive(Debug, Clone)]
pub struct Options {
    /// Who started the job.
    pub trigger: Trigger,
    /// How it ended.
    pub state: State,
    /// The bucket of the input and the outputs (`name-APPID`).
    pub bucket: String,
    /// The bucket's region (`ap-chongqing`).
    pub region: String,
    /// The input object; by default one that suits the job (`input/demo.mp4`, `input/demo.mp3`, ...).
    pub object: Option<String>,
    /// Same seed, same body; without one, fresh ids and the current time.
    pub seed: Option<u64>,
    /// The task types of a workflow sample; by default Transcode and Snapshot.
    pub tasks: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            trigger: Trigger::Api,
            state: State::Success,
            bucket: "examplebucket-1250000000".to_string(),
            region: "ap-chongqing".to_string(),
            object: None,
            seed: None,
            tasks: Vec::new(),
        }
    }
}

/// The kinds of sample: a job of one Tag, a workflow run, the legacy forms, the audit forms.
#[derive(Debug, Clone, Copy)]
pub enum Sample {
    /// A `TaskFinish` job callback of this Tag.
    Job(&'static TagSpec),
    /// A `WorkflowFinish` callback.
    Workflow,
    /// A job callback in the legacy form (no `EventName`).
    LegacyJob,
    /// A workflow callback in the legacy form.
    LegacyWorkflow,
    /// An audit Detail body for this `Review*` EventName.
    AuditDetail(&'static str),
    /// An audit callback in the Simple form (`code`, `message`, `data`).
    AuditSimple,
}

impl Sample {
    /// The kind of body the sample is.
    pub fn kind(self) -> Kind {
        match self {
            Sample::Job(_) => Kind::Job,
            Sample::Workflow => Kind::Workflow,
            Sample::LegacyJob => Kind::LegacyJob,
            Sample::LegacyWorkflow => Kind::LegacyWorkflow,
            Sample::AuditDetail(_) => Kind::AuditDetail,
            Sample::AuditSimple => Kind::AuditSimple,
        }
    }

    /// True for the job samples, which `--trigger workflow` applies to (a job started by a
    /// workflow node); a workflow or audit callback has no trigger.
    pub fn takes_trigger(self) -> bool {
        matches!(self, Sample::Job(_) | Sample::LegacyJob)
    }

    /// The job Tag the sample's body carries, if it is a job.
    pub fn tag(self) -> Option<&'static str> {
        match self {
            Sample::Job(t) => Some(t.name),
            Sample::LegacyJob => Some(bodies::LEGACY_JOB_TAG),
            _ => None,
        }
    }
}

/// Why a sample could not be made: an unknown name or task, a `--set` that does not fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleError(pub String);

impl fmt::Display for SampleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SampleError {}

/// The audit sample name of a `Review*` EventName: `ReviewImage` → `audit-image`.
fn audit_name(event: &str) -> Option<String> {
    event.strip_prefix("Review").map(|k| format!("audit-{}", k.to_ascii_lowercase()))
}

/// Every sample and its name, in `--list` order: the job Tags, then the other kinds.
fn all() -> Vec<(String, Sample)> {
    let mut all: Vec<(String, Sample)> = tags::TAGS.iter().map(|t| (t.name.to_string(), Sample::Job(t))).collect();
    all.extend(
        [
            ("workflow", Sample::Workflow),
            ("legacy-job", Sample::LegacyJob),
            ("legacy-workflow", Sample::LegacyWorkflow),
        ]
        .map(|(n, s)| (n.to_string(), s)),
    );
    all.extend(spec::EVENT_NAMES.iter().filter_map(|e| Some((audit_name(e)?, Sample::AuditDetail(e)))));
    all.push(("audit-simple".to_string(), Sample::AuditSimple));
    all
}

/// Every name `cicb sample` takes, in `--list` order: the job Tags, then the other kinds.
pub fn names() -> Vec<String> {
    all().into_iter().map(|(n, _)| n).collect()
}

/// The sample called `name`; an unknown name is an error naming the nearest one.
pub fn find(name: &str) -> Result<Sample, SampleError> {
    let all = all();
    if let Some((_, s)) = all.iter().find(|(n, _)| n == name) {
        return Ok(*s);
    }
    let hint = hint_suffix(spec::suggest(name, all.iter().map(|(n, _)| n.as_str())));
    Err(SampleError(format!("unknown sample `{}`{hint} (`cicb sample --list` prints every name)", sanitize(name))))
}

/// The "; did you mean `X`?" after an unknown name, when there is a likely `X`.
fn hint_suffix(suggestion: Option<&str>) -> String {
    spec::did_you_mean(suggestion).map(|h| format!("; {h}")).unwrap_or_default()
}

/// Builds the body of `sample`.
pub fn build(sample: Sample, opts: &Options) -> Result<Tree<'static>, SampleError> {
    let tasks: Vec<String> = match sample {
        Sample::Workflow | Sample::LegacyWorkflow if opts.tasks.is_empty() => {
            vec!["Transcode".to_string(), "Snapshot".to_string()]
        }
        Sample::Workflow | Sample::LegacyWorkflow => opts.tasks.clone(),
        _ if !opts.tasks.is_empty() => {
            return Err(SampleError("--tasks is for the workflow samples (workflow, legacy-workflow)".into()))
        }
        _ => Vec::new(),
    };
    for t in &tasks {
        if !spec::is_task_type(t) {
            let hint = hint_suffix(spec::suggest(t, tags::names().iter().copied()));
            let mut valid: Vec<&str> = tags::names().to_vec();
            valid.push("HighSpeedHd");
            valid.sort_unstable();
            let gap = if hint.is_empty() { ". " } else { " " };
            return Err(SampleError(format!(
                "unknown task type `{}`{hint}{gap}Task types: {}",
                sanitize(t),
                valid.join(", ")
            )));
        }
    }
    if opts.trigger == Trigger::Workflow && !sample.takes_trigger() {
        return Err(SampleError(format!(
            "--trigger workflow is for the job samples (a job Tag, legacy-job): {} names no trigger",
            if sample.kind().is_audit() { "an audit callback" } else { "a workflow callback" }
        )));
    }
    let (mut rng, now) = match opts.seed {
        Some(seed) => {
            let mut rng = Rng::new(seed);
            // A fixed day, moved by the seed: the same seed gives the same times.
            let base = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).single().unwrap_or_default();
            let at = base + Duration::seconds(rng.range(0, 365 * 86_400) as i64);
            (rng, at)
        }
        None => {
            let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
            let now = DateTime::from_timestamp(since.as_secs() as i64, 0).unwrap_or_default();
            let nanos = since.as_nanos() as u64;
            (Rng::new(nanos ^ (u64::from(std::process::id()) << 32)), now)
        }
    };
    let tag = sample.tag().unwrap_or("Transcode");
    let object = opts.object.clone().unwrap_or_else(|| values::default_object(tag).to_string());
    let media = values::media(tag);
    let measures = Measures::new(&mut rng, media == Media::Audio);
    // The published bodies are stamped in China Standard Time.
    let zone = FixedOffset::east_opt(8 * 3600).expect("+08:00 is a valid offset");
    let stem = values::stem(&object);
    let created = now.with_timezone(&zone);
    let mut b = Builder {
        t: Tree::new("", 256),
        rng,
        opts,
        kind: sample.kind(),
        tag,
        path: Vec::new(),
        outputs: output_names(tag, &stem, media, measures.duration),
        times: job_times(created, opts.state == State::Failed, &measures),
        stem,
        object,
        media,
        m: measures,
        created,
        tasks,
    };
    match sample {
        Sample::Job(_) => b.envelope(Some("TaskFinish"), "JobsDetail"),
        Sample::LegacyJob => b.envelope(None, "JobsDetail"),
        Sample::Workflow => b.envelope(Some("WorkflowFinish"), "WorkflowExecution"),
        Sample::LegacyWorkflow => b.envelope(None, "WorkflowExecution"),
        Sample::AuditDetail(event) => b.audit_detail(event),
        Sample::AuditSimple => b.audit_simple(),
    }
    Ok(b.t)
}

struct Builder<'o> {
    t: Tree<'static>,
    rng: Rng,
    opts: &'o Options,
    kind: Kind,
    tag: &'static str,
    /// Element names from the root to the node being filled.
    path: Vec<&'static str>,
    /// The output of the job: the prefix, the object names under it, and `Output/Object`.
    outputs: (String, Vec<String>, String),
    /// The times of the job: created, started, ended.
    times: [DateTime<FixedOffset>; 3],
    object: String,
    stem: String,
    media: Media,
    m: Measures,
    created: DateTime<FixedOffset>,
    tasks: Vec<String>,
}

impl Builder<'_> {
    fn failed(&self) -> bool {
        self.opts.state == State::Failed
    }

    fn workflow_started(&self) -> bool {
        self.opts.trigger == Trigger::Workflow
    }

    fn push(&mut self, parent: Option<NodeId>, name: &str) -> NodeId {
        self.t.push(parent, Cow::Owned(name.to_string()), 0, 0)
    }

    fn leaf(&mut self, parent: NodeId, name: &str, value: impl Into<String>) -> NodeId {
        let id = self.push(Some(parent), name);
        self.t.set_text(id, Cow::Owned(value.into()));
        id
    }

    fn object(&mut self, parent: NodeId, name: &str) -> NodeId {
        let id = self.push(Some(parent), name);
        self.t.set_shape(id, Shape::Object);
        id
    }

    fn time(&self, at: DateTime<FixedOffset>) -> String {
        at.format(bodies::time_format(self.kind)).to_string()
    }

    /// The URL of `object` in the sample's bucket, unencoded as the published bodies write it.
    fn object_url(&self, object: &str) -> String {
        format!("https://{}.cos.{}.myqcloud.com/{}", self.opts.bucket, self.opts.region, object)
    }

    fn id(&mut self, prefix: char, hex: usize) -> String {
        format!("{prefix}{}", self.rng.hex(hex))
    }

    fn job_id(&mut self, tag: &str) -> String {
        let prefix = bodies::job_id_prefix(tag);
        self.id(prefix, spec::ids::JOB_ID.len.0)
    }

    fn template_id(&mut self) -> String {
        let len = spec::ids::TEMPLATE_ID.len.0 + 1;
        self.id('t', len)
    }

    /// A workflow node name, as the console makes them: `Transcode_1581665960537`.
    fn node_name(&mut self, tag: &str) -> String {
        format!("{tag}_{}", self.rng.range(1_500_000_000_000, 1_700_000_000_000))
    }

    fn root(&mut self) -> NodeId {
        self.path.push("Response");
        let root = self.push(None, "Response");
        self.t.set_shape(root, Shape::Object);
        root
    }

    // ---- jobs -----------------------------------------------------------------------------------

    /// The root, its `EventName` (the legacy forms have none), and `node` below it, filled.
    fn envelope(&mut self, event: Option<&'static str>, node: &'static str) {
        let root = self.root();
        if let Some(event) = event {
            self.leaf(root, "EventName", event);
        }
        let id = self.object(root, node);
        self.path.push(node);
        self.fill(id);
        self.path.pop();
    }

    /// True when the sample carries node `name` under the current path.
    fn wants(&self, name: &'static str) -> bool {
        // A failed job has no Progress (the docs: only while Submitted, Running, Success or
        // Pause) and no watermark result.
        let parent = self.path.last().copied();
        if self.failed()
            && matches!((parent, name), (Some("JobsDetail"), "Progress") | (Some("Operation"), "DigitalWatermark"))
        {
            return false;
        }
        let mut full = self.path.clone();
        full.push(name);
        if self.kind == Kind::Workflow || self.kind == Kind::LegacyWorkflow {
            return bodies::carries(&full, "", self.kind, true);
        }
        if self.path.len() == 3 && self.path[2] == "Operation" {
            let spec = tags::get(self.tag);
            let common = bodies::OPERATION_COMMON.contains(&name);
            // An echo, or a result of a job that did not fail.
            let of_tag = spec.is_some_and(|s| s.echo.contains(&name) || (s.results.contains(&name) && !self.failed()));
            if !(common || (of_tag && echo_known(&full))) {
                return false;
            }
        }
        bodies::carries(&full, self.tag, self.kind, self.workflow_started())
    }

    /// How many of node `name` the current parent holds.
    fn count(&self, name: &str) -> usize {
        let parent = self.path.last().copied().unwrap_or("");
        match (parent, name) {
            ("Input" | "WorkflowExecution", "CosHeaders") => 2,
            ("WorkflowExecution", "Tasks") => self.tasks.len(),
            ("OutputFile", "ObjectName" | "Md5Info") => self.outputs.1.len(),
            ("SpriteOutputFile", "ObjectName" | "Md5Info") => 1,
            ("Output", "StreamExtract") => 2,
            ("SpeechRecognitionResult", "ResultDetail") => 2,
            ("ResultDetail", "Words") => values::WORDS.len(),
            ("WordsGeneralizeResult", "WordsGeneralizeToken") => values::TOKENS.len(),
            ("WordsGeneralizeResult", "WordsGeneralizeLable") => 2,
            ("Data", "Tags") | ("PlaceTags" | "ActionTags", "Tags") => 2,
            ("PersonTags", "DetailPerSecond") => 2,
            ("PitchScore" | "RhythemScore", "SentenceScores") => 2,
            ("DocProcessResult", "PageInfo") => 2,
            _ => 1,
        }
    }

    /// Fills node `id` (at the current path): its children as the spec lists them, or its value.
    fn fill(&mut self, id: NodeId) {
        let Some(children) = listed_children(&self.t, id, self.kind) else {
            let value = self.value(id);
            self.t.set_text(id, Cow::Owned(value));
            return;
        };
        self.t.set_shape(id, Shape::Object);
        if bodies::is_empty(&self.path, self.tag) {
            return;
        }
        for &c in children {
            if !self.wants(c) {
                continue;
            }
            let n = self.count(c);
            self.path.push(c);
            for _ in 0..n {
                let k = self.push(Some(id), c);
                self.fill(k);
            }
            self.path.pop();
        }
    }

    /// Where this node is among its same-named siblings, and its parent's (from 0).
    fn indexes(&self, id: NodeId) -> (usize, usize) {
        let at = |n: NodeId| {
            self.t.parent(n).map_or(0, |p| self.t.children_named(p, self.t.name(n)).position(|s| s == n).unwrap_or(0))
        };
        (at(id), self.t.parent(id).map_or(0, at))
    }

    /// An MD5 that stays the same for the same output (so Md5Info and ObjectName agree).
    fn md5(&self, key: &str) -> String {
        let mut r = Rng::new(crate::tree::name_hash(key, false) ^ self.opts.seed.unwrap_or(0));
        r.hex(32)
    }

    fn value(&mut self, id: NodeId) -> String {
        let name = self.path.last().copied().unwrap_or("");
        let parent = self.path.iter().rev().nth(1).copied().unwrap_or("");
        let grand = self.path.iter().rev().nth(2).copied().unwrap_or("");
        // `own`: this node among its same-named siblings; `index`: its parent among its own.
        let (own, index) = self.indexes(id);
        let m = self.m;
        let [created, started, ended] = self.times;
        let (bucket, region) = (&self.opts.bucket, &self.opts.region);
        let (prefix, names, object_template) = &self.outputs;
        let failure = values::failure(self.media);
        let key = |i: usize| format!("{prefix}{}", names.get(i).map_or("", String::as_str));
        let in_stream = grand == "Stream" || parent == "Stream";
        match (parent, name) {
            // The envelope.
            ("JobsDetail", "Code") if self.failed() => failure.0.into(),
            ("JobsDetail", "Code") => "Success".into(),
            ("JobsDetail", "Message") if self.failed() => failure.1.into(),
            ("JobsDetail", "Message") => String::new(),
            ("JobsDetail", "JobId") => self.job_id(self.tag),
            ("JobsDetail", "Tag") => self.tag.into(),
            ("JobsDetail", "State") if self.failed() => "Failed".into(),
            ("JobsDetail", "State") => "Success".into(),
            ("JobsDetail", "CreationTime") => self.time(created),
            ("JobsDetail", "StartTime") => self.time(started),
            ("JobsDetail", "EndTime") => self.time(ended),
            ("JobsDetail", "QueueId") => self.id('p', spec::ids::QUEUE_ID.len.0),
            ("Input", "BucketId") => bucket.clone(),
            ("Input", "Region") => region.clone(),
            ("Input", "Object") => self.object.clone(),
            ("CosHeaders", "Key") => ["Content-Type", "x-cos-meta-id"][index.min(1)].into(),
            ("CosHeaders", "Value") if index == 0 => values::mime(&self.object).into(),
            ("CosHeaders", "Value") => self.stem.clone(),
            ("Workflow" | "WorkflowExecution", "RunId") => self.id('i', spec::ids::RUN_ID.len.0),
            ("Workflow" | "WorkflowExecution", "WorkflowId") => self.id('w', spec::ids::WORKFLOW_ID.len.0),
            ("Workflow", "Name") => self.node_name(self.tag),
            // Operation.
            ("Operation", "TemplateId" | "TranscodeTemplateId" | "WatermarkTemplateId") => self.template_id(),
            ("Operation", "TemplateName") => values::template_name(self.tag),
            ("Operation", "UserData") => format!("This is my {} job.", self.tag),
            (
                "Output" | "OutputFile" | "SpriteOutputFile" | "FileCompressResult" | "FileUncompressResult",
                "Bucket",
            ) => bucket.clone(),
            (
                "Output" | "OutputFile" | "SpriteOutputFile" | "FileCompressResult" | "FileUncompressResult",
                "Region",
            ) => region.clone(),
            ("Output", "Object") => object_template.clone(),
            ("Output", "SpriteObject") => format!("output/{}-sprite-${{Number}}.jpg", self.stem),
            ("Output", "AuObject") => key(1),
            ("StreamExtract", "Index") => index.to_string(),
            ("StreamExtract", "Output") => key(index),
            ("OutputFile", "ObjectPrefix") => prefix.clone(),
            ("OutputFile", "ObjectName") => names.get(own).cloned().unwrap_or_default(),
            ("SpriteOutputFile", "ObjectPrefix") => format!("output/{}-sprite-", self.stem),
            ("Md5Info", "ObjectName") if grand == "SpriteOutputFile" => format!("output/{}-sprite-0.jpg", self.stem),
            ("Md5Info", "ObjectName") => key(index),
            ("Md5Info", "Md5") if grand == "SpriteOutputFile" => self.md5("sprite"),
            ("Md5Info", "Md5") => self.md5(&key(index)),
            // MediaInfo: the output's measurements.
            ("Format", "NumStream") => if m.video_bitrate == 0 { "1" } else { "2" }.into(),
            ("Format", "FormatName") if m.video_bitrate == 0 => "mp3".into(),
            ("Format", "FormatName") => "mov,mp4,m4a,3gp,3g2,mj2".into(),
            ("Format", "FormatLongName") if m.video_bitrate == 0 => "MP2/3 (MPEG audio layer 2/3)".into(),
            ("Format", "FormatLongName") => "QuickTime / MOV".into(),
            ("Format", "Duration") => format!("{:.6}", m.duration),
            ("Format", "Bitrate") => format!("{:.6}", m.size as f64 * 8.0 / m.duration / 1000.0),
            ("Format", "Size") => m.size.to_string(),
            ("Video", "Width") if in_stream => m.width.to_string(),
            ("Video", "Height") if in_stream => m.height.to_string(),
            ("Video", "Dar") => {
                let g = gcd(m.width, m.height);
                format!("{}:{}", m.width / g, m.height / g)
            }
            ("Video", "CodecTimeBase") => format!("1/{}", m.fps),
            ("Video", "Fps") if in_stream => format!("{}.000000", m.fps),
            ("Video", "AvgFps") => format!("{}.000000", m.fps),
            ("Video", "Duration") => format!("{:.6}", m.duration),
            ("Video", "Bitrate") if in_stream => format!("{:.6}", m.video_bitrate as f64 / 1000.0),
            ("Video", "NumFrames") => m.frames().to_string(),
            ("Audio", "Index") => if m.video_bitrate == 0 { "0" } else { "1" }.into(),
            ("Audio", "Duration") => format!("{:.6}", m.duration),
            ("Audio", "Bitrate") if in_stream => format!("{:.6}", m.audio_bitrate as f64 / 1000.0),
            // The Transcode echo (legacy bodies).
            ("Video", "Width") => m.width.to_string(),
            ("Video", "Height") => m.height.to_string(),
            ("Video", "Fps") => m.fps.to_string(),
            ("Video", "Bitrate") => (m.video_bitrate / 1000).to_string(),
            ("Audio", "Bitrate") => (m.audio_bitrate / 1000).to_string(),
            ("TimeInterval", "Duration") => format!("{:.3}", m.duration),
            // Results.
            ("DigitalWatermark", "State") if self.failed() => "Failed".into(),
            ("DigitalWatermark", "State") => "Success".into(),
            ("QualityEstimate", "Score") => format!("{:.6}", 60.0 + self.rng.range(0, 35_000_000) as f64 / 1e6),
            ("PicProcessResult", "ObjectName") => key(0),
            ("OriginalInfo" | "ProcessResult", "Etag") => format!("\"{}\"", self.rng.hex(32)),
            ("ImageInfo", "Width") => m.width.to_string(),
            ("ImageInfo", "Height") => m.height.to_string(),
            ("ProcessResult", "Width") => (m.width / 2).to_string(),
            ("ProcessResult", "Height") => (m.height / 2).to_string(),
            ("ProcessResult", "Size") => (u64::from(m.width) * u64::from(m.height) / 16).to_string(),
            ("ProcessResult", "PicSize") => (u64::from(m.width) * u64::from(m.height) / 4).to_string(),
            ("ImageInspectResult", "InputObjectName") => self.object.clone(),
            ("ImageInspectResult", "InputObjectUrl") => self.object_url(&self.object),
            ("SpeechRecognitionResult", "AudioTime") => format!("{:.4}", m.duration),
            ("SpeechRecognitionResult", "ObjectName") => key(0),
            ("SpeechRecognitionResult", "DetailObjectName") => format!("output/{}-detail.json", self.stem),
            ("ResultDetail", "FinalSentence" | "SliceSentence") => {
                ["欢迎使用数据万象。", "这是一段示例。"][index.min(1)].into()
            }
            ("ResultDetail", "StartMs") => (index * 2400).to_string(),
            ("ResultDetail", "EndMs") => (index * 2400 + 2400).to_string(),
            ("ResultDetail", "WordsNum") => values::WORDS.len().to_string(),
            ("Words", "Word") => values::WORDS[index % values::WORDS.len()].0.into(),
            ("Words", "OffsetStartMs") => values::WORDS[index % values::WORDS.len()].1.to_string(),
            ("Words", "OffsetEndMs") => values::WORDS[index % values::WORDS.len()].2.to_string(),
            ("Tags", "Tag") => values::VIDEO_TAGS[index % values::VIDEO_TAGS.len()].0.into(),
            ("Tags", "TagCls") => values::VIDEO_TAGS[index % values::VIDEO_TAGS.len()].1.into(),
            ("Tags" | "PersonTags" | "DetailPerSecond" | "Objects", "Confidence") => {
                format!("{:.6}", 0.5 + self.rng.range(0, 490_000) as f64 / 1e6)
            }
            ("DetailPerSecond", "TimeStamp") => (index + 1).to_string(),
            ("BBox", "X2") => (m.width / 2).to_string(),
            ("BBox", "Y2") => (m.height / 2).to_string(),
            ("PlaceTags" | "ActionTags", "EndTime") => format!("{:.3}", m.duration),
            ("PlaceTags", "EndIndex") => m.frames().saturating_sub(1).to_string(),
            ("WordsGeneralizeLable", "Category") => ["Organization", "Product"][index.min(1)].into(),
            ("WordsGeneralizeLable", "Word") => values::TOKENS[index.min(1)].0.into(),
            ("WordsGeneralizeToken", "Word") => values::TOKENS[index].0.into(),
            ("WordsGeneralizeToken", "Pos") => values::TOKENS[index].1.into(),
            ("WordsGeneralizeToken", "Offset") => {
                values::TOKENS[..index].iter().map(|t| t.0.chars().count()).sum::<usize>().to_string()
            }
            ("WordsGeneralizeToken", "Length") => values::TOKENS[index].0.chars().count().to_string(),
            ("PitchScore" | "RhythemScore", "TotalScore") => self.rng.range(70, 98).to_string(),
            ("SentenceScores", "StartTime") => (index * 5000).to_string(),
            ("SentenceScores", "EndTime") => (index * 5000 + 5000).to_string(),
            ("SentenceScores", "Score") => self.rng.range(60, 100).to_string(),
            ("DocProcessResult", "TaskId") => self.id('d', 32),
            ("PageInfo", "PageNo") => (index + 1).to_string(),
            ("PageInfo", "TgtUri") => key(index),
            ("FileCompressResult", "Object") => key(0),
            ("FileHashCodeResult", "MD5") => self.rng.hex(32),
            ("FileHashCodeResult", "SHA1") => self.rng.hex(40),
            ("FileHashCodeResult", "SHA256") => self.rng.hex(64),
            ("FileHashCodeResult", "FileSize") => m.size.to_string(),
            ("FileHashCodeResult", "LastModified") => self.time(created - Duration::days(1)),
            ("FileHashCodeResult", "Etag") => format!("\"{}\"", self.rng.hex(32)),
            // Workflow runs.
            ("WorkflowExecution", "State") if self.failed() => "Failed".into(),
            ("WorkflowExecution", "State") => "Success".into(),
            ("WorkflowExecution", "BucketId") => bucket.clone(),
            ("WorkflowExecution", "Object") => self.object.clone(),
            ("WorkflowExecution", "CreateTime") => self.time(self.created),
            ("Tasks", n) => self.task_value(index, n),
            _ => values::fixed(parent, name).unwrap_or_default().to_string(),
        }
    }

    // ---- workflows ------------------------------------------------------------------------------

    /// The times of task `i`: tasks run one after the other, a second apart.
    fn task_times(&self, i: usize) -> (DateTime<FixedOffset>, DateTime<FixedOffset>) {
        let each = self.m.processing();
        let create = self.created + Duration::seconds(1 + i as i64 * (each + 1));
        (create, create + Duration::seconds(each))
    }

    fn task_value(&mut self, i: usize, name: &str) -> String {
        let ty = self.tasks.get(i).cloned().unwrap_or_default();
        let (create, end) = self.task_times(i);
        let last = i + 1 == self.tasks.len();
        match name {
            "Type" => ty,
            "CreateTime" => self.time(create),
            "StartTime" => self.time(create),
            "EndTime" => self.time(end),
            "State" if self.failed() && last => "Failed".into(),
            "State" => "Success".into(),
            "JobId" => self.job_id(&ty),
            "Name" => self.node_name(&ty),
            "TemplateId" => self.template_id(),
            "TemplateName" => values::template_name(&ty),
            _ => String::new(),
        }
    }

    // ---- audit ----------------------------------------------------------------------------------

    /// A moderation verdict: `{HitFlag, Score, Label}` (snake_case in the Simple form).
    fn audit_info(&mut self, parent: NodeId, name: &str, snake: bool) {
        let info = self.object(parent, name);
        let (flag, score, label) = if snake { ("hit_flag", "score", "label") } else { ("HitFlag", "Score", "Label") };
        self.leaf(info, flag, "0");
        let s = self.rng.range(0, 20);
        self.leaf(info, score, s.to_string());
        self.leaf(info, label, "");
    }

    fn audit_detail(&mut self, event: &'static str) {
        let root = self.root();
        self.leaf(root, "EventName", event);
        let j = self.object(root, "JobsDetail");
        let job_id = self.id('s', 32);
        self.leaf(j, "JobId", job_id);
        self.leaf(j, "State", if self.failed() { "Failed" } else { "Success" });
        let created = self.time(self.created);
        self.leaf(j, "CreationTime", created);
        let object = self.opts.object.clone().unwrap_or_else(|| audit_object(event).to_string());
        self.leaf(j, "Object", object.clone());
        if self.failed() {
            let (code, message) = values::failure(audit_media(event));
            self.leaf(j, "Code", code);
            self.leaf(j, "Message", message);
        } else {
            self.leaf(j, "Result", "0");
            self.leaf(j, "Label", "Normal");
            let score = self.rng.range(0, 20);
            self.leaf(j, "Score", score.to_string());
            match event {
                "ReviewAudio" | "ReviewVideo" => {
                    let s = self.object(j, if event == "ReviewAudio" { "Section" } else { "AudioSection" });
                    let url = self.object_url(&object);
                    self.leaf(s, "Url", url);
                    self.leaf(s, "Text", "");
                    self.leaf(s, "OffsetTime", "0");
                    self.leaf(s, "Duration", ((self.m.duration * 1000.0) as u64).to_string());
                    self.audit_info(s, "PornInfo", false);
                }
                "ReviewDocument" | "ReviewHtml" => {
                    self.leaf(j, "PageCount", "1");
                }
                _ => {}
            }
            self.audit_info(j, "PornInfo", false);
            self.audit_info(j, "AdsInfo", false);
        }
        self.leaf(j, "BucketId", self.opts.bucket.clone());
        self.leaf(j, "Region", self.opts.region.clone());
        self.leaf(j, "ForbidState", "0");
        let headers = self.object(j, "CosHeaders");
        self.leaf(headers, "x-cos-meta-id", values::stem(&object));
    }

    fn audit_simple(&mut self) {
        let root = self.root();
        let (code, message) = if self.failed() { ("1", values::failure(Media::Image).1) } else { ("0", "success") };
        self.leaf(root, "code", code);
        let data = self.object(root, "data");
        self.leaf(data, "event", "ReviewImage");
        if !self.failed() {
            self.leaf(data, "forbidden_status", "0");
            self.audit_info(data, "porn_info", true);
            self.leaf(data, "result", "0");
        }
        let trace = self.id('s', 32);
        self.leaf(data, "trace_id", trace);
        let object = self.opts.object.clone().unwrap_or_else(|| "input/demo.jpg".to_string());
        let url = self.object_url(&object);
        self.leaf(data, "url", url);
        let headers = self.object(data, "cos_headers");
        self.leaf(headers, "x-cos-meta-id", values::stem(&object));
        self.leaf(root, "message", message);
    }
}

/// What an audit of `event` reviews (how its failure reads).
fn audit_media(event: &str) -> Media {
    match event {
        "ReviewImage" => Media::Image,
        "ReviewText" => Media::Text,
        "ReviewAudio" => Media::Audio,
        "ReviewVideo" => Media::Video,
        _ => Media::Document,
    }
}

/// The default object an audit of `event` reviews.
fn audit_object(event: &str) -> &'static str {
    match event {
        "ReviewText" => "input/demo.txt",
        "ReviewAudio" => "input/demo.mp3",
        "ReviewVideo" => "input/demo.mp4",
        "ReviewDocument" => "input/demo.docx",
        "ReviewHtml" => "input/demo.html",
        _ => "input/demo.jpg",
    }
}

/// The output of a job of `tag` whose input's stem is `s`: the prefix, the object names under
/// it, and `Output/Object`.
fn output_names(tag: &str, s: &str, media: Media, duration: f64) -> (String, Vec<String>, String) {
    let numbered = |what: &str, n: usize, ext: &str| {
        let prefix = format!("output/{s}-{what}-");
        let names = (0..n).map(|i| format!("{i}.{ext}")).collect();
        let object = format!("{prefix}${{Number}}.{ext}");
        (prefix, names, object)
    };
    match tag {
        "Snapshot" => numbered("snapshot", 3, "jpg"),
        "SmartCover" => numbered("cover", 3, "jpg"),
        "Segment" => {
            let parts = (duration / 10.0).ceil() as usize;
            let mut names = vec![format!("{s}.m3u8")];
            names.extend((0..parts).map(|i| format!("{s}-{i}.ts")));
            (format!("output/{s}/"), names, format!("output/{s}/{s}.m3u8"))
        }
        "VoiceSeparate" => ("output/".into(), vec![format!("{s}-voice.mp3"), format!("{s}-background.mp3")], {
            format!("output/{s}-voice.mp3")
        }),
        "DocProcess" => {
            let names = vec!["1.jpg".to_string(), "2.jpg".to_string()];
            (format!("output/{s}/"), names, format!("output/{s}/${{Page}}.jpg"))
        }
        "StreamExtract" => ("output/".into(), vec![format!("{s}-video.mp4"), format!("{s}-audio.m4a")], String::new()),
        _ => {
            let ext = match (tag, media) {
                ("Animation", _) => "gif",
                ("Translation", _) => "pdf",
                ("FileCompress", _) => "zip",
                ("SpeechRecognition", _) => "txt",
                (_, Media::Audio) => "mp3",
                (_, Media::Image) => "jpg",
                (_, Media::Document | Media::Text) => "txt",
                _ => "mp4",
            };
            let name = format!("{s}-{}.{ext}", tag.to_ascii_lowercase());
            ("output/".into(), vec![name.clone()], format!("output/{name}"))
        }
    }
}

/// The times of a job created at `created`: created, started, ended.
fn job_times(created: DateTime<FixedOffset>, failed: bool, m: &Measures) -> [DateTime<FixedOffset>; 3] {
    let start = created + Duration::seconds(1);
    let end = start + Duration::seconds(if failed { 1 } else { m.processing() });
    [created, start, end]
}

/// The children the spec lists for element `id` of a body of `kind`: the node tables', else the
/// published bodies' (the parameter echoes).
fn listed_children(tree: &Tree<'_>, id: NodeId, kind: Kind) -> Option<&'static [&'static str]> {
    known::children(tree, id, kind).or_else(|| {
        let mut names: Vec<&str> = std::iter::successors(Some(id), |&c| tree.parent(c)).map(|c| tree.name(c)).collect();
        names.reverse();
        bodies::children(&names)
    })
}

/// True when the spec knows what the `Operation` child at `path` holds: a leaf, a container whose
/// children `known` lists, or an echo whose children the published bodies show.
fn echo_known(path: &[&str]) -> bool {
    !known::UNLISTED.iter().any(|p| path.ends_with(p)) || bodies::children(path).is_some()
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 {
        a.max(1)
    } else {
        gcd(b, a % b)
    }
}

/// Sets the value at `path` (the syntax of `parse --get`) to `value`. A node the spec knows under
/// its parent but the sample lacks is added, in spec order among its siblings (its parents too).
pub fn set(tree: &mut Tree<'static>, kind: Kind, path: &str, value: &str) -> Result<(), SampleError> {
    let p = Path::parse(path).map_err(|e| SampleError(e.to_string()))?;
    let ids = match p.select(tree) {
        Ok(ids) => ids,
        Err(_) => vec![add(tree, kind, &p).map_err(|e| SampleError(format!("--set {}: {e}", sanitize(path))))?],
    };
    for id in ids {
        if tree.leaf_text(id).is_none() || tree.has_children(id) {
            return Err(SampleError(format!(
                "--set {path}: {} holds child nodes; set one of its leaves",
                crate::path::indexed_path(tree, id)
            )));
        }
        tree.set_text(id, Cow::Owned(value.to_string()));
        tree.set_shape(id, Shape::Text);
    }
    Ok(())
}

/// Adds the nodes of `path` the tree lacks; the last one is returned.
fn add(tree: &mut Tree<'static>, kind: Kind, path: &Path) -> Result<NodeId, String> {
    let root = tree.root();
    let mut segments = path.segments();
    if let Some(first) = segments.first() {
        if !first.attribute && first.name == tree.name(root) && tree.child(root, &first.name).is_none() {
            segments = &segments[1..];
        }
    }
    let mut cur = root;
    for seg in segments {
        if seg.attribute {
            return Err("attributes cannot be added".into());
        }
        let named: Vec<NodeId> = tree.children_named(cur, &seg.name).collect();
        let existing = match seg.index {
            Index::All => named.first().copied(),
            Index::At(i) => {
                let at = if i < 0 { named.len() as i64 + i } else { i };
                match usize::try_from(at).ok() {
                    Some(at) if at < named.len() => Some(named[at]),
                    Some(at) if at == named.len() => None,
                    _ => return Err(format!("index [{i}] cannot be added ({} has {})", seg.name, named.len())),
                }
            }
        };
        cur = match existing {
            Some(id) => id,
            None => {
                let before = match listed_children(tree, cur, kind) {
                    Some(children) => {
                        let Some(at) = children.iter().position(|c| *c == seg.name) else {
                            let hint = spec::suggest(&seg.name, children.iter().copied())
                                .map(|s| format!(" (did you mean {s}?)"))
                                .unwrap_or_default();
                            return Err(format!(
                                "the spec knows no node {} under {}{hint}",
                                sanitize(&seg.name),
                                tree.name(cur)
                            ));
                        };
                        // Before the first sibling the spec lists after it.
                        let later = &children[at + 1..];
                        tree.elements(cur).find(|&c| later.contains(&tree.name(c)))
                    }
                    // The spec does not list this parent's children (echoes, audit): at the end.
                    None => None,
                };
                let had_text = tree.leaf_text(cur).is_some_and(|t| !t.is_empty());
                if had_text {
                    return Err(format!("{} is a leaf with a value", tree.name(cur)));
                }
                tree.set_shape(cur, Shape::Object);
                let id = tree.insert(cur, before, Cow::Owned(seg.name.clone()));
                tree.set_shape(id, Shape::Text);
                id
            }
        };
    }
    Ok(cur)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xml(tree: &Tree<'_>) -> String {
        let mut out = Vec::new();
        crate::encode::xml::write(tree, &Default::default(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn names_are_found_and_unknown_ones_suggested() {
        for n in names() {
            assert!(find(&n).is_ok(), "{n}");
        }
        assert!(names().len() >= 28 + 3 + 7);
        let e = find("Transcod").unwrap_err().to_string();
        assert!(e.contains("did you mean `Transcode`?"), "{e}");
        assert!(find("audit-image").is_ok());
    }

    #[test]
    fn same_seed_same_body() {
        let opts = Options { seed: Some(7), ..Options::default() };
        let a = xml(&build(find("Transcode").unwrap(), &opts).unwrap());
        let b = xml(&build(find("Transcode").unwrap(), &opts).unwrap());
        assert_eq!(a, b);
        let other = Options { seed: Some(8), ..Options::default() };
        assert_ne!(a, xml(&build(find("Transcode").unwrap(), &other).unwrap()));
    }

    #[test]
    fn set_adds_a_known_node_in_spec_order() {
        let opts = Options { seed: Some(1), ..Options::default() };
        let mut t = build(find("MediaInfo").unwrap(), &opts).unwrap();
        set(&mut t, Kind::Job, "JobsDetail.Operation.TemplateName", "<mine> & co").unwrap();
        set(&mut t, Kind::Job, "JobsDetail.State", "Success").unwrap();
        let body = xml(&t);
        assert!(body.contains("<TemplateName>&lt;mine&gt; &amp; co</TemplateName>"), "{body}");
        let op = body.find("<Operation>").unwrap();
        let name = body.find("<TemplateName>").unwrap();
        let info = body.find("<MediaInfo>").unwrap();
        assert!(op < name && name < info, "TemplateName comes before MediaInfo in the spec: {body}");
        let e = set(&mut t, Kind::Job, "JobsDetail.Operation.Bogus", "x").unwrap_err().to_string();
        assert!(e.contains("the spec knows no node Bogus under Operation"), "{e}");
        let e = set(&mut t, Kind::Job, "JobsDetail.Operation", "x").unwrap_err().to_string();
        assert!(e.contains("holds child nodes"), "{e}");
    }
}
