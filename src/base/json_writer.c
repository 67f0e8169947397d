/* The streaming JSON writer. The only subtle part is escaping: bytes are decoded as UTF-8 and
 * anything that is not a well-formed, shortest-form scalar value (overlong forms, surrogates,
 * values past U+10FFFF, truncated sequences) is written as U+FFFD, so the output is always
 * valid UTF-8 JSON whatever the stored bytes were. */
#include "json_writer.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void yw_jw_init(yw_jw *w, yw_buf *out) {
    memset(w, 0, sizeof *w);
    w->out = out;
}

void yw_jw_begin(yw_jw *w, yw_buf *b, yw_arena *a) {
    yw_buf_init(b, a);
    yw_buf_reserve(b, 512);
    yw_jw_init(w, b);
}

static void before_value(yw_jw *w) {
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth > 0) {
        assert(!(w->is_object >> w->depth & 1) && "value in an object needs a key first");
        if (w->has_items >> w->depth & 1) yw_buf_putc(w->out, ',');
        w->has_items |= 1ull << w->depth;
    }
}

static void open(yw_jw *w, char c, bool object) {
    before_value(w);
    yw_buf_putc(w->out, c);
    assert(w->depth < 63);
    w->depth++;
    w->has_items &= ~(1ull << w->depth);
    if (object)
        w->is_object |= 1ull << w->depth;
    else
        w->is_object &= ~(1ull << w->depth);
}

void yw_jw_obj(yw_jw *w) { open(w, '{', true); }
void yw_jw_arr(yw_jw *w) { open(w, '[', false); }

void yw_jw_end(yw_jw *w) {
    assert(w->depth > 0 && !w->after_key);
    yw_buf_putc(w->out, (w->is_object >> w->depth & 1) ? '}' : ']');
    w->depth--;
}

void yw_jw_key(yw_jw *w, const char *key) {
    assert(w->depth > 0 && (w->is_object >> w->depth & 1) && !w->after_key);
    if (w->has_items >> w->depth & 1) yw_buf_putc(w->out, ',');
    w->has_items |= 1ull << w->depth;
    yw_json_escape(w->out, key, strlen(key));
    yw_buf_putc(w->out, ':');
    w->after_key = true;
}

/* Length of the well-formed UTF-8 sequence at p (2–4), or 0. */
static size_t utf8_seq(const unsigned char *p, const unsigned char *end) {
    unsigned c = *p;
    size_t len;
    uint32_t cp, min;
    if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1F, min = 0x80;
    else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0F, min = 0x800;
    else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07, min = 0x10000;
    else return 0;
    if ((size_t)(end - p) < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = cp << 6 | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    if (cp == 0x2028 || cp == 0x2029) return 0; /* escaped below, for JavaScript's sake */
    return len;
}

void yw_json_escape(yw_buf *out, const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    yw_buf_reserve(out, n + 2);
    yw_buf_putc(out, '"');
    while (p < end) {
        /* the longest run that goes out as it is: printable ASCII and well-formed UTF-8 */
        const unsigned char *run = p;
        for (;;) {
            while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') p++;
            size_t seq;
            if (p < end && *p >= 0x80 && (seq = utf8_seq(p, end)) > 0) {
                p += seq;
                continue;
            }
            break;
        }
        if (p > run) yw_buf_append(out, run, (size_t)(p - run));
        if (p >= end) break;
        unsigned c = *p;
        if (c >= 0x80) {
            /* U+2028/U+2029 are escaped; anything else here is not well-formed: U+FFFD */
            if (end - p >= 3 && c == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
                yw_buf_puts(out, p[2] == 0xA8 ? "\\u2028" : "\\u2029");
                p += 3;
            } else {
                yw_buf_append(out, "\xEF\xBF\xBD", 3);
                p++;
            }
            continue;
        }
        char esc[7] = {'\\', 0};
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        default:
            memcpy(esc + 1, "u00", 3);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            yw_buf_append(out, esc, 6);
            p++;
            continue;
        }
        yw_buf_append(out, esc, 2);
        p++;
    }
    yw_buf_putc(out, '"');
}

void yw_jw_strn(yw_jw *w, const char *s, size_t n) {
    before_value(w);
    yw_json_escape(w->out, s, n);
}

void yw_jw_str(yw_jw *w, const char *s) {
    if (!s) {
        yw_jw_null(w);
        return;
    }
    yw_jw_strn(w, s, strlen(s));
}

void yw_jw_int(yw_jw *w, int64_t v) {
    before_value(w);
    char tmp[24];
    int n = snprintf(tmp, sizeof tmp, "%" PRId64, v);
    yw_buf_append(w->out, tmp, (size_t)n);
}

void yw_jw_bool(yw_jw *w, bool v) {
    before_value(w);
    yw_buf_puts(w->out, v ? "true" : "false");
}

void yw_jw_null(yw_jw *w) {
    before_value(w);
    yw_buf_puts(w->out, "null");
}

void yw_jw_raw(yw_jw *w, const char *json, size_t n) {
    before_value(w);
    yw_buf_append(w->out, json, n);
}

void yw_jw_kstr(yw_jw *w, const char *key, const char *s) {
    yw_jw_key(w, key);
    yw_jw_str(w, s);
}

void yw_jw_kstrs(yw_jw *w, const char *key, const char *const *list) {
    yw_jw_key(w, key);
    yw_jw_arr(w);
    for (; list && *list; list++) yw_jw_str(w, *list);
    yw_jw_end(w);
}

void yw_jw_kint(yw_jw *w, const char *key, int64_t v) {
    yw_jw_key(w, key);
    yw_jw_int(w, v);
}

void yw_jw_kbool(yw_jw *w, const char *key, bool v) {
    yw_jw_key(w, key);
    yw_jw_bool(w, v);
}
