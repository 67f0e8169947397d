/* /api/v1/ledger: importing plans from the browser (with a dry-run preview), the measures with
 * their filters, progress reports with evidence, unit mapping, the monthly dispatch (JSON or
 * CSV) and the evaluation per unit. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "../base/time.h"
#include "../domain/ledger.h"
#include "../domain/ledger_report.h"
#include "../domain/ledger_target.h"
#include "../domain/ledger_track.h"
#include "../domain/plan_parse.h"
#include "http.h"

static void render_strings(yw_jw *w, const char *key, const char **list) {
    yw_jw_key(w, key);
    yw_jw_arr(w);
    for (; list && *list; list++) yw_jw_str(w, *list);
    yw_jw_end(w);
}

static void render_report(yw_jw *w, const yw_ledger_report *r, const yw_plan *p) {
    yw_jw_kint(w, "sections", r->sections);
    yw_jw_kint(w, "measures", r->measures);
    yw_jw_kint(w, "deadlines", r->deadlines);
    yw_jw_kint(w, "units", r->units);
    yw_jw_kint(w, "units_matched", r->units_matched);
    yw_jw_kint(w, "units_unmatched", r->units_unmatched);
    render_strings(w, "unmatched_units", r->unmatched);
    render_strings(w, "annex_units", p->annex_units);
    render_strings(w, "unplaced", p->unplaced);
}

static int import_plan(yw_http_ctx *c, yw_err *err) {
    const char *text = yw_body_str(c, "text");
    int64_t year = yw_body_int(c, "year", 0);
    bool dry = yw_body_bool(c, "dry_run", false);
    const char *name = yw_body_str(c, "filename");
    /* the role first: nobody else learns what a file holds */
    if (yw_actor_require(c->actor, YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN, "import plans into the ledger", err) < 0) return -1;
    if (year < 2000 || year > 2100) return yw_err_set(err, YW_ERR_INVALID, "year", "year must be 2000 to 2100");
    json_t *t = json_object_get(c->body, "text");
    yw_plan plan;
    if (yw_plan_parse(c->arena, text, json_string_length(t), (int)year, &plan, err) < 0) {
        if (err->field[0] && strcmp(err->field, "file") == 0) memcpy(err->field, "text", 5);
        return -1;
    }
    yw_ledger_report r;
    if (yw_ledger_import(c->store, c->arena, c->actor, name, (int)year, &plan, dry, &r, err) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "plan_id", dry ? NULL : r.plan_id);
    yw_jw_kstr(&w, "title", plan.title ? plan.title : name);
    yw_jw_kbool(&w, "dry_run", dry);
    render_report(&w, &r, &plan);
    yw_jw_key(&w, "preview");
    yw_jw_arr(&w);
    for (int i = 0; i < plan.nmeasures; i++) yw_plan_measure_json(&w, &plan.measures[i], false);
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, dry ? 200 : 201, &b, err);
}

static int list_plans(yw_http_ctx *c, yw_err *err) {
    yw_ledger_plan *p;
    int n;
    if (yw_ledger_plans(c->store, c->arena, c->actor, &p, &n, err) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "plans");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "id", p[i].id);
        yw_jw_kstr(&w, "title", p[i].title);
        yw_jw_kint(&w, "year", p[i].year);
        yw_jw_kstr(&w, "source_name", p[i].source_name);
        yw_jw_kstr(&w, "imported_at", p[i].imported_at);
        yw_jw_kint(&w, "measures", p[i].measures);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static void render_measure(yw_jw *w, const yw_measure *m) {
    yw_jw_obj(w);
    yw_jw_kstr(w, "id", m->id);
    yw_jw_kstr(w, "plan_id", m->plan_id);
    yw_jw_kstr(w, "plan_title", m->plan_title);
    yw_jw_kstr(w, "section", m->section);
    yw_jw_key(w, "number");
    if (m->number) yw_jw_int(w, m->number);
    else yw_jw_null(w);
    yw_jw_kstr(w, "title", m->title);
    yw_jw_kstr(w, "due_date", m->due_date);
    yw_jw_kstr(w, "status", m->status);
    yw_jw_kint(w, "percent", m->percent);
    yw_jw_kstr(w, "last_report", m->last_report);
    yw_jw_kbool(w, "overdue", m->overdue);
    yw_jw_kint(w, "overdue_working_days", m->overdue_days);
    render_strings(w, "lead_units", m->lead_units);
    render_strings(w, "responsible_units", m->responsible_units);
}

static int list_measures(yw_http_ctx *c, yw_err *err) {
    yw_measure_filter f = {
        .plan_id = yw_http_query(c, "plan"),
        .unit = yw_http_query(c, "unit"),
        .status = yw_http_query(c, "status"),
        .section = yw_http_query(c, "section"),
    };
    const char *mine = yw_http_query(c, "mine");
    f.mine = mine && strcmp(mine, "0") != 0;
    if (yw_http_query_int(c, "limit", 200, 1, 1000, &f.limit, err) < 0) return -1;
    if (yw_http_query_int(c, "offset", 0, 0, 1000000, &f.offset, err) < 0) return -1;
    yw_measure *m;
    int n, total;
    if (yw_ledger_measures(c->store, c->arena, c->actor, &f, &m, &n, &total, err) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kint(&w, "total", total);
    yw_jw_key(&w, "measures");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        render_measure(&w, &m[i]);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static void render_targets(yw_jw *w, const yw_target *t, int n) {
    yw_jw_key(w, "targets");
    yw_jw_arr(w);
    for (int i = 0; i < n; i++) {
        yw_jw_obj(w);
        yw_jw_kstr(w, "id", t[i].id);
        yw_jw_kstr(w, "name", t[i].name);
        yw_jw_kstr(w, "unit", t[i].unit);
        yw_jw_kstr(w, "target", t[i].target_value);
        yw_jw_kstr(w, "due_date", t[i].due_date);
        yw_jw_key(w, "values");
        yw_jw_arr(w);
        for (int k = 0; k < t[i].nvalues; k++) {
            yw_jw_obj(w);
            yw_jw_kstr(w, "measured_on", t[i].values[k].measured_on);
            yw_jw_kstr(w, "value", t[i].values[k].value);
            yw_jw_end(w);
        }
        yw_jw_end(w);
        yw_jw_end(w);
    }
    yw_jw_end(w);
}

static int get_measure(yw_http_ctx *c, yw_err *err) {
    yw_measure m;
    yw_progress *p;
    yw_target *targets;
    int n, ntargets;
    if (yw_ledger_measure(c->store, c->arena, c->actor, c->params[0], &m, &p, &n, err) < 0) return -1;
    if (yw_ledger_targets(c->store, c->arena, c->actor, c->params[0], &targets, &ntargets, err) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    render_measure(&w, &m);
    yw_jw_kstr(&w, "text", m.body);
    render_targets(&w, targets, ntargets);
    yw_jw_key(&w, "progress");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "id", p[i].id);
        yw_jw_kstr(&w, "reported_on", p[i].reported_on);
        yw_jw_kstr(&w, "status", p[i].status);
        yw_jw_kint(&w, "percent", p[i].percent);
        yw_jw_kstr(&w, "text", p[i].body);
        yw_jw_kstr(&w, "reported_by", p[i].reported_by);
        yw_jw_key(&w, "evidence");
        yw_jw_arr(&w);
        for (int k = 0; p[i].evidence_ids[k]; k++) {
            yw_jw_obj(&w);
            yw_jw_kstr(&w, "id", p[i].evidence_ids[k]);
            yw_jw_kstr(&w, "name", p[i].evidence_names[k]);
            yw_jw_end(&w);
        }
        yw_jw_end(&w);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int report_progress(yw_http_ctx *c, yw_err *err) {
    json_t *ev = json_object_get(c->body, "evidence");
    size_t nev = json_is_array(ev) ? json_array_size(ev) : 0;
    yw_evidence_in *files = yw_arena_calloc(c->arena, nev + 1, sizeof *files);
    if (!files) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
    for (size_t i = 0; i < nev; i++) {
        json_t *e = json_array_get(ev, i), *name = json_object_get(e, "name"), *content = json_object_get(e, "content_base64");
        if (!json_is_string(name) || !json_is_string(content) || json_object_size(e) != 2)
            return yw_err_set(err, YW_ERR_INVALID, "evidence",
                              "each evidence file is {\"name\": string, \"content_base64\": string}");
        size_t b64len = json_string_length(content);
        unsigned char *bytes = yw_arena_alloc(c->arena, b64len / 4 * 3 + 3);
        size_t len;
        if (!bytes) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
        if (sodium_base642bin(bytes, b64len / 4 * 3 + 3, json_string_value(content), b64len, "\r\n", &len, NULL,
                              sodium_base64_VARIANT_ORIGINAL) != 0)
            return yw_err_set(err, YW_ERR_INVALID, "evidence", "evidence file %.100s: content_base64 is not base64",
                              json_string_value(name));
        files[i] = (yw_evidence_in){json_string_value(name), bytes, len};
    }
    yw_progress_new in = {
        .reported_on = yw_body_str(c, "reported_on"),
        .status = yw_body_str(c, "status"),
        .percent = (int)yw_body_int(c, "percent", -1),
        .text = yw_body_str(c, "text"),
        .evidence = files,
        .nevidence = (int)nev,
    };
    char id[27];
    if (yw_ledger_report_progress(c->store, c->arena, c->actor, c->params[0], &in, id, err) < 0) return -1;
    return get_measure(c, err) == 0 ? 0 : -1;
}

static int get_evidence(yw_http_ctx *c, yw_err *err) {
    const char *name;
    unsigned char *bytes;
    size_t len;
    if (yw_ledger_evidence(c->store, c->arena, c->actor, c->params[0], &name, &bytes, &len, err) < 0) return -1;
    /* RFC 6266 with the UTF-8 name percent-encoded */
    yw_buf disp;
    yw_buf_init(&disp, c->arena);
    yw_buf_puts(&disp, "attachment; filename*=UTF-8''");
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p))
            yw_buf_putc(&disp, (char)*p);
        else
            yw_buf_printf(&disp, "%%%02X", *p);
    }
    if (disp.failed) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
    yw_http_set_header(c, "content-disposition", disp.data);
    yw_buf b = {.data = (char *)bytes, .len = len, .cap = len, .arena = c->arena};
    return yw_http_reply(c, 200, "application/octet-stream", &b, err);
}

static int list_units(yw_http_ctx *c, yw_err *err) {
    const char *un = yw_http_query(c, "unmatched");
    yw_ledger_unit *u;
    int n;
    if (yw_ledger_units(c->store, c->arena, c->actor, un && strcmp(un, "0") != 0, &u, &n, err) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "units");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "name", u[i].name);
        yw_jw_kstr(&w, "department_id", u[i].department_id);
        yw_jw_kstr(&w, "department", u[i].department_name);
        yw_jw_kint(&w, "measures", u[i].measures);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int map_unit(yw_http_ctx *c, yw_err *err) {
    int applied;
    if (yw_ledger_map_unit(c->store, c->arena, c->actor, yw_body_str(c, "unit"), yw_body_str(c, "department"), &applied,
                           err) < 0) {
        if (err->code == YW_ERR_NOT_FOUND) memcpy(err->field, "department", 11);
        return -1;
    }
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "unit", yw_body_str(c, "unit"));
    yw_jw_kstr(&w, "department", yw_body_str(c, "department"));
    yw_jw_kint(&w, "applied", applied);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static void render_counts(yw_jw *w, const char *key, const yw_dispatch_counts *n) {
    yw_jw_key(w, key);
    yw_jw_obj(w);
    yw_jw_kint(w, "total", n->total);
    yw_jw_kint(w, "done", n->done);
    yw_jw_kint(w, "in_progress", n->in_progress);
    yw_jw_kint(w, "not_started", n->not_started);
    yw_jw_kint(w, "at_risk", n->at_risk);
    yw_jw_kint(w, "overdue", n->overdue);
    yw_jw_kint(w, "cancelled", n->cancelled);
    yw_jw_end(w);
}

static int dispatch(yw_http_ctx *c, yw_err *err) {
    const char *month = yw_http_query(c, "month"), *format = yw_http_query(c, "format");
    if (!month) return yw_err_set(err, YW_ERR_INVALID, "month", "month is required (YYYY-MM)");
    if (format && strcmp(format, "json") && strcmp(format, "csv") && strcmp(format, "xlsx"))
        return yw_err_set(err, YW_ERR_INVALID, "format", "format must be json, csv or xlsx");
    yw_dispatch d;
    if (yw_ledger_dispatch(c->store, c->arena, c->actor, yw_http_query(c, "plan"), month, &d, err) < 0) return -1;
    yw_buf b;
    if (format && strcmp(format, "csv") == 0) {
        yw_buf_init(&b, c->arena);
        yw_ledger_dispatch_csv(&d, &b);
        const char *disp = yw_arena_printf(c->arena, "attachment; filename=\"dispatch-%s.csv\"", d.month);
        if (!disp) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
        yw_http_set_header(c, "content-disposition", disp);
        return yw_http_reply(c, 200, "text/csv; charset=utf-8", &b, err);
    }
    if (format && strcmp(format, "xlsx") == 0) {
        char *data;
        size_t len;
        if (yw_ledger_dispatch_xlsx(&d, c->arena, &data, &len, err) < 0) return -1;
        const char *disp = yw_arena_printf(c->arena, "attachment; filename=\"dispatch-%s.xlsx\"", d.month);
        if (!disp) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
        yw_http_set_header(c, "content-disposition", disp);
        b = (yw_buf){.data = data, .len = len, .cap = len, .arena = c->arena};
        return yw_http_reply(c, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &b, err);
    }
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "month", d.month);
    yw_jw_kstr(&w, "as_of", d.as_of);
    yw_jw_kstr(&w, "previous_as_of", d.previous_as_of);
    render_counts(&w, "all", &d.all);
    render_counts(&w, "all_previous", &d.all_before);
    yw_jw_key(&w, "units");
    yw_jw_arr(&w);
    for (int i = 0; i < d.nrows; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "unit", d.rows[i].unit);
        yw_jw_kstr(&w, "department", d.rows[i].department);
        render_counts(&w, "now", &d.rows[i].now);
        render_counts(&w, "previous", &d.rows[i].before);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int evaluation(yw_http_ctx *c, yw_err *err) {
    int year;
    if (!yw_http_query(c, "year")) return yw_err_set(err, YW_ERR_INVALID, "year", "year is required");
    if (yw_http_query_int(c, "year", 0, 2000, 2100, &year, err) < 0) return -1;
    yw_evaluation_row *r;
    int n;
    if (yw_ledger_evaluation(c->store, c->arena, c->actor, yw_http_query(c, "plan"), year, &r, &n, err) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kint(&w, "year", year);
    yw_jw_key(&w, "units");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "unit", r[i].unit);
        yw_jw_kstr(&w, "department", r[i].department);
        yw_jw_kint(&w, "total", r[i].total);
        yw_jw_kint(&w, "on_time", r[i].on_time);
        yw_jw_kint(&w, "late", r[i].late);
        yw_jw_kint(&w, "overdue", r[i].overdue);
        yw_jw_kint(&w, "open", r[i].open);
        yw_jw_kint(&w, "cancelled", r[i].cancelled);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int add_target(yw_http_ctx *c, yw_err *err) {
    if (yw_ledger_target_add(c->store, c->arena, c->actor, c->params[0], yw_body_str(c, "name"), yw_body_str(c, "unit"),
                             yw_body_str(c, "target"), yw_body_str(c, "due_date"), NULL, err) < 0)
        return -1;
    return get_measure(c, err);
}

static int add_target_value(yw_http_ctx *c, yw_err *err) {
    if (yw_ledger_target_value(c->store, c->arena, c->actor, c->params[0], yw_body_str(c, "measured_on"),
                               yw_body_str(c, "value"), err) < 0)
        return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "target_id", c->params[0]);
    yw_jw_kstr(&w, "measured_on", yw_body_str(c, "measured_on"));
    yw_jw_kstr(&w, "value", yw_body_str(c, "value"));
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static const yw_field_spec target_body[] = {
    {"name", YW_FIELD_STRING, true, 200},
    {"unit", YW_FIELD_STRING, true, 20},
    {"target", YW_FIELD_STRING, true, 20},
    {"due_date", YW_FIELD_STRING, true, 10},
    {NULL, 0, false, 0},
};

static const yw_field_spec value_body[] = {
    {"measured_on", YW_FIELD_STRING, true, 10},
    {"value", YW_FIELD_STRING, true, 20},
    {NULL, 0, false, 0},
};

static const yw_field_spec import_body[] = {
    {"filename", YW_FIELD_STRING, true, 200},
    {"year", YW_FIELD_INT, true, 0},
    {"text", YW_FIELD_STRING, true, 900 * 1024},
    {"dry_run", YW_FIELD_BOOL, false, 0},
    {NULL, 0, false, 0},
};

static const yw_field_spec progress_body[] = {
    {"reported_on", YW_FIELD_STRING, true, 10},
    {"status", YW_FIELD_STRING, true, 16},
    {"percent", YW_FIELD_INT, true, 0},
    {"text", YW_FIELD_STRING, true, 4000},
    {"evidence", YW_FIELD_OBJECT_ARRAY, false, 10},
    {NULL, 0, false, 0},
};

static const yw_field_spec map_body[] = {
    {"unit", YW_FIELD_STRING, true, 100},
    {"department", YW_FIELD_STRING, true, 100},
    {NULL, 0, false, 0},
};

const yw_route yw_api_ledger_routes[] = {
    {"POST", "/api/v1/ledger/plans", import_plan, YW_AUTH_LOGIN, import_body},
    {"GET", "/api/v1/ledger/plans", list_plans, YW_AUTH_LOGIN, NULL},
    {"GET", "/api/v1/ledger/measures", list_measures, YW_AUTH_LOGIN, NULL},
    {"GET", "/api/v1/ledger/measures/:id", get_measure, YW_AUTH_LOGIN, NULL},
    {"POST", "/api/v1/ledger/measures/:id/progress", report_progress, YW_AUTH_LOGIN, progress_body},
    {"POST", "/api/v1/ledger/measures/:id/targets", add_target, YW_AUTH_LOGIN, target_body},
    {"POST", "/api/v1/ledger/targets/:id/values", add_target_value, YW_AUTH_LOGIN, value_body},
    {"GET", "/api/v1/ledger/evidence/:id", get_evidence, YW_AUTH_LOGIN, NULL},
    {"GET", "/api/v1/ledger/units", list_units, YW_AUTH_LOGIN, NULL},
    {"POST", "/api/v1/ledger/unit-map", map_unit, YW_AUTH_LOGIN, map_body},
    {"GET", "/api/v1/ledger/dispatch", dispatch, YW_AUTH_LOGIN, NULL},
    {"GET", "/api/v1/ledger/evaluation", evaluation, YW_AUTH_LOGIN, NULL},
    {NULL, NULL, NULL, 0, NULL},
};
