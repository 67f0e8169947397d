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

/* The value of a run of Chinese numerals: 一 1 … 十 10, 十一 11, 二十 20, 二十三 23. */
static int numeral_value(const char *p, const char *end) {
    int value = 0, digit = 0;
    while (p < end) {
        int k = 0;
        while (chinese_numerals[k] && !starts(p, end, chinese_numerals[k])) k++;
        if (!chinese_numerals[k]) break;
        p += strlen(chinese_numerals[k]);
        if (k == 9) {
            value += (digit ? digit : 1) * 10;
            digit = 0;
        } else {
            digit = k + 1;
        }
    }
    return value + digit;
}

/* ---- line classes ---- */

typedef enum { LINE_TEXT, LINE_LEVEL1, LINE_LEVEL2, LINE_NUMBERED, LINE_ANNEX } line_kind;

typedef struct {
    const char *p, *end; /* trimmed */
    int lineno;
    line_kind kind;
    int number;          /* LINE_NUMBERED; the numeral's value for a heading (0 when garbled) */
    const char *body;    /* after the number or marker */
    bool is_measure;     /* a heading that is a measure (see mark_heading_measures) */
} line;

static line_kind classify(line *l) {
    const char *p = l->p, *end = l->end;
    l->body = p;
    if (starts(p, end, "附件") || starts(p, end, "附表")) return LINE_ANNEX;
    size_t n = numeral_run(p, end);
    if (n && starts(p + n, end, "、")) {
        l->body = p + n + strlen("、");
        l->number = numeral_value(p, p + n);
        return LINE_LEVEL1;
    }
    size_t open = starts(p, end, "(") ? 1 : starts(p, end, "（") ? strlen("（") : 0;
    if (open) {
        n = numeral_run(p + open, end);
        const char *q = p + open + n;
        if (n && (starts(q, end, ")") || starts(q, end, "）"))) {
            l->body = q + (starts(q, end, ")") ? 1 : strlen("）"));
            l->number = numeral_value(p + open, q);
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

/* The first of the labels words in [p, end) that is printed as a label, followed by a colon:
 * "〔打击证券违法活动区有关责任部门单位〕" names a unit and holds no label. */
static const char *find_label(const char *p, const char *end, const char *const *words, size_t *len) {
    while (p < end) {
        const char *w = find_any(p, end, words, len);
        if (!w) return NULL;
        const char *after = w + *len;
        if (starts(after, end, ":") || starts(after, end, "：")) return w;
        p = w + 1;
    }
    return NULL;
}

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

/* Characters (code points) in s. */
static size_t char_count(const char *s) {
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Characters (code points) in [p, end). */
static size_t char_count_n(const char *p, const char *end) {
    size_t n = 0;
    for (; p < end; p++) n += ((unsigned char)*p & 0xC0) != 0x80;
    return n;
}

/* The word a department's name ends with that a list may print once for several names
 * ("教育、体育分局"), longest first; NULL when name ends with none of them. */
static const char *shared_suffix(const char *name) {
    static const char *const words[] = {"分局", "支队", "大队", "中心", "管委", "公司", "集团", "局", "委", "办", "厅", NULL};
    size_t len = strlen(name);
    for (const char *const *w = words; *w; w++) {
        size_t n = strlen(*w);
        if (len > n && memcmp(name + len - n, *w, n) == 0) return *w;
    }
    return NULL;
}

/* Whether name ends as the name of an organisation that is no department: the people's
 * organisations (市科协, 市工商联, 市残联, 市妇联, 市侨联, 市文联) are whole names as printed. */
static bool ends_as_organisation(const char *name) {
    static const char *const ends[] = {"联", "聯", "协", "協", NULL};
    size_t len = strlen(name);
    for (const char *const *e = ends; *e; e++) {
        size_t n = strlen(*e);
        if (len > n && memcmp(name + len - n, *e, n) == 0) return true;
    }
    return false;
}

/* Whether name starts with the level it belongs to (市科协, 区教育局): such a name is whole. */
static bool starts_with_level(const char *name) {
    static const char *const levels[] = {"市", "区", "區", "县", "縣", "省", NULL};
    for (const char *const *l = levels; *l; l++)
        if (strncmp(name, *l, strlen(*l)) == 0) return true;
    return false;
}

/* Whether name is the front of the name after it, `next`, whose end the list prints once:
 * name has 2 to 4 characters, no bracket, and does not end as a unit's or an organisation's
 * name ("教育" in "教育、体育分局"); and both are of one kind, either both naming their level
 * or neither (市科协 is no front of 公安分局). */
static bool is_name_front(const char *name, const char *next) {
    size_t chars = char_count(name);
    const char *end = name + strlen(name);
    return chars >= 2 && chars <= 4 && !ends_with_unit(name, end) && !ends_as_organisation(name) &&
           starts_with_level(name) == starts_with_level(next) && !strpbrk(name, "()") && !strstr(name, "（") &&
           !strstr(name, "各") && !strstr(name, "有关") && !strstr(name, "相关");
}

/* Splits a unit list "A、B，C" into l. Names that share their end ("教育、体育分局") are
 * expanded (教育分局, 体育分局); a front the next name gives no end to is kept as printed, and
 * shows among the unmatched units; a whole name (市科协、市工商联、公安分局) is never expanded. */
static bool split_units(yw_arena *a, const char *p, const char *end, strlist *l) {
    strlist names = {0};
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
        if (name && !strlist_add(a, &names, name)) return false;
        p = from = sep ? sep + sep_len : end;
    }
    /* from the right, so that "教育、文化、体育分局" gives each front the end of the next */
    for (int i = names.n - 2; i >= 0; i--) {
        const char *suffix = is_name_front(names.items[i], names.items[i + 1]) ? shared_suffix(names.items[i + 1]) : NULL;
        if (!suffix) continue;
        const char *whole = yw_arena_printf(a, "%s%s", names.items[i], suffix);
        if (!whole) return false;
        names.items[i] = whole;
    }
    for (int i = 0; i < names.n; i++)
        if (!strlist_add(a, l, names.items[i])) return false;
    return true;
}

/* Reads one unit clause's inside, "牵头单位:A、B;责任单位:C", into lead and resp. */
static bool read_clause(yw_arena *a, const char *p, const char *end, strlist *lead, strlist *resp) {
    while (p < end) {
        size_t wl = 0;
        const char *lw = find_label(p, end, lead_words, &wl);
        size_t rl = 0;
        const char *rw = find_label(p, end, resp_words, &rl);
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
        const char *next_kw = find_label(q, stop, resp_words, &tmp);
        if (next_kw) stop = next_kw;
        next_kw = find_label(q, stop, lead_words, &tmp);
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
    bool unlabelled;                 /* a bare list of units: they are responsible units */
} clause;

/* Whether [p, end), the inside of a bracket without a label, is a list of units' names: each of
 * 3 to 30 characters and ending as a unit's name does ("〔市商务局、市税务局〕"). */
static bool is_unit_list(const char *p, const char *end) {
    static const char *const commas[] = {"、", "，", ",", "；", ";", NULL};
    int names = 0;
    while (p < end) {
        size_t sep_len = 0;
        const char *sep = find_any(p, end, commas, &sep_len);
        const char *s = p, *e = sep ? sep : end;
        int n;
        while (s < e && is_space(decode(s, e, &n))) s += n;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t')) e--;
        size_t chars = 0;
        for (const char *q = s; q < e; q++) chars += ((unsigned char)*q & 0xC0) != 0x80;
        if (chars < 3 || chars > 30 || !ends_with_unit(s, e)) return false;
        names++;
        p = sep ? sep + sep_len : end;
    }
    return names > 0;
}

/* Whether [p, end) holds nothing but spaces and a sentence's end (。 ； ;) before the line ends. */
static bool only_sentence_end(const char *p, const char *end) {
    int n;
    while (p < end) {
        unsigned cp = decode(p, end, &n);
        if (cp == '\n') return true; /* a measure's text over several lines */
        if (!is_space(cp) && cp != 0x3002 && cp != 0xFF1B && cp != ';') return false;
        p += n;
    }
    return true;
}

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
        const char *after = cl + (starts(cl, end, "）") ? strlen("）") : starts(cl, end, "〕") ? strlen("〕") : 1);
        bool labelled = find_label(o + ol, cl, lead_words, &tmp) || find_label(o + ol, cl, resp_words, &tmp);
        /* a bracket with no label counts when it closes its sentence and lists only units */
        if (labelled || (only_sentence_end(after, end) && is_unit_list(o + ol, cl))) {
            c->start = o;
            c->end = after;
            c->inner = o + ol;
            c->inner_end = cl;
            c->unlabelled = !labelled;
            return true;
        }
        p = o + ol;
    }
    return false;
}

/* The next group of unit clauses in [p, end): a clause and those printed right after it
 * ("(牵头单位:A)(责任单位:B)"), from the first's start to the last's end. *closes says whether the
 * group closes its sentence: a 。 (or nothing but spaces since `from`, where the text scanned
 * starts) stands before it, or a 。 or the line's end after it. A group inside a sentence
 * ("…再造(牵头单位:A),年底前…(牵头单位:B)。") names the units of a part of its measure: the
 * measure goes on to the group that closes the sentence, and has the units of both. */
static bool next_group(const char *from, const char *p, const char *end, clause *c, bool *closes) {
    if (!next_clause(p, end, c)) return false;
    for (;;) {
        const char *q = c->end;
        int n;
        while (q < end && is_space(decode(q, end, &n))) q += n;
        clause more;
        bool opens = starts(q, end, "〔") || starts(q, end, "(") || starts(q, end, "（") || starts(q, end, "[");
        if (!opens || !next_clause(q, end, &more) || more.start != q) break;
        c->end = more.end;
    }
    const char *b = c->start;
    unsigned before = 0;
    while (b > from) {
        const char *q = b - 1;
        int n;
        while (q > from && ((unsigned char)*q & 0xC0) == 0x80) q--;
        before = decode(q, b, &n);
        if (!is_space(before)) break;
        before = 0;
        b = q;
    }
    const char *a = c->end;
    int n = 0;
    while (a < end && is_space(decode(a, end, &n))) a += n;
    *closes = !before || before == 0x3002 || a >= end || *a == '\n' || starts(a, end, "。");
    return true;
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
        } else if (starts(q, end, "月上旬前") || starts(q, end, "月中旬前") || starts(q, end, "月下旬前")) {
            const char *ds;
            m = digits_before(p, q, 2, &ds);
            if (m < 1 || m > 12) continue;
            mark = ds;
            /* the end of the ten days: the 10th, the 20th, the month's last day */
            d = starts(q, end, "月上旬前") ? 10 : starts(q, end, "月中旬前") ? 20 : -1;
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
        if (!(c.unlabelled ? split_units(ps->a, c.inner, c.inner_end, &resp)
                           : read_clause(ps->a, c.inner, c.inner_end, &lead, &resp)))
            return false;
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
 * 〔领域牵头单位:…〕 in that sentence becomes the section's lead. A clause in the sentences after
 * it belongs to the measure it closes, not to the section. */
static bool enter_section(parser *ps, const line *l) {
    ps->section_lead = (strlist){0};
    /* a garbled marker "?。" is skipped so the heading's readable part is kept */
    const char *from = l->p;
    if (starts(from, l->end, "?。")) from += strlen("?。");
    else if (starts(from, l->end, "？。")) from += strlen("？。");
    const char *title_end = find(from, l->end, "。");
    if (!title_end) title_end = l->end;
    clause c;
    if (next_clause(from, title_end, &c)) {
        strlist unused = {0};
        if (!read_clause(ps->a, c.inner, c.inner_end, &ps->section_lead, &unused)) return false;
        title_end = c.start;
    }
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

/* Clause mode: scans [p, end) of the current section; each group of unit clauses that closes
 * its sentence (next_group) ends a measure made of the text since the last one. Text after the
 * last such group stays pending in *pending. */
static bool scan_clauses(parser *ps, const char *p, const char *end, int lineno, yw_buf *pending, int *pending_line) {
    if (pending->len && p < end) yw_buf_putc(pending, '\n'); /* the lines stay lines */
    clause c;
    bool closes;
    for (const char *from = p, *q = p; next_group(from, q, end, &c, &closes); q = c.end) {
        if (!closes) continue; /* a part of the measure: it goes on */
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

/* The text pending after a section's last clause is not placed, one entry per line. Nothing may
 * be pending yet, and then the buffer has no data at all (NULL: no offset may be added to it). */
static bool flush_pending_unplaced(parser *ps, yw_buf *pending) {
    if (!pending->len) return true;
    const char *p = pending->data, *end = pending->data + pending->len;
    pending->len = 0;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        const char *s = clean_name(ps->a, p, eol);
        if (s && !strlist_add(ps->a, &ps->unplaced, s)) return false;
        p = eol + 1;
    }
    return true;
}

static int compare_names(const void *x, const void *y) {
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* ---- headings that are measures ---- */

static const char *const field_lead_words[] = {"领域牵头单位", "領域牽頭單位", NULL};

/* A heading's text after its marker; a garbled marker "?。" is skipped. */
static const char *heading_body(const line *l) {
    const char *b = l->body;
    if (starts(b, l->end, "?。")) b += strlen("?。");
    else if (starts(b, l->end, "？。")) b += strlen("？。");
    return b;
}

/* Whether line l carries what only a measure carries: a unit clause (not a field's lead) or a
 * deadline. False in *carries; false returned when out of memory. */
static bool carries_measure(yw_arena *a, const line *l, int year, bool *carries) {
    *carries = false;
    clause c;
    size_t tmp;
    for (const char *q = heading_body(l); next_clause(q, l->end, &c); q = c.end)
        if (c.unlabelled || !find_any(c.inner, c.inner_end, field_lead_words, &tmp)) return *carries = true;
    int64_t *deadlines;
    int n;
    if (!find_deadlines(a, heading_body(l), l->end, year, &deadlines, &n)) return false;
    *carries = n > 0;
    return true;
}

/* The groups of unit clauses in line l that close their sentence (next_group): each ends a
 * measure in a plan without numbered measures. */
static int count_closing_groups(const line *l) {
    int n = 0;
    clause c;
    bool closes;
    for (const char *q = l->p; next_group(l->p, q, l->end, &c, &closes); q = c.end) n += closes;
    return n;
}

/* Whether line l ends with a unit clause (and at most its sentence's 。): the measure it closes
 * takes no more lines. */
static bool ends_with_clause(const line *l) {
    clause c, last = {0};
    for (const char *q = l->p; next_clause(q, l->end, &c); q = c.end) last = c;
    return last.start && only_sentence_end(last.end, l->end);
}

/* Plans number measures with Chinese numerals too: "(一)推进…。…6月底前完成。〔牵头单位:…〕".
 * Such a heading is told from a section's by its run, the headings of one level under one
 * parent: the run is a list of measures when none of its headings has children (numbered lines,
 * deeper headings), at least one carries a unit clause or a deadline, and none holds more than
 * one unit clause closing its sentence with the lines after it (a heading followed by several is
 * a section whose sentences are the measures, as in plans without numbered measures). A run of
 * "一、" items without children needs no clause nor deadline: they are the whole document's
 * top level with nothing numbered under them, the items of a notice (一、…十、), and so its
 * measures. In such a run, a heading that carries a clause, a deadline or a sentence (。) is a
 * measure; a bare title stays a heading. */
static bool mark_heading_measures(yw_arena *a, line *lines, int from, int to, int year) {
    for (int i = from; i < to; i++) lines[i].is_measure = false;
    static const line_kind levels[] = {LINE_LEVEL1, LINE_LEVEL2};
    for (size_t v = 0; v < sizeof levels / sizeof levels[0]; v++) {
        line_kind level = levels[v];
        int i = from;
        while (i < to) {
            if (lines[i].kind != level) {
                i++;
                continue;
            }
            int start = i;
            bool children = false, carries = false, crowded = false;
            while (i < to && lines[i].kind == level) {
                bool carried;
                if (!carries_measure(a, &lines[i], year, &carried)) return false;
                carries |= carried;
                int clauses = count_closing_groups(&lines[i]);
                int j = i + 1;
                for (; j < to && lines[j].kind != level && lines[j].kind != LINE_ANNEX &&
                       !(level == LINE_LEVEL2 && lines[j].kind == LINE_LEVEL1);
                     j++) {
                    if (lines[j].kind == LINE_TEXT) clauses += count_closing_groups(&lines[j]);
                    else children = true;
                }
                crowded |= clauses > 1;
                i = j;
            }
            if (!children && (carries || level == LINE_LEVEL1) && !crowded)
                for (int k = start; k < i; k++) {
                    if (lines[k].kind != level) continue;
                    bool carried;
                    if (!carries_measure(a, &lines[k], year, &carried)) return false;
                    lines[k].is_measure = carried || find(heading_body(&lines[k]), lines[k].end, "。");
                }
            if (i < to && lines[i].kind != level) i++;
        }
    }
    return true;
}

/* ---- one document ---- */

/* Whether l is a date alone, as a notice is signed: "2025年2月14日". */
static bool is_date_line(const line *l) {
    const char *p = l->p;
    static const char *const marks[] = {"年", "月", "日"};
    static const int widths[] = {4, 2, 2};
    for (int k = 0; k < 3; k++) {
        const char *q = p;
        while (q < l->end && *q >= '0' && *q <= '9' && q - p < widths[k]) q++;
        if (q == p || !starts(q, l->end, marks[k])) return false;
        p = q + strlen(marks[k]);
    }
    return p == l->end;
}

/* Whether line i of [.., to) is part of the signature that closes a notice: its date, or one of
 * the (at most two) issuer's lines right before the date, each short and without punctuation
 * ("某市人民政府"). A signature is never part of the measure before it. */
static bool is_signature(const line *lines, int i, int to) {
    for (int k = i; k < to && k <= i + 2; k++) {
        if (lines[k].kind != LINE_TEXT) return false;
        if (is_date_line(&lines[k])) return true;
        static const char *const marks[] = {"。", "，", ",", "；", ";", "：", ":", "、", NULL};
        size_t ml;
        if (char_count_n(lines[k].p, lines[k].end) > 20 || find_any(lines[k].p, lines[k].end, marks, &ml)) return false;
    }
    return false;
}

/* Whether l is a plan's title: a short line naming a plan, measures or a programme, or a notice
 * that is its own plan (某市人民政府关于…的通知), with no sentence in it and not quoting one
 * (关于印发《…》的通知 is the notice printing a plan, not the plan). */
static bool is_title_line(const line *l) {
    static const char *const words[] = {"计划", "計劃", "规划", "規劃", "措施", "举措", "舉措", "方案", NULL};
    static const char *const about[] = {"关于", "關於", NULL}, *const notice[] = {"通知", NULL};
    size_t wl;
    return l->kind == LINE_TEXT && l->end - l->p < 200 &&
           (find_any(l->p, l->end, words, &wl) || (find_any(l->p, l->end, about, &wl) && find_any(l->p, l->end, notice, &wl))) &&
           !find(l->p, l->end, "。") && !find(l->p, l->end, "《");
}

/* Parses lines [from, to) as one plan into out; out->nmeasures may be 0. False when out of
 * memory. */
static bool parse_document(yw_arena *a, line *lines, int from, int to, int year, yw_plan *out) {
    memset(out, 0, sizeof *out);
    /* pass 1: does the plan number its measures? (a "1." outside any annex) */
    bool numbered = false;
    for (int i = from; i < to && lines[i].kind != LINE_ANNEX; i++)
        if (lines[i].kind == LINE_NUMBERED && lines[i].number == 1) numbered = true;
    if (!mark_heading_measures(a, lines, from, to, year)) return false;

    parser ps = {.a = a, .year = year, .plan = out, .section = ""};
    yw_buf pending;
    yw_buf_init(&pending, a);
    int pending_line = 0, last_number = 0;
    bool in_annex = false;
    bool heading_since_measure = false; /* a "1." after a heading restarts the numbering */
    yw_plan_measure *current = NULL;    /* the measure taking continuation lines */
    bool current_closed = false;        /* its last line ended with its unit clause */
    yw_buf current_text;
    yw_buf_init(&current_text, a);
    const char *current_body = NULL;

    for (int i = from; i <= to; i++) {
        line *l = i < to ? &lines[i] : NULL;
        bool starts_measure =
            l && !in_annex &&
            (l->is_measure || (l->kind == LINE_NUMBERED && numbered &&
                               (l->number == last_number + 1 || (l->number == 1 && heading_since_measure))));
        /* a number out of sequence is text; a measure closed by its unit clause takes a line
         * only when it ends with a clause of its own, the units of the measure's second part */
        bool continues = l && !in_annex && !starts_measure && (l->kind == LINE_TEXT || l->kind == LINE_NUMBERED) &&
                         !is_signature(lines, i, to) &&
                         (!current_closed || (numbered && l->kind == LINE_TEXT && ends_with_clause(l)));
        if (current && !continues) {
            const char *t = yw_arena_strndup(a, current_text.data, current_text.len);
            if (!t || current_text.failed) return false;
            size_t body_off = (size_t)(current_body - current_text.data);
            if (!finish_measure(&ps, current, t, t + strlen(t), t + body_off)) return false;
            current = NULL;
        }
        if (!l) break;
        if (in_annex) {
            if (!annex_line(&ps, l)) return false;
            if (!strlist_add(a, &ps.unplaced, yw_arena_strndup(a, l->p, (size_t)(l->end - l->p)))) return false;
            continue;
        }
        if (starts_measure) {
            if (!numbered && !flush_pending_unplaced(&ps, &pending)) return false;
            current = add_measure(&ps);
            if (!current) return false;
            current->number = l->number;
            current->line = l->lineno;
            if (l->kind == LINE_NUMBERED) last_number = l->number;
            heading_since_measure = false;
            current_closed = ends_with_clause(l);
            current_text.len = 0;
            yw_buf_append(&current_text, l->p, (size_t)(l->end - l->p));
            if (current_text.failed) return false;
            current_body = current_text.data + ((l->is_measure ? heading_body(l) : l->body) - l->p);
            continue;
        }
        switch (l->kind) {
        case LINE_ANNEX:
            if (!numbered && !flush_pending_unplaced(&ps, &pending)) return false;
            in_annex = true;
            if (!enter_section(&ps, l) || !annex_line(&ps, l)) return false;
            break;
        case LINE_LEVEL1:
        case LINE_LEVEL2:
            if (!numbered && !flush_pending_unplaced(&ps, &pending)) return false;
            if (!enter_section(&ps, l)) return false;
            heading_since_measure = true;
            if (!numbered) {
                /* the heading's own sentences after its title may hold measures */
                const char *dot = find(l->p, l->end, "。");
                if (dot && !scan_clauses(&ps, dot + strlen("。"), l->end, l->lineno, &pending, &pending_line))
                    return false;
            }
            break;
        case LINE_NUMBERED:
        case LINE_TEXT:
            if (current) {
                size_t off = (size_t)(current_body - current_text.data);
                yw_buf_putc(&current_text, '\n');
                yw_buf_append(&current_text, l->p, (size_t)(l->end - l->p));
                if (current_text.failed) return false;
                current_body = current_text.data + off;
                current_closed = ends_with_clause(l);
            } else if (numbered) {
                if (!strlist_add(a, &ps.unplaced, yw_arena_strndup(a, l->p, (size_t)(l->end - l->p)))) return false;
            } else if (!scan_clauses(&ps, l->p, l->end, l->lineno, &pending, &pending_line)) {
                return false;
            }
            break;
        }
    }
    if (!numbered && !flush_pending_unplaced(&ps, &pending)) return false;

    for (int i = from; i < to && !out->title; i++)
        if (is_title_line(&lines[i])) out->title = yw_arena_strndup(a, lines[i].p, (size_t)(lines[i].end - lines[i].p));
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
    if (!out->sections || !out->unplaced || !out->annex_units || !out->units) return false;
    qsort(out->units, (size_t)out->nunits, sizeof(char *), compare_names);
    return true;
}

/* ---- several documents in one file ---- */

/* Whether the numbering starts again after line i: the first heading or numbered line after it
 * is number one ("一、", "(一)", "1."). */
static bool numbering_restarts(const line *lines, int i, int n) {
    for (int j = i + 1; j < n; j++)
        if (lines[j].kind != LINE_TEXT) return lines[j].kind != LINE_ANNEX && lines[j].number == 1;
    return false;
}

/* A notice may print several plans one after the other. A second one begins at a title line
 * (is_title_line) followed by numbering that starts again, once the document before it has
 * measures and no annex: an annex's own titles and lists start no plan. Each document is parsed
 * on its own lines; one without measures stays part of the one before. */
static bool parse_documents(yw_arena *a, line *lines, int n, int year, yw_plan *out) {
    yw_plan *doc = out, *previous = NULL;
    int start = 0, previous_start = 0;
    bool annex = false;
    for (int i = 0; i < n; i++) {
        annex |= lines[i].kind == LINE_ANNEX;
        if (i == start || annex || !is_title_line(&lines[i]) || !numbering_restarts(lines, i, n)) continue;
        if (!parse_document(a, lines, start, i, year, doc)) return false;
        if (!doc->nmeasures) continue;
        yw_plan *next = yw_arena_calloc(a, 1, sizeof *next);
        if (!next) return false;
        doc->next = next;
        previous = doc;
        previous_start = start;
        doc = next;
        start = i;
    }
    if (!parse_document(a, lines, start, n, year, doc)) return false;
    if (!doc->nmeasures && previous) { /* what follows the last title holds no measure */
        if (!parse_document(a, lines, previous_start, n, year, previous)) return false;
        /* the lines joined may make a run of headings sections again: then one plan it is */
        if (!previous->nmeasures) return parse_document(a, lines, 0, n, year, out);
    }
    return true;
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
    if (!parse_documents(a, lines, n, year, out)) return yw_fail(err, YW_E_NOMEM, NULL);
    for (const yw_plan *d = out; d; d = d->next)
        if (d->nmeasures) return 0;
    return yw_fail(err, YW_E_PLAN_NO_MEASURES, field);
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
