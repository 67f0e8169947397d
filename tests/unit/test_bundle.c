/* Bundles (domain/bundle): a bundle's checks and the pointers its refusals name (a bad condition
 * at its node), the demo bundles loading on top of the demo catalog (again without a change),
 * the merged form for a questionnaire's answers (items in and out by their conditions, a field
 * asked by several items once, materials once with the items that need them), refused answers
 * by /answers/KEY, the staged bundle's stages and limit, and roles. On both stores. */
#include "domain/core/demo.h"
#include "testutil.h"

#include "domain/bundle/bundle.h"

static const char *bundle_json =
    "{\"code\":\"T-KB\",\"name\":\"测试一件事\",\"lead_department\":\"QD-SCJG\","
    "\"questions\":[{\"key\":\"cooked\",\"label\":\"热食\",\"kind\":\"yes_no\"},"
    "{\"key\":\"kind\",\"label\":\"主体\",\"kind\":\"choice\",\"options\":[\"企业\",\"个体工商户\"]}],"
    "\"items\":[{\"code\":\"QD-SCJG-XK-0001\"},{\"code\":\"QD-SCJG-XK-0005\",\"condition\":{\"==\":[{\"var\":\"cooked\"},true]}},"
    "{\"code\":\"QD-SW-QR-0001\",\"condition\":{\"and\":[{\"var\":\"cooked\"}]}}]}";

static int parse_bundle(yw_arena *a, const char *text, yw_bundle *out, yw_err *err) {
    json_t *j = test_json(text);
    int rc = yw_bundle_parse(a, j, "", out, err);
    json_decref(j);
    return rc;
}

static void refused(yw_arena *a, const char *text, const char *reason, const char *field) {
    yw_bundle b;
    yw_err err;
    assert_int_equal(parse_bundle(a, text, &b, &err), -1);
    assert_string_equal(err.reason, reason);
    assert_string_equal(err.field, field);
}

static void bundles_are_checked_whole(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_bundle b;
    yw_err err;
    assert_int_equal(parse_bundle(&a, bundle_json, &b, &err), 0);
    assert_int_equal(b.nquestions, 2);
    assert_int_equal(b.questions[1].kind, YW_QUESTION_CHOICE);
    assert_int_equal(b.nitems, 3);
    assert_null(b.items[0].rule);
    assert_non_null(b.items[1].rule);
    assert_string_equal(b.items[1].condition, "{\"==\":[{\"var\":\"cooked\"},true]}");
    refused(&a, test_replace(&a, bundle_json, "{\"and\":[{\"var\":\"cooked\"}]}", "{\"and\":[{\"frob\":1}]}"),
            "rule_unknown_operator", "/items/2/condition/and/0");
    refused(&a, test_replace(&a, bundle_json, "{\"and\":[{\"var\":\"cooked\"}]}", "{\"and\":[true,{\"var\":[\"cookd\",1]}]}"),
            "bundle_condition_var", "/items/2/condition/and/1/var");
    refused(&a, test_replace(&a, bundle_json, "{\"and\":[{\"var\":\"cooked\"}]}", "{\">\":[{\"/\":[{\"var\":\"x\"},2]},1]}"),
            "bundle_condition_var", "/items/2/condition/>/0/~1/0/var");
    /* inside some, the rule reads the array's elements */
    assert_int_equal(parse_bundle(&a, test_replace(&a, bundle_json, "{\"and\":[{\"var\":\"cooked\"}]}",
                                           "{\"some\":[[{\"var\":\"kind\"}],{\"==\":[{\"var\":\"x\"},1]}]}"),
                                  &b, &err), 0);
    refused(&a, test_replace(&a, bundle_json, "\"code\":\"T-KB\"", "\"code\":\"t kb\""), "bundle_code", "code");
    refused(&a, test_replace(&a, bundle_json, ",\"options\":[\"企业\",\"个体工商户\"]", ""), "item_options_required",
            "/questions/1/options");
    refused(&a, test_replace(&a, bundle_json, "\"key\":\"kind\"", "\"key\":\"cooked\""), "item_repeated", "/questions/1/key");
    refused(&a, test_replace(&a, bundle_json, "\"key\":\"kind\"", "\"key\":\"Kind\""), "bundle_question_key",
            "/questions/1/key");
    refused(&a, test_replace(&a, bundle_json, "\"cooked\"}]}}]", "\"cooked\"}]}}],\"stages\":[{\"name\":\"一\",\"items\":[\"QD-NONE\"]}]"),
            "bundle_stage_item", "/stages/0/items/0");
    refused(&a, test_replace(&a, bundle_json, "\"cooked\"}]}}]", "\"cooked\"}]}}],\"limit_days\":5"), "bundle_limit_without_stages", "limit_days");
    refused(&a, test_replace(&a, bundle_json, "\"lead_department\"", "\"frob\":1,\"lead_department\""), "field_unknown",
            "frob");
    /* the canonical form reads back the same */
    yw_buf out;
    yw_jw w;
    yw_jw_begin(&w, &out, &a);
    yw_bundle_write(&w, &b);
    yw_bundle again;
    assert_int_equal(parse_bundle(&a, out.data, &again, &err), 0);
    assert_int_equal(again.nitems, 3);
    yw_arena_reset(&a);
}

static const yw_actor admin = {"admin-1", "staff", "admin", "管理员", NULL, YW_ROLE_ADMIN};
static const yw_actor officer = {"officer-1", "staff", "officer", "审批人员", NULL, YW_ROLE_OFFICER};

static const yw_form_field *field_of(const yw_bundle_form *f, const char *key) {
    for (int i = 0; i < f->nfields; i++)
        if (strcmp(f->fields[i].field.key, key) == 0) return &f->fields[i];
    return NULL;
}

static int form(yw_op *op, const char *code, const char *text, yw_bundle_form *out) {
    json_t *j = test_json(text);
    int rc = yw_bundle_form_for(op, code, j, out);
    json_decref(j);
    return rc;
}

static void demo_bundles_and_forms(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    yw_catalog_report r;
    if (TEST_WRITE(s, yw_catalog_demo_load(&op, &r)) < 0) fail_msg("demo catalog: %s", err.message);
    int n, created, unchanged;
    if (TEST_WRITE(s, yw_bundle_demo_load(&op, &n, &created, &unchanged)) < 0) fail_msg("bundles: %s", err.message);
    assert_true(n >= 10);
    assert_int_equal(created, n);
    assert_int_equal(TEST_WRITE(s, yw_bundle_demo_load(&op, &n, &created, &unchanged)), 0);
    assert_int_equal(unchanged, n);
    assert_int_equal(test_count(s, "SELECT count(*) FROM audit_log WHERE action = 'bundle.create'"), n);

    yw_bundle_summary *list;
    int count;
    assert_int_equal(yw_bundle_list(&op, &list, &count), 0);
    assert_int_equal(count, n);

    /* 开办餐饮店: cooked food brings the food-business licence and the hygiene licence */
    yw_bundle_form with_food, without;
    assert_int_equal(form(&op, "YJS-CYKB", "{\"new_shop\":\"新开店，还没有营业执照\",\"sells_cooked_food\":true,\"entity_kind\":\"企业\",\"has_employees\":false}",
                          &with_food), 0);
    assert_int_equal(form(&op, "YJS-CYKB", "{\"new_shop\":\"新开店，还没有营业执照\",\"sells_cooked_food\":false,\"entity_kind\":\"企业\",\"has_employees\":false}",
                          &without), 0);
    assert_int_equal(with_food.nitems, 4);
    assert_int_equal(without.nitems, 2);
    assert_string_equal(with_food.items[1].code, "QD-SCJG-XK-0005");
    assert_true(with_food.nfields > without.nfields);
    /* a key asked by several items is one field, listing them */
    for (int i = 0; i < with_food.nfields; i++)
        for (int j = i + 1; j < with_food.nfields; j++)
            assert_string_not_equal(with_food.fields[i].field.key, with_food.fields[j].field.key);
    const yw_form_field *uscc = field_of(&with_food, "entity.name");
    assert_non_null(uscc);
    assert_non_null(uscc->items[1]);
    for (int i = 0; i < with_food.nmaterials; i++)
        for (int j = i + 1; j < with_food.nmaterials; j++)
            assert_string_not_equal(with_food.materials[i].material.name, with_food.materials[j].material.name);

    /* answers are checked against the questionnaire */
    yw_bundle_form f;
    assert_int_equal(form(&op, "YJS-CYKB", "{\"new_shop\":\"已有营业执照\",\"sells_cooked_food\":true,\"entity_kind\":\"企业\"}", &f), -1);
    assert_string_equal(err.reason, "bundle_answer_missing");
    assert_string_equal(err.field, "/answers/has_employees");
    assert_int_equal(form(&op, "YJS-CYKB", "{\"new_shop\":\"已有营业执照\",\"sells_cooked_food\":1,\"entity_kind\":\"企业\",\"has_employees\":false}", &f), -1);
    assert_string_equal(err.reason, "bundle_answer_kind");
    assert_string_equal(err.field, "/answers/sells_cooked_food");
    assert_int_equal(form(&op, "YJS-CYKB", "{\"new_shop\":\"已有营业执照\",\"sells_cooked_food\":true,\"entity_kind\":\"合伙\",\"has_employees\":false}", &f), -1);
    assert_string_equal(err.reason, "bundle_answer_option");
    assert_string_equal(err.field, "/answers/entity_kind");
    assert_int_equal(form(&op, "YJS-CYKB", "{\"frob\":true}", &f), -1);
    assert_string_equal(err.reason, "bundle_answer_unknown");
    assert_string_equal(err.field, "/answers/frob");
    assert_int_equal(form(&op, "YJS-NONE", "{}", &f), -1);
    assert_int_equal(err.code, YW_ERR_NOT_FOUND);

    /* the staged bundle: four stages, 70 working days at most */
    assert_int_equal(form(&op, "YJS-GCJS", "{\"needs_eia\":true}", &f), 0);
    assert_int_equal(f.nstages, 4);
    assert_string_equal(f.stages[0].name, "立项用地规划许可");
    assert_int_equal(f.limit_days, 70);
    assert_true(f.total_days > 0 && f.total_days <= 70);
    assert_int_equal(form(&op, "YJS-GCJS", "{\"needs_eia\":false}", &f), 0);
    assert_null(f.stages[1].items[2]);
    assert_non_null(f.stages[1].items[1]);

    /* roles and the store's own checks */
    yw_bundle b;
    assert_int_equal(parse_bundle(&a, bundle_json, &b, &err), 0);
    yw_op as = op;
    bool changed;
    assert_int_equal(TEST_WRITE(s, yw_bundle_save(test_as(&as, &officer), &b, YW_BUNDLE_CREATE, &changed)), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    assert_int_equal(TEST_WRITE(s, yw_bundle_save(test_as(&as, &admin), &b, YW_BUNDLE_UPDATE, &changed)), -1);
    assert_string_equal(err.reason, "bundle_not_found");
    assert_int_equal(TEST_WRITE(s, yw_bundle_save(&as, &b, YW_BUNDLE_CREATE, &changed)), 0);
    assert_true(changed);
    assert_int_equal(TEST_WRITE(s, yw_bundle_save(&as, &b, YW_BUNDLE_CREATE, &changed)), -1);
    assert_string_equal(err.reason, "bundle_exists");
    b.items[2].code = "QD-NONE-0001";
    assert_int_equal(TEST_WRITE(s, yw_bundle_save(&as, &b, YW_BUNDLE_UPDATE, &changed)), -1);
    assert_string_equal(err.reason, "bundle_item_unknown");
    assert_string_equal(err.field, "/items/2/code");
    yw_bundle_view v;
    assert_int_equal(yw_bundle_get(&op, "T-KB", &v), 0);
    assert_string_equal(v.bundle.items[2].code, "QD-SW-QR-0001");
    assert_string_equal(v.item_names[0], "营业执照（设立登记）");
    yw_arena_reset(&a);
}

int main(void) {
    test_init_sodium();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bundles_are_checked_whole),
        BOTH(demo_bundles_and_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
