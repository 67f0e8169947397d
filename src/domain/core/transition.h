/* State machines: for each concept whose records move through states (a case, a task, an
 * entity, a rectification, an appeal …), one table of its actions — the states an action may
 * start from, the state it leads to, the roles that may take it and its name in words — checked
 * by one function, on a record whose row was locked before its state was read.
 *
 * Why the lock: a city runs several servers on one PostgreSQL store, each with its own writer.
 * Two officers deciding one task at once on two servers would both read "open" and both write
 * their decision. yw_machine_lock first takes the record's row lock (an UPDATE that changes
 * nothing, RETURNING the state), so that the second waits until the first commits and then
 * reads the state the first wrote: it is refused with 409 naming that state. Everything read
 * after the lock is fresh (PostgreSQL's READ COMMITTED gives each statement the newest commits),
 * so checks that span several rows (every task of a case decided → the case settles) hold too.
 * SQLite has one writer at a time; the lock costs it nothing more.
 *
 * Usage, in a concept's write:
 *     int state;
 *     if (yw_machine_lock(op, &case_machine, id, &state) < 0 ||
 *         !(t = yw_machine_check(op, &case_machine, "accept", state)))
 *         return -1;
 *     … the concept's own checks (department, owner), its writes …
 */
#ifndef YW_TRANSITION_H
#define YW_TRANSITION_H

#include "../../base/enum.h"
#include "../../base/err.h"
#include "op.h"

#define YW_STATE_SAME (-1) /* an action that leaves the state as it is (a step within it) */
#define YW_FROM(s) (1u << (unsigned)(s))

typedef struct {
    const char *action;           /* as the code names it: "accept" */
    unsigned from;                /* YW_FROM(s) | …: the states it may start from */
    int to;                       /* the state it leads to, or YW_STATE_SAME */
    unsigned roles;               /* YW_ROLE_*: who may take it; the concept checks more (owner, department) */
    const char *what_zh, *what_en; /* for a refusal: "受理", "be accepted" */
} yw_transition;

typedef struct {
    const yw_enum_text *states;    /* the states' names in code */
    const char *const *states_zh;  /* each state's name in Chinese, indexed by state */
    const char *const *states_en;  /* and in English (words, not the code) */
    const yw_transition *actions;  /* {NULL}-terminated */
    /* Locks one record by $1 for the rest of the transaction and answers its state, e.g.
     * "UPDATE cases SET state = state WHERE id = $1 RETURNING state". */
    const char *lock_sql;
    int not_found;   /* the error of a record that does not exist (yw_err_code of errors.def) */
    int state_error; /* the error of a state the action cannot start from; its arguments are
                      * (state in Chinese, what in Chinese, state in English, what in English) */
    const char *field; /* the field the errors name, or NULL */
} yw_machine;

/* Locks the record id of m (see above) and reads its state into *state. -1 with m->not_found
 * when there is no such record, or when the store fails. */
int yw_machine_lock(yw_op *op, const yw_machine *m, const char *id, int *state);

/* The action's row of m, when the actor holds one of its roles and `state` is one it may start
 * from; otherwise NULL with op->err filled (the role's error, or m->state_error naming the state
 * in words). An action missing from the table is an internal error. */
const yw_transition *yw_machine_check(yw_op *op, const yw_machine *m, const char *action, int state);

/* Refuses with m->state_error: `state` does not allow what the action does (for checks beyond
 * the table: a task asked for corrections, a material still owed). Always -1. */
int yw_machine_refuse(yw_op *op, const yw_machine *m, int state, const char *what_zh, const char *what_en);

/* The state's name in Chinese (for pages and messages), or its code when the table has none. */
const char *yw_machine_state_zh(const yw_machine *m, int state);

#endif
