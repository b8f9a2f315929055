//! The per-lot state of the draft editor: where each kind of addition goes and whether it
//! has been written.

use std::collections::BTreeSet;
use std::io::Write;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Writer;

use super::fragment::{self, indent};
use super::{local, LotAdditions, LotReport};

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
/// True for the children of `cac:ProcurementProject` that come after `cbc:Note`.
fn after_note(name: &str) -> bool {
    name == "SMESuitableIndicator"
        || name == "ProcurementAdditionalType"
        || AFTER_ADDITIONAL_TYPE.contains(&name)
}

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
/// Children of `efext:EformsExtension` that come after `efac:SelectionCriteria`.
const AFTER_SELECTION: &[&str] = &[
    "StrategicProcurement",
    "SubsidiaryClassification",
    "ReferencedDocumentPart",
    "TenderSubcontractingRequirements",
];
/// Lists where a real code replaces `none`.
const NONE_REPLACED: &[&str] = &["strategic-procurement", "gpp-criteria"];

/// A text addition and the way it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// A new BT-300 note.
    Note,
    /// Lines appended to the existing note in the same language.
    AppendNote,
    /// A new BT-70 execution requirement.
    Performance,
    /// A BT-70 description in our language added to an existing `conditions` requirement.
    PerformanceDescription,
    /// Lines appended to the existing BT-70 description in the same language.
    AppendPerformance,
    /// A new extension block with the selection criteria.
    SelectionBlock,
    /// Selection criteria inside the existing eForms extension.
    SelectionEntries,
}

/// Which additions of the lot have been written.
#[derive(Debug, Default)]
struct Done {
    codes: bool,
    award: bool,
    note: bool,
    performance: bool,
    selection: bool,
}

pub(super) struct LotState {
    pub depth: usize,
    cac: String,
    pub cbc: String,
    pub additions: Option<usize>,
    done: Done,
    existing: BTreeSet<(String, String)>,
    /// (how, stack length of the element) of an existing text being appended to.
    append: Option<(Part, usize)>,
    /// Inside a `cac:ContractExecutionRequirement` whose code list is `conditions`.
    in_conditions: bool,
    terms_child_seen: bool,
}

impl LotState {
    pub fn new(depth: usize, cac: String) -> LotState {
        LotState {
            depth,
            cac,
            cbc: "cbc".into(),
            additions: None,
            done: Done::default(),
            existing: BTreeSet::new(),
            append: None,
            in_conditions: false,
            terms_child_seen: false,
        }
    }
}

fn attr(s: &BytesStart<'_>, name: &str) -> Option<String> {
    s.try_get_attribute(name)
        .ok()
        .flatten()
        .map(|a| String::from_utf8_lossy(&a.value).to_string())
}

pub(super) struct Editor<'a> {
    pub writer: Writer<Vec<u8>>,
    additions: &'a [LotAdditions],
    reports: Vec<LotReport>,
}

impl<'a> Editor<'a> {
    pub fn new(len: usize, additions: &'a [LotAdditions]) -> Editor<'a> {
        Editor {
            writer: Writer::new(Vec::with_capacity(len + 4096)),
            additions,
            reports: additions
                .iter()
                .map(|a| LotReport {
                    lot_id: a.lot_id.clone(),
                    ..Default::default()
                })
                .collect(),
        }
    }

    pub fn into_parts(self) -> (Vec<u8>, Vec<LotReport>) {
        (self.writer.into_inner(), self.reports)
    }

    fn raw(&mut self, s: &str) {
        // Writing into a Vec cannot fail.
        let _ = self.writer.get_mut().write_all(s.as_bytes());
    }

    /// Before the start tag `name` (its parents on `stack`). True when the element is a
    /// `cac:ProcurementAdditionalType` to buffer.
    pub fn on_start(
        &mut self,
        st: &mut LotState,
        stack: &[String],
        name: &str,
        s: &BytesStart<'_>,
    ) -> bool {
        let i = st.additions.unwrap_or(0);
        let additions = self.additions;
        let add = &additions[i];
        let d = st.depth;
        let len = stack.len();
        let parent = stack.last().map(String::as_str);
        let child_of = |p: &str, at: usize| parent == Some(p) && len == at;
        if child_of("ProcurementProject", d + 1) {
            if name == "Note" && attr(s, "languageID").as_deref() == Some(&add.language) {
                st.append = Some((Part::AppendNote, len + 1));
            }
            if !st.done.note && after_note(name) {
                self.insert(st, Part::Note, len);
            }
            if name == "ProcurementAdditionalType" {
                return true;
            }
            if !st.done.codes && AFTER_ADDITIONAL_TYPE.contains(&name) {
                self.write_codes(st, len);
            }
        }
        if child_of("TenderingTerms", d + 1) {
            if !st.terms_child_seen {
                st.terms_child_seen = true;
                if name != "UBLExtensions" {
                    self.insert(st, Part::SelectionBlock, len);
                }
            }
            let after_exec = name == "AwardingTerms" || AFTER_AWARDING_TERMS.contains(&name);
            if !st.done.performance && after_exec {
                self.insert(st, Part::Performance, len);
            }
            if !st.done.award && AFTER_AWARDING_TERMS.contains(&name) {
                self.write_award_block(st, len, true);
            }
        }
        let in_terms_extension = stack.get(d).is_some_and(|n| n == "TenderingTerms");
        if child_of("EformsExtension", d + 5)
            && in_terms_extension
            && !st.done.selection
            && AFTER_SELECTION.contains(&name)
        {
            self.insert(st, Part::SelectionEntries, len);
        }
        if child_of("ContractExecutionRequirement", d + 2) {
            if name == "ExecutionRequirementCode"
                && attr(s, "listName").as_deref() == Some("conditions")
            {
                st.in_conditions = true;
            }
            let same_lang = attr(s, "languageID").as_deref() == Some(&add.language);
            if name == "Description" && st.in_conditions && same_lang {
                st.append = Some((Part::AppendPerformance, len + 1));
            }
        }
        if child_of("AwardingTerms", d + 2)
            && !st.done.award
            && (name == "TechnicalCommitteePerson" || name == "Prize")
        {
            self.write_award_block(st, len, false);
        }
        false
    }

    /// Before the end tag of `name` (already popped from `stack`).
    pub fn on_end(&mut self, st: &mut LotState, stack: &[String], name: &str) {
        let d = st.depth;
        let depth = stack.len();
        if let Some((part, at)) = st.append {
            if at == depth + 1 {
                st.append = None;
                self.insert(st, part, 0);
            }
        }
        if name == "ProcurementProject" && depth == d {
            if !st.done.note {
                self.insert(st, Part::Note, depth + 1);
            }
            if !st.done.codes {
                self.write_codes(st, depth + 1);
            }
        }
        if name == "ContractExecutionRequirement" && depth == d + 1 {
            if st.in_conditions && !st.done.performance {
                self.insert(st, Part::PerformanceDescription, depth + 1);
            }
            st.in_conditions = false;
        }
        let in_terms_extension = stack.get(d).is_some_and(|n| n == "TenderingTerms");
        if name == "EformsExtension" && depth == d + 4 && in_terms_extension && !st.done.selection {
            self.insert(st, Part::SelectionEntries, depth + 1);
        }
        if name == "TenderingTerms" && depth == d {
            if !st.terms_child_seen {
                self.insert(st, Part::SelectionBlock, depth + 1);
            }
            if !st.done.performance {
                self.insert(st, Part::Performance, depth + 1);
            }
            if !st.done.award {
                self.write_award_block(st, depth + 1, true);
            }
        }
        if name == "AwardingTerms" && depth == d + 1 && !st.done.award {
            self.write_award_block(st, depth + 1, false);
        }
        if name == "AwardingCriterion" && depth == d + 2 && !st.done.award {
            self.write_subordinates(st, depth + 1);
        }
    }

    /// Warnings for additions that found no place in the lot.
    pub fn finish_lot(&mut self, st: &LotState) {
        let Some(i) = st.additions else { return };
        let additions = self.additions;
        let add = &additions[i];
        let missing = [
            (!st.done.codes && !add.codes.is_empty(), "the lot has no cac:ProcurementProject; codes not added"),
            (!st.done.note && !add.specifications.is_empty(), "the lot has no cac:ProcurementProject; technical specifications (BT-300) not added"),
            (!st.done.award && !add.award.is_empty(), "the lot has no cac:TenderingTerms; award criteria not added"),
            (!st.done.performance && !add.performance.is_empty(), "the lot has no cac:TenderingTerms; performance conditions (BT-70) not added"),
            (!st.done.selection && !add.selection.is_empty(), "selection criteria (BT-750) not added: the lot's cac:TenderingTerms has an extension without efext:EformsExtension, or no cac:TenderingTerms"),
        ];
        for (yes, why) in missing {
            if yes {
                self.reports[i].warnings.push(why.to_string());
            }
        }
    }

    /// Decide about one buffered `cac:ProcurementAdditionalType`: remember its code, drop a
    /// `none` that an added code replaces, write the rest back.
    pub fn flush_additional_type(
        &mut self,
        events: Vec<Event<'static>>,
        lot: Option<&mut LotState>,
    ) -> Result<(), quick_xml::Error> {
        let mut list = None;
        let mut code = String::new();
        let mut in_code = false;
        for e in &events {
            match e {
                Event::Start(s) if local(s.name().as_ref()) == "ProcurementTypeCode" => {
                    in_code = true;
                    list = attr(s, "listName");
                }
                Event::Text(t) if in_code => code.push_str(&t.unescape().unwrap_or_default()),
                Event::End(_) => in_code = false,
                _ => {}
            }
        }
        let code = code.trim().to_string();
        if let (Some(st), Some(list)) = (lot, list) {
            if let Some(i) = st.additions {
                let adds_real = self.additions[i]
                    .codes
                    .iter()
                    .any(|(l, c)| *l == list && c != "none");
                if code == "none" && adds_real && NONE_REPLACED.contains(&list.as_str()) {
                    self.reports[i].removed_codes.push((list, code));
                    return Ok(());
                }
                st.existing.insert((list, code));
            }
        }
        for e in events {
            self.writer.write_event(e)?;
        }
        Ok(())
    }

    fn write_codes(&mut self, st: &mut LotState, depth: usize) {
        st.done.codes = true;
        let i = st.additions.unwrap_or(0);
        let additions = self.additions;
        let (add, rep) = (&additions[i], &mut self.reports[i]);
        let mut new = Vec::new();
        for pair in &add.codes {
            if st.existing.contains(pair) {
                rep.already_present.push(pair.clone());
            } else {
                rep.added_codes.push(pair.clone());
                new.push(pair.clone());
            }
        }
        let out = fragment::additional_types(&st.cac, &st.cbc, &new, depth);
        self.raw(&out);
    }

    /// Marks `part` written and, when the lot has lines for it, writes its fragment.
    fn insert(&mut self, st: &mut LotState, part: Part, depth: usize) {
        let i = st.additions.unwrap_or(0);
        let additions = self.additions;
        let add = &additions[i];
        let (cac, cbc, lang) = (&st.cac, &st.cbc, add.language.as_str());
        let (done, n) = match part {
            Part::Note | Part::AppendNote => (&mut st.done.note, add.specifications.len()),
            Part::Performance | Part::PerformanceDescription | Part::AppendPerformance => {
                (&mut st.done.performance, add.performance.len())
            }
            Part::SelectionBlock | Part::SelectionEntries => {
                (&mut st.done.selection, add.selection.len())
            }
        };
        if std::mem::replace(done, true) || n == 0 {
            return;
        }
        let out = match part {
            Part::Note => fragment::note(cbc, lang, &add.specifications, depth),
            Part::AppendNote => format!("\n{}", fragment::lines_text(&add.specifications)),
            Part::AppendPerformance => format!("\n{}", fragment::lines_text(&add.performance)),
            Part::PerformanceDescription => format!(
                "\t{}{}",
                fragment::description(cbc, lang, &add.performance),
                indent(depth - 1)
            ),
            Part::Performance => {
                fragment::execution_requirement(cac, cbc, lang, &add.performance, depth)
            }
            Part::SelectionBlock => fragment::selection_block(cbc, lang, &add.selection, depth),
            Part::SelectionEntries => fragment::selection_entries(cbc, lang, &add.selection, depth),
        };
        let rep = &mut self.reports[i];
        match part {
            Part::Note | Part::AppendNote => rep.added_specifications = n,
            Part::SelectionBlock | Part::SelectionEntries => rep.added_selection_criteria = n,
            _ => rep.added_performance_conditions = n,
        }
        self.raw(&out);
    }

    fn subordinates(&self, st: &LotState, depth: usize) -> String {
        let add = &self.additions[st.additions.unwrap_or(0)];
        fragment::subordinates(&st.cac, &st.cbc, &add.language, &add.award, depth)
    }

    fn write_subordinates(&mut self, st: &mut LotState, depth: usize) {
        st.done.award = true;
        let subs = self.subordinates(st, depth + 1);
        // The closing tag's indentation is already written: indent the first entry one more
        // level and leave the closing tag where it was.
        self.raw(&format!("\t{}", subs.strip_suffix('\t').unwrap_or(&subs)));
        let i = st.additions.unwrap_or(0);
        self.reports[i].added_award_criteria = self.additions[i].award.len();
    }

    /// A new `cac:AwardingCriterion` with the added criteria, wrapped in a new
    /// `cac:AwardingTerms` when `with_terms` (the lot had none).
    fn write_award_block(&mut self, st: &mut LotState, depth: usize, with_terms: bool) {
        st.done.award = true;
        let i = st.additions.unwrap_or(0);
        if self.additions[i].award.is_empty() {
            return;
        }
        let cac = st.cac.clone();
        let d = if with_terms { depth + 1 } else { depth };
        let inner = self.subordinates(st, d + 1);
        let id = indent(d);
        let criterion = format!("<{cac}:AwardingCriterion>{id}\t{inner}</{cac}:AwardingCriterion>");
        let i0 = indent(depth);
        let rep = &mut self.reports[i];
        rep.added_award_criteria = self.additions[i].award.len();
        let out = if with_terms {
            rep.warnings.push("the lot had no award criteria: only the added quality criteria are listed; add price or cost".into());
            format!("<{cac}:AwardingTerms>{id}{criterion}{i0}</{cac}:AwardingTerms>{i0}")
        } else {
            format!("{criterion}{i0}")
        };
        self.raw(&out);
    }
}
