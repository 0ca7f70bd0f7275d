//! What the spec says a callback body may hold: the known child nodes of each parent, the nodes
//! each kind requires, the shapes of the identifiers, and "did you mean" suggestions.
//!
//! Derived from the node tables of the callback and submit pages (every job Tag's
//! `Response.JobsDetail` table), and from the nodes the published bodies carry beyond those tables
//! (`ColorPrimaries`, `VoiceType`, `QueueType`, ...). Patterns are path suffixes, as in
//! [`super::shapes`]: the longest pattern that matches a parent decides its children.
//!
//! Only parents whose children the documentation lists in full are here. Parameter echoes
//! (`Operation/Transcode`, `Operation/Segment`, ...) repeat the request and are documented on the
//! request pages, so their children are not checked; neither are audit (content moderation) bodies
//! below their envelope, whose field tables are not part of the reference material.

use std::sync::OnceLock;

use super::{matches, shapes, Kind};
use crate::tree::{name_hash, NodeId, Tree};

/// A parent (a path suffix) and every child node the spec and the published bodies give it.
pub type Known = (&'static [&'static str], &'static [&'static str]);

/// Rows `(&["Parent", ...], &["Child", ...])` as one string, a line per row: the pattern's names,
/// a tab, the children, each name followed by a space. Like [`super::text_table!`], it costs the
/// loader nothing at start (a table of `&str` is a pointer per name to patch); [`media_row`] reads
/// a row back on first use.
macro_rules! known_table {
    ($((&[$($parent:literal),+ $(,)?], &[$($child:literal),* $(,)?] $(,)?)),* $(,)?) => {
        concat!($($($parent, " ",)+ "\t", $($child, " ",)* "\n",)*)
    };
}

/// Job and workflow callbacks (and bodies of unknown kind, so that a misspelt envelope still gets
/// a suggestion): one string, a row a line (see `known_table!`).
pub const MEDIA: &str = known_table![
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

/// The rows of a table by the hash of the last name of their pattern ([`name_hash`]), sorted at
/// compile time: a node's name picks the few patterns that can match it by a binary search,
/// instead of a walk over the whole table (the validator and `sample` ask for every node), and
/// nothing is built at run time.
struct ByLast<const ROWS: usize>([(u64, u16); ROWS]);

impl<const ROWS: usize> ByLast<ROWS> {
    /// From the hash of each row's last name, in table order.
    const fn new(hashes: [u64; ROWS]) -> Self {
        assert!(ROWS <= u16::MAX as usize, "a table of more rows than a u16 counts");
        let mut by = [(0, 0); ROWS];
        let mut i = 0;
        while i < ROWS {
            by[i] = (hashes[i], i as u16);
            // Insertion sort, stable: rows of one name stay in table order.
            let mut j = i;
            while j > 0 && by[j - 1].0 > by[j].0 {
                let t = by[j - 1];
                by[j - 1] = by[j];
                by[j] = t;
                j -= 1;
            }
            i += 1;
        }
        ByLast(by)
    }

    /// The rows whose pattern may end in `name`, in table order (with those of a name of the same
    /// hash, which the caller's match leaves out).
    fn rows(&self, name: &str) -> impl Iterator<Item = usize> + '_ {
        let hash = name_hash(name, false);
        let start = self.0.partition_point(|&(h, _)| h < hash);
        self.0[start..].iter().take_while(move |&&(h, _)| h == hash).map(|&(_, row)| usize::from(row))
    }
}

/// Where each name of a [`known_table!`] is (its start and end), and where each row's pattern and
/// children begin and end (indexes into the names).
struct Layout<const NAMES: usize, const ROWS: usize> {
    names: [(u16, u16); NAMES],
    rows: [(u16, u16, u16); ROWS],
}

/// The [`Layout`] of a [`known_table!`], found at compile time.
const fn layout<const NAMES: usize, const ROWS: usize>(table: &str) -> Layout<NAMES, ROWS> {
    let bytes = table.as_bytes();
    assert!(bytes.len() <= u16::MAX as usize, "a known_table! longer than 64 KB");
    let mut names = [(0, 0); NAMES];
    let mut rows = [(0, 0, 0); ROWS];
    let (mut i, mut start, mut n, mut r, mut row, mut children) = (0, 0, 0, 0, 0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b' ' => {
                names[n] = (start as u16, i as u16);
                n += 1;
            }
            b'\t' => children = n,
            b'\n' => {
                rows[r] = (row as u16, children as u16, n as u16);
                r += 1;
                row = n;
            }
            _ => {
                i += 1;
                continue;
            }
        }
        i += 1;
        start = i;
    }
    Layout { names, rows }
}

/// How many times `byte` occurs in `table`.
const fn count(table: &str, byte: u8) -> usize {
    let (bytes, mut i, mut n) = (table.as_bytes(), 0, 0);
    while i < bytes.len() {
        n += (bytes[i] == byte) as usize;
        i += 1;
    }
    n
}

const MEDIA_ROWS: usize = count(MEDIA, b'\n');
const MEDIA_LAYOUT: Layout<{ count(MEDIA, b' ') }, MEDIA_ROWS> = layout(MEDIA);

/// [`MEDIA`]'s rows by the last name of their pattern.
static MEDIA_BY_LAST: ByLast<MEDIA_ROWS> = {
    let mut hashes = [0; MEDIA_ROWS];
    let mut r = 0;
    while r < MEDIA_ROWS {
        let (_, children, _) = MEDIA_LAYOUT.rows[r];
        let (start, end) = MEDIA_LAYOUT.names[children as usize - 1];
        let (last, _) = MEDIA.as_bytes().split_at(end as usize);
        let (_, last) = last.split_at(start as usize);
        hashes[r] = match std::str::from_utf8(last) {
            Ok(last) => name_hash(last, false),
            Err(_) => panic!("a known_table! name is cut inside a character"),
        };
        r += 1;
    }
    ByLast::new(hashes)
};

/// [`UNLISTED`]'s rows by the last name of their pattern.
static UNLISTED_BY_LAST: ByLast<{ UNLISTED.len() }> = {
    let mut hashes = [0; UNLISTED.len()];
    let mut r = 0;
    while r < UNLISTED.len() {
        let pattern = UNLISTED[r];
        hashes[r] = name_hash(pattern[pattern.len() - 1], false);
        r += 1;
    }
    ByLast::new(hashes)
};

/// Row `i` of [`MEDIA`], read on first use (where its names are was found at compile time): a
/// command reads the few rows its body's parents need, not the table's 480 names. The two lists
/// are leaked, as the table they stand for would be (a few names, once per process).
fn media_row(i: usize) -> &'static Known {
    static READ: [OnceLock<Known>; MEDIA_ROWS] = [const { OnceLock::new() }; MEDIA_ROWS];
    READ[i].get_or_init(|| {
        let Layout { names, rows } = &MEDIA_LAYOUT;
        let (pattern, children, end) = rows[i];
        let list = |from: u16, to: u16| -> &'static [&'static str] {
            let spans = &names[usize::from(from)..usize::from(to)];
            Vec::leak(spans.iter().map(|&(a, b)| &MEDIA[usize::from(a)..usize::from(b)]).collect())
        };
        (list(pattern, children), list(children, end))
    })
}

/// The rows of [`MEDIA`] whose pattern may end in `name`.
fn media_rows(name: &str) -> impl Iterator<Item = usize> {
    MEDIA_BY_LAST.rows(name)
}

/// The rows of [`UNLISTED`] whose pattern may end in `name`.
fn unlisted_rows(name: &str) -> impl Iterator<Item = usize> {
    UNLISTED_BY_LAST.rows(name)
}

/// The known children of element `id`, when the spec lists them in full for a body of `kind`.
pub fn children(tree: &Tree<'_>, id: NodeId, kind: Kind) -> Option<&'static [&'static str]> {
    if kind == Kind::Unknown && id == tree.root() {
        return Some(ANY_ROOT);
    }
    let name = tree.node(id).name;
    let longest = |rows: &mut dyn Iterator<Item = &'static Known>| {
        rows.filter(|(p, _)| p.last() == Some(&name) && matches(tree, id, p))
            .max_by_key(|(p, _)| p.len())
            .map(|(_, children)| *children)
    };
    if kind.is_audit() {
        longest(&mut AUDIT.iter())
    } else {
        longest(&mut media_rows(name).map(media_row))
    }
}

/// True when the spec makes element `id` a container (an object in JSON), in a body of `kind`.
pub fn is_container(tree: &Tree<'_>, id: NodeId, kind: Kind) -> bool {
    shapes::is_container(tree, id)
        || children(tree, id, kind).is_some()
        || unlisted_rows(tree.node(id).name).any(|i| matches(tree, id, UNLISTED[i]))
}

/// True when the spec makes element `id` a leaf (a string in JSON): its parent's children are
/// listed, it is one of them, and it is no container.
pub fn is_leaf(tree: &Tree<'_>, id: NodeId, kind: Kind) -> bool {
    let name = tree.node(id).name;
    tree.parent(id).and_then(|p| children(tree, p, kind)).is_some_and(|k| k.contains(&name))
        && !is_container(tree, id, kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every row of [`MEDIA`], read back.
    fn media() -> Vec<Known> {
        (0..MEDIA_ROWS).map(|i| *media_row(i)).collect()
    }
    use crate::decode::{decode, Limits};

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
    fn the_index_finds_what_a_walk_of_the_table_finds() {
        // Every pattern of both tables, as a body: the index must pick the row a walk over the
        // whole table picks (the longest matching pattern, the last of equal ones).
        for pattern in media().iter().map(|(p, _)| *p).chain(UNLISTED.iter().copied()) {
            let mut src = String::new();
            for n in pattern.iter() {
                src.push_str(&format!("<{n}>"));
            }
            for n in pattern.iter().rev() {
                src.push_str(&format!("</{n}>"));
            }
            let doc = decode(&src, None, &Limits::default()).unwrap();
            let t = &doc.tree;
            for id in t.descendants(t.root()) {
                let name = t.name(id);
                let walked = media()
                    .iter()
                    .filter(|(p, _)| p.last() == Some(&name) && matches(t, id, p))
                    .max_by_key(|(p, _)| p.len())
                    .map(|(_, c)| *c);
                assert_eq!(children(t, id, Kind::Job), walked, "{}", t.path(id));
                let unlisted = UNLISTED.iter().any(|p| p.last() == Some(&name) && matches(t, id, p));
                assert_eq!(
                    is_container(t, id, Kind::Job),
                    shapes::is_container(t, id) || walked.is_some() || unlisted,
                    "{}",
                    t.path(id)
                );
            }
        }
        assert!(media_rows("Nope").next().is_none() && unlisted_rows("Nope").next().is_none());
        // Read back whole: every row, every name (the table as a slice of slices had 66 rows and
        // 480 names), none empty.
        let rows = media();
        assert_eq!((rows.len(), rows.iter().map(|(p, c)| p.len() + c.len()).sum::<usize>()), (66, 480));
        assert!(rows.iter().all(|(p, c)| !p.is_empty() && !c.is_empty()));
        assert_eq!(rows[0], (&["Response"][..], &["EventName", "JobsDetail", "WorkflowExecution"][..]));
        assert_eq!(unlisted_rows("Transcode").count(), 1);
        // Every row is found by the last name of its pattern, a name's rows in table order.
        for (r, (pattern, _)) in rows.iter().enumerate() {
            let found: Vec<usize> = media_rows(pattern.last().unwrap()).collect();
            assert!(found.contains(&r) && found.is_sorted(), "{pattern:?}: {found:?}");
            assert!(found.iter().all(|&i| rows[i].0.last() == pattern.last()), "{pattern:?}: {found:?}");
        }
        for (r, pattern) in UNLISTED.iter().enumerate() {
            assert_eq!(unlisted_rows(pattern.last().unwrap()).collect::<Vec<_>>(), [r], "{pattern:?}");
        }
    }
}
