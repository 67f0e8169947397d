/* A document as an A4 PDF (document.h), drawn with cairo and laid out with pango in the CJK font
 * scripts/deps.sh installs (WenQuanYi Zen Hei), from the document's content alone: the office and
 * the title at the head, the content's blocks in order (a paragraph with its first line indented
 * two characters, a heading in bold, a list entry hanging from its dot), the office and the day at
 * the foot, and the QR code of the verification address with the address printed under it.
 *
 * The PDF's dates are the document's (its issue), not the rendering's, so the same document and
 * address make the same bytes with the same libraries; README.md says what is promised. Runs on
 * whatever thread calls it: pango's default font map is per thread (pango ≥ 1.32.6). */
#include <jansson.h>
#include <string.h>

#include "document.h"
#include "draw.h"

#define MARGIN_X 72.0
#define MARGIN_TOP 64.0
#define MARGIN_BOTTOM 56.0
#define BODY_SIZE 12.0
#define QR_SIDE 92.0 /* points, quiet zone included: 3.2 cm, scanned from a desk's distance */

typedef struct {
    cairo_t *cr;
    double y; /* where the next block begins */
} page;

/* Draws l at (x, y on the page), first turning the page when it would run past the foot. */
static void place(page *p, PangoLayout *l, double x, double before) {
    double h = yw_draw_height(l);
    if (p->y + before + h > YW_A4_HEIGHT - MARGIN_BOTTOM && p->y > MARGIN_TOP) {
        cairo_show_page(p->cr);
        p->y = MARGIN_TOP;
        before = 0;
    }
    p->y += before;
    cairo_move_to(p->cr, x, p->y);
    pango_cairo_show_layout(p->cr, l);
    p->y += h;
}

static void text(page *p, const char *s, double size, bool bold, double x, double width, PangoAlignment align,
                 double indent, double before) {
    PangoLayout *l = yw_draw_layout(p->cr, s, size, bold, width, align, indent);
    place(p, l, x, before);
    g_object_unref(l);
}

/* The foot: the office and the day on the right; the QR code on the left with what it is for, the
 * code and the address under it. Kept together on one page. */
static int foot(yw_arena *a, page *p, const char *office, const char *day, const char *code, const char *url,
                const yw_qr *q) {
    double body = YW_A4_WIDTH - 2 * MARGIN_X;
    PangoLayout *sign = yw_draw_layout(p->cr, office, BODY_SIZE, false, body, PANGO_ALIGN_RIGHT, 0);
    PangoLayout *date = yw_draw_layout(p->cr, day, BODY_SIZE, false, body, PANGO_ALIGN_RIGHT, 0);
    char grouped[YW_DOCUMENT_CODE_LEN + YW_DOCUMENT_CODE_LEN / 4 + 16];
    size_t g = 0;
    for (int i = 0; code[i] && g + 2 < sizeof grouped; i++) {
        if (i && i % 4 == 0) grouped[g++] = '-';
        grouped[g++] = code[i];
    }
    grouped[g] = '\0';
    const char *words = yw_arena_printf(a, "扫描二维码或访问下方地址核验本文书真伪\n验证码：%s\n%s", grouped, url);
    if (!words) {
        g_object_unref(sign);
        g_object_unref(date);
        return -1;
    }
    double words_x = MARGIN_X + QR_SIDE + 12;
    PangoLayout *under = yw_draw_layout(p->cr, words, 8.5, false, body - QR_SIDE - 12, PANGO_ALIGN_LEFT, 0);
    pango_layout_set_wrap(under, PANGO_WRAP_CHAR); /* the address breaks anywhere */
    double need = 28 + yw_draw_height(sign) + yw_draw_height(date) + 24 + QR_SIDE;
    if (p->y + need > YW_A4_HEIGHT - MARGIN_BOTTOM) {
        cairo_show_page(p->cr);
        p->y = MARGIN_TOP;
    }
    place(p, sign, MARGIN_X, 28);
    place(p, date, MARGIN_X, 4);
    double qy = p->y + 24;
    yw_draw_qr(p->cr, q, MARGIN_X, qy, QR_SIDE);
    cairo_move_to(p->cr, words_x, qy + (QR_SIDE - yw_draw_height(under)) / 2);
    pango_cairo_show_layout(p->cr, under);
    g_object_unref(sign);
    g_object_unref(date);
    g_object_unref(under);
    return 0;
}

int yw_document_pdf(yw_arena *a, const yw_document *d, const char *verify_url, yw_buf *out, yw_err *err) {
    json_error_t jerr;
    json_t *root = json_loads(d->content, 0, &jerr);
    json_t *blocks = root ? json_object_get(root, "blocks") : NULL;
    if (!json_is_array(blocks)) {
        json_decref(root);
        return yw_fail(err, YW_E_DOCUMENT_RENDER, NULL, "content without blocks");
    }
    yw_qr q;
    if (yw_qr_encode(a, verify_url, &q, err) < 0) {
        json_decref(root);
        return -1;
    }
    yw_buf_init(out, a);
    const char *title = json_string_value(json_object_get(root, "title"));
    const char *office = json_string_value(json_object_get(root, "office"));
    const char *number = json_string_value(json_object_get(root, "number"));
    const char *day = json_string_value(json_object_get(root, "issued_on_words"));
    cairo_surface_t *s = yw_draw_pdf_surface(out, title, office, d->issued_at);
    cairo_t *cr = cairo_create(s);
    page p = {cr, MARGIN_TOP};
    double body = YW_A4_WIDTH - 2 * MARGIN_X;
    cairo_set_source_rgb(cr, 0, 0, 0);

    text(&p, office ? office : "", 15, false, MARGIN_X, body, PANGO_ALIGN_CENTER, 0, 0);
    text(&p, title ? title : "", 22, true, MARGIN_X, body, PANGO_ALIGN_CENTER, 0, 10);
    bool oom = false;
    if (number) {
        const char *line = yw_arena_printf(a, "办件编号：%s", number);
        if (line) text(&p, line, 10.5, false, MARGIN_X, body, PANGO_ALIGN_CENTER, 0, 8);
        oom = !line;
    }
    p.y += 18;
    size_t i;
    json_t *b;
    json_array_foreach(blocks, i, b) {
        const char *type = json_string_value(json_array_get(b, 0));
        const char *words = json_string_value(json_array_get(b, 1));
        if (!type || !words) continue;
        if (strcmp(type, "h") == 0) {
            text(&p, words, BODY_SIZE, true, MARGIN_X, body, PANGO_ALIGN_LEFT, 0, 12);
        } else if (strcmp(type, "li") == 0) {
            const char *entry = yw_arena_printf(a, "·  %s", words);
            if (entry)
                text(&p, entry, BODY_SIZE, false, MARGIN_X + 2 * BODY_SIZE, body - 2 * BODY_SIZE, PANGO_ALIGN_LEFT,
                     -BODY_SIZE, 5);
            oom = oom || !entry;
        } else if (strcmp(type, "to") == 0) {
            text(&p, words, BODY_SIZE, false, MARGIN_X, body, PANGO_ALIGN_LEFT, 0, 6);
        } else {
            text(&p, words, BODY_SIZE, false, MARGIN_X, body, PANGO_ALIGN_LEFT, 2 * BODY_SIZE, 8);
        }
    }
    if (foot(a, &p, office ? office : "", day ? day : "", d->code, verify_url, &q) < 0) oom = true;
    json_decref(root);

    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_status_t st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (oom || out->failed) return yw_fail(err, YW_E_NOMEM, NULL);
    if (st != CAIRO_STATUS_SUCCESS) return yw_fail(err, YW_E_DOCUMENT_RENDER, NULL, cairo_status_to_string(st));
    return 0;
}
