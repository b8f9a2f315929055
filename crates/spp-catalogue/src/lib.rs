//! The spp criteria catalogue: product groups, criteria, labels, CPV lookup, classification
//! of lots, "sustainable by policy" verdicts and criteria suggestions for draft notices.
//!
//! The catalogue ships as TOML files in `data/catalogue/` (one per product group plus
//! `labels.toml`, schema in `docs/CATALOGUE.md`); they are embedded in the crate so the binary
//! works from anywhere, and [`Catalogue::load_dir`] reads an edited copy.

mod classify;
mod cpv;
pub mod draft;
mod error;
mod matcher;
mod model;
mod policy;
pub mod practice;
pub mod risk;
pub mod suggest;
mod text;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use spp_domain::Cpv;

pub use cpv::CpvList;
pub use error::CatalogueError;
pub use model::{
    Basis, BasisSet, Criterion, Label, LabelKind, Lang, LangText, ProductGroup, SocialObjective,
    Stage, Theme,
};
pub use policy::{Policy, PolicyVerdict};
pub use practice::{Practice, Practices};

/// Product-group files shipped with spp, in display order.
const BUNDLED_GROUPS: [(&str, &str); 19] = [
    (
        "ict-end-user.toml",
        include_str!("../../../data/catalogue/ict-end-user.toml"),
    ),
    (
        "imaging.toml",
        include_str!("../../../data/catalogue/imaging.toml"),
    ),
    (
        "data-centres.toml",
        include_str!("../../../data/catalogue/data-centres.toml"),
    ),
    (
        "vehicles.toml",
        include_str!("../../../data/catalogue/vehicles.toml"),
    ),
    (
        "cleaning.toml",
        include_str!("../../../data/catalogue/cleaning.toml"),
    ),
    (
        "furniture.toml",
        include_str!("../../../data/catalogue/furniture.toml"),
    ),
    (
        "textiles.toml",
        include_str!("../../../data/catalogue/textiles.toml"),
    ),
    (
        "catering.toml",
        include_str!("../../../data/catalogue/catering.toml"),
    ),
    (
        "paper.toml",
        include_str!("../../../data/catalogue/paper.toml"),
    ),
    (
        "lighting.toml",
        include_str!("../../../data/catalogue/lighting.toml"),
    ),
    (
        "buildings.toml",
        include_str!("../../../data/catalogue/buildings.toml"),
    ),
    (
        "electricity.toml",
        include_str!("../../../data/catalogue/electricity.toml"),
    ),
    (
        "public-space.toml",
        include_str!("../../../data/catalogue/public-space.toml"),
    ),
    (
        "roads.toml",
        include_str!("../../../data/catalogue/roads.toml"),
    ),
    (
        "paints.toml",
        include_str!("../../../data/catalogue/paints.toml"),
    ),
    (
        "sanitary-water.toml",
        include_str!("../../../data/catalogue/sanitary-water.toml"),
    ),
    (
        "medical-eee.toml",
        include_str!("../../../data/catalogue/medical-eee.toml"),
    ),
    (
        "office-supplies.toml",
        include_str!("../../../data/catalogue/office-supplies.toml"),
    ),
    (
        "hand-tools.toml",
        include_str!("../../../data/catalogue/hand-tools.toml"),
    ),
];
const BUNDLED_LABELS: &str = include_str!("../../../data/catalogue/labels.toml");
const LABELS_FILE: &str = "labels.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelsFile {
    label: Vec<Label>,
}

/// One CPV rule of the lookup index.
#[derive(Debug, Clone)]
struct CpvRule {
    /// Significant prefix (exact rules: all eight digits).
    prefix: String,
    exact: bool,
    group: usize,
}

/// The loaded, validated catalogue.
#[derive(Debug, Clone)]
pub struct Catalogue {
    groups: Vec<ProductGroup>,
    labels: Vec<Label>,
    /// Label names and classification phrases, for one pass over each text.
    matcher: matcher::TextMatcher,
    cpv_list: CpvList,
    rules: Vec<CpvRule>,
}

impl Catalogue {
    /// The catalogue shipped with spp.
    pub fn bundled() -> Result<Catalogue, CatalogueError> {
        let groups = BUNDLED_GROUPS
            .iter()
            .map(|(file, src)| (PathBuf::from(format!("data/catalogue/{file}")), *src))
            .collect::<Vec<_>>();
        let labels = (PathBuf::from("data/catalogue/labels.toml"), BUNDLED_LABELS);
        Self::from_sources(
            groups
                .iter()
                .map(|(p, s)| (p.clone(), s.to_string()))
                .collect(),
            (labels.0, labels.1.to_string()),
        )
    }

    /// Read a catalogue directory: `labels.toml` and every other `*.toml` as a product group.
    pub fn load_dir(dir: &Path) -> Result<Catalogue, CatalogueError> {
        let read = |file: &Path| {
            std::fs::read_to_string(file).map_err(|source| CatalogueError::Io {
                file: file.to_path_buf(),
                source,
            })
        };
        let entries = std::fs::read_dir(dir).map_err(|source| CatalogueError::Io {
            file: dir.to_path_buf(),
            source,
        })?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        let labels_path = dir.join(LABELS_FILE);
        let labels = (labels_path.clone(), read(&labels_path)?);
        let mut groups = Vec::new();
        for file in files.into_iter().filter(|f| *f != labels_path) {
            let src = read(&file)?;
            groups.push((file, src));
        }
        Self::from_sources(groups, labels)
    }

    fn from_sources(
        groups: Vec<(PathBuf, String)>,
        labels: (PathBuf, String),
    ) -> Result<Catalogue, CatalogueError> {
        let labels_file: LabelsFile =
            toml::from_str(&labels.1).map_err(|e| CatalogueError::Toml {
                file: labels.0.clone(),
                message: e.to_string(),
            })?;
        let mut parsed = Vec::new();
        for (file, src) in &groups {
            let group: ProductGroup = toml::from_str(src).map_err(|e| CatalogueError::Toml {
                file: file.clone(),
                message: e.to_string(),
            })?;
            parsed.push((file.clone(), group));
        }
        let cpv_list = CpvList::bundled();
        validate(&parsed, &labels.0, &labels_file.label, &cpv_list)?;
        let groups: Vec<ProductGroup> = parsed.into_iter().map(|(_, g)| g).collect();
        let mut rules = Vec::new();
        for (i, g) in groups.iter().enumerate() {
            for code in &g.cpv {
                if let Ok(c) = Cpv::parse(code) {
                    rules.push(CpvRule {
                        prefix: c.prefix().to_string(),
                        exact: false,
                        group: i,
                    });
                }
            }
            for code in &g.cpv_exact {
                if let Ok(c) = Cpv::parse(code) {
                    rules.push(CpvRule {
                        prefix: c.as_str().to_string(),
                        exact: true,
                        group: i,
                    });
                }
            }
        }
        Ok(Catalogue {
            groups,
            matcher: matcher::TextMatcher::new(&labels_file.label),
            labels: labels_file.label,
            cpv_list,
            rules,
        })
    }

    /// All product groups, in catalogue order.
    pub fn groups(&self) -> &[ProductGroup] {
        &self.groups
    }

    /// The group with this id.
    pub fn group(&self, id: &str) -> Option<&ProductGroup> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// All labels.
    pub fn labels(&self) -> &[Label] {
        &self.labels
    }

    /// The label with this id.
    pub fn label(&self, id: &str) -> Option<&Label> {
        self.labels.iter().find(|l| l.id == id)
    }

    /// The CPV 2008 list.
    pub fn cpv_list(&self) -> &CpvList {
        &self.cpv_list
    }

    /// The criterion with this id, with its group.
    pub fn criterion(&self, id: &str) -> Option<(&ProductGroup, &Criterion)> {
        self.groups
            .iter()
            .find_map(|g| g.criteria.iter().find(|c| c.id == id).map(|c| (g, c)))
    }

    /// The product group of a CPV code: the group whose matching code has the longest
    /// significant prefix (exact rules match only the same eight digits). Ties go to the group
    /// listed first.
    pub fn group_for_cpv(&self, cpv: &Cpv) -> Option<&ProductGroup> {
        let code = cpv.as_str();
        let mut best: Option<&CpvRule> = None;
        for rule in &self.rules {
            let hit = if rule.exact {
                code == rule.prefix
            } else {
                code.starts_with(&rule.prefix)
            };
            let longer = best.is_none_or(|b| rule.prefix.len() > b.prefix.len());
            if hit && longer {
                best = Some(rule);
            }
        }
        best.map(|r| &self.groups[r.group])
    }
}

fn validate(
    groups: &[(PathBuf, ProductGroup)],
    labels_path: &Path,
    labels: &[Label],
    cpv_list: &CpvList,
) -> Result<(), CatalogueError> {
    let group_ids: HashSet<&str> = groups.iter().map(|(_, g)| g.id.as_str()).collect();
    let mut label_ids = HashSet::new();
    for l in labels {
        let entry = format!("label {:?}", l.id);
        if !label_ids.insert(l.id.as_str()) {
            return Err(CatalogueError::invalid(
                labels_path,
                entry,
                "duplicate label id",
            ));
        }
        if l.name.trim().is_empty() || l.issuer.trim().is_empty() {
            return Err(CatalogueError::invalid(
                labels_path,
                entry,
                "name and issuer must not be empty",
            ));
        }
        if let Some(lang) = l.covers.missing().first() {
            return Err(CatalogueError::invalid(
                labels_path,
                entry,
                format!("`covers` has no {} text", lang.as_str()),
            ));
        }
        if let Some(g) = l.groups.iter().find(|g| !group_ids.contains(g.as_str())) {
            return Err(CatalogueError::invalid(
                labels_path,
                entry,
                format!("unknown product group {g:?}"),
            ));
        }
    }
    let mut seen_groups = HashSet::new();
    let mut seen_criteria: HashMap<&str, &Path> = HashMap::new();
    for (file, g) in groups {
        let entry = format!("group {:?}", g.id);
        if !seen_groups.insert(g.id.as_str()) {
            return Err(CatalogueError::invalid(
                file,
                entry,
                "duplicate product group id",
            ));
        }
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if stem != g.id {
            return Err(CatalogueError::invalid(
                file,
                entry,
                format!("the file must be named {}.toml", g.id),
            ));
        }
        if let Some(lang) = g.names.missing().first() {
            return Err(CatalogueError::invalid(
                file,
                entry,
                format!("`names` has no {} text", lang.as_str()),
            ));
        }
        if g.cpv.is_empty() && g.cpv_exact.is_empty() {
            return Err(CatalogueError::invalid(file, entry, "no CPV codes"));
        }
        for code in g.cpv.iter().chain(&g.cpv_exact) {
            let entry = format!("cpv {code:?}");
            let cpv = Cpv::parse(code)
                .map_err(|e| CatalogueError::invalid(file, &entry, e.to_string()))?;
            if !cpv_list.contains(&cpv) {
                return Err(CatalogueError::invalid(
                    file,
                    entry,
                    "not in the CPV 2008 list",
                ));
            }
        }
        for c in &g.criteria {
            let entry = format!("criterion {:?}", c.id);
            if c.id.trim().is_empty() {
                return Err(CatalogueError::invalid(file, entry, "empty id"));
            }
            if let Some(prev) = seen_criteria.insert(c.id.as_str(), file) {
                return Err(CatalogueError::invalid(
                    file,
                    entry,
                    format!("duplicate criterion id (also in {})", prev.display()),
                ));
            }
            if !(1..=3).contains(&c.level) {
                return Err(CatalogueError::invalid(
                    file,
                    entry,
                    format!("level {} is not 1, 2 or 3", c.level),
                ));
            }
            if c.themes.is_empty() {
                return Err(CatalogueError::invalid(file, entry, "no theme"));
            }
            if c.basis.source.trim().is_empty() {
                return Err(CatalogueError::invalid(
                    file,
                    entry,
                    "`basis.source` is empty",
                ));
            }
            match (c.stage, c.selection_code.as_deref()) {
                (Stage::Selection, None) => {
                    return Err(CatalogueError::invalid(
                        file,
                        entry,
                        "a selection criterion needs `selection_code`",
                    ));
                }
                (Stage::Selection, Some(code)) if !model::SELECTION_CODES.contains(&code) => {
                    return Err(CatalogueError::invalid(
                        file,
                        entry,
                        format!(
                            "`selection_code` {code:?} is not one of {:?}",
                            model::SELECTION_CODES
                        ),
                    ));
                }
                (s, Some(_)) if s != Stage::Selection => {
                    return Err(CatalogueError::invalid(
                        file,
                        entry,
                        "only selection criteria have a `selection_code`",
                    ));
                }
                _ => {}
            }
            for (what, t) in [
                ("title", &c.title),
                ("text", &c.text),
                ("verification", &c.verification),
            ] {
                if let Some(lang) = t.missing().first() {
                    return Err(CatalogueError::invalid(
                        file,
                        entry,
                        format!("`{what}` has no {} text", lang.as_str()),
                    ));
                }
            }
            if let Some(l) = c.labels.iter().find(|l| !label_ids.contains(l.as_str())) {
                return Err(CatalogueError::invalid(
                    file,
                    entry,
                    format!("unknown label {l:?} (not in labels.toml)"),
                ));
            }
            match (c.stage, c.weight) {
                (Stage::Award, Some(w)) if !(1..=100).contains(&w) => {
                    return Err(CatalogueError::invalid(
                        file,
                        entry,
                        format!("weight {w} is not 1–100"),
                    ));
                }
                (s, Some(_)) if s != Stage::Award => {
                    return Err(CatalogueError::invalid(
                        file,
                        entry,
                        "only award criteria have a weight",
                    ));
                }
                _ => {}
            }
        }
    }
    Ok(())
}
