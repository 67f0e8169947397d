/* What the message centre tells whom when a case moves (the subscriber of case.*, listed in
 * domain/events/subscribers.c): the applicant learns of each decision, each department's
 * officers of each task that waits for them. */
#include "message.h"

#include <string.h>

#include "../case/case.h"
#include "../entity/entity.h"
#include "../review/review.h"
#include "../core/event.h"

/* How a message names its case: the title with the number a person reads out, so that several
 * cases of one item are told apart (the title alone for a case from before numbers). */
static const char *case_name(yw_op *op, const yw_case *c) {
    if (!c->number) return c->title;
    const char *s = yw_arena_printf(op->arena, "%s（%s）", c->title, c->number);
    return s ? s : c->title;
}

/* The applicant's page of the case, and the officers' inbox. */
static const char *case_link(yw_op *op, const yw_case *c) { return yw_arena_printf(op->arena, "/#case/%s", c->id); }
#define INBOX_LINK "/office.html#inbox"

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
        yw_message_new m = {kind, "case_task", t->id, INBOX_LINK, {case_name(op, c), c->applicant_name, t->deadline, NULL}, {NULL}};
        if (yw_message_send_department(op, t->department_id, &m) < 0) return -1;
    }
    return 0;
}

int yw_message_on_case(yw_op *op, yw_event *ev) {
    const yw_case *c = ev->data;
    if (strcmp(ev->kind, "case.accepted") == 0)
        return to_applicant(op, c, YW_MSG_CASE_ACCEPTED, c->deadline ? c->deadline : "", NULL) < 0
                   ? -1
                   : to_departments(op, c, YW_MSG_TASK_WAITING, false);
    if (strcmp(ev->kind, "case.stage_opened") == 0) return to_departments(op, c, YW_MSG_TASK_WAITING, true);
    if (strcmp(ev->kind, "case.refused") == 0) return to_applicant(op, c, YW_MSG_CASE_REFUSED, ev->note, NULL);
    if (strcmp(ev->kind, "case.correct") == 0) return to_applicant(op, c, YW_MSG_CASE_CORRECT, ev->note, NULL);
    if (strcmp(ev->kind, "case.resubmitted") == 0) return to_departments(op, c, YW_MSG_CASE_RESUBMITTED, false);
    if (strcmp(ev->kind, "case.settled") == 0) {
        const char *zh, *en;
        outcome(c->state, &zh, &en);
        return to_applicant(op, c, YW_MSG_CASE_COMPLETED, zh, en);
    }
    return 0;
}

int yw_message_on_rectification(yw_op *op, yw_event *ev) {
    const yw_rectification_opened *r = ev->data;
    yw_message_new m = {YW_MSG_RECTIFY_WAITING, "rectification", ev->subject_id, "/office.html#rect",
                        {r->title, r->deadline, NULL, NULL}, {NULL}};
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
    yw_message_new m = {YW_MSG_TASK_URGED, "case_task", u->task_id, INBOX_LINK,
                        {u->title, applicant, over, u->note}, {NULL, NULL, over_en, NULL}};
    return yw_message_send_department(op, u->department_id, &m);
}

int yw_message_on_deferred_due(yw_op *op, yw_event *ev) {
    const yw_deferred_due *d = ev->data;
    const char *link = yw_arena_printf(op->arena, "/#case/%s", d->case_id);
    if (!link) return yw_fail(op->err, YW_E_NOMEM, NULL);
    yw_message_new m = {YW_MSG_DEFERRED_DUE, "case", d->case_id, link, {d->title, d->material, d->due_date, NULL}, {NULL}};
    return yw_message_send(op, d->applicant_id, &m);
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
