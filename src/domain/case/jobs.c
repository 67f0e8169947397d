/* Cases' kind of job (jobs/jobs.h): keeping the public figures (figures.c). */
#include "../../jobs/jobs.h"
#include "case.h"

static int write_refresh(yw_op *op, void *unused) {
    (void)unused;
    return yw_case_figures_refresh(op);
}

/* figures.refresh: the figures by bundle and by item recomputed from every case and kept, in one
 * transaction (queued by every change of a case when none waits). */
static int run_figures_refresh(yw_job *job) {
    yw_op *op = yw_job_op(job);
    if (yw_op_write(op, write_refresh, NULL) < 0) return -1;
    return yw_job_set_result(job, "{\"refreshed\":true}");
}

const yw_job_kind yw_case_job_kinds[] = {
    {"figures.refresh", run_figures_refresh, YW_ROLE_ADMIN},
    {NULL, NULL, 0},
};
