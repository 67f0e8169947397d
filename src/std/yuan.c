/* Reading an amount written in 元 into fen, and writing fen back as 元 (yuan.h). The integer
 * part is accumulated with a bound checked before each step, so no input overflows. */
#include "yuan.h"

#include <stdio.h>

yw_yuan_result yw_yuan_parse(const char *s, int64_t *fen) {
    const char *p = s;
    int64_t whole = 0;
    int n = 0;
    for (; *p >= '0' && *p <= '9'; p++, n++) {
        if (whole > YW_YUAN_MAX_FEN / 100) return YW_YUAN_RANGE;
        whole = whole * 10 + (*p - '0');
    }
    if (n == 0) return YW_YUAN_SYNTAX;
    int64_t cents = 0;
    if (*p == '.') {
        p++;
        int d = 0;
        for (; *p >= '0' && *p <= '9'; p++, d++)
            if (d < 2) cents = cents * 10 + (*p - '0');
        if (*p) return YW_YUAN_SYNTAX;
        if (d == 0) return YW_YUAN_SYNTAX;
        if (d > 2) return YW_YUAN_DECIMALS;
        if (d == 1) cents *= 10;
    }
    if (*p) return YW_YUAN_SYNTAX;
    if (whole > (YW_YUAN_MAX_FEN - cents) / 100) return YW_YUAN_RANGE;
    *fen = whole * 100 + cents;
    return YW_YUAN_OK;
}

void yw_yuan_format(int64_t fen, char out[24]) {
    snprintf(out, 24, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}
