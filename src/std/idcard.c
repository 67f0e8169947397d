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
    if (!s) return yw_err_set(err, YW_ERR_INVALID, field, "身份证号码不能为空 (ID number is required)");
    size_t n = strlen(s);
    if (n != 18)
        return yw_err_set(err, YW_ERR_INVALID, field,
                          "身份证号码应为18位，实为%zu位 (ID number must be 18 characters, got %zu)", n, n);
    for (int i = 0; i < 17; i++)
        if (s[i] < '0' || s[i] > '9')
            return yw_err_set(err, YW_ERR_INVALID, field,
                              "身份证号码第%d位应为数字 (ID number position %d must be a digit)", i + 1, i + 1);
    if (!yw_region_province_known(s))
        return yw_err_set(err, YW_ERR_INVALID, field,
                          "身份证号码前两位不是有效的省级代码 (ID number: %.2s is not a province code)", s);
    int y = (s[6] - '0') * 1000 + (s[7] - '0') * 100 + (s[8] - '0') * 10 + (s[9] - '0');
    int m = (s[10] - '0') * 10 + (s[11] - '0');
    int d = (s[12] - '0') * 10 + (s[13] - '0');
    if (y < 1900 || !yw_date_valid(y, m, d) || yw_days_from_civil(y, m, d) > today)
        return yw_err_set(err, YW_ERR_INVALID, field,
                          "身份证号码中的出生日期无效 (ID number: birth date %.8s is not a valid past date)", s + 6);
    char check = yw_idcard_check_char(s);
    if (s[17] != check)
        return yw_err_set(err, YW_ERR_INVALID, field,
                          "身份证号码校验位错误 (ID number check character should be %c, got %c)", check, s[17]);
    return 0;
}
