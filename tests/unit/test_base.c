/* The small shared pieces: arena, buffer, JSON writer (escaping above all), dates, ULIDs. */
#include "testutil.h"

#include "base/enum.h"
#include "base/err.h"

#include "base/arena.h"
#include "base/buf.h"
#include "base/cache.h"
#include "base/csv.h"
#include "base/utf8.h"
#include "base/json_writer.h"
#include <jansson.h>
#include "base/time.h"
#include <stdlib.h>

static void arena_allocations(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    char *small = yw_arena_alloc(&a, 10);
    assert_non_null(small);
    assert_int_equal((uintptr_t)small % 16, 0);
    char *big = yw_arena_alloc(&a, 100000); /* larger than a chunk */
    assert_non_null(big);
    memset(big, 'x', 100000);
    char *after = yw_arena_alloc(&a, 10); /* still served from the first chunk */
    assert_ptr_equal(after, small + 16);
    assert_string_equal(yw_arena_printf(&a, "%s-%d", "a", 42), "a-42");
    assert_string_equal(yw_arena_strndup(&a, "hello", 3), "hel");
    assert_null(yw_arena_calloc(&a, SIZE_MAX / 2, 4)); /* overflow is refused, not wrapped */
    yw_arena_reset(&a);
    assert_int_equal(a.total, 0);
}

static void buffer_growth(void **state) {
    (void)state;
    yw_buf b;
    yw_buf_init(&b, NULL);
    for (int i = 0; i < 1000; i++) yw_buf_printf(&b, "%d,", i);
    assert_false(b.failed);
    assert_int_equal(strncmp(b.data, "0,1,2,", 6), 0);
    assert_int_equal(b.data[b.len], '\0');
    yw_buf_free(&b);
}

static const char *write_string(yw_arena *a, const char *s, size_t n) {
    yw_buf b;
    yw_buf_init(&b, a);
    yw_json_escape(&b, s, n);
    return b.data;
}

static void json_escaping(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    assert_string_equal(write_string(&a, "plain", 5), "\"plain\"");
    assert_string_equal(write_string(&a, "q\"b\\n\n\t\x01", 8), "\"q\\\"b\\\\n\\n\\t\\u0001\"");
    assert_string_equal(write_string(&a, "青岛", strlen("青岛")), "\"青岛\"");
    assert_string_equal(write_string(&a, "😀", 4), "\"😀\"");
    /* invalid UTF-8 becomes U+FFFD: a lone continuation byte, an overlong '/', a surrogate,
     * a truncated sequence */
    assert_string_equal(write_string(&a, "a\x80z", 3), "\"a\xEF\xBF\xBDz\"");
    assert_string_equal(write_string(&a, "\xC0\xAF", 2), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
    assert_string_equal(write_string(&a, "\xED\xA0\x80", 3), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
    assert_string_equal(write_string(&a, "\xE9\x9D", 2), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
    assert_string_equal(write_string(&a, "\xE2\x80\xA8", 3), "\"\\u2028\"");
    /* NUL inside a counted string is escaped, not a terminator */
    assert_string_equal(write_string(&a, "a\0b", 3), "\"a\\u0000b\"");
    yw_arena_reset(&a);
}

static void json_structure(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_buf b;
    yw_buf_init(&b, &a);
    yw_jw w;
    yw_jw_init(&w, &b);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "name", "一网");
    yw_jw_kint(&w, "n", -42);
    yw_jw_kbool(&w, "ok", true);
    yw_jw_key(&w, "list");
    yw_jw_arr(&w);
    yw_jw_int(&w, 1);
    yw_jw_null(&w);
    yw_jw_obj(&w);
    yw_jw_end(&w);
    yw_jw_arr(&w);
    yw_jw_end(&w);
    yw_jw_end(&w);
    yw_jw_kstr(&w, "none", NULL);
    yw_jw_end(&w);
    assert_false(b.failed);
    assert_string_equal(b.data, "{\"name\":\"一网\",\"n\":-42,\"ok\":true,\"list\":[1,null,{},[]],\"none\":null}");
    /* what it writes parses */
    json_error_t jerr;
    json_t *parsed = json_loads(b.data, 0, &jerr);
    assert_non_null(parsed);
    json_decref(parsed);
    yw_arena_reset(&a);
}

static void dates(void **state) {
    (void)state;
    int64_t d;
    yw_err err;
    assert_int_equal(yw_date_parse("1970-01-01", &d, "date", &err), 0);
    assert_int_equal(d, 0);
    assert_int_equal(yw_date_parse("2024-02-29", &d, "date", &err), 0);
    char out[11];
    yw_date_format(d, out);
    assert_string_equal(out, "2024-02-29");
    assert_int_equal(yw_weekday(yw_days_from_civil(2026, 11, 24)), 1); /* Tuesday */
    assert_int_equal(yw_date_parse("2023-02-29", &d, "due", &err), -1);
    assert_string_equal(err.reason, "date_invalid");
    assert_string_equal(err.field, "due");
    assert_int_equal(yw_date_parse("2024/02/01", &d, "due", &err), -1);
    assert_string_equal(err.reason, "date_format");
    assert_string_equal(err.message, "due 应为YYYY-MM-DD格式的日期");
    assert_string_equal(err.message_en, "due must be a date as YYYY-MM-DD");
    assert_int_equal(yw_date_parse("2024-2-1", &d, "due", &err), -1);
    assert_int_equal(yw_date_parse("2024-02-01T00:00", &d, "due", &err), -1);
    assert_int_equal(yw_date_parse("", &d, "due", &err), -1);
    assert_int_equal(yw_date_parse("2024-13-01", &d, "due", &err), -1);
    char ts[25];
    yw_timestamp_format(1700000000123, ts);
    assert_string_equal(ts, "2023-11-14T22:13:20.123Z");
}

/* serve --clock: a civil time in Asia/Shanghai, and the clock running on from it */
static void clock_start(void **state) {
    (void)state;
    int64_t ms;
    yw_err err;
    assert_int_equal(yw_clock_parse("2025-09-28T10:00", &ms, "--clock", &err), 0);
    char ts[YW_TIMESTAMP_SIZE];
    yw_timestamp_format(ms, ts);
    assert_string_equal(ts, "2025-09-28T02:00:00.000Z");
    assert_int_equal(yw_clock_parse("2025-10-01T07:59", &ms, "--clock", &err), 0);
    yw_timestamp_format(ms, ts);
    assert_string_equal(ts, "2025-09-30T23:59:00.000Z");
    const char *bad[] = {"2025-09-31T10:00", "2025-09-28", "2025-09-28T24:00", "2025-09-28T10:60", "2025-09-28 10:00",
                         "2025-09-28T1:00", "2025-09-28T10:00:00", ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(yw_clock_parse(bad[i], &ms, "--clock", &err), -1);
        assert_string_equal(err.field, "--clock");
    }
    yw_clock_start_at(1759024800000); /* 2025-09-28T10:00 in Shanghai */
    int64_t now = yw_now_ms();
    assert_true(now >= 1759024800000 && now < 1759024800000 + 60000);
    assert_true(yw_wall_ms() - now > 3600000); /* the wall clock did not move */
    yw_clock_start_at(yw_wall_ms());
    assert_true(llabs(yw_now_ms() - yw_wall_ms()) < 1000);
}

/* The conversions of a printf format, in order, as their type letters ("%.0s" counts as s). */
static void conversions(const char *f, char *out, size_t size) {
    size_t n = 0;
    for (; *f; f++) {
        if (*f != '%') continue;
        f++;
        if (*f == '%') continue;
        while (*f && strchr("-+ #0123456789.*", *f)) {
            if (*f == '*' && n + 1 < size) out[n++] = '*';
            f++;
        }
        while (*f && strchr("hlLqjzt", *f)) f++;
        if (*f && n + 1 < size) out[n++] = *f;
        if (!*f) break;
    }
    out[n] = '\0';
}

static void error_table_languages_agree(void **state) {
    (void)state;
    for (int id = 0; id < YW_E_COUNT; id++) {
        const char *zh = yw_error_format(id, false), *en = yw_error_format(id, true);
        char a[32], b[32];
        conversions(zh, a, sizeof a);
        conversions(en, b, sizeof b);
        if (strcmp(a, b) != 0) fail_msg("%s: the Chinese and English messages take different arguments (%s, %s)",
                                        yw_error_reason(id), a, b);
        /* reasons are unique */
        for (int k = 0; k < id; k++)
            if (strcmp(yw_error_reason(k), yw_error_reason(id)) == 0) fail_msg("reason %s twice", yw_error_reason(id));
        bool chinese = false; /* the Chinese message is Chinese */
        for (const char *p = zh; *p; p++) chinese |= (*p & 0x80) != 0;
        if (!chinese) fail_msg("%s: the Chinese message is not in Chinese", yw_error_reason(id));
    }
    yw_err err;
    assert_int_equal(yw_fail(&err, YW_E_FIELD_RANGE, "percent", "percent", 0LL, 100LL), -1);
    assert_int_equal(err.code, YW_ERR_INVALID);
    assert_string_equal(err.reason, "field_range");
    assert_string_equal(err.field, "percent");
    char buf[256];
    assert_string_equal(yw_err_message(&err, true, buf, sizeof buf), "percent must be from 0 to 100");
    assert_string_equal(yw_err_message(&err, false, buf, sizeof buf), "percent 应在0至100之间");
    /* a message set with both languages in it is split */
    yw_err_set(&err, YW_ERR_INVALID, NULL, "账号已停用 (this account is disabled)");
    assert_null(err.reason);
    assert_string_equal(yw_err_message(&err, false, buf, sizeof buf), "账号已停用");
    assert_string_equal(yw_err_message(&err, true, buf, sizeof buf), "this account is disabled");
    yw_err_set(&err, YW_ERR_INVALID, NULL, "plain (with parentheses)");
    assert_string_equal(yw_err_message(&err, true, buf, sizeof buf), "plain (with parentheses)");
}

static void enums_and_their_text(void **state) {
    (void)state;
    enum { A, B, C };
    static const yw_enum_text table[] = {{A, "a"}, {B, "bee"}, {C, "c"}, {0, NULL}};
    assert_int_equal(yw_enum_from_text(table, "bee"), B);
    assert_int_equal(yw_enum_from_text(table, "Bee"), -1);
    assert_int_equal(yw_enum_from_text(table, NULL), -1);
    assert_string_equal(yw_enum_to_text(table, C), "c");
    assert_null(yw_enum_to_text(table, 7));
}

static void ulids(void **state) {
    (void)state;
    char a[27], b[27];
    yw_ulid_new(a);
    yw_ulid_new(b);
    assert_int_equal(strlen(a), 26);
    assert_true(yw_ulid_valid(a));
    assert_string_not_equal(a, b);
    assert_false(yw_ulid_valid("01M86ABHVC0B2CCM5J7VSCS37"));  /* 25 */
    assert_false(yw_ulid_valid("01M86ABHVC0B2CCM5J7VSCS37U")); /* U is not Crockford */
    assert_false(yw_ulid_valid("81M86ABHVC0B2CCM5J7VSCS37X")); /* overflows 128 bits */
    /* one thread's identifiers increase strictly, many to a millisecond */
    char prev[27], next[27];
    yw_ulid_new(prev);
    for (int i = 0; i < 10000; i++) {
        yw_ulid_new(next);
        assert_true(yw_ulid_valid(next));
        if (strcmp(prev, next) >= 0) fail_msg("%s then %s", prev, next);
        memcpy(prev, next, sizeof prev);
    }
}

/* The definitions cache: a value built once per key and shared; past its limit it builds into
 * the caller's arena and keeps nothing; many threads asking at once get one value. */
static int builds;
static int make_copy(yw_arena *a, void *ctx, const void **out, yw_err *err) {
    (void)err;
    __atomic_add_fetch(&builds, 1, __ATOMIC_SEQ_CST);
    *out = yw_arena_strdup(a, ctx);
    return *out ? 0 : -1;
}
static yw_cache shared_cache = YW_CACHE_INIT(100, 1 << 20);
static void *ask(void *key) {
    const void *v;
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
    for (int i = 0; i < 200; i++) yw_cache_get(&shared_cache, key, make_copy, key, &a, &v, NULL, &err);
    yw_arena_reset(&a);
    return (void *)v;
}
static void cache_builds_once(void **state) {
    (void)state;
    static yw_cache small = YW_CACHE_INIT(2, 1 << 20);
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    const void *v1, *v2, *v3;
    bool hit;
    builds = 0;
    assert_int_equal(yw_cache_get(&small, "a", make_copy, "value a", &a, &v1, &hit, &err), 0);
    assert_false(hit);
    assert_int_equal(yw_cache_get(&small, "a", make_copy, "value a", &a, &v2, &hit, &err), 0);
    assert_true(hit);
    assert_ptr_equal(v1, v2);
    assert_int_equal(builds, 1);
    assert_int_equal(yw_cache_get(&small, "b", make_copy, "value b", &a, &v3, &hit, &err), 0);
    /* full: built in the caller's arena each time, never kept */
    assert_int_equal(yw_cache_get(&small, "c", make_copy, "value c", &a, &v1, &hit, &err), 0);
    assert_int_equal(yw_cache_get(&small, "c", make_copy, "value c", &a, &v2, &hit, &err), 0);
    assert_false(hit);
    assert_ptr_not_equal(v1, v2);
    assert_string_equal(v2, "value c");
    assert_int_equal(builds, 4);
    yw_arena_reset(&a);
    /* four threads, one key: one build, one value */
    builds = 0;
    pthread_t t[4];
    void *got[4];
    for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, ask, "shared");
    for (int i = 0; i < 4; i++) pthread_join(t[i], &got[i]);
    assert_int_equal(builds, 1);
    for (int i = 1; i < 4; i++) assert_ptr_equal(got[i], got[0]);
}

/* One CSV field: quoted when it must be, and never a formula a spreadsheet would run. */
static void csv_fields_are_never_formulas(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    struct {
        const char *in, *out;
    } cases[] = {
        {"青岛海川数字科技有限公司", "青岛海川数字科技有限公司"},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"two\nlines", "\"two\nlines\""},
        {"=HYPERLINK(\"http://x/\",\"点击\")", "\"'=HYPERLINK(\"\"http://x/\"\",\"\"点击\"\")\""},
        {"=1+2", "'=1+2"},
        {"+86 532", "'+86 532"},
        {"-A1", "'-A1"},
        {"@SUM(A1)", "'@SUM(A1)"},
        {"\t=1", "'\t=1"},
        {"\r=1", "\"'\r=1\""},
        {"a=b", "a=b"},
        {"", ""},
        {NULL, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        yw_buf b;
        yw_buf_init(&b, &a);
        yw_buf_puts(&b, "");
        yw_csv_put(&b, cases[i].in);
        assert_false(b.failed);
        assert_string_equal(b.data, cases[i].out);
    }
    yw_arena_reset(&a);
}

/* Blank means blank in Unicode: its white space and the zero-width spaces, nothing else. */
static void blank_in_unicode(void **state) {
    (void)state;
    const char *blank[] = {"", " \t\r\n", "\u3000", "\u3000\u3000", "\xc2\xa0", "\u2003\u2002\u2009", "\u200b",
                           "\ufeff", "\u2028\u2029", "\u202f\u205f\u1680\xc2\x85", "\u2060 \u3000"};
    for (size_t i = 0; i < sizeof blank / sizeof blank[0]; i++) assert_true(yw_utf8_blank(blank[i], strlen(blank[i])));
    const char *not_blank[] = {"a", "\u3000a", "海", "\xc2\xad", "\u200c\u200dx", "\xe3\x80", "\xff", "\u3000\xe3"};
    for (size_t i = 0; i < sizeof not_blank / sizeof not_blank[0]; i++)
        assert_false(yw_utf8_blank(not_blank[i], strlen(not_blank[i])));
}

int main(void) {
    test_init_sodium();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_allocations), cmocka_unit_test(buffer_growth), cmocka_unit_test(json_escaping),
        cmocka_unit_test(json_structure),    cmocka_unit_test(dates), cmocka_unit_test(clock_start),         cmocka_unit_test(ulids),
        cmocka_unit_test(error_table_languages_agree), cmocka_unit_test(enums_and_their_text),
        cmocka_unit_test(cache_builds_once),
        cmocka_unit_test(csv_fields_are_never_formulas), cmocka_unit_test(blank_in_unicode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
