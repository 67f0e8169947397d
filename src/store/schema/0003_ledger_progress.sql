-- 0003: progress on ledger measures. A progress report says, as of a date, how far a measure
-- is (percent), what was done, its status from then on, and carries evidence files. A
-- measure's status on any date is the status of its latest report on or before that date,
-- so the monthly dispatch can look at any month after the fact.

CREATE TABLE ledger_progress (
    id            TEXT PRIMARY KEY,
    measure_id    TEXT NOT NULL REFERENCES ledger_measures(id),
    reported_on   TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('in_progress', 'done', 'cancelled')),
    percent       INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
    body          TEXT NOT NULL,
    reported_by   TEXT NOT NULL,
    department_id TEXT REFERENCES departments(id),
    created_at    TEXT NOT NULL
);
CREATE INDEX ledger_progress_measure ON ledger_progress(measure_id, reported_on);

-- evidence files of a progress report, their bytes as base64
CREATE TABLE ledger_evidence (
    id           TEXT PRIMARY KEY,
    progress_id  TEXT NOT NULL REFERENCES ledger_progress(id),
    name         TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    content_b64  TEXT NOT NULL
);
CREATE INDEX ledger_evidence_progress ON ledger_evidence(progress_id);
