-- 0015: the items a case applies for, each with the version it was submitted under — one for a
-- case of one item, several for a bundle's (一件事) — and, for a bundle that runs in stages
-- (工程建设项目审批), the stage each item belongs to. The case records the stage open now, the
-- bundle's overall limit in working days and the overall deadline set at acceptance, and a title
-- (the item's or the bundle's name at submission) for lists. A task knows its stage.

CREATE TABLE case_items (
    case_id      TEXT NOT NULL REFERENCES cases(id),
    seq          INTEGER NOT NULL,
    item_code    TEXT NOT NULL,
    item_version INTEGER NOT NULL,
    stage        INTEGER NOT NULL DEFAULT 0,
    stage_name   TEXT,
    PRIMARY KEY (case_id, seq)
);

INSERT INTO case_items (case_id, seq, item_code, item_version, stage, stage_name)
    SELECT id, 0, item_code, item_version, 0, NULL FROM cases WHERE item_code IS NOT NULL;

ALTER TABLE cases ADD COLUMN title TEXT;
ALTER TABLE cases ADD COLUMN stage INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN limit_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN deadline TEXT;
ALTER TABLE case_tasks ADD COLUMN stage INTEGER NOT NULL DEFAULT 0;
CREATE INDEX cases_state_created ON cases(state, created_at);
