//! Databases for the tests of the store-backed use cases: an app on a
//! [`spp_store::test_support::TestDatabase`] (a SQLite file in a temporary folder, or a schema
//! of its own on `$SPP_TEST_POSTGRES_URL`).

use spp_store::test_support::TestDatabase;

use crate::App;

/// An app on a fresh database; drop it after `close()` (the folder / schema goes with it).
pub(crate) struct TestApp {
    pub app: App,
    db: TestDatabase,
}

impl TestApp {
    async fn open(db: TestDatabase) -> TestApp {
        let app = App::open(&db.url)
            .await
            .unwrap_or_else(|e| panic!("open {}: {e}", db.url));
        TestApp { app, db }
    }

    pub async fn sqlite() -> TestApp {
        TestApp::open(TestDatabase::sqlite()).await
    }

    /// `None`, with a message, when `$SPP_TEST_POSTGRES_URL` is unset.
    pub async fn postgres(test: &str) -> Option<TestApp> {
        Some(TestApp::open(TestDatabase::postgres(test)?).await)
    }

    pub async fn close(self) {
        self.app.close().await;
        self.db.remove().await;
    }
}
