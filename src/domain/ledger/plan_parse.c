/* The plan parser. It works line by line on UTF-8 text and compares UTF-8 byte strings; the
 * keywords it looks for are listed in both scripts (牵头单位 / 牽頭單位). Two passes: the first
 * decides whether the plan numbers its measures (then every "(责任单位:…)" clause belongs to the
 * numbered measure it stands in) or not (then each clause ends a measure of its own). */
#include "plan_parse.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/utf8.h"
#include "../../base/buf.h"
#include "../../base/time.h"

/* ---- UTF-8 helpers ---- */

/* The code point at p (p < end), its length in *n; U+FFFD with *n = 1 for a bad byte. */
static unsigned decode(const char *p, const char *end, int *n) {
    const unsigned char *s = (const unsigned char *)p;
    size_t left = (size_t)(end - p);
    if (s[0] < 0x80) return *n = 1, s[0];
    if ((s[0] & 0xE0) == 0xC0 && left >= 2) return *n = 2, (unsigned)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
    if ((s[0] & 0xF0) == 0xE0 && left >= 3)
        return *n = 3, (unsigned)(s[0] & 0x0F) << 12 | (unsigned)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
    if ((s[0] & 0xF8) == 0xF0 && left >= 4)
        return *n = 4, (unsigned)(s[0] & 0x07) << 18 | (unsigned)(s[1] & 0x3F) << 12 | (unsigned)(s[2] & 0x3F) << 6 |
                           (s[3] & 0x3F);
    return *n = 1, 0xFFFD;
}

static bool is_space(unsigned cp) {
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == 0x3000 || cp == 0xA0 || cp == 0xFEFF || (cp >= 0x2000 && cp <= 0x200B) ||
           cp == 0x202F || cp == 0x205F;
}

static bool starts(const char *p, const char *end, const char *lit) {
    size_t n = strlen(lit);
    return (size_t)(end - p) >= n && memcmp(p, lit, n) == 0;
}

/* Finds lit in [p, end), or NULL. */
static const char *find(const char *p, const char *end, const char *lit) {
    size_t n = strlen(lit);
    for (; p + n <= end; p++)
        if (memcmp(p, lit, n) == 0) return p;
    return NULL;
}

static const char *find_any(const char *p, const char *end, const char *const *lits, size_t *len) {
    const char *best = NULL;
    for (const char *const *l = lits; *l; l++) {
        const char *f = find(p, best ? best : end, *l);
        if (f && (!best || f < best)) best = f, *len = strlen(*l);
    }
    return best;
}

static const char *const chinese_numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", NULL};

/* Length of a run of Chinese numerals at p (0 if none). */
static size_t numeral_run(const char *p, const char *end) {
    const char *q = p;
    for (bool more = true; more;) {
        more = false;
        for (const char *const *n = chinese_numerals; *n; n++)
            if (starts(q, end, *n)) {
                q += strlen(*n);
                more = true;
                break;
            }
    }
    return (size_t)(q - p);
}

/* ---- line classes ---- */

typedef enum { LINE_TEXT, LINE_LEVEL1, LINE_LEVEL2, LINE_NUMBERED, LINE_ANNEX } line_kind;

typedef struct {
    const char *p, *end; /* trimmed */
    int lineno;
    line_kind kind;
    int number;          /* LINE_NUMBERED */
    const char *body;    /* after the number or marker */
} line;

static line_kind classify(line *l) {
    const char *p = l->p, *end = l->end;
    l->body = p;
    if (starts(p, end, "附件") || starts(p, end, "附表")) return LINE_ANNEX;
    size_t n = numeral_run(p, end);
    if (n && starts(p + n, end, "、")) {
        l->body = p + n + strlen("、");
        return LINE_LEVEL1;
    }
    size_t open = starts(p, end, "(") ? 1 : starts(p, end, "（") ? strlen("（") : 0;
    if (open) {
        n = numeral_run(p + open, end);
        const char *q = p + open + n;
        if (n && (starts(q, end, ")") || starts(q, end, "）"))) {
            l->body = q + (starts(q, end, ")") ? 1 : strlen("）"));
            return LINE_LEVEL2;
        }
    }
    /* "(一)" garbled by a bad encoding into "?。ㄒ唬…": the marker is lost, the line is a heading */
    if (starts(p, end, "?。") || starts(p, end, "？。")) {
        l->body = p;
        return LINE_LEVEL2;
    }
    int num = 0;
    const char *q = p;
    while (q < end && *q >= '0' && *q <= '9' && q - p < 3) num = num * 10 + (*q++ - '0');
    if (q > p && q < end && !(*q >= '0' && *q <= '9')) {
        size_t m = *q == '.' ? 1 : starts(q, end, "．") ? strlen("．") : starts(q, end, "、") ? strlen("、") : 0;
        if (m && !(q + m < end && q[m] >= '0' && q[m] <= '9')) {
            l->number = num;
            l->body = q + m;
            return LINE_NUMBERED;
        }
    }
    return LINE_TEXT;
}

/* ---- units and deadlines ---- */

/* The labels of unit lists as plans print them; 配合单位 (units that assist) are kept as
 * responsible units. */
static const char *const lead_words[] = {"领域牵头单位", "領域牽頭單位", "牵头单位", "牽頭單位", "牵头部门", "牽頭部門", NULL};
static const char *const resp_words[] = {"责任单位", "責任單位", "责任部门", "責任部門", "配合单位", "配合單位", "配合部门",
                                         "配合部門", NULL};
static const char *const separators[] = {"、", "，", ",", "；", ";", "和", NULL};

typedef struct {
    const char **items;
    int n, cap;
} strlist;

static bool strlist_add(yw_arena *a, strlist *l, const char *s) {
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->items[i], s) == 0) return true;
    if (l->n + 1 >= l->cap) {
        int cap = l->cap ? l->cap * 2 : 8;
        const char **items = yw_arena_alloc(a, sizeof(char *) * (size_t)cap);
        if (!items) return false;
        if (l->n) memcpy(items, l->items, sizeof(char *) * (size_t)l->n);
        l->items = items;
        l->cap = cap;
    }
    l->items[l->n++] = s;
    l->items[l->n] = NULL;
    return true;
}

static const char **strlist_done(yw_arena *a, strlist *l) {
    if (l->items) return l->items;
    return yw_arena_calloc(a, 1, sizeof(char *));
}

/* Trims spaces and trailing punctuation from [p, end) into arena memory; NULL when empty. */
static const char *clean_name(yw_arena *a, const char *p, const char *end) {
    int n;
    while (p < end && is_space(decode(p, end, &n))) p += n;
    while (end > p) {
        const char *q = end - 1;
        while (q > p && ((unsigned char)*q & 0xC0) == 0x80) q--;
        unsigned cp = decode(q, end, &n);
        if (is_space(cp) || cp == 0x3002 || cp == '.' || cp == 0xFF1A || cp == ':') end = q;
        else break;
    }
    return end > p ? yw_arena_strndup(a, p, (size_t)(end - p)) : NULL;
}

/* Whether [p, end) ends as a unit's name does (…局, …委, …办, …中心 …). */
static bool ends_with_unit(const char *p, const char *end) {
    static const char *const suffixes[] = {"局", "委", "办", "厅", "院", "会", "中心", "部", "处", "所", "站", "队",
                                           "政府", "公司", "集团", "银行", "管委", "街道", "镇", "区", "市", "县",
                                           "分局", "支队", "大队", "室", "组", "馆", "社", NULL};
    for (const char *const *s = suffixes; *s; s++) {
        size_t n = strlen(*s);
        if ((size_t)(end - p) >= n && memcmp(end - n, *s, n) == 0) return true;
    }
    return false;
}

/* Trims spaces only from [p, end) into arena memory; NULL when empty. */
static const char *trim_spaces(yw_arena *a, const char *p, const char *end) {
    int n;
    while (p < end && is_space(decode(p, end, &n))) p += n;
    while (end > p) {
        const char *q = end - 1;
        while (q > p && ((unsigned char)*q & 0xC0) == 0x80) q--;
        if (!is_space(decode(q, end, &n))) break;
        end = q;
    }
    return end > p ? yw_arena_strndup(a, p, (size_t)(end - p)) : NULL;
}

/* Splits a unit list "A、B，C" into l. */
static bool split_units(yw_arena *a, const char *p, const char *end, strlist *l) {
    const char *from = p; /* where the next separator is looked for */
    while (p < end) {
        size_t sep_len = 0;
        const char *sep = find_any(from, end, separators, &sep_len);
        /* 和 joins two units only after a whole unit's name (市发展改革委和市市场监管局); inside
         * one (市工业和信息化局, 教育和体育局) it is part of the name */
        if (sep && sep_len == strlen("和") && memcmp(sep, "和", sep_len) == 0 && !ends_with_unit(p, sep)) {
            from = sep + sep_len;
            continue;
        }
        const char *stop = sep ? sep : end;
        const char *name = clean_name(a, p, stop);
        if (name && !strlist_add(a, l, name)) return false;
        p = from = sep ? sep + sep_len : end;
    }
    return true;
}

/* Reads one unit clause's inside, "牵头单位:A、B;责任单位:C", into lead and resp. */
static bool read_clause(yw_arena *a, const char *p, const char *end, strlist *lead, strlist *resp) {
    while (p < end) {
        size_t wl = 0;
        const char *lw = find_any(p, end, lead_words, &wl);
        size_t rl = 0;
        const char *rw = find_any(p, end, resp_words, &rl);
        const char *w = lw && (!rw || lw < rw) ? lw : rw;
        if (!w) break;
        bool is_lead = w == lw;
        const char *q = w + (is_lead ? wl : rl);
        if (starts(q, end, ":")) q++;
        else if (starts(q, end, "：")) q += strlen("：");
        /* the list runs to the next ';' or keyword */
        const char *semi_a = find(q, end, ";"), *semi_b = find(q, end, "；");
        const char *stop = end;
        if (semi_a && semi_a < stop) stop = semi_a;
        if (semi_b && semi_b < stop) stop = semi_b;
        size_t tmp;
        const char *next_kw = find_any(q, stop, resp_words, &tmp);
        if (next_kw) stop = next_kw;
        next_kw = find_any(q, stop, lead_words, &tmp);
        if (next_kw) stop = next_kw;
        if (!split_units(a, q, stop, is_lead ? lead : resp)) return false;
        p = stop;
        if (starts(p, end, ";")) p++;
        else if (starts(p, end, "；")) p += strlen("；");
    }
    return true;
}

typedef struct {
    const char *start, *end;         /* the whole clause, brackets included */
    const char *inner, *inner_end;
} clause;

/* The close matching an open bracket of kind `which` (0 〔, 1 (, 2 （, 3 [) whose inside starts
 * at p, brackets nested inside counted: "(责任单位:各镇(街道)、市区)" ends at its last ")". Half-
 * and full-width parentheses count as one kind, since documents mix them. NULL when unclosed. */
static const char *matching_close(const char *p, const char *end, int which) {
    static const char *const open_of[][2] = {{"〔", NULL}, {"(", "（"}, {"(", "（"}, {"[", NULL}};
    static const char *const close_of[][2] = {{"〕", NULL}, {")", "）"}, {")", "）"}, {"]", NULL}};
    int depth = 1;
    while (p < end) {
        size_t n = 0;
        for (int k = 0; k < 2 && !n; k++) {
            if (open_of[which][k] && starts(p, end, open_of[which][k])) depth++, n = strlen(open_of[which][k]);
            else if (close_of[which][k] && starts(p, end, close_of[which][k])) {
                if (--depth == 0) return p;
                n = strlen(close_of[which][k]);
            }
        }
        p += n ? n : 1;
    }
    return NULL;
}

/* The next unit clause in [p, end): 〔…〕, (…) or （…） holding 牵头单位 or 责任单位. */
static bool next_clause(const char *p, const char *end, clause *c) {
    static const char *const opens[] = {"〔", "(", "（", "[", NULL};
    while (p < end) {
        size_t ol = 0;
        const char *o = find_any(p, end, opens, &ol);
        if (!o) return false;
        int which = 0;
        while (!starts(o, end, opens[which])) which++;
        const char *cl = matching_close(o + ol, end, which);
        if (!cl) return false;
        size_t tmp;
        if (find_any(o + ol, cl, lead_words, &tmp) || find_any(o + ol, cl, resp_words, &tmp)) {
            c->start = o;
            c->end = cl + (starts(cl, end, "）") ? strlen("）") : starts(cl, end, "〕") ? strlen("〕") : 1);
            c->inner = o + ol;
            c->inner_end = cl;
            return true;
        }
        p = o + ol;
    }
    return false;
}

static int last_day(int y, int m) {
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : d[m - 1];
}

/* Reads 1–4 ASCII digits ending just before q (not before lo); *start gets where they begin. */
static int digits_before(const char *lo, const char *q, int maxd, const char **start) {
    const char *s = q;
    while (s > lo && s[-1] >= '0' && s[-1] <= '9' && q - s < maxd) s--;
    if (s == q) return -1;
    int v = 0;
    for (const char *t = s; t < q; t++) v = v * 10 + (*t - '0');
    *start = s;
    return v;
}

static bool find_deadlines(yw_arena *a, const char *p, const char *end, int year, int64_t **out, int *n) {
    int cap = 0;
    *out = NULL;
    *n = 0;
    for (const char *q = p; q < end; q++) {
        int y = year, m = 0, d = 0;
        const char *mark = NULL;
        if (starts(q, end, "月底前") || starts(q, end, "月末前")) {
            const char *ds;
            m = digits_before(p, q, 2, &ds);
            if (m < 1 || m > 12) continue;
            mark = ds;
            d = -1;
        } else if (starts(q, end, "月中旬前")) {
            const char *ds;
            m = digits_before(p, q, 2, &ds);
            if (m < 1 || m > 12) continue;
            mark = ds;
            d = 20;
        } else if (starts(q, end, "年底前") || starts(q, end, "年末前")) {
            m = 12, d = 31;
            const char *ds;
            int yy = digits_before(p, q, 4, &ds);
            if (yy >= 1900) y = yy;
            else if (q - p >= 3 && memcmp(q - 3, "明", 3) == 0) y = year + 1;
            mark = NULL;
        } else {
            continue;
        }
        /* "YYYY年N月…" names its own year */
        if (mark && mark - p >= 3 && memcmp(mark - 3, "年", 3) == 0) {
            const char *ys;
            int yy = digits_before(p, mark - 3, 4, &ys);
            if (yy >= 1900) y = yy;
        }
        if (d < 0) d = last_day(y, m);
        int64_t day = yw_days_from_civil(y, m, d);
        bool seen = false;
        for (int k = 0; k < *n && !seen; k++) seen = (*out)[k] == day;
        if (seen) continue; /* a deadline repeated in one measure is listed once */
        if (*n == cap) {
            cap = cap ? cap * 2 : 4;
            int64_t *grown = yw_arena_alloc(a, sizeof(int64_t) * (size_t)cap);
            if (!grown) return false;
            if (*n) memcpy(grown, *out, sizeof(int64_t) * (size_t)*n);
            *out = grown;
        }
        (*out)[(*n)++] = yw_days_from_civil(y, m, d);
    }
    return true;
}

/* The first sentence of [p, end): up to the first 。 or a unit clause. */
static const char *first_sentence(yw_arena *a, const char *p, const char *end) {
    const char *stop = find(p, end, "。");
    clause c;
    if (next_clause(p, stop ? stop : end, &c)) stop = c.start;
    return clean_name(a, p, stop ? stop : end);
}

/* ---- the parse ---- */

typedef struct {
    yw_arena *a;
    int year;
    yw_plan *plan;
    strlist sections, unplaced, annex_units, all_units;
    yw_plan_measure *measures;
    int nmeasures, cap;
    const char *section;     /* current heading */
    strlist section_lead;    /* 领域牵头单位 of the current section */
} parser;

static yw_plan_measure *add_measure(parser *ps) {
    if (ps->nmeasures == ps->cap) {
        int cap = ps->cap ? ps->cap * 2 : 64;
        yw_plan_measure *m = yw_arena_calloc(ps->a, (size_t)cap, sizeof *m);
        if (!m) return NULL;
        if (ps->nmeasures) memcpy(m, ps->measures, sizeof *m * (size_t)ps->nmeasures);
        ps->measures = m;
        ps->cap = cap;
    }
    yw_plan_measure *m = &ps->measures[ps->nmeasures++];
    memset(m, 0, sizeof *m);
    return m;
}

/* Fills a measure's units, deadlines and title from its text [p, end). */
static bool finish_measure(parser *ps, yw_plan_measure *m, const char *p, const char *end, const char *title_from) {
    strlist lead = {0}, resp = {0};
    clause c;
    for (const char *q = p; next_clause(q, end, &c); q = c.end)
        if (!read_clause(ps->a, c.inner, c.inner_end, &lead, &resp)) return false;
    if (!lead.n)
        for (int i = 0; i < ps->section_lead.n; i++)
            if (!strlist_add(ps->a, &lead, ps->section_lead.items[i])) return false;
    m->lead_units = strlist_done(ps->a, &lead);
    m->responsible_units = strlist_done(ps->a, &resp);
    for (int i = 0; i < lead.n; i++)
        if (!strlist_add(ps->a, &ps->all_units, lead.items[i])) return false;
    for (int i = 0; i < resp.n; i++)
        if (!strlist_add(ps->a, &ps->all_units, resp.items[i])) return false;
    if (!find_deadlines(ps->a, p, end, ps->year, &m->deadlines, &m->ndeadlines)) return false;
    ps->plan->ndeadlines += m->ndeadlines;
    m->text = trim_spaces(ps->a, p, end); /* the text as printed, its final 。 kept */
    m->title = first_sentence(ps->a, title_from, end);
    m->section = ps->section;
    return true;
}

/* A heading: its first sentence without unit clauses becomes the current section; a
 * 〔领域牵头单位:…〕 on it becomes the section's lead. */
static bool enter_section(parser *ps, const line *l) {
    ps->section_lead = (strlist){0};
    clause c;
    const char *title_end = l->end;
    if (next_clause(l->p, l->end, &c)) {
        strlist unused = {0};
        if (!read_clause(ps->a, c.inner, c.inner_end, &ps->section_lead, &unused)) return false;
        title_end = c.start;
    }
    /* a garbled marker "?。" is skipped so the heading's readable part is kept */
    const char *from = l->p;
    if (starts(from, title_end, "?。")) from += strlen("?。");
    else if (starts(from, title_end, "？。")) from += strlen("？。");
    const char *dot = find(from, title_end, "。");
    if (dot) title_end = dot;
    ps->section = clean_name(ps->a, l->p, title_end);
    if (!ps->section) ps->section = "";
    return strlist_add(ps->a, &ps->sections, ps->section);
}

static bool annex_line(parser *ps, const line *l) {
    static const char *const suffixes[] = {"等派員參加", "等派员参加", "派員參加", "派员参加", "牽頭", "牵头", "參加",
                                           "参加", NULL};
    static const char *const cuts[] = {"、", "，", ",", "。", "；", ";", "：", ":", "由", NULL};
    const char *p = l->p;
    while (p < l->end) {
        size_t cl = 0;
        const char *cut = find_any(p, l->end, cuts, &cl);
        const char *stop = cut ? cut : l->end;
        const char *seg_end = stop;
        for (const char *const *s = suffixes; *s; s++) {
            size_t sl = strlen(*s);
            if ((size_t)(seg_end - p) > sl && memcmp(seg_end - sl, *s, sl) == 0) seg_end -= sl;
        }
        /* a unit: starts with 市, at most 10 characters, ends like a unit */
        if (starts(p, seg_end, "市") && seg_end - p <= 30) {
            static const char *const ends[] = {"局", "委", "办", "辦", "院", "部", "厅", "廳", "中心", "機關", "机关", NULL};
            for (const char *const *e = ends; *e; e++) {
                size_t el = strlen(*e);
                if ((size_t)(seg_end - p) > el && memcmp(seg_end - el, *e, el) == 0) {
                    const char *name = clean_name(ps->a, p, seg_end);
                    if (name && !strlist_add(ps->a, &ps->annex_units, name)) return false;
                    break;
                }
            }
        }
        p = cut ? cut + cl : l->end;
    }
    return true;
}

/* Clause mode: scans [p, end) of the current section; each unit clause ends a measure made of
 * the text since the last one. Text after the last clause stays pending in *pending. */
static bool scan_clauses(parser *ps, const char *p, const char *end, int lineno, yw_buf *pending, int *pending_line) {
    clause c;
    while (next_clause(p, end, &c)) {
        /* the sentence's own 。 after its unit clause belongs to the measure */
        if (starts(c.end, end, "。")) c.end += strlen("。");
        if (!pending->len) *pending_line = lineno;
        yw_buf_append(pending, p, (size_t)(c.end - p));
        if (pending->failed) return false;
        yw_plan_measure *m = add_measure(ps);
        if (!m) return false;
        m->line = *pending_line;
        const char *text = yw_arena_strndup(ps->a, pending->data, pending->len);
        if (!text || !finish_measure(ps, m, text, text + strlen(text), text)) return false;
        pending->len = 0;
        p = c.end;
    }
    if (p < end) {
        if (!pending->len) *pending_line = lineno;
        yw_buf_append(pending, p, (size_t)(end - p));
    }
    return !pending->failed;
}

static bool flush_pending_unplaced(parser *ps, yw_buf *pending) {
    if (!pending->len) return true;
    const char *s = clean_name(ps->a, pending->data, pending->data + pending->len);
    pending->len = 0;
    return !s || strlist_add(ps->a, &ps->unplaced, s);
}

static int compare_names(const void *x, const void *y) {
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

int yw_plan_parse(yw_arena *a, const char *text, size_t len, int year, yw_plan *out, yw_err *err) {
    return yw_plan_parse_input(a, text, len, year, "file", out, err);
}

int yw_plan_parse_input(yw_arena *a, const char *text, size_t len, int year, const char *field, yw_plan *out,
                        yw_err *err) {
    memset(out, 0, sizeof *out);
    if (len == 0) return yw_fail(err, YW_E_PLAN_EMPTY, field);
    if (memchr(text, '\0', len))
        return yw_fail(err, YW_E_PLAN_BINARY, field);
    long bad = yw_utf8_invalid_at(text, len);
    if (bad >= 0)
        return yw_fail(err, YW_E_PLAN_NOT_UTF8, field, bad);
    if (year < YW_YEAR_MIN || year > YW_YEAR_MAX)
        return yw_fail(err, YW_E_FIELD_RANGE, "year", "year", (long long)YW_YEAR_MIN, (long long)YW_YEAR_MAX);
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) text += 3, len -= 3;

    /* split and classify */
    int nlines = 1;
    for (size_t i = 0; i < len; i++) nlines += text[i] == '\n';
    line *lines = yw_arena_calloc(a, (size_t)nlines, sizeof *lines);
    if (!lines) return yw_fail(err, YW_E_NOMEM, NULL);
    int n = 0;
    const char *p = text, *end = text + len;
    for (int lineno = 1;; lineno++) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        const char *s = p, *e = eol;
        int cl;
        while (s < e && is_space(decode(s, e, &cl))) s += cl;
        while (e > s) {
            const char *q = e - 1;
            while (q > s && ((unsigned char)*q & 0xC0) == 0x80) q--;
            if (!is_space(decode(q, e, &cl))) break;
            e = q;
        }
        if (e > s) {
            lines[n] = (line){.p = s, .end = e, .lineno = lineno};
            lines[n].kind = classify(&lines[n]);
            n++;
        }
        if (eol == end) break;
        p = eol + 1;
    }

    /* pass 1: does the plan number its measures? (a "1." outside any annex) */
    bool numbered = false;
    for (int i = 0; i < n && lines[i].kind != LINE_ANNEX; i++)
        if (lines[i].kind == LINE_NUMBERED && lines[i].number == 1) numbered = true;

    parser ps = {.a = a, .year = year, .plan = out, .section = ""};
    yw_buf pending;
    yw_buf_init(&pending, a);
    int pending_line = 0, last_number = 0;
    bool in_annex = false;
    yw_plan_measure *current = NULL; /* numbered mode: the measure taking continuation lines */
    yw_buf current_text;
    yw_buf_init(&current_text, a);
    const char *current_body = NULL;

    for (int i = 0; i <= n; i++) {
        line *l = i < n ? &lines[i] : NULL;
        bool closes_current = !l || l->kind != LINE_TEXT || in_annex;
        if (current && closes_current && !(l && l->kind == LINE_NUMBERED && l->number != last_number + 1 && !in_annex)) {
            const char *t = yw_arena_strndup(a, current_text.data, current_text.len);
            if (!t || current_text.failed) goto nomem;
            size_t body_off = (size_t)(current_body - current_text.data);
            if (!finish_measure(&ps, current, t, t + strlen(t), t + body_off)) goto nomem;
            current = NULL;
        }
        if (!l) break;
        if (in_annex) {
            if (!annex_line(&ps, l)) goto nomem;
            if (!strlist_add(a, &ps.unplaced, yw_arena_strndup(a, l->p, (size_t)(l->end - l->p)))) goto nomem;
            continue;
        }
        switch (l->kind) {
        case LINE_ANNEX:
            if (!numbered && !flush_pending_unplaced(&ps, &pending)) goto nomem;
            in_annex = true;
            if (!enter_section(&ps, l) || !annex_line(&ps, l)) goto nomem;
            break;
        case LINE_LEVEL1:
        case LINE_LEVEL2:
            if (!numbered && !flush_pending_unplaced(&ps, &pending)) goto nomem;
            if (!enter_section(&ps, l)) goto nomem;
            if (!numbered) {
                /* the heading's own sentences after its title may hold measures */
                const char *dot = find(l->p, l->end, "。");
                if (dot && !scan_clauses(&ps, dot + strlen("。"), l->end, l->lineno, &pending, &pending_line)) goto nomem;
            }
            break;
        case LINE_NUMBERED:
            if (numbered && l->number == last_number + 1) {
                current = add_measure(&ps);
                if (!current) goto nomem;
                current->number = l->number;
                current->line = l->lineno;
                last_number = l->number;
                current_text.len = 0;
                yw_buf_append(&current_text, l->p, (size_t)(l->end - l->p));
                current_body = current_text.data + (l->body - l->p);
                break;
            }
            /* a number out of sequence is text */
            __attribute__((fallthrough));
        case LINE_TEXT:
            if (numbered) {
                if (current) {
                    size_t off = (size_t)(current_body - current_text.data);
                    yw_buf_putc(&current_text, '\n');
                    yw_buf_append(&current_text, l->p, (size_t)(l->end - l->p));
                    current_body = current_text.data + off;
                } else if (!strlist_add(a, &ps.unplaced, yw_arena_strndup(a, l->p, (size_t)(l->end - l->p)))) {
                    goto nomem;
                }
            } else if (!scan_clauses(&ps, l->p, l->end, l->lineno, &pending, &pending_line)) {
                goto nomem;
            }
            break;
        }
    }
    if (!numbered && !flush_pending_unplaced(&ps, &pending)) goto nomem;
    if (!ps.nmeasures)
        return yw_fail(err, YW_E_PLAN_NO_MEASURES, field);

    /* the title: the first line that names a plan, measures, a programme */
    for (int i = 0; i < n && !out->title; i++) {
        if (lines[i].kind != LINE_TEXT) continue;
        static const char *const words[] = {"计划", "計劃", "规划", "規劃", "措施", "方案", NULL};
        size_t wl;
        if (lines[i].end - lines[i].p < 200 && find_any(lines[i].p, lines[i].end, words, &wl) &&
            !find(lines[i].p, lines[i].end, "。") && !find(lines[i].p, lines[i].end, "《"))
            out->title = yw_arena_strndup(a, lines[i].p, (size_t)(lines[i].end - lines[i].p));
    }
    out->measures = ps.measures;
    out->nmeasures = ps.nmeasures;
    out->sections = strlist_done(a, &ps.sections);
    out->nsections = ps.sections.n;
    out->unplaced = strlist_done(a, &ps.unplaced);
    out->nunplaced = ps.unplaced.n;
    out->annex_units = strlist_done(a, &ps.annex_units);
    out->nannex_units = ps.annex_units.n;
    out->units = strlist_done(a, &ps.all_units);
    out->nunits = ps.all_units.n;
    qsort(out->units, (size_t)out->nunits, sizeof(char *), compare_names);
    return 0;
nomem:
    return yw_fail(err, YW_E_NOMEM, NULL);
}

static void string_list(yw_jw *w, const char *key, const char **list) {
    yw_jw_key(w, key);
    yw_jw_arr(w);
    for (; list && *list; list++) yw_jw_str(w, *list);
    yw_jw_end(w);
}

void yw_plan_measure_json(yw_jw *w, const yw_plan_measure *m, bool with_text) {
    yw_jw_obj(w);
    yw_jw_kstr(w, "section", m->section);
    yw_jw_key(w, "number");
    if (m->number) yw_jw_int(w, m->number);
    else yw_jw_null(w);
    yw_jw_kstr(w, "title", m->title);
    if (with_text) yw_jw_kstr(w, "text", m->text);
    string_list(w, "lead_units", m->lead_units);
    string_list(w, "responsible_units", m->responsible_units);
    yw_jw_key(w, "deadlines");
    yw_jw_arr(w);
    for (int i = 0; i < m->ndeadlines; i++) {
        char d[YW_DATE_SIZE];
        yw_date_format(m->deadlines[i], d);
        yw_jw_str(w, d);
    }
    yw_jw_end(w);
    yw_jw_end(w);
}
