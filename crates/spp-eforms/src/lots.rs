//! Lot-level fields (`cac:ProcurementProjectLot` with `@schemeName='Lot'` or none).

use spp_domain::codelist::*;
use spp_domain::{AwardCriterion, Lot, LotCleanVehicles, Strategic, Text};

use crate::notice::{ext, in_ext, read_cpvs};
use crate::tree::{Attr, El, Ns, N};
use crate::values::{privacy_codes, string, text, Ctx};

use Ns::{Cac, Cbc, Efac, Efbc};

/// Elements among `els` whose `@listName` is one of `lists`.
fn with_list<'d, 'a: 'd>(
    els: impl IntoIterator<Item = El<'d, 'a>>,
    lists: &'static [&'static str],
) -> impl Iterator<Item = El<'d, 'a>> {
    els.into_iter().filter(move |e| {
        e.attr(Attr::ListName)
            .is_some_and(|l| lists.contains(&l.trim()))
    })
}

pub fn read_lot(lot: &El<'_, '_>, cx: &mut Ctx) -> Lot {
    let mut out = Lot {
        id: lot.text_at(&[(Cbc, N::ID)]).unwrap_or_default().to_string(),
        ..Lot::default()
    };
    if out.id.is_empty() {
        cx.warn(lot, "lot without identifier (BT-137)");
    }
    if let Some(pp) = lot.child(Cac, N::ProcurementProject) {
        read_project(&pp, &mut out, cx);
    }
    if let Some(tp) = lot.child(Cac, N::TenderingProcess) {
        let esub = tp
            .all(Cbc, N::SubmissionMethodCode)
            .find(|e| matches!(e.attr(Attr::ListName), Some("esubmission") | None));
        out.esubmission = cx.code(esub);
        let systems = tp.select(&[
            (Cac, N::ContractingSystem),
            (Cbc, N::ContractingSystemTypeCode),
        ]);
        out.framework =
            cx.code(with_list(systems.iter().copied(), &["framework-agreement"]).next());
        out.dps = cx.code(with_list(systems, &["dps-usage"]).next());
    }
    if let Some(tt) = lot.child(Cac, N::TenderingTerms) {
        read_terms(&tt, &mut out, cx);
    }
    out
}

fn read_project(pp: &El<'_, '_>, out: &mut Lot, cx: &mut Ctx) {
    out.internal_id = string(pp.child(Cbc, N::ID));
    out.title = text(pp.all(Cbc, N::Name));
    out.nature = cx.code(pp.child(Cbc, N::ProcurementTypeCode));
    (out.main_cpv, out.additional_cpv) = read_cpvs(pp, cx);
    if let Some(total) = pp.child(Cac, N::RequestedTenderTotal) {
        out.estimated_value = cx.money(total.child(Cbc, N::EstimatedOverallContractAmount), false);
        out.framework_maximum_value =
            cx.money(in_ext(&total, &[(Efbc, N::FrameworkMaximumAmount)]), false);
    }
    if let Some(addr) = pp.first(&[(Cac, N::RealizedLocation), (Cac, N::Address)]) {
        out.place_country = string(addr.first(&[(Cac, N::Country), (Cbc, N::IdentificationCode)]));
        out.place_nuts = string(addr.child(Cbc, N::CountrySubentityCode));
    }
    out.sme_suitable = cx.indicator(pp.child(Cbc, N::SMESuitableIndicator));

    let mut s = Strategic::default();
    let mut descriptions = Vec::new();
    for add in pp.all(Cac, N::ProcurementAdditionalType) {
        let Some(code) = add.child(Cbc, N::ProcurementTypeCode) else {
            continue;
        };
        match code.attr(Attr::ListName).map(str::trim) {
            Some("strategic-procurement") => {
                s.procurement
                    .extend(cx.code::<StrategicProcurement>(Some(code)));
                descriptions.extend(add.all(Cbc, N::ProcurementType));
            }
            Some("environmental-impact") => s.environmental.extend(cx.code(Some(code))),
            Some("social-objective" | "social-procurement") => s.social.extend(cx.code(Some(code))),
            Some("innovative-acquisition") => s.innovative.extend(cx.code(Some(code))),
            Some("gpp-criteria") => s.gpp_criteria.extend(cx.code(Some(code))),
            _ => {}
        }
    }
    s.description = text(descriptions);
    out.strategic = s;
}

fn read_terms(tt: &El<'_, '_>, out: &mut Lot, cx: &mut Ctx) {
    out.eu_funds = cx.raw(with_list(tt.all(Cbc, N::FundingProgramCode), &["eu-funded"]).next());
    let reserved = tt.select(&[
        (Cac, N::TendererQualificationRequest),
        (Cac, N::SpecificTendererRequirement),
        (Cbc, N::TendererRequirementTypeCode),
    ]);
    out.reserved = cx.codes(with_list(reserved, &["reserved-procurement"]));
    let mut terms = Vec::new();
    for req in tt.all(Cac, N::ContractExecutionRequirement) {
        let Some(code) = req.child(Cbc, N::ExecutionRequirementCode) else {
            continue;
        };
        match code.attr(Attr::ListName).map(str::trim) {
            Some("reserved-execution") if out.reserved_execution.is_none() => {
                out.reserved_execution = cx.raw(Some(code));
            }
            Some("conditions") => terms.extend(req.all(Cbc, N::Description)),
            _ => {}
        }
    }
    out.performance_terms = text(terms);
    out.award_criteria = tt
        .select(&[
            (Cac, N::AwardingTerms),
            (Cac, N::AwardingCriterion),
            (Cac, N::SubordinateAwardingCriterion),
        ])
        .into_iter()
        .map(|c| read_criterion(&c, cx))
        .collect();

    // Clean Vehicles Directive: the efac:StrategicProcurement block whose
    // efbc:ApplicableLegalBasis has @listName='cvd-scope' (EED / IPI blocks sit next to it).
    for x in ext(tt) {
        for sp in x.all(Efac, N::StrategicProcurement) {
            let basis = sp.child(Efbc, N::ApplicableLegalBasis);
            let is_cvd = basis.is_some_and(|b| b.attr(Attr::ListName) == Some("cvd-scope"));
            let types = sp.select(&[
                (Efac, N::StrategicProcurementInformation),
                (Efbc, N::ProcurementCategoryCode),
            ]);
            let cvd_types: Vec<El<'_, '_>> =
                with_list(types.iter().copied(), &["cvd-contract-type"]).collect();
            if !is_cvd && cvd_types.is_empty() {
                continue;
            }
            let applies = if is_cvd { cx.indicator(basis) } else { None };
            let contract_types: Vec<CvdContractType> = cx.codes(cvd_types);
            match &mut out.clean_vehicles {
                Some(cv) => {
                    cv.applies = cv.applies.or(applies);
                    cv.contract_types.extend(contract_types);
                }
                None => {
                    out.clean_vehicles = Some(LotCleanVehicles {
                        applies,
                        contract_types,
                    })
                }
            }
        }
    }
}

fn read_criterion(c: &El<'_, '_>, cx: &mut Ctx) -> AwardCriterion {
    let type_el = c
        .all(Cbc, N::AwardingCriterionTypeCode)
        .find(|e| matches!(e.attr(Attr::ListName), Some("award-criterion-type") | None));
    let params: Vec<El<'_, '_>> = ext(c)
        .into_iter()
        .flat_map(|x| x.select(&[(Efac, N::AwardCriterionParameter)]))
        .collect();
    // Prefer the weight; fall back to a fixed or threshold number.
    let param = ["number-weight", "number-fixed", "number-threshold"]
        .iter()
        .find_map(|list| {
            params.iter().copied().find(|p| {
                p.child(Efbc, N::ParameterCode)
                    .and_then(|e| e.attr(Attr::ListName))
                    == Some(list)
            })
        })
        .or_else(|| params.first().copied());
    // Withheld parts (efac:FieldsPrivacy) are left out.
    let private = privacy_codes(c);
    let param_private = param.map(|p| privacy_codes(&p)).unwrap_or_default();
    let shown = |codes: &[&str], code: &str| !codes.contains(&code);
    AwardCriterion {
        criterion_type: if shown(&private, "awa-cri-typ") {
            cx.code(type_el)
        } else {
            None
        },
        name: if shown(&private, "awa-cri-nam") {
            text(c.all(Cbc, N::Name))
        } else {
            Text::default()
        },
        description: if shown(&private, "awa-cri-des") {
            text(c.all(Cbc, N::Description))
        } else {
            Text::default()
        },
        weight_code: param
            .filter(|_| shown(&param_private, "awa-cri-wei"))
            .and_then(|p| cx.raw(p.child(Efbc, N::ParameterCode))),
        weight: param
            .filter(|_| shown(&param_private, "awa-cri-num"))
            .and_then(|p| cx.decimal(p.child(Efbc, N::ParameterNumeric))),
    }
}
