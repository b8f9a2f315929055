//! Stored rows back into register types. The values were parsed before they were written, so
//! a refusal here means the database was changed by something else: a `Corrupt` error.

use chrono::NaiveDate;
use spp_domain::Cpv;
use spp_register::*;

use super::{corrupt, Row};
use crate::StoreError;

fn field<T>(r: FieldResult<T>) -> Result<T, StoreError> {
    r.map_err(|e| corrupt(format!("stored {}", e.field), e.reason))
}

pub(crate) fn code(raw: &str) -> Result<EntityCode, StoreError> {
    field(EntityCode::parse("entity code", raw))
}

pub(crate) fn opt<T>(
    raw: Option<String>,
    parse: impl FnOnce(&str) -> FieldResult<T>,
) -> Result<Option<T>, StoreError> {
    raw.map(|s| field(parse(&s))).transpose()
}

pub(crate) fn date(what: &str, raw: Option<String>) -> Result<Option<NaiveDate>, StoreError> {
    raw.map(|s| {
        NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| corrupt(format!("stored {what}"), e))
    })
    .transpose()
}

pub(crate) fn eur(what: &str, cents: Option<i64>) -> Result<Option<Eur>, StoreError> {
    cents.map(|c| field(Eur::from_cents(what, c))).transpose()
}

pub(crate) fn cpv(raw: &str) -> Result<Cpv, StoreError> {
    Cpv::parse(raw).map_err(|e| corrupt("stored cpv", e))
}

pub(crate) fn list(raw: Option<String>) -> Vec<String> {
    raw.unwrap_or_default()
        .split(';')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Columns id, code, name, level, policy_domain, kbo.
pub(crate) fn entity(r: &Row) -> Result<Entity, StoreError> {
    Ok(Entity {
        code: code(&r.text(1).unwrap_or_default())?,
        name: r.text(2).unwrap_or_default(),
        level: field(GovernmentLevel::parse(
            "level",
            &r.text(3).unwrap_or_default(),
        ))?,
        policy_domain: r.text(4).unwrap_or_default(),
        kbo: opt(r.text(5), |k| Kbo::parse("kbo", k))?,
    })
}

/// Columns id, email, name, role.
pub(crate) fn user(r: &Row, grants: Vec<EntityCode>) -> Result<User, StoreError> {
    Ok(User {
        email: field(Email::parse("email", &r.text(1).unwrap_or_default()))?,
        name: r.text(2).unwrap_or_default(),
        role: field(Role::parse("role", &r.text(3).unwrap_or_default()))?,
        grants,
    })
}
