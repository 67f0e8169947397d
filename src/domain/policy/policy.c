/* The policy library: the value tables, the checks of a policy, save (create or replace, both
 * rules compiled), and reads. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/json_writer.h"
#include "../../base/utf8.h"
#include "../core/audit.h"
#include "internal.h"

const yw_enum_text yw_policy_modes[] = {{YW_POLICY_AUTO, "auto"}, {YW_POLICY_APPLY, "apply"}, {0, NULL}};
const char *const yw_policy_mode_texts[] = {"auto", "apply", NULL};
const yw_enum_text yw_policy_recurrences[] = {{YW_RECUR_ONCE, "once"}, {YW_RECUR_YEARLY, "yearly"}, {0, NULL}};
const char *const yw_policy_recurrence_texts[] = {"once", "yearly", NULL};
const yw_enum_text yw_policy_statuses[] = {{YW_POLICY_ACTIVE, "active"}, {YW_POLICY_CLOSED, "closed"}, {0, NULL}};
const char *const yw_policy_status_texts[] = {"active", "closed", NULL};
const yw_enum_text yw_grant_states[] = {{YW_GRANT_PENDING, "pending"},   {YW_GRANT_APPLIED, "applied"},
                                        {YW_GRANT_APPROVED, "approved"}, {YW_GRANT_PAID, "paid"},
                                        {YW_GRANT_REJECTED, "rejected"}, {0, NULL}};
const char *const yw_grant_state_texts[] = {"pending", "applied", "approved", "paid", "rejected", NULL};

const yw_column policy_columns[POLICY_NCOLUMNS] = {
    YW_COLUMN(YW_COL_TEXT, yw_policy, code),
    YW_COLUMN(YW_COL_TEXT, yw_policy, title),
    YW_COLUMN(YW_COL_TEXT, yw_policy, department_code),
    YW_COLUMN(YW_COL_TEXT, yw_policy, department_id),
    YW_COLUMN(YW_COL_TEXT, yw_policy, department_name),
    YW_COLUMN(YW_COL_TEXT, yw_policy, basis),
    YW_COLUMN(YW_COL_TEXT, yw_policy, summary),
    YW_COLUMN(YW_COL_TEXT, yw_policy, valid_from),
    YW_COLUMN(YW_COL_TEXT, yw_policy, valid_to),
    YW_COLUMN_ENUM(yw_policy, mode, yw_policy_modes),
    YW_COLUMN(YW_COL_TEXT, yw_policy, eligibility),
    YW_COLUMN(YW_COL_TEXT, yw_policy, amount),
    YW_COLUMN(YW_COL_INT64, yw_policy, budget_fen),
    YW_COLUMN(YW_COL_INT64, yw_policy, spent_fen),
    YW_COLUMN(YW_COL_INT64, yw_policy, cap_fen),
    YW_COLUMN_ENUM(yw_policy, recurrence, yw_policy_recurrences),
    YW_COLUMN(YW_COL_TEXT, yw_policy, exclusive_group),
    YW_COLUMN_ENUM(yw_policy, status, yw_policy_statuses),
    YW_COLUMN(YW_COL_TEXT, yw_policy, created_at),
    YW_COLUMN(YW_COL_TEXT, yw_policy, updated_at),
};

int policy_load(yw_op *op, const char *code, yw_policy *out) {
    yw_rows rows;
    if (yw_store_run(op->store, op->arena, POLICY_SELECT " WHERE p.code = $1", YW_PARAMS(YW_TEXT_P(code)), &rows,
                     NULL, op->err) < 0)
        return -1;
    if (!rows.nrows) return 0;
    yw_rows_fill(&rows, 0, policy_columns, POLICY_NCOLUMNS, out);
    return 1;
}

int policy_may_act(yw_op *op, const char *department_id, const char *what_zh, const char *what_en) {
    if (yw_op_require(op, YW_ROLE_OFFICER | YW_ROLE_ADMIN, what_en) < 0) return -1;
    if (op->actor->roles & YW_ROLE_ADMIN) return 0;
    if (op->actor->department_id && department_id && strcmp(op->actor->department_id, department_id) == 0) return 0;
    return yw_fail(op->err, YW_E_POLICY_NOT_ISSUER, NULL, what_zh, what_en);
}

const char *policy_period(yw_arena *a, const yw_policy *p, int64_t today) {
    if (p->recurrence == YW_RECUR_ONCE) return "once";
    int y, m, d;
    yw_civil_from_days(today, &y, &m, &d);
    return yw_arena_printf(a, "%04d", y);
}

bool policy_open(const yw_policy *p, int64_t today) {
    if (p->status != YW_POLICY_ACTIVE) return false;
    char day[YW_DATE_SIZE];
    yw_date_format(today, day);
    return strcmp(p->valid_from, day) <= 0 && strcmp(day, p->valid_to) <= 0;
}

const char *policy_yuan(yw_arena *a, int64_t fen) {
    const char *s = yw_arena_printf(a, "%s%lld.%02d", fen < 0 ? "-" : "", (long long)(fen < 0 ? -fen : fen) / 100,
                                    (int)((fen < 0 ? -fen : fen) % 100));
    return s ? s : "?";
}

int policy_amount(const yw_policy *p, const yw_rule_value *v, int64_t *fen) {
    *fen = 0;
    if (v->type != YW_RULE_NUMBER || !isfinite(v->num) || v->num < 0 || v->num > (double)YW_POLICY_AMOUNT_MAX)
        return -1;
    *fen = (int64_t)floor(v->num);
    if (p->cap_fen > 0 && *fen > p->cap_fen) *fen = p->cap_fen;
    return 0;
}

/* ---- checks ---- */

static int check_text(yw_op *op, const char *s, const char *name, size_t max, bool required, bool multiline) {
    if (!s || !*s) return required ? yw_fail(op->err, YW_E_FIELD_REQUIRED, name, name) : 0;
    size_t n = strlen(s);
    if (n > max) return yw_fail(op->err, YW_E_FIELD_TOO_LONG, name, name, max);
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if ((*c < 0x20 && !(multiline && (*c == '\n' || *c == '\r' || *c == '\t'))) || *c == 0x7F)
            return yw_fail(op->err, YW_E_FIELD_CONTROL, name, name);
    if (yw_utf8_invalid_at(s, n) >= 0) return yw_fail(op->err, YW_E_FIELD_CONTROL, name, name);
    return 0;
}

static int check_amount(yw_op *op, int64_t v, const char *name) {
    if (v < 0 || v > YW_POLICY_AMOUNT_MAX)
        return yw_fail(op->err, YW_E_FIELD_RANGE, name, name, 0LL, (long long)YW_POLICY_AMOUNT_MAX);
    return 0;
}

/* Compiles one rule of the policy; a refusal keeps the rule's reason and message, its field the
 * node's pointer under /name. */
static int check_rule(yw_op *op, const char *text, const char *name) {
    const char *field = yw_arena_printf(op->arena, "/%s", name);
    if (!field) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (!text || !*text) return yw_fail(op->err, YW_E_FIELD_REQUIRED, name, name);
    const yw_rule *rule;
    yw_err rule_err;
    if (yw_rule_compile(op->arena, text, strlen(text), &rule, &rule_err) == 0)
        return yw_entity_rule_check(text, field, op->err); /* a field the registry has, a value of its type */
    *op->err = rule_err;
    snprintf(op->err->field, sizeof op->err->field, "%s%s", field, rule_err.field);
    return -1;
}

static int check_policy(yw_op *op, const yw_policy *in, int64_t *from, int64_t *to) {
    if (!in->code || !*in->code) return yw_fail(op->err, YW_E_FIELD_REQUIRED, "code", "code");
    size_t n = strlen(in->code);
    if (n > YW_POLICY_CODE_MAX) return yw_fail(op->err, YW_E_POLICY_CODE, "code");
    for (const char *c = in->code; *c; c++)
        if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' ||
              *c == '_'))
            return yw_fail(op->err, YW_E_POLICY_CODE, "code");
    if (check_text(op, in->title, "title", YW_POLICY_TITLE_MAX, true, false) < 0 ||
        check_text(op, in->basis, "basis", YW_POLICY_BASIS_MAX, true, false) < 0 ||
        check_text(op, in->summary, "summary", YW_POLICY_SUMMARY_MAX, false, true) < 0 ||
        check_text(op, in->exclusive_group, "exclusive_group", YW_POLICY_GROUP_MAX, false, false) < 0)
        return -1;
    if (!in->valid_from || !*in->valid_from) return yw_fail(op->err, YW_E_FIELD_REQUIRED, "valid_from", "valid_from");
    if (!in->valid_to || !*in->valid_to) return yw_fail(op->err, YW_E_FIELD_REQUIRED, "valid_to", "valid_to");
    if (yw_date_parse(in->valid_from, from, "valid_from", op->err) < 0 ||
        yw_date_parse(in->valid_to, to, "valid_to", op->err) < 0)
        return -1;
    if (*to < *from) return yw_fail(op->err, YW_E_POLICY_PERIOD, "valid_to");
    if (!yw_enum_to_text(yw_policy_modes, (int)in->mode))
        return yw_fail(op->err, YW_E_FIELD_VALUE, "mode", "mode", "auto, apply");
    if (!yw_enum_to_text(yw_policy_recurrences, (int)in->recurrence))
        return yw_fail(op->err, YW_E_FIELD_VALUE, "recurrence", "recurrence", "once, yearly");
    if (!yw_enum_to_text(yw_policy_statuses, (int)in->status))
        return yw_fail(op->err, YW_E_FIELD_VALUE, "status", "status", "active, closed");
    if (check_amount(op, in->budget_fen, "budget_fen") < 0 || check_amount(op, in->cap_fen, "cap_fen") < 0) return -1;
    return check_rule(op, in->eligibility, "eligibility") < 0 || check_rule(op, in->amount, "amount") < 0 ? -1 : 0;
}

/* The policy as a JSON object, for the audit entry (NULL when out of memory). */
static const char *policy_json(yw_arena *a, const yw_policy *p, const char *department_id) {
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, a);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "code", p->code);
    yw_jw_kstr(&w, "title", p->title);
    yw_jw_kstr(&w, "department_id", department_id);
    yw_jw_kstr(&w, "basis", p->basis);
    yw_jw_kstr(&w, "valid_from", p->valid_from);
    yw_jw_kstr(&w, "valid_to", p->valid_to);
    yw_jw_kstr(&w, "mode", yw_enum_to_text(yw_policy_modes, (int)p->mode));
    yw_jw_kstr(&w, "eligibility", p->eligibility);
    yw_jw_kstr(&w, "amount", p->amount);
    yw_jw_kint(&w, "budget_fen", p->budget_fen);
    yw_jw_kint(&w, "cap_fen", p->cap_fen);
    yw_jw_kstr(&w, "recurrence", yw_enum_to_text(yw_policy_recurrences, (int)p->recurrence));
    yw_jw_kstr(&w, "exclusive_group", p->exclusive_group);
    yw_jw_kstr(&w, "status", yw_enum_to_text(yw_policy_statuses, (int)p->status));
    yw_jw_end(&w);
    return b.failed ? NULL : b.data;
}

int yw_policy_save(yw_op *op, const yw_policy *in, yw_policy_save_mode mode, yw_policy *out, bool *created) {
    if (created) *created = false;
    if (yw_op_require(op, YW_ROLE_OFFICER | YW_ROLE_ADMIN, "write policies") < 0) return -1;
    if (!in->department_code || !*in->department_code)
        return yw_fail(op->err, YW_E_FIELD_REQUIRED, "department", "department");
    yw_rows rows;
    if (yw_store_run(op->store, op->arena, "SELECT id FROM departments WHERE code = $1",
                     YW_PARAMS(YW_TEXT_P(in->department_code)), &rows, NULL, op->err) < 0)
        return -1;
    const char *department_id = yw_rows_get(&rows, 0, 0);
    if (!department_id) return yw_fail(op->err, YW_E_POLICY_DEPARTMENT, "department", in->department_code);
    if (policy_may_act(op, department_id, "发布政策", "publish policies") < 0) return -1;
    int64_t from, to;
    if (yw_entity_labels_sync(op) < 0 || check_policy(op, in, &from, &to) < 0) return -1; /* labels: the city's now */
    yw_policy cur;
    int found = policy_load(op, in->code, &cur);
    if (found < 0) return -1;
    if (found && mode == YW_POLICY_CREATE) return yw_fail(op->err, YW_E_POLICY_EXISTS, "code", in->code);
    if (!found && mode == YW_POLICY_CHANGE) return yw_fail(op->err, YW_E_POLICY_NOT_FOUND, "code", in->code);
    if (found) {
        if (policy_may_act(op, cur.department_id, "修改政策", "change policies") < 0) return -1;
        if (in->budget_fen < cur.spent_fen)
            return yw_fail(op->err, YW_E_POLICY_BUDGET_SPENT, "budget_fen", policy_yuan(op->arena, cur.spent_fen));
    }
    char at[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, at);
    const char *group = in->exclusive_group && *in->exclusive_group ? in->exclusive_group : NULL;
    yw_param p[] = {
        YW_TEXT_P(in->code), YW_TEXT_P(in->title), YW_TEXT_P(department_id), YW_TEXT_P(in->basis),
        YW_TEXT_P(in->summary ? in->summary : ""), YW_TEXT_P(in->valid_from), YW_TEXT_P(in->valid_to),
        YW_TEXT_P(yw_enum_to_text(yw_policy_modes, (int)in->mode)), YW_TEXT_P(in->eligibility),
        YW_TEXT_P(in->amount), YW_INT_P(in->budget_fen), YW_INT_P(in->cap_fen),
        YW_TEXT_P(yw_enum_to_text(yw_policy_recurrences, (int)in->recurrence)), YW_TEXT_P(group),
        YW_TEXT_P(yw_enum_to_text(yw_policy_statuses, (int)in->status)), YW_TEXT_P(at),
    };
    const char *sql = found ? "UPDATE policies SET title = $2, department_id = $3, basis = $4, summary = $5,"
                              " valid_from = $6, valid_to = $7, mode = $8, eligibility = $9, amount = $10,"
                              " budget_fen = $11, cap_fen = $12, recurrence = $13, exclusive_group = $14,"
                              " status = $15, updated_at = $16 WHERE code = $1"
                            : "INSERT INTO policies (code, title, department_id, basis, summary, valid_from, valid_to,"
                              " mode, eligibility, amount, budget_fen, cap_fen, recurrence, exclusive_group, status,"
                              " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,"
                              " $13, $14, $15, $16, $16)";
    if (yw_store_run(op->store, op->arena, sql, (int)(sizeof p / sizeof p[0]), p, NULL, NULL, op->err) < 0) {
        /* another server created it since the read: a POST still never replaces */
        if (!found && op->err->code == YW_ERR_CONFLICT) yw_fail(op->err, YW_E_POLICY_EXISTS, "code", in->code);
        return -1;
    }
    /* the group is kept on the grants for the exclusivity check: a new group applies to them too */
    if (found && yw_store_run(op->store, op->arena, "UPDATE grants SET exclusive_group = $2 WHERE policy_code = $1",
                              YW_PARAMS(YW_TEXT_P(in->code), YW_TEXT_P(group)), NULL, NULL, op->err) < 0)
        return -1;
    const char *before = found ? policy_json(op->arena, &cur, cur.department_id) : NULL;
    const char *after = policy_json(op->arena, in, department_id);
    if (!after || (found && !before)) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (yw_audit_append(op, found ? "policy.change" : "policy.create", "policy", in->code, before, after) < 0)
        return -1;
    if (created) *created = !found;
    if (out && policy_load(op, in->code, out) < 0) return -1;
    return 0;
}

static bool is_staff(const yw_op *op) { return op->actor && (op->actor->roles & YW_ROLE_STAFF); }

int yw_policy_get(yw_op *op, const char *code, yw_policy *out) {
    /* the library is public: no permission to read an active policy */
    int found = policy_load(op, code, out);
    if (found < 0) return -1;
    if (!found || (out->status != YW_POLICY_ACTIVE && !is_staff(op)))
        return yw_fail(op->err, YW_E_POLICY_NOT_FOUND, "code", code);
    return 0;
}

int yw_policy_list(yw_op *op, const yw_policy_query *q, yw_policy **out, int *n, int64_t *total) {
    *out = NULL;
    *n = 0;
    *total = 0;
    if (q->include_closed && yw_op_require(op, YW_ROLE_STAFF, "list closed policies") < 0) return -1;
    int limit = q->limit ? q->limit : 50;
    if (limit < 1 || limit > YW_POLICY_LIST_MAX)
        return yw_fail(op->err, YW_E_FIELD_RANGE, "limit", "limit", 1LL, (long long)YW_POLICY_LIST_MAX);
    const char *department = q->department && *q->department ? q->department : NULL;
    const char *status = q->include_closed ? NULL : "active";
    yw_rows rows;
    if (yw_store_run(op->store, op->arena,
                     POLICY_SELECT " WHERE (CAST($1 AS TEXT) IS NULL OR d.code = $1)"
                                   " AND (CAST($2 AS TEXT) IS NULL OR p.status = $2)"
                                   " ORDER BY p.code LIMIT $3 OFFSET $4",
                     YW_PARAMS(YW_TEXT_P(department), YW_TEXT_P(status), YW_INT_P(limit), YW_INT_P(q->offset)), &rows,
                     NULL, op->err) < 0)
        return -1;
    *out = yw_rows_fill_all(&rows, policy_columns, POLICY_NCOLUMNS, sizeof **out, op->arena);
    if (!*out) return yw_fail(op->err, YW_E_NOMEM, NULL);
    *n = rows.nrows;
    yw_rows count;
    if (yw_store_run(op->store, op->arena,
                     "SELECT count(*) FROM policies p JOIN departments d ON d.id = p.department_id"
                     " WHERE (CAST($1 AS TEXT) IS NULL OR d.code = $1) AND (CAST($2 AS TEXT) IS NULL OR p.status = $2)",
                     YW_PARAMS(YW_TEXT_P(department), YW_TEXT_P(status)), &count, NULL, op->err) < 0)
        return -1;
    *total = strtoll(yw_rows_get(&count, 0, 0), NULL, 10);
    return 0;
}
