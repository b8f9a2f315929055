-- Schema 2: tables shaped for reading every current lot record fast.
--
-- * `notices` keeps only the small columns, so scans over it (counts, notices without lots)
--   no longer walk through the notice bodies; the body moves to `notice_bodies`.
-- * `notice_records` holds, for the stored version of each notice, all its lot records in
--   lot order in the store's binary layout (crates/spp-store/src/codec), headed by the
--   notice id and version. `spp report` reads only this narrow table, pages of notices
--   concatenated into one value each, instead of one JSON text per lot: about a third of the
--   bytes and a fraction of the decoding.
-- * `lot_records` keeps one row per lot with the scalar columns, for SQL queries from other
--   tools; its JSON copy of the record goes.
--
-- Schema 1 stored JSON records that cannot be converted in SQL, so its tables are dropped
-- and made again empty: the next `spp ingest` of the same files fills them (the store holds
-- nothing that is not in the source notices).
DROP TABLE lot_records;
DROP TABLE notices;

-- One row per notice id: the highest version seen (BT-757).
CREATE TABLE notices (
    id              TEXT    NOT NULL PRIMARY KEY, -- BT-701
    version         INTEGER NOT NULL,             -- BT-757 as a number
    version_raw     TEXT    NOT NULL,             -- BT-757 as written
    content_sha256  TEXT    NOT NULL,             -- of the source file bytes
    procedure_id    TEXT,                         -- BT-04
    form_type       TEXT,                         -- BT-03
    subtype         TEXT,                         -- OPP-070
    issue_date      TEXT,                         -- BT-05(a)
    changes_id      TEXT,                         -- BT-758, notice id part
    changes_version INTEGER,                      -- BT-758, version part
    lot_count       INTEGER NOT NULL              -- lot records written with this version
);
CREATE INDEX notices_changes ON notices (changes_id);
CREATE INDEX notices_procedure ON notices (procedure_id);
CREATE INDEX notices_form_type ON notices (form_type);

-- The stored version of each notice as spp read it (the `Notice` as JSON): enough to derive
-- its records again, e.g. after a catalogue change, without the source files.
CREATE TABLE notice_bodies (
    notice_id TEXT NOT NULL PRIMARY KEY REFERENCES notices (id) ON DELETE CASCADE,
    body      TEXT NOT NULL
);

-- BYTEA is PostgreSQL's binary type; SQLite accepts the name and keeps BLOB values as they
-- are (numeric affinity never converts a BLOB).
CREATE TABLE notice_records (
    notice_id TEXT  NOT NULL PRIMARY KEY REFERENCES notices (id) ON DELETE CASCADE,
    -- The notice's id, version and lot records (also when there are none).
    records   BYTEA NOT NULL
);

-- One row per lot record of the stored version, for SQL queries from other tools.
CREATE TABLE lot_records (
    notice_id      TEXT    NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,              -- position in the notice
    lot_id         TEXT    NOT NULL,              -- BT-137
    notice_version INTEGER NOT NULL,
    year           INTEGER,                       -- stage year
    stage_date     TEXT,                          -- award date, else dispatch date
    buyer_country  TEXT,                          -- ISO 3166-1 alpha-3
    form_type      TEXT,
    subtype        TEXT,
    product_group  TEXT,
    main_cpv       TEXT,
    procedure_type TEXT,
    PRIMARY KEY (notice_id, seq)
);
CREATE INDEX lot_records_year ON lot_records (year);
CREATE INDEX lot_records_stage_date ON lot_records (stage_date);
CREATE INDEX lot_records_country ON lot_records (buyer_country);
CREATE INDEX lot_records_product_group ON lot_records (product_group);
