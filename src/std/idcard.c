/* ID number validation: length, digits, province, birth date, check character. */
#include "idcard.h"

#include <string.h>

#include "../base/time.h"
#include "region.h"

char yw_idcard_check_char(const char *first17) {
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char map[] = "10X98765432";
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        if (first17[i] < '0' || first17[i] > '9') return 0;
        sum += (first17[i] - '0') * w[i];
    }
    return map[sum % 11];
}

int yw_idcard_validate(const char *s, int64_t today, const char *field, yw_err *err) {
    if (!s) return yw_fail(err, YW_E_ID_NUMBER_REQUIRED, field);
    size_t n = strlen(s);
    if (n != 18)
        return yw_fail(err, YW_E_ID_NUMBER_LENGTH, field, n);
    for (int i = 0; i < 17; i++)
        if (s[i] < '0' || s[i] > '9')
            return yw_fail(err, YW_E_ID_NUMBER_DIGIT, field, i + 1);
    if (!yw_region_province_known(s))
        return yw_fail(err, YW_E_ID_NUMBER_PROVINCE, field, s);
    int y = (s[6] - '0') * 1000 + (s[7] - '0') * 100 + (s[8] - '0') * 10 + (s[9] - '0');
    int m = (s[10] - '0') * 10 + (s[11] - '0');
    int d = (s[12] - '0') * 10 + (s[13] - '0');
    if (y < 1900 || !yw_date_valid(y, m, d) || yw_days_from_civil(y, m, d) > today)
        return yw_fail(err, YW_E_ID_NUMBER_BIRTH_DATE, field, s + 6);
    char check = yw_idcard_check_char(s);
    if (s[17] != check)
        return yw_fail(err, YW_E_ID_NUMBER_CHECK, field, check, s[17]);
    return 0;
}
