/* ULID generation and validation. */
#include "ulid.h"

#include <sodium.h>
#include <stdint.h>
#include <string.h>

#include "time.h"

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void yw_ulid_new(char out[YW_ULID_LEN + 1]) {
    unsigned char b[16];
    uint64_t ms = (uint64_t)yw_now_ms();
    for (int i = 5; i >= 0; i--) {
        b[i] = (unsigned char)(ms & 0xFF);
        ms >>= 8;
    }
    randombytes_buf(b + 6, 10);
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
