/* The hash-chained audit log. The hash input is each field as "<length>:<bytes>\n" (NULL as
 * "-\n") in a fixed order, then the previous hash: unambiguous, so no two different entries
 * hash the same input. The head of the chain is read and extended under a store lock, so
 * concurrent writers on PostgreSQL extend it one at a time. */
#include "audit.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/buf.h"
#include "../../base/json_writer.h"
#include "../../base/time.h"
#include "../../base/ulid.h"

#define GENESIS YW_AUDIT_GENESIS

static void add_field(yw_buf *b, const char *v) {
    if (!v) {
        yw_buf_puts(b, "-\n");
        return;
    }
    yw_buf_printf(b, "%zu:", strlen(v));
    yw_buf_puts(b, v);
    yw_buf_putc(b, '\n');
}

/* hex SHA-256 of the entry's fields (index 0..8: seq id at actor action type id before after)
 * and prev_hash, into out[65] */
static int entry_hash(const char *const f[9], const char *prev_hash, char out[65], yw_err *err) {
    yw_buf b;
    yw_buf_init(&b, NULL);
    for (int i = 0; i < 9; i++) add_field(&b, f[i]);
    add_field(&b, prev_hash);
    if (b.failed) {
        yw_buf_free(&b);
        return yw_fail(err, YW_E_NOMEM, NULL);
    }
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)b.data, b.len);
    sodium_bin2hex(out, 65, h, sizeof h);
    yw_buf_free(&b);
    return 0;
}

int yw_audit_append(yw_op *op, const char *action, const char *object_type, const char *object_id,
                    const char *before_json, const char *after_json) {
    yw_store *s = op->store;
    yw_err *err = op->err;
    const yw_actor *actor = op->actor;
    if (!yw_store_in_tx(s)) return yw_err_set(err, YW_ERR_INTERNAL, NULL, "audit entries are written inside a transaction");
    if (yw_store_lock(s, "audit_log", err) < 0) return -1;
    yw_arena a;
    yw_arena_init(&a);
    yw_rows head;
    int rc = -1;
    if (yw_store_query(s, &a, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", YW_NOARGS, &head, err) < 0)
        goto done;
    int64_t seq = head.nrows ? strtoll(yw_rows_get(&head, 0, 0), NULL, 10) + 1 : 1;
    const char *prev = head.nrows ? yw_rows_get(&head, 0, 1) : GENESIS;
    char seq_text[24], id[YW_ID_SIZE], at[YW_TIMESTAMP_SIZE], hash[65];
    snprintf(seq_text, sizeof seq_text, "%" PRId64, seq);
    yw_ulid_new(id);
    yw_op_timestamp(op, at);
    const char *who = actor ? actor->account_id : "anonymous";
    const char *f[9] = {seq_text, id, at, who, action, object_type, object_id, before_json, after_json};
    if (entry_hash(f, prev, hash, err) < 0) goto done;
    rc = yw_store_exec(s,
                       "INSERT INTO audit_log (seq, id, at, actor, action, object_type, object_id, before_json,"
                       " after_json, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                       YW_ARGS(seq_text, id, at, who, action, object_type, object_id, before_json, after_json, prev,
                               hash),
                       NULL, err);
done:
    yw_arena_reset(&a);
    return rc;
}

int yw_audit_verify(yw_op *op, yw_audit_report *r, void (*progress)(int64_t, void *), void *arg) {
    yw_store *s = op->store;
    yw_err *err = op->err;
    memset(r, 0, sizeof *r);
    char prev[65] = GENESIS;
    int64_t last_seq = 0;
    for (;;) {
        yw_arena a;
        yw_arena_init(&a);
        char after[24];
        snprintf(after, sizeof after, "%" PRId64, last_seq);
        yw_rows rows;
        if (yw_store_query(s, &a,
                           "SELECT seq, id, at, actor, action, object_type, object_id, before_json, after_json,"
                           " prev_hash, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 1000",
                           YW_ARGS(after), &rows, err) < 0) {
            yw_arena_reset(&a);
            return -1;
        }
        for (int i = 0; i < rows.nrows; i++) {
            const char *f[9];
            for (int c = 0; c < 9; c++) f[c] = yw_rows_get(&rows, i, c);
            const char *stored_prev = yw_rows_get(&rows, i, 9), *stored = yw_rows_get(&rows, i, 10);
            int64_t seq = strtoll(f[0], NULL, 10);
            const char *why = NULL;
            char hash[65];
            if (seq != last_seq + 1) why = "an entry before it is missing (sequence gap)";
            else if (strcmp(stored_prev, prev) != 0) why = "its previous-hash does not match the entry before it";
            else if (entry_hash(f, prev, hash, err) < 0) {
                yw_arena_reset(&a);
                return -1;
            } else if (strcmp(hash, stored) != 0)
                why = "its contents do not match its hash (changed after it was written)";
            r->checked++;
            if (why) {
                r->broken_seq = seq;
                snprintf(r->broken_id, sizeof r->broken_id, "%s", f[1]);
                snprintf(r->reason, sizeof r->reason, "%s", why);
                yw_arena_reset(&a);
                return 0;
            }
            memcpy(prev, stored, 65);
            prev[64] = '\0';
            last_seq = seq;
            if (progress && r->checked % 10000 == 0) progress(r->checked, arg);
        }
        yw_arena_reset(&a);
        if (rows.nrows < 1000) return 0;
    }
}

int yw_audit_list(yw_op *op, const yw_audit_filter *f, yw_rows *out) {
    if (yw_op_require(op, YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN, "read the audit log") < 0) return -1;
    yw_store *s = op->store;
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    const char *object_type = f->object_type, *object_id = f->object_id;
    int64_t before_seq = f->before_seq;
    int limit = f->limit;
    char lim[16], before[24];
    snprintf(lim, sizeof lim, "%d", limit);
    snprintf(before, sizeof before, "%" PRId64, before_seq > 0 ? before_seq : INT64_MAX);
    const char *cols = "SELECT seq, id, at, actor, action, object_type, object_id, before_json, after_json, hash"
                       " FROM audit_log";
    if (object_type && object_id) {
        const char *sql = yw_arena_printf(a, "%s WHERE object_type = $1 AND object_id = $2 AND seq < $3"
                                             " ORDER BY seq DESC LIMIT $4", cols);
        if (!sql) return yw_fail(err, YW_E_NOMEM, NULL);
        return yw_store_query(s, a, sql, YW_ARGS(object_type, object_id, before, lim), out, err);
    }
    const char *sql = yw_arena_printf(a, "%s WHERE seq < $1 ORDER BY seq DESC LIMIT $2", cols);
    if (!sql) return yw_fail(err, YW_E_NOMEM, NULL);
    return yw_store_query(s, a, sql, YW_ARGS(before, lim), out, err);
}

int yw_audit_change(yw_op *op, const char *action, const char *object_type, const char *object_id, const char *key,
                    const char *before, const char *after, const char *note) {
    yw_buf b1, b2;
    yw_jw w;
    yw_jw_begin(&w, &b1, op->arena);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, key, before);
    yw_jw_end(&w);
    yw_jw_begin(&w, &b2, op->arena);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, key, after);
    if (note) yw_jw_kstr(&w, "note", note);
    yw_jw_end(&w);
    if (b1.failed || b2.failed) return yw_fail(op->err, YW_E_NOMEM, NULL);
    return yw_audit_append(op, action, object_type, object_id, before ? b1.data : NULL, b2.data);
}
