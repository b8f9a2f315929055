//! Life-cycle cost as a use case: an evaluation (settings and 2 or more offers, the TOML of
//! docs/LCC.md) in, the ranked result out. The math is `spp-lcc`'s; [`render`] writes the
//! result as a table, JSON or CSV, rounding to the cent only there.

use std::path::Path;

use spp_lcc::EvaluationResult;

use crate::error::{AppError, AppResult};

pub mod render;

/// Largest evaluation accepted (a TOML evaluation is a few kilobytes).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Evaluates the TOML text of an evaluation; `origin` names it in errors (a file name, or
/// "the form").
pub fn evaluate_toml(text: &str, origin: &Path) -> AppResult<EvaluationResult> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(origin, text.len() as u64));
    }
    spp_lcc::evaluate_str(text).map_err(|e| AppError::BadFile {
        file: origin.to_path_buf(),
        reason: e.to_string(),
    })
}

/// Reads and evaluates an evaluation file, refusing a huge one before reading it.
pub fn evaluate_file(path: &Path) -> AppResult<EvaluationResult> {
    let io = |source| AppError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(path, meta.len()));
    }
    let text = std::fs::read_to_string(path).map_err(io)?;
    let result = evaluate_toml(&text, path)?;
    tracing::info!(offers = result.offers.len(), "evaluated {}", path.display());
    Ok(result)
}

fn too_large(origin: &Path, len: u64) -> AppError {
    AppError::BadFile {
        file: origin.to_path_buf(),
        reason: format!("file too large: {len} bytes (limit {MAX_FILE_BYTES})"),
    }
}
