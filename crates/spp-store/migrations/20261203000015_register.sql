-- Schema 15: the contract register (docs/REGISTER.md). Portable SQL: every integer is BIGINT
-- (PostgreSQL int8, SQLite integer affinity) so that one Rust type reads it on both; ids are
-- assigned by the writer, which holds the register's write lock; dates and times are ISO-8601
-- TEXT; yes/no facts are 0/1 with NULL for "not reported"; amounts are whole cents.
-- Rows are never deleted by spp: `deleted_at` marks a soft delete.

-- Government level → policy domain → entity.
CREATE TABLE entities (
    id            BIGINT NOT NULL PRIMARY KEY,
    code          TEXT   NOT NULL UNIQUE,
    name          TEXT   NOT NULL,
    level         TEXT   NOT NULL,
    policy_domain TEXT   NOT NULL,
    kbo           TEXT,
    created_at    TEXT   NOT NULL,
    updated_at    TEXT   NOT NULL,
    deleted_at    TEXT
);

-- Which notice buyers are which entity: by BT-501 registration number (digits only), else by
-- name (trimmed, lower-case).
CREATE TABLE buyer_entities (
    id                  BIGINT NOT NULL PRIMARY KEY,
    entity_id           BIGINT NOT NULL REFERENCES entities (id),
    registration_number TEXT UNIQUE,
    buyer_name          TEXT UNIQUE,
    CHECK (registration_number IS NOT NULL OR buyer_name IS NOT NULL)
);

CREATE TABLE users (
    id            BIGINT NOT NULL PRIMARY KEY,
    email         TEXT   NOT NULL UNIQUE,
    name          TEXT   NOT NULL,
    role          TEXT   NOT NULL,
    -- argon2id PHC string; NULL until a password is set.
    password_hash TEXT,
    created_at    TEXT   NOT NULL,
    updated_at    TEXT   NOT NULL,
    deleted_at    TEXT
);

-- The entities a buyer may write.
CREATE TABLE user_grants (
    user_id   BIGINT NOT NULL REFERENCES users (id),
    entity_id BIGINT NOT NULL REFERENCES entities (id),
    PRIMARY KEY (user_id, entity_id)
);

-- Session and API tokens are stored as the hash of the token, never the token.
CREATE TABLE sessions (
    token_hash TEXT   NOT NULL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    created_at TEXT   NOT NULL,
    expires_at TEXT   NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    token_hash TEXT   NOT NULL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    label      TEXT   NOT NULL,
    created_at TEXT   NOT NULL,
    expires_at TEXT,
    revoked_at TEXT
);

CREATE TABLE contracts (
    id                      BIGINT NOT NULL PRIMARY KEY,
    entity_id               BIGINT NOT NULL REFERENCES entities (id),
    reference               TEXT   NOT NULL,  -- the entity's own reference
    title                   TEXT   NOT NULL,
    procedure_type          TEXT   NOT NULL,
    threshold               TEXT,
    award_date              TEXT,
    notice_kind             TEXT,             -- ted | procedure
    notice_ref              TEXT,             -- TED publication number or BT-04
    framework_ceiling_cents BIGINT,
    version                 BIGINT NOT NULL,  -- 1 when created, +1 per change
    created_at              TEXT   NOT NULL,
    updated_at              TEXT   NOT NULL,
    deleted_at              TEXT,
    UNIQUE (entity_id, reference)
);
CREATE INDEX contracts_notice ON contracts (notice_ref) WHERE notice_ref IS NOT NULL;

CREATE TABLE contract_lots (
    contract_id     BIGINT NOT NULL REFERENCES contracts (id),
    seq             BIGINT NOT NULL,
    reference       TEXT   NOT NULL,
    title           TEXT,
    cpv             TEXT   NOT NULL,
    product_group   TEXT,
    estimated_cents BIGINT,
    awarded_cents   BIGINT,
    labels          TEXT   NOT NULL,   -- label ids separated by ';'
    social_clause   BIGINT,
    reserved        BIGINT,
    supply_chain    TEXT,
    circular        TEXT   NOT NULL,   -- circular models separated by ';'
    innovation      TEXT,
    lcc_used        BIGINT,
    winner_name     TEXT,
    winner_kbo      TEXT,
    winner_sme      BIGINT,
    e_submission    BIGINT,
    PRIMARY KEY (contract_id, seq)
);
CREATE INDEX contract_lots_group ON contract_lots (product_group);

CREATE TABLE criteria_applied (
    contract_id  BIGINT NOT NULL REFERENCES contracts (id),
    lot_seq      BIGINT NOT NULL,
    seq          BIGINT NOT NULL,
    criterion_id TEXT   NOT NULL,
    stage        TEXT   NOT NULL,
    level        BIGINT NOT NULL,
    essential    BIGINT NOT NULL,
    PRIMARY KEY (contract_id, lot_seq, seq)
);

CREATE TABLE call_offs (
    contract_id BIGINT NOT NULL REFERENCES contracts (id),
    seq         BIGINT NOT NULL,
    reference   TEXT   NOT NULL,
    called_on   TEXT   NOT NULL,
    value_cents BIGINT NOT NULL,
    PRIMARY KEY (contract_id, seq)
);

CREATE TABLE invoices (
    contract_id  BIGINT NOT NULL REFERENCES contracts (id),
    seq          BIGINT NOT NULL,
    reference    TEXT   NOT NULL,
    amount_cents BIGINT NOT NULL,
    received_on  TEXT   NOT NULL,
    paid_on      TEXT,
    PRIMARY KEY (contract_id, seq)
);

-- Every create, update and delete, written in the transaction of the change. Append-only:
-- triggers (migrations-sqlite/, migrations-postgres/) refuse UPDATE and DELETE.
CREATE TABLE audit_log (
    id           BIGINT NOT NULL PRIMARY KEY,
    at           TEXT   NOT NULL,      -- UTC, RFC 3339
    actor        TEXT   NOT NULL,      -- the user's e-mail, or `cli:<os user>`
    action       TEXT   NOT NULL,      -- create | update | delete
    subject_kind TEXT   NOT NULL,      -- contract | entity | user | buyer_mapping
    subject_id   BIGINT NOT NULL,
    subject      TEXT   NOT NULL,      -- human key: `entity/reference`, entity code, e-mail
    before_json  TEXT,
    after_json   TEXT
);
CREATE INDEX audit_log_subject ON audit_log (subject_kind, subject_id);
