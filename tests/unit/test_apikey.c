/* API keys on both backends: made by an administrator only, the secret kept as a hash, bad
 * input refused naming its field and changing nothing, each use counted per minute up to the
 * key's rate, a revoked key refused, revoking twice a conflict. */
#include "domain/core/demo.h"
#include "testutil.h"

#include "domain/core/apikey.h"
#include "domain/core/audit.h"

static const yw_actor admin = {.account_id = "admin-test", .kind = "staff", .login = "admin", .name = "管理员",
                               .roles = YW_ROLE_ADMIN};
static const yw_actor officer = {.account_id = "officer-test", .kind = "staff", .login = "officer", .name = "审批员",
                                 .roles = YW_ROLE_OFFICER};

static void keys_are_made_by_administrators_and_kept_hashed(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_op op = yw_op_make(s, &a, &admin, &err);
    const char *scopes[] = {"open311", NULL};
    yw_apikey_new in = {.name = "12345热线对接", .scopes = scopes, .rate_per_minute = 3};
    char secret[YW_APIKEY_SECRET_SIZE];
    yw_apikey k;

    /* not an administrator: refused, nothing made */
    assert_int_equal(TEST_WRITE(s, yw_apikey_create(test_as(&op, &officer), &in, &k, secret)), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    /* bad input names its field */
    const char *bogus[] = {"open311", "everything", NULL};
    yw_apikey_new bad = in;
    bad.scopes = bogus;
    assert_int_equal(TEST_WRITE(s, yw_apikey_create(test_as(&op, &admin), &bad, &k, secret)), -1);
    assert_string_equal(err.reason, "apikey_scope_unknown");
    assert_string_equal(err.field, "scopes");
    bad = in;
    bad.rate_per_minute = 0;
    assert_int_equal(TEST_WRITE(s, yw_apikey_create(&op, &bad, &k, secret)), -1);
    assert_string_equal(err.field, "rate_per_minute");
    bad = in;
    bad.name = "";
    assert_int_equal(TEST_WRITE(s, yw_apikey_create(&op, &bad, &k, secret)), -1);
    assert_string_equal(err.field, "name");
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM api_keys"), 0);

    assert_int_equal(TEST_WRITE(s, yw_apikey_create(&op, &in, &k, secret)), 0);
    assert_int_equal(strlen(secret), YW_APIKEY_SECRET_SIZE - 1);
    assert_memory_equal(secret, "ywk_", 4);
    assert_string_equal(k.name, "12345热线对接");
    assert_string_equal(k.scopes[0], "open311");
    assert_null(k.scopes[1]);
    assert_int_equal(k.rate_per_minute, 3);
    assert_string_equal(k.created_by, "admin-test");
    assert_null(k.revoked_at);
    /* the store holds the secret's hash, never the secret; the audit entry neither */
    yw_rows rows;
    assert_int_equal(yw_store_query(s, &a, "SELECT secret_hash FROM api_keys", YW_NOARGS, &rows, &err), 0);
    assert_string_not_equal(yw_rows_get(&rows, 0, 0), secret);
    assert_int_equal(strlen(yw_rows_get(&rows, 0, 0)), 64);
    assert_int_equal(yw_store_query(s, &a, "SELECT after_json FROM audit_log WHERE action = 'apikey.create'",
                                    YW_NOARGS, &rows, &err),
                     0);
    assert_int_equal(rows.nrows, 1);
    assert_null(strstr(yw_rows_get(&rows, 0, 0), secret + 4));

    yw_apikey *list;
    int n;
    assert_int_equal(yw_apikey_list(&op, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].id, k.id);
    assert_int_equal(yw_apikey_list(test_as(&op, &officer), &list, &n), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    yw_arena_reset(&a);
}

static void uses_are_counted_per_minute_and_revoked_keys_refused(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_op op = yw_op_make(s, &a, &admin, &err);
    const char *scopes[] = {"open311", NULL};
    yw_apikey_new in = {.name = "counted", .scopes = scopes, .rate_per_minute = 2};
    char secret[YW_APIKEY_SECRET_SIZE], other[YW_APIKEY_SECRET_SIZE];
    yw_apikey k, none;
    assert_int_equal(TEST_WRITE(s, yw_apikey_create(&op, &in, &k, secret)), 0);
    yw_apikey_new unscoped = {.name = "no scopes", .rate_per_minute = 10};
    assert_int_equal(TEST_WRITE(s, yw_apikey_create(&op, &unscoped, &none, other)), 0);

    yw_op use = op;
    use.actor = NULL;
    use.now_ms = (int64_t)1800000000 * 1000 + 15 * 1000; /* 15 s into a minute */
    yw_actor who;
    int64_t retry;
    assert_int_equal(TEST_WRITE(s, yw_apikey_use(&use, secret, "open311", &who, &retry)), 0);
    assert_string_equal(who.account_id, k.id);
    assert_string_equal(who.kind, "apikey");
    assert_string_equal(who.name, "counted");
    assert_int_equal(who.roles, 0);
    assert_int_equal(TEST_WRITE(s, yw_apikey_use(&use, secret, "open311", &who, &retry)), 0);
    /* the third in the minute: refused, with the seconds to the next minute, and not counted */
    assert_int_equal(TEST_WRITE(s, yw_apikey_use(&use, secret, "open311", &who, &retry)), -1);
    assert_int_equal(err.code, YW_ERR_RATE_LIMITED);
    assert_int_equal(retry, 45);
    assert_int_equal(test_count(s, "SELECT count FROM api_key_uses"), 2);
    /* the next minute starts afresh, and the old minute's row goes */
    use.now_ms += 60 * 1000;
    assert_int_equal(TEST_WRITE(s, yw_apikey_use(&use, secret, "open311", &who, &retry)), 0);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM api_key_uses"), 1);

    /* a key without the scope; an unknown key; a malformed one */
    assert_int_equal(TEST_WRITE(s, yw_apikey_use(&use, other, "open311", &who, &retry)), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    char forged[YW_APIKEY_SECRET_SIZE];
    memcpy(forged, secret, sizeof forged);
    forged[10] = forged[10] == 'A' ? 'B' : 'A';
    assert_int_equal(TEST_WRITE(s, yw_apikey_use(&use, forged, "open311", &who, &retry)), -1);
    assert_string_equal(err.reason, "apikey_unknown");
    assert_int_equal(TEST_WRITE(s, yw_apikey_use(&use, "ywk_short", "open311", &who, &retry)), -1);
    assert_string_equal(err.reason, "apikey_unknown");

    /* revoked: 401 from then on; revoking again is a conflict; an unknown id not found */
    assert_int_equal(TEST_WRITE(s, yw_apikey_revoke(test_as(&op, &officer), k.id, NULL)), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    yw_apikey after;
    assert_int_equal(TEST_WRITE(s, yw_apikey_revoke(test_as(&op, &admin), k.id, &after)), 0);
    assert_non_null(after.revoked_at);
    assert_string_equal(after.revoked_by, "admin-test");
    assert_int_equal(TEST_WRITE(s, yw_apikey_use(&use, secret, "open311", &who, &retry)), -1);
    assert_int_equal(err.code, YW_ERR_UNAUTHENTICATED);
    assert_string_equal(err.reason, "apikey_revoked");
    assert_int_equal(TEST_WRITE(s, yw_apikey_revoke(&op, k.id, NULL)), -1);
    assert_int_equal(err.code, YW_ERR_CONFLICT);
    assert_int_equal(TEST_WRITE(s, yw_apikey_revoke(&op, "01JNOSUCHKEY0000000000000", NULL)), -1);
    assert_int_equal(err.code, YW_ERR_NOT_FOUND);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'apikey.revoke'"), 1);
    yw_arena_reset(&a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        BOTH(keys_are_made_by_administrators_and_kept_hashed),
        BOTH(uses_are_counted_per_minute_and_revoked_keys_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
