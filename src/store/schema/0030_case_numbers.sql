-- 0030: case numbers (办件编号) a person can read out on the phone: the applicant's region code
-- (6 digits), the day of submission in Beijing (YYYYMMDD) and a serial of 5 digits per region and
-- day, e.g. 3702022026120800123. Assigned at submission, in the submission's transaction, from a
-- counter row per (region, day) that the submission increments with one upsert … RETURNING: on
-- several servers sharing one PostgreSQL store, the row's lock makes two submissions at once take
-- consecutive serials. A number once committed is never given again: the counter only grows, and
-- a submission that rolls back takes its increment back with it (the number was never handed
-- out). The case's ULID stays its key; the number is for people.
--
-- Cases submitted before this migration keep number NULL: a number carries the day and the
-- region of its submission and is handed to the applicant on the receipt, so one made up now for
-- an old case would be a number nobody was ever given (and a region the old form may not tell).
-- Pages show the title and date of such a case; the public lookup does not find it.
ALTER TABLE cases ADD COLUMN number TEXT;
CREATE UNIQUE INDEX cases_number ON cases(number);

CREATE TABLE case_number_counters (
    region  TEXT NOT NULL,
    day     TEXT NOT NULL,    -- YYYYMMDD, Beijing
    last    INTEGER NOT NULL, -- the last serial given
    PRIMARY KEY (region, day)
);
