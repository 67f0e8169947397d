/* Rules: JsonLogic (jsonlogic.com) in C. A rule is JSON text, parsed and checked once into a
 * compiled tree owned by an arena (unknown operators, wrong arity, too deep or too large are
 * refused there, with the JSON pointer of the bad node), then evaluated against data records
 * as often as needed with the semantics of the reference implementation, json-logic-js.
 * A compiled rule is immutable: threads may evaluate it at once, each with its own arena.
 * Depends only on base/ and jansson. See README.md and docs/rules.md. */
#ifndef YW_RULES_H
#define YW_RULES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"

/* The largest rule, in bytes of JSON text. */
#define YW_RULE_MAX_BYTES (64 * 1024)
/* The deepest nesting: the number of steps of the JSON pointer of the deepest node. */
#define YW_RULE_MAX_DEPTH 64
/* The most memory one evaluation may take from its arena (a reduce that grows a string without
 * end is stopped here, not by the machine). */
#define YW_RULE_EVAL_MAX_BYTES (64u * 1024 * 1024)
/* The most steps (operations and values evaluated) of one evaluation: nested map, filter, some…
 * over long arrays multiply, and a rule must not hold a core for minutes. */
#define YW_RULE_EVAL_MAX_STEPS 20000000

typedef enum {
    YW_RULE_NULL,
    YW_RULE_BOOL,
    YW_RULE_NUMBER, /* a double, as in JavaScript */
    YW_RULE_STRING, /* UTF-8, counted */
    YW_RULE_ARRAY,
    YW_RULE_OBJECT,
} yw_rule_type;

/* A value a rule computes. Arrays and objects are either the rule's own (items, keys) or a
 * part of the data record (json, borrowed): a value lives as long as the arena it was computed
 * in and the record it was computed from. */
typedef struct yw_rule_value yw_rule_value;
struct yw_rule_value {
    yw_rule_type type;
    bool b;
    double num;
    const char *str; /* STRING */
    size_t len;      /* STRING: bytes; ARRAY, OBJECT of the rule's own: items */
    const yw_rule_value *items;  /* ARRAY, OBJECT: the rule's own values */
    const char *const *keys;     /* OBJECT: the rule's own keys, NUL-terminated */
    const json_t *json;          /* ARRAY, OBJECT: from the record, when not NULL */
};

typedef struct yw_rule yw_rule;

/* Parses and checks a rule given as JSON text (len bytes, no NUL needed). On success *out is a
 * compiled rule owned by a. On failure returns -1 with err filled: the reason (rule_not_json,
 * rule_too_large, rule_too_deep, rule_unknown_operator, rule_arity…, rule_operation_keys) and,
 * in err->field, the JSON pointer of the bad node inside the rule ("" for the whole rule). */
int yw_rule_compile(yw_arena *a, const char *text, size_t len, const yw_rule **out, yw_err *err);
/* As yw_rule_compile, from a parsed document (numbers become doubles). */
int yw_rule_compile_json(yw_arena *a, const json_t *rule, const yw_rule **out, yw_err *err);

/* Evaluates a compiled rule against one record (any JSON value; NULL stands for null). The
 * result's memory comes from a. Fails only when memory runs out or the evaluation passes
 * YW_RULE_EVAL_MAX_BYTES (rule_eval_too_large) or YW_RULE_EVAL_MAX_STEPS (rule_eval_too_long),
 * or builds arrays nested past what can be turned into text (rule_eval_too_deep); a compiled
 * rule never fails on the shape of the data. */
int yw_rule_eval(const yw_rule *rule, const json_t *record, yw_arena *a, yw_rule_value *out, yw_err *err);

/* JsonLogic's truthiness: false, null, 0, NaN, "" and [] are false; everything else true. */
bool yw_rule_truthy(const yw_rule_value *v);
/* The value as a new JSON reference (json_decref it), or NULL when out of memory or nested
 * deeper than 256 levels (only a reduce that wraps its accumulator builds that). Integral
 * numbers up to 2^53 become JSON integers; NaN and the infinities become null, as
 * JSON.stringify makes them. */
json_t *yw_rule_value_json(const yw_rule_value *v);

/* ---- explanations (explain.c) ---- */

/* One condition of a rule and what it gave for a record. */
typedef struct {
    const char *pointer;       /* where in the rule: "" the rule itself, "/and/1" its second condition */
    const char *op;            /* "and", ">=", "in", … */
    int depth;                 /* nesting, from 0 */
    yw_rule_value value;       /* what the condition gave */
    const yw_rule_value *args; /* a comparison's (==, <, in …) operands as evaluated; else NULL */
    size_t nargs;
} yw_rule_step;

/* The conditions of a rule (logical operations, comparisons, in, missing, all/some/none) in
 * the rule's order, each with its value for the record and a comparison's operands, so that a
 * page can say why an entity qualifies or not. Arena memory. */
int yw_rule_explain(const yw_rule *rule, const json_t *record, yw_arena *a, yw_rule_step **out, int *count,
                    yw_err *err);

/* ---- suites (suite.c) ---- */

/* Two JSON values alike, numbers compared by value (17 and 17.0 are the same). */
bool yw_rule_json_same(const json_t *a, const json_t *b);

/* A case of a suite that did not give its expected result; texts live until the callback returns. */
typedef struct {
    size_t index;                          /* in the suite's array, from 0 */
    const char *rule, *data, *expected;    /* compact JSON */
    const char *got;                       /* compact JSON, or NULL when the rule failed */
    const char *error;                     /* then why (English) */
} yw_rule_suite_failure;
typedef void (*yw_rule_suite_failed)(void *ctx, const yw_rule_suite_failure *f);
typedef struct {
    int passed, failed;
} yw_rule_suite_result;

/* Runs a suite in jsonlogic.com's tests.json form — an array of [rule, data, expected] cases
 * with comment strings between — each rule through the text path; on_failure (may be NULL) is
 * called for each case that fails. -1 only when the suite is not of that form
 * (rule_suite, rule_suite_case naming the index). */
int yw_rule_suite_run(const json_t *suite, yw_rule_suite_failed on_failure, void *ctx, yw_rule_suite_result *out,
                      yw_err *err);

#endif
