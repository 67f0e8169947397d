/* The working-day calendar of the platform (工作日历): the official calendar built into the
 * binary (std/workcal.h) with the years an administrator loaded into the store over it, and
 * working-day arithmetic on it. Every deadline counted in working days asks here.
 *
 * What is in effect lives in the store, never only in a process: several servers may share
 * one PostgreSQL. Each process keeps the calendar it last built together with the store's
 * calendar version (a row that every load changes); a question reads that one row, and
 * rebuilds from the store only when it changed. So a year loaded through any server or command
 * counts at the next request on every server, without a restart, and every answer computed
 * after the load — a due date, an overdue figure — uses it ("recomputed": nothing computed in
 * working days is stored).
 *
 * Past the official calendar the answers follow the ordinary rule (Monday to Friday) and are
 * marked provisional; they become official when the next year's notice is loaded. */
#ifndef YW_CALENDAR_H
#define YW_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../std/workcal.h"
#include "../core/op.h"

/* The most working days one question may count forward or back (about 14 years). */
#define YW_CALENDAR_DAYS_MAX 3650

/* The calendar in effect for op's store, in op->arena. Anyone may read it; no permission. */
int yw_calendar_current(yw_op *op, const yw_workcal **out);

/* What an answer rests on. */
typedef struct {
    bool provisional;       /* it follows the ordinary rule past official_until */
    int64_t official_until; /* the last day the official calendar decides (24 December of its last year) */
    int missing_year;       /* when provisional: the first year whose arrangement is not loaded */
} yw_calendar_basis;

typedef struct {
    int64_t day;
} yw_calendar_day_in;
typedef struct {
    bool working_day;
    yw_calendar_basis basis;
} yw_calendar_day_out;
/* Whether a day is a working day. Public. A day before 2004 is YW_ERR_RANGE. */
int yw_calendar_day(yw_op *op, const yw_calendar_day_in *in, yw_calendar_day_out *out);

typedef struct {
    int64_t from;
    int days; /* -YW_CALENDAR_DAYS_MAX..YW_CALENDAR_DAYS_MAX */
} yw_calendar_add_in;
typedef struct {
    int64_t due;
    yw_calendar_basis basis;
} yw_calendar_add_out;
/* The `days`-th working day after `from` (before it when negative). Public. */
int yw_calendar_add(yw_op *op, const yw_calendar_add_in *in, yw_calendar_add_out *out);

typedef struct {
    int64_t from, to;
} yw_calendar_count_in;
typedef struct {
    int64_t working_days;
    yw_calendar_basis basis;
} yw_calendar_count_out;
/* Working days after `from` up to and including `to` (negative when to < from). Public. */
int yw_calendar_count(yw_op *op, const yw_calendar_count_in *in, yw_calendar_count_out *out);

/* The basis of an answer from `cal` (yw_calendar_current) that was provisional or not. */
yw_calendar_basis yw_calendar_basis_of(const yw_workcal *cal, bool provisional);

/* ---- the years ---- */

typedef struct {
    int year;
    bool loaded;             /* false: the built-in arrangement */
    const char *source_name; /* loaded: the file's name as given */
    const char *loaded_at;   /* loaded: ISO 8601 UTC */
    int holidays, workdays;  /* rows of each kind */
} yw_calendar_year_info;

typedef struct {
    int first_year, last_year;     /* covered officially (the last up to its 24 December) */
    int64_t official_until;
    yw_calendar_year_info *years;  /* first_year..last_year, in order */
    int nyears;
} yw_calendar_years_out;
/* The years the calendar covers, each built in or loaded. Public. */
int yw_calendar_years(yw_op *op, const void *in, yw_calendar_years_out *out);

typedef struct {
    int year;
} yw_calendar_year_in;
typedef struct {
    yw_calendar_year_info info;
    yw_workcal_year arrangement; /* the rows in effect */
} yw_calendar_year_out;
/* One year's arrangement in effect. Public; YW_ERR_NOT_FOUND when the year is not covered. */
int yw_calendar_year(yw_op *op, const yw_calendar_year_in *in, yw_calendar_year_out *out);

typedef struct {
    int year;                /* the notice's year; 0 (the command line only): from the file's first row */
    const char *tsv;         /* the file: header date<TAB>kind<TAB>name, one exceptional day per line */
    size_t len;              /* at most YW_WORKCAL_TSV_MAX */
    const char *source_name; /* the file's name, kept with the year; NULL: "" */
    bool dry_run;            /* check only, change nothing */
} yw_calendar_load_in;
typedef struct {
    yw_workcal_year arrangement; /* as checked (sorted by day) */
    int holidays, workdays;
    bool replaced;          /* the year was covered before */
    bool replaced_loaded;   /* … by a loaded arrangement (else the built-in one) */
    int last_year;          /* covered after the load (on a dry run: would be) */
} yw_calendar_load_out;
/* Loads one year's official arrangement (yw_workcal_parse_year says what is refused, each error
 * naming the line, field "tsv"). The year must follow the calendar without a gap: any year
 * from the first built-in one up to the year after the last covered. A year already covered is
 * replaced whole. Audited (calendar.load, before and after). Administrators only. */
int yw_calendar_load(yw_op *op, const yw_calendar_load_in *in, yw_calendar_load_out *out);

#endif
