-- 0007: the public halves of the platform's signing keys (Ed25519), so that anyone holding the
-- store can check what the platform signed (audit checkpoints now, certificates later) without
-- the secret key, which stays in a key file (docs/audit.md). key_id is the first 16 hex digits
-- of the SHA-256 of the raw 32-byte public key; public_key is its standard base64 with padding.
CREATE TABLE signing_keys (
    key_id     TEXT PRIMARY KEY,
    algorithm  TEXT NOT NULL CHECK (algorithm IN ('Ed25519')),
    public_key TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
