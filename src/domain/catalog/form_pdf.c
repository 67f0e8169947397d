/* An item's application form as a PDF (catalog.h: yw_guide_form_pdf): the blank form a guide
 * offers (空白表格) — a title, the item's form fields each with an empty box, its materials to
 * tick, the applicant's signature and date — and the same form filled in as a sample (示例),
 * each field with an example value of its type. Drawn with cairo's PDF surface and pango, which
 * lays out Chinese text with the machine's fonts (a CJK font such as fonts-wqy-zenhei) and embeds
 * the glyphs it uses: the file reads the same everywhere and its text can be searched and
 * extracted. The document's dates are fixed, so the same item gives the same bytes (the demo's
 * forms are loaded again without a new version). */
#include "catalog.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "../../std/idcard.h"
#include "../../std/uscc.h"

#define PAGE_W 595.0 /* A4 in points */
#define PAGE_H 842.0
#define MARGIN 56.0
#define LABEL_W 170.0
#define ROW_H 30.0
#define FONT "WenQuanYi Zen Hei, Noto Sans CJK SC, sans-serif"

typedef struct {
    cairo_t *cr;
    PangoLayout *layout;
    double y;
} page_t;

/* Writes a chunk of the PDF into the arena buffer. */
static cairo_status_t write_chunk(void *closure, const unsigned char *data, unsigned int len) {
    yw_buf *b = closure;
    yw_buf_append(b, data, len);
    return b->failed ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

/* Text at (x, y) in `size` points, at most `width` wide (wrapped); its height. */
static double text(page_t *p, double x, double y, double width, double size, bool bold, const char *s) {
    PangoFontDescription *fd = pango_font_description_from_string(FONT);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(p->layout, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(p->layout, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(p->layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(p->layout, s, -1);
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, p->layout);
    int w, h;
    pango_layout_get_size(p->layout, &w, &h);
    return (double)h / PANGO_SCALE;
}

/* A new page when fewer than `need` points are left above the bottom margin. */
static void room(page_t *p, double need) {
    if (p->y + need <= PAGE_H - MARGIN) return;
    cairo_show_page(p->cr);
    p->y = MARGIN;
}

/* An example value of a field, by its key and type: what the sample shows. */
static const char *example(yw_arena *a, const yw_item_field *f) {
    const char *k = f->key, *t = f->type;
    if (strcmp(t, "choice") == 0) return f->options && f->options[0] ? f->options[0] : "";
    if (strcmp(t, "date") == 0) return "2026年12月1日";
    if (strcmp(t, "region") == 0) return "市南区";
    if (strcmp(t, "id_number") == 0 || strcmp(t, "uscc") == 0) {
        /* well-formed numbers, their check characters computed: a sample that would pass */
        char *s = yw_arena_alloc(a, 19);
        if (!s) return "";
        if (strcmp(t, "id_number") == 0) {
            memcpy(s, "37020219900307123", 17);
            s[17] = yw_idcard_check_char(s);
        } else {
            memcpy(s, "91370202MA3CXK7T", 16);
            s[16] = yw_orgcode_check_char(s + 8);
            s[17] = yw_uscc_check_char(s);
        }
        s[18] = '\0';
        return s;
    }
    if (strcmp(t, "number") == 0) {
        long long v = f->has_min && f->min > 0 ? f->min : 100;
        if (f->has_max && v > f->max) v = f->max;
        const char *s = yw_arena_printf(a, "%lld", v);
        return s ? s : "";
    }
    if (strstr(k, "phone")) return "13800000000";
    if (strstr(k, "address") || strstr(k, "location")) return "青岛市市南区香港中路1号";
    if (strcmp(k, "entity.name") == 0) return "青岛示例商店";
    if (strstr(k, "project")) return "示例项目";
    if (strstr(k, "bank")) return "中国工商银行青岛市南支行";
    if (strstr(k, "scope")) return "日用百货销售";
    const char *dot = strrchr(k, '.');
    if (dot && strcmp(dot, ".name") == 0) return "张三";
    return "（按实际情况填写）";
}

int yw_guide_form_pdf(yw_arena *a, const yw_item *it, bool sample, yw_buf *out, yw_err *err) {
    yw_buf_init(out, a);
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(write_chunk, out, PAGE_W, PAGE_H);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        return yw_fail(err, YW_E_NOMEM, NULL);
    }
    const char *title = yw_arena_printf(a, "%s申请表%s", it->name, sample ? "（填写示例）" : "");
    if (!title) {
        cairo_surface_destroy(surface);
        return yw_fail(err, YW_E_NOMEM, NULL);
    }
    /* fixed dates: the same item, the same bytes */
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "yiwang");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "2026-01-01T00:00:00+08:00");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, "2026-01-01T00:00:00+08:00");
    page_t p = {cairo_create(surface), NULL, MARGIN};
    p.layout = pango_cairo_create_layout(p.cr);
    double width = PAGE_W - 2 * MARGIN;
    cairo_set_line_width(p.cr, 0.8);
    cairo_set_source_rgb(p.cr, 0, 0, 0);

    p.y += text(&p, MARGIN, p.y, width, 18, true, title) + 6;
    const char *code = yw_arena_printf(a, "事项编码：%s    %s", it->code,
                                       sample ? "此为填写示例，请按您的实际情况填写" : "请用黑色或蓝色墨水笔填写，字迹清楚");
    if (code) p.y += text(&p, MARGIN, p.y, width, 10, false, code) + 14;

    /* the fields: a label and a box, the sample's value in blue */
    for (int i = 0; i < it->nfields; i++) {
        const yw_item_field *f = &it->fields[i];
        room(&p, ROW_H);
        cairo_rectangle(p.cr, MARGIN, p.y, LABEL_W, ROW_H);
        cairo_rectangle(p.cr, MARGIN + LABEL_W, p.y, width - LABEL_W, ROW_H);
        cairo_stroke(p.cr);
        const char *label = yw_arena_printf(a, "%s%s", f->label, f->required ? " *" : "");
        text(&p, MARGIN + 6, p.y + 8, LABEL_W - 12, 11, false, label ? label : f->label);
        if (sample) {
            cairo_set_source_rgb(p.cr, 0.05, 0.28, 0.63);
            text(&p, MARGIN + LABEL_W + 8, p.y + 8, width - LABEL_W - 16, 11, false, example(a, f));
            cairo_set_source_rgb(p.cr, 0, 0, 0);
        }
        p.y += ROW_H;
    }
    if (it->nfields) p.y += text(&p, MARGIN, p.y + 4, width, 9, false, "标 * 的为必填项") + 12;

    /* the materials to hand in, to tick */
    if (it->nmaterials) {
        room(&p, 60);
        p.y += text(&p, MARGIN, p.y, width, 13, true, "所附材料（请在提交的材料前打√）") + 6;
        for (int i = 0; i < it->nmaterials; i++) {
            const yw_item_material *m = &it->materials[i];
            room(&p, 22);
            const char *line = yw_arena_printf(a, "%s %s%s%s", sample && strcmp(m->requirement, "required") == 0 ? "☑" : "☐",
                                               m->name, m->condition ? "（" : "", m->condition ? m->condition : "");
            const char *closed = line && m->condition ? yw_arena_printf(a, "%s）", line) : line;
            p.y += text(&p, MARGIN + 6, p.y, width - 6, 11, false, closed ? closed : m->name) + 6;
        }
        p.y += 10;
    }

    /* the pledge and the signature */
    room(&p, 90);
    p.y += text(&p, MARGIN, p.y, width, 11, false, "本人（单位）承诺所填写的内容和提交的材料真实、有效。") + 24;
    text(&p, MARGIN, p.y, width, 11, false, sample ? "申请人（签字或盖章）：张三" : "申请人（签字或盖章）：");
    text(&p, MARGIN + width / 2 + 40, p.y, width / 2 - 40, 11, false,
         sample ? "日期：2026年12月1日" : "日期：        年    月    日");
    p.y += 40;
    room(&p, 20);
    text(&p, MARGIN, p.y, width, 9, false, "本表根据一网通办的办事指南生成：可在网上在线申报，也可打印填写后到办理地点窗口提交。");

    g_object_unref(p.layout);
    cairo_status_t st = cairo_status(p.cr);
    cairo_destroy(p.cr);
    cairo_surface_finish(surface);
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (st != CAIRO_STATUS_SUCCESS || out->failed)
        return out->failed ? yw_fail(err, YW_E_NOMEM, NULL) : yw_err_set(err, YW_ERR_INTERNAL, NULL, "PDF: %s", cairo_status_to_string(st));
    return 0;
}
