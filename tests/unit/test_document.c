/* A case's documents, the pure parts (domain/document): the PDF a document's content makes — a
 * whole PDF whose text pdftotext reads back in Chinese, the same bytes for the same document and
 * address, a second page when the words run long, the foot with the code and address — the QR
 * code's modules and its images (a PNG a scanner reads back, an SVG with its quiet zone), and the
 * reading of a verification code as a person types it. Issuing documents
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

/* what a command (its %s the file) prints on stdout for a file holding these bytes; arena text */
static const char *run_on_file(yw_arena *a, const char *command, const yw_buf *bytes, int *status) {
    char path[] = "/tmp/yw-test-qr-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, bytes->data, bytes->len), (ssize_t)bytes->len);
    close(fd);
    FILE *p = popen(yw_arena_printf(a, command, path), "r");
    assert_non_null(p);
    yw_buf out;
    yw_buf_init(&out, a);
    int c;
    while ((c = fgetc(p)) != EOF) yw_buf_putc(&out, (char)c);
    *status = pclose(p);
    unlink(path);
    yw_buf_putc(&out, '\0');
    return out.data;
}

#define CERT_URL "https://zwfw.example.cn/cert.html?id=1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F"

/* A certificate's QR as a PNG: a scanner (zbarimg, from Debian's zbar-tools) reads the address
 * back from it, and it is (modules + 8) × scale pixels a side. */
static void a_png_qr_reads_back_as_its_address(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_qr q;
    assert_int_equal(yw_qr_encode(&a, CERT_URL, &q, &err), 0);
    int scales[] = {2, 6};
    for (int i = 0; i < 2; i++) {
        yw_buf png;
        yw_buf_init(&png, &a);
        assert_int_equal(yw_qr_png(&q, scales[i], &png, &err), 0);
        assert_memory_equal(png.data, "\x89PNG\r\n\x1a\n", 8);
        /* IHDR: width and height, big-endian, at bytes 16 and 20 */
        const unsigned char *h = (const unsigned char *)png.data;
        unsigned side = (unsigned)(q.size + 8) * (unsigned)scales[i];
        assert_int_equal((unsigned)h[16] << 24 | h[17] << 16 | h[18] << 8 | h[19], side);
        assert_int_equal((unsigned)h[20] << 24 | h[21] << 16 | h[22] << 8 | h[23], side);
        int status;
        const char *read = run_on_file(&a, "zbarimg --raw -q %s 2>/dev/null", &png, &status); /* stderr: dbus */
        if (status != 0) fail_msg("zbarimg (scale %d): status %d, %s", scales[i], status, read);
        assert_string_equal(read, CERT_URL "\n");
    }
    yw_arena_reset(&a);
}

/* As an SVG: well-formed XML (xmllint), one <path> that draws exactly the dark modules, each moved
 * in by the 4-module quiet zone, nothing drawn in that zone, and the size in pixels. */
static void an_svg_qr_draws_the_modules_inside_a_quiet_zone(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_qr q;
    assert_int_equal(yw_qr_encode(&a, CERT_URL, &q, &err), 0);
    yw_buf svg;
    yw_buf_init(&svg, &a);
    assert_int_equal(yw_qr_svg(&q, 5, &svg, &err), 0);
    int status;
    const char *lint = run_on_file(&a, "xmllint --noout %s 2>&1", &svg, &status);
    if (status != 0) fail_msg("xmllint: %s", lint);
    int side = q.size + 8;
    char *head = yw_arena_printf(&a, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\"",
                                 side * 5, side * 5, side, side);
    assert_memory_equal(svg.data, head, strlen(head));
    assert_non_null(strstr(svg.data, "shape-rendering=\"crispEdges\""));
    assert_non_null(strstr(svg.data, yw_arena_printf(&a, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>", side, side)));
    const char *d = strstr(svg.data, "<path fill=\"#000\" d=\"");
    assert_non_null(d);
    assert_null(strstr(d + 1, "<path"));
    d += strlen("<path fill=\"#000\" d=\"");
    unsigned char *drawn = yw_arena_calloc(&a, (size_t)q.size * (size_t)q.size, 1);
    while (*d == 'M') {
        int x, y, n, back, used;
        assert_int_equal(sscanf(d, "M%d %dh%dv1h-%dz%n", &x, &y, &n, &back, &used), 4);
        assert_int_equal(n, back);
        if (x < 4 || y < 4 || n < 1 || x + n > q.size + 4 || y >= q.size + 4)
            fail_msg("a rectangle at %d,%d of %d modules reaches into the quiet zone", x, y, n);
        for (int i = 0; i < n; i++) {
            unsigned char *m = &drawn[(size_t)(y - 4) * (size_t)q.size + (size_t)(x - 4 + i)];
            assert_int_equal(*m, 0); /* drawn once */
            *m = 1;
        }
        d += used;
    }
    assert_memory_equal(d, "\"/></svg>\n", 10);
    assert_memory_equal(drawn, q.modules, (size_t)q.size * (size_t)q.size);
    yw_arena_reset(&a);
}

/* A scale outside 1 to YW_QR_SCALE_MAX is refused naming it, and nothing is written. */
static void a_qr_image_refuses_a_scale_out_of_range(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_qr q;
    assert_int_equal(yw_qr_encode(&a, CERT_URL, &q, &err), 0);
    int bad[] = {0, -1, YW_QR_SCALE_MAX + 1};
    for (int i = 0; i < 3; i++) {
        yw_buf out;
        yw_buf_init(&out, &a);
        assert_int_equal(yw_qr_png(&q, bad[i], &out, &err), -1);
        assert_string_equal(err.reason, "document_qr_scale");
        assert_string_equal(err.field, "scale");
        assert_int_equal(out.len, 0);
        assert_int_equal(yw_qr_svg(&q, bad[i], &out, &err), -1);
        assert_string_equal(err.reason, "document_qr_scale");
        assert_int_equal(out.len, 0);
    }
    yw_buf out;
    yw_buf_init(&out, &a);
    assert_int_equal(yw_qr_svg(&q, YW_QR_SCALE_MAX, &out, &err), 0);
    assert_int_equal(yw_qr_png(&q, 1, &out, &err), 0);
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
        cmocka_unit_test(a_png_qr_reads_back_as_its_address),
        cmocka_unit_test(an_svg_qr_draws_the_modules_inside_a_quiet_zone),
        cmocka_unit_test(a_qr_image_refuses_a_scale_out_of_range),
        cmocka_unit_test(reads_a_code_as_typed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
