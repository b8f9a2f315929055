-- spp store schema. Portable SQL: the same file runs on SQLite and PostgreSQL
-- (TEXT, INTEGER, no auto-increment, dates as ISO-8601 TEXT so they compare as strings).

-- One row per notice id: the highest version seen (BT-757), its full content as JSON.
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
    lot_count       INTEGER NOT NULL,             -- lot records written with this version
    body            TEXT    NOT NULL              -- the Notice as JSON
);
CREATE INDEX notices_changes ON notices (changes_id);
CREATE INDEX notices_procedure ON notices (procedure_id);
CREATE INDEX notices_form_type ON notices (form_type);

-- One row per lot record of the stored version of a notice. `record` holds the whole
-- LotRecord as JSON (the source of truth when reading); the scalar columns repeat the
-- fields that are filtered and grouped on, with indexes.
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
    record         TEXT    NOT NULL,
    PRIMARY KEY (notice_id, seq)
);
CREATE INDEX lot_records_year ON lot_records (year);
CREATE INDEX lot_records_stage_date ON lot_records (stage_date);
CREATE INDEX lot_records_country ON lot_records (buyer_country);
CREATE INDEX lot_records_form_type ON lot_records (form_type);
CREATE INDEX lot_records_product_group ON lot_records (product_group);
CREATE INDEX lot_records_cpv ON lot_records (main_cpv);
