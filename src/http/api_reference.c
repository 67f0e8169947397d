/* Reference data anyone may read: GB/T 2260 regions, GB/T 4754 industries, and validators for
 * USCCs and ID numbers that forms call as the user types. (The working-day calendar has its
 * own routes: api_calendar.c.) */
#include <string.h>

#include "../base/time.h"
#include "../std/idcard.h"
#include "../std/industry.h"
#include "../std/region.h"
#include "../std/uscc.h"
#include "http.h"

static int regions(yw_http_ctx *c, yw_err *err) {
    const char *parent = yw_query_str(c, "parent");
    size_t n;
    const yw_region *r = yw_region_all(&n);
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "regions");
    yw_jw_arr(&w);
    for (size_t i = 0; i < n; i++) {
        if (parent && !(r[i].parent && strcmp(r[i].parent, parent) == 0)) continue;
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "code", r[i].code);
        yw_jw_kstr(&w, "name", r[i].name);
        yw_jw_kstr(&w, "parent", r[i].parent);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int industries(yw_http_ctx *c, yw_err *err) {
    size_t n;
    const yw_industry *t = yw_industry_all(&n);
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "industries");
    yw_jw_arr(&w);
    for (size_t i = 0; i < n; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "code", t[i].code);
        yw_jw_kstr(&w, "name", t[i].name);
        yw_jw_kstr(&w, "section", t[i].section);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int reply_valid(yw_http_ctx *c, yw_err *err) {
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kbool(&w, "valid", true);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int validate_uscc(yw_http_ctx *c, yw_err *err) {
    if (yw_uscc_validate(c->params[0], "uscc", err) < 0) return -1;
    return reply_valid(c, err);
}

static int validate_id_number(yw_http_ctx *c, yw_err *err) {
    if (yw_idcard_validate(c->params[0], yw_op_today(&c->op), "id_number", err) < 0) return -1;
    return reply_valid(c, err);
}

static const yw_field_spec regions_query[] = {YW_STR("parent", false, 6), YW_END};

const yw_route yw_api_reference_routes[] = {
    {"GET", "/api/v1/regions", regions, YW_AUTH_PUBLIC, YW_READ, NULL, regions_query, NULL},
    {"GET", "/api/v1/industries", industries, YW_AUTH_PUBLIC, YW_READ, NULL, NULL, NULL},
    {"GET", "/api/v1/validate/uscc/:code", validate_uscc, YW_AUTH_PUBLIC, YW_READ, NULL, NULL, NULL},
    {"GET", "/api/v1/validate/id-number/:code", validate_id_number, YW_AUTH_PUBLIC, YW_READ, NULL, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
