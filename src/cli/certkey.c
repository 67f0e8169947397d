/* The key certificates are signed with, for the commands that issue them (serve, demo, cert):
 * --cert-key FILE, else the platform's signing key (--signing-key FILE or $YW_SIGNING_KEY),
 * else var/signing.key under the working directory — made on first use, so that `make run`
 * issues certificates out of the box. A PEM file holding an SM2 private key selects the 国密
 * profile (SM2 with SM3); an Ed25519 key file (signing.h) the default, EdDSA. The key is loaded
 * once per process and kept until it ends. docs/certificates.md tells the operator where it goes
 * and how it rotates. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../domain/cert/cert.h"
#include "../domain/core/actor.h"
#include "../domain/core/op.h"
#include "../domain/core/signing.h"

#define DEFAULT_KEY "var/signing.key"

static yw_signing_key ed_key;
static yw_sm2_key *sm2_key;
static yw_jose_signer signer;
static char kid[YW_JOSE_THUMBPRINT_SIZE];
static bool loaded;

/* true when the file starts as PEM does */
static bool is_pem(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) return false;
    char head[11] = {0};
    size_t n = fread(head, 1, 10, f);
    fclose(f);
    return n == 10 && strncmp(head, "-----BEGIN", 10) == 0;
}

int cli_cert_signer(const char *cmd, const char *cert_key, const char *signing_key) {
    if (loaded) return 0;
    const char *path = cert_key;
    if (!path) path = signing_key;
    if (!path) {
        const char *env = getenv(YW_SIGNING_KEY_ENV);
        if (env && *env) path = env;
    }
    yw_err err;
    if (path && is_pem(path)) {
        if (yw_sm2_key_load(path, &sm2_key, &err) < 0) return cli_fail(cmd, &err);
        unsigned char pub[65];
        if (yw_sm2_public(sm2_key, pub) < 0) {
            fprintf(stderr, "yiwang %s: %s: not an SM2 key\n", cmd, path);
            return 1;
        }
        yw_jose_thumbprint_sm2(pub, kid);
        signer = (yw_jose_signer){.alg = YW_JOSE_SM2, .sm2 = sm2_key, .kid = kid};
    } else if (path) {
        if (yw_signing_key_load(path, &ed_key, &err) < 0) return cli_fail(cmd, &err);
    } else {
        path = DEFAULT_KEY;
        struct stat st;
        bool made = false;
        if (stat(path, &st) != 0) {
            if (mkdir("var", 0700) != 0 && errno != EEXIST) {
                fprintf(stderr, "yiwang %s: cannot make var/ for the signing key: %s\n", cmd, strerror(errno));
                return 1;
            }
            if (yw_signing_key_generate(path, &ed_key, &err) == 0) {
                fprintf(stderr, "yiwang %s: made a new signing key for certificates at %s (keep it and a backup:"
                                " docs/certificates.md)\n", cmd, path);
                made = true;
            } else if (err.code != YW_ERR_CONFLICT) {
                return cli_fail(cmd, &err);
            }
        }
        /* another process may be writing it this moment: a few tries */
        for (int i = 0; !made; i++) {
            if (yw_signing_key_load(path, &ed_key, &err) == 0) break;
            if (i == 20) return cli_fail(cmd, &err);
            struct timespec ts = {0, 50 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
    if (signer.alg != YW_JOSE_SM2) {
        yw_jose_thumbprint_ed25519(ed_key.public_key, kid);
        signer = (yw_jose_signer){.alg = YW_JOSE_EDDSA, .ed25519 = &ed_key, .kid = kid};
    }
    yw_cert_use_signer(&signer);
    loaded = true;
    return 0;
}

static int register_key(yw_op *op, void *ctx) {
    (void)ctx;
    return yw_cert_key_register(op, &signer);
}

int cli_cert_signer_register(const char *cmd, const char *db) {
    yw_store *s;
    if (cli_open_store(cmd, db, &s)) return 1;
    int rc = cli_migrate(cmd, s);
    if (rc == 0) {
        yw_arena a;
        yw_arena_init(&a);
        yw_err err;
        yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
        if (yw_op_write(&op, register_key, NULL) < 0) rc = cli_fail(cmd, &err);
        yw_arena_reset(&a);
    }
    yw_store_close(s);
    return rc;
}

void cli_cert_signer_release(void) {
    if (!loaded) return;
    yw_cert_use_signer(NULL);
    yw_signing_key_wipe(&ed_key);
    if (sm2_key) yw_sm2_key_free(sm2_key);
    sm2_key = NULL;
    loaded = false;
}
