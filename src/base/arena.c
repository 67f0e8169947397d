/* The arena allocator: a list of chunks, newest first; each allocation bumps an offset. */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_MIN 8192
#define ALIGN 16

struct yw_arena_chunk {
    yw_arena_chunk *next;
    size_t size, used;
    int owned; /* 0 for the caller's buffer of yw_arena_init_buffer */
    _Alignas(ALIGN) unsigned char data[];
};

void yw_arena_init(yw_arena *a) {
    a->head = NULL;
    a->total = 0;
}

void yw_arena_init_buffer(yw_arena *a, void *mem, size_t size) {
    yw_arena_init(a);
    if (!mem || size < 256 || (uintptr_t)mem % ALIGN) return;
    yw_arena_chunk *c = mem;
    c->next = NULL;
    c->size = size - sizeof *c;
    c->used = 0;
    c->owned = 0;
    a->head = c;
}

void yw_arena_reset(yw_arena *a) {
    yw_arena_chunk *c = a->head, *keep = NULL;
    while (c) {
        yw_arena_chunk *next = c->next;
        if (c->owned) {
            free(c);
        } else {
            c->used = 0;
            c->next = NULL;
            keep = c;
        }
        c = next;
    }
    a->head = keep;
    a->total = 0;
}

void *yw_arena_alloc(yw_arena *a, size_t n) {
    if (n == 0) n = 1;
    if (n > SIZE_MAX - ALIGN - sizeof(yw_arena_chunk)) return NULL;
    size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    yw_arena_chunk *c = a->head;
    if (!c || c->size - c->used < need) {
        size_t size = need > CHUNK_MIN ? need : CHUNK_MIN;
        c = malloc(sizeof *c + size);
        if (!c) return NULL;
        c->size = size;
        c->used = 0;
        c->owned = 1;
        /* A chunk made for one large allocation goes behind the current one, so the space left
         * in the current chunk is still used by the small allocations that follow. */
        if (a->head && need > CHUNK_MIN) {
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
    }
    void *p = c->data + c->used;
    c->used += need;
    a->total += need;
    return p;
}

void *yw_arena_calloc(yw_arena *a, size_t count, size_t size) {
    if (size && count > SIZE_MAX / size) return NULL;
    void *p = yw_arena_alloc(a, count * size);
    if (p) memset(p, 0, count * size);
    return p;
}

char *yw_arena_strndup(yw_arena *a, const char *s, size_t n) {
    char *p = yw_arena_alloc(a, n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *yw_arena_strdup(yw_arena *a, const char *s) {
    return yw_arena_strndup(a, s, strlen(s));
}

char *yw_arena_printf(yw_arena *a, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return NULL;
    char *p = yw_arena_alloc(a, (size_t)n + 1);
    if (!p) return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
