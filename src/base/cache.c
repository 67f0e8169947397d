/* The cache of immutable definitions (cache.h): an open-addressing hash table of keys in its
 * own arena, grown by doubling, under one mutex. */
#include "cache.h"

#include <stdint.h>
#include <string.h>

struct yw_cache_entry {
    const char *key;
    const void *value;
};

static uint64_t hash(const char *s) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static yw_cache_entry **find_slot(yw_cache_entry **slots, size_t n, const char *key) {
    size_t i = (size_t)hash(key) & (n - 1);
    while (slots[i] && strcmp(slots[i]->key, key) != 0) i = (i + 1) & (n - 1);
    return &slots[i];
}

static bool grow(yw_cache *c) {
    size_t n = c->nslots ? c->nslots * 2 : 64;
    yw_cache_entry **slots = yw_arena_calloc(&c->arena, n, sizeof *slots);
    if (!slots) return false;
    for (size_t i = 0; i < c->nslots; i++)
        if (c->slots[i]) *find_slot(slots, n, c->slots[i]->key) = c->slots[i];
    c->slots = slots; /* the old table stays in the arena: a few KiB, bounded by max */
    c->nslots = n;
    return true;
}

int yw_cache_get(yw_cache *c, const char *key, yw_cache_make make, void *ctx, yw_arena *fallback, const void **out,
                 bool *hit, yw_err *err) {
    if (hit) *hit = false;
    pthread_mutex_lock(&c->lock);
    yw_cache_entry **slot = c->nslots ? find_slot(c->slots, c->nslots, key) : NULL;
    if (slot && *slot) {
        *out = (*slot)->value;
        pthread_mutex_unlock(&c->lock);
        if (hit) *hit = true;
        return 0;
    }
    bool full = c->count >= c->max || c->arena.total >= c->max_bytes;
    if (!full && (c->count + 1) * 2 > c->nslots && !grow(c)) full = true;
    int rc;
    if (full) {
        pthread_mutex_unlock(&c->lock);
        return make(fallback, ctx, out, err);
    }
    rc = make(&c->arena, ctx, out, err);
    if (rc == 0) {
        yw_cache_entry *e = yw_arena_alloc(&c->arena, sizeof *e);
        char *k = yw_arena_strdup(&c->arena, key);
        if (e && k) {
            *e = (yw_cache_entry){k, *out};
            *find_slot(c->slots, c->nslots, key) = e;
            c->count++;
        }
    }
    pthread_mutex_unlock(&c->lock);
    return rc;
}
