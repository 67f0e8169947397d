/* A certificate's PDF (domain/cert/pdf.c), from the row alone: laid out like a licence, its text
 * read back by pdftotext says the type, the number, the holder, each field under the type's label
 * (never its key) and the validity (有效期); a certificate no longer valid says so with the
 * reason; the same certificate makes the same bytes; a field too long for one page turns the page
 * and the foot stays whole on the last. Served over HTTP in tests/api/certs.test.mjs. */
#include <stdio.h>
#include <unistd.h>

#include "testutil.h"

#include "domain/cert/cert.h"

static const char URL[] = "https://zwfw.example.cn/verify.html?cert=01M99HVJFJVAS3B08ND50E2RBS";

static const yw_cert_type licence_type = {
    .code = "YYZZ", .name = "营业执照", .department_name = "青岛市市场监督管理局",
    .fields = "[{\"key\":\"entity.name\",\"label\":\"名称\",\"label_en\":\"Name\"},"
              "{\"key\":\"legal_rep.name\",\"label\":\"法定代表人（经营者）\",\"label_en\":\"Legal representative\"},"
              "{\"key\":\"entity.address\",\"label\":\"住所（经营场所）\",\"label_en\":\"Address\"}]",
};

static yw_cert licence(const char *fields) {
    return (yw_cert){.id = "01M99HVJFJVAS3B08ND50E2RBS",
                     .identifier = "1.2.156.3005.2.YYZZ.11370200MB1A0001X7.370200000000000001.001.J",
                     .type_code = "YYZZ", .type_name = "营业执照", .number = "YZ202600000001", .version = 1,
                     .holder_kind = "entity", .holder_id = "91370202MA3CXK7TXN",
                     .holder_name = "青岛海川数字科技有限公司", .fields = fields,
                     .valid_from = "2019-05-19T16:00:00Z", .valid_until = NULL, .state = YW_CERT_VALID,
                     .issued_at = "2026-12-08T00:46:29.171Z", .department_name = "青岛市市场监督管理局",
                     .status = "valid"};
}

static const char FIELDS[] = "{\"entity.address\":\"青岛市市南区示范路8号\",\"entity.name\":\"青岛海川数字科技有限公司\","
                             "\"legal_rep.name\":\"张三\"}";

/* pdftotext's reading of a PDF, without spaces and line breaks, pages apart by form feeds. */
static const char *text_of(yw_arena *a, const yw_buf *pdf) {
    char path[] = "/tmp/yw-test-certpdf-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, pdf->data, pdf->len), (ssize_t)pdf->len);
    close(fd);
    FILE *p = popen(yw_arena_printf(a, "pdftotext -enc UTF-8 %s -", path), "r");
    assert_non_null(p);
    yw_buf out;
    yw_buf_init(&out, a);
    int c;
    while ((c = fgetc(p)) != EOF)
        if (c != ' ' && c != '\n' && c != '\r') yw_buf_putc(&out, (char)c);
    assert_int_equal(pclose(p), 0);
    unlink(path);
    yw_buf_putc(&out, '\0');
    return out.data;
}

static void says(const char *text, const char *const *words, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!strstr(text, words[i])) fail_msg("the PDF does not say %s: %s", words[i], text);
}

static void a_licence_reads_back_with_its_labels_and_validity(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_cert c = licence(FIELDS);
    yw_buf pdf;
    assert_int_equal(yw_cert_pdf(&a, &c, &licence_type, URL, &pdf, &err), 0);
    assert_memory_equal(pdf.data, "%PDF-", 5);
    const char *text = text_of(&a, &pdf);
    const char *words[] = {"营业执照", "编号：YZ202600000001", "统一社会信用代码91370202MA3CXK7TXN",
                           "名称青岛海川数字科技有限公司", "法定代表人（经营者）张三", "住所（经营场所）青岛市市南区示范路8号",
                           "有效期自2019年5月20日至长期", "发证机关：青岛市市场监督管理局", "发证日期：2026年12月8日",
                           "证照标识：1.2.156.3005.2.YYZZ.11370200MB1A0001X7.370200000000000001.001.J", URL};
    says(text, words, sizeof words / sizeof words[0]);
    /* the type's labels, never its keys; the name once (a field says it) */
    assert_null(strstr(text, "entity."));
    assert_null(strstr(text, "持证主体"));
    assert_null(strstr(text, "已撤销"));
    const char *feed = strchr(text, '\f');
    assert_non_null(feed);
    assert_null(strchr(feed + 1, '\f')); /* one page */
    yw_arena_reset(&a);
}

static void a_holder_no_field_names_is_named_and_an_end_is_a_day(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_cert_type card = {.code = "CJRZ", .name = "残疾人证", .department_name = "青岛市民政局",
                         .fields = "[{\"key\":\"disability.grade\",\"label\":\"残疾等级\",\"label_en\":\"Grade\"}]"};
    yw_cert c = licence("{\"disability.grade\":\"四级\"}");
    c.type_name = "残疾人证";
    c.number = "CJ202600000003";
    c.holder_kind = "person";
    c.holder_id = "370202199003071233";
    c.holder_name = "张三";
    c.valid_until = "2036-12-08T15:59:59Z"; /* the last second of 12月8日 in Beijing */
    c.department_name = "青岛市民政局";
    yw_buf pdf;
    assert_int_equal(yw_cert_pdf(&a, &c, &card, URL, &pdf, &err), 0);
    const char *text = text_of(&a, &pdf);
    const char *words[] = {"残疾人证", "编号：CJ202600000003", "持证人张三", "公民身份号码370202199003071233",
                           "残疾等级四级", "有效期自2019年5月20日至2036年12月8日"};
    says(text, words, sizeof words / sizeof words[0]);
    yw_arena_reset(&a);
}

static void a_certificate_no_longer_valid_says_so_with_the_reason(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_cert c = licence(FIELDS);
    c.state = YW_CERT_REVOKED;
    c.status = "revoked";
    c.reason = "以欺骗手段取得许可";
    c.changed_at = "2026-12-08T17:30:00.000Z"; /* 12月9日 in Beijing */
    yw_buf pdf;
    assert_int_equal(yw_cert_pdf(&a, &c, &licence_type, URL, &pdf, &err), 0);
    const char *text = text_of(&a, &pdf);
    const char *words[] = {"本证照已撤销（2026年12月9日）：以欺骗手段取得许可", "营业执照", "有效期"};
    says(text, words, sizeof words / sizeof words[0]);
    c.state = YW_CERT_VALID;
    c.status = "expired";
    c.valid_until = "2020-12-31T15:59:59Z";
    assert_int_equal(yw_cert_pdf(&a, &c, &licence_type, URL, &pdf, &err), 0);
    text = text_of(&a, &pdf);
    assert_non_null(strstr(text, "本证照已过期"));
    assert_null(strstr(text, "以欺骗手段取得许可")); /* an expiry has no reason of its own */
    yw_arena_reset(&a);
}

static void the_same_certificate_makes_the_same_bytes(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_cert c = licence(FIELDS);
    yw_buf one, two, revoked;
    assert_int_equal(yw_cert_pdf(&a, &c, &licence_type, URL, &one, &err), 0);
    assert_int_equal(yw_cert_pdf(&a, &c, &licence_type, URL, &two, &err), 0);
    assert_int_equal(one.len, two.len);
    assert_memory_equal(one.data, two.data, one.len);
    c.status = "revoked";
    assert_int_equal(yw_cert_pdf(&a, &c, &licence_type, URL, &revoked, &err), 0);
    assert_true(revoked.len != one.len || memcmp(revoked.data, one.data, one.len) != 0);
    yw_arena_reset(&a);
}

static void a_long_field_turns_the_page_and_the_foot_stays_whole(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_buf f;
    yw_buf_init(&f, &a);
    /* two fields of 450 characters and more (a field holds 500 at most): more than a page */
    yw_buf_puts(&f, "{\"entity.name\":\"青岛海川数字科技有限公司\",\"legal_rep.name\":\"");
    for (int i = 0; i < 45; i++) yw_buf_puts(&f, "张三李四王五赵六钱七");
    yw_buf_puts(&f, "\",\"entity.address\":\"");
    for (int i = 0; i < 45; i++) yw_buf_puts(&f, "青岛市市南区示范路8号");
    yw_buf_puts(&f, "\"}");
    yw_cert c = licence(f.data);
    yw_buf pdf;
    assert_int_equal(yw_cert_pdf(&a, &c, &licence_type, URL, &pdf, &err), 0);
    const char *text = text_of(&a, &pdf);
    const char *feed = strchr(text, '\f');
    assert_non_null(feed);
    const char *last = feed + 1;
    assert_non_null(strchr(last, '\f')); /* a second page */
    /* the validity and the whole foot on the last */
    assert_non_null(strstr(last, "有效期"));
    assert_non_null(strstr(last, "发证机关：青岛市市场监督管理局"));
    assert_non_null(strstr(last, URL));
    yw_arena_reset(&a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_licence_reads_back_with_its_labels_and_validity),
        cmocka_unit_test(a_holder_no_field_names_is_named_and_an_end_is_a_day),
        cmocka_unit_test(a_certificate_no_longer_valid_says_so_with_the_reason),
        cmocka_unit_test(the_same_certificate_makes_the_same_bytes),
        cmocka_unit_test(a_long_field_turns_the_page_and_the_foot_stays_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
