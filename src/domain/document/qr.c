/* QR codes of verification addresses (document.h), by libqrencode: the modules as bytes, which the
 * PDF draws as cairo rectangles and the printable page as an SVG. */
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
