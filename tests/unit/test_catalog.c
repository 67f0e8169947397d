/* The item catalog (domain/catalog): an item's checks and the fields its refusals name, the
 * types' table, saving as versions (same content: no new version), reading old versions,
 * search in Chinese by trigrams and by LIKE below three characters, filters, the licensing
 * history, roles, and export → parse → import changing nothing. On both stores. */
#include "domain/core/demo.h"
#include "testutil.h"

#include "domain/catalog/catalog.h"

static const char *license_json =
    "{\"code\":\"QD-SCJG-XK-001\",\"name\":\"营业执照（设立登记）\",\"type\":\"行政许可\",\"department\":\"QD-SCJG\","
    "\"region\":\"370200\",\"legal_basis\":\"《中华人民共和国市场主体登记管理条例》\",\"statutory_days\":15,"
    "\"promised_days\":1,\"fee_fen\":0,\"online_depth\":\"全程网办\",\"visits\":0,\"keywords\":[\"开办企业\",\"设立\"],"
    "\"materials\":[{\"name\":\"公司登记申请书\",\"requirement\":\"required\",\"accepted_as\":[\"upload\"]},"
    "{\"name\":\"住所使用证明\",\"requirement\":\"required\",\"accepted_as\":[\"pledge\",\"certificate\"],"
    "\"cert_type\":\"不动产权证书\"}],"
    "\"fields\":[{\"key\":\"entity.name\",\"label\":\"企业名称\",\"type\":\"text\",\"required\":true,\"max_length\":100},"
    "{\"key\":\"legal_rep.id_number\",\"label\":\"法定代表人身份证号\",\"type\":\"id_number\",\"required\":true},"
    "{\"key\":\"entity.kind\",\"label\":\"企业类型\",\"type\":\"choice\",\"options\":[\"有限责任公司\",\"个人独资企业\"]}]}";

static int parse_item(yw_arena *a, const char *text, yw_item *out, yw_err *err) {
    json_t *j = test_json(text);
    int rc = yw_item_parse(a, j, "", out, err);
    json_decref(j);
    return rc;
}

static void refused(yw_arena *a, const char *text, const char *reason, const char *field) {
    yw_item it;
    yw_err err;
    assert_int_equal(parse_item(a, text, &it, &err), -1);
    assert_string_equal(err.reason, reason);
    assert_string_equal(err.field, field);
}

static void items_are_checked_whole(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_item it;
    yw_err err;
    assert_int_equal(parse_item(&a, license_json, &it, &err), 0);
    assert_int_equal(it.nmaterials, 2);
    assert_string_equal(it.materials[1].accepted_as[1], "certificate");
    assert_int_equal(it.nfields, 3);
    assert_true(it.fields[0].has_max_length);
    assert_string_equal(it.fields[2].options[1], "个人独资企业");
    refused(&a, test_replace(&a, license_json, "\"promised_days\":1", "\"promised_days\":16"), "item_promised_over_statutory",
            "promised_days");
    refused(&a, test_replace(&a, license_json, "[\"pledge\",\"certificate\"]", "[\"pledge\",\"fax\"]"), "field_value",
            "/materials/1/accepted_as");
    refused(&a, test_replace(&a, license_json, ",\"cert_type\":\"不动产权证书\"", ""), "item_cert_type_required",
            "/materials/1/cert_type");
    refused(&a, test_replace(&a, license_json, "\"region\":\"370200\"", "\"region\":\"379999\""), "region_unknown", "region");
    refused(&a, test_replace(&a, license_json, "\"type\":\"行政许可\"", "\"type\":\"许可\""), "field_value", "type");
    refused(&a, test_replace(&a, license_json, "\"key\":\"entity.kind\"", "\"key\":\"Entity Kind\""), "item_field_key",
            "/fields/2/key");
    refused(&a, test_replace(&a, license_json, "\"key\":\"entity.kind\"", "\"key\":\"entity.name\""), "item_repeated",
            "/fields/2/key");
    refused(&a, test_replace(&a, license_json, ",\"options\":[\"有限责任公司\",\"个人独资企业\"]", ""), "item_options_required",
            "/fields/2/options");
    refused(&a, test_replace(&a, license_json, "\"code\":\"QD-SCJG-XK-001\"", "\"code\":\"a b\""), "item_code", "code");
    refused(&a, test_replace(&a, license_json, "\"visits\":0", "\"visits\":0,\"colour\":1"), "field_unknown", "colour");
    refused(&a, test_replace(&a, license_json, "\"fee_fen\":0", "\"fee_fen\":-1"), "field_range", "fee_fen");
    refused(&a, test_replace(&a, license_json, "\"requirement\":\"required\",\"accepted_as\":[\"upload\"]",
                     "\"requirement\":\"conditional\",\"accepted_as\":[\"upload\"]"),
            "item_condition_required", "/materials/0/condition");
    /* the types' one table, both ways */
    yw_item_type t;
    assert_int_equal(yw_item_type_from_text("行政备案", &t), 0);
    assert_int_equal(t, YW_ITEM_FILING);
    assert_string_equal(yw_item_type_text(YW_ITEM_PUBLIC_SERVICE), "公共服务");
    assert_int_equal(yw_item_type_from_text("licensing", &t), -1);
    yw_arena_reset(&a);
}

static void catalog_files_report_bad_items_by_index(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_catalog_file f;
    yw_err err;
    const char *bad_one = test_replace(&a, license_json, "\"promised_days\":1", "\"promised_days\":99");
    const char *text = yw_arena_printf(&a, "{\"format\":\"yiwang-catalog\",\"items\":[%s,%s,%s,7]}", license_json,
                                       bad_one, license_json);
    assert_int_equal(yw_catalog_parse(&a, text, strlen(text), &f, &err), 0);
    assert_int_equal(f.nentries, 4);
    assert_int_equal(f.bad, 3);
    assert_int_equal(f.entries[0].error.code, YW_OK);
    assert_string_equal(f.entries[1].error.field, "/items/1/promised_days");
    assert_string_equal(f.entries[2].error.reason, "item_repeated"); /* the same code twice */
    assert_string_equal(f.entries[3].error.field, "/items/3");
    assert_int_equal(yw_catalog_parse(&a, "{\"items\":", 9, &f, &err), -1);
    assert_string_equal(err.reason, "catalog_not_json");
    assert_int_equal(yw_catalog_parse(&a, "[1]", 3, &f, &err), -1);
    assert_string_equal(err.reason, "catalog_shape");
    yw_arena_reset(&a);
}

static const yw_actor admin = {"admin-1", "staff", "admin", "管理员", NULL, YW_ROLE_ADMIN};
static const yw_actor officer = {"officer-1", "staff", "officer", "审批人员", NULL, YW_ROLE_OFFICER};

static void save_json(yw_op *op, const char *text, yw_catalog_mode mode, yw_catalog_saved *saved) {
    yw_item it;
    if (parse_item(op->arena, text, &it, op->err) < 0) fail_msg("parse: %s", op->err->message);
    if (TEST_WRITE(op->store, yw_catalog_save(op, &it, mode, saved)) < 0) fail_msg("save: %s", op->err->message);
}

static void versions_search_and_roles(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_op op = yw_op_make(s, &a, &admin, &err);
    yw_catalog_saved saved;
    save_json(&op, license_json, YW_CATALOG_CREATE, &saved);
    assert_true(saved.created);
    assert_int_equal(saved.version, 1);
    save_json(&op, test_replace(&a, license_json, "QD-SCJG-XK-001\",\"name\":\"营业执照（设立登记）", "QD-SCJG-XK-002\",\"name\":\"营业执照（变更登记）"),
              YW_CATALOG_CREATE, &saved);
    save_json(&op,
              "{\"code\":\"QD-WJW-XK-010\",\"name\":\"公共场所卫生许可证核发\",\"type\":\"行政许可\",\"department\":\"QD-WJW\","
              "\"region\":\"370200\",\"statutory_days\":20,\"promised_days\":5,\"fee_fen\":0,\"online_depth\":\"网上预审\","
              "\"visits\":1}",
              YW_CATALOG_CREATE, &saved);
    save_json(&op,
              "{\"code\":\"QD-GA-QR-001\",\"name\":\"户口登记（出生）\",\"type\":\"行政确认\",\"department\":\"QD-GA\","
              "\"region\":\"370200\",\"statutory_days\":5,\"promised_days\":1,\"fee_fen\":0,\"online_depth\":\"全程网办\","
              "\"visits\":0,\"keywords\":[\"新生儿\",\"落户\"]}",
              YW_CATALOG_CREATE, &saved);
    assert_int_equal(test_count(s, "SELECT count(*) FROM items"), 4);

    /* the same code again is a conflict and writes nothing */
    yw_item it;
    assert_int_equal(parse_item(&a, license_json, &it, &err), 0);
    assert_int_equal(TEST_WRITE(s, yw_catalog_save(&op, &it, YW_CATALOG_CREATE, &saved)), -1);
    assert_string_equal(err.reason, "item_exists");
    /* the same content: no new version */
    assert_int_equal(TEST_WRITE(s, yw_catalog_save(&op, &it, YW_CATALOG_UPSERT, &saved)), 0);
    assert_false(saved.changed);
    assert_int_equal(saved.version, 1);
    /* an edit: version 2; version 1 still readable */
    save_json(&op, test_replace(&a, license_json, "\"promised_days\":1", "\"promised_days\":0"), YW_CATALOG_UPDATE, &saved);
    assert_true(saved.changed);
    assert_int_equal(saved.version, 2);
    yw_item_view v;
    assert_int_equal(yw_catalog_get(&op, "QD-SCJG-XK-001", 0, &v), 0);
    assert_int_equal(v.version, 2);
    assert_int_equal(v.item.promised_days, 0);
    assert_string_equal(v.department_name, "青岛市市场监督管理局");
    assert_int_equal(v.item.nmaterials, 2);
    assert_int_equal(yw_catalog_get(&op, "QD-SCJG-XK-001", 1, &v), 0);
    assert_int_equal(v.version, 1);
    assert_int_equal(v.current_version, 2);
    assert_int_equal(v.item.promised_days, 1);
    assert_int_equal(yw_catalog_get(&op, "QD-SCJG-XK-001", 3, &v), -1);
    assert_string_equal(err.reason, "item_version_not_found");
    assert_int_equal(yw_catalog_get(&op, "NOPE", 0, &v), -1);
    assert_int_equal(err.code, YW_ERR_NOT_FOUND);

    /* refusals change nothing */
    int64_t versions = test_count(s, "SELECT count(*) FROM item_versions");
    assert_int_equal(parse_item(&a, test_replace(&a, license_json, "\"department\":\"QD-SCJG\"", "\"department\":\"QD-NONE\""),
                                &it, &err),
                     0);
    assert_int_equal(TEST_WRITE(s, yw_catalog_save(&op, &it, YW_CATALOG_UPDATE, &saved)), -1);
    assert_string_equal(err.reason, "item_department_unknown");
    assert_string_equal(err.field, "department");
    assert_int_equal(parse_item(&a, license_json, &it, &err), 0);
    it.promised_days = 30; /* past the parser: the domain checks again */
    assert_int_equal(TEST_WRITE(s, yw_catalog_save(&op, &it, YW_CATALOG_UPDATE, &saved)), -1);
    assert_string_equal(err.reason, "item_promised_over_statutory");
    it.promised_days = 1;
    yw_op as_officer = op;
    assert_int_equal(TEST_WRITE(s, yw_catalog_save(test_as(&as_officer, &officer), &it, YW_CATALOG_UPDATE, &saved)), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    assert_int_equal(test_count(s, "SELECT count(*) FROM item_versions"), versions);

    /* search: Chinese by trigrams, ranked; short text by LIKE; filters; anyone may search */
    yw_op anyone = op;
    anyone.actor = NULL;
    yw_item_summary *list;
    int n, total;
    yw_catalog_query q = {.q = "营业执照", .limit = 10};
    assert_int_equal(yw_catalog_search(&anyone, &q, &list, &n, &total), 0);
    assert_int_equal(total, 2);
    assert_string_equal(list[0].name, "营业执照（设立登记）");
    assert_string_equal(list[0].department_code, "QD-SCJG");
    q = (yw_catalog_query){.q = "卫生许可", .limit = 10};
    assert_int_equal(yw_catalog_search(&anyone, &q, &list, &n, &total), 0);
    assert_int_equal(total, 1);
    assert_string_equal(list[0].code, "QD-WJW-XK-010");
    q = (yw_catalog_query){.q = "许可", .limit = 10}; /* two characters: LIKE over name, type, keywords */
    assert_int_equal(yw_catalog_search(&anyone, &q, &list, &n, &total), 0);
    assert_int_equal(total, 3);
    assert_string_equal(list[0].code, "QD-WJW-XK-010"); /* the name holds it */
    q = (yw_catalog_query){.q = "新生儿落户", .limit = 10};
    assert_int_equal(yw_catalog_search(&anyone, &q, &list, &n, &total), 0);
    assert_int_equal(total, 0);
    q = (yw_catalog_query){.q = "新生儿", .limit = 10}; /* a keyword */
    assert_int_equal(yw_catalog_search(&anyone, &q, &list, &n, &total), 0);
    assert_int_equal(total, 1);
    q = (yw_catalog_query){.q = "市场监督管理局", .limit = 10}; /* the department's name */
    assert_int_equal(yw_catalog_search(&anyone, &q, &list, &n, &total), 0);
    assert_int_equal(total, 2);
    q = (yw_catalog_query){.department = "QD-GA", .limit = 10};
    assert_int_equal(yw_catalog_search(&anyone, &q, &list, &n, &total), 0);
    assert_int_equal(total, 1);
    q = (yw_catalog_query){.type = "行政许可", .limit = 1, .offset = 1};
    assert_int_equal(yw_catalog_search(&anyone, &q, &list, &n, &total), 0);
    assert_int_equal(total, 3);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].code, "QD-SCJG-XK-002");
    q = (yw_catalog_query){.q = "100%_\"", .limit = 10}; /* wildcards and quotes are text */
    assert_int_equal(yw_catalog_search(&anyone, &q, &list, &n, &total), 0);
    assert_int_equal(total, 0);

    /* the licensing list's history: four versions of three licensing items */
    yw_catalog_change *changes;
    assert_int_equal(yw_catalog_licensing_changes(&anyone, 100, 0, &changes, &n), 0);
    assert_int_equal(n, 4);

    /* export, parse, import: nothing changes */
    yw_buf b;
    yw_buf_init(&b, &a);
    assert_int_equal(yw_catalog_export(&anyone, &b), 0);
    yw_catalog_file f;
    assert_int_equal(yw_catalog_parse(&a, b.data, b.len, &f, &err), 0);
    assert_int_equal(f.nentries, 4);
    assert_int_equal(f.bad, 0);
    yw_catalog_report r;
    assert_int_equal(TEST_WRITE(s, yw_catalog_import(&op, &f, &r)), 0);
    assert_int_equal(r.unchanged, 4);
    assert_int_equal(r.created + r.updated + r.bad, 0);
    assert_int_equal(test_count(s, "SELECT count(*) FROM item_versions"), versions);
    assert_int_equal(TEST_WRITE(s, yw_catalog_import(&anyone, &f, &r)), -1);
    assert_int_equal(err.code, YW_ERR_UNAUTHENTICATED);
    yw_arena_reset(&a);
}

/* The demo catalog loads whole, names only the demo city's departments, and loads again without
 * a change; search over it finds 营业执照（设立登记） first and 许可 by LIKE. */
static void demo_catalog_loads(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    yw_catalog_report r;
    if (TEST_WRITE(s, yw_catalog_demo_load(&op, &r)) < 0) fail_msg("demo catalog: %s", err.message);
    assert_true(r.items >= 60);
    assert_int_equal(r.created, r.items);
    assert_int_equal(r.bad, 0);
    assert_int_equal(TEST_WRITE(s, yw_catalog_demo_load(&op, &r)), 0);
    assert_int_equal(r.unchanged, r.items);
    assert_int_equal(test_count(s, "SELECT count(*) FROM item_versions"), r.items);
    assert_true(test_count(s, "SELECT count(DISTINCT department_id) FROM items") >= 20);
    yw_item_summary *list;
    int n, total;
    yw_catalog_query q = {.q = "营业执照", .limit = 10};
    assert_int_equal(yw_catalog_search(&op, &q, &list, &n, &total), 0);
    assert_true(total >= 3);
    assert_string_equal(list[0].name, "营业执照（设立登记）");
    q = (yw_catalog_query){.q = "许可", .limit = 500};
    assert_int_equal(yw_catalog_search(&op, &q, &list, &n, &total), 0);
    assert_true(total >= 30);
    q = (yw_catalog_query){.q = "落户", .limit = 10}; /* a keyword, two characters */
    assert_int_equal(yw_catalog_search(&op, &q, &list, &n, &total), 0);
    assert_int_equal(total, 1);
    assert_string_equal(list[0].name, "户口登记（出生）");
    yw_arena_reset(&a);
}

int main(void) {
    test_init_sodium();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(items_are_checked_whole),
        cmocka_unit_test(catalog_files_report_bad_items_by_index),
        BOTH(versions_search_and_roles),
        BOTH(demo_catalog_loads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
