//! Environmental and social risk per product group (`data/priority/risk.toml`), the weight of
//! the priority list (docs/INDICATORS.md, PRI-1).

use std::path::Path;

use serde::Deserialize;

use crate::{Catalogue, CatalogueError};

const BUNDLED: &str = include_str!("../../../data/priority/risk.toml");

/// The risk scores of one product group.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupRisk {
    /// Catalogue product group id.
    pub id: String,
    /// 1 (low) … 5 (very high).
    pub environmental: u8,
    /// 1 (low) … 5 (very high).
    pub social: u8,
    /// One of the example categories of the federal priority list (urgentielijst).
    #[serde(default)]
    pub listed: bool,
    /// Where the scores come from.
    pub source: String,
}

impl GroupRisk {
    /// (environmental + social) / 10, in 0.2 … 1.
    pub fn weight(&self) -> f64 {
        f64::from(self.environmental + self.social) / 10.0
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RiskFile {
    group: Vec<GroupRisk>,
}

/// The risk table, one entry per product group of the catalogue.
#[derive(Debug, Clone)]
pub struct RiskTable {
    groups: Vec<GroupRisk>,
}

impl RiskTable {
    /// The table shipped with spp, checked against `catalogue`.
    pub fn bundled(catalogue: &Catalogue) -> Result<RiskTable, CatalogueError> {
        Self::parse(BUNDLED, Path::new("data/priority/risk.toml"), catalogue)
    }

    /// Parse `src` (named `file` in errors): every group of the catalogue once, scores 1–5,
    /// a source for each.
    pub fn parse(
        src: &str,
        file: &Path,
        catalogue: &Catalogue,
    ) -> Result<RiskTable, CatalogueError> {
        let parsed: RiskFile = toml::from_str(src).map_err(|e| CatalogueError::Toml {
            file: file.to_path_buf(),
            message: e.to_string(),
        })?;
        let mut seen = std::collections::BTreeSet::new();
        for g in &parsed.group {
            let entry = format!("group {:?}", g.id);
            let bad = |reason: String| Err(CatalogueError::invalid(file, &entry, reason));
            if catalogue.group(&g.id).is_none() {
                return bad("not a product group of the catalogue".into());
            }
            if !seen.insert(g.id.as_str()) {
                return bad("listed twice".into());
            }
            for (what, v) in [("environmental", g.environmental), ("social", g.social)] {
                if !(1..=5).contains(&v) {
                    return bad(format!("{what} score {v} is not 1–5"));
                }
            }
            if g.source.trim().is_empty() {
                return bad("no source".into());
            }
        }
        if let Some(missing) = catalogue
            .groups()
            .iter()
            .find(|g| !seen.contains(g.id.as_str()))
        {
            return Err(CatalogueError::invalid(
                file,
                format!("group {:?}", missing.id),
                "product group without a risk score",
            ));
        }
        Ok(RiskTable {
            groups: parsed.group,
        })
    }

    pub fn get(&self, group: &str) -> Option<&GroupRisk> {
        self.groups.iter().find(|g| g.id == group)
    }

    pub fn groups(&self) -> &[GroupRisk] {
        &self.groups
    }
}
