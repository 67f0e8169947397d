/* Idempotency keys: the answer of a write kept under the key its client sent, so that sending
 * the same request again with the same key (a retry after a lost answer, a double click)
 * returns the first answer and changes nothing. A key belongs to the actor who sent it; the
 * same key with a different request is refused, never answered with another request's
 * answer. These functions run inside the write's transaction: the answer is kept if and only if
 * the write commits. */
#ifndef YW_IDEMPOTENCY_H
#define YW_IDEMPOTENCY_H

#include <stdbool.h>
#include <stddef.h>

#include "op.h"

#define YW_IDEMPOTENCY_KEY_MAX 128
/* How long a key answers: a retry later than this is a new request (the key is forgotten). */
#define YW_IDEMPOTENCY_KEEP_HOURS 24

typedef struct {
    const char *key;          /* 1–128 visible ASCII characters */
    const char *request_hash; /* hex SHA-256 of the method, path and body */
} yw_idempotency_in;

typedef struct {
    bool found;
    int status;
    const char *content_type;
    const char *body; /* arena memory */
    size_t len;
} yw_idempotency_answer;

/* 0 when key is a well-formed idempotency key; YW_ERR_BAD_REQUEST otherwise. */
int yw_idempotency_check_key(const char *key, yw_err *err);
/* Claims the key for this write before the write runs, or finds the answer kept under it.
 * out->found: a write under the key was answered within YW_IDEMPOTENCY_KEEP_HOURS; its answer
 * is in out, and the caller answers with it and writes nothing. Otherwise the key is claimed:
 * a row without an answer, in the write's transaction, which yw_idempotency_save completes (or
 * yw_idempotency_release drops, when the write gives no answer worth keeping; a write that fails
 * rolls the claim back with everything else). The key kept for another request is
 * YW_E_IDEMPOTENCY_KEY_REUSED; an older key is forgotten and claimed anew.
 * Why claim first: the same request retried on two servers at once runs two transactions; the
 * second's claim waits for the first's row and, once the first commits, finds its answer — a
 * retry never runs twice and never fails on the key's uniqueness. */
int yw_idempotency_claim(yw_op *op, const yw_idempotency_in *in, yw_idempotency_answer *out);
/* Keeps the answer under the key claimed by yw_idempotency_claim. */
int yw_idempotency_save(yw_op *op, const yw_idempotency_in *in, const yw_idempotency_answer *answer);
/* Drops the claim of a write whose answer is not kept (not a success, or a step of a longer write). */
int yw_idempotency_release(yw_op *op, const yw_idempotency_in *in);
/* Deletes the keys older than YW_IDEMPOTENCY_KEEP_HOURS (by op->now_ms), at most `limit` of
 * them; *removed gets how many. The system actor and admins (the job idempotency.expire). */
int yw_idempotency_expire(yw_op *op, int limit, int64_t *removed);

#endif
