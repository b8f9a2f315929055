//! Code-list labels in NL, FR and EN from the eForms SDK (`data/codelists/`, copied by
//! `scripts/codelists.py`; source and licence in `data/codelists/SOURCES.md`), embedded.

use std::collections::HashMap;
use std::sync::OnceLock;

use spp_catalogue::Lang;

/// The code lists the pages name codes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum List {
    ProcedureType,
    Country,
    Nuts,
    StrategicProcurement,
    EnvironmentalImpact,
    SocialObjective,
    InnovativeAcquisition,
    GppCriteria,
    FormType,
    ContractNature,
    OperatorSize,
    ESubmission,
    AwardCriterion,
    ReservedProcurement,
    FrameworkAgreement,
    BuyerLegalType,
}

const FILES: [(List, &str); 16] = [
    (
        List::ProcedureType,
        include_str!("../../../../data/codelists/procurement-procedure-type.tsv"),
    ),
    (
        List::Country,
        include_str!("../../../../data/codelists/country.tsv"),
    ),
    (
        List::Nuts,
        include_str!("../../../../data/codelists/nuts_nuts-bel-lvl3.tsv"),
    ),
    (
        List::StrategicProcurement,
        include_str!("../../../../data/codelists/strategic-procurement.tsv"),
    ),
    (
        List::EnvironmentalImpact,
        include_str!("../../../../data/codelists/environmental-impact.tsv"),
    ),
    (
        List::SocialObjective,
        include_str!("../../../../data/codelists/social-objective.tsv"),
    ),
    (
        List::InnovativeAcquisition,
        include_str!("../../../../data/codelists/innovative-acquisition.tsv"),
    ),
    (
        List::GppCriteria,
        include_str!("../../../../data/codelists/gpp-criteria.tsv"),
    ),
    (
        List::FormType,
        include_str!("../../../../data/codelists/form-type.tsv"),
    ),
    (
        List::ContractNature,
        include_str!("../../../../data/codelists/contract-nature.tsv"),
    ),
    (
        List::OperatorSize,
        include_str!("../../../../data/codelists/economic-operator-size.tsv"),
    ),
    (
        List::ESubmission,
        include_str!("../../../../data/codelists/permission_esubmission.tsv"),
    ),
    (
        List::AwardCriterion,
        include_str!("../../../../data/codelists/award-criterion-type.tsv"),
    ),
    (
        List::ReservedProcurement,
        include_str!("../../../../data/codelists/reserved-procurement.tsv"),
    ),
    (
        List::FrameworkAgreement,
        include_str!("../../../../data/codelists/framework-agreement.tsv"),
    ),
    (
        List::BuyerLegalType,
        include_str!("../../../../data/codelists/buyer-legal-type.tsv"),
    ),
];

type Labels = HashMap<(List, String), [String; 3]>;

fn labels() -> &'static Labels {
    static LABELS: OnceLock<Labels> = OnceLock::new();
    LABELS.get_or_init(|| {
        let mut map = HashMap::new();
        for (list, text) in FILES {
            for line in text.lines().skip(1) {
                let cols: Vec<&str> = line.split('\t').collect();
                if let [code, en, nl, fr] = cols[..] {
                    map.insert(
                        (list, code.to_string()),
                        [en.to_string(), nl.to_string(), fr.to_string()],
                    );
                }
            }
        }
        map
    })
}

fn index(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::Nl => 1,
        Lang::Fr => 2,
    }
}

/// The label of `code` in `list`, if the list has it.
pub fn label(list: List, code: &str, lang: Lang) -> Option<&'static str> {
    labels()
        .get(&(list, code.to_string()))
        .map(|l| l[index(lang)].as_str())
}

/// The label of `code`, else the code itself.
pub fn name(list: List, code: &str, lang: Lang) -> String {
    label(list, code, lang).map_or_else(|| code.to_string(), str::to_string)
}

/// Every `(code, label)` of a list in `lang`, by code.
pub fn entries(list: List, lang: Lang) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<_> = labels()
        .iter()
        .filter(|((l, _), _)| *l == list)
        .map(|((_, code), names)| (code.as_str(), names[index(lang)].as_str()))
        .collect();
    out.sort();
    out
}

/// English labels that differ from the Dutch and French ones: what must not appear on a Dutch
/// or French page (the language test scans for them).
pub fn english_only_labels() -> Vec<&'static str> {
    labels()
        .values()
        .filter(|[en, nl, fr]| en != nl && en != fr)
        .map(|[en, _, _]| en.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_is_embedded_with_three_languages() {
        for (list, text) in FILES {
            assert!(text.lines().count() > 2, "{list:?} has codes");
            assert!(!entries(list, Lang::Nl).is_empty());
        }
        assert_eq!(
            label(List::ProcedureType, "open", Lang::Nl),
            Some("Openbaar")
        );
        assert_eq!(label(List::Country, "BEL", Lang::Fr), Some("Belgique"));
        assert_eq!(
            label(List::StrategicProcurement, "env-imp", Lang::En),
            Some("Reduction of environmental impacts")
        );
    }
}
