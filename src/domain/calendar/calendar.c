/* The calendar in effect: the built-in data with the store's loaded years over it, kept per
 * process under the store's calendar version and rebuilt when that changes; working-day
 * questions on it, and the years it covers. */
#include "calendar.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/time.h"

/* The last calendar this process built, with the version it was built from. Only a cache: each
 * use reads the store's version first. Versions are fresh ULIDs (or "built-in" while nothing is
 * loaded, the same calendar in every store), so two stores never share one by accident. */
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
    char version[40];
    yw_workcal cal;
    bool ok;
} cache;

/* Copies the cached calendar into the arena when it is of `version`; 1 when it was, 0 when not. */
static int from_cache(yw_op *op, const char *version, yw_workcal *out) {
    int rc = 0;
    pthread_mutex_lock(&cache_lock);
    if (cache.ok && strcmp(cache.version, version) == 0)
        rc = yw_workcal_copy(&cache.cal, op->arena, out, op->err) < 0 ? -1 : 1;
    pthread_mutex_unlock(&cache_lock);
    return rc;
}

/* Reads every loaded year and the version they belong to in one statement (one snapshot on
 * both stores), and builds the calendar from them. */
static int rebuild(yw_op *op, yw_workcal *out) {
    yw_rows r;
    if (yw_store_query(op->store, op->arena,
                       "SELECT v.version, d.year, d.day, d.kind, d.name FROM calendar_version v"
                       " LEFT JOIN calendar_days d ON 1 = 1 WHERE v.id = 1 ORDER BY d.year, d.day",
                       YW_NOARGS, &r, op->err) < 0)
        return -1;
    if (r.nrows == 0) return yw_err_set(op->err, YW_ERR_STORE, NULL, "the store has no calendar version row");
    const char *version = yw_rows_get(&r, 0, 0);
    yw_workcal_row *rows = yw_arena_calloc(op->arena, (size_t)r.nrows, sizeof *rows);
    yw_workcal_year *years = yw_arena_calloc(op->arena, (size_t)r.nrows, sizeof *years);
    if (!rows || !years) return yw_fail(op->err, YW_E_NOMEM, NULL);
    int nyears = 0;
    for (int i = 0; i < r.nrows; i++) {
        const char *year = yw_rows_get(&r, i, 1), *day = yw_rows_get(&r, i, 2), *kind = yw_rows_get(&r, i, 3);
        if (!year) continue; /* nothing loaded */
        int64_t d;
        if (!day || !kind || yw_date_parse(day, &d, NULL, NULL) < 0)
            return yw_err_set(op->err, YW_ERR_STORE, NULL, "calendar_days holds a bad row for %s", day ? day : "?");
        int y = atoi(year);
        if (!nyears || years[nyears - 1].year != y) {
            years[nyears] = (yw_workcal_year){y, 0, rows + i};
            nyears++;
        }
        rows[i] = (yw_workcal_row){d, strcmp(kind, "workday") == 0 ? YW_WORKCAL_WORKDAY : YW_WORKCAL_HOLIDAY,
                                   yw_rows_get(&r, i, 4), 0};
        years[nyears - 1].nrows++;
    }
    yw_workcal built;
    if (yw_workcal_build(&built, years, nyears, op->err) < 0) return -1;
    if (yw_workcal_copy(&built, op->arena, out, op->err) < 0) {
        yw_workcal_free(&built);
        return -1;
    }
    pthread_mutex_lock(&cache_lock);
    if (strlen(version) < sizeof cache.version) {
        yw_workcal_free(&cache.cal);
        cache.cal = built;
        memcpy(cache.version, version, strlen(version) + 1);
        cache.ok = true;
    } else {
        yw_workcal_free(&built);
    }
    pthread_mutex_unlock(&cache_lock);
    return 0;
}

int yw_calendar_current(yw_op *op, const yw_workcal **out) {
    yw_workcal *cal = yw_arena_alloc(op->arena, sizeof *cal);
    if (!cal) return yw_fail(op->err, YW_E_NOMEM, NULL);
    yw_rows v;
    if (yw_store_query(op->store, op->arena, "SELECT version FROM calendar_version WHERE id = 1", YW_NOARGS, &v,
                       op->err) < 0)
        return -1;
    const char *version = yw_rows_get(&v, 0, 0);
    int hit = version ? from_cache(op, version, cal) : 0;
    if (hit < 0 || (!hit && rebuild(op, cal) < 0)) return -1;
    *out = cal;
    return 0;
}

yw_calendar_basis yw_calendar_basis_of(const yw_workcal *cal, bool provisional) {
    return (yw_calendar_basis){provisional, cal->last_day, provisional ? yw_workcal_notice_year(cal->last_day + 1) : 0};
}

/* The working-day calendar (std/) names no input when a day is outside it: the day is `field`'s. */
static int outside(yw_err *err, const char *field) {
    if (!err->field[0]) snprintf(err->field, sizeof err->field, "%s", field);
    return -1;
}

/* Is `day` one the calendar answers for (official, or provisional up to its last computable)? */
static bool inside(const yw_workcal *cal, int64_t day) {
    bool w, p;
    yw_err ignored;
    return yw_workcal_is_workday(cal, day, &w, &p, &ignored) == 0;
}

int yw_calendar_day(yw_op *op, const yw_calendar_day_in *in, yw_calendar_day_out *out) {
    memset(out, 0, sizeof *out);
    const yw_workcal *cal;
    bool prov;
    if (yw_calendar_current(op, &cal) < 0) return -1;
    if (yw_workcal_is_workday(cal, in->day, &out->working_day, &prov, op->err) < 0) return outside(op->err, "date");
    out->basis = yw_calendar_basis_of(cal, prov);
    return 0;
}

int yw_calendar_add(yw_op *op, const yw_calendar_add_in *in, yw_calendar_add_out *out) {
    memset(out, 0, sizeof *out);
    if (in->days < -YW_CALENDAR_DAYS_MAX || in->days > YW_CALENDAR_DAYS_MAX)
        return yw_fail(op->err, YW_E_FIELD_RANGE, "days", "days", (long long)-YW_CALENDAR_DAYS_MAX,
                       (long long)YW_CALENDAR_DAYS_MAX);
    const yw_workcal *cal;
    bool prov;
    if (yw_calendar_current(op, &cal) < 0) return -1;
    if (yw_workcal_add(cal, in->from, in->days, &out->due, &prov, op->err) < 0)
        return outside(op->err, inside(cal, in->from) ? "days" : "from");
    out->basis = yw_calendar_basis_of(cal, prov);
    return 0;
}

int yw_calendar_count(yw_op *op, const yw_calendar_count_in *in, yw_calendar_count_out *out) {
    memset(out, 0, sizeof *out);
    const yw_workcal *cal;
    bool prov;
    if (yw_calendar_current(op, &cal) < 0) return -1;
    if (yw_workcal_count(cal, in->from, in->to, &out->working_days, &prov, op->err) < 0)
        return outside(op->err, inside(cal, in->from) ? "to" : "from");
    out->basis = yw_calendar_basis_of(cal, prov);
    return 0;
}

/* ---- the years ---- */

static void count_kinds(const yw_workcal_year *y, int *holidays, int *workdays) {
    *holidays = *workdays = 0;
    for (int i = 0; i < y->nrows; i++) {
        if (y->rows[i].kind == YW_WORKCAL_WORKDAY) (*workdays)++;
        else (*holidays)++;
    }
}

static void builtin_info(int year, yw_calendar_year_info *info) {
    yw_workcal_year b;
    memset(info, 0, sizeof *info);
    info->year = year;
    if (yw_workcal_builtin_year(year, &b) == 0) count_kinds(&b, &info->holidays, &info->workdays);
}

int yw_calendar_years(yw_op *op, const void *in, yw_calendar_years_out *out) {
    (void)in;
    memset(out, 0, sizeof *out);
    const yw_workcal *cal;
    if (yw_calendar_current(op, &cal) < 0) return -1;
    out->first_year = yw_workcal_first_year(cal);
    out->last_year = yw_workcal_last_year(cal);
    out->official_until = cal->last_day;
    out->nyears = out->last_year - out->first_year + 1;
    out->years = yw_arena_calloc(op->arena, (size_t)out->nyears, sizeof *out->years);
    if (!out->years) return yw_fail(op->err, YW_E_NOMEM, NULL);
    for (int i = 0; i < out->nyears; i++) builtin_info(out->first_year + i, &out->years[i]);
    yw_rows r;
    if (yw_store_query(op->store, op->arena,
                       "SELECT year, source_name, loaded_at, holidays, workdays FROM calendar_years ORDER BY year",
                       YW_NOARGS, &r, op->err) < 0)
        return -1;
    for (int i = 0; i < r.nrows; i++) {
        int y = atoi(yw_rows_get(&r, i, 0));
        if (y < out->first_year || y > out->last_year) continue;
        yw_calendar_year_info *info = &out->years[y - out->first_year];
        *info = (yw_calendar_year_info){y, true, yw_rows_get(&r, i, 1), yw_rows_get(&r, i, 2),
                                        atoi(yw_rows_get(&r, i, 3)), atoi(yw_rows_get(&r, i, 4))};
    }
    return 0;
}

int yw_calendar_year(yw_op *op, const yw_calendar_year_in *in, yw_calendar_year_out *out) {
    memset(out, 0, sizeof *out);
    const yw_workcal *cal;
    if (yw_calendar_current(op, &cal) < 0) return -1;
    int first = yw_workcal_first_year(cal), last = yw_workcal_last_year(cal);
    if (in->year < first || in->year > last)
        return yw_fail(op->err, YW_E_CALENDAR_YEAR_NOT_LOADED, "year", in->year, first, last);
    char year[12];
    snprintf(year, sizeof year, "%d", in->year);
    yw_rows meta, days;
    if (yw_store_query(op->store, op->arena,
                       "SELECT source_name, loaded_at, holidays, workdays FROM calendar_years WHERE year = $1",
                       YW_ARGS(year), &meta, op->err) < 0)
        return -1;
    if (meta.nrows == 0) {
        builtin_info(in->year, &out->info);
        if (yw_workcal_builtin_year(in->year, &out->arrangement) < 0)
            return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "the built-in arrangement for %d is missing", in->year);
        return 0;
    }
    out->info = (yw_calendar_year_info){in->year, true, yw_rows_get(&meta, 0, 0), yw_rows_get(&meta, 0, 1),
                                        atoi(yw_rows_get(&meta, 0, 2)), atoi(yw_rows_get(&meta, 0, 3))};
    if (yw_store_query(op->store, op->arena, "SELECT day, kind, name FROM calendar_days WHERE year = $1 ORDER BY day",
                       YW_ARGS(year), &days, op->err) < 0)
        return -1;
    yw_workcal_row *rows = yw_arena_calloc(op->arena, (size_t)days.nrows + 1, sizeof *rows);
    if (!rows) return yw_fail(op->err, YW_E_NOMEM, NULL);
    for (int i = 0; i < days.nrows; i++) {
        int64_t d = 0;
        yw_date_parse(yw_rows_get(&days, i, 0), &d, NULL, NULL);
        rows[i] = (yw_workcal_row){d, strcmp(yw_rows_get(&days, i, 1), "workday") == 0 ? YW_WORKCAL_WORKDAY
                                                                                          : YW_WORKCAL_HOLIDAY,
                                   yw_rows_get(&days, i, 2), 0};
    }
    out->arrangement = (yw_workcal_year){in->year, days.nrows, rows};
    return 0;
}
