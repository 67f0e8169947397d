/* Cases (domain/case): submission and its refusals, acceptance before the National Day holiday of
 * 2025 with deadlines in working days, 容缺 (a deferred material holding completion until it is
 * supplied), 告知承诺 (the post-check task), 补正 stopping a task's clock, colours on read, the
 * inbox, the overdue counts, refusal, withdrawal, rejection, and who may do and see what. On
 * both stores, with the clock injected through op.now_ms. */
#include "domain/core/demo.h"
#include "testutil.h"
#include "testcase.h"

#include "base/json_writer.h"
#include "domain/bundle/bundle.h"
#include "domain/entity/entity.h"
#include "domain/case/case.h"
#include "domain/catalog/catalog.h"
#include "domain/cert/cert.h"

static const yw_task *task_of(const yw_case *c, yw_task_kind kind) {
    for (int i = 0; i < c->ntasks; i++)
        if (c->tasks[i].kind == kind) return &c->tasks[i];
    fail_msg("no task of kind %d", (int)kind);
    return NULL;
}

static void food_licence_across_national_day(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    actors x;
    setup_actors(s, &a, &x);
    yw_err err;
    yw_op op = yw_op_make(s, &a, NULL, &err);
    int64_t sep28 = at(2025, 9, 28); /* a Sunday worked (调休) before the holiday of 1–8 October */
    /* uploads for 申请书, 营业执照 and 平面布局图; 管理制度 pledged; 设备清单 deferred (the 4th) */
    yw_case_submit_in in = item_case(s, &a, &x.person, "QD-SCJG-XK-0005");
    assert_int_equal(in.nmaterials, 5);
    yw_case c;
    /* refusals of submission */
    assert_int_equal(TEST_WRITE(s, yw_case_submit(as(&op, &x.officer, sep28), &in, &c)), -1);
    refused_with(&err, "role_required");
    yw_case_submit_in bad = in;
    bad.on_behalf_of = x.enterprise.account_id;
    assert_int_equal(TEST_WRITE(s, yw_case_submit(as(&op, &x.person, sep28), &bad, &c)), -1);
    refused_with(&err, "case_on_behalf_clerk_only");
    const yw_case_material upload[] = {{.name = "食品经营许可申请书", .provided_as = "upload"}};
    bad = in;
    bad.materials = upload;
    bad.nmaterials = 1;
    assert_int_equal(TEST_WRITE(s, yw_case_submit(as(&op, &x.person, sep28), &bad, &c)), -1);
    refused_with(&err, "case_upload_required");
    assert_string_equal(err.field, "/materials/0/upload");
    const yw_case_material theirs[] = {{.name = "食品经营许可申请书", .provided_as = "upload", .upload = upload_pdf(s, &a, &x.enterprise, "其他")}};
    bad.materials = theirs; /* the enterprise's upload: not the person's to give */
    assert_int_equal(TEST_WRITE(s, yw_case_submit(as(&op, &x.person, sep28), &bad, &c)), -1);
    refused_with(&err, "upload_unknown");
    assert_string_equal(err.field, "/materials/0/upload");
    bad = in;
    bad.materials = in.materials + 1; /* without the application form: named as missing */
    bad.nmaterials = 4;
    assert_int_equal(TEST_WRITE(s, yw_case_submit(as(&op, &x.person, sep28), &bad, &c)), -1);
    refused_with(&err, "case_material_missing");
    assert_non_null(strstr(err.message, "食品经营许可申请书"));
    const yw_case_material wrong[] = {{.name = "经营场所平面布局图", .provided_as = "deferred"}};
    bad.materials = wrong;
    assert_int_equal(TEST_WRITE(s, yw_case_submit(as(&op, &x.person, sep28), &bad, &c)), -1);
    refused_with(&err, "case_material_not_accepted_as");
    const yw_case_material unknown[] = {{.name = "户口本", .provided_as = "pledge"}};
    bad.materials = unknown;
    assert_int_equal(TEST_WRITE(s, yw_case_submit(as(&op, &x.person, sep28), &bad, &c)), -1);
    refused_with(&err, "case_material_unknown");
    bad = in;
    bad.answers = "[1]";
    assert_int_equal(TEST_WRITE(s, yw_case_submit(as(&op, &x.person, sep28), &bad, &c)), -1);
    refused_with(&err, "field_type");
    /* an item has no questionnaire: answers are refused, an empty object is none */
    bad.answers = "{\"entity.name\":\"海川餐饮\",\"legal_rep.id_number\":\"370202199003071233\"}";
    assert_int_equal(TEST_WRITE(s, yw_case_submit(as(&op, &x.person, sep28), &bad, &c)), -1);
    refused_with(&err, "case_item_answers");
    assert_string_equal(err.field, "answers");
    in.answers = "{}";
    bad = in;
    bad.item = "NO-SUCH-ITEM";
    assert_int_equal(TEST_WRITE(s, yw_case_submit(as(&op, &x.person, sep28), &bad, &c)), -1);
    refused_with(&err, "item_not_found");
    assert_string_equal(err.field, "item");
    assert_int_equal(test_count(s, "SELECT count(*) FROM cases"), 0);

    /* submitted */
    if (TEST_WRITE(s, yw_case_submit(as(&op, &x.person, sep28), &in, &c)) < 0) fail_msg("submit: %s", err.message);
    const char *id = yw_arena_strdup(&a, c.id);
    assert_int_equal(c.state, YW_CASE_SUBMITTED);
    assert_int_equal(c.item_version, 1);
    assert_int_equal(c.nmaterials, 5);
    assert_int_equal(c.ntasks, 0);
    assert_string_equal(c.applicant_id, x.person.account_id);

    /* acceptance: clerks only, the deferred material needs its due date */
    yw_case_accept_in acc = {.case_id = id};
    assert_int_equal(TEST_WRITE(s, yw_case_accept(as(&op, &x.officer, sep28), &acc, &c)), -1);
    refused_with(&err, "role_required");
    assert_int_equal(TEST_WRITE(s, yw_case_accept(as(&op, &x.clerk, sep28), &acc, &c)), -1);
    refused_with(&err, "case_deferred_due_required");
    yw_case_deferred past = {"主要设备设施清单", "2025-09-01", NULL};
    acc.deferred = &past;
    acc.ndeferred = 1;
    assert_int_equal(TEST_WRITE(s, yw_case_accept(as(&op, &x.clerk, sep28), &acc, &c)), -1);
    refused_with(&err, "case_due_in_past");
    assert_string_equal(err.field, "/deferred/0/due_date");
    /* due after the day of acceptance, within 60 working days of it: 28 September 2025 (worked),
     * then — National Day off, Saturday 11 October worked — the 60th working day is Friday 26 December */
    const char *out_of_range[] = {"2025-09-28", "2025-12-27", "9999-12-31"};
    for (int i = 0; i < 3; i++) {
        yw_case_deferred d = {"主要设备设施清单", out_of_range[i], NULL};
        acc.deferred = &d;
        assert_int_equal(TEST_WRITE(s, yw_case_accept(as(&op, &x.clerk, sep28), &acc, &c)), -1);
        refused_with(&err, "case_due_range");
        assert_string_equal(err.field, "/deferred/0/due_date");
        assert_string_equal(err.message, "补交期限应在受理之日后60个工作日之内（2025-09-29至2025-12-26）");
    }
    assert_int_equal(test_count(s, "SELECT count(*) FROM case_tasks"), 0);
    /* after the case's own deadline (11 October: five working days) only with the clerk's reason */
    yw_case_deferred due = {"主要设备设施清单", "2025-10-20", NULL};
    acc.deferred = &due;
    assert_int_equal(TEST_WRITE(s, yw_case_accept(as(&op, &x.clerk, sep28), &acc, &c)), -1);
    refused_with(&err, "case_due_after_deadline");
    assert_string_equal(err.field, "/deferred/0/due_reason");
    assert_string_equal(err.message, "容缺材料“主要设备设施清单”的补交期限2025-10-20晚于本办件的办结期限2025-10-11，请写明理由");
    due.due_reason = "\xe3\x80\x80 "; /* an ideographic space is no reason */
    assert_int_equal(TEST_WRITE(s, yw_case_accept(as(&op, &x.clerk, sep28), &acc, &c)), -1);
    refused_with(&err, "case_due_after_deadline");
    assert_int_equal(test_count(s, "SELECT count(*) FROM case_tasks"), 0);
    due.due_reason = "设备清单须待供货商出具，申请人承诺10月20日前补交";
    if (TEST_WRITE(s, yw_case_accept(as(&op, &x.clerk, sep28), &acc, &c)) < 0) fail_msg("accept: %s", err.message);
    for (int i = 0; i < c.nmaterials; i++)
        if (strcmp(c.materials[i].name, "主要设备设施清单") == 0) {
            assert_string_equal(c.materials[i].due_date, "2025-10-20");
            assert_string_equal(c.materials[i].due_reason, "设备清单须待供货商出具，申请人承诺10月20日前补交");
        }
    assert_int_equal(c.state, YW_CASE_IN_PROGRESS);
    assert_string_equal(c.accepted_on, "2025-09-28");
    assert_int_equal(c.ntasks, 2);
    /* 5 working days: 29 and 30 September, then 9, 10 and 11 October (a Saturday worked) */
    const yw_task *review = task_of(&c, YW_TASK_REVIEW);
    assert_string_equal(review->deadline, "2025-10-11");
    assert_string_equal(review->statutory_deadline, "2025-10-31");
    assert_false(review->provisional);
    assert_int_equal(review->color, YW_COLOR_GREEN);
    assert_string_equal(review->department_code, "QD-SCJG");
    const char *review_id = yw_arena_strdup(&a, review->id);
    const yw_task *verify = task_of(&c, YW_TASK_VERIFY); /* 告知承诺: the post-check in 20 working days */
    assert_string_equal(verify->deadline, "2025-10-31");
    const char *verify_id = yw_arena_strdup(&a, verify->id);
    assert_string_equal(c.materials[4].due_date, "2025-10-20");
    assert_string_equal(c.materials[0].upload_type, "application/pdf");
    assert_int_equal(TEST_WRITE(s, yw_case_accept(as(&op, &x.clerk, sep28), &acc, &c)), -1);
    refused_with(&err, "case_state");
    assert_int_equal(err.code, YW_ERR_CONFLICT);

    /* colours on read */
    assert_int_equal(yw_case_get(as(&op, &x.person, at(2025, 10, 10)), id, &c), 0);
    assert_int_equal(task_of(&c, YW_TASK_REVIEW)->color, YW_COLOR_YELLOW);
    assert_int_equal(yw_case_get(as(&op, &x.person, at(2025, 10, 13)), id, &c), 0);
    assert_int_equal(task_of(&c, YW_TASK_REVIEW)->color, YW_COLOR_RED);
    yw_case_overdue_row *rows;
    int n;
    assert_int_equal(yw_case_overdue(as(&op, &x.supervisor, at(2025, 10, 13)), &rows, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].department_code, "QD-SCJG");
    assert_int_equal(rows[0].open, 2);
    assert_int_equal(rows[0].red, 1);
    assert_int_equal(yw_case_overdue(as(&op, &x.officer, sep28), &rows, &n), -1);
    refused_with(&err, "role_required");

    /* the inbox: the department's open tasks by deadline */
    yw_task *tasks;
    assert_int_equal(yw_case_inbox(as(&op, &x.officer, sep28), &tasks, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(tasks[0].id, review_id);
    assert_int_equal(yw_case_inbox(as(&op, &x.other_officer, sep28), &tasks, &n), 0);
    assert_int_equal(n, 0);
    yw_case c2;
    assert_int_equal(yw_case_get(as(&op, &x.other_officer, sep28), id, &c2), -1);
    refused_with(&err, "case_not_visible");
    assert_int_equal(yw_case_get(as(&op, &x.enterprise, sep28), id, &c2), -1);
    refused_with(&err, "case_not_visible");
    assert_int_equal(yw_case_get(as(&op, &x.officer, sep28), id, &c2), 0);
    assert_non_null(strstr(c2.form, "370202199003071233"));
    assert_string_equal(c2.answers, "{}");
    assert_int_equal(yw_case_get(as(&op, &x.supervisor, sep28), id, &c2), 0); /* masked for supervisors */
    assert_null(strstr(c2.form, "370202199003071233"));
    assert_non_null(strstr(c2.form, "3702**********1233"));

    /* 补正 on Monday 29 September; the applicant resubmits on Thursday 9 October: two working
     * days paused (30 September, 9 October), the deadlines move by two */
    yw_case_act_in act = {.id = review_id, .reason = "请补充设备清单说明"};
    assert_int_equal(TEST_WRITE(s, yw_task_correct(as(&op, &x.other_officer, at(2025, 9, 29)), &act, &c)), -1);
    refused_with(&err, "task_not_your_department");
    assert_int_equal(TEST_WRITE(s, yw_task_correct(as(&op, &x.clerk, at(2025, 9, 29)), &act, &c)), -1);
    refused_with(&err, "role_required");
    act.reason = NULL;
    assert_int_equal(TEST_WRITE(s, yw_task_correct(as(&op, &x.officer, at(2025, 9, 29)), &act, &c)), -1);
    refused_with(&err, "case_reason_required");
    act.reason = "请补充设备清单说明";
    if (TEST_WRITE(s, yw_task_correct(as(&op, &x.officer, at(2025, 9, 29)), &act, &c)) < 0)
        fail_msg("correct: %s", err.message);
    assert_int_equal(task_of(&c, YW_TASK_REVIEW)->state, YW_TASK_CORRECTING);
    assert_int_equal(task_of(&c, YW_TASK_REVIEW)->color, YW_COLOR_PAUSED);
    assert_int_equal(TEST_WRITE(s, yw_task_approve(as(&op, &x.officer, at(2025, 9, 30)), &act, &c)), -1);
    refused_with(&err, "task_state");
    yw_case_act_in re = {.id = id};
    assert_int_equal(TEST_WRITE(s, yw_case_resubmit(as(&op, &x.enterprise, at(2025, 10, 9)), &re, &c)), -1);
    refused_with(&err, "case_not_yours");
    if (TEST_WRITE(s, yw_case_resubmit(as(&op, &x.person, at(2025, 10, 9)), &re, &c)) < 0)
        fail_msg("resubmit: %s", err.message);
    review = task_of(&c, YW_TASK_REVIEW);
    assert_int_equal(review->state, YW_TASK_OPEN);
    assert_int_equal(review->paused_days, 2);
    assert_string_equal(review->deadline, "2025-10-14");
    assert_string_equal(review->statutory_deadline, "2025-11-04");
    assert_int_equal(TEST_WRITE(s, yw_case_resubmit(as(&op, &x.person, at(2025, 10, 9)), &re, &c)), -1);
    refused_with(&err, "case_state");

    /* approved, but the deferred material is still owed: in progress until it is supplied */
    act.reason = NULL;
    if (TEST_WRITE(s, yw_task_approve(as(&op, &x.officer, at(2025, 10, 10)), &act, &c)) < 0)
        fail_msg("approve: %s", err.message);
    assert_int_equal(c.state, YW_CASE_IN_PROGRESS);
    yw_case_act_in sup = {.id = id, .material = "食品安全管理制度"};
    assert_int_equal(TEST_WRITE(s, yw_case_supply(as(&op, &x.person, at(2025, 10, 15)), &sup, &c)), -1);
    refused_with(&err, "case_nothing_to_supply");
    sup.material = "主要设备设施清单";
    /* 补交 is the file itself, or a clerk's record of the paper at the window: not one click */
    assert_int_equal(TEST_WRITE(s, yw_case_supply(as(&op, &x.person, at(2025, 10, 15)), &sup, &c)), -1);
    refused_with(&err, "case_supply_file_required");
    assert_string_equal(err.field, "upload");
    sup.at_window = true; /* only a clerk says the paper came in */
    assert_int_equal(TEST_WRITE(s, yw_case_supply(as(&op, &x.person, at(2025, 10, 15)), &sup, &c)), -1);
    refused_with(&err, "case_window_clerk_only");
    sup.at_window = false;
    sup.upload = upload_pdf(s, &a, &x.person, "主要设备设施清单");
    if (TEST_WRITE(s, yw_case_supply(as(&op, &x.person, at(2025, 10, 15)), &sup, &c)) < 0)
        fail_msg("supply: %s", err.message);
    assert_int_equal(c.state, YW_CASE_COMPLETED);
    assert_non_null(c.materials[4].supplied_at);
    assert_string_equal(c.materials[4].supplied_how, "upload");
    assert_string_equal(c.materials[4].upload, sup.upload);
    assert_int_equal(TEST_WRITE(s, yw_case_withdraw(as(&op, &x.person, at(2025, 10, 15)), &re, &c)), -1);
    refused_with(&err, "case_state");

    /* the post-check stays in the inbox after completion, and is decided on its own */
    assert_int_equal(yw_case_inbox(as(&op, &x.officer, at(2025, 10, 15)), &tasks, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(tasks[0].id, verify_id);
    yw_case_act_in ver = {.id = verify_id};
    if (TEST_WRITE(s, yw_task_approve(as(&op, &x.officer, at(2025, 10, 20)), &ver, &c)) < 0)
        fail_msg("verify: %s", err.message);
    assert_int_equal(c.state, YW_CASE_COMPLETED);
    assert_int_equal(task_of(&c, YW_TASK_VERIFY)->state, YW_TASK_APPROVED);
    /* every transition an event and an audit entry */
    /* … and the note of the 食品经营许可证 its completion issued (电子证照) */
    assert_int_equal(c.nevents, 12);
    bool licence_noted = false;
    for (int i = 0; i < c.nevents; i++)
        licence_noted = licence_noted || (c.events[i].note && strstr(c.events[i].note, "电子证照：已签发食品经营许可证"));
    assert_true(licence_noted);
    assert_string_equal(c.events[0].to_state, "submitted");
    assert_string_equal(c.events[3].to_state, "accepted");
    assert_string_equal(c.events[4].from_state, "accepted");
    assert_string_equal(c.events[4].to_state, "in_progress");
    assert_string_equal(c.events[c.nevents - 1].to_state, "approved");
    assert_int_equal(test_count(s, "SELECT count(*) FROM audit_log WHERE action LIKE 'case.%' OR action LIKE 'task.%'"),
                     8);
    yw_arena_reset(&a);
}

static void refusal_withdrawal_and_rejection(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    actors x;
    setup_actors(s, &a, &x);
    yw_err err;
    yw_op op = yw_op_make(s, &a, NULL, &err);
    int64_t now = at(2025, 11, 3);
    yw_case c;
    /* 不予受理 with a reason */
    yw_case_submit_in in = item_case(s, &a, &x.person, "QD-SCJG-XK-0004");
    if (TEST_WRITE(s, yw_case_submit(as(&op, &x.person, now), &in, &c)) < 0) fail_msg("submit: %s", err.message);
    yw_case_act_in act = {.id = c.id};
    assert_int_equal(TEST_WRITE(s, yw_case_refuse(as(&op, &x.clerk, now), &act, &c)), -1);
    refused_with(&err, "case_reason_required");
    act.reason = "不属于本事项受理范围";
    if (TEST_WRITE(s, yw_case_refuse(as(&op, &x.clerk, now), &act, &c)) < 0) fail_msg("refuse: %s", err.message);
    assert_int_equal(c.state, YW_CASE_REFUSED);
    assert_string_equal(c.reason, "不属于本事项受理范围");
    assert_int_equal(TEST_WRITE(s, yw_case_withdraw(as(&op, &x.person, now), &act, &c)), -1);
    refused_with(&err, "case_state");

    /* 帮办代办: a clerk submits for the person, who withdraws it */
    yw_case_submit_in behalf = item_case(s, &a, &x.clerk, "QD-SCJG-XK-0001");
    behalf.on_behalf_of = x.person.account_id;
    if (TEST_WRITE(s, yw_case_submit(as(&op, &x.clerk, now), &behalf, &c)) < 0) fail_msg("behalf: %s", err.message);
    assert_string_equal(c.applicant_id, x.person.account_id);
    assert_string_equal(c.submitted_by, x.clerk.account_id);
    behalf.on_behalf_of = x.clerk.account_id;
    yw_case c2;
    assert_int_equal(TEST_WRITE(s, yw_case_submit(as(&op, &x.clerk, now), &behalf, &c2)), -1);
    refused_with(&err, "case_on_behalf_unknown");
    yw_case_act_in w = {.id = c.id};
    assert_int_equal(TEST_WRITE(s, yw_case_withdraw(as(&op, &x.enterprise, now), &w, &c2)), -1);
    refused_with(&err, "case_not_yours");
    if (TEST_WRITE(s, yw_case_withdraw(as(&op, &x.person, now), &w, &c)) < 0) fail_msg("withdraw: %s", err.message);
    assert_int_equal(c.state, YW_CASE_WITHDRAWN);

    /* accepted, then its only task rejected: the case is rejected */
    in = item_case(s, &a, &x.enterprise, "QD-SCJG-XK-0004");
    if (TEST_WRITE(s, yw_case_submit(as(&op, &x.enterprise, now), &in, &c)) < 0) fail_msg("submit: %s", err.message);
    yw_case_accept_in acc = {.case_id = c.id};
    if (TEST_WRITE(s, yw_case_accept(as(&op, &x.clerk, now), &acc, &c)) < 0) fail_msg("accept: %s", err.message);
    assert_string_equal(c.tasks[0].deadline, "2025-11-04"); /* 1 promised working day */
    yw_case_act_in rej = {.id = c.tasks[0].id};
    assert_int_equal(TEST_WRITE(s, yw_task_reject(as(&op, &x.officer, now), &rej, &c)), -1);
    refused_with(&err, "case_reason_required");
    rej.reason = "经营场所不符合规定";
    if (TEST_WRITE(s, yw_task_reject(as(&op, &x.officer, now), &rej, &c)) < 0) fail_msg("reject: %s", err.message);
    assert_int_equal(c.state, YW_CASE_REJECTED);
    assert_int_equal(TEST_WRITE(s, yw_task_approve(as(&op, &x.officer, now), &rej, &c)), -1);
    refused_with(&err, "case_state");

    /* two review tasks (as a bundle's case has), one approved and one rejected: partly completed */
    if (TEST_WRITE(s, yw_case_submit(as(&op, &x.enterprise, now), &in, &c)) < 0) fail_msg("submit: %s", err.message);
    acc.case_id = c.id;
    if (TEST_WRITE(s, yw_case_accept(as(&op, &x.clerk, now), &acc, &c)) < 0) fail_msg("accept: %s", err.message);
    const char *first = yw_arena_strdup(&a, c.tasks[0].id);
    if (yw_store_run(s, NULL,
                     "INSERT INTO case_tasks (id, case_id, kind, item_code, department_id, state, deadline,"
                     " statutory_deadline, provisional, paused_days, created_at) SELECT 'second-task', case_id, kind,"
                     " item_code, department_id, state, deadline, statutory_deadline, provisional, 0, created_at"
                     " FROM case_tasks WHERE id = $1",
                     YW_PARAMS(YW_TEXT_P(first)), NULL, NULL, &err) < 0)
        fail_msg("second task: %s", err.message);
    yw_case_act_in one = {.id = first};
    if (TEST_WRITE(s, yw_task_approve(as(&op, &x.officer, now), &one, &c)) < 0) fail_msg("approve: %s", err.message);
    assert_int_equal(c.state, YW_CASE_IN_PROGRESS);
    yw_case_act_in two = {.id = "second-task", .reason = "不符合条件"};
    if (TEST_WRITE(s, yw_task_reject(as(&op, &x.officer, now), &two, &c)) < 0) fail_msg("reject: %s", err.message);
    assert_int_equal(c.state, YW_CASE_PARTLY_COMPLETED);

    /* 我的办件 */
    yw_case *mine;
    int n, total;
    yw_case_query q = {.mine = true, .limit = 100};
    if (yw_case_list(as(&op, &x.person, now), &q, &mine, &n, &total) < 0) fail_msg("list: %s", err.message);
    assert_int_equal(n, 2);
    assert_int_equal(yw_case_list(as(&op, &x.enterprise, now), &q, &mine, &n, &total), 0);
    assert_int_equal(n, 2);
    assert_int_equal(total, 2);
    assert_int_equal(mine[0].state + mine[1].state, YW_CASE_REJECTED + YW_CASE_PARTLY_COMPLETED);
    /* every case: clerks, supervisors and admins; in one state; paged */
    yw_case_query all = {.limit = 1, .offset = 1};
    assert_int_equal(yw_case_list(as(&op, &x.enterprise, now), &all, &mine, &n, &total), -1);
    refused_with(&err, "role_required");
    assert_int_equal(yw_case_list(as(&op, &x.clerk, now), &all, &mine, &n, &total), 0);
    assert_int_equal(n, 1);
    assert_int_equal(total, 4);
    yw_case_query refused = {.state = "refused", .limit = 10};
    assert_int_equal(yw_case_list(as(&op, &x.supervisor, now), &refused, &mine, &n, &total), 0);
    assert_int_equal(n, 1);
    assert_string_equal(mine[0].title, "个体工商户登记");
    /* the states' one table, both ways */
    assert_int_equal(yw_enum_from_text(yw_case_states, "partly_completed"), YW_CASE_PARTLY_COMPLETED);
    assert_string_equal(yw_enum_to_text(yw_case_states, YW_CASE_WITHDRAWN), "withdrawn");
    yw_arena_reset(&a);
}

/* 工程建设项目审批 in four stages within 70 working days, accepted on 28 September 2025 (before
 * the National Day holiday): only the first stage's tasks open; the overall deadline counts 70
 * working days; the second stage opens on the day the first is approved, its deadlines counted
 * from that day; a rejection there ends the case and the later stages never open. And the form
 * checked field by field. */
static void staged_bundle_and_form_checks(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    actors x;
    setup_actors(s, &a, &x);
    yw_err err;
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    int nb, created, unchanged;
    if (TEST_WRITE(s, yw_bundle_demo_load(&op, &nb, &created, &unchanged)) < 0) fail_msg("bundles: %s", err.message);
    int64_t sep28 = at(2025, 9, 28);
    json_t *answers = json_loads("{\"needs_eia\":true}", 0, NULL);
    yw_bundle_form f;
    if (yw_bundle_form_for(as(&op, &x.person, sep28), "YJS-GCJS", answers, &f) < 0) fail_msg("form: %s", err.message);
    json_decref(answers);
    const yw_item_field **fields = yw_arena_calloc(&a, (size_t)f.nfields + 1, sizeof *fields);
    for (int i = 0; i < f.nfields; i++) fields[i] = &f.fields[i].field;
    yw_case_submit_in in = {.bundle = "YJS-GCJS", .answers = "{\"needs_eia\":true}",
                            .form = fill_form(&a, fields, f.nfields)};
    const yw_item_material **asked = yw_arena_calloc(&a, (size_t)f.nmaterials + 1, sizeof *asked);
    for (int i = 0; i < f.nmaterials; i++) asked[i] = &f.materials[i].material;
    in.materials = provide_materials(s, &a, &x.enterprise, asked, f.nmaterials, &in.nmaterials);
    yw_case_deferred *later = yw_arena_calloc(&a, (size_t)in.nmaterials + 1, sizeof *later);
    int nlater = 0;
    for (int i = 0; i < in.nmaterials; i++)
        if (strcmp(in.materials[i].provided_as, "deferred") == 0)
            later[nlater++] = (yw_case_deferred){in.materials[i].name, "2026-03-01", NULL};
    yw_case c;
    if (TEST_WRITE(s, yw_case_submit(as(&op, &x.enterprise, sep28), &in, &c)) < 0) fail_msg("submit: %s", err.message);
    assert_null(c.item_code);
    assert_string_equal(c.bundle_code, "YJS-GCJS");
    assert_string_equal(c.title, "工程建设项目审批");
    assert_int_equal(c.nitems, 8);
    assert_int_equal(c.limit_days, 70);
    const char *id = yw_arena_strdup(&a, c.id);
    yw_case_accept_in acc = {.case_id = id, .deferred = later, .ndeferred = nlater};
    if (TEST_WRITE(s, yw_case_accept(as(&op, &x.clerk, sep28), &acc, &c)) < 0) fail_msg("accept: %s", err.message);
    int reviews = 0;
    for (int i = 0; i < c.ntasks; i++) reviews += c.tasks[i].kind == YW_TASK_REVIEW;
    assert_int_equal(reviews, 2); /* 立项用地规划许可: 发改 filing, 规划 permit */
    assert_int_equal(c.stage, 0);
    /* 70 working days from Sunday 28 September 2025 (worked), across National Day and New Year
     * (1–3 January off, Sunday 4 January worked): 12 January 2026 */
    assert_string_equal(c.deadline, "2026-01-12");

    /* the first stage approved on 13 October: the second opens that day */
    int64_t oct13 = at(2025, 10, 13);
    const char *first[2] = {yw_arena_strdup(&a, c.tasks[0].id), yw_arena_strdup(&a, c.tasks[1].id)};
    for (int i = 0; i < 2; i++) {
        yw_actor officer = x.officer;
        officer.department_id = c.tasks[i].department_id;
        yw_case_act_in ok = {.id = first[i]};
        if (TEST_WRITE(s, yw_task_approve(as(&op, &officer, oct13), &ok, &c)) < 0) fail_msg("approve: %s", err.message);
    }
    assert_int_equal(c.state, YW_CASE_IN_PROGRESS);
    assert_int_equal(c.stage, 1);
    int second = 0;
    for (int i = 0; i < c.ntasks; i++)
        if (c.tasks[i].stage == 1 && c.tasks[i].kind == YW_TASK_REVIEW) {
            second++;
            assert_string_equal(c.tasks[i].created_at, "2025-10-13T02:00:00.000Z");
        }
    assert_int_equal(second, 3); /* with the EIA approval this time */
    for (int i = 0; i < nlater; i++) { /* the deferred materials handed in */
        yw_case_act_in sup = {.id = id, .material = later[i].material, .upload = upload_pdf(s, &a, &x.enterprise, later[i].material)};
        if (TEST_WRITE(s, yw_case_supply(as(&op, &x.enterprise, oct13), &sup, &c)) < 0) fail_msg("supply: %s", err.message);
    }
    int ntasks = c.ntasks;
    /* one of the second stage rejected, the others approved: partly completed, nothing later */
    const char *ids[3];
    const char *depts[3];
    for (int i = 0, k = 0; i < c.ntasks; i++)
        if (c.tasks[i].stage == 1 && c.tasks[i].kind == YW_TASK_REVIEW) {
            ids[k] = yw_arena_strdup(&a, c.tasks[i].id);
            depts[k++] = yw_arena_strdup(&a, c.tasks[i].department_id);
        }
    for (int k = 0; k < 3; k++) {
        yw_actor officer = x.officer;
        officer.department_id = depts[k];
        yw_case_act_in act = {.id = ids[k], .reason = k == 0 ? "环评结论不予批准" : NULL};
        int rc = k == 0 ? TEST_WRITE(s, yw_task_reject(as(&op, &officer, oct13), &act, &c))
                        : TEST_WRITE(s, yw_task_approve(as(&op, &officer, oct13), &act, &c));
        if (rc < 0) fail_msg("decide: %s", err.message);
    }
    assert_int_equal(c.state, YW_CASE_PARTLY_COMPLETED);
    assert_int_equal(c.ntasks, ntasks); /* no later stage opened */

    /* the form, field by field: required, type, length, option, identity numbers, unknown keys */
    const char *bad_forms[][3] = {
        {"{}", "case_field_required", NULL},
        {"{\"entity.name\":\"  \"}", "case_field_required", "/form/entity.name"},
        /* blank in Unicode: ideographic spaces, em and no-break spaces, a zero-width space */
        {"{\"entity.name\":\"\u3000\u3000\"}", "case_field_required", "/form/entity.name"},
        {"{\"legal_rep.name\":\"\u2003\u00a0\u200b\\t\"}", "case_field_required", "/form/legal_rep.name"},
        {"{\"entity.name\":5}", "case_field_type", "/form/entity.name"},
        {"{\"entity.kind\":\"合作社\"}", "case_field_option", "/form/entity.kind"},
        {"{\"entity.capital\":\"很多\"}", "case_field_yuan", "/form/entity.capital"},
        {"{\"entity.capital\":-1}", "case_field_yuan", "/form/entity.capital"},
        {"{\"entity.capital\":\"-1\"}", "case_field_yuan", "/form/entity.capital"},
        {"{\"entity.capital\":5000}", "case_field_yuan", "/form/entity.capital"},
        {"{\"entity.capital\":\"1,200\"}", "case_field_yuan", "/form/entity.capital"},
        {"{\"entity.capital\":\"12.345\"}", "case_field_yuan_decimals", "/form/entity.capital"},
        {"{\"entity.capital\":\"10000000000000\"}", "case_field_yuan_range", "/form/entity.capital"},
        {"{\"contact.phone\":\"12900000005\"}", "case_field_mobile", "/form/contact.phone"},
        {"{\"contact.phone\":\"1390000000\"}", "case_field_mobile", "/form/contact.phone"},
        {"{\"contact.landline\":\"88886666\"}", "case_field_landline", "/form/contact.landline"},
        {"{\"contact.landline\":\"0532-0888666\"}", "case_field_landline", "/form/contact.landline"},
        {"{\"address.postcode\":\"26607\"}", "case_field_postcode", "/form/address.postcode"},
        {"{\"legal_rep.id_number\":\"370202199003071234\"}", NULL, "/form/legal_rep.id_number"},
        {"{\"address.region\":\"379999\"}", NULL, "/form/address.region"},
        {"{\"pet.name\":\"旺财\"}", "case_field_unknown", "/form/pet.name"},
    };
    yw_item_view v;
    if (yw_catalog_get(&op, "QD-SCJG-XK-0001", 0, &v) < 0) fail_msg("item: %s", err.message);
    const yw_item_field **item_fields = yw_arena_calloc(&a, (size_t)v.item.nfields + 1, sizeof *item_fields);
    for (int i = 0; i < v.item.nfields; i++) item_fields[i] = &v.item.fields[i];
    json_t *good = json_loads(fill_form(&a, item_fields, v.item.nfields), 0, NULL), *checked = json_deep_copy(good);
    assert_int_equal(yw_case_form_check(&op, item_fields, v.item.nfields, checked), 0);
    /* an amount in 元 is kept as integer fen; the other values as given */
    assert_int_equal(json_integer_value(json_object_get(checked, "entity.capital")), 500050);
    assert_string_equal(json_string_value(json_object_get(checked, "contact.landline")), "0532-88886666");
    json_decref(checked);
    for (size_t i = 0; i < sizeof bad_forms / sizeof bad_forms[0]; i++) {
        json_t *form = json_deep_copy(good), *patch = json_loads(bad_forms[i][0], 0, NULL);
        if (json_object_size(patch) == 0) json_object_clear(form);
        json_object_update(form, patch);
        assert_int_equal(yw_case_form_check(&op, item_fields, v.item.nfields, form), -1);
        if (bad_forms[i][1]) refused_with(&err, bad_forms[i][1]);
        if (bad_forms[i][2]) assert_string_equal(err.field, bad_forms[i][2]);
        json_decref(form);
        json_decref(patch);
    }
    /* a long name: characters, not bytes, are counted (50 allowed: 40 Chinese characters pass) */
    json_object_set_new(good, "legal_rep.name", json_string("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"));
    checked = json_deep_copy(good); /* the check keeps the capital in fen: the next one starts again from 元 */
    assert_int_equal(yw_case_form_check(&op, item_fields, v.item.nfields, checked), 0);
    json_decref(checked);
    json_object_set_new(good, "legal_rep.name",
                        json_string("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
                                    "一二三四五六七八九十一"));
    assert_int_equal(yw_case_form_check(&op, item_fields, v.item.nfields, good), -1);
    refused_with(&err, "case_field_too_long");
    json_decref(good);
    /* a date: from 1900 to the end of the tenth year after this one (2035 on 28 September 2025) */
    const yw_item_field date = {.key = "child.birth_date", .label = "出生日期", .type = "date", .required = true};
    const yw_item_field *dates[] = {&date};
    const char *taken[] = {"1900-01-01", "2025-09-28", "2035-12-31"}, *refused[] = {"1899-12-31", "2036-01-01", "2999-01-01"};
    as(&op, &x.person, sep28);
    for (int i = 0; i < 3; i++) {
        json_t *form = json_pack("{ss}", "child.birth_date", taken[i]);
        assert_int_equal(yw_case_form_check(&op, dates, 1, form), 0);
        json_decref(form);
        form = json_pack("{ss}", "child.birth_date", refused[i]);
        assert_int_equal(yw_case_form_check(&op, dates, 1, form), -1);
        refused_with(&err, "case_field_date_range");
        assert_string_equal(err.field, "/form/child.birth_date");
        assert_string_equal(err.message, "“出生日期”应在1900-01-01至2035-12-31之间");
        json_decref(form);
    }
    yw_arena_reset(&a);
}

/* Whether bundle_completed pledges for all investors (全体投资人承诺书, the material 简易注销 asks). */
static bool pledge_simple;

/* Submits bundle `code` as the enterprise with entity.uscc = uscc and the new name, accepts it
 * and approves every review task: the completed case. */
static void bundle_completed(yw_store *s, yw_arena *a, const actors *x, const char *code, const char *uscc,
                             const char *name, int64_t day, yw_case *c) {
    yw_err err;
    yw_op op = yw_op_make(s, a, &yw_actor_system, &err);
    yw_bundle_form f;
    json_t *answers = json_loads("{\"has_employees\":false}", 0, NULL);
    if (strcmp(code, "YJS-QYZX") == 0) json_object_clear(answers);
    if (yw_bundle_form_for(as(&op, &x->enterprise, day), code, answers, &f) < 0) fail_msg("form: %s", err.message);
    char *answers_text = json_dumps(answers, JSON_COMPACT);
    json_decref(answers);
    const yw_item_field **fields = yw_arena_calloc(a, (size_t)f.nfields + 1, sizeof *fields);
    for (int i = 0; i < f.nfields; i++) fields[i] = &f.fields[i].field;
    json_t *form = json_loads(fill_form(a, fields, f.nfields), 0, NULL);
    json_object_set_new(form, "entity.uscc", json_string(uscc));
    json_object_set_new(form, "entity.name", json_string(name));
    char *form_text = json_dumps(form, JSON_COMPACT);
    json_decref(form);
    yw_case_submit_in in = {.bundle = code, .answers = yw_arena_strdup(a, answers_text),
                            .form = yw_arena_strdup(a, form_text)};
    free(answers_text);
    free(form_text);
    const yw_item_material **asked = yw_arena_calloc(a, (size_t)f.nmaterials + 1, sizeof *asked);
    for (int i = 0; i < f.nmaterials; i++) asked[i] = &f.materials[i].material;
    in.materials = provide_materials(s, a, &x->enterprise, asked, f.nmaterials, &in.nmaterials);
    if (pledge_simple) {
        yw_case_material *more = yw_arena_calloc(a, (size_t)in.nmaterials + 1, sizeof *more);
        memcpy(more, in.materials, (size_t)in.nmaterials * sizeof *more);
        more[in.nmaterials++] = (yw_case_material){.name = "全体投资人承诺书", .provided_as = "pledge"};
        in.materials = more;
    }
    for (int i = 0; i < in.nmaterials; i++) /* handed in now: nothing owed at the end */
        if (strcmp(in.materials[i].provided_as, "deferred") == 0) fail_msg("a deferred material in %s", code);
    if (TEST_WRITE(s, yw_case_submit(as(&op, &x->enterprise, day), &in, c)) < 0) fail_msg("submit: %s", err.message);
    yw_case_accept_in acc = {.case_id = yw_arena_strdup(a, c->id)};
    if (TEST_WRITE(s, yw_case_accept(as(&op, &x->clerk, day), &acc, c)) < 0) fail_msg("accept: %s", err.message);
    int n = c->ntasks;
    const char **ids = yw_arena_calloc(a, (size_t)n + 1, sizeof *ids), **depts = yw_arena_calloc(a, (size_t)n + 1, sizeof *depts);
    int kinds[64];
    for (int i = 0; i < n && i < 64; i++) {
        ids[i] = yw_arena_strdup(a, c->tasks[i].id);
        depts[i] = yw_arena_strdup(a, c->tasks[i].department_id);
        kinds[i] = c->tasks[i].kind;
    }
    for (int i = 0; i < n && i < 64; i++) {
        if (kinds[i] != YW_TASK_REVIEW) continue;
        yw_actor officer = x->officer;
        officer.department_id = depts[i];
        yw_case_act_in ok = {.id = ids[i]};
        if (TEST_WRITE(s, yw_task_approve(as(&op, &officer, day), &ok, c)) < 0) fail_msg("approve: %s", err.message);
    }
    assert_int_equal(c->state, YW_CASE_COMPLETED);
}

/* The last event's note of a case. */
static const char *last_note(const yw_case *c) { return c->nevents ? c->events[c->nevents - 1].note : NULL; }

static void bundles_act_on_the_registry(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    actors x;
    setup_actors(s, &a, &x);
    yw_err err;
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    int nb, created, unchanged;
    if (TEST_WRITE(s, yw_bundle_demo_load(&op, &nb, &created, &unchanged)) < 0) fail_msg("bundles: %s", err.message);
    int64_t day = at(2026, 3, 2);
    const char *uscc = test_uscc(&a, 4242);
    yw_entity e = {.uscc = uscc, .name = "青岛海川数字科技有限公司", .kind = YW_ENTITY_COMPANY, .legal_rep = "张三",
                   .capital_fen = 500000000, .industry = "6513", .region = "370202", .established_on = "2019-05-20",
                   .scale = YW_SCALE_SMALL, .employees = 35, .credit = YW_CREDIT_A};
    if (TEST_WRITE(s, yw_entity_register(as(&op, &yw_actor_system, day), &e, NULL)) < 0) fail_msg("register: %s", err.message);

    /* 企业信息变更 completed: the registry's name is the form's, with its history row */
    yw_case c;
    bundle_completed(s, &a, &x, "YJS-QYBG", uscc, "青岛海川智能科技有限公司", day, &c);
    assert_non_null(strstr(last_note(&c), "已变更"));
    yw_entity now;
    assert_int_equal(yw_entity_get(as(&op, &yw_actor_system, day), uscc, &now), 0);
    assert_string_equal(now.name, "青岛海川智能科技有限公司");
    assert_int_equal(now.status, YW_ENTITY_ACTIVE);

    /* a USCC the registry does not hold: the case completes, the note says why nothing changed */
    const char *unknown = test_uscc(&a, 4243);
    bundle_completed(s, &a, &x, "YJS-QYBG", unknown, "青岛某某有限公司", day, &c);
    assert_non_null(strstr(last_note(&c), "未更新"));

    /* 企业注销登记 completed: deregistered; a second one completes with the registry's refusal */
    bundle_completed(s, &a, &x, "YJS-QYZX", uscc, "青岛海川智能科技有限公司", day, &c);
    assert_non_null(strstr(last_note(&c), "已注销"));
    assert_int_equal(yw_entity_get(as(&op, &yw_actor_system, day), uscc, &now), 0);
    assert_int_equal(now.status, YW_ENTITY_DEREGISTERED);
    bundle_completed(s, &a, &x, "YJS-QYZX", uscc, "青岛海川智能科技有限公司", day, &c);
    assert_non_null(strstr(last_note(&c), "未更新"));

    /* with all investors' pledge: 简易注销, said as the notice it is, never as 已注销 */
    const char *other = test_uscc(&a, 4244);
    e.uscc = other;
    if (TEST_WRITE(s, yw_entity_register(as(&op, &yw_actor_system, day), &e, NULL)) < 0) fail_msg("register: %s", err.message);
    pledge_simple = true;
    bundle_completed(s, &a, &x, "YJS-QYZX", other, "青岛海川数字科技有限公司", day, &c);
    pledge_simple = false;
    assert_non_null(strstr(last_note(&c), "简易注销公告已发布，公告期至2026-03-22（20天）；期满无异议后方可完成注销"));
    assert_null(strstr(last_note(&c), "已注销"));
    assert_int_equal(yw_entity_get(as(&op, &yw_actor_system, day), other, &now), 0);
    assert_int_equal(now.status, YW_ENTITY_DEREGISTERING);
    yw_arena_reset(&a);
}

/* The material of that name in a case (read back). */
static const yw_case_material *material_named(const yw_case *c, const char *name) {
    for (int i = 0; i < c->nmaterials; i++)
        if (strcmp(c->materials[i].name, name) == 0) return &c->materials[i];
    fail_msg("no material %s", name);
    return NULL;
}

/* 免提交: the enterprise's 营业执照 stands in for the material of that name; a stranger's, one of
 * another type, a revoked one or none at all is refused naming the material and changes nothing;
 * a licence revoked after submission shows so when the case is read, and the decision still
 * goes through; the figures count the reuse. */
static void certificates_stand_in_for_materials(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    actors x;
    setup_actors(s, &a, &x);
    yw_err err;
    yw_op op = yw_op_make(s, &a, NULL, &err);
    int64_t now = at(2026, 12, 1);
    yw_actor admin = x.admin;
    admin.roles = YW_ROLE_ADMIN;
    int issued;
    /* the demo's: the enterprise's 营业执照, the person's 居民身份证 */
    if (TEST_WRITE(s, yw_cert_demo_load(as(&op, &admin, now), &issued)) < 0) fail_msg("demo certs: %s", err.message);
    assert_int_equal(issued, 2);
    yw_cert *mine;
    int n;
    yw_cert_owner ent = {x.enterprise.account_id, NULL}, person = {x.person.account_id, NULL};
    if (TEST_WRITE(s, yw_cert_reusable(as(&op, &x.enterprise, now), &ent, &mine, &n)) < 0) fail_msg("%s", err.message);
    assert_int_equal(n, 1);
    assert_string_equal(mine[0].type_name, "营业执照");
    const char *licence = yw_arena_strdup(&a, mine[0].id), *licence_identifier = yw_arena_strdup(&a, mine[0].identifier);
    if (TEST_WRITE(s, yw_cert_reusable(as(&op, &x.person, now), &person, &mine, &n)) < 0) fail_msg("%s", err.message);
    assert_int_equal(n, 1);
    const char *id_card = yw_arena_strdup(&a, mine[0].id);
    /* a person may not ask for the enterprise's; a clerk may, and the reading is logged */
    assert_int_equal(TEST_WRITE(s, yw_cert_reusable(as(&op, &x.person, now), &ent, &mine, &n)), -1);
    refused_with(&err, "case_on_behalf_clerk_only");
    if (TEST_WRITE(s, yw_cert_reusable(as(&op, &x.clerk, now), &ent, &mine, &n)) < 0) fail_msg("%s", err.message);
    assert_int_equal(n, 1);
    assert_int_equal(test_count(s, "SELECT count(*) FROM cert_reads WHERE purpose = 'behalf'"), 1);
    /* a stranger's licence: another enterprise's, issued to no account of the demo */
    const char *base = "http://localhost";
    yw_cert_issue_in other_in = {.type = "营业执照", .holder_id = test_uscc(&a, 5151), .holder_name = "青岛他人商贸有限公司",
                                 .base_url = base, .reason = "单元测试"};
    yw_cert other;
    if (TEST_WRITE(s, yw_cert_issue(as(&op, &admin, now), &other_in, &other)) < 0) fail_msg("issue: %s", err.message);

    /* 特种设备使用登记: 营业执照 is its second material (/materials/1) */
    yw_case_submit_in in = item_case(s, &a, &x.enterprise, "QD-SCJG-XK-0007");
    assert_string_equal(in.materials[1].name, "营业执照");
    yw_case_material *m = (yw_case_material *)in.materials;
    yw_case c;
    struct {
        const char *named, *reason;
    } refused[] = {{other.id, "cert_reuse_not_holder"},        /* a stranger's */
                   {other.identifier, "cert_reuse_not_holder"}, /* by its identifier alike */
                   {id_card, "cert_reuse_not_holder"},          /* the person's card: not the enterprise's */
                   {"1.2.156.3005.2.NO.SUCH", "cert_reuse_unknown"}};
    m[1] = (yw_case_material){.name = "营业执照", .provided_as = "certificate"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        m[1].certificate = refused[i].named;
        assert_int_equal(TEST_WRITE(s, yw_case_submit(as(&op, &x.enterprise, now), &in, &c)), -1);
        refused_with(&err, refused[i].reason);
        assert_string_equal(err.field, "/materials/1");
    }
    /* a certificate named for an upload */
    m[1] = (yw_case_material){.name = "营业执照", .provided_as = "upload", .upload = m[0].upload, .certificate = licence};
    assert_int_equal(TEST_WRITE(s, yw_case_submit(as(&op, &x.enterprise, now), &in, &c)), -1);
    refused_with(&err, "cert_reuse_only_certificate");
    assert_string_equal(err.field, "/materials/1/certificate");
    /* the person holds no licence; their ID card is of another type */
    yw_case_submit_in theirs = item_case(s, &a, &x.person, "QD-SCJG-XK-0007");
    yw_case_material *pm = (yw_case_material *)theirs.materials;
    pm[1] = (yw_case_material){.name = "营业执照", .provided_as = "certificate"};
    assert_int_equal(TEST_WRITE(s, yw_case_submit(as(&op, &x.person, now), &theirs, &c)), -1);
    refused_with(&err, "cert_reuse_none");
    assert_string_equal(err.field, "/materials/1");
    assert_string_equal(err.message, "申请人没有有效的电子证照“营业执照”，请用其他方式提交此材料");
    pm[1].certificate = id_card;
    assert_int_equal(TEST_WRITE(s, yw_case_submit(as(&op, &x.person, now), &theirs, &c)), -1);
    refused_with(&err, "cert_reuse_type");
    /* the form names another enterprise: the account's own licence is not that one's */
    json_t *form = json_loads(in.form, 0, NULL);
    json_object_set_new(form, "entity.uscc", json_string(other.holder_id));
    char *dumped = json_dumps(form, JSON_COMPACT);
    json_decref(form);
    yw_case_submit_in elsewhere = in;
    elsewhere.form = yw_arena_strdup(&a, dumped);
    free(dumped);
    m[1] = (yw_case_material){.name = "营业执照", .provided_as = "certificate"};
    assert_int_equal(TEST_WRITE(s, yw_case_submit(as(&op, &x.enterprise, now), &elsewhere, &c)), -1);
    refused_with(&err, "cert_reuse_none");
    m[1].certificate = licence;
    assert_int_equal(TEST_WRITE(s, yw_case_submit(as(&op, &x.enterprise, now), &elsewhere, &c)), -1);
    refused_with(&err, "cert_reuse_not_holder");
    assert_int_equal(test_count(s, "SELECT count(*) FROM cases"), 0);

    /* reused: by its identifier, and with nothing named (the latest valid one of the type) */
    m[1].certificate = licence_identifier;
    if (TEST_WRITE(s, yw_case_submit(as(&op, &x.enterprise, now), &in, &c)) < 0) fail_msg("submit: %s", err.message);
    const yw_case_material *got = material_named(&c, "营业执照");
    assert_string_equal(got->provided_as, "certificate");
    assert_string_equal(got->certificate, licence);
    assert_null(got->upload);
    assert_string_equal(got->certificate_type, "营业执照");
    assert_string_equal(got->certificate_status, "valid");
    const char *first = yw_arena_strdup(&a, c.id);
    m[1].certificate = NULL;
    if (TEST_WRITE(s, yw_case_submit(as(&op, &x.enterprise, now), &in, &c)) < 0) fail_msg("submit: %s", err.message);
    assert_string_equal(material_named(&c, "营业执照")->certificate, licence);
    assert_int_equal(test_count(s, "SELECT count(*) FROM case_materials WHERE provided_as = 'certificate'"
                                   " AND certificate_id IS NOT NULL AND upload_sha256 IS NULL"),
                     2);

    /* accepted; then the licence is revoked before the decision: the case says so on read */
    yw_case_accept_in acc = {.case_id = first};
    if (TEST_WRITE(s, yw_case_accept(as(&op, &x.clerk, now), &acc, &c)) < 0) fail_msg("accept: %s", err.message);
    const char *task = yw_arena_strdup(&a, task_of(&c, YW_TASK_REVIEW)->id);
    yw_cert_act_in revoke = {.id = licence, .reason = "单元测试：吊销营业执照", .base_url = base};
    yw_cert out;
    if (TEST_WRITE(s, yw_cert_revoke(as(&op, &admin, now), &revoke, &out)) < 0) fail_msg("revoke: %s", err.message);
    if (yw_case_get(as(&op, &x.officer, now + 3600000), first, &c) < 0) fail_msg("get: %s", err.message);
    assert_string_equal(material_named(&c, "营业执照")->certificate_status, "revoked");
    /* no longer reusable */
    m[1].certificate = licence;
    assert_int_equal(TEST_WRITE(s, yw_case_submit(as(&op, &x.enterprise, now), &in, &c)), -1);
    refused_with(&err, "cert_reuse_not_valid");
    assert_string_equal(err.field, "/materials/1");
    assert_non_null(strstr(err.message, "已撤销"));
    m[1].certificate = NULL;
    assert_int_equal(TEST_WRITE(s, yw_case_submit(as(&op, &x.enterprise, now), &in, &c)), -1);
    refused_with(&err, "cert_reuse_none");
    /* the officer still decides: the page warns, the domain does not refuse */
    yw_case_act_in ok = {.id = task};
    if (TEST_WRITE(s, yw_task_approve(as(&op, &x.officer, now + 3600000), &ok, &c)) < 0) fail_msg("approve: %s", err.message);
    assert_int_equal(c.state, YW_CASE_COMPLETED);

    /* the figures: two cases of the item, each with one material a certificate stood in for */
    yw_case_figures *f;
    int nf;
    assert_int_equal(yw_case_figures_list(as(&op, &yw_actor_system, now), false, &f, &nf), 0);
    int found = 0;
    for (int i = 0; i < nf; i++)
        if (strcmp(f[i].code, "QD-SCJG-XK-0007") == 0) {
            found++;
            assert_int_equal(f[i].cases, 2);
            assert_int_equal(f[i].materials_provided, 8);
            assert_int_equal(f[i].materials_reused, 2);
        }
    assert_int_equal(found, 1);
    yw_arena_reset(&a);
}

/* The demo's case of the enterprise whose 营业执照 is its electronic licence (免提交). */
static void the_demo_reuses_its_licence(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    actors x;
    setup_actors(s, &a, &x);
    yw_err err;
    yw_op op = yw_op_make(s, &a, NULL, &err);
    yw_actor admin = x.admin;
    admin.roles = YW_ROLE_ADMIN;
    int issued, added;
    if (TEST_WRITE(s, yw_cert_demo_load(as(&op, &admin, yw_now_ms()), &issued)) < 0) fail_msg("certs: %s", err.message);
    if (TEST_WRITE(s, yw_case_demo_load(as(&op, &admin, yw_now_ms()), &added)) < 0) fail_msg("cases: %s", err.message);
    assert_int_equal(added, 8);
    assert_int_equal(test_count(s, "SELECT count(*) FROM case_materials m JOIN cases c ON c.id = m.case_id"
                                   " JOIN certificates ce ON ce.id = m.certificate_id"
                                   " WHERE m.name = '营业执照' AND m.provided_as = 'certificate'"
                                   " AND c.item_code = 'QD-SCJG-XK-0007' AND c.state = 'in_progress'"
                                   " AND ce.holder_id = '91370202MA3CXK7TXN'"),
                     1);
    yw_arena_reset(&a);
}

int main(void) {
    test_init_sodium();
    const struct CMUnitTest tests[] = {
        BOTH(food_licence_across_national_day),
        BOTH(refusal_withdrawal_and_rejection),
        BOTH(staged_bundle_and_form_checks),
        BOTH(bundles_act_on_the_registry),
        BOTH(certificates_stand_in_for_materials),
        BOTH(the_demo_reuses_its_licence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
