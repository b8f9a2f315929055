//! What every handler shares.

use std::sync::Arc;

use spp_app::{App, AppResult, CataloguePolicy};

/// The application (database and catalogue) and the SPP-1 policy the figures use.
#[derive(Clone)]
pub struct WebState {
    pub app: App,
    pub policy: Arc<CataloguePolicy>,
}

impl WebState {
    /// The state over an opened app, with the bundled default policy.
    pub fn new(app: App) -> AppResult<WebState> {
        let policy = CataloguePolicy::bundled(spp_app::policy::DEFAULT)?;
        Ok(WebState {
            app,
            policy: Arc::new(policy),
        })
    }
}
