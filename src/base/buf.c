/* The growable buffer; see buf.h for its invariant. */
#include "buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void yw_buf_init(yw_buf *b, yw_arena *arena) {
    b->data = NULL;
    b->len = b->cap = 0;
    b->arena = arena;
    b->failed = false;
}

void yw_buf_free(yw_buf *b) {
    if (!b->arena) free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

bool yw_buf_reserve(yw_buf *b, size_t extra) {
    if (b->failed) return false;
    if (b->data && b->cap - b->len >= extra) return true;
    if (extra > SIZE_MAX / 2 - b->len) goto fail;
    size_t want = b->len + extra;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < want) cap *= 2;
    char *p;
    if (b->arena) {
        p = yw_arena_alloc(b->arena, cap + 1);
        if (p && b->data) memcpy(p, b->data, b->len + 1);
    } else {
        p = realloc(b->data, cap + 1);
    }
    if (!p) goto fail;
    if (!b->data) p[0] = '\0';
    b->data = p;
    b->cap = cap;
    return true;
fail:
    b->failed = true;
    return false;
}

void yw_buf_append(yw_buf *b, const void *p, size_t n) {
    if (!yw_buf_reserve(b, n)) return;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void yw_buf_puts(yw_buf *b, const char *s) {
    yw_buf_append(b, s, strlen(s));
}

void yw_buf_putc(yw_buf *b, char c) {
    yw_buf_append(b, &c, 1);
}

void yw_buf_printf(yw_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !yw_buf_reserve(b, (size_t)n + 1)) {
        b->failed = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}
