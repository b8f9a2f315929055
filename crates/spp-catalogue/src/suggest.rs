//! Criteria suggestions for the lots of a (draft) notice, and the eForms additions that
//! declare chosen criteria.

use spp_domain::{CodeList, Cpv, Lot, Notice};

use crate::draft::{AwardAddition, LotAdditions, TextAddition};
use crate::text::{contains_word, fold};
use crate::{Catalogue, Criterion, Lang, ProductGroup, Stage, Theme};

/// Whether a lot already carries a criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presence {
    /// One of the criterion's labels is named in the lot's award criteria, BT-70 or BT-777.
    Present {
        evidence: String,
    },
    /// The lot declares the criterion's theme in eForms codes (e.g. BT-774 `circ-econ`), but
    /// no text shows the criterion itself.
    ThemeDeclared {
        field: String,
        code: String,
    },
    Missing,
}

/// One catalogue criterion for one lot.
#[derive(Debug, Clone)]
pub struct Suggested<'a> {
    pub criterion: &'a Criterion,
    pub presence: Presence,
}

/// The suggestions for one lot.
#[derive(Debug, Clone)]
pub struct LotSuggestion<'a> {
    pub lot_id: String,
    /// The CPV that decided the group.
    pub cpv: Option<Cpv>,
    pub group: Option<&'a ProductGroup>,
    pub criteria: Vec<Suggested<'a>>,
}

impl Catalogue {
    /// For every lot of `notice`: its product group and the group's criteria up to `level`,
    /// each with whether the lot already carries it.
    pub fn suggest(&self, notice: &Notice, level: u8) -> Vec<LotSuggestion<'_>> {
        notice
            .lots
            .iter()
            .map(|lot| {
                let cpvs = lot
                    .main_cpv
                    .iter()
                    .chain(&lot.additional_cpv)
                    .chain(notice.procedure.main_cpv.iter())
                    .chain(&notice.procedure.additional_cpv);
                let found = cpvs
                    .filter_map(|c| self.group_for_cpv(c).map(|g| (c, g)))
                    .next();
                let criteria = found
                    .map(|(_, g)| {
                        g.criteria_up_to(level)
                            .map(|c| Suggested {
                                criterion: c,
                                presence: self.presence(lot, c),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                LotSuggestion {
                    lot_id: lot.id.clone(),
                    cpv: found
                        .map(|(c, _)| c.clone())
                        .or_else(|| lot.main_cpv.clone()),
                    group: found.map(|(_, g)| g),
                    criteria,
                }
            })
            .collect()
    }

    fn presence(&self, lot: &Lot, c: &Criterion) -> Presence {
        let mut texts: Vec<String> = lot
            .award_criteria
            .iter()
            .flat_map(|a| [a.name.all_text(), a.description.all_text()])
            .collect();
        texts.push(lot.performance_terms.all_text());
        texts.push(lot.strategic.description.all_text());
        let hay = fold(&texts.join("\n"));
        for label in c.labels.iter().filter_map(|id| self.label(id)) {
            let names = std::iter::once(&label.name).chain(&label.aliases);
            if let Some(n) = names.into_iter().find(|n| contains_word(&hay, &fold(n))) {
                return Presence::Present {
                    evidence: n.clone(),
                };
            }
        }
        let s = &lot.strategic;
        for theme in &c.themes {
            if let Some(code) = theme.environmental_impact_code() {
                if s.environmental.iter().any(|e| e.as_str() == code) {
                    return Presence::ThemeDeclared {
                        field: "BT-774".into(),
                        code: code.into(),
                    };
                }
            }
            if *theme == Theme::Social {
                if let Some(e) = s.social.first() {
                    return Presence::ThemeDeclared {
                        field: "BT-775".into(),
                        code: e.as_str().into(),
                    };
                }
            }
            if *theme == Theme::Innovation {
                if let Some(e) = s.innovative.first() {
                    return Presence::ThemeDeclared {
                        field: "BT-776".into(),
                        code: e.as_str().into(),
                    };
                }
            }
        }
        Presence::Missing
    }
}

/// The eForms additions that declare `chosen` criteria for one lot:
///
/// - codes from the criteria's own themes only: BT-06 `env-imp` and a BT-774 code per green
///   theme, BT-06 `soc-obj` and the criterion's BT-775 objective, BT-06 `inn-pur` and BT-776
///   `prod-innov`;
/// - BT-805 from the basis of each chosen green criterion (`eu` for an EU GPP set, `national`,
///   `other`), one code per basis met;
/// - per stage, the criterion text where eForms has a place for it: selection → BT-809
///   (the criterion's `selection_code`) + BT-750; technical specification → BT-300 (lot additional information);
///   award → a quality award criterion (BT-734 title, BT-540 text, BT-541 weight);
///   contract performance → BT-70 (`conditions` = `performance`).
pub fn additions_for(lot_id: &str, chosen: &[&Criterion], lang: Lang) -> LotAdditions {
    let mut add = LotAdditions {
        lot_id: lot_id.to_string(),
        language: lang.eforms_code().to_string(),
        ..Default::default()
    };
    let mut code = |l: &str, c: &str| {
        add.codes.insert((l.to_string(), c.to_string()));
    };
    for c in chosen {
        for t in &c.themes {
            if t.is_green() {
                code("strategic-procurement", "env-imp");
                if let Some(impact) = t.environmental_impact_code() {
                    code("environmental-impact", impact);
                }
                code("gpp-criteria", c.basis.set.gpp_criteria_code());
            }
            if *t == Theme::Social {
                code("strategic-procurement", "soc-obj");
                code(
                    "social-objective",
                    c.social_objective.unwrap_or_default().code(),
                );
            }
            if *t == Theme::Innovation {
                code("strategic-procurement", "inn-pur");
                code("innovative-acquisition", "prod-innov");
            }
        }
    }
    for c in chosen {
        let (title, text) = (c.title.get(lang), c.text.get(lang));
        let line = format!("{} – {title}: {text}", c.stage.label(lang));
        match c.stage {
            Stage::Award => add.award.push(AwardAddition {
                name: title.to_string(),
                description: text.to_string(),
                weight: c.weight,
            }),
            Stage::Selection => add.selection.push(TextAddition {
                code: c.selection_code.clone().unwrap_or_default(),
                title: title.to_string(),
                text: text.to_string(),
            }),
            Stage::TechnicalSpecification => add.specifications.push(line),
            Stage::ContractPerformance => add.performance.push(line),
        }
    }
    add
}
