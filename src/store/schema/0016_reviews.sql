-- 0016: 好差评 — service ratings of decided cases, the rectification (整改) each bad rating
-- (差评) opens in its department, the department's appeal (申诉复核) against a rating and the
-- supervisor's decision, and the one city setting of how many working days a rectification
-- gets. src/domain/review/review.h holds the states' one text table and who moves them.
--
-- A rating copies what it is about at the moment it is given (the case's item or bundle, the
-- department answering for it, the clerk who accepted the case) so that the figures do not
-- move when the catalog or an account changes later. An upheld appeal sets excluded: the
-- rating keeps its record and leaves the figures.

CREATE TABLE ratings (
    id            TEXT PRIMARY KEY,
    case_id       TEXT NOT NULL REFERENCES cases(id),
    channel       TEXT NOT NULL,
    level         TEXT NOT NULL,
    aspects       TEXT NOT NULL,
    tags          TEXT NOT NULL,
    text          TEXT,
    rater_id      TEXT NOT NULL REFERENCES accounts(id),
    item_code     TEXT,
    bundle_code   TEXT,
    department_id TEXT NOT NULL REFERENCES departments(id),
    clerk_id      TEXT REFERENCES accounts(id),
    excluded      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    UNIQUE (case_id, channel)
);
CREATE INDEX ratings_department ON ratings(department_id, created_at);

CREATE TABLE rating_appeals (
    rating_id     TEXT PRIMARY KEY REFERENCES ratings(id),
    state         TEXT NOT NULL,
    reason        TEXT NOT NULL,
    requested_by  TEXT NOT NULL REFERENCES accounts(id),
    requested_at  TEXT NOT NULL,
    decision_note TEXT,
    decided_by    TEXT REFERENCES accounts(id),
    decided_at    TEXT
);
CREATE INDEX rating_appeals_state ON rating_appeals(state, requested_at);

CREATE TABLE rectifications (
    id            TEXT PRIMARY KEY,
    rating_id     TEXT NOT NULL UNIQUE REFERENCES ratings(id),
    department_id TEXT NOT NULL REFERENCES departments(id),
    state         TEXT NOT NULL,
    deadline      TEXT NOT NULL,
    provisional   INTEGER NOT NULL DEFAULT 0,
    revisit       TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX rectifications_department ON rectifications(department_id, deadline);

CREATE TABLE rectification_events (
    rectification_id TEXT NOT NULL REFERENCES rectifications(id),
    seq              INTEGER NOT NULL,
    actor_id         TEXT NOT NULL REFERENCES accounts(id),
    at               TEXT NOT NULL,
    from_state       TEXT,
    to_state         TEXT NOT NULL,
    note             TEXT,
    PRIMARY KEY (rectification_id, seq)
);

-- one row: the city's settings of the ratings (id is always 1)
CREATE TABLE review_settings (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    rectify_days INTEGER NOT NULL,
    updated_by   TEXT REFERENCES accounts(id),
    updated_at   TEXT
);
INSERT INTO review_settings (id, rectify_days) VALUES (1, 15);
