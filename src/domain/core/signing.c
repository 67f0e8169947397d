/* The platform's signing key (signing.h): key files, Ed25519 through libsodium, base64, and the
 * store's table of public keys. The secret key is held in a yw_signing_key only as long as the
 * caller keeps it; every buffer that held key material is erased before it is freed. */
#include "signing.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../base/json_writer.h"
#include "audit.h"

_Static_assert(YW_SIGNING_SEED_BYTES == crypto_sign_SEEDBYTES, "Ed25519 seed size");
_Static_assert(YW_SIGNING_PUBLIC_KEY_BYTES == crypto_sign_PUBLICKEYBYTES, "Ed25519 public key size");
_Static_assert(YW_SIGNING_SECRET_KEY_BYTES == crypto_sign_SECRETKEYBYTES, "Ed25519 secret key size");
_Static_assert(YW_SIGNING_SIGNATURE_BYTES == crypto_sign_BYTES, "Ed25519 signature size");

void yw_signing_key_id(const unsigned char public_key[YW_SIGNING_PUBLIC_KEY_BYTES], char out[YW_SIGNING_KEY_ID_SIZE]) {
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, public_key, YW_SIGNING_PUBLIC_KEY_BYTES);
    sodium_bin2hex(out, YW_SIGNING_KEY_ID_SIZE, h, (YW_SIGNING_KEY_ID_SIZE - 1) / 2);
}

int yw_signing_key_from_seed(const unsigned char seed[YW_SIGNING_SEED_BYTES], yw_signing_key *out, yw_err *err) {
    if (crypto_sign_seed_keypair(out->public_key, out->secret_key, seed) != 0)
        return yw_err_set(err, YW_ERR_INTERNAL, NULL, "libsodium could not derive the key pair");
    yw_signing_key_id(out->public_key, out->key_id);
    return 0;
}

void yw_signing_key_wipe(yw_signing_key *key) { sodium_memzero(key, sizeof *key); }

void yw_signing_sign(const yw_signing_key *key, const void *msg, size_t len,
                     unsigned char sig[YW_SIGNING_SIGNATURE_BYTES]) {
    crypto_sign_detached(sig, NULL, msg, len, key->secret_key);
}

bool yw_signing_verify(const unsigned char public_key[YW_SIGNING_PUBLIC_KEY_BYTES], const void *msg, size_t len,
                       const unsigned char sig[YW_SIGNING_SIGNATURE_BYTES]) {
    return crypto_sign_verify_detached(sig, msg, len, public_key) == 0;
}

void yw_base64_encode(const unsigned char *bin, size_t n, char *out, size_t out_size) {
    sodium_bin2base64(out, out_size, bin, n, sodium_base64_VARIANT_ORIGINAL);
}

int yw_base64_decode_exact(const char *text, size_t len, unsigned char *bin, size_t n) {
    size_t want = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL) - 1;
    if (len != want) return -1;
    size_t got = 0;
    const char *end = NULL;
    if (sodium_base642bin(bin, n, text, len, NULL, &got, &end, sodium_base64_VARIANT_ORIGINAL) != 0 || got != n ||
        end != text + len)
        return -1;
    /* canonical only: the unused bits of the last character must be zero */
    char back[128];
    if (want + 1 > sizeof back) return -1;
    yw_base64_encode(bin, n, back, sizeof back);
    return memcmp(back, text, len) == 0 ? 0 : -1;
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* hex of exactly n bytes (either case) */
static int hex_decode_exact(const char *text, size_t len, unsigned char *bin, size_t n) {
    if (len != 2 * n) return -1;
    for (size_t i = 0; i < n; i++) {
        int hi = hex_value(text[2 * i]), lo = hex_value(text[2 * i + 1]);
        if (hi < 0 || lo < 0) return -1;
        bin[i] = (unsigned char)(hi << 4 | lo);
    }
    return 0;
}

/* The key line of a key file's contents: the seed or the 64-byte secret key, in base64 or hex. */
static int parse_key_text(const char *path, const char *text, size_t len, yw_signing_key *out, yw_err *err) {
    const char *key = NULL;
    size_t key_len = 0;
    int keys = 0;
    for (size_t i = 0; i < len;) {
        size_t start = i;
        while (i < len && text[i] != '\n') i++;
        size_t end = i;
        if (i < len) i++;
        while (start < end && (text[start] == ' ' || text[start] == '\t')) start++;
        while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r')) end--;
        if (start == end || text[start] == '#') continue;
        key = text + start;
        key_len = end - start;
        keys++;
    }
    if (keys != 1) return yw_fail(err, keys ? YW_E_KEY_FILE_KEYS : YW_E_KEY_FILE_NO_KEY, "key", path);
    unsigned char bin[YW_SIGNING_SECRET_KEY_BYTES];
    size_t n = 0;
    if (key_len == 44 && yw_base64_decode_exact(key, key_len, bin, YW_SIGNING_SEED_BYTES) == 0)
        n = YW_SIGNING_SEED_BYTES;
    else if (key_len == 88 && yw_base64_decode_exact(key, key_len, bin, YW_SIGNING_SECRET_KEY_BYTES) == 0)
        n = YW_SIGNING_SECRET_KEY_BYTES;
    else if (key_len == 64 && hex_decode_exact(key, key_len, bin, YW_SIGNING_SEED_BYTES) == 0)
        n = YW_SIGNING_SEED_BYTES;
    else if (key_len == 128 && hex_decode_exact(key, key_len, bin, YW_SIGNING_SECRET_KEY_BYTES) == 0)
        n = YW_SIGNING_SECRET_KEY_BYTES;
    int rc = 0;
    if (!n)
        rc = yw_fail(err, YW_E_KEY_FILE_FORMAT, "key", path);
    else if (yw_signing_key_from_seed(bin, out, err) < 0)
        rc = -1;
    else if (n == YW_SIGNING_SECRET_KEY_BYTES &&
             sodium_memcmp(bin + YW_SIGNING_SEED_BYTES, out->public_key, YW_SIGNING_PUBLIC_KEY_BYTES) != 0)
        rc = yw_fail(err, YW_E_KEY_FILE_PUBLIC_HALF, "key", path);
    sodium_memzero(bin, sizeof bin);
    if (rc < 0) yw_signing_key_wipe(out);
    return rc;
}

int yw_key_file_read(const char *path, char **text, size_t *len, yw_err *err) {
    *text = NULL;
    *len = 0;
    /* O_NONBLOCK: a FIFO put where the key should be must not hang us (it is refused below) */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return yw_fail(err, YW_E_KEY_FILE_IO, "key", "打开", "open", path, strerror(errno));
    struct stat st;
    int rc = -1;
    char *buf = NULL;
    size_t n = 0;
    if (fstat(fd, &st) < 0) {
        yw_fail(err, YW_E_KEY_FILE_IO, "key", "查看", "stat", path, strerror(errno));
        goto done;
    }
    if (!S_ISREG(st.st_mode)) {
        yw_fail(err, YW_E_KEY_FILE_NOT_REGULAR, "key", path);
        goto done;
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        yw_fail(err, YW_E_KEY_FILE_MODE, "key", path, (unsigned)(st.st_mode & 07777));
        goto done;
    }
    if (st.st_size > YW_SIGNING_KEY_FILE_MAX) {
        yw_fail(err, YW_E_KEY_FILE_TOO_LARGE, "key", path, YW_SIGNING_KEY_FILE_MAX);
        goto done;
    }
    buf = malloc(YW_SIGNING_KEY_FILE_MAX + 1);
    if (!buf) {
        yw_fail(err, YW_E_NOMEM, NULL);
        goto done;
    }
    for (;;) {
        ssize_t got = read(fd, buf + n, YW_SIGNING_KEY_FILE_MAX + 1 - n);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            yw_fail(err, YW_E_KEY_FILE_IO, "key", "读取", "read", path, strerror(errno));
            goto done;
        }
        if (got == 0) break;
        n += (size_t)got;
        if (n > YW_SIGNING_KEY_FILE_MAX) {
            yw_fail(err, YW_E_KEY_FILE_TOO_LARGE, "key", path, YW_SIGNING_KEY_FILE_MAX);
            goto done;
        }
    }
    rc = 0;
done:
    close(fd);
    if (rc < 0) {
        yw_key_file_free(buf);
        return -1;
    }
    *text = buf;
    *len = n;
    return 0;
}

void yw_key_file_free(char *text) {
    if (!text) return;
    sodium_memzero(text, YW_SIGNING_KEY_FILE_MAX + 1);
    free(text);
}

int yw_signing_key_load(const char *path, yw_signing_key *out, yw_err *err) {
    memset(out, 0, sizeof *out);
    char *text;
    size_t len;
    if (yw_key_file_read(path, &text, &len, err) < 0) return -1;
    int rc = parse_key_text(path, text, len, out, err);
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

int yw_signing_key_generate(const char *path, yw_signing_key *out, yw_err *err) {
    memset(out, 0, sizeof *out);
    unsigned char seed[YW_SIGNING_SEED_BYTES];
    randombytes_buf(seed, sizeof seed);
    int rc = yw_signing_key_from_seed(seed, out, err);
    char seed_b64[YW_SIGNING_PUBLIC_B64_SIZE], pub_b64[YW_SIGNING_PUBLIC_B64_SIZE];
    yw_base64_encode(seed, sizeof seed, seed_b64, sizeof seed_b64);
    sodium_memzero(seed, sizeof seed);
    if (rc < 0) {
        sodium_memzero(seed_b64, sizeof seed_b64);
        return -1;
    }
    yw_base64_encode(out->public_key, sizeof out->public_key, pub_b64, sizeof pub_b64);
    /* O_EXCL: never overwrite a key (nor follow a link planted where the key goes) */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        sodium_memzero(seed_b64, sizeof seed_b64);
        yw_signing_key_wipe(out);
        if (errno == EEXIST)
            return yw_fail(err, YW_E_KEY_FILE_EXISTS, "key", path);
        return yw_fail(err, YW_E_KEY_FILE_IO, "key", "创建", "create", path, strerror(errno));
    }
    char head[400];
    int hn = snprintf(head, sizeof head,
                      "# yiwang signing key: Ed25519, the 32-byte secret seed in base64 (RFC 8032 private key).\n"
                      "# Secret: keep this file mode 0600 and a backup in a safe place (docs/audit.md).\n"
                      "# key_id %s\n"
                      "# public_key %s\n",
                      out->key_id, pub_b64);
    bool ok = hn > 0 && (size_t)hn < sizeof head && fchmod(fd, 0600) == 0 && write_all(fd, head, (size_t)hn) == 0 &&
              write_all(fd, seed_b64, strlen(seed_b64)) == 0 && write_all(fd, "\n", 1) == 0 && fsync(fd) == 0;
    int saved = errno;
    sodium_memzero(seed_b64, sizeof seed_b64);
    if (close(fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        unlink(path);
        yw_signing_key_wipe(out);
        return yw_fail(err, YW_E_KEY_FILE_IO, "key", "写入", "write", path, strerror(saved));
    }
    return 0;
}

int yw_signing_key_find(yw_op *op, const char *key_id, yw_signing_key_entry *out) {
    /* public keys are public: no role is needed to read one */
    memset(out, 0, sizeof *out);
    yw_arena a;
    yw_arena_init(&a);
    yw_rows rows;
    int rc = yw_store_query(op->store, &a, "SELECT public_key, created_at FROM signing_keys WHERE key_id = $1",
                            YW_ARGS(key_id), &rows, op->err);
    if (rc == 0 && rows.nrows) {
        const char *pk = yw_rows_get(&rows, 0, 0), *at = yw_rows_get(&rows, 0, 1);
        if (yw_base64_decode_exact(pk, strlen(pk), out->public_key, sizeof out->public_key) < 0)
            rc = yw_err_set(op->err, YW_ERR_STORE, NULL, "signing key %.20s in the store is not a base64 public key",
                            key_id);
        else {
            out->found = true;
            snprintf(out->created_at, sizeof out->created_at, "%s", at ? at : "");
        }
    }
    yw_arena_reset(&a);
    return rc;
}

int yw_signing_key_register(yw_op *op, const yw_signing_key *key, bool *added) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "register a signing key") < 0) return -1;
    if (added) *added = false;
    if (yw_store_lock(op->store, "signing_keys", op->err) < 0) return -1;
    yw_signing_key_entry found;
    if (yw_signing_key_find(op, key->key_id, &found) < 0) return -1;
    if (found.found) {
        if (sodium_memcmp(found.public_key, key->public_key, sizeof found.public_key) != 0)
            return yw_fail(op->err, YW_E_SIGNING_KEY_ID_TAKEN, "key_id", key->key_id);
        return 0;
    }
    char pub[YW_SIGNING_PUBLIC_B64_SIZE], now[YW_TIMESTAMP_SIZE];
    yw_base64_encode(key->public_key, sizeof key->public_key, pub, sizeof pub);
    yw_op_timestamp(op, now);
    if (yw_store_exec(op->store,
                      "INSERT INTO signing_keys (key_id, algorithm, public_key, created_at) VALUES ($1, 'Ed25519', $2, $3)",
                      YW_ARGS(key->key_id, pub, now), NULL, op->err) < 0)
        return -1;
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, op->arena);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "key_id", key->key_id);
    yw_jw_kstr(&w, "algorithm", "Ed25519");
    yw_jw_kstr(&w, "public_key", pub);
    yw_jw_kstr(&w, "created_at", now);
    yw_jw_end(&w);
    if (b.failed) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (yw_audit_append(op, "signing_key.register", "signing_key", key->key_id, NULL, b.data) < 0) return -1;
    if (added) *added = true;
    return 0;
}
