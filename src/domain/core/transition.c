/* State machines (transition.h): the record's row locked before its state is read, and one
 * check of an action against its concept's table. */
#include "transition.h"

#include <string.h>

int yw_machine_lock(yw_op *op, const yw_machine *m, const char *id, int *state) {
    if (!id || !*id) return yw_fail(op->err, (yw_error_id)m->not_found, m->field);
    yw_rows rows;
    if (yw_store_run(op->store, op->arena, m->lock_sql, YW_PARAMS(YW_TEXT_P(id)), &rows, NULL, op->err) < 0) return -1;
    if (!rows.nrows) return yw_fail(op->err, (yw_error_id)m->not_found, m->field);
    *state = yw_enum_from_text(m->states, yw_rows_get(&rows, 0, 0));
    if (*state < 0) return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "a record in a state its table does not know");
    return 0;
}

const char *yw_machine_state_zh(const yw_machine *m, int state) {
    const char *code = yw_enum_to_text(m->states, state);
    return m->states_zh && m->states_zh[state] ? m->states_zh[state] : code ? code : "";
}

static const char *state_en(const yw_machine *m, int state) {
    const char *code = yw_enum_to_text(m->states, state);
    return m->states_en && m->states_en[state] ? m->states_en[state] : code ? code : "";
}

int yw_machine_refuse(yw_op *op, const yw_machine *m, int state, const char *what_zh, const char *what_en) {
    return yw_fail(op->err, (yw_error_id)m->state_error, m->field, yw_machine_state_zh(m, state), what_zh,
                   state_en(m, state), what_en);
}

const yw_transition *yw_machine_check(yw_op *op, const yw_machine *m, const char *action, int state) {
    const yw_transition *t = m->actions;
    while (t->action && strcmp(t->action, action) != 0) t++;
    if (!t->action) {
        yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "no transition named %s", action);
        return NULL;
    }
    if (t->roles && yw_op_require(op, t->roles, t->what_en) < 0) return NULL;
    if (!(t->from & YW_FROM(state))) {
        yw_machine_refuse(op, m, state, t->what_zh, t->what_en);
        return NULL;
    }
    return t;
}
