-- Evidence files are kept as bytes, bound as bytes (BYTEA on PostgreSQL; SQLite stores the blob
-- as it is). Files written before this migration keep their base64 text in content_b64 and an
-- empty content; new ones have content and an empty content_b64.
ALTER TABLE ledger_evidence ADD COLUMN content BYTEA;
