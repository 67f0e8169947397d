/* Signed checkpoints of the audit chain: on both backends, a checkpoint is reached while the
 * chain only grows, and a cut tail, an emptied log, a rewritten chain, a forged signature and
 * another key are each found; the exact signed bytes; the checkpoint line's parser; the key
 * file (mode, never overwritten, the forms it takes). */
#include "domain/core/demo.h"
#include "testutil.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "domain/core/audit.h"
#include "domain/core/signing.h"

/* A key from a fixed seed, every byte `fill`. */
static void fixed_key(yw_signing_key *k, unsigned char fill) {
    unsigned char seed[YW_SIGNING_SEED_BYTES];
    memset(seed, fill, sizeof seed);
    yw_err err;
    if (yw_signing_key_from_seed(seed, k, &err) < 0) fail_msg("%s", err.message);
}

static void register_key(yw_store *s, const yw_signing_key *k, bool *added) {
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    if (TEST_WRITE(s, yw_signing_key_register(&op, k, added)) < 0) fail_msg("register: %s", err.message);
    yw_arena_reset(&a);
}

static void sign_head(yw_store *s, const yw_signing_key *k, yw_checkpoint *cp) {
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    if (yw_audit_checkpoint(&op, k, cp) < 0) fail_msg("checkpoint: %s", err.message);
    yw_arena_reset(&a);
}

static yw_checkpoint_status check(yw_store *s, const yw_checkpoint *cp, const unsigned char *trusted,
                                  yw_checkpoint_result *r) {
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    yw_checkpoint_check in = {cp, trusted};
    if (yw_audit_verify_checkpoint(&op, &in, r) < 0) fail_msg("verify checkpoint: %s", err.message);
    yw_arena_reset(&a);
    return r->status;
}

/* the first broken entry of the chain, 0 when whole */
static int64_t chain_broken_at(yw_store *s) {
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    yw_audit_report r;
    if (yw_audit_verify(&op, &r, NULL, NULL) < 0) fail_msg("verify: %s", err.message);
    yw_arena_reset(&a);
    return r.broken_seq;
}

static void append(yw_store *s, int n, const char *tag) {
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    for (int i = 0; i < n; i++) {
        char id[32];
        snprintf(id, sizeof id, "%s-%d", tag, i);
        if (TEST_WRITE(s, yw_audit_append(&op, "test.write", "test", id, NULL, "{}")) < 0) fail_msg("%s", err.message);
    }
    yw_arena_reset(&a);
}

static void exec(yw_store *s, const char *sql) {
    yw_err err;
    if (yw_store_exec(s, sql, YW_NOARGS, NULL, &err) < 0) fail_msg("%s: %s", sql, err.message);
}

static void checkpoint_reached_while_the_chain_grows(void **state) {
    yw_store *s = *state;
    yw_signing_key k;
    fixed_key(&k, 7);
    bool added = false;
    register_key(s, &k, &added);
    assert_true(added);
    /* registering is audited once; again changes nothing */
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'signing_key.register'"), 1);
    register_key(s, &k, &added);
    assert_false(added);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'signing_key.register'"), 1);
    int64_t n = test_count(s, "SELECT COUNT(*) FROM audit_log");
    yw_checkpoint cp;
    sign_head(s, &k, &cp);
    assert_int_equal(cp.seq, n);
    assert_string_equal(cp.key_id, k.key_id);
    {
        yw_arena a;
        yw_arena_init(&a);
        yw_rows rows;
        yw_err err;
        assert_int_equal(yw_store_query(s, &a, "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1", YW_NOARGS,
                                        &rows, &err),
                         0);
        assert_string_equal(cp.head, yw_rows_get(&rows, 0, 0));
        yw_arena_reset(&a);
    }
    yw_checkpoint_result r;
    assert_int_equal(check(s, &cp, NULL, &r), YW_CHECKPOINT_REACHED);
    append(s, 5, "later");
    assert_int_equal(check(s, &cp, NULL, &r), YW_CHECKPOINT_REACHED);
    assert_int_equal(chain_broken_at(s), 0);
    /* through its line of JSON and back */
    yw_arena a;
    yw_arena_init(&a);
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, &a);
    yw_checkpoint_write(&w, &cp);
    yw_checkpoint back;
    yw_err err;
    assert_int_equal(yw_checkpoint_parse(b.data, b.len, &back, &err), 0);
    assert_memory_equal(&back, &cp, sizeof cp);
    assert_int_equal(check(s, &back, NULL, &r), YW_CHECKPOINT_REACHED);
    /* trusting the key by its public half instead of the store */
    assert_int_equal(check(s, &back, k.public_key, &r), YW_CHECKPOINT_REACHED);
    yw_arena_reset(&a);
}

static void cut_tail_is_found(void **state) {
    yw_store *s = *state;
    yw_signing_key k;
    fixed_key(&k, 7);
    register_key(s, &k, NULL);
    yw_checkpoint cp;
    sign_head(s, &k, &cp);
    append(s, 5, "after");
    /* entries after the checkpoint are not covered by it: cutting them is for a later one */
    char sql[128];
    snprintf(sql, sizeof sql, "DELETE FROM audit_log WHERE seq > %lld", (long long)cp.seq + 2);
    exec(s, sql);
    yw_checkpoint_result r;
    assert_int_equal(check(s, &cp, NULL, &r), YW_CHECKPOINT_REACHED);
    /* the checkpointed entry and two before it: the chain is whole, the checkpoint not reached */
    snprintf(sql, sizeof sql, "DELETE FROM audit_log WHERE seq > %lld", (long long)cp.seq - 3);
    exec(s, sql);
    assert_int_equal(chain_broken_at(s), 0);
    assert_int_equal(check(s, &cp, NULL, &r), YW_CHECKPOINT_MISSING);
    char want[64];
    snprintf(want, sizeof want, "entry %lld is missing", (long long)cp.seq);
    assert_non_null(strstr(r.reason, want));
    snprintf(want, sizeof want, "ends at entry %lld", (long long)cp.seq - 3);
    assert_non_null(strstr(r.reason, want));
    /* growing the chain again does not bring the checkpoint back */
    append(s, 10, "regrown");
    assert_int_equal(chain_broken_at(s), 0);
    assert_int_equal(check(s, &cp, NULL, &r), YW_CHECKPOINT_MISMATCH);
}

static void emptied_log_is_found(void **state) {
    yw_store *s = *state;
    yw_signing_key k;
    fixed_key(&k, 7);
    register_key(s, &k, NULL);
    yw_checkpoint cp;
    sign_head(s, &k, &cp);
    exec(s, "DELETE FROM audit_log");
    assert_int_equal(chain_broken_at(s), 0); /* an empty chain is whole */
    yw_checkpoint_result r;
    assert_int_equal(check(s, &cp, NULL, &r), YW_CHECKPOINT_MISSING);
    assert_non_null(strstr(r.reason, "empty"));
    /* a checkpoint of the empty chain: seq 0, the genesis hash, reached whatever comes after */
    yw_checkpoint empty;
    sign_head(s, &k, &empty);
    assert_int_equal(empty.seq, 0);
    assert_string_equal(empty.head, YW_AUDIT_GENESIS);
    assert_int_equal(check(s, &empty, NULL, &r), YW_CHECKPOINT_REACHED);
    append(s, 2, "new");
    assert_int_equal(check(s, &empty, NULL, &r), YW_CHECKPOINT_REACHED);
    /* seq 0 with another head, however well signed, is not the empty chain */
    yw_checkpoint odd = empty;
    memcpy(odd.head, cp.head, sizeof odd.head);
    char msg[YW_CHECKPOINT_MESSAGE_MAX];
    yw_signing_sign(&k, msg, yw_checkpoint_message(&odd, msg), odd.signature);
    assert_int_equal(check(s, &odd, NULL, &r), YW_CHECKPOINT_MISMATCH);
}

static void rewritten_chain_is_found(void **state) {
    yw_store *s = *state;
    yw_signing_key k;
    fixed_key(&k, 7);
    register_key(s, &k, NULL);
    yw_checkpoint cp;
    sign_head(s, &k, &cp);
    yw_checkpoint_result r;
    /* the tail rewritten and re-chained from entry seq-3 on: the chain is whole again, but the
     * checkpointed entry has another hash */
    char sql[128];
    snprintf(sql, sizeof sql, "DELETE FROM audit_log WHERE seq >= %lld", (long long)cp.seq - 3);
    exec(s, sql);
    append(s, 4, "forged");
    assert_int_equal(test_count(s, "SELECT MAX(seq) FROM audit_log"), cp.seq);
    assert_int_equal(chain_broken_at(s), 0);
    assert_int_equal(check(s, &cp, NULL, &r), YW_CHECKPOINT_MISMATCH);
    char want[64];
    snprintf(want, sizeof want, "entry %lld has another hash", (long long)cp.seq);
    assert_non_null(strstr(r.reason, want));
    /* an entry before the checkpoint changed in place: the chain check names it (the checkpoint
     * speaks only of its own entry, which is why verify runs both) */
    exec(s, "UPDATE audit_log SET actor = 'someone-else' WHERE seq = 5");
    assert_int_equal(chain_broken_at(s), 5);
}

static void forged_signature_and_other_keys_are_found(void **state) {
    yw_store *s = *state;
    yw_signing_key k, other;
    fixed_key(&k, 7);
    fixed_key(&other, 8);
    register_key(s, &k, NULL);
    yw_checkpoint cp;
    sign_head(s, &k, &cp);
    yw_checkpoint_result r;
    yw_checkpoint f = cp;
    f.signature[10] ^= 1;
    assert_int_equal(check(s, &f, NULL, &r), YW_CHECKPOINT_BAD_SIGNATURE);
    /* any signed field changed */
    f = cp;
    f.seq--;
    assert_int_equal(check(s, &f, NULL, &r), YW_CHECKPOINT_BAD_SIGNATURE);
    f = cp;
    f.head[0] = f.head[0] == 'a' ? 'b' : 'a';
    assert_int_equal(check(s, &f, NULL, &r), YW_CHECKPOINT_BAD_SIGNATURE);
    f = cp;
    f.at[3] = f.at[3] == '9' ? '8' : '9';
    assert_int_equal(check(s, &f, NULL, &r), YW_CHECKPOINT_BAD_SIGNATURE);
    /* signed by another key that is not registered */
    char msg[YW_CHECKPOINT_MESSAGE_MAX];
    f = cp;
    memcpy(f.public_key, other.public_key, sizeof f.public_key);
    memcpy(f.key_id, other.key_id, sizeof f.key_id);
    yw_signing_sign(&other, msg, yw_checkpoint_message(&f, msg), f.signature);
    assert_int_equal(check(s, &f, NULL, &r), YW_CHECKPOINT_UNKNOWN_KEY);
    assert_non_null(strstr(r.reason, other.key_id));
    /* ... nor when it claims the registered key */
    f = cp;
    yw_signing_sign(&other, msg, yw_checkpoint_message(&f, msg), f.signature);
    assert_int_equal(check(s, &f, NULL, &r), YW_CHECKPOINT_BAD_SIGNATURE);
    /* a key id that is not its public key's */
    f = cp;
    memcpy(f.key_id, other.key_id, sizeof f.key_id);
    assert_int_equal(check(s, &f, NULL, &r), YW_CHECKPOINT_BAD_SIGNATURE);
    /* a pinned key other than the signer's */
    assert_int_equal(check(s, &cp, other.public_key, &r), YW_CHECKPOINT_UNKNOWN_KEY);
    /* the store's key swapped for another public key */
    char pub[YW_SIGNING_PUBLIC_B64_SIZE], sql[256];
    yw_base64_encode(other.public_key, sizeof other.public_key, pub, sizeof pub);
    snprintf(sql, sizeof sql, "UPDATE signing_keys SET public_key = '%s' WHERE key_id = '%s'", pub, k.key_id);
    exec(s, sql);
    assert_int_equal(check(s, &cp, NULL, &r), YW_CHECKPOINT_UNKNOWN_KEY);
    /* a second registered key (a rotation) is trusted as well */
    yw_signing_key third;
    fixed_key(&third, 10);
    register_key(s, &third, NULL);
    yw_checkpoint cp2;
    sign_head(s, &third, &cp2);
    assert_int_equal(check(s, &cp2, NULL, &r), YW_CHECKPOINT_REACHED);
}

static void checkpoints_need_a_registered_key_and_the_role(void **state) {
    yw_store *s = *state;
    yw_signing_key k;
    fixed_key(&k, 9);
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    yw_checkpoint cp;
    assert_int_equal(yw_audit_checkpoint(&op, &k, &cp), -1);
    assert_int_equal(err.code, YW_ERR_NOT_FOUND);
    assert_string_equal(err.field, "key_id");
    yw_actor clerk = {"c1", "staff", "clerk", "Clerk", NULL, YW_ROLE_CLERK};
    yw_actor supervisor = {"s1", "staff", "supervisor", "Supervisor", NULL, YW_ROLE_SUPERVISOR};
    assert_int_equal(TEST_WRITE(s, yw_signing_key_register(test_as(&op, &supervisor), &k, NULL)), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    assert_int_equal(TEST_WRITE(s, yw_signing_key_register(test_as(&op, NULL), &k, NULL)), -1);
    assert_int_equal(err.code, YW_ERR_UNAUTHENTICATED);
    register_key(s, &k, NULL);
    assert_int_equal(yw_audit_checkpoint(test_as(&op, &clerk), &k, &cp), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    assert_int_equal(yw_audit_checkpoint(test_as(&op, &supervisor), &k, &cp), 0);
    yw_checkpoint_result r;
    yw_checkpoint_check in = {&cp, NULL};
    assert_int_equal(yw_audit_verify_checkpoint(test_as(&op, &clerk), &in, &r), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    assert_int_equal(yw_audit_verify_checkpoint(test_as(&op, &supervisor), &in, &r), 0);
    assert_int_equal(r.status, YW_CHECKPOINT_REACHED);
    /* the at of the checkpoint is the op's time, not the wall clock's */
    op.now_ms = 1795000000123LL;
    assert_int_equal(yw_audit_checkpoint(&op, &k, &cp), 0);
    char want[YW_TIMESTAMP_SIZE];
    yw_timestamp_format(op.now_ms, want);
    assert_string_equal(cp.at, want);
    yw_arena_reset(&a);
}

/* ---- without a store ---- */

static void signed_bytes_are_as_documented(void **state) {
    (void)state;
    yw_signing_key k;
    fixed_key(&k, 7);
    yw_checkpoint cp = {.seq = 38};
    snprintf(cp.head, sizeof cp.head, "%s", "47c4a2ee6a3a7cf191a89e9377f83618e111081c0749d4ffa15353b32b084a30");
    snprintf(cp.at, sizeof cp.at, "%s", "2026-11-25T08:58:20.400Z");
    memcpy(cp.key_id, k.key_id, sizeof cp.key_id);
    memcpy(cp.public_key, k.public_key, sizeof cp.public_key);
    char msg[YW_CHECKPOINT_MESSAGE_MAX];
    size_t n = yw_checkpoint_message(&cp, msg);
    char want[256];
    snprintf(want, sizeof want,
             "yiwang-audit-checkpoint-v1\nseq:38\nhead:47c4a2ee6a3a7cf191a89e9377f83618e111081c0749d4ffa15353b32b084a30\n"
             "at:2026-11-25T08:58:20.400Z\nkey_id:%s\n",
             k.key_id);
    assert_int_equal(n, strlen(want));
    assert_memory_equal(msg, want, n);
    /* key id: the first 16 hex digits of the SHA-256 of the raw public key */
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, k.public_key, sizeof k.public_key);
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    assert_int_equal(strlen(k.key_id), 16);
    assert_memory_equal(k.key_id, hex, 16);
    /* a plain libsodium check of the signature over those bytes, as any verifier would do it */
    yw_signing_sign(&k, msg, n, cp.signature);
    assert_int_equal(crypto_sign_verify_detached(cp.signature, (const unsigned char *)want, strlen(want), k.public_key), 0);
    /* Ed25519 is deterministic: this seed and these bytes give this signature everywhere */
    unsigned char again[YW_SIGNING_SIGNATURE_BYTES];
    yw_signing_sign(&k, want, strlen(want), again);
    assert_memory_equal(again, cp.signature, sizeof again);
}

/* a checkpoint line with member `name` replaced by the raw JSON `value` (NULL: left out) */
static const char *line_with(char *buf, size_t size, const char *name, const char *value) {
    static const char *const names[] = {"seq", "head", "at", "key_id", "public_key", "signature"};
    static const char *const good[] = {
        "38", "\"47c4a2ee6a3a7cf191a89e9377f83618e111081c0749d4ffa15353b32b084a30\"",
        "\"2026-11-25T08:58:20.400Z\"", "\"9c4254cb6d636430\"", "\"XPJy/R3+1Z+GX4D9Dh3WfXm5uFo4DQqo2HpKTGSp0C0=\"",
        "\"1gmUHPTVqVnlNknIqljCEOPeWIdzfUGB165Klk29ifCpw5wlqc04iBPy8TTe1UTuVUelf9NSGsmu6Vge2uHBBw==\""};
    size_t len = 0;
    len += (size_t)snprintf(buf + len, size - len, "{");
    bool first = true;
    for (int i = 0; i < 6; i++) {
        const char *v = strcmp(names[i], name) == 0 ? value : good[i];
        if (!v) continue;
        len += (size_t)snprintf(buf + len, size - len, "%s\"%s\":%s", first ? "" : ",", names[i], v);
        first = false;
    }
    snprintf(buf + len, size - len, "}");
    return buf;
}

static void refuse(const char *line, yw_err_code code, const char *field) {
    yw_checkpoint cp;
    yw_err err;
    if (yw_checkpoint_parse(line, strlen(line), &cp, &err) == 0) fail_msg("accepted: %s", line);
    if (err.code != code) fail_msg("%s: code %d, want %d (%s)", line, err.code, code, err.message);
    if (field && strcmp(err.field, field) != 0) fail_msg("%s: field %s, want %s", line, err.field, field);
}

static void checkpoint_lines_are_parsed_strictly(void **state) {
    (void)state;
    char buf[1024], ok[1024];
    yw_checkpoint cp;
    yw_err err;
    snprintf(ok, sizeof ok, "%s", line_with(buf, sizeof buf, "", NULL));
    assert_int_equal(yw_checkpoint_parse(ok, strlen(ok), &cp, &err), 0);
    assert_int_equal(cp.seq, 38);
    assert_string_equal(cp.key_id, "9c4254cb6d636430");
    assert_string_equal(cp.at, "2026-11-25T08:58:20.400Z");
    /* written back, it is the same line */
    yw_arena a;
    yw_arena_init(&a);
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, &a);
    yw_checkpoint_write(&w, &cp);
    assert_string_equal(b.data, ok);
    yw_arena_reset(&a);
    /* whitespace between tokens is JSON's business */
    const char *spaced = "  { \"seq\" : 0 , \"head\":\"0000000000000000000000000000000000000000000000000000000000000000\","
                         "\"at\":\"2000-02-29T23:59:59.999Z\",\"key_id\":\"0123456789abcdef\","
                         "\"public_key\":\"XPJy/R3+1Z+GX4D9Dh3WfXm5uFo4DQqo2HpKTGSp0C0=\",\"signature\":"
                         "\"1gmUHPTVqVnlNknIqljCEOPeWIdzfUGB165Klk29ifCpw5wlqc04iBPy8TTe1UTuVUelf9NSGsmu6Vge2uHBBw==\"} ";
    assert_int_equal(yw_checkpoint_parse(spaced, strlen(spaced), &cp, &err), 0);
    refuse("", YW_ERR_BAD_REQUEST, NULL);
    refuse("not json", YW_ERR_BAD_REQUEST, NULL);
    refuse("[1,2]", YW_ERR_BAD_REQUEST, NULL);
    char trailing[2100];
    snprintf(trailing, sizeof trailing, "%s x", ok);
    refuse(trailing, YW_ERR_BAD_REQUEST, NULL);
    snprintf(trailing, sizeof trailing, "%s%s", ok, ok);
    refuse(trailing, YW_ERR_BAD_REQUEST, NULL);
    refuse(line_with(buf, sizeof buf, "signature", NULL), YW_ERR_INVALID, "signature");
    assert_int_equal(yw_checkpoint_parse(buf, strlen(buf), &cp, &err), -1);
    assert_string_equal(err.reason, "field_required");
    assert_string_equal(err.message_en, "signature is required");
    refuse(line_with(buf, sizeof buf, "seq", NULL), YW_ERR_INVALID, "seq");
    /* an unknown member, and a duplicate */
    snprintf(trailing, sizeof trailing, "{\"note\":\"x\",%s", ok + 1);
    refuse(trailing, YW_ERR_INVALID, "note");
    assert_int_equal(yw_checkpoint_parse(trailing, strlen(trailing), &cp, &err), -1);
    assert_string_equal(err.reason, "field_unknown");
    assert_string_equal(err.message, "未知字段 note");
    snprintf(trailing, sizeof trailing, "{\"seq\":37,%s", ok + 1);
    refuse(trailing, YW_ERR_BAD_REQUEST, NULL);
    refuse(line_with(buf, sizeof buf, "seq", "-1"), YW_ERR_INVALID, "seq");
    refuse(line_with(buf, sizeof buf, "seq", "1.5"), YW_ERR_INVALID, "seq");
    refuse(line_with(buf, sizeof buf, "seq", "\"38\""), YW_ERR_INVALID, "seq");
    refuse(line_with(buf, sizeof buf, "seq", "99999999999999999999999"), YW_ERR_BAD_REQUEST, NULL);
    refuse(line_with(buf, sizeof buf, "head", "\"47C4A2EE6A3A7CF191A89E9377F83618E111081C0749D4FFA15353B32B084A30\""),
           YW_ERR_INVALID, "head");
    refuse(line_with(buf, sizeof buf, "head", "\"47c4a2ee\""), YW_ERR_INVALID, "head");
    assert_int_equal(yw_checkpoint_parse(buf, strlen(buf), &cp, &err), -1);
    assert_string_equal(err.reason, "field_format");
    assert_string_equal(err.message, "head 应为64位小写十六进制数字");
    assert_string_equal(err.message_en, "head must be 64 lowercase hex digits");
    refuse(line_with(buf, sizeof buf, "head", "\"47c4a2ee6a3a7cf191a89e9377f83618e111081c0749d4ffa15353b32b084a3\\u0000\""),
           YW_ERR_BAD_REQUEST, NULL);
    refuse(line_with(buf, sizeof buf, "head", "null"), YW_ERR_INVALID, "head");
    refuse(line_with(buf, sizeof buf, "at", "\"2026-02-30T08:58:20.400Z\""), YW_ERR_INVALID, "at");
    refuse(line_with(buf, sizeof buf, "at", "\"2026-11-25T24:00:00.000Z\""), YW_ERR_INVALID, "at");
    refuse(line_with(buf, sizeof buf, "at", "\"2026-11-25T08:58:20Z\""), YW_ERR_INVALID, "at");
    refuse(line_with(buf, sizeof buf, "at", "\"2026-11-25 08:58:20.400Z\""), YW_ERR_INVALID, "at");
    refuse(line_with(buf, sizeof buf, "key_id", "\"9c4254cb6d63643\""), YW_ERR_INVALID, "key_id");
    refuse(line_with(buf, sizeof buf, "key_id", "\"9C4254CB6D636430\""), YW_ERR_INVALID, "key_id");
    /* base64: the unused low bits of the last character must be zero; the right length; padded */
    refuse(line_with(buf, sizeof buf, "public_key", "\"XPJy/R3+1Z+GX4D9Dh3WfXm5uFo4DQqo2HpKTGSp0C1=\""), YW_ERR_INVALID,
           "public_key");
    refuse(line_with(buf, sizeof buf, "public_key", "\"XPJy/R3+1Z+GX4D9Dh3WfXm5uFo4DQqo2HpKTGSp0C0\""), YW_ERR_INVALID,
           "public_key");
    refuse(line_with(buf, sizeof buf, "public_key", "\"XPJy_R3-1Z-GX4D9Dh3WfXm5uFo4DQqo2HpKTGSp0C0=\""), YW_ERR_INVALID,
           "public_key");
    refuse(line_with(buf, sizeof buf, "signature", "\"1gmUHPTVqVnlNknIqljCEOPeWIdzfUGB165Klk29ifCpw5wlqc04iBPy8TTe1UTuVUelf9NSGsmu6Vge2uHB\""),
           YW_ERR_INVALID, "signature");
    /* too long to be a checkpoint */
    size_t big = YW_CHECKPOINT_LINE_MAX + 10;
    char *huge = malloc(big + 1);
    assert_non_null(huge);
    memset(huge, ' ', big);
    memcpy(huge, ok, strlen(ok));
    huge[big] = '\0';
    refuse(huge, YW_ERR_BAD_REQUEST, NULL);
    free(huge);
}

/* ---- key files ---- */

static char key_dir[64];

/* a path in key_dir; two in a row may be used at once */
static const char *key_file(const char *name) {
    static char paths[2][128];
    static int next;
    char *path = paths[next++ % 2];
    snprintf(path, sizeof paths[0], "%s/%s", key_dir, name);
    return path;
}

static void write_file(const char *name, const char *text, mode_t mode) {
    const char *path = key_file(name);
    unlink(path);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode);
    if (fd < 0) fail_msg("create %s", path);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    assert_int_equal(fchmod(fd, mode), 0);
    close(fd);
}

static void key_files(void **state) {
    (void)state;
    snprintf(key_dir, sizeof key_dir, "/tmp/yiwang-unit-key-XXXXXX");
    assert_non_null(mkdtemp(key_dir));
    yw_signing_key made, loaded;
    yw_err err;
    assert_int_equal(yw_signing_key_generate(key_file("k"), &made, &err), 0);
    struct stat st;
    assert_int_equal(stat(key_file("k"), &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
    assert_int_equal(yw_signing_key_load(key_file("k"), &loaded, &err), 0);
    assert_memory_equal(&made, &loaded, sizeof made);
    /* never overwritten */
    yw_signing_key again;
    assert_int_equal(yw_signing_key_generate(key_file("k"), &again, &err), -1);
    assert_int_equal(err.code, YW_ERR_CONFLICT);
    assert_string_equal(err.reason, "key_file_exists");
    assert_int_equal(yw_signing_key_load(key_file("k"), &loaded, &err), 0);
    assert_memory_equal(&made, &loaded, sizeof made);
    /* nor through a link planted where the key goes */
    assert_int_equal(symlink(key_file("elsewhere"), key_file("link")), 0);
    assert_int_equal(yw_signing_key_generate(key_file("link"), &again, &err), -1);
    assert_int_equal(access(key_file("elsewhere"), F_OK), -1);
    /* readable by group or others: refused */
    assert_int_equal(chmod(key_file("k"), 0640), 0);
    assert_int_equal(yw_signing_key_load(key_file("k"), &loaded, &err), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    assert_string_equal(err.reason, "key_file_mode");
    assert_non_null(strstr(err.message, "”的权限为0640"));
    assert_non_null(strstr(err.message_en, "(mode 0640)"));
    assert_int_equal(chmod(key_file("k"), 0604), 0);
    assert_int_equal(yw_signing_key_load(key_file("k"), &loaded, &err), -1);
    assert_int_equal(chmod(key_file("k"), 0400), 0);
    assert_int_equal(yw_signing_key_load(key_file("k"), &loaded, &err), 0);
    /* the forms a key takes: the seed in hex, libsodium's 64-byte secret key in base64 and hex */
    yw_signing_key k7;
    fixed_key(&k7, 7);
    char text[512], hex[129], b64[89];
    sodium_bin2hex(hex, sizeof hex, k7.secret_key, 32);
    snprintf(text, sizeof text, "# a comment\n\n  %s  \r\n", hex);
    write_file("hex", text, 0600);
    assert_int_equal(yw_signing_key_load(key_file("hex"), &loaded, &err), 0);
    assert_memory_equal(&loaded, &k7, sizeof k7);
    yw_base64_encode(k7.secret_key, 64, b64, sizeof b64);
    snprintf(text, sizeof text, "%s\n", b64);
    write_file("sk64", text, 0600);
    assert_int_equal(yw_signing_key_load(key_file("sk64"), &loaded, &err), 0);
    assert_memory_equal(&loaded, &k7, sizeof k7);
    sodium_bin2hex(hex, sizeof hex, k7.secret_key, 64);
    write_file("skhex", hex, 0600);
    assert_int_equal(yw_signing_key_load(key_file("skhex"), &loaded, &err), 0);
    assert_memory_equal(&loaded, &k7, sizeof k7);
    /* a 64-byte key whose public half is another key's */
    yw_signing_key k8;
    fixed_key(&k8, 8);
    unsigned char mixed[64];
    memcpy(mixed, k7.secret_key, 32);
    memcpy(mixed + 32, k8.public_key, 32);
    yw_base64_encode(mixed, 64, b64, sizeof b64);
    write_file("mixed", b64, 0600);
    assert_int_equal(yw_signing_key_load(key_file("mixed"), &loaded, &err), -1);
    assert_int_equal(err.code, YW_ERR_INVALID);
    /* two keys, none, something else; the message never quotes the file */
    sodium_bin2hex(hex, sizeof hex, k7.secret_key, 32);
    snprintf(text, sizeof text, "%s\n%s\n", hex, hex);
    write_file("two", text, 0600);
    assert_int_equal(yw_signing_key_load(key_file("two"), &loaded, &err), -1);
    assert_string_equal(err.reason, "key_file_several_keys");
    assert_null(strstr(err.message, hex));
    assert_null(strstr(err.message_en, hex));
    write_file("none", "# nothing here\n", 0600);
    assert_int_equal(yw_signing_key_load(key_file("none"), &loaded, &err), -1);
    assert_string_equal(err.reason, "key_file_no_key");
    hex[63] = 'x';
    write_file("bad", hex, 0600);
    assert_int_equal(yw_signing_key_load(key_file("bad"), &loaded, &err), -1);
    assert_int_equal(err.code, YW_ERR_INVALID);
    assert_string_equal(err.reason, "key_file_format");
    assert_null(strstr(err.message, hex));
    assert_null(strstr(err.message_en, hex));
    assert_int_equal(yw_signing_key_load(key_dir, &loaded, &err), -1); /* a directory */
    assert_int_equal(mkfifo(key_file("fifo"), 0600), 0);
    assert_int_equal(yw_signing_key_load(key_file("fifo"), &loaded, &err), -1); /* and it does not block */
    assert_int_equal(err.code, YW_ERR_INVALID);
    assert_int_equal(yw_signing_key_load(key_file("missing"), &loaded, &err), -1);
    assert_int_equal(err.code, YW_ERR_IO);
    assert_string_equal(err.reason, "key_file_io");
    assert_non_null(strstr(err.message, "无法打开密钥文件“"));
    assert_non_null(strstr(err.message_en, "No such file or directory"));
    const char *names[] = {"k", "link", "hex", "sk64", "skhex", "mixed", "two", "none", "bad", "fifo"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) unlink(key_file(names[i]));
    assert_int_equal(rmdir(key_dir), 0);
}

int main(void) {
    test_init_sodium();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(signed_bytes_are_as_documented),
        cmocka_unit_test(checkpoint_lines_are_parsed_strictly),
        cmocka_unit_test(key_files),
        BOTH(checkpoint_reached_while_the_chain_grows),
        BOTH(cut_tail_is_found),
        BOTH(emptied_log_is_found),
        BOTH(rewritten_chain_is_found),
        BOTH(forged_signature_and_other_keys_are_found),
        BOTH(checkpoints_need_a_registered_key_and_the_role),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
