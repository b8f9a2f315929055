//! The element tree, and the queries the readers make on it.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::fmt::Debug;

use crate::error::XmlError;

/// The names a reader asks for: namespaces, local element names and unprefixed attributes,
/// each as a small id. Names the reader never asks for map to [`Vocabulary::OTHER_NAME`]; the
/// tree still keeps them as written, for element paths in messages.
pub trait Vocabulary: 'static {
    type Ns: Copy + Eq + Debug;
    type Name: Copy + Eq + Debug;
    type Attr: Copy + Eq + Debug;
    /// The namespace of elements without one, or in a namespace the reader does not know.
    const OTHER_NS: Self::Ns;
    /// The id of every name the reader does not ask for (never matches in [`El::is`]).
    const OTHER_NAME: Self::Name;
    /// A namespace URI, classified once when it is declared.
    fn namespace(uri: &[u8]) -> Self::Ns;
    /// A local name, looked up once per element.
    fn name(local: &[u8]) -> Self::Name;
    /// An unprefixed attribute the reader keeps (`None`: checked, not kept).
    fn attr(key: &[u8]) -> Option<Self::Attr>;
    /// The conventional prefix of a namespace, for element paths in messages (`cbc:`, or ``).
    fn prefix(ns: Self::Ns) -> &'static str;
}

pub(crate) const NONE: u32 = u32::MAX;

pub(crate) struct Node<'a, V: Vocabulary> {
    pub text: Cow<'a, str>,
    /// The local name as written (for element paths).
    pub local: &'a str,
    pub parent: u32,
    pub first_child: u32,
    pub next_sibling: u32,
    pub attr_start: u32,
    pub attr_len: u32,
    /// Byte offset of the start tag.
    pub pos: u32,
    pub ns: V::Ns,
    pub name: V::Name,
}

/// A parsed document: an arena of elements; node 0 is the root element.
pub struct Doc<'a, V: Vocabulary> {
    pub(crate) nodes: Vec<Node<'a, V>>,
    pub(crate) attrs: Vec<(V::Attr, Cow<'a, str>)>,
    /// The root element's namespace URI as written (for "not this format" messages).
    pub root_uri: String,
    pub(crate) src: &'a str,
    pub(crate) line_starts: OnceCell<Vec<u32>>,
}

impl<'a, V: Vocabulary> Doc<'a, V> {
    /// Parse `src` (already checked to be UTF-8, see [`crate::decode`]) into a tree. Refuses
    /// DOCTYPE declarations.
    pub fn parse(src: &'a str) -> Result<Doc<'a, V>, XmlError> {
        match Doc::parse_fast(src) {
            Some(doc) => Ok(doc),
            None => Doc::parse_exact(src),
        }
    }

    /// The fast reader alone: `None` when it gives up (then [`Doc::parse_exact`] decides).
    /// Public so that readers can test that both build the same tree on their documents.
    pub fn parse_fast(src: &'a str) -> Option<Doc<'a, V>> {
        crate::scan::parse(src)
    }

    /// The exact reader alone (quick-xml's `Reader`).
    pub fn parse_exact(src: &'a str) -> Result<Doc<'a, V>, XmlError> {
        crate::exact::parse(src)
    }

    /// The root element.
    pub fn root(&self) -> El<'_, 'a, V> {
        self.node(0)
    }

    pub(crate) fn node(&self, id: u32) -> El<'_, 'a, V> {
        El { doc: self, id }
    }

    /// Everything the tree holds, one element a line (to compare the two readers).
    pub fn dump(&self) -> String {
        let mut out = format!("root namespace {:?}\n", self.root_uri);
        for (i, n) in self.nodes.iter().enumerate() {
            let attrs = &self.attrs[n.attr_start as usize..(n.attr_start + n.attr_len) as usize];
            out += &format!(
                "{i}: {:?} {:?} {:?} parent {} first {} next {} at {} {attrs:?} {:?}\n",
                n.ns, n.name, n.local, n.parent, n.first_child, n.next_sibling, n.pos, n.text
            );
        }
        out
    }
}

/// A reference to one element of a [`Doc`].
pub struct El<'d, 'a, V: Vocabulary> {
    doc: &'d Doc<'a, V>,
    id: u32,
}

impl<V: Vocabulary> Clone for El<'_, '_, V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<V: Vocabulary> Copy for El<'_, '_, V> {}

impl<'d, 'a, V: Vocabulary> El<'d, 'a, V> {
    fn n(&self) -> &'d Node<'a, V> {
        &self.doc.nodes[self.id as usize]
    }

    pub fn ns(&self) -> V::Ns {
        self.n().ns
    }

    /// The local name as written.
    pub fn name(&self) -> &'d str {
        self.n().local
    }

    /// The local name's id.
    pub fn name_id(&self) -> V::Name {
        self.n().name
    }

    pub fn is(&self, ns: V::Ns, name: V::Name) -> bool {
        let n = self.n();
        n.name == name && n.ns == ns && name != V::OTHER_NAME
    }

    /// The element's text, trimmed.
    pub fn text(&self) -> &'d str {
        self.n().text.trim()
    }

    /// The text, or `None` when empty.
    pub fn value(&self) -> Option<&'d str> {
        Some(self.text()).filter(|t| !t.is_empty())
    }

    /// An unprefixed attribute.
    pub fn attr(&self, name: V::Attr) -> Option<&'d str> {
        let n = self.n();
        let range = n.attr_start as usize..(n.attr_start + n.attr_len) as usize;
        self.doc.attrs[range]
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_ref())
    }

    /// The parent element (`None` for the root).
    pub fn parent(&self) -> Option<El<'d, 'a, V>> {
        let p = self.n().parent;
        (p != NONE).then(|| self.doc.node(p))
    }

    /// All child elements.
    pub fn children(&self) -> Children<'d, 'a, V> {
        Children {
            doc: self.doc,
            next: self.n().first_child,
        }
    }

    /// Every element below this one, in document order (elements are stored in document
    /// order, so this is a range of the arena: the ids up to the next sibling of the nearest
    /// ancestor-or-self that has one).
    pub fn descendants(&self) -> impl Iterator<Item = El<'d, 'a, V>> + 'd {
        let doc = self.doc;
        let mut end = doc.nodes.len() as u32;
        let mut id = self.id;
        while id != NONE {
            let n = &doc.nodes[id as usize];
            if n.next_sibling != NONE {
                end = n.next_sibling;
                break;
            }
            id = n.parent;
        }
        (self.id + 1..end).map(move |id| El { doc, id })
    }

    /// Child elements with this name.
    pub fn all(&self, ns: V::Ns, name: V::Name) -> impl Iterator<Item = El<'d, 'a, V>> {
        self.children().filter(move |c| c.is(ns, name))
    }

    /// The first child element with this name.
    pub fn child(&self, ns: V::Ns, name: V::Name) -> Option<El<'d, 'a, V>> {
        self.children().find(|c| c.is(ns, name))
    }

    /// The first element reached by following `steps` (any branch).
    pub fn first(&self, steps: &[(V::Ns, V::Name)]) -> Option<El<'d, 'a, V>> {
        let Some((&(ns, name), rest)) = steps.split_first() else {
            return Some(*self);
        };
        self.children()
            .filter(|c| c.is(ns, name))
            .find_map(|c| c.first(rest))
    }

    /// Every element reached by following `steps`, in document order.
    pub fn select(&self, steps: &[(V::Ns, V::Name)]) -> Vec<El<'d, 'a, V>> {
        let mut out = Vec::new();
        self.select_into(steps, &mut out);
        out
    }

    fn select_into(&self, steps: &[(V::Ns, V::Name)], out: &mut Vec<El<'d, 'a, V>>) {
        match steps.split_first() {
            None => out.push(*self),
            Some((&(ns, name), rest)) => {
                for c in self.children().filter(|c| c.is(ns, name)) {
                    c.select_into(rest, out);
                }
            }
        }
    }

    /// The text at the end of `steps`, if any and not empty.
    pub fn text_at(&self, steps: &[(V::Ns, V::Name)]) -> Option<&'d str> {
        self.first(steps).and_then(|e| e.value())
    }

    /// `/Root/cac:A/cbc:B` style path of this element, for messages.
    pub fn path(&self) -> String {
        let mut parts = Vec::new();
        let mut id = self.id;
        while id != NONE {
            let n = &self.doc.nodes[id as usize];
            parts.push(format!("{}{}", V::prefix(n.ns), n.local));
            id = n.parent;
        }
        parts.reverse();
        format!("/{}", parts.join("/"))
    }

    /// The 1-based line of the start tag (binary search in a line index built once).
    pub fn line(&self) -> usize {
        let starts = self.doc.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(
                    self.doc
                        .src
                        .bytes()
                        .enumerate()
                        .filter(|&(_, b)| b == b'\n')
                        .map(|(i, _)| i as u32 + 1),
                )
                .collect()
        });
        let pos = self.n().pos;
        match starts.binary_search(&pos) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// Iterator over child elements.
pub struct Children<'d, 'a, V: Vocabulary> {
    doc: &'d Doc<'a, V>,
    next: u32,
}

impl<'d, 'a, V: Vocabulary> Iterator for Children<'d, 'a, V> {
    type Item = El<'d, 'a, V>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.next == NONE {
            return None;
        }
        let el = El {
            doc: self.doc,
            id: self.next,
        };
        self.next = self.doc.nodes[self.next as usize].next_sibling;
        Some(el)
    }
}
