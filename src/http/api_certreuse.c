/* /api/v1/certificate-reuse: which of an applicant's certificates may stand in for a case's
 * materials now (免提交; domain/cert/cert.h, "reuse instead of proofs"), for the apply form and
 * the clerk's 帮办代办 form to say so before submission and ask for no upload. The applicant's own,
 * or a clerk's for the applicant they file for (on_behalf_of) — that reading is logged. */
#include <string.h>

#include "../domain/cert/cert.h"
#include "http.h"

static int reusable(yw_http_ctx *c, yw_err *err) {
    yw_cert_owner who = {yw_query_str(c, "on_behalf_of"), yw_query_str(c, "uscc")};
    yw_cert *x;
    int n;
    if (yw_cert_reusable(&c->op, &who, &x, &n) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "certificates");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "id", x[i].id);
        yw_jw_kstr(&w, "identifier", x[i].identifier);
        yw_jw_kstr(&w, "number", x[i].number);
        yw_jw_key(&w, "type");
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "code", x[i].type_code);
        yw_jw_kstr(&w, "name", x[i].type_name);
        yw_jw_kstr(&w, "name_en", x[i].type_name_en);
        yw_jw_end(&w);
        yw_jw_key(&w, "holder");
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "kind", x[i].holder_kind);
        /* an enterprise's USCC is public; a person's ID number is not repeated here */
        if (strcmp(x[i].holder_kind, "entity") == 0) yw_jw_kstr(&w, "id", x[i].holder_id);
        yw_jw_kstr(&w, "name", x[i].holder_name);
        yw_jw_end(&w);
        yw_jw_kstr(&w, "valid_from", x[i].valid_from);
        yw_jw_kstr(&w, "valid_until", x[i].valid_until);
        yw_jw_kstr(&w, "status", x[i].status);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static const yw_field_spec reuse_query[] = {YW_STR("on_behalf_of", false, 64), YW_STR("uscc", false, 32), YW_END};

const yw_route yw_api_certreuse_routes[] = {
    /* a write: a clerk's reading is logged */
    {"GET", "/api/v1/certificate-reuse", reusable, YW_AUTH_LOGIN, YW_WRITE, NULL, reuse_query, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
