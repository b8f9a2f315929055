//! Importing a register file: every row checked first, errors naming row, column, value and
//! reason; then all contracts written in ONE transaction, or none. Contracts are keyed by
//! entity and the entity's own reference, so importing the same file again changes nothing.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Serialize;
use spp_register::{
    CallOffInput, Contract, ContractInput, EntityCode, FieldError, InvoiceInput, LotInput,
};
use spp_store::register::SaveResult;

use super::columns::{self, Column};
use super::table::{self, Table};
use crate::auth::{authorize, Action, Actor};
use crate::error::AppResult;
use crate::App;

/// One refused cell (or row, or header).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// The row as a spreadsheet numbers it (the header is row 1).
    pub row: usize,
    /// The column's header as written in the file.
    pub column: String,
    pub value: String,
    pub reason: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "row {}, column {:?}: {} (got {:?})",
            self.row, self.column, self.reason, self.value
        )
    }
}

/// What an import did (or, with errors or a dry run, would do).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    pub rows: usize,
    pub contracts: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub errors: Vec<RowError>,
    pub dry_run: bool,
    /// True when the contracts were written (no error, not a dry run).
    pub written: bool,
}

/// The rows of one contract: (row number, cells by column id).
type Group = Vec<(usize, HashMap<&'static str, String>)>;

impl App {
    /// Imports the register file at `path` (CSV or XLSX).
    pub async fn import_register(
        &self,
        actor: &Actor,
        path: &Path,
        dry_run: bool,
    ) -> AppResult<ImportReport> {
        let table = table::read(path)?;
        self.import_table(actor, &table, dry_run).await
    }

    /// Imports rows already read (an uploaded file: [`table::decode`]).
    pub async fn import_table(
        &self,
        actor: &Actor,
        table: &Table,
        dry_run: bool,
    ) -> AppResult<ImportReport> {
        authorize(actor, Action::Read, None)?;
        let mut report = ImportReport {
            rows: table.rows.len(),
            dry_run,
            ..Default::default()
        };
        let header = match header(&table.headers) {
            Ok(h) => h,
            Err(errors) => {
                report.errors = errors;
                return Ok(report);
            }
        };
        let groups = group(&header, table);
        report.contracts = groups.len();
        let mut tx = self.store().register_read().await?;
        let live: HashSet<String> = tx
            .entities()
            .await?
            .into_iter()
            .filter(|e| !e.deleted)
            .map(|e| e.entity.code.to_string())
            .collect();
        let existing: HashMap<String, _> = tx
            .contracts(None, true)
            .await?
            .into_iter()
            .map(|c| (c.key(), c))
            .collect();
        drop(tx);
        let mut contracts = Vec::with_capacity(groups.len());
        for g in &groups {
            match self.contract_of(actor, g, &header, &live) {
                Ok(c) => contracts.push(c),
                Err(e) => report.errors.extend(e),
            }
        }
        for c in &contracts {
            match existing.get(&format!("{}/{}", c.entity, c.reference)) {
                None => report.created += 1,
                Some(s) if !s.deleted && s.contract == *c => report.unchanged += 1,
                Some(_) => report.updated += 1,
            }
        }
        if !report.errors.is_empty() || dry_run {
            return Ok(report);
        }
        let mut tx = self.store().register_write().await?;
        let name = actor.audit_name();
        // Read again under the write lock: another writer may have come in between.
        let stored: HashMap<String, _> = tx
            .contracts(None, true)
            .await?
            .into_iter()
            .map(|c| (c.key(), c))
            .collect();
        let (mut created, mut updated, mut unchanged) = (0, 0, 0);
        for c in &contracts {
            let old = stored.get(&format!("{}/{}", c.entity, c.reference));
            match tx.save_contract(&name, c, old).await? {
                SaveResult::Created(_) => created += 1,
                SaveResult::Updated(_) => updated += 1,
                SaveResult::Unchanged(_) => unchanged += 1,
            }
        }
        tx.commit().await?;
        (report.created, report.updated, report.unchanged) = (created, updated, unchanged);
        report.written = true;
        Ok(report)
    }

    /// The contract of one group of rows, or the errors of its rows.
    fn contract_of(
        &self,
        actor: &Actor,
        g: &Group,
        header: &[(&'static Column, String)],
        live: &HashSet<String>,
    ) -> Result<Contract, Vec<RowError>> {
        let name_of = |id: &str| {
            header
                .iter()
                .find(|(c, _)| c.id == id)
                .map_or(id.to_string(), |(_, h)| h.clone())
        };
        let err = |row: usize, id: &str, value: &str, reason: String| RowError {
            row,
            column: name_of(id),
            value: value.to_string(),
            reason,
        };
        let (first_row, first) = &g[0];
        let mut errors = Vec::new();
        for (row, cells) in &g[1..] {
            for c in columns::COLUMNS.iter().filter(|c| c.contract_level) {
                if cells.get(c.id) != first.get(c.id) {
                    let v = cells.get(c.id).cloned().unwrap_or_default();
                    errors.push(err(
                        *row,
                        c.id,
                        &v,
                        format!("differs from row {first_row} of the same contract"),
                    ));
                }
            }
        }
        let entity_raw = first.get("entity").cloned().unwrap_or_default();
        match EntityCode::parse("entity", &entity_raw) {
            Ok(code) if !live.contains(code.as_str()) => errors.push(err(
                *first_row,
                "entity",
                &entity_raw,
                "no such entity (add it with `spp entity add`)".into(),
            )),
            Ok(code) => {
                if let Err(e) = authorize(actor, Action::WriteContract, Some(&code)) {
                    errors.push(err(*first_row, "entity", &entity_raw, e.to_string()));
                }
            }
            Err(e) => errors.push(err(*first_row, "entity", &entity_raw, e.reason)),
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let input = input_of(g);
        Contract::parse(&input, self.catalogue()).map_err(|e: FieldError| {
            let row = columns::lot_of_field(&e.field)
                .and_then(|i| g.get(i))
                .map_or(*first_row, |r| r.0);
            vec![err(row, columns::of_field(&e.field), &e.value, e.reason)]
        })
    }
}

/// The columns of the header row, or the errors of the header.
fn header(headers: &[String]) -> Result<Vec<(&'static Column, String)>, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut found = Vec::new();
    for h in headers {
        match columns::find(h) {
            Some(c) if found.iter().any(|(f, _): &(&Column, String)| f.id == c.id) => {
                errors.push(RowError {
                    row: 1,
                    column: h.clone(),
                    value: h.clone(),
                    reason: "column given twice".into(),
                })
            }
            Some(c) => found.push((c, h.clone())),
            None if h.trim().is_empty() => found.push((&UNUSED, h.clone())),
            None => errors.push(RowError {
                row: 1,
                column: h.clone(),
                value: h.clone(),
                reason: "unknown column (download the template: `spp register template`)".into(),
            }),
        }
    }
    for c in columns::COLUMNS.iter().filter(|c| c.required) {
        if !found.iter().any(|(f, _)| f.id == c.id) {
            errors.push(RowError {
                row: 1,
                column: c.en.to_string(),
                value: String::new(),
                reason: "required column missing".into(),
            });
        }
    }
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(errors)
    }
}

/// A column without a header: its cells are ignored.
static UNUSED: Column = Column {
    id: "",
    nl: "",
    fr: "",
    en: "",
    contract_level: false,
    required: false,
};

/// Rows grouped by contract (entity + reference, in the order first seen); blank rows skipped.
fn group(header: &[(&'static Column, String)], table: &Table) -> Vec<Group> {
    let mut order: Vec<Group> = Vec::new();
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    for (i, row) in table.rows.iter().enumerate() {
        if row.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let cells: HashMap<&'static str, String> = header
            .iter()
            .zip(row)
            .filter(|((c, _), _)| !c.id.is_empty())
            .map(|((c, _), v)| (c.id, v.trim().to_string()))
            .collect();
        let key = |id| cells.get(id).map(|v| v.to_lowercase()).unwrap_or_default();
        let k = (
            key("entity"),
            cells.get("reference").cloned().unwrap_or_default(),
        );
        let at = *index.entry(k).or_insert_with(|| {
            order.push(Vec::new());
            order.len() - 1
        });
        order[at].push((i + 2, cells));
    }
    order
}

fn list(cells: &HashMap<&'static str, String>, id: &str) -> Vec<String> {
    cells
        .get(id)
        .map(|v| {
            v.split(';')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// A stored contract as the input that would enter it again (an edit form starts from it):
/// the file format's cells of each lot, read back the way an import reads them.
pub fn contract_input(c: &Contract) -> ContractInput {
    let group: Group = c
        .lots
        .iter()
        .enumerate()
        .map(|(i, lot)| {
            let cells = columns::COLUMNS
                .iter()
                .map(|col| (col.id, super::export::cell(c, lot, col.id)))
                .collect();
            (i + 2, cells)
        })
        .collect();
    let mut input = input_of(&group);
    input.call_offs = c
        .call_offs
        .iter()
        .map(|o| CallOffInput {
            reference: o.reference.clone(),
            date: o.date.to_string(),
            value: o.value.to_string(),
        })
        .collect();
    input.invoices = c
        .invoices
        .iter()
        .map(|v| InvoiceInput {
            reference: v.reference.clone(),
            amount: v.amount.to_string(),
            received: v.received.to_string(),
            paid: v.paid.map(|d| d.to_string()),
        })
        .collect();
    input
}

fn input_of(g: &Group) -> ContractInput {
    let first = &g[0].1;
    let get = |id: &str| first.get(id).cloned().unwrap_or_default();
    let opt = |id: &str| first.get(id).cloned().filter(|v| !v.is_empty());
    ContractInput {
        entity: get("entity"),
        reference: get("reference"),
        title: get("title"),
        procedure: get("procedure"),
        threshold: opt("threshold"),
        award_date: opt("award_date"),
        notice: opt("notice"),
        framework_ceiling: opt("framework_ceiling"),
        lots: g.iter().map(|(_, cells)| lot_of(cells)).collect(),
        call_offs: Vec::new(),
        invoices: Vec::new(),
    }
}

fn lot_of(cells: &HashMap<&'static str, String>) -> LotInput {
    let opt = |id: &str| cells.get(id).cloned().filter(|v| !v.is_empty());
    LotInput {
        reference: cells.get("lot").cloned().unwrap_or_default(),
        title: opt("lot_title"),
        cpv: cells.get("cpv").cloned().unwrap_or_default(),
        product_group: opt("product_group"),
        estimated_value: opt("estimated_value"),
        awarded_value: opt("awarded_value"),
        criteria: list(cells, "criteria"),
        labels: list(cells, "labels"),
        social_clause: opt("social_clause"),
        reserved: opt("reserved"),
        supply_chain: opt("supply_chain"),
        circular: list(cells, "circular"),
        innovation: opt("innovation"),
        lcc_used: opt("lcc_used"),
        winner_name: opt("winner_name"),
        winner_kbo: opt("winner_kbo"),
        winner_sme: opt("winner_sme"),
        e_submission: opt("e_submission"),
    }
}
