/* Policy's kind of job (jobs/jobs.h): matching every active policy over the whole registry. */
#include <stdlib.h>

#include "../../jobs/jobs.h"
#include "policy.h"

/* policy.match: every active policy over the whole registry, as `yiwang match` does (the
 * registry read through a second connection to the same store), with progress by entities. */
typedef struct {
    yw_job *job;
    int64_t total;
} match_progress;

static void match_step(const yw_match_report *r, void *arg) {
    match_progress *p = arg;
    yw_job_progress(p->job, r->entities, p->total, "entities matched");
}

static int run_policy_match(yw_job *job) {
    yw_op *op = yw_job_op(job);
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT COUNT(*) FROM entities", YW_NOARGS, &rows, op->err) < 0) return -1;
    match_progress p = {job, strtoll(yw_rows_get(&rows, 0, 0), NULL, 10)};
    if (yw_job_progress(job, 0, p.total, "entities matched") < 0) return -1;
    yw_store *reader;
    if (yw_store_open_another(op->store, &reader, op->err) < 0) return -1;
    yw_match_report r;
    int rc = yw_policy_match_registry(reader, op, match_step, &p, &r);
    yw_store_close(reader);
    if (rc < 0) return -1;
    const char *result = yw_arena_printf(
        op->arena,
        "{\"entities\":%lld,\"policies\":%lld,\"matches\":%lld,\"grants_created\":%lld,\"eligible\":%lld,"
        "\"stale_removed\":%lld,\"messages\":%lld,\"rule_errors\":%lld}",
        (long long)r.entities, (long long)r.policies, (long long)r.matches, (long long)r.grants_created,
        (long long)r.eligible, (long long)r.stale_removed, (long long)r.messages, (long long)r.rule_errors);
    if (!result) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (yw_job_progress(job, r.entities, r.entities > p.total ? r.entities : p.total, "entities matched") < 0) return -1;
    return yw_job_set_result(job, result);
}

const yw_job_kind yw_policy_job_kinds[] = {
    {"policy.match", run_policy_match, YW_ROLE_OFFICER | YW_ROLE_ADMIN},
    {NULL, NULL, 0},
};
