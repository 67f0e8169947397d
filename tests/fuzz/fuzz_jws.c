/* Fuzz target: the strict reading of a compact JWS (a credential pasted into the public verifier,
 * posted to /api/v1/verify, read from a file) must never crash, leak or read past its input, and
 * what it accepts keeps its promises: a payload that is a C string of its stated length, a
 * signing input that is the input's own header.payload, a 64-byte signature, an allowed alg and a
 * kid; the verifiers run on it without harm. Besides, any text that base64url-decodes encodes
 * back to itself (only the canonical form decodes). */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/cert/jose.h"

static const unsigned char ed_pk[32] = {0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe,
                                        0xd3, 0xc9, 0x64, 0x07, 0x3a, 0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6,
                                        0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a};
/* GM/T 0003.5's public key */
static const unsigned char sm2_pub[65] = {
    0x04, 0x09, 0xF9, 0xDF, 0x31, 0x1E, 0x54, 0x21, 0xA1, 0x50, 0xDD, 0x7D, 0x16, 0x1E, 0x4B, 0xC5, 0xC6,
    0x72, 0x17, 0x9F, 0xAD, 0x18, 0x33, 0xFC, 0x07, 0x6B, 0xB0, 0x8F, 0xF3, 0x56, 0xF3, 0x50, 0x20, 0xCC,
    0xEA, 0x49, 0x0C, 0xE2, 0x67, 0x75, 0xA5, 0x2D, 0xC6, 0xEA, 0x71, 0x8C, 0xC1, 0xAA, 0x60, 0x0A, 0xED,
    0x05, 0xFB, 0xF3, 0x5E, 0x08, 0x4A, 0x66, 0x32, 0xF6, 0x07, 0x2D, 0xA9, 0xAD, 0x13};

static void check(const char *text, size_t len, const yw_jws *j, unsigned allowed) {
    if (!(allowed & YW_JOSE_ALLOW(j->alg)) || strcmp(j->alg_name, yw_jose_alg_name(j->alg)) != 0) abort();
    if (!j->kid || !*j->kid || !j->payload || strlen(j->payload) != j->payload_len) abort();
    if (j->sig_len != YW_JOSE_SIGNATURE_BYTES || !j->sig) abort();
    if (j->signing_input < text || j->signing_input + j->signing_input_len > text + len) abort();
    if (memchr(j->signing_input, '.', j->signing_input_len) == NULL) abort();
    (void)yw_jws_verify_ed25519(j, ed_pk);
    (void)yw_jws_verify_sm2(j, sm2_pub);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *text = (const char *)data;
    yw_arena a;
    yw_arena_init(&a);
    yw_jws j;
    const char *where = NULL;
    unsigned any = YW_JOSE_ALLOW(YW_JOSE_EDDSA) | YW_JOSE_ALLOW(YW_JOSE_SM2);
    int rc = yw_jws_parse(&a, text, size, any, "vc+jwt", &j, &where);
    if (rc == YW_JWS_OK) {
        if (where) abort();
        check(text, size, &j, any);
    } else if (rc < 0 || !where) {
        if (rc != -2) abort();
    }
    json_t *claims = NULL;
    rc = yw_jws_parse_claims(&a, text, size, YW_JOSE_ALLOW(YW_JOSE_SM2), NULL, &j, &claims, &where);
    if (rc == YW_JWS_OK) {
        if (!json_is_object(claims)) abort();
        check(text, size, &j, YW_JOSE_ALLOW(YW_JOSE_SM2));
    } else if (claims) {
        abort();
    }
    json_decref(claims);

    unsigned char *bin;
    size_t n;
    if (yw_b64url_decode(&a, text, size, &bin, &n) == 0) {
        char *back = yw_b64url_encode(&a, bin, n);
        if (!back || strlen(back) != size || memcmp(back, text, size) != 0 || bin[n] != 0) abort();
    }
    yw_arena_reset(&a);
    return 0;
}
