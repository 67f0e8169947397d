/* The outbox (message.h): what must leave the platform — SMS today — queued in the store by the
 * write that decided it, and delivered afterwards by a job, so that a slow or failing gateway
 * never holds or fails a write. Each row is tried up to YW_SMS_ATTEMPTS times with growing
 * pauses, then given up (dead) with its last error, which the administrators' list shows. */
#include "message.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../base/log.h"
#include "../../base/ulid.h"

extern char **environ;

/* Set once at start, before any job thread runs (message.h). */
static const char *sms_command;
static int pause_ms = 1000; /* before the second try; doubled before each next */

void yw_sms_configure(const char *command) { sms_command = command && *command ? command : NULL; }
void yw_outbox_set_pause_ms(int ms) { pause_ms = ms; }

/* Hands one SMS to the configured command (`sh -c COMMAND sh PHONE`, the text on its standard
 * input), or to the log. 0 when it took it; -1 with *why (static text) otherwise. */
static int hand_over(const char *phone, const char *text, const char **why) {
    if (!sms_command) {
        yw_log(YW_LOG_INFO, "sms to %.3s****%s: %s", phone, strlen(phone) > 4 ? phone + strlen(phone) - 4 : "", text);
        return 0;
    }
    int in[2];
    if (pipe(in) < 0) {
        *why = "pipe failed";
        return -1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], STDIN_FILENO);
    posix_spawn_file_actions_addclose(&fa, in[1]);
    char *argv[] = {"sh", "-c", (char *)sms_command, "sh", (char *)phone, NULL};
    pid_t pid;
    int rc = posix_spawn(&pid, "/bin/sh", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    if (rc != 0) {
        close(in[1]);
        *why = "the SMS command could not be started";
        return -1;
    }
    /* a command that does not read its input must not kill the job with SIGPIPE */
    struct sigaction ign = {.sa_handler = SIG_IGN}, old;
    sigaction(SIGPIPE, &ign, &old);
    size_t len = strlen(text), off = 0;
    while (off < len) {
        ssize_t w = write(in[1], text + off, len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) break;
        off += (size_t)w;
    }
    close(in[1]);
    sigaction(SIGPIPE, &old, NULL);
    /* a gateway that hangs must not hold the job: YW_SMS_TIMEOUT_S, then it is stopped */
    int status;
    for (long waited_ms = 0;; waited_ms += 10) {
        pid_t got = waitpid(pid, &status, WNOHANG);
        if (got == pid) break;
        if (got < 0 && errno != EINTR) {
            *why = "the SMS command could not be waited for";
            return -1;
        }
        if (waited_ms >= YW_SMS_TIMEOUT_S * 1000L) {
            kill(pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            *why = "the SMS command took too long";
            return -1;
        }
        struct timespec tick = {0, 10 * 1000000L};
        nanosleep(&tick, NULL);
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        *why = "the SMS command failed";
        return -1;
    }
    return 0;
}

int yw_outbox_queue(yw_op *op, const char *account_id, const char *message_id, const char *phone, const char *text,
                    bool secret) {
    char id[YW_ID_SIZE], now[YW_TIMESTAMP_SIZE];
    yw_ulid_new(id);
    yw_op_timestamp(op, now);
    if (yw_store_run(op->store, NULL,
                     "INSERT INTO outbox (id, channel, message_id, account_id, recipient, text, state, attempts,"
                     " created_at, secret) VALUES ($1, 'sms', $2, $3, $4, $5, 'queued', 0, $6, $7)",
                     YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(message_id), YW_TEXT_P(account_id), YW_TEXT_P(phone),
                               YW_TEXT_P(text), YW_TEXT_P(now), YW_INT_P(secret ? 1 : 0)),
                     NULL, NULL, op->err) < 0)
        return -1;
    /* one delivery job waiting is enough: it takes every row due when it runs */
    char job[YW_ID_SIZE];
    yw_ulid_new(job);
    return yw_store_run(op->store, NULL,
                        "INSERT INTO jobs (id, kind, args_json, state, created_by, created_at)"
                        " SELECT $1, 'outbox.deliver', '{}', 'queued', 'system', $2"
                        " WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE kind = 'outbox.deliver' AND state = 'queued')",
                        YW_PARAMS(YW_TEXT_P(job), YW_TEXT_P(now)), NULL, NULL, op->err);
}

typedef struct {
    yw_op *op;
    const char *id, *error;
    bool sent, dead;
} outcome;

static int record(yw_op *op, void *ctx) {
    outcome *o = ctx;
    char now[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    return yw_store_run(op->store, NULL,
                        "UPDATE outbox SET state = $2, attempts = attempts + 1, last_error = $3, sent_at = $4"
                        " WHERE id = $1 AND state = 'queued'",
                        YW_PARAMS(YW_TEXT_P(o->id), YW_TEXT_P(o->sent ? "sent" : o->dead ? "dead" : "queued"),
                                  YW_TEXT_P(o->error), YW_TEXT_P(o->sent ? now : NULL)),
                        NULL, NULL, op->err);
}

static int due(yw_op *op, void *ctx) {
    yw_rows *rows = ctx;
    return yw_store_query(op->store, op->arena,
                          "SELECT id, recipient, text, attempts FROM outbox WHERE state = 'queued'"
                          " ORDER BY created_at, id LIMIT 500",
                          YW_NOARGS, rows, op->err);
}

int yw_outbox_deliver(yw_op *op, int64_t *sent, int64_t *dead) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "deliver the outbox") < 0) return -1;
    *sent = *dead = 0;
    for (int round = 0; round < YW_SMS_ATTEMPTS; round++) {
        yw_rows rows;
        if (yw_op_read(op, due, &rows) < 0) return -1;
        if (!rows.nrows) return 0;
        int failed = 0;
        for (int i = 0; i < rows.nrows; i++) {
            const char *why = NULL;
            outcome o = {op, yw_rows_get(&rows, i, 0), NULL, false, false};
            o.sent = hand_over(yw_rows_get(&rows, i, 1), yw_rows_get(&rows, i, 2), &why) == 0;
            o.error = why;
            o.dead = !o.sent && strtol(yw_rows_get(&rows, i, 3), NULL, 10) + 1 >= YW_SMS_ATTEMPTS;
            if (yw_op_write(op, record, &o) < 0) return -1;
            if (o.sent) (*sent)++;
            else if (o.dead) (*dead)++;
            else failed++;
        }
        if (!failed && rows.nrows < 500) return 0;
        if (failed) {
            /* 1 s, 2 s, 4 s, 8 s between tries of what failed */
            long ms = (long)pause_ms << round;
            struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
            nanosleep(&ts, NULL);
        }
    }
    return 0;
}

static const yw_column outbox_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_outbox_row, id),         YW_COLUMN(YW_COL_TEXT, yw_outbox_row, channel),
    YW_COLUMN(YW_COL_TEXT, yw_outbox_row, recipient),  YW_COLUMN(YW_COL_TEXT, yw_outbox_row, text),
    YW_COLUMN(YW_COL_TEXT, yw_outbox_row, state),      YW_COLUMN(YW_COL_INT, yw_outbox_row, attempts),
    YW_COLUMN(YW_COL_TEXT, yw_outbox_row, last_error), YW_COLUMN(YW_COL_TEXT, yw_outbox_row, created_at),
    YW_COLUMN(YW_COL_TEXT, yw_outbox_row, sent_at),    YW_COLUMN(YW_COL_BOOL, yw_outbox_row, secret),
};

int yw_outbox_list(yw_op *op, const char *state, int limit, yw_outbox_row **out, int *n) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "read the outbox") < 0) return -1;
    yw_rows rows;
    if (yw_store_run(op->store, op->arena,
                     /* a secret's text (a code, a password) is for its phone alone */
                     "SELECT id, channel, recipient, CASE WHEN secret = 0 THEN text ELSE NULL END, state, attempts,"
                     " last_error, created_at, sent_at, secret FROM outbox"
                     " WHERE (CAST($1 AS TEXT) IS NULL OR state = $1) ORDER BY created_at DESC, id DESC LIMIT $2",
                     YW_PARAMS(YW_TEXT_P(state), YW_INT_P(limit)), &rows, NULL, op->err) < 0)
        return -1;
    *out = yw_rows_fill_all(&rows, outbox_columns, (int)(sizeof outbox_columns / sizeof outbox_columns[0]),
                            sizeof **out, op->arena);
    if (!*out) return yw_fail(op->err, YW_E_NOMEM, NULL);
    *n = rows.nrows;
    return 0;
}
