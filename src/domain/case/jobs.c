/* Cases' kinds of job (jobs/jobs.h): keeping the public figures (figures.c) and reminding
 * applicants of 容缺 materials falling due (urge.c). */
#include <stdio.h>

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

static int write_remind(yw_op *op, void *sent) { return yw_case_deferred_remind(op, sent); }

/* deferred.remind: each 容缺 material due within three working days, its applicant told once (a
 * city runs it daily from cron: docs/jobs.md). */
static int run_deferred_remind(yw_job *job) {
    yw_op *op = yw_job_op(job);
    int sent = 0;
    if (yw_op_write(op, write_remind, &sent) < 0) return -1;
    char result[48];
    snprintf(result, sizeof result, "{\"sent\":%d}", sent);
    return yw_job_set_result(job, result);
}

const yw_job_kind yw_case_job_kinds[] = {
    {"figures.refresh", run_figures_refresh, YW_ROLE_ADMIN},
    {"deferred.remind", run_deferred_remind, YW_ROLE_ADMIN},
    {NULL, NULL, 0},
};
