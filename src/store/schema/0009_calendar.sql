-- 0006: the working-day calendar's years loaded by an administrator from the State Council's
-- notice (国务院办公厅关于XXXX年部分节假日安排的通知). The calendar built into the binary is the
-- base; a loaded year replaces the built-in arrangement of that year or extends the calendar
-- past it. A year's arrangement is its exceptional days from 25 December of the year before to
-- 24 December (src/std/workcal.h), so every date belongs to one year at most.

CREATE TABLE calendar_years (
    year        INTEGER PRIMARY KEY,
    source_name TEXT NOT NULL,
    holidays    INTEGER NOT NULL,
    workdays    INTEGER NOT NULL,
    loaded_at   TEXT NOT NULL,
    loaded_by   TEXT NOT NULL
);

CREATE TABLE calendar_days (
    day  TEXT PRIMARY KEY,
    year INTEGER NOT NULL REFERENCES calendar_years(year),
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name TEXT NOT NULL
);
CREATE INDEX calendar_days_year ON calendar_days(year, day);

-- one row: changes (to a new ULID) in the transaction of every load, so that each server finds
-- out with one cheap read per request whether the calendar it holds is still the store's
CREATE TABLE calendar_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version TEXT NOT NULL
);
INSERT INTO calendar_version (id, version) VALUES (1, 'built-in');
