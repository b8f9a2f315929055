//! The XML fragments the draft editor inserts, as strings. `cac`/`cbc` are the prefixes the
//! notice itself uses; the eForms extension prefixes are declared on the inserted element.

use quick_xml::escape::{escape, partial_escape};

use super::{AwardAddition, TextAddition};

const NS_EXT: &str =
    r#" xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2""#;
const NS_EF: &str = concat!(
    r#" xmlns:efext="http://data.europa.eu/p27/eforms-ubl-extensions/1""#,
    r#" xmlns:efac="http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1""#,
    r#" xmlns:efbc="http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1""#
);
const NS_EFAC: &str =
    r#" xmlns:efac="http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1""#;

/// A newline and `depth` tabs.
pub fn indent(depth: usize) -> String {
    format!("\n{}", "\t".repeat(depth))
}

/// Lines of a multilingual text joined by newlines, escaped.
pub fn lines_text(lines: &[String]) -> String {
    partial_escape(lines.join("\n").as_str()).to_string()
}

/// One `cac:ProcurementAdditionalType` per (list, code), each followed by the indentation.
pub fn additional_types(cac: &str, cbc: &str, codes: &[(String, String)], depth: usize) -> String {
    let i = indent(depth);
    codes
        .iter()
        .map(|(l, c)| {
            format!(
                "<{cac}:ProcurementAdditionalType>{i}\t<{cbc}:ProcurementTypeCode listName=\"{l}\">{c}</{cbc}:ProcurementTypeCode>{i}</{cac}:ProcurementAdditionalType>{i}",
                l = escape(l.as_str()),
                c = escape(c.as_str()),
            )
        })
        .collect()
}

/// BT-300: `cbc:Note` with the lines.
pub fn note(cbc: &str, lang: &str, lines: &[String], depth: usize) -> String {
    format!(
        "<{cbc}:Note languageID=\"{l}\">{t}</{cbc}:Note>{i}",
        l = escape(lang),
        t = lines_text(lines),
        i = indent(depth)
    )
}

/// BT-70: a `cbc:Description` in `lang`.
pub fn description(cbc: &str, lang: &str, lines: &[String]) -> String {
    format!(
        "<{cbc}:Description languageID=\"{l}\">{t}</{cbc}:Description>",
        l = escape(lang),
        t = lines_text(lines)
    )
}

/// BT-70: a `cac:ContractExecutionRequirement` with the code `conditions` = `performance`.
pub fn execution_requirement(
    cac: &str,
    cbc: &str,
    lang: &str,
    lines: &[String],
    depth: usize,
) -> String {
    let i = indent(depth);
    format!(
        "<{cac}:ContractExecutionRequirement>{i}\t<{cbc}:ExecutionRequirementCode listName=\"conditions\">performance</{cbc}:ExecutionRequirementCode>{i}\t{d}{i}</{cac}:ContractExecutionRequirement>{i}",
        d = description(cbc, lang, lines)
    )
}

/// BT-809 + BT-750 + BT-748 `used`: one `efac:SelectionCriteria` per criterion.
pub fn selection_entries(cbc: &str, lang: &str, items: &[TextAddition], depth: usize) -> String {
    let i = indent(depth);
    let l = escape(lang);
    items
        .iter()
        .map(|s| {
            format!(
                "<efac:SelectionCriteria{NS_EFAC}>{i}\t<{cbc}:TendererRequirementTypeCode listName=\"selection-criterion\">{c}</{cbc}:TendererRequirementTypeCode>{i}\t<{cbc}:Name languageID=\"{l}\">{n}</{cbc}:Name>{i}\t<{cbc}:Description languageID=\"{l}\">{d}</{cbc}:Description>{i}\t<{cbc}:CalculationExpressionCode listName=\"usage\">used</{cbc}:CalculationExpressionCode>{i}</efac:SelectionCriteria>{i}",
                c = escape(s.code.as_str()),
                n = partial_escape(s.title.as_str()),
                d = partial_escape(s.text.as_str()),
            )
        })
        .collect()
}

/// A new `ext:UBLExtensions` block holding the selection criteria (first child of
/// `cac:TenderingTerms`).
pub fn selection_block(cbc: &str, lang: &str, items: &[TextAddition], depth: usize) -> String {
    let entries = selection_entries(cbc, lang, items, depth + 4);
    let (i, e) = (indent(depth), indent(depth + 4));
    let entries = entries.strip_suffix(e.as_str()).unwrap_or(&entries);
    format!(
        "<ext:UBLExtensions{NS_EXT}><ext:UBLExtension><ext:ExtensionContent><efext:EformsExtension{NS_EF}>{e}{entries}{i}</efext:EformsExtension></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>{i}"
    )
}

/// `cac:SubordinateAwardingCriterion` entries (BT-539 `quality`, BT-734, BT-540, BT-541).
pub fn subordinates(
    cac: &str,
    cbc: &str,
    lang: &str,
    award: &[AwardAddition],
    depth: usize,
) -> String {
    let i = indent(depth);
    let lang = escape(lang);
    let mut out = String::new();
    for a in award {
        out.push_str(&format!("<{cac}:SubordinateAwardingCriterion>"));
        if let Some(w) = a.weight {
            out.push_str(&format!(
                "{i}\t<ext:UBLExtensions{NS_EXT}{NS_EF}><ext:UBLExtension><ext:ExtensionContent><efext:EformsExtension><efac:AwardCriterionParameter><efbc:ParameterCode listName=\"number-weight\">per-exa</efbc:ParameterCode><efbc:ParameterNumeric>{w}</efbc:ParameterNumeric></efac:AwardCriterionParameter></efext:EformsExtension></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>"
            ));
        }
        out.push_str(&format!(
            "{i}\t<{cbc}:AwardingCriterionTypeCode listName=\"award-criterion-type\">quality</{cbc}:AwardingCriterionTypeCode>{i}\t<{cbc}:Name languageID=\"{lang}\">{n}</{cbc}:Name>{i}\t<{cbc}:Description languageID=\"{lang}\">{d}</{cbc}:Description>{i}</{cac}:SubordinateAwardingCriterion>{i}",
            n = partial_escape(a.name.as_str()),
            d = partial_escape(a.description.as_str()),
        ));
    }
    out
}
