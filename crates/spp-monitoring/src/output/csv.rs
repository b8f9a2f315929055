//! `--format csv`: one row per indicator × group (× stage, variant, split), UTF-8 with a
//! byte-order mark so that Excel opens it without an import dialog.

use crate::engine::Report;
use crate::error::MonitoringError;

/// The columns of CSV and XLSX.
pub(crate) const HEADER: [&str; 16] = [
    "indicator",
    "name",
    "group_by",
    "group",
    "stage",
    "variant",
    "split",
    "unit",
    "numerator",
    "denominator",
    "value",
    "coverage",
    "coverage_reported",
    "coverage_universe",
    "value_unknown",
    "unconverted",
];

pub fn render(report: &Report) -> Result<Vec<u8>, MonitoringError> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = ::csv::Writer::from_writer(&mut out);
        w.write_record(HEADER)
            .map_err(|e| MonitoringError::output("csv", e))?;
        for row in report.main_rows() {
            let m = &row.measure;
            let fields = [
                row.id.to_string(),
                row.meta.name.to_string(),
                row.group_by.map_or("all", |g| g.as_str()).to_string(),
                row.group.clone(),
                m.stage.as_str().to_string(),
                m.variant.as_str().to_string(),
                m.split.clone().unwrap_or_default(),
                m.unit.to_string(),
                m.numerator.round_dp(2).to_string(),
                m.denominator
                    .map(|d| d.round_dp(2).to_string())
                    .unwrap_or_default(),
                m.value().map(|v| format!("{v:.6}")).unwrap_or_default(),
                m.coverage
                    .as_ref()
                    .and_then(|c| c.share())
                    .map(|v| format!("{v:.6}"))
                    .unwrap_or_default(),
                m.coverage
                    .as_ref()
                    .map(|c| c.reported.to_string())
                    .unwrap_or_default(),
                m.coverage
                    .as_ref()
                    .map(|c| c.universe.to_string())
                    .unwrap_or_default(),
                m.value_unknown.to_string(),
                m.unconverted
                    .iter()
                    .map(|(c, n)| format!("{c}: {n}"))
                    .collect::<Vec<_>>()
                    .join("; "),
            ];
            w.write_record(&fields)
                .map_err(|e| MonitoringError::output("csv", e))?;
        }
        w.flush().map_err(|e| MonitoringError::output("csv", e))?;
    }
    Ok(out)
}
