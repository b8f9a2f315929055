//! `spp export --format ocds`: one OCDS release per notice in scope, as a release package
//! (written as it goes: the header, each release, the closing brackets) or as JSON Lines
//! (one release per line).

use std::io::Write;
use std::path::PathBuf;

use super::ExportSummary;
use crate::{App, AppError, AppResult, Filter};

/// What to export as OCDS.
#[derive(Debug, Clone, Default)]
pub struct OcdsExport {
    pub filter: Filter,
    /// One release per line instead of a release package.
    pub jsonl: bool,
}

impl App {
    /// Writes the releases of the notices in scope to `out` (`target` names it in errors).
    pub async fn export_ocds(
        &self,
        query: &OcdsExport,
        out: &mut dyn Write,
        target: &str,
    ) -> AppResult<ExportSummary> {
        let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let fail = |source: std::io::Error| AppError::Write {
            path: PathBuf::from(target),
            source,
        };
        if !query.jsonl {
            let header = serde_json::json!({
                "uri": "urn:spp:export",
                "version": "1.1",
                "publishedDate": now,
                "publisher": { "name": "spp" },
                "extensions": spp_ocds::write::EXTENSIONS,
            });
            let text = serde_json::to_string(&header)?;
            // The header without its closing brace, then the releases.
            out.write_all(&text.as_bytes()[..text.len() - 1])
                .map_err(fail)?;
            out.write_all(b",\"releases\":[").map_err(fail)?;
        }
        let mut summary = ExportSummary::default();
        self.each_notice_in_scope(&query.filter, true, |current| {
            let Some(notice) = current.notice else {
                return Ok(());
            };
            let release = spp_ocds::write::release(&notice, &current.records, &now);
            let sep: &[u8] = match (query.jsonl, summary.notices) {
                (true, _) => b"",
                (false, 0) => b"\n",
                (false, _) => b",\n",
            };
            out.write_all(sep).map_err(fail)?;
            serde_json::to_writer(&mut *out, &release)?;
            if query.jsonl {
                out.write_all(b"\n").map_err(fail)?;
            }
            summary.notices += 1;
            summary.lots += current.records.len() as u64;
            Ok(())
        })
        .await?;
        if !query.jsonl {
            out.write_all(b"\n]}\n").map_err(fail)?;
        }
        out.flush().map_err(fail)?;
        Ok(summary)
    }
}
