/* The demo catalog: data/demo-catalog.json, built into the binary (cmake/embed.cmake), loaded
 * by `yiwang demo` after the demo city whose departments its items name. */
#include "catalog.h"

extern const char yw_embedded_demo_catalog[];
extern const size_t yw_embedded_demo_catalog_len;

int yw_catalog_demo_load(yw_op *op, yw_catalog_report *report) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "load the demo catalog") < 0) return -1;
    yw_catalog_file f;
    if (yw_catalog_parse(op->arena, yw_embedded_demo_catalog, yw_embedded_demo_catalog_len, &f, op->err) < 0)
        return -1;
    if (yw_catalog_import(op, &f, report) < 0) return -1;
    /* the file ships with the binary and its tests: a refused item is a defect, not an input */
    if (report->bad) return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "demo catalog: %s", report->errors[0]);
    return 0;
}
