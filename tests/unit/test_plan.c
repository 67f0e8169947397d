/* The plan parser on the seed documents (../shared/seeds/, beside the repository) and on
 * malformed files, and the ledger import on both stores: counts, spot checks of units and
 * deadlines, matching and mapping of units, nothing saved on a dry run or a bad file. */
#include "domain/core/demo.h"
#include "testutil.h"

#include "base/time.h"
#include "domain/core/demo.h"
#include "domain/ledger/ledger.h"

static char *read_seed(const char *name, size_t *len) {
    char path[1024];
    snprintf(path, sizeof path, "%s/../shared/seeds/%s", YW_SOURCE_DIR, name);
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open %s: the seed documents must stand in ../shared/seeds", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t)n + 1);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    data[n] = '\0';
    *len = (size_t)n;
    return data;
}

static void parse_seed(yw_arena *a, const char *name, int year, yw_plan *plan) {
    size_t len;
    char *data = read_seed(name, &len);
    char *copy = yw_arena_strndup(a, data, len); /* the plan points into it */
    free(data);
    yw_err err;
    if (yw_plan_parse(a, copy, len, year, plan, &err) < 0) fail_msg("%s: %s", name, err.message);
}

static bool has(const char **list, const char *s) {
    for (; list && *list; list++)
        if (strcmp(*list, s) == 0) return true;
    return false;
}

static const char *date(int64_t d) {
    static char out[11];
    yw_date_format(d, out);
    return out;
}

static void liaocheng(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_plan p;
    parse_seed(&a, "liaocheng-hitech-2022-action-plan.txt", 2022, &p);
    assert_int_equal(p.nmeasures, 118);
    for (int i = 0; i < p.nmeasures; i++) assert_int_equal(p.measures[i].number, i + 1);
    const yw_plan_measure *m = &p.measures[0];
    assert_string_equal(m->title, "强化企业开办“4012”品牌效应");
    assert_string_equal(m->section, "(一)开办企业领域(含个体户、农村合作社)");
    assert_true(has(m->lead_units, "行政审批服务部"));
    assert_true(has(m->responsible_units, "信息技术产业发展服务中心"));
    assert_true(has(m->responsible_units, "公安分局"));
    assert_true(has(m->responsible_units, "税务局"));
    m = &p.measures[2]; /* two lead units, "9月底前" */
    assert_true(has(m->lead_units, "行政审批服务部") && has(m->lead_units, "发展环境保障部"));
    assert_null(m->responsible_units[0]);
    assert_int_equal(m->ndeadlines, 1);
    assert_string_equal(date(m->deadlines[0]), "2022-09-30");
    m = &p.measures[7]; /* "7月中旬前" is the 20th */
    bool mid = false;
    for (int i = 0; i < m->ndeadlines; i++) mid |= strcmp(date(m->deadlines[i]), "2022-07-20") == 0;
    assert_true(mid);
    m = &p.measures[76]; /* "  77." behind an en space */
    assert_int_equal(m->number, 77);
    assert_string_equal(m->title, "优化知识产权质押融资工作机制");
    assert_true(p.ndeadlines >= 40);
    assert_int_equal(p.nsections, 23);
    for (int i = 0; i < p.nmeasures; i++) assert_non_null(p.measures[i].lead_units[0]); /* own or the field's */
    yw_arena_reset(&a);
}

static void qingdao_three_year_plan(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_plan p;
    parse_seed(&a, "qingdao-2022-2024-three-year-plan.txt", 2022, &p);
    assert_int_equal(p.nmeasures, 100);
    for (int i = 0; i < p.nmeasures; i++) assert_int_equal(p.measures[i].number, i + 1);
    assert_string_equal(p.measures[0].title, "全面深化政務服務改革");
    assert_string_equal(p.measures[60].title, "搭建多式聯運“數字一單制”跨境聯盟網絡平臺");
    /* the garbled "(一)" heading is still a section, its readable part kept */
    assert_non_null(strstr(p.measures[0].section, "實施政務服務環境提升行動"));
    /* its units are named only in the annex */
    assert_true(has(p.annex_units, "市大數據局"));
    assert_true(has(p.annex_units, "市行政審批局"));
    assert_true(has(p.annex_units, "市市場監管局"));
    assert_true(p.nunplaced > 0); /* the covering letter and the annex are shown, not dropped */
    yw_arena_reset(&a);
}

static void qingdao_one_thing_measures(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_plan p;
    parse_seed(&a, "qingdao-2024-one-thing-measures.txt", 2024, &p);
    /* one entry per (责任单位:…) clause */
    size_t len;
    char *raw = read_seed("qingdao-2024-one-thing-measures.txt", &len);
    int clauses = 0;
    for (const char *q = raw; (q = strstr(q, "(责任单位")); q++) clauses++;
    free(raw);
    assert_int_equal(clauses, 69);
    assert_int_equal(p.nmeasures, clauses);
    const yw_plan_measure *m = &p.measures[0];
    assert_int_equal(m->number, 0);
    assert_string_equal(m->section, "(一)健全服务企业长效机制");
    assert_string_equal(m->title, "坚持市领导与企业常态化沟通交流机制,适时组织政企交流恳谈会,征求改进提升政务服务的意见建议");
    assert_true(has(m->responsible_units, "市政府办公厅"));
    assert_true(has(m->responsible_units, "市民营经济局"));
    assert_true(has(p.measures[1].responsible_units, "市行政审批局"));
    yw_arena_reset(&a);
}

static void malformed_files(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_plan p;
    yw_err err;
    assert_int_equal(yw_plan_parse(&a, "", 0, 2022, &p, &err), -1);
    assert_non_null(strstr(err.message, "empty"));
    assert_int_equal(yw_plan_parse(&a, "1.abc\0def", 9, 2022, &p, &err), -1);
    assert_non_null(strstr(err.message, "binary"));
    const char gbk[] = "1.\xc9\xfa\xb2\xfa"; /* "生产" in GBK */
    assert_int_equal(yw_plan_parse(&a, gbk, sizeof gbk - 1, 2022, &p, &err), -1);
    assert_non_null(strstr(err.message, "not UTF-8: byte 2"));
    const char prose[] = "这是一段没有措施的文字。\n第二段。\n";
    assert_int_equal(yw_plan_parse(&a, prose, sizeof prose - 1, 2022, &p, &err), -1);
    assert_non_null(strstr(err.message, "no measures"));
    const char ok[] = "一、任务\n1.做一件事。12月底前完成。〔牵头单位:市大数据局〕\n";
    assert_int_equal(yw_plan_parse(&a, ok, sizeof ok - 1, 1999, &p, &err), -1);
    assert_string_equal(err.field, "year");
    assert_int_equal(yw_plan_parse(&a, ok, sizeof ok - 1, 2023, &p, &err), 0);
    assert_int_equal(p.nmeasures, 1);
    assert_string_equal(date(p.measures[0].deadlines[0]), "2023-12-31");
    /* years named in the text win; "明年底前" is next year's end */
    const char years[] = "1.甲。2024年6月底前完成,明年底前推广。(责任单位:市商务局)\n";
    assert_int_equal(yw_plan_parse(&a, years, sizeof years - 1, 2023, &p, &err), 0);
    assert_int_equal(p.measures[0].ndeadlines, 2);
    assert_string_equal(date(p.measures[0].deadlines[0]), "2024-06-30");
    assert_string_equal(date(p.measures[0].deadlines[1]), "2024-12-31");
    yw_arena_reset(&a);
}

static void import_and_map(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_plan p;
    yw_err err;
    yw_op op = yw_op_make(s, &a, NULL, &err);
    yw_ledger_report r;
    parse_seed(&a, "qingdao-2024-one-thing-measures.txt", 2024, &p);
    yw_actor clerk = {.account_id = "x", .kind = "staff", .roles = YW_ROLE_CLERK};
    assert_int_equal(TEST_WRITE(s, yw_ledger_import(test_as(&op, &clerk), &(yw_ledger_import_in){"measures.txt", 2024, &p, false}, &r)), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    assert_int_equal(TEST_WRITE(s, yw_ledger_import(test_as(&op, &yw_actor_system), &(yw_ledger_import_in){"measures.txt", 2024, &p, true}, &r)), 0);
    assert_int_equal(r.measures, 69);
    assert_true(r.units_matched >= 20); /* 市行政审批局, 市大数据局 … by alias */
    assert_int_equal(r.units_matched + r.units_unmatched, r.units);
    assert_int_equal(r.plan_id[0], '\0');
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM ledger_measures"), 0); /* a dry run saves nothing */
    assert_int_equal(TEST_WRITE(s, yw_ledger_import(test_as(&op, &yw_actor_system), &(yw_ledger_import_in){"measures.txt", 2024, &p, false}, &r)), 0);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM ledger_measures"), 69);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM ledger_measure_units u JOIN departments d ON d.id = u.department_id"
                              " WHERE d.code = 'QD-XZSP'"),
                     test_count(s, "SELECT COUNT(*) FROM ledger_measure_units WHERE unit_name IN ('市行政审批局')"));
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'ledger.import'"), 1);
    /* map an unmatched unit: applied now, remembered for the next import */
    const char *unit = r.unmatched[0];
    int applied = 0;
    assert_int_equal(TEST_WRITE(s, yw_ledger_map_unit(test_as(&op, &yw_actor_system), &(yw_unit_mapping){unit, "不存在局"}, &applied)), -1);
    assert_int_equal(err.code, YW_ERR_NOT_FOUND);
    assert_int_equal(TEST_WRITE(s, yw_ledger_map_unit(test_as(&op, &yw_actor_system), &(yw_unit_mapping){unit, "QD-ZFB"}, &applied)), 0);
    assert_true(applied >= 1);
    int before_unmatched = r.units_unmatched;
    assert_int_equal(TEST_WRITE(s, yw_ledger_import(test_as(&op, &yw_actor_system), &(yw_ledger_import_in){"again.txt", 2024, &p, true}, &r)), 0);
    assert_int_equal(r.units_unmatched, before_unmatched - 1);
    yw_arena_reset(&a);
}

#define BOTH(f) cmocka_unit_test_prestate_setup_teardown(f, test_setup_demo, test_teardown_store, "sqlite"), \
                cmocka_unit_test_prestate_setup_teardown(f, test_setup_demo, test_teardown_store, "postgres")

int main(void) {
    test_init_sodium();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(liaocheng), cmocka_unit_test(qingdao_three_year_plan),
        cmocka_unit_test(qingdao_one_thing_measures), cmocka_unit_test(malformed_files), BOTH(import_and_map),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
