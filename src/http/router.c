/* Routing, request reading and response writing: everything between h2o's request and a
 * handler's plain arguments. Body validation follows the route's declared fields, so a handler
 * never sees an undeclared field or a field of the wrong type. */
#define H2O_USE_LIBUV 0
#include <h2o.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../domain/core/apikey.h"
#include "../base/utf8.h"
#include "http.h"
#include "../base/log.h"

static const yw_route_table tables[] = {
#define YW_API_TABLE(name) {"/api/", YW_DIALECT_YIWANG, YW_BODIES_JSON, YW_CALLERS_SESSION, NULL, yw_api_##name##_routes},
#define YW_ROUTE_TABLE(name, prefix, dialect, bodies, callers, scope)                                             \
    {(prefix), (dialect), (bodies), (callers), (scope), yw_api_##name##_routes},
#include "routes.h"
#undef YW_API_TABLE
#undef YW_ROUTE_TABLE
};
#define NTABLES (sizeof tables / sizeof tables[0])

bool yw_router_test_routes(void) {
#ifdef YW_TEST_ROUTES
    return true;
#else
    return false;
#endif
}

static bool has_prefix(const char *path, size_t len, const char *prefix) {
    size_t n = strlen(prefix);
    return len >= n && memcmp(path, prefix, n) == 0;
}

const yw_route_table *yw_router_table(const char *path, size_t len) {
    for (size_t t = 0; t < NTABLES; t++)
        if (has_prefix(path, len, tables[t].prefix)) return &tables[t];
    return NULL;
}

bool yw_router_xml(const yw_route_table *table, const char *path, size_t len) {
    return table && table->dialect == YW_DIALECT_OPEN311 && len >= 4 && memcmp(path + len - 4, ".xml", 4) == 0;
}

/* Compares pattern to path segment by segment; on a match copies the ":" segments into c. */
static bool match_path(const char *pattern, const char *path, size_t path_len, yw_http_ctx *c) {
    const char *p = pattern, *s = path, *end = path + path_len;
    int n = 0;
    const char *params[YW_MAX_PATH_PARAMS];
    size_t lens[YW_MAX_PATH_PARAMS];
    while (*p && s < end) {
        if (*p != '/' || *s != '/') return false;
        p++, s++;
        const char *pseg = p, *sseg = s;
        while (*p && *p != '/') p++;
        while (s < end && *s != '/') s++;
        size_t plen = (size_t)(p - pseg), slen = (size_t)(s - sseg);
        if (plen && pseg[0] == ':') {
            if (!slen || n == YW_MAX_PATH_PARAMS) return false;
            params[n] = sseg;
            lens[n++] = slen;
        } else if (plen != slen || memcmp(pseg, sseg, plen) != 0) {
            return false;
        }
    }
    if (*p || s != end) return false;
    if (c) {
        for (int i = 0; i < n; i++) c->params[i] = yw_arena_strndup(c->arena, params[i], lens[i]);
        c->nparams = n;
    }
    return true;
}

const yw_route *yw_router_match(const yw_route_table *table, const char *method, size_t method_len, const char *path,
                                size_t path_len, yw_http_ctx *c, bool *path_known) {
    /* the method first: it is one comparison, and a route of the right method is matched (and
     * its parameters taken) in one pass over the path; only the tables of the path's prefix */
    *path_known = false;
    for (size_t t = 0; t < NTABLES; t++) {
        if (strcmp(tables[t].prefix, table->prefix) != 0) continue;
        for (const yw_route *r = tables[t].routes; r->method; r++)
            if (strlen(r->method) == method_len && memcmp(r->method, method, method_len) == 0 &&
                match_path(r->pattern, path, path_len, c))
                return r;
    }
    /* no route: is it the path (405) or nothing at all (404)? */
    for (size_t t = 0; t < NTABLES; t++) {
        if (strcmp(tables[t].prefix, table->prefix) != 0) continue;
        for (const yw_route *r = tables[t].routes; r->method; r++)
            if (match_path(r->pattern, path, path_len, NULL)) *path_known = true;
    }
    return NULL;
}

/* ---- the tables' rules, checked once at start ---- */

static bool scalar_fields(const yw_field_spec *spec) {
    for (const yw_field_spec *f = spec; f && f->name; f++)
        if (f->type != YW_FIELD_STRING && f->type != YW_FIELD_INT && f->type != YW_FIELD_BOOL) return false;
    return true;
}

static bool ends_with(const char *s, const char *tail) {
    size_t n = strlen(s), k = strlen(tail);
    return n >= k && strcmp(s + n - k, tail) == 0;
}

int yw_router_check(yw_err *err) {
    for (size_t t = 0; t < NTABLES; t++) {
        const yw_route_table *tb = &tables[t];
        size_t plen = strlen(tb->prefix);
        if (plen < 2 || tb->prefix[0] != '/' || tb->prefix[plen - 1] != '/')
            return yw_err_set(err, YW_ERR_INTERNAL, NULL, "route table %s: a prefix begins and ends with /", tb->prefix);
        for (size_t u = 0; u < NTABLES; u++) {
            const yw_route_table *o = &tables[u];
            if (strcmp(o->prefix, tb->prefix) == 0) {
                if (o->dialect != tb->dialect || o->bodies != tb->bodies || o->callers != tb->callers ||
                    (o->scope ? !tb->scope || strcmp(o->scope, tb->scope) != 0 : tb->scope != NULL))
                    return yw_err_set(err, YW_ERR_INTERNAL, NULL,
                                      "route tables under %s declare different dialects, bodies or callers", tb->prefix);
            } else if (has_prefix(o->prefix, strlen(o->prefix), tb->prefix)) {
                return yw_err_set(err, YW_ERR_INTERNAL, NULL, "route table prefix %s lies inside %s", o->prefix,
                                  tb->prefix);
            }
        }
        if (tb->bodies == YW_BODIES_FORM && tb->callers != YW_CALLERS_APIKEY)
            return yw_err_set(err, YW_ERR_INTERNAL, NULL,
                              "route table %s: form bodies are what cross-site forms send; such a table authenticates "
                              "by API key, never by session",
                              tb->prefix);
        if (tb->callers == YW_CALLERS_APIKEY) {
            const char *const *k = yw_apikey_scopes;
            while (tb->scope && *k && strcmp(*k, tb->scope) != 0) k++;
            if (!tb->scope || !*k)
                return yw_err_set(err, YW_ERR_INTERNAL, NULL, "route table %s: API keys need one of the known scopes",
                                  tb->prefix);
        } else if (tb->scope) {
            return yw_err_set(err, YW_ERR_INTERNAL, NULL, "route table %s: a scope without API keys", tb->prefix);
        }
        for (const yw_route *r = tb->routes; r->method; r++) {
            if (!has_prefix(r->pattern, strlen(r->pattern), tb->prefix))
                return yw_err_set(err, YW_ERR_INTERNAL, NULL, "route %s %s is outside its table's prefix %s", r->method,
                                  r->pattern, tb->prefix);
            if (tb->dialect == YW_DIALECT_OPEN311 && !ends_with(r->pattern, ".json") && !ends_with(r->pattern, ".xml"))
                return yw_err_set(err, YW_ERR_INTERNAL, NULL, "route %s %s: an Open311 path ends in .json or .xml",
                                  r->method, r->pattern);
            if (tb->bodies == YW_BODIES_FORM && r->body && !yw_route_takes_file(r)) {
                if (r->auth != YW_AUTH_LOGIN)
                    return yw_err_set(err, YW_ERR_INTERNAL, NULL,
                                      "route %s %s takes a form body: it must require an API key (YW_AUTH_LOGIN)",
                                      r->method, r->pattern);
                if (!scalar_fields(r->body))
                    return yw_err_set(err, YW_ERR_INTERNAL, NULL,
                                      "route %s %s: form fields are strings, integers or booleans", r->method,
                                      r->pattern);
            }
            if (!scalar_fields(r->query))
                return yw_err_set(err, YW_ERR_INTERNAL, NULL,
                                  "route %s %s: query parameters are strings, integers or booleans", r->method,
                                  r->pattern);
        }
    }
    return 0;
}

/* ---- declared input: bodies and query strings ---- */

static const char *type_name(yw_field_type t, bool english) {
    switch (t) {
    case YW_FIELD_STRING: return english ? "a string" : "字符串";
    case YW_FIELD_INT: return english ? "an integer" : "整数";
    case YW_FIELD_BOOL: return english ? "true or false" : "布尔值（true或false）";
    case YW_FIELD_STRING_ARRAY: return english ? "an array of strings" : "字符串数组";
    case YW_FIELD_OBJECT_ARRAY: return english ? "an array of objects" : "对象数组";
    case YW_FIELD_OBJECT: return english ? "an object of strings, numbers and booleans" : "取值为字符串、数字或布尔值的对象";
    case YW_FIELD_RAW: return english ? "a file" : "文件";
    }
    return "?";
}

/* Checks one string value against f; `name` is what the error names. */
static int check_string(const yw_field_spec *f, const char *name, const char *s, size_t n, size_t max, yw_err *err) {
    if (n > max)
        return yw_fail(err, YW_E_FIELD_TOO_LONG, name, name, max);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x20 && ch != 0x7f) continue;
        if ((f->flags & YW_TEXT_MULTILINE) && (ch == '\n' || ch == '\r' || ch == '\t')) continue;
        return yw_fail(err, YW_E_FIELD_CONTROL, name, name);
    }
    if (!(f->flags & YW_TEXT_BLANK_OK) && f->required && yw_utf8_blank(s, n))
        return yw_fail(err, YW_E_FIELD_BLANK, name, name);
    if (f->one_of) {
        const char *const *v = f->one_of;
        while (*v && !(strlen(*v) == n && memcmp(*v, s, n) == 0)) v++;
        if (!*v) {
            char allowed[160] = "";
            size_t used = 0;
            for (v = f->one_of; *v && used + strlen(*v) + 3 < sizeof allowed; v++)
                used += (size_t)snprintf(allowed + used, sizeof allowed - used, "%s%s", v == f->one_of ? "" : ", ", *v);
            return yw_fail(err, YW_E_FIELD_VALUE, name, name, allowed);
        }
    }
    return 0;
}

static int check_fields(json_t *obj, const yw_field_spec *spec, const char *prefix, yw_err *err);

/* Checks one present, non-null value v against f. */
static int check_value(const yw_field_spec *f, const char *name, json_t *v, yw_err *err) {
    bool ok = true;
    switch (f->type) {
    case YW_FIELD_STRING:
        if (!json_is_string(v)) break;
        return check_string(f, name, json_string_value(v), json_string_length(v), (size_t)f->max, err);
    case YW_FIELD_INT:
        if (!json_is_integer(v)) break;
        if (json_integer_value(v) < f->min || json_integer_value(v) > f->max)
            return yw_fail(err, YW_E_FIELD_RANGE, name, name, (long long)f->min, (long long)f->max);
        return 0;
    case YW_FIELD_BOOL:
        if (json_is_boolean(v)) return 0;
        break;
    case YW_FIELD_STRING_ARRAY:
    case YW_FIELD_OBJECT_ARRAY:
        if (!json_is_array(v)) break;
        if ((int64_t)json_array_size(v) > f->max)
            return yw_fail(err, YW_E_FIELD_TOO_MANY, name, name, (long long)f->max);
        for (size_t i = 0; i < json_array_size(v); i++) {
            json_t *e = json_array_get(v, i);
            char pointer[160];
            snprintf(pointer, sizeof pointer, "%s%s/%zu", name[0] == '/' ? "" : "/", name, i);
            if (f->type == YW_FIELD_STRING_ARRAY) {
                if (!json_is_string(e)) {
                    ok = false;
                    break;
                }
                yw_field_spec item = *f;
                item.one_of = NULL;
                if (check_string(&item, pointer, json_string_value(e), json_string_length(e), 200, err) < 0) return -1;
            } else {
                if (!json_is_object(e)) {
                    ok = false;
                    break;
                }
                if (f->members && check_fields(e, f->members, pointer, err) < 0) return -1;
            }
        }
        if (ok) return 0;
        break;
    case YW_FIELD_OBJECT: {
        if (!json_is_object(v)) break;
        if ((int64_t)json_object_size(v) > f->max)
            return yw_fail(err, YW_E_FIELD_TOO_MANY, name, name, (long long)f->max);
        if (f->flags & YW_OBJECT_ANY) return 0;
        const char *key;
        json_t *e;
        yw_field_spec member = {.name = f->name, .type = YW_FIELD_STRING, .flags = YW_TEXT_BLANK_OK};
        json_object_foreach(v, key, e) {
            char pointer[256]; /* a name of up to 127 bytes, "/" and a key of up to 64 */
            snprintf(pointer, sizeof pointer, "%s%s/%.64s", name[0] == '/' ? "" : "/", name, key);
            if (check_string(&member, pointer, key, strlen(key), YW_OBJECT_KEY_MAX, err) < 0) return -1;
            if (json_is_string(e)) {
                if (check_string(&member, pointer, json_string_value(e), json_string_length(e), YW_OBJECT_VALUE_MAX, err) < 0) return -1;
            } else if (!json_is_number(e) && !json_is_boolean(e)) {
                return yw_fail(err, YW_E_FIELD_TYPE, pointer, pointer, "字符串、数字或布尔值",
                               "a string, a number or a boolean");
            }
        }
        return 0;
    }
    case YW_FIELD_RAW: break; /* the whole body, never a member of a JSON one */
    }
    return yw_fail(err, YW_E_FIELD_TYPE, name, name, type_name(f->type, false), type_name(f->type, true));
}

/* Checks the members of obj against spec: nothing undeclared, required ones present, each of
 * its declared type and limits. prefix is "" at the top (plain names) or a JSON pointer. */
static int check_fields(json_t *obj, const yw_field_spec *spec, const char *prefix, yw_err *err) {
    const char *key;
    json_t *v;
    char name[128];
    json_object_foreach(obj, key, v) {
        const yw_field_spec *f = spec;
        while (f->name && strcmp(f->name, key) != 0) f++;
        if (!f->name) {
            snprintf(name, sizeof name, "%s%s%.48s", prefix, *prefix ? "/" : "", key);
            return yw_fail(err, YW_E_FIELD_UNKNOWN, name, name);
        }
    }
    for (const yw_field_spec *f = spec; f->name; f++) {
        snprintf(name, sizeof name, "%s%s%s", prefix, *prefix ? "/" : "", f->name);
        v = json_object_get(obj, f->name);
        if (!v || json_is_null(v)) {
            if (f->required) return yw_fail(err, YW_E_FIELD_REQUIRED, name, name);
            continue;
        }
        if (check_value(f, name, v, err) < 0) return -1;
    }
    return 0;
}

int yw_http_parse_body(const char *data, size_t len, const yw_field_spec *spec, json_t **out, yw_err *err) {
    *out = NULL;
    if (len == 0) return yw_fail(err, YW_E_BODY_EMPTY, NULL);
    json_error_t jerr;
    json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return yw_fail(err, YW_E_BODY_MALFORMED, NULL, jerr.line, jerr.column, jerr.text);
    if (!json_is_object(root)) {
        json_decref(root);
        return yw_fail(err, YW_E_BODY_NOT_OBJECT, NULL);
    }
    if (check_fields(root, spec, "", err) < 0) {
        json_decref(root);
        return -1;
    }
    *out = root;
    return 0;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* URL-decodes s[0..n) into a malloc'd string (*len its length); '+' is a space. A malformed
 * escape is an error: NULL with *bad set. */
static char *url_decode(const char *s, size_t n, size_t *len, bool *bad) {
    char *out = malloc(n + 1), *o = out;
    *bad = false;
    if (!out) return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%') {
            if (i + 2 >= n || hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0) {
                free(out);
                *bad = true;
                return NULL;
            }
            *o++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else {
            *o++ = s[i] == '+' ? ' ' : s[i];
        }
    }
    *o = '\0';
    *len = (size_t)(o - out);
    return out;
}

/* The typed JSON value of one query parameter's or form field's text, or NULL with err filled.
 * A form field's errors are a JSON body's: a value not of the field's type is FIELD_TYPE. */
static json_t *query_value(const yw_field_spec *f, const char *v, size_t n, bool form, yw_err *err) {
    switch (f->type) {
    case YW_FIELD_INT: {
        char *end;
        errno = 0;
        long long x = strtoll(v, &end, 10);
        if (form && (!n || *end || (v[0] != '-' && (v[0] < '0' || v[0] > '9')))) {
            yw_fail(err, YW_E_FIELD_TYPE, f->name, f->name, type_name(f->type, false), type_name(f->type, true));
            return NULL;
        }
        if (!n || *end || errno == ERANGE || x < f->min || x > f->max) {
            yw_fail(err, YW_E_FIELD_RANGE, f->name, f->name, (long long)f->min, (long long)f->max);
            return NULL;
        }
        return json_integer(x);
    }
    case YW_FIELD_BOOL:
        if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0) return json_true();
        if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0) return json_false();
        if (form) yw_fail(err, YW_E_FIELD_TYPE, f->name, f->name, type_name(f->type, false), type_name(f->type, true));
        else yw_fail(err, YW_E_QUERY_BOOL, f->name, f->name);
        return NULL;
    case YW_FIELD_STRING: {
        json_t *s = json_stringn(v, n);
        if (!s) {
            yw_fail(err, form ? YW_E_FIELD_UTF8 : YW_E_QUERY_UTF8, f->name, f->name);
            return NULL;
        }
        if (check_string(f, f->name, v, n, (size_t)f->max, err) < 0) {
            json_decref(s);
            return NULL;
        }
        return s;
    }
    default: yw_err_set(err, YW_ERR_INTERNAL, f->name, "query parameters are strings, integers or booleans"); return NULL;
    }
}

/* Parses name=value pairs joined by & (a query string, or a form body when `form`) against spec. */
static int parse_pairs(const char *q, size_t len, const yw_field_spec *spec, bool form, json_t **out, yw_err *err) {
    *out = NULL;
    static const yw_field_spec none[] = {YW_END};
    if (!spec) spec = none;
    if (!q || !len) {
        /* nothing to parse: the common case costs no allocation */
        for (const yw_field_spec *f = spec; f->name; f++)
            if (f->required) return yw_fail(err, YW_E_FIELD_REQUIRED, f->name, f->name);
        return 0;
    }
    json_t *obj = json_object();
    if (!obj) return yw_fail(err, YW_E_NOMEM, NULL);
    const char *p = q ? q : "", *end = p + (q ? len : 0);
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        if (!amp) amp = end;
        if (amp == p) {
            p = amp + 1;
            continue;
        }
        const char *eq = memchr(p, '=', (size_t)(amp - p));
        const char *kend = eq ? eq : amp;
        size_t klen, vlen;
        bool bad;
        char *key = url_decode(p, (size_t)(kend - p), &klen, &bad);
        char *val = key ? url_decode(eq ? eq + 1 : amp, eq ? (size_t)(amp - eq - 1) : 0, &vlen, &bad) : NULL;
        if (!key || !val) {
            free(key);
            json_decref(obj);
            return bad ? yw_fail(err, form ? YW_E_FORM_MALFORMED : YW_E_QUERY_MALFORMED, NULL)
                       : yw_fail(err, YW_E_NOMEM, NULL);
        }
        const yw_field_spec *f = spec;
        while (f->name && !(strlen(f->name) == klen && memcmp(f->name, key, klen) == 0)) f++;
        if (form && f->name && vlen == 0) {
            /* Open311's optional arguments: an empty value is no value */
            free(key);
            free(val);
            p = amp + 1;
            continue;
        }
        json_t *v = NULL;
        if (!f->name) {
            char shown[52];
            snprintf(shown, sizeof shown, "%.48s", key);
            yw_fail(err, form ? YW_E_FIELD_UNKNOWN : YW_E_QUERY_UNKNOWN, NULL, shown);
        } else if (json_object_get(obj, f->name)) {
            yw_fail(err, form ? YW_E_FIELD_REPEATED : YW_E_QUERY_REPEATED, f->name, f->name);
        } else {
            v = query_value(f, val, vlen, form, err);
        }
        if (!f->name && err) snprintf(err->field, sizeof err->field, "%.48s", key);
        free(key);
        free(val);
        if (!v || json_object_set_new(obj, f->name, v) < 0) {
            json_decref(obj);
            return -1;
        }
        p = amp + 1;
    }
    for (const yw_field_spec *f = spec; f->name; f++)
        if (f->required && !json_object_get(obj, f->name)) {
            json_decref(obj);
            return yw_fail(err, YW_E_FIELD_REQUIRED, f->name, f->name);
        }
    *out = obj;
    return 0;
}

int yw_http_parse_query(const char *q, size_t len, const yw_field_spec *spec, json_t **out, yw_err *err) {
    return parse_pairs(q, len, spec, false, out, err);
}

int yw_http_parse_form(const char *data, size_t len, const yw_field_spec *spec, json_t **out, yw_err *err) {
    /* an object even when empty: the route takes a body, and handlers read it */
    if (parse_pairs(data, len, spec, true, out, err) < 0) return -1;
    if (!*out && !(*out = json_object())) return yw_fail(err, YW_E_NOMEM, NULL);
    return 0;
}

/* Does ct (len bytes) name the media type want, with or without parameters? */
static bool media_type_is(const char *ct, size_t len, const char *want) {
    size_t n = strlen(want);
    if (!ct || len < n || strncasecmp(ct, want, n) != 0) return false;
    const char *rest = ct + n, *end = ct + len;
    while (rest < end && *rest == ' ') rest++;
    return rest == end || *rest == ';';
}

int yw_http_check_form_type(const char *ct, size_t len, yw_err *err) {
    return media_type_is(ct, len, "application/x-www-form-urlencoded") ? 0 : yw_fail(err, YW_E_MEDIA_TYPE_FORM, NULL);
}

int yw_http_check_json_type(const char *ct, size_t len, yw_err *err) {
    static const char want[] = "application/json";
    size_t n = sizeof want - 1;
    if (ct && len >= n && strncasecmp(ct, want, n) == 0) {
        const char *rest = ct + n, *end = ct + len;
        while (rest < end && *rest == ' ') rest++;
        if (rest == end || *rest == ';') return 0;
    }
    return yw_fail(err, YW_E_MEDIA_TYPE, NULL);
}

/* ---- file bodies (YW_RAW) ---- */

bool yw_route_takes_file(const yw_route *route) { return route->body && route->body[0].type == YW_FIELD_RAW; }

size_t yw_route_max_body(const yw_route *route, size_t def) {
    if (yw_route_takes_file(route)) return (size_t)route->body[0].max;
    size_t files = 0;
    for (const yw_field_spec *f = route->body; f && f->name; f++)
        if (f->flags & YW_BASE64_FILES) files += (size_t)f->max * (((size_t)f->min + 2) / 3 * 4);
    return def + files;
}

size_t yw_router_max_body(size_t def) {
    size_t most = def;
    for (size_t t = 0; t < NTABLES; t++)
        for (const yw_route *r = tables[t].routes; r->method; r++)
            if (yw_route_max_body(r, def) > most) most = yw_route_max_body(r, def);
    return most;
}

int yw_http_check_file_type(const yw_route *route, const char *ct, size_t len, const char **type, yw_err *err) {
    const yw_field_spec *f = &route->body[0];
    size_t n = 0;
    while (ct && n < len && ct[n] != ';' && ct[n] != ' ') n++;
    for (const char *const *v = f->one_of; v && *v; v++)
        if (strlen(*v) == n && strncasecmp(*v, ct, n) == 0) {
            *type = *v;
            return 0;
        }
    char allowed[300] = "";
    size_t used = 0;
    for (const char *const *v = f->one_of; v && *v && used + strlen(*v) + 3 < sizeof allowed; v++)
        used += (size_t)snprintf(allowed + used, sizeof allowed - used, "%s%s", v == f->one_of ? "" : ", ", *v);
    return yw_fail(err, YW_E_BODY_MEDIA_TYPES, NULL, allowed);
}

const char *yw_body_str(yw_http_ctx *c, const char *name) {
    json_t *v = c->body ? json_object_get(c->body, name) : NULL;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

int64_t yw_body_int(yw_http_ctx *c, const char *name, int64_t def) {
    json_t *v = c->body ? json_object_get(c->body, name) : NULL;
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : def;
}

bool yw_body_bool(yw_http_ctx *c, const char *name, bool def) {
    json_t *v = c->body ? json_object_get(c->body, name) : NULL;
    return json_is_boolean(v) ? json_is_true(v) : def;
}

const char **yw_body_str_array(yw_http_ctx *c, const char *name) {
    json_t *v = c->body ? json_object_get(c->body, name) : NULL;
    if (!json_is_array(v)) return NULL;
    const char **out = yw_arena_calloc(c->arena, json_array_size(v) + 1, sizeof(char *));
    if (!out) return NULL;
    for (size_t i = 0; i < json_array_size(v); i++) out[i] = json_string_value(json_array_get(v, i));
    return out;
}

const char *yw_query_str(yw_http_ctx *c, const char *name) {
    json_t *v = c->query ? json_object_get(c->query, name) : NULL;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

int64_t yw_query_int(yw_http_ctx *c, const char *name, int64_t def) {
    json_t *v = c->query ? json_object_get(c->query, name) : NULL;
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : def;
}

bool yw_query_bool(yw_http_ctx *c, const char *name, bool def) {
    json_t *v = c->query ? json_object_get(c->query, name) : NULL;
    return json_is_boolean(v) ? json_is_true(v) : def;
}

/* ---- responses: recorded in the context, sent by the server after the commit ---- */

void yw_http_set_header(yw_http_ctx *c, const char *name, const char *value) {
    if (c->nheaders == YW_MAX_RESPONSE_HEADERS) return;
    c->headers[c->nheaders].name = name;
    c->headers[c->nheaders++].value = value;
}

int yw_http_reply(yw_http_ctx *c, int status, const char *content_type, const yw_buf *body, yw_err *err) {
    if (body->failed) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory writing the response");
    c->status = status;
    c->content_type = content_type;
    c->response = *body;
    return 0;
}

void yw_http_json_begin(yw_http_ctx *c, yw_buf *b, yw_jw *w) { yw_jw_begin(w, b, c->arena); }

int yw_http_reply_json(yw_http_ctx *c, int status, const yw_buf *b, yw_err *err) {
    return yw_http_reply(c, status, "application/json; charset=utf-8", b, err);
}

void yw_xml_text(yw_buf *b, const char *s) {
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        switch (ch) {
        case '&': yw_buf_puts(b, "&amp;"); break;
        case '<': yw_buf_puts(b, "&lt;"); break;
        case '>': yw_buf_puts(b, "&gt;"); break;
        case '"': yw_buf_puts(b, "&quot;"); break;
        case '\'': yw_buf_puts(b, "&apos;"); break;
        default:
            if (ch >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r') yw_buf_putc(b, (char)ch);
        }
    }
}

int yw_http_reply_open311(yw_http_ctx *c, int status, const yw_buf *b, yw_err *err) {
    return yw_http_reply(c, status, c->xml ? "text/xml; charset=utf-8" : "application/json; charset=utf-8", b, err);
}

/* Open311 GeoReport v2's errors: a list of {code: the HTTP status, description}, in JSON or XML. */
static void reply_open311_error(yw_http_ctx *c, const yw_err *err) {
    yw_buf b;
    yw_buf_init(&b, c->arena);
    char buf[256];
    const char *message = yw_err_message(err, c->english, buf, sizeof buf);
    int status = yw_err_http_status(err->code);
    if (c->xml) {
        yw_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<errors><error><code>");
        char code[16];
        snprintf(code, sizeof code, "%d", status);
        yw_buf_puts(&b, code);
        yw_buf_puts(&b, "</code><description>");
        yw_xml_text(&b, message);
        yw_buf_puts(&b, "</description></error></errors>\n");
    } else {
        yw_jw w;
        yw_jw_begin(&w, &b, c->arena);
        yw_jw_arr(&w);
        yw_jw_obj(&w);
        yw_jw_kint(&w, "code", status);
        yw_jw_kstr(&w, "description", message);
        yw_jw_end(&w);
        yw_jw_end(&w);
    }
    if (b.failed) {
        static const char oom[] = "out of memory";
        b = (yw_buf){.data = (char *)oom, .len = sizeof oom - 1};
    }
    c->status = status;
    c->content_type = c->xml ? "text/xml; charset=utf-8" : "application/json; charset=utf-8";
    c->response = b;
}

/* One error's object: {"code","reason","message","field"}. */
static void write_error(yw_jw *w, const yw_err *err, bool english) {
    char buf[256];
    yw_jw_obj(w);
    yw_jw_kstr(w, "code", yw_err_name(err->code));
    if (err->reason) yw_jw_kstr(w, "reason", err->reason);
    yw_jw_kstr(w, "message", yw_err_message(err, english, buf, sizeof buf));
    if (err->field[0]) yw_jw_kstr(w, "field", err->field);
    yw_jw_end(w);
}

void yw_http_reply_error(yw_http_ctx *c, const yw_err *err) {
    /* a store's or the system's own words (set without a reason from the table) are logged, never
     * answered: they name tables and constraints, and are in neither of the page's languages */
    yw_err plain;
    if (!err->reason && (err->code == YW_ERR_CONFLICT || err->code == YW_ERR_BUSY || err->code == YW_ERR_STORE ||
                         err->code == YW_ERR_INTERNAL || err->code == YW_ERR_IO)) {
        yw_log(YW_LOG_WARN, "%s: %s", yw_err_name(err->code), err->message);
        yw_fail(&plain, err->code == YW_ERR_CONFLICT ? YW_E_STORE_CONFLICT
                        : err->code == YW_ERR_BUSY   ? YW_E_STORE_BUSY
                        : err->code == YW_ERR_STORE  ? YW_E_STORE_FAILED
                                                     : YW_E_INTERNAL,
                NULL);
        plain.code = err->code == YW_ERR_IO ? YW_ERR_INTERNAL : err->code;
        err = &plain;
    }
    yw_buf b;
    yw_jw w;
    c->nheaders = 0; /* a failed handler's cookies and dispositions do not go out */
    if (err->code == YW_ERR_UNAUTHENTICATED && c->table && c->table->callers == YW_CALLERS_APIKEY)
        yw_http_set_header(c, "www-authenticate", "X-Api-Key");
    if (c->table && c->table->dialect == YW_DIALECT_OPEN311) {
        reply_open311_error(c, err);
        return;
    }
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "error");
    write_error(&w, err, c->english);
    if (c->nproblems > 0) { /* every problem at once, the error among them */
        yw_jw_key(&w, "errors");
        yw_jw_arr(&w);
        for (int i = 0; i < c->nproblems; i++) write_error(&w, &c->problems[i], c->english);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    if (err->code == YW_ERR_UNAUTHENTICATED && !c->nheaders) yw_http_set_header(c, "www-authenticate", "Bearer");
    if (b.failed) {
        static const char oom[] = "{\"error\":{\"code\":\"no_memory\",\"message\":\"out of memory\"}}";
        b = (yw_buf){.data = (char *)oom, .len = sizeof oom - 1};
    }
    c->status = yw_err_http_status(err->code);
    c->content_type = "application/json; charset=utf-8";
    c->response = b;
}

void yw_http_then(yw_http_ctx *c, void (*work)(void *arg), void *arg, yw_handler next) {
    c->then_work = work;
    c->then_arg = arg;
    c->then_handler = next;
}
