//! The strategic-procurement figures of Belgium's contribution to the EU Procurement
//! Monitoring Report (EUM-*, docs/INDICATORS.md) for a period, each with its coverage; the
//! clean-vehicle and SME figures are CVD-1, SME-1 and SME-2 of the main report; art. 85(2)
//! (below-threshold value) comes from the register.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;
use spp_catalogue::Lang;
use spp_monitoring::strategic::eu::{objectives, ObjectiveFigure};
use spp_monitoring::strategic::prepare_all;
use spp_monitoring::{compute_refs, Measure, Report, Stage, Variant};

use super::doc::{Cell, Doc, Section, Table};
use super::register::RegisterFacts;
use super::{colon, options, tr};
use crate::error::{AppError, AppResult};
use crate::filter::Filter;
use crate::policy::CataloguePolicy;
use crate::App;

/// Years, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub first: i32,
    pub last: i32,
}

impl Period {
    /// `2021-2023` or `2023`.
    pub fn parse(raw: &str) -> AppResult<Period> {
        let bad = || AppError::bad_input("period", raw, "expected YYYY or YYYY-YYYY");
        let year = |s: &str| {
            s.trim()
                .parse::<i32>()
                .ok()
                .filter(|y| (1990..=2100).contains(y))
        };
        let (a, b) = raw.split_once('-').unwrap_or((raw, raw));
        let (first, last) = (year(a).ok_or_else(bad)?, year(b).ok_or_else(bad)?);
        if first > last {
            return Err(AppError::bad_input("period", raw, "ends before it starts"));
        }
        Ok(Period { first, last })
    }

    /// The filter of the period's award and dispatch dates, with `base` kept.
    pub fn filter(&self, mut base: Filter) -> Filter {
        base.from = chrono::NaiveDate::from_ymd_opt(self.first, 1, 1);
        base.to = chrono::NaiveDate::from_ymd_opt(self.last, 12, 31);
        base
    }

    pub fn label(&self) -> String {
        if self.first == self.last {
            self.first.to_string()
        } else {
            format!("{}–{}", self.first, self.last)
        }
    }
}

/// The figures of the EU monitoring-report chapter.
#[derive(Debug, Clone, Serialize)]
pub struct EuMonitoring {
    pub period: Period,
    pub objectives: Vec<ObjectiveFigure>,
    /// CVD-1 (vehicles), SME-1 (winners), SME-2 (tenders), award stage.
    pub cvd: Option<Measure>,
    pub sme_contractors: Option<Measure>,
    pub sme_bids: Option<Measure>,
    /// Art. 85(2): from the register; `None` = no register data.
    pub below_threshold_eur: Option<Decimal>,
}

/// The award-stage count row of `id` in `report`.
pub(crate) fn award_count(report: &Report, id: &str) -> Option<Measure> {
    report
        .find(id, "all", Stage::Award, Variant::Count, None)
        .map(|r| r.measure.clone())
}

impl App {
    /// EUM-* over the period (and `base` filter).
    pub async fn eu_monitoring(
        &self,
        period: Period,
        base: Filter,
        policy: &CataloguePolicy,
        register: &dyn RegisterFacts,
    ) -> AppResult<EuMonitoring> {
        let filter = period.filter(base);
        let (figures, report) = self
            .with_records(&filter, |refs| {
                let o = options(policy);
                (objectives(&prepare_all(refs, &o)), compute_refs(refs, &o))
            })
            .await?;
        Ok(EuMonitoring {
            period,
            objectives: figures,
            cvd: award_count(&report, "CVD-1"),
            sme_contractors: award_count(&report, "SME-1"),
            sme_bids: award_count(&report, "SME-2"),
            below_threshold_eur: register.below_threshold_value(period.first, period.last),
        })
    }
}

/// The name of an objective in `lang`.
pub fn objective_name(id: &str, lang: Lang) -> &'static str {
    match id {
        "EUM-ENV" => tr(
            lang,
            "Milieudoelstelling",
            "Objectif environnemental",
            "Environmental objective",
        ),
        "EUM-SOC" => tr(
            lang,
            "Sociale doelstelling",
            "Objectif social",
            "Social objective",
        ),
        "EUM-INN" => tr(
            lang,
            "Innovatiedoelstelling",
            "Objectif d'innovation",
            "Innovation objective",
        ),
        "EUM-GPP-EU" => tr(
            lang,
            "GPP-criteria van de EU",
            "Critères MPE de l'UE",
            "EU GPP criteria",
        ),
        "EUM-GPP-NAT" => tr(
            lang,
            "Nationale GPP-criteria",
            "Critères MPE nationaux",
            "National GPP criteria",
        ),
        "EUM-GPP-OTH" => tr(
            lang,
            "Andere GPP-criteria",
            "Autres critères MPE",
            "Other GPP criteria",
        ),
        "EUM-RES" => tr(
            lang,
            "Voorbehouden opdrachten",
            "Marchés réservés",
            "Reserved contracts",
        ),
        _ => tr(
            lang,
            "Richtlijn schone voertuigen van toepassing",
            "Directive véhicules propres applicable",
            "Clean Vehicles Directive applies",
        ),
    }
}

fn share(n: u64, d: u64) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

fn eur(v: Decimal) -> f64 {
    v.to_f64().unwrap_or(0.0)
}

fn objective_table(figures: &[ObjectiveFigure], lang: Lang) -> Table {
    let headers = [
        tr(lang, "Indicator", "Indicateur", "Indicator"),
        tr(lang, "Procedures", "Procédures", "Procedures"),
        tr(lang, "van", "sur", "of"),
        tr(lang, "Percelen", "Lots", "Lots"),
        tr(lang, "van", "sur", "of"),
        tr(lang, "Aandeel percelen", "Part des lots", "Share of lots"),
        tr(lang, "Waarde (EUR)", "Valeur (EUR)", "Value (EUR)"),
        tr(
            lang,
            "Aandeel waarde",
            "Part de la valeur",
            "Share of value",
        ),
        tr(lang, "Dekking", "Couverture", "Coverage"),
    ];
    let rows = figures
        .iter()
        .map(|f| {
            vec![
                Cell::text(format!("{} ({})", objective_name(f.id, lang), f.id)),
                Cell::Count(f.procedures),
                Cell::Count(f.procedures_denominator),
                Cell::Count(f.lots),
                Cell::Count(f.lots_denominator),
                Cell::Share(share(f.lots, f.lots_denominator)),
                Cell::Eur(eur(f.value_eur)),
                Cell::Share(
                    (!f.value_denominator_eur.is_zero())
                        .then(|| eur(f.value_eur) / eur(f.value_denominator_eur)),
                ),
                Cell::Share(f.coverage.share()),
            ]
        })
        .collect();
    Table {
        headers: headers.map(String::from).to_vec(),
        rows,
    }
}

/// A row for an indicator measure: name, numerator, denominator, share, coverage.
pub(crate) fn measure_row(name: String, m: Option<&Measure>) -> Vec<Cell> {
    let n = |d: Option<Decimal>| {
        d.and_then(|d| d.to_u64())
            .map_or(Cell::text("–"), Cell::Count)
    };
    vec![
        Cell::text(name),
        n(m.map(|m| m.numerator)),
        n(m.and_then(|m| m.denominator)),
        Cell::Share(m.and_then(Measure::value)),
        Cell::Share(m.and_then(|m| m.coverage.as_ref()).and_then(|c| c.share())),
    ]
}

pub(crate) fn measure_headers(lang: Lang) -> Vec<String> {
    [
        tr(lang, "Indicator", "Indicateur", "Indicator"),
        tr(lang, "Teller", "Numérateur", "Numerator"),
        tr(lang, "Noemer", "Dénominateur", "Denominator"),
        tr(lang, "Aandeel", "Part", "Share"),
        tr(lang, "Dekking", "Couverture", "Coverage"),
    ]
    .map(String::from)
    .to_vec()
}

impl EuMonitoring {
    /// The figures as a document in `lang`.
    pub fn doc(&self, lang: Lang) -> Doc {
        let participation = Table {
            headers: measure_headers(lang),
            rows: vec![
                measure_row(
                    tr(
                        lang,
                        "Schone en emissievrije voertuigen (CVD-1, voertuigen)",
                        "Véhicules propres et à émission nulle (CVD-1, véhicules)",
                        "Clean and zero-emission vehicles (CVD-1, vehicles)",
                    )
                    .into(),
                    self.cvd.as_ref(),
                ),
                measure_row(
                    tr(
                        lang,
                        "Kmo-opdrachtnemers (SME-1, winnaars)",
                        "Titulaires PME (SME-1, lauréats)",
                        "SME contractors (SME-1, winners)",
                    )
                    .into(),
                    self.sme_contractors.as_ref(),
                ),
                measure_row(
                    tr(
                        lang,
                        "Offertes van kmo's (SME-2, offertes)",
                        "Offres de PME (SME-2, offres)",
                        "SME bids (SME-2, tenders)",
                    )
                    .into(),
                    self.sme_bids.as_ref(),
                ),
            ],
        };
        let below = match self.below_threshold_eur {
            Some(v) => format!("{} EUR", super::doc::amount(eur(v))),
            None => tr(
                lang,
                "geen registergegevens",
                "pas de données du registre",
                "no register data",
            )
            .into(),
        };
        Doc {
            lang,
            title: tr(lang, "Strategische overheidsopdrachten — bijdrage aan het EU-monitoringverslag", "Marchés publics stratégiques — contribution au rapport de suivi de l'UE", "Strategic public procurement — contribution to the EU monitoring report").into(),
            subtitle: format!("{} {}", tr(lang, "Periode", "Période", "Period"), self.period.label()),
            sections: vec![
                Section {
                    heading: tr(lang, "Doelstellingen en criteria", "Objectifs et critères", "Objectives and criteria").into(),
                    paragraphs: vec![tr(lang,
                        "Gunningsfase (aankondigingen van gegunde opdrachten, jaar van de gunningsbeslissing). Een procedure telt wanneer een van haar percelen telt. Dekking = aandeel van de percelen waarvoor het veld is ingevuld.",
                        "Phase d'attribution (avis d'attribution, année de la décision d'attribution). Une procédure compte lorsqu'un de ses lots compte. Couverture = part des lots pour lesquels le champ est rempli.",
                        "Award stage (result notices, year of the award decision). A procedure counts when one of its lots does. Coverage = share of lots where the field is filled in.").into()],
                    table: Some(objective_table(&self.objectives, lang)),
                },
                Section {
                    heading: tr(lang, "Schone voertuigen en kmo-deelname", "Véhicules propres et participation des PME", "Clean vehicles and SME participation").into(),
                    paragraphs: Vec::new(),
                    table: Some(participation),
                },
                Section {
                    heading: tr(lang, "Art. 85(2): waarde onder de drempels", "Art. 85(2) : valeur sous les seuils", "Art. 85(2): value below the thresholds").into(),
                    paragraphs: vec![format!("{}{}{below}.", tr(lang, "Geraamde totale waarde van opdrachten onder de EU-drempels", "Valeur totale estimée des marchés sous les seuils de l'UE", "Estimated total value of procurement below the EU thresholds"), colon(lang))],
                    table: None,
                },
            ],
        }
    }
}
