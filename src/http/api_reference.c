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

static const yw_workcal *calendar(yw_err *err) {
    const yw_workcal *cal = yw_workcal_default();
    if (!cal) yw_err_set(err, YW_ERR_INTERNAL, NULL, "the built-in working-day calendar failed to load");
    return cal;
}

/* Whether an answer is provisional (past the official calendar, by the ordinary rule), up to
 * when the calendar is official, and which year's arrangement is missing. */
static void render_basis(yw_jw *w, const yw_workcal *cal, bool provisional) {
    char until[11];
    yw_date_format(cal->last_day, until);
    yw_jw_kbool(w, "provisional", provisional);
    yw_jw_kstr(w, "official_until", until);
    yw_jw_key(w, "missing_year");
    if (provisional) yw_jw_int(w, yw_workcal_notice_year(cal->last_day + 1));
    else yw_jw_null(w);
}

static int query_date(yw_http_ctx *c, const char *name, int64_t *out, yw_err *err) {
    return yw_date_parse(yw_query_str(c, name), out, name, err);
}

static int calendar_day(yw_http_ctx *c, yw_err *err) {
    const yw_workcal *cal = calendar(err);
    int64_t day;
    bool work, prov;
    if (!cal || yw_date_parse(c->params[0], &day, "date", err) < 0 ||
        yw_workcal_is_workday(cal, day, &work, &prov, err) < 0)
        return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "date", c->params[0]);
    yw_jw_kbool(&w, "working_day", work);
    render_basis(&w, cal, prov);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int calendar_add(yw_http_ctx *c, yw_err *err) {
    const yw_workcal *cal = calendar(err);
    int64_t from, due;
    bool prov;
    int days = (int)yw_query_int(c, "days", 0);
    if (!cal || query_date(c, "from", &from, err) < 0) return -1;
    if (yw_workcal_add(cal, from, days, &due, &prov, err) < 0) return -1;
    char text[11];
    yw_date_format(due, text);
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "from", yw_query_str(c, "from"));
    yw_jw_kint(&w, "working_days", days);
    yw_jw_kstr(&w, "due", text);
    render_basis(&w, cal, prov);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int calendar_count(yw_http_ctx *c, yw_err *err) {
    const yw_workcal *cal = calendar(err);
    int64_t from, to, n;
    bool prov;
    if (!cal || query_date(c, "from", &from, err) < 0 || query_date(c, "to", &to, err) < 0) return -1;
    if (yw_workcal_count(cal, from, to, &n, &prov, err) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "from", yw_query_str(c, "from"));
    yw_jw_kstr(&w, "to", yw_query_str(c, "to"));
    yw_jw_kint(&w, "working_days", n);
    render_basis(&w, cal, prov);
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
static const yw_field_spec add_query[] = {YW_STR("from", true, 10), YW_INT("days", true, -3650, 3650), YW_END};
static const yw_field_spec count_query[] = {YW_STR("from", true, 10), YW_STR("to", true, 10), YW_END};

const yw_route yw_api_reference_routes[] = {
    {"GET", "/api/v1/regions", regions, YW_AUTH_PUBLIC, YW_READ, NULL, regions_query, NULL},
    {"GET", "/api/v1/industries", industries, YW_AUTH_PUBLIC, YW_READ, NULL, NULL, NULL},
    {"GET", "/api/v1/calendar/days/:date", calendar_day, YW_AUTH_PUBLIC, YW_READ, NULL, NULL, NULL},
    {"GET", "/api/v1/calendar/add", calendar_add, YW_AUTH_PUBLIC, YW_READ, NULL, add_query, NULL},
    {"GET", "/api/v1/calendar/count", calendar_count, YW_AUTH_PUBLIC, YW_READ, NULL, count_query, NULL},
    {"GET", "/api/v1/validate/uscc/:code", validate_uscc, YW_AUTH_PUBLIC, YW_READ, NULL, NULL, NULL},
    {"GET", "/api/v1/validate/id-number/:code", validate_id_number, YW_AUTH_PUBLIC, YW_READ, NULL, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
