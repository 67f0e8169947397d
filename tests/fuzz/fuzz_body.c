/* Fuzz target: request bodies and query strings. Any bytes go through the JSON parser and the
 * declared-field check (types, ranges, allowed values, members of object arrays), through the
 * query-string parser and through the form-body parser; what is accepted must hold only declared
 * fields within their limits. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

static const char *const kinds[] = {"person", "enterprise", "staff", NULL};
static const yw_field_spec members[] = {YW_STR("name", true, 20), YW_INT("size", false, 0, 10), YW_END};
static const yw_field_spec spec[] = {
    YW_ENUM("kind", true, kinds),  YW_STR("name", true, 100),          YW_STRS("roles", false, 8),
    YW_INT("limit", false, 1, 500), YW_BOOL("disabled", false),         YW_OBJS("evidence", false, 4, members),
    YW_TEXT("text", false, 200),   YW_OBJ("answers", false, 5),       YW_JSON_OBJ("rule", false, 3), YW_END,
};
static const yw_field_spec query[] = {YW_ENUM("kind", false, kinds), YW_INT("limit", false, 1, 500),
                                      YW_BOOL("mine", false), YW_STR("q", false, 50), YW_END};

static void check_declared(json_t *obj, const yw_field_spec *s) {
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        const yw_field_spec *f = s;
        while (f->name && strcmp(f->name, key) != 0) f++;
        if (!f->name) abort();
        if (f->type == YW_FIELD_INT && json_is_integer(v) && (json_integer_value(v) < f->min || json_integer_value(v) > f->max))
            abort();
        if (f->type == YW_FIELD_OBJECT && (!json_is_object(v) || (int64_t)json_object_size(v) > f->max)) abort();
        if (f->type == YW_FIELD_OBJECT && !(f->flags & YW_OBJECT_ANY)) {
            const char *k;
            json_t *e;
            json_object_foreach(v, k, e) {
                if (strlen(k) > YW_OBJECT_KEY_MAX || json_is_object(e) || json_is_array(e) || json_is_null(e)) abort();
                if (json_is_string(e) && json_string_length(e) > YW_OBJECT_VALUE_MAX) abort();
            }
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    json_t *body;
    yw_err err;
    if (yw_http_parse_body((const char *)data, size, spec, &body, &err) < 0) {
        if (!err.message[0]) abort(); /* every refusal says why */
    } else {
        if (!json_is_string(json_object_get(body, "kind")) || !json_is_string(json_object_get(body, "name"))) abort();
        if (json_string_length(json_object_get(body, "name")) > 100) abort();
        check_declared(body, spec);
        json_decref(body);
    }
    json_t *f;
    if (yw_http_parse_form((const char *)data, size, query, &f, &err) < 0) {
        if (!err.message[0]) abort();
    } else {
        check_declared(f, query);
        json_decref(f);
    }
    json_t *q;
    if (yw_http_parse_query((const char *)data, size, query, &q, &err) < 0) {
        if (!err.message[0]) abort();
        return 0;
    }
    check_declared(q, query);
    json_decref(q);
    return 0;
}
