/* /api/v1/session and /api/v1/me: logging in and out, and who is logged in. The session token
 * goes to the browser as an HttpOnly, SameSite=Strict cookie and to API clients in the body
 * (to be sent back as "Authorization: Bearer …"). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../domain/session.h"
#include "http.h"
#include "render.h"

/* A login: the checks and the account on the loop, the Argon2id verification (~0.1 s) on an
 * offload thread, then the session on the loop again. */
typedef struct {
    yw_login_attempt at; /* its strings point into the request's arena: read only in login_done */
    char *password_hash; /* copies for the offload thread, in this same allocation */
    char *password;
    bool ok;
} login_job;

static void login_verify(void *arg) {
    login_job *j = arg;
    j->ok = yw_login_verify(j->password_hash, j->password);
    sodium_memzero(j->password, strlen(j->password));
}

static int login_done(yw_http_ctx *c, void *arg, yw_err *err) {
    login_job *j = arg;
    yw_session s;
    if (yw_session_login_finish(c->store, c->arena, &j->at, j->ok, &s, err) < 0) return -1;
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

static int login(yw_http_ctx *c, yw_err *err) {
    const char *password = yw_body_str(c, "password");
    yw_login_attempt at;
    if (yw_session_login_begin(c->store, c->arena, yw_body_str(c, "login"), password, c->client_address, &at, err) < 0)
        return -1;
    size_t hl = at.password_hash ? strlen(at.password_hash) + 1 : 0, pl = strlen(password) + 1;
    login_job *j = malloc(sizeof *j + hl + pl);
    if (!j) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
    j->at = at;
    j->ok = false;
    j->password_hash = at.password_hash ? memcpy((char *)(j + 1), at.password_hash, hl) : NULL;
    j->password = memcpy((char *)(j + 1) + hl, password, pl);
    return yw_http_offload(c, login_verify, login_done, j, err);
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
