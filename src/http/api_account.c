/* /api/v1/accounts: registration of persons and enterprises (public) with the checks of its form
 * as it is typed, walk-in accounts a clerk makes without a password, staff accounts (admins),
 * reading, searching and listing with personal data masked by role; administrators changing an
 * account (state, roles, department, name, phone) and giving it a new password; one's own
 * password (/api/v1/me/password). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../domain/core/account.h"
#include "http.h"
#include "render.h"

void yw_render_account(yw_jw *w, const yw_account *a) {
    yw_jw_obj(w);
    yw_jw_kstr(w, "id", a->id);
    yw_jw_kstr(w, "kind", a->kind);
    yw_jw_kstr(w, "login", a->login);
    yw_jw_kstr(w, "name", a->name);
    if (a->id_number) yw_jw_kstr(w, "id_number", a->id_number);
    if (a->uscc) yw_jw_kstr(w, "uscc", a->uscc);
    yw_jw_kstr(w, "phone", a->phone);
    if (a->department_id) {
        yw_jw_key(w, "department");
        yw_jw_obj(w);
        yw_jw_kstr(w, "id", a->department_id);
        yw_jw_kstr(w, "code", a->department_code);
        yw_jw_kstr(w, "name", a->department_name);
        yw_jw_end(w);
    }
    yw_jw_key(w, "roles");
    yw_jw_arr(w);
    for (unsigned bit = 1; bit <= YW_ROLE_ADMIN; bit <<= 1)
        if (a->roles & bit) yw_jw_str(w, yw_role_name(bit));
    yw_jw_end(w);
    yw_jw_kbool(w, "disabled", a->disabled);
    yw_jw_kstr(w, "created_at", a->created_at);
    if (a->legal_representative) yw_jw_kstr(w, "legal_representative", a->legal_representative);
    yw_jw_kbool(w, "password_set", a->password_set);
    yw_jw_kbool(w, "must_change_password", a->must_change_password || !a->password_set);
    yw_jw_end(w);
}

/* Before the transaction, on an offload thread: the password's Argon2id hash (~0.1 s). No
 * password, no hash: a clerk's walk-in account (account.h), which the domain checks. */
static int hash_password(yw_http_ctx *c, yw_err *err) {
    const char *password = yw_body_str(c, "password");
    if (!password) return 0;
    if (yw_account_password_check(password, err) < 0) return -1;
    char *hash = yw_arena_alloc(c->arena, 128);
    if (!hash) return yw_fail(err, YW_E_NOMEM, NULL);
    if (yw_password_hash(password, hash, err) < 0) return -1;
    c->prepared = hash;
    return 0;
}

static int create(yw_http_ctx *c, yw_err *err) {
    yw_account_new in = {
        .kind = yw_body_str(c, "kind"),
        .login = yw_body_str(c, "login"),
        .name = yw_body_str(c, "name"),
        .id_number = yw_body_str(c, "id_number"),
        .uscc = yw_body_str(c, "uscc"),
        .phone = yw_body_str(c, "phone"),
        .department_code = yw_body_str(c, "department"),
        .password_hash = c->prepared,
        .legal_representative = yw_body_str(c, "legal_representative"),
    };
    /* a password an administrator chose is the staff member's until they choose their own */
    in.must_change_password = in.kind && strcmp(in.kind, "staff") == 0;
    const char **roles = yw_body_str_array(c, "roles");
    for (const char **r = roles; r && *r; r++) {
        unsigned bit;
        if (yw_roles_parse(*r, &bit, "roles", err) < 0) return -1;
        in.roles |= bit;
    }
    yw_account out;
    if (yw_account_create(&c->op, &in, &out) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_render_account(&w, &out);
    return yw_http_reply_json(c, 201, &b, err);
}

/* The actor's own account, as GET /api/v1/me answers it. */
static int me_again(yw_http_ctx *c, yw_err *err) {
    yw_account a;
    if (yw_account_get(&c->op, c->actor->account_id, &a) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_render_account(&w, &a);
    return yw_http_reply_json(c, 200, &b, err);
}

/* Before the transaction: the new password of /api/v1/me/password checked and hashed. */
static int hash_new_password(yw_http_ctx *c, yw_err *err) {
    const char *password = yw_body_str(c, "password");
    if (yw_account_password_check(password, err) < 0) return -1;
    char *hash = yw_arena_alloc(c->arena, 128);
    if (!hash) return yw_fail(err, YW_E_NOMEM, NULL);
    if (yw_password_hash(password, hash, err) < 0) return -1;
    c->prepared = hash;
    return 0;
}

static int get(yw_http_ctx *c, yw_err *err) {
    yw_account a;
    if (yw_account_get(&c->op, c->params[0], &a) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_render_account(&w, &a);
    return yw_http_reply_json(c, 200, &b, err);
}

static int list(yw_http_ctx *c, yw_err *err) {
    int limit = (int)yw_query_int(c, "limit", 50), offset = (int)yw_query_int(c, "offset", 0);
    yw_account_filter f = {yw_query_str(c, "kind"), limit, offset, yw_query_str(c, "q"), yw_query_str(c, "department")};
    yw_account *list;
    int n;
    int64_t total;
    if (yw_account_list(&c->op, &f, &list, &n) < 0 || yw_account_count(&c->op, &f, &total) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "accounts");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) yw_render_account(&w, &list[i]);
    yw_jw_end(&w);
    yw_jw_kint(&w, "limit", limit);
    yw_jw_kint(&w, "offset", offset);
    yw_jw_kint(&w, "total", total);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int update(yw_http_ctx *c, yw_err *err) {
    yw_account_change in = {
        .set_disabled = json_object_get(c->body, "disabled") != NULL,
        .disabled = yw_body_bool(c, "disabled", false),
        .department_code = yw_body_str(c, "department"),
        .name = yw_body_str(c, "name"),
        .phone = yw_body_str(c, "phone"),
    };
    const char **roles = yw_body_str_array(c, "roles");
    if (roles) {
        in.set_roles = true;
        for (const char **r = roles; *r; r++) {
            unsigned bit;
            if (yw_roles_parse(*r, &bit, "roles", err) < 0) return -1;
            in.roles |= bit;
        }
    }
    if (yw_account_update(&c->op, c->params[0], &in) < 0) return -1;
    return get(c, err);
}

/* ---- a new password from an administrator ---- */

typedef struct {
    char password[16]; /* shown once, or sent by SMS; never kept */
    char hash[128];
} new_password;

/* 12 characters that cannot be mistaken for one another when read out or copied by hand */
static void generate(char out[16]) {
    static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY2346789";
    for (int i = 0; i < 12; i++) out[i] = alphabet[randombytes_uniform((uint32_t)(sizeof alphabet - 1))];
    out[12] = '\0';
}

/* Before the transaction, on an offload thread: the password made and hashed. */
static int make_password(yw_http_ctx *c, yw_err *err) {
    new_password *p = yw_arena_calloc(c->arena, 1, sizeof *p);
    if (!p) return yw_fail(err, YW_E_NOMEM, NULL);
    generate(p->password);
    if (yw_password_hash(p->password, p->hash, err) < 0) return -1;
    c->prepared = p;
    return 0;
}

static void nothing(void *arg) { (void)arg; }

/* The answer, in a write of its own after the reset's: a write in two steps is never kept for a
 * replay of its Idempotency-Key (http.h), and this answer holds the password. A repeated request
 * makes (and shows) another password, which is then the one that works. */
static int reset_answer(yw_http_ctx *c, yw_err *err) {
    new_password *p = c->prepared;
    const char *send = yw_body_str(c, "send");
    bool sms = send && strcmp(send, "sms") == 0;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "sent", sms ? "sms" : "shown");
    if (!sms) yw_jw_kstr(&w, "password", p->password);
    yw_jw_kbool(&w, "must_change_password", true);
    yw_jw_end(&w);
    sodium_memzero(p->password, sizeof p->password);
    return yw_http_reply_json(c, 200, &b, err);
}

static int reset_password(yw_http_ctx *c, yw_err *err) {
    (void)err;
    new_password *p = c->prepared;
    const char *send = yw_body_str(c, "send");
    bool sms = send && strcmp(send, "sms") == 0;
    if (yw_account_reset_password(&c->op, c->params[0], p->hash, sms ? p->password : NULL) < 0) return -1;
    yw_http_then(c, nothing, p, reset_answer);
    return 0;
}

/* ---- sign-up's fields checked as they are typed ---- */

static const char *const check_fields[] = {"id_number", "uscc", "phone", "name", "legal_representative", "password",
                                           NULL};

static int check(yw_http_ctx *c, yw_err *err) {
    const char *kind = yw_body_str(c, "kind");
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "errors");
    yw_jw_arr(&w);
    for (const char *const *f = check_fields; *f; f++) {
        const char *value = yw_body_str(c, *f);
        if (!value) continue;
        yw_err e = {0};
        int rc = yw_account_check_field(&c->op, kind, *f, value, &e);
        if (rc == 0) continue;
        /* a failing store is the request's error, not the field's */
        if (e.code != YW_ERR_INVALID && e.code != YW_ERR_CONFLICT) {
            *err = e;
            return -1;
        }
        char buf[256];
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "field", e.field[0] ? e.field : *f);
        yw_jw_kstr(&w, "reason", e.reason);
        yw_jw_kstr(&w, "message", yw_err_message(&e, c->english, buf, sizeof buf));
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

/* ---- one's own password: checked against the current one off the event loop ---- */

typedef struct {
    yw_password_change pc;
    char *current;
    bool ok;
} own_job;

static void own_verify(void *arg) {
    own_job *j = arg;
    j->ok = yw_password_verify(j->pc.current_hash, j->current);
    sodium_memzero(j->current, strlen(j->current));
}

static int own_done(yw_http_ctx *c, yw_err *err) {
    own_job *j = c->then_arg;
    if (yw_password_change_finish(&c->op, &j->pc, j->ok, c->prepared) < 0) return -1;
    return me_again(c, err);
}

static int own_password(yw_http_ctx *c, yw_err *err) {
    own_job *j = yw_arena_calloc(c->arena, 1, sizeof *j);
    if (!j) return yw_fail(err, YW_E_NOMEM, NULL);
    const char *current = yw_body_str(c, "current_password");
    if (yw_password_change_begin(&c->op, current && *current, &j->pc) < 0) return -1;
    if (!j->pc.current_hash) {
        /* nothing of theirs to prove: one write */
        if (yw_password_change_finish(&c->op, &j->pc, true, c->prepared) < 0) return -1;
        return me_again(c, err);
    }
    j->current = yw_arena_strdup(c->arena, current);
    if (!j->current) return yw_fail(err, YW_E_NOMEM, NULL);
    yw_http_then(c, own_verify, j, own_done);
    return 0;
}

static const char *const kinds[] = {"person", "enterprise", "staff", NULL};

static const yw_field_spec create_body[] = {
    YW_ENUM("kind", true, kinds),
    YW_STR("login", false, 64),
    YW_STR("name", true, 100),
    YW_STR("id_number", false, 32),
    YW_STR("uscc", false, 32),
    YW_STR("phone", false, 32),
    YW_STR("department", false, 100),
    YW_STRS("roles", false, 8),
    {.name = "password", .type = YW_FIELD_STRING, .required = false, .max = YW_PASSWORD_MAX, .flags = YW_TEXT_BLANK_OK},
    YW_STR("legal_representative", false, 100),
    YW_END,
};

static const yw_field_spec update_body[] = {
    YW_BOOL("disabled", false),
    YW_STRS("roles", false, 8),
    YW_STR("department", false, 100),
    YW_STR("name", false, 100),
    {.name = "phone", .type = YW_FIELD_STRING, .required = false, .max = 32, .flags = YW_TEXT_BLANK_OK},
    YW_END,
};

static const char *const sends[] = {"show", "sms", NULL};
static const yw_field_spec reset_body[] = {YW_ENUM("send", true, sends), YW_END};

static const yw_field_spec check_body[] = {
    YW_ENUM("kind", true, kinds),
    {.name = "id_number", .type = YW_FIELD_STRING, .max = 32, .flags = YW_TEXT_BLANK_OK},
    {.name = "uscc", .type = YW_FIELD_STRING, .max = 32, .flags = YW_TEXT_BLANK_OK},
    {.name = "phone", .type = YW_FIELD_STRING, .max = 32, .flags = YW_TEXT_BLANK_OK},
    {.name = "name", .type = YW_FIELD_STRING, .max = 100, .flags = YW_TEXT_BLANK_OK},
    {.name = "legal_representative", .type = YW_FIELD_STRING, .max = 100, .flags = YW_TEXT_BLANK_OK},
    {.name = "password", .type = YW_FIELD_STRING, .max = YW_PASSWORD_MAX, .flags = YW_TEXT_BLANK_OK},
    YW_END,
};

static const yw_field_spec own_password_body[] = {
    {.name = "password", .type = YW_FIELD_STRING, .required = true, .max = YW_PASSWORD_MAX, .flags = YW_TEXT_BLANK_OK},
    {.name = "current_password", .type = YW_FIELD_STRING, .max = YW_PASSWORD_MAX, .flags = YW_TEXT_BLANK_OK},
    YW_END,
};

static const yw_field_spec list_query[] = {
    YW_STR("q", false, YW_ACCOUNT_QUERY_MAX),
    YW_STR("department", false, 100),
    YW_ENUM("kind", false, kinds),
    YW_INT("limit", false, 1, YW_ACCOUNT_LIST_MAX),
    YW_INT("offset", false, 0, 1000000000),
    YW_END,
};

const yw_route yw_api_account_routes[] = {
    {"POST", "/api/v1/accounts", create, YW_AUTH_PUBLIC, YW_WRITE, create_body, NULL, hash_password},
    {"POST", "/api/v1/accounts/check", check, YW_AUTH_PUBLIC, YW_READ, check_body, NULL, NULL},
    {"GET", "/api/v1/accounts", list, YW_AUTH_LOGIN, YW_READ, NULL, list_query, NULL},
    {"GET", "/api/v1/accounts/:id", get, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {"PATCH", "/api/v1/accounts/:id", update, YW_AUTH_LOGIN, YW_WRITE, update_body, NULL, NULL},
    {"POST", "/api/v1/accounts/:id/password", reset_password, YW_AUTH_LOGIN, YW_WRITE, reset_body, NULL, make_password},
    {"POST", "/api/v1/me/password", own_password, YW_AUTH_LOGIN, YW_WRITE, own_password_body, NULL, hash_new_password},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
