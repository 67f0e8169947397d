-- 0037: accounts as administrators keep them and people sign up and log in (issue 15).
-- login_codes: one-time codes sent by SMS to log in (POST /api/v1/session/code). A code is
-- stored as the hex SHA-256 of its row's id and its six digits, never as it is; it is valid
-- until expires_ms (5 minutes), used once (used_at), and a newer code ends the older ones.
CREATE TABLE login_codes (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    code_hash  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_ms BIGINT NOT NULL,
    used_at    TEXT
);
CREATE INDEX login_codes_account ON login_codes(account_id, expires_ms);

-- a code may be asked for by phone number: found without a scan
CREATE INDEX accounts_phone ON accounts(phone);
-- set when an administrator chose or reset the password: the person is asked to choose their
-- own at the next login; cleared when they do. (An account made at the window by a clerk has no
-- password at all: password_hash is the empty string until its owner sets one.)
ALTER TABLE accounts ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
-- an enterprise's 法定代表人, as it signed up
ALTER TABLE accounts ADD COLUMN legal_representative TEXT;

-- a disabled department takes no new staff; its history and items stay as they are
ALTER TABLE departments ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;

-- an SMS that carries a secret (a login code or a new password): the administrators' list of
-- the outbox never shows its text
ALTER TABLE outbox ADD COLUMN secret INTEGER NOT NULL DEFAULT 0;
