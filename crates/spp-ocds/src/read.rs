//! One OCDS release → one domain [`Notice`]. What the release does not say stays `None` or
//! empty (*not reported*); `hasSustainability: false` is the one explicit *no* (BT-06
//! `none`), and spp's `noGPPCriteria` strategy is BT-805 `none`.

use chrono::NaiveDate;
use spp_domain::codelist::*;
use spp_domain::{
    Buyer, CodeList, Cpv, LangText, Lot, Money, Notice, Organisation, Procedure, SourceFormat,
    Text, Warning,
};

use crate::codes::{self, to_eforms};
use crate::model;
use crate::sustain;

/// The id of the lot made for a release without `tender.lots` that has awards (the lots
/// extension's "single, virtual lot").
pub const VIRTUAL_LOT: &str = "virtual-lot";

/// Reads one release; the error is the reason it cannot be a notice.
pub fn notice(release: model::Release) -> Result<Notice, String> {
    let raw_id = release
        .id
        .clone()
        .filter(|id| !id.trim().is_empty())
        .ok_or("the release has no id")?;
    let mut warnings = Vec::new();
    if release.ocid.is_none() {
        warn(&mut warnings, "ocid", "the release has no ocid");
    }
    let (id, version) = split_version(&raw_id);
    let tender = release.tender.as_ref();
    let organisations = organisations(&release.parties, &mut warnings);
    let buyers = buyers(&release, &organisations);
    let mut lots: Vec<Lot> = tender
        .map(|t| {
            t.lots
                .iter()
                .enumerate()
                .map(|(i, l)| lot(t, l, i, &mut warnings))
                .collect()
        })
        .unwrap_or_default();
    if lots.is_empty() && !release.awards.is_empty() {
        lots.push(virtual_lot(tender, &release.awards, &mut warnings));
    }
    let result = crate::awards::result(&release, &lots, &mut warnings);
    Ok(Notice {
        format: SourceFormat::Ocds,
        id,
        version,
        customization_id: None,
        procedure_id: release.ocid.clone(),
        notice_type: None,
        form_type: Some(form_type(&release)),
        subtype: None,
        legal_basis: None,
        issue_date: release
            .date
            .as_deref()
            .and_then(|d| date(d, "date", &mut warnings)),
        issue_time: None,
        language: release.language.clone(),
        publication: None,
        change: None,
        procedure: procedure(tender, &mut warnings),
        buyers,
        organisations,
        lots,
        result,
        warnings,
    })
}

/// `<uuid>-<version>` (OCDS for eForms: BT-701 and BT-757) → id and version; any other id
/// is the notice id as it is, version `01`.
fn split_version(raw: &str) -> (String, String) {
    if let Some((id, version)) = raw.rsplit_once('-') {
        let uuid = id.len() == 36 && id.bytes().filter(|b| *b == b'-').count() == 4;
        if uuid && (1..=3).contains(&version.len()) && version.bytes().all(|b| b.is_ascii_digit()) {
            return (id.to_string(), version.to_string());
        }
    }
    (raw.to_string(), "01".to_string())
}

/// BT-03 from the release tags, else from what the release holds (a compiled release is
/// tagged `compiled`).
fn form_type(release: &model::Release) -> FormType {
    let has = |t: &str| release.tag.iter().any(|x| x == t);
    let planned = release
        .tender
        .as_ref()
        .and_then(|t| t.status.as_deref())
        .is_some_and(|s| s == "planned");
    if has("awardUpdate") || has("contractUpdate") || has("contractAmendment") {
        FormType::ContractModification
    } else if has("award") || has("contract") || has("implementation") {
        FormType::Result
    } else if has("planning") || has("planningUpdate") || planned {
        FormType::Planning
    } else if release.tag.iter().any(|t| t.starts_with("tender")) {
        FormType::Competition
    } else if !release.awards.is_empty() || !release.contracts.is_empty() {
        FormType::Result
    } else {
        FormType::Competition
    }
}

fn procedure(tender: Option<&model::Tender>, warnings: &mut Vec<Warning>) -> Procedure {
    let Some(t) = tender else {
        return Procedure::default();
    };
    let (main_cpv, additional_cpv) =
        cpvs(t.items.iter().filter(|i| i.related_lot.is_none()), warnings);
    let procedure_type = t
        .procurement_method_details
        .as_deref()
        .and_then(|d| {
            to_eforms(codes::PROCEDURE_LABEL, d.trim()).or_else(|| known::<ProcedureType>(d))
        })
        .or_else(|| {
            t.procurement_method
                .as_deref()
                .filter(|m| *m == "open")
                .map(|_| "open")
        })
        .map(ProcedureType::parse);
    Procedure {
        title: text(t.title.as_deref(), t.title_language.as_deref()),
        nature: nature(t.main_procurement_category.as_deref()),
        main_cpv,
        additional_cpv,
        estimated_value: money(t.value.as_ref()),
        procedure_type,
        accelerated: t.procedure.as_ref().and_then(|p| p.is_accelerated),
    }
}

/// The code when it is one of the list's codes (OCDS data that carries eForms codes).
fn known<C: CodeList>(raw: &str) -> Option<&'static str> {
    C::CODES.iter().find(|c| **c == raw.trim()).copied()
}

fn lot(t: &model::Tender, l: &model::Lot, index: usize, warnings: &mut Vec<Warning>) -> Lot {
    let id = l.id.clone().unwrap_or_else(|| {
        warn(
            warnings,
            &format!("tender.lots[{index}]"),
            "lot without an id",
        );
        format!("lot-{index}")
    });
    let items: Vec<&model::Item> = t
        .items
        .iter()
        .filter(|i| i.related_lot.as_deref() == Some(id.as_str()))
        .collect();
    let mut lot = base_lot(&id, &items, warnings);
    lot.internal_id = l.identifiers.iter().find_map(|i| i.id.clone());
    lot.title = text(l.title.as_deref(), None);
    lot.description = text(l.description.as_deref(), None);
    lot.nature = nature(l.main_procurement_category.as_deref());
    lot.estimated_value = money(l.value.as_ref());
    lot.sme_suitable = l.suitability.as_ref().and_then(|s| s.sme);
    lot.strategic = sustain::strategic(l.has_sustainability, &l.sustainability, &id, warnings);
    if let Some(tech) = &l.techniques {
        lot.framework = framework(tech);
        lot.framework_maximum_value = money(
            tech.framework_agreement
                .as_ref()
                .and_then(|f| f.value.as_ref()),
        );
        lot.dps = dps(tech);
    }
    lot.esubmission = l
        .submission_terms
        .as_ref()
        .and_then(|s| s.electronic_submission_policy.as_deref())
        .map(|p| ESubmission::parse(if p == "notAllowed" { "not-allowed" } else { p }));
    lot.reserved = l
        .other_requirements
        .iter()
        .flat_map(|o| o.reserved_participation.iter())
        .map(|r| ReservedProcurement::parse(to_eforms(codes::RESERVED, r).unwrap_or(r)))
        .collect();
    lot.award_criteria = l
        .award_criteria
        .iter()
        .flat_map(|a| a.criteria.iter())
        .map(award_criterion)
        .collect();
    lot.performance_terms = text(
        l.contract_terms
            .as_ref()
            .and_then(|c| c.performance_terms.as_deref()),
        None,
    );
    lot
}

/// A lot with its id, CPV codes and place from its items.
fn base_lot(id: &str, items: &[&model::Item], warnings: &mut Vec<Warning>) -> Lot {
    let (main_cpv, additional_cpv) = cpvs(items.iter().copied(), warnings);
    let address = items
        .iter()
        .flat_map(|i| i.delivery_addresses.iter())
        .next();
    Lot {
        id: id.to_string(),
        main_cpv,
        additional_cpv,
        place_country: address.and_then(|a| a.country.as_deref()).and_then(country),
        place_nuts: address.and_then(|a| a.region.clone()),
        ..Lot::default()
    }
}

/// The lot of a release that has awards but no `tender.lots`: tender-level facts.
fn virtual_lot(
    tender: Option<&model::Tender>,
    awards: &[model::Award],
    warnings: &mut Vec<Warning>,
) -> Lot {
    let id = awards
        .iter()
        .find_map(|a| a.related_lots.first().cloned())
        .unwrap_or_else(|| VIRTUAL_LOT.to_string());
    let Some(t) = tender else {
        return Lot {
            id,
            ..Lot::default()
        };
    };
    let items: Vec<&model::Item> = t.items.iter().collect();
    let mut lot = base_lot(&id, &items, warnings);
    lot.title = text(t.title.as_deref(), t.title_language.as_deref());
    lot.nature = nature(t.main_procurement_category.as_deref());
    lot.estimated_value = money(t.value.as_ref());
    lot.strategic = sustain::strategic(t.has_sustainability, &t.sustainability, &id, warnings);
    lot
}

fn framework(tech: &model::Techniques) -> Option<FrameworkAgreement> {
    let method = tech
        .framework_agreement
        .as_ref()
        .and_then(|f| f.method.as_deref());
    match (tech.has_framework_agreement, method) {
        (Some(false), _) => Some(FrameworkAgreement::None),
        (_, Some(m)) => Some(FrameworkAgreement::parse(
            to_eforms(codes::FRAMEWORK_METHOD, m).unwrap_or(m),
        )),
        (Some(true), None) => Some(FrameworkAgreement::Unknown("framework-agreement".into())),
        (None, None) => None,
    }
}

fn dps(tech: &model::Techniques) -> Option<DpsUsage> {
    let kind = tech
        .dynamic_purchasing_system
        .as_ref()
        .and_then(|d| d.kind.as_deref());
    match (tech.has_dynamic_purchasing_system, kind) {
        (Some(false), _) => Some(DpsUsage::None),
        (_, Some(k)) => Some(DpsUsage::parse(to_eforms(codes::DPS_TYPE, k).unwrap_or(k))),
        (Some(true), None) => Some(DpsUsage::Unknown("dynamic-purchasing-system".into())),
        (None, None) => None,
    }
}

fn award_criterion(c: &model::AwardCriterion) -> spp_domain::AwardCriterion {
    let number = c.numbers.first();
    spp_domain::AwardCriterion {
        criterion_type: c.kind.as_deref().map(AwardCriterionType::parse),
        name: text(c.name.as_deref(), None),
        description: text(c.description.as_deref(), None),
        weight_code: number
            .and_then(|n| n.weight.as_deref())
            .map(|w| to_eforms(codes::WEIGHT, w).unwrap_or(w).to_string()),
        weight: number.and_then(|n| n.number),
    }
}

fn organisations(parties: &[model::Party], warnings: &mut Vec<Warning>) -> Vec<Organisation> {
    let mut out = Vec::new();
    for (i, p) in parties.iter().enumerate() {
        let Some(id) = p.id.clone() else {
            warn(
                warnings,
                &format!("parties[{i}]"),
                "party without an id: left out",
            );
            continue;
        };
        let address = p.address.as_ref();
        let scale = p.details.as_ref().and_then(|d| d.scale.as_deref());
        out.push(Organisation {
            id,
            name: text(p.name.as_deref(), None),
            company_id: p
                .identifier
                .iter()
                .chain(p.additional_identifiers.iter())
                .find_map(|i| i.id.clone()),
            city: address.and_then(|a| a.locality.clone()),
            country: address.and_then(|a| a.country.as_deref()).and_then(country),
            nuts: address.and_then(|a| a.region.clone()),
            size: scale.map(|s| CompanySize::parse(to_eforms(codes::SCALE, s).unwrap_or(s))),
            group_lead: p.roles.iter().any(|r| r == "leadBuyer").then_some(true),
            awarding_cpb: None,
            acquiring_cpb: None,
            natural_person: None,
        });
    }
    out
}

/// `release.buyer` first (OCDS for eForms: the lead buyer), then the other parties with the
/// role `buyer` or `leadBuyer`.
fn buyers(release: &model::Release, orgs: &[Organisation]) -> Vec<Buyer> {
    let mut ids: Vec<&str> = release
        .buyer
        .iter()
        .filter_map(|b| b.id.as_deref())
        .collect();
    for p in &release.parties {
        if p.roles.iter().any(|r| r == "buyer" || r == "leadBuyer") {
            if let Some(id) = p.id.as_deref().filter(|id| !ids.contains(id)) {
                ids.push(id);
            }
        }
    }
    ids.into_iter()
        .map(|id| {
            let party = release.parties.iter().find(|p| p.id.as_deref() == Some(id));
            let scheme = |name: &str| {
                party
                    .and_then(|p| p.details.as_ref())
                    .and_then(|d| {
                        d.classifications
                            .iter()
                            .find(|c| c.scheme.as_deref() == Some(name))
                    })
                    .and_then(|c| c.id.clone())
            };
            Buyer {
                organisation_id: orgs.iter().any(|o| o.id == id).then(|| id.to_string()),
                legal_type: scheme("eu-buyer-legal-type").map(|c| BuyerLegalType::parse(&c)),
                activity: scheme("eu-main-activity"),
            }
        })
        .collect()
}

/// The first CPV classification of `items` and the rest, in order, without repeats.
fn cpvs<'a>(
    items: impl Iterator<Item = &'a model::Item>,
    warnings: &mut Vec<Warning>,
) -> (Option<Cpv>, Vec<Cpv>) {
    let mut all: Vec<Cpv> = Vec::new();
    for item in items {
        let classes = item
            .classification
            .iter()
            .chain(item.additional_classifications.iter());
        for c in classes {
            let is_cpv = c
                .scheme
                .as_deref()
                .is_none_or(|s| s.eq_ignore_ascii_case("cpv"));
            let Some(code) = c.id.as_deref().filter(|_| is_cpv) else {
                continue;
            };
            match Cpv::parse(code) {
                Ok(cpv) if !all.contains(&cpv) => all.push(cpv),
                Ok(_) => {}
                Err(e) => warn(warnings, "tender.items", &e.to_string()),
            }
        }
    }
    let mut all = all.into_iter();
    (all.next(), all.collect())
}

pub(crate) fn money(v: Option<&model::Value>) -> Option<Money> {
    let v = v?;
    Some(Money::Amount {
        value: v.amount?,
        currency: v.currency.clone(),
    })
}

fn nature(category: Option<&str>) -> Option<ContractNature> {
    let c = category?;
    Some(ContractNature::parse(
        to_eforms(codes::CATEGORY, c).unwrap_or(c),
    ))
}

/// OCDS writes two-letter countries; a valid three-letter one is kept.
fn country(code: &str) -> Option<String> {
    let code = code.trim();
    spp_domain::country::alpha3(code)
        .or_else(|| spp_domain::country::is_alpha3(code).then(|| code.to_ascii_uppercase()))
}

fn text(s: Option<&str>, lang: Option<&str>) -> Text {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        Some(t) => Text(vec![LangText {
            lang: lang.map(str::to_string),
            text: t.to_string(),
        }]),
        None => Text::default(),
    }
}

/// The date part of an OCDS date-time (`2023-10-05T12:00:00+02:00`), as written.
pub(crate) fn date(raw: &str, at: &str, warnings: &mut Vec<Warning>) -> Option<NaiveDate> {
    let day = raw.trim().get(..10).unwrap_or(raw);
    match NaiveDate::parse_from_str(day, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            warn(warnings, at, &format!("not a date: {raw:?}"));
            None
        }
    }
}

pub(crate) fn warn(warnings: &mut Vec<Warning>, at: &str, message: &str) {
    if warnings.len() < 100 {
        warnings.push(Warning {
            at: at.to_string(),
            message: message.to_string(),
        });
    }
}
