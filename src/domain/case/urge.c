/* 超期督办 and 容缺 reminders (case.h): each overdue task with its department, the officer who last
 * acted on it, the working days it is over and its urgings, paged in SQL; and the job that tells
 * an applicant once that a deferred material falls due within three working days. Urging itself
 * is a transition of a task (yw_task_urge in case.c, beside the task's table). */
#include "case.h"

#include <stdlib.h>
#include <string.h>

#include "../../base/time.h"
#include "../../base/ulid.h"
#include "../calendar/calendar.h"
#include "../core/event.h"

/* Overdue as the colour says: open (not waiting for 补正), of a case in progress (a post-check
 * whatever the case's state), due before $1 (today); $2 a department's code or NULL. */
#define OVERDUE_FROM                                                                                         \
    " FROM case_tasks t JOIN cases c ON c.id = t.case_id JOIN departments d ON d.id = t.department_id"      \
    " LEFT JOIN items i ON i.code = t.item_code"                                                           \
    " WHERE t.state = 'open' AND (t.kind = 'verify' OR c.state = 'in_progress') AND t.deadline < $1"        \
    " AND d.code = COALESCE($2, d.code)"

static const yw_column overdue_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_overdue_task, task_id),         YW_COLUMN(YW_COL_TEXT, yw_overdue_task, case_id),
    YW_COLUMN(YW_COL_TEXT, yw_overdue_task, case_number),     YW_COLUMN(YW_COL_TEXT, yw_overdue_task, case_title),
    YW_COLUMN(YW_COL_TEXT, yw_overdue_task, item_name),       YW_COLUMN(YW_COL_TEXT, yw_overdue_task, department_code),
    YW_COLUMN(YW_COL_TEXT, yw_overdue_task, department_name), YW_COLUMN(YW_COL_TEXT, yw_overdue_task, officer_name),
    YW_COLUMN(YW_COL_TEXT, yw_overdue_task, deadline),        YW_COLUMN(YW_COL_INT, yw_overdue_task, urged),
    YW_COLUMN(YW_COL_TEXT, yw_overdue_task, last_note),       YW_COLUMN(YW_COL_TEXT, yw_overdue_task, last_urged_at),
    YW_COLUMN(YW_COL_TEXT, yw_overdue_task, kind),
};
#define NCOLS(t) ((int)(sizeof(t) / sizeof(t)[0]))

int yw_case_overdue_tasks(yw_op *op, const yw_overdue_query *q, yw_overdue_task **out, int *count, int *total) {
    if (yw_op_require(op, YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN, "read overdue tasks") < 0) return -1;
    const yw_workcal *cal;
    if (yw_calendar_current(op, &cal) < 0) return -1;
    int64_t today = yw_op_today(op);
    char today_s[YW_DATE_SIZE];
    yw_date_format(today, today_s);
    yw_rows rows, n;
    if (yw_store_run(op->store, op->arena,
                     "SELECT t.id, c.id, c.number, c.title, i.name, d.code, d.name,"
                     " (SELECT a.name FROM case_events e JOIN accounts a ON a.id = e.actor_id"
                     "  WHERE e.task_id = t.id AND a.department_id = t.department_id ORDER BY e.seq DESC LIMIT 1),"
                     " t.deadline, (SELECT COUNT(*) FROM task_urgings u WHERE u.task_id = t.id),"
                     " (SELECT u.note FROM task_urgings u WHERE u.task_id = t.id ORDER BY u.at DESC, u.id DESC LIMIT 1),"
                     " (SELECT MAX(u.at) FROM task_urgings u WHERE u.task_id = t.id), t.kind" OVERDUE_FROM
                     " ORDER BY t.deadline, d.code, t.id LIMIT $3 OFFSET $4",
                     YW_PARAMS(YW_TEXT_P(today_s), YW_TEXT_P(q->department), YW_INT_P(q->limit), YW_INT_P(q->offset)),
                     &rows, NULL, op->err) < 0 ||
        yw_store_run(op->store, op->arena, "SELECT COUNT(*)" OVERDUE_FROM,
                     YW_PARAMS(YW_TEXT_P(today_s), YW_TEXT_P(q->department)), &n, NULL, op->err) < 0)
        return -1;
    yw_overdue_task *t = yw_rows_fill_all(&rows, overdue_columns, NCOLS(overdue_columns), sizeof *t, op->arena);
    if (!t) return yw_fail(op->err, YW_E_NOMEM, NULL);
    for (int i = 0; i < rows.nrows; i++) {
        int64_t due, over;
        bool provisional;
        if (yw_date_parse(t[i].deadline, &due, "deadline", op->err) < 0 ||
            yw_workcal_count(cal, due, today, &over, &provisional, op->err) < 0)
            return -1;
        t[i].days_over = (int)over;
    }
    *out = t;
    *count = rows.nrows;
    *total = (int)strtol(yw_rows_get(&n, 0, 0), NULL, 10);
    return 0;
}

/* ---- 容缺 reminders ---- */

int yw_case_deferred_remind(yw_op *op, int *sent) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "send reminders of deferred materials") < 0) return -1;
    *sent = 0;
    const yw_workcal *cal;
    if (yw_calendar_current(op, &cal) < 0) return -1;
    int64_t today = yw_op_today(op), until;
    bool provisional;
    if (yw_workcal_add(cal, today, YW_CASE_REMIND_DAYS, &until, &provisional, op->err) < 0) return -1;
    char today_s[YW_DATE_SIZE], until_s[YW_DATE_SIZE], now[YW_TIMESTAMP_SIZE];
    yw_date_format(today, today_s);
    yw_date_format(until, until_s);
    yw_op_timestamp(op, now);
    yw_rows rows;
    if (yw_store_run(op->store, op->arena,
                     "SELECT m.case_id, m.seq, c.applicant_id, c.title, c.number, m.name, m.due_date"
                     " FROM case_materials m JOIN cases c ON c.id = m.case_id"
                     " WHERE m.provided_as = 'deferred' AND m.supplied_at IS NULL AND c.state = 'in_progress'"
                     " AND m.due_date >= $1 AND m.due_date <= $2 AND NOT EXISTS"
                     " (SELECT 1 FROM deferred_reminders r WHERE r.case_id = m.case_id AND r.seq = m.seq)"
                     " ORDER BY m.due_date, m.case_id, m.seq",
                     YW_PARAMS(YW_TEXT_P(today_s), YW_TEXT_P(until_s)), &rows, NULL, op->err) < 0)
        return -1;
    for (int i = 0; i < rows.nrows; i++) {
        yw_deferred_due d = {yw_rows_get(&rows, i, 0), yw_rows_get(&rows, i, 2), yw_rows_get(&rows, i, 3),
                             yw_rows_get(&rows, i, 4), yw_rows_get(&rows, i, 5), yw_rows_get(&rows, i, 6)};
        int64_t claimed = 0;
        /* the row first: a second run at once (another server's job) finds it and sends nothing */
        if (yw_store_run(op->store, NULL,
                         "INSERT INTO deferred_reminders (case_id, seq, sent_at) VALUES ($1, $2, $3)"
                         " ON CONFLICT (case_id, seq) DO NOTHING",
                         YW_PARAMS(YW_TEXT_P(d.case_id), YW_INT_P(strtoll(yw_rows_get(&rows, i, 1), NULL, 10)),
                                   YW_TEXT_P(now)),
                         NULL, &claimed, op->err) < 0)
            return -1;
        if (claimed != 1) continue;
        yw_event ev = {.kind = "deferred.due", .subject_type = "case", .subject_id = d.case_id, .data = &d,
                       .note = d.material};
        if (yw_event_raise(op, &ev) < 0) return -1;
        (*sent)++;
    }
    return 0;
}
