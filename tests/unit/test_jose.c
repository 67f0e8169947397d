/* The JOSE layer of certificates (src/domain/cert/jose.h): base64url, RFC 7638 thumbprints and
 * JWKs, compact JWS signed and verified with Ed25519 (RFC 8037's known answers) and with SM2/SM3
 * (GM/T 0003.5's known answer), SM2 key files, and every way a JWS is refused before a key is
 * looked at. */
#include "testutil.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <pthread.h>
#include <sys/stat.h>

#include "domain/cert/jose.h"

#define ANY_ALG (YW_JOSE_ALLOW(YW_JOSE_EDDSA) | YW_JOSE_ALLOW(YW_JOSE_SM2))
#define ED_ONLY YW_JOSE_ALLOW(YW_JOSE_EDDSA)

static unsigned char *hex(yw_arena *a, const char *h) {
    size_t n = strlen(h) / 2;
    unsigned char *out = yw_arena_alloc(a, n);
    assert_non_null(out);
    assert_int_equal(sodium_hex2bin(out, n, h, strlen(h), NULL, NULL, NULL), 0);
    return out;
}

static void b64(yw_arena *a, const char *text, unsigned char **bin, size_t *n) {
    assert_int_equal(yw_b64url_decode(a, text, strlen(text), bin, n), 0);
}

static yw_signing_key random_key(void) {
    unsigned char seed[YW_SIGNING_SEED_BYTES];
    randombytes_buf(seed, sizeof seed);
    yw_signing_key k;
    yw_err err;
    assert_int_equal(yw_signing_key_from_seed(seed, &k, &err), 0);
    return k;
}

/* header.payload.signature of the given texts, signed properly with key: only what the test
 * writes into header or payload is wrong with it. */
static char *forge(yw_arena *a, const yw_signing_key *key, const char *header, const char *payload) {
    char *h = yw_b64url_encode(a, header, strlen(header)), *p = yw_b64url_encode(a, payload, strlen(payload));
    char *input = yw_arena_printf(a, "%s.%s", h, p);
    unsigned char sig[64];
    yw_signing_sign(key, input, strlen(input), sig);
    return yw_arena_printf(a, "%s.%s", input, yw_b64url_encode(a, sig, sizeof sig));
}

/* Parses text expecting the reason `want`, with a where that starts with `part`. */
static void refused(yw_arena *a, const char *text, unsigned allowed, const char *typ, int want, const char *part) {
    yw_jws j;
    const char *where = NULL;
    int rc = yw_jws_parse(a, text, strlen(text), allowed, typ, &j, &where);
    if (rc != want) fail_msg("%.200s: got %d (%s), want %d", text, rc, where ? where : "-", want);
    assert_non_null(where);
    if (strncmp(where, part, strlen(part)) != 0) fail_msg("%.200s: where \"%s\" is not about %s", text, where, part);
    assert_null(j.payload);
    assert_null(j.sig);
}

/* base64url is the unpadded URL alphabet, and only its canonical form decodes. */
static void base64url_strict(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    unsigned char bytes[16];
    for (size_t i = 0; i < sizeof bytes; i++) bytes[i] = (unsigned char)(0xF0 + i * 7);
    for (size_t n = 0; n <= sizeof bytes; n++) {
        char *t = yw_b64url_encode(&a, bytes, n);
        assert_non_null(t);
        assert_null(strpbrk(t, "=+/"));
        unsigned char *back;
        size_t m;
        assert_int_equal(yw_b64url_decode(&a, t, strlen(t), &back, &m), 0);
        assert_int_equal(m, n);
        assert_memory_equal(back, bytes, n);
        assert_int_equal(back[m], 0);
    }
    unsigned char *bin;
    size_t n;
    b64(&a, "-_8", &bin, &n);
    assert_int_equal(n, 2);
    assert_int_equal(bin[0], 0xFB);
    assert_int_equal(bin[1], 0xFF);
    b64(&a, "QQ", &bin, &n);
    assert_int_equal(n, 1);
    assert_int_equal(bin[0], 'A');
    /* padding, the other alphabet, whitespace anywhere, a lone character, set trailing bits */
    const char *bad[] = {"QQ==", "QQ=", "+/8", "-/8", "Q Q", " QQ", "QQ\n", "Q", "QUJDR", "QR", "QUJ", "Q\0Q"};
    size_t lens[] = {4, 3, 3, 3, 3, 3, 3, 1, 5, 2, 3, 3};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        bin = (unsigned char *)"x";
        if (yw_b64url_decode(&a, bad[i], lens[i], &bin, &n) != -1) fail_msg("decoded \"%s\"", bad[i]);
        assert_null(bin);
        assert_int_equal(n, 0);
    }
    yw_arena_reset(&a);
}

/* RFC 8037 appendix A: the Ed25519 key of A.1 has the public key of A.2 and the thumbprint of
 * A.3, and signs A.4's input with A.4's signature (Ed25519 is deterministic). A.4's JWS has no
 * kid, so the strict parse refuses it for that and nothing else. */
static void rfc8037_known_answers(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    unsigned char *d, *x, *sig;
    size_t n;
    b64(&a, "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A", &d, &n);
    assert_int_equal(n, 32);
    b64(&a, "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", &x, &n);
    yw_signing_key key;
    yw_err err;
    assert_int_equal(yw_signing_key_from_seed(d, &key, &err), 0);
    assert_memory_equal(key.public_key, x, 32);

    char tp[YW_JOSE_THUMBPRINT_SIZE];
    yw_jose_thumbprint_ed25519(key.public_key, tp);
    assert_string_equal(tp, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");

    const char *input = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
    const char *rfc_sig = "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";
    b64(&a, rfc_sig, &sig, &n);
    assert_int_equal(n, 64);
    unsigned char mine[64];
    yw_signing_sign(&key, input, strlen(input), mine);
    assert_memory_equal(mine, sig, 64);

    yw_jws j = {.alg = YW_JOSE_EDDSA, .signing_input = input, .signing_input_len = strlen(input), .sig = sig, .sig_len = 64};
    assert_true(yw_jws_verify_ed25519(&j, x));
    j.signing_input_len--;
    assert_false(yw_jws_verify_ed25519(&j, x));

    refused(&a, yw_arena_printf(&a, "%s.%s", input, rfc_sig), ED_ONLY, NULL, YW_JWS_NO_KID, "header: no kid");
    yw_arena_reset(&a);
}

/* The JWK of each key: the RFC 7638 members, its thumbprint as kid, alg and use. The SM2
 * thumbprint is GM/T 0003.5's public key's, computed outside yiwang (Python's hashlib over the
 * canonical members). */
static void jwks_and_thumbprints(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    unsigned char *x;
    size_t n;
    b64(&a, "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", &x, &n);
    json_t *jwk = json_loads(yw_jose_jwk_ed25519(&a, x), JSON_REJECT_DUPLICATES, NULL);
    assert_non_null(jwk);
    assert_string_equal(json_string_value(json_object_get(jwk, "kty")), "OKP");
    assert_string_equal(json_string_value(json_object_get(jwk, "crv")), "Ed25519");
    assert_string_equal(json_string_value(json_object_get(jwk, "x")), "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
    assert_string_equal(json_string_value(json_object_get(jwk, "kid")), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    assert_string_equal(json_string_value(json_object_get(jwk, "alg")), "EdDSA");
    assert_string_equal(json_string_value(json_object_get(jwk, "use")), "sig");
    assert_int_equal(json_object_size(jwk), 6);
    json_decref(jwk);

    unsigned char *pub = hex(&a, "04"
                                 "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020"
                                 "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13");
    char tp[YW_JOSE_THUMBPRINT_SIZE];
    yw_jose_thumbprint_sm2(pub, tp);
    assert_string_equal(tp, "lgVsnVqdKsFLJ2q4y2l6gACWaCOEQcWQb1t30j4Q6fU");
    jwk = json_loads(yw_jose_jwk_sm2(&a, pub), JSON_REJECT_DUPLICATES, NULL);
    assert_non_null(jwk);
    assert_string_equal(json_string_value(json_object_get(jwk, "kty")), "EC");
    assert_string_equal(json_string_value(json_object_get(jwk, "crv")), "SM2");
    assert_string_equal(json_string_value(json_object_get(jwk, "x")), "CfnfMR5UIaFQ3X0WHkvFxnIXn60YM_wHa7CP81bzUCA");
    assert_string_equal(json_string_value(json_object_get(jwk, "y")), "zOpJDOJndaUtxupxjMGqYArtBfvzXghKZjL2By2prRM");
    assert_string_equal(json_string_value(json_object_get(jwk, "kid")), tp);
    assert_string_equal(json_string_value(json_object_get(jwk, "alg")), "SM2SM3");
    assert_string_equal(json_string_value(json_object_get(jwk, "use")), "sig");
    assert_int_equal(json_object_size(jwk), 7);
    json_decref(jwk);

    assert_string_equal(yw_jose_alg_name(YW_JOSE_EDDSA), "EdDSA");
    assert_string_equal(yw_jose_alg_name(YW_JOSE_SM2), "SM2SM3");
    assert_int_equal(yw_jose_alg_of("SM2SM3"), YW_JOSE_SM2);
    assert_int_equal(yw_jose_alg_of("eddsa"), 0);
    yw_arena_reset(&a);
}

/* Signed, parsed back and verified: the header carries alg, kid and typ, the payload comes back
 * byte for byte, and only the signer's key verifies it. */
static void ed25519_round_trip(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_signing_key key = random_key(), other = random_key();
    char kid[YW_JOSE_THUMBPRINT_SIZE];
    yw_jose_thumbprint_ed25519(key.public_key, kid);
    yw_jose_signer s = {.alg = YW_JOSE_EDDSA, .ed25519 = &key, .kid = kid};
    const char *payload = "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],\"name\":\"营业执照\"}";
    yw_err err;
    char *jws = yw_jws_sign(&a, &s, "vc+jwt", payload, strlen(payload), &err);
    assert_non_null(jws);

    yw_jws j;
    const char *where = "x";
    assert_int_equal(yw_jws_parse(&a, jws, strlen(jws), ED_ONLY, "vc+jwt", &j, &where), YW_JWS_OK);
    assert_null(where);
    assert_int_equal(j.alg, YW_JOSE_EDDSA);
    assert_string_equal(j.alg_name, "EdDSA");
    assert_string_equal(j.kid, kid);
    assert_string_equal(j.typ, "vc+jwt");
    assert_int_equal(j.payload_len, strlen(payload));
    assert_string_equal(j.payload, payload);
    assert_ptr_equal(j.signing_input, jws);
    assert_int_equal(j.signing_input_len, (size_t)(strrchr(jws, '.') - jws));
    assert_true(yw_jws_verify_ed25519(&j, key.public_key));
    assert_false(yw_jws_verify_ed25519(&j, other.public_key));

    /* the header is what VC-JOSE-COSE asks for, in this order */
    unsigned char *h;
    size_t hn;
    assert_int_equal(yw_b64url_decode(&a, jws, (size_t)(strchr(jws, '.') - jws), &h, &hn), 0);
    assert_string_equal((char *)h, yw_arena_printf(&a, "{\"alg\":\"EdDSA\",\"kid\":\"%s\",\"typ\":\"vc+jwt\"}", kid));

    /* the claims as parsed, for the verifier: the caller's to release; none on a refusal */
    json_t *claims = NULL;
    assert_int_equal(yw_jws_parse_claims(&a, jws, strlen(jws), ED_ONLY, "vc+jwt", &j, &claims, &where), YW_JWS_OK);
    assert_non_null(claims);
    assert_string_equal(json_string_value(json_object_get(claims, "name")), "营业执照");
    json_decref(claims);
    assert_int_equal(yw_jws_parse_claims(&a, jws, strlen(jws), ED_ONLY, "JWT", &j, &claims, &where), YW_JWS_TYP);
    assert_null(claims);
    char *cut = yw_arena_printf(&a, "%.*sAAAA", (int)(strrchr(jws, '.') + 1 - jws), jws);
    assert_int_equal(yw_jws_parse_claims(&a, cut, strlen(cut), ED_ONLY, "vc+jwt", &j, &claims, &where),
                     YW_JWS_MALFORMED);
    assert_null(claims);
    assert_string_equal(where, "signature: not 64 bytes");

    /* no typ asked, none written; surrounding whitespace and a trailing newline are tolerated */
    jws = yw_jws_sign(&a, &s, NULL, payload, strlen(payload), &err);
    char *padded = yw_arena_printf(&a, " \t%s\r\n", jws);
    assert_int_equal(yw_jws_parse(&a, padded, strlen(padded), ANY_ALG, NULL, &j, &where), YW_JWS_OK);
    assert_null(j.typ);
    assert_int_equal(j.signing_input_len, (size_t)(strrchr(jws, '.') - jws));
    assert_true(yw_jws_verify_ed25519(&j, key.public_key));
    yw_arena_reset(&a);
}

/* Any change to what was signed fails the signature: the payload, the header, the signature. */
static void tampering_fails(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_signing_key key = random_key();
    yw_jose_signer s = {.alg = YW_JOSE_EDDSA, .ed25519 = &key, .kid = "k1"};
    yw_err err;
    const char *payload = "{\"status\":\"valid\"}";
    char *jws = yw_jws_sign(&a, &s, "vc+jwt", payload, strlen(payload), &err);
    char *dot1 = strchr(jws, '.'), *dot2 = strrchr(jws, '.');
    yw_jws j;
    const char *where;

    const char *other = "{\"status\":\"revoked\"}";
    char *t = yw_arena_printf(&a, "%.*s.%s%s", (int)(dot1 - jws), jws, yw_b64url_encode(&a, other, strlen(other)), dot2);
    assert_int_equal(yw_jws_parse(&a, t, strlen(t), ED_ONLY, "vc+jwt", &j, &where), YW_JWS_OK);
    assert_string_equal(j.payload, other);
    assert_false(yw_jws_verify_ed25519(&j, key.public_key));

    const char *header = "{\"alg\":\"EdDSA\",\"kid\":\"k2\",\"typ\":\"vc+jwt\"}";
    t = yw_arena_printf(&a, "%s%s", yw_b64url_encode(&a, header, strlen(header)), dot1);
    assert_int_equal(yw_jws_parse(&a, t, strlen(t), ED_ONLY, "vc+jwt", &j, &where), YW_JWS_OK);
    assert_string_equal(j.kid, "k2");
    assert_false(yw_jws_verify_ed25519(&j, key.public_key));

    t = yw_arena_strdup(&a, jws);
    char *last = t + strlen(t) - 2; /* a middle character: the last one carries padding bits */
    *last = *last == 'A' ? 'B' : 'A';
    assert_int_equal(yw_jws_parse(&a, t, strlen(t), ED_ONLY, "vc+jwt", &j, &where), YW_JWS_OK);
    assert_false(yw_jws_verify_ed25519(&j, key.public_key));

    /* untouched, it verifies: the failures above are the tampering's */
    assert_int_equal(yw_jws_parse(&a, jws, strlen(jws), ED_ONLY, "vc+jwt", &j, &where), YW_JWS_OK);
    assert_true(yw_jws_verify_ed25519(&j, key.public_key));
    yw_arena_reset(&a);
}

/* Every way a JWS is refused before a key is looked at, each with its reason and the part named. */
static void malformed_refused(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_signing_key key = random_key();
    const char *ok_h = "{\"alg\":\"EdDSA\",\"kid\":\"k1\",\"typ\":\"vc+jwt\"}", *ok_p = "{\"a\":1}";
    char *good = forge(&a, &key, ok_h, ok_p);
    yw_jws j;
    const char *where;
    assert_int_equal(yw_jws_parse(&a, good, strlen(good), ED_ONLY, "vc+jwt", &j, &where), YW_JWS_OK);
    assert_true(yw_jws_verify_ed25519(&j, key.public_key));
    char *dot1 = strchr(good, '.'), *dot2 = strrchr(good, '.');

    /* alg: none, a MAC, another signature alg, a case variant, not a string, absent, or not allowed */
    const char *algs[] = {"\"none\"", "\"HS256\"", "\"RS256\"", "\"ES256\"", "\"eddsa\"", "\"Ed25519\"", "\"\""};
    for (size_t i = 0; i < sizeof algs / sizeof *algs; i++)
        refused(&a, forge(&a, &key, yw_arena_printf(&a, "{\"alg\":%s,\"kid\":\"k1\",\"typ\":\"vc+jwt\"}", algs[i]), ok_p),
                ANY_ALG, "vc+jwt", YW_JWS_ALG_NOT_ALLOWED, "header: alg");
    refused(&a, forge(&a, &key, "{\"alg\":1,\"kid\":\"k1\"}", ok_p), ANY_ALG, NULL, YW_JWS_MALFORMED, "header: alg");
    refused(&a, forge(&a, &key, "{\"kid\":\"k1\"}", ok_p), ANY_ALG, NULL, YW_JWS_MALFORMED, "header: no alg");
    refused(&a, forge(&a, &key, "{\"alg\":\"SM2SM3\",\"kid\":\"k1\"}", ok_p), ED_ONLY, NULL, YW_JWS_ALG_NOT_ALLOWED,
            "header: alg");
    refused(&a, good, YW_JOSE_ALLOW(YW_JOSE_SM2), "vc+jwt", YW_JWS_ALG_NOT_ALLOWED, "header: alg");
    /* "alg":"none" with an empty signature, as an attacker sends it */
    const char *none_h = "{\"alg\":\"none\",\"kid\":\"k1\",\"typ\":\"vc+jwt\"}";
    refused(&a,
            yw_arena_printf(&a, "%s.%s.", yw_b64url_encode(&a, none_h, strlen(none_h)),
                            yw_b64url_encode(&a, ok_p, strlen(ok_p))),
            ANY_ALG, "vc+jwt", YW_JWS_ALG_NOT_ALLOWED, "header: alg");

    /* kid */
    refused(&a, forge(&a, &key, "{\"alg\":\"EdDSA\",\"typ\":\"vc+jwt\"}", ok_p), ED_ONLY, "vc+jwt", YW_JWS_NO_KID,
            "header: no kid");
    refused(&a, forge(&a, &key, "{\"alg\":\"EdDSA\",\"kid\":\"\"}", ok_p), ED_ONLY, NULL, YW_JWS_NO_KID, "header: kid");
    refused(&a, forge(&a, &key, "{\"alg\":\"EdDSA\",\"kid\":7}", ok_p), ED_ONLY, NULL, YW_JWS_NO_KID, "header: kid");

    /* typ: another, none, not a string; compared as media types are */
    refused(&a, forge(&a, &key, "{\"alg\":\"EdDSA\",\"kid\":\"k1\",\"typ\":\"JWT\"}", ok_p), ED_ONLY, "vc+jwt",
            YW_JWS_TYP, "header: typ");
    refused(&a, forge(&a, &key, "{\"alg\":\"EdDSA\",\"kid\":\"k1\",\"typ\":\"vc+sd-jwt\"}", ok_p), ED_ONLY, "vc+jwt",
            YW_JWS_TYP, "header: typ");
    refused(&a, forge(&a, &key, "{\"alg\":\"EdDSA\",\"kid\":\"k1\"}", ok_p), ED_ONLY, "vc+jwt", YW_JWS_TYP,
            "header: no typ");
    refused(&a, forge(&a, &key, "{\"alg\":\"EdDSA\",\"kid\":\"k1\",\"typ\":[]}", ok_p), ED_ONLY, "vc+jwt", YW_JWS_TYP,
            "header: typ");
    refused(&a, forge(&a, &key, "{\"alg\":\"EdDSA\",\"kid\":\"k1\",\"typ\":[]}", ok_p), ED_ONLY, NULL,
            YW_JWS_MALFORMED, "header: typ");
    const char *same[] = {"application/vc+jwt", "VC+JWT", "Application/Vc+Jwt"};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        char *t = forge(&a, &key, yw_arena_printf(&a, "{\"alg\":\"EdDSA\",\"kid\":\"k1\",\"typ\":\"%s\"}", same[i]), ok_p);
        assert_int_equal(yw_jws_parse(&a, t, strlen(t), ED_ONLY, "vc+jwt", &j, &where), YW_JWS_OK);
        assert_string_equal(j.typ, same[i]);
    }

    /* the header: crit, b64, duplicates, not JSON, not an object, not base64url */
    refused(&a, forge(&a, &key, "{\"alg\":\"EdDSA\",\"kid\":\"k1\",\"typ\":\"vc+jwt\",\"crit\":[\"exp\"],\"exp\":1}", ok_p),
            ED_ONLY, "vc+jwt", YW_JWS_MALFORMED, "header: crit");
    refused(&a, forge(&a, &key, "{\"alg\":\"EdDSA\",\"kid\":\"k1\",\"b64\":false}", ok_p), ED_ONLY, NULL,
            YW_JWS_MALFORMED, "header: b64");
    refused(&a, forge(&a, &key, "{\"alg\":\"EdDSA\",\"kid\":\"k1\",\"alg\":\"none\"}", ok_p), ED_ONLY, NULL,
            YW_JWS_MALFORMED, "header: duplicate");
    refused(&a, forge(&a, &key, "{\"alg\":\"EdDSA\",\"kid\":\"k1\",\"kid\":\"k2\"}", ok_p), ED_ONLY, NULL,
            YW_JWS_MALFORMED, "header: duplicate");
    refused(&a, forge(&a, &key, "{\"alg\" \"EdDSA\"}", ok_p), ED_ONLY, NULL, YW_JWS_MALFORMED,
            "header: not JSON at column");
    refused(&a, forge(&a, &key, "{\"alg\":\"EdDSA\",\n\"kid\":k}", ok_p), ED_ONLY, NULL, YW_JWS_MALFORMED,
            "header: not JSON at line 2");
    refused(&a, forge(&a, &key, "[\"EdDSA\"]", ok_p), ED_ONLY, NULL, YW_JWS_MALFORMED, "header: not a JSON object");
    refused(&a, forge(&a, &key, "", ok_p), ED_ONLY, NULL, YW_JWS_MALFORMED, "header: not JSON");

    /* the payload: not JSON, not an object, duplicates, NUL, bad UTF-8, empty */
    refused(&a, forge(&a, &key, ok_h, "{\"a\":}"), ED_ONLY, "vc+jwt", YW_JWS_MALFORMED, "payload: not JSON");
    refused(&a, forge(&a, &key, ok_h, "Example of Ed25519 signing"), ED_ONLY, "vc+jwt", YW_JWS_MALFORMED,
            "payload: not JSON");
    refused(&a, forge(&a, &key, ok_h, "[1,2]"), ED_ONLY, "vc+jwt", YW_JWS_MALFORMED, "payload: not a JSON object");
    refused(&a, forge(&a, &key, ok_h, "\"text\""), ED_ONLY, "vc+jwt", YW_JWS_MALFORMED, "payload: not JSON");
    refused(&a, forge(&a, &key, ok_h, "{\"id\":1,\"id\":2}"), ED_ONLY, "vc+jwt", YW_JWS_MALFORMED,
            "payload: duplicate");
    refused(&a, forge(&a, &key, ok_h, "{\"a\":\"x\\u0000y\"}"), ED_ONLY, "vc+jwt", YW_JWS_MALFORMED,
            "payload: not JSON");
    refused(&a, forge(&a, &key, ok_h, "{\"a\":\"\xff\"}"), ED_ONLY, "vc+jwt", YW_JWS_MALFORMED, "payload: not JSON");
    refused(&a, forge(&a, &key, ok_h, "{\"a\":1} {}"), ED_ONLY, "vc+jwt", YW_JWS_MALFORMED, "payload: not JSON");
    refused(&a, yw_arena_printf(&a, "%.*s.%s", (int)(dot1 - good), good, dot2), ED_ONLY, "vc+jwt", YW_JWS_MALFORMED,
            "payload: empty");

    /* segments: two, four, none, empty input */
    refused(&a, yw_arena_printf(&a, "%.*s", (int)(dot2 - good), good), ED_ONLY, "vc+jwt", YW_JWS_MALFORMED,
            "segments");
    refused(&a, yw_arena_printf(&a, "%s.%s", good, dot2 + 1), ED_ONLY, "vc+jwt", YW_JWS_MALFORMED, "segments");
    refused(&a, yw_arena_printf(&a, "%s.", good), ED_ONLY, "vc+jwt", YW_JWS_MALFORMED, "segments");
    refused(&a, "", ED_ONLY, "vc+jwt", YW_JWS_MALFORMED, "segments");
    refused(&a, "eyJhbGciOiJFZERTQSJ9", ED_ONLY, "vc+jwt", YW_JWS_MALFORMED, "segments");

    /* base64url: padding, a character of another alphabet, whitespace inside */
    refused(&a, yw_arena_printf(&a, "%s=", good), ED_ONLY, "vc+jwt", YW_JWS_MALFORMED, "signature: not base64url");
    refused(&a, yw_arena_printf(&a, "%s==", good), ED_ONLY, "vc+jwt", YW_JWS_MALFORMED, "signature: not base64url");
    char *t = yw_arena_strdup(&a, good);
    t[dot1 - good + 3] = '+';
    refused(&a, t, ED_ONLY, "vc+jwt", YW_JWS_MALFORMED, "payload: not base64url");
    t = yw_arena_strdup(&a, good);
    t[2] = '/';
    refused(&a, t, ED_ONLY, "vc+jwt", YW_JWS_MALFORMED, "header: not base64url");
    refused(&a, yw_arena_printf(&a, "%.*s %s", (int)(dot1 - good), good, dot1), ED_ONLY, "vc+jwt", YW_JWS_MALFORMED,
            "header: not base64url");
    refused(&a, yw_arena_printf(&a, "%.*s\n%s", (int)(dot2 + 5 - good), good, dot2 + 5), ED_ONLY, "vc+jwt",
            YW_JWS_MALFORMED, "signature: not base64url");
    const char *ph = "{\"alg\":\"EdDSA\",\"kid\":\"k1\"}"; /* 26 bytes: its standard encoding is padded */
    refused(&a, yw_arena_printf(&a, "%s==%s", yw_b64url_encode(&a, ph, strlen(ph)), dot1), ED_ONLY, NULL,
            YW_JWS_MALFORMED, "header: not base64url");

    /* the signature: not 64 bytes */
    refused(&a, yw_arena_printf(&a, "%.*sAAAA", (int)(dot2 + 1 - good), good), ED_ONLY, "vc+jwt", YW_JWS_MALFORMED,
            "signature: not 64 bytes");
    refused(&a, yw_arena_printf(&a, "%sAAAA", good), ED_ONLY, "vc+jwt", YW_JWS_MALFORMED, "signature: not 64 bytes");

    /* oversize: past YW_JWS_MAX, even when it would otherwise parse */
    size_t big_n = YW_JWS_MAX;
    char *big = yw_arena_alloc(&a, big_n + 1);
    memset(big, 'x', big_n);
    memcpy(big, "{\"a\":\"", 6);
    memcpy(big + big_n - 2, "\"}", 3);
    refused(&a, forge(&a, &key, ok_h, big), ED_ONLY, "vc+jwt", YW_JWS_MALFORMED, "segments: longer");
    yw_arena_reset(&a);
}

/* What is signed parses: yw_jws_sign refuses a JWS past YW_JWS_MAX, and the largest one it makes
 * parses and verifies. */
static void sign_limits(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_signing_key key = random_key();
    yw_jose_signer s = {.alg = YW_JOSE_EDDSA, .ed25519 = &key, .kid = "k1"};
    yw_err err;
    char *payload = yw_arena_alloc(&a, YW_JWS_MAX + 1);
    memset(payload, 'x', YW_JWS_MAX);
    /* the largest payload that signs, found by bisection */
    size_t lo = 16, hi = YW_JWS_MAX;
    while (lo + 1 < hi) {
        size_t mid = (lo + hi) / 2;
        memcpy(payload, "{\"a\":\"", 6);
        memcpy(payload + mid - 2, "\"}", 2);
        char *jws = yw_jws_sign(&a, &s, "vc+jwt", payload, mid, &err);
        memset(payload, 'x', YW_JWS_MAX);
        if (jws) lo = mid;
        else {
            assert_string_equal(err.reason, "jws_too_large");
            assert_int_equal(err.code, YW_ERR_TOO_LARGE);
            hi = mid;
        }
    }
    memcpy(payload, "{\"a\":\"", 6);
    memcpy(payload + lo - 2, "\"}", 2);
    char *jws = yw_jws_sign(&a, &s, "vc+jwt", payload, lo, &err);
    assert_non_null(jws);
    assert_true(strlen(jws) > YW_JWS_MAX - 4 && strlen(jws) <= YW_JWS_MAX);
    yw_jws j;
    const char *where;
    assert_int_equal(yw_jws_parse(&a, jws, strlen(jws), ED_ONLY, "vc+jwt", &j, &where), YW_JWS_OK);
    assert_true(yw_jws_verify_ed25519(&j, key.public_key));
    assert_null(yw_jws_sign(&a, &s, "vc+jwt", payload, lo + 3, &err));
    assert_string_equal(err.reason, "jws_too_large");

    /* a signer without its key or kid is a programming error, said so */
    yw_jose_signer no_key = {.alg = YW_JOSE_SM2, .ed25519 = &key, .kid = "k1"};
    assert_null(yw_jws_sign(&a, &no_key, "vc+jwt", "{}", 2, &err));
    assert_int_equal(err.code, YW_ERR_INTERNAL);
    yw_jose_signer no_kid = {.alg = YW_JOSE_EDDSA, .ed25519 = &key};
    assert_null(yw_jws_sign(&a, &no_kid, "vc+jwt", "{}", 2, &err));
    assert_int_equal(err.code, YW_ERR_INTERNAL);
    yw_arena_reset(&a);
}

/* GM/T 0003.5-2012 appendix A (GB/T 32918.5): the public key, user ID 1234567812345678 (the one
 * yiwang's profile sets), message "message digest" and signature r, s. Under the profile's
 * signing input that message is what is signed, so the verifier must accept this and nothing
 * near it. */
static void sm2_known_answer(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    unsigned char *pub = hex(&a, "04"
                                 "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020"
                                 "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13");
    unsigned char *rs = hex(&a, "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3"
                                "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA");
    const char *msg = "message digest";
    yw_jws j = {.alg = YW_JOSE_SM2, .signing_input = msg, .signing_input_len = strlen(msg), .sig = rs, .sig_len = 64};
    assert_true(yw_jws_verify_sm2(&j, pub));
    j.signing_input = "message digesT";
    assert_false(yw_jws_verify_sm2(&j, pub));
    j.signing_input = msg;
    rs[63] ^= 1;
    assert_false(yw_jws_verify_sm2(&j, pub));
    rs[63] ^= 1;
    pub[64] ^= 1; /* off the curve */
    assert_false(yw_jws_verify_sm2(&j, pub));
    pub[64] ^= 1;
    pub[0] = 0x02;
    assert_false(yw_jws_verify_sm2(&j, pub));
    pub[0] = 0x04;
    j.alg = YW_JOSE_EDDSA;
    assert_false(yw_jws_verify_sm2(&j, pub));
    j.alg = YW_JOSE_SM2;
    /* r = 0 and s = 0 are outside [1, n-1] */
    unsigned char zero[64] = {0};
    j.sig = zero;
    assert_false(yw_jws_verify_sm2(&j, pub));
    j.sig = rs;
    assert_true(yw_jws_verify_sm2(&j, pub));
    yw_arena_reset(&a);
}

static char key_dir[64];
static const char *key_path(yw_arena *a, const char *name) {
    if (!key_dir[0]) {
        strcpy(key_dir, "/tmp/yw-jose-XXXXXX");
        assert_non_null(mkdtemp(key_dir));
    }
    return yw_arena_printf(a, "%s/%s", key_dir, name);
}

static void write_file(const char *path, const char *text, size_t len, mode_t mode) {
    unlink(path);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(chmod(path, mode), 0);
}

/* An SM2 key signs a JWS that its public key verifies, and no other key: neither another SM2 key
 * nor an Ed25519 one; an Ed25519 JWS never verifies as SM2 either. */
static void sm2_round_trip(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_sm2_key *k = NULL, *k2 = NULL;
    yw_err err;
    const char *path = key_path(&a, "sm2-round-trip.pem");
    unlink(path);
    assert_int_equal(yw_sm2_key_generate(path, &k, &err), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    unsigned char pub[65], pub2[65];
    assert_int_equal(yw_sm2_public(k, pub), 0);
    assert_int_equal(pub[0], 0x04);
    char kid[YW_JOSE_THUMBPRINT_SIZE];
    yw_jose_thumbprint_sm2(pub, kid);

    /* the file names its kid, and loads back as the same key */
    FILE *f = fopen(path, "r");
    char head[512] = {0};
    assert_true(fread(head, 1, sizeof head - 1, f) > 0);
    fclose(f);
    assert_non_null(strstr(head, kid));
    assert_int_equal(yw_sm2_key_load(path, &k2, &err), 0);
    assert_int_equal(yw_sm2_public(k2, pub2), 0);
    assert_memory_equal(pub, pub2, 65);
    yw_sm2_key_free(k2);

    yw_jose_signer s = {.alg = YW_JOSE_SM2, .sm2 = k, .kid = kid};
    const char *payload = "{\"credentialSubject\":{\"name\":\"青岛示范餐饮有限公司\"}}";
    char *jws = yw_jws_sign(&a, &s, "vc+jwt", payload, strlen(payload), &err);
    assert_non_null(jws);
    yw_jws j;
    const char *where;
    assert_int_equal(yw_jws_parse(&a, jws, strlen(jws), YW_JOSE_ALLOW(YW_JOSE_SM2), "vc+jwt", &j, &where), YW_JWS_OK);
    assert_int_equal(j.alg, YW_JOSE_SM2);
    assert_string_equal(j.alg_name, "SM2SM3");
    assert_string_equal(j.kid, kid);
    assert_string_equal(j.payload, payload);
    assert_true(yw_jws_verify_sm2(&j, pub));
    /* SM2 signatures are randomised: a second one differs and verifies too */
    char *again = yw_jws_sign(&a, &s, "vc+jwt", payload, strlen(payload), &err);
    assert_string_not_equal(again, jws);
    yw_jws j2;
    assert_int_equal(yw_jws_parse(&a, again, strlen(again), ANY_ALG, "vc+jwt", &j2, &where), YW_JWS_OK);
    assert_true(yw_jws_verify_sm2(&j2, pub));

    /* another SM2 key */
    path = key_path(&a, "sm2-other.pem");
    unlink(path);
    assert_int_equal(yw_sm2_key_generate(path, &k2, &err), 0);
    assert_int_equal(yw_sm2_public(k2, pub2), 0);
    assert_false(yw_jws_verify_sm2(&j, pub2));

    /* tampered payload */
    char *dot1 = strchr(jws, '.'), *dot2 = strrchr(jws, '.');
    const char *other = "{\"credentialSubject\":{\"name\":\"别家公司\"}}";
    char *t = yw_arena_printf(&a, "%.*s.%s%s", (int)(dot1 - jws), jws, yw_b64url_encode(&a, other, strlen(other)), dot2);
    assert_int_equal(yw_jws_parse(&a, t, strlen(t), ANY_ALG, "vc+jwt", &j2, &where), YW_JWS_OK);
    assert_false(yw_jws_verify_sm2(&j2, pub));

    /* SM2 under Ed25519, and Ed25519 under SM2: refused by alg, and by the signature itself */
    yw_signing_key ed = random_key();
    assert_false(yw_jws_verify_ed25519(&j, ed.public_key));
    j.alg = YW_JOSE_EDDSA;
    assert_false(yw_jws_verify_ed25519(&j, ed.public_key));
    j.alg = YW_JOSE_SM2;
    yw_jose_signer es = {.alg = YW_JOSE_EDDSA, .ed25519 = &ed, .kid = kid};
    char *ejws = yw_jws_sign(&a, &es, "vc+jwt", payload, strlen(payload), &err);
    yw_jws ej;
    assert_int_equal(yw_jws_parse(&a, ejws, strlen(ejws), ANY_ALG, "vc+jwt", &ej, &where), YW_JWS_OK);
    assert_true(yw_jws_verify_ed25519(&ej, ed.public_key));
    assert_false(yw_jws_verify_sm2(&ej, pub));
    ej.alg = YW_JOSE_SM2;
    assert_false(yw_jws_verify_sm2(&ej, pub));
    /* an SM2 JWS is refused where only EdDSA is allowed */
    refused(&a, jws, ED_ONLY, "vc+jwt", YW_JWS_ALG_NOT_ALLOWED, "header: alg");

    yw_sm2_key_free(k);
    yw_sm2_key_free(k2);
    yw_arena_reset(&a);
}

/* SM2 key files are kept like the Ed25519 ones: never overwritten, refused when others may read
 * them, one key each; anything but an unencrypted SM2 private key is refused, naming the file. */
static void sm2_key_files(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_sm2_key *k = NULL, *k2 = NULL;
    yw_err err;
    const char *path = key_path(&a, "sm2-files.pem");
    unlink(path);
    assert_int_equal(yw_sm2_key_generate(path, &k, &err), 0);
    struct stat before, after;
    assert_int_equal(stat(path, &before), 0);
    assert_int_equal(yw_sm2_key_generate(path, &k2, &err), -1);
    assert_null(k2);
    assert_string_equal(err.reason, "key_file_exists");
    assert_string_equal(err.field, "key");
    assert_int_equal(stat(path, &after), 0);
    assert_int_equal(before.st_ino, after.st_ino);
    assert_int_equal(before.st_size, after.st_size);
    assert_int_equal(yw_sm2_key_load(path, &k2, &err), 0);
    yw_sm2_key_free(k2);

    assert_int_equal(chmod(path, 0640), 0);
    k2 = (yw_sm2_key *)&err; /* set to NULL on failure */
    assert_int_equal(yw_sm2_key_load(path, &k2, &err), -1);
    assert_null(k2);
    assert_string_equal(err.reason, "key_file_mode");
    assert_int_equal(chmod(path, 0400), 0);
    assert_int_equal(yw_sm2_key_load(path, &k2, &err), 0);
    yw_sm2_key_free(k2);

    /* the PEM of the key, for files built from it below */
    BIO *bio = BIO_new(BIO_s_mem());
    FILE *f = fopen(path, "r");
    EVP_PKEY *pkey = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    assert_non_null(pkey);
    assert_int_equal(PEM_write_bio_PrivateKey(bio, pkey, NULL, NULL, 0, NULL, NULL), 1);
    char *pem;
    long pem_len = BIO_get_mem_data(bio, &pem);
    const char *other = key_path(&a, "sm2-made.pem");
    write_file(other, pem, (size_t)pem_len, 0600);
    assert_int_equal(yw_sm2_key_load(other, &k2, &err), 0);
    yw_sm2_key_free(k2);
    char *two = yw_arena_printf(&a, "%.*s%.*s", (int)pem_len, pem, (int)pem_len, pem);
    write_file(other, two, strlen(two), 0600);
    assert_int_equal(yw_sm2_key_load(other, &k2, &err), -1);
    assert_string_equal(err.reason, "key_file_several_keys");

    /* encrypted: refused, never prompted for */
    BIO *enc = BIO_new(BIO_s_mem());
    assert_int_equal(PEM_write_bio_PrivateKey(enc, pkey, EVP_aes_256_cbc(), NULL, 0, NULL, (void *)"secret"), 1);
    pem_len = BIO_get_mem_data(enc, &pem);
    write_file(other, pem, (size_t)pem_len, 0600);
    assert_int_equal(yw_sm2_key_load(other, &k2, &err), -1);
    assert_string_equal(err.reason, "sm2_key_file_format");
    BIO_free(enc);
    BIO_free(bio);
    EVP_PKEY_free(pkey);

    /* a P-256 key, an Ed25519 seed, nothing */
    EVP_PKEY *p256 = EVP_EC_gen("P-256");
    assert_non_null(p256);
    bio = BIO_new(BIO_s_mem());
    assert_int_equal(PEM_write_bio_PrivateKey(bio, p256, NULL, NULL, 0, NULL, NULL), 1);
    pem_len = BIO_get_mem_data(bio, &pem);
    write_file(other, pem, (size_t)pem_len, 0600);
    assert_int_equal(yw_sm2_key_load(other, &k2, &err), -1);
    assert_string_equal(err.reason, "sm2_key_file_format");
    assert_non_null(strstr(err.message_en, "sm2-made.pem"));
    BIO_free(bio);
    EVP_PKEY_free(p256);
    const char *seed = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=\n";
    write_file(other, seed, strlen(seed), 0600);
    assert_int_equal(yw_sm2_key_load(other, &k2, &err), -1);
    assert_string_equal(err.reason, "sm2_key_file_format");
    assert_null(strstr(err.message, "nWGx"));
    write_file(other, "", 0, 0600);
    assert_int_equal(yw_sm2_key_load(other, &k2, &err), -1);
    assert_string_equal(err.reason, "sm2_key_file_format");

    /* not there, not a file, too large */
    assert_int_equal(yw_sm2_key_load(key_path(&a, "absent.pem"), &k2, &err), -1);
    assert_string_equal(err.reason, "key_file_io");
    assert_int_equal(yw_sm2_key_load(key_dir, &k2, &err), -1);
    assert_string_equal(err.reason, "key_file_not_regular");
    char *large = yw_arena_alloc(&a, YW_SIGNING_KEY_FILE_MAX + 2);
    memset(large, '#', YW_SIGNING_KEY_FILE_MAX + 1);
    write_file(other, large, YW_SIGNING_KEY_FILE_MAX + 1, 0600);
    assert_int_equal(yw_sm2_key_load(other, &k2, &err), -1);
    assert_string_equal(err.reason, "key_file_too_large");
    assert_null(k2);
    assert_int_equal(yw_sm2_public(NULL, (unsigned char[65]){0}), -1);
    yw_sm2_key_free(k);
    yw_arena_reset(&a);
}

/* One SM2 key signs on several threads at once, each signature good. */
static yw_sm2_key *shared_key;
static unsigned char shared_pub[65];
static void *sign_many(void *arg) {
    (void)arg;
    yw_arena a;
    yw_arena_init(&a);
    yw_jose_signer s = {.alg = YW_JOSE_SM2, .sm2 = shared_key, .kid = "k"};
    yw_err err;
    intptr_t bad = 0;
    for (int i = 0; i < 25; i++) {
        char *payload = yw_arena_printf(&a, "{\"n\":%d}", i);
        char *jws = yw_jws_sign(&a, &s, "vc+jwt", payload, strlen(payload), &err);
        yw_jws j;
        const char *where;
        if (!jws || yw_jws_parse(&a, jws, strlen(jws), ANY_ALG, "vc+jwt", &j, &where) != YW_JWS_OK ||
            !yw_jws_verify_sm2(&j, shared_pub))
            bad++;
    }
    yw_arena_reset(&a);
    return (void *)bad;
}

static void sm2_threads(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    const char *path = key_path(&a, "sm2-threads.pem");
    unlink(path);
    assert_int_equal(yw_sm2_key_generate(path, &shared_key, &err), 0);
    assert_int_equal(yw_sm2_public(shared_key, shared_pub), 0);
    pthread_t t[4];
    for (int i = 0; i < 4; i++) assert_int_equal(pthread_create(&t[i], NULL, sign_many, NULL), 0);
    for (int i = 0; i < 4; i++) {
        void *bad;
        assert_int_equal(pthread_join(t[i], &bad), 0);
        assert_int_equal((intptr_t)bad, 0);
    }
    yw_sm2_key_free(shared_key);
    yw_arena_reset(&a);
}

static int cleanup(void **state) {
    (void)state;
    if (key_dir[0]) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", key_dir);
        if (system(cmd) != 0) return -1;
    }
    return 0;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(base64url_strict),
        cmocka_unit_test(rfc8037_known_answers),
        cmocka_unit_test(jwks_and_thumbprints),
        cmocka_unit_test(ed25519_round_trip),
        cmocka_unit_test(tampering_fails),
        cmocka_unit_test(malformed_refused),
        cmocka_unit_test(sign_limits),
        cmocka_unit_test(sm2_known_answer),
        cmocka_unit_test(sm2_round_trip),
        cmocka_unit_test(sm2_key_files),
        cmocka_unit_test(sm2_threads),
    };
    return cmocka_run_group_tests(tests, NULL, cleanup);
}
