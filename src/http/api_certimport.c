/* POST /api/v1/cert-imports: an officer (their department's types) or an administrator (any)
 * posts a file of existing certificates — CSV (text/csv) or JSON lines (application/x-ndjson),
 * the raw body, at most YW_CERT_IMPORT_MAX bytes — and is answered 202 with the job that imports
 * it, {"job": {…}} as GET /api/v1/jobs/{id} answers; the job's progress and result say how it
 * went (domain/cert/jobs.c, docs/certificates.md). */
#include "../domain/cert/import.h"
#include "api_jobs.h"
#include "http.h"

static int post_import(yw_http_ctx *c, yw_err *err) {
    yw_cert_import_file in = {c->raw_body, c->raw_len, c->raw_type};
    const char *job_id;
    yw_job_info j;
    if (yw_cert_import_submit(&c->op, &in, &job_id) < 0 || yw_job_get(&c->op, job_id, &j) < 0) return -1;
    /* the job threads of this server look at once (the others within their poll) */
    yw_jobs_wake();
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "job");
    yw_api_job_render(&w, &j, c->english);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 202, &b, err);
}

static const char *const import_types[] = {"text/csv", "application/x-ndjson", NULL};
static const yw_field_spec import_body[] = {YW_RAW(import_types, YW_CERT_IMPORT_MAX), YW_END};

const yw_route yw_api_certimport_routes[] = {
    {"POST", "/api/v1/cert-imports", post_import, YW_AUTH_LOGIN, YW_WRITE, import_body, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
