/* The department file of `yiwang dept import` (yw_dept_csv_parse): quoting, line ends, the
 * byte-order mark, alias separators, line numbers of rows, and what refuses a row or the file. */
#include "testutil.h"

#include "domain/core/dept.h"

static int parse(yw_arena *a, const char *text, yw_dept_csv *out, yw_err *err) {
    return yw_dept_csv_parse(a, text, strlen(text), out, err);
}

static int count_aliases(const yw_dept_csv_row *r) {
    int n = 0;
    while (r->dept.aliases[n]) n++;
    return n;
}

static void rows_and_quotes(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_dept_csv csv;
    yw_err err;
    const char *text = "\xEF\xBB\xBF"
                       "Code,Name,Region_Code,Aliases\r\n"
                       "QD-XZSP,青岛市行政审批服务局,370200,市行政审批局|市审批局\r\n"
                       "\r\n"
                       "\"QD-SWJ\" , \"青岛市商务局,外事办\",370200,\"市商务局；\"\"商务\"\"; 外办 \"\r\n"
                       ",,,\r\n"
                       "QD-JYJ,青岛市教育局,370200,\n"
                       "QD-KJJ,青岛市科学技术局,370200,　市科技局　\r"
                       "QD-GAJ,青岛市公安局,370200,";
    assert_int_equal(parse(&a, text, &csv, &err), 0);
    assert_int_equal(csv.nrows, 5);
    const yw_dept_csv_row *r = csv.rows;
    assert_int_equal(r[0].line, 2);
    assert_null(r[0].error);
    assert_string_equal(r[0].dept.code, "QD-XZSP");
    assert_string_equal(r[0].dept.name, "青岛市行政审批服务局");
    assert_string_equal(r[0].dept.region_code, "370200");
    assert_int_equal(count_aliases(&r[0]), 2);
    assert_string_equal(r[0].dept.aliases[1], "市审批局");
    /* quoted fields: a comma and doubled quotes inside, spaces around */
    assert_int_equal(r[1].line, 4);
    assert_null(r[1].error);
    assert_string_equal(r[1].dept.code, "QD-SWJ");
    assert_string_equal(r[1].dept.name, "青岛市商务局,外事办");
    assert_int_equal(count_aliases(&r[1]), 3);
    assert_string_equal(r[1].dept.aliases[0], "市商务局");
    assert_string_equal(r[1].dept.aliases[1], "\"商务\"");
    assert_string_equal(r[1].dept.aliases[2], "外办");
    /* ",,," is skipped like a blank line; an empty aliases column is no alias */
    assert_int_equal(r[2].line, 6);
    assert_int_equal(count_aliases(&r[2]), 0);
    /* ideographic spaces trimmed; a lone CR ends a line too; the last line needs no line end */
    assert_int_equal(r[3].line, 7);
    assert_string_equal(r[3].dept.aliases[0], "市科技局");
    assert_int_equal(r[4].line, 8);
    assert_string_equal(r[4].dept.code, "QD-GAJ");
    yw_arena_reset(&a);
}

static void bad_rows(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_dept_csv csv;
    yw_err err;
    const char *text = "code,name,region_code,aliases\n"
                       "A1,甲部门,370200\n"                         /* 2: three columns */
                       "A2,乙部门,370200,,extra\n"                  /* 3: five */
                       "A3,,370200,\n"                              /* 4: empty name */
                       "A4,丙\"部门,370200,\n"                      /* 5: a stray quote */
                       "A5,\"丁部门\"x,370200,\n"                   /* 6: text after the quote */
                       "A6,\"two\nlines\",370200,\n"                /* 7–8: a line break in the name */
                       "A7,戊部门,370200,\n"                        /* 9: fine */
                       "A8,\"己部门,370200,\n"                      /* 10: never closed */
                       "A9,庚部门,370200,\n";
    assert_int_equal(parse(&a, text, &csv, &err), 0);
    assert_int_equal(csv.nrows, 8);
    const yw_dept_csv_row *r = csv.rows;
    assert_int_equal(r[0].line, 2);
    assert_string_equal(r[0].error, "3 columns where the header has 4");
    assert_int_equal(r[1].line, 3);
    assert_string_equal(r[1].error, "5 columns where the header has 4");
    assert_int_equal(r[2].line, 4);
    assert_string_equal(r[2].error, "name is empty");
    assert_int_equal(r[3].line, 5);
    assert_non_null(strstr(r[3].error, "a quote inside a field"));
    assert_int_equal(r[4].line, 6);
    assert_non_null(strstr(r[4].error, "after the closing quote"));
    assert_int_equal(r[5].line, 7);
    assert_non_null(strstr(r[5].error, "name holds a line break"));
    assert_int_equal(r[6].line, 9);
    assert_null(r[6].error);
    assert_string_equal(r[6].dept.code, "A7");
    /* an unclosed quote takes the rest of the file: one error, on the line it starts */
    assert_int_equal(r[7].line, 10);
    assert_non_null(strstr(r[7].error, "not closed"));
    for (int i = 0; i < csv.nrows; i++) assert_non_null(r[i].dept.aliases);
    yw_arena_reset(&a);
}

static void bad_files(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_dept_csv csv;
    yw_err err;
    assert_int_equal(parse(&a, "", &csv, &err), -1);
    assert_string_equal(err.reason, "department_file_empty");
    assert_non_null(strstr(err.message_en, "empty"));
    assert_int_equal(parse(&a, "\xEF\xBB\xBF\n\n", &csv, &err), -1);
    assert_string_equal(err.reason, "department_file_empty");
    assert_string_equal(err.message, "文件为空：至少须有表头行");
    assert_int_equal(parse(&a, "code,name\nA,B\n", &csv, &err), -1);
    assert_string_equal(err.reason, "department_file_header");
    assert_non_null(strstr(err.message_en, "line 1: the first line must be the header"));
    assert_int_equal(parse(&a, "\n\nname,code,region_code\n", &csv, &err), -1);
    assert_non_null(strstr(err.message, "第3行"));
    assert_non_null(strstr(err.message_en, "line 3"));
    assert_int_equal(yw_dept_csv_parse(&a, "code,name\0", 10, &csv, &err), -1);
    assert_string_equal(err.reason, "department_file_binary");
    assert_non_null(strstr(err.message_en, "binary"));
    /* 商务 in GBK on line 3 */
    assert_int_equal(parse(&a, "code,name,region_code\r\nA,甲部门,370200\r\nB,\xc9\xcc\xce\xf1,370200\r\n", &csv, &err), -1);
    assert_int_equal(err.code, YW_ERR_INVALID);
    assert_string_equal(err.field, "file");
    assert_string_equal(err.reason, "department_file_not_utf8");
    assert_non_null(strstr(err.message, "不是UTF-8编码（第3行）"));
    assert_non_null(strstr(err.message_en, "not UTF-8 (line 3)"));
    /* the header alone: nothing to import, not an error */
    assert_int_equal(parse(&a, "code,name,region_code\n", &csv, &err), 0);
    assert_int_equal(csv.nrows, 0);
    yw_arena_reset(&a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rows_and_quotes),
        cmocka_unit_test(bad_rows),
        cmocka_unit_test(bad_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
