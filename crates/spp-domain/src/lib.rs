//! spp's domain: what a procurement notice says, in types.
//!
//! - [`codelist`]: eForms code lists as enums that keep unknown codes;
//! - [`value`]: CPV codes, money (known or withheld), multilingual text;
//! - [`notice`]: the notice with buyers, organisations, lots and results;
//! - [`record`]: the flat lot record the monitoring counts, and [`derive`] which builds it.

pub mod codelist;
pub mod country;
pub mod derive;
pub mod notice;
pub mod record;
pub mod trust;
pub mod value;

pub use codelist::CodeList;
pub use notice::*;
pub use record::{FlagKind, LotFlag, LotRecord, RecordSource, Winner};
pub use value::{Cpv, CpvError, LangText, Money, Text};
