/* Fuzz target: the bundles file parser (yw_bundle_file_parse) on any bytes. A refusal says why;
 * whatever it accepts has conditions compiled exactly where a condition is given, stage items
 * that are members, and canonical JSON (yw_bundle_write) that reads back to the same JSON. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/bundle/bundle.h"

static const char *canonical(yw_arena *a, const yw_bundle *b) {
    yw_buf out;
    yw_jw w;
    yw_jw_begin(&w, &out, a);
    yw_bundle_write(&w, b);
    if (out.failed) abort();
    return out.data;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    yw_arena a;
    yw_arena_init(&a);
    yw_bundle *list;
    int n;
    yw_err err;
    if (yw_bundle_file_parse(&a, (const char *)data, size, &list, &n, &err) < 0) {
        if (!err.message[0]) abort();
        yw_arena_reset(&a);
        return 0;
    }
    for (int i = 0; i < n; i++) {
        const yw_bundle *b = &list[i];
        if (b->nitems < 1) abort();
        for (int k = 0; k < b->nitems; k++)
            if ((b->items[k].condition == NULL) != (b->items[k].rule == NULL)) abort();
        for (int s = 0; s < b->nstages; s++)
            for (const char **c = b->stages[s].items; *c; c++) {
                int k = 0;
                while (k < b->nitems && strcmp(b->items[k].code, *c) != 0) k++;
                if (k == b->nitems) abort();
            }
        const char *text = canonical(&a, b);
        json_error_t je;
        json_t *doc = json_loads(text, 0, &je);
        if (!doc) abort();
        yw_bundle again;
        if (yw_bundle_parse(&a, doc, "", &again, &err) < 0) abort();
        json_decref(doc);
        if (strcmp(canonical(&a, &again), text) != 0) abort();
    }
    yw_arena_reset(&a);
    return 0;
}
