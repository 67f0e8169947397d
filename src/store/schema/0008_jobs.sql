-- Long work (imports, matching runs, draws, exports, checks of the audit chain) runs as jobs on
-- job threads beside the servers. A job is a row: whoever holds its lease runs it, so that of
-- several servers on one store exactly one does; a lease not renewed in time (its server died)
-- is taken over. Progress is written to the row, where the command line and the pages read it.
CREATE TABLE jobs (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    args_json       TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    progress_done   BIGINT NOT NULL DEFAULT 0,
    progress_total  BIGINT NOT NULL DEFAULT 0,
    progress_note   TEXT,
    result_json     TEXT,
    error           TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    lease_owner     TEXT,
    lease_until_ms  BIGINT NOT NULL DEFAULT 0,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    started_at      TEXT,
    finished_at     TEXT
);
CREATE INDEX jobs_state ON jobs(state, created_at);
