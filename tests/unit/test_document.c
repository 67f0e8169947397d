/* A case's documents, the pure parts (domain/document): the PDF a document's content makes — a
 * whole PDF whose text pdftotext reads back in Chinese, the same bytes for the same document and
 * address, a second page when the words run long, the foot with the code and address — the QR
 * code's modules, and the reading of a verification code as a person types it. Issuing documents
 * at each step is tested over HTTP on both stores (tests/api/documents.test.mjs). */
#include <stdio.h>
#include <unistd.h>

#include "testutil.h"
#include "testcase.h"

#include "domain/document/document.h"

static const char *content_of(yw_arena *a, int entries) {
    yw_buf b;
    yw_buf_init(&b, a);
    yw_buf_puts(&b, "{\"kind\":\"decision\",\"serial\":1,\"title\":\"不予受理决定书\",\"office\":\"青岛市市场监督管理局\","
                    "\"number\":\"3702022026120800007\",\"case_title\":\"个体工商户登记\",\"applicant\":\"张三\","
                    "\"issued_on\":\"2026-12-08\",\"issued_on_words\":\"2026年12月8日\",\"blocks\":["
                    "[\"to\",\"张三：\"],[\"p\",\"经审查，不予受理。理由如下：\"],[\"h\",\"权利告知\"],"
                    "[\"p\",\"可以自收到本决定书之日起60日内申请行政复议，6个月内提起行政诉讼。\"]");
    for (int i = 0; i < entries; i++) yw_buf_printf(&b, ",[\"li\",\"第%d项材料：请重新上传\"]", i + 1);
    yw_buf_puts(&b, "]}");
    assert_false(b.failed);
    return b.data;
}

static yw_document document_of(const char *content) {
    return (yw_document){.kind = YW_DOC_DECISION, .serial = 1, .issued_at = "2026-12-08T02:00:00.000Z",
                         .content = content, .code = "D2TTM4S24N493M3D"};
}

/* pdftotext's reading of a PDF, with the spaces and line breaks taken out and pages kept apart by
 * form feeds. Arena text. */
static const char *text_of(yw_arena *a, const yw_buf *pdf) {
    char path[] = "/tmp/yw-test-document-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, pdf->data, pdf->len), (ssize_t)pdf->len);
    close(fd);
    char *cmd = yw_arena_printf(a, "pdftotext -enc UTF-8 %s -", path);
    FILE *p = popen(cmd, "r");
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

static void renders_a_pdf_whose_text_reads_back(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_document d = document_of(content_of(&a, 2));
    yw_buf pdf;
    assert_int_equal(yw_document_pdf(&a, &d, "https://zwfw.example.cn/verify.html?code=D2TTM4S24N493M3D", &pdf, &err), 0);
    assert_true(pdf.len > 1000);
    assert_memory_equal(pdf.data, "%PDF-", 5);
    const char *text = text_of(&a, &pdf);
    const char *expected[] = {"青岛市市场监督管理局", "不予受理决定书", "办件编号：3702022026120800007", "张三：",
                              "60日内申请行政复议", "6个月内提起行政诉讼", "·第2项材料：请重新上传", "2026年12月8日",
                              "验证码：D2TT-M4S2-4N49-3M3D", "https://zwfw.example.cn/verify.html?code=D2TTM4S24N493M3D"};
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        if (!strstr(text, expected[i])) fail_msg("the PDF does not say %s: %s", expected[i], text);
    const char *feed = strchr(text, '\f'); /* one page: one form feed at its end */
    assert_non_null(feed);
    assert_null(strchr(feed + 1, '\f'));
    yw_arena_reset(&a);
}

static void the_same_document_makes_the_same_bytes(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_document d = document_of(content_of(&a, 3));
    yw_buf one, two, elsewhere;
    const char *url = "http://127.0.0.1:8080/verify.html?code=D2TTM4S24N493M3D";
    assert_int_equal(yw_document_pdf(&a, &d, url, &one, &err), 0);
    assert_int_equal(yw_document_pdf(&a, &d, url, &two, &err), 0);
    assert_int_equal(one.len, two.len);
    assert_memory_equal(one.data, two.data, one.len);
    assert_int_equal(yw_document_pdf(&a, &d, "https://zwfw.example.cn/verify.html?code=D2TTM4S24N493M3D", &elsewhere, &err), 0);
    assert_true(elsewhere.len != one.len || memcmp(elsewhere.data, one.data, one.len) != 0);
    yw_arena_reset(&a);
}

static void long_words_run_onto_a_second_page(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_document d = document_of(content_of(&a, 60));
    yw_buf pdf;
    assert_int_equal(yw_document_pdf(&a, &d, "http://localhost/verify.html?code=D2TTM4S24N493M3D", &pdf, &err), 0);
    const char *text = text_of(&a, &pdf);
    const char *feed = strchr(text, '\f');
    assert_non_null(feed); /* pdftotext ends each page with a form feed: two pages, two feeds */
    assert_non_null(strchr(feed + 1, '\f'));
    assert_non_null(strstr(text, "第60项材料：请重新上传"));
    assert_non_null(strstr(feed, "D2TT-M4S2-4N49-3M3D")); /* the foot on the last page */
    yw_arena_reset(&a);
}

static void a_content_without_blocks_is_refused(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_document d = document_of("{\"title\":\"受理回执\"}");
    yw_buf pdf;
    assert_int_equal(yw_document_pdf(&a, &d, "http://localhost/verify.html?code=X", &pdf, &err), -1);
    assert_string_equal(err.reason, "document_render");
    yw_arena_reset(&a);
}

static void a_qr_code_holds_the_address(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_qr q;
    assert_int_equal(yw_qr_encode(&a, "https://zwfw.example.cn/verify.html?code=D2TTM4S24N493M3D", &q, &err), 0);
    /* 57 bytes at level M: version 4, 33 modules a side; its three finder patterns dark at the corners */
    assert_int_equal(q.size, 33);
    assert_true(q.modules[0] && q.modules[q.size - 1] && q.modules[(q.size - 1) * q.size]);
    assert_false(q.modules[q.size * q.size - 1]);
    yw_arena_reset(&a);
}

static void reads_a_code_as_typed(void **state) {
    (void)state;
    char code[YW_DOCUMENT_CODE_SIZE];
    assert_true(yw_document_code_parse("D2TTM4S24N493M3D", 16, code));
    assert_string_equal(code, "D2TTM4S24N493M3D");
    assert_true(yw_document_code_parse("d2tt-m4s2 4n49-3m3d", 19, code));
    assert_string_equal(code, "D2TTM4S24N493M3D");
    /* I and L read as 1, O as 0: a code read out or copied by hand */
    assert_true(yw_document_code_parse("oooo-iiii-llll-0000", 19, code));
    assert_string_equal(code, "0000111111110000");
    assert_false(yw_document_code_parse("D2TTM4S24N493M3", 15, code));   /* one short */
    assert_false(yw_document_code_parse("D2TTM4S24N493M3DD", 17, code)); /* one over */
    assert_false(yw_document_code_parse("D2TTM4S24N493M3U", 16, code));  /* U is not Crockford's */
    assert_false(yw_document_code_parse("D2TTM4S24N493M3\0", 16, code)); /* a NUL inside */
    assert_false(yw_document_code_parse("", 0, code));
    assert_false(yw_document_code_parse(NULL, 0, code));
}

int main(void) {
    test_init_sodium();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(renders_a_pdf_whose_text_reads_back),
        cmocka_unit_test(the_same_document_makes_the_same_bytes),
        cmocka_unit_test(long_words_run_onto_a_second_page),
        cmocka_unit_test(a_content_without_blocks_is_refused),
        cmocka_unit_test(a_qr_code_holds_the_address),
        cmocka_unit_test(reads_a_code_as_typed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
