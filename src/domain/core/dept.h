/* Departments (部门): the units that own items, work cases and tickets, and answer for plan
 * measures. Each has a short code, its full name, the GB/T 2260 region it belongs to, and any
 * number of aliases (简称), the other names documents use for it (市行政审批局 for
 * 市行政审批服务局). Names and aliases are unique across all departments, so a name found in a
 * document names at most one department. */
#ifndef YW_DEPT_H
#define YW_DEPT_H

#include <stdbool.h>
#include <stddef.h>

#include "op.h"

typedef struct {
    const char *id;
    const char *code;
    const char *name;
    const char *region_code;
    const char **aliases; /* NULL-terminated */
    bool disabled;        /* takes no new staff (yw_dept_update) */
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

/* What an administrator changes of a department: a new name (2–100 bytes, unique among names
 * and aliases; the old name stays as an alias, since documents written before still use it),
 * disabled or enabled again. A department with enabled staff cannot be disabled
 * (YW_E_DEPARTMENT_HAS_STAFF). Admins only, audited (department.update). *out (may be NULL) is
 * the department after, in arena memory. */
typedef struct {
    const char *name; /* NULL: unchanged */
    bool set_disabled, disabled;
} yw_dept_change;
int yw_dept_update(yw_op *op, const char *code_or_name, const yw_dept_change *in, yw_dept *out);

/* A file of departments (yiwang dept import), read by yw_dept_csv_parse (dept_csv.c): CSV as
 * RFC 4180 writes it, in UTF-8 with or without a byte-order mark, lines ending in LF, CRLF or
 * CR, fields in double quotes when they hold a comma, a quote ("" inside) or a line break. The
 * first line is the header `code,name,region_code,aliases` (the aliases column may be left
 * out); aliases are separated by |, ; or ；. Spaces (ASCII and U+3000) around fields and aliases
 * are dropped; blank lines, and lines of empty fields only, are skipped. Lines are counted from 1
 * as a text editor shows them. */
typedef struct {
    int line;         /* the line of the file the row starts on */
    yw_dept_new dept; /* its fields in arena memory; aliases NULL-terminated, never NULL */
    const char *error; /* NULL, or why the row cannot be read (then dept is empty) */
} yw_dept_csv_row;

typedef struct {
    yw_dept_csv_row *rows; /* the rows after the header, in order */
    int nrows;
} yw_dept_csv;

/* Parses data (len bytes) into arena memory. A row that cannot be read (a wrong number of
 * columns, an unclosed quote, an empty code, name or region code, a control character) comes
 * back with its error and does not stop the others. Fails (YW_ERR_INVALID, field "file") only
 * for the file as a whole: empty, binary (NUL bytes), not UTF-8 (naming the line), or without
 * the header. Pure: no store, no op. */
int yw_dept_csv_parse(yw_arena *a, const char *data, size_t len, yw_dept_csv *out, yw_err *err);

#endif
