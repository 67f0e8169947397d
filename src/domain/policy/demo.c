/* The demo city's policy library: data/demo-policies.json, built into the binary, in the
 * shape of the API's body (docs/policies.md), saved through yw_policy_save like any other. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

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
    if (yw_policy_save(op, &in, NULL, NULL) < 0) return -1;
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
