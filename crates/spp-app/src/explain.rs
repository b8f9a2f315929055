//! Why a notice counts: for every lot of one notice, the decision each indicator made and the
//! fields that made it, from the indicator code the report runs (not a second
//! implementation), together with the lot records themselves.

use serde::Serialize;
use spp_domain::LotRecord;
use spp_monitoring::{FxTable, LotExplanation};

use crate::error::{AppError, AppResult};
use crate::policy::CataloguePolicy;
use crate::App;

/// One notice, explained.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeExplanation {
    pub notice_id: String,
    /// The SPP-1 policy the explanation used.
    pub policy: String,
    /// The current lot records of the notice (its latest version).
    pub records: Vec<LotRecord>,
    /// Per lot, per indicator: in the denominator, in the numerator, and why.
    pub lots: Vec<LotExplanation>,
}

impl NoticeExplanation {
    /// The first record, which carries the notice-level fields (version, form, buyer).
    pub fn first(&self) -> Option<&LotRecord> {
        self.records.first()
    }
}

impl App {
    /// Explains notice `notice_id` (BT-701). A notice that is not stored is
    /// [`AppError::NotFound`]; a stored notice without lots has an empty explanation.
    pub async fn explain(
        &self,
        notice_id: &str,
        policy: &CataloguePolicy,
    ) -> AppResult<NoticeExplanation> {
        let id = notice_id.trim();
        let records = self.store().lot_records_of(id).await?;
        if records.is_empty() && self.store().notice(id).await?.is_none() {
            return Err(AppError::NotFound(format!(
                "notice {id} is not in the database {}",
                self.db()
            )));
        }
        let lots = spp_monitoring::explain(&records, FxTable::bundled(), Some(policy));
        Ok(NoticeExplanation {
            notice_id: id.to_string(),
            policy: policy.name.clone(),
            records,
            lots,
        })
    }
}
