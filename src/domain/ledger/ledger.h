/* The ledger (督查台账): the measures of the action plans, each with its lead and responsible
 * units matched to the platform's departments, and its deadlines. This file imports a parsed
 * plan (plan_parse.h) and keeps the mapping of unit names to departments; the task force
 * (supervisors) and admins import and map. */
#ifndef YW_LEDGER_H
#define YW_LEDGER_H

#include <stdbool.h>

#include "../../std/workcal.h"
#include "../core/op.h"
#include "plan_parse.h"

/* What an import found and saved, summed over the documents of the file (a notice may print
 * several plans; each is saved as a plan of its own). */
typedef struct {
    int documents;                             /* plans in the file, usually 1 */
    int sections, measures, deadlines, unplaced, annex_units;
    int units, units_matched, units_unmatched; /* distinct names */
    const char **unmatched;                    /* NULL-terminated, sorted */
    char plan_id[YW_ID_SIZE];                  /* the first plan's; empty on a dry run */
    const char **plan_ids;                     /* each document's, in order; all NULL on a dry run */
    const char *existing_plan_id;              /* a dry run: a plan not withdrawn with a document's title */
    bool replaced;                             /* the import replaced a plan (in->replace) */
    int kept, changed, added, removed;         /* measures, on a replacement (added: all on an import) */
} yw_ledger_report;

/* Matches a unit name: a department's code, name or alias, then the remembered mapping.
 * *department_id is NULL when nothing matches (not an error). */
int yw_ledger_match_unit(yw_op *op, const char *name, const char **department_id);

/* Imports a parsed plan as one transaction (nothing on a dry run, which still matches units):
 * the plan, its measures, their units (matched where possible) and deadlines, and one audit
 * entry; each further document of the file (plan->next) the same way, as a plan of its own.
 * Supervisors and admins only.
 * A document whose title is that of a plan not withdrawn is refused (409 PLAN_EXISTS naming the
 * plan; a dry run instead sets report->existing_plan_id). With `replace`, the file's one document
 * replaces that plan in place: measures whose text is unchanged (numbering and blanks aside) keep
 * their rows, reports, urgings, evidence and status; those whose title alone is unchanged keep
 * their history and take the new text; the rest are added; old measures the new text lacks are
 * cancelled, not deleted. The report counts kept, changed, added and removed; audited
 * ledger.replace. */
typedef struct {
    const char *source_name; /* the file's name */
    int year;                /* YW_YEAR_MIN..YW_YEAR_MAX: the year the plan's deadlines fall in */
    const yw_plan *plan;
    bool dry_run;
    const char *replace; /* NULL, or the id of the plan (not withdrawn) this one replaces */
} yw_ledger_import_in;
int yw_ledger_import(yw_op *op, const yw_ledger_import_in *in, yw_ledger_report *report);

/* Remembers that `unit_name` means the department `department` (code, name or alias), and
 * applies it to every measure unit of that name not yet matched; *applied gets how many.
 * Audited. Supervisors and admins only. */
typedef struct {
    const char *unit_name;  /* 2–100 bytes */
    const char *department; /* code, name or alias */
} yw_unit_mapping;
int yw_ledger_map_unit(yw_op *op, const yw_unit_mapping *in, int *applied);

typedef struct {
    const char *id, *title, *source_name, *imported_at;
    int year, measures;
    const char *replaced_at;                     /* the latest replacement, or NULL */
    const char *withdrawn_at, *withdrawn_by, *withdraw_reason; /* NULL unless withdrawn (by: a name) */
    int not_started, in_progress, done, cancelled; /* its measures by kept status */
} yw_ledger_plan;

/* The imported plans, newest first, withdrawn ones too (staff). */
int yw_ledger_plans(yw_op *op, yw_ledger_plan **out, int *count);
/* One plan (PLAN_NOT_FOUND). */
int yw_ledger_plan_get(yw_op *op, const char *id, yw_ledger_plan *out);

/* Withdraws a plan (撤回) with a reason: its measures leave the lists and reports that do not
 * name the plan; its rows stay. Supervisors and admins; a plan withdrawn already is 409
 * PLAN_WITHDRAWN; audited ledger.withdraw. *out (may be NULL) gets the plan as withdrawn. */
typedef struct {
    const char *plan_id;
    const char *reason; /* 1–YW_LEDGER_REASON_MAX bytes, not blank */
} yw_plan_withdraw;
int yw_ledger_withdraw(yw_op *op, const yw_plan_withdraw *in, yw_ledger_plan *out);

typedef struct {
    const char *name;
    const char *department_id, *department_name; /* NULL when unmatched */
    int measures;
} yw_ledger_unit;

/* Every unit name the measures of plans not withdrawn give, with its department if matched, by
 * name; only the unmatched ones when `unmatched_only` (staff). */
int yw_ledger_units(yw_op *op, bool unmatched_only, yw_ledger_unit **out, int *count);

/* ---- tracking ---- */

/* Tracking the ledger's measures: listing them with filters, their progress reports (status,
 * percent, text, evidence files), and whether they are overdue in working days. A measure's
 * status on a date is that of its latest report on or before the date ("not_started" before
 * any); the current status is kept on the measure too. Staff read the ledger; a unit's staff
 * report on the measures their department is named in; supervisors and admins on any. */



/* A measure's status, and one progress report's: the text of each in yw_measure_statuses. */
typedef enum {
    YW_MEASURE_NOT_STARTED,
    YW_MEASURE_IN_PROGRESS,
    YW_MEASURE_DONE,
    YW_MEASURE_CANCELLED,
} yw_measure_status;
extern const yw_enum_text yw_measure_statuses[];

typedef struct {
    const char *id, *plan_id, *plan_title, *section, *title, *body;
    int number;               /* 0 when the plan does not number it */
    const char *due_date;     /* YYYY-MM-DD or NULL */
    yw_measure_status status;
    int percent;              /* of the latest report, 0 before any */
    const char *last_report;  /* date of the latest report, or NULL */
    const char **lead_units, **responsible_units; /* names as the plan gives them */
    bool overdue;
    int64_t overdue_days;     /* working days past due, when overdue */
    bool overdue_provisional; /* overdue_days counts days past the official calendar (ordinary rule) */
    int urgings;                 /* how many times the task force urged it */
    const char *last_urging;     /* the latest urging's note, or NULL */
    const char *last_urged_at;   /* its timestamp, or NULL */
    const char *returned_reason; /* the reason, when the latest report made was returned; else NULL */
    const char *cancelled_on;    /* YYYY-MM-DD when the task force cancelled it, else NULL */
    const char *cancel_reason, *cancelled_by; /* the reason and the canceller's name */
} yw_measure;

typedef struct {
    const char *plan_id; /* NULL: every plan */
    const char *unit;    /* a unit name, or a department code/name: measures naming it */
    const char *status;  /* not_started, in_progress, done, cancelled, overdue */
    const char *section;
    bool mine;           /* the measures naming the actor's department */
    int limit, offset;
} yw_measure_filter;

typedef struct {
    const char *id, *reported_on, *body, *reported_by, *created_at;
    yw_measure_status status;
    int percent;
    const char **evidence_names; /* NULL-terminated */
    const char **evidence_ids;
    const char *returned_at, *returned_by, *return_reason; /* NULL unless returned (by: a name) */
} yw_progress;

typedef struct {
    const char *name;
    const unsigned char *bytes;
    size_t len;
    const char *sha256_hex; /* its hash when the caller made it before the transaction, else NULL */
} yw_evidence_in;

typedef struct {
    const char *measure_id;
    const char *reported_on; /* YYYY-MM-DD, not in the future */
    yw_measure_status status; /* in progress, done (then percent is 100), cancelled */
    int percent;             /* 0–100 */
    const char *text;        /* 1–4000 bytes */
    const yw_evidence_in *evidence;
    int nevidence;           /* at most 10, each at most 512 KiB */
} yw_progress_new;

#define YW_EVIDENCE_MAX_BYTES (512 * 1024)
#define YW_EVIDENCE_MAX_FILES 10 /* with their base64, the report's route takes them all (api_ledger.c) */
#define YW_EVIDENCE_MAX_FILES 10
/* The body of a progress report with every file at its largest: base64 makes 4 bytes of 3, and
 * the text, names and JSON around them fit in the rest. */
#define YW_PROGRESS_BODY_MAX ((size_t)YW_EVIDENCE_MAX_FILES * YW_EVIDENCE_MAX_BYTES * 4 / 3 + 256 * 1024)

/* Measures in plan order (arena memory); *total gets how many match before limit/offset. */
int yw_ledger_measures(yw_op *op, const yw_measure_filter *f, yw_measure **out, int *count, int *total);
/* One measure and its reports, newest first. */
int yw_ledger_measure(yw_op *op, const char *id, yw_measure *out, yw_progress **reports, int *nreports);
/* Records a progress report (audited); *out (may be NULL) gets the report as written. */
int yw_ledger_report_progress(yw_op *op, const yw_progress_new *in, yw_progress *out);
/* An evidence file's name and bytes (arena memory). */
int yw_ledger_evidence(yw_op *op, const char *id, const char **name, unsigned char **bytes, size_t *len);

/* Sets the status kept on a measure: cancelled once the task force cancelled it, else that of
 * its latest report not returned (not started before any). Inside the caller's transaction. */
int yw_ledger_refresh_status(yw_op *op, const char *measure_id);

/* The completion of the measures a filter selects (its limit and offset aside): how many, how
 * many cancelled and done; rate is done / (measures - cancelled) in whole percent, -1 when
 * every measure is cancelled or none is selected. */
typedef struct {
    int measures, cancelled, done, rate;
} yw_ledger_completion;
int yw_ledger_completion_of(yw_op *op, const yw_measure_filter *f, yw_ledger_completion *out);

/* 0 when actor may write on the measure (progress, targets): supervisors and admins, or staff
 * of a department the measure names; YW_ERR_NOT_FOUND for no such measure, YW_ERR_FORBIDDEN. */
int yw_ledger_may_write(yw_op *op, const char *measure_id);

/* Working days a measure due on `due` (YYYY-MM-DD) is past due on day `on` by the calendar
 * `cal` (yw_calendar_current); 0 when not past. *provisional: the count reaches past the
 * official calendar and follows the ordinary rule there. */
int yw_ledger_days_overdue(const yw_workcal *cal, const char *due, int64_t on, int64_t *out, bool *provisional,
                           yw_err *err);

/* ---- supervision ---- */

/* The task force's view of a measure: it returns a progress report (退回) with a reason — the
 * report stays in the history, marked returned, and the measure's status is as if it had not
 * been made, so its unit reports again; it urges a measure (催办) with a note, each urging kept
 * and shown in the unit's list; it cancels a measure with a reason, which then leaves the
 * completion rate and is counted as cancelled. Supervisors and admins only; each an audit event. */

#define YW_LEDGER_REASON_MAX 1000 /* bytes of a reason or an urging's note */

typedef struct {
    const char *progress_id;
    const char *reason; /* 1–YW_LEDGER_REASON_MAX bytes, not blank */
} yw_progress_return;
/* Returns a report (409 PROGRESS_RETURNED if it was already); *out (may be NULL) gets the report
 * as returned, without its evidence. */
int yw_ledger_return_progress(yw_op *op, const yw_progress_return *in, yw_progress *out);

typedef struct {
    const char *id, *measure_id, *note, *urged_by, *created_at; /* urged_by: a name */
} yw_urging;

typedef struct {
    const char *measure_id;
    const char *note; /* 1–YW_LEDGER_REASON_MAX bytes, not blank */
} yw_urging_new;
/* Urges a measure not cancelled; *out (may be NULL) gets the urging, *count (may be NULL) how
 * many the measure has now. */
int yw_ledger_urge(yw_op *op, const yw_urging_new *in, yw_urging *out, int *count);
/* A measure's urgings, newest first (staff; arena memory). */
int yw_ledger_urgings(yw_op *op, const char *measure_id, yw_urging **out, int *count);

typedef struct {
    const char *measure_id;
    const char *reason; /* 1–YW_LEDGER_REASON_MAX bytes, not blank */
} yw_measure_cancel;
/* Cancels a measure from today (409 MEASURE_CANCELLED the second time); *out (may be NULL)
 * gets the measure as cancelled. */
int yw_ledger_cancel(yw_op *op, const yw_measure_cancel *in, yw_measure *out);

/* ---- reports ---- */

/* Reports of the ledger: the monthly dispatch (每月调度) — per lead unit, how many measures are
 * done, in progress, not started, at risk and overdue at the end of a month, and the change
 * since the end of the month before — and the yearly evaluation per unit (on time, late,
 * overdue). Both look at the measures' status on a date, from their progress reports, so a past
 * month reads the same whenever it is asked for. Supervisors and admins. */


/* A measure is "at risk" at a month's end when it is neither done nor overdue and falls due
 * within this many working days after that day. */
#define YW_LEDGER_RISK_WORKING_DAYS 10

typedef struct {
    int total, done, in_progress, not_started, at_risk, overdue, cancelled;
} yw_dispatch_counts;

typedef struct {
    const char *unit;          /* the lead unit as the plan names it */
    const char *department;    /* its department's name when matched, else NULL */
    yw_dispatch_counts now, before;
} yw_dispatch_row;

typedef struct {
    char month[8];             /* YYYY-MM */
    char as_of[YW_DATE_SIZE], previous_as_of[YW_DATE_SIZE];
    yw_dispatch_row *rows;     /* by unit name */
    int nrows;
    yw_dispatch_counts all, all_before;
} yw_dispatch;

/* month is "YYYY-MM"; plan_id NULL for every plan. */
int yw_ledger_dispatch(yw_op *op, const char *plan_id, const char *month, yw_dispatch *out);
/* Writes the dispatch as CSV (UTF-8 with a BOM, so spreadsheet programs read the Chinese). */
void yw_ledger_dispatch_csv(const yw_dispatch *d, yw_buf *out);

/* Writes the dispatch as an xlsx workbook (one sheet, a header row, a row per unit, a total row)
 * into arena memory. */
int yw_ledger_dispatch_xlsx(const yw_dispatch *d, yw_arena *a, char **data, size_t *len, yw_err *err);

typedef struct {
    const char *unit, *department;
    int total, on_time, late, overdue, open, cancelled;
} yw_evaluation_row;

/* Per lead unit, for measures due in `year`: done on or before the due date (on time), done
 * after it (late), not done and past due today (overdue), not yet due (open). */
int yw_ledger_evaluation(yw_op *op, const char *plan_id, int year, yw_evaluation_row **rows, int *nrows);

/* ---- targets ---- */

/* Measurable targets of ledger measures: a name, a unit, a target value and the date it is due
 * (企业变更全程网办率, %, 99, 2022-12-31), and the values measured against it over time, one per
 * date (a later report for the same date replaces the earlier). Values are decimals written as
 * text, at most 12 digits before the point and 4 after. The measure's units, supervisors and
 * admins add targets and values; staff read them. */


typedef struct {
    const char *measured_on, *value;
} yw_target_value;

typedef struct {
    const char *id, *measure_id, *name, *unit, *target_value, *due_date;
    yw_target_value *values; /* by date */
    int nvalues;
} yw_target;

/* 0 when s is a decimal of at most 12 integer and 4 fraction digits (a leading '-' allowed). */
int yw_decimal_validate(const char *s, const char *field, yw_err *err);

typedef struct {
    const char *measure_id;
    const char *name;         /* 1–200 bytes */
    const char *unit;         /* 1–20 bytes */
    const char *target_value; /* a decimal (yw_decimal_validate) */
    const char *due_date;     /* YYYY-MM-DD */
} yw_target_new;
/* Adds a target to a measure (its units, supervisors, admins); *out (may be NULL) gets it. */
int yw_ledger_target_add(yw_op *op, const yw_target_new *in, yw_target *out);

typedef struct {
    const char *target_id;
    const char *measured_on; /* YYYY-MM-DD, not in the future; replaces a value of the same date */
    const char *value;       /* a decimal */
} yw_target_value_new;
int yw_ledger_target_value(yw_op *op, const yw_target_value_new *in);
/* The targets of a measure with their values (arena memory). */
int yw_ledger_targets(yw_op *op, const char *measure_id, yw_target **out, int *count);

/* ---- the demo ---- */

typedef struct {
    int measures;         /* in the demo plan */
    bool added;           /* false: the store had the demo plan already, nothing changed */
    int reports, urgings; /* recorded on it */
} yw_ledger_demo_report;
/* Imports the demo city's plan (data/demo-ledger.json, built in) with its progress reports and
 * urgings, made as the demo accounts the file names, unless a plan of its title is there (in
 * any state). Admins (the command line). */
int yw_ledger_demo_load(yw_op *op, yw_ledger_demo_report *report);

#endif
