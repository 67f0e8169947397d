/* Fuzz target: the catalog file parser (yw_catalog_parse) on any bytes. Whatever it accepts
 * has one entry per item of the file, in order; a refused item carries a message and a field
 * inside it (/items/N…); a good item keeps promised ≤ statutory days, and its canonical JSON
 * (yw_item_write) reads back to the same canonical JSON. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog/catalog.h"

static const char *canonical(yw_arena *a, const yw_item *it) {
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, a);
    yw_item_write(&w, it);
    if (b.failed) abort();
    return b.data;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    yw_arena a;
    yw_arena_init(&a);
    yw_catalog_file f;
    yw_err err;
    if (yw_catalog_parse(&a, (const char *)data, size, &f, &err) == 0) {
        int bad = 0;
        for (int i = 0; i < f.nentries; i++) {
            const yw_catalog_entry *e = &f.entries[i];
            if (e->index != i) abort();
            if (e->error.code != YW_OK) {
                char prefix[32];
                snprintf(prefix, sizeof prefix, "/items/%d", i);
                if (!e->error.message[0] || strncmp(e->error.field, prefix, strlen(prefix)) != 0) abort();
                bad++;
                continue;
            }
            const yw_item *it = &e->item;
            if (!it->code || !it->name || it->promised_days > it->statutory_days || it->fee_fen < 0) abort();
            const char *once = canonical(&a, it);
            json_error_t je;
            json_t *j = json_loads(once, 0, &je);
            if (!j) abort();
            yw_item again;
            yw_err e2;
            if (yw_item_parse(&a, j, "", &again, &e2) < 0) abort();
            json_decref(j);
            if (strcmp(once, canonical(&a, &again)) != 0) abort();
        }
        if (bad != f.bad) abort();
    } else if (!err.message[0] || strcmp(err.field, "file") != 0) {
        abort();
    }
    yw_arena_reset(&a);
    return 0;
}
