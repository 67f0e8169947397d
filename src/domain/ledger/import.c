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

/* The due date of a measure: its last deadline; empty when it has none. */
static void measure_due(const yw_plan_measure *m, char due[YW_DATE_SIZE]) {
    int64_t last = 0;
    for (int k = 0; k < m->ndeadlines; k++)
        if (m->deadlines[k] > last) last = m->deadlines[k];
    due[0] = '\0';
    if (last) yw_date_format(last, due);
}

/* A measure's units and deadlines, for a measure saved or replaced. */
static int insert_parts(const import_ctx *c, const char *measure_id, const yw_plan_measure *m) {
    if (insert_units(c, measure_id, "lead", m->lead_units) < 0 ||
        insert_units(c, measure_id, "responsible", m->responsible_units) < 0)
        return -1;
    for (int k = 0; k < m->ndeadlines; k++) {
        char did[YW_ID_SIZE], d[YW_DATE_SIZE];
        yw_ulid_new(did);
        yw_date_format(m->deadlines[k], d);
        if (yw_store_exec(c->op->store,
                          "INSERT INTO ledger_deadlines (id, measure_id, due_date) VALUES ($1, $2, $3)"
                          " ON CONFLICT (measure_id, due_date) DO NOTHING",
                          YW_ARGS(did, measure_id, d), NULL, c->op->err) < 0)
            return -1;
    }
    return 0;
}

/* Saves measure m of a plan at position seq (from 1), with its units and deadlines. */
static int insert_measure(const import_ctx *c, const char *plan_id, int seq, const yw_plan_measure *m,
                          const char *now) {
    char id[YW_ID_SIZE], seqs[16], number[16], due[YW_DATE_SIZE];
    yw_ulid_new(id);
    snprintf(seqs, sizeof seqs, "%d", seq);
    snprintf(number, sizeof number, "%d", m->number);
    measure_due(m, due);
    if (yw_store_exec(c->op->store,
                      "INSERT INTO ledger_measures (id, plan_id, seq, number, section, title, body, due_date,"
                      " status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'not_started', $9)",
                      YW_ARGS(id, plan_id, seqs, m->number ? number : NULL, m->section ? m->section : "",
                              m->title ? m->title : "", m->text ? m->text : "", due[0] ? due : NULL, now),
                      NULL, c->op->err) < 0)
        return -1;
    return insert_parts(c, id, m);
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
    for (int i = 0; i < p->nmeasures; i++)
        if (insert_measure(c, plan_id, i + 1, &p->measures[i], now) < 0) return -1;
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

/* A measure's text for matching: without its leading number ("3." "12、" "(三)") and without
 * blanks (ASCII and the ideographic space), so a measure renumbered or rewrapped is the same. */
static const char *normalized(yw_arena *a, const char *text) {
    const char *p = text ? text : "";
    while (*p >= '0' && *p <= '9') p++;
    if (p != text && text) {
        if (*p == '.' || *p == ' ') p++;
        else if (strncmp(p, "、", 3) == 0 || strncmp(p, "．", 3) == 0) p += 3;
        else p = text;
    }
    if (p == text && (strncmp(p, "(", 1) == 0 || strncmp(p, "（", 3) == 0)) {
        const char *close = strstr(p, strncmp(p, "(", 1) == 0 ? ")" : "）");
        if (close && close - p <= 20) p = close + (*close == ')' ? 1 : 3);
    }
    yw_buf b;
    yw_buf_init(&b, a);
    for (; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') continue;
        if (strncmp(p, "\xe3\x80\x80", 3) == 0) { /* U+3000 */
            p += 2;
            continue;
        }
        yw_buf_putc(&b, *p);
    }
    yw_buf_putc(&b, '\0');
    return b.failed ? NULL : b.data;
}

/* Replaces the measures of plan `plan_id` by those of document p: a measure whose normalized
 * text is unchanged keeps its row (reports, urgings, evidence, targets, status); one whose
 * title is unchanged but not its text keeps its row and history with the new text, units and
 * deadlines ("changed"); the rest are added; old measures matched by none are cancelled
 * ("removed"), never deleted. Nothing is written on a dry run; the report gets the counts. */
static int replace_document(import_ctx *c, const yw_plan *p, const char *plan_id) {
    yw_op *op = c->op;
    yw_store *s = op->store;
    yw_arena *a = c->a;
    yw_err *err = op->err;
    yw_rows old;
    if (yw_store_query(s, a, "SELECT id, title, body, cancelled_on FROM ledger_measures WHERE plan_id = $1 ORDER BY seq",
                       YW_ARGS(plan_id), &old, err) < 0)
        return -1;
    int n = p->nmeasures;
    int *match = yw_arena_calloc(a, (size_t)n + 1, sizeof(int)); /* old row of new measure i, or -1 */
    bool *taken = yw_arena_calloc(a, (size_t)old.nrows + 1, sizeof(bool));
    bool *same = yw_arena_calloc(a, (size_t)n + 1, sizeof(bool));
    const char **old_norm = yw_arena_calloc(a, (size_t)old.nrows + 1, sizeof(char *));
    if (!match || !taken || !same || !old_norm) return yw_fail(err, YW_E_NOMEM, NULL);
    for (int j = 0; j < old.nrows; j++)
        if (!(old_norm[j] = normalized(a, yw_rows_get(&old, j, 2)))) return yw_fail(err, YW_E_NOMEM, NULL);
    for (int i = 0; i < n; i++) {
        match[i] = -1;
        const char *t = normalized(a, p->measures[i].text);
        if (!t) return yw_fail(err, YW_E_NOMEM, NULL);
        for (int j = 0; j < old.nrows && match[i] < 0; j++)
            if (!taken[j] && strcmp(old_norm[j], t) == 0) {
                match[i] = j;
                taken[j] = same[i] = true;
            }
    }
    for (int i = 0; i < n; i++) {
        const char *title = p->measures[i].title;
        if (match[i] >= 0 || !title || !*title) continue;
        for (int j = 0; j < old.nrows && match[i] < 0; j++)
            if (!taken[j] && strcmp(yw_rows_get(&old, j, 1), title) == 0) {
                match[i] = j;
                taken[j] = true;
            }
    }
    yw_ledger_report *r = c->report;
    for (int i = 0; i < n; i++) {
        if (match[i] < 0) r->added++;
        else if (same[i]) r->kept++;
        else r->changed++;
    }
    for (int j = 0; j < old.nrows; j++) r->removed += !taken[j];
    if (c->dry_run) return 0;

    char now[YW_TIMESTAMP_SIZE], today[YW_DATE_SIZE], year[8];
    yw_op_timestamp(op, now);
    yw_date_format(yw_op_today(op), today);
    snprintf(year, sizeof year, "%d", c->year);
    /* out of the way of UNIQUE (plan_id, seq) while the measures take their new places */
    if (yw_store_exec(s, "UPDATE ledger_measures SET seq = seq + 1000000 WHERE plan_id = $1", YW_ARGS(plan_id), NULL,
                      err) < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        const yw_plan_measure *m = &p->measures[i];
        if (match[i] < 0) {
            if (insert_measure(c, plan_id, i + 1, m, now) < 0) return -1;
            continue;
        }
        const char *id = yw_rows_get(&old, match[i], 0);
        char seq[16], number[16], due[YW_DATE_SIZE];
        snprintf(seq, sizeof seq, "%d", i + 1);
        snprintf(number, sizeof number, "%d", m->number);
        measure_due(m, due);
        if (yw_store_exec(s,
                          "UPDATE ledger_measures SET seq = $2, number = $3, section = $4, title = $5, body = $6,"
                          " due_date = $7 WHERE id = $1",
                          YW_ARGS(id, seq, m->number ? number : NULL, m->section ? m->section : "",
                                  m->title ? m->title : "", m->text ? m->text : "", due[0] ? due : NULL),
                          NULL, err) < 0 ||
            yw_store_exec(s, "DELETE FROM ledger_measure_units WHERE measure_id = $1", YW_ARGS(id), NULL, err) < 0 ||
            yw_store_exec(s, "DELETE FROM ledger_deadlines WHERE measure_id = $1", YW_ARGS(id), NULL, err) < 0 ||
            insert_parts(c, id, m) < 0)
            return -1;
    }
    int k = n;
    for (int j = 0; j < old.nrows; j++) {
        if (taken[j]) continue;
        const char *id = yw_rows_get(&old, j, 0);
        char seq[16];
        snprintf(seq, sizeof seq, "%d", ++k);
        if (yw_store_exec(s, "UPDATE ledger_measures SET seq = $2 WHERE id = $1", YW_ARGS(id, seq), NULL, err) < 0)
            return -1;
        if (yw_rows_get(&old, j, 3)) continue; /* cancelled already */
        if (yw_store_exec(s,
                          "UPDATE ledger_measures SET cancelled_on = $2, cancelled_at = $3, cancelled_by = $4,"
                          " cancel_reason = $5 WHERE id = $1",
                          YW_ARGS(id, today, now, op->actor->account_id, "计划替换后不再包含此措施"), NULL, err) < 0 ||
            yw_ledger_refresh_status(op, id) < 0)
            return -1;
    }
    const char *title = p->title ? p->title : c->source_name;
    if (yw_store_exec(s, "UPDATE ledger_plans SET title = $2, year = $3, source_name = $4, replaced_at = $5 WHERE id = $1",
                      YW_ARGS(plan_id, title, year, c->source_name, now), NULL, err) < 0)
        return -1;
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, a);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "title", title);
    yw_jw_kint(&w, "year", c->year);
    yw_jw_kstr(&w, "source", c->source_name);
    yw_jw_kint(&w, "measures", n);
    yw_jw_kint(&w, "kept", r->kept);
    yw_jw_kint(&w, "changed", r->changed);
    yw_jw_kint(&w, "added", r->added);
    yw_jw_kint(&w, "removed", r->removed);
    yw_jw_end(&w);
    if (b.failed) return yw_fail(err, YW_E_NOMEM, NULL);
    return yw_audit_append(op, "ledger.replace", "ledger_plan", plan_id, NULL, b.data);
}

/* The plan of that id, not withdrawn: PLAN_NOT_FOUND, PLAN_WITHDRAWN otherwise (on `field`). */
static int plan_open(yw_op *op, const char *id, const char *field) {
    yw_rows rows;
    /* the plan's row locked first: a withdrawal and a replacement at once on two servers are
     * taken in turn, and the second sees the first (core/transition.h) */
    if (yw_store_exec(op->store, "UPDATE ledger_plans SET withdrawn_at = withdrawn_at WHERE id = $1", YW_ARGS(id), NULL,
                      op->err) < 0 ||
        yw_store_query(op->store, op->arena, "SELECT withdrawn_at FROM ledger_plans WHERE id = $1", YW_ARGS(id), &rows,
                       op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_PLAN_NOT_FOUND, field, id);
    const char *withdrawn = yw_rows_get(&rows, 0, 0);
    if (withdrawn) return yw_fail(op->err, YW_E_PLAN_WITHDRAWN, field, withdrawn);
    return 0;
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
    if (in->replace) {
        if (report->documents > 1) return yw_fail(op->err, YW_E_PLAN_REPLACE_DOCUMENTS, "replace");
        if (plan_open(op, in->replace, "replace") < 0) return -1;
    } else {
        /* a plan imported again is recognised by its title among the plans not withdrawn */
        for (const yw_plan *d = in->plan; d; d = d->next) {
            const char *title = d->title ? d->title : in->source_name;
            yw_rows rows;
            if (yw_store_query(op->store, op->arena,
                               "SELECT id FROM ledger_plans WHERE title = $1 AND withdrawn_at IS NULL"
                               " ORDER BY imported_at, id LIMIT 1",
                               YW_ARGS(title), &rows, op->err) < 0)
                return -1;
            if (!rows.nrows) continue;
            if (!in->dry_run) return yw_fail(op->err, YW_E_PLAN_EXISTS, "replace", title, yw_rows_get(&rows, 0, 0));
            if (!report->existing_plan_id) report->existing_plan_id = yw_rows_get(&rows, 0, 0);
        }
    }
    if (match_all(&c, in->plan, op->err) < 0) return -1;
    if (in->replace) {
        if (replace_document(&c, in->plan, in->replace) < 0) return -1;
        report->replaced = true;
        if (in->dry_run) return 0;
        report->plan_ids[0] = in->replace;
        snprintf(report->plan_id, sizeof report->plan_id, "%s", in->replace);
        return 0;
    }
    if (in->dry_run) return 0;
    int k = 0;
    for (const yw_plan *d = in->plan; d; d = d->next, k++) {
        char *plan_id = yw_arena_alloc(op->arena, YW_ID_SIZE);
        if (!plan_id) return yw_fail(op->err, YW_E_NOMEM, NULL);
        if (import_document(&c, d, plan_id) < 0) return -1;
        report->plan_ids[k] = plan_id;
    }
    memcpy(report->plan_id, report->plan_ids[0], YW_ID_SIZE);
    report->added = report->measures;
    return 0;
}

int yw_ledger_withdraw(yw_op *op, const yw_plan_withdraw *in, yw_ledger_plan *out) {
    if (yw_op_require(op, YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN, "withdraw plans") < 0) return -1;
    yw_err *err = op->err;
    size_t n = in->reason ? strlen(in->reason) : 0;
    if (n == 0 || strspn(in->reason, " \t\r\n") == n)
        return yw_fail(err, YW_E_SUPERVISION_TEXT_REQUIRED, "reason", "撤回原因", "a reason");
    if (n > YW_LEDGER_REASON_MAX) return yw_fail(err, YW_E_FIELD_LENGTH, "reason", "reason", 1, YW_LEDGER_REASON_MAX);
    if (plan_open(op, in->plan_id, "id") < 0) return -1;
    char now[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    if (yw_store_exec(op->store,
                      "UPDATE ledger_plans SET withdrawn_at = $2, withdrawn_by = $3, withdraw_reason = $4 WHERE id = $1",
                      YW_ARGS(in->plan_id, now, op->actor->account_id, in->reason), NULL, err) < 0)
        return -1;
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, op->arena);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "state", "withdrawn");
    yw_jw_kstr(&w, "reason", in->reason);
    yw_jw_end(&w);
    if (b.failed) return yw_fail(err, YW_E_NOMEM, NULL);
    if (yw_audit_append(op, "ledger.withdraw", "ledger_plan", in->plan_id, "{\"state\":\"active\"}", b.data) < 0)
        return -1;
    return out ? yw_ledger_plan_get(op, in->plan_id, out) : 0;
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
    YW_COLUMN(YW_COL_TEXT, yw_ledger_plan, id),           YW_COLUMN(YW_COL_TEXT, yw_ledger_plan, title),
    YW_COLUMN(YW_COL_TEXT, yw_ledger_plan, source_name),  YW_COLUMN(YW_COL_TEXT, yw_ledger_plan, imported_at),
    YW_COLUMN(YW_COL_INT, yw_ledger_plan, year),          YW_COLUMN(YW_COL_INT, yw_ledger_plan, measures),
    YW_COLUMN(YW_COL_TEXT, yw_ledger_plan, replaced_at),  YW_COLUMN(YW_COL_TEXT, yw_ledger_plan, withdrawn_at),
    YW_COLUMN(YW_COL_TEXT, yw_ledger_plan, withdrawn_by), YW_COLUMN(YW_COL_TEXT, yw_ledger_plan, withdraw_reason),
    YW_COLUMN(YW_COL_INT, yw_ledger_plan, not_started),   YW_COLUMN(YW_COL_INT, yw_ledger_plan, in_progress),
    YW_COLUMN(YW_COL_INT, yw_ledger_plan, done),          YW_COLUMN(YW_COL_INT, yw_ledger_plan, cancelled),
};

/* The plans' columns, by plan_columns; $1 one plan's id or NULL for all */
#define PLAN_SELECT                                                                                              \
    "SELECT p.id, p.title, p.source_name, p.imported_at, p.year,"                                                \
    " (SELECT COUNT(*) FROM ledger_measures m WHERE m.plan_id = p.id), p.replaced_at, p.withdrawn_at,"           \
    " (SELECT a.name FROM accounts a WHERE a.id = p.withdrawn_by), p.withdraw_reason,"                            \
    " (SELECT COUNT(*) FROM ledger_measures m WHERE m.plan_id = p.id AND m.status = 'not_started'),"             \
    " (SELECT COUNT(*) FROM ledger_measures m WHERE m.plan_id = p.id AND m.status = 'in_progress'),"             \
    " (SELECT COUNT(*) FROM ledger_measures m WHERE m.plan_id = p.id AND m.status = 'done'),"                    \
    " (SELECT COUNT(*) FROM ledger_measures m WHERE m.plan_id = p.id AND m.status = 'cancelled')"                \
    " FROM ledger_plans p WHERE (CAST($1 AS TEXT) IS NULL OR p.id = CAST($1 AS TEXT))"

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
                       PLAN_SELECT " ORDER BY p.imported_at DESC, p.id DESC", YW_ARGS(NULL), &rows, err) < 0)
        return -1;
    yw_ledger_plan *p = yw_rows_fill_all(&rows, plan_columns, (int)(sizeof plan_columns / sizeof plan_columns[0]),
                                         sizeof *p, a);
    if (!p) return yw_fail(err, YW_E_NOMEM, NULL);
    *out = p;
    *count = rows.nrows;
    return 0;
}

int yw_ledger_plan_get(yw_op *op, const char *id, yw_ledger_plan *out) {
    if (yw_op_require(op, YW_ROLE_STAFF, "read the ledger") < 0) return -1;
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, PLAN_SELECT, YW_ARGS(id), &rows, op->err) < 0) return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_PLAN_NOT_FOUND, "id", id);
    memset(out, 0, sizeof *out);
    yw_rows_fill(&rows, 0, plan_columns, (int)(sizeof plan_columns / sizeof plan_columns[0]), out);
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
                       " FROM ledger_measure_units u JOIN ledger_measures m ON m.id = u.measure_id"
                       " JOIN ledger_plans p ON p.id = m.plan_id AND p.withdrawn_at IS NULL"
                       " LEFT JOIN departments d ON d.id = u.department_id"
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
