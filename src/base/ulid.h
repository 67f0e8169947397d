/* ULIDs: 128-bit identifiers, 48 bits of milliseconds then 80 random bits, written as 26
 * characters of Crockford base32; they sort by creation time and need no shared counter, so
 * every server can make them (DESIGN.md, "Growing past one machine"). The identifiers one thread
 * makes increase strictly, also within one millisecond. libsodium must have been
 * initialised (sodium_init) before the first call. */
#ifndef YW_ULID_H
#define YW_ULID_H

#include <stdbool.h>

#define YW_ULID_LEN 26
/* A ULID with its NUL: the size of every id buffer. */
#define YW_ID_SIZE (YW_ULID_LEN + 1)

void yw_ulid_new(char out[YW_ID_SIZE]);
bool yw_ulid_valid(const char *s);

#endif
