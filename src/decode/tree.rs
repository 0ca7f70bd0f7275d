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

/// One element (or attribute) of the document.
#[derive(Debug, Clone)]
pub struct Node<'a> {
    /// Element name, JSON key, or attribute name (without `@`).
    pub name: Cow<'a, str>,
    /// Character data: the text of a leaf, or the joined non-whitespace text of an object (`#text`).
    pub text: Cow<'a, str>,
    pub shape: Shape,
    /// True for an XML attribute (a `@name` key in JSON).
    pub attribute: bool,
    /// True when the JSON source held this node inside an array.
    pub in_array: bool,
    /// Byte offset where the node starts: the `<` of its start tag, or the `"` of its JSON key.
    pub start: u32,
    /// Byte offset of its value: the text after the start tag, or the first byte of the JSON value.
    pub value_start: u32,
    parent: NodeId,
    first_child: NodeId,
    last_child: NodeId,
    next_sibling: NodeId,
}

/// An ordered tree stored in one vector; node 0 is the root (`Response`).
#[derive(Debug, Clone, Default)]
pub struct Tree<'a> {
    nodes: Vec<Node<'a>>,
    root: NodeId,
}

impl<'a> Tree<'a> {
    pub fn with_capacity(n: usize) -> Self {
        Tree { nodes: Vec::with_capacity(n), root: 0 }
    }

    /// Appends a node under `parent` (or as the root when `parent` is `None`) and returns its id.
    pub fn push(&mut self, parent: Option<NodeId>, name: Cow<'a, str>, start: usize, value_start: usize) -> NodeId {
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node {
            name,
            text: Cow::Borrowed(""),
            shape: Shape::Text,
            attribute: false,
            in_array: false,
            start: start as u32,
            value_start: value_start as u32,
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

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

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

    pub fn node(&self, id: NodeId) -> &Node<'a> {
        &self.nodes[id as usize]
    }

    pub fn node_mut(&mut self, id: NodeId) -> &mut Node<'a> {
        &mut self.nodes[id as usize]
    }

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
        self.elements(id).find(|&c| self.nodes[c as usize].name == name)
    }

    /// Every child element called `name`.
    pub fn children_named<'t>(&'t self, id: NodeId, name: &'t str) -> impl Iterator<Item = NodeId> + 't {
        self.elements(id).filter(move |&c| self.nodes[c as usize].name == name)
    }

    /// Text of the first child element called `name`, if it is a leaf.
    pub fn child_text(&self, id: NodeId, name: &str) -> Option<&str> {
        self.child(id, name).and_then(|c| self.leaf_text(c))
    }

    /// The text of a leaf node; `None` for objects.
    pub fn leaf_text(&self, id: NodeId) -> Option<&str> {
        let n = &self.nodes[id as usize];
        match n.shape {
            Shape::Object | Shape::EmptyArray => None,
            _ => Some(&n.text),
        }
    }

    /// True when `id` has attributes or `#text` besides its elements.
    pub fn has_children_attrs(&self, id: NodeId) -> bool {
        !self.nodes[id as usize].text.is_empty() || self.children(id).any(|c| self.nodes[c as usize].attribute)
    }

    pub fn has_children(&self, id: NodeId) -> bool {
        self.nodes[id as usize].first_child != NONE
    }

    /// Element path from the root, dot-separated: `Response.JobsDetail.Operation`.
    pub fn path(&self, id: NodeId) -> String {
        let mut names = Vec::new();
        let mut cur = Some(id);
        while let Some(c) = cur {
            let n = &self.nodes[c as usize];
            names.push(if n.attribute { format!("@{}", n.name) } else { n.name.to_string() });
            cur = some(n.parent);
        }
        names.reverse();
        names.join(".")
    }

    /// Like [`Tree::path`], with `[i]` after every element that has same-named siblings or that
    /// the schema lists as repeating: `Response.WorkflowExecution.Tasks[1].JobId`. Usable with
    /// `cicb parse --get`.
    pub fn indexed_path(&self, id: NodeId) -> String {
        let mut parts = Vec::new();
        let mut cur = Some(id);
        while let Some(c) = cur {
            let n = &self.nodes[c as usize];
            let mut part = if n.attribute { format!("@{}", n.name) } else { n.name.to_string() };
            if let Some(p) = self.parent(c).filter(|_| !n.attribute) {
                let mut same = self.children_named(p, &n.name);
                let index = same.position(|s| s == c).unwrap_or(0);
                let many = index > 0 || same.next().is_some();
                if many || super::schema::is_repeating(self, c) {
                    part.push_str(&format!("[{index}]"));
                }
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

/// Children of one node grouped by name, in order of first occurrence: the JSON view of an element.
pub fn grouped(tree: &Tree<'_>, id: NodeId) -> Vec<(NodeId, Vec<NodeId>)> {
    let mut groups: Vec<(NodeId, Vec<NodeId>)> = Vec::new();
    // Callback elements have a handful of children: scan. Past a few dozen groups, index by name.
    let mut index: Option<std::collections::HashMap<(&str, bool), usize>> = None;
    for c in tree.children(id) {
        let n = tree.node(c);
        let key = (n.name.as_ref(), n.attribute);
        let same = |g: &(NodeId, Vec<NodeId>)| {
            let first = tree.node(g.0);
            first.name == key.0 && first.attribute == key.1
        };
        let found = match &index {
            Some(map) => map.get(&key).copied(),
            None => match groups.last() {
                Some(g) if same(g) => Some(groups.len() - 1),
                _ => groups.iter().position(same),
            },
        };
        match found {
            Some(i) => groups[i].1.push(c),
            None => {
                groups.push((c, vec![c]));
                if let Some(map) = &mut index {
                    map.insert(key, groups.len() - 1);
                } else if groups.len() > 32 {
                    let mut map = std::collections::HashMap::with_capacity(groups.len() * 2);
                    for (i, g) in groups.iter().enumerate() {
                        let f = tree.node(g.0);
                        map.insert((f.name.as_ref(), f.attribute), i);
                    }
                    index = Some(map);
                }
            }
        }
    }
    groups
}
