-- 0018: the market-entity registry (src/domain/entity/entity.h, docs/entities.md). One row per
-- entity, keyed by its USCC. Amounts are fen in BIGINT (a registered capital passes 2^31 fen at
-- 21 million yuan); the R&D ratio is in basis points. `labels` is a bitmask whose bits are
-- defined in one place, yw_entity_labels in src/domain/entity/entity.c, so that a policy's rule
-- tests a label with one AND. Enumerations are stored as their texts (company, micro, A,
-- active …). The lifecycle's state lives beside the record: the dormancy's end and service
-- address, the reason for the abnormal list, the last day of a simple deregistration's notice.

CREATE TABLE entities (
    uscc            TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL,
    legal_rep       TEXT NOT NULL,
    capital_fen     BIGINT NOT NULL,
    industry        TEXT NOT NULL,
    region          TEXT NOT NULL,
    established_on  TEXT NOT NULL,
    scale           TEXT NOT NULL,
    employees       INTEGER NOT NULL,
    revenue_fen     BIGINT NOT NULL,
    rd_ratio_bp     INTEGER NOT NULL,
    labels          BIGINT NOT NULL DEFAULT 0,
    credit          TEXT NOT NULL,
    status          TEXT NOT NULL,
    dormant_until   TEXT,
    service_address TEXT,
    abnormal_reason TEXT,
    notice_until    TEXT,
    deregistered_on TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX entities_region ON entities(region);
CREATE INDEX entities_industry ON entities(industry);
-- the reminder of lapsing dormancies reads only the dormant ones
CREATE INDEX entities_dormant ON entities(status, dormant_until);

-- The history: one row per field a change touched (registration itself writes none). Values
-- are texts as the CSV spells them; NULL for a state that was or becomes empty.
CREATE TABLE entity_changes (
    id           TEXT PRIMARY KEY,
    uscc         TEXT NOT NULL REFERENCES entities(uscc),
    field        TEXT NOT NULL,
    before_value TEXT,
    after_value  TEXT,
    changed_at   TEXT NOT NULL,
    changed_by   TEXT NOT NULL
);
CREATE INDEX entity_changes_uscc ON entity_changes(uscc, changed_at);
