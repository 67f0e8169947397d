-- 0040: API keys for machine clients (an Open311 client, a department's system). The secret is
-- shown once when the key is made; the store keeps its SHA-256 only (like session tokens), so a
-- copy of the database opens nothing. A revoked key keeps its row (who revoked it, when) and
-- answers 401 from then on.
CREATE TABLE api_keys (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    secret_hash     TEXT NOT NULL UNIQUE,
    -- the scopes it holds, space-separated, sorted (apikey.h lists them)
    scopes          TEXT NOT NULL,
    rate_per_minute BIGINT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    revoked_at      TEXT,
    revoked_by      TEXT
);

-- requests per key per minute (the minute since the epoch): counted here, so that every server
-- on one store shares a key's limit; a key's older minutes are deleted when a new one begins
CREATE TABLE api_key_uses (
    key_id TEXT NOT NULL REFERENCES api_keys(id),
    minute BIGINT NOT NULL,
    count  BIGINT NOT NULL,
    PRIMARY KEY (key_id, minute)
);
