-- 0039: what a payment of a grant needs. The registry keeps each entity's bank (开户银行) and
-- account (银行账号), both or neither, from its record, its import file or the API; the payment
-- file (拨付清单) names them beside each grant. The account is shown whole only to the enterprise,
-- the registry's regulators, admins and the payment file; everybody else reads it masked.
--
-- Each payment carries a voucher number (凭证号) a person can read out: BF, the day it was paid
-- in Beijing (YYYYMMDD) and a serial of six digits for that day, e.g. BF20261207000042. It is
-- given when the grant is paid, in the payment's transaction, from a counter row per day that the
-- payment increments with one upsert … RETURNING (as case numbers are, 0030): two payments at
-- once on two servers take consecutive serials, and a payment that rolls back takes its serial
-- back with it (it was never handed out). Unique, and never given twice: the counter only grows
-- and a paid grant is never paid again. Grants paid before this migration keep voucher NULL.
ALTER TABLE entities ADD COLUMN bank_name TEXT;
ALTER TABLE entities ADD COLUMN bank_account TEXT;
ALTER TABLE grants ADD COLUMN voucher TEXT;
CREATE UNIQUE INDEX grants_voucher ON grants(voucher);

CREATE TABLE voucher_counters (
    day     TEXT PRIMARY KEY, -- YYYYMMDD, Beijing
    last    INTEGER NOT NULL  -- the last serial given
);
