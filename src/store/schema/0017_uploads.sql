-- 0017: uploaded materials, content-addressed (src/domain/upload/upload.h). A file is kept once
-- per SHA-256 (lowercase hex), whoever uploads it and however often: in `content` (BYTEA on
-- PostgreSQL, a blob on SQLite), or NULL when the server keeps its files in a shared directory
-- (serve --uploads-dir DIR: DIR/ab/abcdef…). Who uploaded it is one row per account, with the
-- name that account gave it; a second upload of the same file by the same account adds nothing.
-- A case's material refers to an upload by its hash (upload_sha256, filled by the case code).

CREATE TABLE uploads (
    sha256     TEXT PRIMARY KEY,
    size       INTEGER NOT NULL,
    media_type TEXT NOT NULL,
    content    BYTEA,
    created_at TEXT NOT NULL
);

CREATE TABLE upload_owners (
    sha256     TEXT NOT NULL REFERENCES uploads(sha256),
    account_id TEXT NOT NULL REFERENCES accounts(id),
    name       TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (sha256, account_id)
);
CREATE INDEX upload_owners_account ON upload_owners(account_id, created_at);

ALTER TABLE case_materials ADD COLUMN upload_sha256 TEXT REFERENCES uploads(sha256);
