/* yiwang apikey: make, list and revoke the API keys of machine clients, as the command line's
 * administrator. `create` prints the key's details and then the key itself, alone on the last
 * line, so that a script takes it with `tail -n 1`; it is never shown again (the store keeps its
 * hash only). */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../domain/core/apikey.h"

typedef struct {
    yw_apikey_new in;
    yw_apikey key;
    char secret[YW_APIKEY_SECRET_SIZE];
} create_ctx;

static int create_key(yw_op *op, void *vctx) {
    create_ctx *c = vctx;
    return yw_apikey_create(op, &c->in, &c->key, c->secret);
}

/* "a,b" into a NULL-terminated arena array (empty items dropped); NULL when out of memory. */
static const char **split_list(yw_arena *a, const char *text) {
    size_t n = 1;
    for (const char *p = text; *p; p++) n += *p == ',';
    const char **out = yw_arena_calloc(a, n + 1, sizeof(char *));
    char *copy = yw_arena_strdup(a, text);
    if (!out || !copy) return NULL;
    size_t k = 0;
    for (char *p = strtok(copy, ", "); p; p = strtok(NULL, ", ")) out[k++] = p;
    return out;
}

static void print_key(const yw_apikey *k) {
    printf("%s\t%s\t", k->id, k->name);
    for (const char **s = k->scopes; *s; s++) printf("%s%s", s == k->scopes ? "" : ",", *s);
    printf("\t%lld/min\tcreated %s by %s", (long long)k->rate_per_minute, k->created_at, k->created_by);
    if (k->revoked_at) printf("\trevoked %s by %s", k->revoked_at, k->revoked_by);
    printf("\n");
}

static int apikey_create(int argc, char **argv) {
    const char *db = NULL, *name = NULL, *scopes = NULL, *rate = NULL, *pos[1];
    cli_option opts[] = {{"--db", true, &db}, {"--name", true, &name}, {"--scopes", true, &scopes},
                         {"--rate", true, &rate}, {NULL, false, NULL}};
    int n = cli_parse("apikey", argc, argv, opts, pos, 1);
    if (n < 0) return CLI_USAGE;
    if (!name) {
        fprintf(stderr, "yiwang apikey create: --name NAME is required (see yiwang apikey --help)\n");
        return CLI_USAGE;
    }
    int64_t per_minute = YW_APIKEY_RATE_DEFAULT;
    if (rate) {
        char *end;
        errno = 0;
        long long v = strtoll(rate, &end, 10);
        if (!*rate || *end || errno || v < YW_APIKEY_RATE_MIN || v > YW_APIKEY_RATE_MAX) {
            fprintf(stderr, "yiwang apikey create: --rate must be requests a minute, from %d to %d\n",
                    YW_APIKEY_RATE_MIN, YW_APIKEY_RATE_MAX);
            return CLI_USAGE;
        }
        per_minute = v;
    }
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    create_ctx ctx = {.in = {.name = name, .rate_per_minute = per_minute}};
    if (scopes && !(ctx.in.scopes = split_list(&a, scopes))) {
        yw_arena_reset(&a);
        yw_fail(&err, YW_E_NOMEM, NULL);
        return cli_fail("apikey create", &err);
    }
    yw_store *s;
    if (cli_open_store("apikey create", db, &s)) {
        yw_arena_reset(&a);
        return 1;
    }
    int rc = cli_migrate("apikey create", s);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    if (!rc && yw_op_write(&op, create_key, &ctx) < 0) rc = cli_fail("apikey create", &err);
    if (!rc) {
        print_key(&ctx.key);
        printf("the key, shown this once (the store keeps its hash only):\n%s\n", ctx.secret);
    }
    yw_store_close(s);
    yw_arena_reset(&a);
    return rc;
}

typedef struct {
    yw_apikey *list;
    int count;
} list_ctx;

static int list_keys(yw_op *op, void *vctx) {
    list_ctx *c = vctx;
    return yw_apikey_list(op, &c->list, &c->count);
}

static int apikey_list(int argc, char **argv) {
    const char *db = NULL, *pos[1];
    cli_option opts[] = {{"--db", true, &db}, {NULL, false, NULL}};
    if (cli_parse("apikey", argc, argv, opts, pos, 1) < 0) return CLI_USAGE;
    yw_store *s;
    if (cli_open_store("apikey list", db, &s)) return 1;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    list_ctx ctx = {0};
    int rc = cli_migrate("apikey list", s);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    if (!rc && yw_op_read(&op, list_keys, &ctx) < 0) rc = cli_fail("apikey list", &err);
    for (int i = 0; !rc && i < ctx.count; i++) print_key(&ctx.list[i]);
    yw_store_close(s);
    yw_arena_reset(&a);
    return rc;
}

typedef struct {
    const char *id;
    yw_apikey key;
} revoke_ctx;

static int revoke_key(yw_op *op, void *vctx) {
    revoke_ctx *c = vctx;
    return yw_apikey_revoke(op, c->id, &c->key);
}

static int apikey_revoke(int argc, char **argv) {
    const char *db = NULL, *pos[2];
    cli_option opts[] = {{"--db", true, &db}, {NULL, false, NULL}};
    int n = cli_parse("apikey", argc, argv, opts, pos, 2);
    if (n < 0) return CLI_USAGE;
    if (n != 2) {
        fprintf(stderr, "yiwang apikey revoke: expected the key's ID (see yiwang apikey list)\n");
        return CLI_USAGE;
    }
    yw_store *s;
    if (cli_open_store("apikey revoke", db, &s)) return 1;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    revoke_ctx ctx = {.id = pos[1]};
    int rc = cli_migrate("apikey revoke", s);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    if (!rc && yw_op_write(&op, revoke_key, &ctx) < 0) rc = cli_fail("apikey revoke", &err);
    if (!rc) print_key(&ctx.key);
    yw_store_close(s);
    yw_arena_reset(&a);
    return rc;
}

static int cmd_apikey(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "create") == 0) return apikey_create(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "list") == 0) return apikey_list(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "revoke") == 0) return apikey_revoke(argc, argv);
    cli_option opts[] = {{NULL, false, NULL}};
    if (cli_parse("apikey", argc, argv, opts, NULL, 0) < 0) return CLI_USAGE;
    fprintf(stderr, "yiwang apikey: expected create, list or revoke (see yiwang apikey --help)\n");
    return CLI_USAGE;
}

const cli_command cli_apikey = {"apikey",
     "create --name NAME [--scopes a,b] [--rate N] [--db URL] | list [--db URL] | revoke ID [--db URL]",
     "make, list and revoke the API keys of machine clients",
     "create            makes a key named NAME holding the scopes given (comma-separated; known:\n"
     "                  open311), allowed N requests a minute (default 60), counted in the store\n"
     "                  for every server together. Prints the key's id, name, scopes and rate, then\n"
     "                  the key itself alone on the last line: shown this once, the store keeps\n"
     "                  its hash only. Clients send it as the header X-Api-Key.\n"
     "list              prints every key, live and revoked: id, name, scopes, rate, when and by\n"
     "                  whom it was made (and revoked), tab-separated, newest first\n"
     "revoke ID         revokes a key: from then on it answers 401",
    cmd_apikey};
