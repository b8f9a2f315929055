//! spp storage: SQLite (embedded default) and PostgreSQL via sqlx, with migrations.
