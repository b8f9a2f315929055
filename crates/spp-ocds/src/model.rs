//! The part of an OCDS 1.1 release spp reads, as serde types. Every field is optional and
//! unknown fields are ignored; ids may be strings or numbers, amounts numbers or numeric
//! strings. Field names are OCDS's (camelCase).

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Release {
    #[serde(deserialize_with = "id")]
    pub ocid: Option<String>,
    #[serde(deserialize_with = "id")]
    pub id: Option<String>,
    pub date: Option<String>,
    #[serde(deserialize_with = "list")]
    pub tag: Vec<String>,
    pub language: Option<String>,
    pub buyer: Option<Reference>,
    #[serde(deserialize_with = "list")]
    pub parties: Vec<Party>,
    pub tender: Option<Tender>,
    #[serde(deserialize_with = "list")]
    pub awards: Vec<Award>,
    #[serde(deserialize_with = "list")]
    pub contracts: Vec<Contract>,
    pub bids: Option<Bids>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Reference {
    #[serde(deserialize_with = "id")]
    pub id: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Party {
    #[serde(deserialize_with = "id")]
    pub id: Option<String>,
    pub name: Option<String>,
    pub identifier: Option<Identifier>,
    #[serde(deserialize_with = "list")]
    pub additional_identifiers: Vec<Identifier>,
    pub address: Option<Address>,
    #[serde(deserialize_with = "list")]
    pub roles: Vec<String>,
    pub details: Option<PartyDetails>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Identifier {
    pub scheme: Option<String>,
    #[serde(deserialize_with = "id")]
    pub id: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Address {
    pub locality: Option<String>,
    pub region: Option<String>,
    pub country_name: Option<String>,
    pub country: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PartyDetails {
    pub scale: Option<String>,
    #[serde(deserialize_with = "list")]
    pub classifications: Vec<Classification>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Classification {
    pub scheme: Option<String>,
    #[serde(deserialize_with = "id")]
    pub id: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Tender {
    #[serde(deserialize_with = "id")]
    pub id: Option<String>,
    pub title: Option<String>,
    pub title_language: Option<String>,
    pub description: Option<String>,
    pub status: Option<String>,
    pub value: Option<Value>,
    pub procurement_method: Option<String>,
    pub procurement_method_details: Option<String>,
    pub main_procurement_category: Option<String>,
    #[serde(deserialize_with = "list")]
    pub items: Vec<Item>,
    #[serde(deserialize_with = "list")]
    pub lots: Vec<Lot>,
    pub has_sustainability: Option<bool>,
    #[serde(deserialize_with = "list")]
    pub sustainability: Vec<Sustainability>,
    pub procedure: Option<ProcedureDetails>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ProcedureDetails {
    pub is_accelerated: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Item {
    pub classification: Option<Classification>,
    #[serde(deserialize_with = "list")]
    pub additional_classifications: Vec<Classification>,
    #[serde(deserialize_with = "id")]
    pub related_lot: Option<String>,
    #[serde(deserialize_with = "list")]
    pub delivery_addresses: Vec<Address>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Lot {
    #[serde(deserialize_with = "id")]
    pub id: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub value: Option<Value>,
    pub main_procurement_category: Option<String>,
    pub has_sustainability: Option<bool>,
    #[serde(deserialize_with = "list")]
    pub sustainability: Vec<Sustainability>,
    pub suitability: Option<Suitability>,
    pub techniques: Option<Techniques>,
    pub submission_terms: Option<SubmissionTerms>,
    pub other_requirements: Option<OtherRequirements>,
    pub award_criteria: Option<AwardCriteria>,
    pub contract_terms: Option<ContractTerms>,
    #[serde(deserialize_with = "list")]
    pub identifiers: Vec<Identifier>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Sustainability {
    pub goal: Option<String>,
    #[serde(deserialize_with = "list")]
    pub strategies: Vec<String>,
    pub description: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Suitability {
    pub sme: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Techniques {
    pub has_framework_agreement: Option<bool>,
    pub framework_agreement: Option<FrameworkAgreement>,
    pub has_dynamic_purchasing_system: Option<bool>,
    pub dynamic_purchasing_system: Option<DynamicPurchasingSystem>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FrameworkAgreement {
    pub method: Option<String>,
    pub value: Option<Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DynamicPurchasingSystem {
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SubmissionTerms {
    pub electronic_submission_policy: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct OtherRequirements {
    #[serde(deserialize_with = "list")]
    pub reserved_participation: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AwardCriteria {
    #[serde(deserialize_with = "list")]
    pub criteria: Vec<AwardCriterion>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AwardCriterion {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    #[serde(deserialize_with = "list")]
    pub numbers: Vec<CriterionNumber>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CriterionNumber {
    #[serde(deserialize_with = "amount")]
    pub number: Option<Decimal>,
    pub weight: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ContractTerms {
    pub performance_terms: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Award {
    #[serde(deserialize_with = "id")]
    pub id: Option<String>,
    pub status: Option<String>,
    pub status_details: Option<String>,
    pub date: Option<String>,
    pub value: Option<Value>,
    #[serde(deserialize_with = "list")]
    pub suppliers: Vec<Reference>,
    #[serde(deserialize_with = "ids")]
    pub related_lots: Vec<String>,
    #[serde(deserialize_with = "ids")]
    pub related_bids: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Contract {
    #[serde(deserialize_with = "id")]
    pub id: Option<String>,
    #[serde(rename = "awardID", deserialize_with = "id")]
    pub award_id: Option<String>,
    pub date_signed: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Bids {
    #[serde(deserialize_with = "list")]
    pub statistics: Vec<BidStatistic>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct BidStatistic {
    pub measure: Option<String>,
    #[serde(deserialize_with = "amount")]
    pub value: Option<Decimal>,
    #[serde(deserialize_with = "id")]
    pub related_lot: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Value {
    #[serde(deserialize_with = "amount")]
    pub amount: Option<Decimal>,
    pub currency: Option<String>,
}

/// A string or a number, as a string (OCDS ids may be either); null is `None`.
fn id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => Some(s),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        Some(other) => {
            return Err(serde::de::Error::custom(format!(
                "expected an id (string or number), found {other}"
            )))
        }
    })
}

fn ids<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    struct One(#[serde(deserialize_with = "id")] Option<String>);
    let list = Option::<Vec<One>>::deserialize(d)?.unwrap_or_default();
    Ok(list.into_iter().filter_map(|o| o.0).collect())
}

/// A number or a numeric string, kept exact (parsed from its decimal text, not from a float).
fn amount<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    let text = match Option::<serde_json::Value>::deserialize(d)? {
        None | Some(serde_json::Value::Null) => return Ok(None),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(serde_json::Value::String(s)) => s,
        Some(other) => {
            return Err(serde::de::Error::custom(format!(
                "expected an amount, found {other}"
            )))
        }
    };
    let text = text.trim();
    text.parse::<Decimal>()
        .or_else(|_| Decimal::from_scientific(text))
        .map(|d| Some(d.normalize()))
        .map_err(|_| serde::de::Error::custom(format!("not an amount: {text:?}")))
}

/// A list, with null read as empty.
fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}
