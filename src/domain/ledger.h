/* The ledger (督查台账): the measures of the action plans, each with its lead and responsible
 * units matched to the platform's departments, and its deadlines. This file imports a parsed
 * plan (plan_parse.h) and keeps the mapping of unit names to departments; the task force
 * (supervisors) and admins import and map. */
#ifndef YW_LEDGER_H
#define YW_LEDGER_H

#include <stdbool.h>

#include "../store/store.h"
#include "actor.h"
#include "plan_parse.h"

typedef struct {
    int sections, measures, deadlines, unplaced, annex_units;
    int units, units_matched, units_unmatched; /* distinct names */
    const char **unmatched;                    /* NULL-terminated, sorted */
    char plan_id[27];                          /* empty on a dry run */
} yw_ledger_report;

/* Matches a unit name: a department's code, name or alias, then the remembered mapping.
 * *department_id is NULL when nothing matches (not an error). */
int yw_ledger_match_unit(yw_store *s, yw_arena *a, const char *name, const char **department_id, yw_err *err);

/* Imports a parsed plan as one transaction (nothing on a dry run, which still matches units):
 * the plan, its measures, their units (matched where possible) and deadlines, and one audit
 * entry. Supervisors and admins only. */
int yw_ledger_import(yw_store *s, yw_arena *a, const yw_actor *actor, const char *source_name, int year,
                     const yw_plan *plan, bool dry_run, yw_ledger_report *report, yw_err *err);

/* Remembers that `unit_name` means the department `department` (code, name or alias), and
 * applies it to every measure unit of that name not yet matched; *applied gets how many.
 * Audited. Supervisors and admins only. */
int yw_ledger_map_unit(yw_store *s, yw_arena *a, const yw_actor *actor, const char *unit_name, const char *department,
                       int *applied, yw_err *err);

typedef struct {
    const char *id, *title, *source_name, *imported_at;
    int year, measures;
} yw_ledger_plan;

/* The imported plans, newest first (staff). */
int yw_ledger_plans(yw_store *s, yw_arena *a, const yw_actor *actor, yw_ledger_plan **out, int *count, yw_err *err);

typedef struct {
    const char *name;
    const char *department_id, *department_name; /* NULL when unmatched */
    int measures;
} yw_ledger_unit;

/* Every unit name the ledger's measures give, with its department if matched, by name; only
 * the unmatched ones when `unmatched_only` (staff). */
int yw_ledger_units(yw_store *s, yw_arena *a, const yw_actor *actor, bool unmatched_only, yw_ledger_unit **out,
                    int *count, yw_err *err);

#endif
