//! XML reader: quick-xml's event stream into the one [`Tree`].

use std::borrow::Cow;
use std::ops::Range;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::error::{DecodeError, ErrorKind};
use super::Limits;
use crate::tree::{NodeId, Shape, Tree};

/// What the reader passed over that is not part of the element tree.
#[derive(Debug, Default, Clone, Copy)]
pub struct Skipped {
    /// Comments.
    pub comments: usize,
    /// Processing instructions.
    pub instructions: usize,
    /// Byte offset of the first one.
    pub first: Option<usize>,
}

struct Frame<'a> {
    id: NodeId,
    text: Cow<'a, str>,
    /// Child elements seen (text beside them is then `#text`, trimmed).
    has_elements: bool,
    /// `text` holds a CR from the source, still to be read as LF (see [`append`]).
    raw_cr: bool,
}

impl Frame<'_> {
    /// Reads the CRs still pending in a borrowed first piece as LF (see [`append`]).
    fn settle(&mut self) {
        if self.raw_cr {
            self.text = Cow::Owned(line_ends(&self.text));
            self.raw_cr = false;
        }
    }
}

/// What a `&` that starts no entity or character reference is told.
const BARE_AMPERSAND: &str = "`&` starts an entity: write `&amp;`";

/// Reads an XML body into a tree, with what it passed over, or the first error with its span.
pub fn read<'a>(src: &'a str, limits: &Limits) -> Result<(Tree<'a>, Skipped), DecodeError> {
    // XML 1.0 §2.11: CR LF and a lone CR read as LF. The character check tells whether the body
    // holds a CR at all; without one (nearly every body), text stays borrowed from the source.
    let has_cr = check_chars(src)?;
    // The reader has taken one byte order mark off already; quick-xml would silently drop a
    // second one and shift every position.
    if src.starts_with('\u{FEFF}') {
        return Err(DecodeError::new(
            ErrorKind::Syntax,
            "a second byte order mark (U+FEFF) before the root element",
            src.as_bytes(),
            0..3,
        ));
    }
    let err = |kind, msg: String, span: std::ops::Range<usize>| DecodeError::new(kind, msg, src.as_bytes(), span);

    let mut reader = Reader::from_str(src);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = true;

    // A guess; growing a large vector is a cheap remap, and unused capacity is never touched.
    let mut tree = Tree::new(src, src.len() / 32 + 1);
    let mut stack: Vec<Frame<'a>> = Vec::new();
    let mut skipped = Skipped::default();
    let mut prefixes = crate::lex::Prefixes::default();

    loop {
        let pos = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let at = reader.error_position() as usize;
                let kind = match e {
                    quick_xml::Error::Syntax(_) => ErrorKind::UnexpectedEof,
                    _ => ErrorKind::Syntax,
                };
                // A bare `&` (`a=1&b=2` in a URL): quick-xml looks for its `;` to the end.
                if let quick_xml::Error::IllFormed(quick_xml::errors::IllFormedError::UnclosedReference) = e {
                    let upto = &src.as_bytes()[..(at + 1).min(src.len())];
                    let at = upto.iter().rposition(|&b| b == b'&').unwrap_or(at);
                    return Err(err(ErrorKind::Syntax, BARE_AMPERSAND.to_string(), at..at + 1));
                }
                return Err(err(kind, format!("malformed XML: {e}"), at..at + 1));
            }
        };
        let end = reader.buffer_position() as usize;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name_len = e.name().as_ref().len();
                let name = slice(src, pos + 1, pos + 1 + name_len)?;
                // Nearly every name is plain ASCII: no tables, and no colon to look for.
                let plain = crate::lex::is_ascii_name(name);
                if !plain && !crate::lex::is_name(name) {
                    return Err(err(
                        ErrorKind::Syntax,
                        format!("`{name}` is not a valid XML element name"),
                        pos..pos + 1 + name_len,
                    ));
                }
                // The root element has ended (a body holds one).
                if !tree.is_empty() && stack.is_empty() {
                    return Err(err(
                        ErrorKind::TrailingContent,
                        format!("a second root element <{name}> after the document ended; a body holds one document"),
                        pos..end,
                    ));
                }
                if stack.len() >= limits.max_depth {
                    return Err(err(
                        ErrorKind::TooDeep,
                        format!("elements nest deeper than the limit of {} levels", limits.max_depth),
                        pos..end,
                    ));
                }
                let parent = stack.last_mut().map(|f| {
                    f.has_elements = true;
                    f.id
                });
                let id = tree.push(parent, Cow::Borrowed(name), pos, end);
                let depth = stack.len();
                let mut has_attrs = false;
                // Names seen in this tag: quick-xml's own check compares each with every earlier
                // one, quadratic in a tag of 50 000 attributes (3 s).
                let mut names = std::collections::HashSet::new();
                // Nearly every tag is a bare name: nothing after it to iterate over.
                let none = if e.attributes_raw().is_empty() { 0 } else { usize::MAX };
                for attr in e.attributes().with_checks(false).take(none) {
                    let attr = attr.map_err(|a| {
                        err(ErrorKind::Syntax, format!("malformed attribute in <{name}>: {a}"), pos..end)
                    })?;
                    let key = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
                    if !crate::lex::is_name(&key) {
                        return Err(err(
                            ErrorKind::Syntax,
                            format!("`{key}` is not a valid XML attribute name"),
                            pos..end,
                        ));
                    }
                    // Where the name and the value sit in the source (both borrow from it).
                    let offset = |b: &[u8]| (b.as_ptr() as usize).wrapping_sub(src.as_ptr() as usize);
                    let raw = std::str::from_utf8(&attr.value).map_err(|_| {
                        err(ErrorKind::Encoding, format!("attribute `{key}` of <{name}> is not UTF-8"), pos..end)
                    })?;
                    // §3.3.3: a tab, CR, LF (or CR LF) written in the value reads as a space; the
                    // `&#9;` `&#10;` `&#13;` references still name what they name.
                    let spaced;
                    let raw = if raw.bytes().any(|b| matches!(b, b'\t' | b'\n' | b'\r')) {
                        spaced = raw.replace("\r\n", " ").replace(['\t', '\n', '\r'], " ");
                        spaced.as_str()
                    } else {
                        raw
                    };
                    if let Some(at) = raw.find('<') {
                        let at = offset(&attr.value) + at;
                        return Err(err(
                            ErrorKind::Syntax,
                            format!("`<` in the value of attribute `{key}` of <{name}> (write it as &lt;)"),
                            at..at + 1,
                        ));
                    }
                    let value = quick_xml::escape::unescape(raw).map_err(|x| match x {
                        quick_xml::escape::EscapeError::UnterminatedEntity(r) => {
                            let at = offset(&attr.value) + r.start;
                            let at = if src.as_bytes().get(at) == Some(&b'&') { at..at + 1 } else { pos..end };
                            err(ErrorKind::Entity, format!("attribute `{key}` of <{name}>: {BARE_AMPERSAND}"), at)
                        }
                        x => err(ErrorKind::Entity, format!("attribute `{key}` of <{name}>: {x}"), pos..end),
                    })?;
                    // The source holds no character XML forbids: such a character came from a reference.
                    if let Some((_, c)) = crate::lex::find_invalid_char(&value) {
                        return Err(err(
                            ErrorKind::InvalidChar,
                            format!(
                                "a character reference in attribute `{key}` of <{name}> names U+{:04X}, which XML 1.0 does not allow",
                                c as u32
                            ),
                            pos..end,
                        ));
                    }
                    let (key_at, value_at) = (offset(attr.key.as_ref()), offset(&attr.value));
                    let in_src = |at: usize, len: usize| at <= src.len() && at + len <= src.len();
                    let (a_start, v_start, v_end) = if in_src(key_at, 0) && in_src(value_at, attr.value.len()) {
                        (key_at, value_at, value_at + attr.value.len())
                    } else {
                        (pos, pos, pos)
                    };
                    if !names.insert(key.clone()) {
                        return Err(err(
                            ErrorKind::DuplicateKey,
                            format!("duplicate attribute `{key}` in <{name}>"),
                            a_start..v_end + 1,
                        ));
                    }
                    if crate::lex::undeclares_prefix(&key, &value) {
                        let why = crate::lex::CANNOT_UNDECLARE;
                        return Err(err(
                            ErrorKind::Syntax,
                            format!("`{key}=\"\"` in <{name}>: {why}"),
                            a_start..v_end + 1,
                        ));
                    }
                    if let Some(p) = key.strip_prefix("xmlns:") {
                        prefixes.declare(p, depth);
                    }
                    // The name, and a value with nothing to unescape or space, are borrowed from
                    // the source like an element's: only a rewritten value is copied.
                    let key = match src.get(key_at..key_at.wrapping_add(key.len())) {
                        Some(k) if k == key => Cow::Borrowed(k),
                        _ => Cow::Owned(key),
                    };
                    let value = match (value, src.get(v_start..v_end)) {
                        (Cow::Borrowed(v), Some(s)) if v == s => Cow::Borrowed(s),
                        (value, _) => Cow::Owned(value.into_owned()),
                    };
                    let a = tree.push(Some(id), key, a_start, v_start);
                    tree.set_end(a, v_end, (v_end + 1).min(end));
                    tree.set_attribute(a);
                    tree.set_text(a, value);
                    has_attrs = true;
                }
                if has_attrs {
                    tree.set_shape(id, Shape::Object);
                }
                // Namespaces: every prefix used must be declared here or by an ancestor.
                if has_attrs || (!plain && name.contains(':')) {
                    check_prefixes(&tree, id, &prefixes).map_err(|(m, span)| err(ErrorKind::Syntax, m, span))?;
                }
                if empty {
                    prefixes.close(depth);
                    tree.set_end(id, end, end);
                } else {
                    stack.push(Frame { id, text: Cow::Borrowed(""), has_elements: false, raw_cr: false });
                }
            }
            Event::End(ref e) => {
                let Some(mut frame) = stack.pop() else {
                    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                    return Err(err(
                        ErrorKind::MismatchedTag,
                        format!("closing tag </{name}> has no matching opening tag"),
                        pos..end,
                    ));
                };
                let open = tree.name(frame.id);
                let close = e.name();
                if !crate::tree::same_bytes(close.as_ref(), open.as_bytes()) {
                    let close = String::from_utf8_lossy(close.as_ref());
                    return Err(err(
                        ErrorKind::MismatchedTag,
                        format!("mismatched closing tag: expected </{open}>, found </{close}>"),
                        pos..end,
                    ));
                }
                prefixes.close(stack.len());
                tree.set_end(frame.id, pos, end);
                if frame.has_elements {
                    tree.set_shape(frame.id, Shape::Object);
                    if !is_blank(&frame.text) {
                        let text = match frame.text {
                            Cow::Borrowed(b) => Cow::Borrowed(b.trim()),
                            Cow::Owned(o) => Cow::Owned(o.trim().to_string()),
                        };
                        tree.set_text(frame.id, if frame.raw_cr { Cow::Owned(line_ends(&text)) } else { text });
                    }
                } else {
                    frame.settle();
                    tree.set_text(frame.id, frame.text);
                }
            }
            Event::Text(_) => {
                let raw = slice(src, pos, end)?;
                match stack.last_mut() {
                    Some(frame) => append(frame, raw, has_cr),
                    None => {
                        if let Some(off) = raw.find(|c: char| !c.is_whitespace()) {
                            let at = pos + off;
                            let (kind, what) = if !tree.is_empty() {
                                (ErrorKind::TrailingContent, "text after the root element")
                            } else {
                                (ErrorKind::Syntax, "text before the root element")
                            };
                            return Err(err(kind, what.to_string(), at..at + 1));
                        }
                    }
                }
            }
            Event::CData(_) => {
                // `<![CDATA[` is 9 bytes, `]]>` 3.
                let inner = slice(src, pos + 9, end.saturating_sub(3))?;
                match stack.last_mut() {
                    Some(frame) => append(frame, inner, has_cr),
                    None => {
                        return Err(err(ErrorKind::Syntax, "CDATA outside the root element".into(), pos..end));
                    }
                }
            }
            Event::GeneralRef(ref r) => {
                let Some(frame) = stack.last_mut() else {
                    return Err(err(ErrorKind::Syntax, "entity reference outside the root element".into(), pos..end));
                };
                let name = slice(src, pos + 1, end.saturating_sub(1))?;
                if r.is_char_ref() {
                    let ch = r.resolve_char_ref().ok().flatten().ok_or_else(|| {
                        err(ErrorKind::Entity, format!("invalid character reference `&{name};`"), pos..end)
                    })?;
                    if !crate::lex::is_xml_char(ch) {
                        return Err(err(
                            ErrorKind::InvalidChar,
                            format!(
                                "character reference `&{name};` names U+{:04X}, which XML 1.0 does not allow",
                                ch as u32
                            ),
                            pos..end,
                        ));
                    }
                    // A CR named by a reference stays a CR: the source's are read as LF first.
                    frame.settle();
                    frame.text.to_mut().push(ch);
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(name) {
                    append(frame, s, false);
                } else {
                    return Err(err(
                        ErrorKind::Entity,
                        format!("unknown entity `&{name};` (cicb expands only &lt; &gt; &amp; &apos; &quot; and character references)"),
                        pos..end,
                    ));
                }
            }
            Event::Comment(_) => {
                skipped.comments += 1;
                skipped.first.get_or_insert(pos);
            }
            Event::PI(_) => {
                skipped.instructions += 1;
                skipped.first.get_or_insert(pos);
            }
            Event::Decl(ref d) => {
                if let Some(Ok(enc)) = d.encoding() {
                    let enc = String::from_utf8_lossy(&enc).to_ascii_lowercase();
                    if enc != "utf-8" && enc != "utf8" {
                        return Err(err(
                            ErrorKind::Encoding,
                            format!("the XML declaration names encoding `{enc}`; cicb reads UTF-8 only (convert with iconv first)"),
                            pos..end,
                        ));
                    }
                }
            }
            Event::DocType(_) => {
                return Err(err(
                    ErrorKind::Entity,
                    "DOCTYPE declarations are not allowed: cicb never expands entities or reads external resources"
                        .into(),
                    pos..end,
                ));
            }
            Event::Eof => break,
        }
    }
    if let Some(frame) = stack.last() {
        let open = tree.node(frame.id);
        let (line, col) = super::error::line_column(src.as_bytes(), open.start as usize);
        return Err(err(
            ErrorKind::UnexpectedEof,
            format!("unexpected end of input: <{}> opened at {line}:{col} is never closed", open.name),
            src.len()..src.len(),
        ));
    }
    if tree.is_empty() {
        return Err(err(ErrorKind::Structure, "no root element".into(), src.len()..src.len()));
    }
    Ok((tree, skipped))
}

/// Namespaces in XML 1.0: the prefixes of element `id` and of its attributes are bound by a
/// declaration in scope (`prefixes`, this element's own included). Out of line: most elements
/// have neither a prefix nor attributes.
#[inline(never)]
fn check_prefixes(tree: &Tree<'_>, id: NodeId, prefixes: &crate::lex::Prefixes) -> Result<(), (String, Range<usize>)> {
    let bound = |p: &str| prefixes.is_bound(p);
    let n = tree.node(id);
    let start = n.start as usize + 1;
    crate::lex::check_qname(n.name, false, bound).map_err(|m| (m, start..start + n.name.len()))?;
    for a in tree.children(id).map(|c| tree.node(c)).take_while(|a| a.attribute) {
        let at = a.start as usize;
        crate::lex::check_qname(a.name, true, bound)
            .map_err(|m| (format!("{m} (attribute of <{}>)", n.name), at..at + a.name.len()))?;
    }
    Ok(())
}

/// `src[from..to]`, or an error instead of a panic should a position ever fall inside a character.
fn slice(src: &str, from: usize, to: usize) -> Result<&str, DecodeError> {
    src.get(from..to).ok_or_else(|| {
        DecodeError::new(
            ErrorKind::Syntax,
            "malformed XML: markup at an unexpected position",
            src.as_bytes(),
            from..from + 1,
        )
    })
}

/// Appends a piece of source text to the open element's text, borrowing it when it is the first.
///
/// Beside child elements the text is trimmed at the end, so while it is blank a new piece replaces
/// it: the blank lines and indentation between children are never copied. CR LF pairs and lone
/// CRs (XML 1.0 §2.11; `has_cr`: the document holds a CR somewhere) are read as LF piece by piece,
/// and in a borrowed first piece only once the text is kept ([`line_ends`]) or grows.
fn append<'a>(frame: &mut Frame<'a>, piece: &'a str, has_cr: bool) {
    let cr = has_cr && piece.contains('\r');
    if frame.text.is_empty() || (frame.has_elements && is_blank(&frame.text)) {
        frame.text = Cow::Borrowed(piece);
        frame.raw_cr = cr;
        return;
    }
    frame.settle();
    if cr {
        frame.text.to_mut().push_str(&line_ends(piece));
    } else {
        frame.text.to_mut().push_str(piece);
    }
}

/// True when `text` is only whitespace, as `str::trim` sees it: the blank text between child
/// elements (a line break and indentation) is checked a byte at a time, without decoding
/// characters.
fn is_blank(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_whitespace()) || text.trim().is_empty()
}

/// `text` with its CR LF pairs and lone CRs read as LF. Out of line: nearly every body has none.
#[inline(never)]
fn line_ends(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\r') {
        out.push_str(&rest[..at]);
        out.push('\n');
        rest = rest[at + 1..].strip_prefix('\n').unwrap_or(&rest[at + 1..]);
    }
    out.push_str(rest);
    out
}

/// XML 1.0 allows no C0 control other than tab, LF and CR, nor U+FFFE/U+FFFF, anywhere. Returns
/// whether the source holds a CR.
fn check_chars(src: &str) -> Result<bool, DecodeError> {
    match crate::lex::scan_chars(src) {
        (None, has_cr) => Ok(has_cr),
        (Some((at, c)), _) => Err(DecodeError::new(
            ErrorKind::InvalidChar,
            format!("character U+{:04X} is not allowed in XML", c as u32),
            src.as_bytes(),
            at..at + c.len_utf8(),
        )),
    }
}
