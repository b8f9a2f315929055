//! From a notice to its lot records: winners via settled contracts, awarded values, years.

use crate::notice::Notice;
use crate::record::LotRecord;

/// One record per lot of `notice`.
pub fn lot_records(_notice: &Notice) -> Vec<LotRecord> {
    Vec::new()
}
