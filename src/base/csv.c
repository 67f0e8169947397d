/* CSV records (csv.h): the reader, and the writer of one field. */
#include "csv.h"

#include <string.h>

#include "buf.h"

void yw_csv_init(yw_csv *r, const char *data, size_t len) { *r = (yw_csv){data, data + len, 1}; }

/* Appends s to f; -1 when out of memory (s NULL included). */
static int push(yw_arena *a, yw_csv_record *f, const char *s) {
    if (!s) return -1;
    if (f->n == f->cap) {
        int ncap = f->cap ? f->cap * 2 : 16;
        const char **v = yw_arena_alloc(a, sizeof *v * (size_t)ncap);
        if (!v) return -1;
        if (f->n) memcpy(v, f->v, sizeof *v * (size_t)f->n);
        f->v = v;
        f->cap = ncap;
    }
    f->v[f->n++] = s;
    return 0;
}

static bool at_eol(const yw_csv *r) { return r->p >= r->end || *r->p == '\n' || *r->p == '\r'; }

/* Consumes a line end (LF, CRLF or a lone CR) if there is one, counting the line. */
static void eat_eol(yw_csv *r) {
    if (r->p < r->end && *r->p == '\r') {
        r->p++;
        if (r->p < r->end && *r->p == '\n') r->p++;
        r->line++;
    } else if (r->p < r->end && *r->p == '\n') {
        r->p++;
        r->line++;
    }
}

static void skip_line(yw_csv *r) {
    while (!at_eol(r)) r->p++;
    eat_eol(r);
}

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

char *yw_csv_trim(yw_arena *a, const char *s, size_t n) {
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

int yw_csv_read(yw_csv *r, yw_arena *a, yw_csv_record *f, const char **error) {
    *f = (yw_csv_record){0};
    *error = NULL;
    if (r->p >= r->end) return 0;
    for (;;) {
        while (r->p < r->end && is_blank(*r->p)) r->p++;
        if (r->p < r->end && *r->p == '"') {
            r->p++;
            yw_buf b;
            yw_buf_init(&b, a);
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
            if (b.failed || push(a, f, yw_csv_trim(a, b.data, b.len)) < 0) return -1;
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
            if (push(a, f, yw_csv_trim(a, start, (size_t)(r->p - start))) < 0) return -1;
        }
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        eat_eol(r);
        return 1;
    }
}

bool yw_csv_blank(const yw_csv_record *f) {
    for (int i = 0; i < f->n; i++)
        if (*f->v[i]) return false;
    return true;
}

bool yw_csv_name_is(const char *want, const char *got) {
    size_t n = strlen(want);
    if (strlen(got) != n) return false;
    for (size_t k = 0; k < n; k++) {
        char c = got[k];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c != want[k]) return false;
    }
    return true;
}

/* The first characters by which a spreadsheet takes a cell for a formula (OWASP, "CSV
 * Injection"): =, + and - start one, @ calls a function in Excel, and a tab or a CR before them
 * is dropped by some programs as they read. */
static bool formula_start(char c) { return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'; }

void yw_csv_put(yw_buf *b, const char *s) {
    if (!s) return;
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote) yw_buf_putc(b, '"');
    if (formula_start(s[0])) yw_buf_putc(b, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '"') yw_buf_putc(b, '"');
        yw_buf_putc(b, *p);
    }
    if (quote) yw_buf_putc(b, '"');
}
