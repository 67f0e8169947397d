/* Departments (部门): the units that own items, work cases and tickets, and answer for plan
 * measures. Each has a short code, its full name, the GB/T 2260 region it belongs to, and any
 * number of aliases (简称), the other names documents use for it (市行政审批局 for
 * 市行政审批服务局). Names and aliases are unique across all departments, so a name found in a
 * document names at most one department. */
#ifndef YW_DEPT_H
#define YW_DEPT_H

#include "op.h"

typedef struct {
    const char *id;
    const char *code;
    const char *name;
    const char *region_code;
    const char **aliases; /* NULL-terminated */
} yw_dept;

typedef struct {
    const char *code;        /* 2–32 of A-Z 0-9 - _ */
    const char *name;        /* 2–100 bytes */
    const char *region_code; /* GB/T 2260 */
    const char *const *aliases; /* NULL-terminated, may be NULL */
} yw_dept_new;

/* Creates a department with its aliases (admins only), audited. *out (may be NULL) is filled
 * with arena memory. A taken code, name or alias is YW_ERR_CONFLICT naming the field. */
int yw_dept_create(yw_op *op, const yw_dept_new *in, yw_dept *out);
/* All departments in code order, readable by anyone; arena memory. */
int yw_dept_list(yw_op *op, yw_dept **out, int *count);
/* Finds a department by its code, exact name or alias; YW_ERR_NOT_FOUND when none. */
int yw_dept_find(yw_op *op, const char *code_or_name, yw_dept *out);

#endif
