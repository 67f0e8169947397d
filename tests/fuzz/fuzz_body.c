/* Fuzz target: request bodies. Any bytes go through the JSON parser and the declared-field
 * check of the account registration route; an accepted body must hold only declared fields of
 * the declared types. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

static const yw_field_spec spec[] = {
    {"kind", YW_FIELD_STRING, true, 16},         {"name", YW_FIELD_STRING, true, 100},
    {"roles", YW_FIELD_STRING_ARRAY, false, 8}, {"limit", YW_FIELD_INT, false, 0},
    {"disabled", YW_FIELD_BOOL, false, 0},      {"evidence", YW_FIELD_OBJECT_ARRAY, false, 4},
    {NULL, 0, false, 0},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    json_t *body;
    yw_err err;
    if (yw_http_parse_body((const char *)data, size, spec, &body, &err) < 0) {
        if (!err.message[0]) abort(); /* every refusal says why */
        return 0;
    }
    if (!json_is_string(json_object_get(body, "kind")) || !json_is_string(json_object_get(body, "name"))) abort();
    if (json_string_length(json_object_get(body, "name")) > 100) abort();
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v) {
        const yw_field_spec *f = spec;
        while (f->name && strcmp(f->name, key) != 0) f++;
        if (!f->name) abort();
    }
    json_decref(body);
    return 0;
}
