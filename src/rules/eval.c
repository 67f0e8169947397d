/* Evaluating a compiled rule against one record, with the semantics of JSON Logic's
 * implementations: json-logic-js's for what the original suite covers (JavaScript's truthiness
 * plus [] is false, loose and strict equality, conversions by ToNumber and String), and
 * json-logic-engine's for the community's newer operators and stricter arithmetic (val, exists,
 * ??, throw and try, comparisons chained over any number of arguments, arithmetic and comparisons
 * that raise a "NaN" error rather than compute with something that is no number). Strings are
 * counted in characters (code points), not UTF-16 units. All memory comes from the caller's
 * arena, bounded per evaluation. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Arrays nested deeper than this cannot be turned into text (JavaScript's String([[…]])). */
#define TEXT_MAX_DEPTH 256

typedef struct {
    yw_arena *a;
    size_t base; /* a->total when the evaluation began */
    yw_err *err;
    unsigned long steps; /* nodes evaluated so far */
    /* The failure in err is an error the rule raised (throw, NaN, wrong arguments), which try
     * catches, with its value {"type": …}; false for the limits and memory, which nothing catches.
     * Set when raised, cleared when caught: no evaluation happens between the two. */
    bool raised;
    yw_rule_value error;
} ev;

static void *ev_alloc(ev *e, size_t n) {
    if (e->a->total - e->base + n > YW_RULE_EVAL_MAX_BYTES) {
        yw_fail(e->err, YW_E_RULE_EVAL_TOO_LARGE, NULL, (int)(YW_RULE_EVAL_MAX_BYTES >> 20));
        return NULL;
    }
    void *p = yw_arena_alloc(e->a, n ? n : 1);
    if (!p) yw_fail(e->err, YW_E_NOMEM, NULL);
    return p;
}

static yw_rule_value v_null(void) { return (yw_rule_value){.type = YW_RULE_NULL}; }
static yw_rule_value v_bool(bool b) { return (yw_rule_value){.type = YW_RULE_BOOL, .b = b}; }
static yw_rule_value v_num(double x) { return (yw_rule_value){.type = YW_RULE_NUMBER, .num = x}; }
static yw_rule_value v_str(const char *s, size_t len) {
    return (yw_rule_value){.type = YW_RULE_STRING, .str = s, .len = len};
}
static yw_rule_value v_arr(const yw_rule_value *items, size_t n) {
    return (yw_rule_value){.type = YW_RULE_ARRAY, .items = items, .len = n};
}

/* ---- values from the record ---- */

static yw_rule_value from_json(const json_t *j) {
    if (!j) return v_null();
    switch (json_typeof(j)) {
    case JSON_OBJECT: return (yw_rule_value){.type = YW_RULE_OBJECT, .json = j};
    case JSON_ARRAY: return (yw_rule_value){.type = YW_RULE_ARRAY, .json = j};
    case JSON_STRING: return v_str(json_string_value(j), json_string_length(j));
    case JSON_INTEGER: return v_num((double)json_integer_value(j));
    case JSON_REAL: return v_num(json_real_value(j));
    case JSON_TRUE: return v_bool(true);
    case JSON_FALSE: return v_bool(false);
    default: return v_null();
    }
}

static size_t arr_len(const yw_rule_value *v) { return v->json ? json_array_size(v->json) : v->len; }
static yw_rule_value arr_at(const yw_rule_value *v, size_t i) {
    return v->json ? from_json(json_array_get(v->json, i)) : v->items[i];
}
static size_t obj_len(const yw_rule_value *v) { return v->json ? json_object_size(v->json) : v->len; }

/* A member of an object by key; false when absent. */
static bool obj_get(const yw_rule_value *v, const char *key, size_t klen, yw_rule_value *out) {
    if (v->json) {
        const json_t *m = json_object_getn(v->json, key, klen);
        if (!m) return false;
        *out = from_json(m);
        return true;
    }
    for (size_t i = 0; i < v->len; i++)
        if (strlen(v->keys[i]) == klen && memcmp(v->keys[i], key, klen) == 0) {
            *out = v->items[i];
            return true;
        }
    return false;
}

/* ---- conversions ---- */

bool yw_rule_truthy(const yw_rule_value *v) {
    switch (v->type) {
    case YW_RULE_BOOL: return v->b;
    case YW_RULE_NUMBER: return v->num != 0 && !isnan(v->num);
    case YW_RULE_STRING: return v->len > 0;
    case YW_RULE_ARRAY: return arr_len(v) > 0;
    case YW_RULE_OBJECT: return true;
    default: return false;
    }
}

/* A number as JavaScript writes it: integers without a fraction, otherwise the shortest text
 * that reads back as the same double; NaN, Infinity. */
static int num_text(double x, char *buf, size_t size) {
    if (isnan(x)) return snprintf(buf, size, "NaN");
    if (isinf(x)) return snprintf(buf, size, x < 0 ? "-Infinity" : "Infinity");
    if (x == 0) return snprintf(buf, size, "0");
    if (x == floor(x) && fabs(x) < 1e21) return snprintf(buf, size, "%.0f", x);
    int n = 0;
    for (int prec = 1; prec <= 17; prec++) {
        n = snprintf(buf, size, "%.*g", prec, x);
        if (strtod(buf, NULL) == x) break;
    }
    /* C writes 1e-07 and 1e+21 where JavaScript writes 1e-7 and 1e+21 */
    char *e = strchr(buf, 'e');
    if (e && (e[1] == '-' || e[1] == '+') && e[2] == '0') {
        memmove(e + 2, e + 3, strlen(e + 3) + 1);
        n--;
    }
    return n;
}

static const char object_text[] = "[object Object]";

static int text_of(ev *e, const yw_rule_value *v, int depth, const char **s, size_t *len);

/* String(array): the elements' texts joined with commas, null as nothing. */
static int array_text(ev *e, const yw_rule_value *v, int depth, const char **s, size_t *len) {
    if (depth > TEXT_MAX_DEPTH) return yw_fail(e->err, YW_E_RULE_EVAL_TOO_DEEP, NULL, TEXT_MAX_DEPTH);
    size_t n = arr_len(v);
    const char **parts = NULL;
    size_t *lens = NULL;
    if (n > 0) {
        if (!(parts = ev_alloc(e, n * sizeof *parts)) || !(lens = ev_alloc(e, n * sizeof *lens))) return -1;
    }
    size_t total = n ? n - 1 : 0;
    for (size_t i = 0; i < n; i++) {
        yw_rule_value item = arr_at(v, i);
        if (item.type == YW_RULE_NULL) {
            parts[i] = "";
            lens[i] = 0;
        } else if (text_of(e, &item, depth + 1, &parts[i], &lens[i]) < 0) {
            return -1;
        }
        total += lens[i];
    }
    char *out = ev_alloc(e, total + 1);
    if (!out) return -1;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (i) out[o++] = ',';
        memcpy(out + o, parts[i], lens[i]);
        o += lens[i];
    }
    out[o] = '\0';
    *s = out;
    *len = o;
    return 0;
}

/* String(v), JavaScript's. */
static int text_of(ev *e, const yw_rule_value *v, int depth, const char **s, size_t *len) {
    switch (v->type) {
    case YW_RULE_NULL: *s = "null"; *len = 4; return 0;
    case YW_RULE_BOOL: *s = v->b ? "true" : "false"; *len = strlen(*s); return 0;
    case YW_RULE_STRING: *s = v->str; *len = v->len; return 0;
    case YW_RULE_OBJECT: *s = object_text; *len = sizeof object_text - 1; return 0;
    case YW_RULE_ARRAY: return array_text(e, v, depth, s, len);
    case YW_RULE_NUMBER: {
        char *buf = ev_alloc(e, 32);
        if (!buf) return -1;
        int n = num_text(v->num, buf, 32);
        *s = buf;
        *len = (size_t)(n > 0 ? n : 0);
        return 0;
    }
    }
    return 0;
}

static bool is_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* The length of the longest prefix of s[0..n) that is a decimal literal of JavaScript
 * (sign, digits, fraction, exponent; or Infinity), 0 when there is none. */
static size_t decimal_prefix(const char *s, size_t n) {
    size_t i = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    if (n - i >= 8 && memcmp(s + i, "Infinity", 8) == 0) return i + 8;
    size_t digits = 0;
    while (i < n && is_digit(s[i])) i++, digits++;
    if (i < n && s[i] == '.') {
        size_t j = i + 1, frac = 0;
        while (j < n && is_digit(s[j])) j++, frac++;
        if (digits + frac > 0) i = j, digits += frac;
    }
    if (digits == 0) return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1;
        if (j < n && (s[j] == '+' || s[j] == '-')) j++;
        size_t ed = 0;
        while (j < n && is_digit(s[j])) j++, ed++;
        if (ed) i = j;
    }
    return i;
}

/* strtod on s[0..n), a prefix decimal_prefix accepted. */
static int parse_decimal(ev *e, const char *s, size_t n, double *out) {
    const char *sign = s;
    if (n && (*s == '+' || *s == '-')) s++, n--;
    if (n == 8 && memcmp(s, "Infinity", 8) == 0) {
        *out = *sign == '-' ? -INFINITY : INFINITY;
        return 0;
    }
    char *copy = ev_alloc(e, (size_t)(s - sign) + n + 1);
    if (!copy) return -1;
    memcpy(copy, sign, (size_t)(s - sign) + n);
    copy[(size_t)(s - sign) + n] = '\0';
    *out = strtod(copy, NULL);
    return 0;
}

/* Number(string): blanks around, "" is 0, 0x/0o/0b integers, otherwise a whole decimal
 * literal or NaN. */
static int string_number(ev *e, const char *s, size_t n, double *out) {
    while (n && is_space((unsigned char)*s)) s++, n--;
    while (n && is_space((unsigned char)s[n - 1])) n--;
    if (n == 0) {
        *out = 0;
        return 0;
    }
    if (n > 2 && s[0] == '0' && strchr("xXoObB", s[1])) {
        int base = (s[1] == 'x' || s[1] == 'X') ? 16 : (s[1] == 'o' || s[1] == 'O') ? 8 : 2;
        double x = 0;
        for (size_t i = 2; i < n; i++) {
            char c = s[i];
            int d = is_digit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : 99;
            if (d >= base) {
                *out = NAN;
                return 0;
            }
            x = x * base + d;
        }
        *out = x;
        return 0;
    }
    if (decimal_prefix(s, n) != n) {
        *out = NAN;
        return 0;
    }
    return parse_decimal(e, s, n, out);
}

/* Number(v), JavaScript's. */
static int to_number(ev *e, const yw_rule_value *v, double *out) {
    switch (v->type) {
    case YW_RULE_NULL: *out = 0; return 0;
    case YW_RULE_BOOL: *out = v->b; return 0;
    case YW_RULE_NUMBER: *out = v->num; return 0;
    case YW_RULE_STRING: return string_number(e, v->str, v->len, out);
    case YW_RULE_OBJECT: *out = NAN; return 0;
    case YW_RULE_ARRAY: {
        const char *s;
        size_t len;
        if (text_of(e, v, 0, &s, &len) < 0) return -1;
        return string_number(e, s, len, out);
    }
    }
    return 0;
}

/* ---- comparisons ---- */

/* Whether two arrays or objects are the same one (JavaScript compares them by identity). The
 * rule's own empty arrays carry no memory to tell them apart: never the same. */
static bool same_aggregate(const yw_rule_value *a, const yw_rule_value *b) {
    if (!a->json && !a->items) return false;
    return a->json == b->json && a->items == b->items && a->keys == b->keys && a->len == b->len;
}

static bool strict_equal(const yw_rule_value *a, const yw_rule_value *b) {
    if (a->type != b->type) return false;
    switch (a->type) {
    case YW_RULE_NULL: return true;
    case YW_RULE_BOOL: return a->b == b->b;
    case YW_RULE_NUMBER: return a->num == b->num;
    case YW_RULE_STRING: return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
    default: return same_aggregate(a, b);
    }
}

/* An array or object as the primitive JavaScript compares it as: its text. */
static int primitive(ev *e, const yw_rule_value *v, yw_rule_value *out) {
    if (v->type != YW_RULE_ARRAY && v->type != YW_RULE_OBJECT) {
        *out = *v;
        return 0;
    }
    const char *s;
    size_t n;
    if (text_of(e, v, 0, &s, &n) < 0) return -1;
    *out = v_str(s, n);
    return 0;
}

/* a == b, JavaScript's (no undefined: null equals only null). */
static int loose_equal(ev *e, const yw_rule_value *a, const yw_rule_value *b, bool *eq) {
    if (a->type == b->type) {
        *eq = strict_equal(a, b);
        return 0;
    }
    if (a->type == YW_RULE_NULL || b->type == YW_RULE_NULL) {
        *eq = false;
        return 0;
    }
    if (a->type == YW_RULE_BOOL) {
        yw_rule_value x = v_num(a->b);
        return loose_equal(e, &x, b, eq);
    }
    if (b->type == YW_RULE_BOOL) {
        yw_rule_value y = v_num(b->b);
        return loose_equal(e, a, &y, eq);
    }
    bool agg_a = a->type == YW_RULE_ARRAY || a->type == YW_RULE_OBJECT;
    bool agg_b = b->type == YW_RULE_ARRAY || b->type == YW_RULE_OBJECT;
    if (agg_a && agg_b) { /* an array and an object: never the same */
        *eq = false;
        return 0;
    }
    if (agg_a || agg_b) {
        yw_rule_value x, y;
        if (primitive(e, a, &x) < 0 || primitive(e, b, &y) < 0) return -1;
        return loose_equal(e, &x, &y, eq);
    }
    /* a number and a string */
    double x, y;
    if (to_number(e, a, &x) < 0 || to_number(e, b, &y) < 0) return -1;
    *eq = x == y;
    return 0;
}

enum { LESS = -1, EQUAL = 0, GREATER = 1, UNORDERED = 2 };

/* JavaScript's relational comparison: two strings by their characters, anything else as
 * numbers (NaN is unordered). */
static int compare(ev *e, const yw_rule_value *a, const yw_rule_value *b, int *order) {
    yw_rule_value x, y;
    if (primitive(e, a, &x) < 0 || primitive(e, b, &y) < 0) return -1;
    if (x.type == YW_RULE_STRING && y.type == YW_RULE_STRING) {
        size_t n = x.len < y.len ? x.len : y.len;
        int c = memcmp(x.str, y.str, n);
        if (c == 0) c = (x.len > y.len) - (x.len < y.len);
        *order = c < 0 ? LESS : c > 0 ? GREATER : EQUAL;
        return 0;
    }
    double p, q;
    if (to_number(e, &x, &p) < 0 || to_number(e, &y, &q) < 0) return -1;
    *order = (isnan(p) || isnan(q)) ? UNORDERED : p < q ? LESS : p > q ? GREATER : EQUAL;
    return 0;
}

/* ---- data access ---- */

/* A step of a var path as an array index: digits only, no leading zero. */
static bool index_of(const char *s, size_t n, size_t *out) {
    if (n == 0 || n > 18 || (n > 1 && s[0] == '0')) return false;
    size_t x = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i])) return false;
        x = x * 10 + (size_t)(s[i] - '0');
    }
    *out = x;
    return true;
}

static size_t char_offset(const char *s, size_t n, size_t chars);
static size_t char_count(const char *s, size_t n);

/* One step into cur, as JavaScript's cur[key] for a key given as text: an object's member, an
 * array's element by index or its length, a string's character by index or its length. False
 * when there is none. */
static bool step_into(const yw_rule_value *cur, const char *step, size_t len, yw_rule_value *next) {
    size_t i;
    if (cur->type == YW_RULE_OBJECT) return obj_get(cur, step, len, next);
    if (cur->type == YW_RULE_ARRAY && index_of(step, len, &i) && i < arr_len(cur)) {
        *next = arr_at(cur, i);
        return true;
    }
    if ((cur->type == YW_RULE_ARRAY || cur->type == YW_RULE_STRING) && len == 6 && memcmp(step, "length", 6) == 0) {
        *next = v_num((double)(cur->type == YW_RULE_ARRAY ? arr_len(cur) : char_count(cur->str, cur->len)));
        return true;
    }
    if (cur->type == YW_RULE_STRING && index_of(step, len, &i) && i < char_count(cur->str, cur->len)) {
        size_t from = char_offset(cur->str, cur->len, i);
        *next = v_str(cur->str + from, char_offset(cur->str + from, cur->len - from, 1));
        return true;
    }
    return false;
}

/* data at the dotted path key ("a.b.0"); "" and null are the whole data (a key of another type
 * is written as text and looked up). As in JavaScript, arrays and strings have a length, and a
 * string's characters are reached by index. *found is false when the path leads nowhere. */
static int lookup(ev *e, const yw_rule_value *data, const yw_rule_value *key, yw_rule_value *out, bool *found) {
    *found = true;
    if (key->type == YW_RULE_NULL || (key->type == YW_RULE_STRING && key->len == 0)) {
        *out = *data;
        return 0;
    }
    const char *s;
    size_t n;
    if (text_of(e, key, 0, &s, &n) < 0) return -1;
    yw_rule_value cur = *data;
    size_t start = 0;
    for (;;) {
        size_t end = start;
        while (end < n && s[end] != '.') end++;
        yw_rule_value next;
        if (!step_into(&cur, s + start, end - start, &next)) {
            *found = false;
            return 0;
        }
        cur = next;
        if (end == n) break;
        start = end + 1;
    }
    *out = cur;
    return 0;
}

/* ---- errors a rule raises ---- */

static const char *const error_keys[] = {"type"};

/* Sets the value of the error being raised, {"type": type}: what try hands its next argument. */
static int raise_value(ev *e, yw_rule_value type) {
    yw_rule_value *vals = ev_alloc(e, sizeof *vals);
    if (!vals) return -1;
    vals[0] = type;
    e->error = (yw_rule_value){.type = YW_RULE_OBJECT, .items = vals, .keys = error_keys, .len = 1};
    e->raised = true;
    return 0;
}

/* A value that is no number where arithmetic or a comparison needs one: json-logic-engine's NaN. */
static int raise_nan(ev *e) {
    if (raise_value(e, v_str("NaN", 3)) < 0) return -1;
    return yw_fail(e->err, YW_E_RULE_NAN, NULL);
}

/* Too few arguments, known only at evaluation (an operation spread into them). */
static int raise_arguments(ev *e, yw_rule_op op) {
    if (raise_value(e, v_str("Invalid Arguments", 17)) < 0) return -1;
    return yw_fail(e->err, YW_E_RULE_INVALID_ARGUMENTS, NULL, yw_rule_op_name(op));
}

/* throw: a value is the error's type; an object is the error, its type the first of its members
 * type, error and message that is truthy ("Object" when none is), as json-logic-engine's try
 * reads it. */
static int op_throw(ev *e, const yw_rule_value *v) {
    yw_rule_value type = *v;
    if (v->type == YW_RULE_OBJECT) {
        static const char *const names[] = {"type", "error", "message"};
        type = v_str("Object", 6);
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            yw_rule_value m;
            if (obj_get(v, names[i], strlen(names[i]), &m) && yw_rule_truthy(&m)) {
                type = m;
                break;
            }
        }
    }
    const char *s;
    size_t n;
    if (text_of(e, &type, 0, &s, &n) < 0 || raise_value(e, type) < 0) return -1;
    return yw_fail(e->err, YW_E_RULE_THROWN, NULL, s);
}

/* ---- scopes ---- */

/* Where a rule stands as it runs: the data var and val read, and, for val's climbing ([n] as the
 * first key), the levels around it, as json-logic-engine keeps them: climbing 1 reaches the
 * iteration's own (an element's index and the array for map and filter; the array for all,
 * some, none and reduce; null for try's fallback), 2 the data the iteration was entered from, 3
 * that level's own, and so on outwards. */
typedef enum {
    SCOPE_TOP,    /* the record */
    SCOPE_ITEM,   /* map, filter: an element, with {"iterator": the array, "index": i} */
    SCOPE_LIST,   /* all, some, none: an element; reduce: {current, accumulator}; with the array */
    SCOPE_CAUGHT, /* try: the error caught, with null */
} scope_kind;

typedef struct scope scope;
struct scope {
    yw_rule_value data;
    scope_kind kind;
    yw_rule_value list; /* ITEM, LIST */
    size_t index;       /* ITEM */
    const scope *up;    /* NULL at the top */
};

static const char *const item_keys[] = {"iterator", "index"};

/* What climbing `steps` levels out of s reaches; *found false past the top. */
static int climb(ev *e, const scope *s, double steps, yw_rule_value *out, bool *found) {
    *found = true;
    if (!(steps >= 1)) { /* 0 and NaN stay */
        *out = s->data;
        return 0;
    }
    int depth = 0;
    for (const scope *t = s; t->up; t = t->up) depth++;
    if (steps > 2.0 * depth + 1) {
        *found = false;
        return 0;
    }
    size_t p = (size_t)ceil(steps), up = p / 2;
    const scope *t = s;
    for (size_t i = 0; i < up; i++) t = t->up;
    if (p % 2 == 0) {
        *out = t->data;
        return 0;
    }
    switch (t->kind) {
    case SCOPE_TOP: *found = false; return 0;
    case SCOPE_CAUGHT: *out = v_null(); return 0;
    case SCOPE_LIST: *out = t->list; return 0;
    case SCOPE_ITEM: {
        yw_rule_value *vals = ev_alloc(e, 2 * sizeof *vals);
        if (!vals) return -1;
        vals[0] = t->list;
        vals[1] = v_num((double)t->index);
        *out = (yw_rule_value){.type = YW_RULE_OBJECT, .items = vals, .keys = item_keys, .len = 2};
        return 0;
    }
    }
    return 0;
}

/* ---- evaluation ---- */

static int eval(ev *e, const yw_rule_node *n, const scope *s, yw_rule_value *out);

/* Evaluates every argument of n. */
static int eval_args(ev *e, const yw_rule_node *n, const scope *s, yw_rule_value **out) {
    yw_rule_value *v = ev_alloc(e, n->n * sizeof *v);
    if (!v) return -1;
    for (size_t i = 0; i < n->n; i++)
        if (eval(e, n->args[i], s, &v[i]) < 0) return -1;
    *out = v;
    return 0;
}

/* The arguments of an operator of values: each evaluated; or, when one operation stands for
 * them (spread), the elements of its value when that is an array, else the value alone. */
static int values_of(ev *e, const yw_rule_node *n, const scope *s, yw_rule_value **out, size_t *count) {
    if (!n->spread) {
        *count = n->n;
        return eval_args(e, n, s, out);
    }
    yw_rule_value v;
    if (eval(e, n->args[0], s, &v) < 0) return -1;
    size_t len = v.type == YW_RULE_ARRAY ? arr_len(&v) : 1;
    yw_rule_value *items = ev_alloc(e, len * sizeof *items);
    if (!items) return -1;
    if (v.type != YW_RULE_ARRAY) items[0] = v;
    for (size_t i = 0; v.type == YW_RULE_ARRAY && i < len; i++) items[i] = arr_at(&v, i);
    *out = items;
    *count = len;
    return 0;
}

static int op_var(ev *e, const yw_rule_node *n, const scope *s, yw_rule_value *out) {
    if (n->n == 0) {
        *out = s->data;
        return 0;
    }
    yw_rule_value key;
    bool found;
    if (eval(e, n->args[0], s, &key) < 0 || lookup(e, &s->data, &key, out, &found) < 0) return -1;
    if (found) return 0;
    if (n->n > 1) return eval(e, n->args[1], s, out);
    *out = v_null();
    return 0;
}

/* val and exists: the value at a path of keys, one an argument ({"val": ["a", "b"]} is the data's
 * a's b; no dots are split: {"val": "a.b"} is the member "a.b"); no key is the data itself; a
 * first argument [n] climbs n levels first (climb). *found is false when the path leads nowhere;
 * as JavaScript's `in`, exists finds keys only in objects and arrays. */
static int op_val(ev *e, const yw_rule_node *n, const scope *s, yw_rule_value *out, bool *found) {
    yw_rule_value *args;
    if (eval_args(e, n, s, &args) < 0) return -1;
    yw_rule_value cur = s->data;
    size_t first = 0;
    *found = true;
    if (n->n > 0 && args[0].type == YW_RULE_ARRAY && arr_len(&args[0]) == 1) {
        yw_rule_value level = arr_at(&args[0], 0);
        double steps;
        if (to_number(e, &level, &steps) < 0 || climb(e, s, fabs(steps), &cur, found) < 0) return -1;
        if (!*found) return 0;
        first = 1;
    }
    bool exists = n->op == YW_OP_EXISTS;
    for (size_t i = first; i < n->n; i++) {
        const char *key;
        size_t len;
        if (text_of(e, &args[i], 0, &key, &len) < 0) return -1;
        yw_rule_value next;
        if ((exists && cur.type != YW_RULE_OBJECT && cur.type != YW_RULE_ARRAY) || !step_into(&cur, key, len, &next)) {
            *found = false;
            return 0;
        }
        cur = next;
    }
    *out = cur;
    return 0;
}

/* The keys of missing: the first argument when it is an array, else every argument. */
static int missing(ev *e, const yw_rule_value *data, const yw_rule_value *args, size_t nargs, yw_rule_value *out,
                   size_t *nkeys) {
    yw_rule_value list = v_arr(args, nargs);
    if (nargs > 0 && args[0].type == YW_RULE_ARRAY) list = args[0];
    size_t len = arr_len(&list);
    yw_rule_value *miss = ev_alloc(e, len * sizeof *miss);
    if (!miss) return -1;
    size_t m = 0;
    for (size_t i = 0; i < len; i++) {
        yw_rule_value key = arr_at(&list, i), v;
        bool found;
        if (lookup(e, data, &key, &v, &found) < 0) return -1;
        if (!found || v.type == YW_RULE_NULL || (v.type == YW_RULE_STRING && v.len == 0)) miss[m++] = key;
    }
    *out = v_arr(miss, m);
    *nkeys = len;
    return 0;
}

/* The characters (code points) of s[0..n) from from, count of them: byte offsets. */
static size_t char_offset(const char *s, size_t n, size_t chars) {
    size_t i = 0;
    while (i < n && chars > 0) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
        chars--;
    }
    return i;
}

static size_t char_count(const char *s, size_t n) {
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) c++;
    return c;
}

/* JavaScript's ToIntegerOrInfinity, clamped to what a string index can be. */
static double integer_of(double x) {
    if (isnan(x)) return 0;
    return trunc(x);
}

static int op_substr(ev *e, const yw_rule_value *args, size_t nargs, yw_rule_value *out) {
    const char *s;
    size_t n;
    if (text_of(e, &args[0], 0, &s, &n) < 0) return -1;
    double size = (double)char_count(s, n), start, len;
    if (to_number(e, &args[1], &start) < 0) return -1;
    start = integer_of(start);
    if (start < 0) start = fmax(size + start, 0);
    start = fmin(start, size);
    len = size - start;
    if (nargs > 2) {
        double end;
        if (to_number(e, &args[2], &end) < 0) return -1;
        end = integer_of(end);
        len = end < 0 ? fmax(size - start + end, 0) : fmin(end, size - start);
    }
    size_t from = char_offset(s, n, (size_t)start);
    size_t to = from + char_offset(s + from, n - from, (size_t)len);
    *out = v_str(s + from, to - from);
    return 0;
}

/* The arguments' texts joined, null as nothing (json-logic-js joins them as an array). */
static int op_cat(ev *e, const yw_rule_value *args, size_t nargs, yw_rule_value *out) {
    const char **parts = ev_alloc(e, nargs * sizeof *parts);
    size_t *lens = ev_alloc(e, nargs * sizeof *lens);
    if (!parts || !lens) return -1;
    size_t total = 0;
    for (size_t i = 0; i < nargs; i++) {
        if (args[i].type == YW_RULE_NULL) {
            parts[i] = "";
            lens[i] = 0;
        } else if (text_of(e, &args[i], 0, &parts[i], &lens[i]) < 0) {
            return -1;
        }
        total += lens[i];
    }
    char *buf = ev_alloc(e, total + 1);
    if (!buf) return -1;
    size_t o = 0;
    for (size_t i = 0; i < nargs; i++) {
        memcpy(buf + o, parts[i], lens[i]);
        o += lens[i];
    }
    buf[o] = '\0';
    *out = v_str(buf, o);
    return 0;
}

static int op_in(ev *e, const yw_rule_value *args, yw_rule_value *out) {
    const yw_rule_value *hay = &args[1];
    if (hay->type == YW_RULE_STRING) {
        const char *s;
        size_t n;
        if (text_of(e, &args[0], 0, &s, &n) < 0) return -1;
        bool found = n == 0;
        for (size_t i = 0; !found && i + n <= hay->len; i++) found = memcmp(hay->str + i, s, n) == 0;
        *out = v_bool(found);
        return 0;
    }
    bool found = false;
    if (hay->type == YW_RULE_ARRAY) {
        size_t len = arr_len(hay);
        for (size_t i = 0; !found && i < len; i++) {
            yw_rule_value item = arr_at(hay, i);
            found = strict_equal(&item, &args[0]);
        }
    }
    *out = v_bool(found);
    return 0;
}

static int op_merge(ev *e, const yw_rule_value *args, size_t nargs, yw_rule_value *out) {
    size_t total = 0;
    for (size_t i = 0; i < nargs; i++) total += args[i].type == YW_RULE_ARRAY ? arr_len(&args[i]) : 1;
    yw_rule_value *items = ev_alloc(e, total * sizeof *items);
    if (!items) return -1;
    size_t o = 0;
    for (size_t i = 0; i < nargs; i++) {
        if (args[i].type != YW_RULE_ARRAY) {
            items[o++] = args[i];
            continue;
        }
        size_t len = arr_len(&args[i]);
        for (size_t k = 0; k < len; k++) items[o++] = arr_at(&args[i], k);
    }
    *out = v_arr(items, o);
    return 0;
}

/* map, filter, all, some, none: the second argument evaluated with each element as the data. */
static int op_iterate(ev *e, const yw_rule_node *n, const scope *s, yw_rule_value *out) {
    yw_rule_value list;
    if (eval(e, n->args[0], s, &list) < 0) return -1;
    size_t len = list.type == YW_RULE_ARRAY ? arr_len(&list) : 0;
    yw_rule_value *items = NULL;
    if ((n->op == YW_OP_MAP || n->op == YW_OP_FILTER) && !(items = ev_alloc(e, len * sizeof *items))) return -1;
    scope inner = {.kind = (n->op == YW_OP_MAP || n->op == YW_OP_FILTER) ? SCOPE_ITEM : SCOPE_LIST, .list = list, .up = s};
    size_t kept = 0;
    for (size_t i = 0; i < len; i++) {
        yw_rule_value item = arr_at(&list, i), r;
        inner.data = item;
        inner.index = i;
        if (eval(e, n->args[1], &inner, &r) < 0) return -1;
        bool t = yw_rule_truthy(&r);
        switch (n->op) {
        case YW_OP_MAP: items[kept++] = r; break;
        case YW_OP_FILTER:
            if (t) items[kept++] = item;
            break;
        case YW_OP_ALL:
            if (!t) return *out = v_bool(false), 0;
            break;
        case YW_OP_SOME:
            if (t) return *out = v_bool(true), 0;
            break;
        default: /* none */
            if (t) return *out = v_bool(false), 0;
            break;
        }
    }
    switch (n->op) {
    case YW_OP_MAP:
    case YW_OP_FILTER: *out = v_arr(items, kept); break;
    case YW_OP_ALL: *out = v_bool(len > 0); break; /* all of nothing is false, as in json-logic-js */
    case YW_OP_SOME: *out = v_bool(false); break;
    default: *out = v_bool(true); break;
    }
    return 0;
}

static const char *const reduce_keys[] = {"current", "accumulator"};

static int op_reduce(ev *e, const yw_rule_node *n, const scope *s, yw_rule_value *out) {
    yw_rule_value list, acc = v_null();
    if (eval(e, n->args[0], s, &list) < 0) return -1;
    if (n->n > 2 && eval(e, n->args[2], s, &acc) < 0) return -1;
    size_t len = list.type == YW_RULE_ARRAY ? arr_len(&list) : 0;
    scope inner = {.kind = SCOPE_LIST, .list = list, .up = s};
    for (size_t i = 0; i < len; i++) {
        yw_rule_value *vals = ev_alloc(e, 2 * sizeof *vals);
        if (!vals) return -1;
        vals[0] = arr_at(&list, i);
        vals[1] = acc;
        inner.data = (yw_rule_value){.type = YW_RULE_OBJECT, .items = vals, .keys = reduce_keys, .len = 2};
        if (eval(e, n->args[1], &inner, &acc) < 0) return -1;
    }
    *out = acc;
    return 0;
}

/* An operand of arithmetic or of a numeric comparison as a number (JavaScript's +x: null 0, true
 * 1, text read whole). An array, an object or text that reads as no number raises NaN, as in
 * json-logic-engine, where json-logic-js computed on with NaN. */
static int number_operand(ev *e, const yw_rule_value *v, double *x) {
    if (v->type == YW_RULE_ARRAY || v->type == YW_RULE_OBJECT) return raise_nan(e);
    if (to_number(e, v, x) < 0) return -1;
    return isnan(*x) ? raise_nan(e) : 0;
}

/* +, -, *, /, %, max, min over any number of operands, left to right: - of one is its negation,
 * / of one its inverse; a result that is no number (a division by zero, % by zero) raises NaN. */
static int op_arith(ev *e, yw_rule_op op, const yw_rule_value *args, size_t nargs, yw_rule_value *out) {
    size_t least = op == YW_OP_MOD ? 2 : (op == YW_OP_SUB || op == YW_OP_DIV || op == YW_OP_MAX || op == YW_OP_MIN);
    if (nargs < least) return raise_arguments(e, op);
    double acc = op == YW_OP_MUL ? 1 : 0, x;
    for (size_t i = 0; i < nargs; i++) {
        if (number_operand(e, &args[i], &x) < 0) return -1;
        bool first = i == 0;
        switch (op) {
        case YW_OP_ADD: acc += x; break;
        case YW_OP_MUL: acc *= x; break;
        case YW_OP_SUB: acc = first ? (nargs == 1 ? -x : x) : acc - x; break;
        case YW_OP_DIV:
            if ((nargs == 1 || !first) && x == 0) return raise_nan(e);
            acc = first ? (nargs == 1 ? 1 / x : x) : acc / x;
            break;
        case YW_OP_MOD: acc = first ? x : fmod(acc, x); break;
        case YW_OP_MAX: acc = first ? x : fmax(acc, x); break;
        default: acc = first ? x : fmin(acc, x); break;
        }
    }
    if (isnan(acc) || (op == YW_OP_DIV && isinf(acc))) return raise_nan(e);
    *out = v_num(acc);
    return 0;
}

/* One comparison of a chain, as json-logic-engine makes it: === and !== as JavaScript's; two
 * strings (or nulls) as JavaScript compares them (== loosely, < by characters); anything else
 * as numbers (number_operand: null is 0, true 1, and an array, an object or text that reads as
 * no number raises NaN). */
static int compare_pair(ev *e, yw_rule_op op, const yw_rule_value *a, const yw_rule_value *b, bool *holds) {
    if (op == YW_OP_SEQ || op == YW_OP_SNE) {
        *holds = strict_equal(a, b) == (op == YW_OP_SEQ);
        return 0;
    }
    bool texts = (a->type == YW_RULE_STRING || a->type == YW_RULE_NULL) &&
                 (b->type == YW_RULE_STRING || b->type == YW_RULE_NULL);
    if (texts && (op == YW_OP_EQ || op == YW_OP_NE)) {
        bool eq;
        if (loose_equal(e, a, b, &eq) < 0) return -1;
        *holds = eq == (op == YW_OP_EQ);
        return 0;
    }
    int o;
    if (texts) {
        if (compare(e, a, b, &o) < 0) return -1;
    } else {
        double x, y;
        if (number_operand(e, a, &x) < 0 || number_operand(e, b, &y) < 0) return -1;
        o = x < y ? LESS : x > y ? GREATER : EQUAL;
    }
    switch (op) {
    case YW_OP_EQ: *holds = o == EQUAL; break;
    case YW_OP_NE: *holds = o != EQUAL; break;
    case YW_OP_LT: *holds = o == LESS; break;
    case YW_OP_LE: *holds = o == LESS || o == EQUAL; break;
    case YW_OP_GT: *holds = o == GREATER; break;
    default: *holds = o == GREATER || o == EQUAL; break;
    }
    return 0;
}

/* A comparison of two or more arguments: each with the next, evaluated as the chain goes and
 * stopped at the first that does not hold ({"<": [1, 2, 3]}: 1 < 2 and 2 < 3; json-logic-js's
 * between is the three-argument case). */
static int op_compare(ev *e, const yw_rule_node *n, const scope *s, yw_rule_value *out) {
    yw_rule_value prev, cur;
    if (eval(e, n->args[0], s, &prev) < 0) return -1;
    for (size_t i = 1; i < n->n; i++) {
        bool holds;
        if (eval(e, n->args[i], s, &cur) < 0 || compare_pair(e, n->op, &prev, &cur, &holds) < 0) return -1;
        if (!holds) return *out = v_bool(false), 0;
        prev = cur;
    }
    *out = v_bool(true);
    return 0;
}

/* try: the first argument whose evaluation raises no error (throw, NaN, wrong arguments); each
 * later one is evaluated with the error caught, {"type": …}, as its data. The last one's error is
 * raised on. The limits of an evaluation are not caught. */
static int op_try(ev *e, const yw_rule_node *n, const scope *s, yw_rule_value *out) {
    scope caught = {.kind = SCOPE_CAUGHT, .up = s};
    const scope *at = s;
    for (size_t i = 0;; i++) {
        if (eval(e, n->args[i], at, out) == 0) return 0;
        if (!e->raised || i + 1 == n->n) return -1;
        e->raised = false;
        caught.data = e->error;
        at = &caught;
    }
}

static int eval_op(ev *e, const yw_rule_node *n, const scope *s, yw_rule_value *out) {
    yw_rule_value *args = NULL;
    size_t nargs;
    bool found;
    switch (n->op) {
    case YW_OP_VAR: return op_var(e, n, s, out);
    case YW_OP_VAL:
        if (op_val(e, n, s, out, &found) < 0) return -1;
        if (!found) *out = v_null();
        return 0;
    case YW_OP_EXISTS:
        if (op_val(e, n, s, out, &found) < 0) return -1;
        *out = v_bool(found);
        return 0;
    case YW_OP_IF:
    case YW_OP_TERNARY: {
        size_t i = 0;
        for (; i + 1 < n->n; i += 2) {
            yw_rule_value c;
            if (eval(e, n->args[i], s, &c) < 0) return -1;
            if (yw_rule_truthy(&c)) return eval(e, n->args[i + 1], s, out);
        }
        if (i < n->n) return eval(e, n->args[i], s, out);
        *out = v_null();
        return 0;
    }
    case YW_OP_OR:
    case YW_OP_AND:
        *out = v_bool(false); /* of nothing */
        for (size_t i = 0; i < n->n; i++) {
            if (eval(e, n->args[i], s, out) < 0) return -1;
            if (yw_rule_truthy(out) == (n->op == YW_OP_OR)) return 0;
        }
        return 0;
    case YW_OP_COALESCE:
        *out = v_null();
        for (size_t i = 0; i < n->n; i++) {
            if (eval(e, n->args[i], s, out) < 0) return -1;
            if (out->type != YW_RULE_NULL) return 0;
        }
        return 0;
    case YW_OP_TRY: return op_try(e, n, s, out);
    case YW_OP_EQ:
    case YW_OP_NE:
    case YW_OP_SEQ:
    case YW_OP_SNE:
    case YW_OP_LT:
    case YW_OP_LE:
    case YW_OP_GT:
    case YW_OP_GE: return op_compare(e, n, s, out);
    case YW_OP_MAP:
    case YW_OP_FILTER:
    case YW_OP_ALL:
    case YW_OP_SOME:
    case YW_OP_NONE: return op_iterate(e, n, s, out);
    case YW_OP_REDUCE: return op_reduce(e, n, s, out);
    case YW_OP_ADD:
    case YW_OP_SUB:
    case YW_OP_MUL:
    case YW_OP_DIV:
    case YW_OP_MOD:
    case YW_OP_MAX:
    case YW_OP_MIN:
        if (values_of(e, n, s, &args, &nargs) < 0) return -1;
        return op_arith(e, n->op, args, nargs, out);
    case YW_OP_CAT:
        if (values_of(e, n, s, &args, &nargs) < 0) return -1;
        return op_cat(e, args, nargs, out);
    default: break;
    }
    if (eval_args(e, n, s, &args) < 0) return -1;
    switch (n->op) {
    case YW_OP_MISSING: {
        size_t nkeys;
        return missing(e, &s->data, args, n->n, out, &nkeys);
    }
    case YW_OP_MISSING_SOME: {
        double need;
        size_t nkeys;
        yw_rule_value list = args[1];
        if (to_number(e, &args[0], &need) < 0 || missing(e, &s->data, &list, 1, out, &nkeys) < 0) return -1;
        /* json-logic-js compares with the keys' length: a string's is its characters', and
         * other values have none (never enough present) */
        double have = list.type == YW_RULE_ARRAY    ? (double)nkeys
                      : list.type == YW_RULE_STRING ? (double)char_count(list.str, list.len)
                                                    : NAN;
        if (have - (double)arr_len(out) >= need) *out = v_arr(NULL, 0);
        return 0;
    }
    case YW_OP_NOT: *out = v_bool(n->n == 0 || !yw_rule_truthy(&args[0])); return 0; /* of nothing: of null */
    case YW_OP_TRUTHY: *out = v_bool(n->n > 0 && yw_rule_truthy(&args[0])); return 0;
    case YW_OP_MERGE: return op_merge(e, args, n->n, out);
    case YW_OP_IN: return op_in(e, args, out);
    case YW_OP_SUBSTR: return op_substr(e, args, n->n, out);
    case YW_OP_THROW: return op_throw(e, &args[0]);
    default: *out = args[0]; return 0; /* log: nothing is printed, a rule runs over millions of rows */
    }
}

static int eval(ev *e, const yw_rule_node *n, const scope *s, yw_rule_value *out) {
    if (++e->steps > YW_RULE_EVAL_MAX_STEPS)
        return yw_fail(e->err, YW_E_RULE_EVAL_TOO_LONG, NULL, YW_RULE_EVAL_MAX_STEPS);
    switch (n->kind) {
    case YW_NODE_LITERAL: *out = n->lit; return 0;
    case YW_NODE_ARRAY: {
        yw_rule_value *items;
        if (eval_args(e, n, s, &items) < 0) return -1;
        *out = v_arr(items, n->n);
        return 0;
    }
    default: return eval_op(e, n, s, out);
    }
}

int yw_rule_eval(const yw_rule *rule, const json_t *record, yw_arena *a, yw_rule_value *out, yw_err *err) {
    return yw_rule_eval_node(rule->root, record, a, out, err);
}

int yw_rule_eval_node(const yw_rule_node *node, const json_t *record, yw_arena *a, yw_rule_value *out, yw_err *err) {
    ev e = {.a = a, .base = a->total, .err = err};
    scope top = {.data = from_json(record), .kind = SCOPE_TOP};
    if (eval(&e, node, &top, out) == 0) return 0;
    *out = e.raised ? e.error : v_null();
    return -1;
}

/* ---- results as JSON ---- */

static json_t *to_json(const yw_rule_value *v, int depth) {
    if (depth > TEXT_MAX_DEPTH) return NULL;
    switch (v->type) {
    case YW_RULE_NULL: return json_null();
    case YW_RULE_BOOL: return json_boolean(v->b);
    case YW_RULE_STRING: return json_stringn_nocheck(v->str, v->len);
    case YW_RULE_NUMBER:
        if (!isfinite(v->num)) return json_null();
        if (v->num == floor(v->num) && fabs(v->num) <= 9007199254740992.0) return json_integer((json_int_t)v->num);
        return json_real(v->num);
    case YW_RULE_ARRAY: {
        if (v->json) return json_deep_copy(v->json);
        json_t *arr = json_array();
        for (size_t i = 0; arr && i < v->len; i++) {
            json_t *item = to_json(&v->items[i], depth + 1);
            if (!item || json_array_append_new(arr, item) < 0) {
                json_decref(arr);
                return NULL;
            }
        }
        return arr;
    }
    case YW_RULE_OBJECT: {
        if (v->json) return json_deep_copy(v->json);
        json_t *obj = json_object();
        for (size_t i = 0; obj && i < obj_len(v); i++) {
            json_t *item = to_json(&v->items[i], depth + 1);
            if (!item || json_object_set_new(obj, v->keys[i], item) < 0) {
                json_decref(obj);
                return NULL;
            }
        }
        return obj;
    }
    }
    return NULL;
}

json_t *yw_rule_value_json(const yw_rule_value *v) { return to_json(v, 0); }
