/* 企业身份码 (entity_code.h): an enterprise's page — the registry's name and status of it, read
 * through entity.h, and the certificates it holds, as anyone may see them or as its own account
 * does. */
#include "entity_code.h"

#include <string.h>

#include "../../std/uscc.h"
#include "../core/actor.h"
#include "../entity/entity.h"
#include "internal.h"

/* The most certificates the page lists: newest first, an enterprise's whole history of versions
 * is rarely longer. */
#define ENTITY_CODE_CERTS_MAX YW_CERT_LIST_MAX

/* The enterprise's own account: its login is its USCC (as the registry's own rule reads it). */
static bool is_owner(const yw_op *op, const char *uscc) {
    return op->actor && !(op->actor->roles & YW_ROLE_STAFF) && op->actor->kind &&
           strcmp(op->actor->kind, "enterprise") == 0 && op->actor->login && strcmp(op->actor->login, uscc) == 0;
}

int yw_cert_entity_code(yw_op *op, const char *uscc, yw_entity_code *out) {
    /* anyone: the check is what the page shows, not who asks */
    memset(out, 0, sizeof *out);
    if (!uscc) return yw_fail(op->err, YW_E_FIELD_REQUIRED, "uscc", "uscc");
    if (yw_uscc_validate(uscc, "uscc", op->err) < 0) return -1;
    /* the registry's read is for staff and the enterprise; the page shows only its name and
     * status, so it reads as the system */
    yw_op sys = *op;
    sys.actor = &yw_actor_system;
    yw_entity ent;
    if (yw_entity_get(&sys, uscc, &ent) < 0) return -1;
    out->uscc = ent.uscc;
    out->name = ent.name;
    out->status = yw_enum_to_text(yw_entity_statuses, (int)ent.status);
    out->deregistered_on = ent.status == YW_ENTITY_DEREGISTERED ? ent.deregistered_on : NULL;
    out->owner = is_owner(op, uscc);

    char *sql = yw_arena_printf(op->arena, "%s WHERE c.holder_id = $1 AND c.holder_kind = 'entity'%s"
                                           " ORDER BY c.issued_at DESC, c.id DESC LIMIT %d",
                                cert_select, out->owner ? "" : " AND c.state = 'valid'", ENTITY_CODE_CERTS_MAX);
    if (!sql) return yw_fail(op->err, YW_E_NOMEM, NULL);
    yw_rows rows;
    yw_cert *c;
    if (yw_store_query(op->store, op->arena, sql, YW_ARGS(uscc), &rows, op->err) < 0 || cert_fill(op, &rows, &c) < 0)
        return -1;
    int n = 0;
    for (int i = 0; i < rows.nrows; i++) {
        /* the public sees what is valid now: not one expired or not yet valid */
        if (!out->owner && strcmp(c[i].status, "valid") != 0) continue;
        if (!out->owner) {
            c[i].account_id = c[i].jws = c[i].issued_by = c[i].case_id = NULL;
        }
        c[n++] = c[i];
    }
    out->certs = c;
    out->ncerts = n;
    return 0;
}

const char *yw_entity_code_url(yw_arena *a, const char *base, const char *uscc) {
    return yw_arena_printf(a, "%s/entity.html?uscc=%s", base ? base : "", uscc);
}
