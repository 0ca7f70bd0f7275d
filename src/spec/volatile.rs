//! Which nodes change from one run to the next (volatile: `diff` ignores them by default) and
//! which identify a customer (`redact` replaces them).
//!
//! Both lists are facts of the published bodies: the id nodes and their shapes come from
//! [`super::ids`], timestamps are the nodes the job and workflow tables list as times plus any
//! leaf whose value is a timestamp in one of the formats of [`super::time`]. Patterns are path
//! suffixes, as in [`super::shapes`].

use super::values::{self, id_shape};
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

fn any(tree: &Tree<'_>, id: NodeId, patterns: &[&[&str]]) -> bool {
    !tree.is_attribute(id) && patterns.iter().any(|p| matches(tree, id, p))
}

/// True when a leaf's value is a timestamp in a published format.
fn is_timestamp_value(tree: &Tree<'_>, id: NodeId) -> bool {
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

/// What a value that identifies a customer is, and so how `redact` replaces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Identifying {
    /// A bucket name, `name-APPID`.
    Bucket,
    /// An APPID on its own (`AppId`).
    AppId,
    /// A job, run, queue, workflow or template id (the shape of [`super::ids::IdShape`]).
    Id,
    /// `x-cos-request-id`.
    RequestId,
    /// An `x-cos-meta-*` header value.
    MetaHeader,
    /// `UserData`: free text the customer attached to the job.
    UserData,
    /// An audit body's `trace_id`.
    TraceId,
    /// A URL (its host names the bucket or the customer's server).
    Url,
    /// An object key (path and extension are kept apart).
    ObjectKey,
    /// The text an audit (content moderation) job read from the customer's content.
    AuditText,
}

impl Identifying {
    /// A word for the report.
    pub fn as_str(self) -> &'static str {
        match self {
            Identifying::Bucket => "bucket",
            Identifying::AppId => "appid",
            Identifying::Id => "id",
            Identifying::RequestId => "request id",
            Identifying::MetaHeader => "x-cos-meta header",
            Identifying::UserData => "user data",
            Identifying::TraceId => "trace id",
            Identifying::Url => "url",
            Identifying::ObjectKey => "object key",
            Identifying::AuditText => "audit text",
        }
    }
}

/// Nodes that hold a bucket name.
pub const BUCKETS: &[&str] = &["BucketId", "Bucket", "bucket"];

/// Nodes that hold an APPID on its own.
pub const APPIDS: &[&str] = &["AppId", "Appid", "APPID", "appid", "app_id"];

/// Nodes that hold an object key (input, outputs, results).
pub const OBJECT_KEYS: &[&str] =
    &["Object", "ObjectName", "ObjectPrefix", "SpriteObject", "AuObject", "DetailObjectName", "object"];

/// Nodes that hold a URL.
pub const URLS: &[&str] = &["Url", "url", "URL"];

/// Audit bodies: nodes holding text read from the customer's content.
pub const AUDIT_TEXTS: &[&str] = &["Text", "AudioText", "Keywords", "Content", "text", "content", "keywords"];

/// True when a value is a URL (`http://` or `https://`), whatever node holds it.
pub fn is_url(value: &str) -> bool {
    let v = value.trim_start().as_bytes();
    let lower = |n: usize| v.get(..n).map(|p| p.to_ascii_lowercase());
    lower(7).is_some_and(|p| p == b"http://") || lower(8).is_some_and(|p| p == b"https://")
}

/// What node `id` identifies, if anything (`audit` says whether the body is a moderation one).
pub fn identifying(tree: &Tree<'_>, id: NodeId, audit: bool) -> Option<Identifying> {
    if matches!(tree.node(id).shape, Shape::Object | Shape::EmptyArray | Shape::Bool | Shape::Null) {
        return None;
    }
    let name = tree.name(id);
    if let Some(header) = header_name(tree, id) {
        return if header == REQUEST_ID_HEADER {
            Some(Identifying::RequestId)
        } else if header.starts_with(META_HEADER_PREFIX) {
            Some(Identifying::MetaHeader)
        } else {
            None
        };
    }
    if tree.is_attribute(id) {
        return is_url(tree.text(id)).then_some(Identifying::Url);
    }
    if BUCKETS.contains(&name) {
        Some(Identifying::Bucket)
    } else if APPIDS.contains(&name) {
        Some(Identifying::AppId)
    } else if id_shape(name).is_some() {
        Some(Identifying::Id)
    } else if name == "UserData" {
        Some(Identifying::UserData)
    } else if name == "trace_id" {
        Some(Identifying::TraceId)
    } else if URLS.contains(&name) || is_url(tree.text(id)) {
        Some(Identifying::Url)
    } else if OBJECT_KEYS.contains(&name) {
        Some(Identifying::ObjectKey)
    } else if audit && AUDIT_TEXTS.contains(&name) {
        Some(Identifying::AuditText)
    } else {
        None
    }
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

    #[test]
    fn identifying_nodes() {
        let src = r#"{"code": 0, "data": {"trace_id": "x1", "url": "https://b-1250000000.cos.ap-guangzhou.myqcloud.com/a.txt",
            "cos_headers": {"x-cos-meta-id": "v", "Content-Type": "text/plain"}, "Text": "hello", "BucketId": "b-1250000000"}}"#;
        let doc = decode(src, None, &Limits::default()).unwrap();
        let t = &doc.tree;
        let i = |p: &str| identifying(t, find(t, p), crate::spec::is_audit(t));
        assert_eq!(i("Response.data.trace_id"), Some(Identifying::TraceId));
        assert_eq!(i("Response.data.url"), Some(Identifying::Url));
        assert_eq!(i("Response.data.cos_headers.x-cos-meta-id"), Some(Identifying::MetaHeader));
        assert_eq!(i("Response.data.cos_headers.Content-Type"), None);
        assert_eq!(i("Response.data.Text"), Some(Identifying::AuditText));
        assert_eq!(i("Response.data.BucketId"), Some(Identifying::Bucket));
        assert_eq!(i("Response.code"), None);
        assert!(is_url("HTTPS://x") && !is_url("cos://b/k"));
    }
}
