/* The working-day calendar: one byte per officially covered day, built from the official TSV
 * (the built-in file, with years an administrator loaded over it), and the ordinary rule past
 * the last covered year, flagged provisional. */
#include "workcal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../base/embedded.h"
#include "../base/time.h"

/* The last day anything is computed for, provisional or not. */
#define LAST_COMPUTABLE_YEAR 9999

static int before_error(const yw_workcal *c, int64_t day, yw_err *err) {
    char d[YW_DATE_SIZE], a[YW_DATE_SIZE];
    yw_date_format(day, d);
    yw_date_format(c->first_day, a);
    return yw_fail(err, YW_E_CALENDAR_BEFORE_START, NULL, a, d);
}

static int after_error(const yw_workcal *c, int64_t day, yw_err *err) {
    char d[YW_DATE_SIZE], a[YW_DATE_SIZE], b[YW_DATE_SIZE];
    yw_date_format(day, d);
    yw_date_format(c->first_day, a);
    yw_date_format(c->last_day, b);
    int next = yw_workcal_notice_year(c->last_day + 1);
    return yw_fail(err, YW_E_CALENDAR_AFTER_END, NULL, a, b, d, next);
}

static int64_t last_computable(void) { return yw_days_from_civil(LAST_COMPUTABLE_YEAR, 12, 31); }

/* Checks that `day` may be asked about; past the official end only with a provisional flag. */
static int check_day(const yw_workcal *c, int64_t day, const bool *provisional, yw_err *err) {
    if (day < c->first_day) return before_error(c, day, err);
    if (day > c->last_day && (!provisional || day > last_computable())) return after_error(c, day, err);
    return 0;
}

/* ---- lines and fields ---- */

typedef struct {
    const char *p, *end;
    int lineno;
} line_reader;

/* The next line without its line end; false at the end of the text. */
static bool next_line(line_reader *r, const char **line, size_t *len) {
    if (r->p >= r->end) return false;
    const char *eol = memchr(r->p, '\n', (size_t)(r->end - r->p));
    if (!eol) eol = r->end;
    size_t n = (size_t)(eol - r->p);
    if (n && r->p[n - 1] == '\r') n--;
    *line = r->p;
    *len = n;
    r->p = eol < r->end ? eol + 1 : r->end;
    r->lineno++;
    return true;
}

/* Splits a line at tabs into at most max fields; returns how many there are (max + 1 when
 * there are more). */
static int split(const char *line, size_t len, const char **f, size_t *flen, int max) {
    int n = 0;
    const char *p = line, *end = line + len;
    for (;;) {
        const char *tab = memchr(p, '\t', (size_t)(end - p));
        const char *stop = tab ? tab : end;
        if (n == max) return max + 1;
        f[n] = p;
        flen[n] = (size_t)(stop - p);
        n++;
        if (!tab) return n;
        p = tab + 1;
    }
}

static int parse_date(const char *s, size_t n, int64_t *day) {
    if (n != 10) return -1;
    char date[YW_DATE_SIZE];
    memcpy(date, s, 10);
    date[10] = '\0';
    return yw_date_parse(date, day, NULL, NULL);
}

static int parse_kind(const char *s, size_t n) {
    if (n == 7 && memcmp(s, "holiday", 7) == 0) return YW_WORKCAL_HOLIDAY;
    if (n == 7 && memcmp(s, "workday", 7) == 0) return YW_WORKCAL_WORKDAY;
    return -1;
}

static int year_of(int64_t day) {
    int y, m, d;
    yw_civil_from_days(day, &y, &m, &d);
    return y;
}

int yw_workcal_notice_year(int64_t day) {
    int y, m, d;
    yw_civil_from_days(day, &y, &m, &d);
    return m == 12 && d >= YW_WORKCAL_CROSS_YEAR_FROM_MDAY ? y + 1 : y;
}

/* ---- a whole file of any years (the built-in form) ---- */

int yw_workcal_load(yw_workcal *c, const char *tsv, size_t len, yw_err *err) {
    memset(c, 0, sizeof *c);
    int first_year = 0, last_year = 0;
    for (int pass = 0; pass < 2; pass++) {
        line_reader r = {tsv, tsv + len, 0};
        const char *line;
        size_t n;
        while (next_line(&r, &line, &n)) {
            if (r.lineno == 1) {
                if (n < 9 || memcmp(line, "date\tkind", 9) != 0) {
                    yw_workcal_free(c);
                    return yw_err_set(err, YW_ERR_INVALID, NULL, "calendar line 1: header must start with date<TAB>kind");
                }
                continue;
            }
            if (n == 0) continue;
            const char *f[3];
            size_t fl[3];
            int nf = split(line, n, f, fl, 3);
            int64_t day;
            int k;
            if (nf < 2 || nf > 3 || parse_date(f[0], fl[0], &day) < 0 || (k = parse_kind(f[1], fl[1])) < 0) {
                yw_workcal_free(c);
                return yw_err_set(err, YW_ERR_INVALID, NULL,
                                  "calendar line %d: expected YYYY-MM-DD<TAB>holiday|workday<TAB>name", r.lineno);
            }
            int y = year_of(day);
            if (pass == 0) {
                if (!first_year || y < first_year) first_year = y;
                if (y > last_year) last_year = y;
            } else {
                c->kind[day - c->first_day] = (uint8_t)k;
            }
        }
        if (pass == 0) {
            if (!first_year) return yw_err_set(err, YW_ERR_INVALID, NULL, "calendar has no days");
            c->first_day = yw_days_from_civil(first_year, 1, 1);
            c->last_day = yw_days_from_civil(last_year, 12, 31);
            c->kind = calloc((size_t)(c->last_day - c->first_day + 1), 1);
            if (!c->kind) return yw_fail(err, YW_E_NOMEM, NULL);
        }
    }
    return 0;
}

void yw_workcal_free(yw_workcal *c) {
    free(c->kind);
    memset(c, 0, sizeof *c);
}

/* ---- one year as an administrator loads it ---- */

/* Whether s[0..n) is well-formed UTF-8 without control characters. */
static bool clean_utf8(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f) return false;
            i++;
            continue;
        }
        size_t more;
        uint32_t cp;
        if (c >= 0xc2 && c <= 0xdf) more = 1, cp = c & 0x1f;
        else if (c >= 0xe0 && c <= 0xef) more = 2, cp = c & 0x0f;
        else if (c >= 0xf0 && c <= 0xf4) more = 3, cp = c & 0x07;
        else return false;
        if (n - i <= more) return false;
        for (size_t k = 1; k <= more; k++) {
            if ((s[i + k] & 0xc0) != 0x80) return false;
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        if ((more == 2 && cp < 0x800) || (more == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp < 0xa0))
            return false;
        i += more + 1;
    }
    return true;
}

int yw_workcal_parse_year(yw_arena *a, const char *tsv, size_t len, int year, const char *field,
                          yw_workcal_year *out, yw_err *err) {
    memset(out, 0, sizeof *out);
    int first = YW_WORKCAL_YEAR_MIN;
    if (year && (year < first || year > YW_WORKCAL_YEAR_MAX))
        return yw_fail(err, YW_E_FIELD_RANGE, "year", "year", (long long)first, (long long)YW_WORKCAL_YEAR_MAX);
    if (len >= 3 && memcmp(tsv, "\xEF\xBB\xBF", 3) == 0) tsv += 3, len -= 3;
    /* an upper bound on the rows: one per line */
    size_t lines = 1;
    for (const char *p = tsv; (p = memchr(p, '\n', (size_t)(tsv + len - p))) != NULL; p++) lines++;
    yw_workcal_row *rows = yw_arena_calloc(a, lines, sizeof *rows);
    /* per day of the window (25 December of the year before to 31 December): 1 + the index of its
     * row, 0 when unlisted */
    int *seen = NULL;
    int64_t window_from = 0, window_to = 0;
    if (!rows) return yw_fail(err, YW_E_NOMEM, NULL);
    int nrows = 0;
    char d[YW_DATE_SIZE], y1[YW_DATE_SIZE], y2[YW_DATE_SIZE];
    line_reader r = {tsv, tsv + len, 0};
    const char *line;
    size_t n;
    bool header = false;
    while (next_line(&r, &line, &n)) {
        if (!header) {
            if (n != 14 || memcmp(line, "date\tkind\tname", 14) != 0)
                return yw_fail(err, YW_E_CALENDAR_HEADER, field, r.lineno);
            header = true;
            continue;
        }
        if (n == 0) continue;
        const char *f[3];
        size_t fl[3];
        if (split(line, n, f, fl, 3) != 3)
            return yw_fail(err, YW_E_CALENDAR_COLUMNS, field, r.lineno);
        int64_t day;
        if (parse_date(f[0], fl[0], &day) < 0)
            return yw_fail(err, YW_E_CALENDAR_DATE, field, r.lineno, (int)(fl[0] > 20 ? 20 : fl[0]), f[0]);
        yw_date_format(day, d);
        if (!year) {
            year = yw_workcal_notice_year(day);
            if (year < first || year > YW_WORKCAL_YEAR_MAX)
                return yw_fail(err, YW_E_CALENDAR_YEAR_RANGE, field, r.lineno, d, first, YW_WORKCAL_YEAR_MAX);
        }
        if (!seen) {
            window_from = yw_days_from_civil(year - 1, 12, YW_WORKCAL_CROSS_YEAR_FROM_MDAY);
            window_to = yw_days_from_civil(year, 12, YW_WORKCAL_CROSS_YEAR_FROM_MDAY - 1);
            seen = yw_arena_calloc(a, (size_t)(window_to - window_from + 1), sizeof *seen);
            if (!seen) return yw_fail(err, YW_E_NOMEM, NULL);
            yw_date_format(window_from, y1);
            yw_date_format(window_to, y2);
        }
        if (day < window_from || day > window_to)
            return yw_fail(err, YW_E_CALENDAR_OTHER_YEAR, field, r.lineno, d, year, y1, y2);
        int k = parse_kind(f[1], fl[1]);
        if (k < 0)
            return yw_fail(err, YW_E_CALENDAR_KIND, field, r.lineno);
        if (k == YW_WORKCAL_WORKDAY && yw_weekday(day) < 5)
            return yw_fail(err, YW_E_CALENDAR_WORKDAY_WEEKDAY, field, r.lineno, d);
        if (fl[2] == 0 || fl[2] > YW_WORKCAL_NAME_MAX || !clean_utf8((const unsigned char *)f[2], fl[2]))
            return yw_fail(err, YW_E_CALENDAR_NAME, field, r.lineno, YW_WORKCAL_NAME_MAX);
        int *at = &seen[day - window_from];
        if (*at)
            return yw_fail(err, YW_E_CALENDAR_DAY_REPEATED, field, r.lineno, d, rows[*at - 1].line);
        char *name = yw_arena_strndup(a, f[2], fl[2]);
        if (!name) return yw_fail(err, YW_E_NOMEM, NULL);
        rows[nrows++] = (yw_workcal_row){day, (uint8_t)k, name, r.lineno};
        *at = nrows;
    }
    if (!header) return yw_fail(err, YW_E_CALENDAR_FILE_EMPTY, field);
    if (!nrows) return yw_fail(err, YW_E_CALENDAR_NO_DAYS, field);
    /* the fixed statutory holidays of every year: their absence means the file is not the whole year */
    static const struct {
        int month, mday;
        const char *zh, *en;
    } fixed[] = {{1, 1, "元旦", "New Year's Day"},
                 {5, 1, "劳动节", "Labour Day"},
                 {10, 1, "国庆节", "National Day"},
                 {10, 2, "国庆节", "National Day"},
                 {10, 3, "国庆节", "National Day"}};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        int64_t day = yw_days_from_civil(year, fixed[i].month, fixed[i].mday);
        int at = seen[day - window_from];
        if (!at || rows[at - 1].kind != YW_WORKCAL_HOLIDAY) {
            yw_date_format(day, d);
            return yw_fail(err, YW_E_CALENDAR_STATUTORY_HOLIDAY, field, d, fixed[i].zh, fixed[i].en);
        }
    }
    /* sorted by day: the window in order */
    yw_workcal_row *sorted = yw_arena_calloc(a, (size_t)nrows, sizeof *sorted);
    if (!sorted) return yw_fail(err, YW_E_NOMEM, NULL);
    int k = 0;
    for (int64_t day = window_from; day <= window_to; day++)
        if (seen[day - window_from]) sorted[k++] = rows[seen[day - window_from] - 1];
    out->year = year;
    out->nrows = nrows;
    out->rows = sorted;
    return 0;
}

/* ---- the built-in data ---- */

static struct {
    char *text;           /* a copy of the embedded file, cut into NUL-terminated fields */
    yw_workcal_row *rows; /* sorted by day */
    int nrows;
    int first_year, last_year; /* years of the dates covered */
    yw_workcal cal;
    bool ok;
} builtin;
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;
static int build(yw_workcal *c, const yw_workcal_year *years, int nyears, yw_err *err);

static void load_builtin(void) {
    size_t len = yw_embedded_workcal_len;
    builtin.text = malloc(len + 1);
    size_t lines = 1;
    for (size_t i = 0; i < len; i++) lines += yw_embedded_workcal[i] == '\n';
    builtin.rows = calloc(lines, sizeof *builtin.rows);
    if (!builtin.text || !builtin.rows) return;
    memcpy(builtin.text, yw_embedded_workcal, len);
    builtin.text[len] = '\0';
    line_reader r = {builtin.text, builtin.text + len, 0};
    const char *line;
    size_t n;
    while (next_line(&r, &line, &n)) {
        if (r.lineno == 1 || n == 0) continue;
        const char *f[3];
        size_t fl[3];
        int64_t day;
        int k;
        if (split(line, n, f, fl, 3) != 3 || parse_date(f[0], fl[0], &day) < 0 || (k = parse_kind(f[1], fl[1])) < 0)
            return;
        char *name = (char *)f[2];
        name[fl[2]] = '\0'; /* the line end (or the copy's final NUL) */
        if (builtin.nrows && day <= builtin.rows[builtin.nrows - 1].day) return; /* the file is sorted */
        builtin.rows[builtin.nrows++] = (yw_workcal_row){day, (uint8_t)k, name, r.lineno};
        int y = year_of(day);
        if (!builtin.first_year) builtin.first_year = y;
        builtin.last_year = y;
    }
    if (!builtin.nrows) return;
    builtin.ok = build(&builtin.cal, NULL, 0, NULL) == 0;
}

static bool builtin_ready(void) {
    pthread_once(&builtin_once, load_builtin);
    return builtin.ok;
}

const yw_workcal *yw_workcal_default(void) { return builtin_ready() ? &builtin.cal : NULL; }

int yw_workcal_builtin_first_year(void) { return builtin_ready() ? builtin.first_year : 0; }
int yw_workcal_builtin_last_year(void) { return builtin_ready() ? builtin.last_year : 0; }

/* The built-in rows of one notice year; the built-in rows must be parsed. */
static int builtin_year(int year, yw_workcal_year *out) {
    memset(out, 0, sizeof *out);
    if (year < builtin.first_year || year > builtin.last_year) return -1;
    int i = 0;
    while (i < builtin.nrows && yw_workcal_notice_year(builtin.rows[i].day) < year) i++;
    int j = i;
    while (j < builtin.nrows && yw_workcal_notice_year(builtin.rows[j].day) == year) j++;
    out->year = year;
    out->rows = builtin.rows + i;
    out->nrows = j - i;
    return 0;
}

int yw_workcal_builtin_year(int year, yw_workcal_year *out) {
    if (!builtin_ready()) {
        memset(out, 0, sizeof *out);
        return -1;
    }
    return builtin_year(year, out);
}

/* ---- the effective calendar ---- */

static const yw_workcal_year *given(const yw_workcal_year *years, int n, int year) {
    for (int i = 0; i < n; i++)
        if (years[i].year == year) return &years[i];
    return NULL;
}

/* Builds c from the built-in rows (parsed already) and `years`; also how the built-in calendar
 * itself is made, inside load_builtin. */
static int build(yw_workcal *c, const yw_workcal_year *years, int nyears, yw_err *err) {
    memset(c, 0, sizeof *c);
    int first = builtin.first_year, last = builtin.last_year;
    while (last < YW_WORKCAL_YEAR_MAX && given(years, nyears, last + 1)) last++;
    c->first_day = yw_days_from_civil(first, 1, 1);
    /* 25–31 December of the last year belong to the notice of the next */
    c->last_day = yw_days_from_civil(last, 12, YW_WORKCAL_CROSS_YEAR_FROM_MDAY - 1);
    c->kind = calloc((size_t)(c->last_day - c->first_day + 1), 1);
    if (!c->kind) return yw_fail(err, YW_E_NOMEM, NULL);
    /* every date belongs to one notice, so the order does not matter; a notice for the year
     * after the last (built in only partly, never loaded: that would extend coverage) could only
     * hold days past last_day, which stay ordinary */
    for (int y = first; y <= last + 1; y++) {
        const yw_workcal_year *g = given(years, nyears, y), *use = g;
        yw_workcal_year b;
        if (!use) {
            if (builtin_year(y, &b) < 0) continue;
            use = &b;
        }
        for (int i = 0; i < use->nrows; i++) {
            int64_t day = use->rows[i].day;
            if (day >= c->first_day && day <= c->last_day) c->kind[day - c->first_day] = use->rows[i].kind;
        }
    }
    return 0;
}

int yw_workcal_build(yw_workcal *c, const yw_workcal_year *years, int nyears, yw_err *err) {
    if (!builtin_ready()) {
        memset(c, 0, sizeof *c);
        return yw_err_set(err, YW_ERR_INTERNAL, NULL, "the built-in working-day calendar failed to load");
    }
    return build(c, years, nyears, err);
}

int yw_workcal_copy(const yw_workcal *src, yw_arena *a, yw_workcal *out, yw_err *err) {
    size_t n = (size_t)(src->last_day - src->first_day + 1);
    uint8_t *kind = yw_arena_alloc(a, n);
    if (!kind) return yw_fail(err, YW_E_NOMEM, NULL);
    memcpy(kind, src->kind, n);
    *out = (yw_workcal){src->first_day, src->last_day, kind};
    return 0;
}

int yw_workcal_first_year(const yw_workcal *c) { return year_of(c->first_day); }
int yw_workcal_last_year(const yw_workcal *c) { return year_of(c->last_day); }

/* ---- questions ---- */

static bool workday(const yw_workcal *c, int64_t day, bool *provisional) {
    if (day > c->last_day) {
        *provisional = true;
        return yw_weekday(day) < 5;
    }
    uint8_t k = c->kind[day - c->first_day];
    if (k == YW_WORKCAL_HOLIDAY) return false;
    if (k == YW_WORKCAL_WORKDAY) return true;
    return yw_weekday(day) < 5;
}

int yw_workcal_is_workday(const yw_workcal *c, int64_t day, bool *out, bool *provisional, yw_err *err) {
    if (check_day(c, day, provisional, err) < 0) return -1;
    bool prov = false;
    *out = workday(c, day, &prov);
    if (provisional) *provisional = prov;
    return 0;
}

int yw_workcal_add(const yw_workcal *c, int64_t start, int n, int64_t *out, bool *provisional, yw_err *err) {
    if (check_day(c, start, provisional, err) < 0) return -1;
    int step = n < 0 ? -1 : 1;
    int64_t day = start;
    bool prov = false;
    for (int left = abs(n); left > 0;) {
        day += step;
        if (check_day(c, day, provisional, err) < 0) return -1;
        if (workday(c, day, &prov)) left--;
    }
    *out = day;
    if (provisional) *provisional = prov;
    return 0;
}

int yw_workcal_count(const yw_workcal *c, int64_t from, int64_t to, int64_t *out, bool *provisional,
                     yw_err *err) {
    if (check_day(c, from, provisional, err) < 0 || check_day(c, to, provisional, err) < 0) return -1;
    int64_t lo = from < to ? from : to, hi = from < to ? to : from, count = 0;
    bool prov = false;
    for (int64_t d = lo + 1; d <= hi; d++) count += workday(c, d, &prov);
    *out = from <= to ? count : -count;
    if (provisional) *provisional = prov;
    return 0;
}
