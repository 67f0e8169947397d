/* The registry's records: the value tables, the one table of labels, the table of registered
 * fields (which drives validation, the SQL parameters, the comparison of an import and the
 * history texts, so a field is added in one place), and registration, change, reads and the
 * bulk load. The lifecycle's transitions are in lifecycle.c, the CSV reader in csv.c. */
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/buf.h"
#include "../../base/json_writer.h"
#include "../../base/utf8.h"
#include "../../std/industry.h"
#include "../../std/region.h"
#include "../../std/uscc.h"
#include "../core/audit.h"
#include "internal.h"

const yw_enum_text yw_entity_kinds[] = {{YW_ENTITY_COMPANY, "company"},
                                        {YW_ENTITY_INDIVIDUAL, "individual_business"},
                                        {YW_ENTITY_COOPERATIVE, "cooperative"},
                                        {YW_ENTITY_BRANCH, "branch"},
                                        {0, NULL}};
const char *const yw_entity_kind_texts[] = {"company", "individual_business", "cooperative", "branch", NULL};
const yw_enum_text yw_entity_scales[] = {
    {YW_SCALE_MICRO, "micro"}, {YW_SCALE_SMALL, "small"}, {YW_SCALE_MEDIUM, "medium"}, {YW_SCALE_LARGE, "large"}, {0, NULL}};
const yw_enum_text yw_entity_credits[] = {
    {YW_CREDIT_A, "A"}, {YW_CREDIT_B, "B"}, {YW_CREDIT_C, "C"}, {YW_CREDIT_D, "D"}, {0, NULL}};
const yw_enum_text yw_entity_statuses[] = {{YW_ENTITY_ACTIVE, "active"},
                                           {YW_ENTITY_DORMANT, "dormant"},
                                           {YW_ENTITY_ABNORMAL, "abnormal"},
                                           {YW_ENTITY_DEREGISTERING, "deregistering"},
                                           {YW_ENTITY_DEREGISTERED, "deregistered"},
                                           {0, NULL}};
const char *const yw_entity_status_texts[] = {"active", "dormant", "abnormal", "deregistering", "deregistered", NULL};
const yw_enum_text yw_dereg_modes[] = {{YW_DEREG_ORDINARY, "ordinary"}, {YW_DEREG_SIMPLE, "simple"}, {0, NULL}};
const char *const yw_entity_scale_texts[] = {"micro", "small", "medium", "large", NULL};
const char *const yw_entity_credit_texts[] = {"A", "B", "C", "D", NULL};
const char *const yw_dereg_mode_texts[] = {"ordinary", "simple", NULL};

const char *entity_status_zh(yw_entity_status s) {
    static const char *const zh[] = {"存续", "歇业", "列入经营异常名录", "简易注销公告中", "已注销"};
    return (unsigned)s < sizeof zh / sizeof zh[0] ? zh[s] : "未知";
}

/* ---- the labels (entity.h): the table's rows, held by the process as an immutable set ---- */

typedef struct label_set {
    struct label_set *older; /* every set ever made stays reachable: a reader may still hold one */
    int n;
    int64_t all;
    yw_entity_label list[YW_ENTITY_LABELS_MAX + 1];
} label_set;

static label_set first_eight = {
    NULL, 8, 0xFF,
    {{1 << 0, "zjtx", "专精特新中小企业"},
     {1 << 1, "hnte", "高新技术企业"},
     {1 << 2, "gazelle", "瞪羚企业"},
     {1 << 3, "unicorn", "独角兽企业"},
     {1 << 4, "little_giant", "专精特新小巨人"},
     {1 << 5, "eaglet", "雏鹰企业"},
     {1 << 6, "tech_sme", "科技型中小企业"},
     {1 << 7, "champion", "制造业单项冠军"},
     {0, NULL, NULL}},
};
static label_set *_Atomic labels_now = &first_eight;
static pthread_mutex_t labels_lock = PTHREAD_MUTEX_INITIALIZER;

const yw_entity_label *yw_entity_labels_current(void) { return atomic_load(&labels_now)->list; }
int64_t yw_entity_labels_mask(void) { return atomic_load(&labels_now)->all; }

int yw_entity_labels_sync(yw_op *op) {
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT bit, code, name FROM entity_labels ORDER BY bit", YW_NOARGS, &rows,
                       op->err) < 0)
        return -1;
    label_set *cur = atomic_load(&labels_now);
    bool same = rows.nrows == cur->n;
    for (int i = 0; same && i < rows.nrows; i++)
        same = cur->list[i].bit == (INT64_C(1) << strtoll(yw_rows_get(&rows, i, 0), NULL, 10)) &&
               strcmp(cur->list[i].code, yw_rows_get(&rows, i, 1)) == 0 &&
               strcmp(cur->list[i].name, yw_rows_get(&rows, i, 2)) == 0;
    if (same) return 0;
    if (rows.nrows > YW_ENTITY_LABELS_MAX) return yw_err_set(op->err, YW_ERR_STORE, NULL, "more labels than bits");
    /* strings and the set in one block that lives as long as the process */
    size_t text = 0;
    for (int i = 0; i < rows.nrows; i++) text += strlen(yw_rows_get(&rows, i, 1)) + strlen(yw_rows_get(&rows, i, 2)) + 2;
    label_set *next = calloc(1, sizeof *next + text);
    if (!next) return yw_fail(op->err, YW_E_NOMEM, NULL);
    char *p = (char *)(next + 1);
    for (int i = 0; i < rows.nrows; i++) {
        yw_entity_label *l = &next->list[i];
        l->bit = INT64_C(1) << strtoll(yw_rows_get(&rows, i, 0), NULL, 10);
        l->code = strcpy(p, yw_rows_get(&rows, i, 1));
        p += strlen(p) + 1;
        l->name = strcpy(p, yw_rows_get(&rows, i, 2));
        p += strlen(p) + 1;
        next->all |= l->bit;
    }
    next->n = rows.nrows;
    pthread_mutex_lock(&labels_lock);
    next->older = atomic_load(&labels_now);
    atomic_store(&labels_now, next);
    pthread_mutex_unlock(&labels_lock);
    return 0;
}

int yw_entity_label_create(yw_op *op, const char *code, const char *name, yw_entity_label *out) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "add labels") < 0) return -1;
    size_t n = code ? strlen(code) : 0;
    bool ok = n >= 1 && n <= 32;
    for (size_t i = 0; ok && i < n; i++) ok = (code[i] >= 'a' && code[i] <= 'z') || (code[i] >= '0' && code[i] <= '9') || code[i] == '_';
    if (!ok) return yw_fail(op->err, YW_E_ENTITY_LABEL_CODE, "code");
    size_t chars = name ? yw_utf8_chars(name) : 0;
    if (chars < 1 || chars > 32 || strpbrk(name, "|;") || strstr(name, "；") || yw_utf8_blank(name, strlen(name)))
        return yw_fail(op->err, YW_E_ENTITY_LABEL_NAME, "name");
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "SELECT code, name FROM entity_labels WHERE code = $1 OR name = $2 OR code = $2 OR name = $1",
                       YW_ARGS(code, name), &rows, op->err) < 0)
        return -1;
    if (rows.nrows) return yw_fail(op->err, YW_E_ENTITY_LABEL_EXISTS, "code", code, name);
    if (yw_store_query(op->store, op->arena, "SELECT COALESCE(MAX(bit), -1) + 1 FROM entity_labels", YW_NOARGS, &rows,
                       op->err) < 0)
        return -1;
    int64_t bit = strtoll(yw_rows_get(&rows, 0, 0), NULL, 10);
    if (bit >= YW_ENTITY_LABELS_MAX) return yw_fail(op->err, YW_E_ENTITY_LABELS_FULL, NULL, YW_ENTITY_LABELS_MAX);
    char now[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    if (yw_store_run(op->store, NULL, "INSERT INTO entity_labels (bit, code, name, created_at) VALUES ($1, $2, $3, $4)",
                     YW_PARAMS(YW_INT_P(bit), YW_TEXT_P(code), YW_TEXT_P(name), YW_TEXT_P(now)), NULL, NULL,
                     op->err) < 0 ||
        yw_audit_change(op, "entity.label_create", "entity_label", code, "name", NULL, name, NULL) < 0 ||
        yw_entity_labels_sync(op) < 0)
        return -1;
    if (out) *out = (yw_entity_label){INT64_C(1) << bit, code, name};
    return 0;
}

int64_t yw_entity_label_bit(const char *s) {
    for (const yw_entity_label *l = yw_entity_labels_current(); l->code; l++)
        if (strcmp(s, l->code) == 0 || strcmp(s, l->name) == 0) return l->bit;
    /* the short names people write of the first eight: 瞪羚, 独角兽, 小巨人, 雏鹰, 专精特新, 高企 */
    static const struct {
        const char *name;
        int64_t bit;
    } short_names[] = {{"专精特新", 1 << 0}, {"高企", 1 << 1},   {"瞪羚", 1 << 2}, {"独角兽", 1 << 3},
                       {"小巨人", 1 << 4},   {"雏鹰", 1 << 5}, {"科技型中小", 1 << 6}, {"单项冠军", 1 << 7}};
    for (size_t i = 0; i < sizeof short_names / sizeof short_names[0]; i++)
        if (strcmp(s, short_names[i].name) == 0) return short_names[i].bit;
    return 0;
}

static size_t label_separator(const char *p) {
    if (*p == '|' || *p == ';') return 1;
    if (p[0] == '\xEF' && p[1] == '\xBC' && p[2] == '\x9B') return 3; /* ；, each byte read only if the one before matched */
    return 0;
}

int yw_entity_labels_parse(const char *text, int64_t *mask, const char *field, yw_err *err) {
    *mask = 0;
    const char *p = text;
    while (*p) {
        size_t n = 0;
        while (p[n] && !label_separator(p + n)) n++;
        const char *start = p, *stop = p + n;
        while (start < stop && (*start == ' ' || *start == '\t')) start++;
        while (stop > start && (stop[-1] == ' ' || stop[-1] == '\t')) stop--;
        if (stop > start) {
            char one[64];
            int64_t bit = 0;
            if ((size_t)(stop - start) < sizeof one) {
                memcpy(one, start, (size_t)(stop - start));
                one[stop - start] = '\0';
                bit = yw_entity_label_bit(one);
            } else {
                snprintf(one, sizeof one, "%.60s", start);
            }
            if (!bit) return yw_fail(err, YW_E_ENTITY_LABEL, field, one);
            *mask |= bit;
        }
        p += n;
        if (*p) p += label_separator(p);
    }
    return 0;
}

char *yw_entity_labels_format(yw_arena *a, int64_t mask) {
    yw_buf b;
    yw_buf_init(&b, a);
    yw_buf_puts(&b, "");
    for (const yw_entity_label *l = yw_entity_labels_current(); l->code; l++) {
        if (!(mask & l->bit)) continue;
        if (b.len) yw_buf_putc(&b, '|');
        yw_buf_puts(&b, l->code);
    }
    return b.failed ? NULL : b.data;
}

/* ---- the registered fields ----
 * In the order of the entities table's columns after uscc, of the SQL below and of the CSV
 * header. */
typedef enum { F_TEXT, F_INT, F_INT64, F_ENUM, F_LABELS, F_OPTIONAL, F_ACCOUNT } field_type;
typedef struct {
    const char *name;
    field_type type;
    size_t offset;
    const yw_enum_text *values;
} field;
#define FIELD(name, type) {#name, type, offsetof(yw_entity, name), NULL}
#define ENUM_FIELD(name, values) {#name, F_ENUM, offsetof(yw_entity, name), values}
static const field fields[] = {
    FIELD(name, F_TEXT),        ENUM_FIELD(kind, yw_entity_kinds), FIELD(legal_rep, F_TEXT),
    FIELD(capital_fen, F_INT64), FIELD(industry, F_TEXT),           FIELD(region, F_TEXT),
    FIELD(established_on, F_TEXT), ENUM_FIELD(scale, yw_entity_scales), FIELD(employees, F_INT),
    FIELD(revenue_fen, F_INT64), FIELD(rd_ratio_bp, F_INT),         FIELD(labels, F_LABELS),
    ENUM_FIELD(credit, yw_entity_credits), FIELD(bank_name, F_OPTIONAL), FIELD(bank_account, F_ACCOUNT),
};
#define NFIELDS (int)(sizeof fields / sizeof fields[0])

static const void *member(const yw_entity *e, const field *f) { return (const char *)e + f->offset; }

static yw_param field_param(const yw_entity *e, const field *f) {
    const void *m = member(e, f);
    switch (f->type) {
    case F_OPTIONAL:
    case F_ACCOUNT: {
        const char *s = *(const char *const *)m;
        return YW_TEXT_P(s && *s ? s : NULL);
    }
    case F_TEXT: return YW_TEXT_P(*(const char *const *)m);
    case F_INT: return YW_INT_P(*(const int *)m);
    case F_INT64:
    case F_LABELS: return YW_INT_P(*(const int64_t *)m);
    case F_ENUM: return YW_TEXT_P(yw_enum_to_text(f->values, *(const int *)m));
    }
    return YW_NULL_P;
}

/* The field's value as the CSV writes it, in arena memory (NULL when out of memory); a bank
 * account masked, as the history and the audit keep it (they are read by more people than may
 * see it whole; the last four digits say which account it became). */
static const char *field_text(yw_arena *a, const yw_entity *e, const field *f) {
    const void *m = member(e, f);
    switch (f->type) {
    case F_OPTIONAL: {
        const char *s = *(const char *const *)m;
        return s ? s : "";
    }
    case F_ACCOUNT: {
        const char *s = *(const char *const *)m;
        return s && *s ? yw_entity_account_masked(a, s) : "";
    }
    case F_TEXT: return *(const char *const *)m;
    case F_INT: return yw_arena_printf(a, "%d", *(const int *)m);
    case F_INT64: return yw_arena_printf(a, "%" PRId64, *(const int64_t *)m);
    case F_LABELS: return yw_entity_labels_format(a, *(const int64_t *)m);
    case F_ENUM: return yw_enum_to_text(f->values, *(const int *)m);
    }
    return NULL;
}

static bool field_equal(const yw_entity *x, const yw_entity *y, const field *f) {
    const void *a = member(x, f), *b = member(y, f);
    switch (f->type) {
    case F_OPTIONAL:
    case F_ACCOUNT: {
        const char *x = *(const char *const *)a, *y = *(const char *const *)b;
        return strcmp(x ? x : "", y ? y : "") == 0;
    }
    case F_TEXT: return strcmp(*(const char *const *)a, *(const char *const *)b) == 0;
    case F_INT:
    case F_ENUM: return *(const int *)a == *(const int *)b;
    case F_INT64:
    case F_LABELS: return *(const int64_t *)a == *(const int64_t *)b;
    }
    return false;
}

#define ENTITY_COLUMNS                                                                                       \
    "uscc, name, kind, legal_rep, capital_fen, industry, region, established_on, scale, employees,"          \
    " revenue_fen, rd_ratio_bp, labels, credit, status, dormant_until, service_address, abnormal_reason,"   \
    " notice_until, deregistered_on, created_at, updated_at, bank_name, bank_account"
static const yw_column entity_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_entity, uscc),
    YW_COLUMN(YW_COL_TEXT, yw_entity, name),
    YW_COLUMN_ENUM(yw_entity, kind, yw_entity_kinds),
    YW_COLUMN(YW_COL_TEXT, yw_entity, legal_rep),
    YW_COLUMN(YW_COL_INT64, yw_entity, capital_fen),
    YW_COLUMN(YW_COL_TEXT, yw_entity, industry),
    YW_COLUMN(YW_COL_TEXT, yw_entity, region),
    YW_COLUMN(YW_COL_TEXT, yw_entity, established_on),
    YW_COLUMN_ENUM(yw_entity, scale, yw_entity_scales),
    YW_COLUMN(YW_COL_INT, yw_entity, employees),
    YW_COLUMN(YW_COL_INT64, yw_entity, revenue_fen),
    YW_COLUMN(YW_COL_INT, yw_entity, rd_ratio_bp),
    YW_COLUMN(YW_COL_INT64, yw_entity, labels),
    YW_COLUMN_ENUM(yw_entity, credit, yw_entity_credits),
    YW_COLUMN_ENUM(yw_entity, status, yw_entity_statuses),
    YW_COLUMN(YW_COL_TEXT, yw_entity, dormant_until),
    YW_COLUMN(YW_COL_TEXT, yw_entity, service_address),
    YW_COLUMN(YW_COL_TEXT, yw_entity, abnormal_reason),
    YW_COLUMN(YW_COL_TEXT, yw_entity, notice_until),
    YW_COLUMN(YW_COL_TEXT, yw_entity, deregistered_on),
    YW_COLUMN(YW_COL_TEXT, yw_entity, created_at),
    YW_COLUMN(YW_COL_TEXT, yw_entity, updated_at),
    YW_COLUMN(YW_COL_TEXT, yw_entity, bank_name),
    YW_COLUMN(YW_COL_TEXT, yw_entity, bank_account),
};
#define NCOLUMNS (int)(sizeof entity_columns / sizeof entity_columns[0])

/* ---- validation ---- */

static int check_text(const char *s, const char *name, int max, yw_err *err) {
    if (!s || !*s) return yw_fail(err, YW_E_FIELD_REQUIRED, name, name);
    size_t n = strlen(s);
    if (n > (size_t)max) return yw_fail(err, YW_E_FIELD_TOO_LONG, name, name, (size_t)max);
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if (*c < 0x20 || *c == 0x7F) return yw_fail(err, YW_E_FIELD_CONTROL, name, name);
    if (yw_utf8_invalid_at(s, n) >= 0) return yw_fail(err, YW_E_FIELD_CONTROL, name, name);
    return 0;
}

static int check_range(int64_t v, const char *name, int64_t lo, int64_t hi, yw_err *err) {
    if (v < lo || v > hi) return yw_fail(err, YW_E_FIELD_RANGE, name, name, (long long)lo, (long long)hi);
    return 0;
}

static int check_enum(int v, const yw_enum_text *values, const char *name, const char *list, yw_err *err) {
    if (!yw_enum_to_text(values, v)) return yw_fail(err, YW_E_FIELD_VALUE, name, name, list);
    return 0;
}

/* The bank and the account: both or neither; the account 8–32 digits. */
static int check_bank(const yw_entity *e, yw_err *err) {
    bool bank = e->bank_name && *e->bank_name, account = e->bank_account && *e->bank_account;
    if (!bank && !account) return 0;
    if (!bank) return yw_fail(err, YW_E_ENTITY_BANK_PAIR, "bank_name");
    if (!account) return yw_fail(err, YW_E_ENTITY_BANK_PAIR, "bank_account");
    if (check_text(e->bank_name, "bank_name", YW_ENTITY_BANK_MAX, err) < 0) return -1;
    size_t n = strlen(e->bank_account);
    bool digits = n >= YW_ENTITY_ACCOUNT_MIN && n <= YW_ENTITY_ACCOUNT_MAX;
    for (size_t i = 0; digits && i < n; i++) digits = e->bank_account[i] >= '0' && e->bank_account[i] <= '9';
    if (!digits) return yw_fail(err, YW_E_ENTITY_ACCOUNT, "bank_account", YW_ENTITY_ACCOUNT_MIN, YW_ENTITY_ACCOUNT_MAX);
    return 0;
}

const char *yw_entity_account_masked(yw_arena *a, const char *account) {
    if (!account) return NULL;
    size_t n = strlen(account);
    char *s = yw_arena_strdup(a, account);
    if (!s) return NULL;
    for (size_t i = 4; i + 4 < n; i++) s[i] = '*';
    return s;
}

int yw_entity_validate(const yw_entity *e, int64_t today, yw_err *err) {
    if (!e->uscc || !*e->uscc) return yw_fail(err, YW_E_FIELD_REQUIRED, "uscc", "uscc");
    if (yw_uscc_validate(e->uscc, "uscc", err) < 0 || check_text(e->name, "name", YW_ENTITY_NAME_MAX, err) < 0 ||
        check_enum((int)e->kind, yw_entity_kinds, "kind", "company, individual_business, cooperative, branch", err) < 0 ||
        check_text(e->legal_rep, "legal_rep", YW_ENTITY_REP_MAX, err) < 0 ||
        check_range(e->capital_fen, "capital_fen", 0, YW_ENTITY_AMOUNT_MAX, err) < 0)
        return -1;
    if (!e->industry || !*e->industry) return yw_fail(err, YW_E_FIELD_REQUIRED, "industry", "industry");
    if (yw_industry_validate(e->industry, "industry", err) < 0) return -1;
    if (!e->region || !*e->region) return yw_fail(err, YW_E_FIELD_REQUIRED, "region", "region");
    if (yw_region_validate(e->region, "region", err) < 0) return -1;
    int64_t day;
    if (!e->established_on || !*e->established_on)
        return yw_fail(err, YW_E_FIELD_REQUIRED, "established_on", "established_on");
    if (yw_date_parse(e->established_on, &day, "established_on", err) < 0) return -1;
    if (day < yw_days_from_civil(YW_ENTITY_YEAR_MIN, 1, 1))
        return yw_fail(err, YW_E_DATE_TOO_EARLY, "established_on", "established_on", YW_ENTITY_YEAR_MIN);
    if (day > today) return yw_fail(err, YW_E_DATE_IN_FUTURE, "established_on", "established_on");
    if (check_enum((int)e->scale, yw_entity_scales, "scale", "micro, small, medium, large", err) < 0 ||
        check_range(e->employees, "employees", 0, YW_ENTITY_EMPLOYEES_MAX, err) < 0 ||
        check_range(e->revenue_fen, "revenue_fen", 0, YW_ENTITY_AMOUNT_MAX, err) < 0 ||
        check_range(e->rd_ratio_bp, "rd_ratio_bp", 0, YW_ENTITY_RD_RATIO_MAX, err) < 0 ||
        check_enum((int)e->credit, yw_entity_credits, "credit", "A, B, C, D", err) < 0)
        return -1;
    if (e->labels & ~yw_entity_labels_mask()) return yw_fail(err, YW_E_ENTITY_LABEL, "labels", "?");
    return check_bank(e, err);
}

/* ---- shared by the registry's files ---- */

int entity_may_regulate(yw_op *op, const char *what_zh, const char *what_en) {
    if (yw_op_require(op, YW_ROLE_STAFF, what_en) < 0) return -1;
    if (op->actor->roles & YW_ROLE_ADMIN) return 0;
    if ((op->actor->roles & YW_ROLE_OFFICER) && op->actor->department_id) {
        yw_rows rows;
        if (yw_store_run(op->store, op->arena, "SELECT code FROM departments WHERE id = $1",
                         YW_PARAMS(YW_TEXT_P(op->actor->department_id)), &rows, NULL, op->err) < 0)
            return -1;
        const char *code = yw_rows_get(&rows, 0, 0);
        if (code && strcmp(code, "QD-SCJG") == 0) return 0;
    }
    return yw_fail(op->err, YW_E_ENTITY_NOT_REGULATOR, NULL, what_zh, what_en);
}

int entity_lock(yw_op *op, const char *uscc) {
    int64_t n = 0;
    if (yw_store_run(op->store, NULL, "UPDATE entities SET status = status WHERE uscc = $1",
                     YW_PARAMS(YW_TEXT_P(uscc)), NULL, &n, op->err) < 0)
        return -1;
    return n > 0;
}

int entity_load(yw_op *op, const char *uscc, yw_entity *out) {
    yw_rows rows;
    if (yw_store_run(op->store, op->arena, "SELECT " ENTITY_COLUMNS " FROM entities WHERE uscc = $1",
                     YW_PARAMS(YW_TEXT_P(uscc)), &rows, NULL, op->err) < 0)
        return -1;
    if (!rows.nrows) return 0;
    yw_rows_fill(&rows, 0, entity_columns, NCOLUMNS, out);
    return 1;
}

int entity_history_add(yw_op *op, const char *uscc, const char *field_name, const char *before, const char *after) {
    char id[YW_ID_SIZE], at[YW_TIMESTAMP_SIZE];
    yw_ulid_new(id);
    yw_op_timestamp(op, at);
    const char *by = op->actor ? op->actor->account_id : "anonymous";
    return yw_store_run(op->store, op->arena,
                        "INSERT INTO entity_changes (id, uscc, field, before_value, after_value, changed_at,"
                        " changed_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                        YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(uscc), YW_TEXT_P(field_name), YW_TEXT_P(before),
                                  YW_TEXT_P(after), YW_TEXT_P(at), YW_TEXT_P(by)),
                        NULL, NULL, op->err);
}

/* The registered fields of e as a JSON object, for the audit entry (NULL when out of memory). */
static const char *registered_json(yw_arena *a, const yw_entity *e) {
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, a);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "uscc", e->uscc);
    for (int i = 0; i < NFIELDS; i++) yw_jw_kstr(&w, fields[i].name, field_text(a, e, &fields[i]));
    yw_jw_end(&w);
    return b.failed ? NULL : b.data;
}

/* ---- writes ---- */

/* Inserts e (validated) as a new active entity. */
static int insert_entity(yw_op *op, const yw_entity *e) {
    char at[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, at);
    yw_param p[NFIELDS + 2];
    p[0] = YW_TEXT_P(e->uscc);
    for (int i = 0; i < NFIELDS; i++) p[i + 1] = field_param(e, &fields[i]);
    p[NFIELDS + 1] = YW_TEXT_P(at);
    int64_t changes = 0;
    if (yw_store_run(op->store, op->arena,
                     "INSERT INTO entities (uscc, name, kind, legal_rep, capital_fen, industry, region,"
                     " established_on, scale, employees, revenue_fen, rd_ratio_bp, labels, credit, bank_name,"
                     " bank_account, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
                     " $11, $12, $13, $14, $15, $16, 'active', $17, $17) ON CONFLICT (uscc) DO NOTHING",
                     NFIELDS + 2, p, NULL, &changes, op->err) < 0)
        return -1;
    if (changes != 1) return yw_fail(op->err, YW_E_ENTITY_EXISTS, "uscc", e->uscc);
    return 0;
}

/* Writes the registered fields of next over those of cur, a history row for each that differs;
 * *changed their number. before/after JSON (may be NULL) receive the differing fields. */
static int update_entity(yw_op *op, const yw_entity *cur, const yw_entity *next, int *changed, const char **before_json,
                         const char **after_json) {
    *changed = 0;
    yw_arena *a = op->arena;
    yw_buf bb, ab;
    yw_jw bw, aw;
    if (before_json) {
        yw_jw_begin(&bw, &bb, a);
        yw_jw_begin(&aw, &ab, a);
        yw_jw_obj(&bw);
        yw_jw_obj(&aw);
    }
    for (int i = 0; i < NFIELDS; i++) {
        if (field_equal(cur, next, &fields[i])) continue;
        const char *before = field_text(a, cur, &fields[i]), *after = field_text(a, next, &fields[i]);
        if (!before || !after) return yw_fail(op->err, YW_E_NOMEM, NULL);
        if (entity_history_add(op, cur->uscc, fields[i].name, before, after) < 0) return -1;
        if (before_json) {
            yw_jw_kstr(&bw, fields[i].name, before);
            yw_jw_kstr(&aw, fields[i].name, after);
        }
        (*changed)++;
    }
    if (before_json) {
        yw_jw_end(&bw);
        yw_jw_end(&aw);
        if (bb.failed || ab.failed) return yw_fail(op->err, YW_E_NOMEM, NULL);
        *before_json = bb.data;
        *after_json = ab.data;
    }
    if (!*changed) return 0;
    char at[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, at);
    yw_param p[NFIELDS + 2];
    p[0] = YW_TEXT_P(cur->uscc);
    for (int i = 0; i < NFIELDS; i++) p[i + 1] = field_param(next, &fields[i]);
    p[NFIELDS + 1] = YW_TEXT_P(at);
    return yw_store_run(op->store, a,
                        "UPDATE entities SET name = $2, kind = $3, legal_rep = $4, capital_fen = $5, industry = $6,"
                        " region = $7, established_on = $8, scale = $9, employees = $10, revenue_fen = $11,"
                        " rd_ratio_bp = $12, labels = $13, credit = $14, bank_name = $15, bank_account = $16,"
                        " updated_at = $17 WHERE uscc = $1",
                        NFIELDS + 2, p, NULL, NULL, op->err);
}

/* A change that says nothing of the bank (both NULL: a file or a body without them) keeps it. */
static void keep_bank(yw_entity *next, const yw_entity *cur) {
    if (next->bank_name || next->bank_account) return;
    next->bank_name = cur->bank_name;
    next->bank_account = cur->bank_account;
}

/* ---- who is told (entity.h) ---- */

int entity_changed(yw_op *op, const char *const *uscc, int n) {
    if (n <= 0) return 0;
    yw_event ev = {.kind = "entity.changed", .subject_type = "entity", .subject_id = uscc[0], .ids = uscc, .nids = n};
    return yw_event_raise(op, &ev);
}

int yw_entity_register(yw_op *op, const yw_entity *in, yw_entity *out) {
    if (entity_may_regulate(op, "登记市场主体", "register market entities") < 0) return -1;
    if (yw_entity_validate(in, yw_op_today(op), op->err) < 0 || insert_entity(op, in) < 0) return -1;
    const char *after = registered_json(op->arena, in);
    if (!after) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (yw_audit_append(op, "entity.register", "entity", in->uscc, NULL, after) < 0) return -1;
    if (entity_changed(op, &in->uscc, 1) < 0) return -1;
    if (out && entity_load(op, in->uscc, out) < 0) return -1;
    return 0;
}

int yw_entity_change(yw_op *op, const yw_entity *in, yw_entity *out, int *changed) {
    if (changed) *changed = 0;
    if (entity_may_regulate(op, "变更市场主体登记", "change market entities") < 0) return -1;
    if (yw_entity_validate(in, yw_op_today(op), op->err) < 0) return -1;
    yw_entity cur;
    int found = entity_lock(op, in->uscc);
    if (found > 0) found = entity_load(op, in->uscc, &cur);
    if (found < 0) return -1;
    if (!found) return yw_fail(op->err, YW_E_ENTITY_NOT_FOUND, "uscc", in->uscc);
    if (cur.status == YW_ENTITY_DEREGISTERING || cur.status == YW_ENTITY_DEREGISTERED)
        return yw_fail(op->err, YW_E_ENTITY_STATE, "status", entity_status_zh(cur.status), "变更登记",
                       yw_enum_to_text(yw_entity_statuses, (int)cur.status), "change its registration");
    int n;
    const char *before, *after;
    yw_entity next = *in;
    keep_bank(&next, &cur);
    if (update_entity(op, &cur, &next, &n, &before, &after) < 0) return -1;
    if (n && (yw_audit_append(op, "entity.change", "entity", in->uscc, before, after) < 0 ||
              entity_changed(op, &in->uscc, 1) < 0))
        return -1;
    if (changed) *changed = n;
    if (out && entity_load(op, in->uscc, out) < 0) return -1;
    return 0;
}

int yw_entity_load_batch(yw_op *op, const yw_entity *rows, int n, const char *source, yw_entity_load_report *r) {
    if (entity_may_regulate(op, "导入市场主体", "import market entities") < 0) return -1;
    yw_entity_load_report batch = {0};
    const char **touched = n > 0 ? yw_arena_calloc(op->arena, (size_t)n, sizeof *touched) : NULL;
    if (n > 0 && !touched) return yw_fail(op->err, YW_E_NOMEM, NULL);
    int ntouched = 0;
    for (int i = 0; i < n; i++) {
        yw_entity cur;
        int found = entity_load(op, rows[i].uscc, &cur);
        if (found < 0) return -1;
        if (!found) {
            if (insert_entity(op, &rows[i]) < 0) return -1;
            batch.added++;
            touched[ntouched++] = rows[i].uscc;
            continue;
        }
        int changed;
        yw_entity next = rows[i];
        keep_bank(&next, &cur);
        if (update_entity(op, &cur, &next, &changed, NULL, NULL) < 0) return -1;
        if (changed) {
            batch.changed++;
            touched[ntouched++] = rows[i].uscc;
        } else
            batch.unchanged++;
    }
    if (batch.added || batch.changed) {
        yw_buf b;
        yw_jw w;
        yw_jw_begin(&w, &b, op->arena);
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "source", source);
        yw_jw_kint(&w, "rows", n);
        yw_jw_kstr(&w, "first", rows[0].uscc);
        yw_jw_kstr(&w, "last", rows[n - 1].uscc);
        yw_jw_kint(&w, "added", batch.added);
        yw_jw_kint(&w, "changed", batch.changed);
        yw_jw_end(&w);
        if (b.failed) return yw_fail(op->err, YW_E_NOMEM, NULL);
        if (yw_audit_append(op, "entity.import", "entity", rows[0].uscc, NULL, b.data) < 0) return -1;
    }
    if (entity_changed(op, touched, ntouched) < 0) return -1;
    r->added += batch.added;
    r->changed += batch.changed;
    r->unchanged += batch.unchanged;
    return 0;
}

/* ---- reads ---- */

static int may_read(yw_op *op, const char *uscc) {
    if (op->actor && !(op->actor->roles & YW_ROLE_STAFF) && op->actor->kind &&
        strcmp(op->actor->kind, "enterprise") == 0) {
        if (op->actor->login && strcmp(op->actor->login, uscc) == 0) return 0;
        return yw_fail(op->err, YW_E_ENTITY_NOT_YOURS, NULL);
    }
    return yw_op_require(op, YW_ROLE_STAFF, "read market entities");
}

/* Who sees a bank account whole: the enterprise itself, admins, the system actor and the
 * registry's regulators (who keep it); other staff read it masked. 1 whole, 0 masked, -1 when
 * the store fails. */
static int sees_accounts(yw_op *op, const char *uscc) {
    if (!op->actor || (op->actor->roles & YW_ROLE_ADMIN)) return 1;
    if (!(op->actor->roles & YW_ROLE_STAFF)) return uscc && op->actor->login && strcmp(op->actor->login, uscc) == 0;
    yw_err saved = *op->err;
    if (entity_may_regulate(op, "", "") == 0) return 1;
    bool failed = op->err->code == YW_ERR_STORE;
    if (!failed) *op->err = saved;
    return failed ? -1 : 0;
}

int entity_mask_accounts(yw_op *op, yw_entity *list, int n) {
    int whole = -1;
    for (int i = 0; i < n; i++) {
        if (!list[i].bank_account) continue;
        if (whole < 0 && (whole = sees_accounts(op, n == 1 ? list[i].uscc : NULL)) < 0) return -1;
        if (whole) continue;
        if (!(list[i].bank_account = yw_entity_account_masked(op->arena, list[i].bank_account)))
            return yw_fail(op->err, YW_E_NOMEM, NULL);
    }
    return 0;
}

int yw_entity_get(yw_op *op, const char *uscc, yw_entity *out) {
    if (may_read(op, uscc) < 0) return -1;
    int found = entity_load(op, uscc, out);
    if (found < 0) return -1;
    if (!found) return yw_fail(op->err, YW_E_ENTITY_NOT_FOUND, "uscc", uscc);
    return entity_mask_accounts(op, out, 1);
}

static const yw_column change_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_entity_change_row, field), YW_COLUMN(YW_COL_TEXT, yw_entity_change_row, before),
    YW_COLUMN(YW_COL_TEXT, yw_entity_change_row, after), YW_COLUMN(YW_COL_TEXT, yw_entity_change_row, at),
    YW_COLUMN(YW_COL_TEXT, yw_entity_change_row, by),
};

int yw_entity_history(yw_op *op, const char *uscc, int limit, yw_entity_change_row **out, int *n) {
    *out = NULL;
    *n = 0;
    if (may_read(op, uscc) < 0) return -1;
    if (limit < 1 || limit > YW_ENTITY_LIST_MAX)
        return yw_fail(op->err, YW_E_FIELD_RANGE, "limit", "limit", 1LL, (long long)YW_ENTITY_LIST_MAX);
    yw_rows rows;
    if (yw_store_run(op->store, op->arena,
                     "SELECT field, before_value, after_value, changed_at, changed_by FROM entity_changes"
                     " WHERE uscc = $1 ORDER BY changed_at DESC, id DESC LIMIT $2",
                     YW_PARAMS(YW_TEXT_P(uscc), YW_INT_P(limit)), &rows, NULL, op->err) < 0)
        return -1;
    *out = yw_rows_fill_all(&rows, change_columns, 5, sizeof **out, op->arena);
    if (!*out) return yw_fail(op->err, YW_E_NOMEM, NULL);
    *n = rows.nrows;
    return 0;
}

/* s with LIKE's wildcards escaped and `%` after (and before, when contains), in arena memory. */
static char *like_pattern(yw_arena *a, const char *s, bool contains) {
    yw_buf b;
    yw_buf_init(&b, a);
    if (contains) yw_buf_putc(&b, '%');
    for (const char *p = s; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\') yw_buf_putc(&b, '\\');
        yw_buf_putc(&b, *p);
    }
    yw_buf_putc(&b, '%');
    return b.failed ? NULL : b.data;
}

int yw_entity_search(yw_op *op, const yw_entity_query *q, yw_entity **out, int *n, int64_t *total) {
    *out = NULL;
    *n = 0;
    *total = 0;
    if (yw_op_require(op, YW_ROLE_STAFF, "search market entities") < 0) return -1;
    int limit = q->limit ? q->limit : 50;
    if (limit < 1 || limit > YW_ENTITY_LIST_MAX)
        return yw_fail(op->err, YW_E_FIELD_RANGE, "limit", "limit", 1LL, (long long)YW_ENTITY_LIST_MAX);
    yw_arena *a = op->arena;
    /* every filter is always in the statement, switched off by a NULL parameter (cast, so that
     * PostgreSQL knows its type), so that the statement is one text, prepared once */
    const char *name_like = NULL, *uscc = NULL, *region_like = NULL, *industry_like = NULL;
    int64_t label = 0;
    if (q->q && *q->q) {
        if (strlen(q->q) > YW_ENTITY_QUERY_MAX)
            return yw_fail(op->err, YW_E_FIELD_TOO_LONG, "q", "q", (size_t)YW_ENTITY_QUERY_MAX);
        if (!(name_like = like_pattern(a, q->q, true))) return yw_fail(op->err, YW_E_NOMEM, NULL);
        uscc = q->q;
    }
    if (q->region && *q->region) {
        if (yw_region_validate(q->region, "region", op->err) < 0) return -1;
        size_t keep = strcmp(q->region + 2, "0000") == 0 ? 2 : strcmp(q->region + 4, "00") == 0 ? 4 : 6;
        char prefix[8];
        memcpy(prefix, q->region, keep);
        prefix[keep] = '\0';
        if (!(region_like = like_pattern(a, prefix, false))) return yw_fail(op->err, YW_E_NOMEM, NULL);
    }
    if (q->industry && *q->industry) {
        if (yw_industry_validate(q->industry, "industry", op->err) < 0) return -1;
        if (q->industry[0] < '0' || q->industry[0] > '9')
            return yw_fail(op->err, YW_E_FIELD_FORMAT, "industry", "industry", "两至四位数字的行业代码",
                           "a division code of 2 to 4 digits");
        if (!(industry_like = like_pattern(a, q->industry, false))) return yw_fail(op->err, YW_E_NOMEM, NULL);
    }
    if (q->label && *q->label && !(label = yw_entity_label_bit(q->label)))
        return yw_fail(op->err, YW_E_ENTITY_LABEL, "label", q->label);
    if (q->status && *q->status && yw_enum_from_text(yw_entity_statuses, q->status) < 0)
        return yw_fail(op->err, YW_E_FIELD_VALUE, "status", "status",
                       "active, dormant, abnormal, deregistering, deregistered");
    const char *status = q->status && *q->status ? q->status : NULL;
#define SEARCH_WHERE                                                                                          \
    " FROM entities WHERE (CAST($1 AS TEXT) IS NULL OR name LIKE $1 ESCAPE '\\' OR uscc = $2)"               \
    " AND (CAST($3 AS TEXT) IS NULL OR region LIKE $3 ESCAPE '\\')"                                          \
    " AND (CAST($4 AS TEXT) IS NULL OR industry LIKE $4 ESCAPE '\\')"                                        \
    " AND (CAST($5 AS BIGINT) = 0 OR (labels & $5) <> 0) AND (CAST($6 AS TEXT) IS NULL OR status = $6)"
    yw_param p[] = {YW_TEXT_P(name_like), YW_TEXT_P(uscc),  YW_TEXT_P(region_like), YW_TEXT_P(industry_like),
                    YW_INT_P(label),      YW_TEXT_P(status), YW_INT_P(limit),        YW_INT_P(q->offset)};
    yw_rows rows;
    if (yw_store_run(op->store, a, "SELECT count(*)" SEARCH_WHERE, 6, p, &rows, NULL, op->err) < 0) return -1;
    *total = strtoll(yw_rows_get(&rows, 0, 0), NULL, 10);
    if (yw_store_run(op->store, a, "SELECT " ENTITY_COLUMNS SEARCH_WHERE " ORDER BY uscc LIMIT $7 OFFSET $8", 8, p,
                     &rows, NULL, op->err) < 0)
        return -1;
#undef SEARCH_WHERE
    *out = yw_rows_fill_all(&rows, entity_columns, NCOLUMNS, sizeof **out, a);
    if (!*out) return yw_fail(op->err, YW_E_NOMEM, NULL);
    *n = rows.nrows;
    return entity_mask_accounts(op, *out, *n);
}
