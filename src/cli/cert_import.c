/* yiwang cert import FILE: a city's existing certificates into the store (domain/cert/import.h).
 * The file is read a megabyte at a time (standard input for -), never whole; each refused row is
 * one line on standard error, "FILE:LINE: refused: 中文 (English) — field F"; a progress line
 * at most once a second; the counts and the time at the end. Exit status 1 when a row was
 * refused (the others are imported), so that a script notices. */
#include "cert_cli.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "../base/time.h"
#include "../domain/cert/import.h"
#include "../domain/core/actor.h"

/* ---- progress: the shared line (cli.h), with the file's name and counts ---- */

typedef struct {
    const char *file;
    cli_progress line;
} progress;

static int progress_show(void *arg, const yw_cert_import_counts *c, yw_err *err) {
    (void)err;
    progress *p = arg;
    if (!cli_progress_due(&p->line)) return 0;
    cli_progress_print(&p->line, "%s: %lld rows, %lld imported, %lld already there, %lld refused, %.0f rows/s …", p->file,
                       (long long)c->rows, (long long)c->imported, (long long)c->already, (long long)c->bad,
                       c->rows / cli_progress_secs(&p->line));
    return 0;
}

static void bad_row(void *arg, int64_t line, const yw_err *e) {
    progress *p = arg;
    char text[640];
    cli_err_text(e, text, sizeof text);
    cli_progress_break(&p->line);
    fprintf(stderr, "%s:%lld: refused: %s\n", p->file, (long long)line, text);
}

/* ---- the file ---- */

typedef struct {
    FILE *f;
    const char *name;
} source;

static int read_file(void *ctx, char *buf, size_t cap, size_t *got, yw_err *err) {
    source *src = ctx;
    *got = fread(buf, 1, cap, src->f);
    if (*got == 0 && ferror(src->f)) return yw_fail(err, YW_E_FILE_READ, NULL, src->name);
    return 0;
}

typedef struct {
    const char **base;
} base_ctx;

static int get_base(yw_op *op, void *ctx) { return yw_cert_base_url(op, NULL, ((base_ctx *)ctx)->base); }

int cli_cert_import(const char *db, const char *file, const char *cert_key) {
    const char *cmd = "cert import";
    int64_t t0 = yw_mono_us();
    FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "rb");
    yw_err err;
    if (!f) {
        yw_fail(&err, YW_E_FILE_OPEN, NULL, file, strerror(errno));
        return cli_fail(cmd, &err);
    }
    if (cli_cert_signer(cmd, cert_key, NULL)) {
        if (f != stdin) fclose(f);
        return 1;
    }
    yw_store *s;
    if (cli_open_store(cmd, db, &s)) {
        if (f != stdin) fclose(f);
        cli_cert_signer_release();
        return 1;
    }
    int rc = cli_migrate(cmd, s);
    yw_arena a;
    yw_arena_init(&a);
    const char *base = NULL;
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    if (!rc && yw_op_read(&op, get_base, &(base_ctx){&base}) < 0) rc = cli_fail(cmd, &err);
    yw_cert_import_counts c = {0};
    if (!rc) {
        yw_cert_import_reader r;
        source src = {f, file};
        yw_cert_import_open(&r, read_file, &src);
        progress p = {.file = file};
        cli_progress_start(&p.line);
        yw_cert_import_hooks h = {bad_row, progress_show, &p};
        if (yw_cert_import_run(s, &yw_actor_system, &r, base, &h, &c, &err) < 0) {
            cli_progress_break(&p.line);
            char text[640];
            cli_err_text(&err, text, sizeof text);
            fprintf(stderr, "yiwang %s: %s: %s\n", cmd, file, text);
            rc = 1;
        } else {
            cli_progress_break(&p.line);
        }
        yw_cert_import_close(&r);
    }
    yw_arena_reset(&a);
    yw_store_close(s);
    cli_cert_signer_release();
    if (f != stdin) fclose(f);
    double secs = (double)(yw_mono_us() - t0) / 1e6;
    if (!rc) {
        printf("%s: %lld rows read: %lld imported, %lld already there, %lld refused in %.2f s (%.0f rows/s)\n", file,
               (long long)c.rows, (long long)c.imported, (long long)c.already, (long long)c.bad, secs,
               secs > 0 ? c.rows / secs : 0.0);
        if (c.bad) rc = 1;
    }
    return rc;
}
