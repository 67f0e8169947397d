/* A suite of rule cases: an array of cases with comment strings between them, each either in
 * the form of jsonlogic.com's tests.json, [rule, data, expected], or in the form of the JSON
 * Logic community's suites, {"rule", "data", "result"} or {"rule", "data", "error": {"type"}}
 * (other members, such as a description, are ignored). Each case is compiled through the text
 * path (as a policy's rule arrives) and evaluated; its result is compared with the expected one
 * by value (17 and 17.0 are the same); an expected error by its type — the type of the error
 * the rule raised, or "Invalid Arguments" for a rule refused when compiled (a refusal is how the
 * engine answers arguments it cannot take). Used by `yiwang rule test` and by the unit tests. */
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

/* The type an expected error or a raised one names ({"type": …}), or NULL. */
static const json_t *type_of(const json_t *error) { return json_is_object(error) ? json_object_get(error, "type") : NULL; }

int yw_rule_suite_run(const json_t *suite, yw_rule_suite_failed on_failure, void *ctx, yw_rule_suite_result *out,
                      yw_err *err) {
    memset(out, 0, sizeof *out);
    if (!json_is_array(suite)) return yw_fail(err, YW_E_RULE_SUITE, "");
    size_t i;
    json_t *c;
    json_array_foreach(suite, i, c) {
        if (json_is_string(c)) continue; /* a comment */
        const json_t *rule, *data, *expected, *error = NULL;
        if (json_is_array(c) && json_array_size(c) == 3) {
            rule = json_array_get(c, 0), data = json_array_get(c, 1), expected = json_array_get(c, 2);
        } else if (json_is_object(c) && (rule = json_object_get(c, "rule")) &&
                   ((expected = json_object_get(c, "result")) || (error = json_object_get(c, "error")))) {
            data = json_object_get(c, "data");
            if (error) expected = NULL;
        } else {
            return yw_fail(err, YW_E_RULE_SUITE_CASE, "", i);
        }
        yw_arena one; /* the case's memory, freed after it */
        yw_arena_init(&one);
        yw_arena *a = &one;
        const char *text = text_of(a, rule);
        if (!text) {
            yw_arena_reset(a);
            return yw_fail(err, YW_E_NOMEM, NULL);
        }
        const yw_rule *r;
        yw_err why;
        yw_err_clear(&why);
        yw_rule_value v;
        json_t *got = NULL, *raised = NULL;
        bool refused = yw_rule_compile(a, text, strlen(text), &r, &why) < 0;
        if (!refused && yw_rule_eval(r, data, a, &v, &why) == 0)
            got = yw_rule_value_json(&v);
        else if (!refused && v.type == YW_RULE_OBJECT) /* raised an error: its value */
            raised = yw_rule_value_json(&v);
        bool pass;
        if (!error) {
            pass = got && yw_rule_json_same(got, expected);
        } else if (raised) {
            pass = type_of(error) && type_of(raised) && yw_rule_json_same(type_of(error), type_of(raised));
        } else {
            const char *type = json_string_value(type_of(error));
            pass = refused && type && strcmp(type, "Invalid Arguments") == 0;
        }
        if (pass) {
            out->passed++;
        } else {
            out->failed++;
            if (on_failure) {
                json_t *want = error ? json_pack("{sO}", "error", error) : NULL;
                json_t *had = raised ? json_pack("{sO}", "error", raised) : NULL;
                yw_rule_suite_failure f = {i, text, text_of(a, data), text_of(a, error ? want : expected),
                                           got ? text_of(a, got) : had ? text_of(a, had) : NULL,
                                           got || had ? NULL : why.message_en};
                on_failure(ctx, &f);
                json_decref(want);
                json_decref(had);
            }
        }
        json_decref(got);
        json_decref(raised);
        yw_arena_reset(a);
    }
    return 0;
}
