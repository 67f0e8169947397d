/* /api/v1/accounts: registration of persons and enterprises (public), walk-in accounts a clerk
 * makes without a password, staff accounts (admins), reading and listing with personal data
 * masked by role, disabling. */
#include <sodium.h>
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
    };
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
    yw_account_filter f = {yw_query_str(c, "kind"), limit, offset};
    yw_account *list;
    int n;
    if (yw_account_list(&c->op, &f, &list, &n) < 0) return -1;
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
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int update(yw_http_ctx *c, yw_err *err) {
    if (yw_account_set_disabled(&c->op, c->params[0], yw_body_bool(c, "disabled", false)) < 0) return -1;
    return get(c, err);
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
    YW_END,
};

static const yw_field_spec update_body[] = {YW_BOOL("disabled", true), YW_END};

static const yw_field_spec list_query[] = {
    YW_ENUM("kind", false, kinds),
    YW_INT("limit", false, 1, YW_ACCOUNT_LIST_MAX),
    YW_INT("offset", false, 0, 1000000000),
    YW_END,
};

const yw_route yw_api_account_routes[] = {
    {"POST", "/api/v1/accounts", create, YW_AUTH_PUBLIC, YW_WRITE, create_body, NULL, hash_password},
    {"GET", "/api/v1/accounts", list, YW_AUTH_LOGIN, YW_READ, NULL, list_query, NULL},
    {"GET", "/api/v1/accounts/:id", get, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {"PATCH", "/api/v1/accounts/:id", update, YW_AUTH_LOGIN, YW_WRITE, update_body, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
