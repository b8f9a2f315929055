//! Reading one notice file into the domain `Notice`, as `spp inspect` shows it, in whatever
//! format the ingest's reader seam recognises (eForms, TED XML).

use std::path::Path;

use spp_domain::Notice;

use crate::error::{AppError, AppResult};

/// Reads and parses one notice file; a file larger than the parser accepts is refused before
/// it is read into memory.
pub fn read_notice(path: &Path) -> AppResult<Notice> {
    let io = |source| AppError::Io {
        path: path.to_path_buf(),
        source,
    };
    let len = std::fs::metadata(path).map_err(io)?.len();
    if len > spp_eforms::MAX_NOTICE_BYTES as u64 {
        return Err(AppError::BadFile {
            file: path.to_path_buf(),
            reason: format!(
                "file too large: {len} bytes (the limit is {} bytes)",
                spp_eforms::MAX_NOTICE_BYTES
            ),
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    spp_ingest::format::read_notice(&bytes).map_err(|e| AppError::BadFile {
        file: path.to_path_buf(),
        reason: format!("cannot parse the notice: {e}"),
    })
}
