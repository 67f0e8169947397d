/* Compact JWS, JWKs and thumbprints for certificates (jose.h): base64url, the header and payload
 * checked with jansson, Ed25519 through libsodium (signing.h), SM2 with SM3
 * through OpenSSL 3's EVP interface. Every OpenSSL call that fails leaves its reason on the
 * thread's error queue, which the TLS of the same thread (h2o) would later misread: so each path
 * through OpenSSL here ends with the queue cleared. */
#include "jose.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../base/json_writer.h"

#define SM2_COORD_BYTES 32

_Static_assert(YW_JOSE_SIGNATURE_BYTES == YW_SIGNING_SIGNATURE_BYTES, "Ed25519 signature size");
_Static_assert(YW_JOSE_THUMBPRINT_SIZE == 43 + 1, "base64url of a SHA-256 digest");

struct yw_sm2_key {
    EVP_PKEY *pkey; /* type SM2, with its private half */
    unsigned char pub[YW_JOSE_SM2_PUBLIC_BYTES];
};

const char *yw_jose_alg_name(yw_jose_alg alg) {
    switch (alg) {
    case YW_JOSE_EDDSA: return "EdDSA";
    case YW_JOSE_SM2: return "SM2SM3";
    }
    return NULL;
}

yw_jose_alg yw_jose_alg_of(const char *name) {
    if (!name) return 0;
    if (strcmp(name, "EdDSA") == 0) return YW_JOSE_EDDSA;
    if (strcmp(name, "SM2SM3") == 0) return YW_JOSE_SM2;
    return 0;
}

/* ---- base64url ----
 *
 * Written out here rather than through libsodium's, which is constant-time for secrets and so
 * four times slower: everything encoded or decoded here is public (headers, payloads,
 * signatures, public keys), and decoding is on the path of every verification. */

static const char B64URL_ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* The value of one character of the alphabet, -1 for anything else. */
static int b64url_value(unsigned char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

/* The length of the unpadded encoding of n bytes, without the NUL. */
static size_t b64url_len(size_t n) { return n / 3 * 4 + (n % 3 ? n % 3 + 1 : 0); }

/* Writes the encoding of bin[0..n) and a NUL at out, which holds b64url_len(n) + 1 bytes. */
static void b64url_put(char *out, const void *bin, size_t n) {
    const unsigned char *b = bin;
    size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t)b[i] << 16 | (uint32_t)b[i + 1] << 8 | b[i + 2];
        *out++ = B64URL_ALPHABET[v >> 18];
        *out++ = B64URL_ALPHABET[v >> 12 & 63];
        *out++ = B64URL_ALPHABET[v >> 6 & 63];
        *out++ = B64URL_ALPHABET[v & 63];
    }
    if (n - i == 1) {
        *out++ = B64URL_ALPHABET[b[i] >> 2];
        *out++ = B64URL_ALPHABET[(b[i] & 3) << 4];
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)b[i] << 8 | b[i + 1];
        *out++ = B64URL_ALPHABET[v >> 10];
        *out++ = B64URL_ALPHABET[v >> 4 & 63];
        *out++ = B64URL_ALPHABET[(v & 15) << 2];
    }
    *out = '\0';
}

char *yw_b64url_encode(yw_arena *a, const void *bin, size_t n) {
    if (n > SIZE_MAX / 2) return NULL;
    char *out = yw_arena_alloc(a, b64url_len(n) + 1);
    if (out) b64url_put(out, bin, n);
    return out;
}

int yw_b64url_decode(yw_arena *a, const char *text, size_t len, unsigned char **out, size_t *n) {
    *out = NULL;
    *n = 0;
    /* one character left over encodes no whole byte: never the encoding of anything */
    if (len % 4 == 1) return -1;
    const unsigned char *t = (const unsigned char *)text;
    size_t got = len / 4 * 3 + (len % 4 ? len % 4 - 1 : 0);
    unsigned char *bin = yw_arena_alloc(a, got + 1), *o = bin;
    if (!bin) return -2;
    size_t i = 0;
    for (; i + 4 <= len; i += 4) {
        int c0 = b64url_value(t[i]), c1 = b64url_value(t[i + 1]), c2 = b64url_value(t[i + 2]),
            c3 = b64url_value(t[i + 3]);
        if ((c0 | c1 | c2 | c3) < 0) return -1;
        uint32_t v = (uint32_t)c0 << 18 | (uint32_t)c1 << 12 | (uint32_t)c2 << 6 | (uint32_t)c3;
        *o++ = (unsigned char)(v >> 16);
        *o++ = (unsigned char)(v >> 8);
        *o++ = (unsigned char)v;
    }
    /* the last two or three characters: the bits past the last whole byte must be zero, else
     * another text would decode to the same bytes */
    if (len - i == 2) {
        int c0 = b64url_value(t[i]), c1 = b64url_value(t[i + 1]);
        if ((c0 | c1) < 0 || (c1 & 15)) return -1;
        *o++ = (unsigned char)(c0 << 2 | c1 >> 4);
    } else if (len - i == 3) {
        int c0 = b64url_value(t[i]), c1 = b64url_value(t[i + 1]), c2 = b64url_value(t[i + 2]);
        if ((c0 | c1 | c2) < 0 || (c2 & 3)) return -1;
        *o++ = (unsigned char)(c0 << 2 | c1 >> 4);
        *o++ = (unsigned char)((c1 & 15) << 4 | c2 >> 2);
    }
    *o = '\0';
    *out = bin;
    *n = got;
    return 0;
}

/* ---- thumbprints and JWKs ---- */

/* base64url of one 32-byte coordinate or key: 43 characters + NUL */
#define B64_32_SIZE 44

void yw_jose_thumbprint_ed25519(const unsigned char pk[32], char out[YW_JOSE_THUMBPRINT_SIZE]) {
    char x[B64_32_SIZE];
    b64url_put(x, pk, 32);
    /* RFC 7638 §3.2: the required members only, in lexicographic order, no whitespace */
    char canon[128];
    int len = snprintf(canon, sizeof canon, "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"%s\"}", x);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)canon, (unsigned long long)len);
    b64url_put(out, h, sizeof h);
}

void yw_jose_thumbprint_sm2(const unsigned char pub[65], char out[YW_JOSE_THUMBPRINT_SIZE]) {
    char x[B64_32_SIZE], y[B64_32_SIZE];
    b64url_put(x, pub + 1, SM2_COORD_BYTES);
    b64url_put(y, pub + 1 + SM2_COORD_BYTES, SM2_COORD_BYTES);
    char canon[192];
    int len = snprintf(canon, sizeof canon, "{\"crv\":\"SM2\",\"kty\":\"EC\",\"x\":\"%s\",\"y\":\"%s\"}", x, y);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)canon, (unsigned long long)len);
    b64url_put(out, h, sizeof h);
}

/* Every value below is base64url or a constant: nothing needs escaping. */
char *yw_jose_jwk_ed25519(yw_arena *a, const unsigned char pk[32]) {
    char x[B64_32_SIZE], kid[YW_JOSE_THUMBPRINT_SIZE];
    b64url_put(x, pk, 32);
    yw_jose_thumbprint_ed25519(pk, kid);
    return yw_arena_printf(a, "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"%s\",\"kid\":\"%s\",\"alg\":\"EdDSA\",\"use\":\"sig\"}",
                           x, kid);
}

char *yw_jose_jwk_sm2(yw_arena *a, const unsigned char pub[65]) {
    char x[B64_32_SIZE], y[B64_32_SIZE], kid[YW_JOSE_THUMBPRINT_SIZE];
    b64url_put(x, pub + 1, SM2_COORD_BYTES);
    b64url_put(y, pub + 1 + SM2_COORD_BYTES, SM2_COORD_BYTES);
    yw_jose_thumbprint_sm2(pub, kid);
    return yw_arena_printf(a,
                           "{\"kty\":\"EC\",\"crv\":\"SM2\",\"x\":\"%s\",\"y\":\"%s\",\"kid\":\"%s\",\"alg\":\"SM2SM3\","
                           "\"use\":\"sig\"}",
                           x, y, kid);
}

/* ---- SM2 with SM3 (OpenSSL) ----
 *
 * OpenSSL signs and verifies SM2 in DER (SEQUENCE of r and s); the JWS carries r||s, 32 bytes
 * each, as ES256 does for its curve. The DER is made here from the two integers, so the one
 * encoding of a signature that verifies is the canonical one: no DER variant slips through. */

/* A digest-sign or -verify context for pkey with SM3 and yiwang's SM2 user ID. */
static EVP_MD_CTX *sm2_md_ctx(EVP_PKEY *pkey, bool sign) {
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    if (!md) return NULL;
    int ok = sign ? EVP_DigestSignInit(md, &pctx, EVP_sm3(), NULL, pkey)
                  : EVP_DigestVerifyInit(md, &pctx, EVP_sm3(), NULL, pkey);
    if (ok <= 0 || EVP_PKEY_CTX_set1_id(pctx, YW_JOSE_SM2_ID, sizeof YW_JOSE_SM2_ID - 1) <= 0) {
        EVP_MD_CTX_free(md);
        return NULL;
    }
    return md;
}

static int sm2_sign(const yw_sm2_key *k, const void *msg, size_t len, unsigned char rs[YW_JOSE_SIGNATURE_BYTES]) {
    int rc = -1;
    unsigned char *der = NULL;
    ECDSA_SIG *sig = NULL;
    EVP_MD_CTX *md = sm2_md_ctx(k->pkey, true);
    size_t der_len = 0;
    if (!md || EVP_DigestSign(md, NULL, &der_len, msg, len) <= 0 || !(der = OPENSSL_malloc(der_len)) ||
        EVP_DigestSign(md, der, &der_len, msg, len) <= 0)
        goto done;
    const unsigned char *p = der;
    const BIGNUM *r, *s;
    if (!(sig = d2i_ECDSA_SIG(NULL, &p, (long)der_len))) goto done;
    ECDSA_SIG_get0(sig, &r, &s);
    if (BN_bn2binpad(r, rs, SM2_COORD_BYTES) != SM2_COORD_BYTES ||
        BN_bn2binpad(s, rs + SM2_COORD_BYTES, SM2_COORD_BYTES) != SM2_COORD_BYTES)
        goto done;
    rc = 0;
done:
    ECDSA_SIG_free(sig);
    OPENSSL_free(der);
    EVP_MD_CTX_free(md);
    ERR_clear_error();
    return rc;
}

/* The public key of a 65-byte point, which must lie on the SM2 curve. */
static EVP_PKEY *sm2_public_pkey(const unsigned char pub[65]) {
    if (pub[0] != 0x04) return NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "SM2", NULL);
    EVP_PKEY *pkey = NULL;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)"SM2", 0),
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)pub, YW_JOSE_SM2_PUBLIC_BYTES),
        OSSL_PARAM_construct_end(),
    };
    if (!ctx || EVP_PKEY_fromdata_init(ctx) <= 0 || EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0)
        pkey = NULL;
    EVP_PKEY_CTX_free(ctx);
    return pkey;
}

static bool sm2_verify(const unsigned char pub[65], const void *msg, size_t len,
                       const unsigned char rs[YW_JOSE_SIGNATURE_BYTES]) {
    bool ok = false;
    EVP_PKEY *pkey = sm2_public_pkey(pub);
    EVP_MD_CTX *md = NULL;
    ECDSA_SIG *sig = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(rs, SM2_COORD_BYTES, NULL), *s = BN_bin2bn(rs + SM2_COORD_BYTES, SM2_COORD_BYTES, NULL);
    unsigned char *der = NULL;
    if (!pkey || !sig || !r || !s || ECDSA_SIG_set0(sig, r, s) != 1) goto done;
    r = s = NULL; /* the signature owns them now */
    int der_len = i2d_ECDSA_SIG(sig, &der);
    if (der_len <= 0 || !(md = sm2_md_ctx(pkey, false))) goto done;
    /* 1 is a good signature; 0 a bad one, a negative value an error: neither verifies */
    ok = EVP_DigestVerify(md, der, (size_t)der_len, msg, len) == 1;
done:
    BN_free(r);
    BN_free(s);
    OPENSSL_free(der);
    ECDSA_SIG_free(sig);
    EVP_MD_CTX_free(md);
    EVP_PKEY_free(pkey);
    ERR_clear_error();
    return ok;
}

/* The uncompressed point of pkey's public half. */
static int sm2_pkey_public(EVP_PKEY *pkey, unsigned char out[65]) {
    BIGNUM *x = NULL, *y = NULL;
    int rc = -1;
    /* from the coordinates, not OSSL_PKEY_PARAM_PUB_KEY: that comes in the file's point format,
     * which may be compressed */
    if (EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_X, &x) == 1 &&
        EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, &y) == 1 &&
        BN_bn2binpad(x, out + 1, SM2_COORD_BYTES) == SM2_COORD_BYTES &&
        BN_bn2binpad(y, out + 1 + SM2_COORD_BYTES, SM2_COORD_BYTES) == SM2_COORD_BYTES) {
        out[0] = 0x04;
        rc = 0;
    }
    BN_free(x);
    BN_free(y);
    ERR_clear_error();
    return rc;
}

void yw_sm2_key_free(yw_sm2_key *k) {
    if (!k) return;
    EVP_PKEY_free(k->pkey); /* OpenSSL clears the private scalar as it frees it */
    sodium_memzero(k, sizeof *k);
    free(k);
}

int yw_sm2_public(const yw_sm2_key *k, unsigned char out[65]) {
    if (!k) return -1;
    memcpy(out, k->pub, sizeof k->pub);
    return 0;
}

/* A key owning pkey; NULL (pkey still the caller's) when pkey is no SM2 key. */
static yw_sm2_key *sm2_key_of(EVP_PKEY *pkey) {
    if (!pkey || !EVP_PKEY_is_a(pkey, "SM2")) return NULL;
    yw_sm2_key *k = calloc(1, sizeof *k);
    if (!k) return NULL;
    if (sm2_pkey_public(pkey, k->pub) < 0) {
        free(k);
        return NULL;
    }
    k->pkey = pkey;
    return k;
}

/* An encrypted PEM asks for a passphrase: refuse instead of OpenSSL's default, which would read
 * one from the terminal (and hang a server). */
static int no_passphrase(char *buf, int size, int rwflag, void *u) {
    (void)buf, (void)size, (void)rwflag, (void)u;
    return -1;
}

static int sm2_parse_pem(const char *path, const char *text, size_t len, yw_sm2_key **out, yw_err *err) {
    /* one key per file, as signing.c's files: a second BEGIN line is a second key */
    size_t begins = 0;
    for (const char *p = text; (p = memmem(p, len - (size_t)(p - text), "-----BEGIN", 10)); p += 10) begins++;
    if (begins > 1) return yw_fail(err, YW_E_KEY_FILE_KEYS, "key", path);
    BIO *bio = BIO_new_mem_buf(text, (int)len);
    if (!bio) {
        ERR_clear_error();
        return yw_fail(err, YW_E_NOMEM, NULL);
    }
    EVP_PKEY *pkey = PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL);
    BIO_free(bio);
    yw_sm2_key *k = sm2_key_of(pkey);
    ERR_clear_error();
    if (!k) {
        EVP_PKEY_free(pkey);
        return yw_fail(err, YW_E_SM2_KEY_FILE_FORMAT, "key", path);
    }
    *out = k;
    return 0;
}

int yw_sm2_key_load(const char *path, yw_sm2_key **out, yw_err *err) {
    *out = NULL;
    char *text;
    size_t len;
    if (yw_key_file_read(path, &text, &len, err) < 0) return -1; /* the checks of every key file */
    int rc = sm2_parse_pem(path, text, len, out, err);
    yw_key_file_free(text);
    return rc;
}

static int write_all(int fd, const char *p, size_t n) {
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int yw_sm2_key_generate(const char *path, yw_sm2_key **out, yw_err *err) {
    *out = NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "SM2", NULL);
    EVP_PKEY *pkey = NULL;
    if (!ctx || EVP_PKEY_keygen_init(ctx) <= 0 || EVP_PKEY_generate(ctx, &pkey) <= 0) pkey = NULL;
    EVP_PKEY_CTX_free(ctx);
    yw_sm2_key *k = sm2_key_of(pkey);
    /* the PEM goes through OpenSSL's secure memory BIO, which clears itself when freed */
    BIO *pem = k ? BIO_new(BIO_s_secmem()) : NULL;
    char *pem_text = NULL;
    long pem_len = 0;
    if (!pem || !PEM_write_bio_PrivateKey(pem, k->pkey, NULL, NULL, 0, NULL, NULL) ||
        (pem_len = BIO_get_mem_data(pem, &pem_text)) <= 0) {
        BIO_free(pem);
        if (k) yw_sm2_key_free(k);
        else EVP_PKEY_free(pkey);
        ERR_clear_error();
        return yw_err_set(err, YW_ERR_INTERNAL, NULL, "OpenSSL could not make an SM2 key");
    }
    ERR_clear_error();
    /* O_EXCL: never overwrite a key (nor follow a link planted where the key goes) */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        int saved = errno;
        BIO_free(pem);
        yw_sm2_key_free(k);
        if (saved == EEXIST) return yw_fail(err, YW_E_KEY_FILE_EXISTS, "key", path);
        return yw_fail(err, YW_E_KEY_FILE_IO, "key", "创建", "create", path, strerror(saved));
    }
    char kid[YW_JOSE_THUMBPRINT_SIZE], head[400];
    yw_jose_thumbprint_sm2(k->pub, kid);
    int hn = snprintf(head, sizeof head,
                      "# yiwang SM2 signing key (国密 profile: SM2 with SM3, user ID " YW_JOSE_SM2_ID "), PKCS#8 PEM.\n"
                      "# Secret: keep this file mode 0600 and a backup in a safe place.\n"
                      "# kid %s\n",
                      kid);
    bool ok = hn > 0 && (size_t)hn < sizeof head && fchmod(fd, 0600) == 0 && write_all(fd, head, (size_t)hn) == 0 &&
              write_all(fd, pem_text, (size_t)pem_len) == 0 && fsync(fd) == 0;
    int saved = errno;
    BIO_free(pem);
    if (close(fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        unlink(path);
        yw_sm2_key_free(k);
        return yw_fail(err, YW_E_KEY_FILE_IO, "key", "写入", "write", path, strerror(saved));
    }
    *out = k;
    return 0;
}

/* ---- signing ---- */

char *yw_jws_sign(yw_arena *a, const yw_jose_signer *s, const char *typ, const char *payload, size_t n,
                  yw_err *err) {
    const char *alg = yw_jose_alg_name(s->alg);
    if (!alg || (s->alg == YW_JOSE_EDDSA && !s->ed25519) || (s->alg == YW_JOSE_SM2 && !s->sm2) || !s->kid ||
        !*s->kid) {
        yw_err_set(err, YW_ERR_INTERNAL, NULL, "a JWS signer needs its alg's key and a kid");
        return NULL;
    }
    yw_buf h;
    yw_jw w;
    yw_jw_begin(&w, &h, a);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "alg", alg);
    yw_jw_kstr(&w, "kid", s->kid);
    if (typ) yw_jw_kstr(&w, "typ", typ);
    yw_jw_end(&w);
    if (h.failed) {
        yw_fail(err, YW_E_NOMEM, NULL);
        return NULL;
    }
    /* (a payload past half the address space is counted as that much: it is too large anyway) */
    size_t hl = b64url_len(h.len), pl = b64url_len(n < SIZE_MAX / 2 ? n : SIZE_MAX / 2),
           total = hl + 1 + pl + 1 + b64url_len(YW_JOSE_SIGNATURE_BYTES);
    if (total > YW_JWS_MAX) {
        yw_fail(err, YW_E_JWS_TOO_LARGE, NULL, total, YW_JWS_MAX);
        return NULL;
    }
    char *out = yw_arena_alloc(a, total + 1);
    if (!out) {
        yw_fail(err, YW_E_NOMEM, NULL);
        return NULL;
    }
    b64url_put(out, h.data, h.len);
    out[hl] = '.';
    b64url_put(out + hl + 1, payload, n);
    out[hl + 1 + pl] = '.';
    unsigned char sig[YW_JOSE_SIGNATURE_BYTES];
    if (s->alg == YW_JOSE_EDDSA)
        yw_signing_sign(s->ed25519, out, hl + 1 + pl, sig);
    else if (sm2_sign(s->sm2, out, hl + 1 + pl, sig) < 0) {
        yw_err_set(err, YW_ERR_INTERNAL, NULL, "OpenSSL could not sign with the SM2 key");
        return NULL;
    }
    b64url_put(out + hl + 1 + pl + 1, sig, sizeof sig);
    return out;
}

/* ---- parsing ---- */

static bool space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Where a JSON text failed, with jansson's position (never its text, which quotes the input). */
static const char *json_where(yw_arena *a, const char *part, const json_error_t *e) {
    if (json_error_code(e) == json_error_duplicate_key)
        return strcmp(part, "header") == 0 ? "header: duplicate member" : "payload: duplicate member";
    const char *w = e->line > 1 ? yw_arena_printf(a, "%s: not JSON at line %d, column %d", part, e->line, e->column)
                                : yw_arena_printf(a, "%s: not JSON at column %d", part, e->column);
    return w ? w : (strcmp(part, "header") == 0 ? "header: not JSON" : "payload: not JSON");
}

/* A media type as RFC 7515 §4.1.9 compares them: without "application/", in any case. */
static const char *media_type(const char *t) { return strncasecmp(t, "application/", 12) == 0 ? t + 12 : t; }

/* Copies a string member into the arena; *copy NULL when absent, 1 when not a string. */
static int string_member(yw_arena *a, json_t *obj, const char *key, const char **copy) {
    json_t *v = json_object_get(obj, key);
    *copy = NULL;
    if (!v) return 0;
    if (!json_is_string(v)) return 1;
    *copy = yw_arena_strndup(a, json_string_value(v), json_string_length(v));
    return *copy ? 0 : -2;
}

static int parse_header(yw_arena *a, const unsigned char *text, size_t len, unsigned allowed,
                        const char *expect_typ, yw_jws *out, const char **where) {
    json_error_t e;
    json_t *h = json_loadb((const char *)text, len, JSON_REJECT_DUPLICATES, &e);
    if (!h) {
        *where = json_where(a, "header", &e);
        return YW_JWS_MALFORMED;
    }
    int rc = YW_JWS_MALFORMED;
    const char *alg = NULL, *kid = NULL, *typ = NULL;
    int m;
    if (!json_is_object(h)) {
        *where = "header: not a JSON object";
    } else if ((m = string_member(a, h, "alg", &alg)) != 0 || !alg) {
        rc = m < 0 ? -2 : YW_JWS_MALFORMED;
        *where = m < 0 ? "out of memory" : m ? "header: alg is not a string" : "header: no alg";
    } else if (!yw_jose_alg_of(alg) || !(allowed & YW_JOSE_ALLOW(yw_jose_alg_of(alg)))) {
        rc = YW_JWS_ALG_NOT_ALLOWED;
        *where = "header: alg not allowed";
    } else if (json_object_get(h, "crit")) {
        *where = "header: crit present (no extension is understood)";
    } else if (json_object_get(h, "b64")) {
        *where = "header: b64 present (unencoded payloads are not taken)";
    } else if ((m = string_member(a, h, "kid", &kid)) != 0 || !kid || !*kid) {
        rc = m < 0 ? -2 : YW_JWS_NO_KID;
        *where = m < 0 ? "out of memory" : m ? "header: kid is not a string" : kid ? "header: kid is empty" : "header: no kid";
    } else if ((m = string_member(a, h, "typ", &typ)) != 0) {
        rc = m < 0 ? -2 : expect_typ ? YW_JWS_TYP : YW_JWS_MALFORMED;
        *where = m < 0 ? "out of memory" : "header: typ is not a string";
    } else if (expect_typ && !typ) {
        rc = YW_JWS_TYP;
        *where = "header: no typ";
    } else if (expect_typ && strcasecmp(media_type(typ), media_type(expect_typ)) != 0) {
        rc = YW_JWS_TYP;
        *where = "header: typ is not the one expected";
    } else {
        out->alg = yw_jose_alg_of(alg);
        out->alg_name = alg;
        out->kid = kid;
        out->typ = typ;
        rc = YW_JWS_OK;
    }
    json_decref(h);
    return rc;
}

int yw_jws_parse(yw_arena *a, const char *text, size_t len, unsigned allowed, const char *expect_typ, yw_jws *out,
                 const char **where) {
    return yw_jws_parse_claims(a, text, len, allowed, expect_typ, out, NULL, where);
}

/* The parse of yw_jws_parse_claims; with json false, the payload is decoded but not read as
 * JSON (yw_jws_parse_signed). */
static int parse_jws(yw_arena *a, const char *text, size_t len, unsigned allowed, const char *expect_typ, yw_jws *out,
                     json_t **claims, const char **where, bool json);

int yw_jws_parse_claims(yw_arena *a, const char *text, size_t len, unsigned allowed, const char *expect_typ,
                        yw_jws *out, json_t **claims, const char **where) {
    return parse_jws(a, text, len, allowed, expect_typ, out, claims, where, true);
}

int yw_jws_parse_signed(yw_arena *a, const char *text, size_t len, unsigned allowed, const char *expect_typ,
                        yw_jws *out, const char **where) {
    return parse_jws(a, text, len, allowed, expect_typ, out, NULL, where, false);
}

static int parse_jws(yw_arena *a, const char *text, size_t len, unsigned allowed, const char *expect_typ, yw_jws *out,
                     json_t **claims, const char **where, bool json) {
    memset(out, 0, sizeof *out);
    if (claims) *claims = NULL;
    *where = NULL;
    if (len > YW_JWS_MAX) {
        *where = "segments: longer than 65536 bytes";
        return YW_JWS_MALFORMED;
    }
    while (len && space(*text)) text++, len--;
    while (len && space(text[len - 1])) len--;
    const char *dot1 = memchr(text, '.', len);
    const char *dot2 = dot1 ? memchr(dot1 + 1, '.', len - (size_t)(dot1 + 1 - text)) : NULL;
    if (!dot2 || memchr(dot2 + 1, '.', len - (size_t)(dot2 + 1 - text))) {
        *where = "segments: not three (header.payload.signature)";
        return YW_JWS_MALFORMED;
    }
    size_t hl = (size_t)(dot1 - text), pl = (size_t)(dot2 - dot1 - 1), sl = len - (size_t)(dot2 + 1 - text);

    unsigned char *bin;
    size_t n;
    int d = yw_b64url_decode(a, text, hl, &bin, &n);
    if (d < 0) {
        *where = d == -2 ? "out of memory" : "header: not base64url";
        return d == -2 ? -2 : YW_JWS_MALFORMED;
    }
    json_t *parsed = NULL;
    int rc = parse_header(a, bin, n, allowed, expect_typ, out, where);
    if (rc != YW_JWS_OK) {
        memset(out, 0, sizeof *out);
        return rc;
    }

    if (pl == 0) {
        *where = "payload: empty";
        rc = YW_JWS_MALFORMED;
    } else if ((d = yw_b64url_decode(a, dot1 + 1, pl, &bin, &n)) < 0) {
        *where = d == -2 ? "out of memory" : "payload: not base64url";
        rc = d == -2 ? -2 : YW_JWS_MALFORMED;
    } else if (!json) {
        out->payload = (const char *)bin;
        out->payload_len = n;
    } else {
        json_error_t e;
        /* jansson takes UTF-8 only, and \u0000 not at all without JSON_ALLOW_NUL: the payload
         * then holds no NUL byte and reads whole as a C string */
        parsed = json_loadb((const char *)bin, n, JSON_REJECT_DUPLICATES, &e);
        if (!parsed) {
            *where = json_where(a, "payload", &e);
            rc = YW_JWS_MALFORMED;
        } else if (!json_is_object(parsed)) {
            *where = "payload: not a JSON object";
            rc = YW_JWS_MALFORMED;
        }
        out->payload = (const char *)bin;
        out->payload_len = n;
    }
    if (rc == YW_JWS_OK) {
        if ((d = yw_b64url_decode(a, dot2 + 1, sl, &bin, &n)) < 0) {
            *where = d == -2 ? "out of memory" : "signature: not base64url";
            rc = d == -2 ? -2 : YW_JWS_MALFORMED;
        } else if (n != YW_JOSE_SIGNATURE_BYTES) {
            *where = "signature: not 64 bytes";
            rc = YW_JWS_MALFORMED;
        } else {
            out->sig = bin;
            out->sig_len = n;
        }
    }
    if (rc != YW_JWS_OK) {
        json_decref(parsed);
        memset(out, 0, sizeof *out);
        return rc;
    }
    out->signing_input = text;
    out->signing_input_len = (size_t)(dot2 - text);
    if (claims) *claims = parsed;
    else json_decref(parsed);
    return YW_JWS_OK;
}

/* ---- verifying ---- */

bool yw_jws_verify_ed25519(const yw_jws *j, const unsigned char pk[32]) {
    return j->alg == YW_JOSE_EDDSA && j->sig && j->sig_len == YW_JOSE_SIGNATURE_BYTES &&
           yw_signing_verify(pk, j->signing_input, j->signing_input_len, j->sig);
}

bool yw_jws_verify_sm2(const yw_jws *j, const unsigned char pub[65]) {
    return j->alg == YW_JOSE_SM2 && j->sig && j->sig_len == YW_JOSE_SIGNATURE_BYTES &&
           sm2_verify(pub, j->signing_input, j->signing_input_len, j->sig);
}
