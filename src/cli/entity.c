/* yiwang entity: load the market-entity registry from a CSV file (docs/entities.md), and list
 * the dormancies about to lapse. The import maps the file and reads it a row at a time, saving
 * YW_ENTITY_BATCH_ROWS rows per transaction with memory for one batch: a row that is refused
 * is reported by its line and skipped, the rest load, and a row equal to the stored record
 * changes nothing, so a second run of the same file changes nothing. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/time.h"
#include "../domain/policy/policy.h"
#include "entity_cli.h"

/* The registry's progress line: rows so far, the share of the total when known, the rate. */
static void progress_show(cli_progress *p, const char *what, int64_t done, int64_t total) {
    if (!cli_progress_due(p)) return;
    double secs = cli_progress_secs(p);
    if (total > 0)
        cli_progress_print(p, "%s: %lld rows (%d%%), %.0f rows/s …", what, (long long)done, (int)(done * 100 / total),
                           done / secs);
    else
        cli_progress_print(p, "%s: %lld rows, %.0f rows/s …", what, (long long)done, done / secs);
}

/* Saves one batch in its own transaction. */
static int save_batch(yw_store *s, yw_arena *a, const yw_entity *rows, int n, const char *source,
                      yw_entity_load_report *r, yw_err *err) {
    if (!n) return 0;
    yw_op op = yw_op_make(s, a, &yw_actor_system, err);
    if (yw_store_batch_begin(s, err) < 0) return -1;
    if (yw_entity_load_batch(&op, rows, n, source, r) < 0) {
        yw_store_batch_abort(s);
        return -1;
    }
    return yw_store_batch_commit(s, err);
}

int cli_entity_demo(yw_store *s, int64_t n, yw_entity_load_report *r, yw_err *err) {
    *r = (yw_entity_load_report){0};
    yw_arena a;
    yw_arena_init(&a);
    cli_progress p;
    cli_progress_start(&p);
    int rc = 0;
    for (int64_t from = 0; from < n && rc == 0; from += YW_ENTITY_BATCH_ROWS) {
        int count = n - from < YW_ENTITY_BATCH_ROWS ? (int)(n - from) : YW_ENTITY_BATCH_ROWS;
        yw_entity *rows = yw_arena_alloc(&a, sizeof *rows * (size_t)count);
        if (!rows) rc = yw_fail(err, YW_E_NOMEM, NULL);
        for (int k = 0; k < count && rc == 0; k++)
            if (yw_entity_demo_row(&a, from + k, &rows[k]) < 0) rc = yw_fail(err, YW_E_NOMEM, NULL);
        if (rc == 0) rc = save_batch(s, &a, rows, count, "demo", r, err);
        yw_arena_reset(&a);
        progress_show(&p, "demo entities", from + count, n);
    }
    cli_progress_break(&p);
    return rc;
}

/* The file mapped read-only; *data NULL for an empty file. */
static int map_file(const char *path, const char **data, size_t *len, yw_err *err) {
    *data = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return yw_fail(err, YW_E_FILE_OPEN, NULL, path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return yw_fail(err, YW_E_FILE_READ, NULL, path);
    }
    if (st.st_size > 0) {
        void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (m == MAP_FAILED) {
            close(fd);
            return yw_fail(err, YW_E_FILE_READ, NULL, path);
        }
        madvise(m, (size_t)st.st_size, MADV_SEQUENTIAL);
        *data = m;
        *len = (size_t)st.st_size;
    }
    close(fd);
    return 0;
}

typedef struct {
    int64_t read, refused;
    yw_entity_load_report saved;
} import_report;

static int import_file(yw_store *s, const char *file, const char *data, size_t len, import_report *r, yw_err *err) {
    yw_entity_csv csv;
    if (yw_entity_csv_open(&csv, data ? data : "", len, err) < 0) return -1;
    int64_t today = yw_today_shanghai();
    yw_arena a;
    yw_arena_init(&a);
    yw_op labels_op = yw_op_make(s, &a, &yw_actor_system, err);
    if (yw_entity_labels_sync(&labels_op) < 0) { /* the file names the labels the city defined */
        yw_arena_reset(&a);
        return -1;
    }
    cli_progress p;
    cli_progress_start(&p);
    int rc = 0;
    for (bool more = true; more && rc == 0;) {
        yw_entity *rows = yw_arena_alloc(&a, sizeof *rows * YW_ENTITY_BATCH_ROWS);
        if (!rows) rc = yw_fail(err, YW_E_NOMEM, NULL);
        int n = 0;
        while (rc == 0 && n < YW_ENTITY_BATCH_ROWS) {
            int64_t line;
            const char *error;
            int got = yw_entity_csv_next(&csv, &a, today, &rows[n], &line, &error);
            if (got < 0) rc = yw_fail(err, YW_E_NOMEM, NULL);
            if (got <= 0) {
                more = false;
                break;
            }
            r->read++;
            if (error) {
                if (p.shown && p.tty) fputc('\n', stderr);
                fprintf(stderr, "%s:%lld: refused: %s\n", file, (long long)line, error);
                r->refused++;
                continue;
            }
            n++;
        }
        if (rc == 0) rc = save_batch(s, &a, rows, n, file, &r->saved, err);
        yw_arena_reset(&a);
        progress_show(&p, file, r->read, 0);
    }
    cli_progress_break(&p);
    return rc;
}

static int entity_import(int argc, char **argv) {
    const char *db = NULL, *pos[2];
    cli_option opts[] = {{"--db", true, &db}, {NULL, false, NULL}};
    int n = cli_parse("entity", argc, argv, opts, pos, 2);
    if (n < 0) return CLI_USAGE;
    if (n != 2) {
        fprintf(stderr, "yiwang entity import: expected FILE.csv (see yiwang entity --help)\n");
        return CLI_USAGE;
    }
    const char *file = pos[1];
    int64_t t0 = yw_mono_us();
    yw_store *s;
    if (cli_open_store("entity import", db, &s)) return 1;
    int rc = cli_migrate("entity import", s);
    yw_err err;
    yw_err_clear(&err);
    const char *data = NULL;
    size_t len = 0;
    import_report r = {0};
    if (!rc && (map_file(file, &data, &len, &err) < 0 || import_file(s, file, data, len, &r, &err) < 0)) {
        char text[640];
        cli_err_text(&err, text, sizeof text);
        fprintf(stderr, "yiwang entity import: %s: %s\n", file, text);
        rc = 1;
    }
    if (data) munmap((void *)data, len);
    yw_store_close(s);
    double secs = (double)(yw_mono_us() - t0) / 1e6;
    if (!rc) {
        printf("%s: %lld rows read: %lld added, %lld changed, %lld unchanged, %lld refused in %.2f s (%.0f rows/s)\n",
               file, (long long)r.read, (long long)r.saved.added, (long long)r.saved.changed,
               (long long)r.saved.unchanged, (long long)r.refused, secs, secs > 0 ? r.read / secs : 0.0);
        /* the good rows are saved; the status tells a script that some were not */
        if (r.refused) rc = 1;
    }
    return rc;
}

typedef struct {
    int days;
    yw_entity *list;
    int n;
} lapsing_ctx;

static int list_lapsing(yw_op *op, void *vctx) {
    lapsing_ctx *c = vctx;
    return yw_entity_dormancies_lapsing(op, c->days, &c->list, &c->n);
}

static int entity_lapsing(int argc, char **argv) {
    const char *db = NULL, *days = NULL, *pos[1];
    cli_option opts[] = {{"--db", true, &db}, {"--days", true, &days}, {NULL, false, NULL}};
    int n = cli_parse("entity", argc, argv, opts, pos, 1);
    if (n < 0) return CLI_USAGE;
    char *end = NULL;
    long d = days ? strtol(days, &end, 10) : 30;
    if (n != 1 || (days && (*end || d < 0 || d > YW_ENTITY_LAPSING_MAX_DAYS))) {
        fprintf(stderr, "yiwang entity lapsing: --days takes 0 to %d (see yiwang entity --help)\n",
                YW_ENTITY_LAPSING_MAX_DAYS);
        return CLI_USAGE;
    }
    yw_store *s;
    if (cli_open_store("entity lapsing", db, &s)) return 1;
    int rc = cli_migrate("entity lapsing", s);
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    lapsing_ctx c = {(int)d, NULL, 0};
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    if (!rc && yw_op_read(&op, list_lapsing, &c) < 0) rc = cli_fail("entity lapsing", &err);
    if (!rc) {
        for (int i = 0; i < c.n; i++)
            printf("%s  %s  %s  %s\n", c.list[i].uscc, c.list[i].dormant_until, c.list[i].name,
                   c.list[i].service_address ? c.list[i].service_address : "");
        printf("%d dormancies lapse within %ld days\n", c.n, d);
    }
    yw_store_close(s);
    yw_arena_reset(&a);
    return rc;
}

static int cmd_entity(int argc, char **argv) {
    /* an import's added and changed rows are matched against the policies in their batch */
    yw_policy_watch_registry(true);
    if (argc >= 2 && strcmp(argv[1], "import") == 0) return entity_import(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "lapsing") == 0) return entity_lapsing(argc, argv);
    cli_option opts[] = {{NULL, false, NULL}};
    if (cli_parse("entity", argc, argv, opts, NULL, 0) < 0) return CLI_USAGE;
    fprintf(stderr, "yiwang entity: expected import or lapsing (see yiwang entity --help)\n");
    return CLI_USAGE;
}

const cli_command cli_entity = {"entity", "import FILE.csv [--db URL] | lapsing [--days N] [--db URL]",
     "load the market-entity registry from CSV; list dormancies about to lapse",
     "import FILE.csv   loads the registry file (docs/entities.md gives the header:\n"
     "                  " YW_ENTITY_CSV_HEADER ")\n"
     "                  in transactions of 5000 rows, with a progress line on standard error. A row\n"
     "                  with a bad field (USCC, region, industry …) is reported by its line number and\n"
     "                  skipped; the rest load. A row equal to the stored entity changes nothing, so\n"
     "                  running the same file again changes nothing. Exit status 1 when any row was\n"
     "                  refused.\n"
     "lapsing           lists the dormant entities whose dormancy (歇业) lapses within --days days\n"
     "                  (default 30; lapsed ones too), soonest first: the reminder.",
    cmd_entity};
