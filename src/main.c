/* The yiwang command: serve the platform, create or migrate the store, load the demo city,
 * verify the audit chain, and answer working-day questions. Every subcommand takes --db URL.
 * A bad flag gets one line on standard error and exit status 2; a failure exit status 1. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/time.h"
#include "base/buf.h"
#include "base/json_writer.h"
#include "domain/core/account.h"
#include "domain/core/audit.h"
#include "domain/core/demo.h"
#include "domain/ledger/ledger.h"
#include "http/server.h"
#include "std/workcal.h"
#include "store/store.h"

#define EXIT_USAGE 2

typedef struct {
    const char *name; /* "--db" */
    bool takes_value;
    const char **value; /* where the value goes; for flags without a value, set to "1" */
} option;

typedef struct {
    const char *name, *args, *summary, *help;
    int (*run)(int argc, char **argv);
} command;

static const command *find_command(const char *name);
static void usage(FILE *out);

/* Parses argv[1..] against opts; positional arguments are collected in order into pos (at most
 * npos). Returns the number of positionals, or -1 after printing a one-line error. */
static int parse_options(const char *cmd, int argc, char **argv, const option *opts, const char **pos, int npos) {
    int n = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            const command *c = find_command(cmd);
            printf("usage: yiwang %s %s\n\n%s\n", c->name, c->args, c->help);
            exit(0);
        }
        if (strncmp(a, "--", 2) == 0) {
            const char *eq = strchr(a, '=');
            size_t len = eq ? (size_t)(eq - a) : strlen(a);
            const option *o = opts;
            while (o->name && !(strlen(o->name) == len && strncmp(o->name, a, len) == 0)) o++;
            if (!o->name) {
                fprintf(stderr, "yiwang %s: unknown option %s (see yiwang %s --help)\n", cmd, a, cmd);
                return -1;
            }
            if (!o->takes_value) {
                if (eq) {
                    fprintf(stderr, "yiwang %s: %s takes no value\n", cmd, o->name);
                    return -1;
                }
                *o->value = "1";
            } else if (eq) {
                *o->value = eq + 1;
            } else if (i + 1 < argc) {
                *o->value = argv[++i];
            } else {
                fprintf(stderr, "yiwang %s: %s needs a value\n", cmd, o->name);
                return -1;
            }
            continue;
        }
        if (n == npos) {
            fprintf(stderr, "yiwang %s: unexpected argument %s (see yiwang %s --help)\n", cmd, a, cmd);
            return -1;
        }
        pos[n++] = a;
    }
    return n;
}

static int fail(const char *cmd, const yw_err *err) {
    fprintf(stderr, "yiwang %s: %s%s%s\n", cmd, err->message, err->field[0] ? " — field " : "", err->field);
    return 1;
}

static int open_store(const char *cmd, const char *db, yw_store **s) {
    yw_err err;
    if (yw_store_open(db, s, &err) < 0) return fail(cmd, &err);
    return 0;
}

static int migrate(const char *cmd, yw_store *s) {
    yw_err err;
    int applied;
    if (yw_store_migrate(s, &applied, &err) < 0) return fail(cmd, &err);
    return 0;
}

/* ---- serve ---- */

static int cmd_serve(int argc, char **argv) {
    yw_server_config cfg;
    yw_server_config_defaults(&cfg);
    const char *db = NULL, *listen = NULL, *web = NULL, *workers = NULL, *max_body = NULL, *timeout = NULL,
               *no_log = NULL;
    option opts[] = {{"--db", true, &db},           {"--listen", true, &listen},
                     {"--web", true, &web},         {"--workers", true, &workers},
                     {"--max-body", true, &max_body}, {"--timeout", true, &timeout},
                     {"--tls-cert", true, &cfg.tls_cert}, {"--tls-key", true, &cfg.tls_key},
                     {"--no-access-log", false, &no_log}, {NULL, false, NULL}};
    if (parse_options("serve", argc, argv, opts, NULL, 0) < 0) return EXIT_USAGE;
    yw_err err;
    if (listen && yw_server_parse_listen(&cfg, listen, &err) < 0) {
        fprintf(stderr, "yiwang serve: %s\n", err.message);
        return EXIT_USAGE;
    }
    char *end;
    if (workers) {
        long n = strtol(workers, &end, 10);
        if (*end || n < 1 || n > 256) {
            fprintf(stderr, "yiwang serve: --workers must be 1 to 256\n");
            return EXIT_USAGE;
        }
        cfg.workers = (int)n;
    }
    if (max_body) {
        long long n = strtoll(max_body, &end, 10);
        if (*end || n < 1024 || n > 1LL << 30) {
            fprintf(stderr, "yiwang serve: --max-body must be 1024 to 1073741824 bytes\n");
            return EXIT_USAGE;
        }
        cfg.max_body = (size_t)n;
    }
    if (timeout) {
        long n = strtol(timeout, &end, 10);
        if (*end || n < 1 || n > 3600) {
            fprintf(stderr, "yiwang serve: --timeout must be 1 to 3600 seconds\n");
            return EXIT_USAGE;
        }
        cfg.timeout_ms = (uint64_t)n * 1000;
    }
    if (web) cfg.web_dir = web;
    cfg.db_url = db;
    cfg.access_log = !no_log;
    if (yw_server_run(&cfg, &err) < 0) return fail("serve", &err);
    return 0;
}

/* ---- init, demo ---- */

static int cmd_init(int argc, char **argv) {
    const char *db = NULL;
    option opts[] = {{"--db", true, &db}, {NULL, false, NULL}};
    if (parse_options("init", argc, argv, opts, NULL, 0) < 0) return EXIT_USAGE;
    yw_store *s;
    if (open_store("init", db, &s)) return 1;
    yw_err err;
    int applied;
    int rc = yw_store_migrate(s, &applied, &err);
    if (rc == 0) printf("store ready (%s): %d migration(s) applied\n", yw_store_kind_name(s), applied);
    yw_store_close(s);
    return rc < 0 ? fail("init", &err) : 0;
}

typedef struct {
    char hash[128];
    yw_demo_report *report;
} demo_ctx;

static int demo_load(yw_op *op, void *vctx) {
    demo_ctx *c = vctx;
    return yw_demo_load(op, c->hash, c->report);
}

static int cmd_demo(int argc, char **argv) {
    const char *db = NULL;
    option opts[] = {{"--db", true, &db}, {NULL, false, NULL}};
    if (parse_options("demo", argc, argv, opts, NULL, 0) < 0) return EXIT_USAGE;
    yw_store *s;
    if (open_store("demo", db, &s)) return 1;
    if (migrate("demo", s)) {
        yw_store_close(s);
        return 1;
    }
    yw_err err;
    yw_demo_report r;
    int64_t t0 = yw_mono_us();
    yw_arena a;
    yw_arena_init(&a);
    demo_ctx ctx = {.report = &r};
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    /* one Argon2id hash for every demo account, before the transaction */
    int rc = yw_password_hash(YW_DEMO_PASSWORD, ctx.hash, &err);
    if (rc == 0) rc = yw_op_write(&op, demo_load, &ctx);
    yw_arena_reset(&a);
    yw_store_close(s);
    if (rc < 0) return fail("demo", &err);
    if (r.already_loaded)
        printf("demo city already loaded\n");
    else
        printf("demo city loaded: %d departments, %d accounts in %.1f s\n", r.departments, r.accounts,
               (double)(yw_mono_us() - t0) / 1e6);
    printf("demo accounts (password %s):\n", YW_DEMO_PASSWORD);
    for (const yw_demo_account *a = yw_demo_accounts(); a->login; a++)
        printf("  %-20s %-10s %s\n", a->login, a->role, a->name);
    return 0;
}

/* ---- audit ---- */

static void show_progress(int64_t checked, void *arg) {
    (void)arg;
    fprintf(stderr, "\raudit: %lld entries checked", (long long)checked);
}

static int cmd_audit(int argc, char **argv) {
    const char *db = NULL, *pos[1];
    option opts[] = {{"--db", true, &db}, {NULL, false, NULL}};
    int n = parse_options("audit", argc, argv, opts, pos, 1);
    if (n < 0) return EXIT_USAGE;
    if (n != 1 || strcmp(pos[0], "verify") != 0) {
        fprintf(stderr, "yiwang audit: expected 'verify' (see yiwang audit --help)\n");
        return EXIT_USAGE;
    }
    yw_store *s;
    if (open_store("audit", db, &s)) return 1;
    yw_err err;
    yw_audit_report r;
    int64_t t0 = yw_mono_us();
    yw_arena a;
    yw_arena_init(&a);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    int rc = yw_audit_verify(&op, &r, show_progress, NULL);
    yw_arena_reset(&a);
    yw_store_close(s);
    if (rc < 0) return fail("audit", &err);
    if (r.checked >= 10000) fprintf(stderr, "\n");
    double secs = (double)(yw_mono_us() - t0) / 1e6;
    if (r.broken_seq) {
        printf("audit chain BROKEN at entry %lld (id %s): %s; %lld entries checked in %.2f s\n",
               (long long)r.broken_seq, r.broken_id, r.reason, (long long)r.checked, secs);
        return 1;
    }
    printf("audit chain intact: %lld entries checked in %.2f s\n", (long long)r.checked, secs);
    return 0;
}

/* ---- calendar ---- */

static int cmd_calendar(int argc, char **argv) {
    const char *pos[3];
    option opts[] = {{"--db", true, &(const char *){NULL}}, {NULL, false, NULL}};
    int n = parse_options("calendar", argc, argv, opts, pos, 3);
    if (n < 0) return EXIT_USAGE;
    const yw_workcal *cal = yw_workcal_default();
    yw_err err;
    int64_t a, b, out;
    char text[11];
    if (!cal) {
        fprintf(stderr, "yiwang calendar: the built-in calendar failed to load\n");
        return 1;
    }
    if (n == 2 && strcmp(pos[0], "day") == 0) {
        bool work;
        if (yw_date_parse(pos[1], &a, "DATE", &err) < 0 || yw_workcal_is_workday(cal, a, &work, &err) < 0)
            return fail("calendar", &err);
        printf("%s %s\n", pos[1], work ? "working day" : "day off");
        return 0;
    }
    if (n == 3 && strcmp(pos[0], "add") == 0) {
        char *end;
        long days = strtol(pos[2], &end, 10);
        if (*end || days < -3650 || days > 3650) {
            fprintf(stderr, "yiwang calendar: N must be an integer from -3650 to 3650\n");
            return EXIT_USAGE;
        }
        if (yw_date_parse(pos[1], &a, "DATE", &err) < 0 || yw_workcal_add(cal, a, (int)days, &out, &err) < 0)
            return fail("calendar", &err);
        yw_date_format(out, text);
        printf("%s\n", text);
        return 0;
    }
    if (n == 3 && strcmp(pos[0], "count") == 0) {
        if (yw_date_parse(pos[1], &a, "FROM", &err) < 0 || yw_date_parse(pos[2], &b, "TO", &err) < 0 ||
            yw_workcal_count(cal, a, b, &out, &err) < 0)
            return fail("calendar", &err);
        printf("%lld\n", (long long)out);
        return 0;
    }
    fprintf(stderr, "yiwang calendar: expected day DATE, add DATE N or count FROM TO (see yiwang calendar --help)\n");
    return EXIT_USAGE;
}

/* ---- ledger ---- */

#define PLAN_MAX_BYTES (16 * 1024 * 1024)

/* Reads a whole file into arena memory; -1 with err naming it otherwise. */
static int read_file(yw_arena *a, const char *path, char **data, size_t *len, yw_err *err) {
    FILE *f = fopen(path, "rb");
    if (!f) return yw_err_set(err, YW_ERR_IO, "file", "cannot open %s", path);
    yw_buf b;
    yw_buf_init(&b, a);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        yw_buf_append(&b, chunk, n);
        if (b.len > PLAN_MAX_BYTES) {
            fclose(f);
            return yw_err_set(err, YW_ERR_TOO_LARGE, "file", "%s is larger than 16 MiB: not a plan", path);
        }
    }
    bool failed = ferror(f);
    fclose(f);
    if (failed) return yw_err_set(err, YW_ERR_IO, "file", "cannot read %s", path);
    if (b.failed) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
    *data = b.data ? b.data : "";
    *len = b.len;
    return 0;
}

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
    const char *db = NULL, *year_text = NULL, *dry = NULL, *json = NULL, *pos[2];
    option opts[] = {{"--db", true, &db},          {"--year", true, &year_text}, {"--dry-run", false, &dry},
                     {"--json", false, &json},     {NULL, false, NULL}};
    int n = parse_options("ledger", argc, argv, opts, pos, 2);
    if (n < 0) return EXIT_USAGE;
    if (n != 2) {
        fprintf(stderr, "yiwang ledger import: expected FILE (see yiwang ledger --help)\n");
        return EXIT_USAGE;
    }
    char *end;
    long year = year_text ? strtol(year_text, &end, 10) : 0;
    if (!year_text || *end || year < YW_YEAR_MIN || year > YW_YEAR_MAX) {
        fprintf(stderr, "yiwang ledger import: --year YYYY is required (2000 to 2100)\n");
        return EXIT_USAGE;
    }
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    char *data;
    size_t len;
    yw_plan plan;
    int64_t t0 = yw_mono_us();
    if (read_file(&a, pos[1], &data, &len, &err) < 0 || yw_plan_parse(&a, data, len, (int)year, &plan, &err) < 0) {
        yw_arena_reset(&a);
        return fail("ledger import", &err);
    }
    if (json)
        for (int i = 0; i < plan.nmeasures; i++) print_measure_json(&plan.measures[i]);
    yw_store *s;
    if (open_store("ledger import", db, &s)) {
        yw_arena_reset(&a);
        return 1;
    }
    yw_ledger_report r;
    int rc = migrate("ledger import", s);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    import_ctx ctx = {{pos[1], (int)year, &plan, dry != NULL}, &r};
    if (!rc && yw_op_write(&op, import_plan, &ctx) < 0) rc = fail("ledger import", &err);
    yw_store_close(s);
    if (!rc) {
        fprintf(stderr, "%s: %d sections, %d measures, %d deadlines, %d units (%d matched, %d unmatched),"
                        " %d lines not placed, %d units named in an annex; %s in %.2f s\n",
                pos[1], r.sections, r.measures, r.deadlines, r.units, r.units_matched, r.units_unmatched, r.unplaced,
                r.annex_units, dry ? "dry run, nothing saved" : "saved", (double)(yw_mono_us() - t0) / 1e6);
        if (r.units_unmatched) {
            fprintf(stderr, "units not matched to a department (map them with yiwang ledger map UNIT DEPARTMENT):\n");
            for (const char **u = r.unmatched; *u; u++) fprintf(stderr, "  %s\n", *u);
        }
        if (plan.nannex_units) {
            fprintf(stderr, "units named only in the annex:\n");
            for (const char **u = plan.annex_units; *u; u++) fprintf(stderr, "  %s\n", *u);
        }
        if (plan.nunplaced) {
            fprintf(stderr, "lines not placed in a section or measure:\n");
            for (const char **u = plan.unplaced; *u; u++) fprintf(stderr, "  %.120s\n", *u);
        }
    }
    yw_arena_reset(&a);
    return rc;
}

static int ledger_map(int argc, char **argv) {
    const char *db = NULL, *pos[3];
    option opts[] = {{"--db", true, &db}, {NULL, false, NULL}};
    int n = parse_options("ledger", argc, argv, opts, pos, 3);
    if (n < 0) return EXIT_USAGE;
    if (n != 3) {
        fprintf(stderr, "yiwang ledger map: expected UNIT DEPARTMENT (see yiwang ledger --help)\n");
        return EXIT_USAGE;
    }
    yw_store *s;
    if (open_store("ledger map", db, &s)) return 1;
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    int applied = 0, rc = migrate("ledger map", s);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    yw_unit_mapping m = {pos[1], pos[2]};
    void *args[] = {&m, &applied};
    if (!rc && yw_op_write(&op, map_unit, args) < 0) rc = fail("ledger map", &err);
    if (!rc) printf("%s → %s: applied to %d measure unit(s)\n", pos[1], pos[2], applied);
    yw_store_close(s);
    yw_arena_reset(&a);
    return rc;
}

static int cmd_ledger(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "import") == 0) return ledger_import(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "map") == 0) return ledger_map(argc, argv);
    const char *pos[1];
    option opts[] = {{NULL, false, NULL}};
    if (parse_options("ledger", argc, argv, opts, pos, 0) < 0) return EXIT_USAGE;
    fprintf(stderr, "yiwang ledger: expected import or map (see yiwang ledger --help)\n");
    return EXIT_USAGE;
}

static const command commands[] = {
    {"serve", "[--db URL] [--listen ADDR:PORT] [--web DIR] [--workers N] [--max-body BYTES] [--timeout SECONDS]"
              " [--tls-cert PEM --tls-key PEM] [--no-access-log]",
     "serve the API and the browser UI",
     "Serves the JSON API under /api/v1/, /healthz and the browser UI from --web (default web/).\n"
     "Migrates the store first. Defaults: --listen 127.0.0.1:8080, one worker per core,\n"
     "--max-body 1048576, --timeout 10. SIGTERM or SIGINT stops it after the requests in flight.",
     cmd_serve},
    {"init", "[--db URL]", "create the store or bring its schema up to date",
     "Creates the store (default " YW_STORE_DEFAULT_URL ") and applies the migrations it lacks.\n"
     "--db postgresql://user@host:port/db picks PostgreSQL; sqlite:PATH or a path an SQLite file.",
     cmd_init},
    {"demo", "[--db URL]", "load the demo city (Qingdao) and its demo accounts",
     "Migrates the store and loads Qingdao's municipal departments and one demo account per role.\n"
     "A store that has the demo already is left unchanged.",
     cmd_demo},
    {"audit", "verify [--db URL]", "check the audit log's hash chain",
     "Walks the audit chain from the first entry and names the first entry that does not fit.\n"
     "Exit status 0 when the chain is intact, 1 when it is broken.",
     cmd_audit},
    {"calendar", "day DATE | add DATE N | count FROM TO", "working-day arithmetic on the official calendar",
     "day DATE     whether DATE is a working day\n"
     "add DATE N   the N-th working day after DATE (before it when N < 0)\n"
     "count A B    working days after A up to and including B\n"
     "Dates are YYYY-MM-DD; the calendar covers 2004 to 2026 and refuses dates outside it.",
     cmd_calendar},
    {"ledger", "import FILE --year YYYY [--dry-run] [--json] [--db URL] | map UNIT DEPARTMENT [--db URL]",
     "import an action plan into the ledger; map unit names to departments",
     "import FILE --year YYYY   reads a plan (UTF-8 text, Simplified or Traditional), finds its sections,\n"
     "                          measures, lead and responsible units and deadlines, and saves them;\n"
     "                          the counts, unmatched units and lines not placed go to standard error\n"
     "  --dry-run               saves nothing\n"
     "  --json                  prints one JSON object per measure on standard output\n"
     "map UNIT DEPARTMENT       remembers that UNIT (as documents name it) is DEPARTMENT (code, name\n"
     "                          or alias) and applies it to the measures already imported",
     cmd_ledger},
    {NULL, NULL, NULL, NULL, NULL},
};

static const command *find_command(const char *name) {
    for (const command *c = commands; c->name; c++)
        if (strcmp(c->name, name) == 0) return c;
    return NULL;
}

static void usage(FILE *out) {
    fprintf(out, "usage: yiwang COMMAND [OPTIONS]\n\nyiwang (一网) — one-stop government services.\n\ncommands:\n");
    for (const command *c = commands; c->name; c++) fprintf(out, "  %-10s %s\n", c->name, c->summary);
    fprintf(out, "\nyiwang COMMAND --help tells more of each.\n");
}

int main(int argc, char **argv) {
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        if (argc > 2 && find_command(argv[2])) {
            const command *c = find_command(argv[2]);
            printf("usage: yiwang %s %s\n\n%s\n", c->name, c->args, c->help);
            return 0;
        }
        usage(stdout);
        return 0;
    }
    const command *c = find_command(argv[1]);
    if (!c) {
        fprintf(stderr, "yiwang: unknown command %s (see yiwang --help)\n", argv[1]);
        return EXIT_USAGE;
    }
    if (sodium_init() < 0) {
        fprintf(stderr, "yiwang: libsodium failed to initialise\n");
        return 1;
    }
    return c->run(argc - 1, argv + 1);
}
