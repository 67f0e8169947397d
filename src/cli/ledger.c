/* yiwang ledger: import action plans, map unit names to departments. */
#include "cli.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/json_writer.h"
#include "../base/log.h"
#include "../base/time.h"
#include "../domain/ledger/ledger.h"

#define PLAN_MAX_BYTES (16 * 1024 * 1024)

static void print_measure_json(const yw_plan_measure *m) {
    yw_buf b;
    yw_buf_init(&b, NULL);
    yw_jw w;
    yw_jw_init(&w, &b);
    yw_plan_measure_json(&w, m, true);
    if (!b.failed) printf("%s\n", b.data);
    yw_buf_free(&b);
}

typedef struct {
    yw_ledger_import_in in;
    yw_ledger_report *report;
} import_ctx;

static int import_plan(yw_op *op, void *vctx) {
    import_ctx *c = vctx;
    return yw_ledger_import(op, &c->in, c->report);
}

static int map_unit(yw_op *op, void *vctx) {
    void **args = vctx;
    return yw_ledger_map_unit(op, args[0], args[1]);
}

static int ledger_import(int argc, char **argv) {
    const char *db = NULL, *year_text = NULL, *dry = NULL, *json = NULL, *replace = NULL, *pos[2];
    cli_option opts[] = {{"--db", true, &db},          {"--year", true, &year_text}, {"--dry-run", false, &dry},
                     {"--json", false, &json},     {"--replace", true, &replace}, {NULL, false, NULL}};
    int n = cli_parse("ledger", argc, argv, opts, pos, 2);
    if (n < 0) return CLI_USAGE;
    if (n != 2) {
        fprintf(stderr, "yiwang ledger import: expected FILE (see yiwang ledger --help)\n");
        return CLI_USAGE;
    }
    char *end;
    long year = year_text ? strtol(year_text, &end, 10) : 0;
    if (!year_text || *end || year < YW_YEAR_MIN || year > YW_YEAR_MAX) {
        fprintf(stderr, "yiwang ledger import: --year YYYY is required (2000 to 2100)\n");
        return CLI_USAGE;
    }
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    char *data;
    size_t len;
    yw_plan plan;
    int64_t t0 = yw_mono_us();
    if (cli_read_file(&a, pos[1], PLAN_MAX_BYTES, "计划文件", "a plan", &data, &len, &err) < 0 || yw_plan_parse(&a, data, len, (int)year, &plan, &err) < 0) {
        yw_arena_reset(&a);
        return cli_fail("ledger import", &err);
    }
    if (json)
        for (const yw_plan *d = &plan; d; d = d->next)
            for (int i = 0; i < d->nmeasures; i++) print_measure_json(&d->measures[i]);
    yw_store *s;
    if (cli_open_store("ledger import", db, &s)) {
        yw_arena_reset(&a);
        return 1;
    }
    yw_ledger_report r;
    int rc = cli_migrate("ledger import", s);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    import_ctx ctx = {{pos[1], (int)year, &plan, dry != NULL, replace}, &r};
    if (!rc && yw_op_write(&op, import_plan, &ctx) < 0) rc = cli_fail("ledger import", &err);
    yw_store_close(s);
    if (!rc) {
        fprintf(stderr, "%s: %d sections, %d measures, %d deadlines, %d units (%d matched, %d unmatched),"
                        " %d lines not placed, %d units named in an annex; %s in %.2f s\n",
                pos[1], r.sections, r.measures, r.deadlines, r.units, r.units_matched, r.units_unmatched, r.unplaced,
                r.annex_units, dry ? "dry run, nothing saved" : "saved", (double)(yw_mono_us() - t0) / 1e6);
        if (r.replaced)
            fprintf(stderr, "replaced plan %s: %d measures kept, %d changed, %d added, %d removed (cancelled)\n", replace,
                    r.kept, r.changed, r.added, r.removed);
        if (r.documents > 1) {
            fprintf(stderr, "%d plans printed one after the other, each %s as a plan of its own:\n", r.documents,
                    dry ? "to be saved" : "saved");
            for (const yw_plan *d = &plan; d; d = d->next)
                fprintf(stderr, "  %s: %d measures\n", d->title ? d->title : pos[1], d->nmeasures);
        }
        if (r.units_unmatched) {
            fprintf(stderr, "units not matched to a department (map them with yiwang ledger map UNIT DEPARTMENT):\n");
            for (const char **u = r.unmatched; *u; u++) fprintf(stderr, "  %s\n", *u);
        }
        if (r.annex_units) {
            fprintf(stderr, "units named only in the annex:\n");
            for (const yw_plan *d = &plan; d; d = d->next)
                for (const char **u = d->annex_units; *u; u++) fprintf(stderr, "  %s\n", *u);
        }
        if (r.unplaced) {
            fprintf(stderr, "lines not placed in a section or measure:\n");
            for (const yw_plan *d = &plan; d; d = d->next)
                for (const char **u = d->unplaced; *u; u++) fprintf(stderr, "  %.120s\n", *u);
        }
    }
    yw_arena_reset(&a);
    return rc;
}

static int ledger_map(int argc, char **argv) {
    const char *db = NULL, *pos[3];
    cli_option opts[] = {{"--db", true, &db}, {NULL, false, NULL}};
    int n = cli_parse("ledger", argc, argv, opts, pos, 3);
    if (n < 0) return CLI_USAGE;
    if (n != 3) {
        fprintf(stderr, "yiwang ledger map: expected UNIT DEPARTMENT (see yiwang ledger --help)\n");
        return CLI_USAGE;
    }
    yw_store *s;
    if (cli_open_store("ledger map", db, &s)) return 1;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    int applied = 0, rc = cli_migrate("ledger map", s);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    yw_unit_mapping m = {pos[1], pos[2]};
    void *args[] = {&m, &applied};
    if (!rc && yw_op_write(&op, map_unit, args) < 0) rc = cli_fail("ledger map", &err);
    if (!rc) printf("%s → %s: applied to %d measure unit(s)\n", pos[1], pos[2], applied);
    yw_store_close(s);
    yw_arena_reset(&a);
    return rc;
}

static int cmd_ledger(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "import") == 0) return ledger_import(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "map") == 0) return ledger_map(argc, argv);
    const char *pos[1];
    cli_option opts[] = {{NULL, false, NULL}};
    if (cli_parse("ledger", argc, argv, opts, pos, 0) < 0) return CLI_USAGE;
    fprintf(stderr, "yiwang ledger: expected import or map (see yiwang ledger --help)\n");
    return CLI_USAGE;
}

const cli_command cli_ledger = {"ledger", "import FILE --year YYYY [--dry-run] [--json] [--replace PLAN_ID] [--db URL] | map UNIT DEPARTMENT [--db URL]",
     "import an action plan into the ledger; map unit names to departments",
     "import FILE --year YYYY   reads a plan (UTF-8 text, Simplified or Traditional), finds its sections,\n"
     "                          measures, lead and responsible units and deadlines, and saves them;\n"
     "                          the counts, unmatched units and lines not placed go to standard error\n"
     "  --dry-run               saves nothing\n"
     "  --json                  prints one JSON object per measure on standard output\n"
     "  --replace PLAN_ID       replaces that plan (a plan of the same title is refused without it),\n"
     "                          keeping the progress of measures whose text is unchanged\n"
     "map UNIT DEPARTMENT       remembers that UNIT (as documents name it) is DEPARTMENT (code, name\n"
     "                          or alias) and applies it to the measures already imported",
    cmd_ledger};
