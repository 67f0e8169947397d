/* /api/v1/entities: the market-entity registry. Staff search it and read any entity; an
 * enterprise account reads its own record by its USCC (the domain checks both). The regulators
 * (officers of QD-SCJG) and admins write it: registration, change, and the lifecycle's steps —
 * dormancy, deregistration with its objection, the abnormal list — each the domain's function
 * (domain/entity/entity.h), which checks the role and the state. The notices of 简易注销 are
 * public (/api/v1/dereg-notices): anyone reads them and files an objection without logging in,
 * which the regulators read and decide (/api/v1/dereg-objections). Every write matches the entity
 * against the policies in its transaction (the watcher `yiwang serve` registers); staff can also
 * run that matching for one entity. */
#include <string.h>

#include "../domain/entity/entity.h"
#include "../domain/policy/policy.h"
#include "../domain/upload/upload.h"
#include "../std/industry.h"
#include "../std/region.h"
#include "http.h"

/* The members of an entity's object; the caller opens and closes it. */
static void render_members(yw_jw *w, yw_arena *a, const yw_entity *e) {
    yw_jw_kstr(w, "uscc", e->uscc);
    yw_jw_kstr(w, "name", e->name);
    yw_jw_kstr(w, "kind", yw_enum_to_text(yw_entity_kinds, (int)e->kind));
    yw_jw_kstr(w, "legal_rep", e->legal_rep);
    yw_jw_kint(w, "capital_fen", e->capital_fen);
    yw_jw_kstr(w, "industry", e->industry);
    const yw_industry *ind = yw_industry_find(e->industry && e->industry[0] && e->industry[1]
                                                  ? yw_arena_strndup(a, e->industry, 2)
                                                  : e->industry);
    yw_jw_kstr(w, "industry_name", ind ? ind->name : NULL);
    yw_jw_kstr(w, "region", e->region);
    const yw_region *reg = yw_region_find(e->region);
    yw_jw_kstr(w, "region_name", reg ? reg->name : NULL);
    yw_jw_kstr(w, "established_on", e->established_on);
    yw_jw_kstr(w, "scale", yw_enum_to_text(yw_entity_scales, (int)e->scale));
    yw_jw_kint(w, "employees", e->employees);
    yw_jw_kint(w, "revenue_fen", e->revenue_fen);
    yw_jw_kint(w, "rd_ratio_bp", e->rd_ratio_bp);
    yw_jw_key(w, "labels");
    yw_jw_arr(w);
    for (const yw_entity_label *l = yw_entity_labels_current(); l->code; l++)
        if (e->labels & l->bit) yw_jw_str(w, l->code);
    yw_jw_end(w);
    yw_jw_kstr(w, "credit", yw_enum_to_text(yw_entity_credits, (int)e->credit));
    yw_jw_kstr(w, "bank_name", e->bank_name);
    yw_jw_kstr(w, "bank_account", e->bank_account); /* masked by the domain for whom it must be */
    yw_jw_kstr(w, "status", yw_enum_to_text(yw_entity_statuses, (int)e->status));
    yw_jw_kstr(w, "dormant_until", e->dormant_until);
    yw_jw_kstr(w, "service_address", e->service_address);
    yw_jw_kstr(w, "abnormal_reason", e->abnormal_reason);
    yw_jw_kstr(w, "notice_until", e->notice_until);
    yw_jw_kstr(w, "deregistered_on", e->deregistered_on);
    yw_jw_kstr(w, "updated_at", e->updated_at);
}

/* The latest deregistration begun: its mode and state, reason, the document it rests on (read
 * by staff through GET /api/v1/uploads/{sha256}) or the case, the notice's days and office. */
static void render_dereg(yw_jw *w, const yw_dereg_record *r) {
    yw_jw_obj(w);
    yw_jw_kstr(w, "id", r->id);
    yw_jw_kstr(w, "mode", r->mode);
    yw_jw_kstr(w, "state", r->state);
    yw_jw_kstr(w, "reason", r->reason);
    yw_jw_key(w, "document");
    if (r->document_sha256) {
        yw_jw_obj(w);
        yw_jw_kstr(w, "sha256", r->document_sha256);
        yw_jw_kstr(w, "name", r->document_name);
        yw_jw_kstr(w, "media_type", r->document_type);
        yw_jw_kint(w, "size", r->document_size);
        yw_jw_end(w);
    } else {
        yw_jw_null(w);
    }
    yw_jw_kstr(w, "case_id", r->case_id);
    yw_jw_kstr(w, "office", r->office);
    yw_jw_kstr(w, "started_on", r->started_on);
    yw_jw_kstr(w, "notice_until", r->notice_until);
    yw_jw_kstr(w, "created_by", r->created_by);
    yw_jw_kstr(w, "created_at", r->created_at);
    yw_jw_end(w);
}

/* {"entities":[…], "total"} — total left out when negative (a list that is whole). */
static int reply_entities(yw_http_ctx *c, const yw_entity *list, int n, int64_t total, yw_err *err) {
    if (yw_entity_labels_sync(&c->op) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "entities");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        yw_jw_obj(&w);
        render_members(&w, c->arena, &list[i]);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    if (total >= 0) yw_jw_kint(&w, "total", total);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int list_entities(yw_http_ctx *c, yw_err *err) {
    yw_entity_query q = {
        .q = yw_query_str(c, "q"),
        .region = yw_query_str(c, "region"),
        .industry = yw_query_str(c, "industry"),
        .label = yw_query_str(c, "label"),
        .status = yw_query_str(c, "status"),
        .limit = (int)yw_query_int(c, "limit", 50),
        .offset = (int)yw_query_int(c, "offset", 0),
    };
    yw_entity *list;
    int n;
    int64_t total;
    if (yw_entity_search(&c->op, &q, &list, &n, &total) < 0) return -1;
    return reply_entities(c, list, n, total, err);
}

static int get_entity(yw_http_ctx *c, yw_err *err) {
    yw_entity e;
    yw_entity_change_row *changes;
    int n;
    yw_dereg_record dereg;
    bool has_dereg;
    if (yw_entity_get(&c->op, c->params[0], &e) < 0 ||
        yw_entity_history(&c->op, e.uscc, (int)yw_query_int(c, "changes", 50), &changes, &n) < 0 ||
        yw_entity_dereg_latest(&c->op, e.uscc, &dereg, &has_dereg) < 0)
        return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    render_members(&w, c->arena, &e);
    yw_jw_key(&w, "deregistration");
    if (has_dereg)
        render_dereg(&w, &dereg);
    else
        yw_jw_null(&w);
    yw_jw_key(&w, "changes");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "field", changes[i].field);
        yw_jw_kstr(&w, "before", changes[i].before);
        yw_jw_kstr(&w, "after", changes[i].after);
        yw_jw_kstr(&w, "at", changes[i].at);
        yw_jw_kstr(&w, "by", changes[i].by);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

/* The member object of an entity's reply. */
static int reply_entity(yw_http_ctx *c, int status, const yw_entity *e, yw_err *err) {
    if (yw_entity_labels_sync(&c->op) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    render_members(&w, c->arena, e);
    yw_jw_end(&w);
    return yw_http_reply_json(c, status, &b, err);
}

/* The registered fields of the body into e: all of them, as the CSV has them (a change replaces
 * them whole, so nothing is filled in silently); labels an array of codes or names, none when
 * absent. */
static int body_entity(yw_http_ctx *c, const char *uscc, yw_entity *e) {
    if (yw_entity_labels_sync(&c->op) < 0) return -1; /* a label the city added on another server */
    const char *kind = yw_body_str(c, "kind"), *scale = yw_body_str(c, "scale"), *credit = yw_body_str(c, "credit");
    *e = (yw_entity){
        .uscc = uscc,
        .name = yw_body_str(c, "name"),
        .legal_rep = yw_body_str(c, "legal_rep"),
        .industry = yw_body_str(c, "industry"),
        .region = yw_body_str(c, "region"),
        .established_on = yw_body_str(c, "established_on"),
        .kind = (yw_entity_kind)yw_enum_from_text(yw_entity_kinds, kind ? kind : "company"),
        .capital_fen = yw_body_int(c, "capital_fen", 0),
        .scale = (yw_entity_scale)yw_enum_from_text(yw_entity_scales, scale ? scale : "micro"),
        .employees = (int)yw_body_int(c, "employees", 0),
        .revenue_fen = yw_body_int(c, "revenue_fen", 0),
        .rd_ratio_bp = (int)yw_body_int(c, "rd_ratio_bp", 0),
        .credit = (yw_entity_credit)yw_enum_from_text(yw_entity_credits, credit ? credit : "B"),
        .bank_name = yw_body_str(c, "bank_name"),       /* neither: a change keeps them */
        .bank_account = yw_body_str(c, "bank_account"),
    };
    const char **labels = yw_body_str_array(c, "labels");
    yw_buf b;
    yw_buf_init(&b, c->arena);
    for (int i = 0; labels && labels[i]; i++) {
        if (i) yw_buf_putc(&b, '|');
        yw_buf_puts(&b, labels[i]);
    }
    if (b.failed) return yw_fail(c->op.err, YW_E_NOMEM, NULL);
    return yw_entity_labels_parse(b.len ? b.data : "", &e->labels, "labels", c->op.err);
}

static int register_entity(yw_http_ctx *c, yw_err *err) {
    yw_entity in, out;
    if (body_entity(c, yw_body_str(c, "uscc"), &in) < 0 || yw_entity_register(&c->op, &in, &out) < 0) return -1;
    return reply_entity(c, 201, &out, err);
}

static int change_entity(yw_http_ctx *c, yw_err *err) {
    yw_entity in, out;
    int changed;
    if (body_entity(c, c->params[0], &in) < 0 || yw_entity_change(&c->op, &in, &out, &changed) < 0) return -1;
    return reply_entity(c, 200, &out, err);
}

static int dormancy(yw_http_ctx *c, bool renew, yw_err *err) {
    yw_dormancy_in in = {c->params[0], yw_body_str(c, "until"), yw_body_str(c, "service_address")};
    yw_entity out;
    if ((renew ? yw_entity_dormancy_renew : yw_entity_dormancy_begin)(&c->op, &in, &out) < 0) return -1;
    return reply_entity(c, 200, &out, err);
}
static int dormancy_begin(yw_http_ctx *c, yw_err *err) { return dormancy(c, false, err); }
static int dormancy_renew(yw_http_ctx *c, yw_err *err) { return dormancy(c, true, err); }

static int dormancy_end(yw_http_ctx *c, yw_err *err) {
    yw_entity out;
    if (yw_entity_dormancy_end(&c->op, c->params[0], &out) < 0) return -1;
    return reply_entity(c, 200, &out, err);
}

/* The entity as it is after a deregistration, and what happened in words (`outcome`): a
 * notice said as a notice with its last day, never as 已注销. */
static int deregister(yw_http_ctx *c, yw_err *err) {
    const char *mode = yw_body_str(c, "mode");
    yw_dereg_in in = {c->params[0], (yw_dereg_mode)yw_enum_from_text(yw_dereg_modes, mode ? mode : "ordinary"),
                      yw_body_str(c, "reason"), yw_body_str(c, "document"), NULL};
    yw_entity out;
    if (yw_entity_deregister(&c->op, &in, &out) < 0 || yw_entity_labels_sync(&c->op) < 0) return -1;
    const char *words = yw_entity_dereg_words(c->arena, &out, c->english);
    if (!words) return yw_fail(err, YW_E_NOMEM, NULL);
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    render_members(&w, c->arena, &out);
    yw_jw_kstr(&w, "outcome", words);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int dereg_object(yw_http_ctx *c, yw_err *err) {
    yw_entity out;
    if (yw_entity_dereg_object(&c->op, c->params[0], yw_body_str(c, "reason"), &out) < 0) return -1;
    return reply_entity(c, 200, &out, err);
}

static int dereg_complete(yw_http_ctx *c, yw_err *err) {
    yw_entity out;
    if (yw_entity_dereg_complete(&c->op, c->params[0], &out) < 0) return -1;
    return reply_entity(c, 200, &out, err);
}

static int abnormal_add(yw_http_ctx *c, yw_err *err) {
    yw_entity out;
    if (yw_entity_abnormal_add(&c->op, c->params[0], yw_body_str(c, "reason"), &out) < 0) return -1;
    return reply_entity(c, 200, &out, err);
}

static int abnormal_remove(yw_http_ctx *c, yw_err *err) {
    yw_entity out;
    if (yw_entity_abnormal_remove(&c->op, c->params[0], yw_body_str(c, "reason"), &out) < 0) return -1;
    return reply_entity(c, 200, &out, err);
}

static int lapsing(yw_http_ctx *c, yw_err *err) {
    yw_entity *list;
    int n;
    if (yw_entity_dormancies_lapsing(&c->op, (int)yw_query_int(c, "days", 30), &list, &n) < 0) return -1;
    return reply_entities(c, list, n, -1, err);
}

/* Staff: matching for this one entity now, as a change of it does. */
static int match_entity(yw_http_ctx *c, yw_err *err) {
    yw_match_report r = {0};
    if (yw_policy_match_entity(&c->op, c->params[0], &r) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "uscc", c->params[0]);
    yw_jw_kint(&w, "matches", r.matches);
    yw_jw_kint(&w, "grants_created", r.grants_created);
    yw_jw_kint(&w, "eligible", r.eligible);
    yw_jw_kint(&w, "no_longer_eligible", r.stale_removed);
    yw_jw_kint(&w, "messages", r.messages);
    yw_jw_kint(&w, "rule_errors", r.rule_errors);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

/* ---- the public notices of 简易注销 and their objections ---- */

static int list_notices(yw_http_ctx *c, yw_err *err) {
    yw_dereg_notice *list;
    int n;
    int64_t total;
    if (yw_entity_notices(&c->op, (int)yw_query_int(c, "limit", 20), (int)yw_query_int(c, "offset", 0), &list, &n,
                          &total) < 0)
        return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "notices");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "uscc", list[i].uscc);
        yw_jw_kstr(&w, "name", list[i].name);
        yw_jw_kstr(&w, "started_on", list[i].started_on);
        yw_jw_kstr(&w, "notice_until", list[i].notice_until);
        yw_jw_kstr(&w, "office", list[i].office);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_kint(&w, "total", total);
    yw_jw_kint(&w, "notice_days", YW_DEREG_NOTICE_DAYS);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

/* An objection: everything to the regulators; to the objector (`mine`) what it is and its
 * receipt, nothing of who they are echoed back. */
static void render_objection(yw_jw *w, const yw_objection *o, bool mine) {
    yw_jw_obj(w);
    if (!mine) yw_jw_kstr(w, "id", o->id);
    yw_jw_kstr(w, "receipt", o->receipt);
    yw_jw_kstr(w, "uscc", o->uscc);
    yw_jw_kstr(w, "entity_name", o->entity_name);
    yw_jw_kstr(w, "notice_until", o->notice_until);
    yw_jw_kstr(w, "state", yw_enum_to_text(yw_objection_states, (int)o->state));
    yw_jw_kstr(w, "created_at", o->created_at);
    if (!mine) {
        yw_jw_kstr(w, "reason", o->reason);
        yw_jw_kstr(w, "objector", o->objector);
        yw_jw_kstr(w, "contact", o->contact);
        yw_jw_kstr(w, "decision_note", o->decision_note);
        yw_jw_kstr(w, "decided_by", o->decided_by);
        yw_jw_kstr(w, "decided_at", o->decided_at);
    }
    yw_jw_end(w);
}

static int file_objection(yw_http_ctx *c, yw_err *err) {
    yw_objection_in in = {c->params[0], yw_body_str(c, "reason"), yw_body_str(c, "name"), yw_body_str(c, "contact"),
                          c->client_address};
    yw_objection o;
    if (yw_entity_objection_file(&c->op, &in, &o) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    render_objection(&w, &o, true);
    return yw_http_reply_json(c, 201, &b, err);
}

static int list_objections(yw_http_ctx *c, yw_err *err) {
    yw_objection *list;
    int n;
    if (yw_entity_objections(&c->op, c->params[0], &list, &n) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "objections");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) render_objection(&w, &list[i], false);
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int get_objection(yw_http_ctx *c, yw_err *err) {
    yw_objection o;
    if (yw_entity_objection_get(&c->op, c->params[0], &o) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    render_objection(&w, &o, false);
    return yw_http_reply_json(c, 200, &b, err);
}

/* {"objection": …, "entity": …}: both as the decision left them. */
static int decide_objection(yw_http_ctx *c, yw_err *err) {
    const char *decision = yw_body_str(c, "decision");
    yw_objection_decision in = {c->params[0], decision && strcmp(decision, "upheld") == 0, yw_body_str(c, "reason")};
    yw_objection o;
    yw_entity e;
    if (yw_entity_objection_decide(&c->op, &in, &o, &e) < 0 || yw_entity_labels_sync(&c->op) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "objection");
    render_objection(&w, &o, false);
    yw_jw_key(&w, "entity");
    yw_jw_obj(&w);
    render_members(&w, c->arena, &e);
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static const char *const decisions[] = {"upheld", "dismissed", NULL};
static const yw_field_spec notices_query[] = {YW_INT("limit", false, 1, YW_NOTICE_LIST_MAX),
                                              YW_INT("offset", false, 0, 100000000), YW_END};
/* not required here: the domain names each missing one in words of its own */
static const yw_field_spec objection_body[] = {YW_TEXT("reason", false, YW_OBJECTION_REASON_MAX * 4),
                                               YW_STR("name", false, YW_OBJECTION_NAME_MAX * 4),
                                               YW_STR("contact", false, YW_OBJECTION_CONTACT_MAX), YW_END};
static const yw_field_spec decision_body[] = {YW_ENUM("decision", true, decisions),
                                              YW_TEXT("reason", false, YW_ENTITY_REASON_MAX), YW_END};

#define ENTITY_FIELDS                                                                                         \
    YW_STR("name", true, YW_ENTITY_NAME_MAX), YW_ENUM("kind", true, yw_entity_kind_texts),                    \
        YW_STR("legal_rep", true, YW_ENTITY_REP_MAX), YW_INT("capital_fen", true, 0, YW_ENTITY_AMOUNT_MAX),   \
        YW_STR("industry", true, 4), YW_STR("region", true, 6), YW_STR("established_on", true, 10),          \
        YW_ENUM("scale", true, yw_entity_scale_texts), YW_INT("employees", true, 0, YW_ENTITY_EMPLOYEES_MAX), \
        YW_INT("revenue_fen", true, 0, YW_ENTITY_AMOUNT_MAX), YW_INT("rd_ratio_bp", true, 0, YW_ENTITY_RD_RATIO_MAX), \
        YW_STRS("labels", false, 8), YW_ENUM("credit", true, yw_entity_credit_texts),                          \
        YW_STR("bank_name", false, YW_ENTITY_BANK_MAX), YW_STR("bank_account", false, YW_ENTITY_ACCOUNT_MAX)
static const yw_field_spec register_body[] = {YW_STR("uscc", true, 18), ENTITY_FIELDS, YW_END};
static const yw_field_spec change_body[] = {ENTITY_FIELDS, YW_END};
static const yw_field_spec dormancy_body[] = {YW_STR("until", true, 10),
                                              YW_TEXT("service_address", true, YW_ENTITY_ADDRESS_MAX), YW_END};
static const yw_field_spec dereg_body[] = {YW_ENUM("mode", true, yw_dereg_mode_texts),
                                           YW_TEXT("reason", false, YW_ENTITY_REASON_MAX),
                                           YW_STR("document", false, YW_SHA256_HEX_SIZE - 1), YW_END};
static const yw_field_spec reason_body[] = {YW_TEXT("reason", true, YW_ENTITY_REASON_MAX), YW_END};
static const yw_field_spec lapsing_query[] = {YW_INT("days", false, 0, YW_ENTITY_LAPSING_MAX_DAYS), YW_END};

static const yw_field_spec entities_query[] = {
    YW_STR("q", false, YW_ENTITY_QUERY_MAX),
    YW_STR("region", false, 6),
    YW_STR("industry", false, 4),
    YW_STR("label", false, 64),
    YW_ENUM("status", false, yw_entity_status_texts),
    YW_INT("limit", false, 1, YW_ENTITY_LIST_MAX),
    YW_INT("offset", false, 0, 100000000),
    YW_END,
};
static const yw_field_spec entity_query[] = {YW_INT("changes", false, 1, YW_ENTITY_LIST_MAX), YW_END};

/* The labels (认定标签) the city has defined, and a new one (administrators). */
static void render_label(yw_jw *w, const yw_entity_label *l) {
    yw_jw_obj(w);
    yw_jw_kstr(w, "code", l->code);
    yw_jw_kstr(w, "name", l->name);
    yw_jw_end(w);
}

static int list_labels(yw_http_ctx *c, yw_err *err) {
    if (yw_entity_labels_sync(&c->op) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "labels");
    yw_jw_arr(&w);
    for (const yw_entity_label *l = yw_entity_labels_current(); l->code; l++) render_label(&w, l);
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

/* The record's fields as the policy editor lists them: name, type, Chinese and English names,
 * unit and the stored value per unit, an enumeration's values (entity.h: yw_entity_fields). */
static int list_fields(yw_http_ctx *c, yw_err *err) {
    static const char *const types[] = {[YW_FIELD_NUMBER] = "number", [YW_FIELD_TEXT] = "text",
                                        [YW_FIELD_CODE] = "code", [YW_FIELD_LIST] = "list"};
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "fields");
    yw_jw_arr(&w);
    for (const yw_entity_field *f = yw_entity_fields(); f->name; f++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "name", f->name);
        yw_jw_kstr(&w, "type", types[f->type]);
        yw_jw_kstr(&w, "zh", f->zh);
        yw_jw_kstr(&w, "en", f->en);
        yw_jw_kstr(&w, "unit_zh", f->unit_zh);
        yw_jw_kstr(&w, "unit_en", f->unit_en);
        yw_jw_kint(&w, "per_unit", f->per_unit);
        yw_jw_key(&w, "values");
        if (f->values) {
            yw_jw_arr(&w);
            for (const char *const *v = f->values; *v; v++) yw_jw_str(&w, *v);
            yw_jw_end(&w);
        } else {
            yw_jw_null(&w);
        }
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int create_label(yw_http_ctx *c, yw_err *err) {
    yw_entity_label l;
    if (yw_entity_label_create(&c->op, yw_body_str(c, "code"), yw_body_str(c, "name"), &l) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    render_label(&w, &l);
    return yw_http_reply_json(c, 201, &b, err);
}

static const yw_field_spec label_body[] = {YW_STR("code", true, 32), YW_STR("name", true, 128), YW_END};

const yw_route yw_api_entity_routes[] = {
    {"GET", "/api/v1/entity-labels", list_labels, YW_AUTH_PUBLIC, YW_READ, NULL, NULL, NULL},
    {"GET", "/api/v1/entity-fields", list_fields, YW_AUTH_PUBLIC, YW_READ, NULL, NULL, NULL},
    {"POST", "/api/v1/entity-labels", create_label, YW_AUTH_LOGIN, YW_WRITE, label_body, NULL, NULL},
    {"GET", "/api/v1/entities", list_entities, YW_AUTH_LOGIN, YW_READ, NULL, entities_query, NULL},
    {"GET", "/api/v1/entities/:uscc", get_entity, YW_AUTH_LOGIN, YW_READ, NULL, entity_query, NULL},
    {"POST", "/api/v1/entities", register_entity, YW_AUTH_LOGIN, YW_WRITE, register_body, NULL, NULL},
    {"PUT", "/api/v1/entities/:uscc", change_entity, YW_AUTH_LOGIN, YW_WRITE, change_body, NULL, NULL},
    {"POST", "/api/v1/entities/:uscc/dormancy", dormancy_begin, YW_AUTH_LOGIN, YW_WRITE, dormancy_body, NULL, NULL},
    {"POST", "/api/v1/entities/:uscc/dormancy/renew", dormancy_renew, YW_AUTH_LOGIN, YW_WRITE, dormancy_body, NULL, NULL},
    {"POST", "/api/v1/entities/:uscc/dormancy/end", dormancy_end, YW_AUTH_LOGIN, YW_WRITE, NULL, NULL, NULL},
    {"POST", "/api/v1/entities/:uscc/deregistration", deregister, YW_AUTH_LOGIN, YW_WRITE, dereg_body, NULL, NULL},
    {"POST", "/api/v1/entities/:uscc/deregistration/objection", dereg_object, YW_AUTH_LOGIN, YW_WRITE, reason_body, NULL, NULL},
    {"POST", "/api/v1/entities/:uscc/deregistration/complete", dereg_complete, YW_AUTH_LOGIN, YW_WRITE, NULL, NULL, NULL},
    {"POST", "/api/v1/entities/:uscc/abnormal", abnormal_add, YW_AUTH_LOGIN, YW_WRITE, reason_body, NULL, NULL},
    {"POST", "/api/v1/entities/:uscc/abnormal/remove", abnormal_remove, YW_AUTH_LOGIN, YW_WRITE, reason_body, NULL, NULL},
    {"POST", "/api/v1/entities/:uscc/match", match_entity, YW_AUTH_LOGIN, YW_WRITE, NULL, NULL, NULL},
    {"GET", "/api/v1/entity-dormancies", lapsing, YW_AUTH_LOGIN, YW_READ, NULL, lapsing_query, NULL},
    {"GET", "/api/v1/entities/:uscc/objections", list_objections, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {"GET", "/api/v1/dereg-objections/:id", get_objection, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {"POST", "/api/v1/dereg-objections/:id/decision", decide_objection, YW_AUTH_LOGIN, YW_WRITE, decision_body, NULL, NULL},
    /* public: the notices anyone reads, and an objection anyone files */
    {"GET", "/api/v1/dereg-notices", list_notices, YW_AUTH_PUBLIC, YW_READ, NULL, notices_query, NULL},
    {"POST", "/api/v1/dereg-notices/:uscc/objections", file_objection, YW_AUTH_PUBLIC, YW_WRITE, objection_body, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
