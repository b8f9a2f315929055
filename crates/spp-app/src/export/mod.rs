//! Exports of the current lot records, filtered like the report: OCDS ([`ocds`]: a release
//! package or JSON Lines, one release per notice with the lots in scope) and Parquet
//! ([`parquet`]). Both read the store page by page ([`spp_store::Store::current_notices`]),
//! so memory does not grow with the store.

use std::path::PathBuf;

use serde::Serialize;
use spp_domain::LotRecord;

use crate::{App, AppResult, Filter};

pub mod ocds;
pub mod parquet;

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ExportSummary {
    /// Notices (releases) written.
    pub notices: u64,
    /// Lots written.
    pub lots: u64,
    /// Files written (for a directory export).
    pub files: Vec<PathBuf>,
}

impl App {
    /// Calls `each` with every current notice that has a lot in `filter`'s scope, with those
    /// lots' records; `bodies` also loads the stored notice.
    pub(crate) async fn each_notice_in_scope(
        &self,
        filter: &Filter,
        bodies: bool,
        mut each: impl FnMut(spp_store::CurrentNotice) -> AppResult<()>,
    ) -> AppResult<()> {
        let mut pages = self
            .store()
            .current_notices(&filter.store_filter(), bodies)
            .await?;
        while let Some(page) = pages.next_page().await? {
            for mut current in page {
                current.records.retain(|r: &LotRecord| filter.matches(r));
                if !current.records.is_empty() {
                    each(current)?;
                }
            }
        }
        Ok(())
    }
}
