/* Fuzz target: what people type into forms — amounts in 元, mobile numbers, landlines, postal
 * codes (std/yuan.h, std/contact.h) — never crashes a check, and whatever is accepted holds:
 * an amount reads back as it prints (up to its trailing zeros) within the bound, a mobile number
 * is 11 digits, a postal code 6. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "std/contact.h"
#include "std/yuan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    int64_t fen;
    if (yw_yuan_parse(s, &fen) == YW_YUAN_OK) {
        if (fen < 0 || fen > YW_YUAN_MAX_FEN) abort();
        char back[24];
        int64_t again;
        yw_yuan_format(fen, back);
        if (yw_yuan_parse(back, &again) != YW_YUAN_OK || again != fen) abort();
    }
    if (yw_mobile_ok(s) && strlen(s) != 11) abort();
    if (yw_postcode_ok(s) && strlen(s) != 6) abort();
    if (yw_landline_ok(s) && (s[0] != '0' || strlen(s) < 10)) abort();
    free(s);
    return 0;
}
