//! The annual progress report: the key figures of the year against the 100 % and 3 % targets
//! and the year before, by buyer and product group, SME participation, e-procurement, the
//! priority list, the register's facts where there is a register, a summary written from the
//! figures (what rose, what fell, what is far from target, where coverage is too thin) and a
//! methods annex. Every text in Dutch, French or English.

use serde::Serialize;
use spp_catalogue::risk::RiskTable;
use spp_catalogue::Lang;
use spp_monitoring::strategic::prepare_all;
use spp_monitoring::strategic::priority::{priority_list, PriorityList};
use spp_monitoring::{compute_refs, GroupBy, Options, Report, Stage, Variant};

use super::eu::Period;
use super::register::{PlaceRow, RegisterFacts};
use super::{options, priority, tr};
use crate::error::AppResult;
use crate::filter::Filter;
use crate::policy::CataloguePolicy;
use crate::App;

/// A key figure: indicator, stage, variant, target.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct KeyFigure {
    pub id: &'static str,
    pub stage: Stage,
    pub variant: Variant,
    pub target: Option<f64>,
}

const fn key(id: &'static str, variant: Variant, target: Option<f64>) -> KeyFigure {
    KeyFigure {
        id,
        stage: Stage::Award,
        variant,
        target,
    }
}

/// The key figures, in report order (award stage).
pub const KEY_FIGURES: [KeyFigure; 11] = [
    key("SPP-2", Variant::Count, Some(1.0)),
    key("SPP-2", Variant::Value, Some(1.0)),
    key("SPP-1", Variant::Count, Some(1.0)),
    key("SPP-1", Variant::Value, Some(1.0)),
    key("INN-1", Variant::Value, Some(0.03)),
    key("GPP-1", Variant::Count, None),
    key("SOC-1", Variant::Count, None),
    key("SME-1", Variant::Count, None),
    key("SME-2", Variant::Count, None),
    key("EPR-1", Variant::Count, None),
    key("CMP-1", Variant::Count, None),
];

/// Below this coverage a figure is "too thin to say".
pub const THIN_COVERAGE: f64 = 0.5;
/// A change smaller than this (in share points) is "stable".
pub const STABLE: f64 = 0.01;

/// One key figure in the year and the year before.
#[derive(Debug, Clone, Serialize)]
pub struct KeyValue {
    pub figure: KeyFigure,
    pub value: Option<f64>,
    pub previous: Option<f64>,
    pub coverage: Option<f64>,
}

/// A share by buyer or product group: (key, lots, share by count, share by value).
#[derive(Debug, Clone, Serialize)]
pub struct ShareRow {
    pub key: String,
    pub lots: u64,
    pub count_share: Option<f64>,
    pub value_share: Option<f64>,
}

/// The annual report's figures.
#[derive(Debug, Clone, Serialize)]
pub struct AnnualReport {
    pub year: i32,
    /// Award-stage lots of the year.
    pub award_lots: u64,
    pub policy: String,
    pub key: Vec<KeyValue>,
    /// SPP-2 by buyer, most lots first.
    pub by_buyer: Vec<ShareRow>,
    /// SPP-1 by product group.
    pub by_group: Vec<ShareRow>,
    pub priority: PriorityList,
    pub framework_uptake: Option<f64>,
    pub payments_on_time: Option<f64>,
    /// Register and notices by government level, policy domain and entity (empty without a
    /// register).
    pub by_place: Vec<PlaceRow>,
}

fn measure(
    report: &Report,
    f: &KeyFigure,
    group_by: Option<GroupBy>,
    group: &str,
) -> Option<spp_monitoring::Measure> {
    report
        .rows
        .iter()
        .find(|r| {
            r.id == f.id
                && r.group_by == group_by
                && r.group == group
                && r.measure.stage == f.stage
                && r.measure.variant == f.variant
                && r.measure.split.is_none()
        })
        .map(|r| r.measure.clone())
}

fn shares(report: &Report, id: &'static str, by: GroupBy) -> Vec<ShareRow> {
    let mut keys: Vec<String> = report.rows_by(by).map(|r| r.group.clone()).collect();
    keys.dedup();
    let count = key(id, Variant::Count, None);
    let value = key(id, Variant::Value, None);
    let mut rows: Vec<ShareRow> = keys
        .into_iter()
        .map(|k| {
            let c = measure(report, &count, Some(by), &k);
            ShareRow {
                lots: c
                    .as_ref()
                    .and_then(|m| m.coverage.as_ref())
                    .map_or(0, |c| c.universe),
                count_share: c.and_then(|m| m.value()),
                value_share: measure(report, &value, Some(by), &k).and_then(|m| m.value()),
                key: k,
            }
        })
        .filter(|r| r.lots > 0)
        .collect();
    rows.sort_by(|a, b| b.lots.cmp(&a.lots).then(a.key.cmp(&b.key)));
    rows
}

impl App {
    /// The annual report for `year` over the lots `base` keeps (its dates are replaced by the
    /// year's) whose buyer is in the register's scope.
    pub async fn annual(
        &self,
        year: i32,
        base: &Filter,
        policy: &CataloguePolicy,
        register: &dyn RegisterFacts,
    ) -> AppResult<AnnualReport> {
        let risk = priority::risks(&RiskTable::bundled(self.catalogue())?);
        let grouped = Options {
            extra_groupings: vec![GroupBy::Buyer, GroupBy::ProductGroup],
            ..options(policy)
        };
        let this = Period {
            first: year,
            last: year,
        }
        .filter(base.clone());
        let keep = |r: &spp_domain::LotRecord| register.keeps_notice(r);
        let (report, list) = self
            .with_records_where(&this, keep, |refs| {
                let list = priority_list(&prepare_all(refs, &options(policy)), &risk);
                (compute_refs(refs, &grouped), list)
            })
            .await?;
        let before = Period {
            first: year - 1,
            last: year - 1,
        }
        .filter(base.clone());
        let previous = self
            .with_records_where(&before, keep, |refs| compute_refs(refs, &options(policy)))
            .await?;
        let key = KEY_FIGURES
            .iter()
            .map(|f| {
                let m = measure(&report, f, None, "all");
                KeyValue {
                    figure: *f,
                    value: m.as_ref().and_then(|m| m.value()),
                    previous: measure(&previous, f, None, "all").and_then(|m| m.value()),
                    coverage: m.and_then(|m| m.coverage).and_then(|c| c.share()),
                }
            })
            .collect();
        let award_lots = measure(&report, &KEY_FIGURES[0], None, "all")
            .and_then(|m| m.coverage)
            .map_or(0, |c| c.universe);
        Ok(AnnualReport {
            year,
            award_lots,
            policy: policy.name.clone(),
            key,
            by_buyer: shares(&report, "SPP-2", GroupBy::Buyer),
            by_group: shares(&report, "SPP-1", GroupBy::ProductGroup),
            priority: list,
            framework_uptake: register.framework_uptake(year),
            payments_on_time: register.payments_on_time(year),
            by_place: register.by_place(),
        })
    }
}

/// The name of a key figure in `lang`.
pub fn figure_name(f: &KeyFigure, lang: Lang) -> String {
    let name = match f.id {
        "SPP-2" => tr(
            lang,
            "Verklaard strategisch (SPP-2)",
            "Déclaré stratégique (SPP-2)",
            "Declared strategic (SPP-2)",
        ),
        "SPP-1" => tr(
            lang,
            "Duurzaam volgens het beleid (SPP-1)",
            "Durable selon la politique (SPP-1)",
            "Sustainable by policy (SPP-1)",
        ),
        "INN-1" => tr(
            lang,
            "Innovatief (INN-1)",
            "Innovant (INN-1)",
            "Innovative (INN-1)",
        ),
        "GPP-1" => tr(lang, "Groen (GPP-1)", "Vert (GPP-1)", "Green (GPP-1)"),
        "SOC-1" => tr(lang, "Sociaal (SOC-1)", "Social (SOC-1)", "Social (SOC-1)"),
        "SME-1" => tr(
            lang,
            "Kmo-opdrachtnemers (SME-1)",
            "Titulaires PME (SME-1)",
            "SME contractors (SME-1)",
        ),
        "SME-2" => tr(
            lang,
            "Kmo-offertes (SME-2)",
            "Offres de PME (SME-2)",
            "SME bids (SME-2)",
        ),
        "EPR-1" => tr(
            lang,
            "Elektronische indiening verplicht (EPR-1)",
            "Dépôt électronique obligatoire (EPR-1)",
            "E-submission required (EPR-1)",
        ),
        _ => tr(
            lang,
            "Eén bieder (CMP-1)",
            "Soumissionnaire unique (CMP-1)",
            "Single bidder (CMP-1)",
        ),
    };
    let variant = match f.variant {
        Variant::Count => tr(lang, "aantal", "nombre", "count"),
        Variant::Value => tr(lang, "waarde", "valeur", "value"),
    };
    format!("{name}, {variant}")
}

/// The definition of an indicator in `lang`, for the methods annex.
pub fn definition(id: &str, lang: Lang) -> &'static str {
    match id {
        "SPP-2" => tr(lang,
            "percelen met BT-06 milieu, sociaal of innovatie, of een code in BT-774/775/776, of BT-805 ≠ none, gedeeld door de percelen met BT-06 ingevuld.",
            "lots avec BT-06 environnement, social ou innovation, ou un code BT-774/775/776, ou BT-805 ≠ none, divisés par les lots dont BT-06 est rempli.",
            "lots with BT-06 environmental, social or innovation, or a BT-774/775/776 code, or BT-805 ≠ none, over the lots with BT-06 filled in."),
        "SPP-1" => tr(lang,
            "percelen die aan het gekozen beleid voldoen, gedeeld door de percelen van de productgroepen die het beleid dekt.",
            "lots conformes à la politique choisie, divisés par les lots des groupes de produits couverts par la politique.",
            "lots that meet the chosen policy, over the lots of the product groups the policy covers."),
        "INN-1" => tr(lang,
            "gegunde waarde van percelen met BT-06 innovatie, een BT-776-code of een innovatiepartnerschap, gedeeld door de totale gegunde waarde; norm 3 %.",
            "valeur attribuée des lots avec BT-06 innovation, un code BT-776 ou un partenariat d'innovation, divisée par la valeur totale attribuée ; norme 3 %.",
            "awarded value of lots with BT-06 innovation, a BT-776 code or an innovation partnership, over the total awarded value; norm 3 %."),
        "GPP-1" => tr(lang,
            "percelen met BT-06 milieu, een BT-774-code of BT-805 ≠ none, gedeeld door de percelen met BT-06 ingevuld.",
            "lots avec BT-06 environnement, un code BT-774 ou BT-805 ≠ none, divisés par les lots dont BT-06 est rempli.",
            "lots with BT-06 environmental, a BT-774 code or BT-805 ≠ none, over the lots with BT-06 filled in."),
        "SOC-1" => tr(lang,
            "percelen met BT-06 sociaal, een BT-775-code of een voorbehouden opdracht (BT-71), gedeeld door alle percelen.",
            "lots avec BT-06 social, un code BT-775 ou un marché réservé (BT-71), divisés par tous les lots.",
            "lots with BT-06 social, a BT-775 code or a reserved contract (BT-71), over all lots."),
        "SME-1" => tr(lang,
            "winnaars die een kmo zijn (BT-165), gedeeld door de winnaars met gekende grootte.",
            "lauréats qui sont des PME (BT-165), divisés par les lauréats de taille connue.",
            "winners that are SMEs (BT-165), over the winners of known size."),
        "SME-2" => tr(lang,
            "offertes van kmo's (BT-759), gedeeld door alle offertes, voor percelen die beide melden.",
            "offres de PME (BT-759), divisées par toutes les offres, pour les lots qui indiquent les deux.",
            "tenders from SMEs (BT-759), over all tenders, for lots that report both."),
        "EPR-1" => tr(lang,
            "percelen waarvoor elektronische indiening verplicht is (BT-17), gedeeld door de percelen met BT-17 ingevuld.",
            "lots pour lesquels le dépôt électronique est obligatoire (BT-17), divisés par les lots dont BT-17 est rempli.",
            "lots where electronic submission is required (BT-17), over the lots with BT-17 filled in."),
        _ => tr(lang,
            "gegunde percelen met één offerte, gedeeld door de gegunde percelen met gekend aantal offertes.",
            "lots attribués avec une seule offre, divisés par les lots attribués dont le nombre d'offres est connu.",
            "awarded lots with one tender, over the awarded lots with a known number of tenders."),
    }
}
