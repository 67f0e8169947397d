/* The message centre (message.h): one template per kind in both languages, messages written to
 * an account or to a department's officers, read and marked read by their reader. */
#include "message.h"

#include <stdlib.h>
#include <string.h>

#include "../../base/buf.h"
#include "../../base/ulid.h"

/* ---- the templates: {1}…{4} are the message's texts, in the order message.h's kinds give ---- */

typedef struct {
    const char *kind;
    const char *title_zh, *body_zh, *title_en, *body_en;
    bool sms; /* also by SMS, when the reader has a phone */
} template_t;

static const template_t templates[YW_MSG_KIND_COUNT] = {
    [YW_MSG_CASE_ACCEPTED] = {"case.accepted", "办件已受理", "您申请的“{1}”已受理，将于{2}前办结。",
                              "Your application has been accepted",
                              "Your application “{1}” has been accepted and will be decided by {2}.", true},
    [YW_MSG_CASE_REFUSED] = {"case.refused", "办件不予受理", "您申请的“{1}”不予受理。原因：{2}",
                             "Your application was not accepted", "Your application “{1}” was not accepted: {2}",
                             true},
    [YW_MSG_CASE_CORRECT] = {"case.correct", "办件需要补正", "您申请的“{1}”需要补正：{2}。请在“我的办件”中补正后重新提交。",
                             "Your application needs corrections",
                             "Your application “{1}” needs corrections: {2}. Correct it in My applications and resubmit.",
                             true},
    [YW_MSG_CASE_COMPLETED] = {"case.completed", "办件已办结", "您申请的“{1}”已办结，结果：{2}。欢迎对本次服务作出评价。",
                               "Your application has been decided", "Your application “{1}” has been decided: {2}. Please rate the service.",
                               true},
    [YW_MSG_TASK_WAITING] = {"task.waiting", "新的待办任务", "“{1}”（申请人：{2}）待您部门办理，办理时限{3}。",
                             "A new task is waiting", "“{1}” (applicant: {2}) waits for your department, due {3}.", false},
    [YW_MSG_CASE_RESUBMITTED] = {"case.resubmitted", "补正材料已提交", "“{1}”（申请人：{2}）已补正并重新提交，请继续办理。",
                                 "Corrections handed in", "“{1}” (applicant: {2}) was corrected and resubmitted: please go on.",
                                 false},
    [YW_MSG_RECTIFY_WAITING] = {"rectification.waiting", "差评待整改", "“{1}”收到差评，请于{2}前核实整改。",
                                "A bad rating to rectify", "“{1}” was rated badly: verify and rectify by {2}.", true},
    [YW_MSG_TASK_URGED] = {"task.urged", "督办通知", "“{1}”（申请人：{2}）{3}，督查专班督办：{4}。请尽快办理。",
                           "The supervisors urge a task",
                           "“{1}” (applicant: {2}) {3}; the supervisors urge: {4}. Please act on it now.",
                           true},
    [YW_MSG_DEFERRED_DUE] = {"deferred.due", "容缺材料即将到期", "您申请的“{1}”容缺后补的“{2}”须于{3}前补交，请及时在“我的办件”中补交或到窗口提交。",
                             "A deferred material is due soon",
                             "Your application “{1}”: the deferred material “{2}” is due by {3}. Hand it in under My applications or at the window.",
                             true},
    [YW_MSG_DEREG_OBJECTION] = {"dereg.objection", "简易注销异议待处理",
                                "“{1}”（统一社会信用代码{2}）的简易注销公告收到异议（回执号{3}），请在公告期满（{4}）前核实，认定异议是否成立。",
                                "An objection to a simple deregistration",
                                "The simple deregistration notice of “{1}” (USCC {2}) received an objection (receipt {3}): verify it and decide whether it holds before the notice ends ({4}).",
                                false},
    /* the clerk who filed a case at the window hears what comes back to it: a walk-in applicant
     * may have no account to read it, and comes back to that window */
    [YW_MSG_WINDOW_CORRECT] = {"window.correct", "帮办办件需要补正", "您在窗口为{2}提交的“{1}”需要补正：{3}。请告知申请人补正。",
                               "A case you filed needs corrections",
                               "“{1}”, which you filed at the window for {2}, needs corrections: {3}. Please tell the applicant.",
                               false},
    [YW_MSG_WINDOW_REFUSED] = {"window.refused", "帮办办件不予受理", "您在窗口为{2}提交的“{1}”不予受理。原因：{3}",
                               "A case you filed was not accepted",
                               "“{1}”, which you filed at the window for {2}, was not accepted: {3}", false},
    [YW_MSG_WINDOW_COMPLETED] = {"window.completed", "帮办办件已办结", "您在窗口为{2}提交的“{1}”已办结，结果：{3}。",
                                 "A case you filed has been decided",
                                 "“{1}”, which you filed at the window for {2}, has been decided: {3}.", false},
    [YW_MSG_WINDOW_DEFERRED_DUE] = {"window.deferred_due", "帮办办件容缺材料即将到期",
                                    "您在窗口为{2}提交的“{1}”容缺后补的“{3}”须于{4}前补交，请提醒申请人。",
                                    "A deferred material of a case you filed is due soon",
                                    "“{1}”, which you filed at the window for {2}: the deferred material “{3}” is due by {4}. Please remind the applicant.",
                                    false},
    [YW_MSG_CERT_ISSUED] = {"cert.issued", "电子证照已签发", "{3}已为您签发{1}（编号{2}），可在“我的证照”中查看、下载和出示。",
                            "An e-certificate was issued to you",
                            "{3} issued you a {1} (number {2}): see, download and show it under My certificates.", false},
    [YW_MSG_CERT_CHANGED] = {"cert.changed", "电子证照状态变更", "您的{1}（编号{2}）{3}。原因：{4}",
                             "An e-certificate of yours was changed", "Your {1} (number {2}) was {3}. Reason: {4}", true},
};

/* The template with its {n} replaced by in's texts (in English, args_en where given); arena
 * text, NULL when out of memory. */
static const char *render(yw_arena *a, const char *tmpl, const yw_message_new *in, bool english) {
    yw_buf b;
    yw_buf_init(&b, a);
    for (const char *p = tmpl; *p; p++) {
        if (p[0] == '{' && p[1] >= '1' && p[1] <= '4' && p[2] == '}') {
            int k = p[1] - '1';
            const char *arg = english && in->args_en[k] ? in->args_en[k] : in->args[k];
            yw_buf_puts(&b, arg ? arg : "");
            p += 2;
        } else {
            yw_buf_putc(&b, *p);
        }
    }
    yw_buf_putc(&b, '\0');
    return b.failed ? NULL : b.data;
}

/* An SMS: the title and the body in Chinese, as a phone shows them. */
static int queue_sms(yw_op *op, const char *account_id, const char *message_id, const char *title,
                     const char *body) {
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT phone FROM accounts WHERE id = $1 AND phone IS NOT NULL",
                       YW_ARGS(account_id), &rows, op->err) < 0)
        return -1;
    if (!rows.nrows) return 0;
    const char *text = yw_arena_printf(op->arena, "【一网通办】%s：%s", title, body);
    if (!text) return yw_fail(op->err, YW_E_NOMEM, NULL);
    return yw_outbox_queue(op, account_id, message_id, yw_rows_get(&rows, 0, 0), text, false);
}

int yw_message_send(yw_op *op, const char *account_id, const yw_message_new *in) {
    if ((unsigned)in->kind >= YW_MSG_KIND_COUNT) return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "no such message kind");
    const template_t *t = &templates[in->kind];
    const char *title_zh = t->title_zh, *body_zh = render(op->arena, t->body_zh, in, false),
               *title_en = t->title_en, *body_en = render(op->arena, t->body_en, in, true);
    if (!body_zh || !body_en) return yw_fail(op->err, YW_E_NOMEM, NULL);
    char id[YW_ID_SIZE], now[YW_TIMESTAMP_SIZE];
    yw_ulid_new(id);
    yw_op_timestamp(op, now);
    if (yw_store_run(op->store, NULL,
                     "INSERT INTO account_messages (id, account_id, kind, subject_type, subject_id, title_zh, body_zh,"
                     " title_en, body_en, link, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                     YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(account_id), YW_TEXT_P(t->kind), YW_TEXT_P(in->subject_type),
                               YW_TEXT_P(in->subject_id), YW_TEXT_P(title_zh), YW_TEXT_P(body_zh),
                               YW_TEXT_P(title_en), YW_TEXT_P(body_en), YW_TEXT_P(in->link), YW_TEXT_P(now)),
                     NULL, NULL, op->err) < 0)
        return -1;
    return t->sms ? queue_sms(op, account_id, id, title_zh, body_zh) : 0;
}

int yw_message_send_department(yw_op *op, const char *department_id, const yw_message_new *in) {
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "SELECT id FROM accounts WHERE department_id = $1 AND disabled = 0"
                       " AND (' ' || roles || ' ') LIKE '% officer %' ORDER BY id",
                       YW_ARGS(department_id), &rows, op->err) < 0)
        return -1;
    for (int i = 0; i < rows.nrows; i++)
        if (yw_message_send(op, yw_rows_get(&rows, i, 0), in) < 0) return -1;
    return 0;
}

/* ---- reading ---- */

static const yw_column message_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_message, id),           YW_COLUMN(YW_COL_TEXT, yw_message, kind),
    YW_COLUMN(YW_COL_TEXT, yw_message, title),        YW_COLUMN(YW_COL_TEXT, yw_message, body),
    YW_COLUMN(YW_COL_TEXT, yw_message, link),         YW_COLUMN(YW_COL_TEXT, yw_message, created_at),
    YW_COLUMN(YW_COL_TEXT, yw_message, read_at),      YW_COLUMN(YW_COL_TEXT, yw_message, subject_type),
    YW_COLUMN(YW_COL_TEXT, yw_message, subject_id),
};

static int require_login(yw_op *op) {
    if (!op->actor || !op->actor->account_id) return yw_fail(op->err, YW_E_LOGIN_REQUIRED, NULL);
    return 0;
}

int yw_message_list(yw_op *op, bool english, int limit, int offset, yw_message **out, int *n, int64_t *total,
                    int64_t *unread) {
    if (require_login(op) < 0) return -1;
    yw_rows rows;
    const char *sql = english ? "SELECT id, kind, title_en, body_en, link, created_at, read_at, subject_type, subject_id"
                                " FROM account_messages WHERE account_id = $1"
                                " ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3"
                              : "SELECT id, kind, title_zh, body_zh, link, created_at, read_at, subject_type, subject_id"
                                " FROM account_messages WHERE account_id = $1"
                                " ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3";
    if (yw_store_run(op->store, op->arena, sql,
                     YW_PARAMS(YW_TEXT_P(op->actor->account_id), YW_INT_P(limit), YW_INT_P(offset)), &rows, NULL,
                     op->err) < 0)
        return -1;
    *out = yw_rows_fill_all(&rows, message_columns, (int)(sizeof message_columns / sizeof message_columns[0]),
                            sizeof **out, op->arena);
    if (!*out) return yw_fail(op->err, YW_E_NOMEM, NULL);
    *n = rows.nrows;
    yw_rows counts;
    if (yw_store_query(op->store, op->arena,
                       "SELECT COUNT(*), COUNT(*) - COUNT(read_at) FROM account_messages WHERE account_id = $1",
                       YW_ARGS(op->actor->account_id), &counts, op->err) < 0)
        return -1;
    *total = strtoll(yw_rows_get(&counts, 0, 0), NULL, 10);
    *unread = strtoll(yw_rows_get(&counts, 0, 1), NULL, 10);
    return 0;
}

int yw_message_mark_read(yw_op *op, const char *const *ids, int nids, int64_t *marked) {
    if (require_login(op) < 0) return -1;
    *marked = 0;
    char now[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    if (!ids)
        return yw_store_run(op->store, NULL,
                            "UPDATE account_messages SET read_at = $2 WHERE account_id = $1 AND read_at IS NULL",
                            YW_PARAMS(YW_TEXT_P(op->actor->account_id), YW_TEXT_P(now)), NULL, marked, op->err);
    for (int i = 0; i < nids; i++) {
        yw_rows rows;
        if (yw_store_query(op->store, op->arena, "SELECT read_at FROM account_messages WHERE id = $1 AND account_id = $2",
                           YW_ARGS(ids[i], op->actor->account_id), &rows, op->err) < 0)
            return -1;
        if (!rows.nrows) {
            const char *field = yw_arena_printf(op->arena, "/ids/%d", i);
            return yw_fail(op->err, YW_E_MESSAGE_NOT_FOUND, field ? field : "ids");
        }
        int64_t n = 0;
        if (yw_store_run(op->store, NULL, "UPDATE account_messages SET read_at = $2 WHERE id = $1 AND read_at IS NULL",
                         YW_PARAMS(YW_TEXT_P(ids[i]), YW_TEXT_P(now)), NULL, &n, op->err) < 0)
            return -1;
        *marked += n;
    }
    return 0;
}
