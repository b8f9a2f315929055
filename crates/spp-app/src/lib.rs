//! spp's use cases, shared by every front end. The command line (`spp`) and the web server
//! are thin layers over this crate: they turn arguments or requests into the typed inputs
//! here, call one function, and present the typed output (ripgrep's "core is definition and
//! glue"). Nothing here prints, exits or knows about HTTP.
//!
//! | use case | module | input → output |
//! |---|---|---|
//! | monitoring report | [`report`] | [`ReportQuery`] → [`spp_monitoring::Report`] |
//! | why a notice counts | [`explain`] | notice id → [`explain::NoticeExplanation`] |
//! | criteria guide | [`guide`] | [`guide::GuideQuery`] → [`guide::GuideView`] |
//! | suggestions for a draft | [`suggest`] | draft notice → [`suggest::Suggestions`], [`suggest::Applied`] |
//! | life-cycle cost | [`lcc`] | evaluation TOML → [`spp_lcc::EvaluationResult`] |
//! | lots behind a figure | [`figure`] | [`figure::FigureQuery`] → [`figure::FigureLots`] |
//! | finding notices | [`search`] | search string → [`search::SearchResult`] |
//! | ingest | [`ingest`] | paths → [`spp_ingest::Summary`] |
//! | inspect | [`inspect`] | file → [`spp_domain::Notice`] |
//! | contract register | [`register`] | inputs of `spp_register` → stored contracts, history |
//! | login, sessions, authorization | [`auth`] | credentials → [`auth::Actor`]; [`auth::authorize`] |
//! | good-practice fiches, usage counts | [`practices`] | fiche TOML → [`spp_catalogue::Practice`]; page use → counter; period → [`practices::usage::UsageReport`] |
//! | export | [`export`] | [`Filter`] → OCDS release package / JSON Lines, Parquet files → [`export::ExportSummary`] |
//!
//! [`App`] holds what the store-backed use cases share: the database and the catalogue.

use std::sync::Arc;

use spp_catalogue::{Catalogue, Practices};
use spp_store::Store;

pub mod assets;
pub mod auth;
pub mod cube;
pub mod error;
pub mod explain;
pub mod export;
pub mod figure;
pub mod filter;
pub mod guide;
pub mod ingest;
pub mod inspect;
pub mod lcc;
pub mod policy;
pub mod practices;
pub mod reclassify;
pub mod register;
pub mod report;
pub mod reports;
pub mod search;
pub mod suggest;
#[cfg(test)]
mod test_db;

pub use error::{AppError, AppResult, ErrorKind};
pub use filter::Filter;
pub use policy::CataloguePolicy;
pub use report::ReportQuery;

/// What [`App::health`] found when the database answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Health {
    /// It answers and can be written.
    Ok,
    /// It answers but cannot be written (why): reads work, writes fail.
    ReadOnly(String),
}

/// The database and catalogue the store-backed use cases work on.
#[derive(Clone)]
pub struct App {
    store: Store,
    catalogue: Arc<Catalogue>,
    /// The good-practice fiches bundled with spp, checked against the catalogue.
    practices: Arc<Practices>,
    db: String,
    /// The stored aggregates as last read (shared by clones).
    cube: Arc<cube::CubeCache>,
}

impl App {
    /// Opens (and migrates) the database at `db` (`sqlite:PATH` or `postgres://…`) with the
    /// bundled catalogue.
    pub async fn open(db: &str) -> AppResult<App> {
        let catalogue = Arc::new(Catalogue::bundled()?);
        App::open_with(db, catalogue).await
    }

    /// Opens the database with a given catalogue.
    pub async fn open_with(db: &str, catalogue: Arc<Catalogue>) -> AppResult<App> {
        let store = Store::connect(db).await.map_err(|e| {
            tracing::debug!("cannot open {db}: {e}");
            e
        })?;
        let policy = CataloguePolicy::bundled(policy::DEFAULT)?;
        let cache = cube::CubeCache::new(cube::fingerprint(&policy));
        let store = store.with_aggregator(Arc::new(cube::CubeAggregator::new(policy)));
        let practices = Arc::new(practices::bundled(&catalogue));
        Ok(App {
            store,
            catalogue,
            practices,
            db: db.to_string(),
            cube: Arc::new(cache),
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// The catalogue, shared.
    pub fn catalogue_arc(&self) -> Arc<Catalogue> {
        self.catalogue.clone()
    }

    /// The fingerprint of the aggregates this app's store keeps.
    pub fn cube_fingerprint(&self) -> String {
        self.cube.fingerprint.clone()
    }

    /// The database URL as given.
    pub fn db(&self) -> &str {
        &self.db
    }

    /// Whether the database answers now and can be written ([`spp_store::Store::health`]):
    /// [`Health::ReadOnly`] still serves reads; [`AppError::Unavailable`] when it does not
    /// answer.
    pub async fn health(&self) -> AppResult<Health> {
        match self.store.health().await {
            Ok(()) => Ok(Health::Ok),
            Err(spp_store::HealthError::ReadOnly(reason)) => Ok(Health::ReadOnly(reason)),
            Err(e @ spp_store::HealthError::Unavailable(_)) => {
                Err(AppError::Unavailable(e.to_string()))
            }
        }
    }

    /// Closes the database (SQLite checkpoints its WAL).
    pub async fn close(&self) {
        self.store.close().await;
    }
}
