/* The task force's supervision of ledger measures on both stores: returning a progress report
 * (the measure reads as if it had not been made), urging a measure (the unit's list shows the
 * latest urging and a count), cancelling one (it leaves the completion rate and the dispatch
 * counts it as cancelled); and each refusal: a wrong role, a reason missing, a report returned
 * twice, a measure cancelled twice. Each refused write changes nothing. */
#include "domain/core/demo.h"
#include "testutil.h"

#include "base/time.h"
#include "domain/ledger/ledger.h"

/* The text of one column of the first row a query answers (arena memory). */
static const char *text_of(yw_store *s, yw_arena *a, const char *sql, const char *arg) {
    yw_rows rows;
    yw_err err;
    if (yw_store_query(s, a, sql, YW_ARGS(arg), &rows, &err) < 0) fail_msg("%s", err.message);
    if (!rows.nrows) fail_msg("no row: %s", sql);
    return yw_rows_get(&rows, 0, 0);
}

/* A demo account as an actor (arena memory). */
static yw_actor *actor_of(yw_store *s, yw_arena *a, const char *login, unsigned roles) {
    yw_actor *actor = yw_arena_calloc(a, 1, sizeof *actor);
    assert_non_null(actor);
    *actor = (yw_actor){text_of(s, a, "SELECT id FROM accounts WHERE login = $1", login), "staff", login,
                        text_of(s, a, "SELECT name FROM accounts WHERE login = $1", login),
                        text_of(s, a, "SELECT department_id FROM accounts WHERE login = $1", login), roles};
    return actor;
}

static void import_plan(yw_store *s, yw_arena *a) {
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/plans/numbered-with-units.txt", YW_SOURCE_DIR);
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = yw_arena_alloc(a, (size_t)n + 1);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    data[n] = '\0';
    yw_err err;
    yw_plan plan;
    if (yw_plan_parse(a, data, (size_t)n, 2023, &plan, &err) < 0) fail_msg("%s", err.message);
    yw_op op = yw_op_make(s, a, &yw_actor_system, &err);
    yw_ledger_report r;
    if (TEST_WRITE(s, yw_ledger_import(&op, &(yw_ledger_import_in){"plan.txt", 2023, &plan, false, NULL}, &r)) < 0)
        fail_msg("%s", err.message);
}

static void report(yw_op *op, const char *measure_id, const char *on, int percent) {
    yw_progress_new in = {measure_id, on, YW_MEASURE_IN_PROGRESS, percent, "推进中", NULL, 0};
    if (TEST_WRITE(op->store, yw_ledger_report_progress(op, &in, NULL)) < 0) fail_msg("%s", op->err->message);
}

static void expect_refused(const yw_err *err, yw_err_code code, const char *reason, const char *field) {
    assert_int_equal(err->code, code);
    assert_string_equal(err->reason, reason);
    if (field) assert_string_equal(err->field, field);
}

static void return_urge_cancel(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    import_plan(s, &a);
    yw_actor *officer = actor_of(s, &a, "officer", YW_ROLE_OFFICER);
    yw_actor *supervisor = actor_of(s, &a, "supervisor", YW_ROLE_SUPERVISOR);
    yw_op op = yw_op_make(s, &a, officer, &err);
    /* measure 1, 压缩企业开办时间, led by 市市场监管局: the officer's department */
    const char *measure = text_of(s, &a, "SELECT id FROM ledger_measures WHERE number = 1 AND title = $1", "压缩企业开办时间");
    report(test_as(&op, officer), measure, "2023-08-10", 40);
    report(test_as(&op, officer), measure, "2023-09-10", 60);
    const char *first = text_of(s, &a, "SELECT id FROM ledger_progress WHERE percent = 40 AND measure_id = $1", measure);
    const char *second = text_of(s, &a, "SELECT id FROM ledger_progress WHERE percent = 60 AND measure_id = $1", measure);
    int64_t audits = test_count(s, "SELECT COUNT(*) FROM audit_log");

    /* only the task force and admins: the unit's own officer is refused each action */
    assert_int_equal(TEST_WRITE(s, yw_ledger_return_progress(test_as(&op, officer), &(yw_progress_return){second, "材料不全"}, NULL)), -1);
    expect_refused(&err, YW_ERR_FORBIDDEN, "role_required", NULL);
    assert_int_equal(TEST_WRITE(s, yw_ledger_urge(test_as(&op, officer), &(yw_urging_new){measure, "请加快"}, NULL, NULL)), -1);
    expect_refused(&err, YW_ERR_FORBIDDEN, "role_required", NULL);
    assert_int_equal(TEST_WRITE(s, yw_ledger_cancel(test_as(&op, officer), &(yw_measure_cancel){measure, "不再需要"}, NULL)), -1);
    expect_refused(&err, YW_ERR_FORBIDDEN, "role_required", NULL);
    /* a reason is required, blanks are none */
    assert_int_equal(TEST_WRITE(s, yw_ledger_return_progress(test_as(&op, supervisor), &(yw_progress_return){second, NULL}, NULL)), -1);
    expect_refused(&err, YW_ERR_INVALID, "supervision_text_required", "reason");
    assert_string_equal(err.message, "请填写退回原因");
    assert_int_equal(TEST_WRITE(s, yw_ledger_return_progress(test_as(&op, supervisor), &(yw_progress_return){second, " \n "}, NULL)), -1);
    expect_refused(&err, YW_ERR_INVALID, "supervision_text_required", "reason");
    assert_int_equal(TEST_WRITE(s, yw_ledger_urge(test_as(&op, supervisor), &(yw_urging_new){measure, ""}, NULL, NULL)), -1);
    expect_refused(&err, YW_ERR_INVALID, "supervision_text_required", "note");
    assert_int_equal(TEST_WRITE(s, yw_ledger_cancel(test_as(&op, supervisor), &(yw_measure_cancel){measure, NULL}, NULL)), -1);
    expect_refused(&err, YW_ERR_INVALID, "supervision_text_required", "reason");
    assert_string_equal(err.message, "请填写取消原因");
    assert_int_equal(TEST_WRITE(s, yw_ledger_return_progress(test_as(&op, supervisor), &(yw_progress_return){"NOSUCHREPORT", "x"}, NULL)), -1);
    expect_refused(&err, YW_ERR_NOT_FOUND, "progress_not_found", "id");
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log"), audits); /* refusals change nothing */
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM ledger_progress WHERE returned_at IS NOT NULL"), 0);

    /* the latest report returned: the measure reads as if it had not been made */
    yw_progress returned;
    assert_int_equal(TEST_WRITE(s, yw_ledger_return_progress(test_as(&op, supervisor), &(yw_progress_return){second, "佐证材料不全"}, &returned)), 0);
    assert_string_equal(returned.return_reason, "佐证材料不全");
    assert_string_equal(returned.returned_by, supervisor->name);
    assert_int_equal(returned.percent, 60);
    yw_measure m;
    yw_progress *reports;
    int nreports;
    assert_int_equal(yw_ledger_measure(test_as(&op, officer), measure, &m, &reports, &nreports), 0);
    assert_int_equal(m.status, YW_MEASURE_IN_PROGRESS);
    assert_int_equal(m.percent, 40);
    assert_string_equal(m.last_report, "2023-08-10");
    assert_string_equal(m.returned_reason, "佐证材料不全"); /* the unit sees why, and reports again */
    assert_int_equal(nreports, 2);
    assert_string_equal(reports[0].id, second);
    assert_non_null(reports[0].returned_at);
    assert_string_equal(reports[0].returned_by, supervisor->name);
    assert_null(reports[1].returned_at);
    /* twice: a conflict, nothing changed */
    assert_int_equal(TEST_WRITE(s, yw_ledger_return_progress(test_as(&op, supervisor), &(yw_progress_return){second, "再退一次"}, NULL)), -1);
    expect_refused(&err, YW_ERR_CONFLICT, "progress_returned", "id");
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'ledger.progress_return'"), 1);
    /* the only report left returned too: not started again */
    assert_int_equal(TEST_WRITE(s, yw_ledger_return_progress(test_as(&op, supervisor), &(yw_progress_return){first, "与实际不符"}, NULL)), 0);
    assert_int_equal(yw_ledger_measure(test_as(&op, officer), measure, &m, &reports, &nreports), 0);
    assert_int_equal(m.status, YW_MEASURE_NOT_STARTED);
    assert_int_equal(m.percent, 0);
    assert_null(m.last_report);
    /* the unit reports again: the return is behind it */
    report(test_as(&op, officer), measure, "2023-09-20", 70);
    assert_int_equal(yw_ledger_measure(test_as(&op, officer), measure, &m, &reports, &nreports), 0);
    assert_int_equal(m.percent, 70);
    assert_null(m.returned_reason);

    /* urgings: kept, each with who and when; the unit's list shows the latest and a count */
    yw_urging u;
    int count = 0;
    assert_int_equal(TEST_WRITE(s, yw_ledger_urge(test_as(&op, supervisor), &(yw_urging_new){measure, "请于本周内报送"}, &u, &count)), 0);
    assert_int_equal(count, 1);
    assert_int_equal(TEST_WRITE(s, yw_ledger_urge(test_as(&op, supervisor), &(yw_urging_new){measure, "请加快推进"}, &u, &count)), 0);
    assert_int_equal(count, 2);
    assert_string_equal(u.urged_by, supervisor->name);
    yw_measure *mine;
    int n, total;
    assert_int_equal(yw_ledger_measures(test_as(&op, officer), &(yw_measure_filter){.mine = true, .limit = 100}, &mine, &n, &total), 0);
    int found = 0;
    for (int i = 0; i < n; i++)
        if (strcmp(mine[i].id, measure) == 0) {
            found = 1;
            assert_int_equal(mine[i].urgings, 2);
            assert_string_equal(mine[i].last_urging, "请加快推进");
            assert_non_null(mine[i].last_urged_at);
        } else {
            assert_int_equal(mine[i].urgings, 0);
            assert_null(mine[i].last_urging);
        }
    assert_true(found);
    yw_urging *list;
    assert_int_equal(yw_ledger_urgings(test_as(&op, officer), measure, &list, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(list[0].note, "请加快推进");
    assert_string_equal(list[1].note, "请于本周内报送");

    /* cancelling: counted as cancelled, out of the completion rate; twice is a conflict */
    const char *done_measure = text_of(s, &a, "SELECT id FROM ledger_measures WHERE number = 2 AND plan_id = $1",
                                       text_of(s, &a, "SELECT plan_id FROM ledger_measures WHERE id = $1", measure));
    yw_progress_new done = {done_measure, "2023-08-01", YW_MEASURE_DONE, 100, "已完成", NULL, 0};
    assert_int_equal(TEST_WRITE(s, yw_ledger_report_progress(test_as(&op, officer), &done, NULL)), 0);
    yw_ledger_completion c;
    assert_int_equal(yw_ledger_completion_of(test_as(&op, supervisor), &(yw_measure_filter){.plan_id = m.plan_id}, &c), 0);
    assert_int_equal(c.measures, 22);
    assert_int_equal(c.cancelled, 0);
    assert_int_equal(c.done, 1);
    assert_int_equal(c.rate, 5); /* 1 of 22 */
    yw_measure cancelled;
    assert_int_equal(TEST_WRITE(s, yw_ledger_cancel(test_as(&op, supervisor), &(yw_measure_cancel){measure, "已并入其他措施"}, &cancelled)), 0);
    assert_int_equal(cancelled.status, YW_MEASURE_CANCELLED);
    assert_string_equal(cancelled.cancel_reason, "已并入其他措施");
    assert_int_equal(TEST_WRITE(s, yw_ledger_cancel(test_as(&op, supervisor), &(yw_measure_cancel){measure, "再取消"}, NULL)), -1);
    expect_refused(&err, YW_ERR_CONFLICT, "measure_cancelled", "id");
    assert_int_equal(yw_ledger_measure(test_as(&op, officer), measure, &m, &reports, &nreports), 0);
    assert_int_equal(m.status, YW_MEASURE_CANCELLED);
    assert_string_equal(m.cancel_reason, "已并入其他措施");
    assert_string_equal(m.cancelled_by, supervisor->name);
    assert_int_equal(yw_ledger_completion_of(test_as(&op, supervisor), &(yw_measure_filter){.plan_id = m.plan_id}, &c), 0);
    assert_int_equal(c.measures, 22);
    assert_int_equal(c.cancelled, 1);
    assert_int_equal(c.rate, 5); /* 1 of 21 */
    /* a cancelled measure takes no more reports or urgings */
    yw_progress_new late = {measure, "2023-10-01", YW_MEASURE_IN_PROGRESS, 80, "继续推进", NULL, 0};
    assert_int_equal(TEST_WRITE(s, yw_ledger_report_progress(test_as(&op, officer), &late, NULL)), -1);
    expect_refused(&err, YW_ERR_CONFLICT, "measure_cancelled", "id");
    assert_int_equal(TEST_WRITE(s, yw_ledger_urge(test_as(&op, supervisor), &(yw_urging_new){measure, "请报送"}, NULL, NULL)), -1);
    expect_refused(&err, YW_ERR_CONFLICT, "measure_cancelled", "id");
    /* the dispatch of this month counts it as cancelled, and the measure in the total */
    char month[8];
    char today[YW_DATE_SIZE];
    yw_date_format(yw_op_today(&op), today);
    snprintf(month, sizeof month, "%.7s", today);
    yw_dispatch d;
    assert_int_equal(yw_ledger_dispatch(test_as(&op, supervisor), m.plan_id, month, &d), 0);
    assert_int_equal(d.all.total, 22);
    assert_int_equal(d.all.cancelled, 1);
    assert_int_equal(d.all.done, 1);
    /* each action once in the audit chain */
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'ledger.progress_return'"), 2);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'ledger.urge'"), 2);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'ledger.cancel'"), 1);
    yw_arena_reset(&a);
}

/* The monthly dispatch's CSV writes a unit's name that reads as a formula as text: an apostrophe
 * before it, whatever the plan's text says. */
static void dispatch_csv_never_holds_a_formula(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_dispatch_row rows[] = {
        {.unit = "=1+2", .department = "@SUM(A1:A9)", .now = {.total = 2, .done = 1}},
        {.unit = "-2+3,市发展改革委", .department = NULL, .now = {.total = 1}},
        {.unit = "+cmd|' /C calc'!A0", .department = "\t=1", .now = {.total = 1}},
        {.unit = "市市场监管局", .department = "青岛市市场监督管理局", .now = {.total = 1}},
    };
    yw_dispatch d = {.rows = rows, .nrows = 4, .all = {.total = 5, .done = 1}};
    yw_buf b;
    yw_buf_init(&b, &a);
    yw_ledger_dispatch_csv(&d, &b);
    assert_false(b.failed);
    assert_non_null(strstr(b.data, "\r\n'=1+2,'@SUM(A1:A9),2,1,0,0,0,0,0,+1,+0,+0\r\n"));
    assert_non_null(strstr(b.data, "\r\n\"'-2+3,市发展改革委\",,1,"));
    assert_non_null(strstr(b.data, "\r\n'+cmd|' /C calc'!A0,'\t=1,1,"));
    assert_non_null(strstr(b.data, "\r\n市市场监管局,青岛市市场监督管理局,1,"));
    assert_non_null(strstr(b.data, "\r\n合计,,5,1,"));
    yw_arena_reset(&a);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(dispatch_csv_never_holds_a_formula), BOTH(return_urge_cancel)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
