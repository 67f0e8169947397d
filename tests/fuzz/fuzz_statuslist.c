/* Fuzz target: the decoding of a status list's encodedList (domain/cert/statuslist.h), which comes
 * from whatever server a credential names, must never crash, read past its length or inflate past
 * its limit, and whatever it accepts is a list of the allowed size that encodes again to a text
 * decoding to the same bits. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/cert/statuslist.h"

#define LIMIT (256u * 1024u)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    yw_arena a;
    yw_arena_init(&a);
    unsigned char *bits;
    size_t n;
    const char *why;
    int rc = yw_statuslist_decode(&a, (const char *)data, size, LIMIT, &bits, &n, &why);
    if (rc == -1 && (!why || bits || n)) abort();
    if (rc == 0) {
        if (why || n < YW_STATUSLIST_MIN_BYTES || n > LIMIT) abort();
        char *again = yw_statuslist_encode(&a, bits, n);
        if (!again) abort();
        unsigned char *back;
        size_t nback;
        if (yw_statuslist_decode(&a, again, strlen(again), LIMIT, &back, &nback, &why) != 0) abort();
        if (nback != n || memcmp(back, bits, n) != 0) abort();
    }
    yw_arena_reset(&a);
    return 0;
}
