/* National standards: USCC (GB 32100), ID numbers (GB 11643), regions (GB/T 2260, the whole
 * country: data/gbt2260-regions.tsv), industries (GB/T 4754). */
#include "testutil.h"

#include <pthread.h>

#include "base/time.h"
#include "std/certid.h"
#include "std/idcard.h"
#include "std/industry.h"
#include "std/region.h"
#include "std/uscc.h"
#include "std/contact.h"
#include "std/yuan.h"

/* What a person types to be reached: mobile numbers of the numbering plan, landlines with their
 * area code (a hyphen or not, an extension), postal codes; everything else refused. */
static void contact_numbers(void **state) {
    (void)state;
    const char *mobiles[] = {"13900000005", "19912345678", "15000000000"};
    const char *not_mobiles[] = {"", "1390000000", "139000000055", "12900000005", "23900000005", "1390000000a",
                                 "139 0000 0005", "+8613900000005", "１３９００００００００５"};
    for (size_t i = 0; i < sizeof mobiles / sizeof *mobiles; i++) assert_true(yw_mobile_ok(mobiles[i]));
    for (size_t i = 0; i < sizeof not_mobiles / sizeof *not_mobiles; i++) assert_false(yw_mobile_ok(not_mobiles[i]));
    const char *landlines[] = {"0532-88886666", "053288886666", "010-62345678", "01062345678", "0532-8888666",
                               "0532-88886666-123", "0532-88886666转8001", "053288886666-1", "021-5555666"};
    const char *not_landlines[] = {"", "88886666", "532-88886666", "0532-0888666", "0532-1888666", "0532-888866661",
                                   "05-88886666", "05321-8888666", "0532-88886666-", "0532-88886666-1234567",
                                   "0532--88886666", "0532-88886666转", "0532 88886666", "13900000005", "0532888866661"};
    for (size_t i = 0; i < sizeof landlines / sizeof *landlines; i++) assert_true(yw_landline_ok(landlines[i]));
    for (size_t i = 0; i < sizeof not_landlines / sizeof *not_landlines; i++) {
        if (yw_landline_ok(not_landlines[i])) fail_msg("accepted %s", not_landlines[i]);
    }
    assert_true(yw_postcode_ok("266071"));
    assert_false(yw_postcode_ok("26607"));
    assert_false(yw_postcode_ok("2660711"));
    assert_false(yw_postcode_ok("26607a"));
    assert_false(yw_postcode_ok(""));
}

/* Amounts in 元 into fen: whole yuan, one or two decimals; nothing else, nothing past the bound. */
static void yuan_amounts(void **state) {
    (void)state;
    struct {
        const char *text;
        yw_yuan_result result;
        int64_t fen;
    } cases[] = {
        {"0", YW_YUAN_OK, 0},           {"1200", YW_YUAN_OK, 120000},   {"1200.5", YW_YUAN_OK, 120050},
        {"1200.05", YW_YUAN_OK, 120005}, {"0.01", YW_YUAN_OK, 1},        {"007", YW_YUAN_OK, 700},
        {"1000000000000", YW_YUAN_OK, YW_YUAN_MAX_FEN},
        {"1000000000000.01", YW_YUAN_RANGE, 0}, {"99999999999999999999999", YW_YUAN_RANGE, 0},
        {"12.345", YW_YUAN_DECIMALS, 0}, {"0.001", YW_YUAN_DECIMALS, 0},
        {"", YW_YUAN_SYNTAX, 0},         {".5", YW_YUAN_SYNTAX, 0},      {"5.", YW_YUAN_SYNTAX, 0},
        {"-1", YW_YUAN_SYNTAX, 0},       {"+1", YW_YUAN_SYNTAX, 0},      {"1,200", YW_YUAN_SYNTAX, 0},
        {"1 200", YW_YUAN_SYNTAX, 0},    {"1.2.3", YW_YUAN_SYNTAX, 0},   {"12元", YW_YUAN_SYNTAX, 0},
        {"1e3", YW_YUAN_SYNTAX, 0},      {"12.3x", YW_YUAN_SYNTAX, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int64_t fen = -7;
        yw_yuan_result r = yw_yuan_parse(cases[i].text, &fen);
        if (r != cases[i].result) fail_msg("%s: %d, not %d", cases[i].text, r, cases[i].result);
        assert_true(r == YW_YUAN_OK ? fen == cases[i].fen : fen == -7);
    }
    char out[24];
    yw_yuan_format(120050, out);
    assert_string_equal(out, "1200.50");
    yw_yuan_format(7, out);
    assert_string_equal(out, "0.07");
}

static void uscc_valid(void **state) {
    (void)state;
    yw_err err;
    /* published codes of real entities (their check characters are right) */
    assert_int_equal(yw_uscc_validate("91350100M000100Y43", "uscc", &err), 0);
    assert_int_equal(yw_uscc_validate("91110000600037341L", "uscc", &err), 0);
    assert_int_equal(yw_uscc_validate("91440300708461136T", "uscc", &err), 0);
    /* built from parts: the demo enterprise */
    char code[19] = "91370202MA3CXK7T";
    code[16] = yw_orgcode_check_char(code + 8);
    code[17] = yw_uscc_check_char(code);
    code[18] = '\0';
    assert_int_equal(yw_uscc_validate(code, "uscc", &err), 0);
}

static void uscc_invalid(void **state) {
    (void)state;
    yw_err err;
    assert_int_equal(yw_uscc_validate("91350100M000100Y44", "uscc", &err), -1);
    assert_int_equal(err.code, YW_ERR_INVALID);
    assert_string_equal(err.field, "uscc");
    assert_string_equal(err.reason, "uscc_check_character");
    assert_string_equal(err.message, "统一社会信用代码校验位错误，应为3，实为4");
    assert_non_null(strstr(err.message_en, "should be 3"));
    assert_int_equal(yw_uscc_validate("91350100M000100Y4", "uscc", &err), -1); /* 17 characters */
    assert_string_equal(err.reason, "uscc_length");
    assert_non_null(strstr(err.message_en, "got 17"));
    assert_int_equal(yw_uscc_validate("91350100M000100I43", "uscc", &err), -1); /* I is not in the alphabet */
    assert_string_equal(err.reason, "uscc_character");
    assert_non_null(strstr(err.message_en, "position 16"));
    assert_int_equal(yw_uscc_validate("91350100m000100Y43", "uscc", &err), -1); /* lower case */
    assert_int_equal(yw_uscc_validate("91A50100M000100Y43", "uscc", &err), -1); /* region not digits */
    assert_string_equal(err.reason, "uscc_region");
    assert_int_equal(yw_uscc_validate("", "uscc", &err), -1);
    assert_int_equal(yw_uscc_validate(NULL, "uscc", &err), -1);
    assert_string_equal(err.reason, "uscc_required");
    /* inner organization code check (position 17) wrong, outer recomputed to match */
    char code[19] = "91370202MA3CXK7T";
    code[16] = yw_orgcode_check_char(code + 8) == '1' ? '2' : '1';
    code[17] = yw_uscc_check_char(code);
    code[18] = '\0';
    assert_int_equal(yw_uscc_validate(code, "uscc", &err), -1);
    assert_string_equal(err.reason, "uscc_organization_check");
    assert_non_null(strstr(err.message_en, "position 17"));
}

/* ISO/IEC 7064 MOD 37,36 (the hybrid system over 0-9 A-Z): the standard's published examples, and
 * what the hybrid system promises. Every single substitution changes the check character; every
 * adjacent transposition does too, except — for one running value in 36 — of two symbols whose
 * values are consecutive (mod 36): exactly those, and no other, may pass. */
static unsigned long long lcg_state = 20261208;
static int lcg_next(int n) {
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (int)((lcg_state >> 33) % (unsigned long long)n);
}

static void iso7064_mod37_36(void **state) {
    (void)state;
    assert_int_equal(yw_iso7064_mod37_36("A12425GABC1234002", 17), 'M');
    assert_int_equal(yw_iso7064_mod37_36("B159D8FA01240000", 16), 'K');
    assert_int_equal(yw_iso7064_mod37_36("188166C734200000", 16), '3');
    assert_int_equal(yw_iso7064_mod37_36("A12425GABC1234002M", 17), 'M'); /* n counts, not the NUL */
    assert_int_equal(yw_iso7064_mod37_36("a12425GABC1234002", 17), 0);
    assert_int_equal(yw_iso7064_mod37_36("A12425-ABC1234002", 17), 0);
    assert_int_equal(yw_iso7064_mod37_36("A1\0", 3), 0);
    static const char sym[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    int transpositions = 0, missed = 0;
    for (int round = 0; round < 2000; round++) {
        char s[41];
        int n = 2 + lcg_next(39);
        for (int i = 0; i < n; i++) s[i] = sym[lcg_next(36)];
        char check = yw_iso7064_mod37_36(s, (size_t)n);
        assert_true(check != 0);
        int i = lcg_next(n);
        char was = s[i];
        s[i] = sym[(strchr(sym, was) - sym + 1 + lcg_next(35)) % 36];
        if (yw_iso7064_mod37_36(s, (size_t)n) == check) fail_msg("substitution at %d of %.*s not detected", i, n, s);
        s[i] = was;
        i = lcg_next(n - 1);
        if (s[i] == s[i + 1]) continue;
        int d = (int)(strchr(sym, s[i]) - strchr(sym, s[i + 1]));
        char t = s[i];
        s[i] = s[i + 1];
        s[i + 1] = t;
        transpositions++;
        if (yw_iso7064_mod37_36(s, (size_t)n) == check) {
            missed++;
            if (d != 1 && d != -1 && d != 35 && d != -35) fail_msg("transposition at %d of %.*s not detected", i, n, s);
        }
    }
    assert_true(transpositions > 1900);
    assert_true(missed < transpositions / 100);
}

/* 电子证照标识 (GB/T 36904-2018): identifiers that provinces' platforms published read back, and
 * are written again from their parts, byte for byte; the check covers the type code, issuer,
 * serial and version without the root code or the dots. */
static void certid_published(void **state) {
    (void)state;
    static const char *published[] = {
        "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U",
        "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S",
        "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F",
        "1.2.156.3005.2.11100000000013338W087.11370800MB28559184.37080001202411010001.001.3",
        "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0",
    };
    yw_arena a;
    yw_arena_init(&a);
    for (size_t i = 0; i < sizeof published / sizeof *published; i++) {
        yw_certid id;
        yw_err err;
        if (yw_certid_validate(&a, published[i], strlen(published[i]), "certid", &id, &err) < 0)
            fail_msg("%s: %s", published[i], err.message);
        assert_true(yw_certid_parse(&a, published[i], strlen(published[i]), &id));
        char again[YW_CERTID_MAX];
        assert_int_equal(yw_certid_format(id.type_code, id.issuer, id.serial, id.version, again, sizeof again), 0);
        assert_string_equal(again, published[i]);
        assert_int_equal(id.check, published[i][strlen(published[i]) - 1]);
    }
    yw_certid id;
    const char *u = published[0];
    assert_true(yw_certid_parse(&a, u, strlen(u), &id));
    assert_string_equal(id.type_code, "11100000000013338W011");
    assert_string_equal(id.issuer, "11430000006122244L");
    assert_string_equal(id.serial, "20230000403");
    assert_int_equal(id.version, 1);
    assert_int_equal(id.check, 'U');
    /* the check over the parts run together; the root code and the dots are not in it */
    const char *body = "11100000000013338W01111430000006122244L20230000403001";
    assert_int_equal(yw_iso7064_mod37_36(body, strlen(body)), 'U');
    /* the parts point into the arena, not into the text */
    char text[YW_CERTID_MAX];
    strcpy(text, u);
    assert_true(yw_certid_parse(&a, text, strlen(text), &id));
    memset(text, 'x', strlen(text));
    assert_string_equal(id.serial, "20230000403");
    yw_arena_reset(&a);
}

static void certid_format_refuses(void **state) {
    (void)state;
    char out[YW_CERTID_MAX];
    const char *uscc = "91370202MA3CXK7TXN";
    memset(out, '#', sizeof out);
    assert_int_equal(yw_certid_format("T1", uscc, "S1", 1, out, sizeof out), 0);
    /* V: by a second implementation of ISO/IEC 7064 over "T191370202MA3CXK7TXNS1001" */
    assert_string_equal(out, "1.2.156.3005.2.T1.91370202MA3CXK7TXN.S1.001.V");
    char longest_type[YW_CERTID_TYPE_MAX + 2], longest_serial[YW_CERTID_SERIAL_MAX + 2];
    memset(longest_type, 'Z', YW_CERTID_TYPE_MAX);
    longest_type[YW_CERTID_TYPE_MAX] = longest_type[YW_CERTID_TYPE_MAX + 1] = '\0';
    memset(longest_serial, '9', YW_CERTID_SERIAL_MAX);
    longest_serial[YW_CERTID_SERIAL_MAX] = longest_serial[YW_CERTID_SERIAL_MAX + 1] = '\0';
    assert_int_equal(yw_certid_format(longest_type, uscc, longest_serial, 999, out, sizeof out), 0);
    assert_int_equal(strlen(out), 113);
    yw_arena a;
    yw_arena_init(&a);
    yw_certid id;
    assert_true(yw_certid_parse(&a, out, strlen(out), &id));
    assert_int_equal(id.version, 999);
    /* too small a buffer for this one (114 bytes with its NUL): nothing written */
    char small[113];
    memset(small, '#', sizeof small);
    assert_int_equal(yw_certid_format(longest_type, uscc, longest_serial, 999, small, sizeof small), -1);
    assert_int_equal(small[0], '#');
    longest_type[YW_CERTID_TYPE_MAX] = 'Z'; /* 33 characters */
    longest_serial[YW_CERTID_SERIAL_MAX] = '9';
    struct {
        const char *type, *issuer, *serial;
        int version;
    } bad[] = {
        {"", uscc, "S1", 1},         {"t1", uscc, "S1", 1},        {"T-1", uscc, "S1", 1},
        {longest_type, uscc, "S1", 1}, {"T1", uscc, "", 1},        {"T1", uscc, "S.1", 1},
        {"T1", uscc, longest_serial, 1}, {"T1", uscc, "S1", 0},    {"T1", uscc, "S1", 1000},
        {"T1", uscc, "S1", -1},      {"T1", "91370202MA3CXK7TX1", "S1", 1}, {"T1", "", "S1", 1},
        {NULL, uscc, "S1", 1},       {"T1", NULL, "S1", 1},        {"T1", uscc, NULL, 1},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        memset(out, '#', sizeof out);
        if (yw_certid_format(bad[i].type, bad[i].issuer, bad[i].serial, bad[i].version, out, sizeof out) != -1)
            fail_msg("case %zu formatted: %s", i, out);
        assert_int_equal(out[0], '#');
    }
    yw_arena_reset(&a);
}

/* Parsing is strict, and says which part is wrong. */
static void certid_parse_refuses(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    const char *good = "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F";
    struct {
        const char *text;
        const char *reason;
    } bad[] = {
        {"", "certid_format"},
        {"1.2.156.3005.2.", "certid_format"},
        {"1.2.156.3005.3.11100000000013338W032.11220000013544541J.2430599.001.F", "certid_format"},
        {"11100000000013338W032.11220000013544541J.2430599.001.F", "certid_format"},
        {" 1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F", "certid_format"},
        {"1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001", "certid_format"},
        {"1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F.", "certid_format"},
        {"1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F.F", "certid_format"},
        {"1.2.156.3005.2..11220000013544541J.2430599.001.F", "certid_type"},
        {"1.2.156.3005.2.11100000000013338w032.11220000013544541J.2430599.001.F", "certid_type"},
        {"1.2.156.3005.2.11100000000013338W032.11220000013544541K.2430599.001.F", "certid_issuer"},
        {"1.2.156.3005.2.11100000000013338W032.1122000001354454.2430599.001.F", "certid_issuer"},
        {"1.2.156.3005.2.11100000000013338W032.11220000013544541J..001.F", "certid_serial"},
        {"1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430_599.001.F", "certid_serial"},
        {"1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.000.F", "certid_version"},
        {"1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.01.F", "certid_version"},
        {"1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.0001.F", "certid_version"},
        {"1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.G", "certid_check_character"},
        {"1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.f", "certid_check_character"},
        {"1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.", "certid_check_character"},
        {"1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.FF", "certid_check_character"},
        /* two characters swapped in the serial: the check catches it */
        {"1.2.156.3005.2.11100000000013338W032.11220000013544541J.2435099.001.F", "certid_check_character"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        yw_certid id = {0};
        yw_err err;
        if (yw_certid_validate(&a, bad[i].text, strlen(bad[i].text), "certid", &id, &err) != -1)
            fail_msg("accepted %s", bad[i].text);
        if (strcmp(err.reason, bad[i].reason) != 0) fail_msg("%s: %s, not %s", bad[i].text, err.reason, bad[i].reason);
        assert_string_equal(err.field, "certid");
        assert_false(yw_certid_parse(&a, bad[i].text, strlen(bad[i].text), &id));
        assert_null(id.type_code);
    }
    yw_err err;
    yw_certid id;
    const char *wrong = "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.G";
    assert_int_equal(yw_certid_validate(&a, wrong, strlen(wrong), "certid", &id, &err), -1);
    assert_string_equal(err.message, "证照标识校验位错误，应为F");
    assert_non_null(strstr(err.message_en, "should be F"));
    /* the length is the caller's: a NUL inside it, or the text cut short, is not an identifier */
    char with_nul[YW_CERTID_MAX];
    size_t n = strlen(good);
    memcpy(with_nul, good, n + 1);
    with_nul[30] = '\0';
    assert_false(yw_certid_parse(&a, with_nul, n, &id));
    assert_false(yw_certid_parse(&a, good, n - 1, &id));
    assert_true(yw_certid_parse(&a, good, n, &id));
    /* no identifier is YW_CERTID_MAX characters long: refused before it is read */
    char longer[YW_CERTID_MAX + 8];
    memset(longer, '1', sizeof longer);
    memcpy(longer, good, n);
    assert_false(yw_certid_parse(&a, longer, sizeof longer, &id));
    yw_arena_reset(&a);
}

static void idcard_valid(void **state) {
    (void)state;
    yw_err err;
    int64_t today = yw_days_from_civil(2026, 11, 24);
    /* the standard's own example */
    assert_int_equal(yw_idcard_validate("11010519491231002X", today, "id_number", &err), 0);
    assert_int_equal(yw_idcard_validate("440524188001010014", today, "id_number", &err), -1); /* before 1900 */
    char id[19] = "37020219900307123";
    id[17] = yw_idcard_check_char(id);
    id[18] = '\0';
    assert_int_equal(yw_idcard_validate(id, today, "id_number", &err), 0);
}

static void idcard_invalid(void **state) {
    (void)state;
    yw_err err;
    int64_t today = yw_days_from_civil(2026, 11, 24);
    assert_int_equal(yw_idcard_validate("110105194912310021", today, "id_number", &err), -1);
    assert_string_equal(err.reason, "id_number_check_character");
    assert_string_equal(err.message, "身份证号码校验位错误，应为X，实为1");
    assert_non_null(strstr(err.message_en, "should be X"));
    assert_string_equal(err.field, "id_number");
    assert_int_equal(yw_idcard_validate("11010519491231002x", today, "id_number", &err), -1); /* lower x */
    assert_int_equal(yw_idcard_validate("1101051949123100", today, "id_number", &err), -1);
    assert_string_equal(err.reason, "id_number_length");
    assert_non_null(strstr(err.message_en, "got 16"));
    assert_int_equal(yw_idcard_validate("110105194902300021", today, "id_number", &err), -1); /* 30 Feb */
    assert_string_equal(err.reason, "id_number_birth_date");
    assert_non_null(strstr(err.message_en, "birth date"));
    assert_int_equal(yw_idcard_validate("990105194912310021", today, "id_number", &err), -1); /* province 99 */
    assert_string_equal(err.reason, "id_number_province");
    assert_non_null(strstr(err.message_en, "province"));
    /* born tomorrow */
    char id[19] = "37020220261125123";
    id[17] = yw_idcard_check_char(id);
    id[18] = '\0';
    assert_int_equal(yw_idcard_validate(id, today, "id_number", &err), -1);
    assert_int_equal(yw_idcard_validate("1101A519491231002X", today, "id_number", &err), -1);
    assert_string_equal(err.reason, "id_number_digit");
    assert_int_equal(yw_idcard_validate(NULL, today, "id_number", &err), -1);
}

/* One county-level division of every province-level one, with its name and parent. */
static const struct {
    const char *code, *name, *parent;
} county_per_province[] = {
    {"110101", "东城区", "110000"}, {"120101", "和平区", "120000"},   {"130102", "长安区", "130100"},
    {"140105", "小店区", "140100"}, {"150102", "新城区", "150100"},   {"210102", "和平区", "210100"},
    {"220102", "南关区", "220100"}, {"230102", "道里区", "230100"},   {"310101", "黄浦区", "310000"},
    {"320102", "玄武区", "320100"}, {"330102", "上城区", "330100"},   {"340102", "瑶海区", "340100"},
    {"350102", "鼓楼区", "350100"}, {"360102", "东湖区", "360100"},   {"370302", "淄川区", "370300"},
    {"410102", "中原区", "410100"}, {"420102", "江岸区", "420100"},   {"430102", "芙蓉区", "430100"},
    {"440103", "荔湾区", "440100"}, {"450102", "兴宁区", "450100"},   {"460105", "秀英区", "460100"},
    {"500101", "万州区", "500000"}, {"510104", "锦江区", "510100"},   {"520102", "南明区", "520100"},
    {"530102", "五华区", "530100"}, {"540102", "城关区", "540100"},   {"610102", "新城区", "610100"},
    {"620102", "城关区", "620100"}, {"630102", "城东区", "630100"},   {"640104", "兴庆区", "640100"},
    {"650102", "天山区", "650100"},
};

/* The chain of parents from code up to its province, as "code>code>…". */
static const char *chain(const char *code, char *buf, size_t size) {
    buf[0] = '\0';
    for (int depth = 0; code; depth++) {
        assert_true(depth < 3);
        const yw_region *r = yw_region_find(code);
        assert_non_null(r);
        if (buf[0]) strncat(buf, ">", size - strlen(buf) - 1);
        strncat(buf, r->code, size - strlen(buf) - 1);
        code = r->parent;
    }
    return buf;
}

static void regions_every_province(void **state) {
    (void)state;
    char buf[64];
    for (size_t i = 0; i < sizeof county_per_province / sizeof county_per_province[0]; i++) {
        const yw_region *r = yw_region_find(county_per_province[i].code);
        assert_non_null(r);
        assert_string_equal(r->name, county_per_province[i].name);
        assert_string_equal(r->parent, county_per_province[i].parent);
        /* the chain ends at the province of the code's first two digits */
        char province[7] = {r->code[0], r->code[1], '0', '0', '0', '0', '\0'};
        const char *c = chain(r->code, buf, sizeof buf);
        assert_string_equal(c + strlen(c) - 6, province);
        assert_null(yw_region_find(province)->parent);
    }
    /* 淄博市: 370302 淄川区, 370303 张店区 */
    assert_string_equal(chain("370302", buf, sizeof buf), "370302>370300>370000");
    assert_string_equal(yw_region_find("370300")->name, "淄博市");
    assert_string_equal(yw_region_find("370303")->name, "张店区");
    assert_string_equal(yw_region_find("370000")->name, "山东省");
    /* municipalities: districts and counties straight under the municipality */
    assert_string_equal(chain("110101", buf, sizeof buf), "110101>110000");
    assert_string_equal(chain("500229", buf, sizeof buf), "500229>500000"); /* 城口县 */
    assert_string_equal(yw_region_find("500105")->name, "江北区");
    assert_string_equal(yw_region_find("500112")->name, "渝北区");
    /* county-level divisions governed directly by a province */
    assert_string_equal(yw_region_find("429004")->name, "仙桃市");
    assert_string_equal(chain("429004", buf, sizeof buf), "429004>420000");
    assert_string_equal(chain("419001", buf, sizeof buf), "419001>410000"); /* 济源市 */
    assert_string_equal(chain("469001", buf, sizeof buf), "469001>460000"); /* 五指山市 */
    assert_string_equal(chain("659001", buf, sizeof buf), "659001>650000"); /* 石河子市 */
    /* prefecture-level cities without counties */
    assert_string_equal(chain("441900", buf, sizeof buf), "441900>440000");
    assert_string_equal(yw_region_find("441900")->name, "东莞市");
    assert_string_equal(yw_region_find("442000")->name, "中山市");
    assert_string_equal(yw_region_find("460400")->name, "儋州市");
    assert_string_equal(yw_region_find("620200")->name, "嘉峪关市");
    /* Taiwan, Hong Kong, Macau at province level */
    assert_string_equal(yw_region_find("710000")->name, "台湾省");
    assert_string_equal(yw_region_find("810000")->name, "香港特别行政区");
    assert_string_equal(yw_region_find("820000")->name, "澳门特别行政区");
    assert_null(yw_region_find("710000")->parent);
    /* recent divisions: 三沙's districts (2020), 和田's new counties (2024) */
    assert_string_equal(chain("460302", buf, sizeof buf), "460302>460300>460000");
    assert_string_equal(yw_region_find("653228")->name, "和康县");
    assert_string_equal(yw_region_find("653229")->name, "和安县");
}

static void regions(void **state) {
    (void)state;
    const yw_region *r = yw_region_find("370202");
    assert_non_null(r);
    assert_string_equal(r->name, "市南区");
    assert_string_equal(r->parent, "370200");
    assert_string_equal(yw_region_find("370200")->name, "青岛市");
    assert_string_equal(yw_region_find("371502")->name, "东昌府区");
    assert_string_equal(yw_region_find("370116")->name, "莱芜区");
    /* refused: not a code, not in the list, not GB/T 2260 */
    const char *refused[] = {
        "000000", "371399", "370299", "999999", "37030", "3703020", "37030a", "３７０３０２", " 37030", "",
        "110100", /* the list has no 市辖区 rows */
        "429000", /* nor 省直辖县级行政区划 */
        "370171", /* a statistics code (济南高新区), not a division */
        "500157", /* 两江新区, a national new area, not a division */
        "330104", /* 江干区, abolished in 2021 */
        "830000", "810101", /* codes some lists invent for Taiwan and Hong Kong's districts */
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        if (yw_region_find(refused[i])) fail_msg("%s should be refused", refused[i]);
    }
    assert_null(yw_region_find(NULL));
    /* the whole country: sorted, every parent in the table, every chain at most three long */
    size_t n, provinces = 0, prefectures = 0, counties = 0, qingdao = 0, jinan = 0, liaocheng = 0;
    size_t per_province[100] = {0};
    const yw_region *all = yw_region_all(&n);
    for (size_t i = 0; i < n; i++) {
        if (i) assert_true(strcmp(all[i - 1].code, all[i].code) < 0); /* sorted, for the binary search */
        assert_int_equal(strlen(all[i].code), 6);
        assert_true(all[i].name[0] != '\0');
        assert_ptr_equal(yw_region_find(all[i].code), &all[i]);
        if (strcmp(all[i].code + 2, "0000") == 0) {
            provinces++;
            assert_null(all[i].parent);
            continue;
        }
        assert_non_null(all[i].parent);
        const yw_region *up = yw_region_find(all[i].parent);
        assert_non_null(up);
        assert_memory_equal(up->code, all[i].code, 2); /* same province */
        if (strcmp(all[i].code + 4, "00") == 0) {
            prefectures++;
            assert_null(up->parent);
        } else {
            counties++;
            per_province[(all[i].code[0] - '0') * 10 + (all[i].code[1] - '0')]++;
            assert_true(!up->parent || !yw_region_find(up->parent)->parent);
        }
        if (strcmp(all[i].parent, "370200") == 0) qingdao++;
        if (strcmp(all[i].parent, "370100") == 0) jinan++;
        if (strcmp(all[i].parent, "371500") == 0) liaocheng++;
    }
    /* 34 province-level, 333 prefecture-level, about 2,850 county-level divisions */
    assert_int_equal(provinces, 34);
    assert_in_range(prefectures, 320, 345);
    assert_in_range(counties, 2800, 2900);
    assert_int_equal(n, provinces + prefectures + counties);
    /* every province-level division of the mainland has county-level ones */
    for (size_t i = 0; i < n; i++) {
        int p = (all[i].code[0] - '0') * 10 + (all[i].code[1] - '0');
        if (all[i].parent || p == 71 || p == 81 || p == 82) continue;
        if (per_province[p] < 10) fail_msg("%s %s has %zu county-level divisions", all[i].code, all[i].name,
                                           per_province[p]);
    }
    assert_int_equal(per_province[37], 136); /* Shandong */
    assert_int_equal(qingdao, 10);
    assert_int_equal(jinan, 12);
    assert_int_equal(liaocheng, 8);
    yw_err err;
    assert_int_equal(yw_region_validate("370211", "region_code", &err), 0);
    assert_int_equal(yw_region_validate("370302", "region_code", &err), 0);
    assert_int_equal(yw_region_validate("370211x", "region_code", &err), -1);
    assert_string_equal(err.field, "region_code");
    assert_int_equal(err.code, YW_ERR_INVALID);
    assert_int_equal(yw_region_validate("371399", "region_code", &err), -1);
    assert_string_equal(err.reason, "region_unknown");
    assert_string_equal(err.field, "region_code");
    assert_int_equal(yw_region_validate(NULL, "region_code", &err), -1);
    assert_true(yw_region_province_known("37"));
    assert_true(yw_region_province_known("65"));
    assert_true(yw_region_province_known("71"));
    assert_false(yw_region_province_known("38"));
    assert_false(yw_region_province_known("83"));
    assert_false(yw_region_province_known("3"));
}

/* The table is read at first use: threads that all use it first see one and the same table. */
static void *find_in_thread(void *arg) {
    (void)arg;
    const yw_region *r = yw_region_find("370302");
    return (void *)r;
}

static void regions_first_use_from_threads(void **state) {
    (void)state;
    pthread_t t[8];
    void *found[8];
    for (int i = 0; i < 8; i++) assert_int_equal(pthread_create(&t[i], NULL, find_in_thread, NULL), 0);
    for (int i = 0; i < 8; i++) assert_int_equal(pthread_join(t[i], &found[i]), 0);
    for (int i = 0; i < 8; i++) {
        assert_non_null(found[i]);
        assert_ptr_equal(found[i], found[0]);
    }
    size_t n;
    assert_ptr_equal(found[0], yw_region_find("370302"));
    assert_true(yw_region_all(&n) != NULL && n > 3000);
}

static void industries(void **state) {
    (void)state;
    assert_string_equal(yw_industry_find("C")->name, "制造业");
    assert_string_equal(yw_industry_find("39")->name, "计算机、通信和其他电子设备制造业");
    assert_string_equal(yw_industry_find("39")->section, "C");
    assert_string_equal(yw_industry_find("65")->section, "I");
    assert_string_equal(yw_industry_find("97")->section, "T");
    assert_null(yw_industry_find("U"));
    assert_null(yw_industry_find("00"));
    assert_null(yw_industry_find("98"));
    size_t n;
    yw_industry_all(&n);
    assert_int_equal(n, 20 + 97);
    yw_err err;
    assert_int_equal(yw_industry_validate("3911", "industry", &err), 0);
    assert_int_equal(yw_industry_validate("I", "industry", &err), 0);
    assert_int_equal(yw_industry_validate("9911", "industry", &err), -1);
    assert_int_equal(yw_industry_validate("39a", "industry", &err), -1);
    assert_string_equal(err.reason, "industry_unknown");
    assert_int_equal(yw_industry_validate("", "industry", &err), -1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        /* first, so that these threads are the first users of the region table */
        cmocka_unit_test(regions_first_use_from_threads),
        cmocka_unit_test(contact_numbers),
        cmocka_unit_test(yuan_amounts),
        cmocka_unit_test(uscc_valid),
        cmocka_unit_test(uscc_invalid),
        cmocka_unit_test(iso7064_mod37_36),
        cmocka_unit_test(certid_published),
        cmocka_unit_test(certid_format_refuses),
        cmocka_unit_test(certid_parse_refuses),
        cmocka_unit_test(idcard_valid),
        cmocka_unit_test(idcard_invalid),
        cmocka_unit_test(regions_every_province),
        cmocka_unit_test(regions),
        cmocka_unit_test(industries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
