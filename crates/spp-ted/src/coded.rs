//! `CODED_DATA_SECTION`: what TED coded for every notice, whatever its form — dates,
//! document type, contract nature, procedure, authority type, award criteria, CPV, NUTS —
//! and the notice-level fields built from it.

use chrono::NaiveDate;
use spp_domain::codelist::*;
use spp_domain::{Change, CodeList, Cpv, Notice, Procedure, Publication};

use crate::values::{code, publication_number, string, Ctx};
use crate::vocab::{El, Tx, A, N};

/// The coded data of one notice.
#[derive(Default)]
pub struct Coded {
    pub doc_type: Option<String>,
    pub dispatch: Option<NaiveDate>,
    pub published: Option<NaiveDate>,
    pub gazette: Option<String>,
    pub oj_number: Option<String>,
    pub nature: Option<ContractNature>,
    pub procedure: Option<ProcedureType>,
    pub authority: Option<BuyerLegalType>,
    /// `AC_AWARD_CRIT` 1 = lowest price.
    pub lowest_price: Option<bool>,
    pub cpv: Vec<Cpv>,
    pub buyer_nuts: Option<String>,
    pub country: Option<String>,
    pub language: Option<String>,
    pub directive: Option<String>,
    pub referenced_notice: Option<String>,
}

pub fn read(section: Option<El<'_, '_>>, cx: &mut Ctx) -> Coded {
    let data = section.kid(N::NOTICE_DATA);
    let codif = section.kid(N::CODIF_DATA);
    let refs = section.kid(N::REF_OJS);
    let mut cpv = Vec::new();
    for c in data.kids(N::ORIGINAL_CPV) {
        if let Some(raw) = c.attr(A::Code) {
            match Cpv::parse(raw) {
                Ok(v) => cpv.push(v),
                Err(e) => cx.warn(&c, e.to_string()),
            }
        }
    }
    Coded {
        doc_type: code(codif.kid(N::TD_DOCUMENT_TYPE)).map(str::to_string),
        dispatch: cx.date(codif.kid(N::DS_DATE_DISPATCH)),
        published: cx.date(refs.kid(N::DATE_PUB)),
        gazette: string(refs.kid(N::NO_OJ)),
        oj_number: string(data.kid(N::NO_DOC_OJS)),
        nature: code(codif.kid(N::NC_CONTRACT_NATURE)).and_then(nature_code),
        procedure: code(codif.kid(N::PR_PROC)).and_then(procedure_code),
        authority: code(codif.kid(N::AA_AUTHORITY_TYPE)).and_then(authority_code),
        lowest_price: code(codif.kid(N::AC_AWARD_CRIT)).map(|c| c == "1"),
        cpv,
        buyer_nuts: code(data.kid(N::CA_CE_NUTS)).map(str::to_string),
        country: crate::values::value(data.kid(N::ISO_COUNTRY)).and_then(crate::values::country3),
        language: string(data.kid(N::LG_ORIG)),
        directive: crate::values::value(codif.kid(N::DIRECTIVE)).map(str::to_string),
        referenced_notice: data
            .at(&[N::REF_NOTICE, N::NO_DOC_OJS])
            .and_then(|e| e.value())
            .and_then(publication_number),
    }
}

impl Coded {
    /// The notice fields every form shares: id, dates, publication, form type, procedure.
    pub fn notice(&self, root: El<'_, '_>, version: &str, cx: &mut Ctx) -> Notice {
        let id = root
            .attr(A::DocId)
            .and_then(publication_number)
            .or_else(|| self.oj_number.as_deref().and_then(publication_number));
        let id = match id {
            Some(id) => id,
            None => {
                cx.warn(
                    &root,
                    "no publication number (TED_EXPORT/@DOC_ID, NO_DOC_OJS); id left empty",
                );
                String::new()
            }
        };
        let form_type = self.doc_type.as_deref().and_then(form_type);
        let change = (form_type == Some(FormType::Change)).then(|| Change {
            changed_notice: None,
            reasons: Vec::new(),
            corrected_notice: self.referenced_notice.clone(),
        });
        Notice {
            format: spp_domain::SourceFormat::TedXml,
            publication: Some(Publication {
                number: Some(id.clone()),
                gazette_id: self.gazette.clone(),
                date: self.published,
            }),
            id,
            version: "01".into(),
            customization_id: Some(format!("ted-xml-{version}")),
            procedure_id: None,
            notice_type: None,
            form_type,
            subtype: None,
            legal_basis: self.directive.as_deref().map(celex),
            issue_date: self.dispatch,
            issue_time: None,
            language: self
                .language
                .as_deref()
                .and_then(crate::values::language3)
                .map(str::to_string),
            change,
            procedure: Procedure {
                nature: self.nature.clone(),
                main_cpv: self.cpv.first().cloned(),
                additional_cpv: self.cpv.iter().skip(1).cloned().collect(),
                procedure_type: self.procedure.clone(),
                ..Procedure::default()
            },
            buyers: Vec::new(),
            organisations: Vec::new(),
            lots: Vec::new(),
            result: None,
            warnings: Vec::new(),
        }
    }
}

/// `TD_DOCUMENT_TYPE/@CODE` as a form type (BT-03).
pub fn form_type(code: &str) -> Option<FormType> {
    Some(match code {
        "0" | "P" | "B" | "Q" | "I" => FormType::Planning,
        "A" | "M" | "O" | "3" | "Y" | "D" | "C" | "H" | "4" | "5" => FormType::Competition,
        "7" | "J" | "R" | "6" | "8" | "9" => FormType::Result,
        "V" => FormType::DirectAwardPreannouncement,
        "K" => FormType::ContractModification,
        "1" | "2" => FormType::Change,
        _ => return None,
    })
}

/// `NC_CONTRACT_NATURE/@CODE`.
fn nature_code(code: &str) -> Option<ContractNature> {
    Some(match code {
        "1" => ContractNature::Works,
        "2" => ContractNature::Supplies,
        "4" => ContractNature::Services,
        "8" | "9" => ContractNature::Combined,
        _ => return None,
    })
}

/// `PR_PROC/@CODE`.
fn procedure_code(code: &str) -> Option<ProcedureType> {
    Some(match code {
        "1" => ProcedureType::Open,
        "2" | "3" => ProcedureType::Restricted,
        "4" | "6" | "B" | "E" => ProcedureType::NegWCall,
        "C" => ProcedureType::CompDial,
        "G" => ProcedureType::Innovation,
        "T" | "V" | "N" => ProcedureType::NegWoCall,
        _ => return None,
    })
}

/// `AA_AUTHORITY_TYPE/@CODE`.
fn authority_code(code: &str) -> Option<BuyerLegalType> {
    Some(match code {
        "1" => BuyerLegalType::Cga,
        "3" => BuyerLegalType::Ra,
        "5" => BuyerLegalType::EuInsBodAg,
        "6" => BuyerLegalType::BodyPl,
        "N" => BuyerLegalType::BodyPlCga,
        "R" => BuyerLegalType::BodyPlRa,
        _ => return None,
    })
}

/// `CA_TYPE/@VALUE` (2014 forms) or `TYPE_OF_CONTRACTING_AUTHORITY/@VALUE` (defence and
/// pre-2014 forms) as BT-11.
pub fn authority_value(value: &str) -> Option<BuyerLegalType> {
    Some(match value {
        "MINISTRY" => BuyerLegalType::Cga,
        "NATIONAL_AGENCY" => BuyerLegalType::BodyPlCga,
        "REGIONAL_AUTHORITY" => BuyerLegalType::Ra,
        "REGIONAL_AGENCY" => BuyerLegalType::BodyPlRa,
        "BODY_PUBLIC" => BuyerLegalType::BodyPl,
        "EU_INSTITUTION" => BuyerLegalType::EuInsBodAg,
        _ => return None,
    })
}

/// `TYPE_CONTRACT/@CTYPE` or `@VALUE`.
pub fn nature_value(value: &str) -> Option<ContractNature> {
    Some(match value {
        "WORKS" => ContractNature::Works,
        "SUPPLIES" => ContractNature::Supplies,
        "SERVICES" => ContractNature::Services,
        _ => return None,
    })
}

/// A legal basis as TED writes it (`32014L0024`, or a directive number `2009/81/EC`) as a
/// CELEX number.
pub fn celex(raw: &str) -> String {
    let raw = raw.trim();
    match raw.split('/').collect::<Vec<_>>()[..] {
        [year, number, _] if year.len() == 4 && number.bytes().all(|b| b.is_ascii_digit()) => {
            format!("3{year}L{number:0>4}")
        }
        _ => raw.to_string(),
    }
}

/// The first code of `list` for which the element exists (`PT_OPEN` → `open`, …).
pub fn first_present<T: CodeList + Clone>(el: Option<El<'_, '_>>, list: &[(N, T)]) -> Option<T> {
    let el = el?;
    el.descendants()
        .find_map(|d| list.iter().find(|(n, _)| d.name_id() == *n))
        .map(|(_, t)| t.clone())
}
