/* A certificate as an A4 PDF (cert.h), laid out like the licence it is and drawn with the case
 * documents' library and font (document/draw.h): inside a double frame, the type's name as the
 * title and the printed number under it; then the holder's number and the type's fields, each
 * under its label in the type's order (never a key), the holder's name when no field says it,
 * and the validity (有效期, 长期 without an end); a certificate no longer valid says so in red,
 * with the reason; at the foot the QR code of the public verification address with the
 * identifier and the address beside it, and the issuing department with the day of issue.
 *
 * From the row alone, no store: the same certificate in the same state at the same address
 * makes the same bytes (the PDF's dates are its issue's or its last change's). A field too long
 * for one page turns the page; the foot is kept whole on the last. CPU work of milliseconds:
 * never on an event loop (the route is a YW_SCAN). */
#include "internal.h"

#include <jansson.h>
#include <string.h>

#include "../../base/time.h"
#include "../document/draw.h"

#define FRAME 28.0     /* the outer frame's distance from the paper's edge */
#define MARGIN_X 78.0  /* the text's */
#define MARGIN_TOP 84.0
#define FOOT 150.0     /* the height the foot takes at the bottom of the last page */
#define LABEL_W 150.0  /* the labels' column: ten characters */
#define BODY_SIZE 12.5
#define QR_SIDE 100.0  /* points, quiet zone included: 3.5 cm */

typedef struct {
    yw_arena *a;
    cairo_t *cr;
    double y;
    bool oom;
} sheet;

/* The double frame of a page, in the dark red of a licence's border. */
static void frame(cairo_t *cr) {
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.55, 0.1, 0.08);
    cairo_set_line_width(cr, 2.4);
    cairo_rectangle(cr, FRAME, FRAME, YW_A4_WIDTH - 2 * FRAME, YW_A4_HEIGHT - 2 * FRAME);
    cairo_stroke(cr);
    cairo_set_line_width(cr, 0.8);
    cairo_rectangle(cr, FRAME + 6, FRAME + 6, YW_A4_WIDTH - 2 * FRAME - 12, YW_A4_HEIGHT - 2 * FRAME - 12);
    cairo_stroke(cr);
    cairo_restore(cr);
}

static void new_page(sheet *s) {
    cairo_show_page(s->cr);
    frame(s->cr);
    s->y = MARGIN_TOP;
}

/* Text across the page's width. */
static void line(sheet *s, const char *text, double size, bool bold, PangoAlignment align, double before) {
    PangoLayout *l = yw_draw_layout(s->cr, text, size, bold, YW_A4_WIDTH - 2 * MARGIN_X, align, 0);
    s->y += before;
    cairo_move_to(s->cr, MARGIN_X, s->y);
    pango_cairo_show_layout(s->cr, l);
    s->y += yw_draw_height(l);
    g_object_unref(l);
}

/* One row: the label in bold in its column, the value beside it, wrapping under itself; the page
 * turns first when the row would run into the foot's room. */
static void row(sheet *s, const char *label, const char *value) {
    double width = YW_A4_WIDTH - 2 * MARGIN_X - LABEL_W;
    PangoLayout *k = yw_draw_layout(s->cr, label, BODY_SIZE, true, LABEL_W - 10, PANGO_ALIGN_LEFT, 0);
    PangoLayout *v = yw_draw_layout(s->cr, value && *value ? value : "—", BODY_SIZE, false, width, PANGO_ALIGN_LEFT, 0);
    double h = yw_draw_height(v) > yw_draw_height(k) ? yw_draw_height(v) : yw_draw_height(k);
    if (s->y + 12 + h > YW_A4_HEIGHT - MARGIN_TOP && s->y > MARGIN_TOP) new_page(s);
    s->y += 12;
    cairo_move_to(s->cr, MARGIN_X, s->y);
    pango_cairo_show_layout(s->cr, k);
    cairo_move_to(s->cr, MARGIN_X + LABEL_W, s->y);
    pango_cairo_show_layout(s->cr, v);
    s->y += h;
    g_object_unref(k);
    g_object_unref(v);
}

/* "2019年5月20日": the day in Beijing of an ISO 8601 UTC instant, with or without milliseconds
 * (validity as cert_time writes it; issue and change as the clock's timestamps), or NULL. */
static const char *day_words(yw_arena *a, const char *ts) {
    if (!ts || strlen(ts) < 19) return NULL;
    const char *secs = yw_arena_printf(a, "%.19sZ", ts);
    int64_t ms = secs ? cert_time_parse(secs) : -1;
    if (ms < 0) return NULL;
    int y, m, d;
    yw_civil_from_days((ms / 1000 + 8 * 3600) / 86400, &y, &m, &d);
    return yw_arena_printf(a, "%d年%d月%d日", y, m, d);
}

static const char *status_words(const char *status) {
    static const struct { const char *status, *zh; } words[] = {
        {"valid", "有效"},         {"expired", "已过期"}, {"not_yet_valid", "尚未生效"},
        {"suspended", "已暂停"},   {"revoked", "已撤销"}, {"superseded", "已换发"},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (status && strcmp(status, words[i].status) == 0) return words[i].zh;
    return NULL;
}

/* The type's fields in its order, each under its label with its value in the certificate. */
static void fields(sheet *s, const yw_cert *c, const yw_cert_type *t) {
    json_t *labels = json_loads(t->fields ? t->fields : "[]", 0, NULL);
    json_t *values = json_loads(c->fields ? c->fields : "{}", 0, NULL);
    size_t i;
    json_t *f;
    json_array_foreach(labels, i, f) {
        const char *key = json_string_value(json_object_get(f, "key"));
        const char *label = json_string_value(json_object_get(f, "label"));
        const char *value = key ? json_string_value(json_object_get(values, key)) : NULL;
        if (!label || !value) continue;
        row(s, label, value);
    }
    json_decref(labels);
    json_decref(values);
}

/* The holder's name when no field said it, the holder's number, then the fields. */
static void body(sheet *s, const yw_cert *c, const yw_cert_type *t) {
    bool entity = c->holder_kind && strcmp(c->holder_kind, "entity") == 0;
    json_t *values = json_loads(c->fields ? c->fields : "{}", 0, NULL);
    bool named = false;
    const char *key;
    json_t *v;
    json_object_foreach(values, key, v) {
        if (json_is_string(v) && c->holder_name && strcmp(json_string_value(v), c->holder_name) == 0) named = true;
    }
    json_decref(values);
    if (!named) row(s, entity ? "持证主体" : "持证人", c->holder_name);
    row(s, entity ? "统一社会信用代码" : "公民身份号码", c->holder_id);
    fields(s, c, t);
    const char *from = day_words(s->a, c->valid_from);
    const char *until = c->valid_until ? day_words(s->a, c->valid_until) : "长期";
    const char *validity = from && until ? yw_arena_printf(s->a, "自%s至%s", from, until) : NULL;
    if (!validity) s->oom = true;
    row(s, "有效期", validity ? validity : "");
}

/* A certificate that is not valid says what it is, in red, under the number. */
static void status(sheet *s, const yw_cert *c) {
    const char *zh = status_words(c->status);
    if (!zh || strcmp(c->status, "valid") == 0) return;
    bool changed = strcmp(c->status, "expired") != 0 && strcmp(c->status, "not_yet_valid") != 0;
    const char *when = changed && c->changed_at ? day_words(s->a, c->changed_at) : NULL;
    const char *text = yw_arena_printf(s->a, "本证照%s%s%s%s%s", zh, when ? "（" : "", when ? when : "", when ? "）" : "",
                                       changed && c->reason ? yw_arena_printf(s->a, "：%s", c->reason) : "");
    if (!text) {
        s->oom = true;
        return;
    }
    cairo_save(s->cr);
    cairo_set_source_rgb(s->cr, 0.75, 0.05, 0.05);
    line(s, text, 15, true, PANGO_ALIGN_CENTER, 14);
    cairo_restore(s->cr);
}

/* The foot of the last page: the QR code on the left with what it is for, the identifier and
 * the address; the issuing department and the day of issue on the right, above it. */
static void foot(sheet *s, const yw_cert *c, const char *verify_url, const yw_qr *q) {
    if (s->y > YW_A4_HEIGHT - MARGIN_TOP - FOOT) new_page(s);
    double top = YW_A4_HEIGHT - MARGIN_TOP - FOOT + 24;
    const char *issued = day_words(s->a, c->issued_at);
    const char *sign = yw_arena_printf(s->a, "发证机关：%s\n发证日期：%s", c->department_name ? c->department_name : "",
                                       issued ? issued : "");
    const char *words = yw_arena_printf(s->a, "扫描二维码核验本证照的状态\n证照标识：%s\n%s", c->identifier, verify_url);
    if (!sign || !words) {
        s->oom = true;
        return;
    }
    double width = YW_A4_WIDTH - 2 * MARGIN_X;
    PangoLayout *right = yw_draw_layout(s->cr, sign, BODY_SIZE, false, width, PANGO_ALIGN_RIGHT, 0);
    cairo_move_to(s->cr, MARGIN_X, top);
    pango_cairo_show_layout(s->cr, right);
    double qy = top + yw_draw_height(right) + 14;
    yw_draw_qr(s->cr, q, MARGIN_X, qy, QR_SIDE);
    PangoLayout *under = yw_draw_layout(s->cr, words, 8.5, false, width - QR_SIDE - 12, PANGO_ALIGN_LEFT, 0);
    pango_layout_set_wrap(under, PANGO_WRAP_CHAR); /* the identifier and the address break anywhere */
    cairo_move_to(s->cr, MARGIN_X + QR_SIDE + 12, qy + (QR_SIDE - yw_draw_height(under)) / 2);
    pango_cairo_show_layout(s->cr, under);
    g_object_unref(right);
    g_object_unref(under);
}

int yw_cert_pdf(yw_arena *a, const yw_cert *c, const yw_cert_type *t, const char *verify_url, yw_buf *out,
                yw_err *err) {
    yw_qr q;
    if (yw_qr_encode(a, verify_url, &q, err) < 0) return -1;
    yw_buf_init(out, a);
    const char *title = yw_arena_printf(a, "%s %s", c->type_name, c->number);
    if (!title) return yw_fail(err, YW_E_NOMEM, NULL);
    cairo_surface_t *surface =
        yw_draw_pdf_surface(out, title, c->department_name, c->changed_at ? c->changed_at : c->issued_at);
    cairo_t *cr = cairo_create(surface);
    sheet s = {a, cr, MARGIN_TOP, false};
    frame(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    line(&s, c->type_name, 30, true, PANGO_ALIGN_CENTER, 0);
    const char *number = yw_arena_printf(a, "编号：%s", c->number);
    if (number) line(&s, number, 11, false, PANGO_ALIGN_CENTER, 10);
    s.oom = s.oom || !number;
    status(&s, c);
    s.y += 16;
    body(&s, c, t);
    foot(&s, c, verify_url, &q);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_status_t st = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (s.oom || out->failed) return yw_fail(err, YW_E_NOMEM, NULL);
    if (st != CAIRO_STATUS_SUCCESS) return yw_fail(err, YW_E_CERT_RENDER, NULL, cairo_status_to_string(st));
    return 0;
}
