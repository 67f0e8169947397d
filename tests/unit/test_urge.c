/* 超期督办 and 容缺 reminders (domain/case/urge.c, yw_task_urge): a 食品经营许可证核发 case accepted
 * on 28 September 2025 with a deferred material due 20 October; its review task, due 11 October,
 * is overdue on the 15th by three working days, is listed so, is urged once (its department's
 * officers told, the case's history and the audit log showing it, the inbox counting it) and not
 * once it is decided; the material's applicant is told once, three working days before it is
 * due, however often the job runs. On both stores, the clock injected through op.now_ms. */
#include "domain/core/demo.h"
#include "testutil.h"
#include "testcase.h"

#include "domain/case/case.h"
#include "domain/core/workitem.h"

static int64_t messages_of(yw_store *s, yw_arena *a, const char *kind, const char *account_id) {
    yw_rows rows;
    yw_err err;
    if (yw_store_query(s, a, "SELECT COUNT(*) FROM account_messages WHERE kind = $1 AND account_id = $2",
                       YW_ARGS(kind, account_id), &rows, &err) < 0)
        fail_msg("count: %s", err.message);
    return strtoll(yw_rows_get(&rows, 0, 0), NULL, 10);
}

static const yw_overdue_task *listed(const yw_overdue_task *t, int n, const char *task_id) {
    for (int i = 0; i < n; i++)
        if (strcmp(t[i].task_id, task_id) == 0) return &t[i];
    return NULL;
}

static void urged_and_reminded(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    actors x;
    setup_actors(s, &a, &x);
    yw_err err;
    yw_op op = yw_op_make(s, &a, NULL, &err);
    int64_t sep28 = at(2025, 9, 28);
    yw_case_submit_in in = item_case(s, &a, &x.person, "QD-SCJG-XK-0005");
    yw_case c;
    if (TEST_WRITE(s, yw_case_submit(as(&op, &x.person, sep28), &in, &c)) < 0) fail_msg("submit: %s", err.message);
    const char *case_id = yw_arena_strdup(&a, c.id);
    yw_case_deferred due = {"主要设备设施清单", "2025-10-20", "设备清单须待供货商出具"}; /* after the case's deadline */
    yw_case_accept_in acc = {.case_id = case_id, .deferred = &due, .ndeferred = 1};
    if (TEST_WRITE(s, yw_case_accept(as(&op, &x.clerk, sep28), &acc, &c)) < 0) fail_msg("accept: %s", err.message);
    const char *task_id = NULL;
    for (int i = 0; i < c.ntasks; i++)
        if (c.tasks[i].kind == YW_TASK_REVIEW) task_id = yw_arena_strdup(&a, c.tasks[i].id);
    assert_non_null(task_id);

    /* ---- the reminder: three working days ahead, once ---- */
    int sent = -1;
    assert_int_equal(TEST_WRITE(s, yw_case_deferred_remind(as(&op, &x.officer, at(2025, 10, 15)), &sent)), -1);
    refused_with(&err, "role_required");
    /* Tuesday 14 October: three working days on is Friday the 17th, before the 20th */
    assert_int_equal(TEST_WRITE(s, yw_case_deferred_remind(as(&op, &yw_actor_system, at(2025, 10, 14)), &sent)), 0);
    assert_int_equal(sent, 0);
    assert_int_equal(messages_of(s, &a, "deferred.due", x.person.account_id), 0);
    /* Wednesday the 15th: Monday the 20th is the third working day on */
    assert_int_equal(TEST_WRITE(s, yw_case_deferred_remind(as(&op, &yw_actor_system, at(2025, 10, 15)), &sent)), 0);
    assert_int_equal(sent, 1);
    assert_int_equal(messages_of(s, &a, "deferred.due", x.person.account_id), 1);
    for (int day = 15; day <= 20; day++) {
        assert_int_equal(TEST_WRITE(s, yw_case_deferred_remind(as(&op, &yw_actor_system, at(2025, 10, day)), &sent)), 0);
        assert_int_equal(sent, 0);
    }
    assert_int_equal(messages_of(s, &a, "deferred.due", x.person.account_id), 1);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM account_messages WHERE kind = 'deferred.due'"
                                   " AND body_zh LIKE '%主要设备设施清单%2025-10-20%'"),
                     1);

    /* ---- 超期督办 on the 15th: due Saturday the 11th (worked), over by the 13th, 14th and 15th ---- */
    int64_t oct15 = at(2025, 10, 15);
    yw_overdue_query q = {.limit = 50};
    yw_overdue_task *tasks;
    int n, total;
    assert_int_equal(yw_case_overdue_tasks(as(&op, &x.officer, oct15), &q, &tasks, &n, &total), -1);
    refused_with(&err, "role_required");
    if (yw_case_overdue_tasks(as(&op, &x.supervisor, oct15), &q, &tasks, &n, &total) < 0) fail_msg("%s", err.message);
    const yw_overdue_task *row = listed(tasks, n, task_id);
    assert_non_null(row);
    assert_int_equal(row->days_over, 3);
    assert_int_equal(row->urged, 0);
    assert_null(row->officer_name);
    assert_string_equal(row->department_code, "QD-SCJG");
    assert_int_equal(total, n);
    /* not overdue on the 10th; another department's filter leaves it out */
    assert_int_equal(yw_case_overdue_tasks(as(&op, &x.supervisor, at(2025, 10, 10)), &q, &tasks, &n, &total), 0);
    assert_null(listed(tasks, n, task_id));
    q.department = "QD-SW";
    assert_int_equal(yw_case_overdue_tasks(as(&op, &x.supervisor, oct15), &q, &tasks, &n, &total), 0);
    assert_null(listed(tasks, n, task_id));
    q.department = NULL;

    /* ---- 督办 ---- */
    yw_task_urging u;
    yw_task_urge_in blank = {task_id, "　 "};
    assert_int_equal(TEST_WRITE(s, yw_task_urge(as(&op, &x.supervisor, oct15), &blank, &u)), -1);
    refused_with(&err, "task_urge_note_required");
    assert_string_equal(err.field, "note");
    yw_task_urge_in note = {task_id, "已超期三个工作日，请本周内办结"};
    assert_int_equal(TEST_WRITE(s, yw_task_urge(as(&op, &x.officer, oct15), &note, &u)), -1);
    refused_with(&err, "role_required");
    yw_task_urge_in nobody = {"01NOSUCHTASK", "请办结"};
    assert_int_equal(TEST_WRITE(s, yw_task_urge(as(&op, &x.supervisor, oct15), &nobody, &u)), -1);
    refused_with(&err, "task_not_found");
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM task_urgings"), 0);
    int64_t officer_told = messages_of(s, &a, "task.urged", x.officer.account_id);
    if (TEST_WRITE(s, yw_task_urge(as(&op, &x.supervisor, oct15), &note, &u)) < 0) fail_msg("urge: %s", err.message);
    assert_int_equal(u.urged, 1);
    assert_int_equal(messages_of(s, &a, "task.urged", x.officer.account_id), officer_told + 1);
    assert_int_equal(messages_of(s, &a, "task.urged", x.other_officer.account_id), 0);
    /* every officer of the department, each told how late it is and what the supervisors said */
    assert_true(test_count(s, "SELECT COUNT(*) FROM account_messages WHERE kind = 'task.urged'") >= 1);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM account_messages WHERE kind = 'task.urged'"
                                   " AND body_zh LIKE '%已超过办理时限3个工作日%请本周内办结%'"),
                     test_count(s, "SELECT COUNT(*) FROM account_messages WHERE kind = 'task.urged'"));
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'task.urge'"), 1);
    if (yw_case_get(as(&op, &x.supervisor, oct15), case_id, &c) < 0) fail_msg("%s", err.message);
    assert_string_equal(c.events[c.nevents - 1].to_state, "urged");
    assert_string_equal(c.events[c.nevents - 1].note, note.note);
    if (yw_case_overdue_tasks(as(&op, &x.supervisor, oct15), &q, &tasks, &n, &total) < 0) fail_msg("%s", err.message);
    row = listed(tasks, n, task_id);
    assert_int_equal(row->urged, 1);
    assert_string_equal(row->last_note, note.note);

    /* the officer's inbox counts it */
    yw_work_item *items;
    yw_work_counts counts;
    if (yw_inbox(as(&op, &x.officer, oct15), 200, 0, &items, &n, &counts) < 0) fail_msg("%s", err.message);
    int urged = -1;
    for (int i = 0; i < n; i++)
        if (strcmp(items[i].id, task_id) == 0) urged = items[i].urged;
    assert_int_equal(urged, 1);

    /* decided: no longer urged, the refusal naming its state; the officer now named in the list
     * of what is still overdue is gone with it */
    yw_case_act_in approve = {.id = task_id};
    if (TEST_WRITE(s, yw_task_approve(as(&op, &x.officer, oct15), &approve, &c)) < 0) fail_msg("%s", err.message);
    assert_int_equal(TEST_WRITE(s, yw_task_urge(as(&op, &x.supervisor, oct15), &note, &u)), -1);
    refused_with(&err, "task_state");
    assert_non_null(strstr(err.message, "已通过"));
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM task_urgings"), 1);
    if (yw_case_overdue_tasks(as(&op, &x.supervisor, oct15), &q, &tasks, &n, &total) < 0) fail_msg("%s", err.message);
    assert_null(listed(tasks, n, task_id));
    yw_arena_reset(&a);
}

int main(void) {
    test_init_sodium();
    const struct CMUnitTest tests[] = {
        BOTH(urged_and_reminded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
