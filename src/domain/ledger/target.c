/* Targets of ledger measures and their measured values. */
#include "ledger.h"

#include <stdio.h>
#include <string.h>

#include "../../base/buf.h"
#include "../../base/json_writer.h"
#include "../../base/time.h"
#include "../../base/ulid.h"
#include "../core/audit.h"

int yw_decimal_validate(const char *s, const char *field, yw_err *err) {
    const char *p = s;
    if (!p) return yw_fail(err, YW_E_FIELD_REQUIRED, field, field);
    if (*p == '-') p++;
    int before = 0, after = 0;
    while (*p >= '0' && *p <= '9') p++, before++;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') p++, after++;
        if (!after) before = 0;
    }
    if (*p || before < 1 || before > 12 || after > 4)
        return yw_fail(err, YW_E_FIELD_DECIMAL, field, field);
    return 0;
}

int yw_ledger_target_add(yw_op *op, const yw_target_new *in, yw_target *out) {
    if (yw_op_require(op, YW_ROLE_STAFF, "add targets to measures") < 0) return -1;
    yw_store *s = op->store;
    yw_err *err = op->err;
    size_t n = in->name ? strlen(in->name) : 0;
    if (n < 1 || n > 200) return yw_fail(err, YW_E_FIELD_LENGTH, "name", "name", 1, 200);
    n = in->unit ? strlen(in->unit) : 0;
    if (n < 1 || n > 20) return yw_fail(err, YW_E_TARGET_UNIT_LENGTH, "unit");
    if (yw_decimal_validate(in->target_value, "target", err) < 0) return -1;
    int64_t d;
    if (yw_date_parse(in->due_date, &d, "due_date", err) < 0) return -1;
    if (d < yw_days_from_civil(YW_YEAR_MIN, 1, 1) || d > yw_days_from_civil(YW_YEAR_MAX, 12, 31))
        return yw_fail(err, YW_E_DATE_YEARS, "due_date", "due_date", YW_YEAR_MIN, YW_YEAR_MAX);
    if (yw_ledger_may_write(op, in->measure_id) < 0) return -1;
    char *id = yw_arena_alloc(op->arena, YW_ID_SIZE), now[YW_TIMESTAMP_SIZE];
    if (!id) return yw_fail(err, YW_E_NOMEM, NULL);
    yw_ulid_new(id);
    yw_op_timestamp(op, now);
    if (yw_store_exec(s,
                      "INSERT INTO ledger_targets (id, measure_id, name, unit, target_value, due_date, created_by,"
                      " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                      YW_ARGS(id, in->measure_id, in->name, in->unit, in->target_value, in->due_date,
                              op->actor->account_id, now),
                      NULL, err) < 0) {
        if (err && err->code == YW_ERR_CONFLICT)
            yw_fail(err, YW_E_TARGET_EXISTS, "name", in->name);
        return -1;
    }
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, op->arena);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "target_id", id);
    yw_jw_kstr(&w, "name", in->name);
    yw_jw_kstr(&w, "unit", in->unit);
    yw_jw_kstr(&w, "target_value", in->target_value);
    yw_jw_kstr(&w, "due_date", in->due_date);
    yw_jw_end(&w);
    if (b.failed) return yw_fail(err, YW_E_NOMEM, NULL);
    if (yw_audit_append(op, "ledger.target_add", "ledger_measure", in->measure_id, NULL, b.data) < 0) return -1;
    if (out)
        *out = (yw_target){.id = id, .measure_id = in->measure_id, .name = in->name, .unit = in->unit,
                           .target_value = in->target_value, .due_date = in->due_date, .values = NULL, .nvalues = 0};
    return 0;
}

int yw_ledger_target_value(yw_op *op, const yw_target_value_new *in) {
    if (yw_op_require(op, YW_ROLE_STAFF, "report target values") < 0) return -1;
    yw_store *s = op->store;
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    int64_t d;
    if (yw_date_parse(in->measured_on, &d, "measured_on", err) < 0) return -1;
    if (d > yw_op_today(op)) return yw_fail(err, YW_E_DATE_IN_FUTURE, "measured_on", "measured_on");
    if (d < yw_days_from_civil(YW_YEAR_MIN, 1, 1))
        return yw_fail(err, YW_E_DATE_TOO_EARLY, "measured_on", "measured_on", YW_YEAR_MIN);
    if (yw_decimal_validate(in->value, "value", err) < 0) return -1;
    yw_rows rows;
    if (yw_store_query(s, a, "SELECT measure_id FROM ledger_targets WHERE id = $1", YW_ARGS(in->target_id), &rows,
                       err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(err, YW_E_TARGET_NOT_FOUND, "id", in->target_id);
    const char *measure_id = yw_rows_get(&rows, 0, 0);
    if (yw_ledger_may_write(op, measure_id) < 0) return -1;
    if (yw_store_query(s, a, "SELECT value FROM ledger_target_values WHERE target_id = $1 AND measured_on = $2",
                       YW_ARGS(in->target_id, in->measured_on), &rows, err) < 0)
        return -1;
    const char *before = rows.nrows ? yw_arena_printf(a, "{\"value\":\"%s\"}", yw_rows_get(&rows, 0, 0)) : NULL;
    char id[YW_ID_SIZE], now[YW_TIMESTAMP_SIZE];
    yw_ulid_new(id);
    yw_op_timestamp(op, now);
    if (yw_store_exec(s, "DELETE FROM ledger_target_values WHERE target_id = $1 AND measured_on = $2",
                      YW_ARGS(in->target_id, in->measured_on), NULL, err) < 0 ||
        yw_store_exec(s,
                      "INSERT INTO ledger_target_values (id, target_id, measured_on, value, reported_by, created_at)"
                      " VALUES ($1, $2, $3, $4, $5, $6)",
                      YW_ARGS(id, in->target_id, in->measured_on, in->value, op->actor->account_id, now), NULL, err) < 0)
        return -1;
    const char *after = yw_arena_printf(a, "{\"target_id\":\"%s\",\"measured_on\":\"%s\",\"value\":\"%s\"}",
                                        in->target_id, in->measured_on, in->value);
    if (!after) return yw_fail(err, YW_E_NOMEM, NULL);
    return yw_audit_append(op, "ledger.target_value", "ledger_measure", measure_id, before, after);
}

int yw_ledger_targets(yw_op *op, const char *measure_id, yw_target **out, int *count) {
    if (yw_op_require(op, YW_ROLE_STAFF, "read the ledger") < 0) return -1;
    yw_store *s = op->store;
    yw_arena *a = op->arena;
    yw_err *err = op->err;
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
    if (!list || !vals) return yw_fail(err, YW_E_NOMEM, NULL);
    int used = 0;
    for (int i = 0; i < t.nrows; i++) {
        static const yw_column target_columns[] = {
            YW_COLUMN(YW_COL_TEXT, yw_target, id),   YW_COLUMN(YW_COL_TEXT, yw_target, measure_id),
            YW_COLUMN(YW_COL_TEXT, yw_target, name), YW_COLUMN(YW_COL_TEXT, yw_target, unit),
            YW_COLUMN(YW_COL_TEXT, yw_target, target_value), YW_COLUMN(YW_COL_TEXT, yw_target, due_date),
        };
        yw_rows_fill(&t, i, target_columns, 6, &list[i]);
        list[i].values = vals + used;
        list[i].nvalues = 0;
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
