/* /api/v1/calendar: the working-day calendar in effect (is a day a working day, a due date N
 * working days on, working days between two dates), each answer saying whether it is
 * provisional (past the official calendar, by the ordinary rule); the years it covers and
 * their arrangements; and an administrator loading a year's official arrangement (with a dry
 * run that checks the file and changes nothing). */
#include <stdlib.h>
#include <string.h>

#include "../base/time.h"
#include "../domain/calendar/calendar.h"
#include "http.h"

static void render_basis(yw_jw *w, const yw_calendar_basis *b) {
    char until[YW_DATE_SIZE];
    yw_date_format(b->official_until, until);
    yw_jw_kbool(w, "provisional", b->provisional);
    yw_jw_kstr(w, "official_until", until);
    yw_jw_key(w, "missing_year");
    if (b->provisional) yw_jw_int(w, b->missing_year);
    else yw_jw_null(w);
}

static int query_date(yw_http_ctx *c, const char *name, int64_t *out, yw_err *err) {
    return yw_date_parse(yw_query_str(c, name), out, name, err);
}

static int calendar_day(yw_http_ctx *c, yw_err *err) {
    yw_calendar_day_in in;
    yw_calendar_day_out out;
    if (yw_date_parse(c->params[0], &in.day, "date", err) < 0 || yw_calendar_day(&c->op, &in, &out) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "date", c->params[0]);
    yw_jw_kbool(&w, "working_day", out.working_day);
    render_basis(&w, &out.basis);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int calendar_add(yw_http_ctx *c, yw_err *err) {
    yw_calendar_add_in in = {.days = (int)yw_query_int(c, "days", 0)};
    yw_calendar_add_out out;
    if (query_date(c, "from", &in.from, err) < 0 || yw_calendar_add(&c->op, &in, &out) < 0) return -1;
    char due[YW_DATE_SIZE];
    yw_date_format(out.due, due);
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "from", yw_query_str(c, "from"));
    yw_jw_kint(&w, "working_days", in.days);
    yw_jw_kstr(&w, "due", due);
    render_basis(&w, &out.basis);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int calendar_count(yw_http_ctx *c, yw_err *err) {
    yw_calendar_count_in in;
    yw_calendar_count_out out;
    if (query_date(c, "from", &in.from, err) < 0 || query_date(c, "to", &in.to, err) < 0 ||
        yw_calendar_count(&c->op, &in, &out) < 0)
        return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "from", yw_query_str(c, "from"));
    yw_jw_kstr(&w, "to", yw_query_str(c, "to"));
    yw_jw_kint(&w, "working_days", out.working_days);
    render_basis(&w, &out.basis);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static void render_info(yw_jw *w, const yw_calendar_year_info *y) {
    yw_jw_kint(w, "year", y->year);
    yw_jw_kstr(w, "source", y->loaded ? "loaded" : "built-in");
    yw_jw_kstr(w, "source_name", y->loaded ? y->source_name : NULL);
    yw_jw_kstr(w, "loaded_at", y->loaded ? y->loaded_at : NULL);
    yw_jw_kint(w, "holidays", y->holidays);
    yw_jw_kint(w, "workdays", y->workdays);
}

static void render_days(yw_jw *w, const yw_workcal_year *y) {
    yw_jw_key(w, "days");
    yw_jw_arr(w);
    for (int i = 0; i < y->nrows; i++) {
        char d[YW_DATE_SIZE];
        yw_date_format(y->rows[i].day, d);
        yw_jw_obj(w);
        yw_jw_kstr(w, "date", d);
        yw_jw_kint(w, "weekday", yw_weekday(y->rows[i].day) + 1); /* ISO: 1 Monday … 7 Sunday */
        yw_jw_kstr(w, "kind", y->rows[i].kind == YW_WORKCAL_WORKDAY ? "workday" : "holiday");
        yw_jw_kstr(w, "name", y->rows[i].name);
        yw_jw_end(w);
    }
    yw_jw_end(w);
}

static int list_years(yw_http_ctx *c, yw_err *err) {
    yw_calendar_years_out out;
    if (yw_calendar_years(&c->op, NULL, &out) < 0) return -1;
    char until[YW_DATE_SIZE];
    yw_date_format(out.official_until, until);
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kint(&w, "first_year", out.first_year);
    yw_jw_kint(&w, "last_year", out.last_year);
    yw_jw_kstr(&w, "official_until", until);
    yw_jw_key(&w, "years");
    yw_jw_arr(&w);
    for (int i = 0; i < out.nyears; i++) {
        yw_jw_obj(&w);
        render_info(&w, &out.years[i]);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int get_year(yw_http_ctx *c, yw_err *err) {
    const char *p = c->params[0];
    char *end;
    long year = strtol(p, &end, 10);
    if (strlen(p) != 4 || *end || year < 1000)
        return yw_fail(err, YW_E_FIELD_FORMAT, "year", "year", "四位数字的年份（YYYY）", "a year of four digits, YYYY");
    yw_calendar_year_in in = {(int)year};
    yw_calendar_year_out out;
    if (yw_calendar_year(&c->op, &in, &out) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    render_info(&w, &out.info);
    render_days(&w, &out.arrangement);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int load_year(yw_http_ctx *c, yw_err *err) {
    json_t *tsv = json_object_get(c->body, "tsv");
    yw_calendar_load_in in = {
        .year = (int)yw_body_int(c, "year", 0),
        .tsv = json_string_value(tsv),
        .len = json_string_length(tsv),
        .source_name = yw_body_str(c, "source_name"),
        .dry_run = yw_body_bool(c, "dry_run", false),
    };
    yw_calendar_load_out out;
    if (yw_calendar_load(&c->op, &in, &out) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kint(&w, "year", out.arrangement.year);
    yw_jw_kbool(&w, "dry_run", in.dry_run);
    yw_jw_kbool(&w, "replaced", out.replaced);
    yw_jw_kstr(&w, "replaced_source", !out.replaced ? NULL : out.replaced_loaded ? "loaded" : "built-in");
    yw_jw_kint(&w, "holidays", out.holidays);
    yw_jw_kint(&w, "workdays", out.workdays);
    yw_jw_kint(&w, "last_year", out.last_year);
    render_days(&w, &out.arrangement);
    yw_jw_end(&w);
    return yw_http_reply_json(c, in.dry_run ? 200 : 201, &b, err);
}

static const yw_field_spec add_query[] = {
    YW_STR("from", true, 10), YW_INT("days", true, -YW_CALENDAR_DAYS_MAX, YW_CALENDAR_DAYS_MAX), YW_END};
static const yw_field_spec count_query[] = {YW_STR("from", true, 10), YW_STR("to", true, 10), YW_END};
static const yw_field_spec load_body[] = {
    YW_INT("year", true, YW_WORKCAL_YEAR_MIN, YW_WORKCAL_YEAR_MAX),
    YW_TEXT("tsv", true, YW_WORKCAL_TSV_MAX),
    YW_STR("source_name", false, 200),
    YW_BOOL("dry_run", false),
    YW_END,
};

const yw_route yw_api_calendar_routes[] = {
    {"GET", "/api/v1/calendar/days/:date", calendar_day, YW_AUTH_PUBLIC, YW_READ, NULL, NULL, NULL},
    {"GET", "/api/v1/calendar/add", calendar_add, YW_AUTH_PUBLIC, YW_READ, NULL, add_query, NULL},
    {"GET", "/api/v1/calendar/count", calendar_count, YW_AUTH_PUBLIC, YW_READ, NULL, count_query, NULL},
    {"GET", "/api/v1/calendar/years", list_years, YW_AUTH_PUBLIC, YW_READ, NULL, NULL, NULL},
    {"GET", "/api/v1/calendar/years/:year", get_year, YW_AUTH_PUBLIC, YW_READ, NULL, NULL, NULL},
    {"POST", "/api/v1/calendar/years", load_year, YW_AUTH_LOGIN, YW_WRITE, load_body, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
