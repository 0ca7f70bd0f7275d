//! Tree → XML: `<?xml ...?>`, a `<Response>` root, arrays as repeated elements, text escaped.

use std::io::{self, Write};

use crate::decode::{error_at, DecodeError, ErrorKind};
use crate::lex;
use crate::tree::{NodeId, Shape, Tree};

use super::chunked::Chunked;

/// How to lay the XML out.
#[derive(Debug, Clone, Copy, Default)]
pub struct XmlOptions {
    /// One line, no indentation.
    pub compact: bool,
}

/// Why a tree cannot be written as XML.
#[derive(Debug)]
pub enum XmlError {
    /// The tree holds something XML cannot express; located at its node.
    Data(DecodeError),
    /// Writing failed.
    Io(io::Error),
}

impl From<io::Error> for XmlError {
    fn from(e: io::Error) -> Self {
        XmlError::Io(e)
    }
}

/// Checks the whole tree can be written, so that nothing is written when it cannot.
pub fn check(tree: &Tree<'_>) -> Result<(), DecodeError> {
    // The `@xmlns:p` declarations in scope, with the depth of the node that declares them (as the
    // XML reader keeps them): one look per node, however many keys share a declaration.
    let mut prefixes = crate::lex::Prefixes::default();
    // The walk of `Tree::descendants` (pre-order, in document order), with depths.
    let mut stack = vec![(tree.root(), 0)];
    while let Some((id, depth)) = stack.pop() {
        prefixes.close(depth);
        let start = stack.len();
        for c in tree.children(id) {
            stack.push((c, depth + 1));
            let a = tree.node(c);
            if let Some(p) = a.name.strip_prefix("xmlns:").filter(|_| a.attribute) {
                prefixes.declare(p, depth);
            }
        }
        stack[start..].reverse();
        let n = tree.node(id);
        if !is_xml_name(n.name) {
            let what = if n.attribute { "an attribute" } else { "an element" };
            return Err(error_at(
                tree,
                id,
                ErrorKind::Structure,
                format!("key \"{}\" at {} cannot be {what} name in XML", n.name.escape_debug(), tree.path(id)),
            ));
        }
        // Namespaces: a prefixed key needs an `@xmlns:p` on its element or an ancestor, as every
        // namespace-aware reader (cicb's included) requires; cicb declares nothing itself.
        if n.name.contains(':') {
            // An attribute's prefix is bound by its element's declarations (made at the depth
            // above its own) and its ancestors'.
            let bound = |p: &str| prefixes.is_bound(p);
            crate::lex::check_qname(n.name, n.attribute, bound).map_err(|why| {
                error_at(
                    tree,
                    id,
                    ErrorKind::Structure,
                    format!("key \"{}\" at {} cannot be written as XML: {why}", n.name.escape_debug(), tree.path(id)),
                )
            })?;
            if n.attribute && crate::lex::undeclares_prefix(n.name, n.text) {
                return Err(error_at(
                    tree,
                    id,
                    ErrorKind::Structure,
                    format!(
                        "key \"{}\" at {} is empty: {}",
                        n.name.escape_debug(),
                        tree.path(id),
                        crate::lex::CANNOT_UNDECLARE
                    ),
                ));
            }
        }
        if n.shape == Shape::EmptyArray {
            return Err(error_at(
                tree,
                id,
                ErrorKind::Structure,
                format!("the empty array at {} has no XML form", tree.path(id)),
            ));
        }
        if let Some((_, c)) = crate::lex::find_invalid_char(n.text) {
            return Err(error_at(
                tree,
                id,
                ErrorKind::InvalidChar,
                format!("the value at {} holds U+{:04X}, which XML 1.0 cannot carry", tree.path(id), c as u32),
            ));
        }
    }
    Ok(())
}

/// Writes `tree` as XML, after [`check`]ing that all of it can be written.
pub fn write<W: Write + ?Sized>(tree: &Tree<'_>, opts: &XmlOptions, out: &mut W) -> Result<(), XmlError> {
    check(tree).map_err(XmlError::Data)?;
    let mut chunked = Chunked::new(out);
    chunked.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
    let mut w = Writer { tree, opts, out: &mut chunked };
    w.element(tree.root(), 0)?;
    w.out.write_all(b"\n")?;
    chunked.finish()?;
    Ok(())
}

struct Writer<'t, 'a, W: ?Sized> {
    tree: &'t Tree<'a>,
    opts: &'t XmlOptions,
    out: &'t mut W,
}

impl<W: Write + ?Sized> Writer<'_, '_, W> {
    fn indent(&mut self, depth: usize) -> io::Result<()> {
        if self.opts.compact {
            return Ok(());
        }
        self.out.write_all(b"\n")?;
        for _ in 0..depth {
            self.out.write_all(b"  ")?;
        }
        Ok(())
    }

    fn element(&mut self, id: NodeId, depth: usize) -> io::Result<()> {
        let tree = self.tree;
        let n = tree.node(id);
        self.out.write_all(b"<")?;
        self.out.write_all(n.name.as_bytes())?;
        let mut has_elements = false;
        for c in tree.children(id) {
            let a = tree.node(c);
            if a.attribute {
                self.out.write_all(b" ")?;
                self.out.write_all(a.name.as_bytes())?;
                self.out.write_all(b"=\"")?;
                escape(self.out, a.text, Quotes::Double)?;
                self.out.write_all(b"\"")?;
            } else {
                has_elements = true;
            }
        }
        if !has_elements && n.text.is_empty() {
            return self.out.write_all(b"/>");
        }
        self.out.write_all(b">")?;
        escape(self.out, n.text, Quotes::Text)?;
        if has_elements {
            for c in tree.elements(id) {
                self.indent(depth + 1)?;
                self.element(c, depth + 1)?;
            }
            self.indent(depth)?;
        }
        self.out.write_all(b"</")?;
        self.out.write_all(n.name.as_bytes())?;
        self.out.write_all(b">")
    }
}

/// Which characters [`escape`] writes as references besides `&`, `<`, `>` and CR.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quotes {
    /// Text between tags: nothing more.
    Text,
    /// An attribute value between `"`: `"`, tabs and line feeds (which attribute normalization
    /// would turn into spaces).
    Double,
    /// An attribute value between `"` or `'` (an in-place edit writes between the source's own
    /// quotes): `'` too.
    Both,
}

/// Text as XML writes it: `&`, `<` and `>` as entities and CR as a character reference (a
/// literal one is read back as a line feed); in an attribute also what `quotes` says.
pub(crate) fn escape<W: Write + ?Sized>(out: &mut W, s: &str, quotes: Quotes) -> io::Result<()> {
    let attribute = quotes != Quotes::Text;
    let bytes = s.as_bytes();
    // Quotes and the controls only matter in attributes; flagging them in text costs a look, no more.
    let flagged = |b: u8| (b == b'&') | (b == b'<') | (b == b'>') | (b == b'"') | (b == b'\'') | (b < 0x20);
    let mut run = 0;
    let mut i = 0;
    while let Some(next) = lex::find(&bytes[i..], flagged) {
        i += next;
        let esc: &[u8] = match bytes[i] {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'\r' => b"&#13;",
            b'"' if attribute => b"&quot;",
            b'\'' if quotes == Quotes::Both => b"&apos;",
            b'\n' if attribute => b"&#10;",
            b'\t' if attribute => b"&#9;",
            _ => {
                i += 1;
                continue;
            }
        };
        out.write_all(&bytes[run..i])?;
        out.write_all(esc)?;
        i += 1;
        run = i;
    }
    out.write_all(&bytes[run..])
}

pub use crate::lex::is_name as is_xml_name;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{decode, Limits};

    fn checked(json: &str) -> Result<(), String> {
        let doc = decode(json, None, &Limits::default()).unwrap();
        check(&doc.tree).map_err(|e| e.message().to_string())
    }

    #[test]
    fn many_keys_share_one_declaration() {
        // The declaration after the 20 000 keys that use it: each key looks at the prefixes in
        // scope, not at every attribute of every ancestor.
        let items = vec!["\"v\""; 20_000].join(",");
        let json = format!(r#"{{"A": {{"x:a": [{items}], "@xmlns:x": "urn:x"}}}}"#);
        let doc = decode(&json, None, &Limits::default()).unwrap();
        let mut out = Vec::new();
        write(&doc.tree, &XmlOptions { compact: true }, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap().matches("<x:a>v</x:a>").count(), 20_000);
    }

    #[test]
    fn a_declaration_holds_for_its_element_and_what_is_inside_it() {
        assert_eq!(checked(r#"{"A": {"@y:id": "1", "B": {"y:C": "2"}, "@xmlns:y": "u"}}"#), Ok(()));
        for json in [
            r#"{"A": {"B": {"@xmlns:y": "u"}}, "C": {"y:D": "1"}}"#,
            r#"{"A": {"@xmlns:y": "u", "y:B": "1"}, "y:C": "2"}"#,
            r#"{"A": [{"@xmlns:y": "u"}, {"y:B": "1"}]}"#,
        ] {
            let e = checked(json).unwrap_err();
            assert!(e.starts_with("key \"y:"), "{json}: {e}");
            assert!(e.contains("no xmlns:y declaration is in scope"), "{json}: {e}");
        }
    }
}
