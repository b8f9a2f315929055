//! The Belgian enterprise number (KBO / BCE, *ondernemingsnummer* / *numéro d'entreprise*).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{FieldError, FieldResult};

/// A KBO/BCE number: ten digits, starting with 0 or 1, whose last two digits are 97 minus the
/// first eight modulo 97. Written `0123.456.749`; read with or without dots, spaces and a
/// `BE` prefix.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Kbo(String);

impl Kbo {
    pub fn parse(field: &str, raw: &str) -> FieldResult<Kbo> {
        let mut s = raw.trim().to_ascii_uppercase();
        if let Some(rest) = s.strip_prefix("BE") {
            s = rest.to_string();
        }
        let digits: String = s
            .chars()
            .filter(|c| !matches!(c, '.' | ' ' | '-'))
            .collect();
        let digits = if digits.len() == 9 {
            format!("0{digits}") // the old nine-digit numbers
        } else {
            digits
        };
        if digits.len() != 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new(
                field,
                raw,
                "a KBO/BCE number has 10 digits",
            ));
        }
        if !digits.starts_with('0') && !digits.starts_with('1') {
            return Err(FieldError::new(
                field,
                raw,
                "a KBO/BCE number starts with 0 or 1",
            ));
        }
        let base: u64 = digits[..8].parse().unwrap_or(0);
        let check: u64 = digits[8..].parse().unwrap_or(0);
        if 97 - base % 97 != check {
            return Err(FieldError::new(
                field,
                raw,
                format!(
                    "check digits should be {:02} (97 − first eight mod 97)",
                    97 - base % 97
                ),
            ));
        }
        Ok(Kbo(digits))
    }

    /// The ten digits.
    pub fn digits(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Kbo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.0;
        write!(f, "{}.{}.{}", &d[..4], &d[4..7], &d[7..])
    }
}

impl TryFrom<String> for Kbo {
    type Error = FieldError;
    fn try_from(s: String) -> FieldResult<Kbo> {
        Kbo::parse("kbo", &s)
    }
}

impl From<Kbo> for String {
    fn from(k: Kbo) -> String {
        k.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_numbers_in_every_spelling() {
        // 0203.201.340 (base 02032013 mod 97 = 57, 97 - 57 = 40), hand-checked.
        for raw in [
            "0203.201.340",
            "BE0203201340",
            "be 0203 201 340",
            "203201340",
        ] {
            let k = Kbo::parse("kbo", raw).unwrap();
            assert_eq!(k.digits(), "0203201340", "{raw}");
            assert_eq!(k.to_string(), "0203.201.340");
        }
    }

    #[test]
    fn refused_with_a_reason() {
        let e = Kbo::parse("kbo", "0203.201.341").unwrap_err();
        assert_eq!(e.field, "kbo");
        assert!(e.reason.contains("should be 40"), "{e}");
        assert!(Kbo::parse("kbo", "12345")
            .unwrap_err()
            .reason
            .contains("10 digits"));
        assert!(Kbo::parse("kbo", "2203201340")
            .unwrap_err()
            .reason
            .contains("0 or 1"));
        assert!(Kbo::parse("kbo", "02032013AB").is_err());
    }
}
