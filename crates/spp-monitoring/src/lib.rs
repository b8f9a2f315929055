//! spp indicators: sustainable, green, social, innovative procurement, SME, e-procurement,
//! spend — over [`LotRecord`](spp_domain::LotRecord)s, as defined in `docs/INDICATORS.md`.
//!
//! Each indicator is a module in [`indicators`] implementing [`Indicator`]: fold one record,
//! merge two partial results, finalize into [`Measure`]s (numerator, denominator, value,
//! coverage; count and EUR value variants; call and award stage). [`compute`] runs them all
//! over a corpus, optionally grouped ([`GroupBy`]); [`explain`] shows why each lot of a
//! notice is or is not counted, from the same code. [`output`] writes reports as table,
//! JSON, CSV, HTML or XLSX.

pub mod combined;
pub mod cube;
pub mod engine;
pub mod error;
pub mod facts;
pub mod fx;
pub mod group;
pub mod indicator;
pub mod indicators;
pub mod keys;
pub mod latest;
pub mod measure;
pub mod output;
pub mod plausibility;
pub mod prepared;
pub mod strategic;
pub mod sum;
pub mod winners;

pub use engine::{
    compute, compute_refs, compute_within, explain, LotExplanation, Options, Report, Row,
};
pub use error::MonitoringError;
pub use facts::Facts;
pub use fx::FxTable;
pub use group::GroupBy;
pub use indicator::{Finding, Indicator, Meta};
pub use measure::{Coverage, Measure, Variant};
pub use plausibility::{FlaggedLot, NoticeChecks};
pub use prepared::{Checks, Eur, PolicyCheck, PolicyOutcome, Prepared, Stage};

/// Parse a `YYYY-MM-DD` date given on the command line.
pub fn parse_date(raw: &str) -> Result<chrono::NaiveDate, MonitoringError> {
    chrono::NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| {
        MonitoringError::UnknownOption {
            what: "date",
            value: raw.to_string(),
            expected: "YYYY-MM-DD".to_string(),
        }
    })
}
