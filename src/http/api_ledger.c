/* /api/v1/ledger: importing plans from the browser (with a dry-run preview), replacing and
 * withdrawing them, the measures with
 * their filters, progress reports with evidence, unit mapping, the monthly dispatch (JSON or
 * CSV) and the evaluation per unit. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "../base/time.h"
#include "../domain/ledger/ledger.h"
#include "http.h"

static void render_report(yw_jw *w, const yw_ledger_report *r, const yw_plan *p) {
    yw_jw_kint(w, "sections", r->sections);
    yw_jw_kint(w, "measures", r->measures);
    yw_jw_kint(w, "deadlines", r->deadlines);
    yw_jw_kint(w, "units", r->units);
    yw_jw_kint(w, "units_matched", r->units_matched);
    yw_jw_kint(w, "units_unmatched", r->units_unmatched);
    yw_jw_kstrs(w, "unmatched_units", r->unmatched);
    yw_jw_kstrs(w, "annex_units", p->annex_units);
    yw_jw_kint(w, "lines_not_placed", r->unplaced);
    /* the lines not placed of every document, in the file's order */
    yw_jw_key(w, "unplaced");
    yw_jw_arr(w);
    for (const yw_plan *d = p; d; d = d->next)
        for (int i = 0; i < d->nunplaced; i++) yw_jw_str(w, d->unplaced[i]);
    yw_jw_end(w);
    /* a notice printing several plans is saved as several plans */
    yw_jw_key(w, "documents");
    yw_jw_arr(w);
    int k = 0;
    for (const yw_plan *d = p; d; d = d->next, k++) {
        yw_jw_obj(w);
        yw_jw_kstr(w, "plan_id", r->plan_ids ? r->plan_ids[k] : NULL);
        yw_jw_kstr(w, "title", d->title);
        yw_jw_kint(w, "measures", d->nmeasures);
        yw_jw_kint(w, "lines_not_placed", d->nunplaced);
        yw_jw_end(w);
    }
    yw_jw_end(w);
}

static int import_plan(yw_http_ctx *c, yw_err *err) {
    const char *text = yw_body_str(c, "text");
    int64_t year = yw_body_int(c, "year", 0);
    bool dry = yw_body_bool(c, "dry_run", false);
    const char *name = yw_body_str(c, "filename");
    const char *replace = yw_body_str(c, "replace");
    /* the role first: nobody else learns what a file holds */
    if (yw_op_require(&c->op, YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN, "import plans into the ledger") < 0) return -1;
    json_t *t = json_object_get(c->body, "text");
    yw_plan plan;
    if (yw_plan_parse_input(c->arena, text, json_string_length(t), (int)year, "text", &plan, err) < 0) return -1;
    yw_ledger_report r;
    yw_ledger_import_in in = {name, (int)year, &plan, dry, replace};
    if (yw_ledger_import(&c->op, &in, &r) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "plan_id", dry ? NULL : r.plan_id);
    yw_jw_kstr(&w, "title", plan.title ? plan.title : name);
    yw_jw_kbool(&w, "dry_run", dry);
    /* a plan of the same title not withdrawn (on a dry run; saving it is 409 plan_exists) */
    yw_jw_kstr(&w, "existing_plan_id", r.existing_plan_id);
    yw_jw_kbool(&w, "replaced", r.replaced);
    yw_jw_kint(&w, "kept", r.kept);
    yw_jw_kint(&w, "changed", r.changed);
    yw_jw_kint(&w, "added", r.added);
    yw_jw_kint(&w, "removed", r.removed);
    render_report(&w, &r, &plan);
    yw_jw_key(&w, "preview");
    yw_jw_arr(&w);
    for (const yw_plan *d = &plan; d; d = d->next)
        for (int i = 0; i < d->nmeasures; i++) yw_plan_measure_json(&w, &d->measures[i], false);
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, dry || replace ? 200 : 201, &b, err);
}

/* A plan with its state and its measures counted by status, its object left open */
static void render_plan_open(yw_jw *w, const yw_ledger_plan *p) {
    yw_jw_obj(w);
    yw_jw_kstr(w, "id", p->id);
    yw_jw_kstr(w, "title", p->title);
    yw_jw_kint(w, "year", p->year);
    yw_jw_kstr(w, "source_name", p->source_name);
    yw_jw_kstr(w, "imported_at", p->imported_at);
    yw_jw_kint(w, "measures", p->measures);
    yw_jw_kstr(w, "state", p->withdrawn_at ? "withdrawn" : "active");
    yw_jw_kstr(w, "replaced_at", p->replaced_at);
    yw_jw_kstr(w, "withdrawn_at", p->withdrawn_at);
    yw_jw_kstr(w, "withdrawn_by", p->withdrawn_by);
    yw_jw_kstr(w, "withdraw_reason", p->withdraw_reason);
    yw_jw_key(w, "counts");
    yw_jw_obj(w);
    yw_jw_kint(w, "not_started", p->not_started);
    yw_jw_kint(w, "in_progress", p->in_progress);
    yw_jw_kint(w, "done", p->done);
    yw_jw_kint(w, "cancelled", p->cancelled);
    yw_jw_end(w);
}

static int withdraw_plan(yw_http_ctx *c, yw_err *err) {
    yw_plan_withdraw in = {c->params[0], yw_body_str(c, "reason")};
    yw_ledger_plan p;
    if (yw_ledger_withdraw(&c->op, &in, &p) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    render_plan_open(&w, &p);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int list_plans(yw_http_ctx *c, yw_err *err) {
    yw_ledger_plan *p;
    int n;
    if (yw_ledger_plans(&c->op, &p, &n) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "plans");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        render_plan_open(&w, &p[i]);
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
    yw_jw_kstr(w, "status", yw_enum_to_text(yw_measure_statuses, (int)m->status));
    yw_jw_kint(w, "percent", m->percent);
    yw_jw_kstr(w, "last_report", m->last_report);
    yw_jw_kbool(w, "overdue", m->overdue);
    yw_jw_kint(w, "overdue_working_days", m->overdue_days);
    yw_jw_kbool(w, "overdue_provisional", m->overdue_provisional);
    yw_jw_kstrs(w, "lead_units", m->lead_units);
    yw_jw_kstrs(w, "responsible_units", m->responsible_units);
    yw_jw_kint(w, "urgings", m->urgings);
    yw_jw_kstr(w, "last_urging", m->last_urging);
    yw_jw_kstr(w, "last_urged_at", m->last_urged_at);
    yw_jw_kstr(w, "returned_reason", m->returned_reason);
    yw_jw_kstr(w, "cancelled_on", m->cancelled_on);
    yw_jw_kstr(w, "cancel_reason", m->cancel_reason);
    yw_jw_kstr(w, "cancelled_by", m->cancelled_by);
}

static int list_measures(yw_http_ctx *c, yw_err *err) {
    yw_measure_filter f = {
        .plan_id = yw_query_str(c, "plan"),
        .unit = yw_query_str(c, "unit"),
        .status = yw_query_str(c, "status"),
        .section = yw_query_str(c, "section"),
        .mine = yw_query_bool(c, "mine", false),
        .limit = (int)yw_query_int(c, "limit", 200),
        .offset = (int)yw_query_int(c, "offset", 0),
    };
    yw_measure *m;
    int n, total;
    yw_ledger_completion done;
    if (yw_ledger_measures(&c->op, &f, &m, &n, &total) < 0 || yw_ledger_completion_of(&c->op, &f, &done) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kint(&w, "total", total);
    /* 完成率 of every measure the filter selects: done of those not cancelled */
    yw_jw_key(&w, "completion");
    yw_jw_obj(&w);
    yw_jw_kint(&w, "measures", done.measures);
    yw_jw_kint(&w, "cancelled", done.cancelled);
    yw_jw_kint(&w, "done", done.done);
    yw_jw_key(&w, "rate");
    if (done.rate >= 0) yw_jw_int(&w, done.rate);
    else yw_jw_null(&w);
    yw_jw_end(&w);
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

static void render_progress(yw_jw *w, const yw_progress *p) {
    yw_jw_obj(w);
    yw_jw_kstr(w, "id", p->id);
    yw_jw_kstr(w, "reported_on", p->reported_on);
    yw_jw_kstr(w, "status", yw_enum_to_text(yw_measure_statuses, (int)p->status));
    yw_jw_kint(w, "percent", p->percent);
    yw_jw_kstr(w, "text", p->body);
    yw_jw_kstr(w, "reported_by", p->reported_by);
    yw_jw_kstr(w, "created_at", p->created_at);
    yw_jw_kbool(w, "returned", p->returned_at != NULL);
    yw_jw_kstr(w, "returned_at", p->returned_at);
    yw_jw_kstr(w, "returned_by", p->returned_by);
    yw_jw_kstr(w, "return_reason", p->return_reason);
    yw_jw_key(w, "evidence");
    yw_jw_arr(w);
    for (int k = 0; p->evidence_ids[k]; k++) {
        yw_jw_obj(w);
        yw_jw_kstr(w, "id", p->evidence_ids[k]);
        yw_jw_kstr(w, "name", p->evidence_names[k]);
        yw_jw_end(w);
    }
    yw_jw_end(w);
    yw_jw_end(w);
}

/* An urging, its object left open (the caller may add to it) */
static void render_urging_open(yw_jw *w, const yw_urging *u) {
    yw_jw_obj(w);
    yw_jw_kstr(w, "id", u->id);
    yw_jw_kstr(w, "measure_id", u->measure_id);
    yw_jw_kstr(w, "note", u->note);
    yw_jw_kstr(w, "urged_by", u->urged_by);
    yw_jw_kstr(w, "created_at", u->created_at);
}

static void render_urging(yw_jw *w, const yw_urging *u) {
    render_urging_open(w, u);
    yw_jw_end(w);
}

static int get_measure(yw_http_ctx *c, yw_err *err) {
    yw_measure m;
    yw_progress *p;
    yw_target *targets;
    yw_urging *urgings;
    int n, ntargets, nurgings;
    if (yw_ledger_measure(&c->op, c->params[0], &m, &p, &n) < 0) return -1;
    if (yw_ledger_targets(&c->op, c->params[0], &targets, &ntargets) < 0) return -1;
    if (yw_ledger_urgings(&c->op, c->params[0], &urgings, &nurgings) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    render_measure(&w, &m);
    yw_jw_kstr(&w, "text", m.body);
    render_targets(&w, targets, ntargets);
    yw_jw_key(&w, "progress");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) render_progress(&w, &p[i]);
    yw_jw_end(&w);
    yw_jw_key(&w, "urging_list");
    yw_jw_arr(&w);
    for (int i = 0; i < nurgings; i++) render_urging(&w, &urgings[i]);
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

/* ---- the task force's actions ---- */

static int return_progress(yw_http_ctx *c, yw_err *err) {
    yw_progress_return in = {c->params[0], yw_body_str(c, "reason")};
    yw_progress written;
    if (yw_ledger_return_progress(&c->op, &in, &written) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    render_progress(&w, &written);
    return yw_http_reply_json(c, 200, &b, err);
}

static int urge_measure(yw_http_ctx *c, yw_err *err) {
    yw_urging_new in = {c->params[0], yw_body_str(c, "note")};
    yw_urging written;
    int count;
    if (yw_ledger_urge(&c->op, &in, &written, &count) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    render_urging_open(&w, &written);
    yw_jw_kint(&w, "urgings", count);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 201, &b, err);
}

static int cancel_measure(yw_http_ctx *c, yw_err *err) {
    yw_measure_cancel in = {c->params[0], yw_body_str(c, "reason")};
    yw_measure written;
    if (yw_ledger_cancel(&c->op, &in, &written) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "id", written.id);
    yw_jw_kstr(&w, "status", yw_enum_to_text(yw_measure_statuses, (int)written.status));
    yw_jw_kstr(&w, "cancelled_on", written.cancelled_on);
    yw_jw_kstr(&w, "cancel_reason", written.cancel_reason);
    yw_jw_kstr(&w, "cancelled_by", written.cancelled_by);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

/* Before the transaction, on an offload thread: the evidence files decoded from base64 and
 * hashed (up to 10 × 512 KiB: too slow for the writer, which holds every write of its batch). */
static int decode_evidence(yw_http_ctx *c, yw_err *err) {
    json_t *ev = json_object_get(c->body, "evidence");
    size_t nev = json_is_array(ev) ? json_array_size(ev) : 0;
    yw_evidence_in *files = yw_arena_calloc(c->arena, nev + 1, sizeof *files);
    if (!files) return yw_fail(err, YW_E_NOMEM, NULL);
    for (size_t i = 0; i < nev; i++) {
        json_t *e = json_array_get(ev, i), *name = json_object_get(e, "name"), *content = json_object_get(e, "content_base64");
        size_t b64len = json_string_length(content);
        unsigned char *bytes = yw_arena_alloc(c->arena, b64len / 4 * 3 + 3);
        size_t len;
        if (!bytes) return yw_fail(err, YW_E_NOMEM, NULL);
        if (sodium_base642bin(bytes, b64len / 4 * 3 + 3, json_string_value(content), b64len, "\r\n", &len, NULL,
                              sodium_base64_VARIANT_ORIGINAL) != 0)
            return yw_fail(err, YW_E_EVIDENCE_NOT_BASE64, yw_arena_printf(c->arena, "/evidence/%zu/content_base64", i),
                           json_string_value(name));
        unsigned char h[crypto_hash_sha256_BYTES];
        char *hex = yw_arena_alloc(c->arena, 2 * sizeof h + 1);
        if (!hex) return yw_fail(err, YW_E_NOMEM, NULL);
        crypto_hash_sha256(h, bytes, len);
        sodium_bin2hex(hex, 2 * sizeof h + 1, h, sizeof h);
        files[i] = (yw_evidence_in){json_string_value(name), bytes, len, hex};
    }
    c->prepared = files;
    return 0;
}

static int report_progress(yw_http_ctx *c, yw_err *err) {
    json_t *ev = json_object_get(c->body, "evidence");
    size_t nev = json_is_array(ev) ? json_array_size(ev) : 0;
    yw_evidence_in *files = c->prepared;
    yw_progress_new in = {
        .measure_id = c->params[0],
        .reported_on = yw_body_str(c, "reported_on"),
        .status = (yw_measure_status)yw_enum_from_text(yw_measure_statuses, yw_body_str(c, "status")),
        .percent = (int)yw_body_int(c, "percent", -1),
        .text = yw_body_str(c, "text"),
        .evidence = files,
        .nevidence = (int)nev,
    };
    yw_progress written;
    if (yw_ledger_report_progress(&c->op, &in, &written) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    render_progress(&w, &written);
    return yw_http_reply_json(c, 201, &b, err);
}

static int get_evidence(yw_http_ctx *c, yw_err *err) {
    const char *name;
    unsigned char *bytes;
    size_t len;
    if (yw_ledger_evidence(&c->op, c->params[0], &name, &bytes, &len) < 0) return -1;
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
    if (disp.failed) return yw_fail(err, YW_E_NOMEM, NULL);
    yw_http_set_header(c, "content-disposition", disp.data);
    yw_buf b = {.data = (char *)bytes, .len = len, .cap = len, .arena = c->arena};
    return yw_http_reply(c, 200, "application/octet-stream", &b, err);
}

static int list_units(yw_http_ctx *c, yw_err *err) {
    yw_ledger_unit *u;
    int n;
    if (yw_ledger_units(&c->op, yw_query_bool(c, "unmatched", false), &u, &n) < 0) return -1;
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
    yw_unit_mapping in = {yw_body_str(c, "unit"), yw_body_str(c, "department")};
    if (yw_ledger_map_unit(&c->op, &in, &applied) < 0) return -1;
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
    const char *month = yw_query_str(c, "month"), *format = yw_query_str(c, "format");
    yw_dispatch d;
    if (yw_ledger_dispatch(&c->op, yw_query_str(c, "plan"), month, &d) < 0) return -1;
    yw_buf b;
    if (format && strcmp(format, "csv") == 0) {
        yw_buf_init(&b, c->arena);
        yw_ledger_dispatch_csv(&d, &b);
        const char *disp = yw_arena_printf(c->arena, "attachment; filename=\"dispatch-%s.csv\"", d.month);
        if (!disp) return yw_fail(err, YW_E_NOMEM, NULL);
        yw_http_set_header(c, "content-disposition", disp);
        return yw_http_reply(c, 200, "text/csv; charset=utf-8", &b, err);
    }
    if (format && strcmp(format, "xlsx") == 0) {
        char *data;
        size_t len;
        if (yw_ledger_dispatch_xlsx(&d, c->arena, &data, &len, err) < 0) return -1;
        const char *disp = yw_arena_printf(c->arena, "attachment; filename=\"dispatch-%s.xlsx\"", d.month);
        if (!disp) return yw_fail(err, YW_E_NOMEM, NULL);
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
    int year = (int)yw_query_int(c, "year", 0);
    yw_evaluation_row *r;
    int n;
    if (yw_ledger_evaluation(&c->op, yw_query_str(c, "plan"), year, &r, &n) < 0) return -1;
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
    yw_target_new in = {c->params[0], yw_body_str(c, "name"), yw_body_str(c, "unit"), yw_body_str(c, "target"),
                        yw_body_str(c, "due_date")};
    yw_target written;
    if (yw_ledger_target_add(&c->op, &in, &written) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    render_targets(&w, &written, 1);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 201, &b, err);
}

static int add_target_value(yw_http_ctx *c, yw_err *err) {
    yw_target_value_new in = {c->params[0], yw_body_str(c, "measured_on"), yw_body_str(c, "value")};
    if (yw_ledger_target_value(&c->op, &in) < 0) return -1;
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
    YW_STR("name", true, 200),
    YW_STR("unit", true, 20),
    YW_STR("target", true, 20),
    YW_STR("due_date", true, 10),
    YW_END,
};

static const yw_field_spec value_body[] = {
    YW_STR("measured_on", true, 10),
    YW_STR("value", true, 20),
    YW_END,
};

static const yw_field_spec import_body[] = {
    YW_STR("filename", true, 200),
    YW_INT("year", true, YW_YEAR_MIN, YW_YEAR_MAX),
    {.name = "text", .type = YW_FIELD_STRING, .required = true, .max = 900 * 1024,
     .flags = YW_TEXT_MULTILINE | YW_TEXT_BLANK_OK},
    YW_BOOL("dry_run", false),
    YW_STR("replace", false, 32),
    YW_END,
};

static const char *const progress_statuses[] = {"in_progress", "done", "cancelled", NULL};

static const yw_field_spec evidence_members[] = {
    YW_STR("name", true, 200),
    {.name = "content_base64", .type = YW_FIELD_STRING, .required = true, .max = 4 * (YW_EVIDENCE_MAX_BYTES / 3 + 1) + 64,
     .flags = YW_TEXT_MULTILINE},
    YW_END,
};

static const yw_field_spec progress_body[] = {
    YW_STR("reported_on", true, 10),
    YW_ENUM("status", true, progress_statuses),
    YW_INT("percent", true, 0, 100),
    YW_TEXT("text", true, 4000),
    YW_FILES("evidence", false, YW_EVIDENCE_MAX_FILES, evidence_members, YW_EVIDENCE_MAX_BYTES),
    YW_END,
};

/* The reason is the domain's to require (its message names what is missing, in the page's
 * language); the router bounds it. */
static const yw_field_spec reason_body[] = {YW_TEXT("reason", false, YW_LEDGER_REASON_MAX), YW_END};
static const yw_field_spec urge_body[] = {YW_TEXT("note", false, YW_LEDGER_REASON_MAX), YW_END};

static const yw_field_spec map_body[] = {
    YW_STR("unit", true, 100),
    YW_STR("department", true, 100),
    YW_END,
};

static const char *const measure_statuses[] = {"not_started", "in_progress", "done", "cancelled", "overdue", NULL};

static const yw_field_spec measures_query[] = {
    YW_STR("plan", false, 32),
    YW_STR("unit", false, 100),
    YW_ENUM("status", false, measure_statuses),
    YW_STR("section", false, 200),
    YW_BOOL("mine", false),
    YW_INT("limit", false, 1, 1000),
    YW_INT("offset", false, 0, 1000000),
    YW_END,
};

static const yw_field_spec units_query[] = {YW_BOOL("unmatched", false), YW_END};

static const char *const formats[] = {"json", "csv", "xlsx", NULL};

static const yw_field_spec dispatch_query[] = {
    YW_STR("month", true, 7),
    YW_STR("plan", false, 32),
    YW_ENUM("format", false, formats),
    YW_END,
};

static const yw_field_spec evaluation_query[] = {
    YW_INT("year", true, YW_YEAR_MIN, YW_YEAR_MAX),
    YW_STR("plan", false, 32),
    YW_END,
};

const yw_route yw_api_ledger_routes[] = {
    {"POST", "/api/v1/ledger/plans", import_plan, YW_AUTH_LOGIN, YW_WRITE, import_body, NULL, NULL},
    {"GET", "/api/v1/ledger/plans", list_plans, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {"POST", "/api/v1/ledger/plans/:id/withdraw", withdraw_plan, YW_AUTH_LOGIN, YW_WRITE, reason_body, NULL, NULL},
    {"GET", "/api/v1/ledger/measures", list_measures, YW_AUTH_LOGIN, YW_READ, NULL, measures_query, NULL},
    {"GET", "/api/v1/ledger/measures/:id", get_measure, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {"POST", "/api/v1/ledger/measures/:id/progress", report_progress, YW_AUTH_LOGIN, YW_WRITE, progress_body, NULL,
     decode_evidence},
    {"POST", "/api/v1/ledger/measures/:id/targets", add_target, YW_AUTH_LOGIN, YW_WRITE, target_body, NULL, NULL},
    {"POST", "/api/v1/ledger/targets/:id/values", add_target_value, YW_AUTH_LOGIN, YW_WRITE, value_body, NULL, NULL},
    {"POST", "/api/v1/ledger/progress/:id/return", return_progress, YW_AUTH_LOGIN, YW_WRITE, reason_body, NULL, NULL},
    {"POST", "/api/v1/ledger/measures/:id/urge", urge_measure, YW_AUTH_LOGIN, YW_WRITE, urge_body, NULL, NULL},
    {"POST", "/api/v1/ledger/measures/:id/cancel", cancel_measure, YW_AUTH_LOGIN, YW_WRITE, reason_body, NULL, NULL},
    {"GET", "/api/v1/ledger/evidence/:id", get_evidence, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {"GET", "/api/v1/ledger/units", list_units, YW_AUTH_LOGIN, YW_READ, NULL, units_query, NULL},
    {"POST", "/api/v1/ledger/unit-map", map_unit, YW_AUTH_LOGIN, YW_WRITE, map_body, NULL, NULL},
    {"GET", "/api/v1/ledger/dispatch", dispatch, YW_AUTH_LOGIN, YW_SCAN, NULL, dispatch_query, NULL},
    {"GET", "/api/v1/ledger/evaluation", evaluation, YW_AUTH_LOGIN, YW_SCAN, NULL, evaluation_query, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
