//! A small namespace-resolved element tree built with quick-xml's `NsReader`.
//!
//! Elements are identified by (namespace, local name); prefixes never matter. Only the
//! attributes without a prefix are kept (`listName`, `schemeName`, `currencyID`, …), which is
//! all eForms puts on its elements. Text is kept per element (mixed content is concatenated).

use std::borrow::Cow;
use std::collections::HashMap;

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use crate::error::{ParseError, Position};

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
    fn from_uri(uri: &[u8]) -> Ns {
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

const NONE: u32 = u32::MAX;

struct Node<'a> {
    ns: Ns,
    /// Index into `Doc::names` (local names are interned).
    name: u32,
    parent: u32,
    first_child: u32,
    last_child: u32,
    next_sibling: u32,
    attr_start: u32,
    attr_len: u32,
    text: Cow<'a, str>,
    /// Byte offset of the start tag.
    pos: u32,
}

/// A parsed document: an arena of elements; node 0 is the root element.
pub struct Doc<'a> {
    nodes: Vec<Node<'a>>,
    attrs: Vec<(u32, Cow<'a, str>)>,
    names: Vec<Box<str>>,
    name_ids: HashMap<Box<[u8]>, u32>,
    /// The root element's namespace URI as written (for "not an eForms notice" messages).
    pub root_uri: String,
    src: &'a str,
    line_starts: std::cell::OnceCell<Vec<u32>>,
}

/// Deepest nesting accepted; eForms notices stay far below this.
const MAX_DEPTH: usize = 256;

impl<'a> Doc<'a> {
    /// Parse `src` (already checked to be UTF-8) into a tree. Refuses DOCTYPE declarations.
    pub fn parse(src: &'a str) -> Result<Doc<'a>, ParseError> {
        let mut reader = NsReader::from_str(src);
        reader.config_mut().check_end_names = true;
        let mut doc = Doc {
            nodes: Vec::with_capacity(src.len() / 64),
            attrs: Vec::new(),
            names: Vec::new(),
            name_ids: HashMap::new(),
            root_uri: String::new(),
            src,
            line_starts: std::cell::OnceCell::new(),
        };
        let mut stack: Vec<u32> = Vec::with_capacity(32);
        let mut root_done = false;
        loop {
            let before = reader.buffer_position() as usize;
            let (res, event) = match reader.read_resolved_event() {
                Ok(x) => x,
                Err(quick_xml::Error::Syntax(e))
                    if !matches!(e, quick_xml::errors::SyntaxError::InvalidBangMarkup) =>
                {
                    // Every other syntax error means the input ended inside a construct.
                    return Err(ParseError::Truncated {
                        at: Position::at(src, src.len()),
                        path: format!("{} ({e})", doc.path_of_stack(&stack)),
                    });
                }
                Err(e) => {
                    let at = reader.error_position() as usize;
                    return Err(ParseError::Xml {
                        at: Position::at(src, at),
                        path: doc.path_of_stack(&stack),
                        message: e.to_string(),
                    });
                }
            };
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(event, Event::Empty(_));
                    if stack.is_empty() && root_done {
                        return Err(ParseError::Xml {
                            at: Position::at(src, before),
                            path: String::new(),
                            message: "a second root element after the first one".into(),
                        });
                    }
                    if stack.len() >= MAX_DEPTH {
                        return Err(ParseError::Xml {
                            at: Position::at(src, before),
                            path: doc.path_of_stack(&stack),
                            message: format!("elements nested deeper than {MAX_DEPTH} levels"),
                        });
                    }
                    let ns = match res {
                        ResolveResult::Bound(ref n) => Ns::from_uri(n.as_ref()),
                        _ => Ns::Other,
                    };
                    if stack.is_empty() {
                        if let ResolveResult::Bound(ref n) = res {
                            doc.root_uri = String::from_utf8_lossy(n.as_ref()).into_owned();
                        }
                    }
                    let name = doc.intern(e.local_name().into_inner(), src, before)?;
                    let attr_start = doc.attrs.len() as u32;
                    for attr in e.attributes() {
                        let attr = attr.map_err(|err| ParseError::Xml {
                            at: Position::at(src, before),
                            path: doc.path_of_stack(&stack),
                            message: format!("bad attribute: {err}"),
                        })?;
                        if attr.key.prefix().is_some() || attr.key.as_ref() == b"xmlns" {
                            continue;
                        }
                        let key = doc.intern(attr.key.local_name().into_inner(), src, before)?;
                        let borrowed = match &attr.value {
                            Cow::Borrowed(b) => borrow(src, b),
                            Cow::Owned(_) => None,
                        };
                        let value = match borrowed {
                            // Borrow from the input when nothing needs unescaping.
                            Some(v) if !v.contains('&') => Cow::Borrowed(v),
                            _ => Cow::Owned(
                                attr.unescape_value()
                                    .map_err(|err| ParseError::Xml {
                                        at: Position::at(src, before),
                                        path: doc.path_of_stack(&stack),
                                        message: format!("bad attribute value: {err}"),
                                    })?
                                    .into_owned(),
                            ),
                        };
                        doc.attrs.push((key, value));
                    }
                    let id = doc.nodes.len() as u32;
                    let parent = stack.last().copied().unwrap_or(NONE);
                    doc.nodes.push(Node {
                        ns,
                        name,
                        parent,
                        first_child: NONE,
                        last_child: NONE,
                        next_sibling: NONE,
                        attr_start,
                        attr_len: doc.attrs.len() as u32 - attr_start,
                        text: Cow::Borrowed(""),
                        pos: before as u32,
                    });
                    if parent != NONE {
                        let p = &mut doc.nodes[parent as usize];
                        let last = p.last_child;
                        p.last_child = id;
                        if last == NONE {
                            p.first_child = id;
                        } else {
                            doc.nodes[last as usize].next_sibling = id;
                        }
                    }
                    if empty {
                        if stack.is_empty() {
                            root_done = true;
                        }
                    } else {
                        stack.push(id);
                    }
                }
                Event::End(_) => {
                    stack.pop();
                    if stack.is_empty() {
                        root_done = true;
                    }
                }
                Event::Text(t) => {
                    let Some(&cur) = stack.last() else {
                        let raw = String::from_utf8_lossy(t.as_ref());
                        if !raw.trim().is_empty() {
                            return Err(ParseError::Xml {
                                at: Position::at(src, before),
                                path: String::new(),
                                message: "text outside the root element".into(),
                            });
                        }
                        continue;
                    };
                    let text = t.unescape().map_err(|err| ParseError::Xml {
                        at: Position::at(src, before),
                        path: doc.path_of_stack(&stack),
                        message: format!("bad text: {err}"),
                    })?;
                    doc.append_text(cur, text);
                }
                Event::CData(c) => {
                    if let Some(&cur) = stack.last() {
                        let text = utf8(c.into_inner(), src, before)?;
                        doc.append_text(cur, text);
                    }
                }
                Event::DocType(_) => {
                    return Err(ParseError::Doctype {
                        at: Position::at(src, before),
                    })
                }
                Event::Decl(d) => {
                    if let Some(Ok(enc)) = d.encoding() {
                        let enc = String::from_utf8_lossy(&enc).to_ascii_lowercase();
                        if !matches!(enc.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii") {
                            return Err(ParseError::Encoding {
                                at: Position::at(src, before),
                                message: format!(
                                    "the XML declaration says encoding {enc:?}; only UTF-8 is read"
                                ),
                            });
                        }
                    }
                }
                Event::Comment(_) | Event::PI(_) => {}
                Event::Eof => {
                    if !stack.is_empty() {
                        return Err(ParseError::Truncated {
                            at: Position::at(src, src.len()),
                            path: doc.path_of_stack(&stack),
                        });
                    }
                    if doc.nodes.is_empty() {
                        return Err(ParseError::NoRoot);
                    }
                    return Ok(doc);
                }
            }
        }
    }

    fn intern(&mut self, name: &[u8], src: &str, pos: usize) -> Result<u32, ParseError> {
        if let Some(&id) = self.name_ids.get(name) {
            return Ok(id);
        }
        let text = utf8(Cow::Borrowed(name), src, pos)?;
        let id = self.names.len() as u32;
        self.names.push(text.into_owned().into_boxed_str());
        self.name_ids.insert(name.into(), id);
        Ok(id)
    }

    fn append_text(&mut self, id: u32, text: Cow<'a, str>) {
        let node = &mut self.nodes[id as usize];
        if node.text.is_empty() {
            node.text = text;
        } else {
            node.text.to_mut().push_str(&text);
        }
    }

    fn path_of_stack(&self, stack: &[u32]) -> String {
        stack
            .last()
            .map(|&id| self.node(id).path())
            .unwrap_or_default()
    }

    /// The root element.
    pub fn root(&self) -> El<'_, 'a> {
        self.node(0)
    }

    fn node(&self, id: u32) -> El<'_, 'a> {
        El { doc: self, id }
    }
}

/// `bytes` as a slice of `src` when it points into it (quick-xml borrows from the input).
fn borrow<'a>(src: &'a str, bytes: &[u8]) -> Option<&'a str> {
    let start = (bytes.as_ptr() as usize).checked_sub(src.as_ptr() as usize)?;
    src.get(start..start.checked_add(bytes.len())?)
}

fn utf8<'a>(bytes: Cow<'a, [u8]>, src: &str, pos: usize) -> Result<Cow<'a, str>, ParseError> {
    let bad = || ParseError::Encoding {
        at: Position::at(src, pos),
        message: "a name or text is not valid UTF-8".into(),
    };
    match bytes {
        Cow::Borrowed(b) => std::str::from_utf8(b).map(Cow::Borrowed).map_err(|_| bad()),
        Cow::Owned(v) => String::from_utf8(v).map(Cow::Owned).map_err(|_| bad()),
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

    pub fn name(&self) -> &'d str {
        &self.doc.names[self.n().name as usize]
    }

    pub fn is(&self, ns: Ns, name: &str) -> bool {
        self.n().ns == ns && self.name() == name
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
    pub fn attr(&self, name: &str) -> Option<&'d str> {
        let n = self.n();
        let range = n.attr_start as usize..(n.attr_start + n.attr_len) as usize;
        self.doc.attrs[range]
            .iter()
            .find(|(k, _)| &*self.doc.names[*k as usize] == name)
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
    pub fn all(&self, ns: Ns, name: &'static str) -> impl Iterator<Item = El<'d, 'a>> {
        self.children().filter(move |c| c.is(ns, name))
    }

    /// The first child element with this name.
    pub fn child(&self, ns: Ns, name: &str) -> Option<El<'d, 'a>> {
        self.children().find(|c| c.is(ns, name))
    }

    /// The first element reached by following `steps` (any branch).
    pub fn first(&self, steps: &[(Ns, &str)]) -> Option<El<'d, 'a>> {
        let Some((&(ns, name), rest)) = steps.split_first() else {
            return Some(*self);
        };
        self.children()
            .filter(|c| c.is(ns, name))
            .find_map(|c| c.first(rest))
    }

    /// Every element reached by following `steps`, in document order.
    pub fn select(&self, steps: &[(Ns, &str)]) -> Vec<El<'d, 'a>> {
        let mut out = Vec::new();
        self.select_into(steps, &mut out);
        out
    }

    fn select_into(&self, steps: &[(Ns, &str)], out: &mut Vec<El<'d, 'a>>) {
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
    pub fn text_at(&self, steps: &[(Ns, &str)]) -> Option<&'d str> {
        self.first(steps).and_then(|e| e.value())
    }

    /// `/Root/cac:A/cbc:B` style path of this element, for messages.
    pub fn path(&self) -> String {
        let mut parts = Vec::new();
        let mut id = self.id;
        while id != NONE {
            let n = &self.doc.nodes[id as usize];
            parts.push(format!(
                "{}{}",
                n.ns.prefix(),
                self.doc.names[n.name as usize]
            ));
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
