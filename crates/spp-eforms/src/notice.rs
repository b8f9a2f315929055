//! Notice-level fields: identification, dates, publication, change, procedure, buyers and
//! organisations.

use spp_domain::codelist::*;
use spp_domain::{Buyer, Change, Cpv, Notice, Organisation, Procedure, Publication};

use crate::error::ParseError;
use crate::tree::{Attr, El, Ns, N};
use crate::values::{string, text, Ctx};
use crate::{lots, result};

use Ns::{Cac, Cbc, Efac, Efbc, Efext, Ext};

/// `ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension`.
pub const EXT: [(Ns, N); 4] = [
    (Ext, N::UBLExtensions),
    (Ext, N::UBLExtension),
    (Ext, N::ExtensionContent),
    (Efext, N::EformsExtension),
];

/// The eForms extension blocks directly under `el`.
pub fn ext<'d, 'a>(el: &El<'d, 'a>) -> Vec<El<'d, 'a>> {
    el.select(&EXT)
}

/// The first element reached through `el`'s eForms extension and then `steps`.
pub fn in_ext<'d, 'a>(el: &El<'d, 'a>, steps: &[(Ns, N)]) -> Option<El<'d, 'a>> {
    ext(el).into_iter().find_map(|x| x.first(steps))
}

const ROOTS: [&str; 4] = [
    "ContractNotice",
    "ContractAwardNotice",
    "PriorInformationNotice",
    "BusinessRegistrationInformationNotice",
];

/// Read a notice from its root element.
pub fn read(root: El<'_, '_>, root_uri: &str) -> Result<Notice, ParseError> {
    if root.ns() != Ns::Doc || !ROOTS.contains(&root.name()) {
        let ns = if root_uri.is_empty() {
            "no namespace".to_string()
        } else {
            format!("namespace {root_uri}")
        };
        return Err(ParseError::NotEforms(format!(
            "root element {} ({ns}); expected one of {}",
            root.name(),
            ROOTS.join(", ")
        )));
    }
    let mut cx = Ctx::default();
    let id_el = root
        .all(Cbc, N::ID)
        .find(|e| e.attr(Attr::SchemeName) == Some("notice-id"))
        .or_else(|| root.child(Cbc, N::ID));
    // A notice without BT-701 is still read (the SDK's INVALID_* examples are like that);
    // `id` is then empty and a warning says so. Stores should refuse such notices.
    let id = match id_el.and_then(|e| e.value()) {
        Some(id) => id.to_string(),
        None => {
            cx.warn(
                &root,
                "no notice identifier (BT-701, cbc:ID); id left empty",
            );
            String::new()
        }
    };
    let version = match root.text_at(&[(Cbc, N::VersionID)]) {
        Some(v) => v.to_string(),
        None => {
            cx.warn(&root, "no notice version (BT-757, cbc:VersionID)");
            String::new()
        }
    };
    let type_el = root.child(Cbc, N::NoticeTypeCode);
    let form_type = match type_el.and_then(|e| e.attr(Attr::ListName)) {
        Some(list) if list.trim() == "unpublished" => None,
        Some(list) => {
            let f = FormType::parse(list.trim());
            if !f.is_known() {
                if let Some(e) = type_el {
                    cx.warn(&e, format!("unknown form-type code {list:?} (kept)"));
                }
            }
            Some(f)
        }
        None => None,
    };
    let root_ext = ext(&root);
    let ext_first = |steps: &[(Ns, N)]| root_ext.iter().find_map(|x| x.first(steps));

    let publication = ext_first(&[(Efac, N::Publication)]).map(|p| Publication {
        number: string(p.child(Efbc, N::NoticePublicationID)),
        gazette_id: string(p.child(Efbc, N::GazetteID)),
        date: cx.date(p.child(Efbc, N::PublicationDate)),
    });
    let change = ext_first(&[(Efac, N::Changes)]).map(|c| Change {
        changed_notice: string(c.child(Efbc, N::ChangedNoticeIdentifier)),
        reasons: cx.codes(c.select(&[(Efac, N::ChangeReason), (Cbc, N::ReasonCode)])),
        corrected_notice: None,
    });

    let procedure = read_procedure(&root, &mut cx);
    let buyers = root
        .all(Cac, N::ContractingParty)
        .map(|cp| read_buyer(&cp, &mut cx))
        .collect();
    let organisations = root_ext
        .iter()
        .flat_map(|x| x.select(&[(Efac, N::Organizations), (Efac, N::Organization)]))
        .filter_map(|o| read_organisation(&o, &mut cx))
        .collect();
    let lots = root
        .all(Cac, N::ProcurementProjectLot)
        .filter(|l| {
            let scheme = l.child(Cbc, N::ID).and_then(|i| i.attr(Attr::SchemeName));
            matches!(scheme.map(str::trim), None | Some("Lot"))
        })
        .map(|l| lots::read_lot(&l, &mut cx))
        .collect();
    let result = ext_first(&[(Efac, N::NoticeResult)]).map(|r| result::read(&r, &mut cx));

    let mut notice = Notice {
        format: spp_domain::SourceFormat::Eforms,
        id,
        version,
        customization_id: string(root.child(Cbc, N::CustomizationID)),
        procedure_id: string(root.child(Cbc, N::ContractFolderID)),
        notice_type: cx.raw(type_el),
        form_type,
        subtype: string(ext_first(&[
            (Efac, N::NoticeSubType),
            (Cbc, N::SubTypeCode),
        ])),
        legal_basis: string(root.child(Cbc, N::RegulatoryDomain)),
        issue_date: cx.date(root.child(Cbc, N::IssueDate)),
        issue_time: string(root.child(Cbc, N::IssueTime)),
        language: string(root.child(Cbc, N::NoticeLanguageCode)),
        publication,
        change,
        procedure,
        buyers,
        organisations,
        lots,
        result,
        warnings: Vec::new(),
    };
    check_references(&notice, &mut cx);
    notice.warnings = cx.warnings;
    Ok(notice)
}

/// BT-262 and BT-263 of a `cac:ProcurementProject` (procedure or lot level).
pub fn read_cpvs(pp: &El<'_, '_>, cx: &mut Ctx) -> (Option<Cpv>, Vec<Cpv>) {
    let main = cx.cpv(pp.first(&[
        (Cac, N::MainCommodityClassification),
        (Cbc, N::ItemClassificationCode),
    ]));
    let additional = pp
        .select(&[
            (Cac, N::AdditionalCommodityClassification),
            (Cbc, N::ItemClassificationCode),
        ])
        .into_iter()
        .filter_map(|e| cx.cpv(Some(e)))
        .collect();
    (main, additional)
}

fn read_procedure(root: &El<'_, '_>, cx: &mut Ctx) -> Procedure {
    let mut p = Procedure::default();
    if let Some(pp) = root.child(Cac, N::ProcurementProject) {
        p.title = text(pp.all(Cbc, N::Name));
        p.nature = cx.code(pp.child(Cbc, N::ProcurementTypeCode));
        (p.main_cpv, p.additional_cpv) = read_cpvs(&pp, cx);
        p.estimated_value = cx.money(
            pp.first(&[
                (Cac, N::RequestedTenderTotal),
                (Cbc, N::EstimatedOverallContractAmount),
            ]),
            false,
        );
    }
    if let Some(tp) = root.child(Cac, N::TenderingProcess) {
        let withheld = crate::values::privacy_codes(&tp).contains(&"pro-typ");
        p.procedure_type = if withheld {
            None
        } else {
            cx.code(tp.child(Cbc, N::ProcedureCode))
        };
        let accel = tp
            .all(Cac, N::ProcessJustification)
            .filter_map(|j| j.child(Cbc, N::ProcessReasonCode))
            .find(|c| c.attr(Attr::ListName) == Some("accelerated-procedure"));
        p.accelerated = cx.indicator(accel);
    }
    p
}

fn read_buyer(cp: &El<'_, '_>, cx: &mut Ctx) -> Buyer {
    let legal = cp
        .select(&[(Cac, N::ContractingPartyType), (Cbc, N::PartyTypeCode)])
        .into_iter()
        .find(|c| c.attr(Attr::ListName) == Some("buyer-legal-type"));
    let activity = cp
        .select(&[(Cac, N::ContractingActivity), (Cbc, N::ActivityTypeCode)])
        .into_iter()
        .find(|c| {
            matches!(
                c.attr(Attr::ListName),
                Some("authority-activity" | "entity-activity") | None
            )
        });
    Buyer {
        organisation_id: string(cp.first(&[
            (Cac, N::Party),
            (Cac, N::PartyIdentification),
            (Cbc, N::ID),
        ])),
        legal_type: cx.code(legal),
        activity: cx.raw(activity),
    }
}

fn read_organisation(org: &El<'_, '_>, cx: &mut Ctx) -> Option<Organisation> {
    let Some(company) = org.child(Efac, N::Company) else {
        cx.warn(org, "organisation without efac:Company (skipped)");
        return None;
    };
    let Some(id) = company.text_at(&[(Cac, N::PartyIdentification), (Cbc, N::ID)]) else {
        cx.warn(
            &company,
            "organisation without technical id (OPT-200) (skipped)",
        );
        return None;
    };
    let address = company.child(Cac, N::PostalAddress);
    Some(Organisation {
        id: id.to_string(),
        name: text(company.select(&[(Cac, N::PartyName), (Cbc, N::Name)])),
        company_id: string(company.first(&[(Cac, N::PartyLegalEntity), (Cbc, N::CompanyID)])),
        city: address.and_then(|a| a.text_at(&[(Cbc, N::CityName)]).map(str::to_string)),
        country: address
            .and_then(|a| a.text_at(&[(Cac, N::Country), (Cbc, N::IdentificationCode)]))
            .map(str::to_string),
        nuts: address
            .and_then(|a| a.text_at(&[(Cbc, N::CountrySubentityCode)]))
            .map(str::to_string),
        size: cx.code(company.child(Efbc, N::CompanySizeCode)),
        group_lead: cx.indicator(org.child(Efbc, N::GroupLeadIndicator)),
        awarding_cpb: cx.indicator(org.child(Efbc, N::AwardingCPBIndicator)),
        acquiring_cpb: cx.indicator(org.child(Efbc, N::AcquiringCPBIndicator)),
        natural_person: cx.indicator(org.child(Efbc, N::NaturalPersonIndicator)),
    })
}

/// Flag references that point nowhere (kept as written).
fn check_references(n: &Notice, cx: &mut Ctx) {
    use std::collections::HashSet;
    let orgs: HashSet<&str> = n.organisations.iter().map(|o| o.id.as_str()).collect();
    let org = |id: &str| orgs.contains(id);
    let mut dangling = Vec::new();
    for b in &n.buyers {
        if let Some(id) = b.organisation_id.as_deref().filter(|id| !org(id)) {
            dangling.push(format!("buyer organisation {id}"));
        }
    }
    if let Some(r) = &n.result {
        let tenders: HashSet<&str> = r.tenders.iter().map(|t| t.id.as_str()).collect();
        let parties: HashSet<&str> = r.tendering_parties.iter().map(|t| t.id.as_str()).collect();
        let tender = |id: &str| tenders.contains(id);
        let party = |id: &str| parties.contains(id);
        for p in &r.tendering_parties {
            for t in p.tenderers.iter().filter(|t| !org(&t.organisation_id)) {
                dangling.push(format!("tenderer organisation {}", t.organisation_id));
            }
        }
        for t in &r.tenders {
            if let Some(id) = t.tendering_party_id.as_deref().filter(|id| !party(id)) {
                dangling.push(format!("tendering party {id} of tender {}", t.id));
            }
        }
        for c in &r.contracts {
            for id in c.tender_ids.iter().filter(|id| !tender(id)) {
                dangling.push(format!("tender {id} of contract {}", c.id));
            }
        }
    }
    for d in dangling {
        cx.push("references".into(), format!("dangling reference: {d}"));
    }
}
