//! Users and their roles.

use serde::{Deserialize, Serialize};

use crate::entity::EntityCode;
use crate::error::{text, FieldError, FieldResult};

/// What a user may do: admin everything; monitor read all and export; buyer read all and
/// write the entities granted to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Monitor,
    Buyer,
}

impl Role {
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Monitor => "monitor",
            Role::Buyer => "buyer",
        }
    }

    pub fn parse(field: &str, raw: &str) -> FieldResult<Role> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "admin" => Ok(Role::Admin),
            "monitor" => Ok(Role::Monitor),
            "buyer" => Ok(Role::Buyer),
            _ => Err(FieldError::new(
                field,
                raw,
                "unknown role (known: admin, monitor, buyer)",
            )),
        }
    }
}

/// An e-mail address, lower-cased: one `@`, a local part and a domain with a dot.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(field: &str, raw: &str) -> FieldResult<Email> {
        let t = text(field, raw, 254)?.to_lowercase();
        let ok = match t.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !t.chars().any(char::is_whitespace)
            }
            None => false,
        };
        if !ok {
            return Err(FieldError::new(field, raw, "not an e-mail address"));
        }
        Ok(Email(t))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A user as entered: the password is not part of it (it is hashed by `spp-app`'s auth).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub email: Email,
    pub name: String,
    pub role: Role,
    /// The entities a buyer may write (empty for admins and monitors).
    pub grants: Vec<EntityCode>,
}

/// A user as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInput {
    pub email: String,
    #[serde(default)]
    pub name: String,
    pub role: String,
    #[serde(default)]
    pub grants: Vec<String>,
}

impl User {
    pub fn parse(input: &UserInput) -> FieldResult<User> {
        let email = Email::parse("email", &input.email)?;
        let name = if input.name.trim().is_empty() {
            email.as_str().to_string()
        } else {
            text("name", &input.name, 200)?
        };
        let role = Role::parse("role", &input.role)?;
        let mut grants = input
            .grants
            .iter()
            .enumerate()
            .map(|(i, g)| EntityCode::parse(&format!("grants[{i}]"), g))
            .collect::<FieldResult<Vec<_>>>()?;
        grants.sort();
        grants.dedup();
        if role != Role::Buyer && !grants.is_empty() {
            return Err(FieldError::new(
                "grants",
                input.grants.join(","),
                "only buyers are granted entities (admins write all, monitors none)",
            ));
        }
        Ok(User {
            email,
            name,
            role,
            grants,
        })
    }
}

/// A password as typed: 12 to 1024 characters (long enough to resist guessing, short
/// enough that hashing cannot be used to tie the server up).
pub struct Password(String);

impl Password {
    pub fn parse(raw: &str) -> FieldResult<Password> {
        let n = raw.chars().count();
        if n < 12 {
            return Err(FieldError::new("password", "…", "at least 12 characters"));
        }
        if n > 1024 {
            return Err(FieldError::new("password", "…", "at most 1024 characters"));
        }
        Ok(Password(raw.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buyer_with_grants() {
        let u = User::parse(&UserInput {
            email: " An@Example.BE ".into(),
            name: String::new(),
            role: "buyer".into(),
            grants: vec!["dep-b".into(), "dep-a".into(), "dep-b".into()],
        })
        .unwrap();
        assert_eq!(u.email.as_str(), "an@example.be");
        assert_eq!(u.name, "an@example.be");
        assert_eq!(u.grants.len(), 2);
        assert_eq!(u.grants[0].as_str(), "dep-a");
    }

    #[test]
    fn refusals() {
        let base = UserInput {
            email: "a@b.be".into(),
            role: "monitor".into(),
            ..Default::default()
        };
        let bad = |f: &dyn Fn(&mut UserInput)| {
            let mut i = base.clone();
            f(&mut i);
            User::parse(&i).unwrap_err().field
        };
        assert_eq!(bad(&|i| i.email = "nobody".into()), "email");
        assert_eq!(bad(&|i| i.email = "a@b".into()), "email");
        assert_eq!(bad(&|i| i.role = "root".into()), "role");
        assert_eq!(bad(&|i| i.grants = vec!["dep-a".into()]), "grants");
        assert!(Password::parse("short").is_err());
        assert!(Password::parse("long enough secret").is_ok());
        assert_eq!(
            format!("{:?}", Password::parse("long enough secret").unwrap()),
            "Password(…)"
        );
    }
}
