/* /api/v1/session and /api/v1/me: logging in and out, and who is logged in. The session token
 * goes to the browser as an HttpOnly, SameSite=Strict cookie and to API clients in the body
 * (to be sent back as "Authorization: Bearer …"). */
#include <stdio.h>

#include "../domain/session.h"
#include "http.h"
#include "render.h"

static int login(yw_http_ctx *c, yw_err *err) {
    yw_session s;
    if (yw_session_login(c->store, c->arena, yw_body_str(c, "login"), yw_body_str(c, "password"), c->client_address,
                         &s, err) < 0)
        return -1;
    const char *cookie = yw_arena_printf(c->arena, "yw_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s",
                                         s.token, (long long)(YW_SESSION_TTL_MS / 1000), c->tls ? "; Secure" : "");
    if (!cookie) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
    yw_http_set_header(c, "set-cookie", cookie);
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "token", s.token);
    yw_jw_kstr(&w, "expires_at", s.expires_at);
    yw_jw_key(&w, "account");
    yw_render_account(&w, &s.account);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 201, &b, err);
}

static int logout(yw_http_ctx *c, yw_err *err) {
    if (yw_session_logout(c->store, c->token, err) < 0) return -1;
    yw_http_set_header(c, "set-cookie", "yw_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    yw_buf b;
    yw_buf_init(&b, c->arena);
    return yw_http_reply(c, 204, "text/plain", &b, err);
}

static int me(yw_http_ctx *c, yw_err *err) {
    yw_account a;
    if (yw_account_get(c->store, c->arena, c->actor, c->actor->account_id, &a, err) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_render_account(&w, &a);
    return yw_http_reply_json(c, 200, &b, err);
}

static const yw_field_spec login_body[] = {
    {"login", YW_FIELD_STRING, true, 64},
    {"password", YW_FIELD_STRING, true, 128},
    {NULL, 0, false, 0},
};

const yw_route yw_api_session_routes[] = {
    {"POST", "/api/v1/session", login, YW_AUTH_PUBLIC, login_body},
    {"DELETE", "/api/v1/session", logout, YW_AUTH_PUBLIC, NULL},
    {"GET", "/api/v1/me", me, YW_AUTH_LOGIN, NULL},
    {NULL, NULL, NULL, 0, NULL},
};
