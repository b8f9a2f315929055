//! How notices are matched to the register: a notice buyer to an entity (by registration
//! number, then name) and a notice to a contract's link (TED publication number, procedure id).

/// A buyer's registration number (BT-501) as compared: its digits only, so `BE 0203.201.340`
/// and `0203201340` are one buyer.
pub fn registration_key(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    (!digits.is_empty()).then_some(digits)
}

/// A buyer's name as compared: trimmed, lower-case, single spaces.
pub fn name_key(raw: &str) -> Option<String> {
    let name = raw
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    (!name.is_empty()).then_some(name)
}

/// A TED publication number as compared: without the number's leading zeros
/// (`000003-2019` and `00000003-2019` are `3-2019`).
pub fn ted_key(raw: &str) -> Option<String> {
    let (num, year) = raw.trim().split_once('-')?;
    let ok = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !ok(num) || !ok(year) || year.len() != 4 {
        return None;
    }
    let num = num.trim_start_matches('0');
    Some(format!("{}-{year}", if num.is_empty() { "0" } else { num }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(
            registration_key("BE 0203.201.340").as_deref(),
            Some("0203201340")
        );
        assert_eq!(registration_key("n/a"), None);
        assert_eq!(name_key("  Stad   GENT ").as_deref(), Some("stad gent"));
        assert_eq!(ted_key("000003-2019"), ted_key("00000003-2019"));
        assert_eq!(ted_key("000003-2019").as_deref(), Some("3-2019"));
        assert_eq!(ted_key("2e5ba9b4-1234"), None);
    }
}
