/* The message centre (站内信) of every account — persons, enterprises and staff — and the SMS
 * outbox. A message tells its reader that something needs them (a task waiting in their
 * department, a 补正 asked of them) or what was decided (accepted, refused, completed). Each
 * kind has one template in Chinese and English (message.c's table), rendered when the message is
 * written, so that a message reads the same however the templates change later. A kind marked
 * for SMS is also queued in the outbox: a job (outbox.deliver) hands each to the sender the city
 * configures (a command; by default the log), with retries, and records what was sent or why
 * it could not be.
 *
 * Messages are written by the subscribers of other concepts' events (domain/events/): no
 * concept calls this one to send. */
#ifndef YW_MESSAGE_H
#define YW_MESSAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/event.h"
#include "../core/op.h"

#define YW_MESSAGE_LIST_MAX 100
#define YW_MESSAGE_READ_MAX 100 /* ids marked read in one request */
#define YW_SMS_ATTEMPTS 5       /* tries of one SMS before it is given up (dead) */
#define YW_SMS_TIMEOUT_S 30     /* a try whose command has not finished by then has failed */

typedef enum {
    YW_MSG_CASE_ACCEPTED,    /* to the applicant */
    YW_MSG_CASE_REFUSED,     /* to the applicant: 不予受理 */
    YW_MSG_CASE_CORRECT,     /* to the applicant: 补正 asked */
    YW_MSG_CASE_COMPLETED,   /* to the applicant: 办结 (completed, partly, rejected) */
    YW_MSG_TASK_WAITING,     /* to the officers of the task's department */
    YW_MSG_CASE_RESUBMITTED, /* to the officers of the task's department: 补正 handed in */
    YW_MSG_RECTIFY_WAITING,  /* to the officers of a 差评's department */
    YW_MSG_TASK_URGED,       /* to the officers of the task's department: 督办 */
    YW_MSG_DEFERRED_DUE,     /* to the applicant: a 容缺 material due within three working days */
    YW_MSG_DEREG_OBJECTION,  /* to the officers of a notice's office: an objection to a 简易注销 */
    /* to the clerk who filed a case at the window for its applicant (帮办代办): what comes back */
    YW_MSG_WINDOW_CORRECT,   /* 补正 asked */
    YW_MSG_WINDOW_REFUSED,   /* 不予受理, by another clerk */
    YW_MSG_WINDOW_COMPLETED, /* 办结 */
    YW_MSG_WINDOW_DEFERRED_DUE, /* a 容缺 material due within three working days */
    /* to the holder of a certificate (the account it was issued to, the account of its USCC or
     * ID number) */
    YW_MSG_CERT_ISSUED,  /* an officer issued one by hand (a case's are said by its completion) */
    YW_MSG_CERT_CHANGED, /* suspended, reinstated, revoked: with the reason */
    YW_MSG_KIND_COUNT,
} yw_message_kind;

typedef struct {
    const char *id, *kind, *title, *body, *link, *created_at, *read_at;
    const char *subject_type, *subject_id;
} yw_message;

typedef struct {
    yw_message_kind kind;
    const char *subject_type, *subject_id; /* what it is about */
    const char *link;                      /* where the reader acts on it (a page of the portal) */
    const char *args[4];                   /* the template's texts, in its order */
    const char *args_en[4];                /* in English where they differ (a state in words); else args */
} yw_message_new;

/* Writes the message to one account (and queues its SMS when the kind goes by SMS and the
 * account has a phone). Inside the caller's transaction. */
int yw_message_send(yw_op *op, const char *account_id, const yw_message_new *in);
/* Writes the message to every enabled officer of a department. */
int yw_message_send_department(yw_op *op, const char *department_id, const yw_message_new *in);

/* The actor's messages, newest first, in the language asked (english), limit 1–
 * YW_MESSAGE_LIST_MAX from offset; *total and *unread counted over all of them. Arena memory. */
int yw_message_list(yw_op *op, bool english, int limit, int offset, yw_message **out, int *n, int64_t *total,
                    int64_t *unread);
/* Marks the actor's messages read: the ids given (others' ids are not found), or all when ids
 * is NULL. *marked gets how many changed. */
int yw_message_mark_read(yw_op *op, const char *const *ids, int nids, int64_t *marked);

/* The subscriber of case.* (subscribe.c): the applicant told of each decision, the clerk who
 * filed the case at the window of what comes back to it, the departments of each task waiting
 * for them. */
int yw_message_on_case(yw_op *op, yw_event *ev);
/* The subscriber of rectification.opened: the department's officers told of the 差评 to verify. */
int yw_message_on_rectification(yw_op *op, yw_event *ev);
/* The subscriber of task.urged: the task's department's officers told of the supervisors' note. */
int yw_message_on_task_urged(yw_op *op, yw_event *ev);
/* The subscriber of deferred.due: the applicant told which material to hand in by when (and the
 * clerk who filed the case at the window). */
int yw_message_on_deferred_due(yw_op *op, yw_event *ev);
/* The subscriber of dereg.objection: the notice's office's officers told of the objection. */
int yw_message_on_dereg_objection(yw_op *op, yw_event *ev);
/* The subscriber of cert.issued and cert.changed: the certificate's holder is told. */
int yw_message_on_cert(yw_op *op, yw_event *ev);

/* The subscribers of login.code and account.password_reset (secret.c): the code or the new
 * password (a yw_account_secret) sent to the account's phone, its text never shown in the
 * outbox's list, and never a message in the message centre. */
int yw_message_on_secret(yw_op *op, yw_event *ev);

/* ---- the outbox (outbox.c) ---- */

/* Queues one SMS of text to phone (for account_id, of the message message_id; either may be
 * NULL), and a delivery job unless one waits. A secret SMS (a code, a password) is listed
 * without its text. Inside the caller's transaction. */
int yw_outbox_queue(yw_op *op, const char *account_id, const char *message_id, const char *phone, const char *text,
                    bool secret);

typedef struct {
    const char *id, *channel, *recipient, *text, *state;
    int attempts;
    const char *last_error, *created_at, *sent_at;
    bool secret; /* a code or a password: text is NULL in the list */
} yw_outbox_row;

/* Where SMS go: a command run with the phone number as its one argument and the text on its
 * standard input (exit 0: sent), or NULL for the log. Set once at start (serve, tests). */
void yw_sms_configure(const char *command);
/* The pause before an SMS's second try (1 s; doubled before each next): tests shorten it. */
void yw_outbox_set_pause_ms(int ms);

/* Delivers what is due in the outbox: each row tried, up to YW_SMS_ATTEMPTS times with pauses
 * growing between tries; a row past them is given up (dead) with its last error. *sent and
 * *dead get the counts. Runs its own transactions (a job's work). */
int yw_outbox_deliver(yw_op *op, int64_t *sent, int64_t *dead);

/* Admins: the outbox's rows in a state (queued, sent, dead) or all (state NULL), newest first. */
int yw_outbox_list(yw_op *op, const char *state, int limit, yw_outbox_row **out, int *n);

#endif
