/* The certificates' reactions to other concepts (cert.h, listed in domain/events/subscribers.c):
 * a completed case item issues its certificate; a changed enterprise's 营业执照 gets a new
 * version; a deregistered enterprise's certificates are revoked. Each runs inside the
 * transaction of the change it reacts to, as the system. */
#include "internal.h"

#include <jansson.h>
#include <string.h>

#include "../case/case.h"
#include "../catalog/catalog.h"
#include "../core/actor.h"
#include "../entity/entity.h"

/* The licence the registry's record is printed on */
#define BUSINESS_LICENCE "营业执照"

static const char *form_text(yw_arena *a, json_t *form, const char *key) {
    json_t *v = json_object_get(form, key);
    if (json_is_string(v) && *json_string_value(v)) return yw_arena_strdup(a, json_string_value(v));
    if (json_is_integer(v)) return yw_arena_printf(a, "%lld", (long long)json_integer_value(v));
    return NULL;
}

static const char *kind_words(yw_entity_kind k) {
    switch (k) {
    case YW_ENTITY_COMPANY: return "有限责任公司";
    case YW_ENTITY_INDIVIDUAL: return "个体工商户";
    case YW_ENTITY_COOPERATIVE: return "农民专业合作社";
    case YW_ENTITY_BRANCH: return "分公司";
    }
    return "";
}

/* The type's fields as the case's form (and, for an enterprise, the registry) give them: a
 * JSON object text of the keys that have a value. */
static const char *fields_of(yw_op *op, const yw_cert_type *t, json_t *form, const yw_entity *e) {
    json_t *type_fields = json_loads(t->fields, 0, NULL), *out = json_object();
    size_t i;
    json_t *f;
    json_array_foreach(type_fields, i, f) {
        const char *key = json_string_value(json_object_get(f, "key"));
        const char *v = form_text(op->arena, form, key);
        if (e) {
            if (strcmp(key, "entity.name") == 0) v = e->name;
            else if (strcmp(key, "legal_rep.name") == 0) v = e->legal_rep;
            else if (strcmp(key, "entity.established_on") == 0) v = e->established_on;
            else if (strcmp(key, "entity.kind") == 0) v = kind_words(e->kind);
        }
        if (v && *v) json_object_set_new(out, key, json_string(v));
    }
    char *dump = json_dumps(out, JSON_SORT_KEYS | JSON_COMPACT);
    const char *text = dump ? yw_arena_strdup(op->arena, dump) : NULL;
    free(dump);
    json_decref(out);
    json_decref(type_fields);
    return text;
}

/* Adds a sentence to the event's answer (the case keeps it as a note). */
static int say(yw_op *op, yw_event *ev, const char *words) {
    ev->answer = ev->answer ? yw_arena_printf(op->arena, "%s；%s", ev->answer, words) : words;
    return ev->answer ? 0 : yw_fail(op->err, YW_E_NOMEM, NULL);
}

int yw_cert_on_case_settled(yw_op *op, yw_event *ev) {
    const yw_case *c = ev->data;
    if (c->state != YW_CASE_COMPLETED && c->state != YW_CASE_PARTLY_COMPLETED) return 0;
    yw_op sys = *op;
    sys.actor = &yw_actor_system;
    json_t *form = json_loads(c->form ? c->form : "{}", 0, NULL);
    if (!form) form = json_object();
    yw_rows rows;
    int rc = 0;
    const char *base;
    if (yw_cert_base_url(op, NULL, &base) < 0) {
        json_decref(form);
        return -1;
    }
    if (yw_store_query(op->store, op->arena, "SELECT kind, name, id_number, uscc FROM accounts WHERE id = $1",
                       YW_ARGS(c->applicant_id), &rows, op->err) < 0) {
        json_decref(form);
        return -1;
    }
    const char *applicant_name = yw_rows_get(&rows, 0, 1), *applicant_idn = yw_rows_get(&rows, 0, 2),
               *applicant_uscc = yw_rows_get(&rows, 0, 3);
    const char *uscc = ev->uscc ? ev->uscc : form_text(op->arena, form, "entity.uscc");
    if (!uscc) uscc = applicant_uscc;
    for (int i = 0; i < c->ntasks && rc == 0; i++) {
        const yw_task *task = &c->tasks[i];
        if (task->state != YW_TASK_APPROVED || task->kind != YW_TASK_REVIEW) continue;
        /* the item at the version the case was submitted under */
        int version = 0;
        for (int k = 0; k < c->nitems; k++)
            if (strcmp(c->items[k].code, task->item_code) == 0) version = c->items[k].version;
        yw_item_view iv;
        if (yw_catalog_get(op, task->item_code, version, &iv) < 0) {
            rc = -1;
            break;
        }
        if (!iv.item.issues) continue;
        yw_cert_type t;
        if (yw_cert_type_get(op, iv.item.issues, "issues", &t) < 0) {
            rc = -1;
            break;
        }
        yw_cert_issue_in in = {.type = t.code, .account_id = c->applicant_id, .case_id = c->id,
                               .item_code = task->item_code, .base_url = base};
        yw_entity e;
        bool have_entity = false;
        yw_cert replaced;
        const char *replaced_fields = NULL, *replaced_name = NULL;
        if (strcmp(t.holder, "entity") == 0) {
            if (!uscc) {
                rc = say(op, ev, yw_arena_printf(op->arena, "电子证照：未签发%s（没有统一社会信用代码）", t.name));
                continue;
            }
            if (yw_entity_get(&sys, uscc, &e) == 0) have_entity = true;
            else if (op->err->code != YW_ERR_NOT_FOUND) {
                rc = -1;
                break;
            }
            in.holder_id = uscc;
            in.holder_name = have_entity ? e.name : form_text(op->arena, form, "entity.name");
            if (!in.holder_name) in.holder_name = applicant_name;
            /* a 营业执照 the enterprise already holds: the new one replaces it (变更登记) */
            if (strcmp(t.name, BUSINESS_LICENCE) == 0) {
                yw_cert held;
                bool found;
                const char *ids[] = {uscc, NULL};
                if (yw_cert_held(op, ids, t.name, &held, &found) < 0) {
                    rc = -1;
                    break;
                }
                if (found) {
                    int state;
                    if (yw_machine_lock(&sys, &cert_machine, held.id, &state) < 0) {
                        rc = -1;
                        break;
                    }
                    replaced = held;
                    replaced_fields = held.fields;
                    replaced_name = held.holder_name;
                    in.replaces = held.id;
                }
            }
        } else {
            if (!applicant_idn) {
                rc = say(op, ev, yw_arena_printf(op->arena, "电子证照：未签发%s（申请人没有公民身份号码）", t.name));
                continue;
            }
            in.holder_id = applicant_idn;
            in.holder_name = applicant_name;
        }
        in.fields = fields_of(op, &t, form, have_entity ? &e : NULL);
        yw_cert out;
        if (!in.fields || !in.holder_name) {
            rc = yw_fail(op->err, YW_E_NOMEM, NULL);
            break;
        }
        if (in.replaces && strcmp(in.fields, replaced_fields) == 0 && strcmp(in.holder_name, replaced_name) == 0) {
            /* the registry's change has re-issued it already (entity.changed): it is current */
            rc = say(op, ev, yw_arena_printf(op->arena, "电子证照：%s已是最新版本", t.name));
            continue;
        }
        if (in.replaces && cert_set_state(&sys, &replaced, YW_CERT_SUPERSEDED, "supersede", "变更登记，换发新版本") < 0) {
            rc = -1;
            break;
        }
        if (cert_write_new(&sys, &in, &t, &out) < 0) {
            rc = -1;
            break;
        }
        rc = say(op, ev, yw_arena_printf(op->arena, "电子证照：已签发%s（编号 %s）", t.name, out.number));
    }
    json_decref(form);
    return rc;
}

int yw_cert_on_entities_changed(yw_op *op, yw_event *ev) {
    if (!ev->nids) return 0;
    /* most registry writes touch enterprises without certificates: one look first */
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "SELECT 1 FROM certificates WHERE holder_kind = 'entity' AND state IN ('valid', 'suspended') LIMIT 1",
                       YW_NOARGS, &rows, op->err) < 0)
        return -1;
    if (!rows.nrows) return 0;
    yw_op sys = *op;
    sys.actor = &yw_actor_system;
    const char *base;
    if (yw_cert_base_url(op, NULL, &base) < 0) return -1;
    char *sql = yw_arena_printf(op->arena, "%s WHERE c.holder_id = $1 AND c.state IN ('valid', 'suspended')", cert_select);
    if (!sql) return yw_fail(op->err, YW_E_NOMEM, NULL);
    /* which of the changed enterprises hold certificates: a few ids a query (an import changes
     * thousands at once, and most hold none) */
    enum { CHUNK = 60 };
    bool *holds = yw_arena_calloc(op->arena, (size_t)ev->nids, sizeof *holds);
    if (!holds) return yw_fail(op->err, YW_E_NOMEM, NULL);
    for (int from = 0; from < ev->nids; from += CHUNK) {
        int n = ev->nids - from < CHUNK ? ev->nids - from : CHUNK;
        yw_buf q;
        yw_buf_init(&q, op->arena);
        yw_buf_puts(&q, "SELECT DISTINCT holder_id FROM certificates WHERE holder_kind = 'entity'"
                        " AND state IN ('valid', 'suspended') AND holder_id IN (");
        yw_param params[CHUNK];
        for (int k = 0; k < n; k++) {
            yw_buf_printf(&q, "%s$%d", k ? ", " : "", k + 1);
            params[k] = YW_TEXT_P(ev->ids[from + k]);
        }
        yw_buf_putc(&q, ')');
        if (q.failed) return yw_fail(op->err, YW_E_NOMEM, NULL);
        if (yw_store_run(op->store, op->arena, q.data, n, params, &rows, NULL, op->err) < 0) return -1;
        for (int r = 0; r < rows.nrows; r++)
            for (int k = 0; k < n; k++)
                if (strcmp(yw_rows_get(&rows, r, 0), ev->ids[from + k]) == 0) holds[from + k] = true;
    }
    for (int i = 0; i < ev->nids; i++) {
        if (!holds[i]) continue;
        yw_cert *held;
        if (yw_store_query(op->store, op->arena, sql, YW_ARGS(ev->ids[i]), &rows, op->err) < 0 ||
            cert_fill(op, &rows, &held) < 0)
            return -1;
        if (!rows.nrows) continue;
        int n = rows.nrows;
        yw_entity e;
        if (yw_entity_get(&sys, ev->ids[i], &e) < 0) {
            if (op->err->code == YW_ERR_NOT_FOUND) continue;
            return -1;
        }
        for (int k = 0; k < n; k++) {
            yw_cert *c = &held[k];
            int state;
            if (yw_machine_lock(&sys, &cert_machine, c->id, &state) < 0) return -1;
            if (e.status == YW_ENTITY_DEREGISTERED) {
                if (cert_set_state(&sys, c, YW_CERT_REVOKED, "revoke", "市场主体已注销") < 0) return -1;
                continue;
            }
            if (strcmp(c->type_name, BUSINESS_LICENCE) != 0) continue;
            /* the registry's record printed on the licence: a new version when it changed */
            json_t *f = json_loads(c->fields, 0, NULL);
            const char *name = json_string_value(json_object_get(f, "entity.name"));
            const char *rep = json_string_value(json_object_get(f, "legal_rep.name"));
            bool same = name && rep && strcmp(name, e.name) == 0 && strcmp(rep, e.legal_rep) == 0 &&
                        strcmp(c->holder_name, e.name) == 0;
            json_t *form = json_deep_copy(f);
            json_decref(f);
            if (same) {
                json_decref(form);
                continue;
            }
            yw_cert_type t;
            if (yw_cert_type_get(op, c->type_code, "type", &t) < 0 ||
                cert_set_state(&sys, c, YW_CERT_SUPERSEDED, "supersede", "登记事项变更，换发新版本") < 0) {
                json_decref(form);
                return -1;
            }
            yw_cert_issue_in in = {.type = t.code, .holder_id = c->holder_id, .holder_name = e.name,
                                   .account_id = c->account_id, .fields = fields_of(op, &t, form, &e),
                                   .replaces = c->id, .base_url = base, .reason = "登记事项变更"};
            json_decref(form);
            if (!in.fields) return yw_fail(op->err, YW_E_NOMEM, NULL);
            if (cert_write_new(&sys, &in, &t, NULL) < 0) return -1;
        }
    }
    return 0;
}
