/* The keys certificates are signed with, on both backends (cert.h, keys.c): a second key signs
 * beside the first and both are in the JWKS; retiring is for administrators, refused for an
 * unknown kid and a second time, changes nothing when refused; a retired key signs nothing and
 * stays in the JWKS exactly while a valid or suspended certificate within its dates needs it —
 * and yw_cert_keys says "listed" exactly when the JWKS has the key. */
#include "domain/core/demo.h"
#include "testutil.h"

static const yw_actor admin = {.account_id = "admin-test", .kind = "staff", .login = "admin", .name = "管理员",
                               .roles = YW_ROLE_ADMIN};
static const yw_actor officer = {.account_id = "officer-test", .kind = "staff", .login = "officer", .name = "审批员",
                                 .roles = YW_ROLE_OFFICER};

#define DEMO_ENTERPRISE "91370202MA3CXK7TXN"

/* A second Ed25519 key, from a seed of its own. */
static yw_signing_key other_key;
static yw_jose_signer other_signer;
static char other_kid[YW_JOSE_THUMBPRINT_SIZE];
static const yw_jose_signer *other(void) {
    unsigned char seed[32];
    memset(seed, 0x5a, sizeof seed);
    yw_err err;
    if (yw_signing_key_from_seed(seed, &other_key, &err) < 0) fail_msg("key: %s", err.message);
    yw_jose_thumbprint_ed25519(other_key.public_key, other_kid);
    other_signer = (yw_jose_signer){.alg = YW_JOSE_EDDSA, .ed25519 = &other_key, .kid = other_kid};
    return &other_signer;
}

static int issue(yw_op *op, const char *valid_until, yw_cert *out) {
    yw_cert_issue_in in = {.type = "SPJY", .holder_id = DEMO_ENTERPRISE, .holder_name = "青岛海川数字科技有限公司",
                           .valid_from = valid_until ? "2020-01-01" : NULL, .valid_until = valid_until,
                           .reason = "密钥测试", .base_url = "http://localhost"};
    return yw_cert_issue(op, &in, out);
}

/* The key of kid as yw_cert_keys lists it (fails when it is not there). */
static yw_cert_key key_of(yw_op *op, const char *kid) {
    yw_cert_key *k;
    int n;
    if (yw_cert_keys(op, &k, &n) < 0) fail_msg("keys: %s", op->err->message);
    for (int i = 0; i < n; i++)
        if (strcmp(k[i].kid, kid) == 0) return k[i];
    fail_msg("no key %s", kid);
    return k[0];
}

/* Each key's `listed` is whether the JWKS has it; returns whether it has kid. */
static bool in_jwks(yw_op *op, const char *kid) {
    yw_buf b;
    yw_buf_init(&b, op->arena);
    assert_int_equal(yw_cert_jwks(op, &b), 0);
    yw_cert_key *k;
    int n;
    assert_int_equal(yw_cert_keys(op, &k, &n), 0);
    for (int i = 0; i < n; i++) {
        char *quoted = yw_arena_printf(op->arena, "\"kid\":\"%s\"", k[i].kid);
        assert_int_equal(strstr(b.data, quoted) != NULL, k[i].listed);
    }
    return strstr(b.data, yw_arena_printf(op->arena, "\"kid\":\"%s\"", kid)) != NULL;
}

static void two_keys_sign_side_by_side_and_both_are_listed(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_op op = yw_op_make(s, &a, &admin, &err);
    const yw_jose_signer *first = yw_cert_signer();
    yw_cert c1, c2;
    assert_int_equal(TEST_WRITE(s, issue(test_as(&op, &admin), NULL, &c1)), 0);
    assert_string_equal(c1.kid, first->kid);
    yw_cert_use_signer(other());
    assert_int_equal(TEST_WRITE(s, issue(test_as(&op, &admin), NULL, &c2)), 0);
    yw_cert_use_signer(first);
    assert_string_equal(c2.kid, other_kid);
    assert_true(in_jwks(&op, first->kid));
    assert_true(in_jwks(&op, other_kid));
    yw_cert_key k = key_of(&op, other_kid);
    assert_string_equal(k.alg, "EdDSA");
    assert_null(k.retired_at);
    assert_int_equal(k.valid, 1);
    assert_int_equal(k.signed_total, 1);
    assert_true(k.listed);
    assert_int_equal(key_of(&op, first->kid).valid, 1);
    /* each verifies by its own kid */
    yw_cert_verification v;
    assert_int_equal(yw_cert_verify(&op, c1.jws, strlen(c1.jws), &v), 0);
    assert_int_equal(v.result, YW_VERIFY_VALID);
    assert_int_equal(yw_cert_verify(&op, c2.jws, strlen(c2.jws), &v), 0);
    assert_int_equal(v.result, YW_VERIFY_VALID);
    /* the list is the administrators' */
    yw_cert_key *all;
    int n;
    assert_int_equal(yw_cert_keys(test_as(&op, &officer), &all, &n), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    yw_arena_reset(&a);
}

static void retiring_is_refused_for_others_unknown_kids_and_twice(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_op op = yw_op_make(s, &a, &admin, &err);
    const char *kid = yw_cert_signer()->kid;
    assert_int_equal(TEST_WRITE(s, yw_cert_key_register(&op, yw_cert_signer())), 0);
    int64_t audited = test_count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'cert.key_retire'");
    assert_int_equal(TEST_WRITE(s, yw_cert_key_retire(test_as(&op, &officer), kid)), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    assert_int_equal(TEST_WRITE(s, yw_cert_key_retire(test_as(&op, &admin), "no-such-kid")), -1);
    assert_string_equal(err.reason, "cert_key_not_found");
    assert_string_equal(err.field, "kid");
    assert_non_null(strstr(err.message, "no-such-kid"));
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM cert_keys WHERE retired_at IS NOT NULL"), 0);
    assert_int_equal(TEST_WRITE(s, yw_cert_key_retire(&op, kid)), 0);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'cert.key_retire'"), audited + 1);
    yw_cert_key k = key_of(&op, kid);
    assert_non_null(k.retired_at);
    assert_int_equal(TEST_WRITE(s, yw_cert_key_retire(&op, kid)), -1);
    assert_string_equal(err.reason, "cert_key_retired_already");
    assert_int_equal(err.code, YW_ERR_CONFLICT);
    assert_string_equal(key_of(&op, kid).retired_at, k.retired_at);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'cert.key_retire'"), audited + 1);
    yw_arena_reset(&a);
}

static void a_retired_key_signs_nothing_and_stays_listed_while_a_certificate_needs_it(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_op op = yw_op_make(s, &a, &admin, &err);
    const yw_jose_signer *first = yw_cert_signer();
    yw_cert one, two, expired;
    yw_cert_use_signer(other());
    assert_int_equal(TEST_WRITE(s, issue(test_as(&op, &admin), NULL, &one)), 0);
    assert_int_equal(TEST_WRITE(s, issue(&op, NULL, &two)), 0);
    assert_int_equal(TEST_WRITE(s, issue(&op, "2021-12-31", &expired)), 0);
    assert_string_equal(expired.status, "expired");
    assert_int_equal(TEST_WRITE(s, yw_cert_key_retire(&op, other_kid)), 0);
    /* nothing more is signed with it: issuing and renewing refused, nothing written */
    int64_t certs = test_count(s, "SELECT COUNT(*) FROM certificates");
    yw_cert x;
    assert_int_equal(TEST_WRITE(s, issue(&op, NULL, &x)), -1);
    assert_string_equal(err.reason, "cert_key_retired");
    yw_cert_act_in renew = {.id = one.id, .reason = "换发", .base_url = "http://localhost"};
    assert_int_equal(TEST_WRITE(s, yw_cert_renew(&op, &renew, &x)), -1);
    assert_string_equal(err.reason, "cert_key_retired");
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM certificates"), certs);
    /* listed while one is valid or suspended; the expired one counts for nothing */
    assert_int_equal(key_of(&op, other_kid).valid, 2);
    assert_true(in_jwks(&op, other_kid));
    yw_cert_act_in act = {.id = one.id, .reason = "撤销", .base_url = "http://localhost"};
    assert_int_equal(TEST_WRITE(s, yw_cert_revoke(&op, &act, &x)), 0);
    act.id = two.id;
    assert_int_equal(TEST_WRITE(s, yw_cert_suspend(&op, &act, &x)), 0);
    assert_true(in_jwks(&op, other_kid));
    assert_int_equal(key_of(&op, other_kid).valid, 1);
    /* renewed by the new key: the old version superseded, the key needed by none */
    yw_cert_use_signer(first);
    assert_int_equal(TEST_WRITE(s, yw_cert_reinstate(&op, &act, &x)), 0);
    assert_int_equal(TEST_WRITE(s, yw_cert_renew(&op, &act, &x)), 0);
    assert_string_equal(x.kid, first->kid);
    assert_false(in_jwks(&op, other_kid));
    yw_cert_key k = key_of(&op, other_kid);
    assert_int_equal(k.valid, 0);
    assert_int_equal(k.signed_total, 3);
    assert_false(k.listed);
    assert_true(in_jwks(&op, first->kid));
    /* its certificates are still told for what they are, not as of an unknown key */
    yw_cert_verification v;
    assert_int_equal(yw_cert_verify(&op, one.jws, strlen(one.jws), &v), 0);
    assert_int_equal(v.result, YW_VERIFY_REVOKED);
    assert_int_equal(yw_cert_verify(&op, expired.jws, strlen(expired.jws), &v), 0);
    assert_int_equal(v.result, YW_VERIFY_EXPIRED);
    yw_arena_reset(&a);
}

int main(void) {
    test_init_sodium();
    const struct CMUnitTest tests[] = {
        BOTH(two_keys_sign_side_by_side_and_both_are_listed),
        BOTH(retiring_is_refused_for_others_unknown_kids_and_twice),
        BOTH(a_retired_key_signs_nothing_and_stays_listed_while_a_certificate_needs_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
