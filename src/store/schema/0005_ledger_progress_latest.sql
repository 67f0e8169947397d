-- The measure's latest report (reported_on, then created_at) is read on every new report: with
-- created_at in the index it is one index step, however many reports share a date.
CREATE INDEX ledger_progress_latest ON ledger_progress(measure_id, reported_on, created_at);
