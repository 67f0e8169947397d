/* 统一社会信用代码 (Unified Social Credit Code), GB 32100-2015: 18 characters from the 31-symbol
 * alphabet 0-9 A-Y without I O S V Z: registration authority (1), entity kind (1), the region
 * code of GB/T 2260 (6 digits), the organization code of GB 11714 (9, its last a check
 * character) and a check character over the first 17 (weights 3^i mod 31). */
#ifndef YW_USCC_H
#define YW_USCC_H

#include "../base/err.h"

/* 0 if s is a valid USCC; otherwise -1 with YW_ERR_INVALID naming `field` and saying what is
 * wrong (length, which position holds a character outside the alphabet, the expected check
 * character). Lower-case letters are rejected: a USCC is written in capitals. */
int yw_uscc_validate(const char *s, const char *field, yw_err *err);
/* The check character for the first 17 characters, or 0 when one of them is outside the
 * alphabet. */
char yw_uscc_check_char(const char *first17);
/* The GB 11714 check character for the 8 characters of an organization code body, or 0. */
char yw_orgcode_check_char(const char *body8);

#endif
