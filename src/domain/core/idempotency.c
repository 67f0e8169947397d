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

/* status 0 marks a claimed key whose write has not answered yet (in this transaction) */
int yw_idempotency_claim(yw_op *op, const yw_idempotency_in *in, yw_idempotency_answer *out) {
    memset(out, 0, sizeof *out);
    char now[YW_TIMESTAMP_SIZE], since[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    horizon(op, since);
    int64_t claimed = 0;
    if (yw_store_run(op->store, NULL,
                     "INSERT INTO idempotency_keys (actor, key, request_hash, status, content_type, created_at)"
                     " VALUES ($1, $2, $3, 0, '', $4) ON CONFLICT (actor, key) DO NOTHING",
                     YW_PARAMS(YW_TEXT_P(owner(op)), YW_TEXT_P(in->key), YW_TEXT_P(in->request_hash), YW_TEXT_P(now)),
                     NULL, &claimed, op->err) < 0)
        return -1;
    if (claimed) return 0;
    /* the key is taken: by a kept answer (another server's commit included, which the insert
     * waited for), or by a forgotten one, claimed anew */
    if (yw_store_run(op->store, NULL,
                     "UPDATE idempotency_keys SET request_hash = $3, status = 0, content_type = '', body = NULL,"
                     " created_at = $4 WHERE actor = $1 AND key = $2 AND created_at < $5",
                     YW_PARAMS(YW_TEXT_P(owner(op)), YW_TEXT_P(in->key), YW_TEXT_P(in->request_hash), YW_TEXT_P(now),
                               YW_TEXT_P(since)),
                     NULL, &claimed, op->err) < 0)
        return -1;
    if (claimed) return 0;
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "SELECT request_hash, status, content_type, body FROM idempotency_keys WHERE actor = $1 AND key = $2",
                       YW_ARGS(owner(op), in->key), &rows, op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_STORE_CONFLICT, NULL); /* dropped meanwhile: a retry will do */
    if (strcmp(yw_rows_get(&rows, 0, 0), in->request_hash) != 0)
        return yw_fail(op->err, YW_E_IDEMPOTENCY_KEY_REUSED, "Idempotency-Key");
    out->status = (int)strtol(yw_rows_get(&rows, 0, 1), NULL, 10);
    if (out->status == 0) return yw_fail(op->err, YW_E_STORE_CONFLICT, NULL); /* the same key twice in one write */
    out->found = true;
    out->content_type = yw_rows_get(&rows, 0, 2);
    out->body = yw_rows_get(&rows, 0, 3);
    out->len = yw_rows_len(&rows, 0, 3);
    return 0;
}

int yw_idempotency_save(yw_op *op, const yw_idempotency_in *in, const yw_idempotency_answer *answer) {
    int64_t n = 0;
    if (yw_store_run(op->store, NULL,
                     "UPDATE idempotency_keys SET status = $3, content_type = $4, body = $5"
                     " WHERE actor = $1 AND key = $2 AND status = 0",
                     YW_PARAMS(YW_TEXT_P(owner(op)), YW_TEXT_P(in->key), YW_INT_P(answer->status),
                               YW_TEXT_P(answer->content_type), YW_BYTES_P(answer->body, answer->len)),
                     NULL, &n, op->err) < 0)
        return -1;
    if (n != 1) return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "an idempotency key saved without its claim");
    return 0;
}

int yw_idempotency_release(yw_op *op, const yw_idempotency_in *in) {
    return yw_store_run(op->store, NULL, "DELETE FROM idempotency_keys WHERE actor = $1 AND key = $2 AND status = 0",
                        YW_PARAMS(YW_TEXT_P(owner(op)), YW_TEXT_P(in->key)), NULL, NULL, op->err);
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
