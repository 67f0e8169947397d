/* A cache of immutable definitions, shared by every thread of the process: a value built once
 * under its key (an item at a version, a policy's rules at the time it was last changed) and
 * never changed or freed after, so that a reader may keep using what it found without a lock.
 * Because a key names one version, nothing is ever invalidated: a new version is a new key,
 * and the old one is simply not asked for again. The cache holds at most `max` keys and
 * `max_bytes` of values; past either it stops adding (callers then build in their own arena),
 * which bounds what a process keeps however many versions it sees. */
#ifndef YW_CACHE_H
#define YW_CACHE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "err.h"

typedef struct yw_cache_entry yw_cache_entry;
typedef struct {
    pthread_mutex_t lock;
    yw_arena arena; /* keys, entries and values: lives as long as the process */
    yw_cache_entry **slots;
    size_t nslots, count, max, max_bytes;
} yw_cache;

#define YW_CACHE_INIT(max_keys, bytes) {PTHREAD_MUTEX_INITIALIZER, {0}, NULL, 0, 0, (max_keys), (bytes)}

/* Builds a value into arena a (the cache's, or the caller's when the cache is full), from ctx. */
typedef int (*yw_cache_make)(yw_arena *a, void *ctx, const void **out, yw_err *err);

/* The value under key: found, or built by make (under the cache's lock, so at most once per
 * key) and kept. When the cache is full, make builds into `fallback` (the caller's arena) and
 * nothing is kept. *hit (may be NULL) says whether it was found. */
int yw_cache_get(yw_cache *c, const char *key, yw_cache_make make, void *ctx, yw_arena *fallback, const void **out,
                 bool *hit, yw_err *err);

#endif
