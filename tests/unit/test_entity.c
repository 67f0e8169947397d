/* The market-entity registry (domain/entity): registration and who may do it, change with its
 * history, each rule of the lifecycle and its refusals (dormancy: length, address, no abnormal
 * list, renewal before it lapses, the reminder; deregistration 普通 and 简易 with its notice and
 * objections; the abnormal list), the CSV reader's line-numbered refusals, a second load that
 * changes nothing, and the synthetic registry's determinism. On both stores, the clock injected
 * through op.now_ms. */
#include "domain/core/demo.h"
#include "testutil.h"
#include "testcase.h"

#include "domain/entity/entity.h"
#include "domain/upload/upload.h"
#include "std/uscc.h"

typedef struct {
    yw_actor officer, other_officer, clerk, admin, enterprise;
} people;

static void setup_people(yw_store *s, yw_arena *a, people *p) {
    actor_of(s, a, "login = 'officer'", YW_ROLE_OFFICER, &p->officer);
    actor_of(s, a, "login = 'officer-sw'", YW_ROLE_OFFICER, &p->other_officer);
    actor_of(s, a, "login = 'clerk'", YW_ROLE_CLERK, &p->clerk);
    actor_of(s, a, "login = 'admin'", YW_ROLE_ADMIN, &p->admin);
    actor_of(s, a, "kind = 'enterprise'", YW_ROLE_APPLICANT, &p->enterprise);
}

static yw_entity sample(yw_arena *a, int serial) {
    return (yw_entity){.uscc = test_uscc(a, serial), .name = "青岛海川数字科技有限公司", .kind = YW_ENTITY_COMPANY,
                       .legal_rep = "张三", .capital_fen = 500000000, .industry = "6513", .region = "370202",
                       .established_on = "2019-05-20", .scale = YW_SCALE_SMALL, .employees = 35,
                       .revenue_fen = 1200000000, .rd_ratio_bp = 450, .labels = 1 << 1, .credit = YW_CREDIT_A};
}

static int64_t history_count(yw_store *s, const char *uscc) {
    yw_arena a;
    yw_arena_init(&a);
    int64_t n = test_count(s, yw_arena_printf(&a, "SELECT count(*) FROM entity_changes WHERE uscc = '%s'", uscc));
    yw_arena_reset(&a);
    return n;
}

static void registration_checks_role_and_fields(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    people p;
    setup_people(s, &a, &p);
    yw_op op = yw_op_make(s, &a, NULL, &err);
    int64_t now = at(2026, 3, 2);
    yw_entity e = sample(&a, 1), out;
    /* the role first: a clerk, an officer of another department */
    assert_int_equal(TEST_WRITE(s, yw_entity_register(as(&op, &p.clerk, now), &e, &out)), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    assert_int_equal(TEST_WRITE(s, yw_entity_register(as(&op, &p.other_officer, now), &e, &out)), -1);
    refused_with(&err, "entity_not_regulator");
    /* each bad field names itself */
    const struct {
        const char *field;
        yw_entity bad;
    } bad[] = {
        {"uscc", {.uscc = "91370202MA3CXK7T0X"}}, {"region", {.region = "379999"}}, {"industry", {.industry = "9999"}},
        {"established_on", {.established_on = "2027-01-01"}}, {"name", {.name = ""}},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        yw_entity b = e;
        if (bad[i].bad.uscc) b.uscc = bad[i].bad.uscc;
        if (bad[i].bad.region) b.region = bad[i].bad.region;
        if (bad[i].bad.industry) b.industry = bad[i].bad.industry;
        if (bad[i].bad.established_on) b.established_on = bad[i].bad.established_on;
        if (bad[i].bad.name) b.name = bad[i].bad.name;
        assert_int_equal(TEST_WRITE(s, yw_entity_register(as(&op, &p.officer, now), &b, &out)), -1);
        assert_int_equal(err.code, YW_ERR_INVALID);
        assert_string_equal(err.field, bad[i].field);
    }
    yw_entity b = e;
    b.rd_ratio_bp = 10001;
    assert_int_equal(TEST_WRITE(s, yw_entity_register(as(&op, &p.officer, now), &b, &out)), -1);
    assert_string_equal(err.field, "rd_ratio_bp");
    assert_int_equal(test_count(s, "SELECT count(*) FROM entities"), 0);
    /* the market regulator's officer registers; a second time is a conflict */
    assert_int_equal(TEST_WRITE(s, yw_entity_register(as(&op, &p.officer, now), &e, &out)), 0);
    assert_int_equal(out.status, YW_ENTITY_ACTIVE);
    assert_int_equal(out.labels, 1 << 1);
    assert_int_equal(out.capital_fen, 500000000);
    assert_int_equal(TEST_WRITE(s, yw_entity_register(as(&op, &p.admin, now), &e, &out)), -1);
    refused_with(&err, "entity_exists");
    assert_int_equal(test_count(s, "SELECT count(*) FROM audit_log WHERE action = 'entity.register'"), 1);
    /* reads: staff, and an enterprise only its own */
    assert_int_equal(yw_entity_get(as(&op, &p.clerk, now), e.uscc, &out), 0);
    assert_int_equal(yw_entity_get(as(&op, &p.enterprise, now), e.uscc, &out), -1);
    refused_with(&err, "entity_not_yours");
    assert_int_equal(yw_entity_get(as(&op, &p.clerk, now), test_uscc(&a, 2), &out), -1);
    refused_with(&err, "entity_not_found");
    yw_arena_reset(&a);
}

static void change_keeps_history(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    people p;
    setup_people(s, &a, &p);
    yw_op op = yw_op_make(s, &a, NULL, &err);
    int64_t now = at(2026, 3, 2);
    yw_entity e = sample(&a, 3), out;
    assert_int_equal(TEST_WRITE(s, yw_entity_register(as(&op, &p.officer, now), &e, NULL)), 0);
    yw_entity next = e;
    next.name = "青岛海川智能科技有限公司";
    next.labels |= 1 << 0;
    next.employees = 40;
    int changed = -1;
    assert_int_equal(TEST_WRITE(s, yw_entity_change(as(&op, &p.officer, at(2026, 3, 3)), &next, &out, &changed)), 0);
    assert_int_equal(changed, 3);
    assert_string_equal(out.name, "青岛海川智能科技有限公司");
    assert_int_equal(history_count(s, e.uscc), 3);
    yw_entity_change_row *rows;
    int n;
    assert_int_equal(yw_entity_history(as(&op, &p.clerk, now), e.uscc, 50, &rows, &n), 0);
    assert_int_equal(n, 3);
    bool saw_labels = false;
    for (int i = 0; i < n; i++)
        if (strcmp(rows[i].field, "labels") == 0) {
            assert_string_equal(rows[i].before, "hnte");
            assert_string_equal(rows[i].after, "zjtx|hnte");
            assert_string_equal(rows[i].by, p.officer.account_id);
            saw_labels = true;
        }
    assert_true(saw_labels);
    /* the same again changes nothing and audits nothing */
    int64_t audits = test_count(s, "SELECT count(*) FROM audit_log");
    assert_int_equal(TEST_WRITE(s, yw_entity_change(as(&op, &p.officer, now), &next, &out, &changed)), 0);
    assert_int_equal(changed, 0);
    assert_int_equal(test_count(s, "SELECT count(*) FROM audit_log"), audits);
    /* an unknown entity; a bad field */
    yw_entity other = sample(&a, 4);
    assert_int_equal(TEST_WRITE(s, yw_entity_change(as(&op, &p.officer, now), &other, &out, &changed)), -1);
    refused_with(&err, "entity_not_found");
    next.region = "370299";
    assert_int_equal(TEST_WRITE(s, yw_entity_change(as(&op, &p.officer, now), &next, &out, &changed)), -1);
    assert_string_equal(err.field, "region");
    yw_arena_reset(&a);
}

static void dormancy_rules(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    people p;
    setup_people(s, &a, &p);
    yw_op op = yw_op_make(s, &a, NULL, &err);
    int64_t mar2 = at(2026, 3, 2);
    yw_entity e = sample(&a, 5), out;
    const yw_actor *o = &p.officer;
    assert_int_equal(TEST_WRITE(s, yw_entity_register(as(&op, o, mar2), &e, NULL)), 0);
    /* no address; more than two years; a day already past */
    yw_dormancy_in d = {e.uscc, "2027-03-01", NULL};
    assert_int_equal(TEST_WRITE(s, yw_entity_dormancy_begin(as(&op, o, mar2), &d, &out)), -1);
    refused_with(&err, "dormancy_address");
    d = (yw_dormancy_in){e.uscc, "2028-03-03", "市南区香港中路1号"};
    assert_int_equal(TEST_WRITE(s, yw_entity_dormancy_begin(as(&op, o, mar2), &d, &out)), -1);
    refused_with(&err, "dormancy_too_long");
    assert_non_null(strstr(err.message, "2028-03-02"));
    d.until = "2026-03-01";
    assert_int_equal(TEST_WRITE(s, yw_entity_dormancy_begin(as(&op, o, mar2), &d, &out)), -1);
    refused_with(&err, "dormancy_past");
    /* exactly two years is allowed */
    d.until = "2028-03-02";
    assert_int_equal(TEST_WRITE(s, yw_entity_dormancy_begin(as(&op, o, mar2), &d, &out)), 0);
    assert_int_equal(out.status, YW_ENTITY_DORMANT);
    assert_string_equal(out.dormant_until, "2028-03-02");
    assert_string_equal(out.service_address, "市南区香港中路1号");
    /* not twice; not on the abnormal list while dormant */
    assert_int_equal(TEST_WRITE(s, yw_entity_dormancy_begin(as(&op, o, mar2), &d, &out)), -1);
    refused_with(&err, "entity_state");
    assert_int_equal(TEST_WRITE(s, yw_entity_abnormal_add(as(&op, o, mar2), e.uscc, "未按期公示年报", &out)), -1);
    refused_with(&err, "dormant_not_abnormal");
    /* the reminder: lapsing within 30 days of 2028-02-10, not of today */
    yw_entity *list;
    int n;
    assert_int_equal(yw_entity_dormancies_lapsing(as(&op, &p.clerk, mar2), 30, &list, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(yw_entity_dormancies_lapsing(as(&op, &p.clerk, at(2028, 2, 10)), 30, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].uscc, e.uscc);
    assert_int_equal(yw_entity_dormancies_lapsing(as(&op, &p.clerk, mar2), 367, &list, &n), -1);
    assert_string_equal(err.field, "days");
    /* renewed before it lapses, for two years from the day of renewal, a new address */
    d = (yw_dormancy_in){e.uscc, "2030-02-10", "市北区辽宁路2号"};
    assert_int_equal(TEST_WRITE(s, yw_entity_dormancy_renew(as(&op, o, at(2028, 2, 10)), &d, &out)), 0);
    assert_string_equal(out.dormant_until, "2030-02-10");
    /* after it lapsed: no renewal, only its end */
    d.until = "2031-01-01";
    assert_int_equal(TEST_WRITE(s, yw_entity_dormancy_renew(as(&op, o, at(2030, 2, 11)), &d, &out)), -1);
    refused_with(&err, "dormancy_lapsed");
    assert_int_equal(yw_entity_dormancies_lapsing(as(&op, &p.clerk, at(2030, 2, 11)), 0, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(TEST_WRITE(s, yw_entity_dormancy_end(as(&op, o, at(2030, 2, 11)), e.uscc, &out)), 0);
    assert_int_equal(out.status, YW_ENTITY_ACTIVE);
    assert_null(out.dormant_until);
    assert_null(out.service_address);
    assert_int_equal(TEST_WRITE(s, yw_entity_dormancy_end(as(&op, o, at(2030, 2, 11)), e.uscc, &out)), -1);
    refused_with(&err, "entity_state");
    /* dormancy is repeatable */
    d = (yw_dormancy_in){e.uscc, "2031-01-01", "市北区辽宁路2号"};
    assert_int_equal(TEST_WRITE(s, yw_entity_dormancy_begin(as(&op, o, at(2030, 3, 1)), &d, &out)), 0);
    assert_int_equal(test_count(s, "SELECT count(*) FROM audit_log WHERE action LIKE 'entity.dormancy%'"), 4);
    assert_true(history_count(s, e.uscc) >= 9);
    yw_arena_reset(&a);
}

static void deregistration_and_abnormal_list(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    people p;
    setup_people(s, &a, &p);
    yw_op op = yw_op_make(s, &a, NULL, &err);
    const yw_actor *o = &p.officer;
    int64_t mar2 = at(2026, 3, 2);
    yw_entity e = sample(&a, 7), f = sample(&a, 8), out;
    assert_int_equal(TEST_WRITE(s, yw_entity_register(as(&op, o, mar2), &e, NULL)), 0);
    assert_int_equal(TEST_WRITE(s, yw_entity_register(as(&op, o, mar2), &f, NULL)), 0);
    /* the abnormal list: a reason is required; on it, no simple deregistration */
    assert_int_equal(TEST_WRITE(s, yw_entity_abnormal_add(as(&op, o, mar2), e.uscc, "", &out)), -1);
    assert_string_equal(err.field, "reason");
    assert_int_equal(TEST_WRITE(s, yw_entity_abnormal_add(as(&op, o, mar2), e.uscc, "通过登记的住所无法联系", &out)), 0);
    assert_int_equal(out.status, YW_ENTITY_ABNORMAL);
    assert_string_equal(out.abnormal_reason, "通过登记的住所无法联系");
    assert_int_equal(TEST_WRITE(s, yw_entity_abnormal_add(as(&op, o, mar2), e.uscc, "again", &out)), -1);
    refused_with(&err, "entity_state");
    yw_dereg_in simple = {e.uscc, YW_DEREG_SIMPLE, NULL, NULL, NULL};
    assert_int_equal(TEST_WRITE(s, yw_entity_deregister(as(&op, o, mar2), &simple, &out)), -1);
    refused_with(&err, "simple_dereg_abnormal");
    assert_int_equal(TEST_WRITE(s, yw_entity_abnormal_remove(as(&op, o, mar2), e.uscc, "已依法办理住所变更登记", &out)), 0);
    assert_int_equal(out.status, YW_ENTITY_ACTIVE);
    assert_null(out.abnormal_reason);
    assert_int_equal(TEST_WRITE(s, yw_entity_abnormal_remove(as(&op, o, mar2), e.uscc, "x", &out)), -1);
    refused_with(&err, "entity_state");
    /* simple deregistration: a 20-day notice; not completed during it; an objection stops it */
    assert_int_equal(TEST_WRITE(s, yw_entity_deregister(as(&op, o, mar2), &simple, &out)), 0);
    assert_int_equal(out.status, YW_ENTITY_DEREGISTERING);
    assert_string_equal(out.notice_until, "2026-03-22");
    assert_int_equal(TEST_WRITE(s, yw_entity_dereg_complete(as(&op, o, at(2026, 3, 22)), e.uscc, &out)), -1);
    refused_with(&err, "dereg_notice_running");
    yw_entity change = e;
    change.name = "改个名字有限公司";
    assert_int_equal(TEST_WRITE(s, yw_entity_change(as(&op, o, mar2), &change, &out, NULL)), -1);
    refused_with(&err, "entity_state");
    assert_int_equal(TEST_WRITE(s, yw_entity_dereg_object(as(&op, o, at(2026, 3, 20)), e.uscc, "尚有未结清的债务", &out)), 0);
    assert_int_equal(out.status, YW_ENTITY_ACTIVE);
    assert_null(out.notice_until);
    /* again; this time no objection in time: then deregistered */
    assert_int_equal(TEST_WRITE(s, yw_entity_deregister(as(&op, o, at(2026, 4, 1)), &simple, &out)), 0);
    assert_int_equal(TEST_WRITE(s, yw_entity_dereg_object(as(&op, o, at(2026, 4, 22)), e.uscc, "迟到的异议", &out)), -1);
    refused_with(&err, "dereg_notice_over");
    assert_int_equal(TEST_WRITE(s, yw_entity_dereg_complete(as(&op, o, at(2026, 4, 22)), e.uscc, &out)), 0);
    assert_int_equal(out.status, YW_ENTITY_DEREGISTERED);
    assert_string_equal(out.deregistered_on, "2026-04-22");
    assert_int_equal(TEST_WRITE(s, yw_entity_abnormal_add(as(&op, o, mar2), e.uscc, "x", &out)), -1);
    refused_with(&err, "entity_state");
    /* ordinary deregistration: at once, also from the abnormal list, resting on a reason and a
     * document the regulator uploaded, each refused naming its field; a clerk may not */
    assert_int_equal(TEST_WRITE(s, yw_entity_abnormal_add(as(&op, o, mar2), f.uscc, "未按期公示年报", &out)), 0);
    yw_dereg_in ordinary = {f.uscc, YW_DEREG_ORDINARY, NULL, NULL, NULL};
    assert_int_equal(TEST_WRITE(s, yw_entity_deregister(as(&op, &p.clerk, mar2), &ordinary, &out)), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    assert_int_equal(TEST_WRITE(s, yw_entity_deregister(as(&op, &p.admin, mar2), &ordinary, &out)), -1);
    refused_with(&err, "dereg_reason_required");
    assert_string_equal(err.field, "reason");
    ordinary.reason = "股东会决议解散，清算完毕";
    assert_int_equal(TEST_WRITE(s, yw_entity_deregister(as(&op, &p.admin, mar2), &ordinary, &out)), -1);
    refused_with(&err, "dereg_document_required");
    assert_string_equal(err.field, "document");
    /* a document the actor did not upload is not one it rests on */
    ordinary.document = "0000000000000000000000000000000000000000000000000000000000000000";
    assert_int_equal(TEST_WRITE(s, yw_entity_deregister(as(&op, &p.admin, mar2), &ordinary, &out)), -1);
    assert_string_equal(err.field, "document");
    assert_int_equal(test_count(s, "SELECT count(*) FROM entity_deregistrations WHERE mode = 'ordinary'"), 0);
    static const char report[] = "%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n"
                                 "xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n"
                                 "trailer<</Size 2/Root 1 0 R>>\nstartxref\n40\n%%EOF\n";
    yw_upload_new *up = yw_arena_calloc(&a, 1, sizeof *up);
    *up = (yw_upload_new){.bytes = report, .len = sizeof report - 1, .media_type = "application/pdf", .name = "清算报告.pdf"};
    yw_upload_info info;
    assert_int_equal(yw_upload_prepare(up, NULL, &err), 0);
    assert_int_equal(TEST_WRITE(s, yw_upload_create(as(&op, &p.admin, mar2), up, &info)), 0);
    ordinary.document = info.sha256;
    assert_int_equal(TEST_WRITE(s, yw_entity_deregister(as(&op, &p.admin, mar2), &ordinary, &out)), 0);
    assert_int_equal(out.status, YW_ENTITY_DEREGISTERED);
    yw_dereg_record rec;
    bool found;
    assert_int_equal(yw_entity_dereg_latest(as(&op, &p.clerk, mar2), f.uscc, &rec, &found), 0);
    assert_true(found);
    assert_string_equal(rec.mode, "ordinary");
    assert_string_equal(rec.reason, "股东会决议解散，清算完毕");
    assert_string_equal(rec.document_sha256, info.sha256);
    assert_string_equal(rec.document_name, "清算报告.pdf");
    assert_string_equal(rec.office, "青岛市市场监督管理局");
    assert_int_equal(TEST_WRITE(s, yw_entity_deregister(as(&op, o, mar2), &ordinary, &out)), -1);
    refused_with(&err, "entity_state");
    yw_entity_change_row *rows;
    int n;
    assert_int_equal(yw_entity_history(as(&op, &p.clerk, mar2), e.uscc, 100, &rows, &n), 0);
    bool saw_objection = false;
    for (int i = 0; i < n; i++) saw_objection |= strcmp(rows[i].field, "objection") == 0;
    assert_true(saw_objection);
    yw_arena_reset(&a);
}

/* Loads a CSV text as `yiwang entity import` does (one batch); *refused_lines gets the lines of
 * refused rows, in order. */
static yw_entity_load_report load_csv(yw_store *s, const char *text, int64_t *refused_lines, int *nrefused) {
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_entity_csv csv;
    if (yw_entity_csv_open(&csv, text, strlen(text), &err) < 0) fail_msg("header: %s", err.message);
    yw_entity rows[32];
    int n = 0;
    *nrefused = 0;
    int64_t line;
    const char *error;
    yw_entity e;
    while (yw_entity_csv_next(&csv, &a, yw_days_from_civil(2026, 3, 2), &e, &line, &error) == 1) {
        if (error)
            refused_lines[(*nrefused)++] = line;
        else
            rows[n++] = e;
    }
    yw_entity_load_report r = {0};
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    if (n && TEST_WRITE(s, yw_entity_load_batch(&op, rows, n, "test.csv", &r)) < 0) fail_msg("load: %s", err.message);
    yw_arena_reset(&a);
    return r;
}

static void import_refuses_bad_rows_and_reruns_unchanged(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    const char *u1 = test_uscc(&a, 11), *u2 = test_uscc(&a, 12), *u3 = test_uscc(&a, 13);
    const char *text = yw_arena_printf(
        &a,
        "\xEF\xBB\xBF"
        "USCC,name,kind,legal_rep,capital_fen,industry,region,established_on,scale,employees,revenue_fen,rd_ratio_bp,"
        "labels,credit\r\n"
        "%s,青岛甲有限公司,company,张三,100000000,6513,370202,2015-01-01,small,20,300000000,300,高新技术企业|瞪羚,A\r\n"
        "91370202MA3CXK7T0X,坏代码有限公司,company,李四,1,51,370202,2015-01-01,micro,1,1,0,,A\r\n" /* 3: check char */
        "%s,青岛乙商行,individual_business,王五,1000000,52,379999,2010-06-01,micro,2,500000,0,,B\r\n" /* 4: region */
        "%s,青岛丙商行,individual_business,王五,1000000,99,370203,2010-06-01,micro,2,500000,0,,B\r\n"  /* 5: industry */
        "\r\n"
        "%s,青岛乙商行,individual_business,王五,1000000,52,370203,2010-06-01,micro,2,500000,0,,B\r\n" /* 7: good */
        "%s,\"青岛丙,有限公司\",cooperative,赵六,1e5,01,370283,2012-01-01,micro,3,1,0,,C\r\n"          /* 8: capital */
        "%s,青岛丙合作社,cooperative,赵六,100000,01,370283,2012-01-01,micro,3,1,0,雏鹰,E\r\n"            /* 9: credit */
        "%s,青岛丙合作社,cooperative,赵六\r\n"                                                          /* 10: columns */
        "%s,\"青岛丙合作社\",cooperative,赵六,100000,01,370283,2012-01-01,tiny,3,1,0,,A\n",              /* 11: scale */
        u1, u2, u3, u2, u3, u3, u3, u3);
    int64_t lines[16];
    int nrefused;
    yw_entity_load_report r = load_csv(s, text, lines, &nrefused);
    assert_int_equal(r.added, 2);
    assert_int_equal(r.changed + r.unchanged, 0);
    const int64_t want[] = {3, 4, 5, 8, 9, 10, 11};
    assert_int_equal(nrefused, 7);
    for (int i = 0; i < 7; i++) assert_int_equal(lines[i], want[i]);
    /* the same file again: nothing changes, not even a history row or an audit entry */
    int64_t audits = test_count(s, "SELECT count(*) FROM audit_log");
    r = load_csv(s, text, lines, &nrefused);
    assert_int_equal(r.added + r.changed, 0);
    assert_int_equal(r.unchanged, 2);
    assert_int_equal(test_count(s, "SELECT count(*) FROM audit_log"), audits);
    assert_int_equal(test_count(s, "SELECT count(*) FROM entity_changes"), 0);
    assert_int_equal(test_count(s, "SELECT labels FROM entities WHERE name = '青岛甲有限公司'"), (1 << 1) | (1 << 2));
    /* one field changed in the file: one row changed, one history row */
    text = test_replace(&a, text, "青岛甲有限公司", "青岛甲科技有限公司");
    r = load_csv(s, text, lines, &nrefused);
    assert_int_equal(r.changed, 1);
    assert_int_equal(r.unchanged, 1);
    assert_int_equal(test_count(s, "SELECT count(*) FROM entity_changes WHERE field = 'name'"), 1);
    /* a header that is not one */
    yw_entity_csv csv;
    yw_err err;
    assert_int_equal(yw_entity_csv_open(&csv, "uscc,name\n", 10, &err), -1);
    refused_with(&err, "entity_csv_header");
    yw_arena_reset(&a);
}

/* The bank and the account: optional columns, both or neither; a file without them keeps
 * what is stored, a file with them sets it; the history keeps the account masked. */
static void import_takes_the_bank_or_keeps_it(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    const char *u = test_uscc(&a, 21);
    const char *row = yw_arena_printf(&a, "%s,青岛丁有限公司,company,钱七,100000000,3311,370211,2016-01-01,small,20,1,0,,A", u);
    const char *head = "uscc,name,kind,legal_rep,capital_fen,industry,region,established_on,scale,employees,revenue_fen,"
                       "rd_ratio_bp,labels,credit";
    int64_t lines[4];
    int nrefused;
    yw_entity_load_report r =
        load_csv(s, yw_arena_printf(&a, "%s,bank_name,bank_account\n%s,青岛银行城阳支行,802301099887766\n", head, row), lines,
                 &nrefused);
    assert_int_equal(r.added, 1);
    assert_int_equal(nrefused, 0);
    assert_int_equal(test_count(s, "SELECT count(*) FROM entities WHERE bank_account = '802301099887766'"), 1);
    /* the old file, without the columns: nothing changes */
    r = load_csv(s, yw_arena_printf(&a, "%s\n%s\n", head, row), lines, &nrefused);
    assert_int_equal(r.unchanged, 1);
    assert_int_equal(test_count(s, "SELECT count(*) FROM entities WHERE bank_name = '青岛银行城阳支行'"), 1);
    /* a new account: changed, its history masked */
    r = load_csv(s, yw_arena_printf(&a, "%s,bank_name,bank_account\n%s,青岛银行城阳支行,802301011112222\n", head, row), lines,
                 &nrefused);
    assert_int_equal(r.changed, 1);
    assert_int_equal(test_count(s, "SELECT count(*) FROM entity_changes WHERE field = 'bank_account'"
                                   " AND before_value = '8023*******7766' AND after_value = '8023*******2222'"),
                     1);
    /* refused, naming the field: letters in the account, a bank without an account */
    r = load_csv(s, yw_arena_printf(&a, "%s,bank_name,bank_account\n%s,青岛银行,8023-0101\n%s,青岛银行,\n", head, row, row),
                 lines, &nrefused);
    assert_int_equal(nrefused, 2);
    /* one of the two columns alone is no header */
    yw_entity_csv csv;
    yw_err err;
    const char *half = yw_arena_printf(&a, "%s,bank_name\n", head);
    assert_int_equal(yw_entity_csv_open(&csv, half, strlen(half), &err), -1);
    refused_with(&err, "entity_csv_header");
    assert_string_equal(yw_entity_account_masked(&a, "3803020109200123456"), "3803***********3456");
    yw_arena_reset(&a);
}

/* A rule may read only the record's fields, compared with values they take (rule_fields.c). */
static void rule_fields_are_checked(void **state) {
    (void)state;
    yw_err err;
    static const struct {
        const char *rule, *reason, *field;
    } cases[] = {
        {"{\"==\": [{\"var\": \"credit_rating\"}, \"A\"]}", "rule_field_unknown", "/e/==/0"},
        {"{\"and\": [true, {\"var\": \"labels.0.x\"}, {\"var\": [\"nope\", 1]}]}", "rule_field_unknown", "/e/and/2"},
        {"{\"missing_some\": [1, [\"employees\", \"staff\"]]}", "rule_field_unknown", "/e"},
        {"{\"<\": [0, {\"var\": \"employees\"}, \"ten\"]}", "rule_field_type", "/e/</2"},
        {"{\"==\": [\"A\", {\"var\": \"credit\"}, 1]}", "rule_field_type", "/e/==/2"},
        {"{\"==\": [{\"var\": \"credit\"}, \"E\"]}", "rule_field_value", "/e/==/1"},
        {"{\"in\": [{\"var\": \"region\"}, [\"370202\", \"379999\"]]}", "rule_field_value", "/e/in/1/1"},
        {"{\"in\": [\"hnte\", {\"var\": \"labels\"}]}", "rule_field_value", "/e/in/0"},
        {"{\"!\": {\"==\": [{\"var\": \"industry_division\"}, \"C\"]}}", "rule_field_value", "/e/!/==/1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        yw_err_clear(&err);
        assert_int_equal(yw_entity_rule_check(cases[i].rule, "/e", &err), -1);
        refused_with(&err, cases[i].reason);
        assert_string_equal(err.field, cases[i].field);
    }
    /* what is right passes: items of an iteration are not the record's, a computed path is not
     * known, null is any field's */
    static const char *const fine[] = {
        "{\"some\": [{\"var\": \"labels\"}, {\"==\": [{\"var\": \"\"}, \"x\"]}]}",
        "{\"in\": [\"hnte\", {\"var\": \"label_codes\"}]}",
        "{\"var\": {\"cat\": [\"emp\", \"loyees\"]}}",
        "{\"==\": [{\"var\": \"scale\"}, null]}",
        "{\"reduce\": [{\"var\": \"labels\"}, {\"+\": [{\"var\": \"accumulator\"}, 1]}, 0]}",
        "{\"and\": [{\">=\": [{\"var\": \"capital_fen\"}, 100000000]}, {\"in\": [{\"var\": \"industry_section\"}, [\"C\"]]}]}",
    };
    for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++)
        if (yw_entity_rule_check(fine[i], "/e", &err) < 0) fail_msg("%s: %s", fine[i], err.message);
}

static void demo_rows_are_deterministic_and_valid(void **state) {
    yw_store *s = *state;
    yw_arena a, b;
    yw_arena_init(&a);
    yw_arena_init(&b);
    yw_err err;
    int64_t today = yw_days_from_civil(2026, 11, 25);
    enum { N = 3000 };
    yw_entity *rows = yw_arena_alloc(&a, sizeof *rows * N);
    int individuals = 0, labelled = 0;
    for (int i = 0; i < N; i++) {
        yw_entity again;
        assert_int_equal(yw_entity_demo_row(&a, i, &rows[i]), 0);
        assert_int_equal(yw_entity_demo_row(&b, i, &again), 0);
        assert_string_equal(rows[i].uscc, again.uscc);
        assert_string_equal(rows[i].name, again.name);
        assert_int_equal(rows[i].revenue_fen, again.revenue_fen);
        assert_int_equal(rows[i].labels, again.labels);
        if (yw_entity_validate(&rows[i], today, &err) < 0) fail_msg("row %d: %s (%s)", i, err.message, err.field);
        individuals += rows[i].kind == YW_ENTITY_INDIVIDUAL;
        labelled += rows[i].labels != 0;
    }
    /* the shape: most are individual businesses, few carry labels */
    assert_true(individuals > N / 2 && individuals < N * 3 / 4);
    assert_true(labelled > 0 && labelled < N / 20);
    yw_entity_load_report r = {0};
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    assert_int_equal(TEST_WRITE(s, yw_entity_load_batch(&op, rows, N, "demo", &r)), 0);
    assert_int_equal(r.added, N); /* every USCC its own */
    r = (yw_entity_load_report){0};
    assert_int_equal(TEST_WRITE(s, yw_entity_load_batch(&op, rows, N, "demo", &r)), 0);
    assert_int_equal(r.unchanged, N);
    /* the search: by region prefix, by label, by name */
    yw_entity_query q = {.region = "370200", .limit = 10};
    yw_entity *list;
    int n;
    int64_t total;
    if (yw_entity_search(&op, &q, &list, &n, &total) < 0) fail_msg("search: %s", err.message);
    assert_int_equal(total, N);
    assert_int_equal(n, 10);
    q = (yw_entity_query){.label = "hnte", .limit = 500};
    assert_int_equal(yw_entity_search(&op, &q, &list, &n, &total), 0);
    for (int i = 0; i < n; i++) assert_true(list[i].labels & (1 << 1));
    q = (yw_entity_query){.q = rows[5].uscc};
    assert_int_equal(yw_entity_search(&op, &q, &list, &n, &total), 0);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].uscc, rows[5].uscc);
    q = (yw_entity_query){.q = "100%_"};
    assert_int_equal(yw_entity_search(&op, &q, &list, &n, &total), 0);
    assert_int_equal(total, 0);
    yw_arena_reset(&a);
    yw_arena_reset(&b);
}

static void labels_parse_and_format(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    int64_t m;
    assert_int_equal(yw_entity_labels_parse(" 专精特新 | hnte；瞪羚;", &m, "labels", &err), 0);
    assert_int_equal(m, (1 << 0) | (1 << 1) | (1 << 2));
    assert_string_equal(yw_entity_labels_format(&a, m), "zjtx|hnte|gazelle");
    assert_int_equal(yw_entity_labels_parse("", &m, "labels", &err), 0);
    assert_int_equal(m, 0);
    assert_int_equal(yw_entity_labels_parse("hnte|金牌", &m, "labels", &err), -1);
    refused_with(&err, "entity_label");
    yw_arena_reset(&a);
}

int main(void) {
    test_init_sodium();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(labels_parse_and_format),
        cmocka_unit_test(rule_fields_are_checked),
        BOTH(registration_checks_role_and_fields),
        BOTH(change_keeps_history),
        BOTH(dormancy_rules),
        BOTH(deregistration_and_abnormal_list),
        BOTH(import_refuses_bad_rows_and_reruns_unchanged),
        BOTH(import_takes_the_bank_or_keeps_it),
        BOTH(demo_rows_are_deterministic_and_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
