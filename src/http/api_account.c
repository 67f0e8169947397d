/* /api/v1/accounts: registration of persons and enterprises (public), staff accounts (admins),
 * reading and listing with personal data masked by role, disabling. */
#include <string.h>

#include "../domain/account.h"
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

static int create(yw_http_ctx *c, yw_err *err) {
    yw_account_new in = {
        .kind = yw_body_str(c, "kind"),
        .login = yw_body_str(c, "login"),
        .name = yw_body_str(c, "name"),
        .id_number = yw_body_str(c, "id_number"),
        .uscc = yw_body_str(c, "uscc"),
        .phone = yw_body_str(c, "phone"),
        .department_code = yw_body_str(c, "department"),
        .password = yw_body_str(c, "password"),
    };
    const char **roles = yw_body_str_array(c, "roles");
    for (const char **r = roles; r && *r; r++) {
        unsigned bit;
        if (yw_roles_parse(*r, &bit, "roles", err) < 0) return -1;
        in.roles |= bit;
    }
    yw_account out;
    if (yw_account_create(c->store, c->arena, c->actor, &in, &out, err) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_render_account(&w, &out);
    return yw_http_reply_json(c, 201, &b, err);
}

static int get(yw_http_ctx *c, yw_err *err) {
    yw_account a;
    if (yw_account_get(c->store, c->arena, c->actor, c->params[0], &a, err) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_render_account(&w, &a);
    return yw_http_reply_json(c, 200, &b, err);
}

static int list(yw_http_ctx *c, yw_err *err) {
    int limit, offset;
    if (yw_http_query_int(c, "limit", 50, 1, 500, &limit, err) < 0) return -1;
    if (yw_http_query_int(c, "offset", 0, 0, 1000000000, &offset, err) < 0) return -1;
    yw_account *list;
    int n;
    if (yw_account_list(c->store, c->arena, c->actor, yw_http_query(c, "kind"), limit, offset, &list, &n, err) < 0)
        return -1;
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
    json_t *v = json_object_get(c->body, "disabled");
    if (!json_is_boolean(v)) return yw_err_set(err, YW_ERR_INVALID, "disabled", "disabled is required");
    if (yw_account_set_disabled(c->store, c->arena, c->actor, c->params[0], json_is_true(v), err) < 0) return -1;
    return get(c, err);
}

static const yw_field_spec create_body[] = {
    {"kind", YW_FIELD_STRING, true, 16},
    {"login", YW_FIELD_STRING, false, 64},
    {"name", YW_FIELD_STRING, true, 100},
    {"id_number", YW_FIELD_STRING, false, 32},
    {"uscc", YW_FIELD_STRING, false, 32},
    {"phone", YW_FIELD_STRING, false, 32},
    {"department", YW_FIELD_STRING, false, 100},
    {"roles", YW_FIELD_STRING_ARRAY, false, 8},
    {"password", YW_FIELD_STRING, true, 128},
    {NULL, 0, false, 0},
};

static const yw_field_spec update_body[] = {
    {"disabled", YW_FIELD_BOOL, true, 0},
    {NULL, 0, false, 0},
};

const yw_route yw_api_account_routes[] = {
    {"POST", "/api/v1/accounts", create, YW_AUTH_PUBLIC, create_body},
    {"GET", "/api/v1/accounts", list, YW_AUTH_LOGIN, NULL},
    {"GET", "/api/v1/accounts/:id", get, YW_AUTH_LOGIN, NULL},
    {"PATCH", "/api/v1/accounts/:id", update, YW_AUTH_LOGIN, update_body},
    {NULL, NULL, NULL, 0, NULL},
};
