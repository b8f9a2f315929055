//! The lots behind a figure: for one indicator and stage over the lots a [`Filter`] selects,
//! which lots are in its numerator and which only in its denominator, with the reasons. The
//! decisions come from `spp_monitoring::explain`, the indicator code the report runs, notice
//! by notice (so notice-level plausibility checks apply as in the report).

use serde::Serialize;
use spp_domain::LotRecord;
use spp_monitoring::{FxTable, Stage};

use crate::error::{AppError, AppResult};
use crate::filter::Filter;
use crate::policy::CataloguePolicy;
use crate::App;

/// Which figure.
#[derive(Debug, Clone)]
pub struct FigureQuery {
    pub filter: Filter,
    /// An indicator id of docs/INDICATORS.md (`SPP-2`).
    pub indicator: String,
    pub stage: Stage,
    /// At most this many lots listed per side (the counts are always complete).
    pub limit: usize,
}

/// One lot in a figure.
#[derive(Debug, Clone, Serialize)]
pub struct FigureLot {
    pub notice_id: String,
    pub notice_version: u32,
    pub lot_id: String,
    pub buyer: Option<String>,
    pub year: Option<i32>,
    pub main_cpv: Option<String>,
    /// The fields that decided it.
    pub reasons: Vec<String>,
}

/// The lots of a figure.
#[derive(Debug, Clone, Serialize)]
pub struct FigureLots {
    pub indicator: String,
    pub name: String,
    pub stage: Stage,
    /// Lots in the numerator (a subset of the denominator).
    pub numerator: Vec<FigureLot>,
    /// Lots in the denominator but not in the numerator.
    pub denominator_only: Vec<FigureLot>,
    pub numerator_lots: usize,
    pub denominator_lots: usize,
}

/// The ids of the indicators, in report order.
pub fn indicator_ids() -> Vec<&'static str> {
    spp_monitoring::indicators::Indicators::default()
        .metas()
        .iter()
        .map(|m| m.id)
        .collect()
}

/// Parses a stage name (`call`, `award`).
pub fn parse_stage(raw: &str) -> AppResult<Stage> {
    match raw.trim() {
        "call" => Ok(Stage::Call),
        "award" => Ok(Stage::Award),
        other => Err(AppError::bad_input(
            "stage",
            other,
            "unknown stage (known: call, award)",
        )),
    }
}

impl App {
    /// The lots behind one figure.
    pub async fn figure_lots(
        &self,
        query: &FigureQuery,
        policy: &CataloguePolicy,
    ) -> AppResult<FigureLots> {
        let metas = spp_monitoring::indicators::Indicators::default().metas();
        let meta = metas
            .iter()
            .find(|m| m.id == query.indicator.trim())
            .ok_or_else(|| {
                AppError::bad_input(
                    "indicator",
                    &query.indicator,
                    format!("unknown indicator (known: {})", indicator_ids().join(", ")),
                )
            })?;
        let records = self
            .store()
            .current_records(&query.filter.store_filter())
            .await?;
        let selected: Vec<LotRecord> = records
            .iter()
            .filter(|r| query.filter.matches(r))
            .cloned()
            .collect();
        let mut out = FigureLots {
            indicator: meta.id.to_string(),
            name: meta.name.to_string(),
            stage: query.stage,
            numerator: Vec::new(),
            denominator_only: Vec::new(),
            numerator_lots: 0,
            denominator_lots: 0,
        };
        for notice in selected.chunk_by(|a, b| a.notice_id == b.notice_id) {
            collect(&mut out, notice, query, policy);
        }
        Ok(out)
    }
}

/// Adds the lots of one notice that the figure counts.
fn collect(out: &mut FigureLots, notice: &[LotRecord], q: &FigureQuery, policy: &CataloguePolicy) {
    for lot in spp_monitoring::explain(notice, FxTable::bundled(), Some(policy)) {
        let Some(finding) = lot
            .findings
            .iter()
            .find(|f| f.indicator == out.indicator && f.stage == q.stage && f.in_denominator)
        else {
            continue;
        };
        let record = notice
            .iter()
            .find(|r| r.lot_id == lot.lot_id && r.notice_version == lot.notice_version);
        let entry = FigureLot {
            notice_id: record.map_or_else(String::new, |r| r.notice_id.clone()),
            notice_version: lot.notice_version,
            lot_id: lot.lot_id.clone(),
            buyer: record.and_then(|r| r.buyer_name.clone().or_else(|| r.buyer_id.clone())),
            year: record.and_then(|r| r.year),
            main_cpv: record.and_then(|r| r.main_cpv.as_ref().map(|c| c.to_string())),
            reasons: finding.reasons.clone(),
        };
        out.denominator_lots += 1;
        let side = if finding.in_numerator {
            out.numerator_lots += 1;
            &mut out.numerator
        } else {
            &mut out.denominator_only
        };
        if side.len() < q.limit {
            side.push(entry);
        }
    }
}
