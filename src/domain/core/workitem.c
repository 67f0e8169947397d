/* Work items' colour (workitem.h): the one place that says red, yellow or green. */
#include "workitem.h"

#include <stddef.h>
#include <stdlib.h>

#include "../../base/time.h"
#include "../calendar/calendar.h"

const yw_enum_text yw_work_colors[] = {
    {YW_COLOR_NONE, "none"}, {YW_COLOR_GREEN, "green"},   {YW_COLOR_YELLOW, "yellow"},
    {YW_COLOR_RED, "red"},   {YW_COLOR_PAUSED, "paused"}, {0, NULL},
};

int yw_work_color_of(const yw_workcal *cal, int64_t today, const char *deadline, bool open, bool paused,
                     yw_work_color *out, yw_err *err) {
    *out = YW_COLOR_NONE;
    if (!open) return 0;
    if (paused) {
        *out = YW_COLOR_PAUSED;
        return 0;
    }
    int64_t due, left;
    bool provisional;
    if (yw_date_parse(deadline, &due, "deadline", err) < 0) return -1;
    if (today > due) {
        *out = YW_COLOR_RED;
        return 0;
    }
    if (yw_workcal_count(cal, today, due, &left, &provisional, err) < 0) return -1;
    *out = left <= 1 ? YW_COLOR_YELLOW : YW_COLOR_GREEN;
    return 0;
}

/* ---- the inbox ---- */

const yw_enum_text yw_work_kinds[] = {
    {YW_WORK_TASK, "task"},         {YW_WORK_VERIFY, "verify"},     {YW_WORK_RECTIFICATION, "rectification"},
    {YW_WORK_ACCEPTANCE, "acceptance"}, {YW_WORK_DEFERRED, "deferred"}, {YW_WORK_OBJECTION, "objection"}, {0, NULL},
};

/* Everything waiting, one row per item: kind, id, case, title, detail, department, deadline,
 * paused, urged (a task's urgings: 督办), the case's readable number, a task's item (which of a
 * bundle's items it decides). $1 the officer's department (or NULL), $2 1 for a clerk, $3 1 for a supervisor or
 * admin, $4 today (YYYY-MM-DD). */
#define WAITING                                                                                                    \
    "SELECT CASE WHEN t.kind = 'review' THEN 'task' ELSE 'verify' END AS kind, t.id AS id, t.case_id AS case_id, c.title AS title, a.name AS detail," \
    " d.name AS department, t.deadline AS deadline, CASE WHEN t.state = 'correcting' THEN 1 ELSE 0 END AS paused,"   \
    " (SELECT COUNT(*) FROM task_urgings u WHERE u.task_id = t.id) AS urged, c.number AS number, i.name AS item"   \
    " FROM case_tasks t JOIN cases c ON c.id = t.case_id JOIN accounts a ON a.id = c.applicant_id"                 \
    " JOIN departments d ON d.id = t.department_id LEFT JOIN items i ON i.code = t.item_code"                      \
    " WHERE t.state IN ('open', 'correcting') AND (t.kind = 'verify' OR c.state = 'in_progress')"                \
    " AND (t.department_id = $1 OR ($3 = 1 AND t.deadline < $4 AND t.state = 'open'))"                          \
    " UNION ALL"                                                                                                   \
    " SELECT 'rectification', x.id, r.case_id, c.title, a.name, d.name, x.deadline, 0, 0, c.number, NULL"        \
    " FROM rectifications x JOIN ratings r ON r.id = x.rating_id JOIN cases c ON c.id = r.case_id"                \
    " JOIN accounts a ON a.id = c.applicant_id JOIN departments d ON d.id = x.department_id"                       \
    " WHERE x.state IN ('verifying', 'rectifying') AND r.excluded = 0"                                             \
    " AND (x.department_id = $1 OR ($3 = 1 AND x.deadline < $4))"                                                 \
    " UNION ALL"                                                                                                   \
    " SELECT 'acceptance', c.id, c.id, c.title, a.name, NULL, NULL, 0, 0, c.number, NULL"                        \
    " FROM cases c JOIN accounts a ON a.id = c.applicant_id WHERE $2 = 1 AND c.state = 'submitted'"               \
    " UNION ALL"                                                                                                   \
    " SELECT 'deferred', c.id, c.id, c.title, m.name, NULL, m.due_date, 0, 0, c.number, NULL"                    \
    " FROM case_materials m JOIN cases c ON c.id = m.case_id WHERE $2 = 1 AND m.provided_as = 'deferred'"        \
    " AND m.supplied_at IS NULL AND c.state = 'in_progress'"                                                    \
    " UNION ALL"                                                                                                   \
    " SELECT 'objection', o.id, NULL, e.name, o.objector, d.name, o.notice_until, 0, 0, NULL, NULL"              \
    " FROM dereg_objections o JOIN entities e ON e.uscc = o.uscc JOIN departments d ON d.id = o.department_id"    \
    " WHERE o.state = 'pending' AND (o.department_id = $1 OR ($3 = 1 AND o.notice_until < $4))"

static const yw_column item_columns[] = {
    {YW_COL_ENUM, offsetof(yw_work_item, kind), yw_work_kinds},
    YW_COLUMN(YW_COL_TEXT, yw_work_item, id),
    YW_COLUMN(YW_COL_TEXT, yw_work_item, case_id),
    YW_COLUMN(YW_COL_TEXT, yw_work_item, title),
    YW_COLUMN(YW_COL_TEXT, yw_work_item, detail),
    YW_COLUMN(YW_COL_TEXT, yw_work_item, department),
    YW_COLUMN(YW_COL_TEXT, yw_work_item, deadline),
    YW_COLUMN(YW_COL_BOOL, yw_work_item, paused),
    YW_COLUMN(YW_COL_INT, yw_work_item, urged),
    YW_COLUMN(YW_COL_TEXT, yw_work_item, number),
    YW_COLUMN(YW_COL_TEXT, yw_work_item, item),
};

int yw_inbox(yw_op *op, int limit, int offset, yw_work_item **out, int *n, yw_work_counts *counts) {
    if (yw_op_require(op, YW_ROLE_STAFF, "read an inbox") < 0) return -1;
    const char *dept = yw_actor_has(op->actor, YW_ROLE_OFFICER) ? op->actor->department_id : NULL;
    int clerk = yw_actor_has(op->actor, YW_ROLE_CLERK), overseer = yw_actor_has(op->actor, YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN);
    const yw_workcal *cal;
    if (yw_calendar_current(op, &cal) < 0) return -1;
    int64_t today = yw_op_today(op), soon;
    bool provisional;
    if (yw_workcal_add(cal, today, 1, &soon, &provisional, op->err) < 0) return -1;
    char today_s[YW_DATE_SIZE], soon_s[YW_DATE_SIZE];
    yw_date_format(today, today_s);
    yw_date_format(soon, soon_s);
    yw_rows rows;
    if (yw_store_run(op->store, op->arena,
                     "SELECT kind, id, case_id, title, detail, department, deadline, paused, urged, number, item FROM (" WAITING ") w"
                     " ORDER BY CASE WHEN deadline IS NULL THEN 1 ELSE 0 END, deadline, id LIMIT $5 OFFSET $6",
                     YW_PARAMS(YW_TEXT_P(dept), YW_INT_P(clerk), YW_INT_P(overseer), YW_TEXT_P(today_s),
                               YW_INT_P(limit), YW_INT_P(offset)),
                     &rows, NULL, op->err) < 0)
        return -1;
    yw_work_item *items = yw_rows_fill_all(&rows, item_columns, (int)(sizeof item_columns / sizeof item_columns[0]),
                                           sizeof *items, op->arena);
    if (!items) return yw_fail(op->err, YW_E_NOMEM, NULL);
    for (int i = 0; i < rows.nrows; i++)
        if (items[i].deadline &&
            yw_work_color_of(cal, today, items[i].deadline, true, items[i].paused, &items[i].color, op->err) < 0)
            return -1;
    *out = items;
    *n = rows.nrows;
    /* the colours over everything, by the same rule as yw_work_color_of: red past the deadline,
     * yellow until the next working day */
    yw_rows c;
    if (yw_store_run(op->store, op->arena,
                     "SELECT COUNT(*),"
                     " SUM(CASE WHEN paused = 0 AND deadline > $5 THEN 1 ELSE 0 END),"
                     " SUM(CASE WHEN paused = 0 AND deadline >= $4 AND deadline <= $5 THEN 1 ELSE 0 END),"
                     " SUM(CASE WHEN paused = 0 AND deadline < $4 THEN 1 ELSE 0 END),"
                     " SUM(paused), SUM(CASE WHEN deadline IS NULL THEN 1 ELSE 0 END)"
                     " FROM (" WAITING ") w",
                     YW_PARAMS(YW_TEXT_P(dept), YW_INT_P(clerk), YW_INT_P(overseer), YW_TEXT_P(today_s),
                               YW_TEXT_P(soon_s)),
                     &c, NULL, op->err) < 0)
        return -1;
    int64_t *slots[] = {&counts->total, &counts->green, &counts->yellow, &counts->red, &counts->paused, &counts->none};
    for (int k = 0; k < 6; k++) {
        const char *v = yw_rows_get(&c, 0, k);
        *slots[k] = v ? strtoll(v, NULL, 10) : 0;
    }
    return 0;
}
