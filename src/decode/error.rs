//! The one error type of the decoding module.

use std::fmt;
use std::ops::Range;

/// What went wrong, in a form tests and callers can match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is empty or holds only whitespace.
    Empty,
    /// The first significant byte is neither `<` (XML) nor `{`/`[` (JSON).
    UnknownFormat,
    /// The bytes are not valid UTF-8 (UTF-16 input included).
    Encoding,
    /// The input is larger than the configured limit.
    TooLarge,
    /// Elements or containers nest deeper than the limit.
    TooDeep,
    /// Malformed XML or JSON.
    Syntax,
    /// A closing tag that does not match the open element.
    MismatchedTag,
    /// The document ends before every element or container is closed.
    UnexpectedEof,
    /// Something after the end of the document (a second root, stray text).
    TrailingContent,
    /// A DOCTYPE, or an entity reference other than the five predefined ones.
    Entity,
    /// A character XML 1.0 does not allow (NUL and most other C0 controls).
    InvalidChar,
    /// A JSON object holds the same key twice, or an XML tag the same attribute.
    DuplicateKey,
    /// The document is well-formed but not shaped like a callback body.
    Structure,
}

/// A decode failure: a kind, a message, and where it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    kind: ErrorKind,
    message: String,
    span: Range<usize>,
    line: usize,
    column: usize,
}

impl DecodeError {
    /// Builds an error at `span` of `source`, computing the 1-based line and column.
    pub fn new(kind: ErrorKind, message: impl Into<String>, source: &[u8], span: Range<usize>) -> Self {
        let start = span.start.min(source.len());
        let end = span.end.clamp(start, source.len());
        let (line, column) = line_column(source, start);
        DecodeError { kind, message: message.into(), span: start..end, line, column }
    }

    /// What went wrong, for programs that branch on it.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message, as `cicb` prints it after `error:`.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Byte range in the input the error points at.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// 1-based line.
    pub fn line(&self) -> usize {
        self.line
    }

    /// 1-based column, counted in characters.
    pub fn column(&self) -> usize {
        self.column
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DecodeError {}

/// 1-based line and character column of byte `offset` in `source`.
pub fn line_column(source: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..offset];
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    (line, char_count(&before[line_start..]) + 1)
}

/// Characters, not bytes: every byte that does not continue a UTF-8 sequence.
pub(crate) fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

/// [`line_column`] of many offsets in one source, counted in one pass over it: a body with a
/// hundred thousand findings gets its positions in the time of one scan, where a scan from the
/// start for each would be quadratic.
#[derive(Debug, Clone, Default)]
pub struct Positions(Vec<(usize, usize, usize)>);

impl Positions {
    /// The positions of `offsets` in `source` (each clamped to its length).
    pub fn new(source: &[u8], offsets: impl IntoIterator<Item = usize>) -> Self {
        let mut wanted: Vec<usize> = offsets.into_iter().map(|o| o.min(source.len())).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut found = Vec::with_capacity(wanted.len());
        let (mut at, mut line, mut column) = (0, 1, 1);
        for offset in wanted {
            let gap = &source[at..offset];
            match gap.iter().rposition(|&b| b == b'\n') {
                Some(last) => {
                    line += gap.iter().filter(|&&b| b == b'\n').count();
                    column = char_count(&gap[last + 1..]) + 1;
                }
                None => column += char_count(gap),
            }
            at = offset;
            found.push((offset, line, column));
        }
        Positions(found)
    }

    /// The line and column of `offset`, one of those given to [`Positions::new`].
    pub fn get(&self, source: &[u8], offset: usize) -> (usize, usize) {
        let offset = offset.min(source.len());
        match self.0.binary_search_by_key(&offset, |&(o, _, _)| o) {
            Ok(i) => (self.0[i].1, self.0[i].2),
            Err(_) => line_column(source, offset),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters() {
        let src = "ab\n数据x".as_bytes();
        assert_eq!(line_column(src, 0), (1, 1));
        assert_eq!(line_column(src, 3), (2, 1));
        assert_eq!(line_column(src, 3 + 6), (2, 3));
        assert_eq!(line_column(src, 999), (2, 4));
    }

    #[test]
    fn positions_in_one_pass_agree_with_each_counted_alone() {
        let src = "ab\n数据x\n\n\r\nyz 🎬 end\nlast".as_bytes();
        let offsets: Vec<usize> = (0..src.len() + 3).rev().chain([4, 4, 0]).collect();
        let positions = Positions::new(src, offsets.iter().copied());
        for &o in &offsets {
            assert_eq!(positions.get(src, o), line_column(src, o), "offset {o}");
        }
        // An offset not asked for is still answered.
        assert_eq!(Positions::new(src, []).get(src, 9), line_column(src, 9));
    }
}
