/* National standards: USCC (GB 32100), ID numbers (GB 11643), regions (GB/T 2260),
 * industries (GB/T 4754). */
#include "testutil.h"

#include "base/time.h"
#include "std/idcard.h"
#include "std/industry.h"
#include "std/region.h"
#include "std/uscc.h"

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
    assert_non_null(strstr(err.message, "should be 3"));
    assert_int_equal(yw_uscc_validate("91350100M000100Y4", "uscc", &err), -1); /* 17 characters */
    assert_non_null(strstr(err.message, "got 17"));
    assert_int_equal(yw_uscc_validate("91350100M000100I43", "uscc", &err), -1); /* I is not in the alphabet */
    assert_non_null(strstr(err.message, "position 16"));
    assert_int_equal(yw_uscc_validate("91350100m000100Y43", "uscc", &err), -1); /* lower case */
    assert_int_equal(yw_uscc_validate("91A50100M000100Y43", "uscc", &err), -1); /* region not digits */
    assert_int_equal(yw_uscc_validate("", "uscc", &err), -1);
    assert_int_equal(yw_uscc_validate(NULL, "uscc", &err), -1);
    /* inner organization code check (position 17) wrong, outer recomputed to match */
    char code[19] = "91370202MA3CXK7T";
    code[16] = yw_orgcode_check_char(code + 8) == '1' ? '2' : '1';
    code[17] = yw_uscc_check_char(code);
    code[18] = '\0';
    assert_int_equal(yw_uscc_validate(code, "uscc", &err), -1);
    assert_non_null(strstr(err.message, "position 17"));
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
    assert_non_null(strstr(err.message, "should be X"));
    assert_string_equal(err.field, "id_number");
    assert_int_equal(yw_idcard_validate("11010519491231002x", today, "id_number", &err), -1); /* lower x */
    assert_int_equal(yw_idcard_validate("1101051949123100", today, "id_number", &err), -1);
    assert_non_null(strstr(err.message, "got 16"));
    assert_int_equal(yw_idcard_validate("110105194902300021", today, "id_number", &err), -1); /* 30 Feb */
    assert_non_null(strstr(err.message, "birth date"));
    assert_int_equal(yw_idcard_validate("990105194912310021", today, "id_number", &err), -1); /* province 99 */
    assert_non_null(strstr(err.message, "province"));
    /* born tomorrow */
    char id[19] = "37020220261125123";
    id[17] = yw_idcard_check_char(id);
    id[18] = '\0';
    assert_int_equal(yw_idcard_validate(id, today, "id_number", &err), -1);
    assert_int_equal(yw_idcard_validate("1101A519491231002X", today, "id_number", &err), -1);
    assert_int_equal(yw_idcard_validate(NULL, today, "id_number", &err), -1);
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
    assert_null(yw_region_find("370299"));
    assert_null(yw_region_find("37020"));
    assert_null(yw_region_find(NULL));
    /* every Qingdao district and county */
    size_t n, qingdao = 0, jinan = 0, liaocheng = 0;
    const yw_region *all = yw_region_all(&n);
    for (size_t i = 0; i < n; i++) {
        if (i) assert_true(strcmp(all[i - 1].code, all[i].code) < 0); /* sorted, for the binary search */
        if (all[i].parent && strcmp(all[i].parent, "370200") == 0) qingdao++;
        if (all[i].parent && strcmp(all[i].parent, "370100") == 0) jinan++;
        if (all[i].parent && strcmp(all[i].parent, "371500") == 0) liaocheng++;
    }
    assert_int_equal(qingdao, 10);
    assert_int_equal(jinan, 12);
    assert_int_equal(liaocheng, 8);
    yw_err err;
    assert_int_equal(yw_region_validate("370211", "region_code", &err), 0);
    assert_int_equal(yw_region_validate("370211x", "region_code", &err), -1);
    assert_string_equal(err.field, "region_code");
    assert_true(yw_region_province_known("37"));
    assert_false(yw_region_province_known("38"));
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
    assert_int_equal(yw_industry_validate("", "industry", &err), -1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(uscc_valid), cmocka_unit_test(uscc_invalid), cmocka_unit_test(idcard_valid),
        cmocka_unit_test(idcard_invalid), cmocka_unit_test(regions), cmocka_unit_test(industries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
