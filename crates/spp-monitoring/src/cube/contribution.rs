//! What one current notice adds to the cube: its lots' partial results per cell, its
//! entities (the notice, its winners, its procedures) and its flagged lots.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use spp_domain::codelist::FormType;
use spp_domain::{CodeList, LotRecord};

use super::view::View;
use super::{CellKey, CellParts, CellState};
use crate::fx::FxTable;
use crate::indicators::sme3::Sme3;
use crate::indicators::Indicators;
use crate::latest::UNKNOWN_FORM;
use crate::plausibility::{FlaggedLot, NoticeChecks};
use crate::prepared::{Checks, PolicyCheck, Prepared, Stage};
use crate::winners::WinnerSize;

/// A winner's part in one cell: its first known size (with the position of the lot that
/// gave it) and whether a lot there names it an SME.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WinnerPart {
    pub first_known: Option<(u32, bool)>,
    pub any_sme: bool,
}

impl WinnerPart {
    fn add(&mut self, position: u32, sme: Option<bool>) {
        if self.first_known.is_none() {
            self.first_known = sme.map(|s| (position, s));
        }
        self.any_sme |= sme == Some(true);
    }

    /// Parts of one winner merged: the first known size in record order.
    pub fn merge(&mut self, other: &WinnerPart) {
        self.first_known = match (self.first_known, other.first_known) {
            (Some(a), Some(b)) => Some(if b.0 < a.0 { b } else { a }),
            (a, b) => a.or(b),
        };
        self.any_sme |= other.any_sme;
    }

    pub fn size(&self) -> WinnerSize {
        let mut size = WinnerSize::default();
        size.add(self.first_known.map(|(_, sme)| sme));
        if self.any_sme {
            size.any_sme = true;
        }
        size
    }
}

/// A flagged value of one lot, with the lot's cell and position in its notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpanFlag {
    pub cell: String,
    pub position: u32,
    pub lot: FlaggedLot,
}

/// What of one notice cannot be counted inside one cell: the notice itself and its winners
/// when their lots fall in several cells, and the flagged lots (listed in record order).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeSpan {
    pub notice_id: String,
    pub form: String,
    /// The notice's cells, when more than one.
    pub cells: Vec<String>,
    /// Winners whose lots fall in several cells: their part per cell.
    pub winners: Vec<Vec<(String, WinnerPart)>>,
    pub flagged: Vec<SpanFlag>,
}

impl NoticeSpan {
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty() && self.winners.is_empty() && self.flagged.is_empty()
    }
}

/// A notice's lots of one procedure (per stage) in one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcedurePart {
    /// `call:<key>` or `award:<key>` ([`Sme3::key`]).
    pub entity: String,
    pub cell: String,
    pub records: i64,
    pub divided: i64,
}

/// What one notice adds to the cube.
#[derive(Debug, Clone, Default)]
pub struct Contribution {
    pub cells: Vec<(String, CellState)>,
    pub span: Option<NoticeSpan>,
    pub procedures: Vec<ProcedurePart>,
}

/// The contribution of the current records of one notice (all its lots, in lot order) to
/// the full cube (the views are derived from it: [`super::derive`]).
pub fn contribution(
    records: &[LotRecord],
    fx: &FxTable,
    policy: Option<&dyn PolicyCheck>,
) -> Contribution {
    if records.is_empty() {
        return Contribution::default();
    }
    let notice = NoticeChecks::of(records.iter());
    let prepared: Vec<Prepared> = records
        .iter()
        .map(|r| {
            Prepared::checked(
                r,
                fx,
                policy,
                false,
                Checks {
                    notice: &notice,
                    include: false,
                },
            )
        })
        .collect();
    let keys: Vec<CellKey> = records.iter().map(CellKey::of).collect();
    let notice = Notice {
        records,
        prepared: &prepared,
        keys: &keys,
        fx,
        policy,
        checks: &notice,
    };
    notice.in_view(&View::FULL)
}

/// A notice's lots, checked once.
struct Notice<'a> {
    records: &'a [LotRecord],
    prepared: &'a [Prepared<'a>],
    keys: &'a [CellKey],
    fx: &'a FxTable,
    policy: Option<&'a dyn PolicyCheck>,
    checks: &'a NoticeChecks<'a>,
}

impl Notice<'_> {
    fn in_view(&self, view: &View) -> Contribution {
        let (records, prepared) = (self.records, self.prepared);
        let Some(last) = records.last() else {
            return Contribution::default();
        };
        let indicators = Indicators::default();
        let cell_of: Vec<String> = self.keys.iter().map(|k| view.cell_text(k)).collect();
        let mut by_cell: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, text) in cell_of.iter().enumerate() {
            by_cell.entry(text.as_str()).or_default().push(i);
        }
        let cell_of: Vec<&str> = cell_of.iter().map(String::as_str).collect();
        let mut parts: BTreeMap<&str, CellParts> = BTreeMap::new();
        for (text, lots) in &by_cell {
            let cell = parts.entry(text).or_default();
            for &i in lots {
                indicators.fold(&mut cell.partials, &prepared[i]);
                cell.facts.add(&records[i]);
            }
        }
        let form = last.form_type.as_ref().map_or(UNKNOWN_FORM, |f| f.as_str());
        let mut span = NoticeSpan {
            notice_id: last.notice_id.clone(),
            form: form.to_string(),
            ..NoticeSpan::default()
        };
        if parts.len() == 1 {
            if let Some(cell) = parts.values_mut().next() {
                cell.notices_by_form.insert(form.to_string(), 1);
            }
        } else {
            span.cells = parts.keys().map(|k| k.to_string()).collect();
        }
        for (_, winner) in winner_parts(records, &cell_of) {
            if winner.len() == 1 {
                if let Some((cell, part)) = winner.iter().next() {
                    if let Some(cell) = parts.get_mut(cell) {
                        cell.partials.sme1.counted.add(&part.size());
                    }
                }
            } else {
                span.winners.push(
                    winner
                        .into_iter()
                        .map(|(c, p)| (c.to_string(), p))
                        .collect(),
                );
            }
        }
        for (i, p) in prepared.iter().enumerate() {
            for flag in &p.implausible {
                span.flagged.push(SpanFlag {
                    cell: cell_of[i].to_string(),
                    position: i as u32,
                    lot: FlaggedLot::new(&records[i], flag, false),
                });
            }
        }
        let cells = by_cell
            .iter()
            .filter_map(|(text, lots)| {
                let cell = parts.get(text)?;
                Some((text.to_string(), self.state(cell, lots)))
            })
            .collect();
        Contribution {
            cells,
            span: (!span.is_empty()).then_some(span),
            procedures: procedure_parts(prepared, &cell_of, &view.prefix()),
        }
    }

    /// A cell's state: its parts, and what changes when its flagged values are counted.
    fn state(&self, cell: &CellParts, lots: &[usize]) -> CellState {
        let base = cell.to_flat();
        let flagged = lots
            .iter()
            .any(|&i| !self.prepared[i].implausible.is_empty());
        let mut include_delta = super::flat::Flat::default();
        if flagged {
            let indicators = Indicators::default();
            let checks = Checks {
                notice: self.checks,
                include: true,
            };
            let mut included = CellParts::default();
            for &i in lots {
                let p = Prepared::checked(&self.records[i], self.fx, self.policy, false, checks);
                indicators.fold(&mut included.partials, &p);
            }
            included.partials.sme1.counted = cell.partials.sme1.counted;
            included.facts = cell.facts.clone();
            included.notices_by_form = cell.notices_by_form.clone();
            include_delta = included.to_flat();
            include_delta.add(&base, -1);
        }
        CellState {
            base,
            include_delta,
        }
    }
}

/// Per winning organisation of a result notice, its part per cell.
fn winner_parts<'c>(
    records: &[LotRecord],
    cell_of: &[&'c str],
) -> BTreeMap<String, BTreeMap<&'c str, WinnerPart>> {
    let mut winners: BTreeMap<String, BTreeMap<&str, WinnerPart>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        if r.winners.is_empty() || r.form_type != Some(FormType::Result) {
            continue;
        }
        for w in &r.winners {
            let sme = w.size.as_ref().and_then(|s| s.is_sme());
            winners
                .entry(w.organisation_id.clone())
                .or_default()
                .entry(cell_of[i])
                .or_default()
                .add(i as u32, sme);
        }
    }
    winners
}

fn procedure_parts(prepared: &[Prepared], cell_of: &[&str], prefix: &str) -> Vec<ProcedurePart> {
    let mut parts: BTreeMap<(String, &str), (i64, i64)> = BTreeMap::new();
    for (p, cell) in prepared.iter().zip(cell_of) {
        let Some(stage) = p.stage else { continue };
        let entity = format!("{prefix}{}:{}", stage_name(stage), Sme3::key(p));
        let part = parts.entry((entity, cell)).or_default();
        part.0 += 1;
        part.1 += i64::from(p.record.lots_in_notice > 1);
    }
    parts
        .into_iter()
        .map(|((entity, cell), (records, divided))| ProcedurePart {
            entity,
            cell: cell.to_string(),
            records,
            divided,
        })
        .collect()
}

pub(crate) fn stage_name(stage: Stage) -> &'static str {
    stage.as_str()
}
