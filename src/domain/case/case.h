/* Cases (办件) and their tasks. A case is one application by an applicant (a person or an
 * enterprise), submitted by the applicant or by a clerk on the applicant's behalf (帮办代办,
 * recorded as submitted_by), for one item of the catalog (the item's version at submission is
 * kept) — or, from the bundles' branch, for a bundle (一件事) code with several tasks.
 *
 * States and who moves them (each transition checked here by role and department, recorded as
 * a case event and an audit entry with before and after):
 *   submit     applicant, or a clerk on_behalf_of           → submitted
 *   accept     any clerk (无差别全科受理)     submitted       → accepted → in_progress, one task per
 *              item in its department, due yw_workcal_add(acceptance day, promised days) and its
 *              statutory deadline likewise; deferred materials (容缺) get their due date; pledged
 *              materials (告知承诺) a post-check task (核查) due in YW_CASE_VERIFY_DAYS working days
 *   refuse     any clerk, with a reason (不予受理) submitted → refused
 *   approve / reject / correct (补正)  an officer of the task's department, on an open task;
 *              correct stops the task's clock until the applicant resubmits, which extends its
 *              deadlines by the working days paused
 *   all review tasks decided and no deferred material outstanding → completed (all approved),
 *              partly_completed (some rejected) or rejected (all rejected)
 *   supply     the applicant or a clerk: a deferred material handed in
 *   withdraw   the applicant, before the case is decided          → withdrawn
 * Readers: the applicant, the clerk who submitted, clerks, officers of a department with a task,
 * supervisors and admins. A task's colour is computed on read from op->now_ms and the calendar:
 * red past its deadline, yellow within one working day of it, green otherwise, paused while
 * waiting for corrections. */
#ifndef YW_CASE_H
#define YW_CASE_H

#include <stdbool.h>

#include "../../base/enum.h"
#include "../core/op.h"

#define YW_CASE_VERIFY_DAYS 20      /* working days to the post-check of a pledged material */
#define YW_CASE_JSON_MAX (64 * 1024) /* bytes of the answers or the form */
#define YW_CASE_OBJECT_MEMBERS_MAX 200
#define YW_CASE_MATERIALS_MAX 60
#define YW_CASE_REASON_MAX 2000

typedef enum {
    YW_CASE_SUBMITTED,
    YW_CASE_ACCEPTED,
    YW_CASE_REFUSED,
    YW_CASE_IN_PROGRESS,
    YW_CASE_COMPLETED,
    YW_CASE_PARTLY_COMPLETED,
    YW_CASE_REJECTED,
    YW_CASE_WITHDRAWN,
} yw_case_state;
extern const yw_enum_text yw_case_states[];

typedef enum { YW_TASK_OPEN, YW_TASK_CORRECTING, YW_TASK_APPROVED, YW_TASK_REJECTED } yw_task_state;
extern const yw_enum_text yw_task_states[];

typedef enum { YW_TASK_REVIEW, YW_TASK_VERIFY } yw_task_kind; /* 审批, 核查 */
extern const yw_enum_text yw_task_kinds[];

typedef enum { YW_COLOR_NONE, YW_COLOR_GREEN, YW_COLOR_YELLOW, YW_COLOR_RED, YW_COLOR_PAUSED } yw_task_color;
extern const yw_enum_text yw_task_colors[];

typedef struct {
    const char *name;        /* one of the item's materials */
    const char *provided_as; /* pledge or deferred for now (uploads come later) */
    const char *due_date;    /* deferred: YYYY-MM-DD, set by the clerk at acceptance */
    const char *supplied_at; /* deferred and handed in: when */
} yw_case_material;

typedef struct {
    const char *id, *case_id, *item_code, *department_id, *department_code, *department_name;
    yw_task_kind kind;
    yw_task_state state;
    const char *deadline, *statutory_deadline; /* YYYY-MM-DD */
    bool provisional;                          /* a deadline reaches past the official calendar */
    const char *paused_on;                     /* while correcting: the day the clock stopped */
    int paused_days;                           /* working days paused so far */
    const char *reason, *decided_at, *created_at;
    yw_task_color color; /* computed on read; NONE once decided */
} yw_task;

typedef struct {
    const char *id, *task_id, *actor_id, *actor_name, *at, *from_state, *to_state, *note;
} yw_case_event;

typedef struct {
    const char *id, *applicant_id, *applicant_name, *submitted_by;
    const char *item_code, *bundle_code;
    int item_version;
    const char *answers, *form; /* JSON objects */
    yw_case_state state;
    const char *accepted_on, *reason, *created_at, *updated_at;
    yw_case_material *materials;
    int nmaterials;
    yw_task *tasks;
    int ntasks;
    yw_case_event *events;
    int nevents;
} yw_case;

typedef struct {
    const char *item;         /* an item code */
    const char *bundle;       /* a bundle code: refused for now (case_bundle_later) */
    const char *answers;      /* a JSON object, or NULL for {} */
    const char *form;         /* a JSON object, or NULL for {} */
    const yw_case_material *materials;
    int nmaterials;
    const char *on_behalf_of; /* an applicant's account id: a clerk submits for them */
} yw_case_submit_in;

typedef struct {
    const char *material, *due_date;
} yw_case_deferred;

typedef struct {
    const char *case_id;
    const yw_case_deferred *deferred; /* 容缺: materials accepted without them, with due dates */
    int ndeferred;
} yw_case_accept_in;

/* The case or task acted on, and a reason (refuse, reject, correct) or a material (supply). */
typedef struct {
    const char *id;
    const char *reason;
    const char *material;
} yw_case_act_in;

/* Each write answers with the case as it is after the change (arena memory). */
int yw_case_submit(yw_op *op, const yw_case_submit_in *in, yw_case *out);
int yw_case_accept(yw_op *op, const yw_case_accept_in *in, yw_case *out);
int yw_case_refuse(yw_op *op, const yw_case_act_in *in, yw_case *out);
int yw_case_withdraw(yw_op *op, const yw_case_act_in *in, yw_case *out);
int yw_case_resubmit(yw_op *op, const yw_case_act_in *in, yw_case *out);
int yw_case_supply(yw_op *op, const yw_case_act_in *in, yw_case *out);
int yw_task_approve(yw_op *op, const yw_case_act_in *in, yw_case *out);
int yw_task_reject(yw_op *op, const yw_case_act_in *in, yw_case *out);
int yw_task_correct(yw_op *op, const yw_case_act_in *in, yw_case *out);

/* One case with its materials, tasks (coloured) and events, for those who may see it. */
int yw_case_get(yw_op *op, const char *id, yw_case *out);
/* The actor's own cases (我的办件), newest first, without events. */
int yw_case_mine(yw_op *op, yw_case **out, int *count);
/* The open tasks (open or correcting) of the officer's department, by deadline, coloured. */
int yw_case_inbox(yw_op *op, yw_task **out, int *count);

typedef struct {
    const char *department_code, *department_name;
    int open, yellow, red;
} yw_case_overdue_row;
/* Supervisors and admins: per department, its open tasks, those due within a working day and
 * those past due, by department code. */
int yw_case_overdue(yw_op *op, yw_case_overdue_row **out, int *count);

#endif
