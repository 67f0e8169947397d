/* Reference data anyone may read: GB/T 2260 regions, GB/T 4754 industries, the working-day
 * calendar (is a day a working day, a due date N working days on, working days between two
 * dates), and validators for USCCs and ID numbers that forms call as the user types. */
#include <string.h>

#include "../base/time.h"
#include "../std/idcard.h"
#include "../std/industry.h"
#include "../std/region.h"
#include "../std/uscc.h"
#include "../std/workcal.h"
#include "http.h"

static int regions(yw_http_ctx *c, yw_err *err) {
    const char *parent = yw_http_query(c, "parent");
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

static const yw_workcal *calendar(yw_err *err) {
    const yw_workcal *cal = yw_workcal_default();
    if (!cal) yw_err_set(err, YW_ERR_INTERNAL, NULL, "the built-in working-day calendar failed to load");
    return cal;
}

static int query_date(yw_http_ctx *c, const char *name, int64_t *out, yw_err *err) {
    const char *v = yw_http_query(c, name);
    if (!v) return yw_err_set(err, YW_ERR_INVALID, name, "%s is required (YYYY-MM-DD)", name);
    return yw_date_parse(v, out, name, err);
}

static int calendar_day(yw_http_ctx *c, yw_err *err) {
    const yw_workcal *cal = calendar(err);
    int64_t day;
    bool work;
    if (!cal || yw_date_parse(c->params[0], &day, "date", err) < 0 || yw_workcal_is_workday(cal, day, &work, err) < 0)
        return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "date", c->params[0]);
    yw_jw_kbool(&w, "working_day", work);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int calendar_add(yw_http_ctx *c, yw_err *err) {
    const yw_workcal *cal = calendar(err);
    int64_t from, due;
    int days;
    if (!cal || query_date(c, "from", &from, err) < 0) return -1;
    if (!yw_http_query(c, "days")) return yw_err_set(err, YW_ERR_INVALID, "days", "days is required");
    if (yw_http_query_int(c, "days", 0, -3650, 3650, &days, err) < 0) return -1;
    if (yw_workcal_add(cal, from, days, &due, err) < 0) return -1;
    char text[11];
    yw_date_format(due, text);
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "from", yw_http_query(c, "from"));
    yw_jw_kint(&w, "working_days", days);
    yw_jw_kstr(&w, "due", text);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int calendar_count(yw_http_ctx *c, yw_err *err) {
    const yw_workcal *cal = calendar(err);
    int64_t from, to, n;
    if (!cal || query_date(c, "from", &from, err) < 0 || query_date(c, "to", &to, err) < 0) return -1;
    if (yw_workcal_count(cal, from, to, &n, err) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "from", yw_http_query(c, "from"));
    yw_jw_kstr(&w, "to", yw_http_query(c, "to"));
    yw_jw_kint(&w, "working_days", n);
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
    if (yw_idcard_validate(c->params[0], yw_today_shanghai(), "id_number", err) < 0) return -1;
    return reply_valid(c, err);
}

const yw_route yw_api_reference_routes[] = {
    {"GET", "/api/v1/regions", regions, YW_AUTH_PUBLIC, NULL},
    {"GET", "/api/v1/industries", industries, YW_AUTH_PUBLIC, NULL},
    {"GET", "/api/v1/calendar/days/:date", calendar_day, YW_AUTH_PUBLIC, NULL},
    {"GET", "/api/v1/calendar/add", calendar_add, YW_AUTH_PUBLIC, NULL},
    {"GET", "/api/v1/calendar/count", calendar_count, YW_AUTH_PUBLIC, NULL},
    {"GET", "/api/v1/validate/uscc/:code", validate_uscc, YW_AUTH_PUBLIC, NULL},
    {"GET", "/api/v1/validate/id-number/:code", validate_id_number, YW_AUTH_PUBLIC, NULL},
    {NULL, NULL, NULL, 0, NULL},
};
