-- 0013: bundles (高效办成一件事). A bundle is found by its code; its whole content (questionnaire,
-- member items with their conditions, stages) is one JSON text, the form yw_bundle_write makes
-- and the API and data/demo-bundles.json take. The other columns repeat what the list shows.

CREATE TABLE bundles (
    id                 TEXT PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE,
    name               TEXT NOT NULL,
    lead_department_id TEXT NOT NULL REFERENCES departments(id),
    content            TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
