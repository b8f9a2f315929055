//! Good-practice fiches: what a public buyer did in one product group, with the catalogue
//! criteria that match it, the result where the source gives one, and the link to the
//! source. One TOML file per fiche in `data/good-practices/` (format in docs/CATALOGUE.md,
//! "Good practices"); the files are embedded in the crate like the catalogue, and every
//! fiche is checked against the catalogue when it is read.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::{Catalogue, CatalogueError, LangText};

/// The fiches shipped with spp.
const BUNDLED: [(&str, &str); 6] = [
    (
        "flanders-ict-due-diligence.toml",
        include_str!("../../../data/good-practices/flanders-ict-due-diligence.toml"),
    ),
    (
        "flanders-fairphone-pilots.toml",
        include_str!("../../../data/good-practices/flanders-fairphone-pilots.toml"),
    ),
    (
        "sweden-notebook-durability.toml",
        include_str!("../../../data/good-practices/sweden-notebook-durability.toml"),
    ),
    (
        "brussels-public-fleets.toml",
        include_str!("../../../data/good-practices/brussels-public-fleets.toml"),
    ),
    (
        "flanders-service-vehicles.toml",
        include_str!("../../../data/good-practices/flanders-service-vehicles.toml"),
    ),
    (
        "wallonia-pesticide-free-spaces.toml",
        include_str!("../../../data/good-practices/wallonia-pesticide-free-spaces.toml"),
    ),
];

/// One good-practice fiche.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    /// Lower-case letters, digits and `-`; the file is named `<id>.toml`.
    pub id: String,
    /// The catalogue product group it belongs to.
    pub product_group: String,
    /// The buyer (or the public body that set the rule), as it names itself.
    pub buyer: String,
    /// ISO 3166-1 alpha-2 country of the buyer (`BE`, `IE`…).
    pub country: String,
    /// The year the practice started, when the source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    pub title: LangText,
    /// What was done.
    pub done: LangText,
    /// The result, only as the source reports it; absent when it reports none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<LangText>,
    /// Catalogue criteria of the product group that match what was done (spp's mapping).
    #[serde(default)]
    pub criteria: Vec<String>,
    /// Where the practice is documented (`https://…`).
    pub link: String,
    /// The title of the page or document the link leads to.
    pub source: String,
    /// The languages the source is written in (ISO 639-1: `nl`, `fr`, `en`, `sv`…).
    pub languages: Vec<String>,
}

impl Practice {
    /// Parses one fiche from `src` (named `file` in errors) and checks it against `catalogue`.
    pub fn parse(
        src: &str,
        file: &Path,
        catalogue: &Catalogue,
    ) -> Result<Practice, CatalogueError> {
        let practice: Practice = toml::from_str(src).map_err(|e| CatalogueError::Toml {
            file: file.to_path_buf(),
            message: e.to_string(),
        })?;
        practice.check(file, catalogue)?;
        Ok(practice)
    }

    /// Checks every field; the error names the file, the fiche and the field.
    pub fn check(&self, file: &Path, catalogue: &Catalogue) -> Result<(), CatalogueError> {
        let bad = |field: &str, reason: String| {
            CatalogueError::invalid(
                file,
                format!("practice {:?}, field {field}", self.id),
                reason,
            )
        };
        let slug = |s: &str| {
            !s.is_empty()
                && s.len() <= 80
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };
        if !slug(&self.id) {
            return Err(bad(
                "id",
                "use 1–80 lower-case letters, digits and -".into(),
            ));
        }
        let Some(group) = catalogue.group(&self.product_group) else {
            return Err(bad(
                "product_group",
                format!(
                    "{:?} is not a product group of the catalogue",
                    self.product_group
                ),
            ));
        };
        for (field, text) in [("buyer", &self.buyer), ("source", &self.source)] {
            if text.trim().is_empty() || text.len() > 300 {
                return Err(bad(field, "must be 1–300 characters".into()));
            }
        }
        if self.country.len() != 2 || !self.country.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(bad(
                "country",
                format!("{:?} is not a two-letter code", self.country),
            ));
        }
        if let Some(y) = self.year.filter(|y| !(1990..=2100).contains(y)) {
            return Err(bad(
                "year",
                format!("{y} is not a year between 1990 and 2100"),
            ));
        }
        let texts = [("title", Some(&self.title)), ("done", Some(&self.done))];
        for (field, text) in texts.into_iter().chain([("result", self.result.as_ref())]) {
            if let Some(missing) = text.map(LangText::missing).filter(|m| !m.is_empty()) {
                let langs: Vec<&str> = missing.iter().map(|l| l.as_str()).collect();
                return Err(bad(field, format!("no text in {}", langs.join(", "))));
            }
        }
        if let Some(c) = self
            .criteria
            .iter()
            .find(|c| !group.criteria.iter().any(|g| g.id == **c))
        {
            return Err(bad(
                "criteria",
                format!("{c:?} is not a criterion of product group {}", group.id),
            ));
        }
        if !(self.link.starts_with("https://") || self.link.starts_with("http://"))
            || self.link.contains(char::is_whitespace)
        {
            return Err(bad(
                "link",
                format!("{:?} is not an http(s) address", self.link),
            ));
        }
        let code = |l: &String| l.len() == 2 && l.bytes().all(|b| b.is_ascii_lowercase());
        if self.languages.is_empty() || !self.languages.iter().all(code) {
            return Err(bad(
                "languages",
                "give one or more ISO 639-1 codes (nl, fr, en…)".into(),
            ));
        }
        Ok(())
    }
}

/// The fiches, in the order they were read.
#[derive(Debug, Clone, Default)]
pub struct Practices {
    list: Vec<Practice>,
}

impl Practices {
    /// The fiches shipped with spp, checked against `catalogue`.
    pub fn bundled(catalogue: &Catalogue) -> Result<Practices, CatalogueError> {
        let sources = BUNDLED.iter().map(|(f, s)| {
            (
                PathBuf::from(format!("data/good-practices/{f}")),
                s.to_string(),
            )
        });
        Self::from_sources(sources, catalogue)
    }

    /// Reads every `*.toml` of `dir` as a fiche.
    pub fn load_dir(dir: &Path, catalogue: &Catalogue) -> Result<Practices, CatalogueError> {
        let io = |file: &Path, source| CatalogueError::Io {
            file: file.to_path_buf(),
            source,
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| io(dir, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        let mut sources = Vec::with_capacity(files.len());
        for file in files {
            let src = std::fs::read_to_string(&file).map_err(|e| io(&file, e))?;
            sources.push((file, src));
        }
        Self::from_sources(sources.into_iter(), catalogue)
    }

    fn from_sources(
        sources: impl Iterator<Item = (PathBuf, String)>,
        catalogue: &Catalogue,
    ) -> Result<Practices, CatalogueError> {
        let mut list: Vec<Practice> = Vec::new();
        for (file, src) in sources {
            let p = Practice::parse(&src, &file, catalogue)?;
            let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            if stem != p.id {
                let reason = format!("the file of fiche {:?} must be named {}.toml", p.id, p.id);
                return Err(CatalogueError::invalid(&file, "field id", reason));
            }
            if list.iter().any(|q| q.id == p.id) {
                let reason = format!("fiche {:?} is given twice", p.id);
                return Err(CatalogueError::invalid(&file, "field id", reason));
            }
            list.push(p);
        }
        Ok(Practices { list })
    }

    pub fn all(&self) -> &[Practice] {
        &self.list
    }

    pub fn get(&self, id: &str) -> Option<&Practice> {
        self.list.iter().find(|p| p.id == id)
    }
}
