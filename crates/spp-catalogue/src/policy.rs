//! "Sustainable by policy" (indicator SPP-1): a TOML file a government edits says which lots
//! it covers and what a covered lot must show to count as sustainable.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use spp_domain::{CodeList, FlagKind, LotFlag, LotRecord};

use crate::{Catalogue, CatalogueError, Lang, LangText};

const DECLARED_STRATEGIC: &str = include_str!("../../../data/policy/declared-strategic.toml");
const FLANDERS_ESSENTIAL: &str = include_str!("../../../data/policy/flanders-essential.toml");

/// Fields a condition may test.
const FIELDS: [&str; 7] = [
    "BT-06", "BT-774", "BT-775", "BT-776", "BT-805", "BT-71", "BT-717",
];

/// One test on a record: an eForms field (optionally restricted to some codes) or a flag.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// `BT-06`, `BT-774`, `BT-775`, `BT-776`, `BT-805`, `BT-71` or `BT-717`.
    #[serde(default)]
    pub field: Option<String>,
    /// A classification flag the catalogue set (`green`, `clean_vehicle`, …).
    #[serde(default)]
    pub flag: Option<FlagKind>,
    /// Codes that count (empty = any code of the field).
    #[serde(default)]
    pub codes: Vec<String>,
    /// Codes that never count (`none`).
    #[serde(default)]
    pub except: Vec<String>,
}

/// A requirement for the lots of some product groups (or of all lots).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    /// Product groups the rule covers; empty = every lot.
    #[serde(default)]
    pub groups: Vec<String>,
    /// At least one must hold (ignored when empty).
    #[serde(default)]
    pub any_of: Vec<Condition>,
    /// All must hold.
    #[serde(default)]
    pub all_of: Vec<Condition>,
}

/// A policy: which lots it covers and when they meet it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub id: String,
    pub names: LangText,
    pub description: LangText,
    #[serde(rename = "rule")]
    pub rules: Vec<Rule>,
}

/// The verdict for one lot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyVerdict {
    /// No rule of the policy applies to this lot (e.g. not a priority product group).
    NotCovered,
    /// The lot is in scope; `met` says whether it meets every applicable rule, `reasons` why.
    Covered { met: bool, reasons: Vec<String> },
}

impl Policy {
    /// A policy shipped with spp: `declared-strategic` or `flanders-essential`.
    pub fn bundled(name: &str) -> Result<Policy, CatalogueError> {
        let (file, src) = match name {
            "declared-strategic" => ("data/policy/declared-strategic.toml", DECLARED_STRATEGIC),
            "flanders-essential" => ("data/policy/flanders-essential.toml", FLANDERS_ESSENTIAL),
            other => return Err(CatalogueError::UnknownPolicy(other.to_string())),
        };
        Self::parse(Path::new(file), src)
    }

    /// Read a policy file.
    pub fn load(path: &Path) -> Result<Policy, CatalogueError> {
        let src = std::fs::read_to_string(path).map_err(|source| CatalogueError::Io {
            file: path.to_path_buf(),
            source,
        })?;
        Self::parse(path, &src)
    }

    fn parse(file: &Path, src: &str) -> Result<Policy, CatalogueError> {
        let policy: Policy = toml::from_str(src).map_err(|e| CatalogueError::Toml {
            file: file.to_path_buf(),
            message: e.to_string(),
        })?;
        let bad = |entry: String, reason: String| CatalogueError::Invalid {
            file: PathBuf::from(file),
            entry,
            reason,
        };
        if policy.rules.is_empty() {
            return Err(bad(format!("policy {:?}", policy.id), "no [[rule]]".into()));
        }
        if let Some(l) = policy.names.missing().first() {
            return Err(bad(
                format!("policy {:?}", policy.id),
                format!("`names` has no {} text", l.as_str()),
            ));
        }
        for rule in &policy.rules {
            let entry = format!("rule {:?}", rule.id);
            if rule.any_of.is_empty() && rule.all_of.is_empty() {
                return Err(bad(entry, "neither any_of nor all_of".into()));
            }
            for c in rule.any_of.iter().chain(&rule.all_of) {
                match (&c.field, &c.flag) {
                    (Some(f), None) if FIELDS.contains(&f.as_str()) => {}
                    (Some(f), None) => {
                        return Err(bad(
                            entry,
                            format!("unknown field {f:?} (known: {})", FIELDS.join(", ")),
                        ))
                    }
                    (None, Some(_)) if c.codes.is_empty() && c.except.is_empty() => {}
                    (None, Some(_)) => {
                        return Err(bad(entry, "a flag condition takes no codes".into()))
                    }
                    _ => {
                        return Err(bad(
                            entry,
                            "a condition needs exactly one of `field` or `flag`".into(),
                        ))
                    }
                }
            }
        }
        Ok(policy)
    }

    /// Product groups named by the rules that the catalogue does not know.
    pub fn unknown_groups(&self, catalogue: &Catalogue) -> Vec<String> {
        self.rules
            .iter()
            .flat_map(|r| &r.groups)
            .filter(|g| catalogue.group(g).is_none())
            .cloned()
            .collect()
    }

    /// The policy's name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        self.names.get(lang)
    }

    /// Does `record` meet the policy, and why? Run the catalogue's `classify` first (groups
    /// and flags).
    pub fn evaluate(&self, record: &LotRecord) -> PolicyVerdict {
        self.judge(record, true)
    }

    /// The same verdict as [`Policy::evaluate`] without its reasons (no text is formatted):
    /// what a report over many records needs.
    pub fn verdict(&self, record: &LotRecord) -> PolicyVerdict {
        self.judge(record, false)
    }

    fn judge(&self, record: &LotRecord, explain: bool) -> PolicyVerdict {
        let group = record.product_group.as_deref();
        let applicable = self.rules.iter().filter(|r| {
            r.groups.is_empty() || group.is_some_and(|g| r.groups.iter().any(|x| x == g))
        });
        let (mut covered, mut met) = (false, true);
        let mut reasons = Vec::new();
        for rule in applicable {
            covered = true;
            let mut missing = Vec::new();
            for c in &rule.all_of {
                match evidence(c, record) {
                    Some(e) if explain => reasons.push(format!("{}: {e}", rule.id)),
                    Some(_) => {}
                    None if explain => missing.push(describe(c)),
                    None => met = false,
                }
            }
            if !rule.any_of.is_empty() {
                match rule.any_of.iter().find_map(|c| evidence(c, record)) {
                    Some(e) if explain => reasons.push(format!("{}: {e}", rule.id)),
                    Some(_) => {}
                    None if explain => missing.push(format!(
                        "one of {}",
                        rule.any_of
                            .iter()
                            .map(describe)
                            .collect::<Vec<_>>()
                            .join(" | ")
                    )),
                    None => met = false,
                }
            }
            if !missing.is_empty() {
                met = false;
                reasons.push(format!("{}: missing {}", rule.id, missing.join(", ")));
            }
        }
        if !covered {
            return PolicyVerdict::NotCovered;
        }
        PolicyVerdict::Covered { met, reasons }
    }
}

/// The first code of `field` in `r` that `c` accepts.
fn matching_code<'r>(c: &Condition, field: &str, r: &'r LotRecord) -> Option<&'r str> {
    fn first<T: CodeList>(v: &[T], ok: impl Fn(&str) -> bool) -> Option<&str> {
        v.iter().map(|c| c.as_str()).find(|code| ok(code))
    }
    let ok = |code: &str| {
        (c.codes.is_empty() || c.codes.iter().any(|x| x == code))
            && !c.except.iter().any(|x| x == code)
    };
    match field {
        "BT-06" => first(&r.strategic, ok),
        "BT-774" => first(&r.environmental, ok),
        "BT-775" => first(&r.social, ok),
        "BT-776" => first(&r.innovative, ok),
        "BT-805" => first(&r.gpp_criteria, ok),
        "BT-71" => first(&r.reserved, ok),
        "BT-717" => r
            .cvd_applies
            .map(|b| if b { "true" } else { "false" })
            .filter(|code| ok(code)),
        _ => None,
    }
}

/// What shows that a condition holds for a record.
enum Evidence<'a> {
    Code { field: &'a str, code: &'a str },
    Flag(&'a LotFlag),
}

impl std::fmt::Display for Evidence<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Evidence::Code { field, code } => write!(f, "{field} = {code}"),
            Evidence::Flag(flag) => write!(
                f,
                "{} flag ({} = {})",
                flag.kind.as_str(),
                flag.field,
                flag.evidence
            ),
        }
    }
}

/// The evidence that `c` holds for `r` (shown as `BT-06 = env-imp`).
fn evidence<'a>(c: &'a Condition, r: &'a LotRecord) -> Option<Evidence<'a>> {
    if let Some(field) = &c.field {
        let code = matching_code(c, field, r)?;
        return Some(Evidence::Code { field, code });
    }
    let kind = c.flag?;
    r.flags.iter().find(|f| f.kind == kind).map(Evidence::Flag)
}

fn describe(c: &Condition) -> String {
    match (&c.field, c.flag) {
        (Some(f), _) if !c.codes.is_empty() => format!("{f} in [{}]", c.codes.join(", ")),
        (Some(f), _) if !c.except.is_empty() => format!("{f} other than [{}]", c.except.join(", ")),
        (Some(f), _) => format!("{f} (any code)"),
        (None, Some(k)) => format!("{} flag", k.as_str()),
        (None, None) => "?".into(),
    }
}
