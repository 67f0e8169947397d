/* Certificate status lists as W3C Bitstring Status List v1.0 encodes them (domain/cert/
 * statuslist.h): the order of the bits, the round trip, lists others encoded (the recommendation's
 * example, node's), what zlib and node read from our encoding, and every refusal of the strict
 * decoding. */
#include "testutil.h"

#include <zlib.h>

#include "domain/cert/statuslist.h"

#define MIB (1024u * 1024u)

/* Index 0 is the left-most bit of the first byte: 0x80 of byte 0; index 7 is 0x01 of byte 0,
 * index 8 0x80 of byte 1, the last index of a 16 KiB list 0x01 of its last byte. */
static void bit_order(void **state) {
    (void)state;
    unsigned char bits[YW_STATUSLIST_MIN_BYTES] = {0};
    yw_statuslist_set(bits, 0, true);
    assert_int_equal(bits[0], 0x80);
    yw_statuslist_set(bits, 7, true);
    assert_int_equal(bits[0], 0x81);
    yw_statuslist_set(bits, 8, true);
    assert_int_equal(bits[1], 0x80);
    yw_statuslist_set(bits, 13, true);
    assert_int_equal(bits[1], 0x84);
    yw_statuslist_set(bits, YW_STATUSLIST_MIN_ENTRIES - 1, true);
    assert_int_equal(bits[YW_STATUSLIST_MIN_BYTES - 1], 0x01);
    assert_true(yw_statuslist_get(bits, 0));
    assert_false(yw_statuslist_get(bits, 1));
    assert_true(yw_statuslist_get(bits, 13));
    assert_false(yw_statuslist_get(bits, 12));
    assert_true(yw_statuslist_get(bits, YW_STATUSLIST_MIN_ENTRIES - 1));
    yw_statuslist_set(bits, 0, false);
    assert_int_equal(bits[0], 0x01);
    assert_false(yw_statuslist_get(bits, 0));
    yw_statuslist_set(bits, 7, false);
    yw_statuslist_set(bits, 7, false); /* clearing a clear bit leaves it clear */
    assert_int_equal(bits[0], 0x00);
    size_t set = 0;
    for (size_t i = 0; i < YW_STATUSLIST_MIN_ENTRIES; i++) set += yw_statuslist_get(bits, i);
    assert_int_equal(set, 3);
}

/* Bits set here and there come back where they were, from the shortest list to a long one. */
static void round_trip(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    size_t sizes[] = {YW_STATUSLIST_MIN_BYTES, YW_STATUSLIST_MIN_BYTES * 4 + 3};
    for (size_t k = 0; k < 2; k++) {
        size_t n = sizes[k];
        unsigned char *bits = yw_arena_calloc(&a, n, 1);
        assert_non_null(bits);
        size_t on[] = {0, 1, 9, 4242, 131071, n * 8 - 1};
        for (size_t i = 0; i < sizeof on / sizeof *on; i++) yw_statuslist_set(bits, on[i], true);
        char *text = yw_statuslist_encode(&a, bits, n);
        assert_non_null(text);
        assert_int_equal(text[0], 'u');
        assert_int_equal(strspn(text + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                         strlen(text) - 1);
        /* the same bits, the same text */
        assert_string_equal(yw_statuslist_encode(&a, bits, n), text);
        unsigned char *back;
        size_t nback;
        const char *why;
        assert_int_equal(yw_statuslist_decode(&a, text, strlen(text), 16 * MIB, &back, &nback, &why), 0);
        assert_null(why);
        assert_int_equal(nback, n);
        assert_memory_equal(back, bits, n);
        for (size_t i = 0; i < sizeof on / sizeof *on; i++) assert_true(yw_statuslist_get(back, on[i]));
        /* exactly the bytes it needs is enough */
        assert_int_equal(yw_statuslist_decode(&a, text, strlen(text), n, &back, &nback, &why), 0);
    }
    yw_arena_reset(&a);
}

/* Lists others encoded: the encodedList of the recommendation's example status list credential
 * (131,072 entries, none set), and one node wrote (zlib.gzipSync of 16 KiB with bytes 0, 529 and
 * 16383 set to 0x80, 0x04 and 0x01: entries 0, 4237 and 131071). */
static void lists_others_encoded(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    const char *w3c = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA";
    unsigned char *bits;
    size_t n;
    const char *why;
    assert_int_equal(yw_statuslist_decode(&a, w3c, strlen(w3c), 16 * MIB, &bits, &n, &why), 0);
    assert_int_equal(n, 16384);
    for (size_t i = 0; i < n; i++) assert_int_equal(bits[i], 0);
    const char *node = "uH4sIAAAAAAAAA-3OsQ0AAAQAMBKHO93qA4P2gnbAUtcBAAAAAAAAAAAAAAAAAACAl3IAX8CJ8gBAAAA";
    assert_int_equal(yw_statuslist_decode(&a, node, strlen(node), 16 * MIB, &bits, &n, &why), 0);
    assert_int_equal(n, 16384);
    size_t on = 0;
    for (size_t i = 0; i < n * 8; i++) on += yw_statuslist_get(bits, i);
    assert_int_equal(on, 3);
    assert_true(yw_statuslist_get(bits, 0) && yw_statuslist_get(bits, 4237) && yw_statuslist_get(bits, 131071));
    yw_arena_reset(&a);
}

/* Our encoding of an empty 16 KiB list, read by zlib directly and — once, by hand — by node:
 *   node -e "const s=process.argv[1]; const b=require('zlib').gunzipSync(Buffer.from(s.slice(1),'base64url'));
 *            console.log(b.length, b.every(x=>x===0), Buffer.from(s.slice(1),'base64url').subarray(0,10).toString('hex'))" TEXT
 * printed "16384 true 1f8b0800000000000203" for the text we wrote (with Debian's zlib 1.2.13,
 * uH4sIAAAAAAACA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA: the recommendation's
 * example but for the header's ninth byte): 16,384 zero bytes behind a GZIP header with no name
 * and time 0 (02: the slowest, best compression; 03: Unix). Those facts are what the test checks;
 * the deflate bytes between header and trailer may differ with another zlib. */
static void an_empty_list_as_zlib_and_node_read_it(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    unsigned char *zeros = yw_arena_calloc(&a, YW_STATUSLIST_MIN_BYTES, 1);
    char *text = yw_statuslist_encode(&a, zeros, YW_STATUSLIST_MIN_BYTES);
    assert_non_null(text);
    if (getenv("YW_PRINT_STATUSLIST")) printf("%s\n", text);
    assert_true(strlen(text) < 100); /* zeros compress: the recommendation's example is 70 characters */
    /* base64url of the header 1f 8b 08 00 00 00 00 00 02 03 */
    assert_memory_equal(text, "uH4sIAAAAAAACA", 14);
    size_t cap = strlen(text), gzlen;
    unsigned char *gz = yw_arena_alloc(&a, cap);
    assert_int_equal(sodium_base642bin(gz, cap, text + 1, strlen(text) - 1, NULL, &gzlen, NULL,
                                       sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                     0);
    static const unsigned char header[10] = {0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x02, 0x03};
    assert_memory_equal(gz, header, 10);
    /* the trailer: CRC-32 of 16,384 zero bytes, then the length, both little-endian */
    uLong crc = crc32(crc32(0L, Z_NULL, 0), zeros, YW_STATUSLIST_MIN_BYTES);
    assert_int_equal(gz[gzlen - 8] | gz[gzlen - 7] << 8 | gz[gzlen - 6] << 16 | (uLong)gz[gzlen - 5] << 24, crc);
    assert_int_equal(gz[gzlen - 4] | gz[gzlen - 3] << 8 | gz[gzlen - 2] << 16 | gz[gzlen - 1] << 24, 16384);
    /* zlib's own reading, not ours */
    unsigned char out[YW_STATUSLIST_MIN_BYTES + 16];
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
    z.next_in = gz;
    z.avail_in = (uInt)gzlen;
    z.next_out = out;
    z.avail_out = sizeof out;
    assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
    assert_int_equal(z.total_out, YW_STATUSLIST_MIN_BYTES);
    assert_int_equal(z.avail_in, 0);
    inflateEnd(&z);
    for (size_t i = 0; i < YW_STATUSLIST_MIN_BYTES; i++) assert_int_equal(out[i], 0);
    yw_arena_reset(&a);
}

/* bytes compressed by zlib with the given window bits (31 GZIP, 15 zlib, -15 raw deflate), as
 * multibase base64url */
static char *pack(yw_arena *a, const unsigned char *bytes, size_t n, int window, const unsigned char *tail,
                  size_t ntail) {
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, window, 8, Z_DEFAULT_STRATEGY), Z_OK);
    uLong bound = deflateBound(&z, n) + ntail;
    unsigned char *out = yw_arena_alloc(a, bound);
    z.next_in = (Bytef *)bytes;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)bound;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t len = z.total_out;
    deflateEnd(&z);
    if (ntail) memcpy(out + len, tail, ntail);
    len += ntail;
    size_t size = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *text = yw_arena_alloc(a, size + 1);
    text[0] = 'u';
    sodium_bin2base64(text + 1, size, out, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return text;
}

static void refused(yw_arena *a, const char *text, size_t len, size_t max, const char *because) {
    unsigned char *bits = (unsigned char *)"x";
    size_t n = 7;
    const char *why = NULL;
    int rc = yw_statuslist_decode(a, text, len, max, &bits, &n, &why);
    if (rc != -1) fail_msg("%.60s… decoded (%d)", text, rc);
    assert_non_null(why);
    if (!strstr(why, because)) fail_msg("%.60s…: \"%s\", not about \"%s\"", text, why, because);
    assert_null(bits);
    assert_int_equal(n, 0);
}

/* The decoding refuses all that is not exactly the recommendation's form, and a zip bomb. */
static void refusals(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    unsigned char *zeros = yw_arena_calloc(&a, 4 * MIB, 1);
    char *good = yw_statuslist_encode(&a, zeros, YW_STATUSLIST_MIN_BYTES);
    size_t n = strlen(good);
    /* no multibase prefix, or another base's */
    refused(&a, good + 1, n - 1, 16 * MIB, "prefix");
    char *z = yw_arena_strdup(&a, good);
    z[0] = 'z';
    refused(&a, z, n, 16 * MIB, "prefix");
    refused(&a, "", 0, 16 * MIB, "prefix");
    /* not base64url without padding: padding, the standard alphabet, a space, a stray bit */
    char *padded = yw_arena_printf(&a, "%s==", good);
    refused(&a, padded, strlen(padded), 16 * MIB, "base64url");
    char *standard = yw_arena_strdup(&a, "uH4sIAAAAAAAAA+3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA");
    refused(&a, standard, strlen(standard), 16 * MIB, "base64url");
    char *spaced = yw_arena_printf(&a, "%.20s %s", good, good + 20);
    refused(&a, spaced, strlen(spaced), 16 * MIB, "base64url");
    refused(&a, "uA", 2, 16 * MIB, "base64url"); /* six bits: no whole byte */
    /* a NUL inside the length */
    char *nul = yw_arena_strdup(&a, good);
    nul[30] = '\0';
    refused(&a, nul, n, 16 * MIB, "base64url");
    /* the same bits compressed as raw deflate and as a zlib stream */
    char *raw = pack(&a, zeros, YW_STATUSLIST_MIN_BYTES, -15, NULL, 0);
    refused(&a, raw, strlen(raw), 16 * MIB, "not GZIP");
    char *zl = pack(&a, zeros, YW_STATUSLIST_MIN_BYTES, 15, NULL, 0);
    refused(&a, zl, strlen(zl), 16 * MIB, "not GZIP");
    /* too small: 16 KiB less one byte */
    char *small = yw_statuslist_encode(&a, zeros, YW_STATUSLIST_MIN_BYTES - 1);
    refused(&a, small, strlen(small), 16 * MIB, "shorter than 16 KiB");
    /* too big for the caller's limit: 4 MiB of zeros is a few kilobytes of text */
    char *big = yw_statuslist_encode(&a, zeros, 4 * MIB);
    assert_true(strlen(big) < 8192);
    refused(&a, big, strlen(big), 1 * MIB, "more bytes than allowed");
    unsigned char *bits;
    size_t nbits;
    const char *why;
    assert_int_equal(yw_statuslist_decode(&a, big, strlen(big), 4 * MIB, &bits, &nbits, &why), 0);
    assert_int_equal(nbits, 4 * MIB);
    /* a bomb whose trailer lies: 4 MiB of zeros whose ISIZE says 16 KiB is refused after 16 KiB */
    size_t glen;
    unsigned char *gz = yw_arena_alloc(&a, strlen(big));
    assert_int_equal(sodium_base642bin(gz, strlen(big), big + 1, strlen(big) - 1, NULL, &glen, NULL,
                                       sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                     0);
    gz[glen - 4] = 0x00, gz[glen - 3] = 0x40, gz[glen - 2] = 0, gz[glen - 1] = 0;
    size_t size = sodium_base64_ENCODED_LEN(glen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *liar = yw_arena_alloc(&a, size + 1);
    liar[0] = 'u';
    sodium_bin2base64(liar + 1, size, gz, glen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    size_t before = a.total;
    refused(&a, liar, strlen(liar), 16 * MIB, "more than its trailer says");
    assert_true(a.total - before < 64 * 1024);
    /* a second GZIP member after the first (its trailer, the last bytes, is a good one) */
    unsigned char *g2 = yw_arena_alloc(&a, n);
    size_t g2len;
    assert_int_equal(sodium_base642bin(g2, n, good + 1, n - 1, NULL, &g2len, NULL,
                                       sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                     0);
    char *trailing = pack(&a, zeros, YW_STATUSLIST_MIN_BYTES, 31, g2, g2len);
    refused(&a, trailing, strlen(trailing), 16 * MIB, "follow the GZIP stream");
    /* a stream cut short, and one with a byte of its compressed data changed */
    unsigned char *cut = yw_arena_alloc(&a, g2len);
    memcpy(cut, g2, g2len - 9);
    memcpy(cut + g2len - 9 - 4, g2 + g2len - 4, 4); /* keep a plausible ISIZE at the end */
    size = sodium_base64_ENCODED_LEN(g2len - 9, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *short_text = yw_arena_alloc(&a, size + 1);
    short_text[0] = 'u';
    sodium_bin2base64(short_text + 1, size, cut, g2len - 9, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    refused(&a, short_text, strlen(short_text), 16 * MIB, "GZIP stream");
    g2[12] ^= 0x55;
    size = sodium_base64_ENCODED_LEN(g2len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *corrupt = yw_arena_alloc(&a, size + 1);
    corrupt[0] = 'u';
    sodium_bin2base64(corrupt + 1, size, g2, g2len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    refused(&a, corrupt, strlen(corrupt), 16 * MIB, "GZIP stream");
    yw_arena_reset(&a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bit_order),
        cmocka_unit_test(round_trip),
        cmocka_unit_test(lists_others_encoded),
        cmocka_unit_test(an_empty_list_as_zlib_and_node_read_it),
        cmocka_unit_test(refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
