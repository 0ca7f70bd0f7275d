//! What each leaf of a body is, for `redact`: an identifier, an object key, a bucket, a URL,
//! free text (what the customer's media says), a name the customer chose, a hash of private
//! content, a header value, or harmless (enums, times, numbers, sizes, codecs).
//!
//! [`classify`] is fail-closed: a leaf no rule names and whose value is neither a time, a
//! boolean nor a small number is [`Class::Unclassified`], and `redact` replaces it as text.
//! Patterns are path suffixes, as in [`super::shapes`]; the longest pattern that matches decides
//! (`Tags.Tag`, a video tag, is text; `JobsDetail.Tag` is harmless).

use std::sync::OnceLock;

use super::values::{id_shape, is_time_node};
use super::volatile::{header_name, is_timestamp_value};
use super::{known, matches, Kind};
use crate::tree::{NodeId, Shape, Tree};

/// What a leaf holds, and so how `redact` treats it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    /// Job, run, queue, workflow, template and trace ids, APPIDs.
    Id,
    /// An object key (or a prefix of one).
    Key,
    /// A bucket name, `name-APPID`.
    Bucket,
    /// A URL (its host names the bucket or the customer's server).
    Url,
    /// Free text: what the customer's media says (transcripts, tags, OCR, audit texts), messages,
    /// `UserData`.
    Text,
    /// A name the customer chose: workflow, task, template and queue names.
    Name,
    /// A hash of private content: MD5, SHA, `Etag`.
    Hash,
    /// A COS header's value (`CosHeaders`, `cos_headers`).
    Header,
    /// Enums, times, numbers, sizes, codecs: left as they are.
    Harmless,
    /// A leaf no rule names: replaced as text (fail closed).
    Unclassified,
}

impl Class {
    /// Every class, in report order.
    pub const ALL: [Class; 10] = [
        Class::Id,
        Class::Key,
        Class::Bucket,
        Class::Url,
        Class::Text,
        Class::Name,
        Class::Hash,
        Class::Header,
        Class::Harmless,
        Class::Unclassified,
    ];

    /// Its name on the command line and in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Id => "id",
            Class::Key => "key",
            Class::Bucket => "bucket",
            Class::Url => "url",
            Class::Text => "text",
            Class::Name => "name",
            Class::Hash => "hash",
            Class::Header => "header",
            Class::Harmless => "harmless",
            Class::Unclassified => "unclassified",
        }
    }

    /// The class called `name` (as [`Class::as_str`] writes it).
    pub fn parse(name: &str) -> Option<Class> {
        Class::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

/// The rules as one string and the class of each of its lines (see [`rules`]), from a list of
/// `(Class::X, &[&["Parent", "Name"], ...])`.
macro_rules! class_rules {
    ($((Class::$class:ident, &[$(&[$($name:literal),+ $(,)?]),* $(,)?] $(,)?)),* $(,)?) => {
        /// The rules: a class and the path suffixes of the leaves it holds, a line per class (the
        /// class of each line is [`RULE_CLASSES`]), its patterns after tabs, each name followed
        /// by a `.`. One string, like the spec's other text tables: every command would otherwise pay
        /// at start for the 450 pointers of a table only `redact` reads. Ids also include every
        /// node [`super::values::IDENTIFIERS`] names.
        pub const RULES: &str = concat!($(stringify!($class), $("\t", $($name, ".",)+)* "\n",)*);
        /// The class of each line of [`RULES`].
        pub const RULE_CLASSES: &[Class] = &[$(Class::$class),*];
    };
}

class_rules![
    (
        Class::Id,
        &[
            &["JobId"],
            &["trace_id"],
            &["TaskId"],
            &["DataId"],
            &["data_id"],
            &["NonExistJobIds"],
            &["RequestId"],
            &["request_id"],
        ],
    ),
    (
        Class::Key,
        &[
            &["Object"],
            &["object"],
            &["ObjectName"],
            &["ObjectPrefix"],
            &["SpriteObject"],
            &["AuObject"],
            &["DetailObjectName"],
            &["InputObjectName"],
            &["StandardObject"],
            &["StreamExtract", "Output"],
            &["PageInfo", "TgtUri"],
        ],
    ),
    (Class::Bucket, &[&["BucketId"], &["Bucket"], &["bucket"]]),
    (Class::Url, &[&["Url"], &["url"], &["URL"], &["InputObjectUrl"], &["StandardUrl"], &["UriKey"]]),
    (
        Class::Text,
        &[
            &["UserData"],
            &["Message"],
            &["message"],
            &["SubErrMsg"],
            &["SpeechRecognitionResult", "Result"],
            &["FinalSentence"],
            &["SliceSentence"],
            &["Words", "Word"],
            &["text"],
            &["word"],
            &["WordsGeneralizeLable", "Word"],
            &["WordsGeneralizeLable", "Category"],
            &["WordsGeneralizeToken", "Word"],
            &["Tags", "Tag"],
            &["Tags", "TagCls"],
            &["PersonTags", "Name"],
            &["Objects", "Name"],
            &["ClipFrameResult"],
            &["SingerName"],
            &["SongName"],
            &["TtsConfig", "Input"],
            &["Text"],
            &["AudioText"],
            &["Keywords"],
            &["keywords"],
            &["Content"],
            &["content"],
        ],
    ),
    (
        Class::Name,
        &[&["WorkflowName"], &["Workflow", "Name"], &["Tasks", "Name"], &["Name"], &["TemplateName"], &["QueueName"]],
    ),
    (Class::Hash, &[&["Md5"], &["MD5"], &["SHA1"], &["SHA256"], &["Etag"], &["ETag"]]),
    (
        Class::Harmless,
        &[
            // Envelope enums and states.
            &["EventName"],
            &["Code"],
            &["code"],
            &["State"],
            &["JobsDetail", "Tag"],
            &["SubTag"],
            &["Type"],
            &["Progress"],
            &["QueueType"],
            &["JobLevel"],
            &["Region"],
            &["Lang"],
            &["BasicType"],
            &["event"],
            &["CosHeaders", "Key"],
            // Audit verdicts.
            &["Label"],
            &["label"],
            &["SubLabel"],
            &["Category"],
            &["Suggestion"],
            &["Score"],
            &["score"],
            &["HitFlag"],
            &["hit_flag"],
            &["Count"],
            &["count"],
            &["Result"],
            &["result"],
            &["forbidden_status"],
            &["ForbidState"],
            &["PageNumber"],
            &["SheetNumber"],
            &["SectionCount"],
            &["SnapshotCount"],
            &["PageCount"],
            &["CompressionResult"],
            // Positions, times and measures inside results.
            &["Confidence"],
            &["Inlier"],
            &["TimeStamp"],
            &["X1"],
            &["Y1"],
            &["X2"],
            &["Y2"],
            &["X"],
            &["Y"],
            &["Width"],
            &["Height"],
            &["Rotate"],
            &["OffsetTime"],
            &["StartByte"],
            &["Duration"],
            &["Start"],
            &["StartTime"],
            &["EndTime"],
            &["StartMs"],
            &["EndMs"],
            &["OffsetStartMs"],
            &["OffsetEndMs"],
            &["StartIndex"],
            &["EndIndex"],
            &["VoiceType"],
            &["WordsNum"],
            &["SpeechSpeed"],
            &["SpeakerId"],
            &["AudioTime"],
            &["channel_id"],
            &["start_time"],
            &["end_time"],
            &["speaker_id"],
            &["WordsGeneralizeToken", "Offset"],
            &["WordsGeneralizeToken", "Length"],
            &["WordsGeneralizeToken", "Pos"],
            &["TotalScore"],
            &["SubErrCode"],
            &["FileCount"],
            &["FileSize"],
            &["Size"],
            &["LastModified"],
            &["PicSize"],
            &["PicType"],
            &["Suspicious"],
            &["SuspiciousBeginByte"],
            &["SuspiciousEndByte"],
            &["SuspiciousSize"],
            &["SuspiciousType"],
            &["FailPageCount"],
            &["SuccPageCount"],
            &["TotalPageCount"],
            &["PageNo"],
            &["TgtType"],
            &["SrcType"],
            &["Index"],
            &["Version"],
            &["IgnoreError"],
            &["Format"],
            &["Quality"],
            &["Orientation"],
            &["Ave"],
            // Parameter echoes: codecs and settings.
            &["Codec"],
            &["Bitrate"],
            &["Fps"],
            &["Profile"],
            &["Preset"],
            &["Crf"],
            &["Gop"],
            &["Samplerate"],
            &["SampleRate"],
            &["Channels"],
            &["Remove"],
            &["Maxrate"],
            &["Bufsize"],
            &["ScanMode"],
            &["Pixfmt"],
            &["Crop"],
            &["Pad"],
            &["LongShortMode"],
            &["Interlaced"],
            &["AnimateOnlyKeepKeyFrame"],
            &["AnimateTimeIntervalOfFrame"],
            &["AnimateFramesPerSecond"],
            &["SliceTime"],
            &["AdjDarMethod"],
            &["ResoAdjMethod"],
            &["IsCheckReso"],
            &["IsCheckVideoBitrate"],
            &["IsCheckAudioBitrate"],
            &["AudioBitrateAdjMethod"],
            &["VideoBitrateAdjMethod"],
            &["DeleteMetadata"],
            &["IsHdr2Sdr"],
            &["IsStreamCopy"],
            &["IsHlsEncrypt"],
            &["KeepTwoTracks"],
            &["SwitchTrack"],
            &["HdrMode"],
            &["NerMethod"],
            &["SegMethod"],
            &["Scenario"],
            &["InputType"],
            &["DeleteDuplicates"],
            &["SnapshotTime"],
            &["Comments"],
            &["StartPage"],
            &["EndPage"],
            &["PaperDirection"],
            &["PaperSize"],
            &["Zoom"],
            &["SheetId"],
        ],
    ),
];

/// The patterns of [`RULES`] with their class, read once (`redact` asks for every leaf).
fn rules() -> &'static [(Class, Vec<&'static str>)] {
    static READ: OnceLock<Vec<(Class, Vec<&'static str>)>> = OnceLock::new();
    READ.get_or_init(|| {
        RULES
            .lines()
            .zip(RULE_CLASSES)
            .flat_map(|(line, &class)| {
                line.split('\t').skip(1).map(move |p| (class, p.split_terminator('.').collect()))
            })
            .collect()
    })
}

/// Nodes that hold an APPID on its own (an [`Class::Id`], replaced by digits).
pub const APPIDS: &[&str] = &["AppId", "Appid", "APPID", "appid", "app_id"];

/// A number with at most this many digits before its point says nothing of a customer (an id,
/// an APPID or a phone number has more).
const SMALL_NUMBER_DIGITS: usize = 6;

/// What leaf `id` holds (or the text of an element that has attributes). Objects without text, empty arrays, booleans and nulls are harmless; a COS header's
/// value is [`Class::Header`] (its name harmless); then the longest rule of [`RULES`] that
/// matches; then the ids of [`super::values::IDENTIFIERS`], the time nodes, the known children
/// of the `MediaInfo` tree; then by value: a time, `true`/`false` or a small number is
/// harmless, anything else [`Class::Unclassified`].
pub fn classify(tree: &Tree<'_>, id: NodeId) -> Class {
    let n = tree.node(id);
    if matches!(n.shape, Shape::EmptyArray | Shape::Bool | Shape::Null)
        || (n.shape == Shape::Object && n.text.is_empty())
    {
        return Class::Harmless;
    }
    if APPIDS.contains(&n.name) && !n.attribute {
        return Class::Id;
    }
    if header_name(tree, id).is_some() {
        return Class::Header;
    }
    let ruled =
        rules().iter().filter(|(_, p)| matches(tree, id, p)).max_by_key(|(_, p)| p.len()).map(|&(class, _)| class);
    if let Some(class) = ruled {
        return class;
    }
    if tree.is_attribute(id) {
        return if is_url(tree.text(id)) { Class::Url } else { Class::Unclassified };
    }
    if id_shape(tree.name(id)).is_some() {
        return Class::Id;
    }
    if is_time_node(tree, id) || is_timestamp_value(tree, id) || in_media_info(tree, id) {
        return Class::Harmless;
    }
    let value = tree.text(id).trim();
    if value == "true" || value == "false" || is_small_number(value) {
        return Class::Harmless;
    }
    if is_url(value) {
        return Class::Url;
    }
    Class::Unclassified
}

/// A known child of a `MediaInfo` container (`Format`, `Stream/Video`, ...): technical facts of
/// the media.
fn in_media_info(tree: &Tree<'_>, id: NodeId) -> bool {
    let Some(parent) = tree.parent(id) else { return false };
    let mut up = Some(parent);
    while let Some(p) = up {
        if tree.name(p) == "MediaInfo" {
            return known::children(tree, parent, Kind::Job).is_some_and(|k| k.contains(&tree.name(id)));
        }
        up = tree.parent(p);
    }
    false
}

/// True when a value is a URL (`http://` or `https://`), whatever node holds it.
pub fn is_url(value: &str) -> bool {
    let v = value.trim_start().as_bytes();
    let lower = |n: usize| v.get(..n).map(|p| p.to_ascii_lowercase());
    lower(7).is_some_and(|p| p == b"http://") || lower(8).is_some_and(|p| p == b"https://")
}

/// `-12`, `3.5`, `0.000000`: a decimal number with few digits before its point.
fn is_small_number(v: &str) -> bool {
    let digits = v.strip_prefix('-').unwrap_or(v);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    !int.is_empty()
        && int.len() <= SMALL_NUMBER_DIGITS
        && !frac.is_empty()
        && int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{decode, Limits};

    fn class_of(src: &str, path: &str) -> Class {
        let doc = decode(src, None, &Limits::default()).unwrap();
        let t = &doc.tree;
        let id = t.descendants(t.root()).find(|&i| t.path(i) == path).unwrap_or_else(|| panic!("{path}"));
        classify(t, id)
    }

    #[test]
    fn the_longest_rule_decides_and_the_rest_fails_closed() {
        let src = "<Response><JobsDetail><Tag>VideoTag</Tag><JobId>j1</JobId><Operation>\
            <VideoTagResult><StreamData><Data><Tags><Tag>Office</Tag></Tags></Data></StreamData></VideoTagResult>\
            <MediaInfo><Format><Size>15134046</Size></Format></MediaInfo><Transcode><Codec>H.264</Codec>\
            <Secret>acme</Secret><Big>1250000000</Big><Small>25</Small></Transcode>\
            <StreamExtract><Output>out0.mp4</Output></StreamExtract><Workflow><Name>w</Name></Workflow></Operation>\
            <Input><CosHeaders><Key>x-cos-meta-a</Key><Value>v</Value></CosHeaders></Input>\
            <EndTime>2022-06-30T15:29:42+0800</EndTime></JobsDetail></Response>";
        let c = |p: &str| class_of(src, &format!("Response.JobsDetail.{p}"));
        assert_eq!(c("Tag"), Class::Harmless);
        assert_eq!(c("Operation.VideoTagResult.StreamData.Data.Tags.Tag"), Class::Text);
        assert_eq!(c("JobId"), Class::Id);
        assert_eq!(c("Operation.MediaInfo.Format.Size"), Class::Harmless);
        assert_eq!(c("Operation.Transcode.Codec"), Class::Harmless);
        assert_eq!(c("Operation.Transcode.Secret"), Class::Unclassified);
        assert_eq!(c("Operation.Transcode.Big"), Class::Unclassified);
        assert_eq!(c("Operation.Transcode.Small"), Class::Harmless);
        assert_eq!(c("Operation.StreamExtract.Output"), Class::Key);
        assert_eq!(c("Operation.Workflow.Name"), Class::Name);
        assert_eq!(c("Input.CosHeaders.Key"), Class::Harmless);
        assert_eq!(c("Input.CosHeaders.Value"), Class::Header);
        assert_eq!(c("EndTime"), Class::Harmless);
        assert_eq!(class_of("<a x='https://h/p' y='z'/>", "a.@x"), Class::Url);
        assert_eq!(class_of("<a x='https://h/p' y='z'/>", "a.@y"), Class::Unclassified);
        for c in Class::ALL {
            assert_eq!(Class::parse(c.as_str()), Some(c));
        }
    }

    #[test]
    fn the_rules_read_back_whole() {
        assert_eq!(RULES.lines().count(), RULE_CLASSES.len());
        let rules = rules();
        let count = |class| rules.iter().filter(|(c, _)| *c == class).count();
        assert_eq!((rules.len(), count(Class::Id), count(Class::Hash)), (RULES.matches('\t').count(), 8, 6));
        assert!(rules.iter().all(|(_, p)| !p.is_empty() && p.iter().all(|n| !n.is_empty() && !n.contains([' ', '.']))));
        assert!(rules.contains(&(Class::Name, vec!["Workflow", "Name"])));
        assert_eq!(rules[0], (Class::Id, vec!["JobId"]));
    }
}
