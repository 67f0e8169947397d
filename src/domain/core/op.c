/* The operation every domain function is given, and the two ways a caller outside a request
 * (a command, the demo loader, a test) runs domain functions in a transaction of its own. */
#include "op.h"

#include "../../base/time.h"

yw_op yw_op_make(yw_store *s, yw_arena *a, const yw_actor *actor, yw_err *err) {
    return (yw_op){.store = s, .arena = a, .actor = actor, .now_ms = yw_now_ms(), .err = err};
}

int64_t yw_op_today(const yw_op *op) {
    /* Asia/Shanghai is UTC+8 all year */
    int64_t ms = op->now_ms + 8 * 3600 * 1000LL;
    return ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
}

void yw_op_timestamp(const yw_op *op, char out[YW_TIMESTAMP_SIZE]) { yw_timestamp_format(op->now_ms, out); }

int yw_op_require(yw_op *op, unsigned roles, const char *what) {
    return yw_actor_require(op->actor, roles, what, op->err);
}

typedef struct {
    yw_op *op;
    yw_op_fn fn;
    void *ctx;
} run_ctx;

static int run_in_tx(yw_store *s, void *vctx, yw_err *err) {
    (void)s, (void)err;
    run_ctx *r = vctx;
    return r->fn(r->op, r->ctx);
}

int yw_op_write(yw_op *op, yw_op_fn fn, void *ctx) {
    run_ctx r = {op, fn, ctx};
    return yw_store_tx(op->store, run_in_tx, &r, op->err);
}

int yw_op_read(yw_op *op, yw_op_fn fn, void *ctx) {
    if (yw_store_read_begin(op->store, op->err) < 0) return -1;
    int rc = fn(op, ctx);
    yw_store_read_end(op->store);
    return rc;
}
