//! Text matching for classification: case-insensitive, accent-insensitive, on word boundaries.

/// Lowercase and fold the accents that occur in NL/FR/DE procurement text.
pub(crate) fn fold(text: &str) -> String {
    if text.is_ascii() {
        // The same result byte by byte: ASCII lowercases to ASCII, and '`' is the only ASCII
        // character the table below changes.
        let mut out = text.to_ascii_lowercase();
        if out.contains('`') {
            out = out.replace('`', "'");
        }
        return out;
    }
    fold_chars(text)
}

fn fold_chars(text: &str) -> String {
    text.chars()
        .flat_map(|c| c.to_lowercase())
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ß' => 's',
            '’' | '`' => '\'',
            '‐' | '‑' | '–' => '-',
            other => other,
        })
        .collect()
}

pub(crate) fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// Byte offsets where `needle` (already folded) occurs in `hay` (already folded) as a whole
/// word or phrase: not preceded or followed by a letter or digit.
pub(crate) fn find_words(hay: &str, needle: &str) -> Vec<usize> {
    let mut hits = Vec::new();
    if needle.is_empty() {
        return hits;
    }
    let mut from = 0;
    while let Some(pos) = hay[from..].find(needle) {
        let start = from + pos;
        let end = start + needle.len();
        let before_ok = hay[..start].chars().next_back().is_none_or(|c| !is_word(c));
        let after_ok = hay[end..].chars().next().is_none_or(|c| !is_word(c));
        if before_ok && after_ok {
            hits.push(start);
        }
        from = start + needle.len().max(1);
        while from < hay.len() && !hay.is_char_boundary(from) {
            from += 1;
        }
    }
    hits
}

/// True when the folded `needle` occurs as a word in `hay` (folded).
pub(crate) fn contains_word(hay: &str, needle: &str) -> bool {
    !find_words(hay, needle).is_empty()
}

/// Word stems whose presence (as a word start) marks a circular-economy requirement.
pub(crate) const CIRCULAR_STEMS: &[&str] = &[
    "circulair",
    "circulaire",
    "circular",
    "kreislauf",
    "hergebruik",
    "reemploi",
    "reutilisation",
    "reuse",
    "re-use",
    "wiederverwend",
    "refurbish",
    "reconditionn",
    "remanufactur",
    "gereviseerd",
    "recyclebaar",
    "recyclable",
    "recyclab",
    "repareerbaar",
    "reparabilit",
    "repairab",
    "terugname",
    "reprise des",
    "take-back",
    "take back",
    "rucknahme",
];

/// Phrases that mark an award on life-cycle cost or total cost of ownership (folded).
pub(crate) const LCC_PHRASES: &[&str] = &[
    "levenscycluskost",
    "levenscycluskosten",
    "levenscyclus-kosten",
    "levensduurkost",
    "levensduurkosten",
    "totale eigendomskosten",
    "totale kost van eigendom",
    "cout du cycle de vie",
    "couts du cycle de vie",
    "cout global",
    "cout total de possession",
    "cout complet",
    "life-cycle cost",
    "life cycle cost",
    "lifecycle cost",
    "life-cycle costs",
    "life cycle costs",
    "lifecycle costs",
    "life-cycle costing",
    "life cycle costing",
    "whole-life cost",
    "whole life cost",
    "total cost of ownership",
    "lebenszykluskosten",
    "lebenszykluskostenrechnung",
    "gesamtbetriebskosten",
    "lcc",
];

/// True when `hay` (folded) has a word starting with `stem` (the plain search the matcher
/// replaced; tests compare the two).
#[cfg(test)]
pub(crate) fn has_stem(hay: &str, stem: &str) -> bool {
    let mut from = 0;
    while let Some(pos) = hay[from..].find(stem) {
        let start = from + pos;
        if hay[..start].chars().next_back().is_none_or(|c| !is_word(c)) {
            return true;
        }
        from = start + stem.len();
        while from < hay.len() && !hay.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// "TCO" as total cost of ownership: the word `tco` not followed by `certified`/`gecertificeerd`
/// /`certifie` (the TCO Certified label).
pub(crate) fn tco_cost_mention(hay: &str) -> bool {
    find_words(hay, "tco").into_iter().any(|start| {
        let after = &hay[start + 3..];
        // A reference such as `TCO/17` is an identifier, not a cost method.
        if after.starts_with('/') {
            return false;
        }
        let rest = after.trim_start_matches([' ', '-', '\u{a0}']);
        !(rest.starts_with("certified")
            || rest.starts_with("gecertificeerd")
            || rest.starts_with("certifie")
            || rest.starts_with("zertifiziert")
            || rest.starts_with("development"))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn ascii_fast_path_folds_as_the_char_table_does() {
        for t in [
            "Circular `economy` EU Ecolabel TCO-certified, ISO 14001",
            "",
            "ABC xyz 0-9 ~!@#",
        ] {
            assert_eq!(super::fold(t), super::fold_chars(t), "{t}");
        }
    }

    use super::*;

    #[test]
    fn words_and_accents() {
        let hay = fold("Le coût du cycle de vie (TCO) compte pour 30 %");
        assert!(contains_word(&hay, "cout du cycle de vie"));
        assert!(tco_cost_mention(&hay));
        assert!(!tco_cost_mention(&fold(
            "Label TCO Certified of gelijkwaardig"
        )));
        assert!(!contains_word(&fold("blocco"), "lcc"));
        assert!(has_stem(&fold("Réemploi du mobilier"), "reemploi"));
        assert!(!has_stem(&fold("procircular"), "circular"));
    }
}
