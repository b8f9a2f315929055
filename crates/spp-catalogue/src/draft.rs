//! Add sustainability criteria to an eForms notice by editing its XML as a stream of events
//! (quick-xml reader → writer): everything not touched is written back byte for byte.
//!
//! Per lot (`cac:ProcurementProjectLot` with `cbc:ID` = the lot id) it inserts, in UBL schema
//! order, `cac:ProcurementAdditionalType` entries inside the lot's `cac:ProcurementProject`
//! (BT-06 `strategic-procurement`, BT-774 `environmental-impact`, BT-775 `social-objective`,
//! BT-776 `innovative-acquisition`, BT-805 `gpp-criteria`) and `cac:SubordinateAwardingCriterion`
//! entries (BT-539 `quality`, BT-734 name, BT-540 description, BT-5421/BT-541 weight) in the
//! lot's `cac:TenderingTerms/cac:AwardingTerms/cac:AwardingCriterion`, creating the
//! `cac:AwardingTerms` block when the lot has none. A `none` code of BT-06 or BT-805 is removed
//! when a real code is added; codes already present are not repeated.

use std::collections::BTreeSet;
use std::io::Write;

use quick_xml::escape::escape;
use quick_xml::events::Event;
use quick_xml::{Reader, Writer};

/// Why a notice could not be edited.
#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error("not well-formed XML at byte {position}: {message}")]
    Xml { position: u64, message: String },
    #[error("lot {0:?} is not in the notice")]
    UnknownLot(String),
}

/// One award criterion to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwardAddition {
    /// BT-734.
    pub name: String,
    /// BT-540.
    pub description: String,
    /// BT-541 as a percentage (`per-exa`); `None` = no weight written.
    pub weight: Option<u8>,
}

/// What to add to one lot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LotAdditions {
    pub lot_id: String,
    /// `languageID` of added texts (`ENG`, `FRA`, `NLD`).
    pub language: String,
    /// (list name, code) pairs: `("strategic-procurement", "env-imp")`, …
    pub codes: BTreeSet<(String, String)>,
    pub award: Vec<AwardAddition>,
}

/// What was done to one lot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LotReport {
    pub lot_id: String,
    pub added_codes: Vec<(String, String)>,
    pub removed_codes: Vec<(String, String)>,
    pub already_present: Vec<(String, String)>,
    pub added_award_criteria: usize,
    pub warnings: Vec<String>,
}

const NS_DECL: &str = concat!(
    r#" xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2""#,
    r#" xmlns:efext="http://data.europa.eu/p27/eforms-ubl-extensions/1""#,
    r#" xmlns:efac="http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1""#,
    r#" xmlns:efbc="http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1""#
);

/// Children of `cac:ProcurementProject` that come after `cac:ProcurementAdditionalType`.
const AFTER_ADDITIONAL_TYPE: &[&str] = &[
    "RequestedTenderTotal",
    "MainCommodityClassification",
    "AdditionalCommodityClassification",
    "RealizedLocation",
    "PlannedPeriod",
    "ContractExtension",
    "RequestForTenderLine",
];
/// Children of `cac:TenderingTerms` that come after `cac:AwardingTerms`.
const AFTER_AWARDING_TERMS: &[&str] = &[
    "AdditionalInformationParty",
    "DocumentProviderParty",
    "TenderRecipientParty",
    "ContractResponsibleParty",
    "TenderEvaluationParty",
    "QualificationRequestRecipientParty",
    "TenderValidityPeriod",
    "ContractAcceptancePeriod",
    "AppealTerms",
    "Language",
    "BudgetAccountLine",
    "ReplacedNoticeDocumentReference",
    "LotDistribution",
    "PostAwardProcess",
    "EconomicOperatorShortList",
    "SecurityClearanceTerm",
];
/// Lists where a real code replaces `none`.
const NONE_REPLACED: &[&str] = &["strategic-procurement", "gpp-criteria"];

fn local(qname: &[u8]) -> String {
    let s = String::from_utf8_lossy(qname);
    s.rsplit(':').next().unwrap_or("").to_string()
}

fn prefix_of(qname: &[u8]) -> String {
    let s = String::from_utf8_lossy(qname);
    s.split_once(':')
        .map(|(p, _)| p.to_string())
        .unwrap_or_default()
}

struct LotState {
    depth: usize,
    cac: String,
    cbc: String,
    additions: Option<usize>,
    codes_done: bool,
    award_done: bool,
    existing: BTreeSet<(String, String)>,
}

/// Apply `additions` to the notice `xml`; returns the new XML and one report per lot.
pub fn apply(
    xml: &str,
    additions: &[LotAdditions],
) -> Result<(String, Vec<LotReport>), DraftError> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    let mut writer = Writer::new(Vec::with_capacity(xml.len() + 4096));
    let mut reports: Vec<LotReport> = additions
        .iter()
        .map(|a| LotReport {
            lot_id: a.lot_id.clone(),
            ..Default::default()
        })
        .collect();
    let mut seen = vec![false; additions.len()];
    let mut stack: Vec<String> = Vec::new();
    let mut lot: Option<LotState> = None;
    // Buffered `cac:ProcurementAdditionalType` of the current lot's project.
    let mut buffer: Option<(usize, Vec<Event<'static>>)> = None;
    let xml_err = |reader: &Reader<&[u8]>, e: &dyn std::fmt::Display| DraftError::Xml {
        position: reader.buffer_position(),
        message: e.to_string(),
    };
    loop {
        let event = reader.read_event().map_err(|e| xml_err(&reader, &e))?;
        if matches!(event, Event::Eof) {
            break;
        }
        let event = event.into_owned();
        if let Some((depth, events)) = buffer.as_mut() {
            let closes = matches!(&event, Event::End(_)) && stack.len() == *depth;
            if let Event::Start(s) = &event {
                stack.push(local(s.name().as_ref()));
            }
            if let Event::End(_) = &event {
                stack.pop();
            }
            events.push(event);
            if closes {
                let (_, events) = buffer.take().unwrap_or_default();
                flush_additional_type(&mut writer, events, lot.as_mut(), additions, &mut reports)
                    .map_err(|e| xml_err(&reader, &e))?;
            }
            continue;
        }
        match &event {
            Event::Start(s) => {
                let name = local(s.name().as_ref());
                let parent = stack.last().map(String::as_str);
                if name == "ProcurementProjectLot" {
                    lot = Some(LotState {
                        depth: stack.len() + 1,
                        cac: prefix_of(s.name().as_ref()),
                        cbc: "cbc".into(),
                        additions: None,
                        codes_done: false,
                        award_done: false,
                        existing: BTreeSet::new(),
                    });
                }
                if let Some(st) = lot.as_mut().filter(|st| st.additions.is_some()) {
                    let i = st.additions.unwrap_or(0);
                    let in_project =
                        parent == Some("ProcurementProject") && stack.len() == st.depth + 1;
                    let in_terms = parent == Some("TenderingTerms") && stack.len() == st.depth + 1;
                    let in_awarding =
                        parent == Some("AwardingTerms") && stack.len() == st.depth + 2;
                    if in_project && name == "ProcurementAdditionalType" {
                        stack.push(name);
                        buffer = Some((stack.len(), vec![event]));
                        continue;
                    }
                    if in_project
                        && !st.codes_done
                        && AFTER_ADDITIONAL_TYPE.contains(&name.as_str())
                    {
                        write_codes(&mut writer, st, &additions[i], &mut reports[i], stack.len());
                    }
                    if in_terms && !st.award_done && AFTER_AWARDING_TERMS.contains(&name.as_str()) {
                        write_awarding_terms(
                            &mut writer,
                            st,
                            &additions[i],
                            &mut reports[i],
                            stack.len(),
                        );
                    }
                    if in_awarding
                        && !st.award_done
                        && (name == "TechnicalCommitteePerson" || name == "Prize")
                    {
                        write_awarding_criterion(
                            &mut writer,
                            st,
                            &additions[i],
                            &mut reports[i],
                            stack.len(),
                        );
                    }
                }
                if let Some(st) = lot.as_mut() {
                    if name == "ID" && stack.len() == st.depth {
                        st.cbc = prefix_of(s.name().as_ref());
                    }
                }
                stack.push(name);
            }
            Event::Text(t) => {
                if let Some(st) = lot.as_mut() {
                    if stack.len() == st.depth + 1
                        && stack.last().is_some_and(|n| n == "ID")
                        && st.additions.is_none()
                    {
                        let id = t.unescape().map_err(|e| xml_err(&reader, &e))?;
                        if let Some(i) = additions.iter().position(|a| a.lot_id == id.trim()) {
                            st.additions = Some(i);
                            seen[i] = true;
                        }
                    }
                }
            }
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                let depth = stack.len();
                if let Some(st) = lot.as_mut().filter(|st| st.additions.is_some()) {
                    let i = st.additions.unwrap_or(0);
                    if name == "ProcurementProject" && depth == st.depth && !st.codes_done {
                        write_codes(&mut writer, st, &additions[i], &mut reports[i], depth + 1);
                    }
                    if name == "TenderingTerms" && depth == st.depth && !st.award_done {
                        write_awarding_terms(
                            &mut writer,
                            st,
                            &additions[i],
                            &mut reports[i],
                            depth + 1,
                        );
                    }
                    if name == "AwardingTerms" && depth == st.depth + 1 && !st.award_done {
                        write_awarding_criterion(
                            &mut writer,
                            st,
                            &additions[i],
                            &mut reports[i],
                            depth + 1,
                        );
                    }
                    if name == "AwardingCriterion" && depth == st.depth + 2 && !st.award_done {
                        write_subordinates(
                            &mut writer,
                            st,
                            &additions[i],
                            &mut reports[i],
                            depth + 1,
                        );
                    }
                }
                if name == "ProcurementProjectLot"
                    && lot.as_ref().is_some_and(|st| st.depth == depth + 1)
                {
                    if let Some(st) = lot.take() {
                        if let Some(i) = st.additions {
                            if !st.codes_done && !additions[i].codes.is_empty() {
                                reports[i].warnings.push(
                                    "the lot has no cac:ProcurementProject; codes not added".into(),
                                );
                            }
                            if !st.award_done && !additions[i].award.is_empty() {
                                reports[i].warnings.push(
                                    "the lot has no cac:TenderingTerms; award criteria not added"
                                        .into(),
                                );
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        writer
            .write_event(event)
            .map_err(|e| xml_err(&reader, &e))?;
    }
    if let Some(i) = seen.iter().position(|s| !s) {
        return Err(DraftError::UnknownLot(additions[i].lot_id.clone()));
    }
    let out = String::from_utf8(writer.into_inner()).map_err(|e| DraftError::Xml {
        position: 0,
        message: e.to_string(),
    })?;
    Ok((out, reports))
}

/// Decide about one buffered `cac:ProcurementAdditionalType`: remember its code, drop a `none`
/// that an added code replaces, write the rest back.
fn flush_additional_type(
    writer: &mut Writer<Vec<u8>>,
    events: Vec<Event<'static>>,
    lot: Option<&mut LotState>,
    additions: &[LotAdditions],
    reports: &mut [LotReport],
) -> Result<(), quick_xml::Error> {
    let mut list = None;
    let mut code = String::new();
    let mut in_code = false;
    for e in &events {
        match e {
            Event::Start(s) if local(s.name().as_ref()) == "ProcurementTypeCode" => {
                in_code = true;
                list = s
                    .try_get_attribute("listName")
                    .ok()
                    .flatten()
                    .map(|a| String::from_utf8_lossy(&a.value).to_string());
            }
            Event::Text(t) if in_code => code.push_str(&t.unescape().unwrap_or_default()),
            Event::End(_) => in_code = false,
            _ => {}
        }
    }
    let code = code.trim().to_string();
    if let (Some(st), Some(list)) = (lot, list) {
        if let Some(i) = st.additions {
            let adds_real = additions[i]
                .codes
                .iter()
                .any(|(l, c)| *l == list && c != "none");
            if code == "none" && adds_real && NONE_REPLACED.contains(&list.as_str()) {
                reports[i].removed_codes.push((list, code));
                return Ok(());
            }
            st.existing.insert((list, code));
        }
    }
    for e in events {
        writer.write_event(e)?;
    }
    Ok(())
}

fn indent(depth: usize) -> String {
    format!("\n{}", "\t".repeat(depth))
}

fn raw(writer: &mut Writer<Vec<u8>>, s: &str) {
    // Writing into a Vec cannot fail.
    let _ = writer.get_mut().write_all(s.as_bytes());
}

fn write_codes(
    writer: &mut Writer<Vec<u8>>,
    st: &mut LotState,
    add: &LotAdditions,
    rep: &mut LotReport,
    depth: usize,
) {
    st.codes_done = true;
    let (cac, cbc) = (&st.cac, &st.cbc);
    let has_gpp = st
        .existing
        .iter()
        .any(|(l, c)| l == "gpp-criteria" && c != "none");
    let mut out = String::new();
    for (list, code) in &add.codes {
        if st.existing.contains(&(list.clone(), code.clone()))
            || (list == "gpp-criteria" && has_gpp)
        {
            rep.already_present.push((list.clone(), code.clone()));
            continue;
        }
        out.push_str(&format!(
            "<{cac}:ProcurementAdditionalType>{i}\t<{cbc}:ProcurementTypeCode listName=\"{l}\">{c}</{cbc}:ProcurementTypeCode>{i}</{cac}:ProcurementAdditionalType>{i}",
            i = indent(depth),
            l = escape(list.as_str()),
            c = escape(code.as_str()),
        ));
        rep.added_codes.push((list.clone(), code.clone()));
    }
    raw(writer, &out);
}

fn subordinates_xml(st: &LotState, add: &LotAdditions, depth: usize) -> String {
    let (cac, cbc) = (&st.cac, &st.cbc);
    let i = indent(depth);
    let lang = escape(add.language.as_str());
    let mut out = String::new();
    for a in &add.award {
        out.push_str(&format!("<{cac}:SubordinateAwardingCriterion>"));
        if let Some(w) = a.weight {
            out.push_str(&format!(
                "{i}\t<ext:UBLExtensions{NS_DECL}><ext:UBLExtension><ext:ExtensionContent><efext:EformsExtension><efac:AwardCriterionParameter><efbc:ParameterCode listName=\"number-weight\">per-exa</efbc:ParameterCode><efbc:ParameterNumeric>{w}</efbc:ParameterNumeric></efac:AwardCriterionParameter></efext:EformsExtension></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>"
            ));
        }
        out.push_str(&format!(
            "{i}\t<{cbc}:AwardingCriterionTypeCode listName=\"award-criterion-type\">quality</{cbc}:AwardingCriterionTypeCode>{i}\t<{cbc}:Name languageID=\"{lang}\">{n}</{cbc}:Name>{i}\t<{cbc}:Description languageID=\"{lang}\">{d}</{cbc}:Description>{i}</{cac}:SubordinateAwardingCriterion>{i}",
            n = escape(a.name.as_str()),
            d = escape(a.description.as_str()),
        ));
    }
    out
}

fn write_subordinates(
    writer: &mut Writer<Vec<u8>>,
    st: &mut LotState,
    add: &LotAdditions,
    rep: &mut LotReport,
    depth: usize,
) {
    st.award_done = true;
    let subs = subordinates_xml(st, add, depth + 1);
    // The closing tag's indentation is already written: indent the first entry one more level
    // and leave the closing tag where it was.
    raw(
        writer,
        &format!("\t{}", subs.strip_suffix('\t').unwrap_or(&subs)),
    );
    rep.added_award_criteria = add.award.len();
}

fn write_awarding_criterion(
    writer: &mut Writer<Vec<u8>>,
    st: &mut LotState,
    add: &LotAdditions,
    rep: &mut LotReport,
    depth: usize,
) {
    st.award_done = true;
    if add.award.is_empty() {
        return;
    }
    let cac = st.cac.clone();
    let inner = subordinates_xml(st, add, depth + 1);
    raw(
        writer,
        &format!(
            "<{cac}:AwardingCriterion>{}\t{inner}</{cac}:AwardingCriterion>{}",
            indent(depth),
            indent(depth)
        ),
    );
    rep.added_award_criteria = add.award.len();
}

fn write_awarding_terms(
    writer: &mut Writer<Vec<u8>>,
    st: &mut LotState,
    add: &LotAdditions,
    rep: &mut LotReport,
    depth: usize,
) {
    st.award_done = true;
    if add.award.is_empty() {
        return;
    }
    let cac = st.cac.clone();
    let inner = subordinates_xml(st, add, depth + 2);
    let (i0, i1) = (indent(depth), indent(depth + 1));
    raw(writer, &format!("<{cac}:AwardingTerms>{i1}<{cac}:AwardingCriterion>{i1}\t{inner}</{cac}:AwardingCriterion>{i0}</{cac}:AwardingTerms>{i0}"));
    rep.added_award_criteria = add.award.len();
    rep.warnings.push("the lot had no award criteria: only the added quality criteria are listed; add price or cost".into());
}
