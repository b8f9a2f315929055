//! One pass over a text for every phrase the classification looks for: label names and
//! aliases, life-cycle-cost phrases and circular-economy stems. An Aho-Corasick automaton over
//! all of them (folded) is built once per catalogue; each text is then scanned once instead of
//! once per phrase. The rules are those of `text.rs`: label names and LCC phrases match as
//! whole words, stems at the start of a word, and the first hit in catalogue order decides
//! the evidence.

use aho_corasick::AhoCorasick;

use crate::model::Label;
use crate::text::{fold, is_word, CIRCULAR_STEMS, LCC_PHRASES};

/// The automaton and, for each thing looked for, its pattern number.
#[derive(Debug, Clone)]
pub(crate) struct TextMatcher {
    ac: AhoCorasick,
    patterns: usize,
    /// Per label, per name (`name`, then `aliases`): the pattern (`None` for an empty name).
    labels: Vec<Vec<Option<usize>>>,
    lcc: Vec<Option<usize>>,
    stems: Vec<Option<usize>>,
}

/// The patterns found in one text.
pub(crate) struct Hits<'m> {
    matcher: &'m TextMatcher,
    /// Pattern occurs as a whole word.
    word: Vec<bool>,
    /// Pattern occurs at the start of a word.
    start: Vec<bool>,
}

impl TextMatcher {
    pub(crate) fn new(labels: &[Label]) -> TextMatcher {
        let mut needles: Vec<String> = Vec::new();
        let mut id = |text: &str| {
            let folded = fold(text);
            if folded.is_empty() {
                return None;
            }
            Some(match needles.iter().position(|n| *n == folded) {
                Some(i) => i,
                None => {
                    needles.push(folded);
                    needles.len() - 1
                }
            })
        };
        let labels = labels
            .iter()
            .map(|l| {
                std::iter::once(&l.name)
                    .chain(&l.aliases)
                    .map(|n| id(n))
                    .collect()
            })
            .collect();
        let lcc = LCC_PHRASES.iter().map(|p| id(p)).collect();
        let stems = CIRCULAR_STEMS.iter().map(|s| id(s)).collect();
        // The needles are plain strings: building cannot fail short of exhausting memory.
        let ac = AhoCorasick::new(&needles).expect("an automaton over a few hundred phrases");
        TextMatcher {
            ac,
            patterns: needles.len(),
            labels,
            lcc,
            stems,
        }
    }

    /// Every pattern occurrence in `hay` (folded), with the word boundaries checked.
    pub(crate) fn scan(&self, hay: &str) -> Hits<'_> {
        let mut hits = Hits {
            matcher: self,
            word: vec![false; self.patterns],
            start: vec![false; self.patterns],
        };
        for m in self.ac.find_overlapping_iter(hay) {
            let before_ok = hay[..m.start()]
                .chars()
                .next_back()
                .is_none_or(|c| !is_word(c));
            if !before_ok {
                continue;
            }
            let p = m.pattern().as_usize();
            hits.start[p] = true;
            if hay[m.end()..].chars().next().is_none_or(|c| !is_word(c)) {
                hits.word[p] = true;
            }
        }
        hits
    }
}

impl Hits<'_> {
    /// The first name (in `name`, `aliases` order) of label `label` found as a word.
    pub(crate) fn label_name(&self, label: usize) -> Option<usize> {
        let names = self.matcher.labels.get(label)?;
        names.iter().position(|p| p.is_some_and(|p| self.word[p]))
    }

    /// The first life-cycle-cost phrase found as a word.
    pub(crate) fn lcc_phrase(&self) -> Option<&'static str> {
        let i = self
            .matcher
            .lcc
            .iter()
            .position(|p| p.is_some_and(|p| self.word[p]))?;
        Some(LCC_PHRASES[i])
    }

    /// The first circular-economy stem found at the start of a word.
    pub(crate) fn circular_stem(&self) -> Option<&'static str> {
        let i = self
            .matcher
            .stems
            .iter()
            .position(|p| p.is_some_and(|p| self.start[p]))?;
        Some(CIRCULAR_STEMS[i])
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::text::{contains_word, find_words, has_stem};
    use crate::Catalogue;

    /// What the matcher must find, by the plain one-phrase-at-a-time search.
    fn plain(
        labels: &[Label],
        hay: &str,
    ) -> (
        Vec<Option<usize>>,
        Option<&'static str>,
        Option<&'static str>,
    ) {
        let names = labels
            .iter()
            .map(|l| {
                std::iter::once(&l.name)
                    .chain(&l.aliases)
                    .position(|n| contains_word(hay, &fold(n)))
            })
            .collect();
        let lcc = LCC_PHRASES
            .iter()
            .find(|p| !find_words(hay, p).is_empty())
            .copied();
        let stem = CIRCULAR_STEMS.iter().find(|s| has_stem(hay, s)).copied();
        (names, lcc, stem)
    }

    fn same(catalogue: &Catalogue, text: &str) {
        let hay = fold(text);
        let hits = catalogue.matcher.scan(&hay);
        let names = (0..catalogue.labels.len())
            .map(|i| hits.label_name(i))
            .collect();
        assert_eq!(
            (names, hits.lcc_phrase(), hits.circular_stem()),
            plain(&catalogue.labels, &hay),
            "{text:?}"
        );
    }

    #[test]
    fn finds_what_the_plain_search_finds() {
        let catalogue = Catalogue::bundled().expect("bundled catalogue");
        for text in [
            "",
            "EU Ecolabel of gelijkwaardig; Blauer Engel",
            "Prix 60 %, coût du cycle de vie 40 %",
            "total cost of ownership (TCO) over 5 years; TCO Certified",
            "réemploi, recyclable, take-back; procircular is not circular-ish",
            "nordic swan ecolabel, Nordic Swan, FSC, PEFC, fairtrade, SA8000",
            "lccc lcc-lcc (lcc) xlcc",
            "Levenscycluskosten en levenscycluskost; whole-life cost",
        ] {
            same(&catalogue, text);
        }
        // Every award criterion and strategic description of the bundled sample.
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample");
        let mut texts = 0;
        for path in xml_files(&dir) {
            let Ok(notice) = spp_eforms::parse_notice(&std::fs::read(&path).expect("read")) else {
                continue;
            };
            for lot in &notice.lots {
                for ac in &lot.award_criteria {
                    same(&catalogue, &ac.name.all_text());
                    same(&catalogue, &ac.description.all_text());
                    texts += 2;
                }
                same(&catalogue, &lot.strategic.description.all_text());
            }
        }
        assert!(texts > 500, "only {texts} award-criterion texts");
    }

    fn xml_files(dir: &Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).expect("sample dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(xml_files(&path));
            } else if path.extension().is_some_and(|e| e == "xml") {
                out.push(path);
            }
        }
        out
    }
}
