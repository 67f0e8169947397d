/* /api/v1/jobs: starting long work (src/jobs/) and following its progress. A job runs on the job
 * threads of whichever server takes its lease; any server answers for its progress. */
#include <string.h>

#include "../jobs/jobs.h"
#include "api_jobs.h"
#include "http.h"

static void render_job(yw_jw *w, const yw_job_info *j, bool english) {
    yw_jw_obj(w);
    yw_jw_kstr(w, "id", j->id);
    yw_jw_kstr(w, "kind", j->kind);
    yw_jw_kstr(w, "state", j->state);
    yw_jw_key(w, "progress");
    yw_jw_obj(w);
    yw_jw_kint(w, "done", j->progress_done);
    yw_jw_kint(w, "total", j->progress_total);
    yw_jw_kstr(w, "note", j->progress_note);
    yw_jw_end(w);
    yw_jw_key(w, "result");
    if (j->result_json) yw_jw_raw(w, j->result_json, strlen(j->result_json));
    else yw_jw_null(w);
    yw_jw_kstr(w, "error", english && j->error_en ? j->error_en : j->error);
    yw_jw_kint(w, "attempts", j->attempts);
    yw_jw_kstr(w, "created_by", j->created_by);
    yw_jw_kstr(w, "created_at", j->created_at);
    yw_jw_kstr(w, "started_at", j->started_at);
    yw_jw_kstr(w, "finished_at", j->finished_at);
    yw_jw_end(w);
}

void yw_api_job_render(yw_jw *w, const yw_job_info *j, bool english) { render_job(w, j, english); }

static int submit(yw_http_ctx *c, yw_err *err) {
    yw_job_new in = {yw_body_str(c, "kind"), "{}"};
    yw_job_info j;
    if (yw_job_submit(&c->op, &in, &j) < 0) return -1;
    /* the job threads of this server look at once (the others within their poll) */
    yw_jobs_wake();
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    render_job(&w, &j, c->english);
    return yw_http_reply_json(c, 201, &b, err);
}

static int get(yw_http_ctx *c, yw_err *err) {
    yw_job_info j;
    if (yw_job_get(&c->op, c->params[0], &j) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    render_job(&w, &j, c->english);
    return yw_http_reply_json(c, 200, &b, err);
}

static int list(yw_http_ctx *c, yw_err *err) {
    yw_job_info *j;
    int n;
    if (yw_job_list(&c->op, (int)yw_query_int(c, "limit", 20), &j, &n) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "jobs");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) render_job(&w, &j[i], c->english);
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static const char *const kinds[] = {"audit.verify", "idempotency.expire", "policy.match", "outbox.deliver",
                                    "figures.refresh", "deferred.remind", NULL};
static const yw_field_spec submit_body[] = {YW_ENUM("kind", true, kinds), YW_END};
static const yw_field_spec list_query[] = {YW_INT("limit", false, 1, YW_JOB_LIST_MAX), YW_END};

const yw_route yw_api_jobs_routes[] = {
    {"POST", "/api/v1/jobs", submit, YW_AUTH_LOGIN, YW_WRITE, submit_body, NULL, NULL},
    {"GET", "/api/v1/jobs", list, YW_AUTH_LOGIN, YW_READ, NULL, list_query, NULL},
    {"GET", "/api/v1/jobs/:id", get, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
