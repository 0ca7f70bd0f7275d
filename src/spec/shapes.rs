//! Which nodes repeat, which are containers, which audit fields are numbers.
//!
//! Patterns are path suffixes (`["Input", "CosHeaders"]` matches
//! `Response.JobsDetail.Input.CosHeaders` and `Response.JobsDetail.Operation.Input.CosHeaders`),
//! taken from the doc tables and the bodies Tencent published. Both directions of `convert`,
//! `parse --get` and `validate` read this one table.

use super::matches;
use crate::tree::{Group, NodeId, Tree};

/// Nodes that are lists whether a body holds 0, 1 or many of them.
pub const REPEATING: &[&[&str]] = &[
    // Envelope
    &["Response", "JobsDetail"],
    &["Input", "CosHeaders"],
    &["WorkflowExecution", "CosHeaders"],
    &["WorkflowExecution", "Tasks"],
    // Media results
    &["OutputFile", "ObjectName"],
    &["OutputFile", "Md5Info"],
    &["SpriteOutputFile", "ObjectName"],
    &["SpriteOutputFile", "Md5Info"],
    &["Stream", "Audio"],
    &["Stream", "Video"],
    &["Stream", "Subtitle"],
    &["Operation", "WatermarkTemplateId"],
    &["Operation", "Watermark"],
    &["Output", "StreamExtract"],
    // Speech recognition
    &["SpeechRecognitionResult", "FlashResult"],
    &["SpeechRecognitionResult", "ResultDetail"],
    &["FlashResult", "sentence_list"],
    &["sentence_list", "word_list"],
    &["ResultDetail", "Words"],
    // Words generalize
    &["WordsGeneralizeResult", "WordsGeneralizeLable"],
    &["WordsGeneralizeResult", "WordsGeneralizeToken"],
    // Video tag
    &["Data", "PersonTags"],
    &["Data", "PlaceTags"],
    &["Data", "ActionTags"],
    &["Data", "ObjectTags"],
    &["StreamData", "Data", "Tags"],
    &["PersonTags", "DetailPerSecond"],
    &["DetailPerSecond", "BBox"],
    &["PlaceTags", "Tags"],
    &["PlaceTags", "ClipFrameResult"],
    &["ActionTags", "Tags"],
    &["ObjectTags", "Objects"],
    &["Objects", "BBox"],
    // Document processing: one PageInfo per converted page (a "Container array" on the
    // document-processing job pages; `cicb sample DocProcess` writes several).
    &["DocProcessResult", "PageInfo"],
    // Vocal score
    &["PitchScore", "SentenceScores"],
    &["RhythemScore", "SentenceScores"],
    // Audit (content moderation) Detail bodies
    &["JobsDetail", "Section"],
    &["JobsDetail", "Snapshot"],
    &["JobsDetail", "AudioSection"],
    &["PageSegment", "Results"],
    &["ImageResults", "Results"],
    &["TextResults", "Results"],
    &["OcrResults"],
    &["LibResults"],
    &["ListResults"],
    &["OcrResults", "Keywords"],
    &["LibResults", "Keywords"],
    &["PornInfo", "Keywords"],
    &["AdsInfo", "Keywords"],
    &["IllegalInfo", "Keywords"],
    &["AbuseInfo", "Keywords"],
    &["PoliticsInfo", "Keywords"],
    &["TerroristInfo", "Keywords"],
    &["TerrorismInfo", "Keywords"],
    &["TeenagerInfo", "Keywords"],
];

/// Nodes that are containers even when empty: `<MediaResult/>` is `{}` in JSON, not `""`.
pub const CONTAINERS: &[&[&str]] = &[
    &["Response", "JobsDetail"],
    &["Response", "WorkflowExecution"],
    &["WorkflowExecution", "Tasks"],
    &["JobsDetail", "Input"],
    &["JobsDetail", "Operation"],
    &["JobsDetail", "Workflow"],
    &["Operation", "Input"],
    &["Operation", "Output"],
    &["Operation", "MediaInfo"],
    &["Operation", "MediaResult"],
    &["MediaInfo", "Format"],
    &["MediaInfo", "Stream"],
    &["Stream", "Audio"],
    &["Stream", "Video"],
    &["Stream", "Subtitle"],
    &["MediaResult", "OutputFile"],
    &["OutputFile", "SpriteOutputFile"],
    &["OutputFile", "Md5Info"],
    &["SpriteOutputFile", "Md5Info"],
    &["Input", "CosHeaders"],
    &["WorkflowExecution", "CosHeaders"],
];

/// Leaf names that audit callbacks carry as JSON numbers (and only audit callbacks).
pub const AUDIT_NUMBERS: &[&str] = &[
    "CompressionResult",
    "Count",
    "Duration",
    "ForbidState",
    "Height",
    "HitFlag",
    "OffsetTime",
    "PageCount",
    "PageNumber",
    "Result",
    "Rotate",
    "Score",
    "SectionCount",
    "SheetNumber",
    "SnapshotCount",
    "SnapshotTime",
    "StartByte",
    "Suggestion",
    "Width",
    "X",
    "Y",
    "code",
    "count",
    "forbidden_status",
    "hit_flag",
    "result",
    "score",
];

/// Which names end a pattern of `table`: 1024 bits keyed by a hash of each last name's length,
/// first and last byte (a few instructions, whatever the name), so that most other names are
/// rejected at once, before a walk over the table. Computed at compile time.
const fn last_names(table: &[&[&str]]) -> [u64; 16] {
    let mut filter = [0u64; 16];
    let mut i = 0;
    while i < table.len() {
        if let [.., last] = table[i] {
            let (word, bit) = filter_bit(last);
            filter[word] |= bit;
        }
        i += 1;
    }
    filter
}

const fn filter_bit(name: &str) -> (usize, u64) {
    let b = name.as_bytes();
    let key = match b {
        [] => 0,
        [.., last] => (b.len() as u64) << 16 | (b[0] as u64) << 8 | *last as u64,
    };
    let h = key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54; // the top 10 bits
    ((h >> 6) as usize, 1 << (h & 63))
}

#[inline]
fn any_match(tree: &Tree<'_>, id: NodeId, table: &'static [&'static [&'static str]], last: &[u64; 16]) -> bool {
    let name = tree.name(id);
    let (word, bit) = filter_bit(name);
    last[word] & bit != 0 && table.iter().any(|p| p.last().is_some_and(|l| *l == name) && matches(tree, id, p))
}

/// True when `id` is a node the schema says is a list.
pub fn is_repeating(tree: &Tree<'_>, id: NodeId) -> bool {
    const NAMES: [u64; 16] = last_names(REPEATING);
    !tree.is_attribute(id) && any_match(tree, id, REPEATING, &NAMES)
}

/// True when a group of same-named children is a JSON list: it repeats, the JSON source held it
/// in an array, or the schema says it is a list.
pub fn is_list(tree: &Tree<'_>, group: &Group) -> bool {
    group.count() > 1 || tree.in_array(group.head) || is_repeating(tree, group.head)
}

/// True when `id` is a node the schema says is a container (an empty one is `{}`).
pub fn is_container(tree: &Tree<'_>, id: NodeId) -> bool {
    const NAMES: [u64; 16] = last_names(CONTAINERS);
    !tree.is_attribute(id) && any_match(tree, id, CONTAINERS, &NAMES)
}

/// True when a leaf called `name` is a number in audit callbacks.
pub fn is_audit_number(name: &str) -> bool {
    AUDIT_NUMBERS.contains(&name)
}
