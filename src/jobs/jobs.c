/* The job runner: the jobs table, leases, progress, the threads that run jobs, and the kinds of
 * job this build knows. See jobs.h for the model.
 *
 * Claiming is one conditional UPDATE: the oldest job that is queued, or running under a lease
 * that ran out, gets this thread's lease token — the WHERE clause is evaluated again on the row
 * itself, so of two servers claiming at once exactly one changes it (PostgreSQL re-checks it
 * under the row lock; SQLite has one writer). Every later write of the job names the token, so a
 * thread that lost its lease (it stalled past YW_JOB_LEASE_MS and another took over) can no
 * longer write progress or a result. */
#include "jobs.h"

#include <inttypes.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../base/buf.h"
#include "../base/json_writer.h"
#include "../base/log.h"
#include "../base/time.h"
#include "../base/ulid.h"
#include "../domain/core/audit.h"
#include "../domain/core/idempotency.h"

struct yw_job {
    yw_op op;
    yw_arena arena;
    yw_err err;
    const char *id, *args, *token, *result;
    int64_t last_progress_us;
};

yw_op *yw_job_op(yw_job *job) { return &job->op; }
const char *yw_job_args(const yw_job *job) { return job->args; }

int yw_job_set_result(yw_job *job, const char *json) {
    job->result = yw_arena_strdup(&job->arena, json);
    return job->result ? 0 : yw_fail(&job->err, YW_E_NOMEM, NULL);
}

static bool runner_stopping(void);

int yw_job_progress(yw_job *job, int64_t done, int64_t total, const char *note) {
    if (runner_stopping())
        return yw_err_set(&job->err, YW_ERR_BUSY, NULL, "the server is stopping: the job goes back to the queue");
    int64_t changes = 0;
    yw_err e;
    if (yw_store_run(job->op.store, NULL,
                     "UPDATE jobs SET progress_done = $2, progress_total = $3, progress_note = $4, lease_until_ms = $5"
                     " WHERE id = $1 AND lease_owner = $6 AND state = 'running'",
                     YW_PARAMS(YW_TEXT_P(job->id), YW_INT_P(done), YW_INT_P(total), YW_TEXT_P(note),
                               YW_INT_P(yw_now_ms() + YW_JOB_LEASE_MS), YW_TEXT_P(job->token)),
                     NULL, &changes, &e) < 0) {
        job->err = e;
        return -1;
    }
    if (changes != 1) return yw_err_set(&job->err, YW_ERR_CONFLICT, NULL, "the job's lease was lost to another server");
    return 0;
}

/* ---- the kinds: each concept's table (kinds.h) ---- */

static const yw_job_kind *const kind_tables[] = {
#define YW_JOB_TABLE(concept) yw_##concept##_job_kinds,
#include "kinds.h"
#undef YW_JOB_TABLE
};

static const yw_job_kind *find_kind(const char *name) {
    for (size_t t = 0; name && t < sizeof kind_tables / sizeof kind_tables[0]; t++)
        for (const yw_job_kind *k = kind_tables[t]; k->kind; k++)
            if (strcmp(k->kind, name) == 0) return k;
    return NULL;
}

/* ---- submitting and reading ---- */

#define JOB_COLS                                                                                                   \
    "SELECT id, kind, args_json, state, progress_note, result_json, error, created_by, created_at, started_at,"   \
    " finished_at, progress_done, progress_total, attempts, error_en FROM jobs"

static const yw_column job_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_job_info, id),           YW_COLUMN(YW_COL_TEXT, yw_job_info, kind),
    YW_COLUMN(YW_COL_TEXT, yw_job_info, args_json),    YW_COLUMN(YW_COL_TEXT, yw_job_info, state),
    YW_COLUMN(YW_COL_TEXT, yw_job_info, progress_note), YW_COLUMN(YW_COL_TEXT, yw_job_info, result_json),
    YW_COLUMN(YW_COL_TEXT, yw_job_info, error),        YW_COLUMN(YW_COL_TEXT, yw_job_info, created_by),
    YW_COLUMN(YW_COL_TEXT, yw_job_info, created_at),   YW_COLUMN(YW_COL_TEXT, yw_job_info, started_at),
    YW_COLUMN(YW_COL_TEXT, yw_job_info, finished_at),  YW_COLUMN(YW_COL_INT64, yw_job_info, progress_done),
    YW_COLUMN(YW_COL_INT64, yw_job_info, progress_total), YW_COLUMN(YW_COL_INT, yw_job_info, attempts),
    YW_COLUMN(YW_COL_TEXT, yw_job_info, error_en),
};
#define NJOB_COLUMNS (int)(sizeof job_columns / sizeof job_columns[0])

int yw_job_submit(yw_op *op, const yw_job_new *in, yw_job_info *out) {
    const yw_job_kind *k = find_kind(in->kind);
    if (!k) return yw_fail(op->err, YW_E_JOB_KIND_UNKNOWN, "kind", in->kind ? in->kind : "");
    if (yw_op_require(op, k->roles, "start this job") < 0) return -1;
    const char *args = in->args_json ? in->args_json : "{}";
    json_error_t jerr;
    json_t *parsed = json_loads(args, JSON_REJECT_DUPLICATES, &jerr);
    bool object = json_is_object(parsed);
    json_decref(parsed);
    if (!object) return yw_fail(op->err, YW_E_JOB_ARGS_NOT_OBJECT, "args");
    char *id = yw_arena_alloc(op->arena, YW_ID_SIZE), now[YW_TIMESTAMP_SIZE];
    if (!id) return yw_fail(op->err, YW_E_NOMEM, NULL);
    yw_ulid_new(id);
    yw_op_timestamp(op, now);
    const char *by = op->actor ? op->actor->account_id : "system";
    if (yw_store_exec(op->store,
                      "INSERT INTO jobs (id, kind, args_json, state, created_by, created_at) VALUES ($1, $2, $3, 'queued', $4, $5)",
                      YW_ARGS(id, k->kind, args, by, now), NULL, op->err) < 0)
        return -1;
    const char *after = yw_arena_printf(op->arena, "{\"kind\":\"%s\"}", k->kind);
    if (!after) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (yw_audit_append(op, "job.submit", "job", id, NULL, after) < 0) return -1;
    return out ? yw_job_get(op, id, out) : 0;
}

int yw_job_get(yw_op *op, const char *id, yw_job_info *out) {
    if (yw_op_require(op, YW_ROLE_STAFF, "read jobs") < 0) return -1;
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, JOB_COLS " WHERE id = $1", YW_ARGS(id), &rows, op->err) < 0) return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_JOB_NOT_FOUND, "id", id);
    yw_rows_fill(&rows, 0, job_columns, NJOB_COLUMNS, out);
    bool overseer = yw_actor_has(op->actor, YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN);
    if (!overseer && strcmp(out->created_by, op->actor->account_id) != 0)
        return yw_fail(op->err, YW_E_JOB_READ_FORBIDDEN, NULL);
    return 0;
}

int yw_job_list(yw_op *op, int limit, yw_job_info **out, int *count) {
    if (yw_op_require(op, YW_ROLE_STAFF, "read jobs") < 0) return -1;
    bool overseer = yw_actor_has(op->actor, YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN);
    yw_rows rows;
    if (yw_store_run(op->store, op->arena,
                     JOB_COLS " WHERE $1 = 1 OR created_by = $2 ORDER BY created_at DESC, id DESC LIMIT $3",
                     YW_PARAMS(YW_INT_P(overseer), YW_TEXT_P(op->actor->account_id), YW_INT_P(limit)), &rows, NULL,
                     op->err) < 0)
        return -1;
    yw_job_info *list = yw_rows_fill_all(&rows, job_columns, NJOB_COLUMNS, sizeof *list, op->arena);
    if (!list) return yw_fail(op->err, YW_E_NOMEM, NULL);
    *out = list;
    *count = rows.nrows;
    return 0;
}

/* ---- claiming and running ---- */

/* Ends the job: done with its result, or failed with its error; only under its own lease. */
static void finish(yw_store *s, yw_job *job, bool ok) {
    char now[YW_TIMESTAMP_SIZE];
    yw_timestamp_format(yw_now_ms(), now);
    yw_err e;
    char zh[256], en[256];
    const char *error = ok ? NULL : yw_err_message(&job->err, false, zh, sizeof zh);
    const char *error_en = ok ? NULL : yw_err_message(&job->err, true, en, sizeof en);
    if (yw_store_run(s, NULL,
                     "UPDATE jobs SET state = $2, result_json = $3, error = $4, error_en = $7, finished_at = $5,"
                     " lease_until_ms = 0 WHERE id = $1 AND lease_owner = $6",
                     YW_PARAMS(YW_TEXT_P(job->id), YW_TEXT_P(ok ? "done" : "failed"), YW_TEXT_P(ok ? job->result : NULL),
                               YW_TEXT_P(error), YW_TEXT_P(now), YW_TEXT_P(job->token), YW_TEXT_P(error_en)),
                     NULL, NULL, &e) < 0)
        yw_error("job %s: cannot record its end: %s", job->id, e.message);
}

int yw_jobs_run_one(yw_store *s, const char *owner, bool *ran, yw_err *err) {
    *ran = false;
    yw_job *job = calloc(1, sizeof *job);
    if (!job) return yw_fail(err, YW_E_NOMEM, NULL);
    yw_arena_init(&job->arena);
    int rc = -1;
    char token[160], lease_id[YW_ID_SIZE], now[YW_TIMESTAMP_SIZE];
    yw_ulid_new(lease_id);
    snprintf(token, sizeof token, "%.120s/%s", owner, lease_id);
    int64_t now_ms = yw_now_ms();
    yw_timestamp_format(now_ms, now);
    int64_t changes = 0;
    if (yw_store_run(s, NULL,
                     "UPDATE jobs SET state = 'running', lease_owner = $1, lease_until_ms = $2, attempts = attempts + 1,"
                     " started_at = COALESCE(started_at, $4)"
                     " WHERE id = (SELECT id FROM jobs WHERE state = 'queued' OR (state = 'running' AND lease_until_ms < $3)"
                     "  ORDER BY created_at, id LIMIT 1)"
                     " AND (state = 'queued' OR (state = 'running' AND lease_until_ms < $3))",
                     YW_PARAMS(YW_TEXT_P(token), YW_INT_P(now_ms + YW_JOB_LEASE_MS), YW_INT_P(now_ms), YW_TEXT_P(now)),
                     NULL, &changes, err) < 0)
        goto done;
    rc = 0;
    if (changes != 1) goto done;
    yw_rows rows;
    if (yw_store_query(s, &job->arena, "SELECT id, kind, args_json, attempts FROM jobs WHERE lease_owner = $1",
                       YW_ARGS(token), &rows, err) < 0 || rows.nrows != 1) {
        rc = -1;
        goto done;
    }
    *ran = true;
    job->id = yw_rows_get(&rows, 0, 0);
    job->args = yw_rows_get(&rows, 0, 2);
    job->token = yw_arena_strdup(&job->arena, token);
    job->op = yw_op_make(s, &job->arena, &yw_actor_system, &job->err);
    const yw_job_kind *k = find_kind(yw_rows_get(&rows, 0, 1));
    int attempts = atoi(yw_rows_get(&rows, 0, 3));
    if (!job->token) {
        rc = yw_fail(err, YW_E_NOMEM, NULL);
        goto done;
    }
    if (!k) {
        yw_fail(&job->err, YW_E_JOB_KIND_NOT_HERE, NULL, yw_rows_get(&rows, 0, 1));
        finish(s, job, false);
    } else if (attempts > YW_JOB_MAX_ATTEMPTS) {
        yw_fail(&job->err, YW_E_JOB_GAVE_UP, NULL, attempts - 1);
        finish(s, job, false);
    } else {
        int64_t t0 = yw_mono_us();
        yw_info("job %s (%s) started", job->id, k->kind);
        bool ok = k->run(job) == 0;
        if (ok && !job->result) ok = yw_job_set_result(job, "{}") == 0;
        if (!ok && runner_stopping()) {
            /* not the job's fault: back to the queue, for this server after its restart or another */
            yw_err e;
            if (yw_store_exec(s, "UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_until_ms = 0"
                                 " WHERE id = $1 AND lease_owner = $2",
                              YW_ARGS(job->id, job->token), NULL, &e) < 0)
                yw_error("job %s: cannot requeue it: %s", job->id, e.message);
            yw_info("job %s (%s) stopped with the server; queued again", job->id, k->kind);
            goto done;
        }
        finish(s, job, ok);
        yw_info("job %s (%s) %s in %.2f s%s%s", job->id, k->kind, ok ? "done" : "failed",
                (double)(yw_mono_us() - t0) / 1e6, ok ? "" : ": ", ok ? "" : job->err.message);
    }
done:
    yw_arena_reset(&job->arena);
    free(job);
    return rc;
}

static struct {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stopping;
    int wakes;
    pthread_t *threads;
    int n, poll_ms;
    char *db_url, *owner;
} runner = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

static bool runner_stopping(void) {
    pthread_mutex_lock(&runner.lock);
    bool stop = runner.stopping;
    pthread_mutex_unlock(&runner.lock);
    return stop;
}

static void *runner_main(void *unused) {
    (void)unused;
    yw_store *s = NULL;
    yw_err err;
    if (yw_store_open(runner.db_url, &s, &err) < 0) {
        yw_error("jobs: cannot open the store: %s", err.message);
        return NULL;
    }
    for (;;) {
        pthread_mutex_lock(&runner.lock);
        bool stop = runner.stopping;
        pthread_mutex_unlock(&runner.lock);
        if (stop) break;
        bool ran = false;
        if (yw_jobs_run_one(s, runner.owner, &ran, &err) < 0) yw_error("jobs: %s", err.message);
        if (ran) continue;
        pthread_mutex_lock(&runner.lock);
        if (!runner.stopping && !runner.wakes) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += (long)(runner.poll_ms % 1000) * 1000000L;
            until.tv_sec += runner.poll_ms / 1000 + until.tv_nsec / 1000000000L;
            until.tv_nsec %= 1000000000L;
            pthread_cond_timedwait(&runner.wake, &runner.lock, &until);
        }
        if (runner.wakes) runner.wakes--;
        pthread_mutex_unlock(&runner.lock);
    }
    yw_store_close(s);
    return NULL;
}

int yw_jobs_start(const char *db_url, const char *owner, int n, int poll_ms, yw_err *err) {
    runner.db_url = strdup(db_url ? db_url : YW_STORE_DEFAULT_URL);
    runner.owner = strdup(owner);
    runner.threads = calloc((size_t)(n > 0 ? n : 1), sizeof *runner.threads);
    if (!runner.db_url || !runner.owner || !runner.threads) {
        yw_jobs_stop();
        return yw_fail(err, YW_E_NOMEM, NULL);
    }
    runner.poll_ms = poll_ms > 0 ? poll_ms : 1000;
    runner.stopping = false;
    for (int i = 0; i < n; i++) {
        if (pthread_create(&runner.threads[i], NULL, runner_main, NULL) != 0) break;
        runner.n++;
    }
    if (!runner.n) {
        yw_jobs_stop();
        return yw_err_set(err, YW_ERR_INTERNAL, NULL, "cannot start a job thread");
    }
    return 0;
}

void yw_jobs_wake(void) {
    pthread_mutex_lock(&runner.lock);
    runner.wakes++;
    pthread_cond_broadcast(&runner.wake);
    pthread_mutex_unlock(&runner.lock);
}

void yw_jobs_stop(void) {
    pthread_mutex_lock(&runner.lock);
    runner.stopping = true;
    pthread_cond_broadcast(&runner.wake);
    pthread_mutex_unlock(&runner.lock);
    for (int i = 0; i < runner.n; i++) pthread_join(runner.threads[i], NULL);
    free(runner.threads);
    free(runner.db_url);
    free(runner.owner);
    runner.threads = NULL;
    runner.db_url = runner.owner = NULL;
    runner.n = 0;
}
