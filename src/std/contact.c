/* The checks of mobile numbers, landlines and postal codes (contact.h): each a small scanner over
 * the bytes, so that nothing outside ASCII digits, one hyphen and the extension's mark passes. */
#include "contact.h"

#include <string.h>

static bool digit(char c) { return c >= '0' && c <= '9'; }

/* The number of digits from s on. */
static size_t digits(const char *s) {
    size_t n = 0;
    while (digit(s[n])) n++;
    return n;
}

bool yw_mobile_ok(const char *s) {
    return s[0] == '1' && s[1] >= '3' && s[1] <= '9' && digits(s) == 11 && s[11] == '\0';
}

bool yw_postcode_ok(const char *s) {
    return digits(s) == 6 && s[6] == '\0';
}

/* The extension: nothing, or "-" or "转" and 1–6 digits to the end. */
static bool extension_ok(const char *s) {
    if (!*s) return true;
    static const char zhuan[] = "\xe8\xbd\xac"; /* 转 */
    if (*s == '-') s++;
    else if (strncmp(s, zhuan, 3) == 0) s += 3;
    else return false;
    size_t n = digits(s);
    return n >= 1 && n <= 6 && s[n] == '\0';
}

bool yw_landline_ok(const char *s) {
    if (s[0] != '0') return false;
    size_t run = digits(s);
    if (s[run] == '-' && run <= 4) {
        /* 0532-88886666: the area code's length is what precedes the hyphen */
        if (run < 3 || run > 4) return false;
        const char *local = s + run + 1;
        size_t n = digits(local);
        return n >= 7 && n <= 8 && local[0] >= '2' && extension_ok(local + n);
    }
    /* 053288886666: area code and local number run together, 10 to 12 digits, and some split of
     * them must fit (a 3-digit code and 7–8 digits, or a 4-digit code and 7–8 digits) */
    if (run < 10 || run > 12) return false;
    bool fits = false;
    for (size_t code = 3; code <= 4 && !fits; code++) {
        size_t n = run - code;
        fits = n >= 7 && n <= 8 && s[code] >= '2';
    }
    return fits && extension_ok(s + run);
}
