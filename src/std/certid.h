/* 电子证照标识: the identifier of an electronic certificate as GB/T 36904-2018 writes it and the
 * provincial platforms publish it, six parts joined by dots:
 *
 *     1.2.156.3005.2 . <type code> . <issuer USCC> . <serial> . <version> . <check>
 *
 * the root code of electronic certificates (an OID under China's arc), the certificate type's
 * code ([0-9A-Z]{1,32}), the issuing office's USCC (GB 32100, std/uscc.h), the issuer's serial
 * ([0-9A-Z]{1,40}), the version (three digits, 001-999) and one check character by ISO/IEC 7064
 * MOD 37,36 (the hybrid system over 0-9 A-Z).
 *
 * The check covers the type code, the issuer, the serial and the version written one after
 * another: neither the root code nor the dots. That is what the published identifiers of several
 * provinces' platforms carry (e.g. …W011.11430000006122244L.20230000403.001.U, whose check is U
 * over "11100000000013338W01111430000006122244L20230000403001"), and what their platforms'
 * published code computes; docs/certificates.md says it exactly. Pure: no store, no clock. */
#ifndef YW_CERTID_H
#define YW_CERTID_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/arena.h"
#include "../base/err.h"

/* A buffer of this many bytes holds any identifier and its NUL (the longest is 113 characters). */
#define YW_CERTID_MAX 160
#define YW_CERTID_ROOT "1.2.156.3005.2"
#define YW_CERTID_TYPE_MAX 32
#define YW_CERTID_SERIAL_MAX 40

typedef struct {
    const char *type_code;
    const char *issuer;
    const char *serial;
    int version;
    char check;
} yw_certid;

/* The check character of s[0..n) by ISO/IEC 7064 MOD 37,36, or 0 when s has a character outside
 * 0-9A-Z (lower case included). */
char yw_iso7064_mod37_36(const char *s, size_t n);

/* Writes the identifier of these parts and its NUL into out; -1 when a part is invalid or out_size
 * is too small (nothing written). */
int yw_certid_format(const char *type_code, const char *issuer_uscc, const char *serial, int version, char *out,
                     size_t out_size);

/* Parses text[0..len) strictly: the root code, exactly five more parts, each as above, the issuer a
 * valid USCC and the check character right. On success *out's strings point into arena copies.
 * false when the text is not an identifier (or the arena is out of memory). */
bool yw_certid_parse(yw_arena *a, const char *text, size_t len, yw_certid *out);

/* As yw_certid_parse, saying why not: -1 with YW_ERR_INVALID naming `field` (which part is wrong;
 * the expected check character when that is what is wrong), or YW_E_NOMEM. */
int yw_certid_validate(yw_arena *a, const char *text, size_t len, const char *field, yw_certid *out, yw_err *err);

#endif
