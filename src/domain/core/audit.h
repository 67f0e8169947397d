/* The audit log: every change of state records who, when, what, and the object before and
 * after, as one append-only chain. Entry n stores the hash of entry n-1 and its own hash over
 * its fields and that previous hash (SHA-256), so changing, inserting or deleting any entry
 * breaks the chain at that point, which yw_audit_verify finds. Deleting the last entries (a cut
 * tail) leaves a shorter chain that is whole: signed checkpoints of the head, kept elsewhere,
 * find that (yw_audit_checkpoint, yw_audit_verify_checkpoint; docs/audit.md). */
#ifndef YW_AUDIT_H
#define YW_AUDIT_H

#include <stdint.h>

#include "../../base/json_writer.h"
#include "op.h"
#include "signing.h"

/* A hash in the chain: 64 lowercase hex digits of a SHA-256, and the "previous hash" of entry 1. */
#define YW_AUDIT_HASH_SIZE 65
#define YW_AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* Appends one entry; must run inside the transaction that makes the change, so both commit or
 * neither. before/after are JSON texts or NULL. */
int yw_audit_append(yw_op *op, const char *action, const char *object_type, const char *object_id,
                    const char *before_json, const char *after_json);
/* The entry of a change of one value (a state, an appeal's state): {key: before} → {key: after,
 * "note": note}, before NULL for a record just created. Every concept's transitions write their
 * audit entry through this one function. */
int yw_audit_change(yw_op *op, const char *action, const char *object_type, const char *object_id, const char *key,
                    const char *before, const char *after, const char *note);

typedef struct {
    int64_t checked;       /* entries read */
    int64_t broken_seq;    /* 0 when the chain is whole; else the first entry that does not fit */
    char broken_id[32];
    char reason[128];
} yw_audit_report;

/* Walks the chain from the first entry. Returns 0 with the report filled (broken or not);
 * -1 only when the store fails. progress (may be NULL) is called every 10,000 entries. */
int yw_audit_verify(yw_op *op, yw_audit_report *report, void (*progress)(int64_t checked, void *arg), void *arg);

typedef struct {
    const char *object_type, *object_id; /* both set: one object's entries; else all */
    int64_t before_seq;                  /* > 0: entries with seq < before_seq */
    int limit;                           /* 1..YW_AUDIT_LIST_MAX */
} yw_audit_filter;
#define YW_AUDIT_LIST_MAX 500

/* Lists entries newest first. Supervisors and admins only. Columns: seq, id, at, actor, action,
 * object_type, object_id, before_json, after_json, hash. */
int yw_audit_list(yw_op *op, const yw_audit_filter *f, yw_rows *out);

/* A checkpoint: the head of the chain (the last entry's seq and hash; seq 0 and the genesis hash
 * for an empty chain) at a time, signed with the platform's key. Written as one line of JSON:
 *   {"seq":N,"head":"<64 hex>","at":"YYYY-MM-DDTHH:MM:SS.mmmZ","key_id":"<16 hex>",
 *    "public_key":"<base64 of 32 bytes>","signature":"<base64 of 64 bytes>"}
 * The signature is Ed25519 over exactly these bytes (yw_checkpoint_message), each line ending
 * in one LF:
 *   yiwang-audit-checkpoint-v1
 *   seq:<N in decimal, no leading zeros>
 *   head:<64 lowercase hex>
 *   at:<the at text>
 *   key_id:<16 lowercase hex>
 * The first line keeps a checkpoint's signature from meaning anything else the same key signs. */
typedef struct {
    int64_t seq;
    char head[YW_AUDIT_HASH_SIZE];
    char at[YW_TIMESTAMP_SIZE];
    char key_id[YW_SIGNING_KEY_ID_SIZE];
    unsigned char public_key[YW_SIGNING_PUBLIC_KEY_BYTES];
    unsigned char signature[YW_SIGNING_SIGNATURE_BYTES];
} yw_checkpoint;

#define YW_CHECKPOINT_MESSAGE_MAX 192
/* The signed bytes of cp into out; returns their length. */
size_t yw_checkpoint_message(const yw_checkpoint *cp, char out[YW_CHECKPOINT_MESSAGE_MAX]);
/* Writes cp as the JSON object above. */
void yw_checkpoint_write(yw_jw *w, const yw_checkpoint *cp);
/* Parses one checkpoint line (outside input): exactly the six members, each of its form
 * (canonical base64, lowercase hex, a real UTC time), no others, no duplicates. Checks the
 * form only, not the signature. YW_ERR_BAD_REQUEST when it is not JSON, YW_ERR_INVALID naming
 * the member otherwise. */
#define YW_CHECKPOINT_LINE_MAX 4096
int yw_checkpoint_parse(const char *text, size_t len, yw_checkpoint *out, yw_err *err);

/* Signs the head of the chain as it is now, at op->now_ms, with key (supervisors and admins).
 * The key must be registered in the store (yw_signing_key_register), so that the store alone
 * can check the checkpoint later; otherwise YW_ERR_NOT_FOUND naming key_id. */
int yw_audit_checkpoint(yw_op *op, const yw_signing_key *key, yw_checkpoint *out);

typedef enum {
    YW_CHECKPOINT_REACHED = 0,    /* signed by a trusted key, and entry seq has exactly that hash */
    YW_CHECKPOINT_BAD_SIGNATURE,  /* the signature does not hold, or key_id is not public_key's */
    YW_CHECKPOINT_UNKNOWN_KEY,    /* signed by a key that is not trusted */
    YW_CHECKPOINT_MISSING,        /* entry seq is not in the store: the tail was cut */
    YW_CHECKPOINT_MISMATCH,       /* entry seq has another hash: the chain was rewritten */
} yw_checkpoint_status;

typedef struct {
    const yw_checkpoint *checkpoint;
    /* The public key to trust; NULL: any key registered in the store's signing_keys. */
    const unsigned char *trusted_key;
} yw_checkpoint_check;

typedef struct {
    yw_checkpoint_status status;
    char reason[200];
} yw_checkpoint_result;

/* Checks one checkpoint against the store (supervisors and admins): its key is trusted, its
 * signature holds, and the chain still reaches it — entry seq exists with exactly the signed
 * hash (seq 0: the genesis hash). Returns 0 with out filled whatever it found; -1 only when
 * the store fails. The chain before entry seq is yw_audit_verify's to check: with both, the
 * log up to the checkpoint is as it was when signed. */
int yw_audit_verify_checkpoint(yw_op *op, const yw_checkpoint_check *in, yw_checkpoint_result *out);

#endif
