/* The demo catalog: data/demo-catalog.json, built into the binary (cmake/embed.cmake), loaded
 * by `yiwang demo` after the demo city whose departments its items name. Each item's guide gets
 * a blank form and a filled-in sample the platform draws from the item's own fields and
 * materials (form_pdf.c), unless the file names files of its own: real files, made here. */
#include "catalog.h"

#include <string.h>

extern const char yw_embedded_demo_catalog[];
extern const size_t yw_embedded_demo_catalog_len;

/* The blank form and the sample of one item, kept as guide files and named in its guide. */
static int attach_forms(yw_op *op, yw_item *it) {
    it->files = yw_arena_calloc(op->arena, 3, sizeof *it->files);
    if (!it->files) return yw_fail(op->err, YW_E_NOMEM, NULL);
    for (int k = 0; k < 2; k++) {
        yw_buf pdf;
        if (yw_guide_form_pdf(op->arena, it, k == 1, &pdf, op->err) < 0) return -1;
        const char *name = yw_arena_printf(op->arena, "%s申请表（%s）.pdf", it->name, k ? "填写示例" : "空白");
        if (!name) return yw_fail(op->err, YW_E_NOMEM, NULL);
        yw_upload_new in = {.bytes = pdf.data, .len = pdf.len, .media_type = "application/pdf", .name = name};
        if (yw_upload_prepare(&in, NULL, op->err) < 0) return -1;
        char *sha = yw_arena_strndup(op->arena, in.sha256, strlen(in.sha256));
        if (!sha) return yw_fail(op->err, YW_E_NOMEM, NULL);
        if (yw_catalog_file_add(op, &in, NULL) < 0) return -1;
        it->files[k] = (yw_item_file){k ? "sample" : "blank", name, sha};
    }
    it->nfiles = 2;
    return 0;
}

int yw_catalog_demo_load(yw_op *op, yw_catalog_report *report) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "load the demo catalog") < 0) return -1;
    yw_catalog_file f;
    if (yw_catalog_parse(op->arena, yw_embedded_demo_catalog, yw_embedded_demo_catalog_len, &f, op->err) < 0)
        return -1;
    for (int i = 0; i < f.nentries; i++)
        if (f.entries[i].error.code == YW_OK && !f.entries[i].item.nfiles && attach_forms(op, &f.entries[i].item) < 0)
            return -1;
    if (yw_catalog_import(op, &f, report) < 0) return -1;
    /* the file ships with the binary and its tests: a refused item is a defect, not an input */
    if (report->bad) return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "demo catalog: %s", report->errors[0]);
    return 0;
}
