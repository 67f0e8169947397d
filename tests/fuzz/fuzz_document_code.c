/* Fuzz target: the reading of a document's verification code as a person types it (from under a
 * QR code, in a public query string) must never crash or write past its buffer, and whatever it
 * accepts is exactly YW_DOCUMENT_CODE_LEN characters of Crockford's base32 that read back as
 * themselves. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/document/document.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char code[YW_DOCUMENT_CODE_SIZE], again[YW_DOCUMENT_CODE_SIZE];
    if (!yw_document_code_parse((const char *)data, size, code)) return 0;
    if (strlen(code) != YW_DOCUMENT_CODE_LEN || strspn(code, "0123456789ABCDEFGHJKMNPQRSTVWXYZ") != YW_DOCUMENT_CODE_LEN)
        abort();
    if (!yw_document_code_parse(code, strlen(code), again) || strcmp(code, again) != 0) abort();
    return 0;
}
