/* Events between concepts. A concept that changes something others may react to raises an event
 * inside the transaction of the change (yw_event_raise); the subscribers listed in one place
 * (domain/events/subscribers.c) handle it there, in the same transaction: a subscriber that
 * fails fails the change, so a case never completes without its reactions. A reaction that is
 * slow or may fail for reasons outside the store (an SMS gateway) is queued instead, in the
 * outbox (message/message.h), which a job works off with retries.
 *
 * The concept raising an event knows nothing of who reacts: it names what happened and carries
 * the record it happened to. */
#ifndef YW_EVENT_H
#define YW_EVENT_H

#include "op.h"

typedef struct {
    const char *kind;         /* "case.completed", "entity.changed" … (subscribers.c lists them) */
    const char *subject_type; /* "case", "case_task", "entity" … */
    const char *subject_id;
    const void *data;         /* the record, as the kind says: a yw_case for case.*, a yw_task … */
    const char *const *ids;   /* entity.changed: the USCCs a write changed */
    int nids;
    const char *note;         /* a reason, where the change has one */
    const char *answer;       /* a subscriber's word back to the raiser (arena text), which it may
                               * record: "市场主体库：… 已注销" becomes a note on the case */
    const char *uscc;         /* case.settled: the USCC the registry gave an enterprise the case
                               * established (set by the registry's subscriber; the certificates'
                               * subscriber, after it, issues the 营业执照 to it) */
} yw_event;

typedef int (*yw_event_handler)(yw_op *op, yw_event *ev);

typedef struct {
    const char *kind;     /* the event's kind, or a prefix ending in '.' ("case.") */
    const char *name;     /* who reacts, for logs and errors: "registry", "messages" */
    yw_event_handler handle;
} yw_subscriber;

/* The subscribers, {NULL}-terminated, in the order they run (domain/events/subscribers.c). */
extern const yw_subscriber yw_subscribers[];

/* Calls every subscriber of ev->kind, in the table's order, inside the caller's transaction.
 * 0; or -1 with op->err filled by the subscriber that failed. */
int yw_event_raise(yw_op *op, yw_event *ev);

#endif
