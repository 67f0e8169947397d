/* Cases (办件) and tasks: submission, acceptance (容缺, 告知承诺), refusal, the officers' decisions
 * on tasks, corrections (补正) that stop a task's clock, supply of deferred materials, withdrawal,
 * and reading: one case, my cases, a department's inbox and the supervisors' overdue counts.
 * Deadlines are working days from the acceptance day by the current calendar (case.h). */
#include "case.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/buf.h"
#include "../../base/json_writer.h"
#include "../../base/utf8.h"
#include "../../std/workcal.h"
#include "../bundle/bundle.h"
#include "../calendar/calendar.h"
#include "../upload/upload.h"
#include "../catalog/catalog.h"
#include "../cert/cert.h"
#include "../core/audit.h"
#include "../core/event.h"
#include "../core/privacy.h"
#include "../core/transition.h"

const yw_enum_text yw_case_states[] = {
    {YW_CASE_SUBMITTED, "submitted"},
    {YW_CASE_ACCEPTED, "accepted"},
    {YW_CASE_REFUSED, "refused"},
    {YW_CASE_IN_PROGRESS, "in_progress"},
    {YW_CASE_COMPLETED, "completed"},
    {YW_CASE_PARTLY_COMPLETED, "partly_completed"},
    {YW_CASE_REJECTED, "rejected"},
    {YW_CASE_WITHDRAWN, "withdrawn"},
    {0, NULL},
};
const yw_enum_text yw_task_states[] = {
    {YW_TASK_OPEN, "open"},
    {YW_TASK_CORRECTING, "correcting"},
    {YW_TASK_APPROVED, "approved"},
    {YW_TASK_REJECTED, "rejected"},
    {YW_TASK_CLOSED, "closed"},
    {0, NULL},
};
const yw_enum_text yw_task_kinds[] = {{YW_TASK_REVIEW, "review"}, {YW_TASK_VERIFY, "verify"}, {0, NULL}};

#define ST(s) yw_enum_to_text(yw_case_states, (int)(s))
#define TST(s) yw_enum_to_text(yw_task_states, (int)(s))

/* ---- the state machines (core/transition.h) ----
 * Every write locks its case's row first (yw_machine_lock), then reads; a task's decision
 * locks the case too, before the task, so that decisions on tasks of one case taken at once on
 * two servers are taken in turn and the last one sees every other when the case settles. */

static const char *const case_states_zh[] = {"待受理", "已受理", "不予受理", "办理中",
                                             "已办结", "部分办结", "不予许可", "已撤回"};
static const char *const case_states_en[] = {"submitted", "accepted",         "refused",  "in progress",
                                             "completed", "partly completed", "rejected", "withdrawn"};
static const yw_transition case_actions[] = {
    {"accept", YW_FROM(YW_CASE_SUBMITTED), YW_CASE_IN_PROGRESS, YW_ROLE_CLERK, "受理", "be accepted"},
    {"refuse", YW_FROM(YW_CASE_SUBMITTED), YW_CASE_REFUSED, YW_ROLE_CLERK, "不予受理", "be refused"},
    {"withdraw", YW_FROM(YW_CASE_SUBMITTED) | YW_FROM(YW_CASE_ACCEPTED) | YW_FROM(YW_CASE_IN_PROGRESS),
     YW_CASE_WITHDRAWN, YW_ROLE_APPLICANT | YW_ROLE_CLERK, "撤回", "be withdrawn"},
    {"resubmit", YW_FROM(YW_CASE_IN_PROGRESS), YW_STATE_SAME, YW_ROLE_APPLICANT | YW_ROLE_CLERK, "重新提交",
     "be resubmitted"},
    {"supply", YW_FROM(YW_CASE_IN_PROGRESS), YW_STATE_SAME, YW_ROLE_APPLICANT | YW_ROLE_CLERK, "补交材料",
     "take materials"},
    {"decide", YW_FROM(YW_CASE_IN_PROGRESS), YW_STATE_SAME, YW_ROLE_OFFICER, "办理其审批任务",
     "have its review tasks decided"},
    {NULL, 0, 0, 0, NULL, NULL},
};
static const yw_machine case_machine = {
    .states = yw_case_states,
    .states_zh = case_states_zh,
    .states_en = case_states_en,
    .actions = case_actions,
    .lock_sql = "UPDATE cases SET state = state WHERE id = $1 RETURNING state",
    .not_found = YW_E_CASE_NOT_FOUND,
    .state_error = YW_E_CASE_STATE,
    .field = NULL,
};

static const char *const task_states_zh[] = {"待办理", "补正中", "已通过", "未通过", "已终止"};
static const char *const task_states_en[] = {"open", "waiting for corrections", "approved", "rejected", "closed"};
static const yw_transition task_actions[] = {
    {"approve", YW_FROM(YW_TASK_OPEN), YW_TASK_APPROVED, YW_ROLE_OFFICER, "通过", "be approved"},
    {"reject", YW_FROM(YW_TASK_OPEN), YW_TASK_REJECTED, YW_ROLE_OFFICER, "不予批准", "be rejected"},
    {"correct", YW_FROM(YW_TASK_OPEN), YW_TASK_CORRECTING, YW_ROLE_OFFICER, "要求补正", "ask for corrections"},
    {"resume", YW_FROM(YW_TASK_CORRECTING), YW_TASK_OPEN, YW_ROLE_APPLICANT | YW_ROLE_CLERK, "恢复办理",
     "resume"},
    {"urge", YW_FROM(YW_TASK_OPEN), YW_STATE_SAME, YW_ROLE_SUPERVISOR, "督办", "be urged"},
    /* a post-check of a case that ended rejected, closed by the decision that rejected it */
    {"close", YW_FROM(YW_TASK_OPEN) | YW_FROM(YW_TASK_CORRECTING), YW_TASK_CLOSED, YW_ROLE_OFFICER, "终止",
     "be closed"},
    {NULL, 0, 0, 0, NULL, NULL},
};
static const yw_machine task_machine = {
    .states = yw_task_states,
    .states_zh = task_states_zh,
    .states_en = task_states_en,
    .actions = task_actions,
    .lock_sql = "UPDATE case_tasks SET state = state WHERE id = $1 RETURNING state",
    .not_found = YW_E_TASK_NOT_FOUND,
    .state_error = YW_E_TASK_STATE,
    .field = "id",
};

const char *yw_case_state_zh(yw_case_state s) { return yw_machine_state_zh(&case_machine, (int)s); }
const char *yw_task_state_zh(yw_task_state s) { return yw_machine_state_zh(&task_machine, (int)s); }
const char *yw_case_state_en(yw_case_state s) {
    return (int)s >= 0 && (int)s <= (int)YW_CASE_WITHDRAWN ? case_states_en[s] : "";
}

/* ---- reading ---- */

/* A 容缺 material still owed by the applicant of a case that runs (accepted, in progress): with
 * case_materials m and cases c. */
#define OWED " AND m.provided_as = 'deferred' AND m.supplied_at IS NULL AND c.state IN ('accepted', 'in_progress')"

#define CASE_COLS                                                                                            \
    "SELECT c.id, c.applicant_id, a.name, c.submitted_by, c.item_code, c.bundle_code, c.item_version,"      \
    " c.answers, c.form, c.state, c.accepted_on, c.reason, c.created_at, c.updated_at, c.title, c.stage,"    \
    " c.limit_days, c.deadline,"                                                                           \
    " (SELECT COUNT(*) FROM case_tasks t WHERE t.case_id = c.id AND t.state = 'correcting'), c.number,"      \
    " (SELECT COUNT(*) FROM case_materials m WHERE m.case_id = c.id" OWED ")"                                 \
    " FROM cases c JOIN accounts a ON a.id = c.applicant_id"

static const yw_column case_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_case, id),           YW_COLUMN(YW_COL_TEXT, yw_case, applicant_id),
    YW_COLUMN(YW_COL_TEXT, yw_case, applicant_name), YW_COLUMN(YW_COL_TEXT, yw_case, submitted_by),
    YW_COLUMN(YW_COL_TEXT, yw_case, item_code),    YW_COLUMN(YW_COL_TEXT, yw_case, bundle_code),
    YW_COLUMN(YW_COL_INT, yw_case, item_version),  YW_COLUMN(YW_COL_TEXT, yw_case, answers),
    YW_COLUMN(YW_COL_TEXT, yw_case, form),         YW_COLUMN_ENUM(yw_case, state, yw_case_states),
    YW_COLUMN(YW_COL_TEXT, yw_case, accepted_on),  YW_COLUMN(YW_COL_TEXT, yw_case, reason),
    YW_COLUMN(YW_COL_TEXT, yw_case, created_at),   YW_COLUMN(YW_COL_TEXT, yw_case, updated_at),
    YW_COLUMN(YW_COL_TEXT, yw_case, title),        YW_COLUMN(YW_COL_INT, yw_case, stage),
    YW_COLUMN(YW_COL_INT, yw_case, limit_days),    YW_COLUMN(YW_COL_TEXT, yw_case, deadline),
    YW_COLUMN(YW_COL_INT, yw_case, corrections),  YW_COLUMN(YW_COL_TEXT, yw_case, number),
    YW_COLUMN(YW_COL_INT, yw_case, owed),
};
#define NCOLS(t) ((int)(sizeof(t) / sizeof(t)[0]))

#define TASK_COLS                                                                                            \
    "SELECT t.id, t.case_id, t.item_code, t.department_id, d.code, d.name, t.kind, t.state, t.deadline,"    \
    " t.statutory_deadline, t.provisional, t.paused_on, t.paused_days, t.reason, t.decided_at, t.created_at," \
    " t.stage, i.name, c.title, c.number FROM case_tasks t JOIN departments d ON d.id = t.department_id"               \
    " JOIN cases c ON c.id = t.case_id LEFT JOIN items i ON i.code = t.item_code"

static const yw_column task_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_task, id),
    YW_COLUMN(YW_COL_TEXT, yw_task, case_id),
    YW_COLUMN(YW_COL_TEXT, yw_task, item_code),
    YW_COLUMN(YW_COL_TEXT, yw_task, department_id),
    YW_COLUMN(YW_COL_TEXT, yw_task, department_code),
    YW_COLUMN(YW_COL_TEXT, yw_task, department_name),
    YW_COLUMN_ENUM(yw_task, kind, yw_task_kinds),
    YW_COLUMN_ENUM(yw_task, state, yw_task_states),
    YW_COLUMN(YW_COL_TEXT, yw_task, deadline),
    YW_COLUMN(YW_COL_TEXT, yw_task, statutory_deadline),
    YW_COLUMN(YW_COL_BOOL, yw_task, provisional),
    YW_COLUMN(YW_COL_TEXT, yw_task, paused_on),
    YW_COLUMN(YW_COL_INT, yw_task, paused_days),
    YW_COLUMN(YW_COL_TEXT, yw_task, reason),
    YW_COLUMN(YW_COL_TEXT, yw_task, decided_at),
    YW_COLUMN(YW_COL_TEXT, yw_task, created_at),
    YW_COLUMN(YW_COL_INT, yw_task, stage),
    YW_COLUMN(YW_COL_TEXT, yw_task, item_name),
    YW_COLUMN(YW_COL_TEXT, yw_task, case_title),
    YW_COLUMN(YW_COL_TEXT, yw_task, case_number),
};

static const yw_column item_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_case_item, code),         YW_COLUMN(YW_COL_TEXT, yw_case_item, name),
    YW_COLUMN(YW_COL_TEXT, yw_case_item, department_code), YW_COLUMN(YW_COL_TEXT, yw_case_item, department_name),
    YW_COLUMN(YW_COL_INT, yw_case_item, version),       YW_COLUMN(YW_COL_INT, yw_case_item, stage),
    YW_COLUMN(YW_COL_TEXT, yw_case_item, stage_name),
};

static const yw_column material_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_case_material, name),
    YW_COLUMN(YW_COL_TEXT, yw_case_material, provided_as),
    YW_COLUMN(YW_COL_TEXT, yw_case_material, due_date),
    YW_COLUMN(YW_COL_TEXT, yw_case_material, supplied_at),
    YW_COLUMN(YW_COL_TEXT, yw_case_material, upload),
    YW_COLUMN(YW_COL_TEXT, yw_case_material, upload_name),
    YW_COLUMN(YW_COL_TEXT, yw_case_material, upload_type),
    YW_COLUMN(YW_COL_INT64, yw_case_material, upload_size),
    YW_COLUMN(YW_COL_TEXT, yw_case_material, supplied_how),
    YW_COLUMN(YW_COL_TEXT, yw_case_material, supplied_by),
    YW_COLUMN(YW_COL_TEXT, yw_case_material, supplied_by_name),
    YW_COLUMN(YW_COL_TEXT, yw_case_material, due_reason),
    YW_COLUMN(YW_COL_TEXT, yw_case_material, certificate),
    YW_COLUMN(YW_COL_TEXT, yw_case_material, certificate_identifier),
    YW_COLUMN(YW_COL_TEXT, yw_case_material, certificate_number),
    YW_COLUMN(YW_COL_TEXT, yw_case_material, certificate_type),
    YW_COLUMN(YW_COL_TEXT, yw_case_material, certificate_holder),
    YW_COLUMN(YW_COL_TEXT, yw_case_material, certificate_valid_from),
    YW_COLUMN(YW_COL_TEXT, yw_case_material, certificate_valid_until),
    YW_COLUMN(YW_COL_TEXT, yw_case_material, certificate_state),
};

static const yw_column fix_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_case_fix, task_id),      YW_COLUMN(YW_COL_TEXT, yw_case_fix, kind),
    YW_COLUMN(YW_COL_TEXT, yw_case_fix, name),         YW_COLUMN(YW_COL_TEXT, yw_case_fix, reason),
    YW_COLUMN(YW_COL_TEXT, yw_case_fix, asked_at),     YW_COLUMN(YW_COL_TEXT, yw_case_fix, earlier),
    YW_COLUMN(YW_COL_TEXT, yw_case_fix, given),        YW_COLUMN(YW_COL_TEXT, yw_case_fix, answered_at),
    YW_COLUMN(YW_COL_TEXT, yw_case_fix, earlier_name), YW_COLUMN(YW_COL_TEXT, yw_case_fix, earlier_type),
    YW_COLUMN(YW_COL_INT64, yw_case_fix, earlier_size), YW_COLUMN(YW_COL_TEXT, yw_case_fix, given_name),
    YW_COLUMN(YW_COL_TEXT, yw_case_fix, given_type),   YW_COLUMN(YW_COL_INT64, yw_case_fix, given_size),
};
/* a file's name as the case shows it: the applicant's, else the submitting clerk's */
#define FILE_NAME(col)                                                                                       \
    "(SELECT MIN(o.name) FROM upload_owners o WHERE o.sha256 = " col                                       \
    " AND o.account_id IN (c.applicant_id, c.submitted_by))"


static const yw_column event_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_case_event, id),         YW_COLUMN(YW_COL_TEXT, yw_case_event, task_id),
    YW_COLUMN(YW_COL_TEXT, yw_case_event, actor_id),   YW_COLUMN(YW_COL_TEXT, yw_case_event, actor_name),
    YW_COLUMN(YW_COL_TEXT, yw_case_event, at),         YW_COLUMN(YW_COL_TEXT, yw_case_event, from_state),
    YW_COLUMN(YW_COL_TEXT, yw_case_event, to_state),   YW_COLUMN(YW_COL_TEXT, yw_case_event, note),
};

/* A task's colour on day `today` by the calendar `cal` (core/workitem.h). */
static int color_task(const yw_workcal *cal, int64_t today, yw_task *t, yw_err *err) {
    bool open = t->state == YW_TASK_OPEN || t->state == YW_TASK_CORRECTING;
    return yw_work_color_of(cal, today, t->deadline, open, t->state == YW_TASK_CORRECTING, &t->color, err);
}

static int fill_tasks(yw_op *op, const yw_rows *rows, yw_task **out) {
    yw_task *t = yw_arena_calloc(op->arena, (size_t)rows->nrows + 1, sizeof *t);
    if (!t) return yw_fail(op->err, YW_E_NOMEM, NULL);
    const yw_workcal *cal;
    if (yw_calendar_current(op, &cal) < 0) return -1;
    int64_t today = yw_op_today(op);
    for (int i = 0; i < rows->nrows; i++) {
        yw_rows_fill(rows, i, task_columns, NCOLS(task_columns), &t[i]);
        if (color_task(cal, today, &t[i], op->err) < 0) return -1;
    }
    *out = t;
    return 0;
}

/* The case with its materials, tasks and events, without a permission check. */
static int load(yw_op *op, const char *id, yw_case *out) {
    yw_store *s = op->store;
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    yw_rows rows, mats, tasks, evs, items, fixes;
    if (yw_store_query(s, a, CASE_COLS " WHERE c.id = $1", YW_ARGS(id), &rows, err) < 0) return -1;
    if (!rows.nrows) return yw_fail(err, YW_E_CASE_NOT_FOUND, "id");
    memset(out, 0, sizeof *out);
    yw_rows_fill(&rows, 0, case_columns, NCOLS(case_columns), out);
    if (yw_store_query(s, a,
                       "SELECT m.name, m.provided_as, m.due_date, m.supplied_at, m.upload_sha256, o.name, u.media_type, u.size,"
                       " m.supplied_how, m.supplied_by, sa.name, m.due_reason, m.certificate_id, ce.identifier,"
                       " ce.number, ct.name, ce.holder_name, ce.valid_from, ce.valid_until, ce.state"
                       " FROM case_materials m JOIN cases c ON c.id = m.case_id"
                       " LEFT JOIN accounts sa ON sa.id = m.supplied_by"
                       " LEFT JOIN certificates ce ON ce.id = m.certificate_id"
                       " LEFT JOIN cert_types ct ON ct.code = ce.type_code"
                       " LEFT JOIN uploads u ON u.sha256 = m.upload_sha256"
                       " LEFT JOIN upload_owners o ON o.sha256 = m.upload_sha256 AND o.account_id ="
                       "  (SELECT MIN(x.account_id) FROM upload_owners x WHERE x.sha256 = m.upload_sha256"
                       "   AND x.account_id IN (c.applicant_id, c.submitted_by))"
                       " WHERE m.case_id = $1 ORDER BY m.seq",
                       YW_ARGS(id), &mats, err) < 0 ||
        yw_store_query(s, a, TASK_COLS " WHERE t.case_id = $1 ORDER BY t.kind, t.created_at, t.id", YW_ARGS(id),
                       &tasks, err) < 0 ||
        yw_store_query(s, a,
                       "SELECT e.id, e.task_id, e.actor_id, a.name, e.at, e.from_state, e.to_state, e.note"
                       " FROM case_events e LEFT JOIN accounts a ON a.id = e.actor_id WHERE e.case_id = $1"
                       " ORDER BY e.seq",
                       YW_ARGS(id), &evs, err) < 0 ||
        yw_store_query(s, a,
                       "SELECT ci.item_code, i.name, d.code, d.name, ci.item_version, ci.stage, ci.stage_name"
                       " FROM case_items ci LEFT JOIN items i ON i.code = ci.item_code"
                       " LEFT JOIN departments d ON d.id = i.department_id WHERE ci.case_id = $1 ORDER BY ci.seq",
                       YW_ARGS(id), &items, err) < 0 ||
        yw_store_query(s, a,
                       "SELECT k.task_id, k.kind, k.name, k.reason, k.asked_at, k.earlier, k.given, k.answered_at,"
                       " " FILE_NAME("k.earlier") ", ue.media_type, ue.size, " FILE_NAME("k.given") ", ug.media_type, ug.size"
                       " FROM case_corrections k JOIN cases c ON c.id = k.case_id"
                       " LEFT JOIN uploads ue ON k.kind = 'material' AND ue.sha256 = k.earlier"
                       " LEFT JOIN uploads ug ON k.kind = 'material' AND ug.sha256 = k.given"
                       " WHERE k.case_id = $1 ORDER BY k.asked_at, k.task_id, k.seq",
                       YW_ARGS(id), &fixes, err) < 0)
        return -1;
    if (!(out->fixes = yw_rows_fill_all(&fixes, fix_columns, NCOLS(fix_columns), sizeof *out->fixes, a)))
        return yw_fail(err, YW_E_NOMEM, NULL);
    out->nfixes = fixes.nrows;
    if (!(out->items = yw_rows_fill_all(&items, item_columns, NCOLS(item_columns), sizeof *out->items, a)))
        return yw_fail(err, YW_E_NOMEM, NULL);
    out->nitems = items.nrows;
    out->materials = yw_arena_calloc(a, (size_t)mats.nrows + 1, sizeof *out->materials);
    out->events = yw_arena_calloc(a, (size_t)evs.nrows + 1, sizeof *out->events);
    if (!out->materials || !out->events) return yw_fail(err, YW_E_NOMEM, NULL);
    for (int i = 0; i < mats.nrows; i++) {
        yw_case_material *m = &out->materials[i];
        yw_rows_fill(&mats, i, material_columns, NCOLS(material_columns), m);
        /* a certificate may lapse after submission: its status as of now */
        if (m->certificate)
            m->certificate_status = yw_cert_status_at(m->certificate_state, m->certificate_valid_from,
                                                      m->certificate_valid_until, op->now_ms);
    }
    for (int i = 0; i < evs.nrows; i++) yw_rows_fill(&evs, i, event_columns, NCOLS(event_columns), &out->events[i]);
    out->nmaterials = mats.nrows;
    out->nevents = evs.nrows;
    out->ntasks = tasks.nrows;
    return fill_tasks(op, &tasks, &out->tasks);
}

static bool is_party(const yw_actor *actor, const yw_case *c) {
    return strcmp(actor->account_id, c->applicant_id) == 0 || strcmp(actor->account_id, c->submitted_by) == 0;
}

static bool ends_with(const char *s, const char *tail) {
    size_t n = strlen(s), k = strlen(tail);
    return n >= k && strcmp(s + n - k, tail) == 0;
}

/* The answers or form (a JSON object) with the string values of keys naming an ID number or a
 * phone number (…id_number, …phone) masked as accounts mask them; arena memory. */
static int mask_object(yw_op *op, const char **json) {
    if (!*json) return 0;
    json_error_t je;
    json_t *o = json_loads(*json, 0, &je);
    if (!json_is_object(o)) {
        json_decref(o);
        return 0;
    }
    const char *key;
    json_t *v;
    bool changed = false, failed = false;
    json_object_foreach(o, key, v) {
        if (!json_is_string(v)) continue;
        const char *masked = ends_with(key, "id_number") ? yw_mask_id_number(op->arena, json_string_value(v))
                             : ends_with(key, "phone")   ? yw_mask_phone(op->arena, json_string_value(v))
                                                         : NULL;
        if (!masked && (ends_with(key, "id_number") || ends_with(key, "phone"))) failed = true;
        if (masked && json_string_set(v, masked) == 0) changed = true;
    }
    char *text = changed ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (failed || (changed && !text)) {
        free(text);
        return yw_fail(op->err, YW_E_NOMEM, NULL);
    }
    if (text) {
        *json = yw_arena_strdup(op->arena, text);
        free(text);
        if (!*json) return yw_fail(op->err, YW_E_NOMEM, NULL);
    }
    return 0;
}

/* Who reads a case: the applicant and the clerk who submitted it, clerks (who accept at any
 * window) and officers of a department with a task see it whole; supervisors and admins with
 * ID and phone numbers in the answers and the form masked. *as gets the role the actor reads it
 * as — "applicant" for the applicant, else clerk, officer, supervisor or admin — and *masked
 * whether the answers and form are to be masked. */
static int may_read(yw_op *op, const yw_case *c, const char **as, bool *masked) {
    const yw_actor *actor = op->actor;
    *masked = false;
    if (strcmp(actor->account_id, c->applicant_id) == 0) return *as = "applicant", 0;
    if (yw_actor_has(actor, YW_ROLE_CLERK)) return *as = "clerk", 0;
    if (is_party(actor, c)) return *as = "applicant", 0; /* a submitter who is a clerk no more */
    if (yw_actor_has(actor, YW_ROLE_OFFICER) && actor->department_id)
        for (int i = 0; i < c->ntasks; i++)
            if (strcmp(c->tasks[i].department_id, actor->department_id) == 0) return *as = "officer", 0;
    *masked = true;
    if (yw_actor_has(actor, YW_ROLE_SUPERVISOR)) return *as = "supervisor", 0;
    if (yw_actor_has(actor, YW_ROLE_ADMIN)) return *as = "admin", 0;
    return yw_fail(op->err, YW_E_CASE_NOT_VISIBLE, NULL);
}

int yw_case_get(yw_op *op, const char *id, yw_case *out) {
    if (yw_op_require(op, YW_ROLE_APPLICANT | YW_ROLE_STAFF, "read cases") < 0) return -1;
    if (load(op, id, out) < 0) return -1;
    const char *as;
    bool masked;
    if (may_read(op, out, &as, &masked) < 0) return -1;
    return !masked ? 0 : mask_object(op, &out->answers) < 0 ? -1 : mask_object(op, &out->form);
}

/* ---- a case's files and who opened them ---- */

int yw_case_file_open(yw_op *op, const yw_case_file_in *in, yw_case_file *out) {
    if (yw_op_require(op, YW_ROLE_APPLICANT | YW_ROLE_STAFF, "open a case's files") < 0) return -1;
    yw_case c;
    const char *as;
    bool masked;
    if (load(op, in->case_id, &c) < 0 || may_read(op, &c, &as, &masked) < 0) return -1;
    const yw_case_material *m = NULL;
    for (int i = 0; i < c.nmaterials && !m; i++)
        if (c.materials[i].upload && in->sha256 && strcmp(c.materials[i].upload, in->sha256) == 0) m = &c.materials[i];
    /* a material's earlier file, replaced on a 补正 notice, is still the case's */
    yw_case_material earlier = {0};
    for (int i = 0; i < c.nfixes && !m; i++) {
        const yw_case_fix *f = &c.fixes[i];
        if (strcmp(f->kind, "material") != 0 || !f->earlier || !in->sha256 || strcmp(f->earlier, in->sha256) != 0)
            continue;
        earlier = (yw_case_material){.name = f->name, .upload = f->earlier, .upload_name = f->earlier_name};
        m = &earlier;
    }
    if (!m) return yw_fail(op->err, YW_E_CASE_FILE_NOT_FOUND, "sha256", in->sha256 ? in->sha256 : "");
    yw_upload_get_in get = {m->upload, in->dir};
    memset(out, 0, sizeof *out);
    if (yw_upload_read(op, &get, &out->file) < 0) return -1;
    out->material = m->name;
    out->name = m->upload_name;
    if (strcmp(as, "applicant") == 0) return 0; /* the applicant's own reading is not logged */
    char id[YW_ID_SIZE], now[YW_TIMESTAMP_SIZE];
    yw_ulid_new(id);
    yw_op_timestamp(op, now);
    return yw_store_run(op->store, NULL,
                        "INSERT INTO case_file_views (id, case_id, sha256, material, viewer_id, viewer_role,"
                        " department_id, download, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                        YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(c.id), YW_TEXT_P(m->upload), YW_TEXT_P(m->name),
                                  YW_TEXT_P(op->actor->account_id), YW_TEXT_P(as),
                                  YW_TEXT_P(op->actor->department_id), YW_INT_P(in->download ? 1 : 0),
                                  YW_TEXT_P(now)),
                        NULL, NULL, op->err);
}

static const yw_column view_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_case_file_view, material),  YW_COLUMN(YW_COL_TEXT, yw_case_file_view, sha256),
    YW_COLUMN(YW_COL_TEXT, yw_case_file_view, file_name), YW_COLUMN(YW_COL_TEXT, yw_case_file_view, role),
    YW_COLUMN(YW_COL_TEXT, yw_case_file_view, department_name), YW_COLUMN(YW_COL_TEXT, yw_case_file_view, at),
    YW_COLUMN(YW_COL_BOOL, yw_case_file_view, download),
};

int yw_case_file_views(yw_op *op, const char *case_id, yw_case_file_view **out, int *count, int *total) {
    if (yw_op_require(op, YW_ROLE_APPLICANT | YW_ROLE_STAFF, "read who opened a case's files") < 0) return -1;
    yw_case c;
    const char *as;
    bool masked;
    if (load(op, case_id, &c) < 0 || may_read(op, &c, &as, &masked) < 0) return -1;
    /* the file's name as the case shows it: the applicant's, else the submitting clerk's */
    yw_rows rows, n;
    if (yw_store_run(op->store, op->arena,
                     "SELECT v.material, v.sha256, (SELECT MIN(o.name) FROM upload_owners o WHERE o.sha256 = v.sha256"
                     "  AND o.account_id IN (c.applicant_id, c.submitted_by)), v.viewer_role, d.name, v.at, v.download"
                     " FROM case_file_views v JOIN cases c ON c.id = v.case_id"
                     " LEFT JOIN departments d ON d.id = v.department_id"
                     " WHERE v.case_id = $1 ORDER BY v.at DESC, v.id DESC LIMIT $2",
                     YW_PARAMS(YW_TEXT_P(case_id), YW_INT_P(YW_CASE_FILE_VIEWS_MAX)), &rows, NULL, op->err) < 0 ||
        yw_store_query(op->store, op->arena, "SELECT COUNT(*) FROM case_file_views WHERE case_id = $1",
                       YW_ARGS(case_id), &n, op->err) < 0)
        return -1;
    if (!(*out = yw_rows_fill_all(&rows, view_columns, NCOLS(view_columns), sizeof **out, op->arena)))
        return yw_fail(op->err, YW_E_NOMEM, NULL);
    *count = rows.nrows;
    *total = (int)strtol(yw_rows_get(&n, 0, 0), NULL, 10);
    return 0;
}

int yw_case_list(yw_op *op, const yw_case_query *q, yw_case **out, int *count, int *total) {
    if (yw_op_require(op, YW_ROLE_APPLICANT | YW_ROLE_STAFF, "list cases") < 0) return -1;
    if (!q->mine && yw_op_require(op, YW_ROLE_CLERK | YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN, "list every case") < 0)
        return -1;
    int state = q->state ? yw_enum_from_text(yw_case_states, q->state) : -1;
    if (q->state && state < 0)
        return yw_fail(op->err, YW_E_FIELD_VALUE, "state", "state",
                       "submitted, accepted, refused, in_progress, completed, partly_completed, rejected, withdrawn");
    if (q->limit < 1 || q->limit > YW_CASE_LIST_MAX || q->offset < 0)
        return yw_fail(op->err, YW_E_FIELD_RANGE, "limit", "limit", 1LL, (long long)YW_CASE_LIST_MAX);
    /* $1: the actor when mine, else NULL; $2: the state or NULL; $3: 1 for the cases waiting for
     * the applicant (a task waiting for corrections, a 容缺 material owed), else 0 */
    const char *who = q->mine ? op->actor->account_id : NULL;
#define CASE_FILTER                                                                                          \
    " WHERE (CAST($1 AS TEXT) IS NULL OR c.applicant_id = $1 OR c.submitted_by = $1)"                      \
    " AND (CAST($2 AS TEXT) IS NULL OR c.state = $2)"                                                      \
    " AND (CAST($3 AS INTEGER) = 0"                                                                        \
    " OR EXISTS (SELECT 1 FROM case_tasks t WHERE t.case_id = c.id AND t.state = 'correcting')"            \
    " OR EXISTS (SELECT 1 FROM case_materials m WHERE m.case_id = c.id" OWED "))"
    const char *order = state == YW_CASE_SUBMITTED && !q->mine ? " ORDER BY c.created_at, c.id LIMIT $4 OFFSET $5"
                                                               : " ORDER BY c.created_at DESC, c.id DESC LIMIT $4 OFFSET $5";
    const char *sql = yw_arena_printf(op->arena, "%s%s%s", CASE_COLS, CASE_FILTER, order);
    if (!sql) return yw_fail(op->err, YW_E_NOMEM, NULL);
    yw_rows rows, n;
    if (yw_store_run(op->store, op->arena, sql,
                     YW_PARAMS(YW_TEXT_P(who), YW_TEXT_P(q->state), YW_INT_P(q->waiting ? 1 : 0), YW_INT_P(q->limit),
                               YW_INT_P(q->offset)),
                     &rows, NULL, op->err) < 0 ||
        yw_store_run(op->store, op->arena, "SELECT COUNT(*) FROM cases c" CASE_FILTER,
                     YW_PARAMS(YW_TEXT_P(who), YW_TEXT_P(q->state), YW_INT_P(q->waiting ? 1 : 0)), &n, NULL,
                     op->err) < 0)
        return -1;
#undef CASE_FILTER
    if (!(*out = yw_rows_fill_all(&rows, case_columns, NCOLS(case_columns), sizeof **out, op->arena)))
        return yw_fail(op->err, YW_E_NOMEM, NULL);
    *count = rows.nrows;
    *total = atoi(yw_rows_get(&n, 0, 0));
    return 0;
}

/* Tasks still to be done: open or waiting for corrections, of a case in progress (post-checks
 * whatever the case's state). */
#define OPEN_TASKS                                                                                           \
    " WHERE t.state IN ('open', 'correcting') AND (t.kind = 'verify' OR c.state = 'in_progress')"

int yw_case_inbox(yw_op *op, yw_task **out, int *count) {
    if (yw_op_require(op, YW_ROLE_OFFICER, "read a department's inbox") < 0) return -1;
    if (!op->actor->department_id) return yw_fail(op->err, YW_E_NO_DEPARTMENT, "mine");
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       TASK_COLS OPEN_TASKS " AND t.department_id = $1 ORDER BY t.deadline, t.created_at, t.id"
                                            " LIMIT 1000",
                       YW_ARGS(op->actor->department_id), &rows, op->err) < 0)
        return -1;
    *count = rows.nrows;
    return fill_tasks(op, &rows, out);
}

int yw_case_overdue(yw_op *op, yw_case_overdue_row **out, int *count) {
    if (yw_op_require(op, YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN, "read overdue tasks") < 0) return -1;
    yw_rows rows, depts;
    if (yw_store_query(op->store, op->arena, TASK_COLS OPEN_TASKS " ORDER BY d.code", YW_NOARGS, &rows, op->err) < 0 ||
        yw_store_query(op->store, op->arena,
                       "SELECT DISTINCT d.code, d.name FROM case_tasks t JOIN departments d ON d.id = t.department_id"
                       " JOIN cases c ON c.id = t.case_id" OPEN_TASKS " ORDER BY d.code",
                       YW_NOARGS, &depts, op->err) < 0)
        return -1;
    yw_task *tasks;
    if (fill_tasks(op, &rows, &tasks) < 0) return -1;
    yw_case_overdue_row *r = yw_arena_calloc(op->arena, (size_t)depts.nrows + 1, sizeof *r);
    if (!r) return yw_fail(op->err, YW_E_NOMEM, NULL);
    for (int k = 0; k < depts.nrows; k++) {
        r[k].department_code = yw_rows_get(&depts, k, 0);
        r[k].department_name = yw_rows_get(&depts, k, 1);
        for (int i = 0; i < rows.nrows; i++) {
            if (strcmp(tasks[i].department_code, r[k].department_code) != 0) continue;
            r[k].open++;
            if (tasks[i].color == YW_COLOR_YELLOW) r[k].yellow++;
            if (tasks[i].color == YW_COLOR_RED) r[k].red++;
        }
    }
    *out = r;
    *count = depts.nrows;
    return 0;
}

/* ---- writing ---- */

static int raise(yw_op *op, const char *kind, const char *id, const char *task_id, const char *note,
                 const char **answer, yw_case *now);

/* Records a transition: the event, and the case's state and updated_at when it changes. */
static int transition(yw_op *op, const char *case_id, const char *task_id, const char *from, const char *to,
                      const char *note) {
    char id[YW_ID_SIZE], now[YW_TIMESTAMP_SIZE];
    yw_ulid_new(id);
    yw_op_timestamp(op, now);
    if (yw_store_run(op->store, NULL,
                     "INSERT INTO case_events (id, case_id, seq, task_id, actor_id, at, from_state, to_state, note)"
                     " VALUES ($1, $2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM case_events WHERE case_id = $2), $3,"
                     " $4, $5, $6, $7, $8)",
                     YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(case_id), YW_TEXT_P(task_id), YW_TEXT_P(op->actor->account_id),
                               YW_TEXT_P(now), YW_TEXT_P(from), YW_TEXT_P(to), YW_TEXT_P(note)),
                     NULL, NULL, op->err) < 0)
        return -1;
    if (task_id || !from) return 0; /* a task's event; or the case's first, written with the case */
    /* only from the state read: the row is locked (yw_machine_lock), so this is a check that it was */
    int64_t changed = 0;
    if (yw_store_run(op->store, NULL, "UPDATE cases SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4",
                     YW_PARAMS(YW_TEXT_P(to), YW_TEXT_P(now), YW_TEXT_P(case_id), YW_TEXT_P(from)), NULL, &changed,
                     op->err) < 0)
        return -1;
    if (changed != 1) return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "a case changed state under its lock");
    return 0;
}

/* The audit entry of a change: {"state": …} before and after, with a note (core/audit.h). */
static int audit(yw_op *op, const char *action, const char *type, const char *id, const char *before,
                 const char *after, const char *note) {
    return yw_audit_change(op, action, type, id, "state", before, after, note);
}

static int check_reason(yw_op *op, const char *reason) {
    size_t n = reason ? strlen(reason) : 0;
    if (n < 1 || n > YW_CASE_REASON_MAX) return yw_fail(op->err, YW_E_CASE_REASON_REQUIRED, "reason");
    return 0;
}

/* A JSON object of at most YW_CASE_JSON_MAX bytes, or NULL for "{}". */
static int check_object(yw_op *op, const char *json, const char *field) {
    if (!json) return 0;
    size_t n = strlen(json);
    if (n > YW_CASE_JSON_MAX) return yw_fail(op->err, YW_E_FIELD_TOO_LONG, field, field, (size_t)YW_CASE_JSON_MAX);
    json_error_t je;
    json_t *j = json_loadb(json, n, 0, &je);
    bool ok = j && json_is_object(j) && json_object_size(j) <= YW_CASE_OBJECT_MEMBERS_MAX;
    json_decref(j);
    if (!ok) return yw_fail(op->err, YW_E_FIELD_TYPE, field, field, "对象", "an object");
    return 0;
}

/* An item has no questionnaire: its case takes no answers (an empty object is none). */
static int check_item_answers(yw_op *op, const char *json) {
    json_error_t je;
    json_t *j = json ? json_loads(json, 0, &je) : NULL;
    size_t n = json_is_object(j) ? json_object_size(j) : 0;
    json_decref(j);
    return n ? yw_fail(op->err, YW_E_CASE_ITEM_ANSWERS, "answers") : 0;
}

/* What a case applies for: its items with their versions, departments and stages, the fields its
 * form asks (each key once) and the materials it takes (each once), from one item or from a
 * bundle's answers. Arena memory. */
typedef struct {
    const char *item_code, *bundle_code, *title;
    int item_version, limit_days;
    yw_case_item *items;
    int nitems;
    const yw_item_field **fields;
    int nfields;
    const yw_item_material **materials;
    int nmaterials;
} case_plan;

static int plan_item(yw_op *op, const char *code, case_plan *p) {
    yw_item_view v;
    if (yw_catalog_get(op, code, 0, &v) < 0) {
        if (strcmp(op->err->field, "code") == 0) snprintf(op->err->field, sizeof op->err->field, "item");
        return -1;
    }
    p->item_code = v.item.code;
    p->item_version = v.version;
    p->title = v.item.name;
    p->items = yw_arena_calloc(op->arena, 2, sizeof *p->items);
    p->fields = yw_arena_calloc(op->arena, (size_t)v.item.nfields + 1, sizeof *p->fields);
    p->materials = yw_arena_calloc(op->arena, (size_t)v.item.nmaterials + 1, sizeof *p->materials);
    if (!p->items || !p->fields || !p->materials) return yw_fail(op->err, YW_E_NOMEM, NULL);
    p->items[0] = (yw_case_item){.code = v.item.code,
                                 .name = v.item.name,
                                 .department_code = v.item.department,
                                 .department_name = v.department_name,
                                 .version = v.version};
    p->nitems = 1;
    for (int i = 0; i < v.item.nfields; i++) p->fields[p->nfields++] = &v.item.fields[i];
    for (int i = 0; i < v.item.nmaterials; i++) p->materials[p->nmaterials++] = &v.item.materials[i];
    return 0;
}

static int plan_bundle(yw_op *op, const char *code, const char *answers, case_plan *p) {
    json_error_t je;
    json_t *a = json_loads(answers ? answers : "{}", 0, &je);
    if (!a) return yw_fail(op->err, YW_E_FIELD_TYPE, "answers", "answers", "对象", "an object");
    yw_bundle_form f;
    int rc = yw_bundle_form_for(op, code, a, &f);
    json_decref(a);
    if (rc < 0) {
        if (strcmp(op->err->field, "code") == 0) snprintf(op->err->field, sizeof op->err->field, "bundle");
        return -1;
    }
    if (!f.nitems) return yw_fail(op->err, YW_E_CASE_NO_ITEMS, "answers");
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT code, name FROM bundles WHERE code = $1", YW_ARGS(code), &rows,
                       op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_BUNDLE_NOT_FOUND, "bundle", code);
    p->bundle_code = yw_rows_get(&rows, 0, 0);
    p->title = yw_rows_get(&rows, 0, 1);
    p->items = yw_arena_calloc(op->arena, (size_t)f.nitems + 1, sizeof *p->items);
    p->fields = yw_arena_calloc(op->arena, (size_t)f.nfields + 1, sizeof *p->fields);
    p->materials = yw_arena_calloc(op->arena, (size_t)f.nmaterials + 1, sizeof *p->materials);
    if (!p->items || !p->fields || !p->materials) return yw_fail(op->err, YW_E_NOMEM, NULL);
    for (int i = 0; i < f.nitems; i++)
        p->items[p->nitems++] = (yw_case_item){.code = f.items[i].code,
                                               .name = f.items[i].name,
                                               .department_code = f.items[i].department_code,
                                               .department_name = f.items[i].department_name,
                                               .version = f.items[i].version,
                                               .stage = f.items[i].stage_index,
                                               .stage_name = f.items[i].stage};
    for (int i = 0; i < f.nfields; i++) p->fields[p->nfields++] = &f.fields[i].field;
    for (int i = 0; i < f.nmaterials; i++) p->materials[p->nmaterials++] = &f.materials[i].material;
    p->limit_days = f.limit_days;
    return 0;
}

static const yw_item_material *plan_material(const case_plan *p, const char *name) {
    for (int i = 0; i < p->nmaterials; i++)
        if (strcmp(p->materials[i]->name, name) == 0) return p->materials[i];
    return NULL;
}

static bool accepted_as(const yw_item_material *m, const char *way) {
    for (const char **q = m->accepted_as; q && *q; q++)
        if (strcmp(*q, way) == 0) return true;
    return false;
}

/* The submitter and the applicant: the actor, or the applicant a clerk submits for. */
static int submit_applicant(yw_op *op, const char *on_behalf_of, const char **applicant) {
    const yw_actor *actor = op->actor;
    if (!on_behalf_of) {
        if (yw_op_require(op, YW_ROLE_APPLICANT | YW_ROLE_CLERK, "submit cases") < 0) return -1;
        if (!yw_actor_has(actor, YW_ROLE_APPLICANT)) return yw_fail(op->err, YW_E_CASE_APPLICANT_ONLY, "on_behalf_of");
        *applicant = actor->account_id;
        return 0;
    }
    if (yw_op_require(op, YW_ROLE_CLERK | YW_ROLE_APPLICANT, "submit cases") < 0) return -1;
    if (!yw_actor_has(actor, YW_ROLE_CLERK)) return yw_fail(op->err, YW_E_CASE_ON_BEHALF_CLERK_ONLY, "on_behalf_of");
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "SELECT 1 FROM accounts WHERE id = $1 AND kind IN ('person', 'enterprise') AND disabled = 0",
                       YW_ARGS(on_behalf_of), &rows, op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_CASE_ON_BEHALF_UNKNOWN, "on_behalf_of");
    *applicant = on_behalf_of;
    return 0;
}

/* The enterprise the form names (entity.uscc), or NULL: whose certificates stand in for its
 * materials (cert.h). Arena text. */
static const char *form_uscc(yw_op *op, const char *form_json) {
    json_error_t je;
    json_t *form = json_loads(form_json ? form_json : "{}", 0, &je);
    const char *v = json_string_value(json_object_get(form, "entity.uscc"));
    const char *out = v ? yw_arena_strdup(op->arena, v) : NULL;
    json_decref(form);
    return out;
}

/* The material given at index i: one of the plan's, not given before, in a way it is accepted;
 * an upload the applicant's or the submitting clerk's; a certificate the applicant's, valid, of
 * the type the material names (cert.h), its id in *cert_id (may be NULL). Errors name
 * /materials/i. */
static int check_material(yw_op *op, const case_plan *p, const yw_case_submit_in *in, int i, const char *applicant,
                          const char *uscc, const char **cert_id) {
    yw_err *err = op->err;
    const yw_case_material *m = &in->materials[i];
    const char *field = yw_arena_printf(op->arena, "/materials/%d", i);
    if (!field) return yw_fail(err, YW_E_NOMEM, NULL);
    const yw_item_material *im = m->name ? plan_material(p, m->name) : NULL;
    if (!im) return yw_fail(err, YW_E_CASE_MATERIAL_UNKNOWN, field, m->name ? m->name : "");
    for (int k = 0; k < i; k++)
        if (strcmp(in->materials[k].name, m->name) == 0) return yw_fail(err, YW_E_ITEM_REPEATED, field, m->name);
    const char *way = m->provided_as ? m->provided_as : "";
    if (!accepted_as(im, way)) return yw_fail(err, YW_E_CASE_MATERIAL_NOT_ACCEPTED_AS, field, m->name, way);
    if (strcmp(way, "certificate") == 0) {
        yw_cert_owner who = {applicant, uscc};
        yw_cert c;
        if (yw_cert_reuse_check(op, &who, im->cert_type, m->certificate, field, &c) < 0) return -1;
        if (cert_id) *cert_id = c.id;
    } else if (m->certificate) {
        const char *cfield = yw_arena_printf(op->arena, "/materials/%d/certificate", i);
        return cfield ? yw_fail(err, YW_E_CERT_REUSE_ONLY_CERTIFICATE, cfield) : yw_fail(err, YW_E_NOMEM, NULL);
    }
    if (strcmp(way, "upload") == 0) {
        const char *ufield = yw_arena_printf(op->arena, "/materials/%d/upload", i);
        if (!ufield) return yw_fail(err, YW_E_NOMEM, NULL);
        if (!m->upload) return yw_fail(err, YW_E_CASE_UPLOAD_REQUIRED, ufield, m->name);
        bool checked = false; /* one scan may serve several materials: checked once */
        for (int k = 0; k < i && !checked; k++)
            checked = in->materials[k].upload && strcmp(in->materials[k].provided_as, "upload") == 0 &&
                      strcmp(in->materials[k].upload, m->upload) == 0;
        if (!checked && yw_upload_check(op, m->upload, applicant, ufield, NULL) < 0) return -1;
    }
    return 0;
}

/* Whether the plan's required material k is among those given. */
static bool material_given(const case_plan *p, const yw_case_submit_in *in, int k) {
    for (int i = 0; i < in->nmaterials; i++)
        if (in->materials[i].name && strcmp(in->materials[i].name, p->materials[k]->name) == 0) return true;
    return false;
}

/* The materials given, each checked (check_material); every required material there (all
 * missing named at once: 一次性告知). */
static int check_materials(yw_op *op, const case_plan *p, const yw_case_submit_in *in, const char *applicant,
                           const char *uscc, const char **cert_ids) {
    yw_err *err = op->err;
    if (in->nmaterials > YW_CASE_MATERIALS_MAX)
        return yw_fail(err, YW_E_FIELD_TOO_MANY, "materials", "materials", (long long)YW_CASE_MATERIALS_MAX);
    for (int i = 0; i < in->nmaterials; i++)
        if (check_material(op, p, in, i, applicant, uscc, &cert_ids[i]) < 0) return -1;
    yw_buf missing;
    yw_buf_init(&missing, op->arena);
    for (int k = 0; k < p->nmaterials; k++)
        if (strcmp(p->materials[k]->requirement, "required") == 0 && !material_given(p, in, k))
            yw_buf_printf(&missing, "%s%s", missing.len ? "、" : "", p->materials[k]->name);
    if (missing.failed) return yw_fail(err, YW_E_NOMEM, NULL);
    if (missing.len) return yw_fail(err, YW_E_CASE_MATERIAL_MISSING, "materials", missing.data);
    return 0;
}

/* The region a case is numbered under: the form's first field of type region, when the applicant
 * gave one (where the shop or the applicant is: the district's office handles it); otherwise the
 * region of the department of the case's first item (a bundle's lead item), the city's 370200
 * for the city's departments. Arena text or the store's row. */
static int number_region(yw_op *op, const case_plan *p, const char *form_json, const char **region) {
    json_error_t je;
    json_t *form = json_loads(form_json ? form_json : "{}", 0, &je);
    *region = NULL;
    for (int i = 0; i < p->nfields && !*region; i++) {
        if (strcmp(p->fields[i]->type, "region") != 0) continue;
        const char *v = json_string_value(json_object_get(form, p->fields[i]->key));
        if (v && strlen(v) == 6) *region = yw_arena_strdup(op->arena, v);
        if (v && strlen(v) == 6 && !*region) {
            json_decref(form);
            return yw_fail(op->err, YW_E_NOMEM, NULL);
        }
    }
    json_decref(form);
    if (*region) return 0;
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT region_code FROM departments WHERE code = $1",
                       YW_ARGS(p->items[0].department_code ? p->items[0].department_code : ""), &rows, op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_ITEM_DEPARTMENT_UNKNOWN, "item", p->items[0].department_code);
    *region = yw_rows_get(&rows, 0, 0);
    return 0;
}

/* The case's number (case.h): the region, today in Beijing and the next serial of the (region,
 * day) counter, taken with one upsert that locks the counter's row until the submission commits,
 * so that submissions at once on several servers take consecutive serials, none twice. */
static int take_number(yw_op *op, const char *region, char **out) {
    char date[YW_DATE_SIZE], day[9];
    yw_date_format(yw_op_today(op), date);
    snprintf(day, sizeof day, "%.4s%.2s%.2s", date, date + 5, date + 8);
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "INSERT INTO case_number_counters (region, day, last) VALUES ($1, $2, 1)"
                       " ON CONFLICT (region, day) DO UPDATE SET last = case_number_counters.last + 1 RETURNING last",
                       YW_ARGS(region, day), &rows, op->err) < 0)
        return -1;
    long long serial = strtoll(yw_rows_get(&rows, 0, 0), NULL, 10);
    if (serial > YW_CASE_NUMBER_SERIAL_MAX) return yw_fail(op->err, YW_E_CASE_NUMBERS_EXHAUSTED, NULL, region);
    if (!(*out = yw_arena_printf(op->arena, "%s%s%05lld", region, day, serial))) return yw_fail(op->err, YW_E_NOMEM, NULL);
    return 0;
}

int yw_case_submit(yw_op *op, const yw_case_submit_in *in, yw_case *out) {
    yw_err *err = op->err;
    const char *applicant = NULL;
    if (submit_applicant(op, in->on_behalf_of, &applicant) < 0) return -1;
    if (!in->item == !in->bundle) return yw_fail(err, YW_E_CASE_ITEM_OR_BUNDLE, in->bundle ? "bundle" : "item");
    if (check_object(op, in->answers, "answers") < 0 || check_object(op, in->form, "form") < 0) return -1;
    if (in->item && check_item_answers(op, in->answers) < 0) return -1;
    case_plan p;
    memset(&p, 0, sizeof p);
    if ((in->item ? plan_item(op, in->item, &p) : plan_bundle(op, in->bundle, in->answers, &p)) < 0) return -1;
    json_error_t je;
    json_t *form = json_loads(in->form ? in->form : "{}", 0, &je);
    if (!form) return yw_fail(err, YW_E_NOMEM, NULL);
    int rc = yw_case_form_check(op, p.fields, p.nfields, form);
    /* the form as checked: amounts in 元 became fen */
    char *dumped = rc == 0 ? json_dumps(form, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    const char *form_text = dumped ? yw_arena_strdup(op->arena, dumped) : NULL;
    free(dumped);
    json_decref(form);
    if (rc < 0) return -1;
    if (!form_text) return yw_fail(err, YW_E_NOMEM, NULL);
    const char **cert_ids = yw_arena_calloc(op->arena, (size_t)in->nmaterials + 1, sizeof *cert_ids);
    if (!cert_ids) return yw_fail(err, YW_E_NOMEM, NULL);
    if (check_materials(op, &p, in, applicant, form_uscc(op, form_text), cert_ids) < 0) return -1;

    char *id = yw_arena_alloc(op->arena, YW_ID_SIZE), now[YW_TIMESTAMP_SIZE], *number;
    if (!id) return yw_fail(err, YW_E_NOMEM, NULL);
    const char *region;
    if (number_region(op, &p, in->form, &region) < 0 || take_number(op, region, &number) < 0) return -1;
    yw_ulid_new(id);
    yw_op_timestamp(op, now);
    if (yw_store_run(op->store, NULL,
                     "INSERT INTO cases (id, applicant_id, submitted_by, item_code, item_version, bundle_code, answers,"
                     " form, state, created_at, updated_at, title, limit_days, number)"
                     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'submitted', $9, $9, $10, $11, $12)",
                     YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(applicant), YW_TEXT_P(op->actor->account_id),
                               YW_TEXT_P(p.item_code), p.item_code ? YW_INT_P(p.item_version) : YW_TEXT_P(NULL),
                               YW_TEXT_P(p.bundle_code), YW_TEXT_P(in->answers ? in->answers : "{}"),
                               YW_TEXT_P(form_text), YW_TEXT_P(now), YW_TEXT_P(p.title),
                               YW_INT_P(p.limit_days), YW_TEXT_P(number)),
                     NULL, NULL, err) < 0)
        return -1;
    for (int i = 0; i < p.nitems; i++)
        if (yw_store_run(op->store, NULL,
                         "INSERT INTO case_items (case_id, seq, item_code, item_version, stage, stage_name)"
                         " VALUES ($1, $2, $3, $4, $5, $6)",
                         YW_PARAMS(YW_TEXT_P(id), YW_INT_P(i), YW_TEXT_P(p.items[i].code), YW_INT_P(p.items[i].version),
                                   YW_INT_P(p.items[i].stage), YW_TEXT_P(p.items[i].stage_name)),
                         NULL, NULL, err) < 0)
            return -1;
    for (int i = 0; i < in->nmaterials; i++)
        if (yw_store_run(op->store, NULL,
                         "INSERT INTO case_materials (case_id, seq, name, provided_as, upload_sha256, certificate_id)"
                         " VALUES ($1, $2, $3, $4, $5, $6)",
                         YW_PARAMS(YW_TEXT_P(id), YW_INT_P(i), YW_TEXT_P(in->materials[i].name),
                                   YW_TEXT_P(in->materials[i].provided_as),
                                   YW_TEXT_P(strcmp(in->materials[i].provided_as, "upload") == 0 ? in->materials[i].upload
                                                                                                 : NULL),
                                   YW_TEXT_P(cert_ids[i])),
                         NULL, NULL, err) < 0)
            return -1;
    const char *note = in->on_behalf_of ? "on behalf" : NULL;
    if (transition(op, id, NULL, NULL, ST(YW_CASE_SUBMITTED), note) < 0 ||
        audit(op, "case.submit", "case", id, NULL, ST(YW_CASE_SUBMITTED), note) < 0 ||
        raise(op, "case.submitted", id, NULL, NULL, NULL, out) < 0)
        return -1;
    return 0;
}

/* Every problem of a refused submission at once (case.h). The checks are yw_case_submit's, in its
 * order, each run on its own so that one problem does not hide the next: unknown form keys, each
 * field, each material given, each required material missing. */
int yw_case_submit_problems(yw_op *op, const yw_case_submit_in *in, yw_err **out, int *count) {
    *out = NULL;
    *count = 0;
    yw_err one;
    yw_op o = *op;
    o.err = &one;
    const char *applicant = NULL;
    case_plan p;
    memset(&p, 0, sizeof p);
    /* who applies for what: when that is wrong, the submission's own error is the whole answer */
    if (submit_applicant(&o, in->on_behalf_of, &applicant) < 0 || !in->item == !in->bundle ||
        check_object(&o, in->answers, "answers") < 0 || check_object(&o, in->form, "form") < 0 ||
        (in->item && check_item_answers(&o, in->answers) < 0) ||
        (in->item ? plan_item(&o, in->item, &p) : plan_bundle(&o, in->bundle, in->answers, &p)) < 0 ||
        in->nmaterials > YW_CASE_MATERIALS_MAX)
        return 0;
    yw_err *list = yw_arena_calloc(op->arena, YW_CASE_PROBLEMS_MAX, sizeof *list);
    json_error_t je;
    json_t *form = json_loads(in->form ? in->form : "{}", 0, &je);
    if (!list || !form) {
        json_decref(form);
        return yw_fail(op->err, YW_E_NOMEM, NULL);
    }
    int n = 0, rc = 0;
    /* a problem found goes on the list; a failure of another kind (the store) ends the search */
#define FOUND()                                                                                              \
    do {                                                                                                     \
        if (one.code != YW_ERR_INVALID) {                                                                    \
            *op->err = one;                                                                                  \
            rc = -1;                                                                                         \
            goto done;                                                                                       \
        }                                                                                                    \
        if (n < YW_CASE_PROBLEMS_MAX) list[n++] = one;                                                       \
    } while (0)
    const char *key;
    json_t *v;
    json_object_foreach(form, key, v) {
        bool known = false;
        for (int i = 0; i < p.nfields && !known; i++) known = strcmp(p.fields[i]->key, key) == 0;
        if (known) continue;
        const char *field = yw_arena_printf(op->arena, "/form/%s", key);
        yw_fail(&one, field ? YW_E_CASE_FIELD_UNKNOWN : YW_E_NOMEM, field, key);
        FOUND();
    }
    for (int i = 0; i < p.nfields; i++) {
        const yw_item_field *f = p.fields[i];
        const char *field = yw_arena_printf(op->arena, "/form/%s", f->key);
        if (!field) {
            yw_fail(&one, YW_E_NOMEM, NULL);
            FOUND();
        }
        json_t *value = json_object_get(form, f->key);
        if (!value || json_is_null(value)) {
            if (!f->required) continue;
            yw_fail(&one, YW_E_CASE_FIELD_REQUIRED, field, f->label);
            FOUND();
        } else if (yw_case_field_check(&o, f, form, field) < 0) {
            FOUND();
        }
    }
    const char *uscc = form_uscc(op, in->form);
    for (int i = 0; i < in->nmaterials; i++)
        if (check_material(&o, &p, in, i, applicant, uscc, NULL) < 0) FOUND();
    for (int k = 0; k < p.nmaterials; k++)
        if (strcmp(p.materials[k]->requirement, "required") == 0 && !material_given(&p, in, k)) {
            yw_fail(&one, YW_E_CASE_MATERIAL_MISSING, "materials", p.materials[k]->name);
            FOUND();
        }
#undef FOUND
done:
    json_decref(form);
    if (rc < 0) return -1;
    *out = list;
    *count = n;
    return 0;
}

/* Tells the other concepts what happened to case id (core/event.h): the case as it is now is the
 * event's record, loaded into *now (may be NULL) so that a write answering with the case reads it
 * once — subscribers write their own rows, never the case's. *answer (may be NULL) gets what a
 * subscriber answered. */
static int raise(yw_op *op, const char *kind, const char *id, const char *task_id, const char *note,
                 const char **answer, yw_case *now) {
    yw_case mine;
    if (!now) now = &mine;
    if (load(op, id, now) < 0) return -1;
    yw_event ev = {.kind = kind, .subject_type = task_id ? "case_task" : "case", .subject_id = task_id ? task_id : id,
                   .data = now, .note = note};
    if (yw_event_raise(op, &ev) < 0) return -1;
    if (answer) *answer = ev.answer;
    return 0;
}

/* Locks the case for the action (case_actions), checks that its state allows it, and loads it. */
static int load_in(yw_op *op, const char *id, const char *action, yw_case *c) {
    int state;
    if (yw_machine_lock(op, &case_machine, id, &state) < 0 || !yw_machine_check(op, &case_machine, action, state))
        return -1;
    return load(op, id, c);
}

static int add_days(const yw_workcal *cal, int64_t from, int n, char out[YW_DATE_SIZE], bool *provisional,
                    yw_err *err) {
    int64_t d;
    bool p = false;
    if (yw_workcal_add(cal, from, n, &d, &p, err) < 0) return -1;
    *provisional = *provisional || p;
    yw_date_format(d, out);
    return 0;
}

static int new_task(yw_op *op, const char *case_id, yw_task_kind kind, const char *item_code, const char *dept_id,
                    int stage, const char *deadline, const char *statutory, bool provisional) {
    char id[YW_ID_SIZE], now[YW_TIMESTAMP_SIZE];
    yw_ulid_new(id);
    yw_op_timestamp(op, now);
    if (yw_store_run(op->store, NULL,
                     "INSERT INTO case_tasks (id, case_id, kind, item_code, department_id, state, deadline,"
                     " statutory_deadline, provisional, created_at, stage)"
                     " VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8, $9, $10)",
                     YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(case_id), YW_TEXT_P(yw_enum_to_text(yw_task_kinds, (int)kind)),
                               YW_TEXT_P(item_code), YW_TEXT_P(dept_id), YW_TEXT_P(deadline), YW_TEXT_P(statutory),
                               YW_INT_P(provisional), YW_TEXT_P(now), YW_INT_P(stage)),
                     NULL, NULL, op->err) < 0)
        return -1;
    return transition(op, case_id, id, NULL, TST(YW_TASK_OPEN), yw_enum_to_text(yw_task_kinds, (int)kind));
}

/* The items of a case at their versions, in the case's order (arena memory). */
static int case_item_views(yw_op *op, const yw_case *c, yw_item_view **out) {
    yw_item_view *v = yw_arena_calloc(op->arena, (size_t)c->nitems + 1, sizeof *v);
    if (!v) return yw_fail(op->err, YW_E_NOMEM, NULL);
    for (int i = 0; i < c->nitems; i++)
        if (yw_catalog_get(op, c->items[i].code, c->items[i].version, &v[i]) < 0) return -1;
    *out = v;
    return 0;
}

static const yw_item_material *item_material(const yw_item *it, const char *name) {
    for (int i = 0; i < it->nmaterials; i++)
        if (strcmp(it->materials[i].name, name) == 0) return &it->materials[i];
    return NULL;
}

/* The material of that name among the case's items, or NULL. */
static const yw_item_material *case_material(const yw_case *c, const yw_item_view *views, const char *name) {
    for (int i = 0; i < c->nitems; i++) {
        const yw_item_material *m = item_material(&views[i].item, name);
        if (m) return m;
    }
    return NULL;
}

static bool pledged(const yw_case *c, const yw_item *it) {
    for (int i = 0; i < c->nmaterials; i++)
        if (strcmp(c->materials[i].provided_as, "pledge") == 0 && item_material(it, c->materials[i].name)) return true;
    return false;
}

/* Opens a stage of the case today: a review task for each of its items in the item's
 * department, due in the item's promised and statutory working days, and a post-check task for
 * each that lists a pledged material. */
static int open_stage(yw_op *op, const yw_case *c, const yw_item_view *views, int stage, const yw_workcal *cal) {
    yw_err *err = op->err;
    int64_t today = yw_op_today(op);
    for (int i = 0; i < c->nitems; i++) {
        if (c->items[i].stage != stage) continue;
        const yw_item *it = &views[i].item;
        yw_rows rows;
        if (yw_store_query(op->store, op->arena, "SELECT id FROM departments WHERE code = $1",
                           YW_ARGS(it->department), &rows, err) < 0)
            return -1;
        if (!rows.nrows) return yw_fail(err, YW_E_ITEM_DEPARTMENT_UNKNOWN, "item", it->department);
        const char *dept = yw_rows_get(&rows, 0, 0);
        char due[YW_DATE_SIZE], statutory[YW_DATE_SIZE];
        bool provisional = false;
        if (add_days(cal, today, it->promised_days, due, &provisional, err) < 0 ||
            add_days(cal, today, it->statutory_days, statutory, &provisional, err) < 0 ||
            new_task(op, c->id, YW_TASK_REVIEW, it->code, dept, stage, due, statutory, provisional) < 0)
            return -1;
        if (pledged(c, it)) { /* 告知承诺: the department checks the pledge afterwards (核查) */
            bool p = false;
            if (add_days(cal, today, YW_CASE_VERIFY_DAYS, due, &p, err) < 0 ||
                new_task(op, c->id, YW_TASK_VERIFY, it->code, dept, stage, due, due, p) < 0)
                return -1;
        }
    }
    return 0;
}

/* The working days a case is given overall: the bundle's limit, or else each stage's longest
 * promised days added (the items of a stage run in parallel). */
static int overall_days(const yw_case *c, const yw_item_view *views) {
    if (c->limit_days > 0) return c->limit_days;
    int total = 0;
    for (int stage = 0;; stage++) {
        int longest = -1;
        for (int i = 0; i < c->nitems; i++)
            if (c->items[i].stage == stage && views[i].item.promised_days > longest)
                longest = views[i].item.promised_days;
        bool later = false;
        for (int i = 0; i < c->nitems; i++) later = later || c->items[i].stage > stage;
        if (longest > 0) total += longest;
        if (!later) return total;
    }
}

static int first_stage(const yw_case *c) {
    int first = -1;
    for (int i = 0; i < c->nitems; i++)
        if (first < 0 || c->items[i].stage < first) first = c->items[i].stage;
    return first < 0 ? 0 : first;
}

/* A due date's reason as kept: NULL when none was given or it is blank. */
static const char *reason_or_null(const char *reason) {
    return reason && !yw_utf8_blank(reason, strlen(reason)) ? reason : NULL;
}

int yw_case_accept(yw_op *op, const yw_case_accept_in *in, yw_case *out) {
    if (yw_op_require(op, YW_ROLE_CLERK, "accept cases") < 0) return -1;
    yw_err *err = op->err;
    yw_case c;
    if (load_in(op, in->case_id, "accept", &c) < 0) return -1;
    yw_item_view *views;
    if (case_item_views(op, &c, &views) < 0) return -1;
    int64_t today = yw_op_today(op);
    /* the case's own deadline (its promised date), which a due date passes only with a reason */
    const yw_workcal *cal;
    char deadline[YW_DATE_SIZE];
    bool provisional = false;
    int64_t last_day;
    if (yw_calendar_current(op, &cal) < 0 || add_days(cal, today, overall_days(&c, views), deadline, &provisional, err) < 0 ||
        yw_date_parse(deadline, &last_day, "deadline", err) < 0)
        return -1;
    /* 容缺: each deferred material named once, with a due date after today and within bounds */
    for (int i = 0; i < in->ndeferred; i++) {
        const yw_case_deferred *d = &in->deferred[i];
        const char *field = yw_arena_printf(op->arena, "/deferred/%d", i);
        if (!field) return yw_fail(err, YW_E_NOMEM, NULL);
        const yw_item_material *im = d->material ? case_material(&c, views, d->material) : NULL;
        if (!im) return yw_fail(err, YW_E_CASE_MATERIAL_UNKNOWN, field, d->material ? d->material : "");
        if (!accepted_as(im, "deferred"))
            return yw_fail(err, YW_E_CASE_MATERIAL_NOT_ACCEPTED_AS, field, d->material, "deferred");
        for (int k = 0; k < i; k++)
            if (strcmp(in->deferred[k].material, d->material) == 0)
                return yw_fail(err, YW_E_ITEM_REPEATED, field, d->material);
        int64_t due;
        const char *due_field = yw_arena_printf(op->arena, "/deferred/%d/due_date", i);
        if (!due_field) return yw_fail(err, YW_E_NOMEM, NULL);
        if (!d->due_date) return yw_fail(err, YW_E_CASE_DEFERRED_DUE_REQUIRED, due_field, d->material);
        if (yw_case_due_check(op, d->due_date, due_field, &due) < 0) return -1;
        if (due > last_day && (!d->due_reason || yw_utf8_blank(d->due_reason, strlen(d->due_reason)))) {
            const char *why = yw_arena_printf(op->arena, "/deferred/%d/due_reason", i);
            if (!why) return yw_fail(err, YW_E_NOMEM, NULL);
            return yw_fail(err, YW_E_CASE_DUE_AFTER_DEADLINE, why, d->material, d->due_date, deadline);
        }
    }
    for (int i = 0; i < c.nmaterials; i++) {
        const yw_case_material *m = &c.materials[i];
        if (strcmp(m->provided_as, "deferred") != 0) continue;
        bool dated = false;
        for (int k = 0; k < in->ndeferred; k++) dated = dated || strcmp(in->deferred[k].material, m->name) == 0;
        if (!dated) return yw_fail(err, YW_E_CASE_DEFERRED_DUE_REQUIRED, "deferred", m->name);
    }
    for (int k = 0; k < in->ndeferred; k++) {
        const yw_case_deferred *d = &in->deferred[k];
        int seq = -1;
        for (int i = 0; i < c.nmaterials; i++)
            if (strcmp(c.materials[i].name, d->material) == 0) seq = i;
        int rc = seq >= 0
                     ? yw_store_run(op->store, NULL,
                                    "UPDATE case_materials SET provided_as = 'deferred', due_date = $1, due_reason = $4"
                                    " WHERE case_id = $2 AND seq = $3",
                                    YW_PARAMS(YW_TEXT_P(d->due_date), YW_TEXT_P(c.id), YW_INT_P(seq),
                                              YW_TEXT_P(reason_or_null(d->due_reason))),
                                    NULL, NULL, err)
                     : yw_store_run(op->store, NULL,
                                    "INSERT INTO case_materials (case_id, seq, name, provided_as, due_date, due_reason)"
                                    " VALUES ($1, $2, $3, 'deferred', $4, $5)",
                                    YW_PARAMS(YW_TEXT_P(c.id), YW_INT_P(c.nmaterials + k), YW_TEXT_P(d->material),
                                              YW_TEXT_P(d->due_date), YW_TEXT_P(reason_or_null(d->due_reason))),
                                    NULL, NULL, err);
        if (rc < 0) return -1;
    }
    if (in->ndeferred && load(op, c.id, &c) < 0) return -1; /* the materials as now recorded */
    int stage = first_stage(&c);
    char today_s[YW_DATE_SIZE];
    yw_date_format(today, today_s);
    if (open_stage(op, &c, views, stage, cal) < 0) return -1;
    if (yw_store_run(op->store, NULL, "UPDATE cases SET accepted_on = $1, stage = $2, deadline = $3 WHERE id = $4",
                     YW_PARAMS(YW_TEXT_P(today_s), YW_INT_P(stage), YW_TEXT_P(deadline), YW_TEXT_P(c.id)), NULL, NULL,
                     err) < 0 ||
        transition(op, c.id, NULL, ST(YW_CASE_SUBMITTED), ST(YW_CASE_ACCEPTED), NULL) < 0 ||
        transition(op, c.id, NULL, ST(YW_CASE_ACCEPTED), ST(YW_CASE_IN_PROGRESS), NULL) < 0 ||
        audit(op, "case.accept", "case", c.id, ST(YW_CASE_SUBMITTED), ST(YW_CASE_IN_PROGRESS), NULL) < 0 ||
        raise(op, "case.accepted", c.id, NULL, NULL, NULL, out) < 0)
        return -1;
    return 0;
}

int yw_case_refuse(yw_op *op, const yw_case_act_in *in, yw_case *out) {
    if (yw_op_require(op, YW_ROLE_CLERK, "refuse cases") < 0 || check_reason(op, in->reason) < 0) return -1;
    yw_case c;
    if (load_in(op, in->id, "refuse", &c) < 0) return -1;
    if (yw_store_run(op->store, NULL, "UPDATE cases SET reason = $1 WHERE id = $2",
                     YW_PARAMS(YW_TEXT_P(in->reason), YW_TEXT_P(c.id)), NULL, NULL, op->err) < 0 ||
        transition(op, c.id, NULL, ST(c.state), ST(YW_CASE_REFUSED), in->reason) < 0 ||
        audit(op, "case.refuse", "case", c.id, ST(c.state), ST(YW_CASE_REFUSED), in->reason) < 0 ||
        raise(op, "case.refused", c.id, NULL, in->reason, NULL, out) < 0)
        return -1;
    return 0;
}

/* The applicant's own case (or the clerk's who submitted it, for withdraw and resubmit). */
static int require_party(yw_op *op, const yw_case *c) {
    if (!is_party(op->actor, c)) return yw_fail(op->err, YW_E_CASE_NOT_YOURS, NULL);
    return 0;
}

int yw_case_withdraw(yw_op *op, const yw_case_act_in *in, yw_case *out) {
    if (yw_op_require(op, YW_ROLE_APPLICANT | YW_ROLE_CLERK, "withdraw cases") < 0) return -1;
    yw_case c;
    if (load(op, in->id ? in->id : "", &c) < 0 || require_party(op, &c) < 0) return -1;
    if (load_in(op, c.id, "withdraw", &c) < 0) return -1;
    if (transition(op, c.id, NULL, ST(c.state), ST(YW_CASE_WITHDRAWN), in->reason) < 0 ||
        audit(op, "case.withdraw", "case", c.id, ST(c.state), ST(YW_CASE_WITHDRAWN), in->reason) < 0)
        return -1;
    return out ? load(op, c.id, out) : 0;
}

/* The field of that key among the case's items at their versions, or NULL. */
static const yw_item_field *case_field(const yw_case *c, const yw_item_view *views, const char *key) {
    for (int i = 0; i < c->nitems; i++)
        for (int k = 0; k < views[i].item.nfields; k++)
            if (strcmp(views[i].item.fields[k].key, key) == 0) return &views[i].item.fields[k];
    return NULL;
}

/* One list of a 补正 notice (materials: names; fields: keys), checked: each one of the case's
 * items', named once, with its reason. Errors name /<list>/<n>/<member>. */
static int check_ask_list(yw_op *op, const yw_case *c, const yw_item_view *views, const yw_case_ask *asks, int n,
                          bool fields) {
    const char *list = fields ? "fields" : "materials", *member = fields ? "key" : "name";
    if (n > YW_CASE_ASKS_MAX) return yw_fail(op->err, YW_E_FIELD_TOO_MANY, list, list, (long long)YW_CASE_ASKS_MAX);
    for (int i = 0; i < n; i++) {
        const char *at = yw_arena_printf(op->arena, "/%s/%d/%s", list, i, member),
                   *why = yw_arena_printf(op->arena, "/%s/%d/reason", list, i);
        if (!at || !why) return yw_fail(op->err, YW_E_NOMEM, NULL);
        const char *name = asks[i].name ? asks[i].name : "";
        if (fields ? !case_field(c, views, name) : !case_material(c, views, name))
            return fields ? yw_fail(op->err, YW_E_CASE_FIELD_UNKNOWN, at, name)
                          : yw_fail(op->err, YW_E_CASE_MATERIAL_UNKNOWN, at, name);
        /* a material asked again is uploaded again: one the items take as a file */
        if (!fields && !accepted_as(case_material(c, views, name), "upload"))
            return yw_fail(op->err, YW_E_CASE_MATERIAL_NOT_ACCEPTED_AS, at, name, "upload");
        for (int k = 0; k < i; k++)
            if (strcmp(asks[k].name, name) == 0) return yw_fail(op->err, YW_E_CASE_ASK_REPEATED, at, name);
        size_t len = asks[i].reason ? strlen(asks[i].reason) : 0;
        if (len < 1 || len > YW_CASE_REASON_MAX || yw_utf8_blank(asks[i].reason, len))
            return yw_fail(op->err, YW_E_CASE_REASON_REQUIRED, why);
    }
    return 0;
}

/* The notice in words, for the applicant's message: the overall note, then each material to
 * replace and each field to correct with its reason. Arena text. */
static int ask_words(yw_op *op, const yw_case *c, const yw_item_view *views, const yw_case_act_in *in,
                     const char **out) {
    yw_buf b;
    yw_buf_init(&b, op->arena);
    yw_buf_puts(&b, in->reason);
    for (int i = 0; i < in->nask_materials; i++)
        yw_buf_printf(&b, "%s%s（%s）", i ? "、" : "；需重新上传：", in->ask_materials[i].name,
                      in->ask_materials[i].reason);
    for (int i = 0; i < in->nask_fields; i++)
        yw_buf_printf(&b, "%s%s（%s）", i ? "、" : "；需更正：", case_field(c, views, in->ask_fields[i].name)->label,
                      in->ask_fields[i].reason);
    if (b.failed) return yw_fail(op->err, YW_E_NOMEM, NULL);
    *out = b.data;
    return 0;
}

/* Keeps what the notice of task_id asks, one row each, in the order given. */
static int record_asks(yw_op *op, const yw_case *c, const char *task_id, const yw_case_act_in *in) {
    char now[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    int seq = 0;
    for (int pass = 0; pass < 2; pass++) {
        const yw_case_ask *asks = pass ? in->ask_fields : in->ask_materials;
        int n = pass ? in->nask_fields : in->nask_materials;
        for (int i = 0; i < n; i++) {
            char id[YW_ID_SIZE];
            yw_ulid_new(id);
            if (yw_store_run(op->store, NULL,
                             "INSERT INTO case_corrections (id, case_id, task_id, seq, kind, name, reason, asked_at)"
                             " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                             YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(c->id), YW_TEXT_P(task_id), YW_INT_P(seq++),
                                       YW_TEXT_P(pass ? "field" : "material"), YW_TEXT_P(asks[i].name),
                                       YW_TEXT_P(asks[i].reason), YW_TEXT_P(now)),
                             NULL, NULL, op->err) < 0)
                return -1;
        }
    }
    return 0;
}

/* A case that ends rejected (不予许可) has nothing left to check: its open post-checks close, each
 * locked and checked against the task's table as any transition. */
static int close_checks(yw_op *op, const yw_case *c) {
    char now[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    for (int i = 0; i < c->ntasks; i++) {
        const yw_task *t = &c->tasks[i];
        if (t->kind != YW_TASK_VERIFY || (t->state != YW_TASK_OPEN && t->state != YW_TASK_CORRECTING)) continue;
        int state;
        if (yw_machine_lock(op, &task_machine, t->id, &state) < 0 ||
            !yw_machine_check(op, &task_machine, "close", state))
            return -1;
        if (yw_store_run(op->store, NULL,
                         "UPDATE case_tasks SET state = 'closed', paused_on = NULL, decided_by = $1, decided_at = $2"
                         " WHERE id = $3",
                         YW_PARAMS(YW_TEXT_P(op->actor->account_id), YW_TEXT_P(now), YW_TEXT_P(t->id)), NULL, NULL,
                         op->err) < 0 ||
            transition(op, c->id, t->id, TST(state), TST(YW_TASK_CLOSED), "case rejected") < 0 ||
            audit(op, "task.close", "case_task", t->id, TST(state), TST(YW_TASK_CLOSED), "case rejected") < 0)
            return -1;
    }
    return 0;
}

/* The open asks of the case's 补正 notices against what the resubmission gives: each material
 * asked a new file (the applicant's or the actor's upload), each field asked a value of its type;
 * nothing that was not asked; every ask answered, all those missing named at once (一次性告知:
 * the error's field is the first of them, /materials or /form/<key>). *form gets the parsed
 * corrected values (the caller decrefs). */
static int check_answers(yw_op *op, const yw_case *c, const yw_item_view *views, const yw_case_act_in *in,
                         json_t **form) {
    yw_err *err = op->err;
    json_error_t je;
    *form = json_loads(in->form ? in->form : "{}", 0, &je);
    if (!json_is_object(*form)) return yw_fail(err, YW_E_FIELD_TYPE, "form", "form", "对象", "an object");
    bool open_material, open_field;
    for (int i = 0; i < in->nmaterials; i++) {
        const yw_case_material *m = &in->materials[i];
        const char *at = yw_arena_printf(op->arena, "/materials/%d/name", i),
                   *ufield = yw_arena_printf(op->arena, "/materials/%d/upload", i);
        if (!at || !ufield) return yw_fail(err, YW_E_NOMEM, NULL);
        const char *name = m->name ? m->name : "";
        open_material = false;
        for (int k = 0; k < c->nfixes && !open_material; k++)
            open_material = !c->fixes[k].answered_at && strcmp(c->fixes[k].kind, "material") == 0 &&
                            strcmp(c->fixes[k].name, name) == 0;
        if (!open_material) return yw_fail(err, YW_E_CASE_CORRECTION_NOT_ASKED, at, name);
        for (int k = 0; k < i; k++)
            if (strcmp(in->materials[k].name, name) == 0) return yw_fail(err, YW_E_CASE_ASK_REPEATED, at, name);
        if (!m->upload) return yw_fail(err, YW_E_CASE_UPLOAD_REQUIRED, ufield, name);
        if (yw_upload_check(op, m->upload, c->applicant_id, ufield, NULL) < 0) return -1;
    }
    const char *key;
    json_t *v;
    json_object_foreach(*form, key, v) {
        const char *at = yw_arena_printf(op->arena, "/form/%s", key);
        if (!at) return yw_fail(err, YW_E_NOMEM, NULL);
        open_field = false;
        for (int k = 0; k < c->nfixes && !open_field; k++)
            open_field = !c->fixes[k].answered_at && strcmp(c->fixes[k].kind, "field") == 0 &&
                         strcmp(c->fixes[k].name, key) == 0;
        if (!open_field) return yw_fail(err, YW_E_CASE_CORRECTION_NOT_ASKED, at, key);
        const yw_item_field *f = case_field(c, views, key);
        if (!f) return yw_fail(err, YW_E_CASE_FIELD_UNKNOWN, at, key);
        if (!json_is_null(v) && yw_case_field_check(op, f, *form, at) < 0) return -1;
    }
    yw_buf missing;
    yw_buf_init(&missing, op->arena);
    const char *first = NULL;
    for (int k = 0; k < c->nfixes; k++) {
        const yw_case_fix *f = &c->fixes[k];
        if (f->answered_at) continue;
        bool given = false;
        if (strcmp(f->kind, "material") == 0)
            for (int i = 0; i < in->nmaterials && !given; i++) given = strcmp(in->materials[i].name, f->name) == 0;
        else
            given = json_object_get(*form, f->name) && !json_is_null(json_object_get(*form, f->name));
        if (given) continue;
        const yw_item_field *field = strcmp(f->kind, "field") == 0 ? case_field(c, views, f->name) : NULL;
        yw_buf_printf(&missing, "%s%s", missing.len ? "、" : "", field ? field->label : f->name);
        if (!first) first = field ? yw_arena_printf(op->arena, "/form/%s", f->name) : "/materials";
        if (!first) return yw_fail(err, YW_E_NOMEM, NULL);
    }
    if (missing.failed) return yw_fail(err, YW_E_NOMEM, NULL);
    if (missing.len) return yw_fail(err, YW_E_CASE_CORRECTION_MISSING, first, missing.data);
    return 0;
}

/* The answers written: each material's new file in place of the earlier (a material not given
 * before is added), each field's new value in the form, and each ask's row keeps both. */
static int apply_answers(yw_op *op, const yw_case *c, const yw_case_act_in *in, json_t *corrected) {
    yw_err *err = op->err;
    char now[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    for (int i = 0; i < in->nmaterials; i++) {
        const yw_case_material *m = &in->materials[i];
        yw_rows rows;
        if (yw_store_query(op->store, op->arena,
                           "SELECT seq, upload_sha256 FROM case_materials WHERE case_id = $1 AND name = $2",
                           YW_ARGS(c->id, m->name), &rows, err) < 0)
            return -1;
        const char *earlier = rows.nrows ? yw_rows_get(&rows, 0, 1) : NULL;
        int rc;
        if (rows.nrows) {
            rc = yw_store_run(op->store, NULL,
                              "UPDATE case_materials SET provided_as = 'upload', upload_sha256 = $1"
                              " WHERE case_id = $2 AND seq = $3",
                              YW_PARAMS(YW_TEXT_P(m->upload), YW_TEXT_P(c->id),
                                        YW_INT_P(atoi(yw_rows_get(&rows, 0, 0)))),
                              NULL, NULL, err);
        } else {
            yw_rows n;
            if (yw_store_query(op->store, op->arena,
                               "SELECT COALESCE(MAX(seq), -1) + 1 FROM case_materials WHERE case_id = $1",
                               YW_ARGS(c->id), &n, err) < 0)
                return -1;
            int next = atoi(yw_rows_get(&n, 0, 0));
            rc = yw_store_run(op->store, NULL,
                              "INSERT INTO case_materials (case_id, seq, name, provided_as, upload_sha256)"
                              " VALUES ($1, $2, $3, 'upload', $4)",
                              YW_PARAMS(YW_TEXT_P(c->id), YW_INT_P(next), YW_TEXT_P(m->name), YW_TEXT_P(m->upload)),
                              NULL, NULL, err);
        }
        if (rc < 0 ||
            yw_store_run(op->store, NULL,
                         "UPDATE case_corrections SET earlier = $1, given = $2, answered_at = $3"
                         " WHERE case_id = $4 AND kind = 'material' AND name = $5 AND answered_at IS NULL",
                         YW_PARAMS(YW_TEXT_P(earlier), YW_TEXT_P(m->upload), YW_TEXT_P(now), YW_TEXT_P(c->id),
                                   YW_TEXT_P(m->name)),
                         NULL, NULL, err) < 0)
            return -1;
    }
    if (!json_object_size(corrected)) return 0;
    json_error_t je;
    json_t *form = json_loads(c->form ? c->form : "{}", 0, &je);
    if (!json_is_object(form)) {
        json_decref(form);
        return yw_err_set(err, YW_ERR_INTERNAL, NULL, "a case's form is not an object");
    }
    const char *key;
    json_t *v;
    int rc = 0;
    json_object_foreach(corrected, key, v) {
        json_t *old = json_object_get(form, key);
        char *earlier = old ? json_dumps(old, JSON_COMPACT | JSON_ENCODE_ANY) : NULL,
             *given = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        if ((old && !earlier) || !given || json_object_set(form, key, v) < 0) rc = yw_fail(err, YW_E_NOMEM, NULL);
        if (rc == 0)
            rc = yw_store_run(op->store, NULL,
                              "UPDATE case_corrections SET earlier = $1, given = $2, answered_at = $3"
                              " WHERE case_id = $4 AND kind = 'field' AND name = $5 AND answered_at IS NULL",
                              YW_PARAMS(YW_TEXT_P(earlier), YW_TEXT_P(given), YW_TEXT_P(now), YW_TEXT_P(c->id),
                                        YW_TEXT_P(key)),
                              NULL, NULL, err);
        free(earlier);
        free(given);
        if (rc < 0) break;
    }
    char *text = rc == 0 ? json_dumps(form, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(form);
    if (rc < 0) return -1;
    if (!text) return yw_fail(err, YW_E_NOMEM, NULL);
    rc = yw_store_run(op->store, NULL, "UPDATE cases SET form = $1 WHERE id = $2",
                      YW_PARAMS(YW_TEXT_P(text), YW_TEXT_P(c->id)), NULL, NULL, err);
    free(text);
    return rc;
}

int yw_case_resubmit(yw_op *op, const yw_case_act_in *in, yw_case *out) {
    if (yw_op_require(op, YW_ROLE_APPLICANT | YW_ROLE_CLERK, "resubmit cases") < 0) return -1;
    yw_case c;
    if (load(op, in->id ? in->id : "", &c) < 0 || require_party(op, &c) < 0) return -1;
    if (load_in(op, c.id, "resubmit", &c) < 0) return -1;
    yw_item_view *views;
    json_t *corrected = NULL;
    if (case_item_views(op, &c, &views) < 0) return -1;
    int rc = check_answers(op, &c, views, in, &corrected);
    if (rc == 0) {
        bool asked = false;
        for (int i = 0; i < c.ntasks; i++) asked = asked || c.tasks[i].state == YW_TASK_CORRECTING;
        /* the answers go with a resubmission that resumes a task; none without one */
        if (asked) rc = apply_answers(op, &c, in, corrected);
    }
    json_decref(corrected);
    if (rc < 0) return -1;
    const yw_workcal *cal;
    if (yw_calendar_current(op, &cal) < 0) return -1;
    int64_t today = yw_op_today(op);
    int resumed = 0;
    for (int i = 0; i < c.ntasks; i++) {
        yw_task *t = &c.tasks[i];
        if (t->state != YW_TASK_CORRECTING) continue;
        /* the clock stood from the day of the request to today: the deadlines move by as many
         * working days */
        int64_t paused_on, deadline, statutory, paused;
        bool provisional = t->provisional;
        if (yw_date_parse(t->paused_on, &paused_on, "paused_on", op->err) < 0 ||
            yw_date_parse(t->deadline, &deadline, "deadline", op->err) < 0 ||
            yw_date_parse(t->statutory_deadline, &statutory, "statutory_deadline", op->err) < 0 ||
            yw_workcal_count(cal, paused_on, today, &paused, &provisional, op->err) < 0)
            return -1;
        char due[YW_DATE_SIZE], due_statutory[YW_DATE_SIZE];
        if (add_days(cal, deadline, (int)paused, due, &provisional, op->err) < 0 ||
            add_days(cal, statutory, (int)paused, due_statutory, &provisional, op->err) < 0)
            return -1;
        if (yw_store_run(op->store, NULL,
                         "UPDATE case_tasks SET state = 'open', paused_on = NULL, paused_days = paused_days + $1,"
                         " deadline = $2, statutory_deadline = $3, provisional = $4 WHERE id = $5 AND state = 'correcting'",
                         YW_PARAMS(YW_INT_P(paused), YW_TEXT_P(due), YW_TEXT_P(due_statutory), YW_INT_P(provisional),
                                   YW_TEXT_P(t->id)),
                         NULL, NULL, op->err) < 0 ||
            transition(op, c.id, t->id, TST(YW_TASK_CORRECTING), TST(YW_TASK_OPEN), "resubmitted") < 0 ||
            audit(op, "task.resume", "case_task", t->id, TST(YW_TASK_CORRECTING), TST(YW_TASK_OPEN), NULL) < 0)
            return -1;
        resumed++;
    }
    if (!resumed)
        return yw_machine_refuse(op, &case_machine, (int)c.state, "重新提交：没有要求补正的任务",
                                 "be resubmitted: no task asks for corrections");
    return raise(op, "case.resubmitted", c.id, NULL, NULL, NULL, out);
}

/* After a decision or a supply. When the review tasks of the open stage are all approved and a
 * later stage has items, that stage opens today. When every review task opened is decided (a
 * rejection ends a staged case: later stages never open) and no deferred material is still
 * owed by an approved case, the case ends completed, partly completed or rejected. */
static int settle(yw_op *op, const char *case_id) {
    yw_case c;
    if (load(op, case_id, &c) < 0) return -1;
    if (c.state != YW_CASE_IN_PROGRESS) return 0;
    int approved = 0, rejected = 0;
    for (int i = 0; i < c.ntasks; i++) {
        const yw_task *t = &c.tasks[i];
        if (t->kind != YW_TASK_REVIEW) continue;
        if (t->state == YW_TASK_APPROVED) approved++;
        else if (t->state == YW_TASK_REJECTED) rejected++;
        else return 0;
    }
    int next = -1;
    for (int i = 0; i < c.nitems; i++)
        if (c.items[i].stage > c.stage && (next < 0 || c.items[i].stage < next)) next = c.items[i].stage;
    if (!rejected && next >= 0) {
        yw_item_view *views;
        const yw_workcal *cal;
        const char *name = NULL;
        for (int i = 0; i < c.nitems && !name; i++)
            if (c.items[i].stage == next) name = c.items[i].stage_name;
        if (case_item_views(op, &c, &views) < 0 || yw_calendar_current(op, &cal) < 0 ||
            open_stage(op, &c, views, next, cal) < 0)
            return -1;
        if (yw_store_run(op->store, NULL, "UPDATE cases SET stage = $1 WHERE id = $2",
                         YW_PARAMS(YW_INT_P(next), YW_TEXT_P(c.id)), NULL, NULL, op->err) < 0 ||
            transition(op, c.id, NULL, ST(c.state), ST(c.state), name) < 0 ||
            audit(op, "case.stage", "case", c.id, ST(c.state), ST(c.state), name) < 0 ||
            raise(op, "case.stage_opened", c.id, NULL, name, NULL, NULL) < 0)
            return -1;
        return 0;
    }
    if (approved)
        for (int i = 0; i < c.nmaterials; i++)
            if (strcmp(c.materials[i].provided_as, "deferred") == 0 && !c.materials[i].supplied_at) return 0;
    yw_case_state to = !rejected ? YW_CASE_COMPLETED : !approved ? YW_CASE_REJECTED : YW_CASE_PARTLY_COMPLETED;
    if (transition(op, c.id, NULL, ST(c.state), ST(to), NULL) < 0 ||
        audit(op, "case.settle", "case", c.id, ST(c.state), ST(to), NULL) < 0 ||
        (to == YW_CASE_REJECTED && close_checks(op, &c) < 0))
        return -1;
    /* the registry, the messages …: whoever reacts to a decided case (domain/events/) */
    const char *note = NULL;
    if (raise(op, "case.settled", c.id, NULL, NULL, &note, NULL) < 0) return -1;
    return note ? transition(op, c.id, NULL, ST(to), ST(to), note) : 0;
}

int yw_case_supply(yw_op *op, const yw_case_act_in *in, yw_case *out) {
    if (yw_op_require(op, YW_ROLE_APPLICANT | YW_ROLE_CLERK, "supply materials") < 0) return -1;
    yw_case c;
    if (load(op, in->id ? in->id : "", &c) < 0) return -1;
    if (!yw_actor_has(op->actor, YW_ROLE_CLERK) && require_party(op, &c) < 0) return -1;
    if (load_in(op, c.id, "supply", &c) < 0) return -1;
    int seq = -1;
    for (int i = 0; i < c.nmaterials; i++)
        if (in->material && strcmp(c.materials[i].name, in->material) == 0 &&
            strcmp(c.materials[i].provided_as, "deferred") == 0 && !c.materials[i].supplied_at)
            seq = i;
    if (seq < 0) return yw_fail(op->err, YW_E_CASE_NOTHING_TO_SUPPLY, "material", in->material ? in->material : "");
    /* the file itself, or a clerk's word that the paper came in at the window */
    if (in->at_window && !yw_actor_has(op->actor, YW_ROLE_CLERK))
        return yw_fail(op->err, YW_E_CASE_WINDOW_CLERK_ONLY, "at_window");
    if (in->at_window && in->upload) return yw_fail(op->err, YW_E_CASE_WINDOW_OR_FILE, "at_window");
    if (!in->at_window && !in->upload) return yw_fail(op->err, YW_E_CASE_SUPPLY_FILE_REQUIRED, "upload", in->material);
    if (in->upload && yw_upload_check(op, in->upload, c.applicant_id, "upload", NULL) < 0) return -1;
    char now[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    if (yw_store_run(op->store, NULL,
                     "UPDATE case_materials SET supplied_at = $1, upload_sha256 = $2, supplied_how = $3, supplied_by = $4"
                     " WHERE case_id = $5 AND seq = $6 AND supplied_at IS NULL",
                     YW_PARAMS(YW_TEXT_P(now), YW_TEXT_P(in->upload), YW_TEXT_P(in->at_window ? "window" : "upload"),
                               YW_TEXT_P(op->actor->account_id), YW_TEXT_P(c.id), YW_INT_P(seq)),
                     NULL, NULL, op->err) < 0 ||
        transition(op, c.id, NULL, ST(c.state), ST(c.state), in->material) < 0 ||
        audit(op, "case.supply", "case", c.id, ST(c.state), ST(c.state), in->material) < 0 || settle(op, c.id) < 0)
        return -1;
    return out ? load(op, c.id, out) : 0;
}

/* An officer's decision on a task of their department: the task must be open, and a review
 * task's case in progress. */
static int decide(yw_op *op, const yw_case_act_in *in, yw_task_state to, const char *action_name, const char *what,
                  yw_case *out) {
    if (yw_op_require(op, YW_ROLE_OFFICER, what) < 0) return -1;
    if (to != YW_TASK_APPROVED && check_reason(op, in->reason) < 0) return -1;
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, TASK_COLS " WHERE t.id = $1", YW_ARGS(in->id ? in->id : ""), &rows,
                       op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_TASK_NOT_FOUND, "id");
    yw_task t;
    memset(&t, 0, sizeof t);
    yw_rows_fill(&rows, 0, task_columns, NCOLS(task_columns), &t);
    if (!op->actor->department_id || strcmp(op->actor->department_id, t.department_id) != 0)
        return yw_fail(op->err, YW_E_TASK_NOT_YOUR_DEPARTMENT, NULL);
    /* the case's lock, then the task's state as it is now (another server may have decided it) */
    yw_case c;
    int case_state, task_state;
    if (yw_machine_lock(op, &case_machine, t.case_id, &case_state) < 0 ||
        (t.kind == YW_TASK_REVIEW && !yw_machine_check(op, &case_machine, "decide", case_state)) ||
        yw_machine_lock(op, &task_machine, t.id, &task_state) < 0 ||
        !yw_machine_check(op, &task_machine, action_name, task_state))
        return -1;
    t.state = (yw_task_state)task_state;
    if (to == YW_TASK_CORRECTING && t.kind != YW_TASK_REVIEW)
        return yw_machine_refuse(op, &task_machine, task_state, "要求补正（核查任务不能补正）",
                                 "ask for corrections (a post-check cannot)");
    if (load(op, t.case_id, &c) < 0) return -1;
    const char *words = in->reason;
    if (to == YW_TASK_CORRECTING && (in->nask_materials || in->nask_fields)) {
        yw_item_view *views;
        if (case_item_views(op, &c, &views) < 0 ||
            check_ask_list(op, &c, views, in->ask_materials, in->nask_materials, false) < 0 ||
            check_ask_list(op, &c, views, in->ask_fields, in->nask_fields, true) < 0 ||
            ask_words(op, &c, views, in, &words) < 0)
            return -1;
    }
    char now[YW_TIMESTAMP_SIZE], today[YW_DATE_SIZE];
    yw_op_timestamp(op, now);
    yw_date_format(yw_op_today(op), today);
    int rc = to == YW_TASK_CORRECTING
                 ? yw_store_run(op->store, NULL,
                                "UPDATE case_tasks SET state = 'correcting', paused_on = $1, reason = $2 WHERE id = $3",
                                YW_PARAMS(YW_TEXT_P(today), YW_TEXT_P(in->reason), YW_TEXT_P(t.id)), NULL, NULL,
                                op->err)
                 : yw_store_run(op->store, NULL,
                                "UPDATE case_tasks SET state = $1, reason = $2, decided_by = $3, decided_at = $4"
                                " WHERE id = $5",
                                YW_PARAMS(YW_TEXT_P(TST(to)), YW_TEXT_P(in->reason), YW_TEXT_P(op->actor->account_id),
                                          YW_TEXT_P(now), YW_TEXT_P(t.id)),
                                NULL, NULL, op->err);
    const char *action = to == YW_TASK_APPROVED ? "task.approve" : to == YW_TASK_REJECTED ? "task.reject" : "task.correct";
    if (rc < 0 || transition(op, c.id, t.id, TST(t.state), TST(to), in->reason) < 0 ||
        audit(op, action, "case_task", t.id, TST(t.state), TST(to), in->reason) < 0)
        return -1;
    if (to == YW_TASK_CORRECTING &&
        (record_asks(op, &c, t.id, in) < 0 || raise(op, "case.correct", c.id, t.id, words, NULL, NULL) < 0))
        return -1;
    if (to == YW_TASK_REJECTED && t.kind == YW_TASK_REVIEW &&
        raise(op, "case.task_rejected", c.id, t.id, in->reason, NULL, NULL) < 0)
        return -1;
    if (to != YW_TASK_CORRECTING && t.kind == YW_TASK_REVIEW && settle(op, c.id) < 0) return -1;
    return out ? load(op, c.id, out) : 0;
}

int yw_task_approve(yw_op *op, const yw_case_act_in *in, yw_case *out) {
    return decide(op, in, YW_TASK_APPROVED, "approve", "approve tasks", out);
}
int yw_task_reject(yw_op *op, const yw_case_act_in *in, yw_case *out) {
    return decide(op, in, YW_TASK_REJECTED, "reject", "reject tasks", out);
}
int yw_task_correct(yw_op *op, const yw_case_act_in *in, yw_case *out) {
    return decide(op, in, YW_TASK_CORRECTING, "correct", "ask for corrections", out);
}

/* ---- 督办 (case.h): a supervisor urges an open task ---- */

int yw_task_urge(yw_op *op, const yw_task_urge_in *in, yw_task_urging *out) {
    if (yw_op_require(op, YW_ROLE_SUPERVISOR, "urge tasks") < 0) return -1;
    size_t n = in->note ? strlen(in->note) : 0;
    if (n < 1 || n > YW_CASE_REASON_MAX || yw_utf8_blank(in->note, n))
        return yw_fail(op->err, YW_E_TASK_URGE_NOTE_REQUIRED, "note");
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, TASK_COLS " WHERE t.id = $1", YW_ARGS(in->task_id ? in->task_id : ""),
                       &rows, op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_TASK_NOT_FOUND, "id");
    yw_task t;
    memset(&t, 0, sizeof t);
    yw_rows_fill(&rows, 0, task_columns, NCOLS(task_columns), &t);
    /* the case's lock first, as a decision takes them: the case's events are numbered under it */
    int case_state, task_state;
    if (yw_machine_lock(op, &case_machine, t.case_id, &case_state) < 0 ||
        yw_machine_lock(op, &task_machine, t.id, &task_state) < 0 ||
        !yw_machine_check(op, &task_machine, "urge", task_state))
        return -1;
    yw_rows count;
    if (yw_store_query(op->store, op->arena, "SELECT COUNT(*) FROM task_urgings WHERE task_id = $1", YW_ARGS(t.id),
                       &count, op->err) < 0)
        return -1;
    int before = (int)strtol(yw_rows_get(&count, 0, 0), NULL, 10);
    char id[YW_ID_SIZE], now[YW_TIMESTAMP_SIZE], before_s[16], after_s[16];
    yw_ulid_new(id);
    yw_op_timestamp(op, now);
    snprintf(before_s, sizeof before_s, "%d", before);
    snprintf(after_s, sizeof after_s, "%d", before + 1);
    if (yw_store_run(op->store, NULL,
                     "INSERT INTO task_urgings (id, task_id, case_id, note, urged_by, at) VALUES ($1, $2, $3, $4, $5, $6)",
                     YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(t.id), YW_TEXT_P(t.case_id), YW_TEXT_P(in->note),
                               YW_TEXT_P(op->actor->account_id), YW_TEXT_P(now)),
                     NULL, NULL, op->err) < 0 ||
        transition(op, t.case_id, t.id, TST(YW_TASK_OPEN), "urged", in->note) < 0 ||
        yw_audit_change(op, "task.urge", "case_task", t.id, "urged", before_s, after_s, in->note) < 0)
        return -1;
    /* the working days over, as 超期督办 shows them (0 for a task not yet due) */
    const yw_workcal *cal;
    int64_t due, over = 0, today = yw_op_today(op);
    bool provisional;
    if (yw_calendar_current(op, &cal) < 0 || yw_date_parse(t.deadline, &due, "deadline", op->err) < 0 ||
        (today > due && yw_workcal_count(cal, due, today, &over, &provisional, op->err) < 0))
        return -1;
    yw_task_urged u = {t.id, t.case_id, t.department_id, t.case_title, t.case_number, t.deadline, in->note, (int)over};
    yw_event ev = {.kind = "task.urged", .subject_type = "case_task", .subject_id = t.id, .data = &u, .note = in->note};
    if (yw_event_raise(op, &ev) < 0) return -1;
    out->id = yw_arena_strdup(op->arena, id);
    out->at = yw_arena_strdup(op->arena, now);
    if (!out->id || !out->at) return yw_fail(op->err, YW_E_NOMEM, NULL);
    out->task_id = t.id;
    out->case_id = t.case_id;
    out->note = in->note;
    out->urged = before + 1;
    return 0;
}
