-- Idempotency keys: a write sent with an Idempotency-Key header is stored with its answer, in the
-- transaction that makes the write, so that the same key again (a retry, a double click) gets
-- the same answer and changes nothing. Keys belong to the actor who sent them ('-' for nobody
-- logged in); the request's hash tells a retry from another request under the same key.
CREATE TABLE idempotency_keys (
    actor         TEXT NOT NULL,
    key           TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    status        INTEGER NOT NULL,
    content_type  TEXT NOT NULL,
    body          BYTEA,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (actor, key)
);
