//! spp's notices → OCDS 1.1 releases using only the core schema, the lots extension and the
//! sustainability extension (so a release validates against the 1.1.5 release schema with
//! those two merged in). Facts OCDS core has no place for (BT-17, BT-765, award criteria,
//! tender counts, vehicles) are not written; the Parquet export carries them.
//!
//! Only the lots of the records given are written: an export filtered like a report
//! writes the lots the report counts. Awards come from those records (winners and values
//! already resolved by `spp_domain::derive`).

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use serde_json::{json, Map, Value};
use spp_domain::codelist::*;
use spp_domain::{CodeList, LotRecord, Money, Notice, Organisation, Text};

use crate::codes::{self, to_ocds};
use crate::sustain;

/// The ocid prefix of releases spp makes from notices (not a registered OCDS prefix: the
/// publisher of the notices registers its own).
pub const OCID_PREFIX: &str = "ocds-spp000-";

/// The extensions a release uses, as they go in a package's `extensions`.
pub const EXTENSIONS: [&str; 2] = [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/8d3b52eb26ce0f1a015c91b665c120b17ef619a0/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_sustainability_extension/b8d93a0edb8e0ac2f27f733cccf3884e392346e9/extension.json",
];

/// The release of `notice` with the lots of `records` (its lot records, maybe filtered).
/// `fallback_date` is the release date when the notice has no dispatch or publication date.
pub fn release(notice: &Notice, records: &[LotRecord], fallback_date: &str) -> Value {
    let lot_ids: Vec<&str> = records.iter().map(|r| r.lot_id.as_str()).collect();
    let lots: Vec<&spp_domain::Lot> = notice
        .lots
        .iter()
        .filter(|l| lot_ids.contains(&l.id.as_str()))
        .collect();
    let date = notice
        .issue_date
        .or(notice.publication.as_ref().and_then(|p| p.date))
        .map_or_else(|| fallback_date.to_string(), datetime);
    let mut r = json!({
        "ocid": format!("{OCID_PREFIX}{}", notice.procedure_id.as_deref().unwrap_or(&notice.id)),
        "id": release_id(notice),
        "date": date,
        "tag": tag(notice.form_type.as_ref()),
        "initiationType": "tender",
        "parties": parties(notice, records),
        "tender": tender(notice, &lots),
    });
    if let Some(lead) = notice.lead_buyer() {
        r["buyer"] = json!({ "id": lead.id, "name": first(&lead.name) });
    }
    let awards = awards(notice, records);
    if !awards.is_empty() {
        r["awards"] = Value::Array(awards);
    }
    r
}

/// BT-701 and BT-757 joined (OCDS for eForms) for eForms ids (UUIDs), else the id.
fn release_id(n: &Notice) -> String {
    let uuid = n.id.len() == 36 && n.id.bytes().filter(|b| *b == b'-').count() == 4;
    if uuid {
        format!("{}-{}", n.id, n.version)
    } else {
        n.id.clone()
    }
}

fn datetime(d: NaiveDate) -> String {
    format!("{d}T00:00:00Z")
}

fn tag(form: Option<&FormType>) -> Vec<&'static str> {
    match form {
        Some(FormType::Planning) => vec!["planning"],
        Some(FormType::Result | FormType::DirectAwardPreannouncement | FormType::Completion) => {
            vec!["award", "contract"]
        }
        Some(FormType::ContractModification) => vec!["contractAmendment"],
        Some(FormType::Change) => vec!["tenderAmendment"],
        _ => vec!["tender"],
    }
}

fn parties(notice: &Notice, records: &[LotRecord]) -> Vec<Value> {
    let buyer_ids: Vec<&str> = notice
        .buyers
        .iter()
        .filter_map(|b| b.organisation_id.as_deref())
        .collect();
    let winner_ids: Vec<&str> = records
        .iter()
        .flat_map(|r| r.winners.iter().map(|w| w.organisation_id.as_str()))
        .collect();
    notice
        .organisations
        .iter()
        .filter(|o| buyer_ids.contains(&o.id.as_str()) || winner_ids.contains(&o.id.as_str()))
        .map(|o| {
            party(
                notice,
                o,
                buyer_ids.contains(&o.id.as_str()),
                winner_ids.contains(&o.id.as_str()),
            )
        })
        .collect()
}

fn party(notice: &Notice, o: &Organisation, buyer: bool, winner: bool) -> Value {
    let mut p = json!({ "id": o.id });
    let mut roles = Vec::new();
    if buyer {
        roles.push("buyer");
    }
    if o.group_lead == Some(true) {
        roles.push("leadBuyer");
    }
    if winner {
        roles.push("supplier");
    }
    p["roles"] = json!(roles);
    if let Some(name) = first(&o.name) {
        p["name"] = json!(name);
    }
    if let Some(id) = &o.company_id {
        p["identifier"] = json!({ "id": id });
    }
    let mut address = Map::new();
    if let Some(city) = &o.city {
        address.insert("locality".into(), json!(city));
    }
    if let Some(nuts) = &o.nuts {
        address.insert("region".into(), json!(nuts));
    }
    if let Some(c) = o.country.as_deref().and_then(spp_domain::country::alpha2) {
        address.insert("country".into(), json!(c));
    }
    if !address.is_empty() {
        p["address"] = Value::Object(address);
    }
    let mut details = Map::new();
    if let Some(scale) = o
        .size
        .as_ref()
        .and_then(|s| to_ocds(codes::SCALE, s.as_str()))
    {
        details.insert("scale".into(), json!(scale));
    }
    let buyer_info = notice
        .buyers
        .iter()
        .find(|b| b.organisation_id.as_deref() == Some(o.id.as_str()));
    let mut classes = Vec::new();
    if let Some(b) = buyer_info {
        if let Some(t) = &b.legal_type {
            classes.push(json!({ "scheme": "eu-buyer-legal-type", "id": t.as_str() }));
        }
        if let Some(a) = &b.activity {
            classes.push(json!({ "scheme": "eu-main-activity", "id": a }));
        }
    }
    if !classes.is_empty() {
        details.insert("classifications".into(), Value::Array(classes));
    }
    if !details.is_empty() {
        p["details"] = Value::Object(details);
    }
    p
}

fn tender(notice: &Notice, lots: &[&spp_domain::Lot]) -> Value {
    let p = &notice.procedure;
    let mut t = json!({ "id": notice.procedure_id.as_deref().unwrap_or(&notice.id) });
    if let Some(title) = first(&p.title) {
        t["title"] = json!(title);
    }
    if let Some(c) = p
        .nature
        .as_ref()
        .and_then(|n| to_ocds(codes::CATEGORY, n.as_str()))
    {
        t["mainProcurementCategory"] = json!(c);
    }
    if let Some(v) = value(p.estimated_value.as_ref()) {
        t["value"] = v;
    }
    if let Some(pt) = &p.procedure_type {
        if let Some(m) = to_ocds(codes::PROCUREMENT_METHOD, pt.as_str()) {
            t["procurementMethod"] = json!(m);
        }
        t["procurementMethodDetails"] =
            json!(to_ocds(codes::PROCEDURE_LABEL, pt.as_str()).unwrap_or(pt.as_str()));
    }
    let mut items = Vec::new();
    if let Some(cpv) = &p.main_cpv {
        items.push(item("procedure", cpv, &p.additional_cpv, None));
    }
    for lot in lots {
        if let Some(cpv) = &lot.main_cpv {
            items.push(item(
                &format!("{}-1", lot.id),
                cpv,
                &lot.additional_cpv,
                Some(&lot.id),
            ));
        }
    }
    if !items.is_empty() {
        t["items"] = Value::Array(items);
    }
    if !lots.is_empty() {
        t["lots"] = Value::Array(lots.iter().map(|l| lot(l)).collect());
    }
    t
}

fn item(id: &str, cpv: &spp_domain::Cpv, more: &[spp_domain::Cpv], lot: Option<&str>) -> Value {
    let mut i = json!({ "id": id, "classification": { "scheme": "CPV", "id": cpv.as_str() } });
    let mut extra: Vec<&str> = Vec::new();
    for c in more
        .iter()
        .map(|c| c.as_str())
        .filter(|c| *c != cpv.as_str())
    {
        if !extra.contains(&c) {
            extra.push(c);
        }
    }
    if !extra.is_empty() {
        i["additionalClassifications"] = json!(extra
            .iter()
            .map(|c| json!({ "scheme": "CPV", "id": c }))
            .collect::<Vec<_>>());
    }
    if let Some(lot) = lot {
        i["relatedLot"] = json!(lot);
    }
    i
}

fn lot(l: &spp_domain::Lot) -> Value {
    let mut v = json!({ "id": l.id });
    if let Some(t) = first(&l.title) {
        v["title"] = json!(t);
    }
    if let Some(d) = first(&l.description) {
        v["description"] = json!(d);
    }
    if let Some(val) = value(l.estimated_value.as_ref()) {
        v["value"] = val;
    }
    let (has, entries) = sustain::to_ocds_fields(&l.strategic);
    if let Some(has) = has {
        v["hasSustainability"] = json!(has);
    }
    if !entries.is_empty() {
        v["sustainability"] = Value::Array(entries);
    }
    v
}

/// One award per lot with a result: winners and value from the lot record; a lot result
/// that says no winner was chosen is an unsuccessful (closed) or pending (open) award.
fn awards(notice: &Notice, records: &[LotRecord]) -> Vec<Value> {
    let mut out = Vec::new();
    for r in records {
        let status = notice
            .result
            .iter()
            .flat_map(|res| res.lot_results.iter())
            .filter(|lr| lr.lot_id.as_deref() == Some(r.lot_id.as_str()))
            .find_map(|lr| lr.winner_status.clone());
        let code = if r.awarded {
            "active"
        } else {
            match status
                .as_ref()
                .and_then(|s| to_ocds(codes::AWARD_STATUS, s.as_str()))
            {
                Some(c) => c,
                None => continue,
            }
        };
        let mut a = json!({ "id": format!("{}-award", r.lot_id), "status": code, "relatedLots": [r.lot_id] });
        if r.awarded {
            a["suppliers"] = json!(r
                .winners
                .iter()
                .map(|w| match &w.name {
                    Some(n) => json!({ "id": w.organisation_id, "name": n }),
                    None => json!({ "id": w.organisation_id }),
                })
                .collect::<Vec<_>>());
            if let Some(v) = value(r.awarded_value.as_ref()) {
                a["value"] = v;
            }
            // The award date decides the stage year of a result notice only; on other forms
            // (a VEAT, a modification) it would move the year when read back.
            let result = notice.form_type == Some(FormType::Result);
            if let Some(d) = r.award_date.filter(|_| result) {
                a["date"] = json!(datetime(d));
            }
        }
        out.push(a);
    }
    out
}

fn value(m: Option<&Money>) -> Option<Value> {
    let (amount, currency) = m?.known()?;
    let number = amount.to_f64()?;
    let mut v = json!({ "amount": number });
    // OCDS currencies are ISO 4217 codes; anything else (an empty `@currencyID`) is left out.
    if let Some(c) = currency.filter(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
    {
        v["currency"] = json!(c);
    }
    Some(v)
}

fn first(t: &Text) -> Option<&str> {
    t.0.iter().map(|l| l.text.trim()).find(|s| !s.is_empty())
}
