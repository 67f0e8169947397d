/* A route table only test builds compile in (cmake -DYW_TEST_ROUTES=ON, the sanitizer build's
 * default): a second prefix in Open311 GeoReport v2's dialect, with form-encoded bodies and API
 * keys, so that tests/api/dialects.test.mjs shows that such a table goes through the router
 * like the JSON API — declared fields checked, errors in the dialect, JSON or XML by the path's
 * extension, keys checked and counted — before the real Open311 endpoints exist. The handlers
 * answer what they were given. */
#include "http.h"

#ifdef YW_TEST_ROUTES

#include <stdio.h>

/* One flat record answered as Open311 answers: [{"k":v,…}] or <root><k>v</k>…</root>. */
typedef struct {
    const char *name;
    const char *text; /* a string, or NULL for a number or a boolean in num/flag */
    int64_t num;
    int kind; /* 0 string, 1 integer, 2 boolean */
} field;

static int answer(yw_http_ctx *c, int status, const char *root, const field *f, int n, yw_err *err) {
    yw_buf b;
    yw_buf_init(&b, c->arena);
    if (c->xml) {
        yw_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<");
        yw_buf_puts(&b, root);
        yw_buf_puts(&b, ">");
        for (int i = 0; i < n; i++) {
            char num[24];
            yw_buf_printf(&b, "<%s>", f[i].name);
            if (f[i].kind == 0) yw_xml_text(&b, f[i].text);
            else if (f[i].kind == 1) snprintf(num, sizeof num, "%lld", (long long)f[i].num), yw_buf_puts(&b, num);
            else yw_buf_puts(&b, f[i].num ? "true" : "false");
            yw_buf_printf(&b, "</%s>", f[i].name);
        }
        yw_buf_printf(&b, "</%s>\n", root);
    } else {
        yw_jw w;
        yw_jw_begin(&w, &b, c->arena);
        yw_jw_arr(&w);
        yw_jw_obj(&w);
        for (int i = 0; i < n; i++) {
            if (f[i].kind == 0) yw_jw_kstr(&w, f[i].name, f[i].text);
            else if (f[i].kind == 1) yw_jw_kint(&w, f[i].name, f[i].num);
            else yw_jw_kbool(&w, f[i].name, f[i].num != 0);
        }
        yw_jw_end(&w);
        yw_jw_end(&w);
    }
    return yw_http_reply_open311(c, status, &b, err);
}

/* GET echo: the query string, public */
static int echo_query(yw_http_ctx *c, yw_err *err) {
    field f[] = {{"word", yw_query_str(c, "word"), 0, 0}, {"n", NULL, yw_query_int(c, "n", 1), 1}};
    /* the word first when given: a record holds only what was asked */
    return f[0].text ? answer(c, 200, "echo", f, 2, err) : answer(c, 200, "echo", f + 1, 1, err);
}

/* POST echo: the form body and the key that sent it, run as a write */
static int echo_form(yw_http_ctx *c, yw_err *err) {
    const char *description = yw_body_str(c, "description");
    field f[] = {
        {"caller", c->actor->name, 0, 0},
        {"service_code", yw_body_str(c, "service_code"), 0, 0},
        {"count", NULL, yw_body_int(c, "count", 1), 1},
        {"urgent", NULL, yw_body_bool(c, "urgent", false), 2},
        {"description", description, 0, 0},
    };
    return answer(c, 201, "echo", f, description ? 5 : 4, err);
}

/* GET whoami: the key's name, a read after its gate */
static int whoami(yw_http_ctx *c, yw_err *err) {
    field f[] = {{"caller", c->actor->name, 0, 0}, {"kind", c->actor->kind, 0, 0}};
    return answer(c, 200, "whoami", f, 2, err);
}

static const yw_field_spec echo_query_spec[] = {YW_STR("word", false, 40), YW_INT("n", false, 1, 10), YW_END};
static const yw_field_spec echo_form_spec[] = {
    YW_STR("service_code", true, 20),
    YW_TEXT("description", false, 400),
    YW_INT("count", false, 1, 100),
    YW_BOOL("urgent", false),
    YW_END,
};

const yw_route yw_api_test_open311_routes[] = {
    {"GET", "/test/open311/v2/echo.json", echo_query, YW_AUTH_PUBLIC, YW_READ, NULL, echo_query_spec, NULL},
    {"GET", "/test/open311/v2/echo.xml", echo_query, YW_AUTH_PUBLIC, YW_READ, NULL, echo_query_spec, NULL},
    {"POST", "/test/open311/v2/echo.json", echo_form, YW_AUTH_LOGIN, YW_WRITE, echo_form_spec, NULL, NULL},
    {"POST", "/test/open311/v2/echo.xml", echo_form, YW_AUTH_LOGIN, YW_WRITE, echo_form_spec, NULL, NULL},
    {"GET", "/test/open311/v2/whoami.json", whoami, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {"GET", "/test/open311/v2/whoami.xml", whoami, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};

#else
/* not a test build: nothing here (ISO C wants a declaration in every file) */
typedef int yw_api_test_not_built;
#endif
