/* Fuzz target: the upload sniffer reads offsets out of the file itself (a ZIP's end record and
 * central directory, its local headers) and must never read past the bytes it is given; what it
 * calls an OFD must be a ZIP, and the answer must not depend on bytes past the end (the input
 * is copied into a buffer of exactly its size, so AddressSanitizer sees any overread). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/upload/upload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    unsigned char *copy = malloc(size ? size : 1);
    if (!copy) return 0;
    memcpy(copy, data, size);
    const char *type = yw_upload_sniff(copy, size);
    if (type && strcmp(type, "application/ofd") == 0 && (size < 4 || memcmp(copy, "PK\x03\x04", 4) != 0)) abort();
    if (type && strcmp(type, "application/pdf") == 0 && memcmp(copy, "%PDF-", 5) != 0) abort();
    free(copy);
    return 0;
}
