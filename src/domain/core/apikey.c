/* API keys: making, listing and revoking them, and each use checked and counted. */
#include "apikey.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/buf.h"
#include "../../base/json_writer.h"
#include "audit.h"

const char *const yw_apikey_scopes[] = {"open311", NULL};

#define SECRET_PREFIX "ywk_"

/* hex SHA-256 of the secret: what the store keeps */
static void secret_digest(const char *secret, char out[65]) {
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)secret, strlen(secret));
    sodium_bin2hex(out, 65, h, sizeof h);
}

static bool known_scope(const char *s) {
    for (const char *const *k = yw_apikey_scopes; *k; k++)
        if (strcmp(*k, s) == 0) return true;
    return false;
}

static int compare_strings(const void *x, const void *y) {
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The scopes checked, sorted, without repeats, joined by spaces (arena text). */
static int join_scopes(yw_op *op, const char *const *scopes, const char **out) {
    size_t n = 0;
    for (const char *const *s = scopes; s && *s; s++) n++;
    if (n > YW_APIKEY_SCOPES_MAX)
        return yw_fail(op->err, YW_E_FIELD_TOO_MANY, "scopes", "scopes", (long long)YW_APIKEY_SCOPES_MAX);
    const char **sorted = yw_arena_calloc(op->arena, n + 1, sizeof(char *));
    if (!sorted) return yw_fail(op->err, YW_E_NOMEM, NULL);
    char known[160] = "";
    for (const char *const *k = yw_apikey_scopes; *k; k++) {
        if (k != yw_apikey_scopes) strncat(known, ", ", sizeof known - strlen(known) - 1);
        strncat(known, *k, sizeof known - strlen(known) - 1);
    }
    for (size_t i = 0; i < n; i++) {
        if (!known_scope(scopes[i])) return yw_fail(op->err, YW_E_APIKEY_SCOPE_UNKNOWN, "scopes", scopes[i], known);
        sorted[i] = scopes[i];
    }
    qsort(sorted, n, sizeof(char *), compare_strings);
    yw_buf b;
    yw_buf_init(&b, op->arena);
    yw_buf_reserve(&b, 1);
    for (size_t i = 0; i < n; i++) {
        if (i && strcmp(sorted[i], sorted[i - 1]) == 0) continue;
        if (b.len) yw_buf_putc(&b, ' ');
        yw_buf_puts(&b, sorted[i]);
    }
    if (b.failed) return yw_fail(op->err, YW_E_NOMEM, NULL);
    *out = b.data;
    return 0;
}

/* Splits the stored scopes into a NULL-terminated arena array; NULL when out of memory. */
static const char **split_scopes(yw_arena *a, const char *joined) {
    size_t n = 1;
    for (const char *p = joined; *p; p++) n += *p == ' ';
    const char **out = yw_arena_calloc(a, n + 1, sizeof(char *));
    char *copy = yw_arena_strdup(a, joined);
    if (!out || !copy) return NULL;
    size_t k = 0;
    for (char *p = copy; *p;) {
        char *sp = strchr(p, ' ');
        out[k++] = p;
        if (!sp) break;
        *sp = '\0';
        p = sp + 1;
    }
    return out;
}

static bool has_scope(const char *joined, const char *scope) {
    size_t n = strlen(scope);
    for (const char *p = joined; *p;) {
        const char *sp = strchr(p, ' ');
        size_t len = sp ? (size_t)(sp - p) : strlen(p);
        if (len == n && memcmp(p, scope, n) == 0) return true;
        if (!sp) break;
        p = sp + 1;
    }
    return false;
}

#define KEY_COLUMNS "id, name, scopes, rate_per_minute, created_at, created_by, revoked_at, revoked_by"

static int fill(yw_op *op, const yw_rows *r, int i, yw_apikey *k) {
    static const yw_column columns[] = {
        YW_COLUMN(YW_COL_TEXT, yw_apikey, id),          YW_COLUMN(YW_COL_TEXT, yw_apikey, name),
        {YW_COL_SKIP, 0, NULL},                          YW_COLUMN(YW_COL_INT64, yw_apikey, rate_per_minute),
        YW_COLUMN(YW_COL_TEXT, yw_apikey, created_at),  YW_COLUMN(YW_COL_TEXT, yw_apikey, created_by),
        YW_COLUMN(YW_COL_TEXT, yw_apikey, revoked_at),  YW_COLUMN(YW_COL_TEXT, yw_apikey, revoked_by),
    };
    memset(k, 0, sizeof *k);
    yw_rows_fill(r, i, columns, (int)(sizeof columns / sizeof columns[0]), k);
    k->scopes = split_scopes(op->arena, yw_rows_get(r, i, 2));
    return k->scopes ? 0 : yw_fail(op->err, YW_E_NOMEM, NULL);
}

static int get(yw_op *op, const char *id, yw_apikey *out) {
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT " KEY_COLUMNS " FROM api_keys WHERE id = $1", YW_ARGS(id), &rows,
                       op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_APIKEY_NOT_FOUND, "id", id);
    return fill(op, &rows, 0, out);
}

/* The key as the audit log records it: never its secret. */
static const char *key_json(yw_op *op, const yw_apikey *k) {
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, op->arena);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "id", k->id);
    yw_jw_kstr(&w, "name", k->name);
    yw_jw_kstrs(&w, "scopes", k->scopes);
    yw_jw_kint(&w, "rate_per_minute", k->rate_per_minute);
    if (k->revoked_at) yw_jw_kstr(&w, "revoked_at", k->revoked_at);
    yw_jw_end(&w);
    return b.failed ? NULL : b.data;
}

int yw_apikey_create(yw_op *op, const yw_apikey_new *in, yw_apikey *out, char secret[YW_APIKEY_SECRET_SIZE]) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "make API keys") < 0) return -1;
    size_t n = in->name ? strlen(in->name) : 0;
    if (n < 1 || n > YW_APIKEY_NAME_MAX) return yw_fail(op->err, YW_E_FIELD_LENGTH, "name", "name", 1, YW_APIKEY_NAME_MAX);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)in->name[i] < 0x20 || in->name[i] == 0x7f)
            return yw_fail(op->err, YW_E_FIELD_CONTROL, "name", "name");
    if (in->rate_per_minute < YW_APIKEY_RATE_MIN || in->rate_per_minute > YW_APIKEY_RATE_MAX)
        return yw_fail(op->err, YW_E_FIELD_RANGE, "rate_per_minute", "rate_per_minute", (long long)YW_APIKEY_RATE_MIN,
                       (long long)YW_APIKEY_RATE_MAX);
    const char *scopes = NULL;
    if (join_scopes(op, in->scopes, &scopes) < 0) return -1;

    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    memcpy(secret, SECRET_PREFIX, sizeof SECRET_PREFIX - 1);
    sodium_bin2base64(secret + sizeof SECRET_PREFIX - 1, YW_APIKEY_SECRET_SIZE - (sizeof SECRET_PREFIX - 1), raw,
                      sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    char digest[65], id[YW_ID_SIZE], now[YW_TIMESTAMP_SIZE];
    secret_digest(secret, digest);
    yw_ulid_new(id);
    yw_op_timestamp(op, now);
    if (yw_store_run(op->store, op->arena,
                     "INSERT INTO api_keys (id, name, secret_hash, scopes, rate_per_minute, created_at, created_by)"
                     " VALUES ($1, $2, $3, $4, $5, $6, $7)",
                     YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(in->name), YW_TEXT_P(digest), YW_TEXT_P(scopes),
                               YW_INT_P(in->rate_per_minute), YW_TEXT_P(now), YW_TEXT_P(op->actor->account_id)),
                     NULL, NULL, op->err) < 0)
        return -1;
    yw_apikey k;
    if (get(op, id, &k) < 0) return -1;
    const char *after = key_json(op, &k);
    if (!after) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (yw_audit_append(op, "apikey.create", "api_key", id, NULL, after) < 0) return -1;
    if (out) *out = k;
    return 0;
}

int yw_apikey_list(yw_op *op, yw_apikey **out, int *count) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "list API keys") < 0) return -1;
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT " KEY_COLUMNS " FROM api_keys ORDER BY id DESC", YW_NOARGS,
                       &rows, op->err) < 0)
        return -1;
    yw_apikey *keys = yw_arena_calloc(op->arena, (size_t)rows.nrows + 1, sizeof *keys);
    if (!keys) return yw_fail(op->err, YW_E_NOMEM, NULL);
    for (int i = 0; i < rows.nrows; i++)
        if (fill(op, &rows, i, &keys[i]) < 0) return -1;
    *out = keys;
    *count = rows.nrows;
    return 0;
}

int yw_apikey_revoke(yw_op *op, const char *id, yw_apikey *out) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "revoke API keys") < 0) return -1;
    yw_apikey before;
    if (get(op, id, &before) < 0) return -1;
    if (before.revoked_at) return yw_fail(op->err, YW_E_APIKEY_REVOKED_ALREADY, "id", before.revoked_at);
    char now[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    int64_t changed = 0;
    /* only from the state read: of two administrators revoking at once, one succeeds */
    if (yw_store_exec(op->store,
                      "UPDATE api_keys SET revoked_at = $2, revoked_by = $3 WHERE id = $1 AND revoked_at IS NULL",
                      YW_ARGS(id, now, op->actor->account_id), &changed, op->err) < 0)
        return -1;
    yw_apikey after;
    if (get(op, id, &after) < 0) return -1;
    if (!changed) return yw_fail(op->err, YW_E_APIKEY_REVOKED_ALREADY, "id", after.revoked_at ? after.revoked_at : now);
    const char *bj = key_json(op, &before), *aj = key_json(op, &after);
    if (!bj || !aj) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (yw_audit_append(op, "apikey.revoke", "api_key", id, bj, aj) < 0) return -1;
    if (out) *out = after;
    return 0;
}

int yw_apikey_use(yw_op *op, const char *secret, const char *scope, yw_actor *actor, int64_t *retry_after) {
    *retry_after = 0;
    size_t n = secret ? strlen(secret) : 0;
    if (n != YW_APIKEY_SECRET_SIZE - 1 || strncmp(secret, SECRET_PREFIX, sizeof SECRET_PREFIX - 1) != 0)
        return yw_fail(op->err, YW_E_APIKEY_UNKNOWN, NULL);
    char digest[65];
    secret_digest(secret, digest);
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "SELECT id, name, scopes, rate_per_minute, revoked_at FROM api_keys WHERE secret_hash = $1",
                       YW_ARGS(digest), &rows, op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_APIKEY_UNKNOWN, NULL);
    const char *id = yw_rows_get(&rows, 0, 0), *revoked_at = yw_rows_get(&rows, 0, 4);
    if (revoked_at) return yw_fail(op->err, YW_E_APIKEY_REVOKED, NULL, revoked_at);
    if (scope && !has_scope(yw_rows_get(&rows, 0, 2), scope)) return yw_fail(op->err, YW_E_APIKEY_SCOPE, NULL, scope);
    int64_t rate = strtoll(yw_rows_get(&rows, 0, 3), NULL, 10);
    int64_t minute = op->now_ms / 60000;
    /* one statement counts and reads the count: on PostgreSQL the row is locked for the rest of
     * the transaction, so that two servers counting at once count twice */
    yw_rows counted;
    if (yw_store_run(op->store, op->arena,
                     "INSERT INTO api_key_uses (key_id, minute, count) VALUES ($1, $2, 1)"
                     " ON CONFLICT (key_id, minute) DO UPDATE SET count = api_key_uses.count + 1 RETURNING count",
                     YW_PARAMS(YW_TEXT_P(id), YW_INT_P(minute)), &counted, NULL, op->err) < 0)
        return -1;
    int64_t count = counted.nrows ? strtoll(yw_rows_get(&counted, 0, 0), NULL, 10) : 1;
    if (count > rate) {
        *retry_after = 60 - (op->now_ms / 1000) % 60;
        return yw_fail(op->err, YW_E_APIKEY_RATE, NULL, (long long)rate, (long long)*retry_after);
    }
    /* the first request of a minute clears the key's earlier minutes */
    if (count == 1 && yw_store_run(op->store, op->arena, "DELETE FROM api_key_uses WHERE key_id = $1 AND minute < $2",
                                   YW_PARAMS(YW_TEXT_P(id), YW_INT_P(minute)), NULL, NULL, op->err) < 0)
        return -1;
    actor->account_id = id;
    actor->kind = "apikey";
    actor->login = actor->name = yw_rows_get(&rows, 0, 1);
    actor->department_id = NULL;
    actor->roles = 0;
    return 0;
}
