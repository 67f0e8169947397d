/* Fuzz target: the department file parser (yw_dept_csv_parse) on any bytes. Whatever it
 * accepts has rows in the order of their lines, each either with an error or with a code, a
 * name and a region code that are not empty and hold no control characters, and aliases that
 * are not empty. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/core/dept.h"

static void check_text(const char *s, int may_be_empty) {
    if (!s || (!may_be_empty && !*s)) abort();
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if (*c < 0x20 || *c == 0x7F) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    yw_arena a;
    yw_arena_init(&a);
    yw_dept_csv csv;
    yw_err err;
    if (yw_dept_csv_parse(&a, (const char *)data, size, &csv, &err) == 0) {
        int lines = 1;
        for (size_t i = 0; i < size; i++) lines += data[i] == '\n' || data[i] == '\r';
        int last = 1; /* the header's line at least */
        for (int i = 0; i < csv.nrows; i++) {
            const yw_dept_csv_row *r = &csv.rows[i];
            if (r->line <= last || r->line > lines) abort();
            last = r->line;
            if (!r->dept.aliases) abort();
            if (r->error) {
                if (!*r->error) abort();
                continue;
            }
            check_text(r->dept.code, 0);
            check_text(r->dept.name, 0);
            check_text(r->dept.region_code, 0);
            for (const char *const *al = r->dept.aliases; *al; al++) check_text(*al, 0);
        }
    } else if (!err.message[0]) {
        abort();
    }
    yw_arena_reset(&a);
    return 0;
}
