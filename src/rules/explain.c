/* Explaining a rule for one record: the value of every condition in it — each logical
 * operation (and, or, !, !!, if, ?:, ??, try), each comparison (==, !=, ===, !==, <, <=, >, >=,
 * chained over any number of arguments), each in, missing, missing_some, exists, all, some,
 * none and throw — with the values a comparison compared, so that a page can say "不符合：从业人数
 * 12 < 20". A condition that raises an error (a throw, NaN) or passes a limit is a step with
 * that error and no value, never the end of the explanation: conditions are evaluated one by
 * one, also those the rule itself skips. Other operations (var, val, arithmetic, map …) are not
 * steps of their own: their values appear as the arguments of the condition that reads them.
 * Inside map, filter, reduce, all, some and none the data is each element, and in the later
 * arguments of try the error caught, so those are not explained further. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static bool is_condition(yw_rule_op op) {
    switch (op) {
    case YW_OP_AND: case YW_OP_OR: case YW_OP_NOT: case YW_OP_TRUTHY: case YW_OP_IF: case YW_OP_TERNARY:
    case YW_OP_EQ: case YW_OP_NE: case YW_OP_SEQ: case YW_OP_SNE: case YW_OP_LT: case YW_OP_LE: case YW_OP_GT:
    case YW_OP_GE: case YW_OP_IN: case YW_OP_MISSING: case YW_OP_MISSING_SOME: case YW_OP_ALL: case YW_OP_SOME:
    case YW_OP_NONE: case YW_OP_EXISTS: case YW_OP_COALESCE: case YW_OP_TRY: case YW_OP_THROW:
        return true;
    default:
        return false;
    }
}

static bool is_comparison(yw_rule_op op) {
    return op == YW_OP_EQ || op == YW_OP_NE || op == YW_OP_SEQ || op == YW_OP_SNE || op == YW_OP_LT ||
           op == YW_OP_LE || op == YW_OP_GT || op == YW_OP_GE || op == YW_OP_IN;
}

/* The arguments of op explained in turn: all of them, or (try) the first, the only one evaluated
 * on the record. */
static size_t descends(yw_rule_op op, size_t n) {
    if (op == YW_OP_TRY) return n ? 1 : 0;
    bool all = op == YW_OP_AND || op == YW_OP_OR || op == YW_OP_NOT || op == YW_OP_TRUTHY || op == YW_OP_IF ||
               op == YW_OP_TERNARY || op == YW_OP_COALESCE;
    return all ? n : 0;
}

typedef struct {
    const json_t *record;
    yw_arena *a;
    yw_err *err;
    yw_rule_step *steps;
    int n, cap;
} explainer;

static int push(explainer *x, const yw_rule_step *s) {
    if (x->n == x->cap) {
        int cap = x->cap ? x->cap * 2 : 16;
        yw_rule_step *grown = yw_arena_calloc(x->a, (size_t)cap, sizeof *grown);
        if (!grown) return yw_fail(x->err, YW_E_NOMEM, NULL);
        if (x->n) memcpy(grown, x->steps, (size_t)x->n * sizeof *grown);
        x->steps = grown;
        x->cap = cap;
    }
    x->steps[x->n++] = *s;
    return 0;
}

/* node evaluated on the record into *v; on an error, *why says which (arena text) and *v is
 * null. -1 only when memory runs out. */
static int evaluate(explainer *x, const yw_rule_node *node, yw_rule_value *v, const char **why) {
    yw_err err;
    yw_err_clear(&err);
    *why = NULL;
    if (yw_rule_eval_node(node, x->record, x->a, v, &err) == 0) return 0;
    if (err.code == YW_ERR_NOMEM) {
        *x->err = err;
        return -1;
    }
    const char *text = err.reason ? err.reason : "?";
    if (v->type == YW_RULE_OBJECT && v->len == 1) { /* raised: {"type": …} */
        const yw_rule_value *type = &v->items[0];
        json_t *j = type->type == YW_RULE_STRING ? NULL : yw_rule_value_json(type);
        char *s = j ? json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
        text = type->type == YW_RULE_STRING ? yw_arena_strndup(x->a, type->str, type->len) : yw_arena_strdup(x->a, s ? s : "?");
        free(s);
        json_decref(j);
        if (!text) return yw_fail(x->err, YW_E_NOMEM, NULL);
    }
    *v = (yw_rule_value){.type = YW_RULE_NULL};
    *why = text;
    return 0;
}

static int walk(explainer *x, const yw_rule_node *node, const char *pointer, int depth) {
    if (node->kind != YW_NODE_OP || !is_condition(node->op)) return 0;
    yw_rule_step s = {.pointer = pointer, .op = yw_rule_op_name(node->op), .depth = depth};
    if (evaluate(x, node, &s.value, &s.error) < 0) return -1;
    if (is_comparison(node->op)) {
        yw_rule_value *args = yw_arena_calloc(x->a, node->n + 1, sizeof *args);
        if (!args) return yw_fail(x->err, YW_E_NOMEM, NULL);
        bool all = true; /* operands that raise an error themselves are not shown */
        for (size_t i = 0; i < node->n && all; i++) {
            const char *why;
            if (evaluate(x, node->args[i], &args[i], &why) < 0) return -1;
            all = !why;
        }
        if (all) {
            s.args = args;
            s.nargs = node->n;
        }
    }
    if (push(x, &s) < 0) return -1;
    for (size_t i = 0; i < descends(node->op, node->n); i++) {
        const char *p = yw_arena_printf(x->a, "%s/%s/%zu", pointer, s.op, i);
        if (!p) return yw_fail(x->err, YW_E_NOMEM, NULL);
        if (walk(x, node->args[i], p, depth + 1) < 0) return -1;
    }
    return 0;
}

int yw_rule_explain(const yw_rule *rule, const json_t *record, yw_arena *a, yw_rule_step **out, int *count,
                    yw_err *err) {
    explainer x = {record, a, err, NULL, 0, 0};
    if (walk(&x, rule->root, "", 0) < 0) return -1;
    *out = x.steps;
    *count = x.n;
    return 0;
}
