/* The demo city's ledger: data/demo-ledger.json, built into the binary — an action plan in the
 * published form, imported as any plan is, and the progress reports and urgings recorded on it
 * as the demo accounts named in the file, so a newcomer opens a working ledger. Loaded once:
 * a store that has a plan of its title (in any state) is left as it is. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/buf.h"
#include "ledger.h"

extern const char yw_embedded_demo_ledger[];
extern const size_t yw_embedded_demo_ledger_len;

/* The actor of a demo account by its login, with the roles its row gives. */
static int demo_actor(yw_op *op, const char *login, yw_actor *out) {
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT id, name, department_id, roles FROM accounts WHERE login = $1",
                       YW_ARGS(login), &rows, op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "demo-ledger.json: no demo account %s", login);
    memset(out, 0, sizeof *out);
    out->account_id = yw_rows_get(&rows, 0, 0);
    out->kind = "staff";
    out->login = login;
    out->name = yw_rows_get(&rows, 0, 1);
    out->department_id = yw_rows_get(&rows, 0, 2);
    return yw_roles_parse(yw_rows_get(&rows, 0, 3), &out->roles, "roles", op->err);
}

/* The id of the measure numbered `number` in the plan. */
static int measure_id(yw_op *op, const char *plan_id, json_int_t number, const char **id) {
    yw_rows rows;
    char n[24];
    snprintf(n, sizeof n, "%lld", (long long)number);
    if (yw_store_query(op->store, op->arena, "SELECT id FROM ledger_measures WHERE plan_id = $1 AND number = $2",
                       YW_ARGS(plan_id, n), &rows, op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "demo-ledger.json: no measure %s", n);
    *id = yw_rows_get(&rows, 0, 0);
    return 0;
}

static int load(yw_op *op, json_t *file, yw_ledger_demo_report *report) {
    yw_arena *a = op->arena;
    json_t *lines = json_object_get(file, "text");
    const char *filename = json_string_value(json_object_get(file, "filename"));
    json_int_t year = json_integer_value(json_object_get(file, "year"));
    if (!json_is_array(lines) || !filename || !year)
        return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "demo-ledger.json: filename, year and text are required");
    yw_buf text;
    yw_buf_init(&text, a);
    size_t i;
    json_t *v;
    json_array_foreach(lines, i, v) {
        yw_buf_puts(&text, json_string_value(v) ? json_string_value(v) : "");
        yw_buf_putc(&text, '\n');
    }
    if (text.failed) return yw_fail(op->err, YW_E_NOMEM, NULL);
    yw_plan plan;
    if (yw_plan_parse(a, text.data, text.len, (int)year, &plan, op->err) < 0) return -1;
    const char *title = plan.title ? plan.title : filename;
    yw_rows rows;
    if (yw_store_query(op->store, a, "SELECT id FROM ledger_plans WHERE title = $1", YW_ARGS(title), &rows, op->err) < 0)
        return -1;
    report->measures = plan.nmeasures;
    if (rows.nrows) return 0; /* loaded before: left as it is */
    yw_ledger_report r;
    yw_ledger_import_in in = {filename, (int)year, &plan, false, NULL};
    if (yw_ledger_import(op, &in, &r) < 0) return -1;
    report->added = true;
    const char *plan_id = r.plan_id;
    yw_op as = *op;
    yw_actor actor;
    as.actor = &actor;
    json_array_foreach(json_object_get(file, "progress"), i, v) {
        const char *mid, *status = json_string_value(json_object_get(v, "status"));
        if (demo_actor(op, json_string_value(json_object_get(v, "by")), &actor) < 0 ||
            measure_id(op, plan_id, json_integer_value(json_object_get(v, "number")), &mid) < 0)
            return -1;
        yw_progress_new p = {
            .measure_id = mid,
            .reported_on = json_string_value(json_object_get(v, "reported_on")),
            .status = (yw_measure_status)yw_enum_from_text(yw_measure_statuses, status ? status : ""),
            .percent = (int)json_integer_value(json_object_get(v, "percent")),
            .text = json_string_value(json_object_get(v, "text")),
        };
        if (yw_ledger_report_progress(&as, &p, NULL) < 0) return -1;
        report->reports++;
    }
    json_array_foreach(json_object_get(file, "urgings"), i, v) {
        const char *mid;
        if (demo_actor(op, json_string_value(json_object_get(v, "by")), &actor) < 0 ||
            measure_id(op, plan_id, json_integer_value(json_object_get(v, "number")), &mid) < 0)
            return -1;
        yw_urging_new u = {mid, json_string_value(json_object_get(v, "note"))};
        if (yw_ledger_urge(&as, &u, NULL, NULL) < 0) return -1;
        report->urgings++;
    }
    return 0;
}

int yw_ledger_demo_load(yw_op *op, yw_ledger_demo_report *report) {
    memset(report, 0, sizeof *report);
    if (yw_op_require(op, YW_ROLE_ADMIN, "load the demo ledger") < 0) return -1;
    json_error_t je;
    json_t *file = json_loadb(yw_embedded_demo_ledger, yw_embedded_demo_ledger_len, 0, &je);
    if (!json_is_object(file)) {
        json_decref(file);
        return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "demo-ledger.json: %s", je.text);
    }
    int rc = load(op, file, report);
    json_decref(file);
    return rc;
}
