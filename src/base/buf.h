/* yw_buf: a growable byte buffer. Invariant: data[len] == '\0' whenever data != NULL, so the
 * contents can be read as a C string; cap counts the bytes usable before growing. Memory comes
 * from an arena when one is given (never freed alone) or from malloc (freed by yw_buf_free).
 * A failed growth sets `failed` and turns every later append into a no-op, so a writer can
 * append freely and check once at the end. */
#ifndef YW_BUF_H
#define YW_BUF_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

typedef struct {
    char *data;
    size_t len, cap;
    yw_arena *arena; /* NULL: malloc */
    bool failed;
} yw_buf;

void yw_buf_init(yw_buf *b, yw_arena *arena);
void yw_buf_free(yw_buf *b); /* only for malloc buffers; a no-op on arena ones */
bool yw_buf_reserve(yw_buf *b, size_t extra);
void yw_buf_append(yw_buf *b, const void *p, size_t n);
void yw_buf_puts(yw_buf *b, const char *s);
void yw_buf_putc(yw_buf *b, char c);
void yw_buf_printf(yw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
