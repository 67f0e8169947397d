/* The lifecycle of a market entity: dormancy (歇业), deregistration (普通 and 简易 with its public
 * notice) and the abnormal list (经营异常名录). Each transition is one function: the permission
 * first, then the record and its state, then the one write of the state columns through
 * `transition`, which keeps the history and appends the audit entry. Which state allows which
 * transition is written where the transition is, and a refusal names the state and the
 * transition (YW_E_ENTITY_STATE) or the rule (dormancy too long, lapsed, a dormant entity on the
 * abnormal list, a simple deregistration of an abnormal one, the notice still running or over,
 * objections still pending). A deregistration also keeps what it rests on
 * (entity_deregistrations): 普通注销 its reason and document, 简易注销 its notice. */
#include <stdlib.h>
#include <string.h>

#include "../../base/buf.h"
#include "../../base/json_writer.h"
#include "../../base/ulid.h"
#include "../core/audit.h"
#include "../upload/upload.h"
#include "internal.h"

/* The state columns, as the history names them. */
typedef struct {
    const char *name;
    size_t offset;
} state_field;
static const state_field state_fields[] = {
    {"dormant_until", offsetof(yw_entity, dormant_until)},   {"service_address", offsetof(yw_entity, service_address)},
    {"abnormal_reason", offsetof(yw_entity, abnormal_reason)}, {"notice_until", offsetof(yw_entity, notice_until)},
    {"deregistered_on", offsetof(yw_entity, deregistered_on)},
};
#define NSTATE (int)(sizeof state_fields / sizeof state_fields[0])

static const char *state_text(const yw_entity *e, int i) {
    return *(const char *const *)((const char *)e + state_fields[i].offset);
}

static bool same_text(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

static void write_state(yw_jw *w, const yw_entity *e, const char *note_name, const char *note) {
    yw_jw_obj(w);
    yw_jw_kstr(w, "status", yw_enum_to_text(yw_entity_statuses, (int)e->status));
    for (int i = 0; i < NSTATE; i++)
        if (state_text(e, i)) yw_jw_kstr(w, state_fields[i].name, state_text(e, i));
    if (note) yw_jw_kstr(w, note_name, note);
    yw_jw_end(w);
}

/* Writes next's state over cur's (same entity): the row, a history row per state field that
 * changes (and one for `note_name` when note is given: an objection's or a removal's reason),
 * and the audit entry `action`. out (may be NULL) receives the record as it is now. */
static int transition(yw_op *op, const yw_entity *cur, const yw_entity *next, const char *action,
                      const char *note_name, const char *note, yw_entity *out) {
    const char *cur_status = yw_enum_to_text(yw_entity_statuses, (int)cur->status);
    const char *next_status = yw_enum_to_text(yw_entity_statuses, (int)next->status);
    if (strcmp(cur_status, next_status) != 0 &&
        entity_history_add(op, cur->uscc, "status", cur_status, next_status) < 0)
        return -1;
    for (int i = 0; i < NSTATE; i++)
        if (!same_text(state_text(cur, i), state_text(next, i)) &&
            entity_history_add(op, cur->uscc, state_fields[i].name, state_text(cur, i), state_text(next, i)) < 0)
            return -1;
    if (note && entity_history_add(op, cur->uscc, note_name, NULL, note) < 0) return -1;
    char at[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, at);
    int64_t moved = 0;
    if (yw_store_run(op->store, op->arena,
                     "UPDATE entities SET status = $2, dormant_until = $3, service_address = $4, abnormal_reason = $5,"
                     " notice_until = $6, deregistered_on = $7, updated_at = $8 WHERE uscc = $1 AND status = $9",
                     YW_PARAMS(YW_TEXT_P(cur->uscc), YW_TEXT_P(next_status), YW_TEXT_P(next->dormant_until),
                               YW_TEXT_P(next->service_address), YW_TEXT_P(next->abnormal_reason),
                               YW_TEXT_P(next->notice_until), YW_TEXT_P(next->deregistered_on), YW_TEXT_P(at),
                               YW_TEXT_P(cur_status)),
                     NULL, &moved, op->err) < 0)
        return -1;
    /* only from the state read: begin() locked the row, so this checks that it did */
    if (moved != 1) return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "an entity changed state under its lock");
    yw_buf bb, ab;
    yw_jw bw, aw;
    yw_jw_begin(&bw, &bb, op->arena);
    yw_jw_begin(&aw, &ab, op->arena);
    write_state(&bw, cur, NULL, NULL);
    write_state(&aw, next, note_name, note);
    if (bb.failed || ab.failed) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (yw_audit_append(op, action, "entity", cur->uscc, bb.data, ab.data) < 0) return -1;
    if (entity_changed(op, &cur->uscc, 1) < 0) return -1; /* e.g. matching: a benefit appears or goes at once */
    if (out) {
        int found = entity_load(op, cur->uscc, out);
        if (found <= 0) return found < 0 ? -1 : yw_fail(op->err, YW_E_INTERNAL, NULL);
    }
    return 0;
}

/* The permission, then the record of uscc into cur. */
static int begin(yw_op *op, const char *uscc, const char *what_zh, const char *what_en, yw_entity *cur) {
    if (entity_may_regulate(op, what_zh, what_en) < 0) return -1;
    if (!uscc || !*uscc) return yw_fail(op->err, YW_E_FIELD_REQUIRED, "uscc", "uscc");
    int found = entity_lock(op, uscc);
    if (found > 0) found = entity_load(op, uscc, cur);
    if (found < 0) return -1;
    if (!found) return yw_fail(op->err, YW_E_ENTITY_NOT_FOUND, "uscc", uscc);
    return 0;
}

static int refuse(yw_op *op, const yw_entity *cur, const char *what_zh, const char *what_en) {
    return yw_fail(op->err, YW_E_ENTITY_STATE, "status", entity_status_zh(cur->status), what_zh,
                   yw_enum_to_text(yw_entity_statuses, (int)cur->status), what_en);
}

static char *date_text(yw_arena *a, int64_t day) {
    char *s = yw_arena_alloc(a, YW_DATE_SIZE);
    if (s) yw_date_format(day, s);
    return s;
}

static int check_reason(yw_op *op, const char *reason, const char *field) {
    if (!reason || !*reason) return yw_fail(op->err, YW_E_FIELD_REQUIRED, field, field);
    if (strlen(reason) > YW_ENTITY_REASON_MAX)
        return yw_fail(op->err, YW_E_FIELD_TOO_LONG, field, field, (size_t)YW_ENTITY_REASON_MAX);
    for (const unsigned char *c = (const unsigned char *)reason; *c; c++)
        if (*c < 0x20 || *c == 0x7F) return yw_fail(op->err, YW_E_FIELD_CONTROL, field, field);
    return 0;
}

/* ---- dormancy ---- */

/* The last day a dormancy that starts today may run to: the same date YW_DORMANCY_MAX_YEARS
 * later (28 February for a 29th). */
static int64_t dormancy_limit(int64_t today) {
    int y, m, d;
    yw_civil_from_days(today, &y, &m, &d);
    y += YW_DORMANCY_MAX_YEARS;
    if (!yw_date_valid(y, m, d)) d = 28;
    return yw_days_from_civil(y, m, d);
}

/* Checks in's end and address against today; *until receives the end as text. */
static int check_dormancy(yw_op *op, const yw_dormancy_in *in, const char **until) {
    int64_t today = yw_op_today(op), day;
    if (!in->until || !*in->until) return yw_fail(op->err, YW_E_FIELD_REQUIRED, "until", "until");
    if (yw_date_parse(in->until, &day, "until", op->err) < 0) return -1;
    if (day <= today) return yw_fail(op->err, YW_E_DORMANCY_PAST, "until");
    int64_t limit = dormancy_limit(today);
    if (day > limit) {
        char last[YW_DATE_SIZE];
        yw_date_format(limit, last);
        return yw_fail(op->err, YW_E_DORMANCY_TOO_LONG, "until", last);
    }
    if (!in->service_address || !*in->service_address)
        return yw_fail(op->err, YW_E_DORMANCY_ADDRESS, "service_address");
    if (strlen(in->service_address) > YW_ENTITY_ADDRESS_MAX)
        return yw_fail(op->err, YW_E_FIELD_TOO_LONG, "service_address", "service_address",
                       (size_t)YW_ENTITY_ADDRESS_MAX);
    if (check_reason(op, in->service_address, "service_address") < 0) return -1;
    *until = in->until;
    return 0;
}

int yw_entity_dormancy_begin(yw_op *op, const yw_dormancy_in *in, yw_entity *out) {
    yw_entity cur;
    if (begin(op, in->uscc, "办理歇业", "begin a dormancy", &cur) < 0) return -1;
    if (cur.status != YW_ENTITY_ACTIVE) return refuse(op, &cur, "办理歇业", "begin a dormancy");
    yw_entity next = cur;
    if (check_dormancy(op, in, &next.dormant_until) < 0) return -1;
    next.status = YW_ENTITY_DORMANT;
    next.service_address = in->service_address;
    return transition(op, &cur, &next, "entity.dormancy_begin", NULL, NULL, out);
}

int yw_entity_dormancy_renew(yw_op *op, const yw_dormancy_in *in, yw_entity *out) {
    yw_entity cur;
    if (begin(op, in->uscc, "延长歇业", "renew a dormancy", &cur) < 0) return -1;
    if (cur.status != YW_ENTITY_DORMANT) return refuse(op, &cur, "延长歇业", "renew a dormancy");
    int64_t until;
    if (!cur.dormant_until || yw_date_parse(cur.dormant_until, &until, "dormant_until", op->err) < 0)
        return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "a dormant entity without a valid dormant_until");
    if (until < yw_op_today(op)) return yw_fail(op->err, YW_E_DORMANCY_LAPSED, "until", cur.dormant_until);
    yw_entity next = cur;
    if (check_dormancy(op, in, &next.dormant_until) < 0) return -1;
    next.service_address = in->service_address;
    return transition(op, &cur, &next, "entity.dormancy_renew", NULL, NULL, out);
}

int yw_entity_dormancy_end(yw_op *op, const char *uscc, yw_entity *out) {
    yw_entity cur;
    if (begin(op, uscc, "结束歇业", "end a dormancy", &cur) < 0) return -1;
    if (cur.status != YW_ENTITY_DORMANT) return refuse(op, &cur, "结束歇业", "end a dormancy");
    yw_entity next = cur;
    next.status = YW_ENTITY_ACTIVE;
    next.dormant_until = next.service_address = NULL;
    return transition(op, &cur, &next, "entity.dormancy_end", NULL, NULL, out);
}

int yw_entity_dormancies_lapsing(yw_op *op, int days, yw_entity **out, int *n) {
    *out = NULL;
    *n = 0;
    if (yw_op_require(op, YW_ROLE_STAFF, "list lapsing dormancies") < 0) return -1;
    if (days < 0 || days > YW_ENTITY_LAPSING_MAX_DAYS)
        return yw_fail(op->err, YW_E_FIELD_RANGE, "days", "days", 0LL, (long long)YW_ENTITY_LAPSING_MAX_DAYS);
    char *horizon = date_text(op->arena, yw_op_today(op) + days);
    if (!horizon) return yw_fail(op->err, YW_E_NOMEM, NULL);
    yw_rows rows;
    if (yw_store_run(op->store, op->arena,
                     "SELECT uscc FROM entities WHERE status = 'dormant' AND dormant_until <= $1"
                     " ORDER BY dormant_until, uscc LIMIT $2",
                     YW_PARAMS(YW_TEXT_P(horizon), YW_INT_P(YW_ENTITY_LIST_MAX)), &rows, NULL, op->err) < 0)
        return -1;
    yw_entity *list = yw_arena_calloc(op->arena, (size_t)rows.nrows + 1, sizeof *list);
    if (!list) return yw_fail(op->err, YW_E_NOMEM, NULL);
    for (int i = 0; i < rows.nrows; i++)
        if (entity_load(op, yw_rows_get(&rows, i, 0), &list[i]) < 0) return -1;
    *out = list;
    *n = rows.nrows;
    return entity_mask_accounts(op, list, rows.nrows);
}

/* ---- deregistration ---- */

/* The registering office of a notice the actor starts: the officer's own department, or the
 * market regulator's when an admin or the system starts it. Arena text; NULL in *id when the
 * store has no such department. */
static int office_of(yw_op *op, const char **id) {
    *id = NULL;
    if (op->actor && op->actor->department_id && yw_actor_has(op->actor, YW_ROLE_OFFICER)) {
        *id = op->actor->department_id;
        return 0;
    }
    return entity_regulator_department(op, id);
}

/* The row of entity_deregistrations for a deregistration of cur begun today. */
static int record_dereg(yw_op *op, const yw_entity *cur, const yw_dereg_in *in, const char *state,
                        const char *notice_until, const char *document_name) {
    const char *office;
    if (office_of(op, &office) < 0) return -1;
    char id[YW_ID_SIZE], at[YW_TIMESTAMP_SIZE], today[YW_DATE_SIZE];
    yw_ulid_new(id);
    yw_op_timestamp(op, at);
    yw_date_format(yw_op_today(op), today);
    return yw_store_run(op->store, NULL,
                        "INSERT INTO entity_deregistrations (id, uscc, mode, state, reason, document_sha256,"
                        " document_name, case_id, department_id, started_on, notice_until, created_by, created_at)"
                        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                        YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(cur->uscc),
                                  YW_TEXT_P(yw_enum_to_text(yw_dereg_modes, (int)in->mode)), YW_TEXT_P(state),
                                  YW_TEXT_P(in->reason && *in->reason ? in->reason : NULL), YW_TEXT_P(in->document),
                                  YW_TEXT_P(document_name), YW_TEXT_P(in->case_id), YW_TEXT_P(office),
                                  YW_TEXT_P(today), YW_TEXT_P(notice_until),
                                  YW_TEXT_P(op->actor ? op->actor->account_id : "anonymous"), YW_TEXT_P(at)),
                        NULL, NULL, op->err);
}

/* The notice of uscc that runs until notice_until moves to `state` (stopped, done). */
static int end_notice(yw_op *op, const char *uscc, const char *notice_until, const char *state) {
    return yw_store_run(op->store, NULL,
                        "UPDATE entity_deregistrations SET state = $3 WHERE uscc = $1 AND mode = 'simple'"
                        " AND state = 'notice' AND notice_until = $2",
                        YW_PARAMS(YW_TEXT_P(uscc), YW_TEXT_P(notice_until), YW_TEXT_P(state)), NULL, NULL, op->err);
}

int yw_entity_deregister(yw_op *op, const yw_dereg_in *in, yw_entity *out) {
    yw_entity cur;
    bool simple = in->mode == YW_DEREG_SIMPLE;
    const char *what_zh = simple ? "简易注销" : "注销登记", *what_en = simple ? "be deregistered the simple way" : "be deregistered";
    if (begin(op, in->uscc, what_zh, "deregister market entities", &cur) < 0) return -1;
    if (in->mode != YW_DEREG_ORDINARY && !simple)
        return yw_fail(op->err, YW_E_FIELD_VALUE, "mode", "mode", "ordinary, simple");
    if (simple && cur.status == YW_ENTITY_ABNORMAL) return yw_fail(op->err, YW_E_SIMPLE_DEREG_ABNORMAL, "mode");
    if (cur.status != YW_ENTITY_ACTIVE && cur.status != YW_ENTITY_DORMANT &&
        (simple || cur.status != YW_ENTITY_ABNORMAL))
        return refuse(op, &cur, what_zh, what_en);
    if (in->reason && *in->reason && check_reason(op, in->reason, "reason") < 0) return -1;
    yw_entity next = cur;
    int64_t today = yw_op_today(op);
    if (simple) {
        /* the dormancy stays recorded through the notice: an objection returns the entity to it */
        next.status = YW_ENTITY_DEREGISTERING;
        if (!(next.notice_until = date_text(op->arena, today + YW_DEREG_NOTICE_DAYS)))
            return yw_fail(op->err, YW_E_NOMEM, NULL);
        if (record_dereg(op, &cur, in, "notice", next.notice_until, NULL) < 0) return -1;
        return transition(op, &cur, &next, "entity.dereg_notice", NULL, NULL, out);
    }
    /* 普通注销 is final: it rests on a reason and a document (or the case that decided it) */
    if (!in->reason || !*in->reason) return yw_fail(op->err, YW_E_DEREG_REASON_REQUIRED, "reason");
    yw_upload_info doc = {0};
    if (!in->case_id) {
        if (!in->document || !*in->document) return yw_fail(op->err, YW_E_DEREG_DOCUMENT_REQUIRED, "document");
        if (yw_upload_check(op, in->document, NULL, "document", &doc) < 0) return -1;
    }
    if (record_dereg(op, &cur, in, "done", NULL, doc.name) < 0) return -1;
    next = (yw_entity){0};
    next.uscc = cur.uscc;
    next.status = YW_ENTITY_DEREGISTERED;
    if (!(next.deregistered_on = date_text(op->arena, today))) return yw_fail(op->err, YW_E_NOMEM, NULL);
    return transition(op, &cur, &next, "entity.deregister", "dereg_reason", in->reason, out);
}

const char *yw_entity_dereg_words(yw_arena *a, const yw_entity *e, bool english) {
    if (e->status == YW_ENTITY_DEREGISTERING)
        return english ? yw_arena_printf(a,
                                         "The simple deregistration notice is published and runs until %s (%d days); the "
                                         "deregistration is completed only after it ends without objection",
                                         e->notice_until, YW_DEREG_NOTICE_DAYS)
                       : yw_arena_printf(a, "简易注销公告已发布，公告期至%s（%d天）；期满无异议后方可完成注销", e->notice_until,
                                         YW_DEREG_NOTICE_DAYS);
    if (e->status == YW_ENTITY_DEREGISTERED)
        return english ? yw_arena_printf(a, "Deregistered on %s", e->deregistered_on)
                       : yw_arena_printf(a, "已注销，注销日期%s", e->deregistered_on);
    const char *zh = entity_status_zh(e->status);
    return english ? yw_arena_printf(a, "Not deregistered: the entity is %s", yw_enum_to_text(yw_entity_statuses, (int)e->status))
                   : yw_arena_printf(a, "未注销，市场主体状态为“%s”", zh);
}

int entity_notice_stop(yw_op *op, const yw_entity *cur, const char *reason, yw_entity *out) {
    yw_entity next = *cur;
    next.status = cur->dormant_until ? YW_ENTITY_DORMANT : YW_ENTITY_ACTIVE;
    next.notice_until = NULL;
    char at[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, at);
    /* the notice is over: what else was objected to it is decided with it */
    if (end_notice(op, cur->uscc, cur->notice_until, "stopped") < 0 ||
        yw_store_run(op->store, NULL,
                     "UPDATE dereg_objections SET state = 'closed', decided_by = $3, decided_at = $4"
                     " WHERE uscc = $1 AND notice_until = $2 AND state = 'pending'",
                     YW_PARAMS(YW_TEXT_P(cur->uscc), YW_TEXT_P(cur->notice_until),
                               YW_TEXT_P(op->actor ? op->actor->account_id : "anonymous"), YW_TEXT_P(at)),
                     NULL, NULL, op->err) < 0)
        return -1;
    return transition(op, cur, &next, "entity.dereg_objection", "objection", reason, out);
}

int yw_entity_dereg_object(yw_op *op, const char *uscc, const char *reason, yw_entity *out) {
    yw_entity cur;
    if (begin(op, uscc, "对简易注销提出异议", "object to a simple deregistration", &cur) < 0) return -1;
    if (cur.status != YW_ENTITY_DEREGISTERING)
        return refuse(op, &cur, "对简易注销提出异议", "take an objection to a simple deregistration");
    if (check_reason(op, reason, "reason") < 0) return -1;
    int64_t last;
    if (!cur.notice_until || yw_date_parse(cur.notice_until, &last, "notice_until", op->err) < 0)
        return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "a deregistering entity without a valid notice_until");
    if (yw_op_today(op) > last) return yw_fail(op->err, YW_E_DEREG_NOTICE_OVER, "reason", cur.notice_until);
    return entity_notice_stop(op, &cur, reason, out);
}

int yw_entity_dereg_complete(yw_op *op, const char *uscc, yw_entity *out) {
    yw_entity cur;
    if (begin(op, uscc, "完成简易注销", "complete a simple deregistration", &cur) < 0) return -1;
    if (cur.status != YW_ENTITY_DEREGISTERING)
        return refuse(op, &cur, "完成简易注销", "complete a simple deregistration");
    int64_t last, today = yw_op_today(op);
    if (!cur.notice_until || yw_date_parse(cur.notice_until, &last, "notice_until", op->err) < 0)
        return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "a deregistering entity without a valid notice_until");
    if (today <= last) return yw_fail(op->err, YW_E_DEREG_NOTICE_RUNNING, "status", cur.notice_until);
    /* 期满无异议: an objection made in time and not yet decided holds it (the row is locked, so
     * no objection comes in between) */
    yw_rows rows;
    if (yw_store_run(op->store, op->arena,
                     "SELECT COUNT(*) FROM dereg_objections WHERE uscc = $1 AND notice_until = $2 AND state = 'pending'",
                     YW_PARAMS(YW_TEXT_P(cur.uscc), YW_TEXT_P(cur.notice_until)), &rows, NULL, op->err) < 0)
        return -1;
    int pending = atoi(yw_rows_get(&rows, 0, 0));
    if (pending > 0) return yw_fail(op->err, YW_E_DEREG_OBJECTIONS_PENDING, "status", pending);
    if (end_notice(op, cur.uscc, cur.notice_until, "done") < 0) return -1;
    yw_entity next = {0};
    next.uscc = cur.uscc;
    next.status = YW_ENTITY_DEREGISTERED;
    if (!(next.deregistered_on = date_text(op->arena, today))) return yw_fail(op->err, YW_E_NOMEM, NULL);
    return transition(op, &cur, &next, "entity.deregister", NULL, NULL, out);
}

/* ---- the abnormal list ---- */

int yw_entity_abnormal_add(yw_op *op, const char *uscc, const char *reason, yw_entity *out) {
    yw_entity cur;
    if (begin(op, uscc, "列入经营异常名录", "put entities on the abnormal list", &cur) < 0) return -1;
    if (cur.status == YW_ENTITY_DORMANT) return yw_fail(op->err, YW_E_DORMANT_NOT_ABNORMAL, "status");
    if (cur.status != YW_ENTITY_ACTIVE) return refuse(op, &cur, "列入经营异常名录", "be put on the abnormal list");
    if (check_reason(op, reason, "reason") < 0) return -1;
    yw_entity next = cur;
    next.status = YW_ENTITY_ABNORMAL;
    next.abnormal_reason = reason;
    return transition(op, &cur, &next, "entity.abnormal_add", NULL, NULL, out);
}

int yw_entity_abnormal_remove(yw_op *op, const char *uscc, const char *reason, yw_entity *out) {
    yw_entity cur;
    if (begin(op, uscc, "移出经营异常名录", "take entities off the abnormal list", &cur) < 0) return -1;
    if (cur.status != YW_ENTITY_ABNORMAL) return refuse(op, &cur, "移出经营异常名录", "be taken off the abnormal list");
    if (check_reason(op, reason, "reason") < 0) return -1;
    yw_entity next = cur;
    next.status = YW_ENTITY_ACTIVE;
    next.abnormal_reason = NULL;
    return transition(op, &cur, &next, "entity.abnormal_remove", "removal_reason", reason, out);
}
