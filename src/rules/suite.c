/* A suite of rule cases in the form of jsonlogic.com's tests.json: an array of [rule, data,
 * expected] cases with comment strings between them. Each case is compiled through the text
 * path (as a policy's rule arrives) and evaluated; its result is compared with the expected one
 * by value (17 and 17.0 are the same). Used by `yiwang rule test` and by the unit tests. */
#include <stdlib.h>
#include <string.h>

#include "rules.h"

bool yw_rule_json_same(const json_t *a, const json_t *b) {
    if (json_is_number(a) && json_is_number(b)) return json_number_value(a) == json_number_value(b);
    if (!a || !b || json_typeof(a) != json_typeof(b)) return a == b;
    if (json_is_array(a)) {
        if (json_array_size(a) != json_array_size(b)) return false;
        for (size_t i = 0; i < json_array_size(a); i++)
            if (!yw_rule_json_same(json_array_get(a, i), json_array_get(b, i))) return false;
        return true;
    }
    if (json_is_object(a)) {
        if (json_object_size(a) != json_object_size(b)) return false;
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)a, k, v) {
            const json_t *w = json_object_get(b, k);
            if (!w || !yw_rule_json_same(v, w)) return false;
        }
        return true;
    }
    return json_equal(a, b);
}

/* Compact JSON text of v in the arena, or NULL. */
static const char *text_of(yw_arena *a, const json_t *v) {
    char *s = v ? json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
    const char *copy = s ? yw_arena_strdup(a, s) : NULL;
    free(s);
    return copy;
}

int yw_rule_suite_run(const json_t *suite, yw_rule_suite_failed on_failure, void *ctx, yw_rule_suite_result *out,
                      yw_err *err) {
    memset(out, 0, sizeof *out);
    if (!json_is_array(suite)) return yw_fail(err, YW_E_RULE_SUITE, "");
    size_t i;
    json_t *c;
    json_array_foreach(suite, i, c) {
        if (json_is_string(c)) continue; /* a comment */
        if (!json_is_array(c) || json_array_size(c) != 3) return yw_fail(err, YW_E_RULE_SUITE_CASE, "", i);
        yw_arena one; /* the case's memory, freed after it */
        yw_arena_init(&one);
        yw_arena *a = &one;
        const char *text = text_of(a, json_array_get(c, 0));
        if (!text) {
            yw_arena_reset(a);
            return yw_fail(err, YW_E_NOMEM, NULL);
        }
        const yw_rule *r;
        yw_err why;
        yw_err_clear(&why);
        yw_rule_value v;
        json_t *got = NULL;
        if (yw_rule_compile(a, text, strlen(text), &r, &why) == 0 && yw_rule_eval(r, json_array_get(c, 1), a, &v, &why) == 0)
            got = yw_rule_value_json(&v);
        if (got && yw_rule_json_same(got, json_array_get(c, 2))) {
            out->passed++;
        } else {
            out->failed++;
            if (on_failure) {
                yw_rule_suite_failure f = {i, text, text_of(a, json_array_get(c, 1)), text_of(a, json_array_get(c, 2)),
                                           got ? text_of(a, got) : NULL, got ? NULL : why.message_en};
                on_failure(ctx, &f);
            }
        }
        json_decref(got);
        yw_arena_reset(a);
    }
    return 0;
}
