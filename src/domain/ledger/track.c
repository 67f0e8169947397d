/* Tracking ledger measures: the list with its filters, one measure with its reports, new
 * progress reports with evidence, and overdue in working days. */
#include "ledger.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/buf.h"
#include "../../base/json_writer.h"
#include "../../base/time.h"
#include "../../base/ulid.h"
#include "../calendar/calendar.h"
#include "../core/audit.h"
#include "../core/dept.h"

const yw_enum_text yw_measure_statuses[] = {
    {YW_MEASURE_NOT_STARTED, "not_started"},
    {YW_MEASURE_IN_PROGRESS, "in_progress"},
    {YW_MEASURE_DONE, "done"},
    {YW_MEASURE_CANCELLED, "cancelled"},
    {0, NULL},
};

int yw_ledger_days_overdue(const yw_workcal *cal, const char *due, int64_t on, int64_t *out, bool *provisional,
                           yw_err *err) {
    *out = 0;
    *provisional = false;
    int64_t d;
    if (!due || yw_date_parse(due, &d, "due_date", err) < 0) return due ? -1 : 0;
    if (on <= d) return 0;
    return yw_workcal_count(cal, d, on, out, provisional, err);
}

static int read_ledger_allowed(const yw_actor *actor, yw_err *err) {
    return yw_actor_require(actor, YW_ROLE_STAFF, "read the ledger", err);
}

#define MEASURE_COLS                                                                                          \
    "SELECT m.id, m.plan_id, p.title, m.section, m.title, m.body, m.number, m.due_date, m.status,"           \
    " (SELECT g.percent FROM ledger_progress g WHERE g.measure_id = m.id AND g.returned_at IS NULL"           \
    "  ORDER BY g.reported_on DESC, g.created_at DESC LIMIT 1),"                                             \
    " (SELECT MAX(g.reported_on) FROM ledger_progress g WHERE g.measure_id = m.id AND g.returned_at IS NULL)," \
    " (SELECT COUNT(*) FROM ledger_urgings r WHERE r.measure_id = m.id),"                                    \
    " (SELECT r.note FROM ledger_urgings r WHERE r.measure_id = m.id ORDER BY r.created_at DESC, r.id DESC LIMIT 1)," \
    " (SELECT r.created_at FROM ledger_urgings r WHERE r.measure_id = m.id"                                  \
    "  ORDER BY r.created_at DESC, r.id DESC LIMIT 1),"                                                      \
    " (SELECT g.return_reason FROM ledger_progress g WHERE g.measure_id = m.id"                              \
    "  ORDER BY g.created_at DESC, g.id DESC LIMIT 1),"                                                      \
    " m.cancelled_on, m.cancel_reason, (SELECT a.name FROM accounts a WHERE a.id = m.cancelled_by)"          \
    " FROM ledger_measures m JOIN ledger_plans p ON p.id = m.plan_id"

/* MEASURE_COLS into a yw_measure, column by column */
static const yw_column measure_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_measure, id),         YW_COLUMN(YW_COL_TEXT, yw_measure, plan_id),
    YW_COLUMN(YW_COL_TEXT, yw_measure, plan_title), YW_COLUMN(YW_COL_TEXT, yw_measure, section),
    YW_COLUMN(YW_COL_TEXT, yw_measure, title),      YW_COLUMN(YW_COL_TEXT, yw_measure, body),
    YW_COLUMN(YW_COL_INT, yw_measure, number),      YW_COLUMN(YW_COL_TEXT, yw_measure, due_date),
    YW_COLUMN_ENUM(yw_measure, status, yw_measure_statuses), YW_COLUMN(YW_COL_INT, yw_measure, percent),
    YW_COLUMN(YW_COL_TEXT, yw_measure, last_report),
    YW_COLUMN(YW_COL_INT, yw_measure, urgings),     YW_COLUMN(YW_COL_TEXT, yw_measure, last_urging),
    YW_COLUMN(YW_COL_TEXT, yw_measure, last_urged_at), YW_COLUMN(YW_COL_TEXT, yw_measure, returned_reason),
    YW_COLUMN(YW_COL_TEXT, yw_measure, cancelled_on), YW_COLUMN(YW_COL_TEXT, yw_measure, cancel_reason),
    YW_COLUMN(YW_COL_TEXT, yw_measure, cancelled_by),
};

static void fill(const yw_rows *r, int i, yw_measure *m) {
    memset(m, 0, sizeof *m);
    yw_rows_fill(r, i, measure_columns, (int)(sizeof measure_columns / sizeof measure_columns[0]), m);
}

static int compute_overdue(const yw_workcal *cal, yw_measure *m, int64_t today, yw_err *err) {
    if (m->status == YW_MEASURE_DONE || m->status == YW_MEASURE_CANCELLED) return 0;
    if (yw_ledger_days_overdue(cal, m->due_date, today, &m->overdue_days, &m->overdue_provisional, err) < 0) {
        /* a due date before the calendar (2004): past due by calendar date, days unknown */
        if (err && err->code != YW_ERR_RANGE) return -1;
        int64_t d;
        m->overdue = m->due_date && yw_date_parse(m->due_date, &d, NULL, NULL) == 0 && today > d;
        m->overdue_days = 0;
        return 0;
    }
    m->overdue = m->overdue_days > 0;
    return 0;
}

typedef struct {
    const char *measure_id, *role, *name;
} unit_row;

/* Attaches the unit names of rows (ordered by measure id) to the measures. */
static int attach_units(yw_arena *a, yw_measure *ms, int n, const yw_rows *units, yw_err *err) {
    for (int i = 0; i < n; i++) {
        int lead = 0, resp = 0;
        for (int k = 0; k < units->nrows; k++) {
            if (strcmp(yw_rows_get(units, k, 0), ms[i].id) != 0) continue;
            if (strcmp(yw_rows_get(units, k, 1), "lead") == 0) lead++;
            else resp++;
        }
        ms[i].lead_units = yw_arena_calloc(a, (size_t)lead + 1, sizeof(char *));
        ms[i].responsible_units = yw_arena_calloc(a, (size_t)resp + 1, sizeof(char *));
        if (!ms[i].lead_units || !ms[i].responsible_units) return yw_fail(err, YW_E_NOMEM, NULL);
        lead = resp = 0;
        for (int k = 0; k < units->nrows; k++) {
            if (strcmp(yw_rows_get(units, k, 0), ms[i].id) != 0) continue;
            if (strcmp(yw_rows_get(units, k, 1), "lead") == 0) ms[i].lead_units[lead++] = yw_rows_get(units, k, 2);
            else ms[i].responsible_units[resp++] = yw_rows_get(units, k, 2);
        }
    }
    return 0;
}

/* The filter of the list, shared by the page, its count and its units: $1 plan, $2 section,
 * $3 unit name, $4 unit department, $5 whether by unit, $6 status, $7 whether "overdue" is
 * asked for, $8 the first date on which a measure still open is not yet overdue. Without a plan,
 * the measures of withdrawn plans are left out. */
#define MEASURE_FILTER                                                                                         \
    " WHERE (CAST($1 AS TEXT) IS NULL OR m.plan_id = CAST($1 AS TEXT))"                                      \
    " AND (CAST($1 AS TEXT) IS NOT NULL OR p.withdrawn_at IS NULL)"                                           \
    " AND (CAST($2 AS TEXT) IS NULL OR m.section = CAST($2 AS TEXT))"                                        \
    " AND ($5 = 0 OR m.id IN (SELECT u.measure_id FROM ledger_measure_units u"                                \
    "  WHERE u.unit_name = CAST($3 AS TEXT) OR u.department_id = CAST($4 AS TEXT)))"                          \
    " AND (CAST($6 AS TEXT) IS NULL OR m.status = CAST($6 AS TEXT))"                                          \
    " AND ($7 = 0 OR (m.status NOT IN ('done', 'cancelled') AND m.due_date < CAST($8 AS TEXT)))"
#define MEASURE_ORDER " ORDER BY p.imported_at, p.id, m.seq"

/* A measure still open is overdue when a working day has passed since its due date, that is
 * when it fell due before the last working day up to today: that day, as the SQL filter's
 * bound (dates compare as text). */
static int overdue_bound(const yw_workcal *cal, int64_t today, char out[YW_DATE_SIZE], yw_err *err) {
    int64_t d = today;
    for (int i = 0; i < 60; i++, d--) {
        bool work, provisional;
        if (yw_workcal_is_workday(cal, d, &work, &provisional, err) < 0) return -1;
        if (work) break;
    }
    yw_date_format(d, out);
    return 0;
}

/* The unit a filter asks for, as $3 and $4 of MEASURE_FILTER: a name as the plans give it, or a
 * department (by code, name or alias; "mine": the actor's). */
static int filter_unit(yw_op *op, const yw_measure_filter *f, const char **unit_name, const char **unit_dept) {
    *unit_name = f->unit;
    *unit_dept = NULL;
    if (f->unit) {
        yw_dept d;
        yw_err e;
        yw_op look = *op;
        look.err = &e;
        if (yw_dept_find(&look, f->unit, &d) == 0) *unit_dept = d.id;
    }
    if (f->mine) {
        if (!op->actor->department_id) return yw_fail(op->err, YW_E_NO_DEPARTMENT, "mine");
        *unit_name = NULL;
        *unit_dept = op->actor->department_id;
    }
    return 0;
}

int yw_ledger_measures(yw_op *op, const yw_measure_filter *f, yw_measure **out, int *count, int *total) {
    yw_store *s = op->store;
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    const yw_actor *actor = op->actor;
    if (read_ledger_allowed(actor, err) < 0) return -1;
    bool overdue = f->status && strcmp(f->status, "overdue") == 0;
    const char *unit_name, *unit_dept;
    if (filter_unit(op, f, &unit_name, &unit_dept) < 0) return -1;
    int64_t today = yw_op_today(op);
    const yw_workcal *cal;
    char bound[YW_DATE_SIZE];
    if (yw_calendar_current(op, &cal) < 0 || overdue_bound(cal, today, bound, err) < 0) return -1;
    yw_param params[] = {
        YW_TEXT_P(f->plan_id), YW_TEXT_P(f->section), YW_TEXT_P(unit_name), YW_TEXT_P(unit_dept),
        YW_INT_P(unit_name || unit_dept), YW_TEXT_P(overdue ? NULL : f->status), YW_INT_P(overdue), YW_TEXT_P(bound),
        YW_INT_P(f->limit), YW_INT_P(f->offset),
    };
    int nparams = (int)(sizeof params / sizeof params[0]);
    /* the page, its count and its units, each filtered and paged in SQL */
    yw_rows rows, units, n;
    if (yw_store_run(s, a, MEASURE_COLS MEASURE_FILTER MEASURE_ORDER " LIMIT $9 OFFSET $10", nparams, params, &rows,
                     NULL, err) < 0 ||
        yw_store_run(s, a,
                     "SELECT COUNT(*) FROM ledger_measures m JOIN ledger_plans p ON p.id = m.plan_id" MEASURE_FILTER,
                     nparams - 2, params, &n, NULL, err) < 0 ||
        yw_store_run(s, a,
                     "SELECT u.measure_id, u.role, u.unit_name FROM ledger_measure_units u WHERE u.measure_id IN"
                     " (SELECT m.id FROM ledger_measures m JOIN ledger_plans p ON p.id = m.plan_id" MEASURE_FILTER
                     MEASURE_ORDER " LIMIT $9 OFFSET $10) ORDER BY u.measure_id, u.unit_name",
                     nparams, params, &units, NULL, err) < 0)
        return -1;
    yw_measure *page = yw_arena_calloc(a, (size_t)rows.nrows + 1, sizeof *page);
    if (!page) return yw_fail(err, YW_E_NOMEM, NULL);
    for (int i = 0; i < rows.nrows; i++) {
        fill(&rows, i, &page[i]);
        if (compute_overdue(cal, &page[i], today, err) < 0) return -1;
    }
    *total = (int)strtol(yw_rows_get(&n, 0, 0), NULL, 10);
    *out = page;
    *count = rows.nrows;
    return attach_units(a, page, rows.nrows, &units, err);
}

/* "id, reported_on, status, percent, body, reporter's name, created_at, returned_at, the name of
 * who returned it, return_reason" into a yw_progress */
static const yw_column progress_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_progress, id),     YW_COLUMN(YW_COL_TEXT, yw_progress, reported_on),
    YW_COLUMN_ENUM(yw_progress, status, yw_measure_statuses), YW_COLUMN(YW_COL_INT, yw_progress, percent),
    YW_COLUMN(YW_COL_TEXT, yw_progress, body),   YW_COLUMN(YW_COL_TEXT, yw_progress, reported_by),
    YW_COLUMN(YW_COL_TEXT, yw_progress, created_at),
    YW_COLUMN(YW_COL_TEXT, yw_progress, returned_at), YW_COLUMN(YW_COL_TEXT, yw_progress, returned_by),
    YW_COLUMN(YW_COL_TEXT, yw_progress, return_reason),
};

int yw_ledger_measure(yw_op *op, const char *id, yw_measure *out, yw_progress **reports, int *nreports) {
    yw_store *s = op->store;
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    if (read_ledger_allowed(op->actor, err) < 0) return -1;
    yw_rows rows, units, prog, ev;
    if (yw_store_query(s, a, MEASURE_COLS " WHERE m.id = $1", YW_ARGS(id), &rows, err) < 0) return -1;
    if (!rows.nrows) return yw_fail(err, YW_E_MEASURE_NOT_FOUND, "id", id);
    fill(&rows, 0, out);
    const yw_workcal *cal;
    if (yw_calendar_current(op, &cal) < 0 || compute_overdue(cal, out, yw_op_today(op), err) < 0) return -1;
    if (yw_store_query(s, a,
                       "SELECT measure_id, role, unit_name FROM ledger_measure_units WHERE measure_id = $1"
                       " ORDER BY unit_name",
                       YW_ARGS(id), &units, err) < 0 ||
        attach_units(a, out, 1, &units, err) < 0)
        return -1;
    if (yw_store_query(s, a,
                       "SELECT g.id, g.reported_on, g.status, g.percent, g.body, a.name, g.created_at,"
                       " g.returned_at, r.name, g.return_reason"
                       " FROM ledger_progress g JOIN accounts a ON a.id = g.reported_by"
                       " LEFT JOIN accounts r ON r.id = g.returned_by"
                       " WHERE g.measure_id = $1 ORDER BY g.reported_on DESC, g.created_at DESC",
                       YW_ARGS(id), &prog, err) < 0)
        return -1;
    if (yw_store_query(s, a,
                       "SELECT e.progress_id, e.id, e.name FROM ledger_evidence e JOIN ledger_progress g"
                       " ON g.id = e.progress_id WHERE g.measure_id = $1 ORDER BY e.name",
                       YW_ARGS(id), &ev, err) < 0)
        return -1;
    yw_progress *p = yw_arena_calloc(a, (size_t)prog.nrows + 1, sizeof *p);
    if (!p) return yw_fail(err, YW_E_NOMEM, NULL);
    for (int i = 0; i < prog.nrows; i++) {
        yw_rows_fill(&prog, i, progress_columns, (int)(sizeof progress_columns / sizeof progress_columns[0]), &p[i]);
        p[i].evidence_names = yw_arena_calloc(a, (size_t)ev.nrows + 1, sizeof(char *));
        p[i].evidence_ids = yw_arena_calloc(a, (size_t)ev.nrows + 1, sizeof(char *));
        if (!p[i].evidence_names || !p[i].evidence_ids) return yw_fail(err, YW_E_NOMEM, NULL);
        int k = 0;
        for (int e = 0; e < ev.nrows; e++)
            if (strcmp(yw_rows_get(&ev, e, 0), p[i].id) == 0) {
                p[i].evidence_ids[k] = yw_rows_get(&ev, e, 1);
                p[i].evidence_names[k++] = yw_rows_get(&ev, e, 2);
            }
    }
    *reports = p;
    *nreports = prog.nrows;
    return 0;
}

int yw_ledger_refresh_status(yw_op *op, const char *measure_id) {
    return yw_store_exec(op->store,
                         "UPDATE ledger_measures SET status = CASE WHEN cancelled_on IS NOT NULL THEN 'cancelled' ELSE"
                         " COALESCE((SELECT g.status FROM ledger_progress g WHERE g.measure_id = $1"
                         " AND g.returned_at IS NULL ORDER BY g.reported_on DESC, g.created_at DESC LIMIT 1),"
                         " 'not_started') END WHERE id = $1",
                         YW_ARGS(measure_id), NULL, op->err);
}

int yw_ledger_completion_of(yw_op *op, const yw_measure_filter *f, yw_ledger_completion *out) {
    memset(out, 0, sizeof *out);
    out->rate = -1;
    if (read_ledger_allowed(op->actor, op->err) < 0) return -1;
    const char *unit_name, *unit_dept;
    if (filter_unit(op, f, &unit_name, &unit_dept) < 0) return -1;
    bool overdue = f->status && strcmp(f->status, "overdue") == 0;
    const yw_workcal *cal;
    char bound[YW_DATE_SIZE];
    if (yw_calendar_current(op, &cal) < 0 || overdue_bound(cal, yw_op_today(op), bound, op->err) < 0) return -1;
    yw_rows rows;
    if (yw_store_run(op->store, op->arena,
                     "SELECT COUNT(*), COALESCE(SUM(CASE WHEN m.status = 'cancelled' THEN 1 ELSE 0 END), 0),"
                     " COALESCE(SUM(CASE WHEN m.status = 'done' THEN 1 ELSE 0 END), 0)"
                     " FROM ledger_measures m JOIN ledger_plans p ON p.id = m.plan_id" MEASURE_FILTER,
                     YW_PARAMS(YW_TEXT_P(f->plan_id), YW_TEXT_P(f->section), YW_TEXT_P(unit_name),
                               YW_TEXT_P(unit_dept), YW_INT_P(unit_name || unit_dept),
                               YW_TEXT_P(overdue ? NULL : f->status), YW_INT_P(overdue), YW_TEXT_P(bound)),
                     &rows, NULL, op->err) < 0)
        return -1;
    out->measures = (int)strtol(yw_rows_get(&rows, 0, 0), NULL, 10);
    out->cancelled = (int)strtol(yw_rows_get(&rows, 0, 1), NULL, 10);
    out->done = (int)strtol(yw_rows_get(&rows, 0, 2), NULL, 10);
    int counted = out->measures - out->cancelled;
    if (counted > 0) out->rate = (int)((100LL * out->done + counted / 2) / counted);
    return 0;
}

int yw_ledger_may_write(yw_op *op, const char *measure_id) {
    if (yw_op_require(op, YW_ROLE_STAFF, "write on ledger measures") < 0) return -1;
    yw_store *s = op->store;
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    const yw_actor *actor = op->actor;
    yw_rows rows;
    if (yw_store_query(s, a,
                       "SELECT p.withdrawn_at FROM ledger_measures m JOIN ledger_plans p ON p.id = m.plan_id"
                       " WHERE m.id = $1",
                       YW_ARGS(measure_id), &rows, err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(err, YW_E_MEASURE_NOT_FOUND, "id", measure_id);
    /* a withdrawn plan is closed: its measures take no more reports nor targets */
    if (yw_rows_get(&rows, 0, 0)) return yw_fail(err, YW_E_PLAN_WITHDRAWN, "id", yw_rows_get(&rows, 0, 0));
    if (actor->roles & (YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN)) return 0;
    if (actor->department_id &&
        yw_store_query(s, a, "SELECT 1 FROM ledger_measure_units WHERE measure_id = $1 AND department_id = $2",
                       YW_ARGS(measure_id, actor->department_id), &rows, err) < 0)
        return -1;
    if (!actor->department_id || !rows.nrows)
        return yw_fail(err, YW_E_MEASURE_NOT_YOURS, NULL);
    return 0;
}

static int validate_progress(const yw_progress_new *in, int64_t today, yw_err *err) {
    int64_t d;
    if (yw_date_parse(in->reported_on, &d, "reported_on", err) < 0) return -1;
    if (d < yw_days_from_civil(YW_YEAR_MIN, 1, 1))
        return yw_fail(err, YW_E_DATE_TOO_EARLY, "reported_on", "reported_on", YW_YEAR_MIN);
    if (d > today) return yw_fail(err, YW_E_DATE_IN_FUTURE, "reported_on", "reported_on");
    if (in->status != YW_MEASURE_IN_PROGRESS && in->status != YW_MEASURE_DONE && in->status != YW_MEASURE_CANCELLED)
        return yw_fail(err, YW_E_FIELD_VALUE, "status", "status", "in_progress, done, cancelled");
    if (in->percent < 0 || in->percent > 100)
        return yw_fail(err, YW_E_FIELD_RANGE, "percent", "percent", 0LL, 100LL);
    if (in->status == YW_MEASURE_DONE && in->percent != 100)
        return yw_fail(err, YW_E_PROGRESS_DONE_PERCENT, "percent");
    size_t n = in->text ? strlen(in->text) : 0;
    if (n < 1 || n > 4000) return yw_fail(err, YW_E_FIELD_LENGTH, "text", "text", 1, 4000);
    if (in->nevidence > YW_EVIDENCE_MAX_FILES)
        return yw_fail(err, YW_E_EVIDENCE_TOO_MANY, "evidence", YW_EVIDENCE_MAX_FILES);
    for (int i = 0; i < in->nevidence; i++) {
        const char *name = in->evidence[i].name;
        size_t nl = name ? strlen(name) : 0;
        if (nl < 1 || nl > 200 || strchr(name, '/') || strchr(name, '\\'))
            return yw_fail(err, YW_E_EVIDENCE_NAME, "evidence");
        if (in->evidence[i].len == 0 || in->evidence[i].len > YW_EVIDENCE_MAX_BYTES)
            return yw_fail(err, YW_E_EVIDENCE_SIZE, "evidence", name);
    }
    return 0;
}

int yw_ledger_report_progress(yw_op *op, const yw_progress_new *in, yw_progress *out) {
    if (yw_op_require(op, YW_ROLE_STAFF, "report progress on measures") < 0) return -1;
    yw_store *s = op->store;
    yw_err *err = op->err;
    if (validate_progress(in, yw_op_today(op), err) < 0) return -1;
    if (yw_ledger_may_write(op, in->measure_id) < 0) return -1;
    struct {
        yw_arena *a;
        const yw_actor *actor;
        const char *measure_id;
        const yw_progress_new *in;
        char *id;
    } ctx = {op->arena, op->actor, in->measure_id, in, yw_arena_alloc(op->arena, YW_ID_SIZE)}, *c = &ctx;
    if (!c->id) return yw_fail(err, YW_E_NOMEM, NULL);
    yw_rows rows;
    /* the measure's row locked first: its status is recomputed from every report, which another
     * server's report or return at the same moment would otherwise leave out */
    if (yw_store_exec(s, "UPDATE ledger_measures SET status = status WHERE id = $1", YW_ARGS(c->measure_id), NULL,
                      err) < 0 ||
        yw_store_query(s, c->a, "SELECT status, cancelled_on FROM ledger_measures WHERE id = $1",
                       YW_ARGS(c->measure_id), &rows, err) < 0)
        return -1;
    const char *before_status = rows.nrows ? yw_rows_get(&rows, 0, 0) : "not_started";
    if (rows.nrows && yw_rows_get(&rows, 0, 1))
        return yw_fail(err, YW_E_MEASURE_CANCELLED, "id", yw_rows_get(&rows, 0, 1));
    char now[YW_TIMESTAMP_SIZE];
    yw_ulid_new(c->id);
    yw_op_timestamp(op, now);
    if (yw_store_run(s, NULL,
                      "INSERT INTO ledger_progress (id, measure_id, reported_on, status, percent, body, reported_by,"
                      " department_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                      YW_PARAMS(YW_TEXT_P(c->id), YW_TEXT_P(c->measure_id), YW_TEXT_P(c->in->reported_on),
                                YW_TEXT_P(yw_enum_to_text(yw_measure_statuses, (int)c->in->status)), YW_INT_P(c->in->percent), YW_TEXT_P(c->in->text),
                                YW_TEXT_P(c->actor->account_id), YW_TEXT_P(c->actor->department_id), YW_TEXT_P(now)),
                      NULL, NULL, err) < 0)
        return -1;
    const char **evidence_ids = yw_arena_calloc(c->a, (size_t)c->in->nevidence + 1, sizeof(char *));
    if (!evidence_ids) return yw_fail(err, YW_E_NOMEM, NULL);
    for (int i = 0; i < c->in->nevidence; i++) {
        const yw_evidence_in *e = &c->in->evidence[i];
        char *eid = yw_arena_alloc(c->a, YW_ID_SIZE), hex[65];
        if (!eid) return yw_fail(err, YW_E_NOMEM, NULL);
        evidence_ids[i] = eid;
        if (e->sha256_hex && strlen(e->sha256_hex) == sizeof hex - 1) {
            memcpy(hex, e->sha256_hex, sizeof hex);
        } else {
            unsigned char h[crypto_hash_sha256_BYTES];
            crypto_hash_sha256(h, e->bytes, e->len);
            sodium_bin2hex(hex, sizeof hex, h, sizeof h);
        }
        yw_ulid_new(eid);
        if (yw_store_run(s, NULL,
                         "INSERT INTO ledger_evidence (id, progress_id, name, size, sha256, content_b64, content)"
                         " VALUES ($1, $2, $3, $4, $5, '', $6)",
                         YW_PARAMS(YW_TEXT_P(eid), YW_TEXT_P(c->id), YW_TEXT_P(e->name), YW_INT_P(e->len),
                                   YW_TEXT_P(hex), YW_BYTES_P(e->bytes, e->len)),
                         NULL, NULL, err) < 0)
            return -1;
    }
    if (yw_ledger_refresh_status(op, c->measure_id) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, c->a);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "progress_id", c->id);
    yw_jw_kstr(&w, "reported_on", c->in->reported_on);
    yw_jw_kstr(&w, "status", yw_enum_to_text(yw_measure_statuses, (int)c->in->status));
    yw_jw_kint(&w, "percent", c->in->percent);
    yw_jw_kint(&w, "evidence", c->in->nevidence);
    yw_jw_end(&w);
    const char *before = yw_arena_printf(c->a, "{\"status\":\"%s\"}", before_status);
    if (b.failed || !before) return yw_fail(err, YW_E_NOMEM, NULL);
    if (yw_audit_append(op, "ledger.progress", "ledger_measure", c->measure_id, before, b.data) < 0) return -1;
    if (!out) return 0;
    /* the answer is what was written, not the measure's whole history */
    memset(out, 0, sizeof *out);
    out->id = c->id;
    out->reported_on = in->reported_on;
    out->status = in->status;
    out->percent = in->percent;
    out->body = in->text;
    out->reported_by = op->actor->name;
    out->created_at = yw_arena_strdup(op->arena, now);
    out->evidence_names = yw_arena_calloc(op->arena, (size_t)in->nevidence + 1, sizeof(char *));
    out->evidence_ids = yw_arena_calloc(op->arena, (size_t)in->nevidence + 1, sizeof(char *));
    if (!out->created_at || !out->evidence_names || !out->evidence_ids)
        return yw_fail(err, YW_E_NOMEM, NULL);
    for (int i = 0; i < in->nevidence; i++) {
        out->evidence_names[i] = in->evidence[i].name;
        out->evidence_ids[i] = evidence_ids[i];
    }
    return 0;
}

int yw_ledger_evidence(yw_op *op, const char *id, const char **name, unsigned char **bytes, size_t *len) {
    yw_store *s = op->store;
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    if (read_ledger_allowed(op->actor, err) < 0) return -1;
    yw_rows rows;
    if (yw_store_query(s, a, "SELECT name, size, content_b64, content FROM ledger_evidence WHERE id = $1", YW_ARGS(id),
                       &rows, err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(err, YW_E_EVIDENCE_NOT_FOUND, "id", id);
    *name = yw_rows_get(&rows, 0, 0);
    size_t size = (size_t)strtoull(yw_rows_get(&rows, 0, 1), NULL, 10);
    if (yw_rows_get(&rows, 0, 3)) {
        *bytes = (unsigned char *)yw_rows_get(&rows, 0, 3);
        *len = yw_rows_len(&rows, 0, 3);
        if (*len != size) return yw_err_set(err, YW_ERR_STORE, NULL, "evidence file %.40s is damaged in the store", id);
        return 0;
    }
    /* written before migration 0006: base64 text */
    const char *b64 = yw_rows_get(&rows, 0, 2);
    *bytes = yw_arena_alloc(a, size + 1);
    if (!*bytes) return yw_fail(err, YW_E_NOMEM, NULL);
    if (sodium_base642bin(*bytes, size + 1, b64, strlen(b64), NULL, len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
        return yw_err_set(err, YW_ERR_STORE, NULL, "evidence file %.40s is damaged in the store", id);
    return 0;
}
