/* /api/v1/audit: the audit log for supervisors and admins, newest first, a check of the whole
 * chain, and a signed checkpoint of its head when the server has a signing key. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../domain/core/audit.h"
#include "api_audit.h"
#include "http.h"

static const yw_signing_key *signing_key;

void yw_api_audit_use_key(const yw_signing_key *key) { signing_key = key; }

static int list(yw_http_ctx *c, yw_err *err) {
    const char *type = yw_query_str(c, "object_type"), *id = yw_query_str(c, "object_id");
    if ((type == NULL) != (id == NULL))
        return yw_fail(err, YW_E_FIELDS_TOGETHER, type ? "object_id" : "object_type", "object_type", "object_id");
    yw_rows rows;
    yw_audit_filter f = {type, id, yw_query_int(c, "before", 0), (int)yw_query_int(c, "limit", 50)};
    if (yw_audit_list(&c->op, &f, &rows) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "entries");
    yw_jw_arr(&w);
    for (int i = 0; i < rows.nrows; i++) {
        yw_jw_obj(&w);
        yw_jw_kint(&w, "seq", strtoll(yw_rows_get(&rows, i, 0), NULL, 10));
        yw_jw_kstr(&w, "id", yw_rows_get(&rows, i, 1));
        yw_jw_kstr(&w, "at", yw_rows_get(&rows, i, 2));
        yw_jw_kstr(&w, "actor", yw_rows_get(&rows, i, 3));
        yw_jw_kstr(&w, "action", yw_rows_get(&rows, i, 4));
        yw_jw_kstr(&w, "object_type", yw_rows_get(&rows, i, 5));
        yw_jw_kstr(&w, "object_id", yw_rows_get(&rows, i, 6));
        /* before and after were written by our own JSON writer */
        const char *before_json = yw_rows_get(&rows, i, 7), *after_json = yw_rows_get(&rows, i, 8);
        yw_jw_key(&w, "before");
        if (before_json) yw_jw_raw(&w, before_json, strlen(before_json));
        else yw_jw_null(&w);
        yw_jw_key(&w, "after");
        if (after_json) yw_jw_raw(&w, after_json, strlen(after_json));
        else yw_jw_null(&w);
        yw_jw_kstr(&w, "hash", yw_rows_get(&rows, i, 9));
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int verify(yw_http_ctx *c, yw_err *err) {
    if (yw_op_require(&c->op, YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN, "verify the audit log") < 0) return -1;
    yw_audit_report r;
    if (yw_audit_verify(&c->op, &r, NULL, NULL) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kbool(&w, "intact", r.broken_seq == 0);
    yw_jw_kint(&w, "checked", r.checked);
    if (r.broken_seq) {
        yw_jw_key(&w, "first_broken");
        yw_jw_obj(&w);
        yw_jw_kint(&w, "seq", r.broken_seq);
        yw_jw_kstr(&w, "id", r.broken_id);
        yw_jw_kstr(&w, "reason", r.reason);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

/* The head of the chain signed with the server's key: the line `yiwang audit checkpoint` prints.
 * One Ed25519 signature (tens of microseconds) is cheap enough for the event loop. */
static int checkpoint(yw_http_ctx *c, yw_err *err) {
    if (yw_op_require(&c->op, YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN, "sign a checkpoint of the audit log") < 0) return -1;
    if (!signing_key)
        return yw_fail(err, YW_E_CHECKPOINT_NO_KEY, NULL);
    yw_checkpoint cp;
    if (yw_audit_checkpoint(&c->op, signing_key, &cp) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_checkpoint_write(&w, &cp);
    return yw_http_reply_json(c, 200, &b, err);
}

static const yw_field_spec list_query[] = {
    YW_INT("limit", false, 1, YW_AUDIT_LIST_MAX),
    YW_INT("before", false, 0, INT64_MAX),
    YW_STR("object_type", false, 32),
    YW_STR("object_id", false, 100),
    YW_END,
};

const yw_route yw_api_audit_routes[] = {
    {"GET", "/api/v1/audit", list, YW_AUTH_LOGIN, YW_READ, NULL, list_query, NULL},
    {"GET", "/api/v1/audit/verify", verify, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {"GET", "/api/v1/audit/checkpoint", checkpoint, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
