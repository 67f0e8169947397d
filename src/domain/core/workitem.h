/* Work items (待办): one unit of a department's work of any concept — a case's review task, a
 * post-check (核查), a 差评's rectification, and next a 12345 ticket or an inspection — with a
 * deadline in working days, a clock that may pause, and a colour computed here and nowhere
 * else, so that every inbox and overdue view agrees:
 *   none    done (decided, closed): nothing waits;
 *   paused  the clock stands (补正: waiting for the applicant);
 *   red     past its deadline (已超期);
 *   yellow  due within one working day (即将到期);
 *   green   otherwise.
 * Working days come from the official calendar in effect (std/workcal.h). */
#ifndef YW_WORKITEM_H
#define YW_WORKITEM_H

#include <stdbool.h>
#include <stdint.h>

#include "../../base/enum.h"
#include "../../base/err.h"
#include "../../std/workcal.h"

typedef enum { YW_COLOR_NONE, YW_COLOR_GREEN, YW_COLOR_YELLOW, YW_COLOR_RED, YW_COLOR_PAUSED } yw_work_color;
typedef yw_work_color yw_task_color; /* the name cases gave it first */
extern const yw_enum_text yw_work_colors[];
#define yw_task_colors yw_work_colors

/* The colour of an item due on `deadline` (YYYY-MM-DD) on day `today`: NONE when it is not
 * open, PAUSED when its clock stands. -1 with err for a malformed deadline or a calendar error. */
int yw_work_color_of(const yw_workcal *cal, int64_t today, const char *deadline, bool open, bool paused,
                     yw_work_color *out, yw_err *err);

/* ---- the inbox: everything waiting for one person at work ---- */

#include "op.h"

#define YW_INBOX_LIST_MAX 200

typedef enum {
    YW_WORK_TASK,          /* a case's review task (审批) of the officer's department */
    YW_WORK_VERIFY,        /* a post-check (核查) of a pledge */
    YW_WORK_RECTIFICATION, /* a 差评 to verify and rectify */
    YW_WORK_ACCEPTANCE,    /* a case waiting at the window (clerks) */
    YW_WORK_DEFERRED,      /* a 容缺 material owed by its due date (clerks) */
    YW_WORK_OBJECTION,     /* an objection to a 简易注销 notice (the notice's office), due by its last day */
} yw_work_kind;
extern const yw_enum_text yw_work_kinds[];

typedef struct {
    yw_work_kind kind;
    const char *id;         /* the task's, the rectification's, the case's or the objection's id */
    const char *case_id;    /* the case it belongs to (NULL for an objection) */
    const char *title;      /* the case's title; the entity's name */
    const char *detail;     /* the applicant's name; the owed material's name; the objector's name */
    const char *department; /* the department's name */
    const char *deadline;   /* YYYY-MM-DD; NULL for a case waiting at the window */
    bool paused;
    yw_work_color color;
    int urged;              /* a task's: how many times the supervisors urged it (督办); else 0 */
    const char *number;     /* the case's readable number (NULL for an objection) */
    const char *item;       /* a task's item name: which of a bundle's items it decides; else NULL */
} yw_work_item;

typedef struct {
    int64_t total, green, yellow, red, paused, none;
} yw_work_counts;

/* What waits for the actor, by deadline (undated last), paged in SQL: an officer's department's
 * open tasks, post-checks, rectifications and objections to its notices; a clerk's acceptance queue and owed 容缺
 * materials; for supervisors and admins every overdue task and rectification of the city.
 * Counts by colour over all of it. Staff only. Arena memory. */
int yw_inbox(yw_op *op, int limit, int offset, yw_work_item **out, int *n, yw_work_counts *counts);

#endif
