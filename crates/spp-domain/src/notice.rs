//! A procurement notice as spp understands it: what the eForms parser produces and what the
//! store keeps. Field comments name the eForms business term (BT/OPT/OPP) each one carries.
//! Absent means "not reported", never "no".

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::codelist::*;
use crate::value::{Cpv, Money, Text};

/// The format a notice was published in.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum SourceFormat {
    /// eForms XML (UBL, SDK 1.x), on TED since November 2022.
    #[default]
    Eforms,
    /// TED XML (`TED_EXPORT`, schema releases R2.0.7–R2.0.9), on TED until 2023.
    TedXml,
    /// An OCDS 1.1 release (JSON), read by `spp-ocds`.
    Ocds,
}

impl SourceFormat {
    pub const ALL: [SourceFormat; 3] = [
        SourceFormat::Eforms,
        SourceFormat::TedXml,
        SourceFormat::Ocds,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            SourceFormat::Eforms => "eforms",
            SourceFormat::TedXml => "ted-xml",
            SourceFormat::Ocds => "ocds",
        }
    }
}

impl std::fmt::Display for SourceFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One published notice (one version of it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    /// The format it was read from (stored bodies from before this field are eForms).
    #[serde(default)]
    pub format: SourceFormat,
    /// BT-701 notice identifier (a UUID on TED; other ids are kept as they are).
    pub id: String,
    /// BT-757 notice version as written (`01`).
    pub version: String,
    /// OPT-002 `cbc:CustomizationID`, e.g. `eforms-sdk-1.7` (national suffixes kept).
    pub customization_id: Option<String>,
    /// BT-04 procedure identifier, shared by every notice of a procedure.
    pub procedure_id: Option<String>,
    /// BT-02 notice type (`cn-standard`, `can-standard`, …), kept raw.
    pub notice_type: Option<String>,
    /// BT-03 form type.
    pub form_type: Option<FormType>,
    /// OPP-070 notice subtype (`1`–`40`, `E1`–`E6`, `T01`, `T02`, `X01`, `X02`, `CEI`, national ones).
    pub subtype: Option<String>,
    /// BT-01 legal basis (`32014L0024`).
    pub legal_basis: Option<String>,
    /// BT-05(a) dispatch date.
    pub issue_date: Option<NaiveDate>,
    /// BT-05(b) dispatch time as written.
    pub issue_time: Option<String>,
    /// BT-702(a) notice official language.
    pub language: Option<String>,
    /// OPP-010/011/012, present once TED published the notice.
    pub publication: Option<Publication>,
    /// BT-758/BT-140 when this notice changes another.
    pub change: Option<Change>,
    pub procedure: Procedure,
    /// `cac:ContractingParty`, one per buyer (joint procurement = several).
    pub buyers: Vec<Buyer>,
    /// `efac:Organizations`: buyers, tenderers, winners and others live here.
    pub organisations: Vec<Organisation>,
    /// Lots (`cbc:ID/@schemeName` = `Lot`, or absent); groups of lots and parts are not lots.
    pub lots: Vec<Lot>,
    /// `efac:NoticeResult`, in result-type notices.
    pub result: Option<NoticeResult>,
    /// Things the parser kept but flagged (unknown codes, unparseable values, dangling references).
    pub warnings: Vec<Warning>,
}

/// Something odd in a notice that did not stop it from being read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// Element path or field id where it was found.
    pub at: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publication {
    /// OPP-010 OJ S notice number (`12345678-2025`).
    pub number: Option<String>,
    /// OPP-011 OJ S issue.
    pub gazette_id: Option<String>,
    /// OPP-012 publication date.
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// BT-758 `<notice-uuid>-<version>` of the changed notice, as written.
    pub changed_notice: Option<String>,
    /// BT-140 reasons.
    pub reasons: Vec<ChangeReason>,
    /// TED XML corrigendum (F14): the publication number of the notice it corrects
    /// (`536631-2020`). A corrigendum lists changes instead of restating the notice, so,
    /// unlike BT-758, it does not supersede the notice it names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected_notice: Option<String>,
}

impl Change {
    /// The changed notice's id and version, splitting BT-758 at its last `-`.
    pub fn changed_id_and_version(&self) -> Option<(&str, &str)> {
        let raw = self.changed_notice.as_deref()?;
        let (id, version) = raw.rsplit_once('-')?;
        if version.bytes().all(|b| b.is_ascii_digit()) && !version.is_empty() {
            Some((id, version))
        } else {
            None
        }
    }
}

/// Procedure-level facts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Procedure {
    /// BT-21 title.
    pub title: Text,
    /// BT-23 main nature.
    pub nature: Option<ContractNature>,
    /// BT-262 main CPV.
    pub main_cpv: Option<Cpv>,
    /// BT-263 additional CPV codes.
    pub additional_cpv: Vec<Cpv>,
    /// BT-27 estimated value.
    pub estimated_value: Option<Money>,
    /// BT-105 procedure type.
    pub procedure_type: Option<ProcedureType>,
    /// BT-106 accelerated procedure.
    pub accelerated: Option<bool>,
}

/// A buyer (`cac:ContractingParty`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Buyer {
    /// OPT-300-Procedure-Buyer: the organisation's technical id (`ORG-0001`).
    pub organisation_id: Option<String>,
    /// BT-11 legal type.
    pub legal_type: Option<BuyerLegalType>,
    /// BT-10 (authorities) or BT-610 (utilities) main activity, raw.
    pub activity: Option<String>,
}

/// An organisation (`efac:Organization/efac:Company`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    /// OPT-200 technical id (`ORG-0004`), unique within the notice only.
    pub id: String,
    /// BT-500 name.
    pub name: Text,
    /// BT-501 national registration id.
    pub company_id: Option<String>,
    /// BT-513 city.
    pub city: Option<String>,
    /// BT-514 country, ISO 3166-1 alpha-3 (`BEL`).
    pub country: Option<String>,
    /// BT-507 NUTS code of the address.
    pub nuts: Option<String>,
    /// BT-165 size.
    pub size: Option<CompanySize>,
    /// OPP-050 lead buyer of a group of buyers.
    pub group_lead: Option<bool>,
    /// OPP-051 awarding central purchasing body.
    pub awarding_cpb: Option<bool>,
    /// OPP-052 acquiring central purchasing body.
    pub acquiring_cpb: Option<bool>,
    /// BT-633 natural person.
    pub natural_person: Option<bool>,
}

/// A lot (`cac:ProcurementProjectLot` with `@schemeName='Lot'`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Lot {
    /// BT-137 lot id (`LOT-0001`).
    pub id: String,
    /// BT-22 internal id.
    pub internal_id: Option<String>,
    /// BT-21 title.
    pub title: Text,
    /// BT-24 description (read from TED XML's `SHORT_DESCR`; not read from eForms yet).
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub description: Text,
    /// BT-23 main nature.
    pub nature: Option<ContractNature>,
    /// BT-262 main CPV.
    pub main_cpv: Option<Cpv>,
    /// BT-263 additional CPV.
    pub additional_cpv: Vec<Cpv>,
    /// BT-27 estimated value.
    pub estimated_value: Option<Money>,
    /// BT-271 framework maximum value.
    pub framework_maximum_value: Option<Money>,
    /// BT-5141 place of performance country (first address).
    pub place_country: Option<String>,
    /// BT-5071 place of performance NUTS (first address).
    pub place_nuts: Option<String>,
    /// BT-17 electronic submission.
    pub esubmission: Option<ESubmission>,
    /// BT-765 framework agreement.
    pub framework: Option<FrameworkAgreement>,
    /// BT-766 dynamic purchasing system.
    pub dps: Option<DpsUsage>,
    /// BT-71 reserved participation codes.
    pub reserved: Vec<ReservedProcurement>,
    /// BT-736 reserved execution (`yes`/`no`), raw.
    pub reserved_execution: Option<String>,
    /// BT-726 suitable for SMEs.
    pub sme_suitable: Option<bool>,
    /// BT-60 EU funds (`eu-funds` / `no-eu-funds`), raw.
    pub eu_funds: Option<String>,
    /// The strategic-procurement block.
    pub strategic: Strategic,
    /// Clean Vehicles Directive facts of the lot (BT-717, BT-735).
    pub clean_vehicles: Option<LotCleanVehicles>,
    /// BT-539/734/540/541 award criteria.
    pub award_criteria: Vec<AwardCriterion>,
    /// BT-70 contract performance conditions.
    pub performance_terms: Text,
}

/// BT-06, BT-777, BT-774, BT-775, BT-776, BT-805 of one lot. Empty lists mean "not reported".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Strategic {
    /// BT-06 codes (repeatable).
    pub procurement: Vec<StrategicProcurement>,
    /// BT-777 descriptions.
    pub description: Text,
    /// BT-774.
    pub environmental: Vec<EnvironmentalImpact>,
    /// BT-775.
    pub social: Vec<SocialObjective>,
    /// BT-776.
    pub innovative: Vec<InnovativeAcquisition>,
    /// BT-805.
    pub gpp_criteria: Vec<GppCriteria>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotCleanVehicles {
    /// BT-717: does the Clean Vehicles Directive apply.
    pub applies: Option<bool>,
    /// BT-735-Lot contract type(s).
    pub contract_types: Vec<CvdContractType>,
}

/// One award criterion (`cac:SubordinateAwardingCriterion`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AwardCriterion {
    /// BT-539.
    pub criterion_type: Option<AwardCriterionType>,
    /// BT-734.
    pub name: Text,
    /// BT-540.
    pub description: Text,
    /// BT-5421/5422/5423 parameter code (`per-exa`, `fix-tot`, …), raw.
    pub weight_code: Option<String>,
    /// BT-541 number.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weight: Option<Decimal>,
}

/// `efac:NoticeResult`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NoticeResult {
    /// BT-161 notice value.
    pub total_value: Option<Money>,
    /// BT-118 framework maximum value.
    pub framework_maximum_value: Option<Money>,
    /// BT-1118 framework approximate value.
    pub framework_approximate_value: Option<Money>,
    pub lot_results: Vec<LotResult>,
    /// The full tender objects (direct children of NoticeResult).
    pub tenders: Vec<Tender>,
    pub tendering_parties: Vec<TenderingParty>,
    pub contracts: Vec<Contract>,
}

/// `efac:LotResult`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LotResult {
    /// OPT-322 (`RES-0001`).
    pub id: Option<String>,
    /// BT-13713 the lot this result is for.
    pub lot_id: Option<String>,
    /// BT-142.
    pub winner_status: Option<WinnerSelectionStatus>,
    /// BT-144 not-awarded reason, raw.
    pub not_awarded_reason: Option<String>,
    /// OPT-320 tenders considered (may include non-winners).
    pub tender_ids: Vec<String>,
    /// OPT-315 contracts the award led to.
    pub contract_ids: Vec<String>,
    /// BT-709 framework maximum value.
    pub framework_maximum_value: Option<Money>,
    /// BT-660 framework re-estimated value.
    pub framework_reestimated_value: Option<Money>,
    /// BT-710 lowest tender value.
    pub lowest_tender_value: Option<Money>,
    /// BT-711 highest tender value.
    pub highest_tender_value: Option<Money>,
    /// BT-760/BT-759 pairs.
    pub received_submissions: Vec<ReceivedSubmissions>,
    /// BT-735/BT-723/OPT-155/OPT-156 clean-vehicle statistics.
    pub clean_vehicles: Vec<VehicleStatistics>,
}

/// One BT-760/BT-759 pair. `count` is `None` when withheld or unparseable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedSubmissions {
    pub kind: SubmissionType,
    pub count: Option<u64>,
}

/// One vehicle count of a lot result's clean-vehicle block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VehicleStatistics {
    /// BT-735-LotResult.
    pub contract_type: Option<CvdContractType>,
    /// BT-723.
    pub category: Option<VehicleCategory>,
    /// OPT-155.
    pub vehicle_type: VehicleType,
    /// OPT-156 (decimals in the XML are rounded).
    pub count: Option<u64>,
}

/// `efac:LotTender`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tender {
    /// OPT-321 (`TEN-0001`).
    pub id: String,
    /// BT-3201 tender reference.
    pub reference: Option<String>,
    /// BT-13714 lot (or group of lots) the tender is for.
    pub lot_id: Option<String>,
    /// OPT-310 tendering party.
    pub tendering_party_id: Option<String>,
    /// BT-720 tender value.
    pub value: Option<Money>,
    /// BT-171 rank.
    pub rank: Option<u32>,
    /// BT-773 subcontracting (`yes`/`no`/`unknown`), raw.
    pub subcontracting: Option<String>,
}

/// `efac:TenderingParty`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenderingParty {
    /// OPT-210 (`TPA-0001`).
    pub id: String,
    /// OPT-211.
    pub name: Option<String>,
    /// OPT-300-Tenderer (several for a consortium).
    pub tenderers: Vec<Tenderer>,
    /// OPT-301-Tenderer-SubCont: subcontractors, who are not winners.
    pub subcontractor_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tenderer {
    /// OPT-300-Tenderer organisation reference.
    pub organisation_id: String,
    /// OPT-170 consortium leader.
    pub leader: Option<bool>,
}

/// `efac:SettledContract`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contract {
    /// OPT-316 (`CON-0001`).
    pub id: String,
    /// BT-150 contract reference.
    pub reference: Option<String>,
    /// BT-3202 winning tenders.
    pub tender_ids: Vec<String>,
    /// BT-145 conclusion date.
    pub conclusion_date: Option<NaiveDate>,
    /// BT-1451 winner decision date.
    pub award_date: Option<NaiveDate>,
    /// BT-768 awarded within a framework agreement.
    pub within_framework: Option<bool>,
    /// OPT-100 framework notice.
    pub framework_notice_id: Option<String>,
}

impl Notice {
    /// The organisation with technical id `id`.
    pub fn organisation(&self, id: &str) -> Option<&Organisation> {
        self.organisations.iter().find(|o| o.id == id)
    }

    /// The version as a number (`"01"` → 1); non-numeric versions sort as 0.
    pub fn version_number(&self) -> u32 {
        self.version.trim().parse().unwrap_or(0)
    }

    /// The lead buyer: OPP-050 when several buyers, else the first.
    pub fn lead_buyer(&self) -> Option<&Organisation> {
        let orgs: Vec<&Organisation> = self
            .buyers
            .iter()
            .filter_map(|b| b.organisation_id.as_deref())
            .filter_map(|id| self.organisation(id))
            .collect();
        orgs.iter()
            .find(|o| o.group_lead == Some(true))
            .or_else(|| orgs.first())
            .copied()
    }
}
