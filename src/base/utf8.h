/* UTF-8 well-formedness, for text that comes from outside (imported files, uploads): shortest
 * forms only, no surrogates, nothing past U+10FFFF. And what "blank" means for such text. */
#ifndef YW_UTF8_H
#define YW_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* The offset of the first byte of s[0..len) that is not well-formed UTF-8, or -1. */
long yw_utf8_invalid_at(const char *s, size_t len);

/* Is s[0..len) blank: empty, or nothing but white space as Unicode has it (the White_Space
 * property: ASCII's, U+0085, U+00A0 no-break space, U+1680, U+2000–U+200A, U+2028, U+2029,
 * U+202F, U+205F, U+3000 ideographic space) and the invisible zero-width spaces U+200B, U+2060,
 * U+FEFF? Text that is not well-formed UTF-8 is not blank. The one test of "blank" for required
 * text: the router's and the domain's. */
bool yw_utf8_blank(const char *s, size_t len);

/* The number of characters (code points) of well-formed UTF-8 text s. */
size_t yw_utf8_chars(const char *s);

#endif
