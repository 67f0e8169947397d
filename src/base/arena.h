/* An arena: memory tied to one lifetime (a request, a job, a command) and freed at once.
 * Allocations are 16-byte aligned and come from chunks of at least 8 KiB; a large request gets a
 * chunk of its own. Nothing allocated from an arena is freed on its own. Not thread-safe: one
 * arena belongs to one thread at a time. */
#ifndef YW_ARENA_H
#define YW_ARENA_H

#include <stddef.h>

typedef struct yw_arena_chunk yw_arena_chunk;
typedef struct {
    yw_arena_chunk *head;
    size_t total; /* bytes handed out, for tests and limits */
} yw_arena;

void yw_arena_init(yw_arena *a);
/* As yw_arena_init, with a first chunk in `mem` (size bytes, 16-byte aligned, at least 256),
 * which the arena uses but never frees: memory that lives as long as the arena does, e.g. from
 * the request's pool, so that a small request allocates nothing. */
void yw_arena_init_buffer(yw_arena *a, void *mem, size_t size);
/* Frees every chunk; the arena is empty and usable again. */
void yw_arena_reset(yw_arena *a);
/* Returns n bytes owned by the arena, or NULL when memory is exhausted. */
void *yw_arena_alloc(yw_arena *a, size_t n);
/* As yw_arena_alloc, zero-filled. */
void *yw_arena_calloc(yw_arena *a, size_t count, size_t size);
/* A NUL-terminated copy of s[0..n) owned by the arena, or NULL. */
char *yw_arena_strndup(yw_arena *a, const char *s, size_t n);
char *yw_arena_strdup(yw_arena *a, const char *s);
/* printf into arena memory; NULL when out of memory. */
char *yw_arena_printf(yw_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
