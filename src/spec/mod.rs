//! What the published specification says, as data: the one place that knows the shapes.
//!
//! Every fact of the callback documentation and of the bodies Tencent published lives
//! here, and every command asks it: which nodes repeat and which are containers ([`shapes`]),
//! the known children of each parent ([`known`]), the nodes each kind requires ([`required`]),
//! the enumerated values ([`enums`]), the identifier shapes ([`ids`]), the timestamp formats
//! ([`time`]), the kinds of body ([`kinds`]), each job Tag's echo and result containers
//! ([`tags`]), which nodes are volatile ([`volatile`]) and what each leaf holds, for `redact` ([`classes`]).
//! Teaching cicb a new Tag means editing [`tags`] (and [`known`] for its result's children).
//!
//! Patterns are path suffixes: `["Input", "CosHeaders"]` matches
//! `Response.JobsDetail.Input.CosHeaders` and `Response.JobsDetail.Operation.Input.CosHeaders`.

/// A table of string rows as one string: a line per row, its cells separated by tabs. A table of
/// `&str` is a pointer and a length per string, and the loader patches every pointer of a
/// position-independent executable at each start (its pages are then copied, not shared): a
/// table written with this macro costs nothing until it is read. [`rows`] reads it back.
macro_rules! text_table {
    ($(($first:literal $(, $cell:literal)*)),* $(,)?) => {
        concat!($($first, $("\t", $cell,)* "\n",)*)
    };
}
pub(crate) use text_table;

/// The rows of a [`text_table!`], each an iterator over its cells.
pub(crate) fn rows(table: &'static str) -> impl Iterator<Item = std::str::Split<'static, char>> + Clone {
    table.lines().map(|row| row.split('\t'))
}

pub mod bodies;
pub mod classes;
pub mod docs;
pub mod enums;
pub mod ids;
pub mod kinds;
pub mod known;
pub mod required;
pub mod shapes;
pub mod tags;
pub mod time;
pub mod values;
pub mod volatile;

pub use enums::{is_failed_state, is_task_type, EVENT_NAMES, JOB_STATES, WORKFLOW_STATES};
pub use kinds::{detect_kind, is_audit, Kind};
pub use shapes::{is_audit_number, is_container, is_list, is_repeating};

use crate::tree::{NodeId, Tree};

/// True when the element path of `id` ends with `pattern` (`["Input", "CosHeaders"]` matches any
/// `CosHeaders` element whose parent is an `Input` element).
pub fn matches(tree: &Tree<'_>, id: NodeId, pattern: &[&str]) -> bool {
    let mut cur = Some(id);
    for want in pattern.iter().rev() {
        match cur {
            Some(c) if tree.name(c) == *want && !tree.is_attribute(c) => cur = tree.parent(c),
            _ => return false,
        }
    }
    true
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

/// "did you mean `X`?" for a suggestion `X` of [`suggest`].
pub fn did_you_mean(suggestion: Option<&str>) -> Option<String> {
    suggestion.map(|s| format!("did you mean `{s}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
