/* Certificates (cert.h): their types, reading them for their holders and the staff who may, the
 * public view, the sharing interface with its log, and the certificates an applicant holds. */
#include "internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/time.h"
#include "../../base/ulid.h"
#include "../../std/idcard.h"
#include "../../std/uscc.h"
#include "../core/actor.h"
#include "../core/privacy.h"

const yw_enum_text yw_cert_states[] = {
    {YW_CERT_VALID, "valid"},
    {YW_CERT_SUSPENDED, "suspended"},
    {YW_CERT_REVOKED, "revoked"},
    {YW_CERT_SUPERSEDED, "superseded"},
    {0, NULL},
};

static const char *const states_zh[] = {"有效", "已暂停", "已撤销", "已换发"};
static const char *const states_en[] = {"valid", "suspended", "revoked", "superseded"};

const char *yw_cert_state_zh(yw_cert_state s) { return (unsigned)s < 4 ? states_zh[s] : ""; }

#define OFFICERS (YW_ROLE_OFFICER | YW_ROLE_ADMIN)
static const yw_transition cert_actions[] = {
    {"suspend", YW_FROM(YW_CERT_VALID), YW_CERT_SUSPENDED, OFFICERS, "暂停", "be suspended"},
    {"reinstate", YW_FROM(YW_CERT_SUSPENDED), YW_CERT_VALID, OFFICERS, "恢复", "be reinstated"},
    {"revoke", YW_FROM(YW_CERT_VALID) | YW_FROM(YW_CERT_SUSPENDED), YW_CERT_REVOKED, OFFICERS, "撤销", "be revoked"},
    {"renew", YW_FROM(YW_CERT_VALID), YW_CERT_SUPERSEDED, OFFICERS, "换发", "be renewed"},
    {"supersede", YW_FROM(YW_CERT_VALID) | YW_FROM(YW_CERT_SUSPENDED), YW_CERT_SUPERSEDED, OFFICERS, "换发新版本",
     "be replaced by a new version"},
    {NULL, 0, 0, 0, NULL, NULL},
};

const yw_machine cert_machine = {
    .states = yw_cert_states,
    .states_zh = states_zh,
    .states_en = states_en,
    .actions = cert_actions,
    .lock_sql = "UPDATE certificates SET state = state WHERE id = $1 RETURNING state",
    .not_found = YW_E_CERT_NOT_FOUND,
    .state_error = YW_E_CERT_STATE,
    .field = "id",
};

/* ---- time ---- */

const char *cert_time(yw_arena *a, int64_t ms) {
    char ts[YW_TIMESTAMP_SIZE];
    yw_timestamp_format(ms, ts);
    /* "YYYY-MM-DDTHH:MM:SS.mmmZ" → "YYYY-MM-DDTHH:MM:SSZ" */
    return yw_arena_printf(a, "%.19sZ", ts);
}

int64_t cert_time_parse(const char *s) {
    int y, mo, d, h, mi, se;
    char z;
    if (!s || strlen(s) != 20 || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &se, &z) != 7 ||
        z != 'Z' || !yw_date_valid(y, mo, d) || h > 23 || mi > 59 || se > 59 || h < 0 || mi < 0 || se < 0)
        return -1;
    return ((yw_days_from_civil(y, mo, d) * 86400) + h * 3600 + mi * 60 + se) * 1000;
}

int64_t cert_day_start_ms(int64_t day) { return (day * 86400 - 8 * 3600) * 1000; }

/* ---- types ---- */

static const yw_column type_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_cert_type, code),          YW_COLUMN(YW_COL_TEXT, yw_cert_type, name),
    YW_COLUMN(YW_COL_TEXT, yw_cert_type, name_en),       YW_COLUMN(YW_COL_TEXT, yw_cert_type, department),
    YW_COLUMN(YW_COL_TEXT, yw_cert_type, department_name), YW_COLUMN(YW_COL_TEXT, yw_cert_type, issuer),
    YW_COLUMN(YW_COL_TEXT, yw_cert_type, holder),        YW_COLUMN(YW_COL_INT, yw_cert_type, validity_years),
    YW_COLUMN(YW_COL_TEXT, yw_cert_type, fields),        YW_COLUMN(YW_COL_TEXT, yw_cert_type, number_prefix),
    YW_COLUMN(YW_COL_BOOL, yw_cert_type, national),
};
#define TYPE_SELECT                                                                                          \
    "SELECT t.code, t.name, t.name_en, t.department, COALESCE(d.name, t.department), t.issuer, t.holder,"   \
    " t.validity_years, t.fields, t.number_prefix, t.national FROM cert_types t"                          \
    " LEFT JOIN departments d ON d.code = t.department"

int yw_cert_types(yw_op *op, yw_cert_type **out, int *n) {
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, TYPE_SELECT " ORDER BY t.national, t.code", YW_NOARGS, &rows, op->err) < 0)
        return -1;
    *out = yw_rows_fill_all(&rows, type_columns, NCOLS(type_columns), sizeof **out, op->arena);
    if (!*out) return yw_fail(op->err, YW_E_NOMEM, NULL);
    *n = rows.nrows;
    return 0;
}

int yw_cert_type_get(yw_op *op, const char *code_or_name, const char *field, yw_cert_type *out) {
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, TYPE_SELECT " WHERE t.code = $1 OR t.name = $1", YW_ARGS(code_or_name),
                       &rows, op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_CERT_TYPE, field, code_or_name ? code_or_name : "");
    yw_rows_fill(&rows, 0, type_columns, NCOLS(type_columns), out);
    return 0;
}

/* ---- the actor ---- */

int cert_actor_ids(yw_op *op, const char **id_number, const char **uscc) {
    *id_number = *uscc = NULL;
    if (!op->actor || !op->actor->account_id || strcmp(op->actor->account_id, "system") == 0) return 0;
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT id_number, uscc FROM accounts WHERE id = $1",
                       YW_ARGS(op->actor->account_id), &rows, op->err) < 0)
        return -1;
    *id_number = yw_rows_get(&rows, 0, 0);
    *uscc = yw_rows_get(&rows, 0, 1);
    return 0;
}

bool cert_is_holder(yw_op *op, const yw_cert *c) {
    if (!op->actor || !op->actor->account_id) return false;
    if (c->account_id && strcmp(c->account_id, op->actor->account_id) == 0) return true;
    const char *idn, *uscc;
    yw_err saved = *op->err;
    if (cert_actor_ids(op, &idn, &uscc) < 0) {
        *op->err = saved;
        return false;
    }
    return (idn && strcmp(idn, c->holder_id) == 0) || (uscc && strcmp(uscc, c->holder_id) == 0);
}

/* The department code of the actor, or NULL. */
static const char *actor_department_code(yw_op *op) {
    if (!op->actor || !op->actor->department_id) return NULL;
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT code FROM departments WHERE id = $1",
                       YW_ARGS(op->actor->department_id), &rows, op->err) < 0)
        return NULL;
    return yw_rows_get(&rows, 0, 0);
}

int cert_may_issue(yw_op *op, const yw_cert_type *t) {
    if (yw_op_require(op, OFFICERS, "issue or change certificates") < 0) return -1;
    if (op->actor->roles & YW_ROLE_ADMIN) return 0;
    const char *code = actor_department_code(op);
    if (code && strcmp(code, t->department) == 0) return 0;
    return yw_fail(op->err, YW_E_CERT_DEPARTMENT, NULL, t->department_name);
}

/* Staff who may read certificates of this department's types without a case: its officers,
 * supervisors, admins. */
static bool staff_reads(yw_op *op, const char *department) {
    if (!op->actor) return false;
    if (op->actor->roles & (YW_ROLE_ADMIN | YW_ROLE_SUPERVISOR)) return true;
    if (!(op->actor->roles & YW_ROLE_OFFICER)) return false;
    const char *code = actor_department_code(op);
    return code && department && strcmp(code, department) == 0;
}

/* ---- reading ---- */

const char cert_select[] =
    "SELECT c.id, c.identifier, c.type_code, t.name, t.name_en, c.number, c.serial, c.version, c.holder_kind,"
    " c.holder_id, c.holder_name, c.account_id, c.fields, c.valid_from, c.valid_until, c.state, c.replaces,"
    " (SELECT n.id FROM certificates n WHERE n.replaces = c.id), c.case_id, c.item_code, c.revocation_list,"
    " c.revocation_index, c.suspension_list, c.suspension_index, c.kid, c.jws, c.issued_at, c.issued_by,"
    " c.reason, c.changed_at, c.source, t.department, COALESCE(d.name, t.department)"
    " FROM certificates c JOIN cert_types t ON t.code = c.type_code LEFT JOIN departments d ON d.code = t.department";

static const yw_column cert_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_cert, id),           YW_COLUMN(YW_COL_TEXT, yw_cert, identifier),
    YW_COLUMN(YW_COL_TEXT, yw_cert, type_code),    YW_COLUMN(YW_COL_TEXT, yw_cert, type_name),
    YW_COLUMN(YW_COL_TEXT, yw_cert, type_name_en), YW_COLUMN(YW_COL_TEXT, yw_cert, number),
    YW_COLUMN(YW_COL_TEXT, yw_cert, serial),       YW_COLUMN(YW_COL_INT, yw_cert, version),
    YW_COLUMN(YW_COL_TEXT, yw_cert, holder_kind),  YW_COLUMN(YW_COL_TEXT, yw_cert, holder_id),
    YW_COLUMN(YW_COL_TEXT, yw_cert, holder_name),  YW_COLUMN(YW_COL_TEXT, yw_cert, account_id),
    YW_COLUMN(YW_COL_TEXT, yw_cert, fields),       YW_COLUMN(YW_COL_TEXT, yw_cert, valid_from),
    YW_COLUMN(YW_COL_TEXT, yw_cert, valid_until),  YW_COLUMN_ENUM(yw_cert, state, yw_cert_states),
    YW_COLUMN(YW_COL_TEXT, yw_cert, replaces),     YW_COLUMN(YW_COL_TEXT, yw_cert, replaced_by),
    YW_COLUMN(YW_COL_TEXT, yw_cert, case_id),      YW_COLUMN(YW_COL_TEXT, yw_cert, item_code),
    YW_COLUMN(YW_COL_INT, yw_cert, revocation_list), YW_COLUMN(YW_COL_INT, yw_cert, revocation_index),
    YW_COLUMN(YW_COL_INT, yw_cert, suspension_list), YW_COLUMN(YW_COL_INT, yw_cert, suspension_index),
    YW_COLUMN(YW_COL_TEXT, yw_cert, kid),          YW_COLUMN(YW_COL_TEXT, yw_cert, jws),
    YW_COLUMN(YW_COL_TEXT, yw_cert, issued_at),    YW_COLUMN(YW_COL_TEXT, yw_cert, issued_by),
    YW_COLUMN(YW_COL_TEXT, yw_cert, reason),       YW_COLUMN(YW_COL_TEXT, yw_cert, changed_at),
    YW_COLUMN(YW_COL_TEXT, yw_cert, source),       YW_COLUMN(YW_COL_TEXT, yw_cert, department),
    YW_COLUMN(YW_COL_TEXT, yw_cert, department_name),
};

int cert_fill(yw_op *op, const yw_rows *rows, yw_cert **out) {
    yw_cert *c = yw_rows_fill_all(rows, cert_columns, NCOLS(cert_columns), sizeof *c, op->arena);
    if (!c) return yw_fail(op->err, YW_E_NOMEM, NULL);
    int64_t now = op->now_ms;
    for (int i = 0; i < rows->nrows; i++) {
        int64_t from = cert_time_parse(c[i].valid_from), until = cert_time_parse(c[i].valid_until);
        if (c[i].state != YW_CERT_VALID) c[i].status = yw_enum_to_text(yw_cert_states, (int)c[i].state);
        else if (from > now) c[i].status = "not_yet_valid";
        else if (until >= 0 && until < now) c[i].status = "expired";
        else c[i].status = "valid";
    }
    *out = c;
    return 0;
}

/* One row by id or identifier, unchecked. */
static int read_one(yw_op *op, const char *id, yw_cert *out) {
    yw_rows rows;
    yw_cert *c;
    char *sql = yw_arena_printf(op->arena, "%s WHERE c.id = $1 OR c.identifier = $1", cert_select);
    if (!sql) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (yw_store_query(op->store, op->arena, sql, YW_ARGS(id), &rows, op->err) < 0 || cert_fill(op, &rows, &c) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_CERT_NOT_FOUND, "id");
    *out = c[0];
    return 0;
}

int yw_cert_get(yw_op *op, const char *id, yw_cert *out) {
    if (yw_op_require(op, YW_ROLE_APPLICANT | YW_ROLE_STAFF, "read a certificate") < 0) return -1;
    if (read_one(op, id, out) < 0) return -1;
    if (cert_is_holder(op, out) || staff_reads(op, out->department)) return 0;
    return yw_fail(op->err, YW_E_CERT_NOT_FOUND, "id");
}

int yw_cert_public(yw_op *op, const char *id, yw_cert *out) {
    if (read_one(op, id, out) < 0) return -1;
    /* nothing private: a person's number masked and their certificate's fields left out (an
     * address, a birth date, a disability are theirs; the name is said already); an
     * enterprise's fields are its registered facts, public anyway; the credential and the
     * account not shown */
    if (strcmp(out->holder_kind, "person") == 0) {
        out->holder_id = yw_mask_id_number(op->arena, out->holder_id);
        if (!out->holder_id) return yw_fail(op->err, YW_E_NOMEM, NULL);
        out->fields = "{}";
    }
    out->account_id = NULL;
    out->reason = NULL; /* an officer's words may name people: the state is public, its reason not */
    out->jws = NULL;
    out->issued_by = NULL;
    out->case_id = NULL;
    return 0;
}

int yw_cert_list(yw_op *op, const yw_cert_query *q, yw_cert **out, int *n, int64_t *total) {
    if (yw_op_require(op, YW_ROLE_APPLICANT | YW_ROLE_STAFF, "list certificates") < 0) return -1;
    yw_buf where;
    yw_buf_init(&where, op->arena);
    yw_param params[8];
    int np = 0;
    yw_buf_puts(&where, " WHERE 1 = 1");
    bool mine = q->mine || !(op->actor->roles & YW_ROLE_STAFF);
    if (mine) {
        const char *idn, *uscc;
        if (cert_actor_ids(op, &idn, &uscc) < 0) return -1;
        yw_buf_printf(&where, " AND (c.account_id = $%d OR c.holder_id = $%d OR c.holder_id = $%d)", np + 1, np + 2,
                      np + 3);
        params[np++] = YW_TEXT_P(op->actor->account_id);
        params[np++] = YW_TEXT_P(idn ? idn : "-");
        params[np++] = YW_TEXT_P(uscc ? uscc : "-");
    } else if (!(op->actor->roles & (YW_ROLE_ADMIN | YW_ROLE_SUPERVISOR))) {
        const char *code = actor_department_code(op);
        if (!code && op->err->code) return -1;
        yw_buf_printf(&where, " AND t.department = $%d", np + 1);
        params[np++] = YW_TEXT_P(code ? code : "-");
    }
    if (q->holder_id) {
        yw_buf_printf(&where, " AND c.holder_id = $%d", np + 1);
        params[np++] = YW_TEXT_P(q->holder_id);
    }
    if (q->type) {
        yw_buf_printf(&where, " AND (t.code = $%d OR t.name = $%d)", np + 1, np + 1);
        params[np++] = YW_TEXT_P(q->type);
    }
    if (q->state) {
        yw_buf_printf(&where, " AND c.state = $%d", np + 1);
        params[np++] = YW_TEXT_P(q->state);
    }
    if (where.failed) return yw_fail(op->err, YW_E_NOMEM, NULL);
    char *count_sql = yw_arena_printf(op->arena,
                                      "SELECT count(*) FROM certificates c JOIN cert_types t ON t.code = c.type_code%s",
                                      where.data);
    int limit = q->limit > 0 && q->limit <= YW_CERT_LIST_MAX ? q->limit : 50;
    char *sql = yw_arena_printf(op->arena, "%s%s ORDER BY c.issued_at DESC, c.id DESC LIMIT %d OFFSET %d", cert_select,
                                where.data, limit, q->offset > 0 ? q->offset : 0);
    if (!count_sql || !sql) return yw_fail(op->err, YW_E_NOMEM, NULL);
    yw_rows rows;
    if (yw_store_run(op->store, op->arena, count_sql, np, params, &rows, NULL, op->err) < 0) return -1;
    *total = strtoll(yw_rows_get(&rows, 0, 0) ? yw_rows_get(&rows, 0, 0) : "0", NULL, 10);
    if (yw_store_run(op->store, op->arena, sql, np, params, &rows, NULL, op->err) < 0 || cert_fill(op, &rows, out) < 0)
        return -1;
    *n = rows.nrows;
    return 0;
}

int yw_cert_held(yw_op *op, const char *const *holder_ids, const char *type_name, yw_cert *out, bool *found) {
    *found = false;
    for (int i = 0; holder_ids && holder_ids[i]; i++) {
        char *sql = yw_arena_printf(op->arena,
                                    "%s WHERE c.holder_id = $1 AND t.name = $2 AND c.state = 'valid'"
                                    " ORDER BY c.issued_at DESC, c.id DESC",
                                    cert_select);
        if (!sql) return yw_fail(op->err, YW_E_NOMEM, NULL);
        yw_rows rows;
        yw_cert *c;
        if (yw_store_query(op->store, op->arena, sql, YW_ARGS(holder_ids[i], type_name), &rows, op->err) < 0 ||
            cert_fill(op, &rows, &c) < 0)
            return -1;
        for (int k = 0; k < rows.nrows; k++)
            if (strcmp(c[k].status, "valid") == 0) {
                *out = c[k];
                *found = true;
                return 0;
            }
    }
    return 0;
}

/* ---- the sharing interface ---- */

/* The actor's department has a task in the case (or the actor is a clerk of the case's window,
 * a supervisor or an admin). */
static int may_share(yw_op *op, const char *case_id) {
    if (yw_op_require(op, YW_ROLE_STAFF, "read certificates for a case") < 0) return -1;
    if (!case_id) return yw_fail(op->err, YW_E_CERT_SHARE_CASE, "case_id");
    if (op->actor->roles & (YW_ROLE_ADMIN | YW_ROLE_SUPERVISOR | YW_ROLE_CLERK)) {
        yw_rows rows;
        if (yw_store_query(op->store, op->arena, "SELECT 1 FROM cases WHERE id = $1", YW_ARGS(case_id), &rows,
                           op->err) < 0)
            return -1;
        return rows.nrows ? 0 : yw_fail(op->err, YW_E_CERT_SHARE_CASE, "case_id");
    }
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT 1 FROM case_tasks WHERE case_id = $1 AND department_id = $2",
                       YW_ARGS(case_id, op->actor->department_id ? op->actor->department_id : "-"), &rows,
                       op->err) < 0)
        return -1;
    return rows.nrows ? 0 : yw_fail(op->err, YW_E_CERT_SHARE_CASE, "case_id");
}

static int log_read(yw_op *op, const yw_cert *c, const char *case_id, const char *purpose) {
    char id[YW_ID_SIZE], ts[YW_TIMESTAMP_SIZE];
    yw_ulid_new(id);
    yw_op_timestamp(op, ts);
    return yw_store_run(op->store, op->arena,
                        "INSERT INTO cert_reads (id, certificate_id, reader_id, department_id, case_id, purpose, read_at)"
                        " VALUES ($1, $2, $3, $4, $5, $6, $7)",
                        YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(c->id), YW_TEXT_P(op->actor->account_id),
                                  YW_TEXT_P(op->actor->department_id), YW_TEXT_P(case_id), YW_TEXT_P(purpose),
                                  YW_TEXT_P(ts)),
                        NULL, NULL, op->err);
}

int yw_cert_share(yw_op *op, const yw_cert_share_in *in, yw_cert **out, int *n) {
    if (may_share(op, in->case_id) < 0) return -1;
    yw_rows rows;
    char *sql;
    if (in->identifier) {
        sql = yw_arena_printf(op->arena, "%s WHERE c.identifier = $1 OR c.id = $1", cert_select);
        if (!sql) return yw_fail(op->err, YW_E_NOMEM, NULL);
        if (yw_store_query(op->store, op->arena, sql, YW_ARGS(in->identifier), &rows, op->err) < 0) return -1;
    } else {
        if (!in->holder_id) return yw_fail(op->err, YW_E_FIELD_REQUIRED, "holder", "holder");
        sql = yw_arena_printf(op->arena, "%s WHERE c.holder_id = $1 AND ($2 = '' OR t.code = $2 OR t.name = $2)"
                                         " AND c.state IN ('valid', 'suspended') ORDER BY c.issued_at DESC",
                              cert_select);
        if (!sql) return yw_fail(op->err, YW_E_NOMEM, NULL);
        if (yw_store_query(op->store, op->arena, sql, YW_ARGS(in->holder_id, in->type ? in->type : ""), &rows,
                           op->err) < 0)
            return -1;
    }
    if (cert_fill(op, &rows, out) < 0) return -1;
    /* only the case's parties' certificates: the applicant's (by account, ID number, USCC), the
     * enterprise its form names, and those its materials name */
    yw_rows parties;
    if (yw_store_query(op->store, op->arena,
                       "SELECT k.applicant_id, a.id_number, a.uscc, k.form FROM cases k JOIN accounts a"
                       " ON a.id = k.applicant_id WHERE k.id = $1",
                       YW_ARGS(in->case_id), &parties, op->err) < 0)
        return -1;
    const char *applicant = yw_rows_get(&parties, 0, 0), *idn = yw_rows_get(&parties, 0, 1),
               *uscc = yw_rows_get(&parties, 0, 2), *form_uscc = NULL;
    json_t *form = json_loads(yw_rows_get(&parties, 0, 3) ? yw_rows_get(&parties, 0, 3) : "{}", 0, NULL);
    const char *fu = json_string_value(json_object_get(form, "entity.uscc"));
    if (fu) form_uscc = yw_arena_strdup(op->arena, fu);
    json_decref(form);
    int kept = 0;
    for (int i = 0; i < rows.nrows; i++) {
        yw_cert *c = &(*out)[i];
        bool party = (c->account_id && applicant && strcmp(c->account_id, applicant) == 0) ||
                     (idn && strcmp(c->holder_id, idn) == 0) || (uscc && strcmp(c->holder_id, uscc) == 0) ||
                     (form_uscc && strcmp(c->holder_id, form_uscc) == 0);
        if (!party) {
            yw_rows m;
            if (yw_store_query(op->store, op->arena,
                               "SELECT 1 FROM case_materials WHERE case_id = $1 AND certificate_id = $2",
                               YW_ARGS(in->case_id, c->id), &m, op->err) < 0)
                return -1;
            party = m.nrows > 0;
        }
        if (party) (*out)[kept++] = *c;
    }
    *n = kept;
    for (int i = 0; i < kept; i++)
        if (log_read(op, &(*out)[i], in->case_id, "case") < 0) return -1;
    return 0;
}

int yw_cert_reads(yw_op *op, const char *id, yw_cert_read **out, int *n) {
    yw_cert c;
    if (yw_cert_get(op, id, &c) < 0) return -1;
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "SELECT r.certificate_id, a.name, d.name, r.case_id, k.number, r.purpose, r.read_at"
                       " FROM cert_reads r JOIN accounts a ON a.id = r.reader_id"
                       " LEFT JOIN departments d ON d.id = r.department_id LEFT JOIN cases k ON k.id = r.case_id"
                       " WHERE r.certificate_id = $1 ORDER BY r.read_at DESC, r.id DESC LIMIT 200",
                       YW_ARGS(c.id), &rows, op->err) < 0)
        return -1;
    static const yw_column cols[] = {
        YW_COLUMN(YW_COL_TEXT, yw_cert_read, certificate_id), YW_COLUMN(YW_COL_TEXT, yw_cert_read, reader_name),
        YW_COLUMN(YW_COL_TEXT, yw_cert_read, department_name), YW_COLUMN(YW_COL_TEXT, yw_cert_read, case_id),
        YW_COLUMN(YW_COL_TEXT, yw_cert_read, case_number),    YW_COLUMN(YW_COL_TEXT, yw_cert_read, purpose),
        YW_COLUMN(YW_COL_TEXT, yw_cert_read, read_at),
    };
    *out = yw_rows_fill_all(&rows, cols, NCOLS(cols), sizeof **out, op->arena);
    if (!*out) return yw_fail(op->err, YW_E_NOMEM, NULL);
    *n = rows.nrows;
    return 0;
}

const char *yw_cert_verify_url(yw_arena *a, const char *base, const char *id) {
    return yw_arena_printf(a, "%s/verify.html?cert=%s", base ? base : "", id);
}
