/* yiwang's side of the matching sweep (bench/match.sh): the synthetic registry of `yiwang demo
 * --entities N` (yw_entity_demo_row, the same rows for the same N) held as columns
 * (yw_entity_table), and the eligibility rules of a policy file evaluated over all of it by the
 * batch matcher (rules/batch.c) on every core. Generating and loading the rows is not timed;
 * planning and evaluating are. Optionally writes the rows as CSV for the peers (the record's
 * members, labels by name joined by |) and the matches per rule as JSON {"code": count, …}.
 * Prints
 *   yiwang rows=N rules=K pairs_per_s=P seconds=S peak_mib=M matches=T
 *   plan conditions=… shared=… vectorised=… coded=… per_row=…
 * The sweep (plan and run) is repeated R times, each in an arena of its own, the fastest kept: on a
 * shared machine one run can be several times slower than the next.
 * usage: bench_match [--rows N] [--policies FILE] [--csv FILE] [--counts FILE] [--threads T] [--repeat R] */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "base/time.h"
#include "domain/entity/entity.h"
#include "domain/policy/policy.h"
#include "rules/rules.h"

/* The rows' day for age_years: fixed, so that every run sees the same registry. */
#define BENCH_TODAY 2026, 7, 1

static int die(const char *what, const yw_err *err) {
    fprintf(stderr, "bench_match: %s: %s %s\n", what, err ? err->message_en[0] ? err->message_en : err->message : "",
            err ? err->field : "");
    return 1;
}

static void csv_row(FILE *f, const yw_entity *e, int64_t today) {
    char division[3] = "";
    if (e->industry && e->industry[0] && e->industry[1]) memcpy(division, e->industry, 2), division[2] = '\0';
    fprintf(f, "%s,%s,%s,%d,%s,%s,%s,", e->uscc, yw_enum_to_text(yw_entity_kinds, (int)e->kind),
            yw_enum_to_text(yw_entity_scales, (int)e->scale), e->employees, e->industry ? e->industry : "", division,
            e->region ? e->region : "");
    int first = 1;
    for (const yw_entity_label *l = yw_entity_labels_current(); l->code; l++)
        if (e->labels & l->bit) fprintf(f, "%s%s", first ? "" : "|", l->name), first = 0;
    json_t *r = yw_entity_record(e, today); /* its age_years, as matching computes it */
    fprintf(f, ",%" PRId64 ",%" PRId64 ",%d,%" PRId64 ",%s,%s\n", e->capital_fen, e->revenue_fen, e->rd_ratio_bp,
            (int64_t)json_integer_value(json_object_get(r, "age_years")), yw_enum_to_text(yw_entity_credits, (int)e->credit),
            yw_enum_to_text(yw_entity_statuses, (int)e->status));
    json_decref(r);
}

int main(int argc, char **argv) {
    int64_t nrows = 2008000;
    int threads = 0, repeat = 3;
    const char *policies = "data/demo-policies.json", *csv = NULL, *counts = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--rows") == 0) nrows = strtoll(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--policies") == 0) policies = argv[i + 1];
        else if (strcmp(argv[i], "--csv") == 0) csv = argv[i + 1];
        else if (strcmp(argv[i], "--counts") == 0) counts = argv[i + 1];
        else if (strcmp(argv[i], "--threads") == 0) threads = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--repeat") == 0) repeat = atoi(argv[i + 1]);
        else return fprintf(stderr, "bench_match: unknown option %s\n", argv[i]), 2;
    }
    if (repeat < 1) repeat = 1;
    if (nrows <= 0) return fprintf(stderr, "bench_match: --rows must be positive\n"), 2;
    json_error_t je;
    json_t *list = json_load_file(policies, 0, &je);
    if (!json_is_array(list)) return fprintf(stderr, "bench_match: %s: %s\n", policies, je.text), 2;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    int nrules = (int)json_array_size(list);
    const yw_rule **rules = yw_arena_calloc(&a, (size_t)nrules + 1, sizeof *rules);
    const char **codes = yw_arena_calloc(&a, (size_t)nrules + 1, sizeof *codes);
    if (!rules || !codes) return die("memory", NULL);
    for (int i = 0; i < nrules; i++) {
        json_t *p = json_array_get(list, (size_t)i);
        codes[i] = json_string_value(json_object_get(p, "code"));
        if (!codes[i] || yw_rule_compile_json(&a, json_object_get(p, "eligibility"), &rules[i], &err) < 0)
            return die(codes[i] ? codes[i] : "a policy without a code", &err);
    }
    int64_t today = yw_days_from_civil(BENCH_TODAY);
    yw_entity_table *pt;
    if (yw_entity_table_new(&a, rules, nrules, (size_t)nrows, today, &pt, &err) < 0) return die("table", &err);
    FILE *f = csv ? fopen(csv, "w") : NULL;
    if (csv && !f) return perror(csv), 1;
    if (f)
        fputs("uscc,kind,scale,employees,industry,industry_division,region,labels,capital_fen,revenue_fen,rd_ratio_bp,"
              "age_years,credit,status\n",
              f);
    yw_arena row_arena;
    yw_arena_init(&row_arena);
    for (int64_t i = 0; i < nrows; i++) {
        yw_entity e;
        if (yw_entity_demo_row(&row_arena, i, &e) < 0) return die("memory", NULL);
        if (yw_entity_table_add(pt, &e, &err) < 0) return die("row", &err);
        if (f) csv_row(f, &e, today);
        yw_arena_reset(&row_arena);
    }
    if (f && fclose(f) != 0) return perror(csv), 1;

    yw_arena run_arena;
    yw_arena_init(&run_arena);
    yw_rule_batch *b = NULL;
    int64_t best = -1, best_plan = 0;
    for (int r = 0; r < repeat; r++) {
        if (r) yw_arena_reset(&run_arena);
        int64_t t0 = yw_mono_us();
        if (yw_rule_batch_new(&run_arena, yw_entity_table_rules(pt), rules, nrules, &b, &err) < 0)
            return die("plan", &err);
        int64_t t1 = yw_mono_us();
        if (yw_rule_batch_run(b, threads, &err) < 0) return die("run", &err);
        int64_t t2 = yw_mono_us();
        if (best < 0 || t2 - t0 < best) best = t2 - t0, best_plan = t1 - t0;
    }
    double seconds = (double)best / 1e6;
    size_t total = 0;
    FILE *cf = counts ? fopen(counts, "w") : NULL;
    if (counts && !cf) return perror(counts), 1;
    if (cf) fputc('{', cf);
    for (int i = 0; i < nrules; i++) {
        total += yw_rule_batch_count(b, i);
        if (cf) fprintf(cf, "%s\"%s\":%zu", i ? "," : "", codes[i], yw_rule_batch_count(b, i));
    }
    if (cf) fputs("}\n", cf), fclose(cf);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    yw_rule_batch_stats st = yw_rule_batch_figures(b);
    printf("yiwang rows=%" PRId64 " rules=%d pairs_per_s=%.0f seconds=%.3f peak_mib=%.0f matches=%zu\n", nrows, nrules,
           (double)nrows * nrules / seconds, seconds, ru.ru_maxrss / 1024.0, total);
    printf("plan conditions=%d shared=%d vectorised=%d coded=%d per_row=%d plan_seconds=%.3f run_seconds=%.3f"
           " best_of=%d\n",
           st.conditions, st.shared, st.vectorised, st.coded, st.per_row, (double)best_plan / 1e6,
           (double)(best - best_plan) / 1e6, repeat);
    yw_arena_reset(&run_arena);
    yw_entity_table_release(pt);
    yw_arena_reset(&a);
    json_decref(list);
    return 0;
}
