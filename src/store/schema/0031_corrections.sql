-- 0031: 补正 as a one-time notice (一次性告知). An officer's request for corrections names each
-- material to replace and each form field to correct, each with its reason: one row per thing
-- asked, kept with the task that asked it. When the applicant resubmits, the row keeps what was
-- there before (`earlier`: a material's upload hash, or a field's value as JSON) beside what was
-- handed in (`given`), and when: both versions stay readable, the case itself carries the new.
--
-- And how a deferred (容缺) material was handed in: as a file (`upload`), or on paper at a window
-- as a clerk recorded (`window`), and by whom; rows from before keep NULL (their history cannot
-- tell).
CREATE TABLE case_corrections (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases(id),
    task_id     TEXT NOT NULL REFERENCES case_tasks(id),
    seq         INTEGER NOT NULL,  -- the order within its notice
    kind        TEXT NOT NULL,     -- material or field
    name        TEXT NOT NULL,     -- the material's name, or the field's key
    reason      TEXT NOT NULL,
    asked_at    TEXT NOT NULL,
    earlier     TEXT,              -- on resubmission: the material's upload hash, or the field's JSON value
    given       TEXT,              -- on resubmission: the new upload hash, or the new JSON value
    answered_at TEXT,              -- NULL while it waits for the applicant
    CHECK (kind IN ('material', 'field'))
);
CREATE INDEX case_corrections_case ON case_corrections(case_id, asked_at, seq);
CREATE INDEX case_corrections_task ON case_corrections(task_id);

ALTER TABLE case_materials ADD COLUMN supplied_by TEXT REFERENCES accounts(id);
ALTER TABLE case_materials ADD COLUMN supplied_how TEXT; -- upload or window
