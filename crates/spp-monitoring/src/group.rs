//! Group keys: every indicator can be broken down by year, buyer country, NUTS region,
//! buyer, product group, CPV division or procedure type.

use serde::Serialize;
use spp_domain::LotRecord;

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
}
