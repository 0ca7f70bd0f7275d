//! The one tree both readers build: ordered elements with their text, attributes and byte spans.

use std::borrow::Cow;

/// Index of a node in its [`Tree`].
pub type NodeId = u32;

const NONE: NodeId = NodeId::MAX;

/// What a node holds, as the source wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Character data (XML text, JSON string); possibly empty.
    Text,
    /// A JSON number, kept as its source text.
    Number,
    /// A JSON `true` or `false`, kept as its source text.
    Bool,
    /// A JSON `null` (text is empty).
    Null,
    /// An element with child elements or attributes, or a JSON object; may also carry `#text`.
    Object,
    /// A JSON `[]`: a list with no items, which has no XML form.
    EmptyArray,
}

/// A string of the tree: a span of the source, or an index into the tree's owned strings (for
/// text that had entities or escapes). 8 bytes instead of a 24-byte `Cow`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct StrRef {
    start: u32,
    /// Length in bytes; the top bit marks an owned string, `start` then indexes `Tree::owned`.
    len: u32,
}

const OWNED: u32 = 1 << 31;
const EMPTY: StrRef = StrRef { start: 0, len: 0 };

/// How a node is stored: 52 bytes, links as indices.
#[derive(Debug, Clone)]
struct Packed {
    name: StrRef,
    text: StrRef,
    start: u32,
    value_start: u32,
    value_end: u32,
    end: u32,
    parent: NodeId,
    first_child: NodeId,
    last_child: NodeId,
    next_sibling: NodeId,
    shape: Shape,
    attribute: bool,
    in_array: bool,
}

/// One element (or attribute) of the document, as a view into its [`Tree`].
#[derive(Debug, Clone, Copy)]
pub struct Node<'t> {
    /// Element name, JSON key, or attribute name (without `@`).
    pub name: &'t str,
    /// Character data: the text of a leaf, or the text beside child elements (`#text`).
    pub text: &'t str,
    /// What the node holds.
    pub shape: Shape,
    /// True for an XML attribute (a `@name` key in JSON).
    pub attribute: bool,
    /// True when the JSON source held this node inside an array.
    pub in_array: bool,
    /// Byte offset where the node starts: the `<` of its start tag, or the `"` of its JSON key.
    pub start: u32,
    /// Byte offset of its value: the text after the start tag, or the first byte of the JSON value.
    pub value_start: u32,
    /// Byte offset just past its value: the `<` of the end tag (an attribute's closing quote), or
    /// the byte after the JSON value. `value_start..value_end` is the value as the source wrote
    /// it (escapes included); empty for `<A/>`, whose `value_start` is then `end`.
    pub value_end: u32,
    /// Byte offset just past the node: after its end tag (or `/>`, or an attribute's closing
    /// quote), or after the JSON value.
    pub end: u32,
}

impl<'t> Node<'t> {
    /// The node's key in paths and JSON: its name, `@name` for an attribute.
    pub fn label(&self) -> Cow<'t, str> {
        if self.attribute {
            Cow::Owned(format!("@{}", self.name))
        } else {
            Cow::Borrowed(self.name)
        }
    }
}

/// An ordered tree stored in one vector, its strings borrowed from the source where possible.
#[derive(Debug, Clone, Default)]
pub struct Tree<'a> {
    src: &'a str,
    nodes: Vec<Packed>,
    owned: Vec<Box<str>>,
    root: NodeId,
}

impl<'a> Tree<'a> {
    /// An empty tree over `src`, with room for `n` nodes.
    pub fn new(src: &'a str, n: usize) -> Self {
        let nodes = Vec::with_capacity(n);
        advise_huge_pages(&nodes);
        Tree { src, nodes, owned: Vec::new(), root: 0 }
    }

    /// A string of the tree: a span when it is borrowed from the source (as nearly every name and
    /// text the XML reader finds is), else a copy among the owned strings.
    #[inline]
    fn intern(&mut self, s: Cow<'a, str>) -> StrRef {
        if let Cow::Borrowed(b) = &s {
            let base = self.src.as_ptr() as usize;
            let at = b.as_ptr() as usize;
            if at >= base && at + b.len() <= base + self.src.len() && b.len() < OWNED as usize {
                return StrRef { start: (at - base) as u32, len: b.len() as u32 };
            }
        }
        self.intern_owned(s)
    }

    #[inline(never)]
    fn intern_owned(&mut self, s: Cow<'a, str>) -> StrRef {
        if s.is_empty() {
            return EMPTY;
        }
        let len = s.len().min((OWNED - 1) as usize) as u32;
        self.owned.push(s.into_owned().into_boxed_str());
        StrRef { start: (self.owned.len() - 1) as u32, len: len | OWNED }
    }

    #[inline]
    fn str(&self, r: StrRef) -> &str {
        if r.len & OWNED != 0 {
            &self.owned[r.start as usize]
        } else {
            &self.src[r.start as usize..(r.start + r.len) as usize]
        }
    }

    /// The source text the tree's spans point into (empty for a tree built by hand).
    pub fn source(&self) -> &'a str {
        self.src
    }

    /// Appends a node under `parent` (or as the root when `parent` is `None`) and returns its id.
    pub fn push(&mut self, parent: Option<NodeId>, name: Cow<'a, str>, start: usize, value_start: usize) -> NodeId {
        let id = self.nodes.len() as NodeId;
        let name = self.intern(name);
        self.nodes.push(Packed {
            name,
            text: EMPTY,
            shape: Shape::Text,
            attribute: false,
            in_array: false,
            start: start as u32,
            value_start: value_start as u32,
            value_end: value_start as u32,
            end: value_start as u32,
            parent: parent.unwrap_or(NONE),
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
        });
        if let Some(p) = parent {
            let last = self.nodes[p as usize].last_child;
            if last == NONE {
                self.nodes[p as usize].first_child = id;
            } else {
                self.nodes[last as usize].next_sibling = id;
            }
            self.nodes[p as usize].last_child = id;
        }
        id
    }

    /// Inserts a node under `parent` just before its child `before` (at the end when `None`) and
    /// returns its id. Document order follows the sibling links, not the ids: an inserted node's
    /// id is past every other, its place among its siblings is where it was inserted.
    pub fn insert(&mut self, parent: NodeId, before: Option<NodeId>, name: Cow<'a, str>) -> NodeId {
        let Some(before) = before.filter(|&b| self.nodes[b as usize].parent == parent) else {
            return self.push(Some(parent), name, 0, 0);
        };
        let id = self.push(None, name, 0, 0);
        self.nodes[id as usize].parent = parent;
        self.nodes[id as usize].next_sibling = before;
        let first = self.nodes[parent as usize].first_child;
        if first == before {
            self.nodes[parent as usize].first_child = id;
        } else {
            let mut cur = first;
            while self.nodes[cur as usize].next_sibling != before {
                cur = self.nodes[cur as usize].next_sibling;
            }
            self.nodes[cur as usize].next_sibling = id;
        }
        id
    }

    /// Sets a node's text.
    pub fn set_text(&mut self, id: NodeId, text: Cow<'a, str>) {
        let r = self.intern(text);
        self.nodes[id as usize].text = r;
    }

    /// Sets what a node holds.
    pub fn set_shape(&mut self, id: NodeId, shape: Shape) {
        self.nodes[id as usize].shape = shape;
    }

    /// Marks a node as an attribute (`@name`).
    pub fn set_attribute(&mut self, id: NodeId) {
        self.nodes[id as usize].attribute = true;
    }

    /// Marks a node as an item of a JSON array.
    pub fn set_in_array(&mut self, id: NodeId) {
        self.nodes[id as usize].in_array = true;
    }

    /// Sets where a node's value starts (see [`Node::value_start`]).
    pub fn set_value_start(&mut self, id: NodeId, at: usize) {
        self.nodes[id as usize].value_start = at as u32;
    }

    /// Sets where a node's value and the node end (see [`Node::value_end`], [`Node::end`]).
    pub fn set_end(&mut self, id: NodeId, value_end: usize, end: usize) {
        let n = &mut self.nodes[id as usize];
        n.value_end = value_end as u32;
        n.end = end as u32;
    }

    /// True for a tree with no node (not even a root).
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// How many nodes the tree holds (attributes included).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// The root node's id (`Response`). Only meaningful on a non-empty tree.
    pub fn root(&self) -> NodeId {
        self.root
    }

    /// Makes `id` the root, detaching it from its parent (used to unwrap `{"Response": {...}}`).
    pub fn reroot(&mut self, id: NodeId) {
        self.nodes[id as usize].parent = NONE;
        self.nodes[id as usize].next_sibling = NONE;
        self.root = id;
    }

    /// A view of node `id`.
    #[inline]
    pub fn node(&self, id: NodeId) -> Node<'_> {
        let p = &self.nodes[id as usize];
        Node {
            name: self.str(p.name),
            text: self.str(p.text),
            shape: p.shape,
            attribute: p.attribute,
            in_array: p.in_array,
            start: p.start,
            value_start: p.value_start,
            value_end: p.value_end,
            end: p.end,
        }
    }

    /// The name of node `id`.
    #[inline]
    pub fn name(&self, id: NodeId) -> &str {
        self.str(self.nodes[id as usize].name)
    }

    /// The text of node `id` (empty for most objects).
    #[inline]
    pub fn text(&self, id: NodeId) -> &str {
        self.str(self.nodes[id as usize].text)
    }

    /// True when the JSON source held node `id` inside an array.
    #[inline]
    pub fn in_array(&self, id: NodeId) -> bool {
        self.nodes[id as usize].in_array
    }

    /// True for attribute nodes.
    #[inline]
    pub fn is_attribute(&self, id: NodeId) -> bool {
        self.nodes[id as usize].attribute
    }

    /// The parent of `id` (`None` for the root).
    #[inline]
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        some(self.nodes[id as usize].parent)
    }

    /// All children, attributes first as the source had them, in document order.
    pub fn children(&self, id: NodeId) -> Children<'_, 'a> {
        Children { tree: self, next: self.nodes[id as usize].first_child }
    }

    /// Child elements (attributes left out).
    pub fn elements(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.children(id).filter(move |&c| !self.nodes[c as usize].attribute)
    }

    /// The first child element called `name`.
    pub fn child(&self, id: NodeId, name: &str) -> Option<NodeId> {
        self.elements(id).find(|&c| self.name(c) == name)
    }

    /// Every child element called `name`.
    pub fn children_named<'t>(&'t self, id: NodeId, name: &'t str) -> impl Iterator<Item = NodeId> + 't {
        self.elements(id).filter(move |&c| self.name(c) == name)
    }

    /// Text of the first child element called `name`, if it is a leaf.
    pub fn child_text(&self, id: NodeId, name: &str) -> Option<&str> {
        self.child(id, name).and_then(|c| self.leaf_text(c))
    }

    /// The text of a leaf node; `None` for objects.
    pub fn leaf_text(&self, id: NodeId) -> Option<&str> {
        match self.nodes[id as usize].shape {
            Shape::Object | Shape::EmptyArray => None,
            _ => Some(self.text(id)),
        }
    }

    /// True when `id` has attributes or `#text` besides its elements.
    pub fn has_children_attrs(&self, id: NodeId) -> bool {
        self.nodes[id as usize].text.len != 0 || self.children(id).any(|c| self.nodes[c as usize].attribute)
    }

    /// True when `id` has children (elements or attributes).
    pub fn has_children(&self, id: NodeId) -> bool {
        self.nodes[id as usize].first_child != NONE
    }

    /// Element path from the root, dot-separated: `Response.JobsDetail.Operation` (attributes as
    /// `@name`). [`crate::path::indexed_path`] adds the indexes.
    pub fn path(&self, id: NodeId) -> String {
        self.path_with(id, |_| None)
    }

    /// [`Tree::path`], with `[i]` after each node for which `index` gives one.
    pub fn path_with(&self, id: NodeId, index: impl Fn(NodeId) -> Option<usize>) -> String {
        let mut parts = Vec::new();
        let mut cur = Some(id);
        while let Some(c) = cur {
            let n = self.node(c);
            let name = crate::path::written(n.name);
            let mut part = if n.attribute { format!("@{name}") } else { name.into_owned() };
            if let Some(i) = index(c) {
                part.push_str(&format!("[{i}]"));
            }
            parts.push(part);
            cur = self.parent(c);
        }
        parts.reverse();
        parts.join(".")
    }

    /// Depth-first walk from `id` (pre-order), `id` included.
    pub fn descendants(&self, id: NodeId) -> Descendants<'_, 'a> {
        Descendants { tree: self, stack: vec![id] }
    }
}

fn some(id: NodeId) -> Option<NodeId> {
    (id != NONE).then_some(id)
}

/// The children of a node, in document order ([`Tree::children`]).
pub struct Children<'t, 'a> {
    tree: &'t Tree<'a>,
    next: NodeId,
}

impl Iterator for Children<'_, '_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        let id = some(self.next)?;
        self.next = self.tree.nodes[id as usize].next_sibling;
        Some(id)
    }
}

/// A depth-first walk ([`Tree::descendants`]).
pub struct Descendants<'t, 'a> {
    tree: &'t Tree<'a>,
    stack: Vec<NodeId>,
}

impl Iterator for Descendants<'_, '_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        let id = self.stack.pop()?;
        let start = self.stack.len();
        self.stack.extend(self.tree.children(id));
        self.stack[start..].reverse();
        Some(id)
    }
}

/// The children of one node that share a name (and kind: element or attribute).
#[derive(Debug, Clone)]
pub struct Group {
    /// The first of them, in document order.
    pub head: NodeId,
    /// The others, in document order (no allocation for a single child).
    pub rest: Vec<NodeId>,
}

impl Group {
    /// How many nodes share the name (at least one).
    pub fn count(&self) -> usize {
        1 + self.rest.len()
    }

    /// Every node of the group, in document order.
    pub fn members(&self) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::once(self.head).chain(self.rest.iter().copied())
    }
}

/// Asks for a large vector's memory in 2 MB pages where the kernel offers them (Linux's
/// transparent huge pages, `madvise` mode): the tree of a 55 MB body of a million small elements
/// is 57 MB of nodes, 14 000 page faults in 4 KB pages, a tenth of its conversion; a large input is
/// read into such pages too. Vectors under 4 MB, and other systems, are left alone.
pub(crate) fn advise_huge_pages<T>(v: &Vec<T>) {
    #[cfg(target_os = "linux")]
    {
        const LARGE: usize = 4 << 20;
        let bytes = v.capacity() * std::mem::size_of::<T>();
        if bytes < LARGE {
            return;
        }
        // SAFETY: sysconf reads a constant of the process.
        let page = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(4096).max(1);
        let start = (v.as_ptr() as usize).next_multiple_of(page);
        let end = (v.as_ptr() as usize + bytes) / page * page;
        if end > start {
            // SAFETY: MADV_HUGEPAGE only tells the kernel how to back pages of the vector's own
            // allocation (whole pages inside it): nothing is read, written or unmapped. Where
            // huge pages are off, the call fails, and that changes nothing.
            unsafe { libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE) };
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = v;
}

/// A fast hash of a node name (FxHash-style); `attribute` keeps `@x` apart from `x`.
pub const fn name_hash(name: &str, attribute: bool) -> u64 {
    // A loop rather than a fold: the spec's filters of names are computed at compile time.
    let bytes = name.as_bytes();
    let mut h = attribute as u64;
    let mut i = 0;
    while i < bytes.len() {
        h = hash_step(h, bytes[i]);
        i += 1;
    }
    h
}

const fn hash_step(h: u64, byte: u8) -> u64 {
    (h.rotate_left(5) ^ byte as u64).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// Children of one node grouped by name, in order of first occurrence: the JSON view of an element.
pub fn groups(tree: &Tree<'_>, id: NodeId) -> Vec<Group> {
    // Room for every group from the start while there are few (most elements have a handful).
    let mut groups = Vec::with_capacity(tree.children(id).take(32).count());
    groups_into(tree, id, &mut groups);
    groups
}

/// [`groups`] into `groups` (cleared first): a writer going through many elements keeps one
/// vector per level instead of allocating one per element.
pub fn groups_into(tree: &Tree<'_>, id: NodeId, groups: &mut Vec<Group>) {
    const SLOTS: usize = 64;
    groups.clear();
    // An open-addressing table on the stack (group index + 1 by `group_hash`) while there are few
    // groups, a hash map past that: either way each child costs one hash, not a scan. The map is
    // keyed by the names themselves under std's keyed hash: a body can give thousands of names
    // one `group_hash` (the same length and ends), but cannot aim at a key it never sees.
    let mut slots = [0u32; SLOTS];
    let slot = |h: u64| (h >> (64 - SLOTS.trailing_zeros())) as usize;
    let mut map: Option<std::collections::HashMap<(&str, bool), usize>> = None;
    for c in tree.children(id) {
        let name = tree.name(c);
        let attribute = tree.is_attribute(c);
        let same = |g: &Group| {
            tree.is_attribute(g.head) == attribute && same_bytes(tree.name(g.head).as_bytes(), name.as_bytes())
        };
        // Repeated siblings are usually adjacent: try the last group before hashing.
        if let Some(g) = groups.last_mut().filter(|g| same(g)) {
            g.rest.push(c);
            continue;
        }
        let h = group_hash(name, attribute);
        // The group's index, or where the table would take a new one.
        let found = match &map {
            Some(map) => map.get(&(name, attribute)).copied().ok_or(SLOTS),
            None => {
                let mut at = slot(h);
                loop {
                    match slots[at] {
                        0 => break Err(at),
                        g if same(&groups[g as usize - 1]) => break Ok(g as usize - 1),
                        _ => at = (at + 1) % SLOTS,
                    }
                }
            }
        };
        match found {
            Ok(i) => groups[i].rest.push(c),
            Err(at) => {
                groups.push(Group { head: c, rest: Vec::new() });
                let index = groups.len() - 1;
                match &mut map {
                    Some(map) => {
                        map.insert((name, attribute), index);
                    }
                    // Keep the table at most half full; past that, move to a map.
                    None if groups.len() <= SLOTS / 2 => slots[at] = groups.len() as u32,
                    None => {
                        let key = |g: &Group| (tree.name(g.head), tree.is_attribute(g.head));
                        map = Some(groups.iter().enumerate().map(|(i, g)| (key(g), i)).collect());
                    }
                }
            }
        }
    }
}

/// `a == b`: up to 16 bytes (a name, as a rule) compared as two words, without a call to `memcmp`.
#[inline]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    match (a.first_chunk::<8>(), a.last_chunk::<8>(), b.first_chunk::<8>(), b.last_chunk::<8>()) {
        (Some(a0), Some(a1), Some(b0), Some(b1)) if a.len() <= 16 => a0 == b0 && a1 == b1,
        _ => a == b,
    }
}

/// A hash of a name for [`groups`], from its length and its first and last eight bytes (all of
/// it when shorter): a few instructions whatever the length, where [`name_hash`] takes a few a
/// byte. Its top bits are the well-mixed ones.
#[inline]
fn group_hash(name: &str, attribute: bool) -> u64 {
    let b = name.as_bytes();
    let (head, tail) = match (b.first_chunk::<8>(), b.last_chunk::<8>()) {
        (Some(h), Some(t)) => (u64::from_le_bytes(*h), u64::from_le_bytes(*t)),
        _ => (b.iter().fold(0, |h, &c| (h << 8) | c as u64), 0),
    };
    let key = head ^ tail.rotate_left(29) ^ ((b.len() as u64) << 1 | attribute as u64);
    key.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{decode, Limits};

    /// Grouping by the obvious quadratic method, to check the hashed one against.
    fn naive(tree: &Tree<'_>, id: NodeId) -> Vec<(NodeId, Vec<NodeId>)> {
        let mut out: Vec<(NodeId, Vec<NodeId>)> = Vec::new();
        for c in tree.children(id) {
            let key = (tree.name(c), tree.is_attribute(c));
            match out.iter_mut().find(|g| (tree.name(g.0), tree.is_attribute(g.0)) == key) {
                Some(g) => g.1.push(c),
                None => out.push((c, vec![c])),
            }
        }
        out
    }

    #[test]
    fn grouping_matches_the_naive_method_for_few_and_many_names() {
        // Short names, and names that share their length and first and last eight bytes (one
        // `group_hash` for all: past 32 groups they must still be told apart by a map).
        let short: fn(usize) -> String = |n| format!("N{n}");
        let alike: fn(usize) -> String = |n| format!("AAAAAAAA{n:04}BBBBBBBB");
        for (distinct, name) in [1, 3, 10, 31, 32, 33, 40, 200].into_iter().flat_map(|d| [(d, short), (d, alike)]) {
            let mut xml = String::from("<Response a=\"1\">");
            // Interleaved repeats: every name comes back three times, out of order.
            for round in 0..3 {
                for i in 0..distinct {
                    let n = name((i * 7 + round) % distinct);
                    xml.push_str(&format!("<{n}>v</{n}>"));
                }
            }
            xml.push_str("<a>element named like the attribute</a></Response>");
            let doc = decode(&xml, None, &Limits::default()).unwrap();
            let root = doc.tree.root();
            let hashed: Vec<(NodeId, Vec<NodeId>)> =
                groups(&doc.tree, root).iter().map(|g| (g.head, g.members().collect())).collect();
            assert_eq!(hashed, naive(&doc.tree, root), "{distinct} names");
            assert_eq!(groups(&doc.tree, root).len(), distinct + 2);
        }
    }

    #[test]
    fn a_tree_in_huge_pages_reads_back_whole() {
        // 200 000 elements, 5 MB: room for a node per 32 bytes is 8 MB of nodes, past the 4 MB from
        // which they are asked for in huge pages.
        let mut xml = String::from("<Response>");
        for i in 0..200_000 {
            xml.push_str(&format!("<Item><N>{i}</N></Item>"));
        }
        xml.push_str("</Response>");
        assert!(xml.len() / 32 * std::mem::size_of::<Packed>() >= 4 << 20);
        let doc = decode(&xml, None, &Limits::default()).unwrap();
        let t = &doc.tree;
        let texts: Vec<&str> = t.children(t.root()).map(|item| t.text(t.child(item, "N").unwrap())).collect();
        assert_eq!(texts.len(), 200_000);
        assert!(texts.iter().enumerate().all(|(i, s)| *s == i.to_string()));
    }

    #[test]
    fn insert_keeps_sibling_order() {
        let mut t = Tree::new("", 4);
        let root = t.push(None, "Response".into(), 0, 0);
        let a = t.push(Some(root), "A".into(), 0, 0);
        let c = t.push(Some(root), "C".into(), 0, 0);
        let b = t.insert(root, Some(c), "B".into());
        let first = t.insert(root, Some(a), "First".into());
        let last = t.insert(root, None, "Last".into());
        let names: Vec<&str> = t.children(root).map(|i| t.name(i)).collect();
        assert_eq!(names, ["First", "A", "B", "C", "Last"]);
        assert_eq!((t.parent(b), t.parent(first), t.parent(last)), (Some(root), Some(root), Some(root)));
        let walked: Vec<&str> = t.descendants(root).map(|i| t.name(i)).collect();
        assert_eq!(walked, ["Response", "First", "A", "B", "C", "Last"]);
    }

    #[test]
    fn value_spans_cover_the_value_as_written() {
        let raw = |src: &str, path: &str| {
            let doc = decode(src, None, &Limits::default()).unwrap();
            let t = &doc.tree;
            let id = t.descendants(t.root()).find(|&i| t.path(i) == path).unwrap();
            let n = t.node(id);
            (
                src[n.value_start as usize..n.value_end as usize].to_string(),
                src[n.start as usize..n.end as usize].to_string(),
            )
        };
        let xml = "<Response><A>x &amp; y</A><B/><C d=\"e&lt;\">t</C><O><L>1</L></O></Response>";
        assert_eq!(raw(xml, "Response.A"), ("x &amp; y".into(), "<A>x &amp; y</A>".into()));
        assert_eq!(raw(xml, "Response.B"), (String::new(), "<B/>".into()));
        assert_eq!(raw(xml, "Response.C.@d"), ("e&lt;".into(), "d=\"e&lt;\"".into()));
        assert_eq!(raw(xml, "Response.O"), ("<L>1</L>".into(), "<O><L>1</L></O>".into()));
        let json = r#"{"A": "x\"y", "N": 12.5, "O": {"L": [true, null]}, "E": [], "@a": "v"}"#;
        assert_eq!(raw(json, "Response.A").0, r#""x\"y""#);
        assert_eq!(raw(json, "Response.N").0, "12.5");
        assert_eq!(raw(json, "Response.O").0, r#"{"L": [true, null]}"#);
        assert_eq!(raw(json, "Response.E").0, "[]");
        assert_eq!(raw(json, "Response.@a").0, r#""v""#);
        assert_eq!(raw(json, "Response.O.L").0, "true");
    }
}
