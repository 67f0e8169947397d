/* Policies and grants (domain/policy): a policy saved with a bad rule is refused naming the
 * rule's node; only the issuing department and admins write; matching over the registry
 * creates each grant once however often it runs; approvals never pass the budget; the
 * exclusivity group; apply mode from application to payment; who may read and decide; the
 * enterprise's benefits with their explanation; the demo library loads. On both stores. */
#include <pthread.h>
#include <stdlib.h>

#include "domain/core/demo.h"
#include "testutil.h"
#include "testcase.h"

#include "domain/policy/policy.h"
#include "std/uscc.h"

typedef struct {
    yw_actor gxj, kjj, clerk, admin, enterprise;
} people;

static void setup_people(yw_store *s, yw_arena *a, people *p) {
    actor_of(s, a, "login = 'officer-gxj'", YW_ROLE_OFFICER, &p->gxj);
    actor_of(s, a, "login = 'officer-kjj'", YW_ROLE_OFFICER, &p->kjj);
    actor_of(s, a, "login = 'clerk'", YW_ROLE_CLERK, &p->clerk);
    actor_of(s, a, "login = 'admin'", YW_ROLE_ADMIN, &p->admin);
    actor_of(s, a, "kind = 'enterprise'", YW_ROLE_APPLICANT, &p->enterprise);
}

/* Registers an entity: employees and labels as given, the rest a small software company. */
static void add_entity(yw_store *s, yw_arena *a, const char *uscc, int employees, int64_t labels) {
    yw_err err;
    yw_op op = yw_op_make(s, a, &yw_actor_system, &err);
    op.now_ms = at(2026, 3, 1);
    yw_entity e = {.uscc = uscc, .name = "青岛测试科技有限公司", .kind = YW_ENTITY_COMPANY, .legal_rep = "张三",
                   .capital_fen = 100000000, .industry = "6513", .region = "370202", .established_on = "2020-06-01",
                   .scale = YW_SCALE_SMALL, .employees = employees, .revenue_fen = 800000000, .rd_ratio_bp = 400,
                   .labels = labels, .credit = YW_CREDIT_A};
    if (TEST_WRITE(s, yw_entity_register(&op, &e, NULL)) < 0) fail_msg("register: %s", err.message);
}

static yw_policy policy(const char *code, const char *dept, yw_policy_mode mode, const char *eligibility,
                        const char *amount, int64_t budget) {
    return (yw_policy){.code = code, .title = "测试政策", .department_code = dept, .basis = "青工信字〔2026〕1号",
                       .valid_from = "2026-01-01", .valid_to = "2026-12-31", .mode = mode, .eligibility = eligibility,
                       .amount = amount, .budget_fen = budget, .recurrence = YW_RECUR_ONCE,
                       .status = YW_POLICY_ACTIVE};
}

/* Creates p, or changes it when it exists. */
static void save_ok(yw_store *s, yw_op *op, const yw_policy *p) {
    yw_arena a;
    yw_arena_init(&a);
    bool exists = test_count(s, yw_arena_printf(&a, "SELECT COUNT(*) FROM policies WHERE code = '%s'", p->code)) > 0;
    yw_arena_reset(&a);
    if (TEST_WRITE(s, yw_policy_save(op, p, exists ? YW_POLICY_CHANGE : YW_POLICY_CREATE, NULL, NULL)) < 0)
        fail_msg("save %s: %s", p->code, op->err->message);
}

/* The whole registry matched on a second connection, as `yiwang match` does. */
static yw_match_report match_all(yw_store *s, yw_arena *a, int64_t now) {
    yw_store *reader;
    yw_err err;
    if (yw_store_open(test_db_url, &reader, &err) < 0) fail_msg("reader: %s", err.message);
    yw_op op = yw_op_make(s, a, &yw_actor_system, &err);
    op.now_ms = now;
    yw_match_report r;
    if (yw_policy_match_registry(reader, &op, NULL, NULL, &r) < 0) fail_msg("match: %s", err.message);
    yw_store_close(reader);
    return r;
}

/* The id of the grant of policy for uscc. */
static const char *grant_of(yw_store *s, yw_arena *a, const char *policy_code, const char *uscc) {
    yw_rows rows;
    yw_err err;
    if (yw_store_query(s, a, "SELECT id FROM grants WHERE policy_code = $1 AND uscc = $2", YW_ARGS(policy_code, uscc),
                       &rows, &err) < 0 || rows.nrows != 1)
        fail_msg("no grant of %s for %s", policy_code, uscc);
    return yw_rows_get(&rows, 0, 0);
}

static void save_checks_rules_fields_and_roles(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    people p;
    setup_people(s, &a, &p);
    yw_op op = yw_op_make(s, &a, NULL, &err);
    int64_t now = at(2026, 3, 2);
    yw_policy good = policy("T-1", "QD-GXJ", YW_POLICY_AUTO, "{\"in\":[\"高新技术企业\",{\"var\":\"labels\"}]}",
                            "100000", 1000000);
    /* a bad rule names its node under /eligibility or /amount */
    yw_policy bad = good;
    bad.eligibility = "{\"and\":[{\">=\":[{\"var\":\"employees\"},10]},{\"bogus\":[1]}]}";
    assert_int_equal(TEST_WRITE(s, yw_policy_save(as(&op, &p.gxj, now), &bad, YW_POLICY_CREATE, NULL, NULL)), -1);
    assert_string_equal(err.field, "/eligibility/and/1");
    assert_int_equal(err.code, YW_ERR_INVALID);
    bad = good;
    bad.amount = "{\"*\":[1,{\"var\":[]}],\"+\":[1]}";
    assert_int_equal(TEST_WRITE(s, yw_policy_save(&op, &bad, YW_POLICY_CREATE, NULL, NULL)), -1);
    assert_true(strncmp(err.field, "/amount", 7) == 0);
    bad = good;
    bad.eligibility = "{\"and\":[1,";
    assert_int_equal(TEST_WRITE(s, yw_policy_save(&op, &bad, YW_POLICY_CREATE, NULL, NULL)), -1);
    assert_true(strncmp(err.field, "/eligibility", 12) == 0);
    /* fields */
    bad = good;
    bad.code = "含空格 code";
    assert_int_equal(TEST_WRITE(s, yw_policy_save(&op, &bad, YW_POLICY_CREATE, NULL, NULL)), -1);
    refused_with(&err, "policy_code");
    bad = good;
    bad.valid_to = "2025-12-31";
    assert_int_equal(TEST_WRITE(s, yw_policy_save(&op, &bad, YW_POLICY_CREATE, NULL, NULL)), -1);
    refused_with(&err, "policy_period");
    bad = good;
    bad.department_code = "QD-NONE";
    assert_int_equal(TEST_WRITE(s, yw_policy_save(&op, &bad, YW_POLICY_CREATE, NULL, NULL)), -1);
    refused_with(&err, "policy_department");
    /* roles: a clerk, an officer of another department */
    assert_int_equal(TEST_WRITE(s, yw_policy_save(as(&op, &p.clerk, now), &good, YW_POLICY_CREATE, NULL, NULL)), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    assert_int_equal(TEST_WRITE(s, yw_policy_save(as(&op, &p.kjj, now), &good, YW_POLICY_CREATE, NULL, NULL)), -1);
    refused_with(&err, "policy_not_issuer");
    assert_int_equal(test_count(s, "SELECT count(*) FROM policies"), 0);
    /* the issuing department creates, then replaces; an admin may too */
    yw_policy out;
    bool created;
    /* a change of a policy that does not exist creates nothing */
    assert_int_equal(TEST_WRITE(s, yw_policy_save(as(&op, &p.gxj, now), &good, YW_POLICY_CHANGE, &out, &created)), -1);
    refused_with(&err, "policy_not_found");
    assert_int_equal(err.code, YW_ERR_NOT_FOUND);
    assert_string_equal(err.field, "code");
    assert_int_equal(test_count(s, "SELECT count(*) FROM policies"), 0);
    assert_int_equal(TEST_WRITE(s, yw_policy_save(as(&op, &p.gxj, now), &good, YW_POLICY_CREATE, &out, &created)), 0);
    assert_true(created);
    assert_string_equal(out.department_code, "QD-GXJ");
    /* creating it again does not replace it */
    yw_policy again = good;
    again.title = "同号的另一项政策";
    assert_int_equal(TEST_WRITE(s, yw_policy_save(as(&op, &p.gxj, now), &again, YW_POLICY_CREATE, &out, &created)), -1);
    refused_with(&err, "policy_exists");
    assert_int_equal(err.code, YW_ERR_CONFLICT);
    assert_string_equal(err.field, "code");
    assert_int_equal(test_count(s, "SELECT count(*) FROM policies WHERE title = '测试政策'"), 1);
    good.title = "测试政策（修订）";
    assert_int_equal(TEST_WRITE(s, yw_policy_save(as(&op, &p.admin, now), &good, YW_POLICY_CHANGE, &out, &created)), 0);
    assert_false(created);
    assert_string_equal(out.title, "测试政策（修订）");
    /* another department cannot take it over by naming itself */
    yw_policy takeover = good;
    takeover.department_code = "QD-KJJ";
    assert_int_equal(TEST_WRITE(s, yw_policy_save(as(&op, &p.kjj, now), &takeover, YW_POLICY_CHANGE, NULL, NULL)), -1);
    refused_with(&err, "policy_not_issuer");
    assert_int_equal(test_count(s, "SELECT count(*) FROM audit_log WHERE action LIKE 'policy.%'"), 2);
    /* anyone reads an active policy; a closed one is staff's */
    assert_int_equal(yw_policy_get(as(&op, NULL, now), "T-1", &out), 0);
    good.status = YW_POLICY_CLOSED;
    save_ok(s, as(&op, &p.gxj, now), &good);
    assert_int_equal(yw_policy_get(as(&op, NULL, now), "T-1", &out), -1);
    assert_int_equal(err.code, YW_ERR_NOT_FOUND);
    assert_int_equal(yw_policy_get(as(&op, &p.clerk, now), "T-1", &out), 0);
    yw_arena_reset(&a);
}

static void match_creates_grants_once(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    people p;
    setup_people(s, &a, &p);
    yw_op op = yw_op_make(s, &a, NULL, &err);
    int64_t now = at(2026, 3, 2);
    for (int i = 0; i < 12; i++) add_entity(s, &a, test_uscc(&a, i), 5 + i * 5, i % 3 == 0 ? 1 << 1 : 0);
    /* auto: 高新技术企业 (entities 0, 3, 6, 9), 10,000 fen each; yearly */
    yw_policy hnte = policy("A-1", "QD-GXJ", YW_POLICY_AUTO, "{\"in\":[\"高新技术企业\",{\"var\":\"labels\"}]}",
                            "1000000", 100000000);
    hnte.recurrence = YW_RECUR_YEARLY;
    save_ok(s, as(&op, &p.gxj, now), &hnte);
    /* apply: 30 employees or more (entities 5 … 11); the amount 1,000 fen a head, capped */
    yw_policy hire = policy("B-1", "QD-GXJ", YW_POLICY_APPLY, "{\">=\":[{\"var\":\"employees\"},30]}",
                            "{\"*\":[{\"var\":\"employees\"},1000]}", 100000000);
    hire.cap_fen = 50000;
    save_ok(s, &op, &hire);
    yw_match_report r = match_all(s, &a, now);
    assert_int_equal(r.entities, 12);
    assert_int_equal(r.policies, 2);
    assert_int_equal(r.matches, 4 + 7);
    assert_int_equal(r.grants_created, 4);
    assert_int_equal(r.eligible, 7);
    assert_int_equal(test_count(s, "SELECT count(*) FROM grants WHERE state = 'pending' AND period = '2026'"), 4);
    assert_int_equal(test_count(s, "SELECT max(amount_fen) FROM policy_eligibility"), 50000);
    /* each entity is told of each benefit once (站内信) */
    assert_int_equal(test_count(s, "SELECT count(*) FROM messages WHERE kind = 'benefit'"), 4 + 7);
    /* again: nothing new */
    r = match_all(s, &a, now + 60000);
    assert_int_equal(r.matches, 11);
    assert_int_equal(r.grants_created, 0);
    assert_int_equal(test_count(s, "SELECT count(*) FROM grants"), 4);
    assert_int_equal(test_count(s, "SELECT count(*) FROM policy_eligibility"), 7);
    assert_int_equal(test_count(s, "SELECT count(*) FROM messages"), 11);
    /* next year, a yearly policy gives again */
    hnte.valid_to = "2027-12-31";
    save_ok(s, as(&op, &p.gxj, now), &hnte);
    hire.valid_to = "2027-12-31";
    save_ok(s, &op, &hire);
    r = match_all(s, &a, at(2027, 2, 1));
    assert_int_equal(r.grants_created, 4);
    assert_int_equal(test_count(s, "SELECT count(*) FROM grants WHERE period = '2027'"), 4);
    /* one entity changes: matching for it alone, its stale eligibility gone */
    const char *u5 = test_uscc(&a, 5); /* 30 employees */
    assert_int_equal(test_count(s, yw_arena_printf(&a, "SELECT count(*) FROM policy_eligibility WHERE uscc = '%s'", u5)), 1);
    assert_int_equal(yw_store_run(s, &a, "UPDATE entities SET employees = 3 WHERE uscc = $1", YW_PARAMS(YW_TEXT_P(u5)),
                                  NULL, NULL, &err), 0);
    yw_match_report one = {0};
    assert_int_equal(TEST_WRITE(s, yw_policy_match_entity(as(&op, &p.gxj, at(2027, 2, 2)), u5, &one)), 0);
    assert_int_equal(one.matches, 0);
    assert_int_equal(one.stale_removed, 1);
    /* a clerk may match one entity (staff); an enterprise may not */
    assert_int_equal(TEST_WRITE(s, yw_policy_match_entity(as(&op, &p.enterprise, now), u5, &one)), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    yw_arena_reset(&a);
}

static void budget_is_never_exceeded(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    people p;
    setup_people(s, &a, &p);
    yw_op op = yw_op_make(s, &a, NULL, &err);
    int64_t now = at(2026, 3, 2);
    for (int i = 0; i < 5; i++) add_entity(s, &a, test_uscc(&a, 100 + i), 10, 0);
    /* 10,000 fen each, a budget of 25,000: two approvals, then none */
    yw_policy small = policy("C-1", "QD-GXJ", YW_POLICY_AUTO, "{\">=\":[{\"var\":\"employees\"},1]}", "10000", 25000);
    save_ok(s, as(&op, &p.gxj, now), &small);
    yw_match_report r = match_all(s, &a, now);
    assert_int_equal(r.grants_created, 5);
    int approved = 0, refused = 0;
    for (int i = 0; i < 5; i++) {
        const char *id = grant_of(s, &a, "C-1", test_uscc(&a, 100 + i));
        yw_grant g;
        if (TEST_WRITE(s, yw_grant_approve(as(&op, &p.gxj, now), id, &g)) == 0) {
            assert_int_equal(g.state, YW_GRANT_APPROVED);
            approved++;
        } else {
            refused_with(&err, "budget_exceeded");
            assert_string_equal(err.message, "预算不足：本笔100.00元，剩余预算50.00元");
            refused++;
        }
    }
    assert_int_equal(approved, 2);
    assert_int_equal(refused, 3);
    assert_int_equal(test_count(s, "SELECT spent_fen FROM policies WHERE code = 'C-1'"), 20000);
    /* a refused approval changed nothing */
    assert_int_equal(test_count(s, "SELECT count(*) FROM grants WHERE state = 'pending'"), 3);
    assert_int_equal(test_count(s, "SELECT count(*) FROM audit_log WHERE action = 'grant.approve'"), 2);
    /* approving twice: the second is refused by the state, the budget untouched */
    const char *first = grant_of(s, &a, "C-1", test_uscc(&a, 100));
    assert_int_equal(TEST_WRITE(s, yw_grant_approve(&op, first, NULL)), -1);
    refused_with(&err, "grant_state");
    assert_int_equal(test_count(s, "SELECT spent_fen FROM policies WHERE code = 'C-1'"), 20000);
    /* the budget cannot be cut below what is spent; raised, the rest is approved */
    small.budget_fen = 19999;
    assert_int_equal(TEST_WRITE(s, yw_policy_save(&op, &small, YW_POLICY_CHANGE, NULL, NULL)), -1);
    refused_with(&err, "policy_budget_spent");
    small.budget_fen = 50000;
    save_ok(s, &op, &small);
    assert_int_equal(TEST_WRITE(s, yw_grant_approve(&op, grant_of(s, &a, "C-1", test_uscc(&a, 104)), NULL)), 0);
    /* paid once; the payment file lists the approved, not yet paid */
    yw_buf csv;
    yw_buf_init(&csv, &a);
    int rows;
    assert_int_equal(yw_policy_payments_csv(&op, "C-1", YW_GRANT_APPROVED, &csv, &rows), 0);
    assert_int_equal(rows, 3);
    assert_non_null(strstr(csv.data, ",10000,100.00,"));
    /* an enterprise named as a formula stays text in the finance office's spreadsheet */
    yw_err e2;
    test_tx_begin(s);
    if (yw_store_exec(s, "UPDATE entities SET name = $1 WHERE uscc = $2",
                      YW_ARGS("=HYPERLINK(\"http://evil.example/\",\"领取\")", test_uscc(&a, 104)), NULL, &e2) < 0)
        fail_msg("%s", e2.message);
    test_tx_end(s, 0);
    yw_buf_init(&csv, &a);
    assert_int_equal(yw_policy_payments_csv(&op, "C-1", YW_GRANT_APPROVED, &csv, &rows), 0);
    assert_non_null(strstr(csv.data, yw_arena_printf(&a, ",%s,\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"领取\"\")\",",
                                                      test_uscc(&a, 104))));
    assert_null(strstr(csv.data, ",=HYPERLINK"));
    assert_null(strstr(csv.data, ",\"=HYPERLINK"));
    assert_int_equal(TEST_WRITE(s, yw_grant_pay(&op, first, NULL)), 0);
    assert_int_equal(TEST_WRITE(s, yw_grant_pay(&op, first, NULL)), -1);
    refused_with(&err, "grant_state");
    yw_buf_init(&csv, &a);
    assert_int_equal(yw_policy_payments_csv(&op, "C-1", YW_GRANT_APPROVED, &csv, &rows), 0);
    assert_int_equal(rows, 2);
    /* the paid one is on the file of payments, with its voucher: BF, the day, the day's serial */
    yw_grant paid;
    assert_int_equal(yw_grant_get(&op, first, &paid), 0);
    assert_non_null(paid.voucher);
    assert_int_equal(strlen(paid.voucher), 16);
    assert_memory_equal(paid.voucher, "BF", 2);
    yw_buf_init(&csv, &a);
    assert_int_equal(yw_policy_payments_csv(&op, "C-1", YW_GRANT_PAID, &csv, &rows), 0);
    assert_int_equal(rows, 1);
    assert_non_null(strstr(csv.data, paid.voucher));
    assert_int_equal(yw_policy_payments_csv(&op, "C-1", YW_GRANT_PENDING, &csv, &rows), -1);
    refused_with(&err, "field_value");
    /* another department neither approves nor exports */
    assert_int_equal(TEST_WRITE(s, yw_grant_approve(as(&op, &p.kjj, now), grant_of(s, &a, "C-1", test_uscc(&a, 103)), NULL)), -1);
    refused_with(&err, "policy_not_issuer");
    assert_int_equal(yw_policy_payments_csv(&op, "C-1", YW_GRANT_APPROVED, &csv, &rows), -1);
    refused_with(&err, "policy_not_issuer");
    assert_int_equal(TEST_WRITE(s, yw_grant_approve(as(&op, &p.clerk, now), first, NULL)), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    yw_arena_reset(&a);
}

/* One approval on a connection of its own, started with the others at once. */
typedef struct {
    const yw_actor *actor;
    const char *grant_id;
    int64_t now;
    pthread_barrier_t *start;
    int rc;
    char reason[sizeof ((yw_err *)0)->message];
} approval;

static int approve_in_tx(yw_op *op, void *ctx) { return yw_grant_approve(op, ((approval *)ctx)->grant_id, NULL); }

static void *approve_thread(void *arg) {
    approval *x = arg;
    yw_store *s;
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
    if (yw_store_open(test_db_url, &s, &err) < 0) {
        x->rc = -2;
        return NULL;
    }
    yw_op op = yw_op_make(s, &a, x->actor, &err);
    op.now_ms = x->now;
    pthread_barrier_wait(x->start);
    x->rc = yw_op_write(&op, approve_in_tx, x);
    if (x->rc < 0) snprintf(x->reason, sizeof x->reason, "%s", err.reason ? err.reason : err.message);
    yw_store_close(s);
    yw_arena_reset(&a);
    return NULL;
}

static void concurrent_approvals_stay_within_budget(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    people p;
    setup_people(s, &a, &p);
    yw_op op = yw_op_make(s, &a, NULL, &err);
    int64_t now = at(2026, 3, 2);
    enum { N = 6 };
    for (int i = 0; i < N; i++) add_entity(s, &a, test_uscc(&a, 500 + i), 10, 0);
    /* six grants of 10,000 fen, a budget for three, six approvals at once on six connections */
    yw_policy three = policy("K-1", "QD-GXJ", YW_POLICY_AUTO, "true", "10000", 30000);
    save_ok(s, as(&op, &p.gxj, now), &three);
    assert_int_equal(match_all(s, &a, now).grants_created, N);
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, N);
    approval x[N];
    pthread_t t[N];
    for (int i = 0; i < N; i++) {
        x[i] = (approval){.actor = &p.gxj, .grant_id = grant_of(s, &a, "K-1", test_uscc(&a, 500 + i)), .now = now,
                          .start = &start};
        assert_int_equal(pthread_create(&t[i], NULL, approve_thread, &x[i]), 0);
    }
    int approved = 0;
    for (int i = 0; i < N; i++) {
        pthread_join(t[i], NULL);
        assert_true(x[i].rc != -2);
        if (x[i].rc == 0)
            approved++;
        else
            assert_string_equal(x[i].reason, "budget_exceeded");
    }
    pthread_barrier_destroy(&start);
    assert_int_equal(approved, 3);
    assert_int_equal(test_count(s, "SELECT spent_fen FROM policies WHERE code = 'K-1'"), 30000);
    assert_int_equal(test_count(s, "SELECT count(*) FROM grants WHERE state = 'approved'"), 3);
    yw_arena_reset(&a);
}

static void exclusivity_group_allows_one(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    people p;
    setup_people(s, &a, &p);
    yw_op op = yw_op_make(s, &a, NULL, &err);
    int64_t now = at(2026, 3, 2);
    const char *u = test_uscc(&a, 200), *v = test_uscc(&a, 201);
    add_entity(s, &a, u, 10, 0);
    add_entity(s, &a, v, 10, 0);
    yw_policy rent = policy("R-1", "QD-GXJ", YW_POLICY_AUTO, "true", "3000", 1000000);
    rent.exclusive_group = "rent-relief";
    yw_policy rent2 = policy("R-2", "QD-KJJ", YW_POLICY_AUTO, "true", "2000", 1000000);
    rent2.exclusive_group = "rent-relief";
    save_ok(s, as(&op, &p.gxj, now), &rent);
    save_ok(s, as(&op, &p.kjj, now), &rent2);
    yw_match_report r = match_all(s, &a, now);
    assert_int_equal(r.grants_created, 4); /* both are pending: the choice is the approval's */
    assert_int_equal(TEST_WRITE(s, yw_grant_approve(as(&op, &p.gxj, now), grant_of(s, &a, "R-1", u), NULL)), 0);
    assert_int_equal(TEST_WRITE(s, yw_grant_approve(as(&op, &p.kjj, now), grant_of(s, &a, "R-2", u), NULL)), -1);
    refused_with(&err, "grant_exclusive");
    assert_int_equal(test_count(s, "SELECT spent_fen FROM policies WHERE code = 'R-2'"), 0);
    /* another entity is not concerned */
    assert_int_equal(TEST_WRITE(s, yw_grant_approve(&op, grant_of(s, &a, "R-2", v), NULL)), 0);
    /* the loser is rejected with a reason */
    yw_grant g;
    assert_int_equal(TEST_WRITE(s, yw_grant_reject(&op, grant_of(s, &a, "R-2", u), "已享受同类政策", &g)), 0);
    assert_int_equal(g.state, YW_GRANT_REJECTED);
    assert_string_equal(g.reason, "已享受同类政策");
    yw_arena_reset(&a);
}

static void apply_mode_and_benefits(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    people p;
    setup_people(s, &a, &p);
    yw_op op = yw_op_make(s, &a, NULL, &err);
    int64_t now = at(2026, 3, 2);
    add_entity(s, &a, p.enterprise.login, 35, 1 << 1); /* 高新技术企业, 35 employees */
    add_entity(s, &a, test_uscc(&a, 300), 5, 0);
    yw_policy hire = policy("H-1", "QD-GXJ", YW_POLICY_APPLY,
                            "{\"and\":[{\">=\":[{\"var\":\"employees\"},20]},{\"in\":[\"高新技术企业\",{\"var\":\"labels\"}]}]}",
                            "{\"*\":[{\"var\":\"employees\"},1000]}", 1000000);
    yw_policy strict = policy("H-2", "QD-GXJ", YW_POLICY_APPLY, "{\">=\":[{\"var\":\"employees\"},100]}", "5000", 1000000);
    yw_policy automatic = policy("H-3", "QD-GXJ", YW_POLICY_AUTO, "true", "5000", 1000000);
    save_ok(s, as(&op, &p.gxj, now), &hire);
    save_ok(s, &op, &strict);
    save_ok(s, &op, &automatic);
    /* the enterprise applies where eligible, once */
    yw_grant g;
    assert_int_equal(TEST_WRITE(s, yw_grant_apply(as(&op, &p.enterprise, now), "H-1", &g)), 0);
    assert_int_equal(g.state, YW_GRANT_APPLIED);
    assert_int_equal(g.amount_fen, 35000);
    assert_int_equal(TEST_WRITE(s, yw_grant_apply(&op, "H-1", NULL)), -1);
    refused_with(&err, "grant_exists");
    assert_int_equal(TEST_WRITE(s, yw_grant_apply(&op, "H-2", NULL)), -1);
    refused_with(&err, "policy_not_eligible");
    assert_non_null(strstr(err.message, "35 >= 100"));
    assert_int_equal(TEST_WRITE(s, yw_grant_apply(&op, "H-3", NULL)), -1);
    refused_with(&err, "policy_not_apply");
    assert_int_equal(TEST_WRITE(s, yw_grant_apply(as(&op, &p.gxj, now), "H-1", NULL)), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    /* outside the period */
    assert_int_equal(TEST_WRITE(s, yw_grant_apply(as(&op, &p.enterprise, at(2027, 1, 5)), "H-2", NULL)), -1);
    refused_with(&err, "policy_not_open");
    /* the department decides */
    assert_int_equal(TEST_WRITE(s, yw_grant_approve(as(&op, &p.gxj, now), g.id, &g)), 0);
    assert_int_equal(g.state, YW_GRANT_APPROVED);
    /* the enterprise reads its own grants only */
    yw_grant *list;
    int n;
    int64_t total;
    assert_int_equal(yw_grant_list(as(&op, &p.enterprise, now), &(yw_grant_query){0}, &list, &n, &total), 0);
    assert_int_equal(n, 1);
    assert_int_equal(yw_grant_get(&op, g.id, &g), 0);
    add_entity(s, &a, test_uscc(&a, 301), 5, 0);
    yw_match_report r = match_all(s, &a, now);
    assert_true(r.grants_created >= 2);
    assert_int_equal(yw_grant_get(as(&op, &p.enterprise, now), grant_of(s, &a, "H-3", test_uscc(&a, 301)), &g), -1);
    refused_with(&err, "grant_not_yours");
    /* its benefits: the eligible policies with why, and its grants */
    yw_benefits b;
    assert_int_equal(yw_policy_benefits(&op, &b), 0);
    assert_int_equal(b.neligible, 2); /* H-1 and H-3, not H-2 */
    assert_string_equal(b.eligible[0].policy.code, "H-1");
    assert_non_null(b.eligible[0].grant);
    assert_int_equal(b.eligible[0].grant->state, YW_GRANT_APPROVED);
    assert_true(b.eligible[0].nsteps >= 3);
    assert_string_equal(b.eligible[0].steps[0].op, "and");
    assert_string_equal(b.eligible[0].steps[1].op, ">=");
    assert_int_equal(b.eligible[0].steps[1].nargs, 2);
    assert_string_equal(b.eligible[0].steps[1].args[0], "35");
    assert_string_equal(b.eligible[0].steps[1].value, "true");
    assert_int_equal(b.ngrants, 2);
    /* its inbox: the approval of its application, then what matching found (H-3's grant, H-1's
     * eligibility) */
    yw_policy_message *msgs;
    int64_t unread;
    assert_int_equal(yw_policy_message_list(as(&op, &p.enterprise, now), 50, &msgs, &n, &unread), 0);
    assert_int_equal(n, 3);
    assert_int_equal(unread, 3);
    int decision = -1;
    for (int i = 0; i < n; i++)
        if (strcmp(msgs[i].kind, "decision") == 0) decision = i;
    assert_true(decision >= 0);
    assert_non_null(strstr(msgs[decision].body, "350.00 元"));
    assert_int_equal(TEST_WRITE(s, yw_policy_message_read(&op, msgs[decision].id)), 0);
    assert_int_equal(TEST_WRITE(s, yw_policy_message_read(&op, msgs[decision].id)), 0);
    assert_int_equal(yw_policy_message_list(&op, 50, &msgs, &n, &unread), 0);
    assert_int_equal(unread, 2);
    assert_int_equal(TEST_WRITE(s, yw_policy_message_read(&op, "nope")), -1);
    refused_with(&err, "message_not_found");
    assert_int_equal(yw_policy_benefits(as(&op, &p.gxj, now), &b), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    yw_arena_reset(&a);
}

static void demo_policies_load(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    int count, added;
    if (TEST_WRITE(s, yw_policy_demo_load(&op, &count, &added)) < 0) fail_msg("demo: %s", err.message);
    assert_true(count >= 30);
    assert_int_equal(added, count);
    assert_int_equal(TEST_WRITE(s, yw_policy_demo_load(&op, &count, &added)), 0);
    assert_int_equal(added, 0);
    /* a software company with the labels 专精特新, 高新技术企业 and 科技型中小企业 meets several */
    add_entity(s, &a, test_uscc(&a, 400), 35, (1 << 0) | (1 << 1) | (1 << 6));
    op.now_ms = at(2026, 6, 1);
    yw_match_report r = match_all(s, &a, op.now_ms);
    assert_true(r.matches >= 5);
    assert_int_equal(r.rule_errors, 0);
    yw_arena_reset(&a);
}

/* ---- policy pages (issue 9) ---- */

static int64_t count_of(yw_store *s, yw_arena *a, const char *sql, const char *uscc) {
    yw_rows rows;
    yw_err err;
    if (yw_store_query(s, a, sql, YW_ARGS(uscc), &rows, &err) < 0) fail_msg("%s: %s", sql, err.message);
    return strtoll(yw_rows_get(&rows, 0, 0), NULL, 10);
}

/* The editor's preview: the live registry counted, a sample by USCC, a bad rule refused at its
 * node under /eligibility, officers and admins only; nothing written. */
static void preview_counts_the_registry(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    people p;
    setup_people(s, &a, &p);
    yw_op op = yw_op_make(s, &a, NULL, &err);
    int64_t now = at(2026, 3, 2);
    for (int i = 0; i < 12; i++) add_entity(s, &a, test_uscc(&a, i), 5 + i * 5, 0);
    yw_policy_preview_result r;
    assert_int_equal(yw_policy_preview(as(&op, &p.gxj, now), "{\">=\":[{\"var\":\"employees\"},30]}", &r), 0);
    assert_int_equal(r.entities, 12);
    assert_int_equal(r.matches, 7); /* 30, 35 … 60 */
    assert_int_equal(r.rule_errors, 0);
    assert_int_equal(r.nsample, 7);
    for (int i = 1; i < r.nsample; i++) assert_true(strcmp(r.sample[i - 1].uscc, r.sample[i].uscc) < 0);
    assert_int_equal(yw_policy_preview(as(&op, &p.admin, now), "true", &r), 0);
    assert_int_equal(r.matches, 12);
    assert_int_equal(r.nsample, YW_PREVIEW_SAMPLE);
    assert_int_equal(yw_policy_preview(as(&op, &p.gxj, now), "{\"and\":[true,{\"bogus\":[1]}]}", &r), -1);
    assert_string_equal(err.field, "/eligibility/and/1");
    assert_int_equal(yw_policy_preview(as(&op, &p.clerk, now), "true", &r), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    assert_int_equal(yw_policy_preview(as(&op, &p.enterprise, now), "true", &r), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    assert_int_equal(yw_policy_preview(as(&op, &p.gxj, now), "", &r), -1);
    assert_string_equal(err.field, "eligibility");
    assert_int_equal(count_of(s, &a, "SELECT count(*) FROM grants WHERE uscc <> $1", ""), 0); /* it writes nothing */
    yw_arena_reset(&a);
}

/* With the watcher registered (as `yiwang serve` does), a change of an entity matches it in the
 * change's transaction: a grant appears at once, an apply policy's eligibility row comes and,
 * once the entity is deregistered, goes. */
static void registry_changes_match_at_once(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    people p;
    setup_people(s, &a, &p);
    yw_op op = yw_op_make(s, &a, NULL, &err);
    int64_t now = at(2026, 3, 2);
    yw_policy big = policy("W-1", "QD-GXJ", YW_POLICY_AUTO, "{\">=\":[{\"var\":\"employees\"},30]}", "100000", 100000000);
    yw_policy hire = policy("W-2", "QD-GXJ", YW_POLICY_APPLY, "{\">=\":[{\"var\":\"employees\"},30]}", "50000", 100000000);
    save_ok(s, as(&op, &p.gxj, now), &big);
    save_ok(s, &op, &hire);
    yw_policy_watch_registry(true);
    const char *uscc = test_uscc(&a, 1);
    add_entity(s, &a, uscc, 10, 0);
    const char *grants = "SELECT count(*) FROM grants WHERE uscc = $1",
               *eligible = "SELECT count(*) FROM policy_eligibility WHERE uscc = $1";
    assert_int_equal(count_of(s, &a, grants, uscc), 0);
    yw_entity e;
    as(&op, &yw_actor_system, now);
    if (yw_entity_get(&op, uscc, &e) < 0) fail_msg("get: %s", err.message);
    e.employees = 40;
    int changed;
    if (TEST_WRITE(s, yw_entity_change(&op, &e, NULL, &changed)) < 0) fail_msg("change: %s", err.message);
    assert_int_equal(changed, 1);
    assert_int_equal(count_of(s, &a, grants, uscc), 1);
    assert_int_equal(count_of(s, &a, eligible, uscc), 1);
    assert_int_equal(count_of(s, &a, "SELECT count(*) FROM messages WHERE uscc = $1", uscc), 2);
    /* 简易注销's notice already takes it off the lists (ordinary would need a document) */
    yw_dereg_in out = {uscc, YW_DEREG_SIMPLE, NULL, NULL, NULL};
    if (TEST_WRITE(s, yw_entity_deregister(&op, &out, NULL)) < 0) fail_msg("deregister: %s", err.message);
    assert_int_equal(count_of(s, &a, eligible, uscc), 0);
    assert_int_equal(count_of(s, &a, grants, uscc), 1); /* a grant made stays for the department to decide */
    /* a bulk load's added and changed rows, matched as one batch: the two of 30 or more get theirs */
    yw_entity batch[3];
    for (int i = 0; i < 3; i++) {
        batch[i] = e;
        batch[i].uscc = test_uscc(&a, 10 + i);
        batch[i].employees = 20 + i * 10; /* 20, 30, 40 */
    }
    yw_entity_load_report lr = {0};
    if (TEST_WRITE(s, yw_entity_load_batch(&op, batch, 3, "test", &lr)) < 0) fail_msg("load: %s", err.message);
    assert_int_equal(lr.added, 3);
    assert_int_equal(count_of(s, &a, grants, batch[0].uscc), 0);
    assert_int_equal(count_of(s, &a, grants, batch[1].uscc), 1);
    assert_int_equal(count_of(s, &a, eligible, batch[2].uscc), 1);
    assert_int_equal(count_of(s, &a, "SELECT count(*) FROM messages WHERE uscc = $1", batch[2].uscc), 2);
    yw_policy_watch_registry(false);
    yw_arena_reset(&a);
}

/* The queue of a city: the department's grants by policy and state, oldest first, page by page
 * with the total; an officer sees their own department's only; admins all or one department's;
 * bad values refused naming their field; the budgets of the scope in one read. */
static void grant_queue_filters_pages_and_scopes(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    people p;
    setup_people(s, &a, &p);
    yw_op op = yw_op_make(s, &a, NULL, &err);
    int64_t now = at(2026, 3, 2);
    for (int i = 0; i < 23; i++) add_entity(s, &a, test_uscc(&a, 400 + i), 10 + i, 0);
    yw_policy g1 = policy("Q-GXJ-1", "QD-GXJ", YW_POLICY_AUTO, "true", "1000", 100000000);
    yw_policy g2 = policy("Q-GXJ-2", "QD-GXJ", YW_POLICY_AUTO, "{\">=\":[{\"var\":\"employees\"},30]}", "500", 100000000);
    yw_policy k1 = policy("Q-KJJ-1", "QD-KJJ", YW_POLICY_AUTO, "true", "2000", 100000000);
    save_ok(s, as(&op, &p.gxj, now), &g1);
    save_ok(s, &op, &g2);
    save_ok(s, as(&op, &p.kjj, now), &k1);
    match_all(s, &a, now);
    /* 23 + 3 (30 employees or more: entities 20 … 22) for 工信局, 23 for 科技局 */
    yw_grant *list;
    int n;
    int64_t total;
    assert_int_equal(yw_grant_list(as(&op, &p.gxj, now), &(yw_grant_query){.state = "pending"}, &list, &n, &total), 0);
    assert_int_equal(total, 26);
    assert_int_equal(n, 26);
    for (int i = 0; i < n; i++) {
        assert_non_null(strstr(list[i].policy_code, "Q-GXJ"));
        assert_string_equal(list[i].policy_title, "测试政策");
        assert_string_equal(list[i].entity_name, "青岛测试科技有限公司");
    }
    /* pages of 10: oldest first, no grant twice, none left out */
    const char *seen[30];
    int nseen = 0;
    for (int offset = 0; offset < 30; offset += 10) {
        yw_grant_query q = {.department = "QD-GXJ", .state = "pending", .limit = 10, .offset = offset};
        assert_int_equal(yw_grant_list(&op, &q, &list, &n, &total), 0);
        assert_int_equal(total, 26);
        assert_int_equal(n, offset < 20 ? 10 : 6);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < nseen; k++) assert_string_not_equal(seen[k], list[i].id);
            if (i) {
                int c = strcmp(list[i - 1].created_at, list[i].created_at);
                assert_true(c < 0 || (c == 0 && strcmp(list[i - 1].id, list[i].id) < 0));
            }
            seen[nseen++] = list[i].id;
        }
    }
    assert_int_equal(nseen, 26);
    /* by policy and by entity */
    assert_int_equal(yw_grant_list(&op, &(yw_grant_query){.policy = "Q-GXJ-2", .state = "pending"}, &list, &n, &total), 0);
    assert_int_equal(total, 3);
    const char *u20 = test_uscc(&a, 420);
    assert_int_equal(yw_grant_list(&op, &(yw_grant_query){.uscc = u20}, &list, &n, &total), 0);
    assert_int_equal(total, 2); /* Q-GXJ-1 and Q-GXJ-2; its 科技局 grant is not 工信局's */
    /* another department's: refused to an officer; an admin sees all, or one department's */
    assert_int_equal(yw_grant_list(&op, &(yw_grant_query){.department = "QD-KJJ"}, &list, &n, &total), -1);
    refused_with(&err, "policy_not_issuer");
    assert_string_equal(err.field, "department");
    assert_int_equal(yw_grant_list(as(&op, &p.kjj, now), &(yw_grant_query){0}, &list, &n, &total), 0);
    assert_int_equal(total, 23);
    assert_int_equal(yw_grant_list(as(&op, &p.admin, now), &(yw_grant_query){.state = "pending"}, &list, &n, &total), 0);
    assert_int_equal(total, 49);
    assert_int_equal(yw_grant_list(&op, &(yw_grant_query){.department = "QD-KJJ"}, &list, &n, &total), 0);
    assert_int_equal(total, 23);
    /* bad values name their field */
    assert_int_equal(yw_grant_list(&op, &(yw_grant_query){.department = "QD-NONE"}, &list, &n, &total), -1);
    assert_string_equal(err.field, "department");
    assert_int_equal(yw_grant_list(&op, &(yw_grant_query){.state = "lost"}, &list, &n, &total), -1);
    assert_string_equal(err.field, "state");
    assert_int_equal(yw_grant_list(&op, &(yw_grant_query){.limit = YW_POLICY_LIST_MAX + 1}, &list, &n, &total), -1);
    assert_string_equal(err.field, "limit");
    assert_int_equal(yw_grant_list(&op, &(yw_grant_query){.uscc = "91370200MA3C0000X"}, &list, &n, &total), -1);
    assert_string_equal(err.field, "uscc");
    assert_int_equal(err.code, YW_ERR_INVALID);
    /* the enterprise: another's USCC refused */
    assert_int_equal(yw_grant_list(as(&op, &p.enterprise, now), &(yw_grant_query){.uscc = u20}, &list, &n, &total), -1);
    refused_with(&err, "grant_not_yours");
    /* the budgets: what waits for a decision, per policy, one read; approving moves it to spent */
    assert_int_equal(TEST_WRITE(s, yw_grant_approve(as(&op, &p.gxj, now), seen[0], NULL)), 0);
    yw_policy_budget *b;
    assert_int_equal(yw_policy_budgets(&op, NULL, &b, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(b[0].code, "Q-GXJ-1");
    int64_t spent = b[0].spent_fen + b[1].spent_fen, pending = b[0].pending_fen + b[1].pending_fen;
    assert_int_equal(b[0].pending_count + b[1].pending_count, 25);
    assert_true(spent == 1000 || spent == 500);
    assert_int_equal(pending + spent, 23 * 1000 + 3 * 500);
    assert_int_equal(yw_policy_budgets(&op, "QD-KJJ", &b, &n), -1);
    refused_with(&err, "policy_not_issuer");
    assert_int_equal(yw_policy_budgets(as(&op, &p.admin, now), NULL, &b, &n), 0);
    assert_int_equal(n, 3);
    assert_int_equal(yw_policy_budgets(&op, "QD-KJJ", &b, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(b[0].pending_fen, 23 * 2000);
    assert_int_equal(yw_policy_budgets(as(&op, &p.enterprise, now), NULL, &b, &n), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    yw_arena_reset(&a);
}

int main(void) {
    test_init_sodium();
    const struct CMUnitTest tests[] = {
        BOTH(save_checks_rules_fields_and_roles),
        BOTH(match_creates_grants_once),
        BOTH(budget_is_never_exceeded),
        BOTH(concurrent_approvals_stay_within_budget),
        BOTH(exclusivity_group_allows_one),
        BOTH(apply_mode_and_benefits),
        BOTH(demo_policies_load),
        BOTH(preview_counts_the_registry),
        BOTH(registry_changes_match_at_once),
        BOTH(grant_queue_filters_pages_and_scopes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
