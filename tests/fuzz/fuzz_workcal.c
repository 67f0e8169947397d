/* Fuzz target: the working-day calendar's loaders, both outside input — the whole-file loader
 * (the built-in form) and one year's arrangement as an administrator uploads it. Whatever the
 * first accepts must answer for every day it claims to cover; whatever the second accepts must
 * be one year's rows, sorted, without duplicates or make-up days on weekdays, and must build
 * into a calendar that answers officially up to that year's 24 December. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "std/workcal.h"

static void whole_file(const uint8_t *data, size_t size) {
    yw_workcal c;
    yw_err err;
    if (yw_workcal_load(&c, (const char *)data, size, &err) < 0) return;
    bool w, p;
    int64_t out;
    if (yw_workcal_is_workday(&c, c.first_day, &w, NULL, &err) < 0) abort();
    if (yw_workcal_is_workday(&c, c.last_day, &w, NULL, &err) < 0) abort();
    if (yw_workcal_is_workday(&c, c.last_day + 1, &w, NULL, &err) == 0) abort();
    if (c.last_day < yw_days_from_civil(9999, 12, 31) &&
        (yw_workcal_is_workday(&c, c.last_day + 1, &w, &p, &err) < 0 || !p))
        abort();
    yw_workcal_add(&c, c.first_day, 10, &out, &p, &err);
    yw_workcal_free(&c);
}

static void one_year(const uint8_t *data, size_t size, int year) {
    yw_arena a;
    yw_arena_init(&a);
    yw_workcal_year y;
    yw_err err;
    if (yw_workcal_parse_year(&a, (const char *)data, size, year, "tsv", &y, &err) < 0) {
        if (!err.message[0]) abort();
        yw_arena_reset(&a);
        return;
    }
    if (y.nrows < 5 || y.year < YW_WORKCAL_YEAR_MIN || y.year > YW_WORKCAL_YEAR_MAX || (year && y.year != year)) abort();
    for (int i = 0; i < y.nrows; i++) {
        const yw_workcal_row *r = &y.rows[i];
        if (yw_workcal_notice_year(r->day) != y.year) abort();
        if (i && r->day <= y.rows[i - 1].day) abort();
        if (r->kind == YW_WORKCAL_WORKDAY && yw_weekday(r->day) < 5) abort();
        if (r->kind != YW_WORKCAL_WORKDAY && r->kind != YW_WORKCAL_HOLIDAY) abort();
        if (!r->name || !r->name[0] || strlen(r->name) > YW_WORKCAL_NAME_MAX) abort();
    }
    /* a year within the built-in ones, or the one after them, builds and covers it */
    if (y.year <= yw_workcal_builtin_last_year() + 1) {
        yw_workcal c;
        if (yw_workcal_build(&c, &y, 1, &err) < 0) abort();
        bool w, p;
        int64_t last = yw_days_from_civil(y.year, 12, 24);
        if (yw_workcal_is_workday(&c, last, &w, &p, &err) < 0 || p) abort();
        for (int i = 0; i < y.nrows; i++) {
            if (y.rows[i].day < c.first_day) continue;
            if (yw_workcal_is_workday(&c, y.rows[i].day, &w, &p, &err) < 0 || p) abort();
            if (w != (y.rows[i].kind == YW_WORKCAL_WORKDAY)) abort();
        }
        yw_workcal_free(&c);
    }
    yw_arena_reset(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    whole_file(data, size);
    one_year(data, size, 0);
    one_year(data, size, 2027);
    return 0;
}
