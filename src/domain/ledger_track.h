/* Tracking the ledger's measures: listing them with filters, their progress reports (status,
 * percent, text, evidence files), and whether they are overdue in working days. A measure's
 * status on a date is that of its latest report on or before the date ("not_started" before
 * any); the current status is kept on the measure too. Staff read the ledger; a unit's staff
 * report on the measures their department is named in; supervisors and admins on any. */
#ifndef YW_LEDGER_TRACK_H
#define YW_LEDGER_TRACK_H

#include <stdbool.h>
#include <stdint.h>

#include "../store/store.h"
#include "actor.h"

typedef struct {
    const char *id, *plan_id, *plan_title, *section, *title, *body;
    int number;               /* 0 when the plan does not number it */
    const char *due_date;     /* YYYY-MM-DD or NULL */
    const char *status;       /* not_started, in_progress, done, cancelled */
    int percent;              /* of the latest report, 0 before any */
    const char *last_report;  /* date of the latest report, or NULL */
    const char **lead_units, **responsible_units; /* names as the plan gives them */
    bool overdue;
    int64_t overdue_days;     /* working days past due, when overdue */
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
    const char *id, *reported_on, *status, *body, *reported_by, *created_at;
    int percent;
    const char **evidence_names; /* NULL-terminated */
    const char **evidence_ids;
} yw_progress;

typedef struct {
    const char *name;
    const unsigned char *bytes;
    size_t len;
} yw_evidence_in;

typedef struct {
    const char *reported_on; /* YYYY-MM-DD, not in the future */
    const char *status;      /* in_progress, done (then percent is 100), cancelled */
    int percent;             /* 0–100 */
    const char *text;        /* 1–4000 bytes */
    const yw_evidence_in *evidence;
    int nevidence;           /* at most 10, each at most 512 KiB */
} yw_progress_new;

#define YW_EVIDENCE_MAX_BYTES (512 * 1024)

/* Measures in plan order (arena memory); *total gets how many match before limit/offset. */
int yw_ledger_measures(yw_store *s, yw_arena *a, const yw_actor *actor, const yw_measure_filter *f,
                       yw_measure **out, int *count, int *total, yw_err *err);
/* One measure and its reports, newest first. */
int yw_ledger_measure(yw_store *s, yw_arena *a, const yw_actor *actor, const char *id, yw_measure *out,
                      yw_progress **reports, int *nreports, yw_err *err);
/* Records a progress report (one transaction, audited); id_out gets its id. */
int yw_ledger_report_progress(yw_store *s, yw_arena *a, const yw_actor *actor, const char *measure_id,
                              const yw_progress_new *in, char id_out[27], yw_err *err);
/* An evidence file's name and bytes (arena memory). */
int yw_ledger_evidence(yw_store *s, yw_arena *a, const yw_actor *actor, const char *id, const char **name,
                       unsigned char **bytes, size_t *len, yw_err *err);

/* 0 when actor may write on the measure (progress, targets): supervisors and admins, or staff
 * of a department the measure names; YW_ERR_NOT_FOUND for no such measure, YW_ERR_FORBIDDEN. */
int yw_ledger_may_write(yw_store *s, yw_arena *a, const yw_actor *actor, const char *measure_id, yw_err *err);

/* Working days a measure due on `due` (YYYY-MM-DD) is past due on day `on`; 0 when not past. */
int yw_ledger_days_overdue(const char *due, int64_t on, int64_t *out, yw_err *err);

#endif
