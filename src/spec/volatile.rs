//! Which nodes change from one run to the next (volatile: `diff` ignores them by default).
//!
//! Both lists are facts of the published bodies: the id nodes and their shapes come from
//! [`super::ids`], timestamps are the nodes the job and workflow tables list as times plus any
//! leaf whose value is a timestamp in one of the formats of [`super::time`]. Patterns are path
//! suffixes, as in [`super::shapes`].

use super::values;
use super::{matches, time};
use crate::tree::{NodeId, Shape, Tree};

/// Why `diff` leaves a node out by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Volatile {
    /// A job, run or queue id: new for every job.
    Id,
    /// A timestamp.
    Time,
    /// The `x-cos-request-id` header of the upload that started the job.
    RequestId,
    /// An audit body's `trace_id`.
    TraceId,
}

impl Volatile {
    /// A word for messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Volatile::Id => "id",
            Volatile::Time => "time",
            Volatile::RequestId => "request id",
            Volatile::TraceId => "trace id",
        }
    }
}

/// The ids that are new for every job or run (workflow and template ids stay).
pub const VOLATILE_IDS: &[&[&str]] = &[&["JobsDetail", "JobId"], &["Tasks", "JobId"], &["RunId"], &["QueueId"]];

/// The COS header whose value is the id of one upload request.
pub const REQUEST_ID_HEADER: &str = "x-cos-request-id";

/// The prefix of user-defined COS metadata headers.
pub const META_HEADER_PREFIX: &str = "x-cos-meta-";

/// The containers of COS headers: `Key`/`Value` pairs in job and workflow bodies, a map of
/// header names in audit bodies (`CosHeaders` in Detail form, `cos_headers` in Simple form).
pub const HEADER_CONTAINERS: &[&str] = &["CosHeaders", "cos_headers"];

/// When `id` is a COS header value: the header's name (lowercase), from its `Key` sibling or its
/// own name in a map.
pub fn header_name(tree: &Tree<'_>, id: NodeId) -> Option<String> {
    let parent = tree.parent(id)?;
    if tree.is_attribute(id) || !HEADER_CONTAINERS.contains(&tree.name(parent)) {
        return None;
    }
    match tree.name(id) {
        "Value" => tree.child_text(parent, "Key").map(|k| k.trim().to_ascii_lowercase()),
        "Key" if tree.child(parent, "Value").is_some() => None,
        name => Some(name.to_ascii_lowercase()),
    }
}

pub(crate) fn any(tree: &Tree<'_>, id: NodeId, patterns: &[&[&str]]) -> bool {
    !tree.is_attribute(id) && patterns.iter().any(|p| matches(tree, id, p))
}

/// True when a leaf's value is a timestamp in a published format.
pub(crate) fn is_timestamp_value(tree: &Tree<'_>, id: NodeId) -> bool {
    tree.node(id).shape == Shape::Text && time::parse_time(tree.text(id)).is_some()
}

/// Why node `id` is volatile, if it is: a job/run/queue id, a time, a request id or a trace id.
pub fn volatile(tree: &Tree<'_>, id: NodeId) -> Option<Volatile> {
    if any(tree, id, VOLATILE_IDS) {
        return Some(Volatile::Id);
    }
    if values::is_time_node(tree, id) || is_timestamp_value(tree, id) {
        return Some(Volatile::Time);
    }
    if tree.name(id) == "trace_id" {
        return Some(Volatile::TraceId);
    }
    if header_name(tree, id).is_some_and(|h| h == REQUEST_ID_HEADER) {
        return Some(Volatile::RequestId);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{decode, Limits};

    fn find(tree: &Tree<'_>, path: &str) -> NodeId {
        tree.descendants(tree.root()).find(|&i| tree.path(i) == path).unwrap_or_else(|| panic!("{path}"))
    }

    #[test]
    fn volatile_nodes() {
        let src = "<Response><JobsDetail><JobId>j1</JobId><StartTime>2022-06-30T15:29:42+0800</StartTime>\
            <Input><CosHeaders><Key>x-cos-request-id</Key><Value>abc</Value></CosHeaders>\
            <CosHeaders><Key>Size</Key><Value>1</Value></CosHeaders></Input>\
            <Operation><TemplateId>t1</TemplateId><MediaInfo><Format><StartTime>0.000</StartTime>\
            </Format></MediaInfo></Operation></JobsDetail></Response>";
        let doc = decode(src, None, &Limits::default()).unwrap();
        let t = &doc.tree;
        let v = |p: &str| volatile(t, find(t, p));
        assert_eq!(v("Response.JobsDetail.JobId"), Some(Volatile::Id));
        assert_eq!(v("Response.JobsDetail.StartTime"), Some(Volatile::Time));
        assert_eq!(v("Response.JobsDetail.Operation.MediaInfo.Format.StartTime"), None);
        assert_eq!(v("Response.JobsDetail.Operation.TemplateId"), None);
        let values: Vec<_> =
            t.descendants(t.root()).filter(|&i| t.name(i) == "Value").map(|i| volatile(t, i)).collect();
        assert_eq!(values, [Some(Volatile::RequestId), None]);
    }
}
