-- 0002: the ledger of plan measures (督查台账): imported plans, their measures with units and
-- deadlines, and the remembered mapping of unit names in documents to departments.

CREATE TABLE ledger_plans (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    year        INTEGER NOT NULL,
    source_name TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL
);

CREATE TABLE ledger_measures (
    id         TEXT PRIMARY KEY,
    plan_id    TEXT NOT NULL REFERENCES ledger_plans(id),
    seq        INTEGER NOT NULL,
    number     INTEGER,
    section    TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    due_date   TEXT,
    status     TEXT NOT NULL DEFAULT 'not_started'
               CHECK (status IN ('not_started', 'in_progress', 'done', 'cancelled')),
    created_at TEXT NOT NULL,
    UNIQUE (plan_id, seq)
);

-- one row per unit named by a measure; department_id once the name is matched or mapped
CREATE TABLE ledger_measure_units (
    id            TEXT PRIMARY KEY,
    measure_id    TEXT NOT NULL REFERENCES ledger_measures(id),
    role          TEXT NOT NULL CHECK (role IN ('lead', 'responsible')),
    unit_name     TEXT NOT NULL,
    department_id TEXT REFERENCES departments(id),
    UNIQUE (measure_id, role, unit_name)
);
CREATE INDEX ledger_measure_units_dept ON ledger_measure_units(department_id);
CREATE INDEX ledger_measure_units_name ON ledger_measure_units(unit_name);

CREATE TABLE ledger_deadlines (
    id         TEXT PRIMARY KEY,
    measure_id TEXT NOT NULL REFERENCES ledger_measures(id),
    due_date   TEXT NOT NULL,
    UNIQUE (measure_id, due_date)
);

-- names a person mapped to a department, remembered for later imports
CREATE TABLE ledger_unit_map (
    id            TEXT PRIMARY KEY,
    unit_name     TEXT NOT NULL UNIQUE,
    department_id TEXT NOT NULL REFERENCES departments(id),
    mapped_by     TEXT NOT NULL,
    mapped_at     TEXT NOT NULL
);
