/* Reading an import file (import.h): CSV or JSON lines, streamed from a source a buffer at a
 * time, each row into a yw_cert_issue_in with the line it starts on, or the error that refuses
 * it. The CSV records themselves are read by base/csv.h, which walks memory: a record is read
 * from the buffer, and when it reaches the buffer's end before the file's, the buffer is refilled
 * and the record read again from its start, so a quoted field may span lines and reads. The file
 * is outside input: tests/cli.sh and tests/api/certimport.test.mjs refuse its bad forms (it is
 * not fuzzed yet). */
#include "import.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/csv.h"
#include "../../base/json_writer.h"
#include "../../base/utf8.h"

enum { C_TYPE, C_NUMBER, C_HOLDER, C_HOLDER_NAME, C_VALID_FROM, C_VALID_UNTIL, NFIXED };
static const char *const fixed_names[NFIXED] = {"type", "number", "holder", "holder_name", "valid_from", "valid_until"};
/* how an error names each, in Chinese */
static const char *const fixed_zh[NFIXED] = {"证照类型（type）", "证照编号（number）", "持证主体代码（holder）",
                                             "持证主体名称（holder_name）", "有效期起（valid_from）",
                                             "有效期至（valid_until）"};

void yw_cert_import_open(yw_cert_import_reader *r, yw_cert_import_read_fn read, void *ctx) {
    *r = (yw_cert_import_reader){.read = read, .ctx = ctx, .line = 1};
    yw_arena_init(&r->header);
}

void yw_cert_import_close(yw_cert_import_reader *r) {
    free(r->buf);
    r->buf = NULL;
    yw_arena_reset(&r->header);
}

/* Reads more of the source after what the buffer holds from pos, moving that to the start and
 * growing the buffer when it is full (up to the longest record). 0, or -1 with err. */
static int fill(yw_cert_import_reader *r, yw_err *err) {
    if (r->pos) {
        memmove(r->buf, r->buf + r->pos, r->len - r->pos);
        r->len -= r->pos;
        r->pos = 0;
    }
    if (r->len == r->cap) {
        size_t ncap = r->cap ? r->cap * 2 : YW_CERT_IMPORT_CHUNK;
        if (r->cap >= YW_CERT_IMPORT_LINE_MAX + YW_CERT_IMPORT_CHUNK)
            return yw_fail(err, YW_E_CERT_IMPORT_LINE_LONG, NULL, YW_CERT_IMPORT_LINE_MAX >> 20, (long long)r->line);
        char *nb = realloc(r->buf, ncap + 1);
        if (!nb) return yw_fail(err, YW_E_NOMEM, NULL);
        r->buf = nb;
        r->cap = ncap;
    }
    size_t got = 0;
    if (r->read(r->ctx, r->buf + r->len, r->cap - r->len, &got, err) < 0) return -1;
    if (!got) r->eof = true;
    r->len += got;
    r->buf[r->len] = '\0';
    return 0;
}

static void consume(yw_cert_import_reader *r, size_t n) {
    r->pos += n;
    r->consumed += (int64_t)n;
}

/* Text of the file as a row's value: well-formed UTF-8 without control characters (a field's
 * value, multiline, may hold line breaks and tabs: an address written on two lines). */
static bool good_text_of(const char *s, bool multiline) {
    size_t n = strlen(s);
    if (yw_utf8_invalid_at(s, n) >= 0) return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && !(multiline && (c == '\n' || c == '\t'))) || c == 0x7f) return false;
    }
    return true;
}
static bool good_text(const char *s) { return good_text_of(s, false); }

/* Checks and keeps one of the six values of a row (NULL or "" for none); false with row->err. */
static bool take(yw_cert_import_row *row, int which, const char *v) {
    static const char *const fixed_en[NFIXED] = {"the type", "the number", "the holder", "the holder's name",
                                                 "valid_from", "valid_until"};
    if (v && !*v) v = NULL;
    if (v && !good_text(v)) {
        yw_fail(&row->err, YW_E_CERT_IMPORT_TEXT, fixed_names[which], fixed_zh[which], fixed_en[which]);
        return false;
    }
    if (!v && which <= C_HOLDER_NAME) {
        yw_fail(&row->err, YW_E_CERT_IMPORT_REQUIRED, fixed_names[which], fixed_zh[which], fixed_en[which]);
        return false;
    }
    if (which == C_NUMBER) {
        bool spaces = false;
        for (const char *p = v; *p; p++) spaces |= *p == ' ';
        if (spaces || yw_utf8_chars(v) > YW_CERT_NUMBER_MAX) {
            yw_fail(&row->err, YW_E_CERT_IMPORT_NUMBER, "number");
            return false;
        }
    }
    if (which == C_VALID_FROM || which == C_VALID_UNTIL) {
        int64_t day;
        if (v && yw_date_parse(v, &day, fixed_names[which], &row->err) < 0) return false;
    }
    const char **slot[NFIXED] = {&row->in.type,       &row->in.number,     &row->in.holder_id,
                                 &row->in.holder_name, &row->in.valid_from, &row->in.valid_until};
    *slot[which] = v;
    return true;
}

/* ---- CSV ---- */

static bool is_field_key(const char *s) {
    if (!*s || strlen(s) > 64) return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_'))
            return false;
    return true;
}

/* The next CSV record from the buffer into f, refilling as needed: 1 with a record (its first
 * line in *line, *error set when it is not CSV), 0 at the end, -1 with err. */
static int csv_record(yw_cert_import_reader *r, yw_arena *a, yw_csv_record *f, int64_t *line, const char **error,
                      yw_err *err) {
    for (;;) {
        if (r->pos == r->len && !r->eof && fill(r, err) < 0) return -1;
        if (r->pos == r->len && r->eof) return 0;
        yw_csv c;
        yw_csv_init(&c, r->buf + r->pos, r->len - r->pos);
        int rc = yw_csv_read(&c, a, f, error);
        if (rc < 0) return yw_fail(err, YW_E_NOMEM, NULL);
        /* a record that runs to the end of the buffer may go on in the file */
        if (c.p == r->buf + r->len && !r->eof) {
            if (fill(r, err) < 0) return -1;
            continue;
        }
        *line = r->line;
        r->line += c.line - 1;
        consume(r, (size_t)(c.p - (r->buf + r->pos)));
        return rc;
    }
}

static int csv_header(yw_cert_import_reader *r, yw_err *err) {
    yw_csv_record f;
    int64_t line;
    const char *error;
    int rc = csv_record(r, &r->header, &f, &line, &error, err);
    if (rc < 0) return -1;
    if (rc == 0 || error) return yw_fail(err, YW_E_CERT_IMPORT_HEADER, NULL);
    for (int k = 0; k < NFIXED; k++) r->col[k] = -1;
    for (int i = 0; i < f.n; i++) {
        int k = 0;
        while (k < NFIXED && !yw_csv_name_is(fixed_names[k], f.v[i])) k++;
        bool repeated = false;
        for (int j = 0; j < i; j++) repeated |= strcmp(f.v[j], f.v[i]) == 0 || (k < NFIXED && r->col[k] >= 0);
        if (repeated || (k == NFIXED && !is_field_key(f.v[i])))
            return yw_fail(err, YW_E_CERT_IMPORT_HEADER_COLUMN, NULL, i + 1, f.v[i]);
        if (k < NFIXED) r->col[k] = i;
    }
    for (int k = 0; k < NFIXED; k++)
        if (r->col[k] < 0) return yw_fail(err, YW_E_CERT_IMPORT_HEADER, NULL);
    r->columns = f.v;
    r->ncolumns = f.n;
    return 0;
}

static int csv_row(yw_cert_import_reader *r, yw_arena *a, yw_cert_import_row *row, yw_err *err) {
    for (;;) {
        yw_csv_record f;
        const char *error;
        int rc = csv_record(r, a, &f, &row->line, &error, err);
        if (rc <= 0) return rc;
        if (error) {
            row->bad = true;
            yw_fail(&row->err, YW_E_CERT_IMPORT_CSV, NULL, error);
            return 1;
        }
        if (yw_csv_blank(&f)) continue;
        if (f.n != r->ncolumns) {
            row->bad = true;
            yw_fail(&row->err, YW_E_CERT_IMPORT_COLUMNS, NULL, f.n, r->ncolumns);
            return 1;
        }
        for (int k = 0; k < NFIXED; k++)
            if (!take(row, k, f.v[r->col[k]])) {
                row->bad = true;
                return 1;
            }
        /* the fields: the row's non-empty cells of the other columns */
        yw_buf b;
        yw_jw w;
        yw_jw_begin(&w, &b, a);
        yw_jw_obj(&w);
        for (int i = 0; i < f.n; i++) {
            bool fixed = false;
            for (int k = 0; k < NFIXED; k++) fixed |= r->col[k] == i;
            if (fixed || !*f.v[i]) continue;
            if (!good_text_of(f.v[i], true)) {
                row->bad = true;
                yw_fail(&row->err, YW_E_CERT_IMPORT_TEXT, r->columns[i], r->columns[i], r->columns[i]);
                return 1;
            }
            yw_jw_kstr(&w, r->columns[i], f.v[i]);
        }
        yw_jw_end(&w);
        if (b.failed) return yw_fail(err, YW_E_NOMEM, NULL);
        row->in.fields = b.data;
        return 1;
    }
}

/* ---- JSON lines ---- */

/* The value of a member as text: a string, or NULL when absent or null; false when another type. */
static bool member_text(json_t *o, const char *key, const char **out) {
    json_t *v = json_object_get(o, key);
    *out = json_string_value(v);
    return !v || json_is_null(v) || json_is_string(v);
}

static int json_row(yw_cert_import_reader *r, yw_arena *a, yw_cert_import_row *row, yw_err *err) {
    for (;;) {
        char *nl;
        while (!(nl = memchr(r->buf + r->pos, '\n', r->len - r->pos)) && !r->eof)
            if (fill(r, err) < 0) return -1;
        if (r->pos == r->len) return 0;
        size_t n = nl ? (size_t)(nl - (r->buf + r->pos)) : r->len - r->pos;
        const char *text = r->buf + r->pos;
        row->line = r->line++;
        consume(r, nl ? n + 1 : n);
        if (n && text[n - 1] == '\r') n--;
        if (yw_utf8_blank(text, n)) continue;
        json_error_t jerr;
        json_t *o = json_loadb(text, n, JSON_REJECT_DUPLICATES, &jerr);
        row->bad = true;
        if (!o || !json_is_object(o)) {
            yw_fail(&row->err, YW_E_CERT_IMPORT_JSON, NULL, o ? 1 : jerr.column, o ? "not an object" : jerr.text);
            json_decref(o);
            return 1;
        }
        const char *key;
        json_t *v;
        json_object_foreach(o, key, v) {
            int k = 0;
            while (k < NFIXED && strcmp(fixed_names[k], key) != 0) k++;
            if (k == NFIXED && strcmp(key, "fields") != 0) {
                yw_fail(&row->err, YW_E_CERT_IMPORT_MEMBER, key, key);
                json_decref(o);
                return 1;
            }
        }
        bool ok = true;
        for (int k = 0; ok && k < NFIXED; k++) {
            const char *s;
            if (!member_text(o, fixed_names[k], &s)) {
                yw_fail(&row->err, YW_E_CERT_IMPORT_TEXT, fixed_names[k], fixed_zh[k], fixed_names[k]);
                ok = false;
            } else {
                const char *copy = s ? yw_arena_strdup(a, s) : NULL;
                if (s && !copy) {
                    json_decref(o);
                    return yw_fail(err, YW_E_NOMEM, NULL);
                }
                ok = take(row, k, copy);
            }
        }
        json_t *fields = json_object_get(o, "fields");
        if (ok && fields && !json_is_null(fields)) {
            if (!json_is_object(fields)) {
                yw_fail(&row->err, YW_E_CERT_FIELDS_JSON, "fields");
                ok = false;
            } else {
                char *dump = json_dumps(fields, JSON_COMPACT);
                row->in.fields = dump ? yw_arena_strdup(a, dump) : NULL;
                free(dump);
                if (!row->in.fields) {
                    json_decref(o);
                    return yw_fail(err, YW_E_NOMEM, NULL);
                }
            }
        }
        json_decref(o);
        row->bad = !ok;
        return 1;
    }
}

int yw_cert_import_next(yw_cert_import_reader *r, yw_arena *a, yw_cert_import_row *row, yw_err *err) {
    *row = (yw_cert_import_row){.in = {.imported = true}};
    if (!r->started) {
        r->started = true;
        if (fill(r, err) < 0) return -1;
        if (r->len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0) consume(r, 3); /* a BOM */
        const char *p = r->buf + r->pos;
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
        if (r->pos == r->len) return yw_fail(err, YW_E_CERT_IMPORT_EMPTY, NULL);
        r->json = *p == '{';
        if (!r->json && csv_header(r, err) < 0) return -1;
    }
    return r->json ? json_row(r, a, row, err) : csv_row(r, a, row, err);
}

/* ---- the whole import ---- */

int yw_cert_import_run(yw_store *s, const yw_actor *actor, yw_cert_import_reader *r, const char *base_url,
                       const yw_cert_import_hooks *h, yw_cert_import_counts *out, yw_err *err) {
    *out = (yw_cert_import_counts){0};
    yw_arena a;
    yw_arena_init(&a);
    int rc = 0;
    for (bool more = true; more && rc == 0;) {
        yw_cert_import_row *rows = yw_arena_alloc(&a, sizeof *rows * YW_CERT_IMPORT_BATCH);
        yw_cert_issue_in *in = yw_arena_alloc(&a, sizeof *in * YW_CERT_IMPORT_BATCH);
        int *of = yw_arena_alloc(&a, sizeof *of * YW_CERT_IMPORT_BATCH);
        if (!rows || !in || !of) {
            rc = yw_fail(err, YW_E_NOMEM, NULL);
            break;
        }
        int n = 0, nin = 0;
        while (n < YW_CERT_IMPORT_BATCH) {
            int got = yw_cert_import_next(r, &a, &rows[n], err);
            if (got < 0) rc = -1;
            if (got <= 0) {
                more = false;
                break;
            }
            rows[n].in.base_url = base_url;
            if (!rows[n].bad) {
                in[nin] = rows[n].in;
                of[nin++] = n;
            }
            n++;
        }
        if (rc < 0) break;
        yw_op op = yw_op_make(s, &a, actor, err);
        yw_cert_batch_report rep = {0};
        if (nin && yw_cert_issue_batch(&op, in, nin, &rep) < 0) {
            rc = -1;
            break;
        }
        for (int j = 0; j < nin; j++)
            if (rep.outcome[j] == YW_CERT_BATCH_BAD) {
                rows[of[j]].bad = true;
                rows[of[j]].err = *rep.errors[j];
            }
        for (int i = 0; i < n; i++)
            if (rows[i].bad) {
                out->bad++;
                if (h && h->bad_row) h->bad_row(h->arg, rows[i].line, &rows[i].err);
            }
        out->rows += n;
        out->imported += rep.issued;
        out->already += rep.already;
        out->bytes = r->consumed;
        yw_arena_reset(&a);
        if (h && h->progress && h->progress(h->arg, out, err) < 0) rc = -1;
    }
    yw_arena_reset(&a);
    return rc;
}
