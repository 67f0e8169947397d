/* Reading the registry file of `yiwang entity import` (entity.h, docs/entities.md): CSV in
 * UTF-8, a header naming the fourteen columns in any order (and, if it likes, the bank and the
 * account where grants are paid), one entity a row. The reader walks
 * memory the caller keeps (the file mapped), one row at a time, into the caller's batch arena:
 * a file of millions of rows and a field of any length need no buffer of their own. Pure text
 * work, no store. The file is outside input, so this is fuzzed (tests/fuzz/fuzz_entity_csv.c). */
#include <stdlib.h>
#include <string.h>

#include "../../base/buf.h"
#include "../../base/csv.h"
#include "../../base/utf8.h"
#include "entity.h"

static const char *const column_names[] = {"uscc",           "name",  "kind",      "legal_rep",   "capital_fen",
                                           "industry",       "region", "established_on", "scale", "employees",
                                           "revenue_fen",    "rd_ratio_bp", "labels", "credit",
                                           "bank_name",      "bank_account"};
#define NREQUIRED 14 /* the columns before bank_name */
#define NCOLS 16

int yw_entity_csv_open(yw_entity_csv *r, const char *data, size_t len, yw_err *err) {
    *r = (yw_entity_csv){0};
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) data += 3, len -= 3; /* a BOM */
    yw_csv_init(&r->csv, data, len);
    yw_arena a;
    yw_arena_init(&a);
    yw_csv_record f;
    const char *error;
    int rc = yw_csv_read(&r->csv, &a, &f, &error);
    if (rc < 0) {
        yw_arena_reset(&a);
        return yw_fail(err, YW_E_NOMEM, NULL);
    }
    bool ok = rc == 1 && !error && (f.n == NREQUIRED || f.n == NCOLS);
    int named = 0;
    for (int c = 0; ok && c < NCOLS; c++) {
        r->column_of[c] = -1;
        for (int i = 0; i < f.n; i++)
            if (yw_csv_name_is(column_names[c], f.v[i])) {
                if (r->column_of[c] >= 0) ok = false; /* named twice */
                r->column_of[c] = i;
                named++;
            }
        if (c < NREQUIRED && r->column_of[c] < 0) ok = false;
    }
    ok = ok && named == f.n; /* the bank with its account, and no column unknown */
    r->ncolumns = ok ? f.n : 0;
    yw_arena_reset(&a);
    if (!ok) return yw_fail(err, YW_E_ENTITY_CSV_HEADER, NULL, YW_ENTITY_CSV_HEADER);
    return 0;
}

/* A whole number of at most 18 digits, nothing else; -1 otherwise. */
static int64_t whole_number(const char *s) {
    if (!*s || strlen(s) > 18) return -1;
    int64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') return -1;
        v = v * 10 + (*p - '0');
    }
    return v;
}

/* The error of a field as one line: "中文 (English) — field F" (arena text). */
static const char *describe(yw_arena *a, const yw_err *e) {
    if (e->message_en[0])
        return yw_arena_printf(a, "%s (%s) — field %s", e->message, e->message_en, e->field);
    return yw_arena_printf(a, "%s — field %s", e->message, e->field);
}

/* A number column into *out (int or int64 by `wide`); 0, or 1 with *error. */
static int number(yw_arena *a, const char *name, const char *text, int64_t max, int64_t *out, const char **error) {
    int64_t v = whole_number(text);
    if (v < 0 || v > max) {
        *error = yw_arena_printf(a, "%s 应为0至%lld的整数 (%s must be a whole number from 0 to %lld) — field %s", name,
                                 (long long)max, name, (long long)max, name);
        return 1;
    }
    *out = v;
    return 0;
}

static int enumerated(yw_arena *a, const char *name, const char *text, const yw_enum_text *values, int *out,
                      const char **error) {
    int v = yw_enum_from_text(values, text);
    if (v < 0) {
        yw_buf b;
        yw_buf_init(&b, a);
        for (const yw_enum_text *t = values; t->text; t++) {
            if (b.len) yw_buf_puts(&b, ", ");
            yw_buf_puts(&b, t->text);
        }
        *error = yw_arena_printf(a, "%s 的取值应为以下之一：%s (%s must be one of: %s) — field %s", name,
                                 b.failed ? "" : b.data, name, b.failed ? "" : b.data, name);
        return 1;
    }
    *out = v;
    return 0;
}

/* Fills e from a record of the header's width: 0, or 1 with *error. */
static int fill_row(yw_arena *a, const yw_entity_csv *r, const yw_csv_record *f, int64_t today, yw_entity *e,
                    const char **error) {
    const char *v[NCOLS];
    for (int c = 0; c < NCOLS; c++) v[c] = r->column_of[c] >= 0 ? f->v[r->column_of[c]] : NULL;
    *e = (yw_entity){.uscc = v[0], .name = v[1], .legal_rep = v[3], .industry = v[5], .region = v[6],
                     .established_on = v[7], .status = YW_ENTITY_ACTIVE,
                     .bank_name = v[14], .bank_account = v[15]}; /* NULL: the file has none */
    int64_t n = 0;
    int k = 0;
    if (enumerated(a, "kind", v[2], yw_entity_kinds, &k, error)) return 1;
    e->kind = (yw_entity_kind)k;
    if (number(a, "capital_fen", v[4], YW_ENTITY_AMOUNT_MAX, &e->capital_fen, error)) return 1;
    if (enumerated(a, "scale", v[8], yw_entity_scales, &k, error)) return 1;
    e->scale = (yw_entity_scale)k;
    if (number(a, "employees", v[9], YW_ENTITY_EMPLOYEES_MAX, &n, error)) return 1;
    e->employees = (int)n;
    if (number(a, "revenue_fen", v[10], YW_ENTITY_AMOUNT_MAX, &e->revenue_fen, error)) return 1;
    if (number(a, "rd_ratio_bp", v[11], YW_ENTITY_RD_RATIO_MAX, &n, error)) return 1;
    e->rd_ratio_bp = (int)n;
    if (enumerated(a, "credit", v[13], yw_entity_credits, &k, error)) return 1;
    e->credit = (yw_entity_credit)k;
    yw_err err;
    yw_err_clear(&err);
    if (yw_entity_labels_parse(v[12], &e->labels, "labels", &err) < 0 || yw_entity_validate(e, today, &err) < 0) {
        *error = describe(a, &err);
        return 1;
    }
    return 0;
}

int yw_entity_csv_next(yw_entity_csv *r, yw_arena *a, int64_t today, yw_entity *out, int64_t *line,
                       const char **error) {
    for (;;) {
        *line = r->csv.line;
        yw_csv_record f;
        int rc = yw_csv_read(&r->csv, a, &f, error);
        if (rc <= 0) return rc;
        if (*error) return 1;
        if (yw_csv_blank(&f)) continue;
        if (f.n != r->ncolumns) {
            *error = yw_arena_printf(a, "%d columns where the header has %d", f.n, r->ncolumns);
            return *error ? 1 : -1;
        }
        /* bytes the CSV cannot hold as text: checked once here for every field */
        for (int i = 0; i < f.n; i++)
            if (yw_utf8_invalid_at(f.v[i], strlen(f.v[i])) >= 0) {
                *error = yw_arena_printf(a, "column %d is not UTF-8", i + 1);
                return *error ? 1 : -1;
            }
        if (fill_row(a, r, &f, today, out, error) && !*error) return -1;
        return 1;
    }
}
