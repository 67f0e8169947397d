/* /api/v1/site: the site's settings (domain/site/site.h) that every page's footer shows — anyone
 * reads them, administrators replace them whole. docs/portal.md describes them. */
#include "../domain/site/site.h"
#include "http.h"

static void render_site(yw_jw *w, const yw_site *s) {
    yw_jw_obj(w);
    const char *values[] = {s->host, s->host_en, s->operator_, s->operator_en, s->address, s->phone, s->email, s->icp};
    for (int i = 0; yw_site_keys[i]; i++) yw_jw_kstr(w, yw_site_keys[i], values[i]);
    yw_jw_end(w);
}

static int reply(yw_http_ctx *c, yw_err *err) {
    yw_site s;
    if (yw_site_get(&c->op, &s) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    render_site(&w, &s);
    return yw_http_reply_json(c, 200, &b, err);
}

static int get_site(yw_http_ctx *c, yw_err *err) { return reply(c, err); }

static int put_site(yw_http_ctx *c, yw_err *err) {
    yw_site in = {
        .host = yw_body_str(c, "host"),
        .host_en = yw_body_str(c, "host_en"),
        .operator_ = yw_body_str(c, "operator"),
        .operator_en = yw_body_str(c, "operator_en"),
        .address = yw_body_str(c, "address"),
        .phone = yw_body_str(c, "phone"),
        .email = yw_body_str(c, "email"),
        .icp = yw_body_str(c, "icp"),
    };
    if (yw_site_set(&c->op, &in) < 0) return -1;
    return reply(c, err);
}

static const yw_field_spec site_body[] = {
    YW_STR("host", true, YW_SITE_VALUE_MAX),    YW_STR("host_en", false, YW_SITE_VALUE_MAX),
    YW_STR("operator", false, YW_SITE_VALUE_MAX), YW_STR("operator_en", false, YW_SITE_VALUE_MAX),
    YW_STR("address", false, YW_SITE_VALUE_MAX), YW_STR("phone", false, 40),
    YW_STR("email", false, YW_SITE_VALUE_MAX),  YW_STR("icp", false, YW_SITE_VALUE_MAX),
    YW_END,
};

const yw_route yw_api_site_routes[] = {
    {"GET", "/api/v1/site", get_site, YW_AUTH_PUBLIC, YW_READ, NULL, NULL, NULL},
    {"PUT", "/api/v1/site", put_site, YW_AUTH_LOGIN, YW_WRITE, site_body, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
