/* Compiling a rule: JSON text → a checked tree in an arena. Every refusal names the JSON
 * pointer (RFC 6901) of the node at fault; nothing is refused later, at evaluation. */
#include <string.h>

#include "internal.h"

static const struct {
    const char *name;
    int lo, hi, flags;
} ops[YW_OP_COUNT] = {
#define X(id, nm, l, h, f) [YW_OP_##id] = {nm, l, h, f},
    YW_RULE_OPS(X)
#undef X
};

/* One step of the pointer to the node being compiled: an object key or an array index. */
typedef struct {
    const char *key; /* NULL: an index */
    size_t klen;
    size_t index;
} step;

typedef struct {
    yw_arena *a;
    yw_err *err;
    step path[YW_RULE_MAX_DEPTH + 1]; /* bounded by the depth limit, checked before each push */
    int depth;
} compiler;

/* The pointer to the current node, escaped (~ → ~0, / → ~1), in the arena; "" when out of
 * memory (the error still says what is wrong). */
static const char *pointer(compiler *c) {
    size_t n = 1;
    for (int i = 0; i < c->depth; i++) n += 1 + (c->path[i].key ? 2 * c->path[i].klen : 20);
    char *s = yw_arena_alloc(c->a, n);
    if (!s) return "";
    size_t o = 0;
    for (int i = 0; i < c->depth; i++) {
        s[o++] = '/';
        if (!c->path[i].key) {
            int w = snprintf(s + o, n - o, "%zu", c->path[i].index);
            o += (size_t)(w > 0 ? w : 0);
            continue;
        }
        for (size_t k = 0; k < c->path[i].klen; k++) {
            char ch = c->path[i].key[k];
            if (ch == '~' || ch == '/') {
                s[o++] = '~';
                s[o++] = ch == '~' ? '0' : '1';
            } else {
                s[o++] = ch ? ch : '?';
            }
        }
    }
    s[o] = '\0';
    return s;
}

/* At most max bytes of s, cut at a character boundary, NUL-terminated, for a message. */
static const char *clip(yw_arena *a, const char *s, size_t len, size_t max) {
    if (len > max) {
        len = max;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80) len--;
    }
    char *out = yw_arena_strndup(a, s, len);
    if (!out) return "";
    for (size_t i = 0; i < len; i++)
        if (out[i] == '\0') out[i] = '?';
    return out;
}

static int nomem(compiler *c) { return yw_fail(c->err, YW_E_NOMEM, NULL); }

static int compile_node(compiler *c, const json_t *j, yw_rule_node **out);

/* Steps into a child: refused when that goes deeper than the limit. */
static int push(compiler *c, const char *key, size_t klen, size_t index) {
    c->path[c->depth++] = (step){key, klen, index}; /* depth <= YW_RULE_MAX_DEPTH here */
    if (c->depth > YW_RULE_MAX_DEPTH) {
        const char *p = pointer(c);
        c->depth--;
        return yw_fail(c->err, YW_E_RULE_TOO_DEEP, p, p, YW_RULE_MAX_DEPTH);
    }
    return 0;
}

/* Compiles j as the child reached by one more step. */
static int compile_child(compiler *c, const char *key, size_t klen, size_t index, const json_t *j,
                         yw_rule_node **out) {
    if (push(c, key, klen, index) < 0) return -1;
    int rc = compile_node(c, j, out);
    c->depth--;
    return rc;
}

static yw_rule_node *new_node(compiler *c, yw_rule_node_kind kind) {
    yw_rule_node *n = yw_arena_calloc(c->a, 1, sizeof *n);
    if (n) n->kind = kind;
    return n;
}

/* The elements of a JSON array as nodes; *all_literal tells whether none is an operation. */
static int compile_list(compiler *c, const char *key, size_t klen, const json_t *arr, yw_rule_node ***out,
                        size_t *n, bool *all_literal) {
    *n = json_array_size(arr);
    *out = NULL;
    *all_literal = true;
    if (*n == 0) return 0;
    yw_rule_node **items = yw_arena_calloc(c->a, *n, sizeof *items);
    if (!items) return nomem(c);
    if (key && push(c, key, klen, 0) < 0) return -1; /* the array under an operator's key */
    int rc = 0;
    for (size_t i = 0; i < *n && rc == 0; i++) {
        rc = compile_child(c, NULL, 0, i, json_array_get(arr, i), &items[i]);
        if (rc == 0 && items[i]->kind != YW_NODE_LITERAL) *all_literal = false;
    }
    if (key) c->depth--;
    *out = items;
    return rc;
}

/* preserve's argument: JSON as a value, nothing in it an operation (objects of any keys too). */
static int compile_data(compiler *c, const json_t *j, yw_rule_value *v) {
    size_t n = json_is_array(j) ? json_array_size(j) : json_is_object(j) ? json_object_size(j) : 0;
    yw_rule_value *items = NULL;
    const char **keys = NULL;
    if (n && !(items = yw_arena_calloc(c->a, n, sizeof *items))) return nomem(c);
    if (json_is_object(j) && n && !(keys = yw_arena_calloc(c->a, n, sizeof *keys))) return nomem(c);
    switch (json_typeof(j)) {
    case JSON_ARRAY:
        for (size_t i = 0; i < n; i++) {
            if (push(c, NULL, 0, i) < 0) return -1;
            int rc = compile_data(c, json_array_get(j, i), &items[i]);
            c->depth--;
            if (rc < 0) return -1;
        }
        *v = (yw_rule_value){.type = YW_RULE_ARRAY, .items = items, .len = n};
        return 0;
    case JSON_OBJECT: {
        size_t i = 0;
        const char *key;
        json_t *m;
        json_object_foreach((json_t *)j, key, m) {
            if (!(keys[i] = yw_arena_strdup(c->a, key))) return nomem(c);
            if (push(c, key, strlen(key), 0) < 0) return -1;
            int rc = compile_data(c, m, &items[i]);
            c->depth--;
            if (rc < 0) return -1;
            i++;
        }
        *v = (yw_rule_value){.type = YW_RULE_OBJECT, .items = items, .keys = keys, .len = n};
        return 0;
    }
    case JSON_STRING:
        *v = (yw_rule_value){.type = YW_RULE_STRING, .len = json_string_length(j)};
        if (!(v->str = yw_arena_strndup(c->a, json_string_value(j), v->len))) return nomem(c);
        return 0;
    case JSON_INTEGER: *v = (yw_rule_value){.type = YW_RULE_NUMBER, .num = (double)json_integer_value(j)}; return 0;
    case JSON_REAL: *v = (yw_rule_value){.type = YW_RULE_NUMBER, .num = json_real_value(j)}; return 0;
    case JSON_TRUE:
    case JSON_FALSE: *v = (yw_rule_value){.type = YW_RULE_BOOL, .b = json_is_true(j)}; return 0;
    default: *v = (yw_rule_value){.type = YW_RULE_NULL}; return 0;
    }
}

static int compile_op(compiler *c, const json_t *obj, yw_rule_node **out) {
    size_t keys = json_object_size(obj);
    if (keys == 0) { /* {} is a value: the empty object */
        yw_rule_node *node = new_node(c, YW_NODE_LITERAL);
        if (!node) return nomem(c);
        node->lit.type = YW_RULE_OBJECT;
        *out = node;
        return 0;
    }
    if (keys != 1) {
        const char *p = pointer(c);
        return yw_fail(c->err, YW_E_RULE_OPERATION_KEYS, p, p, keys);
    }
    void *it = json_object_iter((json_t *)obj);
    const char *key = json_object_iter_key(it);
    size_t klen = json_object_iter_key_len(it);
    const json_t *val = json_object_iter_value(it);
    int op = -1;
    for (int i = 0; i < YW_OP_COUNT; i++)
        if (strlen(ops[i].name) == klen && memcmp(ops[i].name, key, klen) == 0) op = i;
    if (op < 0) {
        const char *p = pointer(c);
        return yw_fail(c->err, YW_E_RULE_UNKNOWN_OPERATOR, p, p, clip(c->a, key, klen, 60));
    }
    if (op == YW_OP_PRESERVE) { /* {"preserve": x}: x as it is written, a value */
        yw_rule_node *node = new_node(c, YW_NODE_LITERAL);
        if (!node) return nomem(c);
        if (push(c, key, klen, 0) < 0) return -1;
        int rc = compile_data(c, val, &node->lit);
        c->depth--;
        *out = node;
        return rc;
    }
    if ((ops[op].flags & YW_OP_LIST) && !json_is_array(val)) {
        const char *p = pointer(c);
        return yw_fail(c->err, YW_E_RULE_ARGUMENTS_ARRAY, p, p, ops[op].name);
    }
    size_t n = json_is_array(val) ? json_array_size(val) : 1;
    /* one operation for the arguments: their number is known only when it is evaluated */
    bool spread = (ops[op].flags & YW_OP_SPREAD) && json_is_object(val) && json_object_size(val) == 1;
    if (!spread && ((long)n < ops[op].lo || (ops[op].hi >= 0 && (long)n > ops[op].hi))) {
        const char *p = pointer(c);
        if (ops[op].hi < 0) return yw_fail(c->err, YW_E_RULE_ARITY_MINIMUM, p, p, ops[op].name, ops[op].lo, (int)n);
        if (ops[op].hi == ops[op].lo) return yw_fail(c->err, YW_E_RULE_ARITY_EXACT, p, p, ops[op].name, ops[op].lo, (int)n);
        return yw_fail(c->err, YW_E_RULE_ARITY, p, p, ops[op].name, ops[op].lo, ops[op].hi, (int)n);
    }
    yw_rule_node *node = new_node(c, YW_NODE_OP);
    if (!node) return nomem(c);
    node->op = (yw_rule_op)op;
    node->spread = spread;
    if (json_is_array(val)) {
        yw_rule_node **args;
        bool lit;
        if (compile_list(c, key, klen, val, &args, &node->n, &lit) < 0) return -1;
        node->args = args;
    } else {
        /* {"op": x} is {"op": [x]} */
        yw_rule_node **args = yw_arena_calloc(c->a, 1, sizeof *args);
        if (!args) return nomem(c);
        if (compile_child(c, key, klen, 0, val, &args[0]) < 0) return -1;
        node->n = 1;
        node->args = args;
    }
    *out = node;
    return 0;
}

static int compile_node(compiler *c, const json_t *j, yw_rule_node **out) {
    if (json_is_object(j)) return compile_op(c, j, out);
    yw_rule_node *node = new_node(c, YW_NODE_LITERAL);
    if (!node) return nomem(c);
    yw_rule_value *v = &node->lit;
    switch (json_typeof(j)) {
    case JSON_ARRAY: {
        yw_rule_node **items;
        bool lit;
        if (compile_list(c, NULL, 0, j, &items, &node->n, &lit) < 0) return -1;
        if (lit) {
            /* an array of constants is a constant */
            yw_rule_value *vals = NULL;
            if (node->n > 0 && !(vals = yw_arena_calloc(c->a, node->n, sizeof *vals))) return nomem(c);
            for (size_t i = 0; i < node->n; i++) vals[i] = items[i]->lit;
            v->type = YW_RULE_ARRAY;
            v->items = vals;
            v->len = node->n;
            node->n = 0;
        } else {
            node->kind = YW_NODE_ARRAY;
            node->args = items;
        }
        break;
    }
    case JSON_STRING:
        v->type = YW_RULE_STRING;
        v->len = json_string_length(j);
        if (!(v->str = yw_arena_strndup(c->a, json_string_value(j), v->len))) return nomem(c);
        break;
    case JSON_INTEGER:
        v->type = YW_RULE_NUMBER;
        v->num = (double)json_integer_value(j);
        break;
    case JSON_REAL:
        v->type = YW_RULE_NUMBER;
        v->num = json_real_value(j);
        break;
    case JSON_TRUE:
    case JSON_FALSE:
        v->type = YW_RULE_BOOL;
        v->b = json_is_true(j);
        break;
    default:
        v->type = YW_RULE_NULL;
        break;
    }
    *out = node;
    return 0;
}

int yw_rule_compile_json(yw_arena *a, const json_t *rule, const yw_rule **out, yw_err *err) {
    compiler c = {.a = a, .err = err, .depth = 0};
    yw_rule *r = yw_arena_calloc(a, 1, sizeof *r);
    if (!r) return yw_fail(err, YW_E_NOMEM, NULL);
    yw_rule_node *root;
    if (compile_node(&c, rule, &root) < 0) return -1;
    r->root = root;
    *out = r;
    return 0;
}

int yw_rule_compile(yw_arena *a, const char *text, size_t len, const yw_rule **out, yw_err *err) {
    if (len > YW_RULE_MAX_BYTES) return yw_fail(err, YW_E_RULE_TOO_LARGE, "", YW_RULE_MAX_BYTES);
    json_error_t jerr;
    json_t *j = json_loadb(text, len,
                           JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES,
                           &jerr);
    if (!j) return yw_fail(err, YW_E_RULE_NOT_JSON, "", jerr.text, jerr.line, jerr.column);
    int rc = yw_rule_compile_json(a, j, out, err);
    json_decref(j);
    return rc;
}

const char *yw_rule_op_name(yw_rule_op op) { return op < YW_OP_COUNT ? ops[op].name : "?"; }
