//! The monitoring report as a use case: which lots (a [`Filter`]), broken down how, under
//! which SPP-1 policy → every indicator of docs/INDICATORS.md with its numerator,
//! denominator, coverage and target. Rendering (table, JSON, CSV, HTML, XLSX) is
//! `spp_monitoring::output`'s.

use spp_monitoring::{compute_refs, FxTable, GroupBy, Options, Report};

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
    pub async fn report(&self, query: &ReportQuery, policy: &CataloguePolicy) -> AppResult<Report> {
        let started = std::time::Instant::now();
        let store_filter = query.filter.store_filter();
        let records = self.store().current_records(&store_filter).await?;
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
        let refs: Vec<_> = if query.filter.is_empty() {
            records.refs()
        } else {
            records.iter().filter(|r| query.filter.matches(r)).collect()
        };
        let mut report = compute_refs(
            &refs,
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
