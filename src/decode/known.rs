//! What the spec says a callback body may hold: the known child nodes of each parent, the nodes
//! each kind requires, the shapes of the identifiers, and "did you mean" suggestions.
//!
//! Derived from the node tables of the callback and submit pages (the seeds, and `fields.md` /
//! `arrays.md` of the reference corpus, which collect every job Tag's `Response.JobsDetail`
//! table), and from the nodes the published bodies carry beyond those tables (`ColorPrimaries`,
//! `VoiceType`, `QueueType`, ...). Patterns are path suffixes, as in [`super::schema`]: the
//! longest pattern that matches a parent decides its children.
//!
//! Only parents whose children the documentation lists in full are here. Parameter echoes
//! (`Operation/Transcode`, `Operation/Segment`, ...) repeat the request and are documented on
//! the request pages, so their children are not checked; neither are audit (content moderation)
//! bodies below their envelope, whose field tables are not part of the reference material.

use super::model::Kind;
use super::schema;
use super::tree::{NodeId, Tree};

/// A parent (a path suffix) and every child node the spec and the published bodies give it.
pub type Known = (&'static [&'static str], &'static [&'static str]);

/// Job and workflow callbacks (and bodies of unknown kind, so that a misspelt envelope still gets
/// a suggestion).
pub const MEDIA: &[Known] = &[
    (&["Response"], &["EventName", "JobsDetail", "WorkflowExecution"]),
    // Job envelope: the JobsDetail table of every submit page, plus SubTag (DigitalWatermark),
    // QueueType (VocalScore) and the stray empty VideoTag of the VideoTag samples.
    (
        &["Response", "JobsDetail"],
        &[
            "Code",
            "Message",
            "JobId",
            "Tag",
            "SubTag",
            "State",
            "Progress",
            "CreationTime",
            "StartTime",
            "EndTime",
            "QueueId",
            "QueueType",
            "Input",
            "Operation",
            "Workflow",
            "VideoTag",
        ],
    ),
    (&["JobsDetail", "Input"], &["BucketId", "Object", "Region", "CosHeaders", "Lang", "Type", "BasicType"]),
    // Workflow-started Tts jobs carry their input under Operation.
    (&["Operation", "Input"], &["BucketId", "Object", "Region", "CosHeaders"]),
    (&["Input", "CosHeaders"], &["Key", "Value"]),
    (&["JobsDetail", "Workflow"], &["RunId", "WorkflowId", "WorkflowName", "Name"]),
    (
        &["JobsDetail", "Operation"],
        &[
            // Common to most job types.
            "TemplateId",
            "TemplateName",
            "Output",
            "UserData",
            "JobLevel",
            "MediaInfo",
            "MediaResult",
            "DigitalWatermark",
            "Input",
            // Parameter echoes, one per job type.
            "Animation",
            "ConcatTemplate",
            "DocProcess",
            "FileCompressConfig",
            "FileHashCodeConfig",
            "FileUncompressConfig",
            "PicProcess",
            "RemoveWatermark",
            "SDRtoHDR",
            "Segment",
            "SmartCover",
            "Snapshot",
            "SpeechRecognition",
            "SplitVideoParts",
            "SuperResolution",
            "Transcode",
            "TranscodeTemplateId",
            "Translation",
            "TtsConfig",
            "TtsTpl",
            "VideoMontage",
            "VideoProcess",
            "VideoTag",
            "VocalScore",
            "VoiceSeparate",
            "Watermark",
            "WatermarkTemplateId",
            "WordsGeneralize",
            // Results.
            "AITranslateResult",
            "DocProcessResult",
            "ExtractDigitalWatermark",
            "FileCompressResult",
            "FileHashCodeResult",
            "FileUncompressResult",
            "ImageInspectResult",
            "PicProcessResult",
            "QualityEstimate",
            "Result",
            "SoundHoundResult",
            "SpeechRecognitionResult",
            "SplitVideoInfoResult",
            "VideoTagResult",
            "VideoTargetRecResult",
            "VocalScoreResult",
            "WordsGeneralizeResult",
        ],
    ),
    (&["Operation", "Output"], &["Region", "Bucket", "Object", "SpriteObject", "AuObject", "StreamExtract"]),
    (&["Output", "StreamExtract"], &["Index", "Output"]),
    (&["Operation", "MediaResult"], &["OutputFile"]),
    (
        &["MediaResult", "OutputFile"],
        &["Bucket", "Region", "ObjectPrefix", "ObjectName", "Md5Info", "SpriteOutputFile"],
    ),
    (&["OutputFile", "SpriteOutputFile"], &["Bucket", "Region", "ObjectPrefix", "ObjectName", "Md5Info"]),
    (&["OutputFile", "Md5Info"], &["Md5", "ObjectName"]),
    // The GenerateMediaInfo tree, plus the Video fields the published bodies add.
    (&["Operation", "MediaInfo"], &["Format", "Stream"]),
    (
        &["MediaInfo", "Format"],
        &["NumStream", "NumProgram", "FormatName", "FormatLongName", "StartTime", "Duration", "Bitrate", "Size"],
    ),
    (&["MediaInfo", "Stream"], &["Video", "Audio", "Subtitle"]),
    (
        &["Stream", "Video"],
        &[
            "Index",
            "CodecName",
            "CodecLongName",
            "CodecTimeBase",
            "CodecTagString",
            "CodecTag",
            "Profile",
            "Height",
            "Width",
            "HasBFrame",
            "RefFrames",
            "Sar",
            "Dar",
            "PixFormat",
            "FieldOrder",
            "Level",
            "Fps",
            "AvgFps",
            "Timebase",
            "StartTime",
            "Duration",
            "Bitrate",
            "NumFrames",
            "Language",
            "ColorPrimaries",
            "ColorRange",
            "ColorTransfer",
            "Rotation",
        ],
    ),
    (
        &["Stream", "Audio"],
        &[
            "Index",
            "CodecName",
            "CodecLongName",
            "CodecTimeBase",
            "CodecTagString",
            "CodecTag",
            "SampleFmt",
            "SampleRate",
            "Channel",
            "ChannelLayout",
            "Timebase",
            "StartTime",
            "Duration",
            "Bitrate",
            "Language",
        ],
    ),
    (&["Stream", "Subtitle"], &["Index", "Language"]),
    (&["Operation", "DigitalWatermark"], &["Message", "Type", "Version", "IgnoreError", "State"]),
    (&["Operation", "ExtractDigitalWatermark"], &["Message", "Type", "Version"]),
    (&["Operation", "QualityEstimate"], &["Score"]),
    // PicProcess (the table says "same as UploadResult"; the published bodies show the tree).
    (&["Operation", "PicProcessResult"], &["ObjectName", "OriginalInfo", "ProcessResult"]),
    (&["PicProcessResult", "OriginalInfo"], &["Etag", "ImageInfo"]),
    (&["OriginalInfo", "ImageInfo"], &["Ave", "Format", "Height", "Orientation", "Quality", "Width"]),
    (&["PicProcessResult", "ProcessResult"], &["Etag", "Format", "Height", "Quality", "Size", "Width"]),
    // SpeechRecognition.
    (
        &["Operation", "SpeechRecognitionResult"],
        &["AudioTime", "Result", "FlashResult", "ResultDetail", "ObjectName", "DetailObjectName"],
    ),
    (
        &["SpeechRecognitionResult", "ResultDetail"],
        &["FinalSentence", "SliceSentence", "StartMs", "EndMs", "WordsNum", "SpeechSpeed", "SpeakerId", "Words"],
    ),
    (&["ResultDetail", "Words"], &["Word", "OffsetStartMs", "OffsetEndMs", "VoiceType"]),
    (&["SpeechRecognitionResult", "FlashResult"], &["channel_id", "text", "sentence_list"]),
    (&["FlashResult", "sentence_list"], &["text", "start_time", "end_time", "speaker_id", "word_list"]),
    (&["sentence_list", "word_list"], &["word", "start_time", "end_time"]),
    // VideoTag.
    (&["Operation", "VideoTagResult"], &["StreamData"]),
    (&["VideoTagResult", "StreamData"], &["Data", "SubErrCode", "SubErrMsg"]),
    (&["StreamData", "Data"], &["Tags", "PersonTags", "PlaceTags", "ActionTags", "ObjectTags"]),
    (&["StreamData", "Data", "Tags"], &["Tag", "TagCls", "Confidence"]),
    (&["Data", "PersonTags"], &["Name", "Confidence", "Count", "DetailPerSecond"]),
    (&["PersonTags", "DetailPerSecond"], &["TimeStamp", "Confidence", "BBox"]),
    (&["DetailPerSecond", "BBox"], &["X1", "Y1", "X2", "Y2"]),
    (&["Data", "PlaceTags"], &["Tags", "StartTime", "EndTime", "StartIndex", "EndIndex", "ClipFrameResult"]),
    (&["Data", "ActionTags"], &["Tags", "StartTime", "EndTime"]),
    (&["PlaceTags", "Tags"], &["Tag", "TagCls", "Confidence"]),
    (&["ActionTags", "Tags"], &["Tag", "TagCls", "Confidence"]),
    (&["Data", "ObjectTags"], &["Objects", "TimeStamp"]),
    (&["ObjectTags", "Objects"], &["Name", "Confidence", "BBox"]),
    (&["Objects", "BBox"], &["X1", "Y1", "X2", "Y2"]),
    // WordsGeneralize (`Lable` as the docs spell it).
    (&["Operation", "WordsGeneralizeResult"], &["WordsGeneralizeLable", "WordsGeneralizeToken"]),
    (&["WordsGeneralizeResult", "WordsGeneralizeLable"], &["Category", "Word"]),
    (&["WordsGeneralizeResult", "WordsGeneralizeToken"], &["Word", "Offset", "Length", "Pos"]),
    // VocalScore (`RhythemScore` as the docs spell it).
    (&["Operation", "VocalScoreResult"], &["PitchScore", "RhythemScore"]),
    (&["VocalScoreResult", "PitchScore"], &["SentenceScores", "TotalScore"]),
    (&["VocalScoreResult", "RhythemScore"], &["SentenceScores", "TotalScore"]),
    (&["SentenceScores"], &["StartTime", "EndTime", "Score"]),
    // SoundHound, ImageInspect, DocProcess, file processing.
    (&["Operation", "SoundHoundResult"], &["SongList"]),
    (&["SoundHoundResult", "SongList"], &["Inlier", "SingerName", "SongName"]),
    (
        &["Operation", "ImageInspectResult"],
        &["Code", "Message", "State", "InputObjectName", "InputObjectUrl", "ProcessResult"],
    ),
    (
        &["ImageInspectResult", "ProcessResult"],
        &[
            "PicSize",
            "PicType",
            "Suspicious",
            "SuspiciousBeginByte",
            "SuspiciousEndByte",
            "SuspiciousSize",
            "SuspiciousType",
            "AutoProcessResult",
        ],
    ),
    (&["ProcessResult", "AutoProcessResult"], &["Code", "Message"]),
    (
        &["Operation", "DocProcessResult"],
        &["FailPageCount", "PageInfo", "SuccPageCount", "TaskId", "TgtType", "TotalPageCount"],
    ),
    (&["DocProcessResult", "PageInfo"], &["PageNo", "TgtUri"]),
    (&["Operation", "FileCompressResult"], &["Region", "Bucket", "Object"]),
    (&["Operation", "FileUncompressResult"], &["Region", "Bucket", "FileCount"]),
    (&["Operation", "FileHashCodeResult"], &["MD5", "SHA1", "SHA256", "FileSize", "LastModified", "Etag"]),
    // Workflow envelope.
    (
        &["Response", "WorkflowExecution"],
        &["WorkflowId", "WorkflowName", "RunId", "State", "BucketId", "Object", "CreateTime", "CosHeaders", "Tasks"],
    ),
    (&["WorkflowExecution", "CosHeaders"], &["Key", "Value"]),
    (
        &["WorkflowExecution", "Tasks"],
        &["Type", "CreateTime", "StartTime", "EndTime", "State", "JobId", "Name", "TemplateId", "TemplateName"],
    ),
];

/// Containers whose children are not listed above: the parameter echoes of `Operation` (their
/// children are the request's), results only the tables name, and the audit `data`. Never text.
pub const UNLISTED: &[&[&str]] = &[
    &["Operation", "AITranslateResult"],
    &["Operation", "Animation"],
    &["Operation", "ConcatTemplate"],
    &["Operation", "DocProcess"],
    &["Operation", "FileCompressConfig"],
    &["Operation", "FileHashCodeConfig"],
    &["Operation", "FileUncompressConfig"],
    &["Operation", "PicProcess"],
    &["Operation", "RemoveWatermark"],
    &["Operation", "SDRtoHDR"],
    &["Operation", "Segment"],
    &["Operation", "SmartCover"],
    &["Operation", "Snapshot"],
    &["Operation", "SpeechRecognition"],
    &["Operation", "SplitVideoInfoResult"],
    &["Operation", "SplitVideoParts"],
    &["Operation", "SuperResolution"],
    &["Operation", "Transcode"],
    &["Operation", "Translation"],
    &["Operation", "TtsConfig"],
    &["Operation", "TtsTpl"],
    &["Operation", "VideoMontage"],
    &["Operation", "VideoProcess"],
    &["Operation", "VideoTag"],
    &["Operation", "VideoTargetRecResult"],
    &["Operation", "VocalScore"],
    &["Operation", "VoiceSeparate"],
    &["Operation", "Watermark"],
    &["Operation", "WordsGeneralize"],
    &["Response", "data"],
];

/// Audit (content moderation) callbacks: the envelope of the Detail and the Simple forms.
pub const AUDIT: &[Known] = &[(&["Response"], &["EventName", "JobsDetail", "code", "message", "data"])];

/// Every root child any kind knows: the candidates for a body whose kind is unknown.
const ANY_ROOT: &[&str] = &["EventName", "JobsDetail", "WorkflowExecution", "code", "message", "data"];

/// The known children of element `id`, when the spec lists them in full for a body of `kind`.
pub fn children(tree: &Tree<'_>, id: NodeId, kind: Kind) -> Option<&'static [&'static str]> {
    if kind == Kind::Unknown && id == tree.root() {
        return Some(ANY_ROOT);
    }
    let table = if kind.is_audit() { AUDIT } else { MEDIA };
    let name = &tree.node(id).name;
    table
        .iter()
        .filter(|(p, _)| p.last().is_some_and(|last| last == name) && schema::matches(tree, id, p))
        .max_by_key(|(p, _)| p.len())
        .map(|(_, children)| *children)
}

/// True when the spec makes element `id` a container (an object in JSON), in a body of `kind`.
pub fn is_container(tree: &Tree<'_>, id: NodeId, kind: Kind) -> bool {
    schema::is_container(tree, id)
        || children(tree, id, kind).is_some()
        || UNLISTED.iter().any(|p| p.last().is_some_and(|l| *l == tree.node(id).name) && schema::matches(tree, id, p))
}

/// True when the spec makes element `id` a leaf (a string in JSON): its parent's children are
/// listed, it is one of them, and it is no container.
pub fn is_leaf(tree: &Tree<'_>, id: NodeId, kind: Kind) -> bool {
    let name = tree.node(id).name;
    tree.parent(id).and_then(|p| children(tree, p, kind)).is_some_and(|k| k.contains(&name))
        && !is_container(tree, id, kind)
}

/// A required node: where, which, and how bad its absence is.
#[derive(Debug, Clone, Copy)]
pub struct Required {
    pub name: &'static str,
    /// An error when missing (or empty, unless `empty_ok`); a warning otherwise.
    pub error: bool,
    /// Present but empty is fine (published bodies carry it empty).
    pub empty_ok: bool,
}

const fn error(name: &'static str) -> Required {
    Required { name, error: true, empty_ok: false }
}

const fn warning(name: &'static str) -> Required {
    Required { name, error: false, empty_ok: false }
}

const fn listed(name: &'static str) -> Required {
    Required { name, error: false, empty_ok: true }
}

/// `JobsDetail` of a job callback: the envelope of every job table. Errors for the nodes every
/// published body carries; warnings for those some omit (`Tag`, `State`, `QueueId`, `StartTime`
/// in WordsGeneralize; `StartTime` in DocProcess and the legacy examples; `Code` is documented as
/// "returned only if State is Failed"). `Input` is checked through the model (it moves to
/// `Operation/Input` in workflow-started Tts jobs); `Message` through the consistency rule.
pub const JOB: &[Required] = &[
    error("JobId"),
    error("CreationTime"),
    error("EndTime"),
    error("Operation"),
    warning("Code"),
    warning("Tag"),
    warning("State"),
    warning("StartTime"),
    warning("QueueId"),
];

/// Envelope nodes a Tag's own table leaves out: not required for that Tag (the legacy job table
/// leaves out `StartTime` too).
pub const NOT_LISTED: &[(&str, &[&str])] = &[
    ("DigitalWatermark", &["StartTime"]),
    ("DocProcess", &["StartTime", "EndTime"]),
    ("ExtractDigitalWatermark", &["StartTime"]),
    ("FileCompress", &["Input"]),
    ("NoiseReduction", &["StartTime"]),
    ("SmartCover", &["StartTime"]),
    ("Tts", &["Input"]),
];

/// True when the table for a job of `kind` and `tag` lists envelope node `name`.
pub fn job_lists(kind: Kind, tag: Option<&str>, name: &str) -> bool {
    if kind == Kind::LegacyJob && name == "StartTime" {
        return false;
    }
    let tag = tag.map(str::trim);
    !NOT_LISTED.iter().any(|(t, names)| Some(*t) == tag && names.contains(&name))
}

/// `JobsDetail/Input` (workflow-started Tts jobs have an `Operation/Input` with only `CosHeaders`).
pub const INPUT: &[Required] = &[warning("Object")];

/// `JobsDetail/Workflow` of a workflow-started job.
pub const TRIGGER: &[Required] = &[error("RunId"), error("WorkflowId"), warning("Name"), warning("WorkflowName")];

/// `CosHeaders` (jobs and workflows, `Key`/`Value` form).
pub const COS_HEADER: &[Required] = &[error("Key"), listed("Value")];

/// `WorkflowExecution`: `BucketId` and `WorkflowName` are empty in a real-run body of the Go SDK.
pub const WORKFLOW: &[Required] = &[
    error("RunId"),
    error("WorkflowId"),
    error("State"),
    error("CreateTime"),
    error("Tasks"),
    warning("Object"),
    listed("WorkflowName"),
    listed("BucketId"),
];

/// `WorkflowExecution/Tasks`. The table also lists `StartTime`, which no published body carries.
pub const TASK: &[Required] = &[
    error("Type"),
    error("State"),
    error("JobId"),
    error("CreateTime"),
    error("EndTime"),
    warning("Name"),
    warning("TemplateId"),
];

/// `JobsDetail` of an audit Detail callback (the templates leave `CreationTime` empty).
pub const AUDIT_DETAIL: &[Required] = &[error("JobId"), warning("State"), listed("CreationTime")];

/// Root of an audit Simple callback (`code` and `data` decide the kind).
pub const AUDIT_SIMPLE: &[Required] = &[warning("message")];

/// The shape of an identifier as the published bodies show it.
#[derive(Debug, Clone, Copy)]
pub struct IdShape {
    /// Allowed first letters.
    pub prefix: &'static str,
    /// Allowed lengths of the rest.
    pub len: (usize, usize),
    /// The rest is lowercase hex (otherwise lowercase alphanumerics: published template IDs
    /// carry letters past `f`).
    pub hex: bool,
    /// The shape in words, for messages.
    pub text: &'static str,
    /// An example, for messages.
    pub example: &'static str,
}

const LOWERCASE: &str = "abcdefghijklmnopqrstuvwxyz";

/// A prefix letter and 32 lowercase hex digits: job, run, workflow and queue IDs.
const fn hex32(prefix: &'static str, text: &'static str, example: &'static str) -> IdShape {
    IdShape { prefix, len: (32, 32), hex: true, text, example }
}

/// Job IDs: `j` (media), `c` (picture), `d` (document), `s` and `a` (AI jobs), then 32 hex digits.
pub const JOB_ID: IdShape =
    hex32(LOWERCASE, "a lowercase letter and 32 hex digits", "j035aca66f86211ec8a5a87e016101404");
/// Workflow run IDs: `i` (and `r` in the legacy examples), then 32 hex digits.
pub const RUN_ID: IdShape =
    hex32(LOWERCASE, "a lowercase letter and 32 hex digits", "i166ee19017b011eda8a5525400c540df");
/// Workflow IDs: `w`, then 32 hex digits.
pub const WORKFLOW_ID: IdShape = hex32("w", "`w` and 32 hex digits", "web6ac56c1ef54dbfa44d7f4103203be9");
/// Queue IDs: `p`, then 32 hex digits.
pub const QUEUE_ID: IdShape = hex32("p", "`p` and 32 hex digits", "p2242ab62c7c94486915508540933a2c6");
/// Template IDs: `t`, then 32 to 34 lowercase letters and digits (system templates have 33; the
/// docs' examples carry letters past `f`).
pub const TEMPLATE_ID: IdShape = IdShape {
    prefix: "t",
    len: (32, 34),
    hex: false,
    text: "`t` and 32 to 34 lowercase letters and digits",
    example: "t01e57db1c2d154d2fb57aa5de9313a897",
};

impl IdShape {
    /// True when `id` has this shape. IDs the docs redacted (`p6617fd40…xxxxxxxx`) pass.
    pub fn fits(&self, id: &str) -> bool {
        if id.contains("xxxx") {
            return true;
        }
        let mut chars = id.chars();
        let Some(first) = chars.next() else { return false };
        let rest = chars.as_str();
        let digit = |c: char| {
            if self.hex {
                matches!(c, '0'..='9' | 'a'..='f')
            } else {
                c.is_ascii_lowercase() || c.is_ascii_digit()
            }
        };
        self.prefix.contains(first) && (self.len.0..=self.len.1).contains(&rest.len()) && rest.chars().all(digit)
    }
}

/// The candidate closest to `name`, when it is close enough to be a likely typo: equal up to
/// letter case, or within an edit distance (with transpositions) of about a third of its length.
pub fn suggest<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let lower = name.to_lowercase();
    let limit = (name.chars().count() / 3).clamp(1, 3);
    let mut best: Option<(usize, &'c str)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        // Optimal string alignment: insertions, deletions, substitutions, adjacent transpositions.
        let d = strsim::osa_distance(&lower, &c.to_lowercase());
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{decode, Limits};

    #[test]
    fn suggestions() {
        let ops = ["MediaInfo", "MediaResult", "Output"];
        assert_eq!(suggest("MeidaInfo", ops), Some("MediaInfo"));
        assert_eq!(suggest("mediainfo", ops), Some("MediaInfo"));
        assert_eq!(suggest("MediaInfo", ops), None, "an exact name is no typo");
        assert_eq!(suggest("Foo", ops), None);
        assert_eq!(suggest("TaskFinsh", ["TaskFinish", "WorkflowFinish"]), Some("TaskFinish"));
        assert_eq!(suggest("succes", ["Success", "Failed"]), Some("Success"));
    }

    #[test]
    fn children_follow_the_longest_pattern() {
        let src = "<Response><JobsDetail><Operation><MediaInfo><Stream><Audio/></Stream></MediaInfo>\
                   <Transcode><Audio/></Transcode></Operation></JobsDetail></Response>";
        let doc = decode(src, None, &Limits::default()).unwrap();
        let t = &doc.tree;
        let find = |path: &str| t.descendants(t.root()).find(|&i| t.path(i) == path).unwrap();
        let stream_audio = find("Response.JobsDetail.Operation.MediaInfo.Stream.Audio");
        assert!(children(t, stream_audio, Kind::Job).unwrap().contains(&"SampleRate"));
        // A parameter echo is not checked.
        let echo = find("Response.JobsDetail.Operation.Transcode.Audio");
        assert!(children(t, echo, Kind::Job).is_none());
        assert!(children(t, find("Response.JobsDetail"), Kind::AuditDetail).is_none());
        assert_eq!(children(t, t.root(), Kind::Unknown), Some(ANY_ROOT));
    }

    #[test]
    fn identifier_shapes() {
        assert!(JOB_ID.fits("j035aca66f86211ec8a5a87e016101404"));
        assert!(JOB_ID.fits("c93984788066911ed89ed352d4d9d2084"));
        assert!(!JOB_ID.fits("job-1"));
        assert!(!JOB_ID.fits("J035ACA66F86211EC8A5A87E016101404"));
        assert!(QUEUE_ID.fits("p6617fd4048fa41faxxxxxxxxxxxx"), "redacted in the docs");
        assert!(!QUEUE_ID.fits("q2242ab62c7c94486915508540933a2c6"));
        assert!(TEMPLATE_ID.fits("t1f16e1dfbdc9ds4105b31632d45710642a"));
        assert!(!TEMPLATE_ID.fits("t1"));
        assert!(WORKFLOW_ID.fits("web6ac56c1ef54dbfa44d7f4103203be9"));
        assert!(!WORKFLOW_ID.fits(""));
    }
}
