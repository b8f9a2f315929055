//! Which lots a figure is about: the filters of the report, the dashboard and the API, parsed
//! once at the edge into typed values (an unknown value is a [`AppError::BadInput`] naming the
//! filter and what it accepts), then applied to lot records in one place, [`Filter::matches`].

use chrono::{Datelike, NaiveDate};
use spp_catalogue::Catalogue;
use spp_domain::codelist::ProcedureType;
use spp_domain::{CodeList, LotRecord};
use spp_monitoring::cube::view::{Dim, Dims};
use spp_monitoring::cube::CellKey;
use spp_monitoring::GroupBy;
use spp_store::RecordFilter;

use crate::error::{AppError, AppResult};

/// A NUTS code or prefix (`BE`, `BE2`, `BE24`, `BE241`): a region and everything under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NutsPrefix(String);

impl NutsPrefix {
    /// Two letters, then up to three letters or digits.
    pub fn parse(raw: &str) -> AppResult<NutsPrefix> {
        let code = raw.trim().to_ascii_uppercase();
        let ok = (2..=5).contains(&code.len())
            && code.bytes().take(2).all(|b| b.is_ascii_uppercase())
            && code.bytes().skip(2).all(|b| b.is_ascii_alphanumeric());
        if ok {
            Ok(NutsPrefix(code))
        } else {
            Err(AppError::bad_input(
                "nuts",
                raw,
                "not a NUTS code (two letters and up to three more characters, e.g. BE2 or BE241)",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The NUTS level: 0 for a country, 1–3 for regions.
    pub fn level(&self) -> usize {
        self.0.len() - 2
    }

    fn covers(&self, nuts: Option<&str>) -> bool {
        nuts.is_some_and(|n| n.trim().to_ascii_uppercase().starts_with(&self.0))
    }
}

/// An ISO 3166-1 alpha-3 country code, as eForms writes it (BT-514).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country(String);

impl Country {
    pub fn parse(raw: &str) -> AppResult<Country> {
        let code = raw.trim().to_ascii_uppercase();
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Country(code))
        } else {
            Err(AppError::bad_input(
                "country",
                raw,
                "not an ISO 3166-1 alpha-3 country code (e.g. BEL, NLD, FRA)",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The first two digits of a CPV code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CpvDivision(String);

impl CpvDivision {
    pub fn parse(raw: &str) -> AppResult<CpvDivision> {
        let code = raw.trim();
        if code.len() == 2 && code.bytes().all(|b| b.is_ascii_digit()) {
            Ok(CpvDivision(code.to_string()))
        } else {
            Err(AppError::bad_input(
                "cpv_division",
                raw,
                "not a CPV division (two digits, e.g. 30 or 45)",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The lots a figure covers. Empty means all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// First day (inclusive) of the stage date: the award date, else the dispatch date.
    pub from: Option<NaiveDate>,
    /// Last day (inclusive).
    pub to: Option<NaiveDate>,
    /// Lead buyer's country (BT-514).
    pub country: Option<Country>,
    /// Lead buyer's NUTS region (BT-507) or a region above it.
    pub nuts: Option<NutsPrefix>,
    /// The buyer as the `buyer` grouping names it: its name, else its registration number.
    pub buyer: Option<String>,
    /// A catalogue product group id.
    pub product_group: Option<String>,
    /// BT-105.
    pub procedure_type: Option<ProcedureType>,
    pub cpv_division: Option<CpvDivision>,
}

/// The names of the filters, as query parameters and JSON fields.
pub const FILTER_NAMES: [&str; 10] = [
    "from",
    "to",
    "year_from",
    "year_to",
    "country",
    "nuts",
    "buyer",
    "product_group",
    "procedure_type",
    "cpv_division",
];

impl Filter {
    /// Parses `name=value` pairs (a query string, command-line options). Empty values are
    /// ignored, so an HTML form's blank fields mean "any". Unknown names and values are
    /// errors that say what is accepted.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        catalogue: &Catalogue,
    ) -> AppResult<Filter> {
        let mut filter = Filter::default();
        for (name, value) in pairs {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            filter.set(name, value, catalogue)?;
        }
        if let (Some(from), Some(to)) = (filter.from, filter.to) {
            if from > to {
                return Err(AppError::bad_input(
                    "to",
                    to.to_string(),
                    format!("ends before the start {from}"),
                ));
            }
        }
        Ok(filter)
    }

    fn set(&mut self, name: &str, value: &str, catalogue: &Catalogue) -> AppResult<()> {
        match name {
            "from" => self.from = Some(day(name, value)?),
            "to" => self.to = Some(day(name, value)?),
            "year_from" => self.from = NaiveDate::from_ymd_opt(year(name, value)?, 1, 1),
            "year_to" => self.to = NaiveDate::from_ymd_opt(year(name, value)?, 12, 31),
            "country" => self.country = Some(Country::parse(value)?),
            "nuts" => self.nuts = Some(NutsPrefix::parse(value)?),
            "buyer" => self.buyer = Some(value.to_string()),
            "product_group" => {
                if catalogue.group(value).is_none() {
                    let known: Vec<&str> =
                        catalogue.groups().iter().map(|g| g.id.as_str()).collect();
                    return Err(AppError::bad_input(
                        name,
                        value,
                        format!("no such product group (known: {})", known.join(", ")),
                    ));
                }
                self.product_group = Some(value.to_string());
            }
            "procedure_type" => {
                let parsed = ProcedureType::parse(value);
                if !parsed.is_known() {
                    return Err(AppError::bad_input(
                        name,
                        value,
                        format!(
                            "not a procedure type code (known: {})",
                            ProcedureType::CODES.join(", ")
                        ),
                    ));
                }
                self.procedure_type = Some(parsed);
            }
            "cpv_division" => self.cpv_division = Some(CpvDivision::parse(value)?),
            _ => {
                return Err(AppError::bad_input(
                    "filter",
                    name,
                    format!("unknown filter (known: {})", FILTER_NAMES.join(", ")),
                ))
            }
        }
        Ok(())
    }

    /// True when no filter is set.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// The part of the filter the store applies when it reads records.
    pub fn store_filter(&self) -> RecordFilter {
        RecordFilter {
            from: self.from,
            to: self.to,
            country: self.country.as_ref().map(|c| c.as_str().to_string()),
        }
    }

    /// Whether a lot record is in scope. The date and country parts repeat what the store
    /// already applied, so records read any way are filtered the same.
    pub fn matches(&self, r: &LotRecord) -> bool {
        let stage_date = r.award_date.or(r.issue_date);
        let in_dates = match (self.from, self.to) {
            (None, None) => true,
            (from, to) => {
                stage_date.is_some_and(|d| from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t))
            }
        };
        in_dates
            && self
                .country
                .as_ref()
                .is_none_or(|c| r.buyer_country.as_deref() == Some(c.as_str()))
            && self
                .nuts
                .as_ref()
                .is_none_or(|n| n.covers(r.buyer_nuts.as_deref()))
            && self
                .buyer
                .as_deref()
                .is_none_or(|b| GroupBy::Buyer.key(r) == b)
            && self
                .product_group
                .as_deref()
                .is_none_or(|g| r.product_group.as_deref() == Some(g))
            && self
                .procedure_type
                .as_ref()
                .is_none_or(|p| r.procedure_type.as_ref() == Some(p))
            && self
                .cpv_division
                .as_ref()
                .is_none_or(|d| r.main_cpv.as_ref().map(|c| c.division()) == Some(d.as_str()))
    }

    /// Whether the stored aggregates can select this filter's lots: no buyer, and dates
    /// that are whole years (the cube keeps the year of the stage date).
    pub fn cube_answerable(&self) -> bool {
        self.buyer.is_none()
            && self.from.is_none_or(|f| f.month() == 1 && f.day() == 1)
            && self.to.is_none_or(|t| t.month() == 12 && t.day() == 31)
    }

    /// The cube's dimensions this filter reads (for a [`Filter::cube_answerable`] filter).
    pub fn cube_dims(&self) -> Dims {
        let mut dims = Dims::default();
        let mut read = |set: bool, dim: Dim| {
            if set {
                dims = dims.with(dim);
            }
        };
        read(self.from.is_some() || self.to.is_some(), Dim::DateYear);
        read(self.country.is_some(), Dim::Country);
        read(self.nuts.is_some(), Dim::Nuts);
        read(self.product_group.is_some(), Dim::ProductGroup);
        read(self.procedure_type.is_some(), Dim::Procedure);
        read(self.cpv_division.is_some(), Dim::CpvDivision);
        dims
    }

    /// Whether the lots of a cube cell are in scope (for a [`Filter::cube_answerable`]
    /// filter): the same rules as [`Filter::matches`] on the values the cell keeps.
    pub fn matches_cell(&self, k: &CellKey) -> bool {
        let in_years = match (self.from, self.to) {
            (None, None) => true,
            (from, to) => k.date_year.is_some_and(|y| {
                from.is_none_or(|f| y >= f.year()) && to.is_none_or(|t| y <= t.year())
            }),
        };
        in_years
            && self
                .country
                .as_ref()
                .is_none_or(|c| k.country.as_deref() == Some(c.as_str()))
            && self
                .nuts
                .as_ref()
                .is_none_or(|n| n.covers(k.nuts.as_deref()))
            && self
                .product_group
                .as_deref()
                .is_none_or(|g| k.product_group.as_deref() == Some(g))
            && self
                .procedure_type
                .as_ref()
                .is_none_or(|p| k.procedure_type.as_deref() == Some(p.as_str()))
            && self
                .cpv_division
                .as_ref()
                .is_none_or(|d| k.cpv_division.as_deref() == Some(d.as_str()))
    }

    /// Whether notices without lots (which carry no buyer, CPV or procedure fields in a lot
    /// record) can be counted under this filter: only when nothing but dates is set.
    pub fn keeps_lotless_notices(&self) -> bool {
        Filter {
            from: None,
            to: None,
            ..self.clone()
        }
        .is_empty()
    }

    /// The filter as `name=value` pairs, in [`FILTER_NAMES`] order (for links and echoes).
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let whole_years = self.from.is_none_or(|f| f.month() == 1 && f.day() == 1)
            && self.to.is_none_or(|t| t.month() == 12 && t.day() == 31);
        if whole_years {
            out.extend(self.from.map(|f| ("year_from", f.year().to_string())));
            out.extend(self.to.map(|t| ("year_to", t.year().to_string())));
        } else {
            out.extend(self.from.map(|f| ("from", f.to_string())));
            out.extend(self.to.map(|t| ("to", t.to_string())));
        }
        out.extend(self.country.as_ref().map(|c| ("country", c.0.clone())));
        out.extend(self.nuts.as_ref().map(|n| ("nuts", n.0.clone())));
        out.extend(self.buyer.clone().map(|b| ("buyer", b)));
        out.extend(self.product_group.clone().map(|g| ("product_group", g)));
        out.extend(
            self.procedure_type
                .as_ref()
                .map(|p| ("procedure_type", p.to_string())),
        );
        out.extend(
            self.cpv_division
                .as_ref()
                .map(|d| ("cpv_division", d.0.clone())),
        );
        out
    }
}

fn day(name: &str, value: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| AppError::bad_input(name, value, "not a date (YYYY-MM-DD)"))
}

fn year(name: &str, value: &str) -> AppResult<i32> {
    value
        .parse::<i32>()
        .ok()
        .filter(|y| (1990..=2100).contains(y))
        .ok_or_else(|| AppError::bad_input(name, value, "not a year between 1990 and 2100"))
}

#[cfg(test)]
#[path = "filter_tests.rs"]
mod tests;
