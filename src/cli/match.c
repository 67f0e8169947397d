/* yiwang match: every active policy over the whole market-entity registry (docs/policies.md).
 * Entities are read through a cursor on one connection and matched in transactions of
 * YW_MATCH_BATCH_ROWS on a second, with memory for one batch; a progress line on standard
 * error, and at the end one line: "N entities, M policies, K matches in S s". A second run
 * creates nothing new: a grant is unique per policy, entity and period. --entity USCC matches
 * one entity, as a change of the registry does. */
#include "cli.h"

#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "../base/time.h"
#include "../domain/policy/policy.h"

typedef struct {
    int64_t started_us, shown_us;
    bool shown, tty;
    int64_t total;
} match_progress;

static void show_progress(const yw_match_report *r, void *arg) {
    match_progress *p = arg;
    int64_t now = yw_mono_us();
    if (now - p->shown_us < 1000000) return;
    p->shown_us = now;
    p->shown = true;
    double secs = (double)(now - p->started_us) / 1e6;
    fprintf(stderr, "%smatch: %lld entities", p->tty ? "\r" : "", (long long)r->entities);
    if (p->total > 0) fprintf(stderr, " (%d%%)", (int)(r->entities * 100 / p->total));
    fprintf(stderr, ", %lld matches, %.0f entities/s …%s", (long long)r->matches, r->entities / secs,
            p->tty ? "   " : "\n");
    fflush(stderr);
}

static int count_entities(yw_store *s, int64_t *n, yw_err *err) {
    yw_arena a;
    yw_arena_init(&a);
    yw_rows rows;
    int rc = yw_store_query(s, &a, "SELECT count(*) FROM entities", YW_NOARGS, &rows, err);
    if (rc == 0) *n = strtoll(yw_rows_get(&rows, 0, 0), NULL, 10);
    yw_arena_reset(&a);
    return rc;
}

typedef struct {
    const char *uscc;
    yw_match_report *r;
} one_ctx;

static int match_one(yw_op *op, void *vctx) {
    one_ctx *c = vctx;
    return yw_policy_match_entity(op, c->uscc, c->r);
}

static int cmd_match(int argc, char **argv) {
    const char *db = NULL, *uscc = NULL;
    cli_option opts[] = {{"--db", true, &db}, {"--entity", true, &uscc}, {NULL, false, NULL}};
    if (cli_parse("match", argc, argv, opts, NULL, 0) < 0) return CLI_USAGE;
    yw_store *s, *reader = NULL;
    if (cli_open_store("match", db, &s)) return 1;
    if (cli_migrate("match", s) || (!uscc && cli_open_store("match", db, &reader))) {
        yw_store_close(s);
        return 1;
    }
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    yw_match_report r = {0};
    match_progress p = {.started_us = yw_mono_us(), .tty = isatty(STDERR_FILENO)};
    p.shown_us = p.started_us;
    int rc;
    if (uscc) {
        one_ctx c = {uscc, &r};
        rc = yw_op_write(&op, match_one, &c);
    } else {
        rc = count_entities(s, &p.total, &err);
        if (rc == 0) rc = yw_policy_match_registry(reader, &op, show_progress, &p, &r);
    }
    if (p.shown && p.tty) fputc('\n', stderr);
    double secs = (double)(yw_mono_us() - p.started_us) / 1e6;
    yw_arena_reset(&a);
    if (reader) yw_store_close(reader);
    yw_store_close(s);
    if (rc < 0) return cli_fail("match", &err);
    printf("grants created: %lld, apply-mode eligibility: %lld, no longer eligible: %lld, messages: %lld, rule errors: "
           "%lld\n",
           (long long)r.grants_created, (long long)r.eligible, (long long)r.stale_removed, (long long)r.messages,
           (long long)r.rule_errors);
    printf("%lld entities, %lld policies, %lld matches in %.1f s\n", (long long)r.entities, (long long)r.policies,
           (long long)r.matches, secs);
    return 0;
}

const cli_command cli_match = {
    "match", "[--entity USCC] [--db URL]", "match every active policy against the market-entity registry",
    "Evaluates every active policy (docs/policies.md) against every entity of the registry that is\n"
    "not being wound up, in transactions of 5000 entities: an auto policy (免申即享) creates a\n"
    "pending grant per entity and period, an apply policy (申报) records the entity as eligible.\n"
    "Each enterprise is told of each new benefit in its inbox (站内信), once. Nothing is created\n"
    "twice: a second run adds only what changed. A progress line goes to\n"
    "standard error; the last line is \"N entities, M policies, K matches in S s\".\n"
    "--entity USCC matches one entity only (what a change of the registry does).",
    cmd_match};
