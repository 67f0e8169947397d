/* The router's pure parts: form bodies checked against a route's declared fields exactly as JSON
 * bodies are (the same reasons, naming the same field), Open311's optional arguments (an empty
 * value is no value), XML text escaped, and the route tables themselves obeying their rules
 * (yw_router_check: form tables authenticate by API key, patterns under their prefix). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "http/http.h"

static const char *const colours[] = {"red", "green", NULL};
static const yw_field_spec spec[] = {
    YW_STR("code", true, 8), YW_INT("count", false, 1, 100), YW_BOOL("urgent", false),
    YW_ENUM("colour", false, colours), YW_TEXT("note", false, 40), YW_END,
};

/* The reason and field of refusing text as a form body, and the same fields as JSON. */
static void refused_alike(const char *form, const char *json, const char *reason, const char *field) {
    json_t *out;
    yw_err a, b;
    assert_int_equal(yw_http_parse_form(form, strlen(form), spec, &out, &a), -1);
    assert_int_equal(yw_http_parse_body(json, strlen(json), spec, &out, &b), -1);
    assert_string_equal(a.reason, reason);
    assert_string_equal(b.reason, reason);
    assert_string_equal(a.field, field);
    assert_string_equal(b.field, field);
    assert_int_equal(a.code, b.code);
}

static void form_fields_are_checked_as_json_fields_are(void **state) {
    (void)state;
    refused_alike("code=a&extra=1", "{\"code\":\"a\",\"extra\":1}", "field_unknown", "extra");
    refused_alike("count=2", "{\"count\":2}", "field_required", "code");
    refused_alike("code=a&count=101", "{\"code\":\"a\",\"count\":101}", "field_range", "count");
    refused_alike("code=a&count=two", "{\"code\":\"a\",\"count\":\"two\"}", "field_type", "count");
    refused_alike("code=a&count=+5", "{\"code\":\"a\",\"count\":\"+5\"}", "field_type", "count");
    refused_alike("code=a&urgent=yes", "{\"code\":\"a\",\"urgent\":\"yes\"}", "field_type", "urgent");
    refused_alike("code=a&colour=blue", "{\"code\":\"a\",\"colour\":\"blue\"}", "field_value", "colour");
    refused_alike("code=123456789", "{\"code\":\"123456789\"}", "field_too_long", "code");
    refused_alike("code=a%09b", "{\"code\":\"a\\tb\"}", "field_control_characters", "code");
    refused_alike("code=+", "{\"code\":\" \"}", "field_blank", "code");

    json_t *out;
    yw_err err;
    /* past 64 bits: out of range (jansson refuses it in JSON before the field is looked at) */
    const char *huge = "code=a&count=-9223372036854775809";
    assert_int_equal(yw_http_parse_form(huge, strlen(huge), spec, &out, &err), -1);
    assert_string_equal(err.reason, "field_range");
    const char *twice = "code=a&code=b";
    assert_int_equal(yw_http_parse_form(twice, strlen(twice), spec, &out, &err), -1);
    assert_string_equal(err.reason, "field_repeated");
    assert_string_equal(err.field, "code");
    const char *bad = "code=%zz";
    assert_int_equal(yw_http_parse_form(bad, strlen(bad), spec, &out, &err), -1);
    assert_string_equal(err.reason, "form_malformed");
    assert_int_equal(err.code, YW_ERR_BAD_REQUEST);
    const char *latin1 = "code=%E9";
    assert_int_equal(yw_http_parse_form(latin1, strlen(latin1), spec, &out, &err), -1);
    assert_string_equal(err.reason, "field_utf8");
}

static void form_values_come_typed_and_empty_ones_are_absent(void **state) {
    (void)state;
    const char *text = "code=A%2FB&count=7&urgent=1&colour=&note=line+one%0Aline+two&";
    json_t *out;
    yw_err err;
    assert_int_equal(yw_http_parse_form(text, strlen(text), spec, &out, &err), 0);
    assert_string_equal(json_string_value(json_object_get(out, "code")), "A/B");
    assert_int_equal(json_integer_value(json_object_get(out, "count")), 7);
    assert_true(json_is_true(json_object_get(out, "urgent")));
    assert_null(json_object_get(out, "colour"));
    assert_string_equal(json_string_value(json_object_get(out, "note")), "line one\nline two");
    json_decref(out);
    /* an empty body is an object without fields: required ones are then missing */
    static const yw_field_spec optional[] = {YW_INT("n", false, 0, 1), YW_END};
    assert_int_equal(yw_http_parse_form("", 0, optional, &out, &err), 0);
    assert_int_equal(json_object_size(out), 0);
    json_decref(out);
    assert_int_equal(yw_http_parse_form("", 0, spec, &out, &err), -1);
    assert_string_equal(err.reason, "field_required");
}

static void form_content_type(void **state) {
    (void)state;
    yw_err err;
    const char *ok = "application/x-www-form-urlencoded; charset=utf-8";
    assert_int_equal(yw_http_check_form_type(ok, strlen(ok), &err), 0);
    const char *json = "application/json";
    assert_int_equal(yw_http_check_form_type(json, strlen(json), &err), -1);
    assert_string_equal(err.reason, "media_type_form");
    const char *longer = "application/x-www-form-urlencodedx";
    assert_int_equal(yw_http_check_form_type(longer, strlen(longer), &err), -1);
}

static void xml_text_is_escaped(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_buf b;
    yw_buf_init(&b, &a);
    yw_xml_text(&b, "a<b & \"c\" 'd' >\x01 你好\n");
    yw_buf_putc(&b, '\0');
    assert_string_equal(b.data, "a&lt;b &amp; &quot;c&quot; &apos;d&apos; &gt; 你好\n");
    yw_arena_reset(&a);
}

static void route_tables_obey_their_rules(void **state) {
    (void)state;
    yw_err err;
    yw_err_clear(&err);
    assert_int_equal(yw_router_check(&err), 0);
    /* the API lives under /api/; a path under no prefix is a static file */
    const yw_route_table *api = yw_router_table("/api/v1/departments", 19);
    assert_non_null(api);
    assert_int_equal(api->callers, YW_CALLERS_SESSION);
    assert_int_equal(api->bodies, YW_BODIES_JSON);
    assert_null(yw_router_table("/index.html", 11));
    assert_null(yw_router_table("/api", 4));
    assert_false(yw_router_xml(api, "/api/v1/x.xml", 13));
    bool known;
    assert_non_null(yw_router_match(api, "GET", 3, "/api/v1/departments", 19, NULL, &known));
#ifdef YW_TEST_ROUTES
    const yw_route_table *t = yw_router_table("/test/open311/v2/echo.xml", 25);
    assert_non_null(t);
    assert_int_equal(t->dialect, YW_DIALECT_OPEN311);
    assert_int_equal(t->bodies, YW_BODIES_FORM);
    assert_int_equal(t->callers, YW_CALLERS_APIKEY);
    assert_true(yw_router_xml(t, "/test/open311/v2/echo.xml", 25));
    assert_false(yw_router_xml(t, "/test/open311/v2/echo.json", 26));
    /* each prefix's routes only: the API's paths are not found under another table */
    assert_null(yw_router_match(t, "GET", 3, "/api/v1/departments", 19, NULL, &known));
    assert_false(known);
#endif
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(form_fields_are_checked_as_json_fields_are),
        cmocka_unit_test(form_values_come_typed_and_empty_ones_are_absent),
        cmocka_unit_test(form_content_type),
        cmocka_unit_test(xml_text_is_escaped),
        cmocka_unit_test(route_tables_obey_their_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
