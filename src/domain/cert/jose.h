/* The JOSE layer of electronic certificates: compact JWS (RFC 7515) as W3C VC-JOSE-COSE secures
 * a credential (`typ` `vc+jwt`), signed EdDSA/Ed25519 (RFC 8037, libsodium) or with yiwang's own
 * 国密 profile "SM2SM3" (SM2 signature with SM3 over the JWS signing input, SM2 user ID
 * 1234567812345678, the signature as raw r||s; OpenSSL's libcrypto), public keys as JWKs and
 * named by their RFC 7638 thumbprints. A pure module: no store, no HTTP, nothing of what a
 * certificate says. The parse is strict and answers why a JWS is refused before any key is
 * looked at; the verifiers then check one signature against one public key. Everything returned
 * lives in the arena given; nothing here keeps state between calls, so every function may run on
 * any thread (an SM2 key may sign on several threads at once). */
#ifndef YW_JOSE_H
#define YW_JOSE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "../../base/arena.h"
#include "../core/signing.h" /* yw_signing_key: Ed25519, libsodium */

typedef enum { YW_JOSE_EDDSA = 1, YW_JOSE_SM2 = 2 } yw_jose_alg;
/* the `alg` header values: "EdDSA" (RFC 8037) and yiwang's own "SM2SM3" (documented as ours: JOSE
 * has no registered alg for SM2). NULL for anything else. */
const char *yw_jose_alg_name(yw_jose_alg alg);
/* The inverse, exactly as written (case matters): 0 for a name that is neither. */
yw_jose_alg yw_jose_alg_of(const char *name);
/* The bit of an alg in the `allowed` set of yw_jws_parse. */
#define YW_JOSE_ALLOW(alg) (1u << (alg))

/* The SM2 user ID (distinguishing identifier) of yiwang's profile, set explicitly on every SM2
 * signature and verification: OpenSSL 3's own default is the empty ID, other libraries' is this
 * one, so leaving it unset would make signatures that only OpenSSL verifies. */
#define YW_JOSE_SM2_ID "1234567812345678"
#define YW_JOSE_SM2_PUBLIC_BYTES 65 /* 0x04 || X || Y */
#define YW_JOSE_SIGNATURE_BYTES 64  /* Ed25519, and SM2's r || s (32 bytes each) */

/* base64url without padding (RFC 7515 §2): returns arena text, NULL on no memory */
char *yw_b64url_encode(yw_arena *a, const void *bin, size_t n);
/* strict inverse: only the canonical unpadded encoding is accepted (no '=', no whitespace, no
 * '+' '/', no non-zero trailing bits); 0, or -1 (invalid) / -2 (no memory). *out in the arena,
 * followed by a NUL byte (not counted in *n), so that decoded text reads as a C string. */
int yw_b64url_decode(yw_arena *a, const char *text, size_t len, unsigned char **out, size_t *n);

/* An SM2 key pair (OpenSSL EVP_PKEY of type SM2), loaded from a PEM private key file of mode
 * 0600 or stricter (refused otherwise, like signing.c's key files), or generated into a new file
 * (never overwriting). The file is an unencrypted PKCS#8 PEM, '#' comment lines before it
 * allowed (a generated file names its kid there). Errors name the field "key" and never quote the
 * file's contents: KEY_FILE_IO, _NOT_REGULAR, _MODE, _TOO_LARGE, _KEYS, _EXISTS (as signing.c's)
 * and SM2_KEY_FILE_FORMAT (not an SM2 private key, or an encrypted one). The key is freed by
 * yw_sm2_key_free, which erases it. */
typedef struct yw_sm2_key yw_sm2_key; /* opaque */
int yw_sm2_key_load(const char *path, yw_sm2_key **out, yw_err *err);
int yw_sm2_key_generate(const char *path, yw_sm2_key **out, yw_err *err);
void yw_sm2_key_free(yw_sm2_key *k);
/* the public key as uncompressed point bytes 0x04||X||Y (65 bytes); 0, or -1 without a key */
int yw_sm2_public(const yw_sm2_key *k, unsigned char out[65]);

/* A signer: one of the two. */
typedef struct {
    yw_jose_alg alg;
    const yw_signing_key *ed25519; /* when alg == YW_JOSE_EDDSA */
    const yw_sm2_key *sm2;         /* when alg == YW_JOSE_SM2 */
    const char *kid;               /* the header's kid: the key's RFC 7638 thumbprint */
} yw_jose_signer;

/* RFC 7638 thumbprints (base64url of SHA-256 of the canonical JWK members in lexicographic order):
 * Ed25519 {"crv":"Ed25519","kty":"OKP","x":...}; SM2 {"crv":"SM2","kty":"EC","x":...,"y":...}.
 * out: 43 characters + NUL. */
#define YW_JOSE_THUMBPRINT_SIZE 44
void yw_jose_thumbprint_ed25519(const unsigned char pk[32], char out[YW_JOSE_THUMBPRINT_SIZE]);
void yw_jose_thumbprint_sm2(const unsigned char pub[65], char out[YW_JOSE_THUMBPRINT_SIZE]);
/* The public JWK as a JSON object text (arena), with "kid", "alg" and "use":"sig" besides the
 * key members: the entry of /.well-known/jwks.json. NULL on no memory. */
char *yw_jose_jwk_ed25519(yw_arena *a, const unsigned char pk[32]);
char *yw_jose_jwk_sm2(yw_arena *a, const unsigned char pub[65]);

/* Signs payload (JSON text, n bytes) as a compact JWS with the protected header
 * {"alg":…,"kid":…,"typ":typ} (typ e.g. "vc+jwt"; NULL leaves typ out). Returns arena text, or
 * NULL with err filled: JWS_TOO_LARGE when the result would pass YW_JWS_MAX (so that everything
 * signed here parses), an internal error for a signer without its key or kid, or no memory. The
 * payload is not parsed here (signing stays at the signature's cost): the caller gives JSON
 * object text, which yw_jws_parse requires. */
char *yw_jws_sign(yw_arena *a, const yw_jose_signer *s, const char *typ, const char *payload, size_t n, yw_err *err);

/* Why a compact JWS is not acceptable, before any key is looked at. */
typedef enum {
    YW_JWS_OK = 0,
    YW_JWS_MALFORMED,       /* where says what: "segments", "header", "payload", "signature" + detail */
    YW_JWS_ALG_NOT_ALLOWED, /* alg is "none", a MAC, anything but the allowed set */
    YW_JWS_NO_KID,
    YW_JWS_TYP, /* typ is not the expected one */
} yw_jws_fail;

typedef struct {
    yw_jose_alg alg;
    const char *alg_name;      /* as written in the header (arena) */
    const char *kid, *typ;     /* arena text; typ NULL when the header has none */
    const char *payload;       /* decoded payload bytes, NUL-terminated (arena) */
    size_t payload_len;        /* == strlen(payload): JSON text without \u0000 */
    const char *signing_input; /* header.payload as in the compact form (points into input) */
    size_t signing_input_len;
    unsigned char *sig; /* decoded signature (arena) */
    size_t sig_len;     /* YW_JOSE_SIGNATURE_BYTES */
} yw_jws;

/* Parses a compact JWS strictly: exactly three base64url segments (surrounding ASCII whitespace
 * and one trailing newline tolerated, nothing else), a header that is a JSON object (jansson,
 * rejecting duplicate keys) with a string alg among `allowed` (bit set of yw_jose_alg values:
 * 1<<YW_JOSE_EDDSA …), a string kid, typ equal to expect_typ when given, no "crit"; a payload that
 * is valid UTF-8 JSON object text. Length limit: YW_JWS_MAX (64 KiB). Returns YW_JWS_OK or a
 * reason, with *where (static English text naming the part and the problem, e.g. "header: not
 * JSON at column 3") — the caller turns it into its own error. -2 on no memory.
 *
 * In detail: the whitespace tolerated around the compact form is space, tab, CR and LF; the
 * header may not carry "b64" either (RFC 7797's unencoded payload changes what is signed); typ is
 * compared as RFC 7515 §4.1.9 says (case-insensitively, "application/" implied), so
 * "application/vc+jwt" is "vc+jwt"; the payload refuses duplicate members too; the signature
 * must be YW_JOSE_SIGNATURE_BYTES. *where is static text, or arena text when it carries a
 * position; it never quotes the input. On success *where is NULL and signing_input points into
 * text, which must outlive *out. */
#define YW_JWS_MAX 65536
int yw_jws_parse(yw_arena *a, const char *text, size_t len, unsigned allowed, const char *expect_typ, yw_jws *out,
                 const char **where);
/* As yw_jws_parse, and hands over the payload as the parse read it (a jansson object), so that a
 * verifier reads the credential's claims without parsing it twice — the payload's parse is a
 * fifth of a verification's cost. *claims is the caller's, to json_decref; NULL unless
 * YW_JWS_OK. claims may be NULL (that is yw_jws_parse). */
int yw_jws_parse_claims(yw_arena *a, const char *text, size_t len, unsigned allowed, const char *expect_typ,
                        yw_jws *out, json_t **claims, const char **where);
/* yw_jws_parse_claims without reading the payload as JSON (it is decoded, NUL-terminated, not
 * checked): for a verifier that checks the signature first and reads the claims of a signed
 * payload only then (cert/status.c). The caller must not trust payload before the signature
 * checks, and must then read it strictly itself. */
int yw_jws_parse_signed(yw_arena *a, const char *text, size_t len, unsigned allowed, const char *expect_typ,
                        yw_jws *out, const char **where);
/* true when the signature checks with the given public key (Ed25519: 32 bytes, signature 64;
 * SM2: 65-byte point, signature as raw r||s 64 bytes — yiwang's profile, like ES256's encoding).
 * Each also requires the parsed alg to be its own: an SM2 JWS never verifies as Ed25519. */
bool yw_jws_verify_ed25519(const yw_jws *j, const unsigned char pk[32]);
bool yw_jws_verify_sm2(const yw_jws *j, const unsigned char pub[65]);

#endif
