/* Helpers of the tests that drive cases (test_case.c, test_review.c): the demo's actors by
 * login, the clock at 10:00 in Shanghai on a day, the actor and time of an operation, the
 * expected refusal, and a form filled in whole for an item or for the fields of a bundle's
 * merged form. Include after testutil.h. */
#ifndef YW_TESTCASE_H
#define YW_TESTCASE_H

#include "base/json_writer.h"
#include "domain/case/case.h"
#include "domain/catalog/catalog.h"
#include "domain/upload/upload.h"
#include "std/uscc.h"

typedef struct {
    yw_actor person, enterprise, clerk, officer, other_officer, supervisor, admin;
} actors;

/* The actor of a demo account by a condition on accounts, with the given roles. */
static inline void actor_of(yw_store *s, yw_arena *a, const char *where, unsigned roles, yw_actor *out) {
    yw_rows rows;
    yw_err err;
    const char *sql = yw_arena_printf(a, "SELECT id, kind, login, name, department_id FROM accounts WHERE %s", where);
    if (yw_store_query(s, a, sql, YW_NOARGS, &rows, &err) < 0 || rows.nrows != 1) fail_msg("actor %s", where);
    *out = (yw_actor){yw_rows_get(&rows, 0, 0), yw_rows_get(&rows, 0, 1), yw_rows_get(&rows, 0, 2),
                      yw_rows_get(&rows, 0, 3), yw_rows_get(&rows, 0, 4), roles};
}

/* The demo's actors (other_officer: the 税务局's officer) and the demo catalog loaded. */
static inline void setup_actors(yw_store *s, yw_arena *a, actors *x) {
    actor_of(s, a, "kind = 'person'", YW_ROLE_APPLICANT, &x->person);
    actor_of(s, a, "kind = 'enterprise'", YW_ROLE_APPLICANT, &x->enterprise);
    actor_of(s, a, "login = 'clerk'", YW_ROLE_CLERK, &x->clerk);
    actor_of(s, a, "login = 'officer'", YW_ROLE_OFFICER, &x->officer);
    actor_of(s, a, "login = 'officer-sw'", YW_ROLE_OFFICER, &x->other_officer);
    actor_of(s, a, "login = 'supervisor'", YW_ROLE_SUPERVISOR, &x->supervisor);
    actor_of(s, a, "login = 'admin'", YW_ROLE_ADMIN, &x->admin);
    yw_err err;
    yw_op op = yw_op_make(s, a, &yw_actor_system, &err);
    yw_catalog_report r;
    if (TEST_WRITE(s, yw_catalog_demo_load(&op, &r)) < 0) fail_msg("demo catalog: %s", err.message);
}

/* A valid USCC of the demo's shape (91370202MA…) with a serial of its own, check characters
 * computed; arena memory. */
static inline const char *test_uscc(yw_arena *a, int serial) {
    char *u = yw_arena_printf(a, "91370202MA%06dXX", serial);
    if (!u) fail_msg("out of memory");
    u[16] = yw_orgcode_check_char(u + 8);
    u[17] = yw_uscc_check_char(u);
    return u;
}

/* 10:00 in Shanghai on a day */
static inline int64_t at(int y, int m, int d) { return yw_days_from_civil(y, m, d) * 86400000LL + 2 * 3600000LL; }

static inline yw_op *as(yw_op *op, const yw_actor *actor, int64_t now) {
    op->actor = actor;
    op->now_ms = now;
    return op;
}

static inline void refused_with(yw_err *err, const char *reason) {
    if (!err->reason || strcmp(err->reason, reason) != 0)
        fail_msg("expected %s, got %s: %s", reason, err->reason ? err->reason : "(none)", err->message);
}

/* The form of the given fields filled in whole, as JSON text in the arena: each field a valid
 * value of its type (the demo person's ID number, a district of Qingdao, the first option). */
static inline const char *fill_form(yw_arena *a, const yw_item_field *const *fields, int n) {
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, a);
    yw_jw_obj(&w);
    for (int i = 0; i < n; i++) {
        const yw_item_field *f = fields[i];
        if (strcmp(f->type, "number") == 0) yw_jw_kint(&w, f->key, f->has_min ? f->min : 1);
        else if (strcmp(f->type, "date") == 0) yw_jw_kstr(&w, f->key, "2025-09-01");
        else if (strcmp(f->type, "uscc") == 0) yw_jw_kstr(&w, f->key, "91370202MA3CXK7TXN");
        else if (strcmp(f->type, "id_number") == 0) yw_jw_kstr(&w, f->key, "370202199003071233");
        else if (strcmp(f->type, "region") == 0) yw_jw_kstr(&w, f->key, "370202");
        else if (strcmp(f->type, "choice") == 0) yw_jw_kstr(&w, f->key, f->options[0]);
        else if (strcmp(f->type, "mobile") == 0) yw_jw_kstr(&w, f->key, "13900000005");
        else if (strcmp(f->type, "landline") == 0) yw_jw_kstr(&w, f->key, "0532-88886666");
        else if (strcmp(f->type, "postcode") == 0) yw_jw_kstr(&w, f->key, "266071");
        else if (strcmp(f->type, "yuan") == 0) yw_jw_kstr(&w, f->key, "5000.50");
        else yw_jw_kstr(&w, f->key, "测试填写");
    }
    yw_jw_end(&w);
    if (b.failed) fail_msg("out of memory");
    return b.data;
}

/* An item's form filled in whole. */
static inline const char *item_form(yw_store *s, yw_arena *a, const char *code) {
    yw_err err;
    yw_op op = yw_op_make(s, a, &yw_actor_system, &err);
    yw_item_view v;
    if (yw_catalog_get(&op, code, 0, &v) < 0) fail_msg("item %s: %s", code, err.message);
    const yw_item_field **f = yw_arena_calloc(a, (size_t)v.item.nfields + 1, sizeof *f);
    if (!f) fail_msg("out of memory");
    for (int i = 0; i < v.item.nfields; i++) f[i] = &v.item.fields[i];
    return fill_form(a, f, v.item.nfields);
}

/* A small PDF with `text` in it, uploaded as `who`'s; its SHA-256 in the arena. */
static inline const char *upload_pdf(yw_store *s, yw_arena *a, const yw_actor *who, const char *text) {
    /* whole as the sniffer takes one: a header, the trailer with startxref (the comment's
     * offset, inside the file) and %%EOF */
    const char *pdf = yw_arena_printf(a, "%%PDF-1.4\n%% %s\ntrailer << >>\nstartxref\n9\n%%%%EOF\n", text);
    if (!pdf) fail_msg("out of memory");
    yw_upload_new up = {.bytes = pdf, .len = strlen(pdf), .media_type = "application/pdf", .name = "材料.pdf"};
    yw_err err;
    if (yw_upload_prepare(&up, NULL, &err) < 0) fail_msg("prepare: %s", err.message);
    yw_op op = yw_op_make(s, a, who, &err);
    yw_upload_info info;
    if (TEST_WRITE(s, yw_upload_create(&op, &up, &info)) < 0) fail_msg("upload: %s", err.message);
    return yw_arena_strdup(a, up.sha256);
}

/* The required materials as `who` provides them: pledged (告知承诺) where a pledge is accepted,
 * deferred (容缺) where that is, else uploaded (one PDF for all). Arena memory. */
static inline yw_case_material *provide_materials(yw_store *s, yw_arena *a, const yw_actor *who,
                                                  const yw_item_material *const *mats, int n, int *count) {
    yw_case_material *out = yw_arena_calloc(a, (size_t)n + 1, sizeof *out);
    const char *sha = NULL;
    *count = 0;
    for (int i = 0; i < n; i++) {
        const yw_item_material *m = mats[i];
        if (strcmp(m->requirement, "required") != 0) continue;
        bool pledge = false, deferred = false;
        for (const char **w = m->accepted_as; *w; w++) {
            pledge = pledge || strcmp(*w, "pledge") == 0;
            deferred = deferred || strcmp(*w, "deferred") == 0;
        }
        yw_case_material *c = &out[(*count)++];
        c->name = m->name;
        c->provided_as = pledge ? "pledge" : deferred ? "deferred" : "upload";
        if (!pledge && !deferred) c->upload = sha ? sha : (sha = upload_pdf(s, a, who, "yiwang unit test"));
    }
    return out;
}

/* A case for one item, its form filled in and its materials provided by `who`. */
static inline yw_case_submit_in item_case(yw_store *s, yw_arena *a, const yw_actor *who, const char *code) {
    yw_err err;
    yw_op op = yw_op_make(s, a, &yw_actor_system, &err);
    yw_item_view v;
    if (yw_catalog_get(&op, code, 0, &v) < 0) fail_msg("item %s: %s", code, err.message);
    const yw_item_material **m = yw_arena_calloc(a, (size_t)v.item.nmaterials + 1, sizeof *m);
    if (!m) fail_msg("out of memory");
    for (int i = 0; i < v.item.nmaterials; i++) m[i] = &v.item.materials[i];
    yw_case_submit_in in = {.item = code, .form = item_form(s, a, code)};
    yw_case_material *given = provide_materials(s, a, who, m, v.item.nmaterials, &in.nmaterials);
    in.materials = given;
    return in;
}

#endif
