/* Masking: keep a prefix and a suffix, star the middle, byte-wise (the values are ASCII). */
#include "privacy.h"

#include <string.h>

static const char *mask(yw_arena *a, const char *s, size_t keep_head, size_t keep_tail) {
    if (!s) return NULL;
    size_t n = strlen(s);
    if (n <= keep_head + keep_tail) {
        keep_head = 0;
        keep_tail = n > 2 ? 2 : 0;
    }
    char *out = yw_arena_strndup(a, s, n);
    if (!out) return NULL;
    for (size_t i = keep_head; i < n - keep_tail; i++) out[i] = '*';
    return out;
}

const char *yw_mask_id_number(yw_arena *a, const char *s) { return mask(a, s, 4, 4); }
const char *yw_mask_phone(yw_arena *a, const char *s) { return mask(a, s, 3, 4); }
