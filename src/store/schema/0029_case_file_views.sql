-- Who opened which file of a case (issue 15: staff decide with the documents in front of them).
-- One row per opening by staff, written in the transaction of the request that sends the file
-- (GET /api/v1/cases/{id}/files/{sha256}, a write route), so a file never leaves the server
-- without its row. The viewer's role and department are kept as they were at the opening: the
-- applicant reads "an officer of 市场监管局 opened it at …", never a login or an id.
CREATE TABLE case_file_views (
    id            TEXT PRIMARY KEY,
    case_id       TEXT NOT NULL REFERENCES cases(id),
    sha256        TEXT NOT NULL,
    material      TEXT NOT NULL,
    viewer_id     TEXT NOT NULL REFERENCES accounts(id),
    viewer_role   TEXT NOT NULL CHECK (viewer_role IN ('clerk', 'officer', 'supervisor', 'admin')),
    department_id TEXT REFERENCES departments(id),
    download      INTEGER NOT NULL CHECK (download IN (0, 1)),
    at            TEXT NOT NULL
);
CREATE INDEX case_file_views_case ON case_file_views(case_id, at);
