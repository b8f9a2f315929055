//! The 2014 forms (F01–F25) and those laid out like them (`MOVE`, `OTH_NOT`): buyers
//! (`CONTRACTING_BODY`), the object and its lots (`OBJECT_CONTRACT/OBJECT_DESCR`), conditions
//! (`LEFTI`), the procedure (`PROCEDURE`), awards (`AWARD_CONTRACT`) and modifications
//! (`MODIFICATIONS_CONTRACT`).

use spp_domain::codelist::*;
use spp_domain::{AwardCriterion, Buyer, Lot, Notice};

use crate::award::{self, Award, Party};
use crate::coded::{authority_value, first_present, nature_value, Coded};
use crate::values::{code, country3, string, value, Ctx};
use crate::vocab::{El, Tx, A, N};

pub fn read(form: El<'_, '_>, coded: &Coded, n: &mut Notice, cx: &mut Ctx) {
    n.subtype = form.attr(A::Form).map(|f| f.trim().to_string());
    if let Some(basis) = value(form.kid(N::LEGAL_BASIS)) {
        n.legal_basis = Some(basis.to_string());
    }
    if let Some(date) = form.at(&[N::COMPLEMENTARY_INFO, N::DATE_DISPATCH_NOTICE]) {
        if n.issue_date.is_none() {
            n.issue_date = cx.date(Some(date));
        }
    }
    read_buyers(form.kid(N::CONTRACTING_BODY), coded, n, cx);

    let object = form.kid(N::OBJECT_CONTRACT);
    let p = &mut n.procedure;
    p.title = cx.text(object.kid(N::TITLE));
    if let Some(nature) = value(object.kid(N::TYPE_CONTRACT))
        .or_else(|| object.kid(N::TYPE_CONTRACT).and_then(|e| e.attr(A::Ctype)))
        .and_then(nature_value)
    {
        p.nature = Some(nature);
    }
    if let Some(cpv) = cx.cpv(object.kid(N::CPV_MAIN)) {
        p.main_cpv = Some(cpv);
    }
    p.estimated_value = cx.money(object.kid(N::VAL_ESTIMATED_TOTAL));
    let procedure = form.kid(N::PROCEDURE);
    if let Some(t) = procedure_type(procedure) {
        p.procedure_type = Some(t);
    }
    p.accelerated = procedure.find(N::ACCELERATED_PROC).map(|_| true);

    let framework = procedure.kid(N::FRAMEWORK).map(|f| {
        if f.kid(N::SINGLE_OPERATOR).is_some() {
            FrameworkAgreement::WithoutReopening
        } else {
            // TED XML says "a framework agreement" but not whether competition is reopened.
            FrameworkAgreement::Unknown("framework".into())
        }
    });
    let lefti = form.kid(N::LEFTI);
    let reserved: Vec<ReservedProcurement> = [
        (
            N::RESTRICTED_SHELTERED_WORKSHOP,
            ReservedProcurement::ShelteredWorkshops,
        ),
        (
            N::RESERVED_ORGANISATIONS_SERVICE_MISSION,
            ReservedProcurement::PublicServiceMission,
        ),
    ]
    .into_iter()
    .filter(|(name, _)| lefti.kid(*name).is_some())
    .map(|(_, code)| code)
    .collect();
    let reserved_execution = lefti
        .kid(N::RESTRICTED_SHELTERED_PROGRAM)
        .map(|_| "yes".to_string());
    let performance = cx.text(lefti.kid(N::PERFORMANCE_CONDITIONS));

    // A prior information notice may describe several objects (`OBJECT_CONTRACT` repeated).
    let descriptions: Vec<El<'_, '_>> = form
        .kids(N::OBJECT_CONTRACT)
        .into_iter()
        .flat_map(|o| o.kids(N::OBJECT_DESCR))
        .collect();
    let single = descriptions.len() <= 1;
    for (i, d) in descriptions.iter().enumerate() {
        let id = string(d.kid(N::LOT_NO)).unwrap_or_else(|| (i + 1).to_string());
        let mut lot = read_lot(d, id, cx);
        lot.framework = framework.clone();
        lot.reserved = reserved.clone();
        lot.reserved_execution = reserved_execution.clone();
        lot.performance_terms = performance.clone();
        if single && lot.estimated_value.is_none() {
            lot.estimated_value = n.procedure.estimated_value.clone();
        }
        n.lots.push(lot);
    }
    let mut awards: Vec<Award> = form
        .kids(N::AWARD_CONTRACT)
        .into_iter()
        .map(|a| read_award(a, cx))
        .collect();
    for prize in form.kid(N::RESULTS).kids(N::AWARDED_PRIZE) {
        awards.push(read_prize(prize, cx));
    }
    if let Some(m) = form.kid(N::MODIFICATIONS_CONTRACT) {
        awards = read_modification(m, awards, cx);
    }
    n.result = award::build(awards, &mut n.lots, &mut n.organisations);
    // Lots known only from an award's LOT_NO (no OBJECT_DESCR of their own) take the
    // procedure-level facts every described lot has.
    for lot in n.lots.iter_mut().skip(descriptions.len()) {
        lot.framework = framework.clone();
        lot.reserved = reserved.clone();
        lot.reserved_execution = reserved_execution.clone();
        lot.performance_terms = performance.clone();
    }
}

fn read_buyers(body: Option<El<'_, '_>>, coded: &Coded, n: &mut Notice, cx: &mut Ctx) {
    let legal = value(body.kid(N::CA_TYPE))
        .and_then(authority_value)
        .or_else(|| coded.authority.clone());
    let activity = value(body.kid(N::CA_ACTIVITY))
        .or_else(|| value(body.kid(N::CE_ACTIVITY)))
        .map(|a| a.to_ascii_lowercase());
    let mut addresses = body.kids(N::ADDRESS_CONTRACTING_BODY);
    addresses.extend(body.kids(N::ADDRESS_CONTRACTING_BODY_ADDITIONAL));
    let several = addresses.len() > 1;
    for (i, a) in addresses.into_iter().enumerate() {
        let id = format!("ORG-{:04}", n.organisations.len() + 1);
        let mut party = party(a, cx);
        if i == 0 && party.nuts.is_none() {
            party.nuts = coded.buyer_nuts.clone();
        }
        if i == 0 && party.country.is_none() {
            party.country = coded.country.clone();
        }
        let mut org = party.organisation(id.clone());
        if several {
            org.group_lead = Some(i == 0);
        }
        n.organisations.push(org);
        n.buyers.push(Buyer {
            organisation_id: Some(id),
            legal_type: legal.clone(),
            activity: activity.clone(),
        });
    }
}

/// An address block (`ADDRESS_CONTRACTING_BODY`, `ADDRESS_CONTRACTOR`, …).
pub fn party(a: El<'_, '_>, cx: &mut Ctx) -> Party {
    Party {
        name: cx.text(a.kid(N::OFFICIALNAME)),
        national_id: string(a.kid(N::NATIONALID)),
        town: string(a.kid(N::TOWN)),
        country: value(a.kid(N::COUNTRY)).and_then(country3),
        nuts: code(a.kid(N::NUTS)).map(str::to_string),
        sme: None,
    }
}

fn read_lot(d: &El<'_, '_>, id: String, cx: &mut Ctx) -> Lot {
    let additional = d
        .kids(N::CPV_ADDITIONAL)
        .into_iter()
        .filter_map(|c| cx.cpv(Some(c)))
        .collect();
    let nuts = code(d.kid(N::NUTS)).map(str::to_string);
    let eu = if d.kid(N::EU_PROGR_RELATED).is_some() {
        Some("eu-funds".to_string())
    } else {
        d.kid(N::NO_EU_PROGR_RELATED)
            .map(|_| "no-eu-funds".to_string())
    };
    Lot {
        id,
        title: cx.text(d.kid(N::TITLE)),
        description: cx.text(d.kid(N::SHORT_DESCR)),
        main_cpv: cx.cpv(d.kid(N::CPV_MAIN)),
        additional_cpv: additional,
        estimated_value: cx.money(d.kid(N::VAL_OBJECT)),
        place_country: nuts.as_deref().and_then(|c| country3(c.get(..2)?)),
        place_nuts: nuts,
        eu_funds: eu,
        award_criteria: criteria(d, cx),
        ..Lot::default()
    }
}

/// `AC_QUALITY`, `AC_COST`, `AC_PRICE` anywhere in a lot (also under `DIRECTIVE_2014_*`).
fn criteria(d: &El<'_, '_>, cx: &mut Ctx) -> Vec<AwardCriterion> {
    d.descendants()
        .filter_map(|c| {
            let kind = match c.name_id() {
                N::AC_QUALITY => AwardCriterionType::Quality,
                N::AC_COST => AwardCriterionType::Cost,
                N::AC_PRICE => AwardCriterionType::Price,
                _ => return None,
            };
            Some((c, kind))
        })
        .map(|(c, kind)| AwardCriterion {
            criterion_type: Some(kind),
            name: cx.text(c.kid(N::AC_CRITERION)),
            weight: c
                .kid(N::AC_WEIGHTING)
                .and_then(|w| w.value())
                .and_then(|w| w.trim_end_matches('%').trim().parse().ok()),
            ..AwardCriterion::default()
        })
        .collect()
}

fn procedure_type(p: Option<El<'_, '_>>) -> Option<ProcedureType> {
    use ProcedureType::*;
    first_present(
        p,
        &[
            (N::PT_OPEN, Open),
            (N::PT_RESTRICTED, Restricted),
            (N::PT_COMPETITIVE_NEGOTIATION, NegWCall),
            (N::PT_NEGOTIATED_WITH_PRIOR_CALL, NegWCall),
            (N::PT_INVOLVING_NEGOTIATION, NegWCall),
            (N::PT_COMPETITIVE_DIALOGUE, CompDial),
            (N::PT_INNOVATION_PARTNERSHIP, Innovation),
            (N::PT_AWARD_CONTRACT_WITHOUT_CALL, NegWoCall),
            (N::PT_AWARD_CONTRACT_WITHOUT_PUBLICATION, NegWoCall),
            (N::PT_NEGOTIATED_WITHOUT_PUBLICATION, NegWoCall),
            (N::PT_AWARD_CONTRACT_WITH_PRIOR_PUBLICATION, NegWCall),
        ],
    )
}

/// F13: a design contest prize, its winners and participants (as tenders).
fn read_prize(prize: El<'_, '_>, cx: &mut Ctx) -> Award {
    let winners = prize
        .find_all(N::WINNER)
        .into_iter()
        .filter_map(|w| {
            let mut p = party(w.kid(N::ADDRESS_WINNER)?, cx);
            p.sme = sme(w);
            Some(p)
        })
        .collect::<Vec<_>>();
    Award {
        lot: string(prize.kid(N::LOT_NO)),
        title: Default::default(),
        awarded: !winners.is_empty(),
        date: cx.date(prize.kid(N::DATE_DECISION_JURY)),
        tenders: cx.count(prize.find(N::NB_PARTICIPANTS)),
        sme_tenders: cx.count(prize.find(N::NB_PARTICIPANTS_SME)),
        emeans_tenders: None,
        contractors: winners,
        value: cx.money(prize.find(N::VAL_PRIZE)),
    }
}

/// `<SME/>` → true, `<NO_SME/>` → false, neither → not reported.
fn sme(el: El<'_, '_>) -> Option<bool> {
    if el.kid(N::SME).is_some() {
        Some(true)
    } else if el.kid(N::NO_SME).is_some() {
        Some(false)
    } else {
        None
    }
}

/// Contractors below `el` (with or without the `CONTRACTORS` wrapper of R2.0.9.S02+).
fn contractors(el: El<'_, '_>, cx: &mut Ctx) -> Vec<Party> {
    el.find_all(N::CONTRACTOR)
        .into_iter()
        .filter_map(|c| {
            let address = c.kid(N::ADDRESS_CONTRACTOR).or(c.kid(N::ADDRESS_PARTY))?;
            let mut p = party(address, cx);
            p.sme = sme(c);
            Some(p)
        })
        .collect()
}

fn read_award(a: El<'_, '_>, cx: &mut Ctx) -> Award {
    let lot = string(a.kid(N::LOT_NO));
    let title = cx.text(a.kid(N::TITLE));
    let Some(done) = a.kid(N::AWARDED_CONTRACT) else {
        return Award {
            lot,
            title,
            ..Award::default()
        };
    };
    let count = |cx: &mut Ctx, name: N| cx.count(done.find(name));
    Award {
        lot,
        title,
        awarded: true,
        date: cx.date(done.kid(N::DATE_CONCLUSION_CONTRACT)),
        tenders: count(cx, N::NB_TENDERS_RECEIVED),
        sme_tenders: count(cx, N::NB_TENDERS_RECEIVED_SME),
        emeans_tenders: count(cx, N::NB_TENDERS_RECEIVED_EMEANS),
        contractors: contractors(done, cx),
        value: cx.money(done.find(N::VAL_TOTAL).filter(|v| {
            v.parent()
                .is_some_and(|p| p.name_id() != N::VAL_RANGE_TOTAL)
        })),
    }
}

/// F20: the modified contract's contractors and its value after the modification.
fn read_modification(m: El<'_, '_>, mut awards: Vec<Award>, cx: &mut Ctx) -> Vec<Award> {
    let description = m.kid(N::DESCRIPTION_PROCUREMENT);
    let parties = description.map(|d| contractors(d, cx)).unwrap_or_default();
    let after = cx.money(m.kid(N::INFO_MODIFICATIONS).find(N::VAL_TOTAL_AFTER));
    match awards.first_mut() {
        Some(first) if first.awarded => {
            if first.contractors.is_empty() {
                first.contractors = parties;
            }
            if after.is_some() {
                first.value = after;
            }
        }
        _ => awards.insert(
            0,
            Award {
                awarded: true,
                contractors: parties,
                value: after,
                ..Award::default()
            },
        ),
    }
    awards
}
