/* What the message centre tells whom when a case moves (the subscriber of case.*, listed in
 * domain/events/subscribers.c): the applicant learns of each decision (and of the certificates a
 * completed case issued, and where they are), the clerk who filed a case at the window for its
 * applicant (帮办代办) of what comes back to it (补正, 不予受理, 办结, a 容缺 material falling due),
 * each department's officers of each task that waits for them, of a 差评 to rectify and of an
 * urging. Each message links to the thing it is about: the applicant's page of the case, the case
 * in the 办件工作台 where the task is decided, the rectification. */
#include "message.h"

#include "../cert/cert.h"

#include <string.h>

#include "../../base/buf.h"
#include "../case/case.h"
#include "../entity/entity.h"
#include "../review/review.h"
#include "../core/event.h"

/* How a message names a case: the title with the number a person reads out, so that several
 * cases of one item are told apart (the title alone for a case from before numbers, or when
 * memory runs out). */
static const char *named(yw_op *op, const char *title, const char *number) {
    if (!number) return title;
    const char *s = yw_arena_printf(op->arena, "%s（%s）", title, number);
    return s ? s : title;
}
static const char *case_name(yw_op *op, const yw_case *c) { return named(op, c->title, c->number); }

/* The applicant's page of the case; the case in the staff's 办件工作台, where its tasks are decided. */
static const char *case_link(yw_op *op, const yw_case *c) { return yw_arena_printf(op->arena, "/#case/%s", c->id); }
static const char *office_link(yw_op *op, const char *case_id) {
    return yw_arena_printf(op->arena, "/office.html#case/%s", case_id);
}

static int to_applicant(yw_op *op, const yw_case *c, yw_message_kind kind, const char *arg2, const char *arg2_en) {
    const char *link = case_link(op, c);
    if (!link) return yw_fail(op->err, YW_E_NOMEM, NULL);
    yw_message_new m = {kind, "case", c->id, link, {case_name(op, c), arg2, NULL, NULL}, {NULL, arg2_en, NULL, NULL}};
    return yw_message_send(op, c->applicant_id, &m);
}

/* What a decided case's applicant reads as its outcome. */
static void outcome(yw_case_state s, const char **zh, const char **en) {
    *zh = s == YW_CASE_COMPLETED ? "准予办理" : s == YW_CASE_PARTLY_COMPLETED ? "部分准予办理" : "不予许可";
    *en = s == YW_CASE_COMPLETED ? "approved" : s == YW_CASE_PARTLY_COMPLETED ? "partly approved" : "not approved";
}

/* The officers of each department with an open task of the case (of the stage open now, when
 * `stage_only`), once per department. */
static int to_departments(yw_op *op, const yw_case *c, yw_message_kind kind, bool stage_only) {
    for (int i = 0; i < c->ntasks; i++) {
        const yw_task *t = &c->tasks[i];
        if (t->state != YW_TASK_OPEN || (stage_only && t->stage != c->stage)) continue;
        bool seen = false;
        for (int k = 0; k < i && !seen; k++)
            seen = c->tasks[k].state == YW_TASK_OPEN && (!stage_only || c->tasks[k].stage == c->stage) &&
                   strcmp(c->tasks[k].department_id, t->department_id) == 0;
        if (seen) continue;
        const char *link = office_link(op, c->id);
        if (!link) return yw_fail(op->err, YW_E_NOMEM, NULL);
        yw_message_new m = {kind, "case_task", t->id, link, {case_name(op, c), c->applicant_name, t->deadline, NULL}, {NULL}};
        if (yw_message_send_department(op, t->department_id, &m) < 0) return -1;
    }
    return 0;
}

/* The clerk who filed the case at the window for its applicant (帮办代办), unless that clerk is
 * the one acting now: {1} the case, {2} the applicant, {3} and {4} the kind's own texts. */
static int to_window(yw_op *op, const char *case_id, const char *applicant_id, const char *submitted_by,
                     const char *title, const char *applicant_name, yw_message_kind kind, const char *arg3,
                     const char *arg3_en, const char *arg4) {
    if (!submitted_by || strcmp(submitted_by, applicant_id) == 0) return 0;
    if (op->actor && op->actor->account_id && strcmp(op->actor->account_id, submitted_by) == 0) return 0;
    const char *link = office_link(op, case_id);
    if (!link) return yw_fail(op->err, YW_E_NOMEM, NULL);
    yw_message_new m = {kind, "case", case_id, link, {title, applicant_name, arg3, arg4}, {NULL, NULL, arg3_en, NULL}};
    return yw_message_send(op, submitted_by, &m);
}

static int to_applicant_and_window(yw_op *op, const yw_case *c, yw_message_kind kind, yw_message_kind window,
                                   const char *arg2, const char *arg2_en) {
    if (to_applicant(op, c, kind, arg2, arg2_en) < 0) return -1;
    return to_window(op, c->id, c->applicant_id, c->submitted_by, case_name(op, c), c->applicant_name, window, arg2,
                     arg2_en, NULL);
}

/* The outcome of a decided case with the certificates it issued (电子证照, written just before
 * by their subscriber, in the same transaction), named, and where the applicant finds them:
 * "准予办理；已签发电子证照：营业执照、食品经营许可证，可在“我的证照”中查看、下载和打印". The outcome
 * alone when it issued none. Arena texts in *zh_out and *en_out. */
static int issued(yw_op *op, const yw_case *c, const char *zh, const char *en, const char **zh_out,
                  const char **en_out) {
    *zh_out = zh;
    *en_out = en;
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "SELECT t.name, t.name_en FROM certificates x JOIN cert_types t ON t.code = x.type_code"
                       " WHERE x.case_id = $1 ORDER BY x.issued_at, x.id",
                       YW_ARGS(c->id), &rows, op->err) < 0)
        return -1;
    if (!rows.nrows) return 0;
    yw_buf names, names_en;
    yw_buf_init(&names, op->arena);
    yw_buf_init(&names_en, op->arena);
    for (int i = 0; i < rows.nrows; i++) {
        yw_buf_printf(&names, "%s%s", i ? "、" : "", yw_rows_get(&rows, i, 0));
        yw_buf_printf(&names_en, "%s%s", i ? ", " : "", yw_rows_get(&rows, i, 1));
    }
    if (names.failed || names_en.failed) return yw_fail(op->err, YW_E_NOMEM, NULL);
    *zh_out = yw_arena_printf(op->arena, "%s；已签发电子证照：%s，可在“我的证照”中查看、下载和打印", zh, names.data);
    *en_out = yw_arena_printf(op->arena, "%s; e-certificates issued: %s, in My certificates to show, download and print",
                              en, names_en.data);
    return *zh_out && *en_out ? 0 : yw_fail(op->err, YW_E_NOMEM, NULL);
}

int yw_message_on_case(yw_op *op, yw_event *ev) {
    const yw_case *c = ev->data;
    if (strcmp(ev->kind, "case.accepted") == 0)
        return to_applicant(op, c, YW_MSG_CASE_ACCEPTED, c->deadline ? c->deadline : "", NULL) < 0
                   ? -1
                   : to_departments(op, c, YW_MSG_TASK_WAITING, false);
    if (strcmp(ev->kind, "case.stage_opened") == 0) return to_departments(op, c, YW_MSG_TASK_WAITING, true);
    if (strcmp(ev->kind, "case.refused") == 0)
        return to_applicant_and_window(op, c, YW_MSG_CASE_REFUSED, YW_MSG_WINDOW_REFUSED, ev->note, NULL);
    if (strcmp(ev->kind, "case.correct") == 0)
        return to_applicant_and_window(op, c, YW_MSG_CASE_CORRECT, YW_MSG_WINDOW_CORRECT, ev->note, NULL);
    if (strcmp(ev->kind, "case.resubmitted") == 0) return to_departments(op, c, YW_MSG_CASE_RESUBMITTED, false);
    if (strcmp(ev->kind, "case.settled") == 0) {
        const char *zh, *en, *zh_issued, *en_issued;
        outcome(c->state, &zh, &en);
        if (issued(op, c, zh, en, &zh_issued, &en_issued) < 0) return -1;
        /* the applicant learns of the certificates; the clerk who filed it, of the outcome */
        if (to_applicant(op, c, YW_MSG_CASE_COMPLETED, zh_issued, en_issued) < 0) return -1;
        return to_window(op, c->id, c->applicant_id, c->submitted_by, case_name(op, c), c->applicant_name,
                         YW_MSG_WINDOW_COMPLETED, zh, en, NULL);
    }
    return 0;
}

int yw_message_on_rectification(yw_op *op, yw_event *ev) {
    const yw_rectification_opened *r = ev->data;
    const char *link = yw_arena_printf(op->arena, "/office.html#rect/%s", ev->subject_id);
    if (!link) return yw_fail(op->err, YW_E_NOMEM, NULL);
    const char *name = named(op, r->title, r->number);
    yw_message_new m = {YW_MSG_RECTIFY_WAITING, "rectification", ev->subject_id, link,
                        {name, r->deadline, NULL, NULL}, {NULL}};
    return yw_message_send_department(op, r->department_id, &m);
}

int yw_message_on_task_urged(yw_op *op, yw_event *ev) {
    const yw_task_urged *u = ev->data;
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "SELECT a.name FROM cases c JOIN accounts a ON a.id = c.applicant_id WHERE c.id = $1",
                       YW_ARGS(u->case_id), &rows, op->err) < 0)
        return -1;
    /* how late it is, or when it is due when not yet past it by a working day */
    const char *over = u->days_over > 0 ? yw_arena_printf(op->arena, "已超过办理时限%d个工作日", u->days_over)
                                        : yw_arena_printf(op->arena, "办理时限%s", u->deadline);
    const char *over_en = u->days_over > 0 ? yw_arena_printf(op->arena, "is %d working days past its deadline", u->days_over)
                                           : yw_arena_printf(op->arena, "is due %s", u->deadline);
    if (!over || !over_en) return yw_fail(op->err, YW_E_NOMEM, NULL);
    const char *applicant = rows.nrows ? yw_rows_get(&rows, 0, 0) : "";
    const char *link = office_link(op, u->case_id);
    if (!link) return yw_fail(op->err, YW_E_NOMEM, NULL);
    yw_message_new m = {YW_MSG_TASK_URGED, "case_task", u->task_id, link,
                        {u->title, applicant, over, u->note}, {NULL, NULL, over_en, NULL}};
    return yw_message_send_department(op, u->department_id, &m);
}

int yw_message_on_deferred_due(yw_op *op, yw_event *ev) {
    const yw_deferred_due *d = ev->data;
    const char *link = yw_arena_printf(op->arena, "/#case/%s", d->case_id);
    if (!link) return yw_fail(op->err, YW_E_NOMEM, NULL);
    const char *name = named(op, d->title, d->number);
    yw_message_new m = {YW_MSG_DEFERRED_DUE, "case", d->case_id, link, {name, d->material, d->due_date, NULL}, {NULL}};
    if (yw_message_send(op, d->applicant_id, &m) < 0) return -1;
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "SELECT c.submitted_by, a.name FROM cases c JOIN accounts a ON a.id = c.applicant_id WHERE c.id = $1",
                       YW_ARGS(d->case_id), &rows, op->err) < 0)
        return -1;
    if (!rows.nrows) return 0;
    return to_window(op, d->case_id, d->applicant_id, yw_rows_get(&rows, 0, 0), name, yw_rows_get(&rows, 0, 1),
                     YW_MSG_WINDOW_DEFERRED_DUE, d->material, NULL, d->due_date);
}

int yw_message_on_dereg_objection(yw_op *op, yw_event *ev) {
    const yw_objection *o = ev->data;
    if (!o->department_id) return 0; /* a store without the market regulator: nobody to tell */
    const char *link = yw_arena_printf(op->arena, "/registry.html#objection/%s", o->id);
    if (!link) return yw_fail(op->err, YW_E_NOMEM, NULL);
    yw_message_new m = {YW_MSG_DEREG_OBJECTION, "dereg_objection", o->id, link,
                        {o->entity_name, o->uscc, o->receipt, o->notice_until}, {NULL}};
    return yw_message_send_department(op, o->department_id, &m);
}

/* The accounts that hold c: the one it was issued to, and the account whose USCC or ID number it
 * names (an enterprise's own account), each once. */
int yw_message_on_cert(yw_op *op, yw_event *ev) {
    const yw_cert *c = ev->data;
    bool issued = strcmp(ev->kind, "cert.issued") == 0;
    if (issued && (c->case_id || !c->issued_by)) return 0; /* a case's: its completion says so; the system's: none */
    if (!issued && c->state == YW_CERT_SUPERSEDED) return 0; /* its new version is the news */
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "SELECT id FROM accounts WHERE (id = $1 OR uscc = $2 OR id_number = $2) AND disabled = 0",
                       YW_ARGS(c->account_id ? c->account_id : "-", c->holder_id), &rows, op->err) < 0)
        return -1;
    const char *link = yw_arena_printf(op->arena, "/certs.html#%s", c->id);
    if (!link) return yw_fail(op->err, YW_E_NOMEM, NULL);
    static const char *const zh[] = {"已恢复有效", "已暂停", "已撤销", "已换发"};
    static const char *const en[] = {"reinstated", "suspended", "revoked", "replaced"};
    yw_message_new m = {issued ? YW_MSG_CERT_ISSUED : YW_MSG_CERT_CHANGED, "certificate", c->id, link,
                        {c->type_name, c->number, issued ? c->department_name : zh[c->state], ev->note ? ev->note : ""},
                        {c->type_name_en, c->number, issued ? c->department_name : en[c->state], ev->note ? ev->note : ""}};
    for (int i = 0; i < rows.nrows; i++)
        if (yw_message_send(op, yw_rows_get(&rows, i, 0), &m) < 0) return -1;
    return 0;
}
