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
    const yw_plan *plan;
    bool dry_run;
    yw_ledger_report *report;
} import_ctx;

static int compare_names(const void *x, const void *y) {
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Matches every distinct unit of the plan; fills the report's unit counts and, in ids, the
 * department id of plan->units[i] (or NULL). */
static int match_all(import_ctx *c, const char ***ids, yw_err *err) {
    const yw_plan *p = c->plan;
    *ids = yw_arena_calloc(c->a, (size_t)p->nunits + 1, sizeof(char *));
    const char **unmatched = yw_arena_calloc(c->a, (size_t)p->nunits + 1, sizeof(char *));
    if (!*ids || !unmatched) return yw_fail(err, YW_E_NOMEM, NULL);
    int nun = 0;
    for (int i = 0; i < p->nunits; i++) {
        if (yw_ledger_match_unit(c->op, p->units[i], &(*ids)[i]) < 0) return -1;
        if (!(*ids)[i]) unmatched[nun++] = p->units[i];
    }
    qsort(unmatched, (size_t)nun, sizeof(char *), compare_names);
    c->report->units = p->nunits;
    c->report->units_unmatched = nun;
    c->report->units_matched = p->nunits - nun;
    c->report->unmatched = unmatched;
    return 0;
}

static const char *unit_dept(const yw_plan *p, const char **ids, const char *name) {
    const char **found = bsearch(&name, p->units, (size_t)p->nunits, sizeof(char *), compare_names);
    return found ? ids[found - p->units] : NULL;
}

static int insert_units(yw_store *s, const char *measure_id, const char *role, const char **units, const yw_plan *p,
                        const char **ids, yw_err *err) {
    for (const char **u = units; u && *u; u++) {
        char id[YW_ID_SIZE];
        yw_ulid_new(id);
        if (yw_store_exec(s,
                          "INSERT INTO ledger_measure_units (id, measure_id, role, unit_name, department_id)"
                          " VALUES ($1, $2, $3, $4, $5)",
                          YW_ARGS(id, measure_id, role, *u, unit_dept(p, ids, *u)), NULL, err) < 0)
            return -1;
    }
    return 0;
}

static int import_measures(import_ctx *c) {
    yw_store *s = c->op->store;
    yw_err *err = c->op->err;
    const yw_plan *p = c->plan;
    yw_ledger_report *r = c->report;
    const char **ids;
    if (match_all(c, &ids, err) < 0) return -1;
    if (c->dry_run) return 0;
    char plan_id[YW_ID_SIZE], now[YW_TIMESTAMP_SIZE], year[8];
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
        if (insert_units(s, id, "lead", m->lead_units, p, ids, err) < 0 ||
            insert_units(s, id, "responsible", m->responsible_units, p, ids, err) < 0)
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
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, c->a);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "title", title);
    yw_jw_kint(&w, "year", c->year);
    yw_jw_kstr(&w, "source", c->source_name);
    yw_jw_kint(&w, "sections", p->nsections);
    yw_jw_kint(&w, "measures", p->nmeasures);
    yw_jw_kint(&w, "units_matched", r->units_matched);
    yw_jw_kint(&w, "units_unmatched", r->units_unmatched);
    yw_jw_kint(&w, "deadlines", p->ndeadlines);
    yw_jw_end(&w);
    if (b.failed) return yw_fail(err, YW_E_NOMEM, NULL);
    if (yw_audit_append(c->op, "ledger.import", "ledger_plan", plan_id, NULL, b.data) < 0) return -1;
    memcpy(r->plan_id, plan_id, sizeof plan_id);
    return 0;
}

int yw_ledger_import(yw_op *op, const yw_ledger_import_in *in, yw_ledger_report *report) {
    memset(report, 0, sizeof *report);
    if (yw_op_require(op, YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN, "import plans into the ledger") < 0) return -1;
    if (in->year < YW_YEAR_MIN || in->year > YW_YEAR_MAX)
        return yw_fail(op->err, YW_E_FIELD_RANGE, "year", "year", (long long)YW_YEAR_MIN, (long long)YW_YEAR_MAX);
    const yw_plan *plan = in->plan;
    report->sections = plan->nsections;
    report->measures = plan->nmeasures;
    report->deadlines = plan->ndeadlines;
    report->unplaced = plan->nunplaced;
    report->annex_units = plan->nannex_units;
    import_ctx c = {op, op->arena, op->actor, in->source_name, in->year, plan, in->dry_run, report};
    return import_measures(&c);
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
