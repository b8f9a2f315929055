//! The query parameters of the API, described for the OpenAPI document. The handlers parse
//! the raw query with `spp_app::Filter::parse` (unknown names and values are 400s), so these
//! structs document the parameters and are never the parser.

use serde::Deserialize;
use utoipa::IntoParams;

/// The filters of the indicators (docs/INDICATORS.md); blank means any.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct FilterParams {
    /// First year (inclusive) of the stage date: award date, else dispatch date.
    pub year_from: Option<i32>,
    /// Last year (inclusive).
    pub year_to: Option<i32>,
    /// First day, YYYY-MM-DD.
    pub from: Option<String>,
    /// Last day, YYYY-MM-DD.
    pub to: Option<String>,
    /// Lead buyer's country, ISO 3166-1 alpha-3 (BEL).
    pub country: Option<String>,
    /// Lead buyer's NUTS region or a region above it (BE1 Brussels, BE2 Flanders, BE3 Wallonia).
    pub nuts: Option<String>,
    /// The buyer's name as the `buyer` breakdown names it.
    pub buyer: Option<String>,
    /// A catalogue product group id (ict-end-user).
    pub product_group: Option<String>,
    /// A BT-105 procedure type code (open, restricted, …).
    pub procedure_type: Option<String>,
    /// A CPV division, two digits.
    pub cpv_division: Option<String>,
}

/// Which figure's lots.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct FigureParams {
    /// An indicator id (SPP-2).
    pub indicator: String,
    /// call or award (default award).
    pub stage: Option<String>,
    /// At most this many lots per side (default 100, at most 5000).
    pub limit: Option<usize>,
}

/// A search.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct SearchParams {
    /// TED publication number, notice id (or its beginning), buyer name or CPV code.
    pub q: String,
}

/// The guide's language and level.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct GuideParams {
    /// nl, fr or en (default: Accept-Language, else en).
    pub lang: Option<String>,
    /// Ambition level 1–3 (default 3: all criteria).
    pub level: Option<u8>,
}
