/* The demo city's policy library: data/demo-policies.json, built into the binary, in the
 * shape of the API's body (docs/policies.md), saved through yw_policy_save like any other; and
 * the demo enterprise's record in the registry, matched, so that its 我的惠企政策 has benefits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#include "../core/demo.h"

extern const char yw_embedded_demo_policies[];
extern const size_t yw_embedded_demo_policies_len;

/* A member of the file's object as compact JSON text in arena memory, or NULL. */
static const char *json_text(yw_arena *a, const json_t *o, const char *key) {
    json_t *v = json_object_get(o, key);
    if (!v) return NULL;
    if (json_is_string(v)) return json_string_value(v);
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    const char *out = s ? yw_arena_strdup(a, s) : NULL;
    free(s);
    return out;
}

static int save_one(yw_op *op, const json_t *o, int *added) {
    const char *code = json_string_value(json_object_get(o, "code"));
    if (!code) return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "demo-policies.json: a policy without a code");
    yw_policy cur;
    int found = policy_load(op, code, &cur);
    if (found) return found < 0 ? -1 : 0;
    const char *mode = json_string_value(json_object_get(o, "mode"));
    const char *recurrence = json_string_value(json_object_get(o, "recurrence"));
    const char *amount = json_text(op->arena, o, "amount");
    if (!amount) amount = json_text(op->arena, o, "amount_fen");
    yw_policy in = {
        .code = code,
        .title = json_string_value(json_object_get(o, "title")),
        .department_code = json_string_value(json_object_get(o, "department")),
        .basis = json_string_value(json_object_get(o, "basis")),
        .summary = json_string_value(json_object_get(o, "summary")),
        .valid_from = json_string_value(json_object_get(o, "valid_from")),
        .valid_to = json_string_value(json_object_get(o, "valid_to")),
        .mode = (yw_policy_mode)yw_enum_from_text(yw_policy_modes, mode ? mode : "auto"),
        .eligibility = json_text(op->arena, o, "eligibility"),
        .amount = amount,
        .budget_fen = json_integer_value(json_object_get(o, "budget_fen")),
        .cap_fen = json_integer_value(json_object_get(o, "cap_fen")),
        .recurrence = (yw_policy_recurrence)yw_enum_from_text(yw_policy_recurrences, recurrence ? recurrence : "once"),
        .exclusive_group = json_string_value(json_object_get(o, "exclusive_group")),
        .status = YW_POLICY_ACTIVE,
    };
    if (yw_policy_save(op, &in, YW_POLICY_CREATE, NULL, NULL) < 0) return -1;
    (*added)++;
    return 0;
}

int yw_policy_demo_load(yw_op *op, int *count, int *added) {
    *count = *added = 0;
    if (yw_op_require(op, YW_ROLE_ADMIN, "load the demo policies") < 0) return -1;
    json_error_t je;
    json_t *list = json_loadb(yw_embedded_demo_policies, yw_embedded_demo_policies_len, 0, &je);
    if (!json_is_array(list)) {
        json_decref(list);
        return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "demo-policies.json: %s", je.text);
    }
    int rc = 0;
    size_t i;
    json_t *o;
    json_array_foreach(list, i, o) {
        if ((rc = save_one(op, o, added)) < 0) {
            char why[sizeof op->err->message], field[sizeof op->err->field];
            snprintf(why, sizeof why, "%s", op->err->message);
            snprintf(field, sizeof field, "%s", op->err->field);
            yw_err_set(op->err, op->err->code, field, "demo-policies.json item %zu: %s", i, why);
            break;
        }
        (*count)++;
    }
    json_decref(list);
    return rc;
}

int yw_policy_demo_enterprise(yw_op *op, int *added) {
    *added = 0;
    if (yw_op_require(op, YW_ROLE_ADMIN, "load the demo enterprise") < 0) return -1;
    const char *uscc = NULL;
    for (const yw_demo_account *d = yw_demo_accounts(); d->login && !uscc; d++)
        if (strcmp(d->role, "applicant") == 0 && strlen(d->login) == 18 && d->login[0] == '9') uscc = d->login;
    if (!uscc) return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "no demo enterprise account");
    int found = policy_entity_load(op, uscc, &(yw_entity){0});
    if (found) return found < 0 ? -1 : 0;
    /* a small software company of 市南区: 高新技术企业 and 专精特新, 35 employees */
    yw_entity e = {.uscc = uscc, .name = "青岛海川数字科技有限公司", .kind = YW_ENTITY_COMPANY, .legal_rep = "张三",
                   .capital_fen = 500000000, .industry = "6513", .region = "370202", .established_on = "2019-05-20",
                   .scale = YW_SCALE_SMALL, .employees = 35, .revenue_fen = 1200000000, .rd_ratio_bp = 450,
                   .credit = YW_CREDIT_A};
    if (yw_entity_labels_parse("hnte|zjtx", &e.labels, "labels", op->err) < 0) return -1;
    yw_match_report r = {0};
    if (yw_entity_register(op, &e, NULL) < 0 || yw_policy_match_entity(op, uscc, &r) < 0) return -1;
    *added = 1;
    return 0;
}
