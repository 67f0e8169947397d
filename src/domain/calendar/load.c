/* Loading one year's official arrangement (the State Council's notice, as TSV rows) into the
 * store: checked whole, the year following the calendar without a gap, an earlier arrangement
 * of the year replaced whole, audited with before and after, and the calendar's version changed
 * so that every server rebuilds its calendar at its next request. */
#include "calendar.h"

#include <stdio.h>
#include <string.h>

#include "../../base/buf.h"
#include "../../base/json_writer.h"
#include "../../base/time.h"
#include "../../base/ulid.h"
#include "../core/audit.h"

/* The arrangement as the audit log keeps it: {"year", "source", "days": [{date, kind, name}]}. */
static const char *arrangement_json(yw_arena *a, const yw_workcal_year *y, const char *source) {
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, a);
    yw_jw_obj(&w);
    yw_jw_kint(&w, "year", y->year);
    yw_jw_kstr(&w, "source", source);
    yw_jw_key(&w, "days");
    yw_jw_arr(&w);
    for (int i = 0; i < y->nrows; i++) {
        char d[YW_DATE_SIZE];
        yw_date_format(y->rows[i].day, d);
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "date", d);
        yw_jw_kstr(&w, "kind", y->rows[i].kind == YW_WORKCAL_WORKDAY ? "workday" : "holiday");
        yw_jw_kstr(&w, "name", y->rows[i].name);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return b.failed ? NULL : b.data;
}

/* The arrangement of `year` in effect before the load, as JSON for the audit log (NULL when the
 * year was not covered), and whether it was a loaded one. */
static int before_json(yw_op *op, int year, bool covered, const char **out, bool *loaded) {
    *out = NULL;
    *loaded = false;
    if (!covered) return 0;
    yw_calendar_year_out was;
    yw_calendar_year_in in = {year};
    if (yw_calendar_year(op, &in, &was) < 0) return -1;
    const char *source =
        was.info.loaded ? yw_arena_printf(op->arena, "loaded %s: %s", was.info.loaded_at, was.info.source_name)
                        : "built-in";
    *loaded = was.info.loaded;
    *out = source ? arrangement_json(op->arena, &was.arrangement, source) : NULL;
    return *out ? 0 : yw_fail(op->err, YW_E_NOMEM, NULL);
}

static int store_year(yw_op *op, const yw_calendar_load_in *in, const yw_calendar_load_out *out) {
    yw_store *s = op->store;
    yw_err *err = op->err;
    const yw_workcal_year *y = &out->arrangement;
    char year[12], holidays[12], workdays[12], now[YW_TIMESTAMP_SIZE], version[YW_ID_SIZE];
    snprintf(year, sizeof year, "%d", y->year);
    snprintf(holidays, sizeof holidays, "%d", out->holidays);
    snprintf(workdays, sizeof workdays, "%d", out->workdays);
    yw_op_timestamp(op, now);
    if (yw_store_exec(s, "DELETE FROM calendar_days WHERE year = $1", YW_ARGS(year), NULL, err) < 0 ||
        yw_store_exec(s, "DELETE FROM calendar_years WHERE year = $1", YW_ARGS(year), NULL, err) < 0 ||
        yw_store_exec(s,
                      "INSERT INTO calendar_years (year, source_name, holidays, workdays, loaded_at, loaded_by)"
                      " VALUES ($1, $2, $3, $4, $5, $6)",
                      YW_ARGS(year, in->source_name ? in->source_name : "", holidays, workdays, now,
                              op->actor->account_id),
                      NULL, err) < 0)
        return -1;
    for (int i = 0; i < y->nrows; i++) {
        char d[YW_DATE_SIZE];
        yw_date_format(y->rows[i].day, d);
        if (yw_store_exec(s, "INSERT INTO calendar_days (day, year, kind, name) VALUES ($1, $2, $3, $4)",
                          YW_ARGS(d, year, y->rows[i].kind == YW_WORKCAL_WORKDAY ? "workday" : "holiday",
                                  y->rows[i].name),
                          NULL, err) < 0)
            return -1;
    }
    yw_ulid_new(version);
    return yw_store_exec(s, "UPDATE calendar_version SET version = $1 WHERE id = 1", YW_ARGS(version), NULL, err);
}

int yw_calendar_load(yw_op *op, const yw_calendar_load_in *in, yw_calendar_load_out *out) {
    memset(out, 0, sizeof *out);
    if (yw_op_require(op, YW_ROLE_ADMIN, "load the working-day calendar") < 0) return -1;
    yw_err *err = op->err;
    if (in->len > YW_WORKCAL_TSV_MAX)
        return yw_fail(err, YW_E_CALENDAR_FILE_TOO_LARGE, "tsv", YW_WORKCAL_TSV_MAX);
    if (yw_workcal_parse_year(op->arena, in->tsv ? in->tsv : "", in->tsv ? in->len : 0, in->year, "tsv",
                              &out->arrangement, err) < 0)
        return -1;
    const yw_workcal_year *y = &out->arrangement;
    for (int i = 0; i < y->nrows; i++) {
        if (y->rows[i].kind == YW_WORKCAL_WORKDAY) out->workdays++;
        else out->holidays++;
    }
    /* loads of the calendar one at a time, so that the check for a gap sees the last one */
    if (!in->dry_run && yw_store_lock(op->store, "calendar", err) < 0) return -1;
    const yw_workcal *cal;
    if (yw_calendar_current(op, &cal) < 0) return -1;
    int first = yw_workcal_first_year(cal), last = yw_workcal_last_year(cal);
    if (y->year < first)
        return yw_fail(err, YW_E_DATE_TOO_EARLY, "year", "year", first);
    if (y->year > last + 1)
        return yw_fail(err, YW_E_CALENDAR_YEAR_GAP, "year", last + 1);
    out->replaced = y->year <= last;
    out->last_year = y->year > last ? y->year : last;
    const char *before;
    if (before_json(op, y->year, out->replaced, &before, &out->replaced_loaded) < 0) return -1;
    if (in->dry_run) return 0;
    if (store_year(op, in, out) < 0) return -1;
    char id[12];
    snprintf(id, sizeof id, "%d", y->year);
    const char *source = yw_arena_printf(op->arena, "loaded: %s", in->source_name ? in->source_name : "");
    const char *after = source ? arrangement_json(op->arena, y, source) : NULL;
    if (!after) return yw_fail(err, YW_E_NOMEM, NULL);
    return yw_audit_append(op, "calendar.load", "calendar_year", id, before, after);
}
