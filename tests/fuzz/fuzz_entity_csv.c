/* Fuzz target: the registry file reader (yw_entity_csv_open, yw_entity_csv_next) on any bytes.
 * Whatever it reads comes in the order of its lines, each row either refused with a message or
 * valid by yw_entity_validate (so every field the store receives was checked), and it ends. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/entity/entity.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* the header first, so that the fuzzer spends its time on rows */
    static const char header[] = YW_ENTITY_CSV_HEADER "\n";
    char *text = malloc(sizeof header - 1 + size);
    if (!text) return 0;
    memcpy(text, header, sizeof header - 1);
    if (size) memcpy(text + sizeof header - 1, data, size);
    size_t len = sizeof header - 1 + size;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_entity_csv csv;
    int64_t today = yw_days_from_civil(2026, 11, 25);
    if (yw_entity_csv_open(&csv, text, len, &err) < 0) abort();
    int64_t last = 1, lines = 2;
    for (size_t i = 0; i < size; i++) lines += data[i] == '\n' || data[i] == '\r';
    for (int rows = 0;; rows++) {
        yw_entity e;
        int64_t line;
        const char *error;
        int rc = yw_entity_csv_next(&csv, &a, today, &e, &line, &error);
        if (rc < 0) abort();
        if (rc == 0) break;
        if (line <= last || line > lines || rows > (int)size) abort();
        last = line;
        if (error) {
            if (!*error) abort();
            continue;
        }
        if (yw_entity_validate(&e, today, &err) < 0) abort();
    }
    yw_arena_reset(&a);
    free(text);
    return 0;
}
