/* Numbers people type into forms to be reached by: a mobile number of the national numbering plan
 * (11 digits, 1 then 3–9), a landline with its area code (0 and 2–3 digits, then a local number
 * of 7–8 digits not starting with 0 or 1, an optional hyphen between them, an optional extension
 * after "-" or "转" of 1–6 digits) and a postal code (6 digits). Pure checks of the text as
 * written: no spaces, no +86; the page (web/apply.js) checks the same rules as one types. */
#ifndef YW_CONTACT_H
#define YW_CONTACT_H

#include <stdbool.h>

bool yw_mobile_ok(const char *s);
bool yw_landline_ok(const char *s);
bool yw_postcode_ok(const char *s);

#endif
