/* yiwang dept: import departments from a CSV file, list them. The import runs in one
 * transaction, each row in a savepoint of its own: a refused row (a bad region code, a taken
 * code, name or alias, a row that cannot be read) is reported by its line and undone alone, the
 * others are created, and a row whose department is there already, identical, is counted and
 * left alone, so that running the same file again changes nothing. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "../base/time.h"
#include "../domain/core/dept.h"

#define DEPT_FILE_MAX_BYTES (64 * 1024 * 1024)

typedef struct {
    const yw_dept_csv *csv;
    const char **refusals; /* per row: NULL, or why it was refused (arena text) */
    int created, existing, refused;
} import_ctx;

/* Is every alias of x one of y's? Both lists without the department's name. */
static bool aliases_within(const char *const *x, const char *const *y, const char *name) {
    for (; x && *x; x++) {
        if (strcmp(*x, name) == 0) continue;
        const char *const *k = y;
        while (k && *k && strcmp(*k, *x) != 0) k++;
        if (!k || !*k) return false;
    }
    return true;
}

static bool same_department(const yw_dept *d, const yw_dept_new *in) {
    return strcmp(d->name, in->name) == 0 && strcmp(d->region_code, in->region_code) == 0 &&
           aliases_within(in->aliases, (const char *const *)d->aliases, d->name) &&
           aliases_within((const char *const *)d->aliases, in->aliases, d->name);
}

/* Why a row was refused, from the domain's error, as cli_fail words it; NULL when out of memory. */
static const char *refusal(yw_arena *a, const yw_err *err) {
    char text[640];
    cli_err_text(err, text, sizeof text);
    return yw_arena_strdup(a, text);
}

/* Errors that refuse one row; anything else (a failing or busy store, no memory) stops the
 * import and rolls it back whole. */
static bool row_error(yw_err_code code) {
    return code == YW_ERR_INVALID || code == YW_ERR_CONFLICT || code == YW_ERR_NOT_FOUND || code == YW_ERR_RANGE;
}

static int import_rows(yw_op *op, void *vctx) {
    import_ctx *c = vctx;
    /* the whole function runs again when the store was busy: start from nothing */
    c->created = c->existing = c->refused = 0;
    for (int i = 0; i < c->csv->nrows; i++) {
        const yw_dept_csv_row *row = &c->csv->rows[i];
        c->refusals[i] = row->error;
        if (row->error) {
            c->refused++;
            continue;
        }
        yw_dept d;
        yw_err_clear(op->err);
        int found = yw_dept_find(op, row->dept.code, &d);
        if (found < 0 && op->err->code != YW_ERR_NOT_FOUND) return -1;
        /* (found by code: a department whose name or alias is the code is not this one) */
        if (found == 0 && strcmp(d.code, row->dept.code) == 0) {
            if (same_department(&d, &row->dept)) {
                c->existing++;
                continue;
            }
            c->refusals[i] = "a department with this code exists already, with another name, region code or"
                             " aliases (dept import does not change departments)";
            c->refused++;
            continue;
        }
        if (yw_store_savepoint(op->store, op->err) < 0) return -1;
        if (yw_dept_create(op, &row->dept, NULL) == 0) {
            if (yw_store_savepoint_release(op->store, op->err) < 0) return -1;
            c->created++;
            continue;
        }
        if (!row_error(op->err->code)) return -1;
        const char *why = refusal(op->arena, op->err);
        if (!why) return yw_fail(op->err, YW_E_NOMEM, NULL);
        if (yw_store_savepoint_rollback(op->store, op->err) < 0) return -1;
        c->refusals[i] = why;
        c->refused++;
    }
    return 0;
}

static int dept_import(int argc, char **argv) {
    const char *db = NULL, *pos[2];
    cli_option opts[] = {{"--db", true, &db}, {NULL, false, NULL}};
    int n = cli_parse("dept", argc, argv, opts, pos, 2);
    if (n < 0) return CLI_USAGE;
    if (n != 2) {
        fprintf(stderr, "yiwang dept import: expected FILE.csv (see yiwang dept --help)\n");
        return CLI_USAGE;
    }
    const char *file = pos[1];
    int64_t t0 = yw_mono_us();
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_err_clear(&err);
    char *data;
    size_t len;
    yw_dept_csv csv;
    if (cli_read_file(&a, file, DEPT_FILE_MAX_BYTES, "部门文件", "a department file", &data, &len, &err) < 0 ||
        yw_dept_csv_parse(&a, data, len, &csv, &err) < 0) {
        yw_arena_reset(&a);
        char text[640];
        cli_err_text(&err, text, sizeof text);
        fprintf(stderr, "yiwang dept import: %s: %s\n", file, text);
        return 1;
    }
    import_ctx ctx = {.csv = &csv, .refusals = yw_arena_calloc(&a, (size_t)csv.nrows + 1, sizeof(char *))};
    if (!ctx.refusals) {
        yw_arena_reset(&a);
        yw_fail(&err, YW_E_NOMEM, NULL);
        return cli_fail("dept import", &err);
    }
    yw_store *s;
    if (cli_open_store("dept import", db, &s)) {
        yw_arena_reset(&a);
        return 1;
    }
    int rc = cli_migrate("dept import", s);
    if (!rc) {
        yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
        if (yw_op_write(&op, import_rows, &ctx) < 0) rc = cli_fail("dept import", &err);
    }
    yw_store_close(s);
    if (!rc) {
        for (int i = 0; i < csv.nrows; i++)
            if (ctx.refusals[i]) fprintf(stderr, "%s:%d: refused: %s\n", file, csv.rows[i].line, ctx.refusals[i]);
        printf("%s: %d created, %d already there, %d refused in %.2f s\n", file, ctx.created, ctx.existing,
               ctx.refused, (double)(yw_mono_us() - t0) / 1e6);
        /* the rows that were good are saved; the status tells a script that some were not */
        if (ctx.refused) rc = 1;
    }
    yw_arena_reset(&a);
    return rc;
}

typedef struct {
    yw_dept *list;
    int count;
} list_ctx;

static int list_depts(yw_op *op, void *vctx) {
    list_ctx *c = vctx;
    return yw_dept_list(op, &c->list, &c->count);
}

static int dept_list(int argc, char **argv) {
    const char *db = NULL, *pos[1];
    cli_option opts[] = {{"--db", true, &db}, {NULL, false, NULL}};
    int n = cli_parse("dept", argc, argv, opts, pos, 1);
    if (n < 0) return CLI_USAGE;
    yw_store *s;
    if (cli_open_store("dept list", db, &s)) return 1;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    list_ctx ctx = {0};
    int rc = cli_migrate("dept list", s);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    if (!rc && yw_op_read(&op, list_depts, &ctx) < 0) rc = cli_fail("dept list", &err);
    for (int i = 0; !rc && i < ctx.count; i++) {
        const yw_dept *d = &ctx.list[i];
        printf("%s\t%s\t%s\t", d->code, d->name, d->region_code);
        for (const char **al = d->aliases; *al; al++) printf("%s%s", al == d->aliases ? "" : "|", *al);
        printf("\n");
    }
    yw_store_close(s);
    yw_arena_reset(&a);
    return rc;
}

static int cmd_dept(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "import") == 0) return dept_import(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "list") == 0) return dept_list(argc, argv);
    cli_option opts[] = {{NULL, false, NULL}};
    if (cli_parse("dept", argc, argv, opts, NULL, 0) < 0) return CLI_USAGE;
    fprintf(stderr, "yiwang dept: expected import or list (see yiwang dept --help)\n");
    return CLI_USAGE;
}

const cli_command cli_dept = {"dept", "import FILE.csv [--db URL] | list [--db URL]",
     "import departments from a CSV file; list them",
     "import FILE.csv   creates the departments of a CSV file in UTF-8 (a byte-order mark is fine),\n"
     "                  with the header code,name,region_code,aliases; aliases are separated by\n"
     "                  |, ; or ；, and fields holding a comma or a quote are quoted (\"\" inside).\n"
     "                  A row that is refused (a bad region code, a taken code, name or alias, a\n"
     "                  wrong number of columns, an empty field) is reported on standard error as\n"
     "                  FILE:LINE and skipped; the others are created. A department that is there\n"
     "                  already, identical, is left alone: running the file again changes nothing.\n"
     "                  Prints how many were created, already there and refused; exit status 1\n"
     "                  when any row was refused.\n"
     "list              prints code, name, region code and aliases (|-separated), tab-separated",
    cmd_dept};
