//! Databases for the tests of the store-backed use cases: a SQLite file in a temporary
//! folder, and a schema of its own on `$SPP_TEST_POSTGRES_URL`.

use crate::App;

/// An app on a fresh database; drop it after `close()` (the folder / schema goes with it).
pub(crate) struct TestApp {
    pub app: App,
    _dir: Option<tempfile::TempDir>,
    schema: Option<(String, String)>,
}

impl TestApp {
    pub async fn sqlite() -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite:{}", dir.path().join("t.sqlite").display());
        TestApp {
            app: App::open(&url).await.expect("open sqlite"),
            _dir: Some(dir),
            schema: None,
        }
    }

    /// `None`, with a message, when `$SPP_TEST_POSTGRES_URL` is unset.
    pub async fn postgres(test: &str) -> Option<TestApp> {
        let Ok(base) = std::env::var("SPP_TEST_POSTGRES_URL") else {
            eprintln!("SKIPPED {test} on PostgreSQL: set SPP_TEST_POSTGRES_URL");
            return None;
        };
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let schema = format!("spp_app_{test}_{}_{nanos}", std::process::id());
        let admin = sqlx::PgPool::connect(&base)
            .await
            .expect("connect postgres");
        sqlx::query(&format!("CREATE SCHEMA {schema}"))
            .execute(&admin)
            .await
            .expect("create schema");
        admin.close().await;
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
        Some(TestApp {
            app: App::open(&url).await.expect("open postgres"),
            _dir: None,
            schema: Some((base, schema)),
        })
    }

    pub async fn close(self) {
        self.app.close().await;
        if let Some((base, schema)) = &self.schema {
            if let Ok(admin) = sqlx::PgPool::connect(base).await {
                let _ = sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
                    .execute(&admin)
                    .await;
            }
        }
    }
}
