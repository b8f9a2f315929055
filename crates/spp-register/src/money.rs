//! Amounts in euro excluding VAT, kept in cents so sums are exact.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{FieldError, FieldResult};

/// A non-negative amount in EUR excl. VAT, in whole cents, below 10¹³ EUR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Eur(i64);

const MAX_CENTS: i64 = 1_000_000_000_000_000;

impl Eur {
    pub fn from_cents(field: &str, cents: i64) -> FieldResult<Eur> {
        if !(0..MAX_CENTS).contains(&cents) {
            return Err(FieldError::new(field, cents.to_string(), "out of range"));
        }
        Ok(Eur(cents))
    }

    /// Reads `1234.56`, `1234,56`, `1.234,56`, `1 234,56`, `€ 1,234.56`, `1234 EUR`: when both
    /// `.` and `,` occur the last one is the decimal separator; a lone `,` or `.` is decimal.
    pub fn parse(field: &str, raw: &str) -> FieldResult<Eur> {
        let bad = |reason: &str| FieldError::new(field, raw, reason);
        let mut s: String = raw
            .trim()
            .trim_start_matches('€')
            .trim_end_matches("EUR")
            .trim_end_matches('€')
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\'')
            .collect();
        if s.is_empty() {
            return Err(bad("is required"));
        }
        let (dot, comma) = (s.rfind('.'), s.rfind(','));
        let decimal = match (dot, comma) {
            (Some(d), Some(c)) => Some(d.max(c)),
            (Some(d), None) if s.matches('.').count() == 1 => Some(d),
            (None, Some(c)) if s.matches(',').count() == 1 => Some(c),
            (None, None) => None,
            _ => return Err(bad("more than one decimal separator")),
        };
        if let Some(pos) = decimal {
            let (int, frac) = s.split_at(pos);
            let int: String = int.chars().filter(|c| *c != '.' && *c != ',').collect();
            s = format!("{int}.{}", &frac[1..]);
        }
        let value: Decimal = s.parse().map_err(|_| bad("not an amount"))?;
        if value.is_sign_negative() && !value.is_zero() {
            return Err(bad("must not be negative"));
        }
        if value.scale() > 2 && value.normalize().scale() > 2 {
            return Err(bad(
                "more than two decimals (amounts are in euro and cents)",
            ));
        }
        let cents = (value * Decimal::from(100)).trunc();
        let cents: i64 = cents.try_into().map_err(|_| bad("out of range"))?;
        Eur::from_cents(field, cents).map_err(|_| bad("out of range"))
    }

    pub fn cents(&self) -> i64 {
        self.0
    }

    pub fn as_decimal(&self) -> Decimal {
        Decimal::new(self.0, 2)
    }
}

impl fmt::Display for Eur {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings() {
        for (raw, cents) in [
            ("1234.56", 123_456),
            ("1234,56", 123_456),
            ("1.234,56", 123_456),
            ("1,234.56", 123_456),
            ("1 234,5", 123_450),
            ("€ 10", 1000),
            ("10 EUR", 1000),
            ("0", 0),
            ("1.50", 150),
        ] {
            assert_eq!(Eur::parse("v", raw).unwrap().cents(), cents, "{raw}");
        }
        assert_eq!(Eur::parse("v", "1234,5").unwrap().to_string(), "1234.50");
    }

    #[test]
    fn refusals() {
        for (raw, reason) in [
            ("-5", "negative"),
            ("1.234.567", "more than one"),
            ("abc", "not an amount"),
            ("1.005", "two decimals"),
            ("", "required"),
            ("99999999999999999", "range"),
        ] {
            let e = Eur::parse("awarded_value", raw).unwrap_err();
            assert!(e.reason.contains(reason), "{raw}: {e}");
            assert_eq!(e.field, "awarded_value");
        }
    }
}
