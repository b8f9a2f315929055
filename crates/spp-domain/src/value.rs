//! Small value types parsed once at the edge: CPV codes, amounts, multilingual texts.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A CPV 2008 code, stored as its eight digits (`30213100`); the check digit is optional
/// in input (`30213100-6`) and not kept. Only syntax is checked here; whether the code
/// exists is the catalogue's business.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Cpv(String);

/// Why a CPV code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a CPV code: {0:?} (expected 8 digits, optionally followed by -D)")]
pub struct CpvError(pub String);

impl Cpv {
    /// Parse `DDDDDDDD` or `DDDDDDDD-D`.
    pub fn parse(raw: &str) -> Result<Self, CpvError> {
        let raw = raw.trim();
        let digits = raw.split('-').next().unwrap_or("");
        let check_ok = match raw.split_once('-') {
            None => true,
            Some((_, check)) => check.len() == 1 && check.bytes().all(|b| b.is_ascii_digit()),
        };
        if digits.len() == 8 && digits.bytes().all(|b| b.is_ascii_digit()) && check_ok {
            Ok(Self(digits.to_string()))
        } else {
            Err(CpvError(raw.to_string()))
        }
    }

    /// The eight digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The division: the first two digits (`30`).
    pub fn division(&self) -> &str {
        &self.0[..2]
    }

    /// The significant prefix: the code without its trailing zeros, at least the division
    /// (`30213100` → `302131`). A code matches a group code when it starts with the group's prefix.
    pub fn prefix(&self) -> &str {
        let trimmed = self.0.trim_end_matches('0');
        if trimmed.len() < 2 {
            &self.0[..2]
        } else {
            trimmed
        }
    }
}

impl TryFrom<String> for Cpv {
    type Error = CpvError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Cpv> for String {
    fn from(c: Cpv) -> String {
        c.0
    }
}

impl std::fmt::Display for Cpv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A monetary value as published: a known amount in a currency, or withheld
/// (`-1`, or a privacy block for the field). Amounts keep full decimal precision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Money {
    /// A published amount; `currency` is the ISO 4217 code from `@currencyID`
    /// (`None` when the notice omitted it).
    Amount {
        #[serde(with = "rust_decimal::serde::str")]
        value: Decimal,
        currency: Option<String>,
    },
    /// The buyer withheld the value.
    Withheld,
}

impl Money {
    /// The amount and currency, when known.
    pub fn known(&self) -> Option<(Decimal, Option<&str>)> {
        match self {
            Money::Amount { value, currency } => Some((*value, currency.as_deref())),
            Money::Withheld => None,
        }
    }
}

/// A text in one or more languages (`@languageID`, three-letter EU codes such as `ENG`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text(pub Vec<LangText>);

/// One language of a [`Text`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LangText {
    pub lang: Option<String>,
    pub text: String,
}

impl Text {
    /// True when no language has any text.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|t| t.text.trim().is_empty())
    }

    /// The text in `lang` (e.g. `ENG`), else the first one.
    pub fn get(&self, lang: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|t| {
                t.lang
                    .as_deref()
                    .is_some_and(|l| l.eq_ignore_ascii_case(lang))
            })
            .or_else(|| self.0.first())
            .map(|t| t.text.as_str())
    }

    /// All languages joined, for full-text matching.
    pub fn all_text(&self) -> String {
        self.0
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" \n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpv_parsing_and_prefix() {
        let c = Cpv::parse("30213100-6").unwrap();
        assert_eq!(c.as_str(), "30213100");
        assert_eq!(c.division(), "30");
        assert_eq!(c.prefix(), "302131");
        assert_eq!(Cpv::parse("90000000").unwrap().prefix(), "90");
        assert_eq!(Cpv::parse("10000000").unwrap().prefix(), "10");
        assert!(Cpv::parse("3021310").is_err());
        assert!(Cpv::parse("30213100-66").is_err());
        assert!(Cpv::parse("3021310x").is_err());
    }

    #[test]
    fn text_language_fallback() {
        let t = Text(vec![
            LangText {
                lang: Some("NLD".into()),
                text: "Schoonmaak".into(),
            },
            LangText {
                lang: Some("FRA".into()),
                text: "Nettoyage".into(),
            },
        ]);
        assert_eq!(t.get("fra"), Some("Nettoyage"));
        assert_eq!(t.get("ENG"), Some("Schoonmaak"));
    }
}
