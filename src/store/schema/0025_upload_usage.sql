-- 0024: what each account has uploaded, per day, for its quota (src/domain/upload/upload.h,
-- YW_UPLOAD_DAY_FILES …): the new files of the day (in Asia/Shanghai, YYYY-MM-DD) and their
-- bytes; the sum of an account's rows is all it has uploaded. Counted in the store, so that every
-- server of one store counts alike, and one row a day rather than a sum over every upload.
-- The uploads already made are counted by their UTC date, near enough for a quota.

CREATE TABLE upload_usage (
    account_id TEXT NOT NULL REFERENCES accounts(id),
    day        TEXT NOT NULL,
    files      INTEGER NOT NULL,
    bytes      BIGINT NOT NULL,
    PRIMARY KEY (account_id, day)
);

INSERT INTO upload_usage (account_id, day, files, bytes)
SELECT o.account_id, substr(o.created_at, 1, 10), COUNT(*), SUM(u.size)
FROM upload_owners o JOIN uploads u ON u.sha256 = o.sha256
GROUP BY o.account_id, substr(o.created_at, 1, 10);
