/* yiwang rule: JsonLogic rules from the command line, with the engine the platform uses for
 * bundle conditions and policies (src/rules/, docs/rules.md).
 *   rule eval RULE_JSON DATA_JSON  prints the result as JSON; a rule the engine refuses: exit 2
 *                                  with the reason and the JSON pointer of the bad node
 *   rule explain RULE_JSON DATA_JSON  each condition of the rule with its value for the record
 *                                  (and a comparison's operands), or the error it raised: why
 *                                  it holds or not
 *   rule test SUITE.json           runs a suite in jsonlogic.com's tests.json form or the JSON
 *                                  Logic community's ({rule, data, result|error}) and ends with
 *                                  "N passed, M failed" (exit 1 when any failed) */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "../rules/rules.h"

#define RULE_SUITE_FILE_MAX (64 * 1024 * 1024)

/* A value as compact JSON on stdout. */
static void print_value(const yw_rule_value *v) {
    json_t *j = yw_rule_value_json(v);
    char *text = j ? json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
    fputs(text ? text : "?", stdout);
    free(text);
    json_decref(j);
}

/* Compiles the rule and parses the data, or reports and returns CLI_USAGE. */
static int rule_and_data(const char *cmd, yw_arena *a, const char *rule_text, const char *data_text,
                         const yw_rule **rule, json_t **data) {
    yw_err err;
    yw_err_clear(&err);
    char text[640];
    if (yw_rule_compile(a, rule_text, strlen(rule_text), rule, &err) < 0) {
        cli_err_text(&err, text, sizeof text);
        fprintf(stderr, "yiwang %s: the rule is refused: %s\n", cmd, text);
        return CLI_USAGE;
    }
    json_error_t jerr;
    if (!(*data = json_loads(data_text, JSON_DECODE_ANY, &jerr))) {
        yw_fail(&err, YW_E_RULE_DATA_JSON, "data", jerr.text);
        cli_fail(cmd, &err);
        return CLI_USAGE;
    }
    return 0;
}

static int rule_eval(const char *rule_text, const char *data_text) {
    yw_arena a;
    yw_arena_init(&a);
    const yw_rule *rule;
    json_t *data = NULL;
    int rc = rule_and_data("rule eval", &a, rule_text, data_text, &rule, &data);
    yw_err err;
    yw_err_clear(&err);
    yw_rule_value v;
    if (!rc && yw_rule_eval(rule, data, &a, &v, &err) < 0) rc = cli_fail("rule eval", &err);
    if (!rc) {
        print_value(&v);
        putchar('\n');
    }
    json_decref(data);
    yw_arena_reset(&a);
    return rc;
}

static int rule_explain(const char *rule_text, const char *data_text) {
    yw_arena a;
    yw_arena_init(&a);
    const yw_rule *rule;
    json_t *data = NULL;
    int rc = rule_and_data("rule explain", &a, rule_text, data_text, &rule, &data);
    yw_rule_step *steps;
    int n;
    yw_err err;
    yw_err_clear(&err);
    if (!rc && yw_rule_explain(rule, data, &a, &steps, &n, &err) < 0) rc = cli_fail("rule explain", &err);
    for (int i = 0; !rc && i < n; i++) {
        printf("%*s", 2 * steps[i].depth, "");
        if (steps[i].error) printf("error %s", steps[i].error);
        else print_value(&steps[i].value);
        printf("  %s", steps[i].op);
        if (steps[i].nargs) {
            fputs(": ", stdout);
            for (size_t k = 0; k < steps[i].nargs; k++) {
                if (k) printf(" %s ", steps[i].op);
                print_value(&steps[i].args[k]);
            }
        }
        printf("  (at \"%s\")\n", steps[i].pointer);
    }
    json_decref(data);
    yw_arena_reset(&a);
    return rc;
}

static void print_failure(void *ctx, const yw_rule_suite_failure *f) {
    (void)ctx;
    printf("FAIL case %zu: %s with %s gave %s, expected %s\n", f->index, f->rule, f->data, f->got ? f->got : f->error,
           f->expected);
}

static int rule_test(const char *file) {
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_err_clear(&err);
    char *data;
    size_t len;
    json_error_t jerr;
    json_t *suite = NULL;
    yw_rule_suite_result r;
    int rc = 0;
    if (cli_read_file(&a, file, RULE_SUITE_FILE_MAX, "规则测试集", "a rule suite", &data, &len, &err) < 0) {
        rc = cli_fail("rule test", &err);
    } else if (!(suite = json_loadb(data, len, 0, &jerr))) {
        fprintf(stderr, "yiwang rule test: %s: not JSON: %s (line %d, column %d)\n", file, jerr.text, jerr.line,
                jerr.column);
        rc = 1;
    } else if (yw_rule_suite_run(suite, print_failure, NULL, &r, &err) < 0) {
        rc = cli_fail("rule test", &err);
    } else {
        printf("%d passed, %d failed\n", r.passed, r.failed);
        rc = r.failed ? 1 : 0;
    }
    json_decref(suite);
    yw_arena_reset(&a);
    return rc;
}

static int cmd_rule(int argc, char **argv) {
    const char *pos[3];
    cli_option opts[] = {{NULL, false, NULL}};
    int n = cli_parse("rule", argc, argv, opts, pos, 3);
    if (n < 0) return CLI_USAGE;
    if (n == 3 && strcmp(pos[0], "eval") == 0) return rule_eval(pos[1], pos[2]);
    if (n == 3 && strcmp(pos[0], "explain") == 0) return rule_explain(pos[1], pos[2]);
    if (n == 2 && strcmp(pos[0], "test") == 0) return rule_test(pos[1]);
    fprintf(stderr, "yiwang rule: expected eval|explain RULE_JSON DATA_JSON or test SUITE.json (see yiwang rule --help)\n");
    return CLI_USAGE;
}

const cli_command cli_rule = {"rule", "eval|explain RULE_JSON DATA_JSON | test SUITE.json",
     "evaluate a JsonLogic rule, or run a suite of rule cases",
     "eval: compiles RULE_JSON (JsonLogic, as bundle conditions and policies are written) and prints\n"
     "its value for the record DATA_JSON as JSON. A rule the engine refuses exits 2 with the reason\n"
     "and the JSON pointer of the bad node, e.g. at \"/and/1\".\n"
     "explain: each condition of the rule (and, or, !, comparisons, in, missing …) with its value for\n"
     "the record and a comparison's operands: why the record qualifies or not.\n"
     "test: runs SUITE.json, an array of [rule, data, expected] cases with comment strings between\n"
     "(the form of jsonlogic.com's tests.json), prints each failing case and ends with the line\n"
     "\"N passed, M failed\"; exit 1 when any failed. Needs no store.",
    cmd_rule};
