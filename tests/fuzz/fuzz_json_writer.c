/* Fuzz target: whatever bytes are stored, the JSON writer's output parses as JSON. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/json_writer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    yw_buf b;
    yw_buf_init(&b, NULL);
    yw_jw w;
    yw_jw_init(&w, &b);
    yw_jw_obj(&w);
    yw_jw_key(&w, "v");
    yw_jw_strn(&w, (const char *)data, size);
    yw_jw_end(&w);
    if (b.failed) abort();
    json_error_t jerr;
    json_t *j = json_loadb(b.data, b.len, JSON_ALLOW_NUL, &jerr);
    if (!j) abort();
    json_decref(j);
    yw_buf_free(&b);
    return 0;
}
