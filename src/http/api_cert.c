/* /api/v1/cert-types, /api/v1/certificates…, /api/v1/certificate-share, /api/v1/status-lists,
 * /api/v1/verify and /.well-known/jwks.json: electronic certificates (电子证照;
 * domain/cert/cert.h, docs/certificates.md) — their types; a holder's own, with the credential,
 * the QR, the PDF and who read them; the officers' issue, suspend, reinstate, revoke and renew; the
 * departments' reading for a case; the public view, the status lists, the verification of a
 * credential and the keys. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../domain/cert/cert.h"
#include "../domain/document/document.h"
#include "../domain/entity/entity.h"
#include "../std/uscc.h"
#include "http.h"

/* The address this request came to, for the certificates' URLs when the deployment sets none. */
static int base_url(yw_http_ctx *c, const char **out) {
    const char *req = yw_arena_printf(c->arena, "%s://%s", c->tls ? "https" : "http", c->host ? c->host : "localhost");
    if (!req) return yw_fail(c->op.err, YW_E_NOMEM, NULL);
    return yw_cert_base_url(&c->op, req, out);
}

static void render_type(yw_jw *w, const yw_cert_type *t) {
    yw_jw_obj(w);
    yw_jw_kstr(w, "code", t->code);
    yw_jw_kstr(w, "name", t->name);
    yw_jw_kstr(w, "name_en", t->name_en);
    yw_jw_key(w, "department");
    yw_jw_obj(w);
    yw_jw_kstr(w, "code", t->department);
    yw_jw_kstr(w, "name", t->department_name);
    yw_jw_end(w);
    yw_jw_kstr(w, "issuer", t->issuer);
    yw_jw_kstr(w, "holder", t->holder);
    if (t->validity_years) yw_jw_kint(w, "validity_years", t->validity_years);
    else yw_jw_kstr(w, "validity_years", NULL);
    yw_jw_key(w, "fields");
    yw_jw_raw(w, t->fields, strlen(t->fields));
    yw_jw_kbool(w, "national", t->national);
    yw_jw_end(w);
}

static int list_types(yw_http_ctx *c, yw_err *err) {
    yw_cert_type *t;
    int n;
    if (yw_cert_types(&c->op, &t, &n) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "types");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) render_type(&w, &t[i]);
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

/* One certificate; the credential only with `full` (its holder and the staff who may). */
static void render_cert(yw_jw *w, const yw_cert *x, const char *verify_url, bool full) {
    yw_jw_obj(w);
    yw_jw_kstr(w, "id", x->id);
    yw_jw_kstr(w, "identifier", x->identifier);
    yw_jw_key(w, "type");
    yw_jw_obj(w);
    yw_jw_kstr(w, "code", x->type_code);
    yw_jw_kstr(w, "name", x->type_name);
    yw_jw_kstr(w, "name_en", x->type_name_en);
    yw_jw_end(w);
    yw_jw_kstr(w, "number", x->number);
    yw_jw_kint(w, "version", x->version);
    yw_jw_key(w, "holder");
    yw_jw_obj(w);
    yw_jw_kstr(w, "kind", x->holder_kind);
    yw_jw_kstr(w, "id", x->holder_id);
    yw_jw_kstr(w, "name", x->holder_name);
    yw_jw_end(w);
    yw_jw_key(w, "issuer");
    yw_jw_obj(w);
    yw_jw_kstr(w, "code", x->department);
    yw_jw_kstr(w, "name", x->department_name);
    yw_jw_end(w);
    yw_jw_key(w, "fields");
    yw_jw_raw(w, x->fields, strlen(x->fields));
    yw_jw_kstr(w, "valid_from", x->valid_from);
    yw_jw_kstr(w, "valid_until", x->valid_until);
    yw_jw_kstr(w, "state", yw_enum_to_text(yw_cert_states, (int)x->state));
    yw_jw_kstr(w, "status", x->status);
    yw_jw_kstr(w, "reason", x->reason);
    yw_jw_kstr(w, "changed_at", x->changed_at);
    yw_jw_kstr(w, "replaces", x->replaces);
    yw_jw_kstr(w, "replaced_by", x->replaced_by);
    yw_jw_kstr(w, "issued_at", x->issued_at);
    yw_jw_kstr(w, "source", x->source);
    if (verify_url) yw_jw_kstr(w, "verify_url", verify_url);
    if (full) {
        yw_jw_kstr(w, "case_id", x->case_id);
        yw_jw_kstr(w, "item_code", x->item_code);
        yw_jw_kstr(w, "kid", x->kid);
        yw_jw_kstr(w, "credential", x->jws);
    }
    yw_jw_end(w);
}

static int reply_cert(yw_http_ctx *c, int status, const yw_cert *x, bool full, yw_err *err) {
    const char *base;
    if (base_url(c, &base) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    render_cert(&w, x, yw_cert_verify_url(c->arena, base, x->id), full);
    return yw_http_reply_json(c, status, &b, err);
}

static int list_certs(yw_http_ctx *c, yw_err *err) {
    yw_cert_query q = {.holder_id = yw_query_str(c, "holder"), .type = yw_query_str(c, "type"),
                       .state = yw_query_str(c, "state"), .mine = yw_query_bool(c, "mine", false),
                       .limit = (int)yw_query_int(c, "limit", 50), .offset = (int)yw_query_int(c, "offset", 0)};
    yw_cert *x;
    int n;
    int64_t total;
    const char *base;
    if (yw_cert_list(&c->op, &q, &x, &n, &total) < 0 || base_url(c, &base) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kint(&w, "total", total);
    yw_jw_key(&w, "certificates");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) render_cert(&w, &x[i], yw_cert_verify_url(c->arena, base, x[i].id), false);
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int get_cert(yw_http_ctx *c, yw_err *err) {
    yw_cert x;
    if (yw_cert_get(&c->op, c->params[0], &x) < 0) return -1;
    return reply_cert(c, 200, &x, true, err);
}

/* The fields of a body as JSON text (an object of the type's keys), or NULL. */
static const char *body_fields(yw_http_ctx *c) {
    json_t *f = json_object_get(c->body, "fields");
    if (!f) return NULL;
    char *s = json_dumps(f, JSON_COMPACT | JSON_SORT_KEYS);
    const char *out = s ? yw_arena_strdup(c->arena, s) : NULL;
    free(s);
    return out;
}

static int issue_cert(yw_http_ctx *c, yw_err *err) {
    const char *base;
    if (base_url(c, &base) < 0) return -1;
    yw_cert_issue_in in = {.type = yw_body_str(c, "type"), .holder_id = yw_body_str(c, "holder"),
                           .holder_name = yw_body_str(c, "holder_name"), .fields = body_fields(c),
                           .valid_from = yw_body_str(c, "valid_from"), .valid_until = yw_body_str(c, "valid_until"),
                           .reason = yw_body_str(c, "reason"), .base_url = base};
    yw_cert x;
    if (yw_cert_issue(&c->op, &in, &x) < 0) return -1;
    return reply_cert(c, 201, &x, true, err);
}

static int act(yw_http_ctx *c, int (*fn)(yw_op *, const yw_cert_act_in *, yw_cert *), int status, yw_err *err) {
    const char *base;
    if (base_url(c, &base) < 0) return -1;
    yw_cert_act_in in = {c->params[0], yw_body_str(c, "reason"), base};
    yw_cert x;
    if (fn(&c->op, &in, &x) < 0) return -1;
    return reply_cert(c, status, &x, true, err);
}
static int suspend_cert(yw_http_ctx *c, yw_err *err) { return act(c, yw_cert_suspend, 200, err); }
static int reinstate_cert(yw_http_ctx *c, yw_err *err) { return act(c, yw_cert_reinstate, 200, err); }
static int revoke_cert(yw_http_ctx *c, yw_err *err) { return act(c, yw_cert_revoke, 200, err); }
static int renew_cert(yw_http_ctx *c, yw_err *err) { return act(c, yw_cert_renew, 201, err); }

/* GET /api/v1/certificates/{id}/credential: the compact credential as a .jwt download. */
static int get_credential(yw_http_ctx *c, yw_err *err) {
    yw_cert x;
    if (yw_cert_get(&c->op, c->params[0], &x) < 0) return -1;
    yw_buf b;
    yw_buf_init(&b, c->arena);
    yw_buf_puts(&b, x.jws);
    const char *disp = yw_arena_printf(c->arena, "attachment; filename=\"%s.jwt\"", x.number);
    if (b.failed || !disp) return yw_fail(err, YW_E_NOMEM, NULL);
    yw_http_set_header(c, "content-disposition", disp);
    return yw_http_reply(c, 200, "application/vc+jwt", &b, err);
}

/* GET /api/v1/certificates/{id}/public: what anyone may see (the verification page). */
static int get_public(yw_http_ctx *c, yw_err *err) {
    yw_cert x;
    if (yw_cert_public(&c->op, c->params[0], &x) < 0) return -1;
    return reply_cert(c, 200, &x, false, err);
}

/* GET /api/v1/certificates/{id}/certificate.pdf: the certificate laid out like a licence, for its
 * holder and the staff who may read it. */
static int get_pdf(yw_http_ctx *c, yw_err *err) {
    yw_cert x;
    yw_cert_type t;
    const char *base;
    if (yw_cert_get(&c->op, c->params[0], &x) < 0 || yw_cert_type_get(&c->op, x.type_code, "id", &t) < 0 ||
        base_url(c, &base) < 0)
        return -1;
    yw_buf b;
    if (yw_cert_pdf(c->arena, &x, &t, yw_cert_verify_url(c->arena, base, x.id), &b, err) < 0) return -1;
    const char *disp = yw_arena_printf(c->arena, "attachment; filename=\"%s.pdf\"", x.number);
    if (!disp) return yw_fail(err, YW_E_NOMEM, NULL);
    yw_http_set_header(c, "content-disposition", disp);
    return yw_http_reply(c, 200, "application/pdf", &b, err);
}

/* GET /api/v1/certificates/{id}/qr.png and qr.svg: the QR of the public verification address
 * (nothing private in it: anyone may have it); certificate.pdf (get_pdf). A scan: drawing a PNG
 * or a PDF is CPU work, on an offload thread, never on a loop. */
static int get_qr(yw_http_ctx *c, yw_err *err) {
    const char *file = c->params[1];
    if (strcmp(file, "certificate.pdf") == 0) return get_pdf(c, err);
    bool png = strcmp(file, "qr.png") == 0;
    if (!png && strcmp(file, "qr.svg") != 0) return yw_fail(err, YW_E_CERT_NOT_FOUND, "file");
    yw_cert x;
    const char *base;
    if (yw_cert_public(&c->op, c->params[0], &x) < 0 || base_url(c, &base) < 0) return -1;
    yw_qr q;
    yw_buf b;
    int scale = (int)yw_query_int(c, "scale", 8);
    if (yw_qr_encode(c->arena, yw_cert_verify_url(c->arena, base, x.id), &q, err) < 0) return -1;
    yw_buf_init(&b, c->arena);
    if ((png ? yw_qr_png(&q, scale, &b, err) : yw_qr_svg(&q, scale, &b, err)) < 0) return -1;
    return yw_http_reply(c, 200, png ? "image/png" : "image/svg+xml", &b, err);
}

static int get_reads(yw_http_ctx *c, yw_err *err) {
    yw_cert_read *r;
    int n;
    if (yw_cert_reads(&c->op, c->params[0], &r, &n) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "reads");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "reader", r[i].reader_name);
        yw_jw_kstr(&w, "department", r[i].department_name);
        yw_jw_kstr(&w, "case_id", r[i].case_id);
        yw_jw_kstr(&w, "case_number", r[i].case_number);
        yw_jw_kstr(&w, "purpose", r[i].purpose);
        yw_jw_kstr(&w, "read_at", r[i].read_at);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

/* GET /api/v1/certificate-share: a department reads certificates for a case it handles, logged
 * (a write: the log). */
static int share(yw_http_ctx *c, yw_err *err) {
    yw_cert_share_in in = {yw_query_str(c, "case_id"), yw_query_str(c, "holder"), yw_query_str(c, "type"),
                           yw_query_str(c, "identifier")};
    yw_cert *x;
    int n;
    const char *base;
    if (yw_cert_share(&c->op, &in, &x, &n) < 0 || base_url(c, &base) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "certificates");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) render_cert(&w, &x[i], yw_cert_verify_url(c->arena, base, x[i].id), true);
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

/* GET /api/v1/status-lists/{purpose}/{n}: the Bitstring Status List credential, signed now. */
static int status_list(yw_http_ctx *c, yw_err *err) {
    char *end;
    long n = strtol(c->params[1], &end, 10);
    if (*end || n < 1 || n > 1000000) return yw_fail(err, YW_E_CERT_STATUS_LIST, "list", c->params[0], 0);
    const char *base, *jws;
    if (base_url(c, &base) < 0 || yw_cert_status_list(&c->op, c->params[0], (int)n, base, &jws) < 0) return -1;
    yw_buf b;
    yw_buf_init(&b, c->arena);
    yw_buf_puts(&b, jws);
    if (b.failed) return yw_fail(err, YW_E_NOMEM, NULL);
    yw_http_set_header(c, "cache-control", "max-age=60");
    return yw_http_reply(c, 200, "application/vc+jwt", &b, err);
}

/* POST /api/v1/verify: the compact credential as the body (application/vc+jwt or text/plain). */
static int verify(yw_http_ctx *c, yw_err *err) {
    yw_cert_verification v;
    if (yw_cert_verify(&c->op, (const char *)c->raw_body, c->raw_len, &v) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kbool(&w, "valid", v.result == YW_VERIFY_VALID);
    yw_jw_kstr(&w, "result", yw_enum_to_text(yw_verify_results, (int)v.result));
    yw_jw_kstr(&w, "message", c->english ? v.why_en : v.why_zh);
    yw_jw_kstr(&w, "message_en", v.why_en);
    yw_jw_kstr(&w, "kid", v.kid);
    yw_jw_kstr(&w, "id", v.id);
    yw_jw_kstr(&w, "identifier", v.identifier);
    yw_jw_kstr(&w, "type", v.type_name);
    yw_jw_kstr(&w, "holder", v.holder_name);
    yw_jw_kstr(&w, "issuer", v.issuer);
    yw_jw_kstr(&w, "valid_from", v.valid_from);
    yw_jw_kstr(&w, "valid_until", v.valid_until);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int jwks(yw_http_ctx *c, yw_err *err) {
    yw_buf b;
    yw_buf_init(&b, c->arena);
    if (yw_cert_jwks(&c->op, &b) < 0) return -1;
    yw_http_set_header(c, "cache-control", "max-age=300");
    return yw_http_reply(c, 200, "application/jwk-set+json", &b, err);
}

/* POST /api/v1/certificates/check: the issue form's holder number as it is typed — the error
 * issuing would give it, and an enterprise's name as the registry has it (to fill the form). */
static int check_holder(yw_http_ctx *c, yw_err *err) {
    const char *holder = yw_body_str(c, "holder");
    yw_err e = {0};
    yw_op op = c->op;
    op.err = &e;
    int rc = yw_cert_holder_check(&op, yw_body_str(c, "type"), holder);
    /* a refused number is the field's answer; anything else is the request's error */
    if (rc < 0 && strcmp(e.field, "holder") != 0) {
        *err = e;
        return -1;
    }
    const char *name = NULL;
    if (rc == 0 && yw_uscc_validate(holder, "holder", &(yw_err){0}) == 0) {
        yw_entity ent;
        yw_err quiet = {0};
        op.err = &quiet;
        if (yw_entity_get(&op, holder, &ent) == 0) name = ent.name;
    }
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "errors");
    yw_jw_arr(&w);
    if (rc < 0) {
        char buf[256];
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "field", "holder");
        yw_jw_kstr(&w, "reason", e.reason);
        yw_jw_kstr(&w, "message", yw_err_message(&e, c->english, buf, sizeof buf));
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_kstr(&w, "registered_name", name);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static const char *const cert_state_texts[] = {"valid", "suspended", "revoked", "superseded", NULL};
static const char *const credential_types[] = {"application/vc+jwt", "text/plain", NULL};
static const yw_field_spec list_query[] = {
    YW_STR("holder", false, 32),  YW_STR("type", false, 64),  YW_ENUM("state", false, cert_state_texts),
    YW_BOOL("mine", false),       YW_INT("limit", false, 1, YW_CERT_LIST_MAX), YW_INT("offset", false, 0, 1000000),
    YW_END,
};
static const yw_field_spec issue_body[] = {
    YW_STR("type", true, 64),
    YW_STR("holder", true, 32),
    YW_STR("holder_name", true, 600),
    YW_OBJ("fields", false, 32),
    YW_STR("valid_from", false, 10),
    YW_STR("valid_until", false, 10),
    YW_TEXT("reason", false, YW_CERT_REASON_MAX),
    YW_END,
};
static const yw_field_spec check_body[] = {
    YW_STR("type", true, 64),
    {.name = "holder", .type = YW_FIELD_STRING, .required = true, .max = 32, .flags = YW_TEXT_BLANK_OK},
    YW_END,
};
static const yw_field_spec reason_body[] = {YW_TEXT("reason", true, YW_CERT_REASON_MAX), YW_END};
static const yw_field_spec qr_query[] = {YW_INT("scale", false, 2, YW_QR_SCALE_MAX), YW_END};
static const yw_field_spec share_query[] = {
    YW_STR("case_id", true, 32), YW_STR("holder", false, 32), YW_STR("type", false, 64),
    YW_STR("identifier", false, 160), YW_END,
};
static const yw_field_spec verify_body[] = {YW_RAW(credential_types, YW_JWS_MAX), YW_END};

const yw_route yw_api_cert_routes[] = {
    {"GET", "/api/v1/cert-types", list_types, YW_AUTH_PUBLIC, YW_READ, NULL, NULL, NULL},
    {"GET", "/api/v1/certificates", list_certs, YW_AUTH_LOGIN, YW_READ, NULL, list_query, NULL},
    {"POST", "/api/v1/certificates", issue_cert, YW_AUTH_LOGIN, YW_WRITE, issue_body, NULL, NULL},
    {"GET", "/api/v1/certificates/:id", get_cert, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {"GET", "/api/v1/certificates/:id/credential", get_credential, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {"GET", "/api/v1/certificates/:id/public", get_public, YW_AUTH_PUBLIC, YW_READ, NULL, NULL, NULL},
    {"GET", "/api/v1/certificates/:id/reads", get_reads, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {"GET", "/api/v1/certificates/:id/:file", get_qr, YW_AUTH_PUBLIC, YW_SCAN, NULL, qr_query, NULL},
    {"POST", "/api/v1/certificates/:id/suspend", suspend_cert, YW_AUTH_LOGIN, YW_WRITE, reason_body, NULL, NULL},
    {"POST", "/api/v1/certificates/:id/reinstate", reinstate_cert, YW_AUTH_LOGIN, YW_WRITE, reason_body, NULL, NULL},
    {"POST", "/api/v1/certificates/:id/revoke", revoke_cert, YW_AUTH_LOGIN, YW_WRITE, reason_body, NULL, NULL},
    {"POST", "/api/v1/certificates/:id/renew", renew_cert, YW_AUTH_LOGIN, YW_WRITE, reason_body, NULL, NULL},
    {"POST", "/api/v1/certificates/check", check_holder, YW_AUTH_LOGIN, YW_READ, check_body, NULL, NULL},
    {"GET", "/api/v1/certificate-share", share, YW_AUTH_LOGIN, YW_WRITE, NULL, share_query, NULL},
    {"GET", "/api/v1/status-lists/:purpose/:n", status_list, YW_AUTH_PUBLIC, YW_SCAN, NULL, NULL, NULL},
    {"POST", "/api/v1/verify", verify, YW_AUTH_PUBLIC, YW_READ, verify_body, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};

const yw_route yw_api_wellknown_routes[] = {
    {"GET", "/.well-known/jwks.json", jwks, YW_AUTH_PUBLIC, YW_READ, NULL, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
