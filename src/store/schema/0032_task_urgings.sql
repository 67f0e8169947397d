-- 督办 and reminders (issue 15: messages, to-dos and drill-down).
-- task_urgings: a supervisor urged an open task with a note (POST /api/v1/tasks/{id}/urge); one
-- row per urging, read back as the task's count and last note in 超期督办 and the inbox.
-- deferred_reminders: the applicant was told that a 容缺 material falls due within three working
-- days (the job deferred.remind); one row per material, so each is told once however often the
-- job runs — the row and its message are written in one transaction.
CREATE TABLE task_urgings (
    id        TEXT PRIMARY KEY,
    task_id   TEXT NOT NULL REFERENCES case_tasks(id),
    case_id   TEXT NOT NULL REFERENCES cases(id),
    note      TEXT NOT NULL,
    urged_by  TEXT NOT NULL REFERENCES accounts(id),
    at        TEXT NOT NULL
);
CREATE INDEX task_urgings_task ON task_urgings(task_id, at);

CREATE TABLE deferred_reminders (
    case_id TEXT NOT NULL REFERENCES cases(id),
    seq     INTEGER NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
);
