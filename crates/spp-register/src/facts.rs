//! The coded facts of a contract: closed lists, each read from its code (and the Dutch and
//! French words a buyer types) and written as its code.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{FieldError, FieldResult};

/// A closed list of codes: `as_str`, `parse` (code or alias, case-insensitive), `ALL`.
macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $code:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($(#[$vm])* #[serde(rename = $code)] $v),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            pub fn as_str(&self) -> &'static str {
                match self { $($name::$v => $code),+ }
            }

            pub fn parse(field: &str, raw: &str) -> FieldResult<$name> {
                let v = raw.trim().to_lowercase().replace(' ', "-").replace('_', "-");
                $(if v == $code.replace('_', "-") $(|| v == $alias)* { return Ok($name::$v); })+
                let known: Vec<&str> = Self::ALL.iter().map(|c| c.as_str()).collect();
                Err(FieldError::new(field, raw, format!("unknown code (known: {})", known.join(", "))))
            }
        }
    };
}

code_enum! {
    /// The award procedure (eForms BT-105 codes, plus the Belgian accepted invoice).
    Procedure {
        Open = "open" | "openbaar" | "ouverte",
        Restricted = "restricted" | "niet-openbaar" | "restreinte",
        NegotiatedWithCall = "neg-w-call" | "mededingingsprocedure-met-onderhandeling" | "concurrentielle-avec-négociation",
        NegotiatedWithoutCall = "neg-wo-call" | "onderhandelingsprocedure-zonder-bekendmaking" | "négociée-sans-publication",
        CompetitiveDialogue = "comp-dial" | "concurrentiedialoog" | "dialogue-compétitif",
        InnovationPartnership = "innovation" | "innovatiepartnerschap" | "partenariat-d'innovation",
        /// Aanvaarde factuur / facture acceptée: small purchases below EUR 30,000 (excl. VAT).
        AcceptedInvoice = "accepted-invoice" | "aanvaarde-factuur" | "facture-acceptée",
        Other = "other" | "andere" | "autre",
    }
}

code_enum! {
    /// Whether the estimated value is below or above the EU threshold.
    Threshold {
        Below = "below" | "onder" | "sous" | "en-dessous",
        Above = "above" | "boven" | "au-dessus",
    }
}

code_enum! {
    /// A circular procurement model.
    CircularModel {
        Refurbished = "refurbished" | "refurbished-products" | "gereviseerd" | "reconditionné",
        Leasing = "leasing" | "product-as-a-service" | "huur",
        TakeBack = "take_back" | "terugname" | "reprise",
    }
}

code_enum! {
    /// A procurement of innovation.
    Innovation {
        /// Pre-commercial procurement (R&D services).
        Pcp = "pcp" | "pre-commercial",
        /// Public procurement of innovative solutions.
        Ppi = "ppi",
        InnovationPartnership = "innovation_partnership" | "innovatiepartnerschap" | "partenariat-d'innovation",
    }
}

code_enum! {
    /// A clause on labour rights in the supply chain.
    SupplyChain {
        ElectronicsWatch = "electronics_watch" | "electronics-watch-clause",
        Other = "other" | "andere" | "autre",
    }
}

/// Where the contract is published, so that a contract that is also a notice is counted once.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum NoticeLink {
    /// A TED publication number, `123456-2024`.
    Ted(String),
    /// An eForms procedure identifier (BT-04, a UUID).
    Procedure(String),
}

impl NoticeLink {
    /// A TED publication number `123456-2024` (zero-padded to eight digits) or a UUID.
    pub fn parse(field: &str, raw: &str) -> FieldResult<NoticeLink> {
        let t = raw.trim();
        if let Some((num, year)) = t.split_once('-') {
            let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
                n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
            };
            if digits(num, 1..=8) && digits(year, 4..=4) {
                return Ok(NoticeLink::Ted(format!("{:0>8}-{year}", num)));
            }
        }
        let uuid = t.len() == 36
            && t.char_indices().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => c == '-',
                _ => c.is_ascii_hexdigit(),
            });
        if uuid {
            return Ok(NoticeLink::Procedure(t.to_ascii_lowercase()));
        }
        Err(FieldError::new(
            field,
            raw,
            "a TED publication number (123456-2024) or an eForms procedure id (UUID)",
        ))
    }

    /// As written in files: the publication number or the UUID.
    pub fn as_str(&self) -> &str {
        match self {
            NoticeLink::Ted(s) | NoticeLink::Procedure(s) => s,
        }
    }
}

/// A yes/no answer; blank is *not reported* (`None`), never *no*.
pub fn yes_no(field: &str, raw: Option<&str>) -> FieldResult<Option<bool>> {
    let Some(v) = raw.map(|s| s.trim().to_lowercase()) else {
        return Ok(None);
    };
    match v.as_str() {
        "" => Ok(None),
        "yes" | "y" | "ja" | "j" | "oui" | "o" | "true" | "1" | "x" => Ok(Some(true)),
        "no" | "n" | "nee" | "non" | "false" | "0" => Ok(Some(false)),
        _ => Err(FieldError::new(
            field,
            v,
            "yes or no (ja/nee, oui/non), or blank",
        )),
    }
}

/// An ISO date `YYYY-MM-DD` (also `DD/MM/YYYY` and `DD-MM-YYYY`, as Belgian spreadsheets
/// write them); blank is `None`.
pub fn date(field: &str, raw: Option<&str>) -> FieldResult<Option<NaiveDate>> {
    let Some(t) = raw.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let t = t
        .get(..10)
        .filter(|_| t.len() > 10 && t.as_bytes()[10] == b'T')
        .unwrap_or(t);
    for fmt in ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(t, fmt) {
            return Ok(Some(d));
        }
    }
    Err(FieldError::new(
        field,
        t,
        "not a date (YYYY-MM-DD or DD/MM/YYYY)",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_aliases() {
        assert_eq!(Procedure::parse("p", "Open").unwrap(), Procedure::Open);
        assert_eq!(
            Procedure::parse("p", "aanvaarde factuur").unwrap(),
            Procedure::AcceptedInvoice
        );
        assert_eq!(
            CircularModel::parse("c", "take-back").unwrap(),
            CircularModel::TakeBack
        );
        assert_eq!(
            CircularModel::parse("c", "take_back").unwrap(),
            CircularModel::TakeBack
        );
        assert_eq!(Innovation::parse("i", "PCP").unwrap(), Innovation::Pcp);
        let e = Threshold::parse("threshold", "middle").unwrap_err();
        assert!(e.reason.contains("below, above"), "{e}");
    }

    #[test]
    fn notice_links() {
        assert_eq!(
            NoticeLink::parse("n", "123456-2024").unwrap(),
            NoticeLink::Ted("00123456-2024".into())
        );
        let uuid = "2E5BA9B4-1234-4C2B-9F3B-0123456789AB";
        assert_eq!(
            NoticeLink::parse("n", uuid).unwrap(),
            NoticeLink::Procedure(uuid.to_ascii_lowercase())
        );
        assert!(NoticeLink::parse("n", "2024/S 123").is_err());
    }

    #[test]
    fn yes_no_and_dates() {
        assert_eq!(yes_no("f", Some("Ja")).unwrap(), Some(true));
        assert_eq!(yes_no("f", Some("non")).unwrap(), Some(false));
        assert_eq!(yes_no("f", Some(" ")).unwrap(), None);
        assert!(yes_no("f", Some("maybe")).is_err());
        let d = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
        for raw in [
            "2025-03-31",
            "31/03/2025",
            "31-03-2025",
            "2025-03-31T00:00:00",
        ] {
            assert_eq!(date("f", Some(raw)).unwrap(), Some(d), "{raw}");
        }
        assert!(date("f", Some("2025-02-30")).is_err());
    }
}
