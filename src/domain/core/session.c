/* Logins, sessions and the counter of failures (logins, the public case lookup). */
#include "session.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../../base/time.h"
#include "../../base/ulid.h"
#include "audit.h"

/* hex SHA-256 of the token: what the store keeps */
static void token_digest(const char *token, char out[65]) {
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(out, 65, h, sizeof h);
}

int yw_failures_count(yw_op *op, const char *scope, int64_t window_ms, int64_t *count) {
    char since[24];
    snprintf(since, sizeof since, "%" PRId64, op->now_ms - window_ms);
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT COUNT(*) FROM login_failures WHERE scope = $1 AND at_ms >= $2",
                       YW_ARGS(scope, since), &rows, op->err) < 0)
        return -1;
    *count = strtoll(yw_rows_get(&rows, 0, 0), NULL, 10);
    return 0;
}

int yw_failures_record(yw_op *op, const char *scope, int64_t window_ms, const char **id_out) {
    char *id = yw_arena_alloc(op->arena, YW_ID_SIZE);
    if (!id) return yw_fail(op->err, YW_E_NOMEM, NULL);
    char at[24], old[24];
    yw_ulid_new(id);
    snprintf(at, sizeof at, "%" PRId64, op->now_ms);
    snprintf(old, sizeof old, "%" PRId64, op->now_ms - window_ms);
    if (yw_store_exec(op->store, "DELETE FROM login_failures WHERE scope = $1 AND at_ms < $2", YW_ARGS(scope, old),
                      NULL, op->err) < 0)
        return -1;
    *id_out = id;
    return yw_store_exec(op->store, "INSERT INTO login_failures (id, scope, at_ms) VALUES ($1, $2, $3)",
                         YW_ARGS(id, scope, at), NULL, op->err);
}

int yw_failures_forget(yw_op *op, const char *id) {
    return yw_store_exec(op->store, "DELETE FROM login_failures WHERE id = $1", YW_ARGS(id), NULL, op->err);
}

static bool code_ok(const char *s) {
    if (strlen(s) != 6) return false;
    for (int i = 0; i < 6; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

static int failures_since(yw_op *op, const char *scope, int64_t *count) {
    return yw_failures_count(op, scope, YW_LOGIN_WINDOW_MS, count);
}

/* Counts one attempt against scope (as a failure until the password proves right); *id gets
 * the row's id, in the arena. Rows older than the window go at the same time. */
static int record_attempt(yw_op *op, const char *scope, const char **id_out) {
    return yw_failures_record(op, scope, YW_LOGIN_WINDOW_MS, id_out);
}

/* A valid Argon2id hash of a random password, checked when the login is unknown, so that an
 * unknown login takes as long as a wrong password. */
static char dummy_hash[128];
static void make_dummy_hash(void) {
    char pw[33];
    unsigned char r[16];
    randombytes_buf(r, sizeof r);
    sodium_bin2hex(pw, sizeof pw, r, sizeof r);
    if (yw_password_hash(pw, dummy_hash, NULL) < 0) dummy_hash[0] = '\0';
}

int yw_session_login_begin(yw_op *op, const yw_login_in *in, yw_login_attempt *out) {
    yw_err *err = op->err;
    yw_arena *a = op->arena;
    memset(out, 0, sizeof *out);
    const char *password = in->password, *address = in->address;
    bool has_login = in->login && *in->login, has_phone = in->phone && *in->phone;
    bool has_password = password && *password, has_code = in->code && *in->code;
    if (has_login && has_phone) return yw_fail(err, YW_E_LOGIN_WHO, "login");
    if (!has_login && !has_phone) return yw_fail(err, YW_E_FIELD_REQUIRED, "login", "login");
    if (has_password && has_code) return yw_fail(err, YW_E_LOGIN_HOW, "password");
    if (!has_password && !has_code) return yw_fail(err, YW_E_FIELD_REQUIRED, "password", "password");
    if (has_phone && has_password) return yw_fail(err, YW_E_LOGIN_PHONE_PASSWORD, "phone");
    if (has_phone && !yw_phone_ok(in->phone)) return yw_fail(err, YW_E_ACCOUNT_PHONE, "phone");
    if (has_code && !code_ok(in->code)) return yw_fail(err, YW_E_LOGIN_CODE_FORMAT, "code");
    /* a phone is counted as a login is: the same limits, per phone */
    const char *login = has_login ? in->login : in->phone;
    if (strlen(login) > YW_LOGIN_MAX) return yw_fail(err, YW_E_FIELD_TOO_LONG, "login", "login", (size_t)YW_LOGIN_MAX);
    if (has_password && strlen(password) > YW_PASSWORD_MAX)
        return yw_fail(err, YW_E_FIELD_TOO_LONG, "password", "password", (size_t)YW_PASSWORD_MAX);
    out->by_code = has_code;
    /* copies in the arena: the attempt outlives the caller's strings when finished later */
    out->login = yw_arena_strdup(a, login);
    out->address = address ? yw_arena_strdup(a, address) : NULL;
    out->login_scope = yw_arena_printf(a, "login:%s", login);
    out->pair_scope = yw_arena_printf(a, "pair:%s|%s", address ? address : "", login);
    out->address_scope = address ? yw_arena_printf(a, "addr:%s", address) : NULL;
    if (!out->login || !out->login_scope || !out->pair_scope || (address && (!out->address || !out->address_scope)))
        return yw_fail(err, YW_E_NOMEM, NULL);
    /* The limits, checked and the attempt counted in one transaction, before the password is
     * looked at: a burst of parallel attempts is counted attempt by attempt. Per account and
     * address, so that nobody elsewhere can lock the owner out; per address, against one
     * source trying many accounts; per account from anywhere, high, against a spread attack.
     * Each counter is locked before it is read (always in this order: pair, address, login), so
     * that attempts on several servers sharing one store are counted one after another too. */
    if (yw_store_lock(op->store, out->pair_scope, err) < 0 ||
        (out->address_scope && yw_store_lock(op->store, out->address_scope, err) < 0) ||
        yw_store_lock(op->store, out->login_scope, err) < 0)
        return -1;
    int64_t n;
    if (failures_since(op, out->pair_scope, &n) < 0) return -1;
    if (n >= YW_LOGIN_MAX_FAILURES_PER_LOGIN)
        return yw_fail(err, YW_E_LOGIN_LOCKED_ACCOUNT, "login");
    if (out->address_scope) {
        if (failures_since(op, out->address_scope, &n) < 0) return -1;
        if (n >= YW_LOGIN_MAX_FAILURES_PER_ADDRESS)
            return yw_fail(err, YW_E_LOGIN_LOCKED_ADDRESS, NULL);
    }
    if (failures_since(op, out->login_scope, &n) < 0) return -1;
    if (n >= YW_LOGIN_MAX_FAILURES_ANYWHERE)
        return yw_fail(err, YW_E_LOGIN_LOCKED_ACCOUNT, "login");
    if (record_attempt(op, out->pair_scope, &out->attempt_ids[0]) < 0) return -1;
    if (record_attempt(op, out->login_scope, &out->attempt_ids[1]) < 0) return -1;
    if (out->address_scope && record_attempt(op, out->address_scope, &out->attempt_ids[2]) < 0) return -1;
    yw_rows rows;
    /* by phone: the enabled account of that phone, when there is exactly one */
    if (yw_store_query(op->store, a,
                       has_login ? "SELECT id, password_hash, disabled FROM accounts WHERE login = $1"
                                 : "SELECT id, password_hash, disabled FROM accounts WHERE phone = $1 AND disabled = 0"
                                   " ORDER BY id LIMIT 2",
                       YW_ARGS(login), &rows, err) < 0)
        return -1;
    if (rows.nrows == 1) {
        out->account_id = yw_rows_get(&rows, 0, 0);
        out->password_hash = yw_rows_get(&rows, 0, 1);
        out->disabled = strcmp(yw_rows_get(&rows, 0, 2), "0") != 0;
        out->walk_in = !*out->password_hash;
        if (out->walk_in) out->password_hash = NULL;
    }
    if (has_code && out->account_id) {
        char now[24];
        snprintf(now, sizeof now, "%" PRId64, op->now_ms);
        if (yw_store_query(op->store, a,
                           "SELECT id, code_hash FROM login_codes WHERE account_id = $1 AND used_at IS NULL"
                           " AND expires_ms > $2 ORDER BY created_at DESC, id DESC LIMIT 1",
                           YW_ARGS(out->account_id, now), &rows, err) < 0)
            return -1;
        if (rows.nrows) {
            out->code_id = yw_rows_get(&rows, 0, 0);
            out->code_hash = yw_rows_get(&rows, 0, 1);
        }
    }
    return 0;
}

bool yw_login_verify_code(const char *code_id, const char *code_hash, const char *code) {
    if (!code_id || !code_hash || !code || strlen(code_hash) != 64) return false;
    char h[65];
    yw_login_code_hash(code_id, code, h);
    return sodium_memcmp(h, code_hash, 64) == 0;
}

bool yw_login_verify(const char *password_hash, const char *password) {
    if (password_hash) return yw_password_verify(password_hash, password);
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, make_dummy_hash);
    if (dummy_hash[0]) yw_password_verify(dummy_hash, password);
    return false;
}

int yw_session_login_finish(yw_op *op, const yw_login_attempt *at, bool password_ok, yw_session *out) {
    yw_err *err = op->err;
    /* a disabled account answers as a wrong password does: the answer confirms nothing */
    if (at->by_code && (!password_ok || !at->account_id || at->disabled))
        return yw_fail(err, YW_E_LOGIN_CODE_WRONG, "code");
    if (!at->by_code && at->walk_in && at->account_id && !at->disabled)
        return yw_fail(err, YW_E_LOGIN_WALK_IN, "password");
    if (!password_ok || !at->account_id || at->disabled)
        return yw_fail(err, YW_E_LOGIN_WRONG, "password");
    if (at->by_code) {
        /* used once: of two logins with one code at the same moment, one opens a session */
        char used[YW_TIMESTAMP_SIZE];
        yw_op_timestamp(op, used);
        int64_t changed = 0;
        if (yw_store_exec(op->store, "UPDATE login_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL",
                          YW_ARGS(at->code_id, used), &changed, err) < 0)
            return -1;
        if (changed != 1) return yw_fail(err, YW_E_LOGIN_CODE_WRONG, "code");
    }
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out->token, sizeof out->token, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char digest[65], id[YW_ID_SIZE], created[YW_TIMESTAMP_SIZE];
    token_digest(out->token, digest);
    yw_ulid_new(id);
    yw_op_timestamp(op, created);
    yw_timestamp_format(op->now_ms + YW_SESSION_TTL_MS, out->expires_at);
    if (yw_store_exec(op->store,
                      "INSERT INTO sessions (id, token_hash, account_id, created_at, expires_at, address)"
                      " VALUES ($1, $2, $3, $4, $5, $6)",
                      YW_ARGS(id, digest, at->account_id, created, out->expires_at, at->address), NULL, err) < 0)
        return -1;
    /* the right password clears the account's counts; the address keeps its other failures */
    if (yw_store_exec(op->store, "DELETE FROM login_failures WHERE scope = $1 OR scope = $2 OR id = $3",
                      YW_ARGS(at->pair_scope, at->login_scope, at->attempt_ids[2]), NULL, err) < 0)
        return -1;
    yw_actor self = {.account_id = at->account_id, .kind = "", .roles = 0};
    yw_op as = *op;
    as.actor = &self;
    return yw_account_get(&as, at->account_id, &out->account);
}

int yw_session_resolve(yw_op *op, const char *token, yw_actor *out) {
    yw_err *err = op->err;
    yw_arena *a = op->arena;
    if (!token || !*token || strlen(token) > 128)
        return yw_fail(err, YW_E_LOGIN_REQUIRED, NULL);
    char digest[65], now[YW_TIMESTAMP_SIZE];
    token_digest(token, digest);
    yw_op_timestamp(op, now);
    yw_rows rows;
    if (yw_store_query(op->store, a,
                       "SELECT a.id, a.kind, a.login, a.name, a.department_id, a.roles FROM sessions s"
                       " JOIN accounts a ON a.id = s.account_id"
                       " WHERE s.token_hash = $1 AND s.expires_at > $2 AND a.disabled = 0",
                       YW_ARGS(digest, now), &rows, err) < 0)
        return -1;
    if (!rows.nrows)
        return yw_fail(err, YW_E_SESSION_EXPIRED, NULL);
    static const yw_column actor_columns[] = {
        YW_COLUMN(YW_COL_TEXT, yw_actor, account_id), YW_COLUMN(YW_COL_TEXT, yw_actor, kind),
        YW_COLUMN(YW_COL_TEXT, yw_actor, login),      YW_COLUMN(YW_COL_TEXT, yw_actor, name),
        YW_COLUMN(YW_COL_TEXT, yw_actor, department_id),
    };
    yw_rows_fill(&rows, 0, actor_columns, 5, out);
    out->roles = 0;
    yw_roles_parse(yw_rows_get(&rows, 0, 5), &out->roles, NULL, NULL);
    return 0;
}

int yw_session_logout(yw_op *op, const char *token) {
    if (!token || !*token) return 0;
    char digest[65];
    token_digest(token, digest);
    return yw_store_exec(op->store, "DELETE FROM sessions WHERE token_hash = $1", YW_ARGS(digest), NULL, op->err);
}
