//! The fast reader: a plain byte scanner for ordinary well-formed documents.
//!
//! It splits the input into the same events, at the same byte offsets, as quick-xml's
//! `Reader` would (start and end tags, text, CDATA, comments, processing instructions, the
//! XML declaration) and feeds them to the same [`Builder`]. It gives up (`None`) on anything
//! unusual or wrong (DOCTYPE, a second byte-order mark, mismatched or unclosed tags, quotes
//! in end tags, any error the builder reports, …); [`crate::exact`] then reads the input
//! again and reports precisely. So this reader never decides what an error says, and what it
//! accepts it reads exactly as the exact reader would (tests compare the two, here and in
//! each reader crate on its real documents).

use quick_xml::events::{BytesDecl, BytesStart};

use crate::build::{is_xml_space, Builder};
use crate::tree::{Doc, Vocabulary};

pub fn parse<V: Vocabulary>(src: &str) -> Option<Doc<'_, V>> {
    let b = src.as_bytes();
    // quick-xml skips a (second) byte-order mark without counting it in positions.
    if b.starts_with(b"\xEF\xBB\xBF") {
        return None;
    }
    let mut out = Builder::new(src);
    let mut i = 0;
    loop {
        let mut has_ref = false;
        let lt = match find2(b, i, b'<', b'&') {
            Some(amp) if b[amp] == b'&' => {
                has_ref = true;
                find(b, amp + 1, b'<')
            }
            lt => lt,
        };
        let text_end = lt.unwrap_or(b.len());
        let had_text = text_end > i;
        if had_text {
            out.text(src.get(i..text_end)?, i, has_ref).ok()?;
        }
        let Some(lt) = lt else {
            return out.finish().ok();
        };
        i = match *b.get(lt + 1)? {
            b'!' => bang(src, lt, &mut out)?,
            b'/' => end_tag(src, lt, &mut out)?,
            b'?' => question_mark(src, lt, &out)?,
            _ => start_tag(src, lt, &mut out)?,
        };
    }
}

/// Bytes that end the plain run of a tag name.
const NAME_STOP: [bool; 256] = {
    let mut t = [false; 256];
    let stops = *b" \t\r\n:>/\"'";
    let mut i = 0;
    while i < stops.len() {
        t[stops[i] as usize] = true;
        i += 1;
    }
    t
};

/// `<name attributes>` or `<name attributes/>` at `lt`; returns the offset after it. The
/// name is read in the same pass that finds its end and first colon.
fn start_tag<'a, V: Vocabulary>(
    src: &'a str,
    lt: usize,
    out: &mut Builder<'a, V>,
) -> Option<usize> {
    let b = src.as_bytes();
    let name_start = lt + 1;
    let mut colon = None;
    let mut j = name_start;
    let (name_end, gt) = loop {
        j = name_stop(b, j)?;
        match b[j] {
            b':' => colon = colon.or(Some(j - name_start)),
            b'>' => break (j, j),
            b'/' if b.get(j + 1) == Some(&b'>') => break (j, j + 1),
            c if is_xml_space(c) => {
                // The closing `>` is the first one outside quoted attribute values.
                let mut gt = find(b, j, b'>')?;
                if let Some(q) = find2(&b[..gt], j, b'"', b'\'') {
                    gt = quoted_tag_end(b, q)?;
                }
                break (j, gt);
            }
            // Quotes or a `/` in a name: left to the exact reader.
            _ => return None,
        }
        j += 1;
    };
    if name_end == name_start {
        return None;
    }
    let empty = b[gt - 1] == b'/';
    let content = src.get(name_start..if empty { gt - 1 } else { gt })?;
    out.start(content, name_end - name_start, colon, lt, empty, 0)
        .ok()?;
    Some(gt + 1)
}

/// The first `>` outside quotes, from the first quote at `q`.
fn quoted_tag_end(b: &[u8], mut q: usize) -> Option<usize> {
    loop {
        let close = find(b, q + 1, b[q])?;
        let gt = find(b, close + 1, b'>')?;
        match find2(&b[..gt], close + 1, b'"', b'\'') {
            Some(next) => q = next,
            None => return Some(gt),
        }
    }
}

/// `</name>` at `lt`, which must close the innermost open element.
fn end_tag<V: Vocabulary>(src: &str, lt: usize, out: &mut Builder<'_, V>) -> Option<usize> {
    let b = src.as_bytes();
    let name = out.open_name()?.as_bytes();
    let after = lt + 2 + name.len();
    if b.get(lt + 2..after) != Some(name) {
        return None;
    }
    // Usually `>` follows at once; quick-xml also allows whitespace before it.
    let gt = match *b.get(after)? {
        b'>' => after,
        c if is_xml_space(c) => {
            let gt = find(b, after, b'>')?;
            if !b[after..gt].iter().all(|&c| is_xml_space(c)) {
                return None;
            }
            gt
        }
        _ => return None,
    };
    out.end();
    Some(gt + 1)
}

/// A comment or a CDATA section at `lt` (anything else starting with `<!` is left to the
/// exact reader).
fn bang<'a, V: Vocabulary>(src: &'a str, lt: usize, out: &mut Builder<'a, V>) -> Option<usize> {
    let b = src.as_bytes();
    if b[lt..].starts_with(b"<!--") {
        let close = find_seq(b, lt + 4, b"-->")?;
        return Some(close + 3);
    }
    if b[lt..].starts_with(b"<![CDATA[") {
        let close = find_seq(b, lt + 9, b"]]>")?;
        out.cdata(src.get(lt + 9..close)?);
        return Some(close + 3);
    }
    None
}

/// A processing instruction or the XML declaration at `lt`.
fn question_mark<V: Vocabulary>(src: &str, lt: usize, out: &Builder<'_, V>) -> Option<usize> {
    let b = src.as_bytes();
    // The first `?>` after `<?`; `<?>` itself is an error.
    let close = find_seq(b, lt + 1, b"?>")?;
    if close == lt + 1 {
        return None;
    }
    let content = src.get(lt + 2..close)?;
    let is_decl =
        content.starts_with("xml") && content.as_bytes().get(3).is_none_or(|&c| is_xml_space(c));
    if is_decl {
        let decl = BytesDecl::from_start(BytesStart::from_content(content, 3));
        out.decl(&decl, lt).ok()?;
    }
    Some(close + 2)
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Bits set in the bytes of `word` that are zero (exact for the lowest such byte).
fn zero_bytes(word: u64) -> u64 {
    word.wrapping_sub(ONES) & !word & HIGHS
}

/// The first `byte` at or after `from`, eight bytes at a time.
fn find(b: &[u8], from: usize, byte: u8) -> Option<usize> {
    let rest = b.get(from..)?;
    let pattern = ONES * u64::from(byte);
    let mut chunks = rest.chunks_exact(8);
    let mut offset = from;
    for chunk in chunks.by_ref() {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let hits = zero_bytes(word ^ pattern);
        if hits != 0 {
            return Some(offset + (hits.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    let tail = chunks.remainder();
    tail.iter().position(|&c| c == byte).map(|p| offset + p)
}

/// The first byte at or after `from` that ends a plain run of name characters. All such
/// bytes are below `@` (0x40), so words without such a byte are skipped whole.
fn name_stop(b: &[u8], from: usize) -> Option<usize> {
    let rest = b.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut offset = from;
    for chunk in chunks.by_ref() {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let mut low = word.wrapping_sub(ONES * 0x40) & !word & HIGHS;
        while low != 0 {
            let at = offset + (low.trailing_zeros() / 8) as usize;
            if NAME_STOP[b[at] as usize] {
                return Some(at);
            }
            low &= low - 1;
        }
        offset += 8;
    }
    let tail = chunks.remainder();
    let p = tail.iter().position(|&c| NAME_STOP[c as usize])?;
    Some(offset + p)
}

/// The first `x` or `y` at or after `from`.
fn find2(b: &[u8], from: usize, x: u8, y: u8) -> Option<usize> {
    let rest = b.get(from..)?;
    let (px, py) = (ONES * u64::from(x), ONES * u64::from(y));
    let mut chunks = rest.chunks_exact(8);
    let mut offset = from;
    for chunk in chunks.by_ref() {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let hits = zero_bytes(word ^ px) | zero_bytes(word ^ py);
        if hits != 0 {
            return Some(offset + (hits.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    let tail = chunks.remainder();
    tail.iter()
        .position(|&c| c == x || c == y)
        .map(|p| offset + p)
}

/// The first occurrence of `seq` at or after `from`.
fn find_seq(b: &[u8], from: usize, seq: &[u8]) -> Option<usize> {
    let (&first, rest) = seq.split_first()?;
    let mut i = from;
    loop {
        let at = find(b, i, first)?;
        if b[at + 1..].starts_with(rest) {
            return Some(at);
        }
        i = at + 1;
    }
}

#[cfg(test)]
mod tests {
    use crate::tree::{Doc, Vocabulary};

    /// A vocabulary that knows a few names of each kind.
    pub(crate) struct Test;

    crate::names! { pub(crate) enum N { a b c ID x } }

    impl Vocabulary for Test {
        type Ns = u8;
        type Name = N;
        type Attr = u8;
        const OTHER_NS: u8 = 0;
        const OTHER_NAME: N = N::Other;
        fn namespace(uri: &[u8]) -> u8 {
            match uri {
                b"urn:x" => 1,
                b"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" => 2,
                _ => 0,
            }
        }
        fn name(local: &[u8]) -> N {
            N::of(local)
        }
        fn attr(key: &[u8]) -> Option<u8> {
            match key {
                b"listName" => Some(1),
                b"x" => Some(2),
                _ => None,
            }
        }
        fn prefix(ns: u8) -> &'static str {
            ["", "x:", "cbc:"][usize::from(ns).min(2)]
        }
    }

    /// Whether the fast reader read `src`; when it did, the exact one must build the same tree.
    pub(crate) fn fast(src: &str) -> bool {
        let Some(fast) = Doc::<Test>::parse_fast(src) else {
            return false;
        };
        match Doc::<Test>::parse_exact(src) {
            Ok(exact) => assert_eq!(fast.dump(), exact.dump(), "{src}"),
            Err(e) => panic!("the exact reader refused what the fast one read ({e}):\n{src}"),
        }
        true
    }

    #[test]
    fn odd_markup_reads_the_same_or_is_left_to_the_exact_reader() {
        let ns = r#"xmlns="urn:x" xmlns:c="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2""#;
        let read = [
            format!("<a {ns}><c:ID>1</c:ID><c:ID/><c:ID></c:ID  ></a>"),
            format!("<a {ns}>\n  <b x='1' listName=\"L&amp;M\" c:y=\"&bad;\">t&#233;xt<![CDATA[ <x> ]]>more</b>\n</a>"),
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><!-- c --><?pi x?><a {ns}/><!-- d -->\n"),
            format!("<a {ns}><b a=\"1\"b=\"2\" c = \"3\" d='>'/>  <e f=\"/\"/></a>"),
            format!("<a {ns}><c:x xmlns:c=\"urn:y\"><c:ID/></c:x><c:ID xmlns:c=\"\"/><:b/><c:/></a>"),
            format!("<a {ns}><b>x<!---->y<!-- - -->z</b><c><![CDATA[]]]]></c></a>"),
            format!("<a {ns}>1<b/>2<c> </c>3 &lt; 4</a>"),
            "<a>\u{a0}<b/>\u{a0}x\u{a0}<c>\t\u{2003}</c></a>".to_string(),
            "<a:b:c xmlns:a=\"urn:x\"><d/></a:b:c>".to_string(),
            "<!--->--><a><!---->--></a>".to_string(),
        ];
        for src in &read {
            assert!(fast(src), "{src}");
        }
        let left = [
            "\u{feff}<a/>",
            "<!DOCTYPE a><a/>",
            "<a></b>",
            "<a/><b/>",
            "<a>x",
            "<a x=\"1\" x=\"2\"/>",
            "<a x=\"&bad;\"/>",
            "<a><</a>",
            "<a></a \"x\">",
            "<a\"b\"/>",
            "<a/b/>",
            "<a><g/ ></a>",
            "<?><a/>",
            "<?xml version=\"1.0\" encoding=\"latin1\"?><a/>",
            "<a xmlns:xml=\"urn:x\"/>",
            "x<a/>",
            "<a>&unknown;</a>",
            "",
            "<!-- only a comment -->",
        ];
        for src in left {
            assert!(!fast(src), "{src}");
        }
    }

    #[test]
    fn descendants_are_the_subtree_in_document_order() {
        let doc = Doc::<Test>::parse("<a><b><c/><x>1</x></b><c><ID/></c></a>").unwrap();
        let names = |el: crate::El<'_, '_, Test>| -> Vec<String> {
            el.descendants().map(|d| d.name().to_string()).collect()
        };
        let root = doc.root();
        assert_eq!(names(root), ["b", "c", "x", "c", "ID"]);
        let b = root.child(0, N::b).unwrap();
        assert_eq!(names(b), ["c", "x"]);
        let last = root.children().last().unwrap();
        assert_eq!(names(last), ["ID"]);
        assert_eq!(b.parent().map(|p| p.name()), Some("a"));
        assert!(root.parent().is_none());
    }
}
