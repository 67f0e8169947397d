/* Fuzz target: the reading of a certificate import file (CSV or JSON lines, `yiwang cert import`
 * and POST /api/v1/cert-imports) must never crash, loop or read past what it was given, however
 * the file is cut into reads: the input is served in pieces of a size the first byte chooses, and
 * every row comes back either with its texts or with an error naming its line, lines counted
 * upwards from 1. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/cert/import.h"

typedef struct {
    const uint8_t *data;
    size_t size, at, piece;
} source;

static int read_piece(void *ctx, char *buf, size_t cap, size_t *got, yw_err *err) {
    (void)err;
    source *s = ctx;
    size_t n = s->size - s->at;
    if (n > s->piece) n = s->piece;
    if (n > cap) n = cap;
    memcpy(buf, s->data + s->at, n);
    s->at += n;
    *got = n;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    source s = {data + 1, size - 1, 0, (size_t)(data[0] % 64) + 1};
    yw_cert_import_reader r;
    yw_cert_import_open(&r, read_piece, &s);
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_cert_import_row row;
    int64_t last = 0;
    for (int rows = 0; rows < 100000; rows++) {
        int rc = yw_cert_import_next(&r, &a, &row, &err);
        if (rc <= 0) break;
        if (row.line < 1 || row.line < last) abort();
        last = row.line;
        if (row.bad && row.err.code == YW_OK) abort(); /* a refused row says why */
        yw_arena_reset(&a);
    }
    yw_arena_reset(&a);
    yw_cert_import_close(&r);
    return 0;
}
