/* Departments and their aliases. */
#include "dept.h"

#include <string.h>

#include "../base/buf.h"
#include "../base/json_writer.h"
#include "../base/time.h"
#include "../base/ulid.h"
#include "../std/region.h"
#include "audit.h"

static int validate(const yw_dept_new *in, yw_err *err) {
    size_t n = in->code ? strlen(in->code) : 0;
    if (n < 2 || n > 32) return yw_err_set(err, YW_ERR_INVALID, "code", "code must be 2 to 32 characters");
    for (size_t i = 0; i < n; i++) {
        char c = in->code[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return yw_err_set(err, YW_ERR_INVALID, "code", "code may hold only A-Z, 0-9, - and _");
    }
    n = in->name ? strlen(in->name) : 0;
    if (n < 2 || n > 100) return yw_err_set(err, YW_ERR_INVALID, "name", "name must be 2 to 100 bytes");
    if (yw_region_validate(in->region_code, "region_code", err) < 0) return -1;
    for (const char *const *al = in->aliases; al && *al; al++) {
        n = strlen(*al);
        if (n < 2 || n > 100) return yw_err_set(err, YW_ERR_INVALID, "aliases", "each alias must be 2 to 100 bytes");
    }
    return 0;
}

static char *dept_json(yw_arena *a, const char *id, const yw_dept_new *in) {
    yw_buf b;
    yw_buf_init(&b, a);
    yw_jw w;
    yw_jw_init(&w, &b);
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

typedef struct {
    yw_arena *a;
    const yw_actor *actor;
    const yw_dept_new *in;
    char id[YW_ULID_LEN + 1];
} create_ctx;

static int create_tx(yw_store *s, void *vctx, yw_err *err) {
    create_ctx *c = vctx;
    return yw_dept_create_in_tx(s, c->a, c->actor, c->in, err) < 0 ? -1 : 0;
}

int yw_dept_create_in_tx(yw_store *s, yw_arena *a, const yw_actor *actor, const yw_dept_new *in, yw_err *err) {
    if (yw_actor_require(actor, YW_ROLE_ADMIN, "create departments", err) < 0) return -1;
    if (validate(in, err) < 0) return -1;
    char id[YW_ULID_LEN + 1], now[25];
    yw_ulid_new(id);
    yw_timestamp_format(yw_now_ms(), now);
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
        return yw_err_set(err, YW_ERR_CONFLICT, f, "a department with this %s already exists", f);
    }
    if (yw_store_exec(s, "INSERT INTO departments (id, code, name, region_code, created_at) VALUES ($1, $2, $3, $4, $5)",
                      YW_ARGS(id, in->code, in->name, in->region_code, now), NULL, err) < 0)
        return -1;
    for (const char *const *al = in->aliases; al && *al; al++) {
        if (strcmp(*al, in->name) == 0) continue;
        char aid[YW_ULID_LEN + 1];
        yw_ulid_new(aid);
        if (yw_store_query(s, a, "SELECT 1 FROM departments WHERE name = $1", YW_ARGS(*al), &rows, err) < 0) return -1;
        if (rows.nrows)
            return yw_err_set(err, YW_ERR_CONFLICT, "aliases", "alias %.100s is another department's name", *al);
        if (yw_store_exec(s, "INSERT INTO department_aliases (id, alias, department_id) VALUES ($1, $2, $3)",
                          YW_ARGS(aid, *al, id), NULL, err) < 0) {
            if (err && err->code == YW_ERR_CONFLICT)
                yw_err_set(err, YW_ERR_CONFLICT, "aliases", "alias %.100s belongs to another department", *al);
            return -1;
        }
    }
    const char *after = dept_json(a, id, in);
    if (!after) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
    return yw_audit_append(s, actor, "department.create", "department", id, NULL, after, err);
}

static int load_aliases(yw_store *s, yw_arena *a, yw_dept *d, yw_err *err) {
    yw_rows rows;
    if (yw_store_query(s, a, "SELECT alias FROM department_aliases WHERE department_id = $1 ORDER BY alias",
                       YW_ARGS(d->id), &rows, err) < 0)
        return -1;
    d->aliases = yw_arena_calloc(a, (size_t)rows.nrows + 1, sizeof(char *));
    if (!d->aliases) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
    for (int i = 0; i < rows.nrows; i++) d->aliases[i] = yw_rows_get(&rows, i, 0);
    return 0;
}

int yw_dept_create(yw_store *s, yw_arena *a, const yw_actor *actor, const yw_dept_new *in, yw_dept *out, yw_err *err) {
    create_ctx c = {.a = a, .actor = actor, .in = in};
    if (yw_store_tx(s, create_tx, &c, err) < 0) return -1;
    if (out) return yw_dept_find(s, a, in->code, out, err);
    return 0;
}

static void fill(const yw_rows *r, int i, yw_dept *d) {
    d->id = yw_rows_get(r, i, 0);
    d->code = yw_rows_get(r, i, 1);
    d->name = yw_rows_get(r, i, 2);
    d->region_code = yw_rows_get(r, i, 3);
    d->aliases = NULL;
}

int yw_dept_list(yw_store *s, yw_arena *a, yw_dept **out, int *count, yw_err *err) {
    yw_rows rows, al;
    if (yw_store_query(s, a, "SELECT id, code, name, region_code FROM departments ORDER BY code", YW_NOARGS, &rows,
                       err) < 0)
        return -1;
    if (yw_store_query(s, a, "SELECT department_id, alias FROM department_aliases ORDER BY department_id, alias",
                       YW_NOARGS, &al, err) < 0)
        return -1;
    yw_dept *d = yw_arena_calloc(a, (size_t)rows.nrows + 1, sizeof *d);
    const char **slots = yw_arena_calloc(a, (size_t)al.nrows + (size_t)rows.nrows + 1, sizeof(char *));
    if (!d || !slots) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
    size_t used = 0;
    for (int i = 0; i < rows.nrows; i++) {
        fill(&rows, i, &d[i]);
        d[i].aliases = slots + used;
        for (int j = 0; j < al.nrows; j++)
            if (strcmp(yw_rows_get(&al, j, 0), d[i].id) == 0) slots[used++] = yw_rows_get(&al, j, 1);
        slots[used++] = NULL;
    }
    *out = d;
    *count = rows.nrows;
    return 0;
}

int yw_dept_find(yw_store *s, yw_arena *a, const char *key, yw_dept *out, yw_err *err) {
    /* three indexed lookups in the order a caller most often means: code, name, alias */
    static const char *const lookups[] = {
        "SELECT id, code, name, region_code FROM departments WHERE code = $1",
        "SELECT id, code, name, region_code FROM departments WHERE name = $1",
        ("SELECT d.id, d.code, d.name, d.region_code FROM department_aliases x"
         " JOIN departments d ON d.id = x.department_id WHERE x.alias = $1"),
    };
    for (size_t i = 0; i < sizeof lookups / sizeof lookups[0]; i++) {
        yw_rows rows;
        if (yw_store_query(s, a, lookups[i], YW_ARGS(key), &rows, err) < 0) return -1;
        if (rows.nrows) {
            fill(&rows, 0, out);
            return load_aliases(s, a, out, err);
        }
    }
    return yw_err_set(err, YW_ERR_NOT_FOUND, "department", "no department %.100s", key ? key : "");
}
