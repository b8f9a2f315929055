//! The cube read into memory, and a report answered from it: the selected cells' states
//! merged per group, the spanning entities counted once where any of their cells is
//! selected, the flagged lots of the selected cells in record order.

use std::collections::HashMap;

use super::contribution::{NoticeSpan, WinnerPart};
use super::entity::{stage_of, ProcedureState};
use super::flat::{Flat, SparseFlat};
use super::flatten::Flatten;
use super::view::{strip_view, Dim, View};
use super::{CellKey, CellParts, CellState, CubeError};
use crate::engine::{assemble, groupings, Options, Parts, Report};
use crate::group::GroupBy;
use crate::indicators::Indicators;
use crate::plausibility::FlaggedLot;
use crate::prepared::Stage;

/// A notice's spanning parts, with cells as indices.
#[derive(Debug, Clone)]
struct Span {
    /// Index into [`LoadedCube::forms`].
    form: usize,
    cells: Vec<usize>,
    winners: Vec<Vec<(usize, WinnerPart)>>,
    /// (cell, position, lot)
    flagged: Vec<(usize, u32, FlaggedLot)>,
}

/// A procedure in several cells: (cell, divided into lots) per cell.
#[derive(Debug, Clone)]
struct SpanningProcedure {
    stage: Stage,
    cells: Vec<(usize, bool)>,
}

/// A cell as a report reads it.
#[derive(Debug, Clone)]
struct Cell {
    key: CellKey,
    base: SparseFlat,
    include_delta: SparseFlat,
}

impl Cell {
    fn add_to(&self, flat: &mut Flat, include_implausible: bool) {
        flat.add_sparse(&self.base);
        if include_implausible {
            flat.add_sparse(&self.include_delta);
        }
    }
}

/// The groups of one grouping: their names, and each cell's group.
#[derive(Debug, Clone)]
struct Groups {
    by: GroupBy,
    names: Vec<String>,
    of_cell: Vec<usize>,
    /// Per group, the sum of its cells (without, with the implausible values): what a
    /// report without a filter reads instead of every cell.
    whole: [Vec<Flat>; 2],
}

impl Groups {
    fn new(by: GroupBy, cells: &[Cell]) -> Groups {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut names = Vec::new();
        let of_cell: Vec<usize> = cells
            .iter()
            .map(|c| {
                let name = c.key.group(by).unwrap_or_default();
                *index.entry(name.clone()).or_insert_with(|| {
                    names.push(name);
                    names.len() - 1
                })
            })
            .collect();
        let mut whole = [
            vec![Flat::default(); names.len()],
            vec![Flat::default(); names.len()],
        ];
        for (cell, group) in cells.iter().zip(&of_cell) {
            for (include, sums) in whole.iter_mut().enumerate() {
                if let Some(sum) = sums.get_mut(*group) {
                    cell.add_to(sum, include == 1);
                }
            }
        }
        Groups {
            by,
            names,
            of_cell,
            whole,
        }
    }
}

/// The stored aggregates, in memory.
#[derive(Debug, Clone, Default)]
pub struct LoadedCube {
    cells: Vec<Cell>,
    /// The sum of every cell (without, with the implausible values).
    whole: [Flat; 2],
    /// Per grouping the cube can give.
    groups: Vec<Groups>,
    spans: Vec<Span>,
    /// The form types of the spans.
    forms: Vec<String>,
    procedures: Vec<SpanningProcedure>,
}

impl LoadedCube {
    /// From the stored rows: cells (key, state), notice spans, spanning procedures (entity
    /// key, state).
    pub fn from_rows(
        cells: impl IntoIterator<Item = (String, Vec<u8>)>,
        spans: impl IntoIterator<Item = Vec<u8>>,
        procedures: impl IntoIterator<Item = (String, Vec<u8>)>,
    ) -> Result<LoadedCube, CubeError> {
        LoadedCube::from_view_rows(View::FULL, cells, spans, procedures)
    }

    /// From the stored rows of one view (keys with its prefix).
    pub fn from_view_rows(
        view: View,
        cells: impl IntoIterator<Item = (String, Vec<u8>)>,
        spans: impl IntoIterator<Item = Vec<u8>>,
        procedures: impl IntoIterator<Item = (String, Vec<u8>)>,
    ) -> Result<LoadedCube, CubeError> {
        let mut cube = LoadedCube::default();
        let mut index: HashMap<String, usize> = HashMap::new();
        for (text, bytes) in cells {
            index.insert(text.clone(), cube.cells.len());
            let state = CellState::decode(&bytes)?;
            cube.cells.push(Cell {
                key: CellKey::parse(strip_view(&text))?,
                base: SparseFlat::from(&state.base),
                include_delta: SparseFlat::from(&state.include_delta),
            });
        }
        cube.groups = GroupBy::ALL
            .into_iter()
            .filter(|by| Dim::of_grouping(*by).is_some_and(|d| view.dims.has(d)))
            .map(|by| Groups::new(by, &cube.cells))
            .collect();
        for cell in &cube.cells {
            cell.add_to(&mut cube.whole[0], false);
            cell.add_to(&mut cube.whole[1], true);
        }
        let at = |text: &str| index.get(text).copied().ok_or(CubeError::corrupt("cell"));
        for bytes in spans {
            let span: NoticeSpan =
                serde_json::from_slice(&bytes).map_err(|_| CubeError::corrupt("span"))?;
            let winners = span
                .winners
                .iter()
                .map(|w| w.iter().map(|(c, p)| Ok((at(c)?, *p))).collect())
                .collect::<Result<_, CubeError>>()?;
            let flagged = span
                .flagged
                .into_iter()
                .map(|f| Ok((at(&f.cell)?, f.position, f.lot)))
                .collect::<Result<_, CubeError>>()?;
            let form = match cube.forms.iter().position(|f| *f == span.form) {
                Some(i) => i,
                None => {
                    cube.forms.push(span.form);
                    cube.forms.len() - 1
                }
            };
            cube.spans.push(Span {
                form,
                cells: span.cells.iter().map(|c| at(c)).collect::<Result<_, _>>()?,
                winners,
                flagged,
            });
        }
        for (entity, bytes) in procedures {
            let stage = stage_of(&entity).ok_or(CubeError::corrupt("procedure key"))?;
            let state = ProcedureState::decode(&bytes)?;
            let cells = state
                .cells
                .iter()
                .map(|(c, (_, divided))| Ok((at(c)?, *divided > 0)))
                .collect::<Result<_, CubeError>>()?;
            cube.procedures.push(SpanningProcedure { stage, cells });
        }
        Ok(cube)
    }

    /// The sums of the selected cells, in all and per group of each table.
    fn sum_selected(
        &self,
        selected: &[bool],
        tables: &[&Groups],
        include: bool,
    ) -> (Flat, Vec<Vec<Option<Flat>>>) {
        let mut all = Flat::default();
        let mut sums: Vec<Vec<Option<Flat>>> =
            tables.iter().map(|t| vec![None; t.names.len()]).collect();
        for (i, cell) in self.cells.iter().enumerate() {
            if !selected[i] {
                continue;
            }
            cell.add_to(&mut all, include);
            for (table, sums) in tables.iter().zip(&mut sums) {
                if let Some(slot) = sums.get_mut(table.of_cell[i]) {
                    cell.add_to(slot.get_or_insert_with(Flat::default), include);
                }
            }
        }
        (all, sums)
    }

    /// Number of cells.
    pub fn cells(&self) -> usize {
        self.cells.len()
    }

    /// The report over the lots of the cells `keep` selects (`None`: every cell), as
    /// `compute` would give it over those lots' records (but for the groupings by buyer,
    /// which the cube cannot give).
    pub fn report(
        &self,
        keep: Option<&dyn Fn(&CellKey) -> bool>,
        options: &Options,
    ) -> Result<Report, CubeError> {
        let answer = self.answer(keep, &groupings(options), options.include_implausible)?;
        Ok(assemble(&Indicators::default(), answer.0, options))
    }

    /// The parts of a report over the cells `keep` selects, broken down by `groupings`
    /// (each one the cube keeps).
    pub fn answer(
        &self,
        keep: Option<&dyn Fn(&CellKey) -> bool>,
        groupings: &[GroupBy],
        include_implausible: bool,
    ) -> Result<Answer, CubeError> {
        if groupings.contains(&GroupBy::Buyer) {
            return Err(CubeError::Unanswerable("a grouping by buyer"));
        }
        let selected: Vec<bool> = match keep {
            Some(keep) => self.cells.iter().map(|c| keep(&c.key)).collect(),
            None => vec![true; self.cells.len()],
        };
        let tables: Vec<&Groups> = groupings
            .iter()
            .map(|by| {
                self.groups
                    .iter()
                    .find(|g| g.by == *by)
                    .ok_or(CubeError::Unanswerable("this grouping"))
            })
            .collect::<Result<_, _>>()?;
        let include = include_implausible;
        let (all, sums) = match keep {
            None => {
                let whole = usize::from(include);
                let sums: Vec<Vec<Option<Flat>>> = tables
                    .iter()
                    .map(|t| t.whole[whole].iter().cloned().map(Some).collect())
                    .collect();
                (self.whole[whole].clone(), sums)
            }
            Some(_) => self.sum_selected(&selected, &tables, include),
        };
        let mut all = CellParts::unflatten(&mut all.reader())?;
        let mut groups: Vec<Vec<Option<CellParts>>> = Vec::with_capacity(tables.len());
        for sums in sums {
            let parts = sums
                .into_iter()
                .map(|flat| {
                    flat.map(|f| CellParts::unflatten(&mut f.reader()))
                        .transpose()
                })
                .collect::<Result<_, _>>()?;
            groups.push(parts);
        }
        let mut counter = EntityCounter {
            selected: &selected,
            tables: &tables,
            all: &mut all,
            groups: &mut groups,
            buffer: Vec::new(),
        };
        let mut notices_by_form = vec![0_u64; self.forms.len()];
        let mut implausible = Vec::new();
        for span in &self.spans {
            if span.cells.iter().any(|c| selected[*c]) {
                notices_by_form[span.form] += 1;
            }
            for winner in &span.winners {
                counter.winner(winner);
            }
            implausible.extend(span.flagged.iter().filter(|f| selected[f.0]));
        }
        for procedure in &self.procedures {
            counter.procedure(procedure);
        }
        for (form, n) in self.forms.iter().zip(notices_by_form) {
            if n > 0 {
                *all.notices_by_form.entry(form.clone()).or_default() += n;
            }
        }
        // Record order: notice id, then lot position (a lot's flags stay in their order).
        implausible.sort_by(|a, b| (&a.2.notice_id, a.1).cmp(&(&b.2.notice_id, b.1)));
        let implausible = implausible
            .into_iter()
            .map(|(_, _, lot)| FlaggedLot {
                included: include_implausible,
                ..lot.clone()
            })
            .collect();
        let facts = crate::facts::Facts::from_counts(
            std::mem::take(&mut all.notices_by_form),
            &all.facts,
            all.partials.sme1.counts(),
        );
        let parts = Parts {
            facts,
            history: all.facts.history(),
            implausible,
            all: all.partials,
            groups: groupings
                .iter()
                .zip(tables.iter().zip(groups))
                .map(|(by, (table, g))| {
                    let groups = table
                        .names
                        .iter()
                        .zip(g)
                        .filter_map(|(name, parts)| Some((name.clone(), parts?.partials)))
                        .collect();
                    (*by, groups)
                })
                .collect(),
        };
        Ok(Answer(parts))
    }
}

/// The parts of a report from one view, before they are finalized.
pub struct Answer(Parts);

/// One report from the answers of several views over the same lots: the totals, facts and
/// flagged lots of `all`, and the groupings of `by` (each answer's own), in the order of
/// `options`.
pub fn combine(all: Answer, by: Vec<Answer>, options: &Options) -> Report {
    let mut parts = all.0;
    let mut groups: Vec<(GroupBy, Vec<(String, crate::indicators::Partials)>)> =
        std::mem::take(&mut parts.groups);
    for answer in by {
        for (grouping, table) in answer.0.groups {
            if !groups.iter().any(|(g, _)| *g == grouping) {
                groups.push((grouping, table));
            }
        }
    }
    let order = groupings(options);
    groups.retain(|(g, _)| order.contains(g));
    groups.sort_by_key(|(g, _)| order.iter().position(|o| o == g));
    parts.groups = groups;
    assemble(&Indicators::default(), parts, options)
}

/// Counts the entities kept beside the cells (winners, procedures) once in the total and
/// once per group where any of their selected cells is, by group index (no allocation per
/// entity: `buffer` is reused).
struct EntityCounter<'q> {
    selected: &'q [bool],
    tables: &'q [&'q Groups],
    all: &'q mut CellParts,
    groups: &'q mut Vec<Vec<Option<CellParts>>>,
    /// (table, group, winner part or divided flag) of the entity being counted.
    buffer: Vec<(usize, usize, WinnerPart, bool)>,
}

impl EntityCounter<'_> {
    /// The entity's selected cells gathered per (table, group) into `buffer`.
    fn gather<T: Copy>(
        &mut self,
        cells: &[(usize, T)],
        mut merge: impl FnMut(&mut (usize, usize, WinnerPart, bool), T),
        seed: impl Fn(T) -> (WinnerPart, bool),
    ) {
        self.buffer.clear();
        for &(cell, part) in cells.iter().filter(|(c, _)| self.selected[*c]) {
            for (t, table) in self.tables.iter().enumerate() {
                let Some(&group) = table.of_cell.get(cell) else {
                    continue;
                };
                match self.buffer.iter_mut().find(|e| e.0 == t && e.1 == group) {
                    Some(entry) => merge(entry, part),
                    None => {
                        let (w, d) = seed(part);
                        self.buffer.push((t, group, w, d));
                    }
                }
            }
        }
    }

    fn winner(&mut self, winner: &[(usize, WinnerPart)]) {
        let mut total: Option<WinnerPart> = None;
        for (_, part) in winner.iter().filter(|(c, _)| self.selected[*c]) {
            total.get_or_insert_with(WinnerPart::default).merge(part);
        }
        let Some(total) = total else { return };
        self.all.partials.sme1.counted.add(&total.size());
        self.gather(winner, |e, p| e.2.merge(&p), |p| (p, false));
        for (t, group, part, _) in &self.buffer {
            if let Some(Some(parts)) = self.groups[*t].get_mut(*group) {
                parts.partials.sme1.counted.add(&part.size());
            }
        }
    }

    fn procedure(&mut self, procedure: &SpanningProcedure) {
        let stage = procedure.stage;
        let mut total: Option<bool> = None;
        for (_, divided) in procedure.cells.iter().filter(|(c, _)| self.selected[*c]) {
            *total.get_or_insert(false) |= divided;
        }
        let Some(divided) = total else { return };
        let count = |parts: &mut CellParts, divided: bool| {
            let counted = &mut parts.partials.sme3.get_mut(stage).counted;
            counted.procedures += 1;
            counted.divided += u64::from(divided);
        };
        count(self.all, divided);
        self.gather(
            &procedure.cells,
            |e, d| e.3 |= d,
            |d| (WinnerPart::default(), d),
        );
        for (t, group, _, divided) in &self.buffer {
            if let Some(Some(parts)) = self.groups[*t].get_mut(*group) {
                count(parts, *divided);
            }
        }
    }
}
