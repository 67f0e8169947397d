/* Cases (办件) and their tasks. A case is one application by an applicant (a person or an
 * enterprise), submitted by the applicant or by a clerk on the applicant's behalf (帮办代办,
 * recorded as submitted_by), for one item of the catalog or for a bundle (一件事): the items
 * its answers include, each kept with its version at submission, checked against one form (the
 * item's fields, or the bundle's merged form) and one list of materials.
 *
 * States and who moves them (each transition checked here by role and department, recorded as
 * a case event and an audit entry with before and after):
 *   submit     applicant, or a clerk on_behalf_of           → submitted
 *   accept     any clerk (无差别全科受理)     submitted       → accepted → in_progress, one task per
 *              item (of the first stage, for a staged bundle) in its department, due
 *              yw_workcal_add(acceptance day, promised days) and its statutory deadline likewise;
 *              deferred materials (容缺) get their due date; pledged materials (告知承诺) a
 *              post-check task (核查) per item that lists them, due in YW_CASE_VERIFY_DAYS working days
 *   refuse     any clerk, with a reason (不予受理) submitted → refused
 *   approve / reject / correct (补正)  an officer of the task's department, on an open task;
 *              correct (a one-time notice naming each material and field, with reasons) stops
 *              the task's clock until the applicant resubmits with every one of them, which
 *              extends its deadlines by the working days paused; both versions are kept
 *   a stage's review tasks all approved → the next stage's tasks open, due from that day; the
 *              case's overall deadline (the bundle's limit, or its stages' promised days added) is
 *              set at acceptance
 *   all review tasks decided (a rejection ends a staged case: later stages never open) and no
 *              deferred material outstanding → completed (all approved), partly_completed (some
 *              rejected) or rejected (all rejected)
 *   supply     the applicant or a clerk: a deferred material handed in as a file, or on paper at
 *              a window as a clerk records (by whom, when)
 *   a case that ends rejected closes its open post-check tasks (核查): closed
 *   withdraw   the applicant, before the case is decided          → withdrawn
 * Readers: the applicant, the clerk who submitted, clerks, officers of a department with a task,
 * supervisors and admins. A task's colour is computed on read from op->now_ms and the calendar:
 * red past its deadline, yellow within one working day of it, green otherwise, paused while
 * waiting for corrections. */
#ifndef YW_CASE_H
#define YW_CASE_H

#include <stdbool.h>

#include <jansson.h>

#include "../../base/enum.h"
#include "../catalog/catalog.h"
#include "../core/event.h"
#include "../core/op.h"
#include "../core/workitem.h"
#include "../upload/upload.h"

#define YW_CASE_VERIFY_DAYS 20      /* working days to the post-check of a pledged material */
#define YW_CASE_JSON_MAX (64 * 1024) /* bytes of the answers or the form */
#define YW_CASE_OBJECT_MEMBERS_MAX 200
#define YW_CASE_MATERIALS_MAX 60
#define YW_CASE_REASON_MAX 2000
/* A date in a form is from 1 January of YW_CASE_FORM_DATE_FIRST_YEAR (a birth date, the founding
 * of an old enterprise) to 31 December YW_CASE_FORM_DATE_YEARS_AHEAD years after this one (a
 * planned opening, the end of a lease): 2999-01-01 is a slip of the keyboard. */
#define YW_CASE_FORM_DATE_FIRST_YEAR 1900
#define YW_CASE_FORM_DATE_YEARS_AHEAD 10
/* A 容缺 (deferred) material is due after the day of acceptance and at most this many working
 * days after it (the official calendar; past its last year, the ordinary rule) — about three
 * months, long enough to obtain a document and short of the time the case itself may run. */
#define YW_CASE_DEFERRED_DAYS_MAX 60
/* A case's number (办件编号), what the applicant reads out on the phone: the region code (6
 * digits: the region the form names, else the region of the department of the case's first
 * item), the day of submission in Beijing (YYYYMMDD) and a serial per region and day (5 digits),
 * e.g. 3702022026120800123. Given at submission inside its transaction, unique, never reused. */
#define YW_CASE_NUMBER_LEN 19
#define YW_CASE_NUMBER_SERIAL_MAX 99999

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

/* closed: a post-check (核查) of a case that ended rejected (不予许可) — nothing is left to check */
typedef enum { YW_TASK_OPEN, YW_TASK_CORRECTING, YW_TASK_APPROVED, YW_TASK_REJECTED, YW_TASK_CLOSED } yw_task_state;
extern const yw_enum_text yw_task_states[];

/* A state's name in Chinese, as pages and messages show it (办理中, 补正中 …). Static text. */
const char *yw_case_state_zh(yw_case_state s);
const char *yw_task_state_zh(yw_task_state s);
/* A case's state in English words (in progress, partly completed …). Static text. */
const char *yw_case_state_en(yw_case_state s);

typedef enum { YW_TASK_REVIEW, YW_TASK_VERIFY } yw_task_kind; /* 审批, 核查 */
extern const yw_enum_text yw_task_kinds[];


typedef struct {
    const char *name;        /* one of the materials of the case's items */
    const char *provided_as; /* upload, pledge (告知承诺), deferred (容缺) or certificate (免提交) */
    const char *upload;      /* upload: the SHA-256 of a file the applicant (or the submitting clerk) uploaded */
    const char *due_date;    /* deferred: YYYY-MM-DD, set by the clerk at acceptance */
    const char *due_reason;  /* deferred: why it is due after the case's deadline, or NULL */
    const char *supplied_at; /* deferred and handed in: when */
    const char *supplied_how; /* deferred and handed in: upload (a file) or window (paper, as a clerk recorded) */
    const char *supplied_by, *supplied_by_name; /* who recorded it */
    const char *upload_name, *upload_type; /* on read: the uploaded file's name and media type */
    int64_t upload_size;                   /* on read: its size in bytes */
    /* certificate: the certificate that stands in for it (cert.h, "reuse instead of proofs"): at
     * submission its id or identifier, or NULL for the applicant's latest valid one of the type
     * the material names; on read its id */
    const char *certificate;
    /* on read, a certificate's identifier, number, type, holder and validity as issued, and its
     * status now (yw_cert_status_at: lapsed — expired, suspended, revoked — when not "valid") */
    const char *certificate_identifier, *certificate_number, *certificate_type, *certificate_holder;
    const char *certificate_valid_from, *certificate_valid_until, *certificate_state, *certificate_status;
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
    int stage;                             /* the bundle's stage, from 0 */
    const char *item_name, *case_title;    /* for inboxes */
    const char *case_number;               /* the case's number, or NULL (case.h: yw_case) */
    yw_task_color color; /* computed on read; NONE once decided */
} yw_task;

/* An item a case applies for, at the version it was submitted under. */
typedef struct {
    const char *code, *name, *department_code, *department_name;
    int version;
    int stage;              /* from 0; 0 for every item of a bundle without stages */
    const char *stage_name; /* NULL without stages */
} yw_case_item;

typedef struct {
    const char *id, *task_id, *actor_id, *actor_name, *at, *from_state, *to_state, *note;
} yw_case_event;

/* One thing a 补正 notice asks (一次性告知): a material to replace or a form field to correct,
 * with its reason; once the applicant resubmitted, what was there before and what they gave. */
typedef struct {
    const char *task_id, *kind; /* material or field */
    const char *name;           /* the material's name, or the field's key */
    const char *reason, *asked_at;
    const char *earlier, *given; /* a material: upload hashes; a field: JSON values; NULL while open
                                  * (earlier NULL too when nothing was there) */
    const char *answered_at;    /* NULL while it waits for the applicant */
    /* a material's files, on read: name, media type and size of the earlier and the given */
    const char *earlier_name, *earlier_type, *given_name, *given_type;
    int64_t earlier_size, given_size;
} yw_case_fix;

typedef struct {
    const char *id, *applicant_id, *applicant_name, *submitted_by;
    const char *number; /* the case number people read (YW_CASE_NUMBER_LEN digits); NULL for cases
                         * submitted before numbers were given (schema 0030) */
    const char *item_code, *bundle_code;
    int item_version;
    const char *answers, *form; /* JSON objects */
    yw_case_state state;
    const char *accepted_on, *reason, *created_at, *updated_at;
    const char *title;    /* the item's or the bundle's name at submission */
    int stage;            /* the stage open now (bundles in stages), from 0 */
    int limit_days;       /* a bundle's overall limit in working days; 0: none */
    const char *deadline; /* overall, set at acceptance: YYYY-MM-DD */
    int corrections;      /* tasks waiting for the applicant's corrections (补正), in lists too */
    int owed;             /* 容缺 materials the applicant still owes a running case (待补交), in lists too */
    yw_case_item *items;
    int nitems;
    yw_case_material *materials;
    int nmaterials;
    yw_task *tasks;
    int ntasks;
    yw_case_event *events;
    int nevents;
    yw_case_fix *fixes; /* what every 补正 notice asked, oldest first, open ones and answered ones */
    int nfixes;
} yw_case;

typedef struct {
    const char *item;         /* an item code, or */
    const char *bundle;       /* a bundle code: the answers pick its items */
    const char *answers;      /* a JSON object, or NULL for {}: a bundle's checked against its questionnaire */
    const char *form;         /* a JSON object, or NULL for {}: checked against the items' fields */
    const yw_case_material *materials;
    int nmaterials;
    const char *on_behalf_of; /* an applicant's account id: a clerk submits for them */
} yw_case_submit_in;

/* A 容缺 material and its due date; a date after the case's own deadline (set at this
 * acceptance: the bundle's limit or the promised days, case.h above) needs due_reason, kept beside
 * it (YW_E_CASE_DUE_AFTER_DEADLINE naming /deferred/N/due_reason otherwise). */
typedef struct {
    const char *material, *due_date, *due_reason;
} yw_case_deferred;

typedef struct {
    const char *case_id;
    const yw_case_deferred *deferred; /* 容缺: materials accepted without them, with due dates */
    int ndeferred;
} yw_case_accept_in;

/* What a 补正 notice names: a material (name) or a form field (its key), with its reason. */
typedef struct {
    const char *name, *reason;
} yw_case_ask;
#define YW_CASE_ASKS_MAX 60 /* materials, and fields, one notice names */

/* The case or task acted on, and a reason (refuse, reject, correct) or a material (supply).
 *   correct   reason: the overall note; ask_materials and ask_fields: what to replace and
 *             correct, each once, a material of the case's items or a field of its form
 *   resubmit  materials (name, upload): a new file for each material asked; form: a JSON object
 *             with a value for each field asked — every open ask answered, nothing else given
 *   supply    material, and upload (the file), or at_window: a clerk records the paper was
 *             handed in at the window */
typedef struct {
    const char *id;
    const char *reason;
    const char *material;
    const char *upload;
    bool at_window;
    const yw_case_ask *ask_materials, *ask_fields;
    int nask_materials, nask_fields;
    const yw_case_material *materials;
    int nmaterials;
    const char *form;
} yw_case_act_in;

/* Each write answers with the case as it is after the change (arena memory). */
int yw_case_submit(yw_op *op, const yw_case_submit_in *in, yw_case *out);
/* Every problem of a submission at once (一次性告知), for the answer to a refused one: the checks
 * of yw_case_submit, each on its own — each unknown form key, each field (/form/<key>), each
 * material given (/materials/N…), each required material missing (one error each, field
 * "materials", naming it) — at most YW_CASE_PROBLEMS_MAX, in the order yw_case_submit finds them,
 * so the first is its error. When who applies or what for is wrong, there is no list (*count 0:
 * the submission's error says it). Reads only; -1 when the store fails. Arena memory. */
#define YW_CASE_PROBLEMS_MAX 100
int yw_case_submit_problems(yw_op *op, const yw_case_submit_in *in, yw_err **out, int *count);
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
typedef struct {
    bool mine;         /* the actor's own (我的办件): anyone logged in */
    bool waiting;      /* only those waiting for the applicant: 补正 asked, a 容缺 material owed */
    const char *state; /* a state's text, or NULL; all cases need a clerk, supervisor or admin */
    int limit, offset; /* limit 1–YW_CASE_LIST_MAX */
} yw_case_query;
#define YW_CASE_LIST_MAX 500

/* ---- a case's files, and who opened them ----
 * Those who read the case (yw_case_get: the applicant and the clerk who submitted, clerks,
 * officers of a department with a task, supervisors and admins) open each uploaded file of its
 * materials; anyone else is refused as for the case (403), and a hash that is not one of the
 * case's materials is 404 even when the upload exists. Every opening by staff — anyone but the
 * applicant — is a row of case_file_views written in the caller's transaction (the route is a
 * write), with the role the viewer opened it as and their department; the applicant reads that
 * list, which names a role and a department, never a person. */
#define YW_CASE_FILE_VIEWS_MAX 500 /* openings listed, newest first */

typedef struct {
    const char *case_id, *sha256;
    const char *dir; /* the uploads directory, or NULL */
    bool download;   /* saved under its name rather than shown in the page: recorded as such */
} yw_case_file_in;

typedef struct {
    yw_upload_file file;  /* bytes, type, size */
    const char *material; /* the material it was given for */
    const char *name;     /* the applicant's (or the submitting clerk's) name for it, or NULL */
} yw_case_file;
int yw_case_file_open(yw_op *op, const yw_case_file_in *in, yw_case_file *out);

typedef struct {
    const char *material, *sha256, *file_name; /* file_name: NULL when the uploader gave none */
    const char *role;            /* clerk, officer, supervisor or admin */
    const char *department_name; /* the viewer's department at the time, or NULL */
    const char *at;
    bool download;
} yw_case_file_view;
/* The openings of the case's files by staff, newest first (at most YW_CASE_FILE_VIEWS_MAX), for
 * those who read the case; *total counts them all. Arena memory. */
int yw_case_file_views(yw_op *op, const char *case_id, yw_case_file_view **out, int *count, int *total);

/* Cases without answers, form, materials, tasks and events: the actor's own newest first, or —
 * for clerks (the acceptance queue: ?state=submitted), supervisors and admins — every case in
 * a state, the submitted ones oldest first (first come, first served), others newest first.
 * *total gets how many match before limit and offset. Arena memory. */
int yw_case_list(yw_op *op, const yw_case_query *q, yw_case **out, int *count, int *total);
/* The form against the fields of the items applied for (pointers to each field, each key once):
 * required fields present and not blank, values of their field's type (text, number, date,
 * uscc, id_number, region, choice, mobile, landline, postcode, yuan) within its constraints, no
 * key the fields do not name. An amount in 元 (yuan: text, at most two decimals) is replaced in
 * form by its integer fen, the form a case keeps. Errors name /form/<key> and give the field's
 * label. */
int yw_case_form_check(yw_op *op, const yw_item_field *const *fields, int nfields, json_t *form);
/* The value form holds at f->key (present, not null) against its field, as yw_case_form_check
 * checks it (a yuan replaced by its fen); errors name `pointer`. */
int yw_case_field_check(yw_op *op, const yw_item_field *f, json_t *form, const char *pointer);

/* A 容缺 material's due date, text as given, checked: a date after op's day (the day of
 * acceptance) and at most YW_CASE_DEFERRED_DAYS_MAX working days after it; errors name `field`.
 * *due is the day number. */
int yw_case_due_check(yw_op *op, const char *text, const char *field, int64_t *due);

/* The open tasks (open or correcting) of the officer's department, by deadline, coloured. */
int yw_case_inbox(yw_op *op, yw_task **out, int *count);

typedef struct {
    const char *department_code, *department_name;
    int open, yellow, red;
} yw_case_overdue_row;
/* Supervisors and admins: per department, its open tasks, those due within a working day and
 * those past due, by department code. */
int yw_case_overdue(yw_op *op, yw_case_overdue_row **out, int *count);

/* ---- 超期督办: each overdue task, and urging it (urge.c; yw_task_urge in case.c) ----
 * A task is overdue as its colour says (core/workitem.h): open (not waiting for 补正), of a case
 * in progress (a post-check whatever the case's state), past its deadline. */
#define YW_OVERDUE_LIST_MAX 200

typedef struct {
    const char *department; /* a department's code, or NULL for every department */
    int limit, offset;      /* limit 1–YW_OVERDUE_LIST_MAX */
} yw_overdue_query;

typedef struct {
    const char *task_id, *case_id, *case_number, *case_title, *item_name;
    const char *department_code, *department_name;
    const char *officer_name; /* who of the task's department last acted on it, or NULL: nobody yet */
    const char *deadline;     /* YYYY-MM-DD */
    int days_over;            /* working days after the deadline up to today, on the calendar in effect */
    int urged;                /* times urged (督办) */
    const char *last_note, *last_urged_at; /* the last urging's, or NULL */
    const char *kind;         /* review (审批) or verify (事后核查): a case may have both overdue */
} yw_overdue_task;

/* Supervisors and admins: the overdue tasks, longest overdue first (by deadline), paged in SQL;
 * *total counts them all. Arena memory. */
int yw_case_overdue_tasks(yw_op *op, const yw_overdue_query *q, yw_overdue_task **out, int *count, int *total);

/* 督办: a supervisor urges an open task with a note (1–YW_CASE_REASON_MAX bytes, not blank): a row
 * of task_urgings, a case event (to_state "urged"), an audit entry (task.urge: the count before
 * and after) and the event task.urged, whose subscriber tells the department's officers.
 * Refused: not a supervisor (403), a blank note (422 note), no such task (404), a task not open
 * (409 naming its state). Answers with the urging and the task's count (arena memory). */
typedef struct {
    const char *task_id, *note;
} yw_task_urge_in;
typedef struct {
    const char *id, *task_id, *case_id, *note, *at;
    int urged; /* the task's urgings, this one included */
} yw_task_urging;
int yw_task_urge(yw_op *op, const yw_task_urge_in *in, yw_task_urging *out);

/* The record of the event task.urged. */
typedef struct {
    const char *task_id, *case_id, *department_id, *title, *number, *deadline, *note;
    int days_over;
} yw_task_urged;

/* ---- 容缺 reminders (urge.c): the job deferred.remind ----
 * Each owed deferred material of a case in progress due from today to YW_CASE_REMIND_DAYS working
 * days ahead raises deferred.due once (a row of deferred_reminders, written with it), whose
 * subscriber tells the applicant. Admins and the system actor; in the caller's transaction.
 * *sent gets how many were raised now. */
#define YW_CASE_REMIND_DAYS 3
typedef struct {
    const char *case_id, *applicant_id, *title, *number, *material, *due_date;
} yw_deferred_due;
int yw_case_deferred_remind(yw_op *op, int *sent);

/* ---- figures (figures.c) ---- */

typedef struct {
    const char *code, *name;   /* the bundle's or the item's */
    int cases;                 /* submitted, in any state */
    int decided, completed;    /* decided: completed, partly completed or rejected; completed: not rejected */
    double items_per_case;     /* items merged into one submission */
    int materials_asked;       /* the required materials of the items, each item counted alone */
    int materials_provided;    /* the materials the applicants gave, each once */
    int materials_reused;      /* of those, the ones a certificate already held stood in for (免提交) */
    double median_days, p90_days; /* working days from acceptance to decision; -1: none decided */
    double online_share;       /* of the decided: without a visit (online by the applicant, every item
                                * 全程网办, nothing handed in at a window); -1: none decided */
    double visits;             /* visits needed on average (the items' most), -1: none decided */
} yw_case_figures;

/* The figures per bundle (by_bundle) or per item, by code, from every case (anyone: no personal
 * data). Arena memory. */
int yw_case_figures_list(yw_op *op, bool by_bundle, yw_case_figures **out, int *count);

/* The figures are kept, not computed on each request: every change of a case queues the job
 * figures.refresh (yw_case_figures_on_change, a subscriber of case.*), which recomputes both
 * groupings from every case and keeps them (yw_case_figures_refresh, the system actor and
 * admins). Readers get what was kept (arena text: the rows as the API's JSON array), when it was
 * computed, and whether a refresh waits or runs (pending). */
typedef struct {
    const char *rows_json, *computed_at;
    bool pending;
} yw_case_figures_kept;
int yw_case_figures_refresh(yw_op *op);
int yw_case_figures_get(yw_op *op, bool by_bundle, yw_case_figures_kept *out);
int yw_case_figures_on_change(yw_op *op, yw_event *ev);

/* ---- the public lookup (办件查询, lookup.c) ----
 * Anyone, without logging in, gives a case's number and the last six characters of its
 * applicant's ID number or USCC, and reads the case's title, its state and its steps in words
 * with their dates: no names (of the applicant or of staff), no reasons, no form, no materials.
 * A wrong pair answers YW_E_CASE_STATUS_NOT_FOUND, one message whichever half was wrong.
 * Failures are counted per client address in the store (core/session.h's counted failures):
 * past YW_CASE_STATUS_MAX_FAILURES within YW_CASE_STATUS_WINDOW_MS, lookups from that address are
 * refused (YW_E_CASE_STATUS_LOCKED, 429) before anything is looked at.
 *
 * As a login, in two writes: begin checks the input (422 naming number or id_tail), checks the
 * limit and counts this attempt as a failure, and commits; finish looks the case up and forgets
 * the failure when the pair is right. A wrong pair's failure is thus committed although its
 * answer is an error. */
#define YW_CASE_STATUS_WINDOW_MS ((int64_t)15 * 60 * 1000)
#define YW_CASE_STATUS_MAX_FAILURES 10
#define YW_CASE_ID_TAIL_LEN 6

typedef struct {
    const char *number, *id_tail; /* id_tail: digits and letters; lower case is read as upper */
    const char *address;          /* the client's address, or NULL */
} yw_case_status_in;

typedef struct {
    const char *number, *id_tail, *scope, *attempt_id; /* arena copies, for finish */
} yw_case_status_attempt;

typedef struct {
    const char *at;               /* ISO 8601 UTC */
    const char *date;             /* YYYY-MM-DD in Beijing */
    const char *step_zh, *step_en; /* what happened, in words */
} yw_case_status_step;

typedef struct {
    const char *number, *title;
    yw_case_state state;
    const char *state_zh, *state_en;
    const char *submitted_on, *accepted_on, *deadline; /* YYYY-MM-DD (Beijing); NULL when not yet */
    yw_case_status_step *steps;
    int nsteps;
} yw_case_status;

int yw_case_status_begin(yw_op *op, const yw_case_status_in *in, yw_case_status_attempt *out);
/* The case of the attempt, or YW_E_CASE_STATUS_NOT_FOUND. Arena memory. */
int yw_case_status_finish(yw_op *op, const yw_case_status_attempt *at, yw_case_status *out);

/* ---- the applicants a clerk finds at the window (帮办代办, applicants.c) ----
 * Clerks only. q (1–YW_APPLICANT_QUERY_MAX bytes, not blank) is a whole ID number, a whole USCC
 * (lower case read as upper) or part of a name: persons and enterprises with an account that is
 * not disabled (the registry's record joined to an enterprise's by its USCC), then the registry's
 * enterprises without an account, at most YW_APPLICANTS_MAX in all. Arena memory. */
#define YW_APPLICANTS_MAX 20
#define YW_APPLICANT_QUERY_MAX 100
typedef struct {
    const char *account_id;          /* NULL: in the registry, without an account yet */
    const char *kind;                /* person or enterprise */
    const char *name, *id_number, *uscc, *phone; /* the account's (an enterprise's name and USCC from
                                                  * the registry when it has no account) */
    const char *entity_name, *legal_rep, *region; /* the registry's, or NULL */
    const char *entity_kind, *entity_status;      /* its kind and status as the registry spells them */
} yw_applicant;
int yw_case_applicants(yw_op *op, const char *q, yw_applicant **out, int *count);

/* ---- events (core/event.h), each with the case as it is now as its record ----
 *   case.submitted     submitted (at the window or online)
 *   case.accepted      accepted: its first tasks are open
 *   case.refused       不予受理 (note: the reason)
 *   case.correct       a task asks for corrections (subject: the task; note: the reason, then
 *                      each material and field asked with its reason, in words)
 *   case.resubmitted   the applicant handed in the corrections: the tasks resume
 *   case.task_rejected a department rejected its review task (不予许可; subject: the task; note:
 *                      the reason), before the case settles
 *   case.stage_opened  a staged bundle's next stage opened (note: its name)
 *   case.settled       decided: completed, partly completed or rejected; a subscriber's answer
 *                      becomes a note on the case
 * and, with records of their own:
 *   task.urged         a supervisor urged a task (yw_task_urged; note: the urging's note)
 *   deferred.due       a 容缺 material falls due within YW_CASE_REMIND_DAYS working days
 *                      (yw_deferred_due) */

/* ---- the demo city's cases (demo.c) ---- */

/* Eight cases of the demo person and enterprise, one at each step (at the window, in an inbox,
 * sent back for corrections, completed, refused, long overdue; the enterprise's 营业执照 reused as
 * its electronic licence in one of them), made through the functions the
 * API calls; nothing when the demo person has cases already. *added gets how many. */
int yw_case_demo_load(yw_op *op, int *added);

#endif
