/* Who is acting: the account behind a request or a command, with its roles and department.
 * Every domain function that reads or changes something takes the actor and checks it here,
 * so permissions hold whatever the UI shows. A NULL actor means nobody is logged in. */
#ifndef YW_ACTOR_H
#define YW_ACTOR_H

#include <stdbool.h>

#include "../../base/err.h"

enum {
    YW_ROLE_APPLICANT = 1 << 0,  /* 申请人: a person or an enterprise */
    YW_ROLE_CLERK = 1 << 1,      /* 窗口: accepts at the window */
    YW_ROLE_OFFICER = 1 << 2,    /* 部门审批人员 */
    YW_ROLE_SUPERVISOR = 1 << 3, /* 督查 / 专班 */
    YW_ROLE_ADMIN = 1 << 4,      /* 管理员 */
};
#define YW_ROLE_STAFF (YW_ROLE_CLERK | YW_ROLE_OFFICER | YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN)

typedef struct {
    const char *account_id; /* "system" for the command line */
    const char *kind;       /* person, enterprise, staff, system */
    const char *login;
    const char *name;
    const char *department_id; /* NULL unless staff of a department */
    unsigned roles;
} yw_actor;

/* The actor of command-line work (init, demo, imports): every role. */
extern const yw_actor yw_actor_system;

/* 0 when actor holds any of `roles`; YW_ERR_UNAUTHENTICATED when actor is NULL;
 * YW_ERR_FORBIDDEN otherwise, the message naming `what` was refused. */
int yw_actor_require(const yw_actor *actor, unsigned roles, const char *what, yw_err *err);
bool yw_actor_has(const yw_actor *actor, unsigned roles);

/* Role names, e.g. "clerk"; parse a space- or comma-separated list (unknown names are an error
 * naming `field`) and write one. */
int yw_roles_parse(const char *text, unsigned *out, const char *field, yw_err *err);
/* Writes the space-separated names into out (at least 64 bytes). */
void yw_roles_format(unsigned roles, char *out, unsigned size);
const char *yw_role_name(unsigned role);

#endif
