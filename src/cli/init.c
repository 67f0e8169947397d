/* yiwang init and yiwang demo: create or migrate the store; load the demo city and its catalog. */
#include "cli.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/json_writer.h"
#include "../base/log.h"
#include "../base/time.h"
#include "../domain/core/account.h"
#include "../domain/bundle/bundle.h"
#include "../domain/catalog/catalog.h"
#include "../domain/site/site.h"
#include "../domain/case/case.h"
#include "../domain/core/demo.h"
#include "../domain/ledger/ledger.h"
#include "../domain/policy/policy.h"
#include "../domain/cert/cert.h"
#include "../domain/review/review.h"
#include "entity_cli.h"

static int cmd_init(int argc, char **argv) {
    const char *db = NULL;
    cli_option opts[] = {{"--db", true, &db}, {NULL, false, NULL}};
    if (cli_parse("init", argc, argv, opts, NULL, 0) < 0) return CLI_USAGE;
    yw_store *s;
    if (cli_open_store("init", db, &s)) return 1;
    yw_err err;
    int applied;
    int rc = yw_store_migrate(s, &applied, &err);
    if (rc == 0) printf("store ready (%s): %d migration(s) applied\n", yw_store_kind_name(s), applied);
    yw_store_close(s);
    return rc < 0 ? cli_fail("init", &err) : 0;
}

typedef struct {
    char hash[128];
    yw_demo_report *report;
    yw_catalog_report *catalog;
    int bundles, bundles_added, bundles_unchanged;
    int policies, policies_added;
    yw_ledger_demo_report ledger;
    int cases_added, ratings_added, certs_added;
    int enterprise_added;
} demo_ctx;

/* the city, then the catalog whose items name the city's departments, then the bundles made of
 * the catalog's items, then the policies of the city's departments, then the ledger's plan with
 * the progress of the city's departments, in one transaction */
static int demo_load(yw_op *op, void *vctx) {
    demo_ctx *c = vctx;
    if (yw_demo_load(op, c->hash, c->report) < 0 || yw_site_demo_load(op) < 0 || yw_catalog_demo_load(op, c->catalog) < 0)
        return -1;
    if (yw_bundle_demo_load(op, &c->bundles, &c->bundles_added, &c->bundles_unchanged) < 0) return -1;
    if (yw_policy_demo_load(op, &c->policies, &c->policies_added) < 0 ||
        yw_policy_demo_enterprise(op, &c->enterprise_added) < 0)
        return -1;
    if (yw_ledger_demo_load(op, &c->ledger) < 0) return -1;
    int rc = yw_cert_demo_load(op, &c->certs_added);
    if (rc == 0) rc = yw_case_demo_load(op, &c->cases_added);
    if (rc == 0) rc = yw_review_demo_load(op, &c->ratings_added);
    op->actor = &yw_actor_system;
    return rc;
}

static int cmd_demo(int argc, char **argv) {
    const char *db = NULL, *entities = NULL, *cert_key = NULL;
    cli_option opts[] = {{"--db", true, &db}, {"--entities", true, &entities}, {"--cert-key", true, &cert_key},
                         {NULL, false, NULL}};
    if (cli_parse("demo", argc, argv, opts, NULL, 0) < 0) return CLI_USAGE;
    /* the demo's certificates (and its completed cases' licences) are signed */
    if (cli_cert_signer("demo", cert_key, NULL)) return 1;
    long long nentities = 0;
    if (entities) {
        char *end;
        errno = 0;
        nentities = strtoll(entities, &end, 10);
        if (errno || *end || end == entities || nentities < 0 || nentities > 100000000) {
            fprintf(stderr, "yiwang demo: --entities takes a number of entities from 0 to 100000000\n");
            return CLI_USAGE;
        }
    }
    yw_store *s;
    if (cli_open_store("demo", db, &s)) return 1;
    if (cli_migrate("demo", s)) {
        yw_store_close(s);
        return 1;
    }
    yw_err err;
    yw_demo_report r;
    yw_catalog_report cat;
    int64_t t0 = yw_mono_us();
    yw_arena a;
    yw_arena_init(&a);
    demo_ctx ctx = {.report = &r, .catalog = &cat};
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    /* one Argon2id hash for every demo account, before the transaction */
    int rc = yw_password_hash(YW_DEMO_PASSWORD, ctx.hash, &err);
    if (rc == 0) rc = yw_op_write(&op, demo_load, &ctx);
    yw_arena_reset(&a);
    double city_secs = (double)(yw_mono_us() - t0) / 1e6;
    yw_entity_load_report ents = {0};
    int64_t t1 = yw_mono_us();
    if (rc == 0 && nentities) rc = cli_entity_demo(s, nentities, &ents, &err);
    double entity_secs = (double)(yw_mono_us() - t1) / 1e6;
    yw_store_close(s);
    if (rc < 0) return cli_fail("demo", &err);
    if (r.already_loaded)
        printf("demo city already loaded\n");
    else
        printf("demo city loaded: %d departments, %d accounts in %.1f s\n", r.departments, r.accounts, city_secs);
    printf("demo catalog: %d items, %d added, %d changed, %d unchanged\n", cat.items, cat.created, cat.updated,
           cat.unchanged);
    if (ctx.cases_added)
        printf("demo cases: %d of the demo person and enterprise, one at each step (log in as clerk, officer or %s)\n",
               ctx.cases_added, "370202199003071233");
    if (ctx.certs_added)
        printf("demo certificates: %d (the demo enterprise's 营业执照, the demo person's 居民身份证: 我的证照)\n",
               ctx.certs_added);
    if (ctx.ratings_added) printf("demo ratings: 1 差评 of the completed case, to rectify (log in as officer or supervisor)\n");
    printf("demo bundles: %d bundles, %d added, %d unchanged\n", ctx.bundles, ctx.bundles_added, ctx.bundles_unchanged);
    printf("demo policies: %d policies, %d added\n", ctx.policies, ctx.policies_added);
    if (ctx.enterprise_added) printf("demo enterprise: in the registry and matched (log in as its USCC for 我的惠企政策)\n");
    if (ctx.ledger.added)
        printf("demo ledger: 1 plan of %d measures added, %d progress reports, %d urgings (log in as supervisor)\n",
               ctx.ledger.measures, ctx.ledger.reports, ctx.ledger.urgings);
    else
        printf("demo ledger: 1 plan of %d measures, unchanged\n", ctx.ledger.measures);
    if (nentities)
        printf("demo entities: %lld entities, %lld added, %lld changed, %lld unchanged in %.1f s (%.0f rows/s)\n",
               nentities, (long long)ents.added, (long long)ents.changed, (long long)ents.unchanged, entity_secs,
               entity_secs > 0 ? (double)nentities / entity_secs : 0.0);
    printf("demo accounts (password %s):\n", YW_DEMO_PASSWORD);
    for (const yw_demo_account *a = yw_demo_accounts(); a->login; a++)
        printf("  %-20s %-10s %s\n", a->login, a->role, a->name);
    return 0;
}

const cli_command cli_init = {"init", "[--db URL]", "create the store or bring its schema up to date",
     "Creates the store (default " YW_STORE_DEFAULT_URL ") and applies the migrations it lacks.\n"
     "--db postgresql://user@host:port/db picks PostgreSQL; sqlite:PATH or a path an SQLite file.",
    cmd_init};
const cli_command cli_demo = {"demo", "[--entities N] [--db URL] [--cert-key FILE]", "load the demo city (Qingdao) and its demo accounts",
     "Migrates the store and loads Qingdao's municipal departments, one demo account per role,\n"
     "the demo item catalog (data/demo-catalog.json), the demo bundles (data/demo-bundles.json)\n"
     "the demo policies (data/demo-policies.json) and the demo ledger's plan with its progress\n"
     "(data/demo-ledger.json).\n"
     "A store that has the demo already is left unchanged.\n"
     "--entities N adds a synthetic market-entity registry of N entities (docs/entities.md): the\n"
     "same rows for the same N, in transactions of 5000 rows, with a progress line on standard\n"
     "error and the rate at the end; entities already there are left as they are.",
    cmd_demo};
