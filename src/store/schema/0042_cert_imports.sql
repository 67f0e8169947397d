-- 0042: certificate imports posted to the API (POST /api/v1/cert-imports, issue 16). The file is
-- kept in the store, so that whichever server's job thread runs the import (the job cert.import)
-- can read it: cert_imports one row per file (who posted it, its media type and size, the job
-- that imports it), cert_import_chunks its bytes in pieces of at most 1 MiB in order (seq from 0),
-- so that the job reads it a piece at a time. The pieces are deleted when the import is done; the
-- row stays, with when it finished.
CREATE TABLE cert_imports (
    id          TEXT PRIMARY KEY,
    job_id      TEXT NOT NULL REFERENCES jobs(id),
    media_type  TEXT NOT NULL,
    size        BIGINT NOT NULL,
    created_by  TEXT NOT NULL REFERENCES accounts(id),
    created_at  TEXT NOT NULL,
    finished_at TEXT
);

CREATE TABLE cert_import_chunks (
    import_id TEXT NOT NULL REFERENCES cert_imports(id),
    seq       INTEGER NOT NULL,
    data      BYTEA NOT NULL,
    PRIMARY KEY (import_id, seq)
);
