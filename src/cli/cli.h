/* What the commands of `yiwang` share: the command table's entry, option parsing, opening and
 * migrating the store, and reporting a failure. Each command lives in its own file in this
 * folder and is listed once in commands.h. A bad flag gets one line on standard error and exit
 * status 2 (CLI_USAGE); a failure exit status 1. */
#ifndef YW_CLI_H
#define YW_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "../store/store.h"

#define CLI_USAGE 2

typedef struct {
    const char *name; /* "--db" */
    bool takes_value;
    const char **value; /* where the value goes; for flags without a value, set to "1" */
} cli_option;

typedef struct {
    const char *name, *args, *summary, *help;
    int (*run)(int argc, char **argv);
} cli_command;

/* Parses argv[1..] against opts; positional arguments are collected in order into pos (at most
 * npos). Returns the number of positionals, or -1 after printing a one-line error. --help
 * prints the command's help and exits. */
int cli_parse(const char *cmd, int argc, char **argv, const cli_option *opts, const char **pos, int npos);
/* An error as one line for a terminal: "中文 (English) — field F" (one language when both read
 * the same). */
void cli_err_text(const yw_err *err, char *out, size_t size);
/* Prints "yiwang CMD: " and the error's line on standard error; returns 1. */
int cli_fail(const char *cmd, const yw_err *err);
/* Opens the store of --db (NULL: the default); 0, or 1 after reporting. */
int cli_open_store(const char *cmd, const char *db, yw_store **s);
/* Applies the migrations the store lacks; 0, or 1 after reporting. */
int cli_migrate(const char *cmd, yw_store *s);
const cli_command *cli_find(const char *name);
/* Reads a whole file into arena memory (NUL-terminated, *len bytes before the NUL); -1 with err
 * naming it when it cannot be read or is larger than max bytes ("FILE is larger than 16 MiB:
 * not `what`"). */
int cli_read_file(yw_arena *a, const char *path, size_t max, const char *what_zh, const char *what, char **data,
                  size_t *len, yw_err *err);

/* One line of progress on standard error at most once a second: rewritten in place on a
 * terminal, a line of its own in a log. cli_progress_due answers true when a second has passed
 * since the last line (and counts it shown); the caller then writes the line with
 * cli_progress_print. cli_progress_break ends a line in place before other output. */
typedef struct {
    int64_t started_us, shown_us;
    bool shown, tty;
} cli_progress;
void cli_progress_start(cli_progress *p);
bool cli_progress_due(cli_progress *p);
/* seconds since the start */
double cli_progress_secs(const cli_progress *p);
void cli_progress_print(cli_progress *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_progress_break(cli_progress *p);

/* Loads the key certificates are signed with (certkey.c): --cert-key, else --signing-key or
 * $YW_SIGNING_KEY, else var/signing.key (made when missing); once per process. 0, or 1 after
 * reporting. */
int cli_cert_signer(const char *cmd, const char *cert_key, const char *signing_key);
void cli_cert_signer_release(void);
/* Registers the loaded key's public half in the store of db (cert_keys), so that the status
 * lists a read signs and the JWKS name it. 0, or 1 after reporting. */
int cli_cert_signer_register(const char *cmd, const char *db);

/* The commands, each defined in its own file. */
#define YW_COMMAND(name) extern const cli_command cli_##name;
#include "commands.h"
#undef YW_COMMAND

#endif
