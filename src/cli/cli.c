/* Option parsing and the helpers every command shares (cli.h). */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../base/buf.h"
#include "../base/time.h"

/* Parses argv[1..] against opts; positional arguments are collected in order into pos (at most
 * npos). Returns the number of positionals, or -1 after printing a one-line error. */
int cli_parse(const char *cmd, int argc, char **argv, const cli_option *opts, const char **pos, int npos) {
    int n = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            const cli_command *c = cli_find(cmd);
            printf("usage: yiwang %s %s\n\n%s\n", c->name, c->args, c->help);
            exit(0);
        }
        if (strncmp(a, "--", 2) == 0) {
            const char *eq = strchr(a, '=');
            size_t len = eq ? (size_t)(eq - a) : strlen(a);
            const cli_option *o = opts;
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

void cli_err_text(const yw_err *err, char *out, size_t size) {
    /* an operator's terminal may be in either language: both, when they differ */
    char zh_buf[256], en_buf[256];
    const char *zh = yw_err_message(err, false, zh_buf, sizeof zh_buf), *en = yw_err_message(err, true, en_buf, sizeof en_buf);
    const char *sep = err->field[0] ? " — field " : "";
    if (strcmp(zh, en) == 0) snprintf(out, size, "%s%s%s", zh, sep, err->field);
    else snprintf(out, size, "%s (%s)%s%s", zh, en, sep, err->field);
}

int cli_fail(const char *cmd, const yw_err *err) {
    char text[640];
    cli_err_text(err, text, sizeof text);
    fprintf(stderr, "yiwang %s: %s\n", cmd, text);
    return 1;
}

int cli_open_store(const char *cmd, const char *db, yw_store **s) {
    yw_err err;
    if (yw_store_open(db, s, &err) < 0) return cli_fail(cmd, &err);
    return 0;
}

int cli_read_file(yw_arena *a, const char *path, size_t max, const char *what_zh, const char *what, char **data,
                  size_t *len, yw_err *err) {
    FILE *f = fopen(path, "rb");
    if (!f) return yw_fail(err, YW_E_FILE_OPEN, "file", path, strerror(errno));
    yw_buf b;
    yw_buf_init(&b, a);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        yw_buf_append(&b, chunk, n);
        if (b.len > max) {
            fclose(f);
            char size[32];
            if (max >= 1024 * 1024) snprintf(size, sizeof size, "%zu MiB", max / (1024 * 1024));
            else snprintf(size, sizeof size, "%zu KiB", max / 1024);
            return yw_fail(err, YW_E_FILE_TOO_LARGE, "file", path, size, what_zh, what);
        }
    }
    bool failed = ferror(f);
    fclose(f);
    if (failed) return yw_fail(err, YW_E_FILE_READ, "file", path);
    if (b.failed) return yw_fail(err, YW_E_NOMEM, NULL);
    *data = b.data ? b.data : "";
    *len = b.len;
    return 0;
}

int cli_migrate(const char *cmd, yw_store *s) {
    yw_err err;
    int applied;
    if (yw_store_migrate(s, &applied, &err) < 0) return cli_fail(cmd, &err);
    return 0;
}

/* ---- the progress line ---- */

void cli_progress_start(cli_progress *p) {
    *p = (cli_progress){.started_us = yw_mono_us(), .tty = isatty(STDERR_FILENO)};
    p->shown_us = p->started_us;
}

bool cli_progress_due(cli_progress *p) {
    int64_t now = yw_mono_us();
    if (now - p->shown_us < 1000000) return false;
    p->shown_us = now;
    p->shown = true;
    return true;
}

double cli_progress_secs(const cli_progress *p) { return (double)(yw_mono_us() - p->started_us) / 1e6; }

void cli_progress_print(cli_progress *p, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    if (p->tty) fputc('\r', stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs(p->tty ? "   " : "\n", stderr);
    fflush(stderr);
}

void cli_progress_break(cli_progress *p) {
    if (p->shown && p->tty) fputc('\n', stderr);
    p->shown = false;
}
