//! The sustainability extension (`hasSustainability`, `sustainability[].goal/strategies/
//! description`) ↔ eForms BT-06, BT-774, BT-775, BT-776, BT-777, BT-805 of a lot, with the
//! tables of [`crate::codes`]. Reading and writing live together so they stay each other's
//! inverse.

use serde_json::{json, Value};
use spp_domain::codelist::*;
use spp_domain::{CodeList, LangText, Strategic, Text, Warning};

use crate::codes::{self, to_eforms, to_ocds, Table};
use crate::model::Sustainability;
use crate::read::warn;

/// The strategic block of a lot from its sustainability fields.
pub fn strategic(
    has: Option<bool>,
    list: &[Sustainability],
    lot: &str,
    warnings: &mut Vec<Warning>,
) -> Strategic {
    let mut s = Strategic::default();
    for entry in list {
        if let Some(goal) = entry.goal.as_deref().map(str::trim) {
            goal_codes(goal, &mut s, lot, warnings);
        }
        for strategy in &entry.strategies {
            if let Some(code) = to_eforms(codes::GPP_STRATEGY, strategy) {
                push(&mut s.gpp_criteria, GppCriteria::parse(code));
            }
        }
        if let Some(d) = entry
            .description
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            if !s.description.0.iter().any(|t| t.text == d) {
                s.description.0.push(LangText {
                    lang: None,
                    text: d.to_string(),
                });
            }
        }
    }
    match has {
        Some(false) if s.procurement.is_empty() => s.procurement.push(StrategicProcurement::None),
        Some(true) if s.procurement.is_empty() && is_empty(&s) => warn(
            warnings,
            &format!("lot {lot}"),
            "hasSustainability is true but no sustainability goal is given: no BT-06 code counted",
        ),
        _ => {}
    }
    s
}

/// The BT-06 code of a broad goal, or the BT-774/775/776 code of a narrower one. A narrower
/// goal does not imply a BT-06 code (eForms notices carry BT-774 without BT-06 too, and the
/// export writes each field on its own); a narrower goal without an eForms code counts as
/// that field's `other`.
fn goal_codes(goal: &str, s: &mut Strategic, lot: &str, warnings: &mut Vec<Warning>) {
    if let Some(code) = to_eforms(codes::STRATEGIC_GOAL, goal) {
        push(&mut s.procurement, StrategicProcurement::parse(code));
    } else if let Some(code) = to_eforms(codes::ENVIRONMENTAL_GOAL, goal) {
        push(&mut s.environmental, EnvironmentalImpact::parse(code));
    } else if let Some(code) = to_eforms(codes::SOCIAL_GOAL, goal) {
        push(&mut s.social, SocialObjective::parse(code));
    } else if let Some(code) = to_eforms(codes::INNOVATIVE_GOAL, goal) {
        push(&mut s.innovative, InnovativeAcquisition::parse(code));
    } else if goal.starts_with("environmental.") {
        push(&mut s.environmental, EnvironmentalImpact::Other);
    } else if goal.starts_with("social.") {
        push(&mut s.social, SocialObjective::Other);
    } else if goal.starts_with("economic.innovativePurchase.") {
        push(&mut s.innovative, InnovativeAcquisition::Other);
    } else {
        warn(
            warnings,
            &format!("lot {lot}"),
            &format!("sustainability goal {goal:?} has no eForms code: not counted"),
        );
    }
}

fn is_empty(s: &Strategic) -> bool {
    s.environmental.is_empty() && s.social.is_empty() && s.innovative.is_empty()
}

fn push<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// `hasSustainability` and `sustainability` of a lot, or `(None, [])` when nothing is
/// reported. BT-06 `none` is `hasSustainability: false`.
pub fn to_ocds_fields(s: &Strategic) -> (Option<bool>, Vec<Value>) {
    let description = first_text(&s.description);
    let strategic: Vec<&str> = codes::STRATEGIC_STRATEGIES.to_vec();
    let gpp: Vec<&str> = s
        .gpp_criteria
        .iter()
        .filter_map(|c| to_ocds(codes::GPP_STRATEGY, c.as_str()))
        .collect();
    let mut entries: Vec<Value> = Vec::new();
    let mut add = |goal: &str, extra: &[&str]| {
        let mut strategies = strategic.clone();
        strategies.extend_from_slice(extra);
        let mut e = json!({ "goal": goal, "strategies": strategies });
        if let Some(d) = description {
            e["description"] = json!(d);
        }
        if !entries.contains(&e) {
            entries.push(e);
        }
    };
    let green_gpp: Vec<&str> = gpp
        .iter()
        .copied()
        .filter(|g| *g != "noGPPCriteria")
        .collect();
    for code in &s.procurement {
        let extra: &[&str] = if *code == StrategicProcurement::EnvImp {
            &green_gpp
        } else {
            &[]
        };
        if let Some(goal) = to_ocds(codes::STRATEGIC_GOAL, code.as_str()) {
            add(goal, extra);
        }
    }
    let narrower: [(Table, Vec<&str>); 3] = [
        (
            codes::ENVIRONMENTAL_GOAL,
            s.environmental.iter().map(|c| c.as_str()).collect(),
        ),
        (
            codes::SOCIAL_GOAL,
            s.social.iter().map(|c| c.as_str()).collect(),
        ),
        (
            codes::INNOVATIVE_GOAL,
            s.innovative.iter().map(|c| c.as_str()).collect(),
        ),
    ];
    for (table, list) in narrower {
        for code in list {
            if let Some(goal) = to_ocds(table, code) {
                add(goal, &[]);
            }
        }
    }
    let green_written = s.procurement.contains(&StrategicProcurement::EnvImp);
    let loose: Vec<&str> = gpp
        .iter()
        .copied()
        .filter(|g| *g == "noGPPCriteria" || !green_written)
        .collect();
    if !loose.is_empty() {
        entries.push(json!({ "strategies": loose }));
    }
    let has = if s
        .procurement
        .iter()
        .any(|c| *c != StrategicProcurement::None)
    {
        Some(true)
    } else if s.procurement.contains(&StrategicProcurement::None) {
        Some(false)
    } else {
        None
    };
    (has, entries)
}

fn first_text(t: &Text) -> Option<&str> {
    t.0.iter().map(|l| l.text.trim()).find(|s| !s.is_empty())
}
