//! Add sustainability criteria to an eForms notice by editing its XML as a stream of events
//! (quick-xml reader → writer): everything not touched is written back byte for byte.
//!
//! Per lot (`cac:ProcurementProjectLot` with `cbc:ID` = the lot id), in UBL schema order:
//!
//! - in the lot's `cac:ProcurementProject`: BT-300 (`cbc:Note`, the technical specifications;
//!   appended to an existing note in the same language) and `cac:ProcurementAdditionalType`
//!   entries (BT-06, BT-774, BT-775, BT-776, BT-805);
//! - in the lot's `cac:TenderingTerms`: selection criteria (`efac:SelectionCriteria`, BT-809
//!   code, BT-750, BT-748 `used`) in the terms' eForms extension, created when absent;
//!   BT-70 (`cac:ContractExecutionRequirement` with `conditions` = `performance`; appended to
//!   an existing one); `cac:SubordinateAwardingCriterion` entries (BT-539 `quality`, BT-734,
//!   BT-540, BT-5421/BT-541) in the `cac:AwardingCriterion`, creating `cac:AwardingTerms` when
//!   the lot has none.
//!
//! A `none` code of BT-06 or BT-805 is removed when a real code is added; codes already present
//! are not repeated.

mod fragment;
mod lot;

use std::collections::BTreeSet;

use quick_xml::events::Event;
use quick_xml::Reader;

use lot::{Editor, LotState};

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

/// A selection criterion to add: BT-809 code, name, BT-750 description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextAddition {
    /// BT-809 (list `selection-criterion`).
    pub code: String,
    pub title: String,
    pub text: String,
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
    /// Selection criteria (BT-809/BT-750).
    pub selection: Vec<TextAddition>,
    /// Lines of BT-300, one per technical specification.
    pub specifications: Vec<String>,
    /// Lines of BT-70, one per contract-performance condition.
    pub performance: Vec<String>,
}

/// What was done to one lot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LotReport {
    pub lot_id: String,
    pub added_codes: Vec<(String, String)>,
    pub removed_codes: Vec<(String, String)>,
    pub already_present: Vec<(String, String)>,
    pub added_award_criteria: usize,
    pub added_selection_criteria: usize,
    pub added_specifications: usize,
    pub added_performance_conditions: usize,
    pub warnings: Vec<String>,
}

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

/// Apply `additions` to the notice `xml`; returns the new XML and one report per lot.
pub fn apply(
    xml: &str,
    additions: &[LotAdditions],
) -> Result<(String, Vec<LotReport>), DraftError> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    let mut ed = Editor::new(xml.len(), additions);
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
                ed.flush_additional_type(events, lot.as_mut())
                    .map_err(|e| xml_err(&reader, &e))?;
            }
            continue;
        }
        match &event {
            Event::Start(s) => {
                let name = local(s.name().as_ref());
                if name == "ProcurementProjectLot" {
                    lot = Some(LotState::new(stack.len() + 1, prefix_of(s.name().as_ref())));
                }
                if let Some(st) = lot.as_mut().filter(|st| st.additions.is_some()) {
                    if ed.on_start(st, &stack, &name, s) {
                        stack.push(name);
                        buffer = Some((stack.len(), vec![event]));
                        continue;
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
                    ed.on_end(st, &stack, &name);
                }
                if name == "ProcurementProjectLot"
                    && lot.as_ref().is_some_and(|st| st.depth == depth + 1)
                {
                    if let Some(st) = lot.take() {
                        ed.finish_lot(&st);
                    }
                }
            }
            _ => {}
        }
        ed.writer
            .write_event(event)
            .map_err(|e| xml_err(&reader, &e))?;
    }
    if let Some(i) = seen.iter().position(|s| !s) {
        return Err(DraftError::UnknownLot(additions[i].lot_id.clone()));
    }
    let (out, reports) = ed.into_parts();
    let out = String::from_utf8(out).map_err(|e| DraftError::Xml {
        position: 0,
        message: e.to_string(),
    })?;
    Ok((out, reports))
}
