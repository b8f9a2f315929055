//! The views ([`super::view`]) derived from the full cube's stored rows, exactly: a view's
//! cell is the sum of the full cells that project onto it, and an entity kept beside the full
//! cube (a notice, a winner, a procedure in several cells) is counted *in* a view's cell when
//! all its full cells project onto that one cell, and stays beside the view otherwise.
//!
//! The writer keeps only the full cube in each save (one row set per notice); the views are
//! derived once per generation, in one pass over the full cube, and stored beside it.

use std::collections::{BTreeMap, HashMap};

use super::contribution::{NoticeSpan, SpanFlag, WinnerPart};
use super::entity::{counted, stage_of, ProcedureState};
use super::flat::SparseFlat;
use super::view::{strip_view, View};
use super::{CellKey, CellParts, CellState, CubeError};

/// The rows of one derived view, as the store keeps them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewRows {
    pub view: u8,
    /// (cell, state)
    pub cells: Vec<(String, Vec<u8>)>,
    /// (key, span): the view's prefix and the notice id.
    pub spans: Vec<(String, Vec<u8>)>,
    /// (entity, state) of the procedures in several of the view's cells.
    pub spanning: Vec<(String, Vec<u8>)>,
}

/// One view being derived.
struct Building {
    view: View,
    prefix: String,
    cells: HashMap<String, CellState>,
    spans: Vec<(String, Vec<u8>)>,
    spanning: Vec<(String, Vec<u8>)>,
}

impl Building {
    fn cell(&mut self, text: String) -> &mut CellState {
        self.cells.entry(text).or_default()
    }

    fn add_parts(&mut self, cell: String, parts: &CellParts) {
        self.cell(cell).base.add(&parts.to_flat(), 1);
    }
}

/// Every view of `views` (not the full cube) from the full cube's rows: cells (key, state),
/// notice spans, and the procedures in several cells (entity, state).
pub fn derive(
    views: &[View],
    cells: &[(String, Vec<u8>)],
    spans: &[Vec<u8>],
    spanning: &[(String, Vec<u8>)],
) -> Result<Vec<ViewRows>, CubeError> {
    let mut building: Vec<Building> = views
        .iter()
        .filter(|v| **v != View::FULL)
        .map(|v| Building {
            view: *v,
            prefix: v.prefix(),
            cells: HashMap::new(),
            spans: Vec::new(),
            spanning: Vec::new(),
        })
        .collect();
    for (text, bytes) in cells {
        let key = CellKey::parse(strip_view(text))?;
        let state = CellState::decode(bytes)?;
        let (base, delta) = (
            SparseFlat::from(&state.base),
            SparseFlat::from(&state.include_delta),
        );
        for b in &mut building {
            let cell = b.cell(b.view.cell_text(&key));
            cell.base.add_sparse(&base);
            cell.include_delta.add_sparse(&delta);
        }
    }
    let mut projections = Projections::default();
    for bytes in spans {
        let span: NoticeSpan =
            serde_json::from_slice(bytes).map_err(|_| CubeError::corrupt("span"))?;
        for b in &mut building {
            derive_span(b, &span, &mut projections)?;
        }
    }
    for (entity, bytes) in spanning {
        let state = ProcedureState::decode(bytes)?;
        for b in &mut building {
            derive_procedure(b, entity, &state, &mut projections)?;
        }
    }
    Ok(building
        .into_iter()
        .map(|b| {
            let mut cells: Vec<(String, Vec<u8>)> = b
                .cells
                .into_iter()
                .filter(|(_, s)| !s.is_zero())
                .map(|(k, s)| (k, s.encode()))
                .collect();
            cells.sort();
            ViewRows {
                view: b.view.id,
                cells,
                spans: b.spans,
                spanning: b.spanning,
            }
        })
        .collect())
}

/// Full cell text → its key, parsed once per derivation for the cells entities name.
#[derive(Default)]
struct Projections {
    keys: HashMap<String, CellKey>,
}

impl Projections {
    fn project(&mut self, view: &View, full: &str) -> Result<String, CubeError> {
        if !self.keys.contains_key(full) {
            let key = CellKey::parse(strip_view(full))?;
            self.keys.insert(full.to_string(), key);
        }
        let key = self.keys.get(full).ok_or(CubeError::corrupt("cell"))?;
        Ok(view.cell_text(key))
    }
}

fn derive_span(b: &mut Building, span: &NoticeSpan, p: &mut Projections) -> Result<(), CubeError> {
    let mut out = NoticeSpan {
        notice_id: span.notice_id.clone(),
        form: span.form.clone(),
        ..NoticeSpan::default()
    };
    if !span.cells.is_empty() {
        let mut cells: Vec<String> = span
            .cells
            .iter()
            .map(|c| p.project(&b.view, c))
            .collect::<Result<_, _>>()?;
        cells.sort();
        cells.dedup();
        if let [one] = cells.as_slice() {
            let mut parts = CellParts::default();
            parts.notices_by_form.insert(span.form.clone(), 1);
            b.add_parts(one.clone(), &parts);
        } else {
            out.cells = cells;
        }
    }
    for winner in &span.winners {
        let mut merged: BTreeMap<String, WinnerPart> = BTreeMap::new();
        for (cell, part) in winner {
            merged
                .entry(p.project(&b.view, cell)?)
                .or_default()
                .merge(part);
        }
        if merged.len() == 1 {
            if let Some((cell, part)) = merged.into_iter().next() {
                let mut parts = CellParts::default();
                parts.partials.sme1.counted.add(&part.size());
                b.add_parts(cell, &parts);
            }
        } else {
            out.winners.push(merged.into_iter().collect());
        }
    }
    for flag in &span.flagged {
        out.flagged.push(SpanFlag {
            cell: p.project(&b.view, &flag.cell)?,
            ..flag.clone()
        });
    }
    if !out.is_empty() {
        let bytes = serde_json::to_vec(&out).map_err(|_| CubeError::corrupt("span"))?;
        b.spans
            .push((format!("{}{}", b.prefix, span.notice_id), bytes));
    }
    Ok(())
}

fn derive_procedure(
    b: &mut Building,
    entity: &str,
    state: &ProcedureState,
    p: &mut Projections,
) -> Result<(), CubeError> {
    let stage = stage_of(entity).ok_or(CubeError::corrupt("procedure key"))?;
    let mut cells: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for (cell, (lots, divided)) in &state.cells {
        let part = cells.entry(p.project(&b.view, cell)?).or_default();
        part.0 += lots;
        part.1 += divided;
    }
    if cells.len() == 1 {
        if let Some((cell, (_, divided))) = cells.into_iter().next() {
            let delta = counted(stage, divided > 0, 1);
            b.cell(cell).add(&delta, 1);
        }
    } else {
        let state = ProcedureState { cells };
        b.spanning.push((
            format!("{}{}", b.prefix, strip_view(entity)),
            state.encode(),
        ));
    }
    Ok(())
}
