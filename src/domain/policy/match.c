/* Matching: the record a rule sees, the active policies compiled once per run, a batch of
 * entities against them (grants for auto policies, eligibility rows for apply ones), one
 * entity, the whole registry through a cursor, and the enterprise's own view with the
 * explanation of each benefit. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/cache.h"
#include "../../base/json_writer.h"
#include "../core/audit.h"
#include "internal.h"

/* The registry's columns a record needs, and where they go (internal.h: preview.c scans with them too). */
const yw_column match_entity_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_entity, uscc),
    YW_COLUMN(YW_COL_TEXT, yw_entity, name),
    YW_COLUMN_ENUM(yw_entity, kind, yw_entity_kinds),
    YW_COLUMN(YW_COL_TEXT, yw_entity, industry),
    YW_COLUMN(YW_COL_TEXT, yw_entity, region),
    YW_COLUMN(YW_COL_TEXT, yw_entity, established_on),
    YW_COLUMN_ENUM(yw_entity, scale, yw_entity_scales),
    YW_COLUMN(YW_COL_INT, yw_entity, employees),
    YW_COLUMN(YW_COL_INT64, yw_entity, capital_fen),
    YW_COLUMN(YW_COL_INT64, yw_entity, revenue_fen),
    YW_COLUMN(YW_COL_INT, yw_entity, rd_ratio_bp),
    YW_COLUMN(YW_COL_INT64, yw_entity, labels),
    YW_COLUMN_ENUM(yw_entity, credit, yw_entity_credits),
    YW_COLUMN_ENUM(yw_entity, status, yw_entity_statuses),
};
_Static_assert(sizeof match_entity_columns / sizeof match_entity_columns[0] == MATCH_ENTITY_NCOLUMNS,
               "MATCH_ENTITY_NCOLUMNS counts the columns");

int policy_entity_load(yw_op *op, const char *uscc, yw_entity *out) {
    yw_rows rows;
    if (yw_store_run(op->store, op->arena, MATCH_ENTITY_SELECT " WHERE uscc = $1", YW_PARAMS(YW_TEXT_P(uscc)), &rows,
                     NULL, op->err) < 0)
        return -1;
    if (!rows.nrows) return 0;
    yw_rows_fill(&rows, 0, match_entity_columns, MATCH_ENTITY_NCOLUMNS, out);
    return 1;
}

/* A value as compact JSON text in arena memory ("?" when out of memory). */
static const char *value_text(yw_arena *a, const yw_rule_value *v) {
    json_t *j = yw_rule_value_json(v);
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    json_decref(j);
    const char *out = s ? yw_arena_strdup(a, s) : NULL;
    free(s);
    return out ? out : "?";
}

/* The first comparison that failed, as "employees: 12 >= 20" would read: its operands around
 * its operator. */
static const char *first_failure(yw_arena *a, const yw_rule_step *steps, int n) {
    for (int i = 0; i < n; i++) {
        /* a condition that raised an error (a throw, NaN) did not compare: no operands to show */
        if (yw_rule_truthy(&steps[i].value) || !steps[i].args || steps[i].error) continue;
        yw_buf b;
        yw_buf_init(&b, a);
        for (size_t k = 0; k < steps[i].nargs; k++) {
            if (k) yw_buf_printf(&b, " %s ", steps[i].op);
            yw_buf_puts(&b, value_text(a, &steps[i].args[k]));
        }
        if (steps[i].nargs < 2) yw_buf_printf(&b, " (%s)", steps[i].op);
        yw_buf_printf(&b, " @%s", steps[i].pointer[0] ? steps[i].pointer : "/");
        return b.failed ? "?" : b.data;
    }
    return "";
}

int policy_evaluate(yw_op *op, const yw_policy *p, const yw_entity *e, int64_t *fen, const char **why) {
    *fen = 0;
    *why = "";
    const yw_rule *eligibility, *amount;
    if (yw_rule_compile(op->arena, p->eligibility, strlen(p->eligibility), &eligibility, op->err) < 0 ||
        yw_rule_compile(op->arena, p->amount, strlen(p->amount), &amount, op->err) < 0)
        return -1;
    json_t *record = yw_entity_record(e, yw_op_today(op));
    if (!record) return yw_fail(op->err, YW_E_NOMEM, NULL);
    yw_rule_value v;
    int rc = yw_rule_eval(eligibility, record, op->arena, &v, op->err);
    if (rc == 0 && !yw_rule_truthy(&v)) {
        yw_rule_step *steps;
        int n;
        rc = yw_rule_explain(eligibility, record, op->arena, &steps, &n, op->err);
        if (rc == 0) *why = first_failure(op->arena, steps, n);
        json_decref(record);
        return rc < 0 ? -1 : 0;
    }
    if (rc == 0) rc = yw_rule_eval(amount, record, op->arena, &v, op->err);
    json_decref(record);
    if (rc < 0) return -1;
    if (policy_amount(p, &v, fen) < 0) return yw_fail(op->err, YW_E_POLICY_AMOUNT_RESULT, "amount", value_text(op->arena, &v));
    return 1;
}

/* ---- the matcher ---- */

typedef struct {
    yw_policy policy;
    const yw_rule *eligibility, *amount;
    const char *period;
} compiled_policy;

struct yw_policy_matcher {
    compiled_policy *policies;
    int n;
    int64_t today;
    char stamp[YW_TIMESTAMP_SIZE]; /* matched_at of the rows this matcher writes */
};

int yw_policy_matcher_count(const yw_policy_matcher *m) { return m->n; }

/* The active policies of today, compiled (a rule that no longer compiles was saved by an older
 * engine: it is named, and matching stops rather than skip it silently). */
/* A rule compiled once per process for its text (base/cache.h): compiling is a pure function of
 * the text, and a compiled rule is only read, so every thread shares it. A change of a policy
 * is a new text, compiled when first met. Each entity write used to compile every rule. */
static yw_cache rule_cache = YW_CACHE_INIT(4096, 64u << 20);

static int compile_rule(yw_arena *a, void *ctx, const void **out, yw_err *err) {
    const char *text = ctx;
    const yw_rule *r;
    if (yw_rule_compile(a, text, strlen(text), &r, err) < 0) return -1;
    *out = r;
    return 0;
}

static int compile_cached(yw_arena *a, const char *text, const yw_rule **out, yw_err *err) {
    const void *r;
    if (yw_cache_get(&rule_cache, text, compile_rule, (void *)text, a, &r, NULL, err) < 0) return -1;
    *out = r;
    return 0;
}

static int matcher_load(yw_op *op, yw_policy_matcher **out) {
    *out = NULL;
    if (yw_entity_labels_sync(op) < 0) return -1; /* the records carry the labels as the city defines them */
    yw_policy_matcher *m = yw_arena_calloc(op->arena, 1, sizeof *m);
    if (!m) return yw_fail(op->err, YW_E_NOMEM, NULL);
    m->today = yw_op_today(op);
    yw_op_timestamp(op, m->stamp);
    char day[YW_DATE_SIZE];
    yw_date_format(m->today, day);
    yw_rows rows;
    if (yw_store_run(op->store, op->arena,
                     POLICY_SELECT " WHERE p.status = 'active' AND p.valid_from <= $1 AND p.valid_to >= $1"
                                   " ORDER BY p.code",
                     YW_PARAMS(YW_TEXT_P(day)), &rows, NULL, op->err) < 0)
        return -1;
    m->policies = yw_arena_calloc(op->arena, (size_t)rows.nrows + 1, sizeof *m->policies);
    if (!m->policies) return yw_fail(op->err, YW_E_NOMEM, NULL);
    for (int i = 0; i < rows.nrows; i++) {
        compiled_policy *cp = &m->policies[i];
        yw_rows_fill(&rows, i, policy_columns, POLICY_NCOLUMNS, &cp->policy);
        yw_err rule_err;
        if (compile_cached(op->arena, cp->policy.eligibility, &cp->eligibility, &rule_err) < 0 ||
            compile_cached(op->arena, cp->policy.amount, &cp->amount, &rule_err) < 0) {
            *op->err = rule_err;
            snprintf(op->err->field, sizeof op->err->field, "%.40s", cp->policy.code);
            return -1;
        }
        if (!(cp->period = policy_period(op->arena, &cp->policy, m->today))) return yw_fail(op->err, YW_E_NOMEM, NULL);
    }
    m->n = rows.nrows;
    *out = m;
    return 0;
}

int yw_policy_matcher_load(yw_op *op, yw_policy_matcher **out) {
    *out = NULL;
    if (yw_op_require(op, YW_ROLE_STAFF, "run policy matching") < 0) return -1;
    return matcher_load(op, out);
}

/* ---- a batch ---- */

/* What one policy gives one record: 1 eligible with *fen, 0 not, -1 when a rule fails at run
 * time or the amount is no number (counted, not an error of the run). scratch is the caller's. */
static int evaluate(const compiled_policy *cp, const json_t *record, yw_arena *scratch, int64_t *fen) {
    yw_rule_value v;
    yw_err err;
    if (yw_rule_eval(cp->eligibility, record, scratch, &v, &err) < 0) return -1;
    if (!yw_rule_truthy(&v)) return 0;
    if (yw_rule_eval(cp->amount, record, scratch, &v, &err) < 0 || policy_amount(&cp->policy, &v, fen) < 0) return -1;
    return 1;
}

/* Matches are written several rows to a statement (one round trip for many on PostgreSQL):
 * they wait here until a statement's worth is there, or the batch ends. */
#define GRANT_ROW_PARAMS 6    /* id, policy, uscc, period, amount, group; the time is shared */
#define ELIGIBLE_ROW_PARAMS 4 /* policy, uscc, period, amount; the time is shared */
#define GRANT_ROWS_PER_INSERT ((YW_MAX_PARAMS - 1) / GRANT_ROW_PARAMS)
#define ELIGIBLE_ROWS_PER_INSERT ((YW_MAX_PARAMS - 1) / ELIGIBLE_ROW_PARAMS)
typedef struct {
    yw_param grants[GRANT_ROWS_PER_INSERT * GRANT_ROW_PARAMS + 1];
    char grant_ids[GRANT_ROWS_PER_INSERT][YW_ID_SIZE];
    int ngrants;
    yw_param eligible[ELIGIBLE_ROWS_PER_INSERT * ELIGIBLE_ROW_PARAMS + 1];
    int neligible;
} pending_writes;

/* "INSERT … VALUES (row 1), (row 2) … tail" for rows of `per_row` parameters in `shape` (the
 * row's text with %d for its first parameter's number, then the shared time's), arena memory. */
static const char *multi_row_sql(yw_arena *a, const char *head, const char *shape, int rows, int per_row,
                                 const char *tail) {
    yw_buf b;
    yw_buf_init(&b, a);
    yw_buf_puts(&b, head);
    int shared = rows * per_row + 1;
    for (int i = 0; i < rows; i++) {
        if (i) yw_buf_puts(&b, ", ");
        int first = i * per_row + 1;
        if (per_row == GRANT_ROW_PARAMS)
            yw_buf_printf(&b, shape, first, first + 1, first + 2, first + 3, first + 4, first + 5, shared, shared);
        else
            yw_buf_printf(&b, shape, first, first + 1, first + 2, first + 3, shared);
    }
    yw_buf_puts(&b, tail);
    return b.failed ? NULL : b.data;
}

static int flush_grants(yw_op *op, const yw_policy_matcher *m, pending_writes *w, yw_match_report *r) {
    if (!w->ngrants) return 0;
    const char *sql = multi_row_sql(op->arena,
                                    "INSERT INTO grants (id, policy_code, uscc, period, amount_fen, exclusive_group,"
                                    " created_at, updated_at, state) VALUES ",
                                    "($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, 'pending')", w->ngrants,
                                    GRANT_ROW_PARAMS, " ON CONFLICT (policy_code, uscc, period) DO NOTHING");
    if (!sql) return yw_fail(op->err, YW_E_NOMEM, NULL);
    int nparams = w->ngrants * GRANT_ROW_PARAMS + 1;
    w->grants[nparams - 1] = YW_TEXT_P(m->stamp);
    int64_t created = 0;
    if (yw_store_run(op->store, op->arena, sql, nparams, w->grants, NULL, &created, op->err) < 0) return -1;
    r->grants_created += created;
    w->ngrants = 0;
    return 0;
}

static int flush_eligible(yw_op *op, const yw_policy_matcher *m, pending_writes *w) {
    if (!w->neligible) return 0;
    const char *sql = multi_row_sql(op->arena,
                                    "INSERT INTO policy_eligibility (policy_code, uscc, period, amount_fen, matched_at)"
                                    " VALUES ",
                                    "($%d, $%d, $%d, $%d, $%d)", w->neligible, ELIGIBLE_ROW_PARAMS,
                                    " ON CONFLICT (policy_code, uscc, period) DO UPDATE"
                                    " SET amount_fen = excluded.amount_fen, matched_at = excluded.matched_at");
    if (!sql) return yw_fail(op->err, YW_E_NOMEM, NULL);
    int nparams = w->neligible * ELIGIBLE_ROW_PARAMS + 1;
    w->eligible[nparams - 1] = YW_TEXT_P(m->stamp);
    if (yw_store_run(op->store, op->arena, sql, nparams, w->eligible, NULL, NULL, op->err) < 0) return -1;
    w->neligible = 0;
    return 0;
}

/* Queues the match of entity uscc (whose text lives until the batch is written) with policy cp. */
static int record_match(yw_op *op, const yw_policy_matcher *m, const compiled_policy *cp, const char *uscc,
                        int64_t fen, pending_writes *w, yw_match_report *r) {
    const yw_policy *p = &cp->policy;
    if (p->mode == YW_POLICY_APPLY) {
        r->eligible++;
        yw_param *row = &w->eligible[w->neligible * ELIGIBLE_ROW_PARAMS];
        row[0] = YW_TEXT_P(p->code);
        row[1] = YW_TEXT_P(uscc);
        row[2] = YW_TEXT_P(cp->period);
        row[3] = YW_INT_P(fen);
        return ++w->neligible == ELIGIBLE_ROWS_PER_INSERT ? flush_eligible(op, m, w) : 0;
    }
    if (fen <= 0) return 0; /* eligible for nothing: no grant to approve */
    char *id = w->grant_ids[w->ngrants];
    yw_ulid_new(id);
    yw_param *row = &w->grants[w->ngrants * GRANT_ROW_PARAMS];
    row[0] = YW_TEXT_P(id);
    row[1] = YW_TEXT_P(p->code);
    row[2] = YW_TEXT_P(uscc);
    row[3] = YW_TEXT_P(cp->period);
    row[4] = YW_INT_P(fen);
    row[5] = YW_TEXT_P(p->exclusive_group && *p->exclusive_group ? p->exclusive_group : NULL);
    return ++w->ngrants == GRANT_ROWS_PER_INSERT ? flush_grants(op, m, w, r) : 0;
}

/* The end of a batch of entities first … last: one audit entry when it created anything, its
 * counts added to the run's. */
static int match_account(yw_op *op, const yw_policy_matcher *m, const char *first, const char *last,
                         const yw_match_report *batch, yw_match_report *r) {
    if (batch->grants_created || batch->eligible) {
        yw_buf b;
        yw_jw w;
        yw_jw_begin(&w, &b, op->arena);
        yw_jw_obj(&w);
        yw_jw_kint(&w, "entities", batch->entities);
        yw_jw_kstr(&w, "first", first);
        yw_jw_kstr(&w, "last", last);
        yw_jw_kint(&w, "policies", m->n);
        yw_jw_kint(&w, "matches", batch->matches);
        yw_jw_kint(&w, "grants_created", batch->grants_created);
        yw_jw_kint(&w, "eligible", batch->eligible);
        yw_jw_end(&w);
        if (b.failed) return yw_fail(op->err, YW_E_NOMEM, NULL);
        if (yw_audit_append(op, "policy.match", "entity", first, NULL, b.data) < 0) return -1;
    }
    r->entities += batch->entities;
    r->policies = m->n;
    r->matches += batch->matches;
    r->grants_created += batch->grants_created;
    r->eligible += batch->eligible;
    r->rule_errors += batch->rule_errors;
    return 0;
}

/* Matching as columns, for one entity as for the whole registry: the entities' records in a
 * yw_entity_table, every policy's eligibility evaluated over all of them at once
 * (rules/batch.c), then the matches of rows [from, to) written in the caller's transaction,
 * each match's amount computed on its row's record. */
typedef struct {
    const yw_policy_matcher *m;
    const yw_rule_table *t;
    const yw_rule_batch *b;
    const char (*uscc)[YW_ENTITY_USCC_SIZE]; /* per row */
    size_t from, to;                  /* the chunk's rows */
    const yw_entity *rows;            /* or entities past the table's capacity, matched one by one */
    int n;
    yw_match_report *r;
} run_ctx;

static int match_chunk(yw_op *op, run_ctx *c) {
    const yw_policy_matcher *m = c->m;
    yw_match_report chunk = {0};
    _Alignas(16) unsigned char scratch_mem[16384];
    yw_arena scratch;
    yw_arena_init_buffer(&scratch, scratch_mem, sizeof scratch_mem);
    pending_writes *writes = yw_arena_alloc(op->arena, sizeof *writes);
    if (!writes) return yw_fail(op->err, YW_E_NOMEM, NULL);
    writes->ngrants = writes->neligible = 0;
    int rc = 0;
    for (size_t row = c->from; row < c->to && rc == 0; row++) {
        json_t *record = NULL; /* made for the row's first match */
        for (int k = 0; k < m->n && rc == 0; k++) {
            if (!(yw_rule_batch_matches(c->b, k)[row / 64] >> (row % 64) & 1)) continue;
            if (!record && !(record = yw_rule_table_record(c->t, row))) {
                rc = yw_fail(op->err, YW_E_NOMEM, NULL);
                break;
            }
            const compiled_policy *cp = &m->policies[k];
            yw_rule_value v;
            yw_err ignored;
            int64_t fen;
            if (yw_rule_eval(cp->amount, record, &scratch, &v, &ignored) < 0 || policy_amount(&cp->policy, &v, &fen) < 0) {
                chunk.rule_errors++;
                continue;
            }
            chunk.matches++;
            rc = record_match(op, m, cp, c->uscc[row], fen, writes, &chunk);
        }
        json_decref(record);
        yw_arena_reset(&scratch);
    }
    yw_arena_reset(&scratch);
    if (rc < 0 || flush_grants(op, m, writes, &chunk) < 0 || flush_eligible(op, m, writes) < 0) return -1;
    chunk.entities = (int64_t)(c->to - c->from);
    return match_account(op, m, c->uscc[c->from], c->uscc[c->to - 1], &chunk, c->r);
}

/* The table for m's rules (the members both rules of every policy read: the amount is computed
 * on the record too), for up to capacity entities, in op->arena. */
static int matcher_table(yw_op *op, const yw_policy_matcher *m, size_t capacity, yw_entity_table **pt) {
    const yw_rule **rules = yw_arena_calloc(op->arena, 2 * (size_t)m->n + 1, sizeof *rules);
    if (!rules) return yw_fail(op->err, YW_E_NOMEM, NULL);
    for (int k = 0; k < m->n; k++) rules[2 * k] = m->policies[k].eligibility, rules[2 * k + 1] = m->policies[k].amount;
    return yw_entity_table_new(op->arena, rules, 2 * m->n, capacity, m->today, pt, op->err);
}

/* Every policy's eligibility over the table on `threads` threads, in op->arena; evaluations that
 * failed past their limits (taken as not eligible) are added to r->rule_errors. */
static int matcher_run(yw_op *op, const yw_policy_matcher *m, const yw_entity_table *pt, int threads,
                       yw_rule_batch **b, yw_match_report *r) {
    const yw_rule **rules = yw_arena_calloc(op->arena, (size_t)m->n + 1, sizeof *rules);
    if (!rules) return yw_fail(op->err, YW_E_NOMEM, NULL);
    for (int k = 0; k < m->n; k++) rules[k] = m->policies[k].eligibility;
    if (yw_rule_batch_new(op->arena, yw_entity_table_rules(pt), rules, m->n, b, op->err) < 0 ||
        yw_rule_batch_run(*b, threads, op->err) < 0)
        return -1;
    r->rule_errors += yw_rule_batch_figures(*b).failures;
    return 0;
}

/* A few entities (one that changed, a batch of an import): as columns, on this thread. */
static int match_rows(yw_op *op, const yw_policy_matcher *m, const yw_entity *rows, int n, yw_match_report *r) {
    if (n <= 0) return 0;
    yw_entity_table *pt;
    char(*uscc)[YW_ENTITY_USCC_SIZE] = yw_arena_alloc(op->arena, (size_t)n * sizeof *uscc);
    if (!uscc) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (matcher_table(op, m, (size_t)n, &pt) < 0) return -1;
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        snprintf(uscc[i], YW_ENTITY_USCC_SIZE, "%s", rows[i].uscc);
        rc = yw_entity_table_add(pt, &rows[i], op->err);
    }
    yw_rule_batch *b;
    if (rc == 0) rc = matcher_run(op, m, pt, 1, &b, r);
    if (rc == 0) {
        run_ctx c = {.m = m, .t = yw_entity_table_rules(pt), .b = b,
                     .uscc = (const char(*)[YW_ENTITY_USCC_SIZE])uscc, .from = 0, .to = (size_t)n, .r = r};
        rc = match_chunk(op, &c);
    }
    yw_entity_table_release(pt);
    return rc;
}

int yw_policy_match_batch(yw_op *op, const yw_policy_matcher *m, const yw_entity *rows, int n, yw_match_report *r) {
    if (yw_op_require(op, YW_ROLE_STAFF, "run policy matching") < 0) return -1;
    if (n <= 0) return 0;
    return match_rows(op, m, rows, n, r);
}

/* The record of uscc as matching reads it, if it is live (not being wound up, nor gone): 1
 * with *e, 0 not live or not there, -1 when the store fails. */
static int load_live(yw_op *op, const char *uscc, yw_entity *e) {
    yw_rows rows;
    if (yw_store_run(op->store, op->arena, MATCH_ENTITY_SELECT " WHERE uscc = $1 AND" MATCH_ENTITY_LIVE,
                     YW_PARAMS(YW_TEXT_P(uscc)), &rows, NULL, op->err) < 0)
        return -1;
    if (!rows.nrows) return 0;
    yw_rows_fill(&rows, 0, match_entity_columns, MATCH_ENTITY_NCOLUMNS, e);
    return 1;
}

/* After m matched uscc: its eligibility rows m did not renew are removed — all of them when it
 * is not live, also those written this very millisecond. */
static int drop_stale(yw_op *op, const yw_policy_matcher *m, const char *uscc, bool live, yw_match_report *r) {
    int64_t removed = 0;
    int rc = live ? yw_store_run(op->store, op->arena,
                                 "DELETE FROM policy_eligibility WHERE uscc = $1 AND matched_at <> $2",
                                 YW_PARAMS(YW_TEXT_P(uscc), YW_TEXT_P(m->stamp)), NULL, &removed, op->err)
                  : yw_store_run(op->store, op->arena, "DELETE FROM policy_eligibility WHERE uscc = $1",
                                 YW_PARAMS(YW_TEXT_P(uscc)), NULL, &removed, op->err);
    r->stale_removed += removed;
    return rc;
}

/* One entity against m: as a batch of one, then its eligibility rows of policies it no longer
 * meets removed and its new benefits told. */
static int match_one(yw_op *op, const yw_policy_matcher *m, const char *uscc, yw_match_report *r) {
    yw_entity e;
    int live = load_live(op, uscc, &e);
    if (live < 0 || (live && match_rows(op, m, &e, 1, r) < 0) || drop_stale(op, m, uscc, live, r) < 0 ||
        message_benefits(op, m->stamp, uscc, &r->messages) < 0)
        return -1;
    return 0;
}

int yw_policy_match_entity(yw_op *op, const char *uscc, yw_match_report *r) {
    if (yw_op_require(op, YW_ROLE_STAFF, "run policy matching") < 0) return -1;
    yw_policy_matcher *m;
    if (matcher_load(op, &m) < 0) return -1;
    return match_one(op, m, uscc, r);
}

/* ---- on a change of the registry ---- */

/* The registry's watcher (entity.h): the entities a write changed, matched in its transaction.
 * The writer's permission was checked by the registry (a regulator, an admin, the system). One
 * entity as yw_policy_match_entity; the rows of a bulk load as one batch — its grants and
 * eligibility rows written several to a statement, its messages sent by one set-based pass —
 * so that an import stays fast. */
/* Set once at the start of the process (yw_policy_watch_registry), read by every write after. */
static bool watching;

int yw_policy_on_entities_changed(yw_op *op, yw_event *ev) {
    const char *const *uscc = ev->ids;
    int n = ev->nids;
    if (!watching || n <= 0) return 0;
    yw_policy_matcher *m;
    if (matcher_load(op, &m) < 0) return -1;
    yw_match_report r = {0};
    if (n == 1) return match_one(op, m, uscc[0], &r);
    yw_entity *rows = yw_arena_calloc(op->arena, (size_t)n, sizeof *rows);
    bool *live = yw_arena_calloc(op->arena, (size_t)n, sizeof *live);
    if (!rows || !live) return yw_fail(op->err, YW_E_NOMEM, NULL);
    int nlive = 0;
    for (int i = 0; i < n; i++) {
        int found = load_live(op, uscc[i], &rows[nlive]);
        if (found < 0) return -1;
        live[i] = found;
        nlive += found;
    }
    if (nlive && match_rows(op, m, rows, nlive, &r) < 0) return -1;
    for (int i = 0; i < n; i++)
        if (drop_stale(op, m, uscc[i], live[i], &r) < 0) return -1;
    return message_benefits(op, m->stamp, NULL, &r.messages);
}

void yw_policy_watch_registry(bool on) { watching = on; }

/* ---- the whole registry ---- */

static int match_chunk_tx(yw_op *op, void *vctx) {
    run_ctx *c = vctx;
    yw_match_report before = *c->r; /* a retried transaction starts again from the counts before it */
    int rc = c->rows ? match_rows(op, c->m, c->rows, c->n, c->r) : match_chunk(op, c);
    if (rc < 0) *c->r = before;
    return rc;
}

/* The end of a run: what it did not renew goes, what it found is told (站内信). */
static int finish_run_tx(yw_op *op, void *vctx) {
    run_ctx *c = vctx;
    int64_t removed = 0, sent = 0;
    if (yw_store_run(op->store, op->arena, "DELETE FROM policy_eligibility WHERE matched_at < $1",
                     YW_PARAMS(YW_TEXT_P(c->m->stamp)), NULL, &removed, op->err) < 0 ||
        message_benefits(op, c->m->stamp, NULL, &sent) < 0)
        return -1;
    c->r->stale_removed = removed;
    c->r->messages = sent;
    return 0;
}

/* Reads the live registry into pt (and each row's USCC into uscc); entities past the
 * capacity (registered since the count) are matched by the old way, batch by batch. */
static int registry_load(yw_store *reader, yw_op *op, yw_op *batch_op, const yw_policy_matcher *m, yw_entity_table *pt,
                         char (*uscc)[YW_ENTITY_USCC_SIZE], size_t capacity, size_t *loaded, yw_match_report *r) {
    yw_cursor *cursor;
    if (yw_cursor_open(reader, MATCH_ENTITY_SELECT " WHERE" MATCH_ENTITY_LIVE " ORDER BY uscc", 0, NULL, &cursor,
                       op->err) < 0)
        return -1;
    int rc = 0;
    *loaded = 0;
    for (;;) {
        yw_rows rows;
        if ((rc = yw_cursor_next(cursor, batch_op->arena, YW_MATCH_BATCH_ROWS, &rows, op->err)) < 0 || !rows.nrows)
            break;
        yw_entity *entities =
            yw_rows_fill_all(&rows, match_entity_columns, MATCH_ENTITY_NCOLUMNS, sizeof *entities, batch_op->arena);
        if (!entities) {
            rc = yw_fail(op->err, YW_E_NOMEM, NULL);
            break;
        }
        int i = 0;
        for (; i < rows.nrows && *loaded < capacity && rc == 0; i++) {
            snprintf(uscc[*loaded], YW_ENTITY_USCC_SIZE, "%s", entities[i].uscc);
            if ((rc = yw_entity_table_add(pt, &entities[i], op->err)) == 0) (*loaded)++;
        }
        if (rc == 0 && i < rows.nrows) { /* past the capacity */
            run_ctx c = {.m = m, .rows = entities + i, .n = rows.nrows - i, .r = r};
            rc = yw_op_write(batch_op, match_chunk_tx, &c);
        }
        yw_arena_reset(batch_op->arena);
        if (rc < 0) break;
    }
    yw_cursor_close(cursor);
    return rc;
}
int yw_policy_match_registry(yw_store *reader, yw_op *op, yw_match_progress progress, void *arg,
                             yw_match_report *r) {
    *r = (yw_match_report){0};
    if (yw_op_require(op, YW_ROLE_OFFICER | YW_ROLE_ADMIN, "run policy matching over the registry") < 0) return -1;
    yw_policy_matcher *m;
    if (matcher_load(op, &m) < 0) return -1; /* in op->arena: it lives for the whole run */
    r->policies = m->n;
    yw_rows count;
    if (yw_store_run(reader, op->arena, "SELECT count(*) FROM entities WHERE" MATCH_ENTITY_LIVE, 0, NULL, &count,
                     NULL, op->err) < 0)
        return -1;
    size_t capacity = count.nrows ? (size_t)strtoull(yw_rows_get(&count, 0, 0), NULL, 10) : 0;
    char(*uscc)[YW_ENTITY_USCC_SIZE] = yw_arena_alloc(op->arena, (capacity + 1) * sizeof *uscc);
    if (!uscc) return yw_fail(op->err, YW_E_NOMEM, NULL);
    yw_entity_table *pt;
    if (matcher_table(op, m, capacity, &pt) < 0) return -1;
    yw_arena batch_arena;
    yw_arena_init(&batch_arena);
    yw_op batch_op = *op;
    batch_op.arena = &batch_arena;
    size_t loaded = 0;
    int rc = registry_load(reader, op, &batch_op, m, pt, uscc, capacity, &loaded, r);
    yw_rule_batch *b = NULL;
    if (rc == 0 && m->n) rc = matcher_run(op, m, pt, 0, &b, r); /* every core */
    for (size_t from = 0; rc == 0 && from < loaded; from += YW_MATCH_BATCH_ROWS) {
        size_t to = from + YW_MATCH_BATCH_ROWS < loaded ? from + YW_MATCH_BATCH_ROWS : loaded;
        run_ctx c = {.m = m, .t = yw_entity_table_rules(pt), .b = b, .uscc = (const char(*)[YW_ENTITY_USCC_SIZE])uscc,
                     .from = from, .to = to, .r = r};
        if (m->n) rc = yw_op_write(&batch_op, match_chunk_tx, &c);
        else r->entities += (int64_t)(to - from);
        yw_arena_reset(&batch_arena);
        if (rc == 0 && progress) progress(r, arg);
    }
    if (rc == 0) {
        run_ctx c = {.m = m, .r = r};
        rc = yw_op_write(&batch_op, finish_run_tx, &c);
    }
    yw_arena_reset(&batch_arena);
    yw_entity_table_release(pt);
    return rc;
}

/* ---- the enterprise's view ---- */

/* The explanation of rule for record into b, its values turned into text while the record lives. */
static int explain(yw_op *op, const yw_rule *rule, const json_t *record, yw_benefit *b) {
    yw_rule_step *steps;
    int n;
    if (yw_rule_explain(rule, record, op->arena, &steps, &n, op->err) < 0) return -1;
    b->steps = yw_arena_calloc(op->arena, (size_t)n + 1, sizeof *b->steps);
    if (!b->steps) return yw_fail(op->err, YW_E_NOMEM, NULL);
    for (int i = 0; i < n; i++) {
        yw_benefit_step *to = &b->steps[i];
        *to = (yw_benefit_step){steps[i].pointer, steps[i].op, steps[i].depth, value_text(op->arena, &steps[i].value),
                                NULL, steps[i].nargs};
        if (!steps[i].args || steps[i].error) continue; /* raised an error: it compared nothing */
        const char **args = yw_arena_calloc(op->arena, steps[i].nargs + 1, sizeof *args);
        if (!args) return yw_fail(op->err, YW_E_NOMEM, NULL);
        for (size_t k = 0; k < steps[i].nargs; k++) args[k] = value_text(op->arena, &steps[i].args[k]);
        to->args = args;
    }
    b->nsteps = n;
    return 0;
}

int yw_policy_benefits(yw_op *op, yw_benefits *out) {
    *out = (yw_benefits){0};
    if (yw_op_require(op, YW_ROLE_APPLICANT, "see benefits") < 0) return -1;
    if (!op->actor->kind || strcmp(op->actor->kind, "enterprise") != 0 || !op->actor->login)
        return yw_fail(op->err, YW_E_BENEFITS_ENTERPRISE, NULL);
    const char *uscc = op->actor->login;
    yw_rows rows;
    if (yw_store_run(op->store, op->arena, MATCH_ENTITY_SELECT " WHERE uscc = $1", YW_PARAMS(YW_TEXT_P(uscc)), &rows,
                     NULL, op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_ENTITY_NOT_FOUND, NULL, uscc);
    yw_rows_fill(&rows, 0, match_entity_columns, MATCH_ENTITY_NCOLUMNS, &out->entity);
    if (grant_list_of(op, uscc, &out->grants, &out->ngrants) < 0) return -1;
    yw_policy_matcher *m;
    if (matcher_load(op, &m) < 0) return -1;
    out->eligible = yw_arena_calloc(op->arena, (size_t)m->n + 1, sizeof *out->eligible);
    out->unmet = yw_arena_calloc(op->arena, (size_t)m->n + 1, sizeof *out->unmet);
    if (!out->eligible || !out->unmet) return yw_fail(op->err, YW_E_NOMEM, NULL);
    bool live = out->entity.status != YW_ENTITY_DEREGISTERING && out->entity.status != YW_ENTITY_DEREGISTERED;
    json_t *record = yw_entity_record(&out->entity, m->today);
    if (!record) return yw_fail(op->err, YW_E_NOMEM, NULL);
    int rc = 0;
    for (int k = 0; k < m->n && live && rc == 0; k++) {
        const compiled_policy *cp = &m->policies[k];
        int64_t fen;
        int met = evaluate(cp, record, op->arena, &fen);
        if (met < 0) continue; /* the rule cannot run on this record: neither met nor explained */
        yw_benefit *b = met ? &out->eligible[out->neligible++] : &out->unmet[out->nunmet++];
        if (!met) fen = 0;
        b->policy = cp->policy;
        b->amount_fen = fen;
        b->period = cp->period;
        for (int g = 0; g < out->ngrants; g++)
            if (strcmp(out->grants[g].policy_code, cp->policy.code) == 0 && strcmp(out->grants[g].period, cp->period) == 0)
                b->grant = &out->grants[g];
        rc = explain(op, cp->eligibility, record, b);
    }
    json_decref(record);
    return rc;
}
