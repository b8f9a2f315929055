//! Criteria suggestions for the lots of a (draft) notice, and the eForms additions that
//! declare chosen criteria.

use std::collections::BTreeSet;

use spp_domain::{CodeList, Cpv, Lot, Notice};

use crate::draft::{AwardAddition, LotAdditions};
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

/// The eForms additions that declare `chosen` criteria for one lot: BT-06 and BT-774/775/776
/// codes from their themes, BT-805 (`eu` when the group follows an EU GPP set, else
/// `national`) when a green criterion is chosen, and one quality award criterion per chosen
/// award-stage criterion (name = title, description = text, weight = suggested weight).
pub fn additions_for(
    lot_id: &str,
    group: &ProductGroup,
    chosen: &[&Criterion],
    lang: Lang,
) -> LotAdditions {
    let mut codes = BTreeSet::new();
    let mut award = Vec::new();
    let add = |codes: &mut BTreeSet<(String, String)>, l: &str, c: &str| {
        codes.insert((l.to_string(), c.to_string()));
    };
    for c in chosen {
        for t in &c.themes {
            if t.is_green() {
                add(&mut codes, "strategic-procurement", "env-imp");
                if let Some(code) = t.environmental_impact_code() {
                    add(&mut codes, "environmental-impact", code);
                }
                let gpp = if group.eu_gpp_set.is_some() {
                    "eu"
                } else {
                    "national"
                };
                add(&mut codes, "gpp-criteria", gpp);
            }
            if *t == Theme::Social {
                add(&mut codes, "strategic-procurement", "soc-obj");
                add(&mut codes, "social-objective", "work-cond");
            }
            if *t == Theme::Innovation {
                add(&mut codes, "strategic-procurement", "inn-pur");
                add(&mut codes, "innovative-acquisition", "prod-innov");
            }
        }
        if c.stage == Stage::Award {
            award.push(AwardAddition {
                name: c.title.get(lang).to_string(),
                description: c.text.get(lang).to_string(),
                weight: c.weight,
            });
        }
    }
    LotAdditions {
        lot_id: lot_id.to_string(),
        language: lang.eforms_code().to_string(),
        codes,
        award,
    }
}
