/* Amounts of money as people write them in 元 — "1200", "1200.5", "1200.50" — read into integer
 * fen (分), the form money is kept in everywhere (docs/standards.md). Digits, at most one point,
 * at most two decimals; no sign, spaces, grouping commas or currency mark; at most
 * YW_YUAN_MAX_FEN. Pure. */
#ifndef YW_YUAN_H
#define YW_YUAN_H

#include <stdint.h>

#define YW_YUAN_MAX_FEN 100000000000000LL /* a trillion yuan: beyond any registered capital */

typedef enum {
    YW_YUAN_OK,
    YW_YUAN_SYNTAX,   /* not digits with at most one decimal point */
    YW_YUAN_DECIMALS, /* more than two decimals */
    YW_YUAN_RANGE,    /* more than YW_YUAN_MAX_FEN */
} yw_yuan_result;

/* Reads s into *fen (untouched unless YW_YUAN_OK). */
yw_yuan_result yw_yuan_parse(const char *s, int64_t *fen);
/* fen (≥ 0) as yuan with two decimals, "1200.50", into out (room for 24 bytes). */
void yw_yuan_format(int64_t fen, char out[24]);

#endif
