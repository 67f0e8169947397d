/* The message centre and the SMS outbox, on both stores: a message rendered in both languages
 * for its reader only, read one and all; an SMS queued with its message when the reader has a
 * phone, handed to the configured command with the phone as its argument and the text on its
 * input, or given up after YW_SMS_ATTEMPTS tries with its last error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/core/demo.h"
#include "testutil.h"
#include "testcase.h"
#include "domain/message/message.h"

static int64_t count(yw_store *s, const char *sql) { return test_count(s, sql); }

static void messages_and_sms(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    actors x;
    setup_actors(s, &a, &x);
    yw_err err;
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    yw_message_new m = {YW_MSG_CASE_CORRECT, "case", "c-1", "/#case/c-1", {"个体工商户登记", "请补充产权页", NULL, NULL}, {NULL}};
    assert_int_equal(TEST_WRITE(s, yw_message_send(&op, x.person.account_id, &m)), 0);
    /* a kind that does not go by SMS */
    yw_message_new w = {YW_MSG_TASK_WAITING, "case_task", "t-1", "/office.html#inbox", {"个体工商户登记", "张三", "2026-12-09", NULL}, {NULL}};
    assert_int_equal(TEST_WRITE(s, yw_message_send_department(&op, x.officer.department_id, &w)), 0);
    assert_int_equal(count(s, "SELECT COUNT(*) FROM outbox WHERE state = 'queued'"), 1);

    /* the reader sees it in their language; nobody else does */
    yw_message *list;
    int n;
    int64_t total, unread;
    assert_int_equal(yw_message_list(test_as(&op, &x.person), false, 20, 0, &list, &n, &total, &unread), 0);
    assert_int_equal(n, 1);
    assert_int_equal(unread, 1);
    assert_string_equal(list[0].title, "办件需要补正");
    assert_string_equal(list[0].body, "您申请的“个体工商户登记”需要补正：请补充产权页。请在“我的办件”中补正后重新提交。");
    assert_int_equal(yw_message_list(&op, true, 20, 0, &list, &n, &total, &unread), 0);
    assert_string_equal(list[0].title, "Your application needs corrections");
    const char *id = list[0].id;
    int64_t marked;
    assert_int_equal(yw_message_list(test_as(&op, &x.officer), false, 20, 0, &list, &n, &total, &unread), 0);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].title, "新的待办任务");
    assert_int_equal(TEST_WRITE(s, yw_message_mark_read(&op, (const char *[]){id}, 1, &marked)), -1);
    assert_string_equal(err.reason, "message_not_found");
    assert_int_equal(TEST_WRITE(s, yw_message_mark_read(test_as(&op, &x.person), (const char *[]){id}, 1, &marked)), 0);
    assert_int_equal(marked, 1);
    assert_int_equal(TEST_WRITE(s, yw_message_mark_read(&op, NULL, 0, &marked)), 0);
    assert_int_equal(marked, 0);

    /* delivered to a command: the phone as its argument, the text on its input */
    char out[] = "/tmp/yiwang-sms-XXXXXX";
    int fd = mkstemp(out);
    assert_true(fd >= 0);
    close(fd);
    char *cmd = yw_arena_printf(&a, "{ echo \"$1\"; cat; } > %s", out);
    yw_sms_configure(cmd);
    int64_t sent, dead;
    assert_int_equal(yw_outbox_deliver(test_as(&op, &yw_actor_system), &sent, &dead), 0);
    assert_int_equal(sent, 1);
    assert_int_equal(dead, 0);
    FILE *f = fopen(out, "r");
    assert_non_null(f);
    char got[512] = "";
    size_t len = fread(got, 1, sizeof got - 1, f);
    fclose(f);
    got[len] = '\0';
    assert_string_equal(got, "13900000005\n【一网通办】办件需要补正：您申请的“个体工商户登记”需要补正：请补充产权页。请在“我的办件”中补正后重新提交。");
    assert_int_equal(count(s, "SELECT COUNT(*) FROM outbox WHERE state = 'sent' AND attempts = 1 AND sent_at IS NOT NULL"), 1);

    /* a gateway that fails: tried YW_SMS_ATTEMPTS times, then given up with its error */
    assert_int_equal(TEST_WRITE(s, yw_message_send(&op, x.person.account_id, &m)), 0);
    yw_sms_configure("cat > /dev/null; exit 3");
    yw_outbox_set_pause_ms(1);
    assert_int_equal(yw_outbox_deliver(&op, &sent, &dead), 0);
    assert_int_equal(sent, 0);
    assert_int_equal(dead, 1);
    yw_outbox_row *rows;
    assert_int_equal(yw_outbox_list(&op, "dead", 10, &rows, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].attempts, YW_SMS_ATTEMPTS);
    assert_string_equal(rows[0].last_error, "the SMS command failed");
    /* only admins read it */
    assert_int_equal(yw_outbox_list(test_as(&op, &x.person), NULL, 10, &rows, &n), -1);
    assert_string_equal(err.reason, "role_required");
    yw_sms_configure(NULL);
    unlink(out);
    yw_arena_reset(&a);
}

int main(void) {
    test_init_sodium();
    const struct CMUnitTest tests[] = {
        BOTH(messages_and_sms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
