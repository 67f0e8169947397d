/* One-time login codes (session.h): asked for by login or phone, limited before anything is looked
 * up, kept as a salted SHA-256, sent by SMS through the event login.code. The answer never says
 * whether an account was found. */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/ulid.h"
#include "account.h"
#include "event.h"
#include "session.h"

void yw_login_code_hash(const char *code_id, const char *code, char out[65]) {
    crypto_hash_sha256_state st;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)code_id, strlen(code_id));
    crypto_hash_sha256_update(&st, (const unsigned char *)":", 1);
    crypto_hash_sha256_update(&st, (const unsigned char *)code, strlen(code));
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(out, 65, h, sizeof h);
}

/* Refuses past the limits of the scopes, then counts this request in them. */
static int limit(yw_op *op, const char *field, const char *who_scope, const char *addr_scope) {
    yw_err *err = op->err;
    if (yw_store_lock(op->store, who_scope, err) < 0 || (addr_scope && yw_store_lock(op->store, addr_scope, err) < 0))
        return -1;
    yw_rows rows;
    char since[24];
    snprintf(since, sizeof since, "%" PRId64, op->now_ms - YW_LOGIN_CODE_RESEND_MS);
    if (yw_store_query(op->store, op->arena, "SELECT MAX(at_ms) FROM login_failures WHERE scope = $1 AND at_ms >= $2",
                       YW_ARGS(who_scope, since), &rows, err) < 0)
        return -1;
    const char *last = yw_rows_get(&rows, 0, 0);
    if (last) {
        long long wait = (long long)((strtoll(last, NULL, 10) + YW_LOGIN_CODE_RESEND_MS - op->now_ms + 999) / 1000);
        return yw_fail(err, YW_E_LOGIN_CODE_TOO_SOON, field, wait > 0 ? wait : 1);
    }
    int64_t n;
    if (yw_failures_count(op, who_scope, YW_LOGIN_CODE_WINDOW_MS, &n) < 0) return -1;
    if (n >= YW_LOGIN_CODE_MAX) return yw_fail(err, YW_E_LOGIN_CODE_TOO_MANY, field);
    if (addr_scope) {
        if (yw_failures_count(op, addr_scope, YW_LOGIN_CODE_WINDOW_MS, &n) < 0) return -1;
        if (n >= YW_LOGIN_CODE_MAX_PER_ADDRESS) return yw_fail(err, YW_E_LOGIN_CODE_TOO_MANY, NULL);
    }
    const char *id;
    if (yw_failures_record(op, who_scope, YW_LOGIN_CODE_WINDOW_MS, &id) < 0) return -1;
    return addr_scope ? yw_failures_record(op, addr_scope, YW_LOGIN_CODE_WINDOW_MS, &id) : 0;
}

int yw_login_code_send(yw_op *op, const yw_login_code_in *in) {
    yw_err *err = op->err;
    yw_arena *a = op->arena;
    bool has_login = in->login && *in->login, has_phone = in->phone && *in->phone;
    if (has_login && has_phone) return yw_fail(err, YW_E_LOGIN_WHO, "login");
    if (!has_login && !has_phone) return yw_fail(err, YW_E_FIELD_REQUIRED, "login", "login");
    if (has_phone && !yw_phone_ok(in->phone)) return yw_fail(err, YW_E_ACCOUNT_PHONE, "phone");
    const char *who = has_login ? in->login : in->phone;
    if (strlen(who) > YW_LOGIN_MAX) return yw_fail(err, YW_E_FIELD_TOO_LONG, "login", "login", (size_t)YW_LOGIN_MAX);
    const char *who_scope = yw_arena_printf(a, "code:%s", who);
    const char *addr_scope = in->address ? yw_arena_printf(a, "code-addr:%s", in->address) : NULL;
    if (!who_scope || (in->address && !addr_scope)) return yw_fail(err, YW_E_NOMEM, NULL);
    if (limit(op, has_login ? "login" : "phone", who_scope, addr_scope) < 0) return -1;

    /* the account: enabled, with a phone; by phone, the only enabled account of it */
    yw_rows rows;
    if (yw_store_query(op->store, a,
                       has_login ? "SELECT id, phone FROM accounts WHERE login = $1 AND disabled = 0 AND phone IS NOT NULL"
                                 : "SELECT id, phone FROM accounts WHERE phone = $1 AND disabled = 0 ORDER BY id LIMIT 2",
                       YW_ARGS(who), &rows, err) < 0)
        return -1;
    if (rows.nrows != 1) return 0; /* nothing sent; the same answer */
    const char *account_id = yw_rows_get(&rows, 0, 0), *phone = yw_rows_get(&rows, 0, 1);

    char code[8], id[YW_ID_SIZE], hash[65], now[YW_TIMESTAMP_SIZE], expires[24];
    snprintf(code, sizeof code, "%06" PRIu32, randombytes_uniform(1000000));
    yw_ulid_new(id);
    yw_login_code_hash(id, code, hash);
    yw_op_timestamp(op, now);
    snprintf(expires, sizeof expires, "%" PRId64, op->now_ms + YW_LOGIN_CODE_TTL_MS);
    /* a newer code ends the older ones: the code in the newest SMS is the one that works */
    if (yw_store_exec(op->store, "UPDATE login_codes SET used_at = $2 WHERE account_id = $1 AND used_at IS NULL",
                      YW_ARGS(account_id, now), NULL, err) < 0 ||
        yw_store_exec(op->store,
                      "INSERT INTO login_codes (id, account_id, code_hash, created_at, expires_ms) VALUES ($1, $2, $3, $4, $5)",
                      YW_ARGS(id, account_id, hash, now, expires), NULL, err) < 0)
        return -1;
    char *secret = yw_arena_strdup(a, code);
    sodium_memzero(code, sizeof code);
    if (!secret) return yw_fail(err, YW_E_NOMEM, NULL);
    yw_account_secret sms = {account_id, phone, secret};
    yw_event ev = {.kind = "login.code", .subject_type = "account", .subject_id = account_id, .data = &sms};
    return yw_event_raise(op, &ev);
}
