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
    " (SELECT g.percent FROM ledger_progress g WHERE g.measure_id = m.id"                                    \
    "  ORDER BY g.reported_on DESC, g.created_at DESC LIMIT 1),"                                             \
    " (SELECT MAX(g.reported_on) FROM ledger_progress g WHERE g.measure_id = m.id)"                         \
    " FROM ledger_measures m JOIN ledger_plans p ON p.id = m.plan_id"

static void fill(const yw_rows *r, int i, yw_measure *m) {
    memset(m, 0, sizeof *m);
    m->id = yw_rows_get(r, i, 0);
    m->plan_id = yw_rows_get(r, i, 1);
    m->plan_title = yw_rows_get(r, i, 2);
    m->section = yw_rows_get(r, i, 3);
    m->title = yw_rows_get(r, i, 4);
    m->body = yw_rows_get(r, i, 5);
    const char *num = yw_rows_get(r, i, 6);
    m->number = num ? atoi(num) : 0;
    m->due_date = yw_rows_get(r, i, 7);
    m->status = yw_rows_get(r, i, 8);
    const char *pct = yw_rows_get(r, i, 9);
    m->percent = pct ? atoi(pct) : 0;
    m->last_report = yw_rows_get(r, i, 10);
}

static int compute_overdue(const yw_workcal *cal, yw_measure *m, int64_t today, yw_err *err) {
    if (strcmp(m->status, "done") == 0 || strcmp(m->status, "cancelled") == 0) return 0;
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
        if (!ms[i].lead_units || !ms[i].responsible_units) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
        lead = resp = 0;
        for (int k = 0; k < units->nrows; k++) {
            if (strcmp(yw_rows_get(units, k, 0), ms[i].id) != 0) continue;
            if (strcmp(yw_rows_get(units, k, 1), "lead") == 0) ms[i].lead_units[lead++] = yw_rows_get(units, k, 2);
            else ms[i].responsible_units[resp++] = yw_rows_get(units, k, 2);
        }
    }
    return 0;
}

int yw_ledger_measures(yw_op *op, const yw_measure_filter *f, yw_measure **out, int *count, int *total) {
    yw_store *s = op->store;
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    const yw_actor *actor = op->actor;
    if (read_ledger_allowed(actor, err) < 0) return -1;
    static const char *const statuses[] = {"not_started", "in_progress", "done", "cancelled", "overdue", NULL};
    if (f->status) {
        const char *const *st = statuses;
        while (*st && strcmp(*st, f->status) != 0) st++;
        if (!*st)
            return yw_err_set(err, YW_ERR_INVALID, "status",
                              "status must be not_started, in_progress, done, cancelled or overdue");
    }
    const char *unit_name = f->unit, *unit_dept = NULL;
    if (f->unit) {
        yw_dept d;
        yw_err e;
        yw_op look = *op;
        look.err = &e;
        if (yw_dept_find(&look, f->unit, &d) == 0) unit_dept = d.id;
    }
    if (f->mine) {
        if (!actor->department_id)
            return yw_err_set(err, YW_ERR_INVALID, "mine", "your account has no department");
        unit_name = NULL;
        unit_dept = actor->department_id;
    }
    bool by_unit = unit_name || unit_dept;
    yw_rows rows, units;
    if (yw_store_query(s, a,
                       MEASURE_COLS
                       " WHERE (CAST($1 AS TEXT) IS NULL OR m.plan_id = CAST($1 AS TEXT))"
                       " AND (CAST($2 AS TEXT) IS NULL OR m.section = CAST($2 AS TEXT))"
                       " AND (CAST($5 AS TEXT) = '0' OR m.id IN (SELECT u.measure_id FROM ledger_measure_units u"
                       "  WHERE u.unit_name = CAST($3 AS TEXT) OR u.department_id = CAST($4 AS TEXT)))"
                       " ORDER BY p.imported_at, p.id, m.seq",
                       YW_ARGS(f->plan_id, f->section, unit_name, unit_dept, by_unit ? "1" : "0"), &rows, err) < 0)
        return -1;
    if (yw_store_query(s, a,
                       "SELECT u.measure_id, u.role, u.unit_name FROM ledger_measure_units u"
                       " JOIN ledger_measures m ON m.id = u.measure_id"
                       " WHERE (CAST($1 AS TEXT) IS NULL OR m.plan_id = CAST($1 AS TEXT)) ORDER BY u.measure_id, u.unit_name",
                       YW_ARGS(f->plan_id), &units, err) < 0)
        return -1;
    yw_measure *all = yw_arena_calloc(a, (size_t)rows.nrows + 1, sizeof *all);
    if (!all) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
    int64_t today = yw_op_today(op);
    const yw_workcal *cal;
    if (yw_calendar_current(op, &cal) < 0) return -1;
    int n = 0;
    for (int i = 0; i < rows.nrows; i++) {
        fill(&rows, i, &all[n]);
        if (compute_overdue(cal, &all[n], today, err) < 0) return -1;
        if (f->status) {
            bool keep = strcmp(f->status, "overdue") == 0 ? all[n].overdue : strcmp(all[n].status, f->status) == 0;
            if (!keep) continue;
        }
        n++;
    }
    *total = n;
    int from = f->offset < n ? f->offset : n;
    int take = n - from < f->limit ? n - from : f->limit;
    *out = all + from;
    *count = take;
    return attach_units(a, *out, take, &units, err);
}

int yw_ledger_measure(yw_op *op, const char *id, yw_measure *out, yw_progress **reports, int *nreports) {
    yw_store *s = op->store;
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    if (read_ledger_allowed(op->actor, err) < 0) return -1;
    yw_rows rows, units, prog, ev;
    if (yw_store_query(s, a, MEASURE_COLS " WHERE m.id = $1", YW_ARGS(id), &rows, err) < 0) return -1;
    if (!rows.nrows) return yw_err_set(err, YW_ERR_NOT_FOUND, "id", "no measure %.40s", id);
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
                       "SELECT g.id, g.reported_on, g.status, g.percent, g.body, a.name, g.created_at"
                       " FROM ledger_progress g JOIN accounts a ON a.id = g.reported_by"
                       " WHERE g.measure_id = $1 ORDER BY g.reported_on DESC, g.created_at DESC",
                       YW_ARGS(id), &prog, err) < 0)
        return -1;
    if (yw_store_query(s, a,
                       "SELECT e.progress_id, e.id, e.name FROM ledger_evidence e JOIN ledger_progress g"
                       " ON g.id = e.progress_id WHERE g.measure_id = $1 ORDER BY e.name",
                       YW_ARGS(id), &ev, err) < 0)
        return -1;
    yw_progress *p = yw_arena_calloc(a, (size_t)prog.nrows + 1, sizeof *p);
    if (!p) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
    for (int i = 0; i < prog.nrows; i++) {
        p[i].id = yw_rows_get(&prog, i, 0);
        p[i].reported_on = yw_rows_get(&prog, i, 1);
        p[i].status = yw_rows_get(&prog, i, 2);
        p[i].percent = atoi(yw_rows_get(&prog, i, 3));
        p[i].body = yw_rows_get(&prog, i, 4);
        p[i].reported_by = yw_rows_get(&prog, i, 5);
        p[i].created_at = yw_rows_get(&prog, i, 6);
        p[i].evidence_names = yw_arena_calloc(a, (size_t)ev.nrows + 1, sizeof(char *));
        p[i].evidence_ids = yw_arena_calloc(a, (size_t)ev.nrows + 1, sizeof(char *));
        if (!p[i].evidence_names || !p[i].evidence_ids) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
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

int yw_ledger_may_write(yw_op *op, const char *measure_id) {
    if (yw_op_require(op, YW_ROLE_STAFF, "write on ledger measures") < 0) return -1;
    yw_store *s = op->store;
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    const yw_actor *actor = op->actor;
    yw_rows rows;
    if (yw_store_query(s, a, "SELECT 1 FROM ledger_measures WHERE id = $1", YW_ARGS(measure_id), &rows, err) < 0) return -1;
    if (!rows.nrows) return yw_err_set(err, YW_ERR_NOT_FOUND, "id", "no measure %.40s", measure_id);
    if (actor->roles & (YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN)) return 0;
    if (actor->department_id &&
        yw_store_query(s, a, "SELECT 1 FROM ledger_measure_units WHERE measure_id = $1 AND department_id = $2",
                       YW_ARGS(measure_id, actor->department_id), &rows, err) < 0)
        return -1;
    if (!actor->department_id || !rows.nrows)
        return yw_err_set(err, YW_ERR_FORBIDDEN, NULL,
                          "无权限 (only the measure's own units, supervisors and admins write on it)");
    return 0;
}

static int validate_progress(const yw_progress_new *in, int64_t today, yw_err *err) {
    int64_t d;
    if (yw_date_parse(in->reported_on, &d, "reported_on", err) < 0) return -1;
    if (d < yw_days_from_civil(YW_YEAR_MIN, 1, 1))
        return yw_err_set(err, YW_ERR_INVALID, "reported_on", "reported_on is before 2000");
    if (d > today) return yw_err_set(err, YW_ERR_INVALID, "reported_on", "reported_on is in the future");
    if (!in->status || (strcmp(in->status, "in_progress") && strcmp(in->status, "done") && strcmp(in->status, "cancelled")))
        return yw_err_set(err, YW_ERR_INVALID, "status", "status must be in_progress, done or cancelled");
    if (in->percent < 0 || in->percent > 100)
        return yw_err_set(err, YW_ERR_INVALID, "percent", "percent must be 0 to 100");
    if (strcmp(in->status, "done") == 0 && in->percent != 100)
        return yw_err_set(err, YW_ERR_INVALID, "percent", "a measure reported done is 100 percent done");
    size_t n = in->text ? strlen(in->text) : 0;
    if (n < 1 || n > 4000) return yw_err_set(err, YW_ERR_INVALID, "text", "text must be 1 to 4000 bytes");
    if (in->nevidence > 10) return yw_err_set(err, YW_ERR_INVALID, "evidence", "at most 10 evidence files");
    for (int i = 0; i < in->nevidence; i++) {
        const char *name = in->evidence[i].name;
        size_t nl = name ? strlen(name) : 0;
        if (nl < 1 || nl > 200 || strchr(name, '/') || strchr(name, '\\'))
            return yw_err_set(err, YW_ERR_INVALID, "evidence", "an evidence file needs a name of 1 to 200 bytes without / or \\");
        if (in->evidence[i].len == 0 || in->evidence[i].len > YW_EVIDENCE_MAX_BYTES)
            return yw_err_set(err, YW_ERR_INVALID, "evidence", "evidence file %.100s must be 1 byte to 512 KiB", name);
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
    if (!c->id) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
    yw_rows rows;
    if (yw_store_query(s, c->a, "SELECT status FROM ledger_measures WHERE id = $1", YW_ARGS(c->measure_id), &rows,
                       err) < 0)
        return -1;
    const char *before_status = rows.nrows ? yw_rows_get(&rows, 0, 0) : "not_started";
    char now[YW_TIMESTAMP_SIZE];
    yw_ulid_new(c->id);
    yw_op_timestamp(op, now);
    if (yw_store_run(s, NULL,
                      "INSERT INTO ledger_progress (id, measure_id, reported_on, status, percent, body, reported_by,"
                      " department_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                      YW_PARAMS(YW_TEXT_P(c->id), YW_TEXT_P(c->measure_id), YW_TEXT_P(c->in->reported_on),
                                YW_TEXT_P(c->in->status), YW_INT_P(c->in->percent), YW_TEXT_P(c->in->text),
                                YW_TEXT_P(c->actor->account_id), YW_TEXT_P(c->actor->department_id), YW_TEXT_P(now)),
                      NULL, NULL, err) < 0)
        return -1;
    const char **evidence_ids = yw_arena_calloc(c->a, (size_t)c->in->nevidence + 1, sizeof(char *));
    if (!evidence_ids) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
    for (int i = 0; i < c->in->nevidence; i++) {
        const yw_evidence_in *e = &c->in->evidence[i];
        char *eid = yw_arena_alloc(c->a, YW_ID_SIZE), hex[65];
        if (!eid) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
        evidence_ids[i] = eid;
        unsigned char h[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(h, e->bytes, e->len);
        sodium_bin2hex(hex, sizeof hex, h, sizeof h);
        yw_ulid_new(eid);
        if (yw_store_run(s, NULL,
                         "INSERT INTO ledger_evidence (id, progress_id, name, size, sha256, content_b64, content)"
                         " VALUES ($1, $2, $3, $4, $5, '', $6)",
                         YW_PARAMS(YW_TEXT_P(eid), YW_TEXT_P(c->id), YW_TEXT_P(e->name), YW_INT_P(e->len),
                                   YW_TEXT_P(hex), YW_BYTES_P(e->bytes, e->len)),
                         NULL, NULL, err) < 0)
            return -1;
    }
    /* the measure's current status: that of its latest report */
    if (yw_store_exec(s,
                      "UPDATE ledger_measures SET status = (SELECT g.status FROM ledger_progress g WHERE g.measure_id = $1"
                      " ORDER BY g.reported_on DESC, g.created_at DESC LIMIT 1) WHERE id = $1",
                      YW_ARGS(c->measure_id), NULL, err) < 0)
        return -1;
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, c->a);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "progress_id", c->id);
    yw_jw_kstr(&w, "reported_on", c->in->reported_on);
    yw_jw_kstr(&w, "status", c->in->status);
    yw_jw_kint(&w, "percent", c->in->percent);
    yw_jw_kint(&w, "evidence", c->in->nevidence);
    yw_jw_end(&w);
    const char *before = yw_arena_printf(c->a, "{\"status\":\"%s\"}", before_status);
    if (b.failed || !before) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
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
        return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
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
    if (!rows.nrows) return yw_err_set(err, YW_ERR_NOT_FOUND, "id", "no evidence file %.40s", id);
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
    if (!*bytes) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
    if (sodium_base642bin(*bytes, size + 1, b64, strlen(b64), NULL, len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
        return yw_err_set(err, YW_ERR_STORE, NULL, "evidence file %.40s is damaged in the store", id);
    return 0;
}
