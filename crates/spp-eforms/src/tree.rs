//! A small namespace-resolved element tree, and the queries the extractors make on it.
//!
//! Elements are identified by (namespace, local name); prefixes never matter. Local names
//! are small ids ([`N`]), so matching is an integer compare. Text is kept per element (mixed
//! content is concatenated) and borrowed from the input unless it held a reference.
//!
//! [`Doc::parse`] first tries [`crate::scan`], a fast reader for ordinary well-formed
//! documents that gives up on anything unusual; then [`crate::exact`], built on quick-xml's
//! `Reader`, which reads everything else and says exactly what is wrong with a bad input.
//! Both feed the same [`crate::build::Builder`], so they build the same tree.

use std::borrow::Cow;
use std::cell::OnceCell;

use crate::error::ParseError;
pub use crate::names::{Attr, N};

/// The namespaces eForms uses, plus the document namespaces of the four root elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ns {
    Cbc,
    Cac,
    Ext,
    Efext,
    Efac,
    Efbc,
    /// One of the four eForms document namespaces (PIN, CN, CAN, BRIN).
    Doc,
    /// Any other namespace, or none.
    Other,
}

impl Ns {
    pub(crate) fn from_uri(uri: &[u8]) -> Ns {
        match uri {
            b"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" => Ns::Cbc,
            b"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" => Ns::Cac,
            b"urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2" => Ns::Ext,
            b"http://data.europa.eu/p27/eforms-ubl-extensions/1" => Ns::Efext,
            b"http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1" => Ns::Efac,
            b"http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1" => Ns::Efbc,
            b"urn:oasis:names:specification:ubl:schema:xsd:PriorInformationNotice-2"
            | b"urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2"
            | b"urn:oasis:names:specification:ubl:schema:xsd:ContractAwardNotice-2"
            | b"http://data.europa.eu/p27/eforms-business-registration-information-notice/1" => {
                Ns::Doc
            }
            _ => Ns::Other,
        }
    }

    /// The conventional prefix, for element paths in messages.
    pub fn prefix(self) -> &'static str {
        match self {
            Ns::Cbc => "cbc:",
            Ns::Cac => "cac:",
            Ns::Ext => "ext:",
            Ns::Efext => "efext:",
            Ns::Efac => "efac:",
            Ns::Efbc => "efbc:",
            Ns::Doc | Ns::Other => "",
        }
    }
}

pub(crate) const NONE: u32 = u32::MAX;

pub(crate) struct Node<'a> {
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
    pub ns: Ns,
    pub name: N,
}

/// A parsed document: an arena of elements; node 0 is the root element.
pub struct Doc<'a> {
    pub(crate) nodes: Vec<Node<'a>>,
    pub(crate) attrs: Vec<(Attr, Cow<'a, str>)>,
    /// The root element's namespace URI as written (for "not an eForms notice" messages).
    pub root_uri: String,
    pub(crate) src: &'a str,
    pub(crate) line_starts: OnceCell<Vec<u32>>,
}

impl<'a> Doc<'a> {
    /// Parse `src` (already checked to be UTF-8) into a tree. Refuses DOCTYPE declarations.
    pub fn parse(src: &'a str) -> Result<Doc<'a>, ParseError> {
        match crate::scan::parse(src) {
            Some(doc) => Ok(doc),
            None => crate::exact::parse(src),
        }
    }

    /// The root element.
    pub fn root(&self) -> El<'_, 'a> {
        self.node(0)
    }

    pub(crate) fn node(&self, id: u32) -> El<'_, 'a> {
        El { doc: self, id }
    }
}

#[cfg(test)]
impl Doc<'_> {
    /// Everything the tree holds, one element a line (to compare the two readers).
    pub(crate) fn dump(&self) -> String {
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
#[derive(Clone, Copy)]
pub struct El<'d, 'a> {
    doc: &'d Doc<'a>,
    id: u32,
}

impl<'d, 'a> El<'d, 'a> {
    fn n(&self) -> &'d Node<'a> {
        &self.doc.nodes[self.id as usize]
    }

    pub fn ns(&self) -> Ns {
        self.n().ns
    }

    /// The local name as written.
    pub fn name(&self) -> &'d str {
        self.n().local
    }

    pub fn is(&self, ns: Ns, name: N) -> bool {
        let n = self.n();
        n.name == name && n.ns == ns && name != N::Other
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
    pub fn attr(&self, name: Attr) -> Option<&'d str> {
        let n = self.n();
        let range = n.attr_start as usize..(n.attr_start + n.attr_len) as usize;
        self.doc.attrs[range]
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_ref())
    }

    /// All child elements.
    pub fn children(&self) -> Children<'d, 'a> {
        Children {
            doc: self.doc,
            next: self.n().first_child,
        }
    }

    /// Child elements with this name.
    pub fn all(&self, ns: Ns, name: N) -> impl Iterator<Item = El<'d, 'a>> {
        self.children().filter(move |c| c.is(ns, name))
    }

    /// The first child element with this name.
    pub fn child(&self, ns: Ns, name: N) -> Option<El<'d, 'a>> {
        self.children().find(|c| c.is(ns, name))
    }

    /// The first element reached by following `steps` (any branch).
    pub fn first(&self, steps: &[(Ns, N)]) -> Option<El<'d, 'a>> {
        let Some((&(ns, name), rest)) = steps.split_first() else {
            return Some(*self);
        };
        self.children()
            .filter(|c| c.is(ns, name))
            .find_map(|c| c.first(rest))
    }

    /// Every element reached by following `steps`, in document order.
    pub fn select(&self, steps: &[(Ns, N)]) -> Vec<El<'d, 'a>> {
        let mut out = Vec::new();
        self.select_into(steps, &mut out);
        out
    }

    fn select_into(&self, steps: &[(Ns, N)], out: &mut Vec<El<'d, 'a>>) {
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
    pub fn text_at(&self, steps: &[(Ns, N)]) -> Option<&'d str> {
        self.first(steps).and_then(|e| e.value())
    }

    /// `/Root/cac:A/cbc:B` style path of this element, for messages.
    pub fn path(&self) -> String {
        let mut parts = Vec::new();
        let mut id = self.id;
        while id != NONE {
            let n = &self.doc.nodes[id as usize];
            parts.push(format!("{}{}", n.ns.prefix(), n.local));
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
pub struct Children<'d, 'a> {
    doc: &'d Doc<'a>,
    next: u32,
}

impl<'d, 'a> Iterator for Children<'d, 'a> {
    type Item = El<'d, 'a>;
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
