/* Bundles in the store: saving (unless nothing changed), the list, one bundle with its items'
 * names from the catalog, the merged form for a questionnaire's answers, and the demo bundles. */
#include "bundle.h"

#include "../../base/cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/ulid.h"
#include "../core/audit.h"

extern const char yw_embedded_demo_bundles[];
extern const size_t yw_embedded_demo_bundles_len;

static int nomem(yw_op *op) {
    return yw_fail(op->err, YW_E_NOMEM, NULL);
}

/* The canonical content of b, and b read back from it: the domain's own check of it all. */
static int canonical(yw_op *op, const yw_bundle *in, yw_bundle *out, const char **content) {
    yw_buf buf;
    yw_jw w;
    yw_jw_begin(&w, &buf, op->arena);
    yw_bundle_write(&w, in);
    if (buf.failed) return nomem(op);
    json_error_t je;
    json_t *doc = json_loadb(buf.data, buf.len, 0, &je);
    if (!doc) return yw_fail(op->err, YW_E_INTERNAL, NULL);
    int rc = yw_bundle_parse(op->arena, doc, "", out, op->err);
    json_decref(doc);
    *content = buf.data;
    return rc;
}

/* What search reads of a bundle besides its names (src/domain/search/): its description, its
 * questions and its items' names, one a line. Arena text, or NULL when memory runs out. */
static const char *search_text_of(yw_op *op, const yw_bundle *b, const yw_item_view *views) {
    yw_buf t;
    yw_buf_init(&t, op->arena);
    yw_buf_puts(&t, b->name);
    if (b->description) yw_buf_printf(&t, "\n%s", b->description);
    for (int i = 0; i < b->nquestions; i++) yw_buf_printf(&t, "\n%s", b->questions[i].label);
    for (int i = 0; i < b->nitems; i++) yw_buf_printf(&t, "\n%s", views[i].item.name);
    yw_buf_putc(&t, '\0');
    return t.failed ? NULL : t.data;
}

int yw_bundle_save(yw_op *op, const yw_bundle *in, yw_bundle_mode mode, bool *changed) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "edit the bundles") < 0) return -1;
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    yw_bundle b;
    const char *content = NULL;
    if (canonical(op, in, &b, &content) < 0) return -1;
    yw_rows rows;
    if (yw_store_run(op->store, a, "SELECT id FROM departments WHERE code = $1",
                     YW_PARAMS(YW_TEXT_P(b.lead_department)), &rows, NULL, err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(err, YW_E_ITEM_DEPARTMENT_UNKNOWN, "lead_department", b.lead_department);
    const char *department_id = yw_rows_get(&rows, 0, 0);
    int *promised = yw_arena_calloc(a, (size_t)b.nitems + 1, sizeof *promised);
    yw_item_view *views = yw_arena_calloc(a, (size_t)b.nitems + 1, sizeof *views);
    if (!promised || !views) return nomem(op);
    for (int i = 0; i < b.nitems; i++) {
        if (yw_store_run(op->store, a, "SELECT promised_days FROM items WHERE code = $1",
                         YW_PARAMS(YW_TEXT_P(b.items[i].code)), &rows, NULL, err) < 0)
            return -1;
        if (!rows.nrows) {
            const char *f = yw_arena_printf(a, "/items/%d/code", i);
            if (!f) return nomem(op);
            return yw_fail(err, YW_E_BUNDLE_ITEM_UNKNOWN, f, b.items[i].code);
        }
        promised[i] = atoi(yw_rows_get(&rows, 0, 0));
        if (yw_catalog_get(op, b.items[i].code, 0, &views[i]) < 0) return -1;
    }
    /* the form's rules name what some member asks: a misspelt key would otherwise change nothing */
    for (int k = 0; k < b.nfields + b.nmaterials; k++) {
        bool field = k < b.nfields;
        const yw_bundle_ask *ask = field ? &b.fields[k] : &b.materials[k - b.nfields];
        bool asked = false;
        for (int i = 0; i < b.nitems && !asked; i++) {
            const yw_item *it = &views[i].item;
            for (int j = 0; field && j < it->nfields && !asked; j++) asked = strcmp(it->fields[j].key, ask->key) == 0;
            for (int j = 0; !field && j < it->nmaterials && !asked; j++)
                asked = strcmp(it->materials[j].name, ask->name) == 0;
        }
        if (asked) continue;
        const char *f = field ? yw_arena_printf(a, "/fields/%d/key", k) : yw_arena_printf(a, "/materials/%d/name", k - b.nfields);
        if (!f) return nomem(op);
        return field ? yw_fail(err, YW_E_BUNDLE_FIELD_UNKNOWN, f, ask->key)
                     : yw_fail(err, YW_E_BUNDLE_MATERIAL_UNKNOWN, f, ask->name);
    }
    /* the stages must fit the limit even when every item is included: each stage as long as
     * its longest item's promised days */
    if (b.limit_days) {
        int total = 0;
        for (int s = 0; s < b.nstages; s++) {
            int longest = 0;
            for (int i = 0; i < b.nitems; i++) {
                bool in = false;
                for (const char **c = b.stages[s].items; *c && !in; c++) in = strcmp(*c, b.items[i].code) == 0;
                if (in && promised[i] > longest) longest = promised[i];
            }
            total += longest;
        }
        if (total > b.limit_days) return yw_fail(err, YW_E_BUNDLE_OVER_LIMIT, "limit_days", total, b.limit_days);
    }
    if (yw_store_run(op->store, a, "SELECT id, content FROM bundles WHERE code = $1", YW_PARAMS(YW_TEXT_P(b.code)),
                     &rows, NULL, err) < 0)
        return -1;
    bool exists = rows.nrows > 0;
    if (exists && mode == YW_BUNDLE_CREATE) return yw_fail(err, YW_E_BUNDLE_EXISTS, "code", b.code);
    if (!exists && mode == YW_BUNDLE_UPDATE) return yw_fail(err, YW_E_BUNDLE_NOT_FOUND, "code", b.code);
    const char *before = exists ? yw_rows_get(&rows, 0, 1) : NULL;
    char *id = yw_arena_alloc(a, YW_ID_SIZE);
    if (!id) return nomem(op);
    if (exists) {
        snprintf(id, YW_ID_SIZE, "%s", yw_rows_get(&rows, 0, 0));
        if (strcmp(before, content) == 0) {
            if (changed) *changed = false;
            return 0;
        }
    } else {
        yw_ulid_new(id);
    }
    char now[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    const char *search_text = search_text_of(op, &b, views);
    if (!search_text) return nomem(op);
    if (!exists) {
        if (yw_store_run(op->store, a,
                         "INSERT INTO bundles (id, code, name, lead_department_id, content, created_at, updated_at,"
                         " name_en, search_text) VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8)",
                         YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(b.code), YW_TEXT_P(b.name), YW_TEXT_P(department_id),
                                   YW_TEXT_P(content), YW_TEXT_P(now), YW_TEXT_P(b.name_en), YW_TEXT_P(search_text)),
                         NULL, NULL, err) < 0) {
            if (err->code == YW_ERR_CONFLICT) yw_fail(err, YW_E_BUNDLE_EXISTS, "code", b.code);
            return -1;
        }
    } else if (yw_store_run(op->store, a,
                            "UPDATE bundles SET name = $2, lead_department_id = $3, content = $4, updated_at = $5,"
                            " name_en = $6, search_text = $7 WHERE id = $1",
                            YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(b.name), YW_TEXT_P(department_id), YW_TEXT_P(content),
                                      YW_TEXT_P(now), YW_TEXT_P(b.name_en), YW_TEXT_P(search_text)),
                            NULL, NULL, err) < 0) {
        return -1;
    }
    if (yw_audit_append(op, exists ? "bundle.update" : "bundle.create", "bundle", id, before, content) < 0) return -1;
    if (changed) *changed = true;
    return 0;
}

/* The bundle of code from the store, parsed (conditions compiled). */
/* A bundle's definition parsed (its conditions compiled) once per process for its text
 * (base/cache.h): a submission used to parse it again each time. */
static yw_cache bundle_cache = YW_CACHE_INIT(2048, 32u << 20);

static int parse_bundle(yw_arena *a, void *ctx, const void **out, yw_err *err) {
    yw_bundle *b = yw_arena_calloc(a, 1, sizeof *b);
    if (!b) return yw_fail(err, YW_E_NOMEM, NULL);
    json_error_t je;
    json_t *doc = json_loads(ctx, 0, &je);
    if (!doc) return yw_fail(err, YW_E_INTERNAL, NULL);
    int rc = yw_bundle_parse(a, doc, "", b, err);
    json_decref(doc);
    *out = b;
    return rc;
}

static int load(yw_op *op, const char *code, yw_bundle *out, const char **created_at, const char **updated_at,
                const char **department_name) {
    yw_rows rows;
    if (yw_store_run(op->store, op->arena,
                     "SELECT b.content, b.created_at, b.updated_at, d.name FROM bundles b"
                     " JOIN departments d ON d.id = b.lead_department_id WHERE b.code = $1",
                     YW_PARAMS(YW_TEXT_P(code)), &rows, NULL, op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_BUNDLE_NOT_FOUND, "code", code);
    const char *content = yw_rows_get(&rows, 0, 0);
    if (created_at) *created_at = yw_rows_get(&rows, 0, 1);
    if (updated_at) *updated_at = yw_rows_get(&rows, 0, 2);
    if (department_name) *department_name = yw_rows_get(&rows, 0, 3);
    const void *b;
    if (yw_cache_get(&bundle_cache, content, parse_bundle, (void *)content, op->arena, &b, NULL, op->err) < 0)
        return -1;
    *out = *(const yw_bundle *)b; /* shared: its arrays and compiled conditions are read, never written */
    return 0;
}

int yw_bundle_list(yw_op *op, yw_bundle_summary **out, int *count) {
    /* bundles are public: anyone reads them */
    yw_rows rows;
    if (yw_store_run(op->store, op->arena,
                     "SELECT b.content, d.name FROM bundles b JOIN departments d ON d.id = b.lead_department_id"
                     " ORDER BY b.code",
                     0, NULL, &rows, NULL, op->err) < 0)
        return -1;
    yw_bundle_summary *list = yw_arena_calloc(op->arena, (size_t)rows.nrows + 1, sizeof *list);
    if (!list) return nomem(op);
    for (int i = 0; i < rows.nrows; i++) {
        json_error_t je;
        json_t *doc = json_loads(yw_rows_get(&rows, i, 0), 0, &je);
        if (!doc) return yw_fail(op->err, YW_E_INTERNAL, NULL);
        yw_bundle b;
        int rc = yw_bundle_parse(op->arena, doc, "", &b, op->err);
        json_decref(doc);
        if (rc < 0) return -1;
        list[i] = (yw_bundle_summary){.code = b.code,
                                      .name = b.name,
                                      .name_en = b.name_en,
                                      .description = b.description,
                                      .lead_department_code = b.lead_department,
                                      .lead_department_name = yw_rows_get(&rows, i, 1),
                                      .nitems = b.nitems,
                                      .nstages = b.nstages,
                                      .limit_days = b.limit_days};
    }
    *out = list;
    *count = rows.nrows;
    return 0;
}

int yw_bundle_get(yw_op *op, const char *code, yw_bundle_view *out) {
    memset(out, 0, sizeof *out);
    if (load(op, code, &out->bundle, &out->created_at, &out->updated_at, &out->lead_department_name) < 0) return -1;
    int n = out->bundle.nitems;
    out->item_names = yw_arena_calloc(op->arena, (size_t)n + 1, sizeof *out->item_names);
    out->item_departments = yw_arena_calloc(op->arena, (size_t)n + 1, sizeof *out->item_departments);
    if (!out->item_names || !out->item_departments) return nomem(op);
    for (int i = 0; i < n; i++) {
        yw_rows rows;
        if (yw_store_run(op->store, op->arena,
                         "SELECT i.name, d.name FROM items i JOIN departments d ON d.id = i.department_id"
                         " WHERE i.code = $1",
                         YW_PARAMS(YW_TEXT_P(out->bundle.items[i].code)), &rows, NULL, op->err) < 0)
            return -1;
        if (rows.nrows) {
            out->item_names[i] = yw_rows_get(&rows, 0, 0);
            out->item_departments[i] = yw_rows_get(&rows, 0, 1);
        }
    }
    return 0;
}

/* ---- the merged form ---- */

static const char *answer_field(yw_op *op, const char *key) {
    const char *f = yw_arena_printf(op->arena, "/answers/%.48s", key);
    return f ? f : "answers";
}

static int check_answers(yw_op *op, const yw_bundle *b, json_t *answers) {
    const char *key;
    json_t *v;
    json_object_foreach(answers, key, v) {
        int q = 0;
        while (q < b->nquestions && strcmp(b->questions[q].key, key) != 0) q++;
        if (q == b->nquestions) return yw_fail(op->err, YW_E_BUNDLE_ANSWER_UNKNOWN, answer_field(op, key), key);
        const yw_bundle_question *question = &b->questions[q];
        if (question->kind == YW_QUESTION_YES_NO) {
            if (!json_is_boolean(v)) return yw_fail(op->err, YW_E_BUNDLE_ANSWER_KIND, answer_field(op, key), key);
            continue;
        }
        bool offered = false;
        for (const char **o = question->options; json_is_string(v) && o && *o; o++)
            if (strcmp(*o, json_string_value(v)) == 0) offered = true;
        if (!offered) {
            yw_buf list;
            yw_buf_init(&list, op->arena);
            for (const char **o = question->options; o && *o; o++)
                yw_buf_printf(&list, "%s%s", o == question->options ? "" : ", ", *o);
            yw_buf_putc(&list, '\0');
            if (list.failed) return nomem(op);
            return yw_fail(op->err, YW_E_BUNDLE_ANSWER_OPTION, answer_field(op, key), key, list.data);
        }
    }
    for (int q = 0; q < b->nquestions; q++)
        if (!json_object_get(answers, b->questions[q].key))
            return yw_fail(op->err, YW_E_BUNDLE_ANSWER_MISSING, answer_field(op, b->questions[q].key),
                           b->questions[q].key);
    return 0;
}

/* Appends code to a NULL-terminated list of room `cap` (the bundle's items bound it). */
static void add_code(const char **list, const char *code) {
    int n = 0;
    while (list[n]) n++;
    list[n] = code;
}

static bool contains(const char **list, const char *s) {
    for (; list && *list; list++)
        if (strcmp(*list, s) == 0) return true;
    return false;
}

/* The options of both: those of a that b offers too. */
static const char **intersect(yw_arena *a, const char **x, const char **y) {
    int n = 0;
    while (x[n]) n++;
    const char **out = yw_arena_calloc(a, (size_t)n + 1, sizeof *out);
    if (!out) return NULL;
    int k = 0;
    for (int i = 0; i < n; i++)
        if (contains(y, x[i])) out[k++] = x[i];
    return out;
}

static int merge_field(yw_op *op, yw_form_field *to, const yw_item_field *f) {
    yw_item_field *m = &to->field;
    m->required = m->required || f->required;
    if (f->has_max_length && (!m->has_max_length || f->max_length < m->max_length)) {
        m->has_max_length = true;
        m->max_length = f->max_length;
    }
    if (f->has_min && (!m->has_min || f->min > m->min)) {
        m->has_min = true;
        m->min = f->min;
    }
    if (f->has_max && (!m->has_max || f->max < m->max)) {
        m->has_max = true;
        m->max = f->max;
    }
    if (m->options && f->options && !(m->options = intersect(op->arena, m->options, f->options))) return nomem(op);
    return 0;
}

static bool same_material(const yw_item_material *x, const yw_item_material *y) {
    if (strcmp(x->name, y->name) == 0) return true;
    return x->cert_type && y->cert_type && strcmp(x->cert_type, y->cert_type) == 0;
}

/* Whether the field of key is asked: yes when the bundle has no entry for it, else when one of
 * its entries holds (asked[], evaluated); *label gets the first holding entry's label, if any. */
static bool field_rule(const yw_bundle *b, const bool *asked, const char *key, const char **label) {
    bool listed = false, holds = false;
    for (int r = 0; r < b->nfields; r++) {
        if (strcmp(b->fields[r].key, key) != 0) continue;
        listed = true;
        if (!asked[r]) continue;
        holds = true;
        if (!*label && b->fields[r].label) *label = b->fields[r].label;
    }
    return !listed || holds;
}

int yw_bundle_form_for(yw_op *op, const char *code, json_t *answers, yw_bundle_form *out) {
    /* bundles are public: anyone asks for a form */
    yw_arena *a = op->arena;
    memset(out, 0, sizeof *out);
    yw_bundle b;
    if (load(op, code, &b, NULL, NULL, NULL) < 0) return -1;
    if (!json_is_object(answers)) return yw_fail(op->err, YW_E_FIELD_TYPE, "answers", "answers", "对象", "an object");
    if (check_answers(op, &b, answers) < 0) return -1;

    yw_item_view *views = yw_arena_calloc(a, (size_t)b.nitems + 1, sizeof *views);
    out->items = yw_arena_calloc(a, (size_t)b.nitems + 1, sizeof *out->items);
    if (!views || !out->items) return nomem(op);
    int nfields_max = 0, nmaterials_max = 0;
    for (int i = 0; i < b.nitems; i++) {
        if (b.items[i].rule) {
            yw_rule_value v;
            if (yw_rule_eval(b.items[i].rule, answers, a, &v, op->err) < 0) return -1;
            if (!yw_rule_truthy(&v)) continue;
        }
        yw_item_view *view = &views[out->nitems];
        if (yw_catalog_get(op, b.items[i].code, 0, view) < 0) return -1;
        const char *stage = NULL;
        int stage_index = 0;
        for (int s = 0; s < b.nstages && !stage; s++)
            if (contains(b.stages[s].items, b.items[i].code)) {
                stage = b.stages[s].name;
                stage_index = s;
            }
        out->items[out->nitems++] = (yw_form_item){.code = view->item.code,
                                                   .name = view->item.name,
                                                   .department_code = view->item.department,
                                                   .department_name = view->department_name,
                                                   .stage = stage,
                                                   .stage_index = stage_index,
                                                   .version = view->version,
                                                   .promised_days = view->item.promised_days,
                                                   .statutory_days = view->item.statutory_days};
        nfields_max += view->item.nfields;
        nmaterials_max += view->item.nmaterials;
    }

    out->fields = yw_arena_calloc(a, (size_t)nfields_max + 1, sizeof *out->fields);
    out->materials = yw_arena_calloc(a, (size_t)nmaterials_max + 1, sizeof *out->materials);
    if (!out->fields || !out->materials) return nomem(op);
    /* the bundle's rules for these answers: which fields and materials are asked, by which label */
    bool *field_asked = yw_arena_calloc(a, (size_t)b.nfields + 1, sizeof *field_asked);
    bool *material_asked = yw_arena_calloc(a, (size_t)b.nmaterials + 1, sizeof *material_asked);
    if (!field_asked || !material_asked) return nomem(op);
    for (int k = 0; k < b.nfields + b.nmaterials; k++) {
        const yw_bundle_ask *ask = k < b.nfields ? &b.fields[k] : &b.materials[k - b.nfields];
        bool holds = true;
        if (ask->rule) {
            yw_rule_value v;
            if (yw_rule_eval(ask->rule, answers, a, &v, op->err) < 0) return -1;
            holds = yw_rule_truthy(&v);
        }
        if (k < b.nfields) field_asked[k] = holds;
        else material_asked[k - b.nfields] = holds;
    }
    size_t room = (size_t)out->nitems + 1;
    for (int i = 0; i < out->nitems; i++) {
        const yw_item *it = &views[i].item;
        for (int k = 0; k < it->nfields; k++) {
            const yw_item_field *f = &it->fields[k];
            const char *label = NULL;
            if (!field_rule(&b, field_asked, f->key, &label)) continue;
            int j = 0;
            while (j < out->nfields && strcmp(out->fields[j].field.key, f->key) != 0) j++;
            if (j == out->nfields) {
                out->fields[j].field = *f;
                if (label) out->fields[j].field.label = label;
                if (!(out->fields[j].items = yw_arena_calloc(a, room, sizeof(char *)))) return nomem(op);
                out->nfields++;
            } else if (merge_field(op, &out->fields[j], f) < 0) {
                return -1;
            }
            if (!contains(out->fields[j].items, it->code)) add_code(out->fields[j].items, it->code);
        }
        for (int k = 0; k < it->nmaterials; k++) {
            const yw_item_material *m = &it->materials[k];
            bool asked = true;
            for (int r = 0; r < b.nmaterials; r++)
                if (strcmp(b.materials[r].name, m->name) == 0) asked = material_asked[r];
            if (!asked) continue;
            int j = 0;
            while (j < out->nmaterials && !same_material(&out->materials[j].material, m)) j++;
            if (j == out->nmaterials) {
                out->materials[j].material = *m;
                if (!(out->materials[j].items = yw_arena_calloc(a, room, sizeof(char *)))) return nomem(op);
                out->nmaterials++;
            } else if (strcmp(m->requirement, "required") == 0) {
                out->materials[j].material.requirement = m->requirement;
                out->materials[j].material.condition = NULL;
            }
            if (!contains(out->materials[j].items, it->code)) add_code(out->materials[j].items, it->code);
        }
    }

    out->stages = yw_arena_calloc(a, (size_t)b.nstages + 1, sizeof *out->stages);
    if (!out->stages) return nomem(op);
    for (int s = 0; s < b.nstages; s++) {
        yw_form_stage *st = &out->stages[out->nstages++];
        st->name = b.stages[s].name;
        if (!(st->items = yw_arena_calloc(a, room, sizeof(char *)))) return nomem(op);
        for (int i = 0; i < out->nitems; i++)
            if (out->items[i].stage && strcmp(out->items[i].stage, st->name) == 0) {
                add_code(st->items, out->items[i].code);
                if (out->items[i].promised_days > st->promised_days) st->promised_days = out->items[i].promised_days;
            }
        out->total_days += st->promised_days;
    }
    if (!b.nstages)
        for (int i = 0; i < out->nitems; i++)
            if (out->items[i].promised_days > out->total_days) out->total_days = out->items[i].promised_days;
    out->limit_days = b.limit_days;
    return 0;
}

int yw_bundle_demo_load(yw_op *op, int *count, int *created, int *unchanged) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "load the demo bundles") < 0) return -1;
    yw_bundle *list;
    int n;
    if (yw_bundle_file_parse(op->arena, yw_embedded_demo_bundles, yw_embedded_demo_bundles_len, &list, &n, op->err) < 0)
        return -1;
    *count = n;
    *created = *unchanged = 0;
    for (int i = 0; i < n; i++) {
        yw_rows rows;
        if (yw_store_run(op->store, op->arena, "SELECT 1 FROM bundles WHERE code = $1",
                         YW_PARAMS(YW_TEXT_P(list[i].code)), &rows, NULL, op->err) < 0)
            return -1;
        bool changed;
        if (yw_bundle_save(op, &list[i], YW_BUNDLE_UPSERT, &changed) < 0) return -1;
        if (!changed) (*unchanged)++;
        else if (!rows.nrows) (*created)++;
    }
    return 0;
}
