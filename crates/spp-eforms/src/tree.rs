//! The eForms vocabulary of the shared element tree ([`spp_xml`]): namespaces, the local
//! names the extractors look for ([`N`]) and the attributes they read ([`Attr`]).

pub use crate::names::{Attr, N};

/// The element tree of an eForms notice.
pub type Doc<'a> = spp_xml::Doc<'a, Eforms>;
/// An element of an eForms notice.
pub type El<'d, 'a> = spp_xml::El<'d, 'a, Eforms>;

/// The eForms names, as [`spp_xml`] sees them.
pub struct Eforms;

impl spp_xml::Vocabulary for Eforms {
    type Ns = Ns;
    type Name = N;
    type Attr = Attr;
    const OTHER_NS: Ns = Ns::Other;
    const OTHER_NAME: N = N::Other;
    fn namespace(uri: &[u8]) -> Ns {
        Ns::from_uri(uri)
    }
    fn name(local: &[u8]) -> N {
        N::of(local)
    }
    fn attr(key: &[u8]) -> Option<Attr> {
        Attr::of(key)
    }
    fn prefix(ns: Ns) -> &'static str {
        ns.prefix()
    }
}

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

#[cfg(test)]
mod tests {
    use super::{Doc, Eforms};

    /// Whether the fast reader read `src`; when it did, the exact one must build the same tree.
    fn fast(src: &str) -> bool {
        let Some(fast) = Doc::parse_fast(src) else {
            return false;
        };
        match spp_xml::Doc::<Eforms>::parse_exact(src) {
            Ok(exact) => assert_eq!(fast.dump(), exact.dump(), "{src}"),
            Err(e) => panic!("the exact reader refused what the fast one read ({e}):\n{src}"),
        }
        true
    }

    fn fixtures(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("fixtures").flatten() {
            let path = entry.path();
            if path.is_dir() {
                fixtures(&path, out);
            } else if path.extension().is_some_and(|x| x == "xml") {
                let bytes = std::fs::read(&path).expect("readable fixture");
                let text = String::from_utf8(bytes).expect("UTF-8 fixture");
                out.push(text.trim_start_matches('\u{feff}').to_string());
            }
        }
    }

    fn all_fixtures() -> Vec<String> {
        let mut out = Vec::new();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        fixtures(&dir, &mut out);
        assert!(out.len() > 20);
        out
    }

    #[test]
    fn real_notices_take_the_fast_path_and_read_the_same() {
        for src in all_fixtures() {
            assert!(fast(&src), "the fast reader gave up on a fixture");
        }
    }

    #[test]
    fn mutated_notices_read_the_same() {
        let seeds: Vec<String> = all_fixtures()
            .into_iter()
            .filter(|s| s.len() < 9000)
            .collect();
        let snippets = [
            "<",
            ">",
            "/",
            "\"",
            "'",
            "&",
            "&amp;",
            "=",
            " ",
            "\n",
            ":",
            "<!--",
            "-->",
            "<![CDATA[",
            "]]>",
            "<?",
            "?>",
            " xmlns=\"\"",
            " xmlns:cbc=\"urn:x\"",
            " a=\"1\"",
            "</",
            "/>",
            "<x>",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n.max(1) as u64) as usize
        };
        let mut fast_count = 0;
        for _ in 0..1500 {
            let mut v = seeds[next(seeds.len())].clone().into_bytes();
            for _ in 0..1 + next(3) {
                let at = next(v.len() + 1);
                match next(4) {
                    0 => v.truncate(at),
                    1 => drop(v.drain(at..(at + next(40)).min(v.len()))),
                    _ => {
                        let s = snippets[next(snippets.len())];
                        v.splice(at..at, s.bytes());
                    }
                }
            }
            if let Ok(src) = String::from_utf8(v) {
                fast_count += usize::from(fast(&src));
            }
        }
        // Many mutations stay well-formed enough for the fast reader.
        assert!(fast_count > 150, "{fast_count}");
    }
}
