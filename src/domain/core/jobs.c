/* The core's kinds of job (jobs/jobs.h): checking the audit chain and forgetting old
 * idempotency keys. */
#include <stdlib.h>

#include "../../base/buf.h"
#include "../../base/json_writer.h"
#include "../../base/time.h"
#include "../../jobs/jobs.h"
#include "audit.h"
#include "idempotency.h"

typedef struct {
    yw_job *job;
    int64_t total;
} verify_progress;

static void verify_step(int64_t checked, void *arg) {
    verify_progress *p = arg;
    yw_job_progress(p->job, checked, p->total, "entries checked");
}

/* audit.verify: walks the whole audit chain, as `yiwang audit verify` does, with progress. */
static int run_audit_verify(yw_job *job) {
    yw_op *op = yw_job_op(job);
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT COUNT(*) FROM audit_log", YW_NOARGS, &rows, op->err) < 0) return -1;
    verify_progress p = {job, strtoll(yw_rows_get(&rows, 0, 0), NULL, 10)};
    if (yw_job_progress(job, 0, p.total, "entries checked") < 0) return -1;
    yw_audit_report r;
    if (yw_audit_verify(op, &r, verify_step, &p) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, op->arena);
    yw_jw_obj(&w);
    yw_jw_kbool(&w, "intact", r.broken_seq == 0);
    yw_jw_kint(&w, "checked", r.checked);
    if (r.broken_seq) {
        yw_jw_kint(&w, "broken_seq", r.broken_seq);
        yw_jw_kstr(&w, "broken_id", r.broken_id);
        yw_jw_kstr(&w, "reason", r.reason);
    }
    yw_jw_end(&w);
    if (b.failed) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (yw_job_progress(job, r.checked, p.total, "entries checked") < 0) return -1;
    return yw_job_set_result(job, b.data);
}

/* idempotency.expire: forgets the idempotency keys older than YW_IDEMPOTENCY_KEEP_HOURS, a
 * thousand to a transaction, with progress (run it daily: `yiwang jobs run idempotency.expire`). */
static int write_expire(yw_op *op, void *removed) { return yw_idempotency_expire(op, 1000, removed); }

static int run_idempotency_expire(yw_job *job) {
    yw_op *op = yw_job_op(job);
    char since[YW_TIMESTAMP_SIZE];
    yw_timestamp_format(op->now_ms - (int64_t)YW_IDEMPOTENCY_KEEP_HOURS * 3600 * 1000, since);
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT COUNT(*) FROM idempotency_keys WHERE created_at < $1",
                       YW_ARGS(since), &rows, op->err) < 0)
        return -1;
    int64_t total = strtoll(yw_rows_get(&rows, 0, 0), NULL, 10), done = 0, removed;
    if (yw_job_progress(job, 0, total, "keys forgotten") < 0) return -1;
    do {
        removed = 0;
        if (yw_op_write(op, write_expire, &removed) < 0) return -1;
        done += removed;
        if (yw_job_progress(job, done, total > done ? total : done, "keys forgotten") < 0) return -1;
    } while (removed > 0);
    const char *result = yw_arena_printf(op->arena, "{\"removed\":%lld}", (long long)done);
    return result ? yw_job_set_result(job, result) : yw_fail(op->err, YW_E_NOMEM, NULL);
}

const yw_job_kind yw_core_job_kinds[] = {
    {"audit.verify", run_audit_verify, YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN},
    {"idempotency.expire", run_idempotency_expire, YW_ROLE_ADMIN},
    {NULL, NULL, 0},
};
