/* The operation: what every domain function is given. One shape for all of them:
 *
 *     int yw_<concept>_<verb>(yw_op *op, const … *in, … *out);
 *
 * The op carries the store (already inside the transaction the caller opened: the router from
 * the route's declared mode, a command with yw_op_write), the arena that owns everything the
 * function returns, the actor (NULL when nobody is logged in), the current time (injectable, so
 * that deadlines in working days are testable) and the error. A function returns 0, or -1 with
 * op->err filled; its first line is the permission check. Domain functions never open, commit
 * or roll back a transaction and never read the wall clock. */
#ifndef YW_OP_H
#define YW_OP_H

#include <stdint.h>

#include "../../base/arena.h"
#include "../../base/err.h"
#include "../../store/store.h"
#include "actor.h"

/* The lengths of the texts that cross every concept, with room for the NUL: YW_ID_SIZE
 * (base/ulid.h), YW_DATE_SIZE and YW_TIMESTAMP_SIZE (base/time.h). */
#include "../../base/time.h"
#include "../../base/ulid.h"

typedef struct yw_op {
    yw_store *store;
    yw_arena *arena;
    const yw_actor *actor;
    int64_t now_ms; /* UTC milliseconds since the epoch: "now" for everything the operation does */
    yw_err *err;
} yw_op;

/* An op at the wall clock's current time. */
yw_op yw_op_make(yw_store *s, yw_arena *a, const yw_actor *actor, yw_err *err);
/* The operation's day in Asia/Shanghai, the city's civil date, as a day number (base/time.h). */
int64_t yw_op_today(const yw_op *op);
/* The operation's time as an ISO 8601 UTC timestamp. */
void yw_op_timestamp(const yw_op *op, char out[YW_TIMESTAMP_SIZE]);

/* Runs fn(op, ctx) inside one write transaction on op->store (retried whole when the store is
 * busy), for callers outside a request: commands, the demo loader, tests. */
typedef int (*yw_op_fn)(yw_op *op, void *ctx);
int yw_op_write(yw_op *op, yw_op_fn fn, void *ctx);
/* Runs fn(op, ctx) on one read snapshot. */
int yw_op_read(yw_op *op, yw_op_fn fn, void *ctx);

/* 0 when op's actor holds any of `roles`; otherwise as yw_actor_require, into op->err. */
int yw_op_require(yw_op *op, unsigned roles, const char *what);

#endif
