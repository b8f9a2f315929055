//! The lot record: one row per lot of the latest version of a notice (or per register
//! contract), flat, with everything the indicators count already resolved (winners through
//! settled contracts, awarded value, stage year). The store indexes these; the monitoring
//! folds them. `derive::lot_records` builds them from a [`Notice`](crate::Notice).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::codelist::*;
use crate::notice::SourceFormat;
use crate::value::{Cpv, Money};

/// Where a record comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordSource {
    /// A published eForms notice.
    Notice,
    /// A contract entered in spp's register (also below EU thresholds).
    Register,
}

/// One lot, ready to be counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LotRecord {
    pub source: RecordSource,
    /// The format of the notice (`None` for register contracts).
    pub format: Option<SourceFormat>,
    /// BT-701 of the notice (or the register's contract id).
    pub notice_id: String,
    /// BT-757 as a number.
    pub notice_version: u32,
    /// BT-04.
    pub procedure_id: Option<String>,
    /// BT-137.
    pub lot_id: String,
    /// BT-03.
    pub form_type: Option<FormType>,
    /// OPP-070.
    pub subtype: Option<String>,
    /// BT-05(a) dispatch date.
    pub issue_date: Option<NaiveDate>,
    /// Earliest BT-1451 of the lot's winning contracts.
    pub award_date: Option<NaiveDate>,
    /// Stage year: award-decision year for result notices (falling back to dispatch year),
    /// dispatch year otherwise.
    pub year: Option<i32>,

    /// Lead buyer's organisation: name (first language), national id, country, NUTS.
    pub buyer_name: Option<String>,
    pub buyer_id: Option<String>,
    pub buyer_country: Option<String>,
    pub buyer_nuts: Option<String>,
    pub buyer_legal_type: Option<BuyerLegalType>,
    /// Number of buyers (joint procurement > 1).
    pub buyer_count: u32,

    /// BT-105 of the procedure.
    pub procedure_type: Option<ProcedureType>,
    /// Number of lots in the notice (SME-3: procedures divided into lots).
    pub lots_in_notice: u32,
    /// BT-23 of the lot, else of the procedure.
    pub nature: Option<ContractNature>,
    /// BT-262 of the lot, else of the procedure.
    pub main_cpv: Option<Cpv>,
    /// Catalogue product group of `main_cpv` (filled by the ingest; `None` = no group).
    pub product_group: Option<String>,

    pub strategic: Vec<StrategicProcurement>,
    pub environmental: Vec<EnvironmentalImpact>,
    pub social: Vec<SocialObjective>,
    pub innovative: Vec<InnovativeAcquisition>,
    pub gpp_criteria: Vec<GppCriteria>,
    pub reserved: Vec<ReservedProcurement>,
    pub esubmission: Option<ESubmission>,
    /// BT-539 of each award criterion, in order.
    pub award_criterion_types: Vec<AwardCriterionType>,
    /// BT-765 framework agreement code of the lot.
    pub framework: Option<FrameworkAgreement>,

    /// BT-717.
    pub cvd_applies: Option<bool>,
    /// Σ OPT-156 by OPT-155 over the lot's results (`None` = not reported).
    pub vehicles_total: Option<u64>,
    pub vehicles_clean: Option<u64>,
    pub vehicles_zero_emission: Option<u64>,

    /// BT-27 of the lot (call stage).
    pub estimated_value: Option<Money>,
    /// True when a lot result says `selec-w` or a settled contract names a winning tender.
    pub awarded: bool,
    /// Σ BT-720 of the winning tenders when all are known and in one currency.
    pub awarded_value: Option<Money>,
    /// True when some winning tender's value was withheld or missing (then `awarded_value` is `None`).
    pub awarded_value_partial: bool,
    /// BT-709 (else BT-660) of a framework lot without tender values: a ceiling, not spend.
    pub framework_ceiling: Option<Money>,

    /// BT-759 for BT-760 `tenders`, `t-sme`, `t-esubm`, summed over the lot's results.
    pub tenders_received: Option<u64>,
    pub sme_tenders_received: Option<u64>,
    pub esubmitted_tenders_received: Option<u64>,

    /// Winning organisations (distinct), with their size.
    pub winners: Vec<Winner>,

    /// Classification flags with their evidence (filled by the catalogue at ingest).
    pub flags: Vec<LotFlag>,
}

impl LotRecord {
    /// A lot of which nothing is reported but its identity: the start of hand-built records
    /// in tests and of register contracts, filled in field by field.
    pub fn unreported(
        source: RecordSource,
        notice_id: &str,
        version: u32,
        lot_id: &str,
    ) -> LotRecord {
        LotRecord {
            source,
            // A notice record is eForms unless its reader says otherwise.
            format: (source == RecordSource::Notice).then_some(SourceFormat::Eforms),
            notice_id: notice_id.to_string(),
            notice_version: version,
            procedure_id: None,
            lot_id: lot_id.to_string(),
            form_type: None,
            subtype: None,
            issue_date: None,
            award_date: None,
            year: None,
            buyer_name: None,
            buyer_id: None,
            buyer_country: None,
            buyer_nuts: None,
            buyer_legal_type: None,
            buyer_count: 1,
            procedure_type: None,
            lots_in_notice: 1,
            nature: None,
            main_cpv: None,
            product_group: None,
            strategic: Vec::new(),
            environmental: Vec::new(),
            social: Vec::new(),
            innovative: Vec::new(),
            gpp_criteria: Vec::new(),
            reserved: Vec::new(),
            esubmission: None,
            award_criterion_types: Vec::new(),
            framework: None,
            cvd_applies: None,
            vehicles_total: None,
            vehicles_clean: None,
            vehicles_zero_emission: None,
            estimated_value: None,
            awarded: false,
            awarded_value: None,
            awarded_value_partial: false,
            framework_ceiling: None,
            tenders_received: None,
            sme_tenders_received: None,
            esubmitted_tenders_received: None,
            winners: Vec::new(),
            flags: Vec::new(),
        }
    }
}

/// What a lot was classified as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    Green,
    Social,
    Innovative,
    Circular,
    CleanVehicle,
    /// Award on life-cycle cost / total cost of ownership.
    LifeCycleCost,
}

impl FlagKind {
    pub const ALL: [FlagKind; 6] = [
        FlagKind::Green,
        FlagKind::Social,
        FlagKind::Innovative,
        FlagKind::Circular,
        FlagKind::CleanVehicle,
        FlagKind::LifeCycleCost,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            FlagKind::Green => "green",
            FlagKind::Social => "social",
            FlagKind::Innovative => "innovative",
            FlagKind::Circular => "circular",
            FlagKind::CleanVehicle => "clean_vehicle",
            FlagKind::LifeCycleCost => "life_cycle_cost",
        }
    }
}

/// One classification flag and why it was set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotFlag {
    pub kind: FlagKind,
    /// The eForms field that decided it (`BT-06`, `BT-774`, `BT-805`, `BT-717`, `BT-734`, …).
    pub field: String,
    /// The value or the matched text (`env-imp`, `"EU Ecolabel"`, `"TCO"`, …).
    pub evidence: String,
}

/// A winning organisation of a lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Winner {
    /// OPT-200 technical id within the notice.
    pub organisation_id: String,
    pub name: Option<String>,
    /// BT-501.
    pub company_id: Option<String>,
    pub country: Option<String>,
    /// BT-165.
    pub size: Option<CompanySize>,
    /// OPT-170 consortium leader.
    pub leader: Option<bool>,
    /// The winning tender's value, for value-weighted views.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub tender_value: Option<Decimal>,
}
