/* The compiled form of a rule, shared by compile.c (which builds it) and eval.c (which walks
 * it). Not a public header: other folders include rules.h only. */
#ifndef YW_RULES_INTERNAL_H
#define YW_RULES_INTERNAL_H

#include <stdint.h>

#include "rules.h"

/* Every operator: its enum name, its JsonLogic name, the fewest and the most arguments (-1: no
 * limit), and how its arguments may be written (flags below). The comparisons take two or more
 * arguments and compare each with the next (chained: {"<": [1, 2, 3]} is 1 < 2 and 2 < 3), as
 * json-logic-engine does; json-logic-js's three-argument `<` and `<=` (between) are the same. */
#define YW_RULE_OPS(X)                                                                          \
    X(VAR, "var", 0, 2, 0)                                                                      \
    X(VAL, "val", 0, -1, 0)                                                                     \
    X(EXISTS, "exists", 0, -1, 0)                                                               \
    X(MISSING, "missing", 0, -1, 0)                                                             \
    X(MISSING_SOME, "missing_some", 2, 2, 0)                                                    \
    X(IF, "if", 0, -1, YW_OP_LIST)                                                              \
    X(TERNARY, "?:", 0, -1, YW_OP_LIST)                                                         \
    X(EQ, "==", 2, -1, YW_OP_LIST)                                                              \
    X(NE, "!=", 2, -1, YW_OP_LIST)                                                              \
    X(SEQ, "===", 2, -1, YW_OP_LIST)                                                            \
    X(SNE, "!==", 2, -1, YW_OP_LIST)                                                            \
    X(NOT, "!", 0, 1, 0)                                                                        \
    X(TRUTHY, "!!", 0, 1, 0)                                                                    \
    X(OR, "or", 0, -1, YW_OP_LIST)                                                              \
    X(AND, "and", 0, -1, YW_OP_LIST)                                                            \
    X(COALESCE, "??", 0, -1, YW_OP_LIST)                                                        \
    X(GT, ">", 2, -1, YW_OP_LIST)                                                               \
    X(GE, ">=", 2, -1, YW_OP_LIST)                                                              \
    X(LT, "<", 2, -1, YW_OP_LIST)                                                               \
    X(LE, "<=", 2, -1, YW_OP_LIST)                                                              \
    X(MAX, "max", 1, -1, YW_OP_SPREAD)                                                          \
    X(MIN, "min", 1, -1, YW_OP_SPREAD)                                                          \
    X(ADD, "+", 0, -1, YW_OP_SPREAD)                                                            \
    X(SUB, "-", 1, -1, YW_OP_SPREAD)                                                            \
    X(MUL, "*", 0, -1, YW_OP_SPREAD)                                                            \
    X(DIV, "/", 1, -1, YW_OP_SPREAD)                                                            \
    X(MOD, "%", 2, -1, YW_OP_SPREAD)                                                            \
    X(MAP, "map", 2, 2, YW_OP_LIST)                                                             \
    X(FILTER, "filter", 2, 2, YW_OP_LIST)                                                       \
    X(REDUCE, "reduce", 2, 3, YW_OP_LIST)                                                       \
    X(ALL, "all", 2, 2, YW_OP_LIST)                                                             \
    X(SOME, "some", 2, 2, YW_OP_LIST)                                                           \
    X(NONE, "none", 2, 2, YW_OP_LIST)                                                           \
    X(MERGE, "merge", 0, -1, 0)                                                                 \
    X(IN, "in", 2, 2, 0)                                                                        \
    X(CAT, "cat", 0, -1, YW_OP_SPREAD)                                                          \
    X(SUBSTR, "substr", 2, 3, 0)                                                                \
    X(THROW, "throw", 1, 1, 0)                                                                  \
    X(TRY, "try", 1, -1, 0)                                                                     \
    X(LOG, "log", 1, 1, 0)                                                                      \
    X(PRESERVE, "preserve", 0, -1, 0)

/* How an operator's arguments may be written. */
enum {
    /* only as an array: {"and": x} is refused (json-logic-engine: "Invalid Arguments") */
    YW_OP_LIST = 1,
    /* one operation in place of the array ({"+": {"var": "amounts"}}) gives the arguments as its
     * value: an array's elements, or the value alone (logic chaining) */
    YW_OP_SPREAD = 2,
};

typedef enum {
#define X(id, name, lo, hi, flags) YW_OP_##id,
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
    bool spread;                /* OP: one operation given for the arguments, its value spread (YW_OP_SPREAD) */
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
