/* The audit log: every change of state records who, when, what, and the object before and
 * after, as one append-only chain. Entry n stores the hash of entry n-1 and its own hash over
 * its fields and that previous hash (SHA-256), so changing, inserting or deleting any entry
 * breaks the chain at that point, which yw_audit_verify finds. */
#ifndef YW_AUDIT_H
#define YW_AUDIT_H

#include <stdint.h>

#include "op.h"

/* Appends one entry; must run inside the transaction that makes the change, so both commit or
 * neither. before/after are JSON texts or NULL. */
int yw_audit_append(yw_op *op, const char *action, const char *object_type, const char *object_id,
                    const char *before_json, const char *after_json);

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

#endif
