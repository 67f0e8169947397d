/* USCC validation (GB 32100-2015) with the inner organization-code check (GB 11714-1997). */
#include "uscc.h"

#include <string.h>

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY"; /* 31 symbols */
static const int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

static int symbol_value(char c) {
    if (c == '\0') return -1;
    const char *p = strchr(alphabet, c);
    return p ? (int)(p - alphabet) : -1;
}

char yw_uscc_check_char(const char *first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        int v = symbol_value(first17[i]);
        if (v < 0) return 0;
        sum += v * weights[i];
    }
    return alphabet[(31 - sum % 31) % 31];
}

char yw_orgcode_check_char(const char *body8) {
    static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 8; i++) {
        char c = body8[i];
        int v;
        if (c >= '0' && c <= '9') v = c - '0';
        else if (c >= 'A' && c <= 'Z') v = c - 'A' + 10;
        else return 0;
        sum += v * w[i];
    }
    int check = 11 - sum % 11;
    return check == 10 ? 'X' : check == 11 ? '0' : (char)('0' + check);
}

int yw_uscc_validate(const char *s, const char *field, yw_err *err) {
    if (!s) return yw_fail(err, YW_E_USCC_REQUIRED, field);
    size_t n = strlen(s);
    if (n != 18)
        return yw_fail(err, YW_E_USCC_LENGTH, field, n);
    for (int i = 0; i < 18; i++) {
        if (symbol_value(s[i]) < 0)
            return yw_fail(err, YW_E_USCC_CHARACTER, field, i + 1);
    }
    for (int i = 2; i < 8; i++) {
        if (s[i] < '0' || s[i] > '9')
            return yw_fail(err, YW_E_USCC_REGION, field);
    }
    char org = yw_orgcode_check_char(s + 8);
    if (org != s[16])
        return yw_fail(err, YW_E_USCC_ORGANIZATION_CHECK, field, org ? org : '?');
    char check = yw_uscc_check_char(s);
    if (check != s[17])
        return yw_fail(err, YW_E_USCC_CHECK, field, check, s[17]);
    return 0;
}
