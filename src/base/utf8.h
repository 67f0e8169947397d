/* UTF-8 well-formedness, for text that comes from outside (imported files, uploads): shortest
 * forms only, no surrogates, nothing past U+10FFFF. */
#ifndef YW_UTF8_H
#define YW_UTF8_H

#include <stddef.h>

/* The offset of the first byte of s[0..len) that is not well-formed UTF-8, or -1. */
long yw_utf8_invalid_at(const char *s, size_t len);

#endif
