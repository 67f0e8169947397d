/* ULID generation and validation. */
#include "ulid.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "time.h"

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* The random part comes from a per-thread pool refilled 64 identifiers at a time: a write makes
 * several ULIDs, and a getrandom call for each showed in the write path's profile. ULIDs need
 * uniqueness, not secrecy (tokens and keys take their bytes from libsodium directly). */
#define POOL_BYTES 640
static _Thread_local unsigned char pool[POOL_BYTES];
static _Thread_local size_t pool_left;

static void random_part(unsigned char *out, size_t n) {
    if (pool_left < n) {
        randombytes_buf(pool, sizeof pool);
        pool_left = sizeof pool;
    }
    memcpy(out, pool + sizeof pool - pool_left, n);
    pool_left -= n;
}

/* The last identifier this thread made: within one millisecond (or when the clock steps back)
 * the next one is the last plus one, so that a thread's identifiers sort in the order it made
 * them (two urgings of one write keep their order). */
static _Thread_local uint64_t last_ms;
static _Thread_local unsigned char last_random[10];

void yw_ulid_new(char out[YW_ID_SIZE]) {
    unsigned char b[16];
    uint64_t ms = (uint64_t)yw_now_ms();
    bool carried = false;
    if (ms <= last_ms && last_ms) {
        ms = last_ms;
        int i = 9;
        while (i >= 0 && ++last_random[i] == 0) i--; /* plus one, big-endian */
        carried = i >= 0;
    }
    if (!carried) random_part(last_random, sizeof last_random); /* a new millisecond (or 80 bits overflowed) */
    last_ms = ms;
    for (int i = 5; i >= 0; i--) {
        b[i] = (unsigned char)(ms & 0xFF);
        ms >>= 8;
    }
    memcpy(b + 6, last_random, sizeof last_random);
    /* 128 bits into 26 groups of 5, the first group holding the top 3 bits */
    int bit = -2; /* 26*5 = 130: two leading zero bits */
    for (int i = 0; i < YW_ULID_LEN; i++) {
        unsigned v = 0;
        for (int k = 0; k < 5; k++, bit++) {
            v <<= 1;
            if (bit >= 0) v |= (b[bit / 8] >> (7 - bit % 8)) & 1;
        }
        out[i] = alphabet[v];
    }
    out[YW_ULID_LEN] = '\0';
}

bool yw_ulid_valid(const char *s) {
    if (!s || strlen(s) != YW_ULID_LEN || s[0] > '7') return false;
    for (int i = 0; i < YW_ULID_LEN; i++)
        if (!strchr(alphabet, s[i]) || s[i] == '\0') return false;
    return true;
}
