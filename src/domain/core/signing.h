/* The platform's signing key: one Ed25519 key pair (libsodium) that the platform signs with —
 * checkpoints of the audit chain now, certificates later. The secret half lives only in a key
 * file on the machine that signs (never in the store, never printed): the 32-byte secret seed
 * (RFC 8032's private key) in base64 or hex, on one line, with '#' comment lines around it,
 * mode 0600 — a file readable by group or others is refused. The public half is registered in
 * the store's signing_keys table under its key id (the first 16 hex digits of the SHA-256 of
 * the raw public key), so that a verifier needs only the store, or the public key itself.
 * docs/audit.md tells the operator where the file goes and how to keep it. */
#ifndef YW_SIGNING_H
#define YW_SIGNING_H

#include <stdbool.h>
#include <stddef.h>

#include "op.h"

#define YW_SIGNING_SEED_BYTES 32
#define YW_SIGNING_PUBLIC_KEY_BYTES 32
#define YW_SIGNING_SECRET_KEY_BYTES 64 /* libsodium's form: seed, then public key */
#define YW_SIGNING_SIGNATURE_BYTES 64
#define YW_SIGNING_KEY_ID_SIZE 17     /* 16 lowercase hex digits + NUL */
#define YW_SIGNING_PUBLIC_B64_SIZE 45 /* standard base64 of 32 bytes (44) + NUL */
#define YW_SIGNING_SIGNATURE_B64_SIZE 89 /* standard base64 of 64 bytes (88) + NUL */
/* The environment variable naming the key file when no --key / --signing-key is given. */
#define YW_SIGNING_KEY_ENV "YW_SIGNING_KEY"
/* Key files larger than this are not key files. */
#define YW_SIGNING_KEY_FILE_MAX 4096

typedef struct {
    unsigned char public_key[YW_SIGNING_PUBLIC_KEY_BYTES];
    unsigned char secret_key[YW_SIGNING_SECRET_KEY_BYTES];
    char key_id[YW_SIGNING_KEY_ID_SIZE];
} yw_signing_key;

/* The key id of a public key: the first 16 hex digits of its SHA-256. */
void yw_signing_key_id(const unsigned char public_key[YW_SIGNING_PUBLIC_KEY_BYTES], char out[YW_SIGNING_KEY_ID_SIZE]);
/* The key pair of a secret seed. */
int yw_signing_key_from_seed(const unsigned char seed[YW_SIGNING_SEED_BYTES], yw_signing_key *out, yw_err *err);
/* Makes a new key pair from the system's randomness and writes it to a new file at path, mode
 * 0600. An existing path (a file or anything else) is YW_ERR_CONFLICT: a key is never
 * overwritten. */
int yw_signing_key_generate(const char *path, yw_signing_key *out, yw_err *err);
/* Reads a key file: a regular file of mode 0600 or stricter (else YW_ERR_FORBIDDEN, naming the
 * mode), '#' comment lines and blank lines, and one line with the seed in base64 (44
 * characters) or hex (64), or libsodium's 64-byte secret key in base64 (88) or hex (128),
 * whose public half must match. Messages never quote the file's contents. */
int yw_signing_key_load(const char *path, yw_signing_key *out, yw_err *err);
/* Reads a secret key file with the checks every key file gets: a regular file (a FIFO or a
 * directory refused without hanging), mode 0600 or stricter, at most YW_SIGNING_KEY_FILE_MAX
 * bytes. *text (malloc'd, YW_SIGNING_KEY_FILE_MAX + 1 bytes, owned by the caller) is released by
 * yw_key_file_free, which erases it first. Messages never quote the file's contents. */
int yw_key_file_read(const char *path, char **text, size_t *len, yw_err *err);
void yw_key_file_free(char *text);
/* Erases the secret half from memory. */
void yw_signing_key_wipe(yw_signing_key *key);

/* Detached Ed25519 signature of msg[0..len) (crypto_sign_detached) and its check. */
void yw_signing_sign(const yw_signing_key *key, const void *msg, size_t len,
                     unsigned char sig[YW_SIGNING_SIGNATURE_BYTES]);
bool yw_signing_verify(const unsigned char public_key[YW_SIGNING_PUBLIC_KEY_BYTES], const void *msg, size_t len,
                       const unsigned char sig[YW_SIGNING_SIGNATURE_BYTES]);

/* Standard base64 with padding (RFC 4648 §4), and its strict inverse: 0 only when text is the
 * canonical encoding of exactly n bytes. */
void yw_base64_encode(const unsigned char *bin, size_t n, char *out, size_t out_size);
int yw_base64_decode_exact(const char *text, size_t len, unsigned char *bin, size_t n);

/* Registers the public half of key in the store (admins; idempotent): *added (may be NULL)
 * tells whether it was new, and a new key is audited (signing_key.register). A key id taken
 * by another public key is YW_ERR_CONFLICT. */
int yw_signing_key_register(yw_op *op, const yw_signing_key *key, bool *added);

typedef struct {
    bool found;
    unsigned char public_key[YW_SIGNING_PUBLIC_KEY_BYTES];
    char created_at[YW_TIMESTAMP_SIZE];
} yw_signing_key_entry;
/* Looks up a registered public key by its key id. Public keys are public: no role needed. */
int yw_signing_key_find(yw_op *op, const char *key_id, yw_signing_key_entry *out);

#endif
