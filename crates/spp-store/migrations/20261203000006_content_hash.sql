-- Schema 6: the content hash of a notice's source file is BLAKE3 instead of SHA-256 (about a
-- tenth of the ingest's CPU went into SHA-256). Values now carry their algorithm
-- (`blake3:<hex>`); the SHA-256 values already stored are kept, marked `sha256:`. They never
-- equal a new hash, so the first ingest of an already stored file after this migration
-- rewrites that notice once (reported as updated); later ingests find it unchanged.
-- Portable SQL: RENAME COLUMN runs on SQLite >= 3.25 and PostgreSQL.
ALTER TABLE notices RENAME COLUMN content_sha256 TO content_hash;
UPDATE notices SET content_hash = 'sha256:' || content_hash;
