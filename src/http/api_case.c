/* /api/v1/cases, /api/v1/tasks, /api/v1/inbox, /api/v1/overdue: cases (办件) and their tasks
 * (domain/case/case.h, docs/cases.md). Applicants submit, withdraw, resubmit after corrections
 * and supply deferred materials; clerks find the applicant they file for (/api/v1/applicants),
 * submit on an applicant's behalf, accept and refuse; officers decide their department's tasks
 * from their inbox; supervisors read the overdue counts and each overdue task, and urge one
 * (督办). Every check of role, department and state is the domain's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../domain/bundle/bundle.h"
#include "../domain/case/case.h"
#include "../std/region.h"
#include "http.h"

static const char *const provided_as[] = {"upload", "pledge", "deferred", "certificate", NULL};

static void render_task(yw_jw *w, const yw_task *t) {
    yw_jw_obj(w);
    yw_jw_kstr(w, "id", t->id);
    yw_jw_kstr(w, "case_id", t->case_id);
    yw_jw_kstr(w, "kind", yw_enum_to_text(yw_task_kinds, (int)t->kind));
    yw_jw_kstr(w, "item", t->item_code);
    yw_jw_key(w, "department");
    yw_jw_obj(w);
    yw_jw_kstr(w, "code", t->department_code);
    yw_jw_kstr(w, "name", t->department_name);
    yw_jw_end(w);
    yw_jw_kstr(w, "state", yw_enum_to_text(yw_task_states, (int)t->state));
    yw_jw_kstr(w, "deadline", t->deadline);
    yw_jw_kstr(w, "statutory_deadline", t->statutory_deadline);
    yw_jw_kbool(w, "provisional", t->provisional);
    yw_jw_kstr(w, "color", yw_enum_to_text(yw_task_colors, (int)t->color));
    yw_jw_kstr(w, "paused_on", t->paused_on);
    yw_jw_kint(w, "paused_days", t->paused_days);
    yw_jw_kstr(w, "reason", t->reason);
    yw_jw_kstr(w, "decided_at", t->decided_at);
    yw_jw_kint(w, "stage", t->stage);
    yw_jw_kstr(w, "item_name", t->item_name);
    yw_jw_kstr(w, "case_title", t->case_title);
    yw_jw_kstr(w, "case_number", t->case_number);
    yw_jw_end(w);
}

/* The case's items, and for a bundle in stages each stage with its state: done, open (the
 * stage in progress) or waiting. */
static void render_items(yw_jw *w, const yw_case *k) {
    yw_jw_key(w, "items");
    yw_jw_arr(w);
    bool staged = false;
    for (int i = 0; i < k->nitems; i++) {
        const yw_case_item *it = &k->items[i];
        staged = staged || it->stage_name;
        yw_jw_obj(w);
        yw_jw_kstr(w, "code", it->code);
        yw_jw_kstr(w, "name", it->name);
        yw_jw_kint(w, "version", it->version);
        yw_jw_key(w, "department");
        yw_jw_obj(w);
        yw_jw_kstr(w, "code", it->department_code);
        yw_jw_kstr(w, "name", it->department_name);
        yw_jw_end(w);
        yw_jw_kint(w, "stage", it->stage);
        yw_jw_kstr(w, "stage_name", it->stage_name);
        yw_jw_end(w);
    }
    yw_jw_end(w);
    yw_jw_key(w, "stages");
    yw_jw_arr(w);
    bool started = k->accepted_on != NULL, running = k->state == YW_CASE_IN_PROGRESS;
    for (int i = 0; staged && i < k->nitems; i++) {
        bool seen = false;
        for (int j = 0; j < i; j++) seen = seen || k->items[j].stage == k->items[i].stage;
        if (seen) continue;
        int st = k->items[i].stage;
        yw_jw_obj(w);
        yw_jw_kint(w, "index", st);
        yw_jw_kstr(w, "name", k->items[i].stage_name);
        yw_jw_kstr(w, "state", !started || st > k->stage ? "waiting" : st < k->stage || !running ? "done" : "open");
        yw_jw_end(w);
    }
    yw_jw_end(w);
}

static void render_raw(yw_jw *w, const char *key, const char *json) {
    yw_jw_key(w, key);
    yw_jw_raw(w, json ? json : "{}", json ? strlen(json) : 2);
}

/* A version of a material (an upload, as a material's `upload`) or of a field (its JSON value),
 * or null. */
static void render_version(yw_jw *w, const char *key, bool material, const char *v, const char *name,
                           const char *type, int64_t size) {
    yw_jw_key(w, key);
    if (!v) {
        yw_jw_null(w);
    } else if (material) {
        yw_jw_obj(w);
        yw_jw_kstr(w, "sha256", v);
        yw_jw_kstr(w, "name", name);
        yw_jw_kstr(w, "media_type", type);
        yw_jw_kint(w, "size", size);
        yw_jw_end(w);
    } else {
        yw_jw_raw(w, v, strlen(v));
    }
}

/* What the 补正 notices asked (`corrections`): each material and field with its reason and task,
 * and once answered both versions, the earlier and the given. */
static void render_fixes(yw_jw *w, const yw_case *k) {
    yw_jw_key(w, "corrections_asked");
    yw_jw_arr(w);
    for (int i = 0; i < k->nfixes; i++) {
        const yw_case_fix *f = &k->fixes[i];
        bool material = strcmp(f->kind, "material") == 0;
        yw_jw_obj(w);
        yw_jw_kstr(w, "task_id", f->task_id);
        yw_jw_kstr(w, "kind", f->kind);
        yw_jw_kstr(w, material ? "name" : "key", f->name);
        yw_jw_kstr(w, "reason", f->reason);
        yw_jw_kstr(w, "asked_at", f->asked_at);
        yw_jw_kstr(w, "answered_at", f->answered_at);
        render_version(w, "earlier", material, f->earlier, f->earlier_name, f->earlier_type, f->earlier_size);
        render_version(w, "given", material, f->given, f->given_name, f->given_type, f->given_size);
        yw_jw_end(w);
    }
    yw_jw_end(w);
}

/* The certificate that stands in for a material (免提交): what the case shows of it, with its
 * status now (lapsed when not "valid"); the certificate itself is read through the sharing
 * interface, logged. */
static void render_material_certificate(yw_jw *w, const yw_case_material *m) {
    yw_jw_key(w, "certificate");
    if (!m->certificate) {
        yw_jw_null(w);
        return;
    }
    yw_jw_obj(w);
    yw_jw_kstr(w, "id", m->certificate);
    yw_jw_kstr(w, "identifier", m->certificate_identifier);
    yw_jw_kstr(w, "number", m->certificate_number);
    yw_jw_kstr(w, "type", m->certificate_type);
    yw_jw_kstr(w, "holder", m->certificate_holder);
    yw_jw_kstr(w, "valid_from", m->certificate_valid_from);
    yw_jw_kstr(w, "valid_until", m->certificate_valid_until);
    yw_jw_kstr(w, "status", m->certificate_status);
    yw_jw_kbool(w, "lapsed", strcmp(m->certificate_status, "valid") != 0);
    yw_jw_end(w);
}

static void render_case(yw_jw *w, const yw_case *k, bool whole) {
    yw_jw_obj(w);
    yw_jw_kstr(w, "id", k->id);
    yw_jw_kstr(w, "number", k->number);
    yw_jw_kstr(w, "state", yw_enum_to_text(yw_case_states, (int)k->state));
    yw_jw_kstr(w, "item", k->item_code);
    yw_jw_kint(w, "item_version", k->item_version);
    yw_jw_kstr(w, "bundle", k->bundle_code);
    yw_jw_key(w, "applicant");
    yw_jw_obj(w);
    yw_jw_kstr(w, "id", k->applicant_id);
    yw_jw_kstr(w, "name", k->applicant_name);
    yw_jw_end(w);
    yw_jw_kstr(w, "submitted_by", k->submitted_by);
    yw_jw_kbool(w, "on_behalf", strcmp(k->submitted_by, k->applicant_id) != 0);
    yw_jw_kstr(w, "accepted_on", k->accepted_on);
    yw_jw_kstr(w, "reason", k->reason);
    yw_jw_kstr(w, "created_at", k->created_at);
    yw_jw_kstr(w, "updated_at", k->updated_at);
    yw_jw_kstr(w, "title", k->title ? k->title : k->item_code ? k->item_code : k->bundle_code);
    yw_jw_kint(w, "stage", k->stage);
    yw_jw_kint(w, "limit_days", k->limit_days);
    yw_jw_kstr(w, "deadline", k->deadline);
    yw_jw_kint(w, "corrections", k->corrections);
    yw_jw_kint(w, "owed", k->owed);
    if (whole) {
        render_items(w, k);
        render_raw(w, "answers", k->answers);
        render_raw(w, "form", k->form);
        yw_jw_key(w, "materials");
        yw_jw_arr(w);
        for (int i = 0; i < k->nmaterials; i++) {
            yw_jw_obj(w);
            yw_jw_kstr(w, "name", k->materials[i].name);
            yw_jw_kstr(w, "provided_as", k->materials[i].provided_as);
            yw_jw_kstr(w, "due_date", k->materials[i].due_date);
            yw_jw_kstr(w, "due_reason", k->materials[i].due_reason);
            yw_jw_kstr(w, "supplied_at", k->materials[i].supplied_at);
            yw_jw_kstr(w, "supplied_how", k->materials[i].supplied_how);
            yw_jw_key(w, "supplied_by");
            if (k->materials[i].supplied_by) {
                yw_jw_obj(w);
                yw_jw_kstr(w, "id", k->materials[i].supplied_by);
                yw_jw_kstr(w, "name", k->materials[i].supplied_by_name);
                yw_jw_end(w);
            } else {
                yw_jw_null(w);
            }
            yw_jw_key(w, "upload");
            if (k->materials[i].upload) {
                yw_jw_obj(w);
                yw_jw_kstr(w, "sha256", k->materials[i].upload);
                yw_jw_kstr(w, "name", k->materials[i].upload_name);
                yw_jw_kstr(w, "media_type", k->materials[i].upload_type);
                yw_jw_kint(w, "size", k->materials[i].upload_size);
                yw_jw_end(w);
            } else {
                yw_jw_null(w);
            }
            render_material_certificate(w, &k->materials[i]);
            yw_jw_end(w);
        }
        yw_jw_end(w);
        yw_jw_key(w, "tasks");
        yw_jw_arr(w);
        for (int i = 0; i < k->ntasks; i++) render_task(w, &k->tasks[i]);
        yw_jw_end(w);
        render_fixes(w, k);
        yw_jw_key(w, "events");
        yw_jw_arr(w);
        for (int i = 0; i < k->nevents; i++) {
            const yw_case_event *e = &k->events[i];
            yw_jw_obj(w);
            yw_jw_kstr(w, "at", e->at);
            yw_jw_kstr(w, "by", e->actor_name);
            yw_jw_kstr(w, "task_id", e->task_id);
            yw_jw_kstr(w, "from", e->from_state);
            yw_jw_kstr(w, "to", e->to_state);
            yw_jw_kstr(w, "note", e->note);
            yw_jw_end(w);
        }
        yw_jw_end(w);
    }
    yw_jw_end(w);
}

static int reply_case(yw_http_ctx *c, int status, const yw_case *k, yw_err *err) {
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    render_case(&w, k, true);
    return yw_http_reply_json(c, status, &b, err);
}

/* A declared object member of the body as compact JSON text in the arena, or NULL. */
static const char *body_object(yw_http_ctx *c, const char *name, yw_err *err, bool *failed) {
    json_t *v = json_object_get(c->body, name);
    if (!v || json_is_null(v)) return NULL;
    char *text = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
    const char *copy = text ? yw_arena_strdup(c->arena, text) : NULL;
    free(text);
    if (!copy) {
        *failed = true;
        yw_fail(err, YW_E_NOMEM, NULL);
    }
    return copy;
}

static const char *member_str(json_t *o, const char *name) {
    json_t *v = json_object_get(o, name);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int submit(yw_http_ctx *c, yw_err *err) {
    bool failed = false;
    yw_case_submit_in in = {
        .item = yw_body_str(c, "item"),
        .bundle = yw_body_str(c, "bundle"),
        .on_behalf_of = yw_body_str(c, "on_behalf_of"),
        .answers = body_object(c, "answers", err, &failed),
        .form = body_object(c, "form", err, &failed),
    };
    if (failed) return -1;
    json_t *mats = json_object_get(c->body, "materials");
    size_t n = json_is_array(mats) ? json_array_size(mats) : 0;
    yw_case_material *m = yw_arena_calloc(c->arena, n + 1, sizeof *m);
    if (!m) return yw_fail(err, YW_E_NOMEM, NULL);
    for (size_t i = 0; i < n; i++) {
        m[i].name = member_str(json_array_get(mats, i), "name");
        m[i].provided_as = member_str(json_array_get(mats, i), "provided_as");
        m[i].upload = member_str(json_array_get(mats, i), "upload");
        m[i].certificate = member_str(json_array_get(mats, i), "certificate");
    }
    in.materials = m;
    in.nmaterials = (int)n;
    yw_case k;
    if (yw_case_submit(&c->op, &in, &k) == 0) return reply_case(c, 201, &k, err);
    if (err->code == YW_ERR_INVALID) { /* the answer lists every problem, not the first alone */
        yw_err first = *err;
        yw_err *all;
        int nall;
        if (yw_case_submit_problems(&c->op, &in, &all, &nall) < 0) return -1;
        c->problems = all;
        c->nproblems = nall;
        *err = first;
    }
    return -1;
}

static int accept(yw_http_ctx *c, yw_err *err) {
    json_t *list = json_object_get(c->body, "deferred");
    size_t n = json_is_array(list) ? json_array_size(list) : 0;
    yw_case_deferred *d = yw_arena_calloc(c->arena, n + 1, sizeof *d);
    if (!d) return yw_fail(err, YW_E_NOMEM, NULL);
    for (size_t i = 0; i < n; i++) {
        d[i].material = member_str(json_array_get(list, i), "material");
        d[i].due_date = member_str(json_array_get(list, i), "due_date");
        d[i].due_reason = member_str(json_array_get(list, i), "due_reason");
    }
    yw_case_accept_in in = {.case_id = c->params[0], .deferred = d, .ndeferred = (int)n};
    yw_case k;
    if (yw_case_accept(&c->op, &in, &k) < 0) return -1;
    return reply_case(c, 200, &k, err);
}

typedef int (*act_fn)(yw_op *, const yw_case_act_in *, yw_case *);

/* A declared array of objects as asks (a material's name or a field's key, and a reason). */
static int body_asks(yw_http_ctx *c, const char *list, const char *member, const yw_case_ask **out, int *n,
                     yw_err *err) {
    json_t *a = json_object_get(c->body, list);
    size_t count = json_is_array(a) ? json_array_size(a) : 0;
    yw_case_ask *asks = yw_arena_calloc(c->arena, count + 1, sizeof *asks);
    if (!asks) return yw_fail(err, YW_E_NOMEM, NULL);
    for (size_t i = 0; i < count; i++) {
        asks[i].name = member_str(json_array_get(a, i), member);
        asks[i].reason = member_str(json_array_get(a, i), "reason");
    }
    *out = asks;
    *n = (int)count;
    return 0;
}

static int act(yw_http_ctx *c, act_fn fn, yw_err *err) {
    yw_case_act_in in = {.id = c->params[0]};
    if (c->body) {
        bool failed = false;
        in.reason = yw_body_str(c, "reason");
        in.material = yw_body_str(c, "material");
        in.upload = yw_body_str(c, "upload");
        in.at_window = json_is_true(json_object_get(c->body, "at_window"));
        in.form = body_object(c, "form", err, &failed);
        if (failed) return -1;
        json_t *mats = json_object_get(c->body, "materials");
        /* resubmit: the new files; correct: the materials asked */
        if (fn == yw_case_resubmit) {
            size_t n = json_is_array(mats) ? json_array_size(mats) : 0;
            yw_case_material *m = yw_arena_calloc(c->arena, n + 1, sizeof *m);
            if (!m) return yw_fail(err, YW_E_NOMEM, NULL);
            for (size_t i = 0; i < n; i++) {
                m[i].name = member_str(json_array_get(mats, i), "name");
                m[i].upload = member_str(json_array_get(mats, i), "upload");
                m[i].provided_as = "upload";
            }
            in.materials = m;
            in.nmaterials = (int)n;
        } else if (body_asks(c, "materials", "name", &in.ask_materials, &in.nask_materials, err) < 0 ||
                   body_asks(c, "fields", "key", &in.ask_fields, &in.nask_fields, err) < 0) {
            return -1;
        }
    }
    yw_case k;
    if (fn(&c->op, &in, &k) < 0) return -1;
    return reply_case(c, 200, &k, err);
}

static int refuse(yw_http_ctx *c, yw_err *err) { return act(c, yw_case_refuse, err); }
static int withdraw(yw_http_ctx *c, yw_err *err) { return act(c, yw_case_withdraw, err); }
static int resubmit(yw_http_ctx *c, yw_err *err) { return act(c, yw_case_resubmit, err); }
static int supply(yw_http_ctx *c, yw_err *err) { return act(c, yw_case_supply, err); }
static int approve(yw_http_ctx *c, yw_err *err) { return act(c, yw_task_approve, err); }
static int reject(yw_http_ctx *c, yw_err *err) { return act(c, yw_task_reject, err); }
static int correct(yw_http_ctx *c, yw_err *err) { return act(c, yw_task_correct, err); }

static int get_case(yw_http_ctx *c, yw_err *err) {
    yw_case k;
    if (yw_case_get(&c->op, c->params[0], &k) < 0) return -1;
    return reply_case(c, 200, &k, err);
}

/* The Content-Disposition of a file (RFC 6266): inline or attachment, with its name as UTF-8
 * percent-encoded (filename*), the hash when nobody named it. Arena memory, or NULL. */
static const char *disposition(yw_arena *a, bool attachment, const char *name) {
    yw_buf d;
    yw_buf_init(&d, a);
    yw_buf_puts(&d, attachment ? "attachment; filename*=UTF-8''" : "inline; filename*=UTF-8''");
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p))
            yw_buf_putc(&d, (char)*p);
        else
            yw_buf_printf(&d, "%%%02X", *p);
    }
    return d.failed ? NULL : d.data;
}

/* One file of a case, shown in the page or (download=true) saved under its name. A write route
 * although it is a GET: the opening is logged in the request's transaction, and the bytes go out
 * only after that commits (README.md, "A file that is logged when opened"). Never cached: each
 * opening comes here and is logged. The server's frame rules are narrowed for this answer alone
 * so that the case's page (same origin) shows it in an <iframe>. */
static int case_file(yw_http_ctx *c, yw_err *err) {
    yw_case_file_in in = {c->params[0], c->params[1], c->uploads_dir, yw_query_bool(c, "download", false)};
    yw_case_file f;
    if (yw_case_file_open(&c->op, &in, &f) < 0) return -1;
    const char *disp = disposition(c->arena, in.download, f.name ? f.name : f.file.info.sha256);
    const char *etag = yw_arena_printf(c->arena, "\"%s\"", f.file.info.sha256);
    if (!disp || !etag) return yw_fail(err, YW_E_NOMEM, NULL);
    yw_http_set_header(c, "content-disposition", disp);
    yw_http_set_header(c, "etag", etag);
    yw_http_set_header(c, "x-frame-options", "SAMEORIGIN");
    yw_http_set_header(c, "content-security-policy", "default-src 'none'; img-src 'self'; object-src 'self';"
                                                     " style-src 'unsafe-inline'; frame-ancestors 'self'");
    yw_buf b = {.data = (char *)f.file.bytes, .len = f.file.len, .cap = f.file.len, .arena = c->arena};
    return yw_http_reply(c, 200, f.file.info.media_type, &b, err);
}

/* Who opened the case's files: a role and a department, never a person. */
static int file_views(yw_http_ctx *c, yw_err *err) {
    yw_case_file_view *v;
    int n, total;
    if (yw_case_file_views(&c->op, c->params[0], &v, &n, &total) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kint(&w, "total", total);
    yw_jw_key(&w, "views");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "material", v[i].material);
        yw_jw_kstr(&w, "sha256", v[i].sha256);
        yw_jw_kstr(&w, "file_name", v[i].file_name);
        yw_jw_kstr(&w, "role", v[i].role);
        yw_jw_kstr(&w, "department", v[i].department_name);
        yw_jw_kstr(&w, "at", v[i].at);
        yw_jw_kbool(&w, "download", v[i].download);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int list_cases(yw_http_ctx *c, yw_err *err) {
    yw_case_query q = {
        .mine = yw_query_bool(c, "mine", !yw_actor_has(c->op.actor, YW_ROLE_CLERK | YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN)),
        .state = yw_query_str(c, "state"),
        .waiting = yw_query_bool(c, "waiting", false),
        .limit = (int)yw_query_int(c, "limit", 100),
        .offset = (int)yw_query_int(c, "offset", 0),
    };
    yw_case *list;
    int n, total;
    if (yw_case_list(&c->op, &q, &list, &n, &total) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kint(&w, "total", total);
    yw_jw_key(&w, "cases");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) render_case(&w, &list[i], false);
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

/* Everything waiting for the person at work (core/workitem.h), with counts by colour; an
 * officer's department's tasks also as they were listed before (tasks). */
static int inbox(yw_http_ctx *c, yw_err *err) {
    yw_work_item *items;
    yw_work_counts counts;
    int n, ntasks = 0;
    yw_task *tasks = NULL;
    if (yw_inbox(&c->op, (int)yw_query_int(c, "limit", 50), (int)yw_query_int(c, "offset", 0), &items, &n, &counts) < 0)
        return -1;
    if (yw_actor_has(c->op.actor, YW_ROLE_OFFICER) && yw_case_inbox(&c->op, &tasks, &ntasks) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "counts");
    yw_jw_obj(&w);
    yw_jw_kint(&w, "total", counts.total);
    yw_jw_kint(&w, "green", counts.green);
    yw_jw_kint(&w, "yellow", counts.yellow);
    yw_jw_kint(&w, "red", counts.red);
    yw_jw_kint(&w, "paused", counts.paused);
    yw_jw_kint(&w, "undated", counts.none);
    yw_jw_end(&w);
    yw_jw_key(&w, "items");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        const yw_work_item *it = &items[i];
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "kind", yw_enum_to_text(yw_work_kinds, (int)it->kind));
        yw_jw_kstr(&w, "id", it->id);
        yw_jw_kstr(&w, "case_id", it->case_id);
        yw_jw_kstr(&w, "title", it->title);
        yw_jw_kstr(&w, "detail", it->detail);
        yw_jw_kstr(&w, "department", it->department);
        yw_jw_kstr(&w, "deadline", it->deadline);
        yw_jw_kstr(&w, "color", yw_enum_to_text(yw_work_colors, (int)it->color));
        yw_jw_kint(&w, "urged", it->urged);
        yw_jw_kstr(&w, "number", it->number);
        yw_jw_kstr(&w, "item", it->item);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_key(&w, "tasks");
    yw_jw_arr(&w);
    for (int i = 0; i < ntasks; i++) render_task(&w, &tasks[i]);
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int overdue(yw_http_ctx *c, yw_err *err) {
    yw_case_overdue_row *rows;
    int n;
    if (yw_case_overdue(&c->op, &rows, &n) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "departments");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "code", rows[i].department_code);
        yw_jw_kstr(&w, "name", rows[i].department_name);
        yw_jw_kint(&w, "open", rows[i].open);
        yw_jw_kint(&w, "yellow", rows[i].yellow);
        yw_jw_kint(&w, "red", rows[i].red);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

/* 超期督办: each overdue task (case.h), paged in SQL, with the count of all. */
static int overdue_tasks(yw_http_ctx *c, yw_err *err) {
    yw_overdue_query q = {yw_query_str(c, "department"), (int)yw_query_int(c, "limit", 50),
                          (int)yw_query_int(c, "offset", 0)};
    yw_overdue_task *rows;
    int n, total;
    if (yw_case_overdue_tasks(&c->op, &q, &rows, &n, &total) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kint(&w, "total", total);
    yw_jw_key(&w, "tasks");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        const yw_overdue_task *t = &rows[i];
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "id", t->task_id);
        yw_jw_kstr(&w, "case_id", t->case_id);
        yw_jw_kstr(&w, "case_number", t->case_number);
        yw_jw_kstr(&w, "case_title", t->case_title);
        yw_jw_kstr(&w, "item_name", t->item_name);
        yw_jw_kstr(&w, "kind", t->kind);
        yw_jw_key(&w, "department");
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "code", t->department_code);
        yw_jw_kstr(&w, "name", t->department_name);
        yw_jw_end(&w);
        yw_jw_kstr(&w, "officer", t->officer_name);
        yw_jw_kstr(&w, "deadline", t->deadline);
        yw_jw_kint(&w, "days_over", t->days_over);
        yw_jw_kint(&w, "urged", t->urged);
        yw_jw_kstr(&w, "last_note", t->last_note);
        yw_jw_kstr(&w, "last_urged_at", t->last_urged_at);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

/* 督办: the urging written, with the task's count. */
static int urge(yw_http_ctx *c, yw_err *err) {
    yw_task_urge_in in = {c->params[0], yw_body_str(c, "note")};
    yw_task_urging u;
    if (yw_task_urge(&c->op, &in, &u) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "id", u.id);
    yw_jw_kstr(&w, "task_id", u.task_id);
    yw_jw_kstr(&w, "case_id", u.case_id);
    yw_jw_kstr(&w, "note", u.note);
    yw_jw_kstr(&w, "at", u.at);
    yw_jw_kint(&w, "urged", u.urged);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 201, &b, err);
}

/* 帮办代办: the applicants a clerk finds by ID number, USCC or name (case.h), each with what is
 * known to prefill the form; the registry's record (region by its name too) or null. */
static int applicants(yw_http_ctx *c, yw_err *err) {
    yw_applicant *list;
    int n;
    if (yw_case_applicants(&c->op, yw_query_str(c, "q"), &list, &n) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "applicants");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        const yw_applicant *p = &list[i];
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "account_id", p->account_id);
        yw_jw_kstr(&w, "kind", p->kind);
        yw_jw_kstr(&w, "name", p->name);
        yw_jw_kstr(&w, "id_number", p->id_number);
        yw_jw_kstr(&w, "uscc", p->uscc);
        yw_jw_kstr(&w, "phone", p->phone);
        yw_jw_key(&w, "registry");
        if (p->entity_name) {
            const yw_region *r = yw_region_find(p->region);
            yw_jw_obj(&w);
            yw_jw_kstr(&w, "name", p->entity_name);
            yw_jw_kstr(&w, "legal_rep", p->legal_rep);
            yw_jw_kstr(&w, "region", p->region);
            yw_jw_kstr(&w, "region_name", r ? r->name : NULL);
            yw_jw_kstr(&w, "kind", p->entity_kind);
            yw_jw_kstr(&w, "status", p->entity_status);
            yw_jw_end(&w);
        } else {
            yw_jw_null(&w);
        }
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

/* A figure with up to two decimals, or null when there is none (negative). */
/* The figures as they were last kept (case/figures.c: the job figures.refresh keeps them after
 * every change of a case); `pending` while a refresh waits or runs, so a reader knows newer
 * figures are on their way. A store never refreshed yet computes them once here. */
static int figures(yw_http_ctx *c, yw_err *err) {
    const char *by = yw_query_str(c, "by");
    bool by_bundle = !by || strcmp(by, "bundle") == 0;
    yw_case_figures_kept kept;
    if (yw_case_figures_get(&c->op, by_bundle, &kept) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "by", by_bundle ? "bundle" : "item");
    yw_jw_kstr(&w, "computed_at", kept.computed_at);
    yw_jw_kbool(&w, "pending", kept.pending);
    yw_jw_key(&w, "figures");
    yw_jw_raw(&w, kept.rows_json, strlen(kept.rows_json));
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

/* GET /api/v1/case-status: the public lookup, in two writes as a login is (case.h): the first
 * counts the attempt as a failure and commits; the second looks the case up and forgets the
 * failure when the pair is right. Nothing slow lies between them: the step between is empty. */
static void status_between(void *arg) { (void)arg; }

static int status_done(yw_http_ctx *c, yw_err *err) {
    const yw_case_status_attempt *at = c->then_arg;
    yw_case_status st;
    if (yw_case_status_finish(&c->op, at, &st) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "number", st.number);
    yw_jw_kstr(&w, "title", st.title);
    yw_jw_kstr(&w, "state", yw_enum_to_text(yw_case_states, (int)st.state));
    yw_jw_kstr(&w, "state_text", c->english ? st.state_en : st.state_zh);
    yw_jw_kstr(&w, "submitted_on", st.submitted_on);
    yw_jw_kstr(&w, "accepted_on", st.accepted_on);
    yw_jw_kstr(&w, "deadline", st.deadline);
    yw_jw_key(&w, "steps");
    yw_jw_arr(&w);
    for (int i = 0; i < st.nsteps; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "at", st.steps[i].at);
        yw_jw_kstr(&w, "date", st.steps[i].date);
        yw_jw_kstr(&w, "step", c->english ? st.steps[i].step_en : st.steps[i].step_zh);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int case_status(yw_http_ctx *c, yw_err *err) {
    yw_case_status_attempt *at = yw_arena_calloc(c->arena, 1, sizeof *at);
    if (!at) return yw_fail(err, YW_E_NOMEM, NULL);
    yw_case_status_in in = {yw_query_str(c, "number"), yw_query_str(c, "id_tail"), c->client_address};
    if (yw_case_status_begin(&c->op, &in, at) < 0) return -1;
    yw_http_then(c, status_between, at, status_done);
    return 0;
}

static const yw_field_spec material_members[] = {
    YW_STR("name", true, 200),
    YW_ENUM("provided_as", true, provided_as),
    YW_STR("upload", false, 64),
    YW_STR("certificate", false, 160), /* an id or an identifier (免提交) */
    YW_END,
};
static const yw_field_spec submit_body[] = {
    YW_STR("item", false, YW_ITEM_CODE_MAX),
    YW_STR("bundle", false, YW_BUNDLE_CODE_MAX),
    YW_OBJ("answers", false, YW_CASE_OBJECT_MEMBERS_MAX),
    YW_OBJ("form", false, YW_CASE_OBJECT_MEMBERS_MAX),
    YW_OBJS("materials", false, YW_CASE_MATERIALS_MAX, material_members),
    YW_STR("on_behalf_of", false, 64),
    YW_END,
};
static const yw_field_spec deferred_members[] = {
    YW_STR("material", true, 200),
    YW_STR("due_date", true, 10),
    YW_TEXT("due_reason", false, YW_CASE_REASON_MAX),
    YW_END,
};
static const yw_field_spec accept_body[] = {YW_OBJS("deferred", false, YW_CASE_MATERIALS_MAX, deferred_members), YW_END};
static const yw_field_spec reason_body[] = {YW_TEXT("reason", true, YW_CASE_REASON_MAX), YW_END};
static const yw_field_spec supply_body[] = {YW_STR("material", true, 200), YW_STR("upload", false, 64),
                                            YW_BOOL("at_window", false), YW_END};
/* 补正: the overall note, and what the notice names — materials to replace, form fields to correct */
static const yw_field_spec ask_material_members[] = {
    YW_STR("name", true, 200),
    YW_TEXT("reason", true, YW_CASE_REASON_MAX),
    YW_END,
};
static const yw_field_spec ask_field_members[] = {
    YW_STR("key", true, 64),
    YW_TEXT("reason", true, YW_CASE_REASON_MAX),
    YW_END,
};
static const yw_field_spec correct_body[] = {
    YW_TEXT("reason", true, YW_CASE_REASON_MAX),
    YW_OBJS("materials", false, YW_CASE_ASKS_MAX, ask_material_members),
    YW_OBJS("fields", false, YW_CASE_ASKS_MAX, ask_field_members),
    YW_END,
};
/* 重新提交: a new file for each material asked, a value for each field asked */
static const yw_field_spec answer_members[] = {
    YW_STR("name", true, 200),
    YW_STR("upload", true, 64),
    YW_END,
};
static const yw_field_spec resubmit_body[] = {
    YW_OBJS("materials", false, YW_CASE_ASKS_MAX, answer_members),
    YW_OBJ("form", false, YW_CASE_ASKS_MAX),
    YW_END,
};
static const char *const case_states[] = {"submitted", "accepted", "refused", "in_progress", "completed",
                                          "partly_completed", "rejected", "withdrawn", NULL};
static const char *const figure_groups[] = {"bundle", "item", NULL};
static const yw_field_spec figures_query[] = {YW_ENUM("by", false, figure_groups), YW_END};
static const yw_field_spec list_query[] = {
    YW_BOOL("mine", false),
    YW_ENUM("state", false, case_states),
    YW_BOOL("waiting", false),
    YW_INT("limit", false, 1, YW_CASE_LIST_MAX),
    YW_INT("offset", false, 0, 1000000000),
    YW_END,
};

static const yw_field_spec file_query[] = {YW_BOOL("download", false), YW_END};
/* longer than a number or a tail, so that a slip gets the lookup's own message (case.h) */
static const yw_field_spec status_query[] = {YW_STR("number", true, 64), YW_STR("id_tail", true, 64), YW_END};

static const yw_field_spec overdue_query[] = {YW_STR("department", false, 64),
                                              YW_INT("limit", false, 1, YW_OVERDUE_LIST_MAX),
                                              YW_INT("offset", false, 0, 100000000), YW_END};
static const yw_field_spec urge_body[] = {YW_TEXT("note", true, YW_CASE_REASON_MAX), YW_END};

static const yw_field_spec applicants_query[] = {YW_STR("q", true, YW_APPLICANT_QUERY_MAX), YW_END};

static const yw_field_spec inbox_query[] = {YW_INT("limit", false, 1, YW_INBOX_LIST_MAX),
                                            YW_INT("offset", false, 0, 100000000), YW_END};

const yw_route yw_api_case_routes[] = {
    {"GET", "/api/v1/cases", list_cases, YW_AUTH_LOGIN, YW_READ, NULL, list_query, NULL},
    {"POST", "/api/v1/cases", submit, YW_AUTH_LOGIN, YW_WRITE, submit_body, NULL, NULL},
    {"GET", "/api/v1/cases/:id", get_case, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {"GET", "/api/v1/cases/:id/files/:sha256", case_file, YW_AUTH_LOGIN, YW_WRITE, NULL, file_query, NULL},
    {"GET", "/api/v1/cases/:id/file-views", file_views, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {"POST", "/api/v1/cases/:id/accept", accept, YW_AUTH_LOGIN, YW_WRITE, accept_body, NULL, NULL},
    {"POST", "/api/v1/cases/:id/refuse", refuse, YW_AUTH_LOGIN, YW_WRITE, reason_body, NULL, NULL},
    {"POST", "/api/v1/cases/:id/withdraw", withdraw, YW_AUTH_LOGIN, YW_WRITE, NULL, NULL, NULL},
    {"POST", "/api/v1/cases/:id/resubmit", resubmit, YW_AUTH_LOGIN, YW_WRITE, resubmit_body, NULL, NULL},
    {"POST", "/api/v1/cases/:id/supply", supply, YW_AUTH_LOGIN, YW_WRITE, supply_body, NULL, NULL},
    {"POST", "/api/v1/tasks/:id/approve", approve, YW_AUTH_LOGIN, YW_WRITE, NULL, NULL, NULL},
    {"POST", "/api/v1/tasks/:id/reject", reject, YW_AUTH_LOGIN, YW_WRITE, reason_body, NULL, NULL},
    {"POST", "/api/v1/tasks/:id/correct", correct, YW_AUTH_LOGIN, YW_WRITE, correct_body, NULL, NULL},
    {"GET", "/api/v1/applicants", applicants, YW_AUTH_LOGIN, YW_READ, NULL, applicants_query, NULL},
    {"GET", "/api/v1/inbox", inbox, YW_AUTH_LOGIN, YW_READ, NULL, inbox_query, NULL},
    {"GET", "/api/v1/overdue", overdue, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {"GET", "/api/v1/overdue/tasks", overdue_tasks, YW_AUTH_LOGIN, YW_READ, NULL, overdue_query, NULL},
    {"POST", "/api/v1/tasks/:id/urge", urge, YW_AUTH_LOGIN, YW_WRITE, urge_body, NULL, NULL},
    {"GET", "/api/v1/figures", figures, YW_AUTH_PUBLIC, YW_SCAN, NULL, figures_query, NULL},
    /* public, and a write: its failures are counted in the store */
    {"GET", "/api/v1/case-status", case_status, YW_AUTH_PUBLIC, YW_WRITE, NULL, status_query, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
