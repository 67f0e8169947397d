/* yiwang jobs: list the jobs, follow one, or start one and run it here with a progress line. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../base/time.h"
#include "../jobs/jobs.h"

static void print_job(const yw_job_info *j) {
    printf("%s  %-14s %-8s %lld/%lld %s%s%s\n", j->id, j->kind, j->state, (long long)j->progress_done,
           (long long)j->progress_total, j->progress_note ? j->progress_note : "", j->error ? " — " : "",
           j->error ? j->error : "");
    if (j->result_json) printf("  result: %s\n", j->result_json);
}

typedef struct {
    const char *kind;
    yw_job_info job;
} submit_ctx;

static int submit(yw_op *op, void *vctx) {
    submit_ctx *c = vctx;
    yw_job_new in = {c->kind, "{}"};
    return yw_job_submit(op, &in, &c->job);
}

/* Reads the job again, prints its progress on one line of standard error and copies its state
 * into state. */
static int show_progress(yw_store *s, const char *id, char state[16], yw_err *err) {
    yw_arena a;
    yw_arena_init(&a);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, err);
    yw_job_info j;
    int rc = yw_job_get(&op, id, &j);
    if (rc == 0) {
        fprintf(stderr, "\r%s %s: %lld/%lld %s   ", j.kind, j.state, (long long)j.progress_done,
                (long long)j.progress_total, j.progress_note ? j.progress_note : "");
        snprintf(state, 16, "%s", j.state);
    }
    yw_arena_reset(&a);
    return rc;
}

static bool unfinished(const char *state) { return strcmp(state, "queued") == 0 || strcmp(state, "running") == 0; }

static int cmd_jobs(int argc, char **argv) {
    const char *db = NULL, *wait = NULL, *pos[2];
    cli_option opts[] = {{"--db", true, &db}, {"--wait", false, &wait}, {NULL, false, NULL}};
    int n = cli_parse("jobs", argc, argv, opts, pos, 2);
    if (n < 0) return CLI_USAGE;
    const char *verb = n ? pos[0] : "list";
    if (!((strcmp(verb, "list") == 0 && n <= 1) || (strcmp(verb, "show") == 0 && n == 2) ||
          (strcmp(verb, "run") == 0 && n == 2))) {
        fprintf(stderr, "yiwang jobs: expected list, show ID or run KIND (see yiwang jobs --help)\n");
        return CLI_USAGE;
    }
    yw_store *s;
    if (cli_open_store("jobs", db, &s)) return 1;
    if (cli_migrate("jobs", s)) {
        yw_store_close(s);
        return 1;
    }
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    int rc = 0;
    if (strcmp(verb, "list") == 0) {
        yw_job_info *list;
        int count;
        if (yw_job_list(&op, YW_JOB_LIST_MAX, &list, &count) < 0) rc = cli_fail("jobs", &err);
        for (int i = 0; !rc && i < count; i++) print_job(&list[i]);
    } else if (strcmp(verb, "show") == 0) {
        yw_job_info j;
        char state[16] = "queued";
        /* --wait: follow it until it ends (a server runs it) */
        while (wait && (rc = show_progress(s, pos[1], state, &err)) == 0 && unfinished(state))
            nanosleep(&(struct timespec){0, 200 * 1000000L}, NULL);
        if (wait) fprintf(stderr, "\n");
        if (rc < 0 || yw_job_get(&op, pos[1], &j) < 0) rc = cli_fail("jobs", &err);
        else print_job(&j);
    } else {
        /* run KIND: submit it and run it in this process, with its progress */
        submit_ctx c = {.kind = pos[1]};
        int64_t t0 = yw_mono_us();
        if (yw_op_write(&op, submit, &c) < 0) {
            rc = cli_fail("jobs", &err);
        } else {
            char owner[64];
            snprintf(owner, sizeof owner, "yiwang-jobs-run:%ld", (long)getpid());
            bool ran = false;
            char state[16] = "queued";
            /* older queued jobs run first: keep going until this one has run */
            while (rc == 0 && unfinished(state)) {
                if (yw_jobs_run_one(s, owner, &ran, &err) < 0) rc = cli_fail("jobs", &err);
                else if (show_progress(s, c.job.id, state, &err) < 0) rc = cli_fail("jobs", &err);
                if (!ran && rc == 0 && unfinished(state)) nanosleep(&(struct timespec){0, 200 * 1000000L}, NULL);
            }
            yw_job_info j;
            fprintf(stderr, "\n");
            if (rc == 0 && yw_job_get(&op, c.job.id, &j) == 0) {
                print_job(&j);
                fprintf(stderr, "job %s in %.2f s\n", j.state, (double)(yw_mono_us() - t0) / 1e6);
                if (strcmp(j.state, "done") != 0) rc = 1;
            }
        }
    }
    yw_arena_reset(&a);
    yw_store_close(s);
    return rc;
}

const cli_command cli_jobs = {
    "jobs", "[list] | show ID [--wait] | run KIND [--db URL]", "long work: list, follow or run jobs",
    "list        the newest jobs with their state and progress\n"
    "show ID     one job; --wait follows its progress until it ends\n"
    "run KIND    starts a job and runs it in this process with a progress line (kinds: audit.verify)\n"
    "A running server runs submitted jobs on its job thread; of several servers on one store,\n"
    "the one that takes a job's lease runs it.",
    cmd_jobs};
