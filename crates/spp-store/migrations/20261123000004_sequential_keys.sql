-- Schema 4: keys in arrival order, and packed bodies. Both for ingest speed.
--
-- Notice ids are random UUIDs. Every table keyed by them took each new row at a random
-- place in its B-tree, and a write transaction rewrites every page it touched: at 100k
-- notices an ingest wrote about 50 KB per notice for rows of 9 KB. Now:
--
-- * `notices.seq` numbers the notices in the order they were first stored (the writer
--   assigns it; an updated notice keeps its number). The tables of what a notice holds are
--   keyed by it, so their rows are appended at the end. Only `notices (id)` stays random.
-- * Bodies move to `notice_documents.json_lz4`: the `Notice` as JSON compressed with LZ4
--   (block format) behind its uncompressed length (4 bytes, little-endian), about 2 KB
--   instead of 5.5 KB of JSON. JSON cannot be compressed in SQL: `Store::connect` moves the
--   rows of `notice_bodies` in batches, and that table stays empty from then on.
-- * `notices_procedure` goes: spp never looks notices up by procedure, and it was one more
--   random key per notice. `notices_changes` covers what is read of change notices.
--
-- Portable SQL: UPDATE … FROM and window functions run on SQLite ≥ 3.33 and PostgreSQL.
ALTER TABLE notices ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
UPDATE notices SET seq = r.n
    FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM notices) AS r
    WHERE notices.id = r.id;
CREATE UNIQUE INDEX notices_seq ON notices (seq);
DROP INDEX notices_procedure;
-- The change targets, which every report reads first, from the index alone (0.06–0.12 s by
-- the old index and the table for 10k change notices among 100k); only change notices.
DROP INDEX notices_changes;
CREATE INDEX notices_changes ON notices (changes_id, changes_version, id)
    WHERE changes_id IS NOT NULL;

-- SQLite makes an INTEGER PRIMARY KEY the row's own key (no separate index). New tables are
-- made under a temporary name and renamed once the old one is gone: PostgreSQL would keep the
-- old primary key's index name (`notice_records_pkey`) on a renamed old table.
CREATE TABLE notice_records_v4 (
    notice_seq INTEGER NOT NULL PRIMARY KEY REFERENCES notices (seq) ON DELETE CASCADE,
    -- The notice's id, version and lot records (also when there are none).
    records    BYTEA   NOT NULL
);
INSERT INTO notice_records_v4 (notice_seq, records)
    SELECT n.seq, r.records FROM notice_records r JOIN notices n ON n.id = r.notice_id
    ORDER BY n.seq;
DROP TABLE notice_records;
ALTER TABLE notice_records_v4 RENAME TO notice_records;

CREATE TABLE notice_documents (
    notice_seq INTEGER NOT NULL PRIMARY KEY REFERENCES notices (seq) ON DELETE CASCADE,
    json_lz4   BYTEA   NOT NULL
);

CREATE TABLE lot_records_v4 (
    notice_seq     INTEGER NOT NULL REFERENCES notices (seq) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,              -- position in the notice
    notice_id      TEXT    NOT NULL,              -- BT-701
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
    PRIMARY KEY (notice_seq, seq)
);
INSERT INTO lot_records_v4 (notice_seq, seq, notice_id, lot_id, notice_version, year, stage_date,
        buyer_country, form_type, subtype, product_group, main_cpv, procedure_type)
    SELECT n.seq, r.seq, r.notice_id, r.lot_id, r.notice_version, r.year, r.stage_date,
        r.buyer_country, r.form_type, r.subtype, r.product_group, r.main_cpv, r.procedure_type
    FROM lot_records r JOIN notices n ON n.id = r.notice_id
    ORDER BY n.seq, r.seq;
DROP TABLE lot_records;
ALTER TABLE lot_records_v4 RENAME TO lot_records;
CREATE INDEX lot_records_year ON lot_records (year);
CREATE INDEX lot_records_stage_date ON lot_records (stage_date);
CREATE INDEX lot_records_country ON lot_records (buyer_country);
CREATE INDEX lot_records_product_group ON lot_records (product_group);
