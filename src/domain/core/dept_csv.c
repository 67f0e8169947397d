/* Reading the department file of `yiwang dept import` (dept.h): CSV in UTF-8, a header, one
 * department a row. Pure text work, no store: the command creates what this finds, row by row.
 * The file is outside input, so this is fuzzed (tests/fuzz/fuzz_dept_csv.c). */
#include <stdbool.h>
#include <string.h>

#include "../../base/csv.h"
#include "../../base/utf8.h"
#include "dept.h"

static const char *const column_names[] = {"code", "name", "region_code", "aliases"};

static bool header_ok(const yw_csv_record *f) {
    if (f->n != 3 && f->n != 4) return false;
    for (int i = 0; i < f->n; i++)
        if (!yw_csv_name_is(column_names[i], f->v[i])) return false;
    return true;
}

/* The length of the alias separator at s (|, ; or the full-width ；), or 0. */
static size_t separator_at(const char *s, const char *end) {
    if (*s == '|' || *s == ';') return 1;
    if (end - s >= 3 && memcmp(s, "\xEF\xBC\x9B", 3) == 0) return 3;
    return 0;
}

/* The aliases of text as a NULL-terminated arena array, empty pieces left out; NULL when out of
 * memory. */
static const char **split_aliases(yw_arena *a, const char *text) {
    const char *end = text + strlen(text);
    size_t n = 1;
    for (const char *p = text; p < end; p++) n += separator_at(p, end) != 0;
    const char **out = yw_arena_calloc(a, n + 1, sizeof *out);
    if (!out) return NULL;
    size_t k = 0;
    const char *start = text;
    for (const char *p = text;; p++) {
        size_t sep = p < end ? separator_at(p, end) : 1;
        if (!sep) continue;
        char *alias = yw_csv_trim(a, start, (size_t)(p - start));
        if (!alias) return NULL;
        if (*alias) out[k++] = alias;
        if (p >= end) break;
        p += sep - 1;
        start = p + 1;
    }
    return out;
}

/* Fills d from a record of the header's width: 0, 1 with *error (arena text), -1 when out of
 * memory. */
static int fill_row(yw_arena *a, const yw_csv_record *f, yw_dept_new *d, const char **error) {
    for (int i = 0; i < f->n; i++) {
        for (const unsigned char *c = (const unsigned char *)f->v[i]; *c; c++)
            if (*c < 0x20 || *c == 0x7F) {
                *error = yw_arena_printf(a, "%s holds a line break or another control character", column_names[i]);
                return *error ? 1 : -1;
            }
        if (i < 3 && !*f->v[i]) {
            *error = yw_arena_printf(a, "%s is empty", column_names[i]);
            return *error ? 1 : -1;
        }
    }
    d->code = f->v[0];
    d->name = f->v[1];
    d->region_code = f->v[2];
    d->aliases = split_aliases(a, f->n > 3 ? f->v[3] : "");
    return d->aliases ? 0 : -1;
}

/* The line of byte offset `at`, counting LF, CRLF and lone CR as line ends. */
static int line_of(const char *data, size_t at) {
    int line = 1;
    for (size_t i = 0; i < at; i++)
        if (data[i] == '\n' || (data[i] == '\r' && (i + 1 >= at || data[i + 1] != '\n'))) line++;
    return line;
}

static int nomem(yw_err *err) { return yw_fail(err, YW_E_NOMEM, NULL); }

int yw_dept_csv_parse(yw_arena *a, const char *data, size_t len, yw_dept_csv *out, yw_err *err) {
    *out = (yw_dept_csv){0};
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) data += 3, len -= 3;
    if (memchr(data, '\0', len))
        return yw_fail(err, YW_E_DEPARTMENT_FILE_BINARY, "file");
    long bad = yw_utf8_invalid_at(data, len);
    if (bad >= 0)
        return yw_fail(err, YW_E_DEPARTMENT_FILE_NOT_UTF8, "file", line_of(data, (size_t)bad));
    yw_csv r;
    yw_csv_init(&r, data, len);
    yw_csv_record f;
    const char *error;
    int line, rc;
    do {
        line = (int)r.line;
        rc = yw_csv_read(&r, a, &f, &error);
        if (rc < 0) return nomem(err);
        if (rc == 0) return yw_fail(err, YW_E_DEPARTMENT_FILE_EMPTY, "file");
    } while (!error && yw_csv_blank(&f));
    if (error || !header_ok(&f))
        return yw_fail(err, YW_E_DEPARTMENT_FILE_HEADER, "file", line);
    int ncols = f.n, cap = 0;
    for (;;) {
        line = (int)r.line;
        rc = yw_csv_read(&r, a, &f, &error);
        if (rc < 0) return nomem(err);
        if (rc == 0) break;
        if (!error && yw_csv_blank(&f)) continue;
        if (out->nrows == cap) {
            int ncap = cap ? cap * 2 : 64;
            yw_dept_csv_row *rows = yw_arena_alloc(a, sizeof *rows * (size_t)ncap);
            if (!rows) return nomem(err);
            if (out->nrows) memcpy(rows, out->rows, sizeof *rows * (size_t)out->nrows);
            out->rows = rows;
            cap = ncap;
        }
        yw_dept_csv_row *row = &out->rows[out->nrows++];
        *row = (yw_dept_csv_row){.line = line};
        if (!error && f.n != ncols) {
            error = yw_arena_printf(a, "%d column%s where the header has %d", f.n, f.n == 1 ? "" : "s", ncols);
            if (!error) return nomem(err);
        }
        if (!error && fill_row(a, &f, &row->dept, &error) < 0) return nomem(err);
        row->error = error;
        if (error) row->dept = (yw_dept_new){0};
        if (!row->dept.aliases) {
            static const char *const none[] = {NULL};
            row->dept.aliases = none;
        }
    }
    return 0;
}
