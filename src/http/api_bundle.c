/* /api/v1/bundles: bundles (高效办成一件事). Anyone lists them, reads one (its questionnaire, its
 * items with their conditions, its stages) and asks for the merged form for a questionnaire's
 * answers — a read despite its POST: the answers come as a body. Admins create and edit bundles
 * (audited in the domain). */
#include <string.h>

#include "../domain/bundle/bundle.h"
#include "http.h"

static int list_bundles(yw_http_ctx *c, yw_err *err) {
    yw_bundle_summary *list;
    int n;
    if (yw_bundle_list(&c->op, &list, &n) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "bundles");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "code", list[i].code);
        yw_jw_kstr(&w, "name", list[i].name);
        if (list[i].name_en) yw_jw_kstr(&w, "name_en", list[i].name_en);
        if (list[i].description) yw_jw_kstr(&w, "description", list[i].description);
        yw_jw_key(&w, "lead_department");
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "code", list[i].lead_department_code);
        yw_jw_kstr(&w, "name", list[i].lead_department_name);
        yw_jw_end(&w);
        yw_jw_kint(&w, "items", list[i].nitems);
        yw_jw_kint(&w, "stages", list[i].nstages);
        if (list[i].limit_days) yw_jw_kint(&w, "limit_days", list[i].limit_days);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int reply_bundle(yw_http_ctx *c, int status, const char *code, const bool *changed, yw_err *err) {
    yw_bundle_view v;
    if (yw_bundle_get(&c->op, code, &v) < 0) return -1;
    const yw_bundle *bd = &v.bundle;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "code", bd->code);
    yw_jw_kstr(&w, "name", bd->name);
    if (bd->name_en) yw_jw_kstr(&w, "name_en", bd->name_en);
    if (bd->description) yw_jw_kstr(&w, "description", bd->description);
    yw_jw_key(&w, "lead_department");
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "code", bd->lead_department);
    yw_jw_kstr(&w, "name", v.lead_department_name);
    yw_jw_end(&w);
    yw_jw_key(&w, "questions");
    yw_jw_arr(&w);
    for (int i = 0; i < bd->nquestions; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "key", bd->questions[i].key);
        yw_jw_kstr(&w, "label", bd->questions[i].label);
        yw_jw_kstr(&w, "kind", yw_question_kind_text(bd->questions[i].kind));
        if (bd->questions[i].options) yw_jw_kstrs(&w, "options", bd->questions[i].options);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_key(&w, "items");
    yw_jw_arr(&w);
    for (int i = 0; i < bd->nitems; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "code", bd->items[i].code);
        yw_jw_kstr(&w, "name", v.item_names[i]);
        yw_jw_kstr(&w, "department", v.item_departments[i]);
        if (bd->items[i].condition) {
            yw_jw_key(&w, "condition");
            yw_jw_raw(&w, bd->items[i].condition, strlen(bd->items[i].condition));
        }
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_key(&w, "stages");
    yw_jw_arr(&w);
    for (int i = 0; i < bd->nstages; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "name", bd->stages[i].name);
        yw_jw_kstrs(&w, "items", bd->stages[i].items);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    if (bd->limit_days) yw_jw_kint(&w, "limit_days", bd->limit_days);
    /* the merged form's rules, as given */
    for (int kind = 0; kind < 2; kind++) {
        const yw_bundle_ask *asks = kind ? bd->materials : bd->fields;
        int n = kind ? bd->nmaterials : bd->nfields;
        yw_jw_key(&w, kind ? "materials" : "fields");
        yw_jw_arr(&w);
        for (int i = 0; i < n; i++) {
            yw_jw_obj(&w);
            if (asks[i].key) yw_jw_kstr(&w, "key", asks[i].key);
            if (asks[i].name) yw_jw_kstr(&w, "name", asks[i].name);
            if (asks[i].label) yw_jw_kstr(&w, "label", asks[i].label);
            if (asks[i].condition) {
                yw_jw_key(&w, "condition");
                yw_jw_raw(&w, asks[i].condition, strlen(asks[i].condition));
            }
            yw_jw_end(&w);
        }
        yw_jw_end(&w);
    }
    yw_jw_kstr(&w, "created_at", v.created_at);
    yw_jw_kstr(&w, "updated_at", v.updated_at);
    if (changed) yw_jw_kbool(&w, "changed", *changed);
    yw_jw_end(&w);
    return yw_http_reply_json(c, status, &b, err);
}

static int get_bundle(yw_http_ctx *c, yw_err *err) {
    return reply_bundle(c, 200, c->params[0], NULL, err);
}

static int bundle_form(yw_http_ctx *c, yw_err *err) {
    yw_bundle_form f;
    if (yw_bundle_form_for(&c->op, c->params[0], json_object_get(c->body, "answers"), &f) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "fields");
    yw_jw_arr(&w);
    for (int i = 0; i < f.nfields; i++) {
        const yw_item_field *fd = &f.fields[i].field;
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "key", fd->key);
        yw_jw_kstr(&w, "label", fd->label);
        yw_jw_kstr(&w, "type", fd->type);
        yw_jw_kbool(&w, "required", fd->required);
        if (fd->has_max_length) yw_jw_kint(&w, "max_length", fd->max_length);
        if (fd->has_min) yw_jw_kint(&w, "min", fd->min);
        if (fd->has_max) yw_jw_kint(&w, "max", fd->max);
        if (fd->options) yw_jw_kstrs(&w, "options", fd->options);
        yw_jw_kstrs(&w, "items", f.fields[i].items);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_key(&w, "materials");
    yw_jw_arr(&w);
    for (int i = 0; i < f.nmaterials; i++) {
        const yw_item_material *m = &f.materials[i].material;
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "name", m->name);
        yw_jw_kstr(&w, "requirement", m->requirement);
        if (m->condition) yw_jw_kstr(&w, "condition", m->condition);
        yw_jw_kstrs(&w, "accepted_as", m->accepted_as);
        if (m->cert_type) yw_jw_kstr(&w, "cert_type", m->cert_type);
        yw_jw_kstrs(&w, "items", f.materials[i].items);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_key(&w, "items");
    yw_jw_arr(&w);
    for (int i = 0; i < f.nitems; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "code", f.items[i].code);
        yw_jw_kstr(&w, "name", f.items[i].name);
        yw_jw_key(&w, "department");
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "code", f.items[i].department_code);
        yw_jw_kstr(&w, "name", f.items[i].department_name);
        yw_jw_end(&w);
        yw_jw_kint(&w, "promised_days", f.items[i].promised_days);
        yw_jw_kint(&w, "statutory_days", f.items[i].statutory_days);
        if (f.items[i].stage) yw_jw_kstr(&w, "stage", f.items[i].stage);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_key(&w, "stages");
    yw_jw_arr(&w);
    for (int i = 0; i < f.nstages; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "name", f.stages[i].name);
        yw_jw_kstrs(&w, "items", f.stages[i].items);
        yw_jw_kint(&w, "promised_days", f.stages[i].promised_days);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_kint(&w, "total_days", f.total_days);
    if (f.limit_days) yw_jw_kint(&w, "limit_days", f.limit_days);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int save(yw_http_ctx *c, yw_bundle_mode mode, yw_err *err) {
    /* the role first: nobody else learns what the checks think of a body */
    if (yw_op_require(&c->op, YW_ROLE_ADMIN, "edit the bundles") < 0) return -1;
    if (mode == YW_BUNDLE_UPDATE) {
        const char *code = yw_body_str(c, "code");
        if (code && strcmp(code, c->params[0]) != 0) return yw_fail(err, YW_E_BUNDLE_CODE_MISMATCH, "code");
        if (!code && json_object_set_new(c->body, "code", json_string(c->params[0])) < 0)
            return yw_fail(err, YW_E_NOMEM, NULL);
    }
    yw_bundle bd;
    if (yw_bundle_parse(c->arena, c->body, "", &bd, err) < 0) return -1;
    bool changed;
    if (yw_bundle_save(&c->op, &bd, mode, &changed) < 0) return -1;
    return reply_bundle(c, mode == YW_BUNDLE_CREATE ? 201 : 200, bd.code, &changed, err);
}

static int create_bundle(yw_http_ctx *c, yw_err *err) {
    return save(c, YW_BUNDLE_CREATE, err);
}

static int update_bundle(yw_http_ctx *c, yw_err *err) {
    return save(c, YW_BUNDLE_UPDATE, err);
}

static const yw_field_spec form_body[] = {YW_OBJ("answers", true, YW_BUNDLE_QUESTIONS_MAX), YW_END};
static const yw_field_spec question_members[] = {
    YW_STR("key", true, YW_BUNDLE_KEY_MAX),
    YW_STR("label", true, YW_BUNDLE_NAME_MAX),
    YW_ENUM("kind", true, yw_question_kind_texts),
    YW_STRS("options", false, YW_BUNDLE_OPTIONS_MAX),
    YW_END,
};
static const yw_field_spec member_members[] = {
    YW_STR("code", true, YW_ITEM_CODE_MAX),
    YW_JSON_OBJ("condition", false, 16),
    YW_END,
};
static const yw_field_spec field_ask_members[] = {
    YW_STR("key", true, YW_ITEM_KEY_MAX),
    YW_STR("label", false, YW_ITEM_LABEL_MAX),
    YW_JSON_OBJ("condition", false, 16),
    YW_END,
};
static const yw_field_spec material_ask_members[] = {
    YW_STR("name", true, YW_ITEM_NAME_MAX),
    YW_JSON_OBJ("condition", false, 16),
    YW_END,
};
static const yw_field_spec stage_members[] = {
    YW_STR("name", true, YW_BUNDLE_NAME_MAX),
    YW_STRS("items", true, YW_BUNDLE_ITEMS_MAX),
    YW_END,
};
#define BUNDLE_BODY(code_required)                                                                               \
    {                                                                                                            \
        YW_STR("code", code_required, YW_BUNDLE_CODE_MAX), YW_STR("name", true, YW_BUNDLE_NAME_MAX),            \
            YW_STR("name_en", false, YW_BUNDLE_NAME_MAX),                                                        \
            YW_OBJS("fields", false, YW_BUNDLE_ASKS_MAX, field_ask_members),                                     \
            YW_OBJS("materials", false, YW_BUNDLE_ASKS_MAX, material_ask_members),                               \
            YW_TEXT("description", false, YW_BUNDLE_TEXT_MAX), YW_STR("lead_department", true, 32),             \
            YW_OBJS("questions", false, YW_BUNDLE_QUESTIONS_MAX, question_members),                              \
            YW_OBJS("items", true, YW_BUNDLE_ITEMS_MAX, member_members),                                         \
            YW_OBJS("stages", false, YW_BUNDLE_STAGES_MAX, stage_members),                                       \
            YW_INT("limit_days", false, 1, YW_ITEM_DAYS_MAX), YW_END,                                            \
    }
static const yw_field_spec create_body[] = BUNDLE_BODY(true);
static const yw_field_spec update_body[] = BUNDLE_BODY(false);

const yw_route yw_api_bundle_routes[] = {
    {"GET", "/api/v1/bundles", list_bundles, YW_AUTH_PUBLIC, YW_READ, NULL, NULL, NULL},
    {"GET", "/api/v1/bundles/:code", get_bundle, YW_AUTH_PUBLIC, YW_READ, NULL, NULL, NULL},
    /* a read: the answers come as a body, nothing is written */
    {"POST", "/api/v1/bundles/:code/form", bundle_form, YW_AUTH_PUBLIC, YW_READ, form_body, NULL, NULL},
    {"POST", "/api/v1/bundles", create_bundle, YW_AUTH_LOGIN, YW_WRITE, create_body, NULL, NULL},
    {"PUT", "/api/v1/bundles/:code", update_bundle, YW_AUTH_LOGIN, YW_WRITE, update_body, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
