/* Reports of the ledger: the monthly dispatch (每月调度) — per lead unit, how many measures are
 * done, in progress, not started, at risk and overdue at the end of a month, and the change
 * since the end of the month before — and the yearly evaluation per unit (on time, late,
 * overdue). Both look at the measures' status on a date, from their progress reports, so a past
 * month reads the same whenever it is asked for. Supervisors and admins. */
#ifndef YW_LEDGER_REPORT_H
#define YW_LEDGER_REPORT_H

#include "../base/buf.h"
#include "../store/store.h"
#include "actor.h"

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
    char as_of[11], previous_as_of[11];
    yw_dispatch_row *rows;     /* by unit name */
    int nrows;
    yw_dispatch_counts all, all_before;
} yw_dispatch;

/* month is "YYYY-MM"; plan_id NULL for every plan. */
int yw_ledger_dispatch(yw_store *s, yw_arena *a, const yw_actor *actor, const char *plan_id, const char *month,
                       yw_dispatch *out, yw_err *err);
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
int yw_ledger_evaluation(yw_store *s, yw_arena *a, const yw_actor *actor, const char *plan_id, int year,
                         yw_evaluation_row **rows, int *nrows, yw_err *err);

#endif
