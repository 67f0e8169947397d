/* yiwang backup FILE: a copy of an SQLite store while the server goes on (yw_store_backup, the
 * online backup API). A PostgreSQL store is backed up with its own tools: the command says how. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../base/time.h"

typedef struct {
    int64_t t0;
    bool shown;
    int percent; /* the last shown */
} progress_state;

/* Progress on standard error for a large store (above 32 Mi pages: 128 MiB at 4 KiB a page) or
 * a backup that runs for more than a second. */
static void show_progress(int64_t done, int64_t total, void *arg) {
    progress_state *p = arg;
    if (!p->shown && total <= 32 * 1024 && yw_mono_us() - p->t0 < 1000000) return;
    int percent = total ? (int)(done * 100 / total) : 100;
    if (p->shown && percent == p->percent) return;
    p->shown = true;
    p->percent = percent;
    fprintf(stderr, "\rbackup: %lld of %lld pages (%d%%)", (long long)done, (long long)total, percent);
}

static int cmd_backup(int argc, char **argv) {
    const char *db = NULL, *pos[1];
    cli_option opts[] = {{"--db", true, &db}, {NULL, false, NULL}};
    int n = cli_parse("backup", argc, argv, opts, pos, 1);
    if (n < 0) return CLI_USAGE;
    if (n != 1) {
        fprintf(stderr, "yiwang backup: expected FILE, where the copy goes (see yiwang backup --help)\n");
        return CLI_USAGE;
    }
    const char *file = pos[0];
    yw_store *s;
    if (cli_open_store("backup", db, &s)) return 1;
    yw_err err;
    progress_state p = {.t0 = yw_mono_us()};
    int rc = yw_store_backup(s, file, show_progress, &p, &err);
    bool postgres = yw_store_kind_of(s) == YW_STORE_POSTGRES;
    yw_store_close(s);
    if (p.shown) fprintf(stderr, "\n");
    if (rc < 0 && postgres) {
        fprintf(stderr,
                "yiwang backup: a PostgreSQL store is backed up with PostgreSQL's tools, e.g.\n"
                "  pg_dump --format=custom --file=%s \"$DATABASE_URL\"\n"
                "and restored with pg_restore (see docs/operating.md)\n",
                file);
        return 1;
    }
    if (rc < 0) return cli_fail("backup", &err);
    struct stat st;
    double mib = stat(file, &st) == 0 ? (double)st.st_size / (1024.0 * 1024.0) : 0;
    printf("backup written to %s: %.1f MiB in %.2f s\n", file, mib, (double)(yw_mono_us() - p.t0) / 1e6);
    return 0;
}

const cli_command cli_backup = {"backup", "FILE [--db sqlite:PATH]", "copy an SQLite store to FILE while it serves",
     "Copies the store into the new file FILE with SQLite's online backup API: a consistent copy of\n"
     "the moment it starts, made while the server goes on reading and writing. FILE must not exist;\n"
     "it is written with mode 0600 (it holds password hashes and personal data) and synced to disk.\n"
     "Restore by stopping the server and putting FILE in the store's place.\n"
     "A PostgreSQL store is backed up with pg_dump or pg_basebackup instead (docs/operating.md).",
    cmd_backup};
