/* 工作日: the official working-day calendar. A day is a working day when it is Monday to Friday
 * and not an official holiday, or when it is a weekend day declared a working day (调休上班).
 *
 * Each year's arrangement comes from the State Council's notice for that year
 * (国务院办公厅关于XXXX年部分节假日安排的通知): the data built into the binary
 * (data/cn-workcalendar.tsv), with years an administrator loaded replacing or extending it.
 * A notice sometimes places days of its New Year holiday, or the make-up working day for it, in
 * the last days of December of the year before (2007-12-30/31 off for New Year 2008; 2011-12-31
 * worked for New Year 2012). So the arrangement of year Y is the days from 25 December of Y-1
 * to 24 December of Y: every date belongs to exactly one year's notice, and 25–31 December are
 * only settled when the next year's notice is loaded.
 *
 * The official calendar runs from 1 January of its first year to 24 December of its last. Past
 * it, the answer follows the ordinary rule (Monday to Friday) and is *provisional*: it holds
 * until the next year's notice is loaded. A caller that can carry the flag passes a
 * `bool *provisional`; one that passes NULL gets YW_ERR_RANGE past the end instead. A day
 * before the first year covered (2004) is always YW_ERR_RANGE: nobody computes those. */
#ifndef YW_WORKCAL_H
#define YW_WORKCAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"

/* The years whose arrangement may be loaded (the first is the built-in data's first year), and
 * the size limits of one year's file. */
#define YW_WORKCAL_YEAR_MIN 2004
#define YW_WORKCAL_YEAR_MAX 2100
#define YW_WORKCAL_TSV_MAX (64 * 1024)
#define YW_WORKCAL_NAME_MAX 64
/* The first day of December that belongs to the next year's arrangement: 25 December. */
#define YW_WORKCAL_CROSS_YEAR_FROM_MDAY 25

enum { YW_WORKCAL_ORDINARY = 0, YW_WORKCAL_HOLIDAY = 1, YW_WORKCAL_WORKDAY = 2 };

typedef struct {
    int64_t first_day, last_day; /* day numbers covered officially, inclusive */
    uint8_t *kind;               /* per day from first_day: YW_WORKCAL_ORDINARY, _HOLIDAY, _WORKDAY */
} yw_workcal;

/* One exceptional day of an arrangement. */
typedef struct {
    int64_t day;
    uint8_t kind;     /* YW_WORKCAL_HOLIDAY or YW_WORKCAL_WORKDAY */
    const char *name; /* the holiday it belongs to, e.g. "SpringFestival" */
    int line;         /* the line of the file it came from */
} yw_workcal_row;

/* One year's arrangement: the rows of that year's notice, sorted by day. */
typedef struct {
    int year;
    int nrows;
    const yw_workcal_row *rows;
} yw_workcal_year;

/* Parses the TSV of data/cn-workcalendar.tsv (header "date\tkind\tname", then one exceptional
 * day per line, any years). On success c owns heap memory released by yw_workcal_free. On
 * failure nothing is kept and err names the line. */
int yw_workcal_load(yw_workcal *c, const char *tsv, size_t len, yw_err *err);
void yw_workcal_free(yw_workcal *c);
/* The calendar built into the binary (data/cn-workcalendar.tsv), loaded once, thread-safe;
 * NULL only if the built-in data fails to parse (a build defect). */
const yw_workcal *yw_workcal_default(void);

/* The year of the notice that decides `day`: its own year, or the next one for 25–31 December. */
int yw_workcal_notice_year(int64_t day);

/* Parses and checks one year's arrangement as an administrator loads it, in the same TSV form
 * (header "date\tkind\tname", LF or CRLF line ends, a UTF-8 byte-order mark allowed, blank lines
 * ignored, any order). `year` is the year of the notice, or 0 to take it from the first row.
 * Refused, naming the line: a line without exactly three tab-separated fields; a date that is
 * not a real YYYY-MM-DD; a date outside the year's arrangement (25 December of the year before
 * to 24 December); a
 * kind other than holiday/workday; a `workday` (make-up working day) that is not a Saturday or
 * Sunday; a date listed twice; a name that is empty, longer than YW_WORKCAL_NAME_MAX bytes, not
 * UTF-8 or with control characters. Refused for the whole file: no rows; a year outside
 * YW_WORKCAL_YEAR_MIN..YW_WORKCAL_YEAR_MAX; one of the fixed statutory holidays (1 January,
 * 1 May, 1–3 October) not listed as a holiday, which means the file is not the whole year.
 * Errors are YW_ERR_INVALID naming `field`. Rows live in the arena. */
int yw_workcal_parse_year(yw_arena *a, const char *tsv, size_t len, int year, const char *field,
                          yw_workcal_year *out, yw_err *err);

/* The built-in data: its first and last years, and the arrangement of one notice year (0; or
 * -1 when the year is not built in). Rows live as long as the process. */
int yw_workcal_builtin_first_year(void);
int yw_workcal_builtin_last_year(void);
int yw_workcal_builtin_year(int year, yw_workcal_year *out);

/* Builds the effective calendar: the built-in data with each of `years` replacing the built-in
 * arrangement of its year, or extending the calendar past the built-in years. Coverage ends at
 * the first year that is neither built in nor given (given years after such a gap are ignored;
 * years before the first built-in one too). c owns heap memory released by yw_workcal_free. */
int yw_workcal_build(yw_workcal *c, const yw_workcal_year *years, int nyears, yw_err *err);
/* A copy of src whose memory belongs to the arena (never passed to yw_workcal_free). */
int yw_workcal_copy(const yw_workcal *src, yw_arena *a, yw_workcal *out, yw_err *err);
/* The first and last years covered officially (the last is covered up to its 24 December). */
int yw_workcal_first_year(const yw_workcal *c);
int yw_workcal_last_year(const yw_workcal *c);

/* Whether `day` is a working day. *provisional (when not NULL) tells whether the answer follows
 * the ordinary rule past the last year covered. */
int yw_workcal_is_workday(const yw_workcal *c, int64_t day, bool *out, bool *provisional, yw_err *err);
/* The n-th working day after `start` (n > 0), or before it (n < 0); n == 0 gives start. This is
 * how a time limit of n working days counted from the day of acceptance becomes a due date.
 * *provisional: some day the walk had to judge lies past the last year covered. */
int yw_workcal_add(const yw_workcal *c, int64_t start, int n, int64_t *out, bool *provisional, yw_err *err);
/* The number of working days d with from < d <= to (negative when to < from, 0 when equal):
 * how many working days have passed from `from` to `to`. *provisional: a day counted or not
 * lies past the last year covered. */
int yw_workcal_count(const yw_workcal *c, int64_t from, int64_t to, int64_t *out, bool *provisional,
                     yw_err *err);

#endif
