/* Accounts: validation of who may make which account, creation with its audit entry, reads with
 * masking. */
#include "account.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/buf.h"
#include "../../base/json_writer.h"
#include "../../base/time.h"
#include "../../base/ulid.h"
#include "../../std/idcard.h"
#include "../../std/uscc.h"
#include "audit.h"
#include "dept.h"
#include "privacy.h"

int yw_password_hash(const char *password, char out[128], yw_err *err) {
    if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return yw_fail(err, YW_E_NOMEM, NULL);
    return 0;
}

bool yw_password_verify(const char *hash, const char *password) {
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

int yw_account_password_check(const char *password, yw_err *err) {
    size_t n = password ? strlen(password) : 0;
    if (n < YW_PASSWORD_MIN || n > YW_PASSWORD_MAX)
        return yw_fail(err, YW_E_PASSWORD_LENGTH, "password", YW_PASSWORD_MIN, YW_PASSWORD_MAX);
    return 0;
}

static bool staff_login_ok(const char *s) {
    size_t n = s ? strlen(s) : 0;
    if (n < 3 || n > 32) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) return false;
    }
    return true;
}

bool yw_phone_ok(const char *s) {
    if (!s || strlen(s) != 11 || s[0] != '1') return false;
    for (int i = 0; i < 11; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

/* Checks the fields of in and works out the login; *login_out points into in. */
static int validate(const yw_account_new *in, int64_t today, const char **login_out, yw_err *err) {
    const char *kind = in->kind ? in->kind : "";
    size_t n = in->name ? strlen(in->name) : 0;
    if (n < 1 || n > 100) return yw_fail(err, YW_E_FIELD_LENGTH, "name", "name", 1, 100);
    if (in->phone && !yw_phone_ok(in->phone))
        return yw_fail(err, YW_E_ACCOUNT_PHONE, "phone");
    if (in->legal_representative) {
        if (strcmp(kind, "enterprise") != 0)
            return yw_fail(err, YW_E_LEGAL_REPRESENTATIVE_ONLY_ENTERPRISE, "legal_representative");
        n = strlen(in->legal_representative);
        if (n < 1 || n > 50)
            return yw_fail(err, YW_E_FIELD_LENGTH, "legal_representative", "legal_representative", 1, 50);
    }
    bool applicant = strcmp(kind, "person") == 0 || strcmp(kind, "enterprise") == 0;
    if (applicant && in->roles)
        return yw_fail(err, YW_E_APPLICANT_ROLES, "roles");
    if (applicant && in->department_code)
        return yw_fail(err, YW_E_APPLICANT_DEPARTMENT, "department");
    if (strcmp(kind, "person") == 0) {
        if (yw_idcard_validate(in->id_number, today, "id_number", err) < 0) return -1;
        if (in->uscc) return yw_fail(err, YW_E_PERSON_USCC, "uscc");
        if (in->login && strcmp(in->login, in->id_number) != 0)
            return yw_fail(err, YW_E_PERSON_LOGIN, "login");
        *login_out = in->id_number;
    } else if (strcmp(kind, "enterprise") == 0) {
        if (yw_uscc_validate(in->uscc, "uscc", err) < 0) return -1;
        if (in->id_number) return yw_fail(err, YW_E_ENTERPRISE_ID_NUMBER, "id_number");
        if (in->login && strcmp(in->login, in->uscc) != 0)
            return yw_fail(err, YW_E_ENTERPRISE_LOGIN, "login");
        *login_out = in->uscc;
    } else if (strcmp(kind, "staff") == 0) {
        if (!staff_login_ok(in->login))
            return yw_fail(err, YW_E_STAFF_LOGIN, "login");
        if (!in->roles || (in->roles & ~(unsigned)YW_ROLE_STAFF))
            return yw_fail(err, YW_E_STAFF_ROLES, "roles");
        if (!in->department_code) return yw_fail(err, YW_E_STAFF_DEPARTMENT, "department");
        if (in->id_number && yw_idcard_validate(in->id_number, today, "id_number", err) < 0) return -1;
        *login_out = in->login;
    } else {
        return yw_fail(err, YW_E_ACCOUNT_KIND, "kind");
    }
    return 0;
}

/* window: for a walk-in account, the department of the clerk who made it (its name), else NULL */
static const char *account_json(yw_arena *a, const char *id, const yw_account_new *in, const char *login,
                                const char *dept_id, const char *window) {
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, a);
    char roles[64];
    yw_roles_format(in->roles, roles, sizeof roles);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "id", id);
    yw_jw_kstr(&w, "kind", in->kind);
    /* a person's login is the ID number */
    yw_jw_kstr(&w, "login", login == in->id_number ? yw_mask_id_number(a, login) : login);
    yw_jw_kstr(&w, "name", in->name);
    /* the audit log keeps personal data masked too: supervisors read it */
    yw_jw_kstr(&w, "id_number", yw_mask_id_number(a, in->id_number));
    yw_jw_kstr(&w, "uscc", in->uscc);
    yw_jw_kstr(&w, "phone", yw_mask_phone(a, in->phone));
    yw_jw_kstr(&w, "department_id", dept_id);
    yw_jw_kstr(&w, "roles", roles);
    if (window) {
        yw_jw_kbool(&w, "walk_in", true);
        yw_jw_kstr(&w, "window", window);
    }
    yw_jw_end(&w);
    return b.failed ? NULL : b.data;
}

int yw_account_create(yw_op *op, const yw_account_new *in, yw_account *out) {
    yw_store *s = op->store;
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    const yw_actor *by = op->actor;
    bool staff = in->kind && strcmp(in->kind, "staff") == 0;
    /* staff accounts need an admin; anyone (nobody logged in) registers a person or enterprise */
    if (staff && yw_op_require(op, YW_ROLE_ADMIN, "create staff accounts") < 0) return -1;
    /* without a password: a person or an enterprise at the window, whose account a clerk makes */
    bool walk_in = !in->password_hash;
    if (walk_in && (staff || !by)) return yw_fail(err, YW_E_FIELD_REQUIRED, "password", "password");
    if (walk_in && !yw_actor_has(by, YW_ROLE_CLERK)) return yw_fail(err, YW_E_ACCOUNT_WALK_IN_CLERK_ONLY, "password");
    const char *login = NULL;
    if (validate(in, yw_op_today(op), &login, err) < 0) return -1;
    if (walk_in && !in->phone) return yw_fail(err, YW_E_ACCOUNT_WALK_IN_PHONE, "phone");
    if (!walk_in && strncmp(in->password_hash, "$argon2id$", 10) != 0)
        return yw_err_set(err, YW_ERR_INTERNAL, NULL, "the password is hashed before the transaction");
    yw_account_new acc = *in;
    if (!staff) acc.roles = YW_ROLE_APPLICANT;
    const char *dept_id = NULL;
    if (in->department_code) {
        yw_dept d;
        if (yw_dept_find(op, in->department_code, &d) < 0) return -1;
        if (d.disabled) return yw_fail(err, YW_E_DEPARTMENT_DISABLED, "department", d.name);
        dept_id = d.id;
    }
    yw_rows rows;
    if (yw_store_query(s, a,
                       "SELECT 'login' FROM accounts WHERE login = $1 UNION ALL "
                       "SELECT 'id_number' FROM accounts WHERE id_number = $2 UNION ALL "
                       "SELECT 'uscc' FROM accounts WHERE uscc = $3",
                       YW_ARGS(login, in->id_number, in->uscc), &rows, err) < 0)
        return -1;
    if (rows.nrows) {
        /* a walk-in's conflict names what the clerk typed: the ID number or the USCC */
        const char *f = !walk_in ? yw_rows_get(&rows, 0, 0) : in->id_number ? "id_number" : "uscc";
        const char *zh = strcmp(f, "id_number") == 0 ? "身份证号码" : strcmp(f, "uscc") == 0 ? "统一社会信用代码" : "登录名";
        return yw_fail(err, YW_E_ACCOUNT_EXISTS, f, zh, f);
    }
    char id[YW_ID_SIZE], now[YW_TIMESTAMP_SIZE], roles[64];
    yw_ulid_new(id);
    yw_op_timestamp(op, now);
    yw_roles_format(acc.roles, roles, sizeof roles);
    if (yw_store_exec(s,
                      "INSERT INTO accounts (id, kind, login, name, id_number, uscc, phone, department_id, roles,"
                      " password_hash, disabled, created_at, updated_at, legal_representative, must_change_password)"
                      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $11, $12, $13)",
                      YW_ARGS(id, in->kind, login, in->name, in->id_number, in->uscc, in->phone, dept_id, roles,
                              walk_in ? "" : in->password_hash, now, in->legal_representative,
                              in->must_change_password ? "1" : "0"),
                      NULL, err) < 0)
        return -1;
    const char *window = NULL;
    if (walk_in) { /* the clerk's window: their department, named in the audit entry */
        if (yw_store_query(s, a, "SELECT name FROM departments WHERE id = $1", YW_ARGS(by->department_id ? by->department_id : ""),
                           &rows, err) < 0)
            return -1;
        window = rows.nrows ? yw_rows_get(&rows, 0, 0) : "";
    }
    const char *after = account_json(a, id, &acc, login, dept_id, window);
    if (!after) return yw_fail(err, YW_E_NOMEM, NULL);
    /* a self-registration is its own actor */
    yw_actor self = {.account_id = yw_arena_strdup(a, id), .kind = in->kind, .roles = acc.roles};
    if (!self.account_id) return yw_fail(err, YW_E_NOMEM, NULL);
    yw_op as = *op;
    if (!by) as.actor = &self;
    if (yw_audit_append(&as, "account.create", "account", id, NULL, after) < 0) return -1;
    return out ? yw_account_get(&as, self.account_id, out) : 0;
}

#define ACCOUNT_COLS                                                                                             \
    "a.id, a.kind, a.login, a.name, a.id_number, a.uscc, a.phone, a.department_id, d.code, d.name, a.roles,"    \
    " a.disabled, a.created_at, a.legal_representative, CASE WHEN a.password_hash = '' THEN 0 ELSE 1 END,"       \
    " a.must_change_password FROM accounts a LEFT JOIN departments d ON d.id = a.department_id"

/* ACCOUNT_COLS into a yw_account, column by column; the roles (column 10) are parsed after */
static const yw_column account_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_account, id),          YW_COLUMN(YW_COL_TEXT, yw_account, kind),
    YW_COLUMN(YW_COL_TEXT, yw_account, login),       YW_COLUMN(YW_COL_TEXT, yw_account, name),
    YW_COLUMN(YW_COL_TEXT, yw_account, id_number),   YW_COLUMN(YW_COL_TEXT, yw_account, uscc),
    YW_COLUMN(YW_COL_TEXT, yw_account, phone),       YW_COLUMN(YW_COL_TEXT, yw_account, department_id),
    YW_COLUMN(YW_COL_TEXT, yw_account, department_code), YW_COLUMN(YW_COL_TEXT, yw_account, department_name),
    {YW_COL_SKIP, 0, NULL},                                YW_COLUMN(YW_COL_BOOL, yw_account, disabled),
    YW_COLUMN(YW_COL_TEXT, yw_account, created_at),  YW_COLUMN(YW_COL_TEXT, yw_account, legal_representative),
    YW_COLUMN(YW_COL_BOOL, yw_account, password_set), YW_COLUMN(YW_COL_BOOL, yw_account, must_change_password),
};

static void fill(const yw_rows *r, int i, yw_account *acc) {
    yw_rows_fill(r, i, account_columns, (int)(sizeof account_columns / sizeof account_columns[0]), acc);
    acc->roles = 0;
    yw_roles_parse(yw_rows_get(r, i, 10), &acc->roles, NULL, NULL);
}

void yw_account_mask_for(yw_arena *a, const yw_actor *actor, yw_account *acc) {
    if (actor && actor->account_id && strcmp(actor->account_id, acc->id) == 0) return;
    if (yw_actor_has(actor, YW_ROLE_ADMIN)) return;
    if (yw_actor_has(actor, YW_ROLE_CLERK) && strcmp(acc->kind, "staff") != 0) return;
    /* a person's login is the ID number itself */
    bool login_is_id = acc->id_number && acc->login && strcmp(acc->login, acc->id_number) == 0;
    acc->id_number = yw_mask_id_number(a, acc->id_number);
    acc->phone = yw_mask_phone(a, acc->phone);
    if (login_is_id) acc->login = acc->id_number;
}

/* May actor read this account at all? */
static bool may_read(const yw_actor *actor, const yw_account *acc) {
    if (!actor) return false;
    if (actor->account_id && strcmp(actor->account_id, acc->id) == 0) return true;
    if (actor->roles & (YW_ROLE_ADMIN | YW_ROLE_SUPERVISOR)) return true;
    return (actor->roles & YW_ROLE_CLERK) && strcmp(acc->kind, "staff") != 0;
}

int yw_account_get(yw_op *op, const char *id, yw_account *out) {
    yw_store *s = op->store;
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    const yw_actor *actor = op->actor;
    if (!actor) return yw_fail(err, YW_E_LOGIN_REQUIRED, NULL);
    yw_rows rows;
    if (yw_store_query(s, a, "SELECT " ACCOUNT_COLS " WHERE a.id = $1", YW_ARGS(id), &rows, err) < 0) return -1;
    if (!rows.nrows) return yw_fail(err, YW_E_ACCOUNT_NOT_FOUND, "id", id);
    fill(&rows, 0, out);
    if (!may_read(actor, out)) return yw_fail(err, YW_E_ACCOUNT_READ_FORBIDDEN, NULL);
    yw_account_mask_for(a, actor, out);
    return 0;
}

/* The WHERE of a list or count: $1 kind, $2 clerks' "staff out", $3 the search (a part of the name,
 * the start of the login, the end of the ID number or USCC; LIKE's wildcards escaped), $4 the
 * department's id. */
#define LIST_WHERE                                                                                              \
    " WHERE (CAST($1 AS TEXT) IS NULL OR a.kind = CAST($1 AS TEXT)) AND (CAST($2 AS TEXT) = '0' OR a.kind <> 'staff')" \
    " AND (CAST($3 AS TEXT) IS NULL OR a.name LIKE '%' || CAST($3 AS TEXT) || '%' ESCAPE '\\'"                   \
    " OR a.login LIKE CAST($3 AS TEXT) || '%' ESCAPE '\\' OR a.id_number LIKE '%' || CAST($3 AS TEXT) ESCAPE '\\'" \
    " OR a.uscc LIKE '%' || CAST($3 AS TEXT) ESCAPE '\\')"                                                       \
    " AND (CAST($4 AS TEXT) IS NULL OR a.department_id = CAST($4 AS TEXT))"

/* The filter's checks and its four parameters (LIST_WHERE); params gets arena memory. */
static int list_params(yw_op *op, const yw_account_filter *f, const char *params[4]) {
    if (yw_op_require(op, YW_ROLE_ADMIN | YW_ROLE_SUPERVISOR | YW_ROLE_CLERK, "list accounts") < 0) return -1;
    yw_err *err = op->err;
    const char *kind = f->kind;
    if (kind && strcmp(kind, "person") && strcmp(kind, "enterprise") && strcmp(kind, "staff"))
        return yw_fail(err, YW_E_ACCOUNT_KIND, "kind");
    bool clerk_only = !(op->actor->roles & (YW_ROLE_ADMIN | YW_ROLE_SUPERVISOR));
    if (clerk_only && kind && strcmp(kind, "staff") == 0)
        return yw_fail(err, YW_E_ACCOUNT_LIST_STAFF, NULL);
    const char *like = NULL;
    if (f->q && *f->q) {
        yw_buf b;
        yw_buf_init(&b, op->arena);
        for (const char *c = f->q; *c; c++) {
            if (*c == '%' || *c == '_' || *c == '\\') yw_buf_putc(&b, '\\');
            yw_buf_putc(&b, *c);
        }
        yw_buf_putc(&b, '\0');
        if (b.failed) return yw_fail(err, YW_E_NOMEM, NULL);
        like = b.data;
    }
    const char *dept_id = NULL;
    if (f->department && *f->department) {
        yw_dept d;
        if (yw_dept_find(op, f->department, &d) < 0) return -1;
        dept_id = d.id;
    }
    params[0] = kind;
    params[1] = clerk_only ? "1" : "0";
    params[2] = like;
    params[3] = dept_id;
    return 0;
}

int yw_account_list(yw_op *op, const yw_account_filter *f, yw_account **out, int *count) {
    const char *p[6];
    if (list_params(op, f, p) < 0) return -1;
    yw_arena *a = op->arena;
    char lim[16], off[16];
    snprintf(lim, sizeof lim, "%d", f->limit);
    snprintf(off, sizeof off, "%d", f->offset);
    p[4] = lim;
    p[5] = off;
    yw_rows rows;
    if (yw_store_query(op->store, a, "SELECT " ACCOUNT_COLS LIST_WHERE " ORDER BY a.login LIMIT $5 OFFSET $6", 6, p,
                       &rows, op->err) < 0)
        return -1;
    yw_account *list = yw_arena_calloc(a, (size_t)rows.nrows + 1, sizeof *list);
    if (!list) return yw_fail(op->err, YW_E_NOMEM, NULL);
    for (int i = 0; i < rows.nrows; i++) {
        fill(&rows, i, &list[i]);
        yw_account_mask_for(a, op->actor, &list[i]);
    }
    *out = list;
    *count = rows.nrows;
    return 0;
}

int yw_account_count(yw_op *op, const yw_account_filter *f, int64_t *total) {
    const char *p[4];
    if (list_params(op, f, p) < 0) return -1;
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT COUNT(*) FROM accounts a" LIST_WHERE, 4, p, &rows, op->err) < 0)
        return -1;
    *total = strtoll(yw_rows_get(&rows, 0, 0), NULL, 10);
    return 0;
}

int yw_account_set_disabled(yw_op *op, const char *id, bool disabled) {
    yw_account_change c = {.set_disabled = true, .disabled = disabled};
    return yw_account_update(op, id, &c);
}
