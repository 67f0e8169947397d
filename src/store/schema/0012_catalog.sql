-- 0011: the item catalog (事项清单). An item is one administrative service, found by its code
-- (the business key); every edit makes a new row of item_versions holding the version's whole
-- content as JSON (the form `yiwang catalog export` prints), and the item points at its
-- current version. The columns of items repeat what lists and filters need of the current
-- version. search_text is what search looks in (name, keywords, type, department): the
-- trigram index over it differs between the stores (SQLite's FTS5 table, PostgreSQL's pg_trgm
-- index), so it is made by src/domain/catalog/search.c at the first write, not here.

CREATE TABLE items (
    id              TEXT PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    type            TEXT NOT NULL,
    department_id   TEXT NOT NULL REFERENCES departments(id),
    region_code     TEXT NOT NULL,
    statutory_days  INTEGER NOT NULL,
    promised_days   INTEGER NOT NULL,
    fee_fen         BIGINT NOT NULL,
    online_depth    TEXT NOT NULL,
    visits          INTEGER NOT NULL,
    search_text     TEXT NOT NULL,
    current_version INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX items_department ON items(department_id, code);
CREATE INDEX items_type ON items(type, code);

CREATE TABLE item_versions (
    id         TEXT PRIMARY KEY,
    item_id    TEXT NOT NULL REFERENCES items(id),
    version    INTEGER NOT NULL,
    content    TEXT NOT NULL,
    type       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (item_id, version)
);
CREATE INDEX item_versions_type ON item_versions(type, created_at);
