-- The message centre (站内信) of every account, and the outbox of what leaves the platform (SMS).
-- A message is rendered in both languages when it is written (src/domain/message/message.c's
-- templates), so it reads the same whatever the templates become. The outbox keeps every SMS
-- with its tries: queued until a delivery job hands it over (sent) or gives it up (dead).
CREATE TABLE account_messages (
    id            TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL REFERENCES accounts(id),
    kind          TEXT NOT NULL,
    subject_type  TEXT,
    subject_id    TEXT,
    title_zh      TEXT NOT NULL,
    body_zh       TEXT NOT NULL,
    title_en      TEXT NOT NULL,
    body_en       TEXT NOT NULL,
    link          TEXT,
    created_at    TEXT NOT NULL,
    read_at       TEXT
);
CREATE INDEX account_messages_account ON account_messages(account_id, created_at);

CREATE TABLE outbox (
    id          TEXT PRIMARY KEY,
    channel     TEXT NOT NULL CHECK (channel IN ('sms')),
    message_id  TEXT,
    account_id  TEXT,
    recipient   TEXT NOT NULL,
    text        TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'dead')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    created_at  TEXT NOT NULL,
    sent_at     TEXT
);
CREATE INDEX outbox_state ON outbox(state, created_at);
