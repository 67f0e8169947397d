/* yiwang catalog: import the item catalog from a JSON file (docs/catalog.md), export it in the
 * same form. The import reads and checks the whole file before its one transaction; an item
 * that is refused is reported by its index and skipped, the others saved, and an item whose
 * content is that of its current version makes no new version — so a second run of the same
 * file changes nothing. */
#include "cli.h"

#include <string.h>

#include "../base/time.h"
#include "../domain/catalog/catalog.h"
#include "catalog_cli.h"

typedef struct {
    const yw_catalog_file *file;
    yw_catalog_report *report;
} import_ctx;

static int import_items(yw_op *op, void *vctx) {
    import_ctx *c = vctx;
    return yw_catalog_import(op, c->file, c->report);
}

int cli_catalog_import_file(yw_store *s, yw_arena *a, const char *file, yw_catalog_report *r, yw_err *err) {
    char *data;
    size_t len;
    yw_catalog_file f;
    if (cli_read_file(a, file, YW_CATALOG_FILE_MAX, "事项清单文件", "a catalog file", &data, &len, err) < 0 ||
        yw_catalog_parse(a, data, len, &f, err) < 0)
        return -1;
    import_ctx ctx = {&f, r};
    yw_op op = yw_op_make(s, a, &yw_actor_system, err);
    return yw_op_write(&op, import_items, &ctx);
}

static int catalog_import(int argc, char **argv) {
    const char *db = NULL, *pos[2];
    cli_option opts[] = {{"--db", true, &db}, {NULL, false, NULL}};
    int n = cli_parse("catalog", argc, argv, opts, pos, 2);
    if (n < 0) return CLI_USAGE;
    if (n != 2) {
        fprintf(stderr, "yiwang catalog import: expected FILE.json (see yiwang catalog --help)\n");
        return CLI_USAGE;
    }
    const char *file = pos[1];
    int64_t t0 = yw_mono_us();
    yw_store *s;
    if (cli_open_store("catalog import", db, &s)) return 1;
    int rc = cli_migrate("catalog import", s);
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_err_clear(&err);
    yw_catalog_report r;
    if (!rc && cli_catalog_import_file(s, &a, file, &r, &err) < 0) {
        char text[640];
        cli_err_text(&err, text, sizeof text);
        fprintf(stderr, "yiwang catalog import: %s: %s\n", file, text);
        rc = 1;
    }
    yw_store_close(s);
    if (!rc) {
        for (int i = 0; i < r.nerrors; i++) fprintf(stderr, "%s: refused: %s\n", file, r.errors[i]);
        printf("%s: %d items: %d created, %d updated, %d unchanged, %d refused in %.2f s\n", file, r.items, r.created,
               r.updated, r.unchanged, r.bad, (double)(yw_mono_us() - t0) / 1e6);
        /* the good items are saved; the status tells a script that some were not */
        if (r.bad) rc = 1;
    }
    yw_arena_reset(&a);
    return rc;
}

typedef struct {
    yw_buf *out;
} export_ctx;

static int export_items(yw_op *op, void *vctx) {
    export_ctx *c = vctx;
    return yw_catalog_export(op, c->out);
}

static int catalog_export(int argc, char **argv) {
    const char *db = NULL, *pos[1];
    cli_option opts[] = {{"--db", true, &db}, {NULL, false, NULL}};
    int n = cli_parse("catalog", argc, argv, opts, pos, 1);
    if (n < 0) return CLI_USAGE;
    if (n != 1) {
        fprintf(stderr, "yiwang catalog export: takes no file: it prints the catalog (see yiwang catalog --help)\n");
        return CLI_USAGE;
    }
    yw_store *s;
    if (cli_open_store("catalog export", db, &s)) return 1;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_buf b;
    yw_buf_init(&b, &a);
    export_ctx ctx = {&b};
    int rc = cli_migrate("catalog export", s);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    if (!rc && yw_op_read(&op, export_items, &ctx) < 0) rc = cli_fail("catalog export", &err);
    if (!rc && (fwrite(b.data, 1, b.len, stdout) != b.len || fflush(stdout) != 0)) {
        fprintf(stderr, "yiwang catalog export: cannot write to standard output\n");
        rc = 1;
    }
    yw_store_close(s);
    yw_arena_reset(&a);
    return rc;
}

static int cmd_catalog(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "import") == 0) return catalog_import(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "export") == 0) return catalog_export(argc, argv);
    cli_option opts[] = {{NULL, false, NULL}};
    if (cli_parse("catalog", argc, argv, opts, NULL, 0) < 0) return CLI_USAGE;
    fprintf(stderr, "yiwang catalog: expected import or export (see yiwang catalog --help)\n");
    return CLI_USAGE;
}

const cli_command cli_catalog = {"catalog", "import FILE.json [--db URL] | export [--db URL]",
     "import the item catalog from a JSON file; print it as JSON",
     "import FILE.json  saves the items of a catalog file {\"format\":\"yiwang-catalog\",\"items\":[…]}\n"
     "                  (docs/catalog.md gives the schema). An item that is refused (a missing or bad\n"
     "                  field, an unknown department or region, promised days over statutory ones)\n"
     "                  is reported on standard error by its index and JSON pointer and skipped;\n"
     "                  the others are saved in one transaction. An item whose content is that of\n"
     "                  its current version is left alone: running the same file again changes\n"
     "                  nothing. Exit status 1 when any item was refused.\n"
     "export            prints the whole catalog (current versions, by code) in the same form.",
    cmd_catalog};
