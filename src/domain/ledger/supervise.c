/* The task force's supervision of ledger measures: returning a progress report (退回), urging a
 * measure (催办), cancelling a measure. Each is for supervisors and admins only, checked first,
 * and writes its audit entry in the caller's transaction. A returned report stays in the history
 * with who returned it, when and why; every reading of a measure's status (its kept status,
 * the list's percent, the dispatch) passes it over, so the measure reads as if the report had
 * not been made and its unit reports again. A cancelled measure stays cancelled from the day it
 * was cancelled: the dispatch counts it as cancelled, the completion rate leaves it out. */
#include <stdlib.h>
#include <string.h>

#include "../../base/json_writer.h"
#include "../../base/time.h"
#include "../../base/ulid.h"
#include "../core/audit.h"
#include "ledger.h"

static int may_supervise(yw_op *op, const char *what) {
    return yw_op_require(op, YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN, what);
}

/* A reason or a note: present, not only blanks, at most YW_LEDGER_REASON_MAX bytes. */
static int check_text(const char *text, const char *field, const char *zh, const char *en, yw_err *err) {
    size_t n = text ? strlen(text) : 0;
    size_t blanks = text ? strspn(text, " \t\r\n") : 0;
    if (n == 0 || blanks == n) return yw_fail(err, YW_E_SUPERVISION_TEXT_REQUIRED, field, zh, en);
    if (n > YW_LEDGER_REASON_MAX) return yw_fail(err, YW_E_FIELD_LENGTH, field, field, 1, YW_LEDGER_REASON_MAX);
    return 0;
}

/* The audit entry's "after": {key: value} pairs of text, the last key NULL. */
static const char *audit_json(yw_arena *a, const char *const *pairs) {
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, a);
    yw_jw_obj(&w);
    for (int i = 0; pairs[i]; i += 2) yw_jw_kstr(&w, pairs[i], pairs[i + 1]);
    yw_jw_end(&w);
    return b.failed ? NULL : b.data;
}

int yw_ledger_return_progress(yw_op *op, const yw_progress_return *in, yw_progress *out) {
    if (may_supervise(op, "return progress reports") < 0) return -1;
    yw_err *err = op->err;
    if (check_text(in->reason, "reason", "退回原因", "a reason", err) < 0) return -1;
    yw_rows rows;
    /* the measure's row locked first (core/transition.h): a report returned twice at once on two
     * servers is returned once, the second refused as returned already */
    if (yw_store_exec(op->store,
                      "UPDATE ledger_measures SET status = status WHERE id = (SELECT measure_id FROM ledger_progress"
                      " WHERE id = $1)",
                      YW_ARGS(in->progress_id), NULL, err) < 0)
        return -1;
    if (yw_store_query(op->store, op->arena,
                       "SELECT g.measure_id, g.reported_on, g.status, g.percent, g.body, a.name, g.created_at,"
                       " g.returned_at, m.status FROM ledger_progress g JOIN accounts a ON a.id = g.reported_by"
                       " JOIN ledger_measures m ON m.id = g.measure_id WHERE g.id = $1",
                       YW_ARGS(in->progress_id), &rows, err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(err, YW_E_PROGRESS_NOT_FOUND, "id", in->progress_id);
    if (yw_rows_get(&rows, 0, 7)) return yw_fail(err, YW_E_PROGRESS_RETURNED, "id", yw_rows_get(&rows, 0, 7));
    const char *measure_id = yw_rows_get(&rows, 0, 0), *before_status = yw_rows_get(&rows, 0, 8);
    char now[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    if (yw_store_exec(op->store,
                      "UPDATE ledger_progress SET returned_at = $2, returned_by = $3, return_reason = $4 WHERE id = $1",
                      YW_ARGS(in->progress_id, now, op->actor->account_id, in->reason), NULL, err) < 0 ||
        yw_ledger_refresh_status(op, measure_id) < 0)
        return -1;
    yw_rows after;
    if (yw_store_query(op->store, op->arena, "SELECT status FROM ledger_measures WHERE id = $1", YW_ARGS(measure_id),
                       &after, err) < 0)
        return -1;
    const char *before = audit_json(op->arena, (const char *const[]){"status", before_status, NULL});
    const char *changed = audit_json(op->arena, (const char *const[]){"progress_id", in->progress_id, "reason",
                                                                        in->reason, "status", yw_rows_get(&after, 0, 0),
                                                                        NULL});
    if (!before || !changed) return yw_fail(err, YW_E_NOMEM, NULL);
    if (yw_audit_append(op, "ledger.progress_return", "ledger_measure", measure_id, before, changed) < 0) return -1;
    if (!out) return 0;
    memset(out, 0, sizeof *out);
    int status = yw_enum_from_text(yw_measure_statuses, yw_rows_get(&rows, 0, 2));
    out->id = in->progress_id;
    out->reported_on = yw_rows_get(&rows, 0, 1);
    out->status = status < 0 ? YW_MEASURE_IN_PROGRESS : (yw_measure_status)status;
    out->percent = (int)strtol(yw_rows_get(&rows, 0, 3), NULL, 10);
    out->body = yw_rows_get(&rows, 0, 4);
    out->reported_by = yw_rows_get(&rows, 0, 5);
    out->created_at = yw_rows_get(&rows, 0, 6);
    out->returned_at = yw_arena_strdup(op->arena, now);
    out->returned_by = op->actor->name;
    out->return_reason = in->reason;
    out->evidence_names = yw_arena_calloc(op->arena, 1, sizeof(char *));
    out->evidence_ids = yw_arena_calloc(op->arena, 1, sizeof(char *));
    if (!out->returned_at || !out->evidence_names || !out->evidence_ids) return yw_fail(err, YW_E_NOMEM, NULL);
    return 0;
}

/* Locks the measure, then its cancellation day, NULL when it is not cancelled; YW_E_MEASURE_NOT_FOUND. */
static int measure_cancelled_on(yw_op *op, const char *measure_id, const char **cancelled_on) {
    yw_rows rows;
    /* the measure's row locked first (core/transition.h): two cancellations at once on two
     * servers are taken in turn, and the second sees the first */
    if (yw_store_exec(op->store, "UPDATE ledger_measures SET status = status WHERE id = $1", YW_ARGS(measure_id), NULL,
                      op->err) < 0 ||
        yw_store_query(op->store, op->arena,
                       "SELECT m.cancelled_on, p.withdrawn_at FROM ledger_measures m"
                       " JOIN ledger_plans p ON p.id = m.plan_id WHERE m.id = $1",
                       YW_ARGS(measure_id), &rows, op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_MEASURE_NOT_FOUND, "id", measure_id);
    /* a withdrawn plan is closed: its measures are neither urged nor cancelled any more */
    if (yw_rows_get(&rows, 0, 1)) return yw_fail(op->err, YW_E_PLAN_WITHDRAWN, "id", yw_rows_get(&rows, 0, 1));
    *cancelled_on = yw_rows_get(&rows, 0, 0);
    return 0;
}

int yw_ledger_urge(yw_op *op, const yw_urging_new *in, yw_urging *out, int *count) {
    if (may_supervise(op, "urge measures") < 0) return -1;
    yw_err *err = op->err;
    if (check_text(in->note, "note", "催办事项", "a note", err) < 0) return -1;
    const char *cancelled_on;
    if (measure_cancelled_on(op, in->measure_id, &cancelled_on) < 0) return -1;
    if (cancelled_on) return yw_fail(err, YW_E_MEASURE_CANCELLED, "id", cancelled_on);
    char *id = yw_arena_alloc(op->arena, YW_ID_SIZE), now[YW_TIMESTAMP_SIZE];
    if (!id) return yw_fail(err, YW_E_NOMEM, NULL);
    yw_ulid_new(id);
    yw_op_timestamp(op, now);
    yw_rows n;
    if (yw_store_exec(op->store,
                      "INSERT INTO ledger_urgings (id, measure_id, note, urged_by, created_at) VALUES ($1, $2, $3, $4, $5)",
                      YW_ARGS(id, in->measure_id, in->note, op->actor->account_id, now), NULL, err) < 0 ||
        yw_store_query(op->store, op->arena, "SELECT COUNT(*) FROM ledger_urgings WHERE measure_id = $1",
                       YW_ARGS(in->measure_id), &n, err) < 0)
        return -1;
    const char *changed = audit_json(op->arena, (const char *const[]){"urging_id", id, "note", in->note, NULL});
    if (!changed) return yw_fail(err, YW_E_NOMEM, NULL);
    if (yw_audit_append(op, "ledger.urge", "ledger_measure", in->measure_id, NULL, changed) < 0) return -1;
    if (count) *count = (int)strtol(yw_rows_get(&n, 0, 0), NULL, 10);
    if (!out) return 0;
    *out = (yw_urging){id, in->measure_id, in->note, op->actor->name, yw_arena_strdup(op->arena, now)};
    if (!out->created_at) return yw_fail(err, YW_E_NOMEM, NULL);
    return 0;
}

static const yw_column urging_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_urging, id),       YW_COLUMN(YW_COL_TEXT, yw_urging, measure_id),
    YW_COLUMN(YW_COL_TEXT, yw_urging, note),     YW_COLUMN(YW_COL_TEXT, yw_urging, urged_by),
    YW_COLUMN(YW_COL_TEXT, yw_urging, created_at),
};

int yw_ledger_urgings(yw_op *op, const char *measure_id, yw_urging **out, int *count) {
    if (yw_op_require(op, YW_ROLE_STAFF, "read the ledger") < 0) return -1;
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "SELECT r.id, r.measure_id, r.note, a.name, r.created_at FROM ledger_urgings r"
                       " JOIN accounts a ON a.id = r.urged_by WHERE r.measure_id = $1"
                       " ORDER BY r.created_at DESC, r.id DESC",
                       YW_ARGS(measure_id), &rows, op->err) < 0)
        return -1;
    yw_urging *u = yw_arena_calloc(op->arena, (size_t)rows.nrows + 1, sizeof *u);
    if (!u) return yw_fail(op->err, YW_E_NOMEM, NULL);
    for (int i = 0; i < rows.nrows; i++)
        yw_rows_fill(&rows, i, urging_columns, (int)(sizeof urging_columns / sizeof urging_columns[0]), &u[i]);
    *out = u;
    *count = rows.nrows;
    return 0;
}

int yw_ledger_cancel(yw_op *op, const yw_measure_cancel *in, yw_measure *out) {
    if (may_supervise(op, "cancel measures") < 0) return -1;
    yw_err *err = op->err;
    if (check_text(in->reason, "reason", "取消原因", "a reason", err) < 0) return -1;
    const char *cancelled_on;
    if (measure_cancelled_on(op, in->measure_id, &cancelled_on) < 0) return -1;
    if (cancelled_on) return yw_fail(err, YW_E_MEASURE_CANCELLED, "id", cancelled_on);
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT status FROM ledger_measures WHERE id = $1",
                       YW_ARGS(in->measure_id), &rows, err) < 0)
        return -1;
    const char *before_status = yw_rows_get(&rows, 0, 0);
    char today[YW_DATE_SIZE], now[YW_TIMESTAMP_SIZE];
    yw_date_format(yw_op_today(op), today);
    yw_op_timestamp(op, now);
    if (yw_store_exec(op->store,
                      "UPDATE ledger_measures SET cancelled_on = $2, cancelled_at = $3, cancelled_by = $4,"
                      " cancel_reason = $5 WHERE id = $1",
                      YW_ARGS(in->measure_id, today, now, op->actor->account_id, in->reason), NULL, err) < 0 ||
        yw_ledger_refresh_status(op, in->measure_id) < 0)
        return -1;
    const char *before = audit_json(op->arena, (const char *const[]){"status", before_status, NULL});
    const char *changed = audit_json(op->arena, (const char *const[]){"status", "cancelled", "cancelled_on", today,
                                                                        "reason", in->reason, NULL});
    if (!before || !changed) return yw_fail(err, YW_E_NOMEM, NULL);
    if (yw_audit_append(op, "ledger.cancel", "ledger_measure", in->measure_id, before, changed) < 0) return -1;
    if (!out) return 0;
    memset(out, 0, sizeof *out);
    out->id = in->measure_id;
    out->status = YW_MEASURE_CANCELLED;
    out->cancelled_on = yw_arena_strdup(op->arena, today);
    out->cancel_reason = in->reason;
    out->cancelled_by = op->actor->name;
    if (!out->cancelled_on) return yw_fail(err, YW_E_NOMEM, NULL);
    return 0;
}
