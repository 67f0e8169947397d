-- 0001: the platform core: departments and their aliases, accounts, sessions, login attempts,
-- and the hash-chained audit log. Written once for SQLite and PostgreSQL: TEXT ids (ULIDs),
-- ISO 8601 UTC timestamps as TEXT, integers as BIGINT/INTEGER, no booleans.

CREATE TABLE departments (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL UNIQUE,
    region_code TEXT NOT NULL,
    -- the aliases again, sorted and joined by U+001F, so that reading a department is one query;
    -- department_aliases below keeps them unique and findable
    aliases     TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);

-- other names a department is known by in documents (简称), for matching plan text to units
CREATE TABLE department_aliases (
    id            TEXT PRIMARY KEY,
    alias         TEXT NOT NULL UNIQUE,
    department_id TEXT NOT NULL REFERENCES departments(id)
);
-- (department_id, alias): a department's aliases in order, without a sort
CREATE INDEX department_aliases_dept ON department_aliases(department_id, alias);

CREATE TABLE accounts (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('person', 'enterprise', 'staff')),
    login         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    id_number     TEXT UNIQUE,
    uscc          TEXT UNIQUE,
    phone         TEXT,
    department_id TEXT REFERENCES departments(id),
    roles         TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX accounts_department ON accounts(department_id);

CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    address    TEXT
);
CREATE INDEX sessions_account ON sessions(account_id);

-- failed logins, per account ('login:…') and per address ('addr:…'), for rate limiting
CREATE TABLE login_failures (
    id    TEXT PRIMARY KEY,
    scope TEXT NOT NULL,
    at_ms BIGINT NOT NULL
);
CREATE INDEX login_failures_scope ON login_failures(scope, at_ms);

-- append-only; each entry's hash covers its fields and the previous entry's hash
CREATE TABLE audit_log (
    seq         BIGINT PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_log_object ON audit_log(object_type, object_id);
