/* /api/v1/entities/{uscc}/public, code.png and code.svg: 企业身份码 (domain/cert/entity_code.h) —
 * an enterprise's page as anyone reads it (name, USCC, status, its valid certificates) or as its
 * own account does (every certificate with its state, the way to its benefits), and the QR that
 * opens the page. */
#include <string.h>

#include "../domain/cert/entity_code.h"
#include "../domain/document/document.h"
#include "http.h"

/* The address this request came to, for the page's address when the deployment sets none. */
static int base_url(yw_http_ctx *c, const char **out) {
    const char *req = yw_arena_printf(c->arena, "%s://%s", c->tls ? "https" : "http", c->host ? c->host : "localhost");
    if (!req) return yw_fail(c->op.err, YW_E_NOMEM, NULL);
    return yw_cert_base_url(&c->op, req, out);
}

/* One certificate of the page: the public sees its type, number, end and where to verify it;
 * the owner also its identifier, state and why it changed. */
static void render_cert(yw_jw *w, const yw_cert *x, const char *verify_url, bool owner) {
    yw_jw_obj(w);
    yw_jw_kstr(w, "id", x->id);
    yw_jw_key(w, "type");
    yw_jw_obj(w);
    yw_jw_kstr(w, "code", x->type_code);
    yw_jw_kstr(w, "name", x->type_name);
    yw_jw_kstr(w, "name_en", x->type_name_en);
    yw_jw_end(w);
    yw_jw_kstr(w, "number", x->number);
    yw_jw_kstr(w, "valid_until", x->valid_until);
    yw_jw_kstr(w, "verify_url", verify_url);
    if (owner) {
        yw_jw_kstr(w, "identifier", x->identifier);
        yw_jw_kstr(w, "valid_from", x->valid_from);
        yw_jw_kstr(w, "state", yw_enum_to_text(yw_cert_states, (int)x->state));
        yw_jw_kstr(w, "status", x->status);
        yw_jw_kstr(w, "reason", x->reason);
        yw_jw_kstr(w, "changed_at", x->changed_at);
    }
    yw_jw_end(w);
}

static int get_public(yw_http_ctx *c, yw_err *err) {
    yw_entity_code e;
    const char *base;
    if (yw_cert_entity_code(&c->op, c->params[0], &e) < 0 || base_url(c, &base) < 0) return -1;
    const char *page = yw_entity_code_url(c->arena, base, e.uscc);
    if (!page) return yw_fail(err, YW_E_NOMEM, NULL);
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "uscc", e.uscc);
    yw_jw_kstr(&w, "name", e.name);
    yw_jw_kstr(&w, "status", e.status);
    yw_jw_kstr(&w, "deregistered_on", e.deregistered_on);
    yw_jw_kstr(&w, "page_url", page);
    yw_jw_kbool(&w, "owner", e.owner);
    if (e.owner) yw_jw_kstr(&w, "benefits_url", "/#benefits");
    yw_jw_key(&w, "certificates");
    yw_jw_arr(&w);
    for (int i = 0; i < e.ncerts; i++) {
        const char *url = yw_cert_verify_url(c->arena, base, e.certs[i].id);
        if (!url) return yw_fail(err, YW_E_NOMEM, NULL);
        render_cert(&w, &e.certs[i], url, e.owner);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

/* The QR of the page's public address (nothing private in it: anyone may have it). */
static int reply_code(yw_http_ctx *c, bool png, yw_err *err) {
    yw_entity_code e;
    const char *base;
    if (yw_cert_entity_code(&c->op, c->params[0], &e) < 0 || base_url(c, &base) < 0) return -1;
    const char *page = yw_entity_code_url(c->arena, base, e.uscc);
    if (!page) return yw_fail(err, YW_E_NOMEM, NULL);
    yw_qr q;
    yw_buf b;
    if (yw_qr_encode(c->arena, page, &q, err) < 0) return -1;
    yw_buf_init(&b, c->arena);
    int scale = (int)yw_query_int(c, "scale", 8);
    if ((png ? yw_qr_png(&q, scale, &b, err) : yw_qr_svg(&q, scale, &b, err)) < 0) return -1;
    return yw_http_reply(c, 200, png ? "image/png" : "image/svg+xml", &b, err);
}
static int get_png(yw_http_ctx *c, yw_err *err) { return reply_code(c, true, err); }
static int get_svg(yw_http_ctx *c, yw_err *err) { return reply_code(c, false, err); }

static const yw_field_spec code_query[] = {YW_INT("scale", false, 2, YW_QR_SCALE_MAX), YW_END};

const yw_route yw_api_entity_code_routes[] = {
    {"GET", "/api/v1/entities/:uscc/public", get_public, YW_AUTH_PUBLIC, YW_READ, NULL, NULL, NULL},
    {"GET", "/api/v1/entities/:uscc/code.png", get_png, YW_AUTH_PUBLIC, YW_READ, NULL, code_query, NULL},
    {"GET", "/api/v1/entities/:uscc/code.svg", get_svg, YW_AUTH_PUBLIC, YW_READ, NULL, code_query, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
