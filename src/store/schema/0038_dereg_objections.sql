-- 0038: what a deregistration rests on, and objections to simple deregistration notices (issue 15:
-- irreversible actions and honest words; src/domain/entity/entity.h, docs/entities.md).
--
-- entity_deregistrations: one row per deregistration begun. 普通注销 records its reason and the
-- document it rests on (an upload: 清算报告, 股东会决议 …) or, when a completed 企业注销登记 case
-- did it, that case; 简易注销 records the notice: the day it started, its last day and the
-- registering office (the regulator's department that decides objections). A notice's state is
-- `notice` while it runs, then `stopped` (an objection upheld) or `done` (deregistered).
-- Entities put on notice before this migration have no row: their start is their last day less
-- the notice's days and their office the market regulator's, as the code says.
--
-- dereg_objections: anyone may object to a running notice without an account (reason, name and a
-- phone or email to reach them); the row is theirs only through its receipt number (回执号:
-- Beijing day and a serial of that day). The regulator decides it: `upheld` (the notice stops,
-- the entity is as before), `dismissed` (with the reason; the notice goes on), or `closed` when
-- another objection to the same notice was upheld first. Deregistration completes only with no
-- objection pending.
CREATE TABLE entity_deregistrations (
    id              TEXT PRIMARY KEY,
    uscc            TEXT NOT NULL REFERENCES entities(uscc),
    mode            TEXT NOT NULL,
    state           TEXT NOT NULL,
    reason          TEXT,
    document_sha256 TEXT REFERENCES uploads(sha256),
    document_name   TEXT,
    case_id         TEXT REFERENCES cases(id),
    department_id   TEXT REFERENCES departments(id),
    started_on      TEXT NOT NULL,
    notice_until    TEXT,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX entity_deregistrations_uscc ON entity_deregistrations(uscc, created_at);

CREATE TABLE dereg_objections (
    id            TEXT PRIMARY KEY,
    receipt       TEXT NOT NULL UNIQUE,
    uscc          TEXT NOT NULL REFERENCES entities(uscc),
    notice_until  TEXT NOT NULL,
    department_id TEXT REFERENCES departments(id),
    reason        TEXT NOT NULL,
    objector      TEXT NOT NULL,
    contact       TEXT NOT NULL,
    state         TEXT NOT NULL,
    decision_note TEXT,
    decided_by    TEXT,
    decided_at    TEXT,
    created_at    TEXT NOT NULL
);
CREATE INDEX dereg_objections_uscc ON dereg_objections(uscc, created_at);
CREATE INDEX dereg_objections_state ON dereg_objections(state, department_id);
