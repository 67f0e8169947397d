/* The registry's reaction to a decided case (the subscriber of case.settled, domain/events/):
 * a completed case of a bundle with a `registry` action — "change" (企业信息变更: the entity's
 * name and legal representative as the form gives them) or "deregister" (企业注销登记: 简易注销's
 * notice when the applicant pledged for all investors, else 普通注销 resting on the case) — acts
 * on the entity the form names (entity.uscc), when it is in the registry. What happened, or why
 * nothing did, is the event's answer, which the case keeps as a note: a notice is said as one,
 * with its last day, never as 已注销. */
#include <jansson.h>
#include <sodium.h>
#include <string.h>

#include "entity.h"

#include "../bundle/bundle.h"
#include "../case/case.h"
#include "../core/actor.h"
#include "../../base/time.h"
#include "../../std/uscc.h"

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

/* A new USCC (GB 32100) for an enterprise registered in region: 9 (工商) and 1 (企业) or 2 (个体工商户),
 * the region, a random organisation code with its check character (GB 11714), and the check
 * character; one not yet in the registry. */
static int new_uscc(yw_op *op, yw_entity_kind kind, const char *region, char out[19]) {
    static const char chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    for (int attempt = 0; attempt < 16; attempt++) {
        out[0] = '9';
        out[1] = kind == YW_ENTITY_INDIVIDUAL ? '2' : '1';
        memcpy(out + 2, region, 6);
        for (int i = 8; i < 16; i++) out[i] = chars[randombytes_uniform(sizeof chars - 1)];
        out[16] = yw_orgcode_check_char(out + 8);
        out[17] = yw_uscc_check_char(out);
        out[18] = '\0';
        if (!out[16] || !strchr(chars, out[16])) continue;
        yw_rows rows;
        if (yw_store_query(op->store, op->arena, "SELECT 1 FROM entities WHERE uscc = $1", YW_ARGS(out), &rows,
                           op->err) < 0)
            return -1;
        if (!rows.nrows) return 0;
    }
    return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "no free USCC after 16 draws");
}

/* 设立登记: the enterprise the form describes is registered, with a new USCC, which the event
 * carries on (ev->uscc) for the subscribers after this one — its 营业执照 is issued with it. */
static int establish(yw_op *op, yw_event *ev, const yw_case *c, const yw_bundle *b, const char *name,
                     const char *legal_rep) {
    if (!name || !legal_rep) {
        ev->answer = "市场主体库：表单未填企业名称或法定代表人，未登记";
        return 0;
    }
    json_t *answers = json_loads(c->answers ? c->answers : "{}", 0, NULL),
           *form = json_loads(c->form ? c->form : "{}", 0, NULL);
    const char *kind_word = json_string_value(json_object_get(answers, "entity_kind"));
    const char *industry = form_text(op->arena, form, "entity.industry");
    bool individual = kind_word && strcmp(kind_word, "个体工商户") == 0;
    json_decref(answers);
    json_decref(form);
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT region_code FROM departments WHERE code = $1",
                       YW_ARGS(b->lead_department ? b->lead_department : ""), &rows, op->err) < 0)
        return -1;
    const char *region = yw_rows_get(&rows, 0, 0);
    char uscc[19], day[YW_DATE_SIZE];
    yw_date_format(yw_op_today(op), day);
    yw_entity e = {.name = name, .legal_rep = legal_rep, .industry = industry ? industry : b->industry,
                   .region = region && strlen(region) == 6 ? region : "370200", .established_on = day,
                   .kind = individual ? YW_ENTITY_INDIVIDUAL : YW_ENTITY_COMPANY, .scale = YW_SCALE_MICRO,
                   .credit = YW_CREDIT_A};
    if (!e.industry) {
        ev->answer = "市场主体库：未定行业，未登记";
        return 0;
    }
    if (new_uscc(op, e.kind, e.region, uscc) < 0) return -1;
    e.uscc = uscc;
    yw_op sys = *op;
    sys.actor = &yw_actor_system;
    if (yw_entity_register(&sys, &e, NULL) < 0) {
        if (!refusal(op->err)) return -1;
        ev->answer = yw_arena_printf(op->arena, "市场主体库：未登记（%s）", op->err->message);
        return ev->answer ? 0 : yw_fail(op->err, YW_E_NOMEM, NULL);
    }
    ev->uscc = yw_arena_strdup(op->arena, uscc);
    ev->answer = yw_arena_printf(op->arena, "市场主体库：已登记%s，统一社会信用代码 %s", name, uscc);
    return ev->answer && ev->uscc ? 0 : yw_fail(op->err, YW_E_NOMEM, NULL);
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
    if (strcmp(action, "establish") == 0) {
        if (uscc) return 0; /* an enterprise that exists already: nothing to establish */
        return establish(op, ev, c, &v.bundle, name, legal_rep);
    }
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
