/* Actors and roles. */
#include "actor.h"

#include <stdio.h>
#include <string.h>

const yw_actor yw_actor_system = {"system", "system", "system", "system", NULL,
                                  YW_ROLE_STAFF | YW_ROLE_APPLICANT};

static const struct {
    unsigned bit;
    const char *name;
} role_names[] = {
    {YW_ROLE_APPLICANT, "applicant"}, {YW_ROLE_CLERK, "clerk"},  {YW_ROLE_OFFICER, "officer"},
    {YW_ROLE_SUPERVISOR, "supervisor"}, {YW_ROLE_ADMIN, "admin"},
};
#define NROLES (sizeof role_names / sizeof role_names[0])

bool yw_actor_has(const yw_actor *actor, unsigned roles) { return actor && (actor->roles & roles); }

int yw_actor_require(const yw_actor *actor, unsigned roles, const char *what, yw_err *err) {
    if (!actor) return yw_err_set(err, YW_ERR_UNAUTHENTICATED, NULL, "请先登录 (log in first)");
    if (actor->roles & roles) return 0;
    char need[64];
    yw_roles_format(roles, need, sizeof need);
    return yw_err_set(err, YW_ERR_FORBIDDEN, NULL, "无权限：%s (only %s may %s)", what, need, what);
}

const char *yw_role_name(unsigned role) {
    for (size_t i = 0; i < NROLES; i++)
        if (role_names[i].bit == role) return role_names[i].name;
    return "?";
}

int yw_roles_parse(const char *text, unsigned *out, const char *field, yw_err *err) {
    unsigned roles = 0;
    const char *p = text ? text : "";
    while (*p) {
        while (*p == ' ' || *p == ',') p++;
        size_t n = strcspn(p, " ,");
        if (!n) break;
        size_t i;
        for (i = 0; i < NROLES; i++)
            if (strlen(role_names[i].name) == n && memcmp(role_names[i].name, p, n) == 0) break;
        if (i == NROLES)
            return yw_err_set(err, YW_ERR_INVALID, field,
                              "unknown role %.*s (roles: applicant, clerk, officer, supervisor, admin)", (int)(n > 32 ? 32 : n), p);
        roles |= role_names[i].bit;
        p += n;
    }
    *out = roles;
    return 0;
}

void yw_roles_format(unsigned roles, char *out, unsigned size) {
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < NROLES; i++) {
        if (!(roles & role_names[i].bit)) continue;
        int n = snprintf(out + len, size - len, "%s%s", len ? " " : "", role_names[i].name);
        if (n < 0 || (size_t)n >= size - len) break;
        len += (size_t)n;
    }
}
