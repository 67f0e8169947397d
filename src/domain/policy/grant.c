/* Grants: approval within the budget and the exclusivity group, rejection, payment, the
 * enterprise's application, reads and the payment file. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/csv.h"
#include "../../base/json_writer.h"
#include "../../std/uscc.h"
#include "../core/audit.h"
#include "internal.h"

#define GRANT_SELECT                                                                                          \
    "SELECT g.id, g.policy_code, p.title, g.uscc, e.name, g.period, g.amount_fen, g.state, g.reason,"         \
    " g.created_at, g.decided_at, g.decided_by, g.paid_at, g.updated_at, g.voucher, e.bank_name,"              \
    " e.bank_account FROM grants g"                                                                           \
    " JOIN policies p ON p.code = g.policy_code JOIN entities e ON e.uscc = g.uscc"
static const yw_column grant_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_grant, id),           YW_COLUMN(YW_COL_TEXT, yw_grant, policy_code),
    YW_COLUMN(YW_COL_TEXT, yw_grant, policy_title), YW_COLUMN(YW_COL_TEXT, yw_grant, uscc),
    YW_COLUMN(YW_COL_TEXT, yw_grant, entity_name),  YW_COLUMN(YW_COL_TEXT, yw_grant, period),
    YW_COLUMN(YW_COL_INT64, yw_grant, amount_fen),  YW_COLUMN_ENUM(yw_grant, state, yw_grant_states),
    YW_COLUMN(YW_COL_TEXT, yw_grant, reason),       YW_COLUMN(YW_COL_TEXT, yw_grant, created_at),
    YW_COLUMN(YW_COL_TEXT, yw_grant, decided_at),   YW_COLUMN(YW_COL_TEXT, yw_grant, decided_by),
    YW_COLUMN(YW_COL_TEXT, yw_grant, paid_at),      YW_COLUMN(YW_COL_TEXT, yw_grant, updated_at),
    YW_COLUMN(YW_COL_TEXT, yw_grant, voucher),      YW_COLUMN(YW_COL_TEXT, yw_grant, bank_name),
    YW_COLUMN(YW_COL_TEXT, yw_grant, bank_account),
};
#define GRANT_NCOLUMNS (int)(sizeof grant_columns / sizeof grant_columns[0])

static const char *state_zh(yw_grant_state s) {
    static const char *const zh[] = {"待审核", "已申报", "已批准", "已拨付", "未通过"};
    return (unsigned)s < sizeof zh / sizeof zh[0] ? zh[s] : "未知";
}

static int grant_load(yw_op *op, const char *id, yw_grant *out) {
    yw_rows rows;
    if (yw_store_run(op->store, op->arena, GRANT_SELECT " WHERE g.id = $1", YW_PARAMS(YW_TEXT_P(id)), &rows, NULL,
                     op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_GRANT_NOT_FOUND, "id", id);
    yw_rows_fill(&rows, 0, grant_columns, GRANT_NCOLUMNS, out);
    return 0;
}

/* The grant and its policy, with the actor checked against the policy's department. */
static int load_for_decision(yw_op *op, const char *id, yw_grant *g, yw_policy *p, const char *what_zh,
                             const char *what_en) {
    if (yw_op_require(op, YW_ROLE_OFFICER | YW_ROLE_ADMIN, what_en) < 0 || grant_load(op, id, g) < 0) return -1;
    int found = policy_load(op, g->policy_code, p);
    if (found < 0) return -1;
    if (!found) return yw_fail(op->err, YW_E_POLICY_NOT_FOUND, NULL, g->policy_code);
    return policy_may_act(op, p->department_id, what_zh, what_en);
}

static int refuse_state(yw_op *op, const yw_grant *g, const char *what_zh, const char *what_en) {
    return yw_fail(op->err, YW_E_GRANT_STATE, "state", state_zh(g->state), what_zh,
                   yw_enum_to_text(yw_grant_states, (int)g->state), what_en);
}

/* {state, amount_fen, and what (a rejection's reason, a payment's voucher) under `key`}. */
static const char *grant_json(yw_arena *a, const char *state, int64_t amount, const char *key, const char *reason) {
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, a);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "state", state);
    yw_jw_kint(&w, "amount_fen", amount);
    if (reason) yw_jw_kstr(&w, key, reason);
    yw_jw_end(&w);
    return b.failed ? NULL : b.data;
}

/* Moves g to `to` with sql, an UPDATE conditional on g's state (so that two decisions of one
 * grant at once change it once) taking the id, the state, the time and, when it decides, the
 * decider and the reason — or, when it pays, the voucher as $4; audited as action. */
static int move(yw_op *op, const yw_grant *g, const char *sql, const char *to, const char *reason, const char *action,
                const char *what_zh, const char *what_en) {
    char at[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, at);
    int64_t changed = 0;
    bool decides = strstr(sql, "decided_by") != NULL, pays = strstr(sql, "voucher") != NULL;
    yw_param params[] = {YW_TEXT_P(g->id), YW_TEXT_P(to), YW_TEXT_P(at),
                         YW_TEXT_P(pays ? reason : op->actor->account_id), YW_TEXT_P(reason)};
    if (yw_store_run(op->store, op->arena, sql, decides ? 5 : pays ? 4 : 3, params, NULL, &changed, op->err) < 0)
        return -1;
    if (changed != 1) return refuse_state(op, g, what_zh, what_en);
    const char *before =
        grant_json(op->arena, yw_enum_to_text(yw_grant_states, (int)g->state), g->amount_fen, "reason", NULL);
    const char *after = grant_json(op->arena, to, g->amount_fen, pays ? "voucher" : "reason", reason);
    if (!before || !after) return yw_fail(op->err, YW_E_NOMEM, NULL);
    return yw_audit_append(op, action, "grant", g->id, before, after);
}

#define DECIDE_SQL(from)                                                                                      \
    "UPDATE grants SET state = $2, decided_at = $3, decided_by = $4, reason = $5, updated_at = $3"            \
    " WHERE id = $1 AND state IN (" from ")"

int yw_grant_approve(yw_op *op, const char *id, yw_grant *out) {
    yw_grant g;
    yw_policy p;
    if (load_for_decision(op, id, &g, &p, "审批兑现", "approve grants") < 0) return -1;
    if (g.state != YW_GRANT_PENDING && g.state != YW_GRANT_APPLIED) return refuse_state(op, &g, "批准", "approved");
    if (p.exclusive_group && *p.exclusive_group) {
        /* two approvals for one entity at once, on two servers: one waits for the other */
        const char *lock = yw_arena_printf(op->arena, "grants:%s", g.uscc);
        if (!lock) return yw_fail(op->err, YW_E_NOMEM, NULL);
        if (yw_store_lock(op->store, lock, op->err) < 0) return -1;
        yw_rows rows;
        if (yw_store_run(op->store, op->arena,
                         "SELECT policy_code FROM grants WHERE uscc = $1 AND exclusive_group = $2"
                         " AND state IN ('approved', 'paid') AND policy_code <> $3 LIMIT 1",
                         YW_PARAMS(YW_TEXT_P(g.uscc), YW_TEXT_P(p.exclusive_group), YW_TEXT_P(p.code)), &rows, NULL,
                         op->err) < 0)
            return -1;
        if (rows.nrows) return yw_fail(op->err, YW_E_GRANT_EXCLUSIVE, NULL, p.exclusive_group, yw_rows_get(&rows, 0, 0));
    }
    if (move(op, &g, DECIDE_SQL("'pending', 'applied'"), "approved", NULL, "grant.approve", "批准", "approved") < 0 ||
        message_decision(op, &g, "approved") < 0)
        return -1;
    /* the budget: one conditional UPDATE, which holds with any number of servers */
    int64_t changed = 0;
    if (yw_store_run(op->store, op->arena,
                     "UPDATE policies SET spent_fen = spent_fen + $1 WHERE code = $2 AND spent_fen + $1 <= budget_fen",
                     YW_PARAMS(YW_INT_P(g.amount_fen), YW_TEXT_P(p.code)), NULL, &changed, op->err) < 0)
        return -1;
    if (changed != 1) {
        yw_rows rows;
        if (yw_store_run(op->store, op->arena, "SELECT budget_fen - spent_fen FROM policies WHERE code = $1",
                         YW_PARAMS(YW_TEXT_P(p.code)), &rows, NULL, op->err) < 0)
            return -1;
        const char *left = yw_rows_get(&rows, 0, 0);
        return yw_fail(op->err, YW_E_BUDGET_EXCEEDED, "amount_fen", policy_yuan(op->arena, g.amount_fen),
                       policy_yuan(op->arena, left ? strtoll(left, NULL, 10) : 0));
    }
    return out ? grant_load(op, id, out) : 0;
}

int yw_grant_reject(yw_op *op, const char *id, const char *reason, yw_grant *out) {
    yw_grant g;
    yw_policy p;
    if (load_for_decision(op, id, &g, &p, "审批兑现", "decide grants") < 0) return -1;
    if (!reason || !*reason) return yw_fail(op->err, YW_E_FIELD_REQUIRED, "reason", "reason");
    if (strlen(reason) > YW_GRANT_REASON_MAX)
        return yw_fail(op->err, YW_E_FIELD_TOO_LONG, "reason", "reason", (size_t)YW_GRANT_REASON_MAX);
    if (g.state != YW_GRANT_PENDING && g.state != YW_GRANT_APPLIED) return refuse_state(op, &g, "驳回", "rejected");
    if (move(op, &g, DECIDE_SQL("'pending', 'applied'"), "rejected", reason, "grant.reject", "驳回", "rejected") < 0 ||
        message_decision(op, &g, "rejected") < 0)
        return -1;
    return out ? grant_load(op, id, out) : 0;
}

/* The payment's voucher number (policy.h): BF, today in Beijing and the next serial of the
 * day's counter, taken with one upsert that locks the counter's row until the payment commits,
 * so that payments at once on several servers take consecutive serials, none twice. */
static int take_voucher(yw_op *op, const char **out) {
    char date[YW_DATE_SIZE], day[9];
    yw_date_format(yw_op_today(op), date);
    snprintf(day, sizeof day, "%.4s%.2s%.2s", date, date + 5, date + 8);
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "INSERT INTO voucher_counters (day, last) VALUES ($1, 1)"
                       " ON CONFLICT (day) DO UPDATE SET last = voucher_counters.last + 1 RETURNING last",
                       YW_ARGS(day), &rows, op->err) < 0)
        return -1;
    long long serial = strtoll(yw_rows_get(&rows, 0, 0), NULL, 10);
    if (serial > YW_VOUCHER_SERIAL_MAX) return yw_fail(op->err, YW_E_VOUCHERS_EXHAUSTED, NULL, day);
    if (!(*out = yw_arena_printf(op->arena, "BF%s%06lld", day, serial))) return yw_fail(op->err, YW_E_NOMEM, NULL);
    return 0;
}

int yw_grant_pay(yw_op *op, const char *id, yw_grant *out) {
    yw_grant g;
    yw_policy p;
    if (load_for_decision(op, id, &g, &p, "拨付兑现资金", "pay grants") < 0) return -1;
    if (g.state != YW_GRANT_APPROVED) return refuse_state(op, &g, "拨付", "paid");
    const char *voucher;
    if (take_voucher(op, &voucher) < 0) return -1;
    if (move(op, &g,
             "UPDATE grants SET state = $2, paid_at = $3, updated_at = $3, voucher = $4 WHERE id = $1"
             " AND state = 'approved'",
             "paid", voucher, "grant.pay", "拨付", "paid") < 0 ||
        message_decision(op, &g, "paid") < 0)
        return -1;
    return out ? grant_load(op, id, out) : 0;
}

int yw_grant_apply(yw_op *op, const char *policy_code, yw_grant *out) {
    if (yw_op_require(op, YW_ROLE_APPLICANT, "apply for policies") < 0) return -1;
    if (!op->actor->kind || strcmp(op->actor->kind, "enterprise") != 0 || !op->actor->login)
        return yw_fail(op->err, YW_E_BENEFITS_ENTERPRISE, NULL);
    yw_policy p;
    int found = policy_load(op, policy_code, &p);
    if (found < 0) return -1;
    if (!found || p.status != YW_POLICY_ACTIVE) return yw_fail(op->err, YW_E_POLICY_NOT_FOUND, "policy", policy_code);
    if (p.mode != YW_POLICY_APPLY) return yw_fail(op->err, YW_E_POLICY_NOT_APPLY, "policy");
    int64_t today = yw_op_today(op);
    if (!policy_open(&p, today)) return yw_fail(op->err, YW_E_POLICY_NOT_OPEN, "policy", p.code);
    yw_entity e;
    found = policy_entity_load(op, op->actor->login, &e);
    if (found < 0) return -1;
    if (!found) return yw_fail(op->err, YW_E_ENTITY_NOT_FOUND, NULL, op->actor->login);
    if (e.status == YW_ENTITY_DEREGISTERING || e.status == YW_ENTITY_DEREGISTERED)
        return yw_fail(op->err, YW_E_POLICY_NOT_ELIGIBLE, "policy", yw_enum_to_text(yw_entity_statuses, (int)e.status));
    int64_t fen;
    const char *why;
    int eligible = policy_evaluate(op, &p, &e, &fen, &why);
    if (eligible < 0) return -1;
    if (!eligible) return yw_fail(op->err, YW_E_POLICY_NOT_ELIGIBLE, "policy", why);
    const char *period = policy_period(op->arena, &p, today);
    if (!period) return yw_fail(op->err, YW_E_NOMEM, NULL);
    char id[YW_ID_SIZE], at[YW_TIMESTAMP_SIZE];
    yw_ulid_new(id);
    yw_op_timestamp(op, at);
    const char *group = p.exclusive_group && *p.exclusive_group ? p.exclusive_group : NULL;
    int64_t created = 0;
    if (yw_store_run(op->store, op->arena,
                     "INSERT INTO grants (id, policy_code, uscc, period, amount_fen, state, exclusive_group,"
                     " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'applied', $6, $7, $7)"
                     " ON CONFLICT (policy_code, uscc, period) DO NOTHING",
                     YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(p.code), YW_TEXT_P(e.uscc), YW_TEXT_P(period), YW_INT_P(fen),
                               YW_TEXT_P(group), YW_TEXT_P(at)),
                     NULL, &created, op->err) < 0)
        return -1;
    if (created != 1) return yw_fail(op->err, YW_E_GRANT_EXISTS, "policy", period);
    const char *after = grant_json(op->arena, "applied", fen, "reason", NULL);
    if (!after) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (yw_audit_append(op, "grant.apply", "grant", id, NULL, after) < 0) return -1;
    return out ? grant_load(op, id, out) : 0;
}

static bool is_enterprise(const yw_op *op) {
    return op->actor && !(op->actor->roles & YW_ROLE_STAFF) && op->actor->kind &&
           strcmp(op->actor->kind, "enterprise") == 0;
}

int yw_grant_get(yw_op *op, const char *id, yw_grant *out) {
    if (is_enterprise(op)) {
        if (grant_load(op, id, out) < 0) return -1;
        if (!op->actor->login || strcmp(op->actor->login, out->uscc) != 0)
            return yw_fail(op->err, YW_E_GRANT_NOT_YOURS, NULL);
        return 0;
    }
    if (yw_op_require(op, YW_ROLE_STAFF, "read grants") < 0) return -1;
    return grant_load(op, id, out);
}

int grant_list_of(yw_op *op, const char *uscc, yw_grant **out, int *n) {
    yw_rows rows;
    if (yw_store_run(op->store, op->arena,
                     GRANT_SELECT " WHERE g.uscc = $1 ORDER BY g.created_at DESC, g.id DESC LIMIT $2",
                     YW_PARAMS(YW_TEXT_P(uscc), YW_INT_P(YW_POLICY_LIST_MAX)), &rows, NULL, op->err) < 0)
        return -1;
    *out = yw_rows_fill_all(&rows, grant_columns, GRANT_NCOLUMNS, sizeof **out, op->arena);
    if (!*out) return yw_fail(op->err, YW_E_NOMEM, NULL);
    *n = rows.nrows;
    return 0;
}

/* ---- the queue and the budgets: who sees which department's grants ----
 * An officer decides the grants of their department's policies only (policy_may_act), so the
 * lists default to that department and refuse another; admins, and the staff who do not decide
 * (clerks, supervisors), see every department and may narrow to one. *dept_id is the
 * department to filter by, NULL for all. */
static int scope_department(yw_op *op, const char *code, const char **dept_id) {
    *dept_id = NULL;
    const char *asked = NULL;
    if (code && *code) {
        yw_rows rows;
        if (yw_store_run(op->store, op->arena, "SELECT id FROM departments WHERE code = $1", YW_PARAMS(YW_TEXT_P(code)),
                         &rows, NULL, op->err) < 0)
            return -1;
        if (!rows.nrows) return yw_fail(op->err, YW_E_POLICY_DEPARTMENT, "department", code);
        asked = yw_rows_get(&rows, 0, 0);
    }
    bool decider_only = (op->actor->roles & YW_ROLE_OFFICER) && !(op->actor->roles & YW_ROLE_ADMIN);
    if (!decider_only) {
        *dept_id = asked;
        return 0;
    }
    const char *own = op->actor->department_id;
    if (!own || (asked && strcmp(asked, own) != 0))
        return yw_fail(op->err, YW_E_POLICY_NOT_ISSUER, "department", "查看其他部门的兑现", "read other departments' grants");
    *dept_id = own;
    return 0;
}

int yw_grant_list(yw_op *op, const yw_grant_query *q, yw_grant **out, int *n, int64_t *total) {
    *out = NULL;
    *n = 0;
    *total = 0;
    int limit = q->limit ? q->limit : 50;
    if (limit < 1 || limit > YW_POLICY_LIST_MAX)
        return yw_fail(op->err, YW_E_FIELD_RANGE, "limit", "limit", 1LL, (long long)YW_POLICY_LIST_MAX);
    if (q->offset < 0) return yw_fail(op->err, YW_E_FIELD_RANGE, "offset", "offset", 0LL, 100000000LL);
    const char *state = q->state && *q->state ? q->state : NULL;
    if (state && yw_enum_from_text(yw_grant_states, state) < 0)
        return yw_fail(op->err, YW_E_FIELD_VALUE, "state", "state", "pending, applied, approved, paid, rejected");
    const char *uscc = q->uscc && *q->uscc ? q->uscc : NULL;
    if (uscc && yw_uscc_validate(uscc, "uscc", op->err) < 0) return -1;
    const char *dept = NULL;
    if (is_enterprise(op)) {
        if (uscc && (!op->actor->login || strcmp(uscc, op->actor->login) != 0))
            return yw_fail(op->err, YW_E_GRANT_NOT_YOURS, "uscc");
        uscc = op->actor->login;
    } else if (yw_op_require(op, YW_ROLE_STAFF, "list grants") < 0 || scope_department(op, q->department, &dept) < 0) {
        return -1;
    }
    const char *policy = q->policy && *q->policy ? q->policy : NULL;
    /* the queue (pending, applied) oldest first: the first come are decided first */
    bool queue = state && (strcmp(state, "pending") == 0 || strcmp(state, "applied") == 0);
    const char *where = " WHERE (CAST($1 AS TEXT) IS NULL OR p.department_id = $1)"
                        " AND (CAST($2 AS TEXT) IS NULL OR g.policy_code = $2)"
                        " AND (CAST($3 AS TEXT) IS NULL OR g.state = $3) AND (CAST($4 AS TEXT) IS NULL OR g.uscc = $4)";
    const char *sql = yw_arena_printf(op->arena, "%s%s ORDER BY g.created_at %s, g.id %s LIMIT $5 OFFSET $6",
                                      GRANT_SELECT, where, queue ? "ASC" : "DESC", queue ? "ASC" : "DESC");
    const char *count_sql =
        yw_arena_printf(op->arena, "SELECT count(*) FROM grants g JOIN policies p ON p.code = g.policy_code%s", where);
    if (!sql || !count_sql) return yw_fail(op->err, YW_E_NOMEM, NULL);
    yw_rows rows;
    if (yw_store_run(op->store, op->arena, sql,
                     YW_PARAMS(YW_TEXT_P(dept), YW_TEXT_P(policy), YW_TEXT_P(state), YW_TEXT_P(uscc), YW_INT_P(limit),
                               YW_INT_P(q->offset)),
                     &rows, NULL, op->err) < 0)
        return -1;
    *out = yw_rows_fill_all(&rows, grant_columns, GRANT_NCOLUMNS, sizeof **out, op->arena);
    if (!*out) return yw_fail(op->err, YW_E_NOMEM, NULL);
    *n = rows.nrows;
    yw_rows count;
    if (yw_store_run(op->store, op->arena, count_sql,
                     YW_PARAMS(YW_TEXT_P(dept), YW_TEXT_P(policy), YW_TEXT_P(state), YW_TEXT_P(uscc)), &count, NULL,
                     op->err) < 0)
        return -1;
    *total = strtoll(yw_rows_get(&count, 0, 0), NULL, 10);
    return 0;
}

static const yw_column budget_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_policy_budget, code),
    YW_COLUMN(YW_COL_TEXT, yw_policy_budget, title),
    YW_COLUMN(YW_COL_TEXT, yw_policy_budget, department_code),
    YW_COLUMN_ENUM(yw_policy_budget, status, yw_policy_statuses),
    YW_COLUMN(YW_COL_INT64, yw_policy_budget, budget_fen),
    YW_COLUMN(YW_COL_INT64, yw_policy_budget, spent_fen),
    YW_COLUMN(YW_COL_INT64, yw_policy_budget, pending_fen),
    YW_COLUMN(YW_COL_INT64, yw_policy_budget, pending_count),
};

int yw_policy_budgets(yw_op *op, const char *department, yw_policy_budget **out, int *n) {
    *out = NULL;
    *n = 0;
    const char *dept;
    if (yw_op_require(op, YW_ROLE_STAFF, "read budgets") < 0 || scope_department(op, department, &dept) < 0) return -1;
    /* one statement: the policies left-joined to their undecided grants (grants_policy_state_created) */
    yw_rows rows;
    if (yw_store_run(op->store, op->arena,
                     "SELECT p.code, p.title, d.code, p.status, p.budget_fen, p.spent_fen,"
                     " COALESCE(SUM(g.amount_fen), 0), COUNT(g.id) FROM policies p"
                     " JOIN departments d ON d.id = p.department_id"
                     " LEFT JOIN grants g ON g.policy_code = p.code AND g.state IN ('pending', 'applied')"
                     " WHERE (CAST($1 AS TEXT) IS NULL OR p.department_id = $1)"
                     " GROUP BY p.code, p.title, d.code, p.status, p.budget_fen, p.spent_fen ORDER BY p.code LIMIT $2",
                     YW_PARAMS(YW_TEXT_P(dept), YW_INT_P(YW_POLICY_LIST_MAX)), &rows, NULL, op->err) < 0)
        return -1;
    *out = yw_rows_fill_all(&rows, budget_columns, (int)(sizeof budget_columns / sizeof budget_columns[0]), sizeof **out,
                            op->arena);
    if (!*out) return yw_fail(op->err, YW_E_NOMEM, NULL);
    *n = rows.nrows;
    return 0;
}

void policy_city_date(const char *timestamp, char out[YW_DATE_SIZE]) {
    out[0] = '\0';
    int y, m, d, h;
    if (!timestamp || sscanf(timestamp, "%4d-%2d-%2dT%2d", &y, &m, &d, &h) != 4 || !yw_date_valid(y, m, d)) return;
    yw_date_format(yw_days_from_civil(y, m, d) + (h + 8 >= 24 ? 1 : 0), out); /* UTC+8, no daylight saving */
}

int policy_payable(yw_op *op, const char *code, yw_grant_state state, yw_grant **out, int *n) {
    *out = NULL;
    *n = 0;
    if (yw_op_require(op, YW_ROLE_OFFICER | YW_ROLE_ADMIN, "export payment files") < 0) return -1;
    if (state != YW_GRANT_APPROVED && state != YW_GRANT_PAID)
        return yw_fail(op->err, YW_E_FIELD_VALUE, "state", "state", "approved, paid");
    yw_policy p;
    int found = policy_load(op, code, &p);
    if (found < 0) return -1;
    if (!found) return yw_fail(op->err, YW_E_POLICY_NOT_FOUND, "code", code);
    if (policy_may_act(op, p.department_id, "导出拨付文件", "export payment files") < 0) return -1;
    yw_rows rows;
    if (yw_store_run(op->store, op->arena,
                     GRANT_SELECT " WHERE g.policy_code = $1 AND g.state = $2 ORDER BY g.uscc, g.period",
                     YW_PARAMS(YW_TEXT_P(code), YW_TEXT_P(yw_enum_to_text(yw_grant_states, (int)state))), &rows, NULL,
                     op->err) < 0)
        return -1;
    *out = yw_rows_fill_all(&rows, grant_columns, GRANT_NCOLUMNS, sizeof **out, op->arena);
    if (!*out) return yw_fail(op->err, YW_E_NOMEM, NULL);
    *n = rows.nrows;
    return 0;
}

int yw_policy_payments_csv(yw_op *op, const char *code, yw_grant_state state, yw_buf *out, int *count) {
    *count = 0;
    yw_grant *list;
    int n;
    if (policy_payable(op, code, state, &list, &n) < 0) return -1;
    yw_buf_puts(out, "\xEF\xBB\xBFgrant_id,policy_code,uscc,name,period,amount_fen,amount_yuan,bank_name,bank_account,"
                     "voucher,approved_on,paid_on\r\n");
    for (int i = 0; i < n; i++) {
        const yw_grant *g = &list[i];
        /* every text through yw_csv_put: the entity's name is the registry's, a policy code may
         * start with "-" — neither may become a formula in the finance office's spreadsheet */
        const char *texts[] = {g->id, g->policy_code, g->uscc, g->entity_name, g->period};
        for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
            yw_csv_put(out, texts[t]);
            yw_buf_putc(out, ',');
        }
        yw_buf_printf(out, "%" PRId64 ",%" PRId64 ".%02d", g->amount_fen, g->amount_fen / 100,
                      (int)(g->amount_fen % 100));
        char approved[YW_DATE_SIZE], paid[YW_DATE_SIZE];
        policy_city_date(g->decided_at, approved);
        policy_city_date(g->paid_at, paid);
        const char *more[] = {g->bank_name, g->bank_account, g->voucher, approved, paid};
        for (size_t t = 0; t < sizeof more / sizeof more[0]; t++) {
            yw_buf_putc(out, ',');
            yw_csv_put(out, more[t] ? more[t] : "");
        }
        yw_buf_puts(out, "\r\n");
    }
    if (out->failed) return yw_fail(op->err, YW_E_NOMEM, NULL);
    *count = n;
    return 0;
}
