//! Group keys: every indicator can be broken down by year, buyer country, NUTS region,
//! buyer, product group, CPV division or procedure type.

use serde::Serialize;
use spp_domain::{CodeList, LotRecord};

use crate::error::MonitoringError;

/// What to break the indicators down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GroupBy {
    Year,
    Country,
    Nuts,
    Buyer,
    ProductGroup,
    CpvDivision,
    Procedure,
}

/// A record's group as the record states it: borrowed, cheap to hash. Records with equal
/// raw keys have equal [`GroupBy::key`]s (not the other way round: `" "` and a missing field
/// are both `(unknown)`), so the engine looks groups up by raw key and names them by `key`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum RawKey<'a> {
    Text(Option<&'a str>),
    Year(Option<i32>),
}

/// Key of records without the grouping field.
pub const UNKNOWN: &str = "(unknown)";
/// Key of the whole corpus.
pub const ALL: &str = "all";

impl GroupBy {
    pub const ALL: [GroupBy; 7] = [
        GroupBy::Year,
        GroupBy::Country,
        GroupBy::Nuts,
        GroupBy::Buyer,
        GroupBy::ProductGroup,
        GroupBy::CpvDivision,
        GroupBy::Procedure,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            GroupBy::Year => "year",
            GroupBy::Country => "country",
            GroupBy::Nuts => "nuts",
            GroupBy::Buyer => "buyer",
            GroupBy::ProductGroup => "product-group",
            GroupBy::CpvDivision => "cpv-division",
            GroupBy::Procedure => "procedure",
        }
    }

    pub fn parse(raw: &str) -> Result<GroupBy, MonitoringError> {
        GroupBy::ALL
            .into_iter()
            .find(|g| g.as_str() == raw.trim())
            .ok_or_else(|| MonitoringError::UnknownOption {
                what: "grouping",
                value: raw.to_string(),
                expected: GroupBy::ALL.map(|g| g.as_str()).join(", "),
            })
    }

    /// The group of a record.
    pub fn key(&self, r: &LotRecord) -> String {
        let key = match self {
            GroupBy::Year => r.year.map(|y| y.to_string()),
            GroupBy::Country => r.buyer_country.clone(),
            GroupBy::Nuts => r.buyer_nuts.clone(),
            GroupBy::Buyer => r.buyer_name.clone().or_else(|| r.buyer_id.clone()),
            GroupBy::ProductGroup => r.product_group.clone(),
            GroupBy::CpvDivision => r.main_cpv.as_ref().map(|c| c.division().to_string()),
            GroupBy::Procedure => r.procedure_type.as_ref().map(|p| p.to_string()),
        };
        key.filter(|k| !k.trim().is_empty())
            .unwrap_or_else(|| UNKNOWN.to_string())
    }

    /// The group of a record before it is written out (see [`RawKey`]).
    pub(crate) fn raw_key<'a>(&self, r: &'a LotRecord) -> RawKey<'a> {
        RawKey::Text(match self {
            GroupBy::Year => return RawKey::Year(r.year),
            GroupBy::Country => r.buyer_country.as_deref(),
            GroupBy::Nuts => r.buyer_nuts.as_deref(),
            GroupBy::Buyer => r.buyer_name.as_deref().or(r.buyer_id.as_deref()),
            GroupBy::ProductGroup => r.product_group.as_deref(),
            GroupBy::CpvDivision => r.main_cpv.as_ref().map(|c| c.division()),
            GroupBy::Procedure => r.procedure_type.as_ref().map(|p| p.as_str()),
        })
    }
}
