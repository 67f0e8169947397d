/* Accounts as administrators keep them — a change of state, roles, department, name or phone; a
 * new password shown once or sent by SMS — and one's own password (account.h). Every change is
 * audited; none leaves the platform without an enabled administrator. */
#include <stdlib.h>
#include <string.h>

#include "../../base/buf.h"
#include "../../base/json_writer.h"
#include "../../std/idcard.h"
#include "../../std/uscc.h"
#include "account.h"
#include "audit.h"
#include "dept.h"
#include "event.h"
#include "privacy.h"
#include "session.h"

/* The row as an update reads it, locked first: two administrators changing one account at once
 * on two servers change it one after the other. */
typedef struct {
    const char *kind, *name, *phone, *department_id;
    unsigned roles;
    bool disabled;
} row_t;

static int lock_row(yw_op *op, const char *id, row_t *r) {
    char now[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    yw_rows rows;
    /* an UPDATE that changes nothing takes the row's lock on PostgreSQL; SQLite has one writer */
    if (yw_store_query(op->store, op->arena,
                       "UPDATE accounts SET updated_at = updated_at WHERE id = $1"
                       " RETURNING kind, name, phone, department_id, roles, disabled",
                       YW_ARGS(id), &rows, op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_ACCOUNT_NOT_FOUND, "id", id);
    r->kind = yw_rows_get(&rows, 0, 0);
    r->name = yw_rows_get(&rows, 0, 1);
    r->phone = yw_rows_get(&rows, 0, 2);
    r->department_id = yw_rows_get(&rows, 0, 3);
    r->roles = 0;
    yw_roles_parse(yw_rows_get(&rows, 0, 4), &r->roles, NULL, NULL);
    r->disabled = strcmp(yw_rows_get(&rows, 0, 5), "0") != 0;
    return 0;
}

/* Refuses a change that would leave no enabled administrator. The admins are counted under one
 * named lock, so that two servers demoting the last two admins at once cannot both succeed. */
static int keep_an_admin(yw_op *op, const char *id) {
    if (yw_store_lock(op->store, "accounts:admins", op->err) < 0) return -1;
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "SELECT COUNT(*) FROM accounts WHERE id <> $1 AND disabled = 0"
                       " AND (' ' || roles || ' ') LIKE '% admin %'",
                       YW_ARGS(id), &rows, op->err) < 0)
        return -1;
    if (strtoll(yw_rows_get(&rows, 0, 0), NULL, 10) == 0) return yw_fail(op->err, YW_E_ACCOUNT_LAST_ADMIN, "roles");
    return 0;
}

/* The audited view of a row: personal data masked, as the audit log keeps it. */
static const char *row_json(yw_arena *a, const row_t *r) {
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, a);
    char roles[64];
    yw_roles_format(r->roles, roles, sizeof roles);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "name", r->name);
    yw_jw_kstr(&w, "phone", yw_mask_phone(a, r->phone));
    yw_jw_kstr(&w, "department_id", r->department_id);
    yw_jw_kstr(&w, "roles", roles);
    yw_jw_kbool(&w, "disabled", r->disabled);
    yw_jw_end(&w);
    return b.failed ? NULL : b.data;
}

int yw_account_update(yw_op *op, const char *id, const yw_account_change *in) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "change accounts") < 0) return -1;
    yw_err *err = op->err;
    if (!in->set_disabled && !in->set_roles && !in->department_code && !in->name && !in->phone)
        return yw_fail(err, YW_E_ACCOUNT_NO_CHANGE, NULL);
    if (in->set_disabled && in->disabled && strcmp(op->actor->account_id, id) == 0)
        return yw_fail(err, YW_E_ACCOUNT_DISABLE_SELF, "id");
    if (in->name) {
        size_t n = strlen(in->name);
        if (n < 1 || n > 100) return yw_fail(err, YW_E_FIELD_LENGTH, "name", "name", 1, 100);
    }
    if (in->phone && *in->phone && !yw_phone_ok(in->phone)) return yw_fail(err, YW_E_ACCOUNT_PHONE, "phone");
    row_t before, after;
    if (lock_row(op, id, &before) < 0) return -1;
    bool staff = strcmp(before.kind, "staff") == 0;
    if (!staff && in->set_roles) return yw_fail(err, YW_E_ACCOUNT_NOT_STAFF, "roles");
    if (!staff && in->department_code) return yw_fail(err, YW_E_ACCOUNT_NOT_STAFF, "department");
    if (in->set_roles && (!in->roles || (in->roles & ~(unsigned)YW_ROLE_STAFF)))
        return yw_fail(err, YW_E_STAFF_ROLES, "roles");
    after = before;
    if (in->set_disabled) after.disabled = in->disabled;
    if (in->set_roles) after.roles = in->roles;
    if (in->name) after.name = in->name;
    if (in->phone) after.phone = *in->phone ? in->phone : NULL;
    if (in->department_code) {
        yw_dept d;
        if (yw_dept_find(op, in->department_code, &d) < 0) return -1;
        if (d.disabled && (!before.department_id || strcmp(d.id, before.department_id) != 0))
            return yw_fail(err, YW_E_DEPARTMENT_DISABLED, "department", d.name);
        after.department_id = d.id;
    }
    bool was_admin = !before.disabled && (before.roles & YW_ROLE_ADMIN);
    bool is_admin = !after.disabled && (after.roles & YW_ROLE_ADMIN);
    if (was_admin && !is_admin && keep_an_admin(op, id) < 0) return -1;
    char now[YW_TIMESTAMP_SIZE], roles[64];
    yw_op_timestamp(op, now);
    yw_roles_format(after.roles, roles, sizeof roles);
    if (yw_store_exec(op->store,
                      "UPDATE accounts SET disabled = $2, roles = $3, department_id = $4, name = $5, phone = $6,"
                      " updated_at = $7 WHERE id = $1",
                      YW_ARGS(id, after.disabled ? "1" : "0", roles, after.department_id, after.name, after.phone, now),
                      NULL, err) < 0)
        return -1;
    if (after.disabled && !before.disabled &&
        yw_store_exec(op->store, "DELETE FROM sessions WHERE account_id = $1", YW_ARGS(id), NULL, err) < 0)
        return -1;
    const char *b = row_json(op->arena, &before), *a = row_json(op->arena, &after);
    if (!b || !a) return yw_fail(err, YW_E_NOMEM, NULL);
    /* a change of state alone keeps the names the audit log always had for it */
    bool only_state = in->set_disabled && !in->set_roles && !in->department_code && !in->name && !in->phone;
    const char *action = only_state ? (in->disabled ? "account.disable" : "account.enable") : "account.update";
    return yw_audit_append(op, action, "account", id, b, a);
}

int yw_account_reset_password(yw_op *op, const char *id, const char *password_hash, const char *sms_password) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "reset passwords") < 0) return -1;
    yw_err *err = op->err;
    if (!password_hash || strncmp(password_hash, "$argon2id$", 10) != 0)
        return yw_err_set(err, YW_ERR_INTERNAL, NULL, "the password is hashed before the transaction");
    row_t r;
    if (lock_row(op, id, &r) < 0) return -1;
    if (sms_password && !r.phone) return yw_fail(err, YW_E_ACCOUNT_NO_PHONE, "send");
    char now[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    if (yw_store_exec(op->store,
                      "UPDATE accounts SET password_hash = $2, must_change_password = 1, updated_at = $3 WHERE id = $1",
                      YW_ARGS(id, password_hash, now), NULL, err) < 0)
        return -1;
    /* whoever held the old password is logged out with it */
    if (yw_store_exec(op->store, "DELETE FROM sessions WHERE account_id = $1", YW_ARGS(id), NULL, err) < 0) return -1;
    if (sms_password) {
        yw_account_secret secret = {id, r.phone, sms_password};
        yw_event ev = {.kind = "account.password_reset", .subject_type = "account", .subject_id = id, .data = &secret};
        if (yw_event_raise(op, &ev) < 0) return -1;
    }
    /* the password itself never enters the audit log: only how it was handed over */
    return yw_audit_append(op, "account.password_reset", "account", id, NULL,
                           sms_password ? "{\"sent\":\"sms\"}" : "{\"sent\":\"shown\"}");
}

/* ---- sign-up's fields, one at a time ---- */

int yw_account_check_field(yw_op *op, const char *kind, const char *field, const char *value, yw_err *err) {
    size_t n = strlen(value);
    if (strcmp(field, "name") == 0)
        return n >= 1 && n <= 100 ? 0 : yw_fail(err, YW_E_FIELD_LENGTH, "name", "name", 1, 100);
    if (strcmp(field, "legal_representative") == 0) {
        if (!kind || strcmp(kind, "enterprise") != 0)
            return yw_fail(err, YW_E_LEGAL_REPRESENTATIVE_ONLY_ENTERPRISE, "legal_representative");
        return n >= 1 && n <= 50 ? 0 : yw_fail(err, YW_E_FIELD_LENGTH, "legal_representative", "legal_representative", 1, 50);
    }
    if (strcmp(field, "phone") == 0) return yw_phone_ok(value) ? 0 : yw_fail(err, YW_E_ACCOUNT_PHONE, "phone");
    if (strcmp(field, "password") == 0) return yw_account_password_check(value, err);
    bool id = strcmp(field, "id_number") == 0;
    if (!id && strcmp(field, "uscc") != 0) return yw_fail(err, YW_E_FIELD_UNKNOWN, field, field);
    if (id ? yw_idcard_validate(value, yw_op_today(op), "id_number", err) < 0 : yw_uscc_validate(value, "uscc", err) < 0)
        return -1;
    /* as registering would answer: the person's or enterprise's login is taken */
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT 1 FROM accounts WHERE login = $1 OR id_number = $1 OR uscc = $1",
                       YW_ARGS(value), &rows, err) < 0)
        return -1;
    if (rows.nrows) return yw_fail(err, YW_E_ACCOUNT_EXISTS, field, id ? "身份证号码" : "统一社会信用代码", field);
    return 0;
}

/* ---- one's own password ---- */

#define PASSWORD_WINDOW_MS ((int64_t)15 * 60 * 1000)
#define PASSWORD_MAX_WRONG 5

int yw_password_change_begin(yw_op *op, bool current_given, yw_password_change *out) {
    memset(out, 0, sizeof *out);
    if (!op->actor) return yw_fail(op->err, YW_E_LOGIN_REQUIRED, NULL);
    const char *id = op->actor->account_id;
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT password_hash, must_change_password FROM accounts WHERE id = $1",
                       YW_ARGS(id), &rows, op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_ACCOUNT_NOT_FOUND, "id", id);
    out->account_id = id;
    const char *hash = yw_rows_get(&rows, 0, 0);
    /* no password yet (opened at the window), or one an administrator chose and the person has
     * just logged in with: nothing of theirs to prove */
    if (!*hash || strcmp(yw_rows_get(&rows, 0, 1), "0") != 0) return 0;
    if (!current_given) return yw_fail(op->err, YW_E_FIELD_REQUIRED, "current_password", "current_password");
    const char *scope = yw_arena_printf(op->arena, "password:%s", id);
    if (!scope) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (yw_store_lock(op->store, scope, op->err) < 0) return -1;
    int64_t n;
    if (yw_failures_count(op, scope, PASSWORD_WINDOW_MS, &n) < 0) return -1;
    if (n >= PASSWORD_MAX_WRONG) return yw_fail(op->err, YW_E_PASSWORD_CURRENT_LOCKED, "current_password");
    if (yw_failures_record(op, scope, PASSWORD_WINDOW_MS, &out->attempt_id) < 0) return -1;
    out->current_hash = hash;
    return 0;
}

int yw_password_change_finish(yw_op *op, const yw_password_change *pc, bool current_ok, const char *new_hash) {
    yw_err *err = op->err;
    if (pc->current_hash && !current_ok) return yw_fail(err, YW_E_PASSWORD_CURRENT_WRONG, "current_password");
    if (!new_hash || strncmp(new_hash, "$argon2id$", 10) != 0)
        return yw_err_set(err, YW_ERR_INTERNAL, NULL, "the password is hashed before the transaction");
    char now[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    int64_t changed = 0;
    /* only from the password the check was made against: a change in between wins */
    if (yw_store_exec(op->store,
                      "UPDATE accounts SET password_hash = $2, must_change_password = 0, updated_at = $3"
                      " WHERE id = $1 AND (CAST($4 AS TEXT) IS NULL OR password_hash = CAST($4 AS TEXT))",
                      YW_ARGS(pc->account_id, new_hash, now, pc->current_hash), &changed, err) < 0)
        return -1;
    if (changed != 1) return yw_fail(err, YW_E_PASSWORD_CURRENT_WRONG, "current_password");
    if (pc->attempt_id && yw_failures_forget(op, pc->attempt_id) < 0) return -1;
    return yw_audit_append(op, "account.password_change", "account", pc->account_id, NULL, "{\"password\":\"changed\"}");
}
