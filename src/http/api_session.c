/* /api/v1/session and /api/v1/me: logging in and out, and who is logged in. The session token
 * goes to the browser as an HttpOnly, SameSite=Strict cookie and to API clients in the body
 * (to be sent back as "Authorization: Bearer …"). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../domain/core/session.h"
#include "http.h"
#include "render.h"

/* A login in two writes with the Argon2id verification (~0.1 s) between them on an offload
 * thread: the first counts the attempt and finds the account, the second opens the session
 * (session.h). */
typedef struct {
    yw_login_attempt at;       /* strings in the request's arena, which lasts the whole chain */
    const char *password_hash; /* copies for the offload thread, in the arena too */
    char *password;            /* or the one-time code */
    bool ok;
} login_job;

static void login_verify(void *arg) {
    login_job *j = arg;
    j->ok = j->at.by_code ? yw_login_verify_code(j->at.code_id, j->at.code_hash, j->password)
                          : yw_login_verify(j->password_hash, j->password);
    sodium_memzero(j->password, strlen(j->password));
}

static int login_done(yw_http_ctx *c, yw_err *err) {
    login_job *j = c->then_arg;
    yw_session s;
    if (yw_session_login_finish(&c->op, &j->at, j->ok, &s) < 0) return -1;
    const char *cookie = yw_arena_printf(c->arena, "yw_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s",
                                         s.token, (long long)(YW_SESSION_TTL_MS / 1000), c->tls ? "; Secure" : "");
    if (!cookie) return yw_fail(err, YW_E_NOMEM, NULL);
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
    login_job *j = yw_arena_calloc(c->arena, 1, sizeof *j);
    if (!j) return yw_fail(err, YW_E_NOMEM, NULL);
    yw_login_in in = {yw_body_str(c, "login"), yw_body_str(c, "password"), c->client_address, yw_body_str(c, "phone"),
                      yw_body_str(c, "code")};
    if (yw_session_login_begin(&c->op, &in, &j->at) < 0) return -1;
    j->password_hash = j->at.password_hash;
    j->password = yw_arena_strdup(c->arena, j->at.by_code ? in.code : in.password);
    if (!j->password) return yw_fail(err, YW_E_NOMEM, NULL);
    yw_http_then(c, login_verify, j, login_done);
    return 0;
}

/* A one-time code by SMS: the same answer whether or not an account was found (session.h). */
static int send_code(yw_http_ctx *c, yw_err *err) {
    yw_login_code_in in = {yw_body_str(c, "login"), yw_body_str(c, "phone"), c->client_address};
    if (yw_login_code_send(&c->op, &in) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kint(&w, "expires_in", YW_LOGIN_CODE_TTL_MS / 1000);
    yw_jw_kint(&w, "resend_in", YW_LOGIN_CODE_RESEND_MS / 1000);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 202, &b, err);
}

static int logout(yw_http_ctx *c, yw_err *err) {
    if (yw_session_logout(&c->op, c->token) < 0) return -1;
    yw_http_set_header(c, "set-cookie", "yw_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    yw_buf b;
    yw_buf_init(&b, c->arena);
    return yw_http_reply(c, 204, "text/plain", &b, err);
}

static int me(yw_http_ctx *c, yw_err *err) {
    yw_account a;
    if (yw_account_get(&c->op, c->actor->account_id, &a) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_render_account(&w, &a);
    return yw_http_reply_json(c, 200, &b, err);
}

/* {login, password}, or {login or phone, code}: the domain says which is missing (session.h) */
static const yw_field_spec login_body[] = {
    YW_STR("login", false, YW_LOGIN_MAX),
    {.name = "password", .type = YW_FIELD_STRING, .required = false, .max = YW_PASSWORD_MAX, .flags = YW_TEXT_BLANK_OK},
    YW_STR("phone", false, 32),
    YW_STR("code", false, 16),
    YW_END,
};

static const yw_field_spec code_body[] = {
    YW_STR("login", false, YW_LOGIN_MAX),
    YW_STR("phone", false, 32),
    YW_END,
};

const yw_route yw_api_session_routes[] = {
    {"POST", "/api/v1/session", login, YW_AUTH_PUBLIC, YW_WRITE, login_body, NULL, NULL},
    {"POST", "/api/v1/session/code", send_code, YW_AUTH_PUBLIC, YW_WRITE, code_body, NULL, NULL},
    {"DELETE", "/api/v1/session", logout, YW_AUTH_PUBLIC, YW_WRITE, NULL, NULL, NULL},
    {"GET", "/api/v1/me", me, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
