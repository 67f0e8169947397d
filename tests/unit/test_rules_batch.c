/* Rules over columns (src/rules/batch.c): the batch must answer what the one-record evaluator
 * answers on each row's record (false where it fails). Random rules of every shape the planner
 * treats differently (number comparisons with constants of each type, chains of them, coded text
 * and label sets, several columns at once, missing, constants, members that are not columns,
 * and/or/!/if) and of the community's newer operators (val, exists, ??, throw and try, errors
 * raised by comparisons and arithmetic on text, variadic and spread arithmetic, {} and [] as
 * values, and/or of nothing, climbing out of an iteration) are run over a table of random rows
 * whose count is no multiple of a block, on one thread and on two, and compared row by row;
 * then the sharing of equal conditions and what a rule reads. */
#include "testutil.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>

#include "base/buf.h"
#include "rules/rules.h"

#define ROWS 10007

/* A small deterministic generator (xorshift), so a failure is the same on every run. */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;
static uint64_t rnd(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}
static int pick(int n) { return (int)(rnd() % (uint64_t)n); }

static const yw_rule_column columns[] = {
    {"a", YW_RULE_COLUMN_NUMBER}, /* 0..99, never null */
    {"b", YW_RULE_COLUMN_NUMBER}, /* -5..5 and null */
    {"s", YW_RULE_COLUMN_CODED},  /* a few texts and null */
    {"L", YW_RULE_COLUMN_CODED},  /* a set of labels */
};
static const char *const texts[] = {"x", "y", "z", "10", "9", "", "甲"};
static const char *const labels[] = {"高新", "专精特新", "瞪羚"};

static json_t *make_labels(void *ctx) {
    unsigned mask = *(unsigned *)ctx;
    json_t *arr = json_array();
    for (unsigned i = 0; arr && i < 3; i++)
        if (mask >> i & 1) json_array_append_new(arr, json_string(labels[i]));
    return arr;
}

static yw_rule_table *random_table(yw_arena *a) {
    yw_rule_table *t;
    yw_err err;
    assert_int_equal(yw_rule_table_new(a, columns, 4, ROWS, &t, &err), 0);
    for (size_t i = 0; i < ROWS; i++) {
        size_t row;
        assert_int_equal(yw_rule_table_add_row(t, &row, &err), 0);
        yw_rule_table_set_number(t, 0, row, pick(100));
        if (pick(5)) yw_rule_table_set_number(t, 1, row, pick(11) - 5 + (pick(4) == 0 ? 0.5 : 0));
        int k = pick(9);
        if (k < 7) assert_int_equal(yw_rule_table_set_text(t, 2, row, texts[k], strlen(texts[k]), &err), 0);
        unsigned mask = (unsigned)pick(8);
        char key[4];
        snprintf(key, sizeof key, "%u", mask);
        if (pick(10)) assert_int_equal(yw_rule_table_set_keyed(t, 3, row, key, strlen(key), make_labels, &mask, &err), 0);
    }
    return t;
}

/* A constant of any type the comparisons meet. */
static const char *constant(void) {
    static const char *const k[] = {"3", "0", "-2", "2.5", "null", "true", "false", "\"5\"", "\"x\"", "\"\""};
    return k[pick(10)];
}

static const char *const number_vars[] = {"{\"var\":\"a\"}", "{\"var\":\"b\"}", "{\"val\":\"a\"}", "{\"val\":[\"b\"]}"};

/* A random rule as JSON text in arena memory, nested up to depth. */
static const char *random_rule(yw_arena *a, int depth) {
    static const char *const cmp[] = {"==", "!=", "===", "!==", "<", "<=", ">", ">="};
    int kind = depth > 0 ? pick(18) : pick(12);
    switch (kind) {
    case 0:
    case 1: /* a number column against a constant, either side */
        if (pick(2))
            return yw_arena_printf(a, "{\"%s\":[%s,%s]}", cmp[pick(8)], number_vars[pick(4)], constant());
        return yw_arena_printf(a, "{\"%s\":[%s,%s]}", cmp[pick(8)], constant(), number_vars[pick(4)]);
    case 2: /* between, and longer chains of any comparison */
        if (pick(2))
            return yw_arena_printf(a, "{\"%s\":[%d,%s,%d]}", pick(2) ? "<" : "<=", pick(60) - 5, number_vars[pick(4)],
                                   pick(60) + 20);
        return yw_arena_printf(a, "{\"%s\":[%s,%s,%s,%s]}", cmp[pick(8)], constant(), number_vars[pick(4)], constant(),
                               pick(2) ? constant() : number_vars[pick(4)]);
    case 3: /* text */
        switch (pick(4)) {
        case 0: return yw_arena_printf(a, "{\"in\":[{\"var\":\"s\"},[\"x\",\"%s\"]]}", texts[pick(7)]);
        case 1: return yw_arena_printf(a, "{\"%s\":[{\"var\":\"s\"},%s]}", cmp[pick(8)], constant());
        case 2: return "{\"<=\":[\"1\",{\"var\":\"s\"},\"9\"]}";
        default: return "{\"var\":\"s\"}";
        }
    case 4: /* labels */
        switch (pick(3)) {
        case 0: return yw_arena_printf(a, "{\"in\":[\"%s\",{\"var\":\"L\"}]}", labels[pick(3)]);
        case 1: return "{\">=\":[{\"var\":\"L.length\"},2]}";
        default: return "{\"some\":[{\"var\":\"L\"},{\"==\":[{\"var\":\"\"},\"瞪羚\"]}]}";
        }
    case 5: /* several columns */
        switch (pick(3)) {
        case 0: return "{\"<\":[{\"var\":\"b\"},{\"var\":\"a\"}]}";
        case 1: return "{\"==\":[{\"var\":\"s\"},{\"var\":\"b\"}]}";
        default: return "{\"in\":[{\"var\":\"s\"},{\"var\":\"L\"}]}";
        }
    case 6: /* one number column, not a plain comparison */
        return pick(2) ? "{\">\":[{\"*\":[{\"var\":\"a\"},2]},{\"+\":[50,{\"var\":\"b\"}]}]}"
                       : yw_arena_printf(a, "{\">\":[{\"%%\":[{\"var\":\"a\"},7]},%d]}", pick(7));
    case 7: /* the whole record, missing, members that are not columns, constants */
        switch (pick(5)) {
        case 0: return "{\"missing\":[\"b\",\"s\"]}";
        case 1: return "{\"==\":[{\"var\":\"nowhere\"},null]}";
        case 2: return "{\"var\":\"\"}";
        case 3: return pick(2) ? "true" : "0";
        default: return "{\"==\":[1,1]}";
        }
    case 8: return yw_arena_printf(a, "{\"var\":\"%s\"}", pick(2) ? "a" : "b");
    case 9: return yw_arena_printf(a, "{\"!!\":[%s]}", number_vars[pick(4)]);
    case 10: /* the newer operators on one column or several */
        switch (pick(10)) {
        case 0: return pick(2) ? "{\"exists\":\"b\"}" : "{\"exists\":[\"L\",1]}";
        case 1: return "{\"??\":[{\"val\":\"b\"},{\"val\":\"s\"}]}";
        case 2: return yw_arena_printf(a, "{\">\":[{\"??\":[{\"val\":\"b\"},%s]},1]}", constant());
        case 3: return "{\"try\":[{\">\":[{\"val\":\"s\"},5]},{\"==\":[{\"val\":\"type\"},\"NaN\"]}]}";
        case 4: return "{\"if\":[{\"==\":[{\"var\":\"s\"},\"x\"]},{\"throw\":\"no x\"},{\"val\":\"a\"}]}";
        case 5: return yw_arena_printf(a, "{\">\":[{\"-\":[{\"val\":\"a\"},{\"val\":\"b\"},%d]},0]}", pick(50));
        case 6: return "{\"<\":[{\"/\":[100,{\"val\":\"b\"}]},30]}"; /* b 0 and null: NaN */
        case 7: return "{\">\":[{\"+\":{\"merge\":[{\"val\":\"a\"},{\"val\":\"b\"}]}},40]}";
        case 8: return "{\"some\":[{\"var\":\"L\"},{\"==\":[{\"val\":[[2],\"s\"]},\"y\"]}]}";
        default: return pick(2) ? "{\"and\":[]}" : (pick(2) ? "{}" : "[]");
        }
    case 11: /* comparisons and arithmetic that raise NaN on text: the errors in and, or, !, if */
        switch (pick(4)) {
        case 0: return yw_arena_printf(a, "{\"%s\":[{\"var\":\"s\"},%d]}", cmp[pick(8)], pick(12));
        case 1: return "{\">=\":[{\"*\":[{\"var\":\"s\"},2]},4]}";
        case 2: return "{\"throw\":\"always\"}";
        default: return "{\"try\":[{\"throw\":{\"val\":\"s\"}},false]}";
        }
    case 12:
    case 13: { /* and, or */
        int n = 1 + pick(3);
        const char *s = yw_arena_printf(a, "{\"%s\":[", kind == 12 ? "and" : "or");
        for (int i = 0; i < n; i++) s = yw_arena_printf(a, "%s%s%s", s, i ? "," : "", random_rule(a, depth - 1));
        return yw_arena_printf(a, "%s]}", s);
    }
    case 14: return yw_arena_printf(a, "{\"!\":%s}", random_rule(a, depth - 1));
    case 15: return yw_arena_printf(a, "{\"??\":[%s,%s]}", random_rule(a, depth - 1), random_rule(a, depth - 1));
    default:
        if (pick(2))
            return yw_arena_printf(a, "{\"if\":[%s,%s,%s]}", random_rule(a, depth - 1), random_rule(a, depth - 1),
                                   random_rule(a, depth - 1));
        return yw_arena_printf(a, "{\"if\":[%s,%s,%s,%s,%s]}", random_rule(a, depth - 1), random_rule(a, depth - 1),
                               random_rule(a, depth - 1), random_rule(a, depth - 1), random_rule(a, depth - 1));
    }
}

#define NRULES 300

static void batch_answers_as_each_record(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_rule_table *t = random_table(&a);
    const char *texts_of[NRULES];
    const yw_rule *rules[NRULES];
    yw_err err;
    for (int i = 0; i < NRULES; i++) {
        texts_of[i] = random_rule(&a, 3);
        if (yw_rule_compile(&a, texts_of[i], strlen(texts_of[i]), &rules[i], &err) < 0)
            fail_msg("%s: %s at %s", texts_of[i], err.message_en, err.field);
    }
    json_t **records = calloc(ROWS, sizeof *records);
    assert_non_null(records);
    for (size_t r = 0; r < ROWS; r++) assert_non_null(records[r] = yw_rule_table_record(t, r));
    for (int threads = 1; threads <= 2; threads++) {
        yw_rule_batch *b;
        assert_int_equal(yw_rule_batch_new(&a, t, rules, NRULES, &b, &err), 0);
        assert_int_equal(yw_rule_batch_run(b, threads, &err), 0);
        yw_rule_batch_stats st = yw_rule_batch_figures(b);
        assert_true(st.shared > 0 && st.vectorised > 0 && st.coded > 0 && st.per_row > 0);
        assert_true(st.failures > 0); /* errors raised on some rows, compared too */
        long failing = 0;
        for (int i = 0; i < NRULES; i++) {
            const uint64_t *bits = yw_rule_batch_matches(b, i);
            size_t n = 0;
            for (size_t r = 0; r < ROWS; r++) {
                yw_arena ea;
                yw_arena_init(&ea);
                yw_rule_value v;
                int rc = yw_rule_eval(rules[i], records[r], &ea, &v, &err);
                if (rc < 0) failing++;
                bool want = rc == 0 && yw_rule_truthy(&v), got = bits[r / 64] >> (r % 64) & 1;
                if (want != got) {
                    char *rec = json_dumps(records[r], JSON_COMPACT);
                    fail_msg("rule %s on %s: batch %d, one record %d (threads %d)", texts_of[i], rec, got, want, threads);
                }
                n += want;
                yw_arena_reset(&ea);
            }
            assert_int_equal(yw_rule_batch_count(b, i), n);
        }
        assert_true(failing > 0);
    }
    for (size_t r = 0; r < ROWS; r++) json_decref(records[r]);
    free(records);
    yw_rule_table_release(t);
    yw_arena_reset(&a);
}

static void equal_conditions_are_shared(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_rule_table *t;
    yw_rule_column cols[] = {{"employees", YW_RULE_COLUMN_NUMBER}, {"scale", YW_RULE_COLUMN_CODED}};
    assert_int_equal(yw_rule_table_new(&a, cols, 2, 3, &t, &err), 0);
    const char *scales[] = {"micro", "small", "large"};
    for (int i = 0; i < 3; i++) {
        size_t row;
        assert_int_equal(yw_rule_table_add_row(t, &row, &err), 0);
        yw_rule_table_set_number(t, 0, row, 5 + 10 * i);
        assert_int_equal(yw_rule_table_set_text(t, 1, row, scales[i], strlen(scales[i]), &err), 0);
    }
    const char *texts_of[] = {
        "{\"and\":[{\"in\":[{\"var\":\"scale\"},[\"micro\",\"small\"]]},{\">=\":[{\"var\":\"employees\"},10]}]}",
        "{\"and\":[{\"in\":[{\"var\":\"scale\"},[\"micro\",\"small\"]]},{\"<\":[{\"var\":\"employees\"},10]}]}",
        "{\"in\":[{\"var\":\"scale\"},[\"micro\",\"small\"]]}",
    };
    const yw_rule *rules[3];
    for (int i = 0; i < 3; i++) assert_int_equal(yw_rule_compile(&a, texts_of[i], strlen(texts_of[i]), &rules[i], &err), 0);
    yw_rule_batch *b;
    assert_int_equal(yw_rule_batch_new(&a, t, rules, 3, &b, &err), 0);
    assert_int_equal(yw_rule_batch_run(b, 0, &err), 0);
    yw_rule_batch_stats st = yw_rule_batch_figures(b);
    assert_int_equal(st.coded, 1); /* the scale condition once for three rules */
    assert_int_equal(st.shared, 2);
    assert_int_equal(st.vectorised, 2);
    assert_int_equal(st.per_row, 0);
    assert_int_equal(st.conditions, 5);
    assert_int_equal(yw_rule_batch_matches(b, 0)[0], 2); /* small with 15 */
    assert_int_equal(yw_rule_batch_matches(b, 1)[0], 1); /* micro with 5 */
    assert_int_equal(yw_rule_batch_count(b, 2), 2);
    /* past the capacity (3 rows asked, a block given): refused with its reason */
    size_t row;
    int added = 0;
    while (yw_rule_table_add_row(t, &row, &err) == 0) added++;
    assert_string_equal(err.reason, "rule_table_full");
    assert_true(added > 0);
    yw_rule_table_release(t);
    yw_arena_reset(&a);
}

static void what_a_rule_reads(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    const yw_rule *r;
    const char *text = "{\"and\":[{\">\":[{\"var\":\"labels.length\"},1]},"
                       "{\"some\":[{\"var\":\"items\"},{\"==\":[{\"var\":\"kind\"},\"x\"]}]}]}";
    assert_int_equal(yw_rule_compile(&a, text, strlen(text), &r, &err), 0);
    bool whole;
    assert_true(yw_rule_reads(r, "labels", &whole));
    assert_false(whole);
    assert_true(yw_rule_reads(r, "items", &whole));
    assert_false(yw_rule_reads(r, "kind", &whole)); /* read from each item, not the record */
    text = "{\"var\":{\"cat\":[\"a\",\"b\"]}}";
    assert_int_equal(yw_rule_compile(&a, text, strlen(text), &r, &err), 0);
    assert_true(yw_rule_reads(r, "anything", &whole));
    assert_true(whole);
    yw_arena_reset(&a);
}

/* A condition past the evaluation's limits on some values: false there and counted, and the
 * batch goes on (one odd record must not stop a run over the registry). */
static void failures_are_false_and_counted(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_rule_table *t;
    yw_rule_column cols[] = {{"s", YW_RULE_COLUMN_CODED}};
    assert_int_equal(yw_rule_table_new(&a, cols, 1, 100, &t, &err), 0);
    for (int i = 0; i < 100; i++) {
        size_t row;
        assert_int_equal(yw_rule_table_add_row(t, &row, &err), 0);
        assert_int_equal(yw_rule_table_set_text(t, 0, row, i % 2 ? "x" : "y", 1, &err), 0);
    }
    /* three maps nested over 1000 items each: 10^9 steps, past YW_RULE_EVAL_MAX_STEPS, for "x" */
    yw_buf b;
    yw_buf_init(&b, &a);
    yw_buf_puts(&b, "[");
    for (int i = 0; i < 1000; i++) yw_buf_printf(&b, "%s%d", i ? "," : "", i);
    yw_buf_puts(&b, "]");
    const char *big = b.data;
    const char *text = yw_arena_printf(&a, "{\"if\":[{\"==\":[{\"var\":\"s\"},\"x\"]},"
                                           "{\"map\":[%s,{\"map\":[%s,{\"map\":[%s,1]}]}]},true]}", big, big, big);
    const yw_rule *r;
    assert_int_equal(yw_rule_compile(&a, text, strlen(text), &r, &err), 0);
    yw_rule_batch *batch;
    assert_int_equal(yw_rule_batch_new(&a, t, &r, 1, &batch, &err), 0);
    assert_int_equal(yw_rule_batch_run(batch, 1, &err), 0);
    assert_int_equal(yw_rule_batch_figures(batch).failures, 1); /* once, for the one value "x" */
    assert_int_equal(yw_rule_batch_count(batch, 0), 50);
    assert_int_equal(yw_rule_batch_matches(batch, 0)[0] & 3, 1); /* row 0 "y" true, row 1 "x" false */
    yw_rule_table_release(t);
    yw_arena_reset(&a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(batch_answers_as_each_record),
        cmocka_unit_test(equal_conditions_are_shared),
        cmocka_unit_test(what_a_rule_reads),
        cmocka_unit_test(failures_are_false_and_counted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
