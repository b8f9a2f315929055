//! The register as a file in the import format (so an export imports back unchanged), and
//! the empty template with the headers in Dutch, French or English.

use spp_catalogue::Lang;
use spp_register::{Contract, Lot};
use spp_store::register::StoredContract;

use super::columns::COLUMNS;
use super::table::{self, FileFormat, Table};
use super::ContractQuery;
use crate::auth::{authorize, Action, Actor};
use crate::error::AppResult;
use crate::App;

fn yes_no(b: Option<bool>) -> String {
    b.map_or(String::new(), |b| if b { "yes" } else { "no" }.to_string())
}

pub(super) fn cell(c: &Contract, lot: &Lot, id: &str) -> String {
    let opt = |v: Option<String>| v.unwrap_or_default();
    let join = |v: Vec<String>| v.join(";");
    match id {
        "entity" => c.entity.to_string(),
        "reference" => c.reference.clone(),
        "title" => c.title.clone(),
        "procedure" => c.procedure.as_str().into(),
        "threshold" => opt(c.threshold.map(|t| t.as_str().into())),
        "award_date" => opt(c.award_date.map(|d| d.to_string())),
        "notice" => opt(c.notice.as_ref().map(|n| n.as_str().into())),
        "framework_ceiling" => opt(c.framework_ceiling.map(|v| v.to_string())),
        "lot" => lot.reference.clone(),
        "lot_title" => opt(lot.title.clone()),
        "cpv" => lot.cpv.as_str().into(),
        "product_group" => opt(lot.product_group.clone()),
        "estimated_value" => opt(lot.estimated_value.map(|v| v.to_string())),
        "awarded_value" => opt(lot.awarded_value.map(|v| v.to_string())),
        "criteria" => join(
            lot.criteria
                .iter()
                .map(|a| format!("{}@{}", a.id, a.stage.as_str()))
                .collect(),
        ),
        "labels" => lot.labels.join(";"),
        "social_clause" => yes_no(lot.social_clause),
        "reserved" => yes_no(lot.reserved),
        "supply_chain" => opt(lot.supply_chain.map(|s| s.as_str().into())),
        "circular" => join(
            lot.circular
                .iter()
                .map(|m| m.as_str().to_string())
                .collect(),
        ),
        "innovation" => opt(lot.innovation.map(|i| i.as_str().into())),
        "lcc_used" => yes_no(lot.lcc_used),
        "winner_name" => opt(lot.winner.as_ref().map(|w| w.name.clone())),
        "winner_kbo" => opt(lot
            .winner
            .as_ref()
            .and_then(|w| w.kbo.as_ref())
            .map(|k| k.to_string())),
        "winner_sme" => yes_no(lot.winner.as_ref().and_then(|w| w.sme)),
        "e_submission" => yes_no(lot.e_submission),
        _ => String::new(),
    }
}

fn headers(lang: Lang) -> Vec<String> {
    COLUMNS.iter().map(|c| c.header(lang).to_string()).collect()
}

/// One row per lot of each contract.
pub fn table_of(contracts: &[StoredContract], lang: Lang) -> Table {
    let rows = contracts
        .iter()
        .flat_map(|s| s.contract.lots.iter().map(move |l| (&s.contract, l)))
        .map(|(c, l)| COLUMNS.iter().map(|col| cell(c, l, col.id)).collect())
        .collect();
    Table {
        headers: headers(lang),
        rows,
    }
}

impl App {
    /// The register (contracts not deleted) as a CSV or XLSX file.
    pub async fn export_register(
        &self,
        actor: &Actor,
        format: FileFormat,
        lang: Lang,
        query: &ContractQuery,
    ) -> AppResult<Vec<u8>> {
        authorize(actor, Action::Export, None)?;
        let contracts = self.contracts(actor, query).await?;
        table::encode(&table_of(&contracts, lang), format)
    }
}

/// The empty import template (headers only) in `lang`.
pub fn template(format: FileFormat, lang: Lang) -> AppResult<Vec<u8>> {
    table::encode(
        &Table {
            headers: headers(lang),
            rows: Vec::new(),
        },
        format,
    )
}
