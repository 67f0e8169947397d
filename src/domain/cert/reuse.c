/* Reuse instead of proofs (免提交, cert.h): which certificates an applicant may let stand in for a
 * case's materials, the check of the one a submission names, and a certificate's status read
 * again when its case is. The rule of whose certificate is whose is cert.h's, kept in `belongs`
 * alone. */
#include "internal.h"

#include <string.h>

#include "../../base/ulid.h"
#include "../core/actor.h"

/* ---- status ---- */

static const struct {
    const char *status, *zh, *en;
} status_words[] = {
    {"valid", "有效", "valid"},           {"expired", "已过期", "expired"},
    {"not_yet_valid", "尚未生效", "not yet valid"}, {"suspended", "已暂停", "suspended"},
    {"revoked", "已撤销", "revoked"},     {"superseded", "已换发新版本", "replaced by a new version"},
};

const char *yw_cert_status_zh(const char *status) {
    for (size_t i = 0; status && i < sizeof status_words / sizeof status_words[0]; i++)
        if (strcmp(status_words[i].status, status) == 0) return status_words[i].zh;
    return "";
}

const char *yw_cert_status_en(const char *status) {
    for (size_t i = 0; status && i < sizeof status_words / sizeof status_words[0]; i++)
        if (strcmp(status_words[i].status, status) == 0) return status_words[i].en;
    return "";
}

const char *yw_cert_status_at(const char *state, const char *valid_from, const char *valid_until, int64_t now_ms) {
    int s = state ? yw_enum_from_text(yw_cert_states, state) : -1;
    if (s < 0) return "";
    if (s != YW_CERT_VALID) return yw_enum_to_text(yw_cert_states, s);
    int64_t from = cert_time_parse(valid_from), until = cert_time_parse(valid_until);
    if (from > now_ms) return "not_yet_valid";
    if (until >= 0 && until < now_ms) return "expired";
    return "valid";
}

/* ---- whose ---- */

typedef struct {
    const char *account, *id_number, *uscc, *entity_uscc;
} owner_ids;

static int owner_of(yw_op *op, const yw_cert_owner *who, owner_ids *o) {
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT id_number, uscc FROM accounts WHERE id = $1",
                       YW_ARGS(who->applicant_id), &rows, op->err) < 0)
        return -1;
    *o = (owner_ids){who->applicant_id, yw_rows_get(&rows, 0, 0), yw_rows_get(&rows, 0, 1), who->entity_uscc};
    return 0;
}

/* The rule of cert.h: the applicant's by holder or by account, and an enterprise's certificate
 * the enterprise's the form names, when it names one. */
static bool belongs(const owner_ids *o, const yw_cert *c) {
    bool mine = (c->account_id && strcmp(c->account_id, o->account) == 0) ||
                (o->id_number && strcmp(o->id_number, c->holder_id) == 0) ||
                (o->uscc && strcmp(o->uscc, c->holder_id) == 0);
    if (!mine) return false;
    if (strcmp(c->holder_kind, "entity") == 0 && o->entity_uscc && *o->entity_uscc)
        return strcmp(c->holder_id, o->entity_uscc) == 0;
    return true;
}

/* The applicant's valid certificates now, the latest of each type and holder first. */
static int reusable(yw_op *op, const owner_ids *o, yw_cert **out, int *n) {
    char *sql = yw_arena_printf(op->arena,
                                "%s WHERE (c.account_id = $1 OR c.holder_id = $2 OR c.holder_id = $3)"
                                " AND c.state = 'valid' ORDER BY c.issued_at DESC, c.id DESC",
                                cert_select);
    if (!sql) return yw_fail(op->err, YW_E_NOMEM, NULL);
    yw_rows rows;
    yw_cert *c;
    if (yw_store_query(op->store, op->arena, sql,
                       YW_ARGS(o->account, o->id_number ? o->id_number : "-", o->uscc ? o->uscc : "-"), &rows,
                       op->err) < 0 ||
        cert_fill(op, &rows, &c) < 0)
        return -1;
    int k = 0;
    for (int i = 0; i < rows.nrows; i++) {
        if (strcmp(c[i].status, "valid") != 0 || !belongs(o, &c[i])) continue;
        bool seen = false;
        for (int j = 0; j < k && !seen; j++)
            seen = strcmp(c[j].type_code, c[i].type_code) == 0 && strcmp(c[j].holder_id, c[i].holder_id) == 0;
        if (!seen) c[k++] = c[i];
    }
    *out = c;
    *n = k;
    return 0;
}

int yw_cert_reusable(yw_op *op, const yw_cert_owner *who, yw_cert **out, int *n) {
    if (yw_op_require(op, YW_ROLE_APPLICANT | YW_ROLE_CLERK, "see which certificates an applicant may reuse") < 0)
        return -1;
    const char *applicant = who->applicant_id ? who->applicant_id : op->actor->account_id;
    bool self = strcmp(applicant, op->actor->account_id) == 0;
    if (!self && !yw_actor_has(op->actor, YW_ROLE_CLERK))
        return yw_fail(op->err, YW_E_CASE_ON_BEHALF_CLERK_ONLY, "on_behalf_of");
    if (!self) {
        yw_rows rows;
        if (yw_store_query(op->store, op->arena,
                           "SELECT 1 FROM accounts WHERE id = $1 AND kind IN ('person', 'enterprise') AND disabled = 0",
                           YW_ARGS(applicant), &rows, op->err) < 0)
            return -1;
        if (!rows.nrows) return yw_fail(op->err, YW_E_CASE_ON_BEHALF_UNKNOWN, "on_behalf_of");
    }
    yw_cert_owner whose = {applicant, who->entity_uscc};
    owner_ids o;
    if (owner_of(op, &whose, &o) < 0 || reusable(op, &o, out, n) < 0) return -1;
    if (self) return 0;
    /* a clerk at the window read them: the holder sees who, as any department's reading */
    char ts[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, ts);
    for (int i = 0; i < *n; i++) {
        char id[YW_ID_SIZE];
        yw_ulid_new(id);
        if (yw_store_run(op->store, op->arena,
                         "INSERT INTO cert_reads (id, certificate_id, reader_id, department_id, case_id, purpose, read_at)"
                         " VALUES ($1, $2, $3, $4, NULL, 'behalf', $5)",
                         YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P((*out)[i].id), YW_TEXT_P(op->actor->account_id),
                                   YW_TEXT_P(op->actor->department_id), YW_TEXT_P(ts)),
                         NULL, NULL, op->err) < 0)
            return -1;
    }
    return 0;
}

int yw_cert_reuse_check(yw_op *op, const yw_cert_owner *who, const char *type_name, const char *named,
                        const char *field, yw_cert *out) {
    owner_ids o;
    if (owner_of(op, who, &o) < 0) return -1;
    if (!named) {
        yw_cert *list;
        int n;
        if (reusable(op, &o, &list, &n) < 0) return -1;
        for (int i = 0; i < n; i++)
            if (strcmp(list[i].type_name, type_name) == 0) {
                *out = list[i];
                return 0;
            }
        return yw_fail(op->err, YW_E_CERT_REUSE_NONE, field, type_name);
    }
    char *sql = yw_arena_printf(op->arena, "%s WHERE c.id = $1 OR c.identifier = $1", cert_select);
    if (!sql) return yw_fail(op->err, YW_E_NOMEM, NULL);
    yw_rows rows;
    yw_cert *c;
    if (yw_store_query(op->store, op->arena, sql, YW_ARGS(named), &rows, op->err) < 0 || cert_fill(op, &rows, &c) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_CERT_REUSE_UNKNOWN, field, named);
    /* whose first: nothing more of a stranger's certificate is said */
    if (!belongs(&o, &c[0])) return yw_fail(op->err, YW_E_CERT_REUSE_NOT_HOLDER, field, c[0].number); /* its printed number, never an id */
    if (strcmp(c[0].type_name, type_name) != 0)
        return yw_fail(op->err, YW_E_CERT_REUSE_TYPE, field, c[0].number, c[0].type_name, type_name);
    if (strcmp(c[0].status, "valid") != 0)
        return yw_fail(op->err, YW_E_CERT_REUSE_NOT_VALID, field, c[0].number, yw_cert_status_zh(c[0].status),
                       yw_cert_status_en(c[0].status));
    *out = c[0];
    return 0;
}
