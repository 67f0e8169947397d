-- 0021: idempotency keys are forgotten after a day (core/idempotency.h, YW_IDEMPOTENCY_KEEP_HOURS);
-- the job idempotency.expire deletes the old ones oldest first, by this index.
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
