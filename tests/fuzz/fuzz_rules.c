/* Fuzz target: any bytes as a rule. Compiling either refuses it with a reason and a JSON
 * pointer or gives a rule; evaluating that rule against a fixed record never crashes, and its
 * result converts to JSON. Nothing leaks (the arena and the jansson values are freed). */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

#include "rules/rules.h"

static const char record_text[] =
    "{\"name\":\"青岛海尔有限公司\",\"industry\":\"C\",\"employees\":12,\"revenue_fen\":123456789012,"
    "\"labels\":[\"专精特新\",\"高新技术企业\"],\"a\":{\"b\":[1,2.5,\"3\",null,true,{\"c\":\"x\"}]},"
    "\"integers\":[1,2,3,4],\"empty\":[],\"s\":\"\",\"z\":0}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static json_t *record;
    if (!record && !(record = json_loads(record_text, 0, NULL))) abort();
    yw_arena a;
    yw_arena_init(&a);
    const yw_rule *r;
    yw_err err;
    if (yw_rule_compile(&a, (const char *)data, size, &r, &err) < 0) {
        if (!err.reason) abort(); /* every refusal has a reason */
    } else {
        yw_rule_value v;
        if (yw_rule_eval(r, record, &a, &v, &err) == 0) {
            (void)yw_rule_truthy(&v);
            json_t *j = yw_rule_value_json(&v);
            char *s = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
            free(s);
            json_decref(j);
        } else if (!err.reason) {
            abort();
        }
    }
    yw_arena_reset(&a);
    return 0;
}
