/* yiwang cert: certificates from the command line (domain/cert/cert.h) — the types, issuing one,
 * listing and showing them, suspending, reinstating and revoking, and importing a city's
 * existing certificates (cert_import.c), the signing keys (list, retire) — and yiwang verify
 * FILE, which checks a credential against a store. Output is tab-separated for scripts; errors
 * one line on standard error. */
#include "cert_cli.h"

#include <string.h>

#include "../base/time.h"
#include "../domain/cert/cert.h"
#include "../domain/core/actor.h"
#include "../domain/core/op.h"

/* ---- types ---- */

static int print_types(yw_op *op, void *ctx) {
    (void)ctx;
    yw_cert_type *t;
    int n;
    if (yw_cert_types(op, &t, &n) < 0) return -1;
    for (int i = 0; i < n; i++) printf("%s\t%s\t%s\n", t[i].code, t[i].name, t[i].department_name);
    return 0;
}

/* ---- issue ---- */

typedef struct {
    yw_cert_issue_in in;
    yw_cert out;
} issue_ctx;

static int issue(yw_op *op, void *ctx) {
    issue_ctx *c = ctx;
    if (yw_cert_base_url(op, NULL, &c->in.base_url) < 0) return -1;
    /* the holder's name: the registry's or the account's, when not given */
    if (!c->in.holder_name) {
        yw_rows rows;
        if (yw_store_query(op->store, op->arena,
                           "SELECT name FROM entities WHERE uscc = $1 UNION ALL"
                           " SELECT name FROM accounts WHERE id_number = $1 OR uscc = $1",
                           YW_ARGS(c->in.holder_id), &rows, op->err) < 0)
            return -1;
        c->in.holder_name = yw_rows_get(&rows, 0, 0);
    }
    return yw_cert_issue(op, &c->in, &c->out);
}

/* ---- list and show ---- */

typedef struct {
    const char *holder, *id;
} list_ctx;

static int list(yw_op *op, void *ctx) {
    list_ctx *c = ctx;
    for (int offset = 0;; offset += YW_CERT_LIST_MAX) {
        yw_cert_query q = {.holder_id = c->holder, .limit = YW_CERT_LIST_MAX, .offset = offset};
        yw_cert *x;
        int n;
        int64_t total;
        if (yw_cert_list(op, &q, &x, &n, &total) < 0) return -1;
        for (int i = 0; i < n; i++)
            printf("%s\t%s\t%s\t%s\n", x[i].identifier, x[i].type_name, x[i].holder_name, x[i].status);
        if (n < YW_CERT_LIST_MAX) return 0;
    }
}

static int show(yw_op *op, void *ctx) {
    list_ctx *c = ctx;
    yw_cert x;
    if (yw_cert_get(op, c->id, &x) < 0) return -1;
    printf("%s\n", x.jws);
    return 0;
}

/* ---- changes ---- */

typedef struct {
    const char *what;
    yw_cert_act_in in;
    yw_cert out;
} act_ctx;

static int act(yw_op *op, void *ctx) {
    act_ctx *c = ctx;
    if (yw_cert_base_url(op, NULL, &c->in.base_url) < 0) return -1;
    if (strcmp(c->what, "revoke") == 0) return yw_cert_revoke(op, &c->in, &c->out);
    if (strcmp(c->what, "suspend") == 0) return yw_cert_suspend(op, &c->in, &c->out);
    return yw_cert_reinstate(op, &c->in, &c->out);
}

/* Runs fn as the system on the store of db, in a write or a read, with its memory in a: what fn
 * leaves in ctx is the caller's to print after the commit, until it resets a. */
static int run_in(yw_arena *a, const char *cmd, const char *db, bool write, yw_op_fn fn, void *ctx) {
    yw_store *s;
    if (cli_open_store(cmd, db, &s)) return 1;
    if (cli_migrate(cmd, s)) {
        yw_store_close(s);
        return 1;
    }
    yw_err err;
    yw_op op = yw_op_make(s, a, &yw_actor_system, &err);
    int rc = write ? yw_op_write(&op, fn, ctx) : yw_op_read(&op, fn, ctx);
    if (rc < 0) rc = cli_fail(cmd, &err);
    yw_store_close(s);
    return rc;
}

/* run_in with an arena of its own, for fn that print what they read themselves. */
static int run(const char *cmd, const char *db, bool write, yw_op_fn fn, void *ctx) {
    yw_arena a;
    yw_arena_init(&a);
    int rc = run_in(&a, cmd, db, write, fn, ctx);
    yw_arena_reset(&a);
    return rc;
}

/* ---- signing keys ---- */

static int print_keys(yw_op *op, void *ctx) {
    (void)ctx;
    yw_cert_key *k;
    int n;
    if (yw_cert_keys(op, &k, &n) < 0) return -1;
    for (int i = 0; i < n; i++)
        printf("%s\t%s\t%s\t%s\t%lld\t%s\n", k[i].kid, k[i].alg, k[i].created_at,
               k[i].retired_at ? k[i].retired_at : "in use", (long long)k[i].valid, k[i].listed ? "listed" : "not listed");
    return 0;
}

static int retire_key(yw_op *op, void *ctx) { return yw_cert_key_retire(op, ctx); }

static int cmd_key(const char *db, int n, const char **pos) {
    if (n == 2 && strcmp(pos[1], "list") == 0) return run("cert", db, false, print_keys, NULL);
    if (n == 3 && strcmp(pos[1], "retire") == 0) {
        int rc = run("cert", db, true, retire_key, (void *)pos[2]);
        if (rc == 0) printf("%s\tretired\n", pos[2]);
        return rc;
    }
    fprintf(stderr, "yiwang cert: expected key list or key retire KID (see yiwang cert --help)\n");
    return CLI_USAGE;
}

static int cmd_cert(int argc, char **argv) {
    const char *db = NULL, *type = NULL, *holder = NULL, *fields = NULL, *reason = NULL, *name = NULL,
               *valid_from = NULL, *valid_until = NULL, *cert_key = NULL, *pos[3];
    cli_option opts[] = {{"--db", true, &db},           {"--type", true, &type},
                         {"--holder", true, &holder},   {"--fields", true, &fields},
                         {"--reason", true, &reason},   {"--name", true, &name},
                         {"--valid-from", true, &valid_from}, {"--valid-until", true, &valid_until},
                         {"--cert-key", true, &cert_key}, {NULL, false, NULL}};
    int n = cli_parse("cert", argc, argv, opts, pos, 3);
    if (n < 0) return CLI_USAGE;
    const char *what = n >= 1 ? pos[0] : "";
    if (strcmp(what, "key") == 0) return cmd_key(db, n, pos);
    if (strcmp(what, "types") == 0 && n == 1) return run("cert", db, false, print_types, NULL);
    if (strcmp(what, "list") == 0 && n == 1) {
        list_ctx c = {holder, NULL};
        return run("cert", db, false, list, &c);
    }
    if (strcmp(what, "show") == 0 && n == 2) {
        list_ctx c = {NULL, pos[1]};
        return run("cert", db, false, show, &c);
    }
    if (strcmp(what, "issue") == 0 && n == 1) {
        if (!type || !holder) {
            fprintf(stderr, "yiwang cert: issue needs --type CODE and --holder ID\n");
            return CLI_USAGE;
        }
        if (cli_cert_signer("cert", cert_key, NULL)) return 1;
        issue_ctx c = {.in = {.type = type, .holder_id = holder, .holder_name = name, .fields = fields,
                              .valid_from = valid_from, .valid_until = valid_until, .reason = reason}};
        yw_arena a;
        yw_arena_init(&a);
        int rc = run_in(&a, "cert", db, true, issue, &c);
        if (rc == 0) printf("%s\n", c.out.jws);
        yw_arena_reset(&a);
        cli_cert_signer_release();
        return rc;
    }
    if (strcmp(what, "import") == 0 && n == 2) return cli_cert_import(db, pos[1], cert_key);
    if ((strcmp(what, "revoke") == 0 || strcmp(what, "suspend") == 0 || strcmp(what, "reinstate") == 0) && n == 2) {
        if (!reason) {
            fprintf(stderr, "yiwang cert: %s needs --reason TEXT\n", what);
            return CLI_USAGE;
        }
        act_ctx c = {.what = what, .in = {.id = pos[1], .reason = reason}};
        yw_arena a;
        yw_arena_init(&a);
        int rc = run_in(&a, "cert", db, true, act, &c);
        if (rc == 0) printf("%s\t%s\t%s\t%s\n", c.out.identifier, c.out.type_name, c.out.holder_name, c.out.status);
        yw_arena_reset(&a);
        return rc;
    }
    fprintf(stderr, "yiwang cert: expected types, issue, list, show ID, revoke|suspend|reinstate ID, import FILE or key"
                    " (see yiwang cert --help)\n");
    return CLI_USAGE;
}

const cli_command cli_cert = {
    "cert",
    "types | issue --type CODE --holder ID [--name NAME] [--fields JSON] [--valid-from D] [--valid-until D]"
    " | list [--holder ID] | show ID | revoke|suspend|reinstate ID --reason TEXT | import FILE"
    " | key list | key retire KID  [--db URL]",
    "electronic certificates: types, issue, list, show, revoke, suspend, reinstate, import, signing keys",
    "types       the certificate types: code, name, issuing department (tab separated)\n"
    "issue       issues a certificate of --type (code or name) to --holder (a USCC or an ID\n"
    "            number) with --fields (a JSON object of the type's fields) and prints its\n"
    "            compact credential (vc+jwt)\n"
    "list        one line per certificate: identifier, type, holder, status (of --holder)\n"
    "show ID     the compact credential of one certificate (by id or identifier)\n"
    "revoke, suspend, reinstate ID --reason TEXT: changes its state, audited\n"
    "import FILE brings in existing certificates: CSV (header: type,number,holder,holder_name,\n"
    "            valid_from,valid_until, then one column per field key) or JSON lines; bad rows\n"
    "            are reported by line; a certificate already there (type and number) is left\n"
    "            alone, so a re-run changes nothing.\n"
    "key list    the keys certificates were signed with: kid, alg, first used, retired (or\n"
    "            \"in use\"), how many valid certificates need it, whether the JWKS lists it\n"
    "key retire KID: the key signs nothing more; the JWKS keeps it while a valid certificate\n"
    "            needs it. Retire a key after every server signs with the new one.\n"
    "Issuing and importing sign with --cert-key FILE, else $YW_SIGNING_KEY, else var/signing.key.\n"
    "See docs/certificates.md.",
    cmd_cert};

/* ---- yiwang verify ---- */

typedef struct {
    const char *data;
    size_t len;
    yw_cert_verification v;
} verify_ctx;

static int verify_one(yw_op *op, void *ctx) {
    verify_ctx *c = ctx;
    return yw_cert_verify(op, c->data, c->len, &c->v);
}

static int cmd_verify(int argc, char **argv) {
    const char *db = NULL, *pos[1];
    cli_option opts[] = {{"--db", true, &db}, {NULL, false, NULL}};
    int n = cli_parse("verify", argc, argv, opts, pos, 1);
    if (n != 1) {
        if (n == 0) fprintf(stderr, "yiwang verify: give the credential's file (- for standard input)\n");
        return CLI_USAGE;
    }
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    verify_ctx c = {0};
    char *data;
    if (strcmp(pos[0], "-") == 0) {
        yw_buf b;
        yw_buf_init(&b, &a);
        char chunk[4096];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, stdin)) > 0 && b.len <= YW_JWS_MAX) yw_buf_append(&b, chunk, got);
        data = b.data ? b.data : "";
        c.len = b.len;
    } else if (cli_read_file(&a, pos[0], YW_JWS_MAX + 2, "电子证照凭证", "a credential", &data, &c.len, &err) < 0) {
        yw_arena_reset(&a);
        return cli_fail("verify", &err);
    }
    c.data = data;
    int rc = run_in(&a, "verify", db, false, verify_one, &c);
    if (rc == 0) {
        const char *result = yw_enum_to_text(yw_verify_results, (int)c.v.result);
        printf("%s\t%s\t%s\n", result, c.v.why_zh, c.v.why_en);
        if (c.v.identifier) printf("%s\t%s\t%s\n", c.v.identifier, c.v.type_name ? c.v.type_name : "", c.v.holder_name ? c.v.holder_name : "");
        rc = c.v.result == YW_VERIFY_VALID ? 0 : 1;
    }
    yw_arena_reset(&a);
    return rc;
}

const cli_command cli_verify = {
    "verify", "FILE [--db URL]", "check a certificate's credential (vc+jwt): signature, key, validity, status",
    "Reads a compact credential (a .jwt file, or - for standard input) and checks it against the\n"
    "store: the form (alg none and any alg but EdDSA and SM2 refused), the key by its kid, the\n"
    "signature, validFrom and validUntil, and the status lists. Prints the result and why, and\n"
    "exits 0 only for a valid certificate (1 otherwise, 2 for a bad command line).",
    cmd_verify};
