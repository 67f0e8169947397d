/* Drawing on A4 (draw.h): what the case documents' PDF and a certificate's PDF draw alike — the
 * surface, the font, the QR code. */
#include "draw.h"

#include <cairo-pdf.h>
#include <stdio.h>

static cairo_status_t append(void *closure, const unsigned char *data, unsigned int len) {
    yw_buf *b = closure;
    yw_buf_append(b, data, len);
    return b->failed ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

cairo_surface_t *yw_draw_pdf_surface(yw_buf *out, const char *title, const char *author, const char *date) {
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(append, out, YW_A4_WIDTH, YW_A4_HEIGHT);
    /* cairo's ISO 8601 form: the seconds, without the milliseconds */
    char when[32];
    snprintf(when, sizeof when, "%.19sZ", date ? date : "");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title ? title : "");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, author ? author : "");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "yiwang");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, when);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, when);
    return s;
}

PangoLayout *yw_draw_layout(cairo_t *cr, const char *text, double size, bool bold, double width,
                            PangoAlignment align, double indent) {
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *f = pango_font_description_new();
    pango_font_description_set_family(f, YW_DRAW_FONT);
    pango_font_description_set_absolute_size(f, size * PANGO_SCALE);
    pango_font_description_set_weight(f, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, f);
    pango_font_description_free(f);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, align);
    pango_layout_set_indent(l, (int)(indent * PANGO_SCALE));
    pango_layout_set_spacing(l, (int)(size * 0.45 * PANGO_SCALE));
    pango_layout_set_text(l, text, -1);
    return l;
}

double yw_draw_height(PangoLayout *l) {
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

void yw_draw_qr(cairo_t *cr, const yw_qr *q, double x, double y, double side) {
    double m = side / (q->size + 8); /* 4 modules of quiet zone each side */
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x, y, side, side);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int r = 0; r < q->size; r++)
        for (int c = 0; c < q->size; c++)
            if (q->modules[r * q->size + c]) cairo_rectangle(cr, x + (c + 4) * m, y + (r + 4) * m, m, m);
    cairo_fill(cr);
}
