-- 0020: the policy library (惠企政策库) and its grants (兑现) (src/domain/policy/policy.h,
-- docs/policies.md). A policy holds its two rules as JsonLogic text, compiled when saved and
-- again when matching starts; amounts are fen in BIGINT. `spent_fen` is what approved grants
-- have taken from `budget_fen`: an approval adds to it with one conditional UPDATE
-- (spent_fen + amount <= budget_fen), so two servers approving at once never pass the budget.

CREATE TABLE policies (
    code            TEXT PRIMARY KEY,
    title           TEXT NOT NULL,
    department_id   TEXT NOT NULL REFERENCES departments(id),
    basis           TEXT NOT NULL,
    summary         TEXT NOT NULL DEFAULT '',
    valid_from      TEXT NOT NULL,
    valid_to        TEXT NOT NULL,
    mode            TEXT NOT NULL,
    eligibility     TEXT NOT NULL,
    amount          TEXT NOT NULL,
    budget_fen      BIGINT NOT NULL,
    spent_fen       BIGINT NOT NULL DEFAULT 0,
    cap_fen         BIGINT NOT NULL,
    recurrence      TEXT NOT NULL,
    exclusive_group TEXT,
    status          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX policies_department ON policies(department_id);

-- A grant: one benefit of one entity under one policy for one period ("once", or the year of a
-- yearly policy), whatever the number of matching runs. `exclusive_group` is the policy's, kept
-- here so that approval finds another grant of the group with one query.
CREATE TABLE grants (
    id              TEXT PRIMARY KEY,
    policy_code     TEXT NOT NULL REFERENCES policies(code),
    uscc            TEXT NOT NULL REFERENCES entities(uscc),
    period          TEXT NOT NULL,
    amount_fen      BIGINT NOT NULL,
    state           TEXT NOT NULL,
    exclusive_group TEXT,
    reason          TEXT,
    created_at      TEXT NOT NULL,
    decided_at      TEXT,
    decided_by      TEXT,
    paid_at         TEXT,
    updated_at      TEXT NOT NULL,
    UNIQUE (policy_code, uscc, period)
);
CREATE INDEX grants_policy_state ON grants(policy_code, state);
CREATE INDEX grants_uscc ON grants(uscc, exclusive_group);

-- Apply-mode policies: which entities may apply, with the amount the rule gave, as of the last
-- matching run (`matched_at`: rows a full run did not renew are removed at its end).
CREATE TABLE policy_eligibility (
    policy_code TEXT NOT NULL REFERENCES policies(code),
    uscc        TEXT NOT NULL REFERENCES entities(uscc),
    period      TEXT NOT NULL,
    amount_fen  BIGINT NOT NULL,
    matched_at  TEXT NOT NULL,
    PRIMARY KEY (policy_code, uscc, period)
);
CREATE INDEX policy_eligibility_uscc ON policy_eligibility(uscc);

-- The enterprise's inbox (站内信): a benefit it can have now (政策找人) and each decision on its
-- grants. The id says what the message is about — <uscc>:eligible:<policy>:<period>,
-- <uscc>:grant:<grant id>:<state> — so that every matching run can offer the same messages
-- again and each is delivered once.
CREATE TABLE messages (
    id          TEXT PRIMARY KEY,
    uscc        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    policy_code TEXT NOT NULL REFERENCES policies(code),
    grant_id    TEXT,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    read_at     TEXT
);
CREATE INDEX messages_uscc ON messages(uscc, created_at);
