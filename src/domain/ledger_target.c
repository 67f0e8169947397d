/* Targets of ledger measures and their measured values. */
#include "ledger_target.h"

#include <stdio.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/json_writer.h"
#include "../base/time.h"
#include "../base/ulid.h"
#include "audit.h"
#include "ledger_track.h"

int yw_decimal_validate(const char *s, const char *field, yw_err *err) {
    const char *p = s;
    if (!p) return yw_err_set(err, YW_ERR_INVALID, field, "%s is required", field);
    if (*p == '-') p++;
    int before = 0, after = 0;
    while (*p >= '0' && *p <= '9') p++, before++;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') p++, after++;
        if (!after) before = 0;
    }
    if (*p || before < 1 || before > 12 || after > 4)
        return yw_err_set(err, YW_ERR_INVALID, field,
                          "%s must be a number like 99 or 99.5 (at most 12 digits, 4 after the point)", field);
    return 0;
}

typedef struct {
    yw_arena *a;
    const yw_actor *actor;
    const char *measure_id, *target_id, *name, *unit, *target_value, *date, *value;
    char id[YW_ULID_LEN + 1];
} target_ctx;

static int add_tx(yw_store *s, void *vctx, yw_err *err) {
    target_ctx *c = vctx;
    if (yw_ledger_may_write(s, c->a, c->actor, c->measure_id, err) < 0) return -1;
    char now[25];
    yw_ulid_new(c->id);
    yw_timestamp_format(yw_now_ms(), now);
    if (yw_store_exec(s,
                      "INSERT INTO ledger_targets (id, measure_id, name, unit, target_value, due_date, created_by,"
                      " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                      YW_ARGS(c->id, c->measure_id, c->name, c->unit, c->target_value, c->date, c->actor->account_id,
                              now),
                      NULL, err) < 0) {
        if (err && err->code == YW_ERR_CONFLICT)
            yw_err_set(err, YW_ERR_CONFLICT, "name", "this measure has a target named %.100s already", c->name);
        return -1;
    }
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, c->a);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "target_id", c->id);
    yw_jw_kstr(&w, "name", c->name);
    yw_jw_kstr(&w, "unit", c->unit);
    yw_jw_kstr(&w, "target_value", c->target_value);
    yw_jw_kstr(&w, "due_date", c->date);
    yw_jw_end(&w);
    if (b.failed) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
    return yw_audit_append(s, c->actor, "ledger.target_add", "ledger_measure", c->measure_id, NULL, b.data, err);
}

int yw_ledger_target_add(yw_store *s, yw_arena *a, const yw_actor *actor, const char *measure_id, const char *name,
                         const char *unit, const char *target_value, const char *due_date, char id_out[27],
                         yw_err *err) {
    size_t n = name ? strlen(name) : 0;
    if (n < 1 || n > 200) return yw_err_set(err, YW_ERR_INVALID, "name", "name must be 1 to 200 bytes");
    n = unit ? strlen(unit) : 0;
    if (n < 1 || n > 20) return yw_err_set(err, YW_ERR_INVALID, "unit", "unit must be 1 to 20 bytes, e.g. %% or 件");
    if (yw_decimal_validate(target_value, "target", err) < 0) return -1;
    int64_t d;
    if (yw_date_parse(due_date, &d, "due_date", err) < 0) return -1;
    target_ctx c = {.a = a, .actor = actor, .measure_id = measure_id, .name = name, .unit = unit,
                    .target_value = target_value, .date = due_date};
    if (yw_store_tx(s, add_tx, &c, err) < 0) return -1;
    if (id_out) memcpy(id_out, c.id, sizeof c.id);
    return 0;
}

static int value_tx(yw_store *s, void *vctx, yw_err *err) {
    target_ctx *c = vctx;
    yw_rows rows;
    if (yw_store_query(s, c->a, "SELECT measure_id FROM ledger_targets WHERE id = $1", YW_ARGS(c->target_id), &rows,
                       err) < 0)
        return -1;
    if (!rows.nrows) return yw_err_set(err, YW_ERR_NOT_FOUND, "id", "no target %.40s", c->target_id);
    const char *measure_id = yw_rows_get(&rows, 0, 0);
    if (yw_ledger_may_write(s, c->a, c->actor, measure_id, err) < 0) return -1;
    if (yw_store_query(s, c->a, "SELECT value FROM ledger_target_values WHERE target_id = $1 AND measured_on = $2",
                       YW_ARGS(c->target_id, c->date), &rows, err) < 0)
        return -1;
    const char *before = rows.nrows ? yw_arena_printf(c->a, "{\"value\":\"%s\"}", yw_rows_get(&rows, 0, 0)) : NULL;
    char id[YW_ULID_LEN + 1], now[25];
    yw_ulid_new(id);
    yw_timestamp_format(yw_now_ms(), now);
    if (yw_store_exec(s, "DELETE FROM ledger_target_values WHERE target_id = $1 AND measured_on = $2",
                      YW_ARGS(c->target_id, c->date), NULL, err) < 0 ||
        yw_store_exec(s,
                      "INSERT INTO ledger_target_values (id, target_id, measured_on, value, reported_by, created_at)"
                      " VALUES ($1, $2, $3, $4, $5, $6)",
                      YW_ARGS(id, c->target_id, c->date, c->value, c->actor->account_id, now), NULL, err) < 0)
        return -1;
    const char *after = yw_arena_printf(c->a, "{\"target_id\":\"%s\",\"measured_on\":\"%s\",\"value\":\"%s\"}",
                                        c->target_id, c->date, c->value);
    if (!after) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
    return yw_audit_append(s, c->actor, "ledger.target_value", "ledger_measure", measure_id, before, after, err);
}

int yw_ledger_target_value(yw_store *s, yw_arena *a, const yw_actor *actor, const char *target_id,
                           const char *measured_on, const char *value, yw_err *err) {
    if (yw_actor_require(actor, YW_ROLE_STAFF, "report target values", err) < 0) return -1;
    int64_t d;
    if (yw_date_parse(measured_on, &d, "measured_on", err) < 0) return -1;
    if (d > yw_today_shanghai()) return yw_err_set(err, YW_ERR_INVALID, "measured_on", "measured_on is in the future");
    if (yw_decimal_validate(value, "value", err) < 0) return -1;
    target_ctx c = {.a = a, .actor = actor, .target_id = target_id, .date = measured_on, .value = value};
    return yw_store_tx(s, value_tx, &c, err);
}

int yw_ledger_targets(yw_store *s, yw_arena *a, const yw_actor *actor, const char *measure_id, yw_target **out,
                      int *count, yw_err *err) {
    if (yw_actor_require(actor, YW_ROLE_STAFF, "read the ledger", err) < 0) return -1;
    yw_rows t, v;
    if (yw_store_query(s, a,
                       "SELECT id, measure_id, name, unit, target_value, due_date FROM ledger_targets"
                       " WHERE measure_id = $1 ORDER BY created_at, id",
                       YW_ARGS(measure_id), &t, err) < 0 ||
        yw_store_query(s, a,
                       "SELECT v.target_id, v.measured_on, v.value FROM ledger_target_values v JOIN ledger_targets t"
                       " ON t.id = v.target_id WHERE t.measure_id = $1 ORDER BY v.measured_on",
                       YW_ARGS(measure_id), &v, err) < 0)
        return -1;
    yw_target *list = yw_arena_calloc(a, (size_t)t.nrows + 1, sizeof *list);
    yw_target_value *vals = yw_arena_calloc(a, (size_t)v.nrows + 1, sizeof *vals);
    if (!list || !vals) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
    int used = 0;
    for (int i = 0; i < t.nrows; i++) {
        list[i] = (yw_target){yw_rows_get(&t, i, 0), yw_rows_get(&t, i, 1), yw_rows_get(&t, i, 2),
                              yw_rows_get(&t, i, 3), yw_rows_get(&t, i, 4), yw_rows_get(&t, i, 5), vals + used, 0};
        for (int k = 0; k < v.nrows; k++)
            if (strcmp(yw_rows_get(&v, k, 0), list[i].id) == 0) {
                vals[used++] = (yw_target_value){yw_rows_get(&v, k, 1), yw_rows_get(&v, k, 2)};
                list[i].nvalues++;
            }
    }
    *out = list;
    *count = t.nrows;
    return 0;
}
