/* 好差评 (domain/review): ratings of decided cases on both channels and their refusals, one rating
 * per case and channel, the rectification a 差评 opens (its deadline in working days by the city's
 * setting, its colours on read, each step and who may take it), 回访, the appeal and the
 * supervisor's decision (an upheld appeal excludes the rating and keeps it), the figures and
 * their rates, and an audit entry for every change. On both stores, with the clock injected
 * through op.now_ms. */
#include "domain/core/demo.h"
#include "testutil.h"
#include "testcase.h"

#include "domain/case/case.h"
#include "domain/catalog/catalog.h"
#include "domain/review/review.h"

typedef int (*decide_fn)(yw_op *, const yw_case_act_in *, yw_case *);

/* A case of `applicant` for QD-SCJG-XK-0004 (市场监管局), accepted and decided on `day`; left
 * in progress when decide is NULL. Its id in the arena. */
static const char *decided_case(yw_store *s, yw_op *op, const actors *x, const yw_actor *applicant, int64_t day,
                                decide_fn decide) {
    yw_case c;
    yw_case_submit_in in = item_case(s, op->arena, applicant, "QD-SCJG-XK-0004");
    if (TEST_WRITE(s, yw_case_submit(as(op, applicant, day), &in, &c)) < 0) fail_msg("submit: %s", op->err->message);
    yw_case_accept_in acc = {.case_id = c.id};
    if (TEST_WRITE(s, yw_case_accept(as(op, &x->clerk, day), &acc, &c)) < 0) fail_msg("accept: %s", op->err->message);
    if (decide) {
        yw_case_act_in act = {.id = c.tasks[0].id, .reason = "不符合条件"};
        if (TEST_WRITE(s, decide(as(op, &x->officer, day), &act, &c)) < 0) fail_msg("decide: %s", op->err->message);
    }
    return yw_arena_strdup(op->arena, c.id);
}

static const yw_rating_aspect_in bad_online[] = {{"overall", "very_dissatisfied"}, {"efficiency", "dissatisfied"}};

static void rating_and_rectification(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    actors x;
    setup_actors(s, &a, &x);
    yw_err err;
    yw_op op = yw_op_make(s, &a, NULL, &err);
    int64_t nov3 = at(2025, 11, 3); /* a Monday */
    yw_rating r;

    /* a case still in progress cannot be rated */
    const char *open = decided_case(s, &op, &x, &x.person, nov3, NULL);
    yw_rating_in in = {.case_id = open, .channel = "online", .aspects = bad_online, .naspects = 2};
    assert_int_equal(TEST_WRITE(s, yw_rating_create(as(&op, &x.person, nov3), &in, &r)), -1);
    refused_with(&err, "rating_case_not_decided");

    const char *id = decided_case(s, &op, &x, &x.person, nov3, yw_task_approve);
    in.case_id = id;
    /* refusals: role, someone else's case, channel, aspects, levels, tags */
    assert_int_equal(TEST_WRITE(s, yw_rating_create(as(&op, &x.officer, nov3), &in, &r)), -1);
    refused_with(&err, "role_required");
    assert_int_equal(TEST_WRITE(s, yw_rating_create(as(&op, &x.enterprise, nov3), &in, &r)), -1);
    refused_with(&err, "case_not_yours");
    yw_rating_in bad = in;
    bad.channel = "phone";
    assert_int_equal(TEST_WRITE(s, yw_rating_create(as(&op, &x.person, nov3), &bad, &r)), -1);
    refused_with(&err, "field_value");
    const yw_rating_aspect_in window_only[] = {{"overall", "satisfied"}, {"attitude", "satisfied"}};
    bad = in;
    bad.aspects = window_only;
    assert_int_equal(TEST_WRITE(s, yw_rating_create(as(&op, &x.person, nov3), &bad, &r)), -1);
    refused_with(&err, "rating_aspect_unknown");
    assert_string_equal(err.field, "/aspects/attitude");
    const yw_rating_aspect_in no_overall[] = {{"efficiency", "satisfied"}};
    bad.aspects = no_overall;
    bad.naspects = 1;
    assert_int_equal(TEST_WRITE(s, yw_rating_create(as(&op, &x.person, nov3), &bad, &r)), -1);
    refused_with(&err, "rating_overall_required");
    const yw_rating_aspect_in wrong_level[] = {{"overall", "good"}};
    bad.aspects = wrong_level;
    assert_int_equal(TEST_WRITE(s, yw_rating_create(as(&op, &x.person, nov3), &bad, &r)), -1);
    refused_with(&err, "rating_level");
    const char *const long_tag[] = {"一二三四五六七八九十一二三四五六七八九十一"};
    bad = in;
    bad.tags = long_tag;
    bad.ntags = 1;
    assert_int_equal(TEST_WRITE(s, yw_rating_create(as(&op, &x.person, nov3), &bad, &r)), -1);
    refused_with(&err, "field_too_long");
    assert_string_equal(err.field, "/tags/0");
    assert_int_equal(test_count(s, "SELECT count(*) FROM ratings"), 0);

    /* a 差评 online: its rectification is due 15 working days after the rating day */
    const char *const tags[] = {"办理慢"};
    in.tags = tags;
    in.ntags = 1;
    in.text = "太慢了";
    if (TEST_WRITE(s, yw_rating_create(as(&op, &x.person, nov3), &in, &r)) < 0) fail_msg("rate: %s", err.message);
    assert_int_equal(r.level, YW_LEVEL_VERY_DISSATISFIED);
    assert_int_equal(r.channel, YW_CHANNEL_ONLINE);
    assert_string_equal(r.aspects, "{\"overall\":\"very_dissatisfied\",\"efficiency\":\"dissatisfied\"}");
    assert_string_equal(r.tags, "[\"办理慢\"]");
    assert_string_equal(r.item_code, "QD-SCJG-XK-0004");
    assert_string_equal(r.department_code, "QD-SCJG");
    assert_null(r.clerk_id);
    assert_non_null(r.rectification);
    const char *rect = yw_arena_strdup(&a, r.rectification->id);
    assert_int_equal(r.rectification->state, YW_RECTIFY_VERIFYING);
    assert_string_equal(r.rectification->deadline, "2025-11-24");
    assert_int_equal(r.rectification->color, YW_COLOR_GREEN);
    /* one rating per case and channel */
    assert_int_equal(TEST_WRITE(s, yw_rating_create(as(&op, &x.person, nov3), &in, &r)), -1);
    refused_with(&err, "rating_exists");
    /* the window: the clerk who accepted; a good rating opens nothing */
    const yw_rating_aspect_in good_window[] = {{"overall", "satisfied"}, {"attitude", "very_satisfied"}};
    yw_rating_in win = {.case_id = id, .channel = "window", .aspects = good_window, .naspects = 2};
    if (TEST_WRITE(s, yw_rating_create(as(&op, &x.person, nov3), &win, &r)) < 0) fail_msg("window: %s", err.message);
    assert_string_equal(r.clerk_id, x.clerk.account_id);
    assert_null(r.rectification);
    assert_int_equal(test_count(s, "SELECT count(*) FROM rectifications"), 1);

    /* who reads */
    yw_rating *list;
    int n;
    assert_int_equal(yw_rating_list(as(&op, &x.person, nov3), id, &list, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(yw_rating_list(as(&op, &x.enterprise, nov3), id, &list, &n), -1);
    refused_with(&err, "case_not_visible");

    /* colours on read: yellow the working day before, red after */
    yw_rectification *rl, one;
    assert_int_equal(yw_rectification_list(as(&op, &x.officer, at(2025, 11, 21)), -1, &rl, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rl[0].color, YW_COLOR_YELLOW); /* Friday; due Monday */
    assert_int_equal(yw_rectification_list(as(&op, &x.supervisor, at(2025, 11, 25)), -1, &rl, &n), 0);
    assert_int_equal(rl[0].color, YW_COLOR_RED);
    assert_int_equal(yw_rectification_list(as(&op, &x.other_officer, nov3), -1, &rl, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(yw_rectification_list(as(&op, &x.person, nov3), -1, &rl, &n), -1);
    refused_with(&err, "role_required");

    /* the steps: officers of the department, in order, each with a note */
    yw_rectify_in step = {.id = rect};
    assert_int_equal(TEST_WRITE(s, yw_rectification_verify(as(&op, &x.officer, nov3), &step, &one)), -1);
    refused_with(&err, "field_required");
    step.note = "核实属实";
    assert_int_equal(TEST_WRITE(s, yw_rectification_verify(as(&op, &x.other_officer, nov3), &step, &one)), -1);
    refused_with(&err, "rectification_not_your_department");
    assert_int_equal(TEST_WRITE(s, yw_rectification_feedback(as(&op, &x.officer, nov3), &step, &one)), -1);
    refused_with(&err, "rectification_state");
    yw_rectify_in visit = {.id = rect, .result = "satisfied"};
    assert_int_equal(TEST_WRITE(s, yw_rectification_revisit(as(&op, &x.person, nov3), &visit, &one)), -1);
    refused_with(&err, "rectification_state");
    if (TEST_WRITE(s, yw_rectification_verify(as(&op, &x.officer, nov3), &step, &one)) < 0)
        fail_msg("verify: %s", err.message);
    assert_int_equal(one.state, YW_RECTIFY_RECTIFYING);
    step.note = "已整改并向申请人说明";
    if (TEST_WRITE(s, yw_rectification_feedback(as(&op, &x.officer, nov3), &step, &one)) < 0)
        fail_msg("feedback: %s", err.message);
    assert_int_equal(one.state, YW_RECTIFY_FEEDBACK);
    assert_int_equal(one.color, YW_COLOR_NONE);
    /* 回访: the applicant who rated */
    assert_int_equal(TEST_WRITE(s, yw_rectification_revisit(as(&op, &x.enterprise, nov3), &visit, &one)), -1);
    refused_with(&err, "rating_not_yours");
    visit.result = "so-so";
    assert_int_equal(TEST_WRITE(s, yw_rectification_revisit(as(&op, &x.person, nov3), &visit, &one)), -1);
    refused_with(&err, "field_value");
    visit.result = "unsatisfied";
    if (TEST_WRITE(s, yw_rectification_revisit(as(&op, &x.person, nov3), &visit, &one)) < 0)
        fail_msg("revisit: %s", err.message);
    assert_int_equal(one.state, YW_RECTIFY_REVISITED);
    assert_string_equal(one.revisit, "unsatisfied");
    assert_int_equal(one.nevents, 4);
    assert_string_equal(one.events[1].note, "核实属实");
    assert_int_equal(TEST_WRITE(s, yw_rectification_revisit(as(&op, &x.person, nov3), &visit, &one)), -1);
    refused_with(&err, "rectification_state");
    assert_int_equal(yw_rectification_get(as(&op, &x.person, nov3), rect, &one), 0);
    assert_int_equal(yw_rectification_get(as(&op, &x.other_officer, nov3), rect, &one), -1);
    refused_with(&err, "rectification_not_your_department");
    /* every change an audit entry */
    assert_int_equal(test_count(s, "SELECT count(*) FROM audit_log WHERE action LIKE 'rating.%'"), 2);
    assert_int_equal(test_count(s, "SELECT count(*) FROM audit_log WHERE action LIKE 'rectification.%'"), 4);
    yw_arena_reset(&a);
}

static void appeal_settings_and_figures(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    actors x;
    setup_actors(s, &a, &x);
    yw_err err;
    yw_op op = yw_op_make(s, &a, NULL, &err);
    int64_t nov3 = at(2025, 11, 3);
    yw_rating r;

    /* the city's setting: admins only, 1 to 60, for rectifications opened afterwards */
    yw_review_settings set = {.rectify_days = 5}, got;
    assert_int_equal(yw_review_settings_get(as(&op, &x.officer, nov3), &got), 0);
    assert_int_equal(got.rectify_days, 15);
    assert_int_equal(TEST_WRITE(s, yw_review_settings_set(as(&op, &x.supervisor, nov3), &set, &got)), -1);
    refused_with(&err, "role_required");
    yw_review_settings wrong = {.rectify_days = 61};
    assert_int_equal(TEST_WRITE(s, yw_review_settings_set(as(&op, &x.admin, nov3), &wrong, &got)), -1);
    refused_with(&err, "field_range");
    if (TEST_WRITE(s, yw_review_settings_set(as(&op, &x.admin, nov3), &set, &got)) < 0)
        fail_msg("set: %s", err.message);
    assert_int_equal(got.rectify_days, 5);

    /* three decided cases: two 差评 (one to be excluded), one 满意 */
    const char *rejected = decided_case(s, &op, &x, &x.person, nov3, yw_task_reject);
    const char *approved = decided_case(s, &op, &x, &x.enterprise, nov3, yw_task_approve);
    const char *another = decided_case(s, &op, &x, &x.person, nov3, yw_task_approve);
    yw_rating_in in = {.case_id = rejected, .channel = "online", .aspects = bad_online, .naspects = 2};
    if (TEST_WRITE(s, yw_rating_create(as(&op, &x.person, nov3), &in, &r)) < 0) fail_msg("rate: %s", err.message);
    const char *malicious = yw_arena_strdup(&a, r.id);
    assert_string_equal(r.rectification->deadline, "2025-11-10"); /* 5 working days */
    in.case_id = approved;
    if (TEST_WRITE(s, yw_rating_create(as(&op, &x.enterprise, nov3), &in, &r)) < 0) fail_msg("rate: %s", err.message);
    const char *real_rect = yw_arena_strdup(&a, r.rectification->id);
    const yw_rating_aspect_in good[] = {{"overall", "satisfied"}};
    yw_rating_in win = {.case_id = another, .channel = "window", .aspects = good, .naspects = 1};
    if (TEST_WRITE(s, yw_rating_create(as(&op, &x.person, nov3), &win, &r)) < 0) fail_msg("rate: %s", err.message);
    const char *satisfied = yw_arena_strdup(&a, r.id);

    /* 申诉复核: an officer of the department, with a reason, once, on a 差评 */
    yw_appeal_in ap = {.rating_id = malicious};
    assert_int_equal(TEST_WRITE(s, yw_rating_appeal_create(as(&op, &x.officer, nov3), &ap, &r)), -1);
    refused_with(&err, "field_required");
    ap.reason = "申请人对驳回结果不满，与服务无关";
    assert_int_equal(TEST_WRITE(s, yw_rating_appeal_create(as(&op, &x.other_officer, nov3), &ap, &r)), -1);
    refused_with(&err, "rating_not_your_department");
    yw_appeal_in on_good = {.rating_id = satisfied, .reason = "误评"};
    assert_int_equal(TEST_WRITE(s, yw_rating_appeal_create(as(&op, &x.officer, nov3), &on_good, &r)), -1);
    refused_with(&err, "appeal_not_bad");
    if (TEST_WRITE(s, yw_rating_appeal_create(as(&op, &x.officer, nov3), &ap, &r)) < 0)
        fail_msg("appeal: %s", err.message);
    assert_int_equal(r.appeal.state, YW_APPEAL_PENDING);
    assert_int_equal(TEST_WRITE(s, yw_rating_appeal_create(as(&op, &x.officer, nov3), &ap, &r)), -1);
    refused_with(&err, "appeal_exists");
    yw_rating *list;
    int n;
    assert_int_equal(yw_rating_appeals(as(&op, &x.supervisor, nov3), YW_APPEAL_PENDING, &list, &n), 0);
    assert_int_equal(n, 1);
    /* the supervisor decides once; upheld excludes the rating, which stays */
    ap.decision = "upheld";
    assert_int_equal(TEST_WRITE(s, yw_rating_appeal_decide(as(&op, &x.officer, nov3), &ap, &r)), -1);
    refused_with(&err, "role_required");
    if (TEST_WRITE(s, yw_rating_appeal_decide(as(&op, &x.supervisor, nov3), &ap, &r)) < 0)
        fail_msg("decide: %s", err.message);
    assert_int_equal(r.appeal.state, YW_APPEAL_UPHELD);
    assert_true(r.excluded);
    assert_int_equal(r.rectification->color, YW_COLOR_NONE);
    ap.decision = "dismissed";
    assert_int_equal(TEST_WRITE(s, yw_rating_appeal_decide(as(&op, &x.supervisor, nov3), &ap, &r)), -1);
    refused_with(&err, "appeal_not_pending");
    assert_int_equal(test_count(s, "SELECT count(*) FROM ratings"), 3);

    /* the real 差评 rectified through feedback, not yet revisited */
    yw_rectification one;
    yw_rectify_in step = {.id = real_rect, .note = "核实"};
    if (TEST_WRITE(s, yw_rectification_verify(as(&op, &x.officer, nov3), &step, &one)) < 0 ||
        TEST_WRITE(s, yw_rectification_feedback(as(&op, &x.officer, nov3), &step, &one)) < 0)
        fail_msg("steps: %s", err.message);

    /* the figures: the excluded rating counted apart; 整改率 1/1, 回访率 0/1 */
    yw_rating_stats_row *rows;
    assert_int_equal(yw_rating_stats(as(&op, &x.supervisor, nov3), YW_STATS_BY_DEPARTMENT, &rows, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].key, "QD-SCJG");
    assert_int_equal(rows[0].levels[YW_LEVEL_VERY_DISSATISFIED], 1);
    assert_int_equal(rows[0].levels[YW_LEVEL_SATISFIED], 1);
    assert_int_equal(rows[0].total, 2);
    assert_int_equal(rows[0].bad, 1);
    assert_int_equal(rows[0].excluded, 1);
    assert_true(rows[0].rectify_rate == 1.0);
    assert_true(rows[0].revisit_rate == 0.0);
    assert_int_equal(yw_rating_stats(as(&op, &x.supervisor, nov3), YW_STATS_BY_CLERK, &rows, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].key, "clerk");
    assert_int_equal(rows[0].total, 1);
    assert_true(rows[0].rectify_rate < 0); /* nothing to divide by */
    assert_int_equal(yw_rating_stats(as(&op, &x.officer, nov3), YW_STATS_BY_ITEM, &rows, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].total + rows[0].excluded, 3);
    assert_int_equal(yw_rating_stats(as(&op, &x.other_officer, nov3), YW_STATS_BY_ITEM, &rows, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(yw_rating_stats(as(&op, &x.clerk, nov3), YW_STATS_BY_ITEM, &rows, &n), -1);
    refused_with(&err, "role_required");
    /* the tables both ways */
    assert_int_equal(yw_enum_from_text(yw_rating_levels, "basic"), YW_LEVEL_BASIC);
    assert_string_equal(yw_enum_to_text(yw_rectify_states, YW_RECTIFY_REVISITED), "revisited");
    assert_int_equal(test_count(s, "SELECT count(*) FROM audit_log WHERE action = 'review.settings'"), 1);
    assert_int_equal(test_count(s, "SELECT count(*) FROM audit_log WHERE action LIKE 'rating.appeal%'"), 2);
    yw_arena_reset(&a);
}

int main(void) {
    test_init_sodium();
    const struct CMUnitTest tests[] = {
        BOTH(rating_and_rectification),
        BOTH(appeal_settings_and_figures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
