//! The catalogue's data types, as read from the TOML files in `data/catalogue/`.

use serde::{Deserialize, Serialize};

/// A language of the catalogue texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Nl,
    Fr,
    #[default]
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Nl, Lang::Fr, Lang::En];

    /// Parse `nl`, `fr`, `en` (also the eForms codes `NLD`, `FRA`, `ENG`).
    pub fn parse(raw: &str) -> Option<Lang> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "nl" | "nld" | "dut" => Some(Lang::Nl),
            "fr" | "fra" | "fre" => Some(Lang::Fr),
            "en" | "eng" => Some(Lang::En),
            _ => None,
        }
    }

    /// Two-letter code.
    pub fn as_str(&self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// The eForms (ISO 639-2/B as used by TED) language code.
    pub fn eforms_code(&self) -> &'static str {
        match self {
            Lang::Nl => "NLD",
            Lang::Fr => "FRA",
            Lang::En => "ENG",
        }
    }
}

/// A text in Dutch, French and English.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LangText {
    pub nl: String,
    pub fr: String,
    pub en: String,
}

impl LangText {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }

    /// The languages whose text is blank.
    pub fn missing(&self) -> Vec<Lang> {
        Lang::ALL
            .into_iter()
            .filter(|l| self.get(*l).trim().is_empty())
            .collect()
    }
}

/// Procedure stage a criterion belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Selection criteria (capacity of the bidder, Art. 58/62 of Directive 2014/24/EU).
    Selection,
    /// Technical specifications: minimum requirements every offer must meet.
    TechnicalSpecification,
    /// Award criteria: points for better performance.
    Award,
    /// Contract performance clauses (Art. 70).
    ContractPerformance,
}

impl Stage {
    pub const ALL: [Stage; 4] = [
        Stage::Selection,
        Stage::TechnicalSpecification,
        Stage::Award,
        Stage::ContractPerformance,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Stage::Selection => "selection",
            Stage::TechnicalSpecification => "technical_specification",
            Stage::Award => "award",
            Stage::ContractPerformance => "contract_performance",
        }
    }

    /// Name of the stage in `lang`.
    pub fn label(&self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Stage::Selection, Lang::Nl) => "Selectiecriterium",
            (Stage::Selection, Lang::Fr) => "Critère de sélection",
            (Stage::Selection, Lang::En) => "Selection criterion",
            (Stage::TechnicalSpecification, Lang::Nl) => "Technische specificatie",
            (Stage::TechnicalSpecification, Lang::Fr) => "Spécification technique",
            (Stage::TechnicalSpecification, Lang::En) => "Technical specification",
            (Stage::Award, Lang::Nl) => "Gunningscriterium",
            (Stage::Award, Lang::Fr) => "Critère d'attribution",
            (Stage::Award, Lang::En) => "Award criterion",
            (Stage::ContractPerformance, Lang::Nl) => "Uitvoeringsvoorwaarde",
            (Stage::ContractPerformance, Lang::Fr) => "Condition d'exécution",
            (Stage::ContractPerformance, Lang::En) => "Contract performance clause",
        }
    }
}

/// Sustainability theme of a criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    Climate,
    Circularity,
    /// Hazardous substances and pollution.
    Toxics,
    Energy,
    /// Social and labour rights (ILO conventions), social inclusion.
    Social,
    Innovation,
}

impl Theme {
    pub fn as_str(&self) -> &'static str {
        match self {
            Theme::Climate => "climate",
            Theme::Circularity => "circularity",
            Theme::Toxics => "toxics",
            Theme::Energy => "energy",
            Theme::Social => "social",
            Theme::Innovation => "innovation",
        }
    }

    /// True for the environmental themes (green procurement).
    pub fn is_green(&self) -> bool {
        matches!(
            self,
            Theme::Climate | Theme::Circularity | Theme::Toxics | Theme::Energy
        )
    }

    /// The BT-774 environmental-impact code a criterion of this theme declares.
    pub fn environmental_impact_code(&self) -> Option<&'static str> {
        match self {
            Theme::Climate | Theme::Energy => Some("clim-mitig"),
            Theme::Circularity => Some("circ-econ"),
            Theme::Toxics => Some("pollu-prev"),
            Theme::Social | Theme::Innovation => None,
        }
    }
}

/// Which criteria set a criterion is based on; decides its BT-805 `gpp-criteria` code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BasisSet {
    /// An EU GPP criteria set (SWD documents of the European Commission).
    EuGpp,
    /// A Belgian (federal or regional) guide, rule or circular.
    National,
    /// Anything else: labels, the Dutch MVI tool, ILO/OECD texts, spp's own wording.
    Other,
}

impl BasisSet {
    pub fn as_str(&self) -> &'static str {
        match self {
            BasisSet::EuGpp => "eu-gpp",
            BasisSet::National => "national",
            BasisSet::Other => "other",
        }
    }

    /// The BT-805 code (eForms list `gpp-criteria`: `eu`, `national`, `other`).
    pub fn gpp_criteria_code(&self) -> &'static str {
        match self {
            BasisSet::EuGpp => "eu",
            BasisSet::National => "national",
            BasisSet::Other => "other",
        }
    }
}

/// The basis of a criterion: the set and the source it was written from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Basis {
    pub set: BasisSet,
    /// The document it follows (`EU GPP criteria: Road transport (2019)`).
    pub source: String,
}

/// The BT-775 social objective a social criterion declares (eForms list `social-objective`).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum SocialObjective {
    AccAll,
    EtEq,
    GenEq,
    HumRight,
    Opp,
    Other,
    #[default]
    WorkCond,
}

impl SocialObjective {
    pub fn code(&self) -> &'static str {
        match self {
            SocialObjective::AccAll => "acc-all",
            SocialObjective::EtEq => "et-eq",
            SocialObjective::GenEq => "gen-eq",
            SocialObjective::HumRight => "hum-right",
            SocialObjective::Opp => "opp",
            SocialObjective::Other => "other",
            SocialObjective::WorkCond => "work-cond",
        }
    }
}

/// The BT-809 codes (eForms list `selection-criterion`) the catalogue may use.
pub const SELECTION_CODES: &[&str] = &[
    "slc-abil-mgmt-env",
    "slc-abil-mgmt-supply",
    "slc-abil-mgmt-qual",
    "slc-abil-ref-work",
    "slc-abil-ref-supply",
    "slc-abil-ref-services",
    "slc-abil-staff-qual",
    "slc-abil-staff-tech-work",
    "slc-sche-env-cert-indep",
    "slc-suit-reg-prof",
];

/// One criterion of a product group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// Stable id, unique in the catalogue (`ict-ts-energy`).
    pub id: String,
    pub stage: Stage,
    /// Ambition level: 1 core/basis, 2 comprehensive/significant, 3 ambitious.
    pub level: u8,
    pub themes: Vec<Theme>,
    /// Part of the Flemish-style essential criteria of the group (used by policies).
    #[serde(default)]
    pub essential: bool,
    /// The criteria set and source it is based on.
    pub basis: Basis,
    /// For social criteria: the BT-775 code (default `work-cond`).
    #[serde(default)]
    pub social_objective: Option<SocialObjective>,
    /// For selection criteria: the BT-809 code (list `selection-criterion`, e.g.
    /// `slc-abil-mgmt-env`), one of [`SELECTION_CODES`].
    #[serde(default)]
    pub selection_code: Option<String>,
    /// Label ids (from `labels.toml`) accepted as proof, always "or equivalent".
    #[serde(default)]
    pub labels: Vec<String>,
    /// For award criteria: suggested weight in percent.
    #[serde(default)]
    pub weight: Option<u8>,
    /// Short title (used as the award criterion name in a notice).
    pub title: LangText,
    /// What the buyer asks, in the catalogue's own words.
    pub text: LangText,
    /// How the buyer checks it.
    pub verification: LangText,
}

/// A product group with its CPV codes and criteria.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductGroup {
    /// Slug (`ict-end-user`); the file is `<id>.toml`.
    pub id: String,
    pub names: LangText,
    /// The EU GPP criteria set the group follows, if any (`Computers … (2021)`).
    #[serde(default)]
    pub eu_gpp_set: Option<String>,
    /// CPV codes matched by prefix (the code without its trailing zeros).
    pub cpv: Vec<String>,
    /// CPV codes matched only exactly (division-level codes that would swallow other groups).
    #[serde(default)]
    pub cpv_exact: Vec<String>,
    pub criteria: Vec<Criterion>,
}

impl ProductGroup {
    /// The group's name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        self.names.get(lang)
    }

    /// Criteria up to and including `level` (levels are cumulative).
    pub fn criteria_up_to(&self, level: u8) -> impl Iterator<Item = &Criterion> {
        self.criteria.iter().filter(move |c| c.level <= level)
    }
}

/// Kind of label or proof scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelKind {
    /// ISO 14024 type I multi-criteria ecolabel.
    Iso14024TypeI,
    /// Label proving one aspect (forests, organic, substances…).
    SingleIssue,
    /// Social or fair-trade label or verification scheme.
    Social,
    /// Energy-efficiency label or specification.
    Energy,
    /// Management system certificate (EMAS, ISO 14001, ISO 50001).
    ManagementSystem,
    /// Registry or tracking certificate (EPEAT, guarantees of origin).
    Registry,
    /// Other evidence (declarations, LCA tools).
    Other,
}

impl LabelKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            LabelKind::Iso14024TypeI => "iso14024_type_i",
            LabelKind::SingleIssue => "single_issue",
            LabelKind::Social => "social",
            LabelKind::Energy => "energy",
            LabelKind::ManagementSystem => "management_system",
            LabelKind::Registry => "registry",
            LabelKind::Other => "other",
        }
    }
}

/// A label accepted as proof.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub id: String,
    /// Proper name as used on the market (`EU Ecolabel`).
    pub name: String,
    /// Other names it is known by in NL/FR/DE (`Blauer Engel`, `Ange bleu`) — used to find it in text.
    #[serde(default)]
    pub aliases: Vec<String>,
    pub issuer: String,
    pub kind: LabelKind,
    /// What it covers.
    pub covers: LangText,
    /// Product groups it is typically used for.
    #[serde(default)]
    pub groups: Vec<String>,
}

impl Label {
    /// True for an ISO 14024 type I label.
    pub fn is_type_i(&self) -> bool {
        self.kind == LabelKind::Iso14024TypeI
    }
}
