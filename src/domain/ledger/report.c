/* The monthly dispatch and the evaluation: both load the measures, their lead units and their
 * progress reports once, and work out each measure's state on a date in memory. */
#include "ledger.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/csv.h"
#include "../../base/time.h"
#include "../calendar/calendar.h"

typedef struct {
    const char *id, *due;
    int64_t due_day;       /* 0 when none */
    int64_t cancelled_day; /* the day the task force cancelled it; 0 when it did not */
} measure_row;

typedef struct {
    measure_row *ms;
    int nms;
    yw_rows units;    /* measure_id, unit_name, department name; lead units only, by measure */
    yw_rows progress; /* measure_id, reported_on, status; by measure, then date and time; none returned */
} ledger_data;

static int load(yw_store *s, yw_arena *a, const char *plan_id, ledger_data *d, yw_err *err) {
    yw_rows rows;
    if (yw_store_query(s, a,
                       "SELECT m.id, m.due_date, m.cancelled_on FROM ledger_measures m"
                       " WHERE (CAST($1 AS TEXT) IS NULL OR m.plan_id = CAST($1 AS TEXT))"
                       " AND (CAST($1 AS TEXT) IS NOT NULL OR m.plan_id NOT IN (SELECT w.id FROM ledger_plans w WHERE w.withdrawn_at IS NOT NULL))"
                       " ORDER BY m.id",
                       YW_ARGS(plan_id), &rows, err) < 0)
        return -1;
    d->ms = yw_arena_calloc(a, (size_t)rows.nrows + 1, sizeof *d->ms);
    if (!d->ms) return yw_fail(err, YW_E_NOMEM, NULL);
    d->nms = rows.nrows;
    for (int i = 0; i < rows.nrows; i++) {
        d->ms[i].id = yw_rows_get(&rows, i, 0);
        d->ms[i].due = yw_rows_get(&rows, i, 1);
        if (d->ms[i].due && yw_date_parse(d->ms[i].due, &d->ms[i].due_day, NULL, NULL) < 0) d->ms[i].due_day = 0;
        const char *cancelled = yw_rows_get(&rows, i, 2);
        if (cancelled && yw_date_parse(cancelled, &d->ms[i].cancelled_day, NULL, NULL) < 0) d->ms[i].cancelled_day = 0;
    }
    if (yw_store_query(s, a,
                       "SELECT u.measure_id, u.unit_name, d.name FROM ledger_measure_units u"
                       " JOIN ledger_measures m ON m.id = u.measure_id LEFT JOIN departments d ON d.id = u.department_id"
                       " WHERE u.role = 'lead' AND (CAST($1 AS TEXT) IS NULL OR m.plan_id = CAST($1 AS TEXT))"
                       " AND (CAST($1 AS TEXT) IS NOT NULL OR m.plan_id NOT IN (SELECT w.id FROM ledger_plans w WHERE w.withdrawn_at IS NOT NULL))"
                       " ORDER BY u.unit_name, u.measure_id",
                       YW_ARGS(plan_id), &d->units, err) < 0)
        return -1;
    return yw_store_query(s, a,
                          "SELECT g.measure_id, g.reported_on, g.status FROM ledger_progress g"
                          " JOIN ledger_measures m ON m.id = g.measure_id"
                          " WHERE (CAST($1 AS TEXT) IS NULL OR m.plan_id = CAST($1 AS TEXT))"
                          " AND (CAST($1 AS TEXT) IS NOT NULL OR m.plan_id NOT IN (SELECT w.id FROM ledger_plans w WHERE w.withdrawn_at IS NOT NULL))"
                          " AND g.returned_at IS NULL ORDER BY g.measure_id, g.reported_on, g.created_at",
                          YW_ARGS(plan_id), &d->progress, err);
}

static int find_measure(const ledger_data *d, const char *id) {
    int lo = 0, hi = d->nms;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        int c = strcmp(d->ms[mid].id, id);
        if (c == 0) return mid;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return -1;
}

/* Status of a measure on day `on` (cancelled from the day the task force cancelled it), and the
 * first day it was reported done (0 if never). Returned reports are not loaded: they count for
 * nothing. */
static yw_measure_status status_on(const ledger_data *d, const measure_row *m, int64_t on, int64_t *done_day) {
    yw_measure_status status = YW_MEASURE_NOT_STARTED;
    if (done_day) *done_day = 0;
    for (int i = 0; i < d->progress.nrows; i++) {
        if (strcmp(yw_rows_get(&d->progress, i, 0), m->id) != 0) continue;
        int64_t day;
        if (yw_date_parse(yw_rows_get(&d->progress, i, 1), &day, NULL, NULL) < 0) continue;
        int st = yw_enum_from_text(yw_measure_statuses, yw_rows_get(&d->progress, i, 2));
        if (st < 0) continue; /* no such status: the store's CHECK keeps it from happening */
        if (done_day && st == YW_MEASURE_DONE && !*done_day) *done_day = day;
        if (day <= on) status = (yw_measure_status)st;
    }
    if (m->cancelled_day && m->cancelled_day <= on) return YW_MEASURE_CANCELLED;
    return status;
}

static void classify(const ledger_data *d, const measure_row *m, int64_t on, int64_t risk_until, yw_dispatch_counts *c) {
    yw_measure_status st = status_on(d, m, on, NULL);
    c->total++;
    if (st == YW_MEASURE_DONE) c->done++;
    else if (st == YW_MEASURE_CANCELLED) c->cancelled++;
    else if (m->due_day && m->due_day < on) c->overdue++;
    else if (m->due_day && m->due_day <= risk_until) c->at_risk++;
    else if (st == YW_MEASURE_IN_PROGRESS) c->in_progress++;
    else c->not_started++;
}

/* The last day of the at-risk window after `on` (provisional past the official calendar). */
static int64_t risk_until(const yw_workcal *cal, int64_t on) {
    int64_t until;
    bool provisional;
    if (yw_workcal_add(cal, on, YW_LEDGER_RISK_WORKING_DAYS, &until, &provisional, NULL) == 0) return until;
    return on + 14; /* before the calendar (2004): two calendar weeks */
}

int yw_ledger_dispatch(yw_op *op, const char *plan_id, const char *month, yw_dispatch *out) {
    yw_store *s = op->store;
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    memset(out, 0, sizeof *out);
    if (yw_op_require(op, YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN, "read the monthly dispatch") < 0) return -1;
    int y = 0, m = 0;
    char tail;
    if (!month || strlen(month) != 7 || sscanf(month, "%4d-%2d%c", &y, &m, &tail) != 2 || y < YW_YEAR_MIN || y > YW_YEAR_MAX || m < 1 || m > 12)
        return yw_fail(err, YW_E_FIELD_FORMAT, "month", "month", "YYYY-MM格式的月份", "YYYY-MM");
    memcpy(out->month, month, 7);
    out->month[7] = '\0';
    int64_t end = yw_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
    int64_t prev_end = yw_days_from_civil(y, m, 1) - 1;
    yw_date_format(end, out->as_of);
    yw_date_format(prev_end, out->previous_as_of);
    ledger_data d;
    if (load(s, a, plan_id, &d, err) < 0) return -1;
    const yw_workcal *cal;
    if (yw_calendar_current(op, &cal) < 0) return -1;
    int64_t risk_now = risk_until(cal, end), risk_before = risk_until(cal, prev_end);
    /* one row per distinct lead unit name (units are ordered by name) */
    out->rows = yw_arena_calloc(a, (size_t)d.units.nrows + 1, sizeof *out->rows);
    if (!out->rows) return yw_fail(err, YW_E_NOMEM, NULL);
    for (int i = 0; i < d.units.nrows; i++) {
        const char *unit = yw_rows_get(&d.units, i, 1);
        if (!out->nrows || strcmp(out->rows[out->nrows - 1].unit, unit) != 0) {
            out->rows[out->nrows].unit = unit;
            out->rows[out->nrows].department = yw_rows_get(&d.units, i, 2);
            out->nrows++;
        }
        int k = find_measure(&d, yw_rows_get(&d.units, i, 0));
        if (k < 0) continue;
        classify(&d, &d.ms[k], end, risk_now, &out->rows[out->nrows - 1].now);
        classify(&d, &d.ms[k], prev_end, risk_before, &out->rows[out->nrows - 1].before);
    }
    for (int k = 0; k < d.nms; k++) {
        classify(&d, &d.ms[k], end, risk_now, &out->all);
        classify(&d, &d.ms[k], prev_end, risk_before, &out->all_before);
    }
    return 0;
}

static void csv_counts(yw_buf *out, const yw_dispatch_counts *n, const yw_dispatch_counts *b) {
    yw_buf_printf(out, ",%d,%d,%d,%d,%d,%d,%d,%+d,%+d,%+d\r\n", n->total, n->done, n->in_progress, n->not_started,
                  n->at_risk, n->overdue, n->cancelled, n->done - b->done, n->at_risk - b->at_risk,
                  n->overdue - b->overdue);
}

void yw_ledger_dispatch_csv(const yw_dispatch *d, yw_buf *out) {
    yw_buf_puts(out, "\xEF\xBB\xBF");
    yw_buf_puts(out, "牵头单位,部门,措施总数,已完成,推进中,未启动,临期,逾期,已取消,完成较上月,临期较上月,逾期较上月\r\n");
    for (int i = 0; i < d->nrows; i++) {
        yw_csv_put(out, d->rows[i].unit); /* the plan's text: never a formula (base/csv.h) */
        yw_buf_putc(out, ',');
        yw_csv_put(out, d->rows[i].department);
        csv_counts(out, &d->rows[i].now, &d->rows[i].before);
    }
    yw_buf_puts(out, "合计,");
    csv_counts(out, &d->all, &d->all_before);
}

int yw_ledger_evaluation(yw_op *op, const char *plan_id, int year, yw_evaluation_row **rows, int *nrows) {
    yw_store *s = op->store;
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    if (yw_op_require(op, YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN, "read the evaluation") < 0) return -1;
    if (year < YW_YEAR_MIN || year > YW_YEAR_MAX)
        return yw_fail(err, YW_E_FIELD_RANGE, "year", "year", (long long)YW_YEAR_MIN, (long long)YW_YEAR_MAX);
    ledger_data d;
    if (load(s, a, plan_id, &d, err) < 0) return -1;
    int64_t today = yw_op_today(op), from = yw_days_from_civil(year, 1, 1), to = yw_days_from_civil(year, 12, 31);
    yw_evaluation_row *out = yw_arena_calloc(a, (size_t)d.units.nrows + 1, sizeof *out);
    if (!out) return yw_fail(err, YW_E_NOMEM, NULL);
    int n = 0;
    for (int i = 0; i < d.units.nrows; i++) {
        int k = find_measure(&d, yw_rows_get(&d.units, i, 0));
        if (k < 0 || !d.ms[k].due_day || d.ms[k].due_day < from || d.ms[k].due_day > to) continue;
        const char *unit = yw_rows_get(&d.units, i, 1);
        if (!n || strcmp(out[n - 1].unit, unit) != 0) {
            out[n].unit = unit;
            out[n].department = yw_rows_get(&d.units, i, 2);
            n++;
        }
        yw_evaluation_row *r = &out[n - 1];
        int64_t done_day;
        yw_measure_status st = status_on(&d, &d.ms[k], today, &done_day);
        r->total++;
        if (st == YW_MEASURE_CANCELLED) r->cancelled++;
        else if (st == YW_MEASURE_DONE) (*(done_day <= d.ms[k].due_day ? &r->on_time : &r->late))++;
        else if (d.ms[k].due_day < today) r->overdue++;
        else r->open++;
    }
    *rows = out;
    *nrows = n;
    return 0;
}
