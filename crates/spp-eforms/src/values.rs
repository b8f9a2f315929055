//! Reading typed values (codes, amounts, dates, indicators, texts) out of elements, with
//! every oddity recorded as a [`Warning`] instead of being dropped silently.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use spp_domain::{CodeList, Cpv, LangText, Money, Text, Warning};

use crate::tree::{Attr, El, Ns, N};

/// Collects warnings while a notice is read.
#[derive(Default)]
pub struct Ctx {
    pub warnings: Vec<Warning>,
}

/// At most this many warnings are listed per notice (a hostile file could hold millions).
pub const MAX_WARNINGS: usize = 1000;

/// The code TED writes for a withheld code value.
const UNPUBLISHED: &str = "unpublished";

impl Ctx {
    pub fn warn(&mut self, el: &El<'_, '_>, message: impl Into<String>) {
        if self.warnings.len() < MAX_WARNINGS {
            let at = format!("{} (line {})", el.path(), el.line());
            self.push(at, message.into());
        } else {
            self.push(String::new(), String::new());
        }
    }

    /// Record a warning; past [`MAX_WARNINGS`] only one "more suppressed" entry is kept.
    pub fn push(&mut self, at: String, message: String) {
        match self.warnings.len().cmp(&MAX_WARNINGS) {
            std::cmp::Ordering::Less => self.warnings.push(Warning { at, message }),
            std::cmp::Ordering::Equal => self.warnings.push(Warning {
                at: "notice".into(),
                message: format!("more than {MAX_WARNINGS} warnings; the rest are not listed"),
            }),
            std::cmp::Ordering::Greater => {}
        }
    }

    /// A code of list `T`. Unknown codes are kept and flagged; `unpublished` means withheld
    /// and gives `None` (flagged too).
    pub fn code<T: CodeList>(&mut self, el: Option<El<'_, '_>>) -> Option<T> {
        let el = el?;
        let raw = el.value()?;
        if raw == UNPUBLISHED {
            self.warn(&el, format!("{} code withheld ('unpublished')", T::LIST));
            return None;
        }
        let code = T::parse(raw);
        if !code.is_known() {
            self.warn(&el, format!("unknown {} code {raw:?} (kept)", T::LIST));
        }
        Some(code)
    }

    /// Codes of several elements, in order, skipping empty and withheld ones.
    pub fn codes<'d, 'a, T: CodeList>(
        &mut self,
        els: impl IntoIterator<Item = El<'d, 'a>>,
    ) -> Vec<T>
    where
        'a: 'd,
    {
        els.into_iter().filter_map(|e| self.code(Some(e))).collect()
    }

    /// A raw code string (for lists spp keeps as text), `unpublished` → `None`.
    pub fn raw(&mut self, el: Option<El<'_, '_>>) -> Option<String> {
        let el = el?;
        let raw = el.value()?;
        if raw == UNPUBLISHED {
            self.warn(&el, "code withheld ('unpublished')");
            return None;
        }
        Some(raw.to_string())
    }

    /// An amount with its `@currencyID`. `-1` (or `withheld` set by a privacy marker) is
    /// [`Money::Withheld`]; an unreadable number is flagged and gives `None`.
    pub fn money(&mut self, el: Option<El<'_, '_>>, withheld: bool) -> Option<Money> {
        let Some(el) = el else {
            return withheld.then_some(Money::Withheld);
        };
        if withheld {
            return Some(Money::Withheld);
        }
        let raw = el.value()?;
        if raw == UNPUBLISHED {
            return Some(Money::Withheld);
        }
        match Decimal::from_str(raw).or_else(|_| Decimal::from_scientific(raw)) {
            Ok(v) if v == Decimal::NEGATIVE_ONE => Some(Money::Withheld),
            Ok(v) => {
                if v.is_sign_negative() {
                    self.warn(&el, format!("negative amount {raw}"));
                }
                Some(Money::Amount {
                    value: v,
                    currency: el.attr(Attr::CurrencyId).map(|c| c.trim().to_string()),
                })
            }
            Err(_) => {
                self.warn(&el, format!("not an amount: {raw:?}"));
                None
            }
        }
    }

    /// A decimal number.
    pub fn decimal(&mut self, el: Option<El<'_, '_>>) -> Option<Decimal> {
        let el = el?;
        let raw = el.value()?;
        match Decimal::from_str(raw).or_else(|_| Decimal::from_scientific(raw)) {
            Ok(v) => Some(v),
            Err(_) => {
                self.warn(&el, format!("not a number: {raw:?}"));
                None
            }
        }
    }

    /// A count written as a number (decimals are rounded); negative counts (`-1`) are withheld.
    pub fn count(&mut self, el: Option<El<'_, '_>>) -> Option<u64> {
        let el = el?;
        let v = self.decimal(Some(el))?;
        if v.is_sign_negative() {
            if v != Decimal::NEGATIVE_ONE {
                self.warn(&el, format!("negative count {v}"));
            }
            return None;
        }
        let rounded = v.round();
        if rounded != v {
            self.warn(&el, format!("count {v} is not whole; rounded to {rounded}"));
        }
        rounded.to_u64()
    }

    /// An xs:date with an optional zone (`2019-10-23+01:00`, `2000-01-01Z`).
    pub fn date(&mut self, el: Option<El<'_, '_>>) -> Option<NaiveDate> {
        let el = el?;
        let raw = el.value()?;
        match parse_date(raw) {
            Some(d) => Some(d),
            None => {
                self.warn(&el, format!("not a date: {raw:?}"));
                None
            }
        }
    }

    /// An indicator: `true`/`false` (also `1`/`0`).
    pub fn indicator(&mut self, el: Option<El<'_, '_>>) -> Option<bool> {
        let el = el?;
        match el.value()? {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            UNPUBLISHED => None,
            other => {
                self.warn(&el, format!("not an indicator: {other:?}"));
                None
            }
        }
    }

    /// A CPV code; bad syntax is flagged and dropped.
    pub fn cpv(&mut self, el: Option<El<'_, '_>>) -> Option<Cpv> {
        let el = el?;
        let raw = el.value()?;
        if let Some(list) = el.attr(Attr::ListName) {
            if list != "cpv" {
                self.warn(
                    &el,
                    format!("classification {raw:?} of list {list:?} is not CPV"),
                );
                return None;
            }
        }
        match Cpv::parse(raw) {
            Ok(c) => Some(c),
            Err(e) => {
                self.warn(&el, e.to_string());
                None
            }
        }
    }
}

/// A multilingual text from repeated elements with `@languageID`.
pub fn text<'d, 'a: 'd>(els: impl IntoIterator<Item = El<'d, 'a>>) -> Text {
    Text(
        els.into_iter()
            .filter_map(|e| {
                e.value().map(|t| LangText {
                    lang: e.attr(Attr::LanguageId).map(str::to_string),
                    text: t.to_string(),
                })
            })
            .collect(),
    )
}

/// The owned text of an optional element.
pub fn string(el: Option<El<'_, '_>>) -> Option<String> {
    el.and_then(|e| e.value()).map(str::to_string)
}

/// `YYYY-MM-DD` followed by nothing, `Z`, or `±HH:MM`.
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    let (date, zone) = raw.split_at_checked(10)?;
    let zone_ok = zone.is_empty()
        || zone == "Z"
        || (zone.len() == 6
            && (zone.starts_with('+') || zone.starts_with('-'))
            && zone.as_bytes()[3] == b':'
            && zone[1..3].bytes().all(|b| b.is_ascii_digit())
            && zone[4..].bytes().all(|b| b.is_ascii_digit()));
    if !zone_ok {
        return None;
    }
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

/// The field codes that `efac:FieldsPrivacy` markers of an element say are withheld: the
/// markers sit either directly under the element or in its own eForms extension.
pub fn privacy_codes<'d>(el: &El<'d, '_>) -> Vec<&'d str> {
    let direct = el.all(Ns::Efac, N::FieldsPrivacy);
    let in_ext = crate::notice::ext(el)
        .into_iter()
        .flat_map(|x| x.all(Ns::Efac, N::FieldsPrivacy));
    direct
        .chain(in_ext)
        .filter_map(|p| p.text_at(&[(Ns::Efbc, N::FieldIdentifierCode)]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_with_zones() {
        let d = NaiveDate::from_ymd_opt(2019, 10, 23);
        assert_eq!(parse_date("2019-10-23+01:00"), d);
        assert_eq!(parse_date("2019-10-23-05:00"), d);
        assert_eq!(parse_date("2019-10-23Z"), d);
        assert_eq!(parse_date("2019-10-23"), d);
        assert_eq!(parse_date("2019-10-23T10:00"), None);
        assert_eq!(parse_date("2019-13-23Z"), None);
        assert_eq!(parse_date("2019-1"), None);
        assert_eq!(parse_date("2019-10-2é+01:00"), None);
    }
}
