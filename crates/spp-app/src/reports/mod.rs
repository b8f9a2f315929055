//! The policy reports of issue #14, each a use case with a typed output that also becomes a
//! [`doc::Doc`] in Dutch, French or English:
//!
//! | report | module | output |
//! |---|---|---|
//! | priority list (PRI-1) | [`priority`] | [`priority::PriorityReport`] |
//! | EU monitoring-report figures (EUM-*) | [`eu`] | [`eu::EuMonitoring`] |
//! | benchmarks by region or country (BEN-*) | [`benchmark`] | [`benchmark::Benchmark`] |
//! | annual progress report | [`annual`] | [`annual::AnnualReport`] |
//!
//! Facts only a contract register has (entities, policy domains, framework uptake, payment
//! terms, below-threshold value) come through [`register::RegisterFacts`]; without a register
//! the reports say "no register data" and invent nothing.

pub mod annual;
pub mod annual_doc;
pub mod benchmark;
pub mod doc;
pub mod eu;
pub mod pdf;
pub mod priority;
pub mod register;

use spp_catalogue::Lang;
use spp_domain::LotRecord;
use spp_monitoring::{FxTable, Options};

use crate::error::AppResult;
use crate::filter::Filter;
use crate::policy::CataloguePolicy;
use crate::App;

/// The text of `lang` among the three.
pub fn tr(lang: Lang, nl: &'static str, fr: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Nl => nl,
        Lang::Fr => fr,
        Lang::En => en,
    }
}

/// The colon between a label and its text: French puts a space before it.
pub fn colon(lang: Lang) -> &'static str {
    if lang == Lang::Fr {
        "\u{a0}: "
    } else {
        ": "
    }
}

/// The indicator options of the policy reports: no breakdown, the policy, bundled rates.
pub(crate) fn options(policy: &CataloguePolicy) -> Options<'_> {
    Options {
        group_by: None,
        extra_groupings: Vec::new(),
        policy: Some(policy),
        fx: FxTable::bundled(),
        include_implausible: false,
    }
}

impl App {
    /// Runs `f` over the current records that `filter` keeps.
    pub(crate) async fn with_records<T>(
        &self,
        filter: &Filter,
        f: impl FnOnce(&[&LotRecord]) -> T,
    ) -> AppResult<T> {
        self.with_records_where(filter, |_| true, f).await
    }

    /// Runs `f` over the current records that `filter` and `keep` keep.
    pub(crate) async fn with_records_where<T>(
        &self,
        filter: &Filter,
        keep: impl Fn(&LotRecord) -> bool,
        f: impl FnOnce(&[&LotRecord]) -> T,
    ) -> AppResult<T> {
        let records = self.store().current_records(&filter.store_filter()).await?;
        let refs: Vec<&LotRecord> = records
            .iter()
            .filter(|r| filter.matches(r) && keep(r))
            .collect();
        Ok(f(&refs))
    }

    /// The name of a product group in `lang` (the id when the catalogue does not know it).
    pub fn group_name(&self, id: &str, lang: Lang) -> String {
        self.catalogue()
            .group(id)
            .map_or_else(|| id.to_string(), |g| g.name(lang).to_string())
    }
}

#[cfg(test)]
mod register_tests;
