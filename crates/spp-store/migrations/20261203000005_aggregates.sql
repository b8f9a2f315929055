-- Schema 5: stored aggregates (the cube of spp-monitoring), kept exact by the writer in the
-- transaction that saves the notices (docs/STORE.md, "Stored aggregates").
--
-- * `aggregate_cells`: per cell (a JSON array of the dimension values) the indicators'
--   partial results as exact integers (spp_monitoring::cube::CellState).
-- * `aggregate_spans`: per current notice, what cannot be counted inside one cell: the notice
--   and its winners when their lots fall in several cells, and its flagged lots.
-- * `aggregate_procedures`: per procedure and stage (SME-3's unit), its lots per cell over
--   all its current notices; those in several cells (`spanning`) are read by reports.
-- * `aggregate_meta`: the fingerprint of what the cells were computed with (layout,
--   policy, exchange rates, plausibility rules), the store generation they are exact for,
--   and the generation of the notices (every save adds one). The two differ when notices
--   were saved without keeping the aggregates: they are then rebuilt before use.
CREATE TABLE aggregate_meta (
    id                 INTEGER NOT NULL PRIMARY KEY,
    fingerprint        TEXT    NOT NULL,
    generation         BIGINT  NOT NULL,
    records_generation BIGINT  NOT NULL
);
INSERT INTO aggregate_meta (id, fingerprint, generation, records_generation)
    SELECT 1, '', 0, CASE WHEN EXISTS (SELECT 1 FROM notices) THEN 1 ELSE 0 END;

CREATE TABLE aggregate_cells (
    cell  TEXT  NOT NULL PRIMARY KEY,
    state BYTEA NOT NULL
);

CREATE TABLE aggregate_spans (
    notice_id TEXT  NOT NULL PRIMARY KEY,
    span      BYTEA NOT NULL
);

CREATE TABLE aggregate_procedures (
    entity   TEXT    NOT NULL PRIMARY KEY,
    state    BYTEA   NOT NULL,
    spanning INTEGER NOT NULL
);
CREATE INDEX aggregate_procedures_spanning ON aggregate_procedures (entity) WHERE spanning = 1;
