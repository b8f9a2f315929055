//! `spp export --format parquet`: the lots in scope, their notices and their indicator facts
//! (the decisions `spp explain` shows, from the same indicator code as the report) as
//! Parquet files partitioned by year and country (`spp_columnar`).

use std::path::Path;

use spp_columnar::IndicatorFact;
use spp_monitoring::FxTable;

use super::ExportSummary;
use crate::policy::CataloguePolicy;
use crate::{App, AppError, AppResult, Filter};

impl App {
    /// Writes `lots/`, `notices/` and `indicator_facts/` under `dir`.
    pub async fn export_parquet(&self, filter: &Filter, dir: &Path) -> AppResult<ExportSummary> {
        let policy = CataloguePolicy::load(crate::policy::DEFAULT)?;
        let fail = |e: spp_columnar::ColumnarError| AppError::Write {
            path: dir.to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        };
        let mut export = spp_columnar::Export::create(dir).map_err(fail)?;
        self.each_notice_in_scope(filter, false, |current| {
            let explained =
                spp_monitoring::explain(&current.records, FxTable::bundled(), Some(&policy));
            let mut facts = Vec::new();
            for lot in &explained {
                let Some(record) = current.records.iter().find(|r| r.lot_id == lot.lot_id) else {
                    continue;
                };
                for f in &lot.findings {
                    facts.push(IndicatorFact {
                        notice_id: record.notice_id.clone(),
                        lot_id: lot.lot_id.clone(),
                        indicator: f.indicator.to_string(),
                        stage: f.stage.as_str().to_string(),
                        in_denominator: f.in_denominator,
                        in_numerator: f.in_numerator,
                        year: record.year,
                        country: record.buyer_country.clone(),
                    });
                }
            }
            export.push(&current.records, facts).map_err(fail)
        })
        .await?;
        let written = export.finish().map_err(fail)?;
        Ok(ExportSummary {
            notices: written.notices,
            lots: written.lots,
            files: written.files,
        })
    }
}
