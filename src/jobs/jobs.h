/* Jobs: long work (imports, matching runs over the registry, inspection draws, exports, checks
 * of the audit chain) that must not run inside a request. A job is a row in the store: it is
 * submitted (queued), taken by one job thread of one server under a lease (running), reports its
 * progress as it goes, and ends done with a result or failed with an error. The lease is what
 * makes exactly one server of several run a job: a thread claims a queued job, or a running one
 * whose lease ran out because its server died, in one conditional update; it renews the lease
 * each time it reports progress. The command line and the pages read progress from the row.
 *
 * A kind of job is a name and a function (yw_job_kind), registered when the runner starts. */
#ifndef YW_JOBS_H
#define YW_JOBS_H

#include <stdbool.h>
#include <stdint.h>

#include "../domain/core/op.h"

#define YW_JOB_LEASE_MS 30000
#define YW_JOB_MAX_ATTEMPTS 3
#define YW_JOB_LIST_MAX 100

typedef struct yw_job yw_job;

/* A job's work. It runs on a job thread with its own store connection (job->op: the store, a
 * job-long arena, the system actor, the time it started), reads its arguments from
 * yw_job_args, reports progress with yw_job_progress, and returns 0 with a result
 * (yw_job_set_result) or -1 with op->err filled. It opens its own transactions
 * (yw_op_write), in chunks, so that progress is visible meanwhile. */
typedef int (*yw_job_fn)(yw_job *job);

typedef struct {
    const char *kind; /* e.g. "audit.verify" */
    yw_job_fn run;
    unsigned roles;   /* who may submit it */
} yw_job_kind;

/* The kinds this build knows: each concept's {NULL}-terminated table, listed in kinds.h. */
#define YW_JOB_TABLE(concept) extern const yw_job_kind yw_##concept##_job_kinds[];
#include "kinds.h"
#undef YW_JOB_TABLE

/* ---- in the work of a job ---- */

yw_op *yw_job_op(yw_job *job);
const char *yw_job_args(const yw_job *job);
/* Records progress (done of total, a note) and renews the lease; -1 when the lease was lost
 * (another server took the job over): the work must stop. */
int yw_job_progress(yw_job *job, int64_t done, int64_t total, const char *note);
/* The job's result, a JSON text (copied). */
int yw_job_set_result(yw_job *job, const char *json);

/* ---- submitting and reading: domain functions in the op shape ---- */

typedef struct {
    const char *kind;      /* one of the kinds of kinds.h's tables */
    const char *args_json; /* a JSON object, "{}" when the kind takes nothing */
} yw_job_new;

typedef struct {
    const char *id, *kind, *args_json, *state, *progress_note, *result_json;
    const char *error, *error_en; /* a failed job's error in Chinese and in English */
    const char *created_by, *created_at, *started_at, *finished_at;
    int64_t progress_done, progress_total;
    int attempts;
} yw_job_info;

/* Queues a job (the kind's roles), audited; *out gets it. */
int yw_job_submit(yw_op *op, const yw_job_new *in, yw_job_info *out);
/* One job: its submitter, supervisors and admins. */
int yw_job_get(yw_op *op, const char *id, yw_job_info *out);
/* The newest jobs first, at most limit (staff: their own; supervisors and admins: all). */
int yw_job_list(yw_op *op, int limit, yw_job_info **out, int *count);

/* ---- the runner ---- */

/* Starts n job threads, each with its own connection to db_url; owner names this process in
 * leases (host and pid). They wait for queued jobs (woken at once by a submit in this process,
 * else every poll_ms) and run them. */
int yw_jobs_start(const char *db_url, const char *owner, int n, int poll_ms, yw_err *err);
/* Wakes the threads of this process: a job was submitted. */
void yw_jobs_wake(void);
/* Stops the threads after the jobs they run end. */
void yw_jobs_stop(void);

/* Claims and runs at most one job on store s as owner, in the calling thread; *ran tells
 * whether there was one. For the command line and tests. */
int yw_jobs_run_one(yw_store *s, const char *owner, bool *ran, yw_err *err);

#endif
