//! The monitoring report as a use case: which lots (a [`Filter`]), broken down how, under
//! which SPP-1 policy → every indicator of docs/INDICATORS.md with its numerator,
//! denominator, coverage and target. Rendering (table, JSON, CSV, HTML, XLSX) is
//! `spp_monitoring::output`'s.

use std::sync::Arc;

use spp_monitoring::cube::loaded::LoadedCube;
use spp_monitoring::{compute_within, FxTable, GroupBy, Options, Report};
use spp_store::RecordFilter;

use crate::error::AppResult;
use crate::filter::Filter;
use crate::policy::CataloguePolicy;
use crate::App;

/// What a report is about.
#[derive(Debug, Clone, Default)]
pub struct ReportQuery {
    pub filter: Filter,
    /// The breakdown shown beside the `all` rows.
    pub group_by: Option<GroupBy>,
    /// More breakdowns computed in the same pass (charts by year, country, CPV division).
    pub extra_groupings: Vec<GroupBy>,
    /// Count the values and vehicle counts the plausibility checks flag (listed either way).
    pub include_implausible: bool,
    /// The process ends right after this report: the loaded records are not freed one by one
    /// (about a tenth of a large report's time). Never set this in a long-running server.
    pub process_exits_after: bool,
}

impl App {
    /// Computes the report over the current lot records the query selects.
    /// From the stored aggregates when they can answer it (see [`crate::cube`]), else from
    /// the records.
    pub async fn report(&self, query: &ReportQuery, policy: &CataloguePolicy) -> AppResult<Report> {
        if let Some(report) = self.report_from_cube(query, policy).await? {
            return Ok(report);
        }
        self.report_from_records(query, policy).await
    }

    /// The report computed from the current lot records.
    pub async fn report_from_records(
        &self,
        query: &ReportQuery,
        policy: &CataloguePolicy,
    ) -> AppResult<Report> {
        let started = std::time::Instant::now();
        let store_filter = query.filter.store_filter();
        // Whole notices (the country is the notice's buyer's): the plausibility check P-4
        // compares the lots of a notice, whichever of them the filter keeps.
        let whole = RecordFilter {
            country: store_filter.country.clone(),
            ..RecordFilter::default()
        };
        let records = self.store().current_records(&whole).await?;
        let lotless = if query.filter.keeps_lotless_notices() {
            self.store().notices_without_lots(&store_filter).await?
        } else {
            Vec::new()
        };
        tracing::debug!(
            ms = started.elapsed().as_millis() as u64,
            records = records.len(),
            "records read"
        );
        let notices = records.refs();
        let refs: Vec<_> = if query.filter.is_empty() {
            notices.clone()
        } else {
            records.iter().filter(|r| query.filter.matches(r)).collect()
        };
        let mut report = compute_within(
            &refs,
            Some(&notices),
            &Options {
                group_by: query.group_by,
                extra_groupings: query.extra_groupings.clone(),
                policy: Some(policy),
                fx: FxTable::bundled(),
                include_implausible: query.include_implausible,
            },
        );
        report
            .facts
            .add_notices_without_lots(lotless.iter().map(|(_, form)| form.as_deref()));
        drop(refs);
        drop(notices);
        if query.process_exits_after {
            std::mem::forget(records);
        }
        tracing::debug!(
            ms = started.elapsed().as_millis() as u64,
            "indicators computed"
        );
        Ok(report)
    }
}

impl App {
    /// The report from the stored aggregates, or `None` when they cannot give it.
    pub async fn report_from_cube(
        &self,
        query: &ReportQuery,
        policy: &CataloguePolicy,
    ) -> AppResult<Option<Report>> {
        let by_buyer = query.group_by == Some(GroupBy::Buyer)
            || query.extra_groupings.contains(&GroupBy::Buyer);
        let fingerprint = crate::cube::fingerprint(policy);
        let status = self.store().aggregate_status().await?;
        if by_buyer || !query.filter.cube_answerable() || !status.is_current(&fingerprint) {
            if !status.is_current(&fingerprint) && fingerprint == self.cube_fingerprint() {
                // Out of date (notices saved without them, or computed otherwise): rebuilt
                // once, then kept by every save.
                tracing::info!("stored aggregates out of date: rebuilding");
                match self.store().rebuild_aggregates().await {
                    Ok(_) => return Box::pin(self.report_from_cube(query, policy)).await,
                    // A database that only reads still answers, from the records.
                    Err(e) if e.fault() == Some(spp_store::Fault::ReadOnly) => {
                        tracing::warn!("stored aggregates out of date and not writable ({e}): computing from records");
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            return Ok(None);
        }
        let started = std::time::Instant::now();
        let cube = self.loaded_cube(status.generation).await?;
        let options = Options {
            group_by: query.group_by,
            extra_groupings: query.extra_groupings.clone(),
            policy: Some(policy),
            fx: FxTable::bundled(),
            include_implausible: query.include_implausible,
        };
        let filter = &query.filter;
        let keep = |k: &spp_monitoring::cube::CellKey| filter.matches_cell(k);
        let keep: Option<&dyn Fn(&spp_monitoring::cube::CellKey) -> bool> =
            (!filter.is_empty()).then_some(&keep);
        let mut report = match cube.report(keep, &options) {
            Ok(report) => report,
            Err(e) => {
                tracing::warn!("stored aggregates cannot answer ({e}): computing from records");
                return Ok(None);
            }
        };
        if filter.keeps_lotless_notices() {
            let lotless = self
                .store()
                .notices_without_lots(&filter.store_filter())
                .await?;
            report
                .facts
                .add_notices_without_lots(lotless.iter().map(|(_, form)| form.as_deref()));
        }
        tracing::debug!(
            ms = started.elapsed().as_millis() as u64,
            cells = cube.cells(),
            "report from stored aggregates"
        );
        Ok(Some(report))
    }

    /// The cube at `generation`, read once and kept.
    async fn loaded_cube(&self, generation: i64) -> AppResult<Arc<LoadedCube>> {
        if let Ok(cached) = self.cube.loaded.lock() {
            if let Some((at, cube)) = cached.as_ref() {
                if *at == generation {
                    return Ok(cube.clone());
                }
            }
        }
        let rows = self.store().aggregate_rows().await?;
        let cube = LoadedCube::from_rows(rows.cells, rows.spans, rows.spanning).map_err(|e| {
            spp_store::StoreError::Corrupt {
                what: "the stored aggregates".into(),
                reason: e.to_string(),
            }
        })?;
        let cube = Arc::new(cube);
        if let Ok(mut cached) = self.cube.loaded.lock() {
            *cached = Some((rows.generation, cube.clone()));
        }
        Ok(cube)
    }

    /// Computes the stored aggregates again from the current notices; the number of
    /// notices read.
    pub async fn rebuild_aggregates(&self) -> AppResult<u64> {
        Ok(self.store().rebuild_aggregates().await?)
    }
}
