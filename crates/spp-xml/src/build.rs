//! Turning markup events into a [`Doc`]: namespaces, names, attributes and text.
//!
//! Both readers ([`crate::scan`] and [`crate::exact`]) feed the same [`Builder`], so the tree
//! does not depend on which one read the document. Namespace declarations are resolved with a
//! small binding stack that follows quick-xml's `NsReader` rules (same results, same errors);
//! each URI is classified once, when declared. Local names become the vocabulary's ids once per
//! element. Only the unprefixed attributes the vocabulary names are kept; all others are still
//! checked.

use std::borrow::Cow;
use std::cell::OnceCell;

use quick_xml::events::{BytesDecl, BytesStart};
use quick_xml::name::NamespaceError;

use crate::error::{Position, XmlError};
use crate::tree::{Doc, Node, Vocabulary, NONE};

const XML_URI: &[u8] = b"http://www.w3.org/XML/1998/namespace";
const XMLNS_URI: &[u8] = b"http://www.w3.org/2000/xmlns/";

/// Deepest nesting accepted; notices stay far below this.
const MAX_DEPTH: usize = 256;

/// One namespace declaration in scope. An empty prefix is the default namespace; an empty
/// URI undeclares. `level` is the depth of the declaring element (root = 1); the reserved
/// `xml` and `xmlns` prefixes sit at level 0 and never go out of scope.
struct Binding<'a, V: Vocabulary> {
    prefix: Cow<'a, [u8]>,
    uri: Cow<'a, [u8]>,
    ns: V::Ns,
    level: usize,
}

/// The declarations in scope, innermost last, with their prefixes packed by [`pack`] in a
/// separate list that is quick to search.
struct Scope<'a, V: Vocabulary> {
    keys: Vec<u64>,
    bindings: Vec<Binding<'a, V>>,
}

impl<'a, V: Vocabulary> Scope<'a, V> {
    fn new() -> Scope<'a, V> {
        let reserved = |prefix: &'static [u8], uri: &'static [u8]| Binding {
            prefix: Cow::Borrowed(prefix),
            uri: Cow::Borrowed(uri),
            ns: V::OTHER_NS,
            level: 0,
        };
        Scope {
            keys: vec![pack(b"xml"), pack(b"xmlns")],
            bindings: vec![reserved(b"xml", XML_URI), reserved(b"xmlns", XMLNS_URI)],
        }
    }

    /// Add the `xmlns` attributes of an element at `level`, with `NsReader`'s checks:
    /// attributes are read without the duplicate check and reading stops at a bad one.
    fn declare(
        &mut self,
        src: &'a str,
        e: &BytesStart<'_>,
        level: usize,
    ) -> Result<(), NamespaceError> {
        for attr in e.attributes().with_checks(false) {
            let Ok(attr) = attr else { break };
            let key = attr.key.as_ref();
            let uri: &[u8] = &attr.value;
            let prefix = match key.strip_prefix(b"xmlns") {
                Some([]) => b"".as_slice(),
                Some([b':', prefix @ ..]) => match prefix {
                    b"xml" if uri != XML_URI => {
                        return Err(NamespaceError::InvalidXmlPrefixBind(uri.to_vec()))
                    }
                    b"xml" => continue,
                    b"xmlns" => return Err(NamespaceError::InvalidXmlnsPrefixBind(uri.to_vec())),
                    _ if uri == XML_URI => {
                        return Err(NamespaceError::InvalidPrefixForXml(prefix.to_vec()))
                    }
                    _ if uri == XMLNS_URI => {
                        return Err(NamespaceError::InvalidPrefixForXmlns(prefix.to_vec()))
                    }
                    _ => prefix,
                },
                _ => continue,
            };
            let keep = |bytes: &[u8]| match borrow(src, bytes) {
                Some(s) => Cow::Borrowed(s.as_bytes()),
                None => Cow::Owned(bytes.to_vec()),
            };
            self.keys.push(pack(prefix));
            self.bindings.push(Binding {
                prefix: keep(prefix),
                uri: keep(uri),
                ns: V::namespace(uri),
                level,
            });
        }
        Ok(())
    }

    /// Drop the declarations of elements deeper than `level`.
    fn leave(&mut self, level: usize) {
        while self.bindings.last().is_some_and(|b| b.level > level) {
            self.bindings.pop();
            self.keys.pop();
        }
    }

    /// The binding of an element prefix (`None`: no prefix), if bound to a namespace. An
    /// empty prefix (`<:a>`) is never bound.
    fn resolve(&self, prefix: Option<&[u8]>) -> Option<&Binding<'a, V>> {
        let key = match prefix {
            None => 0,
            Some([]) => return None,
            Some(p) => pack(p),
        };
        let i = self.keys.iter().rposition(|&k| k == key)?;
        let i = if key == LONG {
            // Long prefixes share a key: compare them in full.
            let p = prefix.unwrap_or_default();
            self.bindings[..=i].iter().rposition(|b| *b.prefix == *p)?
        } else {
            i
        };
        Some(&self.bindings[i]).filter(|b| !b.uri.is_empty())
    }
}

/// A prefix of up to 7 bytes as one number (length in the top byte, so only the empty prefix
/// gives 0); longer ones are `LONG`.
fn pack(prefix: &[u8]) -> u64 {
    if prefix.len() > 7 {
        return LONG;
    }
    let bytes = prefix.iter().fold(0, |k, &b| k << 8 | u64::from(b));
    (prefix.len() as u64) << 56 | bytes
}

const LONG: u64 = u64::MAX;

/// An open element: its node, its last child so far, and its name as written.
struct Open<'a> {
    id: u32,
    last_child: u32,
    qname: &'a str,
}

/// A document under construction.
pub struct Builder<'a, V: Vocabulary> {
    doc: Doc<'a, V>,
    scope: Scope<'a, V>,
    stack: Vec<Open<'a>>,
    root_done: bool,
}

impl<'a, V: Vocabulary> Builder<'a, V> {
    pub fn new(src: &'a str) -> Builder<'a, V> {
        Builder {
            doc: Doc {
                nodes: Vec::with_capacity(src.len() / 64),
                attrs: Vec::with_capacity(src.len() / 256),
                root_uri: String::new(),
                src,
                line_starts: OnceCell::new(),
            },
            scope: Scope::new(),
            stack: Vec::with_capacity(32),
            root_done: false,
        }
    }

    /// A start tag at byte `pos`: `content` is what lies between `<` and `>` (without the
    /// `/` of an empty element) and starts with a `name_len`-byte name, whose first colon is
    /// at `colon`. A namespace error is reported at `ns_error_at` (where quick-xml's
    /// `NsReader` reports it).
    pub fn start(
        &mut self,
        content: &'a str,
        name_len: usize,
        colon: Option<usize>,
        pos: usize,
        empty: bool,
        ns_error_at: usize,
    ) -> Result<(), XmlError> {
        let src = self.doc.src;
        let (Some(qname), Some(attrs)) = (content.get(..name_len), content.get(name_len..)) else {
            return Err(not_utf8(src, pos));
        };
        let level = self.stack.len() + 1;
        // Attributes are read first (noting namespace declarations on the way), but their
        // errors come after namespace and structure errors, as with quick-xml's `NsReader`.
        let attr_start = self.doc.attrs.len() as u32;
        let attributes = if attrs.is_empty() {
            Ok(false)
        } else {
            self.read_attributes(content, name_len, pos)
        };
        if !matches!(attributes, Ok(false)) {
            let e = BytesStart::from_content(content, name_len);
            self.scope
                .declare(src, &e, level)
                .map_err(|err| XmlError::Xml {
                    at: Position::at(src, ns_error_at),
                    path: self.path(),
                    message: err.to_string(),
                })?;
        }
        if self.stack.is_empty() && self.root_done {
            return Err(XmlError::Xml {
                at: Position::at(src, pos),
                path: String::new(),
                message: "a second root element after the first one".into(),
            });
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(XmlError::Xml {
                at: Position::at(src, pos),
                path: self.path(),
                message: format!("elements nested deeper than {MAX_DEPTH} levels"),
            });
        }
        attributes?;
        let (prefix, local) = match colon {
            Some(i) => (
                Some(&qname.as_bytes()[..i]),
                qname.get(i + 1..).unwrap_or(""),
            ),
            None => (None, qname),
        };
        let binding = self.scope.resolve(prefix);
        if self.stack.is_empty() {
            if let Some(b) = binding {
                self.doc.root_uri = String::from_utf8_lossy(&b.uri).into_owned();
            }
        }
        let ns = binding.map_or(V::OTHER_NS, |b| b.ns);
        let id = self.doc.nodes.len() as u32;
        self.doc.nodes.push(Node {
            text: Cow::Borrowed(""),
            local,
            parent: self.stack.last().map_or(NONE, |o| o.id),
            first_child: NONE,
            next_sibling: NONE,
            attr_start,
            attr_len: self.doc.attrs.len() as u32 - attr_start,
            pos: pos as u32,
            ns,
            name: V::name(local.as_bytes()),
        });
        if let Some(open) = self.stack.last_mut() {
            match open.last_child {
                NONE => self.doc.nodes[open.id as usize].first_child = id,
                last => self.doc.nodes[last as usize].next_sibling = id,
            }
            open.last_child = id;
        }
        if empty {
            self.scope.leave(level - 1);
            self.root_done |= self.stack.is_empty();
        } else {
            self.stack.push(Open {
                id,
                last_child: NONE,
                qname,
            });
        }
        Ok(())
    }

    /// The name (as written) of the innermost open element.
    pub fn open_name(&self) -> Option<&'a str> {
        self.stack.last().map(|o| o.qname)
    }

    /// An end tag (its name already checked by the reader).
    pub fn end(&mut self) {
        self.stack.pop();
        self.scope.leave(self.stack.len());
        self.root_done |= self.stack.is_empty();
    }

    /// Text at byte `pos`, as written; `has_ref` says whether it holds a `&`.
    #[inline]
    pub fn text(&mut self, raw: &'a str, pos: usize, has_ref: bool) -> Result<(), XmlError> {
        // The usual text between tags, ASCII whitespace before any other text, is dropped
        // here at once (inside the root it would be trimmed away, outside it is allowed).
        let no_text_yet = self
            .stack
            .last()
            .is_none_or(|cur| self.doc.nodes[cur.id as usize].text.is_empty());
        if no_text_yet && !has_ref && is_blank(raw) {
            return Ok(());
        }
        self.add_text(raw, pos, has_ref)
    }

    fn add_text(&mut self, raw: &'a str, pos: usize, has_ref: bool) -> Result<(), XmlError> {
        let src = self.doc.src;
        let Some(cur) = self.stack.last() else {
            if !raw.trim().is_empty() {
                return Err(XmlError::Xml {
                    at: Position::at(src, pos),
                    path: String::new(),
                    message: "text outside the root element".into(),
                });
            }
            return Ok(());
        };
        let id = cur.id as usize;
        let text = if has_ref {
            quick_xml::escape::unescape(raw).map_err(|err| XmlError::Xml {
                at: Position::at(src, pos),
                path: self.path(),
                message: format!("bad text: {err}"),
            })?
        } else {
            Cow::Borrowed(raw)
        };
        self.append_text(id, text);
        Ok(())
    }

    /// The content of a CDATA section.
    pub fn cdata(&mut self, raw: &'a str) {
        if let Some(cur) = self.stack.last() {
            self.append_text(cur.id as usize, Cow::Borrowed(raw));
        }
    }

    /// An XML declaration at byte `pos`: only UTF-8 (or ASCII) is read.
    pub fn decl(&self, d: &BytesDecl<'_>, pos: usize) -> Result<(), XmlError> {
        if let Some(Ok(enc)) = d.encoding() {
            let enc = String::from_utf8_lossy(&enc).to_ascii_lowercase();
            if !matches!(enc.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii") {
                return Err(XmlError::Encoding {
                    at: Position::at(self.doc.src, pos),
                    message: format!(
                        "the XML declaration says encoding {enc:?}; only UTF-8 is read"
                    ),
                });
            }
        }
        Ok(())
    }

    /// The end of the input.
    pub fn finish(self) -> Result<Doc<'a, V>, XmlError> {
        if !self.stack.is_empty() {
            return Err(XmlError::Truncated {
                at: Position::at(self.doc.src, self.doc.src.len()),
                path: self.path(),
            });
        }
        if self.doc.nodes.is_empty() {
            return Err(XmlError::NoRoot);
        }
        Ok(self.doc)
    }

    /// The path of the innermost open element, for messages.
    pub fn path(&self) -> String {
        self.stack
            .last()
            .map(|o| self.doc.node(o.id).path())
            .unwrap_or_default()
    }

    /// Check every attribute of a start tag and keep those the vocabulary names; says whether any may
    /// declare a namespace. The usual `key="value"` lists are split here; anything else (a
    /// syntax error, a duplicate, many attributes) goes through
    /// [`Builder::read_attributes_checked`], which reports exactly what quick-xml's checked
    /// attribute reading reports.
    fn read_attributes(
        &mut self,
        content: &'a str,
        name_len: usize,
        pos: usize,
    ) -> Result<bool, XmlError> {
        let start = self.doc.attrs.len();
        let mut seen: [&str; 8] = [""; 8];
        let mut count = 0;
        let mut declares = false;
        let mut i = name_len;
        while let Some(next) = next_attribute(content, i) {
            let Some((key, value, end)) = next else {
                return Ok(declares);
            };
            if count == seen.len() || seen[..count].contains(&key) {
                break;
            }
            seen[count] = key;
            count += 1;
            declares |= key.starts_with("xmlns");
            self.keep_attribute(key, value, pos)?;
            i = end;
        }
        self.doc.attrs.truncate(start);
        self.read_attributes_checked(content, name_len, pos)?;
        Ok(true)
    }

    /// [`Builder::read_attributes`] through quick-xml's checked reading.
    fn read_attributes_checked(
        &mut self,
        content: &'a str,
        name_len: usize,
        pos: usize,
    ) -> Result<(), XmlError> {
        let src = self.doc.src;
        let e = BytesStart::from_content(content, name_len);
        for attr in e.attributes() {
            let attr = attr.map_err(|err| XmlError::Xml {
                at: Position::at(src, pos),
                path: self.path(),
                message: format!("bad attribute: {err}"),
            })?;
            let key = borrow(src, attr.key.as_ref()).ok_or_else(|| not_utf8(src, pos))?;
            let value = borrow(src, &attr.value).ok_or_else(|| not_utf8(src, pos))?;
            self.keep_attribute(key, value, pos)?;
        }
        Ok(())
    }

    /// Keep one attribute if the vocabulary names it. Values are unescaped only when they hold a
    /// reference; that also checks the references of unprefixed attributes not kept.
    fn keep_attribute(&mut self, key: &str, raw: &'a str, pos: usize) -> Result<(), XmlError> {
        let known = V::attr(key.as_bytes());
        if !raw.as_bytes().contains(&b'&') {
            if let Some(key) = known {
                self.doc.attrs.push((key, Cow::Borrowed(raw)));
            }
            return Ok(());
        }
        if key.contains(':') || key == "xmlns" {
            return Ok(());
        }
        let value = quick_xml::escape::unescape(raw).map_err(|err| XmlError::Xml {
            at: Position::at(self.doc.src, pos),
            path: self.path(),
            message: format!("bad attribute value: {err}"),
        })?;
        if let Some(key) = known {
            self.doc.attrs.push((key, Cow::Owned(value.into_owned())));
        }
        Ok(())
    }

    /// Add a piece of text to an element. Whitespace before the first other text is left
    /// out: element text is only ever read trimmed.
    fn append_text(&mut self, id: usize, text: Cow<'a, str>) {
        let node = &mut self.doc.nodes[id];
        if !node.text.is_empty() {
            node.text.to_mut().push_str(&text);
        } else if !text.trim_start().is_empty() {
            node.text = text;
        }
    }
}

/// Whether `s` is only ASCII whitespace; quick for a line break and space indentation.
#[inline]
fn is_blank(s: &str) -> bool {
    let b = s.as_bytes();
    let indent = b
        .iter()
        .position(|&c| c != b'\n' && c != b'\r')
        .unwrap_or(b.len());
    let mut chunks = b[indent..].chunks_exact(8);
    let spaces = chunks
        .by_ref()
        .all(|c| c.try_into().map(u64::from_le_bytes).ok() == Some(0x2020_2020_2020_2020));
    if spaces {
        chunks.remainder().iter().all(u8::is_ascii_whitespace)
    } else {
        b.iter().all(u8::is_ascii_whitespace)
    }
}

/// XML whitespace as quick-xml defines it.
pub fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\r' | b'\n' | b'\t')
}

/// The next `key="value"` (or `'value'`) of a start tag's content from byte `i`, split the
/// way quick-xml splits it: `Some(None)` at the end, `None` for anything else.
#[allow(clippy::type_complexity)]
fn next_attribute(content: &str, i: usize) -> Option<Option<(&str, &str, usize)>> {
    let b = content.as_bytes();
    let Some(key_start) = (i..b.len()).find(|&j| !is_xml_space(b[j])) else {
        return Some(None);
    };
    let eq = (key_start + 1..b.len()).find(|&j| b[j] == b'=' || is_xml_space(b[j]))?;
    if b[eq] != b'=' {
        return None;
    }
    let quote = *b.get(eq + 1)?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let close = (eq + 2..b.len()).find(|&j| b[j] == quote)?;
    let key = content.get(key_start..eq)?;
    let value = content.get(eq + 2..close)?;
    Some(Some((key, value, close + 1)))
}

/// `bytes` as a slice of `src` when it points into it (the readers borrow from the input,
/// and split it only at ASCII delimiters, so the slice is always on character boundaries).
pub fn borrow<'a>(src: &'a str, bytes: &[u8]) -> Option<&'a str> {
    let start = (bytes.as_ptr() as usize).checked_sub(src.as_ptr() as usize)?;
    src.get(start..start.checked_add(bytes.len())?)
}

pub fn not_utf8(src: &str, pos: usize) -> XmlError {
    XmlError::Encoding {
        at: Position::at(src, pos),
        message: "a name or text is not valid UTF-8".into(),
    }
}
