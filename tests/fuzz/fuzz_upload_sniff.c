/* Fuzz target: the upload sniffer reads offsets out of the file itself (a ZIP's end record and
 * central directory, a JPEG's segments, a PNG's chunks, a PDF's startxref) and must never read
 * past the bytes it is given; what it calls a type must be that type from its first byte to its
 * last (an OFD a ZIP, a PDF from "%PDF-" to "%%EOF", a JPEG from SOI to EOI, a PNG from its
 * signature to IEND), and the answer must not depend on bytes past the end (the input is copied
 * into a buffer of exactly its size, so AddressSanitizer sees any overread). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/upload/upload.h"

static int is(const char *type, const char *want) { return type && strcmp(type, want) == 0; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    unsigned char *copy = malloc(size ? size : 1);
    if (!copy) return 0;
    memcpy(copy, data, size);
    const char *type = yw_upload_sniff(copy, size);
    if (is(type, "application/ofd") && (size < 26 || memcmp(copy, "PK\x03\x04", 4) != 0)) abort();
    if (is(type, "application/pdf")) {
        if (size < 20 || memcmp(copy, "%PDF-", 5) != 0) abort();
        size_t end = size;
        while (end > 0 && (copy[end - 1] == 0 || strchr(" \t\r\n\f", copy[end - 1]))) end--; /* white space, NULs */
        if (end < 5 || memcmp(copy + end - 5, "%%EOF", 5) != 0) abort();
    }
    if (is(type, "image/jpeg") && (size < 8 || memcmp(copy, "\xFF\xD8\xFF", 3) != 0 || memcmp(copy + size - 2, "\xFF\xD9", 2) != 0))
        abort();
    if (is(type, "image/png") && (size < 45 || memcmp(copy, "\x89PNG\r\n\x1A\n", 8) != 0 || memcmp(copy + size - 8, "IEND", 4) != 0))
        abort();
    free(copy);
    return 0;
}
