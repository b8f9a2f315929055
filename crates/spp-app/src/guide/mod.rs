//! The criteria guide as a use case: what a reader asks (all product groups, one group's
//! fiche, the group of a CPV code, the labels) and what they get back, as typed views that
//! every front end renders its own way ([`render`] for the CLI's text, JSON, Markdown and HTML).

use serde::Serialize;
use spp_catalogue::{Catalogue, Criterion, Label, Practice, ProductGroup};
use spp_domain::Cpv;

use crate::error::{AppError, AppResult};

pub mod practice_render;
pub mod render;

/// The highest ambition level (1 core, 2 comprehensive, 3 ambitious).
pub const MAX_LEVEL: u8 = 3;

/// What a reader of the guide asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuideQuery {
    /// Every product group with its number of criteria.
    Groups,
    /// The fiche of one product group, by id (`ict-end-user`).
    Group(String),
    /// The fiche of the group of a CPV code (`30213100` or `30213100-6`).
    Cpv(String),
    /// The labels accepted as proof.
    Labels,
}

/// A product group in the list.
#[derive(Debug, Clone, Serialize)]
pub struct GroupSummary<'c> {
    pub group: &'c ProductGroup,
    /// Criteria up to the level asked for.
    pub criteria: usize,
    /// CPV codes of the group (prefixes and exact codes).
    pub cpv_codes: usize,
}

/// The CPV code a fiche was found by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CpvMatch {
    pub code: Cpv,
    /// The code with its check digit (`30213100-6`), when the code is in the CPV list.
    pub with_check_digit: Option<String>,
    /// Its English label in the CPV 2008 list.
    pub label: Option<String>,
}

/// One product group's criteria up to a level, in catalogue order.
#[derive(Debug, Clone)]
pub struct Fiche<'c> {
    pub group: &'c ProductGroup,
    pub level: u8,
    pub criteria: Vec<&'c Criterion>,
    pub matched_cpv: Option<CpvMatch>,
    /// The good-practice fiches of the group (empty until [`GuideView::with_practices`]).
    pub practices: Vec<Practice>,
}

/// The answer to a [`GuideQuery`].
#[derive(Debug, Clone)]
pub enum GuideView<'c> {
    Groups(Vec<GroupSummary<'c>>),
    Fiche(Fiche<'c>),
    Labels(&'c [Label]),
}

impl GuideView<'_> {
    /// A group's fiche with the good practices of its group among `library`; other views
    /// unchanged.
    pub fn with_practices(mut self, library: impl IntoIterator<Item = Practice>) -> Self {
        if let GuideView::Fiche(f) = &mut self {
            let id = f.group.id.clone();
            f.practices = library
                .into_iter()
                .filter(|p| p.product_group == id)
                .collect();
        }
        self
    }
}

/// Answers a guide query. `level` is clamped to 1–3.
pub fn view<'c>(
    catalogue: &'c Catalogue,
    query: &GuideQuery,
    level: u8,
) -> AppResult<GuideView<'c>> {
    let level = level.clamp(1, MAX_LEVEL);
    Ok(match query {
        GuideQuery::Groups => GuideView::Groups(groups(catalogue, level)),
        GuideQuery::Labels => GuideView::Labels(catalogue.labels()),
        GuideQuery::Group(id) => GuideView::Fiche(fiche(group(catalogue, id)?, level, None)),
        GuideQuery::Cpv(raw) => {
            let (group, matched) = group_of_cpv(catalogue, raw)?;
            GuideView::Fiche(fiche(group, level, Some(matched)))
        }
    })
}

/// Every product group, with the criteria up to `level`.
pub fn groups(catalogue: &Catalogue, level: u8) -> Vec<GroupSummary<'_>> {
    catalogue
        .groups()
        .iter()
        .map(|g| GroupSummary {
            group: g,
            criteria: g.criteria_up_to(level).count(),
            cpv_codes: g.cpv.len() + g.cpv_exact.len(),
        })
        .collect()
}

/// A product group by id; an unknown id is [`AppError::NotFound`] listing the known ones.
pub fn group<'c>(catalogue: &'c Catalogue, id: &str) -> AppResult<&'c ProductGroup> {
    catalogue.group(id).ok_or_else(|| {
        let ids: Vec<&str> = catalogue.groups().iter().map(|g| g.id.as_str()).collect();
        AppError::NotFound(format!(
            "no product group {id:?}; known: {}",
            ids.join(", ")
        ))
    })
}

/// The product group of a CPV code. A malformed code (or a wrong check digit) is bad input;
/// a code outside every group is not found, with the code's label when the list knows it.
pub fn group_of_cpv<'c>(
    catalogue: &'c Catalogue,
    raw: &str,
) -> AppResult<(&'c ProductGroup, CpvMatch)> {
    let code = Cpv::parse(raw).map_err(|e| AppError::bad_input("cpv", raw, e.to_string()))?;
    let list = catalogue.cpv_list();
    let matched = CpvMatch {
        with_check_digit: list.with_check_digit(&code),
        label: list.label(&code).map(str::to_string),
        code,
    };
    check_digit(raw, &matched)?;
    match catalogue.group_for_cpv(&matched.code) {
        Some(group) => Ok((group, matched)),
        None => {
            let what = matched
                .label
                .as_ref()
                .map(|l| format!(" ({l})"))
                .unwrap_or_else(|| " (not in the CPV 2008 list)".into());
            Err(AppError::NotFound(format!(
                "CPV {}{what} belongs to no product group of the catalogue",
                matched.code
            )))
        }
    }
}

/// A check digit given with the code (`30213100-5`) must be the one the CPV list has.
fn check_digit(raw: &str, matched: &CpvMatch) -> AppResult<()> {
    let given = raw.trim().split_once('-').map(|(_, d)| d);
    let listed = matched
        .with_check_digit
        .as_deref()
        .and_then(|c| c.split_once('-'))
        .map(|(_, d)| d);
    match (given, listed) {
        (Some(given), Some(listed)) if given != listed => Err(AppError::bad_input(
            "cpv",
            raw,
            format!(
                "wrong check digit: CPV {} has check digit {listed}",
                matched.code
            ),
        )),
        _ => Ok(()),
    }
}

fn fiche(group: &ProductGroup, level: u8, matched_cpv: Option<CpvMatch>) -> Fiche<'_> {
    Fiche {
        group,
        level,
        criteria: group.criteria_up_to(level).collect(),
        matched_cpv,
        practices: Vec::new(),
    }
}

/// The names of a criterion's labels (their ids when the catalogue lacks one).
pub fn label_names(catalogue: &Catalogue, criterion: &Criterion) -> Vec<String> {
    criterion
        .labels
        .iter()
        .map(|id| {
            catalogue
                .label(id)
                .map(|l| l.name.clone())
                .unwrap_or_else(|| id.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn queries_answer_with_views_and_clear_errors() {
        let cat = Catalogue::bundled().unwrap();
        let GuideView::Groups(list) = view(&cat, &GuideQuery::Groups, 3).unwrap() else {
            panic!("a list")
        };
        assert_eq!(list.len(), cat.groups().len());
        let GuideView::Fiche(f) = view(&cat, &GuideQuery::Cpv("30213100".into()), 1).unwrap()
        else {
            panic!("a fiche")
        };
        assert_eq!(f.group.id, "ict-end-user");
        assert!(f.criteria.iter().all(|c| c.level == 1));
        assert_eq!(
            f.matched_cpv.unwrap().with_check_digit.as_deref(),
            Some("30213100-6")
        );
        let bad = view(&cat, &GuideQuery::Cpv("3021".into()), 3).unwrap_err();
        assert_eq!(bad.kind(), ErrorKind::BadInput);
        let none = view(&cat, &GuideQuery::Cpv("72230000".into()), 3).unwrap_err();
        assert_eq!(none.kind(), ErrorKind::NotFound);
        assert!(none
            .to_string()
            .contains("Custom software development services"));
        let wrong = view(&cat, &GuideQuery::Cpv("30213100-5".into()), 3).unwrap_err();
        assert_eq!(wrong.kind(), ErrorKind::BadInput);
        assert!(wrong.to_string().contains("check digit 6"), "{wrong}");
        assert!(view(&cat, &GuideQuery::Cpv("30213100-6".into()), 3).is_ok());
        let unknown = view(&cat, &GuideQuery::Group("spaceships".into()), 3).unwrap_err();
        assert_eq!(unknown.kind(), ErrorKind::NotFound);
    }
}
