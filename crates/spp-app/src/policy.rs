//! The SPP-1 policy: which product groups it covers and what a lot of such a group must show.
//! The rules live in `spp-catalogue`; this module names a policy (bundled or a file) and
//! presents it to the monitoring as a [`PolicyCheck`].

use std::path::Path;

use spp_domain::LotRecord;
use spp_monitoring::{PolicyCheck, PolicyOutcome};

use crate::error::{AppError, AppResult};

/// The names of the policies shipped in `data/policy/`.
pub const BUNDLED: [&str; 2] = ["declared-strategic", "flanders-essential"];

/// The default SPP-1 policy.
pub const DEFAULT: &str = "declared-strategic";

/// A catalogue policy, as the monitoring sees it.
#[derive(Debug, Clone)]
pub struct CataloguePolicy {
    pub policy: spp_catalogue::Policy,
    pub name: String,
}

impl CataloguePolicy {
    /// A bundled policy by name, or a TOML file when `name_or_path` is one.
    pub fn load(name_or_path: &str) -> AppResult<CataloguePolicy> {
        let path = Path::new(name_or_path);
        let policy = if path.is_file() {
            spp_catalogue::Policy::load(path)?
        } else {
            Self::bundled_policy(name_or_path)?
        };
        Ok(CataloguePolicy {
            name: policy.id.clone(),
            policy,
        })
    }

    /// A bundled policy by name only (what a web request may choose: never a file).
    pub fn bundled(name: &str) -> AppResult<CataloguePolicy> {
        let policy = Self::bundled_policy(name)?;
        Ok(CataloguePolicy {
            name: policy.id.clone(),
            policy,
        })
    }

    fn bundled_policy(name: &str) -> AppResult<spp_catalogue::Policy> {
        spp_catalogue::Policy::bundled(name).map_err(|e| match e {
            spp_catalogue::CatalogueError::UnknownPolicy(_) => AppError::bad_input(
                "policy",
                name,
                format!("no such policy (bundled: {})", BUNDLED.join(", ")),
            ),
            other => AppError::Catalogue(other),
        })
    }
}

impl PolicyCheck for CataloguePolicy {
    fn name(&self) -> &str {
        &self.name
    }

    fn evaluate(&self, record: &LotRecord, explain: bool) -> PolicyOutcome {
        let verdict = if explain {
            self.policy.evaluate(record)
        } else {
            self.policy.verdict(record)
        };
        match verdict {
            spp_catalogue::PolicyVerdict::NotCovered => PolicyOutcome::NotCovered,
            spp_catalogue::PolicyVerdict::Covered { met, reasons } => {
                PolicyOutcome::Covered { met, reasons }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn bundled_policies_load_and_an_unknown_name_is_bad_input() {
        for name in BUNDLED {
            assert_eq!(CataloguePolicy::bundled(name).unwrap().name, name);
        }
        let err = CataloguePolicy::bundled("greenest").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::BadInput);
        assert!(err.to_string().contains("declared-strategic"), "{err}");
    }
}
