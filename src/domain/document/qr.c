/* QR codes of verification addresses (document.h), by libqrencode: the modules as bytes, which the
 * PDF draws as cairo rectangles and the printable page as an SVG; and the code as an image of its
 * own, PNG or SVG, for a certificate's QR to download or embed. */
#include <cairo.h>
#include <errno.h>
#include <qrencode.h>
#include <string.h>

#include "document.h"

int yw_qr_encode(yw_arena *a, const char *text, yw_qr *out, yw_err *err) {
    memset(out, 0, sizeof *out);
    /* version 0: the smallest that holds the text; level M survives a crease or a stain */
    QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q) return errno == ENOMEM ? yw_fail(err, YW_E_NOMEM, NULL) : yw_fail(err, YW_E_DOCUMENT_RENDER, NULL, "QR code");
    size_t n = (size_t)q->width * (size_t)q->width;
    out->modules = yw_arena_alloc(a, n);
    if (!out->modules) {
        QRcode_free(q);
        return yw_fail(err, YW_E_NOMEM, NULL);
    }
    for (size_t i = 0; i < n; i++) out->modules[i] = q->data[i] & 1; /* bit 0: dark */
    out->size = q->width;
    QRcode_free(q);
    return 0;
}

#define QUIET 4 /* modules of white around the code, as ISO/IEC 18004 asks */

static bool dark(const yw_qr *q, int x, int y) { return q->modules[(size_t)y * (size_t)q->size + (size_t)x] != 0; }

/* the length of the run of dark modules that starts at (x, y) */
static int run_at(const yw_qr *q, int x, int y) {
    int n = 0;
    while (x + n < q->size && dark(q, x + n, y)) n++;
    return n;
}

static cairo_status_t png_append(void *closure, const unsigned char *data, unsigned int length) {
    yw_buf *b = closure;
    yw_buf_append(b, data, length);
    return b->failed ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

int yw_qr_png(const yw_qr *q, int scale, yw_buf *out, yw_err *err) {
    if (scale < 1 || scale > YW_QR_SCALE_MAX) return yw_fail(err, YW_E_DOCUMENT_QR_SCALE, "scale", YW_QR_SCALE_MAX);
    int side = (q->size + 2 * QUIET) * scale;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int y = 0; y < q->size; y++) {
        for (int x = 0; x < q->size;) {
            int n = run_at(q, x, y);
            if (n) cairo_rectangle(cr, (x + QUIET) * scale, (y + QUIET) * scale, n * scale, scale);
            x += n ? n : 1;
        }
    }
    cairo_fill(cr);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_write_to_png_stream(s, png_append, out);
    cairo_surface_destroy(s);
    if (st == CAIRO_STATUS_NO_MEMORY || out->failed) return yw_fail(err, YW_E_NOMEM, NULL);
    if (st != CAIRO_STATUS_SUCCESS) return yw_fail(err, YW_E_DOCUMENT_RENDER, NULL, cairo_status_to_string(st));
    return 0;
}

int yw_qr_svg(const yw_qr *q, int scale, yw_buf *out, yw_err *err) {
    if (scale < 1 || scale > YW_QR_SCALE_MAX) return yw_fail(err, YW_E_DOCUMENT_QR_SCALE, "scale", YW_QR_SCALE_MAX);
    int side = q->size + 2 * QUIET;
    yw_buf_printf(out,
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                  "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
                  side * scale, side * scale, side, side, side, side);
    for (int y = 0; y < q->size; y++) {
        for (int x = 0; x < q->size;) {
            int n = run_at(q, x, y);
            if (n) yw_buf_printf(out, "M%d %dh%dv1h-%dz", x + QUIET, y + QUIET, n, n);
            x += n ? n : 1;
        }
    }
    yw_buf_puts(out, "\"/></svg>\n");
    return out->failed ? yw_fail(err, YW_E_NOMEM, NULL) : 0;
}
