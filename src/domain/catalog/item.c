/* An item of the catalog as JSON: the one table of types, the parser that reads and checks an
 * item (API bodies, catalog files, stored versions), the canonical writer, and the catalog
 * file's parser. Pure: no store. */
#include "catalog.h"

#include <string.h>

#include "../../base/utf8.h"
#include "../../std/region.h"

static const struct {
    yw_item_type type;
    const char *text, *english;
} item_types[] = {
    {YW_ITEM_LICENSING, "行政许可", "administrative licensing"},
    {YW_ITEM_CONFIRMATION, "行政确认", "administrative confirmation"},
    {YW_ITEM_PAYMENT, "行政给付", "administrative payment"},
    {YW_ITEM_FILING, "行政备案", "administrative filing"},
    {YW_ITEM_PUBLIC_SERVICE, "公共服务", "public service"},
    {YW_ITEM_OTHER, "其他", "other"},
};

const char *const yw_item_type_texts[] = {"行政许可", "行政确认", "行政给付", "行政备案", "公共服务", "其他", NULL};
const char *const yw_item_online_depths[] = {"全程网办", "网上预审", "窗口办理", NULL};
const char *const yw_item_requirements[] = {"required", "conditional", NULL};
const char *const yw_item_accepted_as[] = {"upload", "pledge", "deferred", "certificate", NULL};
const char *const yw_item_field_types[] = {"text",   "number",   "date",     "uscc", "id_number", "region",
                                           "choice", "mobile",   "landline", "postcode", "yuan", NULL};
const char *const yw_item_file_kinds[] = {"blank", "sample", NULL};

const char *yw_item_type_text(yw_item_type t) {
    return t >= 0 && t < YW_ITEM_TYPE_COUNT ? item_types[t].text : NULL;
}
const char *yw_item_type_english(yw_item_type t) {
    return t >= 0 && t < YW_ITEM_TYPE_COUNT ? item_types[t].english : NULL;
}
int yw_item_type_from_text(const char *text, yw_item_type *out) {
    for (int i = 0; text && i < YW_ITEM_TYPE_COUNT; i++)
        if (strcmp(item_types[i].text, text) == 0) {
            *out = item_types[i].type;
            return 0;
        }
    return -1;
}

/* ---- reading ---- */

typedef struct {
    yw_arena *a;
    yw_err *err;
    const char *prefix; /* "" or a JSON pointer */
} reader;

/* The name an error gives a member: plain at the top of an API body, a pointer otherwise. */
static const char *field_name(reader *r, const char *path) {
    if (!r->prefix[0] && path[0] == '/' && !strchr(path + 1, '/')) return path + 1;
    const char *s = yw_arena_printf(r->a, "%s%s", r->prefix, path);
    return s ? s : path;
}

static int fail_nomem(reader *r) {
    return yw_fail(r->err, YW_E_NOMEM, NULL);
}

static int join_allowed(reader *r, const char *const *allowed, const char **out) {
    yw_buf b;
    yw_buf_init(&b, r->a);
    for (const char *const *v = allowed; *v; v++) yw_buf_printf(&b, "%s%s", v == allowed ? "" : ", ", *v);
    yw_buf_putc(&b, '\0');
    if (b.failed) return fail_nomem(r);
    *out = b.data;
    return 0;
}

static bool one_of(const char *s, const char *const *allowed) {
    for (; *allowed; allowed++)
        if (strcmp(*allowed, s) == 0) return true;
    return false;
}

static bool control_free(const char *s, size_t n, bool multiline) {
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != 0x7f) continue;
        if (multiline && (c == '\n' || c == '\r' || c == '\t')) continue;
        return false;
    }
    return true;
}

static bool blank(const char *s) { return yw_utf8_blank(s, strlen(s)); }

/* A string member: absent or null is NULL (an error when required); otherwise min..max bytes,
 * no control characters (line breaks when multiline), one of `allowed` when given. */
static int get_str(reader *r, json_t *obj, const char *key, const char *path, bool required, size_t min, size_t max,
                   bool multiline, const char *const *allowed, const char **out) {
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v)) {
        if (required) return yw_fail(r->err, YW_E_FIELD_REQUIRED, field_name(r, path), field_name(r, path));
        return 0;
    }
    const char *name = field_name(r, path);
    if (!json_is_string(v)) return yw_fail(r->err, YW_E_FIELD_TYPE, name, name, "字符串", "a string");
    size_t n = json_string_length(v);
    const char *s = json_string_value(v);
    if (!control_free(s, n, multiline)) return yw_fail(r->err, YW_E_FIELD_CONTROL, name, name);
    if (min > 0 && blank(s)) return yw_fail(r->err, YW_E_FIELD_BLANK, name, name);
    if (n < min || n > max) return yw_fail(r->err, YW_E_FIELD_LENGTH, name, name, (int)min, (int)max);
    if (allowed && !one_of(s, allowed)) {
        const char *list = NULL;
        if (join_allowed(r, allowed, &list) < 0) return -1;
        return yw_fail(r->err, YW_E_FIELD_VALUE, name, name, list);
    }
    if (!(*out = yw_arena_strndup(r->a, s, n))) return fail_nomem(r);
    return 0;
}

static int get_int(reader *r, json_t *obj, const char *key, const char *path, bool required, int64_t lo, int64_t hi,
                   bool *present, int64_t *out) {
    json_t *v = json_object_get(obj, key);
    if (present) *present = false;
    if (!v || json_is_null(v)) {
        if (required) return yw_fail(r->err, YW_E_FIELD_REQUIRED, field_name(r, path), field_name(r, path));
        return 0;
    }
    const char *name = field_name(r, path);
    if (!json_is_integer(v)) return yw_fail(r->err, YW_E_FIELD_TYPE, name, name, "整数", "an integer");
    json_int_t i = json_integer_value(v);
    if (i < lo || i > hi) return yw_fail(r->err, YW_E_FIELD_RANGE, name, name, (long long)lo, (long long)hi);
    *out = (int64_t)i;
    if (present) *present = true;
    return 0;
}

static int get_bool(reader *r, json_t *obj, const char *key, const char *path, bool *out) {
    json_t *v = json_object_get(obj, key);
    *out = false;
    if (!v || json_is_null(v)) return 0;
    const char *name = field_name(r, path);
    if (!json_is_boolean(v)) return yw_fail(r->err, YW_E_FIELD_TYPE, name, name, "布尔值", "true or false");
    *out = json_is_true(v);
    return 0;
}

/* An array of strings: NULL-terminated, each 1..max bytes, one of allowed when given, no
 * repeats. NULL when absent (an error when required: at least one). */
static int get_strs(reader *r, json_t *obj, const char *key, const char *path, bool required, size_t count_max,
                    size_t max, const char *const *allowed, const char ***out) {
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    const char *name = field_name(r, path);
    if (!v || json_is_null(v) || (json_is_array(v) && json_array_size(v) == 0 && required)) {
        if (required) return yw_fail(r->err, YW_E_FIELD_REQUIRED, name, name);
        return 0;
    }
    if (!json_is_array(v)) return yw_fail(r->err, YW_E_FIELD_TYPE, name, name, "字符串数组", "an array of strings");
    size_t n = json_array_size(v);
    if (n > count_max) return yw_fail(r->err, YW_E_FIELD_TOO_MANY, name, name, (long long)count_max);
    const char **list = yw_arena_calloc(r->a, n + 1, sizeof *list);
    if (!list) return fail_nomem(r);
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(v, i);
        const char *en = yw_arena_printf(r->a, "%s/%zu", path, i);
        if (!en) return fail_nomem(r);
        if (!json_is_string(e)) {
            const char *fn = field_name(r, en);
            return yw_fail(r->err, YW_E_FIELD_TYPE, fn, fn, "字符串", "a string");
        }
        json_t *holder = json_pack("{sO}", "v", e);
        if (!holder) return fail_nomem(r);
        /* a value not allowed names the array: /materials/2/accepted_as */
        int rc = get_str(r, holder, "v", allowed ? path : en, true, 1, max, false, allowed, &list[i]);
        json_decref(holder);
        if (rc < 0) return -1;
        for (size_t k = 0; k < i; k++)
            if (strcmp(list[k], list[i]) == 0) {
                const char *fn = field_name(r, en);
                return yw_fail(r->err, YW_E_ITEM_REPEATED, fn, list[i]);
            }
    }
    *out = list;
    return 0;
}

/* Item codes: 2–64 of A-Z 0-9 - _ . */
static bool code_ok(const char *s) {
    size_t n = strlen(s);
    if (n < 2 || n > YW_ITEM_CODE_MAX) return false;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.')) return false;
    return true;
}

/* Data-element names: lowercase segments [a-z][a-z0-9_]* joined by single dots. */
static bool key_ok(const char *s) {
    size_t n = strlen(s);
    if (n < 1 || n > YW_ITEM_KEY_MAX) return false;
    bool start = true;
    for (; *s; s++) {
        if (start) {
            if (!(*s >= 'a' && *s <= 'z')) return false;
            start = false;
        } else if (*s == '.') {
            start = true;
        } else if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')) {
            return false;
        }
    }
    return !start;
}

/* Only the members an item has: an unknown one is refused, as the router refuses them. */
static int check_members(reader *r, json_t *obj, const char *base, const char *const *known) {
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        (void)v;
        if (!one_of(key, known)) {
            const char *path = yw_arena_printf(r->a, "%s/%s", base, key);
            if (!path) return fail_nomem(r);
            const char *fn = field_name(r, path);
            return yw_fail(r->err, YW_E_FIELD_UNKNOWN, fn, fn);
        }
    }
    return 0;
}

static const char *const item_members[] = {"code", "name", "name_en", "type", "department", "region", "legal_basis",
                                           "statutory_days", "promised_days", "fee_fen", "online_depth", "visits",
                                           "keywords", "materials", "fields", "places", "hours", "phone",
                                           "complaint_phone", "steps", "fee_standard", "fee_basis", "files", "issues", NULL};
static const char *const place_members[] = {"hall", "window", "address", NULL};
static const char *const step_members[] = {"name", "text", NULL};
static const char *const file_members[] = {"kind", "name", "sha256", NULL};
static const char *const material_members[] = {"name", "requirement", "condition", "accepted_as", "cert_type", "note",
                                               NULL};
static const char *const field_members[] = {"key", "label", "type", "required", "max_length", "min", "max",
                                            "options", NULL};

static int parse_material(reader *r, json_t *m, const char *base, yw_item_material *out) {
    char path[96];
    if (!json_is_object(m)) {
        const char *fn = field_name(r, base);
        return yw_fail(r->err, YW_E_FIELD_TYPE, fn, fn, "对象", "an object");
    }
    if (check_members(r, m, base, material_members) < 0) return -1;
#define P(member) (snprintf(path, sizeof path, "%s/%s", base, member), path)
    if (get_str(r, m, "name", P("name"), true, 1, YW_ITEM_NAME_MAX, false, NULL, &out->name) < 0 ||
        get_str(r, m, "requirement", P("requirement"), true, 1, 64, false, yw_item_requirements, &out->requirement) < 0 ||
        get_str(r, m, "condition", P("condition"), false, 1, YW_ITEM_NAME_MAX * 2, false, NULL, &out->condition) < 0 ||
        get_strs(r, m, "accepted_as", P("accepted_as"), true, 4, 64, yw_item_accepted_as, &out->accepted_as) < 0 ||
        get_str(r, m, "cert_type", P("cert_type"), false, 1, YW_ITEM_NAME_MAX, false, NULL, &out->cert_type) < 0 ||
        get_str(r, m, "note", P("note"), false, 1, YW_ITEM_TEXT_MAX, true, NULL, &out->note) < 0)
        return -1;
    if (strcmp(out->requirement, "conditional") == 0 && !out->condition) {
        const char *fn = field_name(r, P("condition"));
        return yw_fail(r->err, YW_E_ITEM_CONDITION_REQUIRED, fn);
    }
    bool cert = false;
    for (const char **a = out->accepted_as; *a; a++) cert |= strcmp(*a, "certificate") == 0;
    if (cert && !out->cert_type) {
        const char *fn = field_name(r, P("cert_type"));
        return yw_fail(r->err, YW_E_ITEM_CERT_TYPE_REQUIRED, fn);
    }
#undef P
    return 0;
}

static int parse_field(reader *r, json_t *f, const char *base, yw_item_field *out) {
    char path[96];
    if (!json_is_object(f)) {
        const char *fn = field_name(r, base);
        return yw_fail(r->err, YW_E_FIELD_TYPE, fn, fn, "对象", "an object");
    }
    if (check_members(r, f, base, field_members) < 0) return -1;
#define P(member) (snprintf(path, sizeof path, "%s/%s", base, member), path)
    if (get_str(r, f, "key", P("key"), true, 1, YW_ITEM_KEY_MAX, false, NULL, &out->key) < 0) return -1;
    if (!key_ok(out->key)) {
        const char *fn = field_name(r, P("key"));
        return yw_fail(r->err, YW_E_ITEM_FIELD_KEY, fn);
    }
    if (get_str(r, f, "label", P("label"), true, 1, YW_ITEM_LABEL_MAX, false, NULL, &out->label) < 0 ||
        get_str(r, f, "type", P("type"), true, 1, 64, false, yw_item_field_types, &out->type) < 0 ||
        get_bool(r, f, "required", P("required"), &out->required) < 0 ||
        get_int(r, f, "max_length", P("max_length"), false, 1, 100000, &out->has_max_length, &out->max_length) < 0 ||
        get_int(r, f, "min", P("min"), false, -1000000000000LL, 1000000000000LL, &out->has_min, &out->min) < 0 ||
        get_int(r, f, "max", P("max"), false, -1000000000000LL, 1000000000000LL, &out->has_max, &out->max) < 0 ||
        get_strs(r, f, "options", P("options"), false, YW_ITEM_OPTIONS_MAX, YW_ITEM_LABEL_MAX, NULL, &out->options) < 0)
        return -1;
    if (out->has_min && out->has_max && out->min > out->max) {
        const char *fn = field_name(r, P("min"));
        return yw_fail(r->err, YW_E_ITEM_RANGE_ORDER, fn);
    }
    bool choice = strcmp(out->type, "choice") == 0;
    if (choice && (!out->options || !out->options[0])) {
        const char *fn = field_name(r, P("options"));
        return yw_fail(r->err, YW_E_ITEM_OPTIONS_REQUIRED, fn);
    }
    if (!choice && out->options) {
        const char *fn = field_name(r, P("options"));
        return yw_fail(r->err, YW_E_ITEM_OPTIONS_UNEXPECTED, fn);
    }
#undef P
    return 0;
}

/* A phone number as a guide gives it: digits, spaces, + - ( ) and 转 (an extension), with at
 * least three digits: 0532-12345678, 12345, 400-123-4567 转 8. */
static bool phone_ok(const char *s) {
    int digits = 0;
    while (*s) {
        if (*s >= '0' && *s <= '9') digits++;
        else if (strncmp(s, "转", strlen("转")) == 0) s += strlen("转") - 1;
        else if (!strchr(" +-()", *s)) return false;
        s++;
    }
    return digits >= 3;
}

static int get_phone(reader *r, json_t *obj, const char *key, const char **out) {
    char path[32];
    snprintf(path, sizeof path, "/%s", key);
    if (get_str(r, obj, key, path, false, 3, YW_ITEM_PHONE_MAX, false, NULL, out) < 0) return -1;
    if (*out && !phone_ok(*out)) return yw_fail(r->err, YW_E_ITEM_PHONE, field_name(r, path));
    return 0;
}

/* An array of objects at the top of an item: NULL and 0 when absent; each member object checked
 * for its members, then read by `one` (base: /key/i). */
static int get_objs(reader *r, json_t *obj, const char *key, size_t max, const char *const *members, size_t size,
                    int (*one)(reader *, json_t *, const char *, void *), void **out, int *n) {
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    *n = 0;
    if (!v || json_is_null(v)) return 0;
    char path[32];
    snprintf(path, sizeof path, "/%s", key);
    const char *fn = field_name(r, path);
    if (!json_is_array(v)) return yw_fail(r->err, YW_E_FIELD_TYPE, fn, fn, "对象数组", "an array of objects");
    if (json_array_size(v) > max) return yw_fail(r->err, YW_E_FIELD_TOO_MANY, fn, fn, (long long)max);
    *n = (int)json_array_size(v);
    char *list = yw_arena_calloc(r->a, (size_t)*n + 1, size);
    if (!list) return fail_nomem(r);
    for (int i = 0; i < *n; i++) {
        char base[48];
        snprintf(base, sizeof base, "/%s/%d", key, i);
        json_t *e = json_array_get(v, (size_t)i);
        if (!json_is_object(e)) {
            const char *en = field_name(r, base);
            return yw_fail(r->err, YW_E_FIELD_TYPE, en, en, "对象", "an object");
        }
        if (check_members(r, e, base, members) < 0 || one(r, e, base, list + (size_t)i * size) < 0) return -1;
    }
    *out = list;
    return 0;
}

static int parse_place(reader *r, json_t *o, const char *base, void *out) {
    yw_item_place *p = out;
    char path[64];
#define P(member) (snprintf(path, sizeof path, "%s/%s", base, member), path)
    return get_str(r, o, "hall", P("hall"), true, 1, YW_ITEM_SHORT_MAX, false, NULL, &p->hall) < 0 ||
                   get_str(r, o, "window", P("window"), false, 1, YW_ITEM_SHORT_MAX, false, NULL, &p->window) < 0 ||
                   get_str(r, o, "address", P("address"), true, 1, YW_ITEM_SHORT_MAX, false, NULL, &p->address) < 0
               ? -1
               : 0;
#undef P
}

static int parse_step(reader *r, json_t *o, const char *base, void *out) {
    yw_item_step *p = out;
    char path[64];
#define P(member) (snprintf(path, sizeof path, "%s/%s", base, member), path)
    return get_str(r, o, "name", P("name"), true, 1, YW_ITEM_SHORT_MAX, false, NULL, &p->name) < 0 ||
                   get_str(r, o, "text", P("text"), false, 1, YW_ITEM_TEXT_MAX, true, NULL, &p->text) < 0
               ? -1
               : 0;
#undef P
}

static int parse_file(reader *r, json_t *o, const char *base, void *out) {
    yw_item_file *p = out;
    char path[64];
#define P(member) (snprintf(path, sizeof path, "%s/%s", base, member), path)
    if (get_str(r, o, "kind", P("kind"), true, 1, 16, false, yw_item_file_kinds, &p->kind) < 0 ||
        get_str(r, o, "name", P("name"), true, 1, YW_UPLOAD_NAME_MAX, false, NULL, &p->name) < 0 ||
        get_str(r, o, "sha256", P("sha256"), true, 64, 64, false, NULL, &p->sha256) < 0)
        return -1;
    if (!yw_upload_sha256_valid(p->sha256)) return yw_fail(r->err, YW_E_ITEM_FILE_HASH, field_name(r, P("sha256")));
    if (strchr(p->name, '/') || strchr(p->name, '\\'))
        return yw_fail(r->err, YW_E_ITEM_FILE_NAME, field_name(r, P("name")));
#undef P
    return 0;
}

/* The guide's practical part: places, hours, phones, steps, fees, files. */
static int parse_guide(reader *r, json_t *obj, yw_item *out) {
    if (get_objs(r, obj, "places", YW_ITEM_PLACES_MAX, place_members, sizeof *out->places, parse_place,
                 (void **)&out->places, &out->nplaces) < 0 ||
        get_str(r, obj, "hours", "/hours", false, 1, YW_ITEM_SHORT_MAX, false, NULL, &out->hours) < 0 ||
        get_phone(r, obj, "phone", &out->phone) < 0 || get_phone(r, obj, "complaint_phone", &out->complaint_phone) < 0 ||
        get_objs(r, obj, "steps", YW_ITEM_STEPS_MAX, step_members, sizeof *out->steps, parse_step,
                 (void **)&out->steps, &out->nsteps) < 0 ||
        get_str(r, obj, "fee_standard", "/fee_standard", false, 1, YW_ITEM_SHORT_MAX, false, NULL, &out->fee_standard) < 0 ||
        get_str(r, obj, "fee_basis", "/fee_basis", false, 1, YW_ITEM_TEXT_MAX, true, NULL, &out->fee_basis) < 0 ||
        get_objs(r, obj, "files", YW_ITEM_FILES_MAX, file_members, sizeof *out->files, parse_file,
                 (void **)&out->files, &out->nfiles) < 0 ||
        get_str(r, obj, "issues", "/issues", false, 1, YW_ITEM_NAME_MAX, false, NULL, &out->issues) < 0)
        return -1;
    for (int i = 0; i < out->nfiles; i++)
        for (int k = 0; k < i; k++)
            if (strcmp(out->files[k].sha256, out->files[i].sha256) == 0 || strcmp(out->files[k].name, out->files[i].name) == 0) {
                char path[48];
                snprintf(path, sizeof path, "/files/%d/%s", i, strcmp(out->files[k].name, out->files[i].name) == 0 ? "name" : "sha256");
                return yw_fail(r->err, YW_E_ITEM_REPEATED, field_name(r, path), out->files[i].name);
            }
    /* a fee asks what it rests on; 不收费 needs nothing */
    if (out->fee_fen > 0 && out->fee_standard && !out->fee_basis)
        return yw_fail(r->err, YW_E_ITEM_FEE_BASIS, field_name(r, "/fee_basis"));
    return 0;
}

int yw_item_parse(yw_arena *a, json_t *obj, const char *prefix, yw_item *out, yw_err *err) {
    reader r = {a, err, prefix ? prefix : ""};
    memset(out, 0, sizeof *out);
    if (!json_is_object(obj)) {
        const char *fn = r.prefix[0] ? r.prefix : "item";
        return yw_fail(err, YW_E_FIELD_TYPE, fn, fn, "对象", "an object");
    }
    if (check_members(&r, obj, "", item_members) < 0) return -1;
    int64_t statutory = 0, promised = 0, visits = 0;
    if (get_str(&r, obj, "code", "/code", true, 2, YW_ITEM_CODE_MAX, false, NULL, &out->code) < 0) return -1;
    if (!code_ok(out->code)) return yw_fail(err, YW_E_ITEM_CODE, field_name(&r, "/code"));
    if (get_str(&r, obj, "name", "/name", true, 2, YW_ITEM_NAME_MAX, false, NULL, &out->name) < 0 ||
        get_str(&r, obj, "name_en", "/name_en", false, 2, YW_ITEM_NAME_MAX, false, NULL, &out->name_en) < 0 ||
        get_str(&r, obj, "type", "/type", true, 1, 64, false, yw_item_type_texts, &out->type) < 0 ||
        get_str(&r, obj, "department", "/department", true, 2, 32, false, NULL, &out->department) < 0 ||
        get_str(&r, obj, "region", "/region", true, 6, 6, false, NULL, &out->region) < 0)
        return -1;
    if (yw_region_validate(out->region, field_name(&r, "/region"), err) < 0) return -1;
    if (get_str(&r, obj, "legal_basis", "/legal_basis", false, 1, YW_ITEM_TEXT_MAX, true, NULL, &out->legal_basis) < 0 ||
        get_int(&r, obj, "statutory_days", "/statutory_days", true, 0, YW_ITEM_DAYS_MAX, NULL, &statutory) < 0 ||
        get_int(&r, obj, "promised_days", "/promised_days", true, 0, YW_ITEM_DAYS_MAX, NULL, &promised) < 0 ||
        get_int(&r, obj, "fee_fen", "/fee_fen", true, 0, YW_ITEM_FEE_MAX, NULL, &out->fee_fen) < 0 ||
        get_str(&r, obj, "online_depth", "/online_depth", true, 1, 64, false, yw_item_online_depths,
                &out->online_depth) < 0 ||
        get_int(&r, obj, "visits", "/visits", true, 0, YW_ITEM_VISITS_MAX, NULL, &visits) < 0 ||
        get_strs(&r, obj, "keywords", "/keywords", false, YW_ITEM_KEYWORDS_MAX, 100, NULL, &out->keywords) < 0)
        return -1;
    out->statutory_days = (int)statutory;
    out->promised_days = (int)promised;
    out->visits = (int)visits;
    if (promised > statutory)
        return yw_fail(err, YW_E_ITEM_PROMISED_DAYS, field_name(&r, "/promised_days"), (int)promised, (int)statutory);

    json_t *mats = json_object_get(obj, "materials"), *fields = json_object_get(obj, "fields");
    if (mats && !json_is_null(mats)) {
        const char *fn = field_name(&r, "/materials");
        if (!json_is_array(mats)) return yw_fail(err, YW_E_FIELD_TYPE, fn, fn, "对象数组", "an array of objects");
        if (json_array_size(mats) > YW_ITEM_MATERIALS_MAX)
            return yw_fail(err, YW_E_FIELD_TOO_MANY, fn, fn, (long long)YW_ITEM_MATERIALS_MAX);
        out->nmaterials = (int)json_array_size(mats);
        if (!(out->materials = yw_arena_calloc(a, (size_t)out->nmaterials + 1, sizeof *out->materials)))
            return fail_nomem(&r);
        for (int i = 0; i < out->nmaterials; i++) {
            char base[32];
            snprintf(base, sizeof base, "/materials/%d", i);
            if (parse_material(&r, json_array_get(mats, (size_t)i), base, &out->materials[i]) < 0) return -1;
            for (int k = 0; k < i; k++)
                if (strcmp(out->materials[k].name, out->materials[i].name) == 0) {
                    snprintf(base, sizeof base, "/materials/%d/name", i);
                    return yw_fail(err, YW_E_ITEM_REPEATED, field_name(&r, base), out->materials[i].name);
                }
        }
    }
    if (fields && !json_is_null(fields)) {
        const char *fn = field_name(&r, "/fields");
        if (!json_is_array(fields)) return yw_fail(err, YW_E_FIELD_TYPE, fn, fn, "对象数组", "an array of objects");
        if (json_array_size(fields) > YW_ITEM_FIELDS_MAX)
            return yw_fail(err, YW_E_FIELD_TOO_MANY, fn, fn, (long long)YW_ITEM_FIELDS_MAX);
        out->nfields = (int)json_array_size(fields);
        if (!(out->fields = yw_arena_calloc(a, (size_t)out->nfields + 1, sizeof *out->fields))) return fail_nomem(&r);
        for (int i = 0; i < out->nfields; i++) {
            char base[32];
            snprintf(base, sizeof base, "/fields/%d", i);
            if (parse_field(&r, json_array_get(fields, (size_t)i), base, &out->fields[i]) < 0) return -1;
            for (int k = 0; k < i; k++)
                if (strcmp(out->fields[k].key, out->fields[i].key) == 0) {
                    snprintf(base, sizeof base, "/fields/%d/key", i);
                    return yw_fail(err, YW_E_ITEM_REPEATED, field_name(&r, base), out->fields[i].key);
                }
        }
    }
    return parse_guide(&r, obj, out);
}

/* ---- writing ---- */

void yw_item_write(yw_jw *w, const yw_item *it) {
    yw_jw_obj(w);
    yw_item_write_members(w, it, NULL);
    yw_jw_end(w);
}

void yw_item_write_members(yw_jw *w, const yw_item *it, const char *department_name) {
    yw_jw_kstr(w, "code", it->code);
    yw_jw_kstr(w, "name", it->name);
    if (it->name_en) yw_jw_kstr(w, "name_en", it->name_en);
    yw_jw_kstr(w, "type", it->type);
    if (department_name) {
        yw_jw_key(w, "department");
        yw_jw_obj(w);
        yw_jw_kstr(w, "code", it->department);
        yw_jw_kstr(w, "name", department_name);
        yw_jw_end(w);
    } else {
        yw_jw_kstr(w, "department", it->department);
    }
    yw_jw_kstr(w, "region", it->region);
    if (it->legal_basis) yw_jw_kstr(w, "legal_basis", it->legal_basis);
    yw_jw_kint(w, "statutory_days", it->statutory_days);
    yw_jw_kint(w, "promised_days", it->promised_days);
    yw_jw_kint(w, "fee_fen", it->fee_fen);
    yw_jw_kstr(w, "online_depth", it->online_depth);
    yw_jw_kint(w, "visits", it->visits);
    if (it->keywords) yw_jw_kstrs(w, "keywords", it->keywords);
    yw_jw_key(w, "materials");
    yw_jw_arr(w);
    for (int i = 0; i < it->nmaterials; i++) {
        const yw_item_material *m = &it->materials[i];
        yw_jw_obj(w);
        yw_jw_kstr(w, "name", m->name);
        yw_jw_kstr(w, "requirement", m->requirement);
        if (m->condition) yw_jw_kstr(w, "condition", m->condition);
        yw_jw_kstrs(w, "accepted_as", m->accepted_as);
        if (m->cert_type) yw_jw_kstr(w, "cert_type", m->cert_type);
        if (m->note) yw_jw_kstr(w, "note", m->note);
        yw_jw_end(w);
    }
    yw_jw_end(w);
    yw_jw_key(w, "fields");
    yw_jw_arr(w);
    for (int i = 0; i < it->nfields; i++) {
        const yw_item_field *f = &it->fields[i];
        yw_jw_obj(w);
        yw_jw_kstr(w, "key", f->key);
        yw_jw_kstr(w, "label", f->label);
        yw_jw_kstr(w, "type", f->type);
        yw_jw_kbool(w, "required", f->required);
        if (f->has_max_length) yw_jw_kint(w, "max_length", f->max_length);
        if (f->has_min) yw_jw_kint(w, "min", f->min);
        if (f->has_max) yw_jw_kint(w, "max", f->max);
        if (f->options) yw_jw_kstrs(w, "options", f->options);
        yw_jw_end(w);
    }
    yw_jw_end(w);
    /* the guide's practical part, only what the item has: an older item's content is unchanged */
    if (it->nplaces) {
        yw_jw_key(w, "places");
        yw_jw_arr(w);
        for (int i = 0; i < it->nplaces; i++) {
            yw_jw_obj(w);
            yw_jw_kstr(w, "hall", it->places[i].hall);
            if (it->places[i].window) yw_jw_kstr(w, "window", it->places[i].window);
            yw_jw_kstr(w, "address", it->places[i].address);
            yw_jw_end(w);
        }
        yw_jw_end(w);
    }
    if (it->hours) yw_jw_kstr(w, "hours", it->hours);
    if (it->phone) yw_jw_kstr(w, "phone", it->phone);
    if (it->complaint_phone) yw_jw_kstr(w, "complaint_phone", it->complaint_phone);
    if (it->nsteps) {
        yw_jw_key(w, "steps");
        yw_jw_arr(w);
        for (int i = 0; i < it->nsteps; i++) {
            yw_jw_obj(w);
            yw_jw_kstr(w, "name", it->steps[i].name);
            if (it->steps[i].text) yw_jw_kstr(w, "text", it->steps[i].text);
            yw_jw_end(w);
        }
        yw_jw_end(w);
    }
    if (it->fee_standard) yw_jw_kstr(w, "fee_standard", it->fee_standard);
    if (it->fee_basis) yw_jw_kstr(w, "fee_basis", it->fee_basis);
    if (it->issues) yw_jw_kstr(w, "issues", it->issues);
    if (it->nfiles) {
        yw_jw_key(w, "files");
        yw_jw_arr(w);
        for (int i = 0; i < it->nfiles; i++) {
            yw_jw_obj(w);
            yw_jw_kstr(w, "kind", it->files[i].kind);
            yw_jw_kstr(w, "name", it->files[i].name);
            yw_jw_kstr(w, "sha256", it->files[i].sha256);
            yw_jw_end(w);
        }
        yw_jw_end(w);
    }
}

/* ---- the catalog file ---- */

int yw_catalog_parse(yw_arena *a, const char *data, size_t len, yw_catalog_file *out, yw_err *err) {
    memset(out, 0, sizeof *out);
    json_error_t je;
    json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) return yw_fail(err, YW_E_CATALOG_NOT_JSON, "file", je.text, je.line, je.column);
    json_t *items = json_object_get(root, "items"), *format = json_object_get(root, "format");
    if (!json_is_object(root) || !json_is_array(items) ||
        (format && !(json_is_string(format) && strcmp(json_string_value(format), "yiwang-catalog") == 0))) {
        json_decref(root);
        return yw_fail(err, YW_E_CATALOG_SHAPE, "file");
    }
    size_t n = json_array_size(items);
    out->entries = yw_arena_calloc(a, n + 1, sizeof *out->entries);
    if (!out->entries) {
        json_decref(root);
        return yw_fail(err, YW_E_NOMEM, NULL);
    }
    out->nentries = (int)n;
    for (size_t i = 0; i < n; i++) {
        yw_catalog_entry *e = &out->entries[i];
        json_t *obj = json_array_get(items, i), *code = json_object_get(obj, "code");
        e->index = (int)i;
        if (json_is_string(code)) e->code = yw_arena_strndup(a, json_string_value(code), json_string_length(code));
        char prefix[32];
        snprintf(prefix, sizeof prefix, "/items/%zu", i);
        yw_err_clear(&e->error);
        if (yw_item_parse(a, obj, prefix, &e->item, &e->error) == 0) {
            for (size_t k = 0; k < i; k++)
                if (out->entries[k].error.code == YW_OK && strcmp(out->entries[k].item.code, e->item.code) == 0) {
                    char f[48];
                    snprintf(f, sizeof f, "%s/code", prefix);
                    yw_fail(&e->error, YW_E_ITEM_REPEATED, f, e->item.code);
                    break;
                }
        }
        if (e->error.code != YW_OK) out->bad++;
    }
    json_decref(root);
    return 0;
}
