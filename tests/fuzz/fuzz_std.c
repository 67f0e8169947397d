/* Fuzz target: the validators of outside identifiers (USCC, ID number, region, industry, date)
 * must never crash, and whatever they accept must re-validate with its own check characters. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "std/idcard.h"
#include "std/industry.h"
#include "std/region.h"
#include "std/uscc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    yw_err err;
    if (yw_uscc_validate(s, "uscc", &err) == 0 && yw_uscc_check_char(s) != s[17]) abort();
    if (yw_idcard_validate(s, INT64_MAX, "id_number", &err) == 0 && yw_idcard_check_char(s) != s[17]) abort();
    yw_region_validate(s, "region", &err);
    yw_industry_validate(s, "industry", &err);
    int64_t day;
    if (yw_date_parse(s, &day, "date", &err) == 0) {
        char back[11];
        yw_date_format(day, back);
        if (strcmp(back, s) != 0) abort(); /* an accepted date prints back as given */
    }
    free(s);
    return 0;
}
