/* Actors and roles. */
#include "actor.h"

#include <stdio.h>
#include <string.h>

const yw_actor yw_actor_system = {"system", "system", "system", "system", NULL,
                                  YW_ROLE_STAFF | YW_ROLE_APPLICANT};

static const struct {
    unsigned bit;
    const char *name, *zh;
} role_names[] = {
    {YW_ROLE_APPLICANT, "applicant", "申请人"}, {YW_ROLE_CLERK, "clerk", "窗口人员"},
    {YW_ROLE_OFFICER, "officer", "审批人员"},   {YW_ROLE_SUPERVISOR, "supervisor", "督查人员"},
    {YW_ROLE_ADMIN, "admin", "管理员"},
};
#define NROLES (sizeof role_names / sizeof role_names[0])

bool yw_actor_has(const yw_actor *actor, unsigned roles) { return actor && (actor->roles & roles); }

int yw_actor_require(const yw_actor *actor, unsigned roles, const char *what, yw_err *err) {
    if (!actor) return yw_fail(err, YW_E_LOGIN_REQUIRED, NULL);
    if (actor->roles & roles) return 0;
    char need[64], need_zh[96] = "";
    yw_roles_format(roles, need, sizeof need);
    size_t used = 0;
    for (size_t i = 0; i < NROLES; i++)
        if (roles & role_names[i].bit)
            used += (size_t)snprintf(need_zh + used, sizeof need_zh - used, "%s%s", used ? "、" : "", role_names[i].zh);
    return yw_fail(err, YW_E_ROLE_REQUIRED, NULL, need_zh, need, what);
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
