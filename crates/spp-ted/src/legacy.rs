//! The defence forms (Directive 2009/81/EC: `PRIOR_INFORMATION_DEFENCE`, `CONTRACT_DEFENCE`,
//! `CONTRACT_AWARD_DEFENCE`, …) and the pre-2014 forms of R2.0.7/R2.0.8 (`CONTRACT`,
//! `CONTRACT_AWARD`, `PRIOR_INFORMATION`, …). Their element paths differ from form to form
//! (`…_CONTRACT_AWARD_DEFENCE`, `…_CONTRACT_NOTICE`, `F17_…`), while the leaves are the same,
//! so they are found by name below the form: the buyer's `CA_CE_CONCESSIONAIRE_PROFILE`, the
//! first `TITLE_CONTRACT`, `CPV_MAIN`, `LOCATION_NUTS`, the lots' `ANNEX_B`/`F17_ANNEX_B`,
//! and one award per `AWARD_OF_CONTRACT(_DEFENCE)`.

use spp_domain::codelist::*;
use spp_domain::{AwardCriterion, Buyer, Lot, Notice};

use crate::award::{self, Award, Party};
use crate::coded::{authority_value, nature_value, Coded};
use crate::values::{code, country3, string, value, Ctx};
use crate::vocab::{El, Tx, A, N};

pub fn read(form: El<'_, '_>, coded: &Coded, n: &mut Notice, cx: &mut Ctx) {
    n.subtype = form.attr(A::Form).map(|f| {
        let f = f.trim();
        if f.bytes().all(|b| b.is_ascii_digit()) {
            format!("F{f:0>2}")
        } else {
            f.to_string()
        }
    });
    if n.issue_date.is_none() {
        n.issue_date = cx.date(form.find(N::NOTICE_DISPATCH_DATE));
    }
    if let Some(profile) = form.find(N::CA_CE_CONCESSIONAIRE_PROFILE) {
        let mut p = party(profile, cx);
        p.nuts = p.nuts.or_else(|| coded.buyer_nuts.clone());
        p.country = p.country.or_else(|| coded.country.clone());
        n.organisations.push(p.organisation("ORG-0001".into()));
        n.buyers.push(Buyer {
            organisation_id: Some("ORG-0001".into()),
            legal_type: value(form.find(N::TYPE_OF_CONTRACTING_AUTHORITY))
                .and_then(authority_value)
                .or_else(|| coded.authority.clone()),
            activity: None,
        });
    }
    let proc = &mut n.procedure;
    proc.title = cx.text(form.find(N::TITLE_CONTRACT));
    if let Some(nature) = value(form.find(N::TYPE_CONTRACT)).and_then(nature_value) {
        proc.nature = Some(nature);
    }
    if let Some(cpv) = cx.cpv(form.find(N::CPV_MAIN)) {
        proc.main_cpv = Some(cpv);
    }
    let nuts = code(form.find(N::LOCATION_NUTS).find(N::NUTS)).map(str::to_string);
    let criteria = criteria(form, coded, cx);

    let annexes: Vec<El<'_, '_>> = form
        .descendants()
        .filter(|d| matches!(d.name_id(), N::ANNEX_B | N::F17_ANNEX_B))
        .collect();
    if annexes.is_empty() {
        n.lots.push(Lot {
            id: "1".into(),
            title: n.procedure.title.clone(),
            estimated_value: cx.money(form.find(N::NATURE_QUANTITY_SCOPE).find(N::VALUE_COST)),
            ..Lot::default()
        });
    }
    for (i, annex) in annexes.into_iter().enumerate() {
        let additional = annex
            .find_all(N::CPV_ADDITIONAL)
            .into_iter()
            .filter_map(|c| cx.cpv(Some(c)))
            .collect();
        n.lots.push(Lot {
            id: string(annex.kid(N::LOT_NUMBER)).unwrap_or_else(|| (i + 1).to_string()),
            title: cx.text(annex.kid(N::LOT_TITLE)),
            description: cx.text(annex.kid(N::LOT_DESCRIPTION)),
            main_cpv: cx.cpv(annex.find(N::CPV_MAIN)),
            additional_cpv: additional,
            estimated_value: cx.money(annex.find(N::VALUE_COST)),
            ..Lot::default()
        });
    }
    for lot in &mut n.lots {
        lot.place_nuts = nuts.clone();
        lot.place_country = nuts.as_deref().and_then(|c| country3(c.get(..2)?));
        lot.award_criteria = criteria.clone();
    }
    let awards: Vec<Award> = form
        .descendants()
        .filter(|d| {
            matches!(
                d.name_id(),
                N::AWARD_OF_CONTRACT_DEFENCE | N::AWARD_OF_CONTRACT
            )
        })
        .map(|a| read_award(a, cx))
        .collect();
    n.result = award::build(awards, &mut n.lots, &mut n.organisations);
}

/// `ORGANISATION/OFFICIALNAME`, `NATIONALID`, `TOWN`, `COUNTRY` of a contact block.
fn party(el: El<'_, '_>, cx: &mut Ctx) -> Party {
    let org = el.kid(N::ORGANISATION);
    Party {
        name: cx.text(org.kid(N::OFFICIALNAME).or(el.find(N::OFFICIALNAME))),
        national_id: string(org.kid(N::NATIONALID)),
        town: string(el.find(N::TOWN)),
        country: value(el.find(N::COUNTRY)).and_then(country3),
        nuts: code(el.find(N::NUTS)).map(str::to_string),
        sme: None,
    }
}

/// `LOWEST_PRICE`, else the weighted `CRITERIA` of the most economically advantageous
/// tender; else the coded `AC_AWARD_CRIT`.
fn criteria(form: El<'_, '_>, coded: &Coded, cx: &mut Ctx) -> Vec<AwardCriterion> {
    if form.find(N::LOWEST_PRICE).is_some() {
        return vec![price()];
    }
    let named: Vec<AwardCriterion> = form
        .find_all(N::CRITERIA)
        .into_iter()
        .map(|c| AwardCriterion {
            criterion_type: Some(AwardCriterionType::Quality),
            name: cx.text(Some(c)),
            weight: c
                .find(N::WEIGHTING)
                .and_then(|w| w.value())
                .and_then(|w| w.trim_end_matches('%').trim().parse().ok()),
            ..AwardCriterion::default()
        })
        .collect();
    if !named.is_empty() {
        return named;
    }
    match coded.lowest_price {
        Some(true) => vec![price()],
        _ => Vec::new(),
    }
}

fn price() -> AwardCriterion {
    AwardCriterion {
        criterion_type: Some(AwardCriterionType::Price),
        ..AwardCriterion::default()
    }
}

fn read_award(a: El<'_, '_>, cx: &mut Ctx) -> Award {
    let operators: Vec<Party> = a
        .find_all(N::ECONOMIC_OPERATOR_NAME_ADDRESS)
        .into_iter()
        .map(|e| party(e, cx))
        .collect();
    let value = a
        .find(N::CONTRACT_VALUE_INFORMATION)
        .and_then(|v| {
            v.children()
                .find(|c| c.name().starts_with("COSTS_RANGE_AND_CURRENCY"))
        })
        .and_then(|c| c.kid(N::VALUE_COST).map(|v| (c, v)));
    let value = value.and_then(|(costs, v)| {
        let money = cx.money(Some(v))?;
        // The currency sits on the enclosing COSTS_RANGE_AND_CURRENCY… element.
        Some(match money {
            spp_domain::Money::Amount {
                value,
                currency: None,
            } => spp_domain::Money::Amount {
                value,
                currency: costs.attr(A::Currency).map(|c| c.trim().to_string()),
            },
            other => other,
        })
    });
    Award {
        lot: string(a.kid(N::LOT_NUMBER)),
        title: Default::default(),
        awarded: !operators.is_empty(),
        date: cx.date(a.kid(N::CONTRACT_AWARD_DATE)),
        tenders: cx.count(a.kid(N::OFFERS_RECEIVED_NUMBER)),
        sme_tenders: None,
        emeans_tenders: None,
        contractors: operators,
        value,
    }
}
