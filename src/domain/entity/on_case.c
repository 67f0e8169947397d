/* The registry's reaction to a decided case (the subscriber of case.settled, domain/events/):
 * a completed case of a bundle with a `registry` action — "change" (企业信息变更: the entity's
 * name and legal representative as the form gives them) or "deregister" (企业注销登记: 简易注销's
 * notice when the applicant pledged for all investors, else 普通注销 resting on the case) — acts
 * on the entity the form names (entity.uscc), when it is in the registry. What happened, or why
 * nothing did, is the event's answer, which the case keeps as a note: a notice is said as one,
 * with its last day, never as 已注销. */
#include <jansson.h>
#include <string.h>

#include "entity.h"

#include "../bundle/bundle.h"
#include "../case/case.h"
#include "../core/actor.h"

/* The material by which all investors pledge to a simple deregistration (the catalog's 营业执照
 * （注销登记）asks for it "简易注销的"). */
#define SIMPLE_PLEDGE "全体投资人承诺书"

/* A form member as arena text, or NULL when absent or not text. */
static const char *form_text(yw_arena *a, const json_t *form, const char *key) {
    const char *s = json_string_value(json_object_get(form, key));
    return s && *s ? yw_arena_strdup(a, s) : NULL;
}

/* The refusals of the registry that leave the case completed with a note (the entity's state
 * forbids it, it is not there); anything else is the operation's failure. */
static bool refusal(const yw_err *err) {
    return err->code == YW_ERR_INVALID || err->code == YW_ERR_CONFLICT || err->code == YW_ERR_NOT_FOUND;
}

int yw_entity_on_case_settled(yw_op *op, yw_event *ev) {
    const yw_case *c = ev->data;
    const char **note = &ev->answer;
    if (c->state != YW_CASE_COMPLETED || !c->bundle_code) return 0;
    yw_bundle_view v;
    if (yw_bundle_get(op, c->bundle_code, &v) < 0) return refusal(op->err) ? 0 : -1;
    const char *action = v.bundle.registry;
    if (!action) return 0;
    json_t *form = json_loads(c->form ? c->form : "{}", 0, NULL);
    const char *uscc = form_text(op->arena, form, "entity.uscc"), *name = form_text(op->arena, form, "entity.name"),
               *legal_rep = form_text(op->arena, form, "legal_rep.name");
    json_decref(form);
    if (!uscc) {
        *note = "市场主体库：表单未填统一社会信用代码，未更新";
        return 0;
    }
    /* the registry's own rules and audit, acted on by the system for the completed case */
    yw_op sys = *op;
    sys.actor = &yw_actor_system;
    yw_entity e;
    int rc;
    if (yw_entity_get(&sys, uscc, &e) < 0) {
        if (!refusal(op->err)) return -1;
        *note = yw_arena_printf(op->arena, "市场主体库：没有%s，未更新", uscc);
        return *note ? 0 : yw_fail(op->err, YW_E_NOMEM, NULL);
    }
    if (strcmp(action, "change") == 0) {
        if (name) e.name = name;
        if (legal_rep) e.legal_rep = legal_rep;
        int changed = 0;
        rc = yw_entity_change(&sys, &e, NULL, &changed);
        if (rc == 0)
            *note = changed ? yw_arena_printf(op->arena, "市场主体库：%s 已变更%d项", uscc, changed)
                            : yw_arena_printf(op->arena, "市场主体库：%s 无变化", uscc);
    } else {
        /* 简易注销 when the applicant pledged for all investors (全体投资人承诺书, the item's
         * material for it), else 普通注销, resting on this case and its 清算报告 */
        yw_dereg_in in = {.uscc = uscc, .mode = YW_DEREG_ORDINARY, .case_id = c->id};
        for (int i = 0; i < c->nmaterials; i++) {
            const yw_case_material *m = &c->materials[i];
            if (strcmp(m->name, SIMPLE_PLEDGE) == 0 && m->provided_as && strcmp(m->provided_as, "pledge") == 0)
                in.mode = YW_DEREG_SIMPLE;
        }
        in.reason = yw_arena_printf(op->arena, "办件%s（%s）办结", c->number ? c->number : c->id, c->title);
        if (!in.reason) return yw_fail(op->err, YW_E_NOMEM, NULL);
        rc = yw_entity_deregister(&sys, &in, &e);
        if (rc == 0) {
            const char *words = yw_entity_dereg_words(op->arena, &e, false);
            *note = words ? yw_arena_printf(op->arena, "市场主体库：%s %s", uscc, words) : NULL;
        }
    }
    if (rc < 0) {
        if (!refusal(op->err)) return -1;
        *note = yw_arena_printf(op->arena, "市场主体库：未更新（%s）", op->err->message);
    }
    if (!*note) return yw_fail(op->err, YW_E_NOMEM, NULL);
    return 0;
}
