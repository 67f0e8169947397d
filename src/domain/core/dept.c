/* Departments and their aliases. */
#include "dept.h"

#include <stdlib.h>
#include <string.h>

#include "../../base/buf.h"
#include "../../base/json_writer.h"
#include "../../base/time.h"
#include "../../base/ulid.h"
#include "../../std/region.h"
#include "audit.h"

static int validate(const yw_dept_new *in, yw_err *err) {
    size_t n = in->code ? strlen(in->code) : 0;
    if (n < 2 || n > 32) return yw_fail(err, YW_E_FIELD_LENGTH, "code", "code", 2, 32);
    for (size_t i = 0; i < n; i++) {
        char c = in->code[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return yw_fail(err, YW_E_DEPARTMENT_CODE_CHARACTERS, "code");
    }
    n = in->name ? strlen(in->name) : 0;
    if (n < 2 || n > 100) return yw_fail(err, YW_E_FIELD_LENGTH, "name", "name", 2, 100);
    if (yw_region_validate(in->region_code, "region_code", err) < 0) return -1;
    for (const char *const *al = in->aliases; al && *al; al++) {
        n = strlen(*al);
        if (n < 2 || n > 100) return yw_fail(err, YW_E_ALIAS_LENGTH, "aliases");
        for (const char *c = *al; *c; c++)
            if ((unsigned char)*c < 0x20)
                return yw_fail(err, YW_E_FIELD_CONTROL, "aliases", "aliases");
    }
    return 0;
}

static char *dept_json(yw_arena *a, const char *id, const yw_dept_new *in) {
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, a);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "id", id);
    yw_jw_kstr(&w, "code", in->code);
    yw_jw_kstr(&w, "name", in->name);
    yw_jw_kstr(&w, "region_code", in->region_code);
    yw_jw_key(&w, "aliases");
    yw_jw_arr(&w);
    for (const char *const *al = in->aliases; al && *al; al++) yw_jw_str(&w, *al);
    yw_jw_end(&w);
    yw_jw_end(&w);
    return b.failed ? NULL : b.data;
}

#define ALIAS_SEP '\x1f'

static int compare_strings(const void *x, const void *y) {
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The aliases other than the name, sorted, distinct, joined by ALIAS_SEP; NULL when out of memory. */
static const char *join_aliases(yw_arena *a, const yw_dept_new *in) {
    size_t n = 0;
    for (const char *const *al = in->aliases; al && *al; al++) n++;
    const char **sorted = yw_arena_calloc(a, n + 1, sizeof(char *));
    if (!sorted) return NULL;
    size_t k = 0;
    for (const char *const *al = in->aliases; al && *al; al++)
        if (strcmp(*al, in->name) != 0) sorted[k++] = *al;
    qsort(sorted, k, sizeof(char *), compare_strings);
    yw_buf b;
    yw_buf_init(&b, a);
    yw_buf_reserve(&b, 1);
    for (size_t i = 0; i < k; i++) {
        if (i && strcmp(sorted[i], sorted[i - 1]) == 0) continue;
        if (b.len) yw_buf_putc(&b, ALIAS_SEP);
        yw_buf_puts(&b, sorted[i]);
    }
    return b.failed ? NULL : b.data;
}

/* Splits the stored aliases into a NULL-terminated arena array; NULL when out of memory. */
static const char **split_aliases(yw_arena *a, const char *joined) {
    size_t n = *joined ? 2 : 1;
    for (const char *p = joined; *p; p++) n += *p == ALIAS_SEP;
    const char **out = yw_arena_calloc(a, n, sizeof(char *));
    char *copy = yw_arena_strdup(a, joined);
    if (!out || !copy) return NULL;
    size_t k = 0;
    for (char *p = copy; *copy;) {
        char *sep = strchr(p, ALIAS_SEP);
        out[k++] = p;
        if (!sep) break;
        *sep = '\0';
        p = sep + 1;
    }
    return out;
}

int yw_dept_create(yw_op *op, const yw_dept_new *in, yw_dept *out) {
    yw_err *err = op->err;
    yw_store *s = op->store;
    yw_arena *a = op->arena;
    if (yw_op_require(op, YW_ROLE_ADMIN, "create departments") < 0) return -1;
    if (validate(in, err) < 0) return -1;
    char id[YW_ID_SIZE], now[YW_TIMESTAMP_SIZE];
    yw_ulid_new(id);
    yw_op_timestamp(op, now);
    /* a name must not be another department's alias, nor an alias another's name */
    yw_rows rows;
    if (yw_store_query(s, a,
                       "SELECT 'code' FROM departments WHERE code = $1 UNION ALL "
                       "SELECT 'name' FROM departments WHERE name = $2 UNION ALL "
                       "SELECT 'name' FROM department_aliases WHERE alias = $2",
                       YW_ARGS(in->code, in->name), &rows, err) < 0)
        return -1;
    if (rows.nrows) {
        const char *f = yw_rows_get(&rows, 0, 0);
        return yw_fail(err, YW_E_DEPARTMENT_EXISTS, f, strcmp(f, "code") == 0 ? "编码" : "名称", f);
    }
    const char *joined = join_aliases(a, in);
    if (!joined) return yw_fail(err, YW_E_NOMEM, NULL);
    if (yw_store_exec(s,
                      "INSERT INTO departments (id, code, name, region_code, aliases, created_at)"
                      " VALUES ($1, $2, $3, $4, $5, $6)",
                      YW_ARGS(id, in->code, in->name, in->region_code, joined, now), NULL, err) < 0)
        return -1;
    for (const char *const *al = in->aliases; al && *al; al++) {
        if (strcmp(*al, in->name) == 0) continue;
        char aid[YW_ID_SIZE];
        yw_ulid_new(aid);
        if (yw_store_query(s, a, "SELECT 1 FROM departments WHERE name = $1", YW_ARGS(*al), &rows, err) < 0) return -1;
        if (rows.nrows)
            return yw_fail(err, YW_E_ALIAS_IS_DEPARTMENT_NAME, "aliases", *al);
        if (yw_store_exec(s, "INSERT INTO department_aliases (id, alias, department_id) VALUES ($1, $2, $3)",
                          YW_ARGS(aid, *al, id), NULL, err) < 0) {
            if (err && err->code == YW_ERR_CONFLICT)
                yw_fail(err, YW_E_ALIAS_TAKEN, "aliases", *al);
            return -1;
        }
    }
    const char *after = dept_json(a, id, in);
    if (!after) return yw_fail(err, YW_E_NOMEM, NULL);
    if (yw_audit_append(op, "department.create", "department", id, NULL, after) < 0) return -1;
    return out ? yw_dept_find(op, in->code, out) : 0;
}

/* "id, code, name, region_code, aliases" into a yw_dept; the aliases (column 4) split after */
static const yw_column dept_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_dept, id), YW_COLUMN(YW_COL_TEXT, yw_dept, code), YW_COLUMN(YW_COL_TEXT, yw_dept, name),
    YW_COLUMN(YW_COL_TEXT, yw_dept, region_code), {YW_COL_SKIP, 0, NULL}, YW_COLUMN(YW_COL_BOOL, yw_dept, disabled),
};

static int fill(yw_arena *a, const yw_rows *r, int i, yw_dept *d, yw_err *err) {
    yw_rows_fill(r, i, dept_columns, (int)(sizeof dept_columns / sizeof dept_columns[0]), d);
    d->aliases = split_aliases(a, yw_rows_get(r, i, 4));
    return d->aliases ? 0 : yw_fail(err, YW_E_NOMEM, NULL);
}

int yw_dept_list(yw_op *op, yw_dept **out, int *count) {
    yw_store *s = op->store;
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    yw_rows rows;
    if (yw_store_query(s, a, "SELECT id, code, name, region_code, aliases, disabled FROM departments ORDER BY code", YW_NOARGS,
                       &rows, err) < 0)
        return -1;
    yw_dept *d = yw_arena_calloc(a, (size_t)rows.nrows + 1, sizeof *d);
    if (!d) return yw_fail(err, YW_E_NOMEM, NULL);
    for (int i = 0; i < rows.nrows; i++)
        if (fill(a, &rows, i, &d[i], err) < 0) return -1;
    *out = d;
    *count = rows.nrows;
    return 0;
}

int yw_dept_find(yw_op *op, const char *key, yw_dept *out) {
    yw_store *s = op->store;
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    /* three indexed lookups in the order a caller most often means: code, name, alias */
    static const char *const lookups[] = {
        "SELECT id, code, name, region_code, aliases, disabled FROM departments WHERE code = $1",
        "SELECT id, code, name, region_code, aliases, disabled FROM departments WHERE name = $1",
        ("SELECT d.id, d.code, d.name, d.region_code, d.aliases, d.disabled FROM department_aliases x"
         " JOIN departments d ON d.id = x.department_id WHERE x.alias = $1"),
    };
    for (size_t i = 0; i < sizeof lookups / sizeof lookups[0]; i++) {
        yw_rows rows;
        if (yw_store_query(s, a, lookups[i], YW_ARGS(key), &rows, err) < 0) return -1;
        if (rows.nrows) return fill(a, &rows, 0, out, err);
    }
    return yw_fail(err, YW_E_DEPARTMENT_NOT_FOUND, "department", key ? key : "");
}

int yw_dept_update(yw_op *op, const char *key, const yw_dept_change *in, yw_dept *out) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "change departments") < 0) return -1;
    yw_err *err = op->err;
    yw_store *s = op->store;
    yw_arena *a = op->arena;
    if (!in->name && !in->set_disabled) return yw_fail(err, YW_E_DEPARTMENT_NO_CHANGE, NULL);
    size_t n = in->name ? strlen(in->name) : 2;
    if (n < 2 || n > 100) return yw_fail(err, YW_E_FIELD_LENGTH, "name", "name", 2, 100);
    yw_dept d;
    if (yw_dept_find(op, key, &d) < 0) return -1;
    /* the row locked before anything is read of it (an UPDATE that changes nothing) */
    if (yw_store_exec(s, "UPDATE departments SET disabled = disabled WHERE id = $1", YW_ARGS(d.id), NULL, err) < 0 ||
        yw_dept_find(op, d.code, &d) < 0)
        return -1;
    bool rename = in->name && strcmp(in->name, d.name) != 0;
    bool disabled = in->set_disabled ? in->disabled : d.disabled;
    yw_rows rows;
    if (disabled && !d.disabled) {
        if (yw_store_query(s, a, "SELECT COUNT(*) FROM accounts WHERE department_id = $1 AND disabled = 0",
                           YW_ARGS(d.id), &rows, err) < 0)
            return -1;
        long long staff = strtoll(yw_rows_get(&rows, 0, 0), NULL, 10);
        if (staff) return yw_fail(err, YW_E_DEPARTMENT_HAS_STAFF, "disabled", staff);
    }
    const char **aliases = d.aliases;
    if (rename) {
        /* the new name: no other department's name or alias; this one's own alias may become its name */
        if (yw_store_query(s, a,
                           "SELECT 1 FROM departments WHERE name = $1 UNION ALL"
                           " SELECT 1 FROM department_aliases WHERE alias = $1 AND department_id <> $2",
                           YW_ARGS(in->name, d.id), &rows, err) < 0)
            return -1;
        if (rows.nrows) return yw_fail(err, YW_E_DEPARTMENT_EXISTS, "name", "名称", "name");
        if (yw_store_exec(s, "DELETE FROM department_aliases WHERE alias = $1", YW_ARGS(in->name), NULL, err) < 0)
            return -1;
        char aid[YW_ID_SIZE];
        yw_ulid_new(aid);
        if (yw_store_exec(s, "INSERT INTO department_aliases (id, alias, department_id) VALUES ($1, $2, $3)",
                          YW_ARGS(aid, d.name, d.id), NULL, err) < 0)
            return -1;
        size_t k = 0;
        for (const char **al = d.aliases; al && *al; al++) k++;
        aliases = yw_arena_calloc(a, k + 2, sizeof(char *));
        if (!aliases) return yw_fail(err, YW_E_NOMEM, NULL);
        k = 0;
        for (const char **al = d.aliases; al && *al; al++) aliases[k++] = *al;
        aliases[k] = d.name;
    }
    yw_dept_new next = {d.code, rename ? in->name : d.name, d.region_code, (const char *const *)aliases};
    const char *joined = join_aliases(a, &next);
    const char *before = dept_json(a, d.id, &(yw_dept_new){d.code, d.name, d.region_code, (const char *const *)d.aliases});
    const char *after = dept_json(a, d.id, &next);
    if (!joined || !before || !after) return yw_fail(err, YW_E_NOMEM, NULL);
    if (yw_store_exec(s, "UPDATE departments SET name = $2, aliases = $3, disabled = $4 WHERE id = $1",
                      YW_ARGS(d.id, next.name, joined, disabled ? "1" : "0"), NULL, err) < 0)
        return -1;
    /* the state beside the names: {"disabled":…} is not in dept_json, so it is said in the action */
    const char *action = in->set_disabled && disabled != d.disabled ? (disabled ? "department.disable" : "department.enable")
                                                                    : "department.update";
    if (yw_audit_append(op, action, "department", d.id, before, after) < 0) return -1;
    return out ? yw_dept_find(op, d.code, out) : 0;
}
