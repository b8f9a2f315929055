//! Benchmarks with the main report's definitions: Belgian regions (NUTS1 BE1/BE2/BE3 and the
//! NUTS2 provinces) side by side, or countries with the Single Market Scoreboard set plus the
//! SPP indicators, and the EU reference as the median country (not a pooled rate).

use std::collections::BTreeMap;

use serde::Serialize;
use spp_catalogue::Lang;
use spp_domain::LotRecord;
use spp_monitoring::strategic::benchmark::{median, scoreboard_extra, ScoreboardExtra};
use spp_monitoring::strategic::prepare_all;
use spp_monitoring::{compute_refs, Report, Stage, Variant};

use super::doc::{Cell, Doc, Section, Table};
use super::{options, tr};
use crate::error::{AppError, AppResult};
use crate::filter::Filter;
use crate::policy::CataloguePolicy;
use crate::App;

/// What is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BenchmarkBy {
    /// Belgian NUTS1 regions and NUTS2 provinces (lead buyer's BT-507).
    Region,
    /// Countries (lead buyer's BT-514).
    Country,
}

impl BenchmarkBy {
    pub fn parse(raw: &str) -> AppResult<BenchmarkBy> {
        match raw.trim() {
            "region" => Ok(BenchmarkBy::Region),
            "country" => Ok(BenchmarkBy::Country),
            other => Err(AppError::bad_input(
                "by",
                other,
                "expected region or country",
            )),
        }
    }
}

/// The columns, in order: (indicator id, stage, variant).
pub const COLUMNS: [(&str, Stage, Variant); 11] = [
    ("CMP-1", Stage::Award, Variant::Count),
    ("BEN-NCB", Stage::Award, Variant::Count),
    ("CMP-3", Stage::Award, Variant::Count),
    ("BEN-DSP", Stage::Award, Variant::Count),
    ("SME-1", Stage::Award, Variant::Count),
    ("SME-2", Stage::Award, Variant::Count),
    ("SME-3", Stage::Award, Variant::Count),
    ("SPP-2", Stage::Award, Variant::Count),
    ("GPP-1", Stage::Award, Variant::Count),
    ("SOC-1", Stage::Award, Variant::Count),
    ("INN-1", Stage::Award, Variant::Value),
];

/// One compared unit: its values in [`COLUMNS`] order (`None` = no data) and its lots.
#[derive(Debug, Clone, Serialize)]
pub struct BenchmarkRow {
    pub key: String,
    pub award_lots: u64,
    pub values: Vec<Option<f64>>,
}

/// The comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Benchmark {
    pub by: BenchmarkBy,
    pub rows: Vec<BenchmarkRow>,
    /// Country mode: the median of the countries per column; region mode: Belgium as a whole.
    pub reference: BenchmarkRow,
}

/// The group of a record: NUTS1/NUTS2 code (several per record in region mode), or country.
fn keys(by: BenchmarkBy, r: &LotRecord) -> Vec<String> {
    match by {
        BenchmarkBy::Country => r.buyer_country.clone().into_iter().collect(),
        BenchmarkBy::Region => match r.buyer_nuts.as_deref() {
            Some(n) if n.starts_with("BE") && n.len() >= 3 => {
                let mut k = vec![n[..3].to_string()];
                if n.len() >= 4 {
                    k.push(n[..4].to_string());
                }
                k
            }
            _ => Vec::new(),
        },
    }
}

/// The row of one unit over its records.
fn unit_row(key: String, records: &[&LotRecord], o: &spp_monitoring::Options) -> BenchmarkRow {
    let extra = scoreboard_extra(&prepare_all(records, o), |_| Some(String::new()));
    row(key, &compute_refs(records, o), extra.get(""))
}

fn row(key: String, report: &Report, extra: Option<&ScoreboardExtra>) -> BenchmarkRow {
    let values = COLUMNS
        .iter()
        .map(|(id, stage, variant)| match *id {
            "BEN-NCB" => extra.and_then(ScoreboardExtra::no_calls_share),
            "BEN-DSP" => extra.and_then(ScoreboardExtra::decision_days),
            _ => report
                .find(id, "all", *stage, *variant, None)
                .and_then(|r| r.measure.value()),
        })
        .collect();
    BenchmarkRow {
        key,
        award_lots: report
            .find("SPP-2", "all", Stage::Award, Variant::Count, None)
            .and_then(|r| r.measure.coverage.as_ref())
            .map_or(0, |c| c.universe),
        values,
    }
}

impl App {
    /// The benchmark over the lots `filter` keeps.
    pub async fn benchmark(
        &self,
        by: BenchmarkBy,
        filter: &Filter,
        policy: &CataloguePolicy,
    ) -> AppResult<Benchmark> {
        self.with_records(filter, |refs| {
            let o = options(policy);
            let mut groups: BTreeMap<String, Vec<&LotRecord>> = BTreeMap::new();
            for r in refs {
                for k in keys(by, r) {
                    groups.entry(k).or_default().push(r);
                }
            }
            let rows: Vec<BenchmarkRow> = groups
                .into_iter()
                .map(|(k, rs)| unit_row(k, &rs, &o))
                .collect();
            let reference = match by {
                BenchmarkBy::Country => BenchmarkRow {
                    key: "median".into(),
                    award_lots: rows.iter().map(|r| r.award_lots).sum(),
                    values: (0..COLUMNS.len())
                        .map(|i| median(rows.iter().map(|r| r.values[i])))
                        .collect(),
                },
                BenchmarkBy::Region => {
                    let be: Vec<&LotRecord> = refs
                        .iter()
                        .copied()
                        .filter(|r| !keys(by, r).is_empty())
                        .collect();
                    unit_row("BE".into(), &be, &o)
                }
            };
            Benchmark {
                by,
                rows,
                reference,
            }
        })
        .await
    }
}

/// The column headings in `lang`.
pub fn column_name(id: &str, lang: Lang) -> &'static str {
    match id {
        "CMP-1" => tr(
            lang,
            "Eén bieder",
            "Soumissionnaire unique",
            "Single bidder",
        ),
        "BEN-NCB" => tr(
            lang,
            "Zonder oproep",
            "Sans appel à la concurrence",
            "No call for bids",
        ),
        "CMP-3" => tr(lang, "Alleen prijs", "Prix seul", "Price only"),
        "BEN-DSP" => tr(
            lang,
            "Beslissingstermijn (dagen)",
            "Délai de décision (jours)",
            "Decision speed (days)",
        ),
        "SME-1" => tr(
            lang,
            "Kmo-opdrachtnemers",
            "Titulaires PME",
            "SME contractors",
        ),
        "SME-2" => tr(lang, "Kmo-offertes", "Offres de PME", "SME bids"),
        "SME-3" => tr(
            lang,
            "In percelen verdeeld",
            "Divisé en lots",
            "Divided into lots",
        ),
        "SPP-2" => tr(
            lang,
            "Strategisch (SPP-2)",
            "Stratégique (SPP-2)",
            "Strategic (SPP-2)",
        ),
        "GPP-1" => tr(lang, "Groen (GPP-1)", "Vert (GPP-1)", "Green (GPP-1)"),
        "SOC-1" => tr(lang, "Sociaal (SOC-1)", "Social (SOC-1)", "Social (SOC-1)"),
        _ => tr(
            lang,
            "Innovatief (INN-1, waarde)",
            "Innovant (INN-1, valeur)",
            "Innovative (INN-1, value)",
        ),
    }
}

/// NUTS names of the Belgian regions and provinces.
pub fn region_name(code: &str, lang: Lang) -> &'static str {
    match code {
        "BE1" | "BE10" => tr(
            lang,
            "Brussels Hoofdstedelijk Gewest",
            "Région de Bruxelles-Capitale",
            "Brussels-Capital Region",
        ),
        "BE2" => tr(lang, "Vlaams Gewest", "Région flamande", "Flemish Region"),
        "BE3" => tr(lang, "Waals Gewest", "Région wallonne", "Walloon Region"),
        "BE21" => "Antwerpen",
        "BE22" => "Limburg",
        "BE23" => tr(
            lang,
            "Oost-Vlaanderen",
            "Flandre-Orientale",
            "East Flanders",
        ),
        "BE24" => tr(lang, "Vlaams-Brabant", "Brabant flamand", "Flemish Brabant"),
        "BE25" => tr(
            lang,
            "West-Vlaanderen",
            "Flandre-Occidentale",
            "West Flanders",
        ),
        "BE31" => tr(lang, "Waals-Brabant", "Brabant wallon", "Walloon Brabant"),
        "BE32" => "Hainaut",
        "BE33" => tr(lang, "Luik", "Liège", "Liège"),
        "BE34" => "Luxembourg",
        "BE35" => "Namur",
        "BE" => tr(lang, "België", "Belgique", "Belgium"),
        _ => "",
    }
}

impl Benchmark {
    /// The comparison as a document in `lang`.
    pub fn doc(&self, lang: Lang) -> Doc {
        let mut headers = vec![
            tr(lang, "Eenheid", "Unité", "Unit").to_string(),
            tr(lang, "Gegunde percelen", "Lots attribués", "Awarded lots").into(),
        ];
        headers.extend(
            COLUMNS
                .iter()
                .map(|(id, ..)| column_name(id, lang).to_string()),
        );
        let line = |r: &BenchmarkRow, name: String| {
            let mut cells = vec![Cell::text(name), Cell::Count(r.award_lots)];
            cells.extend(COLUMNS.iter().zip(&r.values).map(|((id, ..), v)| {
                if *id == "BEN-DSP" {
                    Cell::Number(*v)
                } else {
                    Cell::Share(*v)
                }
            }));
            cells
        };
        let name = |k: &str| match self.by {
            BenchmarkBy::Region => format!("{k} {}", region_name(k, lang)).trim().to_string(),
            BenchmarkBy::Country => k.to_string(),
        };
        let mut rows: Vec<Vec<Cell>> = self.rows.iter().map(|r| line(r, name(&r.key))).collect();
        let reference = match self.by {
            BenchmarkBy::Country => tr(
                lang,
                "EU-referentie (mediaan van de landen)",
                "Référence UE (médiane des pays)",
                "EU reference (median country)",
            )
            .to_string(),
            BenchmarkBy::Region => name("BE"),
        };
        rows.push(line(&self.reference, reference));
        let (title, note) = match self.by {
            BenchmarkBy::Region => (
                tr(lang, "Vergelijking van de gewesten en provincies", "Comparaison des régions et provinces", "Regions and provinces compared"),
                tr(lang, "Gewest en provincie van de hoofdaankoper (BT-507); dezelfde definities als het monitoringrapport; gunningsfase.", "Région et province de l'acheteur principal (BT-507) ; mêmes définitions que le rapport de suivi ; phase d'attribution.", "Region and province of the lead buyer (BT-507); the monitoring report's definitions; award stage."),
            ),
            BenchmarkBy::Country => (
                tr(lang, "Vergelijking van de landen", "Comparaison des pays", "Countries compared"),
                tr(lang, "Land van de hoofdaankoper (BT-514); indicatoren van het Single Market Scoreboard en de SPP-indicatoren; de EU-referentie is de mediaan van de landen, geen gepoold percentage.", "Pays de l'acheteur principal (BT-514) ; indicateurs du tableau d'affichage du marché unique et indicateurs SPP ; la référence UE est la médiane des pays, pas un taux agrégé.", "Lead buyer's country (BT-514); the Single Market Scoreboard indicators and the SPP indicators; the EU reference is the median country, not a pooled rate."),
            ),
        };
        Doc {
            lang,
            title: title.into(),
            subtitle: note.into(),
            sections: vec![Section {
                heading: title.into(),
                paragraphs: vec![tr(lang, "Beslissingstermijn: dagen tussen de verzending van de aankondiging van de opdracht en de gunningsbeslissing van dezelfde procedure (benadering).", "Délai de décision : jours entre l'envoi de l'avis de marché et la décision d'attribution de la même procédure (approximation).", "Decision speed: days between the dispatch of the contract notice and the award decision of the same procedure (a proxy).").into()],
                table: Some(Table { headers, rows }),
            }],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use spp_domain::RecordSource;

    #[test]
    fn a_lot_counts_in_its_region_and_province() {
        let mut r = LotRecord::unreported(RecordSource::Notice, "N", 1, "L");
        r.buyer_nuts = Some("BE234".into());
        r.buyer_country = Some("BEL".into());
        assert_eq!(keys(BenchmarkBy::Region, &r), ["BE2", "BE23"]);
        assert_eq!(keys(BenchmarkBy::Country, &r), ["BEL"]);
        r.buyer_nuts = Some("NL329".into());
        assert!(keys(BenchmarkBy::Region, &r).is_empty());
        r.buyer_nuts = Some("BE1".into());
        assert_eq!(keys(BenchmarkBy::Region, &r), ["BE1"]);
        assert_eq!(region_name("BE23", Lang::Fr), "Flandre-Orientale");
    }
}
