//! The one schema: which nodes repeat, which are containers, which audit fields are numbers.
//!
//! Patterns are path suffixes (`["Input", "CosHeaders"]` matches `Response.JobsDetail.Input.CosHeaders`
//! and `Response.JobsDetail.Operation.Input.CosHeaders`), taken from the doc tables and the published
//! bodies (`arrays.md` in the reference corpus). Both directions of `convert`, `parse --get` and
//! `validate` read this one table.

use super::tree::{NodeId, Tree};

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

/// True when the element path of `id` ends with `pattern` (`["Input", "CosHeaders"]` matches any
/// `CosHeaders` element whose parent is an `Input` element).
pub fn matches(tree: &Tree<'_>, id: NodeId, pattern: &[&str]) -> bool {
    let mut cur = Some(id);
    for want in pattern.iter().rev() {
        match cur {
            Some(c) if tree.node(c).name == *want && !tree.node(c).attribute => cur = tree.parent(c),
            _ => return false,
        }
    }
    true
}

fn any_match(tree: &Tree<'_>, id: NodeId, table: &[&[&str]]) -> bool {
    let name = &tree.node(id).name;
    table.iter().any(|p| p.last().is_some_and(|last| last == name) && matches(tree, id, p))
}

/// True when `id` is a node the schema says is a list.
pub fn is_repeating(tree: &Tree<'_>, id: NodeId) -> bool {
    !tree.node(id).attribute && any_match(tree, id, REPEATING)
}

/// True when `id` is a node the schema says is a container (an empty one is `{}`).
pub fn is_container(tree: &Tree<'_>, id: NodeId) -> bool {
    !tree.node(id).attribute && any_match(tree, id, CONTAINERS)
}

/// True when a leaf called `name` is a number in audit callbacks.
pub fn is_audit_number(name: &str) -> bool {
    AUDIT_NUMBERS.contains(&name)
}

/// True when `text` is a JSON number as written (no leading `+`, no leading zeros).
pub fn is_json_number(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    if b.first() == Some(&b'-') {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_len = i - int_start;
    if int_len == 0 || (int_len > 1 && b[int_start] == b'0') {
        return false;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == s {
            return false;
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == s {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_numbers() {
        for ok in ["0", "-1", "13.653", "1e5", "2.5E-3"] {
            assert!(is_json_number(ok), "{ok}");
        }
        for bad in ["", "01", "+1", "1.", ".5", "1e", "0x10", "1031.731000 "] {
            assert!(!is_json_number(bad), "{bad}");
        }
    }
}
