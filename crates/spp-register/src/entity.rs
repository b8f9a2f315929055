//! The tree of organisations: government level → policy domain → entity.

use serde::{Deserialize, Serialize};

use crate::error::{opt_text, text, FieldError, FieldResult};
use crate::kbo::Kbo;

/// The government an entity belongs to (the top of the tree).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GovernmentLevel {
    Federal,
    Flemish,
    Walloon,
    Brussels,
    /// French and German-speaking Communities.
    Community,
    Provincial,
    /// Cities, municipalities, their public centres and associations.
    Local,
    Other,
}

impl GovernmentLevel {
    pub const ALL: [GovernmentLevel; 8] = [
        GovernmentLevel::Federal,
        GovernmentLevel::Flemish,
        GovernmentLevel::Walloon,
        GovernmentLevel::Brussels,
        GovernmentLevel::Community,
        GovernmentLevel::Provincial,
        GovernmentLevel::Local,
        GovernmentLevel::Other,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            GovernmentLevel::Federal => "federal",
            GovernmentLevel::Flemish => "flemish",
            GovernmentLevel::Walloon => "walloon",
            GovernmentLevel::Brussels => "brussels",
            GovernmentLevel::Community => "community",
            GovernmentLevel::Provincial => "provincial",
            GovernmentLevel::Local => "local",
            GovernmentLevel::Other => "other",
        }
    }

    /// Reads the code, also in Dutch and French (`vlaams`, `fédéral`, `lokaal`).
    pub fn parse(field: &str, raw: &str) -> FieldResult<GovernmentLevel> {
        let v = raw.trim().to_lowercase();
        let level = match v.as_str() {
            "federal" | "federaal" | "fédéral" | "federale overheid" => Self::Federal,
            "flemish" | "vlaams" | "vlaamse overheid" | "flamand" => Self::Flemish,
            "walloon" | "waals" | "wallon" | "wallonie" => Self::Walloon,
            "brussels" | "brussel" | "bruxelles" => Self::Brussels,
            "community" | "gemeenschap" | "communauté" => Self::Community,
            "provincial" | "provincie" | "province" => Self::Provincial,
            "local" | "lokaal" | "gemeente" | "stad" | "ville" | "commune" => Self::Local,
            "other" | "andere" | "autre" => Self::Other,
            _ => {
                let known: Vec<_> = Self::ALL.iter().map(|l| l.as_str()).collect();
                return Err(FieldError::new(
                    field,
                    raw,
                    format!("unknown government level (known: {})", known.join(", ")),
                ));
            }
        };
        Ok(level)
    }
}

/// A short code naming an entity in files and URLs: lower-case letters, digits and `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntityCode(String);

impl EntityCode {
    pub fn parse(field: &str, raw: &str) -> FieldResult<EntityCode> {
        let t = raw.trim().to_ascii_lowercase();
        let ok = (2..=64).contains(&t.len())
            && t.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !t.starts_with('-');
        if !ok {
            return Err(FieldError::new(
                field,
                raw,
                "an entity code is 2–64 of a–z, 0–9 and '-' (e.g. dep-omgeving)",
            ));
        }
        Ok(EntityCode(t))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for EntityCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An entity (a department, agency, FOD/SPF, city) as entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub code: EntityCode,
    pub name: String,
    pub level: GovernmentLevel,
    /// The policy domain within the government (`Omgeving`, `Mobiliteit`); free text.
    pub policy_domain: String,
    pub kbo: Option<Kbo>,
}

/// An entity as typed in a form, a file or the API.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityInput {
    pub code: String,
    pub name: String,
    pub level: String,
    pub policy_domain: String,
    #[serde(default)]
    pub kbo: Option<String>,
}

impl Entity {
    pub fn parse(input: &EntityInput) -> FieldResult<Entity> {
        Ok(Entity {
            code: EntityCode::parse("code", &input.code)?,
            name: text("name", &input.name, 200)?,
            level: GovernmentLevel::parse("level", &input.level)?,
            policy_domain: text("policy_domain", &input.policy_domain, 100)?,
            kbo: opt_text("kbo", input.kbo.as_deref(), 40)?
                .map(|k| Kbo::parse("kbo", &k))
                .transpose()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> EntityInput {
        EntityInput {
            code: "Dep-Omgeving".into(),
            name: " Departement Omgeving ".into(),
            level: "Vlaams".into(),
            policy_domain: "Omgeving".into(),
            kbo: Some("0316.380.940".into()),
        }
    }

    #[test]
    fn parses_a_flemish_department() {
        let e = Entity::parse(&input()).unwrap();
        assert_eq!(e.code.as_str(), "dep-omgeving");
        assert_eq!(e.name, "Departement Omgeving");
        assert_eq!(e.level, GovernmentLevel::Flemish);
        assert_eq!(e.kbo.unwrap().digits(), "0316380940");
    }

    #[test]
    fn names_the_field_that_is_wrong() {
        let mut i = input();
        i.level = "galactic".into();
        assert_eq!(Entity::parse(&i).unwrap_err().field, "level");
        let mut i = input();
        i.kbo = Some("0316.380.941".into());
        assert_eq!(Entity::parse(&i).unwrap_err().field, "kbo");
        let mut i = input();
        i.code = "a b".into();
        assert_eq!(Entity::parse(&i).unwrap_err().field, "code");
        let mut i = input();
        i.name = "  ".into();
        assert_eq!(Entity::parse(&i).unwrap_err().reason, "is required");
        let mut i = input();
        i.kbo = Some(" ".into());
        assert_eq!(Entity::parse(&i).unwrap().kbo, None);
    }
}
