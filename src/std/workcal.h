/* 工作日: the official working-day calendar. A day is a working day when it is Monday to Friday
 * and not an official holiday, or when it is a weekend day declared a working day (调休上班).
 * The calendar covers whole years, from 1 January of the first year in its data to 31 December
 * of the last; any question about a day outside that range is an error (YW_ERR_RANGE), never a
 * guess, because next year's holidays are only known when the State Council publishes them. */
#ifndef YW_WORKCAL_H
#define YW_WORKCAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/err.h"

typedef struct {
    int64_t first_day, last_day; /* day numbers covered, inclusive */
    uint8_t *kind;               /* per day from first_day: 0 ordinary, 1 holiday, 2 make-up workday */
} yw_workcal;

/* Parses the TSV of ../shared/data/cn-workcalendar.tsv (header "date\tkind\tname", then one
 * exceptional day per line). On success c owns heap memory released by yw_workcal_free. On
 * failure nothing is kept and err names the line. */
int yw_workcal_load(yw_workcal *c, const char *tsv, size_t len, yw_err *err);
void yw_workcal_free(yw_workcal *c);
/* The calendar built into the binary (data/cn-workcalendar.tsv), loaded once, thread-safe;
 * NULL only if the built-in data fails to parse (a build defect). */
const yw_workcal *yw_workcal_default(void);

int yw_workcal_is_workday(const yw_workcal *c, int64_t day, bool *out, yw_err *err);
/* The n-th working day after `start` (n > 0), or before it (n < 0); n == 0 gives start. This is
 * how a time limit of n working days counted from the day of acceptance becomes a due date. */
int yw_workcal_add(const yw_workcal *c, int64_t start, int n, int64_t *out, yw_err *err);
/* The number of working days d with from < d <= to (negative when to < from, 0 when equal):
 * how many working days have passed from `from` to `to`. */
int yw_workcal_count(const yw_workcal *c, int64_t from, int64_t to, int64_t *out, yw_err *err);

#endif
