//! ISO 3166-1 country codes: the two-letter codes of TED XML and OCDS (`BE`) and the
//! three-letter codes eForms and the rest of spp use (`BEL`). The table is in
//! `data/iso-3166-1-alpha2-alpha3.tsv` (source in `data/SOURCES.md`).

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../data/iso-3166-1-alpha2-alpha3.tsv");

fn alpha2_to_3() -> &'static HashMap<&'static str, &'static str> {
    static MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        TABLE
            .lines()
            .skip(1)
            .filter_map(|l| l.split_once('\t'))
            .collect()
    })
}

fn alpha3_to_2() -> &'static HashMap<&'static str, &'static str> {
    static MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| alpha2_to_3().iter().map(|(a2, a3)| (*a3, *a2)).collect())
}

/// A two-letter country code (`BE`, also TED's `UK` and NUTS's `EL`) as the three-letter
/// ISO 3166-1 code (`BEL`); `None` for a code that is not a country.
pub fn alpha3(alpha2: &str) -> Option<String> {
    let code = alpha2.trim().to_ascii_uppercase();
    let code = match code.as_str() {
        "UK" => "GB",
        "EL" => "GR",
        other => other,
    };
    alpha2_to_3().get(code).map(|c| c.to_string())
}

/// A three-letter ISO 3166-1 code (`BEL`) as its two-letter code (`BE`).
pub fn alpha2(alpha3: &str) -> Option<&'static str> {
    let code = alpha3.trim().to_ascii_uppercase();
    alpha3_to_2().get(code.as_str()).copied()
}

/// True for a known three-letter code.
pub fn is_alpha3(code: &str) -> bool {
    alpha2(code).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ways() {
        assert_eq!(alpha3("BE").as_deref(), Some("BEL"));
        assert_eq!(alpha3("uk").as_deref(), Some("GBR"));
        assert_eq!(alpha3("EL").as_deref(), Some("GRC"));
        assert_eq!(alpha3("GR").as_deref(), Some("GRC"));
        assert_eq!(alpha3("ZZ"), None);
        assert_eq!(alpha2_to_3().len(), 249);
        assert_eq!(alpha2("NOR"), Some("NO"));
        assert_eq!(alpha2("bel"), Some("BE"));
        assert!(is_alpha3("JPN"));
        assert!(!is_alpha3("XXX"));
    }
}
