/* Helpers for the unit tests: a fresh, migrated store of either backend. SQLite stores are
 * files in a temporary directory; PostgreSQL stores are new databases on the cluster named by
 * YW_TEST_PG_URL (started by tests/run-all.sh). Without that variable the PostgreSQL half of a
 * test fails: it does not skip. */
#ifndef YW_TESTUTIL_H
#define YW_TESTUTIL_H

#include <jansson.h>
#include <libpq-fe.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sodium.h>

#include "base/time.h"
#include "base/ulid.h"
#include "domain/core/op.h"
#include "store/store.h"
#include "domain/cert/cert.h"
#include "domain/core/signing.h"

/* Certificates are signed (a completed case issues its licence): every test process signs with
 * one key made from a fixed seed, as `yiwang serve` signs with its key file. */
static yw_signing_key test_cert_key;
static yw_jose_signer test_cert_signer_v;
static char test_cert_kid[YW_JOSE_THUMBPRINT_SIZE];
static inline void test_use_cert_signer(void) {
    if (yw_cert_signer()) return;
    unsigned char seed[YW_SIGNING_SEED_BYTES] = {'y', 'i', 'w', 'a', 'n', 'g', '-', 't', 'e', 's', 't'};
    yw_err err;
    if (yw_signing_key_from_seed(seed, &test_cert_key, &err) < 0) fail_msg("test key: %s", err.message);
    yw_jose_thumbprint_ed25519(test_cert_key.public_key, test_cert_kid);
    test_cert_signer_v = (yw_jose_signer){.alg = YW_JOSE_EDDSA, .ed25519 = &test_cert_key, .kid = test_cert_kid};
    yw_cert_use_signer(&test_cert_signer_v);
}

static char test_db_url[512];

/* A URL for a new empty store of the given kind ("sqlite" or "postgres"). */
static inline const char *test_new_store_url(const char *kind) {
    char id[YW_ULID_LEN + 1];
    yw_ulid_new(id);
    for (char *p = id; *p; p++) *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    if (strcmp(kind, "sqlite") == 0) {
        snprintf(test_db_url, sizeof test_db_url, "sqlite:/tmp/yiwang-unit-%s/test.db", id);
        return test_db_url;
    }
    const char *admin = getenv("YW_TEST_PG_URL");
    if (!admin || !*admin) fail_msg("YW_TEST_PG_URL is not set: run the tests through tests/run-all.sh");
    PGconn *c = PQconnectdb(admin);
    if (PQstatus(c) != CONNECTION_OK) fail_msg("cannot connect to %s: %s", admin, PQerrorMessage(c));
    char sql[128];
    snprintf(sql, sizeof sql, "CREATE DATABASE yw_%s", id);
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) fail_msg("%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    /* the admin URL ends in /postgres: swap the database name */
    const char *slash = strrchr(admin, '/');
    snprintf(test_db_url, sizeof test_db_url, "%.*s/yw_%s", (int)(slash - admin), admin, id);
    return test_db_url;
}

/* Opens a new migrated store; the caller closes it. */
static inline yw_store *test_store(const char *kind) {
    test_use_cert_signer();
    yw_store *s = NULL;
    yw_err err;
    if (yw_store_open(test_new_store_url(kind), &s, &err) < 0) fail_msg("open: %s", err.message);
    int applied = 0;
    if (yw_store_migrate(s, &applied, &err) < 0) fail_msg("migrate: %s", err.message);
    assert_true(applied >= 1);
    return s;
}

/* cmocka setup: a fresh store of the kind named by *state with the demo city loaded. Needs
 * domain/demo.h included before this header. */
#ifdef YW_DEMO_H
#include "domain/core/account.h"
static char test_demo_hash[128];
static inline int test_setup_demo(void **state) {
    yw_store *s = test_store(*state);
    yw_demo_report r;
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
    if (!test_demo_hash[0] && yw_password_hash(YW_DEMO_PASSWORD, test_demo_hash, &err) < 0) fail_msg("hash");
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    if (yw_store_batch_begin(s, &err) < 0 || yw_demo_load(&op, test_demo_hash, &r) < 0 ||
        yw_store_batch_commit(s, &err) < 0)
        fail_msg("demo: %s", err.message);
    yw_arena_reset(&a);
    *state = s;
    return 0;
}
#endif

/* A domain write as the router runs it: in a transaction that commits when the call returns 0
 * and rolls back when it fails, so that a refused write can be shown to change nothing. */
static inline void test_tx_begin(yw_store *s) {
    yw_err e;
    if (yw_store_batch_begin(s, &e) < 0) fail_msg("begin: %s", e.message);
}
static inline int test_tx_end(yw_store *s, int rc) {
    yw_err e;
    if (rc == 0) {
        if (yw_store_batch_commit(s, &e) < 0) fail_msg("commit: %s", e.message);
    } else {
        yw_store_batch_abort(s);
    }
    return rc;
}
#define TEST_WRITE(s, call) (test_tx_begin(s), test_tx_end((s), (call)))

/* The op with another actor, at the wall clock's time now. */
static inline yw_op *test_as(yw_op *op, const yw_actor *actor) {
    op->actor = actor;
    op->now_ms = yw_now_ms();
    return op;
}

static inline int test_teardown_store(void **state) {
    yw_store_close(*state);
    return 0;
}

/* A test run on both stores, each a fresh one with the demo city (test_setup_demo). */
#define BOTH(f)                                                                                                   \
    cmocka_unit_test_prestate_setup_teardown(f, test_setup_demo, test_teardown_store, "sqlite"),                 \
        cmocka_unit_test_prestate_setup_teardown(f, test_setup_demo, test_teardown_store, "postgres")

/* The single integer a query answers (a COUNT). */
static inline int64_t test_count(yw_store *s, const char *sql) {
    yw_arena a;
    yw_arena_init(&a);
    yw_rows rows;
    yw_err err;
    if (yw_store_query(s, &a, sql, YW_NOARGS, &rows, &err) < 0) fail_msg("%s", err.message);
    int64_t n = strtoll(yw_rows_get(&rows, 0, 0), NULL, 10);
    yw_arena_reset(&a);
    return n;
}

/* text with the first `from` replaced by `to` (arena memory): a valid document made invalid in
 * one place. */
static inline const char *test_replace(yw_arena *a, const char *text, const char *from, const char *to) {
    const char *p = strstr(text, from);
    if (!p) fail_msg("%s not in the text", from);
    return yw_arena_printf(a, "%.*s%s%s", (int)(p - text), text, to, p + strlen(from));
}

/* A JSON text the test itself wrote, parsed (the caller json_decref's it). */
static inline json_t *test_json(const char *text) {
    json_error_t je;
    json_t *j = json_loads(text, 0, &je);
    if (!j) fail_msg("test JSON: %s", je.text);
    return j;
}

static inline void test_init_sodium(void) {
    if (sodium_init() < 0) fail_msg("sodium_init failed");
}

#endif
