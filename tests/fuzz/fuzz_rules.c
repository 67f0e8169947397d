/* Fuzz target: any bytes as a rule. Compiling either refuses it with a reason and a JSON
 * pointer or gives a rule; evaluating that rule against a fixed record never crashes, and its
 * result (or the error it raised: throw, NaN …, with its value) converts to JSON; explaining it
 * never fails but for memory. The same rule run as a batch over a small table of columns
 * (rules/batch.c) gives, row by row, the truth the one-record evaluator gives on each row's
 * record, false where that fails (abort otherwise). Nothing leaks (the arena and the jansson
 * values are freed). Seeds in tests/fuzz/seeds/fuzz_rules cover the newer operators. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"

static const char record_text[] =
    "{\"name\":\"青岛海尔有限公司\",\"industry\":\"C\",\"employees\":12,\"revenue_fen\":123456789012,"
    "\"labels\":[\"专精特新\",\"高新技术企业\"],\"a\":{\"b\":[1,2.5,\"3\",null,true,{\"c\":\"x\"}]},"
    "\"integers\":[1,2,3,4],\"empty\":[],\"s\":\"\",\"z\":0}";

#define TABLE_ROWS 100

static json_t *labels_of(void *ctx) {
    int mask = *(int *)ctx;
    json_t *arr = json_array();
    if (arr && (mask & 1)) json_array_append_new(arr, json_string("专精特新"));
    if (arr && (mask & 2)) json_array_append_new(arr, json_string("高新技术企业"));
    return arr;
}

/* A table of numbers (some null), texts (some null, some numeric) and label sets. */
static yw_rule_table *fixed_table(yw_arena *a) {
    static const yw_rule_column cols[] = {{"employees", YW_RULE_COLUMN_NUMBER}, {"z", YW_RULE_COLUMN_NUMBER},
                                          {"industry", YW_RULE_COLUMN_CODED}, {"labels", YW_RULE_COLUMN_CODED}};
    static const char *const texts[] = {"C", "", "12", "x", "制造"};
    yw_rule_table *t;
    yw_err err;
    if (yw_rule_table_new(a, cols, 4, TABLE_ROWS, &t, &err) < 0) abort();
    for (int i = 0; i < TABLE_ROWS; i++) {
        size_t row;
        if (yw_rule_table_add_row(t, &row, &err) < 0) abort();
        yw_rule_table_set_number(t, 0, row, i % 37 - 3);
        if (i % 5) yw_rule_table_set_number(t, 1, row, (i % 7) * 0.5);
        const char *s = i % 6 ? texts[i % 5] : NULL;
        if (yw_rule_table_set_text(t, 2, row, s, s ? strlen(s) : 0, &err) < 0) abort();
        int mask = i % 4;
        char key[2] = {(char)('0' + mask), 0};
        if (yw_rule_table_set_keyed(t, 3, row, key, 1, labels_of, &mask, &err) < 0) abort();
    }
    return t;
}

/* The batch's bit of each row against the one-record evaluator on that row's record. */
static void batch_agrees(const yw_rule *r) {
    static yw_arena table_arena;
    static yw_rule_table *t;
    static json_t *records[TABLE_ROWS];
    if (!t) {
        yw_arena_init(&table_arena);
        t = fixed_table(&table_arena);
        for (int i = 0; i < TABLE_ROWS; i++)
            if (!(records[i] = yw_rule_table_record(t, (size_t)i))) abort();
    }
    yw_arena a;
    yw_arena_init(&a);
    yw_rule_batch *b;
    yw_err err;
    if (yw_rule_batch_new(&a, t, &r, 1, &b, &err) < 0 || yw_rule_batch_run(b, 1, &err) < 0) {
        if (!err.reason) abort(); /* an evaluation's limit, with its reason */
    } else {
        const uint64_t *bits = yw_rule_batch_matches(b, 0);
        for (int i = 0; i < TABLE_ROWS; i++) {
            yw_rule_value v;
            bool want = yw_rule_eval(r, records[i], &a, &v, &err) == 0 && yw_rule_truthy(&v);
            if (want != (bool)(bits[i / 64] >> (i % 64) & 1)) abort(); /* a failure is false */
        }
    }
    yw_arena_reset(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static json_t *record;
    if (!record && !(record = json_loads(record_text, 0, NULL))) abort();
    yw_arena a;
    yw_arena_init(&a);
    const yw_rule *r;
    yw_err err;
    if (yw_rule_compile(&a, (const char *)data, size, &r, &err) < 0) {
        if (!err.reason) abort(); /* every refusal has a reason */
    } else {
        batch_agrees(r);
        yw_rule_value v;
        if (yw_rule_eval(r, record, &a, &v, &err) < 0 && !err.reason) abort();
        (void)yw_rule_truthy(&v);
        json_t *j = yw_rule_value_json(&v); /* the result, or the error's value, or null */
        char *s = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
        free(s);
        json_decref(j);
        yw_rule_step *steps;
        int n;
        if (yw_rule_explain(r, record, &a, &steps, &n, &err) < 0 && err.code != YW_ERR_NOMEM) abort();
    }
    yw_arena_reset(&a);
    return 0;
}
