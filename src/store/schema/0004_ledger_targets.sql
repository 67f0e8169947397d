-- 0004: measurable targets of ledger measures ("企业变更全程网办率 99% by 2022-12-31") and the
-- values reported against them over time. Values are decimal text (up to 4 decimals), exact in
-- both stores.

CREATE TABLE ledger_targets (
    id           TEXT PRIMARY KEY,
    measure_id   TEXT NOT NULL REFERENCES ledger_measures(id),
    name         TEXT NOT NULL,
    unit         TEXT NOT NULL,
    target_value TEXT NOT NULL,
    due_date     TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (measure_id, name)
);

CREATE TABLE ledger_target_values (
    id          TEXT PRIMARY KEY,
    target_id   TEXT NOT NULL REFERENCES ledger_targets(id),
    measured_on TEXT NOT NULL,
    value       TEXT NOT NULL,
    reported_by TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (target_id, measured_on)
);
