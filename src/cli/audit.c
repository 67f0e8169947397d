/* yiwang audit: verify the audit chain (and that it still reaches signed checkpoints), sign a
 * checkpoint of its head, and make the platform's signing key. */
#include "cli.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/json_writer.h"
#include "../base/log.h"
#include "../base/time.h"
#include "../domain/core/audit.h"
#include "../domain/core/signing.h"

static void show_progress(int64_t checked, void *arg) {
    (void)arg;
    fprintf(stderr, "\raudit: %lld entries checked", (long long)checked);
}

/* --key, else $YW_SIGNING_KEY, else NULL */
static const char *key_path(const char *opt) {
    if (opt && *opt) return opt;
    const char *env = getenv(YW_SIGNING_KEY_ENV);
    return env && *env ? env : NULL;
}

/* ---- keygen ---- */

typedef struct {
    const yw_signing_key *key;
    bool added;
    yw_checkpoint cp;
} sign_ctx;

static int do_register(yw_op *op, void *vctx) {
    sign_ctx *c = vctx;
    return yw_signing_key_register(op, c->key, &c->added);
}

static int keygen(const char *db, const char *path) {
    yw_store *s;
    if (cli_open_store("audit", db, &s)) return 1;
    if (cli_migrate("audit", s)) {
        yw_store_close(s);
        return 1;
    }
    yw_err err;
    yw_signing_key key;
    if (yw_signing_key_generate(path, &key, &err) < 0) {
        yw_store_close(s);
        return cli_fail("audit", &err);
    }
    char pub[YW_SIGNING_PUBLIC_B64_SIZE];
    yw_base64_encode(key.public_key, sizeof key.public_key, pub, sizeof pub);
    printf("signing key written to %s (mode 0600): keep it secret, and keep a backup in a safe place\n"
           "key_id %s\npublic_key %s\n",
           path, key.key_id, pub);
    yw_arena a;
    yw_arena_init(&a);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    sign_ctx c = {&key, false, {0}};
    int rc = yw_op_write(&op, do_register, &c);
    yw_arena_reset(&a);
    yw_signing_key_wipe(&key);
    if (rc < 0) {
        char text[640];
        cli_err_text(&err, text, sizeof text);
        fprintf(stderr,
                "yiwang audit: the key file is written, but its public key is not registered (yiwang audit "
                "checkpoint will register it): %s\n",
                text);
        yw_store_close(s);
        return 1;
    }
    printf("public key registered in the store (%s)\n", yw_store_kind_name(s));
    yw_store_close(s);
    return 0;
}

/* ---- checkpoint ---- */

static int do_checkpoint(yw_op *op, void *vctx) {
    sign_ctx *c = vctx;
    if (yw_signing_key_register(op, c->key, &c->added) < 0) return -1;
    return yw_audit_checkpoint(op, c->key, &c->cp);
}

static int checkpoint(const char *db, const char *path) {
    yw_err err;
    yw_signing_key key;
    if (yw_signing_key_load(path, &key, &err) < 0) return cli_fail("audit", &err);
    yw_store *s;
    if (cli_open_store("audit", db, &s)) {
        yw_signing_key_wipe(&key);
        return 1;
    }
    if (cli_migrate("audit", s)) {
        yw_signing_key_wipe(&key);
        yw_store_close(s);
        return 1;
    }
    yw_arena a;
    yw_arena_init(&a);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    sign_ctx c = {&key, false, {0}};
    /* one transaction: the key's registration (when new) is in the chain the checkpoint signs */
    int rc = yw_op_write(&op, do_checkpoint, &c);
    yw_signing_key_wipe(&key);
    yw_store_close(s);
    if (rc < 0) {
        yw_arena_reset(&a);
        return cli_fail("audit", &err);
    }
    if (c.added) fprintf(stderr, "yiwang audit: registered signing key %s in the store\n", c.cp.key_id);
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, &a);
    yw_checkpoint_write(&w, &c.cp);
    rc = b.failed ? -1 : 0;
    if (rc == 0) {
        printf("%s\n", b.data);
        rc = fflush(stdout) == 0 ? 0 : -1;
    }
    yw_arena_reset(&a);
    if (rc < 0) {
        fprintf(stderr, "yiwang audit: could not write the checkpoint\n");
        return 1;
    }
    return 0;
}

/* ---- verify ---- */

typedef struct {
    yw_checkpoint cp;
    long line;
} loaded_checkpoint;

/* Reads every checkpoint of a file ("-": standard input), one per line; blank lines and lines
 * starting with '#' are skipped. 0, or 1 after reporting. */
static int load_checkpoints(const char *path, loaded_checkpoint **out, size_t *count) {
    *out = NULL;
    *count = 0;
    bool std_in = strcmp(path, "-") == 0;
    FILE *f = std_in ? stdin : fopen(path, "r");
    if (!f) {
        fprintf(stderr, "yiwang audit: cannot open checkpoint file %s\n", path);
        return 1;
    }
    char *line = NULL;
    size_t cap = 0, have = 0;
    ssize_t n;
    long lineno = 0;
    int rc = 0;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        size_t len = (size_t)n;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
            len--;
        size_t start = 0;
        while (start < len && (line[start] == ' ' || line[start] == '\t')) start++;
        if (start == len || line[start] == '#') continue;
        if (*count == have) {
            size_t grow = have ? have * 2 : 16;
            loaded_checkpoint *bigger = realloc(*out, grow * sizeof **out);
            if (!bigger) {
                fprintf(stderr, "yiwang audit: out of memory reading %s\n", path);
                rc = 1;
                break;
            }
            *out = bigger;
            have = grow;
        }
        yw_err err;
        loaded_checkpoint *c = &(*out)[*count];
        if (yw_checkpoint_parse(line + start, len - start, &c->cp, &err) < 0) {
            char text[640];
            cli_err_text(&err, text, sizeof text);
            fprintf(stderr, "yiwang audit: %s line %ld is not a checkpoint: %s\n", path, lineno, text);
            rc = 1;
            break;
        }
        c->line = lineno;
        (*count)++;
    }
    if (rc == 0 && ferror(f)) {
        fprintf(stderr, "yiwang audit: cannot read checkpoint file %s\n", path);
        rc = 1;
    }
    if (rc == 0 && *count == 0) {
        fprintf(stderr, "yiwang audit: %s holds no checkpoint\n", path);
        rc = 1;
    }
    free(line);
    if (!std_in) fclose(f);
    if (rc) {
        free(*out);
        *out = NULL;
        *count = 0;
    }
    return rc;
}

typedef struct {
    yw_audit_report report;
    const loaded_checkpoint *checkpoints;
    size_t count;
    const unsigned char *trusted_key;
    yw_checkpoint_result *results;
} verify_ctx;

static int do_verify(yw_op *op, void *vctx) {
    verify_ctx *v = vctx;
    if (yw_audit_verify(op, &v->report, show_progress, NULL) < 0) return -1;
    for (size_t i = 0; i < v->count; i++) {
        yw_checkpoint_check in = {&v->checkpoints[i].cp, v->trusted_key};
        if (yw_audit_verify_checkpoint(op, &in, &v->results[i]) < 0) return -1;
    }
    return 0;
}

static const char *status_word(yw_checkpoint_status s) {
    switch (s) {
    case YW_CHECKPOINT_REACHED: return "reached";
    case YW_CHECKPOINT_BAD_SIGNATURE: return "BAD SIGNATURE";
    case YW_CHECKPOINT_UNKNOWN_KEY: return "UNKNOWN KEY";
    case YW_CHECKPOINT_MISSING: return "NOT REACHED";
    case YW_CHECKPOINT_MISMATCH: return "REWRITTEN";
    }
    return "?";
}

static int verify(const char *db, const char *checkpoint_file, const char *public_key) {
    unsigned char trusted[YW_SIGNING_PUBLIC_KEY_BYTES];
    if (public_key && yw_base64_decode_exact(public_key, strlen(public_key), trusted, sizeof trusted) < 0) {
        fprintf(stderr, "yiwang audit: --public-key must be an Ed25519 public key in base64 (44 characters)\n");
        return CLI_USAGE;
    }
    verify_ctx v = {.trusted_key = public_key ? trusted : NULL};
    loaded_checkpoint *cps = NULL;
    if (checkpoint_file) {
        if (load_checkpoints(checkpoint_file, &cps, &v.count)) return 1;
        v.checkpoints = cps;
        v.results = calloc(v.count, sizeof *v.results);
        if (!v.results) {
            free(cps);
            fprintf(stderr, "yiwang audit: out of memory\n");
            return 1;
        }
    }
    yw_store *s;
    if (cli_open_store("audit", db, &s)) {
        free(cps);
        free(v.results);
        return 1;
    }
    yw_err err;
    int64_t t0 = yw_mono_us();
    yw_arena a;
    yw_arena_init(&a);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    /* one snapshot: the chain and the checkpoints are checked against the same log */
    int rc = yw_op_read(&op, do_verify, &v);
    yw_arena_reset(&a);
    yw_store_close(s);
    if (rc < 0) {
        if (v.report.checked >= 10000) fprintf(stderr, "\n");
        free(cps);
        free(v.results);
        return cli_fail("audit", &err);
    }
    const yw_audit_report *r = &v.report;
    if (r->checked >= 10000) fprintf(stderr, "\n");
    double secs = (double)(yw_mono_us() - t0) / 1e6;
    int status = 0;
    if (r->broken_seq) {
        printf("audit chain BROKEN at entry %lld (id %s): %s; %lld entries checked in %.2f s\n",
               (long long)r->broken_seq, r->broken_id, r->reason, (long long)r->checked, secs);
        status = 1;
    } else {
        printf("audit chain intact: %lld entries checked in %.2f s\n", (long long)r->checked, secs);
    }
    size_t failed = 0;
    for (size_t i = 0; i < v.count; i++) {
        const yw_checkpoint *cp = &cps[i].cp;
        const yw_checkpoint_result *res = &v.results[i];
        printf("checkpoint of line %ld (entry %lld, signed %s by key %s): %s — %s\n", cps[i].line,
               (long long)cp->seq, cp->at, cp->key_id, status_word(res->status), res->reason);
        if (res->status != YW_CHECKPOINT_REACHED) failed++;
    }
    if (v.count) {
        if (failed) printf("%zu of %zu checkpoint(s) FAILED\n", failed, v.count);
        else printf("all %zu checkpoint(s) reached\n", v.count);
    }
    if (failed) status = 1;
    free(cps);
    free(v.results);
    return status;
}

static int cmd_audit(int argc, char **argv) {
    const char *db = NULL, *key = NULL, *checkpoint_file = NULL, *public_key = NULL, *pos[1];
    cli_option opts[] = {{"--db", true, &db},
                         {"--key", true, &key},
                         {"--checkpoint", true, &checkpoint_file},
                         {"--public-key", true, &public_key},
                         {NULL, false, NULL}};
    int n = cli_parse("audit", argc, argv, opts, pos, 1);
    if (n < 0) return CLI_USAGE;
    const char *what = n == 1 ? pos[0] : "";
    bool is_verify = strcmp(what, "verify") == 0, is_checkpoint = strcmp(what, "checkpoint") == 0,
         is_keygen = strcmp(what, "keygen") == 0;
    if (!is_verify && !is_checkpoint && !is_keygen) {
        fprintf(stderr, "yiwang audit: expected verify, checkpoint or keygen (see yiwang audit --help)\n");
        return CLI_USAGE;
    }
    if (!is_verify && (checkpoint_file || public_key)) {
        fprintf(stderr, "yiwang audit: --checkpoint and --public-key go with verify\n");
        return CLI_USAGE;
    }
    if (is_verify && key) {
        fprintf(stderr, "yiwang audit: verify needs no secret key (--public-key names the key to trust)\n");
        return CLI_USAGE;
    }
    if (is_verify && public_key && !checkpoint_file) {
        fprintf(stderr, "yiwang audit: --public-key goes with --checkpoint\n");
        return CLI_USAGE;
    }
    if (is_verify) return verify(db, checkpoint_file, public_key);
    const char *path = key_path(key);
    if (!path) {
        fprintf(stderr, "yiwang audit: %s needs the key file: --key FILE or $%s\n", what, YW_SIGNING_KEY_ENV);
        return CLI_USAGE;
    }
    return is_keygen ? keygen(db, path) : checkpoint(db, path);
}

const cli_command cli_audit = {
    "audit",
    "verify [--db URL] [--checkpoint FILE [--public-key BASE64]] | checkpoint [--db URL] [--key FILE]"
    " | keygen [--db URL] [--key FILE]",
    "check the audit log's hash chain; sign and check checkpoints of its head",
    "verify      walks the audit chain from the first entry and names the first entry that does\n"
    "            not fit. With --checkpoint FILE (one checkpoint a line, '-' for standard input)\n"
    "            it also checks that each checkpoint is signed by a registered key (or by the\n"
    "            key --public-key names) and that the chain still reaches it: its entry is there\n"
    "            with the signed hash. A cut tail or a rewritten chain fails it.\n"
    "            Exit status 0 when all holds, 1 otherwise.\n"
    "checkpoint  prints the chain's head (seq, hash, time) signed with the platform's key as one\n"
    "            line of JSON, to keep somewhere else; registers the key's public half in the\n"
    "            store if it is not yet.\n"
    "keygen      makes the platform's Ed25519 signing key: writes the secret to a new file (mode\n"
    "            0600; an existing file is never overwritten), prints its key id and public key,\n"
    "            and registers the public key in the store.\n"
    "The key file is --key FILE, else $YW_SIGNING_KEY. See docs/audit.md.",
    cmd_audit};
