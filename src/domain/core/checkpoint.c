/* Signed checkpoints of the audit chain's head (audit.h): signing one, writing and parsing its
 * line of JSON, and checking one against the store. The chain alone cannot tell a cut tail
 * from a chain that ended there; a checkpoint kept elsewhere can, because it names an entry
 * (and its hash) that the store must still hold. */
#include <inttypes.h>
#include <jansson.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/time.h"
#include "audit.h"

#define MESSAGE_PREFIX "yiwang-audit-checkpoint-v1\n"

size_t yw_checkpoint_message(const yw_checkpoint *cp, char out[YW_CHECKPOINT_MESSAGE_MAX]) {
    int n = snprintf(out, YW_CHECKPOINT_MESSAGE_MAX, MESSAGE_PREFIX "seq:%" PRId64 "\nhead:%s\nat:%s\nkey_id:%s\n",
                     cp->seq, cp->head, cp->at, cp->key_id);
    /* every field has a bounded size, so this cannot be cut short */
    return n < 0 ? 0 : (size_t)n < YW_CHECKPOINT_MESSAGE_MAX ? (size_t)n : YW_CHECKPOINT_MESSAGE_MAX - 1;
}

void yw_checkpoint_write(yw_jw *w, const yw_checkpoint *cp) {
    char pub[YW_SIGNING_PUBLIC_B64_SIZE], sig[YW_SIGNING_SIGNATURE_B64_SIZE];
    yw_base64_encode(cp->public_key, sizeof cp->public_key, pub, sizeof pub);
    yw_base64_encode(cp->signature, sizeof cp->signature, sig, sizeof sig);
    yw_jw_obj(w);
    yw_jw_kint(w, "seq", cp->seq);
    yw_jw_kstr(w, "head", cp->head);
    yw_jw_kstr(w, "at", cp->at);
    yw_jw_kstr(w, "key_id", cp->key_id);
    yw_jw_kstr(w, "public_key", pub);
    yw_jw_kstr(w, "signature", sig);
    yw_jw_end(w);
}

/* ---- parsing a line from outside ---- */

static bool lower_hex(const char *s, size_t n, size_t want) {
    if (n != want) return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
    return true;
}

static int digits(const char *s, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) v = v * 10 + (s[i] - '0');
    return v;
}

/* exactly "YYYY-MM-DDTHH:MM:SS.mmmZ", a real date and time of day */
static bool valid_timestamp(const char *s, size_t n) {
    static const char form[] = "dddd-dd-ddTdd:dd:dd.dddZ";
    if (n != sizeof form - 1) return false;
    for (size_t i = 0; i < n; i++)
        if (form[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != form[i]) return false;
    return yw_date_valid(digits(s, 4), digits(s + 5, 2), digits(s + 8, 2)) && digits(s + 11, 2) < 24 &&
           digits(s + 14, 2) < 60 && digits(s + 17, 2) < 60;
}

static const char *const members[] = {"seq", "head", "at", "key_id", "public_key", "signature"};
enum { M_SEQ, M_HEAD, M_AT, M_KEY_ID, M_PUBLIC_KEY, M_SIGNATURE, M_COUNT };

static int parse_member(int m, json_t *v, yw_checkpoint *out, yw_err *err) {
    const char *name = members[m];
    if (m == M_SEQ) {
        if (!json_is_integer(v) || json_integer_value(v) < 0)
            return yw_fail(err, YW_E_FIELD_FORMAT, name, name, "非负整数", "a whole number from 0");
        out->seq = (int64_t)json_integer_value(v);
        return 0;
    }
    if (!json_is_string(v)) return yw_fail(err, YW_E_FIELD_TYPE, name, name, "字符串", "a string");
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    switch (m) {
    case M_HEAD:
        if (!lower_hex(s, n, YW_AUDIT_HASH_SIZE - 1))
            return yw_fail(err, YW_E_FIELD_FORMAT, name, name, "64位小写十六进制数字", "64 lowercase hex digits");
        memcpy(out->head, s, n + 1);
        return 0;
    case M_AT:
        if (!valid_timestamp(s, n))
            return yw_fail(err, YW_E_FIELD_FORMAT, name, name, "UTC时间，格式为YYYY-MM-DDTHH:MM:SS.mmmZ",
                           "a UTC time as YYYY-MM-DDTHH:MM:SS.mmmZ");
        memcpy(out->at, s, n + 1);
        return 0;
    case M_KEY_ID:
        if (!lower_hex(s, n, YW_SIGNING_KEY_ID_SIZE - 1))
            return yw_fail(err, YW_E_FIELD_FORMAT, name, name, "16位小写十六进制数字", "16 lowercase hex digits");
        memcpy(out->key_id, s, n + 1);
        return 0;
    case M_PUBLIC_KEY:
        if (yw_base64_decode_exact(s, n, out->public_key, sizeof out->public_key) < 0)
            return yw_fail(err, YW_E_FIELD_FORMAT, name, name, "标准Base64编码的32字节", "32 bytes in standard base64");
        return 0;
    default:
        if (yw_base64_decode_exact(s, n, out->signature, sizeof out->signature) < 0)
            return yw_fail(err, YW_E_FIELD_FORMAT, name, name, "标准Base64编码的64字节", "64 bytes in standard base64");
        return 0;
    }
}

int yw_checkpoint_parse(const char *text, size_t len, yw_checkpoint *out, yw_err *err) {
    memset(out, 0, sizeof *out);
    if (len > YW_CHECKPOINT_LINE_MAX)
        return yw_fail(err, YW_E_CHECKPOINT_TOO_LONG, NULL, YW_CHECKPOINT_LINE_MAX);
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) return yw_fail(err, YW_E_CHECKPOINT_NOT_JSON, NULL, je.text, je.column);
    int rc = 0;
    bool seen[M_COUNT] = {false};
    if (!json_is_object(root)) {
        rc = yw_fail(err, YW_E_CHECKPOINT_NOT_OBJECT, NULL);
        goto done;
    }
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v) {
        int m = 0;
        while (m < M_COUNT && strcmp(key, members[m]) != 0) m++;
        if (m == M_COUNT) {
            char shown[41];
            snprintf(shown, sizeof shown, "%.40s", key);
            rc = yw_fail(err, YW_E_FIELD_UNKNOWN, key, shown);
            goto done;
        }
        seen[m] = true;
        if ((rc = parse_member(m, v, out, err)) < 0) goto done;
    }
    for (int m = 0; m < M_COUNT; m++)
        if (!seen[m]) {
            rc = yw_fail(err, YW_E_FIELD_REQUIRED, members[m], members[m]);
            goto done;
        }
done:
    json_decref(root);
    if (rc < 0) memset(out, 0, sizeof *out);
    return rc;
}

/* ---- signing and checking against the store ---- */

int yw_audit_checkpoint(yw_op *op, const yw_signing_key *key, yw_checkpoint *out) {
    if (yw_op_require(op, YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN, "sign a checkpoint of the audit log") < 0) return -1;
    memset(out, 0, sizeof *out);
    yw_signing_key_entry reg;
    if (yw_signing_key_find(op, key->key_id, &reg) < 0) return -1;
    if (!reg.found || sodium_memcmp(reg.public_key, key->public_key, sizeof reg.public_key) != 0)
        return yw_fail(op->err, YW_E_SIGNING_KEY_NOT_REGISTERED, "key_id", key->key_id);
    yw_arena a;
    yw_arena_init(&a);
    yw_rows head;
    if (yw_store_query(op->store, &a, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", YW_NOARGS, &head,
                       op->err) < 0) {
        yw_arena_reset(&a);
        return -1;
    }
    int rc = 0;
    if (head.nrows) {
        const char *hash = yw_rows_get(&head, 0, 1);
        out->seq = strtoll(yw_rows_get(&head, 0, 0), NULL, 10);
        if (!hash || !lower_hex(hash, strlen(hash), YW_AUDIT_HASH_SIZE - 1))
            rc = yw_err_set(op->err, YW_ERR_STORE, NULL, "the last audit entry (%" PRId64 ") has no proper hash",
                            out->seq);
        else
            memcpy(out->head, hash, YW_AUDIT_HASH_SIZE);
    } else {
        out->seq = 0;
        memcpy(out->head, YW_AUDIT_GENESIS, YW_AUDIT_HASH_SIZE);
    }
    yw_arena_reset(&a);
    if (rc < 0) return -1;
    yw_op_timestamp(op, out->at);
    memcpy(out->key_id, key->key_id, sizeof out->key_id);
    memcpy(out->public_key, key->public_key, sizeof out->public_key);
    char msg[YW_CHECKPOINT_MESSAGE_MAX];
    size_t n = yw_checkpoint_message(out, msg);
    yw_signing_sign(key, msg, n, out->signature);
    return 0;
}

static int result(yw_checkpoint_result *out, yw_checkpoint_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int result(yw_checkpoint_result *out, yw_checkpoint_status status, const char *fmt, ...) {
    out->status = status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->reason, sizeof out->reason, fmt, ap);
    va_end(ap);
    return 0;
}

int yw_audit_verify_checkpoint(yw_op *op, const yw_checkpoint_check *in, yw_checkpoint_result *out) {
    if (yw_op_require(op, YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN, "verify the audit log") < 0) return -1;
    memset(out, 0, sizeof *out);
    const yw_checkpoint *cp = in->checkpoint;
    char id[YW_SIGNING_KEY_ID_SIZE];
    yw_signing_key_id(cp->public_key, id);
    if (strcmp(id, cp->key_id) != 0)
        return result(out, YW_CHECKPOINT_BAD_SIGNATURE, "its key_id %.16s is not the id of its public key (%s)",
                      cp->key_id, id);
    if (in->trusted_key) {
        if (sodium_memcmp(in->trusted_key, cp->public_key, YW_SIGNING_PUBLIC_KEY_BYTES) != 0)
            return result(out, YW_CHECKPOINT_UNKNOWN_KEY, "it is signed by key %s, not by the key given to trust",
                          cp->key_id);
    } else {
        yw_signing_key_entry reg;
        if (yw_signing_key_find(op, cp->key_id, &reg) < 0) return -1;
        if (!reg.found || sodium_memcmp(reg.public_key, cp->public_key, sizeof reg.public_key) != 0)
            return result(out, YW_CHECKPOINT_UNKNOWN_KEY,
                          "it is signed by key %s, which is not a signing key registered in this store", cp->key_id);
    }
    char msg[YW_CHECKPOINT_MESSAGE_MAX];
    size_t n = yw_checkpoint_message(cp, msg);
    if (!yw_signing_verify(cp->public_key, msg, n, cp->signature))
        return result(out, YW_CHECKPOINT_BAD_SIGNATURE,
                      "its signature does not hold: the checkpoint was changed after it was signed, or never "
                      "signed by key %s",
                      cp->key_id);
    if (cp->seq == 0)
        return strcmp(cp->head, YW_AUDIT_GENESIS) == 0
                   ? result(out, YW_CHECKPOINT_REACHED, "the chain was empty when signed")
                   : result(out, YW_CHECKPOINT_MISMATCH, "an empty chain's checkpoint must name the genesis hash");
    yw_arena a;
    yw_arena_init(&a);
    yw_rows rows;
    int rc = yw_store_run(op->store, &a, "SELECT hash FROM audit_log WHERE seq = $1", YW_PARAMS(YW_INT_P(cp->seq)),
                          &rows, NULL, op->err);
    if (rc == 0 && rows.nrows == 0) {
        yw_rows last;
        rc = yw_store_query(op->store, &a, "SELECT MAX(seq) FROM audit_log", YW_NOARGS, &last, op->err);
        const char *end = rc == 0 ? yw_rows_get(&last, 0, 0) : NULL;
        if (rc == 0)
            result(out, YW_CHECKPOINT_MISSING,
                   "entry %" PRId64 " is missing: the chain no longer reaches this checkpoint (%s%s%s)", cp->seq,
                   end ? "it now ends at entry " : "the log is empty", end ? end : "", end ? ": its tail was cut" : "");
    } else if (rc == 0) {
        const char *hash = yw_rows_get(&rows, 0, 0);
        if (!hash || strcmp(hash, cp->head) != 0)
            result(out, YW_CHECKPOINT_MISMATCH,
                   "entry %" PRId64 " has another hash than the checkpoint signed: the chain was rewritten", cp->seq);
        else
            result(out, YW_CHECKPOINT_REACHED, "entry %" PRId64 " has the signed hash", cp->seq);
    }
    yw_arena_reset(&a);
    return rc;
}
