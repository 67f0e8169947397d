/* Fuzz target: the reading of a certificate identifier (电子证照标识, std/certid.h) as it comes from
 * a QR code, a form or an imported file must never crash or read past its length, and whatever it
 * accepts is written again from its parts byte for byte, with the check character ISO/IEC 7064
 * MOD 37,36 gives. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "std/certid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    yw_arena a;
    yw_arena_init(&a);
    yw_certid id;
    yw_err err;
    bool parsed = yw_certid_parse(&a, (const char *)data, size, &id);
    int validated = yw_certid_validate(&a, (const char *)data, size, "certid", &id, &err);
    if (parsed != (validated == 0)) abort();
    if (parsed) {
        char again[YW_CERTID_MAX];
        if (yw_certid_format(id.type_code, id.issuer, id.serial, id.version, again, sizeof again) != 0) abort();
        if (strlen(again) != size || memcmp(again, data, size) != 0) abort();
        if (again[size - 1] != id.check) abort();
    }
    yw_iso7064_mod37_36((const char *)data, size);
    yw_arena_reset(&a);
    return 0;
}
