/* Measurable targets of ledger measures: a name, a unit, a target value and the date it is due
 * (企业变更全程网办率, %, 99, 2022-12-31), and the values measured against it over time, one per
 * date (a later report for the same date replaces the earlier). Values are decimals written as
 * text, at most 12 digits before the point and 4 after. The measure's units, supervisors and
 * admins add targets and values; staff read them. */
#ifndef YW_LEDGER_TARGET_H
#define YW_LEDGER_TARGET_H

#include "../store/store.h"
#include "actor.h"

typedef struct {
    const char *measured_on, *value;
} yw_target_value;

typedef struct {
    const char *id, *measure_id, *name, *unit, *target_value, *due_date;
    yw_target_value *values; /* by date */
    int nvalues;
} yw_target;

/* 0 when s is a decimal of at most 12 integer and 4 fraction digits (a leading '-' allowed). */
int yw_decimal_validate(const char *s, const char *field, yw_err *err);

int yw_ledger_target_add(yw_store *s, yw_arena *a, const yw_actor *actor, const char *measure_id, const char *name,
                         const char *unit, const char *target_value, const char *due_date, char id_out[27],
                         yw_err *err);
int yw_ledger_target_value(yw_store *s, yw_arena *a, const yw_actor *actor, const char *target_id,
                           const char *measured_on, const char *value, yw_err *err);
/* The targets of a measure with their values (arena memory). */
int yw_ledger_targets(yw_store *s, yw_arena *a, const yw_actor *actor, const char *measure_id, yw_target **out,
                      int *count, yw_err *err);

#endif
