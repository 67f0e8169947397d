/* /api/v1/apikeys: the API keys of machine clients, made, listed and revoked by administrators
 * (the domain checks the role). A new key's secret is in the answer to its making and nowhere
 * else, ever: that answer is never kept for an Idempotency-Key replay. */
#include <sodium.h>

#include "../domain/core/apikey.h"
#include "http.h"

static void render_key(yw_jw *w, const yw_apikey *k, const char *secret) {
    yw_jw_obj(w);
    yw_jw_kstr(w, "id", k->id);
    yw_jw_kstr(w, "name", k->name);
    yw_jw_kstrs(w, "scopes", k->scopes);
    yw_jw_kint(w, "rate_per_minute", k->rate_per_minute);
    yw_jw_kstr(w, "created_at", k->created_at);
    yw_jw_kstr(w, "created_by", k->created_by);
    if (k->revoked_at) {
        yw_jw_kstr(w, "revoked_at", k->revoked_at);
        yw_jw_kstr(w, "revoked_by", k->revoked_by);
    }
    if (secret) yw_jw_kstr(w, "key", secret);
    yw_jw_end(w);
}

static int create(yw_http_ctx *c, yw_err *err) {
    /* a replay would keep the secret in the store, in the answer saved for it */
    if (c->idempotency_key) return yw_fail(err, YW_E_APIKEY_NO_REPLAY, NULL);
    yw_apikey_new in = {
        .name = yw_body_str(c, "name"),
        .scopes = yw_body_str_array(c, "scopes"),
        .rate_per_minute = yw_body_int(c, "rate_per_minute", YW_APIKEY_RATE_DEFAULT),
    };
    yw_apikey k;
    char secret[YW_APIKEY_SECRET_SIZE];
    if (yw_apikey_create(&c->op, &in, &k, secret) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    render_key(&w, &k, secret);
    sodium_memzero(secret, sizeof secret);
    return yw_http_reply_json(c, 201, &b, err);
}

static int list(yw_http_ctx *c, yw_err *err) {
    yw_apikey *keys;
    int n;
    if (yw_apikey_list(&c->op, &keys, &n) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "apikeys");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) render_key(&w, &keys[i], NULL);
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int revoke(yw_http_ctx *c, yw_err *err) {
    yw_apikey k;
    if (yw_apikey_revoke(&c->op, c->params[0], &k) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    render_key(&w, &k, NULL);
    return yw_http_reply_json(c, 200, &b, err);
}

static const yw_field_spec create_body[] = {
    YW_STR("name", true, YW_APIKEY_NAME_MAX),
    YW_STRS("scopes", false, YW_APIKEY_SCOPES_MAX),
    YW_INT("rate_per_minute", false, YW_APIKEY_RATE_MIN, YW_APIKEY_RATE_MAX),
    YW_END,
};

const yw_route yw_api_apikey_routes[] = {
    {"POST", "/api/v1/apikeys", create, YW_AUTH_LOGIN, YW_WRITE, create_body, NULL, NULL},
    {"GET", "/api/v1/apikeys", list, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {"POST", "/api/v1/apikeys/:id/revoke", revoke, YW_AUTH_LOGIN, YW_WRITE, NULL, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
