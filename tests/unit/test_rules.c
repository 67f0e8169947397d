/* The rules engine (src/rules/): the public JsonLogic suite in full (tests/data/jsonlogic),
 * then our own cases: errors with their JSON pointers, the depth and size limits, big numbers,
 * Chinese strings, loose equality and conversions, and realistic eligibility rules. */
#include "testutil.h"

#include <jansson.h>
#include <math.h>

#include "rules/rules.h"

/* Evaluates rule (JSON text) against data (JSON text) and returns the result as compact JSON
 * text in the arena; fails the test when the rule is refused. */
static const char *run(yw_arena *a, const char *rule, const char *data) {
    const yw_rule *r;
    yw_err err;
    if (yw_rule_compile(a, rule, strlen(rule), &r, &err) < 0) fail_msg("%s: %s (%s)", rule, err.message_en, err.field);
    json_error_t jerr;
    json_t *d = json_loads(data, JSON_DECODE_ANY, &jerr);
    if (!d) fail_msg("data %s: %s", data, jerr.text);
    yw_rule_value v;
    if (yw_rule_eval(r, d, a, &v, &err) < 0) fail_msg("%s: %s", rule, err.message_en);
    json_t *j = yw_rule_value_json(&v);
    assert_non_null(j);
    char *s = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
    char *out = yw_arena_strdup(a, s);
    free(s);
    json_decref(j);
    json_decref(d);
    return out;
}

#define EXPECT(rule, data, result) assert_string_equal(run(&a, rule, data), result)

/* rule fails on data with the reason given, and the error it raised has that type (JSON text). */
static void raises(const char *rule, const char *data, const char *reason, const char *type) {
    yw_arena a;
    yw_arena_init(&a);
    const yw_rule *r;
    yw_err err;
    if (yw_rule_compile(&a, rule, strlen(rule), &r, &err) < 0) fail_msg("%s: %s", rule, err.message_en);
    json_t *d = json_loads(data, JSON_DECODE_ANY, NULL);
    yw_rule_value v;
    if (yw_rule_eval(r, d, &a, &v, &err) == 0) fail_msg("%s gave a value, expected %s", rule, reason);
    if (!err.reason || strcmp(err.reason, reason) != 0)
        fail_msg("%s: %s, expected %s", rule, err.reason ? err.reason : "(none)", reason);
    assert_true(err.message[0] && err.message_en[0]);
    json_t *j = yw_rule_value_json(&v);
    char *s = json_dumps(json_object_get(j, "type"), JSON_ENCODE_ANY | JSON_COMPACT);
    if (!s || strcmp(s, type) != 0) fail_msg("%s raised type %s, expected %s", rule, s ? s : "(none)", type);
    free(s);
    json_decref(j);
    json_decref(d);
    yw_arena_reset(&a);
}

static void print_failure(void *ctx, const yw_rule_suite_failure *f) {
    (void)ctx;
    print_error("case %zu: %s with %s → %s, expected %s\n", f->index, f->rule, f->data, f->got ? f->got : f->error,
                f->expected);
}

static void jsonlogic_suite(void **state) {
    (void)state;
    json_error_t jerr;
    json_t *suite = json_load_file(YW_SOURCE_DIR "/tests/data/jsonlogic/tests.json", 0, &jerr);
    if (!suite) fail_msg("tests.json: %s (line %d)", jerr.text, jerr.line);
    yw_rule_suite_result r;
    yw_err err;
    assert_int_equal(yw_rule_suite_run(suite, print_failure, NULL, &r, &err), 0);
    json_decref(suite);
    print_message("JsonLogic suite: %d passed, %d failed\n", r.passed, r.failed);
    assert_int_equal(r.failed, 0);
    assert_int_equal(r.passed, 278);
    /* not a suite */
    json_t *bad = json_loads("[\"comment\", [1, 2]]", 0, NULL);
    assert_int_equal(yw_rule_suite_run(bad, NULL, NULL, &r, &err), -1);
    assert_string_equal(err.reason, "rule_suite_case");
    json_decref(bad);
    /* a failing case is reported, not fatal */
    json_t *wrong = json_loads("[[{\"+\": [1, 1]}, null, 3]]", 0, NULL);
    assert_int_equal(yw_rule_suite_run(wrong, NULL, NULL, &r, &err), 0);
    assert_int_equal(r.failed, 1);
    json_decref(wrong);
}

/* The cases of the JSON Logic community's suites that the engine answers otherwise, each on
 * purpose: file, index in the file. Neither json-logic-js nor json-logic-engine raises an error
 * there either; a null or a missing array iterates as an empty one, and a null body maps to
 * null, as both of them do. */
static const struct {
    const char *file;
    size_t index;
} community_differences[] = {
    {"array/map.json", 6}, {"array/map.json", 7}, {"array/filter.json", 6}, {"array/filter.json", 7},
    {"array/all.json", 5}, {"array/all.json", 6}, {"array/some.json", 5},   {"array/some.json", 6},
    {"array/none.json", 5}, {"array/none.json", 6},
};

typedef struct {
    const char *file;
    int unexpected, expected;
} community_run;

static void community_failure(void *ctx, const yw_rule_suite_failure *f) {
    community_run *run = ctx;
    for (size_t i = 0; i < sizeof community_differences / sizeof community_differences[0]; i++)
        if (strcmp(community_differences[i].file, run->file) == 0 && community_differences[i].index == f->index) {
            run->expected++;
            return;
        }
    run->unexpected++;
    print_error("%s case %zu: %s with %s → %s, expected %s\n", run->file, f->index, f->rule, f->data,
                f->got ? f->got : f->error, f->expected);
}

/* The JSON Logic community's suites (tests/data/jsonlogic/community, from json-logic/compat-tables):
 * val, exists, ??, throw and try, chained comparisons, variadic arithmetic, scopes … all pass but
 * the differences listed above. */
static void community_suites(void **state) {
    (void)state;
    json_error_t jerr;
    json_t *index = json_load_file(YW_SOURCE_DIR "/tests/data/jsonlogic/community/index.json", 0, &jerr);
    if (!index) fail_msg("index.json: %s", jerr.text);
    assert_true(json_array_size(index) >= 40);
    int passed = 0, differences = 0, unexpected = 0;
    size_t i;
    json_t *name;
    json_array_foreach(index, i, name) {
        char path[512];
        snprintf(path, sizeof path, "%s/tests/data/jsonlogic/community/%s", YW_SOURCE_DIR, json_string_value(name));
        json_t *suite = json_load_file(path, 0, &jerr);
        if (!suite) fail_msg("%s: %s", path, jerr.text);
        community_run run = {json_string_value(name), 0, 0};
        yw_rule_suite_result r;
        yw_err err;
        assert_int_equal(yw_rule_suite_run(suite, community_failure, &run, &r, &err), 0);
        assert_int_equal(r.failed, run.unexpected + run.expected);
        passed += r.passed, differences += run.expected, unexpected += run.unexpected;
        json_decref(suite);
    }
    json_decref(index);
    print_message("community suites: %d passed, %d known differences, %d failed\n", passed, differences, unexpected);
    assert_int_equal(unexpected, 0);
    assert_int_equal(differences, (int)(sizeof community_differences / sizeof community_differences[0]));
    assert_int_equal(passed + differences, 860);
}

/* The community's newer operators, on records such as ours. */
static void newer_operators(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    const char *ent = "{\"name\":\"青岛海尔\",\"employees\":35,\"revenue_fen\":null,\"labels\":[\"专精特新\"],"
                      "\"address\":{\"district\":\"市南区\",\"a.b\":1},\"staff\":[{\"age\":30},{\"age\":41}]}";
    /* val: a path of keys, no dots split; [] the data; a missing key null */
    EXPECT("{\"val\":\"employees\"}", ent, "35");
    EXPECT("{\"val\":[\"address\",\"district\"]}", ent, "\"市南区\"");
    EXPECT("{\"val\":[\"address\",\"a.b\"]}", ent, "1");
    EXPECT("{\"val\":\"address.district\"}", ent, "null");
    EXPECT("{\"val\":[\"labels\",0]}", ent, "\"专精特新\"");
    EXPECT("{\"val\":[\"labels\",\"length\"]}", ent, "1");
    EXPECT("{\"val\":[\"nowhere\",\"x\"]}", ent, "null");
    EXPECT("{\"val\":[]}", "7", "7");
    EXPECT("{\"val\":{\"cat\":[\"employ\",\"ees\"]}}", ent, "35");
    /* climbing out of an iteration: [1] is the element's index, [2] the data around */
    EXPECT("{\"map\":[{\"val\":\"staff\"},{\"+\":[{\"val\":\"age\"},{\"val\":[[1],\"index\"]}]}]}", ent, "[30,42]");
    EXPECT("{\"filter\":[{\"val\":\"staff\"},{\">\":[{\"val\":\"age\"},{\"val\":[[2],\"employees\"]}]}]}", ent,
           "[{\"age\":41}]");
    EXPECT("{\"val\":[[3],\"x\"]}", ent, "null"); /* past the top */
    /* exists: present, even when null */
    EXPECT("{\"exists\":\"revenue_fen\"}", ent, "true");
    EXPECT("{\"exists\":[\"address\",\"district\"]}", ent, "true");
    EXPECT("{\"exists\":[\"address\",\"street\"]}", ent, "false");
    EXPECT("{\"exists\":[\"name\",\"length\"]}", ent, "false"); /* a string has no keys to `in` */
    EXPECT("{\"exists\":[\"labels\",0]}", ent, "true");
    /* ??: the first that is not null */
    EXPECT("{\"??\":[{\"val\":\"revenue_fen\"},{\"val\":\"employees\"},0]}", ent, "35");
    EXPECT("{\"??\":[null,false,1]}", "null", "false");
    EXPECT("{\"??\":[]}", "null", "null");
    /* comparisons chained over any number of arguments, lazily */
    EXPECT("{\">\":[100,{\"val\":\"employees\"},20,10]}", ent, "true");
    EXPECT("{\"<=\":[10,{\"val\":\"employees\"},30]}", ent, "false");
    EXPECT("{\"==\":[1,1.0,\"1\"]}", "null", "true");
    EXPECT("{\"===\":[1,1,\"1\"]}", "null", "false");
    EXPECT("{\">\":[1,2,{\"throw\":\"never\"}]}", "null", "false");
    /* arithmetic of any number of operands; one operation's array spread into them */
    EXPECT("{\"-\":[100,1,2,3]}", "null", "94");
    EXPECT("{\"/\":[120,2,3]}", "null", "20");
    EXPECT("{\"/\":4}", "null", "0.25");
    EXPECT("{\"%\":[17,10,4]}", "null", "3");
    EXPECT("{\"*\":[]}", "null", "1");
    EXPECT("{\"+\":{\"val\":\"xs\"}}", "{\"xs\":[1,2,3]}", "6");
    EXPECT("{\"max\":{\"map\":[{\"val\":\"staff\"},{\"val\":\"age\"}]}}", ent, "41");
    EXPECT("{\"cat\":{\"val\":\"xs\"}}", "{\"xs\":[\"青岛\",\"市\"]}", "\"青岛市\"");
    raises("{\"-\":{\"val\":\"xs\"}}", "{\"xs\":[]}", "rule_invalid_arguments", "\"Invalid Arguments\"");
    raises("{\"%\":{\"val\":\"xs\"}}", "{\"xs\":[5]}", "rule_invalid_arguments", "\"Invalid Arguments\"");
    /* {} and [] are values; and, or of nothing are false; preserve writes data as it is */
    EXPECT("{}", "null", "{}");
    EXPECT("[]", "null", "[]");
    EXPECT("{\"!!\":[{}]}", "null", "true");
    EXPECT("{\"if\":[{},1,2]}", "null", "1");
    EXPECT("{\"and\":[]}", "null", "false");
    EXPECT("{\"or\":[]}", "null", "false");
    EXPECT("{\"!\":[]}", "null", "true");
    EXPECT("{\"preserve\":{\"var\":\"x\",\"n\":[1]}}", "{\"x\":2}", "{\"var\":\"x\",\"n\":[1]}");
    EXPECT("{\"+\":{\"preserve\":[7,8]}}", "null", "15");
    yw_arena_reset(&a);
}

/* throw and try: a clean error, with its type, caught by try (the later arguments see it as
 * data); the evaluation's limits are not caught. */
static void throw_and_try(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    raises("{\"throw\":\"未满一年\"}", "null", "rule_thrown", "\"未满一年\"");
    raises("{\"throw\":{\"val\":\"e\"}}", "{\"e\":{\"code\":7,\"message\":\"x\"}}", "rule_thrown", "\"x\"");
    raises("{\"throw\":5}", "null", "rule_thrown", "5");
    raises("{\"if\":[{\"<\":[{\"val\":\"age\"},1]},{\"throw\":\"too young\"},true]}", "{\"age\":0}", "rule_thrown",
           "\"too young\"");
    raises("{\"try\":[{\"throw\":\"a\"},{\"throw\":{\"val\":\"type\"}}]}", "null", "rule_thrown", "\"a\"");
    raises("{\"map\":[[1,2],{\"try\":[{\"/\":[1,0]}]}]}", "null", "rule_nan", "\"NaN\"");
    EXPECT("{\"try\":[{\"/\":[{\"val\":\"fen\"},{\"val\":\"n\"}]},0]}", "{\"fen\":100,\"n\":0}", "0");
    EXPECT("{\"try\":[{\"throw\":\"x\"},{\"cat\":[\"caught \",{\"val\":\"type\"}]}]}", "null", "\"caught x\"");
    EXPECT("{\"try\":[{\"throw\":\"x\"},{\"val\":[[2],\"fallback\"]}]}", "{\"fallback\":9}", "9");
    EXPECT("{\"try\":[{\"+\":[1,\"a\"]},{\"throw\":\"b\"},{\"val\":\"type\"}]}", "null", "\"b\"");
    EXPECT("{\"try\":[1,{\"throw\":\"never\"}]}", "null", "1");
    EXPECT("{\"or\":[true,{\"throw\":\"x\"}]}", "null", "true");
    /* the error's value comes out of yw_rule_eval; the message names it */
    const yw_rule *r;
    yw_err err;
    const char *rule = "{\"throw\":\"不符合条件\"}";
    assert_int_equal(yw_rule_compile(&a, rule, strlen(rule), &r, &err), 0);
    yw_rule_value v;
    assert_int_equal(yw_rule_eval(r, NULL, &a, &v, &err), -1);
    assert_non_null(strstr(err.message, "不符合条件"));
    assert_int_equal(v.type, YW_RULE_OBJECT);
    /* a limit is not caught: three nested iterations over 300 items inside a try */
    char list[2000] = "[0";
    for (int i = 1; i < 300; i++) sprintf(list + strlen(list), ",%d", i);
    strcat(list, "]");
    char *slow =
        yw_arena_printf(&a, "{\"try\":[{\"some\":[%s,{\"some\":[%s,{\"some\":[%s,false]}]}]},true]}", list, list, list);
    assert_int_equal(yw_rule_compile(&a, slow, strlen(slow), &r, &err), 0);
    assert_int_equal(yw_rule_eval(r, NULL, &a, &v, &err), -1);
    assert_string_equal(err.reason, "rule_eval_too_long");
    assert_int_equal(v.type, YW_RULE_NULL);
    yw_arena_reset(&a);
}

/* Explaining rules with the newer operators: a condition that raises is a step with its error,
 * not the end of the explanation; try explains its first argument only. */
static void explanations_of_errors(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    const char *rule = "{\"and\":[{\"exists\":\"employees\"},{\">=\":[{\"val\":\"employees\"},20,10]},"
                       "{\"or\":[true,{\"throw\":\"不可能\"}]},{\"try\":[{\"<\":[{\"val\":\"name\"},5]},false]}]}";
    const yw_rule *r;
    yw_err err;
    assert_int_equal(yw_rule_compile(&a, rule, strlen(rule), &r, &err), 0);
    json_t *rec = json_loads("{\"employees\":25,\"name\":\"海尔\"}", 0, NULL);
    yw_rule_step *steps;
    int n;
    assert_int_equal(yw_rule_explain(r, rec, &a, &steps, &n, &err), 0);
    /* the literal true is no condition: no step */
    const char *pointers[] = {"", "/and/0", "/and/1", "/and/2", "/and/2/or/1", "/and/3", "/and/3/try/0"};
    const char *ops[] = {"and", "exists", ">=", "or", "throw", "try", "<"};
    assert_int_equal(n, 7);
    for (int i = 0; i < n; i++) {
        assert_string_equal(steps[i].pointer, pointers[i]);
        assert_string_equal(steps[i].op, ops[i]);
    }
    assert_null(steps[0].error); /* the try catches the NaN: the rule is false */
    assert_false(yw_rule_truthy(&steps[0].value));
    assert_true(yw_rule_truthy(&steps[2].value));
    assert_int_equal(steps[2].nargs, 3); /* 25 >= 20 >= 10 */
    assert_string_equal(steps[4].error, "不可能"); /* skipped by the or, explained all the same */
    assert_int_equal(steps[4].value.type, YW_RULE_NULL);
    assert_null(steps[5].error);
    assert_string_equal(steps[6].error, "NaN"); /* "海尔" < 5 */
    assert_int_equal(steps[6].nargs, 2);
    json_decref(rec);
    yw_arena_reset(&a);
}

/* Why a record qualifies or not: each condition with its value and a comparison's operands. */
static void explanations(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    const char *rule = "{\"and\":[{\">=\":[{\"var\":\"employees\"},20]},{\"in\":[\"专精特新\",{\"var\":\"labels\"}]},"
                       "{\"or\":[{\"<\":[{\"var\":\"age\"},3]},{\"!\":{\"var\":\"abnormal\"}}]}]}";
    const yw_rule *r;
    yw_err err;
    assert_int_equal(yw_rule_compile(&a, rule, strlen(rule), &r, &err), 0);
    json_t *rec = json_loads("{\"employees\":12,\"labels\":[\"专精特新\"],\"age\":5,\"abnormal\":false}", 0, NULL);
    yw_rule_step *steps;
    int n;
    assert_int_equal(yw_rule_explain(r, rec, &a, &steps, &n, &err), 0);
    assert_int_equal(n, 6);
    const char *pointers[] = {"", "/and/0", "/and/1", "/and/2", "/and/2/or/0", "/and/2/or/1"};
    const char *ops[] = {"and", ">=", "in", "or", "<", "!"};
    const bool values[] = {false, false, true, true, false, true};
    for (int i = 0; i < n; i++) {
        assert_string_equal(steps[i].pointer, pointers[i]);
        assert_string_equal(steps[i].op, ops[i]);
        assert_int_equal(yw_rule_truthy(&steps[i].value), values[i]);
    }
    /* the comparison that fails, with what it compared: 12 >= 20 */
    assert_int_equal(steps[1].nargs, 2);
    assert_true(steps[1].args[0].num == 12 && steps[1].args[1].num == 20);
    assert_int_equal(steps[1].depth, 1);
    assert_int_equal(steps[4].depth, 2);
    json_decref(rec);
    yw_arena_reset(&a);
}

/* The reason and the pointer a refused rule gets. */
static void refused(const char *rule, const char *reason, const char *pointer) {
    yw_arena a;
    yw_arena_init(&a);
    const yw_rule *r = NULL;
    yw_err err;
    memset(&err, 0, sizeof err);
    if (yw_rule_compile(&a, rule, strlen(rule), &r, &err) == 0) fail_msg("%s was accepted", rule);
    if (!err.reason || strcmp(err.reason, reason) != 0)
        fail_msg("%s: reason %s, expected %s (%s)", rule, err.reason ? err.reason : "(none)", reason, err.message_en);
    if (pointer && strcmp(err.field, pointer) != 0) fail_msg("%s: field \"%s\", expected \"%s\"", rule, err.field, pointer);
    assert_int_equal(err.code, YW_ERR_INVALID);
    assert_true(err.message[0] && err.message_en[0]);
    yw_arena_reset(&a);
}

static void errors_name_the_node(void **state) {
    (void)state;
    refused("{\"and\":[{\"==\":[1,1]},{\"foo\":[1]}]}", "rule_unknown_operator", "/and/1");
    refused("{\"bar\":1}", "rule_unknown_operator", "");
    refused("{\"if\":[true,{\"var\":{\"nope\":1}}]}", "rule_unknown_operator", "/if/1/var");
    refused("{\"map\":[[1],{\"a/b~c\":1}]}", "rule_unknown_operator", "/map/1");
    refused("{\"or\":[{\"in\":[{\"x~/\":[]}]}]}", "rule_arity_exact", "/or/0");
    refused("{\"or\":[true,{\"in\":[1,[{\"x~/\":[]}]]}]}", "rule_unknown_operator", "/or/1/in/1/0");
    refused("{\"==\":[1]}", "rule_arity_minimum", "");
    refused("{\"<\":[1]}", "rule_arity_minimum", "");
    refused("{\"substr\":[\"a\"]}", "rule_arity", "");
    refused("{\"throw\":[]}", "rule_arity_exact", "");
    refused("{\"try\":[]}", "rule_arity_minimum", "");
    refused("{\"%\":[1]}", "rule_arity_minimum", "");
    refused("{\"-\":[]}", "rule_arity_minimum", "");
    refused("{\"var\":[\"a\",1,2]}", "rule_arity", "");
    refused("{\"and\":[{\"a\":1,\"b\":2}]}", "rule_operation_keys", "/and/0");
    refused("{\"a\":1,\"b\":2}", "rule_operation_keys", "");
    /* json-logic-engine's "Invalid Arguments": these operators take their arguments as an array */
    refused("{\"and\":true}", "rule_arguments_array", "");
    refused("{\"or\":[{\"if\":\"x\"}]}", "rule_arguments_array", "/or/0");
    refused("{\"<\":{\"var\":\"xs\"}}", "rule_arguments_array", "");
    refused("{\"map\":5}", "rule_arguments_array", "");
    refused("{\"??\":null}", "rule_arguments_array", "");
    refused("{\"and\":[true,", "rule_not_json", "");
    refused("", "rule_not_json", "");
    refused("{\"==\":[1,1],\"==\":[2,2]}", "rule_not_json", "");

    /* the messages name the pointer and the operator in both languages */
    yw_arena a;
    yw_arena_init(&a);
    const yw_rule *r;
    yw_err err;
    const char *rule = "{\"and\":[true,{\"专精\":1}]}";
    assert_int_equal(yw_rule_compile(&a, rule, strlen(rule), &r, &err), -1);
    assert_string_equal(err.field, "/and/1");
    assert_non_null(strstr(err.message, "/and/1"));
    assert_non_null(strstr(err.message, "专精"));
    assert_non_null(strstr(err.message_en, "unknown operator \"专精\""));
    rule = "{\"substr\":[\"a\",1,2,3]}";
    assert_int_equal(yw_rule_compile(&a, rule, strlen(rule), &r, &err), -1);
    assert_string_equal(err.message_en, "rule at \"\": substr takes 2 to 3 arguments, got 4");
    yw_arena_reset(&a);
}

/* A rule nested n levels deep: {"!":{"!":…true…}} */
static char *nested(int n) {
    char *s = malloc((size_t)n * 7 + 8);
    assert_non_null(s);
    char *p = s;
    for (int i = 0; i < n; i++) p += sprintf(p, "{\"!\":");
    p += sprintf(p, "true");
    for (int i = 0; i < n; i++) *p++ = '}';
    *p = '\0';
    return s;
}

static void limits(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    /* 64 steps deep is allowed, 65 is not; the pointer names the first node too deep */
    char *ok = nested(YW_RULE_MAX_DEPTH);
    EXPECT(ok, "null", "true");
    char *deep = nested(YW_RULE_MAX_DEPTH + 1);
    const yw_rule *r;
    yw_err err;
    assert_int_equal(yw_rule_compile(&a, deep, strlen(deep), &r, &err), -1);
    assert_string_equal(err.reason, "rule_too_deep");
    assert_int_equal(strncmp(err.field, "/!/!/!/!", 8), 0);
    free(ok);
    free(deep);
    /* deeper than the JSON parser goes: still a clear refusal */
    deep = nested(5000);
    assert_int_equal(yw_rule_compile(&a, deep, strlen(deep), &r, &err), -1);
    assert_string_equal(err.reason, "rule_not_json");
    free(deep);
    /* arrays count as levels too */
    char big[400] = "";
    for (int i = 0; i < 70; i++) strcat(big, "[");
    for (int i = 0; i < 70; i++) strcat(big, "]");
    assert_int_equal(yw_rule_compile(&a, big, strlen(big), &r, &err), -1);
    assert_string_equal(err.reason, "rule_too_deep");
    /* too long */
    size_t n = YW_RULE_MAX_BYTES + 10;
    char *longr = malloc(n + 1);
    assert_non_null(longr);
    memset(longr, ' ', n);
    longr[0] = '1';
    longr[n] = '\0';
    assert_int_equal(yw_rule_compile(&a, longr, n, &r, &err), -1);
    assert_string_equal(err.reason, "rule_too_large");
    free(longr);
    /* a reduce that doubles a string each step stops at the evaluation's memory bound */
    const char *grow = "{\"reduce\":[{\"var\":\"xs\"},{\"cat\":[{\"var\":\"accumulator\"},{\"var\":\"accumulator\"}]},\"ab\"]}";
    assert_int_equal(yw_rule_compile(&a, grow, strlen(grow), &r, &err), 0);
    json_t *xs = json_array();
    for (int i = 0; i < 40; i++) json_array_append_new(xs, json_integer(i));
    json_t *d = json_pack("{so}", "xs", xs);
    yw_rule_value v;
    assert_int_equal(yw_rule_eval(r, d, &a, &v, &err), -1);
    assert_string_equal(err.reason, "rule_eval_too_large");
    json_decref(d);
    /* nested iterations over long arrays stop at the step bound (inside some, var reads the
     * element: the inner arrays are constants of the rule) */
    char list[2000] = "[0";
    for (int i = 1; i < 300; i++) sprintf(list + strlen(list), ",%d", i);
    strcat(list, "]");
    char *slow = yw_arena_printf(&a, "{\"some\":[%s,{\"some\":[%s,{\"some\":[%s,false]}]}]}", list, list, list);
    assert_non_null(slow);
    assert_int_equal(yw_rule_compile(&a, slow, strlen(slow), &r, &err), 0);
    assert_int_equal(yw_rule_eval(r, NULL, &a, &v, &err), -1);
    assert_string_equal(err.reason, "rule_eval_too_long");
    /* arrays nested by a reduce past what can be written as text */
    const char *wrap = "{\"cat\":[{\"reduce\":[{\"var\":\"xs\"},[{\"var\":\"accumulator\"}],0]}]}";
    assert_int_equal(yw_rule_compile(&a, wrap, strlen(wrap), &r, &err), 0);
    xs = json_array();
    for (int i = 0; i < 1000; i++) json_array_append_new(xs, json_integer(i));
    d = json_pack("{so}", "xs", xs);
    assert_int_equal(yw_rule_eval(r, d, &a, &v, &err), -1);
    assert_string_equal(err.reason, "rule_eval_too_deep");
    json_decref(d);
    yw_arena_reset(&a);
}

static void numbers(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    /* numbers are doubles, as in JavaScript: exact integers up to 2^53 */
    EXPECT("{\"+\":[9007199254740991,1]}", "null", "9007199254740992");
    EXPECT("{\">\":[12345678901234567890,9007199254740993]}", "null", "true");
    EXPECT("12345678901234567890", "null", "1.2345678901234567e19");
    EXPECT("{\"*\":[{\"var\":\"fen\"},100]}", "{\"fen\":123456789012}", "12345678901200");
    EXPECT("{\"*\":[1e300,1e300]}", "null", "null"); /* Infinity is written as null */
    EXPECT("{\"!!\":[{\"*\":[1e300,1e300]}]}", "null", "true");
    /* what is no number raises NaN (json-logic-engine), where json-logic-js computed on with NaN */
    raises("{\"/\":[1,0]}", "null", "rule_nan", "\"NaN\"");
    raises("{\"/\":[0,0]}", "null", "rule_nan", "\"NaN\"");
    raises("{\"%\":[1,0]}", "null", "rule_nan", "\"NaN\"");
    raises("{\"+\":[\" 12px\",1]}", "null", "rule_nan", "\"NaN\"");
    raises("{\"-\":[\"12px\",1]}", "null", "rule_nan", "\"NaN\"");
    raises("{\"*\":[[2],1]}", "null", "rule_nan", "\"NaN\"");
    raises("{\"+\":[{\"var\":\"o\"},1]}", "{\"o\":{}}", "rule_nan", "\"NaN\"");
    raises("{\"min\":[1,\"x\"]}", "null", "rule_nan", "\"NaN\"");
    EXPECT("{\"%\":[-7,2]}", "null", "-1");
    EXPECT("{\"-\":\"5\"}", "null", "-5");
    EXPECT("{\"+\":[0.1,0.2]}", "null", "0.30000000000000004");
    EXPECT("{\"cat\":[0.5,\"|\",1e21,\"|\",1e-7,\"|\",-0]}", "null", "\"0.5|1e+21|1e-7|0\"");
    EXPECT("{\"+\":[\" 12 \",\"3.5e1\",\"\",null,true]}", "null", "48"); /* Number(): blanks, "" and null 0 */
    EXPECT("{\"-\":[\"0x10\",1]}", "null", "15");
    EXPECT("{\"max\":[1,\"3\",2]}", "null", "3");
    EXPECT("{\"min\":[{\"var\":\"fen\"},5]}", "{}", "0"); /* null is 0, as json-logic-js has it */
    EXPECT("{\"==\":[1,1.0]}", "null", "true");
    EXPECT("{\"<\":[-1e308,0,1e308]}", "null", "true");
    EXPECT("{\"<=\":[1,1,1]}", "null", "true");
    EXPECT("{\">\":[3,2]}", "null", "true");
    EXPECT("{\">=\":[3,3]}", "null", "true");
    yw_arena_reset(&a);
}

static void equality_and_conversions(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    EXPECT("{\"==\":[null,0]}", "null", "true"); /* a number against null: null is 0 */
    EXPECT("{\"==\":[null,\"\"]}", "null", "false");
    EXPECT("{\"==\":[null,null]}", "null", "true");
    EXPECT("{\"==\":[true,1]}", "null", "true");
    EXPECT("{\"==\":[true,\"1\"]}", "null", "true");
    EXPECT("{\"==\":[false,\"\"]}", "null", "true");
    EXPECT("{\"==\":[\"\",0]}", "null", "true");
    raises("{\"==\":[[1],1]}", "null", "rule_nan", "\"NaN\"");
    raises("{\"!=\":[[1,2],\"1,2\"]}", "null", "rule_nan", "\"NaN\"");
    EXPECT("{\"===\":[[1],[1]]}", "null", "false"); /* two arrays: never the same one */
    EXPECT("{\"===\":[[],[]]}", "null", "false");
    EXPECT("{\"===\":[{\"var\":\"x\"},{\"var\":\"x\"}]}", "{\"x\":[]}", "true"); /* the record's own array */
    EXPECT("{\"in\":[[],[[]]]}", "null", "false");
    EXPECT("{\"===\":[\"青岛\",\"青岛\"]}", "null", "true");
    EXPECT("{\"!==\":[null,false]}", "null", "true");
    EXPECT("{\"<\":[\"a\",\"b\"]}", "null", "true");
    EXPECT("{\"<\":[\"10\",\"9\"]}", "null", "true"); /* two strings: by characters */
    EXPECT("{\"<\":[\"10\",9]}", "null", "false");
    EXPECT("{\"<\":[null,1]}", "null", "true");
    EXPECT("{\"<\":[null,\"x\"]}", "null", "false");
    raises("{\"<\":[\"x\",1]}", "null", "rule_nan", "\"NaN\"");
    raises("{\">=\":[\"x\",1]}", "null", "rule_nan", "\"NaN\"");
    raises("{\"==\":[\"x\",1]}", "null", "rule_nan", "\"NaN\"");
    EXPECT("{\"cat\":[null,true,[1,[2,null]],{\"var\":\"o\"}]}", "{\"o\":{}}", "\"true1,2,[object Object]\"");
    EXPECT("{\"or\":[0,\"\",[]]}", "null", "[]");
    EXPECT("{\"and\":[1,\"a\",{\"var\":\"o\"}]}", "{\"o\":{\"k\":1}}", "{\"k\":1}");
    EXPECT("{\"!\":{\"var\":\"o\"}}", "{\"o\":{}}", "false"); /* objects are truthy */
    EXPECT("{\"in\":[1,[\"1\",2]]}", "null", "false"); /* in an array: strict equality */
    EXPECT("{\"in\":[\"\",\"abc\"]}", "null", "true");
    EXPECT("{\"in\":[\"a\",null]}", "null", "false");
    EXPECT("{\"log\":{\"cat\":[\"a\",1]}}", "null", "\"a1\"");
    EXPECT("{\"var\":[\"a.0.b\"]}", "{\"a\":[{\"b\":\"x\"}]}", "\"x\"");
    EXPECT("{\"var\":[\"a.01\",\"d\"]}", "{\"a\":[1,2]}", "\"d\"");
    EXPECT("{\"var\":[\"a\",\"d\"]}", "{\"a\":null}", "null"); /* present but null: no default */
    EXPECT("{\"var\":\"a.b\"}", "{\"a.b\":1,\"a\":{\"b\":2}}", "2");
    /* as in JavaScript: lengths, a string's characters; a key written as "" is the key "" */
    EXPECT("{\"var\":\"labels.length\"}", "{\"labels\":[\"a\",\"b\"]}", "2");
    EXPECT("{\"var\":\"name.length\"}", "{\"name\":\"青岛海尔\"}", "4");
    EXPECT("{\"var\":\"name.1\"}", "{\"name\":\"青岛海尔\"}", "\"岛\"");
    EXPECT("{\"var\":\"o.length\"}", "{\"o\":{\"length\":7}}", "7");
    EXPECT("{\"var\":[[]]}", "{\"\":5,\"x\":1}", "5");
    EXPECT("{\"missing\":[0,5]}", "\"abc\"", "[5]");
    EXPECT("{\"missing_some\":[0,\"a\"]}", "{\"a\":1}", "[]");
    EXPECT("{\"missing_some\":[1,\"bc\"]}", "{\"a\":1}", "[]"); /* "bc" has length 2 */
    EXPECT("{\"missing_some\":[1,5]}", "{\"a\":1}", "[5]");
    EXPECT("{\"missing\":[\"a\",\"b\",\"c\"]}", "{\"a\":\"\",\"b\":0,\"c\":false}", "[\"a\"]");
    EXPECT("{\"missing_some\":[1,[\"a\",\"b\"]]}", "{\"a\":null}", "[\"a\",\"b\"]");
    EXPECT("{\"reduce\":[[1,2],{\"var\":\"\"},null]}", "null", "{\"current\":2,\"accumulator\":{\"current\":1,\"accumulator\":null}}");
    EXPECT("{\"reduce\":[{\"var\":\"none\"},{\"var\":\"current\"},7]}", "null", "7");
    EXPECT("{\"map\":[[1,2],[{\"var\":\"\"},{\"+\":[{\"var\":\"\"},1]}]]}", "null", "[[1,2],[2,3]]");
    EXPECT("{\"filter\":[{\"var\":\"a\"},{\"var\":\"ok\"}]}", "{\"a\":[{\"ok\":1,\"n\":1},{\"ok\":0,\"n\":2}]}", "[{\"ok\":1,\"n\":1}]");
    EXPECT("{\"all\":[\"abc\",true]}", "null", "false");
    EXPECT("{\"some\":[null,true]}", "null", "false");
    EXPECT("{\"none\":[null,true]}", "null", "true");
    EXPECT("{\"merge\":[[1,[2]],3,[[4]]]}", "null", "[1,[2],3,[4]]");
    EXPECT("{\"?:\":[false,1]}", "null", "null");
    EXPECT("{\"if\":[\"x\"]}", "null", "\"x\"");
    EXPECT("{\"substr\":[\"jsonlogic\",2,-100]}", "null", "\"\"");
    EXPECT("{\"substr\":[\"jsonlogic\",100]}", "null", "\"\"");
    EXPECT("{\"substr\":[12345,1,2]}", "null", "\"23\"");
    yw_arena_reset(&a);
}

static void chinese(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    EXPECT("{\"cat\":[\"专精特新\",\"“小巨人”\",\"企业\"]}", "null", "\"专精特新“小巨人”企业\"");
    /* substr counts characters, not bytes */
    EXPECT("{\"substr\":[\"青岛市市南区\",0,3]}", "null", "\"青岛市\"");
    EXPECT("{\"substr\":[\"青岛市市南区\",-3]}", "null", "\"市南区\"");
    EXPECT("{\"substr\":[\"青岛市市南区\",1,-2]}", "null", "\"岛市市\"");
    EXPECT("{\"substr\":[{\"var\":\"name\"},-4]}", "{\"name\":\"青岛海尔😀有限公司\"}", "\"有限公司\"");
    EXPECT("{\"in\":[\"海尔\",{\"var\":\"name\"}]}", "{\"name\":\"青岛海尔有限公司\"}", "true");
    EXPECT("{\"in\":[\"海信\",{\"var\":\"name\"}]}", "{\"name\":\"青岛海尔有限公司\"}", "false");
    EXPECT("{\"var\":\"企业.名称\"}", "{\"企业\":{\"名称\":\"海尔\"}}", "\"海尔\"");
    EXPECT("{\"missing\":[\"企业.地址\"]}", "{\"企业\":{\"名称\":\"海尔\"}}", "[\"企业.地址\"]");
    EXPECT("{\"==\":[{\"var\":\"区\"},\"市南区\"]}", "{\"区\":\"市南区\"}", "true");
    yw_arena_reset(&a);
}

/* A benefit's eligibility: manufacturing or IT, ten employees or more, labelled 专精特新. */
static void eligibility(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    const char *rule = "{\"and\":[{\"in\":[{\"var\":\"industry\"},[\"C\",\"I\"]]},{\">=\":[{\"var\":\"employees\"},10]},"
                       "{\"in\":[\"专精特新\",{\"var\":\"labels\"}]}]}";
    const yw_rule *r;
    yw_err err;
    assert_int_equal(yw_rule_compile(&a, rule, strlen(rule), &r, &err), 0);
    struct {
        const char *record;
        bool eligible;
    } cases[] = {
        {"{\"industry\":\"C\",\"employees\":12,\"labels\":[\"高新技术企业\",\"专精特新\"]}", true},
        {"{\"industry\":\"I\",\"employees\":10,\"labels\":[\"专精特新\"]}", true},
        {"{\"industry\":\"F\",\"employees\":500,\"labels\":[\"专精特新\"]}", false},
        {"{\"industry\":\"C\",\"employees\":9,\"labels\":[\"专精特新\"]}", false},
        {"{\"industry\":\"C\",\"employees\":12,\"labels\":[\"高新技术企业\"]}", false},
        {"{\"industry\":\"C\",\"employees\":12}", false}, /* no labels at all */
        {"{}", false},
        {"null", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *d = json_loads(cases[i].record, JSON_DECODE_ANY, NULL);
        assert_non_null(d);
        yw_rule_value v;
        assert_int_equal(yw_rule_eval(r, d, &a, &v, &err), 0);
        if (yw_rule_truthy(&v) != cases[i].eligible) fail_msg("%s: expected %d", cases[i].record, cases[i].eligible);
        json_decref(d);
    }
    /* the same compiled rule, many records, one arena reset between them */
    json_t *d = json_loads(cases[0].record, 0, NULL);
    for (int i = 0; i < 10000; i++) {
        yw_arena scratch;
        yw_arena_init(&scratch);
        yw_rule_value v;
        assert_int_equal(yw_rule_eval(r, d, &scratch, &v, &err), 0);
        assert_true(yw_rule_truthy(&v));
        yw_arena_reset(&scratch);
    }
    json_decref(d);

    /* an amount rule in fen: 10% of last year's R&D spending, at most 500,000 yuan */
    EXPECT("{\"min\":[{\"*\":[{\"var\":\"rd_fen\"},0.1]},50000000]}", "{\"rd_fen\":123456700}", "12345670");
    EXPECT("{\"min\":[{\"*\":[{\"var\":\"rd_fen\"},0.1]},50000000]}", "{\"rd_fen\":900000000}", "50000000");
    /* a bundle's inclusion condition over the questionnaire's answers */
    EXPECT("{\"or\":[{\"==\":[{\"var\":\"answers.sells_cooked_food\"},true]},{\"in\":[\"餐饮\",{\"var\":\"answers.scope\"}]}]}",
           "{\"answers\":{\"sells_cooked_food\":false,\"scope\":\"餐饮服务、食品销售\"}}", "true");
    EXPECT("{\"if\":[{\"missing\":[\"answers.area\"]},\"ask\",{\">\":[{\"var\":\"answers.area\"},100]},\"large\",\"small\"]}",
           "{\"answers\":{}}", "\"ask\"");
    yw_arena_reset(&a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(jsonlogic_suite),
        cmocka_unit_test(community_suites), cmocka_unit_test(newer_operators), cmocka_unit_test(throw_and_try),
        cmocka_unit_test(explanations_of_errors),
        cmocka_unit_test(explanations), cmocka_unit_test(errors_name_the_node), cmocka_unit_test(limits),
        cmocka_unit_test(numbers),         cmocka_unit_test(equality_and_conversions),
        cmocka_unit_test(chinese),         cmocka_unit_test(eligibility),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
