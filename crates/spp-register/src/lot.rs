//! A lot of a register contract with its sustainability facts, checked against the catalogue.

use serde::{Deserialize, Serialize};
use spp_catalogue::{Catalogue, Stage};
use spp_domain::Cpv;

use crate::error::{opt, opt_text, text, FieldError, FieldResult};
use crate::facts::{yes_no, CircularModel, Innovation, SupplyChain};
use crate::kbo::Kbo;
use crate::money::Eur;

/// A catalogue criterion the buyer applied, at a stage, with the catalogue's ambition level.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AppliedCriterion {
    /// The catalogue's criterion id (`ict-ts-energy`).
    pub id: String,
    pub stage: Stage,
    /// The criterion's ambition level in the catalogue (1 core, 2 comprehensive, 3 ambitious).
    pub level: u8,
    /// An essential criterion of its group (Flemish rule).
    pub essential: bool,
}

/// The winner of a lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotWinner {
    pub name: String,
    pub kbo: Option<Kbo>,
    /// `None`: not reported.
    pub sme: Option<bool>,
}

/// A lot as entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lot {
    /// The lot's reference within the contract (`1` when there is one lot).
    pub reference: String,
    pub title: Option<String>,
    pub cpv: Cpv,
    /// Catalogue product group (given, else found from the CPV code; `None` = no group).
    pub product_group: Option<String>,
    pub estimated_value: Option<Eur>,
    pub awarded_value: Option<Eur>,
    pub criteria: Vec<AppliedCriterion>,
    /// Catalogue label ids required as proof.
    pub labels: Vec<String>,
    pub social_clause: Option<bool>,
    /// Reserved for sheltered workshops / social-economy enterprises.
    pub reserved: Option<bool>,
    pub supply_chain: Option<SupplyChain>,
    pub circular: Vec<CircularModel>,
    pub innovation: Option<Innovation>,
    /// Life-cycle cost used in the award.
    pub lcc_used: Option<bool>,
    pub winner: Option<LotWinner>,
    pub e_submission: Option<bool>,
}

/// A lot as typed. Lists are given as lists (the import splits its cells on `;`); a
/// criterion is `id` (at the catalogue's stage) or `id@stage`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LotInput {
    pub reference: String,
    pub title: Option<String>,
    pub cpv: String,
    pub product_group: Option<String>,
    pub estimated_value: Option<String>,
    pub awarded_value: Option<String>,
    pub criteria: Vec<String>,
    pub labels: Vec<String>,
    pub social_clause: Option<String>,
    pub reserved: Option<String>,
    pub supply_chain: Option<String>,
    pub circular: Vec<String>,
    pub innovation: Option<String>,
    pub lcc_used: Option<String>,
    pub winner_name: Option<String>,
    pub winner_kbo: Option<String>,
    pub winner_sme: Option<String>,
    pub e_submission: Option<String>,
}

impl Lot {
    pub fn parse(input: &LotInput, catalogue: &Catalogue) -> FieldResult<Lot> {
        let reference = if input.reference.trim().is_empty() {
            "1".to_string()
        } else {
            text("reference", &input.reference, 50)?
        };
        let cpv = Cpv::parse(&input.cpv).map_err(|_| {
            FieldError::new("cpv", &input.cpv, "a CPV code is 8 digits (45000000-7)")
        })?;
        let product_group = product_group(input.product_group.as_deref(), &cpv, catalogue)?;
        let criteria = criteria(&input.criteria, product_group.as_deref(), catalogue)?;
        let labels = input
            .labels
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| match catalogue.label(l.trim()) {
                Some(label) => Ok(label.id.clone()),
                None => Err(FieldError::new("labels", l, "not a label of the catalogue")),
            })
            .collect::<FieldResult<Vec<_>>>()?;
        let mut circular = input
            .circular
            .iter()
            .filter(|c| !c.trim().is_empty())
            .map(|c| CircularModel::parse("circular", c))
            .collect::<FieldResult<Vec<_>>>()?;
        circular.sort();
        circular.dedup();
        let winner = match opt_text("winner_name", input.winner_name.as_deref(), 200)? {
            Some(name) => Some(LotWinner {
                name,
                kbo: opt(&input.winner_kbo, |v| Kbo::parse("winner_kbo", v))?,
                sme: yes_no("winner_sme", input.winner_sme.as_deref())?,
            }),
            None if input
                .winner_kbo
                .as_deref()
                .is_some_and(|k| !k.trim().is_empty()) =>
            {
                return Err(FieldError::new(
                    "winner_name",
                    "",
                    "is required when a winner KBO number is given",
                ))
            }
            None => None,
        };
        let estimated_value = opt(&input.estimated_value, |v| Eur::parse("estimated_value", v))?;
        let awarded_value = opt(&input.awarded_value, |v| Eur::parse("awarded_value", v))?;
        Ok(Lot {
            reference,
            title: opt_text("title", input.title.as_deref(), 500)?,
            cpv,
            product_group,
            estimated_value,
            awarded_value,
            criteria,
            labels,
            social_clause: yes_no("social_clause", input.social_clause.as_deref())?,
            reserved: yes_no("reserved", input.reserved.as_deref())?,
            supply_chain: opt(&input.supply_chain, |v| {
                SupplyChain::parse("supply_chain", v)
            })?,
            circular,
            innovation: opt(&input.innovation, |v| Innovation::parse("innovation", v))?,
            lcc_used: yes_no("lcc_used", input.lcc_used.as_deref())?,
            winner,
            e_submission: yes_no("e_submission", input.e_submission.as_deref())?,
        })
    }

    /// The essential criteria of the lot's group that were not applied (the Flemish rule: the
    /// essential criteria of the group are in the procurement documents, at whatever stage);
    /// `None` when the lot has no group or its group has no essential criteria.
    pub fn missing_essentials<'c>(&self, catalogue: &'c Catalogue) -> Option<Vec<&'c str>> {
        let group = catalogue.group(self.product_group.as_deref()?)?;
        let essentials: Vec<_> = group.criteria.iter().filter(|c| c.essential).collect();
        if essentials.is_empty() {
            return None;
        }
        Some(
            essentials
                .into_iter()
                .filter(|e| !self.criteria.iter().any(|a| a.id == e.id))
                .map(|e| e.id.as_str())
                .collect(),
        )
    }
}

fn product_group(
    raw: Option<&str>,
    cpv: &Cpv,
    catalogue: &Catalogue,
) -> FieldResult<Option<String>> {
    match raw.map(str::trim).filter(|g| !g.is_empty()) {
        Some(g) => match catalogue.group(g) {
            Some(group) => Ok(Some(group.id.clone())),
            None => {
                let known: Vec<_> = catalogue.groups().iter().map(|g| g.id.as_str()).collect();
                Err(FieldError::new(
                    "product_group",
                    g,
                    format!(
                        "not a product group of the catalogue (known: {})",
                        known.join(", ")
                    ),
                ))
            }
        },
        None => Ok(catalogue.group_for_cpv(cpv).map(|g| g.id.clone())),
    }
}

fn stage(field: &str, raw: &str) -> FieldResult<Stage> {
    let v = raw.trim().to_ascii_lowercase().replace(['-', ' '], "_");
    let aliases = [
        ("spec", Stage::TechnicalSpecification),
        ("ts", Stage::TechnicalSpecification),
    ];
    Stage::ALL
        .into_iter()
        .find(|s| s.as_str() == v)
        .or_else(|| aliases.iter().find(|(a, _)| *a == v).map(|(_, s)| *s))
        .ok_or_else(|| {
            FieldError::new(
                field,
                raw,
                "unknown stage (known: selection, technical_specification, award, contract_performance)",
            )
        })
}

/// Criteria picked from the catalogue of the lot's group; each once per stage.
fn criteria(
    raw: &[String],
    group: Option<&str>,
    catalogue: &Catalogue,
) -> FieldResult<Vec<AppliedCriterion>> {
    let mut out: Vec<AppliedCriterion> = Vec::new();
    for item in raw.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let (id, at) = match item.split_once('@') {
            Some((id, s)) => (id.trim(), Some(stage("criteria", s)?)),
            None => (item, None),
        };
        let Some((g, c)) = catalogue.criterion(id) else {
            return Err(FieldError::new(
                "criteria",
                item,
                "not a criterion of the catalogue",
            ));
        };
        if group != Some(g.id.as_str()) {
            return Err(FieldError::new(
                "criteria",
                item,
                format!(
                    "belongs to product group {:?}, not to the lot's group ({})",
                    g.id,
                    group.unwrap_or("none")
                ),
            ));
        }
        let applied = AppliedCriterion {
            id: c.id.clone(),
            stage: at.unwrap_or(c.stage),
            level: c.level,
            essential: c.essential,
        };
        if !out
            .iter()
            .any(|a| a.id == applied.id && a.stage == applied.stage)
        {
            out.push(applied);
        }
    }
    Ok(out)
}
