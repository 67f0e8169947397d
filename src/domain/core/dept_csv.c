/* Reading the department file of `yiwang dept import` (dept.h): CSV in UTF-8, a header, one
 * department a row. Pure text work, no store: the command creates what this finds, row by row.
 * The file is outside input, so this is fuzzed (tests/fuzz/fuzz_dept_csv.c). */
#include <stdbool.h>
#include <string.h>

#include "../../base/utf8.h"
#include "../../base/buf.h"
#include "dept.h"

typedef struct {
    yw_arena *a;
    const char *p, *end;
    int line; /* the line p is on, from 1 */
} reader;

/* The fields of one record, in arena memory. */
typedef struct {
    const char **v;
    int n, cap;
} fields;

static const char *const column_names[] = {"code", "name", "region_code", "aliases"};

/* Appends s to f; -1 when out of memory (s NULL included). */
static int push(yw_arena *a, fields *f, const char *s) {
    if (!s) return -1;
    if (f->n == f->cap) {
        int ncap = f->cap ? f->cap * 2 : 8;
        const char **v = yw_arena_alloc(a, sizeof *v * (size_t)ncap);
        if (!v) return -1;
        if (f->n) memcpy(v, f->v, sizeof *v * (size_t)f->n);
        f->v = v;
        f->cap = ncap;
    }
    f->v[f->n++] = s;
    return 0;
}

static bool at_eol(const reader *r) { return r->p >= r->end || *r->p == '\n' || *r->p == '\r'; }

/* Consumes a line end (LF, CRLF or a lone CR) if there is one, counting the line. */
static void eat_eol(reader *r) {
    if (r->p < r->end && *r->p == '\r') {
        r->p++;
        if (r->p < r->end && *r->p == '\n') r->p++;
        r->line++;
    } else if (r->p < r->end && *r->p == '\n') {
        r->p++;
        r->line++;
    }
}

static void skip_line(reader *r) {
    while (!at_eol(r)) r->p++;
    eat_eol(r);
}

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

/* s[0..n) without the spaces, tabs and ideographic spaces (U+3000) around it, as an arena string. */
static char *trimmed(yw_arena *a, const char *s, size_t n) {
    for (;;) {
        if (n && is_blank(s[0])) s++, n--;
        else if (n >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0) s += 3, n -= 3;
        else break;
    }
    for (;;) {
        if (n && is_blank(s[n - 1])) n--;
        else if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0) n -= 3;
        else break;
    }
    return yw_arena_strndup(a, s, n);
}

/* Reads one record into f. Returns 1 with a record (*error set when it cannot be read; the
 * rest of its line is skipped), 0 at the end of the data, -1 when out of memory. */
static int read_record(reader *r, fields *f, const char **error) {
    *f = (fields){0};
    *error = NULL;
    if (r->p >= r->end) return 0;
    for (;;) {
        while (r->p < r->end && is_blank(*r->p)) r->p++;
        if (r->p < r->end && *r->p == '"') {
            r->p++;
            yw_buf b;
            yw_buf_init(&b, r->a);
            yw_buf_reserve(&b, 16);
            for (;;) {
                if (r->p >= r->end) {
                    *error = "a quoted field is not closed (a quote inside a field is written \"\")";
                    return 1;
                }
                const char *run = r->p;
                while (r->p < r->end && *r->p != '"' && *r->p != '\n' && *r->p != '\r') r->p++;
                yw_buf_append(&b, run, (size_t)(r->p - run));
                if (r->p >= r->end) continue;
                if (*r->p == '"') {
                    if (r->p + 1 < r->end && r->p[1] == '"') {
                        yw_buf_putc(&b, '"');
                        r->p += 2;
                        continue;
                    }
                    r->p++;
                    break;
                }
                /* a line break inside the quotes: the record goes on on the next line */
                eat_eol(r);
                yw_buf_putc(&b, '\n');
            }
            if (b.failed || push(r->a, f, trimmed(r->a, b.data, b.len)) < 0) return -1;
            while (r->p < r->end && is_blank(*r->p)) r->p++;
            if (!at_eol(r) && *r->p != ',') {
                *error = "text after the closing quote of a field (a quote inside a field is written \"\")";
                skip_line(r);
                return 1;
            }
        } else {
            const char *start = r->p;
            while (!at_eol(r) && *r->p != ',') {
                if (*r->p == '"') {
                    *error = "a quote inside a field that does not start with one (quote the whole field and"
                             " write the quote as \"\")";
                    skip_line(r);
                    return 1;
                }
                r->p++;
            }
            if (push(r->a, f, trimmed(r->a, start, (size_t)(r->p - start))) < 0) return -1;
        }
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        eat_eol(r);
        return 1;
    }
}

/* A blank line, or a line of empty fields only (spreadsheets write those below the data). */
static bool all_empty(const fields *f) {
    for (int i = 0; i < f->n; i++)
        if (*f->v[i]) return false;
    return true;
}

static bool header_ok(const fields *f) {
    if (f->n != 3 && f->n != 4) return false;
    for (int i = 0; i < f->n; i++) {
        const char *want = column_names[i], *got = f->v[i];
        size_t n = strlen(want);
        if (strlen(got) != n) return false;
        for (size_t k = 0; k < n; k++) {
            char c = got[k];
            if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
            if (c != want[k]) return false;
        }
    }
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
        char *alias = trimmed(a, start, (size_t)(p - start));
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
static int fill_row(yw_arena *a, const fields *f, yw_dept_new *d, const char **error) {
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
    reader r = {a, data, data + len, 1};
    fields f;
    const char *error;
    int line, rc;
    do {
        line = r.line;
        rc = read_record(&r, &f, &error);
        if (rc < 0) return nomem(err);
        if (rc == 0) return yw_fail(err, YW_E_DEPARTMENT_FILE_EMPTY, "file");
    } while (!error && all_empty(&f));
    if (error || !header_ok(&f))
        return yw_fail(err, YW_E_DEPARTMENT_FILE_HEADER, "file", line);
    int ncols = f.n, cap = 0;
    for (;;) {
        line = r.line;
        rc = read_record(&r, &f, &error);
        if (rc < 0) return nomem(err);
        if (rc == 0) break;
        if (!error && all_empty(&f)) continue;
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
