/* The compiled form of a rule, shared by compile.c (which builds it) and eval.c (which walks
 * it). Not a public header: other folders include rules.h only. */
#ifndef YW_RULES_INTERNAL_H
#define YW_RULES_INTERNAL_H

#include <stdint.h>

#include "rules.h"

/* Every operator: its enum name, its JsonLogic name, the fewest and the most arguments
 * (-1: no limit). Only < and <= have a three-argument (between) form, as in json-logic-js,
 * which ignores a third argument of > and >=: here it is refused rather than ignored. */
#define YW_RULE_OPS(X)                                                                          \
    X(VAR, "var", 0, 2)                                                                         \
    X(MISSING, "missing", 0, -1)                                                                \
    X(MISSING_SOME, "missing_some", 2, 2)                                                       \
    X(IF, "if", 0, -1)                                                                          \
    X(TERNARY, "?:", 0, -1)                                                                     \
    X(EQ, "==", 2, 2)                                                                           \
    X(NE, "!=", 2, 2)                                                                           \
    X(SEQ, "===", 2, 2)                                                                         \
    X(SNE, "!==", 2, 2)                                                                         \
    X(NOT, "!", 1, 1)                                                                           \
    X(TRUTHY, "!!", 1, 1)                                                                       \
    X(OR, "or", 1, -1)                                                                          \
    X(AND, "and", 1, -1)                                                                        \
    X(GT, ">", 2, 2)                                                                            \
    X(GE, ">=", 2, 2)                                                                           \
    X(LT, "<", 2, 3)                                                                            \
    X(LE, "<=", 2, 3)                                                                           \
    X(MAX, "max", 1, -1)                                                                        \
    X(MIN, "min", 1, -1)                                                                        \
    X(ADD, "+", 0, -1)                                                                          \
    X(SUB, "-", 1, 2)                                                                           \
    X(MUL, "*", 1, -1)                                                                          \
    X(DIV, "/", 2, 2)                                                                           \
    X(MOD, "%", 2, 2)                                                                           \
    X(MAP, "map", 2, 2)                                                                         \
    X(FILTER, "filter", 2, 2)                                                                   \
    X(REDUCE, "reduce", 2, 3)                                                                   \
    X(ALL, "all", 2, 2)                                                                         \
    X(SOME, "some", 2, 2)                                                                       \
    X(NONE, "none", 2, 2)                                                                       \
    X(MERGE, "merge", 0, -1)                                                                    \
    X(IN, "in", 2, 2)                                                                           \
    X(CAT, "cat", 0, -1)                                                                        \
    X(SUBSTR, "substr", 2, 3)                                                                   \
    X(LOG, "log", 1, 1)

typedef enum {
#define X(id, name, lo, hi) YW_OP_##id,
    YW_RULE_OPS(X)
#undef X
    YW_OP_COUNT
} yw_rule_op;

typedef enum {
    YW_NODE_LITERAL, /* a constant: scalars, and arrays of constants */
    YW_NODE_ARRAY,   /* an array with operations inside: each element evaluated */
    YW_NODE_OP,      /* an operation: {"op": args} */
} yw_rule_node_kind;

typedef struct yw_rule_node yw_rule_node;
struct yw_rule_node {
    yw_rule_node_kind kind;
    yw_rule_op op;
    size_t n;                   /* ARRAY: elements; OP: arguments */
    yw_rule_node *const *args;  /* ARRAY, OP */
    yw_rule_value lit;          /* LITERAL */
};

struct yw_rule {
    const yw_rule_node *root;
};

/* The text of an operator ("and", ">="). */
const char *yw_rule_op_name(yw_rule_op op);
/* Evaluates one node of a compiled rule against a record, as yw_rule_eval does the root. */
int yw_rule_eval_node(const yw_rule_node *node, const json_t *record, yw_arena *a, yw_rule_value *out, yw_err *err);

#endif
