/* Masking of personal data (ID numbers, phone numbers) for those who may not see it whole.
 * Who may is decided by the concept that owns the data; these only write the masked forms. */
#ifndef YW_PRIVACY_H
#define YW_PRIVACY_H

#include "../../base/arena.h"

/* "370202199003071234" → "3702**********1234": first 4 and last 4 kept. NULL stays NULL;
 * returns arena memory, or NULL when out of memory. */
const char *yw_mask_id_number(yw_arena *a, const char *s);
/* "13812345678" → "138****5678": first 3 and last 4 kept; shorter numbers all but the last 2. */
const char *yw_mask_phone(yw_arena *a, const char *s);

#endif
