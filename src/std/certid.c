/* Electronic certificate identifiers (GB/T 36904-2018 as the provincial platforms write them) and
 * their ISO/IEC 7064 MOD 37,36 check character. */
#include "certid.h"

#include <stdio.h>
#include <string.h>

#include "uscc.h"

#define ROOT_DOT YW_CERTID_ROOT "."

/* 0-9 are 0-9, A-Z are 10-35; -1 for anything else */
static int value_of(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return -1;
}

static const char symbols[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/* ISO/IEC 7064's hybrid system with M = 36, M+1 = 37: the running value p starts at M; for each
 * character, s = (p + value) mod M, read as M when 0, and p = 2s mod (M+1). The check character
 * is the value x with (p + x) mod M == 1. One step over several parts is the step over their
 * concatenation, so an identifier's parts are checked without copying them together. */
static bool mod37_36_run(int *p, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        int v = value_of(s[i]);
        if (v < 0) return false;
        int t = (*p + v) % 36;
        *p = (t == 0 ? 36 : t) * 2 % 37;
    }
    return true;
}

static char mod37_36_check(int p) { return symbols[(37 - p) % 36]; }

char yw_iso7064_mod37_36(const char *s, size_t n) {
    int p = 36;
    if (!mod37_36_run(&p, s, n)) return 0;
    return mod37_36_check(p);
}

static bool symbols_only(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (value_of(s[i]) < 0) return false;
    return true;
}

static bool version_ok(const char *s, size_t n, int *version) {
    if (n != 3) return false;
    for (size_t i = 0; i < 3; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    *version = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
    return *version >= 1;
}

int yw_certid_format(const char *type_code, const char *issuer_uscc, const char *serial, int version, char *out,
                     size_t out_size) {
    if (!type_code || !issuer_uscc || !serial || !out) return -1;
    size_t nt = strlen(type_code), ns = strlen(serial);
    if (nt < 1 || nt > YW_CERTID_TYPE_MAX || !symbols_only(type_code, nt)) return -1;
    if (ns < 1 || ns > YW_CERTID_SERIAL_MAX || !symbols_only(serial, ns)) return -1;
    if (version < 1 || version > 999) return -1;
    yw_err err;
    if (yw_uscc_validate(issuer_uscc, "issuer", &err) < 0) return -1;
    char ver[4];
    snprintf(ver, sizeof ver, "%03d", version);
    int p = 36;
    mod37_36_run(&p, type_code, nt);
    mod37_36_run(&p, issuer_uscc, 18);
    mod37_36_run(&p, serial, ns);
    mod37_36_run(&p, ver, 3);
    size_t need = strlen(ROOT_DOT) + nt + 1 + 18 + 1 + ns + 1 + 3 + 1 + 1 + 1;
    if (out_size < need) return -1;
    snprintf(out, out_size, "%s%s.%s.%s.%s.%c", ROOT_DOT, type_code, issuer_uscc, serial, ver, mod37_36_check(p));
    return 0;
}

int yw_certid_validate(yw_arena *a, const char *text, size_t len, const char *field, yw_certid *out, yw_err *err) {
    size_t root = strlen(ROOT_DOT);
    if (!text || len >= YW_CERTID_MAX || len <= root || memcmp(text, ROOT_DOT, root) != 0)
        return yw_fail(err, YW_E_CERTID_FORMAT, field);
    /* the five parts after the root: type, issuer, serial, version, check */
    const char *part[5];
    size_t n[5];
    const char *p = text + root, *end = text + len;
    for (int i = 0; i < 5; i++) {
        const char *dot = i < 4 ? memchr(p, '.', (size_t)(end - p)) : NULL;
        if (i < 4 && !dot) return yw_fail(err, YW_E_CERTID_FORMAT, field);
        part[i] = p;
        n[i] = (size_t)((i < 4 ? dot : end) - p);
        p = i < 4 ? dot + 1 : end;
    }
    if (memchr(part[4], '.', n[4])) return yw_fail(err, YW_E_CERTID_FORMAT, field);
    if (n[0] < 1 || n[0] > YW_CERTID_TYPE_MAX || !symbols_only(part[0], n[0]))
        return yw_fail(err, YW_E_CERTID_TYPE, field);
    char issuer[19];
    if (n[1] != 18) return yw_fail(err, YW_E_CERTID_ISSUER, field);
    memcpy(issuer, part[1], 18);
    issuer[18] = '\0';
    yw_err uscc;
    if (yw_uscc_validate(issuer, field, &uscc) < 0) return yw_fail(err, YW_E_CERTID_ISSUER, field);
    if (n[2] < 1 || n[2] > YW_CERTID_SERIAL_MAX || !symbols_only(part[2], n[2]))
        return yw_fail(err, YW_E_CERTID_SERIAL, field);
    int version;
    if (!version_ok(part[3], n[3], &version)) return yw_fail(err, YW_E_CERTID_VERSION, field);
    int run = 36;
    for (int i = 0; i < 4; i++) mod37_36_run(&run, part[i], n[i]);
    char check = mod37_36_check(run);
    if (n[4] != 1 || part[4][0] != check) return yw_fail(err, YW_E_CERTID_CHECK, field, check);
    char *type = yw_arena_strndup(a, part[0], n[0]), *iss = yw_arena_strndup(a, part[1], 18),
         *serial = yw_arena_strndup(a, part[2], n[2]);
    if (!type || !iss || !serial) return yw_fail(err, YW_E_NOMEM, NULL);
    *out = (yw_certid){.type_code = type, .issuer = iss, .serial = serial, .version = version, .check = check};
    return 0;
}

bool yw_certid_parse(yw_arena *a, const char *text, size_t len, yw_certid *out) {
    yw_err err;
    return yw_certid_validate(a, text, len, "certid", out, &err) == 0;
}
