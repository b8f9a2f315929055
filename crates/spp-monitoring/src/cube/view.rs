//! Views: the cube projected onto one or two of its dimensions, kept beside the full cube by
//! the same arithmetic. A report with no filter or one filter, broken down by a few groupings,
//! reads for its totals a view that has the filter's dimension and for each grouping a view
//! that has the filter's and the grouping's; those views hold a few hundred cells whatever
//! the size of the store, while the full cube grows with the lots (nearly one cell per lot
//! on a corpus whose dimensions vary independently). Any other report reads the full cube.
//!
//! A view's cells, notice spans and procedures are stored under keys that start with
//! `v<id>|` ([`View::prefix`]); the full cube's keys have no prefix. Distinct counts stay
//! exact in a view for the same reason as in the full cube: an entity in several of the
//! view's cells is kept beside them and counted once per query.

use super::CellKey;
use crate::group::GroupBy;

/// A dimension of a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dim {
    /// Year of the stage date: what date filters read.
    DateYear,
    /// The stage year: the `year` grouping.
    Year,
    Country,
    Nuts,
    ProductGroup,
    Procedure,
    CpvDivision,
}

impl Dim {
    const ALL: [Dim; 7] = [
        Dim::DateYear,
        Dim::Year,
        Dim::Country,
        Dim::Nuts,
        Dim::ProductGroup,
        Dim::Procedure,
        Dim::CpvDivision,
    ];

    fn bit(self) -> u8 {
        1 << (self as u8)
    }

    /// The dimension a grouping reads; `None` for the buyer, which the cube does not keep.
    pub fn of_grouping(by: GroupBy) -> Option<Dim> {
        match by {
            GroupBy::Year => Some(Dim::Year),
            GroupBy::Country => Some(Dim::Country),
            GroupBy::Nuts => Some(Dim::Nuts),
            GroupBy::Buyer => None,
            GroupBy::ProductGroup => Some(Dim::ProductGroup),
            GroupBy::CpvDivision => Some(Dim::CpvDivision),
            GroupBy::Procedure => Some(Dim::Procedure),
        }
    }
}

/// A set of dimensions.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Dims(u8);

impl std::fmt::Debug for Dims {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set()
            .entries(Dim::ALL.iter().filter(|d| self.has(**d)))
            .finish()
    }
}

impl Dims {
    pub fn of(dims: &[Dim]) -> Dims {
        Dims(dims.iter().fold(0, |bits, d| bits | d.bit()))
    }

    pub fn with(self, dim: Dim) -> Dims {
        Dims(self.0 | dim.bit())
    }

    pub fn has(self, dim: Dim) -> bool {
        self.0 & dim.bit() != 0
    }

    pub fn covers(self, other: Dims) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn len(self) -> u32 {
        self.0.count_ones()
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// The full cube (id 0) or a projection of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct View {
    pub id: u8,
    pub dims: Dims,
}

/// The filters a view is made for: every filter of the dashboard and the API.
const FILTERS: [Dim; 6] = [
    Dim::DateYear,
    Dim::Country,
    Dim::Nuts,
    Dim::ProductGroup,
    Dim::Procedure,
    Dim::CpvDivision,
];

/// The groupings a filtered view is made for: the dashboard's and the report's charts.
const CHART_GROUPINGS: [Dim; 3] = [Dim::Year, Dim::Country, Dim::CpvDivision];

impl View {
    pub const FULL: View = View {
        id: 0,
        dims: Dims(0x7f),
    };

    /// Every view kept: the full cube, each dimension alone, and each filter with each chart
    /// grouping. The order is part of the stored layout ([`super::LAYOUT`]).
    pub fn all() -> Vec<View> {
        let mut sets: Vec<Dims> = Dim::ALL.iter().map(|d| Dims::of(&[*d])).collect();
        for f in FILTERS {
            for g in CHART_GROUPINGS {
                let set = Dims::of(&[f, g]);
                if f != g && !sets.contains(&set) {
                    sets.push(set);
                }
            }
        }
        std::iter::once(View::FULL)
            .chain(
                sets.into_iter()
                    .zip(1u8..)
                    .map(|(dims, id)| View { id, dims }),
            )
            .collect()
    }

    /// The smallest kept view with every dimension of `dims` (the full cube has them all).
    pub fn smallest_with(dims: Dims) -> View {
        View::all()
            .into_iter()
            .filter(|v| v.dims.covers(dims))
            .min_by_key(|v| (v.dims.len(), v.id))
            .unwrap_or(View::FULL)
    }

    /// What the view's stored keys start with.
    pub fn prefix(&self) -> String {
        match self.id {
            0 => String::new(),
            id => format!("v{id}|"),
        }
    }

    /// The cell key with the dimensions the view does not keep left out.
    pub fn project(&self, k: &CellKey) -> CellKey {
        if *self == View::FULL {
            return k.clone();
        }
        let keep = |dim: Dim, value: &Option<String>| {
            if self.dims.has(dim) {
                value.clone()
            } else {
                None
            }
        };
        CellKey {
            date_year: k.date_year.filter(|_| self.dims.has(Dim::DateYear)),
            year: k.year.filter(|_| self.dims.has(Dim::Year)),
            country: keep(Dim::Country, &k.country),
            nuts: keep(Dim::Nuts, &k.nuts),
            product_group: keep(Dim::ProductGroup, &k.product_group),
            procedure_type: keep(Dim::Procedure, &k.procedure_type),
            cpv_division: keep(Dim::CpvDivision, &k.cpv_division),
        }
    }

    /// The stored text of the cell of `k` in this view.
    pub fn cell_text(&self, k: &CellKey) -> String {
        format!("{}{}", self.prefix(), self.project(k).text())
    }
}

/// The view id of a stored key (`v<id>|…`); 0 (the full cube) for any other key.
pub fn view_of_key(key: &str) -> u8 {
    key.strip_prefix('v')
        .and_then(|rest| rest.split_once('|'))
        .and_then(|(id, _)| id.parse().ok())
        .unwrap_or(0)
}

/// A stored key without its view prefix.
pub fn strip_view(key: &str) -> &str {
    match view_of_key(key) {
        0 => key,
        _ => key.split_once('|').map_or(key, |(_, rest)| rest),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_are_distinct_and_cover_every_filter_with_every_chart_grouping() {
        let views = View::all();
        // full + 7 singles + 6×3 pairs, less the pairs of a dimension with itself (country,
        // CPV division) and country × CPV division counted once = 1 + 7 + 15.
        assert_eq!(views.len(), 23);
        for f in FILTERS {
            for g in CHART_GROUPINGS {
                let v = View::smallest_with(Dims::of(&[f, g]));
                assert_ne!(v, View::FULL, "{f:?} × {g:?}");
                assert!(v.dims.len() <= 2);
            }
        }
        let three = Dims::of(&[Dim::Country, Dim::Nuts, Dim::Year]);
        assert_eq!(View::smallest_with(three), View::FULL);
    }

    #[test]
    fn keys_carry_their_view() {
        let key = CellKey {
            date_year: Some(2024),
            year: Some(2024),
            country: Some("BEL".into()),
            nuts: Some("BE241".into()),
            product_group: None,
            procedure_type: Some("open".into()),
            cpv_division: Some("34".into()),
        };
        let view = View::smallest_with(Dims::of(&[Dim::Country, Dim::Year]));
        let text = view.cell_text(&key);
        assert!(text.starts_with(&format!("v{}|", view.id)));
        assert_eq!(view_of_key(&text), view.id);
        let back = CellKey::parse(strip_view(&text)).expect("parses");
        assert_eq!(back.country.as_deref(), Some("BEL"));
        assert_eq!(back.year, Some(2024));
        assert_eq!(back.nuts, None);
        assert_eq!(back.cpv_division, None);
        assert_eq!(view_of_key(&View::FULL.cell_text(&key)), 0);
        assert_eq!(view_of_key("award:v|x"), 0);
    }
}
