-- 0019: the task force's supervision of ledger measures. A progress report may be returned
-- (退回) with a reason: it stays in the history, marked, and counts for nothing from then on —
-- the measure's status is that of its latest report not returned. A measure may be urged (催办),
-- each urging kept; and cancelled with a reason, from the day it is cancelled: it leaves the
-- completion rate and is counted as cancelled.

ALTER TABLE ledger_progress ADD COLUMN returned_at TEXT;
ALTER TABLE ledger_progress ADD COLUMN returned_by TEXT;
ALTER TABLE ledger_progress ADD COLUMN return_reason TEXT;

ALTER TABLE ledger_measures ADD COLUMN cancelled_on TEXT;
ALTER TABLE ledger_measures ADD COLUMN cancelled_at TEXT;
ALTER TABLE ledger_measures ADD COLUMN cancelled_by TEXT;
ALTER TABLE ledger_measures ADD COLUMN cancel_reason TEXT;

CREATE TABLE ledger_urgings (
    id         TEXT PRIMARY KEY,
    measure_id TEXT NOT NULL REFERENCES ledger_measures(id),
    note       TEXT NOT NULL,
    urged_by   TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ledger_urgings_measure ON ledger_urgings(measure_id, created_at);
