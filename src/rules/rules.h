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
#include <stdint.h>

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
 * result's memory comes from a. Fails when the rule raises an error that no `try` of its own
 * catches — what a `throw` throws (rule_thrown), arithmetic or a comparison on what is no number
 * (rule_nan: text, arrays, objects, a division by zero), too few arguments known only as it runs
 * (rule_invalid_arguments) — and then *out is the error's value, {"type": …}, the thrown type or
 * "NaN" or "Invalid Arguments"; or when memory runs out or the evaluation passes
 * YW_RULE_EVAL_MAX_BYTES (rule_eval_too_large) or YW_RULE_EVAL_MAX_STEPS (rule_eval_too_long), or
 * builds arrays nested past what can be turned into text (rule_eval_too_deep), which no `try`
 * catches (then *out is null). */
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
    /* NULL, or the condition failed: the type of the error it raised ("NaN", what a throw threw)
     * or the reason of the limit it passed ("rule_eval_too_long"); its value is then null */
    const char *error;
} yw_rule_step;

/* The conditions of a rule (logical operations, comparisons, in, missing, exists, all/some/none,
 * try, ??, throw) in the rule's order, each with its value for the record — or the error it
 * raised — and a comparison's operands, so that a page can say why an entity qualifies or not.
 * Every condition is evaluated on its own, also those the rule's own evaluation skips (the
 * second argument of an `or` whose first holds). Fails only when memory runs out. Arena memory. */
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

/* ---- batches over columns (batch.c) ---- */

/* Many rules over many records at once: the records held as columns (a table), each rule's
 * conditions evaluated over whole columns — a comparison of a number column with a constant as
 * one vectorised loop, a condition on one coded column once per distinct value and then looked
 * up by code, and/or/!/if as word-wide operations on bitmaps — in blocks of rows that stay in
 * cache, a condition that several rules share computed once, the blocks shared out among
 * threads. A condition that reads several columns at once (or the whole record) is evaluated
 * row by row with the one-record evaluator, on the record of its columns. The answers are
 * those of yw_rule_eval on the record of each row (yw_rule_table_record): the tests compare
 * the two. */

typedef enum {
    YW_RULE_COLUMN_NUMBER, /* doubles, or null */
    YW_RULE_COLUMN_CODED,  /* any JSON values, each distinct value kept once and rows holding
                              its code: text with repeats, small sets such as labels */
} yw_rule_column_kind;

typedef struct {
    const char *name; /* the record's member; no '.' */
    yw_rule_column_kind kind;
} yw_rule_column;

/* Rows of records in columns; rows are added, then each column of the row set (a column not
 * set is null). */
typedef struct yw_rule_table yw_rule_table;

/* A table for up to capacity rows. Its columns and dictionaries live in a; the JSON values it
 * keeps are released by yw_rule_table_release, which the owner calls before resetting a. */
int yw_rule_table_new(yw_arena *a, const yw_rule_column *columns, int ncolumns, size_t capacity,
                      yw_rule_table **out, yw_err *err);
void yw_rule_table_release(yw_rule_table *t);
/* The column of that name, or -1. */
int yw_rule_table_column(const yw_rule_table *t, const char *name);
size_t yw_rule_table_rows(const yw_rule_table *t);
/* Adds a row of nulls and gives its index; rule_table_full past the capacity. */
int yw_rule_table_add_row(yw_rule_table *t, size_t *row, yw_err *err);
void yw_rule_table_set_number(yw_rule_table *t, int column, size_t row, double x);
/* A coded column's value as text (s NULL: null). Fails only when memory runs out. */
int yw_rule_table_set_text(yw_rule_table *t, int column, size_t row, const char *s, size_t len, yw_err *err);
/* A coded column's value known by key: the first time a key is seen, make(ctx) builds the
 * value (a new reference, which the table keeps); later rows with the key share it. */
int yw_rule_table_set_keyed(yw_rule_table *t, int column, size_t row, const char *key, size_t klen,
                            json_t *(*make)(void *ctx), void *ctx, yw_err *err);
/* The record of a row: an object of every column (a new reference, NULL when out of memory). */
json_t *yw_rule_table_record(const yw_rule_table *t, size_t row);
/* The columns whose member a rule reads; *whole when it reads the record itself or members
 * it names only at evaluation (a var of a computed path), so every column is needed. */
bool yw_rule_reads(const yw_rule *rule, const char *member, bool *whole);

typedef struct yw_rule_batch yw_rule_batch;

/* How the conditions of a batch's rules are evaluated. */
typedef struct {
    int conditions;  /* distinct conditions after sharing */
    int shared;      /* conditions met again in another place and computed once */
    int vectorised;  /* number comparisons over whole columns */
    int coded;       /* conditions on one coded column, by distinct value */
    int per_row;     /* conditions evaluated row by row */
    int64_t failures; /* evaluations (of a row, or of a distinct value) that failed past a limit
                         (rule_eval_too_long …): taken as false, and counted here */
} yw_rule_batch_stats;

/* Plans rules[0..nrules) over the table: shares equal conditions, evaluates the coded and
 * per-row conditions (the latter may take long: a row at a time). A condition whose evaluation
 * fails on a row (past YW_RULE_EVAL_MAX_STEPS…) is false there, counted in the figures'
 * failures, so one odd record does not stop a run. Fails only when memory runs out. Arena
 * memory; the table must outlive it. */
int yw_rule_batch_new(yw_arena *a, const yw_rule_table *t, const yw_rule *const *rules, int nrules,
                      yw_rule_batch **out, yw_err *err);
/* Evaluates every rule over every row on `threads` threads (0: one per core). */
int yw_rule_batch_run(yw_rule_batch *b, int threads, yw_err *err);
/* After a run: the rows where rule i is truthy, a bitmap (bit r%64 of word r/64), and their count. */
const uint64_t *yw_rule_batch_matches(const yw_rule_batch *b, int rule);
size_t yw_rule_batch_count(const yw_rule_batch *b, int rule);
yw_rule_batch_stats yw_rule_batch_figures(const yw_rule_batch *b);

#endif
