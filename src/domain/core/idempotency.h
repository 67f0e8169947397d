/* Idempotency keys: the answer of a write kept under the key its client sent, so that sending
 * the same request again with the same key (a retry after a lost answer, a double click)
 * returns the first answer and changes nothing. A key belongs to the actor who sent it; the
 * same key with a different request is refused, never answered with another request's
 * answer. Both functions run inside the write's transaction: the answer is kept if and only if
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
/* The answer kept under the key within YW_IDEMPOTENCY_KEEP_HOURS, if any (out->found); the key
 * kept for another request is YW_ERR_CONFLICT. An older key is forgotten: found false. */
int yw_idempotency_find(yw_op *op, const yw_idempotency_in *in, yw_idempotency_answer *out);
/* Keeps the answer under the key (replacing a forgotten one of the same key). */
int yw_idempotency_save(yw_op *op, const yw_idempotency_in *in, const yw_idempotency_answer *answer);
/* Deletes the keys older than YW_IDEMPOTENCY_KEEP_HOURS (by op->now_ms), at most `limit` of
 * them; *removed gets how many. The system actor and admins (the job idempotency.expire). */
int yw_idempotency_expire(yw_op *op, int limit, int64_t *removed);

#endif
