/* The check of a rule's fields against the registry's record (entity.h: yw_entity_rule_check):
 * a policy whose rule reads `credit_rating` — a field no entity has — matched nothing and said
 * nothing; now it is refused when saved, naming the node. The rule has been compiled already (so
 * its shape is sound); this walks its JSON once more, with the pointer of each node, looking at
 * what the engine cannot know: the names a `var` reads and the constants compared with them.
 *
 * Inside an iteration (map, filter, all, some, none, reduce) `var` reads the item, not the
 * record: only the array iterated over is checked there. A path computed at evaluation (a `var`
 * of an operation) cannot be told, and passes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "entity.h"

/* One step of the pointer: an object key or an array index. */
typedef struct {
    const char *key; /* NULL: an index */
    size_t index;
} step;

typedef struct {
    yw_err *err;
    const char *prefix;
    step path[YW_RULE_MAX_DEPTH + 1];
    int depth;
} walker;

/* prefix and the pointer of the current node, escaped (~ → ~0, / → ~1), into err->field (cut at
 * its size, as every pointer of a rule is). */
static const char *pointer(walker *w) {
    char *out = w->err->field;
    size_t cap = sizeof w->err->field, o = 0;
    for (const char *p = w->prefix; *p && o + 1 < cap; p++) out[o++] = *p;
    for (int i = 0; i < w->depth && o + 1 < cap; i++) {
        out[o++] = '/';
        if (!w->path[i].key) {
            int n = snprintf(out + o, cap - o, "%zu", w->path[i].index);
            o = n > 0 && (size_t)n < cap - o ? o + (size_t)n : cap - 1;
            continue;
        }
        for (const char *k = w->path[i].key; *k && o + 2 < cap; k++) {
            if (*k == '~' || *k == '/') {
                out[o++] = '~';
                out[o++] = *k == '~' ? '0' : '1';
            } else {
                out[o++] = *k;
            }
        }
    }
    out[o] = '\0';
    return out;
}

/* A refusal naming the current node: rule_field_type (a, b, c: what the field takes in
 * Chinese and English, the value) or rule_field_value (a: the value). The pointer is copied out
 * of err->field first: yw_fail fills the field before it formats the message. */
static int refuse(walker *w, yw_error_id id, const yw_entity_field *f, const char *a, const char *b, const char *c) {
    char at[sizeof w->err->field];
    snprintf(at, sizeof at, "%s", pointer(w));
    if (id == YW_E_RULE_FIELD_TYPE) return yw_fail(w->err, id, at, at, f->zh, f->name, a, b, c);
    return yw_fail(w->err, id, at, at, f->zh, f->name, a);
}

static int walk(walker *w, const json_t *node);

static int child(walker *w, const char *key, size_t index, const json_t *node) {
    if (w->depth >= YW_RULE_MAX_DEPTH) return 0; /* compiled already: never this deep */
    w->path[w->depth++] = (step){key, index};
    int rc = walk(w, node);
    w->depth--;
    return rc;
}

/* The field a `var` or `val` node reads when its path is written out: the name before the first
 * dot, into name (cut to its size), *member whether a dot follows (a part of the field); false
 * when the path is computed, a number or "" (the whole record, or an item's). */
static bool var_path(const json_t *node, const char **op, char *name, size_t size, bool *member) {
    *op = NULL;
    if (!json_is_object(node) || json_object_size(node) != 1) return false;
    const char *key = json_object_iter_key(json_object_iter((json_t *)node));
    if (strcmp(key, "var") != 0 && strcmp(key, "val") != 0) return false;
    *op = key;
    const json_t *arg = json_object_iter_value(json_object_iter((json_t *)node));
    if (json_is_array(arg)) arg = json_array_get(arg, 0);
    if (!json_is_string(arg) || !json_string_value(arg)[0]) return false;
    const char *path = json_string_value(arg);
    size_t n = strcspn(path, ".");
    *member = path[n] == '.';
    if (n >= size) n = size - 1;
    memcpy(name, path, n);
    name[n] = '\0';
    return true;
}

/* The field a whole `var` reads (not a part of it), or NULL. */
static const yw_entity_field *whole_field(const json_t *node) {
    const char *op;
    char name[64];
    bool member;
    if (!var_path(node, &op, name, sizeof name, &member) || member) return NULL;
    return yw_entity_field_find(name);
}

/* A constant: not an operation, and no array holding one. */
static bool constant(const json_t *j) {
    if (json_is_object(j)) return json_object_size(j) == 0;
    if (json_is_array(j)) {
        size_t i;
        const json_t *x;
        json_array_foreach(j, i, x) if (!constant(x)) return false;
    }
    return true;
}

/* What a field takes, in words, for the refusal. */
static void expected(const yw_entity_field *f, const char **zh, const char **en) {
    switch (f->type) {
    case YW_FIELD_NUMBER: *zh = "数字", *en = "a number"; return;
    case YW_FIELD_LIST: *zh = "标签名称", *en = "a label"; return;
    default: *zh = "文字", *en = "text"; return;
    }
}

/* The constant v compared with field f, at index i of the current node's arguments. */
static int check_value(walker *w, const yw_entity_field *f, const json_t *v, size_t i) {
    if (json_is_null(v)) return 0;
    if (w->depth >= YW_RULE_MAX_DEPTH) return 0;
    w->path[w->depth++] = (step){NULL, i};
    const char *zh, *en;
    expected(f, &zh, &en);
    bool number = json_is_number(v), text = json_is_string(v);
    int rc = 0;
    if ((f->type == YW_FIELD_NUMBER && !number) || (f->type != YW_FIELD_NUMBER && !text)) {
        char *shown = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        char copy[64];
        snprintf(copy, sizeof copy, "%s", shown ? shown : "?");
        free(shown);
        rc = refuse(w, YW_E_RULE_FIELD_TYPE, f, zh, en, copy);
    } else if (text && f->valid && !f->valid(json_string_value(v))) {
        rc = refuse(w, YW_E_RULE_FIELD_VALUE, f, json_string_value(v), NULL, NULL);
    }
    w->depth--;
    return rc;
}

/* A comparison or `in` of a field with constants: each constant checked as a value of the field. */
static int check_operands(walker *w, const char *op, const json_t *args) {
    if (!json_is_array(args)) return 0;
    size_t n = json_array_size(args);
    if (strcmp(op, "in") == 0 && n == 2) {
        const json_t *a = json_array_get(args, 0), *b = json_array_get(args, 1);
        const yw_entity_field *f = whole_field(b);
        /* {"in": ["高新技术企业", {"var": "labels"}]}: a label the list may hold */
        if (f && f->type == YW_FIELD_LIST && constant(a)) return check_value(w, f, a, 0);
        /* {"in": [{"var": "scale"}, ["micro", "small"]]}: each a value of the field */
        f = whole_field(a);
        if (f && f->type != YW_FIELD_LIST && json_is_array(b) && constant(b)) {
            if (w->depth >= YW_RULE_MAX_DEPTH) return 0;
            w->path[w->depth++] = (step){NULL, 1};
            size_t i;
            const json_t *x;
            int rc = 0;
            json_array_foreach(b, i, x) if ((rc = check_value(w, f, x, i)) < 0) break;
            w->depth--;
            return rc;
        }
        return 0;
    }
    static const char *const comparisons[] = {"==", "===", "!=", "!==", "<", "<=", ">", ">=", NULL};
    bool comparison = false;
    for (int i = 0; comparisons[i] && !comparison; i++) comparison = strcmp(op, comparisons[i]) == 0;
    if (!comparison) return 0;
    const yw_entity_field *f = NULL;
    for (size_t i = 0; i < n && !f; i++) f = whole_field(json_array_get(args, i));
    if (!f || f->type == YW_FIELD_LIST) return 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *a = json_array_get(args, i);
        if (constant(a) && !json_is_array(a) && check_value(w, f, a, i) < 0) return -1;
    }
    return 0;
}

static int check_name(walker *w, const char *name) {
    if (yw_entity_field_find(name)) return 0;
    char at[sizeof w->err->field];
    snprintf(at, sizeof at, "%s", pointer(w));
    return yw_fail(w->err, YW_E_RULE_FIELD_UNKNOWN, at, at, name);
}

static int walk(walker *w, const json_t *node) {
    if (json_is_array(node)) {
        size_t i;
        const json_t *x;
        json_array_foreach(node, i, x) if (child(w, NULL, i, x) < 0) return -1;
        return 0;
    }
    if (!json_is_object(node) || json_object_size(node) != 1) return 0;
    const char *op = json_object_iter_key(json_object_iter((json_t *)node));
    const json_t *args = json_object_iter_value(json_object_iter((json_t *)node));
    if (strcmp(op, "preserve") == 0) return 0;
    const char *vop;
    char name[64];
    bool member;
    if (var_path(node, &vop, name, sizeof name, &member)) return check_name(w, name);
    if (strcmp(op, "var") == 0 || strcmp(op, "val") == 0) {
        /* a computed path: its operations are read in the record's scope */
        return json_is_array(args) ? child(w, op, 0, args) : 0;
    }
    if (strcmp(op, "missing") == 0 || strcmp(op, "missing_some") == 0) {
        const json_t *names = strcmp(op, "missing_some") == 0 ? json_array_get(args, 1) : args;
        if (json_is_string(names)) return check_name(w, json_string_value(names));
        size_t i;
        const json_t *x;
        if (json_is_array(names))
            json_array_foreach(names, i, x) if (json_is_string(x) && check_name(w, json_string_value(x)) < 0) return -1;
        return 0;
    }
    static const char *const iterations[] = {"map", "filter", "all", "some", "none", "reduce", NULL};
    for (int i = 0; iterations[i]; i++) {
        if (strcmp(op, iterations[i]) != 0) continue;
        if (!json_is_array(args)) return 0;
        /* the array in the record's scope; the logic in the item's; reduce's start in the record's */
        if (w->depth >= YW_RULE_MAX_DEPTH) return 0;
        w->path[w->depth++] = (step){op, 0};
        int rc = child(w, NULL, 0, json_array_get(args, 0));
        if (rc == 0 && strcmp(op, "reduce") == 0 && json_array_size(args) > 2) rc = child(w, NULL, 2, json_array_get(args, 2));
        w->depth--;
        return rc;
    }
    if (w->depth >= YW_RULE_MAX_DEPTH) return 0;
    w->path[w->depth++] = (step){op, 0};
    int rc = check_operands(w, op, args);
    if (rc == 0) {
        if (json_is_array(args)) {
            size_t i;
            const json_t *x;
            json_array_foreach(args, i, x) if ((rc = child(w, NULL, i, x)) < 0) break;
        } else {
            rc = walk(w, args);
        }
    }
    w->depth--;
    return rc;
}

int yw_entity_rule_check(const char *rule, const char *prefix, yw_err *err) {
    json_error_t je;
    json_t *root = json_loads(rule, JSON_DECODE_ANY, &je);
    if (!root) return 0; /* compiled already: the compiler said what is wrong with it */
    walker *w = calloc(1, sizeof *w);
    if (!w) {
        json_decref(root);
        return yw_fail(err, YW_E_NOMEM, NULL);
    }
    w->err = err;
    w->prefix = prefix;
    int rc = walk(w, root);
    free(w);
    json_decref(root);
    return rc;
}
