-- Schema 2: lot records are read from one compact binary value per notice.
--
-- `notice_records` holds, for the stored version of each notice, all its lot records in
-- lot order in the store's binary layout (crates/spp-store/src/codec.rs), with the
-- notice's version and the notice it changes. `spp report` reads only this narrow table,
-- pages of notices concatenated into one value each, instead of one JSON text per lot:
-- about a tenth of the bytes, a fraction of the decoding, and no walk through the bodies. `lot_records` keeps one row per lot
-- with the scalar columns, for SQL queries from other tools; its JSON copy of the record
-- goes.
--
-- The JSON records of schema 1 cannot be converted in SQL, so the notices stored under
-- schema 1 are removed: the next `spp ingest` of the same files stores them again (the
-- store holds nothing that is not in the source notices).
DELETE FROM lot_records;
DELETE FROM notices;
ALTER TABLE lot_records DROP COLUMN record;
-- Indexes that no query of spp uses and that only slowed the ingest down.
DROP INDEX lot_records_form_type;
DROP INDEX lot_records_cpv;

-- BYTEA is PostgreSQL's binary type; SQLite accepts the name and keeps BLOB values as they
-- are (numeric affinity never converts a BLOB).
CREATE TABLE notice_records (
    notice_id TEXT  NOT NULL PRIMARY KEY REFERENCES notices (id) ON DELETE CASCADE,
    -- The notice's id, version, changed notice and lot records (also when there are none).
    records   BYTEA NOT NULL
);
