/* Uploads (domain/upload): each type told by its content (OFD as a ZIP with OFD.xml at its root,
 * by its central directory or, without one, by its local headers), declared types that are not
 * the content's, empty and oversized files, one copy per hash however often and by whomever it
 * is uploaded, the owner rows and their audit entries, who may refer to and read an upload, and
 * the shared uploads directory. On both stores. */
#include <sys/stat.h>

#include "domain/core/demo.h"
#include "testutil.h"
#include "testcase.h"

#include "domain/upload/upload.h"

/* ---- files of each type ---- */

/* Each the smallest file of its type that is whole: a PDF with its cross-reference and trailer, a
 * JPEG from SOI through a scan to EOI, a PNG of one grey pixel from IHDR to IEND. */
static const char pdf[] = "%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n"
                          "xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n"
                          "trailer<</Size 2/Root 1 0 R>>\nstartxref\n40\n%%EOF\n";
static const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J',  'F',  'I',  'F',  0x00, 0x01, 0x01,
                                     0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01,
                                     0x00, 0x00, 0x3F, 0x00, 0x12, 0x34, 0xFF, 0xD9};
static const unsigned char png[] = {
    0x89, 'P',  'N',  'G',  '\r', '\n', 0x1A, '\n', 0,    0,    0,    0x0D, 'I',  'H',  'D',  'R',  0,    0,    0,
    1,    0,    0,    0,    1,    8,    0,    0,    0,    0,    0x3A, 0x7E, 0x9B, 0x55, 0,    0,    0,    10,   'I',
    'D',  'A',  'T',  0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x48, 0xAF, 0xA4, 0x71, 0,    0,
    0,    0,    'I',  'E',  'N',  'D',  0xAE, 0x42, 0x60, 0x82};

/* bytes a then bytes b, in the arena */
static unsigned char *cat(yw_arena *a, const void *x, size_t nx, const void *y, size_t ny) {
    unsigned char *p = yw_arena_alloc(a, nx + ny + 1);
    assert_non_null(p);
    memcpy(p, x, nx);
    memcpy(p + nx, y, ny);
    return p;
}

static unsigned char *put16(unsigned char *p, unsigned v) {
    p[0] = (unsigned char)v, p[1] = (unsigned char)(v >> 8);
    return p + 2;
}
static unsigned char *put32(unsigned char *p, unsigned v) {
    put16(p, v & 0xFFFF);
    return put16(p + 2, v >> 16);
}

/* A ZIP archive of stored entries (each holding "<x/>"), as an OFD file is one: the local
 * headers, then — unless cut — the central directory and its end record. Returns its length. */
static size_t make_zip(unsigned char *out, const char *const *names, bool with_directory) {
    static const char body[] = "<x/>";
    size_t blen = sizeof body - 1;
    unsigned offsets[8];
    unsigned char *p = out;
    int n = 0;
    for (; names[n]; n++) {
        offsets[n] = (unsigned)(p - out);
        size_t nl = strlen(names[n]);
        memcpy(p, "PK\x03\x04", 4);
        p = put16(p + 4, 20), p = put16(p, 0), p = put16(p, 0), p = put16(p, 0), p = put16(p, 0);
        p = put32(p, 0), p = put32(p, (unsigned)blen), p = put32(p, (unsigned)blen);
        p = put16(p, (unsigned)nl), p = put16(p, 0);
        memcpy(p, names[n], nl), p += nl;
        memcpy(p, body, blen), p += blen;
    }
    if (!with_directory) return (size_t)(p - out);
    unsigned cd = (unsigned)(p - out);
    for (int i = 0; i < n; i++) {
        size_t nl = strlen(names[i]);
        memcpy(p, "PK\x01\x02", 4);
        p = put16(p + 4, 20), p = put16(p, 20), p = put16(p, 0), p = put16(p, 0), p = put16(p, 0), p = put16(p, 0);
        p = put32(p, 0), p = put32(p, (unsigned)blen), p = put32(p, (unsigned)blen);
        p = put16(p, (unsigned)nl), p = put16(p, 0), p = put16(p, 0), p = put16(p, 0), p = put16(p, 0);
        p = put32(p, 0), p = put32(p, offsets[i]);
        memcpy(p, names[i], nl), p += nl;
    }
    unsigned cd_size = (unsigned)(p - out) - cd;
    memcpy(p, "PK\x05\x06", 4);
    p = put16(p + 4, 0), p = put16(p, 0), p = put16(p, (unsigned)n), p = put16(p, (unsigned)n);
    p = put32(p, cd_size), p = put32(p, cd), p = put16(p, 0);
    return (size_t)(p - out);
}

static void sniffs_each_type_by_content(void **state) {
    (void)state;
    unsigned char zip[2048];
    assert_string_equal(yw_upload_sniff(pdf, sizeof pdf - 1), "application/pdf");
    assert_string_equal(yw_upload_sniff(jpeg, sizeof jpeg), "image/jpeg");
    assert_string_equal(yw_upload_sniff(png, sizeof png), "image/png");
    /* OFD: OFD.xml at the root, found in the central directory, also when it is not first */
    size_t n = make_zip(zip, (const char *[]){"Doc_0/Document.xml", "OFD.xml", NULL}, true);
    assert_string_equal(yw_upload_sniff(zip, n), "application/ofd");
    /* a ZIP whose OFD.xml is not at the root, or that has none, is a ZIP, not an OFD */
    n = make_zip(zip, (const char *[]){"Doc_0/OFD.xml", NULL}, true);
    assert_string_equal(yw_upload_sniff(zip, n), "application/zip");
    n = make_zip(zip, (const char *[]){"ofd.xmlx", "word/document.xml", NULL}, true);
    assert_string_equal(yw_upload_sniff(zip, n), "application/zip");
    /* an archive cut before its directory is no archive a reader opens */
    n = make_zip(zip, (const char *[]){"Doc_0/Document.xml", "OFD.xml", NULL}, false);
    assert_null(yw_upload_sniff(zip, n));
    /* a central directory claiming more entries than it holds is not read past its end */
    n = make_zip(zip, (const char *[]){"OFD.xml", NULL}, true);
    put16(zip + n - 22 + 10, 9), put16(zip + n - 22 + 8, 9);
    assert_string_equal(yw_upload_sniff(zip, n), "application/ofd");
    put32(zip + n - 22 + 16, 0xFFFFFFF0u); /* a directory past the end: nothing to read */
    assert_null(yw_upload_sniff(zip, n));
    /* nothing else, and nothing short */
    assert_null(yw_upload_sniff("GIF89a", 6));
    assert_null(yw_upload_sniff("%PDF", 4));
    assert_null(yw_upload_sniff(png, 7));
    assert_null(yw_upload_sniff("", 0));
    assert_null(yw_upload_sniff(NULL, 10));
    assert_null(yw_upload_sniff("%PDF-1.7\n%%EOF\n", 15)); /* a header and an end, nothing between */
    /* hashes as this concept writes them */
    assert_true(yw_upload_sha256_valid("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    assert_false(yw_upload_sha256_valid("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"));
    assert_false(yw_upload_sha256_valid("e3b0c442"));
    assert_false(yw_upload_sha256_valid(NULL));
}

/* A file is one type from its first byte to its last: what also opens as HTML or as a ZIP, what is
 * cut short and what carries something after its end are refused. */
static void refuses_polyglots_and_files_cut_short(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    unsigned char zip[512];
    size_t nzip = make_zip(zip, (const char *[]){"OFD.xml", NULL}, true);
    const size_t npdf = sizeof pdf - 1, tail = 19; /* "startxref\n40\n%%EOF\n" */
    /* PDF: "%PDF-" and then an HTML page, though it ends as a PDF */
    const char *html = "%PDF-1.7\n<html><body><script>alert(1)</script></body></html>\n"
                       "startxref\n0\n%%EOF\n";
    assert_null(yw_upload_sniff(html, strlen(html)));
    html = "%PDF-1.7\n%<!DOCTYPE HTML>\nstartxref\n0\n%%EOF\n";
    assert_null(yw_upload_sniff(html, strlen(html)));
    html = "%PDF-1.7\n<SVG onload=alert(1)>\nstartxref\n0\n%%EOF\n";
    assert_null(yw_upload_sniff(html, strlen(html)));
    /* PDF: a ZIP inside, past the first bytes (a reader finds its end record from the end), or a
     * ZIP header in the first bytes */
    enum { PAD = 2000 };
    unsigned char *p = yw_arena_alloc(&a, npdf + PAD + nzip);
    assert_non_null(p);
    memcpy(p, pdf, npdf - tail);
    memset(p + npdf - tail, ' ', PAD);
    memcpy(p + npdf - tail + PAD, zip, nzip);
    memcpy(p + npdf - tail + PAD + nzip, pdf + npdf - tail, tail);
    assert_null(yw_upload_sniff(p, npdf + PAD + nzip));
    memset(p + npdf - tail + PAD, ' ', nzip); /* without the ZIP: a PDF */
    assert_string_equal(yw_upload_sniff(p, npdf + PAD + nzip), "application/pdf");
    assert_null(yw_upload_sniff(cat(&a, pdf, npdf, zip, nzip), npdf + nzip));
    /* PDF: no %%EOF, no startxref, an offset past the end, something after %%EOF */
    assert_null(yw_upload_sniff(pdf, npdf - 6));
    const char *cut = "%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
    assert_null(yw_upload_sniff(cut, strlen(cut)));
    cut = "%PDF-1.7\n1 0 obj<<>>endobj\nstartxref\n4000\n%%EOF\n";
    assert_null(yw_upload_sniff(cut, strlen(cut)));
    assert_null(yw_upload_sniff(cat(&a, pdf, npdf, "<p>after</p>", 12), npdf + 12));
    assert_null(yw_upload_sniff("%PDF-x.y\nstartxref\n0\n%%EOF\n", 27)); /* no version */
    /* …but NULs and white space after %%EOF, and %%EOF anywhere in the last KiB, are a PDF */
    assert_string_equal(yw_upload_sniff(cat(&a, pdf, npdf, "\0\0\r\n", 4), npdf + 4), "application/pdf");
    /* JPEG: no EOI, something after it, a segment running past the end, no scan */
    assert_null(yw_upload_sniff(jpeg, sizeof jpeg - 2));
    assert_null(yw_upload_sniff(cat(&a, jpeg, sizeof jpeg, "<html>", 6), sizeof jpeg + 6));
    assert_null(yw_upload_sniff(cat(&a, jpeg, sizeof jpeg, zip, nzip), sizeof jpeg + nzip));
    p = cat(&a, jpeg, sizeof jpeg, "", 0);
    p[5] = 0xF0; /* APP0 claims 240 bytes */
    assert_null(yw_upload_sniff(p, sizeof jpeg));
    const unsigned char soi_eoi[] = {0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x08, '<', 'h', 't', 'm', 'l', '>', 0xFF, 0xD9};
    assert_null(yw_upload_sniff(soi_eoi, sizeof soi_eoi));
    /* JPEG: an HTML page in a comment segment (COM), before the scan */
    const unsigned char com[] = {0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x0A, '<', 'h', 't', 'm', 'l', '>', 'x', 'x',
                                 0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0xFF, 0xD9};
    assert_null(yw_upload_sniff(com, sizeof com));
    /* PNG: no IEND, something after it, a first chunk not IHDR, a chunk running past the end */
    assert_null(yw_upload_sniff(png, sizeof png - 12));
    assert_null(yw_upload_sniff(cat(&a, png, sizeof png, "<script>", 8), sizeof png + 8));
    assert_null(yw_upload_sniff(cat(&a, png, sizeof png, zip, nzip), sizeof png + nzip));
    p = cat(&a, png, sizeof png, "", 0);
    memcpy(p + 12, "tEXt", 4);
    assert_null(yw_upload_sniff(p, sizeof png));
    p = cat(&a, png, sizeof png, "", 0);
    p[33] = 0x7F; /* IDAT claims 2 GiB */
    assert_null(yw_upload_sniff(p, sizeof png));
    /* OFD: bytes after the end record (an HTML page appended), an HTML tag in the first bytes,
     * a directory whose OFD.xml has no local header where it says */
    assert_null(yw_upload_sniff(cat(&a, zip, nzip, "<html>", 6), nzip + 6));
    const char *names[] = {"index.html", "OFD.xml", NULL};
    unsigned char page[512];
    size_t npage = make_zip(page, names, true);
    assert_string_equal(yw_upload_sniff(page, npage), "application/ofd");
    memcpy(page + 30 + 10, "<br>", 4); /* the first entry's content, stored as it is */
    assert_null(yw_upload_sniff(page, npage));
    p = cat(&a, zip, nzip, "", 0);
    put32(p + nzip - 22 - 46 - 7 + 42, 4); /* OFD.xml's local header offset, moved */
    assert_null(yw_upload_sniff(p, nzip));
    yw_arena_reset(&a);
}

static void prepare_refuses_what_is_not_declared(void **state) {
    (void)state;
    yw_err err;
    yw_upload_new in = {.bytes = png, .len = sizeof png, .media_type = "application/pdf", .name = "营业执照.pdf"};
    assert_int_equal(yw_upload_prepare(&in, NULL, &err), -1);
    refused_with(&err, "upload_type_mismatch");
    assert_int_equal(err.code, YW_ERR_UNSUPPORTED_MEDIA);
    assert_string_equal(err.field, "file");
    char buf[256];
    const char *en = yw_err_message(&err, true, buf, sizeof buf);
    assert_non_null(strstr(en, "application/pdf"));
    assert_non_null(strstr(en, "image/png"));
    assert_non_null(strstr(err.message, "application/pdf"));
    assert_non_null(strstr(err.message, "image/png"));
    /* content of no accepted type, a type that is not accepted, a ZIP declared as OFD */
    in = (yw_upload_new){.bytes = "GIF89a", .len = 6, .media_type = "image/png"};
    assert_int_equal(yw_upload_prepare(&in, NULL, &err), -1);
    refused_with(&err, "upload_type_mismatch");
    assert_non_null(strstr(yw_err_message(&err, true, buf, sizeof buf), "of no type accepted"));
    in = (yw_upload_new){.bytes = "GIF89a", .len = 6, .media_type = "image/gif"};
    assert_int_equal(yw_upload_prepare(&in, NULL, &err), -1);
    refused_with(&err, "upload_type_mismatch");
    unsigned char zip[512];
    size_t n = make_zip(zip, (const char *[]){"mimetype", NULL}, true);
    in = (yw_upload_new){.bytes = zip, .len = n, .media_type = "application/ofd"};
    assert_int_equal(yw_upload_prepare(&in, NULL, &err), -1);
    refused_with(&err, "upload_type_mismatch");
    /* empty, too large */
    in = (yw_upload_new){.bytes = pdf, .len = 0, .media_type = "application/pdf"};
    assert_int_equal(yw_upload_prepare(&in, NULL, &err), -1);
    refused_with(&err, "upload_empty");
    unsigned char *big = calloc(1, YW_UPLOAD_MAX_BYTES + 1);
    assert_non_null(big);
    memcpy(big, pdf, sizeof pdf - 1 - 19); /* the PDF's start, zeros, its trailer at the end */
    memcpy(big + YW_UPLOAD_MAX_BYTES - 19, pdf + sizeof pdf - 1 - 19, 19);
    in = (yw_upload_new){.bytes = big, .len = YW_UPLOAD_MAX_BYTES + 1, .media_type = "application/pdf"};
    assert_int_equal(yw_upload_prepare(&in, NULL, &err), -1);
    refused_with(&err, "upload_too_large");
    assert_int_equal(err.code, YW_ERR_TOO_LARGE);
    in.len = YW_UPLOAD_MAX_BYTES; /* exactly the limit is taken */
    assert_int_equal(yw_upload_prepare(&in, NULL, &err), 0);
    free(big);
    /* names: UTF-8 without control characters, not too long */
    in = (yw_upload_new){.bytes = pdf, .len = sizeof pdf - 1, .media_type = "application/pdf", .name = "a\nb.pdf"};
    assert_int_equal(yw_upload_prepare(&in, NULL, &err), -1);
    refused_with(&err, "upload_name");
    assert_string_equal(err.field, "name");
    in.name = "\xE8\x90\xA5.pdf\xFF";
    assert_int_equal(yw_upload_prepare(&in, NULL, &err), -1);
    refused_with(&err, "upload_name");
    /* accepted: hashed, no directory */
    in.name = "营业执照.pdf";
    assert_int_equal(yw_upload_prepare(&in, NULL, &err), 0);
    assert_true(yw_upload_sha256_valid(in.sha256));
    assert_false(in.in_directory);
}

/* Prepares and records bytes as the actor; returns the rc of the write. */
static int upload(yw_store *s, yw_op *op, const yw_actor *who, const void *bytes, size_t len, const char *type,
                  const char *name, const char *dir, yw_upload_info *out) {
    yw_upload_new *in = yw_arena_calloc(op->arena, 1, sizeof *in);
    *in = (yw_upload_new){.bytes = bytes, .len = len, .media_type = type, .name = name};
    if (yw_upload_prepare(in, dir, op->err) < 0) return -1;
    return TEST_WRITE(s, yw_upload_create(test_as(op, who), in, out));
}

static void one_copy_per_file_and_a_row_per_owner(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    actors x;
    setup_actors(s, &a, &x);
    yw_err err;
    yw_op op = yw_op_make(s, &a, NULL, &err);
    yw_upload_info u, again;
    int64_t audit = test_count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'upload.create'");
    assert_int_equal(upload(s, &op, &x.person, pdf, sizeof pdf - 1, "application/pdf", "营业执照.pdf", NULL, &u), 0);
    assert_true(u.created);
    assert_int_equal(u.size, sizeof pdf - 1);
    assert_string_equal(u.media_type, "application/pdf");
    assert_string_equal(u.name, "营业执照.pdf");
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[YW_SHA256_HEX_SIZE];
    crypto_hash_sha256(h, (const unsigned char *)pdf, sizeof pdf - 1);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    assert_string_equal(u.sha256, hex);
    /* the same file again (a retried submission, even under another name): the same answer */
    assert_int_equal(upload(s, &op, &x.person, pdf, sizeof pdf - 1, "application/pdf", "copy.pdf", NULL, &again), 0);
    assert_false(again.created);
    assert_string_equal(again.sha256, u.sha256);
    assert_string_equal(again.name, "营业执照.pdf");
    assert_string_equal(again.created_at, u.created_at);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM uploads"), 1);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM upload_owners"), 1);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'upload.create'"), audit + 1);
    /* another account's copy adds its owner row only; a clerk uploads too */
    assert_int_equal(upload(s, &op, &x.enterprise, pdf, sizeof pdf - 1, "application/pdf", NULL, NULL, &u), 0);
    assert_true(u.created);
    assert_null(u.name);
    assert_int_equal(upload(s, &op, &x.clerk, png, sizeof png, "image/png", "photo.png", NULL, &u), 0);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM uploads"), 2);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM upload_owners"), 3);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'upload.create'"), audit + 3);
    /* the bytes are in the store, as bytes */
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM uploads WHERE content IS NULL"), 0);
    /* supervisors and nobody do not upload (officers do: the documents a decision rests on);
     * a refused write leaves nothing */
    assert_int_equal(upload(s, &op, &x.supervisor, jpeg, sizeof jpeg, "image/jpeg", NULL, NULL, &u), -1);
    refused_with(&err, "role_required");
    assert_int_equal(upload(s, &op, NULL, jpeg, sizeof jpeg, "image/jpeg", NULL, NULL, &u), -1);
    assert_int_equal(err.code, YW_ERR_UNAUTHENTICATED);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM uploads"), 2);
    /* 我的材料: newest first */
    yw_upload_list list;
    yw_upload_list_in page = {10, 0};
    assert_int_equal(yw_upload_list_mine(test_as(&op, &x.person), &page, &list), 0);
    assert_int_equal(list.count, 1);
    assert_int_equal(list.total, 1);
    assert_string_equal(list.items[0].sha256, hex);
    assert_int_equal(yw_upload_list_mine(test_as(&op, &x.officer), &page, &list), 0);
    assert_int_equal(list.count, 0);
    yw_arena_reset(&a);
}

static void who_refers_to_and_reads_an_upload(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    actors x;
    setup_actors(s, &a, &x);
    yw_err err;
    yw_op op = yw_op_make(s, &a, NULL, &err);
    yw_upload_info u, info;
    assert_int_equal(upload(s, &op, &x.person, jpeg, sizeof jpeg, "image/jpeg", "身份证.jpg", NULL, &u), 0);
    /* the owner refers to it; another applicant cannot, and learns nothing of it */
    assert_int_equal(yw_upload_check(test_as(&op, &x.person), u.sha256, NULL, "/materials/0/upload", &info), 0);
    assert_string_equal(info.name, "身份证.jpg");
    assert_int_equal(info.size, sizeof jpeg);
    assert_int_equal(yw_upload_check(test_as(&op, &x.enterprise), u.sha256, NULL, "/materials/0/upload", &info), -1);
    refused_with(&err, "upload_unknown");
    assert_string_equal(err.field, "/materials/0/upload");
    /* a clerk submitting for the applicant refers to the applicant's upload, and to its own */
    assert_int_equal(yw_upload_check(test_as(&op, &x.clerk), u.sha256, x.person.account_id, "upload", &info), 0);
    assert_int_equal(yw_upload_check(test_as(&op, &x.clerk), u.sha256, x.enterprise.account_id, "upload", NULL), -1);
    refused_with(&err, "upload_unknown");
    assert_int_equal(upload(s, &op, &x.clerk, jpeg, sizeof jpeg, "image/jpeg", "scan.jpg", NULL, &u), 0);
    assert_int_equal(yw_upload_check(test_as(&op, &x.clerk), u.sha256, x.enterprise.account_id, "upload", &info), 0);
    assert_string_equal(info.name, "scan.jpg");
    assert_int_equal(yw_upload_check(test_as(&op, &x.person), "not-a-hash", NULL, "upload", NULL), -1);
    refused_with(&err, "upload_sha256");
    assert_string_equal(err.field, "upload");
    char zeros[YW_SHA256_HEX_SIZE];
    memset(zeros, '0', sizeof zeros - 1);
    zeros[sizeof zeros - 1] = '\0';
    assert_int_equal(yw_upload_check(test_as(&op, &x.person), zeros, NULL, "upload", NULL), -1);
    refused_with(&err, "upload_unknown");
    /* reading back: the owner and staff get the same bytes; another applicant a 404 */
    yw_upload_file f;
    yw_upload_get_in in = {u.sha256, NULL};
    assert_int_equal(yw_upload_get(test_as(&op, &x.person), &in, &f), 0);
    assert_int_equal(f.len, sizeof jpeg);
    assert_memory_equal(f.bytes, jpeg, sizeof jpeg);
    assert_string_equal(f.info.name, "身份证.jpg"); /* the reader's own name for it */
    assert_string_equal(f.info.media_type, "image/jpeg");
    assert_int_equal(yw_upload_get(test_as(&op, &x.officer), &in, &f), 0);
    assert_memory_equal(f.bytes, jpeg, sizeof jpeg);
    assert_int_equal(yw_upload_get(test_as(&op, &x.enterprise), &in, &f), -1);
    refused_with(&err, "upload_not_found");
    assert_int_equal(err.code, YW_ERR_NOT_FOUND);
    assert_int_equal(yw_upload_get(test_as(&op, NULL), &in, &f), -1);
    assert_int_equal(err.code, YW_ERR_UNAUTHENTICATED);
    in.sha256 = zeros;
    assert_int_equal(yw_upload_get(test_as(&op, &x.officer), &in, &f), -1);
    refused_with(&err, "upload_not_found");
    yw_arena_reset(&a);
}

static void files_in_the_shared_directory(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    actors x;
    setup_actors(s, &a, &x);
    yw_err err;
    yw_op op = yw_op_make(s, &a, NULL, &err);
    char dir[] = "/tmp/yiwang-uploads-XXXXXX";
    assert_non_null(mkdtemp(dir));
    unsigned char zip[512];
    size_t n = make_zip(zip, (const char *[]){"OFD.xml", "Doc_0/Document.xml", NULL}, true);
    yw_upload_info u;
    assert_int_equal(upload(s, &op, &x.enterprise, zip, n, "application/ofd", "年报.ofd", dir, &u), 0);
    /* the file at DIR/ab/abcdef…, the row without content */
    const char *path = yw_arena_printf(&a, "%s/%.2s/%s", dir, u.sha256, u.sha256);
    struct stat st, st2;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_size, (off_t)n);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM uploads WHERE content IS NULL"), 1);
    yw_upload_file f;
    yw_upload_get_in in = {u.sha256, dir};
    assert_int_equal(yw_upload_get(test_as(&op, &x.enterprise), &in, &f), 0);
    assert_int_equal(f.len, n);
    assert_memory_equal(f.bytes, zip, n);
    /* a server without the directory cannot read it, and says why */
    in.dir = NULL;
    assert_int_equal(yw_upload_get(test_as(&op, &x.enterprise), &in, &f), -1);
    refused_with(&err, "upload_dir_missing");
    /* uploaded again: the file is not rewritten (same inode, no temporary left behind) */
    assert_int_equal(upload(s, &op, &x.person, zip, n, "application/ofd", NULL, dir, &u), 0);
    assert_int_equal(stat(path, &st2), 0);
    assert_int_equal(st.st_ino, st2.st_ino);
    const char *sub = yw_arena_printf(&a, "ls -A %s/%.2s | wc -l", dir, u.sha256);
    FILE *ls = popen(sub, "r");
    int files = 0;
    assert_int_equal(fscanf(ls, "%d", &files), 1);
    pclose(ls);
    assert_int_equal(files, 1);
    /* a server keeping files in the store gives the row its bytes */
    assert_int_equal(upload(s, &op, &x.clerk, zip, n, "application/ofd", NULL, NULL, &u), 0);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM uploads WHERE content IS NULL"), 0);
    /* a file cut short in the directory is reported, not served */
    assert_int_equal(upload(s, &op, &x.person, png, sizeof png, "image/png", NULL, dir, &u), 0);
    path = yw_arena_printf(&a, "%s/%.2s/%s", dir, u.sha256, u.sha256);
    assert_int_equal(truncate(path, 3), 0);
    in = (yw_upload_get_in){u.sha256, dir};
    assert_int_equal(yw_upload_get(test_as(&op, &x.person), &in, &f), -1);
    refused_with(&err, "upload_damaged");
    assert_int_equal(system(yw_arena_printf(&a, "rm -rf %s", dir)), 0);
    yw_arena_reset(&a);
}

/* The usage of an account on a day, set as a test needs it. */
static void set_usage(yw_store *s, const char *account, const char *day, long long files, long long bytes) {
    yw_err e;
    test_tx_begin(s);
    if (yw_store_run(s, NULL,
                     "INSERT INTO upload_usage (account_id, day, files, bytes) VALUES ($1, $2, $3, $4)"
                     " ON CONFLICT (account_id, day) DO UPDATE SET files = $3, bytes = $4",
                     YW_PARAMS(YW_TEXT_P(account), YW_TEXT_P(day), YW_INT_P(files), YW_INT_P(bytes)), NULL, NULL,
                     &e) < 0)
        fail_msg("%s", e.message);
    test_tx_end(s, 0);
}

/* A small PDF of its own for each n, in the arena. */
static const char *numbered_pdf(yw_arena *a, const char *what, int n) {
    const char *f = yw_arena_printf(a, "%%PDF-1.4\n%% %s %d\nstartxref\n9\n%%%%EOF\n", what, n);
    assert_non_null(f);
    return f;
}

static int64_t owner_rows(yw_store *s) { return test_count(s, "SELECT COUNT(*) FROM upload_owners"); }

/* Uploads have a quota per account, counted in the store: YW_UPLOAD_DAY_FILES new files a day,
 * YW_UPLOAD_DAY_BYTES a day, YW_UPLOAD_TOTAL_BYTES in all (a clerk more); past it a 429 that
 * changes nothing — and with an uploads directory, leaves no file. */
static void an_account_uploads_within_its_quota(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    actors x;
    setup_actors(s, &a, &x);
    yw_err err;
    yw_op op = yw_op_make(s, &a, NULL, &err);
    yw_upload_info u;
    char msg[256];
    const char *first = numbered_pdf(&a, "quota", 0);
    for (int i = 0; i < YW_UPLOAD_DAY_FILES; i++) {
        const char *f = i ? numbered_pdf(&a, "quota", i) : first;
        assert_int_equal(upload(s, &op, &x.person, f, strlen(f), "application/pdf", NULL, NULL, &u), 0);
        assert_true(u.created);
    }
    /* one more new file today: refused, naming the limit, and nothing changes */
    int64_t owners = owner_rows(s), audit = test_count(s, "SELECT COUNT(*) FROM audit_log");
    int64_t used = test_count(s, "SELECT SUM(files) FROM upload_usage");
    const char *more = numbered_pdf(&a, "more", 0);
    assert_int_equal(upload(s, &op, &x.person, more, strlen(more), "application/pdf", NULL, NULL, &u), -1);
    refused_with(&err, "upload_quota_files");
    assert_int_equal(err.code, YW_ERR_RATE_LIMITED);
    assert_string_equal(err.field, "file");
    assert_non_null(strstr(err.message, "100个文件"));
    assert_non_null(strstr(yw_err_message(&err, true, msg, sizeof msg), "100 files today"));
    assert_int_equal(owner_rows(s), owners);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log"), audit);
    assert_int_equal(test_count(s, "SELECT SUM(files) FROM upload_usage"), used);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM uploads WHERE size = 0 OR sha256 IS NULL"), 0);
    /* with an uploads directory the refused file takes no room there */
    char dir[] = "/tmp/yiwang-quota-XXXXXX";
    assert_non_null(mkdtemp(dir));
    assert_int_equal(upload(s, &op, &x.person, more, strlen(more), "application/pdf", NULL, dir, &u), -1);
    refused_with(&err, "upload_quota_files");
    FILE *find = popen(yw_arena_printf(&a, "find %s -type f | wc -l", dir), "r");
    int files = -1;
    assert_int_equal(fscanf(find, "%d", &files), 1);
    pclose(find);
    assert_int_equal(files, 0);
    assert_int_equal(system(yw_arena_printf(&a, "rm -rf %s", dir)), 0);
    /* a repeat of its own file counts nothing, also past the quota */
    assert_int_equal(upload(s, &op, &x.person, first, strlen(first), "application/pdf", NULL, NULL, &u), 0);
    assert_false(u.created);
    /* another account counts on its own, the same file in full */
    assert_int_equal(upload(s, &op, &x.enterprise, first, strlen(first), "application/pdf", NULL, NULL, &u), 0);
    assert_true(u.created);
    assert_int_equal(test_count(s, yw_arena_printf(&a, "SELECT bytes FROM upload_usage WHERE account_id = '%s'",
                                                   x.enterprise.account_id)),
                     (int64_t)strlen(first));
    /* the next day in Shanghai the day's files start again */
    test_as(&op, &x.person);
    op.now_ms += 24 * 3600 * 1000LL;
    yw_upload_new *in = yw_arena_calloc(&a, 1, sizeof *in);
    *in = (yw_upload_new){.bytes = more, .len = strlen(more), .media_type = "application/pdf"};
    assert_int_equal(yw_upload_prepare(in, NULL, &err), 0);
    assert_int_equal(TEST_WRITE(s, yw_upload_create(&op, in, &u)), 0);
    assert_true(u.created);
    /* a day's bytes: the file must fit in what is left of the day, to the byte */
    char today[YW_DATE_SIZE];
    yw_date_format(yw_op_today(&(yw_op){.now_ms = yw_now_ms()}), today);
    const char *f = numbered_pdf(&a, "bytes", 0);
    set_usage(s, x.clerk.account_id, today, 1, YW_UPLOAD_CLERK_DAY_BYTES - (long long)strlen(f));
    set_usage(s, x.enterprise.account_id, today, 1, YW_UPLOAD_DAY_BYTES - (long long)strlen(f));
    assert_int_equal(upload(s, &op, &x.enterprise, f, strlen(f), "application/pdf", NULL, NULL, &u), 0);
    f = numbered_pdf(&a, "bytes", 1);
    assert_int_equal(upload(s, &op, &x.enterprise, f, strlen(f), "application/pdf", NULL, NULL, &u), -1);
    refused_with(&err, "upload_quota_day_bytes");
    assert_non_null(strstr(yw_err_message(&err, true, msg, sizeof msg), "100 MiB a day"));
    /* all an account keeps: the file must fit in what is left of it, to the byte */
    set_usage(s, x.enterprise.account_id, today, 0, 0);
    set_usage(s, x.enterprise.account_id, "2025-01-02", 3, YW_UPLOAD_TOTAL_BYTES - (long long)strlen(f));
    assert_int_equal(upload(s, &op, &x.enterprise, f, strlen(f), "application/pdf", NULL, NULL, &u), 0);
    f = numbered_pdf(&a, "total", 0);
    assert_int_equal(upload(s, &op, &x.enterprise, f, strlen(f), "application/pdf", NULL, NULL, &u), -1);
    refused_with(&err, "upload_quota_total");
    assert_non_null(strstr(err.message, "1024 MiB"));
    /* a clerk scanning for applicants: more files a day than an applicant, but a limit too */
    f = numbered_pdf(&a, "clerk", 0);
    set_usage(s, x.clerk.account_id, today, YW_UPLOAD_DAY_FILES, 0);
    assert_int_equal(upload(s, &op, &x.clerk, f, strlen(f), "application/pdf", NULL, NULL, &u), 0);
    set_usage(s, x.clerk.account_id, today, YW_UPLOAD_CLERK_DAY_FILES, 0);
    f = numbered_pdf(&a, "clerk", 1);
    assert_int_equal(upload(s, &op, &x.clerk, f, strlen(f), "application/pdf", NULL, NULL, &u), -1);
    refused_with(&err, "upload_quota_files");
    assert_non_null(strstr(err.message, "1000个文件"));
    yw_arena_reset(&a);
}

int main(void) {
    test_init_sodium();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sniffs_each_type_by_content),
        cmocka_unit_test(refuses_polyglots_and_files_cut_short),
        cmocka_unit_test(prepare_refuses_what_is_not_declared),
        BOTH(one_copy_per_file_and_a_row_per_owner),
        BOTH(who_refers_to_and_reads_an_upload),
        BOTH(files_in_the_shared_directory),
        BOTH(an_account_uploads_within_its_quota),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
