/* The enterprise's inbox (站内信): benefit messages made from what matching wrote, decision
 * messages made by the grant's steps, and the enterprise's own reading of them. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int message_benefits(yw_op *op, const char *stamp, const char *uscc, int64_t *sent) {
    int64_t grants = 0, eligible = 0;
    /* one statement each, set-based: a run of the whole registry sends its messages at once; for
     * one entity the filter on its USCC is written plainly, so that the uscc indexes serve it
     * (an OR with "$2 IS NULL" would make every change of one entity read every grant) */
    const char *grant_filter = uscc ? " AND g.uscc = $2" : " AND CAST($2 AS TEXT) IS NULL",
               *eligible_filter = uscc ? " AND e.uscc = $2" : " AND CAST($2 AS TEXT) IS NULL";
    const char *grant_sql = yw_arena_printf(
        op->arena,
        "INSERT INTO messages (id, uscc, kind, policy_code, grant_id, title, body, created_at)"
        " SELECT g.uscc || ':grant:' || g.id || ':pending', g.uscc, 'benefit', g.policy_code, g.id,"
        " '免申即享：' || p.title,"
        " '您符合' || d.name || '“' || p.title || '”的条件，无需申报，经审核后拨付 '"
        " || CAST(g.amount_fen / 100 AS TEXT) || ' 元。', $1"
        " FROM grants g JOIN policies p ON p.code = g.policy_code JOIN departments d ON d.id = p.department_id"
        " WHERE g.created_at = $1 AND g.state = 'pending'%s"
        " ON CONFLICT (id) DO NOTHING",
        grant_filter);
    const char *eligible_sql = yw_arena_printf(
        op->arena,
        "INSERT INTO messages (id, uscc, kind, policy_code, grant_id, title, body, created_at)"
        " SELECT e.uscc || ':eligible:' || e.policy_code || ':' || e.period, e.uscc, 'benefit',"
        " e.policy_code, NULL, '可申报：' || p.title,"
        " '您符合' || d.name || '“' || p.title || '”的申报条件，可在“我的惠企政策”中申报，预计 '"
        " || CAST(e.amount_fen / 100 AS TEXT) || ' 元。', $1"
        " FROM policy_eligibility e JOIN policies p ON p.code = e.policy_code"
        " JOIN departments d ON d.id = p.department_id"
        " WHERE e.matched_at = $1%s"
        " ON CONFLICT (id) DO NOTHING",
        eligible_filter);
    if (!grant_sql || !eligible_sql) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (yw_store_run(op->store, op->arena, grant_sql, YW_PARAMS(YW_TEXT_P(stamp), YW_TEXT_P(uscc)), NULL, &grants,
                     op->err) < 0 ||
        yw_store_run(op->store, op->arena, eligible_sql, YW_PARAMS(YW_TEXT_P(stamp), YW_TEXT_P(uscc)), NULL, &eligible,
                     op->err) < 0)
        return -1;
    *sent += grants + eligible;
    return 0;
}

int message_decision(yw_op *op, const yw_grant *g, const char *state) {
    /* the period in words, as the enterprise reads it: a one-off grant has none ("once" is the
     * API's), a yearly one its year (2026年度) */
    const char *period = strcmp(g->period, "once") == 0 ? "" : yw_arena_printf(op->arena, "%s年度", g->period);
    if (!period) return yw_fail(op->err, YW_E_NOMEM, NULL);
    const char *title, *body;
    if (strcmp(state, "approved") == 0) {
        title = yw_arena_printf(op->arena, "已批准：%s", g->policy_title);
        body = yw_arena_printf(op->arena, "“%s”%s的兑现已批准，金额 %" PRId64 ".%02d 元，将拨付至企业账户。",
                               g->policy_title, period, g->amount_fen / 100, (int)(g->amount_fen % 100));
    } else if (strcmp(state, "paid") == 0) {
        title = yw_arena_printf(op->arena, "已拨付：%s", g->policy_title);
        body = yw_arena_printf(op->arena, "“%s”%s的资金 %" PRId64 ".%02d 元已拨付。", g->policy_title, period,
                               g->amount_fen / 100, (int)(g->amount_fen % 100));
    } else {
        title = yw_arena_printf(op->arena, "未通过：%s", g->policy_title);
        body = yw_arena_printf(op->arena, "“%s”%s的兑现未通过。", g->policy_title, period);
    }
    const char *id = yw_arena_printf(op->arena, "%s:grant:%s:%s", g->uscc, g->id, state);
    char at[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, at);
    if (!title || !body || !id) return yw_fail(op->err, YW_E_NOMEM, NULL);
    return yw_store_run(op->store, op->arena,
                        "INSERT INTO messages (id, uscc, kind, policy_code, grant_id, title, body, created_at)"
                        " VALUES ($1, $2, 'decision', $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING",
                        YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(g->uscc), YW_TEXT_P(g->policy_code), YW_TEXT_P(g->id),
                                  YW_TEXT_P(title), YW_TEXT_P(body), YW_TEXT_P(at)),
                        NULL, NULL, op->err);
}

static int require_enterprise(yw_op *op) {
    if (yw_op_require(op, YW_ROLE_APPLICANT, "read messages") < 0) return -1;
    if (!op->actor->kind || strcmp(op->actor->kind, "enterprise") != 0 || !op->actor->login)
        return yw_fail(op->err, YW_E_BENEFITS_ENTERPRISE, NULL);
    return 0;
}

static const yw_column message_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_policy_message, id),        YW_COLUMN(YW_COL_TEXT, yw_policy_message, kind),
    YW_COLUMN(YW_COL_TEXT, yw_policy_message, policy_code), YW_COLUMN(YW_COL_TEXT, yw_policy_message, grant_id),
    YW_COLUMN(YW_COL_TEXT, yw_policy_message, title),     YW_COLUMN(YW_COL_TEXT, yw_policy_message, body),
    YW_COLUMN(YW_COL_TEXT, yw_policy_message, created_at), YW_COLUMN(YW_COL_TEXT, yw_policy_message, read_at),
};

int yw_policy_message_list(yw_op *op, int limit, yw_policy_message **out, int *n, int64_t *unread) {
    *out = NULL;
    *n = 0;
    *unread = 0;
    if (require_enterprise(op) < 0) return -1;
    if (limit < 1 || limit > YW_POLICY_MESSAGE_LIST_MAX)
        return yw_fail(op->err, YW_E_FIELD_RANGE, "limit", "limit", 1LL, (long long)YW_POLICY_MESSAGE_LIST_MAX);
    yw_rows rows, count;
    if (yw_store_run(op->store, op->arena,
                     "SELECT id, kind, policy_code, grant_id, title, body, created_at, read_at FROM messages"
                     " WHERE uscc = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
                     YW_PARAMS(YW_TEXT_P(op->actor->login), YW_INT_P(limit)), &rows, NULL, op->err) < 0 ||
        yw_store_run(op->store, op->arena, "SELECT count(*) FROM messages WHERE uscc = $1 AND read_at IS NULL",
                     YW_PARAMS(YW_TEXT_P(op->actor->login)), &count, NULL, op->err) < 0)
        return -1;
    *out = yw_rows_fill_all(&rows, message_columns, (int)(sizeof message_columns / sizeof message_columns[0]),
                            sizeof **out, op->arena);
    if (!*out) return yw_fail(op->err, YW_E_NOMEM, NULL);
    *n = rows.nrows;
    *unread = strtoll(yw_rows_get(&count, 0, 0), NULL, 10);
    return 0;
}

int yw_policy_message_read(yw_op *op, const char *id) {
    if (require_enterprise(op) < 0) return -1;
    char at[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, at);
    yw_rows rows;
    if (yw_store_run(op->store, op->arena, "SELECT read_at FROM messages WHERE id = $1 AND uscc = $2",
                     YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(op->actor->login)), &rows, NULL, op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_MESSAGE_NOT_FOUND, "id");
    if (yw_rows_get(&rows, 0, 0)) return 0;
    return yw_store_run(op->store, op->arena, "UPDATE messages SET read_at = $3 WHERE id = $1 AND uscc = $2",
                        YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(op->actor->login), YW_TEXT_P(at)), NULL, NULL, op->err);
}
