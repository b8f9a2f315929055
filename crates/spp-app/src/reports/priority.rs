//! The priority list (PRI-1, docs/INDICATORS.md): spend per product group × the group's
//! environmental and social risk (`data/priority/risk.toml`), ranked overall and per buyer,
//! with the share already sustainable under the SPP-1 policy.

use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;
use spp_catalogue::risk::RiskTable;
use spp_catalogue::Lang;
use spp_monitoring::strategic::prepare_all;
use spp_monitoring::strategic::priority::{priority_list, PriorityList, PriorityRow, Risk};

use super::doc::{Cell, Doc, Section, Table};
use super::{colon, options, tr};
use crate::error::AppResult;
use crate::filter::Filter;
use crate::policy::CataloguePolicy;
use crate::App;

/// Which lots, and how many buyers to list (largest spend first; 0 = all).
#[derive(Debug, Clone, Default)]
pub struct PriorityQuery {
    pub filter: Filter,
    pub buyers: usize,
}

/// The ranked list and the policy that decided "sustainable".
#[derive(Debug, Clone, Serialize)]
pub struct PriorityReport {
    pub policy: String,
    pub list: PriorityList,
}

/// The risk table as the monitoring takes it.
pub fn risks(table: &RiskTable) -> Vec<Risk> {
    table
        .groups()
        .iter()
        .map(|g| Risk {
            group: g.id.clone(),
            environmental: g.environmental,
            social: g.social,
            listed: g.listed,
        })
        .collect()
}

impl App {
    /// PRI-1 over the lots `query` selects.
    pub async fn priority(
        &self,
        query: &PriorityQuery,
        policy: &CataloguePolicy,
    ) -> AppResult<PriorityReport> {
        let risk = risks(&RiskTable::bundled(self.catalogue())?);
        let mut list = self
            .with_records(&query.filter, |refs| {
                priority_list(&prepare_all(refs, &options(policy)), &risk)
            })
            .await?;
        if query.buyers > 0 {
            let spend = |rows: &[PriorityRow]| {
                rows.iter()
                    .map(|r| r.spend_eur)
                    .sum::<rust_decimal::Decimal>()
            };
            list.by_buyer
                .sort_by(|a, b| spend(&b.1).cmp(&spend(&a.1)).then(a.0.cmp(&b.0)));
            list.by_buyer.truncate(query.buyers);
        }
        Ok(PriorityReport {
            policy: policy.name.clone(),
            list,
        })
    }
}

fn headers(lang: Lang) -> Vec<String> {
    [
        tr(lang, "Rang", "Rang", "Rank"),
        tr(lang, "Productgroep", "Groupe de produits", "Product group"),
        tr(
            lang,
            "Milieurisico (1–5)",
            "Risque environnemental (1–5)",
            "Environmental risk (1–5)",
        ),
        tr(
            lang,
            "Sociaal risico (1–5)",
            "Risque social (1–5)",
            "Social risk (1–5)",
        ),
        tr(lang, "Uitgaven (EUR)", "Dépenses (EUR)", "Spend (EUR)"),
        tr(lang, "Percelen", "Lots", "Lots"),
        tr(
            lang,
            "Prioriteitsscore",
            "Score de priorité",
            "Priority score",
        ),
        tr(
            lang,
            "Duurzaam (waarde)",
            "Durable (valeur)",
            "Sustainable (value)",
        ),
        tr(
            lang,
            "Duurzaam (aantal)",
            "Durable (nombre)",
            "Sustainable (count)",
        ),
    ]
    .map(String::from)
    .to_vec()
}

/// The list as table rows (also used by the annual report).
pub fn table(app: &App, rows: &[PriorityRow], lang: Lang) -> Table {
    Table {
        headers: headers(lang),
        rows: rows
            .iter()
            .map(|r| {
                let listed = if r.listed { " *" } else { "" };
                vec![
                    Cell::Count(r.rank as u64),
                    Cell::text(format!("{}{listed}", app.group_name(&r.group, lang))),
                    Cell::Count(u64::from(r.environmental)),
                    Cell::Count(u64::from(r.social)),
                    Cell::Eur(r.spend_eur.to_f64().unwrap_or(0.0)),
                    Cell::Count(r.lots),
                    Cell::Eur(r.score),
                    Cell::Share(r.sustainable_value_share()),
                    Cell::Share(r.sustainable_count_share()),
                ]
            })
            .collect(),
    }
}

/// The paragraph that says how the list is made.
pub fn method(lang: Lang) -> String {
    tr(lang,
        "Score = uitgaven (gegunde waarde in EUR van de percelen van de groep) × (milieurisico + sociaal risico) / 10. De risicoscores en hun bron staan in data/priority/risk.toml. * = voorbeeldcategorie van de federale urgentielijst. Duurzaam = voldoet aan het SPP-1-beleid.",
        "Score = dépenses (valeur attribuée en EUR des lots du groupe) × (risque environnemental + risque social) / 10. Les scores de risque et leur source figurent dans data/priority/risk.toml. * = catégorie citée en exemple de la liste d'urgence fédérale. Durable = conforme à la politique SPP-1.",
        "Score = spend (awarded EUR value of the group's lots) × (environmental risk + social risk) / 10. The risk scores and their sources are in data/priority/risk.toml. * = example category of the federal priority list. Sustainable = meets the SPP-1 policy.",
    ).to_string()
}

impl PriorityReport {
    /// The report as a document in `lang`.
    pub fn doc(&self, app: &App, lang: Lang) -> Doc {
        let mut sections = vec![Section {
            heading: tr(lang, "Alle aankopers", "Tous les acheteurs", "All buyers").into(),
            paragraphs: vec![
                method(lang),
                format!(
                    "{}{}{} ({} EUR).",
                    tr(
                        lang,
                        "Percelen zonder productgroep",
                        "Lots sans groupe de produits",
                        "Lots without a product group"
                    ),
                    colon(lang),
                    self.list.unclassified_lots,
                    super::doc::amount(self.list.unclassified_eur.to_f64().unwrap_or(0.0))
                ),
            ],
            table: Some(table(app, &self.list.overall, lang)),
        }];
        for (buyer, rows) in &self.list.by_buyer {
            sections.push(Section {
                heading: buyer.clone(),
                paragraphs: Vec::new(),
                table: Some(table(app, rows, lang)),
            });
        }
        Doc {
            lang,
            title: tr(
                lang,
                "Prioriteitenlijst van productgroepen",
                "Liste de priorité des groupes de produits",
                "Priority list of product groups",
            )
            .into(),
            subtitle: format!(
                "{}{}{}",
                tr(lang, "Beleid", "Politique", "Policy"),
                colon(lang),
                self.policy
            ),
            sections,
        }
    }
}
