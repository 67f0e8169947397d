/* The working-day calendar: one byte per covered day, read from the official TSV. */
#include "workcal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../base/embedded.h"
#include "../base/time.h"

static int range_error(const yw_workcal *c, int64_t day, yw_err *err) {
    char d[11], a[11], b[11];
    yw_date_format(day, d);
    yw_date_format(c->first_day, a);
    yw_date_format(c->last_day, b);
    return yw_err_set(err, YW_ERR_RANGE, NULL,
                      "工作日历只覆盖%s至%s，%s超出范围 (the working-day calendar covers %s to %s; %s is outside it)",
                      a, b, d, a, b, d);
}

int yw_workcal_load(yw_workcal *c, const char *tsv, size_t len, yw_err *err) {
    memset(c, 0, sizeof *c);
    const char *p = tsv, *end = tsv + len;
    /* first pass: the years covered */
    int first_year = 0, last_year = 0, lineno = 0;
    for (int pass = 0; pass < 2; pass++) {
        p = tsv;
        lineno = 0;
        while (p < end) {
            const char *eol = memchr(p, '\n', (size_t)(end - p));
            if (!eol) eol = end;
            lineno++;
            size_t n = (size_t)(eol - p);
            if (n && p[n - 1] == '\r') n--;
            if (lineno == 1) {
                if (n < 9 || memcmp(p, "date\tkind", 9) != 0) {
                    free(c->kind);
                    memset(c, 0, sizeof *c);
                    return yw_err_set(err, YW_ERR_INVALID, NULL, "calendar line 1: header must start with date<TAB>kind");
                }
            } else if (n > 0) {
                char date[11];
                int64_t day;
                const char *tab = memchr(p, '\t', n);
                if (!tab || tab - p != 10) goto bad_line;
                memcpy(date, p, 10);
                date[10] = '\0';
                if (yw_date_parse(date, &day, NULL, NULL) < 0) goto bad_line;
                const char *kind = tab + 1;
                size_t klen = (size_t)(p + n - kind);
                const char *tab2 = memchr(kind, '\t', klen);
                if (tab2) klen = (size_t)(tab2 - kind);
                uint8_t k;
                if (klen == 7 && memcmp(kind, "holiday", 7) == 0) k = 1;
                else if (klen == 7 && memcmp(kind, "workday", 7) == 0) k = 2;
                else goto bad_line;
                int y = atoi(date);
                if (pass == 0) {
                    if (!first_year || y < first_year) first_year = y;
                    if (y > last_year) last_year = y;
                } else {
                    c->kind[day - c->first_day] = k;
                }
            }
            p = eol + 1;
            continue;
        bad_line:
            free(c->kind);
            memset(c, 0, sizeof *c);
            return yw_err_set(err, YW_ERR_INVALID, NULL,
                              "calendar line %d: expected YYYY-MM-DD<TAB>holiday|workday<TAB>name", lineno);
        }
        if (pass == 0) {
            if (!first_year) return yw_err_set(err, YW_ERR_INVALID, NULL, "calendar has no days");
            c->first_day = yw_days_from_civil(first_year, 1, 1);
            c->last_day = yw_days_from_civil(last_year, 12, 31);
            c->kind = calloc((size_t)(c->last_day - c->first_day + 1), 1);
            if (!c->kind) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory loading the calendar");
        }
    }
    return 0;
}

void yw_workcal_free(yw_workcal *c) {
    free(c->kind);
    memset(c, 0, sizeof *c);
}

static yw_workcal builtin;
static bool builtin_ok;
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;

static void load_builtin(void) {
    builtin_ok = yw_workcal_load(&builtin, yw_embedded_workcal, yw_embedded_workcal_len, NULL) == 0;
}

const yw_workcal *yw_workcal_default(void) {
    pthread_once(&builtin_once, load_builtin);
    return builtin_ok ? &builtin : NULL;
}

static bool workday(const yw_workcal *c, int64_t day) {
    uint8_t k = c->kind[day - c->first_day];
    if (k == 1) return false;
    if (k == 2) return true;
    return yw_weekday(day) < 5;
}

int yw_workcal_is_workday(const yw_workcal *c, int64_t day, bool *out, yw_err *err) {
    if (day < c->first_day || day > c->last_day) return range_error(c, day, err);
    *out = workday(c, day);
    return 0;
}

int yw_workcal_add(const yw_workcal *c, int64_t start, int n, int64_t *out, yw_err *err) {
    if (start < c->first_day || start > c->last_day) return range_error(c, start, err);
    int step = n < 0 ? -1 : 1;
    int64_t day = start;
    for (int left = abs(n); left > 0;) {
        day += step;
        if (day < c->first_day || day > c->last_day) return range_error(c, day, err);
        if (workday(c, day)) left--;
    }
    *out = day;
    return 0;
}

int yw_workcal_count(const yw_workcal *c, int64_t from, int64_t to, int64_t *out, yw_err *err) {
    if (from < c->first_day || from > c->last_day) return range_error(c, from, err);
    if (to < c->first_day || to > c->last_day) return range_error(c, to, err);
    int64_t lo = from < to ? from : to, hi = from < to ? to : from, count = 0;
    for (int64_t d = lo + 1; d <= hi; d++) count += workday(c, d);
    *out = from <= to ? count : -count;
    return 0;
}
