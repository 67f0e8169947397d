-- 0014: cases (办件) and their tasks. A case is one application: the applicant, who submitted it
-- (the applicant, or a clerk on the applicant's behalf: 帮办代办), the item it applies for with
-- the item's version at submission, or a bundle (一件事) code, the answers and form as JSON, the
-- materials and how each was provided, and its state (src/domain/case/case.h's one text table).
-- A case has one task per item it includes (a bundle's case several), each in the item's
-- department with its deadlines in working days, plus post-check tasks (核查) for materials
-- accepted on a pledge (告知承诺). Every transition is an event; the audit chain holds it too.

CREATE TABLE cases (
    id           TEXT PRIMARY KEY,
    applicant_id TEXT NOT NULL REFERENCES accounts(id),
    submitted_by TEXT NOT NULL REFERENCES accounts(id),
    item_code    TEXT,
    item_version INTEGER,
    bundle_code  TEXT,
    answers      TEXT NOT NULL,
    form         TEXT NOT NULL,
    state        TEXT NOT NULL,
    accepted_on  TEXT,
    reason       TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CHECK (item_code IS NOT NULL OR bundle_code IS NOT NULL)
);
CREATE INDEX cases_applicant ON cases(applicant_id, created_at);
CREATE INDEX cases_state ON cases(state);

CREATE TABLE case_materials (
    case_id     TEXT NOT NULL REFERENCES cases(id),
    seq         INTEGER NOT NULL,
    name        TEXT NOT NULL,
    provided_as TEXT NOT NULL,
    due_date    TEXT,
    supplied_at TEXT,
    PRIMARY KEY (case_id, seq)
);

CREATE TABLE case_tasks (
    id                 TEXT PRIMARY KEY,
    case_id            TEXT NOT NULL REFERENCES cases(id),
    kind               TEXT NOT NULL,
    item_code          TEXT NOT NULL,
    department_id      TEXT NOT NULL REFERENCES departments(id),
    state              TEXT NOT NULL,
    deadline           TEXT NOT NULL,
    statutory_deadline TEXT NOT NULL,
    provisional        INTEGER NOT NULL DEFAULT 0,
    paused_on          TEXT,
    paused_days        INTEGER NOT NULL DEFAULT 0,
    reason             TEXT,
    decided_by         TEXT REFERENCES accounts(id),
    decided_at         TEXT,
    created_at         TEXT NOT NULL
);
CREATE INDEX case_tasks_case ON case_tasks(case_id, created_at);
CREATE INDEX case_tasks_department ON case_tasks(department_id, state, deadline);

CREATE TABLE case_events (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES cases(id),
    seq        INTEGER NOT NULL,
    task_id    TEXT,
    actor_id   TEXT NOT NULL,
    at         TEXT NOT NULL,
    from_state TEXT,
    to_state   TEXT NOT NULL,
    note       TEXT
);
CREATE UNIQUE INDEX case_events_case ON case_events(case_id, seq);
