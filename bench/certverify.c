/* Verification's in-process rate beside its ceiling (bench/certs.sh): yw_cert_verify on one store
 * connection — the same credential again and again, then a mix of the store's certificates in
 * turn — and libsodium's crypto_sign_verify_detached on the same bytes (each credential's signing
 * input and signature, the key from cert_keys), measured in the same run. Every credential must
 * verify as valid. Prints one line:
 *   same=<verifications/s> mix=<v/s> raw_same=<v/s> raw_mix=<v/s> credentials=<n>
 * usage: bench_certverify DB_URL [SECONDS] */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "domain/cert/cert.h"
#include "domain/core/actor.h"

#define MIX 1000

typedef struct {
    const char *jws;
    size_t len, signed_len; /* the whole; header.payload */
    unsigned char sig[crypto_sign_BYTES];
} credential;

/* Runs verify over creds (one, or the mix in turn) for about secs; verifications per second. */
static double in_process(yw_store *s, const credential *creds, int n, double secs) {
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    int64_t t0 = yw_mono_us(), until = t0 + (int64_t)(secs * 1e6);
    long done = 0;
    while (yw_mono_us() < until) {
        for (int k = 0; k < 100; k++, done++) {
            const credential *c = &creds[done % n];
            yw_op op = yw_op_make(s, &a, NULL, &err);
            yw_cert_verification v;
            if (yw_cert_verify(&op, c->jws, c->len, &v) < 0 || v.result != YW_VERIFY_VALID) {
                fprintf(stderr, "bench_certverify: a credential did not verify: %s\n", v.why_en ? v.why_en : err.message);
                exit(1);
            }
            yw_arena_reset(&a);
        }
    }
    return done / ((double)(yw_mono_us() - t0) / 1e6);
}

static double raw(const credential *creds, int n, const unsigned char *pk, double secs) {
    int64_t t0 = yw_mono_us(), until = t0 + (int64_t)(secs * 1e6);
    long done = 0;
    while (yw_mono_us() < until)
        for (int k = 0; k < 100; k++, done++) {
            const credential *c = &creds[done % n];
            if (crypto_sign_verify_detached(c->sig, (const unsigned char *)c->jws, c->signed_len, pk) != 0) {
                fprintf(stderr, "bench_certverify: a signature did not verify\n");
                exit(1);
            }
        }
    return done / ((double)(yw_mono_us() - t0) / 1e6);
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3 || sodium_init() < 0) {
        fprintf(stderr, "usage: bench_certverify DB_URL [SECONDS]\n");
        return 2;
    }
    double secs = argc == 3 ? atof(argv[2]) : 3;
    yw_store *s;
    yw_err err;
    if (yw_store_open(argv[1], &s, &err) < 0) {
        fprintf(stderr, "bench_certverify: %s\n", err.message);
        return 1;
    }
    yw_arena a;
    yw_arena_init(&a);
    yw_rows rows, key;
    if (yw_store_run(s, &a,
                     "SELECT c.jws FROM certificates c JOIN cert_keys k ON k.kid = c.kid WHERE c.state = 'valid'"
                     " AND k.alg = 'EdDSA' ORDER BY c.id LIMIT $1",
                     YW_PARAMS(YW_INT_P(MIX)), &rows, NULL, &err) < 0 ||
        rows.nrows == 0) {
        fprintf(stderr, "bench_certverify: no valid Ed25519 certificates in %s\n", argv[1]);
        return 1;
    }
    if (yw_store_query(s, &a, "SELECT jwk FROM cert_keys WHERE alg = 'EdDSA' ORDER BY created_at LIMIT 1", YW_NOARGS, &key,
                       &err) < 0 || !key.nrows)
        return 1;
    json_t *jwk = json_loads(yw_rows_get(&key, 0, 0), 0, NULL);
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    size_t pklen = 0;
    const char *x = json_string_value(json_object_get(jwk, "x"));
    if (!x || sodium_base642bin(pk, sizeof pk, x, strlen(x), NULL, &pklen, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) ||
        pklen != sizeof pk)
        return 1;
    json_decref(jwk);
    int n = rows.nrows;
    credential *creds = calloc((size_t)n, sizeof *creds);
    if (!creds) return 1;
    for (int i = 0; i < n; i++) {
        credential *c = &creds[i];
        c->jws = yw_rows_get(&rows, i, 0);
        c->len = strlen(c->jws);
        const char *dot = strrchr(c->jws, '.');
        c->signed_len = (size_t)(dot - c->jws);
        size_t got;
        if (sodium_base642bin(c->sig, sizeof c->sig, dot + 1, strlen(dot + 1), NULL, &got, NULL,
                              sodium_base64_VARIANT_URLSAFE_NO_PADDING) || got != sizeof c->sig)
            return 1;
    }
    /* interleaved, so that a busy moment of the machine falls on both */
    double same = in_process(s, creds, 1, secs / 2), raw_same = raw(creds, 1, pk, secs / 2);
    double mix = in_process(s, creds, n, secs / 2), raw_mix = raw(creds, n, pk, secs / 2);
    printf("same=%.0f mix=%.0f raw_same=%.0f raw_mix=%.0f credentials=%d\n", same, mix, raw_same, raw_mix, n);
    free(creds);
    yw_arena_reset(&a);
    yw_store_close(s);
    return 0;
}
