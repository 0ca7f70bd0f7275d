//! The one decoding module: bytes in, one tree and one typed model out.
//!
//! ```text
//! bytes ──detect──▶ xml::read / json::read ──▶ Tree (ordered, spans) ──▶ Model (kind, jobs, workflow)
//!                                                   ▲
//!                                       spec (repeating nodes, containers)
//! ```
//!
//! No printing and no `anyhow` here: every failure is a [`DecodeError`] with a span.

pub mod error;
pub mod json;
pub mod model;
pub mod xml;

pub use crate::tree::{NodeId, Shape, Tree};
pub use error::{DecodeError, ErrorKind};
pub use model::{Kind, Model};

/// The two formats a callback body comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// XML (the default callback format).
    Xml,
    /// Tencent's JSON form (`ResultFormat` / `CallBackFormat` JSON).
    Json,
}

impl Format {
    /// `XML` or `JSON`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Xml => "XML",
            Format::Json => "JSON",
        }
    }

    /// `xml` or `json`: the machine name (JSON views) and the file extension.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Xml => "xml",
            Format::Json => "json",
        }
    }

    /// The media type a body of this format is sent with.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Xml => "application/xml",
            Format::Json => "application/json",
        }
    }
}

/// The format of a body that may not decode (a capture, a body to send): UTF-8 text whose first
/// significant character is `<` or `{`, or `None`.
pub fn sniff(bytes: &[u8], limits: &Limits) -> Option<Format> {
    text(bytes, limits).ok().and_then(|t| detect(t).ok())
}

/// Resource limits every reader enforces.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Deepest allowed nesting of elements / containers.
    pub max_depth: usize,
    /// Largest accepted input, in bytes; whatever it says, no reader accepts more than
    /// [`MAX_INPUT`].
    pub max_size: usize,
}

/// Default nesting limit: real callbacks nest about 10 levels.
pub const DEFAULT_MAX_DEPTH: usize = 256;
/// Default input size limit: 256 MiB.
pub const DEFAULT_MAX_SIZE: usize = 256 << 20;
/// The largest input any reader accepts, whatever the limits say: 4 GiB - 1 bytes, the most the
/// tree's 32-bit byte offsets address.
pub const MAX_INPUT: usize = u32::MAX as usize;

impl Default for Limits {
    fn default() -> Self {
        Limits { max_depth: DEFAULT_MAX_DEPTH, max_size: DEFAULT_MAX_SIZE }
    }
}

/// A decoded body: its text, its format and its tree.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    /// The input as text (without a UTF-8 BOM); spans in the tree point into it.
    pub source: &'a str,
    /// The format it was read as.
    pub format: Format,
    /// Its element tree.
    pub tree: Tree<'a>,
    /// JSON only: the body was wrapped as `{"Response": {...}}`.
    pub wrapped: bool,
    /// XML only: comments and processing instructions passed over (they are not part of the tree).
    pub skipped: xml::Skipped,
}

impl<'a> Document<'a> {
    /// The typed model: kind, workflow, tasks, jobs.
    pub fn model(&self) -> Model<'_> {
        Model::new(&self.tree)
    }

    /// The kind of callback (job, workflow, legacy, audit).
    pub fn kind(&self) -> Kind {
        model::detect_kind(&self.tree)
    }
}

/// An error located at node `id` of `tree`: its start tag or key (no position for a tree built
/// without source text).
pub fn error_at(tree: &Tree<'_>, id: NodeId, kind: ErrorKind, message: impl Into<String>) -> DecodeError {
    let n = tree.node(id);
    let start = n.start as usize;
    let end = if n.value_start > n.start { n.value_start as usize } else { start + 1 };
    DecodeError::new(kind, message, tree.source().as_bytes(), start..end)
}

/// The error for an input over `limit` bytes.
pub fn too_large(limit: usize) -> DecodeError {
    DecodeError::new(
        ErrorKind::TooLarge,
        format!("input is larger than the limit of {limit} bytes (raise it with --max-size)"),
        &[],
        0..0,
    )
}

/// Checks an input of `len` bytes against `limits.max_size` and against [`MAX_INPUT`], which no
/// limit raises.
pub fn check_size(len: usize, limits: &Limits) -> Result<(), DecodeError> {
    if len > limits.max_size.min(MAX_INPUT) {
        if limits.max_size <= MAX_INPUT {
            return Err(too_large(limits.max_size));
        }
        return Err(DecodeError::new(
            ErrorKind::TooLarge,
            format!("input is {len} bytes; cicb reads at most {MAX_INPUT} bytes (4 GiB - 1)"),
            &[],
            0..0,
        ));
    }
    Ok(())
}

/// `bytes` without a leading UTF-8 byte order mark: the text every span refers to.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Strips a UTF-8 BOM and checks the bytes are UTF-8 text within the size limit.
pub fn text<'a>(bytes: &'a [u8], limits: &Limits) -> Result<&'a str, DecodeError> {
    check_size(bytes.len(), limits)?;
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeError::new(
            ErrorKind::Encoding,
            "input is UTF-16 (byte order mark found); cicb reads UTF-8 (convert with `iconv -f UTF-16 -t UTF-8`)",
            bytes,
            0..2,
        ));
    }
    let bytes = strip_bom(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        DecodeError::new(
            ErrorKind::Encoding,
            format!("input is not valid UTF-8 (byte 0x{:02X} at offset {at})", bytes[at]),
            bytes,
            at..at + 1,
        )
    })
}

/// The error for an input with nothing to read: empty (no bytes), or blank (only whitespace).
fn empty(source: &str) -> DecodeError {
    let message = if source.is_empty() { "input is empty" } else { "input is blank: it holds only whitespace" };
    DecodeError::new(ErrorKind::Empty, message, source.as_bytes(), 0..0)
}

/// Detects the format from the first significant character.
pub fn detect(source: &str) -> Result<Format, DecodeError> {
    let first = source.bytes().position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    match first.map(|i| (i, source.as_bytes()[i])) {
        None => Err(empty(source)),
        Some((_, b'<')) => Ok(Format::Xml),
        Some((_, b'{' | b'[')) => Ok(Format::Json),
        Some((i, _)) => {
            let c = source[i..].chars().next().unwrap_or(' ');
            let shown = if c.is_alphanumeric() || c.is_ascii_punctuation() {
                format!("`{c}`")
            } else {
                format!("U+{:04X}", c as u32)
            };
            Err(DecodeError::new(
                ErrorKind::UnknownFormat,
                format!("cannot tell the format: expected `<` (XML) or `{{` (JSON), found {shown}"),
                source.as_bytes(),
                i..i + c.len_utf8(),
            ))
        }
    }
}

/// Decodes a body, detecting the format unless `format` is given.
///
/// ```
/// use cicb::decode::{decode, Format, Kind, Limits};
///
/// let doc = decode(r#"{"EventName": "WorkflowFinish", "WorkflowExecution": {"RunId": "i1",
///     "State": "Failed", "Tasks": [{"Type": "Transcode", "State": "Failed"}]}}"#, None, &Limits::default())
///     .unwrap();
/// assert_eq!((doc.format, doc.kind()), (Format::Json, Kind::Workflow));
/// let model = doc.model();
/// assert!(model.failed());
/// assert_eq!(model.workflow.unwrap().tasks[0].task_type, Some("Transcode"));
///
/// let err = decode("<Response><A></B></Response>", None, &Limits::default()).unwrap_err();
/// assert_eq!((err.line(), err.column()), (1, 14));
/// ```
pub fn decode<'a>(source: &'a str, format: Option<Format>, limits: &Limits) -> Result<Document<'a>, DecodeError> {
    check_size(source.len(), limits)?;
    let format = match format {
        Some(f) => {
            if source.trim().is_empty() {
                return Err(empty(source));
            }
            f
        }
        None => detect(source)?,
    };
    match format {
        Format::Xml => {
            let (tree, skipped) = xml::read(source, limits)?;
            Ok(Document { source, format, tree, wrapped: false, skipped })
        }
        Format::Json => {
            let mut tree = json::read(source, limits)?;
            let wrapper = json_wrapper(&tree);
            if let Some(only) = wrapper {
                tree.reroot(only);
            }
            Ok(Document { source, format, tree, wrapped: wrapper.is_some(), skipped: xml::Skipped::default() })
        }
    }
}

/// The node that a JSON body's `{"Response": {...}}` wrapper holds, when the root's shape makes it
/// one: its only element, an object named `Response` outside an array, beside no text and no
/// attribute. The JSON reader takes such a root for the wrapper and reads what it holds; the JSON
/// writer writes the wrapper itself whenever a tree has this shape, so that a root that does hold
/// one `Response` (`<Response><Response>…</Response></Response>`) keeps both levels.
pub fn json_wrapper(tree: &Tree<'_>) -> Option<NodeId> {
    let root = tree.root();
    let mut elements = tree.elements(root);
    let only = match (elements.next(), elements.next()) {
        (Some(only), None) => only,
        _ => return None,
    };
    let n = tree.node(only);
    (n.name == "Response" && n.shape == Shape::Object && !n.in_array && !tree.has_children_attrs(root)).then_some(only)
}

/// Reads, checks and decodes in one call.
pub fn decode_bytes<'a>(bytes: &'a [u8], format: Option<Format>, limits: &Limits) -> Result<Document<'a>, DecodeError> {
    decode(text(bytes, limits)?, format, limits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_the_offsets_cannot_address_are_refused_whatever_the_limit() {
        let unlimited = Limits { max_size: usize::MAX, ..Limits::default() };
        assert!(check_size(MAX_INPUT, &unlimited).is_ok());
        let e = check_size(MAX_INPUT + 1, &unlimited).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TooLarge);
        assert!(e.message().contains("at most 4294967295 bytes"), "{e}");
        // Within the cap, the configured limit decides and names itself.
        let small = Limits { max_size: 10, ..Limits::default() };
        assert!(check_size(10, &small).is_ok());
        let e = check_size(11, &small).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TooLarge);
        assert!(e.message().contains("limit of 10 bytes"), "{e}");
    }
}
