/* A certificate status list as W3C Bitstring Status List v1.0 writes it: a bitstring with one
 * bit per certificate, index 0 the left-most (most significant) bit of the first byte; at least
 * 131,072 entries (16 KiB) so that one certificate's bit hides among many; published as the
 * `encodedList` of a BitstringStatusListCredential: the bytes GZIP-compressed (RFC 1952), then
 * multibase base64url without padding, i.e. 'u' and the base64url text (RFC 4648 §5).
 * Pure: no store, no clock. README.md "Status lists" and docs/certificates.md say it exactly. */
#ifndef YW_CERT_STATUSLIST_H
#define YW_CERT_STATUSLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "../../base/arena.h"

#define YW_STATUSLIST_MIN_ENTRIES 131072
#define YW_STATUSLIST_MIN_BYTES (YW_STATUSLIST_MIN_ENTRIES / 8)

/* The bit of entry index; the caller keeps index below 8 × the list's bytes. */
bool yw_statuslist_get(const unsigned char *bits, size_t index);
void yw_statuslist_set(unsigned char *bits, size_t index, bool on);

/* 'u' + base64url(gzip(bits[0..nbytes))), without padding; arena text, NULL on no memory or a
 * zlib failure. Any length is encoded (a list shorter than YW_STATUSLIST_MIN_BYTES is the caller's
 * mistake and its decoding refuses it); the same bits give the same text (the GZIP header carries
 * no time and no name). */
char *yw_statuslist_encode(yw_arena *a, const unsigned char *bits, size_t nbytes);

/* The inverse, strict: the 'u' prefix, base64url without padding (no '=', no spaces, no '+' or
 * '/'), exactly one GZIP member (not raw deflate, not zlib) with nothing after it, at most
 * max_bytes decompressed (a zip bomb is refused before it is inflated, and never inflated past
 * what its trailer claims) and at least YW_STATUSLIST_MIN_BYTES. 0 with *bits (arena memory) and
 * *nbytes; -1 invalid, with *why a static English sentence; -2 no memory. */
int yw_statuslist_decode(yw_arena *a, const char *text, size_t len, size_t max_bytes, unsigned char **bits,
                         size_t *nbytes, const char **why);

#endif
