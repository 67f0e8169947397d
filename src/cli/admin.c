/* yiwang admin create: the first administrator of a city (and any later one) without the demo.
 * The password is asked twice on a terminal without echo, or read as one line from standard
 * input (so that scripts can pipe it), checked and hashed before the transaction; the account
 * and, when needed, its department are created in one transaction by the system actor, and
 * both are audited.
 *
 * An administrator belongs to a department. --department names an existing one (code, name or
 * alias); without it the administrator goes to the department ADMIN (系统管理), which the first
 * such command creates in the region --region CODE. */
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "../base/buf.h"
#include "../domain/core/account.h"
#include "../domain/core/dept.h"
#include "../std/region.h"

#define ADMIN_DEPT_CODE "ADMIN"
#define ADMIN_DEPT_NAME "系统管理"

/* ---- reading the password ---- */

static struct termios saved_termios;
static volatile sig_atomic_t echo_off;

/* A signal while the echo is off: turn it back on, then die of the signal as usual. */
static void restore_echo(int sig) {
    if (echo_off) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_termios);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* One line of standard input, without its line end, in malloc memory the caller wipes with
 * wipe_line; NULL with err at the end of input or when the line is longer than any password. */
static char *read_line(yw_err *err) {
    yw_buf b;
    yw_buf_init(&b, NULL);
    /* room for any valid password from the start, so that it is never copied by a growth */
    yw_buf_reserve(&b, YW_PASSWORD_MAX + 2);
    int c;
    bool any = false;
    while ((c = getchar()) != EOF && c != '\n') {
        any = true;
        if (b.len > YW_PASSWORD_MAX) continue; /* read the rest of the line, keep none of it */
        yw_buf_putc(&b, (char)c);
    }
    if (b.failed) {
        yw_buf_free(&b);
        yw_fail(err, YW_E_NOMEM, NULL);
        return NULL;
    }
    if (!any && c == EOF) {
        yw_buf_free(&b);
        yw_fail(err, YW_E_PASSWORD_NOT_GIVEN, "password");
        return NULL;
    }
    if (b.len && b.data[b.len - 1] == '\r') b.data[--b.len] = '\0';
    return b.data;
}

static void wipe_line(char *s) {
    if (!s) return;
    sodium_memzero(s, strlen(s));
    free(s);
}

/* Asks for the password on the terminal, echo off; NULL with err when it cannot. The prompt
 * comes once the echo is off (what was typed before it is discarded), so that nothing typed
 * after it is ever shown. */
static char *ask(const char *prompt, yw_err *err) {
    struct termios t = saved_termios;
    t.c_lflag &= ~(tcflag_t)ECHO;
    t.c_lflag |= ECHONL;
    echo_off = 1;
    if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &t) < 0) {
        echo_off = 0;
        yw_fail(err, YW_E_TERMINAL_FAILED, "password", "关闭终端回显", "turn off the terminal's echo", strerror(errno));
        return NULL;
    }
    fprintf(stderr, "%s", prompt);
    fflush(stderr);
    char *line = read_line(err);
    tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
    echo_off = 0;
    return line;
}

/* The password: asked twice on a terminal (the two must match), one line of standard input
 * otherwise. Malloc memory, wiped by wipe_line. */
static char *read_password(const char *login, yw_err *err) {
    if (!isatty(STDIN_FILENO)) return read_line(err);
    if (tcgetattr(STDIN_FILENO, &saved_termios) < 0) {
        yw_fail(err, YW_E_TERMINAL_FAILED, "password", "读取终端设置", "read the terminal's settings", strerror(errno));
        return NULL;
    }
    struct sigaction sa = {.sa_handler = restore_echo}, old[4];
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < 4; i++) sigaction(sigs[i], &sa, &old[i]);
    char prompt[96];
    snprintf(prompt, sizeof prompt, "password for %.40s (%d to %d bytes): ", login, YW_PASSWORD_MIN, YW_PASSWORD_MAX);
    char *first = ask(prompt, err), *second = NULL;
    if (first) second = ask("the same password again: ", err);
    for (int i = 0; i < 4; i++) sigaction(sigs[i], &old[i], NULL);
    if (!second) {
        wipe_line(first);
        return NULL;
    }
    bool same = strcmp(first, second) == 0;
    wipe_line(second);
    if (!same) {
        wipe_line(first);
        yw_fail(err, YW_E_PASSWORD_MISMATCH, "password");
        return NULL;
    }
    return first;
}

/* ---- the department and the account ---- */

typedef struct {
    const char *login, *name, *department, *region;
    char hash[128];
    yw_dept dept;
    bool dept_created;
    yw_account account;
} admin_ctx;

/* Finds the administrator's department into c->dept; with `create`, makes ADMIN when it is
 * missing and --region was given. */
static int find_department(yw_op *op, admin_ctx *c, bool create) {
    const char *key = c->department ? c->department : ADMIN_DEPT_CODE;
    if (yw_dept_find(op, key, &c->dept) == 0) return 0;
    if (op->err->code != YW_ERR_NOT_FOUND) return -1;
    if (c->department)
        return yw_fail(op->err, YW_E_ADMIN_DEPARTMENT_NOT_FOUND, "department", c->department, ADMIN_DEPT_CODE);
    if (!c->region)
        return yw_fail(op->err, YW_E_ADMIN_DEPARTMENT_MISSING, "department", ADMIN_DEPT_CODE, ADMIN_DEPT_NAME);
    if (!create) return 0;
    yw_dept_new d = {.code = ADMIN_DEPT_CODE, .name = ADMIN_DEPT_NAME, .region_code = c->region};
    if (yw_dept_create(op, &d, &c->dept) < 0) return -1;
    c->dept_created = true;
    return 0;
}

/* Before the password is asked: the department will be found or can be made. */
static int check_department(yw_op *op, void *vctx) { return find_department(op, vctx, false); }

static int create_admin(yw_op *op, void *vctx) {
    admin_ctx *c = vctx;
    c->dept_created = false;
    if (find_department(op, c, true) < 0) return -1;
    yw_account_new in = {.kind = "staff",
                         .login = c->login,
                         .name = c->name,
                         .department_code = c->dept.code,
                         .roles = YW_ROLE_ADMIN,
                         .password_hash = c->hash};
    return yw_account_create(op, &in, &c->account);
}

static int admin_create(int argc, char **argv) {
    admin_ctx c = {0};
    const char *db = NULL, *pos[2];
    cli_option opts[] = {{"--db", true, &db},
                         {"--login", true, &c.login},
                         {"--name", true, &c.name},
                         {"--department", true, &c.department},
                         {"--region", true, &c.region},
                         {NULL, false, NULL}};
    int n = cli_parse("admin", argc, argv, opts, pos, 2);
    if (n < 0) return CLI_USAGE;
    if (n != 1) {
        fprintf(stderr, "yiwang admin create: unexpected argument %s (see yiwang admin --help)\n", pos[1]);
        return CLI_USAGE;
    }
    if (!c.login || !c.name) {
        fprintf(stderr, "yiwang admin create: --login NAME and --name NAME are required\n");
        return CLI_USAGE;
    }
    if (c.department && c.region) {
        fprintf(stderr, "yiwang admin create: --region is for creating the department " ADMIN_DEPT_CODE
                        ", not with --department\n");
        return CLI_USAGE;
    }
    yw_store *s;
    if (cli_open_store("admin create", db, &s)) return 1;
    if (cli_migrate("admin create", s)) {
        yw_store_close(s);
        return 1;
    }
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_err_clear(&err);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    /* what can be checked before the password is asked, is */
    int rc = c.region ? yw_region_validate(c.region, "region", &err) : 0;
    if (rc == 0) rc = yw_op_read(&op, check_department, &c);
    if (rc == 0) {
        /* the slow Argon2id hash before the transaction; the password wiped as soon as it is hashed */
        char *password = read_password(c.login, &err);
        rc = password ? 0 : -1;
        if (rc == 0) rc = yw_account_password_check(password, &err);
        if (rc == 0) rc = yw_password_hash(password, c.hash, &err);
        wipe_line(password);
    }
    if (rc == 0) {
        op = yw_op_make(s, &a, &yw_actor_system, &err); /* the time after the prompt */
        rc = yw_op_write(&op, create_admin, &c);
    }
    sodium_memzero(c.hash, sizeof c.hash);
    if (rc == 0) {
        printf("administrator %s (%s) created in department %s %s", c.account.login, c.account.name, c.dept.code,
               c.dept.name);
        if (c.dept_created) printf(" (new, region %s)", c.dept.region_code);
        printf("\n");
    }
    yw_arena_reset(&a);
    yw_store_close(s);
    return rc < 0 ? cli_fail("admin create", &err) : 0;
}

static int cmd_admin(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "create") == 0) return admin_create(argc, argv);
    cli_option opts[] = {{NULL, false, NULL}};
    if (cli_parse("admin", argc, argv, opts, NULL, 0) < 0) return CLI_USAGE;
    fprintf(stderr, "yiwang admin: expected create (see yiwang admin --help)\n");
    return CLI_USAGE;
}

const cli_command cli_admin = {"admin", "create --login NAME --name NAME [--department CODE | --region CODE] [--db URL]",
     "create an administrator (staff account with the admin role)",
     "create   creates a staff account with the admin role. The password (8 to 128 bytes) is asked\n"
     "         twice on a terminal, without echo; otherwise it is read as one line of standard\n"
     "         input: echo \"$PASSWORD\" | yiwang admin create …\n"
     "  --login NAME        3 to 32 of a-z 0-9 . _ -\n"
     "  --name NAME         the person's name, e.g. 王敏\n"
     "  --department CODE   an existing department (its code, name or alias)\n"
     "  --region CODE       without --department the administrator belongs to the department\n"
     "                      " ADMIN_DEPT_CODE " (" ADMIN_DEPT_NAME "); the first admin create makes it in this\n"
     "                      GB/T 2260 region (the city's code, e.g. 370200)\n"
     "The account and the department are audited as made by the system.",
    cmd_admin};
