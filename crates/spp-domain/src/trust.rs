//! Which notices a monitor may count at all. One definition, used by the ingest:
//!
//! - a notice **without an id** (BT-701; TED XML: the publication number) is refused: stored
//!   notices are keyed by it, and such notices would overwrite each other under `''`;
//! - an **example or test notice** is refused (never counted): an eForms notice that TED did
//!   not publish — no publication block (OPP-010/011/012) and no national publication scheme
//!   (a `#…` extension of `cbc:CustomizationID`, as Doffin's) — which is what the SDK's
//!   examples, `INVALID_*` test notices and unpublished drafts look like; or any notice whose
//!   publication number is a placeholder (`12345678-2025`, `00000000-2024`: one digit
//!   repeated, or the run 1-2-3-…).

use crate::notice::{Notice, SourceFormat};

/// Why a notice is not counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NoId,
    Example(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::NoId => f.write_str(
                "refused: the notice has no identifier (eForms BT-701 cbc:ID, TED XML @DOC_ID), and notices are stored by it",
            ),
            Refusal::Example(why) => write!(f, "refused: an example or test notice, not counted ({why})"),
        }
    }
}

/// `Some(reason)` when `n` must not be stored or counted.
pub fn refusal(n: &Notice) -> Option<Refusal> {
    if n.id.trim().is_empty() {
        return Some(Refusal::NoId);
    }
    let number = n.publication.as_ref().and_then(|p| p.number.as_deref());
    if let Some(number) = number.filter(|num| is_placeholder(num)) {
        return Some(Refusal::Example(format!(
            "placeholder publication number {number}"
        )));
    }
    let national = n
        .customization_id
        .as_deref()
        .is_some_and(|c| c.contains('#'));
    if n.format == SourceFormat::Eforms && n.publication.is_none() && !national {
        return Some(Refusal::Example(
            "not published on TED: no publication block OPP-010/011/012, as in the eForms SDK examples"
                .into(),
        ));
    }
    None
}

/// `12345678-2025`, `00000000-2024`: the number part one digit repeated or counting up.
fn is_placeholder(number: &str) -> bool {
    let digits = number.split('-').next().unwrap_or("");
    if digits.len() < 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let b = digits.as_bytes();
    let repeated = b.iter().all(|&c| c == b[0]);
    let counting = b.windows(2).all(|w| w[1] == w[0] + 1);
    repeated || counting
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::Publication;

    fn notice(id: &str, number: Option<&str>, custom: &str) -> Notice {
        let mut n: Notice = serde_json::from_str(
            r#"{"id":"","version":"01","customization_id":null,"procedure_id":null,"notice_type":null,"form_type":null,"subtype":null,"legal_basis":null,"issue_date":null,"issue_time":null,"language":null,"publication":null,"change":null,"procedure":{"title":[],"nature":null,"main_cpv":null,"additional_cpv":[],"estimated_value":null,"procedure_type":null,"accelerated":null},"buyers":[],"organisations":[],"lots":[],"result":null,"warnings":[]}"#,
        )
        .expect("notice JSON");
        n.id = id.into();
        n.customization_id = Some(custom.into());
        n.publication = number.map(|num| Publication {
            number: Some(num.into()),
            gazette_id: None,
            date: None,
        });
        n
    }

    #[test]
    fn refusals() {
        assert_eq!(
            refusal(&notice(" ", Some("00123456-2024"), "eforms-sdk-1.7")),
            Some(Refusal::NoId)
        );
        assert_eq!(
            refusal(&notice("a", Some("00634805-2022"), "eforms-sdk-1.7")),
            None
        );
        assert!(matches!(
            refusal(&notice("a", Some("12345678-2025"), "eforms-sdk-1.15")),
            Some(Refusal::Example(_))
        ));
        assert!(matches!(
            refusal(&notice("a", Some("00000000-2025"), "eforms-sdk-1.15")),
            Some(Refusal::Example(_))
        ));
        assert!(matches!(
            refusal(&notice("a", None, "eforms-sdk-1.15")),
            Some(Refusal::Example(_))
        ));
        // Doffin's national notices have no TED publication.
        assert_eq!(
            refusal(&notice(
                "a",
                None,
                "eforms-sdk-1.7#extended#urn:fdc:anskaffelser.no:2023:eforms:national"
            )),
            None
        );
        let mut ted = notice("000002-2019", Some("000002-2019"), "ted-xml-R2.0.9");
        ted.format = SourceFormat::TedXml;
        assert_eq!(refusal(&ted), None);
        ted.publication = None;
        assert_eq!(refusal(&ted), None);
        assert!(Refusal::NoId.to_string().contains("no identifier"));
    }
}
