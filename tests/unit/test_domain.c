/* The domain core on both backends: the audit chain (and tampering found), departments,
 * accounts with their validation and permissions, masking, sessions and the login limit. */
#include "domain/demo.h"
#include "testutil.h"

#include <pthread.h>

#include "base/time.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/demo.h"
#include "domain/dept.h"
#include "domain/session.h"
#include "std/idcard.h"
#include "std/uscc.h"

static void login_as(yw_store *s, yw_arena *a, const char *login, yw_actor *actor) {
    yw_session sess;
    yw_err err;
    if (yw_session_login(s, a, login, YW_DEMO_PASSWORD, "127.0.0.1", &sess, &err) < 0)
        fail_msg("login %s: %s", login, err.message);
    if (yw_session_resolve(s, a, sess.token, actor, &err) < 0) fail_msg("resolve: %s", err.message);
}

static void audit_chain_and_tampering(void **state) {
    yw_store *s = *state;
    yw_err err;
    yw_audit_report r;
    int64_t entries = test_count(s, "SELECT COUNT(*) FROM audit_log");
    assert_true(entries >= 30); /* the demo's departments and accounts */
    assert_int_equal(yw_audit_verify(s, &r, NULL, NULL, &err), 0);
    assert_int_equal(r.broken_seq, 0);
    assert_int_equal(r.checked, entries);
    /* change one entry's contents: that entry is named */
    assert_int_equal(yw_store_exec(s, "UPDATE audit_log SET after_json = '{\"name\":\"forged\"}' WHERE seq = 7",
                                   YW_NOARGS, NULL, &err),
                     0);
    assert_int_equal(yw_audit_verify(s, &r, NULL, NULL, &err), 0);
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
    assert_int_equal(yw_audit_verify(s, &r, NULL, NULL, &err), 0);
    assert_int_equal(r.broken_seq, 13);
    assert_non_null(strstr(r.reason, "missing"));
}

static void departments(void **state) {
    yw_store *s = *state;
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
    yw_dept d;
    assert_int_equal(yw_dept_find(s, &a, "市行政审批局", &d, &err), 0); /* by alias */
    assert_string_equal(d.code, "QD-XZSP");
    assert_string_equal(d.name, "青岛市行政审批服务局");
    assert_int_equal(yw_dept_find(s, &a, "市行政審批局", &d, &err), 0); /* the Traditional spelling */
    assert_string_equal(d.code, "QD-XZSP");
    assert_int_equal(yw_dept_find(s, &a, "QD-SCJG", &d, &err), 0);
    assert_int_equal(yw_dept_find(s, &a, "不存在的局", &d, &err), -1);
    assert_int_equal(err.code, YW_ERR_NOT_FOUND);

    yw_actor clerk;
    login_as(s, &a, "clerk", &clerk);
    int64_t before = test_count(s, "SELECT COUNT(*) FROM departments");
    yw_dept_new in = {"QD-NEW", "青岛市新部门", "370200", (const char *const[]){"市新部门", NULL}};
    assert_int_equal(yw_dept_create(s, &a, &clerk, &in, &d, &err), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    yw_actor admin;
    login_as(s, &a, "admin", &admin);
    yw_dept_new bad_region = {"QD-NEW", "青岛市新部门", "379999", NULL};
    assert_int_equal(yw_dept_create(s, &a, &admin, &bad_region, &d, &err), -1);
    assert_string_equal(err.field, "region_code");
    yw_dept_new taken_alias = {"QD-NEW", "青岛市新部门", "370200", (const char *const[]){"市大数据局", NULL}};
    assert_int_equal(yw_dept_create(s, &a, &admin, &taken_alias, &d, &err), -1);
    assert_int_equal(err.code, YW_ERR_CONFLICT);
    assert_string_equal(err.field, "aliases");
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM departments"), before); /* nothing changed */
    assert_int_equal(yw_dept_create(s, &a, &admin, &in, &d, &err), 0);
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
    int64_t accounts = test_count(s, "SELECT COUNT(*) FROM accounts"), audit = test_count(s, "SELECT COUNT(*) FROM audit_log");
    yw_account out;
    yw_account_new bad_id = {.kind = "person", .name = "李四", .id_number = "110105194912310021",
                             .password = "long-enough-1"};
    assert_int_equal(yw_account_create(s, &a, NULL, &bad_id, &out, &err), -1);
    assert_string_equal(err.field, "id_number");
    yw_account_new bad_uscc = {.kind = "enterprise", .name = "某公司", .uscc = "91350100M000100Y44",
                               .password = "long-enough-1"};
    assert_int_equal(yw_account_create(s, &a, NULL, &bad_uscc, &out, &err), -1);
    assert_string_equal(err.field, "uscc");
    yw_account_new short_pw = {.kind = "enterprise", .name = "某公司", .uscc = "91350100M000100Y43", .password = "short"};
    assert_int_equal(yw_account_create(s, &a, NULL, &short_pw, &out, &err), -1);
    assert_string_equal(err.field, "password");
    yw_account_new bad_phone = {.kind = "enterprise", .name = "某公司", .uscc = "91350100M000100Y43",
                                .phone = "12345", .password = "long-enough-1"};
    assert_int_equal(yw_account_create(s, &a, NULL, &bad_phone, &out, &err), -1);
    assert_string_equal(err.field, "phone");
    yw_account_new staff = {.kind = "staff", .login = "newclerk", .name = "新人", .department_code = "QD-XZSP",
                            .roles = YW_ROLE_CLERK, .password = "long-enough-1"};
    assert_int_equal(yw_account_create(s, &a, NULL, &staff, &out, &err), -1); /* nobody may make staff */
    assert_int_equal(err.code, YW_ERR_UNAUTHENTICATED);
    yw_actor clerk;
    login_as(s, &a, "clerk", &clerk);
    assert_int_equal(yw_account_create(s, &a, &clerk, &staff, &out, &err), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    yw_account_new kind = {.kind = "robot", .name = "x", .password = "long-enough-1"};
    assert_int_equal(yw_account_create(s, &a, NULL, &kind, &out, &err), -1);
    assert_string_equal(err.field, "kind");
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM accounts"), accounts);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log"), audit);

    /* a good registration: the new owner sees their own data whole */
    yw_account_new ok = {.kind = "enterprise", .name = "福州某公司", .uscc = "91350100M000100Y43",
                         .phone = "13912345678", .password = "long-enough-1"};
    assert_int_equal(yw_account_create(s, &a, NULL, &ok, &out, &err), 0);
    assert_string_equal(out.login, "91350100M000100Y43");
    assert_string_equal(out.phone, "13912345678");
    assert_int_equal(out.roles, YW_ROLE_APPLICANT);
    assert_int_equal(yw_account_create(s, &a, NULL, &ok, &out, &err), -1);
    assert_int_equal(err.code, YW_ERR_CONFLICT);
    assert_string_equal(err.field, "login");
    yw_arena_reset(&a);
}

static void masking_by_role(void **state) {
    yw_store *s = *state;
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
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
    assert_int_equal(yw_account_get(s, &a, &person, person.account_id, &acc, &err), 0);
    assert_string_equal(acc.id_number, id_number);
    assert_string_equal(acc.phone, "13900000005");
    assert_int_equal(yw_account_get(s, &a, &clerk, person.account_id, &acc, &err), 0);
    assert_string_equal(acc.id_number, id_number);
    assert_int_equal(yw_account_get(s, &a, &supervisor, person.account_id, &acc, &err), 0);
    assert_int_equal(strncmp(acc.id_number, "3702**********", 14), 0);
    assert_string_equal(acc.phone, "139****0005");
    assert_int_equal(strncmp(acc.login, "3702****", 8), 0); /* the login is the ID number: masked too */
    assert_int_equal(yw_account_get(s, &a, &officer, person.account_id, &acc, &err), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    assert_int_equal(yw_account_get(s, &a, &person, admin.account_id, &acc, &err), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    assert_int_equal(yw_account_get(s, &a, NULL, admin.account_id, &acc, &err), -1);
    assert_int_equal(err.code, YW_ERR_UNAUTHENTICATED);
    /* lists: clerks see applicants only */
    yw_account *list;
    int n;
    if (yw_account_list(s, &a, &clerk, NULL, 100, 0, &list, &n, &err) < 0) fail_msg("%s", err.message);
    for (int i = 0; i < n; i++) assert_string_not_equal(list[i].kind, "staff");
    assert_int_equal(yw_account_list(s, &a, &clerk, "staff", 100, 0, &list, &n, &err), -1);
    assert_int_equal(yw_account_list(s, &a, &officer, NULL, 100, 0, &list, &n, &err), -1);
    assert_int_equal(yw_account_list(s, &a, &admin, "staff", 100, 0, &list, &n, &err), 0);
    assert_int_equal(n, 4);
    /* the audit log keeps the ID number masked */
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%19900307%'"), 0);
    yw_arena_reset(&a);
}

static void sessions_and_login_limit(void **state) {
    yw_store *s = *state;
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
    yw_session sess;
    yw_actor actor;
    assert_int_equal(yw_session_login(s, &a, "clerk", YW_DEMO_PASSWORD, "10.0.0.1", &sess, &err), 0);
    assert_int_equal(strlen(sess.token), 43);
    assert_string_equal(sess.account.login, "clerk");
    /* the store keeps only a digest of the token */
    yw_rows rows;
    assert_int_equal(yw_store_query(s, &a, "SELECT COUNT(*) FROM sessions WHERE token_hash = $1", YW_ARGS(sess.token),
                                    &rows, &err),
                     0);
    assert_string_equal(yw_rows_get(&rows, 0, 0), "0");
    assert_int_equal(yw_session_resolve(s, &a, sess.token, &actor, &err), 0);
    assert_int_equal(actor.roles, YW_ROLE_CLERK);
    assert_int_equal(yw_session_logout(s, sess.token, &err), 0);
    assert_int_equal(yw_session_resolve(s, &a, sess.token, &actor, &err), -1);
    assert_int_equal(err.code, YW_ERR_UNAUTHENTICATED);
    assert_int_equal(yw_session_resolve(s, &a, "forged", &actor, &err), -1);
    /* expired */
    assert_int_equal(yw_session_login(s, &a, "clerk", YW_DEMO_PASSWORD, NULL, &sess, &err), 0);
    assert_int_equal(yw_store_exec(s, "UPDATE sessions SET expires_at = '2020-01-01T00:00:00.000Z'", YW_NOARGS, NULL, &err), 0);
    assert_int_equal(yw_session_resolve(s, &a, sess.token, &actor, &err), -1);
    /* wrong password and unknown login read the same */
    assert_int_equal(yw_session_login(s, &a, "nobody", "whatever-1", "10.0.0.2", &sess, &err), -1);
    char unknown[sizeof err.message];
    memcpy(unknown, err.message, sizeof unknown);
    assert_int_equal(yw_session_login(s, &a, "officer", "wrong-password", "10.0.0.2", &sess, &err), -1);
    assert_int_equal(err.code, YW_ERR_UNAUTHENTICATED);
    assert_string_equal(err.message, unknown);
    /* five failures lock the account for the window, even with the right password */
    for (int i = 0; i < 4; i++)
        assert_int_equal(yw_session_login(s, &a, "officer", "wrong-password", "10.0.0.3", &sess, &err), -1);
    assert_int_equal(yw_session_login(s, &a, "officer", YW_DEMO_PASSWORD, "10.0.0.4", &sess, &err), -1);
    assert_int_equal(err.code, YW_ERR_RATE_LIMITED);
    /* other accounts are not affected */
    assert_int_equal(yw_session_login(s, &a, "supervisor", YW_DEMO_PASSWORD, "10.0.0.4", &sess, &err), 0);
    /* a disabled account cannot log in, and its sessions end */
    yw_actor admin;
    login_as(s, &a, "admin", &admin);
    yw_session sup;
    assert_int_equal(yw_session_login(s, &a, "supervisor", YW_DEMO_PASSWORD, NULL, &sup, &err), 0);
    assert_int_equal(yw_account_set_disabled(s, &a, &admin, sup.account.id, true, &err), 0);
    assert_int_equal(yw_session_resolve(s, &a, sup.token, &actor, &err), -1);
    assert_int_equal(yw_session_login(s, &a, "supervisor", YW_DEMO_PASSWORD, NULL, &sup, &err), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    assert_int_equal(yw_account_set_disabled(s, &a, &admin, admin.account_id, true, &err), -1);
    assert_int_equal(err.code, YW_ERR_CONFLICT);
    yw_audit_report r;
    assert_int_equal(yw_audit_verify(s, &r, NULL, NULL, &err), 0);
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
    return yw_audit_append(s, &yw_actor_system, "test.write", "test", id, NULL, "{}", err);
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
    assert_int_equal(yw_audit_verify(s, &r, NULL, NULL, &err), 0);
    assert_int_equal(r.broken_seq, 0);
    assert_int_equal(r.checked, before + 160);
}

#define BOTH(f) cmocka_unit_test_prestate_setup_teardown(f, test_setup_demo, test_teardown_store, "sqlite"), \
                cmocka_unit_test_prestate_setup_teardown(f, test_setup_demo, test_teardown_store, "postgres")

int main(void) {
    test_init_sodium();
    const struct CMUnitTest tests[] = {
        BOTH(audit_chain_and_tampering), BOTH(audit_deletion_is_found), BOTH(departments),
        BOTH(registration_validates_and_changes_nothing_on_error), BOTH(masking_by_role),
        BOTH(sessions_and_login_limit), BOTH(concurrent_writers_keep_the_chain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
