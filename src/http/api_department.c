/* /api/v1/departments: the list anyone may read; creation, renaming and disabling by admins. */
#include "../domain/core/dept.h"
#include "http.h"
#include "render.h"

void yw_render_dept(yw_jw *w, const yw_dept *d) {
    yw_jw_obj(w);
    yw_jw_kstr(w, "id", d->id);
    yw_jw_kstr(w, "code", d->code);
    yw_jw_kstr(w, "name", d->name);
    yw_jw_kstr(w, "region_code", d->region_code);
    yw_jw_key(w, "aliases");
    yw_jw_arr(w);
    for (const char **a = d->aliases; a && *a; a++) yw_jw_str(w, *a);
    yw_jw_end(w);
    yw_jw_kbool(w, "disabled", d->disabled);
    yw_jw_end(w);
}

static int list(yw_http_ctx *c, yw_err *err) {
    yw_dept *d;
    int n;
    if (yw_dept_list(&c->op, &d, &n) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "departments");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) yw_render_dept(&w, &d[i]);
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int get(yw_http_ctx *c, yw_err *err) {
    yw_dept d;
    if (yw_dept_find(&c->op, c->params[0], &d) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_render_dept(&w, &d);
    return yw_http_reply_json(c, 200, &b, err);
}

static int create(yw_http_ctx *c, yw_err *err) {
    yw_dept_new in = {
        .code = yw_body_str(c, "code"),
        .name = yw_body_str(c, "name"),
        .region_code = yw_body_str(c, "region_code"),
        .aliases = yw_body_str_array(c, "aliases"),
    };
    yw_dept d;
    if (yw_dept_create(&c->op, &in, &d) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_render_dept(&w, &d);
    return yw_http_reply_json(c, 201, &b, err);
}

static int update(yw_http_ctx *c, yw_err *err) {
    yw_dept_change in = {
        .name = yw_body_str(c, "name"),
        .set_disabled = json_object_get(c->body, "disabled") != NULL,
        .disabled = yw_body_bool(c, "disabled", false),
    };
    yw_dept d;
    if (yw_dept_update(&c->op, c->params[0], &in, &d) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_render_dept(&w, &d);
    return yw_http_reply_json(c, 200, &b, err);
}

static const yw_field_spec update_body[] = {YW_STR("name", false, 100), YW_BOOL("disabled", false), YW_END};

static const yw_field_spec create_body[] = {
    YW_STR("code", true, 32),
    YW_STR("name", true, 100),
    YW_STR("region_code", true, 6),
    YW_STRS("aliases", false, 20),
    YW_END,
};

const yw_route yw_api_department_routes[] = {
    {"GET", "/api/v1/departments", list, YW_AUTH_PUBLIC, YW_READ, NULL, NULL, NULL},
    {"POST", "/api/v1/departments", create, YW_AUTH_LOGIN, YW_WRITE, create_body, NULL, NULL},
    {"GET", "/api/v1/departments/:code", get, YW_AUTH_PUBLIC, YW_READ, NULL, NULL, NULL},
    {"PATCH", "/api/v1/departments/:code", update, YW_AUTH_LOGIN, YW_WRITE, update_body, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
