/* Routing, request reading and response writing: everything between h2o's request and a
 * handler's plain arguments. Body validation follows the route's declared fields, so a handler
 * never sees an undeclared field or a field of the wrong type. */
#define H2O_USE_LIBUV 0
#include <h2o.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

static const yw_route *const tables[] = {
    yw_api_session_routes, yw_api_account_routes, yw_api_department_routes,
    yw_api_reference_routes, yw_api_audit_routes, yw_api_ledger_routes,
};

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

const yw_route *yw_router_match(const char *method, size_t method_len, const char *path, size_t path_len,
                                yw_http_ctx *c, bool *path_known) {
    /* the method first: it is one comparison, and a route of the right method is matched (and
     * its parameters taken) in one pass over the path */
    *path_known = false;
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        for (const yw_route *r = tables[t]; r->method; r++)
            if (strlen(r->method) == method_len && memcmp(r->method, method, method_len) == 0 &&
                match_path(r->pattern, path, path_len, c))
                return r;
    /* no route: is it the path (405) or nothing at all (404)? */
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        for (const yw_route *r = tables[t]; r->method; r++)
            if (match_path(r->pattern, path, path_len, NULL)) *path_known = true;
    return NULL;
}

/* ---- bodies ---- */

static const char *type_name(yw_field_type t) {
    switch (t) {
    case YW_FIELD_STRING: return "a string";
    case YW_FIELD_INT: return "an integer";
    case YW_FIELD_BOOL: return "true or false";
    case YW_FIELD_STRING_ARRAY: return "an array of strings";
    case YW_FIELD_OBJECT_ARRAY: return "an array of objects";
    }
    return "?";
}

int yw_http_parse_body(const char *data, size_t len, const yw_field_spec *spec, json_t **out, yw_err *err) {
    *out = NULL;
    if (len == 0) return yw_err_set(err, YW_ERR_BAD_REQUEST, NULL, "请求体为空 (the request needs a JSON body)");
    json_error_t jerr;
    json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return yw_err_set(err, YW_ERR_BAD_REQUEST, NULL, "JSON格式错误 (malformed JSON at line %d, column %d: %s)",
                          jerr.line, jerr.column, jerr.text);
    if (!json_is_object(root)) {
        json_decref(root);
        return yw_err_set(err, YW_ERR_BAD_REQUEST, NULL, "请求体应为JSON对象 (the body must be a JSON object)");
    }
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v) {
        const yw_field_spec *f = spec;
        while (f->name && strcmp(f->name, key) != 0) f++;
        if (!f->name) {
            yw_err_set(err, YW_ERR_INVALID, key, "未知字段 (unknown field %.48s)", key);
            goto fail;
        }
    }
    for (const yw_field_spec *f = spec; f->name; f++) {
        v = json_object_get(root, f->name);
        if (!v || json_is_null(v)) {
            if (f->required) {
                yw_err_set(err, YW_ERR_INVALID, f->name, "缺少必填字段 (%s is required)", f->name);
                goto fail;
            }
            continue;
        }
        bool ok = true;
        switch (f->type) {
        case YW_FIELD_STRING:
            ok = json_is_string(v);
            if (ok && json_string_length(v) > f->max) {
                yw_err_set(err, YW_ERR_INVALID, f->name, "%s is longer than %zu bytes", f->name, f->max);
                goto fail;
            }
            if (ok && memchr(json_string_value(v), '\0', json_string_length(v))) {
                yw_err_set(err, YW_ERR_INVALID, f->name, "%s must not contain NUL characters", f->name);
                goto fail;
            }
            break;
        case YW_FIELD_INT: ok = json_is_integer(v); break;
        case YW_FIELD_BOOL: ok = json_is_boolean(v); break;
        case YW_FIELD_OBJECT_ARRAY:
            ok = json_is_array(v);
            if (ok && json_array_size(v) > f->max) {
                yw_err_set(err, YW_ERR_INVALID, f->name, "%s holds more than %zu items", f->name, f->max);
                goto fail;
            }
            for (size_t i = 0; ok && i < json_array_size(v); i++) ok = json_is_object(json_array_get(v, i));
            break;
        case YW_FIELD_STRING_ARRAY:
            ok = json_is_array(v);
            if (ok && json_array_size(v) > f->max) {
                yw_err_set(err, YW_ERR_INVALID, f->name, "%s holds more than %zu items", f->name, f->max);
                goto fail;
            }
            for (size_t i = 0; ok && i < json_array_size(v); i++) {
                json_t *e = json_array_get(v, i);
                ok = json_is_string(e) && json_string_length(e) <= 200 &&
                     !memchr(json_string_value(e), '\0', json_string_length(e));
            }
            break;
        }
        if (!ok) {
            yw_err_set(err, YW_ERR_INVALID, f->name, "字段类型错误 (%s must be %s)", f->name, type_name(f->type));
            goto fail;
        }
    }
    *out = root;
    return 0;
fail:
    json_decref(root);
    return -1;
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

/* ---- query strings ---- */

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* URL-decodes s[0..n) into arena memory; '+' is a space. Malformed escapes stay as they are. */
static char *url_decode(yw_arena *a, const char *s, size_t n) {
    char *out = yw_arena_alloc(a, n + 1), *o = out;
    if (!out) return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            *o++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else {
            *o++ = s[i] == '+' ? ' ' : s[i];
        }
    }
    *o = '\0';
    return out;
}

const char *yw_http_query(yw_http_ctx *c, const char *name) {
    h2o_req_t *req = c->req;
    if (req->query_at == SIZE_MAX) return NULL;
    const char *q = req->path.base + req->query_at + 1, *end = req->path.base + req->path.len;
    size_t nlen = strlen(name);
    while (q < end) {
        const char *amp = memchr(q, '&', (size_t)(end - q));
        if (!amp) amp = end;
        const char *eq = memchr(q, '=', (size_t)(amp - q));
        const char *kend = eq ? eq : amp;
        if ((size_t)(kend - q) == nlen && memcmp(q, name, nlen) == 0)
            return eq ? url_decode(c->arena, eq + 1, (size_t)(amp - eq - 1)) : "";
        q = amp + 1;
    }
    return NULL;
}

int yw_http_query_int(yw_http_ctx *c, const char *name, int def, int min, int max, int *out, yw_err *err) {
    const char *v = yw_http_query(c, name);
    if (!v) {
        *out = def;
        return 0;
    }
    char *end;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < min || n > max)
        return yw_err_set(err, YW_ERR_INVALID, name, "%s must be an integer from %d to %d", name, min, max);
    *out = (int)n;
    return 0;
}

/* ---- responses ---- */

void yw_http_set_header(yw_http_ctx *c, const char *name, const char *value) {
    h2o_req_t *req = c->req;
    h2o_add_header_by_str(&req->pool, &req->res.headers, name, strlen(name), 1, NULL, value, strlen(value));
}

int yw_http_reply(yw_http_ctx *c, int status, const char *content_type, const yw_buf *body, yw_err *err) {
    if (body->failed) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory writing the response");
    h2o_req_t *req = c->req;
    req->res.status = status;
    req->res.reason = "";
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL, content_type, strlen(content_type));
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL, H2O_STRLIT("no-store"));
    h2o_send_inline(req, body->data ? body->data : "", body->len);
    return 0;
}

void yw_http_json_begin(yw_http_ctx *c, yw_buf *b, yw_jw *w) { yw_jw_begin(w, b, c->arena); }

int yw_http_reply_json(yw_http_ctx *c, int status, const yw_buf *b, yw_err *err) {
    return yw_http_reply(c, status, "application/json; charset=utf-8", b, err);
}

void yw_http_reply_error(yw_http_ctx *c, const yw_err *err) {
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "error");
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "code", yw_err_name(err->code));
    yw_jw_kstr(&w, "message", err->message);
    if (err->field[0]) yw_jw_kstr(&w, "field", err->field);
    yw_jw_end(&w);
    yw_jw_end(&w);
    if (b.failed) {
        h2o_req_t *req = c->req;
        h2o_send_error_500(req, "Internal Server Error", "out of memory", 0);
        return;
    }
    if (err->code == YW_ERR_UNAUTHENTICATED) yw_http_set_header(c, "www-authenticate", "Bearer");
    yw_http_reply_json(c, yw_err_http_status(err->code), &b, NULL);
}
