/* The encoding of certificate status lists (W3C Bitstring Status List v1.0): bits, GZIP by zlib,
 * multibase base64url by libsodium. */
#include "statuslist.h"

#include <limits.h>
#include <sodium.h>
#include <string.h>
#include <zlib.h>

bool yw_statuslist_get(const unsigned char *bits, size_t index) {
    return (bits[index / 8] >> (7 - index % 8)) & 1;
}

void yw_statuslist_set(unsigned char *bits, size_t index, bool on) {
    unsigned char mask = (unsigned char)(0x80u >> (index % 8));
    if (on) bits[index / 8] |= mask;
    else bits[index / 8] &= (unsigned char)~mask;
}

/* 15 bits of window, +16: zlib writes (and reads only) the GZIP wrapper of RFC 1952 */
#define GZIP_WINDOW (15 + 16)

char *yw_statuslist_encode(yw_arena *a, const unsigned char *bits, size_t nbytes) {
    if (nbytes > UINT_MAX / 2) return NULL;
    z_stream z;
    memset(&z, 0, sizeof z);
    /* without deflateSetHeader the header carries no name, no comment and time 0: the same bits
     * give the same bytes */
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, GZIP_WINDOW, 8, Z_DEFAULT_STRATEGY) != Z_OK) return NULL;
    uLong bound = deflateBound(&z, (uLong)nbytes);
    unsigned char *gz = yw_arena_alloc(a, bound);
    if (!gz) {
        deflateEnd(&z);
        return NULL;
    }
    z.next_in = (Bytef *)bits;
    z.avail_in = (uInt)nbytes;
    z.next_out = gz;
    z.avail_out = (uInt)bound;
    int rc = deflate(&z, Z_FINISH);
    size_t gzlen = z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END) return NULL;
    size_t size = sodium_base64_ENCODED_LEN(gzlen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = yw_arena_alloc(a, 1 + size);
    if (!out) return NULL;
    out[0] = 'u';
    sodium_bin2base64(out + 1, size, gz, gzlen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

int yw_statuslist_decode(yw_arena *a, const char *text, size_t len, size_t max_bytes, unsigned char **bits,
                         size_t *nbytes, const char **why) {
    *bits = NULL;
    *nbytes = 0;
    *why = NULL;
    if (len < 1 || text[0] != 'u') {
        *why = "the encoded list does not start with the multibase prefix 'u' (base64url without padding)";
        return -1;
    }
    if (len - 1 > UINT_MAX / 2) {
        *why = "the encoded list is longer than any status list";
        return -1;
    }
    size_t cap = (len - 1) / 4 * 3 + 3;
    unsigned char *gz = yw_arena_alloc(a, cap);
    if (!gz) return -2;
    size_t gzlen = 0;
    /* no characters ignored and no end pointer: '=', spaces, '+', '/' or a stray bit make it fail */
    if (sodium_base642bin(gz, cap, text + 1, len - 1, NULL, &gzlen, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) !=
        0) {
        *why = "the encoded list is not base64url without padding";
        return -1;
    }
    /* a GZIP member: 1f 8b, method 8 (deflate), ..., and a trailer of CRC-32 and ISIZE (the length
     * mod 2^32, little-endian) */
    if (gzlen < 18 || gz[0] != 0x1f || gz[1] != 0x8b || gz[2] != 8) {
        *why = "the encoded list is not GZIP-compressed (raw deflate and zlib streams are not GZIP)";
        return -1;
    }
    size_t isize = (size_t)gz[gzlen - 4] | (size_t)gz[gzlen - 3] << 8 | (size_t)gz[gzlen - 2] << 16 |
                   (size_t)gz[gzlen - 1] << 24;
    if (isize > max_bytes) {
        *why = "the status list decompresses to more bytes than allowed";
        return -1;
    }
    if (isize < YW_STATUSLIST_MIN_BYTES) {
        *why = "the status list is shorter than 16 KiB (131,072 entries)";
        return -1;
    }
    /* inflated into exactly the bytes the trailer claims: a stream that would give more (a trailer
     * that lies) runs out of room instead of memory */
    unsigned char *out = yw_arena_alloc(a, isize);
    if (!out) return -2;
    z_stream z;
    memset(&z, 0, sizeof z);
    int rc = inflateInit2(&z, GZIP_WINDOW);
    if (rc == Z_MEM_ERROR) return -2;
    if (rc != Z_OK) {
        *why = "zlib could not start inflating";
        return -1;
    }
    z.next_in = gz;
    z.avail_in = (uInt)gzlen;
    z.next_out = out;
    z.avail_out = (uInt)isize;
    rc = inflate(&z, Z_FINISH);
    uInt left_in = z.avail_in, left_out = z.avail_out;
    inflateEnd(&z);
    if (rc == Z_MEM_ERROR) return -2;
    if (rc == Z_STREAM_END) {
        if (left_in != 0) {
            *why = "bytes follow the GZIP stream (one GZIP member is a status list)";
            return -1;
        }
        if (left_out != 0) { /* zlib checks ISIZE against the length: not reached, kept as a guard */
            *why = "the GZIP stream is shorter than its trailer says";
            return -1;
        }
        *bits = out;
        *nbytes = isize;
        return 0;
    }
    if (rc == Z_BUF_ERROR && left_out == 0)
        *why = "the GZIP stream decompresses to more than its trailer says";
    else if (rc == Z_BUF_ERROR)
        *why = "the GZIP stream is cut short";
    else
        *why = "the GZIP stream is corrupt (a wrong header, block, checksum or length)";
    return -1;
}
