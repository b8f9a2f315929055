//! Typed values out of TED XML elements (amounts, dates, counts, codes, texts), with every
//! oddity recorded as a [`Warning`] instead of being dropped silently.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use spp_domain::{Cpv, LangText, Money, Text, Warning};

use crate::vocab::{El, Tx, A, N};

/// At most this many warnings are listed per notice.
pub const MAX_WARNINGS: usize = 1000;

/// Collects warnings while a notice is read, and knows the notice's original language.
#[derive(Default)]
pub struct Ctx {
    pub warnings: Vec<Warning>,
    /// The three-letter code of the original form's language (`ENG`).
    pub lang: Option<String>,
}

impl Ctx {
    pub fn warn(&mut self, el: &El<'_, '_>, message: impl Into<String>) {
        match self.warnings.len().cmp(&MAX_WARNINGS) {
            std::cmp::Ordering::Less => self.warnings.push(Warning {
                at: format!("{} (line {})", el.path(), el.line()),
                message: message.into(),
            }),
            std::cmp::Ordering::Equal => self.warnings.push(Warning {
                at: "notice".into(),
                message: format!("more than {MAX_WARNINGS} warnings; the rest are not listed"),
            }),
            std::cmp::Ordering::Greater => {}
        }
    }

    /// An amount with its `@CURRENCY`. Amounts are written `1234.50`; spaces and a decimal
    /// comma are tolerated. An unreadable amount is flagged and gives `None`.
    pub fn money(&mut self, el: Option<El<'_, '_>>) -> Option<Money> {
        let el = el?;
        let raw = el.value()?;
        let cleaned: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        let cleaned = if cleaned.contains(',') && !cleaned.contains('.') {
            cleaned.replace(',', ".")
        } else {
            cleaned
        };
        match Decimal::from_str(&cleaned) {
            Ok(v) if v.is_sign_negative() => {
                self.warn(&el, format!("negative amount {raw} (taken as withheld)"));
                Some(Money::Withheld)
            }
            Ok(v) => Some(Money::Amount {
                value: v,
                currency: el.attr(A::Currency).map(|c| c.trim().to_string()),
            }),
            Err(_) => {
                self.warn(&el, format!("not an amount: {raw:?}"));
                None
            }
        }
    }

    /// A count (`NB_TENDERS_RECEIVED`); a non-number is flagged.
    pub fn count(&mut self, el: Option<El<'_, '_>>) -> Option<u64> {
        let el = el?;
        let raw = el.value()?;
        match raw.parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => {
                self.warn(&el, format!("not a count: {raw:?}"));
                None
            }
        }
    }

    /// A date as TED writes it: `20190102` (coded data), `2019-01-02` (forms), or
    /// `DAY`/`MONTH`/`YEAR` children (defence and pre-2014 forms).
    pub fn date(&mut self, el: Option<El<'_, '_>>) -> Option<NaiveDate> {
        let el = el?;
        let parsed = match el.value() {
            Some(raw) => {
                let raw = raw.get(..10).unwrap_or(raw);
                NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                    .or_else(|_| NaiveDate::parse_from_str(raw, "%Y%m%d"))
                    .ok()
            }
            None => {
                let part = |n: N| el.kid(n).and_then(|e| e.value()?.parse::<u32>().ok());
                match (part(N::YEAR), part(N::MONTH), part(N::DAY)) {
                    (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d),
                    _ => None,
                }
            }
        };
        if parsed.is_none() {
            self.warn(&el, format!("not a date: {:?}", el.text()));
        }
        parsed
    }

    /// `CPV_CODE/@CODE` under `el`.
    pub fn cpv(&mut self, el: Option<El<'_, '_>>) -> Option<Cpv> {
        let code = el.kid(N::CPV_CODE)?;
        let raw = code.attr(A::Code)?;
        match Cpv::parse(raw) {
            Ok(c) => Some(c),
            Err(e) => {
                self.warn(&code, e.to_string());
                None
            }
        }
    }

    /// The text of `el` and everything in it (paragraphs `P`, line breaks), in the notice's
    /// original language.
    pub fn text(&self, el: Option<El<'_, '_>>) -> Text {
        let Some(el) = el else {
            return Text::default();
        };
        let mut parts: Vec<&str> = Vec::new();
        parts.extend(el.value());
        parts.extend(el.descendants().filter_map(|d| d.value()));
        if parts.is_empty() {
            return Text::default();
        }
        Text(vec![LangText {
            lang: self.lang.clone(),
            text: parts.join("\n"),
        }])
    }
}

/// `@VALUE` of `el`, trimmed and not empty.
pub fn value<'d>(el: Option<El<'d, '_>>) -> Option<&'d str> {
    el?.attr(A::Value).map(str::trim).filter(|v| !v.is_empty())
}

/// `@CODE` of `el`, trimmed and not empty.
pub fn code<'d>(el: Option<El<'d, '_>>) -> Option<&'d str> {
    el?.attr(A::Code).map(str::trim).filter(|v| !v.is_empty())
}

/// The text of `el` as a string (trimmed, not empty).
pub fn string(el: Option<El<'_, '_>>) -> Option<String> {
    el?.value().map(str::to_string)
}

/// A TED two-letter country code as the three-letter ISO 3166-1 code (`spp_domain::country`).
pub fn country3(alpha2: &str) -> Option<String> {
    spp_domain::country::alpha3(alpha2)
}

/// The EU languages TED writes as two letters (`EN`), as the three-letter codes of eForms.
pub fn language3(alpha2: &str) -> Option<&'static str> {
    const LANGS: [(&str, &str); 24] = [
        ("BG", "BUL"),
        ("CS", "CES"),
        ("DA", "DAN"),
        ("DE", "DEU"),
        ("EL", "ELL"),
        ("EN", "ENG"),
        ("ES", "SPA"),
        ("ET", "EST"),
        ("FI", "FIN"),
        ("FR", "FRA"),
        ("GA", "GLE"),
        ("HR", "HRV"),
        ("HU", "HUN"),
        ("IT", "ITA"),
        ("LT", "LIT"),
        ("LV", "LAV"),
        ("MT", "MLT"),
        ("NL", "NLD"),
        ("PL", "POL"),
        ("PT", "POR"),
        ("RO", "RON"),
        ("SK", "SLK"),
        ("SL", "SLV"),
        ("SV", "SWE"),
    ];
    let code = alpha2.trim().to_ascii_uppercase();
    LANGS.iter().find(|(a, _)| *a == code).map(|(_, b)| *b)
}

/// A TED publication number from `DOC_ID` (`000002-2019`) or from an OJ S reference
/// (`2019/S 001-000002`), as `000002-2019`.
pub fn publication_number(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if let Some((year, rest)) = raw.split_once("/S") {
        let number = rest.rsplit('-').next()?.trim();
        let year = year.trim();
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        return (digits(number) && digits(year)).then(|| format!("{number}-{year}"));
    }
    let (number, year) = raw.split_once('-')?;
    let ok = !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
        && year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| raw.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_languages_and_publication_numbers() {
        assert_eq!(country3("BE").as_deref(), Some("BEL"));
        assert_eq!(country3("uk").as_deref(), Some("GBR"));
        assert_eq!(country3("EL").as_deref(), Some("GRC"));
        assert_eq!(country3("GR").as_deref(), Some("GRC"));
        assert_eq!(country3("ZZ"), None);
        assert_eq!(language3("nl"), Some("NLD"));
        assert_eq!(language3("XX"), None);
        assert_eq!(
            publication_number("2019/S 001-000002").as_deref(),
            Some("000002-2019")
        );
        assert_eq!(
            publication_number("000002-2019").as_deref(),
            Some("000002-2019")
        );
        assert_eq!(publication_number("n.a."), None);
        assert_eq!(publication_number("2019/S x-y"), None);
    }
}
