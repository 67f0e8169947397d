/* 公民身份号码 (citizen ID number), GB 11643-1999: 6 digits of region (GB/T 2260), 8 of birth
 * date, 3 of sequence (odd for men, even for women), and a check character (ISO 7064 MOD 11-2:
 * 0-9 or X). */
#ifndef YW_IDCARD_H
#define YW_IDCARD_H

#include <stdint.h>

#include "../base/err.h"

/* 0 if s is a valid 18-character ID number born no later than `today` (a day number; pass
 * INT64_MAX to skip that check); otherwise -1 with YW_ERR_INVALID naming `field` and what is
 * wrong. A lower-case x as the check character is rejected: it is written X. */
int yw_idcard_validate(const char *s, int64_t today, const char *field, yw_err *err);
/* The check character for 17 digits, or 0 when they are not all digits. */
char yw_idcard_check_char(const char *first17);

#endif
