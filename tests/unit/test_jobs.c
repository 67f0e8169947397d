/* Jobs on both stores: who may start them, the lease that lets exactly one runner take a job,
 * progress under the lease, a lease that ran out taken over (and the old holder shut out), a job
 * given up after its attempts, and the results. */
#include "domain/core/demo.h"
#include "testutil.h"

#include "jobs/jobs.h"

static void set_lease(yw_store *s, const char *id, int64_t until_ms) {
    yw_err err;
    char until[24];
    snprintf(until, sizeof until, "%lld", (long long)until_ms);
    if (yw_store_exec(s, "UPDATE jobs SET lease_until_ms = $2 WHERE id = $1", YW_ARGS(id, until), NULL, &err) < 0)
        fail_msg("%s", err.message);
}

static void submitting_checks_role_and_input(void **state) {
    yw_store *s = *state;
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
    yw_op op = yw_op_make(s, &a, NULL, &err);
    yw_actor clerk = {.account_id = "c", .kind = "staff", .roles = YW_ROLE_CLERK};
    yw_job_info j;
    assert_int_equal(TEST_WRITE(s, yw_job_submit(test_as(&op, &clerk), &(yw_job_new){"audit.verify", "{}"}, &j)), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    assert_int_equal(TEST_WRITE(s, yw_job_submit(test_as(&op, &yw_actor_system), &(yw_job_new){"frobnicate", "{}"}, &j)), -1);
    assert_string_equal(err.field, "kind");
    assert_string_equal(err.reason, "job_kind_unknown");
    assert_string_equal(err.message, "没有“frobnicate”这种任务");
    assert_string_equal(err.message_en, "no job of kind frobnicate");
    assert_int_equal(TEST_WRITE(s, yw_job_submit(test_as(&op, &yw_actor_system), &(yw_job_new){"audit.verify", "[1]"}, &j)), -1);
    assert_string_equal(err.field, "args");
    assert_string_equal(err.reason, "job_args_not_object");
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM jobs"), 0);
    assert_int_equal(TEST_WRITE(s, yw_job_submit(test_as(&op, &yw_actor_system), &(yw_job_new){"audit.verify", "{}"}, &j)), 0);
    assert_string_equal(j.state, "queued");
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'job.submit'"), 1);
    yw_arena_reset(&a);
}

static void one_runner_takes_a_job_and_a_dead_ones_lease_is_taken_over(void **state) {
    yw_store *s = *state;
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    yw_job_info j;
    assert_int_equal(TEST_WRITE(s, yw_job_submit(&op, &(yw_job_new){"audit.verify", "{}"}, &j)), 0);
    /* pretend server A took it and is still alive: B finds nothing to do */
    assert_int_equal(yw_store_exec(s, "UPDATE jobs SET state = 'running', lease_owner = 'A/1', attempts = 1", YW_NOARGS,
                                   NULL, &err),
                     0);
    set_lease(s, j.id, yw_now_ms() + 60000);
    bool ran = true;
    assert_int_equal(yw_jobs_run_one(s, "B", &ran, &err), 0);
    assert_false(ran);
    /* A died: its lease ran out, and B takes the job over and finishes it */
    set_lease(s, j.id, yw_now_ms() - 1);
    assert_int_equal(yw_jobs_run_one(s, "B", &ran, &err), 0);
    assert_true(ran);
    assert_int_equal(yw_job_get(test_as(&op, &yw_actor_system), j.id, &j), 0);
    assert_string_equal(j.state, "done");
    assert_int_equal(j.attempts, 2);
    assert_int_equal(j.progress_done, j.progress_total);
    assert_true(j.progress_total > 30);
    assert_non_null(strstr(j.result_json, "\"intact\":true"));
    /* A, back, cannot write under the lease it lost */
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM jobs WHERE lease_owner = 'A/1'"), 0);
    /* nothing left to run */
    assert_int_equal(yw_jobs_run_one(s, "B", &ran, &err), 0);
    assert_false(ran);
    yw_arena_reset(&a);
}

static void a_job_whose_servers_keep_dying_is_given_up(void **state) {
    yw_store *s = *state;
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    yw_job_info j;
    assert_int_equal(TEST_WRITE(s, yw_job_submit(&op, &(yw_job_new){"audit.verify", "{}"}, &j)), 0);
    assert_int_equal(yw_store_exec(s, "UPDATE jobs SET state = 'running', lease_owner = 'X/1', attempts = 3,"
                                      " lease_until_ms = 1",
                                   YW_NOARGS, NULL, &err),
                     0);
    bool ran;
    assert_int_equal(yw_jobs_run_one(s, "B", &ran, &err), 0);
    assert_true(ran);
    assert_int_equal(yw_job_get(&op, j.id, &j), 0);
    assert_string_equal(j.state, "failed");
    assert_non_null(strstr(j.error, "已放弃"));
    assert_non_null(strstr(j.error_en, "gave up after 3 attempts"));
    yw_arena_reset(&a);
}

static void a_broken_chain_is_the_jobs_result(void **state) {
    yw_store *s = *state;
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    assert_int_equal(yw_store_exec(s, "UPDATE audit_log SET action = 'forged' WHERE seq = 3", YW_NOARGS, NULL, &err), 0);
    yw_job_info j;
    assert_int_equal(TEST_WRITE(s, yw_job_submit(&op, &(yw_job_new){"audit.verify", "{}"}, &j)), 0);
    bool ran;
    assert_int_equal(yw_jobs_run_one(s, "B", &ran, &err), 0);
    assert_int_equal(yw_job_get(&op, j.id, &j), 0);
    assert_string_equal(j.state, "done");
    assert_non_null(strstr(j.result_json, "\"intact\":false"));
    assert_non_null(strstr(j.result_json, "\"broken_seq\":3"));
    /* a staff member reads only the jobs they started */
    yw_actor officer = {.account_id = "o", .kind = "staff", .roles = YW_ROLE_OFFICER};
    assert_int_equal(yw_job_get(test_as(&op, &officer), j.id, &j), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    assert_string_equal(err.reason, "job_read_forbidden");
    yw_job_info *list;
    int n;
    assert_int_equal(yw_job_list(&op, 10, &list, &n), 0);
    assert_int_equal(n, 0);
    yw_arena_reset(&a);
}

int main(void) {
    test_init_sodium();
    const struct CMUnitTest tests[] = {
        BOTH(submitting_checks_role_and_input), BOTH(one_runner_takes_a_job_and_a_dead_ones_lease_is_taken_over),
        BOTH(a_job_whose_servers_keep_dying_is_given_up), BOTH(a_broken_chain_is_the_jobs_result),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
