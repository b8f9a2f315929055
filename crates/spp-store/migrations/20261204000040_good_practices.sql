-- Schema 40: good-practice fiches kept in the register, and the usage counters of the guide
-- and the fiches (docs/CATALOGUE.md, "Good practices"; docs/INDICATORS.md, USE-1).

-- A fiche entered through the register. `code` is the fiche id; a register fiche with the
-- id of a bundled one replaces it. `body_json` is the whole fiche, checked against the
-- catalogue before it was written. Rows are never deleted: `deleted_at` marks a soft delete.
CREATE TABLE good_practices (
    id            BIGINT NOT NULL PRIMARY KEY,
    code          TEXT   NOT NULL UNIQUE,
    product_group TEXT   NOT NULL,
    body_json     TEXT   NOT NULL,
    created_at    TEXT   NOT NULL,
    updated_at    TEXT   NOT NULL,
    deleted_at    TEXT
);

-- One row per UTC day, page kind (`guide`, `practice`), subject (product group id, or fiche
-- id) and event (`view`, `download`); `hits` counts the requests (not bots, not HEAD).
CREATE TABLE usage_counts (
    day           TEXT   NOT NULL,
    page          TEXT   NOT NULL,
    subject       TEXT   NOT NULL,
    event         TEXT   NOT NULL,
    product_group TEXT   NOT NULL,
    hits          BIGINT NOT NULL,
    PRIMARY KEY (day, page, subject, event)
);
CREATE INDEX usage_counts_group ON usage_counts (product_group, day);
