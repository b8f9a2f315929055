//! The cube read into memory, and a report answered from it: the selected cells' states
//! merged per group, the spanning entities counted once where any of their cells is
//! selected, the flagged lots of the selected cells in record order.

use std::collections::{BTreeMap, HashMap};

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
    form: String,
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
            cube.spans.push(Span {
                form: span.form,
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
        let group_of = |g: usize, cell: usize| -> Option<&str> {
            let table = tables.get(g)?;
            table
                .names
                .get(*table.of_cell.get(cell)?)
                .map(String::as_str)
        };
        let mut all = CellParts::unflatten(&mut all.reader())?;
        let mut groups: Vec<BTreeMap<&str, CellParts>> = Vec::with_capacity(tables.len());
        for (g, sums) in sums.into_iter().enumerate() {
            let mut parts = BTreeMap::new();
            for (name, flat) in tables[g].names.iter().zip(sums) {
                if let Some(flat) = flat {
                    parts.insert(name.as_str(), CellParts::unflatten(&mut flat.reader())?);
                }
            }
            groups.push(parts);
        }
        let mut implausible = Vec::new();
        for span in &self.spans {
            if span.cells.iter().any(|c| selected[*c]) {
                *all.notices_by_form.entry(span.form.clone()).or_default() += 1;
            }
            for winner in &span.winners {
                count_winner(winner, &selected, &group_of, &mut all, &mut groups);
            }
            implausible.extend(span.flagged.iter().filter(|f| selected[f.0]));
        }
        for procedure in &self.procedures {
            count_procedure(procedure, &selected, &group_of, &mut all, &mut groups);
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
                .zip(groups)
                .map(|(by, g)| {
                    let groups = g
                        .into_iter()
                        .map(|(k, parts)| (k.to_string(), parts.partials))
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

fn count_winner<'g>(
    winner: &[(usize, WinnerPart)],
    selected: &[bool],
    group_of: &dyn Fn(usize, usize) -> Option<&'g str>,
    all: &mut CellParts,
    groups: &mut [BTreeMap<&str, CellParts>],
) {
    let mut total: Option<WinnerPart> = None;
    let mut by_group: Vec<BTreeMap<&str, WinnerPart>> = vec![BTreeMap::new(); groups.len()];
    for (cell, part) in winner.iter().filter(|(c, _)| selected[*c]) {
        total.get_or_insert_with(WinnerPart::default).merge(part);
        for (g, parts) in by_group.iter_mut().enumerate() {
            if let Some(key) = group_of(g, *cell) {
                parts.entry(key).or_default().merge(part);
            }
        }
    }
    if let Some(total) = total {
        all.partials.sme1.counted.add(&total.size());
    }
    for (g, parts) in by_group.into_iter().enumerate() {
        for (key, part) in parts {
            if let Some(group) = groups[g].get_mut(key) {
                group.partials.sme1.counted.add(&part.size());
            }
        }
    }
}

fn count_procedure<'g>(
    procedure: &SpanningProcedure,
    selected: &[bool],
    group_of: &dyn Fn(usize, usize) -> Option<&'g str>,
    all: &mut CellParts,
    groups: &mut [BTreeMap<&str, CellParts>],
) {
    let stage = procedure.stage;
    let mut total: Option<bool> = None;
    let mut by_group: Vec<BTreeMap<&str, bool>> = vec![BTreeMap::new(); groups.len()];
    for (cell, divided) in procedure.cells.iter().filter(|(c, _)| selected[*c]) {
        *total.get_or_insert(false) |= divided;
        for (g, parts) in by_group.iter_mut().enumerate() {
            if let Some(key) = group_of(g, *cell) {
                *parts.entry(key).or_default() |= divided;
            }
        }
    }
    let count = |parts: &mut CellParts, divided: bool| {
        let counted = &mut parts.partials.sme3.get_mut(stage).counted;
        counted.procedures += 1;
        counted.divided += u64::from(divided);
    };
    if let Some(divided) = total {
        count(all, divided);
    }
    for (g, parts) in by_group.into_iter().enumerate() {
        for (key, divided) in parts {
            if let Some(group) = groups[g].get_mut(key) {
                count(group, divided);
            }
        }
    }
}
