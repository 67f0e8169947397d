/* Importing plans into the ledger, and mapping unit names to departments. */
#include "ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/buf.h"
#include "../../base/json_writer.h"
#include "../../base/time.h"
#include "../../base/ulid.h"
#include "../core/audit.h"
#include "../core/dept.h"

int yw_ledger_match_unit(yw_op *op, const char *name, const char **department_id) {
    yw_store *s = op->store;
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    *department_id = NULL;
    yw_dept d;
    yw_err e;
    yw_op look = *op;
    look.err = &e;
    if (yw_dept_find(&look, name, &d) == 0) {
        *department_id = d.id;
        return 0;
    }
    if (e.code != YW_ERR_NOT_FOUND) {
        if (err) *err = e;
        return -1;
    }
    yw_rows rows;
    if (yw_store_query(s, a, "SELECT department_id FROM ledger_unit_map WHERE unit_name = $1", YW_ARGS(name), &rows,
                       err) < 0)
        return -1;
    if (rows.nrows) *department_id = yw_rows_get(&rows, 0, 0);
    return 0;
}

typedef struct {
    yw_op *op;
    yw_arena *a;
    const yw_actor *actor;
    const char *source_name;
    int year;
    bool dry_run;
    yw_ledger_report *report;
    const char **names; /* the distinct unit names of all the documents, sorted */
    const char **ids;   /* the department id of names[i], or NULL */
    int nnames;
} import_ctx;

static int compare_names(const void *x, const void *y) {
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Matches every distinct unit of every document of the plan; fills the report's unit counts
 * and the context's names and ids. */
static int match_all(import_ctx *c, const yw_plan *plan, yw_err *err) {
    int total = 0;
    for (const yw_plan *d = plan; d; d = d->next) total += d->nunits;
    const char **names = yw_arena_calloc(c->a, (size_t)total + 1, sizeof(char *));
    const char **ids = yw_arena_calloc(c->a, (size_t)total + 1, sizeof(char *));
    const char **unmatched = yw_arena_calloc(c->a, (size_t)total + 1, sizeof(char *));
    if (!names || !ids || !unmatched) return yw_fail(err, YW_E_NOMEM, NULL);
    int n = 0;
    for (const yw_plan *d = plan; d; d = d->next)
        for (int i = 0; i < d->nunits; i++) names[n++] = d->units[i];
    qsort(names, (size_t)n, sizeof(char *), compare_names);
    int distinct = 0;
    for (int i = 0; i < n; i++)
        if (!distinct || strcmp(names[distinct - 1], names[i]) != 0) names[distinct++] = names[i];
    names[distinct] = NULL;
    int nun = 0;
    for (int i = 0; i < distinct; i++) {
        if (yw_ledger_match_unit(c->op, names[i], &ids[i]) < 0) return -1;
        if (!ids[i]) unmatched[nun++] = names[i];
    }
    c->names = names;
    c->ids = ids;
    c->nnames = distinct;
    c->report->units = distinct;
    c->report->units_unmatched = nun;
    c->report->units_matched = distinct - nun;
    c->report->unmatched = unmatched;
    return 0;
}

static const char *unit_dept(const import_ctx *c, const char *name) {
    const char **found = bsearch(&name, c->names, (size_t)c->nnames, sizeof(char *), compare_names);
    return found ? c->ids[found - c->names] : NULL;
}

static int insert_units(const import_ctx *c, const char *measure_id, const char *role, const char **units) {
    for (const char **u = units; u && *u; u++) {
        char id[YW_ID_SIZE];
        yw_ulid_new(id);
        if (yw_store_exec(c->op->store,
                          "INSERT INTO ledger_measure_units (id, measure_id, role, unit_name, department_id)"
                          " VALUES ($1, $2, $3, $4, $5)",
                          YW_ARGS(id, measure_id, role, *u, unit_dept(c, *u)), NULL, c->op->err) < 0)
            return -1;
    }
    return 0;
}

/* Saves one document of the file as a plan of its own, with its audit entry; plan_id gets its
 * id. */
static int import_document(import_ctx *c, const yw_plan *p, char plan_id[YW_ID_SIZE]) {
    yw_store *s = c->op->store;
    yw_err *err = c->op->err;
    char now[YW_TIMESTAMP_SIZE], year[8];
    yw_ulid_new(plan_id);
    yw_op_timestamp(c->op, now);
    snprintf(year, sizeof year, "%d", c->year);
    const char *title = p->title ? p->title : c->source_name;
    if (yw_store_exec(s,
                      "INSERT INTO ledger_plans (id, title, year, source_name, imported_at, imported_by)"
                      " VALUES ($1, $2, $3, $4, $5, $6)",
                      YW_ARGS(plan_id, title, year, c->source_name, now, c->actor->account_id), NULL, err) < 0)
        return -1;
    for (int i = 0; i < p->nmeasures; i++) {
        const yw_plan_measure *m = &p->measures[i];
        char id[YW_ID_SIZE], seq[16], number[16], due[YW_DATE_SIZE];
        yw_ulid_new(id);
        snprintf(seq, sizeof seq, "%d", i + 1);
        snprintf(number, sizeof number, "%d", m->number);
        /* the measure is due by its last deadline */
        int64_t last = 0;
        for (int k = 0; k < m->ndeadlines; k++)
            if (m->deadlines[k] > last) last = m->deadlines[k];
        if (last) yw_date_format(last, due);
        if (yw_store_exec(s,
                          "INSERT INTO ledger_measures (id, plan_id, seq, number, section, title, body, due_date,"
                          " status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'not_started', $9)",
                          YW_ARGS(id, plan_id, seq, m->number ? number : NULL, m->section ? m->section : "",
                                  m->title ? m->title : "", m->text ? m->text : "", last ? due : NULL, now),
                          NULL, err) < 0)
            return -1;
        if (insert_units(c, id, "lead", m->lead_units) < 0 || insert_units(c, id, "responsible", m->responsible_units) < 0)
            return -1;
        for (int k = 0; k < m->ndeadlines; k++) {
            char did[YW_ID_SIZE], d[YW_DATE_SIZE];
            yw_ulid_new(did);
            yw_date_format(m->deadlines[k], d);
            if (yw_store_exec(s,
                              "INSERT INTO ledger_deadlines (id, measure_id, due_date) VALUES ($1, $2, $3)"
                              " ON CONFLICT (measure_id, due_date) DO NOTHING",
                              YW_ARGS(did, id, d), NULL, err) < 0)
                return -1;
        }
    }
    int matched = 0;
    for (int i = 0; i < p->nunits; i++) matched += unit_dept(c, p->units[i]) != NULL;
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, c->a);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "title", title);
    yw_jw_kint(&w, "year", c->year);
    yw_jw_kstr(&w, "source", c->source_name);
    yw_jw_kint(&w, "sections", p->nsections);
    yw_jw_kint(&w, "measures", p->nmeasures);
    yw_jw_kint(&w, "units_matched", matched);
    yw_jw_kint(&w, "units_unmatched", p->nunits - matched);
    yw_jw_kint(&w, "deadlines", p->ndeadlines);
    yw_jw_kint(&w, "unplaced", p->nunplaced);
    yw_jw_end(&w);
    if (b.failed) return yw_fail(err, YW_E_NOMEM, NULL);
    return yw_audit_append(c->op, "ledger.import", "ledger_plan", plan_id, NULL, b.data);
}

int yw_ledger_import(yw_op *op, const yw_ledger_import_in *in, yw_ledger_report *report) {
    memset(report, 0, sizeof *report);
    if (yw_op_require(op, YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN, "import plans into the ledger") < 0) return -1;
    if (in->year < YW_YEAR_MIN || in->year > YW_YEAR_MAX)
        return yw_fail(op->err, YW_E_FIELD_RANGE, "year", "year", (long long)YW_YEAR_MIN, (long long)YW_YEAR_MAX);
    for (const yw_plan *d = in->plan; d; d = d->next) {
        report->documents++;
        report->sections += d->nsections;
        report->measures += d->nmeasures;
        report->deadlines += d->ndeadlines;
        report->unplaced += d->nunplaced;
        report->annex_units += d->nannex_units;
    }
    report->plan_ids = yw_arena_calloc(op->arena, (size_t)report->documents + 1, sizeof(char *));
    if (!report->plan_ids) return yw_fail(op->err, YW_E_NOMEM, NULL);
    import_ctx c = {op, op->arena, op->actor, in->source_name, in->year, in->dry_run, report, NULL, NULL, 0};
    if (match_all(&c, in->plan, op->err) < 0) return -1;
    if (in->dry_run) return 0;
    int k = 0;
    for (const yw_plan *d = in->plan; d; d = d->next, k++) {
        char *plan_id = yw_arena_alloc(op->arena, YW_ID_SIZE);
        if (!plan_id) return yw_fail(op->err, YW_E_NOMEM, NULL);
        if (import_document(&c, d, plan_id) < 0) return -1;
        report->plan_ids[k] = plan_id;
    }
    memcpy(report->plan_id, report->plan_ids[0], YW_ID_SIZE);
    return 0;
}

int yw_ledger_map_unit(yw_op *op, const yw_unit_mapping *in, int *applied) {
    if (yw_op_require(op, YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN, "map units to departments") < 0) return -1;
    yw_store *s = op->store;
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    size_t n = in->unit_name ? strlen(in->unit_name) : 0;
    if (n < 2 || n > 100) return yw_fail(err, YW_E_FIELD_LENGTH, "unit", "unit", 2, 100);
    yw_dept d;
    if (yw_dept_find(op, in->department, &d) < 0) return -1;
    char id[YW_ID_SIZE], now[YW_TIMESTAMP_SIZE];
    yw_ulid_new(id);
    yw_op_timestamp(op, now);
    yw_rows rows;
    if (yw_store_query(s, a, "SELECT department_id FROM ledger_unit_map WHERE unit_name = $1", YW_ARGS(in->unit_name),
                       &rows, err) < 0)
        return -1;
    const char *before = rows.nrows ? yw_arena_printf(a, "{\"department_id\":\"%s\"}", yw_rows_get(&rows, 0, 0)) : NULL;
    if (rows.nrows) {
        if (yw_store_exec(s, "UPDATE ledger_unit_map SET department_id = $2, mapped_by = $3, mapped_at = $4"
                             " WHERE unit_name = $1",
                          YW_ARGS(in->unit_name, d.id, op->actor->account_id, now), NULL, err) < 0)
            return -1;
    } else if (yw_store_exec(s,
                             "INSERT INTO ledger_unit_map (id, unit_name, department_id, mapped_by, mapped_at)"
                             " VALUES ($1, $2, $3, $4, $5)",
                             YW_ARGS(id, in->unit_name, d.id, op->actor->account_id, now), NULL, err) < 0) {
        return -1;
    }
    int64_t changed = 0;
    if (yw_store_exec(s, "UPDATE ledger_measure_units SET department_id = $2 WHERE unit_name = $1 AND department_id IS NULL",
                      YW_ARGS(in->unit_name, d.id), &changed, err) < 0)
        return -1;
    if (applied) *applied = (int)changed;
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, a);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "unit_name", in->unit_name);
    yw_jw_kstr(&w, "department_id", d.id);
    yw_jw_kstr(&w, "department", d.name);
    yw_jw_end(&w);
    if (b.failed) return yw_fail(err, YW_E_NOMEM, NULL);
    return yw_audit_append(op, "ledger.map_unit", "ledger_unit", in->unit_name, before, b.data);
}

static const yw_column plan_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_ledger_plan, id),          YW_COLUMN(YW_COL_TEXT, yw_ledger_plan, title),
    YW_COLUMN(YW_COL_TEXT, yw_ledger_plan, source_name), YW_COLUMN(YW_COL_TEXT, yw_ledger_plan, imported_at),
    YW_COLUMN(YW_COL_INT, yw_ledger_plan, year),         YW_COLUMN(YW_COL_INT, yw_ledger_plan, measures),
};

static const yw_column unit_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_ledger_unit, name), YW_COLUMN(YW_COL_TEXT, yw_ledger_unit, department_id),
    YW_COLUMN(YW_COL_TEXT, yw_ledger_unit, department_name), YW_COLUMN(YW_COL_INT, yw_ledger_unit, measures),
};

int yw_ledger_plans(yw_op *op, yw_ledger_plan **out, int *count) {
    if (yw_op_require(op, YW_ROLE_STAFF, "read the ledger") < 0) return -1;
    yw_store *s = op->store;
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    yw_rows rows;
    if (yw_store_query(s, a,
                       "SELECT p.id, p.title, p.source_name, p.imported_at, p.year,"
                       " (SELECT COUNT(*) FROM ledger_measures m WHERE m.plan_id = p.id)"
                       " FROM ledger_plans p ORDER BY p.imported_at DESC, p.id DESC",
                       YW_NOARGS, &rows, err) < 0)
        return -1;
    yw_ledger_plan *p = yw_rows_fill_all(&rows, plan_columns, (int)(sizeof plan_columns / sizeof plan_columns[0]),
                                         sizeof *p, a);
    if (!p) return yw_fail(err, YW_E_NOMEM, NULL);
    *out = p;
    *count = rows.nrows;
    return 0;
}

int yw_ledger_units(yw_op *op, bool unmatched_only, yw_ledger_unit **out, int *count) {
    if (yw_op_require(op, YW_ROLE_STAFF, "read the ledger") < 0) return -1;
    yw_store *s = op->store;
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    yw_rows rows;
    if (yw_store_query(s, a,
                       "SELECT u.unit_name, MAX(u.department_id), MAX(d.name), COUNT(DISTINCT u.measure_id)"
                       " FROM ledger_measure_units u LEFT JOIN departments d ON d.id = u.department_id"
                       " GROUP BY u.unit_name ORDER BY u.unit_name",
                       YW_NOARGS, &rows, err) < 0)
        return -1;
    yw_ledger_unit *u = yw_arena_calloc(a, (size_t)rows.nrows + 1, sizeof *u);
    if (!u) return yw_fail(err, YW_E_NOMEM, NULL);
    int n = 0;
    for (int i = 0; i < rows.nrows; i++) {
        if (unmatched_only && yw_rows_get(&rows, i, 1)) continue;
        yw_rows_fill(&rows, i, unit_columns, (int)(sizeof unit_columns / sizeof unit_columns[0]), &u[n]);
        n++;
    }
    *out = u;
    *count = n;
    return 0;
}
