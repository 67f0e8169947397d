-- Receipts and decision documents (issue 15: 受理回执, 补正告知书, 不予受理/不予许可决定书,
-- 办结通知书). A case's document is issued once, inside the transaction of the step that calls
-- for it (a subscriber of the case's events), and rendered on demand — as a page to print and as
-- a PDF — from what was recorded here, never from the case as it is later: a receipt says what
-- was received at acceptance even after a deferred material came in.
-- case_documents: one row per document. serial counts the documents of one kind within the case
-- from 1 (the second 补正 notice is correction-notice 2). task_id names the task a 补正 notice or
-- a 不予许可 decision belongs to (NULL for the others). content is the document's facts as
-- canonical JSON text (document/README.md), sha256 its hex SHA-256, code the public verification
-- code the QR carries: random, unique, never reused.
-- document_settings: the deployment's words on every document (one row): the issuing office when
-- a case spans several departments, the contact line of a receipt, where an applicant asks for
-- 行政复议 and brings 行政诉讼, and the public address the QR opens (NULL: the address the
-- document was asked at). Demo values; an administrator changes them (PUT /api/v1/document-settings).
CREATE TABLE case_documents (
    id        TEXT PRIMARY KEY,
    case_id   TEXT NOT NULL REFERENCES cases(id),
    kind      TEXT NOT NULL CHECK (kind IN ('receipt', 'correction-notice', 'decision', 'completion')),
    serial    INTEGER NOT NULL,
    task_id   TEXT REFERENCES case_tasks(id),
    issued_at TEXT NOT NULL,
    content   TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    code      TEXT NOT NULL UNIQUE,
    UNIQUE (case_id, kind, serial)
);

CREATE TABLE document_settings (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    office      TEXT NOT NULL,
    contact     TEXT NOT NULL,
    review_body TEXT NOT NULL,
    court       TEXT NOT NULL,
    public_url  TEXT,
    updated_by  TEXT REFERENCES accounts(id),
    updated_at  TEXT
);
INSERT INTO document_settings (id, office, contact, review_body, court)
VALUES (1, '青岛市政务服务中心', '咨询电话：0532-12345（工作日 9:00—17:00）', '青岛市人民政府', '有管辖权的人民法院');
