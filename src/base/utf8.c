/* yw_utf8_invalid_at: one pass, each sequence decoded and checked for its shortest form; and
 * yw_utf8_blank. */
#include "utf8.h"

long yw_utf8_invalid_at(const char *s, size_t len) {
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        unsigned c = *p, cp, min;
        size_t n;
        if (c < 0x80) {
            p++;
            continue;
        }
        if ((c & 0xE0) == 0xC0) n = 2, cp = c & 0x1F, min = 0x80;
        else if ((c & 0xF0) == 0xE0) n = 3, cp = c & 0x0F, min = 0x800;
        else if ((c & 0xF8) == 0xF0) n = 4, cp = c & 0x07, min = 0x10000;
        else return (long)((const char *)p - s);
        if ((size_t)(end - p) < n) return (long)((const char *)p - s);
        for (size_t i = 1; i < n; i++) {
            if ((p[i] & 0xC0) != 0x80) return (long)((const char *)p - s);
            cp = cp << 6 | (p[i] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return (long)((const char *)p - s);
        p += n;
    }
    return -1;
}

static bool is_space(unsigned cp) {
    return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
           cp == 0x2060 || cp == 0x3000 || cp == 0xFEFF;
}

bool yw_utf8_blank(const char *s, size_t len) {
    if (len && yw_utf8_invalid_at(s, len) >= 0) return false;
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) { /* well formed: each sequence is whole */
        unsigned c = *p, cp;
        size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
        cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
        for (size_t i = 1; i < n; i++) cp = cp << 6 | (p[i] & 0x3F);
        if (!is_space(cp)) return false;
        p += n;
    }
    return true;
}

size_t yw_utf8_chars(const char *s) {
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}
