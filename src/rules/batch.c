/* Rules over columns: a table of records held as columns, and a batch that evaluates many
 * compiled rules over all of its rows at once. Each rule's tree is planned into conditions on
 * bitmaps: a number column compared with a constant is one loop over the column's doubles, a
 * condition on one coded column is evaluated once per distinct value and then looked up by code,
 * and/or/!/if combine the bitmaps a word (64 rows) at a time, anything else is evaluated row by
 * row by the one-record evaluator. Equal conditions of different rules are planned once. Rows go
 * in blocks of BLOCK_ROWS that keep every condition's bits in cache, the blocks shared among
 * threads. See rules.h and README.md. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "internal.h"

/* Rows per block: every condition's bits of one block (BLOCK_WORDS words) stay in cache. */
#define BLOCK_ROWS 4096
#define BLOCK_WORDS (BLOCK_ROWS / 64)
/* Threads at most (the machine's cores are counted, then capped). */
#define MAX_THREADS 64

/* ---- the table ---- */

/* A coded column's distinct values: code 0 is null; a value is its key's text unless `value`
 * holds another JSON value (made by yw_rule_table_set_keyed). */
typedef struct {
    const char *key;
    size_t klen;
    json_t *value;
} coded_entry;

typedef struct {
    const char *name;
    yw_rule_column_kind kind;
    double *numbers;   /* NUMBER: null stored as 0, as ToNumber(null) */
    uint64_t *nulls;   /* NUMBER: a bit per null row */
    uint32_t *codes;   /* CODED */
    coded_entry *entries;
    size_t nentries, entries_cap;
    uint32_t *slots;   /* CODED: open addressing, code + 1, 0 empty */
    size_t nslots;
    bool keyed;        /* CODED: values made by set_keyed (not text) */
} table_column;

struct yw_rule_table {
    yw_arena *a;
    table_column *columns;
    int ncolumns;
    size_t rows, capacity; /* capacity rounded up to whole blocks; the rest zero (null) */
};

static size_t round_blocks(size_t n) { return (n + BLOCK_ROWS - 1) / BLOCK_ROWS * BLOCK_ROWS; }

int yw_rule_table_new(yw_arena *a, const yw_rule_column *columns, int ncolumns, size_t capacity,
                      yw_rule_table **out, yw_err *err) {
    *out = NULL;
    yw_rule_table *t = yw_arena_calloc(a, 1, sizeof *t);
    if (!t || !(t->columns = yw_arena_calloc(a, (size_t)ncolumns + 1, sizeof *t->columns)))
        return yw_fail(err, YW_E_NOMEM, NULL);
    t->a = a;
    t->ncolumns = ncolumns;
    t->capacity = round_blocks(capacity ? capacity : 1);
    size_t words = t->capacity / 64;
    for (int i = 0; i < ncolumns; i++) {
        table_column *c = &t->columns[i];
        c->name = columns[i].name;
        c->kind = columns[i].kind;
        if (c->kind == YW_RULE_COLUMN_NUMBER) {
            c->numbers = yw_arena_calloc(a, t->capacity, sizeof *c->numbers);
            c->nulls = yw_arena_calloc(a, words, sizeof *c->nulls);
            if (!c->numbers || !c->nulls) return yw_fail(err, YW_E_NOMEM, NULL);
            memset(c->nulls, 0xff, words * sizeof *c->nulls);
        } else {
            c->codes = yw_arena_calloc(a, t->capacity, sizeof *c->codes);
            c->entries_cap = 64;
            c->entries = yw_arena_calloc(a, c->entries_cap, sizeof *c->entries);
            c->nslots = 128;
            c->slots = yw_arena_calloc(a, c->nslots, sizeof *c->slots);
            if (!c->codes || !c->entries || !c->slots) return yw_fail(err, YW_E_NOMEM, NULL);
            c->nentries = 1; /* code 0: null */
        }
    }
    *out = t;
    return 0;
}

void yw_rule_table_release(yw_rule_table *t) {
    if (!t) return;
    for (int i = 0; i < t->ncolumns; i++) {
        table_column *c = &t->columns[i];
        for (size_t k = 0; c->kind == YW_RULE_COLUMN_CODED && k < c->nentries; k++) {
            json_decref(c->entries[k].value);
            c->entries[k].value = NULL;
        }
    }
}

int yw_rule_table_column(const yw_rule_table *t, const char *name) {
    for (int i = 0; i < t->ncolumns; i++)
        if (strcmp(t->columns[i].name, name) == 0) return i;
    return -1;
}

size_t yw_rule_table_rows(const yw_rule_table *t) { return t->rows; }

int yw_rule_table_add_row(yw_rule_table *t, size_t *row, yw_err *err) {
    if (t->rows >= t->capacity) return yw_fail(err, YW_E_RULE_TABLE_FULL, NULL, t->capacity);
    *row = t->rows++;
    return 0;
}

void yw_rule_table_set_number(yw_rule_table *t, int column, size_t row, double x) {
    table_column *c = &t->columns[column];
    c->numbers[row] = x;
    c->nulls[row / 64] &= ~(UINT64_C(1) << (row % 64));
}

static uint64_t hash_bytes(const char *s, size_t n) {
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

/* The code of key in column c, added (with value, kept) when new. */
static int column_intern(yw_rule_table *t, table_column *c, const char *key, size_t klen, json_t *(*make)(void *),
                         void *ctx, uint32_t *code, yw_err *err) {
    uint64_t h = hash_bytes(key, klen);
    size_t mask = c->nslots - 1, i = h & mask;
    for (; c->slots[i]; i = (i + 1) & mask) {
        const coded_entry *e = &c->entries[c->slots[i] - 1];
        if (e->klen == klen && memcmp(e->key, key, klen) == 0) {
            *code = c->slots[i] - 1;
            return 0;
        }
    }
    if (c->nentries == c->entries_cap) {
        coded_entry *grown = yw_arena_alloc(t->a, 2 * c->entries_cap * sizeof *grown);
        if (!grown) return yw_fail(err, YW_E_NOMEM, NULL);
        memcpy(grown, c->entries, c->nentries * sizeof *grown);
        c->entries = grown;
        c->entries_cap *= 2;
    }
    coded_entry *e = &c->entries[c->nentries];
    if (!(e->key = yw_arena_strndup(t->a, key, klen))) return yw_fail(err, YW_E_NOMEM, NULL);
    e->klen = klen;
    e->value = NULL;
    if (make && !(e->value = make(ctx))) return yw_fail(err, YW_E_NOMEM, NULL);
    *code = (uint32_t)c->nentries++;
    c->slots[i] = *code + 1;
    if (c->nentries * 2 > c->nslots) { /* grow the index: twice the slots, every code again */
        size_t n = c->nslots * 2;
        uint32_t *slots = yw_arena_calloc(t->a, n, sizeof *slots);
        if (!slots) return yw_fail(err, YW_E_NOMEM, NULL);
        for (size_t k = 1; k < c->nentries; k++) {
            size_t j = hash_bytes(c->entries[k].key, c->entries[k].klen) & (n - 1);
            while (slots[j]) j = (j + 1) & (n - 1);
            slots[j] = (uint32_t)k + 1;
        }
        c->slots = slots;
        c->nslots = n;
    }
    return 0;
}

int yw_rule_table_set_text(yw_rule_table *t, int column, size_t row, const char *s, size_t len, yw_err *err) {
    table_column *c = &t->columns[column];
    uint32_t code = 0;
    if (s && column_intern(t, c, s, len, NULL, NULL, &code, err) < 0) return -1;
    c->codes[row] = code;
    return 0;
}

int yw_rule_table_set_keyed(yw_rule_table *t, int column, size_t row, const char *key, size_t klen,
                            json_t *(*make)(void *ctx), void *ctx, yw_err *err) {
    table_column *c = &t->columns[column];
    uint32_t code;
    c->keyed = true;
    if (column_intern(t, c, key, klen, make, ctx, &code, err) < 0) return -1;
    c->codes[row] = code;
    return 0;
}

/* A number as the record holds it: integral values as JSON integers, as a store gives them. */
static json_t *number_json(double x) {
    if (x == floor(x) && fabs(x) <= 9007199254740992.0) return json_integer((json_int_t)x);
    return json_real(x);
}

/* Column c's value at row as a new reference (JSON null for null). */
static json_t *column_value(const table_column *c, size_t row) {
    if (c->kind == YW_RULE_COLUMN_NUMBER)
        return (c->nulls[row / 64] >> (row % 64) & 1) ? json_null() : number_json(c->numbers[row]);
    uint32_t code = c->codes[row];
    if (!code) return json_null();
    const coded_entry *e = &c->entries[code];
    return e->value ? json_incref(e->value) : json_stringn_nocheck(e->key, e->klen);
}

json_t *yw_rule_table_record(const yw_rule_table *t, size_t row) {
    json_t *r = json_object();
    for (int i = 0; r && i < t->ncolumns; i++) {
        json_t *v = column_value(&t->columns[i], row);
        if (!v || json_object_set_new_nocheck(r, t->columns[i].name, v) < 0) {
            json_decref(r);
            return NULL;
        }
    }
    return r;
}

/* ---- what a rule reads ---- */

/* The member a var's literal path starts with ("labels" of "labels.length"; val and exists
 * split no dots: their first key), or NULL when the path is computed, empty (the whole record),
 * not text, or climbs out of an iteration. */
static const char *var_member(yw_arena *a, const yw_rule_node *var) {
    if (var->n == 0) return NULL;
    const yw_rule_node *path = var->args[0];
    if (path->kind != YW_NODE_LITERAL || path->lit.type != YW_RULE_STRING) return NULL;
    if (var->op != YW_OP_VAR) return yw_arena_strndup(a, path->lit.str, path->lit.len);
    if (path->lit.len == 0) return NULL;
    const char *dot = memchr(path->lit.str, '.', path->lit.len);
    return yw_arena_strndup(a, path->lit.str, dot ? (size_t)(dot - path->lit.str) : path->lit.len);
}

/* Whether a subtree may read past the data it is given: a val or exists whose first key is not
 * plain text may climb ([2]) out of an iteration to the record around it. */
static bool climbs(const yw_rule_node *n) {
    if (n->kind == YW_NODE_LITERAL) return false;
    if (n->kind == YW_NODE_OP && (n->op == YW_OP_VAL || n->op == YW_OP_EXISTS) && n->n > 0 &&
        (n->args[0]->kind != YW_NODE_LITERAL || n->args[0]->lit.type != YW_RULE_STRING))
        return true;
    for (size_t i = 0; i < n->n; i++)
        if (climbs(n->args[i])) return true;
    return false;
}

/* The arguments of n read from the record itself: the iterated rule of map, filter, all, some,
 * none and reduce reads the items instead. */
static bool reads_record(const yw_rule_node *n, size_t arg) {
    if (n->kind != YW_NODE_OP) return true;
    switch (n->op) {
    case YW_OP_MAP:
    case YW_OP_FILTER:
    case YW_OP_ALL:
    case YW_OP_SOME:
    case YW_OP_NONE:
    case YW_OP_REDUCE: return arg != 1;
    default: return true;
    }
}

/* Calls visit(ctx, member) for each member the subtree reads; *whole when it reads the record
 * at a path known only at evaluation (or missing/missing_some, which read by computed keys). */
typedef struct {
    yw_arena *a;
    const char *members[8]; /* the first ones; more: *many */
    int n;
    bool many, whole;
} member_set;

static void member_add(member_set *s, const char *m) {
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->members[i], m) == 0) return;
    if (s->n < (int)(sizeof s->members / sizeof s->members[0])) s->members[s->n++] = m;
    else s->many = true;
}

static void members_of(member_set *s, const yw_rule_node *n) {
    if (n->kind == YW_NODE_LITERAL) return;
    if (n->kind == YW_NODE_OP && (n->op == YW_OP_MISSING || n->op == YW_OP_MISSING_SOME)) {
        s->whole = true;
        return;
    }
    if (n->kind == YW_NODE_OP && (n->op == YW_OP_VAR || n->op == YW_OP_VAL || n->op == YW_OP_EXISTS)) {
        const char *m = var_member(s->a, n);
        if (!m) s->whole = true;
        else member_add(s, m);
        for (size_t i = 1; i < n->n; i++) members_of(s, n->args[i]);
        return;
    }
    for (size_t i = 0; i < n->n; i++)
        if (reads_record(n, i)) members_of(s, n->args[i]);
        else if (climbs(n->args[i])) s->whole = true;
}

bool yw_rule_reads(const yw_rule *rule, const char *member, bool *whole) {
    char buf[4096];
    yw_arena a;
    yw_arena_init_buffer(&a, buf, sizeof buf);
    member_set s = {.a = &a};
    members_of(&s, rule->root);
    bool found = s.many; /* past the first eight: assume it may */
    for (int i = 0; i < s.n && !found; i++) found = strcmp(s.members[i], member) == 0;
    *whole = s.whole;
    yw_arena_reset(&a);
    return found || s.whole;
}

/* ---- the plan ---- */

typedef enum {
    COND_CONST,  /* every row the same */
    COND_NUMBER, /* a number column against a constant */
    COND_CODED,  /* a table by code */
    COND_BITS,   /* a bitmap over all rows, computed row by row when planned (and where it failed) */
    COND_AND,
    COND_OR,
    COND_NOT,
    COND_IF, /* kids: condition, then, else */
} cond_kind;

typedef enum { CMP_LT, CMP_LE, CMP_GT, CMP_GE, CMP_EQ, CMP_NE, CMP_TRUTHY } cmp_op;

typedef struct {
    cond_kind kind;
    bool value;           /* CONST */
    int column;           /* NUMBER, CODED */
    cmp_op cmp;           /* NUMBER: column cmp k */
    double k;
    bool strict;          /* NUMBER, EQ/NE: === and !==, where a null row is null (else it is 0) */
    bool null_result;     /* NUMBER, strict EQ/NE: what a null row gives */
    const uint8_t *table; /* CODED: 0 or 1 per code (0 where the evaluation failed) */
    const uint8_t *failed_codes; /* CODED: 1 per code where the evaluation failed */
    uint64_t *bits;       /* BITS */
    uint64_t *failed;     /* BITS: the rows where the evaluation failed */
    /* The condition's evaluation fails on some rows (an error the rule raises, a limit): its
     * bits are then true only where it holds, and its failures are tracked beside them, so that
     * and, or, ! and if fail (are false) where the one-record evaluator fails. */
    bool may_fail;
    int *kids;            /* AND, OR, NOT, IF: earlier conditions */
    int nkids;
    const char *key;      /* the condition's text, for sharing */
    uint64_t hash;
} cond;

struct yw_rule_batch {
    const yw_rule_table *t;
    cond *conds;
    int nconds, conds_cap;
    int *roots; /* per rule */
    int nrules;
    uint64_t **out;  /* per rule, capacity/64 words */
    size_t *counts;
    yw_rule_batch_stats stats;
    size_t next_block; /* shared by the threads of a run */
    yw_arena *a;
};

typedef struct {
    yw_rule_batch *b;
    yw_arena *a;
    yw_err *err;
    yw_arena eval; /* one evaluation at a time, reset after each */
} planner;

static int plan_nomem(planner *p) { return yw_fail(p->err, YW_E_NOMEM, NULL); }

/* The text of a subtree, the same for the same condition wherever it stands. */
static int node_key(planner *p, yw_buf *b, const yw_rule_node *n) {
    if (n->kind == YW_NODE_LITERAL) {
        json_t *j = yw_rule_value_json(&n->lit);
        char *s = j ? json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS) : NULL;
        json_decref(j);
        if (!s) return plan_nomem(p);
        yw_buf_puts(b, s);
        free(s);
        return 0;
    }
    yw_buf_printf(b, n->kind == YW_NODE_ARRAY ? "[" : "{\"%s\":[", yw_rule_op_name(n->op));
    for (size_t i = 0; i < n->n; i++) {
        if (i) yw_buf_puts(b, ",");
        if (node_key(p, b, n->args[i]) < 0) return -1;
    }
    yw_buf_puts(b, n->kind == YW_NODE_ARRAY ? "]" : "]}");
    return 0;
}

/* Adds c, or finds the same condition planned before; *index either way. */
static int cond_add(planner *p, cond *c, int *index) {
    yw_rule_batch *b = p->b;
    if (c->key) {
        c->hash = hash_bytes(c->key, strlen(c->key));
        for (int i = 0; i < b->nconds; i++)
            if (b->conds[i].key && b->conds[i].hash == c->hash && strcmp(b->conds[i].key, c->key) == 0) {
                b->stats.shared++;
                *index = i;
                return 1;
            }
    }
    if (b->nconds == b->conds_cap) {
        int cap = b->conds_cap ? 2 * b->conds_cap : 64;
        cond *grown = yw_arena_alloc(p->a, (size_t)cap * sizeof *grown);
        if (!grown) return plan_nomem(p);
        if (b->nconds) memcpy(grown, b->conds, (size_t)b->nconds * sizeof *grown);
        b->conds = grown;
        b->conds_cap = cap;
    }
    b->conds[b->nconds] = *c;
    *index = b->nconds++;
    return 0;
}

/* The number column a node is the plain var of, or -1. */
static int number_var(planner *p, const yw_rule_node *n) {
    if (n->kind != YW_NODE_OP || (n->op != YW_OP_VAR && n->op != YW_OP_VAL) || n->n != 1) return -1;
    const yw_rule_node *path = n->args[0];
    if (path->kind != YW_NODE_LITERAL || path->lit.type != YW_RULE_STRING) return -1;
    char name[128];
    if (path->lit.len >= sizeof name || memchr(path->lit.str, '.', path->lit.len) || memchr(path->lit.str, 0, path->lit.len))
        return -1;
    memcpy(name, path->lit.str, path->lit.len);
    name[path->lit.len] = '\0';
    int col = yw_rule_table_column(p->b->t, name);
    return col >= 0 && p->b->t->columns[col].kind == YW_RULE_COLUMN_NUMBER ? col : -1;
}

/* A constant as a comparison with a number column takes it: numbers, null (0 in an order, equal
 * only to null) and booleans (1 and 0; never strictly equal to a number). False for text and
 * arrays, which go another way. */
static bool number_constant(const yw_rule_node *n, double *k, bool *is_null, bool *is_bool) {
    *is_null = *is_bool = false;
    if (n->kind != YW_NODE_LITERAL) return false;
    switch (n->lit.type) {
    case YW_RULE_NUMBER: *k = n->lit.num; return true;
    case YW_RULE_NULL: *k = 0, *is_null = true; return true;
    case YW_RULE_BOOL: *k = n->lit.b ? 1 : 0, *is_bool = true; return true;
    default: return false;
    }
}

/* `a op b` with one side a number column and the other a constant, as a condition; 0 when the
 * shape is another. Such a comparison never fails: a number against a number, null or a boolean
 * (rules/eval.c's compare_pair) compares as numbers, a null row as 0; === and !== compare types. */
static int plan_compare(planner *p, yw_rule_op op, const yw_rule_node *a, const yw_rule_node *b, cond *out) {
    int col = number_var(p, a);
    const yw_rule_node *lit = b;
    bool flipped = false;
    if (col < 0) col = number_var(p, b), lit = a, flipped = true;
    double k;
    bool is_null, is_bool;
    if (col < 0 || !number_constant(lit, &k, &is_null, &is_bool)) return 0;
    switch (op) {
    case YW_OP_LT: case YW_OP_LE: case YW_OP_GT: case YW_OP_GE:
    case YW_OP_EQ: case YW_OP_SEQ: case YW_OP_NE: case YW_OP_SNE: break;
    default: return 0;
    }
    bool strict = op == YW_OP_SEQ || op == YW_OP_SNE;
    *out = (cond){.kind = COND_NUMBER, .column = col, .k = k, .strict = strict};
    switch (op) {
    case YW_OP_LT: out->cmp = flipped ? CMP_GT : CMP_LT; return 1;
    case YW_OP_LE: out->cmp = flipped ? CMP_GE : CMP_LE; return 1;
    case YW_OP_GT: out->cmp = flipped ? CMP_LT : CMP_GT; return 1;
    case YW_OP_GE: out->cmp = flipped ? CMP_LE : CMP_GE; return 1;
    case YW_OP_EQ:
    case YW_OP_SEQ:
    case YW_OP_NE:
    case YW_OP_SNE: {
        bool eq = op == YW_OP_EQ || op == YW_OP_SEQ;
        if (is_null && strict) { /* strictly equal exactly where null */
            *out = (cond){.kind = COND_NUMBER, .column = col, .cmp = eq ? CMP_EQ : CMP_NE, .k = NAN,
                          .strict = true, .null_result = eq};
            return 1;
        }
        if (is_bool && strict) { /* a number is never strictly a boolean, nor is null */
            *out = (cond){.kind = COND_CONST, .value = !eq};
            return 1;
        }
        out->cmp = eq ? CMP_EQ : CMP_NE;
        out->null_result = !eq;
        return 1;
    }
    default: return 0;
    }
}

/* n on one record by the one-record evaluator: 0 with *v, or -1 when memory runs out. An
 * evaluation that fails (an error the rule raises, a limit) gives false (*v null) and *failed,
 * counted. */
static int evaluate(planner *p, const yw_rule_node *n, const json_t *record, yw_rule_value *v, bool *failed) {
    *failed = false;
    if (yw_rule_eval_node(n, record, &p->eval, v, p->err) == 0) return 0;
    if (p->err->code == YW_ERR_NOMEM) return -1;
    p->b->stats.failures++;
    *failed = true;
    *v = (yw_rule_value){.type = YW_RULE_NULL};
    return 0;
}

/* The bitmap of rows where n is truthy, evaluated row by row on the record of `member` alone
 * (NULL: of every column). */
static int plan_rows(planner *p, const yw_rule_node *n, const char *member, cond *out) {
    const yw_rule_table *t = p->b->t;
    uint64_t *bits = yw_arena_calloc(p->a, t->capacity / 64, sizeof *bits);
    uint64_t *failed = yw_arena_calloc(p->a, t->capacity / 64, sizeof *failed);
    if (!bits || !failed) return plan_nomem(p);
    bool any_failed = false;
    int col = member ? yw_rule_table_column(t, member) : -1;
    json_t *record = json_object();
    if (!record) return plan_nomem(p);
    int rc = 0;
    for (size_t row = 0; row < t->rows && rc == 0; row++) {
        json_t *r = record;
        if (member && col >= 0) {
            json_t *v = column_value(&t->columns[col], row);
            if (!v || json_object_set_new_nocheck(record, member, v) < 0) rc = plan_nomem(p);
        } else if (!member) {
            if (!(r = yw_rule_table_record(t, row))) rc = plan_nomem(p);
        }
        yw_rule_value v;
        bool truth = false, fail = false;
        if (rc == 0 && (rc = evaluate(p, n, r, &v, &fail)) == 0) truth = yw_rule_truthy(&v);
        if (truth) bits[row / 64] |= UINT64_C(1) << (row % 64);
        if (fail) failed[row / 64] |= UINT64_C(1) << (row % 64), any_failed = true;
        if (r != record) json_decref(r);
        yw_arena_reset(&p->eval);
    }
    json_decref(record);
    if (rc < 0) return -1;
    *out = (cond){.kind = COND_BITS, .bits = bits, .failed = failed, .may_fail = any_failed};
    p->b->stats.per_row++;
    return 0;
}

/* The truth of n for each distinct value of coded column col (a record of that member alone). */
static int plan_coded(planner *p, const yw_rule_node *n, int col, cond *out) {
    const table_column *c = &p->b->t->columns[col];
    uint8_t *table = yw_arena_calloc(p->a, c->nentries, 1), *failed = yw_arena_calloc(p->a, c->nentries, 1);
    json_t *record = json_object();
    if (!table || !failed || !record) {
        json_decref(record);
        return plan_nomem(p);
    }
    int rc = 0;
    bool any_failed = false;
    for (size_t code = 0; code < c->nentries && rc == 0; code++) {
        const coded_entry *e = &c->entries[code];
        json_t *v = !code ? json_null() : e->value ? json_incref(e->value) : json_stringn_nocheck(e->key, e->klen);
        if (!v || json_object_set_new_nocheck(record, c->name, v) < 0) {
            rc = plan_nomem(p);
            break;
        }
        yw_rule_value r;
        bool fail;
        if ((rc = evaluate(p, n, record, &r, &fail)) == 0) table[code] = yw_rule_truthy(&r);
        failed[code] = fail;
        any_failed |= fail;
        yw_arena_reset(&p->eval);
    }
    json_decref(record);
    if (rc < 0) return -1;
    *out = (cond){.kind = COND_CODED, .column = col, .table = table, .failed_codes = failed, .may_fail = any_failed};
    p->b->stats.coded++;
    return 0;
}

/* A condition that reads no column of the table: the same in every row, evaluated once. */
static int plan_rows_constant(planner *p, const yw_rule_node *n, cond *out) {
    json_t *record = json_object();
    if (!record) return plan_nomem(p);
    yw_rule_value v;
    bool fail;
    int rc = evaluate(p, n, record, &v, &fail);
    if (rc == 0 && !fail) *out = (cond){.kind = COND_CONST, .value = yw_rule_truthy(&v)};
    if (rc == 0 && fail) { /* fails on every row: a bitmap of failures */
        const yw_rule_table *t = p->b->t;
        uint64_t *bits = yw_arena_calloc(p->a, t->capacity / 64, sizeof *bits);
        uint64_t *failed = yw_arena_alloc(p->a, t->capacity / 8);
        if (!bits || !failed) rc = plan_nomem(p);
        else memset(failed, 0xff, t->capacity / 8);
        *out = (cond){.kind = COND_BITS, .bits = bits, .failed = failed, .may_fail = true};
    }
    yw_arena_reset(&p->eval);
    json_decref(record);
    return rc;
}

static int plan_node(planner *p, const yw_rule_node *n, int *index);

static bool is_comparison(yw_rule_op op) {
    switch (op) {
    case YW_OP_LT: case YW_OP_LE: case YW_OP_GT: case YW_OP_GE:
    case YW_OP_EQ: case YW_OP_SEQ: case YW_OP_NE: case YW_OP_SNE: return true;
    default: return false;
    }
}

/* Whether every pair of a chained comparison is a number column against a constant. */
static bool chain_plans(planner *p, const yw_rule_node *n) {
    for (size_t i = 0; i + 1 < n->n; i++) {
        cond pair;
        if (plan_compare(p, n->op, n->args[i], n->args[i + 1], &pair) != 1) return false;
    }
    return true;
}

/* and, or, !, !!, if: conditions of their arguments combined. 0 when n is none of these. */
static int plan_logic(planner *p, const yw_rule_node *n, cond *c) {
    if (n->kind != YW_NODE_OP) return 0;
    cond_kind kind;
    switch (n->op) {
    case YW_OP_AND: kind = COND_AND; break;
    case YW_OP_OR: kind = COND_OR; break;
    case YW_OP_NOT: kind = COND_NOT; break;
    case YW_OP_TRUTHY: kind = COND_AND; break; /* one argument: its own truth */
    case YW_OP_IF:
    case YW_OP_TERNARY:
        if (n->n != 3) return 0; /* chains and short forms go row by row */
        kind = COND_IF;
        break;
    default: return 0;
    }
    if (n->n == 0) return 0;
    int *kids = yw_arena_alloc(p->a, n->n * sizeof *kids);
    if (!kids) return plan_nomem(p);
    bool may_fail = false;
    for (size_t i = 0; i < n->n; i++) { /* `!` of an array argument is of its first element */
        if (plan_node(p, n->args[i], &kids[i]) < 0) return -1;
        may_fail |= p->b->conds[kids[i]].may_fail;
    }
    *c = (cond){.kind = kind, .kids = kids, .nkids = (int)n->n, .may_fail = may_fail};
    return 1;
}

/* Plans node n: *index is its condition, shared with any equal one planned before. */
static int plan_node(planner *p, const yw_rule_node *n, int *index) {
    yw_buf kb;
    yw_buf_init(&kb, p->a);
    if (node_key(p, &kb, n) < 0) return -1;
    if (kb.failed) return plan_nomem(p);
    for (int i = 0; i < p->b->nconds; i++) /* planned before: nothing more to do */
        if (p->b->conds[i].key && strcmp(p->b->conds[i].key, kb.data) == 0) {
            p->b->stats.shared++;
            *index = i;
            return 0;
        }
    cond c = {0};
    int rc;
    if (n->kind == YW_NODE_LITERAL) {
        c = (cond){.kind = COND_CONST, .value = yw_rule_truthy(&n->lit)};
    } else if ((rc = plan_logic(p, n, &c)) != 0) {
        if (rc < 0) return -1;
    } else if (n->kind == YW_NODE_OP && n->n == 2 && (rc = plan_compare(p, n->op, n->args[0], n->args[1], &c)) != 0) {
        p->b->stats.vectorised++;
    } else if (n->kind == YW_NODE_OP && n->op == YW_OP_VAR && number_var(p, n) >= 0) {
        c = (cond){.kind = COND_NUMBER, .column = number_var(p, n), .cmp = CMP_TRUTHY};
        p->b->stats.vectorised++;
    } else if (n->kind == YW_NODE_OP && n->n > 2 && is_comparison(n->op) && chain_plans(p, n)) {
        /* a < b < c …: each pair, when each is a number column against a constant (which never
         * fails, so that the chain's laziness changes nothing) */
        int *kids = yw_arena_alloc(p->a, (n->n - 1) * sizeof *kids);
        if (!kids) return plan_nomem(p);
        for (size_t i = 0; i + 1 < n->n; i++) {
            cond pair;
            plan_compare(p, n->op, n->args[i], n->args[i + 1], &pair);
            if (cond_add(p, &pair, &kids[i]) < 0) return -1;
        }
        c = (cond){.kind = COND_AND, .kids = kids, .nkids = (int)n->n - 1};
        p->b->stats.vectorised += (int)n->n - 1;
    } else {
        member_set s = {.a = p->a};
        members_of(&s, n);
        int col = -1;
        int known = 0; /* members that are columns: the others read null in every record */
        for (int i = 0; i < s.n; i++) {
            int k = yw_rule_table_column(p->b->t, s.members[i]);
            if (k >= 0) col = k, known++;
        }
        if (s.whole || s.many || known > 1) {
            if (plan_rows(p, n, NULL, &c) < 0) return -1;
        } else if (known == 0) { /* the same for every row: once, on a record of nothing */
            if (plan_rows_constant(p, n, &c) < 0) return -1;
        } else if (p->b->t->columns[col].kind == YW_RULE_COLUMN_CODED) {
            if (plan_coded(p, n, col, &c) < 0) return -1;
        } else {
            if (plan_rows(p, n, p->b->t->columns[col].name, &c) < 0) return -1;
        }
    }
    c.key = kb.data;
    return cond_add(p, &c, index) < 0 ? -1 : 0;
}

int yw_rule_batch_new(yw_arena *a, const yw_rule_table *t, const yw_rule *const *rules, int nrules,
                      yw_rule_batch **out, yw_err *err) {
    *out = NULL;
    yw_rule_batch *b = yw_arena_calloc(a, 1, sizeof *b);
    if (!b) return yw_fail(err, YW_E_NOMEM, NULL);
    b->t = t;
    b->a = a;
    b->nrules = nrules;
    b->roots = yw_arena_calloc(a, (size_t)nrules + 1, sizeof *b->roots);
    b->out = yw_arena_calloc(a, (size_t)nrules + 1, sizeof *b->out);
    b->counts = yw_arena_calloc(a, (size_t)nrules + 1, sizeof *b->counts);
    if (!b->roots || !b->out || !b->counts) return yw_fail(err, YW_E_NOMEM, NULL);
    char buf[8192] __attribute__((aligned(16)));
    planner p = {.b = b, .a = a, .err = err};
    yw_arena_init_buffer(&p.eval, buf, sizeof buf);
    int rc = 0;
    for (int i = 0; i < nrules && rc == 0; i++) {
        rc = plan_node(&p, rules[i]->root, &b->roots[i]);
        if (rc == 0 && !(b->out[i] = yw_arena_alloc(a, t->capacity / 8))) rc = yw_fail(err, YW_E_NOMEM, NULL);
    }
    yw_arena_reset(&p.eval);
    if (rc < 0) return -1;
    b->stats.conditions = b->nconds;
    *out = b;
    return 0;
}

yw_rule_batch_stats yw_rule_batch_figures(const yw_rule_batch *b) { return b->stats; }
const uint64_t *yw_rule_batch_matches(const yw_rule_batch *b, int rule) { return b->out[rule]; }
size_t yw_rule_batch_count(const yw_rule_batch *b, int rule) { return b->counts[rule]; }

/* ---- the run ---- */

/* 64 bytes of 0 or 1 as the bits of a word (byte j → bit j): eight bytes at a time, gathered
 * into one byte by a multiplication that puts byte i's low bit at bit 56 + i. */
static inline uint64_t pack_bytes(const uint8_t m[64]) {
    uint64_t bits = 0;
    for (int i = 0; i < 8; i++) {
        uint64_t x;
        memcpy(&x, m + 8 * i, sizeof x);
        bits |= ((x * UINT64_C(0x0102040810204080)) >> 56) << (8 * i);
    }
    return bits;
}

/* column cmp k for BLOCK_ROWS rows from x, as bits: 64 comparisons into bytes (a loop the
 * compiler turns into vector compares), then packed. */
#define COMPARE_BLOCK(OP)                                                                     \
    for (int w = 0; w < BLOCK_WORDS; w++) {                                                   \
        const double *v = x + w * 64;                                                         \
        uint8_t m[64];                                                                        \
        for (int j = 0; j < 64; j++) m[j] = v[j] OP k;                                        \
        o[w] = pack_bytes(m);                                                                 \
    }

/* Two builds of the loops over columns, chosen when the program starts: AVX2 (four doubles a
 * compare, twice the speed of the sweep) where the processor has it, the baseline elsewhere. */
#define COLUMN_LOOP __attribute__((target_clones("avx2", "default")))

COLUMN_LOOP static void run_number(const cond *c, const table_column *col, size_t row0, uint64_t *o) {
    const double *x = col->numbers + row0;
    const uint64_t *nulls = col->nulls + row0 / 64;
    const double k = c->k;
    switch (c->cmp) {
    case CMP_LT: COMPARE_BLOCK(<) break;
    case CMP_LE: COMPARE_BLOCK(<=) break;
    case CMP_GT: COMPARE_BLOCK(>) break;
    case CMP_GE: COMPARE_BLOCK(>=) break;
    case CMP_EQ:
        if (c->strict && isnan(k)) { /* === null: the null rows */
            memcpy(o, nulls, BLOCK_WORDS * sizeof *o);
            return;
        }
        COMPARE_BLOCK(==) /* a null row is 0, strictly never equal */
        if (c->strict)
            for (int w = 0; w < BLOCK_WORDS; w++) o[w] &= ~nulls[w];
        return;
    case CMP_NE:
        if (c->strict && isnan(k)) {
            for (int w = 0; w < BLOCK_WORDS; w++) o[w] = ~nulls[w];
            return;
        }
        COMPARE_BLOCK(!=)
        if (c->strict)
            for (int w = 0; w < BLOCK_WORDS; w++) o[w] |= nulls[w];
        return;
    case CMP_TRUTHY: /* neither 0, NaN nor null */
        for (int w = 0; w < BLOCK_WORDS; w++) {
            const double *v = x + w * 64;
            uint8_t m[64];
            for (int j = 0; j < 64; j++) m[j] = v[j] != 0 && v[j] == v[j];
            o[w] = pack_bytes(m) & ~nulls[w];
        }
        return;
    }
}

COLUMN_LOOP static void run_coded(const uint8_t *table, const table_column *col, size_t row0, uint64_t *o) {
    const uint32_t *codes = col->codes + row0;
    for (int w = 0; w < BLOCK_WORDS; w++) {
        const uint32_t *v = codes + w * 64;
        uint8_t m[64];
        for (int j = 0; j < 64; j++) m[j] = table[v[j]];
        o[w] = pack_bytes(m);
    }
}

/* No failures, for the conditions that never fail. */
static const uint64_t no_failures[BLOCK_WORDS];

/* and, or, !, if over conditions of which some fail on some rows: the one-record evaluator's
 * order, word by word. A kid's truth bits are 0 where it failed; a row fails where the kid that
 * decides it (the first false one of an and, …) fails; the result is true only where it holds
 * without failing. */
static void combine_failing(const yw_rule_batch *b, const cond *c, const uint64_t *truth, const uint64_t *fails,
                            uint64_t *o, uint64_t *f) {
#define T(k) (truth + (size_t)c->kids[k] * BLOCK_WORDS)
#define F(k) (b->conds[c->kids[k]].may_fail ? fails + (size_t)c->kids[k] * BLOCK_WORDS : no_failures)
    for (int w = 0; w < BLOCK_WORDS; w++) {
        uint64_t alive = ~UINT64_C(0), fail = 0, out = 0;
        switch (c->kind) {
        case COND_AND: /* alive: every kid so far true */
            for (int k = 0; k < c->nkids; k++) fail |= alive & F(k)[w], alive &= T(k)[w];
            out = alive;
            break;
        case COND_OR: /* alive: every kid so far false, none failed */
            for (int k = 0; k < c->nkids; k++)
                fail |= alive & F(k)[w], out |= alive & T(k)[w], alive &= ~T(k)[w] & ~F(k)[w];
            break;
        case COND_NOT:
            fail = F(0)[w], out = ~T(0)[w] & ~fail;
            break;
        default: { /* IF */
            uint64_t q = T(0)[w], fq = F(0)[w], otherwise = ~q & ~fq;
            fail = fq | (q & F(1)[w]) | (otherwise & F(2)[w]);
            out = (q & T(1)[w]) | (otherwise & T(2)[w]);
            break;
        }
        }
        o[w] = out;
        f[w] = fail;
    }
#undef T
#undef F
}

/* Every condition over the block of rows from row0, into scratch (BLOCK_WORDS words per
 * condition; their failures into fails, for the conditions that may fail), then the rules'
 * bits into their bitmaps. */
static void run_block(yw_rule_batch *b, size_t row0, uint64_t *scratch, uint64_t *fails) {
    for (int i = 0; i < b->nconds; i++) {
        const cond *c = &b->conds[i];
        uint64_t *o = scratch + (size_t)i * BLOCK_WORDS, *f = fails + (size_t)i * BLOCK_WORDS;
        if (c->may_fail && (c->kind == COND_AND || c->kind == COND_OR || c->kind == COND_NOT || c->kind == COND_IF)) {
            combine_failing(b, c, scratch, fails, o, f);
            continue;
        }
        switch (c->kind) {
        case COND_CONST: memset(o, c->value ? 0xff : 0, BLOCK_WORDS * sizeof *o); break;
        case COND_NUMBER: run_number(c, &b->t->columns[c->column], row0, o); break;
        case COND_CODED:
            run_coded(c->table, &b->t->columns[c->column], row0, o);
            if (c->may_fail) run_coded(c->failed_codes, &b->t->columns[c->column], row0, f);
            break;
        case COND_BITS:
            memcpy(o, c->bits + row0 / 64, BLOCK_WORDS * sizeof *o);
            if (c->may_fail) memcpy(f, c->failed + row0 / 64, BLOCK_WORDS * sizeof *f);
            break;
        case COND_AND:
        case COND_OR: {
            memcpy(o, scratch + (size_t)c->kids[0] * BLOCK_WORDS, BLOCK_WORDS * sizeof *o);
            for (int k = 1; k < c->nkids; k++) {
                const uint64_t *in = scratch + (size_t)c->kids[k] * BLOCK_WORDS;
                if (c->kind == COND_AND)
                    for (int w = 0; w < BLOCK_WORDS; w++) o[w] &= in[w];
                else
                    for (int w = 0; w < BLOCK_WORDS; w++) o[w] |= in[w];
            }
            break;
        }
        case COND_NOT: {
            const uint64_t *in = scratch + (size_t)c->kids[0] * BLOCK_WORDS;
            for (int w = 0; w < BLOCK_WORDS; w++) o[w] = ~in[w];
            break;
        }
        case COND_IF: {
            const uint64_t *q = scratch + (size_t)c->kids[0] * BLOCK_WORDS,
                           *y = scratch + (size_t)c->kids[1] * BLOCK_WORDS,
                           *n = scratch + (size_t)c->kids[2] * BLOCK_WORDS;
            for (int w = 0; w < BLOCK_WORDS; w++) o[w] = (q[w] & y[w]) | (~q[w] & n[w]);
            break;
        }
        }
    }
    for (int r = 0; r < b->nrules; r++)
        memcpy(b->out[r] + row0 / 64, scratch + (size_t)b->roots[r] * BLOCK_WORDS, BLOCK_WORDS * sizeof(uint64_t));
}

typedef struct {
    yw_rule_batch *b;
    uint64_t *scratch, *fails;
} worker;

static void *run_worker(void *arg) {
    worker *wk = arg;
    yw_rule_batch *b = wk->b;
    size_t blocks = (b->t->rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
    for (;;) {
        size_t block = __atomic_fetch_add(&b->next_block, 1, __ATOMIC_RELAXED);
        if (block >= blocks) break;
        run_block(b, block * BLOCK_ROWS, wk->scratch, wk->fails);
    }
    return NULL;
}

int yw_rule_batch_run(yw_rule_batch *b, int threads, yw_err *err) {
    if (threads <= 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cores > 0 ? (int)cores : 1;
    }
    size_t blocks = (b->t->rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
    if ((size_t)threads > blocks) threads = blocks ? (int)blocks : 1;
    if (threads > MAX_THREADS) threads = MAX_THREADS;
    worker workers[MAX_THREADS];
    pthread_t ids[MAX_THREADS];
    size_t scratch_words = (size_t)(b->nconds ? b->nconds : 1) * BLOCK_WORDS;
    for (int i = 0; i < threads; i++) {
        workers[i].b = b;
        if (!(workers[i].scratch = yw_arena_alloc(b->a, scratch_words * sizeof(uint64_t))) ||
            !(workers[i].fails = yw_arena_alloc(b->a, scratch_words * sizeof(uint64_t))))
            return yw_fail(err, YW_E_NOMEM, NULL);
    }
    b->next_block = 0;
    int started = 1;
    for (; started < threads; started++)
        if (pthread_create(&ids[started], NULL, run_worker, &workers[started]) != 0) break; /* fewer threads */
    run_worker(&workers[0]);
    for (int i = 1; i < started; i++) pthread_join(ids[i], NULL);
    /* the rows past the last: not rows */
    size_t rows = b->t->rows, words = (rows + 63) / 64;
    for (int r = 0; r < b->nrules; r++) {
        uint64_t *o = b->out[r];
        if (rows % 64) o[words - 1] &= (UINT64_C(1) << (rows % 64)) - 1;
        memset(o + words, 0, (b->t->capacity / 64 - words) * sizeof *o);
        size_t n = 0;
        for (size_t w = 0; w < words; w++) n += (size_t)__builtin_popcountll(o[w]);
        b->counts[r] = n;
    }
    return 0;
}
