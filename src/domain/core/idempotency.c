/* Idempotency keys in the store (idempotency.h). */
#include "idempotency.h"

#include "../../base/time.h"

#include <stdlib.h>
#include <string.h>

static const char *owner(const yw_op *op) { return op->actor && op->actor->account_id ? op->actor->account_id : "-"; }

/* The timestamp YW_IDEMPOTENCY_KEEP_HOURS before the operation's time: keys older are forgotten. */
static void horizon(const yw_op *op, char out[YW_TIMESTAMP_SIZE]) {
    yw_timestamp_format(op->now_ms - (int64_t)YW_IDEMPOTENCY_KEEP_HOURS * 3600 * 1000, out);
}

int yw_idempotency_check_key(const char *key, yw_err *err) {
    size_t n = key ? strlen(key) : 0;
    if (n < 1 || n > YW_IDEMPOTENCY_KEY_MAX) return yw_fail(err, YW_E_IDEMPOTENCY_KEY_FORMAT, "Idempotency-Key");
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)key[i] <= 0x20 || (unsigned char)key[i] >= 0x7f)
            return yw_fail(err, YW_E_IDEMPOTENCY_KEY_FORMAT, "Idempotency-Key");
    return 0;
}

int yw_idempotency_find(yw_op *op, const yw_idempotency_in *in, yw_idempotency_answer *out) {
    memset(out, 0, sizeof *out);
    yw_rows rows;
    char since[YW_TIMESTAMP_SIZE];
    horizon(op, since);
    if (yw_store_query(op->store, op->arena,
                       "SELECT request_hash, status, content_type, body FROM idempotency_keys"
                       " WHERE actor = $1 AND key = $2 AND created_at >= $3",
                       YW_ARGS(owner(op), in->key, since), &rows, op->err) < 0)
        return -1;
    if (!rows.nrows) return 0;
    if (strcmp(yw_rows_get(&rows, 0, 0), in->request_hash) != 0)
        return yw_fail(op->err, YW_E_IDEMPOTENCY_KEY_REUSED, "Idempotency-Key");
    out->found = true;
    out->status = (int)strtol(yw_rows_get(&rows, 0, 1), NULL, 10);
    out->content_type = yw_rows_get(&rows, 0, 2);
    out->body = yw_rows_get(&rows, 0, 3);
    out->len = yw_rows_len(&rows, 0, 3);
    return 0;
}

int yw_idempotency_save(yw_op *op, const yw_idempotency_in *in, const yw_idempotency_answer *answer) {
    char now[YW_TIMESTAMP_SIZE], since[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    horizon(op, since);
    /* a forgotten answer under the same key goes first */
    if (yw_store_run(op->store, NULL, "DELETE FROM idempotency_keys WHERE actor = $1 AND key = $2 AND created_at < $3",
                     YW_PARAMS(YW_TEXT_P(owner(op)), YW_TEXT_P(in->key), YW_TEXT_P(since)), NULL, NULL, op->err) < 0)
        return -1;
    return yw_store_run(op->store, NULL,
                        "INSERT INTO idempotency_keys (actor, key, request_hash, status, content_type, body, created_at)"
                        " VALUES ($1, $2, $3, $4, $5, $6, $7)",
                        YW_PARAMS(YW_TEXT_P(owner(op)), YW_TEXT_P(in->key), YW_TEXT_P(in->request_hash),
                                  YW_INT_P(answer->status), YW_TEXT_P(answer->content_type),
                                  YW_BYTES_P(answer->body, answer->len), YW_TEXT_P(now)),
                        NULL, NULL, op->err);
}

int yw_idempotency_expire(yw_op *op, int limit, int64_t *removed) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "expire idempotency keys") < 0) return -1;
    char since[YW_TIMESTAMP_SIZE];
    horizon(op, since);
    return yw_store_run(op->store, NULL,
                        "DELETE FROM idempotency_keys WHERE (actor, key) IN (SELECT actor, key FROM idempotency_keys"
                        " WHERE created_at < $1 ORDER BY created_at LIMIT $2)",
                        YW_PARAMS(YW_TEXT_P(since), YW_INT_P(limit)), NULL, removed, op->err);
}
