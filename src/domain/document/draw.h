/* Drawing on A4 with cairo and pango, as the case documents' PDF does it (pdf.c) and as a
 * certificate's PDF does it too (domain/cert/pdf.c): the page's size, the CJK font scripts/deps.sh
 * installs, a PDF surface writing into an arena buffer, a text laid out in that font, and a QR
 * code's modules as cairo rectangles. Pure: no store; runs on whatever thread calls it (pango's
 * default font map is per thread). */
#ifndef YW_DOCUMENT_DRAW_H
#define YW_DOCUMENT_DRAW_H

#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdbool.h>

#include "document.h"

#define YW_A4_WIDTH 595.276  /* points: 210 mm */
#define YW_A4_HEIGHT 841.890 /* 297 mm */
#define YW_DRAW_FONT "WenQuanYi Zen Hei"

/* An A4 PDF surface whose bytes are appended to out (a buffer the caller initialised; its arena
 * owns them). Metadata: title, author, creator "yiwang", and created and modified at `date` (an
 * ISO 8601 UTC timestamp; seconds are kept, milliseconds dropped), so that the same input makes
 * the same bytes. The caller finishes and destroys it; out->failed says the buffer ran out. */
cairo_surface_t *yw_draw_pdf_surface(yw_buf *out, const char *title, const char *author, const char *date);

/* A layout of text in the font at size points, bold or not, width points wide, aligned, its
 * first line indented (negative: the others hang), lines spaced at 0.45 of the size, wrapped at
 * words or, where a word is too long, at characters. The caller g_object_unref()s it. */
PangoLayout *yw_draw_layout(cairo_t *cr, const char *text, double size, bool bold, double width,
                            PangoAlignment align, double indent);
/* Its height in points. */
double yw_draw_height(PangoLayout *l);

/* A QR code side points square at (x, y), a white square with 4 modules of quiet zone each side
 * and the dark modules in black. Leaves the source black. */
void yw_draw_qr(cairo_t *cr, const yw_qr *q, double x, double y, double side);

#endif
