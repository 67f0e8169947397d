/* The domain core on both backends: the audit chain (and tampering found), departments,
 * accounts with their validation and permissions, masking, sessions and the login limit. */
#include "domain/core/demo.h"
#include "testutil.h"

#include <pthread.h>

#include "base/time.h"
#include "domain/core/account.h"
#include "domain/core/audit.h"
#include "domain/core/demo.h"
#include "domain/core/dept.h"
#include "domain/core/idempotency.h"
#include "domain/core/session.h"
#include "std/idcard.h"
#include "std/uscc.h"

/* A login as the server runs it: two writes with the password check between them. */
static int test_login(yw_op *op, const char *login, const char *password, const char *address, yw_session *out) {
    yw_login_attempt at;
    yw_login_in in = {.login = login, .password = password, .address = address};
    if (TEST_WRITE(op->store, yw_session_login_begin(test_as(op, NULL), &in, &at)) < 0) return -1;
    bool ok = yw_login_verify(at.password_hash, password);
    return TEST_WRITE(op->store, yw_session_login_finish(test_as(op, NULL), &at, ok, out));
}

static void login_as(yw_store *s, yw_arena *a, const char *login, yw_actor *actor) {
    yw_session sess;
    yw_err err;
    yw_op op = yw_op_make(s, a, NULL, &err);
    if (test_login(&op, login, YW_DEMO_PASSWORD, "127.0.0.1", &sess) < 0) fail_msg("login %s: %s", login, err.message);
    if (yw_session_resolve(&op, sess.token, actor) < 0) fail_msg("resolve: %s", err.message);
}

static int test_verify(yw_store *s, yw_audit_report *r, yw_err *err) {
    yw_arena a;
    yw_arena_init(&a);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, err);
    int rc = yw_audit_verify(&op, r, NULL, NULL);
    yw_arena_reset(&a);
    return rc;
}

static void audit_chain_and_tampering(void **state) {
    yw_store *s = *state;
    yw_err err;
    yw_audit_report r;
    int64_t entries = test_count(s, "SELECT COUNT(*) FROM audit_log");
    assert_true(entries >= 30); /* the demo's departments and accounts */
    assert_int_equal(test_verify(s, &r, &err), 0);
    assert_int_equal(r.broken_seq, 0);
    assert_int_equal(r.checked, entries);
    /* change one entry's contents: that entry is named */
    assert_int_equal(yw_store_exec(s, "UPDATE audit_log SET after_json = '{\"name\":\"forged\"}' WHERE seq = 7",
                                   YW_NOARGS, NULL, &err),
                     0);
    assert_int_equal(test_verify(s, &r, &err), 0);
    assert_int_equal(r.broken_seq, 7);
    assert_non_null(strstr(r.reason, "contents"));
    assert_int_equal(r.checked, 7);
    yw_rows rows;
    yw_arena a;
    yw_arena_init(&a);
    assert_int_equal(yw_store_query(s, &a, "SELECT id FROM audit_log WHERE seq = 7", YW_NOARGS, &rows, &err), 0);
    assert_string_equal(r.broken_id, yw_rows_get(&rows, 0, 0));
    yw_arena_reset(&a);
}

static void audit_deletion_is_found(void **state) {
    yw_store *s = *state;
    yw_err err;
    yw_audit_report r;
    assert_int_equal(yw_store_exec(s, "DELETE FROM audit_log WHERE seq = 12", YW_NOARGS, NULL, &err), 0);
    assert_int_equal(test_verify(s, &r, &err), 0);
    assert_int_equal(r.broken_seq, 13);
    assert_non_null(strstr(r.reason, "missing"));
}

static void departments(void **state) {
    yw_store *s = *state;
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
    yw_op op = yw_op_make(s, &a, NULL, &err);
    yw_dept d;
    assert_int_equal(yw_dept_find(test_as(&op, NULL), "市行政审批局", &d), 0); /* by alias */
    assert_string_equal(d.code, "QD-XZSP");
    assert_string_equal(d.name, "青岛市行政审批服务局");
    assert_int_equal(yw_dept_find(test_as(&op, NULL), "市行政審批局", &d), 0); /* the Traditional spelling */
    assert_string_equal(d.code, "QD-XZSP");
    assert_int_equal(yw_dept_find(test_as(&op, NULL), "QD-SCJG", &d), 0);
    assert_int_equal(yw_dept_find(test_as(&op, NULL), "不存在的局", &d), -1);
    assert_int_equal(err.code, YW_ERR_NOT_FOUND);

    yw_actor clerk;
    login_as(s, &a, "clerk", &clerk);
    int64_t before = test_count(s, "SELECT COUNT(*) FROM departments");
    yw_dept_new in = {"QD-NEW", "青岛市新部门", "370200", (const char *const[]){"市新部门", NULL}};
    assert_int_equal(TEST_WRITE(s, yw_dept_create(test_as(&op, &clerk), &in, &d)), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    yw_actor admin;
    login_as(s, &a, "admin", &admin);
    yw_dept_new bad_region = {"QD-NEW", "青岛市新部门", "379999", NULL};
    assert_int_equal(TEST_WRITE(s, yw_dept_create(test_as(&op, &admin), &bad_region, &d)), -1);
    assert_string_equal(err.field, "region_code");
    yw_dept_new taken_alias = {"QD-NEW", "青岛市新部门", "370200", (const char *const[]){"市大数据局", NULL}};
    assert_int_equal(TEST_WRITE(s, yw_dept_create(test_as(&op, &admin), &taken_alias, &d)), -1);
    assert_int_equal(err.code, YW_ERR_CONFLICT);
    assert_string_equal(err.field, "aliases");
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM departments"), before); /* nothing changed */
    assert_int_equal(TEST_WRITE(s, yw_dept_create(test_as(&op, &admin), &in, &d)), 0);
    assert_string_equal(d.aliases[0], "市新部门");
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'department.create'"
                              " AND object_id IN (SELECT id FROM departments WHERE code = 'QD-NEW')"),
                     1);
    yw_arena_reset(&a);
}

static void registration_validates_and_changes_nothing_on_error(void **state) {
    yw_store *s = *state;
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
    yw_op op = yw_op_make(s, &a, NULL, &err);
    int64_t accounts = test_count(s, "SELECT COUNT(*) FROM accounts"), audit = test_count(s, "SELECT COUNT(*) FROM audit_log");
    yw_account out;
    yw_account_new bad_id = {.kind = "person", .name = "李四", .id_number = "110105194912310021",
                             .password_hash = test_demo_hash};
    assert_int_equal(TEST_WRITE(s, yw_account_create(test_as(&op, NULL), &bad_id, &out)), -1);
    assert_string_equal(err.field, "id_number");
    yw_account_new bad_uscc = {.kind = "enterprise", .name = "某公司", .uscc = "91350100M000100Y44",
                               .password_hash = test_demo_hash};
    assert_int_equal(TEST_WRITE(s, yw_account_create(test_as(&op, NULL), &bad_uscc, &out)), -1);
    assert_string_equal(err.field, "uscc");
    assert_int_equal(yw_account_password_check("short", &err), -1); /* before it is hashed */
    assert_string_equal(err.field, "password");
    yw_account_new bad_phone = {.kind = "enterprise", .name = "某公司", .uscc = "91350100M000100Y43",
                                .phone = "12345", .password_hash = test_demo_hash};
    assert_int_equal(TEST_WRITE(s, yw_account_create(test_as(&op, NULL), &bad_phone, &out)), -1);
    assert_string_equal(err.field, "phone");
    yw_account_new staff = {.kind = "staff", .login = "newclerk", .name = "新人", .department_code = "QD-XZSP",
                            .roles = YW_ROLE_CLERK, .password_hash = test_demo_hash};
    assert_int_equal(TEST_WRITE(s, yw_account_create(test_as(&op, NULL), &staff, &out)), -1); /* nobody may make staff */
    assert_int_equal(err.code, YW_ERR_UNAUTHENTICATED);
    yw_actor clerk;
    login_as(s, &a, "clerk", &clerk);
    assert_int_equal(TEST_WRITE(s, yw_account_create(test_as(&op, &clerk), &staff, &out)), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    yw_account_new kind = {.kind = "robot", .name = "x", .password_hash = test_demo_hash};
    assert_int_equal(TEST_WRITE(s, yw_account_create(test_as(&op, NULL), &kind, &out)), -1);
    assert_string_equal(err.field, "kind");
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM accounts"), accounts);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log"), audit);

    /* a good registration: the new owner sees their own data whole */
    yw_account_new ok = {.kind = "enterprise", .name = "福州某公司", .uscc = "91350100M000100Y43",
                         .phone = "13912345678", .password_hash = test_demo_hash};
    assert_int_equal(TEST_WRITE(s, yw_account_create(test_as(&op, NULL), &ok, &out)), 0);
    assert_string_equal(out.login, "91350100M000100Y43");
    assert_string_equal(out.phone, "13912345678");
    assert_int_equal(out.roles, YW_ROLE_APPLICANT);
    assert_int_equal(TEST_WRITE(s, yw_account_create(test_as(&op, NULL), &ok, &out)), -1);
    assert_int_equal(err.code, YW_ERR_CONFLICT);
    assert_string_equal(err.field, "login");
    yw_arena_reset(&a);
}

static void masking_by_role(void **state) {
    yw_store *s = *state;
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
    yw_op op = yw_op_make(s, &a, NULL, &err);
    char id_number[19] = "37020219900307123";
    id_number[17] = yw_idcard_check_char(id_number);
    id_number[18] = '\0';
    yw_actor person, clerk, officer, supervisor, admin;
    login_as(s, &a, id_number, &person);
    login_as(s, &a, "clerk", &clerk);
    login_as(s, &a, "officer", &officer);
    login_as(s, &a, "supervisor", &supervisor);
    login_as(s, &a, "admin", &admin);
    yw_account acc;
    assert_int_equal(yw_account_get(test_as(&op, &person), person.account_id, &acc), 0);
    assert_string_equal(acc.id_number, id_number);
    assert_string_equal(acc.phone, "13900000005");
    assert_int_equal(yw_account_get(test_as(&op, &clerk), person.account_id, &acc), 0);
    assert_string_equal(acc.id_number, id_number);
    assert_int_equal(yw_account_get(test_as(&op, &supervisor), person.account_id, &acc), 0);
    assert_int_equal(strncmp(acc.id_number, "3702**********", 14), 0);
    assert_string_equal(acc.phone, "139****0005");
    assert_int_equal(strncmp(acc.login, "3702****", 8), 0); /* the login is the ID number: masked too */
    assert_int_equal(yw_account_get(test_as(&op, &officer), person.account_id, &acc), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    assert_int_equal(yw_account_get(test_as(&op, &person), admin.account_id, &acc), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    assert_int_equal(yw_account_get(test_as(&op, NULL), admin.account_id, &acc), -1);
    assert_int_equal(err.code, YW_ERR_UNAUTHENTICATED);
    /* lists: clerks see applicants only */
    yw_account *list;
    int n;
    if (yw_account_list(test_as(&op, &clerk), &(yw_account_filter){NULL, 100, 0, NULL, NULL}, &list, &n) < 0) fail_msg("%s", err.message);
    for (int i = 0; i < n; i++) assert_string_not_equal(list[i].kind, "staff");
    assert_int_equal(yw_account_list(test_as(&op, &clerk), &(yw_account_filter){"staff", 100, 0, NULL, NULL}, &list, &n), -1);
    assert_int_equal(yw_account_list(test_as(&op, &officer), &(yw_account_filter){NULL, 100, 0, NULL, NULL}, &list, &n), -1);
    assert_int_equal(yw_account_list(test_as(&op, &admin), &(yw_account_filter){"staff", 100, 0, NULL, NULL}, &list, &n), 0);
    /* the demo's staff: admin, clerk, supervisor and an officer in every department */
    assert_int_equal(n, test_count(s, "SELECT COUNT(*) FROM accounts WHERE kind = 'staff'"));
    assert_true(n > 4);
    /* the audit log keeps the ID number masked */
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%19900307%'"), 0);
    yw_arena_reset(&a);
}

static void sessions_and_login_limit(void **state) {
    yw_store *s = *state;
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
    yw_op op = yw_op_make(s, &a, NULL, &err);
    yw_session sess;
    yw_actor actor;
    assert_int_equal(test_login(&op, "clerk", YW_DEMO_PASSWORD, "10.0.0.1", &sess), 0);
    assert_int_equal(strlen(sess.token), 43);
    assert_string_equal(sess.account.login, "clerk");
    /* the store keeps only a digest of the token */
    yw_rows rows;
    assert_int_equal(yw_store_query(s, &a, "SELECT COUNT(*) FROM sessions WHERE token_hash = $1", YW_ARGS(sess.token),
                                    &rows, &err),
                     0);
    assert_string_equal(yw_rows_get(&rows, 0, 0), "0");
    assert_int_equal(yw_session_resolve(test_as(&op, NULL), sess.token, &actor), 0);
    assert_int_equal(actor.roles, YW_ROLE_CLERK);
    assert_int_equal(TEST_WRITE(s, yw_session_logout(&op, sess.token)), 0);
    assert_int_equal(yw_session_resolve(test_as(&op, NULL), sess.token, &actor), -1);
    assert_int_equal(err.code, YW_ERR_UNAUTHENTICATED);
    assert_int_equal(yw_session_resolve(test_as(&op, NULL), "forged", &actor), -1);
    /* expired */
    assert_int_equal(test_login(&op, "clerk", YW_DEMO_PASSWORD, NULL, &sess), 0);
    assert_int_equal(yw_store_exec(s, "UPDATE sessions SET expires_at = '2020-01-01T00:00:00.000Z'", YW_NOARGS, NULL, &err), 0);
    assert_int_equal(yw_session_resolve(test_as(&op, NULL), sess.token, &actor), -1);
    /* wrong password and unknown login read the same */
    assert_int_equal(test_login(&op, "nobody", "whatever-1", "10.0.0.2", &sess), -1);
    char unknown[sizeof err.message];
    memcpy(unknown, err.message, sizeof unknown);
    assert_int_equal(test_login(&op, "officer", "wrong-password", "10.0.0.2", &sess), -1);
    assert_int_equal(err.code, YW_ERR_UNAUTHENTICATED);
    assert_string_equal(err.message, unknown);
    /* five failures from one address lock the account there for the window, even with the
     * right password; its owner elsewhere still logs in */
    for (int i = 0; i < 5; i++)
        assert_int_equal(test_login(&op, "officer", "wrong-password", "10.0.0.3", &sess), -1);
    assert_int_equal(test_login(&op, "officer", YW_DEMO_PASSWORD, "10.0.0.3", &sess), -1);
    assert_int_equal(err.code, YW_ERR_RATE_LIMITED);
    assert_int_equal(test_login(&op, "officer", YW_DEMO_PASSWORD, "10.0.0.4", &sess), 0);
    /* other accounts are not affected */
    assert_int_equal(test_login(&op, "supervisor", YW_DEMO_PASSWORD, "10.0.0.4", &sess), 0);
    /* a disabled account cannot log in, and its sessions end */
    yw_actor admin;
    login_as(s, &a, "admin", &admin);
    yw_session sup;
    assert_int_equal(test_login(&op, "supervisor", YW_DEMO_PASSWORD, NULL, &sup), 0);
    assert_int_equal(TEST_WRITE(s, yw_account_set_disabled(test_as(&op, &admin), sup.account.id, true)), 0);
    assert_int_equal(yw_session_resolve(test_as(&op, NULL), sup.token, &actor), -1);
    assert_int_equal(test_login(&op, "supervisor", YW_DEMO_PASSWORD, NULL, &sup), -1);
    /* answered as a wrong password is: the answer does not confirm the password */
    assert_int_equal(err.code, YW_ERR_UNAUTHENTICATED);
    assert_string_equal(err.message, unknown);
    assert_int_equal(TEST_WRITE(s, yw_account_set_disabled(test_as(&op, &admin), admin.account_id, true)), -1);
    assert_int_equal(err.code, YW_ERR_CONFLICT);
    yw_audit_report r;
    assert_int_equal(test_verify(s, &r, &err), 0);
    assert_int_equal(r.broken_seq, 0);
    yw_arena_reset(&a);
}

/* Writers on several connections at once: every transaction commits (retried when the store
 * is busy) and the audit chain stays one unbroken line. */
typedef struct {
    const char *url;
    int thread, done;
} writer_ctx;

static int write_one(yw_store *s, void *vctx, yw_err *err) {
    writer_ctx *c = vctx;
    char id[32];
    snprintf(id, sizeof id, "w%d-%d", c->thread, c->done);
    yw_arena a;
    yw_arena_init(&a);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, err);
    int rc = yw_audit_append(&op, "test.write", "test", id, NULL, "{}");
    yw_arena_reset(&a);
    return rc;
}

static void *writer(void *arg) {
    writer_ctx *c = arg;
    yw_store *s;
    yw_err err;
    if (yw_store_open(c->url, &s, &err) < 0) return NULL;
    for (c->done = 0; c->done < 40; c->done++)
        if (yw_store_tx(s, write_one, c, &err) < 0) break;
    yw_store_close(s);
    return NULL;
}

static void concurrent_writers_keep_the_chain(void **state) {
    yw_store *s = *state;
    int64_t before = test_count(s, "SELECT COUNT(*) FROM audit_log");
    pthread_t threads[4];
    writer_ctx ctx[4];
    for (int i = 0; i < 4; i++) {
        ctx[i] = (writer_ctx){test_db_url, i, 0};
        assert_int_equal(pthread_create(&threads[i], NULL, writer, &ctx[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        assert_int_equal(ctx[i].done, 40);
    }
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log"), before + 160);
    yw_audit_report r;
    yw_err err;
    assert_int_equal(test_verify(s, &r, &err), 0);
    assert_int_equal(r.broken_seq, 0);
    assert_int_equal(r.checked, before + 160);
}

/* A write under a key as the server runs it: claim, then keep the answer when there was none. */
static int keep_answer(yw_op *op, const yw_idempotency_in *in, const yw_idempotency_answer *ans) {
    yw_idempotency_answer found;
    if (yw_idempotency_claim(op, in, &found) < 0) return -1;
    return found.found ? 0 : yw_idempotency_save(op, in, ans);
}

/* Idempotency keys answer for a day: a retry within it gets the first answer, a later one is a
 * new request (the key forgotten and reusable), and the job's function deletes the old ones. A
 * claim released (a write not worth keeping) leaves the key free. */
static void idempotency_keys_expire(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_actor person = {"p-1", "person", "p", "张三", NULL, YW_ROLE_APPLICANT};
    yw_op op = yw_op_make(s, &a, &person, &err);
    int64_t t0 = yw_days_from_civil(2026, 3, 2) * 86400000LL, hour = 3600000LL;
    yw_idempotency_in first = {"key-1", "hash-a"}, other = {"key-1", "hash-b"};
    yw_idempotency_answer ans = {.status = 201, .content_type = "application/json", .body = "{}", .len = 2}, got;
    op.now_ms = t0;
    assert_int_equal(TEST_WRITE(s, keep_answer(&op, &first, &ans)), 0);
    op.now_ms = t0 + 23 * hour; /* within the day: the first answer; another request is a conflict */
    assert_int_equal(TEST_WRITE(s, yw_idempotency_claim(&op, &first, &got)), 0);
    assert_true(got.found);
    assert_int_equal(got.status, 201);
    assert_int_equal(TEST_WRITE(s, yw_idempotency_claim(&op, &other, &got)), -1);
    assert_int_equal(err.code, YW_ERR_CONFLICT);
    assert_string_equal(err.reason, "idempotency_key_reused");
    op.now_ms = t0 + 25 * hour; /* past it: forgotten, and the key serves a new request */
    assert_int_equal(TEST_WRITE(s, keep_answer(&op, &other, &ans)), 0);
    assert_int_equal(TEST_WRITE(s, yw_idempotency_claim(&op, &other, &got)), 0);
    assert_true(got.found);
    /* a claim released leaves nothing behind */
    yw_idempotency_in dropped = {"key-3", "hash-d"};
    assert_int_equal(TEST_WRITE(s, yw_idempotency_claim(&op, &dropped, &got) || yw_idempotency_release(&op, &dropped)), 0);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM idempotency_keys WHERE key = 'key-3'"), 0);
    yw_idempotency_in second = {"key-2", "hash-c"};
    assert_int_equal(TEST_WRITE(s, keep_answer(&op, &second, &ans)), 0);
    /* the job's function: admins and the system only; deletes what is older than a day */
    int64_t removed = -1;
    assert_int_equal(TEST_WRITE(s, yw_idempotency_expire(&op, 1000, &removed)), -1);
    assert_string_equal(err.reason, "role_required");
    op.actor = &yw_actor_system;
    op.now_ms = t0 + 50 * hour;
    assert_int_equal(TEST_WRITE(s, yw_idempotency_expire(&op, 1, &removed)), 0);
    assert_int_equal(removed, 1);
    assert_int_equal(TEST_WRITE(s, yw_idempotency_expire(&op, 1000, &removed)), 0);
    assert_int_equal(removed, 1);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM idempotency_keys"), 0);
    yw_arena_reset(&a);
}

int main(void) {
    test_init_sodium();
    const struct CMUnitTest tests[] = {
        BOTH(audit_chain_and_tampering), BOTH(audit_deletion_is_found), BOTH(departments),
        BOTH(registration_validates_and_changes_nothing_on_error), BOTH(masking_by_role),
        BOTH(sessions_and_login_limit), BOTH(concurrent_writers_keep_the_chain), BOTH(idempotency_keys_expire),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
