//! Legacy TED XML notices (`TED_EXPORT`, schema releases R2.0.7, R2.0.8 and R2.0.9) into spp
//! domain types (parsing only, no I/O).
//!
//! [`parse_notice`] reads the *original-language* form of one TED XML notice — the 2014 forms
//! F01–F25, the transport forms (`MOVE`), other notices (`OTH_NOT`), and the defence and
//! pre-2014 forms of R2.0.7/R2.0.8 (`CONTRACT_DEFENCE`, `CONTRACT_AWARD_DEFENCE`,
//! `PRIOR_INFORMATION_DEFENCE`, …) — together with its `CODED_DATA_SECTION` into the same
//! [`spp_domain::Notice`] the eForms reader gives. Award results are laid out the eForms way
//! (lot results, tenders, tendering parties, settled contracts, organisations with technical
//! ids `ORG-0001`…), so one derivation of lot records serves both formats.
//!
//! What TED XML does not have is *not reported*, never *no*: strategic procurement (BT-06),
//! green, social and innovation codes (BT-774/775/776/805), clean-vehicle facts (BT-717), the
//! company size other than SME / not SME. docs/FORMAT.md maps every fact to its XPath in both
//! formats. Bad input gives a [`TedError`] that says what and where; nothing panics.

mod award;
mod coded;
mod form;
mod legacy;
mod values;
mod vocab;

use spp_domain::{Notice, SourceFormat};
use spp_xml::XmlError;

use crate::vocab::{Doc, Ns, Tx, A, N};

/// The largest input accepted, in bytes (the largest TED XML notice seen is 2.8 MB).
pub const MAX_NOTICE_BYTES: usize = 64 * 1024 * 1024;

/// Why [`parse_notice`] refused its input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TedError {
    /// Not readable XML (size, encoding, syntax, no root).
    #[error(transparent)]
    Xml(XmlError),
    #[error("not a TED XML notice: {0}")]
    NotTed(String),
}

impl From<XmlError> for TedError {
    fn from(e: XmlError) -> TedError {
        match e {
            XmlError::NotMarkup(what) => TedError::NotTed(what),
            other => TedError::Xml(other),
        }
    }
}

/// Parse one TED XML notice.
pub fn parse_notice(bytes: &[u8]) -> Result<Notice, TedError> {
    let src = spp_xml::decode(bytes, MAX_NOTICE_BYTES)?;
    let doc = Doc::parse(src)?;
    read(&doc)
}

fn read(doc: &Doc<'_>) -> Result<Notice, TedError> {
    let root = doc.root();
    if root.name_id() != N::TED_EXPORT || root.ns() != Ns::Ted {
        let ns = if doc.root_uri.is_empty() {
            "no namespace".to_string()
        } else {
            format!("namespace {}", doc.root_uri)
        };
        return Err(TedError::NotTed(format!(
            "root element {} ({ns}); expected TED_EXPORT in a TED R2.0.7, R2.0.8 or R2.0.9 namespace",
            root.name()
        )));
    }
    let forms = root.kid(N::FORM_SECTION);
    let Some(form) = forms.as_ref().and_then(|f| {
        let mut kids = f.children().filter(|c| c.name_id() != N::NOTICE_UUID);
        let all: Vec<_> = kids.by_ref().collect();
        all.iter()
            .copied()
            .find(|c| c.attr(A::Category).map(str::trim) == Some("ORIGINAL"))
            .or_else(|| all.first().copied())
    }) else {
        return Err(TedError::NotTed(
            "no form in FORM_SECTION (TED_EXPORT/FORM_SECTION/*[@CATEGORY='ORIGINAL'])".into(),
        ));
    };
    let mut cx = values::Ctx {
        lang: form
            .attr(A::Lg)
            .and_then(values::language3)
            .map(str::to_string),
        ..values::Ctx::default()
    };
    let coded = coded::read(root.kid(N::CODED_DATA_SECTION), &mut cx);
    let release = vocab::release(&doc.root_uri).unwrap_or("R2.0.9");
    let version = root
        .attr(A::Version)
        .or_else(|| form.attr(A::Version))
        .map_or_else(|| release.to_string(), |v| v.trim().to_string());
    let mut notice = coded.notice(root, &version, &mut cx);
    if form.name().starts_with('F') && form.name().contains("_20") || is_2014_layout(form.name()) {
        form::read(form, &coded, &mut notice, &mut cx);
    } else {
        legacy::read(form, &coded, &mut notice, &mut cx);
    }
    buyer_from_codes(&coded, &mut notice);
    notice.format = SourceFormat::TedXml;
    notice.warnings = cx.warnings;
    Ok(notice)
}

/// A form that names no buyer address (an `OTH_NOT` in free text, say): the notice's coded
/// country and NUTS (`CODED_DATA_SECTION`) stand for the buyer's, as they do for a buyer
/// address without a country.
fn buyer_from_codes(coded: &coded::Coded, notice: &mut Notice) {
    if !notice.buyers.is_empty() || coded.country.is_none() {
        return;
    }
    let id = format!("ORG-{:04}", notice.organisations.len() + 1);
    let party = award::Party {
        country: coded.country.clone(),
        nuts: coded.buyer_nuts.clone(),
        ..award::Party::default()
    };
    notice.organisations.push(party.organisation(id.clone()));
    notice.buyers.push(spp_domain::Buyer {
        organisation_id: Some(id),
        legal_type: coded.authority.clone(),
        activity: None,
    });
}

/// The forms laid out like the 2014 ones (`CONTRACTING_BODY`, `OBJECT_CONTRACT`, …).
fn is_2014_layout(name: &str) -> bool {
    matches!(name, "MOVE" | "OTH_NOT")
}

#[cfg(test)]
mod tests;
