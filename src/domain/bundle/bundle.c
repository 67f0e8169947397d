/* A bundle as JSON: the one table of question kinds, the parser that reads and checks a bundle
 * (API bodies, the demo file, stored content) and compiles its conditions, the canonical writer,
 * and the bundles file's parser. Pure: no store. */
#include "bundle.h"

#include <stdlib.h>
#include <string.h>

#include "../../base/enum.h"
#include "../../base/utf8.h"
#include "../../std/industry.h"

static const yw_enum_text question_kinds[] = {
    {YW_QUESTION_YES_NO, "yes_no"},
    {YW_QUESTION_CHOICE, "choice"},
    {0, NULL},
};
const char *const yw_question_kind_texts[] = {"yes_no", "choice", NULL};

const char *yw_question_kind_text(yw_question_kind k) {
    return yw_enum_to_text(question_kinds, (int)k);
}

typedef struct {
    yw_arena *a;
    yw_err *err;
    const char *prefix;
} reader;

/* A member's name in errors: plain at the top of an API body, a pointer otherwise. */
static const char *name_of(reader *r, const char *path) {
    if (!r->prefix[0] && path[0] == '/' && !strchr(path + 1, '/')) return path + 1;
    const char *s = yw_arena_printf(r->a, "%s%s", r->prefix, path);
    return s ? s : path;
}

static int nomem(reader *r) {
    return yw_fail(r->err, YW_E_NOMEM, NULL);
}

static bool has_control(const char *s, bool multiline) {
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c != 0x7f) continue;
        if (multiline && (c == '\n' || c == '\r' || c == '\t')) continue;
        return true;
    }
    return false;
}

static bool is_blank(const char *s) { return yw_utf8_blank(s, strlen(s)); }

/* A string member: required or not, 1..max bytes (0 allowed when min is 0). */
static int get_str(reader *r, json_t *obj, const char *key, const char *path, bool required, size_t max,
                   bool multiline, const char **out) {
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    const char *name = name_of(r, path);
    if (!v || json_is_null(v)) return required ? yw_fail(r->err, YW_E_FIELD_REQUIRED, name, name) : 0;
    if (!json_is_string(v)) return yw_fail(r->err, YW_E_FIELD_TYPE, name, name, "字符串", "a string");
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (strlen(s) != n || has_control(s, multiline)) return yw_fail(r->err, YW_E_FIELD_CONTROL, name, name);
    if (is_blank(s)) return yw_fail(r->err, YW_E_FIELD_BLANK, name, name);
    if (n > max) return yw_fail(r->err, YW_E_FIELD_TOO_LONG, name, name, max);
    char *copy = yw_arena_alloc(r->a, n + 1);
    if (!copy) return nomem(r);
    memcpy(copy, s, n + 1);
    *out = copy;
    return 0;
}

/* An array member: absent is NULL; otherwise an array of at most max elements. */
static int get_array(reader *r, json_t *obj, const char *key, const char *path, bool required, size_t max,
                     json_t **out) {
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    const char *name = name_of(r, path);
    if (!v || json_is_null(v)) return required ? yw_fail(r->err, YW_E_FIELD_REQUIRED, name, name) : 0;
    if (!json_is_array(v)) return yw_fail(r->err, YW_E_FIELD_TYPE, name, name, "数组", "an array");
    if (json_array_size(v) > max) return yw_fail(r->err, YW_E_FIELD_TOO_MANY, name, name, (long long)max);
    *out = v;
    return 0;
}

/* An array of distinct non-blank strings (≤ max_len bytes each), NULL-terminated. */
static int get_strs(reader *r, json_t *arr, const char *path, size_t max_len, const char ***out) {
    size_t n = json_array_size(arr);
    const char **list = yw_arena_calloc(r->a, n + 1, sizeof *list);
    if (!list) return nomem(r);
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(arr, i);
        const char *p = yw_arena_printf(r->a, "%s/%zu", path, i);
        if (!p) return nomem(r);
        const char *name = name_of(r, p);
        if (!json_is_string(e)) return yw_fail(r->err, YW_E_FIELD_TYPE, name, name, "字符串", "a string");
        const char *s = json_string_value(e);
        if (strlen(s) != json_string_length(e) || has_control(s, false))
            return yw_fail(r->err, YW_E_FIELD_CONTROL, name, name);
        if (is_blank(s)) return yw_fail(r->err, YW_E_FIELD_BLANK, name, name);
        if (strlen(s) > max_len) return yw_fail(r->err, YW_E_FIELD_TOO_LONG, name, name, max_len);
        for (size_t j = 0; j < i; j++)
            if (strcmp(list[j], s) == 0) return yw_fail(r->err, YW_E_ITEM_REPEATED, name, s);
        if (!(list[i] = yw_arena_printf(r->a, "%s", s))) return nomem(r);
    }
    *out = list;
    return 0;
}

static int check_members(reader *r, json_t *obj, const char *base, const char *const *known) {
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        const char *const *k = known;
        while (*k && strcmp(*k, key) != 0) k++;
        if (!*k) {
            const char *p = yw_arena_printf(r->a, "%s/%.48s", base, key);
            const char *name = p ? name_of(r, p) : key;
            return yw_fail(r->err, YW_E_FIELD_UNKNOWN, name, name);
        }
    }
    return 0;
}

static bool code_ok(const char *s) {
    size_t n = strlen(s);
    if (n < 2 || n > YW_BUNDLE_CODE_MAX) return false;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.'))
            return false;
    return true;
}

static bool key_ok(const char *s) {
    size_t n = strlen(s);
    if (n < 1 || n > YW_BUNDLE_KEY_MAX || !(*s >= 'a' && *s <= 'z')) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')) return false;
    return true;
}

static const char *const bundle_members[] = {"code",   "name",       "name_en",  "description", "lead_department",
                                             "questions", "items", "stages", "limit_days",  "registry",
                                             "fields", "materials", "industry", NULL};
const char *const yw_bundle_registry_actions[] = {"establish", "change", "deregister", NULL};
static const char *const question_members[] = {"key", "label", "kind", "options", NULL};
static const char *const member_members[] = {"code", "condition", NULL};
static const char *const stage_members[] = {"name", "items", NULL};

static int object_at(reader *r, json_t *v, const char *path) {
    if (json_is_object(v)) return 0;
    const char *name = name_of(r, path);
    return yw_fail(r->err, YW_E_FIELD_TYPE, name, name, "对象", "an object");
}

static int parse_question(reader *r, json_t *q, const char *base, yw_bundle_question *out) {
    if (object_at(r, q, base) < 0 || check_members(r, q, base, question_members) < 0) return -1;
    const char *kind;
    const char *p_key = yw_arena_printf(r->a, "%s/key", base), *p_label = yw_arena_printf(r->a, "%s/label", base),
               *p_kind = yw_arena_printf(r->a, "%s/kind", base), *p_opts = yw_arena_printf(r->a, "%s/options", base);
    if (!p_key || !p_label || !p_kind || !p_opts) return nomem(r);
    if (get_str(r, q, "key", p_key, true, YW_BUNDLE_KEY_MAX, false, &out->key) < 0 ||
        get_str(r, q, "label", p_label, true, YW_BUNDLE_NAME_MAX, false, &out->label) < 0 ||
        get_str(r, q, "kind", p_kind, true, 64, false, &kind) < 0)
        return -1;
    if (!key_ok(out->key)) return yw_fail(r->err, YW_E_BUNDLE_QUESTION_KEY, name_of(r, p_key));
    int k = yw_enum_from_text(question_kinds, kind);
    if (k < 0) {
        const char *name = name_of(r, p_kind);
        return yw_fail(r->err, YW_E_FIELD_VALUE, name, name, "yes_no, choice");
    }
    out->kind = (yw_question_kind)k;
    json_t *opts;
    if (get_array(r, q, "options", p_opts, false, YW_BUNDLE_OPTIONS_MAX, &opts) < 0) return -1;
    if (out->kind == YW_QUESTION_CHOICE && (!opts || !json_array_size(opts)))
        return yw_fail(r->err, YW_E_ITEM_OPTIONS_REQUIRED, name_of(r, p_opts));
    if (out->kind != YW_QUESTION_CHOICE && opts)
        return yw_fail(r->err, YW_E_ITEM_OPTIONS_UNEXPECTED, name_of(r, p_opts));
    out->options = NULL;
    return opts ? get_strs(r, opts, p_opts, YW_BUNDLE_ANSWER_MAX, &out->options) : 0;
}

/* The member "condition" of m (under base), compiled: *condition its canonical text, *rule the
 * rule; both NULL when absent. */
static int parse_condition(reader *r, json_t *m, const char *base, const char **condition, const yw_rule **rule) {
    const char *p_cond = yw_arena_printf(r->a, "%s/condition", base);
    if (!p_cond) return nomem(r);
    *condition = NULL;
    *rule = NULL;
    json_t *cond = json_object_get(m, "condition");
    if (!cond || json_is_null(cond)) return 0;
    char *text = json_dumps(cond, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!text) return nomem(r);
    size_t n = strlen(text);
    char *copy = n <= YW_BUNDLE_CONDITION_MAX ? yw_arena_alloc(r->a, n + 1) : NULL;
    if (copy) memcpy(copy, text, n + 1);
    free(text);
    const char *name = name_of(r, p_cond);
    if (n > YW_BUNDLE_CONDITION_MAX) return yw_fail(r->err, YW_E_FIELD_TOO_LONG, name, name, (size_t)YW_BUNDLE_CONDITION_MAX);
    if (!copy) return nomem(r);
    yw_err rule_err;
    if (yw_rule_compile_json(r->a, cond, rule, &rule_err) < 0) {
        /* the rule's own reason and message, at its node's pointer under the condition */
        const char *field = yw_arena_printf(r->a, "%s%s", name, rule_err.field);
        *r->err = rule_err;
        if (field) {
            size_t fn = strlen(field);
            if (fn >= sizeof r->err->field) fn = sizeof r->err->field - 1;
            memcpy(r->err->field, field, fn);
            r->err->field[fn] = '\0';
        }
        return -1;
    }
    *condition = copy;
    return 0;
}

static int parse_member(reader *r, json_t *m, const char *base, yw_bundle_member *out) {
    if (object_at(r, m, base) < 0 || check_members(r, m, base, member_members) < 0) return -1;
    const char *p_code = yw_arena_printf(r->a, "%s/code", base);
    if (!p_code) return nomem(r);
    if (get_str(r, m, "code", p_code, true, YW_ITEM_CODE_MAX, false, &out->code) < 0) return -1;
    return parse_condition(r, m, base, &out->condition, &out->rule);
}

/* An entry of "fields" ({key, label, condition}) or of "materials" ({name, condition}). */
static int parse_ask(reader *r, json_t *m, const char *base, bool field, yw_bundle_ask *out) {
    static const char *const field_members[] = {"key", "label", "condition", NULL};
    static const char *const material_members[] = {"name", "condition", NULL};
    memset(out, 0, sizeof *out);
    if (object_at(r, m, base) < 0 || check_members(r, m, base, field ? field_members : material_members) < 0) return -1;
    const char *p_key = yw_arena_printf(r->a, "%s/%s", base, field ? "key" : "name"),
               *p_label = yw_arena_printf(r->a, "%s/label", base), *p_cond = yw_arena_printf(r->a, "%s/condition", base);
    if (!p_key || !p_label || !p_cond) return nomem(r);
    if (field) {
        if (get_str(r, m, "key", p_key, true, YW_ITEM_KEY_MAX, false, &out->key) < 0 ||
            get_str(r, m, "label", p_label, false, YW_ITEM_LABEL_MAX, false, &out->label) < 0)
            return -1;
    } else if (get_str(r, m, "name", p_key, true, YW_ITEM_NAME_MAX, false, &out->name) < 0) {
        return -1;
    }
    if (parse_condition(r, m, base, &out->condition, &out->rule) < 0) return -1;
    /* an entry that changes nothing is a mistake: a material needs its condition, a field a
     * condition or a label */
    if (!out->condition && (!field || !out->label)) return yw_fail(r->err, YW_E_BUNDLE_ASK_CONDITION, name_of(r, p_cond));
    return 0;
}

/* Every {"var": NAME} of a compiled condition names a question (or is "", the whole record): a
 * misspelt key would otherwise never match and leave its item out without a word. path is the
 * node's pointer; the rule compiled, so its depth is bounded. Pure. */
static int check_vars(reader *r, const yw_bundle *b, json_t *node, const char *path) {
    if (json_is_array(node)) {
        for (size_t i = 0; i < json_array_size(node); i++) {
            const char *p = yw_arena_printf(r->a, "%s/%zu", path, i);
            if (!p) return nomem(r);
            if (check_vars(r, b, json_array_get(node, i), p) < 0) return -1;
        }
        return 0;
    }
    if (!json_is_object(node)) return 0;
    const char *key;
    json_t *v;
    json_object_foreach(node, key, v) {
        /* the key as a pointer's step: ~ as ~0, / as ~1 (the operator "/") */
        yw_buf step;
        yw_buf_init(&step, r->a);
        yw_buf_puts(&step, path);
        yw_buf_putc(&step, '/');
        for (const char *k = key; *k; k++) yw_buf_puts(&step, *k == '~' ? "~0" : *k == '/' ? "~1" : (char[2]){*k, 0});
        if (step.failed) return nomem(r);
        const char *p = step.data;
        json_t *name = json_is_array(v) ? json_array_get(v, 0) : v;
        if (strcmp(key, "var") == 0 && json_is_string(name) && json_string_length(name) > 0) {
            int q = 0;
            while (q < b->nquestions && strcmp(b->questions[q].key, json_string_value(name)) != 0) q++;
            if (q == b->nquestions) return yw_fail(r->err, YW_E_BUNDLE_CONDITION_VAR, name_of(r, p), json_string_value(name));
        }
        /* inside map, filter, reduce, all, some and none, the rule after the array reads the
         * array's elements, not the answers: only the array is checked */
        static const char *const scoped[] = {"map", "filter", "reduce", "all", "some", "none", NULL};
        bool scope = false;
        for (const char *const *o = scoped; *o; o++) scope = scope || strcmp(*o, key) == 0;
        if (scope && json_is_array(v)) {
            const char *p0 = yw_arena_printf(r->a, "%s/0", p);
            if (!p0) return nomem(r);
            if (check_vars(r, b, json_array_get(v, 0), p0) < 0) return -1;
        } else if (check_vars(r, b, v, p) < 0) {
            return -1;
        }
    }
    return 0;
}

/* base + tail, or base when memory runs out (an error's name only) */
static const char *sub(yw_arena *a, const char *base, const char *tail) {
    const char *s = yw_arena_printf(a, "%s%s", base, tail);
    return s ? s : base;
}

int yw_bundle_parse(yw_arena *a, json_t *obj, const char *prefix, yw_bundle *out, yw_err *err) {
    reader r = {.a = a, .err = err, .prefix = prefix};
    memset(out, 0, sizeof *out);
    if (object_at(&r, obj, "") < 0 || check_members(&r, obj, "", bundle_members) < 0) return -1;
    if (get_str(&r, obj, "code", "/code", true, YW_BUNDLE_CODE_MAX, false, &out->code) < 0) return -1;
    if (!code_ok(out->code)) return yw_fail(err, YW_E_BUNDLE_CODE, name_of(&r, "/code"));
    if (get_str(&r, obj, "name", "/name", true, YW_BUNDLE_NAME_MAX, false, &out->name) < 0 ||
        get_str(&r, obj, "name_en", "/name_en", false, YW_BUNDLE_NAME_MAX, false, &out->name_en) < 0 ||
        get_str(&r, obj, "description", "/description", false, YW_BUNDLE_TEXT_MAX, true, &out->description) < 0 ||
        get_str(&r, obj, "lead_department", "/lead_department", true, 32, false, &out->lead_department) < 0)
        return -1;
    json_t *limit = json_object_get(obj, "limit_days");
    if (limit && !json_is_null(limit)) {
        const char *name = name_of(&r, "/limit_days");
        if (!json_is_integer(limit)) return yw_fail(err, YW_E_FIELD_TYPE, name, name, "整数", "an integer");
        if (json_integer_value(limit) < 1 || json_integer_value(limit) > YW_ITEM_DAYS_MAX)
            return yw_fail(err, YW_E_FIELD_RANGE, name, name, 1LL, (long long)YW_ITEM_DAYS_MAX);
        out->limit_days = (int)json_integer_value(limit);
    }
    if (get_str(&r, obj, "registry", "/registry", false, 16, false, &out->registry) < 0) return -1;
    if (out->registry) {
        bool known = false;
        for (const char *const *v = yw_bundle_registry_actions; *v && !known; v++) known = strcmp(*v, out->registry) == 0;
        if (!known)
            return yw_fail(err, YW_E_FIELD_VALUE, name_of(&r, "/registry"), name_of(&r, "/registry"),
                           "establish, change, deregister");
    }
    /* the industry (GB/T 4754) of an enterprise the bundle establishes, when the form names none */
    if (get_str(&r, obj, "industry", "/industry", false, 8, false, &out->industry) < 0) return -1;
    if (out->industry && yw_industry_validate(out->industry, name_of(&r, "/industry"), err) < 0) return -1;

    json_t *arr;
    if (get_array(&r, obj, "questions", "/questions", false, YW_BUNDLE_QUESTIONS_MAX, &arr) < 0) return -1;
    size_t n = arr ? json_array_size(arr) : 0;
    out->questions = yw_arena_calloc(a, n + 1, sizeof *out->questions);
    if (!out->questions) return nomem(&r);
    for (size_t i = 0; i < n; i++) {
        const char *base = yw_arena_printf(a, "/questions/%zu", i);
        if (!base) return nomem(&r);
        if (parse_question(&r, json_array_get(arr, i), base, &out->questions[i]) < 0) return -1;
        for (size_t j = 0; j < i; j++)
            if (strcmp(out->questions[j].key, out->questions[i].key) == 0)
                return yw_fail(err, YW_E_ITEM_REPEATED, name_of(&r, sub(a, base, "/key")), out->questions[i].key);
        out->nquestions++;
    }

    if (get_array(&r, obj, "items", "/items", true, YW_BUNDLE_ITEMS_MAX, &arr) < 0) return -1;
    n = json_array_size(arr);
    if (!n) return yw_fail(err, YW_E_FIELD_REQUIRED, name_of(&r, "/items"), name_of(&r, "/items"));
    out->items = yw_arena_calloc(a, n + 1, sizeof *out->items);
    if (!out->items) return nomem(&r);
    for (size_t i = 0; i < n; i++) {
        const char *base = yw_arena_printf(a, "/items/%zu", i);
        if (!base) return nomem(&r);
        if (parse_member(&r, json_array_get(arr, i), base, &out->items[i]) < 0) return -1;
        if (out->items[i].rule &&
            check_vars(&r, out, json_object_get(json_array_get(arr, i), "condition"), sub(a, base, "/condition")) < 0)
            return -1;
        for (size_t j = 0; j < i; j++)
            if (strcmp(out->items[j].code, out->items[i].code) == 0)
                return yw_fail(err, YW_E_ITEM_REPEATED, name_of(&r, sub(a, base, "/code")), out->items[i].code);
        out->nitems++;
    }

    if (get_array(&r, obj, "stages", "/stages", false, YW_BUNDLE_STAGES_MAX, &arr) < 0) return -1;
    n = arr ? json_array_size(arr) : 0;
    out->stages = yw_arena_calloc(a, n + 1, sizeof *out->stages);
    bool *staged = yw_arena_calloc(a, (size_t)out->nitems + 1, sizeof *staged);
    if (!out->stages || !staged) return nomem(&r);
    for (size_t i = 0; i < n; i++) {
        json_t *st = json_array_get(arr, i), *items;
        const char *base = yw_arena_printf(a, "/stages/%zu", i), *p_name = yw_arena_printf(a, "/stages/%zu/name", i),
                   *p_items = yw_arena_printf(a, "/stages/%zu/items", i);
        if (!base || !p_name || !p_items) return nomem(&r);
        yw_bundle_stage *s = &out->stages[i];
        if (object_at(&r, st, base) < 0 || check_members(&r, st, base, stage_members) < 0 ||
            get_str(&r, st, "name", p_name, true, YW_BUNDLE_NAME_MAX, false, &s->name) < 0 ||
            get_array(&r, st, "items", p_items, true, YW_BUNDLE_ITEMS_MAX, &items) < 0 ||
            get_strs(&r, items, p_items, YW_ITEM_CODE_MAX, &s->items) < 0)
            return -1;
        if (!s->items[0]) return yw_fail(err, YW_E_FIELD_REQUIRED, name_of(&r, p_items), name_of(&r, p_items));
        for (int k = 0; s->items[k]; k++) {
            int m = 0;
            while (m < out->nitems && strcmp(out->items[m].code, s->items[k]) != 0) m++;
            const char *p = yw_arena_printf(a, "%s/%d", p_items, k);
            if (!p) return nomem(&r);
            if (m == out->nitems) return yw_fail(err, YW_E_BUNDLE_STAGE_ITEM, name_of(&r, p), s->items[k]);
            if (staged[m]) return yw_fail(err, YW_E_ITEM_REPEATED, name_of(&r, p), s->items[k]);
            staged[m] = true;
        }
        out->nstages++;
    }
    if (out->limit_days && !out->nstages)
        return yw_fail(err, YW_E_BUNDLE_LIMIT_WITHOUT_STAGES, name_of(&r, "/limit_days"));

    /* the merged form's rules: fields (keys may repeat, one entry per label), materials */
    for (int kind = 0; kind < 2; kind++) {
        bool field = kind == 0;
        const char *list = field ? "/fields" : "/materials";
        if (get_array(&r, obj, list + 1, list, false, YW_BUNDLE_ASKS_MAX, &arr) < 0) return -1;
        n = arr ? json_array_size(arr) : 0;
        yw_bundle_ask *asks = yw_arena_calloc(a, n + 1, sizeof *asks);
        if (!asks) return nomem(&r);
        for (size_t i = 0; i < n; i++) {
            json_t *e = json_array_get(arr, i);
            const char *base = yw_arena_printf(a, "%s/%zu", list, i);
            if (!base) return nomem(&r);
            if (parse_ask(&r, e, base, field, &asks[i]) < 0) return -1;
            if (asks[i].rule && check_vars(&r, out, json_object_get(e, "condition"), sub(a, base, "/condition")) < 0)
                return -1;
            for (size_t j = 0; !field && j < i; j++)
                if (strcmp(asks[j].name, asks[i].name) == 0)
                    return yw_fail(err, YW_E_ITEM_REPEATED, name_of(&r, sub(a, base, "/name")), asks[i].name);
        }
        if (field) {
            out->fields = asks;
            out->nfields = (int)n;
        } else {
            out->materials = asks;
            out->nmaterials = (int)n;
        }
    }
    return 0;
}

static void write_asks(yw_jw *w, const char *key, const yw_bundle_ask *asks, int n) {
    if (!n) return;
    yw_jw_key(w, key);
    yw_jw_arr(w);
    for (int i = 0; i < n; i++) {
        yw_jw_obj(w);
        if (asks[i].key) yw_jw_kstr(w, "key", asks[i].key);
        if (asks[i].name) yw_jw_kstr(w, "name", asks[i].name);
        if (asks[i].label) yw_jw_kstr(w, "label", asks[i].label);
        if (asks[i].condition) {
            yw_jw_key(w, "condition");
            yw_jw_raw(w, asks[i].condition, strlen(asks[i].condition));
        }
        yw_jw_end(w);
    }
    yw_jw_end(w);
}

void yw_bundle_write(yw_jw *w, const yw_bundle *b) {
    yw_jw_obj(w);
    yw_jw_kstr(w, "code", b->code);
    yw_jw_kstr(w, "name", b->name);
    if (b->name_en) yw_jw_kstr(w, "name_en", b->name_en);
    if (b->description) yw_jw_kstr(w, "description", b->description);
    yw_jw_kstr(w, "lead_department", b->lead_department);
    yw_jw_key(w, "questions");
    yw_jw_arr(w);
    for (int i = 0; i < b->nquestions; i++) {
        const yw_bundle_question *q = &b->questions[i];
        yw_jw_obj(w);
        yw_jw_kstr(w, "key", q->key);
        yw_jw_kstr(w, "label", q->label);
        yw_jw_kstr(w, "kind", yw_question_kind_text(q->kind));
        if (q->options) yw_jw_kstrs(w, "options", q->options);
        yw_jw_end(w);
    }
    yw_jw_end(w);
    yw_jw_key(w, "items");
    yw_jw_arr(w);
    for (int i = 0; i < b->nitems; i++) {
        yw_jw_obj(w);
        yw_jw_kstr(w, "code", b->items[i].code);
        if (b->items[i].condition) {
            yw_jw_key(w, "condition");
            yw_jw_raw(w, b->items[i].condition, strlen(b->items[i].condition));
        }
        yw_jw_end(w);
    }
    yw_jw_end(w);
    if (b->nstages) {
        yw_jw_key(w, "stages");
        yw_jw_arr(w);
        for (int i = 0; i < b->nstages; i++) {
            yw_jw_obj(w);
            yw_jw_kstr(w, "name", b->stages[i].name);
            yw_jw_kstrs(w, "items", b->stages[i].items);
            yw_jw_end(w);
        }
        yw_jw_end(w);
    }
    if (b->limit_days) yw_jw_kint(w, "limit_days", b->limit_days);
    if (b->registry) yw_jw_kstr(w, "registry", b->registry);
    if (b->industry) yw_jw_kstr(w, "industry", b->industry);
    write_asks(w, "fields", b->fields, b->nfields);
    write_asks(w, "materials", b->materials, b->nmaterials);
    yw_jw_end(w);
}

int yw_bundle_file_parse(yw_arena *a, const char *data, size_t len, yw_bundle **out, int *count, yw_err *err) {
    json_error_t je;
    json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) return yw_fail(err, YW_E_BUNDLES_FILE, "file");
    json_t *list = json_object_get(root, "bundles");
    json_t *format = json_object_get(root, "format");
    if (!json_is_object(root) || !json_is_array(list) || !json_is_string(format) ||
        strcmp(json_string_value(format), "yiwang-bundles") != 0) {
        json_decref(root);
        return yw_fail(err, YW_E_BUNDLES_FILE, "file");
    }
    size_t n = json_array_size(list);
    yw_bundle *bundles = yw_arena_calloc(a, n + 1, sizeof *bundles);
    if (!bundles) {
        json_decref(root);
        return yw_fail(err, YW_E_NOMEM, NULL);
    }
    for (size_t i = 0; i < n; i++) {
        const char *prefix = yw_arena_printf(a, "/bundles/%zu", i);
        if (!prefix || yw_bundle_parse(a, json_array_get(list, i), prefix, &bundles[i], err) < 0) {
            json_decref(root);
            return prefix ? -1 : yw_fail(err, YW_E_NOMEM, NULL);
        }
    }
    json_decref(root);
    *out = bundles;
    *count = (int)n;
    return 0;
}
