/* The registry as rules see it: one entity's record (yw_entity_record), and the records of many
 * held as columns in a yw_rule_table, so that the batch matcher (rules/batch.c) evaluates every
 * rule — policies' eligibility today, inspection scopes and credit next — over the whole
 * registry at once. Only the members some rule reads are kept. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "../../base/time.h"
#include "../../std/industry.h"
#include "../../std/region.h"
#include "entity.h"

/* ---- the record ---- */

int yw_entity_age_years(const yw_entity *e, int64_t today) {
    int64_t established = 0;
    yw_err ignored;
    if (!e->established_on || yw_date_parse(e->established_on, &established, "established_on", &ignored) < 0) return 0;
    int y0, m0, d0, y1, m1, d1;
    yw_civil_from_days(established, &y0, &m0, &d0);
    yw_civil_from_days(today, &y1, &m1, &d1);
    int age = y1 - y0 - ((m1 < m0 || (m1 == m0 && d1 < d0)) ? 1 : 0);
    return age < 0 ? 0 : age;
}

void yw_entity_division(const yw_entity *e, char division[3]) {
    division[0] = '\0';
    if (e->industry && e->industry[0] && e->industry[1]) memcpy(division, e->industry, 2), division[2] = '\0';
}

const char *yw_entity_section(const yw_entity *e) {
    char division[3];
    yw_entity_division(e, division);
    const yw_industry *d = division[0] ? yw_industry_find(division) : NULL;
    return d ? d->section : NULL;
}

json_t *yw_entity_record(const yw_entity *e, int64_t today) {
    json_t *labels = json_array(), *codes = json_array();
    if (!labels || !codes) goto nomem;
    for (const yw_entity_label *l = yw_entity_labels_current(); l->code; l++) {
        if (!(e->labels & l->bit)) continue;
        if (json_array_append_new(labels, json_string(l->name)) < 0 ||
            json_array_append_new(codes, json_string(l->code)) < 0)
            goto nomem;
    }
    int age = yw_entity_age_years(e, today);
    char division[3];
    yw_entity_division(e, division);
    /* "o" steals the arrays' references, also when json_pack fails */
    json_t *r = json_pack("{s:s, s:s?, s:s?, s:s?, s:i, s:s?, s:s, s:s?, s:o, s:o, s:I, s:I, s:i, s:s?, s:i, s:s?, s:s?,"
                          " s:s?}",
                          "uscc", e->uscc, "name", e->name, "kind", yw_enum_to_text(yw_entity_kinds, (int)e->kind),
                          "scale", yw_enum_to_text(yw_entity_scales, (int)e->scale), "employees", e->employees,
                          "industry", e->industry, "industry_division", division, "region", e->region, "labels",
                          labels, "label_codes", codes, "capital_fen", (json_int_t)e->capital_fen, "revenue_fen",
                          (json_int_t)e->revenue_fen, "rd_ratio_bp", e->rd_ratio_bp, "established",
                          e->established_on, "age_years", age, "credit",
                          yw_enum_to_text(yw_entity_credits, (int)e->credit), "status",
                          yw_enum_to_text(yw_entity_statuses, (int)e->status), "industry_section",
                          yw_entity_section(e));
    return r;
nomem:
    json_decref(labels);
    json_decref(codes);
    return NULL;
}

/* The record's members in the order of yw_entity_record; number or coded. */
enum {
    COL_USCC, COL_NAME, COL_KIND, COL_SCALE, COL_EMPLOYEES, COL_INDUSTRY, COL_DIVISION, COL_REGION, COL_LABELS,
    COL_LABEL_CODES, COL_CAPITAL, COL_REVENUE, COL_RD, COL_ESTABLISHED, COL_AGE, COL_CREDIT, COL_STATUS, COL_SECTION,
    COL_COUNT
};
static const yw_rule_column record_columns[COL_COUNT] = {
    [COL_USCC] = {"uscc", YW_RULE_COLUMN_CODED},
    [COL_NAME] = {"name", YW_RULE_COLUMN_CODED},
    [COL_KIND] = {"kind", YW_RULE_COLUMN_CODED},
    [COL_SCALE] = {"scale", YW_RULE_COLUMN_CODED},
    [COL_EMPLOYEES] = {"employees", YW_RULE_COLUMN_NUMBER},
    [COL_INDUSTRY] = {"industry", YW_RULE_COLUMN_CODED},
    [COL_DIVISION] = {"industry_division", YW_RULE_COLUMN_CODED},
    [COL_REGION] = {"region", YW_RULE_COLUMN_CODED},
    [COL_LABELS] = {"labels", YW_RULE_COLUMN_CODED},
    [COL_LABEL_CODES] = {"label_codes", YW_RULE_COLUMN_CODED},
    [COL_CAPITAL] = {"capital_fen", YW_RULE_COLUMN_NUMBER},
    [COL_REVENUE] = {"revenue_fen", YW_RULE_COLUMN_NUMBER},
    [COL_RD] = {"rd_ratio_bp", YW_RULE_COLUMN_NUMBER},
    [COL_ESTABLISHED] = {"established", YW_RULE_COLUMN_CODED},
    [COL_AGE] = {"age_years", YW_RULE_COLUMN_NUMBER},
    [COL_CREDIT] = {"credit", YW_RULE_COLUMN_CODED},
    [COL_STATUS] = {"status", YW_RULE_COLUMN_CODED},
    [COL_SECTION] = {"industry_section", YW_RULE_COLUMN_CODED},
};

struct yw_entity_table {
    yw_rule_table *t;
    int col[COL_COUNT]; /* the table's column of each member, -1 when no rule reads it */
    int64_t today;
};

int yw_entity_table_new(yw_arena *a, const yw_rule *const *rules, int nrules, size_t capacity, int64_t today,
                        yw_entity_table **out, yw_err *err) {
    *out = NULL;
    yw_entity_table *pt = yw_arena_calloc(a, 1, sizeof *pt);
    if (!pt) return yw_fail(err, YW_E_NOMEM, NULL);
    pt->today = today;
    yw_rule_column kept[COL_COUNT];
    int n = 0;
    for (int c = 0; c < COL_COUNT; c++) {
        bool read = false, whole = false;
        for (int i = 0; i < nrules && !read; i++) read = yw_rule_reads(rules[i], record_columns[c].name, &whole);
        pt->col[c] = read ? n : -1;
        if (read) kept[n++] = record_columns[c];
    }
    if (yw_rule_table_new(a, kept, n, capacity, &pt->t, err) < 0) return -1;
    *out = pt;
    return 0;
}

const yw_rule_table *yw_entity_table_rules(const yw_entity_table *pt) { return pt->t; }
void yw_entity_table_release(yw_entity_table *pt) {
    if (pt) yw_rule_table_release(pt->t);
}

/* The labels of a mask as names (ctx: the mask) or codes, for set_keyed. */
static json_t *label_array(int64_t mask, bool names) {
    json_t *arr = json_array();
    for (const yw_entity_label *l = yw_entity_labels_current(); arr && l->code; l++)
        if ((mask & l->bit) && json_array_append_new(arr, json_string(names ? l->name : l->code)) < 0) {
            json_decref(arr);
            return NULL;
        }
    return arr;
}
static json_t *label_names(void *ctx) { return label_array(*(int64_t *)ctx, true); }
static json_t *label_codes(void *ctx) { return label_array(*(int64_t *)ctx, false); }

static int set_text(yw_entity_table *pt, int member, size_t row, const char *s, yw_err *err) {
    int c = pt->col[member];
    return c < 0 ? 0 : yw_rule_table_set_text(pt->t, c, row, s, s ? strlen(s) : 0, err);
}
static void set_number(yw_entity_table *pt, int member, size_t row, double x) {
    if (pt->col[member] >= 0) yw_rule_table_set_number(pt->t, pt->col[member], row, x);
}

int yw_entity_table_add(yw_entity_table *pt, const yw_entity *e, yw_err *err) {
    size_t row;
    if (yw_rule_table_add_row(pt->t, &row, err) < 0) return -1;
    char division[3] = "";
    yw_entity_division(e, division);
    if (set_text(pt, COL_USCC, row, e->uscc, err) < 0 || set_text(pt, COL_NAME, row, e->name, err) < 0 ||
        set_text(pt, COL_KIND, row, yw_enum_to_text(yw_entity_kinds, (int)e->kind), err) < 0 ||
        set_text(pt, COL_SCALE, row, yw_enum_to_text(yw_entity_scales, (int)e->scale), err) < 0 ||
        set_text(pt, COL_INDUSTRY, row, e->industry, err) < 0 || set_text(pt, COL_DIVISION, row, division, err) < 0 ||
        set_text(pt, COL_REGION, row, e->region, err) < 0 ||
        set_text(pt, COL_ESTABLISHED, row, e->established_on, err) < 0 ||
        set_text(pt, COL_CREDIT, row, yw_enum_to_text(yw_entity_credits, (int)e->credit), err) < 0 ||
        set_text(pt, COL_STATUS, row, yw_enum_to_text(yw_entity_statuses, (int)e->status), err) < 0 ||
        set_text(pt, COL_SECTION, row, yw_entity_section(e), err) < 0)
        return -1;
    set_number(pt, COL_EMPLOYEES, row, e->employees);
    set_number(pt, COL_CAPITAL, row, (double)e->capital_fen);
    set_number(pt, COL_REVENUE, row, (double)e->revenue_fen);
    set_number(pt, COL_RD, row, e->rd_ratio_bp);
    set_number(pt, COL_AGE, row, yw_entity_age_years(e, pt->today));
    if (pt->col[COL_LABELS] >= 0 || pt->col[COL_LABEL_CODES] >= 0) {
        char key[24];
        int64_t mask = e->labels;
        int klen = snprintf(key, sizeof key, "%" PRId64, mask);
        if (pt->col[COL_LABELS] >= 0 &&
            yw_rule_table_set_keyed(pt->t, pt->col[COL_LABELS], row, key, (size_t)klen, label_names, &mask, err) < 0)
            return -1;
        if (pt->col[COL_LABEL_CODES] >= 0 && yw_rule_table_set_keyed(pt->t, pt->col[COL_LABEL_CODES], row, key,
                                                                     (size_t)klen, label_codes, &mask, err) < 0)
            return -1;
    }
    return 0;
}

/* ---- the fields as people know them (entity.h) ---- */

static bool valid_division(const char *s) {
    const yw_industry *d = strlen(s) == 2 ? yw_industry_find(s) : NULL;
    return d && d->code[0] >= '0' && d->code[0] <= '9';
}
static bool valid_section(const char *s) { return strlen(s) == 1 && yw_industry_find(s) != NULL; }
static bool valid_industry(const char *s) {
    yw_err ignored;
    return s[0] >= '0' && s[0] <= '9' && yw_industry_validate(s, "industry", &ignored) == 0;
}
static bool valid_region(const char *s) { return yw_region_find(s) != NULL; }
static bool valid_label_name(const char *s) {
    for (const yw_entity_label *l = yw_entity_labels_current(); l->code; l++)
        if (strcmp(s, l->name) == 0) return true;
    return false;
}
static bool valid_label_code(const char *s) {
    for (const yw_entity_label *l = yw_entity_labels_current(); l->code; l++)
        if (strcmp(s, l->code) == 0) return true;
    return false;
}
static bool valid_kind(const char *s) { return yw_enum_from_text(yw_entity_kinds, s) >= 0; }
static bool valid_scale(const char *s) { return yw_enum_from_text(yw_entity_scales, s) >= 0; }
static bool valid_credit(const char *s) { return yw_enum_from_text(yw_entity_credits, s) >= 0; }
static bool valid_status(const char *s) { return yw_enum_from_text(yw_entity_statuses, s) >= 0; }

static const char *const section_codes[] = {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J",
                                            "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", NULL};

/* In the order the editor lists them: what policies ask most first. */
static const yw_entity_field fields[] = {
    {"capital_fen", YW_FIELD_NUMBER, "注册资本", "Registered capital", "元", "yuan", 100, NULL, NULL},
    {"revenue_fen", YW_FIELD_NUMBER, "营业收入", "Revenue", "元", "yuan", 100, NULL, NULL},
    {"employees", YW_FIELD_NUMBER, "从业人数", "Employees", "人", "people", 1, NULL, NULL},
    {"age_years", YW_FIELD_NUMBER, "成立年限", "Years since established", "年", "years", 1, NULL, NULL},
    {"rd_ratio_bp", YW_FIELD_NUMBER, "研发投入占比", "R&D ratio", "%", "%", 100, NULL, NULL},
    {"scale", YW_FIELD_CODE, "企业规模", "Scale", NULL, NULL, 1, yw_entity_scale_texts, valid_scale},
    {"kind", YW_FIELD_CODE, "主体类型", "Kind", NULL, NULL, 1, yw_entity_kind_texts, valid_kind},
    {"industry_section", YW_FIELD_CODE, "行业门类", "Industry section", NULL, NULL, 1, section_codes, valid_section},
    {"industry_division", YW_FIELD_CODE, "行业大类", "Industry division", NULL, NULL, 1, NULL, valid_division},
    {"industry", YW_FIELD_CODE, "行业代码", "Industry code", NULL, NULL, 1, NULL, valid_industry},
    {"region", YW_FIELD_CODE, "所在区域", "Region", NULL, NULL, 1, NULL, valid_region},
    {"labels", YW_FIELD_LIST, "认定标签", "Labels", NULL, NULL, 1, NULL, valid_label_name},
    {"label_codes", YW_FIELD_LIST, "认定标签代码", "Label codes", NULL, NULL, 1, NULL, valid_label_code},
    {"credit", YW_FIELD_CODE, "信用等级", "Credit level", "级", "grade", 1, yw_entity_credit_texts, valid_credit},
    {"status", YW_FIELD_CODE, "经营状态", "Status", NULL, NULL, 1, yw_entity_status_texts, valid_status},
    {"established", YW_FIELD_TEXT, "成立日期", "Established", NULL, NULL, 1, NULL, NULL},
    {"name", YW_FIELD_TEXT, "名称", "Name", NULL, NULL, 1, NULL, NULL},
    {"uscc", YW_FIELD_TEXT, "统一社会信用代码", "USCC", NULL, NULL, 1, NULL, NULL},
    {NULL, 0, NULL, NULL, NULL, NULL, 0, NULL, NULL},
};
/* every member of the record is in the table, and nothing else */
_Static_assert(sizeof fields / sizeof fields[0] == COL_COUNT + 1, "a field of the record without its names");

const yw_entity_field *yw_entity_fields(void) { return fields; }

const yw_entity_field *yw_entity_field_find(const char *name) {
    for (const yw_entity_field *f = fields; f->name; f++)
        if (strcmp(f->name, name) == 0) return f;
    return NULL;
}
